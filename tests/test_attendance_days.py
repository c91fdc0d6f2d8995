"""One attendance model (#18 item 7): reports accumulate per day in <event>.attendance.json, can be undone, are
checked against the event's days, and the minutes, participant list, sign-in sheet and status read the record."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import event_toml, run_eventkit

EVENT = event_toml(
    title="Two-day consultation",
    date=dt.date(2027, 3, 16),
    end_date=dt.date(2027, 3, 17),
    start="09:00",
    end="17:00",
    report_style="minutes",
    extra="""\
[people.held]
name = "Renate Held"
email = "renate.held@example.org"

[people.wang]
name = "王晓明"
email = "wang@example.org"

[people.alawi]
name = "محمد العلوي"
email = "alawi@example.org"

[people.tadesse]
name = "ብርሃኑ ታደሰ"

[people.lima]
name = "Ana Lima"
email = "ana@example.org"

[[agenda]]
id = "opening"
title = "Opening"
start = "09:00"
end = "10:00"
moderators = ["held"]

[[delegations]]
name = "Members"
members = ["wang", "alawi", "tadesse", "lima"]

[report]

[report.attendance]
excused = []
""",
)
DAY_1 = (
    "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Role\n"
    "Events Team,events@example.org,03/16/2027 08:40:00 AM,03/16/2027 05:10:00 PM,510,Host\n"
    "Renate Held,renate.held@example.org,03/16/2027 08:58:00 AM,03/16/2027 11:00:00 AM,122,Panelist\n"
    "Renate Held,renate.held@example.org,03/16/2027 10:30:00 AM,03/16/2027 12:00:00 PM,90,Panelist\n"
    "王晓明,wang@example.org,03/16/2027 09:05:00 AM,03/16/2027 04:55:00 PM,470,Attendee\n"
    "ብርሃኑ ታደሰ,,03/16/2027 09:10:00 AM,03/16/2027 12:00:00 PM,170,Attendee\n"
)
DAY_2 = (
    "Name,Email,Join time (UTC),Leave time (UTC)\n"
    "محمد العلوي,alawi@example.org,2027-03-17 08:00,2027-03-17 11:00\n"
    "Renate Held,renate.held@example.org,2027-03-17 08:05,2027-03-17 09:00\n"
)
OTHER_DAY = (
    "Name,Email,Join Time,Leave Time\n"
    "Ana Lima,ana@example.org,2027-03-16 09:00,2027-03-16 10:00\n"
    "Renate Held,renate.held@example.org,2027-03-18 09:00,2027-03-18 10:00\n"
)


@pytest.fixture
def folder(tmp_path) -> Path:
    (tmp_path / "event.toml").write_text(EVENT, encoding="utf-8")
    (tmp_path / "day1.csv").write_text(DAY_1, encoding="utf-8")
    (tmp_path / "day2.csv").write_text(DAY_2, encoding="utf-8")
    (tmp_path / "other.csv").write_text(OTHER_DAY, encoding="utf-8")
    return tmp_path


def attendance(folder: Path, *args: str):
    return run_eventkit("attendance", "event.toml", *args, cwd=folder)


def days_of(folder: Path) -> dict[str, list[str]]:
    from eventkit.event.attendance_record import read_recorded

    return {day.isoformat(): sorted(ids) for day, ids in read_recorded(folder / "event.toml").days.items()}


def test_two_reports_for_two_days_accumulate_and_one_can_be_undone(folder):
    first = attendance(folder, "day1.csv")
    assert first.returncode == 0, first.stderr
    assert "day1.csv:2: Events Team <events@example.org>: a host, not a participant (not counted)" in first.stderr
    # Renate Held's two rows overlap (08:58-11:00 and 10:30-12:00): merged, 182 minutes, not 212
    assert "recorded day1.csv for 2027-03-16: 3 present" in first.stdout
    second = attendance(folder, "day2.csv")
    assert second.returncode == 0, second.stderr
    assert "day2.csv: join and leave times read in UTC, from the report" in second.stderr
    assert days_of(folder) == {"2027-03-16": ["held", "tadesse", "wang"], "2027-03-17": ["alawi", "held"]}
    from eventkit.event.load import load_event

    event = load_event(folder / "event.toml")
    assert event.recorded_attendance.minutes("held", event.days[0]) == 182
    assert event.recorded_attendance.minutes("held", event.days[1]) == 55  # 08:05-09:00 UTC
    source = json.loads((folder / "event.attendance.json").read_text(encoding="utf-8"))["sources"][1]
    assert source["people"]["alawi"]["segments"] == [["2027-03-17T08:00:00+00:00", "2027-03-17T11:00:00+00:00"]]
    assert source["zone"] == "UTC" and source["zone_from"] == "the report" and len(source["sha256"]) == 64

    listing = attendance(folder, "--list")
    assert "day1.csv (2027-03-16, " in listing.stdout and "day2.csv (2027-03-17, " in listing.stdout
    undone = attendance(folder, "--undo", "day1.csv")
    assert undone.returncode == 0, undone.stderr
    assert "removed day1.csv (2027-03-16, " in undone.stdout
    assert days_of(folder) == {"2027-03-17": ["alawi", "held"]}
    missing = attendance(folder, "--undo", "day9.csv")
    assert (
        missing.returncode == 1 and "no recorded report 'day9.csv' (recorded: day2.csv (2027-03-17, " in missing.stderr
    )


def test_a_report_of_a_day_the_event_does_not_have_is_refused_at_its_line(folder):
    result = attendance(folder, "other.csv")
    assert result.returncode == 1
    assert (
        "other.csv:3: Join Time: 2027-03-18 09:00 is on 2027-03-18, which is not the event's days: 2027-03-16, "
        "2027-03-17 (is this the report of another meeting or day?)"
    ) in result.stderr
    assert not (folder / "event.attendance.json").exists()
    wrong_day = attendance(folder, "day2.csv", "--day", "2027-03-16")
    assert wrong_day.returncode == 1
    assert (
        "day2.csv:2: Join time (UTC): 2027-03-17 08:00 is on 2027-03-17, which is not --day 2027-03-16"
        in wrong_day.stderr
    )
    not_a_day = attendance(folder, "day2.csv", "--day", "2027-04-01")
    assert not_a_day.returncode == 1 and "2027-04-01 is not a day of the event" in not_a_day.stderr
    (folder / "sheet.csv").write_text("Name,Email\nAna Lima,ana@example.org\n", encoding="utf-8")
    no_day = attendance(folder, "sheet.csv")
    assert no_day.returncode == 1
    assert (
        "sheet.csv:2: Name: this row has no join time to tell which day it is (say which day with --day"
        in no_day.stderr
    )
    signed = attendance(folder, "sheet.csv", "--day", "2027-03-17")
    assert signed.returncode == 0, signed.stderr
    assert days_of(folder) == {"2027-03-17": ["lima"]}


def test_minutes_present_line_participant_list_and_status_read_the_one_record(folder):
    pytest.importorskip("docx")
    import docx

    assert attendance(folder, "day1.csv").returncode == 0
    assert attendance(folder, "day2.csv").returncode == 0
    result = run_eventkit("report", "event.toml", "-o", "out", "--format", "docx", cwd=folder)
    assert result.returncode == 0, result.stderr
    text = "\n".join(p.text for p in docx.Document(str(folder / "out" / "report.docx")).paragraphs)
    present = next(line for line in text.splitlines() if line.startswith("Present:"))
    # exactly the recorded attendees, in the people table's order (not Ana Lima, who is in no report); the Arabic
    # name in this English line between RLI and PDI, as the PDF's isolate, so that the "; " after it stays after it
    assert present == "Present: 4 participants: Renate Held; 王晓明; \u2067محمد العلوي\u2069; ብርሃኑ ታደሰ", present

    event = (folder / "event.toml").read_text(encoding="utf-8")
    (folder / "event.toml").write_text(
        event.replace("[report]\n", "[attendance]\nattendees_only = true\n\n[report]\n"), encoding="utf-8"
    )
    listed = run_eventkit("participants", "event.toml", "-o", "list", "--format", "docx", cwd=folder)
    assert listed.returncode == 0, listed.stderr
    document = docx.Document(str(folder / "list" / "participants.docx"))
    names = [row.cells[0].text.strip("\u2068\u2069") for table in document.tables for row in table.rows[1:]]
    assert "Ana Lima" not in names and {"王晓明", "محمد العلوي", "ብርሃኑ ታደሰ"} <= set(names)

    status = run_eventkit("status", "event.toml", cwd=folder)
    assert status.returncode == 0, status.stderr
    lines = status.stdout.splitlines()
    assert lines[0].split() == [
        "id",
        "name",
        "e-mail",
        "invited",
        "reply",
        "date",
        "attended",
        "2027-03-16",
        "2027-03-17",
    ]
    assert lines[2].split()[-3:] == ["yes", "yes", "no"]  # 王晓明: present on the first day only
    assert "4 present (2027-03-16: 3, 2027-03-17: 2)" in lines[-1]
    # the wide characters take two columns each: the e-mail column starts at the same place on every row
    from eventkit.cli.terminal_table import display_width

    starts = {
        display_width(line[: line.index("@") - len(line[: line.index("@")].split()[-1])])
        for line in lines[1:-1]
        if "@" in line
    }
    assert len(starts) == 1, lines
    csv_out = run_eventkit("status", "event.toml", "--csv", "-", cwd=folder)
    assert csv_out.stdout.splitlines()[0] == "id,name,e-mail,invited,reply,date,attended,2027-03-16,2027-03-17"
    assert "wang,王晓明,wang@example.org,yes,-,-,yes,yes,no" in csv_out.stdout
    written = run_eventkit("status", "event.toml", "--csv", "status.csv", cwd=folder)
    assert written.returncode == 0
    assert (folder / "status.csv").read_bytes().startswith("\ufeffid,name".encode("utf-8"))


def test_the_sign_in_sheet_of_a_two_day_event_has_a_signature_column_per_day(folder):
    pytest.importorskip("docx")
    import docx

    result = run_eventkit("sign-in", "event.toml", "-o", "out", "--format", "docx", cwd=folder)
    assert result.returncode == 0, result.stderr
    table = docx.Document(str(folder / "out" / "sign-in.docx")).tables[0]
    assert [c.text for c in table.rows[0].cells] == [
        "No.",
        "Name",
        "Function, organisation",
        "Signature 16 Mar",
        "Signature 17 Mar",
    ]


def test_a_damaged_attendance_record_is_a_located_error(folder):
    assert attendance(folder, "day2.csv").returncode == 0
    path = folder / "event.attendance.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["sources"][0]["people"]["alawi"]["segments"] = [["2027-03-17T08:00:00", "yesterday"]]
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    result = run_eventkit("check", "event.toml", cwd=folder)
    assert result.returncode == 1
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if '"alawi"' in text)
    assert f"event.attendance.json:{line}:" in result.stderr and 'people["alawi"]: segment' in result.stderr
    assert "not [start, end] with UTC offsets" in result.stderr and "Traceback" not in result.stderr
    path.write_text('{"sources": [42]}', encoding="utf-8")
    again = run_eventkit("status", "event.toml", cwd=folder)
    assert again.returncode == 1 and "an entry is int, not a table of file, sha256, day and people" in again.stderr


def test_an_ambiguous_row_waits_for_a_choice(folder):
    text = (folder / "event.toml").read_text(encoding="utf-8")
    (folder / "event.toml").write_text(
        text.replace(
            '[people.lima]\nname = "Ana Lima"', '[people.lima2]\nname = "Ana Lima"\n\n[people.lima]\nname = "Ana Lima"'
        ),
        encoding="utf-8",
    )
    (folder / "room.csv").write_text(
        "Name,Join Time,Leave Time\nANA LIMA,2027-03-16 09:00,2027-03-16 10:00\n", encoding="utf-8"
    )
    result = attendance(folder, "room.csv")
    assert (
        "room.csv:2: ANA LIMA: not recorded: the name 'ANA LIMA' fits 2 people; choose with "
        "--match room.csv:2=lima2 or --match room.csv:2=lima, or --match room.csv:2=new"
    ) in result.stderr
    assert not (folder / "event.attendance.json").exists() or days_of(folder) == {}
    chosen = attendance(folder, "room.csv", "--match", "room.csv:2=lima")
    assert chosen.returncode == 0, chosen.stderr
    assert days_of(folder) == {"2027-03-16": ["lima"]}
