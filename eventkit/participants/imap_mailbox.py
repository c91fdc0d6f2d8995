"""Replies straight from the organiser's mailbox over IMAP: ``imaps://USER@HOST[:PORT]/FOLDER``.

Only the messages not read before are fetched: the mailbox's UIDVALIDITY and the highest UID read are remembered
beside the event (``<stem>.imap.json``, per mailbox). The folder is opened read-only (EXAMINE) and messages are
fetched with BODY.PEEK, so nothing in the mailbox changes: no message is marked seen, moved or deleted. A mailbox
whose UIDVALIDITY changed (it was recreated) is read again from its first message; answers already recorded are
not recorded twice.

The password comes only from the environment (EVENTKIT_IMAP_PASSWORD), as SMTP's does; a server certificate is
checked against the system's authorities, or against EVENTKIT_IMAP_CA_FILE (a self-signed server of your own).
Plain ``imap://`` is accepted only on this machine (127.0.0.1, ::1, localhost): elsewhere the password would travel
unencrypted.
"""

from __future__ import annotations

import datetime as dt
import imaplib
import json
import re
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..errors import Problem, one_line
from ..event.state_files import StateFileError, key_location, read_state_json, state_file, write_state
from .reply_messages import MAX_MESSAGE_BYTES, Mail, Skipped, parse_message

LOOPBACK = {"127.0.0.1", "::1", "localhost"}
MAX_NEW_MESSAGES = 5000


class MailboxError(Exception):
    """The mailbox cannot be read (no connection, login refused, no such folder ...)."""


@dataclass(frozen=True)
class MailboxURL:
    scheme: str
    user: str
    host: str
    port: int
    folder: str

    @property
    def key(self) -> str:
        """The mailbox's name in the state file (never the password)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{self.user}@{host}:{self.port}/{self.folder}"


def parse_url(text: str, user: str = "") -> MailboxURL:
    """``imaps://user@host[:port]/folder`` (folder default INBOX); ValueError, in words, when it is not one."""
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"'{text}' is not imaps://USER@HOST[:PORT]/FOLDER ({exc})") from None
    if parts.scheme not in ("imap", "imaps") or not parts.hostname:
        raise ValueError(f"'{text}' is not imaps://USER@HOST[:PORT]/FOLDER")
    if parts.password is not None:
        raise ValueError(
            "the password goes in EVENTKIT_IMAP_PASSWORD, not in the address (it would be in your shell's history)"
        )
    if parts.scheme == "imap" and parts.hostname not in LOOPBACK:
        raise ValueError(f"imap:// to {parts.hostname} would send the password unencrypted: use imaps://")
    folder = unquote(parts.path.lstrip("/")) or "INBOX"
    name = unquote(parts.username or "") or user
    if not name:
        raise ValueError(f"'{text}' names no user: write imaps://USER@{parts.hostname}/{folder}")
    if any(ord(c) < 32 or c in '"\\' for c in folder + name):
        raise ValueError("the user and folder cannot hold quotes, backslashes or control characters")
    return MailboxURL(parts.scheme, name, parts.hostname, port or (993 if parts.scheme == "imaps" else 143), folder)


# ------------------------------------------------------------------ what was read before


def state_path(event_file: Path | str) -> Path:
    return state_file(event_file, "imap")


class MailboxState:
    """``{"mailboxes": {"<key>": {"uidvalidity": N, "last_uid": N}}}`` beside the event file, checked entry by entry."""

    def __init__(self, path: Path, mailboxes: dict[str, dict[str, int]]) -> None:
        self.path, self.mailboxes = path, mailboxes

    @classmethod
    def load(cls, event_file: Path | str) -> MailboxState:
        path = state_path(event_file)
        recover = "delete the file: the mailbox is then read again from its first message"
        found = read_state_json(path, recover)
        if found is None:
            return cls(path, {})
        text, data = found
        if not isinstance(data, dict) or not isinstance(data.get("mailboxes"), dict):
            raise StateFileError(Problem(str(path), 1, 1, "", "has no 'mailboxes' table", recover))
        for key, entry in data["mailboxes"].items():
            good = isinstance(entry, dict) and all(
                isinstance(entry.get(k), int) and not isinstance(entry.get(k), bool) and 0 <= entry[k] < 2**32
                for k in ("uidvalidity", "last_uid")
            )
            if not good or any(ord(c) < 32 for c in key):
                line, column = key_location(text, key)
                raise StateFileError(
                    Problem(
                        str(path),
                        line,
                        column,
                        f"mailboxes[{json.dumps(key)[:80]}]",
                        "is not a table of uidvalidity and last_uid (whole numbers)",
                        recover,
                    )
                )
        return cls(path, data["mailboxes"])

    def save(self) -> bool:
        return write_state(
            self.path,
            {
                "about": "The IMAP mailboxes `eventkit replies --imap` read: the last "
                "message read in each (delete to read them again).",
                "mailboxes": self.mailboxes,
            },
        )


# ------------------------------------------------------------------ reading


def _connect(url: MailboxURL, env: Mapping[str, str], timeout: float) -> imaplib.IMAP4:
    if url.scheme == "imaps":
        context = ssl.create_default_context(cafile=env.get("EVENTKIT_IMAP_CA_FILE") or None)
        return imaplib.IMAP4_SSL(url.host, url.port, ssl_context=context, timeout=timeout)
    return imaplib.IMAP4(url.host, url.port, timeout=timeout)


def _arrival(meta: bytes) -> dt.datetime | None:
    """INTERNALDATE: when the server received the message (imaplib gives it as a local struct_time)."""
    import time

    moment = imaplib.Internaldate2tuple(meta)
    return None if moment is None else dt.datetime.fromtimestamp(time.mktime(moment), dt.UTC)


def fetch_new(
    url: MailboxURL, state: MailboxState, env: Mapping[str, str], timeout: float = 60
) -> tuple[list[Mail], list[Skipped]]:
    """The messages of the mailbox not read before (``state`` is updated, not saved). Raises MailboxError."""
    password = env.get("EVENTKIT_IMAP_PASSWORD", "")
    if not password:
        raise MailboxError(
            "set EVENTKIT_IMAP_PASSWORD to the mailbox's password (it is never read from a file or the command line)"
        )
    mails: list[Mail] = []
    skipped: list[Skipped] = []
    try:
        client = _connect(url, env, timeout)
    except (OSError, ssl.SSLError, imaplib.IMAP4.error) as exc:
        raise MailboxError(f"cannot connect to {url.host}:{url.port}: {one_line(str(exc))}") from exc
    try:
        client.login(url.user, password)
        kind, data = client.select(f'"{url.folder}"', readonly=True)
        if kind != "OK":
            raise MailboxError(f"no folder '{url.folder}' in {url.key}: {one_line(str(data))}")
        validity = int(client.response("UIDVALIDITY")[1][0])
        before = state.mailboxes.get(url.key, {})
        last = before.get("last_uid", 0) if before.get("uidvalidity") == validity else 0
        if before and before.get("uidvalidity") != validity:
            skipped.append(
                Skipped(
                    url.key, "the mailbox was recreated (its UIDVALIDITY changed): read again from its first message"
                )
            )
        kind, data = client.uid("SEARCH", f"UID {last + 1}:*")
        uids = sorted(int(u) for u in (data[0] or b"").split() if int(u) > last)
        if len(uids) > MAX_NEW_MESSAGES:
            skipped.append(
                Skipped(
                    url.key,
                    f"{len(uids)} new messages: the first {MAX_NEW_MESSAGES} are read now, the rest on the next run",
                )
            )
            uids = uids[:MAX_NEW_MESSAGES]
        for uid in uids:
            source = f"{url.key};UID={uid}"
            kind, about = client.uid("FETCH", str(uid), "(INTERNALDATE RFC822.SIZE)")
            meta = about[0] if about and isinstance(about[0], bytes) else b""
            size = re.search(rb"RFC822\.SIZE (\d+)", meta)
            if size and int(size[1]) > MAX_MESSAGE_BYTES:
                skipped.append(
                    Skipped(source, f"the message is larger than {MAX_MESSAGE_BYTES // 1048576} MB: not read")
                )
                continue
            kind, body = client.uid("FETCH", str(uid), "(BODY.PEEK[])")
            raw = next((item[1] for item in body if isinstance(item, tuple)), b"")
            found = parse_message(raw, source, _arrival(meta))
            if isinstance(found, Mail):
                mails.append(found)
            else:
                skipped.append(found)
        state.mailboxes[url.key] = {"uidvalidity": validity, "last_uid": max([last, *uids])}
    except (OSError, ssl.SSLError, imaplib.IMAP4.error, ValueError, IndexError) as exc:
        raise MailboxError(f"reading {url.key} failed: {one_line(str(exc))}") from exc
    finally:
        try:
            client.logout()
        except (OSError, imaplib.IMAP4.error):
            pass
    return mails, skipped
