"""The translator's round trip: a PO file of what is still to translate, and reading the translated file back.

``eventkit translations EVENT --language fr`` writes, for a translator, every text of the event that the French
documents would print in the original language (each distinct text once, with where it is used), and offers the
old translation of a text that changed since it was translated as a suggestion (``#, fuzzy`` with the previous
original). ``--import FILE`` reads the translator's file back into the event's translation file
(``<name>.fr.po``, see translation_files.py): confirmed translations of texts still in the event are taken,
checked against the rules of the fields they fill; nothing is written when one is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem
from ..event.field_rules import text_problem
from ..event.model import Event
from ..event.translated_text import inline_translation
from .translation import TextUse, texts
from .translation_files import Entry, TranslationFile, read_translation_file, translation_path, write_translation_file


@dataclass
class Export:
    """The file for the translator: its bytes, and how many texts it asks for (``changed``: with a suggestion)."""

    data: bytes
    count: int
    changed: int


@dataclass
class Import:
    """What reading a translator's file back did (``data``: the event's new translation file, None if unchanged)."""

    path: Path
    data: bytes | None
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    remaining: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _grouped(uses: list[TextUse]) -> dict[str, list[TextUse]]:
    """The uses of each distinct text, in the order the texts first appear."""
    groups: dict[str, list[TextUse]] = {}
    for use in uses:
        groups.setdefault(str(use.text), []).append(use)
    return groups


def _lines(event: Event, source: Path) -> dict[str, int]:
    """Field path (as written in the comments) → its line in the event file, for the ``#:`` references."""
    from ..event.positions import key_positions
    from ..event.reporting import display_path

    try:
        positions = key_positions(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeError):
        return {}
    lines = {}
    for use in texts(event):
        for cut in range(len(use.path), 0, -1):
            position = positions.get(use.path[:cut])
            if position:
                lines[display_path(use.path)] = position.line
                break
    return lines


def export_for_translator(event: Event, source: Path, language: str, everything: bool = False) -> Export:
    """The PO file of the texts still to translate into ``language`` (all of them with ``everything``, the
    translated ones filled in, for a full review)."""
    stored = read_translation_file(translation_path(source, language), language)
    uses = texts(event)
    current = {str(use.text) for use in uses}
    entries, previous, changed = [], {}, 0
    for text, group in _grouped(uses).items():
        if any(inline_translation(use.text, language) is not None for use in group):
            continue  # the event file gives this text's translation itself
        done = stored.translation(text)
        if done is not None and not everything:
            continue
        paths = tuple(use.where for use in group)
        entry = Entry(text, done or "", paths)
        if done is None:
            old = next((found for use in group if (found := stored.previous(use.where, current))), None)
            if old is not None:  # the original changed since it was translated: offer the old translation
                entry.translation, entry.fuzzy = old.translation, True
                previous[text] = old.original
                changed += 1
        entries.append(entry)
    data = write_translation_file(
        translation_path(source, language),
        language,
        entries,
        project=event.id,
        source_name=source.name,
        lines=_lines(event, source),
        previous=previous,
        contact=_contact(event),
    )
    return Export(data, len(entries), changed)


def import_from_translator(event: Event, source: Path, language: str, returned: Path) -> Import:
    """Read ``returned`` (the translator's PO file) into the event's translation file for ``language``; the result
    says what changed, or holds the located problems (then nothing is to be written)."""
    target = translation_path(source, language)
    result = Import(target, None)
    incoming = read_translation_file(returned, language, required=True)
    stored = read_translation_file(target, language)
    result.problems = incoming.problems + stored.problems
    if result.problems:
        return result
    uses = texts(event)
    groups = _grouped(uses)
    taken: dict[str, str] = {}
    fuzzy = gone = inline = 0
    for original, entry in incoming.entries.items():
        if not entry.translation:
            continue
        if entry.fuzzy:
            fuzzy += 1
            continue
        if original not in groups:
            gone += 1
            continue
        if all(inline_translation(use.text, language) is not None for use in groups[original]):
            inline += 1
            continue
        problem = _field_problem(entry.translation, groups[original])
        if problem:
            message, hint, where = problem
            result.problems.append(Problem(str(returned), entry.line, 1, where, f"the translation {message}", hint))
            continue
        taken[original] = entry.translation
    if result.problems:
        return result
    result.notes += [
        note
        for count, note in (
            (
                fuzzy,
                f"{fuzzy} translation{'s' * (fuzzy != 1)} still marked fuzzy (not confirmed by the translator): "
                f"not taken",
            ),
            (
                gone,
                f"{gone} translation{'s' * (gone != 1)} of texts no longer in the event (changed since the file was "
                f"written): not taken; write a new file for the translator",
            ),
            (
                inline,
                f"{inline} translation{'s' * (inline != 1)} of texts the event file translates itself "
                f"({{{event.event.language} = ..., {language} = ...}}): not taken",
            ),
        )
        if count
    ]
    entries = _merged(groups, stored, taken, result, language)
    data = write_translation_file(
        target,
        language,
        entries,
        project=event.id,
        source_name=source.name,
        lines=_lines(event, source),
        header=incoming.header or stored.header,
        contact=_contact(event),
    )
    old = target.read_bytes() if target.is_file() else None
    if (result.new or result.changed or old is None or _entries_differ(old, data)) and (entries or old is not None):
        result.data = data
    return result


def _merged(
    groups: dict[str, list[TextUse]], stored: TranslationFile, taken: dict[str, str], result: Import, language: str
) -> list[Entry]:
    """The translation file's entries after the import: one per text of the event that has a translation (new,
    changed or kept), in the event's order, then the translations of texts that changed since, kept as long as
    their place is still untranslated (they are the translator's suggestion)."""
    entries, current = [], set(groups)
    untranslated_places: set[str] = set()
    for text, group in groups.items():
        paths = tuple(use.where for use in group)
        before = stored.translation(text)
        now = taken.get(text, before)
        if text in taken:
            if before is None:
                result.new += 1
            elif before != now:
                result.changed += 1
            else:
                result.unchanged += 1
        if now is None:
            if not any(inline_translation(use.text, language) is not None for use in group):
                result.remaining += 1
                untranslated_places.update(paths)
            kept = stored.entry(text)
            if kept is not None and kept.fuzzy:  # a suggestion written into the file by hand: keep it
                entries.append(Entry(text, kept.translation, paths, fuzzy=True))
            continue
        entries.append(Entry(text, now, paths))
    for entry in stored.entries.values():
        if entry.original not in current and not entry.fuzzy and set(entry.paths) & untranslated_places:
            entries.append(Entry(entry.original, entry.translation, entry.paths))
    return entries


def _contact(event: Event) -> str:
    """Where a translator sends questions about the texts (the PO header's Report-Msgid-Bugs-To)."""
    return event.organiser.email if event.organiser and event.organiser.email else ""


def _field_problem(translation: str, uses: list[TextUse]) -> tuple[str, str, str] | None:
    """What a field using this text cannot hold in ``translation`` (message, hint, field), or None."""
    for use in uses:
        problem = text_problem(
            translation,
            multiline=bool(use.field.metadata.get("multiline")),
            required=False,
            name=use.field.name,
            table=use.table,
        )
        if problem:
            return problem[0], problem[1], use.where
    return None


def _entries_differ(old: bytes, new: bytes) -> bool:
    """Whether two translation files differ in more than their header's dates."""

    def body(data: bytes) -> list[bytes]:
        return [
            line
            for line in data.splitlines()
            if not line.startswith((b'"POT-Creation-Date', b'"PO-Revision-Date', b"# FIRST AUTHOR", b"# Copyright"))
        ]

    return body(old) != body(new)
