"""Who a row means, in every script: e-mail first, then name keys that never fold to ASCII (#18 item 1)."""

from __future__ import annotations

import csv
import io
import tomllib
from pathlib import Path

import pytest

from conftest import run_eventkit
from eventkit.participants.identity import PeopleIndex, key_is_usable, name_key, parse_choices

# Speakers named in eight scripts, and for each script five registrants who are other people (one of them differs
# from the speaker by one letter: two different people in one script).
SPEAKERS = {
    "wang": ("王晓明", "wang@example.org"),  # Han
    "alawi": ("محمد العلوي", "alawi@example.org"),  # Arabic
    "tadesse": ("ብርሃኑ ታደሰ", "tadesse@example.org"),  # Ethiopic
    "petrov": ("Иван Петров", "petrov@example.org"),  # Cyrillic
    "papadopoulos": ("Γιώργος Παπαδόπουλος", "papadopoulos@example.org"),  # Greek
    "jashi": ("გიორგი ჯაში", "jashi@example.org"),  # Georgian
    "kumar": ("राजेश कुमार", "kumar@example.org"),  # Devanagari
    "kim": ("김민준", "kim@example.org"),  # Hangul
}
REGISTRANTS = {
    "Han": ["王晓红", "李娜", "张伟", "刘洋", "陈静"],
    "Arabic": ["محمد العلي", "فاطمة الزهراء", "أحمد حسن", "خالد يوسف", "ليلى منصور"],
    "Ethiopic": ["ብርሃኑ ታደሰው", "አበበ ቢቂላ", "መሰረት ደፋር", "ቀነኒሳ በቀለ", "ጥሩነሽ ዲባባ"],
    "Cyrillic": ["Иван Петрович", "Ольга Смирнова", "Дмитрий Иванов", "Анна Кузнецова", "Сергей Попов"],
    "Greek": ["Γιώργος Παπαδάκης", "Μαρία Γεωργίου", "Νίκος Οικονόμου", "Ελένη Δημητρίου", "Κώστας Νικολάου"],
    "Georgian": ["გიორგი ჯაშიაშვილი", "ნინო ბერიძე", "დავით კაპანაძე", "თამარ გელაშვილი", "ლევან ხუციშვილი"],
    "Devanagari": ["राजेश कुमारी", "सुनीता शर्मा", "अमित पटेल", "प्रिया सिंह", "विकास गुप्ता"],
    "Hangul": ["김민수", "이서연", "박지훈", "최유진", "정하늘"],
}


def test_name_keys_never_meet_across_scripts_and_never_fold_to_ascii():
    keys = {name: name_key(name) for name, _ in SPEAKERS.values()}
    assert all(key_is_usable(k) for k in keys.values())
    assert len(set(keys.values())) == len(keys)  # eight speakers, eight keys
    assert not any(k.isascii() for k in keys.values())  # no script became '' or Latin letters
    every = [n for names in REGISTRANTS.values() for n in names]
    assert len({name_key(n) for n in every} | set(keys.values())) == len(every) + len(keys)


@pytest.mark.parametrize(
    "one,other",
    [
        ("Élise Okafor", "Elise OKAFOR"),
        ("Okafor, Élise", "élise okafor"),  # Latin accents, order, case
        ("Γιώργος Παπαδόπουλος", "ΓΙΩΡΓΟΣ ΠΑΠΑΔΟΠΟΥΛΟΣ"),  # Greek tonos and final sigma
        ("Фёдор Смирнов", "Федор Смирнов"),  # Cyrillic ё / е
        ("مُحَمَّد العلوي", "محمد العلوي"),
        ("یوسف کریمی", "يوسف كريمي"),  # Arabic vowel points, Persian letters
        ("王 晓明", "王晓明"),
        ("İlknur Yılmaz", "Ilknur Yilmaz"),
        ("Jørgen Østergaard", "Jorgen Ostergaard"),
    ],
)
def test_the_same_name_written_with_and_without_optional_marks(one, other):
    assert name_key(one) == name_key(other)


@pytest.mark.parametrize(
    "one,other",
    [
        ("राजेश कुमार", "राजश कमार"),  # Devanagari vowel signs are letters, not accents
        ("Йошкин Кот", "Иошкин Кот"),  # й is a letter of its own
        ("王晓明", "王晓红"),
        ("김민준", "김민수"),
        ("ብርሃኑ ታደሰ", "ብርሃኑ ታደሰው"),
    ],
)
def test_different_people_in_one_script_stay_apart(one, other):
    assert name_key(one) != name_key(other)


def test_short_and_empty_keys_match_nothing_and_ambiguity_is_reported():
    index = PeopleIndex.of(
        {
            "li": {"name": "Li"},
            "wang": {"name": "王", "email": "w@example.org"},
            "a": {"name": "Maria Garcia", "email": "a@example.org"},
            "b": {"name": "María García"},
            "c": {"name": "محمد العلوي", "email": "alawi@example.org"},
        }
    )
    assert index.match("", ["Li"]).person is None and index.match("", ["王"]).person is None
    assert index.match("", [""]).person is None and index.match("", ["!!!"]).person is None
    two = index.match("", ["MARIA GARCIA"])
    assert two.ambiguous and two.candidates == ("a", "b") and "fits 2 people" in two.reason
    assert index.match("A@Example.org", ["Someone Else"]).person == "a"  # the e-mail decides
    other = index.match("m.alawi@example.net", ["محمد العلوي"])
    assert (
        other.ambiguous and other.candidates == ("c",) and "whose e-mail is another (alawi@example.org)" in other.reason
    )
    assert index.match("", ["محمد العلوي"]).person == "c"
    assert index.match("", ["王晓明"]).person is None


def test_match_options_are_parsed_or_refused():
    assert [(c.file, c.line, c.person) for c in parse_choices(["regs.csv:17=held", "4=new"])] == [
        ("regs.csv", 17, "held"),
        ("", 4, "new"),
    ]
    for bad in ("regs.csv=held", "regs.csv:x=held", "regs.csv:3=", "regs.csv:٣=held"):
        with pytest.raises(ValueError):
            parse_choices([bad])


# ------------------------------------------------------------------ the import, end to end


def speakers_event(scaffold_text: str) -> str:
    people = "".join(
        f'[people.{pid}]\nname = "{name}"\nemail = "{email}"\n\n' for pid, (name, email) in SPEAKERS.items()
    )
    speakers = ", ".join(f'"{pid}"' for pid in SPEAKERS)
    text = scaffold_text.replace("# Delegations and organisations", people + "# Delegations and organisations")
    at = text.index('id = "discussion"')
    return text[:at] + text[at:].replace("speakers = []", f"speakers = [{speakers}]", 1)


def export_csv(rows: list[tuple[str, str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Name", "Email", "Organization"])
    for name, email in rows:
        writer.writerow([name, email, "Ministry"])
    return out.getvalue().encode("utf-8-sig")


def test_forty_registrants_in_eight_scripts_change_no_speaker_and_a_hand_correction_survives(tmp_path, scaffold_text):
    event = tmp_path / "event.toml"
    event.write_text(speakers_event(scaffold_text), encoding="utf-8")
    rows = [
        (name, f"r{n:02d}@example.org") for n, name in enumerate(n for names in REGISTRANTS.values() for n in names)
    ]
    rows.append(("Okafor-Elise", "okafor@example.org"))
    (tmp_path / "regs.csv").write_bytes(export_csv(rows))
    before = tomllib.loads(event.read_text(encoding="utf-8"))["people"]

    first = run_eventkit("import", "event.toml", "regs.csv", "--delegation-from", "none", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "41 added, 0 updated, 0 unchanged" in first.stdout, first.stdout
    people = tomllib.loads(event.read_text(encoding="utf-8"))["people"]
    assert all(people[pid] == values for pid, values in before.items())  # no speaker changed
    assert {p["email"] for p in people.values()} >= {email for _, email in rows}
    assert {p["name"] for p in people.values()} >= {name for name, _ in rows}
    assert run_eventkit("check", "event.toml", cwd=tmp_path).returncode == 0
    imported = json_of(tmp_path / "event.imported.json")["people"]
    assert len(imported) == 41 and all(p["name"] for p in imported.values())

    after_first = event.read_bytes()
    second = run_eventkit("import", "event.toml", "regs.csv", "--delegation-from", "none", cwd=tmp_path)
    assert "no changes (0 added, 0 updated, 41 unchanged)" in second.stdout, second.stdout
    assert event.read_bytes() == after_first

    # the organiser corrects a name by hand; a third import of the export with the old spelling keeps it
    event.write_text(event.read_text(encoding="utf-8").replace('"Okafor-Elise"', '"Okafor-Élise"'), encoding="utf-8")
    corrected = event.read_bytes()
    third = run_eventkit("import", "event.toml", "regs.csv", "--delegation-from", "none", cwd=tmp_path)
    assert third.returncode == 0, third.stderr
    assert (
        "kept people.okafor-elise.name 'Okafor-Élise' (edited by hand; the export says 'Okafor-Elise')" in third.stdout
    )
    assert event.read_bytes() == corrected


def json_of(path: Path) -> dict:
    import json

    return json.loads(path.read_text(encoding="utf-8"))


def test_the_issue_s_example_an_arabic_registrant_is_not_the_chinese_moderator(tmp_path, scaffold_text):
    """`printf 'Name,Email\\nمحمد العلوي,m@example.org\\n'` into an event whose moderator is 王晓明 offered to rename
    the moderator; with --keep-existing real registrants were silently "unchanged"."""
    event = tmp_path / "t.toml"
    event.write_text(scaffold_text.replace('name = "Moderator Name"', 'name = "王晓明"'), encoding="utf-8")
    (tmp_path / "r.csv").write_text(
        "Name,Email\nمحمد العلوي,m@example.org\nИван Петров,\nብርሃኑ ታደሰ,\n", encoding="utf-8"
    )
    dry = run_eventkit("import", "t.toml", "r.csv", "--dry-run", cwd=tmp_path)
    assert "people.moderator" not in dry.stdout and "would add" in dry.stdout
    result = run_eventkit("import", "t.toml", "r.csv", "--keep-existing", cwd=tmp_path)
    assert "3 added, 0 updated, 0 unchanged" in result.stdout, result.stdout
    people = tomllib.loads(event.read_text(encoding="utf-8"))["people"]
    assert people["moderator"]["name"] == "王晓明" and people["moderator"]["email"] == "moderator@example.org"


def test_a_name_match_with_another_e_mail_waits_for_a_choice(tmp_path, scaffold_text):
    event = tmp_path / "event.toml"
    event.write_text(speakers_event(scaffold_text), encoding="utf-8")
    (tmp_path / "regs.csv").write_bytes(
        export_csv([("محمد العلوي", "m.alawi@example.net"), ("Élise Okafor", "e@x.org")])
    )
    result = run_eventkit("import", "event.toml", "regs.csv", "--delegation-from", "none", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (
        "regs.csv:2: محمد العلوي <m.alawi@example.net>: not imported: the name 'محمد العلوي' fits people.alawi, "
        "whose e-mail is another (alawi@example.org); choose with --match regs.csv:2=alawi (the same person), "
        "or --match regs.csv:2=new (someone else)"
    ) in result.stderr
    assert "1 added" in result.stdout and "1 need a choice (--match)" in result.stdout
    new = run_eventkit(
        "import", "event.toml", "regs.csv", "--match", "regs.csv:2=new", "--delegation-from", "none", cwd=tmp_path
    )
    assert "add people.person-" in new.stdout and "1 added" in new.stdout
    people = tomllib.loads(event.read_text(encoding="utf-8"))["people"]
    assert people["alawi"]["email"] == "alawi@example.org"
    assert sum(1 for p in people.values() if p["name"] == "محمد العلوي") == 2
    bad = run_eventkit("import", "event.toml", "regs.csv", "--match", "regs.csv=alawi", cwd=tmp_path)
    assert bad.returncode == 2 and "is not FILE:LINE=ID" in bad.stderr


def test_a_person_without_an_e_mail_is_found_by_the_name_without_its_accents(tmp_path, scaffold_text):
    event = tmp_path / "event.toml"
    event.write_text(
        scaffold_text.replace(
            "# Delegations and organisations",
            '[people.okafor]\nname = "Élise Okafor"\n\n# Delegations and organisations',
        ),
        encoding="utf-8",
    )
    (tmp_path / "regs.csv").write_bytes(export_csv([("ELISE OKAFOR", "elise@example.org")]))
    result = run_eventkit("import", "event.toml", "regs.csv", "--delegation-from", "none", cwd=tmp_path)
    assert "update people.okafor: email '' -> 'elise@example.org'" in result.stdout, result.stdout
    assert "kept people.okafor.name 'Élise Okafor' (written by hand; the export says 'ELISE OKAFOR')" in result.stdout
