"""Participants in, attendance out: `eventkit import` (registration exports) and `attendance` (platform reports)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

import click

from ..errors import EventFileError, Problem, one_line
from .common import InputPath, fail, load_or_exit, main, print_problems_or_exit, say

if TYPE_CHECKING:
    from ..participants.attendance import SourceResult
    from ..participants.attendance_times import ZoneChoice
    from ..participants.identity import Choice
    from ..participants.tabular import Row, Table

EditOptions = ParamSpec("EditOptions")
Edited = TypeVar("Edited")


def read_tables_or_exit(files: tuple[Path, ...], maps: tuple[str, ...]) -> list[Table]:
    from ..participants.tabular import TableFileError, parse_mapping, read_table

    try:
        mapping = parse_mapping(maps)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--map") from exc
    tables: list[Table] = []
    problems: list[Problem] = []
    for path in files:
        try:
            tables.append(read_table(path, mapping))
        except TableFileError as exc:
            problems += exc.problems
    if problems:
        print_problems_or_exit(TableFileError(problems))
    return tables


def edit_or_exit(
    event: Path,
    edit: Callable[Concatenate[Path, EditOptions], Edited],
    *args: EditOptions.args,
    **kwargs: EditOptions.kwargs,
) -> Edited:
    """``edit(event, *args, **kwargs)``: an edit of the event file from tables (import, attendance). Its located
    problems (rows, or the edited file failing `eventkit check`) are printed with exit 1, as is a file it cannot
    write."""
    from ..participants.tabular import TableFileError

    try:
        return edit(event, *args, **kwargs)
    except (TableFileError, EventFileError) as exc:
        print_problems_or_exit(exc)
    except OSError as exc:
        fail(f"cannot write {event}: {exc.strerror or exc}")


def parse_choices_or_exit(items: tuple[str, ...]) -> list[Choice]:
    from ..participants.identity import parse_choices

    try:
        return parse_choices(items)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--match") from exc


def echo_columns(tables: list[Table]) -> None:
    for table in tables:
        found = ", ".join(f"{header} -> {name}" for name, header in table.columns.items())
        say(one_line(f"{table.file}: {len(table.rows)} rows; columns: {found}"), err=True)
        if table.ignored:
            say(one_line(f"{table.file}: columns not used: {', '.join(table.ignored)}"), err=True)


MATCH_HELP = (
    "The row at LINE of FILE (as the messages locate it) is person ID, or a new person: "
    "--match regs.csv:17=held, --match regs.csv:18=new. Repeatable."
)


@main.command(name="import")
@click.argument("event", type=InputPath())
@click.argument("files", nargs=-1, required=True, type=InputPath())
@click.option(
    "--map",
    "maps",
    multiple=True,
    metavar='"HEADER=FIELD"',
    help="Read the column HEADER as FIELD (first_name, last_name, name, email, honorific, title, "
    "organisation, country, delegation, category, registration, role, or ignore). Repeatable.",
)
@click.option("--match", "matches", multiple=True, metavar="FILE:LINE=ID", help=MATCH_HELP)
@click.option(
    "--delegation-from",
    "group_by",
    type=click.Choice(["delegation", "organisation", "country", "none"]),
    default="delegation",
    show_default=True,
    help="Column that names each person's delegation (delegation: the Delegation column, else the "
    "organisation); none leaves delegations alone.",
)
@click.option(
    "--keep-existing", is_flag=True, help="Leave people already in the event file as they are; only add new ones."
)
@click.option(
    "--overwrite",
    is_flag=True,
    help="The export's values replace values changed by hand in the event file (which are otherwise kept).",
)
@click.option("--dry-run", is_flag=True, help="Print what would change; write nothing.")
def import_command(
    event: Path,
    files: tuple[Path, ...],
    maps: tuple[str, ...],
    matches: tuple[str, ...],
    group_by: str,
    keep_existing: bool,
    overwrite: bool,
    dry_run: bool,
) -> None:
    """Add or update the people and delegations of EVENT from registration exports (CSV or XLSX).

    People are matched by e-mail, then by name; a row that could mean two people, or a person with another
    e-mail, is listed and left for --match. Importing the same export again changes nothing. Values changed by
    hand in the event file are kept (and listed) unless --overwrite. Registrants denied or cancelled on the
    platform are not imported; pending and waitlisted ones are, with that status, and are not invited until
    approved. The event file keeps its comments, order and formatting; nothing is written unless every row is
    valid and the edited file passes `eventkit check`. What the import wrote is kept in <event>.imported.json."""
    from ..participants.imports import import_registrations

    choices = parse_choices_or_exit(matches)
    tables = read_tables_or_exit(files, maps)
    echo_columns(tables)
    result = edit_or_exit(event, import_registrations, tables, group_by, dry_run, keep_existing, overwrite, choices)
    for warning in result.warnings:
        say(str(warning), err=True)
    for skipped in result.skipped:
        say(one_line(str(skipped)), err=True)
    prefix = "would " if dry_run else ""
    for change in result.changes:
        say(one_line(f"{prefix}{change}"))
    for kept in result.kept:
        say(one_line(f"{prefix}{kept}"))
    choose = sum(1 for s in result.skipped if s.needs_choice)
    summary = (
        f"{result.added} added, {result.updated} updated, {result.unchanged} unchanged"
        + (f", {len(result.kept)} value{'s' * (len(result.kept) != 1)} kept as written by hand" if result.kept else "")
        + (f", {len(result.skipped) - choose} not imported" if len(result.skipped) > choose else "")
        + (f", {choose} need a choice (--match)" if choose else "")
        + (f", {len(result.new_delegations)} new delegations" if result.new_delegations else "")
    )
    if not result.changes:
        say(f"{event}: no changes ({summary})")
    else:
        say(f"{event}: {'nothing written (dry run): ' if dry_run else ''}{summary}")


def _timezone_or_exit(name: str | None) -> ZoneChoice | None:
    if not name:
        return None
    from zoneinfo import ZoneInfo

    from ..event.load import zone_problem
    from ..participants.attendance_times import ZoneChoice

    problem = zone_problem(name)
    if problem:
        raise click.BadParameter(f"{problem[0]} ({problem[1]})", param_hint="--timezone")
    return ZoneChoice(ZoneInfo(name), name, "--timezone")


def _row_shown(row: Row) -> str:
    name = row.get("name") or " ".join(filter(None, (row.get("first_name"), row.get("last_name"))))
    return " ".join(filter(None, (name, f"<{row.get('email')}>" if row.get("email") else ""))) or "(no name or e-mail)"


def _print_sources(event: Path, sources: list[SourceResult], prefix: str) -> None:
    for item in sources:
        s = item.source
        minutes = sum(a.total_minutes for a in s.people.values())
        if item.already:
            say(
                one_line(
                    f"{item.table.file}: already recorded ({s.day.isoformat()}, {len(s.people)} present); "
                    f"no change (to record it again: --undo {s.file} first)"
                )
            )
            continue
        say(
            one_line(
                f"{prefix} {item.table.file} for {s.day.isoformat()}: {len(s.people)} present"
                + (f" ({minutes:,.0f} minutes in all)" if minutes else "")
            )
        )


@main.command()
@click.argument("event", type=InputPath())
@click.argument("files", nargs=-1, type=InputPath())
@click.option(
    "--day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    metavar="YYYY-MM-DD",
    help="The day of the event the reports are of (needed for a several-day event when a report has no "
    "join times; a report with rows of another day is refused).",
)
@click.option(
    "--timezone",
    "zone",
    default=None,
    metavar="ZONE",
    help="The IANA zone the reports' times are written in, when they do not say it (default: the event's).",
)
@click.option("--add", is_flag=True, help="Add the rows that match nobody as new people (present too).")
@click.option(
    "--map",
    "maps",
    multiple=True,
    metavar='"HEADER=FIELD"',
    help="Read the column HEADER as FIELD (name, email, join, leave, minutes, attended, role, ...). Repeatable.",
)
@click.option("--match", "matches", multiple=True, metavar="FILE:LINE=ID", help=MATCH_HELP)
@click.option(
    "--undo",
    "undo",
    default=None,
    metavar="FILE",
    help="Remove a recorded report (its file name, or the start of its SHA-256) from the record.",
)
@click.option("--list", "list_sources", is_flag=True, help="List the recorded reports.")
@click.option("--dry-run", is_flag=True, help="Print what would be recorded; write nothing.")
def attendance(
    event: Path,
    files: tuple[Path, ...],
    day: dt.datetime | None,
    zone: str | None,
    add: bool,
    maps: tuple[str, ...],
    matches: tuple[str, ...],
    undo: str | None,
    list_sources: bool,
    dry_run: bool,
) -> None:
    """Record who attended EVENT from the platforms' attendance reports (CSV or XLSX: name, e-mail, join and leave
    times; Zoom's, Teams' and Webex's headers are known).

    Reports accumulate in <event>.attendance.json beside EVENT: several files, several runs, one record per day
    (a report's day is read from its join times, or given with --day; a report of a day the event does not have
    is refused). People are matched by e-mail, then by name; rows that match nobody are listed (and added as
    people with --add); an ambiguous row waits for --match. Host and panelist rows are recognised. The minutes'
    "Present:" line, the participant list (with [attendance] attendees_only = true) and `status` read this record.
    --undo FILE removes one report again; --list shows them."""
    from ..event.attendance_record import attendance_path, read_recorded
    from ..participants.attendance import record_attendance, undo_source

    if list_sources or undo:
        if files:
            raise click.UsageError("give either report files, or --undo / --list")
        load_or_exit(event)
        if undo:
            removed, kept = edit_or_exit(event, undo_source, undo, dry_run)
            for source in removed:
                say(
                    one_line(f"{'would remove' if dry_run else 'removed'} {source.label}: {len(source.people)} present")
                )
            say(f"{attendance_path(event)}: {len(kept.sources)} report{'s' * (len(kept.sources) != 1)} recorded")
            return
        try:
            record = read_recorded(event)
        except EventFileError as exc:
            print_problems_or_exit(exc)
        for source in record.sources:
            zone_note = f", times in {source.zone} ({source.zone_from})" if source.zone else ""
            say(one_line(f"{source.label}: {len(source.people)} present, recorded {source.recorded}{zone_note}"))
        if not record.sources:
            say(f"{event}: no attendance report recorded")
        return
    if not files:
        raise click.UsageError("give the attendance report files (or --undo FILE, or --list)")
    choices = parse_choices_or_exit(matches)
    zone_choice = _timezone_or_exit(zone)
    tables = read_tables_or_exit(files, maps)
    result = edit_or_exit(
        event, record_attendance, tables, add, dry_run, day.date() if day else None, zone_choice, choices
    )
    for file, chosen_zone in result.zones:
        where = f"{chosen_zone.name}, from {chosen_zone.source}"
        note = "" if chosen_zone.source != "the event" else " (the report gives none; --timezone to change)"
        say(one_line(f"{file}: join and leave times read in {where}{note}"), err=True)
    for problem in result.problems:
        say(str(problem), err=True)
    for row, role in result.hosts:
        say(one_line(f"{row.file}:{row.line}: {_row_shown(row)}: a {role}, not a participant (not counted)"), err=True)
    for item in result.unmatched:
        if item.needs_choice:
            say(
                one_line(f"{item.row.file}:{item.row.line}: {_row_shown(item.row)}: not recorded: {item.reason}"),
                err=True,
            )
        else:
            say(
                one_line(
                    f"{item.row.file}:{item.row.line}: not in the event file: {_row_shown(item.row)}"
                    + ("" if add else " (--add adds them as people)")
                ),
                err=True,
            )
    for pid in result.added:
        say(f"{'would add' if dry_run else 'added'} people.{pid}")
    _print_sources(event, result.sources, "would record" if dry_run else "recorded")
    rows = result.absent_rows
    absent = f", {rows} row{'s' * (rows != 1)} marked as not attended" if rows else ""
    days = result.record.days
    summary = ", ".join(f"{d.isoformat()}: {len(ids)}" for d, ids in days.items()) or "nobody"
    say(
        f"{attendance_path(event)}: present {summary}; {len(result.unmatched)} unmatched{absent}"
        + ("" if result.changed else "; no changes")
        + (" (dry run: nothing written)" if dry_run else "")
    )
