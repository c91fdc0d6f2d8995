"""The tables of a document's HTML laid out once, for both writers: column widths and header rows.

Every table whose widths theme.css does not set (the agenda's and the sign-in sheet's do) gets a
``<colgroup>`` with each column's share of the text width, in proportion to its longest single-column cell text
(capped, so that long text wraps; plus room for the cell padding, so that short text such as "14:00 - 14:30" stays on
one line), and the class ``sized``: theme.css lays such a table out with exactly those widths (``table-layout:
fixed``) and the DOCX writer reads the same ``<col>`` widths, so Word and the PDF agree.  The participant tables of
one document share their widths, so that they line up from one delegation to the next.  A footnote's text does not
widen its column (it is not in the cell).

A header row whose cells are all empty (every column label set to "") is removed: no empty shaded row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ..text.footnotes import FOOTNOTE_CLASS

SIZED_ELSEWHERE = ("agenda", "sign-in")  # theme.css sets these tables' widths itself
CAP, PADDING, MINIMUM = 30, 3, 4  # characters: the longest text counted, the padding, the narrowest column
SPACES = re.compile(r"\s+")


@dataclass
class _Table:
    open_end: int  # offset just after the <table ...> tag
    classes: list[str]
    has_colgroup: bool = False
    rows: list[list[tuple[int, str]]] = field(default_factory=list)  # (colspan, text) per cell
    heads: list[tuple[int, int, bool]] = field(default_factory=list)  # <thead> start, end offsets, has text


class _TableScanner(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.html = html
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", html)]
        self.tables: list[_Table] = []
        self.stack: list[_Table] = []
        self.cell: list[str] | None = None
        self.head_start: int | None = None
        self.head_text = False
        self.skip_depth = 0  # inside a footnote's <span>
        self.span_depth = 0

    def _at(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "span":
            self.span_depth += 1
            if FOOTNOTE_CLASS in classes and not self.skip_depth:
                self.skip_depth = self.span_depth
        if tag == "table":
            table = _Table(self._at() + len(self.get_starttag_text() or ""), classes)
            self.tables.append(table)
            self.stack.append(table)
        elif not self.stack:
            return
        elif tag == "colgroup" or tag == "col":
            self.stack[-1].has_colgroup = True
        elif tag == "thead" and len(self.stack) == 1:
            self.head_start, self.head_text = self._at(), False
        elif tag == "tr":
            self.stack[-1].rows.append([])
        elif tag in ("td", "th") and self.stack[-1].rows:
            try:
                span = max(1, min(int(attributes.get("colspan") or 1), 63))
            except ValueError:
                span = 1
            self.stack[-1].rows[-1].append((span, ""))
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self.span_depth:
            if self.skip_depth == self.span_depth:
                self.skip_depth = 0
            self.span_depth -= 1
        if not self.stack:
            return
        table = self.stack[-1]
        if tag in ("td", "th") and self.cell is not None and table.rows and table.rows[-1]:
            span, _ = table.rows[-1][-1]
            table.rows[-1][-1] = (span, SPACES.sub(" ", "".join(self.cell)).strip())
            self.cell = None
        elif tag == "thead" and self.head_start is not None and len(self.stack) == 1:
            end = self.html.find(">", self._at()) + 1
            table.heads.append((self.head_start, end, self.head_text))
            self.head_start = None
        elif tag == "table":
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and not self.skip_depth:
            if self.cell is not None:
                self.cell.append(data)
            if self.head_start is not None and data.strip():
                self.head_text = True


def column_weights(rows: list[list[tuple[int, str]]]) -> list[int]:
    """Each column's weight: its longest single-column cell text (capped), plus the padding; ``rows`` hold
    (colspan, text) per cell."""
    columns = max((sum(span for span, _ in row) for row in rows), default=0)
    weights = [MINIMUM] * columns
    for row in rows:
        col = 0
        for span, text in row:
            if span == 1 and col < columns:
                weights[col] = max(weights[col], min(len(text), CAP) + PADDING)
            col += span
    return weights


def _colgroup(weights: list[int]) -> str:
    total = sum(weights)
    shares = [round(100 * w / total, 2) for w in weights]
    return "<colgroup>" + "".join(f'<col style="width: {share}%">' for share in shares) + "</colgroup>"


def lay_out_tables(html: str) -> str:
    """``html`` with a ``<colgroup>`` in each table that theme.css does not size, and without empty header rows."""
    if "<table" not in html:
        return html
    scanner = _TableScanner(html)
    scanner.feed(html)
    scanner.close()
    shared: dict[int, list[int]] = {}  # participant tables: widths per number of columns, the widest of each
    for table in scanner.tables:
        if "participants" in table.classes:
            weights = column_weights(table.rows)
            best = shared.setdefault(len(weights), weights)
            shared[len(weights)] = [max(a, b) for a, b in zip(best, weights, strict=True)]
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), applied from the end
    for table in scanner.tables:
        for start, end, has_text in table.heads:
            if not has_text:
                edits.append((start, end, ""))
        if table.has_colgroup or any(c in SIZED_ELSEWHERE for c in table.classes) or not table.rows:
            continue
        weights = column_weights(table.rows)
        if not weights:
            continue
        if "participants" in table.classes:
            weights = shared[len(weights)]
        tag_start = html.rfind("<table", 0, table.open_end)
        tag = html[tag_start : table.open_end]
        if 'class="' in tag:
            sized = tag.replace('class="', 'class="sized ', 1)
        else:
            sized = tag[:-1] + ' class="sized">'
        edits.append((tag_start, table.open_end, sized + _colgroup(weights)))
    for start, end, replacement in sorted(edits, reverse=True):
        html = html[:start] + replacement + html[end:]
    return html
