"""What each calendar entry of an event means, before it is issued: :class:`Entry` (one VEVENT: summary, times, place,
description, status, attendees) and the entries of the event and its sessions, with their descriptions in the
event's language. :mod:`eventkit.calendar.invites` gives them SEQUENCE and DTSTAMP and writes them as iCalendar."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from ..event.model import Event
from ..event.parts import Session
from ..event.uids import event_uid, session_uid

if TYPE_CHECKING:
    from ..language.localise import Localiser

UTC = dt.UTC
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
ROLES = {"chair": "CHAIR", "speaker": "REQ-PARTICIPANT", "delegate": "REQ-PARTICIPANT", "observer": "OPT-PARTICIPANT"}


@dataclass(frozen=True)
class Attendee:
    email: str
    name: str
    role: str  # CHAIR, REQ-PARTICIPANT or OPT-PARTICIPANT


@dataclass(frozen=True)
class Entry:
    """One VEVENT as it is meant, before SEQUENCE and DTSTAMP are assigned."""

    uid: str
    summary: str
    start: dt.datetime
    end: dt.datetime
    description: str = ""
    location: str = ""
    url: str = ""
    status: str = "CONFIRMED"
    attendees: tuple[Attendee, ...] = ()
    session: str = ""  # the session's id, for a session's entry
    later_days: tuple[tuple[dt.datetime, dt.datetime], ...] = ()  # (start, end) of the 2nd, 3rd ... day
    contacts: tuple[str, ...] = ()  # CONTACT: the organisers after the first (named in the description too)

    @property
    def zone(self) -> ZoneInfo:
        """The zone the entry is written in (its start and end carry it)."""
        zone = self.start.tzinfo
        assert isinstance(zone, ZoneInfo), f"{self.uid}: an entry's times carry a ZoneInfo, not {zone!r}"
        return zone

    def fingerprint(self) -> str:
        """What a change of raises SEQUENCE: summary, time, zone, place, link, description, status."""
        significant = [
            self.summary,
            self.start.replace(tzinfo=None).isoformat(),
            self.end.replace(tzinfo=None).isoformat(),
            self.zone.key,
            self.location,
            self.url,
            self.description,
            self.status,
        ]
        significant += [moment.astimezone(UTC).isoformat() for day in self.later_days for moment in day]
        if self.start.fold or self.end.fold:  # the second reading of a time the clocks repeat
            significant += [self.start.astimezone(UTC).isoformat(), self.end.astimezone(UTC).isoformat()]
        return hashlib.sha256(json.dumps(significant).encode("utf-8")).hexdigest()[:16]

    def record(self, sequence: int, stamp: dt.datetime) -> dict[str, Any]:
        """The state file's entry: enough to cancel it later even when it has left the event file."""
        return {
            "sequence": sequence,
            "dtstamp": stamp.strftime(STAMP_FORMAT),
            "fingerprint": self.fingerprint(),
            "session": self.session,
            "summary": self.summary,
            "timezone": self.zone.key,
            "start": self.start.replace(tzinfo=None).isoformat(),
            "end": self.end.replace(tzinfo=None).isoformat(),
            "location": self.location,
            "url": self.url,
            "status": self.status,
            "attendees": [f"{a.name} <{a.email}>" for a in self.attendees],
        }

    @classmethod
    def from_record(cls, uid: str, record: dict[str, Any]) -> Entry:
        zone = ZoneInfo(record["timezone"])
        return cls(
            uid,
            record["summary"],
            dt.datetime.fromisoformat(record["start"]).replace(tzinfo=zone),
            dt.datetime.fromisoformat(record["end"]).replace(tzinfo=zone),
            "",
            record["location"],
            record["url"],
            record["status"],
            tuple(attendee_from_text(a) for a in record["attendees"]),
            record["session"],
        )


def attendee_from_text(text: str) -> Attendee:
    """'Ms. Renate Held <renate.held@example.org>' from the state file."""
    name, _, email = text.rpartition(" <")
    return Attendee(email.rstrip(">"), name, "REQ-PARTICIPANT")


def localiser(event: Event) -> Localiser:
    """The event's language: labels, dates and times (language/localise.py)."""
    from ..language.localise import Localiser

    return Localiser(event)


def names_of(event: Event, ids: Iterable[str]) -> str:
    return ", ".join(event.people[pid].full_name for pid in ids)


def place_of(event: Event) -> tuple[str, str]:
    """LOCATION and URL: the venue (or else the join link, or else the platform) and the join link."""
    info = event.event
    return info.venue or info.join_url or info.platform, info.join_url


def session_lines(event: Event, session: Session, number: str = "") -> list[str]:
    """The session's line ('09:00 - 10:00 CET  Opening'; an item without times: its title alone, or '2. Adoption of
    the agenda' with its ``number``, as the agenda prints it), then its track, lead and people."""
    from .programme_text import lead_lines, numbered, session_people_lines, track_text

    local = localiser(event)
    title = numbered(number, session.title) + (
        f" ({local.label('session_' + session.status)})" if session.status in ("cancelled", "deferred") else ""
    )
    if session.timed:
        lines = [f"{local.hours(event.session_times(session))}  {title}"]
    else:
        lines = [title]
    track = track_text(event, session)
    if track:
        lines.append(f"    {track}")
    return lines + lead_lines(session.lead) + session_people_lines(event, session, local)


def practical_facts(event: Event) -> list[tuple[str, str]]:
    """(label, value) pairs of the practical details: venue, platform, interpretation, join link."""
    info = event.event
    label = localiser(event).label
    facts = [
        (label("fact_venue"), info.venue),
        (label("fact_platform"), info.platform),
        (label("fact_interpretation"), ", ".join(info.interpretation)),
        (label("fact_join_online"), info.join_url),
    ]
    return [(label, value) for label, value in facts if value]


def practical_lines(event: Event) -> list[str]:
    colon = localiser(event).label("fact_colon")
    return [f"{label}{colon}{value}" for label, value in practical_facts(event)]


def daily_hours(event: Event) -> list[tuple[str, str]]:
    """(date, hours) lines in the event's language: one for the whole event when every day reads the same
    ('... (each day)'), else one per day with that day's abbreviations (CET on Friday, CEST on Monday)."""
    local = localiser(event)
    if event.same_hours_each_day:
        each = f" {local.label('each_day')}" if len(event.days) > 1 else ""
        return [(local.weekday_date_text, local.hours(event.display_times) + each)]
    return [(local.date(day, True), local.hours(spans)) for day, spans in event.hours_by_day]


def organiser_lines(event: Event) -> list[str]:
    """'Organised by: A; B' when there are several organisers (the first is also the ORGANIZER)."""
    if len(event.organisers) < 2:
        return []
    names = "; ".join(o.display_name + (f" <{o.email}>" if o.email else "") for o in event.organisers)
    return [localiser(event).fill("organised_by", names=names)]


def contacts(event: Event) -> tuple[str, ...]:
    """CONTACT values: every organiser after the first, 'Name, Office <email>'."""
    return tuple(o.display_name + (f" <{o.email}>" if o.email else "") for o in event.organisers[1:])


def event_description(event: Event) -> str:
    """The plain-text agenda: date, hours in every display zone, place, join link, sessions with their people."""
    info = event.event
    local = localiser(event)
    several_days = len(event.days) > 1
    hours = daily_hours(event)
    dated = [f"{day}: {text}" for day, text in hours] if len(hours) > 1 else [hours[0][0], hours[0][1]]
    lines = [
        info.title,
        *([info.subtitle] if info.subtitle else []),
        "",
        *dated,
        *practical_lines(event),
        *organiser_lines(event),
    ]
    if event.agenda:
        from ..event.programme import numbers, programme_days
        from .programme_text import group_lines

        number = numbers(event, automatic=event.untimed_agenda)
        lines += ["", local.label("agenda_heading")]
        for day in programme_days(event):
            if several_days:
                lines += ["", local.date(day.date, weekday=True)]
            for slot in day.slots:
                if slot.opens_group and slot.group is not None:
                    lines += group_lines(event, slot.group, number.get(("group", slot.group.id), ""), local)
                for session in slot.sessions:
                    lines += session_lines(event, session, number.get(("session", session.id), ""))
    return "\n".join(lines)


def session_description(event: Event, session: Session) -> str:
    """The session's title, the event's, its date, its group's heading (with the group's people), its line."""
    from .programme_text import group_lines

    day = session.day or event.event.date
    group = event.group_of(session)
    heading = group_lines(event, group, "", localiser(event), lead=False) if group else []
    return "\n".join(
        [
            session.title,
            event.event.title,
            "",
            localiser(event).date(day, weekday=True),
            *heading,
            *session_lines(event, session),
            *practical_lines(event),
            *organiser_lines(event),
        ]
    )


def participants(event: Event) -> tuple[Attendee, ...]:
    """Every speaker, moderator and delegation member with an e-mail, in the people table's order."""
    organiser = (event.organiser.email if event.organiser else "").lower()
    attendees, seen = [], {organiser}
    for person in event.invitees:
        if person.email and person.email.lower() not in seen:
            seen.add(person.email.lower())
            attendees.append(Attendee(person.email, person.full_name, ROLES[event.role_of(person.id)]))
    return tuple(attendees)


def session_attendees(event: Event, session: Session) -> tuple[Attendee, ...]:
    attendees, seen = [], set()
    chairs = event.chairs(session)
    for role, ids in (("CHAIR", chairs), ("REQ-PARTICIPANT", [p for p in event.people_of(session) if p not in chairs])):
        for pid in ids:
            person = event.people[pid]
            if person.email and person.email.lower() not in seen:
                seen.add(person.email.lower())
                attendees.append(Attendee(person.email, person.full_name, role))
    return tuple(attendees)


def entry_status(event: Event, cancelled: bool, session: Session | None = None) -> str:
    if (
        cancelled
        or event.event.status == "cancelled"
        or (session is not None and session.status in ("cancelled", "deferred"))
    ):
        return "CANCELLED"
    if session is not None and session.status == "tentative":
        return "TENTATIVE"
    status: str = event.event.status
    return status.upper()


def event_entry(event: Event, cancelled: bool = False) -> Entry:
    location, url = place_of(event)
    status = entry_status(event, cancelled)
    (_, start, end), *later = event.day_spans
    return Entry(
        event_uid(event),
        event.event.title,
        start,
        end,
        event_description(event),
        location,
        url,
        status,
        participants(event),
        later_days=tuple((s, e) for _, s, e in later),
        contacts=contacts(event),
    )


def session_entry(event: Event, session: Session, cancelled: bool = False) -> Entry:
    from ..event.programme import room_of

    location, url = place_of(event)
    room = room_of(event, session)
    if room:  # LOCATION per room: 'Meeting Room A, United Nations Conference Centre, Bangkok'
        location = f"{room}, {event.event.venue}" if event.event.venue else room
    status = entry_status(event, cancelled, session)
    return Entry(
        session_uid(event, session.id),
        f"{session.title} ({event.event.title})",
        event.session_start(session),
        event.session_end(session),
        session_description(event, session),
        location,
        url,
        status,
        session_attendees(event, session),
        session.id,
        contacts=contacts(event),
    )


# ------------------------------------------------------------------ iCalendar text


def without_attendees(entry: Entry, emails: frozenset[str]) -> Entry:
    """``entry`` without the attendees whose (lower-case) e-mail is in ``emails``: those who declined (replies.py)."""
    if not emails:
        return entry
    return replace(entry, attendees=tuple(a for a in entry.attendees if a.email.lower() not in emails))
