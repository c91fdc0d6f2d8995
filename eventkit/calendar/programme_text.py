"""The programme in plain text, for invites' DESCRIPTION and e-mails: people by role, tracks, a person's sessions.

Words, dates, times and zone names come from the event's language (``local``: language/localise.py)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ..event.model import Event
from ..event.parts import Session, ZoneTimes
from ..event.programme import appearances_of, group_span, role_groups, role_heading, room_of, track_of, with_colon
from ..event.programme_model import Group
from ..event.roles import role_label as label_of_role

if TYPE_CHECKING:
    from ..language.localise import Localiser


def _local(event: Event, local: Localiser | None) -> Localiser:
    if local is not None:
        return local
    from ..language.localise import Localiser

    return Localiser(event)


def role_label(event: Event, role: str, count: int = 1, local: Localiser | None = None) -> str:
    return label_of_role(role, count, event.roles, _local(event, local).label)


def track_text(event: Event, session: Session) -> str:
    """'Track A: Urban mobility, Meeting Room A' ('' for a plenary session without a room)."""
    track = track_of(event, session)
    return ", ".join(p for p in (track.name if track else "", room_of(event, session)) if p)


def numbered(number: str, title: str) -> str:
    """'7. Other business', '3(a) Moldova', or the title alone: an item's number as the agenda prints it."""
    if not number:
        return title
    return f"{number}. {title}" if number.isdigit() else f"{number} {title}"


def lead_lines(lead: str) -> list[str]:
    """A session's (or group's) lead as plain text, indented under it (its agenda points, its purpose)."""
    if not lead.strip():
        return []
    from ..text.plain_text import markdown_as_text

    return [f"    {line}" if line else "" for line in markdown_as_text(lead).split("\n")]


def session_people_lines(event: Event, session: Session | Group, local: Localiser | None = None) -> list[str]:
    """'    Chair: Mr. A', '    Panellists: Ms. B ("Title"), Dr. C', a joint presentation as 'Ms. B and Dr. C ("Title")'."""
    local = _local(event, local)
    lines = []
    groups = role_groups(event, session)
    for group in groups:
        names = ", ".join(
            local.label("names_and").join(a.name for a in entry)
            + (f" (\u201c{entry[0].title}\u201d)" if entry[0].title else "")
            for entry in group.entries
        )
        heading = with_colon(role_heading(event, group, len(groups) == 1, local.label), local.label("fact_colon"))
        lines.append(f"    {heading}{names}")
    return lines


def group_lines(event: Event, group: Group, number: str, local: Localiser, lead: bool = True) -> list[str]:
    """A group's heading for a description: its number and title with the span of its sessions, its lead, its
    people."""
    span = group_span(event, group)
    title = numbered(number, group.title)
    line = f"{local.hours(event.zone_times(*span))}  {title}" if span else title
    return [line, *(lead_lines(group.lead) if lead else []), *session_people_lines(event, group, local)]


def own_time(event: Event, session: Session, person_id: str, local: Localiser) -> str:
    """'your time: 21:00 - 22:00 EDT' (with its date where that differs from the session's day) for a person whose
    own ``timezone`` is known, else ''."""
    person = event.people.get(person_id)
    if person is None or not person.timezone or not session.timed:
        return ""
    from zoneinfo import ZoneInfo

    from ..event.parts import zone_label

    start = event.session_start(session).astimezone(ZoneInfo(person.timezone))
    end = event.session_end(session).astimezone(ZoneInfo(person.timezone))
    theirs = ZoneTimes(person.timezone, zone_label(start), start, end, start.date())
    day = "" if start.date() == (session.day or event.event.date) else f"{local.date(start.date())}, "
    return local.fill("mail_your_time", when=f"{day}{local.span(theirs)} {local.zone(theirs)}")


def own_session_lines(event: Event, person_id: str, local: Localiser | None = None) -> list[str]:
    """A person's own sessions with their role, date and time in every display zone:
    'Chair — Opening Session — Monday, 23 August 2010, 09:00 - 10:00 GMT+7 / 07:30 - 08:30 GMT+5:30' (the date
    alone for an agenda item without times)."""
    local = _local(event, local)
    lines = []
    for session in event.sessions_of(person_id):
        roles = [a.role for a in appearances_of(event, person_id, session)]
        titles = [a.title for a in appearances_of(event, person_id, session) if a.title]
        hours = " / ".join(f"{local.span(t)} {local.zone(t)}" for t in event.session_times(session))
        theirs = own_time(event, session, person_id, local)
        if theirs:
            hours += f" ({theirs})"
        what = ", ".join(role_label(event, r, 1, local) for r in dict.fromkeys(roles))
        about = f" (\u201c{titles[0]}\u201d)" if titles else ""
        note = f" ({local.label('session_' + session.status)})" if session.status in ("cancelled", "deferred") else ""
        when = local.date(session.day or event.event.date, weekday=True)
        lines.append(f"{what} \u2014 {session.title}{about}{note} \u2014 {when}" + (f", {hours}" if hours else ""))
    return lines


def cancelled_line(
    event: Event, summary: str, start: dt.datetime, end: dt.datetime, local: Localiser | None = None
) -> str:
    """'Opening Session (Regional Forum ...), Monday, 23 August 2010, 09:00 - 10:00 GMT+7 / 07:30 - 08:30 GMT+5:30 /
    04:00 - 05:00 CEST': what a cancellation e-mail says of one cancelled entry, its span in every zone as the
    invitation gave it (``start`` and ``end`` as read from the calendar: aware, in any zone)."""
    local = _local(event, local)
    day = start.astimezone(event.zone).date()
    return f"{summary}, {local.date(day, weekday=True)}, {local.hours(event.zone_times(start, end, day))}"
