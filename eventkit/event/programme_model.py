"""The programme's parts of the event file (issue #14): tracks, roles of people in a session, protocol.

Imported into :mod:`eventkit.event.model`, which the rest of eventkit uses."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .model_fields import doc

DELEGATION_ORDERS = ("as-written", "alphabetical", "protocol")


@dataclass(frozen=True)
class Track:
    """A track of parallel sessions: sessions in different tracks may run at the same time, sessions in one track
    may not overlap, and a session without a track is plenary (nothing may overlap it)."""
    id: str = doc("Stable identifier that sessions name with track = \"<id>\"")
    name: str = doc("Name shown in the agenda, e.g. 'Group 1: Urban mobility'", translatable=True)
    room: str = doc("Room of the track's sessions (the invites' LOCATION); a session's own room wins", default="", translatable=True)


@dataclass(frozen=True)
class RoleName:
    """A role of your own for ``[[agenda.participants]]``, e.g. ``[roles.respondent]``."""
    label: str = doc("How the role is printed before one person, e.g. 'Respondent'", translatable=True)
    plural: str = doc("How it is printed before several, e.g. 'Respondents'; default: label + 's'", default="", translatable=True)
    chairs: bool = doc("Whether the role leads the session (a CHAIR in invites, no bio warning)", default=False)


@dataclass(frozen=True)
class Participant:
    """Someone's role in a session, listed after the session: printed after its moderators and before its speakers,
    grouped by role in order of first appearance, each role with its label ("Chair:", "Panellists:"). Give a person
    or a name."""
    role: str = doc("chair, co-chair, moderator, facilitator, keynote, speaker, panellist, discussant, rapporteur, "
                    "or a role of your own declared in [roles.<name>]")
    person: str = doc("Id of the person in [people]", default="")
    name: str = doc("Instead of a person: a function without a name, e.g. 'UNCRD representative'", default="", translatable=True)
    title: str = doc("Title of the person's presentation in this session, printed beside their name; people listed one after another with the same title give it together (a joint presentation)", default="", translatable=True)
    affiliation: str = doc("How the person is introduced in this session, when it differs from their usual line", default="", translatable=True)


@dataclass(frozen=True)
class Protocol:
    """The order of delegations in the concept note and the participant list, and the salutations of e-mails."""
    delegation_order: Literal[DELEGATION_ORDERS] = doc("as-written (default), alphabetical, or protocol (the order of `order`)", default="as-written")
    order: tuple[str, ...] = doc("Delegation names in protocol order (for delegation_order = \"protocol\"); others follow as written", default=())
    salutations: dict[str, str] = doc("Salutation per honorific in e-mails, e.g. {\"H.E.\" = \"Your Excellency,\"}; by default "
                                      "'H.E.' is greeted 'Excellency,' and everyone else 'Dear <full name>,' "
                                      "(the labels salutation_he and mail_dear)", default_factory=dict, translatable=True)
