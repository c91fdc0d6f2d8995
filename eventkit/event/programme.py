"""The programme's shape, derived from the agenda: days, time slots with parallel sessions, groups, roles, numbers.

- A **day** holds the sessions on one date, numbered from the event's first day ("Day 1").
- A **slot** is a stretch of time on one day: one plenary session, or several sessions in different tracks whose
  times overlap (parallel sessions, printed under their common time slot). An agenda item without times is a slot
  of its own without start and end, at the place where it is written, except the items of a group marked
  ``parallel``, which share one slot.
- A **group** ([[groups]]) heads the slots of its sessions: its heading is printed before the first of them.
- A session's **roles** are its people grouped by role (and by the label written for them) in order of first
  appearance: its ``moderators`` (role "moderator"), its ``[[agenda.participants]]`` and its ``speakers`` (role
  "speaker"). An **entry** is one presentation: one person, or the people who give it together (``joint``).
- **Numbers**: an item's ``number`` as written; in an agenda without times the items outside groups and the groups
  are numbered 1, 2, 3 ... where none is written (a written whole number sets the count).

Computed once here so that templates and invites only format.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from .model import Event, Group, Person, Session, Track


@dataclass(frozen=True)
class Appearance:
    """One person (or unnamed function) in one session, as introduced there."""

    role: str
    person: Person | None
    name: str  # 'Mr. Kazunobu Onogawa', or the unnamed function: 'UNCRD representative'
    affiliation: str  # the session's affiliation override, else the person's usual line
    title: str  # the presentation's title, if any
    label: str | bool | None = None  # the label written for this entry (None: the role's; False or "": none)
    joint: bool = False  # gives the presentation together with the appearance before it


@dataclass(frozen=True)
class RoleGroup:
    role: str
    appearances: tuple[Appearance, ...]
    label: str | None = None  # written for these entries ("": none; None: the role's own label)

    @property
    def entries(self) -> list[tuple[Appearance, ...]]:
        """The appearances as the agenda lists them: one entry per presentation; people who give one together
        (``joint = true``, or one entry with several ``people``) are one entry that names the title once."""
        entries: list[list[Appearance]] = []
        for appearance in self.appearances:
            if entries and appearance.joint:
                entries[-1].append(appearance)
            else:
                entries.append([appearance])
        return [tuple(entry) for entry in entries]


@dataclass(frozen=True)
class Slot:
    start: dt.datetime | None  # None for an agenda item without times
    end: dt.datetime | None
    sessions: tuple[Session, ...]
    group: Group | None = None  # the group all its sessions belong to
    opens_group: bool = False  # the first slot of its group: the group's heading comes before it

    @property
    def parallel(self) -> bool:
        return len(self.sessions) > 1

    @property
    def timed(self) -> bool:
        return self.start is not None

    @property
    def span(self) -> tuple[dt.datetime, dt.datetime] | None:
        """(start, end) of a slot with times; None for an agenda item without times."""
        return (self.start, self.end) if self.start is not None and self.end is not None else None


@dataclass(frozen=True)
class ProgrammeDay:
    number: int  # 1 for the event's first day
    date: dt.date
    slots: tuple[Slot, ...]

    @property
    def sessions(self) -> list[Session]:
        return [s for slot in self.slots for s in slot.sessions]


def appearances(event: Event, session: Session | Group) -> list[Appearance]:
    """Everyone in ``session`` (or a group's heading) with their role: moderators, then participants as written
    (each of an entry's ``people``, the later ones joint), then speakers."""

    def of(
        role: str,
        person_id: str = "",
        name: str = "",
        title: str = "",
        affiliation: str = "",
        label: str | bool | None = None,
        joint: bool = False,
    ) -> Appearance:
        person = event.people.get(person_id) if person_id else None
        if person is None:
            return Appearance(role, None, name, affiliation, title, label, joint)
        return Appearance(role, person, person.full_name, affiliation or person.affiliation_line, title, label, joint)

    found = [of("moderator", pid) for pid in session.moderators]
    for p in session.participants:
        if p.people:
            found += [
                of(p.role, pid, "", p.title, p.affiliation, p.label, joint=n > 0 or p.joint)
                for n, pid in enumerate(p.people)
            ]
        else:
            found.append(of(p.role, p.person, p.name, p.title, p.affiliation, p.label, p.joint))
    return found + [of("speaker", pid) for pid in getattr(session, "speakers", ())]


def appearances_of(event: Event, person_id: str, session: Session) -> list[Appearance]:
    """How ``person_id`` takes part in ``session``: their appearances in it, then in its group's heading (a group's
    chair chairs each of its sessions)."""
    group = group_of(event, session)
    found = [*appearances(event, session), *(appearances(event, group) if group else [])]
    return [a for a in found if a.person is not None and a.person.id == person_id]


def role_groups(event: Event, session: Session | Group) -> list[RoleGroup]:
    """The session's people grouped by role and written label, in order of first appearance (an entry joined to
    the one before it stays in that one's group)."""
    groups: dict[tuple[str, str | None], list[Appearance]] = {}
    key: tuple[str, str | None] | tuple[()] = ()
    for appearance in appearances(event, session):
        if not (appearance.joint and key):
            label = appearance.label
            key = (appearance.role, None if label is True else "" if label is False else label)
        groups.setdefault(key, []).append(appearance)
    return [RoleGroup(role, tuple(people), label) for (role, label), people in groups.items()]


def role_heading(event: Event, group: RoleGroup, alone: bool, label: Callable[[str], str]) -> str:
    """The label printed before a role's entries, without its colon; '' for none: the label written for them,
    exactly; else the role's label, singular or plural by the number of people (``label`` looks up the document
    language's labels), except for the plain ``speakers`` of a session that has no other role (``alone``)."""
    from .roles import role_label

    if group.label:
        return group.label.strip()
    if group.label == "" or (alone and group.role == "speaker"):
        return ""
    return role_label(group.role, len(group.appearances), event.roles, label).strip()


def with_colon(text: str, colon: str) -> str:
    """'Panellists' + the language's colon; a label written with its own colon keeps it; '' stays ''."""
    if not text:
        return ""
    return text if text[-1] in ":\uff1a" else text + colon


def group_of(event: Event, session: Session) -> Group | None:
    return next((g for g in event.groups if g.id == session.group), None) if session.group else None


def track_of(event: Event, session: Session) -> Track | None:
    return next((t for t in event.tracks if t.id == session.track), None) if session.track else None


def room_of(event: Event, session: Session) -> str:
    """The session's room: its own, else its track's ('' when neither names one)."""
    track = track_of(event, session)
    return session.room or (track.room if track else "")


def in_order(event: Event, sessions: list[Session]) -> list[Session]:
    """One day's sessions in order: the sessions with times in order of their start (file order among equal starts;
    after midnight comes last in a night's programme, a repeated hour in its order), each agenda item without times
    kept at the place where it is written."""
    timed = iter(sorted((s for s in sessions if s.timed), key=lambda s: event.session_start(s).astimezone(dt.UTC)))
    return [next(timed) if session.timed else session for session in sessions]


def programme_days(event: Event) -> list[ProgrammeDay]:
    """The agenda as days of slots (see :func:`in_order`); sessions in different tracks whose times overlap share
    a slot, as do the items without times of a group marked parallel."""
    by_day: dict[dt.date, list[Session]] = {}
    for session in event.agenda:
        by_day.setdefault(session.day or event.event.date, []).append(session)
    days = []
    for date in sorted(by_day):
        slots: list[list[Session]] = []
        slot_end: dt.datetime | None = None
        for session in in_order(event, by_day[date]):
            if not session.timed:
                group = group_of(event, session)
                previous = slots[-1][-1] if slots else None
                if (
                    group is not None
                    and group.parallel
                    and previous is not None
                    and not previous.timed
                    and previous.group == session.group
                ):
                    slots[-1].append(session)
                else:
                    slots.append([session])
                slot_end = None
                continue
            start, end = event.session_start(session), event.session_end(session)
            if slots and slot_end is not None and start < slot_end and session.track and slots[-1][0].track:
                slots[-1].append(session)
                slot_end = max(slot_end, end)
            else:
                slots.append([session])
                slot_end = end
        shaped, seen = [], set()
        for slot_sessions in slots:
            slot = _slot(event, slot_sessions)
            if slot.group is not None and slot.group.id not in seen:
                seen.add(slot.group.id)
                slot = Slot(slot.start, slot.end, slot.sessions, slot.group, opens_group=True)
            shaped.append(slot)
        days.append(ProgrammeDay((date - event.event.date).days + 1, date, tuple(shaped)))
    return days


def _slot(event: Event, sessions: list[Session]) -> Slot:
    ids = {s.group for s in sessions}
    group = group_of(event, sessions[0]) if len(ids) == 1 else None
    if not sessions[0].timed:
        return Slot(None, None, tuple(sessions), group)
    return Slot(min(map(event.session_start, sessions)), max(map(event.session_end, sessions)), tuple(sessions), group)


def group_span(event: Event, group: Group) -> tuple[dt.datetime, dt.datetime] | None:
    """The span the group's sessions with times cover (None when none has times)."""
    timed = [s for s in event.agenda if s.group == group.id and s.timed]
    if not timed:
        return None
    return min(map(event.session_start, timed)), max(map(event.session_end, timed))


def numbers(event: Event, automatic: bool) -> dict[tuple[str, str], str]:
    """('session' | 'group', id) -> the number printed before it: as written, else (``automatic``, for an agenda
    without times) the next number for an item outside any group and for a group; a written whole number sets
    the count, so '4' is followed by 5. Sessions inside a group have only the numbers written for them."""
    found: dict[tuple[str, str], str] = {}
    count = 0

    def number(written: str) -> str:
        nonlocal count
        if written:
            count = int(written) if written.isdigit() else count
            return written
        count += 1
        return str(count) if automatic else ""

    for day in programme_days(event):
        for slot in day.slots:
            if slot.opens_group and slot.group is not None:
                found[("group", slot.group.id)] = number(slot.group.number)
            for session in slot.sessions:
                if session.group and group_of(event, session) is not None:
                    found[("session", session.id)] = session.number
                else:
                    found[("session", session.id)] = number(session.number)
    return found
