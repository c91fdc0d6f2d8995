"""Turn a document's HTML (docs/reference/template-html.md) into a tagged PDF with WeasyPrint.

The renderer may read only files inside ``assets_dir`` (theme.css, fonts, a logo) and exactly this build's
verified images (``image_files``: the event's logos and local Markdown images, see images.py; their bytes are
verified again as they are read): every other URL -- http(s), ftp, data:, file:// outside the folder, ``..`` or symlink escapes --
is refused by the URL fetcher (see :func:`resolve_asset`), and nothing is ever embedded as a PDF attachment.
Refusals are logged at DEBUG level on the ``eventkit.documents.pdf.writer`` logger; WeasyPrint's own
error records about them are filtered out.  WeasyPrint is imported lazily so that
``eventkit --help`` stays fast.
"""

from __future__ import annotations

import functools
import logging
import mimetypes
import os
import pathlib
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote, urlsplit

LOGGER = logging.getLogger(__name__)
_REFUSED = "eventkit-refused-url"  # marker in the exception text WeasyPrint logs for a refusal
HEADER_CELL = re.compile(r"<th[\s/>]", re.IGNORECASE)


class RefusedURL(ValueError):
    """A URL the renderer is not allowed to fetch."""

    def __init__(self, url: str):
        super().__init__(f"{_REFUSED}: {url[:200]}")


def _drop_refusal_records(record: logging.LogRecord) -> bool:
    """Logging filter for WeasyPrint's logger: drop the records about URLs we refused."""
    exception = record.exc_info[1] if record.exc_info else None
    return _REFUSED not in record.getMessage() and _REFUSED not in str(exception or "")


def resolve_asset(url: str, root: pathlib.Path) -> pathlib.Path:
    """The real path of a ``file:`` URL if it names a regular file inside ``root``; else raise RefusedURL.

    ``root`` must already be resolved.  Symlinks and ``..`` are resolved before the check.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        raise RefusedURL(url)
    try:
        path = pathlib.Path(os.path.realpath(unquote(parts.path)))
        if path.is_relative_to(root) and path.is_file():
            return path
    except (OSError, ValueError):  # e.g. an embedded NUL byte
        pass
    raise RefusedURL(url)


def _permitted(url: str, root: pathlib.Path, image_files: frozenset[str]) -> tuple[pathlib.Path, bytes]:
    """The path and bytes of a file the renderer may read: inside ``root``, or one of ``image_files`` whose bytes
    are still a PNG, JPEG or GIF within the limits; else raise RefusedURL."""
    from ...text.images import ImageProblem, allowed_image_file, verified_image_bytes

    try:
        path = resolve_asset(url, root)
        return path, path.read_bytes()
    except RefusedURL:
        image = allowed_image_file(url, image_files)
        if image is None:
            raise
    try:
        return image, verified_image_bytes(image)
    except ImageProblem:
        raise RefusedURL(url) from None


@functools.cache
def _fetcher_class() -> Callable[[pathlib.Path, frozenset[str]], Any]:
    """The URL fetcher class (a subclass of WeasyPrint's, made on first use: WeasyPrint is imported lazily)."""
    import weasyprint

    class AssetsOnlyFetcher(weasyprint.URLFetcher):  # type: ignore[misc]  # WeasyPrint has no type information
        """Serves the files inside one folder and this build's images; refuses every other URL (no network, no
        data:)."""

        def __init__(self, root: pathlib.Path, image_files: frozenset[str] = frozenset()) -> None:
            super().__init__()
            self.root = root
            self.image_files = image_files

        def fetch(self, url: str, headers: dict[str, str] | None = None) -> Any:
            try:
                path, data = _permitted(url, self.root, self.image_files)
            except RefusedURL:
                LOGGER.debug("refused to fetch %s", url[:200])
                raise
            mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return weasyprint.urls.URLFetcherResponse(path.as_uri(), data, {"Content-Type": mime_type})

    return AssetsOnlyFetcher


@functools.cache
def _font_config() -> Any:
    """One FontConfiguration for the process: building it scans the system fonts."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def write_pdf(html: str, assets_dir: pathlib.Path, archival: bool = False, image_files: tuple[str, ...] = ()) -> bytes:
    """Render ``html`` to a tagged PDF/UA-1 (or, ``archival``, PDF/A-3b) and return its bytes.

    Relative URLs (``theme.css``) resolve against ``assets_dir``; metadata (Title, Author,
    Subject, Keywords, CreationDate) comes from the HTML head; ``image_files`` are the only files outside
    ``assets_dir`` it may read, the document language (/Lang) from <html lang>.
    """
    from ...text.markdown import is_link_target
    from .accessibility import ACCESSIBLE_VARIANT, ARCHIVAL_VARIANT, add_header_scopes
    from .weasyprint_import import import_weasyprint

    weasyprint = import_weasyprint()

    weasy_logger = logging.getLogger("weasyprint")
    if _drop_refusal_records not in weasy_logger.filters:
        weasy_logger.addFilter(_drop_refusal_records)

    root = pathlib.Path(assets_dir).resolve(strict=True)
    document = weasyprint.HTML(
        string=html,
        base_url=root.as_uri() + "/",
        url_fetcher=_fetcher_class()(root, frozenset(image_files)),
    ).render(font_config=_font_config())
    # Never embed files, even ones inside assets_dir: drop <link rel=attachment> and
    # <a rel=attachment> before the PDF is written (the fetcher already refuses the rest). Links go to http(s) and
    # mailto addresses only, as in the DOCX: a relative href (a user template's <a href="theme.css">) would be a
    # file: link into the templates folder, leaking its path; its text stays, unlinked.
    document.metadata.attachments = []
    for page in document.pages:
        page.links = [
            link for link in page.links if link[0] == "internal" or (link[0] == "external" and is_link_target(link[1]))
        ]
    variant = ARCHIVAL_VARIANT if archival else ACCESSIBLE_VARIANT
    pdf = document.write_pdf(pdf_tags=True, pdf_variant=variant)
    # only <th> elements make TH structure elements: without one there is no scope to add (nor pikepdf to load)
    return add_header_scopes(pdf) if HEADER_CELL.search(html) else pdf
