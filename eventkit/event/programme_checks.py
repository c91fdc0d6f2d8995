"""Checks of the programme (issue #14): tracks and overlaps, roles in [[agenda.participants]], and the warnings
grouped by kind ("5 speakers have no bio: ..."). Called by :mod:`eventkit.event.load`, whose reader (``report``) collects
the problems."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from .model import Event, Participant, Session, Track
from .positions import KeyPath
from .reporting import PersonCheck, ProblemReport, did_you_mean


def check_overlaps(event: Event, reader: ProblemReport) -> None:
    """Sessions in one track may not overlap; sessions in different tracks may. A session without a track is a
    plenary session: nothing may overlap it. An agenda item without times overlaps nothing."""

    def day_of(session: Session) -> dt.date:
        return session.day or event.event.date

    # instants (UTC): a session may cross midnight or a clock change, so wall-clock times do not compare
    def start(session: Session) -> dt.datetime:
        return event.session_start(session).astimezone(dt.UTC)

    def end(session: Session) -> dt.datetime:
        return event.session_end(session).astimezone(dt.UTC)

    indexed = sorted(
        ((n, s) for n, s in enumerate(event.agenda) if s.status not in ("cancelled", "deferred") and s.timed),
        key=lambda pair: (day_of(pair[1]), start(pair[1])),
    )
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
                hint = (
                    'to run them in parallel, declare [[tracks]] (id, name, room) and give each session track = "<id>"'
                )
            else:
                hint = "a session without a track is plenary and nothing may overlap it: give it a track too"
            reader.report(
                ("agenda", n, "start"),
                f"session '{session.id}' ({session.start:%H:%M}-{session.end:%H:%M}) overlaps '{earlier.id}' "
                f"({earlier.start:%H:%M}-{earlier.end:%H:%M})",
                hint,
            )
            break


def check_tracks(tracks: Iterable[Track], reader: ProblemReport) -> None:
    seen: set[str] = set()
    for n, track in enumerate(tracks):
        if track.id in seen:
            reader.report(("tracks", n, "id"), f"duplicate track id '{track.id}'")
        seen.add(track.id)


def check_session_programme(
    session: Session, path: KeyPath, parts: dict[str, Any], check_person: PersonCheck, reader: ProblemReport
) -> None:
    """A session's track, group and its [[agenda.participants]]: a known track and group, known roles, a person,
    people or a name."""
    tracks = [t.id for t in parts.get("tracks", ())]
    if session.track and session.track not in tracks:
        hint = did_you_mean(session.track, tracks) or f'declare it: [[tracks]] id = "{session.track}"'
        reader.report(path + ("track",), f"no track '{session.track}'", hint, needle=f'"{session.track}"')
    groups = [g.id for g in parts.get("groups", ())]
    if session.group and session.group not in groups and session.group not in reader.dropped:
        hint = did_you_mean(session.group, groups) or f'declare it: [[groups]] id = "{session.group}" title = "..."'
        reader.report(path + ("group",), f"no group '{session.group}'", hint, needle=f'"{session.group}"')
    check_participants(session.participants, path, parts, check_person, reader)


def check_participants(
    participants: Iterable[Participant],
    path: KeyPath,
    parts: dict[str, Any],
    check_person: PersonCheck,
    reader: ProblemReport,
) -> None:
    """[[agenda.participants]] (or [[groups.participants]]): known roles, exactly one of person, people or name,
    nobody twice in one role, and ``joint`` only after another entry."""
    from .roles import known_roles

    roles = known_roles(parts.get("roles", {}))
    seen: set[tuple[str, str]] = set()
    for i, participant in enumerate(participants):
        where = path + ("participants", i)
        for who in participant.person_ids or (participant.name,):
            if (who, participant.role) in seen:
                reader.report(where, f"'{who}' is listed twice as {participant.role} in this session")
            seen.add((who, participant.role))
        if participant.role not in roles:
            hint = did_you_mean(participant.role, roles) or (
                f'choose one of: {", ".join(roles)}, or declare [roles.{participant.role}] label = "..."'
            )
            reader.report(where + ("role",), f"unknown role '{participant.role}'", hint, needle=f'"{participant.role}"')
        if participant.person:
            check_person(participant.person, where + ("person",))
        for k, pid in enumerate(participant.people):
            check_person(pid, where + ("people", k))
        given = sum(map(bool, (participant.person, participant.people, participant.name.strip())))
        if given != 1:
            reader.report(
                where,
                'give one of person = "<id>", people = ["<id>", ...] (a joint presentation) '
                'or name = "..." (a function without a name)',
                'e.g. name = "UNCRD representative"',
            )
        if participant.joint and i == 0:
            reader.report(
                where + ("joint",),
                "joint = true joins this entry to the one before it, and there is none",
                'leave it out, or list the people together: people = ["a", "b"]',
            )


def check_groups(parts: dict[str, Any], check_person: PersonCheck, reader: ProblemReport) -> None:
    """[[groups]]: unique ids, their people, and a warning for a group that heads no session."""
    seen: set[str] = set()
    named = {s.group for s in parts.get("agenda", ())}
    for n, group in enumerate(parts.get("groups", ())):
        path: KeyPath = ("groups", n)
        if group.id in seen:
            reader.report(path + ("id",), f"duplicate group id '{group.id}'")
        seen.add(group.id)
        for i, pid in enumerate(group.moderators):
            check_person(pid, path + ("moderators", i))
        check_participants(group.participants, path, parts, check_person, reader)
        if group.id not in named:
            reader.report(
                path + ("id",),
                f"group '{group.id}' heads no session",
                f'give its sessions group = "{group.id}"',
                severity="warning",
            )


def check_group_order(event: Event, reader: ProblemReport) -> None:
    """A group's sessions follow one another on one day (nothing between them in the programme's order), so that
    its heading heads them all; and the sessions of a time slot are in one group or none."""
    from .programme import programme_days

    if any(s.group and event.group_of(s) is None for s in event.agenda):
        return  # an unknown group is reported where it is named
    where = {s.id: n for n, s in enumerate(event.agenda)}
    last: dict[str, str] = {}  # group id -> its last session so far
    for day in programme_days(event):
        current = ""
        for slot in day.slots:
            ids = {s.group for s in slot.sessions}
            if len(ids) > 1:
                odd = next(s for s in slot.sessions if s.group != slot.sessions[0].group)
                reader.report(
                    ("agenda", where[odd.id], "group" if odd.group else "start"),
                    f"session '{odd.id}' runs at the same time as '{slot.sessions[0].id}' but is not in the same group",
                    "put the sessions of one time slot in one group",
                )
                return
            group = slot.sessions[0].group
            if group and group != current and group in last:
                session = slot.sessions[0]
                reader.report(
                    ("agenda", where[session.id], "group"),
                    f"session '{session.id}' of group '{group}' does not follow the group's other sessions "
                    f"(the last was '{last[group]}')",
                    "a group's sessions follow one another on one day: move it, or give it another group",
                )
                return
            current = group
            if group:
                last[group] = slot.sessions[-1].id


def _names_list(ids: list[str], limit: int = 12) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def warn_grouped(event: Event, reader: ProblemReport) -> None:
    """One warning per kind of problem, naming everyone it concerns ('3 speakers have no bio: a, b, c').
    People who only lead sessions (chairs, moderators, facilitators) need no bio."""
    speaking = {pid for s in event.agenda for pid in event.people_of(s) if pid not in event.chairs(s)}
    no_bio = [p.id for p in event.speakers if p.id in speaking and not p.bio.strip()]
    if len(no_bio) == 1:
        reader.report(
            ("people", no_bio[0]),
            f"speaker '{no_bio[0]}' has no bio",
            'add bio = "..." for the speaker bios',
            severity="warning",
            at_key=True,
        )
    elif no_bio:
        reader.report(
            ("people", no_bio[0]),
            f"{len(no_bio)} speakers have no bio: {_names_list(no_bio)}",
            'add bio = "..." for the speaker bios',
            severity="warning",
            at_key=True,
        )
    no_email = [p.id for p in event.invitees if not p.email]
    if len(no_email) == 1:
        reader.report(
            ("people", no_email[0]),
            f"'{no_email[0]}' has no e-mail and will get no invitation",
            severity="warning",
            at_key=True,
        )
    elif no_email:
        reader.report(
            ("people", no_email[0]),
            f"{len(no_email)} people have no e-mail and will get no invitation: {_names_list(no_email)}",
            severity="warning",
            at_key=True,
        )
    names = {d.name for d in event.delegations}
    for i, name in enumerate(event.protocol.order):
        if name not in names:
            reader.report(
                ("protocol", "order", i),
                f"no delegation named '{name}'",
                did_you_mean(name, names),
                severity="warning",
                needle=f'"{name}"',
            )
