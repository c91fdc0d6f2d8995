"""`eventkit replies` and `eventkit status`: iMIP REPLY e-mails as Thunderbird and Outlook write them."""

from __future__ import annotations

import base64
import json
import mailbox
from pathlib import Path

import pytest

from conftest import run_eventkit


def thunderbird_reply(uid: str, email: str, name: str, partstat: str, stamp: str = "20261129T101500Z") -> bytes:
    """A reply as Thunderbird (Lightning) sends it: multipart/mixed, the calendar inline (8bit) and again as an
    application/ics attachment, only the answering ATTENDEE, a Mozilla PRODID."""
    calendar = "\r\n".join(
        [
            "BEGIN:VCALENDAR",
            "PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN",
            "VERSION:2.0",
            "METHOD:REPLY",
            "BEGIN:VTIMEZONE",
            "TZID:Asia/Tbilisi",
            "BEGIN:STANDARD",
            "TZOFFSETFROM:+0400",
            "TZOFFSETTO:+0400",
            "TZNAME:+04",
            "DTSTART:19700101T000000",
            "END:STANDARD",
            "END:VTIMEZONE",
            "BEGIN:VEVENT",
            "CREATED:20261120T080000Z",
            "LAST-MODIFIED:20261129T101500Z",
            f"DTSTAMP:{stamp}",
            f"UID:{uid}",
            "SUMMARY:Test webinar",
            "ORGANIZER;CN=Your organisation:mailto:events@example.org",
            f"ATTENDEE;RSVP=TRUE;CN={name};PARTSTAT={partstat};ROLE=REQ-PARTICIPANT;CUTYPE=INDIVIDUAL:mailto:",
            f" {email}",  # folded, as Thunderbird folds at 75 octets
            "DTSTART;TZID=Asia/Tbilisi:20261210T140000",
            "DTEND;TZID=Asia/Tbilisi:20261210T170000",
            "SEQUENCE:0",
            "X-MOZ-SEND-INVITATIONS:TRUE",
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
    )
    word = {"ACCEPTED": "accepted", "DECLINED": "declined", "TENTATIVE": "accepted tentatively"}[partstat]
    boundary = "------------0aBcDeFgHiJkLmNoPqRsTuVw"
    return "\r\n".join(
        [
            f"From: {name} <{email}>",
            "To: events@example.org",
            f"Subject: {word.capitalize()}: Test webinar",
            "Date: Sun, 29 Nov 2026 11:15:00 +0100",
            "Message-ID: <b1c2d3e4-1111-2222-3333-444455556666@example.org>",
            "MIME-Version: 1.0",
            "User-Agent: Mozilla Thunderbird",
            f'Content-Type: multipart/mixed; boundary="{boundary}"',
            "",
            "This is a multi-part message in MIME format.",
            f"--{boundary}",
            "Content-Type: text/plain; charset=UTF-8; format=flowed",
            "Content-Transfer-Encoding: 8bit",
            "",
            f"{name} has {word} your event invitation.",
            "",
            f"--{boundary}",
            "Content-Type: text/calendar; charset=UTF-8; method=REPLY",
            "Content-Transfer-Encoding: 8bit",
            "",
            calendar,
            f"--{boundary}",
            'Content-Type: application/ics; name="invite.ics"',
            'Content-Disposition: attachment; filename="invite.ics"',
            "Content-Transfer-Encoding: base64",
            "",
            base64.encodebytes(calendar.encode("utf-8")).decode("ascii"),
            f"--{boundary}--",
            "",
        ]
    ).encode("utf-8")


def outlook_reply(uid: str, email: str, name: str, partstat: str, stamp: str = "20261129T103000Z") -> bytes:
    """A reply as Outlook / Exchange sends it: multipart/alternative of text, HTML and a base64 text/calendar with
    a Windows time-zone name, MAILTO in capitals, a COMMENT and X-MICROSOFT properties."""
    word = {"ACCEPTED": "Accepted", "DECLINED": "Declined", "TENTATIVE": "Tentative"}[partstat]
    calendar = "\r\n".join(
        [
            "BEGIN:VCALENDAR",
            "METHOD:REPLY",
            "PRODID:Microsoft Exchange Server 2010",
            "VERSION:2.0",
            "BEGIN:VTIMEZONE",
            "TZID:Georgian Standard Time",
            "BEGIN:STANDARD",
            "DTSTART:16010101T000000",
            "TZOFFSETFROM:+0400",
            "TZOFFSETTO:+0400",
            "END:STANDARD",
            "END:VTIMEZONE",
            "BEGIN:VEVENT",
            f'ATTENDEE;PARTSTAT={partstat};CN="{name}":MAILTO:{email.upper()}',
            "COMMENT;LANGUAGE=en-US:Sorry\\, I am travelling that week.\\n",
            f"SUMMARY;LANGUAGE=en-US:{word}: Test webinar",
            "DTSTART;TZID=Georgian Standard Time:20261210T140000",
            "DTEND;TZID=Georgian Standard Time:20261210T170000",
            f"UID:{uid}",
            "CLASS:PUBLIC",
            "PRIORITY:5",
            f"DTSTAMP:{stamp}",
            "TRANSP:OPAQUE",
            "STATUS:CONFIRMED",
            "SEQUENCE:0",
            "LOCATION;LANGUAGE=en-US:",
            "X-MICROSOFT-CDO-APPT-SEQUENCE:0",
            "X-MICROSOFT-CDO-OWNERAPPTID:2121827382",
            "X-MICROSOFT-CDO-BUSYSTATUS:TENTATIVE",
            "X-MICROSOFT-CDO-INTENDEDSTATUS:BUSY",
            "X-MICROSOFT-CDO-ALLDAYEVENT:FALSE",
            "X-MICROSOFT-CDO-IMPORTANCE:1",
            "X-MICROSOFT-CDO-INSTTYPE:0",
            "X-MICROSOFT-DISALLOW-COUNTER:FALSE",
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
    )
    boundary = "_000_AM0PR07MB4321ABCDEF0123456789AM0PR07MB4321eurp_"
    return "\r\n".join(
        [
            f'From: "{name}" <{email}>',
            '"Your organisation" <events@example.org>'.join(["To: ", ""]),
            f"Subject: {word}: Test webinar",
            "Thread-Topic: Test webinar",
            "Thread-Index: AQHZ",
            "Date: Sun, 29 Nov 2026 10:30:00 +0000",
            "Message-ID: <AM0PR07MB4321@AM0PR07MB4321.eurprd07.prod.outlook.com>",
            "Accept-Language: en-US",
            "Content-Language: en-US",
            "X-MS-Has-Attach:",
            "X-MS-TNEF-Correlator:",
            f'Content-Type: multipart/alternative; boundary="{boundary}"',
            "MIME-Version: 1.0",
            "",
            f"--{boundary}",
            'Content-Type: text/plain; charset="us-ascii"',
            "Content-Transfer-Encoding: quoted-printable",
            "",
            "Sorry, I am travelling that week.",
            "",
            f"--{boundary}",
            'Content-Type: text/html; charset="us-ascii"',
            "Content-Transfer-Encoding: quoted-printable",
            "",
            "<html><body><p>Sorry, I am travelling that week.</p></body></html>",
            "",
            f"--{boundary}",
            'Content-Type: text/calendar; charset="utf-8"; method=REPLY',
            "Content-Transfer-Encoding: base64",
            "",
            base64.encodebytes(calendar.encode("utf-8")).decode("ascii"),
            f"--{boundary}--",
            "",
        ]
    ).encode("utf-8")


def replies_json(invited_webinar: Path) -> dict:
    return json.loads(invited_webinar.with_name("webinar.replies.json").read_text(encoding="utf-8"))["replies"]


def test_thunderbird_and_outlook_replies_are_recorded_and_shown(tmp_path, invited_webinar):
    (tmp_path / "held.eml").write_bytes(
        thunderbird_reply("webinar@eventkit", "renate.held@example.org", "Renate Held", "ACCEPTED")
    )
    (tmp_path / "yilmaz.eml").write_bytes(
        outlook_reply("webinar@eventkit", "Mehmet.Yilmaz@example.org", "Mehmet Yılmaz", "DECLINED")
    )
    (tmp_path / "dubois.eml").write_bytes(
        thunderbird_reply("webinar@eventkit", "lea.dubois@example.org", "Léa Dubois", "TENTATIVE")
    )
    result = run_eventkit("replies", "webinar.toml", "held.eml", "yilmaz.eml", "dubois.eml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "yilmaz.eml: Mehmet.Yilmaz@example.org (people.yilmaz) DECLINED the event on 2026-11-29" in result.stdout
    assert "webinar.replies.json: 3 new answers" in result.stdout
    recorded = replies_json(invited_webinar)["webinar@eventkit"]
    assert recorded["mehmet.yilmaz@example.org"] == {
        "partstat": "DECLINED",
        "date": "2026-11-29T10:30:00Z",
        "name": "Mehmet Yılmaz",
        "comment": "Sorry, I am travelling that week.",
    }
    assert recorded["renate.held@example.org"]["partstat"] == "ACCEPTED"
    assert recorded["lea.dubois@example.org"]["partstat"] == "TENTATIVE"

    status = run_eventkit("status", "webinar.toml", cwd=tmp_path)
    assert status.returncode == 0, status.stderr
    rows = {line.split()[0]: line for line in status.stdout.splitlines()}
    assert rows["id"].split() == ["id", "name", "e-mail", "invited", "reply", "date", "comment"]
    assert rows["yilmaz"].split()[-9:] == [
        "yes",
        "declined",
        "2026-11-29",
        "Sorry,",
        "I",
        "am",
        "travelling",
        "that",
        "week.",
    ]
    assert rows["held"].split()[-3:] == ["yes", "accepted", "2026-11-29"]
    assert rows["dubois"].split()[-3:] == ["yes", "tentative", "2026-11-29"]
    assert rows["nomail"].split()[-4:] == ["no", "e-mail", "-", "-"]
    assert rows["moderator"].split()[-3:] == ["yes", "-", "-"]
    assert "4 invited: 1 accepted, 1 declined, 1 tentative, 1 no reply; 1 without e-mail" in status.stdout

    again = run_eventkit("replies", "webinar.toml", "held.eml", "yilmaz.eml", "dubois.eml", cwd=tmp_path)
    assert "0 new answers, unchanged" in again.stdout and "(already recorded)" in again.stdout


def test_invites_leave_out_who_declined_unless_asked(tmp_path, invited_webinar):
    icalendar = pytest.importorskip("icalendar")
    (tmp_path / "no.eml").write_bytes(
        outlook_reply("webinar@eventkit", "Mehmet.Yilmaz@example.org", "Mehmet Yılmaz", "DECLINED")
    )
    assert run_eventkit("replies", "webinar.toml", "no.eml", cwd=tmp_path).returncode == 0

    def attendees(folder: str) -> set[str]:
        calendar = icalendar.Calendar.from_ical((tmp_path / folder / "invite.ics").read_bytes())
        event = next(iter(calendar.walk("VEVENT")))
        return {str(a).lower().removeprefix("mailto:") for a in event.get("attendee")}

    result = run_eventkit("invites", "webinar.toml", "-o", "out", "--eml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "left out, declined: mehmet.yilmaz@example.org" in result.stderr
    assert "mehmet.yilmaz@example.org" not in attendees("out")
    assert {"renate.held@example.org", "lea.dubois@example.org", "moderator@example.org"} <= attendees("out")
    assert not (tmp_path / "out" / "mail" / "Mehmet.Yilmaz@example.org.eml").exists()
    assert (tmp_path / "out" / "mail" / "renate.held@example.org.eml").exists()

    included = run_eventkit("invites", "webinar.toml", "-o", "all", "--include-declined", cwd=tmp_path)
    assert included.returncode == 0, included.stderr
    assert "mehmet.yilmaz@example.org" in attendees("all")


def test_mbox_and_maildir_later_answer_wins(tmp_path, invited_webinar):
    box = mailbox.mbox(tmp_path / "inbox.mbox")
    box.add(
        thunderbird_reply("webinar@eventkit", "renate.held@example.org", "Renate Held", "TENTATIVE", "20261120T090000Z")
    )
    box.add(
        thunderbird_reply("webinar@eventkit", "renate.held@example.org", "Renate Held", "ACCEPTED", "20261125T090000Z")
    )
    box.flush()
    box.close()
    maildir = mailbox.Maildir(tmp_path / "Maildir", create=True)
    # an older answer, read after the newer one: it must not overwrite it
    maildir.add(
        outlook_reply("webinar@eventkit", "renate.held@example.org", "Renate Held", "DECLINED", "20261101T090000Z")
    )
    maildir.add(b"From: someone@example.org\r\nSubject: hello\r\n\r\nNo calendar here.\r\n")
    # a reply to a session's invitation, one to a session she was never invited to, and one for another event
    maildir.add(outlook_reply("webinar.opening@eventkit", "moderator@example.org", "Moderator Name", "DECLINED"))
    maildir.add(outlook_reply("webinar.opening@eventkit", "lea.dubois@example.org", "Léa Dubois", "DECLINED"))
    maildir.add(outlook_reply("other-event@eventkit", "lea.dubois@example.org", "Léa Dubois", "ACCEPTED"))
    result = run_eventkit("replies", "webinar.toml", "inbox.mbox", "Maildir", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    recorded = replies_json(invited_webinar)
    assert recorded["webinar@eventkit"]["renate.held@example.org"]["partstat"] == "ACCEPTED"
    assert recorded["webinar.opening@eventkit"] == {
        "moderator@example.org": recorded["webinar.opening@eventkit"]["moderator@example.org"]
    }
    assert "lea.dubois@example.org DECLINED: this address was never sent that invitation" in result.stderr
    assert "other-event@eventkit" not in recorded
    assert "no calendar (text/calendar) part" in result.stderr
    assert "UID 'other-event@eventkit' is not an invitation of this event (webinar)" in result.stderr
    status = run_eventkit("status", "webinar.toml", cwd=tmp_path)
    moderator = next(line for line in status.stdout.splitlines() if line.startswith("moderator"))
    assert "declined: opening" in moderator


def test_a_message_without_any_answer_fails(tmp_path, invited_webinar):
    (tmp_path / "note.eml").write_bytes(b"From: a@example.org\r\nSubject: hi\r\n\r\nhello\r\n")
    result = run_eventkit("replies", "webinar.toml", "note.eml", "missing.eml", cwd=tmp_path)
    assert result.returncode == 1
    assert "note.eml: no calendar (text/calendar) part" in result.stderr
    assert "missing.eml: no such file" in result.stderr
    assert "Traceback" not in result.stderr


def test_declining_one_session_leaves_the_person_out_of_that_session_only(tmp_path, invited_webinar):
    icalendar = pytest.importorskip("icalendar")
    (tmp_path / "no.eml").write_bytes(
        thunderbird_reply("webinar.opening@eventkit", "moderator@example.org", "Moderator Name", "DECLINED")
    )
    assert run_eventkit("replies", "webinar.toml", "no.eml", cwd=tmp_path).returncode == 0
    result = run_eventkit("invites", "webinar.toml", "-o", "out", "--per-session", cwd=tmp_path)
    assert result.returncode == 0, result.stderr

    def attendees(path: str) -> set[str]:
        calendar = icalendar.Calendar.from_ical((tmp_path / "out" / path).read_bytes())
        found = set()
        for event in calendar.walk("VEVENT"):
            values = event.get("attendee") or []
            for value in values if isinstance(values, list) else [values]:
                found.add(str(value).lower().removeprefix("mailto:"))
        return found

    sessions = sorted(p.name for p in (tmp_path / "out" / "sessions").iterdir())
    assert "opening.ics" in sessions and len(sessions) >= 2
    assert "moderator@example.org" not in attendees("sessions/opening.ics")
    others = [name for name in sessions if name != "opening.ics"]
    assert others and all("moderator@example.org" in attendees(f"sessions/{name}") for name in others)
    assert "moderator@example.org" in attendees("invite.ics")


def test_a_reply_listing_several_attendees_counts_only_the_sender():
    from eventkit.participants.replies import parse_reply

    data = (
        b"BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:webinar@eventkit\r\nDTSTAMP:20261129T100000Z\r\n"
        b"ATTENDEE;PARTSTAT=ACCEPTED:mailto:a@example.org\r\nATTENDEE;PARTSTAT=DECLINED:mailto:b@example.org\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    replies, skipped = parse_reply(data, "x.eml", None, "B@example.org")
    assert [(r.email, r.partstat) for r in replies] == [("b@example.org", "DECLINED")] and not skipped


def test_a_recorded_decline_rebuilds_invite_ics_in_an_incremental_build(tmp_path, invited_webinar):
    """The build manifest counts the replies file among invite.ics's inputs: a build after `eventkit replies`
    rewrites invite.ics without the person who declined (and leaves the documents alone)."""
    icalendar = pytest.importorskip("icalendar")
    first = run_eventkit("build", "webinar.toml", "-o", "out", "--format", "html", cwd=tmp_path)
    assert first.returncode == 0, first.stderr

    def attendees() -> set[str]:
        calendar = icalendar.Calendar.from_ical((tmp_path / "out" / "invite.ics").read_bytes())
        event = next(iter(calendar.walk("VEVENT")))
        return {str(a).lower().removeprefix("mailto:") for a in event.get("attendee")}

    assert "mehmet.yilmaz@example.org" in attendees()
    (tmp_path / "no.eml").write_bytes(
        outlook_reply("webinar@eventkit", "Mehmet.Yilmaz@example.org", "Mehmet Yılmaz", "DECLINED")
    )
    assert run_eventkit("replies", "webinar.toml", "no.eml", cwd=tmp_path).returncode == 0
    again = run_eventkit("build", "webinar.toml", "-o", "out", "--format", "html", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "mehmet.yilmaz@example.org" not in attendees()
    assert "invite.ics" in again.stdout and "unchanged" in again.stdout
