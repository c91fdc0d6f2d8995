"""The programme's shape, derived from the agenda: days, time slots with parallel sessions, roles.

- A **day** holds the sessions on one date, numbered from the event's first day ("Day 1").
- A **slot** is a stretch of time on one day: one plenary session, or several sessions in different tracks whose
  times overlap (parallel sessions, printed under their common time slot). An agenda item without times is a slot
  of its own without start and end, at the place where it is written.
- A session's **roles** are its people grouped by role in order of first appearance: its ``moderators`` (role
  "moderator"), its ``[[agenda.participants]]`` and its ``speakers`` (role "speaker").

Computed once here so that templates and invites only format.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import Event, Person, Session, Track


@dataclass(frozen=True)
class Appearance:
    """One person (or unnamed function) in one session, as introduced there."""
    role: str
    person: Person | None
    name: str           # 'Mr. Kazunobu Onogawa', or the unnamed function: 'UNCRD representative'
    affiliation: str    # the session's affiliation override, else the person's usual line
    title: str          # the presentation's title, if any


@dataclass(frozen=True)
class RoleGroup:
    role: str
    appearances: tuple[Appearance, ...]

    @property
    def entries(self) -> list[tuple[Appearance, ...]]:
        """The appearances as the agenda lists them: people one after another with the same presentation title
        give it together (a joint presentation), and are one entry that names the title once."""
        entries: list[list[Appearance]] = []
        for appearance in self.appearances:
            if entries and appearance.title and entries[-1][-1].title == appearance.title:
                entries[-1].append(appearance)
            else:
                entries.append([appearance])
        return [tuple(entry) for entry in entries]


@dataclass(frozen=True)
class Slot:
    start: dt.datetime | None       # None for an agenda item without times
    end: dt.datetime | None
    sessions: tuple[Session, ...]

    @property
    def parallel(self) -> bool:
        return len(self.sessions) > 1

    @property
    def timed(self) -> bool:
        return self.start is not None


@dataclass(frozen=True)
class ProgrammeDay:
    number: int         # 1 for the event's first day
    date: dt.date
    slots: tuple[Slot, ...]

    @property
    def sessions(self) -> list[Session]:
        return [s for slot in self.slots for s in slot.sessions]


def appearances(event: Event, session: Session) -> list[Appearance]:
    """Everyone in ``session`` with their role: moderators, then participants as written, then speakers."""
    def of(role: str, person_id: str = "", name: str = "", title: str = "", affiliation: str = "") -> Appearance:
        person = event.people.get(person_id) if person_id else None
        if person is None:
            return Appearance(role, None, name, affiliation, title)
        return Appearance(role, person, person.full_name, affiliation or person.affiliation_line, title)

    return [*(of("moderator", pid) for pid in session.moderators),
            *(of(p.role, p.person, p.name, p.title, p.affiliation) for p in session.participants),
            *(of("speaker", pid) for pid in session.speakers)]


def role_groups(event: Event, session: Session) -> list[RoleGroup]:
    """The session's people grouped by role, the roles in order of first appearance."""
    groups: dict[str, list[Appearance]] = {}
    for appearance in appearances(event, session):
        groups.setdefault(appearance.role, []).append(appearance)
    return [RoleGroup(role, tuple(people)) for role, people in groups.items()]


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
    timed = iter(sorted((s for s in sessions if s.timed),
                        key=lambda s: event.session_start(s).astimezone(dt.timezone.utc)))
    return [next(timed) if session.timed else session for session in sessions]


def programme_days(event: Event) -> list[ProgrammeDay]:
    """The agenda as days of slots (see :func:`in_order`); sessions in different tracks whose times overlap share
    a slot."""
    by_day: dict[dt.date, list[Session]] = {}
    for session in event.agenda:
        by_day.setdefault(session.day or event.event.date, []).append(session)
    days = []
    for date in sorted(by_day):
        slots: list[list[Session]] = []
        slot_end: dt.datetime | None = None
        for session in in_order(event, by_day[date]):
            if not session.timed:
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
        days.append(ProgrammeDay((date - event.event.date).days + 1, date, tuple(_slot(event, group) for group in slots)))
    return days


def _slot(event: Event, group: list[Session]) -> Slot:
    if not group[0].timed:
        return Slot(None, None, tuple(group))
    return Slot(min(map(event.session_start, group)), max(map(event.session_end, group)), tuple(group))
