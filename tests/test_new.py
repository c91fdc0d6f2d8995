"""`eventkit new`: the scaffold passes `check` as it is, never overwrites without --force, asks only on a terminal."""

from __future__ import annotations

import datetime as dt
import os
import pty
import select
import subprocess
import sys
import tomllib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT, run_eventkit
from eventkit.documents.scaffold import default_sessions
from eventkit.event.load import check_event, load_event


def test_new_then_check(tmp_path):
    target = tmp_path / "new" / "webinar.toml"
    result = run_eventkit(
        "new",
        target,
        "--title",
        "Test webinar",
        "--date",
        "2026-12-10",
        "--start",
        "14:00",
        "--end",
        "17:00",
        "--timezone",
        "Asia/Tbilisi",
    )
    assert result.returncode == 0, result.stderr
    assert target.is_file()
    check = run_eventkit("check", "--strict", target)
    assert check.returncode == 0, check.stderr
    event = load_event(target)
    assert event.event.title == "Test webinar"
    assert event.event.date == dt.date(2026, 12, 10)
    assert (event.event.start, event.event.end) == (dt.time(14), dt.time(17))
    assert event.event.timezone == "Asia/Tbilisi"
    assert event.agenda[0].start == dt.time(14) and event.agenda[-1].end == dt.time(17)


def test_new_refuses_to_overwrite_without_force(tmp_path):
    target = tmp_path / "webinar.toml"
    assert run_eventkit("new", target, "--title", "First").returncode == 0
    before = target.read_bytes()
    again = run_eventkit("new", target, "--title", "Second")
    assert again.returncode == 1
    assert "already exists" in again.stderr and "--force" in again.stderr
    assert target.read_bytes() == before
    forced = run_eventkit("new", target, "--title", "Second", "--force")
    assert forced.returncode == 0
    assert load_event(target).event.title == "Second"


def test_new_uses_defaults_without_a_terminal(tmp_path):
    target = tmp_path / "meeting.toml"
    result = run_eventkit("new", target, stdin="")
    assert result.returncode == 0, result.stderr
    event = load_event(target)
    assert event.event.title == "New event"
    assert event.event.date > dt.date.today()
    assert event.event.start == dt.time(10) and event.event.end == dt.time(12)


@pytest.mark.parametrize("kind", ["webinar", "high-level event", "meeting", "conference", "workshop"])
def test_every_kind_scaffolds_a_valid_file(tmp_path, kind):
    target = tmp_path / "e.toml"
    assert run_eventkit("new", target, "--kind", kind, "--timezone", "America/Sao_Paulo").returncode == 0
    result = check_event(target)
    assert result.errors == [] and result.warnings == []
    assert result.event.event.kind == kind


def test_title_with_quotes_and_unicode_stays_valid_toml(tmp_path):
    target = tmp_path / "x.toml"
    title = 'Webinar "GCM" \\ review — ვებინარი'
    assert run_eventkit("new", target, "--title", title).returncode == 0
    assert tomllib.loads(target.read_text(encoding="utf-8"))["event"]["title"] == title


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--timezone", "Mars/Olympus"], "unknown time zone"),
        (["--timezone", "GMT+4"], "offset or abbreviation"),
        (["--date", "10/12/2026"], "not a date"),
        (["--start", "2pm"], "not a time"),
        (["--start", "17:00", "--end", "14:00"], "must be after the start"),
        (["--kind", "party"], "Invalid value"),
    ],
)
def test_bad_options_are_usage_errors(tmp_path, args, fragment):
    target = tmp_path / "x.toml"
    result = run_eventkit("new", target, *args)
    assert result.returncode == 2, result.stderr
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr
    assert not target.exists()


def test_short_events_get_one_session():
    sessions = default_sessions(dt.time(9, 0), dt.time(9, 30))
    assert [(s.start, s.end) for s in sessions] == [(dt.time(9), dt.time(9, 30))]
    long = default_sessions(dt.time(9, 0), dt.time(12, 0))
    assert [s.id for s in long] == ["opening", "discussion", "closing"]
    assert long[0].end == long[1].start and long[1].end == long[2].start


@pytest.mark.parametrize(
    "language, titles",
    [
        ("de", ("Begrüßung und Eröffnung", "Aussprache (Tag 1)", "Aussprache (Tag 2)", "Schlussworte")),
        ("pt", ("Palavras de abertura", "Debate (dia 1)", "Debate (dia 2)", "Palavras de encerramento")),
        ("ja", ("開会挨拶", "討議（第1日）", "討議（第2日）", "閉会挨拶")),
    ],
)
def test_new_language_scaffolds_its_sessions_in_that_language(tmp_path, language, titles):
    """`new --language de|pt|ja`: the default sessions of a two-day event are titled in the language, and the
    file passes check --strict as it is (the same scaffold as the command, without a process per language)."""
    from eventkit.documents.scaffold import render_scaffold

    path = tmp_path / f"event-{language}.toml"
    path.write_text(
        render_scaffold(
            path,
            title="Workshop",
            kind="workshop",
            date=dt.date(2026, 12, 10),
            end_date=dt.date(2026, 12, 11),
            start=dt.time(10),
            end=dt.time(12),
            timezone="Europe/Berlin",
            language=language,
        ),
        encoding="utf-8",
    )
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["event"]["language"] == language
    assert tuple(session["title"] for session in data["agenda"]) == titles
    result = check_event(path)
    assert not result.errors and not result.warnings, [str(p) for p in result.errors + result.warnings]


def test_new_asks_on_a_terminal(tmp_path):
    """With a terminal on stdin, missing values are prompted for (answered here through a pseudo-terminal)."""
    target = tmp_path / "asked.toml"
    pid, fd = pty.fork()
    if pid == 0:  # child: the real command line on a terminal
        os.chdir(ROOT)
        os.environ["PYTHONPATH"] = str(ROOT)
        os.execv(
            sys.executable,
            [sys.executable, "-m", "eventkit", "new", str(target), "--kind", "meeting", "--timezone", "Europe/Vienna"],
        )
    answers = iter(["Asked title", "2027-06-15", "10:00", "11:30"])
    output = b""
    while True:
        ready, _, _ = select.select([fd], [], [], 20)
        if not ready:
            break
        try:
            chunk = os.read(fd, 1024)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
        if chunk.rstrip().endswith(b":"):
            os.write(fd, (next(answers, "") + "\n").encode())
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, output.decode(errors="replace")
    event = load_event(target)
    assert event.event.title == "Asked title"
    assert event.event.date == dt.date(2027, 6, 15)
    assert (event.event.start, event.event.end) == (dt.time(10), dt.time(11, 30))
    assert b"Title" in output


def test_new_into_an_unwritable_place_fails_cleanly(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run_eventkit("new", blocker / "sub" / "x.toml")
    assert result.returncode == 1
    assert "cannot write" in result.stderr and "Traceback" not in result.stderr


def test_help_does_not_import_heavy_libraries():
    code = (
        "import sys, runpy; sys.argv=['eventkit','--help']\n"
        "try:\n    runpy.run_module('eventkit', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        "heavy=[m for m in ('weasyprint','docx','icalendar','jinja2','markdown_it') if m in sys.modules]\n"
        "print('HEAVY', heavy)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert "HEAVY []" in out.stdout, out.stdout + out.stderr


@given(st.text())
def test_the_scaffolds_toml_strings_hold_any_text_exactly(text):
    """What `new` writes into a TOML string reads back as written (DEL, U+007F, is escaped: JSON leaves it bare)."""
    from eventkit.documents.scaffold import toml_string

    assert tomllib.loads(f"value = {toml_string(text)}")["value"] == text
