"""Build the reference .docx: the Word styles (and A4 page setup) the DOCX writer formats with.

    python -m eventkit.documents.docx.reference templates/reference.docx

regenerates the shipped ``templates/reference.docx`` from python-docx's default template. Users who want a
different look edit a copy of that file in Word and pass it to the build; nothing here is needed at build time.
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docx.document import Document
    from docx.oxml.xmlchemy import BaseOxmlElement

BODY_FONT = "Calibri"  # the name Word knows; LibreOffice and the PDF theme use its metric twin Carlito
FALLBACK_FONT = "Carlito"  # the fontTable's w:altName for Calibri: the same metrics, so the same line breaks
HEADING_BLUE = "0B3B70"  # theme.css: titles, headings, table headers
SUBTITLE_BLUE = "3B5B86"
DARK = "333333"
GREY = "555555"
BORDER = "9FB3CC"  # theme.css: table borders and rules
HEADER_FILL = "DFE8F3"  # theme.css: th background
BAND_FILL = "F4F7FB"  # theme.css: every second body row
LINK_BLUE = "0645AD"

# Sizes, spacing and line height follow templates/theme.css, so that a page holds what the PDF's page holds.
BODY_SIZE = 10.5  # pt (html { font-size: 10.5pt })
LINE = 276  # 1.15 "multiple" lines: CSS line-height 1.4 over Calibri's 1.22 em line
TABLE_SIZE = 9.5  # pt (table { font-size: 9.5pt })
TABLE_LINE = 256  # CSS line-height 1.3
# The east-Asian and complex-script font slots (w:eastAsia, w:cs): Word and LibreOffice draw Chinese, Japanese and
# Korean text with the first and Arabic, Hebrew and the Indic scripts with the second (Debian fonts-noto-cjk and
# fonts-noto-core; a missing glyph falls back through fontconfig). Documents' text is tagged per language by
# docx_language.py; the defaults here are British English, simplified Chinese and Arabic.
EAST_ASIAN_FONT = "Noto Sans CJK SC"
COMPLEX_SCRIPT_FONT = "Noto Sans Arabic"
DEFAULT_LANGUAGES = {"w:val": "en-GB", "w:eastAsia": "zh-CN", "w:bidi": "ar-SA"}

# name: (size in pt or None, bold, italic, colour or None, alignment or None, space before, space after in pt)
CUSTOM_PARAGRAPH_STYLES = {
    "Dateline": (None, True, False, DARK, None, 0, 2),
    "Lead": (11, False, False, "222222", None, 0, 8),
    "Closing": (None, True, False, None, "center", 24, 24),
    "Annexes": (None, False, True, None, None, 14, 6),
    "Label": (None, True, False, None, None, 10, 3),
    "Small": (8.5, False, False, "444444", None, 0, 6),
}
# name: (size, bold, italic, colour, space before, space after)
HEADINGS = {
    "Title": (21, True, False, HEADING_BLUE, 0, 6),
    "Subtitle": (12.5, False, False, SUBTITLE_BLUE, 0, 10),
    "Heading 1": (15, True, False, HEADING_BLUE, 18, 8),
    "Heading 2": (13, True, False, HEADING_BLUE, 16, 6),
    "Heading 3": (11.5, True, False, HEADING_BLUE, 12, 4),
    "Heading 4": (10.5, True, True, HEADING_BLUE, 10, 3),
}

# The table style the DOCX writer uses: theme.css's borders, cell padding and type, a shaded, bold header row
# that repeats on every page (firstRow), and shaded even body rows (band2Horz).
TABLE_STYLE = f"""<w:style {{ns}} w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/>
<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>
<w:pPr><w:spacing w:before="0" w:after="40" w:line="{TABLE_LINE}" w:lineRule="auto"/></w:pPr>
<w:rPr><w:sz w:val="{round(TABLE_SIZE * 2)}"/><w:szCs w:val="{round(TABLE_SIZE * 2)}"/></w:rPr>
<w:tblPr><w:tblStyleRowBandSize w:val="1"/><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>
{
    "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="{BORDER}"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
}
</w:tblBorders><w:tblCellMar><w:top w:w="60" w:type="dxa"/><w:left w:w="100" w:type="dxa"/>
<w:bottom w:w="60" w:type="dxa"/><w:right w:w="100" w:type="dxa"/></w:tblCellMar></w:tblPr>
<w:trPr><w:cantSplit/></w:trPr>
<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/><w:color w:val="{HEADING_BLUE}"/></w:rPr>
<w:trPr><w:tblHeader/></w:trPr><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{
    HEADER_FILL
}"/></w:tcPr></w:tblStylePr>
<w:tblStylePr w:type="band2Horz"><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{
    BAND_FILL
}"/></w:tcPr></w:tblStylePr>
</w:style>""".replace("\n", "")

WORD_2013 = "15"  # compatibilityMode: Word 2013 and later open the file without "[Compatibility Mode]"


def make_reference_docx() -> bytes:
    """Return the bytes of a .docx whose styles and section are the ones eventkit documents use."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn
    from docx.shared import Mm, Pt, RGBColor

    doc = docx.Document()
    styles = doc.styles

    # Body size and spacing are document defaults, not Normal's: a table style's size and spacing then
    # win inside tables (a paragraph style's own values would override the table style's).
    defaults = styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
    _set_fonts(run_defaults, BODY_FONT)
    for tag in ("w:sz", "w:szCs"):
        run_defaults.find(qn(tag)).set(qn("w:val"), str(round(BODY_SIZE * 2)))
    spacing = defaults.find(qn("w:pPrDefault") + "/" + qn("w:pPr") + "/" + qn("w:spacing"))
    spacing.set(qn("w:after"), "120")
    spacing.set(qn("w:line"), str(LINE))
    colour = run_defaults.makeelement(qn("w:color"), {qn("w:val"): "1D1D1D"})  # theme.css body text
    run_defaults.find(qn("w:sz")).addprevious(colour)
    normal = styles["Normal"]
    _set_fonts(normal.element.get_or_add_rPr(), BODY_FONT)

    for name, (size, bold, italic, colour, before, after) in HEADINGS.items():
        style = styles[name]
        rpr = style.element.get_or_add_rPr()
        for tag in ("w:spacing", "w:iCs", "w:kern"):  # the template's letter-spacing and italics
            for element in rpr.findall(qn(tag)):
                rpr.remove(element)
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor.from_string(colour)
        style.font.bold, style.font.italic = bold, italic
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.line_spacing = 1.05
    heading_ppr = styles["Heading 1"].element.get_or_add_pPr()
    heading_ppr.find(qn("w:spacing")).addprevious(
        parse_xml(
            f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="8" w:space="2" w:color="{HEADING_BLUE}"/></w:pBdr>'
        )
    )
    subtitle_ppr = styles["Subtitle"].element.pPr
    if subtitle_ppr is not None and subtitle_ppr.numPr is not None:  # the template's stray list level
        subtitle_ppr.remove(subtitle_ppr.numPr)
    title_ppr = styles["Title"].element.get_or_add_pPr()
    for tag in ("w:pBdr", "w:contextualSpacing"):
        for element in title_ppr.findall(qn(tag)):
            title_ppr.remove(element)

    for name, (font_size, bold, italic, colour, align, before, after) in CUSTOM_PARAGRAPH_STYLES.items():
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.next_paragraph_style = normal
        style.quick_style = True
        style.font.bold, style.font.italic = bold, italic
        if font_size:
            style.font.size = Pt(font_size)
        if colour:
            style.font.color.rgb = RGBColor.from_string(colour)
        if align:
            style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
    styles["Label"].paragraph_format.keep_with_next = True

    from .footnotes import add_footnote_styles

    add_footnote_styles(doc)  # "footnote text" (8.5pt, as theme.css's notes) and "footnote reference" (superscript)

    link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER, builtin=True)
    link.base_style = styles["Default Paragraph Font"]
    link.font.color.rgb = RGBColor.from_string(LINK_BLUE)
    link.font.underline = True

    lists = styles["List Paragraph"].paragraph_format
    lists.space_after = Pt(2)
    lists.left_indent = None  # the numbering's levels indent list paragraphs (and cells indent less)
    lists.keep_together = False  # a long item breaks across pages as in the PDF (a 250-word bullet kept whole
    lists.widow_control = True  # left half a page empty); Word's widow control keeps 2 lines either side.
    # Keep-with-next is only on headings (and the Label style, a heading in bold)
    list_ppr = styles["List Paragraph"].element.pPr
    for element in list_ppr.findall(qn("w:contextualSpacing")):  # theme.css keeps 2pt between items
        list_ppr.remove(element)
    header_ppr = styles["Header"].element.get_or_add_pPr()  # theme.css: a rule under the running header
    header_ppr.insert(
        0,
        parse_xml(
            f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="5" w:space="4" w:color="{BORDER}"/></w:pBdr>'
        ),
    )
    for name, colour in (("Header", HEADING_BLUE), ("Footer", GREY)):
        styles[name].font.size = Pt(8.5)
        styles[name].font.color.rgb = RGBColor.from_string(colour)

    table_grid = styles["Table Grid"].element
    table_grid.addprevious(parse_xml(TABLE_STYLE.format(ns=nsdecls("w"))))
    table_grid.getparent().remove(table_grid)

    for fonts in styles.element.iter(qn("w:rFonts")):  # every style, "... Char" and table styles' parts too
        _set_fonts(fonts.getparent(), BODY_FONT)

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(28), Mm(24)  # theme.css: @page margin
    section.left_margin, section.right_margin = Mm(22), Mm(20)
    section.header_distance = section.footer_distance = Mm(12.5)
    text_width = section.page_width - section.left_margin - section.right_margin
    for name in ("Header", "Footer"):
        tabs = styles[name].paragraph_format.tab_stops
        tabs.clear_all()
        tabs.add_tab_stop(text_width // 2, WD_TAB_ALIGNMENT.CENTER)
        tabs.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)

    props = doc.core_properties
    props.author, props.comments, props.title, props.last_modified_by = "eventkit", "", "eventkit reference styles", ""
    props.revision = 1
    _modernise(doc)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _modernise(doc: Document) -> None:
    """A current Word file without python-docx's template leftovers: compatibilityMode 15; no proofState
    (it claimed spelling and grammar were checked), no rsids, no customXml bibliography stub, no
    stylesWithEffects.xml (Word 2010's), no thumbnail; Calibri's fontTable entry names Carlito as its
    alternative."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import qn

    settings = doc.settings.element
    for tag in ("w:proofState", "w:rsids"):
        for element in settings.findall(qn(tag)):
            settings.remove(element)
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), WORD_2013)
    for element in (doc.styles.element, doc.element, settings):
        for node in element.iter():
            for attr in [a for a in node.attrib if a.startswith(qn("w:rsid"))]:
                del node.attrib[attr]
        for node in list(element.iter(qn("w:rsid"))):
            node.getparent().remove(node)

    document_part = doc.part
    for rel_id, rel in list(document_part.rels.items()):
        if rel.reltype in (RT.CUSTOM_XML, "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"):
            del document_part.rels[rel_id]
        elif rel.reltype == RT.FONT_TABLE:
            font_table = rel.target_part
            font_table._blob = _font_table_with_fallback(font_table.blob)
    package = document_part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rel_id]


def _font_table_with_fallback(blob: bytes) -> bytes:
    """The fontTable with ``<w:altName w:val="Carlito"/>`` in Calibri's entry (Word's font-substitution hint)."""
    text = blob.decode("utf-8")
    entry = f'<w:font w:name="{BODY_FONT}">'
    alt = f'<w:altName w:val="{FALLBACK_FONT}"/>'
    if entry in text and alt not in text:
        text = text.replace(entry, entry + alt, 1)
    return text.encode("utf-8")


def _set_fonts(rpr: BaseOxmlElement, name: str) -> None:
    """Make ``rpr`` use font ``name`` for Latin and complex scripts (theme font attributes would override it)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), name)
    _set_script_fonts(rpr, fonts)


def _set_script_fonts(rpr: BaseOxmlElement, fonts: BaseOxmlElement) -> None:
    """The east-Asian and complex-script slots of ``w:rFonts``; on the document defaults (only there, so that a
    document's language set there is not overridden by a style) the language tags of the three slots too."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fonts.attrib.pop(qn("w:eastAsiaTheme"), None)
    fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)
    fonts.set(qn("w:cs"), COMPLEX_SCRIPT_FONT)
    if rpr.getparent() is None or rpr.getparent().tag != qn("w:rPrDefault"):
        return
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attr, value in DEFAULT_LANGUAGES.items():
        lang.set(qn(attr), value)


def main(argv: list[str] | None = None) -> None:
    from ...output import write_atomically

    parser = argparse.ArgumentParser(
        prog="python -m eventkit.documents.docx.reference", description=__doc__.splitlines()[0]
    )
    parser.add_argument("target", type=Path, help="where to write the reference .docx")
    args = parser.parse_args(argv)
    write_atomically(args.target, make_reference_docx())


if __name__ == "__main__":
    main()
