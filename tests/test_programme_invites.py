"""The programme in invites and e-mails (issue #21): a repeated local time read as one instant by every client,
an untimed speaker's entry only on the days of their items, the lead and the group headings in the descriptions,
cancellation e-mails with the span in every zone, compound honorifics, a moved session's own update e-mails, and
`eventkit new` refusing a time `check` would reject. The real files are read back: .ics through ical.js (with its
recurrence expansion), libical and icalendar, .eml through the email package."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
from pathlib import Path

import icalendar
import pytest

from conftest import ROOT, event_toml, run_eventkit
from eventkit.calendar.entries import event_description, session_description
from eventkit.calendar.invites import build_invites
from eventkit.event.load import check_event, load_event
from test_clock_times import NOW, event_file

UTC = dt.UTC
BREAKOUT = ROOT / "tests" / "data" / "breakout-forum.toml"
PROVISIONAL = ROOT / "tests" / "data" / "provisional-programme.toml"


def utc(moment: dt.datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def icalendar_instants(path: Path) -> list[tuple[str, str]]:
    """(start, end) in UTC of every VEVENT as icalendar reads it: the first day from its DTSTART, later days from
    their own VEVENTs (RECURRENCE-ID)."""
    events = icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    return [(utc(e.decoded("dtstart")), utc(e.decoded("dtend"))) for e in events]


# ------------------------------------------------------------------ repeated local times


def test_a_repeated_time_is_one_instant_in_ical_js_libical_and_icalendar(tmp_path, icaljs_occurrences, libical):
    """29-31 October 2027 in Vienna at 02:30: on the 31st the clocks go back at 03:00 and 02:30 happens twice. The
    event file means the first (CEST, as check says); the invite writes that day's times in UTC, so ical.js (with
    its recurrence expansion), libical and icalendar all read 00:30Z for the last day, as for the others."""
    path = event_file(tmp_path, dt.date(2027, 10, 29), "02:30", "04:00", end_date=dt.date(2027, 10, 31))
    event = load_event(path)
    invite = tmp_path / "invite.ics"
    invite.write_bytes(build_invites(event, {}, now=NOW).file("invite.ics").data)
    wanted = [
        ("2027-10-29T00:30:00Z", "2027-10-29T02:00:00Z"),
        ("2027-10-30T00:30:00Z", "2027-10-30T02:00:00Z"),
        ("2027-10-31T00:30:00Z", "2027-10-31T03:00:00Z"),
    ]  # the last day ends at 04:00 CET
    assert [(s, e) for _, s, e in icaljs_occurrences(invite)] == wanted
    assert icalendar_instants(invite) == wanted
    code, output, _ = libical(invite)
    assert code == 0, output
    assert re.findall(r"utc=(\S+)", output) == ["20271029T003000Z", "20271030T003000Z", "20271031T003000Z"]
    assert b"DTSTART:20271031T003000Z" in invite.read_bytes()  # the repeated time itself: UTC


# ------------------------------------------------------------------ descriptions

STEERING = event_toml(
    id="steering-2027",
    title="Steering Committee of the Regional Migration Network",
    kind="meeting",
    date=dt.date(2027, 3, 24),
    end_date=dt.date(2027, 3, 26),
    end="13:00",
    display_timezones=["Asia/Bangkok"],
    venue="Vienna International Centre",
    organisers=[{"name": "Secretariat of the Network", "email": "secretariat@example.org"}],
    extra="""\
[people.held]
honorific = "H.E. Dr."
name = "Renate Held"
title = "Chair of the Committee"
email = "renate.held@example.org"

[people.kim]
honorific = "Mr."
name = "Jae Kim"
title = "Secretary of the Network"
email = "jae.kim@example.org"
bio = "Secretary."

[[agenda]]
id = "steering"
title = "Meeting of the Steering Committee"
day = 2027-03-24
moderators = ["held"]
lead = \"\"\"
The Committee takes up four points:

1. the budget for 2028;
2. the work plan;
3. new members;
4. the date of the next meeting.
\"\"\"

[[agenda]]
id = "secretariat-report"
title = "Report of the Secretariat"
day = 2027-03-24
speakers = ["kim"]

[[agenda]]
id = "other-business"
title = "Other business"
day = 2027-03-25

[[agenda]]
id = "closing"
title = "Closing of the meeting"
day = 2027-03-26
speakers = ["kim"]
""",
)


def steering(folder: Path, text: str = STEERING) -> Path:
    path = folder / "steering.toml"
    path.write_text(text, encoding="utf-8")
    assert check_event(path).errors == []
    return path


def test_descriptions_carry_the_session_lead_and_group_headings(tmp_path):
    event = load_event(steering(tmp_path))
    description = event_description(event)
    for point in ("The Committee takes up four points:", "the budget for 2028;", "the date of the next meeting."):
        assert point in description
    assert "the work plan;" in session_description(event, event.session("steering"))
    # a group's heading (with the span of its sessions and its chair) comes before its sessions
    forum = load_event(BREAKOUT)
    text = event_description(forum)
    heading = "13:30 - 15:00 GMT+7 / 08:30 - 10:00 CEST  Track 3 | Skills for the future"
    assert heading in text and text.index(heading) < text.index("Training engineers")
    assert text.index("Chair: H.E. Dr. Lim Sothea") > text.index(heading)
    assert "Four groups meet at the same time" in text  # the group's lead
    own = session_description(forum, forum.session("t3-2"))
    assert "Track 3 | Skills for the future" in own and "Chair: H.E. Dr. Lim Sothea" in own
    # a provisional programme's numbers as written
    provisional = event_description(load_event(PROVISIONAL))
    for line in (
        "3. National experience with migration statistics",
        "3(a) Republic of Moldova",
        "4. Working groups (in parallel)",
        "7. Other business",
        "8. Closing of the meeting",
        "    Co-Chairs: Ms. Renate Held, Mr. Jae Kim",
        "    Background paper 1: Dr. Kwame Osei",
    ):
        assert line in provisional
    assert "Rapporteur" not in provisional and "Country report" not in provisional


def test_an_untimed_speaker_entry_blocks_only_the_days_of_their_items(tmp_path, icaljs_occurrences, libical):
    """kim speaks on the first and the third day of three (items without times): their entry covers the event's
    hours on those two days, and not the second, in ical.js (with its recurrence expansion), libical and icalendar."""
    path = steering(tmp_path)
    done = run_eventkit("invites", path, "--per-speaker", "-o", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    kim = tmp_path / "out" / "speakers" / "kim.ics"
    wanted = [("2027-03-24T09:00:00Z", "2027-03-24T12:00:00Z"), ("2027-03-26T09:00:00Z", "2027-03-26T12:00:00Z")]
    assert [(s, e) for _, s, e in icaljs_occurrences(kim)] == wanted
    assert icalendar_instants(kim) == wanted
    code, output, _ = libical(kim)
    assert code == 0, output
    vevents = icalendar.Calendar.from_ical(kim.read_bytes()).walk("VEVENT")
    assert [d.dt.isoformat() for d in vevents[0]["EXDATE"].dts] == ["2027-03-25T10:00:00+01:00"]


def test_cancellation_mail_gives_the_span_in_every_zone(tmp_path, mailbox):
    """The report is cancelled after its invitation was sent: its people's cancellation names it with its span in
    every zone, as the invitation did (not only its start in one zone)."""
    path = steering(
        tmp_path,
        STEERING.replace(
            'title = "Report of the Secretariat"\nday = 2027-03-24',
            'title = "Report of the Secretariat"\nday = 2027-03-24\nstart = "11:00"\nend = "12:00"',
        ),
    )
    out = tmp_path / "out"
    assert send(path, out, mailbox.port).returncode == 0
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            'id = "secretariat-report"', 'id = "secretariat-report"\nstatus = "cancelled"'
        ),
        encoding="utf-8",
    )
    before = len(mailbox.accepted)
    done = send(path, out, mailbox.port)
    assert done.returncode == 0, done.stderr
    [message] = [
        m
        for to, m in mailbox.accepted[before:]
        if to == "jae.kim@example.org" and m["Subject"].startswith("Cancelled: Report of the Secretariat")
    ]
    text = " ".join(message.get_body(("plain",)).get_content().split())
    assert (
        "Report of the Secretariat (Steering Committee of the Regional Migration Network), Wednesday, "
        "24 March 2027, 11:00 - 12:00 CET / 17:00 - 18:00 GMT+7"
    ) in text
    assert "11:00 - 12:00 CET / 17:00 - 18:00 GMT+7" in message.get_body(("html",)).get_content()


def send(path: Path, out: Path, port: int):
    return run_eventkit("invites", path, "--per-session", "-o", out, "--send", "--smtp", f"127.0.0.1:{port}")


def test_h_e_followed_by_another_honorific_is_greeted_excellency(tmp_path):
    path = steering(tmp_path)
    out = tmp_path / "out"
    assert run_eventkit("invites", path, "--eml", "-o", out).returncode == 0
    held = email.message_from_bytes(
        (out / "mail" / "renate.held@example.org.eml").read_bytes(), policy=email.policy.default
    )
    assert held.get_body(("plain",)).get_content().startswith("Excellency,\r\n")
    kim = email.message_from_bytes((out / "mail" / "jae.kim@example.org.eml").read_bytes(), policy=email.policy.default)
    assert kim.get_body(("plain",)).get_content().startswith("Dear Mr. Jae Kim,\r\n")
    from eventkit.calendar.salutations import salutation

    event = load_event(path)
    for honorific in ("H.E. Mr.", "H.E. Ms.", "H.E. Prof.", "His Excellency Mr.", "H.E.  Dr."):
        person = event.people["held"].__class__(name="A", honorific=honorific)
        assert salutation(event, person, "A") == "Excellency,", honorific


def test_a_moved_session_reaches_its_speakers_with_their_own_update(tmp_path, mailbox):
    """The report moves from 11:00 to 11:30 after the invitations were sent: each of its people gets one message of
    their own about that session (the send ledger knows they had the earlier one), saying it changed, with its new
    span in every zone and the session's updated invitation (a higher SEQUENCE) attached."""
    path = steering(
        tmp_path,
        STEERING.replace(
            'title = "Report of the Secretariat"\nday = 2027-03-24',
            'title = "Report of the Secretariat"\nday = 2027-03-24\nstart = "11:00"\nend = "12:00"',
        ),
    )
    out = tmp_path / "out"
    assert send(path, out, mailbox.port).returncode == 0
    uid = "steering-2027.secretariat-report@eventkit"
    assert mailbox.calendars("jae.kim@example.org").count(("REQUEST", uid)) == 1
    path.write_text(
        path.read_text(encoding="utf-8").replace('start = "11:00"\nend = "12:00"', 'start = "11:30"\nend = "12:30"'),
        encoding="utf-8",
    )
    before = len(mailbox.accepted)
    done = send(path, out, mailbox.port)
    assert done.returncode == 0, done.stderr
    updates = [
        m
        for to, m in mailbox.accepted[before:]
        if to == "jae.kim@example.org"
        and m["Subject"]
        == "Updated invitation: Report of the Secretariat (Steering Committee of the Regional Migration Network)"
    ]
    assert len(updates) == 1  # one message for that session, to that person
    [message] = updates
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert text.startswith("Dear Mr. Jae Kim,\n")
    assert "The session \u201cReport of the Secretariat\u201d of the meeting" in text and "has changed" in text
    assert "Time: 11:30 - 12:30 CET / 17:30 - 18:30 GMT+7" in text
    [calendar] = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    assert calendar.get_param("method") == "REQUEST"
    [vevent] = icalendar.Calendar.from_ical(calendar.get_payload(decode=True)).walk("VEVENT")
    assert int(vevent["SEQUENCE"]) == 1 and utc(vevent.decoded("dtstart")) == "2027-03-24T10:30:00Z"
    assert str(vevent["UID"]) == uid
    # held, who is not in that session, gets no message about it
    assert not [
        m
        for to, m in mailbox.accepted[before:]
        if to == "renate.held@example.org" and "Report of the Secretariat" in m["Subject"]
    ]


@pytest.mark.parametrize("option, value", [("--start", "02:30"), ("--end", "02:15")])
def test_new_refuses_a_time_the_clocks_skip(tmp_path, option, value):
    times = {"--start": "01:00", "--end": "04:00", option: value}
    path = tmp_path / "event.toml"
    done = run_eventkit(
        "new",
        path,
        "--date",
        "2027-03-28",
        "--start",
        times["--start"],
        "--end",
        times["--end"],
        "--timezone",
        "Europe/Vienna",
    )
    assert done.returncode == 2 and not path.exists()
    assert (
        f"{option} {value} does not exist in Europe/Vienna on 2027-03-28: clocks go from 02:00 to 03:00 "
        "(choose a time before 02:00 or from 03:00 on)"
    ) in done.stderr


def test_new_keeps_its_own_sessions_off_the_skipped_hour(tmp_path):
    """--start 01:50 --end 03:10 on the night the clocks go forward: the event's hours exist, and the sessions
    `new` writes around them do too: the file passes check."""
    path = tmp_path / "event.toml"
    done = run_eventkit(
        "new", path, "--date", "2027-03-28", "--start", "01:50", "--end", "03:10", "--timezone", "Europe/Vienna"
    )
    assert done.returncode == 0, done.stderr
    result = check_event(path)
    assert result.errors == [], result.errors
    assert all(s.start != s.end for s in result.event.agenda)
