"""The parts of a session's own e-mails (an invitation to one session, its cancellation): the session's date, hours
in every display zone and place, and the lines naming cancelled sessions, in the event's language."""
from __future__ import annotations

from ..event.model import Event, Session
from .entries import localiser, practical_facts
from .invites import CalendarFile


def session_facts(event: Event, session: Session) -> list[tuple[str, str]]:
    """(label, value): the session's date, its hours in every display zone, its room, then the event's practical
    details (venue, platform, interpretation, join link)."""
    from ..event.programme import room_of
    local = localiser(event)
    facts = [(local.label("fact_date"), local.date(event.session_day(session), weekday=True))]
    if session.timed:
        facts.append((local.label("fact_time"), local.hours(event.session_times(session))))
    room = room_of(event, session)
    if room:
        facts.append((local.label("fact_venue"), f"{room}, {event.event.venue}" if event.event.venue else room))
    return facts + [(label, value) for label, value in practical_facts(event)
                    if not (room and label == local.label("fact_venue"))]


def cancelled_lines(invite: CalendarFile, local) -> list[str]:
    """'Opening Session (Regional Forum ...), Monday, 23 August 2010, 09:00 (Asia/Bangkok)' for each VEVENT
    (date and time as the event's language writes them)."""
    lines = []
    for entry, _, _ in invite.entries:
        start = entry.start
        zone = getattr(start.tzinfo, "key", "")
        time = f"{start:%H:%M}" if local.english else local.time(start)
        lines.append(f"{entry.summary}, {local.date(start.date(), weekday=True)}, {time}" + (f" ({zone})" if zone else ""))
    return lines
