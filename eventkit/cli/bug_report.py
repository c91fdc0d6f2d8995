"""What eventkit does with its own bugs: the traceback goes to a log file, not to the terminal.

An unexpected exception is never the user's fault; :func:`write_crash_log` records what is needed to fix
it (version, command line, Python, traceback) and returns where, so that ``eventkit.cli.run`` can print
one line saying it is a bug and where to report it, and exit 3.
"""
from __future__ import annotations

import datetime as dt
import os
import platform
import sys
import tempfile
import traceback
from pathlib import Path

from .. import __version__
from ..errors import one_line

REPORT_TO = "eventkit's issue tracker (README: \"Reporting bugs\")"


def crash_log_dirs() -> list[Path]:
    """Where a crash log may go: $XDG_CACHE_HOME/eventkit (default ~/.cache/eventkit), else the temp folder."""
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return [Path(cache) / "eventkit", Path(tempfile.gettempdir())]


def write_crash_log(exc: BaseException, argv: list[str] | None = None) -> Path | None:
    """Write the traceback of ``exc`` with the version and command line; the log's path (None if unwritable)."""
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    text = "".join([
        f"eventkit {__version__} on Python {platform.python_version()} ({platform.platform()})\n",
        f"time: {stamp}\n",
        f"command: {' '.join(argv if argv is not None else sys.argv)}\n",
        f"working folder: {os.getcwd()}\n\n",
        *traceback.format_exception(type(exc), exc, exc.__traceback__)])
    for folder in crash_log_dirs():
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"eventkit-crash-{stamp}-{os.getpid()}.log"
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    return None


def bug_message(exc: BaseException, log: Path | None) -> str:
    """The one line shown for a bug."""
    what = one_line(f"{type(exc).__name__}: {exc}")[:200] if str(exc) else type(exc).__name__
    where = f"; the details are in {log}" if log else ""
    return (f"eventkit: internal error ({what}): this is a bug in eventkit, not a problem with your files; "
            f"please report it on {REPORT_TO}{where}")
