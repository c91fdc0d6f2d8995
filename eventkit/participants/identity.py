"""Who a row of an export (a registration, an attendance report, a reply) means: one person of the event file, a
new person, or a question for the organiser.

People are matched by their e-mail address first (compared in a normal form: NFKC, case-folded). A name is only a
fallback, compared as a *name key*: NFKC, case-folded, the words in any order, and the marks that are optional in
writing dropped — accents on Latin letters ("Élise" is "Elise"), Greek tonos, Cyrillic diaeresis (ё/е), Arabic
and Hebrew vowel points — while the marks that make up the letters of other scripts (Devanagari vowel signs,
Thai) are kept. Nothing is ever folded to ASCII, so names in different scripts never meet, and a key too short to
say who someone is (empty, one letter, "Li") matches nothing.

A match is *ambiguous* when a name fits two people, or fits a person whose e-mail is another one (the same person
with a new address, or a namesake?). Ambiguous matches are never applied: the caller lists them, located, and the
organiser chooses with ``--match FILE:LINE=ID`` (or ``=new``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

# Scripts whose combining marks are optional in writing (accents, tonos, vowel points): dropped from name keys.
# For Cyrillic only the diaeresis (ё → е): й keeps its breve (a letter of its own, never left out).
_FOLDED_SCRIPTS = ("LATIN", "GREEK", "ARABIC", "HEBREW", "SYRIAC", "THAANA")
_CYRILLIC_FOLDED_MARKS = {"\u0308"}
# Letters written with a stroke or a ligature, which no decomposition separates from their base letter.
_STROKES = str.maketrans(
    {
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ħ": "h",
        "Ħ": "h",
        "ı": "i",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "þ": "th",
        "Þ": "th",
        # Arabic letters that Persian and Urdu keyboards write with their own code points
        "\u06cc": "\u064a",
        "\u0649": "\u064a",
        "\u06a9": "\u0643",
        "\u0640": "",
    }
)
# Scripts in which one character is a syllable or a word: two characters can be a whole name (王明, 김민).
_SYLLABIC = ("CJK", "HANGUL", "HIRAGANA", "KATAKANA", "YI ", "ETHIOPIC", "CANADIAN SYLLABICS")
# Scripts written without spaces between words: a name in them is one word, however it is spaced.
_UNSPACED = ("CJK", "HIRAGANA", "KATAKANA")
MIN_LETTERS = 3  # a key with fewer letters (alphabetic scripts) matches nothing
MIN_SYLLABIC_LETTERS = 2  # ... in syllabic and ideographic scripts


def _script(char: str) -> str:
    """The first word of the character's Unicode name: 'LATIN', 'CYRILLIC', 'CJK', 'DEVANAGARI' ... ('' if none)."""
    return unicodedata.name(char, "").split(" ", 1)[0]


def _fold_marks(text: str) -> str:
    """``text`` (NFD) without the marks that are optional in its script; the others are kept."""
    kept: list[str] = []
    base = ""
    for char in text:
        if unicodedata.category(char) in ("Mn", "Me"):
            script = _script(base) if base else ""
            if script in _FOLDED_SCRIPTS or (script == "CYRILLIC" and char in _CYRILLIC_FOLDED_MARKS):
                continue
        else:
            base = char
        kept.append(char)
    return "".join(kept)


def _is_syllabic(char: str) -> bool:
    return unicodedata.name(char, "").startswith(_SYLLABIC)


def _is_unspaced(char: str) -> bool:
    return unicodedata.name(char, "").startswith(_UNSPACED)


def name_key(name: str) -> str:
    """The form in which two names are compared: 'RENATE HELD', 'Held, Renate' and 'Renate  Héld' give one key;
    '王晓明' and 'محمد العلوي' give different, non-empty keys. Words are sorted; a name written only in scripts
    without spaces between words (Chinese, Japanese) is one word whatever its spacing."""
    text = unicodedata.normalize("NFKC", name).translate(_STROKES)
    text = _fold_marks(unicodedata.normalize("NFD", text))
    text = unicodedata.normalize("NFKC", text.casefold().translate(_STROKES))
    words = [
        "".join(c for c in word if unicodedata.category(c)[0] in "LMN")
        for word in re.split(r"[\s\-‐‑–—_.,;:'’\"()\[\]/·・]+", text)
    ]
    words = [w for w in words if w]
    letters = [c for w in words for c in w if unicodedata.category(c)[0] == "L"]
    if letters and all(_is_unspaced(c) for c in letters):
        return "".join(words)
    return " ".join(sorted(words))


def key_is_usable(key: str) -> bool:
    """Whether a name key says enough to match anyone: at least three letters (two in syllabic scripts)."""
    letters = [c for c in key if unicodedata.category(c)[0] == "L"]
    if letters and all(_is_syllabic(c) for c in letters):
        return len(letters) >= MIN_SYLLABIC_LETTERS
    return len(letters) >= MIN_LETTERS


def email_key(address: str) -> str:
    """An e-mail address as compared: NFKC, trimmed, case-folded ('' for none)."""
    return unicodedata.normalize("NFKC", address or "").strip().casefold()


@dataclass(frozen=True)
class Match:
    """Who a row means: ``person`` (an id), or nobody (a new person), or an ambiguity (``candidates`` and ``reason``).
    ``how`` is "email", "name" or "chosen" (--match)."""

    person: str | None = None
    how: str = ""
    candidates: tuple[str, ...] = ()
    reason: str = ""

    @property
    def ambiguous(self) -> bool:
        return bool(self.reason)


@dataclass
class PeopleIndex:
    """The people of an event by e-mail key and name key; :meth:`match` finds who a row means."""

    by_email: dict[str, list[str]] = field(default_factory=dict)
    by_name: dict[str, list[str]] = field(default_factory=dict)
    emails: dict[str, str] = field(default_factory=dict)  # id → e-mail key

    @classmethod
    def of(cls, people: dict[str, dict[str, Any]]) -> PeopleIndex:
        """``people``: {id: {"name": ..., "email": ..., "local_name": ...}} (an event file's [people] tables)."""
        index = cls()
        for pid, values in people.items():
            index.add(pid, values)
        return index

    def add(self, pid: str, values: dict[str, Any]) -> None:
        email = email_key(str(values.get("email", "")))
        if email:
            self._put(self.by_email, email, pid)
            self.emails[pid] = email
        for name in (values.get("name"), values.get("local_name")):
            key = name_key(str(name or ""))
            if key_is_usable(key):
                self._put(self.by_name, key, pid)

    def forget_email(self, pid: str) -> None:
        old = self.emails.pop(pid, "")
        if old and pid in self.by_email.get(old, []):
            self.by_email[old].remove(pid)

    @staticmethod
    def _put(table: dict[str, list[str]], key: str, pid: str) -> None:
        ids = table.setdefault(key, [])
        if pid not in ids:
            ids.append(pid)

    def match(
        self, email: str, names: list[str] | tuple[str, ...], taken: frozenset[str] | set[str] = frozenset()
    ) -> Match:
        """The person a row with this e-mail and these names (a name and its other spellings) means.

        ``taken``: people already claimed by another row through their e-mail (a name then cannot mean them)."""
        address = email_key(email)
        if address and self.by_email.get(address):
            ids = self.by_email[address]
            if len(ids) == 1:
                return Match(ids[0], "email")
            named = [pid for pid in ids if any(pid in self.by_name.get(name_key(n), []) for n in names)]
            if len(named) == 1:
                return Match(named[0], "email")
            return Match(None, "email", tuple(ids), f"the e-mail {email} belongs to {len(ids)} people")
        found: list[str] = []
        for name in names:
            key = name_key(name or "")
            if not key_is_usable(key):
                continue
            for pid in self.by_name.get(key, []):
                if pid not in found and pid not in taken:
                    found.append(pid)
            if found:
                break
        if not found:
            return Match()
        shown = names[0] if names else ""
        if len(found) > 1:
            return Match(None, "name", tuple(found), f"the name {shown!r} fits {len(found)} people")
        other = self.emails.get(found[0], "")
        if address and other and other != address:
            return Match(
                None,
                "name",
                tuple(found),
                f"the name {shown!r} fits people.{found[0]}, whose e-mail is another ({other})",
            )
        return Match(found[0], "name")


# ------------------------------------------------------------------ explicit choices (--match)

NEW = "new"


@dataclass(frozen=True)
class Choice:
    """``--match FILE:LINE=ID``: the row at that line of that file means person ID (or a new person: ``new``)."""

    file: str  # as written ("" when only a line was given)
    line: int
    person: str

    def fits(self, file: str, line: int) -> bool:
        if line != self.line:
            return False
        if not self.file:
            return True
        from pathlib import Path

        return file == self.file or Path(file).name == self.file or Path(file) == Path(self.file)


def parse_choices(items: tuple[str, ...] | list[str]) -> list[Choice]:
    """``--match`` options → choices; ValueError naming the malformed one."""
    choices = []
    for item in items:
        where, sep, person = item.rpartition("=")
        file, _, line = where.rpartition(":")
        person = person.strip()
        if not sep or not line.strip().isdecimal() or not person or not line.strip().isascii():
            raise ValueError(f"'{item}' is not FILE:LINE=ID (e.g. regs.csv:17=held, or regs.csv:17=new)")
        choices.append(Choice(file.strip(), int(line), person))
    return choices


def chosen(choices: list[Choice], file: str, line: int) -> Choice | None:
    return next((c for c in choices if c.fits(file, line)), None)
