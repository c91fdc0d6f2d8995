"""The fixed words of the documents ("Agenda", "Moderated by" ...), looked up by key.

Templates never hold fixed words: they call ``label("key")``. English is the default; the catalogues of the other
languages and the event file's overrides are looked up first (see ``label_for``).
"""
from __future__ import annotations

ENGLISH: dict[str, str] = {
    "attendees_only_note": "Participants present",
    "other_attendees": "Other participants present",
    "sign_in_sheet": "Sign-in sheet",
    "sign_in_number": "No.",
    "sign_in_name": "Name",
    "sign_in_function": "Function, organisation",
    "sign_in_signature": "Signature",
    "sign_in_others": "Other participants",
    "sign_in_unlisted": "Participants not listed above",
}


def label_for(key: str, language: str = "en") -> str:
    """The text of a fixed label in ``language`` (English where no translation exists)."""
    try:
        return ENGLISH[key]
    except KeyError:
        raise KeyError(f"no label '{key}' in eventkit/documents/labels.py") from None
