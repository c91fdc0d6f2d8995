"""Checks of the report's richer parts (blocks, co-presenters, officers, attendance, decisions, action items,
annexes) and its warnings: a speaker who is not on the session's agenda, Markdown that would print as raw syntax.

Called by :mod:`eventkit.event.load`, whose reader records the located problems.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .parts import Person, Report
from .positions import KeyPath
from .report_model import Attendance, Block, as_ids
from .reporting import PersonCheck, ProblemReport, Warn

if TYPE_CHECKING:
    from .model import Event


def _person_paths(block: Block, path: KeyPath) -> list[tuple[str, KeyPath]]:
    """(person id, its field path) for each person a block names."""
    out: list[tuple[str, KeyPath]] = []
    if isinstance(block.person, str):
        if block.person:
            out.append((block.person, path + ("person",)))
    else:
        out += [(pid, path + ("person", j)) for j, pid in enumerate(block.person)]
    out += [(pid, path + ("people", j)) for j, pid in enumerate(block.people)]
    return out


def check_report_references(
    report: Report | None,
    people: dict[str, Person],
    sessions: list[str],
    reader: ProblemReport,
    check_person: PersonCheck,
) -> None:
    """Every id the report names exists; blocks are text or speakers; section ids are unique."""
    if report is None:
        return
    section_ids: dict[str, int] = {}
    for n, section in enumerate(report.sections):
        path: KeyPath = ("report", "sections", n)
        sid = section.id or section.session
        if section.id and sid in section_ids:
            reader.report(
                path + ("id",), f"duplicate section id '{sid}' (also report.sections[{section_ids[sid] + 1}])"
            )
        if sid:
            section_ids.setdefault(sid, n)
        if not 2 <= section.level <= 4:
            reader.report(
                path + ("level",),
                f"level {section.level} is not a heading level of a section",
                "write 2 (a section), 3 or 4 (a sub-section)",
            )
        for field in ("speakers", "blocks"):
            for i, block in enumerate(getattr(section, field)):
                bpath = path + (field, i)
                named = _person_paths(block, bpath)
                if field == "speakers" and not named:
                    reader.report(bpath, 'a speaker block needs person = "<id>" (or people = [...])', at_key=True)
                if field == "speakers" and (block.text or block.content):
                    reader.report(
                        bpath + ("text" if block.text else "content",),
                        "free text and generated content go in [[report.sections.blocks]]",
                        at_key=True,
                    )
                kinds = bool(named) + bool(block.text.strip()) + bool(block.content)
                if field == "blocks" and kinds != 1:
                    reader.report(
                        bpath,
                        'a block is one of: text = "...", a speaker (person = ... with notes), or '
                        'content = "participants"'
                        if kinds
                        else "an empty block",
                        "give text, person/people with notes, or content",
                        at_key=True,
                    )
                for pid, ppath in named:
                    check_person(pid, ppath)
    officers = report.officers
    for field in ("chair", "co_chairs", "vice_chairs", "secretariat", "rapporteur", "minute_takers"):
        value = getattr(officers, field)
        for j, pid in enumerate(as_ids(value)):
            check_person(pid, ("report", "officers", field) + (() if isinstance(value, str) else (j,)))
    for field in ("present", "excused", "absent"):
        for j, pid in enumerate(getattr(report.attendance, field)):
            check_person(pid, ("report", "attendance", field, j))
    for c, category in enumerate(report.attendance.categories):
        for j, pid in enumerate(category.people):
            check_person(pid, ("report", "attendance", "categories", c, "people", j))
    from .report_directives import decision_numbers

    numbers: dict[str, int] = {}
    for n, number in enumerate(decision_numbers(report.decisions)):
        if number in numbers:
            reader.report(
                ("report", "decisions", n, "number"),
                f"decision number '{number}' is used twice (also report.decisions[{numbers[number] + 1}])",
            )
        numbers.setdefault(number, n)
    annex_ids: dict[str, int] = {}
    for n, annex in enumerate(report.annexes):
        if isinstance(annex, str) or not annex.id:
            continue
        if annex.id in annex_ids or annex.id in section_ids:
            reader.report(("report", "annexes", n, "id"), f"the id '{annex.id}' is already a section's or an annex's")
        annex_ids.setdefault(annex.id, n)
    for n, decision in enumerate(report.decisions):
        if decision.session and decision.session not in sessions and decision.session not in reader.dropped:
            reader.report(("report", "decisions", n, "session"), f"no session '{decision.session}' in the agenda")


def warn_report(event: Event, warn: Warn) -> None:
    """Warnings: speakers who are not on their session's agenda; action owners that look like a mistyped id."""
    for n, section in enumerate(event.report.sections):
        session = event.session(section.session) if section.session else None
        if session is None:
            continue
        for field in ("speakers", "blocks"):
            for i, block in enumerate(getattr(section, field)):
                for pid, ppath in _person_paths(block, ("report", "sections", n, field, i)):
                    if pid not in event.people_of(session):
                        warn(ppath, f"'{pid}' is not a speaker of session '{session.id}' in the agenda")
    report = event.report
    if event.event.report_style != "minutes":
        placed = event.report_placements.placed
        masthead = (
            "symbol",
            "issued_by",
            "issued",
            "distribution",
            "original_language",
            "source",
            "working_groups",
            "contacts",
        )
        for name, value, block in (
            ("officers", report.officers.roles(), "officers"),
            ("attendance", report.attendance != Attendance(), "attendance"),
            *((field, getattr(report, field), "masthead") for field in masthead),
        ):
            if value and not placed(block):
                warn(
                    ("report", name),
                    f"report.{name} is printed only in minutes",
                    f'set report_style = "minutes" in [event], or place it with ::: {block}',
                )
    import difflib

    for n, action in enumerate(event.report.actions):
        owner = action.owner
        if owner and owner not in event.people and " " not in owner and owner.islower():
            close = difflib.get_close_matches(owner, list(event.people), n=1, cutoff=0.75)
            if close:
                warn(
                    ("report", "actions", n, "owner"),
                    f"owner '{owner}' is no person id and is printed as written",
                    f"did you mean '{close[0]}'?",
                )
