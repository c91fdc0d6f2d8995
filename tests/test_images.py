"""Organisers' logos and local images in Markdown: drawn in the HTML, PDF and DOCX from verified files inside the
event file's folder only; escapes, wrong types and remote images are refused (located errors) or stay text, and
nothing is ever fetched."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import event_toml, run_eventkit

pytestmark = pytest.mark.skipif(
    not shutil.which("pdfimages") or not shutil.which("pdftotext"),
    reason="poppler-utils (pdfimages, pdftotext) not installed",
)

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


def event_text(
    logo: str = "logos/unece.png",
    background: str = "![Group photo of the participants](photos/group.jpg)",
    notes_file: str = "",
) -> str:
    unece = {"name": "UNECE", "email": "events@example.org", **({"logo": logo} if logo else {})}
    notes_line = f'notes_file = "{notes_file}"' if notes_file else ""
    return event_toml(
        id="pictures",
        title="Workshop with pictures",
        timezone="Europe/Zurich",
        organisers=[unece, {"name": "IOM", "logo": "logos/iom.gif"}],
        extra=f"""\
[concept]
background = '''
The workshop in pictures.

{background}
'''

[people.ana]
name = "Ana Example"
bio = "Economist."

[[agenda]]
id = "opening"
title = "Opening"
start = "10:00"
end = "12:00"
speakers = ["ana"]

[report]
{notes_line}
""",
    )


def make_image(path: Path, size: tuple[int, int], colour, fmt: str) -> Path:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path, fmt)
    return path


@pytest.fixture
def event_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "event"
    make_image(folder / "logos" / "unece.png", (400, 160), (11, 59, 112), "PNG")
    make_image(folder / "logos" / "iom.gif", (200, 200), (200, 30, 30), "GIF")
    make_image(folder / "photos" / "group.jpg", (1600, 900), (30, 120, 60), "JPEG")
    (folder / "event.toml").write_text(event_text(), encoding="utf-8")
    return folder


def pdf_images(pdf: Path) -> list[tuple[int, int]]:
    """(width, height) in pixels of every image drawn in the PDF (pdfimages -list)."""
    rows = subprocess.run(["pdfimages", "-list", str(pdf)], check=True, capture_output=True, text=True).stdout
    return [(int(r.split()[3]), int(r.split()[4])) for r in rows.splitlines()[2:] if r.split()[2] == "image"]


def figure_alt_texts(pdf: Path) -> list[str]:
    """The /Alt of every /Figure structure element (PDF/UA alternate text)."""
    import pikepdf

    found = []

    def walk(node):
        if isinstance(node, pikepdf.Dictionary):
            if node.get("/S") == "/Figure" and "/Alt" in node:
                found.append(str(node.Alt))
            if "/K" in node:
                walk(node.K)
        elif isinstance(node, pikepdf.Array):
            for item in node:
                walk(item)

    with pikepdf.open(pdf) as document:
        walk(document.Root.StructTreeRoot)
    return found


def docx_pictures(path: Path) -> list[tuple[str, str, bytes]]:
    """(alt text, media part name, media bytes) of every picture in the DOCX body, through its a:blip relationship."""
    from lxml import etree

    with zipfile.ZipFile(path) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
        rels = etree.fromstring(archive.read("word/_rels/document.xml.rels"))
        targets = {rel.get("Id"): rel.get("Target") for rel in rels}
        pictures = []
        for inline in body.iter(f"{{{WP}}}inline"):
            descr = inline.find(f"{{{WP}}}docPr").get("descr")
            blip = next(inline.iter(f"{{{A}}}blip"))
            target = "word/" + targets[blip.get(f"{{{R}}}embed")]
            pictures.append((descr, target, archive.read(target)))
        return pictures


def test_logos_and_a_local_photo_are_drawn_with_their_alt_text(event_folder, tmp_path):
    source = event_folder / "event.toml"
    check = run_eventkit("check", source)
    assert check.returncode == 0, check.stdout + check.stderr
    out = tmp_path / "out"
    result = run_eventkit("build", source, "-o", out, "--format", "docx,pdf,html", "--no-invite")
    assert result.returncode == 0, result.stderr

    html = (out / "concept-note.html").read_text(encoding="utf-8")
    images = re.findall(r'<img class="(\w+)" src="([^"]+)" alt="([^"]*)">', html)
    assert [(c, Path(s.removeprefix("file://")).name, a) for c, s, a in images] == [
        ("logo", "unece.png", "UNECE"),
        ("logo", "iom.gif", "IOM"),
        ("picture", "group.jpg", "Group photo of the participants"),
    ]

    pdf = out / "concept-note.pdf"
    assert sorted(pdf_images(pdf)) == [(200, 200), (400, 160), (1600, 900)]
    assert figure_alt_texts(pdf) == ["UNECE", "IOM", "Group photo of the participants"]
    assert "![" not in subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert sorted(pdf_images(out / "agenda.pdf")) == [(200, 200), (400, 160)]  # the logos head every document

    pictures = docx_pictures(out / "concept-note.docx")
    assert [alt for alt, _, _ in pictures] == ["UNECE", "IOM", "Group photo of the participants"]
    assert [name.rsplit(".", 1)[1] for _, name, _ in pictures] == ["png", "gif", "jpg"]
    assert all(name.startswith("word/media/") for _, name, _ in pictures)
    assert pictures[2][2] == (event_folder / "photos" / "group.jpg").read_bytes()
    with zipfile.ZipFile(out / "concept-note.docx") as archive:
        document = archive.read("word/document.xml").decode()
    extents = [(int(x), int(y)) for x, y in re.findall(r'<wp:extent cx="(\d+)" cy="(\d+)"/>', document)]
    assert extents[0][1] == extents[1][1] == 540000  # logos 1.5 cm high
    assert extents[0][0] == 540000 * 400 // 160  # aspect kept
    assert extents[2][0] < 1600 * 9525 and extents[2][0] * 900 // 1600 == pytest.approx(extents[2][1], abs=2)


def test_a_changed_logo_rebuilds_the_documents(event_folder, tmp_path):
    source = event_folder / "event.toml"
    out = tmp_path / "out"
    assert run_eventkit("build", source, "-o", out, "--format", "pdf", "--no-invite").returncode == 0
    before = (out / "concept-note.pdf").read_bytes()
    again = run_eventkit("build", source, "-o", out, "--format", "pdf", "--no-invite")
    assert "concept-note.pdf" not in again.stdout + again.stderr or "up to date" in again.stdout + again.stderr
    assert (out / "concept-note.pdf").read_bytes() == before
    make_image(event_folder / "logos" / "unece.png", (400, 160), (240, 120, 0), "PNG")  # same name, same size
    result = run_eventkit("build", source, "-o", out, "--format", "pdf", "--no-invite")
    assert result.returncode == 0, result.stderr
    assert (out / "concept-note.pdf").read_bytes() != before


def outside_png(tmp_path: Path) -> Path:
    return make_image(tmp_path / "secret.png", (10, 10), (0, 0, 0), "PNG")


BAD_IMAGES = {
    "dotdot": ("../secret.png", "outside the event file's folder ('..' leads out of it)"),
    "symlink": ("photos/link.png", "outside the event file's folder (a symbolic link leads out of it)"),
    "text": ("photos/notes.png", "is a text file, not a PNG, JPEG or GIF file"),
    "svg": ("photos/drawing.png", "is an SVG drawing (refused: it can reference other files)"),
    "missing": ("photos/none.png", "does not exist in the event file's folder"),
    "absolute": ("/etc/passwd", "is an absolute path"),
    "too-large": ("photos/huge.png", "the image is too large (11.0 MB; at most 10 MB)"),
    "too-many-pixels": ("photos/bomb.png", "the image has 8000 × 6000 pixels (at most 40 megapixels)"),
}


@pytest.mark.parametrize("case", list(BAD_IMAGES))
def test_a_bad_image_is_a_located_error_and_build_refuses(event_folder, tmp_path, case):
    reference, message = BAD_IMAGES[case]
    outside_png(tmp_path)
    (event_folder / "photos" / "link.png").symlink_to(tmp_path / "secret.png")
    (event_folder / "photos" / "notes.png").write_text("not a picture\n", encoding="utf-8")
    (event_folder / "photos" / "drawing.png").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>', encoding="utf-8"
    )
    from PIL import Image

    Image.new("1", (8000, 6000)).save(event_folder / "photos" / "bomb.png")  # a few kB that decode to 48 MP
    (event_folder / "photos" / "huge.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(11 * 1024 * 1024))
    source = event_folder / "event.toml"
    source.write_text(event_text(background=f"Before it ![The photo]({reference})"), encoding="utf-8")
    line = next(n for n, text in enumerate(source.read_text().splitlines(), 1) if "Before it" in text)
    column = len("Before it ![The photo](") + 1

    check = run_eventkit("check", source)
    assert check.returncode == 1
    expected = f"{source}:{line}:{column}: concept.background: image '{reference}'"
    assert expected in check.stdout + check.stderr, check.stdout + check.stderr
    assert message in check.stdout + check.stderr

    out = tmp_path / "out"
    build = run_eventkit("build", source, "-o", out, "--no-invite")
    assert build.returncode != 0
    assert expected in build.stdout + build.stderr and "Traceback" not in build.stderr
    assert not out.exists() or not list(out.iterdir())


def test_a_logo_outside_the_folder_or_remote_is_a_located_error(event_folder, tmp_path):
    outside_png(tmp_path)
    source = event_folder / "event.toml"
    for logo, message in (
        ("../secret.png", "logo '../secret.png' is outside the event file's folder"),
        ("https://example.org/logo.png", "'https://example.org/logo.png' is an address: logos are never fetched"),
    ):
        source.write_text(event_text(logo=logo), encoding="utf-8")
        line = next(
            n for n, text in enumerate(source.read_text().splitlines(), 1) if text.startswith('logo = "' + logo)
        )
        check = run_eventkit("check", source)
        assert check.returncode == 1
        assert f"{source}:{line}:8: organisers[1].logo: {message}" in check.stdout + check.stderr, check.stdout


def test_an_image_in_the_notes_file_is_checked_against_the_event_folder(event_folder, tmp_path):
    outside_png(tmp_path)
    source = event_folder / "event.toml"
    source.write_text(event_text(notes_file="event.notes.md"), encoding="utf-8")
    (event_folder / "event.notes.md").write_text(
        "## opening\n\nThe room.\n\n![The room](../secret.png)\n", encoding="utf-8"
    )
    check = run_eventkit("check", source)
    assert check.returncode == 1
    assert f"{event_folder / 'event.notes.md'}:5:13: image '../secret.png' is outside" in check.stdout + check.stderr


def test_a_remote_image_is_not_fetched_and_stays_text(event_folder, tmp_path, counting_server):
    base, requests = counting_server
    source = event_folder / "event.toml"
    remote = f"![Remote chart]({base}/chart.png)"
    source.write_text(
        event_text(background=f"{remote}\n\n![Group photo of the participants](photos/group.jpg)"), encoding="utf-8"
    )
    check = run_eventkit("check", source)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "remote images are never fetched: the Markdown is printed as text" in check.stdout + check.stderr
    out = tmp_path / "out"
    result = run_eventkit("build", source, "-o", out, "--format", "docx,pdf,html", "--no-invite")
    assert result.returncode == 0, result.stderr
    assert requests == []
    text = " ".join(
        subprocess.run(["pdftotext", str(out / "concept-note.pdf"), "-"], capture_output=True, text=True).stdout.split()
    )
    assert remote in text
    assert sorted(pdf_images(out / "concept-note.pdf")) == [(200, 200), (400, 160), (1600, 900)]
    assert base not in "".join(re.findall(r"<img[^>]*>", (out / "concept-note.html").read_text(encoding="utf-8")))
    assert len(docx_pictures(out / "concept-note.docx")) == 3


def test_the_pdf_renderer_reads_only_this_builds_images(event_folder, tmp_path):
    """A template's <img> naming another file (even one beside the event), or a verified image swapped for text
    after the check, is refused by the fetcher: only the listed image files are read."""
    from eventkit.documents.pdf.writer import write_pdf
    from eventkit.resources import templates_dir

    allowed = event_folder / "photos" / "group.jpg"
    other = make_image(event_folder / "photos" / "other.png", (300, 100), (1, 2, 3), "PNG")
    html = (
        f'<html lang="en"><head><title>t</title></head><body><p><img src="{allowed.as_uri()}" alt="a">'
        f'<img src="{other.as_uri()}" alt="b"></p></body></html>'
    )
    pdf = tmp_path / "out.pdf"
    pdf.write_bytes(write_pdf(html, templates_dir(), image_files=(os.path.realpath(allowed),)))
    assert pdf_images(pdf) == [(1600, 900)]
    allowed.write_text("swapped for text\n", encoding="utf-8")
    pdf.write_bytes(write_pdf(html, templates_dir(), image_files=(os.path.realpath(allowed),)))
    assert pdf_images(pdf) == []


def test_the_preview_serves_the_events_images_and_nothing_else(event_folder):
    """A browser does not load file: images into an http page: the preview points the logos and pictures at
    /_preview/image/<n>, which serves exactly the event's verified images."""
    import http.client
    import re
    import threading

    from eventkit.preview.server import PreviewServer
    from eventkit.preview.state import PreviewState

    server = PreviewServer(PreviewState(event_folder / "event.toml"), 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def get(path: str) -> tuple[int, str, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=30)
        connection.request("GET", path)
        response = connection.getresponse()
        result = response.status, response.getheader("Content-Type"), response.read()
        connection.close()
        return result

    try:
        status, _, page = get("/doc/concept-note.html")
        assert status == 200 and b"file:" not in page
        sources = re.findall(rb'<img [^>]*src="([^"]+)"', page)
        assert len(sources) == 3 and all(s.startswith(b"/_preview/image/") for s in sources)
        served = {get(s.decode())[1] for s in sources}
        assert served == {"image/png", "image/gif", "image/jpeg"}
        assert get("/_preview/image/3")[0] == 404 and get("/_preview/image/..%2fevent.toml")[0] == 404
    finally:
        server.shutdown()
        server.server_close()


def test_a_picture_in_a_footnote_is_drawn_in_the_word_footnote(event_folder, tmp_path):
    """A note may hold a picture: the DOCX's footnotes part gets the picture and its image relationship (a plain
    XML part could not hold one: the build crashed), and the PDF draws it at the foot of the page."""
    source = event_folder / "event.toml"
    source.write_text(
        event_text(background="Photo below.[^1]\n\n[^1]: Taken by ![the IOM logo](logos/iom.gif) staff."),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run_eventkit("concept-note", source, "--format", "pdf,docx", "-o", out)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(out / "concept-note.docx") as archive:
        notes = archive.read("word/footnotes.xml").decode("utf-8")
        rels = archive.read("word/_rels/footnotes.xml.rels").decode("utf-8")
    assert 'descr="the IOM logo"' in notes and "Taken by" in notes and "staff." in notes
    assert "relationships/image" in rels
    assert (200, 200) in pdf_images(out / "concept-note.pdf")
