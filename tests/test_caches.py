"""eventkit's cache folder ($XDG_CACHE_HOME/eventkit): what it keeps between commands is used only while what it was
made from is unchanged, and a missing, damaged or unusable cache changes nothing but the time a command takes.

Every test here points XDG_CACHE_HOME at its own folder (and, for the fonts, fontconfig at a folder of its own), so
it sees its own cache being made, used and thrown away."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REFERENCE_EVENTS, ROOT, copy_event, event_toml

GEORGIAN_NAME_EVENT = event_toml(
    id="cache-test",
    title="Cache test",
    date=dt.date(2026, 3, 10),
    timezone="Asia/Tbilisi",
    organisers=[{"name": "IOM", "email": "iom@example.org"}],
    extra="""\
[people.nino]
name = "ნინო აბაშიძე"
email = "nino@example.org"
""",
)


def eventkit(*args, cache: Path, fontconfig: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(cache)}
    if fontconfig:
        env["FONTCONFIG_FILE"] = str(fontconfig)
    return subprocess.run(
        [sys.executable, "-m", "eventkit", *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def glyph_warnings(done: subprocess.CompletedProcess) -> list[str]:
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    return [line for line in done.stderr.splitlines() if "no installed font has" in line]


@pytest.fixture
def own_fonts(tmp_path) -> tuple[Path, Path]:
    """(fontconfig configuration, its only font folder, empty for now)."""
    if not shutil.which("fc-list") or not shutil.which("fc-match"):
        pytest.skip("needs fontconfig's fc-list and fc-match")
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig><dir>{fonts}</dir><cachedir>{tmp_path / "fontconfig-cache"}</cachedir></fontconfig>
""",
        encoding="utf-8",
    )
    return conf, fonts


def system_font(family: str) -> Path:
    found = subprocess.run(["fc-match", "-f", "%{file}", family], capture_output=True, text=True).stdout
    if family.split()[0] not in Path(found).name:
        pytest.skip(f"the font {family} is not installed")
    return Path(found)


def test_the_fonts_are_read_again_when_a_font_is_installed_or_removed(tmp_path, own_fonts):
    """fontconfig's answer is cached; copying a font into the configured (empty) folder, or removing it, is seen
    by the very next command."""
    conf, fonts = own_fonts
    cache = tmp_path / "cache"
    event = tmp_path / "event.toml"
    event.write_text(GEORGIAN_NAME_EVENT, encoding="utf-8")
    no_font = glyph_warnings(eventkit("check", event, cache=cache, fontconfig=conf))
    assert any("people.nino.name: no installed font has ნ" in line for line in no_font), no_font
    entries = list((cache / "eventkit" / "fonts").glob("*.json"))
    assert len(entries) == 1 and json.loads(entries[0].read_text())["starts"] == []
    assert glyph_warnings(eventkit("check", event, cache=cache, fontconfig=conf)) == no_font  # from the cache

    shutil.copy(system_font("DejaVu Sans"), fonts / "DejaVuSans.ttf")
    assert glyph_warnings(eventkit("check", event, cache=cache, fontconfig=conf)) == []
    (fonts / "DejaVuSans.ttf").unlink()
    assert glyph_warnings(eventkit("check", event, cache=cache, fontconfig=conf)) == no_font


def test_a_damaged_cache_is_read_again_and_an_unusable_one_only_costs_time(tmp_path):
    event = copy_event(REFERENCE_EVENTS["note-for-file"], tmp_path / "event")
    cache = tmp_path / "cache"
    first = eventkit("report", event, "--format", "html", "-o", tmp_path / "first", cache=cache)
    assert first.returncode == 0, first.stderr
    expected = (tmp_path / "first" / "report.html").read_bytes()
    entries = [p for p in (cache / "eventkit").rglob("*") if p.is_file()]
    assert {p.parent.name for p in entries} >= {"fonts", "templates", "zones"}
    for number, path in enumerate(entries):  # garbage, truncated, empty
        path.write_bytes([b"\x00garbage{[", path.read_bytes()[: len(path.read_bytes()) // 2], b""][number % 3])
    again = eventkit("report", event, "--format", "html", "-o", tmp_path / "again", cache=cache)
    assert again.returncode == 0 and "Traceback" not in again.stderr, again.stderr
    assert (tmp_path / "again" / "report.html").read_bytes() == expected

    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    without = eventkit("report", event, "--format", "html", "-o", tmp_path / "without", cache=blocked)
    assert without.returncode == 0 and "Traceback" not in without.stderr, without.stderr
    assert (tmp_path / "without" / "report.html").read_bytes() == expected


def test_an_edited_template_is_compiled_again(tmp_path):
    """Compiled templates are kept, but a template whose text changed is never served from the cache."""
    event = copy_event(REFERENCE_EVENTS["note-for-file"], tmp_path / "event")
    templates = tmp_path / "templates"
    templates.mkdir()
    shutil.copy(ROOT / "templates" / "report.html.j2", templates / "report.html.j2")
    cache = tmp_path / "cache"
    for marker in ("FIRST-VERSION", "SECOND-VERSION"):
        text = (ROOT / "templates" / "report.html.j2").read_text(encoding="utf-8")
        (templates / "report.html.j2").write_text(
            text.replace("{% block content %}", "{% block content %}" + marker, 1), encoding="utf-8"
        )
        done = eventkit(
            "report", event, "--format", "html", "--templates", templates, "-o", tmp_path / marker, cache=cache
        )
        assert done.returncode == 0, done.stderr
        html = (tmp_path / marker / "report.html").read_text(encoding="utf-8")
        assert marker in html and html.count("-VERSION") == 1
    assert len(list((cache / "eventkit" / "templates").glob("*.cache"))) >= 2  # both versions, and the base
    for folder in (cache / "eventkit", cache / "eventkit" / "templates"):  # compiled templates are code
        assert folder.stat().st_mode & 0o777 == 0o700


def test_the_library_look_ups_take_only_plain_library_names_from_the_cache(tmp_path, monkeypatch):
    """A cache entry naming a path (someone else's library) is not used: find_library is asked again."""
    import ctypes.util

    from eventkit.cache import write_cached_json
    from eventkit.documents.pdf.weasyprint_import import CACHE, linker_fingerprint, remembered_library_lookups

    if not sys.platform.startswith("linux"):
        pytest.skip("the look-ups are remembered on Linux only")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    asked = []
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: asked.append(name) or f"lib{name}.so.1")
    write_cached_json(
        CACHE,
        f"{linker_fingerprint()}.json",
        {"pango-1.0": "/tmp/evil/libpango-1.0.so.0", "gobject-2.0": "libgobject-2.0.so.0", "absent": None},
    )
    with remembered_library_lookups():
        answers = [ctypes.util.find_library(name) for name in ("pango-1.0", "gobject-2.0", "absent", "new")]
    assert answers == ["libpango-1.0.so.1", "libgobject-2.0.so.0", None, "libnew.so.1"]
    assert asked == ["pango-1.0", "new"]
    assert ctypes.util.find_library("x") == "libx.so.1" and asked[-1] == "x"  # put back after the block
    kept = json.loads(next((tmp_path / "eventkit" / CACHE).glob("*.json")).read_text())
    assert kept["pango-1.0"] == "libpango-1.0.so.1" and kept["new"] == "libnew.so.1"


def test_a_folders_fingerprint_is_read_again_when_any_file_under_it_changes(tmp_path, monkeypatch):
    """The code's and the templates' fingerprints come from the cache only while every file under the folder has
    the same name, size and times: a file rewritten with the same size and its modification time set back (what
    `touch -r` or an archive can do) still changes the change time, and the fingerprint is the new content's."""
    from eventkit.cache import folder_fingerprint
    from eventkit.hashing import folder_sha256

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "templates"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.html.j2").write_text("{{ one }}", encoding="utf-8")
    (folder / "sub" / "b.css").write_text("p { margin: 0 }", encoding="utf-8")
    first = folder_fingerprint(folder)
    assert first == folder_sha256(folder) and list((tmp_path / "cache" / "eventkit" / "folders").glob("*.json"))
    assert folder_fingerprint(folder) == first  # from the cache
    status = os.stat(folder / "a.html.j2")
    time.sleep(0.05)  # file systems stamp times from a clock of a few milliseconds' steps
    (folder / "a.html.j2").write_text("{{ two }}", encoding="utf-8")  # the same size
    os.utime(folder / "a.html.j2", ns=(status.st_atime_ns, status.st_mtime_ns))
    assert folder_fingerprint(folder) == folder_sha256(folder) != first
    (folder / "sub" / "c.css").write_text("", encoding="utf-8")  # a new file
    assert folder_fingerprint(folder) == folder_sha256(folder)
