"""The event file's local times against the zone's clock changes (see :mod:`eventkit.event.timeline`).

- a time written with a UTC offset ("02:30+01:00") picks one reading of a time the clocks repeat: it becomes a
  plain local time whose ``fold`` says which (an offset the time cannot have there is an error);
- a time the clocks skip (02:30 on the night they go forward) is an error naming the gap;
- a time they repeat, written without an offset, is a warning saying which one is meant (the first).
- :func:`check_times`: the event ends after it starts (or on the next day, within 12 hours), its last day is not
  before its first, and each session lies on one of its days inside its hours; then the overlaps
  (:mod:`eventkit.event.programme_checks`);
- :func:`check_start_and_end`: a session has both times or neither. An agenda item without times (neither) is
  on its day and skips every check of times: there is no instant to check.

``reader`` is the loader's problem collector (``report(path, message, hint, severity=...)`` and
``explicit_offsets``, the paths of the times written with an offset).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator

from . import timeline
from .model import Event, Session
from .positions import KeyPath
from .programme_checks import check_group_order, check_overlaps
from .reporting import ProblemReport


def time_fields(event: Event) -> Iterator[tuple[KeyPath, dt.datetime]]:
    """(path, day, time) for every local time of the event file, on every day it applies to."""
    for day in event.days:
        start, end = event.day_span(day)
        yield ("event", "start"), start
        yield ("event", "end"), end
    for n, session in enumerate(event.agenda):
        if session.timed:  # an agenda item without times has no instant to check
            yield ("agenda", n, "start"), event.session_start(session)
            yield ("agenda", n, "end"), event.session_end(session)


def check_start_and_end(agenda: Iterable[Session], reader: ProblemReport) -> None:
    """A session has both times or neither (an agenda item without times): one without the other is an error, at
    the one that was written. Needs only the sessions, so it also runs when other tables have errors."""
    for n, session in enumerate(agenda):
        if (session.start is None) == (session.end is None):
            continue
        given, missing = ("start", "end") if session.end is None else ("end", "start")
        reader.report(
            ("agenda", n, given),
            f"session '{session.id}' has {'an end' if given == 'end' else 'a start'} "
            f"but no {missing} (a session has both times or neither)",
            f'add {missing} = "..." too, or leave out {given} as well for an agenda item without times',
            at_key=True,
        )


def resolve_offsets(event: Event, reader: ProblemReport) -> Event | None:
    """Times written with a UTC offset ("02:30+01:00") become plain local times whose ``fold`` picks the reading
    with that offset; an offset that the time cannot have in the event's zone on its day is an error."""

    def plain(time: dt.time | None) -> dt.time | None:
        return time.replace(tzinfo=None) if time is not None else None

    info = event.event
    sessions = [dataclasses.replace(s, start=plain(s.start), end=plain(s.end)) for s in event.agenda]
    naive = dataclasses.replace(
        event,
        event=dataclasses.replace(info, start=info.start.replace(tzinfo=None), end=info.end.replace(tzinfo=None)),
        agenda=tuple(sessions),
    )
    written: dict[KeyPath, dt.time] = {("event", "start"): info.start, ("event", "end"): info.end}
    for n, session in enumerate(event.agenda):
        if session.timed:
            written[("agenda", n, "start")], written[("agenda", n, "end")] = session.clock_times
    folds: dict[KeyPath, int] = {}
    for path, moment in time_fields(naive):
        offset = written[path].utcoffset()
        if offset is None:
            continue
        reader.explicit_offsets.add(path)
        fold = timeline.fold_for_offset(moment, offset)
        if fold is None:
            possible = " or ".join(timeline.offset_text(timeline.utc_offset(m)) for m in timeline.readings(moment))
            if possible and path not in folds:
                reader.report(
                    path,
                    f"{moment:%H:%M} has no offset {timeline.offset_text(offset)} in "
                    f"{info.timezone} on {moment:%Y-%m-%d} (only {possible})",
                    f'write "{moment:%H:%M}" without an offset, or with {possible}',
                )
            folds.setdefault(path, -1)
        elif len(timeline.readings(moment)) > 1:
            folds[path] = fold
    if any(fold < 0 for fold in folds.values()):
        return None

    def folded(path: KeyPath, time: dt.time | None) -> dt.time | None:
        return time.replace(fold=folds.get(path, 0)) if time is not None else None

    sessions = [
        dataclasses.replace(s, start=folded(("agenda", n, "start"), s.start), end=folded(("agenda", n, "end"), s.end))
        for n, s in enumerate(naive.agenda)
    ]
    info = naive.event
    return dataclasses.replace(
        naive,
        agenda=tuple(sessions),
        event=dataclasses.replace(
            info,
            start=info.start.replace(fold=folds.get(("event", "start"), 0)),
            end=info.end.replace(fold=folds.get(("event", "end"), 0)),
        ),
    )


def check_clock_changes(event: Event, reader: ProblemReport) -> bool:
    """A time the clocks skip is an error; one they repeat is a warning unless its offset says which.
    False when a time does not exist (the later checks would only repeat the problem)."""
    reported: set[KeyPath] = set()
    ok = True
    for path, moment in time_fields(event):
        if path in reported:
            continue
        gap = timeline.skipped_time(moment)
        if gap:
            change = timeline.clock_change_near(moment)
            hint = (
                f"choose a time before {change.old:%H:%M} or from {change.new:%H:%M} on"
                if change
                else "choose a time that exists on that day"
            )
            reader.report(path, gap, hint)
            reported.add(path)
            ok = False
            continue
        twice = timeline.repeated_time(moment)
        if twice and path not in reader.explicit_offsets:
            first, second = timeline.readings(moment)
            second_offset = timeline.offset_text(timeline.utc_offset(second))
            reader.report(
                path,
                f"{twice}: the first ({first.tzname()}) is meant",
                f'to mean the second, write "{moment:%H:%M}{second_offset}"',
                severity="warning",
            )
            reported.add(path)
    return ok


def check_times(event: Event, reader: ProblemReport) -> None:
    """The event's hours and days, the clock changes, then each session against the event's hours and the
    overlaps (skipped where the event's own times are wrong: every session would only repeat the problem)."""
    info = event.event
    if info.end == info.start or timeline.overnight_too_long(info.start, info.end):
        reader.report(
            ("event", "end"),
            f"the event ends ({info.end:%H:%M}) before it starts ({info.start:%H:%M})"
            if info.end != info.start
            else f"the event ends when it starts ({info.start:%H:%M})",
            "times are local, on each day of the event; an end before the start is on the next day "
            "when the event lasts at most 12 hours (22:00-01:00)",
        )
    if info.end_date and info.end_date < info.date:
        reader.report(("event", "end_date"), f"end_date {info.end_date} is before date {info.date}")
        return
    if (
        not check_clock_changes(event, reader)
        or info.end == info.start
        or timeline.overnight_too_long(info.start, info.end)
    ):
        return
    for n, session in enumerate(event.agenda):
        check_session_time(event, session, ("agenda", n), reader)
    check_overlaps(event, reader)
    check_group_order(event, reader)


def check_session_time(event: Event, session: Session, path: KeyPath, reader: ProblemReport) -> None:
    """Its end after its start (or on the next day, within 12 hours), its day one of the event's, and its times
    inside the event's hours; an agenda item without times needs only its day to be the event's."""
    info = event.event
    if not session.timed:
        day = session.day or info.date
        if day not in event.days:
            reader.report(path + ("day",), f"{day} is not a day of the event ({event.date_text})")
        return
    if session.end == session.start or timeline.overnight_too_long(*session.clock_times):
        reader.report(
            path + ("end",),
            f"session '{session.id}' ends ({session.end:%H:%M}) before it starts ({session.start:%H:%M})"
            if session.end != session.start
            else f"session '{session.id}' ends when it starts ({session.start:%H:%M})",
            "an end before the start is on the next day for a session of at most 12 hours (23:30-00:30)",
        )
        return
    day = session.day or info.date
    if day not in event.days:
        reader.report(path + ("day",), f"{day} is not a day of the event ({event.date_text})")
        return
    # instants (UTC): Python compares two times of one zone by their wall clocks, which a repeated hour misleads
    start, end = _utc(event.session_start(session)), _utc(event.session_end(session))
    day_start, day_end = map(_utc, event.day_span(day))
    if start < day_start or end > day_end:
        reader.report(
            path + ("start" if start < day_start else "end",),
            f"session '{session.id}' ({session.start:%H:%M}-{session.end:%H:%M}) lies outside the event's hours "
            f"({info.start:%H:%M}-{info.end:%H:%M})",
            "change the session or the event's start/end",
        )


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC)
