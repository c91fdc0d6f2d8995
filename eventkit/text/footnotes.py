"""Footnotes in Markdown text fields: ``text[^id]`` with a ``[^id]: the note`` line (GitHub and Pandoc syntax).

mdit-py-plugins' footnote plugin finds the references and the definitions. Each text field is rendered on its own
but the notes are numbered through the whole document, so a note is not collected at the end of its field: it is
written where it is referenced, as ``<span class="footnote">the note's inline HTML</span>``, and the output numbers
it -- the PDF with CSS footnotes (theme.css: ``float: footnote``), the DOCX as a Word footnote (docx_footnotes.py),
a browser in brackets (theme.css, ``@media screen``).

A reference without a definition stays text (``[^x]``), as does one inside a note (a note has no notes); a
definition nobody references is dropped;
``check`` warns about both (markdown_lint.py). A note's paragraphs are joined with line breaks; what it holds
besides paragraphs (a list, a table) is printed as running text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from markupsafe import escape

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.renderer import RendererHTML
    from markdown_it.rules_core import StateCore
    from markdown_it.token import Token
    from markdown_it.utils import EnvType, OptionsDict

FOOTNOTE_CLASS = "footnote"
DEFINITIONS = "footnote_definitions"  # env key: label → FootnoteDefinition
_RENDERING = "footnotes_being_rendered"  # env key: the labels whose note is being written


class FootnoteDefinition:
    """A ``[^label]: ...`` block: its lines in the text (0-based, end exclusive) and its block tokens."""

    def __init__(self, label: str, line_map: list[int] | None):
        self.label = label
        self.line_map = line_map or [0, 1]
        self.tokens: list[Token] = []


def _collect_definitions(state: StateCore) -> None:
    """Core rule: take the definitions out of the token stream (they print at their references) into the env."""
    definitions: dict[str, FootnoteDefinition] = state.env.setdefault(DEFINITIONS, {})
    kept: list[Token] = []
    stack: list[FootnoteDefinition] = []
    for token in state.tokens:
        if token.type == "footnote_reference_open":
            definition = FootnoteDefinition(token.meta["label"], token.map)
            definitions.setdefault(definition.label, definition)  # the first of two definitions counts
            stack.append(definition)
        elif token.type == "footnote_reference_close":
            stack.pop()
        elif stack:
            stack[-1].tokens.append(token)
        else:
            kept.append(token)
    state.tokens = kept


def _render_reference(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    label = tokens[idx].meta["label"]
    definition = env.get(DEFINITIONS, {}).get(label)
    rendering = env.setdefault(_RENDERING, set())
    if definition is None or rendering:  # no note, or a note inside a note (Word has none): as written
        return str(escape(f"[^{label}]"))
    rendering.add(label)
    try:
        parts = [
            self.renderInline(token.children or [], options, env)
            for token in definition.tokens
            if token.type == "inline"
        ]
    finally:
        rendering.discard(label)
    return f'<span class="{FOOTNOTE_CLASS}">{"<br>".join(part for part in parts if part.strip())}</span>'


def enable_footnotes(md: MarkdownIt) -> None:
    """Footnote references and definitions on ``md`` (no inline ``^[...]`` notes: ``^`` is superscript)."""
    from mdit_py_plugins.footnote import footnote_plugin

    footnote_plugin(md, inline=False, move_to_end=False)
    md.core.ruler.after("inline", "footnote_definitions", _collect_definitions)
    md.add_render_rule("footnote_ref", _render_reference)
