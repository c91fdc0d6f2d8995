"""eventkit's cache folder: what is worth keeping between commands to save time, and safe to delete at any moment.

It is ``$XDG_CACHE_HOME/eventkit`` (``~/.cache/eventkit`` when XDG_CACHE_HOME is not set to an absolute folder) and
holds, each under its own sub-folder:

- ``fonts/``: what fontconfig says the installed fonts are (their family names and the characters they cover),
  keyed by a fingerprint of the fonts and fontconfig's configuration (see ``documents/installed_fonts.py``);
- ``templates/``: the compiled templates (Jinja2 bytecode), keyed by the template's text and eventkit's code
  (see ``documents/kinds.py``);
- ``zones/``: which time-zone abbreviations stand for several offsets, keyed by the time-zone database's version
  (see ``event/zone_names.py``);
- ``libraries/``: where the system libraries WeasyPrint loads are, keyed by the dynamic linker's cache (see
  ``documents/pdf/weasyprint_import.py``).

Nothing in it is needed: a missing, unreadable, damaged or stale entry is made again, and a cache folder that
cannot be written (a read-only home, a full disk) only makes commands slower. Every file is written atomically
(a temporary file and a rename), so a command stopped half-way leaves the old entry or the new one, never half
of one. The folders are the user's own (mode 0700): compiled templates are code, and a folder another user may
write to is never used for them. Delete the folder to clear the cache (``rm -rf ~/.cache/eventkit``).
"""

from __future__ import annotations

import functools
import json
import os
import re
import stat
from pathlib import Path

from .hashing import folder_sha256, sha256
from .output import write_atomically


def cache_folder() -> Path:
    """``$XDG_CACHE_HOME/eventkit``, or ``~/.cache/eventkit`` (the XDG base directory rule: a relative
    XDG_CACHE_HOME is ignored)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not base or not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "eventkit"


def private_folder(folder: Path) -> Path:
    """``folder``, made if missing, when it is a real folder (not a symbolic link) of this user; it is made (or
    made again) mode 0700, so that nobody else may read or write it. Raises OSError otherwise."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    status = os.lstat(folder)
    if not stat.S_ISDIR(status.st_mode) or (hasattr(os, "getuid") and status.st_uid != os.getuid()):
        raise OSError(f"{folder} is not a folder of this user")
    if stat.S_IMODE(status.st_mode) & 0o077:
        os.chmod(folder, 0o700)
    return folder


def cache_subfolder(name: str) -> Path | None:
    """The cache's sub-folder ``name`` (made if missing), or None when it cannot be used."""
    try:
        return private_folder(private_folder(cache_folder()) / name)
    except OSError:
        return None


def read_cached_json(folder: str, name: str) -> object | None:
    """The JSON value of the cache entry ``folder/name``, or None when it is missing or unreadable."""
    where = cache_subfolder(folder)
    if where is None:
        return None
    try:
        value: object = json.loads((where / name).read_bytes())
    except (OSError, ValueError):
        return None
    return value


def write_cached_json(folder: str, name: str, value: object, keep: int = 16) -> None:
    """Store ``value`` as the cache entry ``folder/name`` (atomically), keeping at most ``keep`` entries in the
    folder (the least recently written go). A cache that cannot be written is left as it is."""
    where = cache_subfolder(folder)
    if where is None:
        return
    try:
        write_atomically(where / name, json.dumps(value, separators=(",", ":")))
        prune(where, keep, suffix=".json")
    except OSError:
        pass


def prune(folder: Path, keep: int, suffix: str) -> None:
    """Remove all but the ``keep`` most recently modified ``*suffix`` files of ``folder`` (cache entries only)."""
    entries = []
    for entry in os.scandir(folder):
        if entry.name.endswith(suffix) and entry.is_file(follow_symlinks=False):
            try:
                entries.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.path))
            except OSError:
                continue
    for _, path in sorted(entries, reverse=True)[keep:]:
        try:
            os.unlink(path)
        except OSError:
            pass


def folder_fingerprint(folder: Path) -> str:
    """:func:`hashing.folder_sha256` of ``folder`` (every file's name and bytes), read from the cache (``folders/``)
    while nothing under it has changed -- the same file names, sizes, modification and change times (a change
    time cannot be set back by hand) -- so that a command does not read every file again."""
    files = []
    for where, folders, names in os.walk(folder):
        folders[:] = sorted(f for f in folders if f != "__pycache__")
        for name in sorted(names):
            path = os.path.join(where, name)
            try:
                status = os.stat(path)
            except OSError:
                continue
            files.append(
                f"{os.path.relpath(path, folder)}\0{status.st_size}\0{status.st_mtime_ns}\0{status.st_ctime_ns}"
            )
    entry = f"{sha256(str(folder) + chr(0) + chr(10).join(files))}.json"
    cached = read_cached_json("folders", entry)
    if isinstance(cached, str) and re.fullmatch(r"[0-9a-f]{64}", cached):
        return cached
    fingerprint = folder_sha256(folder)
    write_cached_json("folders", entry, fingerprint, keep=32)
    return fingerprint


@functools.cache
def code_fingerprint() -> str:
    """eventkit's own files (code, label catalogues): what a result made by another eventkit must not be reused
    for (the build manifest, compiled templates). Once per process (see :func:`folder_fingerprint`)."""
    return folder_fingerprint(Path(__file__).resolve().parent)
