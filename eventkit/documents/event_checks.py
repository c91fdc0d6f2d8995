"""An event file checked for its documents: the event's own checks (:func:`eventkit.event.load.check_event`), the
documents' labels, and the characters no installed font can draw. What ``eventkit check`` runs, and every command
that reads an event file from the command line or the preview."""
from __future__ import annotations

from pathlib import Path

from ..event.load import CheckResult, check_event
from ..event.model import Event
from ..event.reporting import ProblemReport
from ..language.checks import check_labels


def warn_missing_glyphs(event: Event, reader: ProblemReport) -> None:
    """A warning for each character that no installed font can draw (it would print as an empty box)."""
    from .fonts import glyph_problems

    def warn(path: tuple, message: str, hint: str = "", needle: str = "") -> None:
        reader.report(path, message, hint, severity="warning", needle=needle)
    glyph_problems(event, warn)


def check_event_file(path: Path | str) -> CheckResult:
    """The event file at ``path`` with every problem ``eventkit check`` reports."""
    return check_event(path, checks=(check_labels,), warnings=(warn_missing_glyphs,))
