"""Shared fixtures: the project's paths, a valid scaffolded event, and a runner for the real command line."""

from __future__ import annotations

import datetime as dt
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

# Fixtures every test module may ask for by name (never import a fixture: a test's argument would redefine it):
# the real SMTP server (``mailbox``), the real IMAP server (``dovecot``) and the independent .ics readers
# (``icaljs``, ``icaljs_occurrences``, ``tsics``, ``libical``).
pytest_plugins = ("smtp_server", "imap_server", "ical_readers")

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
    return subprocess.run(
        [sys.executable, "-m", "eventkit", *map(str, args)],
        cwd=cwd or ROOT,
        env=env,
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        timeout=300,
    )


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


# ---------------------------------------------------------------- a minimal event file, written out

# The [event] fields every event file needs; event_toml's keywords replace them or add others after them.
MINIMAL_EVENT: dict[str, object] = {
    "title": "Test event",
    "date": dt.date(2026, 12, 10),
    "start": "10:00",
    "end": "12:00",
    "timezone": "Europe/Vienna",
}
SECRETARIAT = {"name": "Secretariat", "email": "secretariat@example.org"}


def toml_string(text: str) -> str:
    """A TOML basic string holding ``text`` exactly (backslash, quote and control characters escaped)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\u{ord(m.group()):04X}", escaped) + '"'


def toml_value(value: object) -> str:
    """``value`` as a TOML value: text (times too: start = "10:00") as a basic string, a date bare, a list inline."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(map(toml_value, value)) + "]"
    if isinstance(value, str):
        return toml_string(value)
    raise TypeError(f"no TOML for {value!r}")


def toml_table(header: str, fields: Mapping[str, object]) -> str:
    """``[header]`` (or ``[[header]]`` as given) and its fields, one ``key = value`` a line, in their order."""
    return "\n".join([header, *(f"{key} = {toml_value(value)}" for key, value in fields.items())])


def event_toml(*, organisers: Sequence[Mapping[str, object]] = (SECRETARIAT,), extra: str = "", **event: object) -> str:
    """The text of a valid event file: the [event] table (MINIMAL_EVENT's fields, each other keyword replacing one
    in its place or adding one after them, an id first; None leaves a field out), an [[organisers]] table for each mapping of
    ``organisers`` (the Secretariat by default; ``()`` for none), then ``extra`` as written (people, agenda, report
    ... as TOML text), a blank line between them. For example::

        event_toml(id="board", title="Board meeting", report_style="minutes", extra='[people.ana]\\nname = "Ana"')

    For a test about the event rather than about the file's layout: a test of where an error is reported, of the
    order of tables or of comments keeps its own literal TOML."""
    first = {"id": None} if "id" in event else {}  # an id goes first, as `eventkit new` writes it
    fields = {key: value for key, value in {**first, **MINIMAL_EVENT, **event}.items() if value is not None}
    tables = [toml_table("[event]", fields), *(toml_table("[[organisers]]", o) for o in organisers)]
    if extra.strip():
        tables.append(extra.strip("\n"))
    return "\n\n".join(tables) + "\n"


@pytest.fixture
def scaffold_text() -> str:
    from eventkit.documents.scaffold import render_scaffold

    return render_scaffold(
        Path("webinar.toml"),
        title="Test webinar",
        kind="webinar",
        date=dt.date(2026, 12, 10),
        start=dt.time(14, 0),
        end=dt.time(17, 0),
        timezone="Asia/Tbilisi",
    )


INVITED_PEOPLE = """
[people.held]
honorific = "Ms."
name = "Renate Held"
email = "renate.held@example.org"

[people.yilmaz]
honorific = "Mr."
name = "Mehmet Yılmaz"
email = "Mehmet.Yilmaz@example.org"

[people.dubois]
name = "Léa Dubois"
email = "lea.dubois@example.org"

[people.nomail]
name = "Nobody Withoutmail"

[[delegations]]
name = "Guests"
members = ["held", "yilmaz", "dubois", "nomail"]

"""


@pytest.fixture
def invited_webinar(tmp_path, scaffold_text) -> Path:
    """The scaffolded webinar (tmp_path/webinar.toml) with four guests, one without e-mail, whose invitations were
    issued (``eventkit invites --per-session``): replies are applied only from someone who was invited."""
    path = tmp_path / "webinar.toml"
    text = scaffold_text.replace("# Delegations and organisations", INVITED_PEOPLE + "# Delegations and organisations")
    path.write_text(text, encoding="utf-8")
    issued = run_eventkit("invites", path, "-o", tmp_path / "issued", "--per-session")
    assert issued.returncode == 0, issued.stderr
    return path


@pytest.fixture
def write_event(tmp_path: Path):
    """Write event text to a file in tmp_path and return its path."""

    def write(text: str | bytes, name: str = "event.toml") -> Path:
        path = tmp_path / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return path

    return write


# ---------------------------------------------------------------- the two reference events, built once a session


@pytest.fixture(scope="session")
def reference_builds(tmp_path_factory) -> dict[str, Path]:
    """Reference name -> the folder its event was built into, by one `eventkit build A B -o DIR` call (copies of the
    event files, so that the build's invite state stays out of events/)."""
    from eventkit.event.load import load_event

    out = tmp_path_factory.mktemp("build")
    sources = tmp_path_factory.mktemp("events")
    result = run_eventkit("build", *(copy_event(path, sources) for path in REFERENCE_EVENTS.values()), "-o", out)
    if result.returncode != 0:
        pytest.fail(f"eventkit build failed ({result.returncode}):\n{result.stderr}")
    return {name: out / load_event(path).id for name, path in REFERENCE_EVENTS.items()}


@pytest.fixture(scope="session")
def reference_models() -> dict:
    """Reference name -> its event as eventkit loads it (the model the documents are made from)."""
    from eventkit.event.load import load_event

    return {name: load_event(path) for name, path in REFERENCE_EVENTS.items()}


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
