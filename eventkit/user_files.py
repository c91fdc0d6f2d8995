"""Reading a file the user named (an event file, its notes file, a spreadsheet, an image): the checks every such
read needs before the bytes are trusted — it exists, it is a regular file, it is not too large, it can be read.

A named pipe (FIFO), a device or a socket is refused from its status alone, without opening it: opening a FIFO
waits for a writer and reading a device may never end. The file is then opened without blocking and checked
again on the open descriptor (it may have been swapped in between), and read with a bound, so a file that grows
while it is read cannot make eventkit read more than the limit. Errors the system reports (a name too long for
the file system, a folder the user cannot enter) are said in words, for a located error, never a traceback.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


class UnreadableFile(Exception):
    """Why a file cannot be used, in words for its user; ``missing`` and ``directory`` let callers add their hints."""

    def __init__(self, message: str, *, missing: bool = False, directory: bool = False, size: int | None = None):
        super().__init__(message)
        self.message = message
        self.missing = missing
        self.directory = directory
        self.size = size  # set when the file is too large: its size in bytes


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a directory" if stat.S_ISDIR(mode) else "not a regular file"


def os_problem(exc: OSError) -> str:
    """An error the system reported for a path, in words (without the path: the caller's message names it)."""
    if exc.errno == errno.ENAMETOOLONG:
        longest = max((len(part) for part in Path(os.fsdecode(exc.filename or "")).parts), default=0)
        return (
            f"the name is too long for the file system ({longest} characters in one part of the path; "
            "most systems allow 255 bytes)"
            if longest > 255
            else "the path is too long for the file system"
        )
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied (the file cannot be read, or a folder on its path cannot be entered)"
    if exc.errno == errno.ELOOP:
        return "too many levels of symbolic links"
    if exc.errno == errno.ENOTDIR:
        return "a part of the path is a file, not a folder"
    return exc.strerror or str(exc)


def read_user_file(path: Path, max_bytes: int, what: str) -> bytes:
    """The bytes of ``path`` (``what`` names the kind of file: "an event file"); raise :class:`UnreadableFile`."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        raise UnreadableFile("no such file", missing=True) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL character in the name
        raise UnreadableFile(f"cannot be read: {os_problem(exc) if isinstance(exc, OSError) else exc}") from exc
    if stat.S_ISDIR(status.st_mode):
        raise UnreadableFile(f"is a directory, not {what}", directory=True)
    if not stat.S_ISREG(status.st_mode):
        raise UnreadableFile(f"is {file_kind(status.st_mode)}, not a regular file: eventkit does not read from it")
    _check_size(status.st_size, max_bytes, what)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb") as handle:
            mode = os.fstat(handle.fileno()).st_mode
            if not stat.S_ISREG(mode):  # swapped since the first look
                raise UnreadableFile(f"is {file_kind(mode)}, not a regular file: eventkit does not read from it")
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise UnreadableFile(f"cannot be read: {os_problem(exc)}") from exc
    _check_size(len(data), max_bytes, what)
    return data


def _check_size(size: int, max_bytes: int, what: str) -> None:
    if size > max_bytes:
        raise UnreadableFile(
            f"file is too large ({size / 1048576:.1f} MB; {what} is at most {max_bytes // 1048576} MB)", size=size
        )
