"""Markdown in the event file's text fields → small, safe HTML.

CommonMark (markdown-it-py) with raw HTML off, so ``<img src=...>`` in a note stays text; an image is drawn only
from a verified local file when the event's images are given (see :mod:`.markdown_images`), otherwise its markup
stays visible as text (nothing is ever fetched); a link to anything but an http(s) or mailto address keeps its
text without the link (:func:`is_link_target`).  Two small inline extensions: ``^sup^`` for superscript and
``++text++`` for underline.  GitHub-style pipe tables (with ``:--``/``:-:``/``--:`` alignment, written as
``class="align-left|center|right"`` on the cells, not as inline style) and ``~~strikethrough~~`` are on, and,
as on GitHub, an address written out (``https://...``) or an e-mail address becomes a link (on any current top-level
domain: linkify-it's full list, so ``a@who.int`` too); a bare domain (``example.org``, ``notes.md``) stays text.
Directives (``::: {.participants}`` fenced divs, :mod:`eventkit.text.directives`) print nothing here: only the
report places the blocks they name.  Footnotes (``text[^1]`` with a ``[^1]: note`` line) are printed where
they are referenced, as ``<span class="footnote">``: see :mod:`eventkit.text.footnotes`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from markupsafe import Markup

from .images import is_remote
from .markdown_images import ImageFiles, image_tokens, render_image, token_attribute

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.renderer import RendererHTML
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token
    from markdown_it.utils import EnvType, OptionsDict

from .directives import strip_directives
from .footnotes import enable_footnotes

SAFE_SCHEMES = ("http:", "https:", "mailto:")
LINK_SCHEMES = ("http", "https", "mailto")


def _delimited(marker: str, tag: str, allow_spaces: bool) -> Callable[[StateInline, bool], bool]:
    """An inline rule turning ``<marker>text<marker>`` into ``<tag>text</tag>`` (inner Markdown is parsed)."""
    width = len(marker)

    def rule(state: StateInline, silent: bool) -> bool:
        start = state.pos
        if not state.src.startswith(marker, start):
            return False
        end = state.src.find(marker, start + width)
        if end == -1 or end == start + width or end > state.posMax:
            return False
        inner = state.src[start + width : end]
        if inner != inner.strip() or (not allow_spaces and any(c.isspace() for c in inner)):
            return False
        if not silent:
            state.push(f"{tag}_open", tag, 1).markup = marker
            old_max = state.posMax
            state.pos, state.posMax = start + width, end
            state.md.inline.tokenize(state)
            state.posMax = old_max
            state.push(f"{tag}_close", tag, -1).markup = marker
        state.pos = end + width
        return True

    return rule


def _validate_link(url: str) -> bool:
    lowered = url.strip().lower()
    if ":" not in lowered.split("/", 1)[0]:
        return not lowered.startswith("//")  # relative links and anchors are harmless text targets
    return lowered.startswith(SAFE_SCHEMES)


def is_link_target(href: str) -> bool:
    """True for the only addresses the documents link to: http, https and mailto. Anything else -- a relative path
    (``theme.css``, ``../../etc/passwd``), an anchor, ``file:``, ``javascript:`` -- keeps its text, unlinked, in every
    format (the PDF renderer would otherwise resolve a relative path to a ``file:`` URL of the templates folder)."""
    href = href.strip()
    try:
        scheme = urlsplit(href).scheme.lower()
    except ValueError:
        return False
    return scheme in LINK_SCHEMES and len(href) > len(scheme) + 1


def _render_link_open(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    """A link to anything but http(s) or mailto: its text only (links cannot nest: the next close is its own)."""
    if is_link_target(token_attribute(tokens[idx], "href")):
        return self.renderToken(tokens, idx, options, env)
    for token in tokens[idx + 1 :]:
        if token.type == "link_close":
            token.meta = {**(token.meta or {}), "unlinked": True}
            break
    return ""


def _render_link_close(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return "" if (tokens[idx].meta or {}).get("unlinked") else self.renderToken(tokens, idx, options, env)


def _render_cell_open(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    """``<th class="align-right">`` instead of markdown-it's ``style="text-align:right"``."""
    token = tokens[idx]
    style = token_attribute(token, "style")
    align = style.removeprefix("text-align:") if style.startswith("text-align:") else ""
    return f'<{token.tag} class="align-{align}">' if align in ("left", "center", "right") else f"<{token.tag}>"


def _render_ordered_list_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """``<ol start="3">`` also as ``counter-reset: list-item 2``: WeasyPrint ignores ``start`` and would print a
    list that goes on from an earlier one ("3. ... 4. ...", as numbered paragraphs do across sections) from 1."""
    token = tokens[idx]
    start = token.attrGet("start")
    if start is not None and str(start).isdigit() and int(start) != 1:
        token.attrSet("style", f"counter-reset: list-item {int(start) - 1}")
    return self.renderToken(tokens, idx, options, env)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    class SafeLinksMarkdownIt(MarkdownIt):
        def validateLink(self, url: str) -> bool:
            return _validate_link(url)

    md = SafeLinksMarkdownIt("commonmark", {"html": False, "typographer": False, "linkify": True})
    md.enable(["table", "strikethrough", "linkify"])
    if md.linkify is None:
        raise RuntimeError("markdown-it-py finds no linkify-it-py: install eventkit with its dependencies")
    md.linkify.set({"fuzzy_link": False})  # "https://x.org" and "a@b.org" are links, "report.md" is not
    from linkify_it.tlds import TLDS  # type: ignore[import-untyped]  # linkify-it-py ships no type information

    md.linkify.tlds(TLDS)  # every current top-level domain: a@who.int, https://itu.int
    md.inline.ruler.before("emphasis", "superscript", _delimited("^", "sup", allow_spaces=False))
    md.inline.ruler.before("emphasis", "underline", _delimited("++", "u", allow_spaces=True))
    enable_footnotes(md)
    md.add_render_rule("image", render_image)
    md.add_render_rule("link_open", _render_link_open)
    md.add_render_rule("link_close", _render_link_close)
    md.add_render_rule("ordered_list_open", _render_ordered_list_open)
    md.add_render_rule("th_open", _render_cell_open)
    md.add_render_rule("td_open", _render_cell_open)
    return md


def render_markdown(text: str, images: ImageFiles | None = None) -> Markup:
    """Block Markdown → HTML (paragraphs, lists, ...), safe to insert into a template; ``images`` (the event's
    EventImages) lets local images be drawn."""
    if not text or not text.strip():
        return Markup("")
    return Markup(_parser().render(strip_directives(text), {"images": images}))


def render_inline(text: str, images: ImageFiles | None = None) -> Markup:
    """One line of Markdown → inline HTML without a surrounding paragraph."""
    if not text or not text.strip():
        return Markup("")
    return Markup(_parser().renderInline(text.strip(), {"images": images}))


def local_image_sources(text: str) -> list[str]:
    """The relative image paths written in ``text`` (percent-escapes decoded), in order."""
    if not text or "![" not in text:
        return []
    sources: list[str] = []
    for _, image in image_tokens(_parser().parse(text)):
        source = token_attribute(image, "src")
        if source.strip() and not is_remote(source):
            sources.append(unquote(source))
    return sources
