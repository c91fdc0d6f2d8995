"""Converting documents' HTML to PDF and DOCX in worker processes (`build -j N`).

A conversion is one document in one format. The parent renders the HTML (fast) and decides what is out of date;
the conversions (slow: WeasyPrint's layout, python-docx) go to a pool of processes, the largest first, so that
the cores finish together. Results come back in the order they finish; the caller writes each event's files
once all of them are there, so output stays atomic per event. The workers end with the build however it ends
(:class:`Lifeline`).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    from .conversion import BuildOptions

# What a worker sends back for one conversion: (True, the bytes) or (False, the error it raised).
_Answer = tuple[bool, bytes | Exception]


@dataclass(frozen=True)
class Conversion:
    owner: int  # which event (an index into the build's list of events)
    name: str  # output file name, e.g. "report.pdf"
    fmt: str  # "pdf", "docx" or "html"
    html: str
    input_hash: str  # the manifest's input hash of the result
    image_files: tuple[str, ...] = ()  # the event's verified images: the only files besides the theme it may read

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


def _convert(conversion: Conversion, options: BuildOptions) -> bytes:
    from .conversion import convert_html

    return convert_html(conversion.html, conversion.fmt, options, conversion.image_files)


def _result(conversion: Conversion, get: Callable[[], bytes]) -> bytes:
    """The conversion's bytes; an error raised for it says which conversion failed (``exc.conversion``)."""
    try:
        return get()
    except Exception as exc:
        blame(exc, conversion)
        raise


def blame(exc: BaseException, conversion: Conversion) -> None:
    """Record on ``exc`` that ``conversion`` failed; :func:`failed_conversion` reads it back."""
    # Any exception may carry it (a writer's own errors too), so it is an attribute set on the instance.
    exc.conversion = conversion  # type: ignore[attr-defined]


def failed_conversion(exc: BaseException) -> Conversion | None:
    """The conversion ``exc`` was raised for (see :func:`blame`), if any."""
    failed = getattr(exc, "conversion", None)
    return failed if isinstance(failed, Conversion) else None


def run_conversions(
    conversions: Iterable[Conversion],
    options: BuildOptions,
    jobs: int,
    while_waiting: Callable[[], None] = lambda: None,
) -> Generator[tuple[Conversion, bytes], None, None]:
    """Yield each conversion with its bytes as it finishes. With ``jobs`` > 1 they run in worker processes;
    ``while_waiting`` runs in this process meanwhile (the invites). An error in a conversion is raised here.

    The workers end with this generator, however the command ends (see :class:`Lifeline`): close it (or let the
    caller's ``with closing(...)`` do so) and no worker is left."""
    ordered = sorted(conversions, key=lambda c: -c.weight)
    if jobs <= 1 or len(ordered) <= 1:
        while_waiting()
        for conversion in ordered:
            yield conversion, _result(conversion, functools.partial(_convert, conversion, options))
        return
    pool = WorkerPool(min(jobs, len(ordered)), options)
    try:
        yield from pool.run(ordered, while_waiting)
    finally:
        pool.close()


class WorkerPool:
    """Worker processes, each given one conversion at a time through a pipe of its own.

    (Not concurrent.futures' ProcessPoolExecutor: when its workers die while its feeder thread is writing a
    large document's HTML into their shared queue, the feeder waits for a reader that will never come, and the
    command hangs on its way out instead of stopping. Here the parent writes to one idle worker's pipe itself,
    and a dead worker's pipe fails at once.)"""

    def __init__(self, jobs: int, options: BuildOptions) -> None:
        import multiprocessing

        context = multiprocessing.get_context()
        self.lifeline = Lifeline()
        self.workers: list[tuple[BaseProcess, Connection[Conversion, _Answer]]] = []  # (process, parent's end)
        for _ in range(jobs):
            parent_end, child_end = context.Pipe()
            process = context.Process(
                target=_work, args=(child_end, self.lifeline, options), daemon=True, name="eventkit-worker"
            )
            process.start()
            child_end.close()
            self.workers.append((process, parent_end))

    def run(
        self, ordered: list[Conversion], while_waiting: Callable[[], None]
    ) -> Generator[tuple[Conversion, bytes], None, None]:
        from multiprocessing.connection import wait

        waiting = list(ordered)
        busy: dict[Connection[Conversion, _Answer], Conversion] = {}  # a worker's pipe -> what it converts

        def give_work() -> None:
            for process, pipe in self.workers:
                if waiting and pipe not in busy:
                    busy[pipe] = waiting.pop(0)
                    try:
                        pipe.send(busy[pipe])
                    except OSError:
                        raise _worker_died(process, busy[pipe]) from None

        give_work()
        while_waiting()
        sentinels = {process.sentinel: (process, pipe) for process, pipe in self.workers}
        while busy:
            ready = wait([*busy, *sentinels])
            for sentinel, (process, pipe) in sentinels.items():
                if sentinel in ready and pipe in busy and pipe not in ready:
                    if not pipe.poll():  # died without an answer
                        raise _worker_died(process, busy[pipe])
            for pipe in [item for item in busy if item in ready]:
                conversion = busy.pop(pipe)
                try:
                    _, payload = pipe.recv()
                except (EOFError, OSError):
                    raise _worker_died(next(p for p, q in self.workers if q is pipe), conversion) from None
                if isinstance(payload, Exception):
                    blame(payload, conversion)
                    raise payload
                give_work()
                yield conversion, payload

    def close(self) -> None:
        """End every worker now (a finished build's idle ones too) and wait for them to be gone."""
        self.lifeline.cut()
        for _process, pipe in self.workers:
            pipe.close()
        for process, _ in self.workers:
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join()


def _worker_died(process: BaseProcess, conversion: Conversion) -> Exception:
    from ..errors import BuildError

    error = BuildError(
        f"the worker process converting {conversion.name} ended unexpectedly "
        f"(exit code {process.exitcode}); run the build again with -j 1 to see why"
    )
    blame(error, conversion)
    return error


def _work(pipe: Connection[_Answer, Conversion], lifeline: Lifeline, options: BuildOptions) -> None:
    """A worker process: convert what the parent sends until it closes the pipe (or the lifeline ends)."""
    lifeline.start_worker()
    while True:
        try:
            conversion = pipe.recv()
        except (EOFError, OSError):
            return
        answer: _Answer
        try:
            answer = (True, _convert(conversion, options))
        except Exception as exc:  # raised in the parent, as if the conversion had run there
            answer = (False, _picklable(exc))
        try:
            pipe.send(answer)
        except (OSError, ValueError):
            return


def _picklable(exc: Exception) -> Exception:
    """``exc`` itself when it survives pickling, else a RuntimeError carrying its type, message and traceback."""
    import pickle
    import traceback

    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}\n{''.join(traceback.format_exception(exc))}")


class Lifeline:
    """A pipe from the parent to its workers that is never written to: each worker watches its end in a thread
    and exits the moment it reads end-of-file, which happens when the parent closes its end (:meth:`cut`, on
    every way out of a build) or when the parent dies in any way at all -- the system closes a dead process's
    files, even after SIGKILL.

    Why a pipe and not Linux's parent-death signal (``prctl(PR_SET_PDEATHSIG)``): the pipe works on every
    system (macOS has no such signal), the same code covers the parent's orderly exits (Ctrl-C, SIGTERM, an
    error: it cuts the pipe) and its death, and it cannot misfire -- the death signal is sent when the *thread*
    that started the worker ends, not the process."""

    def __init__(self) -> None:
        from multiprocessing import Pipe

        self.reader, self.writer = Pipe(duplex=False)  # Connections: they reach spawned workers too (macOS)

    def start_worker(self) -> None:
        """Run first in each worker."""
        import threading

        from ..interrupts import reset_stop_handlers_in_worker

        reset_stop_handlers_in_worker()
        self.writer.close()  # the worker's inherited copy: only the parent may hold the write end
        threading.Thread(target=self._watch, name="eventkit-lifeline", daemon=True).start()

    def _watch(self) -> None:
        try:
            self.reader.recv_bytes()
        except (EOFError, OSError):
            pass
        os._exit(1)  # the parent is gone or stopping: the result would be thrown away

    def cut(self) -> None:
        """End every worker (each exits as soon as it notices, within milliseconds)."""
        self.writer.close()
        self.reader.close()
