"""A JSON Schema (draft 2020-12) of the event file, made from the model's description
(:mod:`eventkit.event.model_description`), as the documentation's field reference is.

The kinds of value give the types (text, dates, times, lists, tables, fixed choices; a field that takes either of
two kinds, ``heading = "..."`` or ``heading = false``, is ``anyOf`` both), the ``doc`` metadata the descriptions,
a field without a default is required, and no table accepts keys the model does not know
(``additionalProperties: false``) -- the same rules ``eventkit check`` applies, so an editor that reads the schema
(Taplo, VS Code's "Even Better TOML") completes and checks field names as you type, and accepts every file that
``check`` accepts. Fields that come together (a session's start and end, ``doc(together_with=...)``) are
``dependentRequired``; other checks that need more than one field (end after start, references to people) stay
with ``check``.
"""

from __future__ import annotations

import json
from typing import Any, TypeAlias

from .. import __version__
from . import model
from .field_rules import ID_PATTERN, MAX_EMAIL_CHARS, MAX_ID_CHARS
from .load import EMAIL_PATTERN
from .model_description import FieldDescription, TableDescription, ValueType, describe_table

Schema: TypeAlias = dict[str, Any]  # a JSON Schema (or a part of one), as json.dumps writes it

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_FILE_NAME = "eventkit.schema.json"
# "09:30" in quotes, or a TOML time (09:30:00, which an editor hands to the schema as text); an offset picks one of
# two repeated times ("02:30+01:00").
TIME_PATTERN = r"^([01]?[0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?([+-][0-9]{2}:[0-9]{2}|Z)?$"
ZONE_PATTERN = r"^([A-Za-z][A-Za-z0-9_+-]*)(/[A-Za-z0-9_+-]+)*$"
ID_KEYS = {"pattern": ID_PATTERN.pattern, "maxLength": MAX_ID_CHARS}
TEXT_RULES: dict[str, Schema] = {
    "email": {"pattern": f"^$|{EMAIL_PATTERN.pattern}", "maxLength": MAX_EMAIL_CHARS},
    "url": {"pattern": r"^$|^(https?|mailto):\S+$"},
    "id": {"pattern": f"^$|{ID_PATTERN.pattern}", "maxLength": MAX_ID_CHARS},
    "zone": {"pattern": ZONE_PATTERN, "examples": ["Europe/Vienna", "Asia/Tbilisi", "America/New_York"]},
}


def _value_schema(value: ValueType, defs: Schema) -> Schema:
    """The schema of one kind of value (tables go to ``$defs``, once each)."""
    if value.kind == "any-of":
        return {"anyOf": [_value_schema(option, defs) for option in value.items]}
    if value.kind == "table" and value.table is not None:
        table = describe_table(value.table)
        if table.name not in defs:
            defs[table.name] = {}  # placeholder: recursion-safe
            defs[table.name] = _table_schema(table, defs)
        return {"$ref": f"#/$defs/{table.name}"}
    if value.kind == "list":
        return {"type": "array", "items": _value_schema(value.items[0], defs)}
    if value.kind == "map":
        return {
            "type": "object",
            "propertyNames": dict(ID_KEYS),
            "additionalProperties": _value_schema(value.items[0], defs),
        }
    if value.kind == "choice":
        return {"type": "string", "enum": list(value.choices)}
    if value.kind == "text":
        return {"type": "string", **TEXT_RULES.get(value.text_format, {})}
    if value.kind == "date":  # a TOML local date; Taplo hands dates to the schema as strings
        return {"type": "string", "format": "date"}
    if value.kind == "time":
        return {"type": "string", "pattern": TIME_PATTERN}
    if value.kind == "boolean":
        return {"type": "boolean"}
    if value.kind == "count":
        return {"type": "integer", "minimum": 0}
    raise TypeError(f"no JSON Schema for {value!r}")  # a programming error in the description


# A text written with its translations: {en = "Agenda", fr = "Ordre du jour"} (event/inline_translations.py; the
# tags' full BCP 47 grammar is checked by `eventkit check`).
TRANSLATIONS: Schema = {
    "type": "object",
    "description": 'The text in each language, keyed by language tag: {en = "...", fr = "..."}; the '
    "language the event file is written in ([event] language) is required",
    "propertyNames": {"pattern": r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"},
    "additionalProperties": {"type": "string"},
    "minProperties": 1,
}


def _with_translations(schema: Schema, value: ValueType, defs: Schema) -> Schema:
    """A translatable field's schema: its text, or a table of its texts per language; for a list of texts (or a
    table of texts) each item (each value) likewise. A list whose items may be tables (annexes) has none."""
    defs["Translations"] = TRANSLATIONS
    ref = {"$ref": "#/$defs/Translations"}
    if value.kind == "text" or (value.kind == "any-of" and all(o.kind in ("text", "boolean") for o in value.items)):
        return {"anyOf": [schema, ref]}
    if value.kind in ("list", "map") and value.items[0].kind == "text":
        key = "items" if value.kind == "list" else "additionalProperties"
        return {**schema, key: {"anyOf": [schema[key], ref]}}
    return schema


def _field_schema(field: FieldDescription, defs: Schema) -> Schema:
    schema = _value_schema(field.value, defs)
    if field.translatable:
        schema = _with_translations(schema, field.value, defs)
    if field.doc:
        schema = {"allOf": [schema]} if "$ref" in schema else schema  # a $ref's siblings were ignored before 2019
        schema["description"] = field.doc
    if field.default is not None:
        schema["default"] = list(field.default) if isinstance(field.default, tuple) else field.default
    return schema


def _table_schema(table: TableDescription, defs: Schema) -> Schema:
    schema: Schema = {
        "type": "object",
        "properties": {f.name: _field_schema(f, defs) for f in table.fields},
        "additionalProperties": False,
    }
    if table.doc:
        schema["description"] = table.doc
    required = [f.name for f in table.fields if f.required]
    if required:
        schema["required"] = required
    together = {f.name: [f.together_with] for f in table.fields if f.together_with}
    if together:  # a session's start and end: both or neither
        schema["dependentRequired"] = together
    return schema


def event_schema() -> Schema:
    """The JSON Schema of an event file."""
    defs: Schema = {}
    root = _table_schema(describe_table(model.Event), defs)
    return {
        "$schema": SCHEMA_DIALECT,
        "title": f"eventkit {__version__} event file",
        "description": "One TOML file per event: every document and invite is generated from it "
        "(its fields: eventkit's documentation, Reference, 'The event file').",
        **{key: value for key, value in root.items() if key != "description"},
        "$defs": dict(sorted(defs.items())),
    }


def schema_text() -> str:
    """The schema as JSON text, stable from run to run."""
    return json.dumps(event_schema(), indent=2, ensure_ascii=False) + "\n"
