"""Footnotes in the report's Markdown (``text[^1]`` with ``[^1]: note``): numbered 1, 2 ... through the whole document
across sections, at the foot of their page in the PDF (WeasyPrint's CSS footnotes), real Word footnotes in the DOCX
(read back with python-docx and lxml, and converted by LibreOffice), inert text when hostile, and located ``check``
warnings for a reference without a note.  The event is built once by the real command line."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import event_toml, run_eventkit

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) not installed")

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
FILLER = " ".join(["The delegations exchanged views on the programme of work and its budget."] * 14)

EVENT = event_toml(
    id="footnotes",
    title="Footnoted report",
    date=dt.date(2026, 5, 5),
    end="11:00",
    timezone="UTC",
    report_style="minutes",
    organisers=[{"name": "Org", "email": "o@example.org"}],
    extra=f"""\
[[report.sections]]
heading = "I. Opening"
notes = \"\"\"
The meeting was opened by the Chair. The agenda was adopted.[^adopted]

[^adopted]: As orally amended; see [the amendments](https://example.org/amendments) and *the list*.
\"\"\"

[[report.sections]]
heading = "II. Discussion"
notes = \"\"\"
{FILLER}

{FILLER}

{FILLER}

{FILLER}

The Secretariat presented the report.[^1] Delegations welcomed it.

[^1]: Document NET/2026/4, circulated on 1 May.

Closing words of the discussion.
\"\"\"
""",
)

HOSTILE_NOTE = "<script>alert(1)</script> {{ 7*7 }} [click](javascript:alert(1)) {% raw %}x"
HOSTILE = EVENT.replace("Document NET/2026/4, circulated on 1 May.", HOSTILE_NOTE)


def pdf_text(path: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *pages, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def flat(text: str) -> str:
    return " ".join(text.split())


def word_tops(path: Path, page: int) -> list[tuple[str, float]]:
    """(word, top y in points) of every word on ``page``, from pdftotext -bbox."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [
        (word, float(y)) for y, word in re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)"[^>]*>([^<]*)</word>', html)
    ]


def build(folder: Path, text: str) -> Path:
    (folder / "event.toml").write_text(text, encoding="utf-8")
    result = run_eventkit("report", folder / "event.toml", "-o", folder / "out", "--format", "pdf,docx,html")
    assert result.returncode == 0, result.stderr + result.stdout
    return folder / "out"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("footnotes"), EVENT)


def footnotes_xml(docx_path: Path):
    """The footnotes part (found through the document's relationship, as Word does) as an lxml tree."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    document = docx.Document(str(docx_path))
    rels = [rel for rel in document.part.rels.values() if rel.reltype == RT.FOOTNOTES]
    assert len(rels) == 1, "no footnotes part related to the document"
    return document, rels[0].target_part, etree.fromstring(rels[0].target_part.blob)


def test_pdf_numbers_notes_through_the_document_at_the_foot_of_their_pages(built):
    pdf = built / "report.pdf"
    first, second = flat(pdf_text(pdf, 1)), flat(pdf_text(pdf, 2))
    assert "The agenda was adopted.1" in first  # the call, numbered 1
    assert "The Secretariat presented the report.2 Delegations welcomed it." in second  # 2, in the next section
    assert "1. As orally amended; see the amendments and the list." in first
    assert "2. Document NET/2026/4, circulated on 1 May." in second
    assert "Document NET" not in first and "As orally" not in second
    # at the bottom: after the page's body text, and below every word of it
    for page, body_end, note_start in ((1, "exchanged", "As"), (2, "Closing", "Document")):
        words = word_tops(pdf, page)
        note_top = next(top for word, top in words if word == note_start)
        body_bottom = max(top for word, top in words if word == body_end)
        assert note_top > body_bottom, page
        assert note_top > 0.75 * 842, f"page {page}: the note is not at the foot of the A4 page ({note_top} pt)"
        footer_top = next(top for word, top in words if word == "Page")
        assert note_top < footer_top
    assert "[^" not in pdf_text(pdf)


def test_docx_has_real_word_footnotes_in_document_order(built):
    document, part, notes = footnotes_xml(built / "report.docx")
    ids = [int(n.get(f"{{{W}}}id")) for n in notes.findall("w:footnote", NS)]
    types = [n.get(f"{{{W}}}type") for n in notes.findall("w:footnote", NS)]
    assert types[:2] == ["separator", "continuationSeparator"] and ids[:2] == [-1, 0]
    texts = {int(n.get(f"{{{W}}}id")): "".join(n.itertext()).strip() for n in notes.findall("w:footnote", NS)[2:]}
    assert texts == {
        1: "As orally amended; see the amendments and the list.",
        2: "Document NET/2026/4, circulated on 1 May.",
    }
    for note in notes.findall("w:footnote", NS)[2:]:
        assert note.find("w:p/w:pPr/w:pStyle", NS).get(f"{{{W}}}val") == "FootnoteText"
        assert note.find(".//w:footnoteRef", NS) is not None  # Word writes the number here
    # the note's link is a real hyperlink, related from the footnotes part
    link = notes.find(".//w:hyperlink", NS)
    target = part.rels[link.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")]
    assert target.target_ref == "https://example.org/amendments" and target.is_external
    # the calls: two, in document order, with matching ids, in the right paragraphs, in the reference style
    body = document.element.body
    calls = body.findall(f".//{{{W}}}footnoteReference")
    assert [int(c.get(f"{{{W}}}id")) for c in calls] == [1, 2]
    paragraphs = ["".join(t.text for t in c.getparent().getparent().iter(f"{{{W}}}t")) for c in calls]
    assert paragraphs[0].endswith("The agenda was adopted.")
    assert paragraphs[1] == "The Secretariat presented the report. Delegations welcomed it."
    for call in calls:
        assert call.getparent().find(f"{{{W}}}rPr/{{{W}}}rStyle").get(f"{{{W}}}val") == "FootnoteReference"
    styles = {s.style_id: s for s in document.styles}
    assert styles["FootnoteReference"].font.superscript and styles["FootnoteText"].font.size.pt == 8.5
    with zipfile.ZipFile(built / "report.docx") as archive:
        content_types = archive.read("[Content_Types].xml").decode()
        settings = etree.fromstring(archive.read("word/settings.xml"))
    assert 'PartName="/word/footnotes.xml"' in content_types and "footnotes+xml" in content_types
    assert [int(f.get(f"{{{W}}}id")) for f in settings.findall("w:footnotePr/w:footnote", NS)] == [-1, 0]


def test_libreoffice_reads_the_footnotes(built, tmp_path):
    if shutil.which("soffice") is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI: Debian libreoffice-writer-nogui")
        pytest.skip("LibreOffice (soffice) is not installed")
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(built / "report.docx"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    text = flat(pdf_text(tmp_path / "report.pdf"))
    adopted = text.index("The agenda was adopted.1")
    assert text.index("1 As orally amended; see the amendments and the list.") > adopted
    presented = text.index("The Secretariat presented the report.2")
    assert text.index("2 Document NET/2026/4, circulated on 1 May.") > presented > adopted


def test_html_keeps_the_note_where_it_is_referenced(built):
    html = (built / "report.html").read_text(encoding="utf-8")
    assert (
        'The agenda was adopted.<span class="footnote">As orally amended; see '
        '<a href="https://example.org/amendments">the amendments</a> and <em>the list</em>.</span>'
    ) in html
    assert "[^" not in html


def test_a_hostile_note_stays_inert_text(tmp_path):
    out = build(tmp_path, HOSTILE)
    html = (out / "report.html").read_text(encoding="utf-8")
    note = re.search(r'<span class="footnote">(.*?)</span>', html.split("presented the report.")[1]).group(1)
    assert note == ("&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} [click](javascript:alert(1)) {% raw %}x")
    assert "<script" not in html and "javascript:" not in html.replace("(javascript:alert(1))", "")
    assert "2. <script>alert(1)</script> {{ 7*7 }} [click](javascript:alert(1)) {% raw %}x" in flat(
        pdf_text(out / "report.pdf")
    )
    document, part, notes = footnotes_xml(out / "report.docx")
    assert "".join(notes.findall("w:footnote", NS)[3].itertext()).strip() == HOSTILE_NOTE
    assert notes.find(".//w:hyperlink", NS) is None or all(
        "javascript" not in rel.target_ref for rel in part.rels.values()
    )
    assert "49" not in "".join(document.element.body.itertext())


def test_check_locates_a_reference_without_a_note(tmp_path):
    text = EVENT.replace("Delegations welcomed it.", "Delegations welcomed it.[^later]")
    (tmp_path / "event.toml").write_text(text, encoding="utf-8")
    result = run_eventkit("check", tmp_path / "event.toml")
    output = result.stdout + result.stderr
    row = next(n for n, line in enumerate(text.splitlines(), 1) if "[^later]" in line)
    column = text.splitlines()[row - 1].index("[^later]") + 1
    assert (
        f"event.toml:{row}:{column}: warning: report.sections[2].notes: no footnote [^later] in this text: "
        "printed as written"
    ) in output, output
    assert "footnotes are not supported" not in output
    assert result.returncode == 0


def test_check_is_quiet_about_good_notes_and_warns_about_an_unused_one(tmp_path):
    (tmp_path / "event.toml").write_text(EVENT, encoding="utf-8")
    result = run_eventkit("check", tmp_path / "event.toml")
    assert "warning" not in result.stdout + result.stderr
    text = EVENT.replace("[^1]: Document", "[^old]: Document")
    (tmp_path / "event.toml").write_text(text, encoding="utf-8")
    result = run_eventkit("check", tmp_path / "event.toml")
    output = result.stdout + result.stderr
    row = next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith("[^old]:"))
    assert f"event.toml:{row}:1: warning: report.sections[2].notes: the footnote [^old] is never referenced" in output
    assert "no footnote [^1] in this text" in output


def test_markdown_renders_the_note_at_its_reference_and_no_note_inside_a_note():
    from eventkit.text.markdown import render_markdown

    html = str(render_markdown("A[^a] b[^missing].\n\n[^a]: Note with [^a] inside.\n\n    Second paragraph."))
    assert html == ('<p>A<span class="footnote">Note with [^a] inside.<br>Second paragraph.</span> b[^missing].</p>\n')


def test_a_reference_docx_without_footnote_styles_gets_them(tmp_path):
    import docx

    from eventkit.documents.docx.writer import write_docx

    plain = tmp_path / "plain.docx"
    docx.Document().save(str(plain))  # python-docx's own template: no footnote styles
    html = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>'
        '<p>Text<span class="footnote">The note.</span> more.</p></body></html>'
    )
    (tmp_path / "out.docx").write_bytes(write_docx(html, plain))
    document, _, notes = footnotes_xml(tmp_path / "out.docx")
    styles = {s.style_id: s for s in document.styles}
    assert styles["FootnoteReference"].font.superscript
    assert "".join(notes.findall("w:footnote", NS)[2].itertext()).strip() == "The note."
    assert document.paragraphs[0].text == "Text more."


def test_notes_in_a_table_a_list_a_decision_and_the_closing_keep_the_document_order(tmp_path):
    text = EVENT.replace(FILLER, "Views were exchanged.").replace(
        "The meeting was opened by the Chair.",
        "| Item | Note |\n|---|---|\n| Agenda | Adopted[^t] |\n\n[^t]: In a table.\n\n- A list item[^l]\n\n"
        "[^l]: In a list.\n\nThe meeting was opened by the Chair.",
    )
    text += (
        '\n[[report.decisions]]\ntext = """The budget was approved.[^b]\n\n[^b]: By consensus.\n"""\n'
        '\n[report]\nclosing = """Closed.[^c]\n\n[^c]: At 11:00.\n"""\n'
    )
    out = build(tmp_path, text)
    notes = [
        "In a table.",
        "In a list.",
        "As orally amended; see the amendments and the list.",
        "Document NET/2026/4, circulated on 1 May.",
        "By consensus.",
        "At 11:00.",
    ]
    pdf = flat(pdf_text(out / "report.pdf"))
    assert " ".join(f"{n}. {note}" for n, note in enumerate(notes, 1)) in pdf
    for call in ("Adopted1", "A list item2", "adopted.3", "report.4", "approved.5"):
        assert call in pdf
    assert re.search(r"Closed\. ?6", pdf)  # the closing's letter-spacing: pdftotext may read a space before the call
    document, _, footnotes = footnotes_xml(out / "report.docx")
    body = document.element.body
    assert [int(c.get(f"{{{W}}}id")) for c in body.iter(f"{{{W}}}footnoteReference")] == list(range(1, 7))
    assert ["".join(n.itertext()).strip() for n in footnotes.findall("w:footnote", NS)[2:]] == notes


def test_a_browser_shows_the_note_in_brackets_where_it_is_referenced(built, tmp_path):
    """A browser has no float: footnote: with theme.css (as `eventkit preview` serves it) the note stays in the text,
    small, numbered and in brackets (@media screen)."""
    from headless_chromium import Browser, chromium_path

    if chromium_path() is None:
        pytest.skip("Chromium is not installed")
    shutil.copy(built / "report.html", tmp_path / "report.html")
    shutil.copy(Path(__file__).resolve().parent.parent / "templates" / "theme.css", tmp_path / "theme.css")
    browser = Browser(chromium_path())
    try:
        browser.navigate((tmp_path / "report.html").as_uri())
        browser.wait_for("document.readyState === 'complete'")
        notes = "Array.from(document.querySelectorAll('.footnote'))"
        assert browser.evaluate(f"{notes}.map(n => getComputedStyle(n).float)") == ["none", "none"]
        assert (
            browser.evaluate(f"{notes}.map(n => getComputedStyle(n, '::before').content)")
            == ['" [" counter(eventkit-footnote) ": "'] * 2
        )
        sizes = browser.evaluate(
            f"{notes}.map(n => parseFloat(getComputedStyle(n).fontSize) "
            "/ parseFloat(getComputedStyle(n.parentElement).fontSize))"
        )
        assert all(size < 0.85 for size in sizes)
        assert "The agenda was adopted.As orally amended" in browser.evaluate("document.body.innerText")
    finally:
        browser.close()


def test_a_note_inside_a_note_of_a_template_is_written_into_the_outer_note(tmp_path):
    """Markdown never nests notes, but a template of a user's could: Word has no footnote inside a footnote."""
    from eventkit.documents.docx.writer import write_docx

    html = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>'
        '<p>A<span class="footnote">outer <b>bold</b><span class="footnote">inner</span></span> end.</p>'
        "</body></html>"
    )
    (tmp_path / "out.docx").write_bytes(
        write_docx(html, Path(__file__).resolve().parent.parent / "templates" / "reference.docx")
    )
    document, _, notes = footnotes_xml(tmp_path / "out.docx")
    assert len(notes.findall("w:footnote", NS)) == 3
    assert notes.find(".//w:footnoteReference", NS) is None
    assert "".join(notes.findall("w:footnote", NS)[2].itertext()).strip() == "outer bold inner"
    assert document.paragraphs[0].text == "A end."


def test_check_says_a_one_paragraph_lead_has_no_footnotes(tmp_path):
    text = EVENT.replace('heading = "I. Opening"', 'heading = "I. Opening"\nlead = "Opened on time.[^t]"')
    (tmp_path / "event.toml").write_text(text, encoding="utf-8")
    result = run_eventkit("check", tmp_path / "event.toml")
    row = next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith("lead = "))
    assert (
        f"event.toml:{row}:24: warning: report.sections[1].lead: footnotes are not supported in a one-paragraph "
        "field: '[^t]' is printed as text"
    ) in result.stderr, result.stderr
    assert "no footnote" not in result.stderr
