"""The record leads, the model fills in (issue #20): two records transcribed with the report's directives reproduce
their source, with the generated blocks where the record has them.

- tests/records/jwg-mm-minutes-2024.md: a standards working group's minutes (synthetic: no published record could be
  used), 144 participants with names in Han, Kana and Cyrillic, co-presented themes, the actions as section 4,
  sub-sections 5.1-5.7, lettered annexes, the first with its note before a generated two-column participant table;
- tests/records/junta-rida-2024-03.md: a governance body's minutes in Spanish (synthetic too): attendance
  categories and a quorum line, decisions [4]-[6] with their votes inside their items, a deferred item, an action
  given to a member by nickname.

Both are built by the real command line; the DOCX is read back with python-docx, the PDF with pdftotext and pikepdf
(structure tree, outline); the words are measured with ../shared/tools/fidelity.py.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, run_eventkit
from test_record_event import FIDELITY, normal, shared_fidelity

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) not installed")

RECORDS = ROOT / "tests" / "records"
LAID_OUT = {"jwg-mm-minutes-2024": "JWG-MM", "junta-rida-2024-03": "Red Iberoamericana de Datos Abiertos"}
REPEATED_HEADS = {"jwg-mm-minutes-2024": ["Name", "Affiliation / Role"]}
PAGE_LINE = re.compile(r"\s*(Page \d+ of \d+|Página \d+ de \d+)\s*")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("laid-out")
    folders = {}
    for name in LAID_OUT:
        result = run_eventkit("report", RECORDS / f"{name}.toml", "-o", out / name)
        assert result.returncode == 0, result.stderr + result.stdout
        folders[name] = out / name
    return folders


def record_words(name: str, folder: Path) -> list[str]:
    """The record's words as fidelity.py reads them, without its first line (where it comes from)."""
    body = folder / f"{name}.md"
    body.write_text((RECORDS / f"{name}.md").read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    return shared_fidelity().read_reference(body)["words"]


def pdf_pages(path: Path) -> list[list[str]]:
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [[line for line in page.splitlines() if line.strip()] for page in text.split("\f")]


def pdf_record_text(name: str, path: Path) -> str:
    """The PDF's text without what is not the record's: the running header and page footer of every page, and the
    header row a long table repeats at the top of a page (a reader counts it once)."""
    pages, kept = pdf_pages(path), []
    head = REPEATED_HEADS.get(name, [])
    for number, lines in enumerate(pages):
        lines = [line for line in lines if line.strip() != LAID_OUT[name] and not PAGE_LINE.fullmatch(line)]
        if number and head and [line.strip() for line in lines[: len(head)]] == head:
            lines = lines[len(head) :]
        kept += lines
    return re.sub(r"(\w)-\n(\w)", r"\1\2", "\n".join(kept))


@pytest.mark.skipif(not FIDELITY.is_file(), reason="../shared/tools/fidelity.py not present (needs ../shared)")
@pytest.mark.parametrize("name", list(LAID_OUT))
def test_records_are_reproduced_word_for_word(name, built, tmp_path):
    import difflib

    fidelity = shared_fidelity()
    reference = record_words(name, tmp_path)
    docx_words = fidelity.read_docx(built[name] / "report.docx")["words"]
    pdf_words = fidelity.words(pdf_record_text(name, built[name] / "report.pdf"))
    for kind, got, least in (("docx", docx_words, 0.99), ("pdf", pdf_words, 0.98)):
        matcher = difflib.SequenceMatcher(None, reference, got, autojunk=False)
        differences = [
            (" ".join(reference[i1:i2]), " ".join(got[j1:j2]))
            for op, i1, i2, j1, j2 in matcher.get_opcodes()
            if op != "equal"
        ]
        assert matcher.ratio() >= least, (kind, round(matcher.ratio(), 4), differences[:10])


def body_blocks(path: Path) -> list[tuple[str, str, object]]:
    """The DOCX body in order: ("p", style, paragraph) and ("table", "", table)."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(path))
    blocks = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            paragraph = docx.text.paragraph.Paragraph(element, document)
            if paragraph.text.strip():
                blocks.append(("p", paragraph.style.name if paragraph.style is not None else "", paragraph))
        elif element.tag == qn("w:tbl"):
            blocks.append(("table", "", docx.table.Table(element, document)))
    return blocks


def index_of(blocks, text: str) -> int:
    return next(i for i, (kind, _, b) in enumerate(blocks) if kind == "p" and b.text == text)


def test_working_group_minutes_keep_the_record_order_and_levels_in_docx(built):
    blocks = body_blocks(built["jwg-mm-minutes-2024"] / "report.docx")
    headings = [(style, b.text) for kind, style, b in blocks if kind == "p" and style.startswith("Heading")]
    expected = [
        ("Heading 2", "1. Opening of the meeting"),
        ("Heading 2", "2. Approval of the agenda"),
        ("Heading 2", "3. Themes presented"),
        ("Heading 3", "3.1 Immersive media metadata"),
        ("Heading 3", "3.2 Accessibility descriptors"),
        ("Heading 3", "3.3 Archive exchange format"),
        ("Heading 2", "4. Actions"),
        ("Heading 2", "5. Discussion Summary"),
    ]
    expected += [
        ("Heading 3", f"5.{n} {title}")
        for n, title in enumerate(
            (
                "Profiles and conformance",
                "Time-code handling",
                "Object-based audio",
                "Accessibility",
                "Archives",
                "Liaisons",
                "Future work",
            ),
            1,
        )
    ]
    expected += [
        ("Heading 2", "6. Next meeting and closing"),
        ("Heading 2", "Annex A – List of participants"),
        ("Heading 2", "Annex B – Documents considered"),
    ]
    assert headings == expected

    # section 4 is the actions table, before the discussion: No. and Action only (no empty Owner, Due, Status)
    at = index_of(blocks, "4. Actions")
    kind, _, actions = blocks[at + 1]
    assert kind == "table" and [c.text for c in actions.rows[0].cells] == ["No.", "Action"]
    assert len(actions.rows) == 6 and actions.rows[1].cells[1].text.startswith("Anna Keller to circulate")
    assert blocks[at + 2][2].text == "5. Discussion Summary"

    # co-presenters stay in a bold lead, joined by the record's ";"
    lead = blocks[index_of(blocks, "3.1 Immersive media metadata") + 1][2]
    assert lead.text == "Anna Keller, Fraunhofer IIS / Co-Chair; 王伟, 华为技术有限公司 / Co-Chair"
    assert all(run.bold for run in lead.runs if run.text.strip()) and not lead.style.name.startswith("Heading")

    # Annex A: on a new page, its note, then the generated two-column table of all 144 participants
    annex = index_of(blocks, "Annex A – List of participants")
    assert blocks[annex][2].paragraph_format.page_break_before
    assert blocks[index_of(blocks, "Annex B – Documents considered")][2].paragraph_format.page_break_before
    assert blocks[annex + 1][2].text.startswith("The list below includes everyone")
    kind, _, table = blocks[annex + 2]
    assert kind == "table" and [c.text for c in table.rows[0].cells] == ["Name", "Affiliation / Role"]
    names = [row.cells[0].text for row in table.rows[1:]]
    assert len(names) == 144 and {"王伟", "たなか ひろし", "Иван Петров"} <= set(names)
    # the widths the PDF uses (a <colgroup> computed once) are the Word table's
    widths = [c.width for c in table.rows[1].cells]
    assert widths[0] < widths[1]


def pdf_headings(path: Path) -> list[tuple[str, str]]:
    """(tag, text) of the PDF's headings: the tags of the structure tree (H1...H6) in order, with the outline's titles
    (WeasyPrint makes one bookmark per heading, in the same order)."""
    import pikepdf

    tags, titles = [], []
    with pikepdf.open(path) as pdf:

        def walk(node):
            if isinstance(node, pikepdf.Array):
                for kid in node:
                    walk(kid)
            elif isinstance(node, pikepdf.Dictionary):
                role = str(node.get("/S", ""))
                if re.fullmatch(r"/H[1-6]", role):
                    tags.append(role[1:])
                if "/K" in node:
                    walk(node.K)

        walk(pdf.Root.StructTreeRoot.K)
        with pdf.open_outline() as outline:
            stack = list(reversed(outline.root))
            while stack:
                item = stack.pop()
                titles.append(str(item.title))
                stack.extend(reversed(list(item.children)))
    assert len(tags) == len(titles), (tags, titles)
    return list(zip(tags, titles, strict=True))


def test_working_group_minutes_keep_the_record_order_and_levels_in_pdf(built):
    path = built["jwg-mm-minutes-2024"] / "report.pdf"
    headings = [(tag, title) for tag, title in pdf_headings(path) if tag != "H1"]
    assert ("H2", "4. Actions") in headings and ("H3", "5.7 Future work") in headings
    levels = [tag for tag, _ in headings]
    assert levels == ["H2", "H2", "H2", "H3", "H3", "H3", "H2", "H2"] + ["H3"] * 7 + ["H2", "H2", "H2"]
    order = [title for _, title in headings]
    assert order.index("4. Actions") + 1 == order.index("5. Discussion Summary")

    pages = pdf_pages(path)
    for annex in ("Annex A – List of participants", "Annex B – Documents considered"):  # each starts a page
        page = next(lines for lines in pages if annex in lines)
        assert [line for line in page if line != "JWG-MM"][0] == annex
    text = normal(pdf_record_text("jwg-mm-minutes-2024", path))
    assert (
        text.index(normal("4. Actions"))
        < text.index(normal("Anna Keller to circulate"))
        < text.index(normal("5. Discussion Summary"))
        < text.index(normal("5.1 Profiles and conformance"))
    )
    head = text.index(normal("Name Affiliation / Role"))
    assert (
        text.index(normal("The list below includes everyone"))
        < head
        < text.index(normal("Иван Петров НИИР Editor"), head)
    )


def test_governance_minutes_print_votes_and_numbers_where_the_record_puts_them(built):
    blocks = body_blocks(built["junta-rida-2024-03"] / "report.docx")
    texts = [b.text for kind, _, b in blocks if kind == "p"]
    at = texts.index("2.2 Cuota de los socios institucionales")
    assert texts[at + 2 : at + 5] == [
        "Acuerdo [5]",
        "Fijar la cuota anual de los socios institucionales en 600 euros a partir de 2025 y mantener la cuota "
        "actual en 2024.",
        "Votación: 4 a favor, 0 en contra, 1 abstención",
    ]
    assert texts[at + 5] == "2.3 Convenio con la Universidad de Valparaíso"
    assert "Aprobada por unanimidad" in texts and "Decisiones" not in texts  # no table of decisions at the end
    assert "2.4 Reglamento interno (aplazado)" in texts  # marked, no sentence invented
    assert texts[texts.index("2.4 Reglamento interno (aplazado)") + 1] == "3. Tareas"
    # attendance categories, then the quorum line, before the first item
    assert (
        texts.index("Excusados: Raúl Castro Gil, Vocal")
        < texts.index("Con cinco de los seis miembros con voto presentes, la Junta tiene quórum para adoptar acuerdos.")
        < texts.index("1. Aprobación del orden del día")
    )
    tables = [b for kind, _, b in blocks if kind == "table"]
    assert [[c.text for c in row.cells] for row in tables[0].rows] == [
        ["N.º", "Tarea", "Responsable", "Plazo"],
        ["1", "Enviar a los socios el presupuesto aprobado", "Lucía Fernández Ruiz", "31 de marzo de 2024"],
        ["2", "Preparar el texto del convenio con la Universidad de Valparaíso", "Tono", "15 de abril de 2024"],
        ["3", "Informar a los socios institucionales de la nueva cuota", "Andrés Molina Vega", "30 de abril de 2024"],
    ]

    pdf = normal(pdf_record_text("junta-rida-2024-03", built["junta-rida-2024-03"] / "report.pdf"))
    assert (
        pdf.index(normal("2.2 Cuota"))
        < pdf.index(normal("Acuerdo [5]"))
        < pdf.index(normal("Votación: 4 a favor, 0 en contra, 1 abstención"))
        < pdf.index(normal("2.3 Convenio"))
    )
    levels = [tag for tag, _ in pdf_headings(built["junta-rida-2024-03"] / "report.pdf") if tag != "H1"]
    assert levels == ["H2", "H2", "H3", "H3", "H3", "H3", "H2", "H2"]
