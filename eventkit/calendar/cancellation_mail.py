"""Cancellation e-mails for sessions: one message per attendee of every METHOD:CANCEL file under sessions/ and
speakers/ (a session removed from the agenda, or a speaker left with no session), with the CANCEL calendar attached.

The whole event's cancellation travels with the ordinary invitations (mail/<address>.eml with method=CANCEL).
"""
from __future__ import annotations

import html
from email.message import EmailMessage
from pathlib import PurePosixPath

from ..event.model import Event
from .invites import Attendee, CalendarFile
from .mail import invitation
from .salutations import person_by_email, salutation


def _cancelled_sessions(invite: CalendarFile) -> list[str]:
    """'Opening Session (Regional Forum ...), Monday, 23 August 2010, 09:00 (Asia/Bangkok)' for each VEVENT."""
    import icalendar

    from ..event.model import format_date
    lines = []
    for vevent in icalendar.Calendar.from_ical(invite.data).walk("VEVENT"):
        start = vevent.decoded("dtstart")
        zone = getattr(start.tzinfo, "key", "")
        lines.append(f"{vevent.get('summary')}, {format_date(start.date(), weekday=True)}, "
                     f"{start:%H:%M}" + (f" ({zone})" if zone else ""))
    return lines


def cancellation(event: Event, invite: CalendarFile, attendee: Attendee) -> EmailMessage:
    person = person_by_email(event, attendee.email)
    greeting = salutation(event, person, attendee.name or attendee.email)
    sessions = _cancelled_sessions(invite)
    lead = "The following session has been cancelled:" if len(sessions) == 1 else \
        "The following sessions have been cancelled:"
    close = "The calendar entry is attached; your calendar can remove it."
    organiser = " \u00b7 ".join(o.display_name for o in event.organisers)
    text = "\n".join([greeting, "", lead, *(f"- {s}" for s in sessions), "", close, "", organiser]) + "\n"
    body = "\n".join([
        "<!DOCTYPE html>", f'<html lang="{html.escape(event.event.language)}"><head><meta charset="utf-8">',
        f"<title>{html.escape(event.event.title)}</title></head><body>", f"<p>{html.escape(greeting)}</p>",
        f"<p>{html.escape(lead)}</p>", "<ul>", *(f"<li>{html.escape(s)}</li>" for s in sessions), "</ul>",
        f"<p>{html.escape(close)}</p>", f"<p>{html.escape(organiser)}</p>", "</body></html>", ""])
    subject = f"Cancelled: {sessions[0].split(', ')[0] if len(sessions) == 1 else event.event.title}"
    return invitation(event, invite, attendee, subject=subject, bodies=(text, body))


def cancellation_messages(event: Event, files: list[CalendarFile]) -> dict[str, EmailMessage]:
    """'mail/cancelled/<sessions|speakers>-<id>/<address>.eml' -> message, for every CANCEL file but invite.ics."""
    messages: dict[str, EmailMessage] = {}
    if any(f.path == "invite.ics" and f.method == "CANCEL" for f in files):
        return messages  # the whole event is cancelled: its own cancellation e-mails say so
    for invite in files:
        if invite.method != "CANCEL" or invite.path == "invite.ics":
            continue
        path = PurePosixPath(invite.path)
        for attendee in invite.attendees:
            messages[f"mail/cancelled/{path.parent}-{path.stem}/{attendee.email}.eml"] = \
                cancellation(event, invite, attendee)
    return messages
