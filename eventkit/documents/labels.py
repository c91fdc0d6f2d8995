"""The fixed words of the documents ("Agenda", "Moderated by" ...), looked up by key.

Templates never hold fixed words: they call ``label("key")``. English is the default; the catalogues of the other
languages and the event file's overrides are looked up first (see ``label_for``).
"""
from __future__ import annotations

ENGLISH: dict[str, str] = {
}

# ---- the labels of the minutes, annexes and participant lists (#7)
ENGLISH.update({
    "minutes_heading": "MINUTES",
    "symbol": "Symbol:",
    "issued": "Date of issue:",
    "officer_chair": "Chair:",
    "officer_co_chairs": "Co-chairs:",
    "officer_vice_chairs": "Vice-chairs:",
    "officer_rapporteur": "Rapporteur:",
    "officer_secretariat": "Secretariat:",
    "attendance_present": "Present:",
    "attendance_excused": "Excused:",
    "attendance_absent": "Absent:",
    "participants_count": "{count} participants",
    "item_deferred": "This item was deferred.",
    "item_withdrawn": "This item was withdrawn.",
    "decisions": "Decisions",
    "actions": "Action items",
    "column_number": "No.",
    "column_decision": "Decision",
    "column_item": "Agenda item",
    "column_action": "Action",
    "column_owner": "Owner",
    "column_due": "Due",
    "column_status": "Status",
    "column_delegation": "Delegation",
    "annex_heading": "Annex {number}: {title}",
    "other_participants": "Other participants",
    # the same keys and words as the labels of #8 (participant tables, report)
    "column_name": "Name",
    "column_function": "Function",
    "column_organisation": "Organisation",
    "observer": "(observer)",
    "organiser": "(organiser)",
    "no_named_representatives": "No named representatives.",
    "list_of_participants": "List of participants",
    "agenda": "Agenda",
    "useful_links": "Useful links:",
    "annexes": "Annexes :",
})


def label_for(key: str, language: str = "en") -> str:
    """The text of a fixed label in ``language`` (English where no translation exists)."""
    try:
        return ENGLISH[key]
    except KeyError:
        raise KeyError(f"no label '{key}' in eventkit/documents/labels.py") from None
