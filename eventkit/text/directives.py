"""Directives in Markdown: fenced divs that place a generated block at a point of the text.

The syntax is Pandoc's fenced div, which Quarto and MyST (``colon_fence`` with ``attrs_block``) read the same way::

    ::: {.participants columns="name,affiliation" headings="Name | Affiliation / Role"}
    :::

or, without options, ``::: actions`` followed by ``:::``.  A fence is a line of three or more colons at the start of
a line (at most three spaces in), outside code fences; the opening one names the block (a ``.class``, or one bare
word) and may carry ``key="value"`` options; the closing one is colons alone.  A directive holds no text.

Other Markdown tools that know fenced divs print nothing for such an empty div, and so does eventkit wherever a
directive has no meaning (:func:`strip_directives`, called by the Markdown renderer): the report reads them
(:func:`split_directives`) and puts the generated block there.  The vocabulary (which names, which options) is the
report's (``eventkit.event.report_directives``); this module knows only the syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

FENCE = re.compile(r"^ {0,3}(:{3,})[ \t]*(.*?)[ \t]*$")
CODE_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
FOOTNOTE_DEFINITION = re.compile(r"^ {0,3}\[\^[^\]\s]+\]:")
_ATTRIBUTE = re.compile(
    r"""\s*(?:\.([A-Za-z][\w-]*)|#([A-Za-z][\w-]*)|([A-Za-z][\w-]*)=(?:"([^"]*)"|'([^']*)'|([^\s"'}]+)))"""
)
_BARE_NAME = re.compile(r"^[A-Za-z][\w-]*$")


@dataclass(frozen=True)
class Directive:
    """``::: {.name key="value"}``: the block's name, its options, and where it was written (1-based line and
    column of the opening fence, counted in the text it was found in)."""

    name: str
    options: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    line: int = 0
    column: int = 1

    def option(self, key: str, default: str = "") -> str:
        return self.options.get(key, default)


@dataclass(frozen=True)
class DirectiveProblem:
    line: int  # 1-based, in the text given
    column: int  # 1-based
    message: str
    hint: str = ""


def _parse_opening(spec: str, line: int, column: int) -> tuple[Directive | None, DirectiveProblem | None]:
    """The directive named by what follows the colons of an opening fence."""
    if _BARE_NAME.match(spec):
        return Directive(spec.lower(), {}, line, column), None
    if not (spec.startswith("{") and spec.endswith("}")):
        return None, DirectiveProblem(
            line, column, f"'::: {spec}' is not a directive", 'write ::: name or ::: {.name key="value"}'
        )
    inner, at, names, options = spec[1:-1], 0, [], {}
    while at < len(inner):
        if not inner[at:].strip():
            break
        match = _ATTRIBUTE.match(inner, at)
        if not match:
            rest = inner[at:].strip()
            return None, DirectiveProblem(
                line,
                column,
                f"cannot read '{rest[:40]}' in the directive's options",
                'write options as key="value" (straight quotes)',
            )
        klass, _ident, key, *values = match.groups()
        if klass:
            names.append(klass.lower())
        elif key:
            if key in options:
                return None, DirectiveProblem(line, column, f"option '{key}' is given twice")
            options[key] = next(v for v in values if v is not None)
        at = match.end()
    if len(names) != 1:
        return None, DirectiveProblem(
            line,
            column,
            "a directive names one block: {.participants ...}" if names else "the directive names no block",
            "write ::: {.name ...} with one .name",
        )
    return Directive(names[0], options, line, column), None


def _scan(text: str) -> Iterator[tuple[str, int, str, Directive | DirectiveProblem | None]]:
    """Yield (kind, line number, line, directive or problem) for each line: kind is "text", "open", "close" or
    "problem"; fences inside code blocks are text."""
    in_code, fence_char = False, ""
    for number, line in enumerate(text.split("\n"), 1):
        code = CODE_FENCE.match(line)
        if code:
            if not in_code:
                in_code, fence_char = True, code.group(1)[0]
            elif code.group(1)[0] == fence_char:
                in_code = False
            yield "text", number, line, None
            continue
        fence = None if in_code else FENCE.match(line)
        if fence is None:
            yield "text", number, line, None
        elif not fence.group(2):
            yield "close", number, line, None
        else:
            column = line.index(":") + 1
            directive, problem = _parse_opening(fence.group(2), number, column)
            yield ("open", number, line, directive) if directive else ("problem", number, line, problem)


def _pieces(text: str) -> list[str | Directive]:
    parts: list[str | Directive] = []
    buffer: list[str] = []
    open_directive: Directive | None = None

    def flush() -> None:
        if "\n".join(buffer).strip():
            parts.append("\n".join(buffer))
        buffer.clear()

    for kind, _number, line, found in _scan(text):
        if isinstance(found, Directive) and open_directive is None:  # kind "open"
            flush()
            open_directive = found
            parts.append(found)
        elif kind == "close" and open_directive is not None:
            open_directive = None
        elif kind in ("open", "close", "problem"):
            buffer.append("")  # a fence that is not one of ours (a checked error): a block boundary
        elif open_directive is None:
            buffer.append(line)
        # text inside a directive: check reports it; it is not printed
    flush()
    return parts


def split_directives(text: str) -> list[str | Directive]:
    """``text`` as Markdown pieces and the directives between them, in order.  A piece is never empty; a
    directive's fences are not in any piece.  The footnote definitions of the whole text go with every piece that
    cites a note (a note referenced before a directive and defined at the end still prints)."""
    if not text or ":::" not in text:
        return [text] if text and text.strip() else []
    parts = _pieces(text)
    definitions = footnote_definitions(text)
    if not definitions or sum(isinstance(p, str) for p in parts) < 2:
        return parts
    out: list[str | Directive] = []
    for part in parts:
        if isinstance(part, str):
            part = _without_definitions(part)
            if not part.strip():
                continue
            if "[^" in part:
                part += "\n\n" + definitions
        out.append(part)
    return out


def strip_directives(text: str) -> str:
    """``text`` without its directives (each leaves a blank line): what a Markdown field where directives mean
    nothing prints, as Pandoc prints an empty div."""
    if not text or ":::" not in text:
        return text
    return "\n\n".join(p for p in _pieces(text) if isinstance(p, str))


def directives_in(text: str) -> list[Directive]:
    return [p for p in split_directives(text) if isinstance(p, Directive)]


def directive_problems(text: str) -> list[DirectiveProblem]:
    """What is wrong with the directives' syntax: an opening fence that cannot be read, text inside a directive,
    a directive never closed, a closing fence without an opening one."""
    problems: list[DirectiveProblem] = []
    if not text or ":::" not in text:
        return problems
    open_directive: Directive | None = None
    reported = False
    for kind, number, line, found in _scan(text):
        if isinstance(found, DirectiveProblem):  # kind "problem"
            problems.append(found)
        elif isinstance(found, Directive):  # kind "open"
            if open_directive is not None:
                problems.append(
                    DirectiveProblem(
                        open_directive.line,
                        open_directive.column,
                        f"'::: {open_directive.name}' is not closed before the next directive",
                        "put a line ':::' after it",
                    )
                )
            open_directive, reported = found, False
        elif kind == "close":
            if open_directive is None:
                problems.append(
                    DirectiveProblem(
                        number,
                        line.index(":") + 1,
                        "':::' closes no directive",
                        "remove it, or open one above it (::: name)",
                    )
                )
            open_directive = None
        elif open_directive is not None and line.strip():
            if not reported:  # one problem per directive
                problems.append(
                    DirectiveProblem(
                        number,
                        len(line) - len(line.lstrip()) + 1,
                        f"text inside '::: {open_directive.name}' is not printed",
                        "close the directive with ':::' on the line after it",
                    )
                )
            reported = True
    if open_directive is not None:
        problems.append(
            DirectiveProblem(
                open_directive.line,
                open_directive.column,
                f"'::: {open_directive.name}' is never closed",
                "put a line ':::' after it",
            )
        )
    return problems


def _without_definitions(text: str) -> str:
    definitions = footnote_definitions(text)
    if not definitions:
        return text
    lines, kept, inside = text.split("\n"), [], False
    for line in lines:
        if FOOTNOTE_DEFINITION.match(line):
            inside = True
        elif inside and (line.startswith(("    ", "\t")) or not line.strip()):
            pass
        else:
            inside = False
            kept.append(line)
            continue
    return "\n".join(kept)


def footnote_definitions(text: str) -> str:
    """The ``[^id]: ...`` definitions of ``text`` (with their indented continuation lines)."""
    if "[^" not in text:
        return ""
    kept: list[str] = []
    inside = False
    for line in text.split("\n"):
        if FOOTNOTE_DEFINITION.match(line):
            inside = True
            kept.append(line)
        elif inside and (line.startswith(("    ", "\t")) or not line.strip()):
            kept.append(line)
        else:
            inside = False
    return "\n".join(kept).strip("\n")
