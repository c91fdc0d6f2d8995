"""The programme in plain text, for invites' DESCRIPTION and e-mails: people by role, tracks, a person's sessions.

Words, dates, times and zone names come from the event's language (``local``: language/localise.py)."""
from __future__ import annotations

from ..event.model import Event, Session, ZoneTimes
from ..event.programme import appearances, role_groups, room_of, track_of
from ..event.roles import role_label as label_of_role


def _local(event: Event, local):
    if local is not None:
        return local
    from ..language.localise import Localiser
    return Localiser(event)


def role_label(event: Event, role: str, count: int = 1, local=None) -> str:
    return label_of_role(role, count, event.roles, _local(event, local).label)


def track_text(event: Event, session: Session) -> str:
    """'Track A: Urban mobility, Meeting Room A' ('' for a plenary session without a room)."""
    track = track_of(event, session)
    return ", ".join(p for p in (track.name if track else "", room_of(event, session)) if p)


def session_people_lines(event: Event, session: Session, local=None) -> list[str]:
    """'    Chair: Mr. A', '    Panellists: Ms. B ("Title"), Dr. C', a joint presentation as 'Ms. B and Dr. C ("Title")'."""
    local = _local(event, local)
    lines = []
    for group in role_groups(event, session):
        names = ", ".join(local.label("names_and").join(a.name for a in entry)
                          + (f" (\u201c{entry[0].title}\u201d)" if entry[0].title else "") for entry in group.entries)
        lines.append(f"    {role_label(event, group.role, len(group.appearances), local)}{local.label('fact_colon')}{names}")
    return lines


def own_session_lines(event: Event, person_id: str, local=None) -> list[str]:
    """A person's own sessions with their role, date and time in every display zone:
    'Chair — Opening Session — Monday, 23 August 2010, 09:00 - 10:00 GMT+7 / 07:30 - 08:30 GMT+5:30' (the date
    alone for an agenda item without times)."""
    local = _local(event, local)
    lines = []
    for session in event.sessions_of(person_id):
        roles = [a.role for a in appearances(event, session) if a.person and a.person.id == person_id]
        titles = [a.title for a in appearances(event, session) if a.person and a.person.id == person_id and a.title]
        hours = " / ".join(f"{local.span(t)} {local.zone(t)}" for t in event.session_times(session))
        person = event.people[person_id]
        if person.timezone and session.timed:  # their own zone, with its date where that differs
            from zoneinfo import ZoneInfo
            from ..event.model import zone_label
            start = event.session_start(session).astimezone(ZoneInfo(person.timezone))
            end = event.session_end(session).astimezone(ZoneInfo(person.timezone))
            theirs = ZoneTimes(person.timezone, zone_label(start), start, end, start.date())
            day = "" if start.date() == (session.day or event.event.date) else f"{local.date(start.date())}, "
            hours += " (" + local.fill("mail_your_time", when=f"{day}{local.span(theirs)} {local.zone(theirs)}") + ")"
        what = ", ".join(role_label(event, r, 1, local) for r in dict.fromkeys(roles))
        about = f" (\u201c{titles[0]}\u201d)" if titles else ""
        note = f" ({local.label('session_cancelled')})" if session.status == "cancelled" else ""
        when = local.date(session.day or event.event.date, weekday=True)
        lines.append(f"{what} \u2014 {session.title}{about}{note} \u2014 {when}" + (f", {hours}" if hours else ""))
    return lines
