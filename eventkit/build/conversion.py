"""One document's HTML in one output format (PDF, DOCX or a standalone HTML page), with the build's options: what
the build runs for each conversion, in this process or in a worker (:mod:`eventkit.build.workers`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..documents.kinds import assets_dir, template_dirs
from ..errors import BuildError

FORMATS = ("docx", "pdf", "html")
DEFAULT_FORMATS = ("docx", "pdf")


@dataclass(frozen=True)
class BuildOptions:
    formats: tuple[str, ...] = DEFAULT_FORMATS
    templates: Path | None = None  # the user's templates folder (overrides ours file by file)
    reference_docx: Path | None = None  # the user's Word styles file
    archival_pdf: bool = False  # PDF/A-3b instead of PDF/UA-1
    draft: bool = False  # every document marked DRAFT (--draft)

    def reference_docx_path(self) -> Path:
        if self.reference_docx:
            return self.reference_docx
        for folder in template_dirs(self.templates):
            if (folder / "reference.docx").is_file():
                return folder / "reference.docx"
        raise BuildError("no reference.docx found in the templates folders")


THEME_LINK = '<link rel="stylesheet" href="theme.css">'


def standalone_html(html: str, assets: Path) -> str:
    """The HTML file a build writes: the theme's stylesheet inside it, so that it looks as it should wherever it is
    opened (the PDF renderer and the preview read theme.css from the theme folder instead)."""
    theme = assets / "theme.css"
    if THEME_LINK not in html or not theme.is_file():
        return html
    css = re.sub(r"/\*.*?\*/", "", theme.read_text(encoding="utf-8"), flags=re.S)  # its comments are for its authors
    css = "\n".join(line.rstrip() for line in css.splitlines() if line.strip()).replace("</", "<\\/")
    return html.replace(THEME_LINK, f"<style>\n{css}\n</style>", 1)


def convert_html(html: str, fmt: str, options: BuildOptions, image_files: tuple[str, ...] = ()) -> bytes:
    """A document's HTML in one output format, as bytes; ``image_files`` are the event's verified images, the only
    files besides the theme folder the writers may read."""
    if fmt == "html":
        return standalone_html(html, assets_dir(options.templates)).encode("utf-8")
    if fmt == "pdf":
        from ..documents.pdf.writer import write_pdf

        return write_pdf(html, assets_dir(options.templates), archival=options.archival_pdf, image_files=image_files)
    if fmt == "docx":
        from ..documents.docx.writer import write_docx

        return write_docx(html, options.reference_docx_path(), image_files, assets_dir(options.templates))
    raise BuildError(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")
