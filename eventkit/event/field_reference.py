"""The event file's field reference in Markdown, for the documentation site (``docs/reference/event-file.md``),
made from the model's description (:mod:`eventkit.event.model_description`) as the JSON Schema is: one section per
table, in the order a file is written, each field with the kind of value it takes, whether it is required or its
default, and its ``doc()`` text.

The documentation's build calls :func:`field_reference` (``docs/hooks.py``), so the manual cannot fall behind the
model.
"""

from __future__ import annotations

from .model_description import FieldDescription, Place, ValueType, event_places

TEXT_WORDS = {
    "": "text",
    "email": "e-mail address",
    "url": "web address",
    "id": "id",
    "zone": "IANA time zone",
    "language": "language tag (BCP 47)",
}


def anchor(key: str) -> str:
    """The id of a table's section: ``report.sections.speakers`` → ``report-sections-speakers``."""
    return key.replace(".", "-").replace("_", "-") if key else "the-file"


def _code(text: str) -> str:
    return f"`{text}`" if text else '`""`'


def value_words(value: ValueType, key: str, headers: dict[str, str], multiline: bool = False) -> str:
    """The kind of value in words: "text", "date", "list of ids", "[[agenda.participants]] tables" ..."""
    if value.kind == "text":
        return "Markdown" if multiline else TEXT_WORDS[value.text_format]
    if value.kind == "any-of":
        return " or ".join(value_words(option, key, headers, multiline) for option in value.items)
    if value.kind == "table":
        return f"table [`{headers[key]}`](#{anchor(key)})"
    if value.kind in ("list", "map"):
        item = value.items[0]
        if item.kind == "table" or item.kind == "any-of" and any(o.kind == "table" for o in item.items):
            return f"[`{headers[key]}`](#{anchor(key)}) tables" + (
                " or "
                + " or ".join(value_words(o, key, headers, multiline) + "s" for o in item.items if o.kind != "table")
                if item.kind == "any-of"
                else ""
            )
        if value.kind == "map":
            return f"table of `key = {value_words(item, key, headers, multiline)}`"
        return f"list of {value_words(item, key, headers, multiline)}s"
    return {
        "date": "date (`2021-03-24`)",
        "time": 'time (`"09:30"`)',
        "boolean": "`true` or `false`",
        "count": "whole number (0 or more)",
    }.get(value.kind) or "one of " + ", ".join(_code(choice) for choice in value.choices)


def _default_words(field: FieldDescription) -> str:
    if field.required:
        return "**required**"
    if field.default is None:
        return ""
    if isinstance(field.default, bool):
        return f"default `{str(field.default).lower()}`"
    return f"default `{field.default}`"


def _cell(text: str) -> str:
    """Text for a table cell: a pipe escaped, and "<moderator>" shown as written (outside `code`), not read as a tag."""
    parts = text.replace("|", "\\|").split("`")
    return "`".join(part if n % 2 else part.replace("<", "&lt;") for n, part in enumerate(parts))


def _field_row(field: FieldDescription, key: str, headers: dict[str, str]) -> str:
    path = f"{key}.{field.name}" if key else field.name
    value = value_words(field.value, path, headers, field.multiline)
    meaning = field.doc.rstrip(".") + "." if field.doc else ""
    if field.together_with:
        meaning += f" Given together with `{field.together_with}` (both or neither)."
    if field.translatable:
        meaning += (
            ' Translatable: `{en = "...", fr = "..."}` or the translation file '
            "(see [several languages](../how-to/several-languages.md))."
        )
    needed = _default_words(field)
    return f"| `{field.name}` | {_cell(value)}{'<br>' + needed if needed else ''} | {_cell(meaning)} |"


def _section(place: Place, headers: dict[str, str]) -> str:
    title = f"`{place.header}`" if place.key else "The file"
    lines = [f"### {title} {{#{anchor(place.key)}}}", ""]
    if place.table.doc:
        lines += [place.table.doc, ""]
    lines += ["| field | value | meaning |", "|---|---|---|"]
    lines += [_field_row(field, place.key, headers) for field in place.table.fields]
    return "\n".join(lines) + "\n"


def field_reference() -> str:
    """Every table of the event file and its fields, as Markdown sections (headings of level 3)."""
    places = event_places()
    headers = {place.key: place.header for place in places}
    return "\n".join(_section(place, headers) for place in places)
