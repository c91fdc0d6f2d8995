"""Reading an Excel (.xlsx) export: the package is checked before openpyxl sees it, then its first sheet is read.

An .xlsx file is a ZIP of XML parts, and a hostile (or broken) one can ask for unbounded work: parts that inflate
to gigabytes, a sheet that declares 16,384 columns (openpyxl pads every row to them), an XML document type with
entities ("billion laughs", external entities). No export from a registration platform has any of these, so such a
file is refused, the limit it passes named, before anything is inflated or parsed.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

MAX_INFLATED_BYTES = 128 * 1024 * 1024  # all parts together, as their headers declare them
MAX_PART_BYTES = 64 * 1024 * 1024  # one part
MAX_FILLED_CELLS = 2_000_000  # cells with a value, in the first sheet
MAX_COLUMNS = 500  # declared by the sheet's <dimension> (column SF)
MAX_SHEET_ROWS = 100_000
PROLOG_BYTES = 64 * 1024  # how much of a part is read to find its root element
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*\bref\s*=\s*[\"']([A-Za-z]{1,4})?(\d+)?(?::([A-Za-z]{1,4})(\d+))?")
_ROOT_START = re.compile(rb"<(?![?!])")


def column_number(letters: str) -> int:
    """'A' → 1, 'Z' → 26, 'AA' → 27, 'XFD' → 16384."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def check_package(raw: bytes, fail: Callable[..., Exception]) -> None:
    """Raise ``fail(message, hint)`` unless ``raw`` is an .xlsx package eventkit may read."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise fail(f"is not a readable Excel (.xlsx) file: {exc}", "save it again as .xlsx or CSV") from exc
    total = sum(info.file_size for info in infos)
    if total > MAX_INFLATED_BYTES:
        raise fail(
            f"inflates to {total / 1048576:,.0f} MB; eventkit reads spreadsheets of at most "
            f"{MAX_INFLATED_BYTES // 1048576} MB unpacked",
            "save it as CSV, or split it",
        )
    for info in infos:
        if info.file_size > MAX_PART_BYTES:
            raise fail(
                f"its part {info.filename!r} inflates to {info.file_size / 1048576:,.0f} MB; eventkit reads "
                f"parts of at most {MAX_PART_BYTES // 1048576} MB",
                "save it as CSV, or split it",
            )
        if info.filename.lower().endswith((".xml", ".rels", ".vml")):
            _check_prolog(archive, info, fail)


def _check_prolog(archive: zipfile.ZipFile, info: zipfile.ZipInfo, fail: Callable[..., Exception]) -> None:
    """Refuse a part with a document type declaration (entities), reading no further than its root element."""
    try:
        with archive.open(info) as part:
            head = part.read(PROLOG_BYTES).replace(b"\x00", b"")  # (a part in UTF-16 too)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise fail(
            f"is not a readable Excel (.xlsx) file: {info.filename}: {exc}", "save it again as .xlsx or CSV"
        ) from exc
    root = _ROOT_START.search(head)
    prolog = head[: root.start()] if root else head
    if b"<!DOCTYPE" in prolog.upper() or b"<!ENTITY" in prolog.upper():
        raise fail(
            f"is not a spreadsheet eventkit reads: its part {info.filename!r} declares a document type "
            "(XML entities), which no spreadsheet program writes",
            "open it in a spreadsheet program and save it again as .xlsx or CSV",
        )
    if info.filename.startswith("xl/worksheets/"):
        _check_dimension(head, info.filename, fail)


def _check_dimension(head: bytes, part: str, fail: Callable[..., Exception]) -> None:
    found = _DIMENSION.search(head)
    if not found:
        return
    last_column = (found.group(3) or found.group(1) or b"A").decode("ascii")
    last_row = int(found.group(4) or found.group(2) or b"1")
    if column_number(last_column) > MAX_COLUMNS:
        raise fail(
            f"its sheet ({part}) declares {column_number(last_column):,} columns (up to column "
            f"{last_column.upper()}); eventkit reads at most {MAX_COLUMNS} columns",
            "delete the empty columns at the right of the sheet, or save it as CSV",
        )
    if last_row > MAX_SHEET_ROWS:
        raise fail(
            f"its sheet ({part}) declares {last_row:,} rows; eventkit reads at most {MAX_SHEET_ROWS:,}",
            "delete the empty rows at the bottom of the sheet, or split it",
        )


def xlsx_records(
    raw: bytes, fail: Callable[..., Exception], cell_text: Callable[[object], str]
) -> list[tuple[int, list[str]]]:
    """(row number, cells as text) of the first sheet, after :func:`check_package`; at most MAX_COLUMNS cells a row."""
    check_package(raw, fail)
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, SyntaxError) as exc:
        raise fail(f"is not a readable Excel (.xlsx) file: {exc}", "save it again as .xlsx or CSV") from exc
    try:
        sheet = workbook.worksheets[0]
        records: list[tuple[int, list[str]]] = []
        filled = 0
        for number, values in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), 1):
            if number > MAX_SHEET_ROWS:
                raise fail(
                    f"its first sheet has more than {MAX_SHEET_ROWS:,} rows; eventkit reads at most {MAX_SHEET_ROWS:,}",
                    "delete the empty rows at the bottom of the sheet, or split it",
                )
            cells = [cell_text(v) for v in values]
            while cells and not cells[-1]:
                cells.pop()  # a row padded with empty cells keeps only what it holds
            filled += sum(1 for cell in cells if cell)
            if filled > MAX_FILLED_CELLS:
                raise fail(
                    f"its first sheet has more than {MAX_FILLED_CELLS:,} filled cells; eventkit reads at most "
                    f"{MAX_FILLED_CELLS:,}",
                    "keep only the columns of the people, or split it",
                )
            records.append((number, cells))
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, SyntaxError, EOFError) as exc:
        raise fail(f"is not a readable Excel (.xlsx) file: {exc}", "save it again as .xlsx or CSV") from exc
    finally:
        workbook.close()
    return records
