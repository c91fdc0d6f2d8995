"""Which time-zone abbreviations are unambiguous.

"IST" is India (UTC+5:30), Israel (UTC+2) and Ireland (UTC+1); "CST" is China and the American Central zone.
Such an abbreviation is printed as its UTC offset instead ("GMT+5:30"). What is shared is computed from the
time-zone database itself for the year in question (January and July), so no list needs keeping up to date.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache


@lru_cache(maxsize=8)
def shared_abbreviations(year: int) -> frozenset[str]:
    """Lettered abbreviations that stand for more than one UTC offset in ``year``."""
    from zoneinfo import ZoneInfo, available_timezones
    offsets: dict[str, set] = {}
    for name in available_timezones():
        try:
            zone = ZoneInfo(name)
        except (ValueError, OSError):
            continue
        for month in (1, 7):
            moment = dt.datetime(year, month, 15, 12, tzinfo=zone)
            abbreviation = moment.tzname() or ""
            if abbreviation.isalpha():
                offsets.setdefault(abbreviation, set()).add(moment.utcoffset())
    return frozenset(name for name, seen in offsets.items() if len(seen) > 1)


def is_unambiguous(abbreviation: str, moment: dt.datetime) -> bool:
    return abbreviation.isalpha() and abbreviation not in shared_abbreviations(moment.year)
