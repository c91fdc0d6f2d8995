"""E-mails to the people of a session whose own invitation changed (the session moved, or changed room): one message
per person, saying what the session is now (its date, its span in every display zone and their own, its place), with
the session's updated invitation (``sessions/<id>.ics``, METHOD:REQUEST, the higher SEQUENCE) attached, so that their
calendar moves the entry. The whole event's "Updated invitation" does not reach a speaker's session entry.

A session whose invitation was never changed (SEQUENCE 0) gets no message here. Which of these messages a person
has already had is for the send ledger to decide (the mail lifecycle's `<name>.sent.json`); without it every run
writes them again, as it writes the whole event's invitations.
"""
from __future__ import annotations

import html
from email.message import EmailMessage
from pathlib import PurePosixPath

from ..event.model import Event, Session
from .invites import Attendee, CalendarFile, localiser, practical_facts
from .mail import eml_file_name, invitation
from .salutations import person_by_email, salutation


def _facts(event: Event, session: Session, person_id: str, local) -> list[tuple[str, str]]:
    """(label, value): the session's date, its span in every display zone (and the person's own zone), its place."""
    from ..event.programme import room_of
    from .programme_text import own_time
    hours = local.hours(event.session_times(session))
    theirs = own_time(event, session, person_id, local)
    facts = [(local.label("fact_date"), local.date(event.session_day(session), weekday=True)),
             (local.label("fact_time"), hours + (f" ({theirs})" if theirs else ""))]
    room = room_of(event, session)
    venue = local.label("fact_venue")
    for label, value in practical_facts(event):
        facts.append((label, f"{room}, {value}" if room and label == venue else value))
    if room and not event.event.venue:
        facts.append((venue, room))
    return facts


def session_update(event: Event, invite: CalendarFile, session: Session, attendee: Attendee) -> EmailMessage:
    local = localiser(event)
    person = person_by_email(event, attendee.email)
    greeting = salutation(event, person, attendee.name or attendee.email, local)
    kind = local.label(f"kind_{event.event.kind.replace(' ', '_').replace('-', '_')}")
    lead = local.fill("mail_session_changed", session=session.title, kind=kind, title=event.event.title)
    facts = _facts(event, session, person.id if person else "", local)
    colon = local.label("fact_colon")
    close = local.label("mail_attached")
    organiser = " \u00b7 ".join(o.display_name for o in event.organisers)
    text = "\n".join([greeting, "", lead, *(f"{label}{colon}{value}" for label, value in facts), "", close, "",
                      organiser]) + "\n"
    direction = ' dir="rtl"' if local.direction == "rtl" else ""
    body = "\n".join([
        "<!DOCTYPE html>", f'<html lang="{html.escape(event.event.language)}"{direction}><head><meta charset="utf-8">',
        f"<title>{html.escape(session.title)}</title></head><body>", f"<p>{html.escape(greeting)}</p>",
        f"<p>{html.escape(lead)}</p>", "<table>",
        *(f'<tr><th align="left">{html.escape(label)}</th><td>{html.escape(value)}</td></tr>' for label, value in facts),
        "</table>", f"<p>{html.escape(close)}</p>", f"<p>{html.escape(organiser)}</p>", "</body></html>", ""])
    subject = f"{local.label('mail_updated_invitation')}: {session.title} ({event.event.title})"
    return invitation(event, invite, attendee, subject=subject, bodies=(text, body))


def session_update_messages(event: Event, files: list[CalendarFile]) -> dict[str, EmailMessage]:
    """'mail/sessions/<id>/<address>.eml' -> message, for every attendee of every changed session invitation."""
    messages: dict[str, EmailMessage] = {}
    for invite in files:
        path = PurePosixPath(invite.path)
        if path.parent.name != "sessions" or invite.method != "REQUEST" or not invite.sequence:
            continue
        session = event.session(path.stem)
        if session is None or not session.timed:
            continue
        for attendee in invite.attendees:
            messages[f"mail/sessions/{path.stem}/{eml_file_name(attendee.email)}"] = \
                session_update(event, invite, session, attendee)
    return messages
