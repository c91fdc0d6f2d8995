"""Inline content of the DOCX writer: HTML inline elements → :class:`Piece` runs (formatting, links, breaks,
footnotes)."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

from ...text.footnotes import FOOTNOTE_CLASS
from ...text.markdown import is_link_target
from .html_tree import DROPPED, HTML_SPACE, Node

_FORMAT_TAGS = {
    "em": "italic",
    "i": "italic",
    "cite": "italic",
    "strong": "bold",
    "b": "bold",
    "u": "underline",
    "ins": "underline",
    "sup": "superscript",
    "sub": "subscript",
    "code": "mono",
    "kbd": "mono",
    "samp": "mono",
    "tt": "mono",
    "s": "strike",
    "del": "strike",
    "strike": "strike",
}
MONO_FONT = "Courier New"
LINK_COLOUR = "0563C1"


@dataclass(frozen=True)
class PictureRef:
    """An ``<img>``: its ``src`` as written, its alternative text, and whether it is a logo (fixed height)."""

    src: str
    alt: str
    logo: bool = False


@dataclass
class Piece:
    """A stretch of text with one formatting (``text`` is None for a line break; ``picture`` for an image), or a
    footnote call: ``note`` holds the note's own pieces (``text`` is then empty)."""

    text: str | None
    fmt: frozenset[str] = frozenset()
    href: str | None = None
    picture: PictureRef | None = None
    note: list[Piece] | None = field(default=None, repr=False)


def link_target(href: str) -> str | None:
    """The URL to link to, or None when ``href`` is not an http, https or mailto URL."""
    if not is_link_target(href):
        return None
    return quote(href.strip(), safe="%:/?#[]@!$&'()*+,;=~")  # Word rejects targets that are not valid URIs


def collect_inline(
    node: Node | str, fmt: frozenset[str], href: str | None, out: list[Piece], pre: bool = False
) -> None:
    if isinstance(node, str):
        if pre:
            lines = node.split("\n")
            for i, line in enumerate(lines):
                if i:
                    out.append(Piece(None, fmt, href))
                if line:
                    out.append(Piece(line.replace("\t", "    "), fmt, href))
        else:
            out.append(Piece(node, fmt, href))
        return
    if node.tag in DROPPED:
        return
    if node.tag == "br":
        out.append(Piece(None, fmt, href))
        return
    if node.tag == "img":
        picture = PictureRef(node.attrs.get("src") or "", node.attrs.get("alt") or "", "logo" in node.classes)
        out.append(Piece("", fmt, href, picture))
        return
    if node.tag == "span" and FOOTNOTE_CLASS in node.classes:  # its own formatting: not the bold of a heading
        note: list[Piece] = []
        for child in node.children:
            collect_inline(child, frozenset(), None, note)
        out.append(Piece("", note=collapse_whitespace(_inline_notes(note))))
        return
    if node.attrs.get("lang"):  # a name in its own script's typography (<bdi lang="ja">)
        fmt = frozenset(f for f in fmt if not f.startswith("lang:")) | {f"lang:{node.attrs['lang']}"}
    if node.attrs.get("dir") in ("ltr", "rtl"):  # an isolate: a name, an English title in an Arabic line
        fmt = (fmt - {"isolate:ltr", "isolate:rtl"}) | {f"isolate:{node.attrs['dir']}"}
    if node.tag in _FORMAT_TAGS:
        fmt = fmt | {_FORMAT_TAGS[node.tag]}
    elif node.tag == "a" and href is None:
        href = link_target(node.attrs.get("href", ""))
    for child in node.children:
        collect_inline(child, fmt, href, out, pre)


def _inline_notes(pieces: list[Piece]) -> list[Piece]:
    """A note's pieces with the notes inside it written into its text (Word has no footnote in a footnote)."""
    out: list[Piece] = []
    for piece in pieces:
        out.extend([Piece(" ")] + _inline_notes(piece.note) if piece.note is not None else [piece])
    return out


def collapse_whitespace(pieces: list[Piece]) -> list[Piece]:
    """Collapse white space as HTML does: across tags, none at the start or end of a line."""
    out: list[Piece] = []
    after_space = True  # at the start of the paragraph or line, a space is dropped
    for piece in pieces:
        if piece.picture is not None:
            out.append(piece)
            after_space = False
            continue
        if piece.note is not None:
            out.append(piece)
            continue
        if piece.text is None:
            _strip_trailing_space(out)
            out.append(piece)
            after_space = True
            continue
        text = HTML_SPACE.sub(" ", piece.text)
        if after_space and text.startswith(" "):
            text = text[1:]
        if text:
            out.append(Piece(text, piece.fmt, piece.href))
            after_space = text.endswith(" ")
    _strip_trailing_space(out)
    return out


def _strip_trailing_space(pieces: list[Piece]) -> None:
    while pieces and pieces[-1].text is not None and pieces[-1].text.endswith(" "):
        text = pieces[-1].text.rstrip(" ")
        if text:
            pieces[-1] = Piece(text, pieces[-1].fmt, pieces[-1].href)
            return
        pieces.pop()
