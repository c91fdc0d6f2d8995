"""How the agenda's tables are cut into columns and how tall a row will be, for the PDF and the DOCX alike.

- **Grid**: with ``[layout] parallel = "grid"``, a day with parallel sessions is a table with one column per track
  (in the order of ``[[tracks]]``), then a column per session without a track of a parallel group without times (by
  their order in the group), one row per time slot, a plenary session across all the columns. More than :data:`GRID_MOST_TRACKS` columns do not
  fit side by side on A4 portrait: such a day is printed stacked.
- **Tall rows**: a row kept whole that is taller than a share of the page moves to the next page whole and leaves
  the rest of this one empty; so a row whose estimated height exceeds :data:`LONG_ROW_SHARE` of the page may break
  across pages (the table's header repeats), and every shorter row is kept whole. Parallel sessions are kept on one
  page when they fit on one (:data:`PARALLEL_ROW_SHARE`). The estimate counts lines: the
  characters of each paragraph over the characters a line of its column holds. Both writers follow the one
  decision: theme.css keeps rows whole except ``tr.long``; the DOCX writer marks every other row w:cantSplit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..event import programme as shape
from ..event.model import Event
from ..event.parts import Session
from ..event.programme_model import GRID_MOST_TRACKS, Group, Track

LONG_ROW_SHARE = 0.25  # of the page's text height
PARALLEL_ROW_SHARE = 0.9  # a row of parallel sessions stays on one page when it fits on one
PAGE_LINES = 56  # lines of table text (9.5pt, line-height 1.3) in A4's text height under the margins
TEXT_CHARS = 100  # characters of table text in a line across the text width (166 mm)
TIME_CHARS = 13  # a time column's share of a line (09:30 - 10:00), in characters
PEOPLE_SHARE = 0.34  # the people column's share of the width (theme.css: table.agenda.with-people)
PARAGRAPH_LINES = 0.15  # the space between paragraphs and list items, in lines


@dataclass(frozen=True)
class Column:
    """One track column of a grid: its track (None for a place in a parallel group without tracks) and the
    heading printed above it ('' when the track has neither name nor room)."""

    track: Track | None
    heading: str


def grid_columns(event: Event, day: shape.ProgrammeDay) -> list[Column] | None:
    """The track columns of ``day`` in the grid layout, or None when the day is not a grid (stacked layout, no
    parallel sessions that day, or more columns than fit)."""
    if event.layout.parallel != "grid":
        return None
    parallel = [slot for slot in day.slots if slot.parallel]
    if not parallel:
        return None
    used = {s.track for slot in parallel for s in slot.sessions if s.track}
    tracks = [t for t in event.tracks if t.id in used]
    loose = max((sum(1 for s in slot.sessions if not s.track) for slot in parallel), default=0)
    if len(tracks) + loose > GRID_MOST_TRACKS:
        return None
    return [Column(t, t.name or t.room) for t in tracks] + [Column(None, "") for _ in range(loose)]


def grid_cells(slot: shape.Slot, columns: list[Column]) -> list[list[Session]]:
    """The sessions of a parallel ``slot`` in each column: by track; the sessions without a track (a parallel group
    without times) in the columns without one, in their order."""
    cells: list[list[Session]] = [[] for _ in columns]
    index = {c.track.id: n for n, c in enumerate(columns) if c.track is not None}
    free = iter(n for n, c in enumerate(columns) if c.track is None)
    for session in slot.sessions:
        cells[index[session.track] if session.track in index else next(free)].append(session)
    return cells


def lines(texts: list[str], chars: float) -> float:
    """Estimated lines of ``texts`` (one paragraph each) in a column holding ``chars`` characters a line."""
    chars = max(chars, 8)
    return sum(max(1, math.ceil(len(text) / chars)) + PARAGRAPH_LINES for text in texts if text)


def people_texts(event: Event, session: Session | Group) -> list[str]:
    """The paragraphs of a session's (or a group heading's) people: each role's label, each entry's names with
    its title, and its affiliations."""
    texts = []
    groups = shape.role_groups(event, session)
    for group in groups:
        texts.append(shape.role_heading(event, group, len(groups) == 1, lambda key: key))  # '' when none is printed
        for entry in group.entries:
            texts.append(" and ".join(a.name for a in entry) + (f": “{entry[0].title}”" if entry[0].title else ""))
            texts.append("; ".join(dict.fromkeys(a.affiliation for a in entry if a.affiliation)))
    return texts


def session_texts(session: Session | Group, with_leads: bool) -> list[str]:
    return [session.title, *(session.lead.split("\n\n") if with_leads and session.lead else [])]


def is_long_row(cells: list[tuple[list[str], float]], parallel: bool = False) -> bool:
    """Whether a row may break across pages: its tallest cell is estimated taller than :data:`LONG_ROW_SHARE` of
    the page (:data:`PARALLEL_ROW_SHARE` for parallel sessions); ``cells``: each cell's paragraphs and its share of
    the text width."""
    share = PARALLEL_ROW_SHARE if parallel else LONG_ROW_SHARE
    return max((lines(texts, width * TEXT_CHARS) for texts, width in cells), default=0) > share * PAGE_LINES


def free_share(time_columns: int) -> float:
    """The share of the text width left beside ``time_columns`` time columns."""
    return max(0.3, 1 - time_columns * TIME_CHARS / TEXT_CHARS)
