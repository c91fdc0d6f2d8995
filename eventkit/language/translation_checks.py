"""``check`` for an event issued in several languages: its translation files are readable and hold what the fields
may hold, and, per language, one warning listing what is still untranslated (with the count).

Run by ``check`` and every command through :mod:`eventkit.documents.event_checks`, once the event has no errors
(the notes file's texts are then part of the report and are listed too).
"""

from __future__ import annotations

from ..errors import Problem
from ..event.field_rules import text_problem
from ..event.model import Event
from ..event.positions import KeyPath
from ..event.reporting import ProblemReport
from .translation import TextUse, is_original, issued_languages, texts
from .translation_files import TranslationFile, read_translation_file, translation_files_beside, translation_path

SHOWN = 8  # fields named in the warning before "..."


def check_translations(event: Event, reader: ProblemReport) -> None:
    """Errors for unreadable translation files and translations a field cannot hold; a warning per language
    naming the fields still in the original language; a warning for a translation file of a language the event is
    not issued in."""
    uses = texts(event)
    current = {str(use.text) for use in uses}
    for language in issued_languages(event):
        if is_original(event, language):
            continue
        catalogue = read_translation_file(translation_path(reader.name, language), language)
        reader.problems.extend(catalogue.problems)
        _check_translated_values(uses, catalogue, language, reader)
        missing = [use for use in uses if _translation(use, language, catalogue) is None]
        if missing:
            changed = sum(1 for use in missing if catalogue.previous(use.where, current) is not None)
            names = ", ".join(use.where for use in missing[:SHOWN]) + (" ..." if len(missing) > SHOWN else "")
            note = f"; {changed} of them because the original changed since it was translated" if changed else ""
            reader.report(
                ("event", "languages"),
                f"'{language}': {len(missing)} of {len(uses)} fields are not "
                f"translated (they print in '{event.event.language}'){note}: {names}",
                f"eventkit translations {reader.name} --language {language} writes them into a file for a translator",
                severity="warning",
                needle=f'"{language}"',
            )
    _warn_unused_files(event, reader)
    _warn_people_languages(event, reader)


def _warn_people_languages(event: Event, reader: ProblemReport) -> None:
    """A person's (or a delegation's) language the event is not issued in: their invitation falls back to the
    event's first language."""
    from .labels import primary_language

    languages = issued_languages(event)
    primaries = {primary_language(language) for language in languages}
    owners: list[tuple[KeyPath, str]] = [
        (("people", pid, "language"), person.language) for pid, person in event.people.items()
    ]
    owners += [(("delegations", n, "language"), d.language) for n, d in enumerate(event.delegations)]
    for path, language in owners:
        if language and primary_language(language) not in primaries:
            reader.report(
                path,
                f"'{language}' is not one of the languages the event is issued in "
                f"({', '.join(languages)}): the invitation is written in '{languages[0]}'",
                f'add "{language}" to [event] languages, or choose one of them',
                severity="warning",
            )


def _translation(use: TextUse, language: str, catalogue: TranslationFile) -> str | None:
    from ..event.translated_text import inline_translation

    inline = inline_translation(use.text, language)
    return inline if inline is not None else catalogue.translation(use.text)


def _check_translated_values(
    uses: list[TextUse], catalogue: TranslationFile, language: str, reader: ProblemReport
) -> None:
    """A translation in the file must be what its fields accept: one line for a one-line field, no control
    characters, within the length limits (the same rules as the event file's own texts)."""
    from ..event.load import MAX_TEXT_CHARS
    from ..event.translated_text import inline_translation

    reported: set[str] = set()
    for use in uses:
        if inline_translation(use.text, language) is not None:
            continue
        entry = catalogue.entry(use.text)
        translation = catalogue.translation(use.text)
        if translation is None or entry is None or entry.original in reported:
            continue
        multiline = bool(use.field.metadata.get("multiline"))
        problem = text_problem(translation, multiline=multiline, required=False, name=use.field.name, table=use.table)
        if problem is None and len(translation) > MAX_TEXT_CHARS:
            problem = (f"is too long ({len(translation):,} characters; at most {MAX_TEXT_CHARS:,})", "")
        if problem:
            reported.add(entry.original)
            message, hint = problem
            reader.problems.append(
                Problem(str(catalogue.path), entry.line, 1, use.where, f"the '{language}' translation {message}", hint)
            )


def _warn_unused_files(event: Event, reader: ProblemReport) -> None:
    """``x.de.po`` beside ``x.toml`` when the event is not issued in 'de': its translations are never printed."""
    issued = {language.lower() for language in issued_languages(event)}
    for language, path in translation_files_beside(reader.name).items():
        if language.lower() in issued or language.lower() == event.event.language.lower():
            continue
        reader.problems.append(
            Problem(
                str(path),
                0,
                0,
                "",
                f"translations into '{language}', which is not one of "
                f"the languages the event is issued in ({', '.join(issued_languages(event))})",
                f'add "{language}" to [event] languages in {reader.name}',
                "warning",
            )
        )
