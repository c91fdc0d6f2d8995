"""Validation of the invites state file (``<event>.invites.json``), entry by entry.

The file is written by eventkit, but it is committed and merged with the event, so a hand edit or a merge
conflict can leave valid JSON of the wrong shape (``{"sequence": "zero"}``, an entry that is a number, a
missing fingerprint).  Every entry is checked before it is used, and a bad one is one located error naming
the file, the line and the UID, with the ways to recover.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..event.field_rules import SINGLE_LINE_FORBIDDEN
from ..event.load import EMAIL_PATTERN
from ..event.state_files import StateFileError, key_location

STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
STATUSES = ("CONFIRMED", "TENTATIVE", "CANCELLED")
SESSION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
ATTENDEE = re.compile(r"^(?P<name>.*) <(?P<email>[^<>\s@]+@[^<>\s@]+)>$")
MAX_SEQUENCE = 2**31 - 1  # so that the next SEQUENCE (+1) is still an RFC 5545 integer
RECOVER = (
    "restore the file from version control, or delete this entry: its invite then restarts at "
    "SEQUENCE 0 and calendars that already have it may ignore updates"
)


_line_of = key_location


def attendee_problem(item: object) -> str:
    """What is wrong with one remembered attendee, 'Name <address>' ('' when nothing is): the address must be one
    the event file itself would accept (no '../' path, no control character)."""
    match = ATTENDEE.match(item) if isinstance(item, str) else None
    if (
        not isinstance(item, str)
        or not match
        or SINGLE_LINE_FORBIDDEN.search(item)
        or not EMAIL_PATTERN.match(match["email"])
    ):
        return f"attendee {json.dumps(item, ensure_ascii=False)[:80]} is not 'Name <address>'"
    return ""


def _entry_problem(record: object) -> str:
    """What is wrong with one ``issued`` entry ('' when nothing is)."""
    if not isinstance(record, dict):
        return f"the entry is {type(record).__name__.replace('NoneType', 'null')}, not a table of sequence, dtstamp and fingerprint"
    sequence = record.get("sequence")
    if "sequence" not in record:
        return "'sequence' is missing"
    if isinstance(sequence, bool) or not isinstance(sequence, int) or not 0 <= sequence < MAX_SEQUENCE:
        return (
            f"'sequence' is {json.dumps(sequence)[:40]}, not a whole number from 0 to {MAX_SEQUENCE - 1} (RFC 5545's "
            "integers end at 2147483647 and the next change must still fit)"
        )
    stamp = record.get("dtstamp")
    if not isinstance(stamp, str) or not _is_stamp(stamp):
        return f"'dtstamp' is {json.dumps(stamp)}, not a UTC time like \"20210301T120000Z\""
    if not isinstance(record.get("fingerprint"), str):
        return f"'fingerprint' is {'missing' if 'fingerprint' not in record else json.dumps(record['fingerprint'])}, not text"
    session = record.get("session", "")
    if not isinstance(session, str) or (session and not SESSION_ID.match(session)):
        return f"'session' is {json.dumps(session)}, not a session id"
    for key in ("summary", "location", "url"):
        value = record.get(key, "")
        if not isinstance(value, str) or SINGLE_LINE_FORBIDDEN.search(value):
            return f"'{key}' is {json.dumps(value)[:80]}, not one line of text"
    if session:  # a session entry can be cancelled from the state alone: everything it needs must be there
        return _session_record_problem(record)
    attendees = record.get("attendees", [])
    if not isinstance(attendees, list):
        return "'attendees' is not a list"
    return next((attendee_problem(a) for a in attendees if attendee_problem(a)), "")


def _is_stamp(text: str) -> bool:
    """Whether ``text`` is a UTC time in the state's form, "20210301T120000Z"."""
    try:
        dt.datetime.strptime(text, STAMP_FORMAT)
    except ValueError:
        return False
    return True


def _session_record_problem(record: dict[str, Any]) -> str:
    from zoneinfo import ZoneInfo

    for key in ("summary", "timezone", "start", "end", "status", "attendees"):
        if key not in record:
            return f"'{key}' is missing (a session's entry needs it to cancel the session later)"
    try:
        ZoneInfo(record["timezone"])
    except Exception:
        return f"'timezone' is {json.dumps(record['timezone'])}, not an IANA time zone"
    for key in ("start", "end"):
        try:
            dt.datetime.fromisoformat(record[key])
        except (TypeError, ValueError):
            return f"'{key}' is {json.dumps(record[key])}, not a local date and time like \"2021-03-24T09:30:00\""
    if record["status"] not in STATUSES:
        return f"'status' is {json.dumps(record['status'])}, not one of {', '.join(STATUSES)}"
    attendees = record["attendees"]
    if not isinstance(attendees, list):
        return "'attendees' is not a list"
    for item in attendees:
        if attendee_problem(item):
            return attendee_problem(item)
    return ""


def check_state(path: Path, text: str, state: object) -> dict[str, Any]:
    """The parsed state file ``state``, checked: raise :class:`StateFileError` at its first problem."""
    name = str(path)
    if not isinstance(state, dict) or not isinstance(state.get("issued"), dict):
        raise StateFileError(
            Problem(name, 1, 1, "", "has no 'issued' table", RECOVER.replace("delete this entry", "delete the file"))
        )
    for uid, record in state["issued"].items():
        problem = (
            "the UID contains a control character" if SINGLE_LINE_FORBIDDEN.search(uid) else _entry_problem(record)
        )
        if problem:
            line, column = _line_of(text, uid)
            raise StateFileError(
                Problem(name, line, column, f"issued[{json.dumps(uid, ensure_ascii=False)}]", problem, RECOVER)
            )
    check_speakers(path, text, state)
    return state


def _speaker_problem(record: object) -> str:
    """What is wrong with one ``speakers`` entry (what a speaker's own calendar held; '' when nothing is)."""
    if not isinstance(record, dict):
        return f"the entry is {type(record).__name__.replace('NoneType', 'null')}, not a table of sessions, cancelled and attendee"
    for key in ("sessions", "cancelled"):
        uids = record.get(key, [])
        if not isinstance(uids, list) or not all(
            isinstance(u, str) and not SINGLE_LINE_FORBIDDEN.search(u) for u in uids
        ):
            return f"'{key}' is {json.dumps(uids)[:80]}, not a list of UIDs"
    attendee = record.get("attendee", "")
    if not isinstance(attendee, str) or (attendee and attendee_problem(attendee)):
        return f"'attendee' is {json.dumps(attendee, ensure_ascii=False)[:80]}, not 'Name <address>'"
    return ""


def check_speakers(path: Path, text: str, state: dict[str, Any]) -> None:
    """Raise :class:`StateFileError` at the first bad entry of the state's ``speakers`` table (per-speaker files)."""
    speakers = state.get("speakers", {})
    if not isinstance(speakers, dict):
        raise StateFileError(
            Problem(
                str(path),
                1,
                1,
                "speakers",
                "is not a table of person ids",
                RECOVER.replace("delete this entry", "delete the 'speakers' table"),
            )
        )
    for person_id, record in speakers.items():
        problem = "not a person id" if not SESSION_ID.match(person_id) else _speaker_problem(record)
        if problem:
            line, column = _line_of(text, person_id)
            raise StateFileError(
                Problem(
                    str(path), line, column, f"speakers[{json.dumps(person_id, ensure_ascii=False)}]", problem, RECOVER
                )
            )
