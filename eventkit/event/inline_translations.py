"""Reading the translations written in the event file itself: ``title = {en = "Regional consultation", fr =
"Consultation régionale"}`` for any translatable field (``doc(translatable=True)``), an item of a translatable list
(``interpretation``) or a value of a translatable table (``[labels]``, ``[protocol] salutations``).

The key of the language the event file is written in (``[event] language``, default "en") is the original and
required; the others are translations (see :mod:`eventkit.event.translated_text`). Used by
:class:`eventkit.event.load._Reader`; every problem is located at the field.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any

from .field_rules import language_tag_problem, text_problem
from .field_types import ValueReader
from .model_fields import TypeForm
from .positions import KeyPath
from .translated_text import Translated


def written_languages(data: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    """(the language the file is written in, the languages it is issued in) as the raw TOML data says, for reading
    inline translations before [event] itself is converted (its own problems are reported there)."""
    event = data.get("event")
    info: dict[str, Any] = event if isinstance(event, dict) else {}
    language = info.get("language")
    written = language if isinstance(language, str) and language else "en"
    languages = info.get("languages")
    issued = tuple(t for t in languages if isinstance(t, str)) if isinstance(languages, list) else ()
    return written, issued or (written,)


def takes_inline_translations(tp: TypeForm, raw: object) -> bool:
    """Whether ``raw`` (a TOML value) is written as translations for a field of type ``tp``: a table where the
    field is text, or a list or table holding such tables where it is a list or table of texts (not where a
    table means something else, as an annex does in ``annexes``)."""
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    origin = typing.get_origin(tp)
    if tp is str or (
        origin in (typing.Union, types.UnionType)
        and str in args
        and not any(dataclasses.is_dataclass(a) or typing.get_origin(a) is dict for a in args)
    ):
        return isinstance(raw, dict)
    if origin is tuple and typing.get_args(tp)[0] is str:
        return isinstance(raw, list) and any(isinstance(item, dict) for item in raw)
    if origin is dict and typing.get_args(tp)[1] is str:
        return isinstance(raw, dict) and any(isinstance(item, dict) for item in raw.values())
    return False


def convert_with_translations(
    reader: ValueReader, raw: Any, tp: TypeForm, path: KeyPath, field: dataclasses.Field[Any], table: str
) -> object:
    """The field's value with :class:`Translated` texts where a table of translations is written (None, with the
    problems recorded on ``reader``, when one is wrong)."""
    origin = typing.get_origin(tp)
    if origin is tuple:
        items = [
            translated_text(reader, item, path + (i,), field, table)
            if isinstance(item, dict)
            else reader.convert(item, str, path + (i,))
            for i, item in enumerate(raw)
        ]
        return None if any(item is None for item in items) else tuple(items)
    if origin is dict:
        values = {
            key: translated_text(reader, item, path + (key,), field, table)
            if isinstance(item, dict)
            else reader.convert(item, str, path + (key,))
            for key, item in raw.items()
        }
        return None if any(value is None for value in values.values()) else values
    return translated_text(reader, raw, path, field, table)


def translated_text(
    reader: ValueReader, raw: dict[str, Any], path: KeyPath, field: dataclasses.Field[Any], table: str
) -> Translated | None:
    """``{en = "...", fr = "..."}`` → Translated (the original in the written-in language, the others as its
    translations)."""
    written, issued = reader.languages
    multiline = bool(field.metadata.get("multiline"))
    texts: dict[str, str] = {}
    ok = True
    for tag, text in raw.items():
        where = path + (tag,)
        problem = language_tag_problem(tag)
        if problem:
            reader.report(
                where,
                f"'{tag}' is not a language: a table here gives the text in each language "
                f'({{{written} = "...", fr = "..."}})',
                problem[1],
                at_key=True,
                needle=tag,
            )
            ok = False
            continue
        if not isinstance(text, str):
            reader.wrong_type(text, str, where, "write the text in quotes")
            ok = False
            continue
        text = reader.convert_text(text, where)
        problem = (
            text_problem(text, multiline=multiline, required=False, name=field.name, table=table)
            if text is not None
            else None
        )
        if problem:
            reader.report(where, *problem, needle=tag)
        if text is None or problem:
            ok = False
            continue
        texts[tag] = text
    if not ok:
        return None
    original = next((text for tag, text in texts.items() if tag.lower() == written.lower()), None)
    if original is None:
        shown = ", ".join(texts) or "none"
        reader.report(
            path,
            f"no text in '{written}', the language the event file is written in (languages given: {shown})",
            f'add {written} = "..." to the table, or set [event] language to the language of the original',
        )
        return None
    unused = [
        tag
        for tag in texts
        if tag.lower() != written.lower() and tag.lower() not in {language.lower() for language in issued}
    ]
    for tag in unused:
        reader.report(
            path + (tag,),
            f"'{tag}' is not one of the languages the event is issued in "
            f"({', '.join(issued)}): this text is never printed",
            f'add "{tag}" to [event] languages, or remove it',
            severity="warning",
            needle=tag,
        )
    return Translated(original, {tag: text for tag, text in texts.items() if tag.lower() != written.lower()})


def check_languages(reader: ValueReader, languages: tuple[str, ...], path: KeyPath) -> tuple[str, ...] | None:
    """``[event] languages``: well-formed tags, each once (a folder of documents each, so "fr" and "FR" are one)."""
    seen: dict[str, int] = {}
    for i, tag in enumerate(languages):
        problem = language_tag_problem(tag)
        if problem:
            reader.report(path + (i,), *problem, needle=f'"{tag}"')
            return None
        if tag.lower() in seen:
            first = languages[seen[tag.lower()]]
            reader.report(
                path + (i,),
                f"'{tag}' is listed twice (also languages[{seen[tag.lower()] + 1}]"
                f"{', ' + repr(first) if first != tag else ''})",
                "each language is one folder of documents: list it once",
                needle=f'"{tag}"',
            )
            return None
        seen[tag.lower()] = i
    return languages


def written_key(table: dict[str, object], written_in: str) -> str:
    """The key of the original text in a field written with its translations ({en = ..., fr = ...}): the language
    the file is written in, as the table spells it."""
    return next((tag for tag in table if str(tag).lower() == written_in.lower()), written_in)


def written_text(raw: object, written_in: str) -> str:
    """A field's text as the TOML data holds it, in the language the file is written in: the text itself, or the
    original of a table of translations ("" when the table has none)."""
    if isinstance(raw, dict):
        text = raw.get(written_key(raw, written_in), "")
        return text if isinstance(text, str) else ""
    return str(raw)
