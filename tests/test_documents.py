"""End to end: the real command line builds real DOCX and PDF files, and these tests read them back.

Both reference events are built ONCE per session (`python -m eventkit build ... -o DIR`, the `reference_builds` fixture of conftest.py) and
every test on their documents reads those files: fidelity against the published reports
(../shared/tools/fidelity.py), Word structure through python-docx, PDF text, fonts, tags and metadata through
poppler, and every DOCX converted by LibreOffice in one soffice call.  Separate small builds cover the hostile
event (nothing fetched, embedded or evaluated), failed builds (previous files kept, no temporary files left),
the output options and the import cost of `--help`.
"""

from __future__ import annotations

import html.parser
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import REFERENCE_EVENTS, ROOT, SHARED, copy_event, event_toml, needs_shared, run_eventkit, toml_string
from eventkit.language.localise import Localiser

FIDELITY = SHARED / "tools" / "fidelity.py"
KINDS = ("concept-note", "agenda", "participants", "speakers", "report")
DOCUMENTS = tuple(f"{kind}.{fmt}" for kind in KINDS for fmt in ("docx", "pdf"))
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
POPPLER = ("pdftotext", "pdffonts", "pdfinfo", "pdfdetach")

pytestmark = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in POPPLER),
    reason="poppler-utils (pdftotext, pdffonts, pdfinfo, pdfdetach) not installed",
)


# ---------------------------------------------------------------- helpers


def tool(*args) -> str:
    return subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True, timeout=120).stdout


def pdf_text(pdf: Path) -> str:
    return tool("pdftotext", "-enc", "UTF-8", pdf, "-").translate(BIDI_CONTROLS)


def flat(text: str) -> str:
    """Whitespace collapsed: a title wrapped over several PDF lines reads as one line."""
    return " ".join(text.split())


def squashed(text: str) -> str:
    """Letters and digits only, lower-cased: for "does this cell's text appear" checks across line breaks,
    where pdftotext may also have eaten a hyphen at a line end ("Co-\\nchair" -> "Cochair")."""
    return re.sub(r"[\W_]+", "", text.lower())


def pdf_info(pdf: Path) -> dict[str, str]:
    lines = tool("pdfinfo", "-enc", "UTF-8", pdf).splitlines()
    return {key.strip(): value.strip() for key, value in (line.split(":", 1) for line in lines if ":" in line)}


def pdf_fonts(pdf: Path) -> list[tuple[str, str]]:
    """(font name, emb) for each row of pdffonts."""
    rows = [row.split() for row in tool("pdffonts", pdf).splitlines()[2:]]
    return [(row[0], row[-5]) for row in rows]  # name type... encoding emb sub uni object-id


def embedded_files(pdf: Path) -> int:
    return int(re.match(r"(\d+) embedded files", tool("pdfdetach", "-list", pdf)).group(1))


def open_docx(path: Path):
    import docx

    return docx.Document(str(path))


def qn(tag: str) -> str:
    from docx.oxml.ns import qn as _qn

    return _qn(tag)


def paragraph_texts(element) -> list[str]:
    """The text of every w:p under ``element`` (body paragraphs and table cells alike), in order."""
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in element.iter(qn("w:p"))]


def docx_text(document) -> str:
    return "\n".join(paragraph_texts(document.element.body))


def hyperlinks(document) -> list[tuple[str, str]]:
    """(target, text) of every w:hyperlink in the body."""
    links = []
    for link in document.element.body.iter(qn("w:hyperlink")):
        rel = document.part.rels[link.get(qn("r:id"))]
        assert rel.is_external and rel.reltype.endswith("/hyperlink")
        links.append((rel.target_ref, "".join(t.text or "" for t in link.iter(qn("w:t")))))
    return links


def list_level(paragraph) -> int | None:
    numpr = paragraph._p.find(qn("w:pPr") + "/" + qn("w:numPr"))
    if numpr is None:
        return None
    ilvl = numpr.find(qn("w:ilvl"))
    return int(ilvl.get(qn("w:val"))) if ilvl is not None else 0


def field_instructions(element) -> list[str]:
    simple = [f.get(qn("w:instr")) for f in element.iter(qn("w:fldSimple"))]
    complex_ = [t.text for t in element.iter(qn("w:instrText"))]
    return [" ".join((i or "").split()) for i in simple + complex_]


def document_name(event, kind: str) -> str:
    """What an English document is called in its metadata (written out here, not taken from the labels)."""
    if kind == "report":
        return {"note-for-file": "Note for file", "minutes": "Minutes"}.get(event.event.report_style, "Summary report")
    return {
        "concept-note": "Concept note",
        "agenda": "Agenda",
        "participants": "List of participants",
        "speakers": "Speaker biographies",
        "sign-in": "Sign-in sheet",
    }[kind]


def markdown_items(text: str) -> list[str]:
    """The text of the top-level "- " bullets of a Markdown field (no inline markup in the ones we check)."""
    return [line[2:].strip() for line in text.splitlines() if line.startswith("- ")]


# ---------------------------------------------------------------- the two reference events, built once

REFS = list(REFERENCE_EVENTS)


def test_build_writes_all_ten_documents_per_event_into_dir_slash_id(reference_builds):
    for name, folder in reference_builds.items():
        assert folder.parent.name.startswith("build")  # two events: DIR/<event id>/
        files = {p.name for p in folder.iterdir()} - {".eventkit-build.json"}  # the build manifest
        assert set(DOCUMENTS) <= files, (name, sorted(files))
        assert files - set(DOCUMENTS) == {"invite.ics"}, sorted(files)  # and the calendar invite
        for document in DOCUMENTS:
            assert (folder / document).stat().st_size > 5000, document
        assert not [f for f in files if f.startswith(".") or f.endswith(".tmp")]


# ---- fidelity


def fidelity(reference: str, folder: Path) -> dict:
    """Run ../shared/tools/fidelity.py on report.docx and report.pdf and parse what it prints."""
    out = subprocess.run(
        [
            sys.executable,
            str(FIDELITY),
            str(SHARED / "reference" / f"{reference}.md"),
            str(folder / "report.docx"),
            str(folder / "report.pdf"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    ref = re.search(
        r"^reference \S+: (\d+) words, (\d+) headings, bullets (.+?), (\d+) italic leads, (\d+) links$",
        out.stdout,
        re.M,
    )
    docx = re.search(
        r"^report\.docx: text ([\d.]+) \(\d+ words\)\s+headings (\d+)/(\d+) in order\s+"
        r"bullets (.+?) / (.+?)\s+italic (\d+)/(\d+)\s+links (\d+)/(\d+)$",
        out.stdout,
        re.M,
    )
    pdf = re.search(r"^report\.pdf: text ([\d.]+) \(\d+ words\)$", out.stdout, re.M)
    assert ref and docx and pdf, out.stdout
    return {
        "output": out.stdout,
        "docx_text": float(docx[1]),
        "pdf_text": float(pdf[1]),
        "headings": (int(docx[2]), int(docx[3])),
        "reference_headings": int(ref[2]),
        "bullets": (docx[4], docx[5]),
        "reference_bullets": ref[3],
        "italic": (int(docx[6]), int(docx[7])),
        "links": (int(docx[8]), int(docx[9])),
    }


@needs_shared("tools/fidelity.py", *(f"reference/{reference}.md" for reference in REFS))
@pytest.mark.parametrize("reference", REFS)
def test_fidelity_to_the_published_report(reference_builds, reference):
    f = fidelity(reference, reference_builds[reference])
    message = f["output"]
    assert f["docx_text"] >= 0.98, message
    assert f["pdf_text"] >= 0.98, message
    found, total = f["headings"]
    assert found == total == f["reference_headings"] > 0, message
    assert f["bullets"][0] == f["bullets"][1] == f["reference_bullets"], message
    assert f["italic"][0] == f["italic"][1], message
    assert f["links"][0] >= f["links"][1], message


# ---- DOCX read back


def test_report_docx_structure_note_for_file(reference_builds, reference_models):
    event = reference_models["note-for-file"]
    document = open_docx(reference_builds["note-for-file"] / "report.docx")
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    styles = [(p.style.name, p.text) for p in paragraphs]

    title = paragraphs[0]
    assert title.style.name == "Title"
    assert title.text == f"NOTE FOR FILE: {event.event.title}"
    assert title.runs[0].bold and title.runs[0].text == "NOTE FOR FILE:"
    assert any(r.italic and r.text == event.event.title for r in title.runs)  # the title itself is italic
    assert ("Dateline", "Thursday, 22 April 2021") in styles
    assert ("Heading 2", "Objectives of the Event") in styles

    # every report section heading is a Heading 2, every speaker line a Heading 3, in the event's order
    expected = []
    for section in event.report_sections:
        expected.append(("Heading 2", section.heading))
        expected += [
            ("Heading 3", Localiser(event).speakers_line(speaker.people, speaker.affiliation))
            for speaker in section.speakers
        ]
    got = [(style, text) for style, text in styles if style in ("Heading 2", "Heading 3")]
    assert [h for h in got if h != ("Heading 2", "Objectives of the Event")][: len(expected)] == expected

    # nested bullets: "- **Presented the migration context ...**" then two-space-indented sub-points
    parent = next(p for p in paragraphs if p.text.startswith("Presented the migration context in Portugal"))
    child = next(p for p in paragraphs if p.text.startswith("A legal change in Portugal, in 2019"))
    assert list_level(parent) == 0 and list_level(child) == 1
    assert sum(list_level(p) == 1 for p in paragraphs) == 9
    assert all(p.style.name == "List Paragraph" for p in paragraphs if list_level(p) is not None)

    # "- *Welcomed* representatives of ...": the lead verb is its own italic run
    welcomed = next(p for p in paragraphs if p.text.startswith("Welcomed representatives of Government"))
    assert list_level(welcomed) == 0
    assert welcomed.runs[0].text == "Welcomed" and welcomed.runs[0].italic
    assert not welcomed.runs[1].italic and welcomed.runs[1].text.startswith(" representatives")

    # the "Useful links" are real hyperlinks with the event file's targets and texts
    links = hyperlinks(document)
    for link in event.report.links:
        assert (link.url, link.text) in links
    assert ("https://migrationnetwork.un.org/hub", "https://migrationnetwork.un.org/hub") in links  # autolink


def test_report_docx_structure_summary_report(reference_builds, reference_models):
    event = reference_models["summary-report"]
    document = open_docx(reference_builds["summary-report"] / "report.docx")
    styles = [(p.style.name, p.text) for p in document.paragraphs if p.text.strip()]
    assert styles[0] == ("Title", event.event.title)
    assert ("Dateline", "24 March 2021, 09:30 - 13:30 CET") in styles
    assert ("Subtitle", " ".join(event.event.subtitle.split())) in styles
    assert ("Heading 1", "SUMMARY REPORT") in styles
    headings = [(s, t) for s, t in styles if s in ("Heading 2", "Heading 3")]
    expected = []
    for section in event.report_sections:
        expected.append(("Heading 2", section.heading))
        expected += [
            ("Heading 3", Localiser(event).speakers_line(speaker.people, speaker.affiliation))
            for speaker in section.speakers
        ]
    assert headings == expected
    assert ("Heading 2", "OPENING REMARKS") in headings
    leads = [t for s, t in styles if s == "Lead"]
    assert any(t.startswith("Interactive discussion led by Member States") for t in leads)
    assert [t for s, t in styles if s == "Closing"] == ["CLOSE OF MEETING -"]


@pytest.mark.parametrize("reference", REFS)
def test_every_docx_has_header_footer_fields_and_event_metadata(reference_builds, reference_models, reference):
    event = reference_models[reference]
    organiser = event.organiser.display_name
    for kind in KINDS:
        document = open_docx(reference_builds[reference] / f"{kind}.docx")
        section = document.sections[0]
        organisers = " \u00b7 ".join(o.display_name for o in event.organisers)  # all of them (issue #14)
        assert [p.text for p in section.header.paragraphs if p.text] == [organisers], kind
        instructions = field_instructions(section.footer._element)
        assert instructions == ["PAGE", "NUMPAGES"], (kind, instructions)
        assert "".join(p.text for p in section.footer.paragraphs).startswith("Page ")

        props = document.core_properties
        expected_title = f"{event.event.title} – {document_name(event, kind)}"
        assert props.title and expected_title.startswith(props.title), (kind, props.title)
        assert props.title == expected_title or len(expected_title) > 255
        assert props.author == organiser and props.last_modified_by == organiser
        assert props.created == event.starts_at and props.modified == event.starts_at
        # not python-docx's template defaults
        assert "python-docx" not in (props.author, props.last_modified_by, props.comments)
        assert props.created.year == event.event.date.year
        assert props.language == "en"


def test_reference_docx_tables_concept_note_agenda_participants_speakers(reference_builds, reference_models):
    for reference, folder in reference_builds.items():
        event = reference_models[reference]
        # concept note: the objectives as bullets and the agenda as a table
        concept = open_docx(folder / "concept-note.docx")
        concept_paragraphs = [p.text for p in concept.paragraphs]
        for item in markdown_items(event.concept.objectives):
            assert item in concept_paragraphs, item
        assert len(concept.tables) == 1
        table_text = squashed(" ".join(paragraph_texts(concept.tables[0]._tbl)))
        for session in event.agenda:
            assert squashed(session.title) in table_text

        # agenda: one row per session, with its times in every display zone and its title
        agenda = open_docx(folder / "agenda.docx")
        (table,) = agenda.tables
        header = [c.text for c in table.rows[0].cells]
        assert header == [t.label for t in event.display_times] + ["Session", "Speakers"]
        rows = table.rows[1:]
        assert len(rows) == len(event.agenda)
        for row, session in zip(rows, event.agenda, strict=True):
            cells = [c.text for c in row.cells]
            times = event.session_times(session)
            assert cells[: len(times)] == [t.span for t in times]
            assert cells[len(times)].startswith(session.title)
            for pid in (*session.moderators, *session.speakers):
                assert event.person(pid).full_name in cells[-1]

        # participants: each delegation is a heading with a table of its members
        participants = open_docx(folder / "participants.docx")
        headings = [p.text for p in participants.paragraphs if p.style.name == "Heading 2"]
        text = docx_text(participants)
        for delegation in event.delegations:
            # a delegation without named members is listed once under "Also taking part", not as a placeholder
            if not delegation.members:
                assert delegation.name in text and "No named representatives" not in text
            else:
                assert any(h.startswith(delegation.name) for h in headings), delegation.name
            for pid in delegation.members:
                assert event.person(pid).full_name in text

        # speakers: every speaker and moderator is a heading
        speakers = open_docx(folder / "speakers.docx")
        headings = [p.text for p in speakers.paragraphs if p.style.name == "Heading 2"]
        assert headings == [person.full_name for person in event.speakers]


# ---- PDF read back


def test_report_pdf_key_lines(reference_builds):
    note = pdf_text(reference_builds["note-for-file"] / "report.pdf")
    lines = note.splitlines()
    assert "Thursday, 22 April 2021" in lines
    assert "14:00 - 17:00 (GMT+4) / 12:00 - 15:00 (CEST)" in lines
    assert "KUDO platform" in lines
    assert "Objectives of the Event" in lines
    assert flat(note).count("UN Resident Coordinator Office, Georgia") >= 1
    assert "NOTE FOR FILE: Webinar for the State Commission on Migration Issues of Georgia" in flat(note)

    summary = pdf_text(reference_builds["summary-report"] / "report.pdf")
    lines = summary.splitlines()
    assert "24 March 2021, 09:30 - 13:30 CET" in lines
    assert "SUMMARY REPORT" in lines
    assert "OPENING REMARKS" in lines
    assert "Ms. Renate Held, IOM Regional Director for South Eastern Europe, Eastern Europe and Central Asia" in flat(
        summary
    )
    pages = int(pdf_info(reference_builds["summary-report"] / "report.pdf")["Pages"])
    assert pages > 1 and f"Page {pages} of {pages}" in lines


@pytest.mark.parametrize("reference", REFS)
def test_every_pdf_is_tagged_with_metadata_and_embedded_fonts(reference_builds, reference_models, reference):
    event = reference_models[reference]
    for kind in KINDS:
        pdf = reference_builds[reference] / f"{kind}.pdf"
        info = pdf_info(pdf)
        assert info["Tagged"] == "yes", kind
        assert info["Title"] == f"{event.event.title} – {document_name(event, kind)}"
        assert info["Author"] == event.organiser.display_name
        assert info["Page size"].endswith("(A4)")
        fonts = pdf_fonts(pdf)
        assert fonts and all(emb == "yes" for _, emb in fonts), (kind, fonts)
        assert embedded_files(pdf) == 0


def test_pdf_content_of_the_other_documents(reference_builds, reference_models):
    for reference, folder in reference_builds.items():
        event = reference_models[reference]
        concept = pdf_text(folder / "concept-note.pdf")
        for item in markdown_items(event.concept.objectives):
            assert squashed(item) in squashed(concept), item
        for session in event.agenda:
            assert squashed(session.title) in squashed(concept)

        agenda = pdf_text(folder / "agenda.pdf")
        agenda_lines = set(agenda.splitlines())
        for session in event.agenda:
            assert squashed(session.title) in squashed(agenda), session.title
            for t in event.session_times(session):
                assert t.span in agenda_lines, (session.title, t.span)  # each time on a line of its own
        for t in event.display_times:
            assert t.label in agenda_lines

        participants = squashed(pdf_text(folder / "participants.pdf"))
        for delegation in event.delegations:
            assert squashed(delegation.name) in participants
            for pid in delegation.members:
                assert squashed(event.person(pid).full_name) in participants

        speakers = squashed(pdf_text(folder / "speakers.pdf"))
        for person in event.speakers:
            assert squashed(person.full_name) in speakers


# ---- LibreOffice opens every DOCX


def libreoffice_to_pdf(sources: list[Path], workdir: Path) -> Path:
    """Convert ``sources`` to PDF with ONE soffice call (private profile); return the output folder."""
    if shutil.which("soffice") is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI: Debian libreoffice-writer-nogui")
        pytest.skip("LibreOffice (soffice) is not installed")
    out = workdir / "lo-out"
    profile = workdir / "lo-profile"
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, sources),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_libreoffice_converts_every_docx(reference_builds, reference_models, tmp_path):
    sources = []
    inbox = tmp_path / "in"
    inbox.mkdir()
    for reference, folder in reference_builds.items():  # the file names repeat across events: prefix them
        for kind in KINDS:
            source = inbox / f"{reference}__{kind}.docx"
            shutil.copyfile(folder / f"{kind}.docx", source)
            sources.append(source)
    out = libreoffice_to_pdf(sources, tmp_path)
    for source in sources:
        reference = source.stem.split("__")[0]
        pdf = out / f"{source.stem}.pdf"
        assert pdf.is_file(), f"LibreOffice did not convert {source.name}"
        text = squashed(pdf_text(pdf))
        assert squashed(reference_models[reference].event.title) in text, source.name
        assert squashed(reference_models[reference].organiser.display_name) in text  # the running header
        if source.stem.endswith("__report"):  # Word's pages break where the PDF's do: as many pages (#20)
            import pypdf

            ours = reference_builds[reference] / "report.pdf"
            assert len(pypdf.PdfReader(pdf).pages) == len(pypdf.PdfReader(ours).pages), source.name


# ---------------------------------------------------------------- the hostile event

IMG = '<img src="file:///etc/passwd">'
ATTACH = '<link rel="attachment" href="file:///etc/hostname">'
SCRIPT = "<script>alert(1)</script>"
JINJA = "{{ 7*7 }}"
RAW = "{% raw %}"
JS_LINK = "](javascript:alert(1))"
NAMES = {"nino": "ნინო ჯაში", "olga": "Ольга Поалелунги", "mohammed": "محمد العلي", "sonia": "Sónia Pereira"}


def hostile_event(base: str) -> str:
    http_img = f"![x]({base}/x.png)"
    evil = f"{IMG} {ATTACH} {SCRIPT} {JINJA} {RAW}"
    people = "".join(
        f"""
[people.{pid}]
name = {toml_string(name + (" " + IMG + " " + JINJA if pid == "nino" else ""))}
title = {toml_string("Analyst " + JINJA if pid == "nino" else "Delegate")}
organisation = {toml_string("Ministry " + SCRIPT if pid == "olga" else "Ministry")}
email = "{pid}@example.org"
bio = '''
Bio of {name}: {evil} [bio link](javascript:alert(1)) {http_img}
'''
"""
        for pid, name in NAMES.items()
    )
    return event_toml(
        id="hostile",
        title="Hostile " + evil,
        kind="webinar",
        report_style="note-for-file",
        start="14:00",
        end="17:00",
        timezone="Asia/Tbilisi",
        display_timezones=["Europe/Brussels"],
        platform="Platform " + IMG,
        organisers=[{"name": "Organiser " + ATTACH, "email": "events@example.org"}],
        extra=f"""\
[concept]
background = '''
Background {evil} <img src="{base}/background.png"> <iframe src="{base}/frame"></iframe>
'''
objectives = '''
- Objective one {IMG}
- Objective two [js{JS_LINK} {http_img}
'''
{people}
[[delegations]]
name = {toml_string("Delegation " + ATTACH)}
members = ["nino", "olga", "mohammed", "sonia"]

[[agenda]]
id = "opening"
title = {toml_string("Opening " + SCRIPT)}
kind = "opening"
start = "14:00"
end = "15:00"
moderators = ["sonia"]
speakers = ["nino", "olga", "mohammed"]
lead = {toml_string(f"Lead {IMG} [click{JS_LINK} {http_img} {JINJA} {RAW}")}

[report]
closing = "- CLOSE OF MEETING -"

[[report.sections]]
session = "opening"

[[report.sections.speakers]]
person = "nino"
notes = '''
- *Welcomed* {IMG} and {ATTACH}
- [click me{JS_LINK} and [file](file:///etc/passwd) and <file:///etc/hostname> and <javascript:alert(1)>
- {http_img} and <img src="{base}/raw.png"> and <object data="{base}/object"></object>
- {JINJA} {RAW} {SCRIPT} {{{{ config }}}} {{% include "/etc/passwd" %}}
'''

[[report.sections.speakers]]
person = "mohammed"
notes = '''
- Spoke in Arabic: {NAMES["mohammed"]}; Georgian: {NAMES["nino"]}; Cyrillic: {NAMES["olga"]}.
'''

[[report.links]]
text = {toml_string(f"Link {IMG} {JINJA}")}
url = "https://example.org/"
""",
    )


class TagCollector(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def secrets() -> list[str]:
    """Lines of /etc/passwd and the host name: none of them may appear in a generated file."""
    found = []
    for path in ("/etc/passwd", "/etc/hostname"):
        try:
            found += [line.strip() for line in Path(path).read_text().splitlines() if len(line.strip()) >= 6]
        except OSError:
            pass
    return found


def test_hostile_event_is_inert_text_and_fetches_nothing(tmp_path, counting_server):
    base, requests = counting_server
    source = tmp_path / "hostile.toml"
    source.write_text(hostile_event(base), encoding="utf-8")
    check = run_eventkit("check", source)
    assert check.returncode == 0, check.stderr
    out = tmp_path / "out"
    result = run_eventkit("build", source, "-o", out, "--format", "docx,pdf,html", "--no-invite")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    leaks = [s for s in secrets() if s not in source.read_text(encoding="utf-8")]

    for kind in KINDS:
        # the HTML, the intermediate document, has no active markup from the event file
        collector = TagCollector()
        page = (out / f"{kind}.html").read_text(encoding="utf-8")
        collector.feed(page)
        tags = collector.tags
        assert not [t for t, _ in tags if t in ("img", "script", "iframe", "object", "embed", "svg", "image")]
        assert not [a for t, a in tags if t == "link"]  # the theme is inside the file: nothing to load
        assert "<style>\n@page" in page
        for tag, attrs in tags:
            if tag == "a":  # links the text wrote out (an address in the notes is a link, as on GitHub)
                assert attrs.get("href", "").startswith(("https://", "http://", "mailto:")), attrs
                assert not [u for u in (attrs.get("href") or "",) if "javascript:" in u or "file:" in u], attrs
            # nothing that a renderer would fetch
            urls = [attrs.get(name) or "" for name in ("src", "data", "srcset", "action", "style")] + (
                [attrs.get("href") or ""] if tag != "a" else []
            )
            assert not [u for u in urls if "javascript:" in u or "file:" in u or base in u], attrs

        # the PDF shows the strings as text, fetched and embedded nothing, evaluated nothing
        pdf = out / f"{kind}.pdf"
        text = pdf_text(pdf)
        one_line = flat(text)
        assert f"Hostile {IMG} {ATTACH} {SCRIPT} {JINJA} {RAW}" in one_line, kind
        assert not re.search(r"(?<!\d)49(?!\d)", one_line.replace(base, "")), kind
        assert not [s for s in leaks if s in text], kind
        assert "root:x:0:0" not in text
        assert embedded_files(pdf) == 0
        assert "embedded files" in tool("pdfdetach", "-list", pdf)
        assert pdf_info(pdf)["Title"].startswith(f"Hostile {IMG}")
        fonts = pdf_fonts(pdf)
        assert fonts and all(emb == "yes" for _, emb in fonts), (kind, fonts)
        pdf_link_targets(pdf)

        # the DOCX likewise: text, no link to javascript:/file:, no images or embedded objects
        document_path = out / f"{kind}.docx"
        document = open_docx(document_path)
        docx_all = docx_text(document) + "\n" + "\n".join(paragraph_texts(document.sections[0].header._element))
        assert f"Hostile {IMG} {ATTACH} {SCRIPT} {JINJA} {RAW}" in flat(docx_all), kind
        assert not re.search(r"(?<!\d)49(?!\d)", docx_all.replace(base, "")), kind
        assert not [s for s in leaks if s in docx_all], kind
        for target, _ in hyperlinks(document):
            assert target.startswith(("https://", "http://", "mailto:")), target
        for rel in document.part.rels.values():
            if rel.is_external:
                assert rel.reltype.endswith("/hyperlink") and rel.target_ref.startswith(
                    ("https://", "http://", "mailto:")
                )
        with zipfile.ZipFile(document_path) as archive:
            names = archive.namelist()
            assert not [n for n in names if n.startswith(("word/media/", "word/embeddings/"))], names
            package = b"".join(archive.read(n) for n in names if n.endswith((".xml", ".rels")))
        assert b'Target="file:' not in package and b'Target="javascript:' not in package
        assert b"root:x:0:0" not in package

    report = flat(pdf_text(out / "report.pdf"))
    for literal in (
        f"Welcomed {IMG} and {ATTACH}",
        f"[click me{JS_LINK}",
        "[file](file:///etc/passwd)",
        "<file:///etc/hostname>",
        "<javascript:alert(1)>",
        f"![x]({base}/x.png)",
        f'<img src="{base}/raw.png">',
        f"{JINJA} {RAW} {SCRIPT} {{{{ config }}}}",
        '{% include "/etc/passwd" %}',
        f"Link {IMG} {JINJA}",
        f"Lead {IMG} [click{JS_LINK}",
    ):
        assert literal in report, literal
    report_docx = open_docx(out / "report.docx")
    links = hyperlinks(report_docx)
    assert [link for link in links if not link[0].startswith(base)] == [("https://example.org/", f"Link {IMG} {JINJA}")]
    # an address written out in the text is a link showing itself (as on GitHub), never something fetched
    assert all(target == text for target, text in links if target.startswith(base))
    welcomed = next(p for p in report_docx.paragraphs if p.text.startswith("Welcomed"))
    assert welcomed.runs[0].italic and welcomed.text == f"Welcomed {IMG} and {ATTACH}"

    # Georgian, Cyrillic, Arabic and accented Latin names come back as text, in embedded fonts
    for kind in ("participants", "speakers", "report"):
        text = pdf_text(out / f"{kind}.pdf")
        for name in NAMES.values():
            assert name in text, (kind, name)
        fonts = pdf_fonts(out / f"{kind}.pdf")
        assert any("Noto" in font for font, _ in fonts), fonts  # the fallback for Georgian and Arabic
        assert any("Carlito" in font for font, _ in fonts), fonts
    for name in NAMES.values():
        assert name in docx_text(open_docx(out / "participants.docx"))

    # LibreOffice, a real consumer of the DOCX, fetches nothing either and shows the same text
    lo = libreoffice_to_pdf([out / f"{kind}.docx" for kind in KINDS], tmp_path)
    lo_text = flat(pdf_text(lo / "report.pdf"))
    assert f"Hostile {IMG}" in lo_text and JINJA in lo_text
    assert not [s for s in leaks if s in lo_text]

    assert requests == []


def pdf_link_targets(pdf: Path) -> None:
    """Every link annotation in the PDF goes to https/mailto or inside the document; no actions, no files."""
    import pypdf

    reader = pypdf.PdfReader(pdf)
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            assert annotation.get("/Subtype") == "/Link", annotation
            action = annotation.get("/A")
            if action is not None:
                action = action.get_object()
                assert action.get("/S") in ("/URI", "/GoTo"), action
                if action.get("/S") == "/URI":
                    assert str(action["/URI"]).startswith(("https://", "http://", "mailto:")), action
    catalog = reader.trailer["/Root"]
    assert "/OpenAction" not in catalog and "/AA" not in catalog
    assert "/EmbeddedFiles" not in (catalog.get("/Names") or {})
    assert "/JavaScript" not in (catalog.get("/Names") or {})


# ---------------------------------------------------------------- failed builds keep the previous files

FAILING_TEMPLATES = {
    "undefined variable": '{% extends "base.html.j2" %}{% block content %}\n<p>{{ event.no_such_field }}</p>\n'
    "{% endblock %}",
    "syntax error": '{% extends "base.html.j2" %}{% block content %}{% if %}{% endblock %}',
    "raises": '{% extends "base.html.j2" %}{% block content %}{{ 1 // 0 }}{% endblock %}',
}


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def test_failed_builds_keep_the_previous_files(tmp_path, write_event, scaffold_text):
    source = write_event(scaffold_text)
    out = tmp_path / "out"
    first = run_eventkit("build", source, "-o", out, "--format", "docx,pdf,html", "--no-invite")
    assert first.returncode == 0, first.stderr
    before = snapshot(out)
    assert set(before) - {".eventkit-build.json"} == {
        f"{kind}.{fmt}" for kind in KINDS for fmt in ("docx", "pdf", "html")
    }

    bad_templates = tmp_path / "templates"
    bad_templates.mkdir()
    bad_docx = tmp_path / "styles.docx"
    bad_docx.write_bytes(b"PK\x03\x04 not really a Word file")
    attempts = [(["--templates", bad_templates], name, "report.html.j2") for name in FAILING_TEMPLATES]
    attempts.append((["--reference-docx", bad_docx], None, "styles.docx"))
    for options, template, mentioned in attempts:
        if template:
            (bad_templates / "report.html.j2").write_text(FAILING_TEMPLATES[template])
        # `build` renders four documents before the report fails; the single-document command fails at once
        commands = [["report", source]]
        if template == "undefined variable":
            commands.append(["build", source, "--no-invite"])
        for command in commands:
            result = run_eventkit(*command, "-o", out, *options)
            assert result.returncode == 1, (template, result.stderr)
            errors = [line for line in result.stderr.splitlines() if line.startswith("eventkit:")]
            assert len(errors) == 1, result.stderr
            assert mentioned in errors[0] and "nothing was written" in errors[0], errors[0]
            assert "Traceback" not in result.stderr and not result.stdout.strip()
            assert snapshot(out) == before, (template, command)  # same bytes, same mtimes, no temporary files

    # a failed build into a new folder leaves nothing behind
    fresh = tmp_path / "fresh"
    result = run_eventkit("report", source, "-o", fresh, "--templates", bad_templates)
    assert result.returncode == 1
    assert not fresh.exists() or not any(fresh.rglob("*"))


# ---------------------------------------------------------------- output options


def test_format_html_into_dir_writes_html_only(tmp_path, reference_models):
    out = tmp_path / "html"
    source = copy_event(REFERENCE_EVENTS["note-for-file"], tmp_path / "events")
    result = run_eventkit("build", source, "-o", out, "--format", "html")
    assert result.returncode == 0, result.stderr
    files = {p.name for p in out.iterdir()}  # one event: straight into DIR, no <event id>/ level
    assert {f"{kind}.html" for kind in KINDS} <= files
    assert files - {f"{kind}.html" for kind in KINDS} <= {"invite.ics", ".eventkit-build.json"}, files
    report = (out / "report.html").read_text(encoding="utf-8")
    assert report.startswith("<!DOCTYPE html>") and '<h1 class="title">' in report
    # the theme inside the file, so that it is styled wherever it is opened (no theme.css beside it)
    assert '<link rel="stylesheet"' not in report and "<style>" in report and "@page" in report


def test_single_document_command_writes_only_that_document(tmp_path, reference_builds):
    out = tmp_path / "report-only"
    result = run_eventkit("report", REFERENCE_EVENTS["note-for-file"], "-o", out)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["report.docx", "report.pdf"]
    # the same document as `build` writes: the PDF byte for byte, the DOCX part for part
    assert (out / "report.pdf").read_bytes() == (reference_builds["note-for-file"] / "report.pdf").read_bytes()
    with (
        zipfile.ZipFile(out / "report.docx") as a,
        zipfile.ZipFile(reference_builds["note-for-file"] / "report.docx") as b,
    ):
        assert a.namelist() == b.namelist()
        assert all(a.read(n) == b.read(n) for n in a.namelist())


def test_reference_docx_option_is_used(tmp_path, write_event, scaffold_text):
    import docx
    from docx.shared import Pt

    styles = docx.Document(str(ROOT / "templates" / "reference.docx"))
    styles.styles["Normal"].font.name = "Liberation Serif"
    styles.styles["Normal"].font.size = Pt(13)
    styles.styles["Heading 2"].font.name = "Liberation Mono"
    custom = tmp_path / "house-style.docx"
    styles.save(str(custom))

    source = write_event(scaffold_text)
    out = tmp_path / "out"
    result = run_eventkit("concept-note", source, "-o", out, "--format", "docx", "--reference-docx", custom)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["concept-note.docx"]
    document = open_docx(out / "concept-note.docx")
    assert document.styles["Normal"].font.name == "Liberation Serif"
    assert document.styles["Normal"].font.size == Pt(13)
    assert document.styles["Heading 2"].font.name == "Liberation Mono"
    assert any(p.style.name == "Heading 2" for p in document.paragraphs)


# ---------------------------------------------------------------- start-up cost


@pytest.mark.parametrize("args", [["--help"], ["check", *map(str, REFERENCE_EVENTS.values())]], ids=["help", "check"])
def test_help_and_check_import_no_renderer(args):
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "eventkit", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    modules = [
        line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")
    ]
    assert "eventkit.cli" in modules
    heavy = [
        m
        for m in modules
        if m.split(".")[0] in ("weasyprint", "docx", "icalendar", "pydyf", "fontTools")
        or m in ("eventkit.documents.pdf.writer", "eventkit.documents.docx.writer")
    ]
    assert heavy == [], heavy


# ---------------------------------------------------------------- PDF/UA-1 (issue #8)

# the checker installed with the test extras, beside this Python (.venv/bin), else one on the PATH
PDFUA = shutil.which("pdfua", path=str(Path(sys.executable).parent)) or shutil.which("pdfua")


@pytest.mark.skipif(PDFUA is None, reason="the pdfua checker (PyPI pdfua) is not installed")
@pytest.mark.parametrize("reference", REFS)
def test_pdfua_check_finds_nothing_in_any_pdf_of_the_examples(reference_builds, reference):
    pdfs = sorted(reference_builds[reference].glob("*.pdf"))
    assert len(pdfs) == len(KINDS)
    result = subprocess.run([PDFUA, "check", *map(str, pdfs)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("no findings") == len(pdfs), result.stdout
    import pikepdf

    for pdf in pdfs:
        with pikepdf.open(pdf) as document:
            assert str(document.Root.Lang) == "en"
            claims = dict(document.open_metadata())
            assert claims.get("{http://www.aiim.org/pdfua/ns/id/}part") == "1", (pdf, claims)
            scopes = [
                _scope(element.get("/A"))
                for element in _struct_elements(document.Root.StructTreeRoot)
                if element.get("/S") == "/TH"
            ]
            assert scopes and set(scopes) == {"/Column"} or pdf.stem in ("report", "speakers"), (pdf, scopes)


def _scope(attributes) -> str:
    """The /Scope of a TH's attribute dictionary, or of one of its attribute dictionaries."""
    import pikepdf

    items = list(attributes) if isinstance(attributes, pikepdf.Array) else [attributes]
    return next((str(a.Scope) for a in items if isinstance(a, pikepdf.Dictionary) and "/Scope" in a), "")


def _struct_elements(element, seen=None):
    import pikepdf

    seen = set() if seen is None else seen
    if isinstance(element, pikepdf.Array):
        for child in element:
            yield from _struct_elements(child, seen)
    elif isinstance(element, pikepdf.Dictionary):
        if element.is_indirect:
            if element.objgen in seen:
                return
            seen.add(element.objgen)
        yield element
        if "/K" in element:
            yield from _struct_elements(element.K, seen)


def test_pdf_a_option_writes_archival_pdfs(tmp_path):
    import pikepdf

    out = tmp_path / "archival"
    result = run_eventkit(
        "build", "--pdf-a", "--format", "pdf", "--no-invite", REFERENCE_EVENTS["note-for-file"], "-o", out
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir() if p.suffix == ".pdf") == sorted(f"{kind}.pdf" for kind in KINDS)
    with pikepdf.open(out / "agenda.pdf") as document:
        claims = dict(document.open_metadata())
        assert claims.get("{http://www.aiim.org/pdfa/ns/id/}part") == "3"
        assert claims.get("{http://www.aiim.org/pdfa/ns/id/}conformance") == "B"
        assert str(document.Root.Lang) == "en" and "/StructTreeRoot" in document.Root


def test_concept_note_sections_of_the_event_files_own(tmp_path):
    """[[concept.sections]] print where `after` puts them, in the order written, Markdown tables included."""
    import docx

    text = (
        (ROOT / "events" / "georgia-gcm-webinar-2021.toml").read_text(encoding="utf-8")
        + """
[[concept.sections]]
heading = "Partners"
after = "agenda"
text = "| Partner | Role |\\n|---|---|\\n| UNDP | Host |\\n"

[[concept.sections]]
heading = "Target audience"
text = "Programme officers of **UN agencies**."
"""
    )
    (tmp_path / "event.toml").write_text(text, encoding="utf-8")
    result = run_eventkit("concept-note", tmp_path / "event.toml", "--format", "pdf,docx", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    document = docx.Document(str(tmp_path / "out" / "concept-note.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings.index("Target audience") < headings.index("Format") < headings.index("Partners")
    assert headings.index("Agenda overview") < headings.index("Partners")
    assert [[c.text for c in row.cells] for row in document.tables[-1].rows] == [["Partner", "Role"], ["UNDP", "Host"]]
    words = flat(pdf_text(tmp_path / "out" / "concept-note.pdf"))
    assert "Target audience Programme officers of UN agencies." in words
    assert words.index("Agenda overview") < words.index("Partners Partner Role UNDP Host")
