"""Property-based fuzzing of the whole pipeline (issue #12): whatever `check` accepts, every command handles.

Hypothesis generates random *valid* event files (any Unicode in the text fields, any IANA zone, days with a
daylight-saving change, multi-day events, 0-50 people, empty and huge notes, Markdown of every kind, parallel
tracks, roles in sessions, report blocks with co-presenters, minutes with officers, attendance, decisions and
action items, annexes with generated content, labels switched off) and
random *invalid* ones (mutations of valid ones).  Each runs through the real command line, in process:
`check`; for the valid ones `build --format html` and `invites --per-session --per-speaker --eml` (and, for
a few, `build --format docx,pdf`).  A run ends with exit 0, or exit 1 with one-line located problems —
never a traceback, never exit 2 or 3 — and every .ics reads back in icalendar and in ical.js.

Every command also keeps to its folders (#22): it writes nothing but under its -o folder and the documented
state files beside the event, deletes nothing it did not write (files of the user's own are planted in the
output folder first), and leaves the event file as it was (only `import` and `attendance` edit it). The inputs
eventkit reads besides the event file (CSV, XLSX, REPLY messages, mbox, state files) are fuzzed in
tests/test_fuzz_inputs.py with the same invariants.

An ordinary run (CI's) is derandomised and small (the same 25 examples each time); a longer, random run:

    EVENTKIT_FUZZ_EXAMPLES=2000 python -m pytest tests/test_fuzz.py
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import itertools
import os
import re
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import toml_string
from ical_readers import assert_well_folded, icalendar_events, make_icaljs_reader

EXAMPLES = int(os.environ.get("EVENTKIT_FUZZ_EXAMPLES", "25"))
# The ordinary run (and CI, whether or not its runner sets CI=true) is derandomised: the same 25 examples
# every time, so a red CI always means a change broke something. A developer's long run is random.
FIXED = os.environ.get("CI", "").lower() in ("true", "1") or "EVENTKIT_FUZZ_EXAMPLES" not in os.environ
settings.register_profile(
    "eventkit-fuzz",
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=FIXED,
    database=None if FIXED else settings.default.database,
    print_blob=True,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
        HealthCheck.function_scoped_fixture,
    ],
)
PROFILE = settings.get_profile("eventkit-fuzz")

ZONES = sorted(z for z in available_timezones() if "/" in z or z == "UTC")
LOCATED = re.compile(r"^(?P<file>.+?):(?:\d+:\d+:)? (?:warning: )?\S")
LANGUAGES = [
    "en",
    "fr",
    "es",
    "ru",
    "ar",
    "zh",
    "de",
    "pt",
    "ja",
    "en-GB",
    "fr-CH",
    "zh-Hans-CN",
    "es-419",
    "sr-Latn-RS",
    "ka",
]

# ------------------------------------------------------------------ text

# Anything a one-line field may hold: every character except the control characters, line and paragraph
# separators, surrogates and the two XML-invalid noncharacters.
ONE_LINE_CHARS = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\ufffe\uffff")
TRICKY = [
    '"',
    "\\",
    "\\N",
    "\\n",
    ";",
    ",",
    ":",
    "^",
    "^n",
    "^'",
    "END:VEVENT",
    "<b>x</b>",
    "&amp;",
    "{{ x }}",
    "{% if %}",
    "=?utf-8?q?x?=",
    "Bcc: x@example.org",
    "\u202e",
    "\u200b",
    "\ufeff",
    "\U0001f600",
    "e\u0301",
    "\u10e1\u10d0\u10e5\u10d0\u10e0\u10d7\u10d5\u10d4\u10da\u10dd",
    "\u0627\u0644\u0639\u0631\u0628\u064a\u0629",
    "\u65e5\u672c\u8a9e",
    "  ",
    "%s",
    "../",
    "*",
    "_",
    "`",
    "#",
]
ONE_LINE = st.lists(st.one_of(st.text(ONE_LINE_CHARS, max_size=12), st.sampled_from(TRICKY)), max_size=6).map("".join)
REQUIRED_LINE = ONE_LINE.filter(lambda s: s.strip())
# Names become invites' CN (no backslash) and e-mail display names, the title the Subject (no "=?").
NAME = REQUIRED_LINE.map(lambda s: s.replace("\\", "/").replace("=?", "= ?"))
TITLE = REQUIRED_LINE.map(lambda s: s.replace("=?", "= ?"))

MARKDOWN_BITS = [
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    "# Heading\n",
    "## Sub\n",
    "- item\n",
    "  - nested\n",
    "    - deeper\n",
    "1. one\n",
    "2) two\n",
    "> quote\n",
    "```\ncode\n```\n",
    "`code`",
    "*em*",
    "**strong**",
    "_u_",
    " [link](https://example.org/a?b=c&d)",
    " [bad](javascript:alert(1))",
    " [file](file:///etc/passwd)",
    "<https://example.org>",
    "<b>raw</b>",
    "<script>x</script>",
    "![img](http://127.0.0.1/x.png)",
    "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "^sup^",
    "++under++",
    "***\n",
    "---\n",
    "\\",
    "&nbsp;",
    "\u00a0",
    "[ref]\n\n[ref]: https://example.org\n",
    "<!-- c -->",
    "- [ ] task\n",
    "1. a\n   - b\n      1. c\n",
    "Adopted.[^1]\n\n[^1]: As *amended*, see https://example.org.\n",
    "[^x]",
    "[^n]: a note nobody cites\n",
    "7. seventh\n8. eighth\n",
    "![remote](https://example.org/x.png)",
    "write to a@example.org",
    "![The logo](logo.png)",
    "![](logo.png)",
    " [the theme](theme.css)",
    " [up](../../etc/passwd)",
]
# (the links start with a space: after a text ending in "!" they would be images, and an image outside the event's
# folder makes the event invalid)
MULTI_LINE_CHARS = st.characters(
    blacklist_categories=("Cs",), blacklist_characters="\ufffe\uffff", whitelist_characters="\n\r\t"
).filter(lambda c: c in "\n\r\t" or not (ord(c) < 32 or ord(c) == 127))
SMALL_MARKDOWN = st.lists(
    st.one_of(st.sampled_from(MARKDOWN_BITS), st.text(MULTI_LINE_CHARS, max_size=20)), max_size=12
).map("".join)
HUGE_MARKDOWN = st.sampled_from(["- point " * 4000, "word " * 30000, "- a\n" * 3000, "  - " * 2000, "*" * 20000])
# Most notes are short or empty; about one in forty is huge (an event has dozens of notes).
MARKDOWN = st.integers(0, 39).flatmap(lambda n: HUGE_MARKDOWN if n == 0 else st.just("") if n < 10 else SMALL_MARKDOWN)
SMALL_ONLY_MARKDOWN = st.one_of(st.just(""), SMALL_MARKDOWN)


def toml_bool(value: bool) -> str:
    return "true" if value else "false"


def toml_list(items) -> str:
    return "[" + ", ".join(toml_string(i) for i in items) + "]"


# ------------------------------------------------------------------ time: any zone, days with a DST change


def _clean_local(day: dt.date, minutes: int, zone: ZoneInfo) -> bool:
    """A wall time that exists once (not in a DST gap, not in a repeated hour)."""
    if minutes >= 24 * 60:
        return False
    local = dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60))
    first, second = local.replace(tzinfo=zone, fold=0), local.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        return False
    return first.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) == local


def _transition_days(zone: ZoneInfo, year: int) -> list[dt.date]:
    days, day = [], dt.date(year, 1, 1)
    previous = dt.datetime.combine(day, dt.time(12), zone).utcoffset()
    while day.year == year:
        day += dt.timedelta(days=1)
        offset = dt.datetime.combine(day, dt.time(12), zone).utcoffset()
        if offset != previous:
            days.append(day)
        previous = offset
    return days


@st.composite
def schedules(draw):
    zone_name = draw(st.sampled_from(ZONES))
    zone = ZoneInfo(zone_name)
    year = draw(st.integers(1975, 2037))
    transitions = _transition_days(zone, year)
    if transitions and draw(st.booleans()):
        day = draw(st.sampled_from(transitions))  # a day on which the clocks change
    else:
        day = draw(st.dates(dt.date(year, 1, 1), dt.date(year, 12, 28)))
    extra_days = draw(st.sampled_from([0, 0, 0, 1, 2]))
    days = [day + dt.timedelta(days=n) for n in range(extra_days + 1)]
    slots = [m for m in range(0, 24 * 60, 15) if all(_clean_local(d, m, zone) for d in days)]
    assume(len(slots) >= 2)
    start = draw(st.sampled_from(slots[:-1]))
    end = draw(st.sampled_from([m for m in slots if m > start]))
    return zone_name, days, start, end


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# ------------------------------------------------------------------ valid events

LOCAL_PART = st.from_regex(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,8}(\.[A-Za-z0-9_+-]{1,5}){0,2}", fullmatch=True)
DOMAIN = st.sampled_from(["example.org", "ex-ample.co.uk", "mail.example.int", "x1.example.com"])


@st.composite
def valid_events(draw, max_people: int = 50, huge_notes: bool = True) -> tuple[str, dict]:
    """TOML text of a valid event and what the invites must show (title, attendee names)."""
    markdown = MARKDOWN if huge_notes else SMALL_ONLY_MARKDOWN
    zone, days, start, end = draw(schedules())
    title = draw(TITLE)
    lines = [
        "[event]",
        f"id = {toml_string(draw(st.from_regex(r'[a-z0-9][a-z0-9_.-]{0,20}', fullmatch=True)))}",
        f"title = {toml_string(title)}",
        f"date = {days[0].isoformat()}",
        f'start = "{hhmm(start)}"',
        f'end = "{hhmm(end)}"',
        f"timezone = {toml_string(zone)}",
        f"kind = {toml_string(draw(st.sampled_from(['webinar', 'meeting', 'high-level event', 'workshop'])))}",
        f"report_style = {toml_string(draw(st.sampled_from(['summary-report', 'note-for-file', 'minutes'])))}",
        f"display_timezones = {toml_list(draw(st.lists(st.sampled_from(ZONES), max_size=3, unique=True)))}",
        f"language = {toml_string(draw(st.sampled_from(LANGUAGES)))}",
        f"status = {toml_string(draw(st.sampled_from(['confirmed', 'confirmed', 'tentative', 'cancelled'])))}",
        f"interpretation = {toml_list(draw(st.lists(REQUIRED_LINE, max_size=3)))}",
    ]
    if len(days) > 1:
        lines.append(f"end_date = {days[-1].isoformat()}")
    for key in ("subtitle", "venue", "platform"):
        if draw(st.booleans()):
            lines.append(f"{key} = {toml_string(draw(ONE_LINE))}")
    if draw(st.booleans()):
        lines.append(
            f"join_url = {toml_string(draw(st.sampled_from(['https://example.org/join/1?a=b&c=d', 'http://x.example.org/é'])))}"
        )

    organiser_email = f"{draw(LOCAL_PART)}@{draw(DOMAIN)}"
    lines += ["", "[[organisers]]", f"name = {toml_string(draw(NAME))}", f"email = {toml_string(organiser_email)}"]
    if draw(st.booleans()):
        lines.append(f"office = {toml_string(draw(NAME))}")
    if draw(st.booleans()):
        lines.append('logo = "logo.png"')  # every test folder has it (see write_event)

    lines += ["", "[concept]"] + [
        f"{key} = {toml_string(draw(markdown))}" for key in ("background", "objectives", "expected_outcomes", "format")
    ]

    count = draw(st.integers(0, max_people))
    ids = [f"p{n}" for n in range(count)]
    names, emails = {}, set()
    for pid in ids:
        name = draw(NAME)
        honorific = draw(st.sampled_from(["", "Ms.", "Mr.", "Dr.", "H.E."]))
        names[pid] = f"{honorific} {name}".strip()
        lines += ["", f"[people.{pid}]", f"name = {toml_string(name)}", f"honorific = {toml_string(honorific)}"]
        for key in ("title", "organisation", "country", "affiliation"):
            if draw(st.booleans()):
                lines.append(f"{key} = {toml_string(draw(ONE_LINE))}")
        if draw(st.integers(0, 4)):
            address = f"{draw(LOCAL_PART)}.{pid}@{draw(DOMAIN)}"
            emails.add(address)
            lines.append(f"email = {toml_string(address)}")
        if draw(st.booleans()):
            lines.append(f"bio = {toml_string(draw(markdown))}")

    free = list(ids)
    for _ in range(draw(st.integers(0, 3))):
        members = draw(st.lists(st.sampled_from(free), unique=True, max_size=8)) if free else []
        free = [p for p in free if p not in members]
        lines += [
            "",
            "[[delegations]]",
            f"name = {toml_string(draw(REQUIRED_LINE))}",
            f"members = {toml_list(members)}",
            f"role = {toml_string(draw(st.sampled_from(['delegate', 'observer', 'organiser'])))}",
        ]

    lines += ["", "[layout]", f"parallel = {toml_string(draw(st.sampled_from(['stacked', 'grid'])))}"]
    track_ids = [f"t{n}" for n in range(draw(st.integers(0, 2)))]
    for tid in track_ids:
        lines += [
            "",
            "[[tracks]]",
            f"id = {toml_string(tid)}",
            *([f"name = {toml_string(draw(REQUIRED_LINE))}"] if draw(st.booleans()) else []),
            f"room = {toml_string(draw(ONE_LINE))}",
        ]
    custom_role = draw(st.sampled_from(["", "respondent"]))
    if custom_role:
        lines += [
            "",
            f"[roles.{custom_role}]",
            f"label = {toml_string(draw(REQUIRED_LINE))}",
            f"chairs = {toml_bool(draw(st.booleans()))}",
        ]
    roles = ["chair", "co-chair", "moderator", "speaker", "panellist", "discussant", "rapporteur"] + (
        [custom_role] if custom_role else []
    )

    sessions = []
    for day in days:
        # sessions start and end at wall times that exist once on their day (not in a DST gap or repeated hour)
        clean = [m for m in range(start, end + 1) if _clean_local(day, m, ZoneInfo(zone))]
        cuts = sorted(set(draw(st.lists(st.sampled_from(clean), max_size=6, unique=True)) + [start, end]))
        spans = [(a, b) for a, b in itertools.pairwise(cuts) if b > a]
        for a, b in draw(st.lists(st.sampled_from(spans), unique=True, max_size=4)) if spans else []:
            sessions.append((day, a, b))
    sessions.sort()
    # agenda items without times (a meeting's numbered agenda): none, some (mixed with timed sessions) or all
    untimed = draw(st.sampled_from(["none", "none", "some", "all"]))
    # groups ([[groups]]): runs of up to three sessions one after another on one day, each under a heading
    group_of: dict[int, str] = {}
    n = 0
    while n < len(sessions):
        length = draw(st.integers(0, 3))
        run = [m for m in range(n, min(n + length, len(sessions))) if sessions[m][0] == sessions[n][0]]
        if run:
            gid = f"g{len(set(group_of.values()))}"
            group_of.update({m: gid for m in run})
            lines += [
                "",
                "[[groups]]",
                f"id = {toml_string(gid)}",
                f"title = {toml_string(draw(REQUIRED_LINE))}",
                f"parallel = {toml_bool(draw(st.booleans()))}",
                f"lead = {toml_string(draw(markdown))}",
                *([f"number = {toml_string(draw(ONE_LINE))}"] if draw(st.booleans()) else []),
            ]
            if ids and draw(st.booleans()):
                lines += [
                    "",
                    "[[groups.participants]]",
                    'role = "chair"',
                    f"person = {toml_string(draw(st.sampled_from(ids)))}",
                    f"label = {toml_string(draw(ONE_LINE))}",
                ]
        n += max(len(run), 1)
    session_ids = []
    for n, (day, a, b) in enumerate(sessions):
        sid = f"s{n}-{draw(st.from_regex(r'[a-z0-9_]{0,6}', fullmatch=True))}"
        session_ids.append(sid)
        speakers = draw(st.lists(st.sampled_from(ids), unique=True, max_size=5)) if ids else []
        moderators = draw(st.lists(st.sampled_from(ids), unique=True, max_size=2)) if ids else []
        timed = untimed == "none" or untimed == "some" and draw(st.booleans())
        lines += [
            "",
            "[[agenda]]",
            f"id = {toml_string(sid)}",
            f"title = {toml_string(draw(REQUIRED_LINE))}",
            *([f'start = "{hhmm(a)}"', f'end = "{hhmm(b)}"'] if timed else []),
            f"day = {day.isoformat()}",
            f"kind = {toml_string(draw(st.sampled_from(['opening', 'panel', 'break', 'closing', 'presentation'])))}",
            f"speakers = {toml_list(speakers)}",
            f"moderators = {toml_list(moderators)}",
            f"lead = {toml_string(draw(markdown))}",
        ]
        if track_ids and draw(st.booleans()):
            # one track for every session: sessions in the same track never overlap in what is drawn here
            lines.append(f"track = {toml_string(track_ids[0])}")
        if n in group_of:
            lines.append(f"group = {toml_string(group_of[n])}")
        if draw(st.booleans()):
            lines.append(f"number = {toml_string(draw(ONE_LINE))}")
        taken = set(speakers) | set(moderators)
        for i in range(draw(st.integers(0, 3))):
            role = draw(st.sampled_from(roles))
            lines += ["", "[[agenda.participants]]", f"role = {toml_string(role)}"]
            candidates = [p for p in ids if p not in taken]
            if candidates and draw(st.booleans()):
                people = draw(st.lists(st.sampled_from(candidates), unique=True, min_size=1, max_size=3))
                taken.update(people)
                lines.append(
                    f"person = {toml_string(people[0])}" if len(people) == 1 else f"people = {toml_list(people)}"
                )
            else:
                lines.append(f"name = {toml_string(draw(REQUIRED_LINE))}")
            for key in ("title", "affiliation", "label"):
                if draw(st.booleans()):
                    lines.append(f"{key} = {toml_string(draw(ONE_LINE))}")
            if i and draw(st.booleans()):
                lines.append("joint = true")

    annexes = [toml_string(a) for a in draw(st.lists(REQUIRED_LINE, max_size=2))]
    for _ in range(draw(st.integers(0, 2))):
        content = draw(st.sampled_from(["participants", "agenda", ""]))
        grouping = draw(st.sampled_from(["delegation", "flat", "list"]))
        annexes.append(
            f"{{ content = {toml_string(content)}, grouping = {toml_string(grouping)}, "
            f"title = {toml_string(draw(ONE_LINE))}, text = {toml_string(draw(SMALL_ONLY_MARKDOWN))} }}"
        )
    lines += ["", "[report]", f"closing = {toml_string(draw(markdown))}", f"annexes = [{', '.join(annexes)}]"]
    if draw(st.booleans()):
        lines.append("heading = " + draw(st.one_of(REQUIRED_LINE.map(toml_string), st.sampled_from(["false", '""']))))
    if draw(st.booleans()):
        lines += [f"symbol = {toml_string(draw(ONE_LINE))}", f"issued = {days[0].isoformat()}"]
    if ids and draw(st.booleans()):
        lines += [
            "",
            "[report.officers]",
            f"chair = {toml_string(draw(st.sampled_from(ids)))}",
            f"co_chairs = {toml_list(draw(st.lists(st.sampled_from(ids), unique=True, max_size=2)))}",
            f"secretariat = {toml_list(draw(st.lists(st.sampled_from(ids), unique=True, max_size=3)))}",
            f"rapporteur = {toml_list(draw(st.lists(st.sampled_from(ids), unique=True, max_size=1)))}",
        ]
    if ids and draw(st.booleans()):
        excused = draw(st.lists(st.sampled_from(ids), unique=True, max_size=3))
        absent = draw(st.lists(st.sampled_from([p for p in ids if p not in excused] or ids), unique=True, max_size=2))
        absent = [p for p in absent if p not in excused]
        present = draw(
            st.lists(st.sampled_from([p for p in ids if p not in excused + absent] or [""]), unique=True, max_size=5)
        )
        lines += [
            "",
            "[report.attendance]",
            f"excused = {toml_list(excused)}",
            f"absent = {toml_list(absent)}",
            f"present = {toml_list([p for p in present if p])}",
        ]
        if draw(st.booleans()):
            lines.append(f"present_count = {draw(st.integers(0, 500))}")
        if draw(st.booleans()):
            lines.append(f"list_names = {toml_bool(draw(st.booleans()))}")
    for _ in range(draw(st.integers(0, 4))):
        lines += ["", "[[report.sections]]"]
        if session_ids and draw(st.booleans()):
            lines.append(f"session = {toml_string(draw(st.sampled_from(session_ids)))}")
        else:
            lines.append(f"heading = {toml_string(draw(REQUIRED_LINE))}")
        lines += [
            f"notes = {toml_string(draw(markdown))}",
            f"lead = {draw(st.one_of(markdown.map(toml_string), st.just('false')))}",
            f"status = {toml_string(draw(st.sampled_from(['', 'held', 'deferred', 'withdrawn'])))}",
        ]
        if draw(st.booleans()):
            for pid in draw(st.lists(st.sampled_from(ids), max_size=3)) if ids else []:
                lines += [
                    "",
                    "[[report.sections.speakers]]",
                    f"person = {toml_string(pid)}",
                    f"notes = {toml_string(draw(markdown))}",
                ]
        else:  # blocks in meeting order: free text, one speaker, co-presenters, generated content
            for _ in range(draw(st.integers(0, 4))):
                kind = draw(st.sampled_from(["text", "person", "people", "content"]))
                lines += ["", "[[report.sections.blocks]]"]
                if kind == "text" or not ids and kind != "content":  # an empty block is an error
                    lines.append(f"text = {toml_string(draw(markdown.filter(str.strip)))}")
                elif kind == "content":
                    lines.append(f"content = {toml_string(draw(st.sampled_from(['participants', 'agenda'])))}")
                else:
                    people = draw(st.lists(st.sampled_from(ids), unique=True, min_size=1, max_size=3))
                    lines += [
                        f"person = {toml_list(people) if kind == 'people' else toml_string(people[0])}",
                        f"notes = {toml_string(draw(markdown))}",
                    ]
                    if draw(st.booleans()):
                        lines.append(f"affiliation = {toml_string(draw(ONE_LINE))}")
    for _ in range(draw(st.integers(0, 3))):
        lines += ["", "[[report.decisions]]", f"text = {toml_string(draw(REQUIRED_LINE))}"]
        if session_ids and draw(st.booleans()):
            lines.append(f"session = {toml_string(draw(st.sampled_from(session_ids)))}")
    for _ in range(draw(st.integers(0, 3))):
        owner = draw(st.one_of(st.sampled_from(ids or ["Secretariat"]), st.sampled_from(["", "Secretariat", "All"])))
        lines += [
            "",
            "[[report.actions]]",
            f"action = {toml_string(draw(REQUIRED_LINE))}",
            f"owner = {toml_string(owner)}",
            f"status = {toml_string(draw(ONE_LINE))}",
        ]
        if draw(st.booleans()):
            lines.append(f"due = {(days[-1] + dt.timedelta(days=draw(st.integers(0, 400)))).isoformat()}")
        if draw(st.booleans()):
            lines += [
                "",
                "[[report.actions.links]]",
                f"text = {toml_string(draw(REQUIRED_LINE))}",
                'url = "https://example.org/doc?a=1&b=2"',
            ]
    if draw(st.booleans()):
        lines += ["", "[labels]"] + [
            f"{key} = " + draw(st.one_of(st.just('""'), REQUIRED_LINE.map(toml_string)))
            for key in draw(
                st.lists(
                    st.sampled_from(
                        [
                            "moderated_by",
                            "summary_report_heading",
                            "useful_links",
                            "annexes",
                            "column_action",
                            "other_participants",
                        ]
                    ),
                    unique=True,
                    max_size=3,
                )
            )
        ]
    for _ in range(draw(st.integers(0, 3))):
        url = draw(st.sampled_from(["https://example.org/", "mailto:someone@example.org", "http://example.org/a(b)"]))
        lines += ["", "[[report.links]]", f"text = {toml_string(draw(REQUIRED_LINE))}", f"url = {toml_string(url)}"]
    return "\n".join(lines) + "\n", {"title": title, "names": names}


# ------------------------------------------------------------------ invalid events: mutations of valid ones

JUNK = [
    '"',
    "[[",
    "]",
    "{",
    "=",
    "\\",
    "\\u0000",
    "\x00",
    "\x07",
    "\r",
    "\u2028",
    "'''",
    '"""',
    "#",
    "\t",
    "[" * 1200 + "]" * 1200,
    "{a=" * 400 + "1" + "}" * 400,
    "x = 1",
    "[event]",
    "[people.x]",
    "2021-02-30",
    "25:61",
    "-inf",
    "nan",
    "0x1F",
    '\n"q\\u00e9\\n\\t" = 1\n',
    "\n'lit\\u' = 2\n",
    '\n[people."a\\r\\nb"]\n',
    '\n"\\U0001F600".x = 3\n',
]
WRONG_VALUES = [
    '""',
    '"   "',
    "42",
    "[]",
    "{}",
    "true",
    "2021-02-30",
    "1979-05-27T07:32:00Z",
    '"english!!"',
    '"Mars/Olympus"',
    '"a\\r\\nb"',
    '"a\\u0085b"',
    '"x@y"',
    '"javascript:alert(1)"',
    '"../../etc"',
    '"' + "x" * 2000 + '"',
    "[[1, 2], [3]]",
    '"25:61"',
    '"\\N"',
    '"a\\u2028b"',
]


@st.composite
def invalid_events(draw) -> str:
    text, _ = draw(valid_events())
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["value", "value", "junk", "delete", "duplicate", "truncate", "swap"]))
        n = draw(st.integers(0, len(lines) - 1))
        if kind == "value" and " = " in lines[n]:
            key = lines[n].split(" = ", 1)[0]
            lines[n] = f"{key} = {draw(st.sampled_from(WRONG_VALUES))}"
        elif kind == "junk":
            at = draw(st.integers(0, len(lines[n])))
            lines[n] = lines[n][:at] + draw(st.sampled_from(JUNK)) + lines[n][at:]
        elif kind == "delete":
            del lines[n]
        elif kind == "duplicate":
            lines.insert(n, lines[n])
        elif kind == "truncate":
            lines = lines[: n + 1]
            lines[n] = lines[n][: draw(st.integers(0, len(lines[n])))]
        elif kind == "swap" and len(lines) > 1:
            m = draw(st.integers(0, len(lines) - 1))
            lines[n], lines[m] = lines[m], lines[n]
        if not lines:
            lines = [""]
    return "\n".join(lines)


# ------------------------------------------------------------------ folders: what a command may write and delete

# The state files eventkit keeps beside an event (<stem>.<kind>.json, see eventkit.event.state_files): what was
# issued, the replies, the import's and attendance's records, what was sent and read from a mailbox.
STATE_FILES = tuple(f"{kind}.json" for kind in ("invites", "replies", "imported", "attendance", "sent", "imap"))
USER_FILES = {
    "mail/2020/letter.eml": b"From: me\r\n\r\na letter of the user's own\r\n",
    "sessions/mine.ics": b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
    "notes.txt": b"the user's notes",
    "speakers/old-draft.ics": b"not eventkit's",
}
LOGO = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000040000000308020000003b96399100000014494441"
    "54789c633c2127c700034c0c480085030026da010a40003b0f0000000049454e44ae426082"
)  # 4 x 3 pixels


def write_event(folder: Path, text: str | bytes) -> Path:
    """The event file in ``folder``, with the logo its Markdown and organisers may draw."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "logo.png").write_bytes(LOGO)
    path = folder / "event.toml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
    return path


def plant_user_files(out: Path) -> None:
    for name, data in USER_FILES.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)


def folder_state(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (relative path -> bytes); symbolic links by their target."""
    state = {}
    for path in root.rglob("*"):
        relative = path.relative_to(root).as_posix()
        if path.is_symlink():
            state[relative] = b"-> " + os.fsencode(os.readlink(path))
        elif path.is_file():
            state[relative] = path.read_bytes()
    return state


def assert_kept_to_its_folders(
    before: dict[str, bytes], after: dict[str, bytes], event: Path, outputs: tuple[str, ...], edits_event: bool = False
) -> None:
    """Nothing written outside the output folders ``outputs`` (relative to the event's folder) but the documented
    state files beside the event; nothing deleted there that eventkit did not write (the planted user files, the
    inputs); the event file unchanged unless the command edits it; no temporary left anywhere."""
    state_files = {f"{event.stem}.{suffix}" for suffix in STATE_FILES}
    for name in set(before) | set(after):
        if before.get(name) == after.get(name):
            continue
        inside = any(name == o or name.startswith(o + "/") for o in outputs)
        if name == event.name:
            assert edits_event and name in after, f"the event file was {'changed' if name in after else 'deleted'}"
        elif name not in after:
            assert inside and not any(name == f"{o}/{u}" for o in outputs for u in USER_FILES), f"deleted: {name}"
        else:
            assert inside or name in state_files, f"written outside the output folder: {name}"
    leftovers = [n for n in after if ".eventkit-staging-" in n or n.endswith(".tmp") or n.startswith(f".{event.name}.")]
    assert not leftovers, leftovers


# ------------------------------------------------------------------ running the real command line


@pytest.fixture(scope="module")
def icaljs(tmp_path_factory):
    return make_icaljs_reader(tmp_path_factory.mktemp("icaljs-fuzz"))  # None: only icalendar reads them


def run(*args) -> tuple[int, str]:
    """The CLI in process: (exit code, stderr). Any exception other than a clean exit is a bug."""
    from eventkit.cli import main

    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"eventkit {' '.join(map(str, args))} raised {result.exception!r}") from result.exception
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    return result.exit_code, result.stderr


def assert_clean_failure(code: int, stderr: str, path: Path) -> None:
    """Exit 0, or exit 1 whose every message line names the file (located when it is about the file's content)."""
    assert code in (0, 1), (code, stderr)
    if code == 1:
        problems = [line for line in stderr.splitlines() if line.strip()]
        assert problems, "exit 1 without saying why"
        for line in problems:
            assert line.startswith((str(path), f"eventkit: {path}")), line


def read_back(out: Path, expected: dict, icaljs) -> None:
    """Every .ics parses in icalendar and ical.js, is folded well and shows the title and names unchanged;
    every .eml parses, its headers are 7-bit and its To is the attendee."""
    calendars = sorted(p for p in out.rglob("*.ics") if p.relative_to(out).as_posix() not in USER_FILES)
    assert calendars and (out / "invite.ics") in calendars
    for path in calendars:
        data = path.read_bytes()
        assert_well_folded(data)
        for vevent in icalendar_events(path):
            for attendee in (
                vevent.get("ATTENDEE", [])
                if isinstance(vevent.get("ATTENDEE"), list)
                else [vevent["ATTENDEE"]]
                if "ATTENDEE" in vevent
                else []
            ):
                assert attendee.params["CN"] in {" ".join(n.split()) for n in expected["names"].values()}
    whole = icalendar_events(out / "invite.ics")  # one invitation; a multi-day event has a VEVENT per day
    assert len({str(e["UID"]) for e in whole}) == 1 and all(str(e["SUMMARY"]) == expected["title"] for e in whole)
    if icaljs:
        read = icaljs(calendars)
        assert len(read) == sum(len(icalendar_events(p)) for p in calendars)
        first = [e for e in read if e["path"] == str(out / "invite.ics")]
        assert first and all(e["summary"] == expected["title"] for e in first)
    for path in sorted((out / "mail").glob("*.eml")) if (out / "mail").is_dir() else []:
        raw = path.read_bytes()
        raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert message["To"].addresses and message["Subject"]
        assert not message.defects


def run_kept(
    folder: Path, event: Path, *args, outputs: tuple[str, ...] = ("out",), edits_event: bool = False
) -> tuple[int, str]:
    """``run(*args)``, checking that the command kept to its folders (see assert_kept_to_its_folders)."""
    before = folder_state(folder)
    code, stderr = run(*args)
    assert_kept_to_its_folders(before, folder_state(folder), event, outputs, edits_event)
    return code, stderr


@settings(PROFILE)
@given(case=valid_events())
def test_valid_events_run_through_every_command(case, tmp_path_factory, icaljs):
    text, expected = case
    folder = tmp_path_factory.mktemp("valid")
    path = write_event(folder, text)
    code, stderr = run_kept(folder, path, "check", path)
    assert code == 0, stderr  # what the generator makes is valid in today's model
    plant_user_files(folder / "out")
    code, stderr = run_kept(folder, path, "build", path, "--format", "html", "-o", folder / "out")
    assert code == 0, stderr
    assert sorted(p.name for p in (folder / "out").glob("*.html")) == [
        "agenda.html",
        "concept-note.html",
        "participants.html",
        "report.html",
        "speakers.html",
    ]
    code, stderr = run_kept(
        folder, path, "invites", path, "--per-session", "--per-speaker", "--eml", "-o", folder / "out"
    )
    assert code == 0, stderr
    read_back(folder / "out", expected, icaljs)
    code, stderr = run_kept(
        folder, path, "invites", path, "--cancel", "--per-session", "-o", folder / "cancelled", outputs=("cancelled",)
    )
    assert code == 0, stderr
    for name, data in USER_FILES.items():
        assert (folder / "out" / name).read_bytes() == data


@settings(PROFILE)
@given(text=invalid_events())
def test_invalid_events_get_located_errors(text, tmp_path_factory):
    folder = tmp_path_factory.mktemp("invalid")
    path = write_event(folder, text)
    code, stderr = run_kept(folder, path, "check", path)
    assert_clean_failure(code, stderr, path)
    if code == 0:  # a harmless mutation: everything else must work too
        assert_clean_failure(*run_kept(folder, path, "build", path, "--format", "html", "-o", folder / "out"), path)
        assert_clean_failure(
            *run_kept(folder, path, "invites", path, "--per-session", "--per-speaker", "--eml", "-o", folder / "out"),
            path,
        )
    else:
        assert run_kept(folder, path, "build", path, "--format", "html", "-o", folder / "out")[0] == 1
        assert not (folder / "out").exists()


@settings(PROFILE, max_examples=max(2, EXAMPLES // 10))
@given(case=valid_events(max_people=6, huge_notes=False))
def test_valid_events_build_docx_and_pdf(case, tmp_path_factory):
    """The slow formats for a small sample: every character must survive Word's XML and WeasyPrint."""
    text, _ = case
    folder = tmp_path_factory.mktemp("docx-pdf")
    path = write_event(folder, text)
    code, stderr = run_kept(folder, path, "report", path, "--format", "docx,pdf", "-o", folder / "out")
    assert code == 0, stderr
    code, stderr = run_kept(folder, path, "participants", path, "--format", "docx,pdf", "-o", folder / "out")
    assert code == 0, stderr
    from docx import Document

    assert Document(str(folder / "out" / "report.docx")).paragraphs
    assert (folder / "out" / "participants.pdf").read_bytes().startswith(b"%PDF-")
