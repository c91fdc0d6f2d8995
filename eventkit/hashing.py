"""Content hashes (SHA-256) of texts and files: what the build manifest and an event's images are fingerprinted by."""

from __future__ import annotations

import hashlib
from pathlib import Path


def sha256(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


MAX_HASHED_BYTES = 1 << 30


def file_sha256(path: Path) -> str | None:
    """The hash of a file's bytes, or None when it cannot be read (missing, a folder, a named pipe ...: it is never
    opened unless it is a regular file, see :mod:`eventkit.user_files`)."""
    from .user_files import UnreadableFile, read_user_file

    try:
        return sha256(read_user_file(Path(path), MAX_HASHED_BYTES, "a file"))
    except UnreadableFile:
        return None


def folder_sha256(folder: Path) -> str:
    """The hash of every file under ``folder`` (names and bytes; byte-compiled caches left out)."""
    entries = []
    for path in sorted(Path(folder).rglob("*")):
        if "__pycache__" not in path.parts and path.is_file():
            entries.append(f"{path.relative_to(folder)}\0{file_sha256(path)}")
    return sha256("\n".join(entries))
