"""Answers to the invitations: iMIP REPLY messages (reply_messages.py) -> who accepted, declined or is tentative.

The answers are kept beside the event file in ``<stem>.replies.json`` (commit it with the event), per invitation
UID and e-mail address, each with its PARTSTAT, the date of the answer, the name and the reply's COMMENT; a later
answer replaces an earlier one, an older one never overwrites a newer one.

An answer changes who is invited, so it is applied only when it can be trusted: the message is from the attendee
it answers for (its From -- and its Sender, when there is one -- is that ATTENDEE's address), and that attendee was
invited to that UID (``invited``, which the caller answers from the send ledger and the invites state). Any other
answer is not applied: it is listed with the reason and kept aside in the file's ``held`` list, until the organiser
accepts it explicitly (``eventkit replies EVENT --accept-from ADDRESS``).

Library code: functions return values and raise; they never print.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem
from ..event.field_rules import SINGLE_LINE_FORBIDDEN
from ..event.load import EMAIL_PATTERN
from ..event.model import Event
from ..event.state_files import StateFileError, key_location, read_state_json, state_file, write_state
from ..event.uids import event_uid, session_uid
from .reply_messages import ANSWERS, Reply, Skipped, parse_reply, read_messages, replies_in  # noqa: F401

UTC = dt.UTC
DATE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
RECOVER = "restore the file from version control, or delete this entry (the answer is then read again from its e-mail)"
# One address's answer to one invitation: {"partstat", "date", "name", "comment"} (a held one also has "uid",
# "email", "sender", "source" and "reason"); every value is text.
Answer = dict[str, str]
Answers = dict[str, dict[str, Answer]]  # invitation UID -> e-mail (lower case) -> its answer

ABOUT = (
    "Answers to the invitations, recorded by `eventkit replies` from iMIP REPLY messages: per invitation UID and "
    "e-mail, PARTSTAT, the date of the answer, the name and comment; 'held': answers not applied (not from the "
    "attendee, or not invited), until `eventkit replies --accept-from`. Commit it with the event file."
)


# ------------------------------------------------------------------ the file


def replies_path(event_file: Path | str) -> Path:
    return state_file(event_file, "replies")


def _text_problem(entry: dict[str, object], key: str, limit: int) -> str:
    value = entry.get(key, "")
    if not isinstance(value, str) or len(value) > limit or SINGLE_LINE_FORBIDDEN.search(value):
        return f"'{key}' is {json.dumps(value, ensure_ascii=False)[:60]}, not one line of text"
    return ""


def _answer_problem(entry: object) -> str:
    if not isinstance(entry, dict):
        return (
            f"the entry is {type(entry).__name__.replace('NoneType', 'null')}, not a table of partstat, date and name"
        )
    if entry.get("partstat") not in ANSWERS:
        return f"'partstat' is {json.dumps(entry.get('partstat'))[:40]}, not one of {', '.join(ANSWERS)}"
    date = entry.get("date")
    try:
        dt.datetime.strptime(date if isinstance(date, str) else "", DATE_FORMAT)
    except ValueError:
        return f"'date' is {json.dumps(entry.get('date'))[:40]}, not a UTC time like \"2026-11-29T10:15:00Z\""
    return _text_problem(entry, "name", 300) or _text_problem(entry, "comment", 600)


def _held_problem(entry: object) -> str:
    problem = _answer_problem(entry)
    if problem or not isinstance(entry, dict):
        return problem
    for key in ("uid", "email", "sender", "source", "reason"):
        if not isinstance(entry.get(key), str) or SINGLE_LINE_FORBIDDEN.search(entry[key]):
            return f"'{key}' is {json.dumps(entry.get(key), ensure_ascii=False)[:60]}, not one line of text"
    if not EMAIL_PATTERN.match(entry["email"]):
        return f"'email' is {json.dumps(entry['email'], ensure_ascii=False)[:60]}, not an e-mail address"
    return ""


def _check(path: Path, text: str, data: object) -> tuple[Answers, list[Answer]]:
    name = str(path)
    if not isinstance(data, dict) or not isinstance(data.get("replies"), dict):
        raise StateFileError(Problem(name, 1, 1, "", "has no 'replies' table", "restore it from version control"))
    for uid, answers in data["replies"].items():
        line, column = key_location(text, uid)
        where = f"replies[{json.dumps(uid, ensure_ascii=False)}]"
        if SINGLE_LINE_FORBIDDEN.search(uid) or not isinstance(answers, dict):
            raise StateFileError(
                Problem(name, line, column, where, "is not a table of answers by e-mail address", RECOVER)
            )
        start = text.find(json.dumps(uid, ensure_ascii=False))
        for email, entry in answers.items():
            problem = (
                "is not an e-mail address in lower case"
                if not EMAIL_PATTERN.match(email) or email != email.lower()
                else _answer_problem(entry)
            )
            if problem:
                line, column = key_location(text, email, max(start, 0))
                raise StateFileError(
                    Problem(name, line, column, f"{where}[{json.dumps(email, ensure_ascii=False)}]", problem, RECOVER)
                )
    held = data.get("held", [])
    if not isinstance(held, list):
        line, column = key_location(text, "held")
        raise StateFileError(Problem(name, line, column, "held", "is not a list", RECOVER))
    for number, entry in enumerate(held):
        problem = _held_problem(entry)
        if problem:
            line, column = key_location(text, "held")
            raise StateFileError(Problem(name, line, column, f"held[{number}]", problem, RECOVER))
    return data["replies"], held


def load_record(event_file: Path | str) -> tuple[Answers, list[Answer]]:
    """(answers {uid: {e-mail: {"partstat", "date", "name", "comment"}}}, held answers) of an event file, every
    entry checked (a damaged one, or a FIFO in the file's place, raises StateFileError, located)."""
    path = replies_path(event_file)
    found = read_state_json(path, "restore it from version control")
    return _check(path, *found) if found else ({}, [])


def load_replies(event_file: Path | str) -> Answers:
    return load_record(event_file)[0]


def save_replies(event_file: Path | str, replies: Answers, held: list[Answer] | None = None) -> bool:
    """Write the answers (and the held ones) beside the event file when they changed; True if written."""
    data: dict[str, object] = {"about": ABOUT, "replies": replies}
    if held:
        data["held"] = held
    return write_state(replies_path(event_file), data)


# ------------------------------------------------------------------ applying answers


def event_uids(event: Event) -> dict[str, str]:
    """UID → what it invites to: '' for the whole event, else the session's id."""
    return {event_uid(event): "", **{session_uid(event, s.id): s.id for s in event.agenda}}


@dataclass(frozen=True)
class Recorded:
    reply: Reply
    person: str  # the person's id, "" when the address is not in the event file
    session: str  # "" for the whole event
    changed: bool  # False when the same or a newer answer was already recorded


@dataclass(frozen=True)
class Held:
    """An answer not applied, and why (kept aside in the file's ``held`` list)."""

    reply: Reply
    reason: str

    def __str__(self) -> str:
        return f"{self.reply.source}: not applied: {self.reply.email.lower()} {self.reply.partstat}: {self.reason}"

    def record(self) -> Answer:
        r = self.reply
        return {
            "uid": r.uid,
            "email": r.email.lower(),
            "partstat": r.partstat,
            "date": r.date.astimezone(UTC).strftime(DATE_FORMAT),
            "name": r.name,
            "comment": r.comment,
            "sender": r.sender,
            "source": r.source[:300],
            "reason": self.reason,
        }


def held_reply(entry: Answer) -> Reply:
    date = dt.datetime.strptime(entry["date"], DATE_FORMAT).replace(tzinfo=UTC)
    return Reply(
        entry["source"],
        entry["uid"],
        entry["email"],
        entry["name"],
        entry["partstat"],
        date,
        0,
        entry["sender"],
        entry.get("comment", ""),
    )


def _distrust(reply: Reply, invited: Callable[[str, str], bool], known: Answers) -> str:
    """Why ``reply`` cannot be applied ('' when it can)."""
    if not reply.sender:
        return "the message has no single From address (or its Sender is someone else)"
    if reply.sender != reply.email.lower():
        return f"sent by {reply.sender}, not by the attendee it answers for"
    if not invited(reply.uid, reply.email.lower()) and reply.email.lower() not in known.get(reply.uid, {}):
        return "this address was never sent that invitation"
    return ""


def record_replies(
    event: Event,
    known: Answers,
    replies: list[Reply],
    invited: Callable[[str, str], bool] = lambda u, e: True,
    accept_from: frozenset[str] = frozenset(),
) -> tuple[Answers, list[Recorded], list[Skipped], list[Held]]:
    """Merge the trustworthy ``replies`` into ``known`` (not modified; the new table is returned). ``invited(uid,
    e-mail)`` says whether that address was sent that invitation; answers sent from an address in ``accept_from``
    are applied as the organiser said, whatever their sender and invitation."""
    table: Answers = json.loads(json.dumps(known))
    uids = event_uids(event)
    people = {p.email.lower(): pid for pid, p in event.people.items() if p.email}
    now = dt.datetime.now(UTC).strftime(DATE_FORMAT)
    recorded: list[Recorded] = []
    skipped: list[Skipped] = []
    held: list[Held] = []
    for reply in sorted(replies, key=lambda r: r.date):
        if reply.uid not in uids:
            skipped.append(
                Skipped(
                    reply.source, f"{reply.email}: UID {reply.uid!r} is not an invitation of this event ({event.id})"
                )
            )
            continue
        reason = "" if reply.sender in accept_from else _distrust(reply, invited, known)
        if reason:  # the same answer held again (the same message read twice) replaces the earlier one
            same = (reply.uid, reply.email.lower(), reply.partstat, reply.date, reply.sender)
            held = [
                h
                for h in held
                if (h.reply.uid, h.reply.email.lower(), h.reply.partstat, h.reply.date, h.reply.sender) != same
            ]
            held.append(Held(reply, reason))
            continue
        email = reply.email.lower()
        old = table.get(reply.uid, {}).get(email)
        date = reply.date.astimezone(UTC).strftime(DATE_FORMAT)
        entry = {
            "partstat": reply.partstat,
            "date": date,
            "name": reply.name,
            **({"comment": reply.comment} if reply.comment else {}),
        }
        was = (old["partstat"], old.get("name", ""), old.get("comment", "")) if old else None
        changed = not old or (min(old["date"], now) <= date and was != (reply.partstat, reply.name, reply.comment))
        if changed:
            table.setdefault(reply.uid, {})[email] = entry
        recorded.append(Recorded(reply, people.get(email, ""), uids[reply.uid], changed))
    return table, recorded, skipped, held


def answer(event: Event, replies: Answers, email: str, session: str = "") -> tuple[str, str, str]:
    """(PARTSTAT, date, comment) of ``email``'s answer to the event's (or a session's) invitation, or ("", "", "")."""
    uid = session_uid(event, session) if session else event_uid(event)
    entry = replies.get(uid, {}).get(email.lower())
    return (entry["partstat"], entry["date"], entry.get("comment", "")) if entry else ("", "", "")


def declined(event: Event, replies: Answers) -> dict[str, frozenset[str]]:
    """UID → e-mails (lower case) to leave out of that invitation. Declining the whole event leaves a person out
    of every invitation; declining a session, out of that session's."""
    whole = frozenset(e for e, entry in replies.get(event_uid(event), {}).items() if entry["partstat"] == "DECLINED")
    result = {
        uid: whole | frozenset(e for e, entry in replies.get(uid, {}).items() if entry["partstat"] == "DECLINED")
        for uid in event_uids(event)
    }
    return {uid: emails for uid, emails in result.items() if emails}
