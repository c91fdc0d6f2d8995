"""Spreadsheets are validated before use (#22 items 5-7): an .xlsx with a document type, one that inflates too far
or declares too many columns or rows is refused with the limit named; a CSV mixing two encodings is a located
error; text from exports reaches the terminal escaped."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from conftest import run_eventkit

openpyxl = pytest.importorskip("openpyxl")


@pytest.fixture
def event(tmp_path, scaffold_text) -> Path:
    path = tmp_path / "event.toml"
    path.write_text(scaffold_text, encoding="utf-8")
    return path


def workbook_bytes(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewrite_part(data: bytes, name: str, change) -> bytes:
    """The .xlsx with one part's XML changed by ``change(text) -> text``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == name:
                content = change(content.decode("utf-8")).encode("utf-8")
            target.writestr(info.filename, content)
    return out.getvalue()


GOOD = [["Name", "Email"], ["Ana Lima", "ana@example.org"]]
SHEET = "xl/worksheets/sheet1.xml"
LAUGHS = '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n'
EXTERNAL = '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'


@pytest.mark.parametrize("prolog", [LAUGHS, EXTERNAL])
@pytest.mark.parametrize("part", [SHEET, "xl/sharedStrings.xml", "[Content_Types].xml"])
def test_an_xlsx_with_a_document_type_is_not_a_spreadsheet_eventkit_reads(tmp_path, event, prolog, part):
    data = workbook_bytes(GOOD)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    if part not in names:
        part = SHEET
    bad = rewrite_part(data, part, lambda xml: prolog + (xml.split("?>", 1)[1] if xml.startswith("<?xml") else xml))
    (tmp_path / "regs.xlsx").write_bytes(bad)
    before = event.read_bytes()
    result = run_eventkit("import", "event.toml", "regs.xlsx", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"regs.xlsx: is not a spreadsheet eventkit reads: its part '{part}' declares a document type"
    ), result.stderr
    assert event.read_bytes() == before


def test_a_sheet_declaring_column_xfd_is_refused_with_the_limit(tmp_path, event):
    bad = rewrite_part(
        workbook_bytes(GOOD), SHEET, lambda xml: xml.replace('<dimension ref="A1:B2"/>', '<dimension ref="A1:XFD2"/>')
    )
    (tmp_path / "wide.xlsx").write_bytes(bad)
    result = run_eventkit("import", "event.toml", "wide.xlsx", cwd=tmp_path)
    assert result.returncode == 1
    assert (
        "wide.xlsx: its sheet (xl/worksheets/sheet1.xml) declares 16,384 columns (up to column XFD); eventkit "
        "reads at most 500 columns"
    ) in result.stderr


def test_cells_far_to_the_right_without_a_dimension_are_not_padded(tmp_path, event):
    """24 KB of rows whose cells claim column XFD took 25 s and 570 MB: only the first 500 columns are read."""

    def widen(xml: str) -> str:
        xml = xml.replace('<dimension ref="A1:B2"/>', "")
        return xml.replace("</row>", '<c r="XFD{n}" t="inlineStr"><is><t>x</t></is></c></row>'.replace("{n}", "1"), 1)

    (tmp_path / "far.xlsx").write_bytes(rewrite_part(workbook_bytes(GOOD), SHEET, widen))
    from eventkit.participants.xlsx_reading import MAX_COLUMNS, xlsx_records

    records = xlsx_records((tmp_path / "far.xlsx").read_bytes(), ValueError, lambda v: "" if v is None else str(v))
    assert records and max(len(cells) for _, cells in records) <= MAX_COLUMNS  # not 16,384
    result = run_eventkit("import", "event.toml", "far.xlsx", "--dry-run", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "would add people.lima" in result.stdout


def test_an_xlsx_inflating_past_the_limit_is_refused_before_it_is_read(tmp_path, event):
    out = io.BytesIO()
    data = workbook_bytes(GOOD)
    source = zipfile.ZipFile(io.BytesIO(data))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        target.writestr("xl/media/padding.bin", b"\0" * (130 * 1024 * 1024))
    (tmp_path / "bomb.xlsx").write_bytes(out.getvalue())
    assert (tmp_path / "bomb.xlsx").stat().st_size < 1024 * 1024
    result = run_eventkit("import", "event.toml", "bomb.xlsx", cwd=tmp_path)
    assert result.returncode == 1
    assert "bomb.xlsx: inflates to 130 MB; eventkit reads spreadsheets of at most 128 MB unpacked" in result.stderr


def test_a_csv_with_one_windows_1252_line_is_a_located_error(tmp_path, event):
    text = "Prénom,Nom,Courriel\nRenée,Müller,r@example.org\n".encode()
    text += "José,García,j@example.org\n".encode("cp1252") + "Zoë,Ng,z@example.org\n".encode()
    (tmp_path / "mixed.csv").write_bytes(text)
    before = event.read_bytes()
    result = run_eventkit("import", "event.toml", "mixed.csv", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith(
        "mixed.csv:3: this line is not UTF-8 like the rest of the file (byte 0xe9 at column 4, 'é' in Windows-1252?)"
    ), result.stderr
    assert event.read_bytes() == before
    # a file that is Windows-1252 throughout is still read as such
    (tmp_path / "ansi.csv").write_bytes("Prénom,Nom,Courriel\nJosé,García,j@example.org\n".encode("cp1252"))
    ok = run_eventkit("import", "event.toml", "ansi.csv", "--dry-run", cwd=tmp_path)
    assert ok.returncode == 0 and "José García" in ok.stdout


def test_too_many_rows_are_refused_with_the_limit(tmp_path, event):
    from eventkit.participants import tabular

    rows = "Name,Email\n" + "".join(f"P{n},p{n}@example.org\n" for n in range(tabular.MAX_ROWS + 1))
    (tmp_path / "huge.csv").write_text(rows, encoding="utf-8")
    result = run_eventkit("import", "event.toml", "huge.csv", cwd=tmp_path)
    assert result.returncode == 1
    assert f"has more than {tabular.MAX_ROWS:,} rows" in result.stderr


def test_escape_sequences_from_an_export_reach_the_terminal_escaped(tmp_path, event):
    (tmp_path / "evil.csv").write_text(
        "Name,Email,Nom\u001b]0;pwned\u0007\nAna Lima,ana@example.org,x\n", encoding="utf-8"
    )
    result = run_eventkit("import", "event.toml", "evil.csv", "--dry-run", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stderr + result.stdout and "\x07" not in result.stderr
    assert "\\x1b]0;pwned\\x07" in result.stderr
    (tmp_path / "zoom.csv").write_text(
        "Name,Email,Join Time,Leave Time\nEve\u001b[2J,,2026-12-10 14:00,2026-12-10 15:00\n", encoding="utf-8"
    )
    attended = run_eventkit("attendance", "event.toml", "zoom.csv", "--dry-run", cwd=tmp_path)
    assert attended.returncode == 0, attended.stderr
    assert "\x1b" not in attended.stderr and "Eve\\x1b[2J" in attended.stderr
