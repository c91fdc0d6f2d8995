"""`eventkit new`: a commented event file that passes `eventkit check` as it is, ready to fill in."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..event.parts import EVENT_KINDS
from ..event.timeline import overnight_too_long
from ..resources import templates_dir


@dataclass(frozen=True)
class ScaffoldSession:
    id: str
    title: str
    kind: str
    start: dt.time
    end: dt.time
    day: dt.date | None = None


def toml_string(value: str) -> str:
    """A TOML basic string holding ``value`` exactly: JSON's escaping, which TOML shares, plus DEL (U+007F), which
    JSON leaves as it is and TOML does not allow unescaped."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007F")


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:60].rstrip("-") or "event"


def local_timezone() -> str:
    """The machine's IANA zone name when it can be told (TZ, /etc/timezone, /etc/localtime), else 'UTC'."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    except OSError:
        pass
    try:
        target = os.readlink("/etc/localtime")
        candidates.append(target.split("zoneinfo/", 1)[1] if "zoneinfo/" in target else "")
    except OSError:
        pass
    from zoneinfo import ZoneInfo

    for name in candidates:
        if name and "/" in name:
            try:
                ZoneInfo(name)
                return name
            except (ValueError, KeyError, OSError):
                continue
    return "UTC"


def default_sessions(start: dt.time, end: dt.time) -> list[ScaffoldSession]:
    """Opening, main session and closing filling the event's hours (one session when they are short)."""
    day = dt.date(2000, 1, 1)
    begin, finish = dt.datetime.combine(day, start), dt.datetime.combine(day, end)
    if end < start:  # the event ends after midnight
        finish += dt.timedelta(days=1)
    length = finish - begin
    if length < dt.timedelta(minutes=45):
        return [ScaffoldSession("main", "Main session", "discussion", start, end)]
    edge = min(dt.timedelta(minutes=15), length / 6)
    return [
        ScaffoldSession("opening", "Opening remarks", "opening", start, (begin + edge).time()),
        ScaffoldSession("discussion", "Discussion", "discussion", (begin + edge).time(), (finish - edge).time()),
        ScaffoldSession("closing", "Closing remarks", "closing", (finish - edge).time(), end),
    ]


def refuse_skipped_hours(start: dt.time, end: dt.time, days: list[dt.date], timezone: str) -> None:
    """ValueError naming the option when the event's start or end is a time the clocks skip on one of its days
    (02:30 in Europe/Vienna on 28 March 2027): `check` would refuse the file."""
    from zoneinfo import ZoneInfo

    from ..event.timeline import clock_change_near, skipped_time, span

    for day in days:
        for option, moment in zip(("--start", "--end"), span(day, start, end, ZoneInfo(timezone)), strict=True):
            gap = skipped_time(moment)
            if gap:
                change = clock_change_near(moment)
                hint = (
                    f"choose a time before {change.old:%H:%M} or from {change.new:%H:%M} on"
                    if change
                    else "choose a time that exists on that day"
                )
                raise ValueError(f"{option} {gap} ({hint})")


def clear_of_skipped_times(sessions: list[ScaffoldSession], first: dt.date, timezone: str) -> list[ScaffoldSession]:
    """The sessions with every start or end that the clocks skip on its day moved to the time the clocks jump to
    (the event's own hours exist: see refuse_skipped_hours); a session left without length is dropped."""
    from zoneinfo import ZoneInfo

    from ..event.timeline import clock_change_near, exists, local_moment

    zone = ZoneInfo(timezone)

    def valid(day: dt.date, time: dt.time) -> dt.time:
        moment = local_moment(day, time, zone)
        if exists(moment):
            return time
        change = clock_change_near(moment)
        return change.new if change else time

    moved = []
    for session in sessions:
        day = session.day or first
        start = valid(day + dt.timedelta(days=session.start < sessions[0].start), session.start)
        end = valid(day + dt.timedelta(days=session.end < sessions[0].start), session.end)
        if start != end:
            moved.append(ScaffoldSession(session.id, session.title, session.kind, start, end, session.day))
    return moved


def localised_sessions(sessions: list[ScaffoldSession], language: str) -> list[ScaffoldSession]:
    """The default sessions' titles in the event's language (labels session_<id>)."""
    from ..language.labels import label_for

    return [ScaffoldSession(s.id, label_for(f"session_{s.id}", language), s.kind, s.start, s.end) for s in sessions]


def multi_day_sessions(
    first: dt.date, last: dt.date, one_day: list[ScaffoldSession], language: str = "en"
) -> list[ScaffoldSession]:
    """Opening on the first day, a discussion on each day, closing on the last day, each with its ``day``
    (``one_day``: the sessions of a one-day event, already in the event's language)."""
    from ..language.labels import label_for

    if len(one_day) == 1:
        middle = one_day[0]
        opening = closing = None
    else:
        opening, middle, closing = one_day
    sessions = []
    count = (last - first).days + 1
    for n in range(count):
        day = first + dt.timedelta(days=n)
        begin, finish = one_day[0].start, one_day[-1].end
        if n == 0 and opening:
            sessions.append(ScaffoldSession(opening.id, opening.title, opening.kind, opening.start, opening.end, day))
            begin = opening.end
        if n == count - 1 and closing:
            finish = closing.start
        title = label_for("session_of_day", language).format(title=middle.title, number=n + 1)
        sessions.append(ScaffoldSession(f"day-{n + 1}-{middle.id}", title, middle.kind, begin, finish, day))
        if n == count - 1 and closing:
            sessions.append(ScaffoldSession(closing.id, closing.title, closing.kind, closing.start, closing.end, day))
    return sessions


def render_scaffold(
    path: Path,
    *,
    title: str,
    kind: str,
    date: dt.date,
    start: dt.time,
    end: dt.time,
    timezone: str,
    platform: str = "",
    language: str = "en",
    end_date: dt.date | None = None,
    schema: str = "",
) -> str:
    """The text of a new event file. Raises ValueError when the values cannot make a valid event.

    ``schema``: the JSON Schema's location for the ``#:schema`` directive of Taplo and VS Code's "Even Better TOML"
    (e.g. ``./eventkit.schema.json``, relative to the event file); none when empty."""
    import jinja2

    if kind not in EVENT_KINDS:
        raise ValueError(f"kind must be one of: {', '.join(EVENT_KINDS)}")
    if end == start or overnight_too_long(start, end):
        raise ValueError(
            f"the end ({end:%H:%M}) must be after the start ({start:%H:%M}), or on the next day "
            "for an event of at most 12 hours (--start 22:00 --end 01:00)"
        )
    if end_date is not None and end_date < date:
        raise ValueError(f"the end date ({end_date}) must not be before the date ({date})")
    last_day = end_date if end_date is not None and end_date > date else date
    several = last_day > date
    days = [date + dt.timedelta(days=n) for n in range((last_day - date).days + 1)]
    refuse_skipped_hours(start, end, days, timezone)
    one_day = localised_sessions(default_sessions(start, end), language)
    if not several:
        one_day = clear_of_skipped_times(one_day, date, timezone)
    from ..event.field_rules import text_problem

    for option, value, required in (("title", title, True), ("platform", platform, False)):
        problem = text_problem(value, multiline=False, required=required, name=option)
        if problem:  # the file must pass `eventkit check` as it is
            raise ValueError(f"--{option} {problem[0]}")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        autoescape=False,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["toml"] = toml_string
    sessions = multi_day_sessions(date, last_day, one_day, language) if several else one_day
    if several:
        sessions = clear_of_skipped_times(sessions, date, timezone)
    return env.get_template("event.toml.j2").render(
        title=title,
        kind=kind,
        date=date.isoformat(),
        start=f"{start:%H:%M}",
        end=f"{end:%H:%M}",
        timezone=timezone,
        platform=platform or ("" if kind != "webinar" else "Online"),
        id=slugify(path.stem),
        filename=str(path),
        report_style="note-for-file" if kind == "webinar" else "summary-report",
        sessions=sessions,
        end_date=last_day.isoformat() if several else "",
        language=language,
        schema=schema,
        schema_file=str(path.parent / schema.removeprefix("./")) if schema and "://" not in schema else "",
    )
