"""The `eventkit` command line. Commands only parse options, call the library and print results.

Exit codes: 0 success, 1 invalid input or a failed build, 2 wrong command-line usage, 3 a bug in eventkit
(one line on the terminal, the traceback in a log file: see :mod:`eventkit.bug_report`).
Heavy libraries (weasyprint, python-docx, icalendar) are imported inside the commands that need them.
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from . import __version__
from .errors import BuildError, EventFileError, Problem, one_line
from .event.model import EVENT_KINDS

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def print_problem(problem: Problem) -> None:
    click.echo(str(problem), err=True)


def fail(message: str, code: int = 1) -> None:
    click.echo(f"eventkit: {one_line(message)}", err=True)
    sys.exit(code)


def load_or_exit(path: Path):
    """Load an event file for a command that produces output; print located errors and exit 1 if invalid."""
    from .event.load import check_event
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
        from .event.load import zone_problem
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
    from .event.load import check_event
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
@click.option("--kind", type=click.Choice(EVENT_KINDS), help="Kind of event.")
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
    from .event.scaffold import local_timezone, render_scaffold

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
    kind = value(kind, "kind", "Kind", click.Choice(EVENT_KINDS))
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


def parse_formats(ctx, param, value: str) -> tuple[str, ...]:
    from .documents.build import FORMATS
    formats = tuple(f.strip().lower() for f in value.split(",") if f.strip())
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise click.BadParameter(f"'{value}': choose from {', '.join(FORMATS)} (comma-separated)")
    return formats


def output_options(command):
    """Options shared by `build` and the single-document commands."""
    command = click.option("-o", "--output", "output", type=click.Path(path_type=Path, file_okay=False),
                           help="Output folder (default build/<event id>/; with several events, DIR/<event id>/).")(command)
    command = click.option("--format", "formats", default="docx,pdf", show_default=True, callback=parse_formats,
                           help="Comma-separated formats: docx, pdf, html.")(command)
    command = click.option("--templates", type=click.Path(path_type=Path, file_okay=False, exists=True),
                           help="Your own templates folder; its files override ours (templates, theme.css, reference.docx).")(command)
    command = click.option("--reference-docx", type=click.Path(path_type=Path, dir_okay=False, exists=True),
                           help="Word file whose styles the DOCX documents use.")(command)
    return command


def build_events(paths: tuple[Path, ...], output: Path | None, kinds: tuple[str, ...], formats: tuple[str, ...],
                 templates: Path | None, reference_docx: Path | None, with_invite: bool) -> None:
    """Validate every event first (nothing is written if one is invalid), then build each and summarise."""
    from .documents.build import BuildOptions, build_event, output_directory

    events = [load_or_exit(path) for path in paths]
    options = BuildOptions(formats=formats, templates=templates, reference_docx=reference_docx)
    several = len(events) > 1
    results = []
    for number, (path, event) in enumerate(zip(paths, events), 1):
        directory = output_directory(event, output, several)
        prefix = f"[{number}/{len(events)}] " if several else ""
        click.echo(f"{prefix}{path} -> {directory}/", err=True)
        progress = (lambda name: click.echo(f"    {name}", err=True)) if several or sys.stderr.isatty() else (lambda name: None)
        try:
            results.append(build_event(event, directory, kinds, options, with_invite, progress))
        except BuildError as exc:
            fail(f"{path}: {exc} (nothing was written for this event)")
        except OSError as exc:
            fail(f"{path}: cannot write to {directory}: {exc.strerror or exc}")
    for result in results:
        click.echo(f"{result.directory}/: " + ", ".join(f.name for f in result.files))


@main.command()
@click.argument("events", nargs=-1, required=True, type=click.Path(path_type=Path))
@output_options
@click.option("--no-invite", is_flag=True, help="Do not write invite.ics.")
def build(events, output, formats, templates, reference_docx, no_invite: bool) -> None:
    """Write every document (concept note, agenda, participants, speakers, report; DOCX and PDF)
    and invite.ics for each EVENT."""
    from .documents.kinds import DOCUMENT_KINDS
    build_events(events, output, tuple(DOCUMENT_KINDS), formats, templates, reference_docx, not no_invite)


def document_command(kind: str, summary: str):
    @main.command(name=kind, help=f"Write the {summary} of EVENT (DOCX and PDF by default).")
    @click.argument("event", type=click.Path(path_type=Path))
    @output_options
    def command(event, output, formats, templates, reference_docx) -> None:
        build_events((event,), output, (kind,), formats, templates, reference_docx, with_invite=False)
    return command


for _kind, _summary in (("report", "report (summary report or note for file)"), ("agenda", "agenda"),
                        ("concept-note", "concept note"), ("participants", "list of participants"),
                        ("speakers", "speaker biographies")):
    document_command(_kind, _summary)


@main.command()
@click.argument("event", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path, file_okay=False),
              help="Output folder (default build/<event id>/).")
@click.option("--per-session", is_flag=True,
              help="Also write sessions/<session id>.ics (a session dropped from the agenda is cancelled there).")
@click.option("--per-speaker", is_flag=True, help="Also write speakers/<person id>.ics: each speaker's own sessions.")
@click.option("--eml", is_flag=True, help="Also write mail/<address>.eml: one invitation e-mail per attendee.")
@click.option("--send", is_flag=True, help="Send those e-mails through --smtp. Login and STARTTLS come only from "
              "EVENTKIT_SMTP_USER, EVENTKIT_SMTP_PASSWORD and EVENTKIT_SMTP_STARTTLS=1.")
@click.option("--smtp", metavar="HOST:PORT", help="SMTP server for --send.")
@click.option("--dry-run", is_flag=True, help="List what would be written and sent; write and send nothing.")
@click.option("--cancel", is_flag=True, help="Cancel the event: METHOD:CANCEL, same UIDs, higher SEQUENCE.")
@click.option("--publish", is_flag=True, help="A public calendar feed: METHOD:PUBLISH, without attendees.")
def invites(event: Path, output, per_session, per_speaker, eml, send, smtp, dry_run, cancel, publish) -> None:
    """Write the calendar invites of EVENT: invite.ics (the whole event) and, with the options,
    per session, per speaker and as e-mails.

    UIDs never change; SEQUENCE rises when the time, place or description changes. What was issued is
    remembered beside EVENT in <name>.invites.json: commit it with the event file."""
    from .documents.build import output_directory
    from .calendar.invites import build_invites, load_state, save_state, state_path
    from .calendar.invite_state import StateFileError
    from .calendar.mail import MailError, eml_bytes, eml_file_name, invitations, parse_server, send as send_messages
    from .output import write_all_atomically

    if send and not smtp:
        raise click.UsageError("--send needs --smtp HOST:PORT")
    if smtp and not send:
        raise click.UsageError("--smtp is only used with --send")
    if send and publish:
        raise click.UsageError("--publish calendars have no attendees to send to")
    try:
        server = parse_server(smtp) if smtp else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--smtp")
    loaded = load_or_exit(event)
    directory = output_directory(loaded, output, False)
    try:
        result = build_invites(loaded, load_state(event), per_session=per_session, per_speaker=per_speaker,
                               cancel=cancel, publish=publish)
    except StateFileError as exc:  # located in the state file itself
        print_problem(exc.problem)
        sys.exit(1)
    except BuildError as exc:
        fail(f"{event}: {exc}")
    invite = result.file("invite.ics")
    messages = invitations(loaded, invite) if eml or send else {}
    if (eml or send) and not messages:
        click.echo(f"{event}: no attendee with an e-mail address, so no messages", err=True)
    files = {directory / f.path: f.data for f in result.files}
    if eml:
        files.update({directory / "mail" / eml_file_name(address): eml_bytes(m) for address, m in messages.items()})
    if dry_run:
        for path in files:
            click.echo(f"would write {path}")
        for address, message in messages.items() if send else ():
            click.echo(f"would send to {address}: {message['Subject']}")
        return
    try:
        write_all_atomically(files)
        remembered = save_state(event, result.state)
    except OSError as exc:
        fail(f"{event}: cannot write: {exc.strerror or exc}")
    attendees = f", {len(invite.attendees)} attendees" if invite.attendees else ""
    click.echo(f"{directory / invite.path}: {invite.method}, SEQUENCE {invite.sequence}{attendees}")
    for folder in ("sessions", "speakers", "mail"):
        count = sum(1 for path in files if path.parent == directory / folder)
        if count:
            click.echo(f"{directory / folder}/: {count} file{'s' * (count != 1)}")
    if remembered:
        click.echo(f"{state_path(event)}: updated (commit it with the event file)")
    if send:
        try:
            sent = send_messages(list(messages.values()), *server)
        except MailError as exc:
            fail(str(exc))
        click.echo(f"sent {len(sent)} message{'s' * (len(sent) != 1)} through {smtp}")


def run() -> None:
    """Console-script entry point: never shows a traceback, not even for a bug (exit 3, traceback logged)."""
    try:
        main(prog_name="eventkit")
    except EventFileError as exc:
        for problem in exc.problems:
            print_problem(problem)
        sys.exit(1)
    except BuildError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except Exception as exc:  # a bug: one line here, the traceback in a log file
        from .bug_report import bug_message, write_crash_log
        click.echo(bug_message(exc, write_crash_log(exc)), err=True)
        sys.exit(3)
