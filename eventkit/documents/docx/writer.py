"""The DOCX writer: walks the semantic HTML of docs/reference/template-html.md into real Word structure.

Headings, paragraph styles, nested numbered and bulleted lists (numbering definitions, not typed bullets),
formatted runs, clickable hyperlinks, footnotes (docx_footnotes.py), tables with repeating header rows, a page
header, a "Page X of Y" footer and core properties. Styles come from a reference .docx (``templates/reference.docx`` or the user's own), the way
pandoc's ``--reference-doc`` works; a style missing from it falls back to a built-in one.
"""
from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, RGBColor, Twips
from docx.table import _Cell

from ...errors import BuildError
from .footnotes import Footnotes
from .inline import Piece, collapse_whitespace, collect_inline, LINK_COLOUR, MONO_FONT
from .numbering import CELL_LIST_STEP, LIST_HANG, LIST_STEP, ListItem, Numbering, list_indent
from .pictures import PictureWriter
from .package import PackageWriter, head_metadata, language_of, replace_template_package_parts
from .tables import TableWriter
from .html_tree import BLOCKS, DROPPED, Node, collapse_spaces, parse_html
from .directions import directed, isolate_pieces, isolate_run, paragraph_direction, set_paragraph_direction
from .language import tag_run_language

# ---------------------------------------------------------------- the writer

_HEADINGS = {"h1": "Heading 1", "h2": "Heading 2", "h3": "Heading 3", "h4": "Heading 4", "h5": "Heading 5",
             "h6": "Heading 6"}
_CLASS_STYLES = {"subtitle": "Subtitle", "dateline": "Dateline", "lead": "Lead", "closing": "Closing",
                 "annexes": "Annexes", "label": "Label", "small": "Small"}
_FALLBACK_STYLES = {"Title": "Heading 1", "Heading 5": "Heading 4", "Heading 6": "Heading 4"}


def _class_style(node: Node) -> str | None:
    """The paragraph style named by the node's class (``<p class="lead">`` → Lead), if any."""
    return next((_CLASS_STYLES[c] for c in node.classes if c in _CLASS_STYLES), None)


def write_docx(html: str, reference_docx: Path, image_files: tuple[str, ...] = (), assets_root: Path | None = None) -> bytes:
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
    writer.blocks(body, doc, fmt=frozenset(), item=None, base="Normal", skip=page_header)
    meta = head_metadata(root)
    writer.page_header_footer(collapse_spaces(page_header.text()) if page_header else "", language_of(root),
                              meta.get("page-label", ""))
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
    def __init__(self, doc):
        self.doc = doc
        self.numbering = Numbering(doc)
        self.footnotes = Footnotes(doc, self.runs)
        self._styles: dict[tuple[str, str], str | None] = {}
        self._style_ids: dict[tuple[str | None, int], str | None] = {}
        self._has: dict[str, bool] = {}
        self.direction = "ltr"      # the document's (<html dir>): write_docx sets it

    # ---- styles (looked up once per name: python-docx scans every style on each lookup)

    def style(self, name: str, fallback: str = "Normal") -> str | None:
        """``name`` if the reference has it, else a sensible built-in one (None: the default paragraph style)."""
        key = (name, fallback)
        if key not in self._styles:
            self._styles[key] = next((candidate for candidate in (name, _FALLBACK_STYLES.get(name), fallback)
                                      if candidate and self._has_style(candidate)), None)
        return self._styles[key]

    def style_id(self, name: str | None, style_type=WD_STYLE_TYPE.PARAGRAPH) -> str | None:
        """The styleId for ``name`` (None for the default style), cached."""
        key = (name, int(style_type))
        if key not in self._style_ids:
            self._style_ids[key] = self.doc.part.get_style_id(name, style_type) if name else None
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
        body.get_or_add_sectPr()
        section = self.doc.sections[-1]
        if not section.page_width or not section.page_height:
            section.page_width, section.page_height = Mm(210), Mm(297)
            section.top_margin = section.bottom_margin = Mm(25)
            section.left_margin = section.right_margin = Mm(20)

    def blocks(self, node: Node, container, fmt: frozenset, item: ListItem | None, base: str, skip=None) -> None:
        """Write the children of ``node`` into ``container`` (the document or a table cell).

        ``base`` is the style of plain paragraphs here: Normal, Quote inside a blockquote, or the style of an
        enclosing container's class (``<div class="closing">``)."""
        pending: list[Node | str] = []
        fmt = directed(node, fmt)

        def flush():
            if pending:
                pieces: list[Piece] = []
                for child in pending:
                    collect_inline(child, fmt, None, pieces)
                self.paragraph(container, pieces, base, item)
                pending.clear()

        for child in node.children:
            if child is skip or (isinstance(child, Node) and child.tag in DROPPED):
                continue
            if isinstance(child, str) or child.tag not in BLOCKS:
                pending.append(child)
                continue
            flush()
            self.block(child, container, fmt, item, base, skip)
        flush()

    def block(self, node: Node, container, fmt: frozenset, item: ListItem | None, base: str, skip) -> None:
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
        else:   # section, div, article, main, blockquote, a stray li ...: a transparent container
            self.blocks(node, container, fmt, item, "Quote" if tag == "blockquote" else _class_style(node) or base, skip)

    def inline(self, node: Node, fmt: frozenset, pre: bool = False) -> list[Piece]:
        pieces: list[Piece] = []
        for child in node.children:
            collect_inline(child, fmt, None, pieces, pre)
        if pre:   # the newlines right after <pre> and before </pre> are not content
            while pieces and pieces[0].text is None:
                pieces.pop(0)
            while pieces and pieces[-1].text is None:
                pieces.pop()
        return pieces

    def write_list(self, node: Node, container, fmt: frozenset, parent: ListItem | None, base: str) -> None:
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
            elif isinstance(child, Node) and child.tag in ("ul", "ol"):    # a list directly inside a list
                self.write_list(child, container, fmt, ListItem(num_id, ilvl), base)

    def paragraph(self, container, pieces: list[Piece], style: str, item: ListItem | None,
                  collapse: bool = True) -> None:
        if collapse:
            pieces = collapse_whitespace(pieces)
        pieces = isolate_pieces(pieces, paragraph_direction(pieces) or self.direction)
        if not any((p.text and p.text.strip()) or p.picture or p.note for p in pieces):
            return
        if item is not None and not item.numbered_paragraph_done and style in ("Normal", "Quote"):
            style = "List Paragraph"
        paragraph = container.add_paragraph()
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
                if in_cell:   # a narrow column: theme.css's smaller indent in cells
                    paragraph.paragraph_format.left_indent = Twips(list_indent(item.ilvl, CELL_LIST_STEP))
                    paragraph.paragraph_format.first_line_indent = Twips(-min(LIST_HANG, CELL_LIST_STEP))
            else:   # a further paragraph of the same item: indented like its text, no number
                step = CELL_LIST_STEP if in_cell else LIST_STEP
                paragraph.paragraph_format.left_indent = Twips(list_indent(item.ilvl, step))
        self.runs(paragraph, pieces)

    def runs(self, paragraph, pieces: list[Piece]) -> None:
        run, hyperlink, current_href = None, None, None
        for piece in pieces:
            if piece.note is not None:   # a call ends the run (and a link: the note is not part of it)
                self.footnotes.reference(paragraph, piece.note)
                run, hyperlink, current_href = None, None, None
                continue
            if piece.href != current_href:
                run, hyperlink, current_href = None, None, piece.href
                if piece.href:
                    hyperlink = self.hyperlink(paragraph, piece.href)
            if piece.picture is not None:
                run = self.picture_run(paragraph, hyperlink, piece, self.add_run)
                continue
            if piece.text is None:
                if run is None:
                    run = self.add_run(paragraph, hyperlink, "", piece.fmt)
                run.add_break()
                continue
            run = self.add_run(paragraph, hyperlink, piece.text, piece.fmt)

    def hyperlink(self, paragraph, url: str):
        r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)   # the body's part or the notes'
        element = OxmlElement("w:hyperlink")
        element.set(qn("r:id"), r_id)
        element.set(qn("w:history"), "1")
        paragraph._p.append(element)
        return element

    def add_run(self, paragraph, hyperlink, text: str, fmt: frozenset):
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
