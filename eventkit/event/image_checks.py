"""``check`` errors for the event's local images: the organisers' logos and ``![alt](path)`` in Markdown fields.

Each must be a PNG, JPEG or GIF file inside the event file's folder (see :mod:`eventkit.text.images`); one
that is not is a located error, so that ``build`` refuses with it instead of failing half-way.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .markdown_warnings import markdown_fields, report_findings
from .positions import KeyPath
from .reporting import ProblemReport

if TYPE_CHECKING:
    from .model import Event


def check_images(event: Event, reader: ProblemReport, event_path: Path) -> None:
    from ..text.images import ImageProblem, is_remote, resolve_local_image
    from ..text.lint import image_findings

    folder = event_path.parent
    for index, organiser in enumerate(event.organisers):
        if not organiser.logo:
            continue
        path: KeyPath = ("organisers", index, "logo")
        if is_remote(organiser.logo):
            reader.report(
                path,
                f"'{organiser.logo}' is an address: logos are never fetched",
                'save the logo in the event file\'s folder and write its path, e.g. logo = "logos/unece.png"',
            )
            continue
        try:
            resolve_local_image(organiser.logo, folder)
        except ImageProblem as exc:
            reader.report(path, f"logo {exc.message}", exc.hint)
    for path, text in markdown_fields(event):
        report_findings(reader, path, image_findings(text, folder))
