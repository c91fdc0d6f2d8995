"""`eventkit schema`: a JSON Schema of the event file, checked with a real client (Taplo, PyPI `taplo`) and the
`jsonschema` library: every file `check` accepts, the schema accepts (the example events, the tests' events and the
fuzz test's random ones), and every field of the model is in the schema and in the documentation's field reference.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import shutil
import subprocess
import sys
import tomllib
import typing
from pathlib import Path

import pytest
from hypothesis import given, settings

from conftest import REFERENCE_EVENTS, ROOT, run_eventkit
from test_fuzz import PROFILE, invalid_events, valid_events, write_event

EVENT_FILES = sorted([*ROOT.glob("events/**/*.toml"), *ROOT.glob("tests/**/*.toml")])


def taplo() -> str:
    found = shutil.which("taplo") or shutil.which("taplo", path=str(Path(sys.executable).parent))
    if not found:
        pytest.skip("taplo is not installed (pip install taplo; it is in the test extra)")
    return found


@pytest.fixture
def schema_file(tmp_path) -> Path:
    """The schema generated now from the model (so fields added to the model are in it)."""
    path = tmp_path / "eventkit.schema.json"
    result = run_eventkit("schema", "-o", path)
    assert result.returncode == 0, result.stderr
    return path


def taplo_check(event: Path, schema: Path | None = None) -> subprocess.CompletedProcess:
    command = [taplo(), "check", *(["--schema", schema.resolve().as_uri()] if schema else []), str(event)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=event.parent)


@pytest.mark.parametrize("event", EVENT_FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_taplo_accepts_every_event_file_that_check_accepts(schema_file, event):
    """Every .toml in events/ and tests/ (the W3C event's `heading = false` was "not of type string" once)."""
    from eventkit.event.load import check_event

    if check_event(event).errors:
        pytest.skip(f"{event.name} is not a valid event file (a fixture for errors)")
    result = taplo_check(event, schema_file)
    assert result.returncode == 0, result.stderr


def test_the_examples_hold_the_union_fields_the_schema_once_refused():
    """So that the test above covers `heading = false` and a list for a single-or-list field."""
    texts = "\n".join(path.read_text(encoding="utf-8") for path in EVENT_FILES)
    assert "heading = false" in texts and "dateline = false" in texts


def edited(tmp_path: Path, old: str, new: str) -> Path:
    text = REFERENCE_EVENTS["note-for-file"].read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "edited.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_taplo_rejects_an_unknown_key(schema_file, tmp_path):
    event = edited(tmp_path, 'platform = "KUDO platform"', 'platform = "KUDO platform"\nvenu = "Tbilisi"')
    assert run_eventkit("check", event).returncode == 1  # check agrees
    result = taplo_check(event, schema_file)
    assert result.returncode != 0
    assert "'venu' was unexpected" in result.stderr, result.stderr


@pytest.mark.parametrize(
    "old, new, message",
    [
        ('timezone = "Asia/Tbilisi"', "timezone = 42", '42 is not of type "string"'),
        (
            'platform = "KUDO platform"',
            "platform = 42",
            "42 is not valid under any of the schemas",
        ),  # text or translations
        ('report_style = "note-for-file"', 'report_style = "protocol"', "is not one of"),
        ('start = "14:00"', 'start = "2 pm"', "does not match"),
    ],
    ids=["number for text", "number for translatable text", "unknown choice", "bad time"],
)
def test_taplo_rejects_a_wrong_type_or_value(schema_file, tmp_path, old, new, message):
    event = edited(tmp_path, old, new)
    assert run_eventkit("check", event).returncode == 1  # check agrees
    result = taplo_check(event, schema_file)
    assert result.returncode != 0
    assert message in result.stderr, result.stderr


def test_eventkit_new_writes_the_schema_directive_that_taplo_follows(tmp_path):
    event = tmp_path / "events" / "webinar.toml"
    result = run_eventkit("new", event, "--title", "Test", "--date", "2026-12-10", "--timezone", "Europe/Vienna")
    assert result.returncode == 0, result.stderr
    text = event.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "#:schema ./eventkit.schema.json"
    assert (event.parent / "eventkit.schema.json").read_text() == run_eventkit("schema").stdout
    assert run_eventkit("check", event).returncode == 0
    assert taplo_check(event).returncode == 0  # no --schema: Taplo reads the directive
    event.write_text(text.replace("[event]\n", '[event]\nsubtitel = "typo"\n', 1), encoding="utf-8")
    result = taplo_check(event)
    assert result.returncode != 0 and "'subtitel' was unexpected" in result.stderr, result.stderr


def classes_in(tp) -> list[type]:
    """The dataclasses an annotation holds, at any depth (``tuple[str | Annex, ...]`` holds Annex)."""
    if dataclasses.is_dataclass(tp):
        return [tp]
    return [cls for arg in typing.get_args(tp) for cls in classes_in(arg)]


def model_fields(cls, seen=None) -> set[tuple[str, str]]:
    """(class name, field name) of every field of the event file reachable from ``cls`` (read from the dataclasses
    themselves, not from the description the schema is made from)."""
    seen = {cls} if seen is None else seen
    found = set()
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        if f.metadata.get("internal"):
            continue
        found.add((cls.__name__, f.name))
        for inner in classes_in(hints[f.name]):
            if inner not in seen:
                seen.add(inner)
                found |= model_fields(inner, seen)
    return found


def reference_sections(markdown: str) -> dict[str, set[str]]:
    """The field reference's sections: anchor -> the field names of its table."""
    sections, current = {}, None
    for line in markdown.splitlines():
        heading = re.match(r"^### .* \{#([\w-]+)\}$", line)
        if heading:
            current = sections.setdefault(heading.group(1), set())
        row = re.match(r"^\| `(\w+)` \|", line)
        if row and current is not None:
            current.add(row.group(1))
    return sections


def test_every_model_field_is_in_the_field_reference():
    from eventkit.event.field_reference import field_reference
    from eventkit.event.model import Event

    sections = reference_sections(field_reference())
    by_class: dict[str, set[str]] = {}
    for cls_name, name in model_fields(Event):
        by_class.setdefault(cls_name, set()).add(name)
    assert sections["the-file"] == by_class.pop("Event")
    for cls_name, names in by_class.items():
        assert names in sections.values(), (cls_name, names)
    for anchor in ("event", "agenda", "people", "report-sections-speakers", "report-annexes", "roles"):
        assert anchor in sections


def test_schema_is_draft_2020_12_and_covers_every_model_field(schema_file):
    from eventkit.event.model import Event

    schema = json.loads(schema_file.read_text())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False and schema["required"] == ["event"]
    tables = {"Event": schema, **schema["$defs"]}
    translations = tables.pop("Translations")  # {en = "...", fr = "..."}: any language tag, texts only
    assert translations["additionalProperties"] == {"type": "string"} and "propertyNames" in translations
    for table in tables.values():
        assert table["additionalProperties"] is False
    for cls_name, name in model_fields(Event):
        assert name in tables[cls_name]["properties"], (cls_name, name)
    assert set(tables) == {cls_name for cls_name, _ in model_fields(Event)}
    info = tables["EventInfo"]
    assert set(info["required"]) == {"title", "date", "start", "end", "timezone"}
    assert info["properties"]["kind"]["enum"][0] == "webinar"
    assert info["properties"]["date"]["format"] == "date"
    assert info["properties"]["title"]["description"] == "Title of the event"


def test_schema_printed_equals_schema_written(schema_file):
    printed = run_eventkit("schema")
    assert printed.returncode == 0 and printed.stdout == schema_file.read_text()


# ------------------------------------------------------------------ what check accepts, the schema accepts


def as_json(value):
    """A TOML value as an editor hands it to a JSON Schema: dates and times as text (09:30:00 → "09:30:00")."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return value


@pytest.fixture(scope="module")
def validator():
    import jsonschema

    from eventkit.event.schema import event_schema

    cls = jsonschema.Draft202012Validator
    return cls(event_schema(), format_checker=cls.FORMAT_CHECKER)


def assert_schema_accepts_what_check_accepts(path: Path, validator) -> bool:
    """False when `check` refuses the file; else the schema must accept it (or the test fails, naming why)."""
    from eventkit.event.load import check_event

    if check_event(path).errors:
        return False
    text = path.read_bytes().decode("utf-8")
    errors = [
        f"{'.'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(as_json(tomllib.loads(text)))
    ]
    assert not errors, "check accepts this file, the schema does not:\n" + "\n".join(errors) + "\n\n" + text
    return True


def written(text: str, folder: Path) -> Path:
    return write_event(folder, text)  # with the logo.png the generated events may draw


def test_jsonschema_accepts_the_example_events(validator):
    for event in EVENT_FILES:
        assert assert_schema_accepts_what_check_accepts(event, validator), event


def test_jsonschema_refuses_what_taplo_refuses(validator):
    """The in-process validator is no softer than the editor's on the cases test_taplo_rejects_* try."""
    text = REFERENCE_EVENTS["note-for-file"].read_text(encoding="utf-8")
    for old, new in [
        ('platform = "KUDO platform"', "platform = 42"),
        ('start = "14:00"', 'start = "2 pm"'),
        ('platform = "KUDO platform"', 'platform = "KUDO platform"\nvenu = "Tbilisi"'),
        ('report_style = "note-for-file"', 'report_style = "protocol"'),
    ]:
        assert not validator.is_valid(as_json(tomllib.loads(text.replace(old, new, 1)))), new


@settings(PROFILE)
@given(case=valid_events(max_people=8, huge_notes=False))
def test_schema_accepts_every_random_valid_event(case, validator, tmp_path_factory):
    text, _ = case
    assert assert_schema_accepts_what_check_accepts(written(text, tmp_path_factory.mktemp("valid")), validator)


@settings(PROFILE)
@given(text=invalid_events())
def test_schema_accepts_every_mutated_event_that_check_still_accepts(text, validator, tmp_path_factory):
    assert_schema_accepts_what_check_accepts(written(text, tmp_path_factory.mktemp("mutated")), validator)
