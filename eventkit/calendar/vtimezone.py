"""VTIMEZONE components written from zoneinfo, in the RRULE form that Outlook, Google and Thunderbird read.

icalendar's own generator (``add_missing_timezones()``, ``Timezone.from_tzid()``) emits lists of RDATEs
that Mozilla's ical.js and vobject read one hour off in summer, so eventkit writes the zone itself:

- a zone whose offset does not change around the event's dates: one STANDARD observance
  (TZOFFSETFROM = TZOFFSETTO);
- a zone with a regular daylight-saving rule ("last Sunday of March at 02:00"): one STANDARD and one
  DAYLIGHT observance, each with ``RRULE:FREQ=YEARLY;BYMONTH=..;BYDAY=..`` and DTSTART on the rule's
  day in 1970 (as Google Calendar and Thunderbird write them).  A DTSTART in 1970 keeps every parser's
  rule expansion on the same footing: ts-ics, for one, reads standard time an hour off when the
  observances start in the year before the event;
- anything else (Asia/Tehran before 2022, Africa/Casablanca's Ramadan changes, a zone that has just
  dropped daylight saving): the offset in force before the covered years from 1970 on, then one
  observance per actual transition, each with its own DTSTART.

Every rule is checked against zoneinfo over the years of the event and one year either side, so the
component is right for the event's dates even where the zone's history is irregular.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import icalendar

UTC = dt.UTC
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Transition:
    """A change of a zone's UTC offset: the instant, the offsets before and after, the name after."""

    instant: dt.datetime
    before: dt.timedelta
    after: dt.timedelta
    name: str

    @property
    def local(self) -> dt.datetime:
        """The wall-clock time at which the change happens, read in the old offset (a VTIMEZONE's DTSTART)."""
        return (self.instant + self.before).replace(tzinfo=None)


def _at(zone: ZoneInfo, seconds: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, UTC).astimezone(zone)


def _offset(moment: dt.datetime) -> dt.timedelta:
    """The UTC offset of an aware moment."""
    offset = moment.utcoffset()
    assert offset is not None, f"{moment} has no UTC offset"
    return offset


def transitions(zone: ZoneInfo, start: dt.datetime, end: dt.datetime) -> list[Transition]:
    """Every offset change between two UTC instants (sampled daily, then bisected to the second)."""
    found: list[Transition] = []
    step = 86400
    t, stop = int(start.timestamp()), int(end.timestamp())
    offset = _offset(_at(zone, t))
    while t < stop:
        nxt = min(t + step, stop)
        new = _offset(_at(zone, nxt))
        if new != offset:
            lo, hi = t, nxt  # offset(lo) == old, offset(hi) == new
            while hi - lo > 1:
                mid = (lo + hi) // 2
                lo, hi = (mid, hi) if _at(zone, mid).utcoffset() == offset else (lo, mid)
            moment = _at(zone, hi)
            found.append(Transition(dt.datetime.fromtimestamp(hi, UTC), offset, new, moment.tzname() or ""))
            offset = new
        t = nxt
    return found


def _weekday_rules(day: dt.datetime) -> set[str]:
    """The BYDAY values that describe this day within its month: '2SU', and '-1SU' when it is the last one."""
    code = WEEKDAYS[day.weekday()]
    rules = {f"{(day.day - 1) // 7 + 1}{code}"}
    if day.day + 7 > calendar.monthrange(day.year, day.month)[1]:
        rules.add(f"-1{code}")
    return rules


def _yearly_rule(changes: list[Transition]) -> str | None:
    """The BYDAY value that reproduces all these transitions (one per year), or None if there is none."""
    if len({(c.local.month, c.local.time(), c.before, c.after) for c in changes}) != 1:
        return None
    if len({c.local.year for c in changes}) != len(changes):
        return None
    common = set.intersection(*(_weekday_rules(c.local) for c in changes))
    if not common:
        return None
    return min(common, key=lambda r: (not r.startswith("-1"), r))  # prefer 'last Sunday'


EPOCH_YEAR = 1970  # every observance starts in this year (or at an actual transition after it)


def _rule_day(year: int, month: int, byday: str) -> dt.date:
    """The day that a BYDAY value such as '-1SU' or '2SU' names in a month: the last / second Sunday."""
    ordinal, code = int(byday[:-2]), byday[-2:]
    days = [
        dt.date(year, month, d)
        for d in range(1, calendar.monthrange(year, month)[1] + 1)
        if WEEKDAYS[dt.date(year, month, d).weekday()] == code
    ]
    return days[ordinal - 1] if ordinal > 0 else days[ordinal]


def _observance(
    kind: type[icalendar.cal.Component],
    start: dt.datetime,
    before: dt.timedelta,
    after: dt.timedelta,
    name: str,
    rrule: dict[str, str | int] | None = None,
) -> icalendar.cal.Component:
    part = kind()
    part.add("dtstart", start)
    if rrule:
        part.add("rrule", rrule)
    part.add("tzoffsetfrom", before)
    part.add("tzoffsetto", after)
    if name:
        part.add("tzname", name)
    return part


def vtimezone(tzid: str, moments: Iterable[dt.datetime]) -> icalendar.Timezone:
    """A VTIMEZONE for ``tzid`` that is right for every instant in ``moments`` (the event's starts and ends)."""
    zone = ZoneInfo(tzid)
    years = sorted({m.astimezone(zone).year for m in moments})
    if not years:
        raise ValueError("vtimezone() needs at least one moment")
    window_start = dt.datetime(years[0] - 1, 1, 1, tzinfo=UTC)
    window_end = dt.datetime(years[-1] + 2, 1, 1, tzinfo=UTC)
    changes = transitions(zone, window_start, window_end)

    component = icalendar.Timezone()
    component.add("tzid", tzid)
    if not changes:
        moment = window_start.astimezone(zone)
        offset = _offset(moment)
        component.add_component(
            _observance(icalendar.TimezoneStandard, dt.datetime(1970, 1, 1), offset, offset, moment.tzname() or "")
        )
        return component

    offsets = {c.after for c in changes} | {c.before for c in changes}
    if len(offsets) == 2:
        daylight = max(offsets)
        onsets = [c for c in changes if c.after == daylight]
        ends = [c for c in changes if c.after != daylight]
        onset_rule, end_rule = _yearly_rule(onsets), _yearly_rule(ends)
        covered = len(onsets) == len(ends) == years[-1] - years[0] + 3
        if covered and onset_rule and end_rule:
            for kind, group, rule in (
                (icalendar.TimezoneDaylight, onsets, onset_rule),
                (icalendar.TimezoneStandard, ends, end_rule),
            ):
                first = group[0]
                rrule: dict[str, str | int] = {"freq": "yearly", "bymonth": first.local.month, "byday": rule}
                start = dt.datetime.combine(_rule_day(EPOCH_YEAR, first.local.month, rule), first.local.time())
                component.add_component(_observance(kind, start, first.before, first.after, first.name, rrule))
            return component

    # Irregular: the offset in force at the window's start, then every actual change.
    moment = window_start.astimezone(zone)
    opening = _offset(moment)
    component.add_component(
        _observance(icalendar.TimezoneStandard, dt.datetime(EPOCH_YEAR, 1, 1), opening, opening, moment.tzname() or "")
    )
    for change in changes:
        is_daylight = (_at(zone, int(change.instant.timestamp())).dst() or dt.timedelta(0)) > dt.timedelta(0)
        kind = icalendar.TimezoneDaylight if is_daylight else icalendar.TimezoneStandard
        component.add_component(_observance(kind, change.local, change.before, change.after, change.name))
    return component
