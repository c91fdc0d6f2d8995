"""The sign-in sheet (`eventkit sign-in`): participants by delegation with a signature column, in DOCX and PDF."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import REFERENCE_EVENTS, run_eventkit


@pytest.fixture(scope="module")
def sign_in(tmp_path_factory):
    out = tmp_path_factory.mktemp("sign-in")
    result = run_eventkit("sign-in", REFERENCE_EVENTS["summary-report"], "-o", out)
    assert result.returncode == 0, result.stderr
    return out


def test_docx_has_one_table_per_delegation_with_a_signature_column_and_repeating_header(sign_in):
    docx = pytest.importorskip("docx")
    from docx.oxml.ns import qn

    document = docx.Document(str(sign_in / "sign-in.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    # the Vienna event: 12 delegations with named members (4 have none), then blank rows for the unregistered
    assert headings[:3] == ["IOM", "Government of Albania", "Government of Armenia"]
    assert "Government of Georgia" not in headings  # no members: nobody to sign
    assert headings[-1] == "Participants not listed above"
    assert len(document.tables) == len(headings)
    for table in document.tables:
        header = table.rows[0]
        assert [c.text for c in header.cells] == ["No.", "Name", "Function, organisation", "Signature"]
        assert header._tr.trPr is not None and header._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(row.cells[3].text.strip() == "" for row in table.rows[1:])  # the signature cells are empty
    iom = document.tables[0]
    assert [row.cells[1].text for row in iom.rows[1:]] == [
        "Ms. Renate Held",
        "Dr. Marie McAuliffe",
        "Ms. Stefanie Allemann",
        "Mr. Anh Nguyen",
    ]
    assert len(document.tables[-1].rows) == 9


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) not installed")
def test_pdf_table_over_several_pages_repeats_its_header(tmp_path, scaffold_text):
    people = "".join(f'[people.p{n:02d}]\nname = "Delegate Number{n:02d}"\ntitle = "Adviser"\n\n' for n in range(60))
    members = ", ".join(f'"p{n:02d}"' for n in range(60))
    text = scaffold_text.replace(
        "# Delegations and organisations",
        f'{people}[[delegations]]\nname = "Large delegation"\nmembers = [{members}]\n\n# Delegations and organisations',
    )
    (tmp_path / "e.toml").write_text(text, encoding="utf-8")
    result = run_eventkit("sign-in", "e.toml", "-o", "out", "--format", "pdf", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    pages = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "out" / "sign-in.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 3
    large = [p for p in pages if "Number" in p]
    assert len(large) >= 2  # the delegation's table runs over several pages ...
    for page in large:  # ... and each of them starts with the table's header row
        assert "Signature" in page and "Function, organisation" in page
    text = "\n".join(pages)
    assert all(f"Delegate Number{n:02d}" in text for n in range(60))


def test_build_does_not_write_the_sign_in_sheet(tmp_path, scaffold_text):
    (tmp_path / "e.toml").write_text(scaffold_text, encoding="utf-8")
    result = run_eventkit("build", "e.toml", "-o", "out", "--format", "html", "--no-invite", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "out" / "sign-in.html").exists()
    assert (tmp_path / "out" / "participants.html").exists()
