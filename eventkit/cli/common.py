"""What every command shares: the click group ``main``, printing problems, failing with an exit code, loading the
event file, and the option types for dates, times and time zones."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypeVar

import click

from .. import __version__
from ..errors import EventFileError, Problem, one_line, terminal_text

if TYPE_CHECKING:
    from ..event.model import Event

Parsed = TypeVar("Parsed")

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def say(message: object = "", *, err: bool = False, nl: bool = True) -> None:
    """Print on the terminal: every line eventkit prints goes through here. Much of it comes from files (paths,
    names, addresses, problems quoting values), so control and escape characters are written as escapes
    (errors.terminal_text); line breaks between lines are kept."""
    click.echo(terminal_text(str(message)), err=err, nl=nl)


def print_problem(problem: Problem) -> None:
    say(problem, err=True)


def fail(message: str, code: int = 1) -> NoReturn:
    say(f"eventkit: {one_line(message)}", err=True)
    sys.exit(code)


def print_problems_or_exit(exc: EventFileError) -> NoReturn:
    """Print every located problem of an EventFileError (or a TableFileError) and exit 1."""
    for problem in exc.problems:
        print_problem(problem)
    sys.exit(1)


def load_or_exit(path: Path) -> Event:
    """Load an event file for a command that produces output; print located errors and exit 1 if invalid."""
    from ..documents.event_checks import check_event_file

    result = check_event_file(path, lint=False)  # only its errors are printed
    for problem in result.errors:
        print_problem(problem)
    if result.event is None:
        sys.exit(1)
    return result.event


class InputPath(click.Path[Path]):
    """A file the command reads: the command itself says what is wrong with it (a located line, exit 1), so click
    checks nothing (its "not readable" would be a usage error, exit 2)."""

    def __init__(self, **options: bool) -> None:
        super().__init__(path_type=Path, readable=False, **options)


class OutputPath(click.Path[Path]):
    """A path to write to; an empty one (`-o ''`) is a usage error, not the current folder."""

    def convert(self, value: str | os.PathLike[str], param: click.Parameter | None, ctx: click.Context | None) -> Path:
        if isinstance(value, str) and not value.strip():
            self.fail("is empty: give the folder to write to, e.g. -o build/my-event", param, ctx)
        return super().convert(value, param, ctx)


class RegularFile(click.Path[Path]):
    """An existing regular file to read (a named pipe or a device is refused before anything opens it)."""

    def __init__(self) -> None:
        super().__init__(path_type=Path, dir_okay=False, exists=True)

    def convert(self, value: str | os.PathLike[str], param: click.Parameter | None, ctx: click.Context | None) -> Path:
        import stat

        from ..user_files import file_kind

        path = super().convert(value, param, ctx)
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            self.fail(f"'{path}' is {file_kind(mode)}, not a regular file", param, ctx)
        return path


class ParsedText(click.ParamType[Parsed]):
    """An option value parsed from its text by ``parse`` (a ValueError: "'x' is not <example>"); a value that
    already is a ``kind`` (a default, a prompt's answer) is kept."""

    kind: type[Parsed]
    example: str
    parse: Callable[[str], Parsed]

    def convert(self, value: str | Parsed, param: click.Parameter | None, ctx: click.Context | None) -> Parsed:
        if isinstance(value, self.kind):
            return value
        try:
            return self.parse(str(value))  # text from the command line or a prompt
        except ValueError:
            self.fail(f"'{value}' is not {self.example}", param, ctx)


class TimeOfDay(ParsedText[dt.time]):
    name, kind, example = "HH:MM", dt.time, "a time like 14:00"

    @staticmethod
    def parse(text: str) -> dt.time:
        return dt.datetime.strptime(text, "%H:%M").time()


class Date(ParsedText[dt.date]):
    name, kind, example = "YYYY-MM-DD", dt.date, "a date like 2026-12-10"
    parse = staticmethod(dt.date.fromisoformat)


class TimeZoneName(click.ParamType[str]):
    name = "Area/City"

    def convert(self, value: str, param: click.Parameter | None, ctx: click.Context | None) -> str:
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
