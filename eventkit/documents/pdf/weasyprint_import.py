"""Importing WeasyPrint: quietly, and without asking other programs where its libraries are on every command.

WeasyPrint loads GObject, Pango, HarfBuzz and fontconfig through cffi, trying several names for each
(``libpango-1.0-0``, ``pango-1.0-0``, ``pango-1.0``, ``libpango-1.0.so.0`` ...). Each name cffi cannot open as
written goes through ``ctypes.util.find_library``, which on Linux runs ``ldconfig -p``, then ``gcc``, then ``ld``:
22 look-ups and dozens of processes, a quarter of a second or more of every command that makes a PDF (WeasyPrint's
own command line pays it too). Their answers depend only on the libraries the dynamic linker knows, so they are
kept in eventkit's cache folder (``libraries/``, see :mod:`eventkit.cache`), keyed by the linker's cache
(``/etc/ld.so.cache``, which ldconfig rewrites whenever libraries are installed or removed), the library path
variables and the machine; under another key find_library is asked again. An answer is used only if it is a
library's plain file name (``libpango-1.0.so.0``), never a path. Only on Linux: elsewhere find_library runs no
other program.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import platform
import re
import sys
import warnings
from collections.abc import Iterator
from types import ModuleType
from typing import TypeGuard

CACHE = "libraries"
SONAME = re.compile(r"lib[\w.+-]*\.so(\.\d+)*")


def import_weasyprint() -> ModuleType:
    """Import WeasyPrint (see the module's docstring), keeping what it prints to standard output when its libraries
    are missing. Raises OSError (a library such as Pango cannot be loaded) or ImportError."""
    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"]
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings(), remembered_library_lookups():
        warnings.simplefilter("ignore", UserWarning)  # "No fonts configured": the font checks say it better
        return importlib.import_module("weasyprint")


def linker_fingerprint() -> str:
    """Changes when the libraries the dynamic linker finds may have changed."""
    from ...hashing import sha256

    try:
        status = os.stat("/etc/ld.so.cache")
        linker = f"{status.st_size}\0{status.st_mtime_ns}"
    except OSError:
        linker = "-"
    return sha256(
        "\0".join(
            [
                linker,
                os.environ.get("LD_LIBRARY_PATH", ""),
                os.environ.get("LIBRARY_PATH", ""),
                platform.machine(),
                sys.platform,
            ]
        )
    )


@contextlib.contextmanager
def remembered_library_lookups() -> Iterator[None]:
    """Within the block, ``ctypes.util.find_library`` answers from eventkit's cache where it can (Linux only)."""
    if not sys.platform.startswith("linux"):
        yield
        return
    import ctypes.util

    from ...cache import read_cached_json, write_cached_json

    name = f"{linker_fingerprint()}.json"
    cached = read_cached_json(CACHE, name)
    answers: dict[str, str | None] = {
        library: answer
        for library, answer in (cached.items() if isinstance(cached, dict) else ())
        if isinstance(library, str) and _plain_name(answer)
    }
    known = len(answers)
    original = ctypes.util.find_library

    def find_library(name: str) -> str | None:
        if name in answers:
            return answers[name]
        answer = original(name)
        if _plain_name(answer):
            answers[name] = answer
        return answer

    ctypes.util.find_library = find_library
    try:
        yield
    finally:
        ctypes.util.find_library = original
        if len(answers) > known:
            write_cached_json(CACHE, name, answers, keep=4)


def _plain_name(answer: object) -> TypeGuard[str | None]:
    """None (no such library), or a library's file name without a folder (what the dynamic linker looks up)."""
    return answer is None or (isinstance(answer, str) and SONAME.fullmatch(answer) is not None)
