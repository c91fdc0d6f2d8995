"""Reading a file the user named (an event file, its notes file, a spreadsheet): the checks every such read needs
before the bytes are trusted — it exists, it is a regular file, it is not too large, it can be read."""
from __future__ import annotations

from pathlib import Path


class UnreadableFile(Exception):
    """Why a file cannot be used, in words for its user; ``missing`` and ``directory`` let callers add their hints."""

    def __init__(self, message: str, *, missing: bool = False, directory: bool = False):
        super().__init__(message)
        self.message = message
        self.missing = missing
        self.directory = directory


def read_user_file(path: Path, max_bytes: int, what: str) -> bytes:
    """The bytes of ``path`` (``what`` names the kind of file: "an event file"); raise :class:`UnreadableFile`."""
    if not path.exists():
        raise UnreadableFile("no such file", missing=True)
    if path.is_dir():
        raise UnreadableFile(f"is a directory, not {what}", directory=True)
    if not path.is_file():
        raise UnreadableFile("is not a regular file")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise UnreadableFile(f"file is too large ({size / 1048576:.1f} MB; {what} is at most "
                                 f"{max_bytes // 1048576} MB)")
        return path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"cannot be read: {exc.strerror or exc}") from exc
