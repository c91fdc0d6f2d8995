"""How programmes read on paper (issue #21): the grid of parallel sessions, group headings kept with what follows,
provisional programmes without times numbered as written, role labels as written, rows that may split, time columns
as wide as their times. Every check reads the real files: the PDF's words with their positions (pdftotext -bbox),
its page images (pdftoppm), the DOCX through python-docx and as LibreOffice lays it out."""

from __future__ import annotations

import html
import itertools
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from docx import Document

from conftest import EVENTS, ROOT, copy_event, run_eventkit
from eventkit.event.load import check_event
from test_documents import libreoffice_to_pdf

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="poppler-utils (pdftotext, pdftoppm) is not installed",
)
pytestmark = needs_poppler

DATA = ROOT / "tests" / "data"
BREAKOUT = DATA / "breakout-forum.toml"
PROVISIONAL = DATA / "provisional-programme.toml"
BREAKOUT_1 = ["Sharing river basins", "Flood-proof cities", "Water for food", "Warnings that reach people"]
HEADINGS = [
    "Breakout Session 1: National experience",
    "Breakout Session 2: Financing adaptation",
    "Track 3 | Skills for the future",
]


@dataclass(frozen=True)
class Line:
    page: int
    x: float  # left
    y: float  # top
    right: float
    bottom: float
    text: str


def pdf_lines(pdf: Path) -> list[Line]:
    """The PDF's text lines with their boxes, page by page, as pdftotext -bbox-layout reads them."""
    done = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    found = []
    for number, page in enumerate(re.split(r"<page ", done.stdout)[1:], 1):
        for line in re.finditer(
            r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', page, re.S
        ):
            words = " ".join(html.unescape(w) for w in re.findall(r">([^<]*)</word>", line.group(5)))
            found.append(Line(number, *map(float, line.group(1, 2, 3, 4)), words))
    return found


def page_height(pdf: Path) -> float:
    done = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return float(re.search(r"Page size:\s+[\d.]+ x ([\d.]+)", done.stdout).group(1))


def find(lines: list[Line], text: str) -> Line:
    return next(line for line in lines if line.text.startswith(text) or text in line.text)


def body_lines(lines: list[Line]) -> list[Line]:
    """Lines of the page's body: without the running header (the organiser's name) and the 'Page X of Y' footer."""
    return [ln for ln in lines if not re.fullmatch(r"Page \d+ of \d+", ln.text) and ln.y > 60]


def build(event: Path, out: Path, *formats: str, command: str = "agenda") -> Path:
    done = run_eventkit(command, event, "-o", out, "--format", ",".join(formats or ("pdf", "docx")))
    assert done.returncode == 0, done.stderr
    return out


def assert_four_columns_in_one_band(lines: list[Line]) -> None:
    """The four breakout groups' titles start on one line (the same row band) in four columns, left to right."""
    titles = [find(lines, title.split()[0] + " " + title.split()[1]) for title in BREAKOUT_1]
    assert len({t.page for t in titles}) == 1, titles
    assert max(t.y for t in titles) - min(t.y for t in titles) < 3, titles
    lefts = [t.x for t in titles]
    assert lefts == sorted(lefts) and min(b - a for a, b in itertools.pairwise(lefts)) > 60, titles


def assert_headings_kept_with_what_follows(lines: list[Line], headings=HEADINGS) -> None:
    """No heading is the last thing on its page: something of its own group follows it on the same page."""
    for heading in headings:
        line = find(lines, heading)
        after = [ln for ln in body_lines(lines) if ln.page == line.page and ln.y > line.bottom]
        assert after, f"'{heading}' is the last thing on page {line.page}"


# ------------------------------------------------------------------ the grid


@pytest.fixture(scope="module")
def breakout(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("breakout")
    return build(copy_event(BREAKOUT, folder), folder / "out", "pdf", "docx", "html")


def test_grid_puts_four_breakout_groups_side_by_side_in_the_pdf(breakout, tmp_path):
    lines = pdf_lines(breakout / "agenda.pdf")
    assert_four_columns_in_one_band(lines)
    # the columns are headed with the tracks' names, and the plenary sessions span them
    header = [
        ln
        for ln in lines
        if ln.page == 1 and ln.text in ("Group 1: River", "Group 2: Cities", "Group 3:", "Group 4: Early")
    ]
    assert len(header) == 4
    plenary = find(lines, "Plenary 1: Where the region stands")
    assert plenary.x < find(lines, "Flood-proof cities").x  # in the first track column's place, across all of them
    # the page image shows them: across the row band of the four titles run seven vertical rules (the table's
    # edges, between the two time columns and between the five other columns)
    title = find(lines, BREAKOUT_1[0])
    assert vertical_rules(breakout / "agenda.pdf", title.page, title.y, title.y + 40, tmp_path) == 7
    assert_headings_kept_with_what_follows(lines)


def vertical_rules(pdf: Path, page: int, top: float, bottom: float, folder: Path) -> int:
    """How many vertical lines cross the band between ``top`` and ``bottom`` (points) of the page's image (pdftoppm
    at 72 dpi: a pixel per point): runs of columns whose pixels are dark or tinted all the way down the band."""
    from PIL import Image

    subprocess.run(
        ["pdftoppm", "-r", "72", "-png", "-f", str(page), "-l", str(page), str(pdf), str(folder / "band")], check=True
    )
    [path] = folder.glob("band*.png")
    image = Image.open(path).convert("RGB")
    ys = range(int(top) + 1, int(bottom))
    inked = [all(sum(image.getpixel((x, y))) < 690 for y in ys) for x in range(image.width)]
    return sum(1 for x in range(1, image.width) if inked[x] and not inked[x - 1])


def test_grid_in_word_is_the_same_grid_as_libreoffice_lays_it_out(breakout, tmp_path):
    document = Document(str(breakout / "agenda.docx"))
    day_one = document.tables[0]
    header = [c.text for c in day_one.rows[0].cells]
    assert header == [
        "GMT+7",
        "CEST",
        "Group 1: River basins",
        "Group 2: Cities",
        "Group 3: Agriculture",
        "Group 4: Early warning",
    ]
    row = next(r for r in day_one.rows if "Sharing river basins" in r.cells[2].text)
    assert [BREAKOUT_1[n] in row.cells[2 + n].text for n in range(4)] == [True] * 4
    heading = next(r for r in day_one.rows if HEADINGS[0] in r.cells[2].text)
    assert len({id(c._tc) for c in heading.cells[2:]}) == 1  # one cell across the four tracks
    keep = heading._tr.xpath(".//w:pPr/w:keepNext")
    assert keep and len(keep) == len(heading._tr.xpath(".//w:p"))  # kept with the next row
    inbox = tmp_path / "in"
    inbox.mkdir()
    shutil.copy(breakout / "agenda.docx", inbox / "agenda.docx")
    lines = pdf_lines(libreoffice_to_pdf([inbox / "agenda.docx"], tmp_path) / "agenda.pdf")
    assert_four_columns_in_one_band(lines)
    assert_headings_kept_with_what_follows(lines)


@pytest.mark.parametrize("padding", [0, 4, 8, 12, 16])
def test_a_heading_is_never_alone_at_the_foot_of_a_page(tmp_path, padding):
    """Whatever comes before it, a group's heading starts a page together with its sessions (PDF and Word as
    LibreOffice lays it out): the lead of the first plenary grows line by line until the heading reaches the
    foot of page 1."""
    lead = "Background papers prepared for the Forum are presented and discussed."
    longer = lead + " " + " ".join(["The papers are discussed country by country."] * padding)
    path = tmp_path / "event.toml"
    path.write_text(
        BREAKOUT.read_text(encoding="utf-8")
        .replace(f'lead = "{lead}"', f'lead = "{longer}"')
        .replace('[layout]\nparallel = "grid"', '[layout]\nparallel = "stacked"'),
        encoding="utf-8",
    )
    out = build(path, tmp_path / "out")
    lines = pdf_lines(out / "agenda.pdf")
    assert_headings_kept_with_what_follows(lines)
    heading = find(lines, HEADINGS[0])
    assert find(lines, "Sharing river basins").page == heading.page
    assert find(lines, "Warnings that reach people").page == heading.page  # the parallel slot on one page
    if padding in (8, 16):
        lo = pdf_lines(libreoffice_to_pdf([out / "agenda.docx"], tmp_path) / "agenda.pdf")
        assert_headings_kept_with_what_follows(lo)


def test_more_than_four_tracks_are_stacked(tmp_path):
    text = BREAKOUT.read_text(encoding="utf-8").replace(
        '[[groups]]\nid = "breakout-1"',
        '''[[tracks]]
id = "g5"
name = "Group 5: Coasts"

[[agenda]]
id = "b1-g5"
title = "Rising seas"
day = 2027-05-11
start = "13:30"
end = "15:30"
track = "g5"
group = "breakout-1"

[[groups]]
id = "breakout-1"''',
        1,
    )
    path = tmp_path / "event.toml"
    path.write_text(text, encoding="utf-8")
    assert check_event(path).errors == []
    page = (build(path, tmp_path / "out", "html") / "agenda.html").read_text(encoding="utf-8")
    day_one, day_two = page.split('<h2 class="day">')[1:3]
    assert "grid" not in day_one.split(">")[2] and "Parallel sessions" not in day_one  # the heading says it
    assert "Group 5: Coasts" in day_one and 'class="agenda with-people grid"' in day_two


def test_concept_note_overview_follows_the_grid(breakout, tmp_path):
    out = build(copy_event(BREAKOUT, tmp_path), tmp_path / "out", "pdf", "docx", command="concept-note")
    lines = pdf_lines(out / "concept-note.pdf")
    assert_four_columns_in_one_band(lines)
    assert "Facilitator" not in " ".join(ln.text for ln in lines)  # the overview names no people


def test_tracks_without_names_are_columns_by_order(tmp_path):
    text = re.sub(r'\nname = "Group \d: [^"]*"\nroom = "Room [A-D]"', "", BREAKOUT.read_text(encoding="utf-8"))
    path = tmp_path / "event.toml"
    path.write_text(text, encoding="utf-8")
    assert check_event(path).errors == []
    out = build(path, tmp_path / "out", "pdf", "html")
    page = (out / "agenda.html").read_text(encoding="utf-8")
    assert "Group 1" not in page and "Room A" not in page
    assert '<th scope="col" colspan="4">Session</th>' in page  # one heading over the unnamed columns
    assert_four_columns_in_one_band(pdf_lines(out / "agenda.pdf"))


# ------------------------------------------------------------------ a provisional programme without times


@pytest.fixture(scope="module")
def provisional(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("provisional")
    return build(copy_event(PROVISIONAL, folder), folder / "out", "pdf", "docx")


def numbered_lines(text: str) -> list[str]:
    return re.findall(r"^(\d+\.|\d\([a-z]\)) (.+)$", text, re.M)


def test_provisional_programme_is_grouped_and_numbered_as_written(provisional):
    lines = pdf_lines(provisional / "agenda.pdf")
    text = "\n".join(ln.text for ln in lines)
    word = "\n".join(p.text for p in Document(str(provisional / "agenda.docx")).paragraphs)
    wanted = [
        ("1.", "Opening of the meeting"),
        ("2.", "Adoption of the agenda"),
        ("3.", "National experience with migration statistics"),
        ("3(a)", "Republic of Moldova: linking border and census data"),
        ("3(b)", "Georgia: a population register for migration statistics"),
        ("4.", "Working groups (in parallel)"),
        ("5.", "Recommendations of the working groups"),
        ("7.", "Other business"),
        ("8.", "Closing of the meeting"),
    ]
    assert numbered_lines(text) == wanted
    assert numbered_lines(word) == wanted
    # the working groups run together: side by side under their heading, in columns by their order
    groups = [find(lines, title) for title in ("New data sources", "Household surveys", "Registers and administrative")]
    assert max(g.y for g in groups) - min(g.y for g in groups) < 3 and [g.x for g in groups] == sorted(
        g.x for g in groups
    )
    assert groups[0].y > find(lines, "4. Working groups").y
    table = Document(str(provisional / "agenda.docx")).tables[0]
    assert [c.text.split("\n")[0] for c in table.rows[0].cells] == [
        "New data sources",
        "Household surveys",
        "Registers and administrative data",
    ]


def test_labels_print_as_written_and_none_that_was_not_asked_for(provisional, breakout):
    text = " ".join(ln.text for ln in pdf_lines(provisional / "agenda.pdf"))
    word = " ".join(p.text for p in Document(str(provisional / "agenda.docx")).paragraphs)
    for printed in (text, word):
        assert printed.count("Background paper 1") == 1 and "Background paper: " not in printed
        assert "Rapporteur" not in printed
        assert "Co-Chairs:" in printed and "Co-chairs" not in printed
        assert "Country report" not in printed and "country-report" not in printed  # label = "": none
    forum = " ".join(ln.text for ln in pdf_lines(breakout / "agenda.pdf"))
    assert forum.count("Background paper 1:") == 1 and forum.count("Background paper 2:") == 1
    assert "Panellist:" in forum and "Panellists:" not in forum  # singular, as the programme writes it


def test_same_title_twice_is_two_presentations_and_people_together_one(breakout):
    text = " ".join(ln.text for ln in pdf_lines(breakout / "agenda.pdf"))
    assert text.count("Country report: Pakistan") == 2  # two speakers, two entries
    assert "Ms. Chen Li and Dr. Farida" in text  # people = [...]: one joint entry


# ------------------------------------------------------------------ rows, pages and time columns


def test_vienna_agenda_fills_its_first_page_and_splits_only_long_rows(tmp_path):
    out = build(copy_event(EVENTS / "fostering-cooperation-vienna-2021.toml", tmp_path), tmp_path / "out")
    lines = pdf_lines(out / "agenda.pdf")
    height = page_height(out / "agenda.pdf")
    top, bottom = 28 / 25.4 * 72, height - 24 / 25.4 * 72  # theme.css's page margins
    last = max(ln.bottom for ln in body_lines(lines) if ln.page == 1)
    assert (last - top) / (bottom - top) >= 0.75
    assert find(lines, "Roundtable one").page == 1  # the long row starts on page 1 ...
    assert find(lines, "Mr. Dragan Dasic").page == 2  # ... and goes on under page 2's header
    page_two = [ln for ln in lines if ln.page == 2]
    assert page_two[1].text.startswith("CET") or any(ln.text == "Session" for ln in page_two[:4])
    # Word: w:cantSplit exactly on the rows the PDF keeps whole (the two round tables may split)
    table = Document(str(out / "agenda.docx")).tables[0]
    split = [row.cells[1].text.split("\n")[0] for row in table.rows[1:] if not row._tr.xpath("./w:trPr/w:cantSplit")]
    assert split == ["Roundtable one", "Roundtable two"]
    assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")


def phnom_penh(tmp_path: Path) -> Path:
    path = tmp_path / "event.toml"
    done = run_eventkit(
        "new", path, "--date", "2027-01-20", "--start", "10:00", "--end", "13:00", "--timezone", "Asia/Phnom_Penh"
    )
    assert done.returncode == 0, done.stderr
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^display_timezones = .*$", 'display_timezones = ["America/New_York"]', text, count=1, flags=re.M)
    text = text.replace('end = "10:15"', 'end = "10:55"').replace(
        'start = "10:15"\nend = "12:45"', 'start = "10:55"\nend = "12:30"'
    )
    path.write_text(text.replace('start = "12:45"', 'start = "12:30"'), encoding="utf-8")
    assert check_event(path).errors == []
    return path


@pytest.mark.parametrize("command", ["agenda", "concept-note"])
def test_a_second_zone_time_with_a_day_mark_stays_in_its_column(tmp_path, command):
    """Asia/Phnom_Penh shown also in America/New_York: 10:55-12:30 is '22:55 - 00:30 (+1)' in New York, under
    '19 Jan'. Its column is as wide as that: the '(+1)' ends before the session's title begins."""
    out = build(phnom_penh(tmp_path), tmp_path / "out", "pdf", command=command)
    lines = pdf_lines(out / f"{command}.pdf")
    mark = find(lines, "22:55 - 00:30 (+1)")
    title = next(ln for ln in lines if ln.text == "Discussion" and ln.page == mark.page)
    assert mark.right + 3 < title.x, (mark, title)


def test_a_day_without_times_has_no_time_columns(tmp_path):
    """In an agenda where only the first day has times, the second day's table has no empty zone columns (its
    breakout groups, marked as running together, still side by side)."""
    text = (
        (DATA / "breakout-forum.toml")
        .read_text(encoding="utf-8")
        .replace(
            'title = "Breakout Session 2: Financing adaptation"',
            'title = "Breakout Session 2: Financing adaptation"\nparallel = true',
        )
    )
    day_two = text[text.index("# ------------------------------------------------------------------ day 2") :]
    untimed = re.sub(r'\nstart = "[^"]*"\nend = "[^"]*"', "", day_two)
    path = tmp_path / "event.toml"
    path.write_text(text.replace(day_two, untimed), encoding="utf-8")
    assert check_event(path).errors == []
    out = build(path, tmp_path / "out", "html", "docx")
    page = (out / "agenda.html").read_text(encoding="utf-8")
    first, second = page.split('<h2 class="day">')[1:3]
    assert 'class="time"' in first and 'class="time' not in second
    tables = Document(str(out / "agenda.docx")).tables
    assert len(tables[0].columns) == 6 and len(tables[1].columns) == 4  # the second day: its four tracks only


def test_group_checks_are_located_with_suggestions(tmp_path):
    text = BREAKOUT.read_text(encoding="utf-8")
    path = tmp_path / "event.toml"
    path.write_text(text.replace('group = "breakout-2"', 'group = "breakout2"', 1), encoding="utf-8")
    [error] = check_event(path).errors
    assert error.path == "agenda[10].group" and "no group 'breakout2'" in error.message
    assert "breakout-2" in error.hint
    # a session of a group that does not follow the group's other sessions
    path.write_text(
        text.replace(
            'id = "t3-3"\ntitle = "Women in water professions"\nday = 2027-05-12\nstart = "14:30"\nend = "15:00"',
            'id = "t3-3"\ntitle = "Women in water professions"\nday = 2027-05-12\nstart = "17:00"\nend = "17:30"',
        ),
        encoding="utf-8",
    )
    [error] = check_event(path).errors
    assert "does not follow the group's other sessions" in error.message and error.path.endswith(".group")
    # joint = true on a session's first entry, and an entry with both person and people
    path.write_text(
        text.replace(
            'role = "facilitator"\nperson = "perera"', 'role = "facilitator"\nperson = "perera"\njoint = true'
        ).replace('role = "facilitator"\nperson = "sato"', 'role = "facilitator"\nperson = "sato"\npeople = ["chen"]'),
        encoding="utf-8",
    )
    errors = {e.path: e.message for e in check_event(path).errors}
    assert errors["agenda[6].participants[1].joint"].startswith("joint = true joins this entry to the one before it")
    assert errors["agenda[5].participants[1]"].startswith("give one of person")
    path.write_text(text.replace('[layout]\nparallel = "grid"', '[layout]\nparallel = "grids"'), encoding="utf-8")
    [error] = check_event(path).errors
    assert error.path == "layout.parallel" and "grid" in error.hint


def test_a_parallel_group_with_and_without_tracks_has_a_column_each(tmp_path):
    """Found by the fuzz test: a working group in a track and two without, running together: the track's column,
    then a column for each of the others (the second session of a column once took the wrong column's heading)."""
    text = PROVISIONAL.read_text(encoding="utf-8").replace(
        '[[groups]]\nid = "country-reports"',
        '[[tracks]]\nid = "main"\nroom = "Plenary hall"\n\n[[groups]]\nid = "country-reports"',
    )
    text = text.replace(
        'id = "wg-registers"\ntitle = "Registers and administrative data"',
        'id = "wg-registers"\ntitle = "Registers and administrative data"\ntrack = "main"',
    )
    path = tmp_path / "event.toml"
    path.write_text(text, encoding="utf-8")
    assert check_event(path).errors == []
    out = build(path, tmp_path / "out", "html", "docx")
    page = (out / "agenda.html").read_text(encoding="utf-8")
    [grid] = re.findall(r'<table class="agenda grid untimed">.*?</table>', page, re.S)
    assert re.findall(r'<th scope="col">([^<]*)</th>', grid) == ["Plenary hall", "", ""]
    cells = re.findall(r"<td>(.*?)</td>", grid, re.S)
    assert [re.search(r"<strong>([^<]*)</strong>", c).group(1) for c in cells] == [
        "Registers and administrative data",
        "New data sources",
        "Household surveys",
    ]
    assert "Plenary hall" not in cells[0]  # the column's heading says where it is
