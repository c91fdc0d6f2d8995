"""Times against the clock: skipped and repeated local times, events over several days across a change of the
clocks, and events and sessions that cross midnight — checked in the model, in `check`, in the documents' HTML
and in the invites as ical.js (with its recurrence expansion), ts-ics and libical read them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import icalendar

from conftest import run_eventkit
from eventkit.calendar.entries import event_description
from eventkit.calendar.invites import build_invites
from eventkit.event.load import check_event, load_event
from test_invites import NOW

UTC = dt.UTC
VIENNA = "Europe/Vienna"


def event_file(
    folder: Path,
    date: dt.date,
    start: str,
    end: str,
    zone: str = VIENNA,
    *,
    end_date: dt.date | None = None,
    display: str = "",
) -> Path:
    """A scaffolded event with these hours (its sessions fill them), over several days with ``end_date``."""
    path = folder / "event.toml"
    done = run_eventkit(
        "new", path, "--date", date.isoformat(), "--start", start, "--end", end, "--timezone", zone, "--force"
    )
    assert done.returncode == 0, done.stderr
    text = path.read_text(encoding="utf-8")
    if end_date:
        text = re.sub(r"^# end_date = .*$", f"end_date = {end_date.isoformat()}", text, count=1, flags=re.M)
    if display:
        text = re.sub(r"^display_timezones = .*$", f'display_timezones = ["{display}"]', text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")
    return path


def set_times(path: Path, start: str, end: str) -> None:
    """Replace the [event] table's start and end (the first two in the file)."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'^start = "[^"]*"', f'start = "{start}"', text, count=1, flags=re.M)
    text = re.sub(r'^end = "[^"]*"', f'end = "{end}"', text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")


def zulu(moment: dt.datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# ------------------------------------------------------------------ skipped and repeated times


def test_check_refuses_a_skipped_time_with_a_located_error(tmp_path):
    path = event_file(tmp_path, dt.date(2027, 3, 28), "03:30", "04:00")  # (`new` refuses 02:30 itself)
    set_times(path, "02:30", "04:00")
    done = run_eventkit("check", path)
    assert done.returncode == 1
    line = next(ln for ln in done.stdout.splitlines() + done.stderr.splitlines() if ": event.start: " in ln)
    text = path.read_text(encoding="utf-8")
    row = text.splitlines().index('start = "02:30"                   # local time, in the time zone below') + 1
    assert line.startswith(f"{path}:{row}:")
    assert (
        "event.start: 02:30 does not exist in Europe/Vienna on 2027-03-28: clocks go from 02:00 to 03:00 "
        "(choose a time before 02:00 or from 03:00 on)"
    ) in line


def test_skipped_time_in_new_york_and_in_a_session(tmp_path):
    path = event_file(tmp_path, dt.date(2027, 3, 14), "01:00", "03:30", "America/New_York")  # (`new` refuses 02:30)
    set_times(path, "01:00", "02:30")
    text = path.read_text(encoding="utf-8").replace('"03:15"', '"02:15"').replace('end = "03:30"', 'end = "02:30"')
    path.write_text(text, encoding="utf-8")
    errors = [str(p) for p in check_event(path).errors]
    assert any("event.end: 02:30 does not exist in America/New_York on 2027-03-14" in e for e in errors), errors
    assert any(
        "agenda[2].end: 02:15 does not exist in America/New_York on 2027-03-14: clocks go from 02:00 to 03:00" in e
        for e in errors
    ), errors


def test_check_warns_about_a_repeated_time_and_takes_the_first(tmp_path):
    path = event_file(tmp_path, dt.date(2027, 10, 31), "02:30", "04:00")
    done = run_eventkit("check", path)
    assert done.returncode == 0
    out = done.stdout + done.stderr
    assert (
        "warning: event.start: 02:30 occurs twice in Europe/Vienna on 2027-10-31 (+02:00 CEST, then +01:00 CET): "
        'the first (CEST) is meant (to mean the second, write "02:30+01:00")'
    ) in out
    assert run_eventkit("check", "--strict", path).returncode == 1
    event = load_event(path)
    assert event.starts_at.utcoffset() == dt.timedelta(hours=2) and zulu(event.starts_at) == "2027-10-31T00:30:00Z"


def test_an_offset_picks_the_second_reading_everywhere(tmp_path, icaljs_occurrences, tsics, libical):
    path = event_file(tmp_path, dt.date(2027, 10, 31), "02:30", "04:00")
    set_times(path, "02:30+01:00", "04:00")
    text = path.read_text(encoding="utf-8").replace(
        'start = "02:30"\nend = "02:45"', 'start = "02:30+01:00"\nend = "02:45+01:00"'
    )
    text = text.replace('start = "02:45"\nend = "03:45"', 'start = "02:45+01:00"\nend = "03:45"')
    path.write_text(text, encoding="utf-8")
    result = check_event(path)
    assert not result.problems, result.problems  # no warning: the offsets say which
    event = result.event
    assert zulu(event.starts_at) == "2027-10-31T01:30:00Z"
    assert event.display_times[0].label == "CET" and event.display_times[0].span == "02:30 - 04:00"
    # the documents print what the invites say
    html = subprocess_html(path, tmp_path)
    assert "02:30 - 04:00 (CET)" in html and "CEST" not in html
    invite = tmp_path / "invite.ics"
    invite.write_bytes(build_invites(event, {}, now=NOW).file("invite.ics").data)
    assert b"DTSTART:20271031T013000Z" in invite.read_bytes()  # a local time with TZID would mean the first
    assert icaljs_occurrences(invite) == [("event@eventkit", "2027-10-31T01:30:00Z", "2027-10-31T03:00:00Z")]
    assert [(e["start"], e["end"]) for e in tsics(invite)] == [("2027-10-31T01:30:00Z", "2027-10-31T03:00:00Z")]
    code, output, starts = libical(invite)
    assert code == 0 and starts == {"event@eventkit": "20271031T013000Z"}, output


def subprocess_html(path: Path, folder: Path) -> str:
    done = run_eventkit("agenda", path, "-o", folder / "html", "--format", "html")
    assert done.returncode == 0, done.stderr
    # the times are isolated for right-to-left text (<bdi>): compared here as the reader sees them
    return (folder / "html" / "agenda.html").read_text(encoding="utf-8").replace("<bdi>", "").replace("</bdi>", "")


def test_an_offset_the_time_cannot_have_is_an_error(tmp_path):
    path = event_file(tmp_path, dt.date(2027, 10, 31), "02:30", "04:00")
    set_times(path, "02:30+03:00", "04:00")
    [error] = [p for p in check_event(path).errors if p.path == "event.start"]
    assert "02:30 has no offset +03:00 in Europe/Vienna on 2027-10-31 (only +02:00 or +01:00)" in error.message


# ------------------------------------------------------------------ several days across a change of the clocks


def test_four_days_across_the_change_to_summer_time(tmp_path, icaljs_occurrences, tsics, libical):
    path = event_file(
        tmp_path, dt.date(2027, 3, 26), "09:00", "17:00", end_date=dt.date(2027, 3, 29), display="Asia/Tbilisi"
    )
    event = load_event(path)
    assert [d.isoformat() for d in event.days] == ["2027-03-26", "2027-03-27", "2027-03-28", "2027-03-29"]
    data = build_invites(event, {}, now=NOW).file("invite.ics").data
    invite = tmp_path / "invite.ics"
    invite.write_bytes(data)
    wanted = [
        ("event@eventkit", f"2027-03-{day}T{start}:00:00Z", f"2027-03-{day}T{end}:00:00Z")
        for day, start, end in (("26", "08", "16"), ("27", "08", "16"), ("28", "07", "15"), ("29", "07", "15"))
    ]
    assert icaljs_occurrences(invite) == wanted  # Friday CET ... Monday CEST
    assert [("event@eventkit", e["start"], e["end"]) for e in tsics(invite)] == wanted
    code, output, _ = libical(invite)
    assert code == 0 and re.findall(r"utc=(\S+)", output) == [
        "20270326T080000Z",
        "20270327T080000Z",
        "20270328T070000Z",
        "20270329T070000Z",
    ]
    vevents = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert len(vevents) == 4 and len({str(v["UID"]) for v in vevents}) == 1
    assert vevents[0]["RRULE"]["FREQ"] == ["DAILY"] and vevents[0]["RRULE"]["COUNT"] == [4]
    assert [v["RECURRENCE-ID"].dt.isoformat() for v in vevents[1:]] == [
        "2027-03-27T09:00:00+01:00",
        "2027-03-28T09:00:00+02:00",
        "2027-03-29T09:00:00+02:00",
    ]
    description = event_description(event)
    assert "(each day)" not in description
    assert "Friday, 26 March 2027: 09:00 - 17:00 CET / 12:00 - 20:00 GMT+4" in description
    assert "Monday, 29 March 2027: 09:00 - 17:00 CEST / 11:00 - 19:00 GMT+4" in description
    html = subprocess_html(path, tmp_path)
    assert (
        "Friday, 26 March 2027: 09:00 - 17:00 (CET)" in html and "Monday, 29 March 2027: 09:00 - 17:00 (CEST)" in html
    )
    # a table per day (issue #14), each time column headed with that day's abbreviation
    assert re.findall(r'<h2 class="day">([^<]*)</h2>\s*<table[^>]*>\s*<thead><tr><th[^>]*>([^<]*)</th>', html) == [
        ("Day 1 \u2014 Friday, 26 March 2027", "CET")
    ]  # the scaffold's sessions are all on the first day
    from eventkit.calendar.mail import invitations

    invite = build_invites(event, {}, now=NOW).file("invite.ics")
    [message] = invitations(event, invite).values()
    text = message.get_body(("plain",)).get_content()
    assert "Friday, 26 March 2027: 09:00 - 17:00 CET / 12:00 - 20:00 GMT+4" in text
    assert "Monday, 29 March 2027: 09:00 - 17:00 CEST / 11:00 - 19:00 GMT+4" in text and "each day" not in text


def test_days_with_the_same_hours_say_each_day(tmp_path):
    event = load_event(event_file(tmp_path, dt.date(2027, 5, 3), "09:00", "17:00", end_date=dt.date(2027, 5, 5)))
    assert event.same_hours_each_day
    assert "09:00 - 17:00 CEST (each day)" in event_description(event)


# ------------------------------------------------------------------ across midnight


def test_new_22_to_01_builds_and_its_invite_ends_the_next_day(tmp_path, icaljs_occurrences, tsics, libical):
    path = event_file(tmp_path, dt.date(2027, 6, 4), "22:00", "01:00", display="America/New_York")
    assert run_eventkit("check", "--strict", path).returncode in (0, 1)  # (scaffold warnings are allowed)
    assert not check_event(path).errors
    done = run_eventkit("build", path, "-o", tmp_path / "out", "--format", "html")
    assert done.returncode == 0, done.stderr
    invite = tmp_path / "out" / "invite.ics"
    assert b"DTEND;TZID=Europe/Vienna:20270605T010000" in invite.read_bytes()
    assert icaljs_occurrences(invite) == [("event@eventkit", "2027-06-04T20:00:00Z", "2027-06-04T23:00:00Z")]
    assert [(e["start"], e["end"]) for e in tsics(invite)] == [("2027-06-04T20:00:00Z", "2027-06-04T23:00:00Z")]
    assert libical(invite)[0] == 0
    agenda = (tmp_path / "out" / "agenda.html").read_text(encoding="utf-8").replace("<bdi>", "").replace("</bdi>", "")
    assert "22:00 - 01:00 (+1) (CEST)" in agenda  # the dateline
    assert "00:45 (+1) - 01:00 (+1)" in agenda  # the closing session, after midnight
    assert "16:15 - 18:45" in agenda  # New York: the same evening
    event = load_event(path)
    closing = event.session("closing")
    assert event.session_start(closing).isoformat() == "2027-06-05T00:45:00+02:00"
    discussion = event.session("discussion")
    assert event.session_end(discussion).isoformat() == "2027-06-05T00:45:00+02:00"


def test_session_across_midnight_is_one_entry_ending_the_next_day(tmp_path, icaljs_occurrences):
    path = event_file(tmp_path, dt.date(2027, 6, 4), "20:00", "02:00")
    event = load_event(path)
    invites = build_invites(event, {}, per_session=True, now=NOW)
    session = tmp_path / "discussion.ics"
    session.write_bytes(invites.file("sessions/discussion.ics").data)
    assert icaljs_occurrences(session) == [
        ("event.discussion@eventkit", "2027-06-04T18:15:00Z", "2027-06-04T23:45:00Z")
    ]


def test_a_long_span_over_midnight_is_still_an_error(tmp_path):
    path = event_file(tmp_path, dt.date(2027, 6, 4), "10:00", "12:00")
    set_times(path, "14:00", "13:00")
    [error] = [p for p in check_event(path).errors if p.path == "event.end"]
    assert "ends (13:00) before it starts (14:00)" in error.message and "at most 12 hours" in error.hint
    assert run_eventkit("new", tmp_path / "x.toml", "--start", "14:00", "--end", "13:00").returncode == 2


def test_a_night_across_the_change_of_the_clocks(tmp_path, icaljs_occurrences):
    path = event_file(tmp_path, dt.date(2027, 3, 27), "22:00", "03:30")  # 02:00 → 03:00 during the night
    event = load_event(path)
    assert event.ends_at.astimezone(UTC) - event.starts_at.astimezone(UTC) == dt.timedelta(hours=4, minutes=30)
    agenda = subprocess_html(path, tmp_path)
    # the column is headed with the evening's abbreviation; a time that reads otherwise carries its own
    assert re.search(r'<th scope="col" class="time"[^>]*>CET</th>', agenda)
    assert "22:15 - 03:15 (+1) CET/CEST" in agenda and "03:15 (+1) - 03:30 (+1) CEST" in agenda
    invite = tmp_path / "invite.ics"
    invite.write_bytes(build_invites(event, {}, now=NOW).file("invite.ics").data)
    assert icaljs_occurrences(invite) == [("event@eventkit", "2027-03-27T21:00:00Z", "2027-03-28T01:30:00Z")]
