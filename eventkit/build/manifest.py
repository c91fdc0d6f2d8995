"""The build manifest: what each output file was made from, so that a rebuild redoes only what changed.

``build`` keeps ``.eventkit-build.json`` in each output folder. For every file it records two SHA-256 hashes:

- ``input``: everything the file is made from -- the document's HTML (which already reflects the event, the
  templates and the labels) and the writer's own inputs: eventkit's version, the version of WeasyPrint (PDF) or
  python-docx (DOCX), the reference .docx, the theme folder's files (theme.css, logos) and the installed fonts;
  for invite.ics, the event file and its ``.invites.json`` state;
- ``output``: the file's bytes as written;
- ``source``: a shortcut for unchanged rebuilds -- the loaded event (all its fields, including any text read from
  other files), eventkit's own code and the templates folders' files, and the writer's inputs. When it matches,
  even the HTML is not rendered again.

A file is skipped only when its input (or source) hash is the recorded one *and* the file on disk still has the recorded
output hash (a deleted or hand-edited file is rebuilt). A missing, unreadable or damaged manifest is an empty one,
so the worst a bad manifest can cause is a full rebuild, never a wrong skip. The manifest is written in the same
set as the files it describes (see :mod:`eventkit.output`): the folder never holds new files with an old manifest.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..cache import code_fingerprint, folder_fingerprint
from ..hashing import file_sha256, sha256
from ..output import write_atomically

if TYPE_CHECKING:
    from ..event.model import Event

MANIFEST_NAME = ".eventkit-build.json"
MANIFEST_FORMAT = 1


def _package_version(module: str) -> str:
    """Identifies the installed version of a writer library without importing it (importing WeasyPrint takes
    longer than a whole unchanged rebuild): the hash of its ``__init__.py``, which holds its version string."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.origin:
        return "missing"
    return f"{spec.origin}\0{file_sha256(Path(spec.origin))}"


def fonts_fingerprint() -> str:
    """Changes when a font is installed, removed or updated, or fontconfig's configuration changes (the fonts
    WeasyPrint draws with): see documents/installed_fonts.py."""
    from ..documents.installed_fonts import FontListUnavailable, configuration_fingerprint, installed_fonts

    try:
        return installed_fonts().fingerprint
    except FontListUnavailable:  # without fontconfig there is no PDF either: the folders say enough
        return configuration_fingerprint()


@lru_cache(maxsize=8)
def theme_fingerprint(assets_dir: Path) -> str:
    """The contents of the theme folder the PDF renderer reads (theme.css, logos, fonts), templates excluded:
    the templates' effect is already in the HTML."""
    entries = []
    for path in sorted(Path(assets_dir).rglob("*")):
        if path.is_file() and not path.name.endswith(".j2") and path.name != "reference.docx":
            entries.append(f"{path.relative_to(assets_dir)}\0{file_sha256(path)}")
    return sha256("\n".join(entries))


@lru_cache(maxsize=8)
def writer_key(fmt: str, assets_dir: Path, reference_docx: Path | None, archival_pdf: bool = False) -> str:
    """Everything besides the HTML that a format's writer output depends on."""
    if fmt == "pdf":
        parts = [
            "pdf",
            "pdf/a-3b" if archival_pdf else "pdf/ua-1",
            _package_version("weasyprint"),
            theme_fingerprint(assets_dir),
            fonts_fingerprint(),
        ]
    elif fmt == "docx":
        reference_hash = file_sha256(reference_docx) if reference_docx else None
        parts = ["docx", _package_version("docx"), reference_hash or "missing", os.environ.get("SOURCE_DATE_EPOCH", "")]
    else:
        parts = [fmt]
    return sha256("\0".join([__version__, *parts]))


def document_input(html: str, fmt: str, key: str) -> str:
    """The input hash of one document in one format."""
    return sha256(f"{key}\0{fmt}\0{html}")


def invite_input(event_file: str) -> str:
    """The input hash of invite.ics: the event file, the state of the invites issued for it, the replies
    recorded for it (a decline leaves that attendee out) and its translation files (``<stem>.<language>.po``: an
    event issued in several languages describes itself in each).

    (The files' names are the ones ``eventkit.calendar.invites.state_path`` and ``calendar.replies.replies_path``
    give; they are spelt out here so that an unchanged rebuild does not import the calendar package.)"""
    source = Path(event_file)
    state = source.with_name(f"{source.stem}.invites.json")
    replies = source.with_name(f"{source.stem}.replies.json")
    from ..language.translation_files import translation_files_beside

    translations = translation_files_beside(source).values()
    return sha256(
        "\0".join(
            [
                __version__,
                "ics",
                file_sha256(source) or "",
                file_sha256(state) or "",
                file_sha256(replies) or "",
                *(f"{path.name}\0{file_sha256(path) or ''}" for path in translations),
            ]
        )
    )


def event_source(event: Event, template_dirs: list[Path]) -> str:
    """The source hash shared by an event's documents: the loaded event, eventkit's code, the templates."""
    return sha256(
        "\0".join(
            [
                __version__,
                repr(event),
                code_fingerprint(),
                *(f"{folder}\0{folder_fingerprint(folder)}" for folder in template_dirs),
            ]
        )
    )


def document_source(common: str, kind: str, fmt: str, key: str) -> str:
    """The source hash of one document in one format (see the module's docstring)."""
    return sha256(f"{common}\0{kind}\0{fmt}\0{key}")


class Manifest:
    """The manifest of one output folder."""

    def __init__(self, directory: Path, entries: dict[str, dict[str, str]] | None = None):
        self.directory = Path(directory)
        self.entries: dict[str, dict[str, str]] = entries or {}
        self.changed = False

    @property
    def path(self) -> Path:
        return self.directory / MANIFEST_NAME

    @classmethod
    def load(cls, directory: Path) -> Manifest:
        """The folder's manifest; an empty one when it is missing, unreadable or damaged in any way."""
        manifest = cls(directory)
        try:
            data = json.loads(manifest.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return manifest
        if (
            not isinstance(data, dict)
            or data.get("format") != MANIFEST_FORMAT
            or not isinstance(data.get("files"), dict)
        ):
            return manifest
        for name, entry in data["files"].items():
            if (
                isinstance(entry, dict)
                and isinstance(entry.get("input"), str)
                and isinstance(entry.get("output"), str)
                and "/" not in name
                and "\\" not in name
                and name not in ("", ".", "..")
            ):
                manifest.entries[name] = {
                    key: entry[key] for key in ("input", "output", "source") if isinstance(entry.get(key), str)
                }
        return manifest

    def is_current(self, name: str, input_hash: str, which: str = "input") -> bool:
        """True when ``name`` was made from ``input_hash`` (its ``which`` hash: "input" or "source") and the file
        on disk is still the one written then."""
        entry = self.entries.get(name)
        if entry is None or entry.get(which) != input_hash:
            return False
        return file_sha256(self.directory / name) == entry["output"]

    def needs_writing(self, name: str, data: bytes) -> bool:
        """False when the file on disk already holds exactly ``data`` (then it is left untouched)."""
        return file_sha256(self.directory / name) != sha256(data)

    def record(self, name: str, input_hash: str, output_hash: str, source: str | None = None) -> None:
        entry = {"input": input_hash, "output": output_hash}
        if source:
            entry["source"] = source
        if self.entries.get(name) != entry:
            self.entries[name] = entry
            self.changed = True

    def written_by_us(self, name: str) -> str | None:
        """The hash of ``name`` when the file on disk is still exactly what eventkit wrote there (so eventkit may
        remove it), else None: the manifest is the record of what eventkit wrote."""
        entry = self.entries.get(name)
        if entry is None or file_sha256(self.directory / name) != entry["output"]:
            return None
        return entry["output"]

    def forget(self, name: str) -> None:
        if self.entries.pop(name, None) is not None:
            self.changed = True

    def pending_text(self) -> str | None:
        """The manifest's new text when it must be written (something in it changed, or it is missing), else None;
        the build writes it in the same set as the files it describes."""
        if not self.changed and self.path.is_file():
            return None
        data = {
            "format": MANIFEST_FORMAT,
            "generator": f"eventkit {__version__}",
            "files": dict(sorted(self.entries.items())),
        }
        return json.dumps(data, indent=1, sort_keys=True) + "\n"

    def save(self) -> None:
        """Write the manifest atomically (only when something in it changed)."""
        text = self.pending_text()
        if text is not None:
            write_atomically(self.path, text)
        self.changed = False
