"""`eventkit import`: registration exports (CSV in the encodings Excel writes, XLSX) into the event file, in place."""

from __future__ import annotations

import csv
import io
import tomllib
from pathlib import Path

import pytest

from conftest import run_eventkit

FIRST = [
    "Renée",
    "Jan",
    "Ana",
    "Giorgi",
    "Oksana",
    "Léa",
    "Mehmet",
    "Siobhán",
    "Nguyễn",
    "Ingrid",
    "José",
    "Zoë",
    "Mariam",
    "Piotr",
    "Ewa",
]
LAST = ["Müller", "Lopez", "Beridze", "Kovalenko", "Dubois", "Yılmaz", "O'Brien", "Tran", "Østergaard", "García"]
COUNTRIES = ["Austria", "Georgia", "Moldova", "France", "Türkiye"]


def registrants(count: int = 150) -> list[dict[str, str]]:
    """``count`` distinct people; last names repeat, so ids need de-duplicating."""
    people = []
    for n in range(count):
        first, last = FIRST[n % len(FIRST)], LAST[(n // len(FIRST)) % len(LAST)]
        country = COUNTRIES[n % len(COUNTRIES)]
        people.append(
            {
                "salutation": ("Ms.", "Mr.", "Dr.")[n % 3],
                "first": first,
                "last": last,
                "email": f"p{n:03d}@example.org",
                "organisation": f"Government of {country}",
                "title": f"Officer {n}",
                "country": country,
            }
        )
    return people


ENGLISH = [
    "Salutation",
    "First Name",
    "Last Name",
    "Email",
    "Organization",
    "Job Title",
    "Country/Region",
    "Registration Time",
]
FRENCH = ["Civilité", "Prénom", "Nom", "Courriel", "Organisation", "Fonction", "Pays", "Date d'inscription"]


def rows(people, headers):
    yield headers
    for p in people:
        yield [
            p["salutation"],
            p["first"],
            p["last"],
            p["email"],
            p["organisation"],
            p["title"],
            p["country"],
            "2026-11-02 10:14",
        ]


def csv_bytes(people, encoding="utf-8-sig", delimiter=",", headers=ENGLISH, preamble=True) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    if preamble:  # Zoom puts the webinar's details above the header row
        writer.writerows([["Registration Report"], ["Topic", "Webinar ID"], ["Test webinar", "812 3456"], []])
    writer.writerows(rows(people, headers))
    return out.getvalue().encode(encoding)


@pytest.fixture
def event_file(tmp_path, scaffold_text) -> Path:
    text = scaffold_text.replace(
        "# Delegations and organisations", "# A comment the import must keep.\n\n# Delegations and organisations"
    )
    path = tmp_path / "event.toml"
    path.write_text(text, encoding="utf-8")
    return path


def people_of(path: Path) -> dict[str, dict]:
    return tomllib.loads(path.read_text(encoding="utf-8"))["people"]


def comments(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#") or " # " in line]


def test_150_rows_twice_adds_then_changes_nothing_and_keeps_comments(tmp_path, event_file):
    before = event_file.read_text(encoding="utf-8")
    (tmp_path / "regs.csv").write_bytes(csv_bytes(registrants()))
    first = run_eventkit("import", "event.toml", "regs.csv", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "150 added, 0 updated" in first.stdout
    people = people_of(event_file)
    assert len(people) == 151  # the scaffold's moderator and the 150
    assert run_eventkit("check", "event.toml", cwd=tmp_path).returncode == 0
    after_first = event_file.read_text(encoding="utf-8")
    assert after_first.startswith(before[: before.index("[people.moderator]")])  # untouched above the people
    assert all(c in comments(after_first) for c in comments(before))
    # ids are short, readable and unique; every registrant is there once with their values
    by_email = {p["email"]: (pid, p) for pid, p in people.items()}
    assert by_email["p000@example.org"] == (
        "muller",
        {
            "honorific": "Ms.",
            "name": "Renée Müller",
            "title": "Officer 0",
            "organisation": "Government of Austria",
            "country": "Austria",
            "email": "p000@example.org",
        },
    )
    assert by_email["p001@example.org"][0] == "muller-jan"
    assert by_email["p015@example.org"][0] == "lopez"
    assert all(len(pid) <= 24 for pid in people)
    data = tomllib.loads(after_first)
    austria = next(d for d in data["delegations"] if d["name"] == "Government of Austria")
    assert len(austria["members"]) == 30
    assert sum(len(d["members"]) for d in data["delegations"]) == 151

    second = run_eventkit("import", "event.toml", "regs.csv", cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert "no changes (0 added, 0 updated, 150 unchanged)" in second.stdout
    assert event_file.read_text(encoding="utf-8") == after_first


def test_a_changed_row_updates_that_person_only(tmp_path, event_file):
    people = registrants(20)
    (tmp_path / "regs.csv").write_bytes(csv_bytes(people))
    assert run_eventkit("import", "event.toml", "regs.csv", cwd=tmp_path).returncode == 0
    people[4] = {**people[4], "title": "Director", "country": "Georgia", "organisation": "Government of Georgia"}
    (tmp_path / "regs.csv").write_bytes(csv_bytes(people))
    unchanged = event_file.read_bytes()
    dry = run_eventkit("import", "event.toml", "regs.csv", "--dry-run", cwd=tmp_path)
    assert dry.returncode == 0 and "nothing written (dry run)" in dry.stdout
    assert event_file.read_bytes() == unchanged
    assert "would update people.kovalenko" not in dry.stdout
    assert "would update people.muller-oksana: title 'Officer 4' -> 'Director'" in dry.stdout
    assert (
        "would move people.muller-oksana: from delegation 'Government of Türkiye' to 'Government of Georgia'"
        in dry.stdout
    )
    result = run_eventkit("import", "event.toml", "regs.csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert unchanged != event_file.read_bytes()
    assert "0 added, 1 updated, 19 unchanged" in result.stdout
    data = tomllib.loads(event_file.read_text(encoding="utf-8"))
    assert data["people"]["muller-oksana"]["title"] == "Director"
    georgia = next(d for d in data["delegations"] if d["name"] == "Government of Georgia")
    assert "muller-oksana" in georgia["members"]
    assert all("muller-oksana" not in d["members"] for d in data["delegations"] if d is not georgia)


def test_french_xlsx_imports_the_same_people(tmp_path, event_file, scaffold_text):
    openpyxl = pytest.importorskip("openpyxl")
    people = registrants(40)
    (tmp_path / "regs.csv").write_bytes(csv_bytes(people))
    assert run_eventkit("import", "event.toml", "regs.csv", cwd=tmp_path).returncode == 0
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Inscriptions"
    for row in rows(people, FRENCH):
        sheet.append(row)
    workbook.save(tmp_path / "inscriptions.xlsx")
    other = tmp_path / "other.toml"
    other.write_text(scaffold_text, encoding="utf-8")
    result = run_eventkit("import", "other.toml", "inscriptions.xlsx", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Prénom -> first_name" in result.stderr and "Nom -> last_name" in result.stderr
    assert people_of(other) == people_of(event_file)
    # and the XLSX into the file the CSV made changes nothing
    again = run_eventkit("import", "event.toml", "inscriptions.xlsx", cwd=tmp_path)
    assert "no changes" in again.stdout, again.stdout + again.stderr


@pytest.mark.parametrize("encoding,delimiter", [("utf-16", "\t"), ("utf-8", ","), ("utf-8-sig", ";"), ("cp1252", ";")])
def test_encodings_and_delimiters_as_excel_writes_them(tmp_path, event_file, encoding, delimiter):
    people = (
        [p for p in registrants(30) if p["last"] != "Yılmaz" and p["first"] != "Nguyễn"]
        if encoding == "cp1252"
        else registrants(30)
    )  # what Windows-1252 can hold
    data = csv_bytes(people, encoding, delimiter, preamble=False)
    if encoding == "utf-16":
        assert data[:2] == b"\xff\xfe"  # Excel's "Unicode text": UTF-16 LE with a BOM, tab-separated
    (tmp_path / "regs.csv").write_bytes(data)
    result = run_eventkit("import", "event.toml", "regs.csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    names = {p["name"] for p in people_of(event_file).values()}
    assert {f"{p['first']} {p['last']}" for p in people} <= names


def test_problems_are_located_in_the_source_and_nothing_is_written(tmp_path, event_file):
    people = registrants(20)
    people[15]["email"] = "jane@"  # the 16th row: line 17, under the header
    people[3]["first"] = people[3]["last"] = ""
    (tmp_path / "regs.csv").write_bytes(csv_bytes(people, "utf-8", ",", preamble=False))
    before = event_file.read_bytes()
    result = run_eventkit("import", "event.toml", "regs.csv", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert "regs.csv:17: Email: 'jane@' is not an e-mail address (write it as name@example.org)" in lines
    assert any(line.startswith("regs.csv:5: ") and "no name" in line for line in lines)
    assert "Traceback" not in result.stderr
    assert event_file.read_bytes() == before


def test_map_option_and_unknown_header(tmp_path, event_file):
    (tmp_path / "list.csv").write_text(
        "Participant;Adresse de messagerie;Ministère\nNino Beridze;nino@example.org;Ministry of Justice\n",
        encoding="utf-8",
    )
    result = run_eventkit(
        "import",
        "event.toml",
        "list.csv",
        "--map",
        "Adresse de messagerie=email",
        "--map",
        "Ministère=organisation",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert people_of(event_file)["beridze"] == {
        "name": "Nino Beridze",
        "organisation": "Ministry of Justice",
        "email": "nino@example.org",
    }
    wrong = run_eventkit(
        "import", "event.toml", "list.csv", "--map", "Mail=email", "--map", "Ministère=organisation", cwd=tmp_path
    )
    assert (
        wrong.returncode == 1 and "list.csv: --map names a column that is not in the header row: mail" in wrong.stderr
    )
    bad_field = run_eventkit("import", "event.toml", "list.csv", "--map", "Ministère=ministry", cwd=tmp_path)
    assert bad_field.returncode == 2 and "'ministry' is not a field" in bad_field.stderr


def test_matched_by_email_a_name_written_by_hand_is_kept_unless_overwrite(tmp_path, event_file):
    (tmp_path / "regs.csv").write_text(
        "Name,Email,Organisation\nMod Erator,moderator@example.org,Your organisation\n", encoding="utf-8"
    )
    before = event_file.read_bytes()
    result = run_eventkit("import", "event.toml", "regs.csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (
        "kept people.moderator.name 'Moderator Name' (written by hand; the export says 'Mod Erator')" in result.stdout
    )
    assert event_file.read_bytes() == before
    forced = run_eventkit("import", "event.toml", "regs.csv", "--overwrite", cwd=tmp_path)
    assert "update people.moderator: name 'Moderator Name' -> 'Mod Erator'" in forced.stdout
    assert run_eventkit("check", "event.toml", cwd=tmp_path).returncode == 0


def test_an_edit_the_loader_rejects_is_not_written(event_file):
    from eventkit.errors import EventFileError
    from eventkit.event.editing import save_event_text

    before = event_file.read_bytes()
    broken = before.decode("utf-8").replace('members = ["moderator"]', 'members = ["moderator", "nobody"]')
    with pytest.raises(EventFileError) as caught:
        save_event_text(event_file, broken)
    assert str(caught.value.problems[0]).startswith(f"{event_file}:")
    assert "no person 'nobody'" in str(caught.value)
    assert event_file.read_bytes() == before
    assert sorted(p.name for p in event_file.parent.iterdir()) == ["event.toml"]  # no temporary file left


def test_invalid_event_file_is_not_touched(tmp_path, event_file):
    event_file.write_text(
        event_file.read_text(encoding="utf-8").replace('timezone = "Asia/Tbilisi"', 'timezone = "Asia/Tbilsi"'),
        encoding="utf-8",
    )
    (tmp_path / "regs.csv").write_bytes(csv_bytes(registrants(3)))
    before = event_file.read_bytes()
    result = run_eventkit("import", "event.toml", "regs.csv", cwd=tmp_path)
    assert result.returncode == 1 and "event.timezone: unknown time zone 'Asia/Tbilsi'" in result.stderr
    assert event_file.read_bytes() == before


BARE = """# A bare event
[event]
title = "Bare"
date = 2026-12-10
start = "10:00"
end = "12:00"
timezone = "Europe/Vienna"

[[agenda]]
id = "a"
title = "A"
start = "10:00"
end = "11:00"
"""


def test_a_file_without_people_or_delegations_gets_them(tmp_path):
    (tmp_path / "bare.toml").write_text(BARE, encoding="utf-8")
    (tmp_path / "regs.csv").write_bytes(csv_bytes(registrants(3)))
    result = run_eventkit("import", "bare.toml", "regs.csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "bare.toml").read_text(encoding="utf-8")
    assert text.startswith(BARE)
    assert "\n\n[people.muller]\n" in text and "\n\n[[delegations]]\n" in text
    assert run_eventkit("check", "bare.toml", cwd=tmp_path).returncode == 0


def test_inline_people_are_refused_with_a_reason(tmp_path):
    text = 'delegations = [{ name = "X", members = ["a"] }]\n\n' + BARE + '\n[people]\na = { name = "Anna Alpha" }\n'
    (tmp_path / "inline.toml").write_text(text, encoding="utf-8")
    (tmp_path / "regs.csv").write_bytes(csv_bytes(registrants(3)))
    result = run_eventkit("import", "inline.toml", "regs.csv", cwd=tmp_path)
    assert result.returncode == 1
    assert "inline.toml: people: people are written as inline tables or dotted keys" in result.stderr
    assert "inline.toml: delegations: delegations are written as an inline list" in result.stderr
    assert (tmp_path / "inline.toml").read_text(encoding="utf-8") == text


def test_namesakes_with_other_e_mails_are_different_people(tmp_path, event_file):
    (tmp_path / "regs.csv").write_text(
        "Name,Email\nMaria Garcia,maria.garcia@example.org\nMaria Garcia,mgarcia@example.net\nMaria Garcia,\n",
        encoding="utf-8",
    )
    result = run_eventkit("import", "event.toml", "regs.csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    people = people_of(event_file)
    assert people["garcia"]["email"] == "maria.garcia@example.org"
    assert people["garcia-maria"]["email"] == "mgarcia@example.net"
    # a row without an e-mail could be either: listed, located, left for --match
    assert (
        "regs.csv:4: Maria Garcia: not imported: the name 'Maria Garcia' fits 2 people; choose with "
        "--match regs.csv:4=garcia or --match regs.csv:4=garcia-maria (the same person), "
        "or --match regs.csv:4=new (someone else)"
    ) in result.stderr
    assert "1 need a choice (--match)" in result.stdout
    # an e-mail that changed between two exports: the same person, or a namesake? the organiser says
    (tmp_path / "regs.csv").write_text(
        "Name,Email\nMaria Garcia,maria.garcia@example.org\nMaria Garcia,maria.g@example.net\n", encoding="utf-8"
    )
    again = run_eventkit("import", "event.toml", "regs.csv", cwd=tmp_path)
    assert (
        "regs.csv:3: Maria Garcia <maria.g@example.net>: not imported: the name 'Maria Garcia' fits "
        "people.garcia-maria, whose e-mail is another (mgarcia@example.net)"
    ) in again.stderr
    assert "no changes" in again.stdout
    chosen = run_eventkit("import", "event.toml", "regs.csv", "--match", "regs.csv:3=garcia-maria", cwd=tmp_path)
    assert "update people.garcia-maria: email 'mgarcia@example.net' -> 'maria.g@example.net'" in chosen.stdout


def test_windows_line_endings_are_kept(tmp_path, event_file):
    event_file.write_bytes(event_file.read_bytes().replace(b"\n", b"\r\n"))
    (tmp_path / "regs.csv").write_bytes(csv_bytes(registrants(5)))
    assert run_eventkit("import", "event.toml", "regs.csv", cwd=tmp_path).returncode == 0
    data = event_file.read_bytes()
    assert b"[people.muller]\r\n" in data and data.count(b"\n") == data.count(b"\r\n")


def test_keep_existing_leaves_hand_edits_alone(tmp_path, event_file):
    people = registrants(4)
    (tmp_path / "regs.csv").write_bytes(csv_bytes(people))
    assert run_eventkit("import", "event.toml", "regs.csv", cwd=tmp_path).returncode == 0
    edited = event_file.read_text(encoding="utf-8").replace('title = "Officer 0"', 'title = "Minister"')
    event_file.write_text(edited, encoding="utf-8")
    (tmp_path / "regs.csv").write_bytes(csv_bytes(registrants(6)))
    result = run_eventkit("import", "event.toml", "regs.csv", "--keep-existing", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "2 added, 0 updated, 4 unchanged" in result.stdout
    assert people_of(event_file)["muller"]["title"] == "Minister"
    assert len(people_of(event_file)) == 7


def test_a_participant_type_column_gives_new_delegations_their_category(tmp_path):
    """Registration exports say what kind of participant each is ("Participant type": Member State, Observer ...):
    a delegation the import creates takes its first row's category, and the list of participants groups by it."""
    (tmp_path / "bare.toml").write_text(BARE, encoding="utf-8")
    (tmp_path / "regs.csv").write_text(
        "First name,Last name,Email,Delegation,Participant type\n"
        "Ana,Lima,ana@example.org,Brazil,Member States\n"
        "Ben,Moyo,ben@example.org,Zimbabwe,Member States\n"
        "Cara,Ngo,cara@example.org,UNDP,United Nations system\n"
        "Dan,Roe,dan@example.org,,Member States\n",
        encoding="utf-8",
    )
    result = run_eventkit("import", "bare.toml", "regs.csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Participant type -> category" in result.stderr
    from eventkit.event.load import load_event

    event = load_event(tmp_path / "bare.toml")
    assert [(d.name, d.category) for d in event.delegations] == [
        ("Brazil", "Member States"),
        ("Zimbabwe", "Member States"),
        ("UNDP", "United Nations system"),
    ]
    assert "category" not in (tmp_path / "bare.toml").read_text(encoding="utf-8").split("[[delegations]]")[0]
    again = run_eventkit("import", "bare.toml", "regs.csv", cwd=tmp_path)
    assert "no changes" in again.stdout, again.stdout + again.stderr


def test_a_quoted_cell_never_closed_is_a_located_error(tmp_path, event_file):
    """An unterminated quote would swallow the rest of the file into one "name": it is an error at the line where
    the record starts, and the event file is not touched."""
    (tmp_path / "regs.csv").write_text(
        'First name,Last name,Email\nJane,Doe,jane@example.org\n"Bob,Smith,bob@example.org\nCara,Ng,cara@example.org\n',
        encoding="utf-8",
    )
    before = event_file.read_bytes()
    result = run_eventkit("import", event_file.name, "regs.csv", cwd=tmp_path)
    assert result.returncode == 1
    assert "regs.csv:3: the CSV cannot be read from here" in result.stderr, result.stderr
    assert event_file.read_bytes() == before
