"""What `eventkit import` last wrote for each person: ``<stem>.imported.json`` beside the event file.

A re-import compares three values of a field: what the export says now, what the event file holds, and what the
import last wrote there (this file). A field the organiser changed since (the file no longer holds what the import
wrote, or the import never wrote it) is the organiser's: the import keeps it and says so. The file holds, per
person id, the fields the import wrote (``name``, ``email``, ``title`` ...), the delegation it put them in
(``delegation``) and their registration status (``registration``; "" for approved).

Deleting the file is safe: the next import treats every value in the event file as written by hand (it keeps
them, reporting what the export says) until ``--overwrite``.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import EventFileError, Problem
from ..event.field_rules import ID_PATTERN, MAX_LINE_CHARS, SINGLE_LINE_FORBIDDEN
from ..event.state_files import key_location, read_state, state_file, write_state

KIND = "imported"
RECORDED_FIELDS = ("honorific", "name", "title", "organisation", "country", "email", "registration", "delegation")
ABOUT = (
    "What `eventkit import` last wrote for each person (per person id: the fields, the delegation, the "
    "registration status), so that a re-import keeps what was changed by hand since. Commit it with the "
    "event file; deleting it makes the next import keep every value of the event file."
)
RECOVER = (
    "restore the file from version control, or delete the entry (or the file): the import then keeps that "
    "person's values as they are in the event file"
)


def imported_path(event_file: Path | str) -> Path:
    return state_file(event_file, KIND)


def _entry_problem(values: object) -> str:
    if not isinstance(values, dict):
        kind = type(values).__name__.replace("NoneType", "null")
        return f"the entry is {kind}, not a table of the fields the import wrote"
    for name, value in values.items():
        if name not in RECORDED_FIELDS:
            return f"'{name}' is not a field the import writes ({', '.join(RECORDED_FIELDS)})"
        if not isinstance(value, str) or SINGLE_LINE_FORBIDDEN.search(value) or len(value) > MAX_LINE_CHARS:
            return f"'{name}' is {json.dumps(value, ensure_ascii=False)[:80]}, not one line of text"
    return ""


def load_imported(event_file: Path | str) -> dict[str, dict[str, str]]:
    """{person id: {field: value the import last wrote}} ({} when there is no file); EventFileError when damaged."""
    path = imported_path(event_file)
    found = read_state(path, "the import state", RECOVER)
    if found is None:
        return {}
    text, data = found
    if not isinstance(data, dict) or not isinstance(data.get("people", {}), dict):
        raise EventFileError([Problem(str(path), 1, 1, "people", "is not a table of person ids", RECOVER)])
    people = data.get("people", {})
    for pid, values in people.items():
        problem = "not a person id" if not ID_PATTERN.match(pid) else _entry_problem(values)
        if problem:
            line, column = key_location(text, pid)
            raise EventFileError(
                [Problem(str(path), line, column, f"people[{json.dumps(pid, ensure_ascii=False)}]", problem, RECOVER)]
            )
    return {pid: dict(values) for pid, values in people.items()}


def save_imported(event_file: Path | str, people: dict[str, dict[str, str]]) -> bool:
    """Write the record beside the event file when it changed; True if written."""
    return write_state(imported_path(event_file), {"about": ABOUT, "people": people})
