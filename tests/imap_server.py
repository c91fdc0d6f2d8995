"""A real IMAP server for the tests: Dovecot (Debian's dovecot-imapd) started on 127.0.0.1 with its own
configuration, a self-signed certificate made here, and a user whose password is in a file of its own; plain IMAP
and IMAPS each on a port the OS picked. Skipped, with the reason, when dovecot or openssl is missing."""

from __future__ import annotations

import imaplib
import os
import pwd
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

USER, PASSWORD = "organiser", "s3cret-for-tests"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Dovecot:
    imap_port: int
    imaps_port: int
    ca_file: Path

    def client(self) -> imaplib.IMAP4:
        client = imaplib.IMAP4("127.0.0.1", self.imap_port, timeout=10)
        client.login(USER, PASSWORD)
        return client

    def deliver(self, raw: bytes, when: float | None = None) -> None:
        """Put a message into INBOX, as the organiser's mail server would have."""
        client = self.client()
        try:
            kind, data = client.append("INBOX", None, imaplib.Time2Internaldate(when or time.time()), raw)
            assert kind == "OK", data
        finally:
            client.logout()

    def flags(self) -> list[str]:
        client = self.client()
        try:
            client.select("INBOX", readonly=True)
            kind, data = client.uid("FETCH", "1:*", "(FLAGS)")
            return [item.decode() for item in data if item]
        finally:
            client.logout()


@pytest.fixture
def dovecot(tmp_path):
    binary, openssl = shutil.which("dovecot") or "/usr/sbin/dovecot", shutil.which("openssl")
    if not Path(binary).exists():
        pytest.skip("dovecot is not installed (Debian package dovecot-imapd; `bash .ci/setup` installs it)")
    if not openssl:
        pytest.skip("openssl is not installed (it makes the test server's certificate)")
    folder = tmp_path / "dovecot"
    for name in ("state",):
        (folder / name).mkdir(parents=True)
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(folder / "key.pem"),
            "-out",
            str(folder / "cert.pem"),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    (folder / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n", encoding="utf-8")
    # Dovecot never runs a mailbox as root: as root, the mailbox belongs to 'nobody', in a folder it can enter
    homes_outside = os.getuid() == 0
    # Dovecot's sockets live in base_dir, and a socket's path has at most 107 bytes: a short folder of its own
    # (a test's tmp_path can be long, e.g. under pytest-xdist's popen-gw0/)
    sockets = Path(tempfile.mkdtemp(prefix="ek-dc-"))
    homes = Path(tempfile.mkdtemp(prefix="eventkit-dovecot-")) if homes_outside else folder / "home"
    homes.mkdir(exist_ok=True)
    if homes_outside:
        nobody = pwd.getpwnam("nobody")
        uid, gid = nobody.pw_uid, nobody.pw_gid
        os.chmod(homes, 0o711)
        os.chown(homes, uid, gid)
    else:
        uid, gid = os.getuid(), os.getgid()
    imap_port, imaps_port = _free_port(), _free_port()
    # as root, the password check runs as root too, so that it can read the passwd file inside tmp_path (0700)
    auth_as_root = "service auth {\n  user = root\n}\nservice auth-worker {\n  user = root\n}" if homes_outside else ""
    config = folder / "dovecot.conf"
    config.write_text(
        f"""
base_dir = {sockets}
state_dir = {folder}/state
log_path = {folder}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{folder}/cert.pem
ssl_key = <{folder}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain
mail_location = maildir:~/Maildir
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
{auth_as_root}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {folder}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={homes}/%u
}}
""",
        encoding="utf-8",
    )
    process = subprocess.Popen([binary, "-F", "-c", str(config)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        for _ in range(100):  # at most 10 s for it to listen
            try:
                socket.create_connection(("127.0.0.1", imap_port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None:
                    pytest.fail(f"dovecot did not start: {process.stdout.read().decode(errors='replace')}")
                time.sleep(0.1)
        yield Dovecot(imap_port, imaps_port, folder / "cert.pem")
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(sockets, ignore_errors=True)
        if homes_outside:
            shutil.rmtree(homes, ignore_errors=True)


def check_tls(server: Dovecot) -> None:
    """The IMAPS port really speaks TLS with the test's certificate."""
    context = ssl.create_default_context(cafile=str(server.ca_file))
    imaplib.IMAP4_SSL("127.0.0.1", server.imaps_port, ssl_context=context, timeout=10).logout()
