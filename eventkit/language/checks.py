"""Checks of the documents' fixed words: the keys of ``[labels]``, and a language eventkit has no catalogue for.
Run by ``check`` and every command through :mod:`eventkit.documents.event_checks`."""

from __future__ import annotations

from ..event.model import Event
from ..event.reporting import ProblemReport, did_you_mean
from .labels import ENGLISH, catalogue, primary_language


def check_labels(event: Event, reader: ProblemReport) -> None:
    """Every key of [labels] must name a label the documents use (with "did you mean"); a warning when the
    documents' language has no catalogue, so that its fixed words would print in English."""
    for key in event.labels:
        if key not in ENGLISH:
            reader.report(
                ("labels", key),
                f"unknown label '{key}'",
                did_you_mean(key, ENGLISH) or "the labels are listed in eventkit/language/labels.py",
                at_key=True,
            )
    untranslated = [key for key in ENGLISH if key not in event.labels]
    from .translation import issued_languages

    reported = set()
    for tag in issued_languages(event):
        language = primary_language(tag)
        if language == "en" or catalogue(language) or not untranslated or language in reported:
            continue
        reported.add(language)
        where = ("event", "language") if not event.event.languages else ("event", "languages")
        reader.report(
            where,
            f"eventkit has no labels in '{language}': {len(untranslated)} fixed words of the documents "
            f'("{ENGLISH["agenda"]}", "{ENGLISH["summary_report_heading"]}", page footers ...) '
            f"will print in English",
            f"translate them in [labels], or add "
            f'eventkit/language/catalogues/{language}.toml as the documentation\'s "Documents in another language" says',
            severity="warning",
            needle=f'"{tag}"' if event.event.languages else "",
        )
