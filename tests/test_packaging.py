"""The built wheel ships the templates, and an installed eventkit works away from the source checkout."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(ROOT)],
                   check=True, capture_output=True, timeout=600)
    return next(out.glob("eventkit-*.whl"))


def test_wheel_contains_templates_and_console_script(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {Path(n).name for n in names if n.startswith("eventkit/templates/")}
    in_checkout = {p.name for p in (ROOT / "templates").iterdir() if p.is_file()}
    assert in_checkout <= shipped, in_checkout - shipped
    catalogues = {Path(n).name for n in names if n.startswith("eventkit/documents/catalogues/")}
    assert {"ar.toml", "es.toml", "fr.toml", "ru.toml", "zh.toml"} <= catalogues, catalogues
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "eventkit = eventkit.cli:run" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_installed_wheel_runs_outside_the_checkout(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True, timeout=300)
    work = tmp_path / "elsewhere"
    work.mkdir()
    where = subprocess.run([str(python), "-c", "import eventkit, eventkit.resources as r; print(eventkit.__file__); "
                            "print(r.templates_dir())"], cwd=work, capture_output=True, text=True, check=True)
    module_file, templates = where.stdout.split()
    assert str(venv) in module_file and str(venv) in templates, where.stdout
    script = venv / "bin" / "eventkit"
    assert subprocess.run([str(script), "new", "e.toml", "--title", "Installed"], cwd=work).returncode == 0
    assert subprocess.run([str(script), "check", "--strict", "e.toml"], cwd=work).returncode == 0
    built = subprocess.run([str(script), "report", "e.toml", "--format", "html", "-o", "out"], cwd=work,
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    assert "Installed" in (work / "out" / "report.html").read_text(encoding="utf-8")
