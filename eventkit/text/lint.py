"""Markdown that would be printed as raw syntax (or silently dropped), found before building: ``check`` warns.

The documents render Markdown with :mod:`eventkit.text.markdown` (CommonMark, pipe tables, strikethrough,
``^sup^``, ``++underline++``, footnotes, raw HTML off).  What that parser would leave as visible syntax is reported here with
its line and column inside the text (0-based), so the loader can point at the event file or the notes file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .footnotes import DEFINITIONS
from .markdown import _parser, is_link_target
from .markdown_images import token_attribute

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token
    from markdown_it.utils import EnvType

TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")
TASK = re.compile(r"^\s*\[[ xX]\]\s")
FULL_REFERENCE = re.compile(r"\[[^\]]*\]\[([^\]]+)\]")


@dataclass(frozen=True)
class Finding:
    line: int  # 0-based, within the text
    column: int  # 0-based
    message: str
    hint: str = ""
    severity: str = "warning"  # "error": a local image that cannot be used (see image_findings)


@lru_cache(maxsize=1)
def _html_parser() -> MarkdownIt:
    """The same parser with raw HTML on: only to find where HTML would have been (it stays text in documents)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def _normalise(label: str) -> str:
    return " ".join(label.split()).upper()


def _column(lines: list[str], start: int, end: int, needle: str, after: int = 0) -> tuple[int, int]:
    """The first (row, column) of ``needle`` in ``lines[start:end]``, not before column ``after`` of the first."""
    for row in range(start, min(end, len(lines))):
        col = lines[row].find(needle, after if row == start else 0)
        if col != -1:
            return row, col
    return start, 0


def markdown_findings(text: str, footnotes: bool = True) -> list[Finding]:
    """What in ``text`` would print as raw Markdown or HTML, or be dropped without a trace (with ``footnotes``, what
    of its footnotes would: a field printed as one paragraph reports them itself)."""
    if not text or not text.strip():
        return []
    lines = re.split(r"\r\n?|\n", text)  # the lines as markdown-it counts them (a lone CR ends a line too)
    findings: list[Finding] = []
    env: EnvType = {}
    tokens = _parser().parse(text, env)
    references = env.get("references", {})
    for index, token in enumerate(tokens):
        if token.type != "inline" or not token.map or tokens[index - 1].type != "paragraph_open":
            continue  # table cells and headings are not raw text lines
        start, end = token.map
        findings += _image_warnings(token, start, end, lines)
        for row in range(start, min(end, len(lines))):
            line = lines[row]
            if TABLE_ROW.match(line):
                findings.append(
                    Finding(
                        row,
                        line.index("|"),
                        "this looks like a table row but is printed as text",
                        "a table needs a header row, then a line like |---|---|, with a blank line before it",
                    )
                )
            for m in FULL_REFERENCE.finditer(line):
                if _normalise(m.group(1)) not in references:
                    findings.append(
                        Finding(
                            row,
                            m.start(),
                            f"no link definition for [{m.group(1)}]: printed as written",
                            f"add a line '[{m.group(1)}]: https://...' or write [text](https://...)",
                        )
                    )
        if TASK.match(token.content) and index >= 2 and tokens[index - 2].type == "list_item_open":
            findings.append(
                Finding(
                    start,
                    max(lines[start].find("["), 0),
                    f"task-list boxes are not supported: '{token.content[:3]}' is printed as text",
                )
            )
    findings += _flattened_items(tokens, lines)
    findings += _link_findings([*tokens, *(t for d in env.get(DEFINITIONS, {}).values() for t in d.tokens)], lines)
    if footnotes:
        findings += _footnote_findings(tokens, env, lines)
    for label, ref in references.items():
        row = ref.get("map", [0])[0]
        uses = [m for m in re.finditer(r"\[([^\]]+)\](?!:)", text) if _normalise(m.group(1)) == label]
        if not uses:
            findings.append(
                Finding(
                    row,
                    0,
                    f"the link definition [{label.lower()}] is never used: it is not printed",
                    "use it as [text][label], or remove the line",
                )
            )
    html_tokens = _html_parser().parse(text)
    for token in html_tokens:
        if token.type == "html_block" and token.map:
            row = token.map[0]
            findings.append(
                Finding(
                    row,
                    len(lines[row]) - len(lines[row].lstrip()),
                    "raw HTML is not interpreted: it is printed as text",
                    "use Markdown instead",
                )
            )
        elif token.type == "inline" and token.map:
            for child in token.children or ():
                if child.type == "html_inline" and not child.content.startswith("</"):
                    row, col = _column(lines, token.map[0], token.map[1], child.content)
                    findings.append(
                        Finding(
                            row,
                            col,
                            f"raw HTML {child.content} is not interpreted: it is printed as text",
                            "use Markdown: **bold**, *italic*, [text](https://...)",
                        )
                    )
    return sorted(findings, key=lambda f: (f.line, f.column))


FOOTNOTE_HINT = "write the note as a line '[^{label}]: the note' in the same text, with a blank line before it"
_NOTE_BLOCKS = {
    "bullet_list_open": "a list",
    "ordered_list_open": "a list",
    "table_open": "a table",
    "heading_open": "a heading",
    "blockquote_open": "a quote",
    "fence": "a code block",
    "code_block": "a code block",
}


def _footnote_findings(tokens: Sequence[Token], env: EnvType, lines: list[str]) -> list[Finding]:
    """References to a note the text does not define (printed as written), notes nobody references (not printed),
    a note referenced twice (printed twice), and a note holding more than paragraphs (printed as running text)."""
    findings: list[Finding] = []
    definitions = env.get(DEFINITIONS, {})
    every_token = list(tokens) + [token for definition in definitions.values() for token in definition.tokens]
    reported: set[tuple[int, int]] = set()
    for token in every_token:
        if token.type != "inline" or not token.map:
            continue
        for child in token.children or ():
            if child.type != "text":
                continue
            for m in FOOTNOTE.finditer(child.content):
                label = m.group()[2:-1]
                if label in definitions:
                    continue
                row, col = _column(lines, token.map[0], token.map[1], m.group())
                if (row, col) not in reported:
                    reported.add((row, col))
                    findings.append(
                        Finding(
                            row,
                            col,
                            f"no footnote {m.group()} in this text: printed as written",
                            FOOTNOTE_HINT.format(label=label),
                        )
                    )
    references: dict[str, int] = {}  # label → references in the text (not in the notes)
    for token in tokens:
        for child in (token.children or ()) if token.type == "inline" else ():
            if child.type == "footnote_ref":
                references[child.meta["label"]] = references.get(child.meta["label"], 0) + 1
    for label, definition in definitions.items():
        row = definition.line_map[0]
        if references.get(label, 0) > 1:
            findings.append(
                Finding(
                    row,
                    0,
                    f"the footnote [^{label}] is referenced {references[label]} times: "
                    "its note is printed at each reference",
                    "give each reference a note of its own, or write 'see note ...'",
                )
            )
        if label not in references:
            findings.append(
                Finding(
                    row,
                    0,
                    f"the footnote [^{label}] is never referenced: it is not printed",
                    f"reference it in the text as [^{label}], or remove it",
                )
            )
        for token in definition.tokens:
            for child in (token.children or ()) if token.type == "inline" and token.map else ():
                if child.type == "footnote_ref":
                    at = _column(
                        lines,
                        token.map[0],
                        token.map[1],
                        f"[^{child.meta['label']}]",
                        after=len(f"[^{label}]:") if token.map[0] == row else 0,
                    )
                    findings.append(
                        Finding(
                            *at,
                            f"a footnote inside the footnote [^{label}] is printed as written",
                            "a note cannot have notes: write it into the note's text",
                        )
                    )
        blocks = sorted({_NOTE_BLOCKS[t.type] for t in definition.tokens if t.type in _NOTE_BLOCKS})
        if blocks and label in references:
            findings.append(
                Finding(
                    row,
                    0,
                    f"the footnote [^{label}] holds {' and '.join(blocks)}: a note is printed as running text",
                    "keep a note to sentences",
                )
            )
    return findings


def inline_findings(text: str) -> list[Finding]:
    """For a field printed as one paragraph (a section's lead): blocks (a table, a list, a heading, a second
    paragraph) would lose their structure, and footnotes are printed as written; plus everything
    :func:`markdown_findings` reports (but its footnote findings)."""
    findings = markdown_findings(text, footnotes=False)
    lines = re.split(r"\r\n?|\n", text or "")
    for row, line in enumerate(lines):
        for m in FOOTNOTE.finditer(line):
            findings.append(
                Finding(
                    row,
                    m.start(),
                    f"footnotes are not supported in a one-paragraph field: '{m.group()}' is printed as text",
                    "put the note in the section's notes",
                )
            )
    blocks = {
        "table_open": "a table",
        "bullet_list_open": "a list",
        "ordered_list_open": "a list",
        "heading_open": "a heading",
        "blockquote_open": "a quote",
        "fence": "a code block",
    }
    paragraphs = 0
    for token in _parser().parse(text or ""):
        paragraphs += token.type == "paragraph_open"
        what = blocks.get(token.type) or (
            "a second paragraph" if token.type == "paragraph_open" and paragraphs == 2 else ""
        )
        if what and token.map:
            findings.append(
                Finding(
                    token.map[0],
                    0,
                    f"{what} in a one-paragraph field is printed as plain text",
                    "put it in the section's notes or a [[report.sections.blocks]] text",
                )
            )
    return sorted(findings, key=lambda f: (f.line, f.column))


def _image_warnings(token: Token, start: int, end: int, lines: list[str]) -> list[Finding]:
    """Remote images (never fetched: printed as text) and local ones without a description, in an inline token
    written on ``lines[start:end]``."""
    from .images import is_remote

    findings = []
    for child in token.children or ():
        if child.type != "image":
            continue
        source = token_attribute(child, "src")
        row, col = _image_column(lines, start, end, source)
        if not source.strip() or is_remote(source):
            findings.append(
                Finding(
                    row,
                    col,
                    "remote images are never fetched: the Markdown is printed as text",
                    "save the image in the event file's folder and write ![description](photos/name.png),"
                    " or link to it: [caption](https://...)",
                )
            )
        elif not child.content.strip():
            findings.append(
                Finding(
                    row,
                    col,
                    "this image has no description: screen readers announce only 'image'",
                    "write what it shows between the brackets: ![Group photo of the participants](...)",
                )
            )
    return findings


def _link_findings(tokens: Sequence[Token], lines: list[str]) -> list[Finding]:
    """Links to anything but http(s) or mailto addresses: their text is printed without the link."""
    from urllib.parse import unquote

    findings = []
    for token in tokens:
        if token.type != "inline" or not token.map:
            continue
        for child in token.children or ():
            if child.type != "link_open" or is_link_target(token_attribute(child, "href")):
                continue
            href = token_attribute(child, "href")
            row, col = _column(lines, token.map[0], token.map[1], f"]({unquote(href)}")
            findings.append(
                Finding(
                    row,
                    col + 2 if lines[row].startswith("](", col) else col,
                    f"'{unquote(href)[:80]}' is not a web or e-mail address: the link's text is "
                    "printed without the link",
                    "write the full address: [text](https://...)",
                )
            )
    return findings


def _image_column(lines: list[str], start: int, end: int, source: str) -> tuple[int, int]:
    """Where an image's path is written (markdown-it percent-encodes it: "grün" is "gr%C3%BCn"), else its "!["."""
    from urllib.parse import unquote

    for needle in (f"({source}", f"({unquote(source)}", f"(<{unquote(source)}"):
        for row in range(start, min(end, len(lines))):
            col = lines[row].find(needle)
            if col != -1:
                return row, col + 1 + (needle[1] == "<")
    return _column(lines, start, end, "![")


def image_findings(text: str, folder: Path) -> list[Finding]:
    """Errors for the local images in ``text`` that cannot be drawn (outside ``folder``, missing, not PNG, JPEG
    or GIF, too large), located at their path."""
    from urllib.parse import unquote

    from .images import ImageProblem, is_remote, resolve_local_image
    from .markdown_images import image_tokens

    if not text or "![" not in text:
        return []
    lines = re.split(r"\r\n?|\n", text)
    findings = []
    for token, image in image_tokens(_parser().parse(text)):
        source = token_attribute(image, "src")
        if not source.strip() or is_remote(source) or not token.map:
            continue
        try:
            resolve_local_image(unquote(source), folder)
        except ImageProblem as exc:
            row, col = _image_column(lines, token.map[0], token.map[1], source)
            findings.append(Finding(row, col, f"image {exc.message}", exc.hint, severity="error"))
    return findings


NOT_NESTED = (
    "this item is indented but not nested under the one above",
    "indent it to the text of the item above: 2 spaces under '- ', 3 under '1. '",
)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _flattened_items(tokens: Sequence[Token], lines: list[str]) -> list[Finding]:
    """List items written indented, as if nested, that CommonMark reads as siblings or as a new list."""
    findings, first_indent = [], []
    for index, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open") and token.map:
            indent = _indent(lines[token.map[0]])
            first_indent.append(indent)
            follows_list = index and tokens[index - 1].type in ("bullet_list_close", "ordered_list_close")
            if token.level == 0 and follows_list and indent >= 2:
                findings.append(Finding(token.map[0], indent, *NOT_NESTED))
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            first_indent.pop()
        elif token.type == "list_item_open" and token.map and first_indent:
            indent = _indent(lines[token.map[0]])
            if indent > first_indent[-1]:
                findings.append(Finding(token.map[0], indent, *NOT_NESTED))
    return findings
