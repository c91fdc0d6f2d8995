"""The DOCX in the document's language: language tags, right-to-left paragraphs and runs, the page footer's words.

Word and LibreOffice choose fonts, spelling and line breaking per run from ``w:lang`` (``w:val`` for Latin,
``w:eastAsia`` for Chinese/Japanese/Korean, ``w:bidi`` for Arabic/Hebrew), and lay a paragraph out right to left
only when it carries ``w:bidi`` (its runs ``w:rtl``). The HTML says the language (``<html lang dir>``); this
module turns that into those tags, after the writer has built the body.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ...language.labels import has_right_to_left_text, is_right_to_left, primary_language
from .ooxml import ooxml_property

if TYPE_CHECKING:
    from docx.document import Document
    from docx.oxml.xmlchemy import BaseOxmlElement

# The w:lang slot each document language's text goes into, and the tag Word expects there.
EAST_ASIAN_DEFAULT = "zh-CN"
BIDI_DEFAULT = "ar-SA"
_EAST_ASIAN = {"zh", "ja", "ko"}


def word_language_tag(language: str) -> str:
    """Word's tag for a BCP 47 tag: 'fr' → 'fr-FR', 'zh' → 'zh-CN', 'ar' → 'ar-SA', 'pt' → 'pt-BR' (CLDR's 'pt',
    whose dates the document carries; 'pt-PT' for Portugal's); a tag with a region as is."""
    language = language.replace("_", "-")
    if "-" in language:
        return language
    return {
        "en": "en-GB",
        "fr": "fr-FR",
        "es": "es-ES",
        "ru": "ru-RU",
        "zh": "zh-CN",
        "ar": "ar-SA",
        "ja": "ja-JP",
        "ko": "ko-KR",
        "he": "he-IL",
        "fa": "fa-IR",
        "de": "de-DE",
        "pt": "pt-BR",
    }.get(language.lower(), language)


def language_slots(language: str) -> dict[str, str]:
    """The w:lang attributes for a document in ``language``: its own slot set to it, the others to defaults."""
    tag = word_language_tag(language)
    primary = primary_language(language)
    return {
        "w:val": tag if primary not in _EAST_ASIAN and not is_right_to_left(language) else "en-GB",
        "w:eastAsia": tag if primary in _EAST_ASIAN else EAST_ASIAN_DEFAULT,
        "w:bidi": tag if is_right_to_left(language) else BIDI_DEFAULT,
    }


def set_document_language(doc: Document, language: str) -> None:
    """``w:lang`` (with w:eastAsia and w:bidi) on the document defaults; right to left throughout for ar, he ..."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr")) if defaults is not None else None
    if rpr is None:
        return
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attribute, value in language_slots(language).items():
        lang.set(qn(attribute), value)
    _script_fonts(doc.styles.element, language)
    if is_right_to_left(language):
        _right_to_left(doc)
        from .line_heights import exact_line_heights

        exact_line_heights(doc)
    else:
        mark_right_to_left_runs(doc.element.body)
    complex_script_emphasis(doc.styles.element)
    complex_script_emphasis(doc.element.body)


# The font of the east-Asian and complex-script slots for a document in a language other than the reference
# .docx's defaults (Noto Sans CJK SC, Noto Sans Arabic): Han characters take the language's own shapes.
_EAST_ASIAN_FONTS = {
    "ja": "Noto Sans CJK JP",
    "ko": "Noto Sans CJK KR",
    "zh-hant": "Noto Sans CJK TC",
    "zh-tw": "Noto Sans CJK TC",
    "zh-hk": "Noto Sans CJK HK",
}
_COMPLEX_SCRIPT_FONTS = {
    "he": "Noto Sans Hebrew",
    "yi": "Noto Sans Hebrew",
    "hi": "Noto Sans Devanagari",
    "th": "Noto Sans Thai",
}
_REFERENCE_FONTS = {"w:eastAsia": "Noto Sans CJK SC", "w:cs": "Noto Sans Arabic"}


def _script_fonts(styles: BaseOxmlElement, language: str) -> None:
    tag = language.lower().replace("_", "-")
    wanted = {
        "w:eastAsia": _EAST_ASIAN_FONTS.get(tag) or _EAST_ASIAN_FONTS.get(tag.split("-")[0]),
        "w:cs": _COMPLEX_SCRIPT_FONTS.get(primary_language(language)),
    }
    for fonts in styles.iter(qn("w:rFonts")):
        for slot, font in wanted.items():
            if font and fonts.get(qn(slot)) == _REFERENCE_FONTS[slot]:
                fonts.set(qn(slot), font)


def tag_run_language(r: BaseOxmlElement, fmt: frozenset[str]) -> None:
    """A run of a name in Chinese, Japanese or Korean typography (``lang:ja`` from ``<bdi lang="ja">``): its
    east-Asian language (``w:lang w:eastAsia``) and font (``w:rFonts w:eastAsia``: Noto Sans CJK JP), whatever the
    document's language, so that Word and LibreOffice draw its Han characters in Japanese shapes."""
    tag = next((flag[5:] for flag in fmt if flag.startswith("lang:")), None)
    if tag is None or primary_language(tag) not in _EAST_ASIAN:
        return
    lower = tag.lower()
    font = (
        _EAST_ASIAN_FONTS.get(lower)
        or _EAST_ASIAN_FONTS.get(primary_language(tag))
        or ("Noto Sans CJK TC" if lower.startswith(("zh-hant", "zh-tw", "zh-hk")) else _REFERENCE_FONTS["w:eastAsia"])
    )
    ooxml_property(r, "w:rPr", "w:rFonts").set(qn("w:eastAsia"), font)
    ooxml_property(r, "w:rPr", "w:lang").set(qn("w:eastAsia"), word_language_tag(tag))


def complex_script_emphasis(element: BaseOxmlElement) -> None:
    """Bold and italic for complex scripts too: Word draws Arabic, Hebrew, Devanagari ... bold only with ``w:bCs``
    (italic with ``w:iCs``), which python-docx's ``run.bold`` and the styles' ``font.bold`` do not set."""
    for latin, complex_script in (("w:b", "w:bCs"), ("w:i", "w:iCs")):
        for flag in list(element.iter(qn(latin))):
            following = flag.getnext()
            if following is None or following.tag != qn(complex_script):
                twin = OxmlElement(complex_script)
                if flag.get(qn("w:val")) is not None:
                    twin.set(qn("w:val"), flag.get(qn("w:val")))
                flag.addnext(twin)


def mark_right_to_left_runs(element: BaseOxmlElement) -> None:
    """Runs holding Arabic or Hebrew letters get ``w:rtl`` (Word then shapes them with the complex-script font)."""
    for run in element.iter(qn("w:r")):
        text = "".join(t.text or "" for t in run.iter(qn("w:t")))
        if has_right_to_left_text(text):
            ooxml_property(run, "w:rPr", "w:rtl")


def _right_to_left(doc: Document) -> None:
    """Every paragraph w:bidi but those the writer made left to right (an English paragraph, ``w:bidi w:val="0"``),
    every run of a right-to-left paragraph w:rtl but those with Latin letters, every table w:bidiVisual (headers and
    footers too)."""
    parts = [doc.element.body]
    for section in doc.sections:
        parts += [section.header._element, section.footer._element]
    for part in parts:
        for paragraph in part.iter(qn("w:p")):
            ooxml_property(paragraph, "w:pPr", "w:bidi")
            if _left_to_right(paragraph):
                mark_right_to_left_runs(paragraph)
                _keep_document_alignment(paragraph)
                continue
            for run in paragraph.iter(qn("w:r")):
                text = "".join(t.text or "" for t in run.iter(qn("w:t")))
                if (
                    not text
                    or has_right_to_left_text(text)
                    or not any(unicodedata.bidirectional(c) == "L" for c in text)
                ):
                    ooxml_property(run, "w:rPr", "w:rtl")
        for table in part.iter(qn("w:tbl")):
            ooxml_property(table, "w:tblPr", "w:bidiVisual")


def _keep_document_alignment(paragraph: BaseOxmlElement) -> None:
    """An English title, heading or table cell in a right-to-left document stays against the right margin, as
    theme.css has it (a paragraph or list item aligns to its own start, the left)."""
    ppr = paragraph.find(qn("w:pPr"))
    style = ppr.find(qn("w:pStyle")) if ppr is not None else None
    name = style.get(qn("w:val")) if style is not None else ""
    heading = name == "Title" or name.startswith("Heading")
    in_cell = paragraph.getparent() is not None and paragraph.getparent().tag == qn("w:tc")
    if not (heading or (in_cell and ppr.find(qn("w:numPr")) is None)) or ppr.find(qn("w:jc")) is not None:
        return
    ooxml_property(paragraph, "w:pPr", "w:jc").set(qn("w:val"), "right")


def _left_to_right(paragraph: BaseOxmlElement) -> bool:
    bidi = paragraph.find(qn("w:pPr") + "/" + qn("w:bidi"))
    return bidi is not None and bidi.get(qn("w:val")) in ("0", "false", "off")


def footer_words(page_label: str) -> tuple[str, str, str, bool]:
    """'Page {page} of {pages}' → ('Page ', ' of ', '', False): text before PAGE, between, after NUMPAGES, and
    whether NUMPAGES comes first (a language may say "of Y, page X")."""
    page_at, pages_at = page_label.find("{page}"), page_label.find("{pages}")
    if page_at < 0 or pages_at < 0:
        return page_label.replace("{page}", "").replace("{pages}", "") + " ", "", "", False
    if page_at < pages_at:
        return page_label[:page_at], page_label[page_at + 6 : pages_at], page_label[pages_at + 7 :], False
    return page_label[:pages_at], page_label[pages_at + 7 : page_at], page_label[page_at + 6 :], True


def describe_pictures(doc: Document, description: str) -> None:
    """Alternative text (``wp:docPr/@descr``) for every picture that has none, e.g. a logo in the reference .docx's
    header: screen readers read it instead of "picture"."""
    wp = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
    parts = [doc.element.body]
    for section in doc.sections:
        parts += [section.header._element, section.footer._element]
    for part in parts:
        for properties in part.iter(wp):
            if not (properties.get("descr") or "").strip():
                properties.set("descr", description)
