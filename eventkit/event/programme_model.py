"""The programme's parts of the event file (issues #14, #21): tracks, roles of people in a session, groups of
sessions under a heading, the programme's layout, protocol.

Imported into :mod:`eventkit.event.model`, which the rest of eventkit uses."""

from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import Literal

from .model_fields import doc

DelegationOrder = Literal["as-written", "alphabetical", "protocol"]
DELEGATION_ORDERS: tuple[DelegationOrder, ...] = typing.get_args(DelegationOrder)
ParallelLayout = Literal["stacked", "grid"]
PARALLEL_LAYOUTS: tuple[ParallelLayout, ...] = typing.get_args(ParallelLayout)
GRID_MOST_TRACKS = 4  # a day with more tracks side by side than this is printed stacked (A4 portrait)


@dataclass(frozen=True)
class Track:
    """A track of parallel sessions: sessions in different tracks may run at the same time, sessions in one track
    may not overlap, and a session without a track is plenary (nothing may overlap it)."""

    id: str = doc('Stable identifier that sessions name with track = "<id>"')
    name: str = doc(
        "Name shown in the agenda, e.g. 'Group 1: Urban mobility'; without one the track is a column "
        "(or a place in its time slot) without a printed name",
        default="",
        translatable=True,
    )
    room: str = doc(
        "Room of the track's sessions (the invites' LOCATION); a session's own room wins", default="", translatable=True
    )


@dataclass(frozen=True)
class RoleName:
    """A role of your own for ``[[agenda.participants]]``, e.g. ``[roles.respondent]``, or another wording for a
    built-in one."""

    label: str | bool | None = doc(
        "How the role is printed before one person, exactly as written, e.g. 'Respondent' "
        '(a built-in role keeps its own label when this is left out); false or "": '
        "no label",
        default=None,
        translatable=True,
    )
    plural: str = doc(
        "How it is printed before several, e.g. 'Respondents'; default: label + 's'", default="", translatable=True
    )
    chairs: bool = doc("Whether the role leads the session (a CHAIR in invites, no bio warning)", default=False)


@dataclass(frozen=True)
class Participant:
    """Someone's role in a session, listed after the session: printed after its moderators and before its speakers,
    grouped by role in order of first appearance, each role with its label ("Chair:", "Panellists:") or the label
    written for the entry. Give a person, people (one presentation given together) or a name."""

    role: str = doc(
        "chair, co-chair, moderator, facilitator, keynote, speaker, panellist, discussant, rapporteur, "
        "or a role of your own declared in [roles.<name>]"
    )
    person: str = doc("Id of the person in [people]", default="")
    people: tuple[str, ...] = doc(
        "Instead of person: the ids of people who give one presentation together (one entry: 'A and B: “Title”')",
        default=(),
    )
    name: str = doc(
        "Instead of a person: a function without a name, e.g. 'UNCRD representative'", default="", translatable=True
    )
    title: str = doc(
        "Title of the person's presentation in this session, printed beside their name", default="", translatable=True
    )
    affiliation: str = doc(
        "How the person is introduced in this session, when it differs from their usual line",
        default="",
        translatable=True,
    )
    label: str | bool | None = doc(
        "The label printed before this entry, exactly as written ('Background paper 1', "
        "'Co-Chairs', 'Presentation 2'); false or \"\": none; default: the role's label",
        default=None,
        translatable=True,
    )
    joint: bool = doc(
        "true: gives the presentation together with the entry before it (one entry, its title "
        "printed once); two entries with the same title are two presentations otherwise",
        default=False,
    )

    @property
    def person_ids(self) -> tuple[str, ...]:
        """The people of this entry: its person, or its people."""
        return (self.person,) if self.person else self.people


@dataclass(frozen=True)
class Protocol:
    """The order of delegations in the concept note and the participant list, and the salutations of e-mails."""

    delegation_order: DelegationOrder = doc(
        "as-written (default), alphabetical, or protocol (the order of `order`)", default="as-written"
    )
    order: tuple[str, ...] = doc(
        'Delegation names in protocol order (for delegation_order = "protocol"); others follow as written', default=()
    )
    salutations: dict[str, str] = doc(
        'Salutation per honorific in e-mails, e.g. {"H.E." = "Your Excellency,"}; by default '
        "'H.E.' (also 'H.E. Dr.', 'H.E. Mr.' ...) is greeted 'Excellency,' and everyone else "
        "'Dear <full name>,' (the labels salutation_he and mail_dear)",
        default_factory=dict,
        translatable=True,
    )


@dataclass(frozen=True)
class Group:
    """A heading over several sessions ([[groups]]): 'Breakout Session 1' over four breakout groups that run at the
    same time, or 'Track 3 | Skills for the future' over three sessions one after another. Its sessions name it
    with ``group = "<id>"``; the heading is printed before the first of them, with the span they cover."""

    id: str = doc('Stable identifier that sessions name with group = "<id>"')
    title: str = doc("The heading as printed, e.g. 'Breakout Session 1'", translatable=True)
    lead: str = doc("A paragraph under the heading (Markdown)", default="", multiline=True, translatable=True)
    number: str = doc(
        "Its number as the programme prints it, e.g. '3' (an agenda without times numbers the "
        "groups and the sessions outside them 1, 2, 3 ... otherwise)",
        default="",
    )
    parallel: bool = doc(
        "Its sessions run at the same time: for sessions without times, printed side by side "
        "(grid) or together under the heading; sessions with times run in parallel by their "
        "tracks and times",
        default=False,
    )
    moderators: tuple[str, ...] = doc("Ids of the people who chair or moderate the whole group", default=())
    participants: tuple[Participant, ...] = doc(
        "People of the whole group with their roles ([[groups.participants]])", default=()
    )

    @property
    def person_ids(self) -> tuple[str, ...]:
        ids = (*self.moderators, *(pid for p in self.participants for pid in p.person_ids))
        return tuple(dict.fromkeys(ids))


@dataclass(frozen=True)
class Layout:
    """How the documents lay the programme out ([layout])."""

    parallel: ParallelLayout = doc(
        "Sessions that run at the same time: 'stacked' (one after another under their time slot, the default) or "
        "'grid' (the tracks side by side as columns, one row per time slot, plenary sessions across all columns; "
        f"a day with more than {GRID_MOST_TRACKS} tracks side by side is printed stacked)",
        default="stacked",
    )
