"""The report's body in a Markdown file beside the event (``[report] notes_file = "x.notes.md"``).

Pleasant to write during a meeting; three kinds of marker lines (outside ``` code fences), everything else is
Markdown:

- ``## <id>`` starts the notes of a section: the ``id`` or ``session`` of a ``[[report.sections]]`` table, or the id
  of an agenda session (a section is then added for it, in the file's order), or the ``id`` of a
  ``[[report.annexes]]`` table (its text);
- ``### @<person-id>`` starts what a speaker said; ``### @a @b`` co-presenters; ``### @a @b: Organisation X`` with
  the line they were introduced with;
- ``---`` alone on a line ends the speaker's notes: what follows is the section's own text again.

The blocks are added after the section's blocks from the event file.  Problems point at the notes file:
``FILE:LINE:COL``.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from pathlib import Path
from typing import Protocol

from ..errors import Problem
from ..user_files import UnreadableFile, read_user_file
from .model import Event, ReportSection
from .report_model import Block
from .reporting import ProblemReport

SECTION_MARKER = re.compile(r"^##[ \t]+(.*?)[ \t]*#*[ \t]*$")
SPEAKER_MARKER = re.compile(r"^###[ \t]+@(.*)$")
END_MARKER = re.compile(r"^---+[ \t]*$")
FENCE = re.compile(r"^[ \t]{0,3}(```|~~~)")
ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
MAX_BYTES = 4 * 1024 * 1024
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class _ProblemAt(Protocol):
    """Records a problem at a line and column of the notes file."""

    def __call__(self, line: int, column: int, message: str, hint: str = "", severity: str = "error") -> None: ...


class _Section:
    def __init__(self, sid: str, line: int):
        self.id, self.line = sid, line
        self.blocks: list[tuple[Block, int]] = []  # (block, first line of its text, 1-based)


def merge_notes_file(event: Event, reader: ProblemReport, event_path: Path) -> Event:
    """``event`` with the notes file's blocks added to its report; problems are recorded on ``reader``."""
    name = event.report.notes_file
    if not name:
        return event
    path = event_path.parent / name
    display = str(path)

    def problem(line: int, column: int, message: str, hint: str = "", severity: str = "error") -> None:
        reader.problems.append(Problem(display, line, column, "", message, hint, severity))

    try:
        text = read_user_file(path, MAX_BYTES, "a notes file").decode("utf-8").removeprefix("\ufeff")
    except UnreadableFile as exc:
        hint = f"create {display}" if exc.missing else ""
        where = f"no file '{name}' beside the event file" if exc.missing else f"'{name}' {exc.message}"
        reader.report(("report", "notes_file"), where, hint)
        return event
    except UnicodeDecodeError as exc:
        reader.report(("report", "notes_file"), f"cannot read '{name}': {exc}", "save it as a UTF-8 text file")
        return event

    bad = CONTROL_CHARS.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        problem(
            line,
            bad.start() - text.rfind("\n", 0, bad.start()),
            f"the file contains the control character U+{ord(bad.group()):04X}",
            "remove it",
        )
        return event
    sections = _parse(text, event, problem)
    _lint(sections, text, problem, event_path.parent, event)
    return _merged(event, sections)


def _parse(text: str, event: Event, problem: _ProblemAt) -> list[_Section]:
    known = {s.id or s.session for s in event.report.sections} | {s.id for s in event.agenda} | set(_annex_ids(event))
    sections: list[_Section] = []
    seen: dict[str, int] = {}
    current: _Section | None = None
    people: tuple[str, ...] = ()
    buffer: list[str] = []
    affiliation, start, in_fence = "", 0, False

    def flush(line_no: int) -> None:
        nonlocal buffer
        body = "\n".join(buffer)
        if current is not None and (body.strip() or people):
            block = Block(person=people, notes=body) if people else Block(text=body)
            if affiliation:
                block = dataclasses.replace(block, affiliation=affiliation)
            current.blocks.append((block, start))
        elif current is None and body.strip():
            first = next(i for i, line in enumerate(buffer) if line.strip())
            problem(
                start + first,
                1,
                "text before the first '## <section-id>' line belongs to no section",
                "start the file with a line like '## opening'",
            )
        buffer = []

    for number, line in enumerate(text.split("\n"), 1):
        if FENCE.match(line):
            in_fence = not in_fence
        section = None if in_fence else SECTION_MARKER.match(line)
        speaker = None if in_fence else SPEAKER_MARKER.match(line)
        if section:
            flush(number)
            people, affiliation, start = (), "", number + 1
            sid = section.group(1)
            if not ID.match(sid) or sid not in known:
                hint = difflib.get_close_matches(sid, list(known), n=1, cutoff=0.6)
                problem(
                    number,
                    4,
                    f"'## {sid}': no report section or agenda session with this id",
                    f"did you mean '{hint[0]}'?"
                    if hint
                    else "'## <id>' names a section; write headings of your own as ####",
                )
                current = _Section(sid, number)  # its text is read but goes nowhere
                continue
            if sid in seen:
                problem(number, 4, f"section '{sid}' appears twice (also line {seen[sid]})", "join the two parts")
            seen.setdefault(sid, number)
            current = _Section(sid, number)
            sections.append(current)
        elif speaker:
            flush(number)
            ids_text, _, affiliation = speaker.group(1).partition(":")
            affiliation, start = affiliation.strip(), number + 1
            people = tuple(token.lstrip("@") for token in ids_text.split())
            column = 5
            for pid in people:
                column = line.find(pid, column) + 1  # 1-based column of the id, then of its '@'
                if pid not in event.people:
                    column -= line[column - 2] == "@"
                    hint = difflib.get_close_matches(pid, list(event.people), n=1, cutoff=0.6)
                    problem(
                        number,
                        column,
                        f"no person '{pid}'",
                        f"did you mean '{hint[0]}'?"
                        if hint
                        else "define them in a [people.<id>] table of the event file",
                    )
            if not people or any(pid not in event.people for pid in people):
                people = ()
                if not ids_text.split():
                    problem(number, 5, "'### @' names nobody", "write '### @person-id'")
        elif not in_fence and END_MARKER.match(line) and people:
            flush(number)
            people, affiliation, start = (), "", number + 1
        else:
            if not buffer:
                start = number
            buffer.append(line)
    flush(len(text.split("\n")) + 1)
    return sections


def _lint(sections: list[_Section], text: str, problem: _ProblemAt, image_folder: Path, event: Event) -> None:
    from ..text.lint import image_findings, markdown_findings
    from .report_directives import directive_findings

    for section in sections:
        for block, start in section.blocks:
            body = block.notes or block.text
            for f in markdown_findings(body) + image_findings(body, image_folder):
                problem(start + f.line, f.column + 1, f.message, f.hint, severity=f.severity)
            for d in directive_findings(body, event) if ":::" in body else ():
                problem(start + d.line - 1, d.column, d.message, d.hint)


def _annex_ids(event: Event) -> dict[str, int]:
    return {a.id: n for n, a in enumerate(event.report.annexes) if not isinstance(a, str) and a.id}


def _merged(event: Event, sections: list[_Section]) -> Event:
    existing = list(event.report.sections)
    index = {s.id or s.session: i for i, s in enumerate(existing)}
    annexes, annex_index = list(event.report.annexes), _annex_ids(event)
    insert_at = 0
    for section in sections:
        blocks = tuple(block for block, _ in section.blocks)
        if section.id in annex_index and section.id not in index:  # an annex's text: after its own, as written
            n = annex_index[section.id]
            annex = annexes[n]
            if not isinstance(annex, str):  # always: only annexes written as tables have ids
                text = "\n\n".join(t for t in (annex.text, *(b.text or b.notes for b in blocks)) if t.strip())
                annexes[n] = dataclasses.replace(annex, text=text)
            continue
        if section.id in index:
            i = index[section.id]
            existing[i] = dataclasses.replace(existing[i], blocks=existing[i].blocks + blocks)
            insert_at = i + 1
        else:  # a new section for an agenda session: before the first later section of the agenda
            order = {s.id: n for n, s in enumerate(event.agenda)}
            later = (
                i for i in range(insert_at, len(existing)) if order.get(existing[i].session, -1) > order[section.id]
            )
            at = next(later, len(existing))
            existing.insert(at, ReportSection(session=section.id, blocks=blocks))
            index = {s.id or s.session: i for i, s in enumerate(existing)}
            insert_at = at + 1
    report = dataclasses.replace(event.report, sections=tuple(existing), annexes=tuple(annexes))
    return dataclasses.replace(event, report=report)
