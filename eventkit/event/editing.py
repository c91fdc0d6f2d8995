"""Editing the event file in place (tomlkit), keeping its comments, order and formatting, and writing it back only
when the edited file passes the loader.

Used by `eventkit import` (people and delegations) and `eventkit attendance` (the [attendance] table). New
``[people.<id>]`` tables go after the last one and new ``[[delegations]]`` after the last delegation, each taking
over the comments that stood below its predecessor (the heading comment of the next section stays below).
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from ..errors import EventFileError, Problem
from .load import check_event, read_source

PERSON_FIELDS = ("honorific", "name", "title", "organisation", "country", "email")


class EventDocument:
    """The event file as a tomlkit document, with the few edits an import makes."""

    def __init__(self, text: str):
        import tomlkit
        self.tomlkit = tomlkit
        self.doc = tomlkit.parse(text)
        self.crlf = "\r\n" in text  # a file saved on Windows keeps its line endings
        self._last_person = None      # the last [people.<id>] table (found once: a list of them costs O(n))
        self._long_arrays: set[int] = set()  # delegations whose members array is already multi-line

    def layout_problems(self, name: str) -> list[Problem]:
        """The import edits [people.<id>] tables and [[delegations]]; other ways of writing them are refused."""
        from tomlkit.items import AoT, Table as TomlTable
        problems = []
        people = self.doc.get("people")
        if people is not None and not all(isinstance(v, TomlTable) for v in people.values()):
            problems.append(Problem(name, 0, 0, "people", "people are written as inline tables or dotted keys",
                                    "write each person as a [people.<id>] table to import into this file"))
        delegations = self.doc.get("delegations")
        if delegations is not None and not isinstance(delegations, AoT):
            problems.append(Problem(name, 0, 0, "delegations", "delegations are written as an inline list",
                                    "write each delegation as a [[delegations]] table to import into this file"))
        return problems

    def people(self) -> dict[str, dict]:
        return {pid: dict(table) for pid, table in self.doc.get("people", {}).items()}

    def delegations(self):
        return self.doc.get("delegations", [])

    def _move_trailing_trivia(self, last, new) -> None:
        """Comments and blank lines after the last table (the next section's heading comment) go after ``new``."""
        from tomlkit.items import Comment, Whitespace
        body = last.value.body
        end = len(body)
        while end and body[end - 1][0] is None and isinstance(body[end - 1][1], (Comment, Whitespace)):
            end -= 1
        trailing = body[end:]
        del body[end:]
        body.append((None, Whitespace("\n")))  # one blank line between the tables
        new.trivia.indent = ""                  # (tomlkit may have added one of its own)
        new.value.body.extend(trailing)

    def add_person(self, pid: str, values: dict) -> None:
        table = self.tomlkit.table()
        for name in PERSON_FIELDS:
            if values.get(name):
                table[name] = values[name]
        if "people" not in self.doc:
            if not self.tomlkit.dumps(self.doc).endswith("\n\n"):
                self.doc.add(self.tomlkit.nl())
            self.doc.append("people", self.tomlkit.table(is_super_table=True))
        people = self.doc["people"]
        last = self._last_person
        if last is None and len(people):
            last = people[list(people.keys())[-1]]
        people.append(pid, table)
        self._last_person = table
        if last is not None:
            self._move_trailing_trivia(last, table)

    def set_value(self, pid: str, name: str, value: str) -> None:
        self.doc["people"][pid][name] = value

    def add_delegation(self, name: str, members: list[str], category: str = "") -> None:
        table = self.tomlkit.table()
        table["name"] = name
        if category:
            table["category"] = category
        table["members"] = self._members_array(members)
        if "delegations" not in self.doc:
            if not self.tomlkit.dumps(self.doc).endswith("\n\n"):
                self.doc.add(self.tomlkit.nl())
            self.doc.append("delegations", self.tomlkit.aot())
        aot = self.doc["delegations"]
        last = aot[-1] if len(aot) else None
        aot.append(table)
        if last is not None:
            self._move_trailing_trivia(last, aot[-1])

    def _members_array(self, members: list[str]):
        array = self.tomlkit.array()
        array.extend(members)
        if len(", ".join(f'"{m}"' for m in members)) > 90:
            array.multiline(True)
        return array

    def add_member(self, index: int, pid: str) -> None:
        delegation = self.delegations()[index]
        if "members" not in delegation:
            delegation["members"] = self._members_array([pid])
            return
        members = delegation["members"]
        members.append(pid)
        if len(members) > 6 and index not in self._long_arrays:
            shown = members.as_string()
            if len(shown) > 100 and "\n" not in shown:
                delegation["members"] = self._members_array([str(m) for m in members])
            if "\n" in delegation["members"].as_string():
                self._long_arrays.add(index)

    def remove_member(self, index: int, pid: str) -> None:
        members = self.delegations()[index]["members"]
        position = [str(m) for m in members].index(pid)
        del members[position]

    def set_attendance(self, present: list[str], source: str) -> bool:
        """Write ``[attendance] present`` and ``source`` (a new table goes at the end); True if anything changed."""
        tomlkit = self.tomlkit
        if "attendance" not in self.doc:
            table = tomlkit.table()
            table.add(tomlkit.comment("Who attended, from the platform's attendance report (eventkit attendance)."))
            table["present"] = self._members_array(present)
            table["source"] = source
            flag = tomlkit.item(False).comment("true: the participant list shows only those present")
            flag.trivia.comment_ws = "  "
            table["attendees_only"] = flag
            self.doc.add(tomlkit.nl())
            self.doc.append("attendance", table)
            return True
        table = self.doc["attendance"]
        changed = False
        if [str(p) for p in table.get("present", [])] != present:
            table["present"] = self._members_array(present)
            changed = True
        if str(table.get("source", "")) != source:
            table["source"] = source
            changed = True
        return changed

    def dumps(self) -> str:
        text = self.tomlkit.dumps(self.doc)
        text = text if text.endswith("\n") else text + "\n"
        return re.sub(r"(?<!\r)\n", "\r\n", text) if self.crlf else text


def read_event_text(event_path: Path) -> str:
    """The event file's text, after checking that it is valid (an import starts from a file that passes check)."""
    result = check_event(event_path)
    if result.event is None:
        raise EventFileError(result.errors)
    text, problem = read_source(event_path)
    if problem:
        raise EventFileError([problem])
    return text


def save_event_text(event_path: Path, text: str) -> None:
    """Write ``text`` as the event file only if it passes the loader; atomically (temporary file + rename).

    The candidate is checked under the event file's own name, in a temporary folder beside it, so that the
    default id and the problems' locations are those of the real file."""
    event_path = Path(event_path)
    folder = Path(tempfile.mkdtemp(dir=event_path.parent, prefix=f".{event_path.name}."))
    try:
        candidate = folder / event_path.name
        with open(candidate, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        result = check_event(candidate)
        if result.event is None:  # a bug of ours, or a layout the edit could not keep: nothing is written
            raise EventFileError([replace(p, file=str(event_path), message=f"after the edit (not written): {p.message}")
                                  for p in result.errors])
        if event_path.exists():
            shutil.copymode(event_path, candidate)
        os.replace(candidate, event_path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
