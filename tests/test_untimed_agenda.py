"""Agenda items without times (a meeting's provisional agenda: "1. Opening of the meeting. 2. Adoption of the
agenda ..."): the real files are read back — agenda.pdf through pdftotext, agenda.docx through python-docx, the
.ics through icalendar — and `check` through the real command line."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from docx import Document
from docx.oxml.ns import qn

from conftest import event_toml, run_eventkit
from eventkit.calendar.invites import build_invites
from eventkit.event.load import check_event, load_event
from eventkit.event.programme import programme_days

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")

HEAD = event_toml(
    id="steering-2027",
    title="Steering Committee of the Regional Migration Network",
    kind="meeting",
    report_style="minutes",
    date=dt.date(2027, 3, 24),
    end="13:00",
    venue="Vienna International Centre",
    organisers=[{"name": "Secretariat of the Network", "email": "secretariat@example.org"}],
    extra="""\
[people.held]
honorific = "Ms."
name = "Renate Held"
title = "Chair of the Committee"
email = "renate.held@example.org"
bio = "Chair."

[people.kim]
honorific = "Mr."
name = "Jae Kim"
title = "Secretary of the Network"
email = "jae.kim@example.org"
bio = "Secretary."
""",
)

ITEMS = [  # (id, title, times or None, extra lines)
    ("opening", "Opening of the meeting", None, 'moderators = ["held"]'),
    ("adoption", "Adoption of the agenda", ("10:15", "10:30"), ""),
    (
        "secretariat-report",
        "Report of the Secretariat",
        None,
        'speakers = ["kim"]\nlead = "Work since the last meeting."',
    ),
    ("other-business", "Other business", ("12:00", "12:30"), ""),
    ("closing", "Closing of the meeting", None, ""),
]
TITLES = [title for _, title, _, _ in ITEMS]


def event_text(timed: bool, items=ITEMS) -> str:
    """The event with the items above; ``timed`` False: no item has times."""
    parts = [HEAD]
    for sid, title, times, extra in items:
        lines = ["[[agenda]]", f'id = "{sid}"', f'title = "{title}"']
        if timed and times:
            lines += [f'start = "{times[0]}"', f'end = "{times[1]}"']
        parts.append("\n".join(lines + ([extra] if extra else [])) + "\n")
    parts.append('[report]\nannexes = [{ content = "agenda" }]\n')
    return "\n".join(parts)


def write(folder: Path, text: str, name: str = "event.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def build(path: Path, command: str = "agenda") -> Path:
    out = path.parent / "out"
    result = run_eventkit(command, path, "--format", "docx,pdf", "-o", out)
    assert result.returncode == 0, result.stderr
    return out


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True, text=True, check=True).stdout


def numbered_paragraphs(docx: Path) -> list[tuple[str, str, str]]:
    """(text, numId, ilvl) of every paragraph with list numbering (w:numPr)."""
    found = []
    for paragraph in Document(str(docx)).paragraphs:
        num_pr = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num_pr is not None:
            found.append(
                (
                    paragraph.text,
                    num_pr.find(qn("w:numId")).get(qn("w:val")),
                    num_pr.find(qn("w:ilvl")).get(qn("w:val")),
                )
            )
    return found


def number_format(docx: Path, num_id: str) -> str:
    """The w:numFmt of level 0 of the list instance ``num_id`` ('decimal', 'bullet' ...)."""
    numbering = Document(str(docx)).part.numbering_part.element
    num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id)
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(a for a in numbering.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abstract_id)
    level = next(lvl for lvl in abstract.findall(qn("w:lvl")) if lvl.get(qn("w:ilvl")) == "0")
    return level.find(qn("w:numFmt")).get(qn("w:val"))


# ------------------------------------------------------------------ documents


@needs_pdftotext
def test_an_agenda_without_times_is_a_numbered_list(tmp_path):
    out = build(write(tmp_path, event_text(timed=False)))
    text = pdf_text(out / "agenda.pdf")
    numbers = [(int(m.group(1)), m.group(2).strip()) for m in re.finditer(r"^\s*(\d+)\.\s+(.+)$", text, re.M)]
    assert numbers == list(enumerate(TITLES, 1))
    assert "Ms. Renate Held" in text and "Mr. Jae Kim" in text and "Work since the last meeting." in text
    assert "10:00 - 13:00" in text  # the event's hours in the dateline, as before
    assert "CET" not in text.split("1.")[1]  # ... but no time column after it

    docx = out / "agenda.docx"
    assert not Document(str(docx)).tables
    items = [(t, n) for t, n, level in numbered_paragraphs(docx) if level == "0"]
    assert [t for t, _ in items] == TITLES
    assert len({n for _, n in items}) == 1 and number_format(docx, items[0][1]) == "decimal"
    people = [t for t, _, level in numbered_paragraphs(docx) if level == "1"]
    assert people == ["Ms. Renate Held\nChair of the Committee", "Mr. Jae Kim\nSecretary of the Network"]


@needs_pdftotext
def test_concept_note_and_report_annex_number_an_agenda_without_times(tmp_path):
    path = write(tmp_path, event_text(timed=False))
    for command, document in (("concept-note", "concept-note"), ("report", "report")):
        out = build(path, command)
        text = pdf_text(out / f"{document}.pdf")
        assert [int(n) for n in re.findall(r"^\s*(\d+)\.\s+\S", text, re.M)][-5:] == [1, 2, 3, 4, 5], command
        docx = out / f"{document}.docx"
        titles = [
            t
            for t, num_id, level in numbered_paragraphs(docx)
            if level == "0" and number_format(docx, num_id) == "decimal"
        ]
        assert titles[-5:] == TITLES, command


@needs_pdftotext
def test_a_mixed_agenda_keeps_the_written_order_with_empty_time_cells(tmp_path):
    out = build(write(tmp_path, event_text(timed=True)))
    text = pdf_text(out / "agenda.pdf")
    places = [text.index(title) for title in TITLES]
    assert places == sorted(places)
    assert "10:15 - 10:30" in text and "12:00 - 12:30" in text

    table = Document(str(out / "agenda.docx")).tables[0]
    rows = [[cell.text.strip() for cell in row.cells] for row in table.rows[1:]]
    assert [row[1].split("\n")[0] for row in rows] == TITLES
    assert [row[0] for row in rows] == ["", "10:15 - 10:30", "", "12:00 - 12:30", ""]


def test_items_with_times_are_in_order_of_their_start_around_the_items_without(tmp_path):
    """Timed sessions written out of order are sorted among themselves; an item without times stays in its place."""
    items = [
        ITEMS[0],
        ("late", "Late item", ("12:00", "12:30"), ""),
        ITEMS[2],
        ("early", "Early item", ("10:15", "10:30"), ""),
    ]
    event = load_event(write(tmp_path, event_text(timed=True, items=items)))
    (day,) = programme_days(event)
    assert [s.id for s in day.sessions] == ["opening", "early", "secretariat-report", "late"]
    assert [slot.start is None for slot in day.slots] == [True, False, True, False]


# ------------------------------------------------------------------ checks


@pytest.mark.parametrize("given, missing", [("start", "end"), ("end", "start")])
def test_one_time_without_the_other_is_a_located_error(tmp_path, given, missing):
    text = event_text(timed=False).replace(
        'title = "Adoption of the agenda"', f'title = "Adoption of the agenda"\n{given} = "10:15"'
    )
    path = write(tmp_path, text)
    line = text.splitlines().index(f'{given} = "10:15"') + 1
    result = run_eventkit("check", path)
    assert result.returncode == 1
    assert f"{path}:{line}:1: agenda[2].{given}: session 'adoption' has a" in result.stderr
    assert f"but no {missing}" in result.stderr and "leave out" in result.stderr
    assert "Traceback" not in result.stderr


def test_items_without_times_skip_the_checks_of_times(tmp_path):
    """Two untimed items on the same day overlap nothing; an untimed item on a day the event does not have is still
    an error, located at its day."""
    assert check_event(write(tmp_path, event_text(timed=False))).errors == []
    text = event_text(timed=False).replace('id = "closing"', 'id = "closing"\nday = 2027-03-26')
    errors = check_event(write(tmp_path, text, "wrong-day.toml")).errors
    assert [(e.path, e.message) for e in errors] == [
        ("agenda[5].day", "2027-03-26 is not a day of the event (24 March 2027)")
    ]


# ------------------------------------------------------------------ invites


def test_per_session_invites_only_for_sessions_with_times(tmp_path):
    path = write(tmp_path, event_text(timed=True))
    result = run_eventkit("invites", path, "--per-session", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "3 sessions without times got no invite of their own" in result.stdout
    files = sorted(p.name for p in (tmp_path / "out" / "sessions").iterdir())
    assert files == ["adoption.ics", "other-business.ics"]
    vienna = ZoneInfo("Europe/Vienna")
    for name, (start, end) in (("adoption.ics", ("10:15", "10:30")), ("other-business.ics", ("12:00", "12:30"))):
        calendar = icalendar.Calendar.from_ical((tmp_path / "out" / "sessions" / name).read_bytes())
        (vevent,) = calendar.walk("VEVENT")
        assert str(vevent["UID"]) == f"steering-2027.{name.removesuffix('.ics')}@eventkit"
        assert vevent.decoded("dtstart") == dt.datetime(2027, 3, 24, *map(int, start.split(":")), tzinfo=vienna)
        assert vevent.decoded("dtend") == dt.datetime(2027, 3, 24, *map(int, end.split(":")), tzinfo=vienna)
    whole = icalendar.Calendar.from_ical((tmp_path / "out" / "invite.ics").read_bytes())
    description = str(whole.walk("VEVENT")[0]["DESCRIPTION"]).splitlines()
    assert "Opening of the meeting" in description and "10:15 - 10:30 CET  Adoption of the agenda" in description


def test_invite_description_numbers_an_agenda_without_times(tmp_path):
    invites = build_invites(load_event(write(tmp_path, event_text(timed=False))), per_session=True)
    description = str(icalendar.Calendar.from_ical(invites.file("invite.ics").data).walk("VEVENT")[0]["DESCRIPTION"])
    assert [line for line in description.splitlines() if re.match(r"\d+\. ", line)] == [
        f"{n}. {title}" for n, title in enumerate(TITLES, 1)
    ]
    assert [f.path for f in invites.files] == ["invite.ics"]
    assert invites.untimed == tuple(sid for sid, _, _, _ in ITEMS)


def test_speaker_whose_sessions_lack_times_gets_the_event_hours(tmp_path):
    path = write(tmp_path, event_text(timed=True))  # kim speaks only in 'secretariat-report', which has no times
    result = run_eventkit("invites", path, "--per-speaker", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    calendar = icalendar.Calendar.from_ical((tmp_path / "out" / "speakers" / "kim.ics").read_bytes())
    (vevent,) = calendar.walk("VEVENT")
    vienna = ZoneInfo("Europe/Vienna")
    assert vevent.decoded("dtstart") == dt.datetime(2027, 3, 24, 10, 0, tzinfo=vienna)
    assert vevent.decoded("dtend") == dt.datetime(2027, 3, 24, 13, 0, tzinfo=vienna)
    assert str(vevent["UID"]) == "steering-2027.kim+untimed@eventkit"
    assert "Report of the Secretariat" in str(vevent["SUMMARY"]) and str(vevent["STATUS"]) == "CONFIRMED"


def test_speaker_of_untimed_sessions_on_a_later_day_gets_that_day(tmp_path):
    text = (
        event_text(timed=False)
        .replace("date = 2027-03-24", "date = 2027-03-24\nend_date = 2027-03-26")
        .replace('id = "secretariat-report"', 'id = "secretariat-report"\nday = 2027-03-25')
    )
    invites = build_invites(load_event(write(tmp_path, text)), per_speaker=True)
    (vevent,) = icalendar.Calendar.from_ical(invites.file("speakers/kim.ics").data).walk("VEVENT")
    vienna = ZoneInfo("Europe/Vienna")
    assert (vevent.decoded("dtstart"), vevent.decoded("dtend")) == (
        dt.datetime(2027, 3, 25, 10, 0, tzinfo=vienna),
        dt.datetime(2027, 3, 25, 13, 0, tzinfo=vienna),
    )
    assert "RRULE" not in vevent


def test_cancelling_an_untimed_session_cancels_its_speakers_entry(tmp_path):
    path = write(tmp_path, event_text(timed=False))
    assert run_eventkit("invites", path, "--per-session", "--per-speaker", "-o", tmp_path / "out").returncode == 0
    path.write_text(
        event_text(timed=False).replace('id = "secretariat-report"', 'id = "secretariat-report"\nstatus = "cancelled"'),
        encoding="utf-8",
    )
    result = run_eventkit("invites", path, "--per-session", "--per-speaker", "--eml", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    calendar = icalendar.Calendar.from_ical((tmp_path / "out" / "speakers" / "kim.ics").read_bytes())
    assert str(calendar["METHOD"]) == "CANCEL"
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["STATUS"]) == "CANCELLED" and int(vevent["SEQUENCE"]) == 1
    # the speaker's own entry was never e-mailed (speaker files are for importing by hand): no cancellation mail
    written = list((tmp_path / "out" / "mail").rglob("*.eml"))
    assert written and not any(b"method=CANCEL" in p.read_bytes() for p in written)
    assert not (tmp_path / "out" / "sessions").exists()


@needs_pdftotext
def test_numbering_goes_on_across_the_days(tmp_path):
    """WeasyPrint ignores <ol start>: the PDF's numbers on day 2 go on from day 1's, as the DOCX's do."""
    text = (
        event_text(timed=False)
        .replace("date = 2027-03-24", "date = 2027-03-24\nend_date = 2027-03-25")
        .replace('id = "other-business"', 'id = "other-business"\nday = 2027-03-25')
        .replace('id = "closing"', 'id = "closing"\nday = 2027-03-25')
    )
    out = build(write(tmp_path, text))
    day_two = pdf_text(out / "agenda.pdf").split("Day 2")[1]
    assert re.findall(r"^\s*(\d+)\.\s+(.+)$", day_two, re.M) == [
        ("4", "Other business"),
        ("5", "Closing of the meeting"),
    ]
    numbering = Document(str(out / "agenda.docx")).part.numbering_part.element
    starts = [o.get(qn("w:val")) for o in numbering.iter(qn("w:startOverride"))]
    assert starts == ["1", "4"]


def test_a_session_that_loses_its_times_is_cancelled_in_its_session_file(tmp_path):
    """Its calendar entry would otherwise stay at the old time: the documentation (reference/invites.md) promises a METHOD:CANCEL."""
    items = [ITEMS[0], (*ITEMS[1][:3], 'moderators = ["held"]'), *ITEMS[2:]]  # an attendee: a REQUEST, then a CANCEL
    path = write(tmp_path, event_text(timed=True, items=items))
    assert run_eventkit("invites", path, "--per-session", "-o", tmp_path / "out").returncode == 0
    assert "METHOD:REQUEST" in (tmp_path / "out" / "sessions" / "adoption.ics").read_text()
    path.write_text(
        event_text(timed=True, items=items).replace('start = "10:15"\nend = "10:30"\n', ""), encoding="utf-8"
    )
    result = run_eventkit("invites", path, "--per-session", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "4 sessions without times" in result.stdout
    calendar = icalendar.Calendar.from_ical((tmp_path / "out" / "sessions" / "adoption.ics").read_bytes())
    (vevent,) = calendar.walk("VEVENT")
    assert str(calendar["METHOD"]) == "CANCEL" and str(vevent["STATUS"]) == "CANCELLED" and int(vevent["SEQUENCE"]) == 1


def test_schema_makes_start_and_end_optional_but_together():
    from eventkit.event.schema import event_schema

    session = event_schema()["$defs"]["Session"]
    assert session["required"] == ["id", "title"]
    assert session["dependentRequired"] == {"start": ["end"], "end": ["start"]}
