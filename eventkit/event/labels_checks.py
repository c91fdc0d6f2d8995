"""Checks of the documents' words and fonts: the keys of [labels], and characters no installed font can draw.
Called by :mod:`eventkit.event.load`, whose reader (``report``) records the located problems."""
from __future__ import annotations


def check_labels(event, reader) -> None:
    """Every key of [labels] must name a label the documents use (with "did you mean")."""
    from ..documents.labels import ENGLISH
    from .load import did_you_mean
    for key in event.labels:
        if key not in ENGLISH:
            reader.report(("labels", key), f"unknown label '{key}'",
                          did_you_mean(key, ENGLISH) or "the labels are listed in eventkit/documents/labels.py",
                          at_key=True)


def warn_missing_glyphs(event, reader) -> None:
    """A warning for each character that no installed font can draw (it would print as an empty box)."""
    from ..documents.fonts import glyph_problems

    def warn(path: tuple, message: str, hint: str = "", needle: str = "") -> None:
        reader.report(path, message, hint, severity="warning", needle=needle)
    glyph_problems(event, warn)
