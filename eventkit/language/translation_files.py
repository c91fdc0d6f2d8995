"""The translation file of one language beside the event file: ``<name>.<language>.po`` (GNU gettext PO).

Why PO, and why beside the event rather than a translated copy of it: a translator receives a file, not the event,
and works in a tool built for it (Poedit, OmegaT, Trados, memoQ, Weblate, Crowdin, Lokalise ... all read PO, as
does Babel, which eventkit already uses). A PO entry holds the original text (``msgid``) next to its translation
(``msgstr``), so

- a translation is found by its text, not by its place: sessions reordered or added keep their translations, and a
  text used many times (an organisation's name on twenty people) is translated once;
- a changed original is noticed: its old translation no longer matches, the documents fall back to the new original,
  ``check`` counts it as changed, and the next file for the translator offers the old translation as a suggestion
  (``#, fuzzy`` with the previous original), as gettext's own tools do;
- ``#.`` comments say where each text is used (``agenda[2].title``) and ``#:`` at which line of the event file.

The file is plain UTF-8 text: it reads well in a diff and can be corrected by hand. An entry marked ``fuzzy`` (not
yet confirmed by the translator) is not used. :mod:`eventkit.language.translation_exchange` writes the file for a
translator and reads it back into this one.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem
from ..user_files import UnreadableFile, read_user_file

MAX_BYTES = 8 * 1024 * 1024


@dataclass
class Entry:
    """One translation: the original text, its translation, where it is used (field paths as written in the
    ``#.`` comments), the line of its ``msgid`` in the file, and whether it still awaits confirmation."""

    original: str
    translation: str
    paths: tuple[str, ...] = ()
    line: int = 0
    fuzzy: bool = False


@dataclass
class TranslationFile:
    """The translations of one language, as read from ``path`` (which need not exist yet)."""

    path: Path
    language: str
    entries: dict[str, Entry] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    header: dict[str, str] = field(default_factory=dict)

    def translation(self, original: str) -> str | None:
        """The confirmed translation of ``original`` (None when there is none, or it is empty or fuzzy)."""
        entry = self.entries.get(str(original))
        if entry is None or entry.fuzzy or not entry.translation:
            return None
        return entry.translation

    def entry(self, original: str) -> Entry | None:
        return self.entries.get(str(original))

    def previous(self, where: str, current: set[str]) -> Entry | None:
        """The confirmed translation last used at ``where`` for an original that is no longer in the event (the
        text changed since it was translated)."""
        return next(
            (
                e
                for e in self.entries.values()
                if where in e.paths and e.original not in current and e.translation and not e.fuzzy
            ),
            None,
        )


def translation_path(event_file: Path | str, language: str) -> Path:
    """``events/x.toml`` → ``events/x.fr.po``."""
    event_file = Path(event_file)
    return event_file.with_name(f"{event_file.stem}.{language}.po")


def translation_files_beside(event_file: Path | str) -> dict[str, Path]:
    """The translation files beside an event file, by language: ``x.fr.po`` and ``x.ar.po`` beside ``x.toml``."""
    event_file = Path(event_file)
    pattern = "".join(f"[{c}]" if c in "*?[" else c for c in event_file.stem) + ".*.po"
    try:
        found = sorted(event_file.parent.glob(pattern))
    except OSError:
        return {}
    files = {path.name[len(event_file.stem) + 1 : -len(".po")]: path for path in found}
    return {language: path for language, path in files.items() if language and "." not in language}


def read_translation_file(path: Path, language: str, *, required: bool = False) -> TranslationFile:
    """The translations in ``path``; a missing file is an empty one (unless ``required``), and every problem --
    unreadable, not UTF-8, not PO, an entry for another language -- is a located :class:`Problem` in ``problems``
    (the entries are then empty: a damaged file translates nothing rather than something wrong)."""
    result = TranslationFile(path, language)

    def problem(message: str, hint: str = "", line: int = 0, column: int = 0) -> TranslationFile:
        result.problems.append(Problem(str(path), line, column, "", message, hint))
        result.entries.clear()
        return result

    try:
        raw = read_user_file(path, MAX_BYTES, "a translation file")
    except UnreadableFile as exc:
        if exc.missing and not required:
            return result
        return problem(exc.message)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return problem(
            f"is not UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded",
            "save the file as UTF-8 (a PO editor does by default)",
            line,
            exc.start - raw.rfind(b"\n", 0, exc.start),
        )
    if "\x00" in text:
        return problem(
            "is a binary file, not a PO translation file (it contains NUL bytes)",
            "a .mo file is the compiled form: give the .po file",
            text.count("\n", 0, text.index("\x00")) + 1,
        )
    syntax = po_syntax_problem(text)
    if syntax is not None:
        line, column, what = syntax
        return problem(
            f"not a readable PO file: {what}",
            "compare with a file eventkit wrote (eventkit translations EVENT --language LANG)",
            line,
            column,
        )
    from babel.messages.pofile import PoFileError, read_po

    try:
        catalogue = read_po(io.StringIO(text.removeprefix("\ufeff")), abort_invalid=True)
    except PoFileError as exc:
        reason = str(exc).rsplit(" on ", 1)[0]
        return problem(
            f"not a readable PO file: {reason}",
            "compare with a file eventkit wrote (eventkit translations EVENT --language LANG)",
            exc.lineno or 0,
        )
    except (ValueError, TypeError, IndexError, UnicodeError, RecursionError) as exc:
        return problem(f"not a readable PO file: {exc}")
    result.header = {key.lower(): value for key, value in catalogue.mime_headers}
    written_for = result.header.get("language", "").strip()
    from .labels import primary_language

    if written_for and primary_language(written_for) != primary_language(language):
        return problem(
            f"is a translation into '{written_for}', not '{language}' (its header says Language: {written_for})",
            f"name it {path.with_name(path.name.replace(language, written_for))}, or correct its header",
        )
    for message in catalogue:
        if not message.id or not isinstance(message.id, str):
            continue  # the header; plural entries (tuples) are not eventkit's
        translation = message.string if isinstance(message.string, str) else ""
        paths = tuple(c.strip() for comment in message.auto_comments for c in comment.split(",") if c.strip())
        result.entries[message.id] = Entry(message.id, translation, paths, message.lineno or 0, message.fuzzy)
    return result


_KEYWORD = re.compile(r'(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+("(?:[^"\\]|\\.)*")[ \t]*')
_CONTINUATION = re.compile(r'("(?:[^"\\]|\\.)*")[ \t]*')


def po_syntax_problem(text: str) -> tuple[int, int, str] | None:
    """(line, column, what) for the first line that is not PO, or for a text translated twice; None when the file
    reads as PO. (Babel's reader passes over an unterminated string or a second entry for one text in silence.)"""
    seen: dict[tuple[str, str], int] = {}
    context, keyword, value, start = "", "", "", 0

    def finish() -> tuple[int, int, str] | None:
        if keyword == "msgid" and value:
            key = (context, value)
            if key in seen:
                return start, 1, f"the text {value[:60]!r} has two entries (also line {seen[key]})"
            seen[key] = start
        return None

    for number, line in enumerate(text.removeprefix("\ufeff").split("\n"), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _KEYWORD.fullmatch(stripped)
        if match:
            duplicate = finish()
            if duplicate:
                return duplicate
            if keyword.startswith("msgstr") and match.group(1) != keyword and not match.group(1).startswith("msgstr"):
                context = ""
            keyword, value, start = match.group(1), _unquote(match.group(2)), number
            if keyword == "msgctxt":
                context = value
            continue
        match = _CONTINUATION.fullmatch(stripped)
        if match and keyword:
            value += _unquote(match.group(1))
            continue
        column = len(line) - len(line.lstrip()) + 1
        if stripped.startswith(('"', "msg")):
            return number, column, "a quoted text is not closed, or has unescaped quotes"
        return number, column, f"'{stripped[:40]}' is neither a msgid, a msgstr nor a \"quoted\" continuation"
    return finish()


def _unquote(quoted: str) -> str:
    return quoted[1:-1]


def write_translation_file(
    path: Path,
    language: str,
    entries: list[Entry],
    *,
    project: str,
    source_name: str,
    lines: dict[str, int],
    previous: dict[str, str] | None = None,
    header: dict[str, str] | None = None,
    contact: str = "",
) -> bytes:
    """The PO text of ``entries`` (in this order): each with its paths as ``#.`` comments and ``#: <event file>:<line>``
    references (``lines``: path → line in the event file), fuzzy ones with their ``previous`` original
    (``#| msgid``). ``header`` keeps the fields a translator's tool put in the file's header (Last-Translator ...)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    comment = (
        f"# Translations of {source_name} into '{language}' for eventkit: each msgid is a text of the event,\n"
        f"# its msgstr the translation; the #. lines say where the text is used."
    )
    import datetime as dt

    now = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    catalogue = Catalog(
        locale=None,
        header_comment=comment,
        project=project,
        version="",
        fuzzy=False,
        charset="utf-8",
        msgid_bugs_address=contact,
        creation_date=now,
        revision_date=now,
    )
    catalogue.language_team = (header or {}).get("language-team", "")
    catalogue.last_translator = (header or {}).get("last-translator", "")
    for entry in entries:
        locations = sorted({(source_name, lines[p]) for p in entry.paths if lines.get(p)}, key=lambda loc: loc[1])
        catalogue.add(
            entry.original,
            entry.translation,
            locations=locations,
            auto_comments=list(entry.paths),
            flags=["fuzzy"] if entry.fuzzy else [],
            previous_id=(previous or {}).get(entry.original) or (),
        )
    out = io.BytesIO()
    write_po(out, catalogue, width=0, include_previous=True, omit_header=False)
    text = out.getvalue().decode("utf-8")
    # Babel writes Language only for a locale it knows; a translator's tool needs it for any tag.
    text = (
        text.replace('"MIME-Version: 1.0\\n"', f'"Language: {language}\\n"\n"MIME-Version: 1.0\\n"', 1)
        if '"Language: ' not in text
        else text
    )
    return text.encode("utf-8")
