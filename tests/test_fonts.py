"""Every name in every script is drawn by a real glyph of an embedded font; characters no font has are reported.

The names event (tests/names_in_every_script.toml) holds Japanese, Chinese, Korean, Arabic, Hebrew, Georgian,
Armenian, Cyrillic, Greek, Devanagari and Thai names. Its participants.pdf is read back with pikepdf and fontTools:
each embedded font's ToUnicode map says which characters its glyphs stand for, and the glyph itself must have an
outline (not .notdef, not empty), so "every character is covered" means drawn, not just present as text.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, run_eventkit

NAMES_EVENT = ROOT / "tests" / "names_in_every_script.toml"
NAMES = [
    "濱口総志",
    "胡志远",
    "김민준",
    "محمد العلي",
    "דוד כהן",
    "გიორგი ჯაში",
    "Սարգիս",
    "Ольга",
    "Ελένη",
    "अनीता",
    "สมชาย",
]
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def to_unicode(stream) -> dict[int, str]:
    """A ToUnicode CMap: glyph id → the text it stands for."""
    text = stream.read_bytes().decode("latin-1")
    mapping: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for source, target in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(source, 16)] = bytes.fromhex(target).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for low, high, target in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            base = bytes.fromhex(target).decode("utf-16-be")
            for n, gid in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[gid] = base[:-1] + chr(ord(base[-1]) + n)
    return mapping


def _outline_test(descriptor):
    """A function gid → True when the embedded font program draws something for that glyph."""
    from fontTools.cffLib import CFFFontSet
    from fontTools.ttLib import TTFont

    if "/FontFile2" in descriptor:
        font = TTFont(io.BytesIO(descriptor.FontFile2.read_bytes()))
        order, glyf = font.getGlyphOrder(), font["glyf"]
        return lambda gid: 0 < gid < len(order) and glyf[order[gid]].numberOfContours != 0
    data = descriptor.FontFile3.read_bytes()
    if data[:4] == b"OTTO":
        cff = TTFont(io.BytesIO(data))["CFF "].cff
    else:
        cff = CFFFontSet()
        cff.decompile(io.BytesIO(data), None)
    top = cff[cff.fontNames[0]]

    def draws(gid: int) -> bool:
        if not 0 < gid < len(top.charset):
            return False
        charstring = top.CharStrings[top.charset[gid]]
        charstring.decompile()
        return any(
            isinstance(op, str) and op.endswith(("lineto", "curveto", "curveline", "linecurve", "flex"))
            for op in charstring.program
        )

    return draws


def drawn_characters(pdf: Path) -> dict[str, str]:
    """Character → the embedded font whose glyph draws it, over every font of every page."""
    import pikepdf

    drawn: dict[str, str] = {}
    with pikepdf.open(pdf) as document:
        for page in document.pages:
            for font in page.resources.get("/Font", {}).values():
                descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                draws = _outline_test(descendant.FontDescriptor)
                for gid, text in to_unicode(font.ToUnicode).items():
                    if draws(gid):
                        for character in text:
                            drawn.setdefault(character, str(font.BaseFont))
    return drawn


@pytest.fixture(scope="module")
def names_build(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    out = tmp_path_factory.mktemp("names")
    result = run_eventkit("participants", NAMES_EVENT, "--format", "pdf,docx", "-o", out)
    return out, result


@needs_poppler
def test_every_character_of_every_name_is_drawn_by_an_embedded_font(names_build):
    out, result = names_build
    assert result.returncode == 0, result.stderr
    assert "no installed font" not in result.stderr
    drawn = drawn_characters(out / "participants.pdf")
    for name in NAMES:
        missing = [c for c in name if not c.isspace() and c not in drawn]
        assert not missing, (name, missing)
    fonts = set(drawn.values())
    for family in (
        "Noto-Sans-CJK",
        "Noto-Sans-Arabic",
        "Noto-Sans-Georgian",
        "Noto-Sans-Armenian",
        "Noto-Sans-Devanagari",
        "Noto-Sans-Thai",
    ):
        assert any(family in font for font in fonts), (family, fonts)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(out / "participants.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout.translate(BIDI_CONTROLS)
    for name in NAMES:
        assert name in text, name


def test_every_name_is_in_the_docx_with_right_to_left_runs_for_arabic_and_hebrew(names_build):
    import docx

    out, _ = names_build
    document = docx.Document(str(out / "participants.docx"))
    cells = [cell for table in document.tables for row in table.rows for cell in row.cells]
    texts = {cell.text.strip("\u2068\u2069") for cell in cells}
    for name in NAMES:
        assert name in texts, name
    for name in ("محمد العلي", "דוד כהן"):
        run = next(r for cell in cells for p in cell.paragraphs for r in p.runs if name in r.text)
        assert run._r.find(f"{{{run._r.nsmap['w']}}}rPr/{{{run._r.nsmap['w']}}}rtl") is not None, name
    styles = document.styles.element.xml
    assert 'w:eastAsia="zh-CN"' in styles and 'w:bidi="ar-SA"' in styles


def test_check_prints_no_glyph_warning_for_names_in_every_script():
    result = run_eventkit("check", NAMES_EVENT)
    assert result.returncode == 0, result.stderr
    assert "no installed font" not in result.stderr + result.stdout


PRIVATE_USE_EVENT = """[event]
title = "Glyphs"
date = 2021-04-22
start = "14:00"
end = "17:00"
timezone = "Asia/Tbilisi"

[[organisers]]
name = "IOM"
email = "iom@example.org"

[people.x]
name = "Ab \ue000 c"
email = "x@example.org"

[[delegations]]
name = "D"
members = ["x"]
"""


def test_a_character_no_font_has_gives_a_located_warning(write_event):
    path = write_event(PRIVATE_USE_EVENT)
    result = run_eventkit("check", path)
    assert result.returncode == 0, result.stderr
    line = f"{path}:13:12: warning: people.x.name: no installed font has \ue000 (U+E000) (a private-use character"
    assert line in result.stderr, result.stderr
    assert run_eventkit("check", "--strict", path).returncode == 1


def test_build_warns_about_missing_glyphs_and_strict_fails(write_event, tmp_path):
    path = write_event(PRIVATE_USE_EVENT)
    result = run_eventkit("participants", path, "--format", "html", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "people.x.name: no installed font has \ue000 (U+E000)" in result.stderr
    strict = run_eventkit("build", "--strict", "--format", "html", path, "-o", tmp_path / "strict")
    assert strict.returncode == 1
    assert "no installed font has \ue000" in strict.stderr
    assert not (tmp_path / "strict").exists()


def test_an_unchanged_build_still_warns_about_missing_glyphs(write_event, tmp_path):
    """A build that finds nothing to do prints the same located warning as the first (the fonts' coverage comes
    from eventkit's cache, so the check costs a few milliseconds), and --strict still refuses."""
    path = write_event(PRIVATE_USE_EVENT)
    out = tmp_path / "out"
    first = run_eventkit("build", "--format", "html", path, "-o", out)
    again = run_eventkit("build", "--format", "html", path, "-o", out)
    assert first.returncode == 0 and again.returncode == 0, again.stderr
    assert "nothing to rewrite" in again.stdout
    warning = f"{path}:13:12: warning: people.x.name: no installed font has \ue000 (U+E000)"
    assert warning in first.stderr and warning in again.stderr, again.stderr
    assert run_eventkit("build", "--strict", "--format", "html", path, "-o", out).returncode == 1


def test_a_missing_cjk_font_is_named_with_the_package_to_install(write_event, monkeypatch):
    """On a machine whose fonts cover only ASCII (fontconfig's answer replaced), a Japanese name is reported
    at its own line and column, once per distinct character, with fonts-noto-cjk to install."""
    from eventkit.documents import fonts
    from eventkit.documents.event_checks import check_event_file as check_event

    monkeypatch.setattr(fonts, "covered_ranges", lambda: fonts.merge_ranges([fonts.parse_charset("20-7e a0-ff")]))
    path = write_event(PRIVATE_USE_EVENT.replace("Ab \ue000 c", "濱口総志 濱"))
    warnings = [str(p) for p in check_event(path).warnings if fonts.GLYPH_MESSAGE in p.message]
    assert warnings[0] == (
        f"{path}:13:9: warning: people.x.name: no installed font has 濱 (U+6FF1 CJK UNIFIED "
        "IDEOGRAPH-6FF1) (install fonts-noto-cjk)"
    )
    assert len(warnings) == 4  # 濱 口 総 志, each once


def test_a_rare_ideograph_names_the_font_that_has_it(write_event):
    """A rare ideograph of CJK Extension B (U+20000): Noto CJK does not have it, so the hint names fonts-hanazono
    rather than the CJK fonts the machine already has."""
    from eventkit.documents import fonts
    from eventkit.documents.event_checks import check_event_file as check_event

    if fonts.has_glyph("\U00020000"):
        pytest.skip("an installed font has U+20BB7")
    path = write_event(PRIVATE_USE_EVENT.replace("Ab \ue000 c", "\U00020000野 太郎"))
    warnings = [str(p) for p in check_event(path).warnings if fonts.GLYPH_MESSAGE in p.message]
    assert warnings == [
        f"{path}:13:9: warning: people.x.name: no installed font has \U00020000 (U+20000 CJK UNIFIED "
        "IDEOGRAPH-20000) (install fonts-hanazono: Noto CJK lacks the rare ideographs of CJK "
        "Extension B and beyond)"
    ]


def test_fontconfig_character_sets_are_parsed_and_merged():
    from eventkit.documents.fonts import has_glyph, merge_ranges, parse_charset

    ranges = merge_ranges([parse_charset("20-7e a0 100-17f"), parse_charset("7f-9f 6ff1")])
    assert ranges == ((0x20, 0x100, 0x6FF1), (0xA0, 0x17F, 0x6FF1))
    assert has_glyph("濱", ranges) and has_glyph("\u0101", ranges)
    assert not has_glyph("\xe9", ranges) and not has_glyph("\u0180", ranges) and not has_glyph("\ue000", ranges)


def test_the_labels_of_the_event_language_are_checked_too(write_event, monkeypatch):
    """Without Arabic fonts, an Arabic document's own labels would be boxes: reported at event.language."""
    from eventkit.documents import fonts
    from eventkit.documents.event_checks import check_event_file as check_event

    monkeypatch.setattr(fonts, "covered_ranges", lambda: fonts.merge_ranges([fonts.parse_charset("20-7e a0-ff")]))
    text = PRIVATE_USE_EVENT.replace("Ab \ue000 c", "Ab c").replace(
        'timezone = "Asia/Tbilisi"', 'timezone = "Asia/Tbilisi"\nlanguage = "ar"'
    )
    warnings = [p for p in check_event(write_event(text)).warnings if fonts.GLYPH_MESSAGE in p.message]
    assert len(warnings) == 1 and warnings[0].path == "event.language" and warnings[0].line == 7
    assert "characters of the 'ar' labels: " in warnings[0].message
    assert "install fonts-noto-core" in warnings[0].hint
