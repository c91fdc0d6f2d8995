"""The report resolved against the people and the agenda: sections with their blocks in meeting order, the lines
naming several speakers, and the minutes' officers, attendance, decisions, action items and annexes.

Computed once (cached properties of :class:`~eventkit.event.model.Event` call these, with the event as its
:class:`~eventkit.event.participation.Participation`), so templates only format.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .field_types import text_or_default
from .parts import ResolvedSection, SpeakerAppearance
from .participation import Participation
from .report_model import Action, Annex, Block, Decision

if TYPE_CHECKING:
    from .parts import Person, ReportSection

NAMES_LISTED_UP_TO = 20   # attendance: name the people present in the front block up to this many


def resolve_block(event: Participation, block: Block) -> SpeakerAppearance:
    if not block.person_ids:
        return SpeakerAppearance(None, block.text, content=block.content, grouping=block.grouping)
    people = tuple(event.people[pid] for pid in block.person_ids)
    return SpeakerAppearance(people[0], block.notes, block.affiliation, people)


def resolve_section(event: Participation, section: ReportSection) -> ResolvedSection:
    session = event.session(section.session) if section.session else None
    heading = text_or_default(section.heading, session.title if session else "")
    lead = text_or_default(section.lead, event.moderated_lead(session) if session else "")
    speakers = tuple(resolve_block(event, b) for b in section.speakers)
    blocks = tuple(resolve_block(event, b) for b in section.blocks)
    notes = (SpeakerAppearance(None, section.notes),) if section.notes.strip() else ()
    return ResolvedSection(heading, lead, section.notes, speakers, session, body=notes + speakers + blocks,
                           status=section.status if section.status != "held" else "",
                           id=section.id or section.session)


# ---------------------------------------------------------------- minutes

@dataclass(frozen=True)
class ResolvedAction:
    number: int
    action: Action
    owner: str          # the owner's name (a person id resolved) or the free text as written


@dataclass(frozen=True)
class ResolvedDecision:
    number: int
    decision: Decision
    item: str           # the agenda item's title, or ""


@dataclass(frozen=True)
class Minutes:
    officers: list[tuple[str, list[Person]]]      # (label key, people)
    present: list[Person]
    excused: list[Person]
    absent: list[Person]
    present_count: int
    excused_count: int
    list_names: bool
    decisions: list[ResolvedDecision]
    actions: list[ResolvedAction]
    recorded: bool = False    # attendance was recorded (or written): the "Present:" line is shown from it


def resolve_minutes(event: Participation) -> Minutes:
    report = event.report
    officers = [(key, [event.people[pid] for pid in ids]) for key, ids in report.officers.roles()]
    att = report.attendance
    not_present = set(att.excused) | set(att.absent)
    if event.attendance_known:  # the one attendance record: what was recorded and written
        present_ids = tuple(pid for pid in event.people if pid in event.present)
    else:                       # nobody counted: everyone who is not excused or absent
        present_ids = tuple(pid for pid in event.people if pid not in not_present and not event.people[pid].withdrawn)
    present = [event.people[pid] for pid in present_ids]
    excused = [event.people[pid] for pid in att.excused]
    absent = [event.people[pid] for pid in att.absent]
    present_count = att.present_count if att.present_count is not None else len(present)
    excused_count = att.excused_count if att.excused_count is not None else len(excused)
    list_names = att.list_names if att.list_names is not None else len(present) <= NAMES_LISTED_UP_TO
    decisions = [ResolvedDecision(n, d, _item_title(event, d.session)) for n, d in enumerate(report.decisions, 1)]
    actions = [ResolvedAction(n, a, event.people[a.owner].full_name if a.owner in event.people else a.owner)
               for n, a in enumerate(report.actions, 1)]
    return Minutes(officers, present, excused, absent, present_count, excused_count, list_names, decisions, actions,
                   event.attendance_known)


def _item_title(event: Participation, session_id: str) -> str:
    session = event.session(session_id) if session_id else None
    return session.title if session else ""


# ---------------------------------------------------------------- annexes and participants

# The label that names a generated annex when the event file gives it no title (in the document's language).
ANNEX_TITLE_LABELS = {"participants": "list_of_participants", "agenda": "agenda"}


@dataclass(frozen=True)
class ResolvedAnnex:
    number: int
    title: str                # the event file's title; "" = the label below, or just "Annex N"
    title_label: str          # a label key naming the annex when it has no title of its own, or ""
    annex: Annex | None       # None: an annex named only (no content in the report)


def resolve_annexes(event: Participation) -> list[ResolvedAnnex]:
    resolved = []
    for n, annex in enumerate(event.report.annexes, 1):
        if isinstance(annex, str):
            resolved.append(ResolvedAnnex(n, annex, "", None))
        else:
            resolved.append(ResolvedAnnex(n, annex.title, ANNEX_TITLE_LABELS.get(annex.content, ""), annex))
    return resolved
