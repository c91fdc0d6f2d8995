"""An event file checked for its documents: the event's own checks (:func:`eventkit.event.load.check_event`), the
documents' labels, and the characters no installed font can draw. What ``eventkit check`` runs, and every command
that reads an event file from the command line or the preview."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ..event.load import CheckResult, check_event
from ..event.model import Event
from ..event.reporting import ProblemReport
from ..language.checks import check_labels
from ..language.translation_checks import check_translations


def warn_missing_glyphs(event: Event, reader: ProblemReport) -> None:
    """A warning for each character that no installed font can draw (it would print as an empty box), in the
    event as written and in each language it is issued in (its translations, its labels)."""
    from ..language.translation import in_language, is_original, issued_languages
    from .fonts import FieldPath, glyph_problems

    reported: set[str] = set()

    def warn(path: FieldPath, message: str, hint: str = "", needle: str = "") -> None:
        if message not in reported:  # one warning per character (and per language's labels)
            reported.add(message)
            reader.report(path, message, hint, severity="warning", needle=needle)

    glyph_problems(event, warn)
    for language in issued_languages(event):
        if not is_original(event, language):
            glyph_problems(in_language(dataclasses.replace(event, source=reader.name), language), warn)


def check_event_file(path: Path | str, lint: bool = True) -> CheckResult:
    """The event file at ``path`` with every problem ``eventkit check`` reports (without ``lint``, without the
    event's own warnings, which the commands that make documents do not print)."""
    return check_event(path, checks=(check_labels,), warnings=(check_translations, warn_missing_glyphs), lint=lint)
