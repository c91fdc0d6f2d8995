"""Spreadsheets exported by registration and meeting platforms (CSV in any common encoding, or XLSX) → rows of
known fields, each row knowing where it came from.

Exports are messy: Excel writes "CSV" in Windows-1252 (or UTF-8 with a BOM, with commas or semicolons
depending on the locale) and "Unicode text" as tab-separated UTF-16 with a BOM; Zoom puts a few lines of
meeting details above the real header row; forms label their columns in English or French. This module finds
the encoding, the delimiter and the header row, recognises the columns from their headers, and returns rows
whose problems can be reported as ``regs.csv:17: Email: ...``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EventFileError, Problem
from ..user_files import UnreadableFile, read_user_file
from .xlsx_reading import xlsx_records

MAX_TABLE_BYTES = 32 * 1024 * 1024
MAX_ROWS = 50_000  # people in one export

# Field → headers that mean it (compared after folding: lower case, no accents, punctuation as spaces).
FIELD_HEADERS: dict[str, tuple[str, ...]] = {
    "first_name": ("first name", "firstname", "given name", "given names", "forename", "prenom", "prenoms"),
    "last_name": ("last name", "lastname", "surname", "family name", "nom", "nom de famille"),
    "name": (
        "name",
        "full name",
        "participant",
        "participant name",
        "attendee name",
        "nom complet",
        "name original name",
        "user name original name",
        "user name",
        "display name",
        "nom et prenom",
        "prenom et nom",
        "nom prenom",
    ),
    "email": (
        "email",
        "e mail",
        "email address",
        "e mail address",
        "courriel",
        "adresse courriel",
        "mail",
        "adresse e mail",
        "adresse electronique",
        "adresse mail",
        "user email",
        "participant email",
        "attendee email",
        "mel",
    ),
    "honorific": (
        "salutation",
        "civilite",
        "honorific",
        "prefix",
        "courtesy title",
        "titre de civilite",
        "form of address",
        "appellation",
    ),
    "title": (
        "title",
        "job title",
        "function",
        "position",
        "fonction",
        "titre",
        "poste",
        "intitule du poste",
        "job function",
        "designation",
    ),
    "organisation": (
        "organisation",
        "organization",
        "org",
        "company",
        "institution",
        "organisme",
        "entreprise",
        "agency",
        "ministry",
        "affiliation",
        "employer",
        "organisation institution",
        "organization institution",
        "company name",
    ),
    "country": (
        "country",
        "pays",
        "country region",
        "country region name",
        "country of residence",
        "pays de residence",
        "state",
    ),
    "delegation": ("delegation", "group", "member state", "etat membre", "delegation group"),
    "category": (
        "category",
        "participant category",
        "participant type",
        "type of participant",
        "categorie",
        "categorie de participant",
        "categorie de participants",
        "type de participant",
        "delegation category",
    ),
    "join": (
        "join time",
        "joined",
        "join",
        "first join",
        "heure d arrivee",
        "heure de connexion",
        "heure d entree",
        "connexion",
    ),
    "leave": (
        "leave time",
        "left",
        "leave",
        "last leave",
        "heure de depart",
        "heure de deconnexion",
        "heure de sortie",
        "deconnexion",
    ),
    "minutes": (
        "duration minutes",
        "duration",
        "time in session minutes",
        "minutes",
        "duree minutes",
        "duree",
        "temps de presence minutes",
        "attendance duration minutes",
    ),
    "attended": ("attended", "present", "presence", "a participe"),
    # Zoom "Approval Status", Webex "Registration Status", Indico "Registration state", Eventbrite "Attendee Status"
    "registration": (
        "approval status",
        "registration status",
        "registration state",
        "attendee status",
        "approval",
        "status",
        "statut",
        "statut de l inscription",
        "etat de l inscription",
        "statut d approbation",
        "etat",
        "state of registration",
    ),
    "role": ("role", "user role", "participant role", "attendee type", "user type", "role in meeting"),
}
FIELDS = tuple(FIELD_HEADERS)
IGNORE = "ignore"
IDENTITY_FIELDS = {"first_name", "last_name", "name", "email"}
# What forms write in their own Name and Email columns when the respondent is not signed in.
ANONYMOUS = {"anonymous", "anonyme", "anonym"}
# Microsoft Forms' own columns (ID, Start time, Completion time, Email, Name, Last modified time) come before the
# form's questions; its Email and Name say "anonymous" unless people signed in, so the questions' columns win.
FORMS_SIGNATURE = {"start time", "completion time"}
FORMS_OWN_COLUMNS = {"email", "name"}
# Section titles of Zoom's webinar reports above the rows of hosts and panelists ("Host Details", "Panelist
# Details"), and the role each gives its rows.
SECTION_ROLES = {
    "host": "host",
    "hosts": "host",
    "panelist": "panelist",
    "panelists": "panelist",
    "co host": "host",
    "organizer": "host",
    "organiser": "host",
}
# Headers of the meeting's own details (Zoom puts a "Meeting ID, Topic, ... User Email" table above the people):
# the rows under such a header are not people.
DETAIL_HEADERS = {"meeting id", "webinar id", "topic", "id de reunion", "sujet", "meeting number"}


def fold(text: str) -> str:
    """'Prénom ' → 'prenom', 'E-mail Address' → 'e mail address', 'Name (Original Name)' → 'name original name'."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain.replace("\u2019", "'").replace("'", " ")).split())


HEADER_INDEX = {header: name for name, headers in FIELD_HEADERS.items() for header in headers}


class TableFileError(EventFileError):
    """A spreadsheet (or what it would do to the event file) has errors; ``problems`` lists them all."""


@dataclass(frozen=True)
class Row:
    file: str
    line: int
    values: dict[str, str]  # field → the cell's text, stripped (only recognised, non-empty cells)
    headers: dict[str, str]  # field → its column's header as written

    def get(self, name: str) -> str:
        return self.values.get(name, "")

    def problem(self, name: str, message: str, hint: str = "", severity: str = "error") -> Problem:
        """A problem with this row's cell of field ``name``, located by the row's line and the column's header."""
        return Problem(self.file, self.line, 0, self.headers.get(name, ""), message, hint, severity)


@dataclass
class Table:
    file: str
    rows: list[Row] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # field → header, as recognised
    ignored: list[str] = field(default_factory=list)  # headers that mean nothing to eventkit
    encoding: str = ""  # for CSV: the encoding that was found
    delimiter: str = ""
    sha256: str = ""  # of the file's bytes (an attendance record's source)


def parse_mapping(items: tuple[str, ...] | list[str]) -> dict[str, str]:
    """``--map "Column header=field"`` options → {folded header: field}; ValueError when malformed."""
    mapping = {}
    for item in items:
        header, sep, name = item.rpartition("=")
        name = name.strip().lower().replace("-", "_")
        if not sep or not header.strip():
            raise ValueError(f"'{item}' is not \"Column header=field\"")
        if name not in FIELDS and name != IGNORE:
            raise ValueError(f"'{name}' is not a field; choose from {', '.join(FIELDS)} or {IGNORE}")
        mapping[fold(header)] = name
    return mapping


def read_table(path: Path | str, mapping: dict[str, str] | None = None) -> Table:
    """Read a CSV or XLSX export; raise :class:`TableFileError` when it cannot be read or has no header row."""
    path = Path(path)
    name = str(path)

    def fail(message: str, hint: str = "") -> TableFileError:
        return TableFileError([Problem(name, 0, 0, "", message, hint)])

    try:
        raw = read_user_file(path, MAX_TABLE_BYTES, "a spreadsheet")
    except UnreadableFile as exc:
        raise fail(exc.message) from exc
    import hashlib

    digest = hashlib.sha256(raw).hexdigest()
    if raw.startswith(b"PK\x03\x04"):
        table = Table(name, sha256=digest)
        records: Iterable[tuple[int, list[str]]] = xlsx_records(raw, fail, _cell_text)
    elif raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise fail("is an old Excel .xls file", "save it as .xlsx or CSV")
    else:
        text, encoding = decode(raw, name)
        delimiter = sniff_delimiter(text)
        table = Table(name, encoding=encoding, delimiter=delimiter, sha256=digest)
        records = _csv_records(text, delimiter, name)
    headers_seen = _fill(table, records, mapping or {})
    missing = [header for header in (mapping or {}) if header not in headers_seen]
    if missing and table.columns:
        raise fail(
            f"--map names a column that is not in the header row: {', '.join(missing)}",
            "headers found: " + ", ".join([*table.columns.values(), *table.ignored]),
        )
    if not table.columns:
        raise fail(
            "no header row with a name or e-mail column was found",
            'name the columns (e.g. "First name", "Last name", "Email") or use --map "Header=field"',
        )
    return table


def decode(raw: bytes, name: str = "") -> tuple[str, str]:
    """Text and the encoding found: UTF-8 (BOM or not), UTF-16 (BOM, or NUL bytes), else Windows-1252.

    A file that is UTF-8 except for some lines (a row pasted from a Windows program) is neither: reading it all as
    Windows-1252 would garble every accented name ('MÃ¼ller'), so it is a TableFileError at the first such line."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        try:
            return raw.decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise _mixed_encoding(raw, exc, name) from exc
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace").lstrip("\ufeff"), "utf-16"
    head = raw[:2000]
    if head and head.count(b"\x00") > len(head) // 4:
        odd = head[1::2].count(b"\x00") > head[0::2].count(b"\x00")
        encoding = "utf-16-le" if odd else "utf-16-be"
        return raw.decode(encoding, errors="replace"), encoding
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if _has_utf8_sequences(raw):
            raise _mixed_encoding(raw, exc, name) from exc
        return raw.decode("cp1252", errors="replace"), "cp1252"


_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _has_utf8_sequences(raw: bytes) -> bool:
    """Whether the bytes hold UTF-8 multi-byte characters (Windows-1252 text almost never does: 'Ã©' is rare)."""
    return _UTF8_SEQUENCE.search(raw) is not None


def _mixed_encoding(raw: bytes, exc: UnicodeDecodeError, name: str) -> TableFileError:
    line = raw.count(b"\n", 0, exc.start) + 1
    start = raw.rfind(b"\n", 0, exc.start) + 1
    guess = raw[exc.start : exc.start + 1].decode("cp1252", errors="replace")
    return TableFileError(
        [
            Problem(
                name,
                line,
                0,
                "",
                f"this line is not UTF-8 like the rest of the file (byte "
                f"0x{raw[exc.start]:02x} at column {exc.start - start + 1}, {guess!r} in "
                "Windows-1252?); the file mixes two encodings",
                'open it in the spreadsheet program, correct the names on this line and save it again as "CSV UTF-8"',
            )
        ]
    )


def sniff_delimiter(text: str) -> str:
    """The delimiter of a CSV text: tab, semicolon, comma or pipe, whichever splits the lines most consistently."""
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    best, best_score = ",", -1.0
    for delimiter in ("\t", ";", ",", "|"):
        counts = [len(next(csv.reader([line], delimiter=delimiter))) - 1 for line in lines]
        if not counts or max(counts) == 0:
            continue
        widest = max(counts)
        score = sum(1 for c in counts if c == widest) * widest  # many lines with the same, high column count
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_records(text: str, delimiter: str, name: str) -> Iterator[tuple[int, list[str]]]:
    """(line where the record starts, cells) for each record; a located error for quoting the reader cannot follow
    (a quoted cell never closed would otherwise swallow the rest of the file into one name)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    previous = 0
    try:
        for cells in reader:
            yield previous + 1, cells
            previous = reader.line_num
    except csv.Error as exc:
        raise TableFileError(
            [
                Problem(
                    name,
                    previous + 1,
                    0,
                    "",
                    f"the CSV cannot be read from here: {exc}",
                    "a quoted cell ends with a quote before the next comma or line; "
                    "save the file again from the spreadsheet",
                )
            ]
        ) from exc


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_ZONE_SUFFIX = re.compile(r"\s*\((?:UTC|GMT)[^)]*\)\s*$|\s*\([A-Za-z]+/[A-Za-z_/+-]+\)\s*$", re.I)


def _recognise(cells: list[str], mapping: dict[str, str]) -> dict[int, str]:
    """Column index → field, for a candidate header row (the first column that means a field wins, except that
    Microsoft Forms' own Email and Name columns lose to the form's questions asking for them)."""
    folded = [fold(cell) for cell in cells]
    forms = FORMS_SIGNATURE <= set(folded)
    found: dict[int, str] = {}
    own: dict[int, str] = {}
    for index, key in enumerate(folded):
        name = mapping.get(key) or HEADER_INDEX.get(key) or HEADER_INDEX.get(fold(_ZONE_SUFFIX.sub("", cells[index])))
        if not name or name == IGNORE:
            continue
        if forms and key in FORMS_OWN_COLUMNS and key not in mapping:
            own[index] = name
        elif name not in found.values():
            found[index] = name
    answered = set(found.values())
    for index, name in own.items():
        if name not in answered and not (name == "name" and {"first_name", "last_name"} & answered):
            found[index] = name
    return dict(sorted(found.items()))


def _is_header(found: dict[int, str]) -> bool:
    return len(found) >= 2 and bool(IDENTITY_FIELDS & set(found.values()))


def _fill(table: Table, records: Iterable[tuple[int, list[str]]], mapping: dict[str, str]) -> set[str]:
    """Find the header row (the first with a name or e-mail column and one more known column; Zoom's reports
    have meeting details above it and may start a new section with a new header row), then read the rows."""
    headers: dict[int, str] = {}
    header_cells: list[str] = []
    seen: set[str] = set()  # folded headers of every header row
    section_role = ""  # "host" or "panelist" under Zoom's "Host Details" / "Panelist Details"
    stripped = [(line, [c.strip() for c in cells]) for line, cells in records]
    rows = [(line, cells) for line, cells in stripped if any(cells)]
    for position, (line, cells) in enumerate(rows):
        found = _recognise(cells, mapping)
        if _is_header(found) and DETAIL_HEADERS & {fold(cell) for cell in cells}:
            headers = {}  # the meeting's details: skip its rows until the next header row
            continue
        if _is_header(found):
            headers, header_cells = found, cells
            seen.update(fold(cell) for cell in cells)
            for index, name in found.items():
                table.columns.setdefault(name, cells[index])
            for cell in cells:
                if (
                    cell
                    and _recognise([cell], mapping) == {}
                    and cell not in table.ignored
                    and fold(cell) not in mapping
                ):
                    table.ignored.append(cell)
            continue
        following = rows[position + 1][1] if position + 1 < len(rows) else []
        if sum(1 for c in cells if c) == 1 and cells[0] and _is_header(_recognise(following, mapping)):
            title = fold(cells[0]).removesuffix(" details").removesuffix(" detail")
            section_role = SECTION_ROLES.get(title, "")
            continue  # a section title ("Attendee Details", "Host Details") above the next header row
        if not headers:
            continue
        values = {name: cells[index] for index, name in headers.items() if index < len(cells) and cells[index]}
        for name in ("email", "name"):
            if fold(values.get(name, "")) in ANONYMOUS:
                del values[name]
        renamed = re.fullmatch(r"(.+?)\s*\((.+)\)", values.get("name", ""))
        if renamed and "original name" in fold(header_cells[_index_of(headers, "name")]):
            values["name"] = renamed.group(2).strip()  # Zoom: "Display name (Original Name)" → the original name
        if section_role and not values.get("role"):
            values["role"] = section_role
        table.rows.append(Row(table.file, line, values, {name: header_cells[i] for i, name in headers.items()}))
        if len(table.rows) > MAX_ROWS:
            raise TableFileError(
                [
                    Problem(
                        table.file,
                        line,
                        0,
                        "",
                        f"has more than {MAX_ROWS:,} rows (eventkit reads at most {MAX_ROWS:,} people from one file)",
                        "split the export",
                    )
                ]
            )
    return seen


def _index_of(headers: dict[int, str], name: str) -> int:
    return next(index for index, field_name in headers.items() if field_name == name)
