"""Local images: which files a logo or a Markdown ``![alt](path)`` may draw, verified by their bytes.

An image is drawn only when it is a file inside the event file's folder (symlinks and ``..`` resolved first; an
absolute path is refused), a PNG, JPEG or GIF by its first bytes (not SVG: it can reference other files), at most
:data:`MAX_IMAGE_BYTES` and :data:`MAX_IMAGE_PIXELS`.  A reference with a URL scheme (``https:``, ``file:``,
``data:`` ...) is never fetched: the Markdown stays text.  The PDF and DOCX writers may read exactly the files
resolved for the event (:meth:`eventkit.event.images.EventImages.paths`) besides the theme folder, and they verify the bytes again as they read
them (:func:`verified_image_bytes`), so a file swapped after the check is still refused.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # a small PNG can decode to gigabytes: 40 megapixels is a large photo
IMAGE_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG", b"GIF87a": "GIF", b"GIF89a": "GIF"}
ACCEPTED = "a PNG, JPEG or GIF file"


class ImageProblem(ValueError):
    """Why an image reference cannot be drawn, in words for the event's author, with a hint."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(f"{message} ({hint})" if hint else message)
        self.message = message
        self.hint = hint


def is_remote(reference: str) -> bool:
    """True for a reference that is not a relative path: it has a URL scheme (``https:``, ``file:``, ``data:``,
    ``C:``) or starts with ``//``. Such images are never fetched."""
    text = reference.strip()
    return bool(urlsplit(text).scheme) or text.startswith(("//", "\\\\"))


def image_format(head: bytes) -> str | None:
    """ "PNG", "JPEG" or "GIF" from a file's first bytes, else None."""
    return next((name for signature, name in IMAGE_SIGNATURES.items() if head.startswith(signature)), None)


def _what_it_is(head: bytes) -> str:
    """A few words on what a refused file looks like, for the message."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"<svg" in text or (text.startswith(b"<?xml") and b"svg" in text):
        return "an SVG drawing (refused: it can reference other files)"
    if head.startswith(b"%PDF"):
        return "a PDF file"
    if not head:
        return "an empty file"
    try:
        head.decode("utf-8")
        return "a text file"
    except UnicodeDecodeError:
        return "not a PNG, JPEG or GIF image"


def verified_image_bytes(path: Path) -> bytes:
    """The bytes of ``path`` when they are a PNG, JPEG or GIF within the limits; else raise :class:`ImageProblem`."""
    from ..user_files import UnreadableFile, read_user_file

    try:
        data = read_user_file(path, MAX_IMAGE_BYTES, "an image")
    except UnreadableFile as exc:
        if exc.size is not None:
            raise ImageProblem(
                f"the image is too large ({exc.size / 1048576:.1f} MB; at most {MAX_IMAGE_BYTES // 1048576} MB)",
                "save it smaller, e.g. 150 dpi at the printed size",
            ) from exc
        raise ImageProblem(exc.message) from exc
    kind = image_format(data[:16])
    if kind is None:
        raise ImageProblem(
            f"is {_what_it_is(data[:512])}, not {ACCEPTED}",
            "save the image as PNG or JPEG; export a logo drawn as SVG as PNG",
        )
    width, height = _pixel_size(data, kind)
    if width * height > MAX_IMAGE_PIXELS:
        raise ImageProblem(
            f"the image has {width} × {height} pixels (at most {MAX_IMAGE_PIXELS // 1_000_000} megapixels)",
            "scale it down, e.g. to 3000 pixels wide",
        )
    return data


def _pixel_size(data: bytes, kind: str) -> tuple[int, int]:
    """Width and height from the image's header (Pillow reads only the header here, nothing is decoded)."""
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # DecompressionBombWarning: the limit is checked here
            with Image.open(io.BytesIO(data), formats=[kind]) as image:
                return image.size
    except Exception as exc:  # Pillow raises several kinds for a damaged file
        raise ImageProblem(f"is a damaged {kind} file ({type(exc).__name__})", "open and save it again") from exc


def resolve_local_image(reference: str, folder: Path) -> Path:
    """The real path of ``reference`` (a relative path, percent-escapes allowed) inside ``folder``, verified;
    raise :class:`ImageProblem` for an escape, an absolute path, a missing file or a wrong type."""
    text = unquote(reference.strip())
    if not text:
        raise ImageProblem("the image has no file name", "write ![description](photos/name.png)")
    if "\0" in text:
        raise ImageProblem("the file name contains a NUL character")
    if text.startswith(("/", "\\")) or Path(text).is_absolute():
        raise ImageProblem(
            f"'{text}' is an absolute path: only files in the event file's folder are used",
            "copy the image beside the event file and write a relative path, e.g. logos/unece.png",
        )
    root = Path(os.path.realpath(folder))
    path = Path(os.path.realpath(root / text))
    if not path.is_relative_to(root):
        how = "'..' leads" if ".." in Path(text.replace("\\", "/")).parts else "a symbolic link leads"
        raise ImageProblem(
            f"'{text}' is outside the event file's folder ({how} out of it)",
            "copy the image into the event file's folder or a folder inside it",
        )
    try:
        verified_image_bytes(path)
    except ImageProblem as exc:
        if exc.message == "no such file":
            raise ImageProblem(
                f"'{text}' does not exist in the event file's folder", f"the path is relative to {root}"
            ) from exc
        raise ImageProblem(
            f"'{text}' {exc.message}" if exc.message.startswith("is ") else f"'{text}': {exc.message}", exc.hint
        ) from exc
    return path


def allowed_image_file(url: str, allowed: frozenset[str] | tuple[str, ...]) -> Path | None:
    """The file a ``file:`` URL names when it is exactly one of this build's resolved images (``allowed``,
    from :meth:`EventImages.paths`), else None. Symlinks are resolved before the comparison."""
    try:
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = os.path.realpath(unquote(parts.path))
    except (ValueError, OSError):  # an embedded NUL, a malformed URL
        return None
    return Path(path) if path in set(allowed) else None
