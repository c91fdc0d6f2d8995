"""Links in the PDF are http, https and mailto only, as in the DOCX (#22 item 4): a Markdown link to a relative
path (``theme.css``, ``../../etc/passwd``), in the text or in a footnote, or a user template's ``<a href>`` to one,
keeps its text and loses the link; no ``file:`` address and no install path reach the PDF."""

from __future__ import annotations

import re
import shutil
import zlib
from pathlib import Path

import pypdf

from conftest import REFERENCE_EVENTS, ROOT, copy_event, run_eventkit
from test_documents import pdf_link_targets

NOTE = "- *Welcomed* representatives of"
LINKS = (
    "[^n]: See [the notes](notes.md) and [the site](https://example.org/notes).\n\n"
    "- *Welcomed* [the theme](theme.css), [the passwords](../../../../etc/passwd), [an anchor](#top), "
    "[the hub](https://example.org/hub) and [the office](mailto:office@example.org) of[^n] representatives of"
)


def pdf_uris(pdf: Path) -> list[str]:
    uris = []
    for page in pypdf.PdfReader(pdf).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and action.get_object().get("/S") == "/URI":
                uris.append(str(action.get_object()["/URI"]))
    return uris


def pdf_bytes_inflated(pdf: Path) -> bytes:
    """The PDF's bytes with every Flate stream inflated (where an address could hide)."""
    raw = pdf.read_bytes()
    streams = [
        zlib.decompressobj().decompress(m.group(1))
        for m in re.finditer(rb"stream\r?\n(.*?)endstream", raw, re.S)
        if m.group(1)[:1] in (b"x", b"\x78")
    ]
    return raw + b"".join(streams)


def test_relative_links_in_markdown_and_footnotes_are_text_in_the_pdf_and_the_docx(tmp_path):
    from docx import Document

    event = copy_event(REFERENCE_EVENTS["note-for-file"], tmp_path / "event")
    text = event.read_text(encoding="utf-8")
    assert NOTE in text
    event.write_text(text.replace(NOTE, LINKS, 1), encoding="utf-8")
    check = run_eventkit("check", event)
    assert check.returncode == 0, check.stderr
    for target in ("theme.css", "../../../../etc/passwd", "#top", "notes.md"):
        assert f"'{target}' is not a web or e-mail address" in check.stderr, check.stderr
    out = tmp_path / "out"
    done = run_eventkit("report", event, "-o", out, "--format", "pdf,docx")
    assert done.returncode == 0, done.stderr
    pdf = out / "report.pdf"
    pdf_link_targets(pdf)
    uris = pdf_uris(pdf)
    assert (
        "https://example.org/hub" in uris
        and "mailto:office@example.org" in uris
        and "https://example.org/notes" in uris
    )
    assert not [u for u in uris if not u.startswith(("https://", "http://", "mailto:"))], uris
    everything = pdf_bytes_inflated(pdf)
    assert b"file:" not in everything and str(ROOT).encode() not in everything
    page_text = " ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    for words in ("the theme", "the passwords", "an anchor", "the notes"):
        assert words in " ".join(page_text.split()), words

    document = Document(out / "report.docx")
    targets = [rel.target_ref for rel in document.part.rels.values() if rel.reltype.endswith("/hyperlink")]
    assert "https://example.org/hub" in targets and not [t for t in targets if not t.startswith(("http", "mailto:"))]


def test_a_user_templates_relative_link_is_not_a_link_in_the_pdf(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    source = (ROOT / "templates" / "agenda.html.j2").read_text(encoding="utf-8")
    assert "{% block content %}" in source
    (templates / "agenda.html.j2").write_text(
        source.replace(
            "{% block content %}",
            '{% block content %}<p><a href="theme.css">THEME-LINK</a> '
            '<a href="file:///etc/passwd">FILE-LINK</a> <a href="https://example.org/">WEB</a></p>',
            1,
        ),
        encoding="utf-8",
    )
    event = copy_event(REFERENCE_EVENTS["note-for-file"], tmp_path / "event")
    out = tmp_path / "out"
    done = run_eventkit("agenda", event, "-o", out, "--format", "pdf", "--templates", templates)
    assert done.returncode == 0, done.stderr
    assert pdf_uris(out / "agenda.pdf") == ["https://example.org/"]
    assert "THEME-LINK" in pypdf.PdfReader(out / "agenda.pdf").pages[0].extract_text()
    assert b"file:" not in pdf_bytes_inflated(out / "agenda.pdf")
    shutil.rmtree(out)
