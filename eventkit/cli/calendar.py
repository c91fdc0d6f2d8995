"""Calendar invites and their answers: `eventkit invites`, `replies` and `status`."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import BuildError, one_line
from .common import InputPath, OutputPath, fail, load_or_exit, main, print_problem, say

if TYPE_CHECKING:
    from ..calendar.invites import Invites
    from ..event.model import Event


@main.command()
@click.argument("event", type=InputPath())
@click.option(
    "-o",
    "--output",
    type=OutputPath(path_type=Path, file_okay=False),
    help="Output folder (default build/<event id>/).",
)
@click.option(
    "--per-session",
    is_flag=True,
    help="Also write sessions/<session id>.ics (a session dropped from the agenda is cancelled there); with "
    "--eml/--send, each session's people also get its invitation by e-mail.",
)
@click.option("--per-speaker", is_flag=True, help="Also write speakers/<person id>.ics: each speaker's own sessions.")
@click.option(
    "--eml",
    is_flag=True,
    help="Also write the e-mails: mail/<address>.eml (the whole event) and mail/sessions/<session id>/<address>.eml.",
)
@click.option(
    "--send",
    is_flag=True,
    help="Send each person what is new or changed for them since the last send "
    "(the ledger <name>.sent.json): new invitations, updates, cancellations. Login and STARTTLS come only "
    "from EVENTKIT_SMTP_USER, EVENTKIT_SMTP_PASSWORD and EVENTKIT_SMTP_STARTTLS=1.",
)
@click.option("--smtp", metavar="HOST:PORT", help="SMTP server for --send.")
@click.option(
    "--to", "to", multiple=True, metavar="ADDRESS", help="With --send: only to this address (repeat for more)."
)
@click.option(
    "--resend",
    is_flag=True,
    help="With --send: send the current invitation again even to those who are "
    "up to date (everyone, or the --to addresses).",
)
@click.option(
    "--to-unanswered",
    is_flag=True,
    help="With --send: a reminder, the invitation again, to everyone "
    "invited who has not answered (see `eventkit status`).",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Print what would be written and, per recipient, sent and why; write "
    "and send nothing (no connection is made).",
)
@click.option("--cancel", is_flag=True, help="Cancel the event: METHOD:CANCEL, same UIDs, higher SEQUENCE.")
@click.option("--publish", is_flag=True, help="A public calendar feed: METHOD:PUBLISH, without attendees.")
@click.option(
    "--include-declined",
    is_flag=True,
    help="Also address people who declined (see `eventkit replies`); by default they are left out.",
)
def invites(
    event: Path,
    output: Path | None,
    per_session: bool,
    per_speaker: bool,
    eml: bool,
    send: bool,
    smtp: str | None,
    to: tuple[str, ...],
    resend: bool,
    to_unanswered: bool,
    dry_run: bool,
    cancel: bool,
    publish: bool,
    include_declined: bool,
) -> None:
    """Write the calendar invites of EVENT: invite.ics (the whole event) and, with the options,
    per session, per speaker and as e-mails, and send them.

    UIDs never change; SEQUENCE rises when the time, place or description changes. What was issued is
    remembered beside EVENT in <name>.invites.json, what was sent to whom in <name>.sent.json: commit both with
    the event file."""
    from ..build.builder import output_directory
    from ..calendar.invites import load_state
    from ..calendar.ledger import Ledger
    from ..calendar.mail import parse_server
    from ..calendar.translated_invites import Versions, invites_in_languages
    from ..event.state_files import StateFileError

    if send and not smtp and not dry_run:
        raise click.UsageError("--send needs --smtp HOST:PORT")
    if smtp and not send:
        raise click.UsageError("--smtp is only used with --send")
    if (to or resend or to_unanswered) and not send:
        raise click.UsageError("--to, --resend and --to-unanswered are used with --send")
    if send and publish:
        raise click.UsageError("--publish calendars have no attendees to send to")
    try:
        server = parse_server(smtp) if smtp else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--smtp") from exc
    loaded = load_or_exit(event)
    directory = output_directory(loaded, output, False)
    mailing = eml or send
    try:
        ledger = Ledger.load(event)
        leave_out = {} if include_declined else declined_of(event, loaded)
        if (
            mailing
            and not per_session
            and any(uid.startswith(f"{loaded.id}.") for held in ledger.holders().values() for uid in held)
        ):
            per_session = True
            say(
                f"{event}: session invitations were sent before (the ledger): --per-session is on, so that "
                "their updates and cancellations go out",
                err=True,
            )
        versions = Versions(
            loaded,
            invites_in_languages(
                loaded,
                load_state(event),
                per_session=per_session,
                per_speaker=per_speaker,
                cancel=cancel,
                publish=publish,
                leave_out=leave_out,
            ),
        )
        result = versions.main  # the files written: the event's first language; each e-mail: its recipient's
    except StateFileError as exc:  # located in the state file itself
        print_problem(exc.problem)
        sys.exit(1)
    except BuildError as exc:
        fail(f"{event}: {exc}")
    if send and not ledger.entries and not (resend or to):
        refuse_first_send_after_answers(event, dry_run)
    plan = None
    if mailing:
        from ..calendar.mail_plan import plan_mail

        reminders = unanswered(event, loaded, result) if to_unanswered else set()
        only = {a.lower() for a in to} | reminders if (to or to_unanswered) else None
        forced = ({a.lower() for a in to} if to else True) if resend else False
        plan = plan_mail(
            loaded, result, ledger, leave_out, forced=forced, reminders=reminders, only=only, versions=versions
        )
        if not plan.messages:
            say(f"{event}: no attendee with an e-mail address, so no messages", err=True)
        for problem in plan.problems:
            say(f"{event}: {one_line(problem)}", err=True)
    files = {directory / f.path: f.data for f in result.files}
    if eml and plan is not None:
        from ..calendar.mail import eml_bytes

        files.update({directory / m.path: eml_bytes(m.message) for m in plan.messages})
    write_invite_files(
        event,
        directory,
        files,
        plan.state if plan else result.state,
        dry_run,
        [name for name, used in (("sessions", per_session), ("speakers", per_speaker), ("mail", eml)) if used],
    )
    if not dry_run:
        invite = result.file("invite.ics")
        attendees = f", {len(invite.attendees)} attendees" if invite.attendees else ""
        say(f"{directory / invite.path}: {invite.method}, SEQUENCE {invite.sequence}{attendees}")
        if result.untimed:
            count = len(result.untimed)
            say(
                f"{count} session{'s' * (count != 1)} without times got no invite of "
                f"{'their' if count != 1 else 'its'} own (they are in invite.ics): {', '.join(result.untimed)}"
            )
    if send and plan is not None:
        from .sending import print_plan, send_plan

        print_plan(plan, dry_run)
        if not dry_run:
            assert server is not None, "--send without --dry-run needs --smtp (checked above)"
            send_plan(event, loaded, plan, ledger, server)


def write_invite_files(
    event: Path, directory: Path, files: dict[Path, bytes], state: dict[str, Any], dry_run: bool, folders: list[str]
) -> None:
    """Write the invite files (refusing to overwrite what eventkit did not write) and remove the ones an earlier run
    wrote that this one does not (only those), as one set; then remember the state. With ``dry_run``, say what
    would happen."""
    from ..calendar.invites import save_state, state_path
    from ..calendar.written_files import in_the_way, replace_invite_files, stale_files

    remove, leave = stale_files(directory, files, folders)
    blocked = in_the_way(directory, files)
    if dry_run:
        for path in files:
            say(f"would write {path}")
        for path in remove:
            say(f"would remove {path} (written by an earlier run, no longer made)")
    for path in leave:
        say(f"left alone (eventkit did not write it, or it was changed since): {one_line(str(path))}", err=True)
    if blocked:
        for path, what in blocked:
            say(f"{one_line(str(path))}: {what}: in the way of eventkit's own file", err=True)
        fail(
            f"{event}: nothing written: move {'these' if len(blocked) > 1 else 'it'} away, or write the invites to "
            "another folder (-o)"
        )
    if dry_run:
        return
    try:
        replace_invite_files(directory, files, remove, folders)
        remembered = save_state(event, state)
    except OSError as exc:
        fail(f"{event}: cannot write: {exc.strerror or exc}")
    for folder in ("sessions", "speakers", "mail"):
        count = sum(1 for path in files if directory / folder in path.parents)
        if count:
            say(f"{directory / folder}/: {count} file{'s' * (count != 1)}")
    if remove:
        say(
            f"removed {len(remove)} file{'s' * (len(remove) != 1)} written by an earlier run: "
            + ", ".join(str(p.relative_to(directory)) for p in remove)
        )
    if remembered:
        say(f"{state_path(event)}: updated (commit it with the event file)")


def refuse_first_send_after_answers(event_file: Path, dry_run: bool) -> None:
    """The send ledger is empty, yet people have answered: the invitations went out before this eventkit kept a
    ledger (or the ledger was deleted). A send now would mail every one of them a second copy: refuse, unless the
    organiser says whom (--to) or that everyone should have it again (--resend). A dry run says so and goes on."""
    from ..calendar.ledger import ledger_path
    from ..participants.replies import load_replies

    answered = {address for answers in load_replies(event_file).values() for address in answers}
    if not answered:
        return
    count = len(answered)
    what = (
        f"{event_file}: {count} {'people have' if count != 1 else 'person has'} answered the invitation, but "
        f"{ledger_path(event_file).name} records nothing sent: the invitations went out before eventkit kept "
        "that record (or it was deleted), and --send would mail everyone again. Add --resend to send everyone "
        "the current invitation anyway, or --to ADDRESS for each person who should have it"
    )
    if dry_run:
        say(f"{what} (--dry-run: what follows is what that send would do)", err=True)
        return
    fail(what)


def unanswered(event_file: Path, event: Event, invites: Invites) -> set[str]:
    """The addresses of invite.ics's attendees without an answer to the event's invitation."""
    from ..event.uids import event_uid
    from ..participants.replies import load_replies

    answered = set(load_replies(event_file).get(event_uid(event), {}))
    return {a.email.lower() for a in invites.file("invite.ics").attendees if a.email.lower() not in answered}


def declined_of(event_file: Path, event: Event) -> dict[str, frozenset[str]]:
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
@click.argument("messages", nargs=-1, type=InputPath())
@click.option(
    "--imap",
    metavar="URL",
    help="Read the replies from a mailbox: imaps://USER@HOST[:PORT]/FOLDER (the "
    "password from EVENTKIT_IMAP_PASSWORD); only messages not read before; the mailbox is not changed.",
)
@click.option(
    "--accept-from",
    "accept_from",
    multiple=True,
    metavar="ADDRESS",
    help="Apply the answers sent from ADDRESS even though it is not the attendee's own (held aside until "
    "now, or in these messages): an assistant answering for a minister.",
)
@click.option("--dry-run", is_flag=True, help="Print the answers found; record nothing.")
def replies(
    event: Path, messages: tuple[Path, ...], imap: str | None, accept_from: tuple[str, ...], dry_run: bool
) -> None:
    """Record the answers to EVENT's invitations from iMIP REPLY e-mails: MESSAGES are .eml files, mbox files,
    Maildirs or folders of .eml files (or --imap reads a mailbox). Answers (accepted, declined, tentative, with
    their date and comment) are kept in <name>.replies.json beside EVENT: commit it with the event file. An answer
    is applied only when it comes from the attendee it answers for and that attendee was sent the invitation;
    others are listed and held aside until --accept-from. `eventkit invites` then leaves out who declined;
    `eventkit status` shows them all."""
    from ..event.state_files import StateFileError
    from ..participants.replies import held_reply, load_record, record_replies, replies_path, save_replies
    from ..participants.reply_messages import read_messages, replies_in

    if not messages and not imap and not accept_from:
        raise click.UsageError("give MESSAGES, --imap URL or --accept-from ADDRESS")
    loaded = load_or_exit(event)
    try:
        known, held_before = load_record(event)
        invited = invitations_sent(event)
    except StateFileError as exc:
        print_problem(exc.problem)
        sys.exit(1)
    found, skipped = read_messages(list(messages))
    mailbox_state = None
    if imap:
        from .mailbox import read_imap

        mails, imap_skipped, mailbox_state = read_imap(event, imap)
        found += mails
        skipped += imap_skipped
    answers, bad = replies_in(found)
    accepted = frozenset(a.lower() for a in accept_from)
    earlier = [held_reply(entry) for entry in held_before]
    try:
        table, recorded, unmatched, held = record_replies(loaded, known, [*earlier, *answers], invited, accepted)
    except BuildError as exc:
        fail(str(exc))
    for unread in skipped + bad + unmatched:
        say(one_line(str(unread)), err=True)
    fresh = {id(r) for r in answers}
    for kept in held:
        if id(kept.reply) in fresh:
            say(one_line(f"{kept} (kept aside; --accept-from {kept.reply.sender or 'ADDRESS'} applies it)"), err=True)
    for item in recorded:
        reply = item.reply
        if id(reply) not in fresh and not item.changed:
            continue
        who = f"people.{item.person}" if item.person else "not in the event file"
        what = f"session '{item.session}'" if item.session else "the event"
        note = (
            ("" if item.changed else " (already recorded)")
            if id(reply) in fresh
            else f" (accepted from {reply.sender})"
        )
        email = loaded.people[item.person].email if item.person else reply.email
        comment = f' "{reply.comment}"' if reply.comment else ""
        say(
            one_line(f"{reply.source}: {email} ({who}) {reply.partstat} {what} on {reply.date:%Y-%m-%d}{comment}{note}")
        )
    if held:
        say(
            f"{event}: {len(held)} answer{'s' * (len(held) != 1)} held aside, not applied (`eventkit replies EVENT "
            "--accept-from ADDRESS` applies those sent from ADDRESS)",
            err=True,
        )
    if dry_run:
        return
    try:
        written = save_replies(event, table, [h.record() for h in held])
        if mailbox_state is not None:
            mailbox_state.save()
    except OSError as exc:
        fail(f"cannot write {replies_path(event)}: {exc.strerror or exc}")
    new = sum(1 for item in recorded if item.changed)
    say(f"{replies_path(event)}: {new} new answer{'s' * (new != 1)}" + ("" if written else ", unchanged"))
    applied = [item for item in recorded if id(item.reply) in fresh or item.changed]
    if not applied and (skipped or bad or unmatched or held):
        sys.exit(1)


def invitations_sent(event_file: Path) -> Callable[[str, str], bool]:
    """invited(uid, e-mail): was that address sent that invitation? The send ledger says so for what `--send` sent;
    the invites state lists the attendees of what was issued (for invitations sent as .eml by other means)."""
    from ..calendar.invite_state import ATTENDEE
    from ..calendar.invites import load_state
    from ..calendar.ledger import Ledger

    ledger = Ledger.load(event_file)
    issued = load_state(event_file).get("issued", {})
    listed = {
        uid: {m["email"].lower() for a in record.get("attendees", []) if (m := ATTENDEE.match(a))}
        for uid, record in issued.items()
        if " " not in uid
    }
    return lambda uid, email: ledger.sent_to(email, uid) or email in listed.get(uid, ())


@main.command()
@click.argument("event", type=InputPath())
@click.option(
    "--csv",
    "csv_file",
    type=OutputPath(path_type=Path, dir_okay=False),
    default=None,
    metavar="FILE",
    help="Also write the table as CSV for a spreadsheet (UTF-8, which Excel opens); '-' prints it instead "
    "of the aligned table.",
)
def status(event: Path, csv_file: Path | None) -> None:
    """Print who is invited to EVENT, who answered what (and when), who has no e-mail, and who attended (each day,
    for an event of several days)."""
    from ..event.state_files import StateFileError
    from ..participants.replies import load_replies
    from ..participants.status import status_headers, status_rows, status_summary
    from .terminal_table import aligned_lines, csv_text

    loaded = load_or_exit(event)
    try:
        answers = load_replies(event)
    except StateFileError as exc:
        print_problem(exc.problem)
        sys.exit(1)
    rows = status_rows(loaded, answers)
    headers = status_headers(loaded)
    # the attendance columns once attendance is recorded, the comment column once someone wrote one
    shown = [
        i
        for i, name in enumerate(headers)
        if i < 6 or (loaded.attendance_known if name != "comment" else any(row[i] for row in rows))
    ]
    headers, rows = tuple(headers[i] for i in shown), [tuple(row[i] for i in shown) for row in rows]
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
