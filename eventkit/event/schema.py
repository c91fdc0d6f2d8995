"""A JSON Schema (draft 2020-12) of the event file, generated from the model's dataclasses.

The annotations give the types (text, dates, times, lists, tables, fixed choices), the ``doc`` metadata the
descriptions, a field without a default is required, and no table accepts keys the model does not know
(``additionalProperties: false``) -- the same rules ``eventkit check`` applies, so an editor that reads the schema
(Taplo, VS Code's "Even Better TOML") completes and checks field names as you type. Fields that come together (a
session's start and end, ``doc(together_with=...)``) are ``dependentRequired``; other checks that need more than
one field (end after start, references to people) stay with ``check``.

Because the schema is computed from the model, a field added to the model is in the schema at once.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import types
import typing

from .. import __version__
from . import model
from .load import EMAIL_PATTERN, ID_PATTERN, URL_FIELDS, ZONE_FIELDS

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_FILE_NAME = "eventkit.schema.json"
TIME_PATTERN = r"^([01]?[0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?$"
ZONE_PATTERN = r"^([A-Za-z][A-Za-z0-9_+-]*)(/[A-Za-z0-9_+-]+)*$"


def _field_schema(name: str, tp, defs: dict) -> dict:
    """The schema of one field's value, with the field name's extra rules (e-mail, URL, id, zone)."""
    schema = _type_schema(tp, defs)
    if schema.get("type") == "string" and "enum" not in schema:
        if name == "email":
            schema["pattern"] = f"^$|{EMAIL_PATTERN.pattern}"
            schema["description"] = "an e-mail address"
        elif name in URL_FIELDS:
            schema["pattern"] = r"^$|^(https?|mailto):\S+$"
        elif name == "id":
            schema["pattern"] = f"^$|{ID_PATTERN.pattern}"
        elif name in ZONE_FIELDS:
            schema["pattern"] = ZONE_PATTERN
            schema["examples"] = ["Europe/Vienna", "Asia/Tbilisi", "America/New_York"]
    if schema.get("type") == "array" and name in ZONE_FIELDS:
        schema["items"] = {"type": "string", "pattern": ZONE_PATTERN}
    return schema


def _type_schema(tp, defs: dict) -> dict:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):  # `X | None`: TOML has no null, the field is just left out
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        return _type_schema(options[0], defs)
    if dataclasses.is_dataclass(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}  # placeholder: recursion-safe
            defs[name] = _table_schema(tp, defs)
        return {"$ref": f"#/$defs/{name}"}
    if origin is tuple:
        return {"type": "array", "items": _type_schema(typing.get_args(tp)[0], defs)}
    if origin is dict:
        return {"type": "object", "propertyNames": {"pattern": ID_PATTERN.pattern},
                "additionalProperties": _type_schema(typing.get_args(tp)[1], defs)}
    if origin is typing.Literal:
        return {"type": "string", "enum": list(typing.get_args(tp))}
    if tp is str:
        return {"type": "string"}
    if tp is dt.date:  # a TOML local date; Taplo hands dates to the schema as strings
        return {"type": "string", "format": "date"}
    if tp is dt.time:  # "09:30" in quotes or a TOML time (09:30:00)
        return {"type": "string", "pattern": TIME_PATTERN}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is float:
        return {"type": ["number", "integer"]}
    raise TypeError(f"no JSON Schema for {tp!r}")  # a programming error in the model


# A text written with its translations: {en = "Agenda", fr = "Ordre du jour"} (event/inline_translations.py; the
# tags' full BCP 47 grammar is checked by `eventkit check`).
TRANSLATIONS = {
    "type": "object",
    "description": "The text in each language, keyed by language tag: {en = \"...\", fr = \"...\"}; the "
                   "language the event file is written in ([event] language) is required",
    "propertyNames": {"pattern": r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"},
    "additionalProperties": {"type": "string"},
    "minProperties": 1,
}


def _with_translations(schema: dict, tp, defs: dict) -> dict:
    """A translatable field's schema: its text, or a table of its texts per language (the items of a list of
    texts, the values of a table of texts likewise)."""
    from .inline_translations import takes_inline_translations
    defs["Translations"] = TRANSLATIONS
    ref = {"$ref": "#/$defs/Translations"}
    if takes_inline_translations(tp, {}):
        return {"anyOf": [schema, ref]}
    if schema.get("type") == "array" and takes_inline_translations(tp, [{}]):
        return {**schema, "items": {"anyOf": [schema["items"], ref]}}
    if schema.get("type") == "object" and takes_inline_translations(tp, {"": {}}):
        return {**schema, "additionalProperties": {"anyOf": [schema["additionalProperties"], ref]}}
    return schema


def _table_schema(cls, defs: dict) -> dict:
    hints = typing.get_type_hints(cls, None, vars(model))  # each class's own module first, then the model's names
    properties, required, together = {}, [], {}
    for f in dataclasses.fields(cls):
        if f.metadata.get("internal"):
            continue
        if f.metadata.get("together_with"):
            together[f.name] = [f.metadata["together_with"]]
        schema = _field_schema(f.name, hints[f.name], defs)
        if f.metadata.get("translatable"):
            schema = _with_translations(schema, hints[f.name], defs)
        if "$ref" in schema:
            schema = {"allOf": [schema]} if f.metadata.get("doc") else schema
        if f.metadata.get("doc"):
            schema["description"] = f.metadata["doc"]
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            required.append(f.name)
        elif f.default not in (dataclasses.MISSING, None, "", ()):
            schema["default"] = list(f.default) if isinstance(f.default, tuple) else f.default
        properties[f.name] = schema
    table = {"type": "object", "properties": properties, "additionalProperties": False}
    if cls.__doc__ and not cls.__doc__.startswith(f"{cls.__name__}("):
        table["description"] = " ".join(cls.__doc__.split())
    if required:
        table["required"] = required
    if together:   # a session's start and end: both or neither
        table["dependentRequired"] = together
    return table


def event_schema() -> dict:
    """The JSON Schema of an event file."""
    defs: dict = {}
    root = _table_schema(model.Event, defs)
    return {
        "$schema": SCHEMA_DIALECT,
        "title": f"eventkit {__version__} event file",
        "description": "One TOML file per event: every document and invite is generated from it "
                       "(see eventkit's README, 'The event file').",
        **{key: value for key, value in root.items() if key != "description"},
        "$defs": dict(sorted(defs.items())),
    }


def schema_text() -> str:
    """The schema as JSON text, stable from run to run."""
    return json.dumps(event_schema(), indent=2, ensure_ascii=False) + "\n"
