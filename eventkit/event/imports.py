"""Registration exports → the event file's ``[people.<id>]`` tables and ``[[delegations]]``, edited in place.

The event file is edited with tomlkit, so its comments, order and formatting stay as they were: new people go
after the last ``[people.<id>]`` table, new delegations after the last ``[[delegations]]``, and a changed value
replaces just that value. People are matched by e-mail, then by name, so importing the same export twice changes
nothing the second time, and a row whose values changed updates that person. New ids are made from the last
name (ascii-folded, lower case), with the first name or a number added when taken.

Nothing is written unless every row is valid and the edited file passes the loader (see :func:`save_event_text`).
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import EventFileError, Problem
from .load import CONTROL_CHARS, EMAIL_PATTERN, check_event, read_source
from .tabular import Row, SourceProblem, Table, TableFileError, fold

PERSON_FIELDS = ("honorific", "name", "title", "organisation", "country", "email")
GROUPINGS = ("delegation", "organisation", "country", "none")
MAX_CELL_CHARS = 2000
HONORIFICS = {"mr": "Mr.", "mister": "Mr.", "ms": "Ms.", "miss": "Ms.", "mrs": "Mrs.", "dr": "Dr.",
              "prof": "Prof.", "professor": "Prof.", "he": "H.E.", "h e": "H.E.", "s e": "S.E.", "his excellency": "H.E.",
              "her excellency": "H.E.", "m": "M.", "monsieur": "M.", "mme": "Mme", "madame": "Mme",
              "mlle": "Mlle", "son excellence": "S.E.", "se": "S.E.", "amb": "Amb.", "ambassador": "Amb."}


# ------------------------------------------------------------------ names and ids

def ascii_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("ß", "ss").replace("ø", "o").replace("Ø", "O")
                                       .replace("ł", "l").replace("Ł", "L").replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).encode("ascii", "ignore").decode()


def name_key(name: str) -> str:
    """A name for matching: folded, words sorted ('Held, Renate' and 'RENATE HELD' are the same person)."""
    return " ".join(sorted(fold(name).split()))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(text).lower()).strip("-")


def new_id(first: str, last: str, taken: set[str]) -> str:
    """'held', else 'held-renate', else 'held-renate-2' ...; 'person-<hash>' for names with no Latin letters."""
    base = slug(last) or slug(first)
    if not base:
        base = "person-" + hashlib.sha256(f"{first} {last}".encode("utf-8")).hexdigest()[:6]
    candidates = [base]
    if slug(first) and slug(last):
        candidates.append(f"{base}-{slug(first)}")
    for candidate in candidates:
        if candidate not in taken:
            return candidate
    number = 2
    while f"{candidates[-1]}-{number}" in taken:
        number += 1
    return f"{candidates[-1]}-{number}"


def honorific(text: str) -> str:
    return HONORIFICS.get(fold(text), text)


def split_name(row: Row) -> tuple[str, str, str]:
    """(full name, first name, last name) of a row: from 'First name'/'Last name', or split from 'Name'."""
    first, last = row.get("first_name"), row.get("last_name")
    full = " ".join(part for part in (first, last) if part) or row.get("name")
    if "," in full and not (first or last):  # 'Held, Renate'
        last, _, first = full.partition(",")
        first, last = first.strip(), last.strip()
        full = f"{first} {last}".strip()
    if not (first or last):
        words = full.split()
        first, last = " ".join(words[:-1]), words[-1] if words else ""
    return " ".join(full.split()), first, last


# ------------------------------------------------------------------ matching

class PeopleIndex:
    """Finds the person a row means: by e-mail, then by name (namesakes are kept apart)."""

    def __init__(self, people: dict[str, dict]):
        self.by_email: dict[str, str] = {}
        self.by_name: dict[str, list[str]] = {}
        for pid, values in people.items():
            self.add(pid, values)

    def add(self, pid: str, values: dict) -> None:
        if values.get("email"):
            self.by_email.setdefault(str(values["email"]).lower(), pid)
        if values.get("name"):
            same = self.by_name.setdefault(name_key(str(values["name"])), [])
            if pid not in same:
                same.append(pid)

    def find(self, email: str, name: str) -> str | None:
        if email and email.lower() in self.by_email:
            return self.by_email[email.lower()]
        same = self.by_name.get(name_key(name), []) if name else []
        return same[0] if same else None

    def find_for_import(self, email: str, name: str, people: dict[str, dict], seen: dict,
                        emails_in_import: set[str]) -> str | None:
        """Like :meth:`find`, but a person found by name with another e-mail is a namesake (someone else) when
        they already came from another row of this import or keep their e-mail in another row."""
        if email and email.lower() in self.by_email:
            return self.by_email[email.lower()]
        same = self.by_name.get(name_key(name), []) if name else []
        if not email:
            return same[0] if same else None
        for pid in same:
            current = str(people[pid].get("email", "")).lower()
            if not current or (pid not in seen and current not in emails_in_import):
                return pid
        return None


# ------------------------------------------------------------------ rows → people

@dataclass(frozen=True)
class Registration:
    """What one row says about a person."""
    row: Row
    values: dict[str, str]     # person field → value (non-empty only)
    first: str
    last: str
    group: str                 # the delegation it names ("" for none)


def _title_holds_honorifics(table: Table) -> bool:
    """Some forms call the salutation 'Title' (Mr/Ms): then the column is the honorific, not the function."""
    values = [r.get("title") for r in table.rows if r.get("title")]
    return bool(values) and "honorific" not in table.columns and all(fold(v) in HONORIFICS for v in values)


def registrations(table: Table, group_by: str) -> tuple[list[Registration], list[SourceProblem]]:
    """Every row as a registration, with a located problem for each bad cell (all rows are checked)."""
    title_is_honorific = _title_holds_honorifics(table)
    found, problems = [], []
    for row in table.rows:
        values = dict(row.values)
        if title_is_honorific:
            values["honorific"] = values.pop("title")
        bad = False
        for name, text in values.items():
            if CONTROL_CHARS.search(text):
                problems.append(row.problem(name, f"{text!r} contains a control character", "remove it"))
                bad = True
            elif len(text) > MAX_CELL_CHARS:
                problems.append(row.problem(name, f"text is too long ({len(text):,} characters)"))
                bad = True
        full, first, last = split_name(Row(row.file, row.line, values, row.headers))
        email = values.get("email", "")
        if email and not EMAIL_PATTERN.match(email):
            problems.append(row.problem("email", f"'{email}' is not an e-mail address", "write it as name@example.org"))
            bad = True
        if not full:
            where = "email" if email else next(iter(values), "")
            problems.append(row.problem(where, "no name", "fill in the first and last name (or the name) of this row"))
            bad = True
        if bad:
            continue
        person = {"name": full}
        for name in ("title", "organisation", "country"):
            if values.get(name):
                person[name] = " ".join(values[name].split())  # a line break in a cell is a space
        if values.get("honorific"):
            person["honorific"] = honorific(values["honorific"])
        if email:
            person["email"] = email
        group = "" if group_by == "none" else values.get(group_by, "")
        if group_by == "delegation" and "delegation" not in table.columns:
            group = values.get("organisation", "") or values.get("country", "")
        found.append(Registration(row, person, first, last, group))
    return found, problems


# ------------------------------------------------------------------ the plan

@dataclass(frozen=True)
class Change:
    action: str        # "add", "update" or "move"
    person: str        # the person's id
    text: str          # what changes, for people to read

    def __str__(self) -> str:
        return f"{self.action} people.{self.person}: {self.text}"


@dataclass
class ImportResult:
    text: str                                   # the edited event file
    changes: list[Change] = field(default_factory=list)
    warnings: list[SourceProblem] = field(default_factory=list)
    new_delegations: list[str] = field(default_factory=list)
    rows: int = 0
    matched: dict[int, str] = field(default_factory=dict)   # id(Row) → person id, for every imported row

    @property
    def added(self) -> int:
        return sum(1 for c in self.changes if c.action == "add")

    @property
    def updated(self) -> int:
        return len({c.person for c in self.changes if c.action != "add"})


def _delegation_key(name: str) -> str:
    key = fold(name)
    return key.removeprefix("government of ").removeprefix("gouvernement de ").removeprefix("gouvernement du ")


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

    def add_delegation(self, name: str, members: list[str]) -> None:
        table = self.tomlkit.table()
        table["name"] = name
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


def plan_import(event_text: str, tables: list[Table], group_by: str = "delegation",
                event_name: str = "event file", keep_existing: bool = False) -> ImportResult:
    """The event file as it is after importing ``tables``; raise TableFileError listing every bad row."""
    registered, problems = [], []
    for table in tables:
        found, bad = registrations(table, group_by)
        registered += found
        problems += bad
    if problems:
        raise TableFileError(problems)
    document = EventDocument(event_text)
    layout = document.layout_problems(event_name)
    if layout:
        raise EventFileError(layout)
    people = document.people()
    index = PeopleIndex(people)
    taken = set(people)
    delegations = {_delegation_key(str(d.get("name", ""))): n for n, d in enumerate(document.delegations())}
    member_of = {str(pid): n for n, d in enumerate(document.delegations()) for pid in d.get("members", [])}
    result = ImportResult("", rows=len(registered))
    first_seen: dict[str, Row] = {}
    emails_in_import = {reg.values["email"].lower() for reg in registered if reg.values.get("email")}
    created: set[str] = set()
    for reg in registered:
        pid = index.find_for_import(reg.values.get("email", ""), reg.values["name"], people, first_seen,
                                    emails_in_import)
        if pid in first_seen:
            earlier = first_seen[pid]
            where = f"line {earlier.line}" if earlier.file == reg.row.file else f"{earlier.file}:{earlier.line}"
            result.warnings.append(reg.row.problem("email" if "email" in reg.values else "name",
                                                   f"same person as {where} (people.{pid}); this row is skipped",
                                                   severity="warning"))
            result.matched[id(reg.row)] = pid
            continue
        if pid is None:
            pid = new_id(reg.first, reg.last, taken)
            taken.add(pid)
            created.add(pid)
            document.add_person(pid, reg.values)
            people[pid] = dict(reg.values)
            index.add(pid, reg.values)
            shown = " ".join(filter(None, (reg.values.get("honorific"), reg.values["name"])))
            email = f" <{reg.values['email']}>" if reg.values.get("email") else ""
            result.changes.append(Change("add", pid, f"{shown}{email}" + (f" ({reg.group})" if reg.group else "")))
        elif keep_existing and pid not in created:
            first_seen[pid] = reg.row
            result.matched[id(reg.row)] = pid
            continue
        else:
            for name, value in reg.values.items():
                old = str(people[pid].get(name, ""))
                if value != old:
                    document.set_value(pid, name, value)
                    people[pid][name] = value
                    result.changes.append(Change("update", pid, f"{name} {old!r} -> {value!r}"))
            index.add(pid, reg.values)
        first_seen[pid] = reg.row
        result.matched[id(reg.row)] = pid
        if reg.group:
            _place_in_delegation(document, result, pid, reg.group, delegations, member_of)
    result.text = document.dumps()
    return result


def _place_in_delegation(document: EventDocument, result: ImportResult, pid: str, group: str,
                         delegations: dict[str, int], member_of: dict[str, int]) -> None:
    key = _delegation_key(group)
    target = delegations.get(key)
    current = member_of.get(pid)
    if target is not None and target == current:
        return
    if current is not None:
        document.remove_member(current, pid)
        old = document.delegations()[current]["name"]
        result.changes.append(Change("move", pid, f"from delegation {str(old)!r} to {group!r}"))
    if target is None:
        document.add_delegation(group, [pid])
        target = len(document.delegations()) - 1
        delegations[key] = target
        result.new_delegations.append(group)
    else:
        document.add_member(target, pid)
    member_of[pid] = target


# ------------------------------------------------------------------ reading and writing the event file

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


def import_rows(event_text: str, rows: list[Row], tables: list[Table], event_name: str = "event file") -> ImportResult:
    """Import some rows of ``tables`` (the attendance report's unmatched rows, for `eventkit attendance --add`)."""
    wanted = {id(row) for row in rows}
    subsets = [Table(t.file, [r for r in t.rows if id(r) in wanted], dict(t.columns)) for t in tables]
    return plan_import(event_text, [t for t in subsets if t.rows], event_name=event_name)


def import_registrations(event_path: Path, tables: list[Table], group_by: str = "delegation",
                         dry_run: bool = False, keep_existing: bool = False) -> ImportResult:
    """Import ``tables`` into the event file (unless ``dry_run``); the result says what changed.
    ``keep_existing``: people already in the file are left as they are (only new people are added)."""
    result = plan_import(read_event_text(event_path), tables, group_by, str(event_path), keep_existing)
    if result.changes and not dry_run:
        save_event_text(event_path, result.text)
    return result
