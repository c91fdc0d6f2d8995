"""The invitation e-mail in your own words (issue #18 item 8), and `invites --eml` touching only its own files
(issue #22 item 1): checked on the .eml files written, read back with Python's e-mail parser."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest

from conftest import run_eventkit
from test_cancellations import EVENT


@pytest.fixture
def event_file(tmp_path) -> Path:
    text = EVENT.replace(
        'timezone = "Europe/Vienna"\n',
        'timezone = "Europe/Vienna"\ninvitation_note = """\n'
        "Register at [the portal](https://reg.example.org/consult) before **1 May**.\n\n"
        '<script>alert(1)</script> [local](file:///etc/passwd)\n"""\n',
        1,
    )
    text = text.replace(
        'name = "Dan Dorn"\n', 'name = "Dan Dorn"\ninvitation_note = "Your visa letter follows separately."\n', 1
    )
    path = tmp_path / "consult.toml"
    path.write_text(text, encoding="utf-8")
    return path


def read(path: Path) -> tuple[str, str]:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    return message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()


def test_the_events_and_the_persons_own_words_in_text_and_html(event_file):
    out = event_file.parent / "out"
    done = run_eventkit("invites", event_file, "-o", out, "--eml", "--per-session")
    assert done.returncode == 0, done.stderr
    text, html = read(out / "mail" / "dan@example.org.eml")
    assert "Register at the portal (https://reg.example.org/consult) before 1 May." in text
    assert "Your visa letter follows separately." in text and "**" not in text
    assert '<a href="https://reg.example.org/consult">the portal</a>' in html and "<strong>1 May</strong>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html  # raw HTML stays text
    assert 'href="file:' not in html  # only http(s) and mailto become links
    other_text, _ = read(out / "mail" / "ana@example.org.eml")
    assert "Register at the portal" in other_text and "visa letter" not in other_text
    session_text, _ = read(out / "mail" / "sessions" / "s1" / "ana@example.org.eml")
    assert "Register at the portal" in session_text and "session \u201cOpening\u201d" in session_text


def test_eml_removes_only_what_it_wrote(event_file):
    out = event_file.parent / "out"
    letter = out / "mail" / "2020" / "letter.eml"
    letter.parent.mkdir(parents=True)
    letter.write_bytes(b"From: me@example.org\r\nSubject: a letter of my own\r\n\r\nKeep me.\r\n")
    first = run_eventkit("invites", event_file, "-o", out, "--eml")
    assert first.returncode == 0, first.stderr
    assert (
        letter.read_bytes().endswith(b"Keep me.\r\n") and "left alone" in first.stderr and "letter.eml" in first.stderr
    )
    # Eva leaves the event: her e-mail (written by eventkit, unchanged) goes; Dan's, edited by hand, stays
    (out / "mail" / "dan@example.org.eml").write_bytes(b"edited by hand\r\n")
    text = event_file.read_text(encoding="utf-8")
    for person in (
        '[people.eva]\nname = "Eva Ernst"\nemail = "eva@example.org"\n',
        '[people.dan]\nname = "Dan Dorn"\ninvitation_note = "Your visa letter follows separately."\n'
        'email = "dan@example.org"\n',
    ):
        assert person in text
        text = text.replace(person, "")
    event_file.write_text(text, encoding="utf-8")
    assert run_eventkit("invites", event_file, "-o", out).returncode == 0  # a run without --eml forgets nothing
    second = run_eventkit("invites", event_file, "-o", out, "--eml")
    assert second.returncode == 0, second.stderr
    assert not (out / "mail" / "eva@example.org.eml").exists() and "removed 1 file" in second.stdout
    assert (out / "mail" / "dan@example.org.eml").read_bytes() == b"edited by hand\r\n" and letter.exists()


def test_a_file_of_the_users_in_the_way_is_named_and_nothing_is_written(event_file):
    out = event_file.parent / "out"
    mine = out / "mail" / "ana@example.org.eml"
    mine.parent.mkdir(parents=True)
    mine.write_bytes(b"my own draft to Ana\r\n")
    done = run_eventkit("invites", event_file, "-o", out, "--eml")
    assert done.returncode == 1 and "ana@example.org.eml: is a file eventkit did not write" in done.stderr
    assert mine.read_bytes() == b"my own draft to Ana\r\n" and not (out / "invite.ics").exists()
