"""What one row of a registration export says about a person: their fields, the delegation it names, their
registration status (approved, pending, waitlisted, denied, cancelled) and whether the row is a host's or a
panelist's rather than a registrant's. Every bad cell is a located problem; all rows are checked.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import Problem
from ..event.load import CONTROL_CHARS, EMAIL_PATTERN
from .tabular import Row, Table, fold

MAX_CELL_CHARS = 2000
HONORIFICS = {
    "mr": "Mr.",
    "mister": "Mr.",
    "ms": "Ms.",
    "miss": "Ms.",
    "mrs": "Mrs.",
    "dr": "Dr.",
    "prof": "Prof.",
    "professor": "Prof.",
    "he": "H.E.",
    "h e": "H.E.",
    "s e": "S.E.",
    "his excellency": "H.E.",
    "her excellency": "H.E.",
    "m": "M.",
    "monsieur": "M.",
    "mme": "Mme",
    "madame": "Mme",
    "mlle": "Mlle",
    "son excellence": "S.E.",
    "se": "S.E.",
    "amb": "Amb.",
    "ambassador": "Amb.",
}

# The registration statuses of Zoom ("Approval Status"), Webex, Indico, Eventbrite and forms, by what they mean.
STATUS_WORDS = {
    "approved": (
        "approved",
        "approve",
        "accepted",
        "attending",
        "checked in",
        "registered",
        "complete",
        "completed",
        "confirmed",
        "active",
        "yes",
        "approuve",
        "accepte",
        "inscrit",
        "valide",
        "confirme",
    ),
    "pending": (
        "pending",
        "pending approval",
        "awaiting approval",
        "unpaid",
        "awaiting payment",
        "in review",
        "en attente",
        "a valider",
        "en cours",
    ),
    "waitlisted": ("waitlisted", "waitlist", "wait list", "waiting list", "on waitlist", "liste d attente"),
    "denied": ("denied", "rejected", "declined", "refused", "not approved", "refuse", "rejete"),
    "cancelled": (
        "cancelled",
        "canceled",
        "withdrawn",
        "not attending",
        "refunded",
        "deleted",
        "annule",
        "desinscrit",
        "retire",
    ),
}
STATUS_OF = {fold(word): status for status, words in STATUS_WORDS.items() for word in words}
NOT_IMPORTED = ("denied", "cancelled")
ROLE_WORDS = {
    "host": (
        "host",
        "co host",
        "cohost",
        "alternative host",
        "organizer",
        "organiser",
        "hote",
        "organisateur",
        "co organizer",
    ),
    "panelist": ("panelist", "panellist", "presenter", "speaker", "intervenant", "presentateur", "panel"),
    "": ("attendee", "participant", "guest", "viewer", "invite", "member", ""),
}
ROLE_OF = {fold(word): role for role, words in ROLE_WORDS.items() for word in words}


@dataclass(frozen=True)
class Registration:
    """What one row says about a person."""

    row: Row
    values: dict[str, str]  # person field → value (non-empty only)
    first: str
    last: str
    group: str  # the delegation it names ("" for none)
    category: str = ""  # a new delegation's category ("Member States", "Observers" ...), "" for none
    status: str = ""  # approved, pending, waitlisted, denied, cancelled; "" when the export has no status
    role: str = ""  # "host" or "panelist" for such rows of a webinar report, else ""

    @property
    def registration(self) -> str | None:
        """The person field ``registration`` this row asks for ("" approved), None when the export says nothing."""
        if not self.status:
            return None
        return "" if self.status == "approved" else self.status

    @property
    def shown(self) -> str:
        """'Ms. Jane Doe <jane@example.org>' for messages."""
        name = " ".join(filter(None, (self.values.get("honorific"), self.values.get("name"))))
        return name + (f" <{self.values['email']}>" if self.values.get("email") else "")


def honorific(text: str) -> str:
    return HONORIFICS.get(fold(text), text)


def split_name(row: Row) -> tuple[str, str, str]:
    """(full name, first name, last name) of a row: from 'First name'/'Last name', or split from 'Name'."""
    first, last = row.get("first_name"), row.get("last_name")
    full = " ".join(part for part in (first, last) if part) or row.get("name")
    if first and last and _family_name_first(first + last):
        full = last + first  # 王 + 晓明 → 王晓明, 김 + 민준 → 김민준
    if "," in full and not (first or last):  # 'Held, Renate'
        last, _, first = full.partition(",")
        first, last = first.strip(), last.strip()
        full = f"{first} {last}".strip()
    if not (first or last):
        words = full.split()
        first, last = " ".join(words[:-1]), words[-1] if words else ""
    return " ".join(full.split()), first, last


def _family_name_first(text: str) -> bool:
    """Chinese, Japanese and Korean names: the family name first, without a space."""
    import unicodedata

    letters = [c for c in text if unicodedata.category(c)[0] == "L"]
    return bool(letters) and all(
        unicodedata.name(c, "").startswith(("CJK", "HANGUL", "HIRAGANA", "KATAKANA")) for c in letters
    )


def _title_holds_honorifics(table: Table) -> bool:
    """Some forms call the salutation 'Title' (Mr/Ms): then the column is the honorific, not the function."""
    values = [r.get("title") for r in table.rows if r.get("title")]
    return bool(values) and "honorific" not in table.columns and all(fold(v) in HONORIFICS for v in values)


def _status(row: Row, problems: list[Problem]) -> str:
    text = row.get("registration")
    if not text:
        return "approved" if "registration" in row.headers else ""
    status = STATUS_OF.get(fold(text))
    if status is None:
        problems.append(
            row.problem(
                "registration",
                f"{text!r} is not a registration status eventkit knows "
                "(approved, pending, waitlisted, denied, cancelled)",
                f'to import every row as approved: --map "{row.headers["registration"]}=ignore"',
            )
        )
        return ""
    return status


def registrations(table: Table, group_by: str) -> tuple[list[Registration], list[Problem]]:
    """Every row as a registration, with a located problem for each bad cell (all rows are checked).

    ``group_by``: which column names the delegation — "delegation" (the Delegation column, else the
    organisation: never Zoom's Country/Region), "organisation", "country" or "none"."""
    title_is_honorific = _title_holds_honorifics(table)
    found, problems = [], []
    for row in table.rows:
        values = dict(row.values)
        if title_is_honorific:
            values["honorific"] = values.pop("title")
        bad = False
        for name, text in values.items():
            if CONTROL_CHARS.search(text):
                problems.append(row.problem(name, f"{text!r} contains a control character", "remove it"))
                bad = True
            elif len(text) > MAX_CELL_CHARS:
                problems.append(row.problem(name, f"text is too long ({len(text):,} characters)"))
                bad = True
        full, first, last = split_name(Row(row.file, row.line, values, row.headers))
        email = values.get("email", "")
        if email and not EMAIL_PATTERN.match(email):
            problems.append(row.problem("email", f"'{email}' is not an e-mail address", "write it as name@example.org"))
            bad = True
        if not full:
            where = "email" if email else next(iter(values), "")
            problems.append(row.problem(where, "no name", "fill in the first and last name (or the name) of this row"))
            bad = True
        count = len(problems)
        status = _status(row, problems)
        bad = bad or len(problems) > count
        if bad:
            continue
        person = {"name": full}
        for name in ("title", "organisation", "country"):
            if values.get(name):
                person[name] = " ".join(values[name].split())  # a line break in a cell is a space
        if values.get("honorific"):
            person["honorific"] = honorific(values["honorific"])
        if email:
            person["email"] = email
        group = "" if group_by == "none" else values.get(group_by, "")
        if group_by == "delegation" and "delegation" not in table.columns:
            group = values.get("organisation", "")
        category = " ".join(values.get("category", "").split()) if group else ""
        role = ROLE_OF.get(fold(values.get("role", "")), "")
        found.append(Registration(row, person, first, last, " ".join(group.split()), category, status, role))
    return found, problems
