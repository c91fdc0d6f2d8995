"""`eventkit doctor` on this machine, on a machine without fonts (fontconfig pointed at an empty folder), and
`build` pointing to it instead of crashing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REFERENCE_EVENTS, ROOT
from eventkit.build.environment import SCRIPT_SAMPLES, theme_font_stacks

pytestmark = pytest.mark.skipif(not shutil.which("fc-list"), reason="fontconfig's fc-list is not installed")


def eventkit(*args, cwd: Path = ROOT, fontconfig: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if fontconfig:
        env["FONTCONFIG_FILE"] = str(fontconfig)
    return subprocess.run(
        [sys.executable, "-m", "eventkit", *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def no_fonts(tmp_path) -> Path:
    """A fontconfig configuration whose only font folder is empty: a machine without any font."""
    (tmp_path / "fonts").mkdir()
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig><dir>{tmp_path / "fonts"}</dir><cachedir>{tmp_path / "cache"}</cachedir></fontconfig>
""",
        encoding="utf-8",
    )
    return conf


def lines_by_item(stdout: str) -> dict[str, str]:
    """doctor's lines keyed by item: 'ok       font 'Carlito' (...): ...' -> {"font 'Carlito' (...)": line}."""
    return {line[9:].split(": ", 1)[0]: line for line in stdout.splitlines() if line[:1] != " " and ": " in line}


def test_doctor_passes_here_with_one_line_per_item(tmp_path):
    done = eventkit("doctor", "-o", tmp_path / "out")
    assert done.returncode == 0, done.stdout + done.stderr
    items = lines_by_item(done.stdout)
    for item in (
        "Python",
        "Python packages",
        "WeasyPrint",
        "Pango",
        "libharfbuzz-subset0",
        "LibreOffice",
        f"output folder {tmp_path / 'out'}",
        "templates",
    ):
        assert item in items, done.stdout
    assert items["Python"].startswith("ok ") and sys.executable in items["Python"]
    assert any(item.startswith("font 'Carlito'") and line.startswith("ok ") for item, line in items.items())
    for sample in SCRIPT_SAMPLES:
        assert f"{sample.script} script ({sample.character})" in items, sample
    assert str(ROOT / "templates") in items["templates"]
    assert done.stdout.rstrip().endswith("a build will work here")


def test_doctor_fails_with_a_fix_when_the_theme_fonts_are_missing(no_fonts):
    done = eventkit("doctor", fontconfig=no_fonts)
    assert done.returncode == 1, done.stdout
    carlito = next(line for line in done.stdout.splitlines() if "font 'Carlito'" in line)
    assert carlito.startswith("missing ") and "none of these fonts is installed" in carlito, carlito
    assert "apt-get install fonts-crosextra-carlito" in carlito, carlito
    arabic = next(line for line in done.stdout.splitlines() if line.split()[1] == "Arabic")
    assert arabic.startswith("warning ") and "fonts-noto-core" in arabic, arabic
    missing = sum(line.startswith("missing ") for line in done.stdout.splitlines())
    assert missing >= 2  # Carlito's font stack and each of the theme's other stacks (one per script)
    assert f"a build will fail here: {missing} items missing" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr and "UserWarning" not in done.stderr


def test_doctor_checks_the_fonts_of_the_users_own_theme(tmp_path):
    templates = tmp_path / "mine"
    templates.mkdir()
    (templates / "theme.css").write_text(
        'body { font-family: "No Such Family Here", serif; }\n'
        "/* h1 { font-family: Commented Out } */\n"
        "h1 { font-family: Carlito, sans-serif !important }\n"
    )
    done = eventkit("doctor", "--templates", templates, "-o", tmp_path / "out")
    assert done.returncode == 1, done.stdout
    line = next(line for line in done.stdout.splitlines() if "No Such Family Here" in line)
    assert line.startswith("missing ") and "install a font named 'No Such Family Here'" in line, line
    assert "Commented Out" not in done.stdout
    assert str(templates) in lines_by_item(done.stdout)["templates"]


def test_build_without_fonts_points_to_doctor_instead_of_crashing(no_fonts, tmp_path):
    out = tmp_path / "out"
    done = eventkit("report", REFERENCE_EVENTS["note-for-file"], "-o", out, fontconfig=no_fonts)
    assert done.returncode == 1, done.stderr
    assert "cannot build here: font 'Carlito'" in done.stderr, done.stderr
    assert "run `eventkit doctor`" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()
    html_only = eventkit(
        "report", REFERENCE_EVENTS["note-for-file"], "-o", out, "--format", "html", fontconfig=no_fonts
    )
    assert html_only.returncode == 0, html_only.stderr  # no PDF wanted: fonts do not matter


def test_theme_font_stacks_skip_generic_families_comments_and_fonts_the_theme_provides():
    css = """
    @font-face { font-family: "Shipped Face"; src: url(shipped.woff2); }
    /* p { font-family: Hidden; } */
    body { font-family: Carlito, "Liberation Sans", 'DejaVu Sans', sans-serif; }
    code { font-family: "Shipped Face", monospace }
    .x { -webkit-font-family: Ignored; }
    h1 { font-family: Carlito, "Liberation Sans", 'DejaVu Sans', sans-serif !important; }
    """
    assert theme_font_stacks(css) == [("Carlito", "Liberation Sans", "DejaVu Sans")]
    shipped = (ROOT / "templates" / "theme.css").read_text(encoding="utf-8")
    assert theme_font_stacks(shipped)[0][0] == "Carlito"


def hidden_pango_works() -> bool:
    """Can this test hide Pango (root, and a private mount namespace: `unshare -m`)?"""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    return subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode == 0


def pango_library() -> Path | None:
    from ctypes.util import find_library

    name = find_library("pango-1.0")
    for folder in ("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib"):
        if name and Path(folder, name).exists():
            return Path(folder, name).resolve()
    return None


@pytest.mark.skipif(
    not hidden_pango_works() or not pango_library(),
    reason="hiding Pango needs root, `unshare -m` and libpango in a standard folder",
)
def test_without_pango_doctor_names_the_library_and_build_points_to_doctor(tmp_path):
    """Pango hidden for real: /dev/null mounted over the library, in a mount namespace of this command only."""
    out = tmp_path / "out"
    script = (
        f"mount --bind /dev/null {pango_library()} && "
        f"{sys.executable} -m eventkit doctor; echo doctor=$?; "
        f"{sys.executable} -m eventkit report {REFERENCE_EVENTS['note-for-file']} -o {out}; echo build=$?"
    )
    done = subprocess.run(
        ["unshare", "-m", "bash", "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=300,
    )
    weasyprint = next(line for line in done.stdout.splitlines() if line.startswith("missing  WeasyPrint"))
    assert "cannot load library 'libpango-1.0-0'" in weasyprint, done.stdout
    assert "apt-get install libpango-1.0-0 libpangoft2-1.0-0" in weasyprint
    assert "doctor=1" in done.stdout and "build=1" in done.stdout, done.stdout + done.stderr
    assert "cannot build here: WeasyPrint" in done.stderr and "eventkit doctor" in done.stderr
    assert "Traceback" not in done.stderr and not out.exists()
