"""Markdown as plain text, for the text part of an e-mail: the same safe rendering as everywhere else
(:func:`eventkit.text.markdown.render_markdown`, raw HTML off), read back into text -- paragraphs separated by a
blank line, list items as "- ", a link as "its text (its address)" when the two differ."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .markdown import render_markdown

BLOCKS = {"p", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "pre"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.links: list[str | None] = []
        self.link_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKS:
            self.out.append({"li": "\n- ", "ul": "\n", "ol": "\n"}.get(tag, "\n\n"))
        elif tag == "br":
            self.out.append("\n")
        elif tag == "a":
            self.links.append(dict(attrs).get("href"))
            self.link_text.append("")
        elif tag in ("td", "th"):
            self.out.append("  ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.links:
            href, text = self.links.pop(), self.link_text.pop()
            address = (href or "").removeprefix("mailto:")
            if address and address != text.strip():
                self.out.append(f" ({address})")

    def handle_data(self, data: str) -> None:
        if not data.strip() and "\n" in data:  # the line breaks between tags
            return
        if self.link_text:
            self.link_text[-1] += data
        self.out.append(data)


def markdown_as_text(text: str) -> str:
    """``text`` (Markdown) as plain text, without markup."""
    reader = _Text()
    reader.feed(str(render_markdown(text)))
    reader.close()
    joined = "".join(reader.out)
    joined = re.sub(r"[ \t]+\n", "\n", joined)
    joined = re.sub(r"\n{3,}", "\n\n", joined)
    return joined.strip()
