"""Word numbering for the DOCX writer: bulleted and numbered list definitions and instances."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

if TYPE_CHECKING:
    from docx.document import Document

_BULLETS = ["\u2022", "\u25e6", "\u25aa"]  # • ◦ ▪, repeating by level
_NUMBER_FORMATS = ["decimal"]  # 1./2. at every level, as browsers and the PDF number
LIST_STEP = 320  # twips per level: theme.css's 16pt list padding
CELL_LIST_STEP = 240  # in table cells: theme.css's 12pt
LIST_HANG = 280  # the bullet or number hangs this far left of the text


def list_indent(ilvl: int, step: int = LIST_STEP) -> int:
    """Left indent in twips of the text of list level ``ilvl`` (the number hangs LIST_HANG twips to its left)."""
    return step * (ilvl + 1)


class Numbering:
    """Adds the abstract list definitions (one bulleted, one numbered, 9 levels each) and the list instances."""

    def __init__(self, doc: Document) -> None:
        self.element = doc.part.numbering_part.element
        self._abstract: dict[bool, int] = {}
        self._bullet_num: int | None = None
        # the reference's own list instances are looked at once: a report has a numbered list instance per list
        self._next_num = max((int(n.get(qn("w:numId"))) for n in self.element.findall(qn("w:num"))), default=0) + 1
        self._cleanup = self.element.find(qn("w:numIdMacAtCleanup"))  # instances go before it (schema order)

    def bullet(self) -> int:
        if self._bullet_num is None:
            self._bullet_num = self._add_num(self._abstract_id(bullet=True))
        return self._bullet_num

    def ordered(self, ilvl: int, start: int) -> int:
        """A new numbered list instance, restarting level ``ilvl`` at ``start``."""
        return self._add_num(self._abstract_id(bullet=False), ilvl, start)

    def _abstract_id(self, bullet: bool) -> int:
        if bullet not in self._abstract:
            ids = [int(a.get(qn("w:abstractNumId"))) for a in self.element.findall(qn("w:abstractNum"))]
            abstract_id = max(ids, default=-1) + 1
            levels = "".join(self._level(ilvl, bullet) for ilvl in range(9))
            abstract = parse_xml(
                f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
                f'<w:nsid w:val="{0x1E7E0000 + abstract_id:08X}"/><w:multiLevelType w:val="hybridMultilevel"/>'
                f"{levels}</w:abstractNum>"
            )
            before = self.element.findall(qn("w:abstractNum")) or self.element.findall(qn("w:numPicBullet"))
            if before:
                before[-1].addnext(abstract)
            else:
                self.element.insert(0, abstract)
            self._abstract[bullet] = abstract_id
        return self._abstract[bullet]

    @staticmethod
    def _level(ilvl: int, bullet: bool) -> str:
        if bullet:
            fmt, text = "bullet", _BULLETS[ilvl % len(_BULLETS)]
        else:
            fmt, text = _NUMBER_FORMATS[ilvl % len(_NUMBER_FORMATS)], f"%{ilvl + 1}."
        return (
            f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{list_indent(ilvl)}" w:hanging="{LIST_HANG}"/></w:pPr></w:lvl>'
        )

    def _add_num(self, abstract_id: int, ilvl: int | None = None, start: int = 1) -> int:
        num_id = self._next_num
        self._next_num += 1
        override = (
            "" if ilvl is None else f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
        )
        num = parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'
        )
        if self._cleanup is not None:
            self._cleanup.addprevious(num)
        else:
            self.element.append(num)
        return num_id


@dataclass
class ListItem:
    num_id: int
    ilvl: int
    numbered_paragraph_done: bool = False
