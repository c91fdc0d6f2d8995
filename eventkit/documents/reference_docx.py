"""Build the reference .docx: the Word styles (and A4 page setup) the DOCX writer formats with.

    python -m eventkit.documents.reference_docx templates/reference.docx

regenerates the shipped ``templates/reference.docx`` from python-docx's default template. Users who want a
different look edit a copy of that file in Word and pass it to the build; nothing here is needed at build time.
"""
from __future__ import annotations

import argparse
import io
from pathlib import Path

BODY_FONT = "Carlito"          # metric-compatible with Calibri; Word substitutes when it is not installed
HEADING_BLUE = "1F3864"        # dark blue for titles and headings
GREY = "595959"
LINK_BLUE = "0563C1"
# The east-Asian and complex-script font slots (w:eastAsia, w:cs): Word and LibreOffice draw Chinese, Japanese and
# Korean text with the first and Arabic, Hebrew and the Indic scripts with the second (Debian fonts-noto-cjk and
# fonts-noto-core; a missing glyph falls back through fontconfig). Documents' text is tagged per language by
# docx_language.py; the defaults here are British English, simplified Chinese and Arabic.
EAST_ASIAN_FONT = "Noto Sans CJK SC"
COMPLEX_SCRIPT_FONT = "Noto Sans Arabic"
DEFAULT_LANGUAGES = {"w:val": "en-GB", "w:eastAsia": "zh-CN", "w:bidi": "ar-SA"}

# name: (size in pt or None, bold, italic, colour or None, alignment or None, space before, space after in pt)
CUSTOM_PARAGRAPH_STYLES = {
    "Dateline": (None, True, False, GREY, None, 0, 2),
    "Lead": (None, False, True, None, None, 0, 6),
    "Closing": (None, True, False, None, "center", 18, 6),
    "Annexes": (None, False, True, None, None, 12, 6),
    "Label": (None, True, False, None, None, 6, 3),
    "Small": (9, False, False, GREY, None, 0, 4),
}
HEADING_SIZES = {"Title": 24, "Subtitle": 13, "Heading 1": 15, "Heading 2": 13, "Heading 3": 12, "Heading 4": 11}


def make_reference_docx() -> bytes:
    """Return the bytes of a .docx whose styles and section are the ones eventkit documents use."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    doc = docx.Document()
    styles = doc.styles

    defaults = styles.element.find(qn("w:docDefaults"))
    _set_fonts(defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr")), BODY_FONT)
    normal = styles["Normal"]
    _set_fonts(normal.element.get_or_add_rPr(), BODY_FONT)
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1

    for name, size in HEADING_SIZES.items():
        style = styles[name]
        _set_fonts(style.element.get_or_add_rPr(), BODY_FONT)
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor.from_string(HEADING_BLUE)
        style.font.bold = name != "Subtitle"
        if name.startswith("Heading"):
            style.paragraph_format.space_before = Pt(14 if name == "Heading 1" else 10)
            style.paragraph_format.space_after = Pt(4)
    styles["Heading 4"].font.italic = False
    subtitle_ppr = styles["Subtitle"].element.pPr
    if subtitle_ppr is not None and subtitle_ppr.numPr is not None:   # the template's stray list level
        subtitle_ppr.remove(subtitle_ppr.numPr)
    title_ppr = styles["Title"].element.get_or_add_pPr()
    border = title_ppr.find(qn("w:pBdr"))
    if border is not None:
        title_ppr.remove(border)

    for name, (size, bold, italic, colour, align, before, after) in CUSTOM_PARAGRAPH_STYLES.items():
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.next_paragraph_style = normal
        style.quick_style = True
        style.font.bold, style.font.italic = bold, italic
        if size:
            style.font.size = Pt(size)
        if colour:
            style.font.color.rgb = RGBColor.from_string(colour)
        if align:
            style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
    styles["Label"].paragraph_format.keep_with_next = True

    link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER, builtin=True)
    link.base_style = styles["Default Paragraph Font"]
    link.font.color.rgb = RGBColor.from_string(LINK_BLUE)
    link.font.underline = True

    styles["List Paragraph"].paragraph_format.space_after = Pt(3)
    for name in ("Header", "Footer"):
        styles[name].font.size = Pt(9)
        styles[name].font.color.rgb = RGBColor.from_string(GREY)

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(25)
    section.left_margin = section.right_margin = Mm(20)
    section.header_distance = section.footer_distance = Mm(12.5)
    text_width = section.page_width - section.left_margin - section.right_margin
    for name in ("Header", "Footer"):
        tabs = styles[name].paragraph_format.tab_stops
        tabs.clear_all()
        tabs.add_tab_stop(text_width // 2, WD_TAB_ALIGNMENT.CENTER)
        tabs.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)

    props = doc.core_properties
    props.author, props.comments, props.title, props.last_modified_by = "eventkit", "", "eventkit reference styles", ""

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _set_fonts(rpr, name: str) -> None:
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


def _set_script_fonts(rpr, fonts) -> None:
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
    from ..output import write_atomically

    parser = argparse.ArgumentParser(prog="python -m eventkit.documents.reference_docx", description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path, help="where to write the reference .docx")
    args = parser.parse_args(argv)
    write_atomically(args.target, make_reference_docx())


if __name__ == "__main__":
    main()
