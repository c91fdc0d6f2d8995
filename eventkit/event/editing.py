"""Editing the event file in place (tomlkit), keeping its comments, order and formatting, and writing it back only
when the edited file passes the loader.

Used by `eventkit import` (people and delegations) and `eventkit attendance` (the [attendance] table). New
``[people.<id>]`` tables go after the last one and new ``[[delegations]]`` after the last delegation, each taking
over the comments that stood below its predecessor (the heading comment of the next section stays below).
"""

from __future__ import annotations

import re
import stat
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from ..errors import EventFileError, Problem
from ..output import remove_leftover_temporaries, write_atomically
from .inline_translations import written_key
from .load import check_event, read_source

if TYPE_CHECKING:
    from tomlkit.items import Array, Item, Key, Table

PERSON_FIELDS = ("honorific", "name", "title", "organisation", "country", "email", "registration")


class EventDocument:
    """The event file as a tomlkit document, with the few edits an import makes."""

    def __init__(self, text: str):
        import tomlkit

        self.tomlkit = tomlkit
        self.doc = tomlkit.parse(text)
        self.text = text
        self.crlf = "\r\n" in text  # a file saved on Windows keeps its line endings
        # the last [people.<id>] table (found once: a list of them costs O(n))
        self._last_person: Table | None = None
        self._long_arrays: set[int] = set()  # delegations whose members array is already multi-line

    def layout_problems(self, name: str) -> list[Problem]:
        """The import edits [people.<id>] tables and [[delegations]]; other ways of writing them are refused, as is
        a file tomlkit cannot write back as it was (an array of tables split by other tables)."""
        from tomlkit.items import AoT
        from tomlkit.items import Table as TomlTable

        problems = []
        people = self.doc.get("people")
        if people is not None and not all(isinstance(v, TomlTable) for v in people.values()):
            problems.append(
                Problem(
                    name,
                    0,
                    0,
                    "people",
                    "people are written as inline tables or dotted keys",
                    "write each person as a [people.<id>] table to import into this file",
                )
            )
        delegations = self.doc.get("delegations")
        if delegations is not None and not isinstance(delegations, AoT):
            problems.append(
                Problem(
                    name,
                    0,
                    0,
                    "delegations",
                    "delegations are written as an inline list",
                    "write each delegation as a [[delegations]] table to import into this file",
                )
            )
        if not problems and self.tomlkit.dumps(self.doc) != self.text:
            split = [
                key
                for key in ("delegations", "agenda", "organisers", "tracks")
                if len(re.findall(rf"(?m)^\s*\[\[\s*{key}\s*\]\]", self.text)) > 1 and not _together(self.text, key)
            ]
            problems.append(
                Problem(
                    name,
                    0,
                    0,
                    split[0] if split else "",
                    "the file cannot be edited without moving "
                    "parts of it" + (f": its [[{split[0]}]] tables are not all in one place" if split else ""),
                    f"put the [[{split[0]}]] tables one after the other"
                    if split
                    else "report this to eventkit's maintainers with the file",
                )
            )
        return problems

    def people(self) -> dict[str, dict[str, Any]]:
        return {str(pid): dict(table) for pid, table in self.doc.get("people", {}).items()}

    def _people_fragments(self) -> list[Table]:
        """The [people] super-tables as written: one, or several when [people.<id>] tables are not all in one
        place (a person added after [report])."""
        found = [item for key, item in self.doc.body if key is not None and key.key == "people"]
        return cast("list[Table]", found or [self.doc["people"]])  # tables: layout_problems refuses the rest

    def delegations(self) -> Sequence[Table]:
        delegations: Sequence[Table] = self.doc.get("delegations", [])  # [[delegations]] (see layout_problems)
        return delegations

    @staticmethod
    def _take_trailing_trivia(table: Table) -> list[tuple[Key | None, Item]]:
        """Remove and return the comments and blank lines that end ``table`` (the next section's heading comment)."""
        from tomlkit.items import Comment, Whitespace

        body = table.value.body
        end = len(body)
        while end and body[end - 1][0] is None and isinstance(body[end - 1][1], (Comment, Whitespace)):
            end -= 1
        trailing = body[end:]
        del body[end:]
        return trailing

    def _move_trailing_trivia(self, last: Table, new: Table) -> None:
        """Comments and blank lines after the last table (the next section's heading comment) go after ``new``."""
        from tomlkit.items import Whitespace

        trailing = self._take_trailing_trivia(last)
        last.value.body.append((None, Whitespace("\n")))  # one blank line between the tables
        new.trivia.indent = ""  # (tomlkit may have added one of its own)
        new.value.body.extend(trailing)

    def add_person(self, pid: str, values: dict[str, str]) -> None:
        table = self.tomlkit.table()
        for name in PERSON_FIELDS:
            if values.get(name):
                table[name] = values[name]
        if "people" not in self.doc:
            if not self.tomlkit.dumps(self.doc).endswith("\n\n"):
                self.doc.add(self.tomlkit.nl())
            self.doc.append("people", self.tomlkit.table(is_super_table=True))
        fragment = self._people_fragments()[-1]
        last = self._last_person
        if last is None and len(fragment):
            last = fragment[list(fragment.keys())[-1]]
        fragment.append(pid, table)
        self._last_person = table
        if last is not None:
            self._move_trailing_trivia(last, table)

    @property
    def written_in(self) -> str:
        """The language the file is written in ([event] language): the key of a translated field's original text."""
        info = self.doc.get("event")
        language = info.get("language") if isinstance(info, dict) else None
        return str(language) if isinstance(language, str) and language else "en"

    def set_value(self, pid: str, name: str, value: str) -> None:
        """Set (or, for "", remove) a field of a person; a new field goes after the last one, above any comment
        that ends the table (the heading comment of what follows)."""
        table = self.doc["people"][pid]
        if not value:
            if name in table:
                del table[name]
            return
        if name in table:
            if isinstance(table[name], dict):  # {en = "...", fr = "..."}: the original changes, its translations stay
                table[name][written_key(table[name], self.written_in)] = value
            else:
                table[name] = value
            return
        trailing = self._take_trailing_trivia(table)
        table[name] = value
        table.value.body.extend(trailing)

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

    def _members_array(self, members: list[str]) -> Array:
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


def _together(text: str, key: str) -> bool:
    """Whether the [[key]] tables follow one another (no other table header between the first and the last)."""
    headers = re.findall(r"(?m)^\s*\[\[?\s*([A-Za-z0-9_.\"' -]+?)\s*\]\]?", text)
    places = [n for n, header in enumerate(headers) if header == key]
    return all(headers[n] == key or headers[n].startswith(key + ".") for n in range(places[0], places[-1] + 1))


def read_event_text(event_path: Path) -> str:
    """The event file's text, after checking that it is valid (an import starts from a file that passes check)."""
    result = check_event(event_path)
    if result.event is None:
        raise EventFileError(result.errors)
    text, problem = read_source(event_path)
    if problem:
        raise EventFileError([problem])
    return text


def edited_file(event_path: Path) -> Path:
    """The file an edit of ``event_path`` writes: the file itself, or the file a symbolic link points to (the link
    stays a link). OSError when the link leads nowhere."""
    event_path = Path(event_path)
    if not event_path.is_symlink():
        return event_path
    target = event_path.resolve(strict=True)
    if not target.is_file():
        raise EventFileError(
            [
                Problem(
                    str(event_path),
                    0,
                    0,
                    "",
                    f"is a link to {target}, which is not a regular file",
                    "edit the file itself",
                )
            ]
        )
    return target


def save_event_text(event_path: Path, text: str) -> None:
    """Write ``text`` as the event file only if it passes the loader; atomically (temporary file + rename).

    The candidate is checked as the event file itself (its name, its folder: the notes file, images and state
    files beside it), before anything is written. Through a symbolic link, the file the link points to is
    edited. A temporary file left beside it by a killed run is removed first."""
    event_path = Path(event_path)
    result = check_event(event_path, source=text)
    if result.event is None:  # a bug of ours, or a layout the edit could not keep: nothing is written
        raise EventFileError(
            [
                replace(p, file=str(event_path), message=f"after the edit (not written): {p.message}")
                for p in result.errors
            ]
        )
    target = edited_file(event_path)
    remove_leftover_temporaries(target)
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o644
    write_atomically(target, text.encode("utf-8"), mode=mode)
