"""The fixed words of the documents ("Agenda", "Moderated by" ...), looked up by key.

Templates never hold fixed words: they call ``label("key")``. English is the default; the catalogues of the other
languages and the event file's overrides are looked up first (see ``label_for``).
"""
from __future__ import annotations

ENGLISH: dict[str, str] = {
    # the programme: agenda columns, day headings, parallel sessions (issue #14)
    "agenda_time": "Time",
    "agenda_session": "Session",
    "agenda_people": "Speakers",
    "agenda_overview": "Agenda overview",
    "day_heading": "Day {number} \u2014 {date}",
    "parallel_sessions": "Parallel sessions",
    "practical_details": "Date, time and venue",
    "label_date": "Date",
    "label_time": "Time",
    "label_venue": "Venue",
    "label_platform": "Platform",
    "label_interpretation": "Interpretation",
    "join_link": "join link",
    "each_day": "each day",
    # roles of people in a session: singular and plural (eventkit/event/roles.py)
    "role_chair": "Chair", "role_chair_plural": "Chairs",
    "role_co_chair": "Co-chair", "role_co_chair_plural": "Co-chairs",
    "role_moderator": "Moderator", "role_moderator_plural": "Moderators",
    "role_facilitator": "Facilitator", "role_facilitator_plural": "Facilitators",
    "role_keynote": "Keynote speaker", "role_keynote_plural": "Keynote speakers",
    "role_speaker": "Speaker", "role_speaker_plural": "Speakers",
    "role_panellist": "Panellist", "role_panellist_plural": "Panellists",
    "role_discussant": "Discussant", "role_discussant_plural": "Discussants",
    "role_rapporteur": "Rapporteur", "role_rapporteur_plural": "Rapporteurs",
    # protocol: e-mail salutations by honorific ({name} is the full name)
    "salutation": "Dear {name},",
    "salutation_he": "Excellency,",
    "also_taking_part": "Also taking part",
    "session_cancelled": "cancelled",
    "session_tentative": "to be confirmed",
}


def label_for(key: str, language: str = "en") -> str:
    """The text of a fixed label in ``language`` (English where no translation exists)."""
    try:
        return ENGLISH[key]
    except KeyError:
        raise KeyError(f"no label '{key}' in eventkit/documents/labels.py") from None
