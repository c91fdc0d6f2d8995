"""The tests' minimal-event builder (conftest.event_toml): what it writes is a valid event file that eventkit reads
as the fields it was given, so that a test built on it tests eventkit and not the builder."""

from __future__ import annotations

import datetime as dt
import tomllib

from conftest import MINIMAL_EVENT, SECRETARIAT, event_toml, toml_string
from eventkit.event.load import check_event


def test_the_minimal_event_checks_clean(write_event):
    result = check_event(write_event(event_toml()))
    assert result.errors == [] and result.warnings == []
    event = result.event
    assert (event.event.title, event.event.date, event.event.timezone) == (
        "Test event",
        dt.date(2026, 12, 10),
        "Europe/Vienna",
    )
    assert (event.event.start, event.event.end) == (dt.time(10), dt.time(12))
    assert [(o.name, o.email) for o in event.organisers] == [(SECRETARIAT["name"], SECRETARIAT["email"])]


def test_keywords_replace_add_and_remove_fields_and_extra_comes_last(write_event):
    text = event_toml(
        id="board",
        title="Board meeting",
        end=None,
        report_style="minutes",
        display_timezones=["Asia/Tbilisi"],
        extra='\n[people.ana]\nname = "Ana Costa"\n\n',
    )
    assert text.startswith('[event]\nid = "board"\ntitle = "Board meeting"\ndate = 2026-12-10\nstart = "10:00"\n')
    assert text.endswith('\n\n[people.ana]\nname = "Ana Costa"\n')
    data = tomllib.loads(text)
    assert data["event"] == {
        "id": "board",
        "title": "Board meeting",
        "date": dt.date(2026, 12, 10),
        "start": "10:00",
        "timezone": "Europe/Vienna",
        "report_style": "minutes",
        "display_timezones": ["Asia/Tbilisi"],
    }
    assert data["organisers"] == [SECRETARIAT] and data["people"] == {"ana": {"name": "Ana Costa"}}
    event = check_event(write_event(text.replace("date = 2026-12-10\n", 'date = 2026-12-10\nend = "11:30"\n'))).event
    assert event.event.report_style == "minutes" and event.event.end == dt.time(11, 30)
    assert MINIMAL_EVENT["title"] == "Test event"  # the builder copies its defaults, never changes them


def test_several_organisers_or_none(write_event):
    two = [{"name": "UNECE", "email": "events@example.org", "logo": "logo.png"}, {"name": "IOM"}]
    assert tomllib.loads(event_toml(organisers=two))["organisers"] == two
    assert "organisers" not in tomllib.loads(event_toml(organisers=()))


def test_text_is_written_exactly_whatever_it_holds():
    for text in ['Say "hi"', "C:\\New folder", "tab\there", "bell\x07", "del\x7f", "é 中文 \u2028", "'''", '"""']:
        assert tomllib.loads(f"x = {toml_string(text)}")["x"] == text
        assert tomllib.loads(event_toml(title=text))["event"]["title"] == text
