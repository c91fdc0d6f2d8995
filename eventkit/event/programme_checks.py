"""Checks of the programme (issue #14): tracks and overlaps, roles in [[agenda.participants]], and the warnings
grouped by kind ("5 speakers have no bio: ..."). Called by :mod:`eventkit.event.load`, whose reader (``report``) collects
the problems."""
from __future__ import annotations

import datetime as dt

from .model import Event, Session
from .reporting import did_you_mean


def check_overlaps(event: Event, reader) -> None:
    """Sessions in one track may not overlap; sessions in different tracks may. A session without a track is a
    plenary session: nothing may overlap it. An agenda item without times overlaps nothing."""
    day_of = lambda session: session.day or event.event.date  # noqa: E731
    # instants (UTC): a session may cross midnight or a clock change, so wall-clock times do not compare
    start = lambda session: event.session_start(session).astimezone(dt.timezone.utc)  # noqa: E731
    end = lambda session: event.session_end(session).astimezone(dt.timezone.utc)  # noqa: E731
    indexed = sorted(((n, s) for n, s in enumerate(event.agenda) if s.status != "cancelled" and s.timed),
                     key=lambda pair: (day_of(pair[1]), start(pair[1])))
    for position, (n, session) in enumerate(indexed):
        for _, earlier in reversed(indexed[:position]):
            if day_of(earlier) != day_of(session):
                break  # sorted by day: no earlier session shares this one's day
            if not start(session) < end(earlier):
                continue
            if session.track and earlier.track and session.track != earlier.track:
                continue
            if session.track and session.track == earlier.track:
                hint = f"both are in track '{session.track}': move one to another track"
            elif not session.track and not earlier.track:
                hint = ("to run them in parallel, declare [[tracks]] (id, name, room) and give each session "
                        "track = \"<id>\"")
            else:
                hint = "a session without a track is plenary and nothing may overlap it: give it a track too"
            reader.report(("agenda", n, "start"),
                          f"session '{session.id}' ({session.start:%H:%M}-{session.end:%H:%M}) overlaps '{earlier.id}' "
                          f"({earlier.start:%H:%M}-{earlier.end:%H:%M})", hint)
            break



def check_tracks(tracks, reader) -> None:
    seen: set[str] = set()
    for n, track in enumerate(tracks):
        if track.id in seen:
            reader.report(("tracks", n, "id"), f"duplicate track id '{track.id}'")
        seen.add(track.id)


def check_session_programme(session: Session, path: tuple, parts: dict, check_person, reader) -> None:
    """A session's track and its [[agenda.participants]]: known track, known role, a person or a name."""
    from .roles import known_roles
    tracks = [t.id for t in parts.get("tracks", ())]
    if session.track and session.track not in tracks:
        hint = did_you_mean(session.track, tracks) or f"declare it: [[tracks]] id = \"{session.track}\" name = \"...\""
        reader.report(path + ("track",), f"no track '{session.track}'", hint, needle=f'"{session.track}"')
    roles = known_roles(parts.get("roles", {}))
    seen: set[tuple[str, str]] = set()
    for i, participant in enumerate(session.participants):
        where = path + ("participants", i)
        who = (participant.person or participant.name, participant.role)
        if who in seen:
            reader.report(where, f"'{who[0]}' is listed twice as {participant.role} in this session")
        seen.add(who)
        if participant.role not in roles:
            hint = did_you_mean(participant.role, roles) or (
                f"choose one of: {', '.join(roles)}, or declare [roles.{participant.role}] label = \"...\"")
            reader.report(where + ("role",), f"unknown role '{participant.role}'", hint, needle=f'"{participant.role}"')
        if participant.person:
            check_person(participant.person, where + ("person",))
        if bool(participant.person) == bool(participant.name.strip()):
            reader.report(where, "give either person = \"<id>\" or name = \"...\" (a function without a name)",
                          "e.g. name = \"UNCRD representative\"")


def _names_list(ids: list[str], limit: int = 12) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def warn_grouped(event: Event, reader) -> None:
    """One warning per kind of problem, naming everyone it concerns ('3 speakers have no bio: a, b, c').
    People who only lead sessions (chairs, moderators, facilitators) need no bio."""
    speaking = {pid for s in event.agenda for pid in s.person_ids if pid not in event.chairs(s)}
    no_bio = [p.id for p in event.speakers if p.id in speaking and not p.bio.strip()]
    if len(no_bio) == 1:
        reader.report(("people", no_bio[0]), f"speaker '{no_bio[0]}' has no bio",
                      "add bio = \"...\" for the speaker bios", severity="warning", at_key=True)
    elif no_bio:
        reader.report(("people", no_bio[0]), f"{len(no_bio)} speakers have no bio: {_names_list(no_bio)}",
                      "add bio = \"...\" for the speaker bios", severity="warning", at_key=True)
    no_email = [p.id for p in event.invitees if not p.email]
    if len(no_email) == 1:
        reader.report(("people", no_email[0]), f"'{no_email[0]}' has no e-mail and will get no invitation",
                      severity="warning", at_key=True)
    elif no_email:
        reader.report(("people", no_email[0]), f"{len(no_email)} people have no e-mail and will get no invitation: "
                      f"{_names_list(no_email)}", severity="warning", at_key=True)
    names = {d.name for d in event.delegations}
    for i, name in enumerate(event.protocol.order):
        if name not in names:
            reader.report(("protocol", "order", i), f"no delegation named '{name}'", did_you_mean(name, names),
                          severity="warning", needle=f'"{name}"')
