"""Reading iMIP REPLY e-mails (RFC 6047): messages from files, mboxes and Maildirs, their calendar parts, who sent
them and when they arrived, and the answers in them.

Calendar programs answer an invitation with an e-mail carrying a ``text/calendar; method=REPLY`` part whose VEVENT
has the invitation's UID and one ATTENDEE with its PARTSTAT: Thunderbird sends it inline and again as an
``invite.ics`` attachment, Outlook base64-encoded inside multipart/alternative (with Windows time-zone names and
``MAILTO:`` in capitals).

Every message is someone else's data: a message over 25 MB or with more than 50 nested multipart parts is refused
(Python's parser would recurse without end), SEQUENCE must be an RFC 5545 integer (``SEQUENCE:²`` and 5,000
digits are located errors), an attendee address with a control character or that is no address is refused, and
names and comments lose their control characters before they are kept.

Library code: functions return values and raise; they never print.
"""

from __future__ import annotations

import datetime as dt
import mailbox
import re
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TypedDict

from ..event.field_rules import SINGLE_LINE_FORBIDDEN
from ..event.load import EMAIL_PATTERN

ANSWERS = {"ACCEPTED": "accepted", "DECLINED": "declined", "TENTATIVE": "tentative"}
UTC = dt.UTC
MAX_MESSAGE_BYTES = 25 * 1024 * 1024
MAX_MULTIPARTS = 50
MAX_SEQUENCE = 2**31 - 1


@dataclass(frozen=True)
class Reply:
    source: str  # the file (and message number in a mailbox) it came from
    uid: str
    email: str  # the ATTENDEE's address
    name: str
    partstat: str  # ACCEPTED, DECLINED or TENTATIVE
    date: dt.datetime  # when the attendee answered: the reply's DTSTAMP, never later than the message's arrival
    sequence: int = 0
    sender: str = ""  # the message's From (and Sender, when it names someone else: "" = not one address)
    comment: str = ""  # the reply's COMMENT, on one line


@dataclass(frozen=True)
class Skipped:
    """A message (or a part of one) that gave no usable answer, and why."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(frozen=True)
class Mail:
    """A message read from a file or a mailbox: where it came from and when it arrived (IMAP's INTERNALDATE, or
    the first Received line, or its Date; None when none can be read)."""

    source: str
    message: EmailMessage
    arrived: dt.datetime | None = None


# ------------------------------------------------------------------ reading messages


def parse_message(raw: bytes, source: str, arrived: dt.datetime | None = None) -> Mail | Skipped:
    if len(raw) > MAX_MESSAGE_BYTES:
        return Skipped(
            source, f"the message is {len(raw) / 1048576:.0f} MB; a reply is at most {MAX_MESSAGE_BYTES // 1048576} MB"
        )
    if len(re.findall(rb"(?i)boundary\s*=", raw)) > MAX_MULTIPARTS:
        return Skipped(source, f"the message nests more than {MAX_MULTIPARTS} multipart parts: not read")
    try:
        return Mail(source, BytesParser(policy=policy.default).parsebytes(raw), arrived)
    except (RecursionError, ValueError, TypeError, LookupError) as exc:
        return Skipped(source, f"the message cannot be parsed ({type(exc).__name__})")


def read_messages(paths: list[Path]) -> tuple[list[Mail], list[Skipped]]:
    """Every message in ``paths`` (.eml files, mbox files, Maildirs, folders of .eml), with its source name."""
    messages: list[Mail] = []
    skipped: list[Skipped] = []

    def add(raw: bytes, source: str) -> None:
        found = parse_message(raw, source)
        if isinstance(found, Mail):
            messages.append(found)
        else:
            skipped.append(found)

    for path in map(Path, paths):
        name = str(path)
        try:
            if path.is_dir() and all((path / sub).is_dir() for sub in ("cur", "new")):
                maildir = mailbox.Maildir(path, factory=None, create=False)
                for key in sorted(maildir.keys()):
                    add(maildir.get_bytes(key), f"{name}/{key}")
            elif path.is_dir():
                for file in sorted(path.glob("*.eml")):
                    if file.is_file():
                        add(file.read_bytes(), str(file))
            elif not path.exists():
                skipped.append(Skipped(name, "no such file"))
            elif not path.is_file():
                skipped.append(Skipped(name, "is not a regular file (a FIFO or a device?): not read"))
            elif path.stat().st_size > 20 * MAX_MESSAGE_BYTES:
                skipped.append(Skipped(name, f"is larger than {20 * MAX_MESSAGE_BYTES // 1048576} MB: not read"))
            else:
                raw = path.read_bytes()
                if raw.startswith(b"From "):
                    mbox = mailbox.mbox(path, factory=None, create=False)
                    for number, key in enumerate(mbox.keys(), 1):
                        add(mbox.get_bytes(key), f"{name}#{number}")
                else:
                    add(raw, name)
        except OSError as exc:
            skipped.append(Skipped(name, f"cannot be read: {exc.strerror or exc}"))
    return messages, skipped


def calendar_parts(message: EmailMessage) -> list[bytes]:
    """The iCalendar data of a message: text/calendar parts, else .ics attachments (Thunderbird sends both)."""
    inline: list[bytes] = []
    attached: list[bytes] = []
    for part in message.walk():
        if part.is_multipart():
            continue
        kind = part.get_content_type()
        filename = (part.get_filename() or "").lower()
        if kind == "text/calendar":
            inline.append(_decoded(part))
        elif kind in ("application/ics", "application/octet-stream") and filename.endswith(".ics"):
            attached.append(_decoded(part))
    return inline or attached


def _decoded(part: Message) -> bytes:
    """A leaf part's content, its transfer encoding undone (b"" when it has none)."""
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""


def _date(value: object) -> dt.datetime | None:
    try:
        moment = parsedate_to_datetime(str(value).rsplit(";", 1)[-1].strip())
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def arrival(mail: Mail) -> dt.datetime | None:
    """When the message arrived: IMAP's INTERNALDATE, else the newest Received line's date, else its Date."""
    if mail.arrived is not None:
        return mail.arrived
    try:
        received = mail.message.get_all("Received") or []
        for value in received[:1]:
            moment = _date(value)
            if moment is not None:
                return moment
        return _date(mail.message["Date"]) if mail.message["Date"] else None
    except (TypeError, ValueError, IndexError, AttributeError):
        return None


def sender(message: EmailMessage) -> str:
    """The one address the message is from: From's single address, and Sender's when present (both must be the
    same); "" when there is no single such address."""
    found: list[str] = []
    for header in ("From", "Sender"):
        try:
            value = message[header]
            if value is None:
                continue
            addresses = value.addresses
        except (AttributeError, IndexError, ValueError, TypeError):
            return ""
        if len(addresses) != 1:
            return ""
        found.append(addresses[0].addr_spec.lower())
    if not found or len(set(found)) != 1 or not EMAIL_PATTERN.match(found[0]):
        return ""
    return found[0]


# ------------------------------------------------------------------ iCalendar content lines

CONTENT_LINE = re.compile(
    r'^(?P<name>[A-Za-z0-9-]+)(?P<params>(?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,]*)'
    r'(?:,(?:"[^"]*"|[^";:,]*))*)*):(?P<value>.*)$'
)
PARAM = re.compile(r';([A-Za-z0-9-]+)=("[^"]*"|[^";:]*)')


def content_lines(data: bytes) -> list[tuple[int, str, dict[str, str], str]]:
    """(line number, NAME, {PARAM: value}, value) for each unfolded line of an iCalendar text (RFC 5545 3.1)."""
    text = data.decode("utf-8", errors="replace")
    lines, number = [], 0
    for physical in re.split(r"\r?\n(?![ \t])", text):
        number += 1
        line = re.sub(r"\r?\n[ \t]", "", physical)
        m = CONTENT_LINE.match(line)
        if m:
            params = {key.upper(): value.strip('"') for key, value in PARAM.findall(m["params"])}
            lines.append((number, m["name"].upper(), params, m["value"]))
        number += physical.count("\n")
    return lines


def _stamp(value: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(value.strip()[:15], "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def _text(value: str, limit: int = 500) -> str:
    """A TEXT value (RFC 5545 escapes undone) on one line, without control characters, at most ``limit`` long."""
    value = re.sub(r"\\([nN])", " ", value)
    value = re.sub(r"\\(.)", r"\1", value)
    return " ".join(SINGLE_LINE_FORBIDDEN.sub(" ", value).split())[:limit]


class _ReplyEvent(TypedDict):
    """What :func:`parse_reply` gathers of one VEVENT of a reply."""

    attendees: list[tuple[str, str, str, int]]  # (e-mail, CN, PARTSTAT, calendar line number)
    uid: str
    stamp: dt.datetime | None
    sequence: int
    comment: str


def parse_reply(
    data: bytes, source: str, sent: dt.datetime | None, from_address: str = ""
) -> tuple[list[Reply], list[Skipped]]:
    """The answers in one calendar: one per VEVENT and ATTENDEE with ACCEPTED, DECLINED or TENTATIVE.

    A REPLY names only the attendee who answers (RFC 5546 3.2.3); when a client lists more, only the one who
    sent the message (``from_address``) is taken. ``sent`` is when the message arrived: a DTSTAMP after it (or
    missing) is replaced by it, so that no answer can date itself into the future."""
    lines = content_lines(data)
    method = next((value.strip().upper() for _, name, _, value in lines if name == "METHOD"), "")
    if method != "REPLY":
        return [], [Skipped(source, f"not a reply (METHOD:{method or 'none'})")]
    replies: list[Reply] = []
    skipped: list[Skipped] = []
    depth: list[str] = []
    event: _ReplyEvent | None = None
    for number, name, params, value in lines:
        if name == "BEGIN":
            depth.append(value.strip().upper())
            if depth[-1] == "VEVENT":
                event = {"attendees": [], "uid": "", "stamp": None, "sequence": 0, "comment": ""}
        elif name == "END":
            closing = depth.pop() if depth else ""
            if closing == "VEVENT" and event is not None:
                _answers(event, source, sent, from_address, replies, skipped)
                event = None
        elif event is not None and depth and depth[-1] == "VEVENT":
            if name == "UID":
                event["uid"] = value.strip()
            elif name == "DTSTAMP":
                event["stamp"] = _stamp(value)
            elif name == "COMMENT":
                event["comment"] = _text(value)
            elif name == "SEQUENCE":
                text = value.strip()
                if not re.fullmatch(r"[0-9]{1,10}", text) or int(text) > MAX_SEQUENCE:
                    skipped.append(
                        Skipped(
                            f"{source}: calendar line {number}",
                            f"SEQUENCE {text[:20]!r}{'...' if len(text) > 20 else ''} is not a whole "
                            f"number from 0 to {MAX_SEQUENCE} (RFC 5545)",
                        )
                    )
                    event = None
                    depth.pop()
                    depth.append("SKIPPED")
                    continue
                event["sequence"] = int(text)
            elif name == "ATTENDEE":
                email = re.sub(r"(?i)^mailto:", "", value.strip())
                event["attendees"].append(
                    (email, _text(params.get("CN", ""), 200), params.get("PARTSTAT", "").upper(), number)
                )
    if not replies and not skipped:
        skipped.append(Skipped(source, "the reply has no ATTENDEE with an answer"))
    return replies, skipped


def _answers(
    event: _ReplyEvent,
    source: str,
    sent: dt.datetime | None,
    from_address: str,
    replies: list[Reply],
    skipped: list[Skipped],
) -> None:
    attendees = event["attendees"]
    if len(attendees) > 1 and from_address:
        attendees = [a for a in attendees if a[0].lower() == from_address.lower()] or attendees
    now = dt.datetime.now(UTC)
    latest = min(sent, now) if sent is not None else now
    for email, cn, partstat, number in attendees:
        if SINGLE_LINE_FORBIDDEN.search(email) or not EMAIL_PATTERN.match(email) or len(email) > 254:
            skipped.append(
                Skipped(
                    f"{source}: calendar line {number}",
                    f"ATTENDEE {email[:80]!r} is not an e-mail address: not recorded",
                )
            )
            continue
        if partstat not in ANSWERS:
            skipped.append(Skipped(source, f"{email}: PARTSTAT={partstat[:20] or 'none'} is not an answer"))
            continue
        date = min(event["stamp"], latest) if event["stamp"] is not None else latest
        replies.append(
            Reply(
                source,
                _text(event["uid"], 300),
                email,
                cn,
                partstat,
                date,
                event["sequence"],
                from_address,
                event["comment"],
            )
        )


def replies_in(messages: list[Mail]) -> tuple[list[Reply], list[Skipped]]:
    replies, skipped = [], []
    for mail in messages:
        try:
            parts = calendar_parts(mail.message)
        except (RecursionError, ValueError, TypeError, LookupError) as exc:
            skipped.append(Skipped(mail.source, f"the message cannot be read ({type(exc).__name__})"))
            continue
        if not parts:
            skipped.append(Skipped(mail.source, "no calendar (text/calendar) part: not an invitation reply"))
            continue
        found, bad = parse_reply(parts[0], mail.source, arrival(mail), sender(mail.message))
        replies += found
        skipped += bad
    return replies, skipped
