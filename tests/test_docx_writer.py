"""The DOCX writer: real Word structure read back with python-docx and from the XML."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from conftest import html_document
from eventkit.documents.docx.reference import make_reference_docx
from eventkit.documents.docx.writer import write_docx
from eventkit.errors import BuildError

REFERENCE = Path(__file__).resolve().parents[1] / "templates" / "reference.docx"


def page(body: str) -> str:
    return html_document(body, lang="en-GB")


def build(body: str, reference: Path = REFERENCE) -> docx.document.Document:
    return docx.Document(io.BytesIO(write_docx(page(body), reference)))


def body_paragraphs(doc) -> list:
    return [p for p in doc.paragraphs if p.text.strip()]


def num_pr(paragraph) -> tuple[int, int] | None:
    """(ilvl, numId) of a list paragraph, None for other paragraphs."""
    ppr = paragraph._p.pPr
    if ppr is None or ppr.numPr is None:
        return None
    return ppr.numPr.ilvl.val, ppr.numPr.numId.val


def by_text(doc, text: str):
    return next(p for p in doc.paragraphs if p.text == text)


def numbering_definition(doc, num_id: int):
    """(the w:num element, its w:abstractNum element) for ``num_id``."""
    numbering = doc.part.numbering_part.element
    num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == str(num_id))
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(a for a in numbering.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abstract_id)
    return num, abstract


def level_format(abstract, ilvl: int) -> str:
    lvl = next(lv for lv in abstract.findall(qn("w:lvl")) if lv.get(qn("w:ilvl")) == str(ilvl))
    return lvl.find(qn("w:numFmt")).get(qn("w:val"))


# ---------------------------------------------------------------- paragraphs and styles


def test_headings_and_paragraph_styles():
    doc = build("""
      <h1 class="title">NOTE FOR FILE</h1>
      <p class="subtitle">Webinar for the State Commission</p>
      <p class="dateline">Thursday, 22 April 2021</p>
      <h1>Objectives</h1><h2>Opening remarks</h2><h3>Ms. Sabine Machl</h3><h4>Detail</h4>
      <p class="lead">Chaired by the Ambassador</p>
      <p>Body text</p>
      <p class="label">Useful links:</p>
      <blockquote><p>Quoted words</p></blockquote>
      <p class="closing">- CLOSE OF MEETING -</p>
      <p class="annexes">Annexes: Agenda</p>
      <p class="unknown-class">Plain</p>""")
    got = [(p.style.name, p.text) for p in body_paragraphs(doc)]
    assert got == [
        ("Title", "NOTE FOR FILE"),
        ("Subtitle", "Webinar for the State Commission"),
        ("Dateline", "Thursday, 22 April 2021"),
        ("Heading 1", "Objectives"),
        ("Heading 2", "Opening remarks"),
        ("Heading 3", "Ms. Sabine Machl"),
        ("Heading 4", "Detail"),
        ("Lead", "Chaired by the Ambassador"),
        ("Normal", "Body text"),
        ("Label", "Useful links:"),
        ("Quote", "Quoted words"),
        ("Closing", "- CLOSE OF MEETING -"),
        ("Annexes", "Annexes: Agenda"),
        ("Normal", "Plain"),
    ]


def test_no_empty_paragraphs_and_page_header_not_in_flow():
    doc = build("<p>   </p><h1>First</h1><p>\n\t</p><div><p></p></div><p>&nbsp;</p><hr><p>Last</p>")
    assert [p.text for p in doc.paragraphs] == ["First", "Last"]
    assert "IOM Regional Office" not in "".join(p.text for p in doc.paragraphs)


def test_whitespace_collapsed_like_html():
    doc = build("<p>  Two   words\n  and <em>italic </em> then<br>\n   next <b> bold</b>  line  </p>")
    (p,) = doc.paragraphs
    assert p.text == "Two words and italic then\nnext bold line"
    assert "  " not in p.text
    assert [r.text for r in p.runs if r.italic] == ["italic "]


def test_inline_formatting_runs():
    doc = build(
        "<p>A <strong>bold</strong> <u>under</u> x<sup>2</sup> H<sub>2</sub>O <code>cmd</code> "
        "<i>it</i> <span>plain</span></p>"
    )
    runs = {r.text: r for r in doc.paragraphs[0].runs}
    assert runs["bold"].bold is True and runs["bold"].italic is None
    assert runs["under"].underline is True
    assert [r.text for r in doc.paragraphs[0].runs if r.font.superscript] == ["2"]
    assert [r.text for r in doc.paragraphs[0].runs if r.font.subscript] == ["2"]
    assert runs[" x"].font.superscript is None
    assert runs["cmd"].font.name == "Courier New"
    assert runs["it"].italic is True
    assert doc.paragraphs[0].text == "A bold under x2 H2O cmd it plain"


def test_bold_label_paragraph_style_is_bold():
    doc = build('<p class="label">Useful links:</p>')
    style = doc.paragraphs[0].style
    assert style.name == "Label" and style.font.bold is True


def test_control_characters_stripped():
    doc = build("<h2>Bad\x01 heading\x0b</h2><p>te\x00xt&#1; with\x1f \ufffe controls</p>")
    assert [p.text for p in doc.paragraphs] == ["Bad heading", "text with controls"]
    with zipfile.ZipFile(io.BytesIO(write_docx(page("<p>a\x02b</p>"), REFERENCE))) as z:
        assert "\x02" not in z.read("word/document.xml").decode("utf-8")


# ---------------------------------------------------------------- lists

LISTS = """
<ul>
  <li><em>Welcomed</em> the representatives of Portugal
    <ul>
      <li>nested bullet
        <ol><li>deep one</li><li>deep two</li></ol>
      </li>
    </ul>
  </li>
  <li><em>Outlined</em> the readiness</li>
</ul>
<ol>
  <li>first</li>
  <li>second<ul><li>bullet in ol</li></ul></li>
  <li>third</li>
</ol>
<p>between</p>
<ol><li>again one</li><li>again two</li></ol>
<ol start="5"><li><p>loose five</p><p>more of five</p></li></ol>
"""


def test_list_levels_and_numbering_instances():
    doc = build(LISTS)
    levels = {p.text: num_pr(p) for p in doc.paragraphs}
    bullet_num = levels["Welcomed the representatives of Portugal"][1]
    assert levels["Welcomed the representatives of Portugal"] == (0, bullet_num)
    assert levels["nested bullet"] == (1, bullet_num)
    assert levels["Outlined the readiness"] == (0, bullet_num)
    assert levels["deep one"][0] == 2 and levels["deep two"] == levels["deep one"]
    assert levels["bullet in ol"] == (1, bullet_num)
    first_ol = levels["first"][1]
    assert levels["second"] == (0, first_ol) and levels["third"] == (0, first_ol)
    assert levels["between"] is None
    second_ol = levels["again one"][1]
    assert second_ol not in (first_ol, bullet_num) and levels["again two"] == (0, second_ol)

    _, bullets = numbering_definition(doc, bullet_num)
    assert len(bullets.findall(qn("w:lvl"))) == 9
    assert all(level_format(bullets, i) == "bullet" for i in range(9))
    texts = [lv.find(qn("w:lvlText")).get(qn("w:val")) for lv in bullets.findall(qn("w:lvl"))[:3]]
    assert texts == ["•", "◦", "▪"]
    num, numbers = numbering_definition(doc, second_ol)
    assert level_format(numbers, 0) == "decimal" and len(numbers.findall(qn("w:lvl"))) == 9
    override = num.find(qn("w:lvlOverride"))
    assert override.get(qn("w:ilvl")) == "0"
    assert override.find(qn("w:startOverride")).get(qn("w:val")) == "1"
    _, deep = numbering_definition(doc, levels["deep one"][1])
    assert level_format(deep, 2) != "bullet"
    indents = [int(lv.find(qn("w:pPr")).find(qn("w:ind")).get(qn("w:left"))) for lv in bullets.findall(qn("w:lvl"))]
    assert indents == sorted(set(indents))


def test_ordered_list_start_and_loose_item_paragraphs():
    doc = build(LISTS)
    five = by_text(doc, "loose five")
    num, _ = numbering_definition(doc, num_pr(five)[1])
    assert num.find(qn("w:lvlOverride")).find(qn("w:startOverride")).get(qn("w:val")) == "5"
    more = by_text(doc, "more of five")
    assert num_pr(more) is None and more.paragraph_format.left_indent > 0


def test_italic_lead_verb_is_its_own_italic_run():
    doc = build("<ul><li><em>Welcomed</em> the representatives</li><li>Plain <em>later</em></li></ul>")
    first, second = doc.paragraphs
    assert [r.text for r in first.runs] == ["Welcomed", " the representatives"]
    assert first.runs[0].italic is True and first.runs[1].italic is None
    assert second.runs[0].italic is None


def test_deeply_nested_lists_reach_level_eight():
    html = "".join(f"<ul><li>level {i}" for i in range(10)) + "</li></ul>" * 10
    doc = build(html)
    assert [num_pr(p)[0] for p in doc.paragraphs] == [0, 1, 2, 3, 4, 5, 6, 7, 8, 8]


# ---------------------------------------------------------------- links


def test_hyperlinks_are_real_links_with_external_relationships():
    doc = build(
        '<p>See <a href="https://migrationnetwork.un.org/hub">the Hub</a> or '
        '<a href="mailto:renate.held@example.org">write</a>.</p>'
        '<ul><li><a href="http://mptf.undp.org/factsheet/fund/MIG00">MPTF</a></li></ul>'
    )
    links = doc.element.body.findall(".//" + qn("w:hyperlink"))
    assert len(links) == 3
    targets = []
    for link in links:
        rel = doc.part.rels[link.get(qn("r:id"))]
        assert rel.reltype == RT.HYPERLINK and rel.is_external
        targets.append(rel.target_ref)
        run = link.find(qn("w:r"))
        assert run.find(qn("w:rPr")).find(qn("w:rStyle")).get(qn("w:val")) == "Hyperlink"
    assert targets == [
        "https://migrationnetwork.un.org/hub",
        "mailto:renate.held@example.org",
        "http://mptf.undp.org/factsheet/fund/MIG00",
    ]
    assert doc.paragraphs[0].text == "See the Hub or write."
    with zipfile.ZipFile(io.BytesIO(write_docx(page('<p><a href="https://x.org/">x</a></p>'), REFERENCE))) as z:
        assert 'TargetMode="External"' in z.read("word/_rels/document.xml.rels").decode()


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,<b>x</b>",
        "#anchor",
        "relative/page.html",
    ],
)
def test_unsafe_or_relative_hrefs_are_plain_text(href):
    doc = build(f'<p>Click <a href="{href}">here</a> now</p>')
    assert doc.element.body.findall(".//" + qn("w:hyperlink")) == []
    assert doc.paragraphs[0].text == "Click here now"
    assert all(rel.reltype != RT.HYPERLINK for rel in doc.part.rels.values())


# ---------------------------------------------------------------- tables

TABLE = """
<table>
  <caption>Agenda</caption>
  <thead><tr><th>Time</th><th>Session</th><th>Speakers</th></tr></thead>
  <tbody>
    <tr><td>09:30</td><td><p>Opening remarks</p></td><td><ul><li>Ms. Held</li><li>Mr. Jashi</li></ul></td></tr>
    <tr><td colspan="3">Coffee break<br>(15 minutes)</td></tr>
  </tbody>
</table>
"""


def test_table_structure():
    doc = build(TABLE)
    (table,) = doc.tables
    assert table.style.name == "Table Grid"
    assert len(table.rows) == 3 and len(table.columns) == 3
    header_rows = [
        row for row in table.rows if row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None
    ]
    assert [row._tr for row in header_rows] == [table.rows[0]._tr]
    header_cells = table.rows[0].cells
    assert [c.text for c in header_cells] == ["Time", "Session", "Speakers"]
    assert all(r.bold for c in header_cells for p in c.paragraphs for r in p.runs)
    speakers = table.cell(1, 2)
    assert [(p.text, num_pr(p)[0]) for p in speakers.paragraphs] == [("Ms. Held", 0), ("Mr. Jashi", 0)]
    assert [p.text for p in table.cell(1, 1).paragraphs] == ["Opening remarks"]
    spanned = table.rows[2]._tr.findall(qn("w:tc"))
    assert len(spanned) == 1
    assert spanned[0].find(qn("w:tcPr")).find(qn("w:gridSpan")).get(qn("w:val")) == "3"
    assert table.cell(2, 0).text == "Coffee break\n(15 minutes)"
    assert by_text(doc, "Agenda").style.name == "Caption"
    section = doc.sections[0]
    widths = [int(col.width) for col in table.columns]
    assert all(w > 0 for w in widths)
    assert abs(sum(widths) - (section.page_width - section.left_margin - section.right_margin)) < 10 * 635


# ---------------------------------------------------------------- section, header, footer, properties


def test_page_setup_header_and_footer_fields():
    doc = build("<p>Body</p>")
    section = doc.sections[0]
    assert abs(section.page_width.mm - 210) < 0.5 and abs(section.page_height.mm - 297) < 0.5
    assert 15 <= section.left_margin.mm <= 30
    assert [p.text for p in section.header.paragraphs] == ["IOM Regional Office in Vienna"]
    footer = section.footer._element
    instructions = [f.get(qn("w:instr")).strip() for f in footer.iter(qn("w:fldSimple"))]
    instructions += [t.text.strip() for t in footer.iter(qn("w:instrText"))]
    assert "PAGE" in instructions and "NUMPAGES" in instructions
    assert "Page" in section.footer.paragraphs[0].text and " of " in section.footer.paragraphs[0].text


def test_core_properties_and_language():
    doc = build("<p>Body</p>")
    props = doc.core_properties
    assert props.title == "Fostering Sub-Regional Cooperation – Summary report"
    assert props.author == props.last_modified_by == "IOM Regional Office in Vienna"
    assert props.subject == "Summary report"
    assert props.keywords == "migration, GCM"
    given = datetime.fromisoformat("2021-03-24T09:30:00+01:00")
    assert props.created == given and props.modified == given
    assert props.created == datetime(2021, 3, 24, 8, 30, tzinfo=UTC)
    assert props.revision == 1
    assert "python-docx" not in (props.author, props.comments, props.last_modified_by)
    lang = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:val")) == "en-GB"


def test_no_template_leftovers_in_the_package():
    data = write_docx(page("<p>Text</p>"), REFERENCE)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert not any("thumbnail" in n for n in names)
    app = zipfile.ZipFile(io.BytesIO(data)).read("docProps/app.xml").decode()
    assert "<Application>eventkit 0.1.0</Application>" in app and "Macintosh" not in app


def test_long_properties_are_cut_to_what_word_holds():
    keywords = ", ".join(f"Government of Country {i}" for i in range(30))
    html = page("<p>x</p>").replace('content="migration, GCM"', f'content="{keywords}"')
    html = html.replace("<title>Fostering", "<title>" + "Very long title words " * 20 + "Fostering")
    props = docx.Document(io.BytesIO(write_docx(html, REFERENCE))).core_properties
    assert 200 < len(props.keywords) <= 255 and keywords.startswith(props.keywords)
    assert not props.keywords.endswith(",") and props.keywords.endswith(props.keywords.split(", ")[-1])
    assert props.keywords.split(", ")[-1] in keywords.split(", ")
    assert 200 < len(props.title) <= 255 and props.title.startswith("Very long title words")


# ---------------------------------------------------------------- reference .docx


def test_reference_docx_has_the_styles_and_a4():
    doc = docx.Document(io.BytesIO(make_reference_docx()))
    names = {s.name for s in doc.styles}
    assert {
        "Title",
        "Subtitle",
        "Heading 1",
        "Heading 4",
        "Dateline",
        "Lead",
        "Closing",
        "Annexes",
        "Label",
        "Hyperlink",
        "Table Grid",
        "List Paragraph",
    } <= names
    assert doc.styles["Normal"].font.name == "Calibri"  # (its size is the document default: 10.5pt)
    assert doc.styles["Heading 1"].font.color.rgb is not None
    assert doc.styles["Title"].font.size > doc.styles["Heading 1"].font.size
    assert abs(doc.sections[0].page_width.mm - 210) < 0.5
    shipped = docx.Document(str(REFERENCE))
    assert {"Dateline", "Lead", "Closing", "Annexes", "Label", "Hyperlink"} <= {s.name for s in shipped.styles}


def test_reference_lacking_styles_falls_back(tmp_path):
    plain = tmp_path / "plain.docx"
    docx.Document().save(str(plain))  # python-docx's default: no Dateline, Label, Hyperlink styles
    doc = build('<p class="dateline">22 April</p><p>See <a href="https://x.org/">x</a></p>', plain)
    assert [p.style.name for p in doc.paragraphs] == ["Normal", "Normal"]
    (link,) = doc.element.body.findall(".//" + qn("w:hyperlink"))
    assert link.find(qn("w:r")).find(qn("w:rPr")).find(qn("w:color")) is not None


@pytest.mark.parametrize("content", [b"not a zip at all", b""])
def test_invalid_reference_raises_build_error(tmp_path, content):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(content)
    with pytest.raises(BuildError, match="bad.docx"):
        write_docx(page("<p>x</p>"), bad)
    with pytest.raises(BuildError):
        write_docx(page("<p>x</p>"), tmp_path / "missing.docx")


# ---------------------------------------------------------------- LibreOffice reads it


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")
def test_libreoffice_converts_the_docx_to_pdf(tmp_path):
    source = tmp_path / "report.docx"
    source.write_bytes(
        write_docx(
            page(
                "<h1>Objectives of the Event</h1>"
                + LISTS
                + TABLE
                + '<p>See <a href="https://example.org/">the Hub</a>.</p>'
            ),
            REFERENCE,
        )
    )
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "report.pdf"
    assert pdf.is_file()
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    for expected in (
        "Objectives of the Event",
        "Welcomed the representatives of Portugal",
        "deep two",
        "Coffee break",
        "IOM Regional Office in Vienna",
        "Page 1 of 1",
        "the Hub",
    ):
        assert expected in text
    assert "5. loose five" in " ".join(text.split())


def test_logo_in_the_reference_header_is_kept(tmp_path):
    """An organisation puts its logo in its reference .docx's header; the organiser line is added below it."""
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 40), "navy").save(logo)
    styles = docx.Document(str(REFERENCE))
    header = styles.sections[0].header
    header.is_linked_to_previous = False
    header.paragraphs[0].add_run().add_picture(str(logo))
    header.add_paragraph("old text that must go")
    reference = tmp_path / "reference.docx"
    styles.save(str(reference))
    doc = build("<p>Body</p>", reference)
    header = doc.sections[0].header
    assert header._element.findall(".//" + qn("w:drawing")), "the logo was dropped"
    texts = [p.text for p in header.paragraphs if p.text]
    assert texts == ["IOM Regional Office in Vienna"]
    descriptions = [
        e.get("descr")
        for e in header._element.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")
    ]
    assert descriptions == ["IOM Regional Office in Vienna"], "the logo has the organiser as alternative text"


def test_many_links_each_point_to_their_own_address_in_the_body_and_in_the_notes():
    """Every link's relationship is made once per address and part (the writer numbers them itself): 300 links,
    a repeated address, and links inside footnotes, each resolving to its own address."""
    addresses = [f"https://example.org/documents/{n}" for n in range(300)]
    items = "".join(f'<li>Point {n}, see <a href="{url}">source {n}</a>.</li>' for n, url in enumerate(addresses))
    doc = build(
        f'<ul>{items}</ul><p>Again <a href="{addresses[7]}">source 7</a> and a note'
        f'<span class="footnote">See <a href="https://example.org/notes/1">the note\'s source</a> '
        f'and <a href="{addresses[7]}">source 7</a>.</span>.</p>'
    )
    links = doc.element.body.findall(".//" + qn("w:hyperlink"))
    ids = [link.get(qn("r:id")) for link in links]
    assert [doc.part.rels[rel_id].target_ref for rel_id in ids] == [*addresses, addresses[7]]
    assert ids[-1] == ids[7] and len(set(ids)) == 300
    assert all(doc.part.rels[rel_id].reltype == RT.HYPERLINK and doc.part.rels[rel_id].is_external for rel_id in ids)
    notes = doc.part.part_related_by(RT.FOOTNOTES)
    note_links = parse_xml(notes.blob).findall(".//" + qn("w:hyperlink"))
    assert [notes.rels[link.get(qn("r:id"))].target_ref for link in note_links] == [
        "https://example.org/notes/1",
        addresses[7],
    ]


def test_blocks_keep_their_order_and_the_section_properties_stay_last():
    """Paragraphs and tables are put straight before the body's w:sectPr (not after a search for it): their order
    is the HTML's, and the section properties stay the body's last element, as Word requires."""
    doc = build("<p>First</p><table><tr><td>cell</td></tr></table><ul><li>one</li><li>two</li></ul><p>Last</p>")
    children = [child.tag.rsplit("}", 1)[1] for child in doc.element.body]
    assert children == ["p", "tbl", "p", "p", "p", "sectPr"]
    assert [p.text for p in body_paragraphs(doc)] == ["First", "one", "two", "Last"]
    assert doc.tables[0].cell(0, 0).text == "cell"


def test_an_isolate_against_the_paragraphs_direction_is_marked_and_one_along_it_is_not():
    """Right-to-left text inside a left-to-right paragraph (and the reverse) sits between RLI (LRI) and PDI, so that
    Word keeps its brackets and the punctuation after it in place; an isolate in the paragraph's own direction and
    one the template already isolated (FSI ... PDI) get no marks."""
    doc = build(
        '<p>Opened by <span dir="rtl">محمد (مصر)</span>, chair.</p>'
        '<p>Also <span dir="ltr">English (UK)</span> here.</p>'
        '<p>Named <span dir="rtl">\u2068سارة\u2069</span> once.</p>'
        '<p dir="rtl">افتتح <em dir="ltr">Opening (1)</em>.</p>'
    )
    texts = [p.text for p in body_paragraphs(doc)]
    assert texts == [
        "Opened by \u2067محمد (مصر)\u2069, chair.",
        "Also English (UK) here.",
        "Named \u2068سارة\u2069 once.",
        "افتتح \u2066Opening (1)\u2069.",
    ]


def test_a_reference_with_a_page_size_but_no_margins_gets_margins_and_its_tables_fit(tmp_path):
    """A reference .docx whose section has a page size and no w:pgMar (made by hand or by another program) gets
    eventkit's margins, and its tables are sized to the width between them (it was a TypeError)."""
    reference = docx.Document(str(REFERENCE))
    section_properties = reference.element.body.find(qn("w:sectPr"))
    for margins in section_properties.findall(qn("w:pgMar")):
        section_properties.remove(margins)
    reference.save(str(tmp_path / "no-margins.docx"))
    doc = build("<table><tr><td>Agenda item</td><td>Speaker</td></tr></table>", tmp_path / "no-margins.docx")
    section = doc.sections[-1]
    assert (section.left_margin.mm, section.right_margin.mm) == pytest.approx((20, 20), abs=0.1)
    assert (section.top_margin.mm, section.bottom_margin.mm) == pytest.approx((25, 25), abs=0.1)
    (table,) = doc.tables
    text_width = section.page_width - section.left_margin - section.right_margin
    assert sum(cell.width for cell in table.rows[0].cells) == pytest.approx(text_width, rel=0.01)
