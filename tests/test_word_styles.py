"""Word files that look like the PDFs and open as current Word documents: the reference .docx's styles
(Calibri with Carlito as its fallback, compatibilityMode 15, no python-docx leftovers), tables with a shaded,
bold, repeating header row, lists numbered and indented like theme.css, and LibreOffice's rendering of every
example DOCX paginated like its PDF."""

from __future__ import annotations

import io
import itertools
import re
import subprocess
import zipfile
from pathlib import Path

import docx
from docx.oxml.ns import qn

from conftest import ROOT, html_document
from eventkit.documents.docx.reference import make_reference_docx
from eventkit.documents.docx.writer import write_docx
from test_documents import KINDS, libreoffice_to_pdf

REFERENCE = ROOT / "templates" / "reference.docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


def assert_current_word_file(data: bytes, what: str) -> None:
    files = parts(data)
    settings = files["word/settings.xml"].decode()
    assert re.search(r'w:name="compatibilityMode"[^>]*w:val="15"', settings), what
    assert "w:proofState" not in settings and "w:rsids" not in settings, what
    assert not any("rsid" in files[name].decode() for name in ("word/styles.xml", "word/document.xml")), what
    assert not [n for n in files if n.startswith("customXml/") or n.endswith("stylesWithEffects.xml")], what
    assert "stylesWithEffects" not in files["[Content_Types].xml"].decode(), what
    styles = files["word/styles.xml"].decode()
    assert "Carlito" not in styles, what  # no style names Carlito
    fonts = set(re.findall(r'w:(?:ascii|hAnsi)="([^"]+)"', styles))
    assert fonts == {"Calibri"}, (what, fonts)
    assert not re.search(r"w:(?:ascii|hAnsi)Theme=", styles), what  # no theme font overrides the name
    font_table = files["word/fontTable.xml"].decode()
    assert re.search(r'<w:font w:name="Calibri"><w:altName w:val="Carlito"/>', font_table), what


def test_reference_docx_is_a_current_word_file():
    assert_current_word_file(make_reference_docx(), "generated")
    assert_current_word_file(REFERENCE.read_bytes(), "shipped templates/reference.docx")
    for name in ("word/styles.xml", "word/settings.xml", "word/numbering.xml", "word/fontTable.xml"):  # regenerated
        assert parts(REFERENCE.read_bytes())[name] == parts(make_reference_docx())[name], name


def test_every_example_docx_is_a_current_word_file(reference_builds):
    for reference, folder in reference_builds.items():
        for kind in KINDS:
            assert_current_word_file((folder / f"{kind}.docx").read_bytes(), f"{reference} {kind}")


def test_styles_follow_the_theme():
    doc = docx.Document(io.BytesIO(make_reference_docx()))
    styles = doc.styles
    subtitle = styles["Subtitle"]
    assert not subtitle.font.italic and subtitle.font.size.pt == 12.5 and str(subtitle.font.color.rgb) == "3B5B86"
    assert subtitle.element.rPr.find(qn("w:spacing")) is None  # no letter-spacing
    lead = styles["Lead"]
    assert not lead.font.italic and lead.font.size.pt == 11
    assert styles["Title"].font.size.pt == 21 and str(styles["Heading 1"].font.color.rgb) == "0B3B70"
    assert styles["Heading 4"].font.italic
    grid = styles["Table Grid"].element
    first_row = next(p for p in grid.findall(qn("w:tblStylePr")) if p.get(qn("w:type")) == "firstRow")
    assert first_row.find(f"{W}tcPr/{W}shd").get(qn("w:fill")) == "DFE8F3"
    assert first_row.find(f"{W}rPr/{W}b") is not None and first_row.find(f"{W}trPr/{W}tblHeader") is not None
    borders = grid.find(f"{W}tblPr/{W}tblBorders")
    assert {b.get(qn("w:color")) for b in borders} == {"9FB3CC"} and len(borders) == 6
    section = doc.sections[0]
    assert round(section.top_margin.mm) == 28 and round(section.left_margin.mm) == 22  # theme.css's @page


def test_tables_lists_in_cells_and_nested_numbers():
    html = html_document("""
<table><thead><tr><th>Time</th><th>Speakers</th></tr></thead>
<tbody><tr><td>09:30</td><td><ul><li>Ms. A</li><li>Mr. B</li></ul></td></tr></tbody></table>
<table><tr><td>no header</td></tr></table>
<ol><li>one<ol><li>one.one</li></ol></li><li>two</li></ol>
<ul><li>a bullet</li></ul>""")
    data = write_docx(html, REFERENCE)
    doc = docx.Document(io.BytesIO(data))
    with_header, without = doc.tables
    assert with_header.style.name == "Table Grid"
    assert with_header._tbl.tr_lst[0].trPr.find(qn("w:tblHeader")) is not None  # repeats on every page
    assert with_header._tbl.tblPr.find(qn("w:tblLook")).get(qn("w:firstRow")) == "1"
    assert without._tbl.tblPr.find(qn("w:tblLook")).get(qn("w:firstRow")) == "0"  # no shaded header to fake
    cell_items = with_header.cell(1, 1).paragraphs
    assert [p.text for p in cell_items] == ["Ms. A", "Mr. B"]
    for item in cell_items:  # a small indent of its own, not the body lists' (theme.css: 12pt in cells)
        assert item.paragraph_format.left_indent.twips == 240
    body_items = [p for p in doc.paragraphs if p.text in ("one", "one.one", "two", "a bullet")]
    assert all(p.paragraph_format.left_indent is None for p in body_items)  # the numbering's indent
    numbering = parts(data)["word/numbering.xml"].decode()
    ordered = [a for a in re.findall(r"<w:abstractNum .*?</w:abstractNum>", numbering, re.S) if "decimal" in a]
    assert ordered and set(re.findall(r'<w:numFmt w:val="(\w+)"/>', ordered[-1])) == {"decimal"}  # 1./2. at every level
    assert re.findall(r'<w:ind w:left="(\d+)"', ordered[-1])[:2] == ["320", "640"]  # 16pt per level


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def first_line_positions(pdf: Path, lines: list[str]) -> list[float]:
    """The top of the first word of each of ``lines`` on page 1, as a fraction of the page's height."""
    layout = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', layout).group(1))
    words = [
        (float(y), word) for y, word in re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)"[^>]*>([^<]*)</word>', layout)
    ]
    positions = []
    for line in lines:
        first, second = line.split()[:2]
        tops = [y for (y, w), (_, nxt) in itertools.pairwise(words) if w == first and nxt == second]
        assert tops, (pdf.name, line)
        positions.append(tops[0] / height)
    return positions


def test_libreoffice_paginates_every_example_docx_like_its_pdf(reference_builds, reference_models, tmp_path):
    sources = []
    inbox = tmp_path / "in"
    inbox.mkdir()
    for reference, folder in reference_builds.items():
        for kind in KINDS:
            source = inbox / f"{reference}__{kind}.docx"
            source.write_bytes((folder / f"{kind}.docx").read_bytes())
            sources.append(source)
    out = libreoffice_to_pdf(sources, tmp_path)
    mismatched = []
    for source in sources:
        reference, kind = source.stem.split("__")
        ours, theirs = reference_builds[reference] / f"{kind}.pdf", out / f"{source.stem}.pdf"
        if pages(ours) != pages(theirs):
            mismatched.append((source.stem, pages(ours), pages(theirs)))
        # key lines of page 1 (the title, the first day's date) sit at the same height, within 3% of the page
        event = reference_models[reference].event
        key_lines = [
            event.title,
            next(
                w
                for w in ("Monday,", "Tuesday,", "Wednesday,", "Thursday,", "Friday,", "Saturday,", "Sunday,")
                if w[:-1] in reference_models[reference].weekday_date_text
            )
            + " "
            + str(event.date.day),
        ]
        if kind == "report":
            key_lines = key_lines[:1]  # the report's dateline is written differently per style
        for a, b, line in zip(
            first_line_positions(ours, key_lines), first_line_positions(theirs, key_lines), key_lines, strict=True
        ):
            assert abs(a - b) < 0.03, (source.stem, line, a, b)
    assert not mismatched, mismatched  # (name, PDF pages, LibreOffice pages)
