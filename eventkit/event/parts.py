"""The event file's parts, one frozen dataclass per table: ``[event]``, ``[[organisers]]``, ``[concept]``,
``[people.<id>]``, ``[[delegations]]``, ``[[agenda]]``, ``[report]``, ``[attendance]``, and the resolved forms of the
report's sections. :class:`~eventkit.event.model.Event` (model.py) puts them together; import them from there.

Field docs (the ``doc`` metadata) are the reference for the event file format; :mod:`eventkit.event.load` uses the
annotations to validate.
"""

from __future__ import annotations

import datetime as dt
import typing
from dataclasses import dataclass, field
from typing import Literal

from . import timeline
from .model_fields import doc
from .programme_model import Participant
from .report_model import (
    Action,
    Annex,
    AnnexNumbering,
    Attendance,
    Block,
    Decision,
    Link,
    Officers,
    ParticipantGrouping,
    SectionStatus,
    SpeakerPlace,
)

EventKind = Literal["webinar", "high-level event", "meeting", "conference", "workshop", "briefing", "consultation"]
EVENT_KINDS: tuple[EventKind, ...] = typing.get_args(EventKind)
SessionKind = Literal[
    "opening", "keynote", "presentation", "panel", "roundtable", "discussion", "break", "closing", "other"
]
SESSION_KINDS: tuple[SessionKind, ...] = typing.get_args(SessionKind)
ReportStyle = Literal["summary-report", "note-for-file", "minutes"]
REPORT_STYLES: tuple[ReportStyle, ...] = typing.get_args(ReportStyle)
ConceptPlace = Literal["expected_outcomes", "background", "objectives", "format", "participants", "agenda"]
CONCEPT_PLACES: tuple[ConceptPlace, ...] = typing.get_args(ConceptPlace)
Status = Literal["confirmed", "tentative", "cancelled"]
STATUSES: tuple[Status, ...] = typing.get_args(Status)
SessionStatus = Literal[Status, "deferred"]  # a deferred item: marked in the agenda, cancelled in the calendars
SESSION_STATUSES: tuple[SessionStatus, ...] = typing.get_args(SessionStatus)
DelegationRole = Literal["delegate", "observer", "organiser"]
DELEGATION_ROLES: tuple[DelegationRole, ...] = typing.get_args(DelegationRole)
Registration = Literal["", "approved", "pending", "waitlisted", "denied", "cancelled"]
REGISTRATIONS: tuple[Registration, ...] = typing.get_args(Registration)
INVITABLE_REGISTRATIONS = ("", "approved")


@dataclass(frozen=True)
class Organiser:
    """Who organises the event. All of them sign the documents' running header ("UNCRD · Ministry of ...") and are
    listed in the concept note; the first is the invites' ORGANIZER, the others are named in the invites'
    DESCRIPTION ("Organised by: ...") and as CONTACT."""

    name: str = doc("Organisation or office that organises the event", translatable=True)
    office: str = doc("Office or unit, e.g. 'Regional Office for South-Eastern Europe'", default="", translatable=True)
    email: str = doc("Contact e-mail address (the invites' ORGANIZER)", default="")
    url: str = doc("Web site", default="")
    logo: str = doc(
        "Logo printed above the title of every document, side by side with the other organisers' logos, 1.5 cm high: a PNG, JPEG or GIF file, its path relative to the event file, e.g. 'logos/unece.png'",
        default="",
    )

    @property
    def display_name(self) -> str:
        return f"{self.name}, {self.office}" if self.office else self.name


@dataclass(frozen=True)
class EventInfo:
    """The event itself: what, when (in the venue's or host's time zone), where and in which language."""

    title: str = doc("Title of the event", translatable=True)
    date: dt.date = doc("First (or only) day, a TOML date: 2021-03-24")
    start: dt.time = doc('Local start time on each day: "09:30" in quotes, or a TOML time with seconds, 09:30:00')
    end: dt.time = doc(
        'Local end time on each day: "13:30"; earlier than the start, it is on the next day ("22:00" to "01:00")'
    )
    timezone: str = doc("IANA time zone of the venue or host, e.g. 'Europe/Vienna'")
    id: str = doc("Stable identifier (used in file names and invite UIDs); default: the file name", default="")
    subtitle: str = doc(
        "Tagline shown under the title, e.g. 'A high-level event organised by ...'", default="", translatable=True
    )
    kind: EventKind = doc(
        "webinar, high-level event, meeting, conference, workshop, briefing or consultation", default="meeting"
    )
    report_style: ReportStyle = doc(
        "'summary-report' (prose), 'note-for-file' (bullets) or 'minutes' (officers, attendance, decisions, actions)",
        default="summary-report",
    )
    end_date: dt.date | None = doc("Last day of a multi-day event", default=None)
    display_timezones: tuple[str, ...] = doc("Further IANA zones in which times are shown", default=())
    venue: str = doc("Venue and city, for an in-person event", default="", translatable=True)
    platform: str = doc("Online platform, e.g. 'KUDO platform'", default="", translatable=True)
    join_url: str = doc("Link to join online", default="")
    interpretation: tuple[str, ...] = doc("Languages of simultaneous interpretation", default=(), translatable=True)
    language: str = doc(
        "The language the event file is written in, and of the documents, the invites' descriptions and the e-mails unless `languages` says otherwise: a BCP 47 tag; ar, de, en, es, fr, ja, pt, ru and zh have their own labels; any other tag (fr-CH, is) gets its own dates and times, and the labels of its language or English",
        default="en",
    )
    languages: tuple[str, ...] = doc(
        "The languages the documents and invitations are issued in (BCP 47 tags), "
        'e.g. ["en", "fr", "ar"]: one folder of documents each, one set of '
        "invites; default: `language` alone",
        default=(),
    )
    status: Status = doc(
        "confirmed, tentative or cancelled (cancelled: the invites become METHOD:CANCEL, as with `eventkit invites --cancel`)",
        default="confirmed",
    )
    invitation_note: str = doc(
        "Your own paragraph in every invitation e-mail (Markdown), e.g. the registration link "
        "or a visa and logistics note",
        default="",
        multiline=True,
        translatable=True,
    )
    participant_list: ParticipantGrouping = doc(
        "The participant list: 'delegation' (a table per delegation, then 'Other participants'; the default), 'flat' (one table with a Delegation column) or 'list' (numbered, one line each)",
        default="delegation",
    )


@dataclass(frozen=True)
class ConceptSection:
    """A section of your own in the concept note ("Target audience", "Partners", "Registration" ...), printed in the
    order written after the standard section named by ``after``."""

    heading: str = doc("Heading of the section, e.g. 'Target audience' or 'Partners'", translatable=True)
    text: str = doc("The section's text (Markdown, tables included)", default="", multiline=True, translatable=True)
    after: ConceptPlace = doc(
        "Where it goes: after 'background', 'objectives', 'expected_outcomes' "
        "(the default), 'format' (and the practical details), 'participants' "
        "or 'agenda' (the overview)",
        default="expected_outcomes",
    )


@dataclass(frozen=True)
class Concept:
    """The concept note's text, all Markdown. The note for file prints ``objectives`` under "Objectives of the Event";
    the standard headings themselves are labels (``[labels]`` ``background = "Rationale"``)."""

    background: str = doc("Background (Markdown)", default="", multiline=True, translatable=True)
    objectives: str = doc("Objectives (Markdown)", default="", multiline=True, translatable=True)
    expected_outcomes: str = doc("Expected outcomes (Markdown)", default="", multiline=True, translatable=True)
    format: str = doc(
        "Format, platform and interpretation arrangements (Markdown)", default="", multiline=True, translatable=True
    )
    agenda_speakers: bool = doc(
        "Whether the concept note's agenda overview names the speakers (default false: sessions and times only)",
        default=False,
    )
    sections: tuple[ConceptSection, ...] = doc(
        "Sections of your own ([[concept.sections]]: heading, text, after), in the order written", default=()
    )


@dataclass(frozen=True)
class Person:
    """Someone named in the event, defined once under ``[people.<id>]`` (the id is the table's name:
    ``[people.held]``) and referred to by that id everywhere else."""

    name: str = doc("Full name as it is written, e.g. 'Renate Held'")
    honorific: str = doc("Mr., Ms., Mrs., Dr., H.E., Prof. ...", default="", translatable=True)
    title: str = doc("Function or job title", default="", translatable=True)
    organisation: str = doc("Organisation, ministry or office", default="", translatable=True)
    country: str = doc("Country or government represented", default="", translatable=True)
    email: str = doc("E-mail address (needed for invites)", default="")
    bio: str = doc("Short biography (Markdown)", default="", multiline=True, translatable=True)
    affiliation: str = doc(
        "How the function is written after the name, when it is not simply 'title, organisation, country' (a part already contained in an earlier one is skipped)",
        default="",
        translatable=True,
    )
    local_name: str = doc(
        "The name in its own script when `name` is written in Latin letters, e.g. '薛富侨': a numbered list of participants prints '薛富侨（W3C） Fuqiao Xue (W3C)'",
        default="",
    )
    local_organisation: str = doc(
        "The organisation as written in that script or language, e.g. '百度' (default: organisation)", default=""
    )
    timezone: str = doc(
        "IANA time zone where the person is: their invitation e-mail also gives their own sessions' times there ('your time: 23 August 2010, 22:00 - 23:30 EDT')",
        default="",
    )
    language: str = doc(
        "The language of their invitation e-mail (BCP 47 tag, one of the event's `languages`); "
        "default: their delegation's, else the event's first",
        default="",
    )
    name_language: str = doc(
        "The language of the name (and local_name), for its typography: 'ja' draws a name in Han "
        "characters with Japanese shapes, 'ko' Korean; default: from its script (kana: ja, "
        "Hangul: ko)",
        default="",
    )
    invitation_note: str = doc(
        "A paragraph for this person's invitation e-mail only (Markdown), after the event's own",
        default="",
        multiline=True,
        translatable=True,
    )
    registration: Registration = doc(
        "The registration platform's status (written by `eventkit import`): "
        "'pending' or 'waitlisted' people are not invited until approved "
        "(then the field is removed, or 'approved'); 'denied' and "
        "'cancelled' people are neither invited nor listed",
        default="",
    )
    id: str = field(default="", metadata={"internal": True})
    honorific_key: str = field(default="", metadata={"internal": True})  # the honorific as written, when translated

    @property
    def may_be_invited(self) -> bool:
        """False while the registration is pending or waitlisted, and once it is denied or cancelled."""
        return self.registration in INVITABLE_REGISTRATIONS

    @property
    def withdrawn(self) -> bool:
        """The registration was denied or cancelled: not a participant (not listed, not invited)."""
        return self.registration in ("denied", "cancelled")

    @property
    def full_name(self) -> str:
        return f"{self.honorific} {self.name}".strip()

    @property
    def name_script(self) -> str:
        """The language whose typography the name needs: ``name_language``, else 'ja' for a name with kana, 'ko' for
        one with Hangul ('' otherwise: Han characters alone are Chinese or Japanese, the document's language
        decides; Latin letters need nothing)."""
        return self.name_language or name_script_language(self.local_name + self.name)

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

    @property
    def list_line(self) -> str:
        """One line of a list of participants: 'Fuqiao Xue (W3C)', with the local form first when there is one:
        '薛富侨（W3C） Fuqiao Xue (W3C)' (full-width brackets around Chinese, Japanese or Korean text)."""
        latin = f"{self.full_name} {bracketed(self.organisation)}".strip()
        if not self.local_name:
            return latin
        return f"{self.local_name}{bracketed(self.local_organisation or self.organisation, self.local_name)} {latin}"

    def speaker_line(self, affiliation: str = "") -> str:
        """'Ms. Renate Held, IOM Regional Director ...' (an explicit affiliation wins)."""
        line = affiliation or self.affiliation_line
        return f"{self.full_name}, {line}" if line else self.full_name


@dataclass(frozen=True)
class Delegation:
    """A delegation, government or organisation taking part. Everyone in ``[people]`` who is in no delegation is
    listed under "Other participants" in the participant list and its annex (speakers first): nobody is dropped."""

    name: str = doc("Delegation, government or organisation, e.g. 'Government of Moldova'", translatable=True)
    members: tuple[str, ...] = doc("Ids of its members in [people]", default=())
    role: DelegationRole = doc(
        "delegate, observer or organiser (observers are optional attendees in the invites)", default="delegate"
    )
    invite: bool = doc(
        "false: its members are recorded as participants but get no invitation (and no warning)", default=True
    )
    category: str = doc(
        "The group the list of participants prints it under, e.g. 'Member States', 'Observers', "
        "'United Nations system'; groups follow in the order they first appear",
        default="",
        translatable=True,
    )
    language: str = doc(
        "The language of its members' invitation e-mails (BCP 47 tag, one of the event's "
        "`languages`), unless a member has their own",
        default="",
    )


@dataclass(frozen=True)
class Session:
    """A session or item of the agenda, in order. Its times are in the event's zone, inside the event's hours, and
    do not overlap another session of the same track or a plenary (untracked) session."""

    id: str = doc("Stable identifier, e.g. 'opening' (invite UIDs and report sections refer to it)")
    title: str = doc("Title as shown in the agenda", translatable=True)
    start: dt.time | None = doc(
        "Local start time (the event's zone); leave out start and end for an item without "
        "times (a meeting's numbered agenda item), which has no calendar entry of its own",
        default=None,
        together_with="end",
    )
    end: dt.time | None = doc(
        'Local end time (earlier than the start: the next day, "23:30" to "00:30"); '
        '"02:30+01:00" picks one of two repeated times',
        default=None,
        together_with="start",
    )
    kind: SessionKind = doc(
        "opening, keynote, presentation, panel, roundtable, discussion, break, closing or other", default="presentation"
    )
    day: dt.date | None = doc(
        "Day of a multi-day event, between date and end_date; default: the event's first day", default=None
    )
    moderators: tuple[str, ...] = doc(
        "Ids of the moderators or chairs (printed 'Moderator:' or 'Moderators:')", default=()
    )
    speakers: tuple[str, ...] = doc(
        "Ids of the speakers, in speaking order (printed 'Speakers:' when the session also lists other roles)",
        default=(),
    )
    lead: str = doc("A lead paragraph describing the session (Markdown)", default="", multiline=True, translatable=True)
    track: str = doc(
        "Id of the session's track in [[tracks]]: sessions in different tracks may run in parallel", default=""
    )
    room: str = doc("Room, when it is not the track's room", default="", translatable=True)
    status: SessionStatus = doc(
        "confirmed, tentative, cancelled or deferred: a cancelled or deferred "
        "session stays in the agenda, marked '(cancelled)' or '(deferred)'; its "
        "session invite becomes a METHOD:CANCEL and every speaker's file cancels "
        "it (removing the session from the file does the same, and takes it out "
        "of the agenda)",
        default="confirmed",
    )
    participants: tuple[Participant, ...] = doc(
        "People with their roles, presentation titles and affiliations "
        "([[agenda.participants]]), after the moderators and before the speakers",
        default=(),
    )
    group: str = doc(
        "Id of the group in [[groups]] whose heading the session is printed under (e.g. one of four "
        "breakout groups under 'Breakout Session 1')",
        default="",
    )
    number: str = doc(
        "Its number as the programme prints it, e.g. '4' or '4.2' (an agenda without times numbers "
        "its items 1, 2, 3 ... otherwise)",
        default="",
    )

    @property
    def timed(self) -> bool:
        """Whether the session has its times (an agenda item without them has neither start nor end)."""
        return self.start is not None and self.end is not None

    @property
    def clock_times(self) -> tuple[dt.time, dt.time]:
        """(start, end) of a session with times (see ``timed``)."""
        if self.start is None or self.end is None:
            raise ValueError(f"agenda item '{self.id}' has no times")
        return self.start, self.end

    @property
    def person_ids(self) -> tuple[str, ...]:
        """Everyone named in the session (moderators, participants with a person, speakers), once each, in order."""
        ids = (*self.moderators, *(pid for p in self.participants for pid in p.person_ids), *self.speakers)
        return tuple(dict.fromkeys(ids))


@dataclass(frozen=True)
class SpeakerNotes(Block):
    """What one speaker, or several co-presenters, said in a section of the report: the fields of a block, with
    ``person`` or ``people`` naming the speaker(s)."""


@dataclass(frozen=True)
class ReportSection:
    """A section of the report, in order; the speakers and blocks after it belong to it."""

    heading: str | bool | None = doc(
        'Section heading; default: the session\'s title; "" or false: none', default=None, translatable=True
    )
    session: str = doc("Id of the agenda session this section reports on", default="")
    lead: str | bool | None = doc(
        "Paragraph under the heading (Markdown); default: the session's lead, followed by ', moderated by <moderator>' (or ', chaired by <chair>'); \"\" or false: none",
        default=None,
        multiline=True,
        translatable=True,
    )
    notes: str = doc(
        "Notes for the section as a whole (Markdown), printed first", default="", multiline=True, translatable=True
    )
    speakers: tuple[SpeakerNotes, ...] = doc("Per-speaker notes, in order ([[report.sections.speakers]])", default=())
    blocks: tuple[Block, ...] = doc(
        "Text and speaker blocks in meeting order ([[report.sections.blocks]]), after notes and speakers", default=()
    )
    id: str = doc("Identifier of the section (for the notes file's '## id' lines); default: its session", default="")
    status: SectionStatus = doc(
        "'deferred' or 'withdrawn': the heading is marked '(deferred)'; a sentence "
        "under it only when [labels] item_deferred gives one; 'held' prints "
        "nothing, as leaving it out does; default: the session's status when it "
        "is deferred",
        default="",
    )
    level: int = doc("Heading level: 2 (a section), 3 or 4 (a sub-section: '5.1 ...')", default=2)


@dataclass(frozen=True)
class Report:
    """After the event: the report's content. ``symbol``, ``issued_by``, ``issued``, the officers and the attendance
    make the front block of minutes (``report_style = "minutes"``); decisions and actions are printed in every
    style."""

    heading: str | bool | None = doc(
        "Heading of the report; default 'SUMMARY REPORT', 'NOTE FOR FILE:' or 'MINUTES'; \"\" or false: none",
        default=None,
        translatable=True,
    )
    dateline: str | bool | None = doc(
        'The line under the title; default: the date and times; "" or false: none', default=None, translatable=True
    )
    sections: tuple[ReportSection, ...] = doc("The report's sections, in order ([[report.sections]])", default=())
    closing: str = doc(
        "Closing line (Markdown), e.g. 'Close of meeting'; '- CLOSE OF MEETING -' is a one-item bullet list in Markdown",
        default="",
        multiline=True,
        translatable=True,
    )
    links: tuple[Link, ...] = doc("Useful links ([[report.links]])", default=())
    annexes: tuple[str | Annex, ...] = doc(
        "Annexes: names (['Agenda', 'Concept Note']) or [[report.annexes]] tables with content",
        default=(),
        translatable=True,
    )
    notes_file: str = doc(
        "A Markdown file beside the event holding the report's body ('## section-id', '### @person-id')", default=""
    )
    symbol: str = doc("Document symbol, e.g. 'WHO/EURO/2021/1234'", default="")
    issued_by: str = doc(
        "Issuing body or source line, e.g. 'Secretariat of the ... Network'", default="", translatable=True
    )
    issued: dt.date | None = doc("Date of issue, a TOML date", default=None)
    distribution: str = doc(
        "Distribution, e.g. 'General', 'Restricted' (printed 'Distr.: General')", default="", translatable=True
    )
    original_language: str = doc(
        "The language the record was written in, e.g. 'English' (printed 'Original: English')",
        default="",
        translatable=True,
    )
    source: str = doc("The masthead's source line, e.g. 'Rapporteur of Working Group 2'", default="", translatable=True)
    working_groups: str = doc("The masthead's working group(s) line, e.g. 'WG 2, WG 5'", default="", translatable=True)
    contacts: str = doc(
        "The masthead's contacts line (Markdown: e-mail addresses become links)", default="", translatable=True
    )
    draft: bool = doc(
        "A draft circulated for comments: 'DRAFT' across every page (the PDF) and in the header (Word); also `build --draft`",
        default=False,
    )
    annex_numbering: AnnexNumbering = doc(
        "How annexes are numbered: 'numbers' (Annex 1), 'letters' (Annex A), 'roman' (Annex I) or 'none' (the title alone)",
        default="numbers",
    )
    co_presenters_separator: str = doc(
        'Between co-presenters with different affiliations: "; ", ", "; default: \' and \' in the document\'s language',
        default="",
    )
    speakers_as: SpeakerPlace = doc(
        "Where a speaker's line goes: 'heading' (the default) or 'lead' (a bold line opening the notes)", default=""
    )
    officers: Officers = doc(
        "Officers of the meeting ([report.officers]): chair, co_chairs, vice_chairs, secretariat, rapporteur, minute_takers",
        default_factory=Officers,
    )
    attendance: Attendance = doc(
        "Attendance ([report.attendance]): present, excused, absent, counts", default_factory=Attendance
    )
    decisions: tuple[Decision, ...] = doc("Decisions taken ([[report.decisions]]), numbered in a table", default=())
    actions: tuple[Action, ...] = doc(
        "Action items ([[report.actions]]): action, owner, due, status, links", default=()
    )


@dataclass(frozen=True)
class AttendanceRecord:
    """[attendance]: how the participant lists use the attendance, and anyone present written by hand. The reports
    `eventkit attendance` reads are recorded in <event>.attendance.json beside the event file, and count too."""

    present: tuple[str, ...] = doc(
        "Ids of people who attended, written by hand (e.g. from a paper sign-in sheet); "
        "added to those recorded by `eventkit attendance`",
        default=(),
    )
    attendees_only: bool = doc(
        "true: the participant list (and the report's) shows only the people present, with their number ('Participants present: 12')",
        default=False,
    )
    source: str = doc(
        "Where the hand-written list comes from, e.g. 'paper sign-in sheet' (earlier versions "
        "wrote the report's file name here)",
        default="",
    )


@dataclass(frozen=True)
class SpeakerAppearance:
    """A block of a section resolved against the people table: speakers' notes (``people``, introduced as
    ``affiliation`` says when it is given), or free text (no people)."""

    person: Person | None
    notes: str
    affiliation: str = ""
    people: tuple[Person, ...] = ()
    content: str = ""  # a generated block: "participants" or "agenda"
    grouping: str = ""
    separator: str = ""  # between co-presenters whose lines differ ("" = the language's "and")
    speakers_as: str = "heading"  # "heading" or "lead"


@dataclass(frozen=True)
class ResolvedSection:
    heading: str
    lead: str
    notes: str
    speakers: tuple[SpeakerAppearance, ...]
    session: Session | None
    body: tuple[SpeakerAppearance, ...] = ()  # notes, speakers and blocks in the order they are printed
    status: str = ""
    id: str = ""
    level: int = 2  # the heading's level: 2, or 3 and 4 for sub-sections


@dataclass(frozen=True)
class ZoneTimes:
    """A time span shown in one zone: label 'CET' or 'GMT+4' and local start/end.

    ``day`` is the day in the event's zone that the span belongs to: a start or end on another date in
    this zone is marked '(+1)' or '(-1)' (22:00 - 01:00 (+1))."""

    zone: str
    label: str
    start: dt.datetime
    end: dt.datetime
    day: dt.date | None = None

    @property
    def span(self) -> str:
        day = self.day or self.start.date()
        return (
            f"{self.start:%H:%M}{timeline.day_mark(self.start, day)} - "
            f"{self.end:%H:%M}{timeline.day_mark(self.end, day)}"
        )


def zone_label(moment: dt.datetime) -> str:
    """'CET', 'CEST', 'EDT' where the zone has a lettered abbreviation that no other offset shares, else 'GMT+4' /
    'GMT-3:30' / 'GMT' (so India's 'IST', shared with Israel and Ireland, is 'GMT+5:30')."""
    from .zone_names import is_unambiguous

    name = moment.tzname() or ""
    if is_unambiguous(name, moment):
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
    months = (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    )
    days = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    text = f"{day.day} {months[day.month - 1]} {day.year}"
    return f"{days[day.weekday()]}, {text}" if weekday else text


def name_script_language(text: str) -> str:
    """'ja' when ``text`` holds kana, 'ko' when it holds Hangul, else ''."""
    for character in text:
        code = ord(character)
        if 0x3040 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF or 0xFF66 <= code <= 0xFF9F:
            return "ja"
        if 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
            return "ko"
    return ""


def bracketed(text: str, script_of: str = "") -> str:
    """'(text)', or '（text）' with full-width brackets when ``script_of`` (or the text) is Chinese, Japanese or Korean."""
    if not text:
        return ""
    wide = any(
        "\u2e80" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af" or "\uf900" <= c <= "\ufaff" for c in (script_of or text)
    )
    return f"（{text}）" if wide else f"({text})"
