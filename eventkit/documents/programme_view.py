"""What the templates need to lay out a programme: days, slots, role labels, times with their dates.

Passed to every template as ``programme``; the shape itself is computed in :mod:`eventkit.event.programme`.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from functools import cached_property

from ..event.model import Event, Session, ZoneTimes, format_date
from ..event import programme as shape
from ..event.roles import role_label


def short_date(day: dt.date) -> str:
    """'24 Aug' (English month abbreviations, independent of the machine's locale)."""
    return f"{day.day} {format_date(day).split()[1][:3]}"


class ProgrammeView:
    """``local`` is the document's :class:`~eventkit.language.localise.Localiser`: every date, time and zone name
    goes through it, so a programme in French or Arabic is written the way that language writes them."""

    def __init__(self, event: Event, local):
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

    @property
    def numbered(self) -> bool:
        """No item of the agenda has times: it is printed as a numbered list of items, without a time column."""
        return self.event.untimed_agenda

    def first_number(self, day: shape.ProgrammeDay) -> int:
        """The number of ``day``'s first item in a numbered agenda (items are numbered on across the days)."""
        return 1 + sum(len(d.sessions) for d in self.days if d.date < day.date)

    def heading_times(self, day: shape.ProgrammeDay) -> list[ZoneTimes]:
        """The span that heads ``day``'s time columns: its first session with times, else the event's hours that
        day (a day whose items have no times)."""
        first = next((slot for slot in day.slots if slot.timed), None)
        if first is None:
            return self.event.zone_times(*self.event.day_span(day.date), day.date)
        return self.event.zone_times(first.start, first.end)

    def zone_labels(self, day: shape.ProgrammeDay) -> list[str]:
        """The time columns' headings on ``day`` (labels can change with daylight saving between days)."""
        return [self.local.zone(t) for t in self.heading_times(day)]

    def slot_times(self, slot: shape.Slot) -> list[ZoneTimes]:
        """The slot's span in every zone; [] for an agenda item without times."""
        return self.event.zone_times(slot.start, slot.end) if slot.timed else []

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

    def roles(self, session: Session) -> list[shape.RoleGroup]:
        return shape.role_groups(self.event, session)

    def role_label(self, role: str, count: int = 1) -> str:
        return role_label(role, count, self.event.roles, self.label)

    def is_long(self, session: Session, with_leads: bool, with_people: bool) -> bool:
        """Whether the session's agenda row may be taller than half a page, and so may break across pages
        (a rough measure: about 40 characters of lead per line, three lines per person and role label)."""
        lines = len(session.lead) / 40 if with_leads else 0
        if with_people:
            groups = self.roles(session)
            lines = max(lines, sum(1 + 3 * len(g.appearances) for g in groups))
        return lines > 30

    def shows_role_labels(self, session: Session) -> bool:
        """Every group is labelled, except a session whose only people are its plain speakers (as before)."""
        groups = self.roles(session)
        return not (len(groups) == 1 and groups[0].role == "speaker")

    def track_line(self, session: Session) -> str:
        """'Group 1: Urban mobility · Room B' for a session in a track, else ''."""
        track = shape.track_of(self.event, session)
        parts = [track.name if track else "", shape.room_of(self.event, session)]
        return " \u00b7 ".join(p for p in parts if p)

    def roles_of(self, person_id: str, session: Session) -> list[str]:
        """The roles ``person_id`` has in ``session``, in order."""
        seen = [a.role for a in shape.appearances(self.event, session) if a.person and a.person.id == person_id]
        return list(dict.fromkeys(seen))

    def roles_text(self, person_id: str, session: Session) -> str:
        """'Chair' or 'Chair, Panellist': how ``person_id`` takes part in ``session``."""
        return ", ".join(self.role_label(role) for role in self.roles_of(person_id, session))

    def session_when(self, session: Session) -> str:
        """'Monday, 23 August 2010, 15:15 - 17:15 (GMT+7) / 10:15 - 12:15 (CEST)': with the date, always (only the
        date for an agenda item without times)."""
        times = self.event.session_times(session)
        if not times:
            return self.local.date(session.day or self.event.event.date, weekday=True)
        spans = " / ".join(f"{self.local.span(t)} ({self.local.zone(t)})"
                           + (f" {self.short_date(t.start)}" if t.start.date() != times[0].start.date() else "")
                           for t in times)
        return f"{self.local.date(session.day or self.event.event.date, weekday=True)}, {spans}"

    @property
    def organisers_line(self) -> str:
        return " \u00b7 ".join(o.display_name for o in self.event.organisers)
