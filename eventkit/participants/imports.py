"""Registration exports → the event file's ``[people.<id>]`` tables and ``[[delegations]]``, edited in place.

The event file is edited with tomlkit, so its comments, order and formatting stay as they were: new people go
after the last ``[people.<id>]`` table, new delegations after the last ``[[delegations]]``, and a changed value
replaces just that value. Rows are matched to people by :mod:`eventkit.event.identity` (e-mail, then name; an
ambiguous match is listed and left for ``--match``), so importing the same export twice changes nothing the second
time.

The import never destroys the organiser's work: it remembers what it wrote (:mod:`eventkit.event.import_state`),
and a value changed by hand since — or never written by the import — is kept and reported, unless ``overwrite``.
People are moved between delegations only when the import itself put them where they are. Registrants the
platform denied or who cancelled are not imported; pending and waitlisted ones are, with that status (they are not
invited until approved: :attr:`eventkit.event.model.Person.may_be_invited`).

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
from ..event.inline_translations import written_text
from .identity import NEW, Choice, PeopleIndex, chosen, name_key
from .import_state import load_imported, save_imported
from .registrations import NOT_IMPORTED, Registration, registrations
from .tabular import Row, Table, TableFileError, fold

GROUPINGS = ("delegation", "organisation", "country", "none")


# ------------------------------------------------------------------ ids


def ascii_fold(text: str) -> str:
    """For ids only (they are ASCII): 'Müller' → 'Muller'. Never used to compare names."""
    decomposed = unicodedata.normalize(
        "NFKD",
        text.replace("ß", "ss")
        .replace("ø", "o")
        .replace("Ø", "O")
        .replace("ł", "l")
        .replace("Ł", "L")
        .replace("đ", "d")
        .replace("Đ", "D"),
    )
    return "".join(c for c in decomposed if not unicodedata.combining(c)).encode("ascii", "ignore").decode()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(text).lower()).strip("-")


def new_id(first: str, last: str, taken: set[str]) -> str:
    """'held', else 'held-renate', else 'held-renate-2' ...; 'person-<hash>' for names with no Latin letters."""
    base = slug(last) or slug(first)
    if not base:
        base = "person-" + hashlib.sha256(f"{first} {last}".encode()).hexdigest()[:6]
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


# ------------------------------------------------------------------ the plan


@dataclass(frozen=True)
class Change:
    action: str  # "add", "update" or "move"
    person: str  # the person's id
    text: str  # what changes, for people to read

    def __str__(self) -> str:
        return f"{self.action} people.{self.person}: {self.text}"


@dataclass(frozen=True)
class Kept:
    """A value the organiser wrote, kept although the export says otherwise."""

    person: str
    field: str  # a person field, or "delegation"
    value: str
    export: str
    by_hand: str  # "edited by hand" (the import wrote another value) or "written by hand" (it never wrote one)

    def __str__(self) -> str:
        if self.field == "delegation":
            return (
                f"kept people.{self.person} in delegation {self.value!r} ({self.by_hand}; the export says "
                f"{self.export!r})"
            )
        value = repr(self.value) if self.value else "(empty)"
        export = repr(self.export) if self.export else "nothing (approved)" if self.field == "registration" else "''"
        return f"kept people.{self.person}.{self.field} {value} ({self.by_hand}; the export says {export})"


@dataclass(frozen=True)
class Skipped:
    """A row that was not imported, and why (``needs_choice``: an ambiguous match the organiser must settle)."""

    row: Row
    reason: str
    needs_choice: bool = False

    def __str__(self) -> str:
        return f"{self.row.file}:{self.row.line}: {self.reason}"


@dataclass
class ImportResult:
    text: str  # the edited event file
    changes: list[Change] = field(default_factory=list)
    kept: list[Kept] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # rows that repeat a person
    new_delegations: list[str] = field(default_factory=list)
    rows: int = 0
    matched: dict[int, str] = field(default_factory=dict)  # id(Row) → person id, for every imported row
    imported: dict[str, dict[str, str]] = field(default_factory=dict)  # the import state to save
    state_changed: bool = False

    @property
    def added(self) -> int:
        return sum(1 for c in self.changes if c.action == "add")

    @property
    def updated(self) -> int:
        return len({c.person for c in self.changes if c.action != "add"})

    @property
    def unchanged(self) -> int:
        return self.rows - self.added - self.updated - len(self.warnings) - len(self.skipped)


def _delegation_key(name: str) -> str:
    key = fold(name) or name_key(name)
    return key.removeprefix("government of ").removeprefix("gouvernement de ").removeprefix("gouvernement du ")


class _Planner:
    """One import: the document being edited, the people and who each row means."""

    def __init__(
        self, document: EventDocument, record: dict[str, dict[str, str]], overwrite: bool, choices: list[Choice]
    ) -> None:
        self.document = document
        self.people = document.people()
        self.record = {pid: dict(values) for pid, values in record.items()}
        self.index = PeopleIndex.of(self.people)
        removed = {pid: values for pid, values in record.items() if pid not in self.people}
        self.removed_index = PeopleIndex.of(removed)  # imported once, deleted by the organiser since
        self.taken = set(self.people) | set(record)
        self.overwrite = overwrite
        self.choices = choices
        self.delegations = {_delegation_key(str(d.get("name", ""))): n for n, d in enumerate(document.delegations())}
        self.member_of = {str(pid): n for n, d in enumerate(document.delegations()) for pid in d.get("members", [])}

    def delegation_name(self, index: int) -> str:
        return str(self.document.delegations()[index]["name"])

    def who(self, reg: Registration, claimed: set[str]) -> tuple[str | None, str]:
        """(person id or None for a new person, "" or why the row is skipped)."""
        choice = chosen(self.choices, reg.row.file, reg.row.line)
        if choice is not None:
            if choice.person == NEW:
                return None, ""
            if choice.person not in self.people:
                return None, f"--match names people.{choice.person}, who is not in the event file"
            return choice.person, ""
        email = reg.values.get("email", "")
        names = [reg.values["name"]]
        match = self.index.match(email, names, claimed if email else frozenset())
        if match.ambiguous:
            where = f"{reg.row.file}:{reg.row.line}"
            options = " or ".join(f"--match {where}={pid}" for pid in match.candidates)
            return None, (
                f"{reg.shown}: not imported: {match.reason}; choose with {options} (the same person), "
                f"or --match {where}=new (someone else)"
            )
        if match.person is None and not self.overwrite and self.removed_index.match(email, names).person:
            gone = self.removed_index.match(email, names).person
            return None, (
                f"{reg.shown}: not added again: people.{gone} was imported before and has been removed "
                f"from the event file since (--match {reg.row.file}:{reg.row.line}=new adds them)"
            )
        return match.person, ""

    def set_field(self, pid: str, name: str, value: str, result: ImportResult) -> None:
        """Bring one field of an existing person to the export's ``value``, unless the organiser's value wins."""
        current = written_text(self.people[pid].get(name, ""), self.document.written_in)  # {en = ..., fr = ...}: en
        written = self.record.get(pid, {}).get(name)
        if value == current:
            self.record.setdefault(pid, {})[name] = value
            return
        empty = not current and name != "registration"
        if empty or (written is not None and current == written) or self.overwrite:
            self.document.set_value(pid, name, value)
            self.people[pid][name] = value
            self.record.setdefault(pid, {})[name] = value
            shown = (lambda v: repr(v) if v else "(none)") if name == "registration" else repr
            result.changes.append(Change("update", pid, f"{name} {shown(current)} -> {shown(value)}"))
        else:
            result.kept.append(
                Kept(pid, name, current, value, "edited by hand" if written is not None else "written by hand")
            )

    def place(self, pid: str, reg: Registration, explicit: bool, result: ImportResult) -> None:
        """Put ``pid`` in the delegation the row names, unless the organiser placed them elsewhere."""
        key = _delegation_key(reg.group)
        target, current = self.delegations.get(key), self.member_of.get(pid)
        written = self.record.get(pid, {}).get("delegation")
        if current is not None and target == current:
            self.record.setdefault(pid, {})["delegation"] = self.delegation_name(current)
            return
        if current is not None:
            name = self.delegation_name(current)
            ours = written is not None and _delegation_key(written) == _delegation_key(name)
            if not ours and not (self.overwrite and explicit):
                result.kept.append(
                    Kept(pid, "delegation", name, reg.group, "placed by hand" if written is None else "moved by hand")
                )
                return
            self.document.remove_member(current, pid)
            result.changes.append(Change("move", pid, f"from delegation {name!r} to {reg.group!r}"))
        if target is None:
            self.document.add_delegation(reg.group, [pid], reg.category)
            target = len(self.document.delegations()) - 1
            self.delegations[key] = target
            result.new_delegations.append(reg.group)
        else:
            self.document.add_member(target, pid)
        self.member_of[pid] = target
        self.record.setdefault(pid, {})["delegation"] = self.delegation_name(target)

    def add(self, reg: Registration, result: ImportResult) -> str:
        pid = new_id(reg.first, reg.last, self.taken)
        self.taken.add(pid)
        values = dict(reg.values)
        if reg.registration:
            values["registration"] = reg.registration
        self.document.add_person(pid, values)
        self.people[pid] = dict(values)
        self.index.add(pid, values)
        self.record[pid] = dict(values) | ({"registration": reg.registration} if reg.registration is not None else {})
        status = f" [{reg.registration}]" if reg.registration else ""
        result.changes.append(Change("add", pid, reg.shown + status + (f" ({reg.group})" if reg.group else "")))
        return pid


def plan_import(
    event_text: str,
    tables: list[Table],
    group_by: str = "delegation",
    event_name: str = "event file",
    keep_existing: bool = False,
    record: dict[str, dict[str, str]] | None = None,
    overwrite: bool = False,
    choices: list[Choice] | None = None,
) -> ImportResult:
    """The event file as it is after importing ``tables``; raise TableFileError listing every bad row.

    ``record``: what earlier imports wrote (:func:`eventkit.event.import_state.load_imported`)."""
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
    planner = _Planner(document, record or {}, overwrite, choices or [])
    explicit = {t.file: group_by != "delegation" or "delegation" in t.columns for t in tables}
    result = ImportResult("", rows=len(registered))
    # people an e-mail of this import names: another row's name cannot mean them (a namesake)
    claimed = {
        m.person
        for reg in registered
        if reg.values.get("email")
        for m in [planner.index.match(reg.values["email"], [])]
        if m.person
    }
    first_seen: dict[str, Row] = {}
    for reg in registered:
        pid, why = planner.who(reg, claimed)
        if why:
            result.skipped.append(Skipped(reg.row, why, needs_choice="--match" in why))
            continue
        if pid in first_seen:
            earlier = first_seen[pid]
            where = f"line {earlier.line}" if earlier.file == reg.row.file else f"{earlier.file}:{earlier.line}"
            result.warnings.append(
                reg.row.problem(
                    "email" if "email" in reg.values else "name",
                    f"same person as {where} (people.{pid}); this row is skipped",
                    severity="warning",
                )
            )
            result.matched[id(reg.row)] = pid
            continue
        if pid is None and reg.role:
            result.skipped.append(
                Skipped(reg.row, f"{reg.shown}: not imported: a {reg.role} of the webinar, not a registrant")
            )
            continue
        if pid is None and reg.status in NOT_IMPORTED:
            result.skipped.append(Skipped(reg.row, f"{reg.shown}: not imported: registration {reg.status}"))
            continue
        if pid is None:
            pid = planner.add(reg, result)
            claimed.add(pid)
        elif not reg.role and not keep_existing:
            for name, value in reg.values.items():
                planner.set_field(pid, name, value, result)
            if reg.registration is not None:
                planner.set_field(pid, "registration", reg.registration, result)
            planner.index.add(pid, planner.people[pid])
        first_seen[pid] = reg.row
        result.matched[id(reg.row)] = pid
        if reg.group and not reg.role and not (keep_existing and pid in planner.member_of):
            planner.place(pid, reg, explicit[reg.row.file], result)
    result.text = document.dumps()
    result.imported = planner.record
    result.state_changed = planner.record != (record or {})
    return result


def import_rows(
    event_text: str,
    rows: list[Row],
    tables: list[Table],
    event_name: str = "event file",
    record: dict[str, dict[str, str]] | None = None,
) -> ImportResult:
    """Import some rows of ``tables`` (the attendance report's unmatched rows, for `eventkit attendance --add`)."""
    wanted = {id(row) for row in rows}
    subsets = [Table(t.file, [r for r in t.rows if id(r) in wanted], dict(t.columns)) for t in tables]
    return plan_import(event_text, [t for t in subsets if t.rows], event_name=event_name, record=record)


def import_registrations(
    event_path: Path,
    tables: list[Table],
    group_by: str = "delegation",
    dry_run: bool = False,
    keep_existing: bool = False,
    overwrite: bool = False,
    choices: list[Choice] | None = None,
) -> ImportResult:
    """Import ``tables`` into the event file (unless ``dry_run``); the result says what changed.
    ``keep_existing``: people already in the file are left as they are (only new people are added);
    ``overwrite``: the export's values replace the organiser's."""
    record = load_imported(event_path)
    result = plan_import(
        read_event_text(event_path), tables, group_by, str(event_path), keep_existing, record, overwrite, choices
    )
    if dry_run:
        return result
    if result.changes:
        save_event_text(event_path, result.text)
    if result.state_changed:
        save_imported(event_path, result.imported)
    return result
