"""Setting a property of a WordprocessingML element in the place the schema orders it (``w:pPr``, ``w:rPr``,
``w:tblPr`` children must come in a fixed sequence, or Word refuses the file). Shared by the DOCX writer's language,
direction and line-height steps."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

if TYPE_CHECKING:
    from docx.oxml.xmlchemy import BaseOxmlElement


# The order of the properties in each container, as the OOXML schema requires it (from the first one eventkit sets
# on): a property goes before the first of those listed after it that the container already has.
_ORDER = {
    "w:pPr": (
        "w:bidi",
        "w:adjustRightInd",
        "w:snapToGrid",
        "w:spacing",
        "w:ind",
        "w:contextualSpacing",
        "w:mirrorIndents",
        "w:suppressOverlap",
        "w:jc",
        "w:textDirection",
        "w:textAlignment",
        "w:textboxTightWrap",
        "w:outlineLvl",
        "w:divId",
        "w:cnfStyle",
        "w:rPr",
        "w:sectPr",
        "w:pPrChange",
    ),
    "w:rPr": (
        "w:rFonts",
        "w:b",
        "w:bCs",
        "w:i",
        "w:iCs",
        "w:caps",
        "w:smallCaps",
        "w:strike",
        "w:dstrike",
        "w:outline",
        "w:shadow",
        "w:emboss",
        "w:imprint",
        "w:noProof",
        "w:snapToGrid",
        "w:vanish",
        "w:webHidden",
        "w:color",
        "w:spacing",
        "w:w",
        "w:kern",
        "w:position",
        "w:sz",
        "w:szCs",
        "w:highlight",
        "w:u",
        "w:effect",
        "w:bdr",
        "w:shd",
        "w:fitText",
        "w:vertAlign",
        "w:rtl",
        "w:cs",
        "w:em",
        "w:lang",
        "w:eastAsianLayout",
        "w:specVanish",
        "w:oMath",
    ),
    "w:tblPr": (
        "w:bidiVisual",
        "w:tblStyleRowBandSize",
        "w:tblStyleColBandSize",
        "w:tblW",
        "w:jc",
        "w:tblCellSpacing",
        "w:tblInd",
        "w:tblBorders",
        "w:shd",
        "w:tblLayout",
        "w:tblCellMar",
        "w:tblLook",
        "w:tblCaption",
        "w:tblDescription",
    ),
}


def ooxml_property(element: BaseOxmlElement, container_tag: str, tag: str) -> BaseOxmlElement:
    """``element``'s ``container_tag`` (w:pPr, w:rPr, w:tblPr) child's ``tag`` property, added in its place in the
    schema's order when missing; returned."""
    container = element.find(qn(container_tag))
    if container is None:
        container = OxmlElement(container_tag)
        element.insert(0, container)
    existing: BaseOxmlElement | None = container.find(qn(tag))
    if existing is not None:
        return existing
    new = OxmlElement(tag)
    order = _ORDER[container_tag]
    after = {qn(t) for t in order[order.index(tag) + 1 :]}
    later = next((child for child in container if child.tag in after), None)
    if later is not None:
        later.addprevious(new)
    else:
        container.append(new)
    return new
