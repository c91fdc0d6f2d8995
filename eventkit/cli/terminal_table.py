"""Tables on the terminal and for spreadsheets: columns aligned by the width text takes on screen (Chinese,
Japanese and Korean characters take two columns, combining marks none), and the same rows as CSV."""

from __future__ import annotations

import csv
import io
import unicodedata

from ..errors import one_line


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes: wide and full-width characters 2, combining marks and other zero-width
    characters (joiners, direction marks) 0, everything else 1."""
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def aligned_lines(rows: list[tuple[str, ...]], gap: str = "  ") -> list[str]:
    """The rows as lines of aligned columns (each cell shown on one line: control characters escaped)."""
    shown = [[one_line(cell) for cell in row] for row in rows]
    widths = [
        max((display_width(row[i]) for row in shown if i < len(row)), default=0)
        for i in range(max((len(r) for r in shown), default=0))
    ]
    lines = []
    for row in shown:
        cells = [cell + " " * (widths[i] - display_width(cell)) for i, cell in enumerate(row)]
        lines.append(gap.join(cells).rstrip())
    return lines


def csv_text(rows: list[tuple[str, ...]]) -> str:
    """The rows as CSV (comma-separated, quoted where needed, CRLF line ends as spreadsheets write them). A cell
    that a spreadsheet would run as a formula (=, +, -, @ first) is written with a leading apostrophe."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["'" + cell if cell[:1] in ("=", "+", "-", "@") and cell != "-" else cell for cell in row])
    return out.getvalue()
