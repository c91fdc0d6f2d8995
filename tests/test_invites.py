"""Calendar invites, checked with independent parsers: Mozilla's ical.js (Thunderbird) under node, libical
(with its RFC 5546 restriction checks) and vobject.  Every instant they read must equal zoneinfo's."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from conftest import REFERENCE_EVENTS, run_eventkit
from eventkit.build.builder import invite_for_build
from eventkit.calendar.invites import build_invites, load_state, save_state, state_path
from eventkit.calendar.vtimezone import transitions, vtimezone
from eventkit.documents.scaffold import render_scaffold
from eventkit.event.load import load_event
from eventkit.event.uids import event_uid, session_uid

UTC = dt.UTC
NOW = dt.datetime(2021, 3, 1, 12, 0, tzinfo=UTC)


def vobject_starts(path: Path) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    """vobject's reading of every VEVENT (UTC start and end), from the file's own VTIMEZONE."""
    import vobject
    import vobject.icalendar

    getattr(vobject.icalendar, "__tzidMap").clear()  # vobject keeps the first definition of a TZID per process
    calendar = vobject.readOne(path.read_text(encoding="utf-8"))
    return {
        ve.uid.value: (ve.dtstart.value.astimezone(UTC), ve.dtend.value.astimezone(UTC)) for ve in calendar.vevent_list
    }


def zulu(moment: dt.datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def assert_parsers_agree(
    path: Path, expected: dict[str, tuple[dt.datetime, dt.datetime]], icaljs, libical
) -> list[dict]:
    """ical.js, libical and vobject all read exactly the expected UIDs at zoneinfo's instants; libical finds no error."""
    read = icaljs(path)
    assert {e["uid"]: (e["start"], e["end"]) for e in read} == {u: (zulu(s), zulu(e)) for u, (s, e) in expected.items()}
    code, output, starts = libical(path)
    assert code == 0, output
    assert starts == {u: s.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ") for u, (s, _) in expected.items()}
    assert "embedded:yes" in output and "embedded:no" not in output  # read from our VTIMEZONE
    assert vobject_starts(path) == {u: (s.astimezone(UTC), e.astimezone(UTC)) for u, (s, e) in expected.items()}
    return read


def write_files(invites, folder: Path) -> dict[str, Path]:
    paths = {}
    for file in invites.files:
        path = folder / file.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(file.data)
        paths[file.path] = path
    return paths


def scaffolded(folder: Path, date: dt.date, start: dt.time, zone: str, name: str = "event.toml", **extra) -> Path:
    path = folder / name
    path.write_text(
        render_scaffold(
            path,
            title="Test event",
            kind="webinar",
            date=date,
            start=start,
            end=(dt.datetime.combine(date, start) + dt.timedelta(hours=2)).time(),
            timezone=zone,
            **extra,
        ),
        encoding="utf-8",
    )
    return path


def expected_instants(event, invites) -> dict[str, dict[str, tuple[dt.datetime, dt.datetime]]]:
    """Per file: {uid: (start, end)} as zoneinfo computes them from the event."""
    sessions = {session_uid(event, s.id): (event.session_start(s), event.session_end(s)) for s in event.agenda}
    wanted = {}
    for file in invites.files:
        uids = re.findall(rb"^UID:(.+)\r$", file.data, re.M)
        wanted[file.path] = {
            uid.decode(): (event.starts_at, event.ends_at)
            if uid.decode() == event_uid(event)
            else sessions[uid.decode()]
            for uid in uids
        }
    return wanted


# ------------------------------------------------------------------ the reference events


@pytest.mark.parametrize(
    "style, instant", [("summary-report", "2021-03-24T08:30:00Z"), ("note-for-file", "2021-04-22T10:00:00Z")]
)
def test_reference_events_read_alike_by_icaljs_libical_vobject(style, instant, tmp_path, icaljs, libical):
    event = load_event(REFERENCE_EVENTS[style])
    invites = build_invites(event, {}, per_session=True, per_speaker=True, now=NOW)
    paths = write_files(invites, tmp_path)
    wanted = expected_instants(event, invites)
    for name, path in paths.items():
        assert_parsers_agree(path, wanted[name], icaljs, libical)
    [whole] = icaljs(paths["invite.ics"])
    assert whole["start"] == instant
    assert whole["method"] == "REQUEST" and whole["uid"] == event_uid(event) and whole["sequence"] == 0
    assert whole["attendees"] == len(invites.file("invite.ics").attendees) > 0
    assert whole["alarms"] == 1 and whole["zone"] == event.event.timezone
    assert len(paths) == 1 + len([s for s in event.agenda if s.kind != "break"]) + sum(
        1 for p in event.speakers if event.sessions_of(p.id)
    )


def test_reference_event_content():
    event = load_event(REFERENCE_EVENTS["note-for-file"])
    data = build_invites(event, {}, now=NOW).file("invite.ics").data
    vevent = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]
    description = str(vevent["DESCRIPTION"])
    assert "14:00 - 17:00 GMT+4 / 12:00 - 15:00 CEST" in description  # the display zones
    assert "14:30 - 14:55 GMT+4 / 12:30 - 12:55 CEST  Presentation: The Migration Network Hub" in description
    assert f"Join online: {event.event.join_url}" in description
    assert str(vevent["URL"]) == str(vevent["LOCATION"]) == event.event.join_url
    assert str(vevent["ORGANIZER"]) == "mailto:rco.georgia@example.org"
    assert vevent["ORGANIZER"].params["CN"] == "UN Resident Coordinator Office, Georgia"
    assert vevent["STATUS"] == "CONFIRMED" and vevent["SEQUENCE"] == 0
    assert vevent["DTSTART"].params["TZID"] == "Asia/Tbilisi"
    [alarm] = vevent.walk("VALARM")
    assert alarm["TRIGGER"].dt == dt.timedelta(minutes=-15) and alarm["ACTION"] == "DISPLAY"
    assert data.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:") and b"METHOD:REQUEST\r\n" in data


# ------------------------------------------------------------------ time zones

ZONE_CASES = [  # (date, start, zone): summer, both change days, southern hemisphere, no DST, odd offsets, irregular
    (dt.date(2026, 6, 15), dt.time(10), "Europe/Vienna"),
    (dt.date(2026, 3, 29), dt.time(10), "Europe/Vienna"),
    (dt.date(2026, 10, 25), dt.time(10), "Europe/Vienna"),
    (dt.date(2026, 3, 8), dt.time(10), "America/New_York"),
    (dt.date(2026, 11, 1), dt.time(10), "America/New_York"),
    (dt.date(2026, 1, 15), dt.time(10), "Australia/Sydney"),
    (dt.date(2026, 4, 5), dt.time(10), "Australia/Sydney"),
    (dt.date(2026, 10, 4), dt.time(10), "Australia/Sydney"),
    (dt.date(2026, 1, 15), dt.time(10), "America/Sao_Paulo"),
    (dt.date(2018, 11, 4), dt.time(10), "America/Sao_Paulo"),  # the last change of its rules
    (dt.date(2026, 4, 22), dt.time(14), "Asia/Tbilisi"),
    (dt.date(2026, 6, 15), dt.time(10), "Asia/Kolkata"),
    (dt.date(2026, 6, 15), dt.time(10), "Asia/Kathmandu"),
    (dt.date(2026, 9, 27), dt.time(10), "Pacific/Chatham"),
    (dt.date(2026, 1, 15), dt.time(10), "Pacific/Chatham"),
    (dt.date(2021, 6, 15), dt.time(10), "Asia/Tehran"),
    (dt.date(2026, 3, 3), dt.time(10), "Africa/Casablanca"),  # during Ramadan: +00
    (dt.date(2021, 1, 15), dt.time(10), "Pacific/Apia"),
]


@pytest.mark.parametrize("date, start, zone", ZONE_CASES, ids=[f"{z}-{d}" for d, _, z in ZONE_CASES])
def test_scaffolded_event_instants(date, start, zone, tmp_path, icaljs, libical):
    event = load_event(scaffolded(tmp_path, date, start, zone))
    invites = build_invites(event, {}, per_session=True, now=NOW)
    wanted = expected_instants(event, invites)
    for name, path in write_files(invites, tmp_path / "out").items():
        assert_parsers_agree(path, wanted[name], icaljs, libical)


def test_vienna_summer_reads_0800z(tmp_path, icaljs):
    event = load_event(scaffolded(tmp_path, dt.date(2026, 6, 15), dt.time(10), "Europe/Vienna"))
    path = write_files(build_invites(event, {}, now=NOW), tmp_path)["invite.ics"]
    [read] = icaljs(path)
    assert read["start"] == "2026-06-15T08:00:00Z" and read["zone"] == "Europe/Vienna"


def observances(tzid: str, day: dt.date) -> list[icalendar.cal.Component]:
    zone = vtimezone(tzid, [dt.datetime.combine(day, dt.time(10), ZoneInfo(tzid))])
    return icalendar.Timezone.from_ical(zone.to_ical()).subcomponents  # as a reader sees it


def test_vtimezone_forms():
    daylight, standard = observances("Europe/Vienna", dt.date(2021, 3, 24))
    assert (daylight.name, standard.name) == ("DAYLIGHT", "STANDARD")
    assert daylight["RRULE"]["BYDAY"] == ["-1SU"] and daylight["RRULE"]["BYMONTH"] == [3]
    assert standard["RRULE"]["BYDAY"] == ["-1SU"] and standard["RRULE"]["BYMONTH"] == [10]
    assert daylight["DTSTART"].dt == dt.datetime(1970, 3, 29, 2) and standard["DTSTART"].dt == dt.datetime(
        1970, 10, 25, 3
    )
    assert observances("America/New_York", dt.date(2026, 6, 1))[0]["RRULE"]["BYDAY"] == ["2SU"]
    assert observances("Australia/Sydney", dt.date(2026, 6, 1))[0]["RRULE"]["BYMONTH"] == [
        10
    ]  # southern: DST in October
    chatham = observances("Pacific/Chatham", dt.date(2026, 6, 1))
    assert chatham[0]["TZOFFSETTO"].td == dt.timedelta(hours=13, minutes=45)
    for tzid, offset in (
        ("Asia/Tbilisi", 4 * 60),
        ("Asia/Kolkata", 330),
        ("Asia/Kathmandu", 345),
        ("America/Sao_Paulo", -180),
    ):
        [only] = observances(tzid, dt.date(2026, 6, 1))
        assert only.name == "STANDARD" and "RRULE" not in only
        assert only["TZOFFSETFROM"].td == only["TZOFFSETTO"].td == dt.timedelta(minutes=offset)
    for tzid, day in (
        ("Asia/Tehran", dt.date(2021, 6, 1)),
        ("Africa/Casablanca", dt.date(2026, 3, 3)),
        ("Pacific/Apia", dt.date(2021, 1, 15)),
    ):
        parts = observances(tzid, day)
        assert len(parts) > 2 and not any("RRULE" in p or "RDATE" in p for p in parts)  # one DTSTART per change


SWEEP_ZONES = [
    "Europe/Vienna",
    "America/New_York",
    "Australia/Sydney",
    "America/Sao_Paulo",
    "Asia/Tbilisi",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Pacific/Chatham",
    "Asia/Tehran",
    "Africa/Casablanca",
    "Pacific/Apia",
    "Europe/Dublin",
    "Australia/Lord_Howe",
    "America/Santiago",
    "Asia/Jerusalem",
]


def ambiguous(moment: dt.datetime) -> bool:
    wall = moment.astimezone(moment.tzinfo).replace(tzinfo=None)
    return (
        wall.replace(tzinfo=moment.tzinfo, fold=0).utcoffset() != wall.replace(tzinfo=moment.tzinfo, fold=1).utcoffset()
    )


def year_sweep_calendar(tmp_path: Path, tzid: str, year: int):
    """An .ics with one 30-minute VEVENT every 5 days at 10:00 of ``year`` in ``tzid`` and one and three hours
    either side of each change of the clocks (none in a repeated hour, which is ambiguous in any .ics), with our
    VTIMEZONE: (its path, the moments, the changes)."""
    zone = ZoneInfo(tzid)
    moments = [dt.datetime(year, 1, 1, 10, tzinfo=zone) + dt.timedelta(days=5 * n) for n in range(73)]
    changes = transitions(zone, dt.datetime(year, 1, 1, tzinfo=UTC), dt.datetime(year + 1, 1, 1, tzinfo=UTC))
    for change in changes:
        for hours in (-3, -1, 1, 3):
            moment = (change.instant + dt.timedelta(hours=hours)).astimezone(zone)
            if not ambiguous(moment) and not ambiguous(moment + dt.timedelta(minutes=30)):
                moments.append(moment)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//eventkit tests//EN")
    calendar.add("version", "2.0")
    calendar.add_component(vtimezone(tzid, moments))
    for n, moment in enumerate(moments):
        vevent = icalendar.Event()
        vevent.add("uid", f"{n}@test")
        vevent.add("dtstamp", NOW)
        vevent.add("dtstart", moment.astimezone(zone))
        vevent.add("dtend", (moment + dt.timedelta(minutes=30)).astimezone(zone))
        calendar.add_component(vevent)
    path = tmp_path / f"{tzid.replace('/', '-')}.ics"
    path.write_bytes(calendar.to_ical())
    return path, moments, changes


@pytest.mark.parametrize("year", [2019, 2021, 2026])
def test_vtimezone_whole_year_sweep(year, tmp_path, icaljs, libical):
    """Every 5 days at 10:00 and one and three hours either side of each change, read by all three parsers."""
    for tzid in SWEEP_ZONES:
        path, moments, _ = year_sweep_calendar(tmp_path, tzid, year)
        expected = {f"{n}@test": (m, m + dt.timedelta(minutes=30)) for n, m in enumerate(moments)}
        assert_parsers_agree(path, expected, icaljs, libical)


# ------------------------------------------------------------------ lifecycle


def test_unchanged_rebuild_is_byte_identical(tmp_path):
    path = scaffolded(tmp_path, dt.date(2026, 6, 15), dt.time(10), "Europe/Vienna")
    event = load_event(path)
    first = build_invites(event, load_state(path), per_session=True, per_speaker=True, now=NOW)
    assert save_state(path, first.state)
    again = build_invites(event, load_state(path), per_session=True, per_speaker=True, now=NOW + dt.timedelta(days=3))
    assert [f.data for f in again.files] == [f.data for f in first.files]
    assert not save_state(path, again.state)
    assert b"DTSTAMP:20210301T120000Z" in again.file("invite.ics").data


def test_time_change_raises_sequence_keeps_uid(tmp_path, icaljs, libical):
    """The command line, twice: same UID; SEQUENCE 0 -> 1 after the start time changes; then unchanged."""
    path = scaffolded(tmp_path, dt.date(2026, 6, 15), dt.time(10), "Europe/Vienna")
    out = tmp_path / "out"
    done = run_eventkit("invites", path, "-o", out)
    assert done.returncode == 0, done.stderr
    assert "REQUEST, SEQUENCE 0" in done.stdout
    [first] = icaljs(out / "invite.ics")
    assert first["start"] == "2026-06-15T08:00:00Z" and first["sequence"] == 0
    assert state_path(path).is_file()

    path.write_text(path.read_text(encoding="utf-8").replace('start = "10:00"', 'start = "09:00"', 1), encoding="utf-8")
    assert run_eventkit("invites", path, "-o", out).returncode == 0
    [second] = icaljs(out / "invite.ics")
    assert second["uid"] == first["uid"] and second["sequence"] == 1
    assert second["start"] == "2026-06-15T07:00:00Z"
    assert libical(out / "invite.ics")[0] == 0
    data = (out / "invite.ics").read_bytes()

    assert run_eventkit("invites", path, "-o", out).returncode == 0
    assert (out / "invite.ics").read_bytes() == data
    record = json.loads(state_path(path).read_text(encoding="utf-8"))["issued"][first["uid"]]
    assert record["sequence"] == 1 and record["start"] == "2026-06-15T09:00:00"


def test_place_and_description_changes_raise_sequence(tmp_path):
    event = load_event(scaffolded(tmp_path, dt.date(2026, 6, 15), dt.time(10), "Europe/Vienna"))
    state = build_invites(event, {}, now=NOW).state
    moved = dataclasses.replace(event, event=dataclasses.replace(event.event, venue="Vienna International Centre"))
    state = build_invites(moved, state, now=NOW).state
    assert state["issued"][event_uid(event)]["sequence"] == 1
    renamed = dataclasses.replace(
        moved, agenda=(dataclasses.replace(moved.agenda[0], title="Welcome"), *moved.agenda[1:])
    )
    assert build_invites(renamed, state, now=NOW).state["issued"][event_uid(event)]["sequence"] == 2  # the agenda text


def test_cancel(tmp_path, icaljs, libical):
    path = scaffolded(tmp_path, dt.date(2026, 6, 15), dt.time(10), "Europe/Vienna")
    out = tmp_path / "out"
    assert run_eventkit("invites", path, "-o", out, "--per-session").returncode == 0
    [issued] = icaljs(out / "invite.ics")
    done = run_eventkit("invites", path, "-o", out, "--per-session", "--cancel")
    assert done.returncode == 0, done.stderr
    for ics in [out / "invite.ics", *sorted((out / "sessions").glob("*.ics"))]:
        [read] = icaljs(ics)
        assert read["method"] == "CANCEL" and read["status"] == "CANCELLED" and read["sequence"] == 1
        assert read["alarms"] == 0 and read["attendees"] >= 1
        code, output, _ = libical(ics)
        assert code == 0, output  # RFC 5546's restrictions for CANCEL
    assert icaljs(out / "invite.ics")[0]["uid"] == issued["uid"]

    # status = "cancelled" in the event file means the same, at the same SEQUENCE
    path.write_text(
        path.read_text(encoding="utf-8").replace('status = "confirmed"', 'status = "cancelled"'), encoding="utf-8"
    )
    assert run_eventkit("invites", path, "-o", out).returncode == 0
    [read] = icaljs(out / "invite.ics")
    assert (read["method"], read["sequence"]) == ("CANCEL", 1)


def test_session_removed_from_agenda_is_cancelled(tmp_path, icaljs, libical):
    event = load_event(scaffolded(tmp_path, dt.date(2026, 6, 15), dt.time(10), "Europe/Vienna"))
    first = build_invites(event, {}, per_session=True, now=NOW)
    shorter = dataclasses.replace(event, agenda=event.agenda[:-1])
    later = NOW + dt.timedelta(days=1)
    second = build_invites(shorter, first.state, per_session=True, now=later)
    closing = second.file("sessions/closing.ics")
    path = write_files(second, tmp_path / "out")["sessions/closing.ics"]
    [read] = icaljs(path)
    assert (read["method"], read["status"], read["sequence"]) == ("CANCEL", "CANCELLED", 1)
    assert read["uid"] == session_uid(event, "closing") and read["attendees"] == 1
    assert read["start"] == zulu(event.session_start(event.agenda[-1]))
    assert libical(path)[0] == 0
    assert closing.attendees[0].email == "moderator@example.org"
    # stays cancelled, unchanged, on later builds; the other sessions are untouched
    third = build_invites(shorter, second.state, per_session=True, now=later + dt.timedelta(days=1))
    assert [f.data for f in third.files] == [f.data for f in second.files]
    assert b"SEQUENCE:0" in second.file("sessions/opening.ics").data


def test_build_includes_invite_and_shares_the_state(tmp_path):
    path = scaffolded(tmp_path, dt.date(2026, 6, 15), dt.time(10), "Europe/Vienna")
    event = load_event(path)
    data = invite_for_build(event)
    assert state_path(path).is_file()
    assert invite_for_build(event) == data
    assert build_invites(event, load_state(path)).file("invite.ics").data == data


# ------------------------------------------------------------------ content

PEOPLE = """
[people.speaker]
name = "Speaker Name"
email = "speaker@example.org"

[people.delegate]
name = "D\u00e9l\u00e9gu\u00e9e \\"Quoted\\" Name"
email = "delegate@example.org"

[people.observer]
name = "Observer Name"
email = "observer@example.org"

[people.noemail]
name = "Without Address"

[[delegations]]
name = "A government"
members = ["delegate", "noemail"]

[[delegations]]
name = "An observer"
role = "observer"
members = ["observer"]
"""


def rich_event(folder: Path, title: str = "Test event") -> Path:
    path = scaffolded(folder, dt.date(2026, 6, 15), dt.time(10), "Europe/Vienna")
    text = path.read_text(encoding="utf-8").replace("speakers = []", 'speakers = ["speaker"]', 1)
    text = text.replace('title = "Test event"', f"title = {json.dumps(title)}", 1)
    path.write_text(text.replace("\n[report]", PEOPLE + "\n[report]", 1), encoding="utf-8")
    return path


def test_attendees_roles_and_organiser(tmp_path):
    event = load_event(rich_event(tmp_path))
    data = build_invites(event, {}, now=NOW).file("invite.ics").data
    vevent = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]
    attendees = {str(a).removeprefix("mailto:"): a.params for a in vevent["ATTENDEE"]}
    assert {k: v["ROLE"] for k, v in attendees.items()} == {
        "moderator@example.org": "CHAIR",
        "speaker@example.org": "REQ-PARTICIPANT",
        "delegate@example.org": "REQ-PARTICIPANT",
        "observer@example.org": "OPT-PARTICIPANT",
    }
    for params in attendees.values():
        assert (params["CUTYPE"], params["PARTSTAT"], params["RSVP"]) == ("INDIVIDUAL", "NEEDS-ACTION", "TRUE")
    assert (
        attendees["delegate@example.org"]["CN"] == 'D\u00e9l\u00e9gu\u00e9e "Quoted" Name'
    )  # RFC 6868: ^' in the file
    assert attendees["speaker@example.org"]["CN"] == "Speaker Name"
    assert str(vevent["ORGANIZER"]) == "mailto:events@example.org"


def test_publish_has_no_attendees(tmp_path, icaljs, libical):
    path = rich_event(tmp_path)
    out = tmp_path / "out"
    assert run_eventkit("invites", path, "-o", out, "--publish", "--per-speaker").returncode == 0
    for ics in [out / "invite.ics", *(out / "speakers").glob("*.ics")]:
        assert b"\r\nATTENDEE" not in ics.read_bytes()
        assert all(read["method"] == "PUBLISH" and read["attendees"] == 0 for read in icaljs(ics))
        assert libical(ics)[0] == 0  # RFC 5546: no ATTENDEE in PUBLISH


INJECTION = 'Evil\r\nATTENDEE:mailto:evil@example.org\nEND:VEVENT\nBEGIN:VEVENT; a, b; "c" \\ \u10e1\u10d0\u10e5\u10d0\u10e0\u10d7\u10d5\u10d4\u10da\u10dd'


def test_text_cannot_inject_properties(tmp_path, icaljs, libical):
    from eventkit.errors import EventFileError

    with pytest.raises(EventFileError, match="event.title: contains a line break"):  # refused by check (#12)
        load_event(rich_event(tmp_path, title=INJECTION))
    one_line = INJECTION.replace("\r\n", " ").replace("\n", " ")
    event = load_event(rich_event(tmp_path, title=one_line))
    invites = build_invites(event, {}, per_session=True, now=NOW)
    paths = write_files(invites, tmp_path / "out")
    for name, path in paths.items():
        data = path.read_bytes()
        assert b"\r\nATTENDEE:mailto:evil" not in data and data.count(b"\r\nBEGIN:VEVENT\r\n") == 1
        [read] = icaljs(path)
        assert read["attendees"] == len(invites.file(name).attendees)
        assert libical(path)[0] == 0
    [read] = icaljs(paths["invite.ics"])
    assert read["summary"] == one_line
    vevent = icalendar.Calendar.from_ical(paths["invite.ics"].read_bytes()).walk("VEVENT")[0]
    assert str(vevent["SUMMARY"]) == one_line


def test_crlf_and_folding_keep_utf8_whole(tmp_path):
    event = load_event(rich_event(tmp_path, title="\u10e1\u10d0\u10e5\u10d0\u10e0\u10d7\u10d5\u10d4\u10da\u10dd " * 12))
    for file in build_invites(event, {}, per_session=True, per_speaker=True, now=NOW).files:
        assert file.data.endswith(b"\r\n") and b"\n" not in file.data.replace(b"\r\n", b"")
        for line in file.data.split(b"\r\n"):
            assert len(line) <= 75
            line.decode("utf-8")  # no character is split across a fold


def test_state_file_unreadable_is_a_clear_error(tmp_path):
    from eventkit.errors import BuildError

    path = scaffolded(tmp_path, dt.date(2026, 6, 15), dt.time(10), "Europe/Vienna")
    state_path(path).write_text("{not json", encoding="utf-8")
    with pytest.raises(BuildError, match="invites.json"):
        load_state(path)
    done = run_eventkit("invites", path, "-o", tmp_path / "out")
    assert done.returncode == 1 and "invites.json" in done.stderr and "Traceback" not in done.stderr


def test_organiser_without_email_is_a_build_error(tmp_path):
    from eventkit.errors import BuildError

    event = load_event(scaffolded(tmp_path, dt.date(2026, 6, 15), dt.time(10), "Europe/Vienna"))
    anonymous = dataclasses.replace(event, organisers=(dataclasses.replace(event.organisers[0], email=""),))
    with pytest.raises(BuildError, match="organiser"):
        build_invites(anonymous, {})
