"""`eventkit replies EVENT --imap URL` against a real Dovecot on 127.0.0.1 (issue #18 item 9): only the messages
not read before, nothing in the mailbox changed, IMAPS with a certificate trusted through EVENTKIT_IMAP_CA_FILE."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import ROOT
from imap_server import PASSWORD, USER, check_tls
from test_replies import thunderbird_reply
from test_reply_trust import reply

UID = "webinar@eventkit"


def replies(invited_webinar, *args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "EVENTKIT_IMAP_PASSWORD": PASSWORD, **env}
    return subprocess.run(
        [sys.executable, "-m", "eventkit", "replies", str(invited_webinar), *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def answers(invited_webinar) -> dict:
    return json.loads(invited_webinar.with_name("webinar.replies.json").read_text(encoding="utf-8"))


def test_replies_from_the_mailbox_only_new_ones_and_nothing_changed(invited_webinar, dovecot):
    url = f"imap://{USER}@127.0.0.1:{dovecot.imap_port}/INBOX"
    dovecot.deliver(thunderbird_reply(UID, "renate.held@example.org", "Renate Held", "ACCEPTED"))
    dovecot.deliver(reply(UID, [("lea.dubois@example.org", "DECLINED")], "mallory@evil.example"))
    dovecot.deliver(b"From: someone@example.org\r\nSubject: lunch?\r\n\r\nNo calendar here.\r\n")
    flags = dovecot.flags()
    first = replies(invited_webinar, "--imap", url)
    assert first.returncode == 0, first.stderr
    assert "3 new messages" in first.stderr and "renate.held@example.org (people.held) ACCEPTED" in first.stdout
    assert "not applied: lea.dubois@example.org DECLINED: sent by mallory@evil.example" in first.stderr
    assert answers(invited_webinar)["replies"][UID] == {
        "renate.held@example.org": {"partstat": "ACCEPTED", "date": "2026-11-29T10:15:00Z", "name": "Renate Held"}
    }
    state = json.loads(invited_webinar.with_name("webinar.imap.json").read_text(encoding="utf-8"))
    [(key, seen)] = state["mailboxes"].items()
    assert key == f"imap://{USER}@127.0.0.1:{dovecot.imap_port}/INBOX" and seen["last_uid"] == 3
    assert dovecot.flags() == flags and all("\\Seen" not in f for f in flags)  # nothing marked, moved or deleted

    again = replies(invited_webinar, "--imap", url)
    assert "0 new messages" in again.stderr and "ACCEPTED" not in again.stdout

    dovecot.deliver(thunderbird_reply(UID, "lea.dubois@example.org", "Léa Dubois", "TENTATIVE"))
    third = replies(invited_webinar, "--imap", url)
    assert third.returncode == 0, third.stderr
    assert "1 new message" in third.stderr and "lea.dubois@example.org (people.dubois) TENTATIVE" in third.stdout
    assert "renate.held" not in third.stdout


def test_imaps_with_the_servers_own_certificate(invited_webinar, dovecot):
    check_tls(dovecot)
    dovecot.deliver(thunderbird_reply(UID, "renate.held@example.org", "Renate Held", "DECLINED"))
    url = f"imaps://{USER}@127.0.0.1:{dovecot.imaps_port}/INBOX"
    untrusted = replies(invited_webinar, "--imap", url)  # a self-signed certificate is not trusted by default
    assert (
        untrusted.returncode == 1
        and "CERTIFICATE_VERIFY_FAILED" in untrusted.stderr
        and "Traceback" not in untrusted.stderr
    )
    trusted = replies(invited_webinar, "--imap", url, EVENTKIT_IMAP_CA_FILE=str(dovecot.ca_file))
    assert trusted.returncode == 0, trusted.stderr
    assert answers(invited_webinar)["replies"][UID]["renate.held@example.org"]["partstat"] == "DECLINED"


def test_mailbox_errors_are_one_clear_line(invited_webinar, dovecot):
    url = f"imap://{USER}@127.0.0.1:{dovecot.imap_port}/INBOX"
    wrong = replies(invited_webinar, "--imap", url, EVENTKIT_IMAP_PASSWORD="wrong")
    assert wrong.returncode == 1 and "Traceback" not in wrong.stderr and "AUTHENTICATIONFAILED" in wrong.stderr
    missing = replies(invited_webinar, "--imap", url.replace("INBOX", "Nowhere"))
    assert missing.returncode == 1 and "no folder 'Nowhere'" in missing.stderr
    remote = replies(invited_webinar, "--imap", "imap://me@mail.example.org/INBOX")
    assert remote.returncode == 2 and "use imaps://" in remote.stderr
    in_url = replies(invited_webinar, "--imap", f"imaps://me:pw@127.0.0.1:{dovecot.imaps_port}/INBOX")
    assert in_url.returncode == 2 and "EVENTKIT_IMAP_PASSWORD" in in_url.stderr
