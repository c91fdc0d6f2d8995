"""User templates run with limits (#22 item 7): past the time or output limit, or at an operation that would build
something huge in one step, the command stops with one line naming the template file and line, exit 1, and
writes nothing. The time limit is set to 3 s here (EVENTKIT_TEMPLATE_SECONDS) so that the test stays short."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REFERENCE_EVENTS, ROOT, copy_event

RUNAWAY = {
    "nested ranges": (
        "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
        "the template ran longer than 3 seconds",
    ),
    "nested loops over a list": (
        "{% set xs = range(99999)|list %}{% for a in xs %}{% for b in xs %}{% endfor %}{% endfor %}",
        "the template ran longer than 3 seconds",
    ),
    "a recursive macro": (
        "{% macro f(n) %}{% for i in range(9) %}{{ f(n + 1) }}{% endfor %}{% endmacro %}{{ f(0) }}",
        None,
    ),  # Python's recursion limit or the clock, whichever first: either is located
    "output": (
        "{% for i in range(99999) %}{{ 'x' * 1000 }}{% endfor %}",
        "the document's HTML is longer than 20,000,000 characters",
    ),
    "a huge repetition": ("{{ 'x' * 1000000000 }}", "'*' would make 1,000,000,000 items"),
    "a huge power": ("{{ 7 ** 99999999 }}", "'**' would make a number of more than"),
    "a doubled namespace text": (
        "{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}"
        "{% endfor %}{{ ns.s|length }}",
        "namespace attribute 's' would hold",
    ),
}


def agenda_with(tmp_path: Path, line: str) -> Path:
    templates = tmp_path / "templates"
    templates.mkdir()
    source = (ROOT / "templates" / "agenda.html.j2").read_text(encoding="utf-8")
    assert "{% block content %}" in source
    (templates / "agenda.html.j2").write_text(
        source.replace("{% block content %}", "{% block content %}\n" + line, 1), encoding="utf-8"
    )
    return templates


@pytest.mark.parametrize("case", list(RUNAWAY))
def test_a_runaway_template_stops_with_its_file_and_line(tmp_path, case):
    line, message = RUNAWAY[case]
    templates = agenda_with(tmp_path, line)
    expected_line = (templates / "agenda.html.j2").read_text(encoding="utf-8").splitlines().index(line) + 1
    event = copy_event(REFERENCE_EVENTS["note-for-file"], tmp_path / "event")
    out = tmp_path / "out"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "eventkit",
            "agenda",
            str(event),
            "--templates",
            str(templates),
            "-o",
            str(out),
            "--format",
            "html",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT), "EVENTKIT_TEMPLATE_SECONDS": "3"},
    )
    assert done.returncode == 1, done.stderr
    assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr, done.stderr
    assert f"template error in {templates / 'agenda.html.j2'}:{expected_line}: " in done.stderr, done.stderr
    if message:
        assert message in done.stderr, done.stderr
    assert not out.exists() or not list(out.iterdir())


def test_the_limits_leave_our_templates_alone(tmp_path):
    """Every document of the reference events renders the same HTML through the limited sandbox."""
    from eventkit.documents.kinds import DOCUMENT_KINDS, render_html
    from eventkit.event.load import load_event

    for path in REFERENCE_EVENTS.values():
        event = load_event(path)
        for kind in DOCUMENT_KINDS:
            html = render_html(event, kind)
            assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
