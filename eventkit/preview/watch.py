"""Watching the files a preview depends on: the event file, Markdown files and its attendance record beside it,
and the templates."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

MARKDOWN_SUFFIXES = (".md", ".markdown", ".po")  # the notes file, Markdown beside it, translation files


def watched_paths(event_file: Path, template_dirs: list[Path]) -> tuple[list[Path], Callable[[str], bool]]:
    """The folders to watch and a filter of the changed paths that matter.

    The event file's folder is watched rather than the file, because editors often save by writing a new file
    and renaming it over the old one."""
    event_file = Path(event_file).resolve()
    templates = [Path(d).resolve() for d in template_dirs if Path(d).is_dir()]

    def relevant(changed: str) -> bool:
        path = Path(changed)
        if path == event_file or (path.parent == event_file.parent and path.suffix.lower() in MARKDOWN_SUFFIXES):
            return True
        if path == event_file.with_name(f"{event_file.stem}.attendance.json"):  # the attendance record
            return True
        return any(path.is_relative_to(folder) for folder in templates) and not path.name.startswith(".")

    return [event_file.parent, *templates], relevant


def watch_in_background(
    paths: list[Path], relevant: Callable[[str], bool], on_change: Callable[[], None], stop: threading.Event
) -> threading.Thread:
    """Call ``on_change`` (in a background thread) whenever a relevant file changes, until ``stop`` is set."""
    import watchfiles

    def run() -> None:
        for changes in watchfiles.watch(
            *paths,
            stop_event=stop,
            debounce=60,
            step=30,
            rust_timeout=200,
            recursive=False,
            watch_filter=lambda change, path: relevant(path),
            raise_interrupt=False,
        ):
            if changes:
                on_change()

    thread = threading.Thread(target=run, name="eventkit-preview-watch", daemon=True)
    thread.start()
    return thread
