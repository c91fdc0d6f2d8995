"""Content hashes (SHA-256) of texts and files: what the build manifest and an event's images are fingerprinted by."""
from __future__ import annotations

import hashlib
from pathlib import Path


def sha256(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def file_sha256(path: Path) -> str | None:
    """The hash of a file's bytes, or None when it cannot be read (missing, a folder ...)."""
    try:
        return sha256(Path(path).read_bytes())
    except OSError:
        return None
