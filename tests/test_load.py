"""The event file loader: the model it builds and every class of located error it reports."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import REFERENCE_EVENTS, run_eventkit
from eventkit.errors import EventFileError
from eventkit.event.load import check_event, load_event


def position_of(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based line and column of the n-th occurrence of needle in text."""
    at = -1
    for _ in range(occurrence):
        at = text.index(needle, at + 1)
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


def only_error(path):
    result = check_event(path)
    assert result.event is None, "expected the file to be invalid"
    assert len(result.errors) == 1, [str(p) for p in result.errors]
    return result.errors[0]


# ------------------------------------------------------------------ the model


def test_scaffold_builds_a_complete_model(write_event, scaffold_text):
    event = load_event(write_event(scaffold_text))
    assert event.event.title == "Test webinar"
    assert event.id == "webinar"
    assert event.event.start == dt.time(14, 0) and event.event.end == dt.time(17, 0)
    assert [s.id for s in event.agenda] == ["opening", "discussion", "closing"]
    assert event.agenda[0].moderators == ("moderator",)
    assert event.people["moderator"].id == "moderator"
    assert event.starts_at.utcoffset() == dt.timedelta(hours=4)
    assert [t.label for t in event.display_times] == ["GMT+4"]


def test_reference_events_are_valid_and_complete():
    summary = load_event(REFERENCE_EVENTS["summary-report"])
    assert summary.event.report_style == "summary-report"
    assert summary.starts_at.astimezone(dt.UTC) == dt.datetime(2021, 3, 24, 8, 30, tzinfo=dt.UTC)
    assert summary.display_times[0].label == "CET"
    assert summary.report.closing == "- CLOSE OF MEETING -"
    assert len(summary.report.sections) >= 7
    note = load_event(REFERENCE_EVENTS["note-for-file"])
    assert note.event.report_style == "note-for-file"
    assert note.starts_at.astimezone(dt.UTC) == dt.datetime(2021, 4, 22, 10, 0, tzinfo=dt.UTC)
    assert [t.label for t in note.display_times] == ["GMT+4", "CEST"]
    assert [t.span for t in note.display_times] == ["14:00 - 17:00", "12:00 - 15:00"]
    assert note.weekday_date_text == "Thursday, 22 April 2021"
    assert len(note.report.links) == 4


def test_reference_events_pass_check_on_the_command_line():
    result = run_eventkit("check", *REFERENCE_EVENTS.values())
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_derived_values_cross_daylight_saving(write_event, scaffold_text):
    text = scaffold_text.replace('timezone = "Asia/Tbilisi"', 'timezone = "Europe/Vienna"').replace(
        "display_timezones = []", 'display_timezones = ["America/New_York", "Asia/Tbilisi"]'
    )
    # 2027-03-20: New York is already on summer time (14 March), Vienna not yet (28 March)
    text = text.replace("date = 2026-12-10", "date = 2027-03-20")
    event = load_event(write_event(text))
    assert [(t.label, t.span) for t in event.display_times] == [
        ("CET", "14:00 - 17:00"),
        ("EDT", "09:00 - 12:00"),
        ("GMT+4", "17:00 - 20:00"),
    ]


def test_person_affiliation_line_skips_repeated_parts():
    from eventkit.event.model import Person

    held = Person(
        name="Renate Held", honorific="Ms.", organisation="IOM", title="IOM Regional Director for South Eastern Europe"
    )
    assert held.speaker_line() == "Ms. Renate Held, IOM Regional Director for South Eastern Europe"
    other = Person(name="A B", title="Director", organisation="Ministry of Interior", country="Moldova")
    assert other.speaker_line() == "A B, Director, Ministry of Interior, Moldova"
    assert other.speaker_line("Minister") == "A B, Minister"


# ------------------------------------------------------------------ the file itself


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "file is empty"),
        (b"   \n\n", "file is empty"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00", "binary file"),
        ('[event]\ntitle = "Caf\u00e9"\n'.encode("latin-1"), "is not UTF-8"),
    ],
)
def test_unreadable_files(write_event, content, message):
    problem = only_error(write_event(content))
    assert message in problem.message
    assert problem.file.endswith("event.toml")


def test_latin1_error_points_at_the_byte(write_event):
    problem = only_error(write_event('# ok\n[event]\ntitle = "Caf\u00e9"\n'.encode("latin-1")))
    assert (problem.line, problem.column) == (3, 13)
    assert "UTF-8" in problem.hint


def test_directory_and_missing_path(tmp_path):
    assert "is a directory" in only_error(tmp_path).message
    missing = only_error(tmp_path / "nope.toml")
    assert missing.message == "no such file" and "eventkit new" in missing.hint


def test_huge_string_is_located(write_event, scaffold_text):
    text = scaffold_text.replace('subtitle = ""', 'subtitle = "' + "x" * 5_000_000 + '"')
    problem = only_error(write_event(text))
    assert problem.path == "event.subtitle"
    assert "too long" in problem.message
    assert problem.line == position_of(text, "subtitle =")[0]


def test_file_over_the_size_limit(write_event, scaffold_text):
    problem = only_error(write_event(scaffold_text + "#" + "x" * 9_000_000 + "\n"))
    assert "too large" in problem.message


# ------------------------------------------------------------------ TOML syntax


def test_duplicated_table(write_event, scaffold_text):
    text = scaffold_text + '\n[people.moderator]\nname = "Again"\n'
    problem = only_error(write_event(text))
    assert "'people.moderator' is defined twice" in problem.message
    assert problem.line == position_of(text, "[people.moderator]", 2)[0]


def test_syntax_error_has_line_and_column(write_event, scaffold_text):
    text = scaffold_text.replace('title = "Test webinar"', 'title = "Test webinar')
    problem = only_error(write_event(text))
    assert problem.message.startswith("TOML syntax error")
    assert problem.line == position_of(text, 'title = "Test webinar')[0]


def test_unquoted_short_time_gets_a_hint(write_event, scaffold_text):
    text = scaffold_text.replace('start = "14:00"', "start = 14:00", 1)
    problem = only_error(write_event(text))
    assert "14:00:00" in problem.hint or "09:30:00" in problem.hint


# ------------------------------------------------------------------ shapes


def test_unknown_key_suggests_the_right_one(write_event, scaffold_text):
    text = scaffold_text.replace("subtitle =", "subtitel =")
    problem = only_error(write_event(text))
    assert problem.path == "event.subtitel"
    assert problem.message == "unknown field 'subtitel'"
    assert problem.hint == "did you mean 'subtitle'?"
    assert (problem.line, problem.column) == position_of(text, "subtitel")


def test_unknown_table(write_event, scaffold_text):
    text = scaffold_text + "\n[agneda_notes]\nx = 1\n"
    problem = only_error(write_event(text))
    assert "unknown table 'agneda_notes'" in problem.message


def test_missing_required_field(write_event, scaffold_text):
    text = scaffold_text.replace('title = "Test webinar"\n', "", 1)
    problem = only_error(write_event(text))
    assert problem.message == "missing required field 'title'"
    assert problem.path == "event"
    assert problem.line == position_of(text, "[event]")[0]


@pytest.mark.parametrize(
    "old, new, path, fragment",
    [
        ("date = 2026-12-10", 'date = "2026-12-10"', "event.date", "expected a date"),
        ("date = 2026-12-10", "date = 2026-12-10T10:00:00", "event.date", "got a date-time"),
        ('start = "14:00"', 'start = "2pm"', "event.start", "expected a time"),
        ('language = "en"', "language = 1", "event.language", "expected text, got a number"),
        ("interpretation = []", 'interpretation = "English"', "event.interpretation", "expected a list"),
        ('kind = "webinar"', 'kind = "webinr"', "event.kind", "'webinr' is not allowed"),
    ],
)
def test_wrong_types(write_event, scaffold_text, old, new, path, fragment):
    text = scaffold_text.replace(old, new, 1)
    problem = only_error(write_event(text))
    assert problem.path == path
    assert fragment in problem.message
    assert problem.line == position_of(text, new)[0]


def test_invalid_time_zone_with_suggestion(write_event, scaffold_text):
    text = scaffold_text.replace('"Asia/Tbilisi"', '"Asia/Tbilsi"')
    problem = only_error(write_event(text))
    assert problem.message == "unknown time zone 'Asia/Tbilsi'"
    assert problem.hint == "did you mean 'Asia/Tbilisi'?"
    assert (problem.line, problem.column) == position_of(text, '"Asia/Tbilsi"')


@pytest.mark.parametrize(
    "written, zone, explained",
    [
        ("Europe/Geneva", "Europe/Zurich", "Geneva keeps Zurich's clock"),  # not a zone; difflib would say Guernsey
        ("Asia/Beijing", "Asia/Shanghai", "Beijing keeps Shanghai's clock"),  # difflib would say Beirut
        ("New Delhi", "Asia/Kolkata", "New Delhi keeps Kolkata's clock"),
        ("vienna", "Europe/Vienna", ""),
    ],
)
def test_a_place_instead_of_a_zone_name_gets_its_zone(write_event, scaffold_text, written, zone, explained):
    problem = only_error(write_event(scaffold_text.replace('"Asia/Tbilisi"', f'"{written}"')))
    assert problem.message == f"unknown time zone '{written}'"
    assert problem.hint.startswith(f"did you mean '{zone}'?") and explained in problem.hint


def test_offset_instead_of_zone_name(write_event, scaffold_text):
    text = scaffold_text.replace("display_timezones = []", 'display_timezones = ["GMT+4"]')
    problem = only_error(write_event(text))
    assert problem.path == "event.display_timezones[1]"
    assert "IANA" in problem.hint


def test_invalid_email_and_url(write_event, scaffold_text):
    text = scaffold_text.replace('"moderator@example.org"', '"moderator(at)example.org"').replace(
        'join_url = ""', 'join_url = "javascript:alert(1)"'
    )
    result = check_event(write_event(text))
    messages = {p.path: p.message for p in result.errors}
    assert messages["people.moderator.email"] == "'moderator(at)example.org' is not a valid e-mail address"
    assert "not a valid http or https address" in messages["event.join_url"]


def test_control_characters_are_refused(write_event, scaffold_text):
    text = scaffold_text.replace('subtitle = ""', 'subtitle = "a\\u0007b"')
    assert "control character U+0007" in only_error(write_event(text)).message


# ------------------------------------------------------------------ meaning


def test_end_before_start(write_event, scaffold_text):
    text = scaffold_text.replace('end = "17:00"', 'end = "13:00"', 1)
    result = check_event(write_event(text))
    problem = next(p for p in result.errors if p.path == "event.end")
    assert "ends (13:00) before it starts (14:00)" in problem.message
    assert problem.line == position_of(text, 'end = "13:00"')[0]


def test_session_outside_event_hours_and_overlap(write_event, scaffold_text):
    text = scaffold_text.replace('start = "14:15"\nend = "16:45"', 'start = "13:30"\nend = "16:50"')
    result = check_event(write_event(text))
    messages = [str(p) for p in result.errors]
    assert any(
        "agenda[2].start: session 'discussion' (13:30-16:50) lies outside the event's hours (14:00-17:00)" in m
        for m in messages
    ), messages
    assert any("agenda[3].start: session 'closing' (16:45-17:00) overlaps 'discussion'" in m for m in messages), (
        messages
    )


def test_session_ending_before_it_starts(write_event, scaffold_text):
    text = scaffold_text.replace('start = "14:15"\nend = "16:45"', 'start = "14:15"\nend = "14:10"')
    problem = next(p for p in check_event(write_event(text)).errors if p.path == "agenda[2].end")
    assert "ends (14:10) before it starts (14:15)" in problem.message


def test_undefined_person_points_at_the_element(write_event, scaffold_text):
    text = scaffold_text.replace("speakers = []", 'speakers = ["moderator", "moderater"]', 1)
    problem = only_error(write_event(text))
    assert problem.path == "agenda[1].speakers[2]"
    assert problem.message == "no person 'moderater'"
    assert problem.hint == "did you mean 'moderator'?"
    assert (problem.line, problem.column) == position_of(text, '"moderater"')
    assert str(problem).startswith(f"{problem.file}:{problem.line}:{problem.column}: agenda[1].speakers[2]: no person")


def test_duplicate_ids(write_event, scaffold_text):
    text = scaffold_text.replace('id = "closing"', 'id = "opening"')
    problem = only_error(write_event(text))
    assert problem.path == "agenda[3].id"
    assert "duplicate session id 'opening'" in problem.message


def test_report_references(write_event, scaffold_text):
    text = (
        scaffold_text + '\n[[report.sections]]\nsession = "openin"\n\n[[report.sections.speakers]]\nperson = "nobody"\n'
    )
    result = check_event(write_event(text))
    paths = {p.path: p for p in result.errors}
    assert paths["report.sections[1].session"].hint == "did you mean 'opening'?"
    assert paths["report.sections[1].speakers[1].person"].message == "no person 'nobody'"


def test_several_problems_are_reported_at_once(write_event, scaffold_text):
    text = (
        scaffold_text.replace("subtitle =", "subtitel =")
        .replace('"moderator@example.org"', '"bad"')
        .replace("[people.moderator]", "[people.moderator]\nrole = 1")
    )
    assert len(check_event(write_event(text)).errors) == 3


# ------------------------------------------------------------------ warnings and the command line


def test_warnings_fail_only_with_strict(write_event, scaffold_text):
    # the moderator speaks in the first session (people who only chair need no bio)
    text = scaffold_text.replace('bio = """\nA short biography of the moderator. (Markdown)\n"""', 'bio = ""')
    path = write_event(text.replace('moderators = ["moderator"]\nspeakers = []', 'speakers = ["moderator"]', 1))
    result = check_event(path)
    assert result.event is not None
    assert [p.message for p in result.warnings] == ["speaker 'moderator' has no bio"]
    plain = run_eventkit("check", path)
    assert plain.returncode == 0 and "warning" in plain.stderr
    strict = run_eventkit("check", "--strict", path)
    assert strict.returncode == 1


@pytest.mark.parametrize(
    "content", [b"", b"\x00\x01\x02binary", '[event]\ntitle = "\u00e9"\n'.encode("latin-1"), b"[event]\n[event]\n"]
)
def test_cli_errors_are_one_line_without_traceback(write_event, content):
    path = write_event(content)
    result = run_eventkit("check", path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(str(path) + ":")


def test_cli_directory_and_missing_path(tmp_path):
    for target in (tmp_path, tmp_path / "missing.toml"):
        result = run_eventkit("check", target)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert result.stderr.startswith(str(target) + ":")


def test_cli_usage_errors_exit_2():
    assert run_eventkit("check").returncode == 2
    assert run_eventkit("no-such-command").returncode == 2
    assert run_eventkit("new").returncode == 2


def test_load_event_raises_with_all_problems(write_event, scaffold_text):
    with pytest.raises(EventFileError) as info:
        load_event(write_event(scaffold_text.replace("subtitle =", "subtitel =")))
    assert "did you mean 'subtitle'?" in str(info.value)


def test_references_are_checked_even_when_the_event_table_has_errors(write_event, scaffold_text):
    text = (
        scaffold_text.replace('"Asia/Tbilisi"', '"Asia/Tiblisi"')
        .replace("subtitle =", "subtitel =")
        .replace("speakers = []", 'speakers = ["moderater"]', 1)
    )
    paths = [p.path for p in check_event(write_event(text)).errors]
    assert paths == ["event.subtitel", "event.timezone", "agenda[1].speakers[1]"]
