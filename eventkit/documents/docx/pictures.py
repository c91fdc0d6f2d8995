"""Pictures in the DOCX: ``<img>`` → an inline picture run, with its alternative text as ``wp:docPr/@descr``.

The writer reads the same files the PDF renderer may: this build's verified images (their ``file:`` URIs, see
:mod:`.images`) and the files of the theme folder; the bytes are verified again as they are read (PNG, JPEG or GIF,
within the size limits). An image it may not read is written as its alternative text, as a browser would show it.
Logos (``class="logo"``) are :data:`LOGO_HEIGHT` high; other pictures keep their size at 96 pixels per inch,
scaled down to the text width.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from docx.shared import Emu, Length, Mm

from ...text.images import ImageProblem, allowed_image_file, verified_image_bytes
from .inline import PictureRef

if TYPE_CHECKING:
    from docx.document import Document
    from docx.oxml.xmlchemy import BaseOxmlElement
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

    # the writer's add_run(paragraph, hyperlink, text, fmt)
    TextRunAdder = Callable[[Paragraph, BaseOxmlElement | None, str, frozenset[str]], Run]

LOGO_HEIGHT = Mm(15)
EMU_PER_PIXEL = 914400 // 96


class PictureWriter:
    """Mixed into the DOCX writer: needs ``self.doc``, ``self.image_files`` and ``self.assets_root``."""

    doc: Document
    image_files: frozenset[str] = frozenset()
    assets_root: Path | None = None

    def picture_file(self, src: str) -> Path | None:
        """The file behind ``src`` when the writer may read it, else None."""
        from ..pdf.writer import RefusedURL, resolve_asset

        path = allowed_image_file(src, self.image_files)
        if path is None and self.assets_root is not None:
            try:
                path = resolve_asset(urljoin(self.assets_root.as_uri() + "/", src), self.assets_root)
            except (RefusedURL, ValueError):
                return None
        return path

    def text_width(self) -> int:
        """The width between the margins (EMU) that tables and pictures are sized to (the writer's clear_body gives
        the section a size and margins when the reference .docx has none)."""
        section = self.doc.sections[-1]
        return int((section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0))

    def picture_run(
        self,
        paragraph: Paragraph,
        hyperlink: BaseOxmlElement | None,
        picture: PictureRef,
        fmt: frozenset[str],
        add_text_run: TextRunAdder,
    ) -> Run | None:
        """Add ``picture`` to ``paragraph`` (inside ``hyperlink`` if any); its alt text (in ``fmt``) if it may not be
        read."""
        path = self.picture_file(picture.src)
        try:
            data = verified_image_bytes(path) if path is not None else None
        except ImageProblem:
            data = None
        if data is None:
            return add_text_run(paragraph, hyperlink, picture.alt, fmt) if picture.alt else None
        from docx.image.image import Image

        image = Image.from_blob(data)
        width: Length | None
        height: Length
        if picture.logo:
            width, height = None, LOGO_HEIGHT
        else:
            natural = image.px_width * EMU_PER_PIXEL
            width = Emu(min(natural, self.text_width()))
            height = Emu(int(width * image.px_height / max(image.px_width, 1)))
        run = paragraph.add_run()
        shape = run.add_picture(io.BytesIO(data), width=width, height=height)
        shape._inline.docPr.set("descr", picture.alt)
        if hyperlink is not None:
            hyperlink.append(run._r)
        return run
