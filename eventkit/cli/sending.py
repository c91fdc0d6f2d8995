"""`eventkit invites --send`: the per-recipient plan before sending, each outcome as it happens, and the list of
every recipient at the end (sent / refused with the server's answer / not attempted / unknown)."""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import one_line
from ..interrupts import Stopped
from .common import fail, say

if TYPE_CHECKING:
    from ..calendar.ledger import Ledger
    from ..calendar.mail_plan import MailPlan, Planned
    from ..event.model import Event


def _what(planned: Planned) -> str:
    """'the event' or "session 'opening'", with the method and SEQUENCE."""
    parts = planned.path.split("/")
    what = f"session '{parts[2]}'" if parts[1] == "sessions" else "the event"
    return f"{what}, {planned.method} SEQUENCE {planned.sequence}"


def print_plan(plan: MailPlan, dry_run: bool) -> None:
    verb = "would send" if dry_run else "to send"
    for planned in plan.to_send:
        say(one_line(f"{verb} to {planned.address}: {planned.reason} ({_what(planned)})"))
    for planned in plan.held:
        say(one_line(f"not sent to {planned.address}: {planned.reason} ({_what(planned)})"))
    if plan.up_to_date:
        count = len(set(plan.up_to_date))
        say(
            f"{count} recipient{'s' * (count != 1)} up to date: nothing new for them "
            "(--resend sends again, --to-unanswered reminds those who have not answered)"
        )
    if not plan.to_send:
        say("nothing to send")


def send_plan(event_file: Path, event: Event, plan: MailPlan, ledger: Ledger, server: tuple[str, int]) -> None:
    """Send the plan's messages; the summary lists every recipient; exit 1 unless all were accepted, 130 on Ctrl-C."""
    from ..calendar.delivery import Outcome, deliver
    from ..calendar.ledger import ledger_path
    from ..calendar.mail import MailError
    from ..calendar.requirements import invite_organiser

    messages = plan.to_send
    if not messages:
        return
    outcomes: list[Outcome] = []

    def report(outcome: Outcome) -> None:
        outcomes.append(outcome)
        if outcome.status == "sent":
            say(one_line(f"sent to {outcome.planned.address}: {_what(outcome.planned)}: {outcome.answer}"))
        else:
            say(one_line(f"{outcome.status}: {outcome.planned.address}: {outcome.answer}"), err=True)

    stopped: int | None = None  # the signal that stopped the run, once the recipients are listed
    try:
        deliver(messages, ledger, invite_organiser(event).email, *server, report=report)
    except MailError as exc:
        fail(f"{exc} (nothing was sent; {len(messages)} message{'s' * (len(messages) != 1)} not attempted)")
    except KeyboardInterrupt:
        stopped = signal.SIGINT
    except Stopped as exc:
        stopped = exc.signum
    done = {id(o.planned) for o in outcomes}
    final = outcomes + [Outcome(p, "not attempted") for p in messages if id(p) not in done]
    say(f"{ledger_path(event_file)}: what was sent is recorded (commit it with the event file)")
    say("recipients:")
    for outcome in final:
        planned = outcome.planned
        line = f"  {outcome.status:<13} {planned.address}  {planned.kind}: {_what(planned)}"
        if outcome.status == "refused":
            line += f"  ({outcome.answer})"
        elif outcome.status == "unknown":
            line += (
                f"  (the connection was lost before the server answered: it may have arrived; Message-ID "
                f"{planned.message_id}; not sent again unless --resend --to {planned.address})"
            )
        say(one_line(line))
    counts = {
        status: sum(1 for o in final if o.status == status)
        for status in ("sent", "refused", "not attempted", "unknown")
    }
    rest = ", ".join(f"{n} {status}" for status, n in counts.items() if n and status != "sent")
    say(
        f"sent {counts['sent']} message{'s' * (counts['sent'] != 1)} through {server[0]}:{server[1]}"
        + (f"; {rest}" if rest else "")
        + ("; run the same command again to send what was not attempted" if counts["not attempted"] else "")
    )
    if stopped is not None:
        raise Stopped(stopped)  # "interrupted" / "stopped by SIGTERM", exit 128 + the signal (cli.run)
    if counts["sent"] != len(final):
        sys.exit(1)
