"""Invites read by a third independent parser, ts-ics (a TypeScript library used by web calendars), beside
ical.js and libical: every VTIMEZONE starts in 1970, so all three expand its rules alike, summer and winter."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from conftest import REFERENCE_EVENTS
from eventkit.calendar.invites import build_invites
from eventkit.calendar.vtimezone import vtimezone
from eventkit.event.load import load_event
from eventkit.event.uids import event_uid
from test_invites import (
    NOW,
    UTC,
    expected_instants,
    scaffolded,
    write_files,
    year_sweep_calendar,
    zulu,
)


def assert_three_agree(
    path: Path,
    expected: dict[str, tuple[dt.datetime, dt.datetime]],
    tsics,
    icaljs,
    libical,
    not_in_tsics: frozenset[str] = frozenset(),
):
    """ts-ics, ical.js and libical read exactly zoneinfo's instants for every UID (ts-ics: but ``not_in_tsics``)."""
    wanted = {uid: (zulu(start), zulu(end)) for uid, (start, end) in expected.items()}
    read = {e["uid"]: (e["start"], e["end"]) for e in tsics(path)}
    assert read.keys() == wanted.keys()
    assert {u: t for u, t in read.items() if u not in not_in_tsics} == {
        u: t for u, t in wanted.items() if u not in not_in_tsics
    }, "ts-ics"
    assert {e["uid"]: (e["start"], e["end"]) for e in icaljs(path)} == wanted, "ical.js"
    code, output, starts = libical(path)
    assert code == 0, output
    assert starts == {uid: start.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ") for uid, (start, _) in expected.items()}


def test_vienna_example_reads_0830z_in_tsics_icaljs_libical(tmp_path, tsics, icaljs, libical):
    event = load_event(REFERENCE_EVENTS["summary-report"])
    invites = build_invites(event, {}, per_session=True, per_speaker=True, now=NOW)
    paths = write_files(invites, tmp_path)
    [whole] = tsics(paths["invite.ics"])
    assert whole["start"] == "2021-03-24T08:30:00Z"
    [whole] = icaljs(paths["invite.ics"])
    assert whole["start"] == "2021-03-24T08:30:00Z"
    assert libical(paths["invite.ics"])[2] == {event_uid(event): "20210324T083000Z"}
    wanted = expected_instants(event, invites)
    for name, path in paths.items():
        assert_three_agree(path, wanted[name], tsics, icaljs, libical)


def test_observances_start_in_1970():
    zone = vtimezone("Europe/Vienna", [dt.datetime(2027, 3, 24, 9, 30, tzinfo=ZoneInfo("Europe/Vienna"))])
    daylight, standard = icalendar.Timezone.from_ical(zone.to_ical()).subcomponents
    assert daylight["DTSTART"].dt == dt.datetime(1970, 3, 29, 2)  # the last Sunday of March 1970
    assert standard["DTSTART"].dt == dt.datetime(1970, 10, 25, 3)  # the last Sunday of October 1970
    new_york = vtimezone("America/New_York", [dt.datetime(2027, 6, 1, tzinfo=ZoneInfo("America/New_York"))])
    assert b"DTSTART:19700308T020000" in new_york.to_ical() and b"DTSTART:19701101T020000" in new_york.to_ical()
    for tzid, day in (("Asia/Tehran", dt.date(2021, 6, 1)), ("Africa/Casablanca", dt.date(2026, 3, 3))):
        first = icalendar.Timezone.from_ical(
            vtimezone(tzid, [dt.datetime.combine(day, dt.time(10), ZoneInfo(tzid))]).to_ical()
        ).subcomponents[0]
        assert first["DTSTART"].dt == dt.datetime(1970, 1, 1)


# Summer and winter of every kind of zone: northern and southern daylight saving, none, odd offsets, irregular.
SEASON_ZONES = [
    "Europe/Vienna",
    "Europe/London",
    "Europe/Dublin",
    "America/New_York",
    "America/Los_Angeles",
    "America/Santiago",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Pacific/Auckland",
    "Pacific/Chatham",
    "Asia/Jerusalem",
    "Asia/Tbilisi",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "America/Sao_Paulo",
    "Asia/Tehran",
    "Africa/Casablanca",
    "Pacific/Apia",
]


@pytest.mark.parametrize("zone", SEASON_ZONES)
@pytest.mark.parametrize("season, day", [("summer", dt.date(2027, 7, 15)), ("winter", dt.date(2027, 1, 14))])
def test_zone_summer_and_winter(zone, season, day, tmp_path, tsics, icaljs, libical):
    if zone in ("Asia/Tehran", "Pacific/Apia"):
        day = day.replace(year=2021)  # when they still had daylight saving
    event = load_event(scaffolded(tmp_path, day, dt.time(10), zone))
    invites = build_invites(event, {}, per_session=True, now=NOW)
    wanted = expected_instants(event, invites)
    for name, path in write_files(invites, tmp_path / "out").items():
        assert_three_agree(path, wanted[name], tsics, icaljs, libical)


@pytest.mark.parametrize("year", [2021, 2027])
def test_every_change_of_the_year_in_tsics(year, tmp_path, tsics, icaljs, libical):
    """Every 5 days at 10:00 and one and three hours either side of each change, in every season zone.

    ts-ics misplaces the change itself, whatever the VTIMEZONE says: a yearly rule (RRULE) changes at
    midnight of the change day instead of at its time (02:00, 03:00), and a one-off observance hours off
    (it compares a local time with a UTC one).  Moments within 14 hours of a change are therefore checked in
    ical.js and libical only; every other moment in all three (docs/explanation/time-zones.md)."""
    for tzid in SEASON_ZONES:
        path, moments, changes = year_sweep_calendar(tmp_path, tzid, year)
        night = frozenset(
            f"{n}@test"
            for n, m in enumerate(moments)
            if any(abs(m - c.instant) < dt.timedelta(hours=14) for c in changes)
        )
        assert_three_agree(
            path,
            {f"{n}@test": (m, m + dt.timedelta(minutes=30)) for n, m in enumerate(moments)},
            tsics,
            icaljs,
            libical,
            night,
        )
