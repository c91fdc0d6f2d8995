"""The report resolved against the people and the agenda: sections with their blocks in meeting order, the lines
naming several speakers, and the minutes' officers, attendance, decisions, action items and annexes.

Computed once (cached properties of :class:`~eventkit.event.model.Event` call these, with the event as its
:class:`~eventkit.event.participation.Participation`), so templates only format.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .field_types import text_or_default
from .participation import Participation
from .parts import ResolvedSection, SpeakerAppearance
from .report_model import Action, Annex, Block, Decision

if TYPE_CHECKING:
    from .parts import Person, ReportSection

NAMES_LISTED_UP_TO = 20  # attendance: name the people present in the front block up to this many


def resolve_block(event: Participation, block: Block) -> SpeakerAppearance:
    if not block.person_ids:
        return SpeakerAppearance(None, block.text, content=block.content, grouping=block.grouping)
    people = tuple(event.people[pid] for pid in block.person_ids)
    report = event.report
    return SpeakerAppearance(
        people[0],
        block.notes,
        block.affiliation,
        people,
        separator=block.separator or report.co_presenters_separator,
        speakers_as=block.speakers_as or report.speakers_as or "heading",
    )


def resolve_section(event: Participation, section: ReportSection) -> ResolvedSection:
    session = event.session(section.session) if section.session else None
    heading = text_or_default(section.heading, session.title if session else "")
    lead = text_or_default(section.lead, event.moderated_lead(session) if session else "")
    speakers = tuple(resolve_block(event, b) for b in section.speakers)
    blocks = tuple(resolve_block(event, b) for b in section.blocks)
    notes = (SpeakerAppearance(None, section.notes),) if section.notes.strip() else ()
    status = section.status or (session.status if session and session.status == "deferred" else "")
    return ResolvedSection(
        heading,
        lead,
        section.notes,
        speakers,
        session,
        body=notes + speakers + blocks,
        status=status if status != "held" else "",
        id=section.id or section.session,
        level=min(max(section.level, 2), 4),
    )


# ---------------------------------------------------------------- minutes


@dataclass(frozen=True)
class ResolvedAction:
    number: int
    action: Action
    owner: str  # the owner's name (a person id resolved) or the free text as written


@dataclass(frozen=True)
class ResolvedDecision:
    number: str  # as printed: the record's own number, or its place in the list
    decision: Decision
    item: str  # the agenda item's title, or ""


@dataclass(frozen=True)
class AttendanceGroup:
    label: str
    people: list[Person]
    count: int


@dataclass(frozen=True)
class Minutes:
    officers: list[tuple[str, list[Person]]]  # (label key, people)
    present: list[Person]
    excused: list[Person]
    absent: list[Person]
    present_count: int
    excused_count: int
    list_names: bool
    decisions: list[ResolvedDecision]
    actions: list[ResolvedAction]
    categories: list[AttendanceGroup]
    quorum: str
    recorded: bool = False  # attendance was recorded (or written): the "Present:" line is shown from it


def resolve_minutes(event: Participation) -> Minutes:
    report = event.report
    officers = [(key, [event.people[pid] for pid in ids]) for key, ids in report.officers.roles()]
    att = report.attendance
    not_present = set(att.excused) | set(att.absent)
    if event.attendance_known:  # the one attendance record: what was recorded and written
        present_ids = tuple(pid for pid in event.people if pid in event.present)
    else:  # nobody counted: everyone who is not excused or absent
        present_ids = tuple(pid for pid in event.people if pid not in not_present and not event.people[pid].withdrawn)
    present = [event.people[pid] for pid in present_ids]
    excused = [event.people[pid] for pid in att.excused]
    absent = [event.people[pid] for pid in att.absent]
    present_count = att.present_count if att.present_count is not None else len(present)
    excused_count = att.excused_count if att.excused_count is not None else len(excused)
    list_names = att.list_names if att.list_names is not None else len(present) <= NAMES_LISTED_UP_TO
    from .report_directives import decision_numbers

    decisions = [
        ResolvedDecision(number, d, _item_title(event, d.session))
        for number, d in zip(decision_numbers(report.decisions), report.decisions, strict=True)
    ]
    actions = [
        ResolvedAction(n, a, event.people[a.owner].full_name if a.owner in event.people else a.owner)
        for n, a in enumerate(report.actions, 1)
    ]
    categories = [
        AttendanceGroup(
            c.label, [event.people[pid] for pid in c.people], c.count if c.count is not None else len(c.people)
        )
        for c in att.categories
    ]
    return Minutes(
        officers,
        present,
        excused,
        absent,
        present_count,
        excused_count,
        list_names,
        decisions,
        actions,
        categories,
        att.quorum,
        event.attendance_known,
    )


def _item_title(event: Participation, session_id: str) -> str:
    session = event.session(session_id) if session_id else None
    return session.title if session else ""


# ---------------------------------------------------------------- annexes and participants

# The label that names a generated annex when the event file gives it no title (in the document's language).
ANNEX_TITLE_LABELS = {"participants": "list_of_participants", "agenda": "agenda"}


@dataclass(frozen=True)
class ResolvedAnnex:
    number: str  # "1", "A", "I" as [report] annex_numbering says; "" for annexes without numbers
    title: str  # the event file's title; "" = the label below, or just "Annex N"
    title_label: str  # a label key naming the annex when it has no title of its own, or ""
    annex: Annex | None  # None: an annex named only (no content in the report)


def annex_number(n: int, numbering: str) -> str:
    """The ``n``th annex's number: 3, C, III, or "" (``numbering`` "none")."""
    if numbering == "letters":
        letters = ""
        while n:
            n, rest = divmod(n - 1, 26)
            letters = chr(ord("A") + rest) + letters
        return letters
    if numbering == "roman":
        out = ""
        for value, numeral in (
            (1000, "M"),
            (900, "CM"),
            (500, "D"),
            (400, "CD"),
            (100, "C"),
            (90, "XC"),
            (50, "L"),
            (40, "XL"),
            (10, "X"),
            (9, "IX"),
            (5, "V"),
            (4, "IV"),
            (1, "I"),
        ):
            count, n = divmod(n, value)
            out += numeral * count
        return out
    return "" if numbering == "none" else str(n)


def resolve_annexes(event: Participation) -> list[ResolvedAnnex]:
    resolved = []
    numbering = event.report.annex_numbering
    for n, annex in enumerate(event.report.annexes, 1):
        number = annex_number(n, numbering)
        if isinstance(annex, str):
            resolved.append(ResolvedAnnex(number, annex, "", None))
        else:
            resolved.append(ResolvedAnnex(number, annex.title, ANNEX_TITLE_LABELS.get(annex.content, ""), annex))
    return resolved
