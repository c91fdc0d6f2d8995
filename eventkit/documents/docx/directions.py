"""Text direction in the DOCX: the ``dir`` that documents/directions.py wrote into the HTML, as Word says it.

A block's ``dir`` becomes its paragraph's direction (``w:bidi``, or ``w:bidi w:val="0"`` for a left-to-right
paragraph in a right-to-left document, which ``language.set_document_language`` then leaves alone); an element's
``dir`` inside a paragraph (a ``<bdi>``, an English ``<em>`` in an Arabic line) makes its runs an isolate: the
text between LEFT-TO-RIGHT (or RIGHT-TO-LEFT) ISOLATE and POP DIRECTIONAL ISOLATE, and ``w:rtl`` on a right-to-left
one, so that its punctuation stays with its words in Word and LibreOffice as in the PDF.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from docx.oxml.ns import qn

from .html_tree import Node

if TYPE_CHECKING:
    from docx.oxml.xmlchemy import BaseOxmlElement

    from .inline import Piece

_BLOCK_FLAGS = frozenset({"dir:ltr", "dir:rtl"})
_ISOLATE_MARKS = {"ltr": "\u2066", "rtl": "\u2067"}


def directed(node: Node, fmt: frozenset[str]) -> frozenset[str]:
    """``fmt`` with the direction of ``node`` when it has its own ``dir`` (a block's: its paragraphs')."""
    direction = node.attrs.get("dir")
    if direction not in ("ltr", "rtl"):
        return fmt
    return (fmt - _BLOCK_FLAGS - {"isolate:ltr", "isolate:rtl"}) | {f"dir:{direction}"}


def paragraph_direction(pieces: Sequence[Piece]) -> str | None:
    """'ltr' or 'rtl' when the paragraph's block says so (None: the document's direction)."""
    for piece in pieces:
        for flag in ("dir:ltr", "dir:rtl"):
            if flag in piece.fmt:
                return flag[4:]
    return None


def set_paragraph_direction(p: BaseOxmlElement, direction: str | None) -> None:
    """``w:bidi`` on a right-to-left paragraph, ``w:bidi w:val="0"`` on a left-to-right one (explicitly, so that a
    right-to-left document's defaults do not turn it)."""
    if direction is None:
        return
    from .ooxml import ooxml_property

    bidi = ooxml_property(p, "w:pPr", "w:bidi")
    if direction == "ltr":
        bidi.set(qn("w:val"), "0")


def isolate_run(r: BaseOxmlElement, fmt: frozenset[str]) -> None:
    """``w:rtl`` on a run of a right-to-left isolate (its marks are in its text: ``isolate_pieces``)."""
    if "isolate:rtl" in fmt:
        from .ooxml import ooxml_property

        ooxml_property(r, "w:rPr", "w:rtl")


def isolate_pieces(pieces: list[Piece], direction: str) -> list[Piece]:
    """The pieces with the text of each isolate (consecutive pieces of one ``isolate:`` direction) that reads
    against the paragraph's ``direction`` between LRI (or RLI) and PDI, unless the template already isolated it
    (FSI ... PDI around a name); an isolate in the paragraph's own direction needs no marks."""
    from .inline import Piece

    out = list(pieces)
    i = 0
    while i < len(out):
        isolate = _isolate(out[i])
        if isolate is None:
            i += 1
            continue
        end = i
        while end + 1 < len(out) and _isolate(out[end + 1]) == isolate:
            end += 1
        texts = [(n, text) for n in range(i, end + 1) if (text := out[n].text)]
        if texts and isolate != direction and not texts[0][1].startswith(("\u2066", "\u2067", "\u2068")):
            (first_at, first_text), (last_at, _) = texts[0], texts[-1]
            first = out[first_at]
            out[first_at] = Piece(_ISOLATE_MARKS[isolate] + first_text, first.fmt, first.href)
            last = out[last_at]
            out[last_at] = Piece(f"{last.text}\u2069", last.fmt, last.href)
        i = end + 1
    return out


def _isolate(piece: Piece) -> str | None:
    if piece.picture is not None or piece.note is not None:
        return None
    return "ltr" if "isolate:ltr" in piece.fmt else "rtl" if "isolate:rtl" in piece.fmt else None
