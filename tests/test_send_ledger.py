"""`eventkit invites --send` with the send ledger, against a real SMTP server (aiosmtpd on 127.0.0.1): per-recipient
outcomes, a refused recipient, a dropped connection, a killed sender, and nobody ever getting a second copy."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REFERENCE_EVENTS, ROOT, as_from_a_terminal, run_eventkit

UID = "georgia-gcm-webinar-2021@eventkit"


@pytest.fixture
def event_file(tmp_path) -> Path:
    path = tmp_path / "event.toml"
    path.write_bytes(REFERENCE_EVENTS["note-for-file"].read_bytes())  # nine attendees with an e-mail
    return path


def attendees(event_file: Path) -> list[str]:
    from eventkit.calendar.invites import build_invites
    from eventkit.event.load import load_event

    return [a.email.lower() for a in build_invites(load_event(event_file), {}).file("invite.ics").attendees]


def send(event_file: Path, port: int, *args: str) -> subprocess.CompletedProcess:
    return run_eventkit(
        "invites", event_file, "-o", event_file.parent / "out", "--send", "--smtp", f"127.0.0.1:{port}", *args
    )


def ledger(event_file: Path) -> dict:
    return json.loads(event_file.with_name("event.sent.json").read_text(encoding="utf-8"))["sent"]


def send_stopped(event_file: Path, mailbox, at_message: int, signum: int) -> tuple[int, str, str]:
    """`invites --send` sent ``signum`` when the server receives its ``at_message``-th message (before the sender
    hears the answer); the command's exit status, stdout and stderr."""
    process = None

    def stop(number: int) -> None:
        if number == at_message:
            os.kill(process.pid, signum)

    mailbox.on_message = stop
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [
        "invites",
        str(event_file),
        "-o",
        str(event_file.parent / "out"),
        "--send",
        "--smtp",
        f"127.0.0.1:{mailbox.port}",
    ]
    process = subprocess.Popen(
        [sys.executable, "-m", "eventkit", *command],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=as_from_a_terminal,
    )
    try:
        stdout, stderr = process.communicate(timeout=120)
    finally:
        mailbox.on_message = None
    return process.returncode, stdout, stderr


def recipients_report(stdout: str) -> dict[str, str]:
    """address -> status from the end-of-run list of recipients."""
    lines = stdout.split("recipients:\n", 1)[1].splitlines()
    return {line.split()[1]: line.split()[0] for line in lines if line.startswith("  ")} | {
        line.split()[2]: "not attempted" for line in lines if line.startswith("  not attempted")
    }


def test_refused_recipient_and_dropped_connection_then_a_second_run(event_file, mailbox):
    everyone = attendees(event_file)
    assert len(everyone) == 9
    mailbox.refuse = {everyone[5]}  # the 6th of nine is refused
    mailbox.drop_after = 7  # and the connection drops after the 7th accepted message
    first = send(event_file, mailbox.port)
    assert first.returncode == 1, first.stderr
    status = recipients_report(first.stdout)
    assert [status[a] for a in everyone] == ["sent"] * 5 + ["refused", "sent", "sent", "not attempted"]
    assert "550 5.1.1" in first.stdout and "Traceback" not in first.stderr
    assert "sent 7 messages" in first.stdout and "1 refused, 1 not attempted" in first.stdout
    recorded = ledger(event_file)
    assert [e["outcome"] for e in recorded[everyone[5]]] == ["refused"] and everyone[8] not in recorded
    assert all(recorded[a][0]["answer"].startswith("250") for a in everyone[:5])

    second = send(event_file, mailbox.port)  # the mailbox of the 6th is still unavailable
    assert second.returncode == 1
    status = recipients_report(second.stdout)
    assert status == {everyone[5]: "refused", everyone[8]: "sent"}
    assert "refused last time: 550 5.1.1" in second.stdout and "7 recipients up to date" in second.stdout

    mailbox.refuse = set()
    third = send(event_file, mailbox.port)
    assert third.returncode == 0, third.stdout + third.stderr
    assert recipients_report(third.stdout) == {everyone[5]: "sent"}
    assert mailbox.count() == {a: 1 for a in everyone}  # across the three runs: exactly one invitation each
    fourth = send(event_file, mailbox.port)
    assert fourth.returncode == 0 and "nothing to send" in fourth.stdout and mailbox.count() == {a: 1 for a in everyone}


def test_the_answer_lost_after_the_message_arrived_is_not_sent_twice(event_file, mailbox):
    everyone = attendees(event_file)
    mailbox.drop_before_answer = 3  # the 3rd message arrives whole; the connection drops before the 250
    first = send(event_file, mailbox.port)
    assert first.returncode == 1
    assert recipients_report(first.stdout)[everyone[2]] == "unknown"
    assert ledger(event_file)[everyone[2]][0]["outcome"] == "attempting"
    mailbox.drop_before_answer = None
    second = send(event_file, mailbox.port)
    assert second.returncode == 0, second.stderr
    arrived_id = next(str(m["Message-ID"]) for to, m in mailbox.accepted if to == everyone[2])
    assert f"not sent to {everyone[2]}: an earlier run stopped while sending this" in second.stdout
    assert arrived_id in second.stdout  # the Message-ID to look for in the server's log
    assert mailbox.count() == {a: 1 for a in everyone}
    forced = send(event_file, mailbox.port, "--resend", "--to", everyone[2])
    assert forced.returncode == 0 and recipients_report(forced.stdout) == {everyone[2]: "sent"}
    again = [str(m["Message-ID"]) for to, m in mailbox.accepted if to == everyone[2]]
    assert again == [arrived_id, arrived_id]  # the same Message-ID: a mail system that has it can drop the copy


def test_a_sender_killed_mid_run_then_run_again(event_file, mailbox):
    everyone = attendees(event_file)
    # the 4th message has arrived; the sender dies before it hears the 250
    returncode, _, _ = send_stopped(event_file, mailbox, at_message=4, signum=signal.SIGKILL)
    assert returncode == -signal.SIGKILL
    assert [e[0]["outcome"] for e in ledger(event_file).values()] == ["accepted"] * 3 + ["attempting"]
    again = send(event_file, mailbox.port)
    assert again.returncode == 0, again.stdout + again.stderr
    assert f"not sent to {everyone[3]}: an earlier run stopped" in again.stdout
    assert mailbox.count() == {a: 1 for a in everyone}
    assert not list(event_file.parent.glob(".*.tmp"))


@pytest.mark.parametrize(
    "stop, status, words", [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "stopped by SIGTERM")]
)
def test_ctrl_c_mid_run_lists_every_recipient_and_a_second_run_completes(event_file, mailbox, stop, status, words):
    """Ctrl-C (or SIGTERM: a closed session, a service manager) while the 5th message waits for its answer."""
    everyone = attendees(event_file)
    returncode, stdout, stderr = send_stopped(event_file, mailbox, at_message=5, signum=stop)
    assert returncode == status and "Traceback" not in stderr and words in stderr, stderr
    status = recipients_report(stdout)
    assert [status[a] for a in everyone] == ["sent"] * 4 + ["unknown"] + ["not attempted"] * 4
    again = send(event_file, mailbox.port)
    assert again.returncode == 0, again.stdout + again.stderr
    assert mailbox.count() == {a: 1 for a in everyone}


def test_new_registrants_get_their_invitation_and_nobody_else_anything(event_file, mailbox):
    assert send(event_file, mailbox.port).returncode == 0
    text = event_file.read_text(encoding="utf-8")
    event_file.write_text(
        text + '\n[people.newcomer]\nname = "Nino Beridze"\nemail = "nino@example.org"\n', encoding="utf-8"
    )
    dry = run_eventkit("invites", event_file, "-o", event_file.parent / "out", "--send", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.count("would send to ") == 1 and "would send to nino@example.org: new invitation" in dry.stdout
    assert "9 recipients up to date" in dry.stdout and len(mailbox.accepted) == 9
    done = send(event_file, mailbox.port)
    assert done.returncode == 0 and recipients_report(done.stdout) == {"nino@example.org": "sent"}
    assert mailbox.count()["nino@example.org"] == 1 and len(mailbox.accepted) == 10


def test_an_update_reaches_everyone_once_and_a_reminder_only_who_has_not_answered(event_file, mailbox, tmp_path):
    from test_replies import thunderbird_reply

    everyone = attendees(event_file)
    assert send(event_file, mailbox.port).returncode == 0
    event_file.write_text(
        event_file.read_text(encoding="utf-8").replace('platform = "KUDO platform"', 'platform = "Zoom"', 1),
        encoding="utf-8",
    )
    update = send(event_file, mailbox.port)
    assert update.returncode == 0, update.stderr
    assert update.stdout.count("updated (SEQUENCE 0 -> 1") == 9
    assert all(m["Subject"].startswith("Updated invitation") for _, m in mailbox.accepted[9:])
    (tmp_path / "yes.eml").write_bytes(thunderbird_reply(UID, everyone[0], "Sabine Machl", "ACCEPTED"))
    assert run_eventkit("replies", event_file, tmp_path / "yes.eml").returncode == 0
    remind = send(event_file, mailbox.port, "--to-unanswered")
    assert remind.returncode == 0, remind.stderr
    assert remind.stdout.count("reminder (no answer yet)") == 8 and everyone[0] not in recipients_report(remind.stdout)
    assert all(m["Subject"].startswith("Reminder") for _, m in mailbox.accepted[18:]) and len(mailbox.accepted) == 26


def test_damaged_ledger_entries_are_located_errors(event_file, mailbox):
    assert send(event_file, mailbox.port).returncode == 0
    path = event_file.with_name("event.sent.json")
    good = json.loads(path.read_text(encoding="utf-8"))
    address = next(iter(good["sent"]))
    for damage, words in (
        (lambda e: {**e, "sequence": 2**31}, "'sequence'"),
        (lambda e: [], "not a table"),
        (lambda e: {**e, "outcome": "maybe"}, "'outcome'"),
        (lambda e: {**e, "uid": "a\x1bb"}, "'uid'"),
    ):
        data = json.loads(json.dumps(good))
        data["sent"][address][0] = damage(data["sent"][address][0])
        path.write_text(json.dumps(data, indent=2), encoding="utf-8")
        done = send(event_file, mailbox.port)
        assert done.returncode == 1 and "Traceback" not in done.stderr
        [line] = [line for line in done.stderr.splitlines() if "event.sent.json" in line]
        assert f'sent["{address}"][0]' in line and words in line and "\x1b" not in line
    path.unlink()
    os.mkfifo(path)  # a FIFO in place of the ledger: refused at once, never read
    done = send(event_file, mailbox.port)
    assert (
        done.returncode == 1
        and "event.sent.json: is a named pipe (FIFO), not a regular file" in done.stderr
        and len(mailbox.accepted) == 9
    )


def test_answers_without_a_ledger_mean_the_invitations_went_out_before_and_send_refuses(event_file, mailbox, tmp_path):
    """An organiser who sent with an eventkit that kept no ledger (or deleted it) has answers but no record of
    what was sent: a plain --send would mail everyone a second copy, so it refuses and says how to go on."""
    from test_replies import thunderbird_reply

    everyone = attendees(event_file)
    assert run_eventkit("invites", event_file, "-o", tmp_path / "out").returncode == 0
    (tmp_path / "yes.eml").write_bytes(thunderbird_reply(UID, everyone[0], "Sabine Machl", "ACCEPTED"))
    recorded = run_eventkit("replies", event_file, tmp_path / "yes.eml")
    assert recorded.returncode == 0, recorded.stdout + recorded.stderr
    refused = send(event_file, mailbox.port)
    assert refused.returncode == 1 and "1 person has answered" in refused.stderr, refused.stdout + refused.stderr
    assert "--resend" in refused.stderr and "Traceback" not in refused.stderr
    assert mailbox.accepted == [] and not event_file.with_name("event.sent.json").exists()
    dry = send(event_file, mailbox.port, "--dry-run")
    assert dry.returncode == 0 and "1 person has answered" in dry.stderr and mailbox.accepted == []
    one = send(event_file, mailbox.port, "--to", everyone[1])
    assert one.returncode == 0, one.stdout + one.stderr
    assert mailbox.count() == {everyone[1]: 1}
    again = send(event_file, mailbox.port)  # the ledger now holds a send: the usual rules apply
    assert again.returncode == 0 and mailbox.count() == {a: 1 for a in everyone}
