"""Invite files left in a reused output folder by an earlier run that this run did not write.

``eventkit invites`` owns ``sessions/``, ``speakers/`` and ``mail/`` in its output folder: a file there that the
current run did not produce (a speaker's old CONFIRMED file, the e-mail of someone no longer invited) is stale and
is removed, so that what is on disk is exactly what the run reports. Only the folders the run writes are
looked at: `eventkit invites` without --eml leaves mail/ alone.
"""
from __future__ import annotations

from pathlib import Path

OWNED_FOLDERS = ("sessions", "speakers", "mail")
OWNED_SUFFIXES = (".ics", ".eml")


def stale_files(directory: Path, written: set[Path], folders=OWNED_FOLDERS) -> list[Path]:
    """Files under ``folders`` (those this run writes) of ``directory`` that are not in ``written``, sorted."""
    found = []
    for folder in folders:
        root = directory / folder
        if root.is_dir():
            found += [p for p in root.rglob("*") if p.is_file() and p.suffix in OWNED_SUFFIXES and p not in written]
    return sorted(found)


def remove_stale(paths: list[Path]) -> None:
    """Remove the files, then any owned folder left empty."""
    for path in paths:
        path.unlink(missing_ok=True)
    for folder in sorted({p.parent for p in paths}, key=lambda p: len(p.parts), reverse=True):
        try:
            folder.rmdir()
        except OSError:
            pass
