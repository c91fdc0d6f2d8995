"""What `eventkit invites` wrote in an output folder, so that it removes only its own files.

``DIR/.eventkit-invites.json`` records every file of the last run with the SHA-256 of its bytes. A later run that
no longer writes one of them (the e-mail of someone no longer invited, a speaker's old file) removes it only when
it is still exactly as recorded; any other file under ``sessions/``, ``speakers/`` or ``mail/`` (a user's
``mail/2020/letter.eml``, a file edited since) is left alone and named. A path the run must write that holds
something else -- a folder, a link, a file that eventkit did not write -- is in the way: it is named and the run
writes nothing. The record is data from disk like any other: a path in it that is not a plain relative path inside
those folders, or a hash that is not one, makes the whole record count as empty (nothing is then removed).
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath

from ..hashing import sha256
from ..output import replace_files

RECORD_NAME = ".eventkit-invites.json"
OWNED_FOLDERS = ("sessions", "speakers", "mail")
OWNED_SUFFIXES = (".ics", ".eml")
SAFE_PART = re.compile(r"^[A-Za-z0-9@+_.=-][A-Za-z0-9@+_.=-]*$")


def _safe(relative: str) -> bool:
    path = PurePosixPath(relative)
    parts = path.parts
    return (
        not path.is_absolute()
        and len(relative) < 600
        and all(SAFE_PART.match(p) and p not in (".", "..") for p in parts)
        and (relative == "invite.ics" or (len(parts) > 1 and parts[0] in OWNED_FOLDERS))
    )


def load_record(directory: Path) -> dict[str, str]:
    """relative path -> SHA-256 of what the last run wrote ({} when there is no usable record)."""
    path = directory / RECORD_NAME
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode) or os.lstat(path).st_size > 16 * 1024 * 1024:
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict) or not all(
        isinstance(k, str) and _safe(k) and isinstance(v, str) and re.fullmatch(r"[0-9a-f]{64}", v)
        for k, v in files.items()
    ):
        return {}
    return files


def _record_text(
    directory: Path, earlier: dict[str, str], written: Mapping[Path, bytes], folders: Sequence[str]
) -> str:
    """The record of this run's files; what the ``earlier`` record holds in the folders this run does not write
    (mail/ when this run has no --eml) stays recorded while it is unchanged, so a later run can still remove it."""
    files = {
        name: digest
        for name, digest in earlier.items()
        if name.split("/", 1)[0] in OWNED_FOLDERS
        and name.split("/", 1)[0] not in folders
        and _ours(directory / name, earlier, directory)
    }
    files.update({p.relative_to(directory).as_posix(): sha256(data) for p, data in written.items()})
    return (
        json.dumps(
            {
                "about": "The files `eventkit invites` wrote here, with their SHA-256: it removes a file it no "
                "longer writes only when the file is still exactly this.",
                "files": files,
            },
            indent=2,
            sort_keys=True,
        )
        + "\n"
    )


def replace_invite_files(
    directory: Path, written: Mapping[Path, bytes], stale: Sequence[Path], folders: Sequence[str] = OWNED_FOLDERS
) -> None:
    """Write this run's files and their record, and remove the ``stale`` files (each only if it still holds what
    the record says eventkit wrote), as one set: a failed or stopped run leaves the folder as the last run left
    it. Then remove the folders under the owned folders that this left empty. Raises OSError."""
    record = load_record(directory)
    files: dict[str, bytes | str] = {p.relative_to(directory).as_posix(): data for p, data in written.items()}
    files[RECORD_NAME] = _record_text(directory, record, written, folders)
    relative = [p.relative_to(directory).as_posix() for p in stale]
    removals = {name: record[name] for name in relative if name in record}
    replace_files(directory, files, remove=removals)
    _remove_empty_folders(stale, directory)


def _files_under(root: Path) -> list[Path]:
    found: list[Path] = []
    for folder, _, names in os.walk(root, followlinks=False):
        found += [Path(folder) / name for name in names]
    return found


def _ours(path: Path, record: dict[str, str], directory: Path) -> bool:
    """Is ``path`` a regular file exactly as eventkit recorded writing it?"""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
        return record.get(path.relative_to(directory).as_posix()) == sha256(path.read_bytes())
    except (OSError, ValueError):
        return False


def _looks_like_ours(path: Path) -> bool:
    """An invite file an earlier eventkit wrote before it kept a record (its PRODID or e-mail boundary)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(8192)
    except OSError:
        return False
    return b"PRODID:-//eventkit//" in head or b'boundary="eventkit-' in head


def stale_files(
    directory: Path, written: dict[Path, bytes], folders: Sequence[str] = OWNED_FOLDERS
) -> tuple[list[Path], list[Path]]:
    """(files to remove: recorded, unchanged and not written this run; files left alone: the others under
    ``folders`` that this run does not write), each sorted."""
    record = load_record(directory)
    remove: list[Path] = []
    leave: list[Path] = []
    for folder in folders:
        root = directory / folder
        if not root.is_dir() or root.is_symlink():
            continue
        for path in _files_under(root):
            if path in written or path.suffix not in OWNED_SUFFIXES and not _ours(path, record, directory):
                continue
            (remove if _ours(path, record, directory) else leave).append(path)
    return sorted(remove), sorted(leave)


def in_the_way(directory: Path, written: dict[Path, bytes]) -> list[tuple[Path, str]]:
    """Paths this run must write that hold something eventkit did not write there, and what."""
    record = load_record(directory)
    blocked = []
    for path in written:
        for parent in [*reversed(path.relative_to(directory).parents)][1:]:
            at = directory / parent
            if at.is_symlink() or (at.exists() and not at.is_dir()):
                blocked.append((at, "is not a folder" if not at.is_symlink() else "is a link"))
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            continue
        if not stat.S_ISREG(mode):
            blocked.append(
                (
                    path,
                    "is a link"
                    if stat.S_ISLNK(mode)
                    else "is a folder"
                    if stat.S_ISDIR(mode)
                    else "is not a regular file",
                )
            )
        elif not (_ours(path, record, directory) or _looks_like_ours(path)):
            blocked.append((path, "is a file eventkit did not write"))
    return sorted(set(blocked))


def _remove_empty_folders(paths: Sequence[Path], directory: Path) -> None:
    """Remove the folders of ``paths`` under ``directory`` that are now empty, up to the owned folders."""
    for folder in sorted({p.parent for p in paths}, key=lambda p: len(p.parts), reverse=True):
        while folder != directory and directory in folder.parents:
            try:
                folder.rmdir()
            except OSError:
                break
            folder = folder.parent
