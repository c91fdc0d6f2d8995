"""Semantic HTML → a small tree of :class:`Node` (the DOCX writer walks it).

Closes the elements HTML closes implicitly (p, li, tr, td/th), drops characters XML 1.0 forbids.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

INVALID_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
DROPPED = {"head", "script", "style", "template", "noscript"}  # never rendered as text by a browser either
BLOCKS = {
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "html",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}


def clean_text(text: str) -> str:
    """Remove the characters XML 1.0 forbids (Word refuses a file containing them)."""
    return INVALID_XML_CHARS.sub("", text)


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def find_all(self, tag: str) -> Iterator[Node]:
        for child in self.children:
            if isinstance(child, Node):
                if child.tag == tag:
                    yield child
                yield from child.find_all(tag)

    def text(self, skip_class: str | None = None) -> str:
        """The text inside, without that of elements of class ``skip_class`` (e.g. footnotes: not on the line)."""
        return "".join(
            c if isinstance(c, str) else "" if skip_class in c.classes else c.text(skip_class) for c in self.children
        )


class _TreeBuilder(HTMLParser):
    """Builds a Node tree, closing the elements HTML closes implicitly (p, li, tr, td/th)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKS:
            self._close_inline_p()
        if tag == "li":
            self._close("li", stop={"ul", "ol"})
        elif tag == "tr":
            self._close("tr", stop={"table"})
        elif tag in ("td", "th"):
            self._close("td", "th", stop={"tr", "table"})
        node = Node(tag, {name: clean_text(value or "") for name, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        data = clean_text(data)
        if data:
            self.stack[-1].children.append(data)

    def _close_inline_p(self) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == "p":
                del self.stack[i:]
                return
            if self.stack[i].tag in BLOCKS:
                return

    def _close(self, *tags: str, stop: set[str]) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag in tags:
                del self.stack[i:]
                return
            if self.stack[i].tag in stop:
                return


def parse_html(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def collapse_spaces(text: str) -> str:
    return HTML_SPACE.sub(" ", text).strip()
