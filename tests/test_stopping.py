"""No process outlives its command (#22 item 2): `build -j N` stopped by Ctrl-C, SIGTERM, SIGHUP or SIGKILL leaves
no worker behind (five seconds later none is left), exits 128 + the signal, and leaves no temporary file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REFERENCE_EVENTS, ROOT, as_from_a_terminal, copy_event

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="reads the process table from /proc")


def process_identity(pid: int) -> tuple[int, str] | None:
    """(parent pid, start time) of a live process; None when it is gone or a zombie (dead, waiting to be reaped)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return None if fields[0] in ("Z", "X") else (int(fields[1]), fields[19])


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            identity = process_identity(int(entry.name))
            if identity and identity[0] == pid:
                found.append(int(entry.name))
    return found


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def start_build(tmp_path: Path) -> tuple[subprocess.Popen, list[tuple[int, tuple[int, str]]], Path]:
    """A two-worker build of a reference event, returned once both workers are converting."""
    event = copy_event(REFERENCE_EVENTS["summary-report"], tmp_path / "event")
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "eventkit", "build", str(event), "-o", str(out), "-j", "2", "--force"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=as_from_a_terminal,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        workers = [pid for pid in children(process.pid) if "eventkit" in command_line(pid)]
        if len(workers) >= 2:
            time.sleep(0.5)  # converting by now
            tree = [(pid, process_identity(pid)) for pid in [process.pid, *workers]]
            return process, [(pid, identity) for pid, identity in tree if identity], out
        time.sleep(0.05)
    process.kill()
    pytest.fail("the build's workers did not start: " + "".join(process.communicate()))


def left_after(tree: list[tuple[int, tuple[int, str]]], seconds: float) -> list[str]:
    """The processes of ``tree`` still alive after ``seconds`` (the same pid *and* start time: not a reused pid)."""
    deadline = time.monotonic() + seconds
    while True:
        left = [pid for pid, identity in tree if (now := process_identity(pid)) and now[1] == identity[1]]
        if not left or time.monotonic() > deadline:
            return [f"{pid} {command_line(pid)}" for pid in left]
        time.sleep(0.1)


@pytest.mark.parametrize(
    "signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGKILL], ids=lambda s: signal.Signals(s).name
)
def test_a_stopped_build_leaves_no_worker_and_no_temporary(tmp_path, signum):
    process, tree, out = start_build(tmp_path)
    assert len(tree) == 3, tree
    process.send_signal(signum)
    try:
        _, stderr = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail(f"the build did not stop on {signal.Signals(signum).name}")
    assert left_after(tree, 5.0) == []
    assert not [p for p in tmp_path.rglob("*") if p.name.startswith(".eventkit-staging-") or p.name.endswith(".tmp")]
    if signum == signal.SIGKILL:
        assert process.returncode == -signal.SIGKILL
        return
    assert process.returncode == 128 + signum, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr  # nor from a worker
    assert stderr.splitlines()[-1] == (
        "eventkit: interrupted" if signum == signal.SIGINT else f"eventkit: stopped by {signal.Signals(signum).name}"
    ), stderr


def test_a_finished_build_leaves_no_worker(tmp_path):
    process, tree, out = start_build(tmp_path)
    _, stderr = process.communicate(timeout=600)
    assert process.returncode == 0, stderr
    assert left_after(tree, 5.0) == []
    assert (out / "report.pdf").is_file() and (out / "invite.ics").is_file()
