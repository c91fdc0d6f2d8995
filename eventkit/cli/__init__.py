"""The `eventkit` command line. Commands only parse options, call the library and print results: this package
is the only part of eventkit that prints or exits.

Here: the console-script entry point ``run`` (exit codes); :mod:`.common` holds the click group ``main``, the
helpers and option types every command uses. The commands live by flow: :mod:`.authoring` (new, check, schema, preview: writing the event
file), :mod:`.documents` (build, the single documents, doctor), :mod:`.calendar` (invites, replies, status),
:mod:`.participants` (import, attendance), :mod:`.translations` (the translator's round trip).

Exit codes: 0 success, 1 invalid input or a failed build, 2 wrong command-line usage, 3 a bug in eventkit
(one line on the terminal, the traceback in a log file: see :mod:`eventkit.cli.bug_report`).
Heavy libraries (weasyprint, python-docx, icalendar) are imported inside the commands that need them.
"""

from __future__ import annotations

import sys

from ..errors import BuildError, EventFileError
from ..interrupts import Stopped, install_stop_handlers
from . import authoring, calendar, documents, participants, translations  # noqa: F401 (the commands register themselves on main)
from .common import fail, main, print_problems_or_exit, say


def run() -> None:
    """Console-script entry point: never shows a traceback, not even for a bug (exit 3, traceback logged)."""
    install_stop_handlers()  # Ctrl-C, SIGTERM and SIGHUP end the command through its `finally` blocks
    try:
        main(prog_name="eventkit")
    except EventFileError as exc:
        print_problems_or_exit(exc)
    except BuildError as exc:
        fail(str(exc))
    except Stopped as exc:
        import signal

        fail(
            "interrupted" if exc.signum == signal.SIGINT else f"stopped by {signal.Signals(exc.signum).name}",
            128 + exc.signum,
        )
    except Exception as exc:  # a bug: one line here, the traceback in a log file
        from .bug_report import bug_message, write_crash_log

        say(bug_message(exc, write_crash_log(exc)), err=True)
        sys.exit(3)
