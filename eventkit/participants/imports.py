"""Registration exports → the event file's ``[people.<id>]`` tables and ``[[delegations]]``, edited in place.

The event file is edited with tomlkit, so its comments, order and formatting stay as they were: new people go
after the last ``[people.<id>]`` table, new delegations after the last ``[[delegations]]``, and a changed value
replaces just that value. People are matched by e-mail, then by name, so importing the same export twice changes
nothing the second time, and a row whose values changed updates that person. New ids are made from the last
name (ascii-folded, lower case), with the first name or a number added when taken.

Nothing is written unless every row is valid and the edited file passes the loader (see
:func:`eventkit.event.editing.save_event_text`).
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EventFileError, Problem
from ..event.editing import EventDocument, read_event_text, save_event_text
from ..event.load import CONTROL_CHARS, EMAIL_PATTERN
from .tabular import Row, Table, TableFileError, fold

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
    category: str = ""         # a new delegation's category ("Member States", "Observers" ...), "" for none


def _title_holds_honorifics(table: Table) -> bool:
    """Some forms call the salutation 'Title' (Mr/Ms): then the column is the honorific, not the function."""
    values = [r.get("title") for r in table.rows if r.get("title")]
    return bool(values) and "honorific" not in table.columns and all(fold(v) in HONORIFICS for v in values)


def registrations(table: Table, group_by: str) -> tuple[list[Registration], list[Problem]]:
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
        category = " ".join(values.get("category", "").split()) if group else ""
        found.append(Registration(row, person, first, last, group, category))
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
    warnings: list[Problem] = field(default_factory=list)
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
            _place_in_delegation(document, result, pid, reg.group, delegations, member_of, reg.category)
    result.text = document.dumps()
    return result


def _place_in_delegation(document: EventDocument, result: ImportResult, pid: str, group: str,
                         delegations: dict[str, int], member_of: dict[str, int], category: str = "") -> None:
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
        document.add_delegation(group, [pid], category)
        target = len(document.delegations()) - 1
        delegations[key] = target
        result.new_delegations.append(group)
    else:
        document.add_member(target, pid)
    member_of[pid] = target


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
