"""The attendance record: ``<stem>.attendance.json`` beside the event file, written by `eventkit attendance`.

It holds one entry per attendance report and day (its file name, its SHA-256, the day, the zone its times were
read in) with, per person id, the spans they were connected (merged), the minutes of rows that give only a
duration, and the report's lines that named them. Reports accumulate (several files, several runs, several days);
`eventkit attendance EVENT --undo FILE` removes one. The event's loader reads it, entry by entry, so that the
minutes' "Present:" line, the attendees-only participant list, the sign-in sheet and `status` all read this one
record (together with any ``[attendance] present`` list written by hand).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..errors import EventFileError, Problem
from .field_rules import ID_PATTERN, MAX_LINE_CHARS, SINGLE_LINE_FORBIDDEN
from .state_files import key_location, read_state, state_file, write_state

KIND = "attendance"
ABOUT = (
    "Who attended, recorded by `eventkit attendance` from the platforms' reports: one entry per report and "
    "day (file, SHA-256, day, the zone its times were read in) with, per person id, the spans they were "
    "connected and the report lines that named them. Commit it with the event file. Remove one report's "
    "entries with `eventkit attendance EVENT --undo FILE`; delete the file to start again."
)
RECOVER = (
    "restore the file from version control, or remove the report's entry with `eventkit attendance EVENT "
    "--undo FILE` (or delete the file and record the reports again)"
)
SHA256 = re.compile(r"^[0-9a-f]{64}$")
STAMP = "%Y-%m-%dT%H:%M:%SZ"
MAX_MINUTES = 60 * 24 * 3


@dataclass(frozen=True)
class Attended:
    """One person on one day according to one report."""

    segments: tuple[tuple[dt.datetime, dt.datetime], ...] = ()  # connected from … to (merged)
    minutes: float = 0.0  # from rows that give a duration but no times
    lines: tuple[int, ...] = ()  # the report's lines that named them

    @property
    def total_minutes(self) -> float:
        return minutes_in(list(self.segments)) + self.minutes


@dataclass(frozen=True)
class AttendanceSource:
    """One report's rows for one day of the event."""

    file: str  # the report's name as it was given (for people to read; never opened again)
    sha256: str
    day: dt.date
    recorded: str  # when it was recorded (UTC, 2027-03-16T18:00:00Z)
    zone: str  # the zone its times were read in ('Europe/Vienna', 'UTC', '' when it had none)
    zone_from: str = ""  # "the report", "--timezone" or "the event"
    people: dict[str, Attended] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.file} ({self.day.isoformat()}, {self.sha256[:12]})"


@dataclass(frozen=True)
class RecordedAttendance:
    """Everything `eventkit attendance` recorded for an event."""

    sources: tuple[AttendanceSource, ...] = ()

    @cached_property
    def days(self) -> dict[dt.date, frozenset[str]]:
        """Day → ids of the people present that day, in day order."""
        found: dict[dt.date, set[str]] = {}
        for source in self.sources:
            found.setdefault(source.day, set()).update(source.people)
        return {day: frozenset(found[day]) for day in sorted(found)}

    @cached_property
    def present(self) -> frozenset[str]:
        return frozenset(pid for ids in self.days.values() for pid in ids)

    def minutes(self, person: str, day: dt.date | None = None) -> float:
        """Minutes ``person`` was connected (on ``day``, or in all): spans merged across reports, plus durations."""
        spans: list[tuple[dt.datetime, dt.datetime]] = []
        durations = 0.0
        for source in self.sources:
            attended = source.people.get(person)
            if attended and (day is None or source.day == day):
                spans += attended.segments
                durations += attended.minutes
        return minutes_in(spans) + durations


def merge_segments(segments: list[tuple[dt.datetime, dt.datetime]]) -> list[tuple[dt.datetime, dt.datetime]]:
    """Overlapping or touching (start, end) spans joined: a person's rows after a dropped connection count once."""
    merged: list[tuple[dt.datetime, dt.datetime]] = []
    for start, end in sorted(segments):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def minutes_in(segments: list[tuple[dt.datetime, dt.datetime]]) -> float:
    return sum((end - start).total_seconds() for start, end in merge_segments(segments)) / 60


def attendance_path(event_file: Path | str) -> Path:
    return state_file(event_file, KIND)


# ------------------------------------------------------------------ reading, entry by entry


def _moment(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("no UTC offset")
    return moment


def _attended(values: object) -> tuple[Attended | None, str]:
    if not isinstance(values, dict):
        return (
            None,
            f"the entry is {type(values).__name__.replace('NoneType', 'null')}, not a table of segments, minutes and lines",
        )
    segments: list[tuple[dt.datetime, dt.datetime]] = []
    spans = values.get("segments", [])
    if not isinstance(spans, list):
        return None, "'segments' is not a list"
    for span in spans:
        try:
            moments = [_moment(t) for t in span] if isinstance(span, list) and len(span) == 2 else []
        except (TypeError, ValueError):
            moments = []
        if len(moments) != 2 or moments[1] < moments[0]:
            return None, f"segment {json.dumps(span)[:80]} is not [start, end] with UTC offsets, start first"
        segments.append((moments[0], moments[1]))
    minutes = values.get("minutes", 0)
    if isinstance(minutes, bool) or not isinstance(minutes, (int, float)) or not 0 <= minutes <= MAX_MINUTES:
        return None, f"'minutes' is {json.dumps(minutes)}, not a number of minutes from 0 to {MAX_MINUTES}"
    lines = values.get("lines", [])
    if not isinstance(lines, list) or not all(isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in lines):
        return None, f"'lines' is {json.dumps(lines)[:80]}, not a list of line numbers"
    return Attended(tuple(merge_segments(segments)), float(minutes), tuple(lines)), ""


def _text(entry: dict[str, object], key: str, required: bool = True) -> str:
    value = entry.get(key, None if required else "")
    if not isinstance(value, str) or SINGLE_LINE_FORBIDDEN.search(value) or len(value) > MAX_LINE_CHARS:
        raise ValueError(f"'{key}' is {json.dumps(value, ensure_ascii=False)[:80]}, not one line of text")
    return value


def _source(entry: object, text: str, at: int, name: str) -> AttendanceSource:
    def fail(message: str, key: str = "", start: int = at) -> EventFileError:
        line, column = key_location(text, key, start) if key else (text.count("\n", 0, at) + 1, 1)
        return EventFileError([Problem(name, line, column, "sources" + (f"[{key}]" if key else ""), message, RECOVER)])

    if not isinstance(entry, dict):
        raise fail(
            f"an entry is {type(entry).__name__.replace('NoneType', 'null')}, not a table of file, sha256, day and people"
        )
    try:
        file = _text(entry, "file")
        sha = _text(entry, "sha256")
        if not SHA256.match(sha):
            raise ValueError(f"'sha256' is {json.dumps(sha)[:80]}, not 64 hexadecimal digits")
        try:
            day = dt.date.fromisoformat(_text(entry, "day"))
        except ValueError as exc:
            raise ValueError(f"'day' is {json.dumps(entry.get('day'))[:40]}, not a date like \"2027-03-16\"") from exc
        recorded = _text(entry, "recorded")
        dt.datetime.strptime(recorded, STAMP)
        zone, zone_from = _text(entry, "zone", False), _text(entry, "zone_from", False)
    except ValueError as exc:
        raise fail(
            str(exc) if "'" in str(exc) else "'recorded' is not a UTC time like \"2027-03-16T18:00:00Z\""
        ) from exc
    people = entry.get("people", {})
    if not isinstance(people, dict):
        raise fail("'people' is not a table of person ids")
    found: dict[str, Attended] = {}
    for pid, values in people.items():
        attended, problem = _attended(values)
        if not ID_PATTERN.match(pid):
            problem = "not a person id"
        if problem or attended is None:  # (no problem means an Attended)
            line, column = key_location(text, pid, at)
            raise EventFileError(
                [Problem(name, line, column, f"people[{json.dumps(pid, ensure_ascii=False)}]", problem, RECOVER)]
            )
        found[pid] = attended
    return AttendanceSource(file, sha, day, recorded, zone, zone_from, found)


def read_recorded(event_file: Path | str) -> RecordedAttendance:
    """The record beside ``event_file`` (empty when there is none); EventFileError locating a damaged entry."""
    path = attendance_path(event_file)
    found = read_state(path, "the attendance record", RECOVER)
    if found is None:
        return RecordedAttendance()
    text, data = found
    if not isinstance(data, dict) or not isinstance(data.get("sources", []), list):
        raise EventFileError([Problem(str(path), 1, 1, "sources", "is not a list of reports", RECOVER)])
    sources: list[AttendanceSource] = []
    at = 0
    for entry in data.get("sources", []):
        sha = entry.get("sha256") if isinstance(entry, dict) else None
        where = text.find(json.dumps(sha), at) if isinstance(sha, str) else -1
        at = _object_start(text, where) if where >= 0 else at
        sources.append(_source(entry, text, at, str(path)))
    return RecordedAttendance(tuple(sources))


def _object_start(text: str, inside: int) -> int:
    """Where the JSON object holding position ``inside`` begins (to locate a source's entries from there)."""
    depth = 0
    for at in range(inside, -1, -1):
        if text[at] == "}":
            depth += 1
        elif text[at] == "{":
            if depth == 0:
                return at
            depth -= 1
    return 0


# ------------------------------------------------------------------ writing


def _attended_json(attended: Attended) -> dict[str, object]:
    data: dict[str, object] = {"lines": list(attended.lines)}
    if attended.segments:
        data["segments"] = [[start.isoformat(), end.isoformat()] for start, end in attended.segments]
    if attended.minutes:
        data["minutes"] = round(attended.minutes, 2)
    return data


def write_recorded(event_file: Path | str, record: RecordedAttendance) -> bool:
    """Write the record beside the event file when it changed; True if written."""
    sources = [
        {
            "file": s.file,
            "sha256": s.sha256,
            "day": s.day.isoformat(),
            "recorded": s.recorded,
            "zone": s.zone,
            "zone_from": s.zone_from,
            "people": {pid: _attended_json(a) for pid, a in s.people.items()},
        }
        for s in record.sources
    ]
    return write_state(attendance_path(event_file), {"about": ABOUT, "sources": sources})
