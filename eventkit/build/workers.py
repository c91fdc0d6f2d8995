"""Converting documents' HTML to PDF and DOCX in worker processes (`build -j N`).

A conversion is one document in one format. The parent renders the HTML (fast) and decides what is out of date;
the conversions (slow: WeasyPrint's layout, python-docx) go to a pool of processes, the largest first, so that
the cores finish together. Results come back in the order they finish; the caller writes each event's files
once all of them are there, so output stays atomic per event.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator


@dataclass(frozen=True)
class Conversion:
    owner: int          # which event (an index into the build's list of events)
    name: str           # output file name, e.g. "report.pdf"
    fmt: str            # "pdf", "docx" or "html"
    html: str
    input_hash: str     # the manifest's input hash of the result
    image_files: tuple[str, ...] = ()   # the event's verified images: the only files besides the theme it may read

    @property
    def weight(self) -> int:
        """A rough cost, to start the longest conversions first: a PDF costs several times a DOCX."""
        return len(self.html) * {"pdf": 4, "docx": 1}.get(self.fmt, 0)


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _convert(conversion: Conversion, options) -> bytes:
    from .conversion import convert_html
    return convert_html(conversion.html, conversion.fmt, options, conversion.image_files)


def _result(conversion: Conversion, get: Callable[[], bytes]) -> bytes:
    """The conversion's bytes; an error raised for it says which conversion failed (``exc.conversion``)."""
    try:
        return get()
    except Exception as exc:
        exc.conversion = conversion
        raise


def run_conversions(conversions: Iterable[Conversion], options, jobs: int,
                    while_waiting: Callable[[], None] = lambda: None) -> Iterator[tuple[Conversion, bytes]]:
    """Yield each conversion with its bytes as it finishes. With ``jobs`` > 1 they run in worker processes;
    ``while_waiting`` runs in this process meanwhile (the invites). An error in a conversion is raised here.

    The workers end with this generator, however the command ends (see :class:`Lifeline`): close it (or let the
    caller's ``with closing(...)`` do so) and no worker is left."""
    ordered = sorted(conversions, key=lambda c: -c.weight)
    if jobs <= 1 or len(ordered) <= 1:
        while_waiting()
        for conversion in ordered:
            yield conversion, _result(conversion, lambda: _convert(conversion, options))
        return
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    lifeline = Lifeline()
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(ordered)), initializer=lifeline.start_worker)
    finished = False
    try:
        pending = {pool.submit(_convert, c, options): c for c in ordered}
        while_waiting()
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                conversion = pending.pop(future)
                yield conversion, _result(conversion, future.result)
        finished = True
    finally:
        if not finished:        # an error, Ctrl-C, SIGTERM, SIGHUP, or the caller stopped early: end the workers now
            lifeline.cut()
        pool.shutdown(wait=True, cancel_futures=True)
        lifeline.cut()


class Lifeline:
    """A pipe from the parent to its workers that is never written to: each worker watches its end in a thread
    and exits the moment it reads end-of-file, which happens when the parent closes its end (:meth:`cut`, on
    every way out of a build) or when the parent dies in any way at all -- the system closes a dead process's
    files, even after SIGKILL.

    Why a pipe and not Linux's parent-death signal (``prctl(PR_SET_PDEATHSIG)``): the pipe works on every
    system, covers the parent's own orderly exits with the same code, and does not misfire -- the death signal
    is sent when the *thread* that started the worker ends, and the pool starts workers from whichever thread
    submits work."""

    def __init__(self) -> None:
        from multiprocessing import Pipe
        self.reader, self.writer = Pipe(duplex=False)   # Connections: they reach spawned workers too (macOS)

    def start_worker(self) -> None:
        """Run first in each worker (the pool's initializer)."""
        import threading
        from ..interrupts import reset_stop_handlers_in_worker

        reset_stop_handlers_in_worker()
        self.writer.close()     # the worker's inherited copy: only the parent may hold the write end
        threading.Thread(target=self._watch, name="eventkit-lifeline", daemon=True).start()

    def _watch(self) -> None:
        try:
            self.reader.recv_bytes()
        except (EOFError, OSError):
            pass
        os._exit(1)   # the parent is gone or stopping: the result would be thrown away

    def cut(self) -> None:
        """End every worker (each exits as soon as it notices, within milliseconds)."""
        self.writer.close()
        self.reader.close()
