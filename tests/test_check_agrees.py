"""The minor items of #22 (item 8): what `check` accepts every command handles, and the errors of the rest are
located where the user looks -- an organiser without e-mail, [[people]], IANA names without a slash, `-o ''`,
an unreadable event file, a deep array written over many lines."""

from __future__ import annotations

import os
import tomllib

import pytest

from conftest import run_eventkit
from test_hardening import EVENT, line_of, one_located_error
from test_input_limits import event_with, run_without_root_override


def test_an_organiser_without_e_mail_checks_with_a_warning_and_builds_without_invite_ics(tmp_path):
    path = event_with(tmp_path, 'email = "office@example.org"\n', "")
    done = run_eventkit("check", path)
    assert done.returncode == 0 and "warning: organisers[1]: the first organiser has no e-mail" in done.stderr
    assert "build makes the documents without invite.ics" in done.stderr

    out = tmp_path / "out"
    with_email = event_with(tmp_path, "Hardening test", "Hardening test", name="with-email.toml")
    assert run_eventkit("build", with_email, "-o", out, "--format", "html").returncode == 0
    assert (out / "invite.ics").is_file()
    (out / "mine.ics").write_text("a calendar of the user's own")
    done = run_eventkit("build", path, "-o", out, "--format", "html")
    assert done.returncode == 0, done.stderr
    assert f"{out}/: warning: invite.ics not written: calendar invites need the organiser's e-mail" in done.stderr
    assert "the invite.ics of the last build was removed" in done.stderr
    assert not (out / "invite.ics").exists() and (out / "mine.ics").is_file()
    assert sorted(p.name for p in out.glob("*.html")) == [
        "agenda.html",
        "concept-note.html",
        "participants.html",
        "report.html",
        "speakers.html",
    ]
    done = run_eventkit("invites", path, "-o", tmp_path / "invites")
    assert done.returncode == 1 and "calendar invites need the organiser's e-mail" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_invite_ics_edited_by_hand_is_not_removed(tmp_path):
    out = tmp_path / "out"
    with_email = event_with(tmp_path, "Hardening test", "Hardening test", name="with-email.toml")
    assert run_eventkit("build", with_email, "-o", out, "--format", "html").returncode == 0
    (out / "invite.ics").write_text("edited by hand")
    done = run_eventkit(
        "build", event_with(tmp_path, 'email = "office@example.org"\n', ""), "-o", out, "--format", "html"
    )
    assert done.returncode == 0 and "was removed" not in done.stderr
    assert (out / "invite.ics").read_text() == "edited by hand"


def test_people_written_as_an_array_of_tables_is_located_at_its_header(tmp_path):
    start, end = EVENT.index("[people.held]"), EVENT.index("[[agenda]]")
    text = EVENT[:start] + '[[people]]\nname = "Renate Held"\n\n' + EVENT[end:]
    path = tmp_path / "event.toml"
    path.write_text(text, encoding="utf-8")
    done = run_eventkit("check", path)
    first = done.stderr.splitlines()[0]
    assert first.startswith(f"{path}:{line_of(text, '[[people]]')}:1: people: expected a table, got a list"), first
    assert "write one [people.<id>] table each, e.g. [people.held], not [[people]]" in first


@pytest.mark.parametrize("zone", ["CET", "GMT", "EST5EDT", "UTC", "Etc/GMT-4"])
def test_iana_names_without_a_city_are_valid_zones(tmp_path, zone):
    path = event_with(tmp_path, 'timezone = "Europe/Vienna"', f'timezone = "{zone}"\ndisplay_timezones = ["{zone}"]')
    done = run_eventkit("check", path)
    assert done.returncode == 0 and "did you mean" not in done.stderr, done.stderr
    done = run_eventkit("invites", path, "-o", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert f"TZID:{zone}" in (tmp_path / "out" / "invite.ics").read_text()


def test_a_fixed_offset_abbreviation_is_refused_with_the_city_to_write(tmp_path):
    path = event_with(tmp_path, 'timezone = "Europe/Vienna"', 'timezone = "EST"')
    match = one_located_error(run_eventkit("check", path), path)
    assert (
        "'EST' is a fixed offset (UTC-5, no daylight saving)" in match["rest"] and "America/New_York" in match["rest"]
    )


@pytest.mark.parametrize("command", [["build"], ["agenda"], ["invites"], ["doctor"], ["schema"]])
def test_an_empty_output_folder_is_a_usage_error(tmp_path, command):
    path = event_with(tmp_path, "Hardening test", "Hardening test")
    arguments = [*command, *([path] if command[0] not in ("doctor", "schema") else []), "-o", ""]
    done = run_eventkit(*arguments, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "'-o' / '--output': is empty" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["event.toml"]


def test_an_unreadable_event_file_is_exit_1_with_a_located_line(tmp_path):
    path = event_with(tmp_path, "Hardening test", "Hardening test")
    path.chmod(0)
    try:
        for command in ("check", "build", "invites", "report", "preview"):
            done = run_without_root_override(command, path)
            assert done.returncode == 1, (command, done.returncode, done.stderr)
            assert "cannot be read: permission denied" in done.stderr and str(path) in done.stderr, done.stderr
    finally:
        path.chmod(0o600)


def test_a_deep_array_written_over_many_lines_is_located_at_its_key(tmp_path):
    value = "[\n" * 2000 + "]\n" * 2000
    text = EVENT.replace('platform = "Zoom"', f'platform = "Zoom"\nnested = {value}')
    path = tmp_path / "event.toml"
    path.write_text(text, encoding="utf-8")
    match = one_located_error(run_eventkit("check", path), path, line_of(text, "nested = "))
    assert "nested more than 100 levels deep" in match["rest"]


def test_a_named_pipe_as_reference_docx_is_a_usage_error(tmp_path):
    pipe = tmp_path / "styles.docx"
    os.mkfifo(pipe)
    path = event_with(tmp_path, "Hardening test", "Hardening test")
    done = run_eventkit("build", path, "--reference-docx", pipe, "-o", tmp_path / "out")
    assert done.returncode == 2 and "is a named pipe (FIFO), not a regular file" in done.stderr
    assert tomllib.loads(path.read_text())["event"]["id"] == "hardening"
