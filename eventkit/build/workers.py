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
    ``while_waiting`` runs in this process meanwhile (the invites). An error in a conversion is raised here."""
    ordered = sorted(conversions, key=lambda c: -c.weight)
    if jobs <= 1 or len(ordered) <= 1:
        while_waiting()
        for conversion in ordered:
            yield conversion, _result(conversion, lambda: _convert(conversion, options))
        return
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    pool = ProcessPoolExecutor(max_workers=min(jobs, len(ordered)))
    try:
        pending = {pool.submit(_convert, c, options): c for c in ordered}
        while_waiting()
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                conversion = pending.pop(future)
                yield conversion, _result(conversion, future.result)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
