"""Real meeting records: Markdown tables, sections in meeting order, co-presenters, labels switched off, minutes
with officers, attendance, decisions and action items, annexes with content, every participant listed, and the
report body in a Markdown notes file.  A small event is built once by the real command line; the tests read the
DOCX back with python-docx and the PDF with pdftotext."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import event_toml, run_eventkit

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) not installed")

EVENT = event_toml(
    id="network-meeting",
    title="Network meeting",
    report_style="minutes",
    date=dt.date(2021, 5, 4),
    start="14:00",
    end="16:00",
    timezone="Europe/Zurich",
    platform="Zoom",
    organisers=[{"name": "Network Secretariat", "email": "sec@example.org"}],
    extra="""\
[people.ana]
name = "Ana Костова"
title = "Director"
organisation = "Org A"
email = "ana@example.org"
bio = "Bio."

[people.ben]
name = "Ben 李"
organisation = "Org A"
email = "ben@example.org"
bio = "Bio."

[people.cara]
name = "Cara Ng"
organisation = "Org B"

[people.dan]
name = "Dan ანა"
title = "Independent expert"

[[delegations]]
name = "Org A"
members = ["ana", "ben"]

[[delegations]]
name = "Org B"
members = ["cara"]
invite = false

[[agenda]]
id = "item-1"
title = "Adoption of the agenda"
start = "14:00"
end = "14:10"
moderators = ["ana"]

[[agenda]]
id = "item-2"
title = "Presentations"
start = "14:10"
end = "15:00"
speakers = ["ana", "ben"]

[[agenda]]
id = "item-3"
title = "Budget"
start = "15:00"
end = "15:30"

[report]
heading = false
closing = "Recording at https://example.org/recording; questions to sec@example.org; the notes are in notes.md."
symbol = "NET/2021/3"
issued = 2021-05-10
annexes = [{ content = "participants", grouping = "flat" }, "Slides"]

[report.officers]
chair = "ana"
co_chairs = ["ben"]
secretariat = ["cara"]
minute_takers = ["cara"]

[report.attendance]
excused = ["dan"]

[[report.sections]]
session = "item-1"
lead = ""
notes = \"\"\"
| Item | Owner | Votes |
|:-----|:-----:|------:|
| **Agenda** | [Ana](https://example.org/ana) | 12 |
| Minutes | Ben | 3 |
\"\"\"

[[report.sections]]
session = "item-2"

[[report.sections.blocks]]
text = "The Chair introduced the presentations."

[[report.sections.blocks]]
person = ["ana", "ben"]
notes = \"\"\"
- First point
  - nested under it
    - deeper
- Second point
\"\"\"

[[report.sections.blocks]]
text = "A discussion followed the presentations."

[[report.sections]]
session = "item-3"
status = "deferred"

[[report.actions]]
action = "Circulate the slides"
owner = "ben"
due = 2021-05-20
status = "open"

[[report.actions]]
action = "Prepare the **budget**"
owner = "Secretariat"
due = 2021-06-01
status = "in progress"
links = [{ text = "Budget draft", url = "https://example.org/budget" }]

[[report.decisions]]
text = "The agenda was adopted."
session = "item-1"
""",
)


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def flat(text: str) -> str:
    return " ".join(text.split())


def build(tmp_path: Path, text: str, *extra: tuple[str, str]) -> Path:
    (tmp_path / "event.toml").write_text(text, encoding="utf-8")
    for name, content in extra:
        (tmp_path / name).write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    result = run_eventkit("build", tmp_path / "event.toml", "-o", out, "--no-invite")
    assert result.returncode == 0, result.stderr + result.stdout
    return out


def check_output(tmp_path: Path, text: str) -> str:
    """What `eventkit check` prints for the event ``text``."""
    (tmp_path / "event.toml").write_text(text, encoding="utf-8")
    result = run_eventkit("check", tmp_path / "event.toml")
    return result.stdout + result.stderr


def row_of(text: str, line: str) -> int:
    return next(n for n, candidate in enumerate(text.splitlines(), 1) if candidate == line)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("minutes"), EVENT)


def body_order(document) -> list[str]:
    """Every paragraph's text in body order, table cells included."""
    from docx.oxml.ns import qn

    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in document.element.body.iter(qn("w:p"))]


def test_markdown_pipe_table_is_a_word_table_and_in_order_in_the_pdf(built):
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    document = docx.Document(str(built / "report.docx"))
    table = next(t for t in document.tables if t.cell(0, 0).text == "Item")
    assert table._tbl.tag == qn("w:tbl")
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Item", "Owner", "Votes"],
        ["Agenda", "Ana", "12"],
        ["Minutes", "Ben", "3"],
    ]
    assert table.rows[0]._tr.find(qn("w:trPr") + "/" + qn("w:tblHeader")) is not None  # repeats on each page
    assert table.cell(1, 2).paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert table.cell(1, 1).paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert any(r.bold for r in table.cell(1, 0).paragraphs[0].runs)  # **Agenda**
    assert table.cell(1, 1)._tc.findall(".//" + qn("w:hyperlink"))  # [Ana](...)
    text = flat(pdf_text(built / "report.pdf"))
    assert "Item Owner Votes Agenda Ana 12 Minutes Ben 3" in text
    assert "|" not in text


def test_minutes_front_block_decisions_and_actions(built):
    import docx

    document = docx.Document(str(built / "report.docx"))
    actions = next(t for t in document.tables if t.cell(0, 1).text == "Action")
    rows = [[c.text for c in row.cells] for row in actions.rows]
    assert rows[0] == ["No.", "Action", "Owner", "Due", "Status"]
    assert rows[1] == ["1", "Circulate the slides", "Ben 李", "20 May 2021", "open"]
    assert rows[2][:1] + rows[2][2:] == ["2", "Secretariat", "1 June 2021", "in progress"]
    assert rows[2][1].startswith("Prepare the budget") and "Budget draft" in rows[2][1]
    decisions = next(t for t in document.tables if t.cell(0, 1).text == "Decision")
    assert [c.text for c in decisions.rows[1].cells] == ["1", "The agenda was adopted.", "Adoption of the agenda"]
    text = flat(pdf_text(built / "report.pdf"))
    for line in (
        "Symbol: NET/2021/3",
        "Date of issue: 10 May 2021",
        "Chair: Ana Костова, Director, Org A",
        "Co-chair: Ben 李, Org A",
        "Secretariat: Cara Ng, Org B",
        "Minutes taken by: Cara Ng, Org B",
        "Present: 3 participants",
        "Excused: Dan ანა",
        "Budget (deferred)",
        "Circulate the slides Ben 李 20 May 2021 open",
    ):
        assert line in text, line
    assert "MINUTES" not in text  # heading = false


def test_section_order_co_presenters_nesting_and_switched_off_lead(built):
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(built / "report.docx"))
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    texts = [p.text for p in paragraphs]
    start = texts.index("Presentations")
    assert texts[start + 1 : start + 8] == [
        "The Chair introduced the presentations.",
        "Ana Костова, Director, Org A and Ben 李, Org A",
        "First point",
        "nested under it",
        "deeper",
        "Second point",
        "A discussion followed the presentations.",
    ]
    levels = [
        int(p._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:ilvl')}").get(qn("w:val")))
        for p in paragraphs[start + 3 : start + 7]
    ]
    assert levels == [0, 1, 2, 0]
    assert paragraphs[start + 2].style.name == "Heading 3"
    adoption = texts.index("Adoption of the agenda")
    assert not texts[adoption + 1].startswith("Moderated by")  # lead = "" is empty, not the default
    text = flat(pdf_text(built / "report.pdf"))
    assert text.index("Second point") < text.index("A discussion followed the presentations.")
    assert "Ana Костова, Director, Org A and Ben 李, Org A" in text


def test_person_in_no_delegation_is_listed_in_participants_and_the_annex(built):
    import docx

    for name in ("participants", "report"):
        document = docx.Document(str(built / f"{name}.docx"))
        assert "Dan ანა" in "\n".join(body_order(document)), name
        assert "Dan ანა" in pdf_text(built / f"{name}.pdf"), name
    participants = docx.Document(str(built / "participants.docx"))
    assert "Other participants" in [p.text for p in participants.paragraphs]
    report = docx.Document(str(built / "report.docx"))
    flat_table = next(t for t in report.tables if len(t.columns) == 4 and t.cell(0, 3).text == "Delegation")
    assert [c.text for c in flat_table.rows[-1].cells] == ["Dan ანა", "Independent expert", "", ""]
    assert "Annex 1: List of participants" in [p.text for p in report.paragraphs]
    assert "Annexes: List of participants, Slides" in flat(pdf_text(built / "report.pdf"))


def test_check_of_the_event_and_no_warning_for_uninvited_delegation(tmp_path):
    (tmp_path / "event.toml").write_text(EVENT, encoding="utf-8")
    result = run_eventkit("check", tmp_path / "event.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "cara" not in result.stdout + result.stderr  # invite = false: no "no e-mail" warning
    # in no delegation, not a speaker: invited like everyone else (issue #18), so his missing e-mail is said
    assert "'dan' has no e-mail and will get no invitation" in result.stdout + result.stderr


def test_people_list_and_person_string_both_accepted(tmp_path):
    text = EVENT.replace('person = ["ana", "ben"]', 'people = ["ana", "ben"]')
    from eventkit.event.load import check_event

    (tmp_path / "event.toml").write_text(text, encoding="utf-8")
    from eventkit.language.localise import Localiser

    event = check_event(tmp_path / "event.toml").event
    block = event.report_sections[1].body[1]
    assert Localiser(event).speakers_line(block.people) == "Ana Костова, Director, Org A and Ben 李, Org A"
    french = check_event(tmp_path / "event.toml").event
    french = dataclasses.replace(french, event=dataclasses.replace(french.event, language="fr"))
    assert Localiser(french).speakers_line(block.people) == "Ana Костова, Director, Org A et Ben 李, Org A"
    (tmp_path / "event.toml").write_text(text.replace('people = ["ana", "ben"]', 'person = "ben"'), encoding="utf-8")
    event = check_event(tmp_path / "event.toml").event
    assert Localiser(event).speakers_line(event.report_sections[1].body[1].people) == "Ben 李, Org A"


def test_unknown_co_presenter_is_located_in_the_list(tmp_path):
    text = EVENT.replace('person = ["ana", "ben"]', 'person = ["ana", "bne"]')
    (tmp_path / "event.toml").write_text(text, encoding="utf-8")
    result = run_eventkit("check", tmp_path / "event.toml")
    assert result.returncode == 1
    row = next(n for n, line in enumerate(text.splitlines(), 1) if '"bne"' in line)
    column = text.splitlines()[row - 1].index('"bne"') + 1
    assert (
        f"event.toml:{row}:{column}: report.sections[2].blocks[2].person[2]: no person 'bne' (did you mean 'ben'?)"
        in result.stdout + result.stderr
    )


def test_check_warns_about_markdown_printed_as_raw_syntax(tmp_path):
    text = EVENT.replace(
        'text = "A discussion followed the presentations."',
        'text = """\nA discussion <b>followed</b>.\n\n| no | separator |\n| a | b |\n\n![logo](https://x.org/a.png)\n"""',
    )
    (tmp_path / "event.toml").write_text(text, encoding="utf-8")
    result = run_eventkit("check", tmp_path / "event.toml")
    out = result.stdout + result.stderr
    lines = text.splitlines()
    start = next(n for n, line in enumerate(lines, 1) if line == "A discussion <b>followed</b>.")
    path = "report.sections[2].blocks[3].text"
    assert f"event.toml:{start}:14: warning: {path}: raw HTML <b> is not interpreted" in out
    assert f"event.toml:{start + 2}:1: warning: {path}: this looks like a table row but is printed as text" in out
    assert (
        f"event.toml:{start + 5}:9: warning: {path}: remote images are never fetched: the Markdown is printed as text"
        in out
    )
    assert run_eventkit("check", "--strict", tmp_path / "event.toml").returncode == 1


def test_check_warns_about_an_item_indented_but_not_nested(tmp_path):
    text = EVENT.replace("- First point\n  - nested under it", "1. First point\n  - looks nested, is not")
    row = row_of(text, "  - looks nested, is not")
    assert (
        f"event.toml:{row}:3: warning: report.sections[2].blocks[2].notes: this item is indented but not nested"
        in check_output(tmp_path, text)
    )


NOTES = """\
## item-2

The Chair introduced the presentations.

### @ana @ben
- First point
  - nested under it

---

A discussion followed the presentations.

### @cara: Org B (observer)
| Country | Count |
|---|--:|
| Georgia | 3 |

## item-3

Text of the budget item.
"""


def test_notes_file_holds_the_report_body(tmp_path):
    text = EVENT.replace("heading = false\n", 'heading = false\nnotes_file = "event.notes.md"\n')
    start = text.index('[[report.sections]]\nsession = "item-2"')
    end = text.index('[[report.sections]]\nsession = "item-3"')
    text = text[:start] + text[end:]
    out = build(tmp_path, text, ("event.notes.md", NOTES))
    import docx

    document = docx.Document(str(out / "report.docx"))
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    start = texts.index("Presentations")
    assert texts[start : start + 7] == [
        "Presentations",
        "The Chair introduced the presentations.",
        "Ana Костова, Director, Org A and Ben 李, Org A",
        "First point",
        "nested under it",
        "A discussion followed the presentations.",
        "Cara Ng, Org B (observer)",
    ]
    assert texts.index("Presentations") < texts.index("Budget (deferred)") < texts.index("Text of the budget item.")
    table = next(t for t in document.tables if t.cell(0, 0).text == "Country")
    assert [c.text for c in table.rows[1].cells] == ["Georgia", "3"]


@pytest.mark.parametrize(
    "notes, expected",
    [
        ("## item-9\ntext\n", "event.notes.md:1:4: '## item-9': no report section or agenda session with this id"),
        ("## item-2\n\n### @ana @bne\n- x\n", "event.notes.md:3:10: no person 'bne' (did you mean 'ben'?)"),
        (
            "Some text\n## item-2\n",
            "event.notes.md:1:1: text before the first '## <section-id>' line belongs to no section",
        ),
        ("## item-2\n\nSee <span>this</span>.\n", "event.notes.md:3:5: warning: raw HTML <span> is not interpreted"),
        ("## item-2\n\nA bell\x07 here\n", "event.notes.md:3:7: the file contains the control character U+0007"),
    ],
)
def test_notes_file_problems_are_located_in_it(tmp_path, notes, expected):
    text = EVENT.replace("heading = false\n", 'heading = false\nnotes_file = "event.notes.md"\n')
    (tmp_path / "event.toml").write_text(text, encoding="utf-8")
    (tmp_path / "event.notes.md").write_text(notes, encoding="utf-8")
    result = run_eventkit("check", tmp_path / "event.toml")
    out = result.stdout + result.stderr
    assert expected in out.replace(str(tmp_path) + "/", ""), out
    assert result.returncode == (0 if "warning" in expected else 1)


def test_missing_notes_file_points_at_the_field(tmp_path):
    text = EVENT.replace("heading = false\n", 'heading = false\nnotes_file = "missing.md"\n')
    (tmp_path / "event.toml").write_text(text, encoding="utf-8")
    result = run_eventkit("check", tmp_path / "event.toml")
    row = next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith("notes_file"))
    assert result.returncode == 1
    assert (
        f"event.toml:{row}:14: report.notes_file: no file 'missing.md' beside the event file"
        in result.stdout + result.stderr
    )


def test_flat_participant_list_keeps_everyone(tmp_path):
    import docx

    text = EVENT.replace('platform = "Zoom"\n', 'platform = "Zoom"\nparticipant_list = "flat"\n')
    (tmp_path / "event.toml").write_text(text, encoding="utf-8")
    result = run_eventkit("participants", tmp_path / "event.toml", "-o", tmp_path / "out", "--format", "docx")
    assert result.returncode == 0, result.stderr
    document = docx.Document(str(tmp_path / "out" / "participants.docx"))
    assert len(document.tables) == 1
    assert [[c.text for c in row.cells] for row in document.tables[0].rows] == [
        ["Name", "Function", "Organisation", "Delegation"],
        ["Ana Костова", "Director", "Org A", "Org A"],
        ["Ben 李", "", "Org A", "Org A"],
        ["Cara Ng", "", "Org B", "Org B"],
        ["Dan ანა", "Independent expert", "", ""],
    ]


@pytest.mark.parametrize(
    "block, message",
    [
        ('[[report.sections.blocks]]\ntext = "x"\nperson = "ana"\n', "a block is one of: text"),
        ('[[report.sections.blocks]]\naffiliation = "x"\n', "an empty block"),
        ('[[report.sections.speakers]]\nnotes = "x"\n', "a speaker block needs person"),
        ('[[report.sections.speakers]]\nperson = "ana"\ntext = "x"\n', "free text and generated content go in"),
    ],
)
def test_malformed_blocks_are_located_errors(tmp_path, block, message):
    text = EVENT.replace('[[report.sections]]\nsession = "item-3"', block + '\n[[report.sections]]\nsession = "item-3"')
    (tmp_path / "event.toml").write_text(text, encoding="utf-8")
    result = run_eventkit("check", tmp_path / "event.toml")
    assert result.returncode == 1
    line = next(line for line in (result.stdout + result.stderr).splitlines() if message in line)
    assert re.match(r".*event\.toml:\d+:\d+: report\.sections\[2\]\.(blocks|speakers)\[\d\]", line), line


def test_fixed_labels_can_be_replaced_or_switched_off(tmp_path):
    text = EVENT + '\n[labels]\ndecisions = ""\nactions = "Follow-up"\nattendance_present = "Attending:"\n'
    (tmp_path / "event.toml").write_text(text, encoding="utf-8")
    result = run_eventkit("report", tmp_path / "event.toml", "-o", tmp_path / "out", "--format", "pdf")
    assert result.returncode == 0, result.stderr
    words = flat(pdf_text(tmp_path / "out" / "report.pdf"))
    assert "Decisions" not in words and "Follow-up" in words and "Attending: 3 participants" in words


def test_table_in_a_one_paragraph_lead_is_a_located_warning(tmp_path):
    text = EVENT.replace('lead = ""', 'lead = """\n| a | b |\n|---|---|\n| 1 | 2 |\n"""')
    row = row_of(text, "| a | b |")
    assert (
        f"event.toml:{row}:1: warning: report.sections[1].lead: a table in a one-paragraph field is printed as plain text"
        in check_output(tmp_path, text)
    )


def test_actions_print_in_every_style_and_minutes_only_fields_warn(tmp_path):
    import docx

    text = EVENT.replace('report_style = "minutes"', 'report_style = "summary-report"')
    (tmp_path / "event.toml").write_text(text, encoding="utf-8")
    check = run_eventkit("check", tmp_path / "event.toml")
    assert "warning: report.officers: report.officers is printed only in minutes" in check.stdout + check.stderr
    result = run_eventkit("report", tmp_path / "event.toml", "-o", tmp_path / "out", "--format", "docx")
    assert result.returncode == 0, result.stderr
    document = docx.Document(str(tmp_path / "out" / "report.docx"))
    actions = next(t for t in document.tables if t.cell(0, 1).text == "Action")
    assert [c.text for c in actions.rows[1].cells] == ["1", "Circulate the slides", "Ben 李", "20 May 2021", "open"]


def test_markdown_with_a_lone_carriage_return_is_checked_without_a_crash(tmp_path, scaffold_text):
    """Found by the fuzz test: markdown-it ends a line at a lone CR, so an HTML block after one sat on a line
    the lint did not count (IndexError). Lines are now counted as markdown-it counts them."""
    from eventkit.text.lint import markdown_findings

    text = "- [ ] task\n<!-- c -->\r·text\n\n<!-- c -->q"
    assert any("HTML" in f.message or "html" in f.message for f in markdown_findings(text))
    path = tmp_path / "e.toml"
    path.write_text(
        scaffold_text.replace(
            'background = """', 'background = """\n- [ ] task\r\n<!-- c -->\\r·x\n\n<!-- c -->q\n', 1
        ),
        encoding="utf-8",
    )
    done = run_eventkit("check", path)
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr


def test_annex_titles_are_in_the_report_language(tmp_path):
    """A generated annex without a title of its own is named in the document's language, and a text annex without
    a title is just "Annex N" (never "Annex N: Annex N")."""
    from eventkit.documents.kinds import render_html
    from eventkit.event.load import load_event

    text = EVENT.replace('report_style = "minutes"', 'report_style = "minutes"\nlanguage = "fr"').replace(
        'annexes = [{ content = "participants", grouping = "flat" }, "Slides"]',
        'annexes = [{ content = "participants", grouping = "flat" }, { text = "Les diapositives." }, '
        '{ content = "agenda", title = "Programme détaillé" }]',
    )
    (tmp_path / "event.toml").write_text(text, encoding="utf-8")
    page = render_html(load_event(tmp_path / "event.toml"), "report")
    headings = [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h2>(.*?)</h2>", page, re.S)]
    assert headings[-3:] == ["Annexe 1 : Liste des participants", "Annexe 2", "Annexe 3 : Programme détaillé"]
    assert "Annexes : Liste des participants, Annexe 2, Programme détaillé" in re.sub(r"<[^>]+>", "", page)


def test_addresses_written_out_are_links_and_file_names_are_not(built):
    """As on GitHub: https://... and an e-mail address in the notes are links in DOCX and PDF; "notes.md" is text."""
    import docx
    import pikepdf
    from docx.oxml.ns import qn

    document = docx.Document(str(built / "report.docx"))
    targets = {
        document.part.rels[link.get(qn("r:id"))].target_ref for link in document.element.body.iter(qn("w:hyperlink"))
    }
    assert {"https://example.org/recording", "mailto:sec@example.org"} <= targets
    assert not [t for t in targets if "notes.md" in t]
    with pikepdf.open(built / "report.pdf") as pdf:
        uris = {str(a.A.URI) for page in pdf.pages for a in page.get("/Annots", []) if "/A" in a and "/URI" in a.A}
    assert {"https://example.org/recording", "mailto:sec@example.org"} <= uris
    assert "the notes are in notes.md." in flat(pdf_text(built / "report.pdf"))


NUMBERED_PARAGRAPHS = event_toml(
    id="numbered",
    title="Numbered paragraphs",
    date=dt.date(2026, 5, 5),
    end="11:00",
    timezone="UTC",
    report_style="minutes",
    organisers=[{"name": "Org", "email": "o@example.org"}],
    extra="""\
[[report.sections]]
heading = "I. Opening"
notes = \"\"\"
1. The meeting was opened by the Chair.
2. The agenda was adopted.
\"\"\"

[[report.sections]]
heading = "II. Discussion"
notes = \"\"\"
3. The Secretariat presented the report.
4. Delegations welcomed it.
\"\"\"
""",
)


def test_numbered_paragraphs_go_on_across_sections(tmp_path):
    """UN-style numbered paragraphs: a list written from "3." prints 3. and 4. in the PDF (WeasyPrint ignores
    <ol start>) and starts at 3 in Word."""
    import docx
    from docx.oxml.ns import qn

    (tmp_path / "event.toml").write_text(NUMBERED_PARAGRAPHS, encoding="utf-8")
    result = run_eventkit("report", tmp_path / "event.toml", "-o", tmp_path / "out", "--format", "pdf,docx")
    assert result.returncode == 0, result.stderr
    text = flat(pdf_text(tmp_path / "out" / "report.pdf"))
    assert "1. The meeting was opened by the Chair. 2. The agenda was adopted." in text
    assert "3. The Secretariat presented the report. 4. Delegations welcomed it." in text
    document = docx.Document(str(tmp_path / "out" / "report.docx"))
    paragraph = next(p for p in document.paragraphs if p.text == "The Secretariat presented the report.")
    num_id = paragraph._p.pPr.numPr.numId.val
    numbering = document.part.numbering_part.element
    num = next(n for n in numbering.iter(qn("w:num")) if n.get(qn("w:numId")) == str(num_id))
    assert [s.get(qn("w:val")) for s in num.iter(qn("w:startOverride"))] == ["3"]


def test_delegations_grouped_under_their_categories(tmp_path):
    """A UN list of participants: "Member States", "Observers" ... as headings, each delegation one level below,
    the categories in the order they first appear; people in no delegation still listed at the end."""
    import docx

    text = EVENT.replace(
        'name = "Org A"\nmembers = ["ana", "ben"]',
        'name = "Org A"\nmembers = ["ana", "ben"]\ncategory = "Member States"',
    ).replace('name = "Org B"\nmembers = ["cara"]', 'name = "Org B"\nmembers = ["cara"]\ncategory = "Observers"')
    assert text.count("category = ") == 2
    (tmp_path / "event.toml").write_text(text, encoding="utf-8")
    result = run_eventkit("participants", tmp_path / "event.toml", "-o", tmp_path / "out", "--format", "pdf,docx")
    assert result.returncode == 0, result.stderr
    document = docx.Document(str(tmp_path / "out" / "participants.docx"))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[-5:] == [
        ("Heading 2", "Member States"),
        ("Heading 3", "Org A"),
        ("Heading 2", "Observers"),
        ("Heading 3", "Org B"),
        ("Heading 2", "Other participants"),
    ]
    words = flat(pdf_text(tmp_path / "out" / "participants.pdf"))
    assert words.index("Member States") < words.index("Org A") < words.index("Observers") < words.index("Cara Ng")
