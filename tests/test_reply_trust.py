"""Replies are trusted only when they can be (issue #18 item 6), and every reply and state file read is validated
(issue #22): forged and outsider answers change nothing, a DTSTAMP in the future cannot pin an answer, damaged
entries are located errors, and terminal escapes in a message are shown escaped and never stored."""

from __future__ import annotations

import json
from pathlib import Path

import icalendar
import pytest

from conftest import run_eventkit
from test_replies import thunderbird_reply

UID = "webinar@eventkit"


def reply(
    uid: str,
    attendees: list[tuple[str, str]],
    sender: str,
    stamp: str = "20261129T101500Z",
    extra_headers: str = "",
    sequence: str = "0",
    comment: str = "",
) -> bytes:
    """A REPLY message from ``sender`` whose VEVENT lists ``attendees`` (address, PARTSTAT)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//test//EN",
        "METHOD:REPLY",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"SEQUENCE:{sequence}",
        *([f"COMMENT:{comment}"] if comment else []),
        *(f"ATTENDEE;PARTSTAT={p}:mailto:{a}" for a, p in attendees),
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
    return (
        "\r\n".join(
            [
                f"From: {sender}",
                "To: events@example.org",
                "Subject: Re: Test webinar",
                "Date: Sun, 29 Nov 2026 11:15:00 +0000",
                *([extra_headers] if extra_headers else []),
                "MIME-Version: 1.0",
                "Content-Type: text/calendar; method=REPLY; charset=UTF-8",
                "",
                "",
            ]
        )
        + "\r\n".join(lines)
    ).encode("utf-8")


def recorded(invited_webinar: Path) -> dict:
    path = invited_webinar.with_name("webinar.replies.json")
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"replies": {}}


def attendees(folder: Path) -> set[str]:
    calendar = icalendar.Calendar.from_ical((folder / "invite.ics").read_bytes())
    event = next(iter(calendar.walk("VEVENT")))
    return {str(a).lower().removeprefix("mailto:") for a in event.get("attendee") or []}


def test_a_forged_reply_changes_nothing_and_is_listed(tmp_path, invited_webinar):
    (tmp_path / "forged.eml").write_bytes(reply(UID, [("renate.held@example.org", "DECLINED")], "mallory@evil.example"))
    done = run_eventkit("replies", invited_webinar, tmp_path / "forged.eml")
    assert done.returncode == 1
    assert "not applied: renate.held@example.org DECLINED: sent by mallory@evil.example" in done.stderr
    assert recorded(invited_webinar)["replies"] == {}
    assert [h["sender"] for h in recorded(invited_webinar)["held"]] == ["mallory@evil.example"]
    invites = run_eventkit("invites", invited_webinar, "-o", tmp_path / "out", "--eml")
    assert invites.returncode == 0 and "renate.held@example.org" in attendees(tmp_path / "out")
    status = run_eventkit("status", invited_webinar)
    held = next(line for line in status.stdout.splitlines() if line.startswith("held "))
    assert held.split()[-3:] == ["yes", "-", "-"]


def test_one_outsider_declining_for_everyone_changes_nothing(tmp_path, invited_webinar):
    everyone = [
        "renate.held@example.org",
        "mehmet.yilmaz@example.org",
        "lea.dubois@example.org",
        "moderator@example.org",
    ]
    (tmp_path / "all.eml").write_bytes(reply(UID, [(a, "DECLINED") for a in everyone], "outsider@example.net"))
    done = run_eventkit("replies", invited_webinar, tmp_path / "all.eml")
    assert done.returncode == 1 and done.stderr.count("not applied:") == 4
    assert recorded(invited_webinar)["replies"] == {}
    invites = run_eventkit("invites", invited_webinar, "-o", tmp_path / "out", "--eml")
    assert invites.returncode == 0 and "left out" not in invites.stderr
    assert b"METHOD:REQUEST" in (tmp_path / "out" / "invite.ics").read_bytes()
    assert set(everyone) <= attendees(tmp_path / "out") and len(list((tmp_path / "out" / "mail").glob("*.eml"))) == 4


def test_a_sender_header_naming_someone_else_is_held_until_accepted(tmp_path, invited_webinar):
    (tmp_path / "assistant.eml").write_bytes(
        reply(
            UID,
            [("renate.held@example.org", "ACCEPTED")],
            "Renate Held <renate.held@example.org>",
            extra_headers="Sender: assistant@example.org",
        )
    )
    done = run_eventkit("replies", invited_webinar, tmp_path / "assistant.eml")
    assert done.returncode == 1 and "no single From address (or its Sender is someone else)" in done.stderr
    # the organiser checks with the assistant, then applies what they sent
    (tmp_path / "on-behalf.eml").write_bytes(
        reply(UID, [("renate.held@example.org", "ACCEPTED")], "assistant@example.org")
    )
    assert run_eventkit("replies", invited_webinar, tmp_path / "on-behalf.eml").returncode == 1
    accepted = run_eventkit("replies", invited_webinar, "--accept-from", "assistant@example.org")
    assert accepted.returncode == 0, accepted.stderr
    assert "(accepted from assistant@example.org)" in accepted.stdout
    assert recorded(invited_webinar)["replies"][UID]["renate.held@example.org"]["partstat"] == "ACCEPTED"
    assert len(recorded(invited_webinar)["held"]) == 1  # the Sender one stays held


def test_a_dtstamp_in_the_future_cannot_pin_an_answer(tmp_path, invited_webinar):
    (tmp_path / "early.eml").write_bytes(
        reply(UID, [("renate.held@example.org", "DECLINED")], "renate.held@example.org", stamp="99991231T235959Z")
    )
    assert run_eventkit("replies", invited_webinar, tmp_path / "early.eml").returncode == 0
    entry = recorded(invited_webinar)["replies"][UID]["renate.held@example.org"]
    assert entry["date"] == "2026-11-29T11:15:00Z"  # clamped to the message's arrival (its Date here)
    later = reply(
        UID,
        [("renate.held@example.org", "ACCEPTED")],
        "renate.held@example.org",
        stamp="20261201T090000Z",
        comment="Happy to join\\, thank you",
    )
    (tmp_path / "later.eml").write_bytes(later.replace(b"29 Nov 2026", b"01 Dec 2026"))
    done = run_eventkit("replies", invited_webinar, tmp_path / "later.eml")
    assert done.returncode == 0, done.stderr
    assert recorded(invited_webinar)["replies"][UID]["renate.held@example.org"] == {
        "partstat": "ACCEPTED",
        "date": "2026-12-01T09:00:00Z",
        "name": "",
        "comment": "Happy to join, thank you",
    }
    status = run_eventkit("status", invited_webinar)
    assert "Happy to join, thank you" in next(line for line in status.stdout.splitlines() if line.startswith("held "))


@pytest.mark.parametrize("sequence", ["²", "9" * 5000])
def test_a_sequence_that_is_no_rfc_integer_is_a_located_error(tmp_path, invited_webinar, sequence):
    (tmp_path / "bad.eml").write_bytes(
        reply(UID, [("renate.held@example.org", "ACCEPTED")], "renate.held@example.org", sequence=sequence)
    )
    done = run_eventkit("replies", invited_webinar, tmp_path / "bad.eml")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    [line] = [line for line in done.stderr.splitlines() if "SEQUENCE" in line]
    assert "bad.eml: calendar line 8: SEQUENCE" in line and "RFC 5545" in line and len(line) < 300


def test_a_message_nested_3000_deep_is_refused_with_its_limit(tmp_path, invited_webinar):
    depth = 3000
    body = b"".join(
        b'--b%d\r\nContent-Type: multipart/mixed; boundary="b%d"\r\n\r\n' % (i, i + 1) for i in range(depth)
    )
    body += b"--b%d--\r\n" % depth + b"".join(b"--b%d--\r\n" % i for i in reversed(range(depth)))
    (tmp_path / "deep.eml").write_bytes(
        b'From: renate.held@example.org\r\nContent-Type: multipart/mixed; boundary="b0"\r\n\r\n' + body
    )
    done = run_eventkit("replies", invited_webinar, tmp_path / "deep.eml")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "deep.eml: the message nests more than 50 multipart parts: not read" in done.stderr


def test_terminal_escapes_in_an_attendee_are_shown_escaped_and_never_stored(tmp_path, invited_webinar):
    evil = "renate.held@example.org\x1b]0;owned\x07"
    (tmp_path / "esc.eml").write_bytes(reply(UID, [(evil, "DECLINED")], "renate.held@example.org"))
    done = run_eventkit("replies", invited_webinar, tmp_path / "esc.eml")
    assert done.returncode == 1 and "\x1b" not in done.stderr + done.stdout and "\x07" not in done.stderr
    assert "\\x1b]0;owned\\x07" in done.stderr
    assert not invited_webinar.with_name("webinar.replies.json").exists() or "\x1b" not in invited_webinar.with_name(
        "webinar.replies.json"
    ).read_text(encoding="utf-8")


@pytest.mark.parametrize("entry", [{}, [], 3, "DECLINED"], ids=["empty", "list", "number", "string"])
def test_damaged_replies_entries_are_located_errors_everywhere(tmp_path, invited_webinar, entry):
    path = invited_webinar.with_name("webinar.replies.json")
    path.write_text(json.dumps({"replies": {UID: {"lea.dubois@example.org": entry}}}, indent=2), encoding="utf-8")
    (tmp_path / "ok.eml").write_bytes(thunderbird_reply(UID, "renate.held@example.org", "Renate Held", "ACCEPTED"))
    for args in (
        ("invites", invited_webinar, "-o", tmp_path / "out"),
        ("status", invited_webinar),
        ("replies", invited_webinar, tmp_path / "ok.eml"),
    ):
        done = run_eventkit(*args)
        assert done.returncode == 1 and "Traceback" not in done.stderr, (args, done.stderr)
        [line] = [line for line in done.stderr.splitlines() if "webinar.replies.json" in line]
        assert "webinar.replies.json:4:" in line and '["lea.dubois@example.org"]' in line, line


@pytest.mark.parametrize(
    "damage, words",
    [
        (lambda r: {**r, "attendees": ["X <../../../x@example.org>"]}, "is not 'Name <address>'"),
        (lambda r: {**r, "sequence": 2147483647}, "'sequence' is 2147483647"),
    ],
    ids=["attendee-path", "sequence-max"],
)
def test_damaged_invite_state_entries_are_located_errors(tmp_path, invited_webinar, damage, words):
    path = invited_webinar.with_name("webinar.invites.json")
    state = json.loads(path.read_text(encoding="utf-8"))
    state["issued"][UID] = damage(state["issued"][UID])
    path.write_text(json.dumps(state, indent=2), encoding="utf-8")
    done = run_eventkit("invites", invited_webinar, "-o", tmp_path / "out")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    [line] = [line for line in done.stderr.splitlines() if "webinar.invites.json" in line]
    assert f'issued["{UID}"]' in line and words in line


def test_a_fifo_in_place_of_a_state_file_is_refused_at_once(tmp_path, invited_webinar):
    import os

    path = invited_webinar.with_name("webinar.replies.json")
    os.mkfifo(path)
    for args in (("status", invited_webinar), ("invites", invited_webinar, "-o", tmp_path / "out")):
        done = run_eventkit(*args)  # would hang forever if the FIFO were opened for reading
        assert (
            done.returncode == 1 and "webinar.replies.json: is a named pipe (FIFO), not a regular file" in done.stderr
        )


def test_the_same_forged_reply_read_twice_is_held_once(tmp_path, invited_webinar):
    """A mailbox or folder read again (the usual way `replies` is run) holds each answer aside once, not once per
    run, and still names it on every run."""
    (tmp_path / "forged.eml").write_bytes(reply(UID, [("renate.held@example.org", "DECLINED")], "mallory@evil.example"))
    for _ in range(2):
        done = run_eventkit("replies", invited_webinar, tmp_path / "forged.eml")
        assert "not applied: renate.held@example.org DECLINED: sent by mallory@evil.example" in done.stderr
        assert "1 answer held aside" in done.stderr
    assert [h["sender"] for h in recorded(invited_webinar)["held"]] == ["mallory@evil.example"]
