"""Cancellations exactly once, to exactly the right people (issue #18 item 5), and everyone invited is invited
(item 3): checked on what a real SMTP server (aiosmtpd) accepted."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import icalendar
import pytest

from conftest import event_toml, run_eventkit

EVENT = event_toml(
    id="consult",
    title="Test consultation",
    start="09:00",
    organisers=[{"name": "Secretariat", "email": "events@example.org"}],
    extra="""\
[people.ana]
name = "Ana Alves"
email = "ana@example.org"

[people.bea]
name = "Bea Berg"
email = "bea@example.org"

[people.cem]
name = "Cem Celik"
email = "cem@example.org"

[people.dan]
name = "Dan Dorn"
email = "dan@example.org"

[people.eva]
name = "Eva Ernst"
email = "eva@example.org"

[[delegations]]
name = "Austria"
members = ["ana", "bea", "cem"]

[[agenda]]
id = "s1"
title = "Opening"
start = "09:00"
end = "10:00"
speakers = ["ana", "cem"]

[[agenda]]
id = "s2"
title = "Panel"
start = "10:00"
end = "11:00"
speakers = ["bea"]

[[agenda]]
id = "s3"
title = "Closing"
start = "11:00"
end = "12:00"
speakers = ["cem"]
""",
)
EVENT_UID, S1, S2, S3 = "consult@eventkit", "consult.s1@eventkit", "consult.s2@eventkit", "consult.s3@eventkit"


@pytest.fixture
def event_file(tmp_path) -> Path:
    path = tmp_path / "consult.toml"
    path.write_text(EVENT, encoding="utf-8")
    return path


def send(event_file: Path, port: int, *args: str):
    done = run_eventkit(
        "invites",
        event_file,
        "-o",
        event_file.parent / "out",
        "--per-session",
        "--per-speaker",
        "--send",
        "--smtp",
        f"127.0.0.1:{port}",
        *args,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def edit(event_file: Path, old: str, new: str) -> None:
    text = event_file.read_text(encoding="utf-8")
    assert old in text
    event_file.write_text(text.replace(old, new, 1), encoding="utf-8")


def cancels(mailbox, start: int = 0) -> Counter:
    """(address, UID) -> CANCEL messages accepted from the ``start``-th message on."""
    found = Counter()
    for address, message in mailbox.accepted[start:]:
        part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
        calendar = icalendar.Calendar.from_ical(part.get_payload(decode=True))
        if str(calendar["method"]) == "CANCEL":
            for uid in {str(v["uid"]) for v in calendar.walk("VEVENT")}:
                found[address, uid] += 1
    return found


def test_a_person_in_no_delegation_is_invited_everywhere(event_file, mailbox):
    done = send(event_file, mailbox.port)
    invite = icalendar.Calendar.from_ical((event_file.parent / "out" / "invite.ics").read_bytes())
    attendees = {str(a).removeprefix("mailto:") for a in next(iter(invite.walk("VEVENT"))).get("attendee")}
    assert {"dan@example.org", "eva@example.org"} <= attendees  # in no delegation, speaking nowhere
    assert mailbox.calendars("dan@example.org") == [("REQUEST", EVENT_UID)]
    assert "to send to dan@example.org: new invitation (the event" in done.stdout
    status = run_eventkit("status", event_file)
    dan = next(line for line in status.stdout.splitlines() if line.startswith("dan "))
    assert dan.split()[-3] == "yes" and "5 invited" in status.stdout


def test_a_registrant_awaiting_approval_is_not_invited_until_approved(event_file, mailbox):
    """Person.registration (written by `eventkit import`): pending and waitlisted are not invited, nor sent anything,
    until approved; then they get their invitation like any newcomer."""
    edit(event_file, 'name = "Dan Dorn"\n', 'name = "Dan Dorn"\nregistration = "pending"\n')
    edit(event_file, 'name = "Eva Ernst"\n', 'name = "Eva Ernst"\nregistration = "approved"\n')
    from eventkit.calendar.entries import participants
    from eventkit.event.load import load_event

    assert [a.email for a in participants(load_event(event_file))] == [
        "ana@example.org",
        "bea@example.org",
        "cem@example.org",
        "eva@example.org",
    ]
    send(event_file, mailbox.port)
    assert "dan@example.org" not in mailbox.count()
    status = run_eventkit("status", event_file)
    assert not any(line.startswith("dan ") for line in status.stdout.splitlines())
    edit(event_file, 'registration = "pending"\n', 'registration = "approved"\n')
    done = send(event_file, mailbox.port)
    assert (
        "to send to dan@example.org: new invitation (the event" in done.stdout
        and mailbox.count()["dan@example.org"] == 1
    )


def test_a_removed_session_cancels_once_and_only_to_who_had_it(event_file, mailbox):
    send(event_file, mailbox.port)
    assert mailbox.calendars("bea@example.org") == [("REQUEST", EVENT_UID), ("REQUEST", S2)]
    before = len(mailbox.accepted)
    edit(event_file, '[[agenda]]\nid = "s2"\ntitle = "Panel"\nstart = "10:00"\nend = "11:00"\nspeakers = ["bea"]\n', "")
    done = send(event_file, mailbox.port)
    # Bea's session file and her speaker file both cancel s2: she gets one cancellation for it, nobody else any
    assert cancels(mailbox, before) == {("bea@example.org", S2): 1}
    assert "cancellation: the session 'Panel' was removed from the agenda" in done.stdout
    again = send(event_file, mailbox.port)
    assert (
        cancels(mailbox, before) == {("bea@example.org", S2): 1}
        and "to send to bea@example.org: cancel" not in again.stdout
    )


def test_removing_a_speaker_cancels_every_uid_they_had_exactly_once(event_file, mailbox):
    send(event_file, mailbox.port)
    assert set(mailbox.calendars("cem@example.org")) == {("REQUEST", EVENT_UID), ("REQUEST", S1), ("REQUEST", S3)}
    before = len(mailbox.accepted)
    edit(event_file, 'speakers = ["ana", "cem"]', 'speakers = ["ana"]')
    edit(
        event_file,
        '[[agenda]]\nid = "s3"\ntitle = "Closing"\nstart = "11:00"\nend = "12:00"\nspeakers = ["cem"]\n',
        '[[agenda]]\nid = "s3"\ntitle = "Closing"\nstart = "11:00"\nend = "12:00"\nspeakers = ["ana"]\n',
    )
    edit(event_file, '[people.cem]\nname = "Cem Celik"\nemail = "cem@example.org"\n', "")
    edit(event_file, 'members = ["ana", "bea", "cem"]', 'members = ["ana", "bea"]')
    done = send(event_file, mailbox.port)
    assert {k: n for k, n in cancels(mailbox, before).items()} == {
        ("cem@example.org", EVENT_UID): 1,
        ("cem@example.org", S1): 1,
        ("cem@example.org", S3): 1,
    }
    withdrawn = [m for a, m in mailbox.accepted[before:] if a == "cem@example.org"]
    assert all(len(m.get_all("To")) == 1 for m in withdrawn)
    event_cancel = next(m for m in withdrawn if m["Subject"].startswith("Invitation withdrawn"))
    calendar = icalendar.Calendar.from_ical(
        next(p for p in event_cancel.walk() if p.get_content_type() == "text/calendar").get_payload(decode=True)
    )
    [vevent] = calendar.walk("VEVENT")
    assert [str(a) for a in [vevent["attendee"]]] == ["mailto:cem@example.org"] and vevent["status"] == "CANCELLED"
    assert int(vevent["sequence"]) >= 1  # above what Cem's calendar holds
    assert "no longer invited to the event" in done.stdout
    sent = cancels(mailbox, before)
    again = send(event_file, mailbox.port)
    assert cancels(mailbox, before) == sent and "cem@example.org" not in again.stdout


def test_a_cancelled_session_is_marked_everywhere_and_a_session_never_sent_is_not_cancelled(event_file, mailbox):
    done = run_eventkit(
        "invites", event_file, "-o", event_file.parent / "out", "--send", "--smtp", f"127.0.0.1:{mailbox.port}"
    )  # the event only: no session invitation is sent
    assert done.returncode == 0, done.stderr
    before = len(mailbox.accepted)
    edit(event_file, 'title = "Panel"\n', 'title = "Panel"\nstatus = "cancelled"\n')
    send(event_file, mailbox.port)
    assert not cancels(mailbox, before)  # nobody was ever sent s2: no cancellation mail
    invite = (event_file.parent / "out" / "invite.ics").read_bytes()
    description = str(next(iter(icalendar.Calendar.from_ical(invite).walk("VEVENT")))["description"])
    assert "Panel (cancelled)" in description
    for _address, message in mailbox.accepted[before:]:
        part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
        for vevent in icalendar.Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT"):
            if str(vevent["uid"]) == EVENT_UID:
                assert "Panel (cancelled)" in str(vevent["description"])
    bea = [m for a, m in mailbox.accepted[before:] if a == "bea@example.org"]
    assert bea and "Panel (cancelled)" in bea[-1].get_body(("plain",)).get_content()
