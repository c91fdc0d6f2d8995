"""``![alt](path)`` in Markdown: a local image becomes ``<img>``, anything else stays text.

The renderer's ``env`` may carry ``"images"``: the event's :class:`~eventkit.event.images.EventImages`. An image
whose source is a relative path is then drawn from its verified file (``src`` is that file's ``file:`` URI, which
the PDF and DOCX writers allow for this build only). A remote source (``https:``, ``file:``, ``data:`` ...), or any
image when there is no ``"images"``, prints as its Markdown text: nothing is ever fetched.
"""
from __future__ import annotations

from urllib.parse import unquote

from markupsafe import escape

from .images import is_remote


def image_as_text(token) -> str:
    return str(escape(f"![{token.content}]({token.attrGet('src') or ''})"))


def render_image(self, tokens, idx, options, env) -> str:
    """The ``image`` render rule."""
    token = tokens[idx]
    source = token.attrGet("src") or ""
    images = (env or {}).get("images")
    if images is None or not source.strip() or is_remote(source):
        return image_as_text(token)
    alt = self.renderInlineAsText(token.children or [], options, env)
    uri = images.uri(unquote(source))    # the loader verified it; raises ImageProblem if it changed since
    return f'<img class="picture" src="{escape(uri)}" alt="{escape(alt)}">'


def image_tokens(tokens):
    """Every ``image`` token in a parsed document, with the inline token holding it."""
    for token in tokens:
        for child in token.children or ():
            if child.type == "image":
                yield token, child
