"""Calendar invitations (RFC 5545 / RFC 5546) for an event, its sessions and its speakers.

- ``invite.ics``: the whole event, METHOD:REQUEST with one ATTENDEE per participant who has an e-mail
  (METHOD:PUBLISH without attendees for a public feed, or when nobody has an e-mail);
- ``sessions/<session-id>.ics``: one session, its moderators (CHAIR) and speakers as attendees;
  a session that was issued before and is no longer in the agenda (or has lost its times) gets a METHOD:CANCEL
  here; an agenda item without times gets no file of its own;
- ``speakers/<person-id>.ics``: a speaker's own sessions, METHOD:PUBLISH (a personal schedule to import;
  the same UIDs as the session invites, so calendars merge them); a speaker whose sessions all lack times gets one
  entry over the event's hours on their days.

Lifecycle: what was last issued is kept in a state file beside the event file
(``<stem>.invites.json``, meant to be committed with it).  Per UID it holds the SEQUENCE, the DTSTAMP at
which that SEQUENCE was issued, and a fingerprint of the summary, time, place, description and status.
A rebuild with the same fingerprint reuses both, so the .ics is byte-identical; any change raises
SEQUENCE and takes a new DTSTAMP.  Cancelling (``cancel=True`` or status "cancelled") is such a change.

Library code: functions return bytes and objects; they never print or exit.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar

from ..errors import BuildError
from ..event.model import Event, Organiser, Session
from ..event.uids import event_uid, session_uid
from ..output import write_atomically
from .requirements import invite_problem
from .vtimezone import vtimezone

PRODID = "-//eventkit//eventkit invites//EN"
UTC = dt.timezone.utc
ROLES = {"chair": "CHAIR", "speaker": "REQ-PARTICIPANT", "delegate": "REQ-PARTICIPANT", "observer": "OPT-PARTICIPANT"}
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"


@dataclass(frozen=True)
class Attendee:
    email: str
    name: str
    role: str  # CHAIR, REQ-PARTICIPANT or OPT-PARTICIPANT


@dataclass(frozen=True)
class Entry:
    """One VEVENT as it is meant, before SEQUENCE and DTSTAMP are assigned."""
    uid: str
    summary: str
    start: dt.datetime
    end: dt.datetime
    description: str = ""
    location: str = ""
    url: str = ""
    status: str = "CONFIRMED"
    attendees: tuple[Attendee, ...] = ()
    session: str = ""  # the session's id, for a session's entry
    later_days: tuple[tuple[dt.datetime, dt.datetime], ...] = ()  # (start, end) of the 2nd, 3rd ... day
    contacts: tuple[str, ...] = ()  # CONTACT: the organisers after the first (named in the description too)

    def fingerprint(self) -> str:
        """What a change of raises SEQUENCE: summary, time, zone, place, link, description, status."""
        significant = [self.summary, self.start.replace(tzinfo=None).isoformat(), self.end.replace(tzinfo=None).isoformat(),
                       self.start.tzinfo.key, self.location, self.url, self.description, self.status]
        significant += [moment.astimezone(UTC).isoformat() for day in self.later_days for moment in day]
        if self.start.fold or self.end.fold:  # the second reading of a time the clocks repeat
            significant += [self.start.astimezone(UTC).isoformat(), self.end.astimezone(UTC).isoformat()]
        return hashlib.sha256(json.dumps(significant).encode("utf-8")).hexdigest()[:16]

    def record(self, sequence: int, stamp: dt.datetime) -> dict:
        """The state file's entry: enough to cancel it later even when it has left the event file."""
        return {"sequence": sequence, "dtstamp": stamp.strftime(STAMP_FORMAT), "fingerprint": self.fingerprint(),
                "session": self.session, "summary": self.summary, "timezone": self.start.tzinfo.key,
                "start": self.start.replace(tzinfo=None).isoformat(), "end": self.end.replace(tzinfo=None).isoformat(),
                "location": self.location, "url": self.url, "status": self.status,
                "attendees": [f"{a.name} <{a.email}>" for a in self.attendees]}

    @classmethod
    def from_record(cls, uid: str, record: dict) -> Entry:
        zone = ZoneInfo(record["timezone"])
        return cls(uid, record["summary"], dt.datetime.fromisoformat(record["start"]).replace(tzinfo=zone),
                   dt.datetime.fromisoformat(record["end"]).replace(tzinfo=zone), "", record["location"],
                   record["url"], record["status"], tuple(_attendee(a) for a in record["attendees"]),
                   record["session"])


def _attendee(text: str) -> Attendee:
    """'Ms. Renate Held <renate.held@example.org>' from the state file."""
    name, _, email = text.rpartition(" <")
    return Attendee(email.rstrip(">"), name, "REQ-PARTICIPANT")


@dataclass(frozen=True)
class CalendarFile:
    path: str                          # relative to the output folder: invite.ics, sessions/<id>.ics ...
    method: str                        # REQUEST, PUBLISH or CANCEL
    data: bytes
    attendees: tuple[Attendee, ...]    # everyone the file is addressed to
    sequence: int                      # the highest SEQUENCE in the file
    issued: dt.datetime                # the latest DTSTAMP in the file (when it was last changed)


@dataclass
class Invites:
    files: list[CalendarFile]
    state: dict = field(default_factory=dict)   # the updated state, to be saved with save_state()
    untimed: tuple[str, ...] = ()    # with per_session: ids of the sessions without times, which got no file of their own

    def file(self, path: str) -> CalendarFile:
        return next(f for f in self.files if f.path == path)


# ------------------------------------------------------------------ the state file

def state_path(event_file: Path | str) -> Path:
    event_file = Path(event_file)
    return event_file.with_name(f"{event_file.stem}.invites.json")


def load_state(event_file: Path | str) -> dict:
    """The issued-invites state of an event file ({} when there is none yet); every entry is checked
    (a damaged one raises :class:`~eventkit.calendar.invite_state.StateFileError`, located)."""
    from .invite_state import check_state
    path = state_path(event_file)
    try:
        text = path.read_text(encoding="utf-8")
        state = json.loads(text)
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, RecursionError) as exc:
        problem = f"cannot read {path}: {'nested too deeply' if isinstance(exc, RecursionError) else exc}"
    else:
        check_state(path, text, state)
        return state
    raise BuildError(f"{problem} (restore it from version control; deleting it starts SEQUENCE again at 0, "
                     "and calendars that already have the invite may then ignore updates)")


def save_state(event_file: Path | str, state: dict) -> bool:
    """Write the state beside the event file when it changed; True if it was written."""
    path = state_path(event_file)
    text = json.dumps(state, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    write_atomically(path, text)
    return True


def _issue(entry: Entry, issued: dict, now: dt.datetime, key: str = "") -> tuple[int, dt.datetime]:
    """SEQUENCE and DTSTAMP for an entry: kept when it is unchanged, else SEQUENCE + 1 and now. ``key`` (default:
    the UID) is where the state remembers it: a speaker's own cancellation of a running session has its own."""
    key = key or entry.uid
    old = issued.get(key)
    if old and old["fingerprint"] == entry.fingerprint():
        return old["sequence"], dt.datetime.strptime(old["dtstamp"], STAMP_FORMAT).replace(tzinfo=UTC)
    sequence = old["sequence"] + 1 if old else 0
    issued[key] = entry.record(sequence, now)
    return sequence, now


# ------------------------------------------------------------------ what the event means

def localiser(event: Event):
    """The event's language: labels, dates and times (language/localise.py)."""
    from ..language.localise import Localiser
    return Localiser(event)


def _names(event: Event, ids) -> str:
    return ", ".join(event.people[pid].full_name for pid in ids)


def _place(event: Event) -> tuple[str, str]:
    """LOCATION and URL: the venue (or else the join link, or else the platform) and the join link."""
    info = event.event
    return info.venue or info.join_url or info.platform, info.join_url


def _session_lines(event: Event, session: Session, number: int = 0) -> list[str]:
    """The session's line ('09:00 - 10:00 CET  Opening'; an item without times: its title alone, or '2. Adoption of
    the agenda' with its ``number`` in an agenda without times), then its track and people."""
    from .programme_text import session_people_lines, track_text
    local = localiser(event)
    if session.timed:
        lines = [f"{local.hours(event.session_times(session))}  {session.title}"]
    else:
        lines = [f"{number}. {session.title}" if number else session.title]
    track = track_text(event, session)
    if track:
        lines.append(f"    {track}")
    return lines + session_people_lines(event, session, local)


def practical_facts(event: Event) -> list[tuple[str, str]]:
    """(label, value) pairs of the practical details: venue, platform, interpretation, join link."""
    info = event.event
    label = localiser(event).label
    facts = [(label("fact_venue"), info.venue), (label("fact_platform"), info.platform),
             (label("fact_interpretation"), ", ".join(info.interpretation)), (label("fact_join_online"), info.join_url)]
    return [(label, value) for label, value in facts if value]


def _practical_lines(event: Event) -> list[str]:
    colon = localiser(event).label("fact_colon")
    return [f"{label}{colon}{value}" for label, value in practical_facts(event)]


def daily_hours(event: Event) -> list[tuple[str, str]]:
    """(date, hours) lines in the event's language: one for the whole event when every day reads the same
    ('... (each day)'), else one per day with that day's abbreviations (CET on Friday, CEST on Monday)."""
    local = localiser(event)
    if event.same_hours_each_day:
        each = f" {local.label('each_day')}" if len(event.days) > 1 else ""
        return [(local.weekday_date_text, local.hours(event.display_times) + each)]
    return [(local.date(day, True), local.hours(spans)) for day, spans in event.hours_by_day]


def _organiser_lines(event: Event) -> list[str]:
    """'Organised by: A; B' when there are several organisers (the first is also the ORGANIZER)."""
    if len(event.organisers) < 2:
        return []
    names = "; ".join(o.display_name + (f" <{o.email}>" if o.email else "") for o in event.organisers)
    return [localiser(event).fill("organised_by", names=names)]


def contacts(event: Event) -> tuple[str, ...]:
    """CONTACT values: every organiser after the first, 'Name, Office <email>'."""
    return tuple(o.display_name + (f" <{o.email}>" if o.email else "") for o in event.organisers[1:])


def event_description(event: Event) -> str:
    """The plain-text agenda: date, hours in every display zone, place, join link, sessions with their people."""
    info = event.event
    local = localiser(event)
    several_days = len(event.days) > 1
    hours = daily_hours(event)
    dated = [f"{day}: {text}" for day, text in hours] if len(hours) > 1 else [hours[0][0], hours[0][1]]
    lines = [info.title, *([info.subtitle] if info.subtitle else []), "", *dated, *_practical_lines(event),
             *_organiser_lines(event)]
    if event.agenda:
        lines += ["", local.label("agenda_heading")]
        day = None
        for number, session in enumerate(event.agenda, 1):
            if several_days and (session.day or info.date) != day:
                day = session.day or info.date
                lines += ["", local.date(day, weekday=True)]
            lines += _session_lines(event, session, number if event.untimed_agenda else 0)
    return "\n".join(lines)


def session_description(event: Event, session: Session) -> str:
    day = session.day or event.event.date
    return "\n".join([session.title, event.event.title, "", localiser(event).date(day, weekday=True),
                      *_session_lines(event, session), *_practical_lines(event), *_organiser_lines(event)])


def participants(event: Event) -> tuple[Attendee, ...]:
    """Every speaker, moderator and delegation member with an e-mail, in the people table's order."""
    organiser = (event.organiser.email if event.organiser else "").lower()
    attendees, seen = [], {organiser}
    for person in event.invitees:
        if person.email and person.email.lower() not in seen:
            seen.add(person.email.lower())
            attendees.append(Attendee(person.email, person.full_name, ROLES[event.role_of(person.id)]))
    return tuple(attendees)


def session_attendees(event: Event, session: Session) -> tuple[Attendee, ...]:
    attendees, seen = [], set()
    chairs = event.chairs(session)
    for role, ids in (("CHAIR", chairs), ("REQ-PARTICIPANT", [p for p in session.person_ids if p not in chairs])):
        for pid in ids:
            person = event.people[pid]
            if person.email and person.email.lower() not in seen:
                seen.add(person.email.lower())
                attendees.append(Attendee(person.email, person.full_name, role))
    return tuple(attendees)


def _status(event: Event, cancelled: bool, session: Session | None = None) -> str:
    if cancelled or event.event.status == "cancelled" or (session is not None and session.status == "cancelled"):
        return "CANCELLED"
    if session is not None and session.status == "tentative":
        return "TENTATIVE"
    return event.event.status.upper()


def event_entry(event: Event, cancelled: bool = False) -> Entry:
    location, url = _place(event)
    status = _status(event, cancelled)
    (_, start, end), *later = event.day_spans
    return Entry(event_uid(event), event.event.title, start, end, event_description(event),
                 location, url, status, participants(event), later_days=tuple((s, e) for _, s, e in later),
                 contacts=contacts(event))


def session_entry(event: Event, session: Session, cancelled: bool = False) -> Entry:
    from ..event.programme import room_of
    location, url = _place(event)
    room = room_of(event, session)
    if room:  # LOCATION per room: 'Meeting Room A, United Nations Conference Centre, Bangkok'
        location = f"{room}, {event.event.venue}" if event.event.venue else room
    status = _status(event, cancelled, session)
    return Entry(session_uid(event, session.id), f"{session.title} ({event.event.title})", event.session_start(session),
                 event.session_end(session), session_description(event, session), location, url, status,
                 session_attendees(event, session), session.id, contacts=contacts(event))


# ------------------------------------------------------------------ iCalendar text

def _clean(text: str) -> str:
    """A parameter value (CN) on one line. icalendar writes it per RFC 6868 (a double quote as ^', ^ as ^^),
    and folds lines between characters, never inside one."""
    return " ".join(text.split())


class _Text(icalendar.vText):
    """TEXT escaped per RFC 5545 (3.3.11) and nothing more: icalendar's own vText also turns a literal
    backslash-N in the text into a line break.

    ``to_ical`` returns text, not bytes: icalendar decodes a property's bytes as "utf-8-sig", which would drop
    a leading U+FEFF of the value (a title may begin with one)."""

    def to_ical(self) -> str:  # type: ignore[override]
        text = str(self).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def _address(email: str, name: str, **params: str) -> icalendar.vCalAddress:
    address = icalendar.vCalAddress(f"mailto:{email}")
    for key, value in params.items():
        address.params[key.replace("_", "-").upper()] = value
    if name:
        address.params["CN"] = _clean(name)
    return address


def _written(moment: dt.datetime) -> dt.datetime:
    """The moment as DTSTART/DTEND write it: local with TZID, except the second reading of a time the clocks
    repeat, which a local time cannot say (RFC 5545 reads it as the first): that one in UTC."""
    if moment.replace(fold=0).utcoffset() != moment.utcoffset():
        return moment.astimezone(UTC)
    return moment


def _recurrence_id(first: dt.datetime, day_number: int) -> dt.datetime:
    """The start that the daily RRULE gives the ``day_number``-th later day (what its RECURRENCE-ID names)."""
    written = _written(first)
    if written.tzinfo is UTC:
        return written + dt.timedelta(days=day_number)
    return dt.datetime.combine(first.date() + dt.timedelta(days=day_number), first.time(), first.tzinfo)


def _vevents(entry: Entry, sequence: int, stamp: dt.datetime, method: str, organiser: Organiser) -> list[icalendar.Event]:
    """One VEVENT, or for an event over several days: the first day with a daily RRULE (COUNT = the days) and one
    VEVENT per later day (same UID, RECURRENCE-ID) with that day's own start and end, so that every client reads
    each day's hours from the day itself, whatever it makes of durations across a change of the clocks."""
    first = _vevent(entry, sequence, stamp, method, organiser)
    if not entry.later_days:
        return [first]
    first.add("rrule", {"freq": "daily", "count": 1 + len(entry.later_days)})
    days = [first]
    for number, (start, end) in enumerate(entry.later_days, 1):
        day = _vevent(Entry(entry.uid, entry.summary, start, end, entry.description, entry.location, entry.url,
                            entry.status, entry.attendees, entry.session, contacts=entry.contacts),
                    sequence, stamp, method, organiser)
        day.add("recurrence-id", _recurrence_id(entry.start, number))
        days.append(day)
    return days


def _vevent(entry: Entry, sequence: int, stamp: dt.datetime, method: str, organiser: Organiser) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", entry.uid)
    vevent.add("dtstamp", stamp)
    vevent.add("sequence", sequence)
    vevent.add("dtstart", _written(entry.start))
    vevent.add("dtend", _written(entry.end))
    vevent.add("summary", _Text(entry.summary))
    if entry.description:
        vevent.add("description", _Text(entry.description))
    if entry.location:
        vevent.add("location", _Text(entry.location))
    if entry.url:
        vevent.add("url", entry.url)
    vevent.add("organizer", _address(organiser.email, organiser.display_name))
    for contact in entry.contacts:
        vevent.add("contact", contact)
    if method != "PUBLISH":
        reply = {"partstat": "NEEDS-ACTION", "rsvp": "TRUE"} if method == "REQUEST" else {}
        for attendee in entry.attendees:
            vevent.add("attendee", _address(attendee.email, attendee.name, cutype="INDIVIDUAL",
                                            role=attendee.role, **reply))
    vevent.add("status", entry.status)
    if entry.status != "CANCELLED":
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", _Text(entry.summary))
        alarm.add("trigger", dt.timedelta(minutes=-15))
        vevent.add_component(alarm)
    return vevent


def _calendar(path: str, method: str, issued: list[tuple[Entry, int, dt.datetime]], organiser: Organiser) -> CalendarFile:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    zones: dict[str, list[dt.datetime]] = {}
    for entry, _, _ in issued:
        zones.setdefault(entry.start.tzinfo.key, []).extend((entry.start, entry.end, *(m for d in entry.later_days for m in d)))
    for tzid, moments in zones.items():
        calendar.add_component(vtimezone(tzid, moments))
    for entry, sequence, stamp in issued:
        for vevent in _vevents(entry, sequence, stamp, method, organiser):
            calendar.add_component(vevent)
    attendees = () if method == "PUBLISH" else tuple({a.email.lower(): a for e, _, _ in issued for a in e.attendees}.values())
    return CalendarFile(path, method, calendar.to_ical(), attendees, max(s for _, s, _ in issued),
                        max(stamp for _, _, stamp in issued))


def _method(entries: list[Entry], publish: bool) -> str:
    if publish or not any(e.attendees for e in entries):
        return "PUBLISH"
    return "CANCEL" if all(e.status == "CANCELLED" for e in entries) else "REQUEST"


# ------------------------------------------------------------------ building

def without_attendees(entry: Entry, emails: frozenset[str]) -> Entry:
    """``entry`` without the attendees whose (lower-case) e-mail is in ``emails``: those who declined (replies.py)."""
    if not emails:
        return entry
    from dataclasses import replace
    return replace(entry, attendees=tuple(a for a in entry.attendees if a.email.lower() not in emails))


def build_invites(event: Event, state: dict | None = None, *, per_session: bool = False, per_speaker: bool = False,
                  cancel: bool = False, publish: bool = False, now: dt.datetime | None = None,
                  leave_out: dict[str, frozenset[str]] | None = None) -> Invites:
    """Every calendar file for ``event``; ``state`` (from load_state) is not modified, the new one is returned.

    ``cancel`` cancels the event and all its sessions (as does status "cancelled" in the event file);
    ``publish`` writes METHOD:PUBLISH without attendees (a public calendar feed); ``leave_out`` maps UIDs to the
    e-mails to leave out of them (people who declined, see replies.declined)."""
    organiser = event.organiser
    problem = invite_problem(event)
    if problem:
        raise BuildError(f"{problem} (or build without invites: --no-invite)")
    now = (now or dt.datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    issued = json.loads(json.dumps((state or {}).get("issued", {})))  # a deep copy

    def calendar(path: str, entries: list[Entry], method: str | None = None, keys: list[str] | None = None) -> CalendarFile:
        entries = [without_attendees(entry, (leave_out or {}).get(entry.uid, frozenset())) for entry in entries]
        stamped = [(entry, *_issue(entry, issued, now, key)) for entry, key in zip(entries, keys or [""] * len(entries))]
        return _calendar(path, method or _method(entries, publish), stamped, organiser)

    files = [calendar("invite.ics", [event_entry(event, cancel)])]
    # an agenda item without times has no calendar entry of its own: it is in the event's (and its speakers')
    sessions = [s for s in event.agenda if s.kind != "break" and s.timed]
    untimed = tuple(s.id for s in event.agenda if s.kind != "break" and not s.timed) if per_session else ()
    if per_session:
        files += [calendar(f"sessions/{s.id}.ics", [session_entry(event, s, cancel)]) for s in sessions]
        current = {session_uid(event, s.id) for s in sessions}
        for uid, record in sorted(issued.items()):
            if record["session"] and " " not in uid and uid not in current:  # left the agenda: cancel it
                removed = Entry.from_record(uid, {**record, "status": "CANCELLED"})
                files.append(calendar(f"sessions/{record['session']}.ics", [removed]))
    speaker_state = (state or {}).get("speakers", {})
    if per_speaker:
        from .speaker_invites import speaker_calendars
        speaker_state = speaker_calendars(event, speaker_state, issued, cancel, calendar, files, publish)
    return Invites(files, {**(state or {}), "issued": issued, **({"speakers": speaker_state} if speaker_state else {}),
                           "about": "What eventkit last issued as calendar invites for this event (UID: SEQUENCE, "
                                    "DTSTAMP, fingerprint of time/place/description). Commit it with the event file."},
                   untimed)
