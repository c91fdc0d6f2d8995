"""`eventkit attendance`: a Zoom-style attendance report marks who was present; the participant list can show only them."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from conftest import run_eventkit

PEOPLE = """
[people.held]
honorific = "Ms."
name = "Renate Held"
title = "Regional Director"
organisation = "IOM"
email = "renate.held@example.org"

[people.yilmaz]
honorific = "Mr."
name = "Mehmet Yılmaz"
title = "Head of Unit"
organisation = "Ministry of Interior"
email = "mehmet.yilmaz@example.org"

[people.dubois]
name = "Léa Dubois"
title = "Adviser"
organisation = "Ministry of Interior"
email = "lea.dubois@example.org"

[people.beridze]
name = "Nino Beridze"
title = "Counsellor"
organisation = "Embassy of Georgia"

[[delegations]]
name = "IOM Vienna"
members = ["held"]

[[delegations]]
name = "Government of Türkiye"
members = ["yilmaz", "dubois"]

[[delegations]]
name = "Government of Georgia"
members = ["beridze"]

"""

# As Zoom exports a meeting's participants: the meeting's details first, then one row per join (a person who
# dropped out and came back has two rows), "Name (Original Name)" holding a renamed display name.
ZOOM_REPORT = """\ufeffMeeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants
81234567890,Test webinar,12/10/2026 02:00:00 PM,12/10/2026 05:02:11 PM,events@example.org,183,5

Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,Recording Consent
Renate Held,renate.held@example.org,12/10/2026 01:58:12 PM,12/10/2026 03:10:00 PM,72,No,
Renate Held,renate.held@example.org,12/10/2026 03:14:40 PM,12/10/2026 05:02:11 PM,108,No,
Nino (Nino Beridze),,12/10/2026 02:05:00 PM,12/10/2026 04:00:00 PM,115,Yes,
Jane Walk-in,jane.walkin@example.org,12/10/2026 02:20:00 PM,12/10/2026 04:45:00 PM,145,Yes,
iPhone,,12/10/2026 02:31:00 PM,12/10/2026 02:33:00 PM,2,Yes,
Tami (Tamar Gelashvili),,12/10/2026 02:40:00 PM,12/10/2026 04:40:00 PM,120,Yes,
"""


@pytest.fixture
def event_file(tmp_path, scaffold_text) -> Path:
    path = tmp_path / "webinar.toml"
    text = scaffold_text.replace("# Delegations and organisations", PEOPLE + "# Delegations and organisations")
    path.write_text(text, encoding="utf-8")
    (tmp_path / "zoom.csv").write_text(ZOOM_REPORT, encoding="utf-8")
    return path


def recorded(path: Path) -> dict[str, list[str]]:
    """Day → ids of the people present, as the attendance record beside the event file holds them."""
    from eventkit.event.attendance_record import read_recorded

    return {day.isoformat(): sorted(ids) for day, ids in read_recorded(path).days.items()}


def test_attendance_report_marks_the_present_and_lists_the_unmatched(tmp_path, event_file):
    before = event_file.read_text(encoding="utf-8")
    result = run_eventkit("attendance", "webinar.toml", "zoom.csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert recorded(event_file) == {"2026-12-10": ["beridze", "held"]}
    assert (
        "zoom.csv:8: not in the event file: Jane Walk-in <jane.walkin@example.org> (--add adds them as people)"
        in result.stderr
    )
    assert "zoom.csv:9: not in the event file: iPhone" in result.stderr
    assert "zoom.csv:10: not in the event file: Tamar Gelashvili" in result.stderr  # Zoom's original name
    assert "zoom.csv: join and leave times read in Asia/Tbilisi, from the event (the report gives none" in result.stderr
    # Renate Held's two rows (she dropped out for five minutes) are two spans: 71.8 + 107.5 minutes, and Nino 115
    assert "recorded zoom.csv for 2026-12-10: 2 present (294 minutes in all)" in result.stdout
    assert "webinar.attendance.json: present 2026-12-10: 2; 3 unmatched" in result.stdout
    assert event_file.read_text(encoding="utf-8") == before  # the record is beside the event file, not in it
    state = (tmp_path / "webinar.attendance.json").read_text(encoding="utf-8")
    assert run_eventkit("check", "webinar.toml", cwd=tmp_path).returncode == 0
    again = run_eventkit("attendance", "webinar.toml", "zoom.csv", cwd=tmp_path)
    assert "zoom.csv: already recorded (2026-12-10, 2 present); no change" in again.stdout
    assert "; no changes" in again.stdout
    assert (tmp_path / "webinar.attendance.json").read_text(encoding="utf-8") == state

    status = run_eventkit("status", "webinar.toml", cwd=tmp_path)
    rows = {line.split()[0]: line.split() for line in status.stdout.splitlines()}
    assert rows["id"][-1] == "attended"
    assert rows["held"][-1] == "yes" and rows["yilmaz"][-1] == "no"
    assert "2 present" in status.stdout


def test_add_makes_unmatched_rows_people(tmp_path, event_file):
    result = run_eventkit("attendance", "webinar.toml", "zoom.csv", "--add", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = tomllib.loads(event_file.read_text(encoding="utf-8"))
    assert data["people"]["walk-in"] == {"name": "Jane Walk-in", "email": "jane.walkin@example.org"}
    assert data["people"]["iphone"] == {"name": "iPhone"}
    assert data["people"]["gelashvili"] == {"name": "Tamar Gelashvili"}
    assert recorded(event_file) == {"2026-12-10": sorted(["held", "beridze", "walk-in", "iphone", "gelashvili"])}
    assert "added people.walk-in" in result.stdout
    from eventkit.event.load import load_event

    event = load_event(event_file)
    assert round(event.recorded_attendance.minutes("walk-in")) == 145


def test_attendees_only_participant_list_lists_exactly_them(tmp_path, event_file):
    pytest.importorskip("docx")
    assert run_eventkit("attendance", "webinar.toml", "zoom.csv", cwd=tmp_path).returncode == 0
    text = event_file.read_text(encoding="utf-8") + "\n[attendance]\nattendees_only = true\n"
    event_file.write_text(text, encoding="utf-8")
    result = run_eventkit("participants", "webinar.toml", "-o", "out", "--format", "docx,html", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    import docx

    document = docx.Document(str(tmp_path / "out" / "participants.docx"))
    names = [row.cells[0].text for table in document.tables for row in table.rows[1:]]
    assert names == ["Ms. Renate Held", "Nino Beridze"]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings == ["IOM Vienna", "Government of Georgia"]
    assert any(p.text == "Participants present: 2" for p in document.paragraphs)

    # without the option, everyone is listed again
    event_file.write_text(text.replace("attendees_only = true", "attendees_only = false"), encoding="utf-8")
    assert run_eventkit("participants", "webinar.toml", "-o", "all", "--format", "docx", cwd=tmp_path).returncode == 0
    everyone = docx.Document(str(tmp_path / "all" / "participants.docx"))
    names = [row.cells[0].text for table in everyone.tables for row in table.rows[1:]]
    assert {"Mr. Mehmet Yılmaz", "Léa Dubois", "Ms. Renate Held", "Nino Beridze"} <= set(names)


def test_attended_no_rows_and_xlsx(tmp_path, event_file):
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Attendee Details"])
    sheet.append(
        [
            "Attended",
            "User Name (Original Name)",
            "First Name",
            "Last Name",
            "Email",
            "Join Time",
            "Leave Time",
            "Time in Session (minutes)",
            "Country/Region Name",
        ]
    )
    sheet.append(
        [
            "Yes",
            "Léa D",
            "Léa",
            "Dubois",
            "lea.dubois@example.org",
            "2026-12-10 14:01",
            "2026-12-10 17:00",
            179,
            "France",
        ]
    )
    sheet.append(["No", "Mehmet Yılmaz", "Mehmet", "Yılmaz", "mehmet.yilmaz@example.org", "", "", "", "Türkiye"])
    workbook.save(tmp_path / "attendees.xlsx")
    result = run_eventkit("attendance", "webinar.toml", "attendees.xlsx", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert recorded(event_file) == {"2026-12-10": ["dubois"]}
    assert "present 2026-12-10: 1; 0 unmatched, 1 row marked as not attended" in result.stdout


def test_unreadable_report_is_a_located_error(tmp_path, event_file):
    (tmp_path / "empty.csv").write_text("just,some\nwords,here\n", encoding="utf-8")
    result = run_eventkit("attendance", "webinar.toml", "empty.csv", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("empty.csv: no header row with a name or e-mail column was found")


def test_loader_checks_the_attendance_table(tmp_path, event_file):
    text = event_file.read_text(encoding="utf-8")
    event_file.write_text(
        text + '\n[attendance]\npresent = ["held", "helld"]\nattendees_only = "yes"\n', encoding="utf-8"
    )
    result = run_eventkit("check", "webinar.toml", cwd=tmp_path)
    assert result.returncode == 1
    assert (
        "attendance.attendees_only: expected true or false, got text (write true or false, without quotes)"
        in result.stderr
    )
    assert "attendance.present[2]: no person 'helld' (did you mean 'held'?)" in result.stderr
