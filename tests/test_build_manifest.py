"""Reproducible outputs and the build manifest: a rebuild rewrites only what changed, never skips wrongly."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import REFERENCE_EVENTS, run_eventkit

MANIFEST = ".eventkit-build.json"
DOCUMENTS = ("concept-note", "agenda", "participants", "speakers", "report")


def copy_event(tmp_path: Path, style: str = "note-for-file") -> Path:
    """The reference event (and its invite state) copied, so that builds never touch events/."""
    source = REFERENCE_EVENTS[style]
    target = tmp_path / source.name
    shutil.copy(source, target)
    state = source.with_name(f"{source.stem}.invites.json")
    if state.exists():
        shutil.copy(state, target.with_name(state.name))
    return target


def build(*args) -> str:
    result = run_eventkit("build", *args)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout + result.stderr


def snapshot(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    """Each file's bytes, inode and modification time: an atomic rewrite changes the inode."""
    files = {}
    for path in sorted(folder.iterdir()):
        stat = path.stat()
        files[path.name] = (path.read_bytes(), stat.st_ino, stat.st_mtime_ns)
    return files


def rewritten(before: dict, after: dict) -> set[str]:
    return {name for name in after if name not in before or before[name][1:] != after[name][1:]}


def add_speaker_note(event: Path) -> None:
    text = event.read_text(encoding="utf-8")
    at = text.index('notes = """\n') + len('notes = """\n')
    event.write_text(text[:at] + "- A point added after the meeting.\n" + text[at:], encoding="utf-8")


def test_two_builds_are_byte_identical_including_docx_zip_timestamps(tmp_path, monkeypatch):
    event = copy_event(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    build(event, "-o", tmp_path / "first")
    build(event, "-o", tmp_path / "second")
    first, second = snapshot(tmp_path / "first"), snapshot(tmp_path / "second")
    assert (
        sorted(first)
        == sorted(second)
        == sorted([MANIFEST, "invite.ics"] + [f"{d}.{f}" for d in DOCUMENTS for f in ("docx", "pdf")])
    )
    for name in first:
        assert first[name][0] == second[name][0], name
    with zipfile.ZipFile(tmp_path / "first" / "report.docx") as package:
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = package.read("docProps/core.xml").decode()
    assert '<dcterms:created xsi:type="dcterms:W3CDTF">2021-04-22T10:00:00Z' in core  # the event's start


def test_source_date_epoch_sets_the_docx_member_timestamps(tmp_path, monkeypatch):
    event = copy_event(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    build(event, "-o", tmp_path / "out", "--format", "docx", "--no-invite")
    with zipfile.ZipFile(tmp_path / "out" / "agenda.docx") as package:
        assert {info.date_time for info in package.infolist()} == {(2023, 11, 14, 22, 13, 20)}


def imported_modules(importtime_output: str) -> set[str]:
    """The modules a command imported, from what ``python -X importtime`` (PYTHONPROFILEIMPORTTIME) wrote."""
    return {
        line.rsplit("|", 1)[1].strip()
        for line in importtime_output.splitlines()
        if line.startswith("import time:") and "|" in line
    }


def test_unchanged_rebuild_rewrites_nothing_and_equals_a_forced_rebuild(tmp_path, monkeypatch):
    """... and decides so from the hashes alone: neither WeasyPrint nor python-docx (nor pikepdf) is imported."""
    event = copy_event(tmp_path)
    out = tmp_path / "out"
    build(event, "-o", out)
    before = snapshot(out)
    monkeypatch.setenv("PYTHONPROFILEIMPORTTIME", "1")
    stdout = build(event, "-o", out)
    monkeypatch.delenv("PYTHONPROFILEIMPORTTIME")
    assert rewritten(before, snapshot(out)) == set()
    assert "nothing to rewrite (11 unchanged)" in stdout
    modules = imported_modules(stdout)
    assert "eventkit.build.builder" in modules and "tomllib" in modules  # the import times were recorded
    assert not {name for name in modules if name.split(".")[0] in ("weasyprint", "docx", "pikepdf")}
    build(event, "-o", out, "--force")
    forced = snapshot(out)
    assert rewritten(before, forced) >= {f"{d}.{f}" for d in DOCUMENTS for f in ("docx", "pdf")} | {"invite.ics"}
    assert {name: data for name, (data, _, _) in forced.items()} == {
        name: data for name, (data, _, _) in before.items()
    }


def test_changing_one_speakers_notes_rewrites_only_the_report(tmp_path):
    event = copy_event(tmp_path)
    out = tmp_path / "out"
    build(event, "-o", out)
    before = snapshot(out)
    add_speaker_note(event)
    stdout = build(event, "-o", out)
    assert rewritten(before, snapshot(out)) == {"report.docx", "report.pdf", MANIFEST}, stdout
    assert b"A point added after the meeting" not in before["report.docx"][0]
    assert "A point added after the meeting" in build_html(event, tmp_path / "html")


def build_html(event: Path, out: Path) -> str:
    build(event, "-o", out, "--format", "html", "--no-invite")
    return (out / "report.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("damage", ["garbage", "truncated", "wrong types", "lying hashes", "deleted file"])
def test_a_damaged_manifest_or_missing_file_means_a_rebuild_never_a_wrong_skip(tmp_path, damage):
    event = copy_event(tmp_path)
    out = tmp_path / "out"
    build(event, "-o", out, "--format", "docx,html")
    good = snapshot(out)
    manifest = out / MANIFEST
    text = manifest.read_text()
    if damage == "garbage":
        manifest.write_bytes(b"\x00\xff not json")
    elif damage == "truncated":
        manifest.write_text(text[: len(text) // 2])
    elif damage == "wrong types":
        manifest.write_text(json.dumps({"format": 1, "files": {"report.docx": ["x"], "agenda.docx": {"input": 3}}}))
    elif damage == "lying hashes":  # a manifest that claims the old inputs for a file made from a changed event
        add_speaker_note(event)
    else:
        (out / "report.docx").unlink()
    if damage == "lying hashes":
        stale = good["report.docx"][0]
        build(event, "-o", out, "--format", "docx,html")
        assert (out / "report.docx").read_bytes() != stale
        assert "A point added after the meeting" in (out / "report.html").read_text()
        return
    build(event, "-o", out, "--format", "docx,html")
    after = snapshot(out)
    assert {n: d for n, (d, _, _) in after.items() if n != MANIFEST} == {
        n: d for n, (d, _, _) in good.items() if n != MANIFEST
    }
    restored = json.loads(manifest.read_text())
    assert set(restored["files"]) == {f"{d}.{f}" for d in DOCUMENTS for f in ("docx", "html")} | {"invite.ics"}
    if damage == "deleted file":
        assert rewritten(good, after) == {"report.docx"}


def test_a_hand_edited_output_is_rebuilt(tmp_path):
    event = copy_event(tmp_path)
    out = tmp_path / "out"
    build(event, "-o", out, "--format", "html", "--no-invite")
    original = (out / "agenda.html").read_bytes()
    (out / "agenda.html").write_text("edited by hand")
    build(event, "-o", out, "--format", "html", "--no-invite")
    assert (out / "agenda.html").read_bytes() == original


def test_a_changed_reference_docx_rebuilds_the_docx_files_only(tmp_path):
    from docx import Document

    event = copy_event(tmp_path)
    out = tmp_path / "out"
    reference = tmp_path / "styles.docx"
    shutil.copy(Path(__file__).resolve().parent.parent / "templates" / "reference.docx", reference)
    build(event, "-o", out, "--format", "docx,html", "--no-invite", "--reference-docx", reference)
    before = snapshot(out)
    styles = Document(str(reference))
    styles.core_properties.comments = "changed"
    styles.save(str(reference))
    stdout = build(event, "-o", out, "--format", "docx,html", "--no-invite", "--reference-docx", reference)
    changed = rewritten(before, snapshot(out))
    assert {name for name in changed if name.endswith(".html")} == set()
    assert MANIFEST in changed
    assert "(5 to make, 5 unchanged)" in stdout  # the five DOCX were made again, the HTML were not


def test_parallel_and_serial_builds_write_the_same_bytes(tmp_path):
    event = copy_event(tmp_path)
    other = copy_event(tmp_path, "summary-report")
    build(event, other, "-o", tmp_path / "j1", "-j", "1", "--format", "docx,pdf")
    build(event, other, "-o", tmp_path / "j2", "-j", "2", "--format", "docx,pdf")
    assert len(list((tmp_path / "j2").iterdir())) == 2
    for folder in (tmp_path / "j1").iterdir():
        one, two = snapshot(folder), snapshot(tmp_path / "j2" / folder.name)
        assert {n: d for n, (d, _, _) in one.items()} == {n: d for n, (d, _, _) in two.items()}, folder.name
        assert len(one) == 12  # ten documents, invite.ics and the manifest
