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
from .mail import eml_file_name, invitation
from .salutations import person_by_email, salutation


def _cancelled_sessions(invite: CalendarFile, local) -> list[str]:
    """'Opening Session (Regional Forum ...), Monday, 23 August 2010, 09:00 (Asia/Bangkok)' for each VEVENT
    (date and time as the event's language writes them)."""
    import icalendar

    lines = []
    for vevent in icalendar.Calendar.from_ical(invite.data).walk("VEVENT"):
        start = vevent.decoded("dtstart")
        zone = getattr(start.tzinfo, "key", "")
        time = f"{start:%H:%M}" if local.english else local.time(start)
        lines.append(f"{vevent.get('summary')}, {local.date(start.date(), weekday=True)}, "
                     f"{time}" + (f" ({zone})" if zone else ""))
    return lines


def cancellation(event: Event, invite: CalendarFile, attendee: Attendee) -> EmailMessage:
    from .invites import localiser
    local = localiser(event)
    person = person_by_email(event, attendee.email)
    greeting = salutation(event, person, attendee.name or attendee.email, local)
    sessions = _cancelled_sessions(invite, local)
    lead = local.label("mail_session_cancelled" if len(sessions) == 1 else "mail_sessions_cancelled")
    close = local.label("mail_cancel_attached")
    direction = ' dir="rtl"' if local.direction == "rtl" else ""
    organiser = " \u00b7 ".join(o.display_name for o in event.organisers)
    text = "\n".join([greeting, "", lead, *(f"- {s}" for s in sessions), "", close, "", organiser]) + "\n"
    body = "\n".join([
        "<!DOCTYPE html>", f'<html lang="{html.escape(event.event.language)}"{direction}><head><meta charset="utf-8">',
        f"<title>{html.escape(event.event.title)}</title></head><body>", f"<p>{html.escape(greeting)}</p>",
        f"<p>{html.escape(lead)}</p>", "<ul>", *(f"<li>{html.escape(s)}</li>" for s in sessions), "</ul>",
        f"<p>{html.escape(close)}</p>", f"<p>{html.escape(organiser)}</p>", "</body></html>", ""])
    subject = f"{local.label('mail_cancelled')}: {sessions[0].split(', ')[0] if len(sessions) == 1 else event.event.title}"
    return invitation(event, invite, attendee, subject=subject, bodies=(text, body))


def cancellation_messages(event: Event, files: list[CalendarFile], versions=None) -> dict[str, EmailMessage]:
    """'mail/cancelled/<sessions|speakers>-<id>/<address>.eml' -> message, for every CANCEL file but invite.ics
    (with ``versions``, translated_invites.Versions: each in the attendee's language)."""
    messages: dict[str, EmailMessage] = {}
    if any(f.path == "invite.ics" and f.method == "CANCEL" for f in files):
        return messages  # the whole event is cancelled: its own cancellation e-mails say so
    for invite in files:
        if invite.method != "CANCEL" or invite.path == "invite.ics":
            continue
        path = PurePosixPath(invite.path)
        for attendee in invite.attendees:
            own, calendar = event, invite
            if versions is not None:   # the attendee's language
                own, invites = versions.of(attendee.email)
                calendar = invites.file(invite.path)
            messages[f"mail/cancelled/{path.parent}-{path.stem}/{eml_file_name(attendee.email)}"] = \
                cancellation(own, calendar, attendee)
    return messages
