"""`eventkit schema`: a JSON Schema of the event file, checked with a real client (Taplo, PyPI `taplo`)."""
from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
import typing
from pathlib import Path

import pytest

from conftest import REFERENCE_EVENTS, run_eventkit


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


@pytest.mark.parametrize("style", list(REFERENCE_EVENTS))
def test_taplo_accepts_both_example_events(schema_file, style):
    result = taplo_check(REFERENCE_EVENTS[style], schema_file)
    assert result.returncode == 0, result.stderr


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


@pytest.mark.parametrize("old, new, message", [
    ('timezone = "Asia/Tbilisi"', "timezone = 42", '42 is not of type "string"'),
    ('platform = "KUDO platform"', "platform = 42", "42 is not valid under any of the schemas"),  # text or translations
    ('report_style = "note-for-file"', 'report_style = "protocol"', "is not one of"),
    ('start = "14:00"', 'start = "2 pm"', "does not match"),
], ids=["number for text", "number for translatable text", "unknown choice", "bad time"])
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
    event.write_text(text.replace("[event]\n", "[event]\nsubtitel = \"typo\"\n", 1), encoding="utf-8")
    result = taplo_check(event)
    assert result.returncode != 0 and "'subtitel' was unexpected" in result.stderr, result.stderr


def model_fields(cls, seen=None) -> set[tuple[str, str]]:
    """(class name, field name) of every documented field reachable from ``cls``."""
    seen = set() if seen is None else seen
    found = set()
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        if f.metadata.get("internal"):
            continue
        found.add((cls.__name__, f.name))
        for arg in (hints[f.name], *typing.get_args(hints[f.name])):
            if dataclasses.is_dataclass(arg) and arg not in seen:
                seen.add(arg)
                found |= model_fields(arg, seen)
    return found


def test_schema_is_draft_2020_12_and_covers_every_model_field(schema_file):
    from eventkit.event.model import Event

    schema = json.loads(schema_file.read_text())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False and schema["required"] == ["event"]
    tables = {"Event": schema, **schema["$defs"]}
    translations = tables.pop("Translations")   # {en = "...", fr = "..."}: any language tag, texts only
    assert translations["additionalProperties"] == {"type": "string"} and "propertyNames" in translations
    for table in tables.values():
        assert table["additionalProperties"] is False
    for cls_name, name in model_fields(Event):
        assert name in tables[cls_name]["properties"], (cls_name, name)
    info = tables["EventInfo"]
    assert set(info["required"]) == {"title", "date", "start", "end", "timezone"}
    assert info["properties"]["kind"]["enum"][0] == "webinar"
    assert info["properties"]["date"]["format"] == "date"
    assert info["properties"]["title"]["description"] == "Title of the event"


def test_schema_printed_equals_schema_written(schema_file):
    printed = run_eventkit("schema")
    assert printed.returncode == 0 and printed.stdout == schema_file.read_text()
