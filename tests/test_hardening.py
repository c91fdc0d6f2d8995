"""Issue #12: whatever `check` accepts, every command handles; whatever no command can handle, `check` refuses
with a located error.  One regression test per case a hostile user tried (and per bug the fuzz test found)."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
import re
import sys
from pathlib import Path

import pytest

from conftest import REFERENCE_EVENTS, ROOT, event_toml, run_eventkit, toml_string
from ical_readers import assert_well_folded, icalendar_events, make_icaljs_reader

LOCATED = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<column>\d+): (?P<rest>.+)$")

EVENT = event_toml(
    id="hardening",
    title="Hardening test",
    date=dt.date(2026, 3, 27),
    platform="Zoom",
    language="en",
    organisers=[{"name": "Test Office", "email": "office@example.org"}],
    extra="""\
[people.held]
name = "Renate Held"
title = "Director"
email = "renate.held@example.org"
bio = "A bio."

[people.other]
name = "Jan Other"
email = "jan.other@example.org"
bio = "Another bio."

[[agenda]]
id = "opening"
title = "Opening"
start = "10:00"
end = "11:00"
moderators = ["held"]
speakers = ["other"]

[[report.links]]
text = "Hub"
url = "https://example.org/hub"
""",
)


@pytest.fixture(scope="module")
def icaljs(tmp_path_factory):
    read = make_icaljs_reader(tmp_path_factory.mktemp("icaljs-hardening"))
    if read is None:
        pytest.skip("node or the npm package ical.js is missing (bash .ci/setup installs it into .ci/node_modules)")
    return read


def one_located_error(done, path: Path, line: int | None = None) -> re.Match:
    """Exit 1, no traceback, and exactly one line on stderr: FILE:LINE:COL: ... pointing into ``path``."""
    assert done.returncode == 1, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    match = LOCATED.match(lines[0])
    assert match and match["file"] == str(path), lines[0]
    if line is not None:
        assert int(match["line"]) == line, lines[0]
    return match


def line_of(text: str, needle: str) -> int:
    return text.count("\n", 0, text.index(needle)) + 1


# ------------------------------------------------------------------ the event of the issue


def test_issue_event_name_with_crlf_is_refused_and_without_it_invites_work(tmp_path, icaljs, libical):
    source = REFERENCE_EVENTS["note-for-file"].read_text(encoding="utf-8")
    assert 'name = "Sabine Machl"' in source
    hostile = tmp_path / "hostile.toml"
    hostile.write_text(
        source.replace('name = "Sabine Machl"', 'name = "Sabine Machl\\r\\nX-Injected: 1"'), encoding="utf-8"
    )
    done = run_eventkit("check", hostile)
    match = one_located_error(done, hostile, line_of(source, 'name = "Sabine Machl"'))
    assert "people.machl.name" in match["rest"] and "line break" in match["rest"]
    done = run_eventkit("invites", hostile, "--eml", "-o", tmp_path / "hostile-out")
    one_located_error(done, hostile)
    assert not (tmp_path / "hostile-out").exists()

    fixed = tmp_path / "fixed.toml"
    fixed.write_text(source.replace('name = "Sabine Machl"', 'name = "Sabine Machl X-Injected: 1"'), encoding="utf-8")
    out = tmp_path / "out"
    done = run_eventkit("invites", fixed, "--eml", "--per-session", "-o", out)
    assert done.returncode == 0, done.stderr
    machl = email.message_from_bytes(
        (out / "mail" / "sabine.machl@example.org.eml").read_bytes(), policy=email.policy.default
    )
    assert machl["To"].addresses[0].display_name == "Ms. Sabine Machl X-Injected: 1"
    assert "X-Injected" not in machl.keys()
    ics = sorted(out.rglob("*.ics"))
    read = icaljs(ics)
    assert "Ms. Sabine Machl X-Injected: 1" in [cn for e in read for cn, _ in e["attendees"]]
    for path in ics:
        code, output, _ = libical(path)
        assert code == 0, output
        icalendar_events(path)


# ------------------------------------------------------------------ one-line fields refuse control characters

ONE_LINE_FIELDS = [
    ('title = "Hardening test"', "title = {}", "event.title"),
    ('platform = "Zoom"', "platform = {}", "event.platform"),
    ('platform = "Zoom"', 'platform = "Zoom"\nvenue = {}', "event.venue"),
    ('name = "Test Office"', "name = {}", "organisers[1].name"),
    ('name = "Renate Held"', "name = {}", "people.held.name"),
    ('title = "Director"', "title = {}", "people.held.title"),
    ('title = "Director"', 'title = "Director"\norganisation = {}', "people.held.organisation"),
    ('email = "renate.held@example.org"', "email = {}", "people.held.email"),
    ('id = "opening"', "id = {}", "agenda[1].id"),
    ('title = "Opening"', "title = {}", "agenda[1].title"),
    ('text = "Hub"', "text = {}", "report.links[1].text"),
    ('platform = "Zoom"', 'platform = "Zoom"\ninterpretation = ["English", {}]', "event.interpretation[2]"),
]


@pytest.mark.parametrize(
    "bad",
    ["A\nB", "A\r\nX-Injected: 1", "A\rB", "A\tB", "A\x85B", "A\u2028B", "A\x1bB", "A\x9bB"],
    ids=["LF", "CRLF", "CR", "TAB", "NEL", "LSEP", "ESC", "CSI"],
)
@pytest.mark.parametrize("old, new, field", ONE_LINE_FIELDS, ids=[f for _, _, f in ONE_LINE_FIELDS])
def test_one_line_fields_refuse_control_characters(old, new, field, bad, write_event):
    from eventkit.event.load import check_event

    assert EVENT.count(old) == 1
    value = bad.replace("A", "x") if field.endswith(".id") or field.endswith("email") else bad
    if field.endswith("email"):
        value = value.replace("B", "b@example.org")
    text = EVENT.replace(old, new.format(toml_string(value)))
    path = write_event(text)
    result = check_event(path)
    assert result.event is None
    [error] = result.errors
    assert error.path == field, str(error)
    assert error.line == line_of(text, new.format(toml_string(value)).splitlines()[-1])


@pytest.mark.parametrize("field", ["bio", "notes", "lead", "background", "closing"])
def test_markdown_fields_keep_line_breaks(field, write_event):
    from eventkit.event.load import load_event

    text = "- one\r\n- two\n\n\tindented"
    extra = {
        "bio": ('bio = "A bio."', f"bio = {toml_string(text)}"),
        "lead": ('end = "11:00"\nmoderators', f'end = "11:00"\nlead = {toml_string(text)}\nmoderators'),
        "background": ("[[report.links]]", f"[concept]\nbackground = {toml_string(text)}\n\n[[report.links]]"),
        "closing": ("[[report.links]]", f"[report]\nclosing = {toml_string(text)}\n\n[[report.links]]"),
        "notes": (
            "[[report.links]]",
            f'[[report.sections]]\nsession = "opening"\n[[report.sections.speakers]]\n'
            f'person = "other"\nnotes = {toml_string(text)}\n\n[[report.links]]',
        ),
    }
    old, new = extra[field]
    event = load_event(write_event(EVENT.replace(old, new, 1)))
    values = {
        "bio": event.people["held"].bio,
        "lead": event.agenda[0].lead,
        "background": event.concept.background,
        "closing": event.report.closing,
        "notes": event.report.sections[0].speakers[0].notes if event.report.sections else "",
    }
    assert values[field] == text


def test_too_long_one_line_values(write_event):
    from eventkit.event.load import check_event

    result = check_event(write_event(EVENT.replace('id = "opening"', f'id = "{"o" * 65}"')))
    assert [e.path for e in result.errors] == ["agenda[1].id"] and "too long" in result.errors[0].message
    result = check_event(write_event(EVENT.replace("[people.held]", f"[people.{'h' * 65}]")))
    assert any("too long" in e.message for e in result.errors)
    result = check_event(write_event(EVENT.replace('title = "Hardening test"', f'title = "{"T" * 1001}"')))
    assert [e.path for e in result.errors] == ["event.title"]
    assert check_event(write_event(EVENT.replace('title = "Hardening test"', f'title = "{"T" * 1000}"'))).event


# ------------------------------------------------------------------ empty required fields, language tags


@pytest.mark.parametrize(
    "old, new, field",
    [
        ('title = "Hardening test"', 'title = ""', "event.title"),
        ('title = "Hardening test"', 'title = "   "', "event.title"),
        ('name = "Renate Held"', 'name = ""', "people.held.name"),
        ('title = "Opening"', 'title = ""', "agenda[1].title"),
        ('text = "Hub"', 'text = ""', "report.links[1].text"),
    ],
)
def test_empty_required_fields(old, new, field, tmp_path):
    path = tmp_path / "event.toml"
    text = EVENT.replace(old, new)
    path.write_text(text, encoding="utf-8")
    match = one_located_error(run_eventkit("check", path), path, line_of(text, new))
    assert match["rest"].startswith(f"{field}: must not be empty")


def test_language_must_be_a_bcp47_tag(tmp_path):
    path = tmp_path / "event.toml"
    text = EVENT.replace('language = "en"', 'language = "english!!"')
    path.write_text(text, encoding="utf-8")
    match = one_located_error(run_eventkit("check", path), path, line_of(text, "english!!"))
    assert match["rest"] == "event.language: 'english!!' is not a BCP 47 language tag (did you mean 'en'?)"


@pytest.mark.parametrize(
    "tag, good",
    [
        ("en", True),
        ("fr-CH", True),
        ("zh-Hans-CN", True),
        ("es-419", True),
        ("de-CH-1996", True),
        ("sr-Latn-RS", True),
        ("en-US-x-twain", True),
        ("x-private", True),
        ("i-klingon", True),
        ("english", False),
        ("en_GB", False),
        ("en-", False),
        ("e", False),
        ("en--GB", False),
        ("123", False),
        ("", False),
    ],
)
def test_language_tags(tag, good):
    from eventkit.event.field_rules import language_tag_problem

    assert (language_tag_problem(tag) is None) == good
    if tag == "en_GB":
        assert language_tag_problem(tag)[1] == "did you mean 'en-GB'?"


# ------------------------------------------------------------------ nesting the TOML parser cannot follow


@pytest.mark.parametrize(
    "value", ["[" * 2000 + "]" * 2000, "{a=" * 500 + "1" + "}" * 500], ids=["array-2000-deep", "inline-table-500-deep"]
)
def test_deep_nesting_is_one_located_error(value, tmp_path):
    path = tmp_path / "event.toml"
    text = EVENT.replace('platform = "Zoom"', f'platform = "Zoom"\nnested = {value}')
    path.write_text(text, encoding="utf-8")
    match = one_located_error(run_eventkit("check", path), path, line_of(text, "nested = "))
    assert "nested more than 100 levels" in match["rest"]
    assert one_located_error(run_eventkit("build", path, "--format", "html", "-o", tmp_path / "out"), path)


def test_moderate_nesting_is_an_ordinary_type_error(write_event):
    from eventkit.event.load import check_event

    [error] = check_event(write_event(EVENT.replace('language = "en"', "language = " + "[" * 90 + "]" * 90))).errors
    assert error.path == "event.language" and "expected text" in error.message


# ------------------------------------------------------------------ the invites state file


def _issued_event(tmp_path: Path) -> tuple[Path, Path, str]:
    path = tmp_path / "event.toml"
    path.write_text(EVENT, encoding="utf-8")
    done = run_eventkit("invites", path, "--per-session", "-o", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    state = tmp_path / "event.invites.json"
    return path, state, "hardening.opening@eventkit"


@pytest.mark.parametrize(
    "damage, words",
    [
        (lambda e: {"sequence": 3}, "'dtstamp'"),
        (lambda e: 7, "the entry is int"),
        (lambda e: None, "the entry is null"),
        (lambda e: {**e, "sequence": "zero"}, "'sequence' is \"zero\""),
        (lambda e: {**e, "sequence": -1}, "'sequence' is -1"),
        (lambda e: {**e, "sequence": True}, "'sequence' is true"),
        (lambda e: {k: v for k, v in e.items() if k != "fingerprint"}, "'fingerprint' is missing"),
        (lambda e: {**e, "dtstamp": "yesterday"}, "'dtstamp'"),
        (lambda e: {**e, "session": "../../escape"}, "'session'"),
        (lambda e: {**e, "timezone": "Mars/Olympus"}, "'timezone'"),
        (lambda e: {**e, "start": "soon"}, "'start'"),
        (lambda e: {**e, "status": "MAYBE"}, "'status'"),
        (lambda e: {**e, "attendees": ["nobody"]}, 'attendee "nobody"'),
        (lambda e: {**e, "summary": "a\r\nb"}, "'summary'"),
    ],
    ids=[
        "only-sequence",
        "number",
        "null",
        "sequence-zero",
        "negative",
        "bool",
        "no-fingerprint",
        "dtstamp",
        "session-path",
        "zone",
        "start",
        "status",
        "attendee",
        "summary-crlf",
    ],
)
def test_damaged_state_entry_is_located(damage, words, tmp_path):
    path, state_file, uid = _issued_event(tmp_path)
    state = json.loads(state_file.read_text(encoding="utf-8"))
    state["issued"][uid] = damage(state["issued"][uid])
    text = json.dumps(state, indent=2)
    state_file.write_text(text, encoding="utf-8")
    for args in (("invites", path, "--per-session", "--eml"), ("build", path, "--format", "html")):
        done = run_eventkit(*args, "-o", tmp_path / "again")
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
        [line] = [line for line in done.stderr.splitlines() if "invites.json" in line]
        assert f"{state_file}:{line_of(text, json.dumps(uid))}:" in line
        assert f'issued["{uid}"]' in line and words in line and "restore the file from version control" in line
    assert args and not (tmp_path / "again").exists()


@pytest.mark.parametrize(
    "speakers, words",
    [
        ([1, 2], "speakers: is not a table"),
        ({"someone": 7}, "the entry is int"),
        ({"someone": {"sessions": "all"}}, "'sessions' is \"all\""),
        ({"someone": {"sessions": [], "attendee": "nobody"}}, "'attendee' is \"nobody\""),
        ({"../x": {"sessions": []}}, "not a person id"),
    ],
    ids=["list", "number", "sessions-text", "attendee", "path-like-id"],
)
def test_damaged_speakers_table_is_located(speakers, words, tmp_path):
    """The per-speaker part of the state file (what each speaker's own calendar held) is checked like the rest."""
    path, state_file, _ = _issued_event(tmp_path)
    state = json.loads(state_file.read_text(encoding="utf-8"))
    state["speakers"] = speakers
    state_file.write_text(json.dumps(state, indent=2), encoding="utf-8")
    done = run_eventkit("invites", path, "--per-speaker", "-o", tmp_path / "again")
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    [line] = [line for line in done.stderr.splitlines() if "invites.json" in line]
    assert words in line and "restore the file from version control" in line, line


def test_state_file_without_issued_table_and_with_broken_json(tmp_path):
    path, state_file, _ = _issued_event(tmp_path)
    for text in ('{"issued": [1, 2]}', "[" * 100000, "{not json"):
        state_file.write_text(text, encoding="utf-8")
        done = run_eventkit("invites", path, "-o", tmp_path / "again")
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
        assert str(state_file) in done.stderr and "version control" in done.stderr


# ------------------------------------------------------------------ invites: \N, parameters, folding, headers


def test_literal_backslash_n_stays_text_in_summary(tmp_path, icaljs):
    path = tmp_path / "event.toml"
    path.write_text(
        EVENT.replace('title = "Hardening test"', r'title = "C:\\New folder \\N not a break"'), encoding="utf-8"
    )
    out = tmp_path / "out"
    assert run_eventkit("invites", path, "--per-session", "-o", out).returncode == 0
    [vevent] = icalendar_events(out / "invite.ics")
    assert str(vevent["SUMMARY"]) == r"C:\New folder \N not a break"
    assert rb"SUMMARY:C:\\New folder \\N not a break" in (out / "invite.ics").read_bytes()
    [read] = icaljs([out / "invite.ics"])
    assert read["summary"] == r"C:\New folder \N not a break"
    [session] = icaljs([out / "sessions" / "opening.ics"])
    assert session["summary"] == r"Opening (C:\New folder \N not a break)"


NASTY_NAME = 'Renate "the Chair" Held^2, Ph.D.; Director: Ops ^n'


def test_parameter_values_follow_rfc6868(tmp_path, icaljs, libical):
    path = tmp_path / "event.toml"
    path.write_text(EVENT.replace('name = "Renate Held"', f"name = {toml_string(NASTY_NAME)}"), encoding="utf-8")
    out = tmp_path / "out"
    assert run_eventkit("invites", path, "-o", out).returncode == 0
    data = (out / "invite.ics").read_bytes()
    unfolded = data.replace(b"\r\n ", b"")
    [line] = [ln for ln in unfolded.split(b"\r\n") if b"renate.held@" in ln]
    cn = re.search(rb';CN="([^"]*)"[;:]', line)
    assert cn, line  # quoted, and no DQUOTE inside
    assert cn.group(1) == b"Renate ^'the Chair^' Held^^2, Ph.D.; Director: Ops ^^n"
    [vevent] = icalendar_events(out / "invite.ics")
    names = [a.params["CN"] for a in vevent.get("ATTENDEE")]
    assert NASTY_NAME in names
    [read] = icaljs([out / "invite.ics"])
    assert [NASTY_NAME, "mailto:renate.held@example.org"] in read["attendees"]
    code, output, _ = libical(out / "invite.ics")
    assert code == 0, output


@pytest.mark.parametrize(
    "text",
    ["é" * 80, "\U0001f600" * 40, "日本語の会議" * 20, "e\u0301" * 60, "a" * 73 + "日本" * 10],
    ids=["2-byte", "4-byte", "3-byte", "combining", "boundary"],
)
def test_folding_never_splits_a_character(text, tmp_path, icaljs):
    path = tmp_path / "event.toml"
    path.write_text(
        EVENT.replace('title = "Hardening test"', f"title = {toml_string(text)}").replace(
            'name = "Renate Held"', f"name = {toml_string(text)}"
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert run_eventkit("invites", path, "--per-session", "-o", out).returncode == 0
    for ics in (out / "invite.ics", out / "sessions" / "opening.ics"):
        assert_well_folded(ics.read_bytes())
    [read] = icaljs([out / "invite.ics"])
    assert read["summary"] == text and text in [cn for cn, _ in read["attendees"]]
    [vevent] = icalendar_events(out / "invite.ics")
    assert str(vevent["SUMMARY"]) == text


def test_email_headers_are_rfc2047_encoded(tmp_path):
    name, title = "Zoë Ñúñez-Łukasiewicz", "Réunion « spéciale » — 会議"
    path = tmp_path / "event.toml"
    path.write_text(
        EVENT.replace('name = "Renate Held"', f'name = "{name}"').replace(
            'title = "Hardening test"', f'title = "{title}"'
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    done = run_eventkit("invites", path, "--eml", "-o", out)
    assert done.returncode == 0, done.stderr
    raw = (out / "mail" / "renate.held@example.org.eml").read_bytes()
    head = raw.split(b"\r\n\r\n", 1)[0]
    head.decode("ascii")  # every header is 7-bit: the non-ASCII words are encoded words
    assert re.search(rb"^To: =\?utf-8\?", head, re.M) and re.search(rb"^Subject: Invitation: =\?utf-8\?", head, re.M)
    assert all(len(line) <= 78 for line in head.split(b"\r\n"))
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["To"].addresses[0].display_name == name
    assert message["To"].addresses[0].addr_spec == "renate.held@example.org"
    assert message["Subject"] == f"Invitation: {title} (27 March 2026)"


def test_title_with_line_break_never_reaches_eml(tmp_path):
    path = tmp_path / "event.toml"
    path.write_text(
        EVENT.replace('title = "Hardening test"', 'title = "Subject\\r\\nBcc: everyone@example.org"'), encoding="utf-8"
    )
    done = run_eventkit("invites", path, "--eml", "-o", tmp_path / "out")
    assert "event.title" in one_located_error(done, path)["rest"]
    assert not (tmp_path / "out").exists()


def test_smtp_without_port_is_a_usage_error(tmp_path):
    path = tmp_path / "event.toml"
    path.write_text(EVENT, encoding="utf-8")
    done = run_eventkit("invites", path, "--send", "--smtp", "smtp.example.org", "--dry-run")
    assert done.returncode == 2
    assert "has no port" in done.stderr and "smtp.example.org:587" in done.stderr
    assert "Traceback" not in done.stderr


# ------------------------------------------------------------------ user templates run in a sandbox


@pytest.mark.parametrize(
    "expression",
    [
        '"".__class__.__mro__[1].__subclasses__()',
        "event.__class__",
        "label.__globals__",
        "event.people.__class__.__base__",
    ],
)
def test_user_templates_cannot_reach_python_internals(expression, tmp_path):
    path = tmp_path / "event.toml"
    path.write_text(EVENT, encoding="utf-8")
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "agenda.html.j2").write_text(
        '{% extends "base.html.j2" %}{% block content %}<p>{{ ' + expression + " }}</p>{% endblock %}", encoding="utf-8"
    )
    out = tmp_path / "out"
    done = run_eventkit("agenda", path, "--templates", templates, "--format", "html", "-o", out)
    assert done.returncode == 1, done.stdout
    assert "Traceback" not in done.stderr
    assert f"{templates / 'agenda.html.j2'}:1" in done.stderr and "sandbox" in done.stderr and "unsafe" in done.stderr
    assert not out.exists()


def test_our_templates_work_in_the_sandbox(tmp_path):
    from jinja2.sandbox import SandboxedEnvironment

    from eventkit.documents.kinds import DOCUMENT_KINDS, _environment, render_html
    from eventkit.event.load import load_event

    assert isinstance(_environment(None), SandboxedEnvironment)
    for style in REFERENCE_EVENTS.values():
        event = load_event(style)
        for kind in DOCUMENT_KINDS:
            assert event.event.title.split()[0] in render_html(event, kind)


# ------------------------------------------------------------------ a bug: one line, a log file, exit 3


def test_a_bug_is_one_line_a_log_file_and_exit_3(tmp_path, monkeypatch, capsys):
    import eventkit.documents.event_checks
    from eventkit import cli

    def broken(path):
        raise ZeroDivisionError("simulated bug deep inside")

    monkeypatch.setattr(eventkit.documents.event_checks, "check_event_file", broken)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(sys, "argv", ["eventkit", "check", str(REFERENCE_EVENTS["note-for-file"])])
    with pytest.raises(SystemExit) as exit_info:
        cli.run()
    assert exit_info.value.code == 3
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1 and "Traceback" not in captured.err
    assert "this is a bug in eventkit" in lines[0] and "issue tracker" in lines[0]
    assert "ZeroDivisionError: simulated bug deep inside" in lines[0]
    [log] = (tmp_path / "cache" / "eventkit").glob("eventkit-crash-*.log")
    assert str(log) in lines[0]
    logged = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in logged and "simulated bug deep inside" in logged
    assert "command: eventkit check" in logged


def test_a_bug_in_a_subprocess_exits_3(tmp_path):
    """The installed entry point, end to end: a sitecustomize breaks the TOML parser for this process only."""
    (tmp_path / "sitecustomize.py").write_text(
        "import tomllib\ndef _broken(*args, **kwargs):\n    raise MemoryError('simulated')\ntomllib.loads = _broken\n",
        encoding="utf-8",
    )
    import os
    import subprocess

    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}", "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-m", "eventkit", "check", str(REFERENCE_EVENTS["note-for-file"])],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 3, done.stderr
    assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr
    assert list((tmp_path / "cache" / "eventkit").glob("eventkit-crash-*.log"))


def test_usage_errors_still_exit_2():
    done = run_eventkit("build", "--format", "odt", str(REFERENCE_EVENTS["note-for-file"]))
    assert done.returncode == 2 and "Traceback" not in done.stderr


# ------------------------------------------------------------------ e-mail addresses: dot-atoms, safe file names


@pytest.mark.parametrize(
    "address", ["../../../pwned@example.org", ".lead@example.org", "trail.@example.org", "two..dots@example.org"]
)
def test_address_local_part_must_be_a_dot_atom(address, tmp_path):
    """Found by hand while writing the fuzz test: '../x@example.org' passed check, then crashed invites --eml."""
    path = tmp_path / "event.toml"
    text = EVENT.replace("renate.held@example.org", address)
    path.write_text(text, encoding="utf-8")
    match = one_located_error(run_eventkit("check", path), path, line_of(text, address))
    assert "people.held.email" in match["rest"] and "not a valid e-mail address" in match["rest"]


def test_eml_file_names_stay_inside_the_mail_folder(tmp_path):
    from eventkit.calendar.mail import eml_file_name

    address = "a/.b?c|d*e@example.org"
    path = tmp_path / "event.toml"
    path.write_text(EVENT.replace("renate.held@example.org", address), encoding="utf-8")
    out = tmp_path / "out"
    done = run_eventkit("invites", path, "--eml", "-o", out)
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in (out / "mail").iterdir())
    assert names == sorted([eml_file_name(address), "jan.other@example.org.eml"])
    assert all(p.is_file() for p in (out / "mail").iterdir())
    assert eml_file_name("renate.held@example.org") == "renate.held@example.org.eml"
    assert eml_file_name("a/b@example.org") != eml_file_name("a?b@example.org")
    message = email.message_from_bytes(
        (out / "mail" / eml_file_name(address)).read_bytes(), policy=email.policy.default
    )
    assert message["To"].addresses[0].addr_spec == address


@pytest.mark.parametrize(
    "old, field", [('name = "Renate Held"', "people.held.name"), ('name = "Test Office"', "organisers[1].name")]
)
def test_backslash_in_a_calendar_name_is_refused(old, field, write_event):
    """Found by the fuzz test: ical.js and icalendar read '\\;' in a CN parameter as ';' (and ical.js '\\N' as a
    line break), though RFC 5545 has no escapes there, so no calendar would show such a name as written."""
    from eventkit.event.load import check_event

    text = EVENT.replace(old, old[:-1] + '\\\\;x"')
    [error] = check_event(write_event(text)).errors
    assert error.path == field and "backslash" in error.message and error.line == line_of(text, old[:-1])
    assert check_event(write_event(EVENT.replace('title = "Hardening test"', 'title = "a\\\\;b"'))).event


# ------------------------------------------------------------------ found by the fuzz test


def test_leading_byte_order_marks_in_a_title_survive_the_invite(tmp_path, icaljs):
    """icalendar decodes property values as 'utf-8-sig', which dropped a title's leading U+FEFF."""
    title = "\ufeff\ufeffTitle"
    path = tmp_path / "event.toml"
    path.write_text(EVENT.replace('title = "Hardening test"', f"title = {toml_string(title)}"), encoding="utf-8")
    assert run_eventkit("invites", path, "-o", tmp_path / "out").returncode == 0
    [vevent] = icalendar_events(tmp_path / "out" / "invite.ics")
    assert str(vevent["SUMMARY"]) == title
    assert icaljs([tmp_path / "out" / "invite.ics"])[0]["summary"] == title


@pytest.mark.parametrize("text", ['[event]\ntitle = """abc\n', "[event]\ntitle = '''abc\n", '[event]\ntitle = "abc\n'])
def test_unterminated_string_at_the_end_is_located(text, tmp_path):
    """An error 'at end of document' after a final newline raised IndexError while looking for a hint."""
    path = tmp_path / "event.toml"
    path.write_text(text, encoding="utf-8")
    match = one_located_error(run_eventkit("check", path), path)
    assert "TOML syntax error" in match["rest"]


def test_unicode_line_separators_in_comments_do_not_shift_lines(write_event):
    """TOML ends lines at LF only; U+2028 or U+0085 in a comment or string must not shift the reported line."""
    from eventkit.event.load import check_event

    text = EVENT.replace("[event]", "# note\u2028more\u0085more\n[event]").replace(
        'title = "Hardening test"', 'title = ""'
    )
    [error] = check_event(write_event(text)).errors
    assert (error.path, error.line) == ("event.title", text.split("\n").index('title = ""') + 1)


@pytest.mark.parametrize(
    "args, words",
    [
        (["--title", "a\nb"], "--title contains a line break"),
        (["--title", ""], "--title must not be empty"),
        (["--platform", "x\ty"], "--platform contains a tab"),
    ],
)
def test_new_refuses_what_check_would_refuse(args, words, tmp_path):
    """`eventkit new` promises a file that passes check: values check would refuse are a usage error instead."""
    path = tmp_path / "new.toml"
    done = run_eventkit("new", path, "--date", "2026-12-10", "--timezone", "Europe/Vienna", *args)
    assert done.returncode == 2 and words in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert not path.exists()
    done = run_eventkit("new", path, "--date", "2026-12-10", "--timezone", "Europe/Vienna", "--title", 'a\\b "c" ^d')
    assert done.returncode == 0 and run_eventkit("check", path).returncode == 0


def test_quoted_keys_with_escapes_are_reported_on_one_line(tmp_path):
    """Found while reviewing the located errors: a quoted key with a \\u escape crashed the position scanner
    (UnicodeDecodeError), and a key holding a line break split its error message over two lines."""
    path = tmp_path / "event.toml"
    text = EVENT.replace('platform = "Zoom"', 'platform = "Zoom"\n"a\\u00e9\\nb" = 1\n"x\\u2028y" = 2').replace(
        "[people.other]", '[people."o\\r\\nx"]'
    )
    path.write_text(text, encoding="utf-8")
    done = run_eventkit("check", path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 4, lines  # the three keys, and agenda[1] naming the person whose id was refused
    assert any("unknown field 'a\u00e9\\nb'" in line for line in lines)
    assert any("unknown field 'x\\u2028y'" in line for line in lines)
    assert any("'o\\r\\nx' is not a usable id" in line for line in lines)
    for line in lines:
        assert LOCATED.match(line), line


def test_one_line_escapes_control_characters():
    from eventkit.errors import Problem, one_line

    assert one_line("a\nb\r\tc\x1b\u2028\x85") == "a\\nb\\r\\tc\\x1b\\u2028\\x85"
    assert one_line("Zoë — 会議") == "Zoë — 会議"
    assert "\n" not in str(Problem("a\nb.toml", 1, 1, 'x."k\nk"', "unknown 'k\nk'"))


ENCODED_WORD = "=?utf-8?q?a=0D=0ABcc:_evil@example.org?="


@pytest.mark.parametrize(
    "old, field",
    [
        ('title = "Hardening test"', "event.title"),
        ('name = "Renate Held"', "people.held.name"),
        ('name = "Test Office"', "organisers[1].name"),
    ],
)
def test_encoded_words_cannot_reach_mail_headers(old, field, write_event):
    """Found while testing RFC 2047: Python's e-mail package decodes an encoded word in a header value it is
    given, so '=?utf-8?q?a=0D=0ABcc:...?=' in a title or name became a Bcc header in the written .eml."""
    from eventkit.event.load import check_event

    text = EVENT.replace(old, old[:-1] + " " + ENCODED_WORD + '"')
    [error] = check_event(write_event(text)).errors
    assert error.path == field and "'=?'" in error.message and "RFC 2047" in error.hint
    # other one-line fields (never a header) may hold it
    assert check_event(write_event(EVENT.replace('platform = "Zoom"', f'platform = "{ENCODED_WORD}"'))).event


def test_mail_refuses_a_header_with_a_line_break_even_past_the_loader():
    """Defence in depth: an Event built without the loader cannot smuggle a header into an .eml either."""
    import dataclasses

    from eventkit.calendar.invites import build_invites
    from eventkit.calendar.mail import invitations
    from eventkit.errors import BuildError
    from eventkit.event.load import load_event

    event = load_event(REFERENCE_EVENTS["note-for-file"])
    event = dataclasses.replace(event, event=dataclasses.replace(event.event, title=ENCODED_WORD))
    invite = build_invites(event, {}).files[0]
    with pytest.raises(BuildError, match="line break"):
        invitations(event, invite)


def test_a_wrong_choice_with_a_line_break_is_reported_on_one_line(tmp_path):
    """Found by the fuzz test: `kind = "a\\nb"` printed "'a", then "b' is not allowed here" on a second line."""
    path = tmp_path / "event.toml"
    text = EVENT.replace('end = "11:00"', 'end = "11:00"\nkind = "pa\\nnel"')
    path.write_text(text, encoding="utf-8")
    match = one_located_error(run_eventkit("check", path), path, line_of(text, 'kind = "pa'))
    assert match["rest"].startswith("agenda[1].kind: 'pa\\nnel' is not allowed here")
