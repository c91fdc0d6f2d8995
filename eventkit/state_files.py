"""The state files eventkit keeps beside an event file (``<stem>.invites.json``, ``.replies.json``, ``.sent.json``):
read with the checks every such read needs, and written atomically.

They are data that is committed, merged and sometimes hand-edited, so they are never trusted: a FIFO, a device or a
folder in place of one is refused at once (reading a FIFO would hang), a huge one is refused, and JSON that does not
parse is a located error. Each caller then checks the entries themselves, one by one.
"""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from .errors import BuildError, Problem
from .output import write_atomically

MAX_STATE_BYTES = 64 * 1024 * 1024


def state_file(event_file: Path | str, kind: str) -> Path:
    """``<folder>/<stem>.<kind>.json`` beside the event file: ``invites``, ``sent``, ``replies``, ``imap``."""
    event_file = Path(event_file)
    return event_file.with_name(f"{event_file.stem}.{kind}.json")


class StateFileError(BuildError):
    """A state file is damaged or is not a file; ``problem`` locates the first thing wrong."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


def read_state_json(path: Path, recover: str) -> tuple[str, object] | None:
    """(text, parsed JSON) of a state file, or None when there is none; ``recover`` says how to get out of a bad one.
    Raises :class:`StateFileError` for anything but a readable regular file of valid JSON."""
    name = str(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StateFileError(Problem(name, 0, 0, "", f"cannot be read: {exc.strerror or exc}", recover)) from exc
    if not stat.S_ISREG(info.st_mode):
        kind = ("a folder" if stat.S_ISDIR(info.st_mode) else "a FIFO (named pipe)" if stat.S_ISFIFO(info.st_mode)
                else "a device or socket")
        raise StateFileError(Problem(name, 0, 0, "", f"is {kind}, not a state file: eventkit does not read it",
                                     "move it away; eventkit keeps its own state here"))
    if info.st_size > MAX_STATE_BYTES:
        raise StateFileError(Problem(name, 0, 0, "", f"is {info.st_size / 1048576:.0f} MB; a state file is at most "
                                     f"{MAX_STATE_BYTES // 1048576} MB", recover))
    try:
        with open(path, "rb") as handle:
            text = handle.read(MAX_STATE_BYTES + 1).decode("utf-8")
        return text, json.loads(text)
    except UnicodeDecodeError as exc:
        raise StateFileError(Problem(name, 0, 0, "", f"is not UTF-8 text ({exc.reason} at byte {exc.start})",
                                     recover)) from exc
    except json.JSONDecodeError as exc:
        raise StateFileError(Problem(name, exc.lineno, exc.colno, "", f"is not valid JSON: {exc.msg}", recover)) from exc
    except RecursionError as exc:
        raise StateFileError(Problem(name, 0, 0, "", "is nested too deeply to be a state file", recover)) from exc
    except OSError as exc:
        raise StateFileError(Problem(name, 0, 0, "", f"cannot be read: {exc.strerror or exc}", recover)) from exc


def key_location(text: str, key: str, start: int = 0) -> tuple[int, int]:
    """Line and column of the JSON key ``"<key>":`` in ``text`` at or after ``start`` (1, 1 when not found)."""
    at = -1
    for written in (json.dumps(key, ensure_ascii=False), json.dumps(key)):
        at = text.find(written + ":", start)
        if at >= 0:
            break
    if at < 0:
        return 1, 1
    return text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)


def write_state_json(path: Path, data: dict) -> bool:
    """Write ``data`` as the state file when it changed; True if it was written."""
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    try:
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    write_atomically(path, text)
    return True
