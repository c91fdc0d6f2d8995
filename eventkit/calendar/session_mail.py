"""The parts of a session's own e-mails (an invitation to one session, its update, its cancellation): the session's
date, hours in every display zone (and the person's own) and place, and the lines naming cancelled sessions with
their span in every zone, in the event's language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..event.model import Event
from ..event.parts import Session
from .entries import localiser, practical_facts
from .invites import CalendarFile

if TYPE_CHECKING:
    from ..language.localise import Localiser


def session_facts(event: Event, session: Session, person_id: str = "") -> list[tuple[str, str]]:
    """(label, value): the session's date, its hours in every display zone (and in the zone of ``person_id``, when
    their own is known), its room, then the event's practical details (venue, platform, interpretation, join
    link)."""
    from ..event.programme import room_of
    from .programme_text import own_time

    local = localiser(event)
    facts = [(local.label("fact_date"), local.date(event.session_day(session), weekday=True))]
    if session.timed:
        theirs = own_time(event, session, person_id, local) if person_id else ""
        facts.append(
            (local.label("fact_time"), local.hours(event.session_times(session)) + (f" ({theirs})" if theirs else ""))
        )
    room = room_of(event, session)
    if room:
        facts.append((local.label("fact_venue"), f"{room}, {event.event.venue}" if event.event.venue else room))
    return facts + [
        (label, value) for label, value in practical_facts(event) if not (room and label == local.label("fact_venue"))
    ]


def cancelled_lines(event: Event, invite: CalendarFile, local: Localiser) -> list[str]:
    """'Opening Session (Regional Forum ...), Monday, 23 August 2010, 09:00 - 10:00 GMT+7 / 07:30 - 08:30 GMT+5:30'
    for each VEVENT: the span in every zone, as the invitation gave it (programme_text.cancelled_line)."""
    from .programme_text import cancelled_line

    return [cancelled_line(event, entry.summary, entry.start, entry.end, local) for entry, _, _ in invite.entries]
