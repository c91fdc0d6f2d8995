"""A set of outputs changes as a set (#22 item 3; eventkit/output.py): new files are staged beside the old ones,
committed, then moved into place; a failure or a stop before the commit leaves the old set, a SIGKILL inside
the move is finished by the next run; temporaries are recognisably ours and nothing else is removed."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REFERENCE_EVENTS, ROOT, copy_event, run_eventkit
from eventkit import output
from eventkit.output import RECORD_NAME, STAGING_PREFIX, recover, replace_files


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def contents(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (eventkit's staging folders excluded), as relative path -> SHA-256."""
    return {
        p.relative_to(folder).as_posix(): sha(p.read_bytes())
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not any(part.startswith(STAGING_PREFIX) for part in p.relative_to(folder).parts)
    }


def temporaries(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.startswith(STAGING_PREFIX) or p.name.endswith(".tmp")]


# ------------------------------------------------------------------ the mechanism


def test_a_set_is_written_with_its_subfolders_and_removes_only_files_holding_what_eventkit_wrote(tmp_path):
    replace_files(tmp_path, {"invite.ics": "one", "mail/a.eml": b"A", "mail/b.eml": b"B"})
    assert contents(tmp_path) == {"invite.ics": sha(b"one"), "mail/a.eml": sha(b"A"), "mail/b.eml": sha(b"B")}
    (tmp_path / "mail" / "2020").mkdir()
    (tmp_path / "mail" / "2020" / "letter.eml").write_bytes(b"the user's own")
    (tmp_path / "mail" / "b.eml").write_bytes(b"edited by hand")  # no longer what eventkit wrote
    replace_files(
        tmp_path,
        {"invite.ics": "two"},
        remove={"mail/a.eml": sha(b"A"), "mail/b.eml": sha(b"B"), "mail/2020/letter.eml": sha(b"other")},
    )
    assert contents(tmp_path) == {
        "invite.ics": sha(b"two"),
        "mail/b.eml": sha(b"edited by hand"),
        "mail/2020/letter.eml": sha(b"the user's own"),
    }
    assert temporaries(tmp_path) == []


def test_a_replaced_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "people.toml"
    target.write_text("old")
    target.chmod(0o600)
    output.write_atomically(target, "new")
    assert target.read_text() == "new" and (target.stat().st_mode & 0o777) == 0o600


@pytest.mark.parametrize("name", ["../escape.txt", "/etc/passwd", "a/../../b", f"{STAGING_PREFIX}x/y", ""])
def test_paths_outside_the_folder_are_refused_before_anything_is_written(tmp_path, name):
    with pytest.raises(ValueError):
        replace_files(tmp_path / "out", {"fine.txt": "x", name: "y"})
    assert not (tmp_path / "out").exists() or contents(tmp_path / "out") == {}


def test_a_failure_while_staging_leaves_the_old_set_and_no_temporary(tmp_path, monkeypatch):
    replace_files(tmp_path, {f"f{n}.txt": f"old {n}" for n in range(5)})
    before = contents(tmp_path)
    real = output._write_new_file
    calls = []

    def full_disk_on_the_fourth(path, data, mode):
        calls.append(path)
        if len(calls) == 4:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, data, mode)

    monkeypatch.setattr(output, "_write_new_file", full_disk_on_the_fourth)
    with pytest.raises(OSError) as raised:
        replace_files(tmp_path, {f"f{n}.txt": f"new {n}" for n in range(5)})
    assert raised.value.errno == errno.ENOSPC
    assert contents(tmp_path) == before and temporaries(tmp_path) == []


def test_a_folder_in_place_of_a_file_is_refused_before_anything_changes(tmp_path):
    replace_files(tmp_path, {"a.pdf": "old a", "b.pdf": "old b"})
    (tmp_path / "b.pdf").unlink()
    (tmp_path / "b.pdf").mkdir()
    with pytest.raises(IsADirectoryError):
        replace_files(tmp_path, {"a.pdf": "new a", "b.pdf": "new b"})
    assert (tmp_path / "a.pdf").read_text() == "old a" and temporaries(tmp_path) == []


def staging_folder(root: Path, state: str, files: dict[str, bytes], remove: dict[str, str] | None = None) -> Path:
    """A staging folder as a command killed with SIGKILL leaves it."""
    staging = root / f"{STAGING_PREFIX}killed"
    for name, data in files.items():
        (staging / name).parent.mkdir(parents=True, exist_ok=True)
        (staging / name).write_bytes(data)
    record = {
        "kind": output.RECORD_KIND,
        "state": state,
        "files": list(files),
        "remove": remove or {},
        "pid": 1,
        "time": time.time(),
    }
    (staging / RECORD_NAME).write_text(json.dumps(record))
    return staging


def test_the_next_run_finishes_a_committed_set_and_removes_an_uncommitted_one(tmp_path):
    replace_files(tmp_path, {"a.pdf": "old a", "b.pdf": "old b", "c.pdf": "old c"})
    staging = staging_folder(tmp_path, "committed", {"b.pdf": b"new b", "c.pdf": b"new c"})
    (tmp_path / "a.pdf").write_text("new a")  # moved into place before the kill
    assert recover(tmp_path) == [staging]
    assert contents(tmp_path) == {"a.pdf": sha(b"new a"), "b.pdf": sha(b"new b"), "c.pdf": sha(b"new c")}
    staging_folder(tmp_path, "staging", {"a.pdf": b"newer a", "sub/b.pdf": b"newer b"})
    replace_files(tmp_path, {"d.pdf": "d"})  # any write in the folder recovers it first
    assert contents(tmp_path) == {
        "a.pdf": sha(b"new a"),
        "b.pdf": sha(b"new b"),
        "c.pdf": sha(b"new c"),
        "d.pdf": sha(b"d"),
    }
    assert temporaries(tmp_path) == []


def test_a_staging_folder_holding_anything_not_recorded_or_in_use_is_left_alone(tmp_path):
    lookalike = tmp_path / f"{STAGING_PREFIX}mine"
    lookalike.mkdir()
    (lookalike / "notes.txt").write_text("a user's file in a folder with our prefix")
    assert recover(tmp_path) == []
    assert (lookalike / "notes.txt").is_file()

    recorded = staging_folder(tmp_path, "staging", {"a.pdf": b"a"})
    (recorded / "extra.txt").write_text("not in the record")
    recover(tmp_path)
    assert (recorded / "extra.txt").is_file() and not (recorded / "a.pdf").exists()

    in_use = staging_folder(tmp_path / "other", "staging", {"a.pdf": b"a"})
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import fcntl, os, sys, time; fd = os.open(sys.argv[1], os.O_RDONLY); fcntl.flock(fd, fcntl.LOCK_EX);"
                "print('locked', flush=True); time.sleep(60)"
            ),
            str(in_use),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        assert recover(tmp_path / "other") == [] and (in_use / "a.pdf").is_file()
    finally:
        holder.kill()
        holder.wait()
    assert recover(tmp_path / "other") == [in_use] and not in_use.exists()


KILLER = """
import sys
from eventkit.output import replace_files
folder, rounds = sys.argv[1], int(sys.argv[2])
print("ready", flush=True)
for n in range(rounds):
    replace_files(folder, {f"part/{i:03}.txt": f"version {n % 2} of file {i}" * 50 for i in range(150)})
"""


def test_kill_9_at_random_points_of_a_replacement_leaves_all_old_or_all_new_after_recovery(tmp_path):
    """Each round is killed at a random instant while it writes set after set of 150 files (alternating two
    versions); after the kill, every file is whole, a mixture exists only with a committed record, and the
    recovery the next run does first leaves one version throughout, with no temporary."""
    rng = random.Random(22)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    seen = set()
    for round_number in range(20):
        folder = tmp_path / f"round{round_number}"
        process = subprocess.Popen(
            [sys.executable, "-c", KILLER, str(folder), "1000"], env=env, stdout=subprocess.PIPE, text=True
        )
        assert process.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 0.6))
        process.kill()
        process.wait()
        files = sorted((folder / "part").glob("*.txt")) if (folder / "part").is_dir() else []
        versions = {f.read_text()[:9] for f in files}
        assert all(
            f.read_text() in (f"version 0 of file {int(f.stem)}" * 50, f"version 1 of file {int(f.stem)}" * 50)
            for f in files
        )  # each file whole
        committed = [
            p
            for p in folder.glob(f"{STAGING_PREFIX}*")
            if (p / RECORD_NAME).is_file() and '"committed"' in (p / RECORD_NAME).read_text()
        ]
        assert len(versions) <= 1 or committed, versions
        recover(folder)
        assert len({f.read_text()[:9] for f in (folder / "part").glob("*.txt")}) <= 1
        assert len(list((folder / "part").glob("*.txt"))) in (0, 150)
        assert temporaries(folder) == []
        seen.add("mixed before recovery" if len(versions) > 1 else "one version")
    assert "one version" in seen


# ------------------------------------------------------------------ the real build


def build(*args) -> subprocess.CompletedProcess:
    return run_eventkit("build", *map(str, args))


@pytest.fixture
def small_disk(tmp_path):
    """A 3 MB tmpfs mounted for the test (needs root or CAP_SYS_ADMIN; skipped otherwise)."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount_point)], capture_output=True, text=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill(disk: Path, leave: int) -> Path:
    """Fill ``disk`` up to ``leave`` free bytes."""
    filler = disk / "filler"
    stats = os.statvfs(disk)
    free = stats.f_bavail * stats.f_frsize
    with open(filler, "wb") as handle:
        handle.write(b"\0" * max(0, free - leave))
    return filler


def test_a_rebuild_on_a_full_disk_exits_1_and_leaves_every_previous_file_and_no_temporary(tmp_path, small_disk):
    event = copy_event(REFERENCE_EVENTS["note-for-file"], tmp_path / "event")
    out = small_disk / "out"
    done = build(event, "-o", out, "-j", "1", "--format", "docx,pdf")
    assert done.returncode == 0, done.stderr
    before = contents(out)
    assert len(before) == 12  # 10 documents, invite.ics, the manifest
    event.write_text(event.read_text(encoding="utf-8").replace("Georgia", "Sakartvelo"), encoding="utf-8")
    filler = fill(small_disk, leave=300_000)  # room for a few of the new files, not for all of them
    done = build(event, "-o", out, "-j", "1", "--format", "docx,pdf")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "No space left on device" in done.stderr and "Traceback" not in done.stderr
    assert contents(out) == before
    assert temporaries(small_disk) == []
    filler.unlink()
    done = build(event, "-o", out, "-j", "1", "--format", "docx,pdf")
    assert done.returncode == 0, done.stderr
    after = contents(out)
    assert set(after) == set(before) and all(after[name] != before[name] for name in after if name != "invite.ics")


def test_kill_9_at_random_points_of_a_build_leaves_all_old_or_all_new(tmp_path):
    """A rebuild (HTML, new title) killed at a random instant, twelve times: before the next run every file is a
    whole old or new one (a mixture only with a committed record); after the recovery the next run does first,
    the folder is the old set or the new set."""
    event = copy_event(REFERENCE_EVENTS["note-for-file"], tmp_path / "event")
    old_out, new_out = tmp_path / "old", tmp_path / "new"
    assert build(event, "-o", old_out, "--format", "html", "--no-invite").returncode == 0
    text = event.read_text(encoding="utf-8")
    event.write_text(text.replace("Georgia", "Sakartvelo"), encoding="utf-8")
    started = time.monotonic()
    assert build(event, "-o", new_out, "--format", "html", "--no-invite").returncode == 0
    duration = time.monotonic() - started
    old, new = contents(old_out), contents(new_out)
    assert set(old) == set(new) and all(old[name] != new[name] for name in old)
    rng = random.Random(2022)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    outcomes = set()
    for _ in range(12):
        out = tmp_path / "out"
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(old_out, out)
        process = subprocess.Popen(
            [sys.executable, "-m", "eventkit", "build", str(event), "-o", str(out), "--format", "html", "--no-invite"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.2, duration * 1.1))
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = contents(out)
        assert set(now) == set(old) and all(now[n] in (old[n], new[n]) for n in now)
        if now not in (old, new):
            assert any('"committed"' in (p / RECORD_NAME).read_text() for p in out.glob(f"{STAGING_PREFIX}*"))
        recover(out)
        assert contents(out) in (old, new) and temporaries(out) == []
        outcomes.add("new" if contents(out) == new else "old")
    assert outcomes  # which ones occur depends on the machine's speed; every one was checked above


def test_invites_on_a_full_disk_exit_1_and_leave_the_last_runs_files_and_their_record(tmp_path, small_disk):
    """`invites --eml` writes invite.ics, every session's and speaker's file, every e-mail and its record of them
    as one set: a run that cannot write them all leaves every earlier file (and the record) as it was."""
    event = copy_event(REFERENCE_EVENTS["note-for-file"], tmp_path / "event")
    out = small_disk / "invites"
    done = run_eventkit("invites", event, "-o", out, "--eml")
    assert done.returncode == 0, done.stderr
    before = contents(out)
    assert ".eventkit-invites.json" in before and any(name.startswith("mail/") for name in before)
    event.write_text(event.read_text(encoding="utf-8").replace("Georgia", "Sakartvelo"), encoding="utf-8")
    filler = fill(small_disk, leave=sum((out / name).stat().st_size for name in before) // 2)
    done = run_eventkit("invites", event, "-o", out, "--eml")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "No space left on device" in done.stderr and "Traceback" not in done.stderr
    assert contents(out) == before
    assert temporaries(small_disk) == []
    filler.unlink()
    done = run_eventkit("invites", event, "-o", out, "--eml")
    assert done.returncode == 0, done.stderr
    assert contents(out) != before and "Sakartvelo" in (out / "invite.ics").read_text(encoding="utf-8")
