"""Answers to the invitations: iMIP REPLY messages (RFC 6047) → who accepted, declined or is tentative.

Calendar programs answer an invitation with an e-mail carrying a ``text/calendar; method=REPLY`` part whose VEVENT
has the invitation's UID and one ATTENDEE with its PARTSTAT: Thunderbird sends it inline and again as an
``invite.ics`` attachment, Outlook base64-encoded inside multipart/alternative (with Windows time-zone names and
``MAILTO:`` in capitals). Messages come as .eml files, an mbox file, or a Maildir (or a folder of .eml files).

The answers are kept beside the event file in ``<stem>.replies.json`` (commit it with the event), per invitation
UID and e-mail address, each with its PARTSTAT and the date of the answer; a later answer replaces an earlier
one, an older one never overwrites a newer one.

Library code: functions return values and raise; they never print.
"""
from __future__ import annotations

import datetime as dt
import json
import mailbox
import re
from dataclasses import dataclass
from email import policy
from email.message import Message
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from pathlib import Path

from ..errors import BuildError
from ..event.model import Event
from ..event.uids import event_uid, session_uid
from ..output import write_atomically

ANSWERS = {"ACCEPTED": "accepted", "DECLINED": "declined", "TENTATIVE": "tentative"}
UTC = dt.timezone.utc


@dataclass(frozen=True)
class Reply:
    source: str        # the file (and message number in a mailbox) it came from
    uid: str
    email: str
    name: str
    partstat: str      # ACCEPTED, DECLINED or TENTATIVE
    date: dt.datetime  # when the attendee answered (the reply's DTSTAMP, else the message's Date)
    sequence: int = 0


@dataclass(frozen=True)
class Skipped:
    """A message (or a part of one) that gave no usable answer, and why."""
    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


# ------------------------------------------------------------------ reading messages

def read_messages(paths: list[Path]) -> tuple[list[tuple[str, Message]], list[Skipped]]:
    """Every message in ``paths`` (.eml files, mbox files, Maildirs, folders of .eml), with its source name."""
    messages, skipped = [], []
    parser = BytesParser(policy=policy.default)
    for path in map(Path, paths):
        name = str(path)
        try:
            if path.is_dir() and all((path / sub).is_dir() for sub in ("cur", "new")):
                box = mailbox.Maildir(path, factory=None, create=False)
                for key in sorted(box.keys()):
                    messages.append((f"{name}/{key}", parser.parsebytes(box.get_bytes(key))))
            elif path.is_dir():
                for file in sorted(path.glob("*.eml")):
                    messages.append((str(file), parser.parsebytes(file.read_bytes())))
            elif not path.exists():
                skipped.append(Skipped(name, "no such file"))
            else:
                raw = path.read_bytes()
                if raw.startswith(b"From "):
                    box = mailbox.mbox(path, factory=None, create=False)
                    for number, key in enumerate(box.keys(), 1):
                        messages.append((f"{name}#{number}", parser.parsebytes(box.get_bytes(key))))
                else:
                    messages.append((name, parser.parsebytes(raw)))
        except OSError as exc:
            skipped.append(Skipped(name, f"cannot be read: {exc.strerror or exc}"))
    return messages, skipped


def calendar_parts(message: Message) -> list[bytes]:
    """The iCalendar data of a message: text/calendar parts, else .ics attachments (Thunderbird sends both)."""
    inline, attached = [], []
    for part in message.walk():
        if part.is_multipart():
            continue
        kind = part.get_content_type()
        filename = (part.get_filename() or "").lower()
        if kind == "text/calendar":
            inline.append(part.get_payload(decode=True) or b"")
        elif kind in ("application/ics", "application/octet-stream") and filename.endswith(".ics"):
            attached.append(part.get_payload(decode=True) or b"")
    return inline or attached


# ------------------------------------------------------------------ iCalendar content lines

CONTENT_LINE = re.compile(r'^(?P<name>[A-Za-z0-9-]+)(?P<params>(?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,]*)'
                          r'(?:,(?:"[^"]*"|[^";:,]*))*)*):(?P<value>.*)$')
PARAM = re.compile(r';([A-Za-z0-9-]+)=("[^"]*"|[^";:]*)')


def content_lines(data: bytes) -> list[tuple[str, dict[str, str], str]]:
    """(NAME, {PARAM: value}, value) for each unfolded line of an iCalendar text (RFC 5545 section 3.1)."""
    text = data.decode("utf-8", errors="replace")
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    lines = []
    for line in unfolded.splitlines():
        m = CONTENT_LINE.match(line)
        if not m:
            continue
        params = {key.upper(): value.strip('"') for key, value in PARAM.findall(m["params"])}
        lines.append((m["name"].upper(), params, m["value"]))
    return lines


def _stamp(value: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(value.strip()[:15], "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def parse_reply(data: bytes, source: str, sent: dt.datetime | None,
                sender: str = "") -> tuple[list[Reply], list[Skipped]]:
    """The answers in one calendar: one per VEVENT and ATTENDEE with ACCEPTED, DECLINED or TENTATIVE.

    A REPLY names only the attendee who answers (RFC 5546 3.2.3); when a client lists more, only the one who
    sent the message (``sender``) is taken, as the others' PARTSTAT is not theirs to give."""
    lines = content_lines(data)
    method = next((value.strip().upper() for name, _, value in lines if name == "METHOD"), "")
    if method != "REPLY":
        return [], [Skipped(source, f"not a reply (METHOD:{method or 'none'})")]
    replies, skipped = [], []
    depth, event = [], None
    for name, params, value in lines:
        if name == "BEGIN":
            depth.append(value.strip().upper())
            if depth[-1] == "VEVENT":
                event = {"attendees": [], "uid": "", "stamp": None, "sequence": 0}
        elif name == "END":
            closing = depth.pop() if depth else ""
            if closing == "VEVENT" and event is not None:
                attendees = event["attendees"]
                if len(attendees) > 1 and sender:
                    attendees = [a for a in attendees if a[0].lower() == sender.lower()] or attendees
                for email, cn, partstat in attendees:
                    if partstat not in ANSWERS:
                        skipped.append(Skipped(source, f"{email}: PARTSTAT={partstat or 'none'} is not an answer"))
                        continue
                    date = event["stamp"] or sent or dt.datetime.now(UTC)
                    replies.append(Reply(source, event["uid"], email, cn, partstat, date, event["sequence"]))
                event = None
        elif event is not None and depth and depth[-1] == "VEVENT":
            if name == "UID":
                event["uid"] = value.strip()
            elif name == "DTSTAMP":
                event["stamp"] = _stamp(value)
            elif name == "SEQUENCE" and value.strip().isdigit():
                event["sequence"] = int(value.strip())
            elif name == "ATTENDEE":
                email = re.sub(r"(?i)^mailto:", "", value.strip())
                event["attendees"].append((email, params.get("CN", ""), params.get("PARTSTAT", "").upper()))
    if not replies and not skipped:
        skipped.append(Skipped(source, "the reply has no ATTENDEE with an answer"))
    return replies, skipped


def replies_in(messages: list[tuple[str, Message]]) -> tuple[list[Reply], list[Skipped]]:
    replies, skipped = [], []
    for source, message in messages:
        parts = calendar_parts(message)
        if not parts:
            skipped.append(Skipped(source, "no calendar (text/calendar) part: not an invitation reply"))
            continue
        try:
            sent = parsedate_to_datetime(str(message["Date"])) if message["Date"] else None
        except (TypeError, ValueError):
            sent = None
        sender = ""
        try:
            addresses = message["From"].addresses if message["From"] is not None else ()
            sender = addresses[0].addr_spec if addresses else ""
        except (AttributeError, IndexError, ValueError):
            pass
        found, bad = parse_reply(parts[0], source, sent, sender)
        replies += found
        skipped += bad
    return replies, skipped


# ------------------------------------------------------------------ the event's answers

def replies_path(event_file: Path | str) -> Path:
    event_file = Path(event_file)
    return event_file.with_name(f"{event_file.stem}.replies.json")


def load_replies(event_file: Path | str) -> dict[str, dict[str, dict]]:
    """{uid: {e-mail (lower case): {"partstat", "date", "name"}}} of an event file ({} when there is none yet)."""
    path = replies_path(event_file)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise BuildError(f"cannot read {path}: {exc} (restore it from version control)") from exc
    if not isinstance(data, dict) or not isinstance(data.get("replies"), dict):
        raise BuildError(f"{path} has no 'replies' table (restore it from version control)")
    return data["replies"]


def save_replies(event_file: Path | str, replies: dict) -> bool:
    """Write the answers beside the event file when they changed; True if written."""
    path = replies_path(event_file)
    text = json.dumps({"about": "Answers to the invitations, recorded by `eventkit replies` from iMIP REPLY "
                                "messages: per invitation UID and e-mail, PARTSTAT and the date of the answer. "
                                "Commit it with the event file.",
                       "replies": replies}, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    write_atomically(path, text)
    return True


def event_uids(event: Event) -> dict[str, str]:
    """UID → what it invites to: '' for the whole event, else the session's id."""
    return {event_uid(event): "", **{session_uid(event, s.id): s.id for s in event.agenda}}


@dataclass(frozen=True)
class Recorded:
    reply: Reply
    person: str      # the person's id, "" when the address is not in the event file
    session: str     # "" for the whole event
    changed: bool    # False when the same or a newer answer was already recorded


def record_replies(event: Event, known: dict, replies: list[Reply]) -> tuple[dict, list[Recorded], list[Skipped]]:
    """Merge ``replies`` into ``known`` (not modified; the new table is returned)."""
    table = json.loads(json.dumps(known))
    uids = event_uids(event)
    people = {p.email.lower(): pid for pid, p in event.people.items() if p.email}
    recorded, skipped = [], []
    for reply in sorted(replies, key=lambda r: r.date):
        if reply.uid not in uids:
            skipped.append(Skipped(reply.source, f"{reply.email}: UID {reply.uid!r} is not an invitation of "
                                                 f"this event ({event.id})"))
            continue
        email = reply.email.lower()
        old = table.get(reply.uid, {}).get(email)
        date = reply.date.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        entry = {"partstat": reply.partstat, "date": date, "name": reply.name}
        changed = not old or (old["date"] <= date and (old["partstat"], old.get("name", "")) != (reply.partstat, reply.name))
        if changed:
            table.setdefault(reply.uid, {})[email] = entry
        recorded.append(Recorded(reply, people.get(email, ""), uids[reply.uid], changed))
    return table, recorded, skipped


def answer(event: Event, replies: dict, email: str, session: str = "") -> tuple[str, str]:
    """(PARTSTAT, date) of ``email``'s answer to the event's (or a session's) invitation, or ("", "")."""
    uid = session_uid(event, session) if session else event_uid(event)
    entry = replies.get(uid, {}).get(email.lower())
    return (entry["partstat"], entry["date"]) if entry else ("", "")


def declined(event: Event, replies: dict) -> dict[str, frozenset[str]]:
    """UID → e-mails (lower case) to leave out of that invitation. Declining the whole event leaves a person out
    of every invitation; declining a session, out of that session's."""
    whole = frozenset(e for e, entry in replies.get(event_uid(event), {}).items() if entry["partstat"] == "DECLINED")
    result = {uid: whole | frozenset(e for e, entry in replies.get(uid, {}).items() if entry["partstat"] == "DECLINED")
              for uid in event_uids(event)}
    return {uid: emails for uid, emails in result.items() if emails}
