"""``check`` warnings for the event file's Markdown fields: constructs that would print as raw syntax, located at
their line and column inside the TOML string (see :mod:`eventkit.text.lint`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from ..errors import Problem
from .positions import KeyPath
from .reporting import ProblemReport, display_path

if TYPE_CHECKING:
    from ..text.lint import Finding
    from .model import Event


def markdown_fields(obj: object, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str]]:
    """(field path, text) of every filled Markdown field (its doc says "Markdown") under ``obj``."""
    if dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if isinstance(value, str):
                if value.strip() and "Markdown" in f.metadata.get("doc", ""):
                    yield path + (f.name,), value
            else:
                yield from markdown_fields(value, path + (f.name,))
    elif isinstance(obj, tuple):
        for i, item in enumerate(obj):
            yield from markdown_fields(item, path + (i,))
    elif isinstance(obj, dict):
        for key, item in obj.items():
            yield from markdown_fields(item, path + (key,))


def text_start(reader: ProblemReport, path: KeyPath) -> tuple[int, int, bool]:
    """(line, column, multi-line) of the first character of a string value's text in the TOML source (1-based)."""
    pos = reader.positions.get(path)
    if pos is None:  # a key inside an inline table: the nearest key or table that has a position
        from .positions import locate

        line, column = locate(reader.positions, path, reader.source)
        return line, column, False
    lines = reader.source.splitlines()
    rest = lines[pos.line - 1][pos.value_column - 1 :] if pos.line <= len(lines) else ""
    if rest[:3] in ('"""', "'''"):
        if not rest[3:].strip():
            return pos.line + 1, 1, True  # the newline right after the opening quotes is not text
        return pos.line, pos.value_column + 3, True
    return pos.line, pos.value_column + 1, False


def warn_markdown(event: Event, reader: ProblemReport) -> None:
    from ..text.lint import inline_findings, markdown_findings

    for path, text in markdown_fields(event):
        one_paragraph = path[:2] == ("report", "sections") and path[-1] == "lead"  # printed inline
        report_findings(reader, path, inline_findings(text) if one_paragraph else markdown_findings(text))
        if ":::" in text:
            report_findings(reader, path, directive_findings_in(event, path, text))


def directive_findings_in(event: Event, path: KeyPath, text: str) -> list[Finding]:
    """The report's directives in a field: errors when they cannot be placed; elsewhere a warning that they print
    nothing (the Markdown renderer drops them)."""
    from ..text.directives import directives_in
    from ..text.lint import Finding
    from .report_directives import directive_findings

    if path[0] == "report" and path[-1] != "lead":
        return [Finding(p.line - 1, p.column - 1, p.message, p.hint, "error") for p in directive_findings(text, event)]
    return [
        Finding(
            d.line - 1,
            d.column - 1,
            f"'::: {d.name}' prints nothing here",
            "directives place generated blocks in the report's text only",
        )
        for d in directives_in(text)
    ]


def report_findings(reader: ProblemReport, path: KeyPath, findings: Sequence[Finding]) -> None:
    """Record ``findings`` (markdown_lint's, located inside the text) at their place in the event file."""
    if not findings:
        return
    line, column, _ = text_start(reader, path)
    for f in findings:
        at_line = line + f.line
        at_column = (column if f.line == 0 else 1) + f.column
        reader.problems.append(
            Problem(reader.name, at_line, at_column, display_path(path), f.message, f.hint, severity=f.severity)
        )
