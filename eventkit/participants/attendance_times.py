"""Join and leave times in attendance reports: read in the report's zone when it says one (an offset in the cell,
"(UTC)" or a zone in the column's header), else in the event's, and placed on the event's days.

Platforms write times in many ways: Zoom "12/10/2026 01:58:12 PM" (month first) or "Dec 10, 2026 14:01:22",
Teams "12/10/26, 1:58:12 PM", Webex and spreadsheets ISO "2026-12-10 14:01:00", European "10/12/2026 14:01" or
"10.12.2026 14:01". A date whose day and month could be swapped is read the way that falls on a day of the event.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

_ISO = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$", re.I
)
_NUMERIC = re.compile(
    r"(\d{1,2})([/.])(\d{1,2})\2(\d{2}|\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]\.?M\.?)?$", re.I
)
_NAMED = re.compile(
    r"([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]\.?M\.?)?$", re.I
)
_TIME_ONLY = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]\.?M\.?)?$", re.I)
_MONTHS = {
    m: n for n, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)
}
_HEADER_ZONE = re.compile(r"\((?:(UTC|GMT)\s*(?:([+-])(\d{1,2})(?::?(\d{2}))?)?|([A-Za-z]+/[A-Za-z_/+-]+))\)", re.I)


class TimeProblem(ValueError):
    """A join or leave time that cannot be read, in words for the user."""


@dataclass(frozen=True)
class ZoneChoice:
    zone: dt.tzinfo
    name: str  # 'Europe/Vienna', 'UTC+01:00'
    source: str  # "the report" (header or cells), "--timezone" or "the event"


def header_zone(header: str) -> ZoneChoice | None:
    """The zone a column's header names: 'Join Time (UTC)', 'Join time (UTC+02:00)', 'Join (Europe/Vienna)'."""
    found = _HEADER_ZONE.search(header or "")
    if not found:
        return None
    if found.group(5):
        try:
            return ZoneChoice(ZoneInfo(found.group(5)), found.group(5), "the report")
        except (KeyError, ValueError):
            return None
    sign, hours, minutes = found.group(2), int(found.group(3) or 0), int(found.group(4) or 0)
    if hours > 14 or minutes > 59:
        return None
    offset = dt.timedelta(hours=hours, minutes=minutes) * (-1 if sign == "-" else 1)
    name = "UTC" if not offset else f"UTC{sign}{hours:02d}:{minutes:02d}"
    return ZoneChoice(dt.timezone(offset), name, "the report")


def _hour(hour: int, meridiem: str | None) -> int:
    if not meridiem:
        return hour
    if not 1 <= hour <= 12:
        raise TimeProblem(f"hour {hour} with {meridiem.upper()}")
    return hour % 12 + (12 if meridiem[0].lower() == "p" else 0)


def _offset(text: str | None) -> dt.tzinfo | None:
    if not text:
        return None
    if text.upper() == "Z":
        return dt.UTC
    digits = text[1:].replace(":", "")
    delta = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return dt.timezone(-delta if text[0] == "-" else delta)


def _year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


def read_time(text: str, zone: ZoneChoice, days: list[dt.date], fallback_day: dt.date | None = None) -> dt.datetime:
    """The instant a cell means (aware). ``days``: the event's days, to read a day/month ambiguity; a time without a
    date is on ``fallback_day``. TimeProblem when it cannot be read."""
    text = " ".join(text.split())
    try:
        found = _ISO.match(text)
        if found:
            year, month, day, hour, minute, second = (int(g or 0) for g in found.groups()[:6])
            return dt.datetime(year, month, day, hour, minute, second, tzinfo=_offset(found.group(7)) or zone.zone)
        found = _NAMED.match(text)
        if found and found.group(1)[:3].lower() in _MONTHS:
            month = _MONTHS[found.group(1)[:3].lower()]
            return dt.datetime(
                int(found.group(3)),
                month,
                int(found.group(2)),
                _hour(int(found.group(4)), found.group(7)),
                int(found.group(5)),
                int(found.group(6) or 0),
                tzinfo=zone.zone,
            )
        found = _NUMERIC.match(text)
        if found:
            first, second_number, year = int(found.group(1)), int(found.group(3)), _year(found.group(4))
            hour = _hour(int(found.group(5)), found.group(8))
            clock = (hour, int(found.group(6)), int(found.group(7) or 0))
            readings = []
            for month, day in ((first, second_number), (second_number, first)):
                try:
                    readings.append(dt.datetime(year, month, day, *clock, tzinfo=zone.zone))
                except ValueError:
                    continue
            if not readings:
                raise TimeProblem("no such date")
            on_event_day = [r for r in readings if r.date() in days]
            month_first = found.group(8) or found.group(2) == "/"  # US-style when it has AM/PM or slashes
            ordered = on_event_day or readings
            return ordered[0] if month_first or len(ordered) == 1 else ordered[-1]
        found = _TIME_ONLY.match(text)
        if found and fallback_day is not None:
            return dt.datetime.combine(
                fallback_day,
                dt.time(_hour(int(found.group(1)), found.group(4)), int(found.group(2)), int(found.group(3) or 0)),
                tzinfo=zone.zone,
            )
    except (ValueError, OverflowError) as exc:
        raise TimeProblem(f"{text!r} is not a date and time ({exc})") from exc
    if _TIME_ONLY.match(text):
        raise TimeProblem(f"{text!r} has no date: say which day with --day")
    raise TimeProblem(
        f"{text!r} is not a date and time eventkit reads (e.g. 2027-03-16 09:02, "
        "03/16/2027 09:02:00 AM, 16.03.2027 09:02)"
    )


def event_day_of(moment: dt.datetime, zone: dt.tzinfo, days: list[dt.date], start: dt.time, end: dt.time) -> dt.date:
    """The day of the event a moment belongs to: its date in the event's zone, or the day before when the event's
    hours cross midnight and the moment is in the small hours of the next date. It may not be one of ``days``."""
    local = moment.astimezone(zone)
    day = local.date()
    if end < start and local.time() < end and day - dt.timedelta(days=1) in days:
        return day - dt.timedelta(days=1)
    return day
