"""Per-speaker calendars (``speakers/<person id>.ics``) and what happens when a speaker's session goes away.

A speaker's file is their personal schedule: METHOD:PUBLISH with the same UIDs as the session invites. What each
speaker's file held is remembered in the state file (``"speakers": {"<person id>": {"sessions": [...],
"cancelled": [...], "attendee": "Name <email>"}}``), so that when a session leaves the agenda, or the speaker
leaves a session:

- the speaker's file keeps that session as a cancelled VEVENT (STATUS:CANCELLED, SEQUENCE raised), so that
  importing it removes the entry from their calendar;
- a speaker left with no session at all (or only cancelled ones: ``status = "cancelled"``) gets a METHOD:CANCEL
  file addressed to them.

Cancellations stay in the file on later builds (unchanged, same SEQUENCE), like the session invites' CANCELs.

Agenda items without times have no session invite. A speaker whose sessions all lack times gets one entry over the
event's hours on the days of those sessions (UID ``<event id>.<person id>+untimed@eventkit``, which no session's UID
can equal); a speaker with sessions of both kinds gets the sessions with times.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from ..event.model import Event
from ..event.parts import Session
from ..event.uids import session_uid
from .entries import (
    Attendee,
    Entry,
    attendee_from_text,
    contacts,
    daily_hours,
    entry_status,
    localiser,
    organiser_lines,
    place_of,
    practical_lines,
    session_entry,
    session_lines,
)

File = TypeVar("File")  # invites.CalendarFile (which imports this module)


def untimed_uid(event: Event, person_id: str) -> str:
    return f"{event.id}.{person_id}+untimed@eventkit"


def untimed_entry(event: Event, person_id: str, sessions: list[Session], cancel: bool) -> Entry:
    """One entry for a speaker whose ``sessions`` all lack times: the event's hours on each of their days, and only
    those (one VEVENT a day; a day between them without their items is left out), the sessions listed in the
    description; cancelled when they all are."""
    days = sorted({event.session_day(s) for s in sessions})
    (start, end), *later = [event.day_span(day) for day in days]
    cancelled = cancel or all(s.status in ("cancelled", "deferred") for s in sessions)
    status = entry_status(event, cancelled, sessions[0] if len(sessions) == 1 else None)
    titles = "; ".join(s.title for s in sessions)
    hours = daily_hours(event)
    local = localiser(event)
    dated = [f"{day}: {text}" for day, text in hours] if len(hours) > 1 else [hours[0][0], hours[0][1]]
    lines = [event.event.title, "", *dated, ""]
    for session in sessions:
        if len(event.days) > 1:
            lines.append(local.date(event.session_day(session), weekday=True))
        lines += session_lines(event, session)
    location, url = place_of(event)
    return Entry(
        untimed_uid(event, person_id),
        f"{titles} ({event.event.title})",
        start,
        end,
        "\n".join([*lines, *practical_lines(event), *organiser_lines(event)]),
        location,
        url,
        status,
        later_days=tuple(later),
        contacts=contacts(event),
    )


def _cancelled_entry(uid: str, person_id: str, live: bool, issued: dict[str, Any]) -> tuple[Entry, str] | None:
    """The cancellation of ``uid`` for one speaker and the state key of its SEQUENCE. When the session itself still
    runs (only the speaker left it), the key is '<uid> for <person id>', seeded from the session's record so that
    the SEQUENCE rises above the session's without disturbing the session's own invite."""
    key = f"{uid} for {person_id}" if live else uid
    record = issued.get(key) or issued.get(uid)
    if record is None:
        return None
    if key not in issued:
        issued[key] = dict(record)
    source = issued[uid] if uid in issued else record
    return Entry.from_record(uid, {**source, "status": "CANCELLED"}), key


def speaker_calendars(
    event: Event,
    remembered: dict[str, Any],
    issued: dict[str, Any],
    cancel: bool,
    calendar: Callable[[str, list[Entry], str, list[str]], File],
    files: list[File],
    publish: bool = False,
) -> dict[str, Any]:
    """Append every speaker's calendar to ``files``; return the speakers' part of the new state. ``calendar(path,
    entries, method, state keys)`` makes a calendar file (build_invites' own)."""
    live_uids = {session_uid(event, s.id) for s in event.agenda if s.kind != "break" and s.timed}
    new_state: dict[str, Any] = {}
    people = {p.id: p for p in event.speakers}
    for person_id in [*people, *(pid for pid in remembered if pid not in people)]:
        person = people.get(person_id) or event.people.get(person_id)
        own_sessions = [s for s in event.sessions_of(person_id) if s.kind != "break"] if person_id in people else []
        timed = [s for s in own_sessions if s.timed]
        own = (
            [session_entry(event, s, cancel) for s in timed]
            if timed or not own_sessions
            else [untimed_entry(event, person_id, own_sessions, cancel)]
        )
        own_uids = [e.uid for e in own]
        before = remembered.get(person_id, {})
        gone = [uid for uid in [*before.get("cancelled", []), *before.get("sessions", [])] if uid not in own_uids]
        gone = list(dict.fromkeys(gone))
        cancelled: list[Entry] = []
        keys: list[str] = []
        for uid in gone:
            found = _cancelled_entry(uid, person_id, uid in live_uids, issued)
            if found is not None:
                cancelled.append(found[0])
                keys.append(found[1])
        attendee = (
            f"{person.full_name} <{person.email}>"
            if person is not None and person.email
            else before.get("attendee", "")
        )
        if not own and not cancelled:
            continue
        new_state[person_id] = {"sessions": own_uids, "cancelled": [e.uid for e in cancelled], "attendee": attendee}
        path = f"speakers/{person_id}.ics"
        everything, keys = own + cancelled, [""] * len(own) + keys
        if any(e.status != "CANCELLED" for e in own):
            files.append(calendar(path, everything, "PUBLISH", keys))
        elif (
            attendee and not publish
        ):  # nothing left for this speaker (sessions removed or cancelled): a CANCEL addressed to them
            who = attendee_from_text(attendee)
            addressed = [
                Entry(
                    e.uid,
                    e.summary,
                    e.start,
                    e.end,
                    e.description,
                    e.location,
                    e.url,
                    e.status,
                    (Attendee(who.email, who.name, "REQ-PARTICIPANT"),),
                    e.session,
                    later_days=e.later_days,
                    contacts=e.contacts,
                )
                for e in everything
            ]
            files.append(calendar(path, addressed, "CANCEL", keys))
        else:
            files.append(calendar(path, everything, "PUBLISH", keys))
    return new_state
