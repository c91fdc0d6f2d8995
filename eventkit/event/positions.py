"""Where each key of a TOML document sits in its source text.

``tomllib`` gives values but no positions.  This scanner walks the source
once, tracking table headers (``[a.b]``, ``[[a]]`` with their running
indices) and ``key = value`` lines (dotted keys too), and records for every
key path the line and column of the key and of its value.  It only needs to
understand what ``tomllib`` has already accepted as valid TOML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeAlias

KeyPath: TypeAlias = tuple[str | int, ...]  # str keys and int (0-based) array indices

BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


@dataclass(frozen=True)
class Position:
    line: int
    column: int  # of the key
    value_column: int  # of the value (same line as the key)


def _quoted_key(quoted: str) -> str:
    """The text of a quoted key as TOML reads it (escapes such as \\n and \\u00e9 included)."""
    import tomllib

    try:
        return str(tomllib.loads(f"k = {quoted}")["k"])
    except (tomllib.TOMLDecodeError, KeyError):
        return quoted[1:-1]


def _read_key(text: str, i: int) -> tuple[list[str], int]:
    """Read a (dotted) key starting at text[i]; return its parts and the index after it."""
    parts: list[str] = []
    while True:
        while i < len(text) and text[i] in " \t":
            i += 1
        if i < len(text) and text[i] in "\"'":
            quote = text[i]
            j = i + 1
            while j < len(text) and text[j] != quote:
                j += 2 if quote == '"' and text[j] == "\\" else 1
            parts.append(_quoted_key(text[i : j + 1]))
            i = j + 1
        else:
            m = BARE_KEY.match(text, i)
            if not m:
                return parts, i
            parts.append(m.group())
            i = m.end()
        while i < len(text) and text[i] in " \t":
            i += 1
        if i < len(text) and text[i] == ".":
            i += 1
            continue
        return parts, i


def _find_closing(line: str, delim: str, start: int) -> int:
    """Index of the closing delimiter of a multi-line string in ``line`` from ``start``, or -1."""
    at = line.find(delim, start)
    while at != -1 and delim == '"""':
        backslashes = len(line[:at]) - len(line[:at].rstrip("\\"))
        if backslashes % 2 == 0:
            break
        at = line.find(delim, at + 1)
    return at


def _skip_value(lines: list[str], row: int, col: int) -> int:
    """Return the last row of a value starting at lines[row][col] (multi-line strings and arrays span rows)."""
    depth = 0
    r, c = row, col
    while r < len(lines):
        line = lines[r]
        while c < len(line):
            ch = line[c]
            if line.startswith('"""', c) or line.startswith("'''", c):
                delim = line[c : c + 3]
                end = _find_closing(line, delim, c + 3)
                while end == -1 and r + 1 < len(lines):
                    r += 1
                    line = lines[r]
                    end = _find_closing(line, delim, 0)
                if end == -1:
                    return r
                c = end + 3
                while c < len(line) and line[c] == delim[0]:
                    c += 1  # up to two quotes may close a multi-line string
                continue
            if ch in "\"'":
                j = c + 1
                while j < len(line) and line[j] != ch:
                    j += 2 if (ch == '"' and line[j] == "\\") else 1
                c = j + 1
                continue
            if ch == "#":
                break
            if ch in "[{":
                depth += 1
            elif ch in "]}":
                depth -= 1
            c += 1
        if depth <= 0:
            return r
        r, c = r + 1, 0
    return len(lines) - 1


def key_positions(source: str) -> dict[KeyPath, Position]:
    """Map every key path (and every array-of-tables element) to its position, 1-based line and column."""
    lines = source.split(
        "\n"
    )  # not splitlines(): U+2028, U+0085 ... inside strings and comments are no line ends in TOML
    positions: dict[KeyPath, Position] = {}
    aot_index: dict[KeyPath, int] = {}
    table: KeyPath = ()
    row = 0
    while row < len(lines):
        line = lines[row]
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        if not stripped or stripped.startswith("#"):
            row += 1
            continue
        if stripped.startswith("["):
            is_aot = stripped.startswith("[[")
            parts, _ = _read_key(line, indent + (2 if is_aot else 1))
            resolved: list[str | int] = []
            for n, part in enumerate(parts):
                resolved.append(part)
                if tuple(resolved) in aot_index and not (is_aot and n == len(parts) - 1):
                    resolved.append(aot_index[tuple(resolved)])
            if is_aot:
                key = tuple(resolved)
                positions.setdefault(key, Position(row + 1, indent + 1, indent + 1))  # the array: its first [[...]]
                aot_index[key] = aot_index.get(key, -1) + 1
                resolved.append(aot_index[key])
                # a new element resets the indices of arrays nested under the previous element
                for nested in [k for k in aot_index if len(k) > len(key) and k[: len(key)] == key]:
                    del aot_index[nested]
            table = tuple(resolved)
            positions.setdefault(table, Position(row + 1, indent + 1, indent + 1))
            row += 1
            continue
        parts, after = _read_key(line, indent)
        eq = line.find("=", after)
        if not parts or eq == -1:
            row += 1
            continue
        value_col = eq + 1
        while value_col < len(line) and line[value_col] in " \t":
            value_col += 1
        path = table + tuple(parts)
        positions[path] = Position(row + 1, indent + 1, value_col + 1)
        row = _skip_value(lines, row, value_col) + 1
    return positions


def locate(
    positions: dict[KeyPath, Position], path: KeyPath, source: str = "", needle: str = "", at_key: bool = False
) -> tuple[int, int]:
    """Line and column for ``path``: the value if the key is known, else its nearest known ancestor.

    With ``needle`` (the offending value as written, e.g. ``"helld"``), the column of its first occurrence at or after
    the key's position is returned, so errors in array elements point at the element itself.
    """
    for cut in range(len(path), -1, -1):
        pos = positions.get(tuple(path[:cut]))
        if pos is None:
            continue
        if needle and source:
            lines = source.split("\n")
            for r in range(pos.line - 1, min(len(lines), pos.line + 200)):
                start = pos.value_column - 1 if r == pos.line - 1 else 0
                c = lines[r].find(needle, start)
                if c != -1:
                    return r + 1, c + 1
        if cut == len(path) and not at_key:
            return pos.line, pos.value_column
        return pos.line, pos.column
    return 1, 1
