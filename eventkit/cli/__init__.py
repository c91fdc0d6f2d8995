"""The `eventkit` command line. Commands only parse options, call the library and print results: this package
is the only part of eventkit that prints or exits.

Here: the click group ``main``, the console-script entry point ``run`` (exit codes), the helpers and option types
every command uses. The commands live by flow: :mod:`.authoring` (new, check, schema, preview: writing the event
file), :mod:`.documents` (build, the single documents, doctor), :mod:`.calendar` (invites, replies, status),
:mod:`.participants` (import, attendance).

Exit codes: 0 success, 1 invalid input or a failed build, 2 wrong command-line usage, 3 a bug in eventkit
(one line on the terminal, the traceback in a log file: see :mod:`eventkit.bug_report`).
Heavy libraries (weasyprint, python-docx, icalendar) are imported inside the commands that need them.
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from .. import __version__
from ..errors import BuildError, EventFileError, Problem, one_line
from ..interrupts import Stopped, install_stop_handlers

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def print_problem(problem: Problem) -> None:
    click.echo(str(problem), err=True)


def fail(message: str, code: int = 1) -> None:
    click.echo(f"eventkit: {one_line(message)}", err=True)
    sys.exit(code)


def print_problems_or_exit(exc) -> None:
    """Print every located problem of an EventFileError (or a TableFileError) and exit 1."""
    for problem in exc.problems:
        print_problem(problem)
    sys.exit(1)


def load_or_exit(path: Path):
    """Load an event file for a command that produces output; print located errors and exit 1 if invalid."""
    from ..event.load import check_event
    result = check_event(path)
    for problem in result.errors:
        print_problem(problem)
    if result.event is None:
        sys.exit(1)
    return result.event


class ParsedText(click.ParamType):
    """An option value parsed from its text by ``parse`` (a ValueError: "'x' is not <example>"); a value that
    already is a ``kind`` (a default, a prompt's answer) is kept."""
    kind: type
    example: str

    def convert(self, value, param, ctx):
        if isinstance(value, self.kind):
            return value
        try:
            return self.parse(value)
        except ValueError:
            self.fail(f"'{value}' is not {self.example}", param, ctx)


class TimeOfDay(ParsedText):
    name, kind, example = "HH:MM", dt.time, "a time like 14:00"

    @staticmethod
    def parse(text: str) -> dt.time:
        return dt.datetime.strptime(text, "%H:%M").time()


class Date(ParsedText):
    name, kind, example = "YYYY-MM-DD", dt.date, "a date like 2026-12-10"
    parse = staticmethod(dt.date.fromisoformat)


class TimeZoneName(click.ParamType):
    name = "Area/City"

    def convert(self, value, param, ctx):
        from ..event.load import zone_problem
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


def run() -> None:
    """Console-script entry point: never shows a traceback, not even for a bug (exit 3, traceback logged)."""
    install_stop_handlers()   # Ctrl-C, SIGTERM and SIGHUP end the command through its `finally` blocks
    try:
        main(prog_name="eventkit")
    except EventFileError as exc:
        print_problems_or_exit(exc)
    except BuildError as exc:
        fail(str(exc))
    except Stopped as exc:
        import signal
        fail("interrupted" if exc.signum == signal.SIGINT else f"stopped by {signal.Signals(exc.signum).name}",
             128 + exc.signum)
    except Exception as exc:  # a bug: one line here, the traceback in a log file
        from ..bug_report import bug_message, write_crash_log
        click.echo(bug_message(exc, write_crash_log(exc)), err=True)
        sys.exit(3)


# the commands register themselves on ``main`` when their modules are imported
from . import authoring, calendar, documents, participants  # noqa: E402,F401
