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
from typing import Literal
from zoneinfo import ZoneInfo

EVENT_KINDS = ("webinar", "high-level event", "meeting", "conference", "workshop", "briefing", "consultation")
SESSION_KINDS = ("opening", "keynote", "presentation", "panel", "roundtable", "discussion", "break", "closing", "other")
REPORT_STYLES = ("summary-report", "note-for-file")
STATUSES = ("confirmed", "tentative", "cancelled")
DELEGATION_ROLES = ("delegate", "observer", "organiser")


def doc(text: str, *, multiline: bool = False, **kwargs):
    """A dataclass field with its documentation attached (used by the README and the scaffold).

    Text fields are one line (no line breaks or other control characters) unless ``multiline`` is set:
    the Markdown fields, whose paragraphs and bullets need line breaks."""
    return field(metadata={"doc": text, **({"multiline": True} if multiline else {})}, **kwargs)


@dataclass(frozen=True)
class Organiser:
    name: str = doc("Organisation or office that organises the event")
    office: str = doc("Office or unit, e.g. 'Regional Office for South-Eastern Europe'", default="")
    email: str = doc("Contact e-mail address (the invites' ORGANIZER)", default="")
    url: str = doc("Web site", default="")

    @property
    def display_name(self) -> str:
        return f"{self.name}, {self.office}" if self.office else self.name


@dataclass(frozen=True)
class EventInfo:
    title: str = doc("Title of the event")
    date: dt.date = doc("First (or only) day, a TOML date: 2021-03-24")
    start: dt.time = doc("Local start time on each day, a TOML time: 09:30")
    end: dt.time = doc("Local end time on each day: 13:30")
    timezone: str = doc("IANA time zone of the venue or host, e.g. 'Europe/Vienna'")
    id: str = doc("Stable identifier (used in file names and invite UIDs); default: the file name", default="")
    subtitle: str = doc("Tagline shown under the title, e.g. 'A high-level event organised by ...'", default="")
    kind: Literal[EVENT_KINDS] = doc("webinar, high-level event, meeting, conference, workshop, briefing or consultation", default="meeting")
    report_style: Literal[REPORT_STYLES] = doc("'summary-report' (prose) or 'note-for-file' (bullets)", default="summary-report")
    end_date: dt.date | None = doc("Last day of a multi-day event", default=None)
    display_timezones: tuple[str, ...] = doc("Further IANA zones in which times are shown", default=())
    venue: str = doc("Venue and city, for an in-person event", default="")
    platform: str = doc("Online platform, e.g. 'KUDO platform'", default="")
    join_url: str = doc("Link to join online", default="")
    interpretation: tuple[str, ...] = doc("Languages of simultaneous interpretation", default=())
    language: str = doc("Language of the documents (BCP 47 tag)", default="en")
    status: Literal[STATUSES] = doc("confirmed, tentative or cancelled", default="confirmed")


@dataclass(frozen=True)
class Concept:
    background: str = doc("Background (Markdown)", default="", multiline=True)
    objectives: str = doc("Objectives (Markdown)", default="", multiline=True)
    expected_outcomes: str = doc("Expected outcomes (Markdown)", default="", multiline=True)
    format: str = doc("Format, platform and interpretation arrangements (Markdown)", default="", multiline=True)


@dataclass(frozen=True)
class Person:
    name: str = doc("Full name as it is written, e.g. 'Renate Held'")
    honorific: str = doc("Mr., Ms., Mrs., Dr., H.E., Prof. ...", default="")
    title: str = doc("Function or job title", default="")
    organisation: str = doc("Organisation, ministry or office", default="")
    country: str = doc("Country or government represented", default="")
    email: str = doc("E-mail address (needed for invites)", default="")
    bio: str = doc("Short biography (Markdown)", default="", multiline=True)
    affiliation: str = doc("How the function is written after the name, when it is not simply 'title, organisation, country'", default="")
    id: str = field(default="", metadata={"internal": True})

    @property
    def full_name(self) -> str:
        return f"{self.honorific} {self.name}".strip()

    @property
    def affiliation_line(self) -> str:
        """'title, organisation, country', skipping any part already contained in the ones before."""
        if self.affiliation:
            return self.affiliation
        parts: list[str] = []
        for part in (self.title, self.organisation, self.country):
            if part and not any(part.lower() in p.lower() for p in parts):
                parts.append(part)
        return ", ".join(parts)

    def speaker_line(self, affiliation: str = "") -> str:
        """'Ms. Renate Held, IOM Regional Director ...' (an explicit affiliation wins)."""
        line = affiliation or self.affiliation_line
        return f"{self.full_name}, {line}" if line else self.full_name


@dataclass(frozen=True)
class Delegation:
    name: str = doc("Delegation, government or organisation, e.g. 'Government of Moldova'")
    members: tuple[str, ...] = doc("Ids of its members in [people]", default=())
    role: Literal[DELEGATION_ROLES] = doc("delegate, observer or organiser (observers are optional attendees)", default="delegate")


@dataclass(frozen=True)
class Session:
    id: str = doc("Stable identifier, e.g. 'opening' (invite UIDs and report sections refer to it)")
    title: str = doc("Title as shown in the agenda")
    start: dt.time = doc("Local start time (the event's zone)")
    end: dt.time = doc("Local end time")
    kind: Literal[SESSION_KINDS] = doc("opening, keynote, presentation, panel, roundtable, discussion, break, closing or other", default="presentation")
    day: dt.date | None = doc("Day of a multi-day event; default: the event's first day", default=None)
    moderators: tuple[str, ...] = doc("Ids of the moderators or chairs", default=())
    speakers: tuple[str, ...] = doc("Ids of the speakers, in speaking order", default=())
    lead: str = doc("A lead paragraph describing the session (Markdown)", default="", multiline=True)


@dataclass(frozen=True)
class SpeakerNotes:
    person: str = doc("Id of the speaker in [people]")
    notes: str = doc("What the speaker said (Markdown: paragraphs, '- *Welcomed* ...' bullets, **bold labels**, links, ^superscript^, ++underline++)", default="", multiline=True)
    affiliation: str = doc("How the speaker was introduced here, when it differs from the person's usual line", default="")


@dataclass(frozen=True)
class ReportSection:
    heading: str = doc("Section heading; default: the session's title", default="")
    session: str = doc("Id of the agenda session this section reports on", default="")
    lead: str = doc("Paragraph under the heading (Markdown); default: the session's lead, with its moderators", default="", multiline=True)
    notes: str = doc("Notes for the section as a whole (Markdown)", default="", multiline=True)
    speakers: tuple[SpeakerNotes, ...] = doc("Per-speaker notes, in order ([[report.sections.speakers]])", default=())


@dataclass(frozen=True)
class Link:
    text: str = doc("Link text")
    url: str = doc("Address (http, https or mailto)")


@dataclass(frozen=True)
class Report:
    heading: str = doc("Heading of the report; default 'SUMMARY REPORT' or 'NOTE FOR FILE:'", default="")
    sections: tuple[ReportSection, ...] = doc("The report's sections, in order ([[report.sections]])", default=())
    closing: str = doc("Closing line (Markdown), e.g. 'Close of meeting'; '- CLOSE OF MEETING -' is a one-item bullet list in Markdown", default="", multiline=True)
    links: tuple[Link, ...] = doc("Useful links ([[report.links]])", default=())
    annexes: tuple[str, ...] = doc("Names of the annexes, e.g. ['Agenda', 'Concept Note']", default=())


@dataclass(frozen=True)
class SpeakerAppearance:
    """A speaker's notes resolved against the people table."""
    person: Person
    notes: str
    line: str


@dataclass(frozen=True)
class ResolvedSection:
    heading: str
    lead: str
    notes: str
    speakers: tuple[SpeakerAppearance, ...]
    session: Session | None


@dataclass(frozen=True)
class ZoneTimes:
    """A time span shown in one zone: label 'CET' or 'GMT+4' and local start/end."""
    zone: str
    label: str
    start: dt.datetime
    end: dt.datetime

    @property
    def span(self) -> str:
        return f"{self.start:%H:%M} - {self.end:%H:%M}"


def zone_label(moment: dt.datetime) -> str:
    """'CET', 'CEST', 'EDT' where the zone has a lettered abbreviation, else 'GMT+4' / 'GMT-3:30' / 'GMT'."""
    name = moment.tzname() or ""
    if name.isalpha():
        return name
    offset = moment.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "GMT"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"GMT{sign}{hours}" + (f":{rest:02d}" if rest else "")


def format_date(day: dt.date, weekday: bool = False) -> str:
    """'24 March 2021', or 'Thursday, 22 April 2021' (English; independent of the machine's locale)."""
    months = ("January", "February", "March", "April", "May", "June", "July",
              "August", "September", "October", "November", "December")
    days = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    text = f"{day.day} {months[day.month - 1]} {day.year}"
    return f"{days[day.weekday()]}, {text}" if weekday else text


@dataclass(frozen=True)
class Event:
    event: EventInfo
    organisers: tuple[Organiser, ...] = doc("Who organises the event ([[organisers]])", default=())
    concept: Concept = doc("The concept note's text ([concept])", default_factory=Concept)
    people: dict[str, Person] = doc("Everyone named in the event, keyed by a short id ([people.<id>])", default_factory=dict)
    delegations: tuple[Delegation, ...] = doc("Delegations and organisations taking part ([[delegations]])", default=())
    agenda: tuple[Session, ...] = doc("Sessions in order ([[agenda]])", default=())
    report: Report = doc("After the event: the report's content ([report])", default_factory=Report)
    source: str = field(default="", metadata={"internal": True})

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
    def starts_at(self) -> dt.datetime:
        return dt.datetime.combine(self.event.date, self.event.start, self.zone)

    @property
    def ends_at(self) -> dt.datetime:
        return dt.datetime.combine(self.event.end_date or self.event.date, self.event.end, self.zone)

    def zone_times(self, start: dt.datetime, end: dt.datetime) -> list[ZoneTimes]:
        """The span in the event's zone, then in each display zone."""
        spans = []
        for name in (self.event.timezone, *self.event.display_timezones):
            zone = ZoneInfo(name)
            local_start, local_end = start.astimezone(zone), end.astimezone(zone)
            spans.append(ZoneTimes(name, zone_label(local_start), local_start, local_end))
        return spans

    @cached_property
    def display_times(self) -> list[ZoneTimes]:
        """The event's daily hours (first day) in every zone."""
        first_end = dt.datetime.combine(self.event.date, self.event.end, self.zone)
        return self.zone_times(self.starts_at, first_end)

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

    def session_start(self, session: Session) -> dt.datetime:
        return dt.datetime.combine(session.day or self.event.date, session.start, self.zone)

    def session_end(self, session: Session) -> dt.datetime:
        return dt.datetime.combine(session.day or self.event.date, session.end, self.zone)

    def session_times(self, session: Session) -> list[ZoneTimes]:
        return self.zone_times(self.session_start(session), self.session_end(session))

    # ------------------------------------------------------------ people

    def person(self, person_id: str) -> Person:
        return self.people[person_id]

    @property
    def organiser(self) -> Organiser | None:
        return self.organisers[0] if self.organisers else None

    @cached_property
    def speakers(self) -> list[Person]:
        """Everyone who speaks or moderates, in order of first appearance in the agenda."""
        seen: dict[str, Person] = {}
        for session in self.agenda:
            for pid in (*session.moderators, *session.speakers):
                seen.setdefault(pid, self.people[pid])
        for section in self.report.sections:
            for notes in section.speakers:
                seen.setdefault(notes.person, self.people[notes.person])
        return list(seen.values())

    @cached_property
    def invitees(self) -> list[Person]:
        """Everyone who is invited: speakers, moderators and delegation members, in the people table's order."""
        ids = {p.id for p in self.speakers} | {pid for d in self.delegations for pid in d.members}
        return [person for pid, person in self.people.items() if pid in ids]

    def sessions_of(self, person_id: str) -> list[Session]:
        return [s for s in self.agenda if person_id in s.speakers or person_id in s.moderators]

    def role_of(self, person_id: str) -> str:
        """'chair' (moderates a session), 'speaker', 'observer' or 'delegate'."""
        if any(person_id in s.moderators for s in self.agenda):
            return "chair"
        if any(person_id in s.speakers for s in self.agenda):
            return "speaker"
        for delegation in self.delegations:
            if person_id in delegation.members and delegation.role == "observer":
                return "observer"
        return "delegate"

    @cached_property
    def delegation_of(self) -> dict[str, Delegation]:
        return {pid: d for d in self.delegations for pid in d.members}

    # ------------------------------------------------------------ report

    @property
    def report_heading(self) -> str:
        if self.report.heading:
            return self.report.heading
        return "NOTE FOR FILE:" if self.event.report_style == "note-for-file" else "SUMMARY REPORT"

    def session(self, session_id: str) -> Session | None:
        return next((s for s in self.agenda if s.id == session_id), None)

    def moderated_lead(self, session: Session) -> str:
        """The session's lead, with ', moderated by <speaker line>' when it has moderators."""
        lead = session.lead.strip()
        if not session.moderators:
            return lead
        names = " and ".join(self.people[m].speaker_line() for m in session.moderators)
        return f"{lead.rstrip('.')}, moderated by {names}" if lead else f"Moderated by {names}"

    @cached_property
    def report_sections(self) -> list[ResolvedSection]:
        resolved = []
        for section in self.report.sections:
            session = self.session(section.session) if section.session else None
            heading = section.heading or (session.title if session else "")
            lead = section.lead or (self.moderated_lead(session) if session else "")
            speakers = tuple(
                SpeakerAppearance(self.people[n.person], n.notes, self.people[n.person].speaker_line(n.affiliation))
                for n in section.speakers)
            resolved.append(ResolvedSection(heading, lead, section.notes, speakers, session))
        return resolved
