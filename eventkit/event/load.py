"""Event file (TOML) → validated :class:`~eventkit.event.model.Event`, with precise, located problems.

Reading happens in three steps, each collecting every problem it can find:

1. the file itself: exists, is a file, not empty, not too large, not binary, UTF-8, valid TOML;
2. shapes: every table and key is known (with "did you mean"), required fields are present, values have the
   right types, names, e-mails, URLs and time zones are well-formed — driven by the model's type annotations;
3. meaning: references to people and sessions exist, ids are unique, times are in order, sessions lie inside
   the event's hours and do not overlap.

Warnings (a speaker without a bio, an attendee without an e-mail) never stop loading.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import tomllib
import types
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ..errors import EventFileError, Problem
from ..user_files import UnreadableFile, read_user_file
from . import timeline
from .attendance_merge import merge_recorded_attendance
from .clock_checks import check_start_and_end, check_times, resolve_offsets
from .field_rules import (
    ID_PATTERN,
    MAX_ID_CHARS,
    date_problem,
    event_days_problem,
    language_tag_problem,
    nesting_problem,
    text_problem,
)
from .field_types import convert_scalar, convert_union, type_name, value_name
from .image_checks import check_images
from .inline_translations import (
    check_languages,
    convert_with_translations,
    takes_inline_translations,
    written_languages,
)
from .markdown_warnings import warn_markdown
from .model import Event
from .model_fields import TypeForm
from .notes_file import merge_notes_file
from .positions import KeyPath
from .programme_checks import check_groups as _check_groups
from .programme_checks import check_session_programme as _check_session_programme
from .programme_checks import check_tracks as _check_tracks
from .programme_checks import warn_grouped as _warn_grouped
from .report_checks import check_report_references, warn_report
from .reporting import ProblemReport, did_you_mean, display_path  # noqa: F401 (display_path: imported from here too)

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_TEXT_CHARS = 200_000
EMAIL_PATTERN = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
URL_FIELDS = {"url", "join_url"}
# "09:30", or "02:30+01:00" with the UTC offset that picks one of a time the clocks repeat
TIME_PATTERN = re.compile(r"(\d{1,2}):(\d{2})([+-]\d{2}:\d{2}|Z)?")
ZONE_FIELDS = {"timezone", "display_timezones"}


EventCheck = Callable[[Event, ProblemReport], None]


@dataclass(frozen=True)
class CheckResult:
    """What checking a file found: the event (None when there were errors) and every problem, warnings included."""

    event: Event | None
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def load_event(path: Path | str) -> Event:
    """Load and validate an event file; raise :class:`EventFileError` listing every error."""
    result = check_event(path)
    if result.event is None:
        raise EventFileError(result.problems)
    return result.event


def check_event(
    path: Path | str,
    source: str | None = None,
    *,
    checks: Sequence[EventCheck] = (),
    warnings: Sequence[EventCheck] = (),
    lint: bool = True,
) -> CheckResult:
    """Load and validate an event file, returning the event (if valid) and all problems found.

    ``source``: the file's text as it would be after an edit (not written yet): it is checked as the file at
    ``path``, so its notes file, images and state files are those beside it. ``checks`` and ``warnings`` are the
    checks of the layers above the event's own (the documents' labels, the installed fonts: see
    :mod:`eventkit.documents.event_checks`): ``checks`` run with the event's own checks, ``warnings`` only once the
    event has no errors, on the event with its notes file merged. Without ``lint`` the event's own warnings
    (organisers, speakers' bios, the report, Markdown that would print as written) are not looked for: the
    commands that make documents do not print them (``check`` does)."""
    path = Path(path)
    name = str(path)
    if source is None:
        source, problem = read_source(path)
        if problem:
            return CheckResult(None, [problem])
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        return CheckResult(None, [toml_syntax_problem(name, source, exc)])
    except RecursionError:  # arrays or inline tables nested hundreds of levels deep
        return CheckResult(None, [nesting_problem(name, source)])
    reader = _Reader(name, source)
    event = reader.build(data, default_id=slug_from_filename(path))
    _check_references(vars(event) if event is not None else reader.partial.get((), {}), reader)
    if event is not None and event.event.end_date:  # before anything lays out the days
        days_problem = event_days_problem(event.event.date, event.event.end_date)
        if days_problem:
            reader.report(("event", "end_date"), *days_problem)
            event = None
    if event is not None:
        event = resolve_offsets(event, reader)
    if event is not None:
        check_times(event, reader)
        for check in checks:
            check(event, reader)
        check_images(event, reader, path)
        if not any(p.severity == "error" for p in reader.problems):
            if lint:
                _warn(event, reader)
                warn_markdown(event, reader)
            event = merge_notes_file(event, reader, path)
            event = merge_recorded_attendance(event, reader, path)
            for warn in warnings:
                warn(event, reader)
    problems = sorted(reader.problems, key=lambda p: (p.severity != "error", p.line, p.column))
    ok = not any(p.severity == "error" for p in problems)
    return CheckResult(dataclasses.replace(event, source=name) if event is not None and ok else None, problems)


# ------------------------------------------------------------------ step 1: the file


def read_source(path: Path) -> tuple[str, Problem | None]:
    name = str(path)

    def fail(message: str, hint: str = "", line: int = 0, column: int = 0) -> tuple[str, Problem]:
        return "", Problem(name, line, column, "", message, hint)

    try:
        raw = read_user_file(path, MAX_FILE_BYTES, "an event file")
    except UnreadableFile as exc:
        hint = (
            "create one with: eventkit new " + name
            if exc.missing and path.suffix == ".toml"
            else f"did you mean {name.rstrip('/')}/*.toml?"
            if exc.directory
            else ""
        )
        return fail(exc.message, hint)
    if not raw.strip():
        return fail("file is empty", f"start from a scaffold: eventkit new {name} --force")
    if b"\x00" in raw:
        at = raw.index(b"\x00")
        line = raw.count(b"\n", 0, at) + 1
        return fail(
            "is a binary file, not a TOML event file (it contains NUL bytes)", "", line, at - raw.rfind(b"\n", 0, at)
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - raw.rfind(b"\n", 0, exc.start)
        guess = raw[exc.start : exc.start + 1].decode("latin-1")
        return fail(
            f"is not UTF-8: byte 0x{raw[exc.start]:02x} ({guess!r} in Latin-1?) cannot be decoded",
            "save the file as UTF-8",
            line,
            column,
        )
    return text.removeprefix("\ufeff"), None


def toml_syntax_problem(name: str, source: str, exc: tomllib.TOMLDecodeError) -> Problem:
    message = str(exc)
    line, column = 1, 1
    m = re.search(r"\(at line (\d+), column (\d+)\)$", message)
    if m:
        line, column = int(m.group(1)), int(m.group(2))
        message = message[: m.start()].strip()
    elif "end of document" in message:
        line = source.count("\n") + 1
        message = re.sub(r"\s*\(at end of document\)$", "", message)
    hint = ""
    if message.startswith("Cannot declare") or message.startswith("Cannot overwrite"):
        m2 = re.search(r"\(([^)]*)\)", message)
        key = ".".join(re.findall(r"'([^']*)'", m2.group(1))) if m2 else ""
        message = f"'{key}' is defined twice" if key else message
        hint = "each table and key may appear once; use [[...]] for a list of tables"
    elif re.search(
        r"=\s*\d{1,2}:\d{2}\s*(#.*)?$", source.split("\n")[line - 1] if line <= source.count("\n") + 1 else ""
    ):
        hint = 'TOML times need seconds: write 09:30:00, or "09:30" in quotes'
    elif "Invalid value" in message or "Illegal character" in message:
        hint = "text values need quotes; dates (2021-03-24) and times (09:30:00) don't"
    return Problem(name, line, column, "", f"TOML syntax error: {message[0].lower() + message[1:]}", hint)


def slug_from_filename(path: Path) -> str:
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", path.stem).strip("-.")
    return slug or "event"


# ------------------------------------------------------------------ step 2: shapes, driven by the model's annotations


class _Reader(ProblemReport):
    """Builds model objects from TOML data, recording located problems instead of raising.

    The converters take a TOML value and the model's annotation for it (a :data:`TypeForm`) and return a value of
    that type, or None with the problem recorded: their results are typed Any, as the annotation decides."""

    languages: tuple[str, tuple[str, ...]]  # for the translations written in the file ({en = ..., fr = ...})

    def build(self, data: dict[str, Any], default_id: str) -> Event | None:
        self.languages = written_languages(data)
        event: Event | None = self.convert(data, Event, ())
        if event is not None and not event.event.id:
            event = dataclasses.replace(event, event=dataclasses.replace(event.event, id=default_id))
        return event

    # -- generic conversion

    def convert(self, value: object, tp: TypeForm, path: KeyPath) -> Any:
        origin = typing.get_origin(tp)
        if origin in (typing.Union, types.UnionType):
            return convert_union(self, value, tp, path)
        if isinstance(tp, type) and dataclasses.is_dataclass(tp):
            return self.convert_table(value, tp, path)
        if origin is tuple:
            if not isinstance(value, list):
                return self.wrong_type(value, tp, path)
            item_type = typing.get_args(tp)[0]
            items = [self.convert(item, item_type, path + (i,)) for i, item in enumerate(value)]
            if any(i is None for i in items) and not dataclasses.is_dataclass(item_type):
                return None
            return tuple(i for i in items if i is not None)
        if origin is dict:
            if not isinstance(value, dict):
                name = display_path(path)
                hint = (
                    f"write one [{name}.<id>] table each, e.g. [{name}.held], not [[{name}]]"
                    if isinstance(value, list) and path
                    else ""
                )
                return self.wrong_type(value, tp, path, hint)
            item_type = typing.get_args(tp)[1]
            result = {}
            for key, item in value.items():
                if not ID_PATTERN.match(key):
                    self.report(
                        path + (key,), f"'{key}' is not a usable id", "use letters, digits, '-' and '_'", at_key=True
                    )
                    continue
                if len(key) > MAX_ID_CHARS:
                    self.report(
                        path + (key,), f"id is too long ({len(key):,} characters; at most {MAX_ID_CHARS})", at_key=True
                    )
                    continue
                converted = self.convert(item, item_type, path + (key,))
                if converted is None:
                    self.dropped.add(key)
                else:
                    result[key] = dataclasses.replace(converted, id=key) if hasattr(converted, "id") else converted
            return result
        if origin is typing.Literal:
            choices = typing.get_args(tp)
            if isinstance(value, str) and value in choices:
                return value
            if not isinstance(value, str):
                return self.wrong_type(value, tp, path)
            hint = did_you_mean(value, choices) or "choose one of: " + ", ".join(choices)
            self.report(path, f"'{value}' is not allowed here", hint)
            return None
        if tp is str:
            return self.convert_text(value, path)
        if tp is dt.date:
            if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                problem = date_problem(value)
                if problem:
                    self.report(path, *problem)
                    return None
                return value
            hint = "write the date without quotes and without a time: date = 2021-03-24"
            return self.wrong_type(value, tp, path, hint)
        if tp is dt.time:
            if isinstance(value, dt.time):
                return value
            m = TIME_PATTERN.fullmatch(value) if isinstance(value, str) else None
            if m and int(m.group(1)) < 24 and int(m.group(2)) < 60:
                return dt.time(int(m.group(1)), int(m.group(2)), tzinfo=timeline.parse_offset(m.group(3)))
            return self.wrong_type(value, tp, path, 'write "09:30" (quoted) or 09:30:00')
        if tp in (int, bool):
            return convert_scalar(self, value, tp, path)
        raise TypeError(f"no converter for {tp!r}")  # a programming error in the model, not user input

    def wrong_type(self, value: object, tp: TypeForm, path: KeyPath, hint: str = "") -> None:
        self.report(path, f"expected {type_name(tp)}, got {value_name(value)}", hint)
        return None

    def convert_text(self, value: object, path: KeyPath) -> str | None:
        if not isinstance(value, str):
            self.wrong_type(value, str, path, "put text in quotes" if isinstance(value, (int, float)) else "")
            return None
        if len(value) > MAX_TEXT_CHARS:
            self.report(path, f"text is too long ({len(value):,} characters; at most {MAX_TEXT_CHARS:,})")
            return None
        bad = CONTROL_CHARS.search(value)
        if bad:
            self.report(path, f"text contains the control character U+{ord(bad.group()):04X}", "remove it")
            return None
        return value

    def convert_table(self, value: object, tp: type[DataclassInstance], path: KeyPath) -> Any:
        if not isinstance(value, dict):
            return self.wrong_type(value, tp, path)
        hints, fields = _table_fields(tp)
        for key in value:
            if key not in fields:
                hint = did_you_mean(key, fields) or "known fields: " + ", ".join(fields)
                kind = "table" if isinstance(value[key], dict) else "field"
                self.report(path + (key,), f"unknown {kind} '{key}'", hint, at_key=True)
        # A bad optional field falls back to its default (its problem is already recorded), so that the rest of the
        # file is still checked; a bad or missing required field drops the whole table.
        kwargs, ok = {}, True
        for fname, f in fields.items():
            required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            if fname not in value:
                if required:
                    where = display_path(path) or "the file"
                    self.report(
                        path,
                        f"missing required field '{fname}'",
                        f"add {fname} = ... to {where}" if path else f"add a [{fname}] table",
                    )
                    ok = False
                continue
            if f.metadata.get("translatable") and takes_inline_translations(hints[fname], value[fname]):
                converted = convert_with_translations(self, value[fname], hints[fname], path + (fname,), f, tp.__name__)
            else:
                converted = self.convert(value[fname], hints[fname], path + (fname,))
            if converted is not None:
                converted = self.check_text(tp, f, converted, required, path + (fname,))
            if converted is not None:
                converted = self.check_field(fname, converted, path + (fname,))
            if converted is None:
                ok = ok and not required
                continue
            kwargs[fname] = converted
        if not ok:
            self.partial[path] = kwargs
            if isinstance(value.get("id"), str):
                self.dropped.add(value["id"])
            return None
        return tp(**kwargs)

    # -- field formats

    def check_text(self, tp: type, f: dataclasses.Field[Any], value: object, required: bool, path: KeyPath) -> object:
        """One-line fields refuse line breaks and control characters, required ones emptiness (see field_rules)."""
        texts = (
            [(path, value)]
            if isinstance(value, str)
            else [(path + (i,), item) for i, item in enumerate(value) if isinstance(item, str)]
            if isinstance(value, tuple)
            else []
        )
        for where, text in texts:
            problem = text_problem(
                text, multiline=bool(f.metadata.get("multiline")), required=required, name=f.name, table=tp.__name__
            )
            if problem:
                self.report(where, *problem)
                return None
        return value

    def check_field(self, name: str, value: Any, path: KeyPath) -> Any:
        """``value`` (of the field's type) checked by the field's name: e-mails, URLs, zones, languages, ids."""
        if name == "email" and value and not EMAIL_PATTERN.match(value):
            self.report(path, f"'{value}' is not a valid e-mail address", "write it as name@example.org")
            return None
        if name in URL_FIELDS and value:
            allowed = ("http", "https", "mailto") if path[0] == "report" else ("http", "https")
            if not valid_url(value, allowed):
                self.report(
                    path,
                    f"'{value}' is not a valid {' or '.join(allowed)} address",
                    "write it as https://example.org/...",
                )
                return None
        if name in ZONE_FIELDS:
            for i, zone in enumerate((value,) if isinstance(value, str) else value):
                problem = zone_problem(zone)
                if problem:
                    self.report(
                        path if isinstance(value, str) else path + (i,), problem[0], problem[1], needle=f'"{zone}"'
                    )
                    return None
        if name in ("language", "name_language") and value:
            problem = language_tag_problem(value)
            if problem:
                self.report(path, *problem)
                return None
        if name == "languages":
            return check_languages(self, value, path)
        if name == "id" and value and not ID_PATTERN.match(value):
            self.report(path, f"'{value}' is not a usable id", "use letters, digits, '-' and '_' (no spaces)")
            return None
        return value


def valid_url(value: str, schemes: tuple[str, ...]) -> bool:
    parts = urlsplit(value)
    if parts.scheme not in schemes or any(c.isspace() for c in value):
        return False
    if parts.scheme == "mailto":
        return bool(EMAIL_PATTERN.match(parts.path))
    return parts.hostname is not None and "." in parts.hostname


NOT_ZONES = frozenset({"localtime", "Factory"})  # in the zone folder of some systems, but no place's time
# IANA names that are fixed offsets, and usually written by someone who means a place with daylight saving
FIXED_ABBREVIATIONS = {
    "EST": ("UTC-5", "America/New_York"),
    "MST": ("UTC-7", "America/Denver"),
    "HST": ("UTC-10", "Pacific/Honolulu"),
}


@functools.cache
def _table_fields(tp: type[DataclassInstance]) -> tuple[dict[str, Any], dict[str, dataclasses.Field[Any]]]:
    """A model table's field types (its annotations evaluated: the slow part) and the fields a file may hold,
    once per table type."""
    return typing.get_type_hints(tp), {f.name: f for f in dataclasses.fields(tp) if not f.metadata.get("internal")}


def zone_problem(zone: str) -> tuple[str, str] | None:
    """None when ``zone`` is an IANA time zone name, else (message, hint)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if "/" in zone and zone not in NOT_ZONES:  # Europe/Vienna: the database itself answers, without its list
        try:
            ZoneInfo(zone)
            return None
        except (ZoneInfoNotFoundError, ValueError):
            pass
    from .zone_names import installed_zone_names

    names = installed_zone_names() - NOT_ZONES
    if zone in FIXED_ABBREVIATIONS:
        return (
            f"'{zone}' is a fixed offset ({FIXED_ABBREVIATIONS[zone][0]}, no daylight saving), not the time of a place",
            f"use the IANA name of a city in the zone, e.g. '{FIXED_ABBREVIATIONS[zone][1]}', so that "
            "daylight saving is right",
        )
    if zone in names or (zone and "/" in zone):  # CET, GMT, EST5EDT ... are IANA names as much as Europe/Vienna
        try:
            ZoneInfo(zone)
            return None
        except (ZoneInfoNotFoundError, ValueError):
            pass
    lowered = {n.lower(): n for n in names}
    if zone.lower() in lowered:
        return (
            f"unknown time zone '{zone}'",
            f"time zone names are case-sensitive: did you mean '{lowered[zone.lower()]}'?",
        )
    if re.fullmatch(r"(?i)((gmt|utc)\s*)?[+-]\s*\d{1,2}(:?\d{2})?|[A-Z]{3,5}", zone):
        return (
            f"'{zone}' is an offset or abbreviation, not a time zone",
            "use the IANA name of a city in the zone, e.g. 'Europe/Vienna' or 'Asia/Tbilisi', so that daylight saving is right",
        )
    from .zone_names import zone_for_place

    place_zone = zone_for_place(zone)
    if place_zone and place_zone != zone:
        place, city = zone.rsplit("/", 1)[-1].replace("_", " "), place_zone.rsplit("/", 1)[-1].replace("_", " ")
        same = place.casefold() == city.casefold()
        return f"unknown time zone '{zone}'", (
            f"did you mean '{place_zone}'?"
            if same
            else f"did you mean '{place_zone}'? {place} keeps {city}'s clock, and a zone is named after one city"
        )
    return f"unknown time zone '{zone}'", did_you_mean(zone, names) or "use an IANA name like 'Europe/Vienna'"


# ------------------------------------------------------------------ step 3: meaning


def _check_references(parts: dict[str, Any], reader: _Reader) -> None:
    """Ids and references: needs only the people, agenda, delegations and report, so it also runs when the
    [event] table itself has errors (``parts`` are the Event's fields that could be read)."""
    people = parts.get("people", {})
    agenda = parts.get("agenda", ())
    report = parts.get("report")

    def check_person(person_id: str, path: KeyPath) -> None:
        if person_id not in people and person_id not in reader.dropped:
            reader.report(
                path,
                f"no person '{person_id}'",
                did_you_mean(person_id, people) or "define them in a [people.<id>] table",
                needle=f'"{person_id}"',
            )

    check_start_and_end(agenda, reader)
    seen: dict[str, int] = {}
    for n, session in enumerate(agenda):
        path: KeyPath = ("agenda", n)
        if session.id in seen:
            reader.report(path + ("id",), f"duplicate session id '{session.id}' (also agenda[{seen[session.id] + 1}])")
        seen.setdefault(session.id, n)
        for field in ("moderators", "speakers"):
            ids = getattr(session, field)
            for i, pid in enumerate(ids):
                check_person(pid, path + (field, i))
                if pid in ids[:i]:
                    reader.report(path + (field, i), f"'{pid}' is listed twice", needle=f'"{pid}"')
        _check_session_programme(session, path, parts, check_person, reader)

    _check_tracks(parts.get("tracks", ()), reader)
    _check_groups(parts, check_person, reader)
    member_of: dict[str, int] = {}
    delegations = parts.get("delegations", ())
    for n, delegation in enumerate(delegations):
        for i, pid in enumerate(delegation.members):
            check_person(pid, ("delegations", n, "members", i))
            if pid in member_of:
                other = delegations[member_of[pid]].name
                reader.report(
                    ("delegations", n, "members", i),
                    f"'{pid}' is already a member of '{other}'",
                    "a person belongs to one delegation",
                    needle=f'"{pid}"',
                )
            member_of.setdefault(pid, n)

    attendance = parts.get("attendance")
    for i, pid in enumerate(attendance.present if attendance else ()):
        check_person(pid, ("attendance", "present", i))

    for n, section in enumerate(report.sections if report else ()):
        path = ("report", "sections", n)
        if section.session and section.session not in seen and section.session not in reader.dropped:
            reader.report(
                path + ("session",),
                f"no session '{section.session}' in the agenda",
                did_you_mean(section.session, list(seen)),
            )
        if not section.session and section.heading is None and not section.id:
            reader.report(path, "a report section needs a heading or a session", 'add heading = "..."')
    check_report_references(report, people, list(seen), reader, check_person)


def _warn(event: Event, reader: _Reader) -> None:
    def warn(path: KeyPath, message: str, hint: str = "") -> None:
        reader.report(path, message, hint, severity="warning", at_key=True)

    if not event.organisers:
        warn(("event",), "no [[organisers]]: documents have no organiser and invites no ORGANIZER")
    elif not event.organisers[0].email:
        warn(
            ("organisers", 0),
            "the first organiser has no e-mail: invites need one for ORGANIZER",
            'build makes the documents without invite.ics, and `eventkit invites` stops; add email = "..."',
        )
    _warn_grouped(event, reader)
    warn_report(event, warn)
