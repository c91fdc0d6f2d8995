"""Sending the planned messages over SMTP, one recipient at a time, with the ledger written around each message.

For each message: MAIL FROM and RCPT TO (a refused recipient is recorded as refused, with the server's answer, and
the run goes on with the next one); then the ledger records "attempting" (written and fsynced) before DATA; the
server's 250 replaces it by "accepted" with the answer. If the connection fails before the message's content was
complete, the attempt is removed (nothing was delivered); if it fails while waiting for the answer to the content,
or the process is killed in between, "attempting" stays: the outcome is unknown, and the next run reports it
instead of sending a second copy (ledger.py). A dropped connection ends the run: the messages after it are "not
attempted", and the next run sends them.

SMTP host and port come from the command line; STARTTLS and the login only from the environment
(EVENTKIT_SMTP_STARTTLS=1, EVENTKIT_SMTP_USER, EVENTKIT_SMTP_PASSWORD).
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import os
import re
import smtplib
import ssl
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email import policy
from email.utils import format_datetime

from ..errors import one_line
from ..interrupts import Stopped
from .ledger import TIME_FORMAT, Ledger, Sent
from .mail import MailError
from .mail_plan import Planned

UTC = dt.UTC


@dataclass(frozen=True)
class Outcome:
    planned: Planned
    status: str  # "sent", "refused", "not attempted", "unknown" (connection lost waiting for the answer)
    answer: str = ""


def _answer(code: int, text: bytes | str) -> str:
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return one_line(f"{code} {' '.join(text.split())}")[:500]


def _content(raw: bytes) -> bytes:
    """The DATA content as RFC 5321 wants it: CRLF line ends, a leading dot doubled, ending in CRLF.CRLF."""
    data = re.sub(rb"(?:\r\n|\n|\r(?!\n))", b"\r\n", raw)
    data = re.sub(rb"(?m)^\.", b"..", data)
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    return data + b".\r\n"


def connect(host: str, port: int, env: Mapping[str, str], timeout: float) -> smtplib.SMTP:
    user, password = env.get("EVENTKIT_SMTP_USER", ""), env.get("EVENTKIT_SMTP_PASSWORD", "")
    starttls = env.get("EVENTKIT_SMTP_STARTTLS", "") == "1"
    if user and not starttls:
        raise MailError(
            "EVENTKIT_SMTP_USER is set but EVENTKIT_SMTP_STARTTLS is not 1: the password would travel unencrypted"
        )
    try:
        server = smtplib.SMTP(host, port, timeout=timeout)
        try:
            server.ehlo_or_helo_if_needed()
            if starttls:
                server.starttls(context=ssl.create_default_context())
                server.ehlo()
            if user:
                server.login(user, password)
        except BaseException:
            server.close()
            raise
    except (smtplib.SMTPException, OSError) as exc:
        raise MailError(f"cannot send through {host}:{port}: {one_line(str(exc))}") from exc
    return server


def deliver(
    messages: list[Planned],
    ledger: Ledger,
    sender: str,
    host: str,
    port: int,
    env: Mapping[str, str] = os.environ,
    timeout: float = 30,
    report: Callable[[Outcome], None] = lambda outcome: None,
) -> list[Outcome]:
    """Send ``messages`` in order through one connection; every outcome is in the ledger (written as it happens)
    and in the returned list (one per message, "not attempted" for those after a lost connection).
    Raises MailError when no connection can be made; a stop (Ctrl-C, SIGTERM, SIGHUP: KeyboardInterrupt or
    interrupts.Stopped) passes through after the ledger is right."""
    outcomes: list[Outcome] = []
    server = connect(host, port, env, timeout)
    try:
        for planned in messages:
            try:
                outcome = _send_one(server, planned, ledger, sender)
            except (KeyboardInterrupt, Stopped):  # the ledger already says what is known; the caller lists the rest
                unknown = ledger.since_accepted(planned.address, planned.uid, "attempting") is not None
                report(Outcome(planned, "unknown" if unknown else "not attempted", "interrupted"))
                raise
            lost = outcome.status == "lost"
            if lost:  # the connection is gone: this one and the rest are not attempted (the next run sends them)
                outcome = Outcome(planned, "not attempted", outcome.answer)
            outcomes.append(outcome)
            report(outcome)
            if lost or outcome.status == "unknown":
                break
    finally:
        try:
            server.quit()
        except (smtplib.SMTPException, OSError):
            server.close()
    done = {id(o.planned) for o in outcomes}
    return outcomes + [Outcome(p, "not attempted") for p in messages if id(p) not in done]


def _send_one(server: smtplib.SMTP, planned: Planned, ledger: Ledger, sender: str) -> Outcome:
    message = copy.deepcopy(planned.message)
    now = dt.datetime.now(UTC).replace(microsecond=0)
    message.replace_header("Date", format_datetime(now))
    raw = message.as_bytes(policy=policy.SMTP)
    entry = Sent(
        planned.uid,
        planned.sequence,
        planned.method,
        planned.kind,
        hashlib.sha256(raw).hexdigest(),
        planned.message_id,
        now.strftime(TIME_FORMAT),
        "attempting",
    )
    options = ["BODY=8BITMIME"] if any(b > 127 for b in raw) and server.has_extn("8bitmime") else []
    try:
        code, text = server.mail(sender, options)
        if code != 250:
            return _refused(server, planned, ledger, entry, _answer(code, text))
        code, text = server.rcpt(planned.address)
        if code not in (250, 251):
            return _refused(server, planned, ledger, entry, _answer(code, text))
    except (smtplib.SMTPException, OSError) as exc:
        return Outcome(planned, "lost", f"connection lost: {one_line(str(exc))}")
    ledger.attempt(planned.address, entry)
    phase = "command"  # then "content" (being written: a failure there means the final dot never left), "answer"
    try:
        code, text = server.docmd("DATA")
        if code != 354:
            ledger.settle(planned.address, entry, "refused", _answer(code, text))
            server.rset()
            return Outcome(planned, "refused", _answer(code, text))
        phase = "content"
        server.send(_content(raw))
        phase = "answer"
        code, text = server.getreply()
    except (smtplib.SMTPException, OSError) as exc:
        if phase != "answer":
            ledger.settle(planned.address, entry, None)
            return Outcome(planned, "lost", f"connection lost: {one_line(str(exc))}")
        return Outcome(
            planned, "unknown", f"connection lost while waiting for the server's answer: {one_line(str(exc))}"
        )
    except BaseException:  # Ctrl-C: only before the content left is it certain that nothing was delivered
        if phase == "command":
            ledger.settle(planned.address, entry, None)
        raise
    answer = _answer(code, text)
    if code == 250:
        ledger.settle(planned.address, entry, "accepted", answer)
        return Outcome(planned, "sent", answer)
    ledger.settle(planned.address, entry, "refused", answer)
    return Outcome(planned, "refused", answer)


def _refused(server: smtplib.SMTP, planned: Planned, ledger: Ledger, entry: Sent, answer: str) -> Outcome:
    from dataclasses import replace

    ledger.attempt(planned.address, replace(entry, outcome="refused", answer=answer))
    try:
        server.rset()
    except (smtplib.SMTPException, OSError):
        pass
    return Outcome(planned, "refused", answer)
