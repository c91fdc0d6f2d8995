"""The event file's local times against the zone's clock changes (see :mod:`eventkit.event.timeline`).

- a time written with a UTC offset ("02:30+01:00") picks one reading of a time the clocks repeat: it becomes a
  plain local time whose ``fold`` says which (an offset the time cannot have there is an error);
- a time the clocks skip (02:30 on the night they go forward) is an error naming the gap;
- a time they repeat, written without an offset, is a warning saying which one is meant (the first).

``reader`` is the loader's problem collector (``report(path, message, hint, severity=...)`` and
``explicit_offsets``, the paths of the times written with an offset).
"""
from __future__ import annotations

import dataclasses
import datetime as dt

from . import timeline
from .model import Event


def time_fields(event: Event):
    """(path, day, time) for every local time of the event file, on every day it applies to."""
    for day in event.days:
        start, end = event.day_span(day)
        yield ("event", "start"), start
        yield ("event", "end"), end
    for n, session in enumerate(event.agenda):
        yield ("agenda", n, "start"), event.session_start(session)
        yield ("agenda", n, "end"), event.session_end(session)


def resolve_offsets(event: Event, reader: _Reader) -> Event | None:
    """Times written with a UTC offset ("02:30+01:00") become plain local times whose ``fold`` picks the reading
    with that offset; an offset that the time cannot have in the event's zone on its day is an error."""
    def plain(time: dt.time | None) -> dt.time | None:
        return time.replace(tzinfo=None) if time is not None else None

    info = event.event
    sessions = [dataclasses.replace(s, start=plain(s.start), end=plain(s.end)) for s in event.agenda]
    naive = dataclasses.replace(event, event=dataclasses.replace(info, start=plain(info.start), end=plain(info.end)),
                                agenda=tuple(sessions))
    written = {("event", "start"): info.start, ("event", "end"): info.end}
    for n, session in enumerate(event.agenda):
        written[("agenda", n, "start")], written[("agenda", n, "end")] = session.start, session.end
    folds: dict[tuple, int] = {}
    for path, moment in time_fields(naive):
        offset = written[path].utcoffset()
        if offset is None:
            continue
        reader.explicit_offsets.add(path)
        fold = timeline.fold_for_offset(moment, offset)
        if fold is None:
            possible = " or ".join(timeline.offset_text(m.utcoffset()) for m in timeline.readings(moment))
            if possible and path not in folds:
                reader.report(path, f"{moment:%H:%M} has no offset {timeline.offset_text(offset)} in "
                                    f"{info.timezone} on {moment:%Y-%m-%d} (only {possible})",
                              f'write "{moment:%H:%M}" without an offset, or with {possible}')
            folds.setdefault(path, -1)
        elif len(timeline.readings(moment)) > 1:
            folds[path] = fold
    if any(fold < 0 for fold in folds.values()):
        return None

    def folded(path: tuple, time: dt.time) -> dt.time:
        return time.replace(fold=folds.get(path, 0))

    sessions = [dataclasses.replace(s, start=folded(("agenda", n, "start"), s.start), end=folded(("agenda", n, "end"), s.end))
                for n, s in enumerate(naive.agenda)]
    info = naive.event
    return dataclasses.replace(naive, agenda=tuple(sessions), event=dataclasses.replace(
        info, start=folded(("event", "start"), info.start), end=folded(("event", "end"), info.end)))


def check_clock_changes(event: Event, reader: _Reader) -> bool:
    """A time the clocks skip is an error; one they repeat is a warning unless its offset says which.
    False when a time does not exist (the later checks would only repeat the problem)."""
    reported: set[tuple] = set()
    ok = True
    for path, moment in time_fields(event):
        if path in reported:
            continue
        gap = timeline.skipped_time(moment)
        if gap:
            change = timeline.clock_change_near(moment)
            hint = (f"choose a time before {change.old:%H:%M} or from {change.new:%H:%M} on"
                    if change else "choose a time that exists on that day")
            reader.report(path, gap, hint)
            reported.add(path)
            ok = False
            continue
        twice = timeline.repeated_time(moment)
        if twice and path not in reader.explicit_offsets:
            first, second = timeline.readings(moment)
            reader.report(path, f"{twice}: the first ({first.tzname()}) is meant",
                          f'to mean the second, write "{moment:%H:%M}{timeline.offset_text(second.utcoffset())}"',
                          severity="warning")
            reported.add(path)
    return ok
