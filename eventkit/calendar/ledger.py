"""The send ledger (``<stem>.sent.json`` beside the event file): every message `eventkit invites --send` handed to
the SMTP server, per recipient, so that a later run sends each person only what is new or changed for them.

One entry per message, in the order sent, under the recipient's address (lower case)::

    {"uid": "<UID>", "sequence": 2, "method": "REQUEST" | "CANCEL", "kind": "invitation" | "update" | ...,
     "sha256": "<hash of the message's bytes>", "message_id": "<...@example.org>", "time": "2026-11-02T10:15:00Z",
     "outcome": "accepted" | "refused" | "attempting", "answer": "250 2.0.0 Ok: queued as 4F2"}

The write-ahead rule: an entry "attempting" is written (atomically, fsynced) just before the message's content goes
to the server, and replaced by "accepted" (with the server's answer) right after the server's 250 -- or by
"refused", or removed when the connection failed before the content was complete. An entry still "attempting" on
the next run means the run was stopped in that window (killed, the connection lost while waiting for the answer):
the message may or may not have arrived. It is reported with its Message-ID and NOT sent again unless the organiser
asks (``--resend --to ADDRESS``): nobody gets a second copy, at the price of asking the organiser to check one.

Like the other state files it is validated entry by entry when read: a damaged entry is one located error.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem
from ..event.field_rules import SINGLE_LINE_FORBIDDEN
from ..event.load import EMAIL_PATTERN
from ..event.state_files import StateFileError, key_location, read_state_json, state_file, write_state
from .invite_state import MAX_SEQUENCE

METHODS = ("REQUEST", "CANCEL")
OUTCOMES = ("accepted", "refused", "attempting")
KINDS = ("invitation", "update", "reinvitation", "reminder", "resend", "cancellation")
TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
MESSAGE_ID = re.compile(r"^<[^<>\s]{1,250}@[^<>\s]{1,250}>$")
RECOVER = (
    "restore the file from version control, or delete this entry (eventkit then thinks that message was "
    "never sent, and sends it again)"
)
ABOUT = (
    "Every message `eventkit invites --send` handed to the SMTP server, per recipient: UID, SEQUENCE, method, a "
    "hash of the message, its Message-ID, when, and the server's answer. 'attempting' means a run stopped while "
    "sending it (it may have arrived). Commit it with the event file; see docs/how-to/invitations-and-replies.md."
)


def ledger_path(event_file: Path | str) -> Path:
    return state_file(event_file, "sent")


@dataclass(frozen=True)
class Sent:
    """One ledger entry."""

    uid: str
    sequence: int
    method: str
    kind: str
    sha256: str
    message_id: str
    time: str
    outcome: str
    answer: str = ""

    def record(self) -> dict[str, str | int]:
        return {
            "uid": self.uid,
            "sequence": self.sequence,
            "method": self.method,
            "kind": self.kind,
            "sha256": self.sha256,
            "message_id": self.message_id,
            "time": self.time,
            "outcome": self.outcome,
            "answer": self.answer,
        }


def _entry_problem(entry: object) -> str:
    if not isinstance(entry, dict):
        return (
            f"the entry is {type(entry).__name__.replace('NoneType', 'null')}, not a table of uid, sequence, method ..."
        )
    for key in ("uid", "sequence", "method", "sha256", "message_id", "time", "outcome"):
        if key not in entry:
            return f"'{key}' is missing"
    uid, sequence = entry["uid"], entry["sequence"]
    if not isinstance(uid, str) or not uid or len(uid) > 300 or SINGLE_LINE_FORBIDDEN.search(uid):
        return f"'uid' is {json.dumps(uid, ensure_ascii=False)[:80]}, not a UID"
    if isinstance(sequence, bool) or not isinstance(sequence, int) or not 0 <= sequence <= MAX_SEQUENCE:
        return f"'sequence' is {json.dumps(sequence)[:40]}, not a whole number from 0 to {MAX_SEQUENCE}"
    if entry["method"] not in METHODS:
        return f"'method' is {json.dumps(entry['method'])[:40]}, not one of {', '.join(METHODS)}"
    if entry.get("kind", "invitation") not in KINDS:
        return f"'kind' is {json.dumps(entry['kind'])[:40]}, not one of {', '.join(KINDS)}"
    if entry["outcome"] not in OUTCOMES:
        return f"'outcome' is {json.dumps(entry['outcome'])[:40]}, not one of {', '.join(OUTCOMES)}"
    if not isinstance(entry["sha256"], str) or not re.fullmatch(r"[0-9a-f]{64}", entry["sha256"]):
        return f"'sha256' is {json.dumps(entry['sha256'])[:80]}, not a SHA-256 in hexadecimal"
    if not isinstance(entry["message_id"], str) or not MESSAGE_ID.match(entry["message_id"]):
        return f"'message_id' is {json.dumps(entry['message_id'], ensure_ascii=False)[:80]}, not a Message-ID"
    try:
        dt.datetime.strptime(entry["time"], TIME_FORMAT)
    except (TypeError, ValueError):
        return f"'time' is {json.dumps(entry['time'])[:40]}, not a UTC time like \"2026-11-02T10:15:00Z\""
    answer = entry.get("answer", "")
    if not isinstance(answer, str) or len(answer) > 1000 or SINGLE_LINE_FORBIDDEN.search(answer):
        return f"'answer' is {json.dumps(answer, ensure_ascii=False)[:80]}, not one line of text"
    return ""


def _check(path: Path, text: str, data: object) -> dict[str, list[Sent]]:
    name = str(path)
    if not isinstance(data, dict) or not isinstance(data.get("sent"), dict):
        raise StateFileError(
            Problem(name, 1, 1, "", "has no 'sent' table", RECOVER.replace("delete this entry", "delete the file"))
        )
    ledger: dict[str, list[Sent]] = {}
    for address, entries in data["sent"].items():
        line, column = key_location(text, address)
        where = f"sent[{json.dumps(address, ensure_ascii=False)}]"
        if (
            not isinstance(address, str)
            or SINGLE_LINE_FORBIDDEN.search(address)
            or not EMAIL_PATTERN.match(address)
            or address != address.lower()
        ):
            raise StateFileError(Problem(name, line, column, where, "is not an e-mail address in lower case", RECOVER))
        if not isinstance(entries, list):
            raise StateFileError(Problem(name, line, column, where, "is not a list of messages", RECOVER))
        for number, entry in enumerate(entries):
            problem = _entry_problem(entry)
            if problem:
                raise StateFileError(Problem(name, line, column, f"{where}[{number}]", problem, RECOVER))
        ledger[address] = [
            Sent(**{**e, "kind": e.get("kind", "invitation"), "answer": e.get("answer", "")}) for e in entries
        ]
    return ledger


class Ledger:
    """The ledger of one event file: read, asked, and written after every change (atomically)."""

    def __init__(self, path: Path, entries: dict[str, list[Sent]] | None = None) -> None:
        self.path = path
        self.entries = entries or {}

    @classmethod
    def load(cls, event_file: Path | str) -> Ledger:
        path = ledger_path(event_file)
        found = read_state_json(path, RECOVER.replace("delete this entry", "delete the file"))
        return cls(path, _check(path, *found) if found else {})

    def save(self) -> bool:
        data = {
            "about": ABOUT,
            "sent": {a: [e.record() for e in entries] for a, entries in sorted(self.entries.items())},
        }
        return write_state(self.path, data)

    # ------------------------------------------------------------ questions

    def of(self, address: str, uid: str) -> list[Sent]:
        return [e for e in self.entries.get(address.lower(), []) if e.uid == uid]

    def last_accepted(self, address: str, uid: str) -> Sent | None:
        return next((e for e in reversed(self.of(address, uid)) if e.outcome == "accepted"), None)

    def since_accepted(self, address: str, uid: str, outcome: str) -> Sent | None:
        """The last entry with ``outcome`` after the last accepted message ("attempting": a run stopped before the
        server's answer, the outcome unknown; "refused": the server said no)."""
        for entry in reversed(self.of(address, uid)):
            if entry.outcome == "accepted":
                return None
            if entry.outcome == outcome:
                return entry
        return None

    def copies(self, address: str, uid: str, sequence: int, method: str) -> int:
        """How many messages of this version were accepted for the address (the next copy's number)."""
        return sum(
            1 for e in self.of(address, uid) if e.outcome == "accepted" and (e.sequence, e.method) == (sequence, method)
        )

    def holders(self) -> dict[str, dict[str, Sent]]:
        """address -> {uid: the last accepted message} for every UID whose last accepted message is a REQUEST:
        what each recipient's calendar holds, as far as eventkit sent it."""
        held: dict[str, dict[str, Sent]] = {}
        for address, entries in self.entries.items():
            last: dict[str, Sent] = {}
            for entry in entries:
                if entry.outcome == "accepted":
                    last[entry.uid] = entry
            held[address] = {uid: e for uid, e in last.items() if e.method == "REQUEST"}
        return held

    def sent_to(self, address: str, uid: str) -> bool:
        """True when an invitation (REQUEST) to ``uid`` was accepted by the server for ``address``."""
        return any(e.outcome == "accepted" and e.method == "REQUEST" for e in self.of(address, uid))

    # ------------------------------------------------------------ changes (each written at once)

    def attempt(self, address: str, entry: Sent) -> None:
        self.entries.setdefault(address.lower(), []).append(entry)
        self.save()

    def settle(self, address: str, entry: Sent, outcome: str | None, answer: str = "", time: str = "") -> None:
        """Replace the attempt ``entry`` by its outcome ("accepted", "refused"), or remove it (``outcome`` None: the
        content never reached the server)."""
        from dataclasses import replace

        entries = self.entries.get(address.lower(), [])
        at = next(n for n in range(len(entries) - 1, -1, -1) if entries[n] is entry)
        if outcome is None:
            del entries[at]
        else:
            entries[at] = replace(entry, outcome=outcome, answer=answer, time=time or entry.time)
        self.save()
