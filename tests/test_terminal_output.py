"""Untrusted text printed safely (#22 item 6, the command line's side): what eventkit prints that came from a file
(paths, names, problems quoting values) has its control and escape characters written as escapes; crash logs are
private (0600, in a folder of the user's own), never written through a symbolic link, never at a predictable
name in /tmp, and escaped too."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import REFERENCE_EVENTS, ROOT, run_eventkit
from test_hardening import EVENT

TITLE_SEQUENCE = "\x1b]0;owned\x07"  # sets the terminal's title
ERASE_LINE = "\x1b[2K\r"  # erases what was printed before it on the line
CSI = "\x9b"  # the one-byte C1 form of ESC [
OVERRIDE = "\u202e"  # right-to-left override: shows "txt.exe" as "exe.txt"


def assert_no_controls(text: str) -> None:
    for character in (TITLE_SEQUENCE, ERASE_LINE, "\x1b", "\x07", CSI, OVERRIDE, "\r"):
        assert character not in text, (character, text)


def test_hostile_file_names_are_printed_escaped(tmp_path):
    folder = tmp_path / f"events{TITLE_SEQUENCE}"
    folder.mkdir()
    event = folder / f"talk{ERASE_LINE}{CSI}{OVERRIDE}.toml"
    event.write_text(EVENT, encoding="utf-8")
    done = run_eventkit("check", event)
    assert done.returncode == 0, done.stderr
    assert_no_controls(done.stdout + done.stderr)
    assert "events\\x1b]0;owned\\x07" in done.stdout and "\\x9b\\u202e.toml: ok" in done.stdout

    broken = folder / f"broken{TITLE_SEQUENCE}.toml"
    broken.write_text(EVENT.replace('start = "10:00"', 'start = "25:00"', 1), encoding="utf-8")
    for command in (("check", broken), ("build", broken, "-o", tmp_path / "out"), ("invites", broken)):
        done = run_eventkit(*command)
        assert done.returncode == 1 and done.stderr, done.stderr
        assert_no_controls(done.stdout + done.stderr)

    out = tmp_path / f"out{TITLE_SEQUENCE}"
    done = run_eventkit("build", event, "-o", out, "--format", "html", "--no-invite")
    assert done.returncode == 0, done.stderr
    assert_no_controls(done.stdout + done.stderr)
    assert (out / "report.html").is_file()


def test_values_quoted_in_problems_are_escaped(tmp_path):
    event = tmp_path / "event.toml"
    event.write_text(
        EVENT.replace('id = "opening"', 'id = "opening"\n"host\\u001b]0;owned\\u0007" = 1', 1), encoding="utf-8"
    )
    done = run_eventkit("check", event)
    assert done.returncode == 1
    assert_no_controls(done.stderr)
    assert "\\x1b" in done.stderr


def crash(tmp_path: Path, env: dict[str, str], message: str = "simulated") -> subprocess.CompletedProcess:
    """`eventkit check` with a bug planted (a sitecustomize breaks the TOML parser in that process only)."""
    plant = tmp_path / "plant"
    plant.mkdir(exist_ok=True)
    (plant / "sitecustomize.py").write_text(
        f"import tomllib\ndef _broken(*args, **kwargs):\n    raise RuntimeError({message!r})\ntomllib.loads = _broken\n",
        encoding="utf-8",
    )
    return subprocess.run(
        [sys.executable, "-m", "eventkit", "check", str(REFERENCE_EVENTS["note-for-file"])],
        env={**os.environ, "PYTHONPATH": f"{plant}{os.pathsep}{ROOT}", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def logged_path(done: subprocess.CompletedProcess) -> Path:
    assert done.returncode == 3, done.stderr
    return Path(done.stderr.rsplit("the details are in ", 1)[1].strip())


def test_a_crash_log_is_private_and_escaped(tmp_path):
    cache = tmp_path / "cache"
    done = crash(tmp_path, {"XDG_CACHE_HOME": str(cache)}, f"bad {TITLE_SEQUENCE} value")
    assert_no_controls(done.stderr)
    log = logged_path(done)
    assert log.parent == cache / "eventkit"
    assert stat.S_IMODE(log.stat().st_mode) == 0o600 and stat.S_IMODE(log.parent.stat().st_mode) == 0o700
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "bad \\x1b]0;owned\\x07 value" in text
    assert_no_controls(text)


def test_a_crash_log_never_follows_a_symbolic_link_and_never_goes_to_a_predictable_name(tmp_path):
    target = tmp_path / "elsewhere"
    target.mkdir()
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "eventkit").symlink_to(target)  # planted: the log would land in the link's target
    log = logged_path(crash(tmp_path, {"XDG_CACHE_HOME": str(cache)}))
    assert list(target.iterdir()) == []
    assert log.parent != cache / "eventkit" and not log.parent.is_symlink()
    assert log.parent.name.startswith("eventkit-crash-") and len(log.parent.name) > len("eventkit-crash-") + 6
    assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700 and stat.S_IMODE(log.stat().st_mode) == 0o600
    second = logged_path(crash(tmp_path, {"XDG_CACHE_HOME": str(cache)}))
    assert second.parent != log.parent  # a new random folder each time: nothing to plant in advance
    for path in (log, second):
        path.unlink()
        path.parent.rmdir()


def test_a_crash_log_with_an_unwritable_cache_goes_to_a_private_temporary_folder(tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be")
    log = logged_path(crash(tmp_path, {"XDG_CACHE_HOME": str(blocked)}))
    assert log.parent.parent == Path(tempfile.gettempdir()) and log.parent.name.startswith("eventkit-crash-")
    assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700 and stat.S_IMODE(log.stat().st_mode) == 0o600
    log.unlink()
    log.parent.rmdir()


def test_a_group_readable_cache_folder_is_made_private(tmp_path):
    cache = tmp_path / "cache"
    (cache / "eventkit").mkdir(parents=True)
    (cache / "eventkit").chmod(0o755)
    log = logged_path(crash(tmp_path, {"XDG_CACHE_HOME": str(cache)}))
    assert log.parent == cache / "eventkit" and stat.S_IMODE(log.parent.stat().st_mode) == 0o700


@pytest.mark.parametrize(
    "text, shown",
    [
        ("plain", "plain"),
        ("two\nlines", "two\nlines"),
        ("crlf\r\nline\r\n", "crlf\r\nline\r\n"),
        ("end\r", "end\\r"),
        ("a\x1b[31mred", "a\\x1b[31mred"),
        ("cr\rhere", "cr\\rhere"),
        ("\u202egnp.exe", "\\u202egnp.exe"),
        ("nul\x00", "nul\\x00"),
        ("Ĳssel, 東京, عربي", "Ĳssel, 東京, عربي"),
    ],
)
def test_terminal_text_escapes_controls_and_keeps_lines_and_scripts(text, shown):
    from eventkit.errors import terminal_text

    assert terminal_text(text) == shown


def test_every_line_the_command_line_prints_goes_through_say():
    """One function prints (cli.common.say, which escapes): no command module calls click.echo or print itself."""
    import re

    from conftest import ROOT

    for module in sorted((ROOT / "eventkit" / "cli").glob("*.py")):
        if module.name == "common.py":
            continue
        source = module.read_text(encoding="utf-8")
        assert not re.search(r"\bclick\.echo\(|(?<![.\w])print\(|sys\.std(out|err)\.write\(", source), module.name
