"""Real programmes (issue #14): parallel tracks, roles and presentation titles, multi-day agendas, several
organisers, cancellations that reach every speaker, protocol. Every check reads back the real files: agenda.pdf
through pdftotext, agenda.docx through python-docx, .ics through icalendar, .eml through the email package."""

from __future__ import annotations

import email
import email.policy
import re
import shutil
import subprocess
from pathlib import Path

import icalendar
import pytest

from conftest import ROOT, run_eventkit
from eventkit.event.load import check_event, load_event

FORUM = ROOT / "tests" / "data" / "three-day-forum.toml"

TRACKS = """
[[tracks]]
id = "a"
name = "Track A: Cities"
room = "Room A"

[[tracks]]
id = "b"
name = "Track B: Fuels"
room = "Room B"
"""

PEOPLE = """
[people.chair]
honorific = "H.E."
name = "Suwit Khunkitti"
title = "Minister"
email = "suwit@example.org"

[people.fac]
honorific = "Ms."
name = "Yuki Tanaka"
title = "Programme Officer"
organisation = "UNCRD"
email = "yuki@example.org"

[people.pan1]
honorific = "Dr."
name = "Meera Rao"
title = "Senior Fellow"
email = "meera@example.org"
bio = "Works on urban transport."

[people.pan2]
honorific = "Mr."
name = "Farid Ahmed"
title = "Chief Engineer"
email = "farid@example.org"
bio = "Builds roads."
"""

ROLES = """
[[agenda.participants]]
role = "chair"
person = "chair"

[[agenda.participants]]
role = "facilitator"
person = "fac"

[[agenda.participants]]
role = "panellist"
person = "pan1"
title = "Bus rapid transit in Indian cities"

[[agenda.participants]]
role = "panellist"
person = "pan2"
title = "Compressed natural gas in Dhaka"
affiliation = "Chief Engineer, Dhaka Transport Coordination Authority"
"""


def pdf_text(pdf: Path, *options: str) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *options, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def flat(text: str) -> str:
    return " ".join(text.split())


def docx_text(path: Path) -> str:
    import docx
    from docx.oxml.ns import qn

    body = docx.Document(str(path)).element.body
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p")))


def scaffold(write_event, scaffold_text: str, *, discussion: str = "", extra: str = "") -> Path:
    """The scaffolded webinar (opening 14:00-14:15, discussion 14:15-16:45, closing 16:45-17:00) with a
    parallel 'breakout' at the discussion's time, and ``discussion`` lines added to the discussion session."""
    text = scaffold_text.replace('id = "discussion"', 'id = "discussion"\n' + discussion, 1)
    breakout = (
        '\n[[agenda]]\nid = "breakout"\ntitle = "Breakout on clean fuels"\nstart = "14:15"\nend = "16:45"\n' + extra
    )
    text = text.replace("\n[report]", TRACKS + PEOPLE + breakout + "\n[report]", 1)
    return write_event(text)


# ------------------------------------------------------------------ tracks


def test_parallel_sessions_in_two_tracks_pass_and_share_one_time_slot(write_event, scaffold_text, tmp_path):
    path = scaffold(write_event, scaffold_text, discussion='track = "a"', extra='track = "b"\n')
    result = check_event(path)
    assert result.errors == [], result.errors
    out = tmp_path / "out"
    done = run_eventkit("agenda", path, "-o", out)
    assert done.returncode == 0, done.stderr
    lines = [line.strip() for line in pdf_text(out / "agenda.pdf").splitlines() if line.strip()]
    slot = lines.index("Parallel sessions")
    assert "14:15 - 16:45" in lines[slot - 3 : slot]  # the slot's time, once, in the slot's row
    after = lines[slot + 1 :]
    assert after.index("Track A: Cities · Room A") < after.index("Track B: Fuels · Room B")
    assert "Discussion" in after and "Breakout on clean fuels" in after
    assert "14:15 - 16:45" not in after[: after.index("Breakout on clean fuels")]  # not repeated per session
    text = docx_text(out / "agenda.docx")
    assert "Parallel sessions" in text and "Track B: Fuels · Room B" in text

    # invites: LOCATION per room
    invites = run_eventkit("invites", path, "-o", out, "--per-session")
    assert invites.returncode == 0, invites.stderr
    vevent = icalendar.Calendar.from_ical((out / "sessions" / "breakout.ics").read_bytes()).walk("VEVENT")[0]
    assert str(vevent["LOCATION"]) == "Room B"
    assert "Track B: Fuels, Room B" in str(vevent["DESCRIPTION"])


def test_same_track_overlap_is_a_located_error_that_suggests_a_track(write_event, scaffold_text):
    path = scaffold(write_event, scaffold_text, discussion='track = "a"', extra='track = "a"\n')
    [error] = check_event(path).errors
    assert error.path.endswith(".start") and error.line > 0 and error.column > 0
    assert "overlaps 'discussion'" in error.message and "track" in error.hint
    done = run_eventkit("check", path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert re.search(rf"^{re.escape(str(path))}:\d+:\d+: agenda\[\d+\]\.start: .*overlaps.*track", done.stderr, re.M)

    # without any track: the hint says how to declare parallel sessions
    plain = scaffold(write_event, scaffold_text)
    [error] = check_event(plain).errors
    assert "[[tracks]]" in error.hint and 'track = "<id>"' in error.hint

    # a tracked session may not overlap a plenary (untracked) one
    mixed = scaffold(write_event, scaffold_text, extra='track = "b"\n')
    [error] = check_event(mixed).errors
    assert "plenary" in error.hint


def test_unknown_track_and_role_are_located_with_suggestions(write_event, scaffold_text):
    path = scaffold(
        write_event,
        scaffold_text,
        discussion='track = "a"',
        extra='track = "bb"\n\n[[agenda.participants]]\nrole = "panelist"\nperson = "pan1"\n'
        '\n[[agenda.participants]]\nrole = "chair"\n',
    )
    errors = {e.path: e for e in check_event(path).errors}
    assert errors["agenda[4].track"].hint == "did you mean 'b'?"
    assert errors["agenda[4].participants[1].role"].hint == "did you mean 'panellist'?"
    assert "name" in errors["agenda[4].participants[2]"].message


# ------------------------------------------------------------------ roles


def test_roles_print_their_labels_and_titles_in_agenda_pdf_and_docx(write_event, scaffold_text, tmp_path):
    path = scaffold(write_event, scaffold_text, discussion='track = "a"', extra='track = "b"\n' + ROLES)
    out = tmp_path / "out"
    done = run_eventkit("agenda", path, "-o", out)
    assert done.returncode == 0, done.stderr
    pdf = pdf_text(out / "agenda.pdf")
    docx = docx_text(out / "agenda.docx")
    for text in (pdf, docx):
        lines = [line.strip() for line in text.splitlines()]
        for label in ("Chair:", "Facilitator:", "Panellists:"):
            assert label in lines, label
        assert "Panellist:" not in lines and "Speakers:" not in lines
        # the presentation title beside the panellist's name
        assert "Dr. Meera Rao: \u201cBus rapid transit in Indian cities\u201d" in flat(text)
        assert "Mr. Farid Ahmed: \u201cCompressed natural gas in Dhaka\u201d" in flat(text)
        assert "Chief Engineer, Dhaka Transport Coordination Authority" in flat(text)  # the session's override
        assert lines.index("Chair:") < lines.index("Facilitator:") < lines.index("Panellists:")


@pytest.mark.parametrize("how", ["joint", "people"])
def test_a_joint_presentation_names_its_title_once(write_event, scaffold_text, tmp_path, how):
    """A presentation the event marks as joint (``joint = true`` on the second entry, or one entry with ``people``)
    is one entry: "A and B: “Title”" in the agenda (PDF and DOCX) and in the invite's programme, the title once,
    each one's affiliation kept."""
    same = ROLES.replace('title = "Compressed natural gas in Dhaka"', 'title = "Bus rapid transit in Indian cities"')
    if how == "joint":
        roles = same.replace('person = "pan2"\n', 'person = "pan2"\njoint = true\n')
    else:
        roles = same.split('[[agenda.participants]]\nrole = "panellist"\nperson = "pan1"')[0] + (
            '[[agenda.participants]]\nrole = "panellist"\npeople = ["pan1", "pan2"]\n'
            'title = "Bus rapid transit in Indian cities"\n'
        )
    path = scaffold(write_event, scaffold_text, discussion='track = "a"', extra='track = "b"\n' + roles)
    out = tmp_path / "out"
    done = run_eventkit("agenda", path, "-o", out)
    assert done.returncode == 0, done.stderr
    for text in (flat(pdf_text(out / "agenda.pdf")), flat(docx_text(out / "agenda.docx"))):
        assert "Dr. Meera Rao and Mr. Farid Ahmed: \u201cBus rapid transit in Indian cities\u201d" in text
        assert text.count("Bus rapid transit in Indian cities") == 1
        if how == "joint":
            assert "Senior Fellow; Chief Engineer, Dhaka Transport Coordination Authority" in text
    assert run_eventkit("invites", path, "-o", out).returncode == 0
    from icalendar import Calendar

    event = next(c for c in Calendar.from_ical((out / "invite.ics").read_bytes()).walk("VEVENT"))
    assert "Panellists: Dr. Meera Rao and Mr. Farid Ahmed (\u201cBus rapid transit in Indian cities\u201d)" in str(
        event["DESCRIPTION"]
    )


def test_two_speakers_with_the_same_title_are_two_entries_unless_joint(write_event, scaffold_text, tmp_path):
    """Two panellists one after another with the same presentation title gave two presentations (country reports
    on one theme): two entries, each with its title, in the agenda (PDF and DOCX) and the invite; nothing is merged
    that the event file did not mark as joint."""
    same = ROLES.replace('title = "Compressed natural gas in Dhaka"', 'title = "Bus rapid transit in Indian cities"')
    path = scaffold(write_event, scaffold_text, discussion='track = "a"', extra='track = "b"\n' + same)
    out = tmp_path / "out"
    assert run_eventkit("agenda", path, "-o", out).returncode == 0
    for text in (flat(pdf_text(out / "agenda.pdf")), flat(docx_text(out / "agenda.docx"))):
        assert "Dr. Meera Rao: \u201cBus rapid transit in Indian cities\u201d" in text
        assert "Mr. Farid Ahmed: \u201cBus rapid transit in Indian cities\u201d" in text
        assert " and Mr. Farid Ahmed" not in text and "; Chief Engineer" not in text
    assert run_eventkit("invites", path, "-o", out).returncode == 0
    from icalendar import Calendar

    event = next(c for c in Calendar.from_ical((out / "invite.ics").read_bytes()).walk("VEVENT"))
    assert (
        "Panellists: Dr. Meera Rao (\u201cBus rapid transit in Indian cities\u201d), Mr. Farid Ahmed "
        "(\u201cBus rapid transit in Indian cities\u201d)" in str(event["DESCRIPTION"])
    )


def test_unnamed_function_and_custom_role(write_event, scaffold_text, tmp_path):
    extra = (
        'track = "b"\n\n[[agenda.participants]]\nrole = "chair"\nname = "UNCRD representative"\n'
        '\n[[agenda.participants]]\nrole = "respondent"\nperson = "pan1"\n'
    )
    path = scaffold(write_event, scaffold_text, discussion='track = "a"', extra=extra)
    assert check_event(path).errors[0].hint.endswith('or declare [roles.respondent] label = "..."')
    path.write_text(path.read_text(encoding="utf-8") + '\n[roles.respondent]\nlabel = "Respondent"\n', encoding="utf-8")
    out = tmp_path / "out"
    assert run_eventkit("agenda", path, "-o", out).returncode == 0
    lines = [line.strip() for line in docx_text(out / "agenda.docx").splitlines() if line.strip()]
    assert lines[lines.index("Chair:") + 1] == "UNCRD representative"
    assert lines[lines.index("Respondent:") + 1].startswith("Dr. Meera Rao")
    pdf = [line.strip() for line in pdf_text(out / "agenda.pdf").splitlines()]
    assert {"Chair:", "Respondent:", "• UNCRD representative"} <= set(pdf)


# ------------------------------------------------------------------ the three-day forum


@pytest.fixture(scope="module")
def forum(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("forum")
    source = folder / FORUM.name
    shutil.copy(FORUM, source)
    done = run_eventkit("build", source, "-o", folder / "out")
    assert done.returncode == 0, done.stderr
    return folder / "out"


def test_three_day_agenda_has_day_headings_and_header_on_every_page(forum):
    pages = pdf_text(forum / "agenda.pdf", "-layout").split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 3
    text = "\n".join(pages)
    headings = re.findall(r"Day \d \u2014 \w+day, \d+ August 2010", text)
    assert headings == [
        "Day 1 \u2014 Monday, 23 August 2010",
        "Day 2 \u2014 Tuesday, 24 August 2010",
        "Day 3 \u2014 Wednesday, 25 August 2010",
    ]
    for number, page in enumerate(pages, 1):  # the table header row repeats on every page
        assert re.search(r"Time\s+Session\s+Speakers", page), f"page {number} has no header row"
    assert "IST" not in text.split()  # India's abbreviation is shared with Israel and Ireland
    # the DOCX repeats the header row too (w:tblHeader on the first row of every day's table)
    import docx
    from docx.oxml.ns import qn

    tables = docx.Document(str(forum / "agenda.docx")).tables
    assert len(tables) == 3
    for table in tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        assert [c.text for c in table.rows[0].cells] == ["Time", "Session", "Speakers"]
    # three zones share one time column, a line per zone, so that the names keep their room
    first = [c.text for c in tables[0].rows[1].cells]
    assert first[0].split("\n") == ["09:00 - 10:00 GMT+7", "07:30 - 08:30 GMT+5:30", "04:00 - 05:00 CEST"]


def test_concept_note_has_an_overview_and_separate_practical_details(forum):
    text = pdf_text(forum / "concept-note.pdf")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert "Agenda overview" in lines
    overview = flat(text[text.index("Agenda overview") :])
    assert "Opening Session" in overview and "Breakout 1, Group 2: Clean fuels" in overview
    assert "Kazunobu Onogawa" not in overview and "Panellists:" not in overview  # sessions and times only
    # the generated lines sit under their own heading, after the user's format text
    format_line = next(n for n, line in enumerate(lines) if line.endswith("Simultaneous interpretation in the plenary"))
    assert lines.index("Date, time and venue") == format_line + 1
    assert "UNCRD · Ministry of Natural Resources and Environment, Thailand" in lines  # every organiser


def test_speakers_document_has_no_placeholder_bios_and_dated_roles(forum):
    text = flat(pdf_text(forum / "speakers.pdf"))
    assert "No biography provided" not in text
    assert (
        "Keynote speaker: Opening Session, Monday, 23 August 2010, 09:00 - 10:00 (GMT+7) / "
        "07:30 - 08:30 (GMT+5:30) / 04:00 - 05:00 (CEST)"
    ) in text
    assert "Rapporteur: Plenary 2: Country Reports, Tuesday, 24 August 2010" in text


def test_participants_in_alphabetical_order_without_placeholders(forum):
    import docx

    document = docx.Document(str(forum / "participants.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    # everyone in no delegation is under "Other participants" (issue #7's participant lists), not "Other speakers"
    assert headings == ["Bangladesh", "Thailand", "UNCRD (organiser)", "Also taking part", "Other participants"]
    text = flat(pdf_text(forum / "participants.pdf"))
    assert "No named representatives" not in text
    assert "Bhutan" in text and "Also taking part" in text
    assert "Institute of Urban Transport, India" in text  # the country of a person outside a country's group


def test_protocol_order_follows_the_list(tmp_path):
    source = tmp_path / FORUM.name
    source.write_text(
        FORUM.read_text(encoding="utf-8").replace(
            'delegation_order = "alphabetical"', 'delegation_order = "protocol"\norder = ["UNCRD", "Thailand"]'
        ),
        encoding="utf-8",
    )
    event = load_event(source)
    assert [d.name for d in event.delegations_in_order] == ["UNCRD", "Thailand", "Bangladesh", "Bhutan"]


def test_grouped_bio_warning_spares_people_who_only_chair():
    result = check_event(FORUM)
    [bio] = [w for w in result.warnings if "bio" in w.message]
    assert bio.message == "5 speakers have no bio: silva, lim, ahmed, nguyen, sato"
    assert "onogawa" not in bio.message and "tanaka" not in bio.message  # they only chair and facilitate


# ------------------------------------------------------------------ invites and e-mails


def remove_sessions(path: Path, *ids: str) -> None:
    parts = path.read_text(encoding="utf-8").split("\n[[agenda]]\n")
    kept = [p for p in parts if not any(p.startswith(f'id = "{i}"') for i in ids)]
    path.write_text("\n[[agenda]]\n".join(kept), encoding="utf-8")


def read_ics(path: Path) -> tuple[str, list]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return str(calendar["METHOD"]), calendar.walk("VEVENT")


def test_removed_sessions_reach_every_speaker(tmp_path):
    source = tmp_path / FORUM.name
    shutil.copy(FORUM, source)
    out = tmp_path / "out"
    first = run_eventkit("invites", source, "-o", out, "--per-session", "--per-speaker", "--eml")
    assert first.returncode == 0, first.stderr
    assert read_ics(out / "speakers" / "sato.ics")[0] == "PUBLISH"
    (out / "speakers" / "someone-old.ics").write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")

    remove_sessions(source, "plenary-2", "plenary-3")  # the rapporteur's only sessions
    second = run_eventkit("invites", source, "-o", out, "--per-session", "--per-speaker", "--eml")
    assert second.returncode == 0, second.stderr

    # the speaker left with no session: a CANCEL addressed to them, SEQUENCE raised
    method, vevents = read_ics(out / "speakers" / "sato.ics")
    assert method == "CANCEL" and len(vevents) == 2
    for vevent in vevents:
        assert vevent["STATUS"] == "CANCELLED" and vevent["SEQUENCE"] == 1
        assert [
            str(a) for a in (vevent["ATTENDEE"] if isinstance(vevent["ATTENDEE"], list) else [vevent["ATTENDEE"]])
        ] == ["mailto:sato@example.org"]
    # a speaker who keeps other sessions: the removed one is cancelled inside their schedule
    method, vevents = read_ics(out / "speakers" / "rao.ics")
    status = {str(v["UID"]): str(v["STATUS"]) for v in vevents}
    assert method == "PUBLISH"
    assert status["three-day-forum.plenary-2@eventkit"] == "CANCELLED"
    assert status["three-day-forum.breakout-1-a@eventkit"] == "CONFIRMED"
    # cancellation e-mails: one per person and calendar entry (the session's file and Sato's own both cancel
    # plenary-2: one message), in the entry's own folder
    cancelled = out / "mail" / "sessions"
    assert sorted(p.name for p in cancelled.rglob("sato@example.org.eml")) == ["sato@example.org.eml"] * 2
    message = email.message_from_bytes(
        (cancelled / "plenary-2" / "sato@example.org.eml").read_bytes(), policy=email.policy.default
    )
    assert message["Subject"].startswith("Cancelled")
    assert "Plenary 2: Country Reports" in message.get_body(("plain",)).get_content()
    calendar = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    assert calendar.get_params()[1] == ("method", "CANCEL")
    assert len(list((cancelled / "plenary-2").iterdir())) == 5
    # a file eventkit did not write is left alone and named; the counts printed are what eventkit wrote
    assert (out / "speakers" / "someone-old.ics").exists()
    assert "left alone" in second.stderr and "someone-old.ics" in second.stderr
    for folder in ("sessions", "speakers", "mail"):
        on_disk = sum(1 for p in (out / folder).rglob("*") if p.is_file() and p.name != "someone-old.ics")
        assert f"{out / folder}/: {on_disk} files" in second.stdout

    # an unchanged rerun changes nothing
    before = {p: p.read_bytes() for p in out.rglob("*.ics")}
    third = run_eventkit("invites", source, "-o", out, "--per-session", "--per-speaker")
    assert third.returncode == 0 and {p: p.read_bytes() for p in out.rglob("*.ics")} == before


def test_speaker_who_leaves_a_running_session_gets_it_cancelled(tmp_path):
    source = tmp_path / FORUM.name
    shutil.copy(FORUM, source)
    out = tmp_path / "out"
    assert run_eventkit("invites", source, "-o", out, "--per-session", "--per-speaker").returncode == 0
    text = source.read_text(encoding="utf-8")
    source.write_text(
        text.replace(
            '\n[[agenda.participants]]\nrole = "panellist"\nperson = "park"\ntitle = "Urban freight"\n', "\n", 1
        ),
        encoding="utf-8",
    )
    assert run_eventkit("invites", source, "-o", out, "--per-session", "--per-speaker").returncode == 0
    _, vevents = read_ics(out / "speakers" / "park.ics")
    status = {str(v["UID"]): (str(v["STATUS"]), int(v["SEQUENCE"])) for v in vevents}
    assert status["three-day-forum.breakout-2-c@eventkit"] == ("CONFIRMED", 0)  # still in day 2's group 3
    state, sequence = status["three-day-forum.breakout-1-c@eventkit"]
    assert state == "CANCELLED" and sequence >= 1
    # the session itself runs on: its own invite is not cancelled
    method, [session] = read_ics(out / "sessions" / "breakout-1-c.ics")
    assert method == "REQUEST" and session["STATUS"] == "CONFIRMED"


def test_invites_name_every_organiser_and_excellency_salutation(tmp_path):
    source = tmp_path / FORUM.name
    shutil.copy(FORUM, source)
    out = tmp_path / "out"
    done = run_eventkit("invites", source, "-o", out, "--eml")
    assert done.returncode == 0, done.stderr
    # three days: the first day with a daily RRULE, and one VEVENT per later day (issue #13), each with the CONTACT
    _, [vevent, *later_days] = read_ics(out / "invite.ics")
    assert len(later_days) == 2 and all(str(v["CONTACT"]) == str(vevent["CONTACT"]) for v in later_days)
    assert str(vevent["ORGANIZER"]) == "mailto:uncrd@example.org"
    assert str(vevent["CONTACT"]) == "Ministry of Natural Resources and Environment, Thailand <mnre@example.org>"
    assert "Organised by: UNCRD <uncrd@example.org>; Ministry of Natural Resources and Environment, Thailand" in str(
        vevent["DESCRIPTION"]
    )
    message = email.message_from_bytes(
        (out / "mail" / "suwit@example.org.eml").read_bytes(), policy=email.policy.default
    )
    text = message.get_body(("plain",)).get_content()
    assert text.startswith("Excellency,\r\n")
    assert "<p>Excellency,</p>" in message.get_body(("html",)).get_content()
    # the speaker's own sessions, with role, date and time
    assert (
        "- Keynote speaker \u2014 Opening Session (\u201cTowards Environmentally Sustainable Transport\u201d) \u2014 "
        "Monday, 23 August 2010, 09:00 - 10:00 GMT+7 / 07:30 - 08:30 GMT+5:30 / 04:00 - 05:00 CEST"
    ) in text
    assert text.rstrip().endswith(
        "UNCRD \u00b7 Ministry of Natural Resources and Environment, Thailand"
    )  # signed by all
    other = email.message_from_bytes((out / "mail" / "rao@example.org.eml").read_bytes(), policy=email.policy.default)
    assert other.get_body(("plain",)).get_content().startswith("Dear Dr. Meera Rao,\r\n")


def test_salutation_is_configurable(tmp_path):
    source = tmp_path / FORUM.name
    source.write_text(
        FORUM.read_text(encoding="utf-8").replace(
            "[protocol]\n", '[protocol]\nsalutations = {"H.E." = "Your Excellency,", "Dr." = "Dear Doctor {name},"}\n'
        ),
        encoding="utf-8",
    )
    from eventkit.calendar.salutations import salutation

    event = load_event(source)
    assert salutation(event, event.people["suwit"], "") == "Your Excellency,"
    assert salutation(event, event.people["rao"], "") == "Dear Doctor Dr. Meera Rao,"
    assert salutation(event, event.people["silva"], "") == "Dear Ms. Ana Silva,"


# ------------------------------------------------------------------ eventkit new --end-date


def test_new_with_end_date_scaffolds_a_multi_day_event(tmp_path):
    path = tmp_path / "forum.toml"
    done = run_eventkit(
        "new",
        path,
        "--title",
        "Forum",
        "--kind",
        "conference",
        "--date",
        "2026-12-08",
        "--end-date",
        "2026-12-10",
        "--start",
        "09:00",
        "--end",
        "17:00",
        "--timezone",
        "Asia/Bangkok",
    )
    assert done.returncode == 0, done.stderr
    event = load_event(path)
    assert event.event.end_date.isoformat() == "2026-12-10"
    assert sorted({s.day.isoformat() for s in event.agenda}) == ["2026-12-08", "2026-12-09", "2026-12-10"]
    bad = run_eventkit(
        "new",
        tmp_path / "x.toml",
        "--date",
        "2026-12-08",
        "--end-date",
        "2026-12-01",
        "--title",
        "X",
        "--kind",
        "meeting",
        "--start",
        "09:00",
        "--end",
        "10:00",
        "--timezone",
        "UTC",
    )
    assert bad.returncode == 2 and "end date" in bad.stderr


def test_cancelled_session_reaches_its_speakers_and_stays_marked_in_the_agenda(tmp_path):
    source = tmp_path / FORUM.name
    shutil.copy(FORUM, source)
    out = tmp_path / "out"
    assert run_eventkit("invites", source, "-o", out, "--per-session", "--per-speaker").returncode == 0
    text = source.read_text(encoding="utf-8")
    for session in ("plenary-2", "plenary-3"):
        text = text.replace(f'id = "{session}"\n', f'id = "{session}"\nstatus = "cancelled"\n', 1)
    source.write_text(text, encoding="utf-8")
    done = run_eventkit("invites", source, "-o", out, "--per-session", "--per-speaker", "--eml")
    assert done.returncode == 0, done.stderr
    method, [vevent] = read_ics(out / "sessions" / "plenary-2.ics")
    assert method == "CANCEL" and vevent["STATUS"] == "CANCELLED" and vevent["SEQUENCE"] == 1
    method, vevents = read_ics(out / "speakers" / "sato.ics")  # only cancelled sessions left
    assert method == "CANCEL" and {str(v["STATUS"]) for v in vevents} == {"CANCELLED"}
    method, vevents = read_ics(out / "speakers" / "rao.ics")  # keeps the breakouts
    assert method == "PUBLISH" and "CANCELLED" in {str(v["STATUS"]) for v in vevents}
    assert (out / "mail" / "sessions" / "plenary-2" / "sato@example.org.eml").is_file()
    assert run_eventkit("agenda", source, "-o", out, "--format", "pdf").returncode == 0
    assert "Plenary 2: Country Reports (cancelled)" in flat(pdf_text(out / "agenda.pdf"))


def test_header_row_repeats_when_a_row_taller_than_a_page_starts_it(tmp_path):
    text = FORUM.read_text(encoding="utf-8")
    start = text.index('lead = "', text.index('id = "morning-1"'))
    end = text.index('"\n', start + 8)
    source = tmp_path / FORUM.name
    source.write_text(text[:start] + 'lead = "' + "A long lead about transport. " * 350 + text[end:], encoding="utf-8")
    done = run_eventkit("agenda", source, "-o", tmp_path, "--format", "pdf")
    assert done.returncode == 0, done.stderr
    pages = [p for p in pdf_text(tmp_path / "agenda.pdf", "-layout").split("\f") if p.strip()]
    assert len(pages) > 6
    for number, page in enumerate(pages, 1):
        assert re.search(r"Time\s+Session\s+Speakers", page), f"page {number} has no header row"


def test_speaker_email_gives_their_own_zone_where_known(tmp_path):
    source = tmp_path / FORUM.name
    shutil.copy(FORUM, source)
    out = tmp_path / "out"
    assert run_eventkit("invites", source, "-o", out, "--eml").returncode == 0
    message = email.message_from_bytes((out / "mail" / "rao@example.org.eml").read_bytes(), policy=email.policy.default)
    text = flat(message.get_body(("plain",)).get_content())
    # 09:00 in Bangkok on 24 August is 22:00 the day before in New York
    assert (
        "Plenary 2: Country Reports (\u201cBus rapid transit in Indian cities, part 2\u201d) \u2014 Tuesday, "
        "24 August 2010, 09:00 - 10:30 GMT+7 / 07:30 - 09:00 GMT+5:30 / 04:00 - 05:30 CEST "
        "(your time: 23 August 2010, 22:00 - 23:30 EDT)"
    ) in text


def test_a_time_on_another_date_than_its_day_carries_that_date(write_event, scaffold_text, tmp_path):
    # 14:00-17:00 in Tbilisi (GMT+4) on 10 December is 00:00-03:00 on 11 December at GMT+14
    path = write_event(scaffold_text.replace("display_timezones = []", 'display_timezones = ["Pacific/Kiritimati"]'))
    done = run_eventkit("agenda", path, "-o", tmp_path, "--format", "pdf")
    assert done.returncode == 0, done.stderr
    lines = [line.strip() for line in pdf_text(tmp_path / "agenda.pdf").splitlines()]
    assert lines.count("11 Dec") == 3 and "10 Dec" not in lines  # only the other zone's cells, each session
    assert "00:00 - 00:15" in lines and "14:00 - 14:15" in lines


def test_person_listed_twice_in_one_role_is_an_error(write_event, scaffold_text):
    extra = 'track = "b"\n' + ROLES + '\n[[agenda.participants]]\nrole = "panellist"\nperson = "pan1"\n'
    path = scaffold(write_event, scaffold_text, discussion='track = "a"', extra=extra)
    [error] = check_event(path).errors
    assert error.path == "agenda[4].participants[5]" and "listed twice as panellist" in error.message


def test_report_lead_names_the_chairs_of_a_session_with_roles(forum):
    text = flat(pdf_text(forum / "report.pdf"))
    assert "region's cities, chaired by Mr. Kazunobu Onogawa, Director, UNCRD" in text


def test_speaker_cancellations_read_right_in_icaljs_and_libical(tmp_path, icaljs, libical):
    source = tmp_path / FORUM.name
    shutil.copy(FORUM, source)
    out = tmp_path / "out"
    assert run_eventkit("invites", source, "-o", out, "--per-session", "--per-speaker").returncode == 0
    remove_sessions(source, "plenary-2", "plenary-3")
    assert run_eventkit("invites", source, "-o", out, "--per-session", "--per-speaker").returncode == 0
    read = icaljs(out / "speakers" / "sato.ics")
    assert [(r["method"], r["status"], r["sequence"], r["attendees"]) for r in read] == [
        ("CANCEL", "CANCELLED", 1, 1)
    ] * 2
    code, output, starts = libical(out / "speakers" / "sato.ics")
    assert code == 0, output  # RFC 5546's restrictions for CANCEL
    assert sorted(starts.values()) == ["20100824T020000Z", "20100825T020000Z"]
    mixed = {r["uid"]: r["status"] for r in icaljs(out / "speakers" / "rao.ics")}
    assert mixed["three-day-forum.plenary-2@eventkit"] == "CANCELLED"
    assert mixed["three-day-forum.breakout-1-a@eventkit"] == "CONFIRMED"
    assert libical(out / "speakers" / "rao.ics")[0] == 0


def test_dry_run_names_stale_files_and_other_folders_are_left_alone(tmp_path):
    source = tmp_path / FORUM.name
    shutil.copy(FORUM, source)
    out = tmp_path / "out"
    assert run_eventkit("invites", source, "-o", out, "--per-speaker", "--eml").returncode == 0
    stale = out / "speakers" / "gone.ics"  # not written by eventkit: never removed, named
    stale.write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    dry = run_eventkit("invites", source, "-o", out, "--per-speaker", "--dry-run")
    assert f"left alone (eventkit did not write it, or it was changed since): {stale}" in dry.stderr and stale.exists()
    # without --eml this run does not write mail/, so the e-mails of the earlier run stay
    done = run_eventkit("invites", source, "-o", out, "--per-speaker")
    assert done.returncode == 0 and stale.exists()
    assert len(list((out / "mail").glob("*.eml"))) == 10
