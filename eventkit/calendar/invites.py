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
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import icalendar

from ..errors import BuildError
from ..event.model import Event
from ..event.parts import Organiser
from ..event.uids import session_uid
from .entries import STAMP_FORMAT, UTC, Attendee, Entry, event_entry, session_entry, without_attendees
from .requirements import invite_problem
from .vtimezone import vtimezone

PRODID = "-//eventkit//eventkit invites//EN"


@dataclass(frozen=True)
class CalendarFile:
    path: str  # relative to the output folder: invite.ics, sessions/<id>.ics ...
    method: str  # REQUEST, PUBLISH or CANCEL
    data: bytes
    attendees: tuple[Attendee, ...]  # everyone the file is addressed to
    sequence: int  # the highest SEQUENCE in the file
    issued: dt.datetime  # the latest DTSTAMP in the file (when it was last changed)
    entries: tuple[tuple[Entry, int, dt.datetime], ...] = ()  # its VEVENTs as meant: (entry, SEQUENCE, DTSTAMP)


@dataclass
class Invites:
    files: list[CalendarFile]
    state: dict[str, Any] = field(default_factory=dict)  # the updated state, to be saved with save_state()
    untimed: tuple[str, ...] = ()  # with per_session: ids of the sessions without times, which got no file of their own

    def file(self, path: str) -> CalendarFile:
        return next(f for f in self.files if f.path == path)


# ------------------------------------------------------------------ the state file


def state_path(event_file: Path | str) -> Path:
    from ..event.state_files import state_file

    return state_file(event_file, "invites")


def load_state(event_file: Path | str) -> dict[str, Any]:
    """The issued-invites state of an event file ({} when there is none yet); every entry is checked
    (a damaged one, or a FIFO in its place, raises :class:`~eventkit.state_files.StateFileError`, located)."""
    from ..event.state_files import read_state_json
    from .invite_state import RECOVER, check_state

    path = state_path(event_file)
    found = read_state_json(path, RECOVER.replace("delete this entry", "delete the file"))
    if found is None:
        return {}
    text, state = found
    return check_state(path, text, state)


def save_state(event_file: Path | str, state: dict[str, Any]) -> bool:
    """Write the state beside the event file when it changed; True if it was written."""
    from ..event.state_files import write_state

    return write_state(state_path(event_file), state)


Fingerprint = Callable[[Entry, str], str]


def _issue(
    entry: Entry, issued: dict[str, Any], now: dt.datetime, key: str = "", fingerprint: Fingerprint | None = None
) -> tuple[int, dt.datetime]:
    """SEQUENCE and DTSTAMP for an entry: kept when it is unchanged, else SEQUENCE + 1 and now. ``key`` (default:
    the UID) is where the state remembers it: a speaker's own cancellation of a running session has its own.
    ``fingerprint(entry, key)`` replaces the entry's own fingerprint: an event issued in several languages has one
    for all of them (translated_invites.py), so that every language's file has the same SEQUENCE."""
    key = key or entry.uid
    meant = fingerprint(entry, key) if fingerprint else entry.fingerprint()
    old = issued.get(key)
    if old and old["fingerprint"] == meant:
        return old["sequence"], dt.datetime.strptime(old["dtstamp"], STAMP_FORMAT).replace(tzinfo=UTC)
    sequence = old["sequence"] + 1 if old else 0
    issued[key] = {**entry.record(sequence, now), "fingerprint": meant}
    return sequence, now


# ------------------------------------------------------------------ what the event means


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
    """The moment as DTSTART/DTEND write it: local with TZID, except a time the clocks repeat (the night they go
    back), in UTC: RFC 5545 reads such a local time as its first occurrence, but clients differ (ical.js, libical,
    KCalendarCore and khal take the second), and UTC is one instant for all of them."""
    if moment.replace(fold=0).utcoffset() != moment.replace(fold=1).utcoffset():
        return moment.astimezone(UTC)
    return moment


def _recurrence_id(first: dt.datetime, day_number: int) -> dt.datetime:
    """The start that the daily RRULE gives the ``day_number``-th later day (what its RECURRENCE-ID or EXDATE names):
    the first day's wall-clock time on that date, in the first day's own form (local with TZID, or UTC)."""
    written = _written(first)
    if written.tzinfo is UTC:
        return written + dt.timedelta(days=day_number)
    return dt.datetime.combine(first.date() + dt.timedelta(days=day_number), first.time(), first.tzinfo)


def _vevents(
    entry: Entry, sequence: int, stamp: dt.datetime, method: str, organiser: Organiser
) -> list[icalendar.Event]:
    """One VEVENT, or for an event over several days: the first day with a daily RRULE (COUNT = the days from the
    first to the last) and one VEVENT per later day (same UID, RECURRENCE-ID) with that day's own start and end, so
    that every client reads each day's hours from the day itself, whatever it makes of durations across a change
    of the clocks. A day between them that is not one of the entry's days (a speaker's items on the 1st and 3rd
    day) is an EXDATE."""
    first = _vevent(entry, sequence, stamp, method, organiser)
    if not entry.later_days:
        return [first]
    numbers = [(start.date() - entry.start.date()).days for start, _ in entry.later_days]
    first.add("rrule", {"freq": "daily", "count": 1 + numbers[-1]})
    skipped = [n for n in range(1, numbers[-1]) if n not in numbers]
    if skipped:
        first.add("exdate", [_recurrence_id(entry.start, n) for n in skipped])
    days = [first]
    for number, (start, end) in zip(numbers, entry.later_days, strict=True):
        day = _vevent(
            Entry(
                entry.uid,
                entry.summary,
                start,
                end,
                entry.description,
                entry.location,
                entry.url,
                entry.status,
                entry.attendees,
                entry.session,
                contacts=entry.contacts,
            ),
            sequence,
            stamp,
            method,
            organiser,
        )
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
            vevent.add(
                "attendee", _address(attendee.email, attendee.name, cutype="INDIVIDUAL", role=attendee.role, **reply)
            )
    vevent.add("status", entry.status)
    if entry.status != "CANCELLED":
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", _Text(entry.summary))
        alarm.add("trigger", dt.timedelta(minutes=-15))
        vevent.add_component(alarm)
    return vevent


def _calendar(
    path: str, method: str, issued: list[tuple[Entry, int, dt.datetime]], organiser: Organiser
) -> CalendarFile:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    zones: dict[str, list[dt.datetime]] = {}
    for entry, _, _ in issued:
        zones.setdefault(entry.zone.key, []).extend((entry.start, entry.end, *(m for d in entry.later_days for m in d)))
    for tzid, moments in zones.items():
        calendar.add_component(vtimezone(tzid, moments))
    for entry, sequence, stamp in issued:
        for vevent in _vevents(entry, sequence, stamp, method, organiser):
            calendar.add_component(vevent)
    attendees = (
        () if method == "PUBLISH" else tuple({a.email.lower(): a for e, _, _ in issued for a in e.attendees}.values())
    )
    return CalendarFile(
        path,
        method,
        calendar.to_ical(),
        attendees,
        max(s for _, s, _ in issued),
        max(stamp for _, _, stamp in issued),
        tuple(issued),
    )


def personal_calendar(
    path: str, method: str, entry: Entry, sequence: int, stamp: dt.datetime, organiser: Organiser
) -> CalendarFile:
    """A calendar of one entry as one recipient gets it (a cancellation addressed to them alone, or an invitation
    whose SEQUENCE is their own after an earlier cancellation): see mail_plan.py."""
    return _calendar(path, method, [(entry, sequence, stamp)], organiser)


def personal_issue(
    entry: Entry, issued: dict[str, Any], key: str, floor: int, now: dt.datetime
) -> tuple[int, dt.datetime]:
    """SEQUENCE and DTSTAMP of one recipient's own version of an entry, remembered in the state under ``key``
    ('<uid> for <address>'): kept while the entry is unchanged and at least ``floor``, else raised to
    ``floor`` (or one more than before) and stamped ``now``."""
    old = issued.get(key)
    if old and old["fingerprint"] == entry.fingerprint() and old["sequence"] >= floor:
        return old["sequence"], dt.datetime.strptime(old["dtstamp"], STAMP_FORMAT).replace(tzinfo=UTC)
    sequence = max(floor, old["sequence"] + 1 if old else floor)
    issued[key] = entry.record(sequence, now)
    return sequence, now


def _method(entries: list[Entry], publish: bool) -> str:
    if publish or not any(e.attendees for e in entries):
        return "PUBLISH"
    return "CANCEL" if all(e.status == "CANCELLED" for e in entries) else "REQUEST"


# ------------------------------------------------------------------ building


def build_invites(
    event: Event,
    state: dict[str, Any] | None = None,
    *,
    per_session: bool = False,
    per_speaker: bool = False,
    cancel: bool = False,
    publish: bool = False,
    now: dt.datetime | None = None,
    leave_out: dict[str, frozenset[str]] | None = None,
    fingerprint: Fingerprint | None = None,
) -> Invites:
    """Every calendar file for ``event``; ``state`` (from load_state) is not modified, the new one is returned.

    ``cancel`` cancels the event and all its sessions (as does status "cancelled" in the event file);
    ``publish`` writes METHOD:PUBLISH without attendees (a public calendar feed); ``leave_out`` maps UIDs to the
    e-mails to leave out of them (people who declined, see replies.declined); ``fingerprint`` decides when an entry
    changed (see ``_issue``)."""
    organiser = event.organiser
    problem = invite_problem(event)
    if problem or organiser is None:
        raise BuildError(f"{problem} (or build without invites: --no-invite)")
    now = (now or dt.datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    issued = json.loads(json.dumps((state or {}).get("issued", {})))  # a deep copy

    def calendar(
        path: str, entries: list[Entry], method: str | None = None, keys: list[str] | None = None
    ) -> CalendarFile:
        entries = [without_attendees(entry, (leave_out or {}).get(entry.uid, frozenset())) for entry in entries]
        stamped = [
            (entry, *_issue(entry, issued, now, key, fingerprint))
            for entry, key in zip(entries, keys or [""] * len(entries), strict=True)
        ]
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
    return Invites(
        files,
        {
            **(state or {}),
            "issued": issued,
            **({"speakers": speaker_state} if speaker_state else {}),
            "about": "What eventkit last issued as calendar invites for this event (UID: SEQUENCE, "
            "DTSTAMP, fingerprint of time/place/description). Commit it with the event file.",
        },
        untimed,
    )
