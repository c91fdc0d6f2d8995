"""Writing files: a file is its last good version or its new complete one, and a set of files changes as a set.

Every file eventkit writes goes through :func:`replace_files` (:func:`write_atomically` is a set of one). For a
folder ``DIR`` it works in four steps:

1. **staging** -- a new hidden folder ``DIR/.eventkit-staging-<random>/`` receives every new file, each flushed
   to disk; its record ``eventkit-set.json`` says "staging" and lists them. The old files are not touched.
2. **commit** -- the record is replaced (one atomic rename) by one saying "committed". Before this instant any
   failure (a full disk, a permission, a converter error, Ctrl-C, SIGTERM, SIGKILL) leaves the old set as it
   was; from this instant the new set is the result.
3. **apply** -- each staged file is renamed over its target, and files the caller named for removal (with the
   hash of the bytes eventkit wrote there) are removed if they still hold those bytes. Signals are held back
   for these few milliseconds (see :mod:`eventkit.interrupts`).
4. the staging folder is removed.

What a rename gives and what it does not: renaming a file over another within one file system is atomic, so a
reader opening ``report.pdf`` gets the whole old file or the whole new one, never a mixture. Replacing N files
is N renames, and no file system offers one rename for N files in a folder the user owns: during step 3 (a few
milliseconds), or if the process is killed with SIGKILL (or the power fails) inside it, a reader can find some
files new and some old. The committed record says so, and :func:`recover` -- which every eventkit command
runs on a folder before it reads or writes there -- finishes the job: the result is then the whole new set.
A staging folder without a committed record (killed earlier) is removed, leaving the old set.

What is "ours": a staging folder is recognised by its name *and* its record, and only the files its record
lists are removed (a folder holding anything else is left alone). A staging folder another eventkit command is
still working in is locked by it (``flock``) and skipped.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any

from .hashing import file_sha256
from .interrupts import deferred_stops

try:
    import fcntl

    _CAN_LOCK = True
except ImportError:  # Windows: no advisory locks; an abandoned staging folder is recognised by its age
    _CAN_LOCK = False

STAGING_PREFIX = ".eventkit-staging-"
TEMPORARY_MARK = "eventkit-"  # ".<name>.eventkit-<pid>-<random>.tmp": a single-file temporary of an earlier version
RECORD_NAME = "eventkit-set.json"
RECORD_KIND = "eventkit output set"
MAX_RECORD_BYTES = 4 * 1024 * 1024
ABANDONED_AFTER_SECONDS = 3600  # only where files cannot be locked


class IncompleteReplacement(OSError):
    """The new set was committed but not every file could be moved into place (the next run finishes it)."""


def write_atomically(path: Path, data: bytes | str, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` so that ``path`` is always either its old content or the whole new one; with
    ``mode``, the file gets those permissions (else a replaced file keeps its own, a new one gets the umask's)."""
    path = Path(path)
    replace_files(path.parent, {path.name: data}, modes={path.name: mode} if mode is not None else None)


def write_all_atomically(files: Mapping[Path, bytes | str]) -> None:
    """Replace several files, anywhere under one folder, as one set (see :func:`replace_files`)."""
    if not files:
        return
    paths = [Path(os.path.abspath(p)) for p in files]
    root = Path(os.path.commonpath([p.parent for p in paths]))
    replace_files(root, {p.relative_to(root).as_posix(): data for p, data in zip(paths, files.values(), strict=True)})


def replace_files(
    root: Path,
    files: Mapping[str, bytes | str],
    remove: Mapping[str, str] | None = None,
    modes: Mapping[str, int] | None = None,
) -> None:
    """Write ``files`` (paths relative to ``root``, subfolders allowed) and remove ``remove`` (relative path ->
    SHA-256 of the bytes eventkit wrote there; a file holding anything else is kept) as one set: all of it
    happens, or -- on any failure or stop before the commit -- none of it. Raises OSError."""
    root = Path(root)
    entries = {
        _relative(name): data.encode("utf-8") if isinstance(data, str) else bytes(data) for name, data in files.items()
    }
    removals = {_relative(name): digest for name, digest in (remove or {}).items() if _relative(name) not in entries}
    root.mkdir(parents=True, exist_ok=True)
    recover(root)
    _check_targets(root, entries)
    with _folder_lock(root):  # made and locked at once: a recovery running beside us never sees it unlocked
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=root))
        lock = _hold(staging)
    committed = False
    try:
        _write_record(staging, "staging", entries, removals)
        for name, data in entries.items():
            staged = staging / name
            try:
                staged.parent.mkdir(parents=True, exist_ok=True)
                _write_new_file(staged, data, (modes or {}).get(name, _mode_for(root / name)))
            except OSError as exc:  # named by the file it was to become (the staging folder is gone after this)
                raise OSError(exc.errno, exc.strerror or str(exc), str(root / name)) from exc
        for folder in {(staging / name).parent for name in entries} | {staging}:
            _sync_folder(folder)
        with deferred_stops():
            _write_record(staging, "committed", entries, removals)
            committed = True
            with _folder_lock(root):
                moved = _apply(root, staging, list(entries), removals)
            if moved < len(entries):
                raise IncompleteReplacement(
                    errno.EIO,
                    f"the new files were committed but only {moved} of "
                    f"{len(entries)} could be put in place; the next eventkit command "
                    "in this folder puts the others in place",
                    str(root),
                )
            _remove_staging(staging, entries)
    except BaseException:
        if not committed:
            _remove_staging(staging, entries)
        raise
    finally:
        if lock is not None:
            os.close(lock)


def recover(folder: Path) -> list[Path]:
    """Finish or undo what an eventkit command stopped with SIGKILL (or a power cut) left in ``folder``: a
    committed set is put in place, an uncommitted one removed. Returns the staging folders dealt with."""
    folder = Path(folder)
    try:
        names = [name for name in os.listdir(folder) if name.startswith(STAGING_PREFIX)]
    except OSError:
        return []
    done = []
    if names:
        with _folder_lock(folder):
            for name in sorted(names):
                if _recover_staging(folder, folder / name):
                    done.append(folder / name)
    return done


def sha256_of_file(path: Path) -> str | None:
    """The SHA-256 of the bytes of the regular file at ``path`` itself (a symbolic link there is not followed), or
    None (missing, not a regular file, unreadable)."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
    except OSError:
        return None
    return file_sha256(path)


# ------------------------------------------------------------------ the steps


def _relative(name: str | os.PathLike[str]) -> str:
    """A path relative to the set's folder, checked: no absolute path, no '..', no empty or staging parts."""
    text = os.fspath(name).replace("\\", "/")
    parts = PurePosixPath(text).parts
    if (
        not parts
        or text.startswith("/")
        or "\0" in text
        or any(p in ("", ".", "..") or p.startswith(STAGING_PREFIX) for p in parts)
    ):
        raise ValueError(f"not a path inside the output folder: {text!r}")
    return "/".join(parts)


def _check_targets(root: Path, entries: Mapping[str, bytes]) -> None:
    """Refuse before anything is written: a target that is a folder, or a subfolder on another file system
    (moving a staged file there would not be a rename)."""
    device = os.stat(root).st_dev
    for name in entries:
        target = root / name
        existing = target.parent
        while not existing.exists():
            existing = existing.parent
        if os.stat(existing).st_dev != device:
            raise OSError(errno.EXDEV, "is on another file system than its output folder", str(existing))
        try:
            mode = os.lstat(target).st_mode
        except FileNotFoundError:
            continue
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder, where eventkit writes a file", str(target))


def _mode_for(target: Path) -> int | None:
    """The permissions of the file being replaced (a user who made it private keeps it private); None: new."""
    try:
        st = os.lstat(target)
    except OSError:
        return None
    return stat.S_IMODE(st.st_mode) if stat.S_ISREG(st.st_mode) else None


def _write_new_file(path: Path, data: bytes, mode: int | None) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, 0o666)  # the umask applies to a new file
    try:
        if mode is not None and hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_record(staging: Path, state: str, entries: Mapping[str, bytes], removals: Mapping[str, str]) -> None:
    """The staging folder's record, replaced atomically (the commit point is the rename to "committed")."""
    record = {
        "kind": RECORD_KIND,
        "state": state,
        "files": list(entries),
        "remove": dict(removals),
        "pid": os.getpid(),
        "time": time.time(),
    }
    temporary = staging / f"{RECORD_NAME}.{state}"
    _write_new_file(temporary, json.dumps(record, indent=1).encode("utf-8"), None)
    os.replace(temporary, staging / RECORD_NAME)
    _sync_folder(staging)


def _apply(root: Path, staging: Path, names: list[str], removals: Mapping[str, str]) -> int:
    """Move the staged files into place and make the removals; how many files are in place."""
    moved = 0
    for name in names:
        staged = staging / name
        try:
            if not stat.S_ISREG(os.lstat(staged).st_mode):
                continue
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, root / name)
            moved += 1
        except FileNotFoundError:  # moved already, by a run that was stopped after it
            moved += 1
        except OSError:
            continue
    for name, digest in removals.items():
        if sha256_of_file(root / name) == digest:
            try:
                os.unlink(root / name)
            except OSError:
                pass
    for folder in {(root / name).parent for name in [*names, *removals]}:
        _sync_folder(folder)
    return moved


def _remove_staging(staging: Path, names: Collection[str]) -> None:
    """Remove the staging folder: the files its record lists, the record, then its folders if they are empty."""
    for name in [*names, RECORD_NAME, *(f"{RECORD_NAME}.{s}" for s in ("staging", "committed"))]:
        try:
            os.unlink(staging / name)
        except OSError:
            pass
    folders = {staging / Path(name).parents[i] for name in names for i in range(len(Path(name).parents) - 1)}
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True) + [staging]:
        try:
            os.rmdir(folder)
        except OSError:
            pass


def _recover_staging(root: Path, staging: Path) -> bool:
    """Deal with one staging folder left in ``root``; False when it is not ours or still in use."""
    try:
        if not stat.S_ISDIR(os.lstat(staging).st_mode):
            return False
    except OSError:
        return False
    lock = _hold(staging, wait=False)
    if lock is None and _CAN_LOCK:
        return False  # another eventkit command is working in it
    try:
        record = _read_record(staging)
        if record is None:  # killed before its record was in place, or after it was removed
            if not _CAN_LOCK and time.time() - os.lstat(staging).st_mtime < ABANDONED_AFTER_SECONDS:
                return False
            return _remove_empty_staging(staging)
        if not _CAN_LOCK and time.time() - record["time"] < ABANDONED_AFTER_SECONDS:
            return False
        if record["state"] == "committed":
            _apply(root, staging, record["files"], record["remove"])
        _remove_staging(staging, record["files"])
        return True
    finally:
        if lock is not None:
            os.close(lock)


def _remove_empty_staging(staging: Path) -> bool:
    """Remove a staging folder without a record if it holds nothing but empty folders and a half-written record
    (anything else: it is not ours to remove)."""
    for folder, _subfolders, names in os.walk(staging, topdown=False):
        for name in names:
            if Path(folder) == staging and name.startswith(f"{RECORD_NAME}."):
                try:
                    os.unlink(os.path.join(folder, name))
                except OSError:
                    pass
        try:
            os.rmdir(folder)
        except OSError:
            return False
    return True


def _read_record(staging: Path) -> dict[str, Any] | None:
    """The staging folder's record if it is one of ours and well-formed, else None."""
    try:
        path = staging / RECORD_NAME
        if not stat.S_ISREG(os.lstat(path).st_mode) or os.lstat(path).st_size > MAX_RECORD_BYTES:
            return None
        record = json.loads(path.read_bytes())
        if not (
            isinstance(record, dict)
            and record.get("kind") == RECORD_KIND
            and record.get("state") in ("staging", "committed")
            and isinstance(record.get("files"), list)
            and isinstance(record.get("remove"), dict)
            and isinstance(record.get("time"), (int, float))
        ):
            return None
        files = [_relative(name) for name in record["files"] if isinstance(name, str)]
        removals = {_relative(name): digest for name, digest in record["remove"].items() if isinstance(digest, str)}
    except (OSError, ValueError, TypeError):
        return None
    return {**record, "files": files, "remove": removals}


def _sync_folder(folder: Path) -> None:
    """Flush a folder's entries (new names, renames) to disk, where the system allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _hold(folder: Path, wait: bool = True) -> int | None:
    """An open descriptor of ``folder`` holding an exclusive lock on it (None: locked by another process, or no
    locks on this system). The lock ends with the process, however it ends."""
    if not _CAN_LOCK:
        return None
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except OSError:
        os.close(fd)
        return None
    return fd


@contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """While a set is moved into place or a folder recovered, no other eventkit command does either there."""
    fd = _hold(folder)
    try:
        yield
    finally:
        if fd is not None:
            os.close(fd)


# ------------------------------------------------------------------ temporaries of earlier versions


def _process_is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return pid > 0
    return True


def remove_leftover_temporaries(path: Path) -> list[Path]:
    """Remove the temporaries of ``path`` that a killed eventkit left beside it; the paths removed.

    Ours are ``.<name>.eventkit-<pid>-<random>.tmp`` whose process is gone, and the folders
    ``.<name>.<8 characters>/`` holding only a copy of ``<name>`` that earlier versions checked an edited event file
    in. Nothing else is touched."""
    path = Path(path)
    ours = re.compile(rf"\.{re.escape(path.name)}\.{TEMPORARY_MARK}(\d{{1,10}})-[a-z0-9_]+\.tmp")
    old_folder = re.compile(rf"\.{re.escape(path.name)}\.[a-z0-9_]{{8}}")
    removed: list[Path] = []
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return removed
    for entry in entries:
        found = ours.fullmatch(entry.name)
        try:
            if found and entry.is_file(follow_symlinks=False) and not _process_is_running(int(found.group(1))):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
            elif old_folder.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False):
                inside = os.listdir(entry.path)
                if (
                    inside == []
                    or inside == [path.name]
                    and os.path.isfile(os.path.join(entry.path, path.name))
                    and not os.path.islink(os.path.join(entry.path, path.name))
                ):
                    shutil.rmtree(entry.path)
                    removed.append(Path(entry.path))
        except OSError:
            continue
    return removed
