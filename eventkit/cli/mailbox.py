"""`eventkit replies --imap URL`: read the new messages of a mailbox (the library: participants/imap_mailbox.py)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .common import fail, print_problem, say

if TYPE_CHECKING:
    from ..participants.imap_mailbox import MailboxState
    from ..participants.reply_messages import Mail, Skipped


def read_imap(event_file: Path, url_text: str) -> tuple[list[Mail], list[Skipped], MailboxState]:
    """(messages, skipped, the mailbox state to save once the answers are recorded)."""
    from ..event.state_files import StateFileError
    from ..participants.imap_mailbox import MailboxError, MailboxState, fetch_new, parse_url

    try:
        url = parse_url(url_text, os.environ.get("EVENTKIT_IMAP_USER", ""))
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--imap") from exc
    try:
        state = MailboxState.load(event_file)
    except StateFileError as exc:
        print_problem(exc.problem)
        sys.exit(1)
    try:
        mails, skipped = fetch_new(url, state, os.environ)
    except MailboxError as exc:
        fail(str(exc))
    say(f"{url.key}: {len(mails)} new message{'s' * (len(mails) != 1)}", err=True)
    return mails, skipped, state
