"""Recording located problems while an event file is read and checked.

:class:`ProblemReport` holds the file's source, where each key sits in it, and the problems found so far; the
loader (:mod:`eventkit.event.load`) builds the model through a subclass of it, and every check module receives it
to report what it finds at the right line and column. ``display_path`` and ``did_you_mean`` word the messages.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from ..errors import Problem
from .positions import KeyPath, Position, key_positions, locate

PersonCheck = Callable[[str, KeyPath], None]  # reports a person id that names no one, at the id's field path


class Warn(Protocol):
    """Records a warning at a field path."""

    def __call__(self, path: KeyPath, message: str, hint: str = "") -> None: ...


def display_path(path: KeyPath) -> str:
    """A field path as the user writes it: ``("agenda", 2, "speakers", 0)`` → ``agenda[3].speakers[1]``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += ("." if text else "") + (part if re.fullmatch(r"[A-Za-z0-9_-]+", part) else f'"{part}"')
    return text


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


class ProblemReport:
    """The problems found in one event file so far, located by field path in its source text."""

    def __init__(self, name: str, source: str):
        self.name = name
        self.source = source
        self.positions: dict[KeyPath, Position] = key_positions(source)
        self.problems: list[Problem] = []
        self.dropped: set[str] = set()  # ids of people and sessions whose tables had errors
        self.partial: dict[KeyPath, dict[str, Any]] = {}  # the fields that could be read of tables that had errors
        self.explicit_offsets: set[KeyPath] = set()  # times written with a UTC offset ("02:30+01:00")

    def report(
        self,
        path: KeyPath,
        message: str,
        hint: str = "",
        *,
        severity: str = "error",
        needle: str = "",
        at_key: bool = False,
    ) -> None:
        line, column = locate(self.positions, path, self.source, needle, at_key)
        self.problems.append(Problem(self.name, line, column, display_path(path), message, hint, severity))

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)
