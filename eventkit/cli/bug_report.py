"""What eventkit does with its own bugs: the traceback goes to a log file, not to the terminal.

An unexpected exception is never the user's fault; :func:`write_crash_log` records what is needed to fix
it (version, command line, Python, traceback) and returns where, so that ``eventkit.cli.run`` can print
one line saying it is a bug and where to report it, and exit 3.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import platform
import secrets
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

from .. import __version__
from ..cache import cache_folder, private_folder
from ..errors import one_line, terminal_text

REPORT_TO = 'eventkit\'s issue tracker (README: "Reporting bugs")'


def crash_log_dirs() -> list[Path]:
    """Where a crash log may go: eventkit's cache folder ($XDG_CACHE_HOME/eventkit, default ~/.cache/eventkit); when
    that cannot be used, a new private folder with a random name in the temp folder (made only then)."""
    return [cache_folder()]


def write_crash_log(exc: BaseException, argv: list[str] | None = None) -> Path | None:
    """Write the traceback of ``exc`` with the version and command line; the log's path (None if unwritable).

    The log is readable by this user only (0600), created anew (never opened through a symbolic link, never an
    existing file) in a private folder; its control characters are escaped, as on the terminal."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    text = terminal_text(
        "".join(
            [
                f"eventkit {__version__} on Python {platform.python_version()} ({platform.platform()})\n",
                f"time: {stamp}\n",
                f"command: {' '.join(argv if argv is not None else sys.argv)}\n",
                f"working folder: {os.getcwd()}\n\n",
                *traceback.format_exception(type(exc), exc, exc.__traceback__),
            ]
        )
    )
    name = f"eventkit-crash-{stamp}-{os.getpid()}-{secrets.token_hex(4)}.log"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    folders: list[Callable[[], Path]] = [functools.partial(private_folder, folder) for folder in crash_log_dirs()]
    folders.append(lambda: Path(tempfile.mkdtemp(prefix="eventkit-crash-")))  # random name, mode 0700
    for make_folder in folders:
        try:
            path = make_folder() / name
            fd = os.open(path, flags, 0o600)
        except OSError:
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        return path
    return None


def bug_message(exc: BaseException, log: Path | None) -> str:
    """The one line shown for a bug."""
    what = one_line(f"{type(exc).__name__}: {exc}")[:200] if str(exc) else type(exc).__name__
    where = f"; the details are in {log}" if log else ""
    return (
        f"eventkit: internal error ({what}): this is a bug in eventkit, not a problem with your files; "
        f"please report it on {REPORT_TO}{where}"
    )
