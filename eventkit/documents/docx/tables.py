"""Tables of the DOCX writer: HTML ``<table>`` → a Word table (header rows repeated, column widths by content)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu, Pt
from docx.table import _Cell

from ...text.footnotes import FOOTNOTE_CLASS
from .html_tree import Node, collapse_spaces

if TYPE_CHECKING:
    from docx.document import Document
    from docx.enum.text import WD_PARAGRAPH_ALIGNMENT
    from docx.oxml.xmlchemy import BaseOxmlElement
    from docx.table import Table

    from .inline import Piece
    from .numbering import ListItem

    BlockContainer = Document | _Cell  # where the writer puts paragraphs and tables: the body or a table cell

Rows = list[tuple[list[Node], bool]]  # a table's rows: (cells, is a header row)


TIME_SIZE = 8.5  # pt: theme.css's table.agenda td.time


class TableWriter:
    """Mixed into the DOCX writer: needs its ``doc``, ``paragraph``, ``inline``, ``blocks``, ``add_table``,
    ``_has_style`` and ``text_width`` (declared below for the type checker)."""

    # theme.css: in a document not in English, an agenda's columns take the width of their content (times are
    # longer: "9:00 ص – 10:00 ص"); in English they have fixed widths. The writer sets it from <html lang>.
    content_sized_times = False

    doc: Document
    if TYPE_CHECKING:  # the writer's own

        def paragraph(
            self,
            container: BlockContainer,
            pieces: list[Piece],
            style: str,
            item: ListItem | None,
            collapse: bool = True,
        ) -> None: ...
        def inline(self, node: Node, fmt: frozenset[str], pre: bool = False) -> list[Piece]: ...
        def blocks(
            self,
            node: Node,
            container: BlockContainer,
            fmt: frozenset[str],
            item: ListItem | None,
            base: str,
            skip: Sequence[Node | None] | None = None,
        ) -> None: ...
        def add_table(self, container: BlockContainer, rows: int, columns: int) -> Table: ...
        def _has_style(self, name: str) -> bool: ...
        def text_width(self) -> int: ...

    def table(self, node: Node, container: BlockContainer, fmt: frozenset[str]) -> None:
        rows: Rows = []  # (cells, is a header row)
        classes: list[list[str]] = []  # each row's classes (theme.css: tr.long, .keep)
        shares: list[float] = []  # <colgroup> widths (table_layout.py), in per cent
        for part in node.children:
            if not isinstance(part, Node):
                continue
            if part.tag == "colgroup":
                shares = [_share(col) for col in part.children if isinstance(col, Node) and col.tag == "col"]
            elif part.tag == "caption":
                self.paragraph(container, self.inline(part, fmt), "Caption", None)
            elif part.tag == "tr":
                rows.append((self._cells(part), False))
                classes.append(part.classes)
            elif part.tag in ("thead", "tbody", "tfoot"):
                trs = [tr for tr in part.children if isinstance(tr, Node) and tr.tag == "tr"]
                rows += [(self._cells(tr), part.tag == "thead") for tr in trs]
                classes += [tr.classes for tr in trs]
        classes = [names for names, (cells, _) in zip(classes, rows, strict=True) if cells]
        rows = [(cells, header) for cells, header in rows if cells]
        if not rows:
            return
        columns = max(sum(_colspan(c) for c in cells) for cells, _ in rows)
        table = self.add_table(container, len(rows), columns)
        look = table._tbl.tblPr.find(qn("w:tblLook"))
        if look is not None:  # the table style shades the first row only when it is a header (<thead>)
            look.set(qn("w:firstRow"), "1" if rows[0][1] else "0")
            look.set(qn("w:firstColumn"), "0")
            # the same in the older bit mask, which LibreOffice reads first (0x20 first row, 0x400 no vertical bands)
            look.set(qn("w:val"), "0420" if rows[0][1] else "0400")
        if self._has_style("Table Grid"):
            table.style = "Table Grid"
        else:
            look = table._tbl.tblPr.find(qn("w:tblLook"))
            borders = parse_xml(_TABLE_BORDERS)
            if look is not None:
                look.addprevious(borders)
            else:
                table._tbl.tblPr.append(borders)
        widths = self._given_widths(shares, columns) or self._column_widths(rows)
        table_rows = table._tbl.tr_lst
        for r, (cells, header) in enumerate(rows):
            tr = table_rows[r]
            if "long" not in classes[r]:  # as the PDF: a row is not split across pages, except a long one
                tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
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
                cell.width = Emu(sum(widths[col : col + span]))
                self.cell(cell, cell_node, fmt | {"bold"} if cell_node.tag == "th" else fmt)
                col += span
            for c in range(col, columns):
                _Cell(tcs[c], table).width = Emu(widths[c])
            if "keep" in classes[r]:  # as the PDF (.keep): the page does not break after this row
                keep_with_next(list(tr.iter(qn("w:p"))))
        for c, column in enumerate(table.columns):
            column.width = Emu(widths[c])

    @staticmethod
    def _cells(tr: Node) -> list[Node]:
        return [c for c in tr.children if isinstance(c, Node) and c.tag in ("td", "th")]

    def _given_widths(self, shares: list[float], columns: int) -> list[int]:
        """The widths the HTML gives (the same as the PDF's), or [] when it gives none for every column."""
        if len(shares) != columns or not all(shares):
            return []
        total = sum(shares)
        return [int(self.text_width() * share / total) for share in shares]

    def _column_widths(self, rows: Rows) -> list[int]:
        """For a table the HTML gives no widths (theme.css sizes the agenda and the sign-in sheet): the text width
        split as table_layout.py splits it for the tables it sizes, by each column's longest single-column text
        (directional marks are not counted). With ``content_sized_times`` (theme.css sizes an agenda's columns by
        their content in a document not in English), a time column claims what its smaller, unwrapped text needs
        and leaves the rest to the titles and names, as the PDF's table does."""
        from ..table_layout import MINIMUM, column_weights

        if not self.content_sized_times:
            weights: list[float] = list(
                column_weights([[(_colspan(c), _visible_text(c)) for c in cells] for cells, _ in rows])
            )
        else:
            weights = [MINIMUM] * max(sum(_colspan(c) for c in cells) for cells, _ in rows)
            for cells, _ in rows:
                col = 0
                for cell in cells:
                    if _colspan(cell) == 1 and col < len(weights):
                        weights[col] = max(weights[col], _content_weight(cell))
                    col += _colspan(cell)
        fixed = {} if self.content_sized_times else _fixed_widths(rows, len(weights))
        rest = max(self.text_width() - sum(fixed.values()), self.text_width() // 4)
        total = sum(w for c, w in enumerate(weights) if c not in fixed) or 1
        return [fixed.get(c) or int(rest * w / total) for c, w in enumerate(weights)]

    def cell(self, cell: _Cell, node: Node, fmt: frozenset[str]) -> None:
        placeholder = cell.paragraphs[0]
        self.blocks(node, cell, fmt, None, "Normal")
        if len(cell._tc.xpath("./w:p | ./w:tbl")) > 1 and not placeholder.text:
            cell._tc.remove(placeholder._p)
        alignment = _cell_alignment(node)
        if alignment is not None:
            for paragraph in cell.paragraphs:
                paragraph.alignment = alignment
        if "time" in node.classes and self.content_sized_times:  # theme.css: an agenda's times are 8.5 pt
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(TIME_SIZE)
                    size_cs = OxmlElement("w:szCs")  # the size of right-to-left runs (an Arabic agenda's times)
                    size_cs.set(qn("w:val"), str(round(TIME_SIZE * 2)))
                    run._r.rPr.find(qn("w:sz")).addnext(size_cs)


_TABLE_BORDERS = (
    f"<w:tblBorders {nsdecls('w')}>"
    + "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    + "</w:tblBorders>"
)


WORD_TIME_SCALE = 1.35  # Word sets the agenda's times in the body size (10.5pt, theme.css 8.5pt) with wider margins


def _fixed_widths(rows: Rows, columns: int) -> dict[int, int]:
    """Column -> width (EMU) of the header cells that give theirs in points (``style="width: 48pt"``: the agenda's
    time columns, as wide as their longest time), scaled by :data:`WORD_TIME_SCALE`."""
    import re

    fixed: dict[int, int] = {}
    for cells, header in rows:
        if not header:
            continue
        col = 0
        for cell in cells:
            found = re.search(r"(?:^|;)\s*width:\s*(\d+(?:\.\d+)?)pt", cell.attrs.get("style", ""))
            if found and _colspan(cell) == 1 and col < columns:
                fixed[col] = int(Pt(float(found.group(1)) * WORD_TIME_SCALE))
            col += _colspan(cell)
    return fixed


def keep_with_next(paragraphs: Iterable[BaseOxmlElement]) -> None:
    """Word's "keep with next" (w:keepNext) on these w:p elements: the page does not break after them (in a table
    row: after the row)."""
    from docx.text.parfmt import ParagraphFormat

    for p in paragraphs:
        ParagraphFormat(p).keep_with_next = True


def _content_weight(cell: Node) -> float:
    """A cell's claim on the width when an agenda's columns are sized by their content: as table_layout.py counts
    it, except that a time cell's text is smaller (8.5 against 9.5 pt) and never wraps, so it claims what it needs."""
    from ..table_layout import CAP, PADDING

    text = _visible_text(cell)
    return len(text) * 0.8 + 2 if "time" in cell.classes else min(len(text), CAP) + PADDING


def _visible_text(cell: Node) -> str:
    """A cell's text as it takes room: spaces collapsed, without directional marks, without its footnotes."""
    return "".join(c for c in collapse_spaces(cell.text(FOOTNOTE_CLASS)) if unicodedata.category(c) != "Cf")


def _share(col: Node) -> float:
    """A ``<col style="width: 25%">``'s per cent, or 0."""
    import re

    match = re.search(r"width:\s*([\d.]+)%", col.attrs.get("style", ""))
    return float(match.group(1)) if match else 0.0


def _colspan(node: Node) -> int:
    try:
        return max(1, min(int(node.attrs.get("colspan", "1")), 63))
    except ValueError:
        return 1


def _cell_alignment(node: Node) -> WD_PARAGRAPH_ALIGNMENT | None:
    """The paragraph alignment of a cell with ``class="align-left|center|right"`` (Markdown's ``:-:`` columns)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    names = {
        "align-left": WD_ALIGN_PARAGRAPH.LEFT,
        "align-center": WD_ALIGN_PARAGRAPH.CENTER,
        "align-right": WD_ALIGN_PARAGRAPH.RIGHT,
    }
    return next((names[c] for c in node.classes if c in names), None)
