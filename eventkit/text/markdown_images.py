"""``![alt](path)`` in Markdown: a local image becomes ``<img>``, anything else stays text.

The renderer's ``env`` may carry ``"images"``: the event's :class:`~eventkit.event.images.EventImages`. An image
whose source is a relative path is then drawn from its verified file (``src`` is that file's ``file:`` URI, which
the PDF and DOCX writers allow for this build only). A remote source (``https:``, ``file:``, ``data:`` ...), or any
image when there is no ``"images"``, prints as its Markdown text: nothing is ever fetched.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Protocol
from urllib.parse import unquote

from markupsafe import escape

from .images import is_remote

if TYPE_CHECKING:
    from markdown_it.renderer import RendererHTML
    from markdown_it.token import Token
    from markdown_it.utils import EnvType, OptionsDict


class ImageFiles(Protocol):
    """What the renderer needs of the event's images (an :class:`~eventkit.event.images.EventImages`)."""

    def uri(self, reference: str) -> str:
        """The ``file:`` URI of a relative image path's verified file."""
        ...


def token_attribute(token: Token, name: str) -> str:
    """A token's attribute as text ("" when it has none)."""
    return str(token.attrGet(name) or "")


def image_as_text(token: Token) -> str:
    return str(escape(f"![{token.content}]({token_attribute(token, 'src')})"))


def render_image(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    """The ``image`` render rule."""
    token = tokens[idx]
    source = token_attribute(token, "src")
    images: ImageFiles | None = (env or {}).get("images")
    if images is None or not source.strip() or is_remote(source):
        return image_as_text(token)
    alt = self.renderInlineAsText(token.children or [], options, env)
    uri = images.uri(unquote(source))  # the loader verified it; raises ImageProblem if it changed since
    return f'<img class="picture" src="{escape(uri)}" alt="{escape(alt)}">'


def image_tokens(tokens: Iterable[Token]) -> Iterator[tuple[Token, Token]]:
    """Every ``image`` token in a parsed document, with the inline token holding it."""
    for token in tokens:
        for child in token.children or ():
            if child.type == "image":
                yield token, child
