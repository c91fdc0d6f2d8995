"""What each recipient is sent, and why: the invitations, updates and cancellations of one `eventkit invites` run,
worked out per person and per UID from the calendars just built and the send ledger (ledger.py).

- An attendee of a calendar with METHOD:REQUEST (the whole event; each session with ``--per-session``) gets it when
  the ledger has no accepted invitation to that UID for them (a new invitation), or an older SEQUENCE (an update),
  or a cancellation as its last message (invited again). Otherwise they are up to date and get nothing, unless
  forced (``--resend``, or a reminder to those who have not answered).
- Whoever holds a UID (the ledger's last accepted message for it was a REQUEST) but is no longer among its
  attendees gets exactly one CANCEL for that UID: the event or session was cancelled or removed, or they were
  removed from it. One per person per UID, whichever calendar files say so; a UID that was never sent to someone
  is never cancelled to them; someone who declined it gets nothing.
- A cancellation addressed to one person while the event goes on (they were removed) carries their own SEQUENCE,
  remembered in the invites state under ``"<uid> for <address>"`` (see invites.personal_issue); so does a later
  invitation of someone who had been cancelled that way, so that their calendar takes it.
- An attempt whose outcome is unknown (a run stopped between handing over the message and the server's answer)
  is not repeated unless forced: it is listed, with its Message-ID, for the organiser to check.

Each message's Message-ID is derived from the address, the UID, the method, the SEQUENCE and the copy number, so
the same message keeps its Message-ID across runs (and an organiser can look it up in the server's log).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Set
from dataclasses import dataclass, field, replace
from email.message import EmailMessage
from typing import TYPE_CHECKING, Any

from ..event.model import Event
from ..event.uids import event_uid
from .entries import Attendee, Entry, localiser
from .invites import CalendarFile, Invites, personal_calendar, personal_issue
from .ledger import Ledger, Sent
from .mail import compose, eml_file_name, invitation, kind_word
from .requirements import invite_organiser

if TYPE_CHECKING:
    from .translated_invites import Versions

UTC = dt.UTC


@dataclass(frozen=True)
class Planned:
    """One message for one recipient, and what to do with it."""

    address: str  # as the event file writes it (the To)
    uid: str
    method: str  # REQUEST or CANCEL
    sequence: int
    kind: str  # invitation, update, reinvitation, reminder, resend, cancellation
    reason: str  # what it is and why, for the terminal
    message: EmailMessage
    path: str  # where --eml writes it, relative to the output folder
    send: bool  # due to be sent this run
    held: Sent | None = None  # an earlier attempt with no known outcome (not sent again unless forced)

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"])


@dataclass
class MailPlan:
    messages: list[Planned]
    state: dict[str, Any]  # the invites state with the recipients' own SEQUENCEs
    up_to_date: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def to_send(self) -> list[Planned]:
        return [m for m in self.messages if m.send]

    @property
    def held(self) -> list[Planned]:
        return [m for m in self.messages if m.held is not None and not m.send]


def message_id(event: Event, address: str, uid: str, method: str, sequence: int, copy: int) -> str:
    digest = hashlib.sha256(
        "\0".join([event.id, address.lower(), uid, method, str(sequence), str(copy)]).encode("utf-8")
    ).hexdigest()[:32]
    return f"<{digest}@{invite_organiser(event).email.rsplit('@', 1)[1]}>"


def _session_of(event: Event, uid: str, state: dict[str, Any]) -> tuple[str, str]:
    """(session id, title) of a session UID, from the agenda or, once removed, the invites state ('' for the event)."""
    record = state.get("issued", {}).get(uid) or {}
    session_id = record.get("session", "")
    session = next((s for s in event.agenda if s.id == session_id), None)
    return session_id, session.title if session else record.get("summary", "").rsplit(" (", 1)[0]


class _Planner:
    def __init__(
        self,
        event: Event,
        invites: Invites,
        ledger: Ledger,
        declined: dict[str, frozenset[str]],
        forced: bool | Set[str],
        reminders: Set[str],
        only: Set[str] | None,
        now: dt.datetime,
        versions: Versions | None = None,
    ) -> None:
        self.event, self.ledger, self.declined = event, ledger, declined
        self.organiser = invite_organiser(event)
        self.versions = versions  # translated_invites.Versions: each recipient's words in their language
        self.shared = invites.files
        self.forced, self.reminders, self.only = forced, reminders, only
        self.now = now
        self.state = json.loads(json.dumps(invites.state))
        self.issued = self.state.setdefault("issued", {})
        self.plan = MailPlan([], self.state)
        # UID -> (the calendar file, its entry, SEQUENCE, DTSTAMP) for the mailable calendars
        self.calendars: dict[str, tuple[CalendarFile, Entry, int, dt.datetime]] = {}
        for calendar in invites.files:
            if calendar.path == "invite.ics" or calendar.path.startswith("sessions/"):
                for entry, sequence, stamp in calendar.entries:
                    self.calendars[entry.uid] = (calendar, entry, sequence, stamp)

    # ------------------------------------------------------------ helpers

    def selected(self, address: str) -> bool:
        return self.only is None or address.lower() in self.only

    def is_forced(self, address: str) -> bool:
        return self.forced is True or address.lower() in (self.forced or ()) or address.lower() in self.reminders

    def path(self, uid: str, address: str) -> str:
        if uid == event_uid(self.event):
            return f"mail/{eml_file_name(address)}"
        session_id, _ = _session_of(self.event, uid, self.state)
        return f"mail/sessions/{session_id}/{eml_file_name(address)}"

    def subject(self, uid: str, prefix: str, event: Event) -> str:
        if uid == event_uid(event):
            return f"{prefix}: {event.event.title} ({localiser(event).date_text})"
        _, title = _session_of(event, uid, self.state)
        return f"{prefix}: {title} ({event.event.title})"

    def bodies(
        self,
        uid: str,
        attendee: Attendee,
        calendar: CalendarFile,
        withdrawn: bool,
        event: Event,
        kind: str = "invitation",
    ) -> tuple[str, str]:
        """The message's text and HTML in ``event``'s language (the recipient's); a session's update says that the
        session changed."""
        from .mail import _bodies, _facts
        from .session_mail import cancelled_lines

        local, title = localiser(event), event.event.title
        if uid == event_uid(event):
            if withdrawn:
                return compose(
                    event,
                    attendee,
                    local.fill("mail_withdrawn_lead", kind=kind_word(event), title=title),
                    local.label("mail_cancel_attached"),
                    _facts(event),
                )
            return _bodies(event, attendee, calendar)
        _, session_title = _session_of(event, uid, self.state)
        if calendar.method == "CANCEL":
            lines = cancelled_lines(event, calendar, local)
            lead = local.label("mail_session_withdrawn" if withdrawn else "mail_session_cancelled")
            return compose(event, attendee, lead, local.label("mail_cancel_attached"), [], items=lines)
        from .session_mail import session_facts

        session = next(s for s in event.agenda if s.id == _session_of(event, uid, self.state)[0])
        # an update (the session moved, or changed room) says so, with the session as it is now
        key = "mail_session_changed" if kind == "update" else "mail_session_invited"
        lead = local.fill(key, session=session_title, kind=kind_word(event), title=title)
        from .salutations import person_by_email

        person = person_by_email(event, attendee.email)
        return compose(
            event,
            attendee,
            lead,
            local.label("mail_attached"),
            session_facts(event, session, person.id if person else ""),
            notes=True,
        )

    def in_language_of(self, address: str, calendar: CalendarFile) -> tuple[Event, CalendarFile]:
        """The event and ``calendar`` in the language of whoever has this address (their own, their delegation's,
        else the event's first): the same UIDs, SEQUENCE and DTSTAMP, the words of their language."""
        if self.versions is None or self.versions.language_of(address) == self.versions.first:
            return self.event, calendar
        event, invites = self.versions.of(address)
        if any(calendar is shared for shared in self.shared):  # a calendar everyone of it gets
            return event, next((f for f in invites.files if f.path == calendar.path), calendar)
        own = {entry.uid: entry for f in invites.files for entry, _, _ in f.entries}
        entries = [
            (replace(own[entry.uid], status=entry.status, attendees=entry.attendees), sequence, stamp)
            if entry.uid in own
            else (entry, sequence, stamp)
            for entry, sequence, stamp in calendar.entries
        ]
        if len(entries) != 1:
            return event, calendar
        ((entry, sequence, stamp),) = entries  # a calendar of one recipient's own (their SEQUENCE)
        return event, personal_calendar(calendar.path, calendar.method, entry, sequence, stamp, self.organiser)

    def add(
        self,
        address: str,
        uid: str,
        calendar: CalendarFile,
        kind: str,
        reason: str,
        send: bool,
        held: Sent | None = None,
        withdrawn: bool = False,
        attendee: Attendee | None = None,
    ) -> None:
        attendee = attendee or next(
            (a for a in calendar.attendees if a.email.lower() == address.lower()),
            Attendee(address, "", "REQ-PARTICIPANT"),
        )
        labels = {
            "invitation": "mail_invitation",
            "update": "mail_updated_invitation",
            "reinvitation": "mail_invitation",
            "reminder": "mail_reminder",
            "resend": "mail_invitation",
            "cancellation": "mail_withdrawn" if withdrawn and uid == event_uid(self.event) else "mail_cancelled",
        }
        if kind == "resend" and calendar.sequence:
            labels["resend"] = "mail_updated_invitation"
        copy = self.ledger.copies(address, uid, calendar.sequence, calendar.method)
        if held is not None:
            copy = self.ledger.copies(address, uid, held.sequence, held.method)
        event, words = self.in_language_of(address, calendar)
        message = invitation(
            event,
            words,
            attendee,
            subject=self.subject(uid, localiser(event).label(labels[kind]), event),
            bodies=self.bodies(uid, attendee, words, withdrawn, event, kind),
            message_id=message_id(self.event, address, uid, calendar.method, calendar.sequence, copy),
        )
        self.plan.messages.append(
            Planned(
                attendee.email,
                uid,
                calendar.method,
                calendar.sequence,
                kind,
                reason,
                message,
                self.path(uid, address),
                send and self.selected(address),
                held,
            )
        )

    def personal(self, uid: str, address: str, entry: Entry, method: str, floor: int) -> CalendarFile:
        key = f"{uid} for {address.lower()}"
        sequence, stamp = personal_issue(entry, self.issued, key, floor, self.now)
        calendar_path = "invite.ics" if uid == event_uid(self.event) else f"sessions/{entry.session}.ics"
        return personal_calendar(calendar_path, method, entry, sequence, stamp, self.organiser)

    # ------------------------------------------------------------ invitations

    def invitations(self) -> None:
        for uid, (calendar, entry, sequence, _) in self.calendars.items():
            for attendee in calendar.attendees:
                if calendar.method == "REQUEST":
                    self.invitation(uid, calendar, entry, sequence, attendee)
                elif calendar.method == "CANCEL" and not self.ledger.sent_to(attendee.email, uid):
                    # never sent that UID: --eml writes the cancellation, nothing is sent
                    self.add(
                        attendee.email,
                        uid,
                        calendar,
                        "cancellation",
                        "never sent this invitation",
                        False,
                        attendee=attendee,
                    )

    def invitation(self, uid: str, calendar: CalendarFile, entry: Entry, sequence: int, attendee: Attendee) -> None:
        address = attendee.email
        last = self.ledger.last_accepted(address, uid)
        unknown = self.ledger.since_accepted(address, uid, "attempting")
        key = f"{uid} for {address.lower()}"
        if key in self.issued or (last is not None and last.method == "CANCEL"):
            floor = max(sequence, last.sequence + 1 if last is not None and last.method == "CANCEL" else 0)
            calendar = self.personal(uid, address, entry, "REQUEST", floor)
            sequence = calendar.sequence
        forced = self.is_forced(address)
        if unknown is not None and (unknown.sequence, unknown.method) == (sequence, "REQUEST") and not forced:
            self.add(
                address,
                uid,
                calendar,
                unknown.kind,
                f"an earlier run stopped while sending this ({unknown.time}, "
                f"Message-ID {unknown.message_id}): it may have arrived, so it is not sent again; if it did not, "
                f"--resend --to {address} sends it",
                False,
                held=unknown,
                attendee=attendee,
            )
            return
        refused = self.ledger.since_accepted(address, uid, "refused")
        again = f" (refused last time: {refused.answer})" if refused is not None and refused.answer else ""
        if last is None:
            self.add(address, uid, calendar, "invitation", "new invitation" + again, True, attendee=attendee)
        elif last.method == "CANCEL":
            self.add(
                address,
                uid,
                calendar,
                "reinvitation",
                "invited again after a cancellation" + again,
                True,
                attendee=attendee,
            )
        elif last.sequence < sequence:
            self.add(
                address,
                uid,
                calendar,
                "update",
                f"updated (SEQUENCE {last.sequence} -> {sequence}: time, place, programme or status changed)" + again,
                True,
                attendee=attendee,
            )
        elif forced:
            reminder = address.lower() in self.reminders
            self.add(
                address,
                uid,
                calendar,
                "reminder" if reminder else "resend",
                "reminder (no answer yet)" if reminder else "sent again (--resend)",
                True,
                attendee=attendee,
            )
        else:
            self.plan.up_to_date.append(address)
            kind = (
                "update"
                if any(e.sequence < sequence for e in self.ledger.of(address, uid) if e.outcome == "accepted")
                else "invitation"
            )
            self.add(address, uid, calendar, kind, "up to date", False, attendee=attendee)

    # ------------------------------------------------------------ cancellations

    def cancellations(self) -> None:
        wanted = {
            uid: {a.email.lower() for a in calendar.attendees}
            for uid, (calendar, *_) in self.calendars.items()
            if calendar.method == "REQUEST"
        }
        whole = self.declined.get(event_uid(self.event), frozenset())
        for address, held in sorted(self.ledger.holders().items()):
            for uid, last in held.items():
                if address in wanted.get(uid, ()):
                    continue
                if address in whole or address in self.declined.get(uid, frozenset()):
                    continue  # they declined: they know
                self.cancellation(address, uid, last)

    def cancellation(self, address: str, uid: str, last: Sent) -> None:
        found = self.calendars.get(uid)
        record = self.issued.get(uid)
        attendee = Attendee(address, self.event_name(address), "REQ-PARTICIPANT")
        if found is not None and found[0].method == "CANCEL":  # cancelled or removed for everyone
            calendar, entry, sequence, stamp = found
            entry = replace(entry, attendees=(attendee,))
            calendar = personal_calendar(
                calendar.path, "CANCEL", entry, max(sequence, last.sequence + 1), stamp, self.organiser
            )
            withdrawn, why = False, self.why_cancelled(uid)
        elif found is not None or record is not None:  # goes on without them
            entry = found[1] if found is not None else Entry.from_record(uid, record)
            main = found[2] if found is not None else record["sequence"]
            cancelled = replace(entry, status="CANCELLED", attendees=(attendee,))
            calendar = self.personal(uid, address, cancelled, "CANCEL", max(main, last.sequence) + 1)
            withdrawn = True
            why = (
                "no longer invited to the event"
                if uid == event_uid(self.event)
                else f"no longer in the session '{_session_of(self.event, uid, self.state)[1]}'"
            )
        else:
            self.plan.problems.append(
                f"{address}: cannot cancel {uid} (sent {last.time}): the invites state has no "
                "record of it; remove it from their calendar by hand"
            )
            return
        unknown = self.ledger.since_accepted(address, uid, "attempting")
        if unknown is not None and unknown.method == "CANCEL" and not self.is_forced(address):
            self.add(
                address,
                uid,
                calendar,
                "cancellation",
                f"an earlier run stopped while sending this cancellation "
                f"({unknown.time}, Message-ID {unknown.message_id}): not sent again; --resend --to {address} "
                "sends it",
                False,
                held=unknown,
                withdrawn=withdrawn,
                attendee=attendee,
            )
            return
        self.add(
            address, uid, calendar, "cancellation", f"cancellation: {why}", True, withdrawn=withdrawn, attendee=attendee
        )

    def event_name(self, address: str) -> str:
        person = next((p for p in self.event.people.values() if p.email and p.email.lower() == address), None)
        return person.full_name if person else ""

    def why_cancelled(self, uid: str) -> str:
        if uid == event_uid(self.event):
            return "the event is cancelled"
        session_id, title = _session_of(self.event, uid, self.state)
        session = next((s for s in self.event.agenda if s.id == session_id), None)
        if session is None:
            return f"the session '{title}' was removed from the agenda"
        if session.status == "cancelled" or self.event.event.status == "cancelled":
            return f"the session '{title}' is cancelled"
        if session.status == "deferred":
            return f"the session '{title}' is deferred"
        return f"the session '{title}' has no times any more"


def plan_mail(
    event: Event,
    invites: Invites,
    ledger: Ledger,
    declined: dict[str, frozenset[str]],
    *,
    forced: bool | Set[str] = False,
    reminders: Set[str] = frozenset(),
    only: Set[str] | None = None,
    now: dt.datetime | None = None,
    versions: Versions | None = None,
) -> MailPlan:
    """Every message of this run, per recipient and UID (see the module's text). ``forced``: True or the
    addresses (lower case) to send again even when up to date; ``reminders``: addresses sent their invitation again
    as a reminder; ``only``: send to these addresses only (the others' messages are planned but not sent);
    ``versions`` (translated_invites.Versions, for an event issued in several languages): each message in its
    recipient's language."""
    now = (now or dt.datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    planner = _Planner(
        event,
        invites,
        ledger,
        declined,
        forced,
        {a.lower() for a in reminders},
        {a.lower() for a in only} if only is not None else None,
        now,
        versions,
    )
    planner.invitations()
    planner.cancellations()
    return planner.plan
