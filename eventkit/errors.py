"""Problems found in an event file, each with its location, and the exception that carries them."""

from __future__ import annotations

import re
from dataclasses import dataclass

# C0 and C1 controls (ESC starts terminal sequences, CSI is U+009B), DEL, the Unicode line separators and the
# bidirectional embeddings, overrides and isolates (they reorder what follows them on the line).
_LINE_BREAKING = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def one_line(text: str) -> str:
    """``text`` with line breaks and other control characters written as escapes (\\n, \\r, \\x1b, \\u2028),
    so that a message quoting a user's value (a key "a\\nb", a file name) stays one line on the terminal."""
    return _LINE_BREAKING.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def terminal_text(text: str) -> str:
    """``text`` safe to print on a terminal or into a log: its lines (LF or CRLF) kept, every control character
    inside them written as an escape (an ESC from a hostile file name or e-mail address cannot retitle the terminal, move
    the cursor or hide the rest of the line)."""
    lines = text.split("\n")
    return "\n".join(
        one_line(line[:-1]) + "\r" if line.endswith("\r") and n < len(lines) - 1 else one_line(line)
        for n, line in enumerate(lines)
    )  # CRLF line ends (a CSV) stay: a CR there moves nothing


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a warning) in an event file.

    ``path`` is the field path as the user would write it (``agenda[3].speakers[1]``, 1-based), or a
    spreadsheet column's header; empty for problems with the file as a whole.  ``line`` and ``column`` are 1-based,
    0 when unknown (a spreadsheet row has a line but no column: ``regs.csv:17: Email: ...``).
    """

    file: str
    line: int
    column: int
    path: str
    message: str
    hint: str = ""
    severity: str = "error"  # or "warning"

    def __str__(self) -> str:
        where = (
            f"{self.file}:{self.line}:{self.column}:"
            if self.line and self.column
            else f"{self.file}:{self.line}:"
            if self.line
            else f"{self.file}:"
        )
        label = "" if self.severity == "error" else " warning:"
        field = f" {self.path}:" if self.path else ""
        text = f"{where}{label}{field} {self.message}"
        return one_line(f"{text} ({self.hint})" if self.hint else text)


class EventFileError(Exception):
    """An event file could not be loaded; ``problems`` lists every error found (and any warnings)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class BuildError(Exception):
    """A document or invite could not be produced (a template error, an unreadable reference .docx ...)."""
