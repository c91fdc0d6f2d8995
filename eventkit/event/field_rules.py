"""Limits of the event file's values that no type annotation expresses: what a one-line text field may hold,
how long ids and addresses may be, what a language tag looks like, and how deeply TOML may nest.

Every rule here answers "what is wrong, and how to fix it" as a ``(message, hint)`` pair (or a
:class:`~eventkit.errors.Problem` for the file as a whole); :mod:`eventkit.event.load` locates it.
The principle: whatever ``eventkit check`` accepts, every command must handle — a name with a line break
would become a second e-mail header, so it is refused here rather than crash (or inject) later.
"""

from __future__ import annotations

import datetime as dt
import re

from ..errors import Problem

# One-line fields (names, titles, ids, e-mails ...): no C0/C1 control character (line breaks and tabs
# included) and no Unicode line or paragraph separator. Multi-line (Markdown) fields may hold line breaks
# and tabs. Neither may hold U+FFFE/U+FFFF, which XML (and so DOCX) cannot carry.
SINGLE_LINE_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
MULTI_LINE_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")  # ids of people, sessions, events

MAX_LINE_CHARS = 1_000  # a one-line field
MAX_ID_CHARS = 64  # ids become file names (sessions/<id>.ics) and invite UIDs
MAX_EMAIL_CHARS = 254  # RFC 5321's limit for an address
MAX_NESTING = 100  # arrays and inline tables inside each other

# Dates: every date of an event file lies in these years. Time-zone rules are reliable from 1970 on (the
# invites' VTIMEZONE starts its observances then) and a calendar program has no use for a meeting centuries
# ahead; a date outside them (9999-12-31, 0001-01-01) is a typing slip that no later stage should meet.
FIRST_YEAR = 1970
LAST_YEAR = 2200
MAX_EVENT_DAYS = 366  # date .. end_date: every day is laid out (agenda days, invite overrides)

LINE_BREAKS = {
    "\n": "a line break (LF)",
    "\r": "a line break (CR)",
    "\u2028": "a line separator (U+2028)",
    "\u2029": "a paragraph separator (U+2029)",
    "\x85": "a line break (NEL, U+0085)",
    "\t": "a tab",
}


# Fields that become a calendar invite's CN parameter (ATTENDEE, ORGANIZER). RFC 5545 gives parameter values
# no escapes, but ical.js and icalendar read a backslash in them as one (ical.js turns "\N" into a line
# break), so a backslash there cannot reach every calendar intact.
CALENDAR_NAME_FIELDS = {"Person": ("name", "honorific"), "Organiser": ("name", "office")}

# Fields that become e-mail headers (the Subject, the From and To display names). Python's e-mail package
# decodes an RFC 2047 encoded word found in a value it is given ("=?utf-8?q?a=0D=0ABcc:...?="), which
# would put a line break, and so a header of the attacker's choosing, into the message; mail programs
# would decode such a text too. So these fields cannot hold "=?".
MAIL_HEADER_FIELDS = {"EventInfo": ("title",), "Person": ("name", "honorific"), "Organiser": ("name", "office")}


def text_problem(value: str, *, multiline: bool, required: bool, name: str, table: str = "") -> tuple[str, str] | None:
    """What is wrong with a text value for a field called ``name`` of the model class ``table`` (None when nothing is)."""
    if required and not value.strip():
        return "must not be empty", f"write the {name.replace('_', ' ')} between the quotes"
    forbidden = MULTI_LINE_FORBIDDEN if multiline else SINGLE_LINE_FORBIDDEN
    bad = forbidden.search(value)
    if bad:
        char = bad.group()
        if char in LINE_BREAKS:
            what = LINE_BREAKS[char]
            hint = (
                "this field is one line; only the Markdown fields (bio, lead, notes, background ...) may span lines"
                if char != "\t"
                else "use a space"
            )
            return f"contains {what} at character {bad.start() + 1}", hint
        return f"text contains the control character U+{ord(char):04X} at character {bad.start() + 1}", "remove it"
    if "\\" in value and name in CALENDAR_NAME_FIELDS.get(table, ()):
        return (
            f"contains a backslash at character {value.index(chr(92)) + 1}",
            "calendar invites cannot carry a backslash in a name reliably; use '/' or remove it",
        )
    if "=?" in value and name in MAIL_HEADER_FIELDS.get(table, ()):
        return (
            f"contains '=?' at character {value.index('=?') + 1}",
            "e-mail programs read '=?...?=' as an encoded word (RFC 2047); write '= ?' or remove it",
        )
    if not multiline:
        limit = MAX_ID_CHARS if name == "id" else MAX_EMAIL_CHARS if name == "email" else MAX_LINE_CHARS
        if len(value) > limit:
            return f"is too long ({len(value):,} characters; this field holds at most {limit:,})", ""
    return None


# ------------------------------------------------------------------ BCP 47 language tags (RFC 5646, section 2.1)

_ALNUM = "[a-z0-9]"
_LANGTAG = (
    r"(?P<language>[a-z]{2,3}(?:-[a-z]{3}){0,3})"  # 4- and 5-8-letter languages: none is registered
    r"(?:-[a-z]{4})?"  # script
    r"(?:-(?:[a-z]{2}|[0-9]{3}))?"  # region
    rf"(?:-(?:{_ALNUM}{{5,8}}|[0-9]{_ALNUM}{{3}}))*"  # variants
    rf"(?:-[0-9a-wyz](?:-{_ALNUM}{{2,8}})+)*"  # extensions
    rf"(?:-x(?:-{_ALNUM}{{1,8}})+)?"  # private use
)
LANGUAGE_TAG = re.compile(rf"(?i)(?:{_LANGTAG}|x(?:-{_ALNUM}{{1,8}})+)")
_GRANDFATHERED = {
    "en-gb-oed",
    "i-ami",
    "i-bnn",
    "i-default",
    "i-enochian",
    "i-hak",
    "i-klingon",
    "i-lux",
    "i-mingo",
    "i-navajo",
    "i-pwn",
    "i-tao",
    "i-tay",
    "i-tsu",
    "sgn-be-fr",
    "sgn-be-nl",
    "sgn-ch-de",
}


def language_tag_problem(tag: str) -> tuple[str, str] | None:
    """None when ``tag`` is a well-formed BCP 47 language tag ("en", "fr-CH", "zh-Hans-CN"), else (message, hint).

    Well-formed per RFC 5646's grammar, except that the primary language has two or three letters (no
    four- or five-to-eight-letter language subtag is registered, and "english" is a name, not a tag)."""
    if LANGUAGE_TAG.fullmatch(tag) or tag.lower() in _GRANDFATHERED:
        return None
    return f"'{tag}' is not a BCP 47 language tag", _suggest_language(tag)


def _suggest_language(text: str) -> str:
    """'did you mean 'en'?' for 'english!!' or 'en_GB' (through Babel's language names, when Babel is installed)."""
    default = "write a tag like 'en', 'fr', 'es-419' or 'zh-Hans'"
    candidate = text.strip().replace("_", "-")
    if candidate != text and LANGUAGE_TAG.fullmatch(candidate):
        return f"did you mean '{candidate}'?"
    words = re.sub(r"[^\w\s]", " ", text).split()
    try:
        from babel import Locale

        names = Locale("en").languages
    except Exception:  # Babel is optional here: without it there is only the generic hint
        return default
    by_name = {name.lower(): code for code, name in names.items()}
    for word in (" ".join(words), *words):
        code = by_name.get(word.lower())
        if code:
            return f"did you mean '{code.replace('_', '-')}'?"
    return default


# ------------------------------------------------------------------ nesting deeper than the TOML parser can follow

_TOKENS = re.compile(
    r'"""[\s\S]*?"""(?!")|\'\'\'[\s\S]*?\'\'\'(?!\')|"(?:\\.|[^"\\\n])*"|\'[^\'\n]*\'|#[^\n]*|[\[\]{}]'
)


def nesting_problem(name: str, source: str) -> Problem:
    """The located error for a file whose arrays or inline tables nest too deeply for the parser
    (Python's ``tomllib`` recurses once per level and stops with a RecursionError)."""
    depth, start = 0, 0
    for token in _TOKENS.finditer(source):
        char = token.group()
        if char in "[{":
            if depth == 0:
                start = token.start()  # the value's first bracket: the error points there, where its key is
            depth += 1
            if depth > MAX_NESTING:
                line = source.count("\n", 0, start) + 1
                return Problem(
                    name,
                    line,
                    start - source.rfind("\n", 0, start),
                    "",
                    f"arrays or inline tables are nested more than {MAX_NESTING} levels deep in this value",
                    "an event file needs at most three or four levels",
                )
        elif char in "]}":
            depth = max(depth - 1, 0)
    return Problem(
        name,
        1,
        1,
        "",
        "arrays or inline tables are nested too deeply to be read",
        "an event file needs at most three or four levels",
    )


def date_problem(value: dt.date) -> tuple[str, str] | None:
    """What is wrong with a date of the event file (None when it lies in FIRST_YEAR .. LAST_YEAR)."""
    if FIRST_YEAR <= value.year <= LAST_YEAR:
        return None
    return (f"{value.isoformat()} is outside the years eventkit handles ({FIRST_YEAR}-{LAST_YEAR})", "check the year")


def event_days_problem(first: dt.date, last: dt.date) -> tuple[str, str] | None:
    """An event from ``first`` to ``last`` longer than MAX_EVENT_DAYS (None when it is not)."""
    days = (last - first).days + 1
    if days <= MAX_EVENT_DAYS:
        return None
    return (
        f"the event would last {days:,} days ({first.isoformat()} to {last.isoformat()}); at most {MAX_EVENT_DAYS}",
        "check end_date's year; a series of meetings is one event file per meeting",
    )
