"""The PDF writer on real PDFs: text, fonts, tags and metadata, and what the renderer may read."""

from __future__ import annotations

import datetime as dt
import io
import logging
import pathlib
import re
import shutil
import subprocess
import sys

import pypdf
import pytest

from conftest import html_document
from eventkit.documents.pdf.writer import RefusedURL, resolve_asset, write_pdf

ROOT = pathlib.Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"
NAMES = ["ნინო ჯაში", "Ольга Петрова", "محمد علي", "Sónia Conceição"]
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))

needs_poppler = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("pdftotext", "pdffonts", "pdfinfo", "pdfdetach")),
    reason="poppler-utils not installed",
)


def page(body: str, *, head: str = "", lang: str = "en") -> str:
    return html_document(body, head=head, lang=lang)


def run(*args: str | pathlib.Path) -> str:
    return subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True).stdout


def pdftotext(pdf: pathlib.Path, page_number: int | None = None) -> str:
    pages = ["-f", str(page_number), "-l", str(page_number)] if page_number else []
    return run("pdftotext", "-enc", "UTF-8", *pages, pdf, "-").translate(BIDI_CONTROLS)


def render(tmp_path: pathlib.Path, html: str, assets: pathlib.Path = TEMPLATES, name="out.pdf") -> pathlib.Path:
    out = tmp_path / name
    out.write_bytes(write_pdf(html, assets))
    return out


def fonts(pdf: pathlib.Path) -> list[tuple[str, str]]:
    """(font name, emb) for each row of pdffonts."""
    rows = [row.split() for row in run("pdffonts", pdf).splitlines()[2:]]
    return [(row[0], row[-5]) for row in rows]  # name type... encoding emb sub uni object-id


def embedded_files(pdf: pathlib.Path) -> int:
    return int(re.match(r"(\d+) embedded files", run("pdfdetach", "-list", pdf)).group(1))


def file_attachment_annotations(pdf: pathlib.Path) -> int:
    reader = pypdf.PdfReader(pdf)
    return sum(
        annot.get_object().get("/Subtype") == "/FileAttachment"
        for p in reader.pages
        for annot in p.get("/Annots") or []
    )


REPORT = page(
    '<h1 class="title">Fostering Sub-Regional Cooperation on Migration</h1>'
    '<p class="subtitle">A high-level event</p><p class="dateline">24 March 2021, 09:30 – 13:30 CET</p>'
    + "".join(
        f'<h2>Session {i}</h2><p class="lead">Speakers: {", ".join(NAMES)}.</p>'
        "<ul><li>Point<ul><li>nested <sup>1</sup></li></ul></li></ul>"
        + "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor. </p>"
        * 12
        for i in range(1, 7)
    )
    + '<p class="closing">- CLOSE OF MEETING -</p><p class="annexes">Annexes: Agenda</p>'
)


@pytest.fixture(scope="module")
def report_pdf(tmp_path_factory) -> pathlib.Path:
    return render(tmp_path_factory.mktemp("report"), REPORT)


# --- text, fonts, tags, metadata -------------------------------------------------------------


@needs_poppler
def test_text_comes_back_in_every_script(report_pdf):
    text = pdftotext(report_pdf)
    for name in NAMES:
        assert name in text
    assert "Fostering Sub-Regional Cooperation on Migration" in text
    assert "- CLOSE OF MEETING -" in text


@needs_poppler
def test_running_header_and_page_x_of_y_on_every_page(report_pdf):
    pages = len(pypdf.PdfReader(report_pdf).pages)
    assert pages >= 3
    for number in range(1, pages + 1):
        text = pdftotext(report_pdf, number)
        assert text.count("IOM Regional Office in Vienna") == 1, number
        assert f"Page {number} of {pages}" in text


@needs_poppler
def test_every_font_is_embedded(report_pdf):
    rows = fonts(report_pdf)
    assert rows and all(emb == "yes" for _, emb in rows), rows
    assert any("Carlito" in name for name, _ in rows)


@needs_poppler
@pytest.mark.parametrize(
    "text, font",
    [
        ("Ms. Sónia Conceição", "Carlito"),
        ("Ольга Петрова", "Carlito"),
        ("ნინო ჯაში", "Noto"),
        ("محمد علي", "Noto"),
    ],
)
def test_each_script_gets_a_font_with_real_glyphs(tmp_path, text, font):
    pdf = render(tmp_path, page(f"<p>{text}</p>").replace("IOM Regional Office in Vienna", "IOM"))
    assert text in pdftotext(pdf)
    rows = fonts(pdf)
    assert all(emb == "yes" for _, emb in rows), rows
    if font == "Carlito":  # the body font has these glyphs itself: no fallback font is needed
        assert all("Carlito" in name for name, _ in rows), rows
    else:  # Carlito has no such glyphs: the theme's fallback order names the script's Noto font
        assert any(font in name for name, _ in rows), rows


@needs_poppler
def test_tagged_pdf_with_metadata_from_the_head(report_pdf):
    info = dict(line.split(":", 1) for line in run("pdfinfo", "-isodates", report_pdf).splitlines())
    info = {key: value.strip() for key, value in info.items()}
    assert info["Tagged"] == "yes"
    assert info["Title"] == "Fostering Sub-Regional Cooperation – Summary report"
    assert info["Author"] == "IOM Regional Office in Vienna"
    assert info["Subject"] == "Summary report"
    assert info["Keywords"] == "migration, GCM"
    assert info["Page size"].endswith("(A4)")
    created = pypdf.PdfReader(report_pdf).metadata.creation_date
    assert created == dt.datetime(2021, 3, 24, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))


@needs_poppler
def test_table_header_row_repeats_on_the_next_page(tmp_path):
    rows = "".join(f"<tr><td>Delegate {i}</td><td>Minister</td></tr>" for i in range(120))
    pdf = render(
        tmp_path,
        page(f"<table><thead><tr><th>Full name</th><th>Function</th></tr></thead><tbody>{rows}</tbody></table>"),
    )
    assert len(pypdf.PdfReader(pdf).pages) >= 2
    assert "Full name" in pdftotext(pdf, 2)


# --- what the renderer may read ----------------------------------------------------------------


@pytest.fixture
def assets(tmp_path) -> pathlib.Path:
    """An assets folder whose theme.css leaves a visible mark, and a secret file next to it."""
    folder = tmp_path / "assets"
    folder.mkdir()
    (folder / "theme.css").write_text("body::before { content: 'THEME-LOADED' }")
    (tmp_path / "secret.css").write_text("body::after { content: 'SECRET-LEAKED' }")
    (folder / "evil.css").symlink_to(tmp_path / "secret.css")
    return folder


@needs_poppler
def test_hostile_html_fetches_nothing_and_embeds_nothing(tmp_path, counting_server, caplog, capsys):
    base, requests = counting_server
    caplog.set_level(logging.DEBUG, logger="eventkit.documents.pdf.writer")
    caplog.set_level(logging.DEBUG, logger="weasyprint")
    hostile = page(
        f'<p>Before</p><img src="file:///etc/passwd"><img src="{base}/x.png">'
        '<a rel="attachment" href="file:///etc/hostname">x</a>'
        f'<a rel="attachment" href="{base}/a.bin">y</a>'
        f'<svg width="9" height="9"><image href="{base}/svg.png" width="9" height="9"/></svg>'
        f'<object data="{base}/object"></object><p>After</p>',
        head=f'<link rel="attachment" href="file:///etc/hostname"><link rel="attachment" href="{base}/att">'
        f'<link rel="stylesheet" href="{base}/style.css"><link rel="stylesheet" href="file:///etc/passwd">'
        f"<style>@import url(file:///etc/passwd); @import url({base}/import.css);"
        f"@font-face {{ font-family: Evil; src: url({base}/font.ttf) }}"
        f"p {{ background: url({base}/bg.png) }}</style>",
    )
    pdf = render(tmp_path, hostile)

    assert requests == []
    assert embedded_files(pdf) == 0
    assert file_attachment_annotations(pdf) == 0
    text = pdftotext(pdf)
    assert "Before" in text and "After" in text
    assert "root:" not in text and "FETCHED-OVER-HTTP" not in text
    refused = [r.getMessage() for r in caplog.records if r.name == "eventkit.documents.pdf.writer"]
    for url in (
        "file:///etc/passwd",
        f"{base}/x.png",
        f"{base}/style.css",
        f"{base}/import.css",
        f"{base}/font.ttf",
        f"{base}/bg.png",
        f"{base}/svg.png",
    ):
        assert any(url in message for message in refused), url
    # WeasyPrint's own records about the refusals are filtered out; nothing is printed.
    assert not [
        r
        for r in caplog.records
        if r.name.startswith("weasyprint")
        and "eventkit-refused-url" in (r.getMessage() + str(r.exc_info and r.exc_info[1]))
    ]
    assert capsys.readouterr() == ("", "")


@needs_poppler
def test_file_inside_assets_is_fetched_but_escapes_are_refused(tmp_path, assets, caplog):
    caplog.set_level(logging.DEBUG, logger="eventkit.documents.pdf.writer")
    secret = tmp_path / "secret.css"
    html = page(
        "<p>Body</p>",
        head=(
            '<link rel="stylesheet" href="../secret.css"><link rel="stylesheet" href="%2e%2e/secret.css">'
            f'<link rel="stylesheet" href="{secret.as_uri()}"><link rel="stylesheet" href="evil.css">'
            '<style>@import url("sub/../../secret.css");</style>'
        ),
    )
    text = pdftotext(render(tmp_path, html, assets))
    assert "THEME-LOADED" in text
    assert "SECRET-LEAKED" not in text
    assert len([r for r in caplog.records if "secret.css" in r.getMessage() or "evil.css" in r.getMessage()]) >= 3


@needs_poppler
def test_attachments_are_never_embedded_even_from_inside_assets(tmp_path, assets):
    html = page(
        '<p><a rel="attachment" href="theme.css">attached</a></p>',
        head='<link rel="attachment" href="theme.css" title="t">',
    )
    pdf = render(tmp_path, html, assets)
    assert embedded_files(pdf) == 0
    assert file_attachment_annotations(pdf) == 0
    assert "attached" in pdftotext(pdf)


def test_resolve_asset_accepts_only_regular_files_inside_the_folder(tmp_path, assets):
    root = assets.resolve()
    assert resolve_asset((assets / "theme.css").as_uri(), root) == root / "theme.css"
    assert resolve_asset((assets / "theme.css").as_uri() + "?v=1#x", root) == root / "theme.css"
    for url in [
        "file:///etc/passwd",
        (assets / ".." / "secret.css").as_uri(),
        (assets / "evil.css").as_uri(),  # symlink pointing outside
        (assets / "missing.css").as_uri(),
        assets.as_uri(),  # a folder, not a file
        "file://example.org" + (assets / "theme.css").as_posix(),
        "file://" + (assets / "theme.css").as_posix() + "%00",
        "http://127.0.0.1:9/theme.css",
        "https://example.org/theme.css",
        "ftp://example.org/theme.css",
        "data:text/css,body{color:red}",
    ]:
        with pytest.raises(RefusedURL):
            resolve_asset(url, root)


def test_symlinked_assets_folder_still_works(tmp_path, assets):
    link = tmp_path / "link"
    link.symlink_to(assets, target_is_directory=True)
    pdf = write_pdf(page("<p>x</p>"), link)
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "THEME-LOADED" in text


# --- packaging and performance -----------------------------------------------------------------


def test_importing_the_module_does_not_import_weasyprint():
    code = "import sys, eventkit.documents.pdf.writer; print('weasyprint' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_fonts_are_subset_with_harfbuzz(tmp_path, caplog):
    from weasyprint.text import ffi

    caplog.set_level(logging.WARNING, logger="weasyprint")
    render(tmp_path, page("<p>Sónia</p>"))
    assert ffi.harfbuzz_subset is not None
    assert not [r for r in caplog.records if "fontTools instead of HarfBuzz" in r.getMessage()]
