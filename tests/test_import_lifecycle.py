"""Imports never destroy the organiser's work (#18 item 2): hand edits and delegations survive re-imports,
registration statuses are read, Microsoft Forms' anonymous columns lose, webinar reports are read for what they are."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path

import pytest

from conftest import event_toml, run_eventkit

BARE = event_toml(
    title="Consultation",
    date=dt.date(2027, 3, 16),
    end_date=dt.date(2027, 3, 17),
    start="09:00",
    end="17:00",
    extra="""\
[people.chair]
name = "Renate Held"
email = "renate.held@example.org"

[[agenda]]
id = "opening"
title = "Opening"
start = "09:00"
end = "10:00"
moderators = ["chair"]

[[delegations]]
name = "Secretariat"
members = ["chair"]
""",
)


@pytest.fixture
def event(tmp_path) -> Path:
    path = tmp_path / "event.toml"
    path.write_text(BARE, encoding="utf-8")
    return path


def data(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def run(tmp_path, *args):
    return run_eventkit("import", "event.toml", *args, cwd=tmp_path)


def test_hand_edits_and_hand_placed_delegations_survive_and_overwrite_forces(tmp_path, event):
    (tmp_path / "regs.csv").write_text(
        "First name,Last name,Email,Delegation,Job title\n"
        "Elise,Okafor,okafor@example.org,Nigeria,Adviser\n"
        "Renate,Held,renate.held@example.org,IOM,Director\n",
        encoding="utf-8",
    )
    first = run(tmp_path, "regs.csv")
    assert first.returncode == 0, first.stderr
    # the chair was placed in "Secretariat" by the organiser: the export's "IOM" does not move her
    assert "kept people.chair in delegation 'Secretariat' (placed by hand; the export says 'IOM')" in first.stdout
    assert "update people.chair: title '' -> 'Director'" in first.stdout  # an empty field is filled in
    assert [d["name"] for d in data(event)["delegations"]] == ["Secretariat", "Nigeria"]
    # the organiser corrects a name and moves Okafor into a delegation of their own making
    text = event.read_text(encoding="utf-8").replace('"Okafor"', '"Okafor-Élise"', 1)
    text = text.replace(
        'name = "Secretariat"\nmembers = ["chair"]', 'name = "Secretariat"\nmembers = ["chair", "okafor"]'
    )
    text = text.replace('members = ["okafor"]', "members = []")
    event.write_text(text.replace('"Elise Okafor"', '"Élise Okafor-Élise"'), encoding="utf-8")
    assert run_eventkit("check", "event.toml", cwd=tmp_path).returncode == 0
    edited = event.read_bytes()
    again = run(tmp_path, "regs.csv")
    assert again.returncode == 0, again.stderr
    assert (
        "kept people.okafor.name 'Élise Okafor-Élise' (edited by hand; the export says 'Elise Okafor')" in again.stdout
    )
    assert "kept people.okafor in delegation 'Secretariat' (moved by hand; the export says 'Nigeria')" in again.stdout
    assert event.read_bytes() == edited
    forced = run(tmp_path, "regs.csv", "--overwrite")
    assert "update people.okafor: name 'Élise Okafor-Élise' -> 'Elise Okafor'" in forced.stdout
    assert "move people.okafor: from delegation 'Secretariat' to 'Nigeria'" in forced.stdout
    assert "move people.chair: from delegation 'Secretariat' to 'IOM'" in forced.stdout


def test_without_a_delegation_column_nobody_is_moved_and_country_makes_no_delegation(tmp_path, event):
    (tmp_path / "zoom.csv").write_text(
        "First Name,Last Name,Email,Country/Region,Organization\n"
        "Renate,Held,renate.held@example.org,Austria,IOM\n"
        "Ana,Lima,ana@example.org,Brazil,\n",
        encoding="utf-8",
    )
    result = run(tmp_path, "zoom.csv")
    assert result.returncode == 0, result.stderr
    assert [d["name"] for d in data(event)["delegations"]] == ["Secretariat"]  # no "Brazil", no "Austria"
    assert "move" not in result.stdout
    assert data(event)["people"]["lima"] == {"name": "Ana Lima", "country": "Brazil", "email": "ana@example.org"}


def test_registration_statuses(tmp_path, event):
    (tmp_path / "zoom.csv").write_text(
        "First Name,Last Name,Email,Approval Status\n"
        "Ana,Lima,ana@example.org,approved\n"
        "Ben,Moyo,ben@example.org,denied\n"
        "Cara,Ngo,cara@example.org,pending\n"
        "Dan,Roe,dan@example.org,Waitlisted\n"
        "Eve,Sol,eve@example.org,Cancelled\n",
        encoding="utf-8",
    )
    result = run(tmp_path, "zoom.csv", "--delegation-from", "none")
    assert result.returncode == 0, result.stderr
    assert "zoom.csv:3: Ben Moyo <ben@example.org>: not imported: registration denied" in result.stderr
    assert "zoom.csv:6: Eve Sol <eve@example.org>: not imported: registration cancelled" in result.stderr
    people = data(event)["people"]
    assert set(people) == {"chair", "lima", "ngo", "roe"}
    assert "registration" not in people["lima"]
    assert people["ngo"]["registration"] == "pending" and people["roe"]["registration"] == "waitlisted"
    assert "3 added, 0 updated, 0 unchanged, 2 not imported" in result.stdout
    from eventkit.event.load import load_event

    loaded = load_event(event)
    assert [p.id for p in loaded.people.values() if p.may_be_invited] == ["chair", "lima"]
    # approved since: the status goes; cancelled since: recorded, and no longer invitable nor listed
    (tmp_path / "zoom.csv").write_text(
        "First Name,Last Name,Email,Approval Status\n"
        "Ana,Lima,ana@example.org,cancelled\n"
        "Cara,Ngo,cara@example.org,approved\n"
        "Dan,Roe,dan@example.org,Waitlisted\n",
        encoding="utf-8",
    )
    later = run(tmp_path, "zoom.csv", "--delegation-from", "none")
    assert "update people.ngo: registration 'pending' -> (none)" in later.stdout, later.stdout
    assert "update people.lima: registration (none) -> 'cancelled'" in later.stdout
    loaded = load_event(event)
    assert [p.id for p in loaded.people.values() if p.may_be_invited] == ["chair", "ngo"]
    assert "lima" not in [p.id for p in loaded.listed_people(loaded.all_participants)]
    unknown = tmp_path / "odd.csv"
    unknown.write_text("Name,Email,Registration Status\nZoe Zed,zoe@example.org,maybe\n", encoding="utf-8")
    refused = run(tmp_path, "odd.csv")
    assert refused.returncode == 1
    assert (
        "odd.csv:2: Registration Status: 'maybe' is not a registration status eventkit knows (approved, pending, "
        'waitlisted, denied, cancelled) (to import every row as approved: --map "Registration Status=ignore")'
    ) in refused.stderr


def test_microsoft_forms_anonymous_columns_lose_to_the_questions(tmp_path, event):
    (tmp_path / "forms.csv").write_text(
        "ID,Start time,Completion time,Email,Name,Last modified time,Full name,Email address,Organisation\n"
        "1,3/1/27 9:00,3/1/27 9:05,anonymous,,,Ana Lima,ana@example.org,UNDP\n"
        "2,3/1/27 9:10,3/1/27 9:12,anonymous,anonymous,,Ben Moyo,ben@example.org,WHO\n",
        encoding="utf-8",
    )
    result = run(tmp_path, "forms.csv", "--delegation-from", "none")
    assert result.returncode == 0, result.stderr
    assert "Full name -> name" in result.stderr and "Email address -> email" in result.stderr
    people = data(event)["people"]
    assert people["lima"] == {"name": "Ana Lima", "organisation": "UNDP", "email": "ana@example.org"}
    assert people["moyo"]["email"] == "ben@example.org"


def test_a_zoom_webinar_report_imports_registrants_not_hosts_or_panelists(tmp_path, event):
    (tmp_path / "webinar.csv").write_text(
        "Attendee Report\nReport Generated:,3/17/2027 10:00\n\nHost Details\n"
        "Attended,User Name (Original Name),Email,Join Time,Leave Time,Time in Session (minutes),Country/Region Name\n"
        "Yes,Events Team,events@example.org,03/16/2027 08:50:00 AM,03/16/2027 12:00:00 PM,190,Austria\n\n"
        "Panelist Details\n"
        "Attended,User Name (Original Name),Email,Join Time,Leave Time,Time in Session (minutes),Country/Region Name\n"
        "Yes,Renate Held,renate.held@example.org,03/16/2027 08:55:00 AM,03/16/2027 12:00:00 PM,185,Austria\n"
        "Yes,Guest Speaker,guest@example.org,03/16/2027 08:55:00 AM,03/16/2027 10:00:00 AM,65,France\n\n"
        "Attendee Details\n"
        "Attended,User Name (Original Name),First Name,Last Name,Email,Approval Status,Country/Region Name\n"
        "Yes,Ana L,Ana,Lima,ana@example.org,approved,Brazil\n"
        "No,Ben Moyo,Ben,Moyo,ben@example.org,approved,Zimbabwe\n"
        "No,Dan Roe,Dan,Roe,dan@example.org,denied,Canada\n",
        encoding="utf-8",
    )
    result = run(tmp_path, "webinar.csv")
    assert result.returncode == 0, result.stderr
    assert "webinar.csv:6: Events Team <events@example.org>: not imported: a host of the webinar" in result.stderr
    assert "webinar.csv:11: Guest Speaker <guest@example.org>: not imported: a panelist of the webinar" in result.stderr
    assert "webinar.csv:17: Dan Roe <dan@example.org>: not imported: registration denied" in result.stderr
    people = data(event)["people"]
    assert set(people) == {"chair", "lima", "moyo"}
    assert [d["name"] for d in data(event)["delegations"]] == ["Secretariat"]  # Country/Region is no delegation


def test_a_person_the_organiser_removed_is_not_added_again(tmp_path, event):
    (tmp_path / "regs.csv").write_text(
        "Name,Email\nSpam Bot,spam@example.org\nAna Lima,ana@example.org\n", encoding="utf-8"
    )
    assert run(tmp_path, "regs.csv").returncode == 0
    text = event.read_text(encoding="utf-8")
    start = text.index("[people.bot]")
    event.write_text(text[:start] + text[text.index("[people.lima]") :], encoding="utf-8")
    again = run(tmp_path, "regs.csv")
    assert (
        "regs.csv:2: Spam Bot <spam@example.org>: not added again: people.bot was imported before and has been "
        "removed from the event file since (--match regs.csv:2=new adds them)"
    ) in again.stderr
    assert "bot" not in data(event)["people"]


@pytest.mark.parametrize(
    "damage,message",
    [
        ('{"people": {"lima": 3}}', 'event.imported.json:1:13: people["lima"]: the entry is int, not a table'),
        ('{"people": {"lima": {"name": ["x"]}}}', "'name' is [\"x\"], not one line of text"),
        ('{"people": {"lima": {"salary": "1"}}}', "'salary' is not a field the import writes"),
        ('{"people": {"../x": {}}}', 'people["../x"]: not a person id'),
        ('{"people": [', "event.imported.json:1:13: is not valid JSON"),
        ("[]", "event.imported.json:1:1: people: is not a table of person ids"),
    ],
)
def test_a_damaged_import_state_is_a_located_error_and_nothing_is_written(tmp_path, event, damage, message):
    (tmp_path / "event.imported.json").write_text(damage, encoding="utf-8")
    (tmp_path / "regs.csv").write_text("Name,Email\nAna Lima,ana@example.org\n", encoding="utf-8")
    before = event.read_bytes()
    result = run(tmp_path, "regs.csv")
    assert result.returncode == 1, result.stdout
    assert message in result.stderr and "Traceback" not in result.stderr
    assert "restore the file from version control" in result.stderr
    assert event.read_bytes() == before


def test_a_fifo_in_place_of_the_import_state_is_refused_at_once(tmp_path, event):
    import os

    os.mkfifo(tmp_path / "event.imported.json")
    (tmp_path / "regs.csv").write_text("Name,Email\nAna Lima,ana@example.org\n", encoding="utf-8")
    result = run(tmp_path, "regs.csv")
    assert result.returncode == 1 and "event.imported.json: is a named pipe (FIFO), not a regular file" in result.stderr


def test_the_import_state_holds_what_was_written(tmp_path, event):
    (tmp_path / "regs.csv").write_text("Name,Email,Delegation\nAna Lima,ana@example.org,Brazil\n", encoding="utf-8")
    assert run(tmp_path, "regs.csv").returncode == 0
    state = json.loads((tmp_path / "event.imported.json").read_text(encoding="utf-8"))
    assert state["people"] == {"lima": {"name": "Ana Lima", "email": "ana@example.org", "delegation": "Brazil"}}
    dry = run(tmp_path, "regs.csv", "--dry-run")
    assert dry.returncode == 0
