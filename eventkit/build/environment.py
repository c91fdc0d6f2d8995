"""What a build needs from this machine, checked one item at a time (`eventkit doctor`).

Each check returns a `Finding`: what was looked at, what was found and, when something is wrong, the fix.
A finding with status "missing" means a build will fail (or crash: Pango segfaults without any font); "warning"
means it works less well (slower, or some scripts shown as boxes); "optional" is for tools only some users want.

Fonts are asked of fontconfig (`fc-list`), the same library WeasyPrint finds fonts with, so setting
FONTCONFIG_FILE changes what both see; a build reads its answer from eventkit's cache while the fonts are
unchanged (documents/installed_fonts.py), `doctor` asks fontconfig every time. The fallback fonts per script are
one table, `SCRIPT_SAMPLES`: add a row to check another script.
"""

from __future__ import annotations

import importlib.util
import os
import platform
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..resources import templates_dir

MINIMUM_PYTHON = (3, 11)
MINIMUM_PANGO = (1, 44)
FONTCONFIG_PACKAGE = "fontconfig"
PANGO_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0"


@dataclass(frozen=True)
class Finding:
    item: str
    status: str  # "ok", "missing" (a build will fail), "warning" (it works, less well) or "optional"
    detail: str
    fix: str = ""

    @property
    def blocks_build(self) -> bool:
        return self.status == "missing"


@dataclass(frozen=True)
class ScriptSample:
    """A writing system, one character of it, and the Debian package whose fonts draw it."""

    script: str
    character: str
    package: str


# Scripts that names and places in events are written in, beyond what the theme's own fonts draw.
SCRIPT_SAMPLES: tuple[ScriptSample, ...] = (
    ScriptSample("Latin (accented)", "ő", "fonts-dejavu-core"),
    ScriptSample("Greek", "Ω", "fonts-dejavu-core"),
    ScriptSample("Cyrillic", "Ж", "fonts-dejavu-core"),
    ScriptSample("Georgian", "ქ", "fonts-dejavu-core"),
    ScriptSample("Armenian", "Ա", "fonts-dejavu-core"),
    ScriptSample("Arabic", "ع", "fonts-noto-core"),
    ScriptSample("Hebrew", "א", "fonts-noto-core"),
    ScriptSample("Devanagari", "क", "fonts-noto-core"),
    ScriptSample("Thai", "ก", "fonts-noto-core"),
    ScriptSample("Chinese, Japanese, Korean", "漢", "fonts-noto-cjk"),
)

# Debian packages of the font families a theme names, for the fix line; others get a generic fix.
FONT_PACKAGES = {
    "carlito": "fonts-crosextra-carlito",
    "caladea": "fonts-crosextra-caladea",
    "liberation sans": "fonts-liberation2",
    "liberation serif": "fonts-liberation2",
    "liberation mono": "fonts-liberation2",
    "dejavu sans": "fonts-dejavu-core",
    "dejavu serif": "fonts-dejavu-core",
    "dejavu sans mono": "fonts-dejavu-core",
    "noto sans": "fonts-noto-core",
    "noto serif": "fonts-noto-core",
    "noto sans cjk sc": "fonts-noto-cjk",
    "noto sans cjk jp": "fonts-noto-cjk",
    "noto sans arabic": "fonts-noto-core",
    "noto naskh arabic": "fonts-noto-core",
    "noto sans georgian": "fonts-noto-core",
    "noto sans armenian": "fonts-noto-core",
    "noto sans hebrew": "fonts-noto-core",
    "noto sans devanagari": "fonts-noto-core",
    "noto sans thai": "fonts-noto-core",
    "noto sans cjk kr": "fonts-noto-cjk",
    "noto sans cjk tc": "fonts-noto-cjk",
}

GENERIC_FAMILIES = {
    "serif",
    "sans-serif",
    "monospace",
    "cursive",
    "fantasy",
    "system-ui",
    "emoji",
    "math",
    "fangsong",
    "ui-serif",
    "ui-sans-serif",
    "ui-monospace",
    "ui-rounded",
    "inherit",
    "initial",
    "unset",
    "revert",
    "revert-layer",
}


def apt_install(packages: str) -> str:
    return f"{'' if os.geteuid() == 0 else 'sudo '}apt-get install {packages}"


# ---- the theme's fonts


def theme_font_stacks(css: str) -> list[tuple[str, ...]]:
    """The named families of each `font-family` declaration of a stylesheet, in order, without generic ones.

    Families that the stylesheet itself provides with `@font-face` are left out: they need no installed font."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    provided: set[str] = set()
    for block in re.findall(r"@font-face\s*\{([^}]*)\}", css):
        for value in re.findall(r"font-family\s*:\s*([^;}]+)", block):
            provided.update(name.lower() for name in _family_names(value))
    css = re.sub(r"@font-face\s*\{[^}]*\}", "", css)
    stacks = []
    for value in re.findall(r"(?<![-\w])font-family\s*:\s*([^;}]+)", css):
        names = tuple(
            name
            for name in _family_names(value)
            if name.lower() not in GENERIC_FAMILIES and name.lower() not in provided
        )
        if names and names not in stacks:
            stacks.append(names)
    return stacks


def _family_names(value: str) -> list[str]:
    value = re.sub(r"!\s*important\s*$", "", value.strip())
    return [name.strip().strip("\"'").strip() for name in value.split(",") if name.strip().strip("\"'").strip()]


def installed_families(fresh: bool = False) -> set[str] | None:
    """Lower-cased names of every font family fontconfig knows, or None when `fc-list` is not installed; from
    eventkit's cache of the installed fonts unless ``fresh`` (then read now, and the cache refreshed)."""
    from ..documents.installed_fonts import FontListUnavailable, installed_fonts, read_installed_fonts

    try:
        return set((read_installed_fonts() if fresh else installed_fonts()).families)
    except FontListUnavailable:
        return None


def font_for_character(character: str) -> str | None:
    """The first family fontconfig lists as drawing ``character``, or None (or "" without `fc-list`)."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return ""
    listed = subprocess.run(
        [fc_list, f":charset={ord(character):x}", "family"], capture_output=True, text=True, timeout=60
    ).stdout
    families = sorted(line.split(",")[0].strip() for line in listed.splitlines() if line.strip())
    return families[0] if families else None


def theme_css(user_templates: Path | None) -> Path:
    """The theme.css a build uses: the user's templates folder's own, else ours."""
    for folder in ([user_templates] if user_templates else []) + [templates_dir()]:
        if (folder / "theme.css").is_file():
            return folder / "theme.css"
    return templates_dir() / "theme.css"


def check_theme_fonts(user_templates: Path | None, fresh: bool = False) -> list[Finding]:
    """One finding per font stack of the theme: missing when none of its named families is installed (``fresh``:
    the fonts read from fontconfig now, not from eventkit's cache)."""
    css = theme_css(user_templates)
    families = installed_families(fresh)
    if families is None:
        return [
            Finding(
                "fonts",
                "warning",
                "fc-list (fontconfig) is not installed, so the fonts cannot be checked",
                apt_install(FONTCONFIG_PACKAGE),
            )
        ]
    findings = []
    for stack in theme_font_stacks(css.read_text(encoding="utf-8")):
        present = [name for name in stack if name.lower() in families]
        absent = [name for name in stack if name.lower() not in families]
        label = f"font {stack[0]!r} ({css.name}: {', '.join(stack)})"
        if not present:
            findings.append(
                Finding(label, "missing", "none of these fonts is installed, so PDFs cannot be drawn", _font_fix(stack))
            )
        elif absent and absent[0] == stack[0]:
            findings.append(
                Finding(
                    label,
                    "warning",
                    f"{stack[0]!r} is not installed; PDFs use {present[0]!r} instead, with other letter widths",
                    _font_fix(stack[:1]),
                )
            )
        else:
            findings.append(Finding(label, "ok", f"{present[0]!r} is installed"))
    return findings


def _font_fix(names: Sequence[str]) -> str:
    """Install the package of the first family (the theme's own choice) whose package is known."""
    for name in names:
        if name.lower() in FONT_PACKAGES:
            return apt_install(FONT_PACKAGES[name.lower()])
    return f"install a font named {names[0]!r} (`fc-list : family` lists the installed ones)"


def check_script_fallbacks() -> list[Finding]:
    """One finding per script of `SCRIPT_SAMPLES`: is there any font that draws its sample character?"""
    if not shutil.which("fc-list"):
        return []
    findings = []
    for sample in SCRIPT_SAMPLES:
        family = font_for_character(sample.character)
        item = f"{sample.script} script ({sample.character})"
        if family:
            findings.append(Finding(item, "ok", f"drawn with {family!r}"))
        else:
            findings.append(
                Finding(
                    item,
                    "warning",
                    "no installed font draws it: such names would print as boxes",
                    apt_install(sample.package),
                )
            )
    return findings


# ---- libraries and tools


def check_python() -> Finding:
    version = platform.python_version()
    if sys.version_info[:2] < MINIMUM_PYTHON:
        return Finding(
            "Python",
            "missing",
            f"{version} ({sys.executable}); eventkit needs 3.11 or later",
            "install Python 3.11+ and run `bash .ci/setup` again (or set EVENTKIT_PYTHON)",
        )
    return Finding("Python", "ok", f"{version} ({sys.executable})")


def check_python_packages() -> Finding:
    modules = {
        "click": "click",
        "jinja2": "Jinja2",
        "markdown_it": "markdown-it-py",
        "docx": "python-docx",
        "icalendar": "icalendar",
        "weasyprint": "weasyprint",
    }
    absent = [package for module, package in modules.items() if importlib.util.find_spec(module) is None]
    if absent:
        return Finding(
            "Python packages",
            "missing",
            f"not installed: {', '.join(absent)}",
            f"{sys.executable} -m pip install {' '.join(absent)}",
        )
    return Finding("Python packages", "ok", "click, Jinja2, markdown-it-py, python-docx, icalendar, weasyprint")


def check_weasyprint() -> list[Finding]:
    """WeasyPrint and its Pango, and HarfBuzz's subsetter (WeasyPrint is about five times slower without it)."""
    from ..documents.pdf.weasyprint_import import import_weasyprint

    try:
        weasyprint = import_weasyprint()
    except OSError as exc:
        reason = str(exc).split(".  ")[0].rstrip(".")  # cffi goes on about ctypes.util.find_library
        return [
            Finding(
                "WeasyPrint", "missing", f"a library it needs cannot be loaded: {reason}", apt_install(PANGO_PACKAGES)
            )
        ]
    except ImportError as exc:
        return [
            Finding(
                "WeasyPrint", "missing", f"cannot be imported: {exc}", f"{sys.executable} -m pip install weasyprint"
            )
        ]
    from weasyprint.text import ffi as weasy_ffi

    number = weasy_ffi.pango.pango_version()
    pango = (number // 10000, number // 100 % 100, number % 100)
    findings = [Finding("WeasyPrint", "ok", f"{weasyprint.__version__}")]
    if pango[:2] < MINIMUM_PANGO:
        findings.append(
            Finding(
                "Pango",
                "missing",
                f"{'.'.join(map(str, pango))}; WeasyPrint needs 1.44 or later",
                "upgrade the system (Debian 11+, Ubuntu 20.04+ have it)",
            )
        )
    else:
        findings.append(Finding("Pango", "ok", ".".join(map(str, pango))))
    if getattr(weasy_ffi, "harfbuzz_subset", None) is None:
        findings.append(
            Finding(
                "libharfbuzz-subset0",
                "warning",
                "not found: fonts are subset by fontTools, about five times slower",
                apt_install("libharfbuzz-subset0"),
            )
        )
    else:
        findings.append(Finding("libharfbuzz-subset0", "ok", "fonts are subset by HarfBuzz"))
    return findings


def check_libreoffice() -> Finding:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:
        return Finding("LibreOffice", "ok", f"{soffice} (to open and check the DOCX files)")
    return Finding(
        "LibreOffice",
        "optional",
        "not installed; only needed to check DOCX files without Word (and by the tests)",
        apt_install("libreoffice-writer-nogui"),
    )


# ---- folders


def check_output_folder(output: Path) -> Finding:
    """Can a build write into ``output`` (or create it)?"""
    existing = output
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    label = f"output folder {output}"
    if not existing.is_dir():
        return Finding(label, "missing", f"{existing} is a file, not a folder", "choose another folder with -o")
    if not os.access(existing, os.W_OK | os.X_OK):
        where = "it" if existing == output else f"{existing}, where it would be created,"
        return Finding(
            label,
            "missing",
            f"{where} is not writable by this user",
            "choose another folder with -o, or change the folder's permissions",
        )
    return Finding(label, "ok", "writable" if existing == output else f"will be created in {existing.resolve()}")


def check_templates(user_templates: Path | None) -> Finding:
    try:
        ours = templates_dir()
    except FileNotFoundError as exc:
        return Finding("templates", "missing", str(exc), "reinstall eventkit (pip install --force-reinstall eventkit)")
    needed = ["theme.css", "reference.docx", "base.html.j2"]
    absent = [name for name in needed if not (ours / name).is_file()]
    if absent:
        return Finding("templates", "missing", f"{ours} lacks {', '.join(absent)}", "reinstall eventkit")
    if user_templates is None:
        return Finding("templates", "ok", f"{ours} (eventkit's own)")
    if not user_templates.is_dir():
        return Finding("templates", "missing", f"{user_templates} is not a folder", "check --templates")
    own = sorted(p.name for p in user_templates.iterdir() if p.is_file())
    return Finding("templates", "ok", f"{user_templates} ({len(own)} files of yours) over {ours}")


def diagnose(output: Path, user_templates: Path | None = None) -> list[Finding]:
    """Every check, in the order `eventkit doctor` prints them."""
    return [
        check_python(),
        check_python_packages(),
        *check_weasyprint(),
        *check_theme_fonts(user_templates, True),
        *check_script_fallbacks(),
        check_libreoffice(),
        check_output_folder(output),
        check_templates(user_templates),
    ]


def build_blocker(formats: tuple[str, ...], user_templates: Path | None) -> str | None:
    """Why a build of these formats cannot work on this machine, or None: a Python package the formats need, or
    for PDF a library or every font of a theme stack missing (WeasyPrint would print a traceback or crash).

    Run only for the formats a build still has to make (an unchanged build skips it): it imports WeasyPrint, which
    making a PDF needs anyway, and reads the installed fonts from eventkit's cache."""
    needed = {"docx": ("docx", "python-docx"), "pdf": ("weasyprint", "weasyprint")}
    for fmt in formats:
        module, package = needed.get(fmt, (None, None))
        if module and importlib.util.find_spec(module) is None:
            return f"the Python package {package} (for {fmt.upper()}) is not installed"
    if "pdf" in formats:
        for finding in [*check_weasyprint()[:1], *check_theme_fonts(user_templates)]:
            if finding.blocks_build:
                return f"{finding.item}: {finding.detail}"
    return None
