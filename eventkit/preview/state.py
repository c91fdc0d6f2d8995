"""What the preview shows: the last good version of the event's documents and the current problems.

``refresh()`` reloads the event file; when it is valid it becomes the shown version, when it is not its located
problems (the lines `eventkit check` prints) are shown above the last good version. Each refresh that changes
anything raises ``version``; the server pushes the version to the open pages, which reload.
"""

from __future__ import annotations

import html
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ..documents.event_checks import check_event_file
from ..documents.kinds import DOCUMENT_KINDS, render_html
from ..errors import BuildError
from ..event.model import Event


@dataclass
class Snapshot:
    version: int = 0
    event: Event | None = None  # the last good event
    problems: list[str] = field(default_factory=list)  # errors (and warnings) of the file as it is now
    failed: bool = False  # the file as it is now could not be shown
    pages: dict[str, str] = field(default_factory=dict)  # kind -> HTML of the last good event, rendered on demand
    image_files: tuple[str, ...] | None = None  # its local images' files, found on demand


class PreviewState:
    """The preview's one source of what to show, shared by the watcher thread and the request threads."""

    def __init__(self, event_file: Path, templates: Path | None = None, language: str = ""):
        self.event_file = Path(event_file)
        self.templates = templates
        self.language = language  # one of the event's languages ([event] languages); "" for the one it is written in
        self.changed = threading.Condition()
        self.snapshot = Snapshot()
        self.closed = False
        self.refresh()

    @property
    def version(self) -> int:
        return self.snapshot.version

    def refresh(self) -> None:
        """Reload the event file and publish a new version."""
        result = check_event_file(self.event_file)
        old = self.snapshot
        problems = [str(problem) for problem in result.problems]
        if result.event is None:
            new = Snapshot(old.version + 1, old.event, problems, True, old.pages, old.image_files)
        else:
            new = Snapshot(old.version + 1, self._in_language(result.event), problems, False, {})
        self._publish(new)

    def _in_language(self, event: Event) -> Event:
        """The event as issued in the preview's language (when the event is issued in it; else as written, and the
        language is named among the problems)."""
        if not self.language:
            return event
        from ..language.translation import in_language, issued_languages

        chosen = next((tag for tag in issued_languages(event) if tag.lower() == self.language.lower()), None)
        return in_language(event, chosen) if chosen else event

    def _publish(self, snapshot: Snapshot) -> None:
        with self.changed:
            self.snapshot = snapshot
            self.changed.notify_all()

    def close(self) -> None:
        """Wake every waiting request (the server is stopping)."""
        with self.changed:
            self.closed = True
            self.changed.notify_all()

    def wait_for_change(self, seen: int, timeout: float) -> int:
        """Block until the version differs from ``seen`` (or ``timeout`` passes, or the preview closes)."""
        with self.changed:
            self.changed.wait_for(lambda: self.snapshot.version != seen or self.closed, timeout)
            return self.snapshot.version

    def image_files(self) -> tuple[str, ...]:
        """The resolved files of the last good event's local images (logos, pictures in its Markdown)."""
        from ..event.images import EventImages
        from ..text.images import ImageProblem

        snapshot = self.snapshot
        if snapshot.event is None:
            return ()
        if snapshot.image_files is None:  # once per version, not for every page and image a browser asks for
            try:
                snapshot.image_files = EventImages.of(snapshot.event).paths()
            except ImageProblem:
                snapshot.image_files = ()
        return snapshot.image_files

    def page(self, kind: str) -> tuple[int, str, list[str]]:
        """(version, the document's HTML of the last good event or '', problems to show above it)."""
        snapshot = self.snapshot
        problems = list(snapshot.problems) if snapshot.failed else []
        if snapshot.event is None:
            return snapshot.version, "", problems
        if kind not in snapshot.pages:
            try:
                snapshot.pages[kind] = render_html(snapshot.event, kind, self.templates)
            except BuildError as exc:  # a template being edited: show why, and the previous rendering if any
                return snapshot.version, "", problems + [f"eventkit: {exc}"]
        return snapshot.version, snapshot.pages[kind], problems


PREVIEW_HEAD = '<link rel="stylesheet" href="/_preview/preview.css"><script src="/_preview/reload.js" defer></script>'


def problems_block(problems: list[str], stale: bool) -> str:
    lines = "".join(f"<p>{html.escape(line)}</p>" for line in problems)
    note = (
        '<p class="stale">Below: the last version without errors.</p>'
        if stale
        else '<p class="stale">Nothing to show until the file has no errors.</p>'
    )
    count = sum(1 for line in problems if ": warning:" not in line)
    title = f"{count} error{'s' * (count != 1)}" if count else "warnings"
    return f'<section id="eventkit-preview-problems" role="alert"><h2>{title}</h2>{lines}{note}</section>'


def decorate(document: str, version: int, problems: list[str], title: str) -> str:
    """The document's HTML, unchanged but for the preview's stylesheet and reload script in its head, its
    version on <html>, and the problems (if any) at the top of its body."""
    stale = bool(document)
    if not document:
        document = (
            f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}'
            '</title><link rel="stylesheet" href="theme.css"></head><body></body></html>'
        )
    document = document.replace("<html", f'<html data-preview-version="{version}"', 1)
    document = document.replace("</head>", PREVIEW_HEAD + "</head>", 1)
    if problems:
        at = document.find(">", document.find("<body")) + 1
        document = document[:at] + problems_block(problems, stale) + document[at:]
    return document


def index_page(state: PreviewState) -> str:
    """The list of documents, with the event's problems when it has any."""
    snapshot = state.snapshot
    title = snapshot.event.event.title if snapshot.event else state.event_file.name
    items = "".join(
        f'<li><a href="/doc/{name}.html">{html.escape(kind.title)}</a></li>' for name, kind in DOCUMENT_KINDS.items()
    )
    body = (
        f'<header class="page-header">eventkit preview: {html.escape(str(state.event_file))}</header>'
        f'<h1 class="title">{html.escape(title)}</h1><ul class="documents">{items}</ul>'
        '<p class="small">Pages reload when the event file, a Markdown file beside it or a template is saved.</p>'
    )
    document = (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)} – preview'
        f'</title><link rel="stylesheet" href="/doc/theme.css"></head><body>{body}</body></html>'
    )
    problems = snapshot.problems if snapshot.failed else []
    if problems:
        document = document.replace("<body>", "<body>" + problems_block(problems, snapshot.event is not None), 1)
    return document.replace("<html", f'<html data-preview-version="{snapshot.version}"', 1).replace(
        "</head>", PREVIEW_HEAD + "</head>", 1
    )
