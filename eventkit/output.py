"""Atomic file output: a file is either its last good version or its new complete one, never half-written."""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

TEMPORARY_MARK = "eventkit-"   # ".<name>.eventkit-<pid>-<random>.tmp": ours, and whose process wrote it


def write_atomically(path: Path, data: bytes | str, mode: int = 0o644) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    The temporary file's name says it is eventkit's and which process wrote it, so that one left by a killed
    process can be removed by the next run (:func:`remove_leftover_temporaries`)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{TEMPORARY_MARK}{os.getpid()}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_all_atomically(files: dict[Path, bytes | str]) -> None:
    """Write several files only once all of them have been produced (the caller builds ``files`` first)."""
    for path, data in files.items():
        write_atomically(path, data)


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
    removed = []
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
                if inside == [] or inside == [path.name] and os.path.isfile(os.path.join(entry.path, path.name)) \
                        and not os.path.islink(os.path.join(entry.path, path.name)):
                    shutil.rmtree(entry.path)
                    removed.append(Path(entry.path))
        except OSError:
            continue
    return removed
