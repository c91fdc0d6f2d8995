"""Participants in, attendance out: `eventkit import` (registration exports) and `attendance` (platform reports)."""
from __future__ import annotations

from pathlib import Path

import click

from ..errors import EventFileError
from .common import InputPath, fail, main, print_problems_or_exit, say


def read_tables_or_exit(files: tuple[Path, ...], maps: tuple[str, ...]):
    from ..participants.tabular import TableFileError, parse_mapping, read_table
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


def edit_or_exit(event: Path, edit, *args):
    """``edit(event, *args)``: an edit of the event file from tables (import, attendance). Its located problems
    (rows, or the edited file failing `eventkit check`) are printed with exit 1, as is a file it cannot write."""
    from ..participants.tabular import TableFileError
    try:
        return edit(event, *args)
    except (TableFileError, EventFileError) as exc:
        print_problems_or_exit(exc)
    except OSError as exc:
        fail(f"cannot write {event}: {exc.strerror or exc}")


@main.command(name="import")
@click.argument("event", type=InputPath())
@click.argument("files", nargs=-1, required=True, type=InputPath())
@click.option("--map", "maps", multiple=True, metavar='"HEADER=FIELD"',
              help="Read the column HEADER as FIELD (first_name, last_name, name, email, honorific, title, "
                   "organisation, country, delegation, category, or ignore). Repeatable.")
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
    from ..participants.imports import import_registrations
    tables = read_tables_or_exit(files, maps)
    for table in tables:
        found = ", ".join(f"{header} -> {name}" for name, header in table.columns.items())
        say(f"{table.file}: {len(table.rows)} rows; columns: {found}", err=True)
        if table.ignored:
            say(f"{table.file}: columns not used: {', '.join(table.ignored)}", err=True)
    result = edit_or_exit(event, import_registrations, tables, group_by, dry_run, keep_existing)
    for warning in result.warnings:
        say(str(warning), err=True)
    prefix = "would " if dry_run else ""
    for change in result.changes:
        say(f"{prefix}{change}")
    unchanged = result.rows - result.added - result.updated - len(result.warnings)
    summary = (f"{result.added} added, {result.updated} updated, {unchanged} unchanged"
               + (f", {len(result.new_delegations)} new delegations" if result.new_delegations else ""))
    if not result.changes:
        say(f"{event}: no changes ({summary})")
    else:
        say(f"{event}: {'nothing written (dry run): ' if dry_run else ''}{summary}")


@main.command()
@click.argument("event", type=InputPath())
@click.argument("files", nargs=-1, required=True, type=InputPath())
@click.option("--add", is_flag=True, help="Add the rows that match nobody as new people (present too).")
@click.option("--map", "maps", multiple=True, metavar='"HEADER=FIELD"',
              help="Read the column HEADER as FIELD (name, email, join, leave, minutes, attended, ...). Repeatable.")
@click.option("--dry-run", is_flag=True, help="Print who would be recorded as present; write nothing.")
def attendance(event: Path, files: tuple[Path, ...], add: bool, maps, dry_run: bool) -> None:
    """Record who attended EVENT from the platform's attendance report(s) (CSV or XLSX: name, e-mail, join and
    leave times; Zoom's headers are known). People are matched by e-mail, then by name; rows that match nobody
    are listed (and added as people with --add). The result is EVENT's [attendance] table; set
    `attendees_only = true` there to list only the people present in the participant list."""
    from ..participants.attendance import record_attendance
    tables = read_tables_or_exit(files, maps)
    result = edit_or_exit(event, record_attendance, tables, add, dry_run)
    for problem in result.problems:
        say(str(problem), err=True)
    for row in result.unmatched:
        who = " ".join(filter(None, (row.get("name") or " ".join(filter(None, (row.get("first_name"), row.get("last_name")))),
                                     f"<{row.get('email')}>" if row.get("email") else "")))
        say(f"{row.file}:{row.line}: not in the event file: {who or '(no name or e-mail)'}"
                   + ("" if add else " (--add adds them as people)"), err=True)
    prefix = "would record" if dry_run else "recorded"
    for pid in result.added:
        say(f"{'would add' if dry_run else 'added'} people.{pid}")
    minutes = sum(p.minutes for p in result.present.values())
    rows = result.absent_rows
    absent = f", {rows} row{'s' * (rows != 1)} marked as not attended" if rows else ""
    say(f"{event}: {prefix} {len(result.present)} present, {len(result.unmatched)} unmatched{absent}"
               + (f" ({minutes:.0f} minutes in all)" if minutes else "")
               + ("" if result.changed else "; no changes"))
