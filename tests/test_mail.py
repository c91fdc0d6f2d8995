"""Invitation e-mails: one RFC 5322 message per attendee with a text/calendar part whose method matches the
calendar, delivered to a real SMTP server on 127.0.0.1 (aiosmtpd) and checked intact on arrival."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
import socket

import pytest

from conftest import REFERENCE_EVENTS, run_eventkit
from eventkit.calendar.delivery import deliver
from eventkit.calendar.invites import build_invites
from eventkit.calendar.ledger import Ledger
from eventkit.calendar.mail import MailError, eml_bytes, invitations, parse_server
from eventkit.calendar.mail_plan import plan_mail
from eventkit.event.load import load_event

NOW = dt.datetime(2021, 3, 1, 12, 0, tzinfo=dt.UTC)


def parts(message: email.message.EmailMessage) -> dict[str, email.message.EmailMessage]:
    return {part.get_content_type(): part for part in message.walk() if not part.is_multipart()}


def read_eml(data: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(data, policy=email.policy.default)


@pytest.mark.parametrize("cancel", [False, True])
def test_one_message_per_attendee_with_matching_calendar(cancel):
    event = load_event(REFERENCE_EVENTS["note-for-file"])
    invite = build_invites(event, {}, cancel=cancel, now=NOW).file("invite.ics")
    method = "CANCEL" if cancel else "REQUEST"
    messages = invitations(event, invite)
    assert sorted(messages) == sorted(a.email for a in invite.attendees) and len(messages) == 9
    for address, message in messages.items():
        raw = eml_bytes(message)
        assert f"\r\nContent-Type: text/calendar; method={method}; charset=UTF-8\r\n".encode() in raw
        read = read_eml(raw)
        assert read["To"].addresses[0].addr_spec == address
        assert read["From"].addresses[0].addr_spec == "rco.georgia@example.org"
        assert read["Subject"].startswith("Cancelled: " if cancel else "Invitation: ")
        assert read.get_content_type() == "multipart/alternative"
        found = parts(read)
        assert list(found) == ["text/plain", "text/html", "text/calendar"]
        calendar = found["text/calendar"]
        assert calendar.get_params()[1:] == [("method", method), ("charset", "UTF-8")]
        assert calendar.get_payload(decode=True) == invite.data  # byte for byte, CRLF included
        assert f"\r\nMETHOD:{method}\r\n".encode() in invite.data
        for kind in ("text/plain", "text/html"):
            body = found[kind].get_content()
            assert "Thursday, 22 April 2021" in body and "14:00 - 17:00 GMT+4 / 12:00 - 15:00 CEST" in body
            assert event.event.join_url in body
        assert f'<a href="{event.event.join_url}">' in found["text/html"].get_content()


def test_eml_is_stable_and_written_by_the_command(tmp_path):
    event = load_event(REFERENCE_EVENTS["summary-report"])
    invite = build_invites(event, {}, now=NOW).file("invite.ics")
    assert [eml_bytes(m) for m in invitations(event, invite).values()] == [
        eml_bytes(m) for m in invitations(event, invite).values()
    ]

    source = tmp_path / "event.toml"
    source.write_bytes(REFERENCE_EVENTS["note-for-file"].read_bytes())
    out = tmp_path / "out"
    done = run_eventkit("invites", source, "-o", out, "--eml")
    assert done.returncode == 0, done.stderr
    files = sorted((out / "mail").glob("*.eml"))
    assert len(files) == 9 and files[0].name.endswith("@example.org.eml")
    calendar = parts(read_eml(files[0].read_bytes()))["text/calendar"]
    assert calendar.get_params()[1:] == [("method", "REQUEST"), ("charset", "UTF-8")]
    assert calendar.get_payload(decode=True) == (out / "invite.ics").read_bytes()


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self):
        self.received: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append(
            (envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content or envelope.content)
        )
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    controller_module = pytest.importorskip(
        "aiosmtpd.controller", reason="aiosmtpd is not installed (pip install aiosmtpd)"
    )
    inbox = Inbox()
    controller = controller_module.Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()


def test_smtp_delivery_arrives_intact(smtp_server, tmp_path):
    inbox, port = smtp_server
    event = load_event(REFERENCE_EVENTS["summary-report"])
    invites = build_invites(event, {}, now=NOW)
    invite = invites.file("invite.ics")
    ledger = Ledger(tmp_path / "x.sent.json")
    plan = plan_mail(event, invites, ledger, {}, now=NOW)
    outcomes = deliver(plan.to_send, ledger, event.organiser.email, "127.0.0.1", port, env={})
    assert [o.status for o in outcomes] == ["sent"] * 16 and len(inbox.received) == 16
    for (sender, recipients, content), planned in zip(inbox.received, plan.to_send, strict=True):
        assert sender == "rovienna@example.org" and recipients == [planned.address]
        arrived = read_eml(content)
        assert arrived["Message-ID"] == planned.message_id and arrived["Subject"] == planned.message["Subject"]
        calendar = parts(arrived)["text/calendar"]
        assert calendar.get_params()[1:] == [("method", "REQUEST"), ("charset", "UTF-8")]
        assert calendar.get_payload(decode=True) == invite.data
        undated = lambda data: re.sub(rb"^Date: .*\r\n", b"", data, count=1, flags=re.M)  # noqa: E731
        assert undated(content) == undated(eml_bytes(planned.message))  # byte for byte, but dated when sent
        assert arrived["Date"].datetime > NOW
        [entry] = ledger.of(planned.address, planned.uid)
        assert entry.outcome == "accepted" and entry.answer.startswith("250") and entry.message_id == planned.message_id


def test_send_and_dry_run_from_the_command_line(smtp_server, tmp_path):
    inbox, port = smtp_server
    source = tmp_path / "event.toml"
    source.write_bytes(REFERENCE_EVENTS["note-for-file"].read_bytes())
    out = tmp_path / "out"
    dry = run_eventkit("invites", source, "-o", out, "--send", "--smtp", f"127.0.0.1:{port}", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.count("would send to ") == 9 and "would write" in dry.stdout
    assert not inbox.received and not out.exists() and not (tmp_path / "event.invites.json").exists()

    done = run_eventkit("invites", source, "-o", out, "--send", "--smtp", f"127.0.0.1:{port}")
    assert done.returncode == 0, done.stderr
    assert "sent 9 messages" in done.stdout and len(inbox.received) == 9
    for _, _, content in inbox.received:
        assert parts(read_eml(content))["text/calendar"].get_payload(decode=True) == (out / "invite.ics").read_bytes()


def test_smtp_settings_and_failures(tmp_path):
    assert parse_server("smtp.example.org:587") == ("smtp.example.org", 587)
    assert parse_server("[::1]:2525") == ("::1", 2525)
    with pytest.raises(ValueError, match="has no port"):  # no guessed default: 25, 587 and 465 differ
        parse_server("localhost")
    for bad in ("smtp.example.org:x", "::1", "host:0", ""):
        with pytest.raises(ValueError):
            parse_server(bad)
    ledger = Ledger(tmp_path / "x.sent.json")
    with pytest.raises(MailError, match="unencrypted"):
        deliver(
            [],
            ledger,
            "me@example.org",
            "127.0.0.1",
            25,
            env={"EVENTKIT_SMTP_USER": "me", "EVENTKIT_SMTP_PASSWORD": "secret"},
        )
    with pytest.raises(MailError, match="cannot send"):
        deliver([], ledger, "me@example.org", "127.0.0.1", free_port(), env={}, timeout=5)  # nobody listens there
    source = tmp_path / "event.toml"
    source.write_bytes(REFERENCE_EVENTS["note-for-file"].read_bytes())
    usage = run_eventkit("invites", source, "--send")
    assert usage.returncode == 2 and "--smtp" in usage.stderr
    refused = run_eventkit("invites", source, "-o", tmp_path / "out", "--send", "--smtp", f"127.0.0.1:{free_port()}")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr and "cannot send" in refused.stderr
    assert "nothing was sent; 9 messages not attempted" in refused.stderr
