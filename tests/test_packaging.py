"""The built wheel ships the templates, and an installed eventkit works away from the source checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT
from eventkit.language.labels import LANGUAGES

DOCUMENTS = {
    f"{kind}.{extension}"
    for kind in ("concept-note", "agenda", "participants", "speakers", "report")
    for extension in ("docx", "pdf")
}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return next(out.glob("eventkit-*.whl"))


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel installed (not editable); returns its bin folder.

    The dependencies are not downloaded again: a .pth file lets the new environment see the ones this test runs
    with (its site-packages), after its own. That folder's .pth files are not read, so an editable eventkit there
    stays out of sight and `import eventkit` finds the installed wheel."""
    venv = tmp_path_factory.mktemp("installed") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    site_packages = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    ours = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    Path(site_packages, "dependencies-of-the-tests.pth").write_text("\n".join(sorted(ours)) + "\n")
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return venv / "bin"


def outside_env() -> dict[str, str]:
    """The environment of a user's shell: no PYTHONPATH pointing at the checkout."""
    return {name: value for name, value in os.environ.items() if name not in ("PYTHONPATH", "VIRTUAL_ENV")}


def test_wheel_contains_templates_and_console_script(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {Path(n).name for n in names if n.startswith("eventkit/templates/")}
    in_checkout = {p.name for p in (ROOT / "templates").iterdir() if p.is_file()}
    assert in_checkout <= shipped, in_checkout - shipped
    catalogues = {Path(n).name for n in names if n.startswith("eventkit/language/catalogues/")}
    assert {f"{language}.toml" for language in LANGUAGES if language != "en"} <= catalogues, catalogues
    assert {"theme.css", "reference.docx", "event.toml.j2", "report.html.j2"} <= shipped
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "eventkit = eventkit.cli:run" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_installed_wheel_runs_outside_the_checkout(installed, tmp_path):
    work = tmp_path / "elsewhere"
    work.mkdir()
    where = subprocess.run(
        [
            str(installed / "python"),
            "-c",
            "import eventkit, eventkit.resources as r; print(eventkit.__file__); print(r.templates_dir())",
        ],
        cwd=work,
        env=outside_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    module_file, templates = where.stdout.split()
    venv = str(installed.parent)
    assert module_file.startswith(venv) and templates.startswith(venv), where.stdout
    assert not module_file.startswith(str(ROOT)), where.stdout


def test_installed_eventkit_scaffolds_and_builds_every_document_in_any_folder(installed, tmp_path):
    """What a user of `pipx install .` does: the console script alone, in a folder far from the checkout."""
    script = str(installed / "eventkit")
    work = tmp_path / "my events"
    work.mkdir()

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([script, *args], cwd=work, env=outside_env(), capture_output=True, text=True, timeout=300)

    made = run(
        "new", "webinar.toml", "--title", "Installed webinar", "--date", "2026-12-10", "--timezone", "Europe/Vienna"
    )
    assert made.returncode == 0, made.stderr
    checked = run("check", "--strict", "webinar.toml")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = run("build", "webinar.toml", "-o", "out")
    assert built.returncode == 0, built.stderr
    files = {p.name for p in (work / "out").iterdir()}
    assert DOCUMENTS | {"invite.ics"} <= files, sorted(files)
    import docx
    import pypdf

    pdf_text = "\n".join(page.extract_text() for page in pypdf.PdfReader(work / "out" / "agenda.pdf").pages)
    assert "Installed webinar" in pdf_text, pdf_text
    docx_text = "\n".join(p.text for p in docx.Document(str(work / "out" / "agenda.docx")).paragraphs)
    assert "Installed webinar" in docx_text, docx_text
