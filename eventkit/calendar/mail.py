"""E-mail invitations (RFC 5322 / iMIP, RFC 6047) and their delivery over SMTP.

One message per attendee: From the organiser, To the attendee, a plain-text and an HTML body with the date
and the hours in every display zone and the join link, and the calendar itself as a
``text/calendar; method=REQUEST; charset=UTF-8`` alternative (the METHOD of the calendar it carries).

Sending (one recipient at a time, with the send ledger): delivery.py; what each person is sent: mail_plan.py.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Sequence
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage, Message
from email.utils import format_datetime

from ..errors import BuildError
from ..event.model import Event
from .entries import Attendee, daily_hours, localiser, practical_facts
from .invites import CalendarFile
from .requirements import invite_organiser


class MailError(Exception):
    """The messages could not be sent (no connection, the server refused, the login failed ...)."""


def _subject(event: Event, invite: CalendarFile) -> str:
    local = localiser(event)
    if invite.method == "CANCEL":
        prefix = local.label("mail_cancelled")
    else:
        prefix = local.label("mail_updated_invitation" if invite.sequence else "mail_invitation")
    return f"{prefix}: {event.event.title} ({local.date_text})"


def _facts(event: Event) -> list[tuple[str, str]]:
    """(label, value) lines shared by the text and HTML bodies."""
    hours = daily_hours(event)
    if len(hours) == 1:
        local = localiser(event)
        return [
            (local.label("fact_date"), hours[0][0]),
            (local.label("fact_time"), hours[0][1]),
            *practical_facts(event),
        ]
    return [*hours, *practical_facts(event)]  # one line per day: its own hours and abbreviations


def _bodies(event: Event, attendee: Attendee, invite: CalendarFile) -> tuple[str, str]:
    """The whole event's invitation (or cancellation, for a CANCEL calendar)."""
    local = localiser(event)
    kind = kind_word(event)
    if invite.method == "CANCEL":
        return compose(
            event,
            attendee,
            local.fill("mail_cancelled_lead", kind=kind, title=event.event.title),
            local.label("mail_cancel_attached"),
            _facts(event),
        )
    return compose(
        event,
        attendee,
        local.fill("mail_invited", kind=kind, title=event.event.title),
        local.label("mail_attached"),
        _facts(event),
        own_sessions=True,
        notes=True,
    )


def kind_word(event: Event) -> str:
    return localiser(event).label(f"kind_{event.event.kind.replace(' ', '_').replace('-', '_')}")


def compose(
    event: Event,
    attendee: Attendee,
    lead: str,
    close: str,
    facts: list[tuple[str, str]],
    items: Sequence[str] = (),
    own_sessions: bool = False,
    notes: bool = False,
) -> tuple[str, str]:
    """(text, HTML) of a message: the salutation, ``lead``, the bulleted ``items``, the ``facts`` (label, value),
    the attendee's own sessions, the event's and the person's invitation notes (Markdown, rendered safely),
    ``close`` and every organiser's name."""
    from ..text.markdown import render_markdown
    from ..text.plain_text import markdown_as_text
    from .programme_text import own_session_lines
    from .salutations import person_by_email, salutation

    info = event.event
    local = localiser(event)
    organiser = " \u00b7 ".join(o.display_name for o in event.organisers)  # every organiser signs
    join_online = local.label("fact_join_online")
    colon = local.label("fact_colon")
    direction = ' dir="rtl"' if local.direction == "rtl" else ""
    person = person_by_email(event, attendee.email)
    greeting = salutation(event, person, attendee.name or attendee.email, local)
    own = own_session_lines(event, person.id, local) if own_sessions and person is not None else []
    your_sessions = local.label("mail_your_sessions")
    yours = ["", your_sessions, *(f"- {line}" for line in own)] if own else []
    texts = [t for t in (info.invitation_note, person.invitation_note if person else "") if notes and t.strip()]
    text = (
        "\n".join(
            [
                greeting,
                "",
                lead,
                *(f"- {item}" for item in items),
                "",
                *(f"{label}{colon}{value}" for label, value in facts),
                *yours,
                *(part for note in texts for part in ("", markdown_as_text(note))),
                "",
                close,
                "",
                organiser,
            ]
        )
        + "\n"
    )

    def cell(label: str, value: str) -> str:
        shown = html.escape(value)
        if label == join_online:
            shown = f'<a href="{html.escape(value, quote=True)}">{shown}</a>'
        return f'<tr><th align="left">{html.escape(label)}</th><td>{shown}</td></tr>'

    body = "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{html.escape(info.language)}"{direction}><head><meta charset="utf-8">',
            f"<title>{html.escape(info.title)}</title></head><body>",
            f"<p>{html.escape(greeting)}</p>",
            f"<p>{html.escape(lead)}</p>",
            *(["<ul>", *(f"<li>{html.escape(item)}</li>" for item in items), "</ul>"] if items else []),
            *(["<table>", *(cell(label, value) for label, value in facts), "</table>"] if facts else []),
            *(
                [
                    f"<p>{html.escape(your_sessions)}</p>",
                    "<ul>",
                    *(f"<li>{html.escape(line)}</li>" for line in own),
                    "</ul>",
                ]
                if own
                else []
            ),
            *(f'<div class="note">{render_markdown(note)}</div>' for note in texts),
            f"<p>{html.escape(close)}</p>",
            f"<p>{html.escape(organiser)}</p>",
            "</body></html>",
            "",
        ]
    )
    return text, body


def invitation(
    event: Event,
    invite: CalendarFile,
    attendee: Attendee,
    subject: str = "",
    bodies: tuple[str, str] | None = None,
    message_id: str = "",
) -> EmailMessage:
    """The message for one attendee: multipart/alternative of text, HTML and the calendar (``subject`` and
    ``bodies`` replace the event invitation's, e.g. for a session's cancellation; ``message_id`` the one derived
    from the calendar and the address)."""
    organiser = invite_organiser(event)
    digest = hashlib.sha256(invite.data + attendee.email.lower().encode("utf-8")).hexdigest()[:24]
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = Address(organiser.display_name, addr_spec=organiser.email)
    message["To"] = Address(attendee.name, addr_spec=attendee.email)
    message["Subject"] = subject or _subject(event, invite)
    message["Date"] = format_datetime(invite.issued)  # the same .eml on an unchanged rebuild; send() dates it anew
    message["Message-ID"] = message_id or f"<{digest}@{organiser.email.rsplit('@', 1)[1]}>"
    text, body = bodies or _bodies(event, attendee, invite)
    message.set_content(text)
    message.add_alternative(body, subtype="html")
    calendar = Message()  # raw headers: written as given (EmailMessage would quote method="REQUEST")
    calendar["Content-Type"] = f"text/calendar; method={invite.method}; charset=UTF-8"
    calendar["Content-Transfer-Encoding"] = "base64"
    calendar.set_payload(base64.encodebytes(invite.data).decode("ascii"))
    message.attach(calendar)  # type: ignore[arg-type]  # a raw Message on purpose (above); attach() takes any
    message.set_boundary(f"eventkit-{digest}")  # no random boundary: an unchanged rebuild writes the same .eml
    for name, value in message.items():  # defence in depth: the loader already refuses what could do this
        if any(c in str(value) for c in "\r\n"):
            raise BuildError(f"refusing to write an e-mail whose {name} header would hold a line break")
    return message


def invitations(event: Event, invite: CalendarFile) -> dict[str, EmailMessage]:
    """One message per attendee of ``invite``, keyed by address (empty for a PUBLISH calendar)."""
    return {a.email: invitation(event, invite, a) for a in invite.attendees}


def eml_file_name(address: str) -> str:
    """'<address>.eml', safe as a file name on any system: an address with characters that a file system
    treats specially (RFC 5322 allows '/', '?', '|', '*' ... before the @) gets them replaced and a short
    hash of the address added, so that two addresses never share a file."""
    if re.fullmatch(r"[A-Za-z0-9_+-][A-Za-z0-9._+-]*@[A-Za-z0-9.-]+", address):
        return f"{address}.eml"
    safe = re.sub(r"[^A-Za-z0-9._+@-]", "_", address).lstrip(".")
    return f"{safe}-{hashlib.sha256(address.encode('utf-8')).hexdigest()[:8]}.eml"


def eml_bytes(message: EmailMessage) -> bytes:
    return message.as_bytes(policy=policy.SMTP)


def parse_server(value: str) -> tuple[str, int]:
    """'HOST:PORT' or '[IPv6]:PORT' -> (host, port); ValueError when malformed. The port is required: there
    is no safe default (25 is server-to-server relay, 587 submission with STARTTLS)."""
    match = re.fullmatch(r"(?:\[(?P<v6>[0-9A-Fa-f:.]+)\]|(?P<host>[^:\s\[\]/]+))(?::(?P<port>\d{1,5}))?", value)
    if match and not match["port"]:
        raise ValueError(
            f"'{value}' has no port: write HOST:PORT, e.g. {value}:587 (submission, with "
            f"EVENTKIT_SMTP_STARTTLS=1) or {value}:25"
        )
    port = int(match["port"]) if match else 0
    if not match or not 0 < port < 65536:
        raise ValueError(f"'{value}' is not HOST:PORT, e.g. smtp.example.org:587")
    return match["v6"] or match["host"], port
