"""How a command stops when it is told to: Ctrl-C (SIGINT), ``kill`` (SIGTERM) or a closed terminal (SIGHUP).

The command line (``eventkit.cli.run``) turns each of these signals into :class:`Stopped`, raised in the main
thread, so that every ``finally`` of the command runs on its way out: the worker processes are told to end, a
set of files being staged is removed (see :mod:`eventkit.output`). Like ``KeyboardInterrupt`` it is not an
``Exception``; unlike it, click does not turn it into "Aborted!" (exit 1): the command exits 128 + the signal's
number, as a shell reports a process stopped by a signal (130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP).

A signal that was ignored when eventkit started stays ignored: ``nohup`` ignores SIGHUP on purpose, and a shell
script's background job (``eventkit preview ev.toml &``) starts with SIGINT ignored so that Ctrl-C in the
terminal does not reach it -- stop such a job with ``kill`` (SIGTERM).

:func:`deferred_stops` marks a few milliseconds that must not be cut in two (moving a committed set of files
into place): a stop arriving then is raised at the end of the section instead. SIGKILL cannot be caught; what it
interrupts is finished or undone by the next run (see :mod:`eventkit.output`).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))

_deferring = 0
_pending: list[int] = []


class Stopped(BaseException):
    """The command was told to stop by ``signum``; its exit status is 128 + ``signum``, as a shell reports it."""

    def __init__(self, signum: int):
        self.signum = signum
        super().__init__(f"stopped by {signal.Signals(signum).name}")


def _on_stop_signal(signum: int, frame: FrameType | None) -> None:
    if _deferring:
        _pending.append(signum)
        return
    raise Stopped(signum)


def install_stop_handlers() -> None:
    """Make SIGINT, SIGTERM and SIGHUP raise :class:`Stopped` in the main thread (those not ignored at start)."""
    for signum in STOP_SIGNALS:
        if signal.getsignal(signum) in (signal.SIG_DFL, signal.default_int_handler):
            signal.signal(signum, _on_stop_signal)


def reset_stop_handlers_in_worker() -> None:
    """In a worker process (forked with the parent's handlers): Ctrl-C, sent by the terminal to every process of
    the command, is the parent's to handle (it ends the workers); SIGTERM and SIGHUP end the worker at once."""
    for signum in STOP_SIGNALS:
        if signum == signal.SIGINT:
            signal.signal(signum, signal.SIG_IGN)
        elif signal.getsignal(signum) is _on_stop_signal:
            signal.signal(signum, signal.SIG_DFL)


@contextmanager
def deferred_stops() -> Iterator[None]:
    """A section a stop must not cut: a stop signal arriving inside it is raised when it ends."""
    global _deferring
    if threading.current_thread() is not threading.main_thread():  # signals are handled in the main thread only
        yield
        return
    _deferring += 1
    try:
        yield
    finally:
        _deferring -= 1
        if not _deferring and _pending:
            signum = _pending[0]
            _pending.clear()
            raise Stopped(signum)
