"""Word footnotes for the DOCX writer: a note of the HTML (``<span class="footnote">``, see markdown_footnotes.py)
becomes a ``w:footnoteReference`` run where it stands and a ``w:footnote`` in the ``word/footnotes.xml`` part;
Word numbers them (1, 2, 3 ... through the document), puts them at the foot of the page under its separator rule.

The part holds the separator and continuation-separator notes Word expects (ids -1 and 0, as Word writes them) and
is named in settings.xml (``w:footnotePr``). The two styles, "footnote text" (paragraph, FootnoteText) and
"footnote reference" (character, FootnoteReference), are in templates/reference.docx; a user's reference .docx
without them gets them added (:func:`add_footnote_styles`), so the calls are always superscript.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.parts.story import StoryPart
from docx.text.paragraph import Paragraph

if TYPE_CHECKING:
    from docx.document import Document

    from .inline import Piece

TEXT_STYLE = "footnote text"  # Word's built-in names (styleIds FootnoteText, FootnoteReference)
REFERENCE_STYLE = "footnote reference"
TEXT_STYLE_ID = "FootnoteText"
REFERENCE_STYLE_ID = "FootnoteReference"
TEXT_SIZE = 8.5  # pt: theme.css .footnote
SEPARATOR_ID, CONTINUATION_ID = -1, 0

_SEPARATORS = "".join(
    f'<w:footnote w:type="{kind}" w:id="{number}"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    f'w:lineRule="auto"/></w:pPr><w:r><w:{kind}/></w:r></w:p></w:footnote>'
    for kind, number in (("separator", SEPARATOR_ID), ("continuationSeparator", CONTINUATION_ID))
)

_STYLES = (
    f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="{TEXT_STYLE_ID}"><w:name w:val="{TEXT_STYLE}"/>'
    f'<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
    f'<w:pPr><w:spacing w:before="0" w:after="40" w:line="240" w:lineRule="auto"/></w:pPr>'
    f'<w:rPr><w:sz w:val="{round(TEXT_SIZE * 2)}"/><w:szCs w:val="{round(TEXT_SIZE * 2)}"/></w:rPr></w:style>',
    f'<w:style {nsdecls("w")} w:type="character" w:styleId="{REFERENCE_STYLE_ID}"><w:name w:val="{REFERENCE_STYLE}"/>'
    f'<w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
    f'<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>',
)


def add_footnote_styles(doc: Document) -> None:
    """Add "footnote text" and "footnote reference" to ``doc``'s styles unless it has styles of those ids."""
    styles = doc.styles.element
    present = {style.get(qn("w:styleId")) for style in styles.findall(qn("w:style"))}
    for xml in _STYLES:
        style = parse_xml(xml)
        if style.get(qn("w:styleId")) not in present:
            styles.append(style)


class Footnotes:
    """The document's footnotes part, made on the first note. ``write_runs(paragraph, pieces)`` writes a note's
    text (the DOCX writer's runs: formatting and links); ``part`` is what a note paragraph's links relate to."""

    def __init__(self, doc: Document, write_runs: Callable[[Paragraph, list[Piece]], None]) -> None:
        self.doc = doc
        self.write_runs = write_runs
        self._part: StoryPart | None = None
        self.count = 0

    @property
    def part(self) -> StoryPart:
        """The footnotes part, made on the first note."""
        if self._part is None:
            self._part = self._make_part()
        return self._part

    def reference(self, paragraph: Paragraph, pieces: list[Piece]) -> None:
        """A footnote call at the end of ``paragraph`` whose note holds ``pieces``."""
        self.count += 1
        number = self.count
        paragraph._p.append(
            parse_xml(
                f'<w:r {nsdecls("w")}><w:rPr><w:rStyle w:val="{REFERENCE_STYLE_ID}"/></w:rPr>'
                f'<w:footnoteReference w:id="{number}"/></w:r>'
            )
        )
        note = parse_xml(
            f'<w:footnote {nsdecls("w")} w:id="{number}"><w:p><w:pPr><w:pStyle w:val="{TEXT_STYLE_ID}"/></w:pPr>'
            f'<w:r><w:rPr><w:rStyle w:val="{REFERENCE_STYLE_ID}"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> </w:t></w:r></w:p></w:footnote>'
        )
        self.part.element.append(note)
        self.write_runs(Paragraph(note[0], self), pieces)

    def _make_part(self) -> StoryPart:
        document_part = self.doc.part
        for rel_id, rel in list(document_part.rels.items()):  # a reference .docx's own notes (Word's samples)
            if rel.reltype == RT.FOOTNOTES:
                del document_part.rels[rel_id]
        element = parse_xml(f"<w:footnotes {nsdecls('w', 'r')}>{_SEPARATORS}</w:footnotes>")
        # a story part (as the body and headers are), so that a note can hold a picture too
        part = StoryPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, element, document_part.package)
        document_part.relate_to(part, RT.FOOTNOTES)
        add_footnote_styles(self.doc)
        self._name_separators_in_settings()
        return part

    def _name_separators_in_settings(self) -> None:
        settings = self.doc.settings.element
        for old in settings.findall(qn("w:footnotePr")):
            settings.remove(old)
        footnote_pr = parse_xml(
            f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="{SEPARATOR_ID}"/>'
            f'<w:footnote w:id="{CONTINUATION_ID}"/></w:footnotePr>'
        )
        # CT_Settings order: ... hdrShapeDefaults, footnotePr, endnotePr, compat, docVars, rsids, mathPr ...
        later = (
            "w:endnotePr",
            "w:compat",
            "w:docVars",
            "w:rsids",
            "m:mathPr",
            "w:attachedSchema",
            "w:themeFontLang",
            "w:clrSchemeMapping",
        )
        following = next((child for child in settings if child.tag in {qn(tag) for tag in later}), None)
        if following is not None:
            following.addprevious(footnote_pr)
        else:
            settings.append(footnote_pr)
