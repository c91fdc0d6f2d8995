"""Line heights of a right-to-left DOCX: fixed, as the PDF's are, instead of proportional to the font's.

The reference .docx gives paragraphs "multiple" line spacing (1.15 × the font's own line), set against Calibri's
(Carlito's) line of 1.22 em so that a line is as tall as theme.css's ``line-height: 1.4``. Word and LibreOffice
take the font's line from the tallest font on the line; Noto Sans Arabic's is 2.11 em (room for stacked vowel
marks), so every line holding Arabic -- or a space or a full stop that a right-to-left paragraph draws with the
complex-script font -- came out 70 % taller than in the PDF (an Arabic report of 9 pages took 12). In a
right-to-left document each paragraph's "multiple" spacing is therefore written as the exact height it has in the
PDF: the multiple × 1.22 em × the paragraph's font size.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from docx.oxml.ns import qn

if TYPE_CHECKING:
    from docx.document import Document
    from docx.oxml.xmlchemy import BaseOxmlElement

NATURAL_LINE = 1.2207  # Calibri's (and Carlito's) line, in em: what the reference's multiples are set against
DEFAULT_SIZE = 20  # half-points: Word's size when nothing says one


class _Styles:
    """Line spacing and font size of each paragraph and table style, following ``w:basedOn``."""

    def __init__(self, styles_element: BaseOxmlElement) -> None:
        self.by_id = {s.get(qn("w:styleId")): s for s in styles_element.iter(qn("w:style"))}
        self.default_paragraph = next(
            (
                s.get(qn("w:styleId"))
                for s in styles_element.iter(qn("w:style"))
                if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) in ("1", "true")
            ),
            None,
        )
        defaults = styles_element.find(qn("w:docDefaults"))
        self.default_spacing = (
            _spacing(defaults.find(qn("w:pPrDefault") + "/" + qn("w:pPr"))) if defaults is not None else None
        )
        size = (
            defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr") + "/" + qn("w:sz")) if defaults is not None else None
        )
        self.default_size = int(size.get(qn("w:val"))) if size is not None else DEFAULT_SIZE

    def _chain(self, style_id: str | None) -> Iterator[BaseOxmlElement]:
        seen = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            yield style
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None

    def spacing(self, style_id: str | None, table_style: str | None) -> tuple[str, str] | None:
        """(line, lineRule) of a paragraph in this style (in a table of ``table_style``)."""
        for style_id_ in (style_id, table_style):
            for style in self._chain(style_id_):
                found = _spacing(style.find(qn("w:pPr")))
                if found:
                    return found
        return self.default_spacing

    def size(self, style_id: str | None, table_style: str | None) -> int:
        for style_id_ in (style_id, table_style):
            for style in self._chain(style_id_):
                size = style.find(qn("w:rPr") + "/" + qn("w:sz"))
                if size is not None:
                    return int(size.get(qn("w:val")))
        return self.default_size


def _spacing(ppr: BaseOxmlElement | None) -> tuple[str, str] | None:
    spacing = ppr.find(qn("w:spacing")) if ppr is not None else None
    if spacing is None or spacing.get(qn("w:line")) is None:
        return None
    return spacing.get(qn("w:line")), spacing.get(qn("w:lineRule")) or "auto"


def exact_line_heights(doc: Document) -> None:
    """Every paragraph with "multiple" line spacing (its own, its style's or its table style's) gets that spacing as
    an exact height in twips (headers, footers and footnotes included)."""
    styles = _Styles(doc.styles.element)
    parts = [doc.element.body]
    for section in doc.sections:
        parts += [section.header._element, section.footer._element]
    for part in parts:
        for paragraph in part.iter(qn("w:p")):
            _fix(paragraph, styles)
    for relationship in doc.part.rels.values():  # the footnotes part, when the document has notes
        if relationship.reltype.endswith("/footnotes") and not relationship.is_external:
            for paragraph in relationship.target_part.element.iter(qn("w:p")):
                _fix(paragraph, styles)


def _fix(paragraph: BaseOxmlElement, styles: _Styles) -> None:
    ppr = paragraph.find(qn("w:pPr"))
    style = ppr.find(qn("w:pStyle")) if ppr is not None else None
    style_id = style.get(qn("w:val")) if style is not None else styles.default_paragraph
    table_style = _table_style(paragraph)
    line, rule = _spacing(ppr) or styles.spacing(style_id, table_style) or ("240", "auto")
    if rule != "auto":
        return
    sizes = [
        int(sz.get(qn("w:val")))
        for sz in paragraph.iter(qn("w:sz"))
        if sz.getparent().tag == qn("w:rPr") and sz.getparent().getparent().tag == qn("w:r")
    ]
    size = max([styles.size(style_id, table_style), *sizes])
    height = round(int(line) / 240 * NATURAL_LINE * size / 2 * 20)
    from .ooxml import ooxml_property

    spacing = ooxml_property(paragraph, "w:pPr", "w:spacing")
    spacing.set(qn("w:line"), str(height))
    spacing.set(qn("w:lineRule"), "exact")


def _table_style(paragraph: BaseOxmlElement) -> str | None:
    element = paragraph.getparent()
    while element is not None and element.tag != qn("w:tbl"):
        element = element.getparent()
    if element is None:
        return None
    style = element.find(qn("w:tblPr") + "/" + qn("w:tblStyle"))
    return style.get(qn("w:val")) if style is not None else None
