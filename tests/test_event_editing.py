"""Editing the event file in place is robust (#18 bullet 3, #22 item 3's import part): people tables in several
places, notes files and images beside the event, symbolic links, killed imports, the file's permissions."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

from conftest import ROOT, run_eventkit

EVENT = """[event]
title = "Split"
date = 2027-03-16
start = "09:00"
end = "12:00"
timezone = "Europe/Vienna"
report_style = "minutes"

[people.chair]
name = "Renate Held"
email = "renate.held@example.org"

[[agenda]]
id = "item-1"
title = "Adoption of the agenda"
start = "09:00"
end = "10:00"
moderators = ["chair"]

[report]
notes_file = "notes.md"

# someone added at the end, after [report]: valid TOML
[people.late]
name = "Ana Lima"
email = "ana@example.org"
"""
NOTES = "## item-1\n\nThe agenda was adopted.\n"
REGS = "Name,Email\nBen Moyo,ben@example.org\nAna Lima,ana@example.org\n"


def setup(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "event.toml").write_text(EVENT, encoding="utf-8")
    (folder / "notes.md").write_text(NOTES, encoding="utf-8")
    (folder / "regs.csv").write_text(REGS, encoding="utf-8")
    return folder / "event.toml"


def test_people_in_two_places_and_a_notes_file_import_fine(tmp_path):
    event = setup(tmp_path)
    assert run_eventkit("check", "event.toml", cwd=tmp_path).returncode == 0
    result = run_eventkit("import", "event.toml", "regs.csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "1 added, 0 updated, 1 unchanged" in result.stdout
    text = event.read_text(encoding="utf-8")
    assert text.startswith(EVENT)  # everything as it was; the new person after the last one
    assert text[len(EVENT) :] == '\n[people.moyo]\nname = "Ben Moyo"\nemail = "ben@example.org"\n'
    assert set(tomllib.loads(text)["people"]) == {"chair", "late", "moyo"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["event.imported.json", "event.toml", "notes.md", "regs.csv"]


def test_a_new_field_goes_into_its_table_above_the_next_heading_comment(tmp_path):
    event = setup(tmp_path)
    text = EVENT.replace('[people.late]\nname = "Ana Lima"\nemail = "ana@example.org"\n', "")
    text = text.replace('email = "renate.held@example.org"\n', "")
    event.write_text(text, encoding="utf-8")
    (tmp_path / "regs.csv").write_text(
        "Name,Email,Title\nRenate Held,renate.held@example.org,Director\n", encoding="utf-8"
    )
    assert run_eventkit("import", "event.toml", "regs.csv", cwd=tmp_path).returncode == 0
    after = event.read_text(encoding="utf-8")
    assert (
        '[people.chair]\nname = "Renate Held"\ntitle = "Director"\nemail = "renate.held@example.org"\n\n[[agenda]]'
        in after
    )


def test_split_delegations_are_refused_with_a_reason(tmp_path):
    event = setup(tmp_path)
    text = (
        EVENT + '\n[[delegations]]\nname = "A"\nmembers = ["chair"]\n\n[labels]\nagenda = "Agenda"\n\n'
        '[[delegations]]\nname = "B"\nmembers = ["late"]\n'
    )
    event.write_text(text, encoding="utf-8")
    assert run_eventkit("check", "event.toml", cwd=tmp_path).returncode == 0
    result = run_eventkit("import", "event.toml", "regs.csv", cwd=tmp_path)
    assert result.returncode == 1
    assert (
        "event.toml: delegations: the file cannot be edited without moving parts of it: its [[delegations]] "
        "tables are not all in one place (put the [[delegations]] tables one after the other)"
    ) in result.stderr
    assert event.read_text(encoding="utf-8") == text


def test_an_import_through_a_symbolic_link_edits_the_file_it_points_to(tmp_path):
    real = setup(tmp_path / "events")
    link = tmp_path / "current.toml"
    link.symlink_to(real)
    (tmp_path / "regs.csv").write_text(REGS, encoding="utf-8")
    (tmp_path / "notes.md").write_text(NOTES, encoding="utf-8")
    os.chmod(real, 0o600)
    result = run_eventkit("import", "current.toml", "regs.csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert "moyo" in tomllib.loads(real.read_text(encoding="utf-8"))["people"]
    assert oct(real.stat().st_mode & 0o777) == "0o600"  # the file keeps its permissions
    dangling = tmp_path / "gone.toml"
    dangling.symlink_to(tmp_path / "nowhere.toml")
    refused = run_eventkit("import", "gone.toml", "regs.csv", cwd=tmp_path)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr


def test_a_killed_import_leaves_no_copy_of_the_event_and_the_next_run_cleans_up(tmp_path):
    event = setup(tmp_path)
    # what a killed earlier version left (a folder with a full copy) and what a killed run of ours leaves
    old = tmp_path / ".event.toml.k3j9x_2a"
    old.mkdir()
    (old / "event.toml").write_text(EVENT, encoding="utf-8")
    ours = tmp_path / ".event.toml.eventkit-999999999-abcd1234.tmp"
    ours.write_text(EVENT, encoding="utf-8")
    foreign = tmp_path / ".event.toml.mine"
    foreign.write_text("not eventkit's", encoding="utf-8")
    result = run_eventkit("import", "event.toml", "regs.csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert not old.exists() and not ours.exists() and foreign.exists()

    # kill -9 an import at random moments: the event file is always whole (old or new), and the next run cleans up
    regs = tmp_path / "many.csv"
    regs.write_text(
        "Name,Email\n" + "".join(f"Person Number{n:04d},p{n}@example.org\n" for n in range(1500)), encoding="utf-8"
    )
    for delay in (0.3, 0.6, 0.9, 1.2, 1.6, 2.0):
        before = event.read_text(encoding="utf-8")
        process = subprocess.Popen(
            [sys.executable, "-m", "eventkit", "import", "event.toml", "many.csv"],
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        after = event.read_text(encoding="utf-8")
        assert after == before or tomllib.loads(after)["people"]
        if after != before:
            break
    result = run_eventkit("import", "event.toml", "regs.csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert leftovers == [".event.toml.mine"]
