"""Writing and checking the event file: `eventkit new`, `check`, `schema` and `preview`."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TypeVar

import click

from ..event.parts import EVENT_KINDS
from ..interrupts import Stopped
from .common import Date, InputPath, OutputPath, TimeOfDay, TimeZoneName, fail, main, print_problem, say

Value = TypeVar("Value")


@main.command()
@click.argument("events", nargs=-1, required=True, type=InputPath())
@click.option("--strict", is_flag=True, help="Treat warnings (a speaker without a bio, ...) as errors.")
@click.option("-q", "--quiet", is_flag=True, help="Print problems only, not the 'ok' lines.")
def check(events: tuple[Path, ...], strict: bool, quiet: bool) -> None:
    """Validate event files. Each problem is one line: FILE:LINE:COLUMN: FIELD: what is wrong (hint).

    Exits 1 when a file has errors (or warnings, with --strict)."""
    from ..documents.event_checks import check_event_file

    failed = False
    for path in events:
        result = check_event_file(path)
        for problem in result.problems:
            print_problem(problem)
        bad = bool(result.errors) or (strict and bool(result.warnings))
        failed |= bad
        if not quiet and not result.errors:
            warnings = len(result.warnings)
            note = f" ({warnings} warning{'s' * (warnings != 1)})" if warnings else ""
            say(f"{path}: {'fails --strict' if bad else 'ok'}{note}")
    sys.exit(1 if failed else 0)


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--title", help="Title of the event.")
@click.option("--kind", type=click.Choice(EVENT_KINDS), help="Kind of event.")
@click.option("--date", type=Date(), help="First day (default: four weeks from today).")
@click.option("--end-date", type=Date(), help="Last day of a multi-day event (each session then names its day).")
@click.option("--start", type=TimeOfDay(), help="Local start time (default 10:00).")
@click.option("--end", type=TimeOfDay(), help="Local end time (default 12:00).")
@click.option("--timezone", type=TimeZoneName(), help="IANA time zone (default: this machine's).")
@click.option("--platform", default="", help="Online platform, e.g. 'KUDO platform'.")
@click.option("-f", "--force", is_flag=True, help="Overwrite an existing file.")
@click.option(
    "--language",
    default="en",
    show_default=True,
    callback=lambda ctx, param, value: language_tag(value),
    help="Language of the documents: ar, de, en, es, fr, ja, pt, ru or zh (any BCP 47 tag; others get English labels).",
)
def new(
    path: Path,
    title: str | None,
    kind: str | None,
    date: dt.date | None,
    start: dt.time | None,
    end: dt.time | None,
    timezone: str | None,
    platform: str,
    force: bool,
    language: str,
    end_date: dt.date | None = None,
) -> None:
    """Write a commented event file at PATH that passes `eventkit check` as it is.

    Missing values are asked for when standard input is a terminal; otherwise defaults are used.
    Missing parent folders are created. An existing file is kept unless --force is given."""
    from ..documents.scaffold import local_timezone, render_scaffold
    from ..event.schema import SCHEMA_FILE_NAME
    from ..output import write_atomically

    if path.exists() and not force:
        fail(f"{path} already exists; use --force to overwrite it")
    if path.exists() and path.is_dir():
        fail(f"{path} is a directory; give the path of the new .toml file", 2)
    interactive = sys.stdin.isatty()

    def value(
        given: Value | None,
        prompt: str,
        default: Value,
        param_type: click.ParamType[Value] | None = None,
    ) -> Value:
        """The option's value when it was given, else the answer to ``prompt`` on a terminal, else ``default``."""
        if given is not None:
            return given
        if interactive:
            answer: Value = click.prompt(prompt, default=default, type=param_type)
            return answer
        return default

    title = value(title, "Title", "New event")
    kind = value(kind, "Kind", "webinar", click.Choice(EVENT_KINDS))
    date = value(date, "Date (YYYY-MM-DD)", dt.date.today() + dt.timedelta(weeks=4), Date())
    start = value(start, "Start time (HH:MM)", dt.time(10, 0), TimeOfDay())
    end = value(end, "End time (HH:MM)", dt.time(12, 0), TimeOfDay())
    timezone = value(timezone, "Time zone (Area/City)", local_timezone(), TimeZoneName())
    try:
        text = render_scaffold(
            path,
            title=title,
            kind=kind,
            date=date,
            start=start,
            end=end,
            timezone=timezone,
            platform=platform,
            language=language,
            end_date=end_date,
            schema=f"./{SCHEMA_FILE_NAME}",
        )
    except ValueError as exc:
        fail(str(exc), 2)
    try:
        write_atomically(path, text)
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror or exc}")
    schema_path = path.parent / SCHEMA_FILE_NAME
    try:
        if write_schema_if_changed(schema_path):
            say(f"wrote {schema_path} (the JSON Schema named by the file's #:schema line, for editors)")
    except OSError as exc:
        fail(f"cannot write {schema_path}: {exc.strerror or exc}")
    say(f"wrote {path}; next: eventkit check {path}")


def language_tag(value: str) -> str:
    import re

    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", value or ""):
        raise click.BadParameter(f"'{value}' is not a language tag like fr or zh-Hans", param_hint="--language")
    return value


def write_schema_if_changed(path: Path) -> bool:
    """Write the event file's JSON Schema to ``path`` unless it already holds exactly that; True if written."""
    from ..event.schema import schema_text
    from ..output import write_atomically

    text = schema_text()
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    write_atomically(path, text)
    return True


@main.command()
@click.option(
    "-o",
    "--output",
    type=OutputPath(path_type=Path, dir_okay=False),
    help="Write the schema to this file (e.g. eventkit.schema.json) instead of printing it.",
)
def schema(output: Path | None) -> None:
    """Print the JSON Schema (draft 2020-12) of the event file, generated from eventkit's model.

    Editors use it to complete and check fields as you type: Taplo and VS Code's "Even Better TOML" read a first
    line `#:schema ./eventkit.schema.json` (which `eventkit new` writes), or check from the command line with
    `taplo check --schema file:///abs/path/eventkit.schema.json EVENT`."""
    from ..event.schema import schema_text

    if output is None:
        say(schema_text(), nl=False)
        return
    if output.is_dir():
        fail(f"{output} is a directory; give the path of the .json file", 2)
    try:
        changed = write_schema_if_changed(output)
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")
    say(f"{'wrote' if changed else 'unchanged:'} {output}")


@main.command()
@click.argument("event", type=InputPath())
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help="Port on 127.0.0.1 (0: any free port).",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in the web browser.")
@click.option(
    "--templates",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Your own templates folder (as for build).",
)
@click.option(
    "--language",
    default="",
    metavar="TAG",
    help="Show the documents in this one of the event's [event] languages (default: as written).",
)
def preview(event: Path, port: int, open_browser: bool, templates: Path | None, language: str) -> None:
    """Serve EVENT's documents as HTML on http://127.0.0.1:PORT/ and reload the open page whenever the event
    file, a Markdown file beside it or a template is saved.

    The pages are the HTML the PDFs are made from, with the print theme, shown as A4 sheets. While the file has
    errors, the page shows them (the lines `eventkit check` prints) above the last good version. Ctrl-C stops."""
    from ..event.load import MAX_FILE_BYTES
    from ..preview.server import open_preview
    from ..user_files import UnreadableFile, read_user_file

    try:
        read_user_file(event, MAX_FILE_BYTES, "an event file")
    except UnreadableFile as exc:
        fail(f"{event}: {exc.message}")
    try:
        server = open_preview(event, port, templates, language)
    except OSError as exc:
        fail(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc} (try --port 0)")
    from .bug_report import write_crash_log

    server.on_bug = write_crash_log

    def report() -> None:
        snapshot = server.state.snapshot
        for line in snapshot.problems if snapshot.failed else ():
            say(line, err=True)
        if not snapshot.failed and snapshot.version > 1:
            say(f"{event}: reloaded", err=True)

    report()
    server.start_watching(report)
    say(f"preview of {event} on {server.url} (Ctrl-C stops)", err=True)
    if open_browser:
        import webbrowser

        webbrowser.open(server.url)
    try:
        server.serve_forever(poll_interval=0.2)
    except (KeyboardInterrupt, Stopped):  # Ctrl-C; SIGTERM or SIGHUP (a closed terminal)
        say("preview stopped", err=True)
    finally:
        server.close()
