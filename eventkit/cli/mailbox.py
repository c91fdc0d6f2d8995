"""`eventkit replies --imap URL`: read the new messages of a mailbox (the library: participants/imap_mailbox.py)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .common import fail, print_problem, say


def read_imap(event_file: Path, url_text: str):
    """(messages, skipped, the mailbox state to save once the answers are recorded)."""
    from ..participants.imap_mailbox import MailboxError, MailboxState, fetch_new, parse_url
    from ..event.state_files import StateFileError
    try:
        url = parse_url(url_text, os.environ.get("EVENTKIT_IMAP_USER", ""))
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--imap")
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
