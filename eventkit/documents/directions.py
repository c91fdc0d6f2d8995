"""Text direction in the documents' HTML: HTML's ``dir="auto"``, written out, for the PDF and DOCX writers.

A paragraph's direction is that of its first letter (HTML's ``dir="auto"``, Unicode's "first strong character"): an
English bullet in an Arabic report is a left-to-right paragraph, an Arabic biography in an English list of
speakers a right-to-left one, and each ``<bdi>`` (a name, an affiliation, a time inserted into the text) is laid
out in the direction of its own letters, so that its punctuation stays with its words
("Co-chair of UN Network on Migration (Georgia)" keeps both parentheses).

WeasyPrint has no ``dir="auto"`` and no ``unicode-bidi: isolate``: in a right-to-left block it lays the inline
boxes (an ``<em>``, the text after it) out from right to left whatever their language ("participants ... Welcomed"),
and a text box's own direction is its element's. So the direction of every block and ``<bdi>`` whose letters read
(or inline element) whose letters read otherwise than its surroundings is written into the HTML here (``dir="ltr"`` / ``dir="rtl"``), once, for both
writers: WeasyPrint then sets each box's direction, and the DOCX writer each paragraph's ``w:bidi`` and each
isolated run's direction.
"""

from __future__ import annotations

import unicodedata
from html.parser import HTMLParser

# Elements whose direction follows their first letter (blocks that hold text), and the isolates.
BLOCKS = {
    "p",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "td",
    "th",
    "dt",
    "dd",
    "caption",
    "blockquote",
    "figcaption",
    "header",
    "address",
}
ISOLATES = {"bdi"}
# Inline elements marked when their letters read otherwise than their block: an English title in <em> after an
# Arabic label keeps its closing parenthesis at its end.
INLINE = {
    "em",
    "strong",
    "i",
    "b",
    "a",
    "span",
    "cite",
    "code",
    "u",
    "s",
    "del",
    "ins",
    "q",
    "small",
    "mark",
    "sup",
    "sub",
    "kbd",
    "samp",
}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SKIPPED = {"script", "style", "head", "title", "template"}


def strong_direction(text: str) -> str | None:
    """'ltr' or 'rtl' from the first character with a strong direction (a letter), None when there is none."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None


class _Element:
    __slots__ = ("tag", "insert_at", "explicit", "parent", "first")

    def __init__(self, tag: str, insert_at: int, explicit: str | None, parent: _Element | None):
        self.tag, self.insert_at, self.explicit, self.parent = tag, insert_at, explicit, parent
        self.first: str | None = None  # direction of the first letter inside (not inside an isolate)

    def direction(self, marked: dict[int, str]) -> str:
        """The element's resolved direction: its own, what was marked on it, or its parent's."""
        element: _Element | None = self
        while element is not None:
            own = element.explicit or marked.get(id(element))
            if own:
                return own
            element = element.parent
        return "ltr"


class _Scanner(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        self.line_starts = [0]
        for n, character in enumerate(text):
            if character == "\n":
                self.line_starts.append(n + 1)
        self.stack: list[_Element] = []
        self.elements: list[_Element] = []
        self.skipping = 0

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self.skipping += 1
            return
        raw = self.get_starttag_text() or ""
        end = self._offset() + len(raw) - (2 if raw.endswith("/>") else 1)
        explicit = next(
            (value.lower() for name, value in attrs if name == "dir" and value and value.lower() in ("ltr", "rtl")),
            None,
        )
        element = _Element(tag, end, explicit, self.stack[-1] if self.stack else None)
        self.elements.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1].tag == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED:
            self.skipping = max(self.skipping - 1, 0)
            return
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        direction = strong_direction(data)
        if direction is None:
            return
        for element in reversed(self.stack):
            if element.first is None:
                element.first = direction
            if element.tag in ISOLATES or element.explicit:  # its letters are its own, not its ancestors'
                break


def mark_directions(html: str) -> str:
    """``html`` with ``dir`` written on every block and ``<bdi>`` whose first letter's direction differs from the
    direction it would inherit (the document's ``<html dir>``, or an enclosing block's)."""
    scanner = _Scanner(html)
    scanner.feed(html)
    scanner.close()
    marked: dict[int, str] = {}
    inserts: list[tuple[int, str]] = []
    for element in scanner.elements:  # in document order: parents before their children
        if element.explicit or element.first is None or element.tag not in BLOCKS | ISOLATES | INLINE:
            continue
        inherited = element.parent.direction(marked) if element.parent is not None else "ltr"
        if element.tag in ISOLATES or element.first != inherited:
            marked[id(element)] = element.first
            inserts.append((element.insert_at, f' dir="{element.first}"'))
    if not inserts:
        return html
    pieces, last = [], 0
    for at, attribute in sorted(inserts):
        pieces += [html[last:at], attribute]
        last = at
    pieces.append(html[last:])
    return "".join(pieces)
