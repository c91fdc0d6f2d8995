"""Who takes part in an event: its speakers, invitees, chairs and roles, its delegations in the order [protocol]
asks for, and the participant lists (everyone, or only the people present when [attendance] says so).

:class:`Participation` is a base class of :class:`eventkit.event.model.Event`: it reads the event's ``people``,
``organisers``, ``agenda``, ``delegations``, ``report``, ``roles``, ``protocol`` and ``attendance`` and holds no
fields of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cached_property

from .attendance_record import RecordedAttendance
from .parts import AttendanceRecord, Delegation, Organiser, Person, Report, Session
from .programme_model import Group, Protocol, RoleName


class Participation:
    """The people of an :class:`~eventkit.event.model.Event` and the lists they appear in."""

    # the Event's fields these read (declared here for type checkers; the Event dataclass holds them)
    people: dict[str, Person]
    organisers: tuple[Organiser, ...]
    agenda: tuple[Session, ...]
    groups: tuple[Group, ...]
    delegations: tuple[Delegation, ...]
    report: Report
    roles: dict[str, RoleName]
    protocol: Protocol
    attendance: AttendanceRecord
    recorded_attendance: RecordedAttendance

    # ------------------------------------------------------------ people

    def person(self, person_id: str) -> Person:
        return self.people[person_id]

    @property
    def organiser(self) -> Organiser | None:
        return self.organisers[0] if self.organisers else None

    @cached_property
    def speakers(self) -> list[Person]:
        """Everyone who speaks or moderates, in order of first appearance in the agenda."""
        seen: dict[str, Person] = {}
        for session in self.agenda:
            for pid in self.people_of(session):
                seen.setdefault(pid, self.people[pid])
        for group in self.groups:
            for pid in group.person_ids:
                seen.setdefault(pid, self.people[pid])
        for section in self.report.sections:
            for block in (*section.speakers, *section.blocks):
                for pid in block.person_ids:
                    seen.setdefault(pid, self.people[pid])
        return list(seen.values())

    @cached_property
    def invitees(self) -> list[Person]:
        """Everyone who is invited, in the people table's order: whoever speaks or moderates, the members of the
        delegations that are invited (``invite = true``, the default) and everyone in no delegation; never a
        registrant whose registration is pending, waitlisted, denied or cancelled (Person.may_be_invited).
        Invites, e-mails and `status` use this one definition; the participant lists also print the members of
        delegations with ``invite = false`` (and leave out withdrawn registrations)."""
        speaking = {p.id for p in self.speakers}
        invited_delegation = {pid for d in self.delegations if d.invite for pid in d.members}
        return [
            person
            for pid, person in self.people.items()
            if person.may_be_invited and (pid in speaking or pid in invited_delegation or pid not in self.delegation_of)
        ]

    @cached_property
    def invitee_ids(self) -> frozenset[str]:
        return frozenset(p.id for p in self.invitees)

    def group_of(self, session: Session) -> Group | None:
        """The group whose heading ``session`` is printed under ([[groups]]), if any."""
        return next((g for g in self.groups if g.id == session.group), None) if session.group else None

    def people_of(self, session: Session) -> tuple[str, ...]:
        """Everyone taking part in ``session``: its own people, then those of its group's heading (who chair or
        speak for the whole group, and so take part in each of its sessions)."""
        group = self.group_of(session)
        return tuple(dict.fromkeys((*session.person_ids, *(group.person_ids if group else ()))))

    def sessions_of(self, person_id: str) -> list[Session]:
        return [s for s in self.agenda if person_id in self.people_of(s)]

    def chairs(self, session: Session) -> tuple[str, ...]:
        """Ids of the people who lead ``session``: its moderators and participants in a chairing role, then its
        group's."""
        from .roles import is_chairing

        group = self.group_of(session)
        ids = []
        for part in (session, group) if group else (session,):
            ids += [
                *part.moderators,
                *(pid for p in part.participants if is_chairing(p.role, self.roles) for pid in p.person_ids),
            ]
        return tuple(dict.fromkeys(ids))

    def role_of(self, person_id: str) -> str:
        """'chair' (leads a session), 'speaker', 'observer' or 'delegate'."""
        if any(person_id in self.chairs(s) for s in self.agenda):
            return "chair"
        if any(person_id in self.people_of(s) for s in self.agenda):
            return "speaker"
        for delegation in self.delegations:
            if person_id in delegation.members and delegation.role == "observer":
                return "observer"
        return "delegate"

    @cached_property
    def delegations_in_order(self) -> list[Delegation]:
        """The delegations in the order [protocol] asks for: as written, alphabetical, or the protocol list
        (delegations it does not name follow in the order written)."""
        order = self.protocol.delegation_order
        if order == "alphabetical":
            import unicodedata

            key = lambda d: unicodedata.normalize("NFKD", d.name).casefold()  # noqa: E731
            return sorted(self.delegations, key=key)
        if order == "protocol":
            rank = {name: n for n, name in enumerate(self.protocol.order)}
            return sorted(self.delegations, key=lambda d: rank.get(d.name, len(rank)))
        return list(self.delegations)

    @property
    def listed_delegation_groups(self) -> list[tuple[str, list[Delegation]]]:
        """The delegations with members to list, as (category, delegations) in the order the categories first
        appear among the delegations in order; one group with the category "" when no delegation names one."""
        groups: dict[str, list[Delegation]] = {}
        for delegation in self.delegations_in_order:
            if self.listed_members(delegation):
                groups.setdefault(delegation.category, []).append(delegation)
        return list(groups.items())

    @cached_property
    def delegation_of(self) -> dict[str, Delegation]:
        return {pid: d for d in self.delegations for pid in d.members}

    @cached_property
    def other_participants(self) -> list[Person]:
        """Everyone in no delegation (the participant list's "Other participants"): never dropped."""
        listed = self.delegation_of
        return [p for pid, p in self.people.items() if pid not in listed]

    @cached_property
    def all_participants(self) -> list[Person]:
        """Everyone in [people]: delegation members in delegation order, then the others."""
        members = [self.people[pid] for d in self.delegations_in_order for pid in d.members]
        return members + self.other_participants

    # ------------------------------------------------------------ attendance

    def session(self, session_id: str) -> Session | None:
        return next((s for s in self.agenda if s.id == session_id), None)

    def moderated_lead(self, session: Session) -> str:
        """The session's lead, with ', moderated by <speaker line>' when it has moderators."""
        lead = session.lead.strip()
        if not session.moderators:
            chairs = [
                self.people[pid].speaker_line(p.affiliation)
                for p in session.participants
                if p.role in ("chair", "co-chair")
                for pid in p.person_ids
            ]
            if not chairs:
                return lead
            names = " and ".join(chairs)
            return f"{lead.rstrip('.')}, chaired by {names}" if lead else f"Chaired by {names}"
        names = " and ".join(self.people[m].speaker_line() for m in session.moderators)
        return f"{lead.rstrip('.')}, moderated by {names}" if lead else f"Moderated by {names}"

    @cached_property
    def present(self) -> frozenset[str]:
        """Ids of the people present on any day: those recorded by `eventkit attendance` (<event>.attendance.json)
        and those written by hand in [attendance] present (or, as earlier versions had it, [report.attendance])."""
        written = (*self.attendance.present, *self.report.attendance.present)
        return frozenset(written) | self.recorded_attendance.present

    def present_on(self, day: dt.date) -> frozenset[str]:
        """Ids of the people recorded as present on one day of the event (the hand-written lists have no day)."""
        return self.recorded_attendance.days.get(day, frozenset())

    @property
    def attendance_known(self) -> bool:
        """Whether any attendance is recorded or written (else no one is "absent": nobody has counted)."""
        return bool(self.present) or bool(self.recorded_attendance.sources) or bool(self.attendance.source)

    @property
    def attendees_only(self) -> bool:
        """True when the participant lists show only the people present."""
        return self.attendance.attendees_only

    def listed_members(self, delegation: Delegation) -> tuple[str, ...]:
        """The members of a delegation a participant list shows: all (but those whose registration was denied or
        cancelled), or those present when attendees_only."""
        return tuple(
            pid
            for pid in delegation.members
            if not self.people[pid].withdrawn and (not self.attendees_only or pid in self.present)
        )

    @cached_property
    def listed_delegations(self) -> list[Delegation]:
        """The delegations a participant list shows: all, or those with someone present when attendees_only."""
        return [d for d in self.delegations if not self.attendees_only or self.listed_members(d)]

    def listed_people(self, people: Iterable[Person]) -> list[Person]:
        """``people`` as a participant list shows them: all (but withdrawn registrations), or those present when
        attendees_only."""
        return [p for p in people if not p.withdrawn and (not self.attendees_only or p.id in self.present)]

    @cached_property
    def present_outside_delegations(self) -> list[Person]:
        """People present who belong to no delegation (and speak nowhere), in the people table's order."""
        listed = set(self.delegation_of) | {p.id for p in self.speakers}
        return [p for pid, p in self.people.items() if pid in self.present and pid not in listed]
