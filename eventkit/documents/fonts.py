"""Glyph coverage: which characters of an event no installed font can draw (they would print as empty boxes).

The PDF renderer (WeasyPrint, through fontconfig) falls back from the theme's fonts to any installed font that has
a glyph, so a character is drawable when *some* installed font has it. The union of every installed font's
character set comes from :mod:`eventkit.documents.installed_fonts` (fontconfig's answer, cached between commands
until the fonts change); each distinct non-ASCII character of the event is looked up in it once.

``glyph_problems`` returns located warnings like
``events/x.toml:212:10: warning: people.hamaguchi.name: no installed font has 濱 (U+6FF1) (install fonts-noto-cjk)``.
"""

from __future__ import annotations

import bisect
import dataclasses
import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING, Protocol

from .installed_fonts import FontListUnavailable, installed_fonts, merge_ranges, parse_charset  # noqa: F401

if TYPE_CHECKING:
    from ..event.model import Event

FieldPath = tuple[str | int, ...]  # a field's path in the event file: keys and 0-based list indices


class GlyphReport(Protocol):
    """Where :func:`glyph_problems` sends each warning."""

    def __call__(self, path: FieldPath, message: str, hint: str = "", *, needle: str = "") -> None: ...


# Scripts whose fonts come in Debian's fonts-noto-cjk rather than fonts-noto-core.
_CJK_RANGES = (
    (0x1100, 0x11FF),
    (0x2E80, 0x2FDF),
    (0x2FF0, 0x9FFF),
    (0xA960, 0xA97F),
    (0xAC00, 0xD7FF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
    (0x20000, 0x3FFFF),
)


GLYPH_MESSAGE = "no installed font has"


def covered_ranges() -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(starts, ends) of the merged code point ranges that at least one installed font covers."""
    return installed_fonts().ranges


def has_glyph(character: str, ranges: tuple[tuple[int, ...], tuple[int, ...]] | None = None) -> bool:
    starts, ends = ranges or covered_ranges()
    code = ord(character)
    at = bisect.bisect_right(starts, code) - 1
    return at >= 0 and code <= ends[at]


def needs_no_glyph(character: str) -> bool:
    """ASCII, spaces, controls and invisible format characters (joiners, bidi marks) are never drawn as boxes."""
    return character.isascii() or unicodedata.category(character) in ("Zs", "Zl", "Zp", "Cc", "Cf", "Mn")


def install_hint(character: str) -> str:
    code = ord(character)
    category = unicodedata.category(character)
    if category == "Co":
        return "a private-use character: no font can be expected to have it; write the name in a standard script"
    if category == "Cn":
        return "an unassigned code point: check the spelling; no font has it"
    if code >= 0x20000 and unicodedata.name(character, "").startswith("CJK"):
        # Extensions B to I: Noto CJK has almost none of them; HanaMinB (fonts-hanazono) has them all
        return "install fonts-hanazono: Noto CJK lacks the rare ideographs of CJK Extension B and beyond"
    if any(first <= code <= last for first, last in _CJK_RANGES):
        return "install fonts-noto-cjk"
    return "install fonts-noto-core (or fonts-noto-extra for rare and historic scripts)"


def text_fields(value: object, path: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """Every text of a model object with its field path (0-based list indices, as the loader reports them)."""
    if isinstance(value, str):
        yield path, value
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            if not f.metadata.get("internal"):
                yield from text_fields(getattr(value, f.name), path + (f.name,))
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from text_fields(item, path + (i,))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from text_fields(item, path + (key,))


def missing_glyphs(event: Event) -> list[tuple[FieldPath, str]]:
    """(field path, character) for the first place of each distinct character that no installed font has: in the
    event's texts, and in the labels of its language (reported at ``event.language``)."""
    from ..language.labels import catalogue

    ranges = covered_ranges()
    seen: set[str] = set()
    missing: list[tuple[FieldPath, str]] = []
    language_labels: list[tuple[FieldPath, str]] = [
        (("event", "language"), text) for text in catalogue(event.event.language).values()
    ]
    for path, text in [*text_fields(event), *language_labels]:
        if text.isascii():
            continue
        new = set(text) - seen  # each character is looked at once, however often it occurs
        if not new:
            continue
        seen |= new
        for character in dict.fromkeys(text):  # the new ones in the order they first occur
            if character in new and not needs_no_glyph(character) and not has_glyph(character, ranges):
                missing.append((path, character))
    return missing


def glyph_problems(event: Event, report: GlyphReport) -> None:
    """Report (via ``report(path, message, hint, needle=...)``) each character of ``event`` that no font has."""
    try:
        missing = missing_glyphs(event)
    except FontListUnavailable as exc:
        report(("event",), f"cannot check that every character has a font: {exc}", "install fontconfig", needle="")
        return
    in_labels = [character for path, character in missing if path == ("event", "language")]
    if in_labels:  # one warning for the language's own labels, naming their characters
        shown = " ".join(in_labels[:12]) + (" ..." if len(in_labels) > 12 else "")
        report(
            ("event", "language"),
            f"{GLYPH_MESSAGE} {len(in_labels)} characters of the '{event.event.language}' labels: {shown}",
            install_hint(in_labels[0]),
            needle="",
        )
    for path, character in missing:
        if path == ("event", "language"):
            continue
        name = unicodedata.name(character, "")
        shown = f"{character} (U+{ord(character):04X}{' ' + name if name else ''})"
        report(path, f"{GLYPH_MESSAGE} {shown}", install_hint(character), needle=character)
