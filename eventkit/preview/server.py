"""The preview's HTTP server (standard library only), bound to 127.0.0.1.

/                       the list of documents (and the event's errors, if any)
/doc/<kind>.html        a document's HTML: the very HTML the PDF is made from, plus the preview's additions
/doc/<file>             theme.css ...: files inside the theme folder only (as the PDF renderer)
/_preview/image/<n>     the event's n-th local image (a logo, a picture in its Markdown), verified as for the PDF
/_preview/events        server-sent events: the current version, then each new one
/_preview/status        the version and the problems, as JSON
/_preview/preview.css, /_preview/reload.js
"""

from __future__ import annotations

import http.server
import json
import mimetypes
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..documents.kinds import DOCUMENT_KINDS, assets_dir, template_dirs
from ..documents.pdf.writer import RefusedURL, resolve_asset
from .state import PreviewState, decorate, index_page
from .watch import watch_in_background, watched_paths

STATIC = Path(__file__).resolve().parent / "static"
HOST = "127.0.0.1"
HEARTBEAT_SECONDS = 10.0


class PreviewHandler(http.server.BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"
    timeout = 120  # an idle connection is closed (the event stream writes every 10 s)

    def log_message(self, format: str, *args: Any) -> None:  # the terminal shows what the CLI prints, not each request
        pass

    def do_GET(self) -> None:
        """Answer one request: a request the preview cannot make sense of gets a 4xx, never an exception."""
        try:
            self._get()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser went away
        except (ValueError, UnicodeError, LookupError):  # a malformed address: bad percent-escapes, a NUL ...
            self._send(400, b"bad request", "text/plain")
        except Exception as exc:  # a bug: answer, and hand it to the command (a crash log, not the terminal)
            self.server.on_bug(exc)
            self._send(500, b"internal error in eventkit's preview (details in a crash log)", "text/plain")

    def _get(self) -> None:
        if not self._host_allowed():
            return self._send(421, b"wrong Host header", "text/plain")
        path = unquote(urlsplit(self.path).path, errors="strict")
        state = self.server.state
        if path in ("/", "/index.html"):
            return self._send(200, index_page(state).encode("utf-8"), "text/html; charset=utf-8")
        if path == "/_preview/events":
            return self._events()
        if path == "/_preview/status":
            snapshot = state.snapshot
            body = json.dumps(
                {
                    "version": snapshot.version,
                    "failed": snapshot.failed,
                    "problems": snapshot.problems if snapshot.failed else [],
                }
            )
            return self._send(200, body.encode("utf-8"), "application/json")
        if path in ("/_preview/preview.css", "/_preview/reload.js"):
            file = STATIC / path.rsplit("/", 1)[1]
            return self._send(200, file.read_bytes(), mimetypes.guess_type(file.name)[0] or "text/plain")
        if path.startswith("/_preview/image/"):
            return self._image(path.rsplit("/", 1)[1])
        if path.startswith("/doc/"):
            name = path[len("/doc/") :]
            if name.endswith(".html") and name[:-5] in DOCUMENT_KINDS:
                kind = name[:-5]
                version, document, problems = state.page(kind)
                page = decorate(
                    served_images(document, state.image_files()), version, problems, DOCUMENT_KINDS[kind].title
                )
                return self._send(200, page.encode("utf-8"), "text/html; charset=utf-8")
            try:
                file = resolve_asset((self.server.assets / name).as_uri(), self.server.assets)
            except (RefusedURL, ValueError):
                return self._send(404, b"not found", "text/plain")
            return self._send(200, file.read_bytes(), mimetypes.guess_type(file.name)[0] or "application/octet-stream")
        return self._send(404, b"not found", "text/plain")

    def _image(self, number: str) -> None:
        """One of the event's local images, by its place in the list the pages were rewritten with."""
        from ..text.images import ImageProblem, image_format, verified_image_bytes

        files = self.server.state.image_files()
        if not re.fullmatch(r"[0-9]{1,6}", number) or int(number) >= len(files):  # ASCII digits ("²".isdigit())
            return self._send(404, b"not found", "text/plain")
        try:
            data = verified_image_bytes(Path(files[int(number)]))
        except (ImageProblem, OSError):
            return self._send(404, b"not found", "text/plain")
        return self._send(200, data, f"image/{(image_format(data[:16]) or 'png').lower()}")

    def _host_allowed(self) -> bool:
        """Only pages of this server may talk to it (no DNS-rebinding from a web site)."""
        return host_name(self.headers.get("Host") or "") in (HOST, "localhost", "[::1]")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        state = self.server.state
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        seen: int | None = None
        try:
            while True:  # until the preview closes (checked after each wait: closing wakes the waits)
                version = state.version if seen is None else state.wait_for_change(seen, HEARTBEAT_SECONDS)
                if state.closed:
                    break
                message = f"event: version\ndata: {version}\n\n" if version != seen else ": still here\n\n"
                self.wfile.write(message.encode("utf-8"))
                self.wfile.flush()
                seen = version
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page was closed or reloaded


def host_name(header: str) -> str:
    """The name in a Host header, without its port: "127.0.0.1:8765" -> "127.0.0.1", "[::1]" -> "[::1]"; "" for
    a header that is not a host with an optional port."""
    m = re.fullmatch(r"(\[[0-9A-Fa-f:.]+\]|[^:\[\]\s]+)(?::[0-9]{1,5})?", header.strip())
    return m.group(1) if m else ""


def served_images(document: str, files: tuple[str, ...]) -> str:
    """The document with its local images' ``file:`` sources (a browser will not load them from an http page)
    pointing at this server instead."""
    for number, file in enumerate(files):
        document = document.replace(f'src="{Path(file).as_uri()}"', f'src="/_preview/image/{number}"')
    return document


class PreviewServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, state: PreviewState, port: int):
        super().__init__((HOST, port), PreviewHandler)
        self.state = state
        self.assets = assets_dir(state.templates).resolve()
        self.stop_watching = threading.Event()
        self.on_bug: Callable[[BaseException], object] = lambda exc: None  # the command writes a crash log

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}/"

    def start_watching(self, on_refresh: Callable[[], object] = lambda: None) -> None:
        paths, relevant = watched_paths(self.state.event_file, template_dirs(self.state.templates))

        def changed() -> None:
            self.state.refresh()
            on_refresh()

        watch_in_background(paths, relevant, changed, self.stop_watching)

    def close(self) -> None:
        """Stop watching, end the event streams and release the port."""
        self.stop_watching.set()
        self.state.close()
        self.server_close()


def open_preview(
    event_file: Path, port: int = 8765, templates: Path | None = None, language: str = ""
) -> PreviewServer:
    """A preview server for ``event_file`` on 127.0.0.1:``port`` (0: any free port), showing the documents in
    ``language`` (one of the event's languages; default: as written); call ``serve_forever()``."""
    state = PreviewState(event_file, templates, language)
    return PreviewServer(state, port)
