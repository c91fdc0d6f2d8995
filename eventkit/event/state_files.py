"""The JSON files eventkit keeps beside an event file (``<stem>.imported.json``, ``<stem>.attendance.json`` ...):
read with the checks every user file gets (a regular file, not too large, UTF-8 JSON), located when damaged, and
written atomically (a temporary file beside it, then a rename) only when their content changed.

They are committed and merged with the event, so a hand edit or a merge conflict can leave valid JSON of the wrong
shape: each reader checks its entries one by one and reports the first bad one at its line.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from ..errors import BuildError, EventFileError, Problem
from ..output import remove_leftover_temporaries, write_atomically
from ..user_files import UnreadableFile, read_user_file

MAX_STATE_BYTES = 32 * 1024 * 1024


def state_file(event_file: Path | str, kind: str) -> Path:
    """``<folder>/<stem>.<kind>.json`` beside the event file (as it was named: a link's folder, not its target's)."""
    event_file = Path(event_file)
    return event_file.with_name(f"{event_file.stem}.{kind}.json")


def key_location(text: str, key: str, start: int = 0) -> tuple[int, int]:
    """Line and column of the key ``"<key>":`` in a JSON text, from ``start`` (1, 1 when it cannot be found)."""
    at = -1
    for spelt in (json.dumps(key, ensure_ascii=False), json.dumps(key)):
        at = text.find(spelt + ":", start)
        if at >= 0:
            break
    if at < 0:
        return 1, 1
    return text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)


def read_state(path: Path, what: str, recover: str) -> tuple[str, object] | None:
    """(text, parsed JSON) of a state file, None when there is none; EventFileError (located) when it is damaged.
    ``what`` names it in messages ("the import state"); ``recover`` says how to get out of a damaged one."""
    try:
        raw = read_user_file(path, MAX_STATE_BYTES, what)
    except UnreadableFile as exc:
        if exc.missing:
            return None
        raise EventFileError([Problem(str(path), 0, 0, "", exc.message, recover)]) from exc
    try:
        text = raw.decode("utf-8")
        return text, json.loads(text)
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise EventFileError([Problem(str(path), line, 0, "", "is not UTF-8", recover)]) from exc
    except RecursionError as exc:
        raise EventFileError([Problem(str(path), 1, 1, "", "is nested too deeply to be ours", recover)]) from exc
    except ValueError as exc:
        line, column = getattr(exc, "lineno", 0), getattr(exc, "colno", 0)
        message = getattr(exc, "msg", str(exc))
        raise EventFileError([Problem(str(path), line, column, "", f"is not valid JSON: {message}", recover)]) from exc


def write_state(path: Path, data: Mapping[str, object]) -> bool:
    """Write ``data`` as the state file when it changed; True if it was written."""
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    try:
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    remove_leftover_temporaries(path)
    write_atomically(path, text)
    return True


class StateFileError(BuildError):
    """A state file of the invitations (invites, sent, replies, imap) is damaged or is not a file; ``problem``
    locates the first thing wrong (a BuildError, so that `build`'s invite.ics reports it like any other failure)."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


def read_state_json(path: Path, recover: str) -> tuple[str, object] | None:
    """:func:`read_state`, its error as a :class:`StateFileError`."""
    try:
        return read_state(path, "a state file", recover)
    except EventFileError as exc:
        raise StateFileError(exc.problems[0]) from exc
