"""The programme in plain text, for invites' DESCRIPTION and e-mails: people by role, tracks, a person's sessions."""
from __future__ import annotations

from ..documents.labels import label_for
from ..event.model import Event, Session, format_date
from ..event.programme import appearances, role_groups, room_of, track_of
from ..event.roles import role_label as label_of_role


def role_label(event: Event, role: str, count: int = 1) -> str:
    return label_of_role(role, count, event.roles, lambda key: label_for(key, event.event.language))


def track_text(event: Event, session: Session) -> str:
    """'Track A: Urban mobility, Meeting Room A' ('' for a plenary session without a room)."""
    track = track_of(event, session)
    return ", ".join(p for p in (track.name if track else "", room_of(event, session)) if p)


def session_people_lines(event: Event, session: Session) -> list[str]:
    """'    Chair: Mr. A', '    Panellists: Ms. B ("Title"), Dr. C'."""
    lines = []
    for group in role_groups(event, session):
        names = ", ".join(a.name + (f" (\u201c{a.title}\u201d)" if a.title else "") for a in group.appearances)
        lines.append(f"    {role_label(event, group.role, len(group.appearances))}: {names}")
    return lines


def own_session_lines(event: Event, person_id: str) -> list[str]:
    """A person's own sessions with their role, date and time in every display zone:
    'Chair — Opening Session — Monday, 23 August 2010, 09:00 - 10:00 GMT+7 / 07:30 - 08:30 GMT+5:30'."""
    lines = []
    for session in event.sessions_of(person_id):
        roles = [a.role for a in appearances(event, session) if a.person and a.person.id == person_id]
        titles = [a.title for a in appearances(event, session) if a.person and a.person.id == person_id and a.title]
        hours = " / ".join(f"{t.span} {t.label}" for t in event.session_times(session))
        person = event.people[person_id]
        if person.timezone:  # their own zone, with its date where that differs
            from zoneinfo import ZoneInfo
            from ..event.model import zone_label
            start = event.session_start(session).astimezone(ZoneInfo(person.timezone))
            end = event.session_end(session).astimezone(ZoneInfo(person.timezone))
            day = "" if start.date() == (session.day or event.event.date) else f"{format_date(start.date())}, "
            hours += f" (your time: {day}{start:%H:%M} - {end:%H:%M} {zone_label(start)})"
        what = ", ".join(role_label(event, r) for r in dict.fromkeys(roles))
        about = f" (\u201c{titles[0]}\u201d)" if titles else ""
        note = " (cancelled)" if session.status == "cancelled" else ""
        lines.append(f"{what} \u2014 {session.title}{about}{note} \u2014 "
                     f"{format_date(session.day or event.event.date, weekday=True)}, {hours}")
    return lines
