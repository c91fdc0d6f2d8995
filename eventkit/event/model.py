"""The typed event model: what an event file means, and the values derived from it.

Every class here is a frozen dataclass built by :mod:`eventkit.event.load` from a
validated TOML file.  Later stages (documents, invites) receive an ``Event``
and never re-check input.  Derived values (times in each display zone, the
speaker line of a person, the sessions a person speaks in) are computed here,
once, so templates and writers only format.

Field docs (the ``doc`` metadata) are the reference for the event file
format; ``eventkit.event.load`` uses the annotations to validate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from . import timeline
from .attendance_record import RecordedAttendance
from .model_fields import doc
from .participation import Participation
from .parts import (  # noqa: F401 (the model's parts are imported from here)
    CONCEPT_PLACES,
    DELEGATION_ROLES,
    EVENT_KINDS,
    REPORT_STYLES,
    SESSION_KINDS,
    STATUSES,
    AttendanceRecord,
    Concept,
    ConceptSection,
    Delegation,
    EventInfo,
    Organiser,
    Person,
    Report,
    ReportSection,
    ResolvedSection,
    Session,
    SpeakerAppearance,
    SpeakerNotes,
    ZoneTimes,
    format_date,
    zone_label,
)
from .programme_model import Group, Layout, Participant, Protocol, RoleName, Track  # noqa: F401
from .report_model import (  # noqa: F401
    PARTICIPANT_GROUPINGS,
    SECTION_STATUSES,
    Action,
    Annex,
    Attendance,
    Block,
    Decision,
    Link,
    Officers,
)

if TYPE_CHECKING:
    from .report_body import Minutes, ResolvedAnnex
    from .report_directives import Placements

__all__ = [  # the model's parts, defined in the modules above, are imported from here
    "Action",
    "Annex",
    "Attendance",
    "AttendanceRecord",
    "Block",
    "CONCEPT_PLACES",
    "Concept",
    "ConceptSection",
    "DELEGATION_ROLES",
    "Decision",
    "Delegation",
    "EVENT_KINDS",
    "Event",
    "EventInfo",
    "Group",
    "Layout",
    "Link",
    "Officers",
    "Organiser",
    "PARTICIPANT_GROUPINGS",
    "Participant",
    "Person",
    "Protocol",
    "REPORT_STYLES",
    "RecordedAttendance",
    "Report",
    "ReportSection",
    "ResolvedSection",
    "RoleName",
    "SECTION_STATUSES",
    "SESSION_KINDS",
    "STATUSES",
    "Session",
    "SpeakerAppearance",
    "SpeakerNotes",
    "Track",
    "ZoneTimes",
    "format_date",
    "zone_label",
]


@dataclass(frozen=True)
class Event(Participation):
    event: EventInfo = doc("The event itself: title, date, hours, time zone, place ([event])")
    organisers: tuple[Organiser, ...] = doc("Who organises the event ([[organisers]])", default=())
    concept: Concept = doc("The concept note's text ([concept])", default_factory=Concept)
    people: dict[str, Person] = doc(
        "Everyone named in the event, keyed by a short id ([people.<id>])", default_factory=dict
    )
    delegations: tuple[Delegation, ...] = doc("Delegations and organisations taking part ([[delegations]])", default=())
    agenda: tuple[Session, ...] = doc("Sessions in order ([[agenda]])", default=())
    report: Report = doc("After the event: the report's content ([report])", default_factory=Report)
    labels: dict[str, str] = doc(
        'Your own wording of the documents\' fixed labels ([labels]: key = "text")',
        default_factory=dict,
        translatable=True,
    )
    tracks: tuple[Track, ...] = doc("Parallel tracks ([[tracks]]): id, name and room", default=())
    groups: tuple[Group, ...] = doc(
        "Headings over several sessions ([[groups]]): id, title, lead, number, parallel, "
        'people; sessions name theirs with group = "<id>"',
        default=(),
    )
    layout: Layout = doc(
        'How the documents lay the programme out ([layout]): parallel = "stacked" or "grid"', default_factory=Layout
    )
    roles: dict[str, RoleName] = doc(
        "Roles of your own for [[agenda.participants]] ([roles.<name>])", default_factory=dict
    )
    protocol: Protocol = doc("Salutations and the order of delegations ([protocol])", default_factory=Protocol)
    attendance: AttendanceRecord = doc(
        "Who attended ([attendance]): attendees_only, and people present written by hand",
        default_factory=AttendanceRecord,
    )
    source: str = field(default="", metadata={"internal": True})
    # the event as written, when this is its translation into one of its other languages (language/translation.py)
    original: Event | None = field(default=None, compare=False, repr=False, metadata={"internal": True})
    recorded_attendance: RecordedAttendance = field(default_factory=RecordedAttendance, metadata={"internal": True})

    # ------------------------------------------------------------ identity and time

    @property
    def id(self) -> str:
        return self.event.id

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.event.timezone)

    @property
    def days(self) -> list[dt.date]:
        last = self.event.end_date or self.event.date
        return [self.event.date + dt.timedelta(days=n) for n in range((last - self.event.date).days + 1)]

    @property
    def recorded_days(self) -> list[dt.date]:
        """The event's days for which an attendance report is recorded, in order."""
        return [day for day in self.days if day in self.recorded_attendance.days]

    @property
    def starts_at(self) -> dt.datetime:
        return timeline.local_moment(self.event.date, self.event.start, self.zone)

    @property
    def ends_at(self) -> dt.datetime:
        """The end of the last day (on the day after it when the hours cross midnight)."""
        return self.day_span(self.days[-1])[1]

    @property
    def crosses_midnight(self) -> bool:
        """The daily hours end on the next day (22:00-01:00)."""
        return timeline.crosses_midnight(self.event.start, self.event.end)

    def day_span(self, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
        """The event's hours on one of its days, as instants."""
        return timeline.span(day, self.event.start, self.event.end, self.zone)

    @property
    def day_spans(self) -> list[tuple[dt.date, dt.datetime, dt.datetime]]:
        """(day, start, end) for every day of the event: one calendar entry each."""
        return [(day, *self.day_span(day)) for day in self.days]

    def zone_times(self, start: dt.datetime, end: dt.datetime, day: dt.date | None = None) -> list[ZoneTimes]:
        """The span in the event's zone, then in each display zone (``day``: the event's day it belongs to)."""
        day = day or start.astimezone(self.zone).date()
        spans = []
        for name in (self.event.timezone, *self.event.display_timezones):
            zone = ZoneInfo(name)
            local_start, local_end = start.astimezone(zone), end.astimezone(zone)
            label = zone_label(local_start)
            if zone_label(local_end) != label:  # the clocks change during the span: 22:15 - 03:15 (+1) CET/CEST
                label = f"{label}/{zone_label(local_end)}"
            spans.append(ZoneTimes(name, label, local_start, local_end, day))
        return spans

    @cached_property
    def display_times(self) -> list[ZoneTimes]:
        """The event's daily hours (first day) in every zone."""
        return self.zone_times(*self.day_span(self.event.date), self.event.date)

    @cached_property
    def hours_by_day(self) -> list[tuple[dt.date, list[ZoneTimes]]]:
        """Each day with its hours in every zone, with that day's abbreviations (CET on Friday, CEST on Monday)."""
        return [(day, self.zone_times(start, end, day)) for day, start, end in self.day_spans]

    @property
    def same_hours_each_day(self) -> bool:
        """True when every day reads the same in every zone (same times, same abbreviations)."""
        shown = {tuple((z.span, z.label) for z in spans) for _, spans in self.hours_by_day}
        return len(shown) == 1

    def session_day(self, session: Session) -> dt.date:
        """The event's day a session belongs to (its ``day``, else the first)."""
        return session.day or self.event.date

    @property
    def date_text(self) -> str:
        """'24 March 2021' or '24 - 26 March 2021'."""
        if not self.event.end_date or self.event.end_date == self.event.date:
            return format_date(self.event.date)
        first, last = self.event.date, self.event.end_date
        if (first.year, first.month) == (last.year, last.month):
            return f"{first.day} - {format_date(last)}"
        if first.year == last.year:
            return f"{format_date(first)[:-5]} - {format_date(last)}"
        return f"{format_date(first)} - {format_date(last)}"

    @property
    def weekday_date_text(self) -> str:
        if self.event.end_date and self.event.end_date != self.event.date:
            return f"{format_date(self.event.date, True)} - {format_date(self.event.end_date, True)}"
        return format_date(self.event.date, weekday=True)

    @property
    def timed_sessions(self) -> list[Session]:
        """The agenda's sessions that have times, in order."""
        return [s for s in self.agenda if s.timed]

    @property
    def untimed_agenda(self) -> bool:
        """No item of the agenda has times: the documents print it as a numbered list (a meeting's agenda)."""
        return bool(self.agenda) and not self.timed_sessions

    def session_start(self, session: Session) -> dt.datetime:
        """The session's start (only for a session with times: see ``Session.timed``); after midnight (on the next
        date) when the event's hours cross midnight and the session starts before the event's start time (an event
        22:00-01:00, a session at 00:15)."""
        start, _ = session.clock_times
        day = self.session_day(session)
        if self.crosses_midnight and start < self.event.start:
            day += timeline.ONE_DAY
        return timeline.local_moment(day, start, self.zone)

    def session_end(self, session: Session) -> dt.datetime:
        """The session's end: on the date it starts, or the next when it ends before it starts (23:30-00:30)."""
        start, end = session.clock_times
        day = self.session_start(session).date() + (
            timeline.ONE_DAY if timeline.crosses_midnight(start, end) else dt.timedelta(0)
        )
        return timeline.local_moment(day, end, self.zone)

    def session_times(self, session: Session) -> list[ZoneTimes]:
        """The session's span in every zone; [] for a session without times."""
        if not session.timed:
            return []
        return self.zone_times(self.session_start(session), self.session_end(session), self.session_day(session))

    # ------------------------------------------------------------ report

    @property
    def report_dateline(self) -> str | None:
        """The report's line under the title: None for the style's default, "" for none, else the text."""
        dateline = self.report.dateline
        if dateline is None or dateline is True:
            return None
        return dateline or ""

    @property
    def report_heading(self) -> str:
        from .field_types import text_or_default

        defaults = {"note-for-file": "NOTE FOR FILE:", "minutes": "MINUTES"}
        return text_or_default(self.report.heading, defaults.get(self.event.report_style, "SUMMARY REPORT"))

    @cached_property
    def minutes(self) -> Minutes:
        """Officers, attendance, numbered decisions and action items (report_body.Minutes)."""
        from .report_body import resolve_minutes

        return resolve_minutes(self)

    @cached_property
    def report_placements(self) -> Placements:
        """Which default blocks (decisions, action items, officers ...) a directive in the report's text has placed
        elsewhere (report_directives.Placements)."""
        from .report_directives import placements

        return placements(self)

    @cached_property
    def report_annexes(self) -> list[ResolvedAnnex]:
        from .report_body import resolve_annexes

        return resolve_annexes(self)

    @cached_property
    def report_sections(self) -> list[ResolvedSection]:
        from .report_body import resolve_section

        return [resolve_section(self, section) for section in self.report.sections]
