"""Which time-zone abbreviations are unambiguous, and which zone a place keeps when it is written instead of a
zone name ("Geneva" for Europe/Zurich).

"IST" is India (UTC+5:30), Israel (UTC+2) and Ireland (UTC+1); "CST" is China and the American Central zone.
Such an abbreviation is printed as its UTC offset instead ("GMT+5:30"). What is shared is computed from the
time-zone database itself for the year in question (January and July), so no list needs keeping up to date.
Reading the whole database takes a tenth of a second, so the answer is kept in eventkit's cache folder
(``zones/``, see :mod:`eventkit.cache`) until the database changes.
"""

from __future__ import annotations

import datetime as dt
import os
from functools import lru_cache


def database_fingerprint() -> str:
    """Changes when the time-zone database zoneinfo reads is updated (the system's, or the tzdata package's)."""
    import importlib.util
    import zoneinfo

    from ..hashing import sha256

    places = [*zoneinfo.TZPATH]
    spec = importlib.util.find_spec("tzdata")
    if spec is not None and spec.origin:
        places.append(os.path.join(os.path.dirname(spec.origin), "zoneinfo"))
    lines = []
    for place in places:
        for name in ("", "tzdata.zi", "zone1970.tab", "zone.tab"):
            try:
                status = os.stat(os.path.join(place, name))
            except OSError:
                continue
            lines.append(f"{place}/{name}\0{status.st_size}\0{status.st_mtime_ns}")
    return sha256("\n".join(lines))


@lru_cache(maxsize=8)
def shared_abbreviations(year: int) -> frozenset[str]:
    """Lettered abbreviations that stand for more than one UTC offset in ``year`` (from eventkit's cache while
    the time-zone database is unchanged)."""
    from ..cache import read_cached_json, write_cached_json

    name = f"shared-abbreviations-{year}-{database_fingerprint()}.json"
    cached = read_cached_json("zones", name)
    if isinstance(cached, list) and all(isinstance(item, str) for item in cached):
        return frozenset(cached)
    shared = read_shared_abbreviations(year)
    write_cached_json("zones", name, sorted(shared))
    return shared


@lru_cache(maxsize=1)
def installed_zone_names() -> frozenset[str]:
    """Every name of the time-zone database (read from its folder, ~15 ms: once per process, when needed)."""
    from zoneinfo import available_timezones

    return frozenset(available_timezones())


def read_shared_abbreviations(year: int) -> frozenset[str]:
    """Lettered abbreviations that stand for more than one UTC offset in ``year``, read from every zone."""
    from zoneinfo import ZoneInfo

    offsets: dict[str, set[dt.timedelta | None]] = {}
    for name in installed_zone_names():
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


# Places where meetings are held or timed from that the IANA database does not name (it names each zone after
# one city): the zone whose clock they keep.
PLACE_ZONES = {
    "geneva": "Europe/Zurich",
    "bern": "Europe/Zurich",
    "lausanne": "Europe/Zurich",
    "basel": "Europe/Zurich",
    "the hague": "Europe/Amsterdam",
    "hague": "Europe/Amsterdam",
    "strasbourg": "Europe/Paris",
    "lyon": "Europe/Paris",
    "marseille": "Europe/Paris",
    "milan": "Europe/Rome",
    "florence": "Europe/Rome",
    "turin": "Europe/Rome",
    "naples": "Europe/Rome",
    "venice": "Europe/Rome",
    "munich": "Europe/Berlin",
    "frankfurt": "Europe/Berlin",
    "hamburg": "Europe/Berlin",
    "bonn": "Europe/Berlin",
    "cologne": "Europe/Berlin",
    "barcelona": "Europe/Madrid",
    "seville": "Europe/Madrid",
    "porto": "Europe/Lisbon",
    "edinburgh": "Europe/London",
    "manchester": "Europe/London",
    "cardiff": "Europe/London",
    "st petersburg": "Europe/Moscow",
    "saint petersburg": "Europe/Moscow",
    "krakow": "Europe/Warsaw",
    "washington": "America/New_York",
    "washington dc": "America/New_York",
    "boston": "America/New_York",
    "miami": "America/New_York",
    "atlanta": "America/New_York",
    "ottawa": "America/Toronto",
    "montreal": "America/Toronto",
    "quebec": "America/Toronto",
    "houston": "America/Chicago",
    "dallas": "America/Chicago",
    "san francisco": "America/Los_Angeles",
    "seattle": "America/Los_Angeles",
    "rio de janeiro": "America/Sao_Paulo",
    "brasilia": "America/Sao_Paulo",
    "new delhi": "Asia/Kolkata",
    "delhi": "Asia/Kolkata",
    "mumbai": "Asia/Kolkata",
    "bangalore": "Asia/Kolkata",
    "bengaluru": "Asia/Kolkata",
    "chennai": "Asia/Kolkata",
    "beijing": "Asia/Shanghai",
    "shenzhen": "Asia/Shanghai",
    "guangzhou": "Asia/Shanghai",
    "hanoi": "Asia/Ho_Chi_Minh",
    "osaka": "Asia/Tokyo",
    "kyoto": "Asia/Tokyo",
    "busan": "Asia/Seoul",
    "islamabad": "Asia/Karachi",
    "lahore": "Asia/Karachi",
    "abu dhabi": "Asia/Dubai",
    "doha": "Asia/Qatar",
    "manama": "Asia/Bahrain",
    "tel aviv": "Asia/Jerusalem",
    "astana": "Asia/Almaty",
    "nur sultan": "Asia/Almaty",
    "canberra": "Australia/Sydney",
    "wellington": "Pacific/Auckland",
    "rabat": "Africa/Casablanca",
    "pretoria": "Africa/Johannesburg",
    "cape town": "Africa/Johannesburg",
    "abuja": "Africa/Lagos",
    "arusha": "Africa/Dar_es_Salaam",
}


def _place_key(text: str) -> str:
    """'Europe/Geneva' → 'geneva', 'Washington_D.C.' → 'washington dc', 'Nur-Sultan' → 'nur sultan'."""
    last = text.rsplit("/", 1)[-1].casefold().replace("_", " ").replace("-", " ").replace(".", "")
    return " ".join(last.split())


def zone_for_place(text: str) -> str | None:
    """The IANA zone of a place written instead of a zone name ('Geneva' → 'Europe/Zurich', 'vienna' →
    'Europe/Vienna'), or None when the place is not known."""
    key = _place_key(text)
    if key in PLACE_ZONES:
        return PLACE_ZONES[key]
    matches = sorted(
        name
        for name in installed_zone_names()
        if "/" in name and _place_key(name) == key and not name.startswith(("Etc/", "SystemV/"))
    )
    return matches[0] if matches else None
