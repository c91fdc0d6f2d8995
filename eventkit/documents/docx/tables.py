"""Tables of the DOCX writer: HTML ``<table>`` → a Word table (header rows repeated, column widths by content)."""
from __future__ import annotations

import unicodedata

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from docx.table import _Cell

from .html_tree import Node, collapse_spaces
from ...text.footnotes import FOOTNOTE_CLASS


TIME_SIZE = 8.5   # pt: theme.css's table.agenda td.time


class TableWriter:
    """Mixed into the DOCX writer: needs its ``doc``, ``paragraph``, ``inline``, ``blocks`` and ``_has_style``."""

    # theme.css: in a document not in English, an agenda's columns take the width of their content (times are
    # longer: "9:00 ص – 10:00 ص"); in English they have fixed widths. The writer sets it from <html lang>.
    content_sized_times = False

    def table(self, node: Node, container, fmt: frozenset) -> None:
        rows: list[tuple[list[Node], bool]] = []       # (cells, is a header row)
        whole: list[bool] = []                          # the row is kept on one page (theme.css: tr, tr.long)
        for part in node.children:
            if not isinstance(part, Node):
                continue
            if part.tag == "caption":
                self.paragraph(container, self.inline(part, fmt), "Caption", None)
            elif part.tag == "tr":
                rows.append((self._cells(part), False))
                whole.append("long" not in part.classes)
            elif part.tag in ("thead", "tbody", "tfoot"):
                trs = [tr for tr in part.children if isinstance(tr, Node) and tr.tag == "tr"]
                rows += [(self._cells(tr), part.tag == "thead") for tr in trs]
                whole += ["long" not in tr.classes for tr in trs]
        whole = [keep for keep, (cells, _) in zip(whole, rows) if cells]
        rows = [(cells, header) for cells, header in rows if cells]
        if not rows:
            return
        columns = max(sum(_colspan(c) for c in cells) for cells, _ in rows)
        table = container.add_table(len(rows), columns)
        look = table._tbl.tblPr.find(qn("w:tblLook"))
        if look is not None:   # the table style shades the first row only when it is a header (<thead>)
            look.set(qn("w:firstRow"), "1" if rows[0][1] else "0")
            look.set(qn("w:firstColumn"), "0")
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
            if whole[r]:   # as the PDF: a row is not split across pages, except a long one
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
        "14:00 - 14:30" stays on one line). A footnote's text is not counted: it is not in the cell."""
        section = self.doc.sections[-1]
        text_width = section.page_width - section.left_margin - section.right_margin
        weights = [4] * columns
        for cells, _ in rows:
            col = 0
            for cell in cells:
                if _colspan(cell) == 1 and col < columns:
                    weights[col] = max(weights[col], _weight(cell, self.content_sized_times))
                col += _colspan(cell)
        total = sum(weights)
        return [int(text_width * w / total) for w in weights]

    def cell(self, cell, node: Node, fmt: frozenset) -> None:
        placeholder = cell.paragraphs[0]
        self.blocks(node, cell, fmt, None, "Normal")
        if len(cell._tc.xpath("./w:p | ./w:tbl")) > 1 and not placeholder.text:
            cell._tc.remove(placeholder._p)
        alignment = _cell_alignment(node)
        if alignment is not None:
            for paragraph in cell.paragraphs:
                paragraph.alignment = alignment
        if "time" in node.classes and self.content_sized_times:   # theme.css: an agenda's times are 8.5 pt
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(TIME_SIZE)
                    size_cs = OxmlElement("w:szCs")   # the size of right-to-left runs (an Arabic agenda's times)
                    size_cs.set(qn("w:val"), str(round(TIME_SIZE * 2)))
                    run._r.rPr.find(qn("w:sz")).addnext(size_cs)


_TABLE_BORDERS = (f'<w:tblBorders {nsdecls("w")}>' + "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")) + "</w:tblBorders>")



def _weight(cell: Node, content_sized_times: bool) -> float:
    """A cell's claim on the width: its visible characters (directional marks are not), at most 30, and room for
    the cell's margins. With ``content_sized_times`` (theme.css sizes an agenda's columns by their content in a
    document not in English), a time cell's text is smaller (8.5 against 9.5 pt) and never wraps, so it claims what
    it needs and leaves the rest to the titles and names, as the PDF's table does."""
    text = "".join(c for c in collapse_spaces(cell.text(FOOTNOTE_CLASS)) if unicodedata.category(c) != "Cf")
    if "time" in cell.classes and content_sized_times:
        return len(text) * 0.8 + 2
    return min(len(text), 30) + 3


def _colspan(node: Node) -> int:
    try:
        return max(1, min(int(node.attrs.get("colspan", "1")), 63))
    except ValueError:
        return 1


def _cell_alignment(node: Node):
    """The paragraph alignment of a cell with ``class="align-left|center|right"`` (Markdown's ``:-:`` columns)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    names = {"align-left": WD_ALIGN_PARAGRAPH.LEFT, "align-center": WD_ALIGN_PARAGRAPH.CENTER,
             "align-right": WD_ALIGN_PARAGRAPH.RIGHT}
    return next((names[c] for c in node.classes if c in names), None)
