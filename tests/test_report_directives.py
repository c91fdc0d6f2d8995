"""The report's directives and the record's wording (issue #20), on a small minutes event: the directives' syntax,
their checks (located in the event file and in the notes file), directives inert outside the report, decisions with
votes, officers labelled by their titles, co-presenters, deferred agenda items, the masthead, the DRAFT mark, links
on every top-level domain, empty columns and header rows, and the table widths both writers share.

Documents are made by the real writers (HTML → PDF with WeasyPrint, DOCX with python-docx) and read back with
python-docx, pdftotext and pikepdf."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, event_toml, run_eventkit

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) not installed")

EVENT = event_toml(
    id="board",
    title="Board meeting",
    report_style="minutes",
    date=dt.date(2024, 5, 6),
    timezone="Europe/Zurich",
    organisers=[{"name": "Board Secretariat", "email": "sec@example.org"}],
    extra="""\
[people.ana]
name = "Ana Costa"
title = "Co-Chair"
organisation = "Org A"

[people.ben]
name = "Ben Li"
title = "Treasurer"
organisation = "Org B"

[people.cara]
name = "Cara Ng"
organisation = "Org C"

[[agenda]]
id = "budget"
title = "Budget"
start = "10:00"
end = "11:00"

[[agenda]]
id = "statutes"
title = "Statutes"
start = "11:00"
end = "12:00"
status = "deferred"

[report]
heading = false
symbol = "BRD/2024/2"
distribution = "Restricted"
original_language = "English"
source = "Board Secretariat"
working_groups = "Finance"
contacts = "Write to a@who.int."

[report.officers]
co_chairs = ["ana"]
secretariat = ["cara"]
labels_from_titles = true

[[report.sections]]
session = "budget"
lead = false
notes = \"\"\"
The budget was presented[^1].

::: {.decisions numbers="[5]" layout="paragraphs"}
:::

Discussion went on.

[^1]: Document BRD/2024/2/Add.1.
\"\"\"

[[report.sections.blocks]]
person = ["ana", "ben"]
separator = "; "
notes = "- Presented the accounts."

[[report.sections]]
session = "statutes"

[[report.decisions]]
number = "[5]"
text = "The budget is approved."
votes_for = 4
votes_against = 0
abstentions = 1

[[report.decisions]]
text = "The auditors are thanked."
unanimous = true

[[report.actions]]
action = "Ana Costa to send the approved budget to the members."
""",
)


def write(tmp_path: Path, text: str = EVENT, notes: str | None = None) -> Path:
    path = tmp_path / "board.toml"
    path.write_text(text, encoding="utf-8")
    if notes is not None:
        (tmp_path / "board.notes.md").write_text(notes, encoding="utf-8")
    return path


def documents(tmp_path: Path, kind: str = "report", draft: bool = False, text: str = EVENT) -> tuple[str, Path, Path]:
    """The HTML, DOCX and PDF of one document of the event."""
    from eventkit.documents.docx.writer import write_docx
    from eventkit.documents.kinds import render_html
    from eventkit.documents.pdf.writer import write_pdf
    from eventkit.event.load import load_event
    from eventkit.resources import templates_dir

    html = render_html(load_event(write(tmp_path, text)), kind, draft=draft)
    docx_path, pdf_path = tmp_path / f"{kind}.docx", tmp_path / f"{kind}.pdf"
    docx_path.write_bytes(write_docx(html, templates_dir() / "reference.docx"))
    pdf_path.write_bytes(write_pdf(html, templates_dir()))
    return html, docx_path, pdf_path


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def paragraphs(path: Path) -> list[str]:
    import docx

    return [p.text for p in docx.Document(str(path)).paragraphs if p.text.strip()]


def test_directive_syntax():
    from eventkit.text.directives import Directive, directive_problems, split_directives, strip_directives

    text = (
        "Intro[^n]\n\n::: {.participants columns=\"name,affiliation\" headings='Name | Role'}\n:::\n\nAfter.\n\n"
        "```\n::: not-a-directive\n```\n::: actions\n:::\n\n[^n]: The note.\n"
    )
    parts = split_directives(text)
    assert [p.name if isinstance(p, Directive) else p.strip()[:5] for p in parts] == [
        "Intro",
        "participants",
        "After",
        "actions",
    ]
    assert parts[1].options == {"columns": "name,affiliation", "headings": "Name | Role"} and parts[1].line == 3
    assert "[^n]: The note." in parts[0]  # the note cited before the directive still prints
    assert ":::" not in strip_directives(text).replace("::: not-a-directive", "")
    assert directive_problems(text) == []
    problems = directive_problems("::: {.a x=}\n:::\n\n::: b\ntext\n:::\n\n::: c\n")
    assert [(p.line, p.message.split(" ")[0]) for p in problems] == [
        (1, "cannot"),
        (2, "':::'"),
        (5, "text"),
        (8, "':::"),
    ]
    assert problems[-1].message == "'::: c' is never closed"


def test_directives_are_checked_where_they_are_written(tmp_path):
    from eventkit.event.load import check_event

    text = (
        EVENT.replace('numbers="[5]" layout="paragraphs"', 'numbers="[9]" layot="paragraphs"')
        + '\n[[report.sections]]\nid = "extra"\nheading = "Extra"\nnotes = "::: partcipants\\n:::"\n'
    )
    result = check_event(write(tmp_path, text))
    errors = [f"{p.line}:{p.column}: {p.message} ({p.hint})" for p in result.errors]
    assert result.event is None
    line = text.splitlines().index('::: {.decisions numbers="[9]" layot="paragraphs"}') + 1
    assert f"{line}:1: 'decisions' has no option 'layot' (did you mean 'layout'?)" in errors
    assert any(e.startswith(f"{line}:1: no decision numbered '[9]'") for e in errors)
    assert any("no generated block 'partcipants' (did you mean 'participants'?)" in e for e in errors)

    notes = '## budget\n\nText.\n\n::: {.participants columns="name,funktion"}\n:::\n'
    result = check_event(
        write(tmp_path, EVENT.replace("heading = false", 'heading = false\nnotes_file = "board.notes.md"'), notes)
    )
    assert [f"{Path(p.file).name}:{p.line}:{p.column}: {p.message}" for p in result.errors] == [
        "board.notes.md:5:1: no column 'funktion' in 'participants'"
    ]


def test_directives_print_nothing_outside_the_report(tmp_path):
    from eventkit.event.load import check_event

    text = EVENT.replace(
        "[people.ana]", '[concept]\nbackground = "Why.\\n\\n::: actions\\n:::\\n\\nMore."\n\n[people.ana]'
    )
    result = check_event(write(tmp_path, text))
    assert result.event is not None
    assert any("'::: actions' prints nothing here" in p.message for p in result.warnings)
    html, _, pdf = documents(tmp_path, "concept-note", text=text)
    assert ":::" not in html and "Why." in pdf_text(pdf) and "More." in pdf_text(pdf)
    assert "Ana Costa to send" not in pdf_text(pdf)


def test_decision_with_vote_and_number_where_the_record_puts_it(tmp_path):
    html, docx_path, pdf_path = documents(tmp_path)
    texts = paragraphs(docx_path)
    at = texts.index("The budget was presented.")
    assert texts[at + 1 : at + 5] == [
        "Decision [5]",
        "The budget is approved.",
        "Vote: 4 in favour, 0 against, 1 abstention",
        "Discussion went on.",
    ]
    flat = " ".join(pdf_text(pdf_path).split())
    assert (
        "The budget was presented. Decision [5] The budget is approved. Vote: 4 in favour, 0 against, 1 "
        "abstention Discussion went on." in flat.replace("presented1.", "presented.")
    )
    # the decision not placed stays in the table after the sections, with its vote, numbered as in the list
    import docx

    table = next(t for t in docx.Document(str(docx_path)).tables if t.rows[0].cells[1].text == "Decision")
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["No.", "Decision", "Vote"],
        ["2", "The auditors are thanked.", "Adopted unanimously"],
    ]


def test_masthead_officers_by_title_co_presenters_and_deferred_item(tmp_path):
    html, docx_path, pdf_path = documents(tmp_path)
    texts = paragraphs(docx_path)
    assert "Symbol: BRD/2024/2\nDistr.: Restricted\nOriginal: English" in texts
    for line in (
        "Source: Board Secretariat",
        "Working group(s): Finance",
        "Write to a@who.int.",
        "Co-Chair: Ana Costa, Co-Chair, Org A",
        "Secretariat: Cara Ng, Org C",
        "Ana Costa, Co-Chair, Org A; Ben Li, Treasurer, Org B",
        "Statutes (deferred)",
    ):
        assert any(line in t for t in texts), line
    assert "This item was deferred." not in " ".join(texts)
    # the action's owner, due date and status are empty: their columns are dropped
    import docx

    actions = next(t for t in docx.Document(str(docx_path)).tables if t.rows[0].cells[-1].text == "Action")
    assert [c.text for c in actions.rows[0].cells] == ["No.", "Action"]
    # in the agenda, the deferred item is marked, and its calendar entry is cancelled
    _, agenda_docx, _ = documents(tmp_path, "agenda")
    assert any(
        "Statutes (deferred)" in t
        for t in [c.text for t in docx.Document(str(agenda_docx)).tables for row in t.rows for c in row.cells]
    )
    from eventkit.calendar.entries import session_entry
    from eventkit.event.load import load_event

    event = load_event(tmp_path / "board.toml")
    assert session_entry(event, event.session("statutes")).status == "CANCELLED"


def test_an_int_address_is_a_mailto_link_in_pdf_and_docx(tmp_path):
    import docx
    import pikepdf
    from docx.oxml.ns import qn

    _, docx_path, pdf_path = documents(tmp_path)
    document = docx.Document(str(docx_path))
    targets = [document.part.rels[h.get(qn("r:id"))].target_ref for h in document.element.body.iter(qn("w:hyperlink"))]
    assert "mailto:a@who.int" in targets
    with pikepdf.open(pdf_path) as pdf:
        uris = [str(a.A.URI) for page in pdf.pages for a in page.get("/Annots", []) if "/A" in a and "/URI" in a.A]
    assert "mailto:a@who.int" in uris


def test_draft_marks_every_pdf_page_and_the_word_header(tmp_path):
    import docx
    import pypdf

    text = EVENT + '\n[[report.sections]]\nheading = "Long"\nnotes = "' + "Long text. " * 800 + '"\n'
    _, docx_path, pdf_path = documents(tmp_path, draft=True, text=text)
    pages = [page.extract_text() for page in pypdf.PdfReader(pdf_path).pages]  # pdftotext splits rotated text
    assert len(pages) >= 2 and all("DRAFT" in page for page in pages)
    document = docx.Document(str(docx_path))
    header = document.sections[0].header._element
    paths = [e for e in header.iter() if e.tag.endswith("}textpath") and e.get("string") == "DRAFT"]
    assert paths, "no watermark in the header"
    assert "DRAFT" not in " ".join(paragraphs(docx_path))  # a watermark, not body text
    # without --draft: no mark; with [report] draft = true: the report only
    _, _, plain = documents(tmp_path)
    assert "DRAFT" not in pypdf.PdfReader(plain).pages[0].extract_text()
    _, _, marked = documents(tmp_path, text=EVENT.replace("heading = false", "heading = false\ndraft = true"))
    assert "DRAFT" in pypdf.PdfReader(marked).pages[0].extract_text()


def test_draft_option_of_the_command_line(tmp_path):
    path = write(tmp_path)
    result = run_eventkit("report", path, "-o", tmp_path / "out", "--draft", "--format", "pdf")
    assert result.returncode == 0, result.stderr
    import pypdf

    assert "DRAFT" in pypdf.PdfReader(tmp_path / "out" / "report.pdf").pages[0].extract_text()


def test_empty_column_labels_drop_the_header_row(tmp_path):
    import docx

    text = EVENT + '\n[labels]\ncolumn_number = ""\ncolumn_action = ""\n'
    html, docx_path, _ = documents(tmp_path, text=text)
    actions = next(t for t in docx.Document(str(docx_path)).tables if "Ana Costa to send" in t.rows[0].cells[-1].text)
    assert len(actions.rows) == 1 and "<thead" not in html.split('actions generated">')[1].split("</table>")[0]
    # a table of the participant list whose every label is "" has no header row either
    people = EVENT + '\n[labels]\ncolumn_name = ""\ncolumn_function = ""\ncolumn_organisation = ""\n'
    html, docx_path, _ = documents(tmp_path, "participants", text=people)
    assert "<thead" not in html and "<th" not in html


def test_table_widths_are_computed_once_for_both_writers(tmp_path):
    import docx

    text = EVENT.replace(
        'notes = """\nThe budget was presented[^1].',
        'notes = """\n| Label | A long description of the item that needs most of the width |\n'
        "|---|---|\n| x | y |\n\nThe budget was presented[^1].",
    )
    html, docx_path, _ = documents(tmp_path, text=text)
    shares = [
        float(s)
        for s in re.findall(
            r'<col style="width: ([\d.]+)%">', html.split('<table class="sized">')[1].split("</colgroup>")[0]
        )
    ]
    assert len(shares) == 2 and shares[0] < 20
    table = docx.Document(str(docx_path)).tables[0]
    widths = [c.width for c in table.rows[0].cells]
    assert abs(widths[0] / sum(widths) * 100 - shares[0]) < 0.5
    theme = (ROOT / "templates" / "theme.css").read_text(encoding="utf-8")
    assert "table.sized { table-layout: fixed; }" in theme  # the PDF takes the same widths


def test_participants_columns_people_and_a_speakers_line_placed_by_directives(tmp_path):
    from eventkit.documents.kinds import render_html
    from eventkit.event.load import load_event

    text = (
        EVENT.replace("heading = false", 'heading = false\nannexes = [{ id = "list", title = "Present" }]')
        + '''
[report.attendance]
present = ["ana", "ben"]
excused = ["cara"]

[[report.sections]]
id = "words"
heading = "Words"
notes = """
::: {.speakers people="ben ana" as="lead" separator=" / "}
:::

Text.
"""
'''
    )
    notes = '## list\n\nThose present:\n\n::: {.participants columns="number,name,role" headings="# | Name | Office" people="present"}\n:::\n'
    path = write(tmp_path, text.replace("heading = false", 'heading = false\nnotes_file = "board.notes.md"', 1), notes)
    html = render_html(load_event(path), "report")
    annex = html.split("Annex 1: Present")[1]
    assert annex.index("Those present:") < annex.index("<table")
    rows = [
        re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
        for row in re.findall(r"<tr>(.*?)</tr>", annex.split("</table>")[0], re.S)
    ]
    assert rows == [["#", "Name", "Office"], ["1", "Ana Costa", "Co-Chair"], ["2", "Ben Li", ""]]
    words = html.split("<h2>Words</h2>")[1]
    assert (
        '<p class="speakers"><strong><bdi dir="ltr">Ben Li, Treasurer, Org B / Ana Costa, Co-Chair, Org A</bdi></strong></p>'
        in words
    )
    assert words.index('class="speakers"') < words.index("Text.")
