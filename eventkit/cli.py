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


def load_for_build(path: Path, strict: bool = False):
    """Like load_or_exit, and also print the warnings about characters no installed font has (they would print as
    empty boxes); with ``strict`` they are errors."""
    from .event.load import check_event
    from .documents.fonts import GLYPH_MESSAGE
    result = check_event(path)
    glyphs = [p for p in result.warnings if p.message.startswith(GLYPH_MESSAGE)]
    for problem in result.errors + glyphs:
        print_problem(problem)
    if result.event is None or (strict and glyphs):
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
@click.option("--end-date", type=Date(), help="Last day of a multi-day event (each session then names its day).")
@click.option("--start", type=TimeOfDay(), help="Local start time (default 10:00).")
@click.option("--end", type=TimeOfDay(), help="Local end time (default 12:00).")
@click.option("--timezone", type=TimeZoneName(), help="IANA time zone (default: this machine's).")
@click.option("--platform", default="", help="Online platform, e.g. 'KUDO platform'.")
@click.option("-f", "--force", is_flag=True, help="Overwrite an existing file.")
@click.option("--language", default="en", show_default=True, callback=lambda ctx, param, value: language_tag(value),
              help="Language of the documents: ar, en, es, fr, ru or zh (any BCP 47 tag; others get English labels).")
def new(path: Path, title, kind, date, start, end, timezone, platform: str, force: bool, language: str,
        end_date=None) -> None:
    """Write a commented event file at PATH that passes `eventkit check` as it is.

    Missing values are asked for when standard input is a terminal; otherwise defaults are used.
    Missing parent folders are created. An existing file is kept unless --force is given."""
    from .output import write_atomically
    from .event.scaffold import local_timezone, render_scaffold
    from .event.schema import SCHEMA_FILE_NAME

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
                               timezone=timezone, platform=platform, language=language, end_date=end_date,
                               schema=f"./{SCHEMA_FILE_NAME}")
    except ValueError as exc:
        fail(str(exc), 2)
    try:
        write_atomically(path, text)
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror or exc}")
    schema_path = path.parent / SCHEMA_FILE_NAME
    try:
        if write_schema_if_changed(schema_path):
            click.echo(f"wrote {schema_path} (the JSON Schema named by the file's #:schema line, for editors)")
    except OSError as exc:
        fail(f"cannot write {schema_path}: {exc.strerror or exc}")
    click.echo(f"wrote {path}; next: eventkit check {path}")


def language_tag(value: str) -> str:
    import re
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", value or ""):
        raise click.BadParameter(f"'{value}' is not a language tag like fr or zh-Hans", param_hint="--language")
    return value


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
    command = click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
                           help="Worker processes (default: the number of cores).")(command)
    return command


def build_events(paths: tuple[Path, ...], output: Path | None, kinds: tuple[str, ...], formats: tuple[str, ...],
                 templates: Path | None, reference_docx: Path | None, with_invite: bool, strict: bool = False,
                 archival_pdf: bool = False, jobs: int | None = None, force: bool = False,
                 use_manifest: bool = True) -> None:
    """Validate every event first (nothing is written if one is invalid), then build what changed since the last
    build (see documents/manifest.py; everything without ``use_manifest``) in ``jobs`` worker processes."""
    from .documents.build import BuildOptions, EventBuildError, output_directory, plan_build, run_build
    from .documents.workers import default_jobs

    events = [load_for_build(path, strict) for path in paths]
    refuse_without_build_environment(formats, templates)
    options = BuildOptions(formats=formats, templates=templates, reference_docx=reference_docx,
                           archival_pdf=archival_pdf)
    several = len(events) > 1
    targets = [(event, output_directory(event, output, several)) for event in events]
    try:
        plans = plan_build(targets, kinds, options, with_invite, force, use_manifest)
        total = sum(plan.outstanding for plan in plans)
        for number, (path, plan) in enumerate(zip(paths, plans), 1):
            prefix = f"[{number}/{len(events)}] " if several else ""
            todo = f"{plan.outstanding} to make, {len(plan.unchanged)} unchanged" if plan.unchanged else f"{plan.outstanding} files"
            click.echo(f"{prefix}{path} -> {plan.directory}/ ({todo})", err=True)
        if sys.stderr.isatty() and total:
            with click.progressbar(length=total, label="building", file=sys.stderr, show_pos=True,
                                   item_show_func=lambda name: name and Path(name).name) as bar:
                results = run_build(plans, options, jobs or default_jobs(), lambda name: bar.update(1, name))
        else:
            results = run_build(plans, options, jobs or default_jobs(), lambda name: click.echo(f"    {name}", err=True))
    except EventBuildError as exc:
        fail(f"{paths[exc.number]}: {exc} (nothing was written for this event)")
    except BuildError as exc:
        fail(f"{exc} (nothing was written)")
    except OSError as exc:
        fail(f"cannot write: {exc.strerror or exc}: {exc.filename or ''}")
    for result in results:
        unchanged = f" ({len(result.unchanged)} unchanged)" if result.unchanged else ""
        written = ", ".join(f.name for f in result.files) or "nothing to rewrite"
        click.echo(f"{result.directory}/: {written}{unchanged}")


@main.command()
@click.argument("events", nargs=-1, required=True, type=click.Path(path_type=Path))
@output_options
@click.option("--no-invite", is_flag=True, help="Do not write invite.ics.")
@click.option("--strict", is_flag=True, help="Fail when a character of the event has no installed font.")
@click.option("--pdf-a", "archival_pdf", is_flag=True,
              help="Write archival PDF/A-3b instead of accessible PDF/UA-1 (both are tagged).")
@click.option("--force", is_flag=True,
              help="Rebuild and rewrite every file, even those the build manifest says are up to date.")
def build(events, output, formats, templates, reference_docx, force: bool, jobs: int | None, no_invite: bool,
          strict: bool, archival_pdf: bool) -> None:
    """Write every document (concept note, agenda, participants, speakers, report; DOCX and PDF)
    and invite.ics for each EVENT.

    Only what changed since the last build is rewritten (a manifest in the output folder remembers what each
    file was made from); --force rebuilds everything."""
    from .documents.kinds import DOCUMENT_KINDS
    kinds = tuple(name for name, kind in DOCUMENT_KINDS.items() if not kind.on_request)
    build_events(events, output, kinds, formats, templates, reference_docx, not no_invite, strict, archival_pdf,
                 jobs, force)


def document_command(kind: str, summary: str):
    @main.command(name=kind, help=f"Write the {summary} of EVENT (DOCX and PDF by default).")
    @click.argument("event", type=click.Path(path_type=Path))
    @output_options
    def command(event, output, formats, templates, reference_docx, jobs) -> None:
        build_events((event,), output, (kind,), formats, templates, reference_docx, with_invite=False,
                     jobs=jobs, use_manifest=False)
    return command


for _kind, _summary in (("report", "report (summary report or note for file)"), ("agenda", "agenda"),
                        ("concept-note", "concept note"), ("participants", "list of participants"),
                        ("speakers", "speaker biographies"),
                        ("sign-in", "sign-in sheet (participants by delegation, with a signature column; not part of build)")):
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
@click.option("--include-declined", is_flag=True,
              help="Also address people who declined (see `eventkit replies`); by default they are left out.")
def invites(event: Path, output, per_session, per_speaker, eml, send, smtp, dry_run, cancel, publish,
            include_declined) -> None:
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
        leave_out = {} if include_declined else declined_of(event, loaded)
        result = build_invites(loaded, load_state(event), per_session=per_session, per_speaker=per_speaker,
                               cancel=cancel, publish=publish, leave_out=leave_out)
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
    from .calendar.cancellation_mail import cancellation_messages
    from .calendar.stale_files import remove_stale, stale_files
    cancellations = cancellation_messages(loaded, result.files) if eml or send else {}
    if eml:
        files.update({directory / "mail" / eml_file_name(address): eml_bytes(m) for address, m in messages.items()})
        files.update({directory / path: eml_bytes(m) for path, m in cancellations.items()})
    folders = [name for name, used in (("sessions", per_session), ("speakers", per_speaker), ("mail", eml)) if used]
    stale = stale_files(directory, set(files), folders)
    if dry_run:
        for path in files:
            click.echo(f"would write {path}")
        for path in stale:
            click.echo(f"would remove {path} (left by an earlier run)")
        for address, message in [*messages.items(), *cancellations.items()] if send else ():
            click.echo(f"would send to {address}: {message['Subject']}")
        return
    try:
        write_all_atomically(files)
        remove_stale(stale)
        remembered = save_state(event, result.state)
    except OSError as exc:
        fail(f"{event}: cannot write: {exc.strerror or exc}")
    attendees = f", {len(invite.attendees)} attendees" if invite.attendees else ""
    click.echo(f"{directory / invite.path}: {invite.method}, SEQUENCE {invite.sequence}{attendees}")
    for folder in ("sessions", "speakers", "mail"):
        count = sum(1 for path in files if directory / folder in path.parents)
        if count:
            click.echo(f"{directory / folder}/: {count} file{'s' * (count != 1)}")
    if stale:
        click.echo(f"removed {len(stale)} file{'s' * (len(stale) != 1)} left by an earlier run: "
                   + ", ".join(str(p.relative_to(directory)) for p in stale))
    if remembered:
        click.echo(f"{state_path(event)}: updated (commit it with the event file)")
    if send:
        try:
            sent = send_messages([*messages.values(), *cancellations.values()], *server)
        except MailError as exc:
            fail(str(exc))
        click.echo(f"sent {len(sent)} message{'s' * (len(sent) != 1)} through {smtp}")


@main.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("build"), show_default=True,
              help="The output folder a build would write to.")
@click.option("--templates", type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="Your own templates folder, as given to build (its theme.css decides the fonts).")
def doctor(output: Path, templates: Path | None) -> None:
    """Check what a build needs on this machine, one line per item with the fix: Python, WeasyPrint and Pango,
    HarfBuzz's subsetter, the theme's fonts and fallback fonts per script, LibreOffice (optional), the output
    folder and the templates folder in use.

    Exits 0 when a build will work, 1 when it will not."""
    from .documents.environment import diagnose
    findings = diagnose(output, templates)
    for finding in findings:
        fix = f"  (fix: {finding.fix})" if finding.fix and finding.status != "ok" else ""
        click.echo(f"{finding.status:<8} {finding.item}: {finding.detail}{fix}")
    blocking = sum(finding.blocks_build for finding in findings)
    if blocking:
        fail(f"a build will fail here: {blocking} item{'s' * (blocking != 1)} missing (see the fix on each line)")
    click.echo("a build will work here")


def refuse_without_build_environment(formats: tuple[str, ...], templates: Path | None) -> None:
    """Stop a build that cannot work on this machine (a missing package, library or font), pointing to doctor."""
    from .documents.environment import build_blocker
    problem = build_blocker(formats, templates)
    if problem:
        fail(f"cannot build here: {problem} (run `eventkit doctor` for the fix)")

# ------------------------------------------------------------------ participants in, attendance out (#11)

def print_problems_or_exit(exc) -> None:
    """Print every located problem of a TableFileError or EventFileError and exit 1."""
    for problem in exc.problems:
        click.echo(str(problem), err=True)
    sys.exit(1)


def read_tables_or_exit(files: tuple[Path, ...], maps: tuple[str, ...]):
    from .event.tabular import TableFileError, parse_mapping, read_table
    try:
        mapping = parse_mapping(maps)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--map")
    tables, problems = [], []
    for path in files:
        try:
            tables.append(read_table(path, mapping))
        except TableFileError as exc:
            problems += exc.problems
    if problems:
        print_problems_or_exit(TableFileError(problems))
    return tables


@main.command(name="import")
@click.argument("event", type=click.Path(path_type=Path))
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--map", "maps", multiple=True, metavar='"HEADER=FIELD"',
              help="Read the column HEADER as FIELD (first_name, last_name, name, email, honorific, title, "
                   "organisation, country, delegation, or ignore). Repeatable.")
@click.option("--delegation-from", "group_by", type=click.Choice(["delegation", "organisation", "country", "none"]),
              default="delegation", show_default=True,
              help="Column that names each person's delegation (delegation: the Delegation column, else the "
                   "organisation, else the country); none leaves delegations alone.")
@click.option("--keep-existing", is_flag=True,
              help="Leave people already in the event file as they are (values edited by hand stay); only add new ones.")
@click.option("--dry-run", is_flag=True, help="Print what would change; write nothing.")
def import_command(event: Path, files: tuple[Path, ...], maps, group_by: str, keep_existing: bool,
                   dry_run: bool) -> None:
    """Add or update the people and delegations of EVENT from registration exports (CSV or XLSX).

    People are matched by e-mail, then by name: importing the same export again changes nothing. The event
    file keeps its comments, order and formatting. Nothing is written unless every row is valid and the
    edited file passes `eventkit check`."""
    from .event.imports import import_registrations
    from .event.tabular import TableFileError
    tables = read_tables_or_exit(files, maps)
    for table in tables:
        found = ", ".join(f"{header} -> {name}" for name, header in table.columns.items())
        click.echo(f"{table.file}: {len(table.rows)} rows; columns: {found}", err=True)
        if table.ignored:
            click.echo(f"{table.file}: columns not used: {', '.join(table.ignored)}", err=True)
    try:
        result = import_registrations(event, tables, group_by, dry_run, keep_existing)
    except (TableFileError, EventFileError) as exc:
        print_problems_or_exit(exc)
    except OSError as exc:
        fail(f"cannot write {event}: {exc.strerror or exc}")
    for warning in result.warnings:
        click.echo(str(warning), err=True)
    prefix = "would " if dry_run else ""
    for change in result.changes:
        click.echo(f"{prefix}{change}")
    unchanged = result.rows - result.added - result.updated - len(result.warnings)
    summary = (f"{result.added} added, {result.updated} updated, {unchanged} unchanged"
               + (f", {len(result.new_delegations)} new delegations" if result.new_delegations else ""))
    if not result.changes:
        click.echo(f"{event}: no changes ({summary})")
    else:
        click.echo(f"{event}: {'nothing written (dry run): ' if dry_run else ''}{summary}")


def declined_of(event_file: Path, event) -> dict:
    """UID → e-mails of the people who declined that invitation (printed, so nobody is left out silently)."""
    from .calendar.invites import event_uid
    from .calendar.replies import declined, load_replies
    leave_out = declined(event, load_replies(event_file))
    whole = sorted(leave_out.get(event_uid(event), ()))
    if whole:
        click.echo(f"{event_file}: left out, declined: {', '.join(whole)} (--include-declined keeps them)", err=True)
    return leave_out


@main.command()
@click.argument("event", type=click.Path(path_type=Path))
@click.argument("messages", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Print the answers found; record nothing.")
def replies(event: Path, messages: tuple[Path, ...], dry_run: bool) -> None:
    """Record the answers to EVENT's invitations from iMIP REPLY e-mails: MESSAGES are .eml files, mbox files,
    Maildirs or folders of .eml files. Answers (accepted, declined, tentative, with their date) are kept in
    <name>.replies.json beside EVENT: commit it with the event file. `eventkit invites` then leaves out who
    declined; `eventkit status` shows them all."""
    from .calendar.replies import load_replies, read_messages, record_replies, replies_in, replies_path, save_replies
    loaded = load_or_exit(event)
    found, skipped = read_messages(list(messages))
    answers, bad = replies_in(found)
    try:
        table, recorded, unmatched = record_replies(loaded, load_replies(event), answers)
    except BuildError as exc:
        fail(str(exc))
    for item in skipped + bad + unmatched:
        click.echo(f"{item}", err=True)
    for item in recorded:
        reply = item.reply
        who = f"people.{item.person}" if item.person else "not in the event file"
        what = f"session '{item.session}'" if item.session else "the event"
        note = "" if item.changed else " (already recorded)"
        email = loaded.people[item.person].email if item.person else reply.email
        click.echo(f"{reply.source}: {email} ({who}) {reply.partstat} {what} on {reply.date:%Y-%m-%d}{note}")
    if dry_run:
        return
    try:
        written = save_replies(event, table)
    except OSError as exc:
        fail(f"cannot write {replies_path(event)}: {exc.strerror or exc}")
    new = sum(1 for item in recorded if item.changed)
    click.echo(f"{replies_path(event)}: {new} new answer{'s' * (new != 1)}" + ("" if written else ", unchanged"))
    if not recorded and (skipped or bad or unmatched):
        sys.exit(1)


@main.command()
@click.argument("event", type=click.Path(path_type=Path))
def status(event: Path) -> None:
    """Print who is invited to EVENT, who answered what (and when), who has no e-mail, and who attended."""
    from .calendar.replies import load_replies
    from .calendar.status import status_rows, status_summary
    loaded = load_or_exit(event)
    try:
        answers = load_replies(event)
    except BuildError as exc:
        fail(str(exc))
    rows = status_rows(loaded, answers)
    headers = ("id", "name", "e-mail", "invited", "reply", "date", "attended")
    if not any(row[-1] for row in rows):  # no attendance recorded yet
        headers, rows = headers[:-1], [row[:-1] for row in rows]
    table = [headers, *rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(headers))]
    for row in table:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    click.echo(status_summary(loaded, rows))


@main.command()
@click.argument("event", type=click.Path(path_type=Path))
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--add", is_flag=True, help="Add the rows that match nobody as new people (present too).")
@click.option("--map", "maps", multiple=True, metavar='"HEADER=FIELD"',
              help="Read the column HEADER as FIELD (name, email, join, leave, minutes, attended, ...). Repeatable.")
@click.option("--dry-run", is_flag=True, help="Print who would be recorded as present; write nothing.")
def attendance(event: Path, files: tuple[Path, ...], add: bool, maps, dry_run: bool) -> None:
    """Record who attended EVENT from the platform's attendance report(s) (CSV or XLSX: name, e-mail, join and
    leave times; Zoom's headers are known). People are matched by e-mail, then by name; rows that match nobody
    are listed (and added as people with --add). The result is EVENT's [attendance] table; set
    `attendees_only = true` there to list only the people present in the participant list."""
    from .event.attendance import record_attendance
    from .event.tabular import TableFileError
    tables = read_tables_or_exit(files, maps)
    try:
        result = record_attendance(event, tables, add, dry_run)
    except (TableFileError, EventFileError) as exc:
        print_problems_or_exit(exc)
    except OSError as exc:
        fail(f"cannot write {event}: {exc.strerror or exc}")
    for problem in result.problems:
        click.echo(str(problem), err=True)
    for row in result.unmatched:
        who = " ".join(filter(None, (row.get("name") or " ".join(filter(None, (row.get("first_name"), row.get("last_name")))),
                                     f"<{row.get('email')}>" if row.get("email") else "")))
        click.echo(f"{row.file}:{row.line}: not in the event file: {who or '(no name or e-mail)'}"
                   + ("" if add else " (--add adds them as people)"), err=True)
    prefix = "would record" if dry_run else "recorded"
    for pid in result.added:
        click.echo(f"{'would add' if dry_run else 'added'} people.{pid}")
    minutes = sum(p.minutes for p in result.present.values())
    rows = result.absent_rows
    absent = f", {rows} row{'s' * (rows != 1)} marked as not attended" if rows else ""
    click.echo(f"{event}: {prefix} {len(result.present)} present, {len(result.unmatched)} unmatched{absent}"
               + (f" ({minutes:.0f} minutes in all)" if minutes else "")
               + ("" if result.changed else "; no changes"))


def write_schema_if_changed(path: Path) -> bool:
    """Write the event file's JSON Schema to ``path`` unless it already holds exactly that; True if written."""
    from .event.schema import schema_text
    from .output import write_atomically
    text = schema_text()
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    write_atomically(path, text)
    return True


@main.command()
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the schema to this file (e.g. eventkit.schema.json) instead of printing it.")
def schema(output: Path | None) -> None:
    """Print the JSON Schema (draft 2020-12) of the event file, generated from eventkit's model.

    Editors use it to complete and check fields as you type: Taplo and VS Code's "Even Better TOML" read a first
    line `#:schema ./eventkit.schema.json` (which `eventkit new` writes), or check from the command line with
    `taplo check --schema file:///abs/path/eventkit.schema.json EVENT`."""
    from .event.schema import schema_text
    if output is None:
        click.echo(schema_text(), nl=False)
        return
    if output.is_dir():
        fail(f"{output} is a directory; give the path of the .json file", 2)
    try:
        changed = write_schema_if_changed(output)
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")
    click.echo(f"{'wrote' if changed else 'unchanged:'} {output}")


@main.command()
@click.argument("event", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in the web browser.")
@click.option("--templates", type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="Your own templates folder (as for build).")
def preview(event: Path, port: int, open_browser: bool, templates: Path | None) -> None:
    """Serve EVENT's documents as HTML on http://127.0.0.1:PORT/ and reload the open page whenever the event
    file, a Markdown file beside it or a template is saved.

    The pages are the HTML the PDFs are made from, with the print theme, shown as A4 sheets. While the file has
    errors, the page shows them (the lines `eventkit check` prints) above the last good version. Ctrl-C stops."""
    from .preview.server import open_preview

    if not event.is_file():
        fail(f"{event}: no such file")
    try:
        server = open_preview(event, port, templates)
    except OSError as exc:
        fail(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc} (try --port 0)")
    def report() -> None:
        snapshot = server.state.snapshot
        for line in snapshot.problems if snapshot.failed else ():
            click.echo(line, err=True)
        if not snapshot.failed and snapshot.version > 1:
            click.echo(f"{event}: reloaded", err=True)

    report()
    server.start_watching(report)
    click.echo(f"preview of {event} on {server.url} (Ctrl-C stops)", err=True)
    if open_browser:
        import webbrowser
        webbrowser.open(server.url)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        click.echo("preview stopped", err=True)
    finally:
        server.close()


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
