"""An event in one of the languages it is issued in: every free text replaced by its translation, where there is one.

The event file is written in one language (``[event] language``) and issued in several (``[event] languages``).
Its free texts -- the fields the model marks ``translatable`` (titles, venue, objectives, functions, bios, the
report's notes ...) -- are translated in two places, both beside the original, never in a copy of the event:

- in the event file, per field: ``title = {en = "Regional consultation", fr = "Consultation régionale"}``
  (:mod:`eventkit.event.translated_text`): handy for short texts a bilingual organiser writes at once;
- in a translation file per language beside the event file, ``<name>.<language>.po`` (:mod:`.translation_files`),
  which is what a translator's tools read and write.

:func:`translate` makes the event of one language: the field's own translation, else the translation file's for
that text, else the original (a missing translation never leaves a gap). Everything that identifies the event --
ids, people, sessions, times, e-mail addresses -- is the same object in every language, so documents, invites and
replies of all languages belong to one event (one set of UIDs). :func:`untranslated` lists what is still in the
original language.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..event.model import Event
from ..event.positions import KeyPath
from ..event.reporting import display_path
from ..event.translated_text import inline_translation

if TYPE_CHECKING:
    from .translation_files import TranslationFile


@dataclass(frozen=True)
class TextUse:
    """One translatable text of an event: where it is (a field path, 0-based as the loader's), the text in the
    original language, and the field it fills (its ``multiline`` and name decide what a translation may hold)."""

    path: KeyPath
    text: str
    field: dataclasses.Field[Any]
    table: str  # the model class holding the field (Person, Session ...), for the field's rules

    @property
    def where(self) -> str:
        return display_path(self.path)


Visit = Callable[[TextUse], str]


def issued_languages(event: Event) -> tuple[str, ...]:
    """The languages the event is issued in: ``[event] languages``, else the language it is written in."""
    return event.event.languages or (event.event.language,)


def is_original(event: Event, language: str) -> bool:
    """Whether ``language`` is the one the event file is written in (then nothing is translated)."""
    return language.lower() == event.event.language.lower()


def needs_translation(text: str) -> bool:
    """A text with no letters outside its {fields} (a number, "{page} / {pages}", an e-mail's punctuation ...)
    reads the same in every language."""
    return any(c.isalpha() for c in re.sub(r"\{[A-Za-z_]+\}", "", text))


def texts(event: Event) -> list[TextUse]:
    """Every translatable text of ``event`` that holds words, in the order of the model (then of the file)."""
    found: list[TextUse] = []

    def record(use: TextUse) -> str:
        if needs_translation(use.text):
            found.append(use)
        return use.text

    _rebuild_event(event, record)
    return found


def translate(event: Event, language: str, catalogue: TranslationFile | None = None) -> Event:
    """``event`` as issued in ``language``: each translatable text in its translation (the field's own, else
    ``catalogue``'s -- a :class:`~eventkit.language.translation_files.TranslationFile` -- else the original), and
    ``[event] language`` set to ``language`` so that labels, dates and direction follow."""
    info = dataclasses.replace(event.event, language=language)
    if is_original(event, language):
        return dataclasses.replace(event, event=info)

    def visit(use: TextUse) -> str:
        if not needs_translation(use.text):
            return use.text
        inline = inline_translation(use.text, language)
        if inline is not None:
            return inline
        found = catalogue.translation(use.text) if catalogue is not None else None
        return found if found is not None else use.text

    translated = _rebuild_event(event, visit)
    people = {
        pid: dataclasses.replace(person, honorific_key=event.people[pid].honorific)
        if person.honorific != event.people[pid].honorific
        else person
        for pid, person in translated.people.items()
    }
    names = {original.name: new.name for original, new in zip(event.delegations, translated.delegations, strict=True)}
    protocol = dataclasses.replace(translated.protocol, order=tuple(names.get(n, n) for n in translated.protocol.order))
    return dataclasses.replace(
        translated,
        event=dataclasses.replace(translated.event, language=language),
        people=people,
        protocol=protocol,
        original=event,
    )


def in_language(event: Event, language: str) -> Event:
    """``event`` as issued in ``language``, with the translations of its translation file beside the event file."""
    from .translation_files import read_translation_file, translation_path

    if is_original(event, language) or not event.source:
        return translate(event, language)
    return translate(event, language, read_translation_file(translation_path(event.source, language), language))


def untranslated(event: Event, language: str, catalogue: TranslationFile | None = None) -> list[TextUse]:
    """The texts that ``language``'s documents would print in the original language (none for the original)."""
    if is_original(event, language):
        return []
    return [
        use
        for use in texts(event)
        if inline_translation(use.text, language) is None
        and (catalogue is None or catalogue.translation(use.text) is None)
    ]


def _rebuild_event(event: Event, visit: Visit) -> Event:
    """``event`` with every translatable text replaced by ``visit(use)``."""
    rebuilt = _rebuild(event, visit, (), False, None, "Event", frozenset(event.people))
    if not isinstance(rebuilt, Event):
        raise TypeError(f"an event rebuilt as {type(rebuilt).__name__}")  # a dataclass is rebuilt as one
    return rebuilt


def _rebuild(
    value: object,
    visit: Visit,
    path: KeyPath,
    translatable: bool,
    field: dataclasses.Field[Any] | None,
    table: str,
    person_ids: frozenset[str],
) -> object:
    """``value`` with every translatable text replaced by ``visit(use)`` (the same object where nothing changed)."""
    if isinstance(value, str):
        if not translatable or not value or field is None:  # (translatable: the text of a field)
            return value
        if field is not None and field.name == "owner" and value in person_ids:  # an action's owner: a person id
            return value
        return visit(TextUse(path, value, field, table))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes: dict[str, object] = {}
        for f in dataclasses.fields(value):
            if f.metadata.get("internal"):
                continue
            old = getattr(value, f.name)
            new = _rebuild(
                old, visit, path + (f.name,), bool(f.metadata.get("translatable")), f, type(value).__name__, person_ids
            )
            if new is not old:
                changes[f.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    if isinstance(value, tuple):
        items = [
            _rebuild(item, visit, path + (i,), translatable, field, table, person_ids) for i, item in enumerate(value)
        ]
        return tuple(items) if any(new is not old for new, old in zip(items, value, strict=True)) else value
    if isinstance(value, dict):
        values = {
            key: _rebuild(item, visit, path + (key,), translatable, field, table, person_ids)
            for key, item in value.items()
        }
        return values if any(values[key] is not value[key] for key in value) else value
    return value
