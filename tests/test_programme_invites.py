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

from conftest import ROOT, run_eventkit
from eventkit.calendar.invites import build_invites, event_description, session_description
from eventkit.event.load import check_event, load_event
from test_clock_times import NOW, event_file, icaljs_occurrences, libical  # noqa: F401

UTC = dt.timezone.utc
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

def test_a_repeated_time_is_one_instant_in_ical_js_libical_and_icalendar(tmp_path, icaljs_occurrences, libical):  # noqa: F811
    """29-31 October 2027 in Vienna at 02:30: on the 31st the clocks go back at 03:00 and 02:30 happens twice. The
    event file means the first (CEST, as check says); the invite writes that day's times in UTC, so ical.js (with
    its recurrence expansion), libical and icalendar all read 00:30Z for the last day, as for the others."""
    path = event_file(tmp_path, dt.date(2027, 10, 29), "02:30", "04:00", end_date=dt.date(2027, 10, 31))
    event = load_event(path)
    invite = tmp_path / "invite.ics"
    invite.write_bytes(build_invites(event, {}, now=NOW).file("invite.ics").data)
    wanted = [("2027-10-29T00:30:00Z", "2027-10-29T02:00:00Z"), ("2027-10-30T00:30:00Z", "2027-10-30T02:00:00Z"),
              ("2027-10-31T00:30:00Z", "2027-10-31T03:00:00Z")]   # the last day ends at 04:00 CET
    assert [(s, e) for _, s, e in icaljs_occurrences(invite)] == wanted
    assert icalendar_instants(invite) == wanted
    code, output, _ = libical(invite)
    assert code == 0, output
    assert re.findall(r"utc=(\S+)", output) == ["20271029T003000Z", "20271030T003000Z", "20271031T003000Z"]
    assert b"DTSTART:20271031T003000Z" in invite.read_bytes()       # the repeated time itself: UTC


# ------------------------------------------------------------------ descriptions
