"""Shared fixtures: the project's paths, a valid scaffolded event, and a runner for the real command line."""
from __future__ import annotations

import datetime as dt
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EVENTS = ROOT / "events"
SHARED = ROOT.parent / "shared"
REFERENCE_EVENTS = {
    "summary-report": EVENTS / "fostering-cooperation-vienna-2021.toml",
    "note-for-file": EVENTS / "georgia-gcm-webinar-2021.toml",
}


def copy_event(path: Path, folder: Path) -> Path:
    """A copy of an event file in ``folder``, with the files eventkit keeps beside it (``<stem>.invites.json``,
    ``<stem>.notes.md``), so that a build's new invite state does not rewrite a tracked file; its path."""
    folder.mkdir(parents=True, exist_ok=True)
    for sidecar in path.parent.glob(f"{path.stem}.*"):
        shutil.copy(sidecar, folder / sidecar.name)
    return folder / path.name


def missing_shared(*relative: str) -> str | None:
    """Why a test that reads these files of ../shared cannot run (naming what is missing), or None when all exist.

    ../shared (the published reference reports and the checking tools) sits beside the checkout on CI and on the
    project's machines; a bare clone has no such folder, and the tests that need it are skipped, not failed."""
    missing = [SHARED / name for name in relative if not (SHARED / name).is_file()]
    if not missing:
        return None
    if not SHARED.is_dir():
        return f"needs the folder {SHARED} (reference reports and tools, beside the checkout), which is absent"
    return f"needs {', '.join(map(str, missing))}, which {'is' if len(missing) == 1 else 'are'} missing"


def needs_shared(*relative: str) -> pytest.MarkDecorator:
    """Marker: skip the test, saying which folder or file is missing, unless ../shared/<relative> all exist."""
    reason = missing_shared(*relative)
    return pytest.mark.skipif(reason is not None, reason=reason or "")


def shared_file(relative: str) -> Path:
    """The path of ../shared/<relative> for a fixture or test; skips the caller, naming what is missing, if absent."""
    reason = missing_shared(relative)
    if reason:
        pytest.skip(reason)
    return SHARED / relative


def run_eventkit(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run the real command line (`python -m eventkit`) and capture its output."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "eventkit", *map(str, args)], cwd=cwd or ROOT, env=env,
                          input=stdin if stdin is not None else "", capture_output=True, text=True, timeout=300)


def html_document(body: str, *, head: str = "", lang: str = "en") -> str:
    """A document in the HTML our templates produce (docs/reference/template-html.md), around ``body``."""
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head>
<meta charset="utf-8">
<title>Fostering Sub-Regional Cooperation – Summary report</title>
<meta name="author" content="IOM Regional Office in Vienna">
<meta name="description" content="Summary report">
<meta name="keywords" content="migration, GCM">
<meta name="dcterms.created" content="2021-03-24T09:30:00+01:00">
<meta name="generator" content="eventkit 0.1.0">
<link rel="stylesheet" href="theme.css">{head}
</head>
<body>
<header class="page-header">IOM Regional Office in Vienna</header>
{body}
</body></html>"""


@pytest.fixture
def scaffold_text() -> str:
    from eventkit.documents.scaffold import render_scaffold
    return render_scaffold(Path("webinar.toml"), title="Test webinar", kind="webinar", date=dt.date(2026, 12, 10),
                           start=dt.time(14, 0), end=dt.time(17, 0), timezone="Asia/Tbilisi")


@pytest.fixture
def write_event(tmp_path: Path):
    """Write event text to a file in tmp_path and return its path."""
    def write(text: str | bytes, name: str = "event.toml") -> Path:
        path = tmp_path / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return path
    return write


@pytest.fixture
def counting_server():
    """An HTTP server on 127.0.0.1 that counts the requests it gets (a fetch would show here).

    Yields its base URL and the list of requested paths. It answers with a stylesheet whose content would be
    visible in a PDF, so that a fetch that slipped through could also be seen in the output."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body::after { content: 'FETCHED-OVER-HTTP' }")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", requests
    server.shutdown()
    server.server_close()


def as_from_a_terminal() -> None:
    """``preexec_fn`` for a child that must take Ctrl-C as a terminal's foreground command does. A test run started
    in the background by a script (``pytest ... &`` in sh) has SIGINT ignored and its children inherit that, as
    POSIX says; eventkit then rightly keeps ignoring it (as under nohup), and a test sending SIGINT would fail."""
    import signal
    signal.signal(signal.SIGINT, signal.SIG_DFL)
