"""The DOCX writer: walks the semantic HTML of docs/reference/template-html.md into real Word structure.

Headings, paragraph styles, nested numbered and bulleted lists (numbering definitions, not typed bullets),
formatted runs, clickable hyperlinks, footnotes (docx_footnotes.py), tables with repeating header rows, a page
header, a "Page X of Y" footer and core properties. Styles come from a reference .docx (``templates/reference.docx`` or the user's own), the way
pandoc's ``--reference-doc`` works; a style missing from it falls back to a built-in one.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.shared import Mm, RGBColor, Twips
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from ...errors import BuildError
from .directions import directed, isolate_pieces, isolate_run, paragraph_direction, set_paragraph_direction
from .footnotes import Footnotes
from .html_tree import BLOCKS, DROPPED, Node, collapse_spaces, parse_html
from .inline import LINK_COLOUR, MONO_FONT, Piece, collapse_whitespace, collect_inline
from .language import tag_run_language
from .numbering import CELL_LIST_STEP, LIST_HANG, LIST_STEP, ListItem, Numbering, list_indent
from .package import PackageWriter, head_metadata, language_of, replace_template_package_parts
from .pictures import PictureWriter
from .tables import TableWriter, keep_with_next

if TYPE_CHECKING:
    from docx.document import Document
    from docx.oxml.xmlchemy import BaseOxmlElement
    from docx.parts.story import StoryPart

    from .tables import BlockContainer

# ---------------------------------------------------------------- the writer

_HEADINGS = {
    "h1": "Heading 1",
    "h2": "Heading 2",
    "h3": "Heading 3",
    "h4": "Heading 4",
    "h5": "Heading 5",
    "h6": "Heading 6",
}
_CLASS_STYLES = {
    "subtitle": "Subtitle",
    "dateline": "Dateline",
    "lead": "Lead",
    "closing": "Closing",
    "annexes": "Annexes",
    "label": "Label",
    "small": "Small",
}
_FALLBACK_STYLES = {"Title": "Heading 1", "Heading 5": "Heading 4", "Heading 6": "Heading 4"}


def _class_style(node: Node) -> str | None:
    """The paragraph style named by the node's class (``<p class="lead">`` → Lead), if any."""
    return next((_CLASS_STYLES[c] for c in node.classes if c in _CLASS_STYLES), None)


def write_docx(
    html: str, reference_docx: Path, image_files: tuple[str, ...] = (), assets_root: Path | None = None
) -> bytes:
    """Return the .docx bytes for ``html`` (docs/reference/template-html.md), styled by ``reference_docx``;
    ``<img>`` is drawn from ``image_files`` or ``assets_root`` only (see docx_pictures.py)."""
    try:
        doc = docx.Document(str(reference_docx))
    except Exception as exc:  # python-docx raises several kinds for a missing or broken package
        raise BuildError(f"reference .docx {reference_docx} is not a valid Word document: {exc}") from exc
    root = parse_html(html)
    writer = _Writer(doc)
    writer.image_files, writer.assets_root = frozenset(image_files), assets_root
    html_node = next(root.find_all("html"), None)
    writer.direction = "rtl" if html_node is not None and html_node.attrs.get("dir") == "rtl" else "ltr"
    language = (html_node.attrs.get("lang") or "en") if html_node is not None else "en"
    writer.content_sized_times = language.split("-")[0].lower() != "en"
    writer.clear_body()
    body = next(root.find_all("body"), root)
    page_header = next((n for n in body.find_all("header") if "page-header" in n.classes), None)
    draft_mark = next((n for n in body.find_all("div") if "draft-mark" in n.classes), None)
    writer.blocks(body, doc, fmt=frozenset(), item=None, base="Normal", skip=(page_header, draft_mark))
    meta = head_metadata(root)
    writer.page_header_footer(
        collapse_spaces(page_header.text()) if page_header else "", language_of(root), meta.get("page-label", "")
    )
    if draft_mark is not None and collapse_spaces(draft_mark.text()):
        writer.watermark(collapse_spaces(draft_mark.text()))
    writer.metadata(meta)
    from .language import describe_pictures, set_document_language

    if meta.get("lang"):
        set_document_language(doc, meta["lang"])
    describe_pictures(doc, meta.get("author") or meta.get("title", ""))
    replace_template_package_parts(doc, meta.get("generator", "eventkit"))
    out = io.BytesIO()
    doc.save(out)
    from .reproducible_zip import normalise_zip  # fixed member timestamps: byte-identical rebuilds

    return normalise_zip(out.getvalue())


class _Writer(TableWriter, PackageWriter, PictureWriter):
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.numbering = Numbering(doc)
        self.footnotes = Footnotes(doc, self.runs)
        self._styles: dict[tuple[str, str], str | None] = {}
        self._style_ids: dict[tuple[str | None, int], str | None] = {}
        self._has: dict[str, bool] = {}
        self.direction = "ltr"  # the document's (<html dir>): write_docx sets it
        self.page_break_pending = False  # the next body paragraph starts a page (an annex)
        self._link_ids: dict[tuple[int, str], str] = {}  # (id of the part, address) -> relationship id
        self._next_relationship: dict[int, int] = {}

    # ---- styles (looked up once per name: python-docx scans every style on each lookup)

    def style(self, name: str, fallback: str = "Normal") -> str | None:
        """``name`` if the reference has it, else a sensible built-in one (None: the default paragraph style)."""
        key = (name, fallback)
        if key not in self._styles:
            self._styles[key] = next(
                (
                    candidate
                    for candidate in (name, _FALLBACK_STYLES.get(name), fallback)
                    if candidate and self._has_style(candidate)
                ),
                None,
            )
        return self._styles[key]

    def style_id(self, name: str | None, style_type: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH) -> str | None:
        """The styleId for ``name`` (None for the default style), cached."""
        key = (name, int(style_type))
        if key not in self._style_ids:
            # python-docx's get_style_id has no annotations (a str, or None for the default style)
            found = self.doc.part.get_style_id(name, style_type) if name else None  # type: ignore[no-untyped-call]
            self._style_ids[key] = found
        return self._style_ids[key]

    def _has_style(self, name: str) -> bool:
        if name not in self._has:
            try:
                self.doc.styles[name]
                self._has[name] = True
            except KeyError:
                self._has[name] = False
        return self._has[name]

    # ---- body

    def clear_body(self) -> None:
        """Remove the reference's sample content, keeping its page setup (A4 when it has none)."""
        body = self.doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        self.body_end = body.get_or_add_sectPr()
        section = self.doc.sections[-1]
        if not section.page_width or not section.page_height:
            section.page_width, section.page_height = Mm(210), Mm(297)
            section.top_margin = section.bottom_margin = Mm(25)
            section.left_margin = section.right_margin = Mm(20)
        # a page size without margins (a hand-made reference .docx): those margins too, so that the text width
        # tables and pictures are sized to is the one Word lays them out in
        if section.top_margin is None:
            section.top_margin = Mm(25)
        if section.bottom_margin is None:
            section.bottom_margin = Mm(25)
        if section.left_margin is None:
            section.left_margin = Mm(20)
        if section.right_margin is None:
            section.right_margin = Mm(20)

    # python-docx puts a paragraph or table added to the body before the body's last element (its w:sectPr),
    # which it finds by looking at every paragraph from the first: quadratic in the length of the document (20,000
    # bullets took 80 times as long as 2,000). The writer keeps that element and puts new blocks before it.

    def add_paragraph(self, container: BlockContainer) -> Paragraph:
        """``container.add_paragraph()``, in constant time for the document's body."""
        if container is not self.doc:
            return container.add_paragraph()
        p = OxmlElement("w:p")
        self.body_end.addprevious(p)
        return Paragraph(p, self.doc._body)

    def add_table(self, container: BlockContainer, rows: int, columns: int) -> Table:
        """``container.add_table(rows, columns)``, in constant time for the document's body."""
        if container is not self.doc:
            return container.add_table(rows, columns)
        tbl = CT_Tbl.new_tbl(rows, columns, self.doc._block_width)
        self.body_end.addprevious(tbl)
        return Table(tbl, self.doc._body)

    def blocks(
        self,
        node: Node,
        container: BlockContainer,
        fmt: frozenset[str],
        item: ListItem | None,
        base: str,
        skip: Sequence[Node | None] | None = None,
    ) -> None:
        """Write the children of ``node`` into ``container`` (the document or a table cell).

        ``base`` is the style of plain paragraphs here: Normal, Quote inside a blockquote, or the style of an
        enclosing container's class (``<div class="closing">``)."""
        pending: list[Node | str] = []
        fmt = directed(node, fmt)

        def flush() -> None:
            if pending:
                pieces: list[Piece] = []
                for child in pending:
                    collect_inline(child, fmt, None, pieces)
                self.paragraph(container, pieces, base, item)
                pending.clear()

        for child in node.children:
            if any(child is s for s in skip or ()) or (isinstance(child, Node) and child.tag in DROPPED):
                continue
            if isinstance(child, str) or child.tag not in BLOCKS:
                pending.append(child)
                continue
            flush()
            self.block(child, container, fmt, item, base, skip)
        flush()

    def block(
        self,
        node: Node,
        container: BlockContainer,
        fmt: frozenset[str],
        item: ListItem | None,
        base: str,
        skip: Sequence[Node | None] | None,
    ) -> None:
        if "keep" in node.classes and not isinstance(container, _Cell):
            # theme.css: .keep { break-after: avoid } -- Word's "keep with next" (not inside a table cell, where Word
            # would keep the whole row with the next: rows say so themselves, <tr class="keep">)
            parent = container.element.body
            written = len(parent)
            self._block(node, container, fmt, item, base, skip)
            keep_with_next([p for child in list(parent)[written:] for p in child.iter(qn("w:p"))])
        else:
            self._block(node, container, fmt, item, base, skip)

    def _block(
        self,
        node: Node,
        container: BlockContainer,
        fmt: frozenset[str],
        item: ListItem | None,
        base: str,
        skip: Sequence[Node | None] | None,
    ) -> None:
        tag = node.tag
        fmt = directed(node, fmt)
        if tag in _HEADINGS:
            name = "Title" if tag == "h1" and "title" in node.classes else _HEADINGS[tag]
            self.paragraph(container, self.inline(node, fmt), name, None)
        elif tag in ("p", "dt", "dd", "figcaption", "address"):
            name = _class_style(node) or base
            self.paragraph(container, self.inline(node, fmt), name, item)
        elif tag == "pre":
            self.paragraph(container, self.inline(node, fmt | {"mono"}, pre=True), "Normal", item, collapse=False)
        elif tag in ("ul", "ol"):
            self.write_list(node, container, fmt, item, base)
        elif tag == "table":
            self.table(node, container, fmt)
        elif tag == "hr":
            pass
        else:  # section, div, article, main, blockquote, a stray li ...: a transparent container
            if "new-page" in node.classes and not isinstance(container, _Cell):
                self.page_break_pending = True  # theme.css: .new-page { break-before: page }
            self.blocks(
                node, container, fmt, item, "Quote" if tag == "blockquote" else _class_style(node) or base, skip
            )

    def inline(self, node: Node, fmt: frozenset[str], pre: bool = False) -> list[Piece]:
        pieces: list[Piece] = []
        for child in node.children:
            collect_inline(child, fmt, None, pieces, pre)
        if pre:  # the newlines right after <pre> and before </pre> are not content
            while pieces and pieces[0].text is None:
                pieces.pop(0)
            while pieces and pieces[-1].text is None:
                pieces.pop()
        return pieces

    def write_list(
        self, node: Node, container: BlockContainer, fmt: frozenset[str], parent: ListItem | None, base: str
    ) -> None:
        ilvl = 0 if parent is None else min(parent.ilvl + 1, 8)
        if node.tag == "ol":
            try:
                start = int(node.attrs.get("start", "1"))
            except ValueError:
                start = 1
            num_id = self.numbering.ordered(ilvl, max(start, 0))
        else:
            num_id = self.numbering.bullet()
        for child in node.children:
            if isinstance(child, Node) and child.tag == "li":
                self.blocks(child, container, fmt, ListItem(num_id, ilvl), base)
            elif isinstance(child, Node) and child.tag in ("ul", "ol"):  # a list directly inside a list
                self.write_list(child, container, fmt, ListItem(num_id, ilvl), base)

    def paragraph(
        self, container: BlockContainer, pieces: list[Piece], style: str, item: ListItem | None, collapse: bool = True
    ) -> None:
        if collapse:
            pieces = collapse_whitespace(pieces)
        pieces = isolate_pieces(pieces, paragraph_direction(pieces) or self.direction)
        if not any((p.text and p.text.strip()) or p.picture or p.note for p in pieces):
            return
        if item is not None and not item.numbered_paragraph_done and style in ("Normal", "Quote"):
            style = "List Paragraph"
        paragraph = self.add_paragraph(container)
        if self.page_break_pending and not isinstance(container, _Cell):
            paragraph.paragraph_format.page_break_before = True
            self.page_break_pending = False
        style_id = self.style_id(self.style(style))
        if style_id:
            paragraph._p.style = style_id
        set_paragraph_direction(paragraph._p, paragraph_direction(pieces))
        if item is not None:
            ppr = paragraph._p.get_or_add_pPr()
            in_cell = isinstance(container, _Cell)
            if not item.numbered_paragraph_done:
                num_pr = ppr.get_or_add_numPr()
                num_pr.get_or_add_ilvl().val = item.ilvl
                num_pr.get_or_add_numId().val = item.num_id
                item.numbered_paragraph_done = True
                if in_cell:  # a narrow column: theme.css's smaller indent in cells
                    paragraph.paragraph_format.left_indent = Twips(list_indent(item.ilvl, CELL_LIST_STEP))
                    paragraph.paragraph_format.first_line_indent = Twips(-min(LIST_HANG, CELL_LIST_STEP))
            else:  # a further paragraph of the same item: indented like its text, no number
                step = CELL_LIST_STEP if in_cell else LIST_STEP
                paragraph.paragraph_format.left_indent = Twips(list_indent(item.ilvl, step))
        self.runs(paragraph, pieces)

    def runs(self, paragraph: Paragraph, pieces: list[Piece]) -> None:
        run: Run | None = None
        hyperlink: BaseOxmlElement | None = None
        current_href: str | None = None
        for piece in pieces:
            if piece.note is not None:  # a call ends the run (and a link: the note is not part of it)
                self.footnotes.reference(paragraph, piece.note)
                run, hyperlink, current_href = None, None, None
                continue
            if piece.href != current_href:
                run, hyperlink, current_href = None, None, piece.href
                if piece.href:
                    hyperlink = self.hyperlink(paragraph, piece.href)
            if piece.picture is not None:
                run = self.picture_run(paragraph, hyperlink, piece.picture, piece.fmt, self.add_run)
                continue
            if piece.text is None:
                if run is None:
                    run = self.add_run(paragraph, hyperlink, "", piece.fmt)
                run.add_break()
                continue
            run = self.add_run(paragraph, hyperlink, piece.text, piece.fmt)

    def hyperlink(self, paragraph: Paragraph, url: str) -> BaseOxmlElement:
        r_id = self.link_id(paragraph.part, url)  # the body's part or the notes'
        element = OxmlElement("w:hyperlink")
        element.set(qn("r:id"), r_id)
        element.set(qn("w:history"), "1")
        paragraph._p.append(element)
        return element

    def link_id(self, part: StoryPart, url: str) -> str:
        """The id of ``part``'s relationship to the address ``url``, made on its first link. (python-docx's
        ``relate_to`` looks through every relationship of the part for each link, and numbers a new one by trying
        rId1, rId2 ... in turn: quadratic in the number of links.)"""
        key = (id(part), url)
        if key not in self._link_ids:
            number = self._next_relationship.get(id(part), len(part.rels) + 1)
            while f"rId{number}" in part.rels:
                number += 1
            part.rels.add_relationship(RT.HYPERLINK, url, f"rId{number}", is_external=True)
            self._link_ids[key] = f"rId{number}"
            self._next_relationship[id(part)] = number + 1
        return self._link_ids[key]

    def add_run(self, paragraph: Paragraph, hyperlink: BaseOxmlElement | None, text: str, fmt: frozenset[str]) -> Run:
        run = paragraph.add_run(text)
        if "italic" in fmt:
            run.italic = True
        if "bold" in fmt:
            run.bold = True
        if "underline" in fmt:
            run.underline = True
        if "strike" in fmt:
            run.font.strike = True
        if "superscript" in fmt:
            run.font.superscript = True
        elif "subscript" in fmt:
            run.font.subscript = True
        if "mono" in fmt:
            run.font.name = MONO_FONT
        isolate_run(run._r, fmt)
        tag_run_language(run._r, fmt)
        if hyperlink is not None:
            if self._has_style("Hyperlink"):
                run._r.style = self.style_id("Hyperlink", WD_STYLE_TYPE.CHARACTER)
            else:
                run.font.color.rgb = RGBColor.from_string(LINK_COLOUR)
                run.underline = True
            hyperlink.append(run._r)
        return run
