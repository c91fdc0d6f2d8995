"""One description of the event file, read from the model: its tables, where each sits in the TOML, and their fields
(the kind of value, whether it is required, its default and its ``doc()`` text).

Both the JSON Schema (:mod:`eventkit.event.schema`) and the documentation's field reference
(:mod:`eventkit.event.field_reference`) are made from this description, so an editor's checks and the manual say
the same thing, and a field added to the model appears in both at once.  The kinds of value follow what the loader
(:mod:`eventkit.event.load`) accepts: a union is decided by the value's own TOML type (``heading = "..."`` or
``heading = false``; ``person = "a"`` or ``person = ["a", "b"]``), so it is described as any of its options.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from . import model
from .model_fields import TypeForm

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

# The name of a text field says what the text must look like (the loader checks these by name too).
TEXT_FORMATS = {
    "email": "email",
    "url": "url",
    "join_url": "url",
    "id": "id",
    "timezone": "zone",
    "display_timezones": "zone",
    "language": "language",
}
# What the key of a table of tables is called in the documentation ([people.<id>], [roles.<name>]).
KEY_NAMES = {"roles": "name"}


@dataclass(frozen=True)
class ValueType:
    """The kind of value a field takes.

    ``kind`` is one of: text, date, time, boolean, count (a whole number, 0 or more), choice (one of ``choices``),
    list (of ``items[0]``), map (a table of ``items[0]`` keyed by ids), table (the dataclass ``table``) and any-of
    (one of ``items``).  ``text_format`` narrows text: email, url, id, zone or language."""

    kind: str
    text_format: str = ""
    choices: tuple[str, ...] = ()
    items: tuple[ValueType, ...] = ()
    table: type[DataclassInstance] | None = None


@dataclass(frozen=True)
class FieldDescription:
    name: str
    value: ValueType
    doc: str
    required: bool
    default: object = None  # None: no default worth printing (an empty text, list or table)
    multiline: bool = False  # a Markdown field: line breaks allowed
    together_with: str = ""  # an optional field that must be given whenever this one is
    translatable: bool = False  # free text an event in several languages translates ({en = "...", fr = "..."})


@dataclass(frozen=True)
class TableDescription:
    cls: type[DataclassInstance]
    doc: str
    fields: tuple[FieldDescription, ...]

    @property
    def name(self) -> str:
        return self.cls.__name__


@dataclass(frozen=True)
class Place:
    """Where a table sits in the event file: ``key`` is its dotted path (``report.sections.speakers``), ``header``
    the way a TOML file opens it (``[[report.sections.speakers]]``, ``[people.<id>]``); the file itself is ""."""

    key: str
    header: str
    table: TableDescription


def value_type(tp: TypeForm, field_name: str = "") -> ValueType:
    """The kind of value of an annotation (``X | None`` is just X: TOML has no null, the field is left out)."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [value_type(a, field_name) for a in typing.get_args(tp) if a is not type(None)]
        return options[0] if len(options) == 1 else ValueType("any-of", items=tuple(options))
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return ValueType("table", table=tp)
    if origin is tuple:
        return ValueType("list", items=(value_type(typing.get_args(tp)[0], field_name),))
    if origin is dict:
        return ValueType("map", items=(value_type(typing.get_args(tp)[1]),))
    if origin is typing.Literal:
        return ValueType("choice", choices=tuple(typing.get_args(tp)))
    if tp is str:
        return ValueType("text", text_format=TEXT_FORMATS.get(field_name, ""))
    simple = {dt.date: "date", dt.time: "time", bool: "boolean", int: "count"}
    if tp in simple:
        return ValueType(simple[tp])
    raise TypeError(f"the event file has no kind of value for {tp!r}")  # a programming error in the model


def _doc_of(cls: type) -> str:
    """A class's own docstring as one paragraph ("" for the one dataclasses writes: "Name(field, ...)")."""
    doc = cls.__doc__ or ""
    return "" if doc.startswith(f"{cls.__name__}(") else " ".join(doc.split())


@cache
def describe_table(cls: type[DataclassInstance]) -> TableDescription:
    """The fields of one of the model's dataclasses, in the order written (internal fields left out)."""
    hints = typing.get_type_hints(cls, None, vars(model))  # each class's own module first, then the model's names
    fields = []
    for f in dataclasses.fields(cls):
        if f.metadata.get("internal"):
            continue
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        default = None if f.default in (dataclasses.MISSING, None, "", ()) else f.default
        fields.append(
            FieldDescription(
                f.name,
                value_type(hints[f.name], f.name),
                f.metadata.get("doc", ""),
                required,
                default,
                bool(f.metadata.get("multiline")),
                f.metadata.get("together_with", ""),
                bool(f.metadata.get("translatable")),
            )
        )
    return TableDescription(cls, _doc_of(cls), tuple(fields))


def _tables_in(value: ValueType) -> list[tuple[type[DataclassInstance], str]]:
    """The tables a value holds and how the file writes them: ("table", "list" or "map", its dataclass)."""
    if value.kind == "table" and value.table is not None:
        return [(value.table, "table")]
    if value.kind in ("list", "map"):
        return [(cls, value.kind) for cls, _ in _tables_in(value.items[0])]
    if value.kind == "any-of":
        return [found for option in value.items for found in _tables_in(option)]
    return []


def event_places() -> list[Place]:
    """Every table of the event file, the file itself first, then depth first in the order the fields are written.

    A class used in two places (a link of ``[[report.links]]`` and of ``[[report.actions.links]]``) is listed at
    each."""
    places = [Place("", "", describe_table(model.Event))]

    def visit(table: TableDescription, key: str) -> None:
        for f in table.fields:
            for cls, how in _tables_in(f.value):
                path = f"{key}.{f.name}" if key else f.name
                header = {
                    "table": f"[{path}]",
                    "list": f"[[{path}]]",
                    "map": f"[{path}.<{KEY_NAMES.get(path, 'id')}>]",
                }[how]
                described = describe_table(cls)
                places.append(Place(path, header, described))
                visit(described, path)

    visit(places[0].table, "")
    return places


def tables_by_name() -> dict[str, TableDescription]:
    """Every table class of the event file by its name, the file's own (``Event``) first."""
    return {place.table.name: place.table for place in event_places()}
