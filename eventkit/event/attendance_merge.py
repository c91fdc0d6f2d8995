"""The loader's part of the attendance record (:mod:`eventkit.event.attendance_record`): the record beside the
event file merged into the event, with warnings for what it names that the event no longer has."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ..errors import EventFileError, Problem
from .attendance_record import RecordedAttendance, attendance_path, read_recorded
from .model import Event
from .reporting import ProblemReport


def merge_recorded_attendance(event: Event, reader: ProblemReport, path: Path) -> Event:
    """``event`` with the record beside ``path`` (``Event.recorded_attendance``); a damaged record is an error of
    ``reader``, an entry naming someone no longer in the event or a day it no longer has a warning."""
    try:
        record = read_recorded(path)
    except EventFileError as exc:
        reader.problems.extend(exc.problems)
        return event
    if not record.sources:
        return event
    where = str(attendance_path(path))
    gone = sorted({pid for source in record.sources for pid in source.people if pid not in event.people})
    if gone:
        reader.problems.append(
            Problem(
                where,
                0,
                0,
                "",
                "names people no longer in the event file: "
                + ", ".join(gone[:10])
                + (" ..." if len(gone) > 10 else "")
                + " (ignored)",
                "undo the reports that named them and record them again",
                "warning",
            )
        )
    for day in sorted({s.day for s in record.sources} - set(event.days)):
        files = ", ".join(s.file for s in record.sources if s.day == day)
        reader.problems.append(
            Problem(
                where,
                0,
                0,
                "",
                f"records {day.isoformat()}, which is not a day of the event any more ({files}; ignored)",
                f"eventkit attendance {path} --undo FILE",
                "warning",
            )
        )
    kept = tuple(
        dataclasses.replace(s, people={p: a for p, a in s.people.items() if p in event.people})
        for s in record.sources
        if s.day in event.days
    )
    event = dataclasses.replace(event, recorded_attendance=RecordedAttendance(kept))
    att = event.report.attendance
    for key in ("excused", "absent"):
        for i, pid in enumerate(getattr(att, key)):
            if pid in event.present:
                reader.report(
                    ("report", "attendance", key, i),
                    f"'{pid}' is recorded as present",
                    "remove them from this list, or undo the attendance report that names them",
                    severity="warning",
                    needle=f'"{pid}"',
                )
    return event
