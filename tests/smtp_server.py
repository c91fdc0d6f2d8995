"""A real SMTP server for the tests (aiosmtpd on 127.0.0.1, a port the OS picks) that can refuse recipients, drop
the connection after a number of accepted messages, drop it before answering a message, or call a function when a
message arrives (to kill the sender at that moment). It keeps every message it accepted."""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
from collections import Counter

import pytest


class Mailbox:
    """The aiosmtpd handler: ``accepted`` holds (recipient, message) for every message answered with 250."""

    def __init__(self):
        self.accepted: list[tuple[str, email.message.EmailMessage]] = []
        self.refuse: set[str] = set()
        self.drop_after: int | None = None  # close the connection right after this many accepted messages
        self.drop_before_answer: int | None = None  # the n-th message arrives whole, but gets no answer
        self.on_message = None  # called with the number of the message just received
        self.received = 0  # messages received whole (accepted or not)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refuse:
            return f"550 5.1.1 <{address}>: mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received += 1
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        if self.on_message is not None:
            self.on_message(self.received)
        if self.drop_before_answer == self.received:
            self.accepted.append((envelope.rcpt_tos[0].lower(), message))  # it arrived: the sender never hears so
            server.transport.close()
            return "250 OK"
        self.accepted.append((envelope.rcpt_tos[0].lower(), message))
        if self.drop_after is not None and len(self.accepted) == self.drop_after:
            asyncio.get_running_loop().call_soon(server.transport.close)  # after the 250 is written
        return "250 2.0.0 OK: queued"

    def count(self) -> Counter:
        return Counter(address for address, _ in self.accepted)

    def calendars(self, address: str) -> list[tuple[str, str]]:
        """(METHOD, UID) of every calendar part accepted for ``address``."""
        import icalendar

        found = []
        for to, message in self.accepted:
            if to != address.lower():
                continue
            part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
            calendar = icalendar.Calendar.from_ical(part.get_payload(decode=True))
            uids = {str(v["uid"]) for v in calendar.walk("VEVENT")}
            found += [(str(calendar["method"]), uid) for uid in sorted(uids)]
        return found


@pytest.fixture
def mailbox():
    controller_module = pytest.importorskip(
        "aiosmtpd.controller", reason="aiosmtpd is not installed (pip install aiosmtpd)"
    )
    box = Mailbox()
    with socket.socket() as probe:  # aiosmtpd's Controller cannot take port 0: ask the OS for a free one
        probe.bind(("127.0.0.1", 0))
        box.port = probe.getsockname()[1]
    controller = controller_module.Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()
