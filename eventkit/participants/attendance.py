"""Platforms' attendance reports (Zoom, Webex, Teams, KUDO ...: CSV or XLSX) → the attendance record beside the
event file (:mod:`eventkit.event.attendance_record`), accumulated report by report and day by day.

Rows are matched to people by :mod:`eventkit.event.identity` (e-mail, then the name and Zoom's "Original Name";
an ambiguous row is listed and left for ``--match``). A row's day is its join time's day in the event's zone; a
report with a row on a day the event does not have (or not the ``--day`` asked for) is refused, at that row. Join
and leave times are read in the report's zone when it gives one, else in the event's (the result says which);
a person's spans are merged, so rows of a dropped and resumed connection count once. Host and panelist rows are
recognised: they never become people, and they are not counted as unmatched participants. Rows whose "Attended"
column says no are not present. Rows that match nobody are returned, never dropped; with ``add=True`` they become
new people (through the import) and are present too.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypedDict

from ..errors import EventFileError, Problem
from ..event.attendance_record import (
    STAMP,
    AttendanceSource,
    Attended,
    RecordedAttendance,
    merge_segments,
    read_recorded,
    write_recorded,
)
from ..event.editing import read_event_text, save_event_text
from ..event.load import load_event
from ..event.model import Event
from .attendance_times import TimeProblem, ZoneChoice, event_day_of, header_zone, read_time
from .identity import NEW, Choice, PeopleIndex, chosen
from .import_state import load_imported, save_imported
from .imports import import_rows
from .registrations import ROLE_OF, split_name
from .tabular import Row, Table, TableFileError, fold

NOT_ATTENDED = {"no", "non", "false", "faux", "0", "n", "nein"}
Span = tuple[dt.datetime, dt.datetime]  # (joined, left)


@dataclass
class Unmatched:
    row: Row
    reason: str = ""  # "" (nobody has this name or e-mail), or why the match is ambiguous
    day: dt.date | None = None
    span: Span | None = None

    @property
    def needs_choice(self) -> bool:
        return bool(self.reason)


@dataclass
class SourceResult:
    """What one report gives for one day."""

    table: Table
    source: AttendanceSource
    already: bool = False  # the same file (hash) is recorded already


@dataclass
class AttendanceResult:
    sources: list[SourceResult] = field(default_factory=list)
    unmatched: list[Unmatched] = field(default_factory=list)
    hosts: list[tuple[Row, str]] = field(default_factory=list)  # host and panelist rows that match nobody
    added: list[str] = field(default_factory=list)  # ids of people added with add=True
    absent_rows: int = 0  # rows whose "Attended" column says no
    problems: list[Problem] = field(default_factory=list)  # warnings about rows
    zones: list[tuple[str, ZoneChoice]] = field(default_factory=list)  # (file, the zone its times were read in)
    record: RecordedAttendance = field(default_factory=RecordedAttendance)
    changed: bool = False


def row_names(row: Row) -> list[str]:
    """The names a row may mean: 'Renate (Renate Held)' → ['Renate (Renate Held)', 'Renate Held', 'Renate']."""
    full, _, _ = split_name(row)
    names: list[str] = []
    for name in (full, row.get("name")):  # "First Name"+"Last Name", and Zoom's "User Name (Original Name)"
        inner = re.fullmatch(r"(.*?)\s*\((.+)\)\s*", name)
        names += [name, inner.group(2).strip(), inner.group(1).strip()] if inner else [name]
    return list(dict.fromkeys(n for n in names if n))


def _minutes(text: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return 0.0
    return value if 0 <= value <= 24 * 60 else 0.0


def _zone_of(table: Table, event: Event, zone_option: ZoneChoice | None) -> ZoneChoice:
    if zone_option:
        return zone_option
    for name in ("join", "leave"):
        found = header_zone(table.columns.get(name, ""))
        if found:
            return found
    return ZoneChoice(event.zone, event.event.timezone, "the event")


def _offset_in_cells(table: Table) -> bool:
    return any(re.search(r"(Z|[+-]\d{2}:?\d{2})$", row.get("join")) for row in table.rows if row.get("join"))


class _Presence(TypedDict):
    """One person on one day of one report: their spans, their minutes where a row has no times, its lines."""

    segments: list[Span]
    minutes: float
    lines: list[int]


@dataclass
class _Day:
    people: dict[str, _Presence] = field(default_factory=dict)  # person id → their presence that day


def _read_table(
    table: Table,
    event: Event,
    index: PeopleIndex,
    choices: list[Choice],
    day: dt.date | None,
    zone: ZoneChoice,
    result: AttendanceResult,
) -> dict[dt.date, _Day]:
    """The table's rows by event day; TableFileError (located) for a row on a day that is not the event's."""
    days: dict[dt.date, _Day] = {}
    problems: list[Problem] = []
    only_day = day or (event.days[0] if len(event.days) == 1 else None)
    for row in table.rows:
        if fold(row.get("attended")) in NOT_ATTENDED:
            result.absent_rows += 1
            continue
        try:
            join = read_time(row.get("join"), zone, event.days, only_day) if row.get("join") else None
            leave = read_time(row.get("leave"), zone, event.days, only_day) if row.get("leave") else None
        except TimeProblem as exc:
            problems.append(row.problem("join", str(exc)))
            continue
        row_day = only_day
        if join is not None:
            row_day = event_day_of(join, event.zone, event.days, event.event.start, event.event.end)
            if row_day not in event.days or (day and row_day != day):
                wanted = (
                    f"--day {day.isoformat()}"
                    if day
                    else "the event's days: " + ", ".join(d.isoformat() for d in event.days)
                )
                problems.append(
                    row.problem(
                        "join",
                        f"{row.get('join')} is on {row_day.isoformat()}, which is not {wanted}",
                        "is this the report of another meeting or day?",
                    )
                )
                continue
        if row_day is None:
            problems.append(
                row.problem(
                    "name" if row.get("name") else "email",
                    "this row has no join time to tell which day it is",
                    "say which day with --day YYYY-MM-DD",
                )
            )
            continue
        span = (join, leave) if join is not None and leave is not None and leave >= join else None
        pid = _person_of(row, index, choices, result)
        if pid is None:
            if result.unmatched and result.unmatched[-1].row is row:
                result.unmatched[-1].day, result.unmatched[-1].span = row_day, span
            continue
        _count(days, row_day, pid, row, span)
    if problems:
        raise TableFileError(problems)
    return days


def _count(days: dict[dt.date, _Day], day: dt.date, pid: str, row: Row, span: Span | None) -> None:
    entry = days.setdefault(day, _Day()).people.setdefault(pid, {"segments": [], "minutes": 0.0, "lines": []})
    entry["lines"].append(row.line)
    if span is not None:
        entry["segments"].append(span)
    else:
        entry["minutes"] += _minutes(row.get("minutes"))


def _person_of(row: Row, index: PeopleIndex, choices: list[Choice], result: AttendanceResult) -> str | None:
    role = ROLE_OF.get(fold(row.get("role")), "")
    choice = chosen(choices, row.file, row.line)
    if choice is not None and choice.person != NEW:
        return choice.person
    match = index.match(row.get("email"), row_names(row)) if choice is None else None
    if match is not None and match.person:
        return match.person
    if role:
        result.hosts.append((row, role))
    elif match is not None and match.ambiguous:
        where = f"{row.file}:{row.line}"
        options = " or ".join(f"--match {where}={pid}" for pid in match.candidates)
        result.unmatched.append(Unmatched(row, f"{match.reason}; choose with {options}, or --match {where}=new"))
    else:
        result.unmatched.append(Unmatched(row))
    return None


def _sources(table: Table, days: dict[dt.date, _Day], zone: ZoneChoice, now: str) -> list[AttendanceSource]:
    zone_name = zone.name if any(p["segments"] for d in days.values() for p in d.people.values()) else ""
    sources = []
    for day, found in sorted(days.items()):
        people = {
            pid: Attended(tuple(merge_segments(v["segments"])), v["minutes"], tuple(v["lines"]))
            for pid, v in found.people.items()
        }
        sources.append(
            AttendanceSource(
                Path(table.file).name, table.sha256, day, now, zone_name, zone.source if zone_name else "", people
            )
        )
    return sources


def record_attendance(
    event_path: Path,
    tables: list[Table],
    add: bool = False,
    dry_run: bool = False,
    day: dt.date | None = None,
    zone: ZoneChoice | None = None,
    choices: list[Choice] | None = None,
) -> AttendanceResult:
    """Match the reports' rows and add them to the attendance record (and any people added to the event file)."""
    choices = choices or []
    event = load_event(event_path)
    if day is not None and day not in event.days:
        raise EventFileError(
            [
                Problem(
                    "--day",
                    0,
                    0,
                    "",
                    f"{day.isoformat()} is not a day of the event ("
                    + ", ".join(d.isoformat() for d in event.days)
                    + ")",
                )
            ]
        )
    for choice in choices:
        if choice.person != NEW and choice.person not in event.people:
            raise EventFileError([Problem("--match", 0, 0, "", f"no person '{choice.person}' in {event_path}")])
    record = read_recorded(event_path)
    known = {s.sha256 for s in record.sources}
    result = AttendanceResult()
    now = dt.datetime.now(dt.UTC).strftime(STAMP)
    index = PeopleIndex.of(
        {pid: {"name": p.name, "email": p.email, "local_name": p.local_name} for pid, p in event.people.items()}
    )
    problems: list[Problem] = []
    read: list[tuple[Table, dict[dt.date, _Day], ZoneChoice]] = []
    for table in tables:
        if table.sha256 in known:
            result.sources += [SourceResult(table, s, already=True) for s in record.sources if s.sha256 == table.sha256]
            continue
        chosen_zone = _zone_of(table, event, zone)
        if chosen_zone.source == "the event" and _offset_in_cells(table):
            chosen_zone = replace(chosen_zone, source="the report")
        try:
            read.append((table, _read_table(table, event, index, choices, day, chosen_zone, result), chosen_zone))
        except TableFileError as exc:
            problems += exc.problems
    if problems:
        raise TableFileError(problems)
    if add:
        _add_people(event_path, tables, read, result, dry_run)
    sources = list(record.sources)
    for table, days, chosen_zone in read:
        if any(p["segments"] for d in days.values() for p in d.people.values()) or any(
            u.span for u in result.unmatched if u.row.file == table.file
        ):
            result.zones.append((table.file, chosen_zone))
        for source in _sources(table, days, chosen_zone, now):
            sources.append(source)
            result.sources.append(SourceResult(table, source))
    result.record = RecordedAttendance(tuple(sources))
    result.changed = len(sources) != len(record.sources) or bool(result.added)
    if result.changed and not dry_run:
        write_recorded(event_path, result.record)
    return result


def _add_people(
    event_path: Path,
    tables: list[Table],
    read: list[tuple[Table, dict[dt.date, _Day], ZoneChoice]],
    result: AttendanceResult,
    dry_run: bool,
) -> None:
    """``--add``: the unmatched rows (not the ambiguous ones) become people, present on their rows' days."""
    rows = [
        u.row
        for u in result.unmatched
        if not u.needs_choice and u.day is not None and (u.row.get("email") or row_names(u.row))
    ]
    if not rows:
        return
    text = read_event_text(event_path)
    imported = import_rows(text, rows, tables, str(event_path), load_imported(event_path))
    result.added = [c.person for c in imported.changes if c.action == "add"]
    result.problems += imported.warnings
    tables_days = {table.file: days for table, days, _ in read}
    for unmatched in result.unmatched:
        pid = imported.matched.get(id(unmatched.row))
        if pid and unmatched.day is not None:
            _count(tables_days[unmatched.row.file], unmatched.day, pid, unmatched.row, unmatched.span)
    result.unmatched = [u for u in result.unmatched if id(u.row) not in imported.matched]
    if not dry_run and imported.changes:
        save_event_text(event_path, imported.text)
        save_imported(event_path, imported.imported)


def undo_source(
    event_path: Path, which: str, dry_run: bool = False
) -> tuple[list[AttendanceSource], RecordedAttendance]:
    """Remove the recorded reports named ``which`` (a file name as recorded, or the start of its SHA-256);
    EventFileError listing the recorded reports when none or several files match."""
    record = read_recorded(event_path)
    by_name = [s for s in record.sources if s.file == which or s.file == Path(which).name]
    by_hash = [s for s in record.sources if len(which) >= 6 and s.sha256.startswith(which.lower())]
    found = by_name or by_hash
    if len({s.sha256 for s in found}) > 1:
        listed = "; ".join(s.label for s in found)
        raise EventFileError(
            [
                Problem(
                    "--undo",
                    0,
                    0,
                    "",
                    f"{which!r} names several reports: {listed}",
                    "give the start of the SHA-256 of the one to remove",
                )
            ]
        )
    if not found:
        listed = "; ".join(s.label for s in record.sources) or "none"
        raise EventFileError([Problem("--undo", 0, 0, "", f"no recorded report {which!r} (recorded: {listed})")])
    kept = RecordedAttendance(tuple(s for s in record.sources if s.sha256 != found[0].sha256))
    if not dry_run:
        write_recorded(event_path, kept)
    return found, kept
