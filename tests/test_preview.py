"""`eventkit preview`: the real command serving on 127.0.0.1, checked over HTTP and in headless Chromium."""

from __future__ import annotations

import http.client
import os
import selectors
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REFERENCE_EVENTS, ROOT, as_from_a_terminal, run_eventkit
from headless_chromium import Browser, chromium_path

NOTE = "- *Welcomed* representatives of"  # the first speaker's first bullet in the Georgia event


def start_preview(event: Path, *options: str) -> tuple[subprocess.Popen, str, list[str]]:
    """Run `eventkit preview EVENT --port 0` and return the process, its URL and the stderr lines read so far."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "eventkit", "preview", str(event), "--port", "0", *options],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=as_from_a_terminal,
    )
    lines: list[str] = []
    selector = selectors.DefaultSelector()
    selector.register(process.stderr, selectors.EVENT_READ)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and selector.select(timeout=deadline - time.monotonic()):
        line = process.stderr.readline()
        if not line:
            break
        lines.append(line)
        if " on http://127.0.0.1:" in line:
            return process, line.split(" on ", 1)[1].split()[0], lines
    process.kill()
    pytest.fail("the preview did not start:\n" + "".join(lines))


def stop_preview(process: subprocess.Popen) -> tuple[int, str]:
    """Ctrl-C, as a user would; the exit code and the rest of stderr."""
    process.send_signal(signal.SIGINT)
    try:
        _, stderr = process.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        _, stderr = process.communicate()
        pytest.fail("the preview did not stop on Ctrl-C within 15 s")
    return process.returncode, stderr


@pytest.fixture
def preview(tmp_path):
    event = tmp_path / "georgia.toml"
    shutil.copy(REFERENCE_EVENTS["note-for-file"], event)
    process, url, _ = start_preview(event)
    yield event, url, process
    if process.poll() is None:
        process.kill()
        process.communicate()


def get(url: str, path: str, host: str | None = None) -> tuple[int, str]:
    parts = url.removeprefix("http://").rstrip("/").split(":")
    connection = http.client.HTTPConnection(parts[0], int(parts[1]), timeout=30)
    connection.request("GET", path, headers={"Host": host} if host else {})
    response = connection.getresponse()
    body = response.read().decode("utf-8", "replace")
    connection.close()
    return response.status, body


def edit(event: Path, old: str, new: str) -> None:
    text = event.read_text(encoding="utf-8")
    assert old in text, old
    event.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_preview_serves_the_pdf_html_on_localhost_only_and_stops_on_ctrl_c(preview):
    from eventkit.documents.kinds import DOCUMENT_KINDS, render_html
    from eventkit.event.load import load_event
    from eventkit.preview.state import PREVIEW_HEAD

    event, url, process = preview
    assert url.startswith("http://127.0.0.1:")
    status, index = get(url, "/")
    assert status == 200
    for name in DOCUMENT_KINDS:
        assert f'href="/doc/{name}.html"' in index
    status, page = get(url, "/doc/report.html")
    assert status == 200
    expected = render_html(load_event(event), "report")  # the very HTML the PDF is made from
    assert page.replace(PREVIEW_HEAD, "").replace(' data-preview-version="1"', "") == expected
    assert get(url, "/doc/theme.css")[0] == 200
    for path in ("/doc/../pyproject.toml", "/doc/%2e%2e/pyproject.toml", "/doc/event.toml.j2x", "/etc/passwd"):
        assert get(url, path)[0] == 404, path
    assert get(url, "/", host="attacker.example")[0] == 421  # no DNS rebinding
    code, stderr = stop_preview(process)
    assert code == 0 and "preview stopped" in stderr and "Traceback" not in stderr, stderr


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_sigterm_and_a_closed_terminal_stop_the_preview_as_ctrl_c_does(preview, signum):
    event, url, process = preview
    assert get(url, "/")[0] == 200
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=15)
    assert process.returncode == 0 and "preview stopped" in stderr and "Traceback" not in stderr, stderr


def test_ctrl_c_does_not_wait_for_an_idle_browser_connection(preview):
    """A browser keeps its HTTP/1.1 connection open: stopping must not wait for it (its thread is a daemon)."""
    event, url, process = preview
    host, port = url.removeprefix("http://").rstrip("/").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    connection.request("GET", "/doc/theme.css")
    response = connection.getresponse()
    assert response.status == 200 and response.read()
    try:
        code, stderr = stop_preview(process)  # the connection is still open
        assert code == 0 and "preview stopped" in stderr, stderr
    finally:
        connection.close()


def test_bad_requests_get_a_4xx_never_an_exception(preview):
    event, url, process = preview
    for path in (
        "/_preview/image/%C2%B2",
        "/_preview/image/99999999999999",
        "/_preview/image/-1",
        "/doc/%00",
        "/doc/%C0%AF",
        "/doc/a%00b.html",
        "/%ff",
        "/doc/" + "a" * 5000,
    ):
        status, _ = get(url, path)
        assert 400 <= status < 500, (path, status)
    assert get(url, "/", host="[::1]")[0] == 200  # an IPv6 literal without a port
    assert get(url, "/", host="[::1]:8765")[0] == 200
    assert get(url, "/", host="evil.example:[::1]")[0] == 421
    assert get(url, "/", host="[::1].evil.example")[0] == 421
    code, stderr = stop_preview(process)
    assert code == 0 and "Traceback" not in stderr and "Exception" not in stderr, stderr


def test_an_edit_reaches_the_server_within_a_second(preview):
    event, url, _ = preview
    status, before = get(url, "/_preview/status")
    assert '"version": 1' in before
    edit(event, NOTE, "- PREVIEW-TIMING-EDIT representatives of")
    started = time.monotonic()
    while '"version": 1,' in get(url, "/_preview/status")[1]:
        assert time.monotonic() - started < 1.0, "the preview did not pick up the edit within a second"
        time.sleep(0.02)
    assert "PREVIEW-TIMING-EDIT" in get(url, "/doc/report.html")[1]


@pytest.mark.skipif(not chromium_path(), reason="Chromium is not installed (Debian package chromium)")
def test_headless_chromium_sees_edits_and_errors_without_a_restart(preview, tmp_path):
    event, url, process = preview
    browser = Browser(chromium_path())
    try:
        browser.navigate(url + "doc/report.html")
        body = "document.body.innerText"
        assert "Welcomed representatives of" in browser.evaluate(body)
        assert browser.evaluate("getComputedStyle(document.body).width").startswith("79")  # an A4 sheet (210 mm)
        browser.evaluate("window.eventkitMarker = 'same page'")  # gone once the page reloads itself

        # an edit: the open page reloads by itself (no navigation from here) and shows the new text
        edit(event, NOTE, "- PREVIEW-EDIT-ONE representatives of")
        took = browser.wait_for(f"{body}.includes('PREVIEW-EDIT-ONE')", timeout=10)
        assert browser.evaluate("window.eventkitMarker === undefined")
        assert took < 2.0, f"the page took {took:.2f} s to show the edit"

        # a broken edit: the located error, as `eventkit check` prints it, above the last good version
        edit(event, 'start = "14:00"', 'start = "14:70"')
        check = run_eventkit("check", event)
        assert check.returncode == 1
        located = [line for line in check.stderr.splitlines() if ": warning:" not in line]
        assert located and located[0].startswith(f"{event}:18:"), check.stderr
        browser.wait_for("document.getElementById('eventkit-preview-problems') !== null", timeout=10)
        problems = browser.evaluate("document.getElementById('eventkit-preview-problems').innerText")
        for line in located:
            assert line in problems
        assert "PREVIEW-EDIT-ONE" in browser.evaluate(body)  # the last good version stays below
        browser.evaluate("window.scrollTo(0, 0)")
        screenshot = browser.screenshot()
        (tmp_path / "preview-error.png").write_bytes(screenshot)
        assert screenshot.startswith(b"\x89PNG") and len(screenshot) > 20_000

        # fixed again: the error goes, the text stays
        edit(event, 'start = "14:70"', 'start = "14:00"')
        browser.wait_for("document.getElementById('eventkit-preview-problems') === null", timeout=10)
        assert "PREVIEW-EDIT-ONE" in browser.evaluate(body)
        assert process.poll() is None  # the same server process throughout
    finally:
        browser.close()


def wait_for_text(url: str, path: str, text: str, timeout: float = 5.0) -> str:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        body = get(url, path)[1]
        if text in body:
            return body
        time.sleep(0.05)
    pytest.fail(f"{text!r} did not appear in {path} within {timeout} s")


def test_saving_a_template_or_a_markdown_file_reloads_too(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    shutil.copy(ROOT / "templates" / "agenda.html.j2", templates / "agenda.html.j2")
    event = tmp_path / "georgia.toml"
    shutil.copy(REFERENCE_EVENTS["note-for-file"], event)
    process, url, _ = start_preview(event, "--templates", str(templates))
    try:
        get(url, "/doc/agenda.html")
        status = get(url, "/_preview/status")[1]
        template = templates / "agenda.html.j2"
        template.write_text(
            template.read_text().replace("{% block content %}", "{% block content %}<p>TEMPLATE-EDIT</p>", 1)
        )
        wait_for_text(url, "/doc/agenda.html", "TEMPLATE-EDIT")
        before = get(url, "/_preview/status")[1]
        assert before != status
        (tmp_path / "notes.md").write_text("- a note\n")  # a Markdown file beside the event file
        started = time.monotonic()
        while get(url, "/_preview/status")[1] == before:
            assert time.monotonic() - started < 5, "a Markdown file's change was not noticed"
            time.sleep(0.05)
    finally:
        code, stderr = stop_preview(process)
    assert code == 0, stderr
