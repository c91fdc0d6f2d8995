"""The local images of an event: its organisers' logos and the ``![alt](path)`` images of its Markdown fields, each
resolved against the event file's folder and verified (see :mod:`eventkit.text.images` for what may be drawn)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..hashing import file_sha256, sha256
from ..text.images import ImageProblem, resolve_local_image
from ..text.markdown import local_image_sources
from .markdown_warnings import markdown_fields

if TYPE_CHECKING:
    from .model import Event


@dataclass
class EventImages:
    """The local images of one event: each reference resolved once against the event file's folder."""

    folder: Path | None  # None: an event not read from a file (no local images)
    resolved: dict[str, Path] = field(default_factory=dict)

    @classmethod
    def of(cls, event: Event) -> EventImages:
        """Every logo and Markdown image of ``event``, resolved and verified (raises :class:`ImageProblem`)."""
        images = cls(Path(event.source).parent if event.source else None)
        for reference in image_references(event):
            images.path(reference)
        return images

    def path(self, reference: str) -> Path:
        if reference not in self.resolved:
            if self.folder is None:
                raise ImageProblem(f"'{reference}': an event not read from a file has no folder for its images")
            self.resolved[reference] = resolve_local_image(reference, self.folder)
        return self.resolved[reference]

    def uri(self, reference: str) -> str:
        """The ``file:`` URI of a reference's resolved file (the HTML's ``src``; the writers allow only these)."""
        return self.path(reference).as_uri()

    def paths(self) -> tuple[str, ...]:
        return tuple(sorted({str(p) for p in self.resolved.values()}))

    def fingerprint(self) -> str:
        """Changes when an image file's contents change (the build manifest counts it)."""
        return sha256("\n".join(f"{path}\0{file_sha256(Path(path))}" for path in self.paths()))


def image_references(event: Event) -> list[str]:
    """The local image references of ``event``: the organisers' logos, then the images in its Markdown fields."""
    references = [o.logo for o in event.organisers if getattr(o, "logo", "")]
    for _, text in markdown_fields(event):
        references += local_image_sources(text)
    return references
