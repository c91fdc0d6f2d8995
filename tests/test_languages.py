"""Documents, invites and e-mails in the shipped languages (the six UN languages, German, Portuguese and Japanese),
read back from the real files.

For each language the names event (tests/names_in_every_script.toml) is built with ``language = "<xx>"``: the agenda's
PDF and DOCX must carry the date line as CLDR writes it, the labels of that language's catalogue, the page footer,
the DOCX language tags (w:lang with w:eastAsia / w:bidi) and the PDF's /Lang; the Arabic PDF is laid out right to
left and its DOCX paragraphs are w:bidi. The report (a note for file) is checked in German, Portuguese and Japanese,
and the Japanese PDF must use the Japanese forms of Noto Sans CJK, not the Chinese ones.
"""

from __future__ import annotations

import email
import os
import shutil
import subprocess
import unicodedata
import zipfile
from email import policy
from pathlib import Path

import pytest

from conftest import ROOT, run_eventkit

NAMES_EVENT = ROOT / "tests" / "names_in_every_script.toml"
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")

# language: (date line, the agenda's name, the speakers column, the footer of a one-page PDF, w:lang attribute)
EXPECTED = {
    "en": ("Thursday, 22 April 2021", "Agenda", "Speakers", "Page 1 of 1", ("w:val", "en-GB")),
    "fr": ("jeudi 22 avril 2021", "Ordre du jour", "Intervenants", "Page 1 sur 1", ("w:val", "fr-FR")),
    "es": ("jueves, 22 de abril de 2021", "Programa", "Oradores", "Página 1 de 1", ("w:val", "es-ES")),
    "ru": ("четверг, 22 апреля 2021 г.", "Повестка дня", "Докладчики", "Страница 1 из 1", ("w:val", "ru-RU")),
    "zh": ("2021年4月22日星期四", "议程", "发言人", "第1页，共1页", ("w:eastAsia", "zh-CN")),
    "ar": ("الخميس، 22 أبريل 2021", "جدول الأعمال", "المتحدثون", "الصفحة 1 من 1", ("w:bidi", "ar-SA")),
    "de": ("Donnerstag, 22. April 2021", "Tagesordnung", "Vortragende", "Seite 1 von 1", ("w:val", "de-DE")),
    "pt": ("quinta-feira, 22 de abril de 2021", "Ordem do dia", "Oradores", "Página 1 de 1", ("w:val", "pt-BR")),
    "ja": ("2021年4月22日木曜日", "議事次第", "登壇者", "1/1ページ", ("w:eastAsia", "ja-JP")),
}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def event_in(language: str, folder: Path, extra: str = "") -> Path:
    text = NAMES_EVENT.read_text(encoding="utf-8").replace('language = "en"', f'language = "{language}"')
    path = folder / f"event-{language}.toml"
    path.write_text(text + extra, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def agendas(tmp_path_factory) -> dict[str, Path]:
    """language → folder holding agenda.pdf and agenda.docx of the names event in that language."""
    return build_each("agenda", list(EXPECTED), tmp_path_factory.mktemp("languages"))


def build_each(document: str, languages: list[str], folder: Path) -> dict[str, Path]:
    """language → folder holding ``document``'s PDF and DOCX of the names event in that language (the builds run
    side by side, one process each)."""
    from concurrent.futures import ThreadPoolExecutor

    def build(language: str) -> Path:
        out = folder / language
        result = run_eventkit(document, event_in(language, folder), "--format", "pdf,docx", "-o", out)
        assert result.returncode == 0, result.stderr
        return out

    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 1)) as pool:
        return dict(zip(languages, pool.map(build, languages), strict=True))


def pdf_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.translate(BIDI_CONTROLS)


def docx_xml(path: Path, part: str = "word/document.xml") -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(part).decode("utf-8")


@needs_poppler
@pytest.mark.parametrize("language", [lang for lang in EXPECTED if lang != "ar"])
def test_pdf_date_line_labels_footer_and_lang(agendas, language):
    import pikepdf

    date_line, name, speakers, footer, _ = EXPECTED[language]
    text = pdf_text(agendas[language] / "agenda.pdf")
    for expected in (date_line, name, speakers, footer):
        assert expected in text, (language, expected, text[:600])
    with pikepdf.open(agendas[language] / "agenda.pdf") as document:
        assert str(document.Root.Lang) == language


@pytest.mark.parametrize("language", list(EXPECTED))
def test_docx_date_line_labels_footer_and_language_tags(agendas, language):
    import docx

    date_line, name, speakers, footer, (slot, tag) = EXPECTED[language]
    document = docx.Document(str(agendas[language] / "agenda.docx"))
    paragraphs = [" ".join(p.text.replace("\u202f", " ").split()) for p in document.paragraphs]
    assert any(p.startswith(date_line) for p in paragraphs), (language, paragraphs[:6])
    assert name in paragraphs
    assert speakers in [cell.text for cell in document.tables[0].rows[0].cells]
    footer_text = "".join(t.text or "" for t in document.sections[0].footer._element.iter(f"{W}t"))
    assert footer_text.replace("1", "") == footer.replace("1", "")  # PAGE and NUMPAGES fields in the label's places
    defaults = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert defaults.get(f"{W}{slot.split(':')[1]}") == tag, defaults.attrib
    assert document.core_properties.language == language


@needs_poppler
def test_arabic_pdf_is_right_to_left(agendas):
    import pikepdf

    pdf = agendas["ar"] / "agenda.pdf"
    text = pdf_text(pdf)
    for word in ("الخميس", "أبريل", "المتحدثون", "الصفحة"):
        assert word in text, word
    with pikepdf.open(pdf) as document:
        assert str(document.Root.Lang) == "ar"
    # the title (Latin words) is set against the right margin in Arabic, against the left one in French
    right, left = title_edges(pdf), title_edges(agendas["fr"] / "agenda.pdf")
    assert right[0] > 120 and right[1] > 530, right
    assert left[0] < 70, left
    html_run = run_eventkit("agenda", event_in("ar", pdf.parent), "--format", "html", "-o", pdf.parent / "html")
    assert html_run.returncode == 0
    assert '<html lang="ar" dir="rtl">' in (pdf.parent / "html" / "agenda.html").read_text(encoding="utf-8")


def title_edges(pdf: Path) -> tuple[float, float]:
    """(left edge of the title's first word "Regional", right edge of its last word "data") on page 1."""
    import re

    words = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    boxes = {
        word: (float(x0), float(x1))
        for x0, x1, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', words
        )
    }
    return boxes["Regional"][0], boxes["data"][1]


def test_arabic_docx_paragraphs_and_tables_are_right_to_left(agendas):
    """Every paragraph of the Arabic DOCX says its direction: right to left, except those whose first letter is
    Latin (an English session title), which are left to right (as HTML's dir="auto" and the PDF have them); an
    isolated name (in FSI ... PDI) does not count, as in HTML."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(agendas["ar"] / "agenda.docx"))
    paragraphs = [
        p for p in document.element.body.iter(qn("w:p")) if "".join(t.text or "" for t in p.iter(qn("w:t"))).strip()
    ]
    directions = {"rtl": 0, "ltr": 0}
    for paragraph in paragraphs:
        text = "".join(t.text or "" for t in paragraph.iter(qn("w:t")))
        first = next((c for c in text if unicodedata.bidirectional(c) in ("L", "R", "AL")), None)
        bidi = paragraph.find(qn("w:pPr") + "/" + qn("w:bidi"))
        assert bidi is not None, text
        ltr = bidi.get(qn("w:val")) == "0"
        if first is not None and not text.lstrip().startswith(("\u2066", "\u2067", "\u2068")):  # not a name alone
            assert ltr == (unicodedata.bidirectional(first) == "L"), text
        directions["ltr" if ltr else "rtl"] += 1
    assert directions["rtl"] >= 5, directions
    xml = docx_xml(agendas["ar"] / "agenda.docx")
    assert "<w:bidiVisual/>" in xml and "<w:rtl/>" in xml
    assert "<w:bidi/>" not in docx_xml(agendas["fr"] / "agenda.docx")


def test_label_overrides_from_the_event_file(tmp_path):
    path = event_in("fr", tmp_path, '\n[labels]\nagenda = "Programme de travail"\n')
    result = run_eventkit("agenda", path, "--format", "html", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "agenda.html").read_text(encoding="utf-8")
    assert '<p class="subtitle">Programme de travail</p>' in page and "Intervenants" in page


def test_unknown_label_key_is_a_located_error_with_did_you_mean(tmp_path):
    path = event_in("fr", tmp_path, '\n[labels]\nagneda = "Programme"\n')
    result = run_eventkit("check", path)
    assert result.returncode == 1
    lines = path.read_text(encoding="utf-8").count("\n")
    assert f"{path}:{lines}:1: labels.agneda: unknown label 'agneda' (did you mean 'agenda'?)" in result.stderr


def test_a_language_without_catalogue_gets_one_located_warning(tmp_path):
    """Icelandic documents would print their fixed words in English: check says so once, at event.language, and
    says nothing when [labels] translates every word."""
    from eventkit.language.labels import ENGLISH

    path = event_in("is", tmp_path)
    result = run_eventkit("check", path)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "no labels in 'is'" in line]
    line = next(
        n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text.startswith("language = ")
    )
    assert len(warnings) == 1 and warnings[0].startswith(f"{path}:{line}:") and "catalogues/is.toml" in warnings[0]
    every_word = "\n[labels]\n" + "".join(f'{key} = "x"\n' for key in ENGLISH)
    result = run_eventkit("check", event_in("is", tmp_path, every_word))
    assert result.returncode == 0 and "no labels in" not in result.stderr, result.stderr


def test_a_catalogue_lacking_a_key_falls_back_to_english(monkeypatch):
    from eventkit.language import labels

    monkeypatch.setitem(labels.ENGLISH, "a_label_added_later", "Added later")
    assert labels.label_for("a_label_added_later", "fr") == "Added later"
    assert labels.label_for("agenda", "fr-CH") == "Ordre du jour"
    assert labels.label_for("agenda", "it") == "Agenda"
    for language in labels.LANGUAGES:
        assert set(labels.catalogue(language)) <= set(labels.ENGLISH), language


@pytest.mark.parametrize("language", [lang for lang in EXPECTED if lang != "en"])
def test_every_catalogue_has_every_english_key_with_its_fields(language):
    """A label added to ENGLISH needs a line in every catalogue (even one whose text equals the English), with the
    same {fields}: the fallback to English is for a user's own language, not for the shipped ones."""
    import string

    from eventkit.language import labels

    words = labels.catalogue(language)
    assert sorted(set(labels.ENGLISH) - set(words)) == [], language

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}

    differ = {key: text for key, text in words.items() if fields(text) != fields(labels.ENGLISH[key])}
    assert differ == {}, language


def test_every_shipped_language_is_tested_here():
    from eventkit.language import labels

    assert sorted(EXPECTED) == sorted(labels.LANGUAGES)
    assert sorted(p.stem for p in labels.CATALOGUES_DIR.glob("*.toml")) == sorted(set(labels.LANGUAGES) - {"en"})


# language: the report's heading (a note for file), its objectives heading, a session led by a moderator
REPORT_WORDS = {
    "de": ("AKTENNOTIZ:", "Ziele der Veranstaltung", "Moderiert von"),
    "pt": ("NOTA PARA ARQUIVO:", "Objetivos do evento", "Moderada por"),
    "ja": ("記録メモ：", "開催目的", "モデレーター："),
}


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, Path]:
    """language → folder holding report.pdf and report.docx of the names event in that language."""
    return build_each("report", list(REPORT_WORDS), tmp_path_factory.mktemp("reports"))


@needs_poppler
@pytest.mark.parametrize("language", list(REPORT_WORDS))
def test_report_in_german_portuguese_and_japanese(reports, language):
    import docx

    date_line, _, _, footer, _ = EXPECTED[language]
    text = pdf_text(reports[language] / "report.pdf")
    for expected in (*REPORT_WORDS[language], date_line, footer):
        assert expected in text, (language, expected, text[:600])
    assert "Note for file" not in text and "NOTE FOR FILE" not in text and "Page 1" not in text
    document = docx.Document(str(reports[language] / "report.docx"))
    paragraphs = " | ".join(" ".join(p.text.split()) for p in document.paragraphs)
    for expected in (*REPORT_WORDS[language], date_line):
        assert expected in paragraphs, (language, expected, paragraphs[:600])


@needs_poppler
def test_japanese_pdfs_use_the_japanese_forms_of_noto_sans_cjk(agendas, reports):
    """Han characters (濱口総志 in the names event) and the kana of the labels, page footer included, are drawn with
    Noto Sans CJK JP; a Chinese document keeps Noto Sans CJK SC."""

    def fonts(pdf: Path) -> str:
        return subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout

    for pdf in (agendas["ja"] / "agenda.pdf", reports["ja"] / "report.pdf"):
        listed = fonts(pdf)
        assert "Noto-Sans-CJK-JP" in listed and "CJK-SC" not in listed, (pdf.name, listed)
    assert "Noto-Sans-CJK-SC" in fonts(agendas["zh"] / "agenda.pdf")


def test_invites_and_emails_follow_the_language(tmp_path):
    import icalendar

    path = event_in("fr", tmp_path)
    out = tmp_path / "invites"
    result = run_eventkit("invites", path, "-o", out, "--eml")
    assert result.returncode == 0, result.stderr
    calendar = icalendar.Calendar.from_ical((out / "invite.ics").read_bytes())
    event = next(iter(calendar.walk("VEVENT")))
    assert str(event["SUMMARY"]) == "Regional consultation on migration data"
    description = str(event["DESCRIPTION"])
    for expected in ("jeudi 22 avril 2021", "ORDRE DU JOUR", "Modérateur : გიორგი ჯაში", "Interprétation : Arabic"):
        assert expected in description, description
    message = email.message_from_bytes((out / "mail" / "ali@example.org.eml").read_bytes(), policy=policy.default)
    assert message["Subject"] == "Invitation: Regional consultation on migration data (22 avril 2021)"
    body = message.get_body(("plain",)).get_content()
    assert "Vous êtes invité(e) à l’événement « Regional consultation on migration data » (consultation)." in body
    assert "Heure : 14:00\u2009–\u200917:00 UTC+4 / 12:00\u2009–\u200915:00 UTC+2" in body


def test_new_language_fr_scaffolds_a_french_event(tmp_path):
    path = tmp_path / "atelier.toml"
    result = run_eventkit(
        "new", path, "--language", "fr", "--title", "Atelier", "--date", "2026-12-10", "--timezone", "Europe/Paris"
    )
    assert result.returncode == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    assert 'language = "fr"' in text and 'title = "Allocutions d’ouverture"' in text
    assert run_eventkit("check", "--strict", path).returncode == 0
    built = run_eventkit("agenda", path, "--format", "html", "-o", tmp_path / "out")
    assert built.returncode == 0, built.stderr
    page = (tmp_path / "out" / "agenda.html").read_text(encoding="utf-8")
    assert "jeudi 10 décembre 2026" in page and "Ordre du jour" in page
    assert run_eventkit("new", tmp_path / "x.toml", "--language", "fr fr").returncode == 2


def test_japanese_and_hebrew_documents_get_their_own_script_fonts_in_the_docx(tmp_path):
    for language, slot, font, tag in (
        ("ja", "eastAsia", "Noto Sans CJK JP", "ja-JP"),
        ("he", "cs", "Noto Sans Hebrew", "he-IL"),
    ):
        out = tmp_path / language
        result = run_eventkit("agenda", event_in(language, tmp_path), "--format", "docx", "-o", out)
        assert result.returncode == 0, result.stderr
        styles = docx_xml(out / "agenda.docx", "word/styles.xml")
        assert f'w:{slot}="{font}"' in styles
        assert f'w:{"bidi" if language == "he" else "eastAsia"}="{tag}"' in styles
    assert "<w:bidi/>" in docx_xml(tmp_path / "he" / "agenda.docx")  # Hebrew is right to left too


def test_right_to_left_names_in_an_english_document_are_isolated():
    from eventkit.documents.kinds import render_html
    from eventkit.event.load import load_event

    page = render_html(load_event(NAMES_EVENT), "participants")
    assert '<html lang="en">' in page
    assert '<td><bdi dir="rtl">\u2068محمد العلي\u2069</bdi></td>' in page
    assert '<td><bdi dir="rtl">\u2068דוד כהן\u2069</bdi></td>' in page
    assert '<td><bdi dir="ltr">Ольга</bdi></td>' in page  # left-to-right names need no isolate characters
