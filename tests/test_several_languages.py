"""One event, every language (issue #19): an event written in English and issued in English, French and Arabic
(tests/data/consultation.toml, its French translation file consultation.fr.po beside it, its Arabic translations
written in the event file itself) builds one folder of documents per language with one identity (the same invite
UIDs and SEQUENCE); e-mails go out in each person's language; check lists what is untranslated; the translator's
PO file round-trips; Arabic documents keep English text in order; names keep their own script's typography.

Everything is asserted on the real files: pdftotext and pdffonts for the PDFs, python-docx for the DOCX, icalendar
for the invites, the e-mail package for the .eml files, LibreOffice for the DOCX page count.
"""

from __future__ import annotations

import email
import re
import shutil
import subprocess
from email import policy
from pathlib import Path

import pytest

from conftest import EVENTS, ROOT, copy_event, run_eventkit

DATA = ROOT / "tests" / "data"
CONSULTATION = DATA / "consultation.toml"
KINDS = ("concept-note", "agenda", "participants", "speakers", "report")
UID = "migration-consultation-2026@eventkit"


def pdf_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def squashed(text: str) -> str:
    return " ".join(text.split())


def invite_events(path: Path) -> list:
    import icalendar

    return list(icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"))


def consultation_copy(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("consultation.toml", "consultation.fr.po"):
        shutil.copy(DATA / name, folder / name)
    return folder / "consultation.toml"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The consultation built once: out/en, out/fr, out/ar."""
    folder = tmp_path_factory.mktemp("consultation")
    event = consultation_copy(folder)
    result = run_eventkit("build", event, "-o", folder / "out")
    assert result.returncode == 0, result.stderr
    return folder / "out"


# ---------------------------------------------------------------- one event, three sets of documents, one identity


def test_three_languages_build_three_folders_of_documents_and_invites(built):
    for language in ("en", "fr", "ar"):
        for kind in KINDS:
            for fmt in ("docx", "pdf"):
                assert (built / language / f"{kind}.{fmt}").stat().st_size > 0, (language, kind, fmt)
        assert (built / language / "invite.ics").is_file()
    assert not (built / "report.pdf").exists()  # nothing of a single-language layout beside the folders


def test_every_uid_sequence_and_dtstamp_is_the_same_in_every_language(built):
    seen = {}
    for language in ("en", "fr", "ar"):
        events = invite_events(built / language / "invite.ics")
        seen[language] = [(str(e["UID"]), int(e["SEQUENCE"]), e["DTSTAMP"].to_ical()) for e in events]
    assert seen["en"] == seen["fr"] == seen["ar"] and seen["en"][0][0] == UID
    summaries = {language: str(invite_events(built / language / "invite.ics")[0]["SUMMARY"]) for language in seen}
    assert summaries == {
        "en": "Regional consultation on migration governance",
        "fr": "Consultation régionale sur la gouvernance des migrations",
        "ar": "مشاورة إقليمية بشأن حوكمة الهجرة",
    }
    description = str(invite_events(built / "fr" / "invite.ics")[0]["DESCRIPTION"])
    assert "Allocutions d'ouverture" in description and "mardi 16 juin 2026" in description


def test_each_language_prints_its_translations_and_falls_back_to_the_original(built):
    french = squashed(pdf_text(built / "fr" / "report.pdf"))
    assert "NOTE AU DOSSIER : Consultation régionale sur la gouvernance des migrations" in french
    assert "Mme Sabine Machl, Coprésidente du Réseau des Nations Unies sur les migrations (Géorgie)" in french
    assert "A souhaité la bienvenue aux participants au nom du Trésor." in french
    assert "Presented the national coordination mechanism." in french  # not translated: the original
    agenda = squashed(pdf_text(built / "fr" / "agenda.pdf"))
    assert "Ordre du jour" in agenda and "Mécanismes nationaux de coordination" in agenda
    arabic = squashed(pdf_text(built / "ar" / "agenda.pdf"))
    assert "جدول الأعمال" in arabic or "جدول" in arabic
    english = squashed(pdf_text(built / "en" / "report.pdf"))
    assert "NOTE FOR FILE: Regional consultation on migration governance" in english
    import docx

    french_docx = "\n".join(p.text for p in docx.Document(str(built / "fr" / "agenda.docx")).paragraphs)
    assert "Consultation régionale sur la gouvernance des migrations" in french_docx


def test_a_changed_translation_raises_sequence_in_every_language_alike(tmp_path):
    event = consultation_copy(tmp_path)
    assert run_eventkit("build", event, "-o", tmp_path / "out", "--no-invite").returncode == 0
    assert run_eventkit("build", event, "-o", tmp_path / "out", "--format", "html").returncode == 0
    first = {
        lang: int(invite_events(tmp_path / "out" / lang / "invite.ics")[0]["SEQUENCE"]) for lang in ("en", "fr", "ar")
    }
    po = tmp_path / "consultation.fr.po"
    po.write_text(po.read_text(encoding="utf-8").replace("Allocutions d'ouverture", "Ouverture"), encoding="utf-8")
    result = run_eventkit("build", event, "-o", tmp_path / "out", "--format", "html")
    assert result.returncode == 0, result.stderr
    after = {lang: invite_events(tmp_path / "out" / lang / "invite.ics")[0] for lang in ("en", "fr", "ar")}
    assert {lang: int(e["SEQUENCE"]) for lang, e in after.items()} == {lang: first[lang] + 1 for lang in first}
    assert len({e["DTSTAMP"].to_ical() for e in after.values()}) == 1
    assert "Ouverture" in str(after["fr"]["DESCRIPTION"])


# ---------------------------------------------------------------- a subset, a language with no translations


def test_language_option_builds_only_the_languages_asked_for(tmp_path):
    event = consultation_copy(tmp_path)
    result = run_eventkit("build", event, "-o", tmp_path / "out", "--language", "ar", "--format", "html", "--no-invite")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["ar"]
    refused = run_eventkit("build", event, "-o", tmp_path / "other", "--language", "de")
    assert refused.returncode == 1 and "is issued in en, fr, ar, not in de" in refused.stderr
    assert not (tmp_path / "other").exists()


def test_a_language_whose_catalogue_exists_but_has_no_translations(tmp_path):
    event = consultation_copy(tmp_path)
    event.write_text(
        event.read_text(encoding="utf-8").replace(
            'languages = ["en", "fr", "ar"]', 'languages = ["en", "fr", "ar", "es"]'
        ),
        encoding="utf-8",
    )
    checked = run_eventkit("check", event)
    assert checked.returncode == 0, checked.stderr
    assert "'es': 31 of 31 fields are not translated (they print in 'en')" in checked.stderr
    result = run_eventkit("build", event, "-o", tmp_path / "out", "--language", "es", "--no-invite")
    assert result.returncode == 0, result.stderr
    text = squashed(pdf_text(tmp_path / "out" / "es" / "agenda.pdf"))
    assert "Programa" in text and "Página 1 de 1" in text  # Spanish labels (the catalogue) ...
    assert "Regional consultation on migration governance" in text  # ... around the original texts
    assert "martes, 16 de junio de 2026" in text


# ---------------------------------------------------------------- invitations in each person's language


def test_a_person_with_language_fr_receives_a_french_email_for_the_same_uid(tmp_path):
    event = consultation_copy(tmp_path)
    result = run_eventkit("invites", event, "-o", tmp_path / "out", "--eml")
    assert result.returncode == 0, result.stderr

    def read(address: str):
        message = email.message_from_bytes(
            (tmp_path / "out" / "mail" / f"{address}.eml").read_bytes(), policy=policy.default
        )
        calendar = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
        import icalendar

        vevent = icalendar.Calendar.from_ical(calendar.get_payload(decode=True)).walk("VEVENT")[0]
        return message, vevent

    french, french_event = read("amadou.diop@example.sn")
    english, english_event = read("sabine.machl@example.org")
    arabic, arabic_event = read("layla.haddad@example.org")  # the language of her delegation
    assert french["Subject"].startswith("Invitation") and "Consultation régionale" in french["Subject"]
    body = french.get_body(("plain",)).get_content()
    assert body.splitlines()[0] == "Madame, Monsieur (M. Amadou Diop),"
    assert "mardi 16 juin 2026" in body and "Allocutions d'ouverture" in body
    assert "Consultation régionale" in str(french_event["SUMMARY"])
    assert str(english["Subject"]).strip().startswith("Invitation: Regional consultation")
    assert 'dir="rtl"' in arabic.get_body(("html",)).get_content()
    uids = {str(e["UID"]) for e in (french_event, english_event, arabic_event)}
    sequences = {int(e["SEQUENCE"]) for e in (french_event, english_event, arabic_event)}
    assert uids == {UID} and len(sequences) == 1
    written = invite_events(tmp_path / "out" / "invite.ics")[0]
    assert str(written["UID"]) == UID and str(written["SUMMARY"]).startswith("Regional consultation")


def test_sent_through_a_real_smtp_server_each_person_gets_their_language_then_their_cancellation(tmp_path, mailbox):
    """Sent with --send (the send ledger's plan): the French participant's invitation and, when the event is
    cancelled, their cancellation are French; every message carries the one UID, the cancellation a higher
    SEQUENCE, in every language."""
    import icalendar

    event = consultation_copy(tmp_path)

    def send(*extra: str):
        result = run_eventkit(
            "invites", event, "-o", tmp_path / "out", "--send", "--smtp", f"127.0.0.1:{mailbox.port}", *extra
        )
        assert result.returncode == 0, result.stdout + result.stderr

    def calendar_of(message):
        part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
        return icalendar.Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT")[0]

    send()
    received = {address: message for address, message in mailbox.accepted}
    assert set(received) >= {"amadou.diop@example.sn", "sabine.machl@example.org", "layla.haddad@example.org"}
    assert "Consultation régionale" in received["amadou.diop@example.sn"]["Subject"]
    assert "Regional consultation" in received["sabine.machl@example.org"]["Subject"]
    first = {address: calendar_of(message) for address, message in received.items()}
    assert {str(e["UID"]) for e in first.values()} == {UID} and len({int(e["SEQUENCE"]) for e in first.values()}) == 1
    mailbox.accepted.clear()
    send("--cancel")
    cancelled = {address: message for address, message in mailbox.accepted}
    french = cancelled["amadou.diop@example.sn"]
    assert str(french["Subject"]).strip().startswith("Annulé: Consultation régionale"), french["Subject"]
    assert "» (consultation) est annulé." in french.get_body(("plain",)).get_content()
    assert "Cancelled" in str(cancelled["sabine.machl@example.org"]["Subject"])
    again = {address: calendar_of(message) for address, message in cancelled.items()}
    assert {str(e["UID"]) for e in again.values()} == {UID}
    assert {int(e["SEQUENCE"]) for e in again.values()} == {int(next(iter(first.values()))["SEQUENCE"]) + 1}
    assert str(again["amadou.diop@example.sn"]["SUMMARY"]).startswith("Consultation régionale")


# ---------------------------------------------------------------- check, and the translator's round trip


def test_check_lists_the_untranslated_fields_once_per_language(tmp_path):
    event = consultation_copy(tmp_path)
    result = run_eventkit("check", event)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "fields are not translated" in line]
    assert len(warnings) == 2, result.stderr
    french, arabic = sorted(warnings, key=lambda line: "'ar'" in line)
    assert re.search(r"event\.languages: 'fr': 10 of 31 fields are not translated", french), french
    assert (
        ": event.platform, people.machl.title, people.machl.bio, " in french and " ... (eventkit translations" in french
    )
    assert "'ar': 29 of 31 fields" in arabic and "event.subtitle" in arabic
    assert "eventkit translations" in french


def test_the_translators_file_round_trips(tmp_path):
    from babel.messages.pofile import read_po, write_po

    event = consultation_copy(tmp_path)
    exported = tmp_path / "for-translator.po"
    result = run_eventkit("translations", event, "--language", "fr", "-o", exported)
    assert result.returncode == 0, result.stderr
    with exported.open("rb") as handle:
        catalogue = read_po(handle)
    originals = [m.id for m in catalogue if m.id]
    assert "- Presented the national coordination mechanism." in originals  # the notes, untranslated
    assert "Head of Mission" in originals and "KUDO platform" in originals
    assert "Regional consultation on migration governance" not in originals  # already translated
    for message in catalogue:  # what a translator's tool does: fill in every msgstr
        if message.id:
            message.string = {"Head of Mission": "Cheffe de mission", "KUDO platform": "plateforme KUDO"}.get(
                message.id, f"FR {message.id}"
            )
    with exported.open("wb") as handle:
        write_po(handle, catalogue)
    result = run_eventkit("translations", event, "--language", "fr", "--import", exported)
    assert result.returncode == 0, result.stderr
    assert "consultation.fr.po: updated" in result.stdout
    stored = (tmp_path / "consultation.fr.po").read_text(encoding="utf-8")
    assert 'msgstr "Cheffe de mission"' in stored and 'msgstr "Allocutions d\'ouverture"' in stored
    checked = run_eventkit("check", event)
    assert "'fr':" not in checked.stderr, checked.stderr
    again = run_eventkit("translations", event, "--language", "fr", "-o", tmp_path / "again.po")
    assert "nothing left to translate into 'fr'" in again.stdout
    built = run_eventkit("build", event, "-o", tmp_path / "out", "--language", "fr", "--no-invite")
    assert built.returncode == 0, built.stderr
    assert "Cheffe de mission" in squashed(pdf_text(tmp_path / "out" / "fr" / "agenda.pdf"))


def test_a_changed_original_is_offered_to_the_translator_with_its_old_translation(tmp_path):
    event = consultation_copy(tmp_path)
    event.write_text(
        event.read_text(encoding="utf-8").replace(
            'title = "Closing remarks"', 'title = "Closing remarks and next steps"'
        ),
        encoding="utf-8",
    )
    checked = run_eventkit("check", event)
    assert "1 of them because the original changed since it was translated" in checked.stderr
    exported = tmp_path / "todo.po"
    assert run_eventkit("translations", event, "--language", "fr", "-o", exported).returncode == 0
    text = exported.read_text(encoding="utf-8")
    entry = text[text.index('msgid "Closing remarks and next steps"') - 120 :]
    assert "#, fuzzy" in entry and '#| msgid "Closing remarks"' in entry
    assert 'msgstr "Allocutions de clôture"' in entry


def test_a_wrong_translation_is_a_located_error_and_nothing_is_imported(tmp_path):
    event = consultation_copy(tmp_path)
    returned = tmp_path / "returned.po"
    returned.write_text(
        'msgid ""\nmsgstr "Language: fr\\n"\n\n#. people.haddad.title\nmsgid "Head of Mission"\n'
        'msgstr "Cheffe\\nde mission"\n',
        encoding="utf-8",
    )
    before = (tmp_path / "consultation.fr.po").read_bytes()
    result = run_eventkit("translations", event, "--language", "fr", "--import", returned)
    assert result.returncode == 1
    assert f"{returned}:5:1: people.haddad.title: the translation contains a line break (LF)" in result.stderr
    assert (tmp_path / "consultation.fr.po").read_bytes() == before
    broken = tmp_path / "consultation.fr.po"
    broken.write_text(before.decode() + '\nmsgid "x"\nmsgstr "y\n', encoding="utf-8")
    result = run_eventkit("check", event)
    assert result.returncode == 1, result.stderr
    assert re.search(
        r"consultation\.fr\.po:\d+:1: not a readable PO file: a quoted text is not closed", result.stderr
    ), result.stderr
    assert run_eventkit("build", event, "-o", tmp_path / "out").returncode == 1 and not (tmp_path / "out").exists()


def test_inline_translations_are_checked_where_they_are_written(tmp_path):
    event = consultation_copy(tmp_path)
    text = event.read_text(encoding="utf-8")
    event.write_text(
        text.replace(
            'subtitle = "Peer exchange among West African governments"',
            'subtitle = {fr = "Échange entre pairs", de = "Austausch"}',
        ).replace('title = "Closing remarks"', 'title = {en = "Closing remarks", "fr FR" = "x"}'),
        encoding="utf-8",
    )
    result = run_eventkit("check", event)
    assert result.returncode == 1
    assert re.search(
        r"consultation\.toml:7:\d+: event\.subtitle: no text in 'en', the language the event file is "
        r"written in \(languages given: fr, de\)",
        result.stderr,
    ), result.stderr
    assert re.search(r"agenda\[3\]\.title\.\"fr FR\": 'fr FR' is not a language", result.stderr), result.stderr


# ---------------------------------------------------------------- the same id twice, one folder twice


def test_two_event_files_with_the_same_id_are_refused_and_nothing_is_written(tmp_path):
    a = copy_event(EVENTS / "georgia-gcm-webinar-2021.toml", tmp_path / "a")
    b = tmp_path / "b" / "copy.toml"
    b.parent.mkdir()
    b.write_text(a.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_eventkit("build", a, b, "-o", tmp_path / "out")
    assert result.returncode == 1
    assert f"{b}:13:6: event.id: 'georgia-gcm-webinar-2021' is also the id of {a}:13:6" in result.stderr
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "b" / "copy.invites.json").exists()


def test_ids_that_differ_only_in_case_would_share_a_folder_and_are_refused(tmp_path):
    a = consultation_copy(tmp_path / "a")
    b = consultation_copy(tmp_path / "b")
    b.write_text(
        b.read_text(encoding="utf-8").replace(
            'id = "migration-consultation-2026"', 'id = "Migration-Consultation-2026"'
        ),
        encoding="utf-8",
    )
    result = run_eventkit("build", a, b)
    assert result.returncode == 1 and "is also the id of" in result.stderr
    assert not (tmp_path / "build").exists()


# ---------------------------------------------------------------- right to left


def test_arabic_report_keeps_english_bullets_in_order_and_parentheses_with_their_words(built):
    text = pdf_text(built / "ar" / "report.pdf")
    lines = [squashed(line) for line in text.splitlines()]
    assert "• Welcomed participants on behalf of the Treasury." in lines, text
    assert "• Thanked the Government of Senegal for hosting the consultation." in lines, text
    assert "Ms. Sabine Machl, Co-chair of UN Network on Migration (Georgia)" in lines, text


def test_the_arabic_georgia_documents_have_the_page_counts_of_their_pdfs_in_libreoffice(tmp_path):
    """The 9-page Georgia report in Arabic: its DOCX has the PDF's page count in LibreOffice (±1), its agenda the same."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    event = copy_event(EVENTS / "georgia-gcm-webinar-2021.toml", tmp_path)
    event.write_text(event.read_text(encoding="utf-8").replace('language = "en"', 'language = "ar"'), encoding="utf-8")
    for kind in ("report", "agenda"):
        result = run_eventkit(kind, event, "-o", tmp_path / "out")
        assert result.returncode == 0, result.stderr
    converted = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "lo"),
            str(tmp_path / "out" / "report.docx"),
            str(tmp_path / "out" / "agenda.docx"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert converted.returncode == 0, converted.stderr

    def pages(pdf: Path) -> int:
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        return int(re.search(r"Pages:\s+(\d+)", info).group(1))

    assert pages(tmp_path / "out" / "report.pdf") == 9
    assert abs(pages(tmp_path / "lo" / "report.pdf") - 9) <= 1
    assert pages(tmp_path / "lo" / "agenda.pdf") == pages(tmp_path / "out" / "agenda.pdf")
    text = pdf_text(tmp_path / "out" / "report.pdf")
    assert "Georgia (Co-chair of UN Network on Migration in" in text and "Georgia)" in text


def test_a_hebrew_document_isolates_latin_names_and_lays_english_paragraphs_out_left_to_right(tmp_path):
    from eventkit.documents.kinds import render_html
    from eventkit.event.load import load_event
    from eventkit.language.translation import translate

    event = translate(load_event(consultation_copy(tmp_path)), "he")
    page = render_html(event, "report")
    assert '<html lang="he" dir="rtl">' in page
    assert '<ul dir="ltr">\n<li><em>Welcomed</em> participants on behalf of the Treasury.</li>' in page
    assert re.search(
        r'<bdi dir="ltr">\u2068Ms\. Sabine Machl, Co-chair of UN Network on Migration \(Georgia\)'
        r"\u2069</bdi>",
        page,
    ), page


def test_directions_follow_the_first_letter_of_each_block_and_isolate():
    from eventkit.documents.directions import mark_directions

    html = (
        '<html lang="ar" dir="rtl"><body><p>نص عربي</p><ul><li><em>Welcomed</em> all.</li></ul>'
        "<h1><strong>مذكرة:</strong> <em>Title (GCM)</em></h1><h3><bdi>Ms. A (B)</bdi></h3>"
        '<p>١٢٣</p><p dir="ltr">kept</p></body></html>'
    )
    marked = mark_directions(html)
    assert "<p>نص عربي</p>" in marked  # as its document: nothing written
    assert '<ul dir="ltr"><li><em>Welcomed</em> all.</li></ul>' in marked  # the list reads left to right
    assert '<h1><strong>مذكرة:</strong> <em dir="ltr">Title (GCM)</em></h1>' in marked
    assert '<h3><bdi dir="ltr">Ms. A (B)</bdi></h3>' in marked  # an isolate does not decide its heading
    assert "<p>١٢٣</p>" in marked and '<p dir="ltr">kept</p>' in marked
    english = mark_directions('<html lang="en"><body><p>قال</p><p>Plain</p></body></html>')
    assert '<p dir="rtl">قال</p>' in english and "<p>Plain</p>" in english


# ---------------------------------------------------------------- names in their own script's typography


def test_a_japanese_name_is_drawn_with_the_japanese_face_in_english_and_arabic_documents(built):
    import docx
    from docx.oxml.ns import qn

    for language in ("en", "ar"):
        fonts = subprocess.run(
            ["pdffonts", str(built / language / "participants.pdf")], capture_output=True, text=True, check=True
        ).stdout
        assert "Noto-Sans-CJK-JP" in fonts and "CJK-SC" not in fonts, (language, fonts)
        document = docx.Document(str(built / language / "participants.docx"))
        runs = [
            r
            for r in document.element.body.iter(qn("w:r"))
            if "濱口" in "".join(t.text or "" for t in r.iter(qn("w:t")))
        ]
        assert runs, language
        for run in runs:
            assert run.find(qn("w:rPr") + "/" + qn("w:lang")).get(qn("w:eastAsia")) == "ja-JP"
            assert run.find(qn("w:rPr") + "/" + qn("w:rFonts")).get(qn("w:eastAsia")) == "Noto Sans CJK JP"


def test_name_script_from_kana_hangul_or_name_language():
    from eventkit.event.parts import Person

    assert Person(name="さとう ゆき").name_script == "ja"
    assert Person(name="김민수").name_script == "ko"
    assert Person(name="李明").name_script == ""
    assert Person(name="濱口 桂一郎", name_language="ja").name_script == "ja"
    assert Person(name="Xue Fuqiao", local_name="薛富侨").name_script == ""


# ---------------------------------------------------------------- the schema describes the new forms


def test_the_schema_and_taplo_accept_translations_written_in_the_event_file(tmp_path):
    import json

    taplo = shutil.which("taplo") or str(Path(ROOT / ".venv" / "bin" / "taplo"))
    schema = tmp_path / "eventkit.schema.json"
    assert run_eventkit("schema", "-o", schema).returncode == 0
    described = json.loads(schema.read_text())
    assert described["$defs"]["EventInfo"]["properties"]["title"]["anyOf"][1] == {"$ref": "#/$defs/Translations"}
    assert described["$defs"]["EventInfo"]["properties"]["languages"]["type"] == "array"
    if not Path(taplo).is_file():
        pytest.skip("taplo is not installed")
    ok = subprocess.run(
        [taplo, "check", "--schema", schema.as_uri(), str(CONSULTATION)], capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stderr
    wrong = tmp_path / "wrong.toml"
    wrong.write_text(
        CONSULTATION.read_text(encoding="utf-8").replace('ar = "الكلمات الافتتاحية"', "ar = 3"), encoding="utf-8"
    )
    refused = subprocess.run([taplo, "check", "--schema", schema.as_uri(), str(wrong)], capture_output=True, text=True)
    assert refused.returncode != 0


# ---------------------------------------------------------------- one identity in the model


def test_a_translation_keeps_every_id_and_only_changes_words():
    from eventkit.event.load import load_event
    from eventkit.language.translation import in_language

    event = load_event(CONSULTATION)
    french = in_language(event, "fr")
    assert french.original is event and french.event.language == "fr" and french.id == event.id
    assert list(french.people) == list(event.people) and [s.id for s in french.agenda] == [s.id for s in event.agenda]
    assert [p.email for p in french.people.values()] == [p.email for p in event.people.values()]
    assert french.people["machl"].honorific == "Mme" and french.people["machl"].honorific_key == "Ms."
    assert french.event.date == event.event.date and french.agenda[0].start == event.agenda[0].start
    assert event.event.title == "Regional consultation on migration governance"
