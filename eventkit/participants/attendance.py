"""A platform's attendance report (Zoom, Webex, Teams, KUDO ...: CSV or XLSX) → who attended, recorded in the event
file's ``[attendance]`` table (``present = [ids]``), edited in place like an import.

Rows are matched to people as the registration import matches them: by e-mail, then by name (Zoom's
"Name (Original Name)" cell may hold "Renate (Renate Held)": both names are tried). One person may have several
rows (they left and joined again): their minutes add up. Rows that match nobody are returned, never dropped;
with ``add=True`` they become new people (through the import) and are present too. Rows whose "Attended"
column says no are not present.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem
from ..event.editing import EventDocument, read_event_text, save_event_text
from .imports import PeopleIndex, import_rows, split_name
from .tabular import Row, Table

NOT_ATTENDED = {"no", "non", "false", "faux", "0", "n"}


@dataclass
class Presence:
    person: str
    rows: int = 0
    minutes: float = 0.0
    join: str = ""      # the first join time, as written in the report
    leave: str = ""     # the last leave time


@dataclass
class AttendanceResult:
    text: str                                                     # the edited event file
    present: dict[str, Presence] = field(default_factory=dict)    # person id → presence, in the people order
    unmatched: list[Row] = field(default_factory=list)
    added: list[str] = field(default_factory=list)                # ids of people added with add=True
    absent_rows: int = 0                                          # rows whose "Attended" column says no
    problems: list[Problem] = field(default_factory=list)   # warnings about rows
    changed: bool = False


def row_names(row: Row) -> list[str]:
    """The names a row may mean: 'Renate (Renate Held)' → ['Renate (Renate Held)', 'Renate Held', 'Renate']."""
    full, _, _ = split_name(row)
    names = []
    for name in (full, row.get("name")):  # "First Name"+"Last Name", and Zoom's "User Name (Original Name)"
        inner = re.fullmatch(r"(.*?)\s*\((.+)\)\s*", name)
        names += [name, inner.group(2).strip(), inner.group(1).strip()] if inner else [name]
    return list(dict.fromkeys(n for n in names if n))


def _minutes(text: str) -> float:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return 0.0


def match_rows(people: dict[str, dict], tables: list[Table]) -> tuple[dict[str, Presence], list[Row], int]:
    index = PeopleIndex(people)
    present: dict[str, Presence] = {}
    unmatched: list[Row] = []
    absent = 0
    for table in tables:
        for row in table.rows:
            if fold_yes_no(row.get("attended")) in NOT_ATTENDED:
                absent += 1
                continue
            pid = None
            for name in row_names(row) or [""]:
                pid = index.find(row.get("email"), name)
                if pid:
                    break
            if pid is None:
                unmatched.append(row)
                continue
            presence = present.setdefault(pid, Presence(pid))
            presence.rows += 1
            presence.minutes += _minutes(row.get("minutes"))
            presence.join = presence.join or row.get("join")
            presence.leave = row.get("leave") or presence.leave
    return present, unmatched, absent


def fold_yes_no(text: str) -> str:
    return text.strip().lower() if text else ""


def record_attendance(event_path: Path, tables: list[Table], add: bool = False,
                      dry_run: bool = False) -> AttendanceResult:
    """Match the report's rows and write ``[attendance] present`` (and any people added) into the event file."""
    text = read_event_text(event_path)
    people = EventDocument(text).people()
    present, unmatched, absent = match_rows(people, tables)
    result = AttendanceResult(text, absent_rows=absent)
    if add and unmatched:
        imported = import_rows(text, [r for r in unmatched if r.get("email") or row_names(r)], tables, str(event_path))
        text = imported.text
        result.added = [c.person for c in imported.changes if c.action == "add"]
        result.problems += imported.warnings
        for row in unmatched:
            pid = imported.matched.get(id(row))
            if pid:
                presence = present.setdefault(pid, Presence(pid))
                presence.rows += 1
                presence.minutes += _minutes(row.get("minutes"))
                presence.join = presence.join or row.get("join")
                presence.leave = row.get("leave") or presence.leave
        unmatched = [r for r in unmatched if id(r) not in imported.matched]
        people = EventDocument(text).people()
    result.unmatched = unmatched
    order = list(people)
    result.present = {pid: present[pid] for pid in order if pid in present}
    document = EventDocument(text)
    sources = ", ".join(Path(t.file).name for t in tables)
    result.changed = document.set_attendance(list(result.present), sources) or bool(result.added)
    result.text = document.dumps()
    if result.changed and not dry_run:
        save_event_text(event_path, result.text)
    return result
