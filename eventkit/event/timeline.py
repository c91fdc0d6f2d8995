"""Local times on the wall clock → instants: the hours of each day, times after midnight, and clock changes.

An event file gives dates and wall-clock times in the event's zone.  Three things make turning them into
instants less than obvious, and they are decided here, once, for the model, the checks and the invites:

- **crossing midnight**: an end earlier than its start is on the next day (22:00-01:00 is three hours);
- **a skipped time**: on the night the clocks go forward, 02:30 does not exist in Europe/Vienna
  (02:00 → 03:00).  Such a time is an error (:func:`skipped_time`);
- **a repeated time**: on the night the clocks go back, 02:30 happens twice (first in CEST, then in CET).
  The first is meant unless the time carries its UTC offset: ``"02:30+01:00"`` is the second.  The loader
  turns that offset into the time's ``fold`` (0 = first, 1 = second), which :func:`local_moment` keeps.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

UTC = dt.UTC
ONE_DAY = dt.timedelta(days=1)


def local_moment(day: dt.date, time: dt.time, zone: ZoneInfo) -> dt.datetime:
    """The wall-clock ``time`` on ``day`` in ``zone`` (its ``fold`` picks the occurrence of a repeated time)."""
    return dt.datetime.combine(day, time.replace(tzinfo=None), zone).replace(fold=time.fold)


def crosses_midnight(start: dt.time, end: dt.time) -> bool:
    """22:00-01:00 ends on the next day; 09:00-17:00 does not (an end equal to its start is no span at all)."""
    return end < start


LONGEST_OVERNIGHT = dt.timedelta(hours=12)


def overnight_too_long(start: dt.time, end: dt.time) -> bool:
    """An end before the start means the next day only for a span of at most 12 hours (22:00-01:00, 20:00-08:00);
    14:00-13:00 (23 hours) is far more likely a mistake than an event."""
    if not crosses_midnight(start, end):
        return False
    day = dt.date(2000, 1, 1)
    return dt.datetime.combine(day + ONE_DAY, end) - dt.datetime.combine(day, start) > LONGEST_OVERNIGHT


def span(day: dt.date, start: dt.time, end: dt.time, zone: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """Start and end on ``day``; the end is on the next day when the span crosses midnight."""
    end_day = day + ONE_DAY if crosses_midnight(start, end) else day
    return local_moment(day, start, zone), local_moment(end_day, end, zone)


def exists(moment: dt.datetime) -> bool:
    """False for a wall-clock time that the clocks skip (it does not survive a round trip through UTC)."""
    back = moment.astimezone(UTC).astimezone(moment.tzinfo)
    return back.replace(tzinfo=None, fold=0) == moment.replace(tzinfo=None, fold=0)


def readings(moment: dt.datetime) -> list[dt.datetime]:
    """The instants a wall-clock time can mean: one, two for a repeated time (first, second), none if skipped."""
    if not exists(moment):
        return []
    first, second = moment.replace(fold=0), moment.replace(fold=1)
    return [first, second] if first.utcoffset() != second.utcoffset() else [first]


def parse_offset(text: str | None) -> dt.timezone | None:
    """'+01:00' → UTC+1; 'Z' → UTC; None → None."""
    if not text:
        return None
    if text == "Z":
        return dt.UTC
    minutes = int(text[1:3]) * 60 + int(text[4:6])
    return dt.timezone(dt.timedelta(minutes=-minutes if text[0] == "-" else minutes))


def utc_offset(moment: dt.datetime) -> dt.timedelta:
    """The UTC offset of a moment in a zone (the moments here are all aware)."""
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError(f"{moment} is not in a time zone")
    return offset


def offset_text(offset: dt.timedelta) -> str:
    """'+01:00', '-03:30', '+05:45'."""
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


@dataclass(frozen=True)
class ClockChange:
    """A change of the zone's offset: the wall-clock time before it and the one it jumps to."""

    instant: dt.datetime
    before: dt.timedelta
    after: dt.timedelta

    @property
    def old(self) -> dt.time:
        """The wall-clock time at which the change happens (02:00)."""
        return (self.instant + self.before).time()

    @property
    def new(self) -> dt.time:
        """The wall-clock time it changes to (03:00)."""
        return (self.instant + self.after).time()

    @property
    def text(self) -> str:
        """'clocks go from 02:00 to 03:00' (forward) or 'clocks go back from 03:00 to 02:00'."""
        back = " back" if self.after < self.before else ""
        return f"clocks go{back} from {self.old:%H:%M} to {self.new:%H:%M}"


def clock_change_near(moment: dt.datetime) -> ClockChange | None:
    """The change of offset within a day of ``moment`` (bisected to the second), or None."""
    zone = moment.tzinfo
    lo = int(moment.replace(fold=0).timestamp()) - 86400
    hi = lo + 2 * 86400

    def offset(seconds: int) -> dt.timedelta:
        return utc_offset(dt.datetime.fromtimestamp(seconds, UTC).astimezone(zone))

    before, after = offset(lo), offset(hi)
    if before == after:
        return None
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if offset(mid) == before else (lo, mid)
    return ClockChange(dt.datetime.fromtimestamp(hi, UTC).replace(tzinfo=None), before, after)


def skipped_time(moment: dt.datetime) -> str | None:
    """'02:30 does not exist in Europe/Vienna on 2027-03-28: clocks go from 02:00 to 03:00', or None."""
    if exists(moment):
        return None
    change = clock_change_near(moment)
    why = f": {change.text}" if change else ""
    return f"{moment:%H:%M} does not exist in {moment.tzinfo} on {moment:%Y-%m-%d}{why}"  # a ZoneInfo prints its key


def repeated_time(moment: dt.datetime) -> str | None:
    """'02:30 occurs twice in Europe/Vienna on 2027-10-31 (+02:00 CEST, then +01:00 CET)', or None."""
    both = readings(moment)
    if len(both) < 2:
        return None
    first, second = (f"{offset_text(utc_offset(m))} {m.tzname()}" for m in both)
    return f"{moment:%H:%M} occurs twice in {moment.tzinfo} on {moment:%Y-%m-%d} ({first}, then {second})"


def fold_for_offset(moment: dt.datetime, offset: dt.timedelta) -> int | None:
    """0 or 1: which reading of ``moment`` has this UTC offset; None when neither has."""
    for reading in readings(moment):
        if reading.utcoffset() == offset:
            return reading.fold
    return None


def day_mark(moment: dt.datetime, day: dt.date) -> str:
    """' (+1)' when ``moment`` falls on the day after ``day``, ' (-1)' the day before, else ''."""
    difference = (moment.date() - day).days
    return f" ({difference:+d})" if difference else ""
