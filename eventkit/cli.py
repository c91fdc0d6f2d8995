"""The `eventkit` command line. Commands only parse options, call the library and print results.

Exit codes: 0 success, 1 invalid input or a failed build, 2 wrong command-line usage.
Heavy libraries (weasyprint, python-docx, icalendar) are imported inside the commands that need them.
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from . import __version__
from .errors import BuildError, EventFileError, Problem

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def print_problem(problem: Problem) -> None:
    click.echo(str(problem), err=True)


def fail(message: str, code: int = 1) -> None:
    click.echo(f"eventkit: {message}", err=True)
    sys.exit(code)


def load_or_exit(path: Path):
    """Load an event file for a command that produces output; print located errors and exit 1 if invalid."""
    from .load import check_event
    result = check_event(path)
    for problem in result.errors:
        print_problem(problem)
    if result.event is None:
        sys.exit(1)
    return result.event


class TimeOfDay(click.ParamType):
    name = "HH:MM"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.time):
            return value
        try:
            return dt.datetime.strptime(value, "%H:%M").time()
        except ValueError:
            self.fail(f"'{value}' is not a time like 14:00", param, ctx)


class Date(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.fail(f"'{value}' is not a date like 2026-12-10", param, ctx)


class TimeZoneName(click.ParamType):
    name = "Area/City"

    def convert(self, value, param, ctx):
        from .load import zone_problem
        problem = zone_problem(value)
        if problem:
            self.fail(f"{problem[0]} ({problem[1]})", param, ctx)
        return value


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="eventkit")
def main() -> None:
    """eventkit: one TOML file per event; the concept note, agenda, participant list, speaker bios,
    calendar invites and the report are generated from it.

    \b
    Start with:   eventkit new events/my-webinar.toml
    Validate:     eventkit check events/*.toml
    Generate:     eventkit build events/*.toml
    """


@main.command()
@click.argument("events", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings (a speaker without a bio, ...) as errors.")
@click.option("-q", "--quiet", is_flag=True, help="Print problems only, not the 'ok' lines.")
def check(events: tuple[Path, ...], strict: bool, quiet: bool) -> None:
    """Validate event files. Each problem is one line: FILE:LINE:COLUMN: FIELD: what is wrong (hint).

    Exits 1 when a file has errors (or warnings, with --strict)."""
    from .load import check_event
    failed = False
    for path in events:
        result = check_event(path)
        for problem in result.problems:
            print_problem(problem)
        bad = bool(result.errors) or (strict and bool(result.warnings))
        failed |= bad
        if not quiet and not result.errors:
            warnings = len(result.warnings)
            note = f" ({warnings} warning{'s' * (warnings != 1)})" if warnings else ""
            click.echo(f"{path}: {'fails --strict' if bad else 'ok'}{note}")
    sys.exit(1 if failed else 0)


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--title", help="Title of the event.")
@click.option("--kind", type=click.Choice(["webinar", "high-level event", "meeting", "conference", "workshop",
                                           "briefing", "consultation"]), help="Kind of event.")
@click.option("--date", type=Date(), help="First day (default: four weeks from today).")
@click.option("--start", type=TimeOfDay(), help="Local start time (default 10:00).")
@click.option("--end", type=TimeOfDay(), help="Local end time (default 12:00).")
@click.option("--timezone", type=TimeZoneName(), help="IANA time zone (default: this machine's).")
@click.option("--platform", default="", help="Online platform, e.g. 'KUDO platform'.")
@click.option("-f", "--force", is_flag=True, help="Overwrite an existing file.")
def new(path: Path, title, kind, date, start, end, timezone, platform: str, force: bool) -> None:
    """Write a commented event file at PATH that passes `eventkit check` as it is.

    Missing values are asked for when standard input is a terminal; otherwise defaults are used.
    Missing parent folders are created. An existing file is kept unless --force is given."""
    from .output import write_atomically
    from .scaffold import local_timezone, render_scaffold

    if path.exists() and not force:
        fail(f"{path} already exists; use --force to overwrite it")
    if path.exists() and path.is_dir():
        fail(f"{path} is a directory; give the path of the new .toml file", 2)
    interactive = sys.stdin.isatty()
    defaults = {"title": "New event", "kind": "webinar", "date": dt.date.today() + dt.timedelta(weeks=4),
                "start": dt.time(10, 0), "end": dt.time(12, 0), "timezone": local_timezone()}

    def value(given, name: str, prompt: str, param_type=None):
        if given is not None:
            return given
        if interactive:
            return click.prompt(prompt, default=defaults[name], type=param_type)
        return defaults[name]

    title = value(title, "title", "Title")
    kind = value(kind, "kind", "Kind", click.Choice(["webinar", "high-level event", "meeting", "conference",
                                                      "workshop", "briefing", "consultation"]))
    date = value(date, "date", "Date (YYYY-MM-DD)", Date())
    start = value(start, "start", "Start time (HH:MM)", TimeOfDay())
    end = value(end, "end", "End time (HH:MM)", TimeOfDay())
    timezone = value(timezone, "timezone", "Time zone (Area/City)", TimeZoneName())
    try:
        text = render_scaffold(path, title=title, kind=kind, date=date, start=start, end=end,
                               timezone=timezone, platform=platform)
    except ValueError as exc:
        fail(str(exc), 2)
    try:
        write_atomically(path, text)
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror or exc}")
    click.echo(f"wrote {path}; next: eventkit check {path}")


def run() -> None:
    """Console-script entry point: never shows a traceback for expected failures."""
    try:
        main(standalone_mode=True)
    except EventFileError as exc:
        for problem in exc.problems:
            print_problem(problem)
        sys.exit(1)
    except BuildError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        fail("interrupted", 130)
