"""The report's richer parts: speaker and text blocks in meeting order, minutes (officers, attendance, decisions,
action items) and annexes with content.  Plain frozen dataclasses like :mod:`eventkit.event.model`, validated by
the same loader from their annotations; :mod:`eventkit.event.report_body` resolves them against the people.
"""

from __future__ import annotations

import datetime as dt
import typing
from dataclasses import dataclass
from typing import Literal

from .model_fields import doc

SectionStatus = Literal["", "held", "deferred", "withdrawn"]
SECTION_STATUSES: tuple[SectionStatus, ...] = typing.get_args(SectionStatus)
SpeakerPlace = Literal["", "heading", "lead"]
SPEAKER_PLACES: tuple[SpeakerPlace, ...] = typing.get_args(SpeakerPlace)
AnnexNumbering = Literal["numbers", "letters", "roman", "none"]
ANNEX_NUMBERINGS: tuple[AnnexNumbering, ...] = typing.get_args(AnnexNumbering)
ACTION_STATUSES_HINT = "open, in progress, done ... (free text)"
AnnexContent = Literal["", "participants", "agenda"]
ANNEX_CONTENTS: tuple[AnnexContent, ...] = typing.get_args(AnnexContent)
ParticipantGrouping = Literal["delegation", "flat", "list"]
PARTICIPANT_GROUPINGS: tuple[ParticipantGrouping, ...] = typing.get_args(ParticipantGrouping)


def as_ids(value: str | tuple[str, ...]) -> tuple[str, ...]:
    """``person = "a"`` or ``person = ["a", "b"]`` as a tuple of ids (none for "")."""
    return (value,) if isinstance(value, str) and value else tuple(value or ())


@dataclass(frozen=True)
class Block:
    """One block of a report section: free Markdown (``text``), or what one or several speakers said."""

    text: str = doc(
        "Free Markdown at this point of the section (a paragraph, bullets, a table)",
        default="",
        multiline=True,
        translatable=True,
    )
    person: str | tuple[str, ...] = doc('Id of the speaker, or ids of co-presenters: person = ["a", "b"]', default="")
    people: tuple[str, ...] = doc("Ids of co-presenters (the same as a list in person)", default=())
    notes: str = doc(
        "What the speaker(s) said (Markdown; nested bullets keep their nesting)",
        default="",
        multiline=True,
        translatable=True,
    )
    affiliation: str = doc(
        "How the speaker(s) were introduced here, printed after all the names, e.g. 'Organisation X'",
        default="",
        translatable=True,
    )
    content: AnnexContent = doc("Generated here from the event: 'participants' or 'agenda'", default="")
    grouping: ParticipantGrouping = doc(
        "Participants: 'delegation', 'flat' (one table) or 'list' (numbered, one line each)", default="delegation"
    )
    separator: str = doc(
        'Between co-presenters with different affiliations, e.g. "; "; default: [report] co_presenters_separator',
        default="",
    )
    speakers_as: SpeakerPlace = doc(
        "'heading' (the speakers' line is a heading) or 'lead' (a bold line opening the notes); default: [report] speakers_as",
        default="",
    )

    @property
    def person_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*as_ids(self.person), *self.people)))


@dataclass(frozen=True)
class Officers:
    chair: str | tuple[str, ...] = doc("Id(s) of the chair", default=())
    co_chairs: tuple[str, ...] = doc("Ids of the co-chairs", default=())
    vice_chairs: tuple[str, ...] = doc("Ids of the vice-chairs", default=())
    secretariat: tuple[str, ...] = doc("Ids of the secretariat's members", default=())
    rapporteur: str | tuple[str, ...] = doc("Id(s) of the rapporteur", default=())
    minute_takers: tuple[str, ...] = doc("Ids of those who took the minutes (scribe, note-taker)", default=())
    labels_from_titles: bool = doc(
        "Label each officer by their own title in [people] ('Co-Chair: ...') instead of the office's label",
        default=False,
    )

    def roles(self) -> list[tuple[str, tuple[str, ...]]]:
        """(label key, person ids) for each office that is filled, in protocol order; the key is singular for
        one person ("chair", "co_chair") and plural for several ("chairs", "co_chairs")."""
        offices = [
            ("chair", "chairs", as_ids(self.chair)),
            ("co_chair", "co_chairs", self.co_chairs),
            ("vice_chair", "vice_chairs", self.vice_chairs),
            ("rapporteur", "rapporteurs", as_ids(self.rapporteur)),
            ("secretariat", "secretariat", self.secretariat),
            ("minute_takers", "minute_takers", self.minute_takers),
        ]
        return [(one if len(ids) == 1 else several, ids) for one, several, ids in offices if ids]


@dataclass(frozen=True)
class AttendanceCategory:
    label: str = doc("How the record names the group, e.g. 'Members present', 'Non-voting attendees', 'Excused'")
    people: tuple[str, ...] = doc("Ids of its people", default=())
    count: int | None = doc("How many, when not all are named", default=None)


@dataclass(frozen=True)
class Attendance:
    present: tuple[str, ...] = doc(
        "Ids of the people present; default: everyone in [people] who is not excused or absent", default=()
    )
    excused: tuple[str, ...] = doc("Ids of the people who sent apologies", default=())
    absent: tuple[str, ...] = doc("Ids of the people absent without apologies", default=())
    present_count: int | None = doc("Number present, when more attended than are named (e.g. 144)", default=None)
    excused_count: int | None = doc("Number excused, when not all are named", default=None)
    list_names: bool | None = doc(
        "Name the people present in the front block; default: when there are 20 or fewer", default=None
    )
    categories: tuple[AttendanceCategory, ...] = doc(
        "Further groups of attendance ([[report.attendance.categories]]: label, people, count), e.g. non-voting attendees",
        default=(),
    )
    quorum: str = doc(
        "The quorum line as the record writes it, e.g. 'The quorum was present (7 of 9 members).'",
        default="",
        multiline=True,
    )


@dataclass(frozen=True)
class Decision:
    text: str = doc("The decision (Markdown)", multiline=True, translatable=True)
    session: str = doc("Id of the agenda item it was taken under", default="")
    number: int | str = doc(
        'The record\'s own number, printed as written (5, "[5]", "2021/3"); default: 1, 2, 3 in order', default=""
    )
    votes_for: int | None = doc("Votes in favour", default=None)
    votes_against: int | None = doc("Votes against", default=None)
    abstentions: int | None = doc("Abstentions", default=None)
    unanimous: bool = doc("Adopted unanimously (instead of the counts)", default=False)
    result: str = doc("The outcome as the record says it, e.g. 'Adopted', 'Rejected'", default="")

    @property
    def has_vote(self) -> bool:
        return self.unanimous or any(v is not None for v in (self.votes_for, self.votes_against, self.abstentions))


@dataclass(frozen=True)
class Link:
    """A link: "Useful links" at the end of the report, or a document related to an action item."""

    text: str = doc("Link text", translatable=True)
    url: str = doc("Address (http, https or mailto)")


@dataclass(frozen=True)
class Action:
    action: str = doc("What is to be done (Markdown)", multiline=True, translatable=True)
    owner: str = doc("Who does it: a person id, or free text such as 'Secretariat'", default="", translatable=True)
    due: dt.date | None = doc("Due date, a TOML date: 2021-06-30", default=None)
    status: str = doc("Status: " + ACTION_STATUSES_HINT, default="", translatable=True)
    links: tuple[Link, ...] = doc("Related documents ([[report.actions.links]]: text and url)", default=())


@dataclass(frozen=True)
class Annex:
    id: str = doc("Identifier of the annex (the notes file's '## id' line adds text to it)", default="")
    title: str = doc(
        "Title of the annex; default from its content ('List of participants', 'Agenda')", default="", translatable=True
    )
    text: str = doc("The annex's text (Markdown, tables included)", default="", multiline=True, translatable=True)
    content: AnnexContent = doc("A generated annex: 'participants' or 'agenda'", default="")
    grouping: ParticipantGrouping = doc(
        "Participants: 'delegation' (grouped, the default), 'flat' (one table) or 'list' (numbered, one line each)",
        default="delegation",
    )
