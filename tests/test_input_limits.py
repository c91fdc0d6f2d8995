"""Inputs validated before use (#22 item 5, the event file's side): dates within the years `check` enforces,
names and folders the system refuses, and files that are not regular files -- each one located line, exit 1,
at once (no minutes of work, no waiting on a pipe)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import REFERENCE_EVENTS, copy_event, run_eventkit
from test_hardening import EVENT, line_of, one_located_error


def event_with(tmp_path: Path, old: str, new: str, name: str = "event.toml") -> Path:
    assert old in EVENT
    path = tmp_path / name
    path.write_text(EVENT.replace(old, new, 1), encoding="utf-8")
    return path


def only_line(done) -> str:
    """Exit 1, no traceback, exactly one line on stderr."""
    assert done.returncode == 1, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    return lines[0]


# ------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    "old, new, field",
    [
        ("date = 2026-03-27", "date = 9999-12-31", "event.date"),
        ("date = 2026-03-27", "date = 0001-01-01", "event.date"),
        ("date = 2026-03-27", "date = 1969-12-31", "event.date"),
        ("date = 2026-03-27", "date = 2026-03-27\nend_date = 9999-12-31", "event.end_date"),
        ("date = 2026-03-27", "date = 2026-03-27\nend_date = 2026-03-28", None),  # with the session's day below
        (
            'url = "https://example.org/hub"',
            'url = "https://example.org/hub"\n\n[[report.actions]]\naction = "A"\ndue = 2201-01-01',
            "report.actions[1].due",
        ),
    ],
)
def test_dates_outside_1970_to_2200_are_refused_by_check_at_once(tmp_path, old, new, field):
    path = event_with(tmp_path, old, new)
    if field is None:
        text = path.read_text(encoding="utf-8").replace('id = "opening"', 'id = "opening"\nday = 0001-01-01', 1)
        path.write_text(text, encoding="utf-8")
        field = "agenda[1].day"
    for command in ("check", "build", "invites"):
        done = run_eventkit(command, path, *(["-o", tmp_path / "out"] if command != "check" else []))
        match = one_located_error(done, path)
        assert (
            match["rest"].startswith(f"{field}: ") and "outside the years eventkit handles (1970-2200)" in match["rest"]
        )
    assert not (tmp_path / "out").exists()


def test_an_event_longer_than_a_year_is_refused_at_its_end_date(tmp_path):
    path = event_with(tmp_path, "date = 2026-03-27", "date = 2026-03-27\nend_date = 2200-12-31")
    done = run_eventkit("check", path)
    match = one_located_error(done, path, line_of(path.read_text(), "end_date"))
    assert "event.end_date: the event would last 63,832 days" in match["rest"] and "at most 366" in match["rest"]


@pytest.mark.parametrize("day", ["1970-01-01", "2200-12-31"])
def test_the_first_and_last_days_of_the_window_work_in_every_command(tmp_path, day):
    path = event_with(tmp_path, "date = 2026-03-27", f"date = {day}")
    assert run_eventkit("check", path).returncode == 0
    done = run_eventkit("build", path, "-o", tmp_path / "out", "--format", "html")
    assert done.returncode == 0, done.stderr
    done = run_eventkit("invites", path, "-o", tmp_path / "invites", "--per-session", "--eml")
    assert done.returncode == 0, done.stderr
    assert f"DTSTART;TZID=Europe/Vienna:{day.replace('-', '')}T100000" in (tmp_path / "out" / "invite.ics").read_text()


# ------------------------------------------------------------------ names and folders the system refuses


def test_a_file_name_too_long_for_the_file_system_is_a_located_error(tmp_path):
    path = tmp_path / ("a" * 300 + ".toml")
    for command in ("check", "build"):
        line = only_line(run_eventkit(command, path))
        assert line.startswith(f"{path}: cannot be read: the name is too long for the file system (305 characters")


def test_a_logo_whose_name_is_too_long_is_a_located_error(tmp_path):
    path = event_with(tmp_path, 'name = "Test Office"', f'name = "Test Office"\nlogo = "{"l" * 300}.png"')
    match = one_located_error(run_eventkit("check", path), path, line_of(path.read_text(), "logo ="))
    assert "organisers[1].logo" in match["rest"] and "too long for the file system" in match["rest"]


def run_without_root_override(*args) -> subprocess.CompletedProcess:
    """`eventkit ARGS` as this user; as root, without the capabilities that let root enter any folder
    (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so that a folder with mode 000 is refused as it is to a user."""
    import ctypes
    import sys

    from conftest import ROOT

    def drop_override() -> None:
        libc = ctypes.CDLL(None, use_errno=True)
        for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
            if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
                os._exit(99)

    done = subprocess.run(
        [sys.executable, "-m", "eventkit", *map(str, args)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=drop_override if os.geteuid() == 0 else None,
    )
    if done.returncode == 99:
        pytest.skip("cannot drop root's capability to enter any folder here (no CAP_SETPCAP)")
    return done


def test_an_event_in_a_folder_the_user_cannot_enter_is_a_located_error(tmp_path):
    folder = tmp_path / "private"
    folder.mkdir()
    path = folder / "event.toml"
    path.write_text(EVENT, encoding="utf-8")
    folder.chmod(0)
    try:
        line = only_line(run_without_root_override("check", path))
    finally:
        folder.chmod(0o700)
    assert line == (
        f"{path}: cannot be read: permission denied (the file cannot be read, or a folder on its path "
        "cannot be entered)"
    )


# ------------------------------------------------------------------ files that are not regular files


def test_a_fifo_or_a_device_in_place_of_the_event_file_is_refused_without_reading(tmp_path):
    fifo = tmp_path / "event.toml"
    os.mkfifo(fifo)
    for path, kind in ((fifo, "a named pipe (FIFO)"), (Path("/dev/zero"), "a device")):
        for command in ("check", "build", "invites"):
            line = only_line(run_eventkit(command, path))  # a read would wait for a writer (or for ever)
            assert line == f"{path}: is {kind}, not a regular file: eventkit does not read from it", line


def test_a_fifo_as_notes_file_or_logo_is_a_located_error(tmp_path):
    os.mkfifo(tmp_path / "notes.md")
    os.mkfifo(tmp_path / "logo.png")
    path = event_with(tmp_path, 'name = "Test Office"', 'name = "Test Office"\nlogo = "logo.png"')
    match = one_located_error(run_eventkit("check", path), path, line_of(path.read_text(), "logo ="))
    assert "'logo.png' is a named pipe (FIFO), not a regular file" in match["rest"]
    path = event_with(
        tmp_path,
        'url = "https://example.org/hub"',
        'url = "https://example.org/hub"\n\n[report]\nnotes_file = "notes.md"',
    )
    done = run_eventkit("check", path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "notes.md" in done.stderr and "named pipe (FIFO), not a regular file" in done.stderr, done.stderr


def test_a_fifo_where_a_build_writes_is_left_alone(tmp_path):
    """A named pipe in the output folder, where report.html goes: the manifest's look at it must not hang, and the
    build replaces it (a rename replaces the name, it never opens the pipe)."""
    event = copy_event(REFERENCE_EVENTS["note-for-file"], tmp_path / "event")
    out = tmp_path / "out"
    out.mkdir()
    os.mkfifo(out / "report.html")
    done = run_eventkit("build", event, "-o", out, "--format", "html")
    assert done.returncode == 0, done.stderr
    assert (out / "report.html").is_file()
