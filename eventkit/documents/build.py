"""Building an event's documents: HTML from the templates, then PDF and DOCX from that same HTML.

Everything for one event is produced in memory first and written only when all of it succeeded, each file
atomically, so a failed build leaves the previous good files untouched.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .kinds import DOCUMENT_KINDS, assets_dir, render_html, template_dirs
from ..errors import BuildError
from ..event.model import Event
from ..output import write_all_atomically

FORMATS = ("docx", "pdf", "html")
DEFAULT_FORMATS = ("docx", "pdf")


@dataclass(frozen=True)
class BuildOptions:
    formats: tuple[str, ...] = DEFAULT_FORMATS
    templates: Path | None = None          # the user's templates folder (overrides ours file by file)
    reference_docx: Path | None = None     # the user's Word styles file
    archival_pdf: bool = False             # PDF/A-3b instead of PDF/UA-1

    def reference_docx_path(self) -> Path:
        if self.reference_docx:
            return self.reference_docx
        for folder in template_dirs(self.templates):
            if (folder / "reference.docx").is_file():
                return folder / "reference.docx"
        raise BuildError("no reference.docx found in the templates folders")


@dataclass
class BuildResult:
    event: Event
    directory: Path
    files: list[Path] = field(default_factory=list)


def convert_html(html: str, fmt: str, options: BuildOptions) -> bytes:
    """A document's HTML in one output format, as bytes."""
    if fmt == "html":
        return html.encode("utf-8")
    if fmt == "pdf":
        from .pdf_writer import write_pdf
        return write_pdf(html, assets_dir(options.templates), archival=options.archival_pdf)
    if fmt == "docx":
        from .docx_writer import write_docx
        return write_docx(html, options.reference_docx_path())
    raise BuildError(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")


def output_directory(event: Event, out: Path | None, several: bool) -> Path:
    """build/<event id>/ by default; with -o DIR, DIR itself for one event and DIR/<event id>/ for several."""
    if out is None:
        return Path("build") / event.id
    return out / event.id if several else out


def build_event(event: Event, directory: Path, kinds: tuple[str, ...] = tuple(DOCUMENT_KINDS),
                options: BuildOptions = BuildOptions(), with_invite: bool = True,
                progress: Callable[[str], None] = lambda message: None) -> BuildResult:
    """Produce ``kinds`` × ``options.formats`` (and invite.ics) for ``event`` and write them into ``directory``."""
    files: dict[Path, bytes] = {}
    for kind in kinds:
        html = render_html(event, kind, options.templates)  # once: every format is made from the same HTML
        for fmt in options.formats:
            progress(f"{kind}.{fmt}")
            files[directory / f"{kind}.{fmt}"] = convert_html(html, fmt, options)
    if with_invite:
        from ..calendar.invites import invite_for_build
        progress("invite.ics")
        files[directory / "invite.ics"] = invite_for_build(event)
    write_all_atomically(files)
    return BuildResult(event, directory, list(files))
