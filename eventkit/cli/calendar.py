"""Calendar invites and their answers: `eventkit invites`, `replies` and `status`."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import BuildError
from .common import InputPath, OutputPath, fail, load_or_exit, main, print_problem, say


@main.command()
@click.argument("event", type=InputPath())
@click.option("-o", "--output", type=OutputPath(path_type=Path, file_okay=False),
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
    from ..build.builder import output_directory
    from ..calendar.invites import build_invites, load_state, save_state, state_path
    from ..calendar.invite_state import StateFileError
    from ..calendar.mail import MailError, eml_bytes, eml_file_name, invitations, parse_server, send as send_messages
    from ..output import write_all_atomically

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
        say(f"{event}: no attendee with an e-mail address, so no messages", err=True)
    files = {directory / f.path: f.data for f in result.files}
    from ..calendar.cancellation_mail import cancellation_messages
    from ..calendar.stale_files import remove_stale, stale_files
    cancellations = cancellation_messages(loaded, result.files) if eml or send else {}
    if eml:
        files.update({directory / "mail" / eml_file_name(address): eml_bytes(m) for address, m in messages.items()})
        files.update({directory / path: eml_bytes(m) for path, m in cancellations.items()})
    folders = [name for name, used in (("sessions", per_session), ("speakers", per_speaker), ("mail", eml)) if used]
    stale = stale_files(directory, set(files), folders)
    if dry_run:
        for path in files:
            say(f"would write {path}")
        for path in stale:
            say(f"would remove {path} (left by an earlier run)")
        for address, message in [*messages.items(), *cancellations.items()] if send else ():
            say(f"would send to {address}: {message['Subject']}")
        return
    try:
        write_all_atomically(files)
        remove_stale(stale)
        remembered = save_state(event, result.state)
    except OSError as exc:
        fail(f"{event}: cannot write: {exc.strerror or exc}")
    attendees = f", {len(invite.attendees)} attendees" if invite.attendees else ""
    say(f"{directory / invite.path}: {invite.method}, SEQUENCE {invite.sequence}{attendees}")
    for folder in ("sessions", "speakers", "mail"):
        count = sum(1 for path in files if directory / folder in path.parents)
        if count:
            say(f"{directory / folder}/: {count} file{'s' * (count != 1)}")
    if result.untimed:
        count = len(result.untimed)
        say(f"{count} session{'s' * (count != 1)} without times got no invite of {'their' if count != 1 else 'its'} "
                   f"own (they are in invite.ics): {', '.join(result.untimed)}")
    if stale:
        say(f"removed {len(stale)} file{'s' * (len(stale) != 1)} left by an earlier run: "
                   + ", ".join(str(p.relative_to(directory)) for p in stale))
    if remembered:
        say(f"{state_path(event)}: updated (commit it with the event file)")
    if send:
        try:
            sent = send_messages([*messages.values(), *cancellations.values()], *server)
        except MailError as exc:
            fail(str(exc))
        say(f"sent {len(sent)} message{'s' * (len(sent) != 1)} through {smtp}")


def declined_of(event_file: Path, event) -> dict:
    """UID → e-mails of the people who declined that invitation (printed, so nobody is left out silently)."""
    from ..event.uids import event_uid
    from ..participants.replies import declined, load_replies
    leave_out = declined(event, load_replies(event_file))
    whole = sorted(leave_out.get(event_uid(event), ()))
    if whole:
        say(f"{event_file}: left out, declined: {', '.join(whole)} (--include-declined keeps them)", err=True)
    return leave_out


@main.command()
@click.argument("event", type=InputPath())
@click.argument("messages", nargs=-1, required=True, type=InputPath())
@click.option("--dry-run", is_flag=True, help="Print the answers found; record nothing.")
def replies(event: Path, messages: tuple[Path, ...], dry_run: bool) -> None:
    """Record the answers to EVENT's invitations from iMIP REPLY e-mails: MESSAGES are .eml files, mbox files,
    Maildirs or folders of .eml files. Answers (accepted, declined, tentative, with their date) are kept in
    <name>.replies.json beside EVENT: commit it with the event file. `eventkit invites` then leaves out who
    declined; `eventkit status` shows them all."""
    from ..participants.replies import load_replies, read_messages, record_replies, replies_in, replies_path, save_replies
    loaded = load_or_exit(event)
    found, skipped = read_messages(list(messages))
    answers, bad = replies_in(found)
    try:
        table, recorded, unmatched = record_replies(loaded, load_replies(event), answers)
    except BuildError as exc:
        fail(str(exc))
    for item in skipped + bad + unmatched:
        say(f"{item}", err=True)
    for item in recorded:
        reply = item.reply
        who = f"people.{item.person}" if item.person else "not in the event file"
        what = f"session '{item.session}'" if item.session else "the event"
        note = "" if item.changed else " (already recorded)"
        email = loaded.people[item.person].email if item.person else reply.email
        say(f"{reply.source}: {email} ({who}) {reply.partstat} {what} on {reply.date:%Y-%m-%d}{note}")
    if dry_run:
        return
    try:
        written = save_replies(event, table)
    except OSError as exc:
        fail(f"cannot write {replies_path(event)}: {exc.strerror or exc}")
    new = sum(1 for item in recorded if item.changed)
    say(f"{replies_path(event)}: {new} new answer{'s' * (new != 1)}" + ("" if written else ", unchanged"))
    if not recorded and (skipped or bad or unmatched):
        sys.exit(1)


@main.command()
@click.argument("event", type=InputPath())
@click.option("--csv", "csv_file", type=OutputPath(path_type=Path, dir_okay=False), default=None, metavar="FILE",
              help="Also write the table as CSV for a spreadsheet (UTF-8, which Excel opens); '-' prints it instead "
                   "of the aligned table.")
def status(event: Path, csv_file: Path | None) -> None:
    """Print who is invited to EVENT, who answered what (and when), who has no e-mail, and who attended (each day,
    for an event of several days)."""
    from ..participants.replies import load_replies
    from ..participants.status import status_headers, status_rows, status_summary
    from .terminal_table import aligned_lines, csv_text
    loaded = load_or_exit(event)
    try:
        answers = load_replies(event)
    except BuildError as exc:
        fail(str(exc))
    rows = status_rows(loaded, answers)
    headers = status_headers(loaded)
    if not loaded.attendance_known:  # no attendance recorded yet
        headers, rows = headers[:6], [row[:6] for row in rows]
    if csv_file is not None:
        text = csv_text([headers, *rows])
        if str(csv_file) == "-":
            say(text, nl=False)
            return
        from ..output import write_atomically
        try:
            write_atomically(csv_file, "\ufeff" + text)
        except OSError as exc:
            fail(f"cannot write {csv_file}: {exc.strerror or exc}")
        say(f"{csv_file}: {len(rows)} rows", err=True)
    for line in aligned_lines([headers, *rows]):
        say(line)
    say(status_summary(loaded, rows))
