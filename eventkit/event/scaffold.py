"""`eventkit new`: a commented event file that passes `eventkit check` as it is, ready to fill in."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .model import EVENT_KINDS
from ..resources import templates_dir


@dataclass(frozen=True)
class ScaffoldSession:
    id: str
    title: str
    kind: str
    start: dt.time
    end: dt.time


def toml_string(value: str) -> str:
    """A TOML basic string (JSON's escaping is valid TOML for strings)."""
    return json.dumps(value, ensure_ascii=False)


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
    length = finish - begin
    if length < dt.timedelta(minutes=45):
        return [ScaffoldSession("main", "Main session", "discussion", start, end)]
    edge = min(dt.timedelta(minutes=15), length / 6)
    return [
        ScaffoldSession("opening", "Opening remarks", "opening", start, (begin + edge).time()),
        ScaffoldSession("discussion", "Discussion", "discussion", (begin + edge).time(), (finish - edge).time()),
        ScaffoldSession("closing", "Closing remarks", "closing", (finish - edge).time(), end),
    ]


def render_scaffold(path: Path, *, title: str, kind: str, date: dt.date, start: dt.time, end: dt.time,
                    timezone: str, platform: str = "") -> str:
    """The text of a new event file. Raises ValueError when the values cannot make a valid event."""
    import jinja2

    if kind not in EVENT_KINDS:
        raise ValueError(f"kind must be one of: {', '.join(EVENT_KINDS)}")
    if end <= start:
        raise ValueError(f"the end ({end:%H:%M}) must be after the start ({start:%H:%M})")
    from .field_rules import text_problem
    for option, value, required in (("title", title, True), ("platform", platform, False)):
        problem = text_problem(value, multiline=False, required=required, name=option)
        if problem:  # the file must pass `eventkit check` as it is
            raise ValueError(f"--{option} {problem[0]}")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates_dir()), autoescape=False,
                             keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    env.filters["toml"] = toml_string
    return env.get_template("event.toml.j2").render(
        title=title, kind=kind, date=date.isoformat(), start=f"{start:%H:%M}", end=f"{end:%H:%M}",
        timezone=timezone, platform=platform or ("" if kind != "webinar" else "Online"),
        id=slugify(path.stem), filename=str(path),
        report_style="note-for-file" if kind == "webinar" else "summary-report",
        sessions=default_sessions(start, end))
