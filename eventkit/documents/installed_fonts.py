"""The installed fonts as fontconfig (and so WeasyPrint) sees them: their family names and the characters they
cover, read with one ``fc-list`` call and kept in eventkit's cache folder (``fonts/``, see :mod:`eventkit.cache`)
until the fonts change.

Reading every font's character set through fontconfig and merging them takes a few tenths of a second; the glyph
check (:mod:`eventkit.documents.fonts`) and the build's check of the theme's fonts need it on every command.
The cache entry is named by a fingerprint of what fontconfig's answer depends on, taken without asking fontconfig:

- the variables that choose its configuration (FONTCONFIG_FILE, FONTCONFIG_PATH, FONTCONFIG_SYSROOT, HOME,
  XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_CACHE_HOME) and its configuration files (names, sizes, modification times);
- the usual font folders (every file's name, size and modification time, every folder's modification time) and
  fontconfig's own cache folders (fc-cache rewrites them when fonts change);

and the entry also records the modification time of every font folder the configuration names (``<dir>``, with the
folders inside them) and of every folder fontconfig listed a font in, which must still be the same for the entry to
be used. Installing, removing or updating fonts (apt, a font copied into ~/.fonts or into a folder of one's own
configuration, fc-cache) therefore reads the fonts again on the next command; ``eventkit doctor`` always reads them
again and refreshes the cache.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..cache import read_cached_json, write_cached_json
from ..hashing import sha256

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

CACHE = "fonts"
ENTRY_FORMAT = 1
FONT_FOLDERS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/Library/Fonts",
    "~/Library/Fonts",
    "/System/Library/Fonts",
    "C:/Windows/Fonts",
)
CONFIG_PLACES = ("/etc/fonts", "~/.config/fontconfig", "~/.fonts.conf", "~/.fonts.conf.d")
FONTCONFIG_CACHES = ("/var/cache/fontconfig", "~/.cache/fontconfig", "~/.fontconfig")
ENVIRONMENT = (
    "FONTCONFIG_FILE",
    "FONTCONFIG_PATH",
    "FONTCONFIG_SYSROOT",
    "HOME",
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
    "XDG_CACHE_HOME",
)


class FontListUnavailable(RuntimeError):
    """fontconfig's fc-list is not installed (or failed), so the installed fonts cannot be known."""


@dataclass(frozen=True)
class InstalledFonts:
    fingerprint: str  # changes when the installed fonts (or fontconfig's view of them) change
    families: frozenset[str]  # every family name, lower-cased
    starts: tuple[int, ...]  # the merged code point ranges at least one font covers: first ...
    ends: tuple[int, ...]  # ... and last code point of each

    @property
    def ranges(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        return self.starts, self.ends


def _stat_line(path: str) -> str:
    try:
        status = os.stat(path)
    except OSError:
        return f"{path}\0-"
    return f"{path}\0{status.st_size}\0{status.st_mtime_ns}"


def _tree_lines(root: str) -> list[str]:
    """Every folder and file under ``root`` with its size and modification time (the files are not read)."""
    lines = [_stat_line(root)]
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        lines.extend(_stat_line(os.path.join(folder, name)) for name in [*dirs, *sorted(files)])
    return lines


def configuration_fingerprint() -> str:
    """The fingerprint of fontconfig's configuration, the usual font folders and fontconfig's caches."""
    home = os.path.expanduser
    config_home = os.environ.get("XDG_CONFIG_HOME") or home("~/.config")
    data_home = os.environ.get("XDG_DATA_HOME") or home("~/.local/share")
    cache_home = os.environ.get("XDG_CACHE_HOME") or home("~/.cache")
    lines = [f"{name}={os.environ.get(name, '')}" for name in ENVIRONMENT]
    for name in ("FONTCONFIG_FILE", "FONTCONFIG_PATH"):  # FONTCONFIG_PATH may name several folders
        for place in os.environ.get(name, "").split(os.pathsep):
            lines.extend(_tree_lines(place) if place else [])
    for place in (*CONFIG_PLACES, os.path.join(config_home, "fontconfig")):
        lines.extend(_tree_lines(home(place)))
    for folder in (*FONT_FOLDERS, os.path.join(data_home, "fonts")):
        lines.extend(_tree_lines(home(folder)))
    for folder in (*FONTCONFIG_CACHES, os.path.join(cache_home, "fontconfig")):
        lines.append(_stat_line(home(folder)))
    return sha256("\n".join(lines))


def configured_font_folders() -> list[str]:
    """The font folders fontconfig's configuration names (``<dir>``), following its ``<include>``s: what it scans
    for fonts, also where no font is yet (read only when the fonts are read from fontconfig)."""
    import xml.etree.ElementTree as ElementTree

    home = os.path.expanduser("~")
    config_home = os.environ.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")
    data_home = os.environ.get("XDG_DATA_HOME") or os.path.join(home, ".local", "share")
    config_dir = (os.environ.get("FONTCONFIG_PATH") or "/etc/fonts").split(os.pathsep)[0]
    top = os.environ.get("FONTCONFIG_FILE") or "fonts.conf"
    folders: list[str] = []
    seen: set[str] = set()

    def place(element: Element, text: str, relative_to: str, xdg_base: str) -> str:
        prefix = element.get("prefix", "")
        if prefix == "xdg":
            return os.path.join(xdg_base, text)
        if text.startswith("~"):
            return os.path.expanduser(text)
        if prefix in ("cwd", "relative") or not os.path.isabs(text):
            return os.path.join(relative_to if prefix != "cwd" else os.getcwd(), text)
        return text

    def read(path: str, depth: int = 0) -> None:
        if path in seen or depth > 8:
            return
        seen.add(path)
        if os.path.isdir(path):
            for name in sorted(os.listdir(path)):
                if name.endswith(".conf"):
                    read(os.path.join(path, name), depth + 1)
            return
        try:
            root = ElementTree.parse(path).getroot()
        except (OSError, ElementTree.ParseError):
            return
        here = os.path.dirname(path)
        for element in root:
            text = (element.text or "").strip()
            if element.tag == "dir" and text:
                folders.append(place(element, text, here, data_home))
            elif element.tag == "include" and text:
                read(place(element, text, here, config_home), depth + 1)

    read(top if os.path.isabs(top) else os.path.join(config_dir, top))
    return folders


def _watched_folders(font_files: set[str]) -> list[str]:
    """Every folder whose change means the fonts may have changed: the configured font folders with all the
    folders inside them, and the folders fontconfig listed a font in."""
    folders = {os.path.dirname(file) for file in font_files}
    for root in configured_font_folders():
        folders.add(root)
        for folder, dirs, _ in os.walk(root):
            folders.update(os.path.join(folder, name) for name in dirs)
    return sorted(folders)


def _folder_times(folders: Iterable[str]) -> dict[str, int]:
    times = {}
    for folder in folders:
        try:
            times[folder] = os.stat(folder).st_mtime_ns
        except OSError:
            times[folder] = -1
    return times


@functools.cache
def installed_fonts() -> InstalledFonts:
    """The installed fonts, from the cache when nothing changed since they were read, else from fontconfig (and
    then cached). Raises FontListUnavailable without a working fc-list."""
    base = configuration_fingerprint()
    cached = _from_cache(base)
    return cached if cached is not None else read_installed_fonts(base)


def read_installed_fonts(base: str | None = None) -> InstalledFonts:
    """The installed fonts, read from fontconfig now (one ``fc-list`` call), and stored in the cache."""
    base = base or configuration_fingerprint()
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        raise FontListUnavailable("fc-list (fontconfig) is not installed")
    try:
        output = subprocess.run(
            [fc_list, "--format", "%{family}\t%{file}\t%{charset}\n"],
            capture_output=True,
            text=True,
            errors="replace",
            timeout=60,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise FontListUnavailable(f"fc-list failed: {exc}") from exc
    families: set[str] = set()
    files: set[str] = set()
    charsets = []
    for line in output.splitlines():
        family, _, rest = line.partition("\t")
        file, _, charset = rest.rpartition("\t")
        families.update(name.strip().lower() for name in family.split(",") if name.strip())
        if file:
            files.add(file)
        charsets.append(parse_charset(charset))
    starts, ends = merge_ranges(charsets)
    times = _folder_times(_watched_folders(files))
    fonts = InstalledFonts(_fingerprint(base, times), frozenset(families), starts, ends)
    write_cached_json(
        CACHE,
        f"{base}.json",
        {"format": ENTRY_FORMAT, "folders": times, "families": sorted(families), "starts": starts, "ends": ends},
    )
    return fonts


def _fingerprint(base: str, folder_times: dict[str, int]) -> str:
    return sha256("\n".join([base, *(f"{folder}\0{time}" for folder, time in sorted(folder_times.items()))]))


def _from_cache(base: str) -> InstalledFonts | None:
    """The cached fonts of fingerprint ``base``, if the entry is whole and its font folders are unchanged."""
    entry = read_cached_json(CACHE, f"{base}.json")
    if not isinstance(entry, dict):
        return None
    try:
        if entry["format"] != ENTRY_FORMAT:
            return None
        times = {str(folder): int(time) for folder, time in entry["folders"].items()}
        starts, ends = tuple(map(int, entry["starts"])), tuple(map(int, entry["ends"]))
        families = frozenset(str(name) for name in entry["families"])
    except (TypeError, KeyError, ValueError, AttributeError):
        return None
    if len(starts) != len(ends) or list(starts) != sorted(starts) or _folder_times(times) != times:
        return None
    return InstalledFonts(_fingerprint(base, times), families, starts, ends)


def parse_charset(text: str) -> list[tuple[int, int]]:
    """fontconfig's charset notation, '20-7e a0 100-17f', as (first, last) pairs."""
    pairs = []
    for item in text.split():
        first, _, last = item.partition("-")
        try:
            pairs.append((int(first, 16), int(last or first, 16)))
        except ValueError:
            continue
    return pairs


def merge_ranges(groups: Iterable[Iterable[tuple[int, int]]]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The union of groups of (first, last) ranges, as sorted (starts, ends) of disjoint ranges."""
    pairs = sorted(pair for group in groups for pair in group)
    starts: list[int] = []
    ends: list[int] = []
    for first, last in pairs:
        if ends and first <= ends[-1] + 1:
            ends[-1] = max(ends[-1], last)
        else:
            starts.append(first)
            ends.append(last)
    return tuple(starts), tuple(ends)
