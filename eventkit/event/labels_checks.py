"""Checks of the documents' words and fonts: the keys of [labels], and characters no installed font can draw.
Called by :mod:`eventkit.event.load`, whose reader (``report``) records the located problems."""
from __future__ import annotations


def check_labels(event, reader) -> None:
    """Every key of [labels] must name a label the documents use (with "did you mean"); a warning when the
    documents' language has no catalogue, so that its fixed words would print in English."""
    from ..language.labels import ENGLISH, catalogue, primary_language
    from .load import did_you_mean
    for key in event.labels:
        if key not in ENGLISH:
            reader.report(("labels", key), f"unknown label '{key}'",
                          did_you_mean(key, ENGLISH) or "the labels are listed in eventkit/language/labels.py",
                          at_key=True)
    language = primary_language(event.event.language)
    untranslated = [key for key in ENGLISH if key not in event.labels]
    if language != "en" and not catalogue(language) and untranslated:
        reader.report(("event", "language"),
                      f"eventkit has no labels in '{language}': {len(untranslated)} fixed words of the documents "
                      f"(\"{ENGLISH['agenda']}\", \"{ENGLISH['summary_report_heading']}\", page footers ...) "
                      f"will print in English", f"translate them in [labels], or add "
                      f"eventkit/language/catalogues/{language}.toml as the README's \"Adding a language\" says",
                      severity="warning")


def warn_missing_glyphs(event, reader) -> None:
    """A warning for each character that no installed font can draw (it would print as an empty box)."""
    from ..documents.fonts import glyph_problems

    def warn(path: tuple, message: str, hint: str = "", needle: str = "") -> None:
        reader.report(path, message, hint, severity="warning", needle=needle)
    glyph_problems(event, warn)
