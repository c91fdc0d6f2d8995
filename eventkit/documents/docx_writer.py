"""The DOCX writer: walks the semantic HTML of the README ("Templates and styles") into real Word structure.

Headings, paragraph styles, nested numbered and bulleted lists (numbering definitions, not typed bullets),
formatted runs, clickable hyperlinks, tables with repeating header rows, a page header, a "Page X of Y" footer
and core properties. Styles come from a reference .docx (``templates/reference.docx`` or the user's own), the way
pandoc's ``--reference-doc`` works; a style missing from it falls back to a built-in one.
"""
from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlsplit
from xml.sax.saxutils import escape as xml_escape

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, RGBColor, Twips
from docx.table import _Cell

from ..errors import BuildError

# ---------------------------------------------------------------- HTML → a small tree

_INVALID_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_DROPPED = {"head", "script", "style", "template", "noscript"}   # never rendered as text by a browser either
_BLOCKS = {"address", "article", "aside", "blockquote", "body", "caption", "dd", "div", "dl", "dt", "figcaption",
           "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "li", "main", "nav", "ol",
           "p", "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"}


def clean_text(text: str) -> str:
    """Remove the characters XML 1.0 forbids (Word refuses a file containing them)."""
    return _INVALID_XML_CHARS.sub("", text)


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def find_all(self, tag: str):
        for child in self.children:
            if isinstance(child, Node):
                if child.tag == tag:
                    yield child
                yield from child.find_all(tag)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)


class _TreeBuilder(HTMLParser):
    """Builds a Node tree, closing the elements HTML closes implicitly (p, li, tr, td/th)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS:
            self._close_inline_p()
        if tag == "li":
            self._close("li", stop={"ul", "ol"})
        elif tag == "tr":
            self._close("tr", stop={"table"})
        elif tag in ("td", "th"):
            self._close("td", "th", stop={"tr", "table"})
        node = Node(tag, {name: clean_text(value or "") for name, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        data = clean_text(data)
        if data:
            self.stack[-1].children.append(data)

    def _close_inline_p(self):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == "p":
                del self.stack[i:]
                return
            if self.stack[i].tag in _BLOCKS:
                return

    def _close(self, *tags, stop):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag in tags:
                del self.stack[i:]
                return
            if self.stack[i].tag in stop:
                return


def parse_html(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


# ---------------------------------------------------------------- inline content

_FORMAT_TAGS = {"em": "italic", "i": "italic", "cite": "italic", "strong": "bold", "b": "bold", "u": "underline",
                "ins": "underline", "sup": "superscript", "sub": "subscript", "code": "mono", "kbd": "mono",
                "samp": "mono", "tt": "mono", "s": "strike", "del": "strike", "strike": "strike"}
_LINK_SCHEMES = {"http", "https", "mailto"}
MONO_FONT = "Courier New"
LINK_COLOUR = "0563C1"


@dataclass
class Piece:
    """A stretch of text with one formatting (``text`` is None for a line break)."""
    text: str | None
    fmt: frozenset = frozenset()
    href: str | None = None


def link_target(href: str) -> str | None:
    """The URL to link to, or None when ``href`` is not an http, https or mailto URL."""
    href = href.strip()
    try:
        scheme = urlsplit(href).scheme.lower()
    except ValueError:
        return None
    if scheme not in _LINK_SCHEMES or len(href) <= len(scheme) + 1:
        return None
    return quote(href, safe="%:/?#[]@!$&'()*+,;=~")    # Word rejects targets that are not valid URIs


def collect_inline(node: Node | str, fmt: frozenset, href: str | None, out: list[Piece], pre: bool = False) -> None:
    if isinstance(node, str):
        if pre:
            lines = node.split("\n")
            for i, line in enumerate(lines):
                if i:
                    out.append(Piece(None, fmt, href))
                if line:
                    out.append(Piece(line.replace("\t", "    "), fmt, href))
        else:
            out.append(Piece(node, fmt, href))
        return
    if node.tag in _DROPPED:
        return
    if node.tag == "br":
        out.append(Piece(None, fmt, href))
        return
    if node.tag in _FORMAT_TAGS:
        fmt = fmt | {_FORMAT_TAGS[node.tag]}
    elif node.tag == "a" and href is None:
        href = link_target(node.attrs.get("href", ""))
    for child in node.children:
        collect_inline(child, fmt, href, out, pre)


def collapse_whitespace(pieces: list[Piece]) -> list[Piece]:
    """Collapse white space as HTML does: across tags, none at the start or end of a line."""
    out: list[Piece] = []
    after_space = True          # at the start of the paragraph or line, a space is dropped
    for piece in pieces:
        if piece.text is None:
            _strip_trailing_space(out)
            out.append(piece)
            after_space = True
            continue
        text = _HTML_SPACE.sub(" ", piece.text)
        if after_space and text.startswith(" "):
            text = text[1:]
        if text:
            out.append(Piece(text, piece.fmt, piece.href))
            after_space = text.endswith(" ")
    _strip_trailing_space(out)
    return out


def _strip_trailing_space(pieces: list[Piece]) -> None:
    while pieces and pieces[-1].text is not None and pieces[-1].text.endswith(" "):
        text = pieces[-1].text.rstrip(" ")
        if text:
            pieces[-1] = Piece(text, pieces[-1].fmt, pieces[-1].href)
            return
        pieces.pop()


# ---------------------------------------------------------------- numbering (lists)

_BULLETS = ["\u2022", "\u25e6", "\u25aa"]                     # • ◦ ▪, repeating by level
_NUMBER_FORMATS = ["decimal", "lowerLetter", "lowerRoman"]


def list_indent(ilvl: int) -> int:
    """Left indent in twips of the text of list level ``ilvl`` (the number hangs 360 twips to its left)."""
    return 720 + 360 * ilvl


class Numbering:
    """Adds the abstract list definitions (one bulleted, one numbered, 9 levels each) and the list instances."""

    def __init__(self, doc):
        self.element = doc.part.numbering_part.element
        self._abstract: dict[bool, int] = {}
        self._bullet_num: int | None = None

    def bullet(self) -> int:
        if self._bullet_num is None:
            self._bullet_num = self._add_num(self._abstract_id(bullet=True))
        return self._bullet_num

    def ordered(self, ilvl: int, start: int) -> int:
        """A new numbered list instance, restarting level ``ilvl`` at ``start``."""
        return self._add_num(self._abstract_id(bullet=False), ilvl, start)

    def _abstract_id(self, bullet: bool) -> int:
        if bullet not in self._abstract:
            ids = [int(a.get(qn("w:abstractNumId"))) for a in self.element.findall(qn("w:abstractNum"))]
            abstract_id = max(ids, default=-1) + 1
            levels = "".join(self._level(ilvl, bullet) for ilvl in range(9))
            abstract = parse_xml(
                f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
                f'<w:nsid w:val="{0x1E7E0000 + abstract_id:08X}"/><w:multiLevelType w:val="hybridMultilevel"/>'
                f"{levels}</w:abstractNum>")
            before = self.element.findall(qn("w:abstractNum")) or self.element.findall(qn("w:numPicBullet"))
            if before:
                before[-1].addnext(abstract)
            else:
                self.element.insert(0, abstract)
            self._abstract[bullet] = abstract_id
        return self._abstract[bullet]

    @staticmethod
    def _level(ilvl: int, bullet: bool) -> str:
        if bullet:
            fmt, text = "bullet", _BULLETS[ilvl % len(_BULLETS)]
        else:
            fmt, text = _NUMBER_FORMATS[ilvl % len(_NUMBER_FORMATS)], f"%{ilvl + 1}."
        return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
                f'<w:pPr><w:ind w:left="{list_indent(ilvl)}" w:hanging="360"/></w:pPr></w:lvl>')

    def _add_num(self, abstract_id: int, ilvl: int | None = None, start: int = 1) -> int:
        num_id = max((int(n.get(qn("w:numId"))) for n in self.element.findall(qn("w:num"))), default=0) + 1
        override = ("" if ilvl is None else
                    f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/></w:lvlOverride>')
        num = parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
                        f"{override}</w:num>")
        cleanup = self.element.find(qn("w:numIdMacAtCleanup"))
        if cleanup is not None:
            cleanup.addprevious(num)
        else:
            self.element.append(num)
        return num_id


@dataclass
class ListItem:
    num_id: int
    ilvl: int
    numbered_paragraph_done: bool = False


# ---------------------------------------------------------------- the writer

_HEADINGS = {"h1": "Heading 1", "h2": "Heading 2", "h3": "Heading 3", "h4": "Heading 4", "h5": "Heading 5",
             "h6": "Heading 6"}
_CLASS_STYLES = {"subtitle": "Subtitle", "dateline": "Dateline", "lead": "Lead", "closing": "Closing",
                 "annexes": "Annexes", "label": "Label", "small": "Small"}
_FALLBACK_STYLES = {"Title": "Heading 1", "Heading 5": "Heading 4", "Heading 6": "Heading 4"}
_PAGE_WORDS = {"en": ("Page", "of"), "fr": ("Page", "sur"), "de": ("Seite", "von"), "es": ("Página", "de"),
               "it": ("Pagina", "di"), "pt": ("Página", "de"), "ru": ("Страница", "из")}


def _class_style(node: Node) -> str | None:
    """The paragraph style named by the node's class (``<p class="lead">`` → Lead), if any."""
    return next((_CLASS_STYLES[c] for c in node.classes if c in _CLASS_STYLES), None)


def write_docx(html: str, reference_docx: Path) -> bytes:
    """Return the .docx bytes for ``html`` (see the README ("Templates and styles")), styled by ``reference_docx``."""
    try:
        doc = docx.Document(str(reference_docx))
    except Exception as exc:  # python-docx raises several kinds for a missing or broken package
        raise BuildError(f"reference .docx {reference_docx} is not a valid Word document: {exc}") from exc
    root = parse_html(html)
    writer = _Writer(doc)
    writer.clear_body()
    body = next(root.find_all("body"), root)
    page_header = next((n for n in body.find_all("header") if "page-header" in n.classes), None)
    writer.blocks(body, doc, fmt=frozenset(), item=None, base="Normal", skip=page_header)
    writer.page_header_footer(_collapse(page_header.text()) if page_header else "", _language(root))
    meta = _head_metadata(root)
    writer.metadata(meta)
    _replace_template_package_parts(doc, meta.get("generator", "eventkit"))
    out = io.BytesIO()
    doc.save(out)
    from .reproducible_zip import normalise_zip  # fixed member timestamps: byte-identical rebuilds
    return normalise_zip(out.getvalue())


def _replace_template_package_parts(doc, application: str) -> None:
    """Drop what python-docx's template carries over: its thumbnail and its extended properties
    ("Microsoft Macintosh Word", 1 page, 0 words); Word recomputes page and word counts on opening."""
    package = doc.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rel_id]
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = (
                "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
                '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
                f"<Application>{xml_escape(application)}</Application></Properties>").encode("utf-8")


def _collapse(text: str) -> str:
    return _HTML_SPACE.sub(" ", text).strip()


def _language(root: Node) -> str:
    html = next(root.find_all("html"), None)
    return html.attrs.get("lang", "").strip() if html is not None else ""


def _head_metadata(root: Node) -> dict[str, str]:
    meta = {"lang": _language(root)}
    title = next(root.find_all("title"), None)
    if title is not None:
        meta["title"] = _collapse(title.text())
    for node in root.find_all("meta"):
        name = node.attrs.get("name", "").strip().lower()
        if name:
            meta[name] = _collapse(node.attrs.get("content", ""))
    return meta


class _Writer:
    def __init__(self, doc):
        self.doc = doc
        self.numbering = Numbering(doc)
        self._styles: dict[tuple[str, str], str | None] = {}
        self._style_ids: dict[tuple[str | None, int], str | None] = {}
        self._has: dict[str, bool] = {}

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

        def flush():
            if pending:
                pieces: list[Piece] = []
                for child in pending:
                    collect_inline(child, fmt, None, pieces)
                self.paragraph(container, pieces, base, item)
                pending.clear()

        for child in node.children:
            if child is skip or (isinstance(child, Node) and child.tag in _DROPPED):
                continue
            if isinstance(child, str) or child.tag not in _BLOCKS:
                pending.append(child)
                continue
            flush()
            self.block(child, container, fmt, item, base, skip)
        flush()

    def block(self, node: Node, container, fmt: frozenset, item: ListItem | None, base: str, skip) -> None:
        tag = node.tag
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
        if not any(p.text and p.text.strip() for p in pieces):
            return
        if item is not None and not item.numbered_paragraph_done and style in ("Normal", "Quote"):
            style = "List Paragraph"
        paragraph = container.add_paragraph()
        style_id = self.style_id(self.style(style))
        if style_id:
            paragraph._p.style = style_id
        if item is not None:
            ppr = paragraph._p.get_or_add_pPr()
            if not item.numbered_paragraph_done:
                num_pr = ppr.get_or_add_numPr()
                num_pr.get_or_add_ilvl().val = item.ilvl
                num_pr.get_or_add_numId().val = item.num_id
                item.numbered_paragraph_done = True
            else:   # a further paragraph of the same item: indented like its text, no number
                paragraph.paragraph_format.left_indent = Twips(list_indent(item.ilvl))
        self.runs(paragraph, pieces)

    def runs(self, paragraph, pieces: list[Piece]) -> None:
        run, hyperlink, current_href = None, None, None
        for piece in pieces:
            if piece.href != current_href:
                run, hyperlink, current_href = None, None, piece.href
                if piece.href:
                    hyperlink = self.hyperlink(paragraph, piece.href)
            if piece.text is None:
                if run is None:
                    run = self.add_run(paragraph, hyperlink, "", piece.fmt)
                run.add_break()
                continue
            run = self.add_run(paragraph, hyperlink, piece.text, piece.fmt)

    def hyperlink(self, paragraph, url: str):
        r_id = self.doc.part.relate_to(url, RT.HYPERLINK, is_external=True)
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
        if hyperlink is not None:
            if self._has_style("Hyperlink"):
                run._r.style = self.style_id("Hyperlink", WD_STYLE_TYPE.CHARACTER)
            else:
                run.font.color.rgb = RGBColor.from_string(LINK_COLOUR)
                run.underline = True
            hyperlink.append(run._r)
        return run

    # ---- tables

    def table(self, node: Node, container, fmt: frozenset) -> None:
        rows: list[tuple[list[Node], bool]] = []       # (cells, is a header row)
        for part in node.children:
            if not isinstance(part, Node):
                continue
            if part.tag == "caption":
                self.paragraph(container, self.inline(part, fmt), "Caption", None)
            elif part.tag == "tr":
                rows.append((self._cells(part), False))
            elif part.tag in ("thead", "tbody", "tfoot"):
                rows += [(self._cells(tr), part.tag == "thead") for tr in part.children
                         if isinstance(tr, Node) and tr.tag == "tr"]
        rows = [(cells, header) for cells, header in rows if cells]
        if not rows:
            return
        columns = max(sum(_colspan(c) for c in cells) for cells, _ in rows)
        table = container.add_table(len(rows), columns)
        if self._has_style("Table Grid"):
            table.style = "Table Grid"
        else:
            look = table._tbl.tblPr.find(qn("w:tblLook"))
            borders = parse_xml(_TABLE_BORDERS)
            if look is not None:
                look.addprevious(borders)
            else:
                table._tbl.tblPr.append(borders)
        widths = self._column_widths(rows, columns)
        trs = table._tbl.tr_lst
        for r, (cells, header) in enumerate(rows):
            tr = trs[r]
            if header:
                tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
            # the row's cells by grid column, taken before any merge: table.cell() rescans the whole table
            # on every call, which made big tables (a 2,000-name participant list) quadratic
            tcs = list(tr.tc_lst)
            col = 0
            for cell_node in cells:
                span = min(_colspan(cell_node), columns - col)
                if span <= 0:
                    break
                cell = _Cell(tcs[col], table)
                if span > 1:
                    cell = cell.merge(_Cell(tcs[col + span - 1], table))
                cell.width = sum(widths[col:col + span])
                self.cell(cell, cell_node, fmt | {"bold"} if cell_node.tag == "th" else fmt)
                col += span
            for c in range(col, columns):
                _Cell(tcs[c], table).width = widths[c]
        for c, column in enumerate(table.columns):
            column.width = widths[c]

    @staticmethod
    def _cells(tr: Node) -> list[Node]:
        return [c for c in tr.children if isinstance(c, Node) and c.tag in ("td", "th")]

    def _column_widths(self, rows, columns: int) -> list[int]:
        """Split the text width over the columns in proportion to their longest single-column cell text
        (capped, so that long text wraps; plus room for the cell margins, so that short text such as
        "14:00 - 14:30" stays on one line)."""
        section = self.doc.sections[-1]
        text_width = section.page_width - section.left_margin - section.right_margin
        weights = [4] * columns
        for cells, _ in rows:
            col = 0
            for cell in cells:
                if _colspan(cell) == 1 and col < columns:
                    weights[col] = max(weights[col], min(len(_collapse(cell.text())), 30) + 3)
                col += _colspan(cell)
        total = sum(weights)
        return [int(text_width * w / total) for w in weights]

    def cell(self, cell, node: Node, fmt: frozenset) -> None:
        placeholder = cell.paragraphs[0]
        self.blocks(node, cell, fmt, None, "Normal")
        if len(cell._tc.xpath("./w:p | ./w:tbl")) > 1 and not placeholder.text:
            cell._tc.remove(placeholder._p)

    # ---- section, header, footer, properties

    def page_header_footer(self, header_text: str, lang: str) -> None:
        section = self.doc.sections[-1]
        section.different_first_page_header_footer = False
        if header_text:
            header = section.header
            header.is_linked_to_previous = False
            _clear(header._element, keep_pictures=True)  # an organisation's logo in its reference .docx stays
            header.add_paragraph(header_text, style=self.style("Header"))
        footer = section.footer
        footer.is_linked_to_previous = False
        _clear(footer._element)
        paragraph = footer.add_paragraph(style=self.style("Footer"))
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        page, of = _PAGE_WORDS.get(lang.split("-")[0].lower(), _PAGE_WORDS["en"])
        paragraph.add_run(f"{page} ")
        paragraph._p.append(_field("PAGE"))
        paragraph.add_run(f" {of} ")
        paragraph._p.append(_field("NUMPAGES"))

    def metadata(self, meta: dict[str, str]) -> None:
        props = self.doc.core_properties
        props.title = _property(meta.get("title", ""))
        props.author = props.last_modified_by = _property(meta.get("author", ""))
        props.subject = _property(meta.get("description", ""))
        props.keywords = _property(meta.get("keywords", ""), separator=",")
        props.comments = props.category = props.content_status = props.identifier = props.version = ""
        props.language = meta.get("lang", "")
        props.revision = 1
        created = _parse_date(meta.get("dcterms.created", ""))
        props.created = props.modified = created
        if meta.get("lang"):
            self._set_language(meta["lang"])

    def _set_language(self, lang: str) -> None:
        styles = self.doc.styles.element
        defaults = styles.find(qn("w:docDefaults"))
        if defaults is None:
            defaults = OxmlElement("w:docDefaults")
            styles.insert(0, defaults)
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is None:
            rpr_default = OxmlElement("w:rPrDefault")
            defaults.insert(0, rpr_default)
        rpr = rpr_default.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            rpr_default.append(rpr)
        lang_element = rpr.find(qn("w:lang"))
        if lang_element is None:
            lang_element = OxmlElement("w:lang")
            rpr.append(lang_element)
        lang_element.set(qn("w:val"), lang)


_TABLE_BORDERS = (f'<w:tblBorders {nsdecls("w")}>' + "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")) + "</w:tblBorders>")


def _property(value: str, separator: str = " ", limit: int = 255) -> str:
    """``value`` cut to the 255 characters a core property holds, at a ``separator`` when there is one."""
    if len(value) <= limit:
        return value
    cut = value[:limit]
    at = cut.rfind(separator)
    return (cut[:at] if at > limit // 2 else cut).rstrip(" ,;")


def _colspan(node: Node) -> int:
    try:
        return max(1, min(int(node.attrs.get("colspan", "1")), 63))
    except ValueError:
        return 1


def _clear(element, keep_pictures: bool = False) -> None:
    """Remove the children of a header, footer or body element (with ``keep_pictures``, not those holding one)."""
    for child in list(element):
        if keep_pictures and child.findall(".//" + qn("w:drawing")) + child.findall(".//" + qn("w:pict")):
            continue
        element.remove(child)


def _field(instruction: str):
    return parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" {instruction} "><w:r><w:t>1</w:t></w:r></w:fldSimple>')


def _parse_date(value: str) -> datetime:
    """The document date in UTC (python-docx writes the clock time with a 'Z' whatever the zone)."""
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
        return datetime.fromtimestamp(int(epoch), timezone.utc) if epoch.isdigit() else datetime.now(timezone.utc)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc).replace(microsecond=0)
