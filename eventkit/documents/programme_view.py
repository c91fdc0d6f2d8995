"""What the templates need to lay out a programme: days, slots, role labels, times with their dates.

Passed to every template as ``programme``; the shape itself is computed in :mod:`eventkit.event.programme`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from functools import cached_property
from typing import TYPE_CHECKING, cast

from ..event import programme as shape
from ..event.model import Event
from ..event.parts import Session, ZoneTimes, format_date
from ..event.programme_model import Group
from ..event.roles import role_label
from . import programme_rows as rows

if TYPE_CHECKING:
    from ..language.localise import Localiser


def short_date(day: dt.date) -> str:
    """'24 Aug' (English month abbreviations, independent of the machine's locale)."""
    return f"{day.day} {format_date(day).split()[1][:3]}"


def _slot_span(slot: shape.Slot) -> tuple[dt.datetime, dt.datetime] | None:
    """(start, end) of a time slot; None for an agenda item without times."""
    return (slot.start, slot.end) if slot.start is not None and slot.end is not None else None


class ProgrammeView:
    """``local`` is the document's :class:`~eventkit.language.localise.Localiser`: every date, time and zone name
    goes through it, so a programme in French or Arabic is written the way that language writes them."""

    def __init__(self, event: Event, local: Localiser) -> None:
        self.event = event
        self.local = local
        self.label = local.label

    @cached_property
    def days(self) -> list[shape.ProgrammeDay]:
        return shape.programme_days(self.event)

    @property
    def several_days(self) -> bool:
        return len(self.event.days) > 1

    def day_heading(self, day: shape.ProgrammeDay) -> str:
        """'Day 1 — Monday, 23 August 2010'."""
        return self.local.fill("day_heading", number=str(day.number), date=self.local.date(day.date, weekday=True))

    @property
    def stacked_times(self) -> bool:
        """Three zones or more are printed in one time column, a line per zone."""
        return len(self.event.event.display_timezones) >= 2

    @property
    def time_columns(self) -> int:
        """How many time columns the agenda's table has: one per zone, or one stacked column for three or more."""
        return 1 if self.stacked_times else 1 + len(self.event.event.display_timezones)

    def day_time_columns(self, day: shape.ProgrammeDay) -> int:
        """The time columns of ``day``'s table: none on a day none of whose items has times."""
        return self.time_columns if self.timed_day(day) else 0

    @staticmethod
    def timed_day(day: shape.ProgrammeDay) -> bool:
        return any(slot.timed for slot in day.slots)

    @property
    def numbered(self) -> bool:
        """No item of the agenda has times: it is printed as a numbered list of items, without a time column."""
        return self.event.untimed_agenda

    @cached_property
    def _numbers(self) -> dict[tuple[str, str], str]:
        return shape.numbers(self.event, automatic=self.numbered)

    def number(self, item: Session | Group) -> str:
        """The number printed before an item: as written, else in an agenda without times the next one ('' for
        none)."""
        return self._numbers.get(("group" if isinstance(item, Group) else "session", item.id), "")

    @cached_property
    def numbers_as_written(self) -> bool:
        """The agenda without times gives numbers of its own or has groups: its numbers are printed as text (a
        list's automatic numbering cannot write '4.2' or skip from 3 to 7)."""
        return bool(self.event.groups) or any(s.number for s in self.event.agenda)

    def first_number(self, day: shape.ProgrammeDay) -> int:
        """The number of ``day``'s first item in a numbered agenda (items are numbered on across the days)."""
        return 1 + sum(len(d.sessions) for d in self.days if d.date < day.date)

    # -------------------------------------------------------------- grid and rows

    def grid(self, day: shape.ProgrammeDay) -> list[rows.Column] | None:
        """The track columns when ``day`` is laid out as a grid ([layout] parallel = "grid"), else None."""
        return rows.grid_columns(self.event, day)

    def grid_cells(self, slot: shape.Slot, columns: list[rows.Column]) -> list[list[Session]]:
        return rows.grid_cells(slot, columns)

    def group_span(self, group: Group, day: shape.ProgrammeDay) -> list[ZoneTimes]:
        """The span a group's sessions cover in every zone ([] when none has times)."""
        span = shape.group_span(self.event, group)
        return self.event.zone_times(*span, day.date) if span else []

    def long_row(
        self,
        day: shape.ProgrammeDay,
        items: list[Session] | list[Group] | list[list[Session]],
        with_leads: bool,
        with_people: bool,
        columns: list[rows.Column] | None = None,
        parallel: bool = False,
    ) -> bool:
        """Whether the row of ``items`` may break across pages (see programme_rows): ``items`` are the sessions of
        a row ([session]), a grid row's cells (lists of sessions, with its ``columns``) or a group's heading
        ([group]); a row of ``parallel`` sessions only when it does not fit on a page."""
        free = rows.free_share(self.day_time_columns(day))
        if columns:
            grid_row = cast("list[list[Session]]", items)  # with columns: a grid row's cells
            cells = [
                [text for session in cell for text in self._texts(session, with_leads, with_people)]
                for cell in grid_row
            ]
            return rows.is_long_row([(texts, free / len(columns)) for texts in cells], parallel=True)
        entries = cast("list[Session] | list[Group]", items)  # without: sessions, or a group
        texts = [text for item in entries for text in rows.session_texts(item, with_leads)]
        people = [text for item in entries for text in rows.people_texts(self.event, item)] if with_people else []
        if with_people and not isinstance(entries[0], Group) and self.grid(day) is None:
            return rows.is_long_row([(texts, free - rows.PEOPLE_SHARE), (people, rows.PEOPLE_SHARE)], parallel)
        return rows.is_long_row([(texts + people, free)], parallel)

    def _texts(self, session: Session, with_leads: bool, with_people: bool) -> list[str]:
        return [
            *rows.session_texts(session, with_leads),
            *(rows.people_texts(self.event, session) if with_people else []),
        ]

    def time_widths(self, day: shape.ProgrammeDay) -> list[str]:
        """The width of each time column on ``day`` (CSS, in points: the DOCX writer reads it too): wide enough for
        its longest line ('22:55 - 00:30 (+1)', '24 Aug', a zone name), at least that of '09:30 - 10:00' (5.7em of
        the time cells' 8.5pt; 10.6em for a stacked column)."""
        columns = self.day_time_columns(day)
        longest = [0] * columns
        for slot in day.slots:
            for session in slot.sessions:
                for n, times in enumerate(self.event.session_times(session)):
                    date, span = self.time_cell(times, day.date)
                    note = self.zone_note(times, day.date)
                    if self.stacked_times:
                        text = f"{span} {self.local.zone(times)}" + (f" ({date})" if date else "")
                        longest[0] = max(longest[0], len(text))
                    else:
                        longest[n] = max(longest[n], len(date), len(f"{span} {note}".strip()))
        least = 10.6 if self.stacked_times else 5.7
        return [f"{round(8.5 * max(least, 0.4 * chars + 0.8))}pt" for chars in longest]  # 8.5pt: theme.css's time cells

    def heading_times(self, day: shape.ProgrammeDay) -> list[ZoneTimes]:
        """The span that heads ``day``'s time columns: its first session with times, else the event's hours that
        day (a day whose items have no times)."""
        first = next((span for span in map(_slot_span, day.slots) if span), None)
        if first is None:
            return self.event.zone_times(*self.event.day_span(day.date), day.date)
        return self.event.zone_times(*first)

    def zone_labels(self, day: shape.ProgrammeDay) -> list[str]:
        """The time columns' headings on ``day`` (labels can change with daylight saving between days)."""
        return [self.local.zone(t) for t in self.heading_times(day)]

    def slot_times(self, slot: shape.Slot) -> list[ZoneTimes]:
        """The slot's span in every zone; [] for an agenda item without times."""
        span = _slot_span(slot)
        return self.event.zone_times(*span) if span else []

    def time_cell(self, times: ZoneTimes, day: dt.date) -> tuple[str, str]:
        """(date, span) of a time cell: in a display zone, the date where it is not the day under which it is printed
        (the span's '(+1)' marks then count from that date); the event's own zone marks the next day '(+1)'."""
        shown = times.start.date()
        if shown == day or times.zone == self.event.event.timezone:
            # the event's own zone: a time after midnight belongs to the day and is marked '(+1)'
            return "", self.local.span(times)
        return self.short_date(times.start), self.local.span(dataclasses.replace(times, day=shown))

    def zone_note(self, times: ZoneTimes, day: dt.date) -> str:
        """The zone's name for a time whose zone reads otherwise than its column's heading on ``day`` (the clocks
        change on that day or during the session: 'CET/CEST'), else ''."""
        programme_day = next((d for d in self.days if d.date == day), None)
        if programme_day is None or not programme_day.slots:
            return ""
        heading = next((t.label for t in self.heading_times(programme_day) if t.zone == times.zone), "")
        return "" if times.label == heading else self.local.zone(times)

    def short_date(self, moment: dt.datetime) -> str:
        """'24 Aug' in English, the language's own short day and month otherwise ('24 août')."""
        return short_date(moment.date()) if self.local.english else self.local.short_day(moment)

    # -------------------------------------------------------------- sessions

    def roles(self, session: Session | Group) -> list[shape.RoleGroup]:
        return shape.role_groups(self.event, session)

    def role_label(self, role: str, count: int = 1) -> str:
        return role_label(role, count, self.event.roles, self.label)

    def role_heading(self, session: Session | Group, group: shape.RoleGroup) -> str:
        """The label printed before a role's entries with its colon ('Panellists:'), '' for none (see
        :func:`eventkit.event.programme.role_heading`)."""
        text = shape.role_heading(self.event, group, len(self.roles(session)) == 1, self.label)
        return shape.with_colon(text, self.label("fact_colon")).strip()

    def number_text(self, item: Session | Group) -> str:
        """'7.' for an item numbered 7, else its number as written ('4.2', '(a)'); '' for none, and in an agenda
        whose numbers a list counts (no numbers of its own, no groups: real list numbering in Word)."""
        if self.numbered and not self.numbers_as_written:
            return ""
        number = self.number(item)
        return f"{number}." if number.isdigit() else number

    def place_in_column(self, session: Session, column: rows.Column) -> str:
        """What a grid cell says about where the session is: its room, unless the column's heading says it."""
        room = shape.room_of(self.event, session)
        return "" if room == column.heading else room

    def own_times(self, session: Session, slot: shape.Slot) -> list[ZoneTimes]:
        """A parallel session's span in every zone where it differs from its time slot's ([] otherwise)."""
        times = self.event.session_times(session)
        slot_times = self.slot_times(slot)
        return times if times and slot_times and times[0].span != slot_times[0].span else []

    def track_line(self, session: Session) -> str:
        """'Group 1: Urban mobility · Room B' for a session in a track, else ''."""
        track = shape.track_of(self.event, session)
        parts = [track.name if track else "", shape.room_of(self.event, session)]
        return " \u00b7 ".join(p for p in parts if p)

    def roles_of(self, person_id: str, session: Session) -> list[str]:
        """The roles ``person_id`` has in ``session`` (or in the heading of its group), in order."""
        return list(dict.fromkeys(a.role for a in shape.appearances_of(self.event, person_id, session)))

    def roles_text(self, person_id: str, session: Session) -> str:
        """'Chair' or 'Chair, Panellist': how ``person_id`` takes part in ``session``."""
        return ", ".join(self.role_label(role) for role in self.roles_of(person_id, session))

    def session_when(self, session: Session) -> str:
        """'Monday, 23 August 2010, 15:15 - 17:15 (GMT+7) / 10:15 - 12:15 (CEST)': with the date, always (only the
        date for an agenda item without times)."""
        times = self.event.session_times(session)
        if not times:
            return self.local.date(session.day or self.event.event.date, weekday=True)
        spans = " / ".join(
            f"{self.local.span(t)} ({self.local.zone(t)})"
            + (f" {self.short_date(t.start)}" if t.start.date() != times[0].start.date() else "")
            for t in times
        )
        return f"{self.local.date(session.day or self.event.event.date, weekday=True)}, {spans}"

    @property
    def organisers_line(self) -> str:
        return " \u00b7 ".join(o.display_name for o in self.event.organisers)
