"""The third example event reproduces the public record it was transcribed from (tests/records/, first line: where
it comes from), in DOCX and PDF: the words (../shared/tools/fidelity.py, >= 0.99), the headings in order, the list
items per nesting level, the table cells in order and the links.

The structure of the source is read with a CommonMark parser of its own (markdown-it, pipe tables on), not with
eventkit's; the DOCX is read with python-docx, the PDF with pdftotext (words, cells), its outline (headings), its
tag tree (list items per level) and its link annotations (pikepdf).
"""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import EVENTS, ROOT, SHARED, run_eventkit

RECORDS = ROOT / "tests" / "records"
# event file -> the record it reproduces
RECORD_EVENTS = {
    "w3c-chinese-web-mobile-apps-2019": (
        EVENTS / "w3c-chinese-web-mobile-apps-2019.toml",
        RECORDS / "w3c-chinese-web-mobile-apps-2019.md",
    ),
}
FIDELITY = SHARED / "tools" / "fidelity.py"
LINK_SCHEMES = ("http://", "https://", "mailto:")

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) not installed")


@dataclass
class Structure:
    headings: list[str] = field(default_factory=list)
    list_levels: list[int] = field(default_factory=list)  # one entry per list item: its nesting level (1 = top)
    cells: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


def normal(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def record_body(path: Path) -> str:
    """The record without its first line (where it comes from)."""
    return path.read_text(encoding="utf-8").split("\n", 1)[1]


def source_structure(markdown: str) -> Structure:
    from markdown_it import MarkdownIt

    # as GitHub renders it: pipe tables, and addresses and e-mail addresses written out are links
    parser = MarkdownIt("commonmark", {"linkify": True}).enable(["table", "linkify"])
    parser.linkify.set({"fuzzy_link": False})
    tokens = parser.parse(markdown)
    found, depth = Structure(), 0
    for i, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif token.type == "list_item_open":
            found.list_levels.append(depth)
        elif token.type == "heading_open":
            found.headings.append(tokens[i + 1].content)
        elif token.type in ("th_open", "td_open"):
            found.cells.append(_inline_text(tokens[i + 1]))
        if token.type == "inline":
            for child in token.children or ():
                href = child.attrGet("href") if child.type == "link_open" else None
                if href and href.startswith(LINK_SCHEMES):
                    found.links.append(href)
    found.headings = [_plain(h) for h in found.headings]
    return found


def _inline_text(inline) -> str:
    return "".join(c.content for c in inline.children or () if c.type in ("text", "code_inline"))


def _plain(markdown_inline: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown_inline)
    return text.replace("**", "").replace("*", "").strip()


def docx_structure(path: Path) -> Structure:
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(path))
    found = Structure()
    body = document.element.body
    for p in body.iter(qn("w:p")):
        paragraph = docx.text.paragraph.Paragraph(p, document)
        style = paragraph.style.name if paragraph.style is not None else ""
        if style.startswith(("Heading", "Title")) and paragraph.text.strip():
            found.headings.append(paragraph.text)
        ilvl = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:ilvl')}")
        if ilvl is not None:
            found.list_levels.append(int(ilvl.get(qn("w:val"))) + 1)
    for tc in body.iter(qn("w:tc")):
        found.cells.append("\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p"))))
    for link in body.iter(qn("w:hyperlink")):
        found.links.append(document.part.rels[link.get(qn("r:id"))].target_ref)
    return found


def pdf_structure(path: Path) -> Structure:
    import pikepdf

    found = Structure()
    with pikepdf.open(path) as pdf:
        with pdf.open_outline() as outline:
            stack = list(reversed(outline.root))
            while stack:
                item = stack.pop()
                found.headings.append(str(item.title))
                stack.extend(reversed(list(item.children)))

        def walk(node, depth: int) -> None:
            if isinstance(node, pikepdf.Array):
                for kid in node:
                    walk(kid, depth)
                return
            if not isinstance(node, pikepdf.Dictionary):
                return
            role = str(node.get("/S", ""))
            if role == "/LI":
                found.list_levels.append(depth)
            if "/K" in node:
                walk(node.K, depth + 1 if role == "/L" else depth)

        walk(pdf.Root.StructTreeRoot.K, 0)
        for page in pdf.pages:
            for annot in page.get("/Annots", []):
                action = annot.get("/A")
                if action is not None and "/URI" in action:
                    found.links.append(str(action.URI))
    return found


def pdf_words(path: Path) -> str:
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return normal(re.sub(f"(?<=\\w)-\n(?=\\w)|(?<=[{CJK}])\n(?=[{CJK}])", "", text))


def level_counts(levels: list[int]) -> dict[int, int]:
    return {level: levels.count(level) for level in sorted(set(levels))}


def in_order(expected: list[str], got: list[str]) -> list[str]:
    """The expected headings not found, in order, among ``got`` (the same words, or nearly: ratio >= 0.9)."""
    missing, start = [], 0
    got_words = [normal(g) for g in got]
    for heading in expected:
        words = normal(heading)
        for i in range(start, len(got_words)):
            if difflib.SequenceMatcher(None, words, got_words[i], autojunk=False).ratio() >= 0.9:
                start = i + 1
                break
        else:
            missing.append(heading)
    return missing


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("records")
    events = [event for event, _ in RECORD_EVENTS.values()]
    result = run_eventkit("build", *events, "-o", out, "--no-invite")
    assert result.returncode == 0, result.stderr + result.stdout
    from eventkit.event.load import load_event

    # with one event the files go straight into the folder, with several into <folder>/<event id>/
    return {name: out if len(events) == 1 else out / load_event(event).id for name, (event, _) in RECORD_EVENTS.items()}


@pytest.mark.parametrize("name", list(RECORD_EVENTS))
def test_record_first_line_says_where_it_comes_from(name):
    first = RECORD_EVENTS[name][1].read_text(encoding="utf-8").split("\n", 1)[0]
    assert re.search(r"https://\S+", first) and "Source" in first, first


def shared_fidelity():
    """../shared/tools/fidelity.py as a module: its word measure and its readers."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("shared_fidelity", FIDELITY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ORDERED_MARKER = re.compile(r"^(\s*)\d+[.)]\s+", re.M)
CJK = "\u2e80-\u9fff\uf900-\ufaff\uac00-\ud7af"


def pdf_body_text(path: Path, running_header: str) -> str:
    """pdftotext's text without what is not the record's: the running header and "Page X of Y" lines and the
    printed numbers of ordered lists; and with a line wrapped between two Chinese, Japanese or Korean characters joined
    again (those scripts write no spaces, so a wrap there is no word boundary, as fidelity.py already joins words
    hyphenated at a line end)."""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = [
        line
        for line in text.splitlines()
        if line.strip() != running_header and not re.fullmatch(r"\s*Page \d+ of \d+\s*", line)
    ]
    text = ORDERED_MARKER.sub(r"\1", "\n".join(lines))
    return re.sub(f"(?<=[{CJK}])\n(?=[{CJK}])", "", text)


@pytest.mark.skipif(not FIDELITY.is_file(), reason="../shared/tools/fidelity.py not present (needs ../shared)")
@pytest.mark.parametrize("name", list(RECORD_EVENTS))
def test_text_fidelity_with_the_shared_measure(name, built, tmp_path):
    """The word ratio of ../shared/tools/fidelity.py (its reference reader, DOCX reader and measure).  The record's
    ordered-list markers ("1." on every line) are markup, as its "-" bullets are to fidelity.py: they are removed
    from the reference, as Word's numbers are not in the DOCX text and the PDF's printed numbers are taken out."""
    import difflib

    from eventkit.event.load import load_event

    fidelity = shared_fidelity()
    reference_md = tmp_path / f"{name}.md"
    reference_md.write_text(ORDERED_MARKER.sub(r"\1", record_body(RECORD_EVENTS[name][1])), encoding="utf-8")
    reference = fidelity.read_reference(reference_md)["words"]
    docx_words = fidelity.read_docx(built[name] / "report.docx")["words"]
    header = load_event(RECORD_EVENTS[name][0]).organiser.display_name
    pdf_words = fidelity.words(pdf_body_text(built[name] / "report.pdf", header))
    for kind, got in (("docx", docx_words), ("pdf", pdf_words)):
        matcher = difflib.SequenceMatcher(None, reference, got, autojunk=False)
        differences = [
            (" ".join(reference[i1:i2]), " ".join(got[j1:j2]))
            for op, i1, i2, j1, j2 in matcher.get_opcodes()
            if op != "equal"
        ]
        assert matcher.ratio() >= 0.99, (kind, round(matcher.ratio(), 4), differences[:10])


@pytest.mark.parametrize("name", list(RECORD_EVENTS))
def test_structure_in_docx_and_pdf(name, built):
    source = source_structure(record_body(RECORD_EVENTS[name][1]))
    assert source.headings and source.list_levels and source.links
    for kind, got in (
        ("docx", docx_structure(built[name] / "report.docx")),
        ("pdf", pdf_structure(built[name] / "report.pdf")),
    ):
        assert not in_order(source.headings, got.headings), (kind, in_order(source.headings, got.headings))
        assert level_counts(got.list_levels) == level_counts(source.list_levels), kind
        if kind == "docx":
            assert sorted(got.links) == sorted(source.links), kind
        else:  # a link wrapped over two lines is two annotations in a PDF: the same addresses, each clickable
            assert set(got.links) == set(source.links) and len(got.links) >= len(source.links), kind
    docx_cells = [normal(c) for c in docx_structure(built[name] / "report.docx").cells]
    assert docx_cells == [normal(c) for c in source.cells]
    words = pdf_words(built[name] / "report.pdf")
    at = 0
    for cell in source.cells:  # every cell's words, in order, in the PDF's text
        if normal(cell):
            at = words.index(normal(cell), at)
