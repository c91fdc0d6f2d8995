"""The report's richer parts: speaker and text blocks in meeting order, minutes (officers, attendance, decisions,
action items) and annexes with content.  Plain frozen dataclasses like :mod:`eventkit.event.model`, validated by
the same loader from their annotations; :mod:`eventkit.event.report_body` resolves them against the people.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from .model_fields import doc

SECTION_STATUSES = ("", "held", "deferred", "withdrawn")
ACTION_STATUSES_HINT = "open, in progress, done ... (free text)"
ANNEX_CONTENTS = ("", "participants", "agenda")
PARTICIPANT_GROUPINGS = ("delegation", "flat", "list")


@dataclass(frozen=True)
class Block:
    """One block of a report section: free Markdown (``text``), or what one or several speakers said."""
    text: str = doc("Free Markdown at this point of the section (a paragraph, bullets, a table)", default="", multiline=True, translatable=True)
    person: str | tuple[str, ...] = doc("Id of the speaker, or ids of co-presenters: person = [\"a\", \"b\"]", default="")
    people: tuple[str, ...] = doc("Ids of co-presenters (the same as a list in person)", default=())
    notes: str = doc("What the speaker(s) said (Markdown; nested bullets keep their nesting)", default="", multiline=True, translatable=True)
    affiliation: str = doc("How the speaker(s) were introduced here, printed after all the names, e.g. 'Organisation X'", default="", translatable=True)
    content: Literal[ANNEX_CONTENTS] = doc("Generated here from the event: 'participants' or 'agenda'", default="")
    grouping: Literal[PARTICIPANT_GROUPINGS] = doc("Participants: 'delegation', 'flat' (one table) or 'list' (numbered, one line each)", default="delegation")

    @property
    def person_ids(self) -> tuple[str, ...]:
        first = (self.person,) if isinstance(self.person, str) and self.person else tuple(self.person or ())
        return tuple(dict.fromkeys((*first, *self.people)))


@dataclass(frozen=True)
class Officers:
    chair: str | tuple[str, ...] = doc("Id(s) of the chair", default=())
    co_chairs: tuple[str, ...] = doc("Ids of the co-chairs", default=())
    vice_chairs: tuple[str, ...] = doc("Ids of the vice-chairs", default=())
    secretariat: tuple[str, ...] = doc("Ids of the secretariat's members", default=())
    rapporteur: str | tuple[str, ...] = doc("Id(s) of the rapporteur", default=())
    minute_takers: tuple[str, ...] = doc("Ids of those who took the minutes (scribe, note-taker)", default=())

    def roles(self) -> list[tuple[str, tuple[str, ...]]]:
        """(label key, person ids) for each office that is filled, in protocol order; the key is singular for
        one person ("chair", "co_chair") and plural for several ("chairs", "co_chairs")."""
        as_ids = lambda v: (v,) if isinstance(v, str) and v else tuple(v or ())  # noqa: E731
        offices = [("chair", "chairs", as_ids(self.chair)), ("co_chair", "co_chairs", self.co_chairs),
                   ("vice_chair", "vice_chairs", self.vice_chairs),
                   ("rapporteur", "rapporteurs", as_ids(self.rapporteur)),
                   ("secretariat", "secretariat", self.secretariat),
                   ("minute_takers", "minute_takers", self.minute_takers)]
        return [(one if len(ids) == 1 else several, ids) for one, several, ids in offices if ids]


@dataclass(frozen=True)
class Attendance:
    present: tuple[str, ...] = doc("Ids of the people present; default: everyone in [people] who is not excused or absent", default=())
    excused: tuple[str, ...] = doc("Ids of the people who sent apologies", default=())
    absent: tuple[str, ...] = doc("Ids of the people absent without apologies", default=())
    present_count: int | None = doc("Number present, when more attended than are named (e.g. 144)", default=None)
    excused_count: int | None = doc("Number excused, when not all are named", default=None)
    list_names: bool | None = doc("Name the people present in the front block; default: when there are 20 or fewer", default=None)


@dataclass(frozen=True)
class Decision:
    text: str = doc("The decision (Markdown)", multiline=True, translatable=True)
    session: str = doc("Id of the agenda item it was taken under", default="")


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
    title: str = doc("Title of the annex; default from its content ('List of participants', 'Agenda')", default="", translatable=True)
    text: str = doc("The annex's text (Markdown, tables included)", default="", multiline=True, translatable=True)
    content: Literal[ANNEX_CONTENTS] = doc("A generated annex: 'participants' or 'agenda'", default="")
    grouping: Literal[PARTICIPANT_GROUPINGS] = doc("Participants: 'delegation' (grouped, the default), 'flat' (one table) or 'list' (numbered, one line each)", default="delegation")
