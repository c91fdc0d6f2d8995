"""The fixed words of the documents ("Agenda", "Moderated by" ...), looked up by key.

Templates never hold fixed words: they call ``label("key")``. English is the default and the reference: every
key exists in ``ENGLISH``. The other languages have one catalogue each, ``eventkit/language/catalogues/<lang>.toml``
(``key = "text"``, one line per label, easy for a translator to edit); a key a catalogue lacks falls back to
English. The event file's ``[labels]`` table overrides any label (see ``label_for``).

Some labels hold named fields in braces (``"Page {page} of {pages}"``): the code fills them in.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path

CATALOGUES_DIR = Path(__file__).resolve().parent / "catalogues"

ENGLISH: dict[str, str] = {
    # the programme: agenda columns, day headings, parallel sessions (issue #14)
    "agenda_time": "Time",
    "agenda_overview": "Agenda overview",
    "day_heading": "Day {number} \u2014 {date}",
    "parallel_sessions": "Parallel sessions",
    "practical_details": "Date, time and venue",
    # roles of people in a session: singular and plural (eventkit/event/roles.py)
    "role_chair": "Chair",
    "role_chair_plural": "Chairs",
    "role_co_chair": "Co-chair",
    "role_co_chair_plural": "Co-chairs",
    "role_moderator": "Moderator",
    "role_moderator_plural": "Moderators",
    "role_facilitator": "Facilitator",
    "role_facilitator_plural": "Facilitators",
    "role_keynote": "Keynote speaker",
    "role_keynote_plural": "Keynote speakers",
    "role_speaker": "Speaker",
    "role_speaker_plural": "Speakers",
    "role_panellist": "Panellist",
    "role_panellist_plural": "Panellists",
    "role_discussant": "Discussant",
    "role_discussant_plural": "Discussants",
    "role_rapporteur": "Rapporteur",
    "role_rapporteur_plural": "Rapporteurs",
    # protocol: the e-mail salutation of an Excellency (others: mail_dear, {name} is the full name)
    "salutation_he": "Excellency,",
    "also_taking_part": "Also taking part",
    "session_cancelled": "cancelled",
    "session_tentative": "to be confirmed",
    "chaired_by": "chaired by {names}",
    "chaired_by_sentence": "Chaired by {names}",
    "session_of_day": "{title} (day {number})",
    "organised_by": "Organised by: {names}",
    "mail_your_sessions": "Your sessions:",
    "mail_your_time": "your time: {when}",
    "mail_session_cancelled": "The following session has been cancelled:",
    "mail_sessions_cancelled": "The following sessions have been cancelled:",
    # a session of yours changed (moved, another room): its own updated invitation, one message per person
    "mail_session_changed": "The session \u201c{session}\u201d of the {kind} \u201c{title}\u201d has changed. Its date and time are now:",
    "attendees_only_note": "Participants present",
    "sign_in_sheet": "Sign-in sheet",
    "sign_in_number": "No.",
    "sign_in_name": "Name",
    "sign_in_function": "Function, organisation",
    "sign_in_signature": "Signature",
    "sign_in_others": "Other participants",
    "sign_in_unlisted": "Participants not listed above",
}

# ---- the labels of the minutes, annexes and participant lists (#7)
ENGLISH.update(
    {
        "minutes_heading": "MINUTES",
        "minutes": "Minutes",
        "symbol": "Symbol:",
        "issued": "Date of issue:",
        "officer_chair": "Chair:",
        "officer_chairs": "Chairs:",
        "officer_co_chair": "Co-chair:",
        "officer_co_chairs": "Co-chairs:",
        "officer_vice_chair": "Vice-chair:",
        "officer_vice_chairs": "Vice-chairs:",
        "officer_rapporteur": "Rapporteur:",
        "officer_rapporteurs": "Rapporteurs:",
        "officer_secretariat": "Secretariat:",
        "officer_minute_takers": "Minutes taken by:",
        "attendance_present": "Present:",
        "attendance_excused": "Excused:",
        "attendance_absent": "Absent:",
        "participants_count": "{count} participants",
        "item_deferred": "",  # no sentence unless the event chooses one ([labels] item_deferred = "...")
        "item_withdrawn": "",
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
        "annex_untitled": "Annex {number}",
        "other_participants": "Other participants",
        # the same keys and words as the labels of #8 (participant tables, report)
        "column_name": "Name",
        "column_function": "Function",
        "column_organisation": "Organisation",
        "observer": "(observer)",
        "organiser": "(organiser)",
        "list_of_participants": "List of participants",
        "agenda": "Agenda",
        "useful_links": "Useful links:",
        "annexes": "Annexes:",
    }
)

# ---- the labels of the fonts/languages work (#8): documents' names, headings, table heads, page footer, invites
ENGLISH.update(
    {
        # document names (metadata, subtitles)
        "concept_note": "Concept note",
        "agenda": "Agenda",
        "list_of_participants": "List of participants",
        "speakers": "Speakers",
        "speaker_biographies": "Speaker biographies",
        "summary_report": "Summary report",
        "note_for_file": "Note for file",
        "summary_report_heading": "SUMMARY REPORT",
        "note_for_file_heading": "NOTE FOR FILE:",
        "cancelled": "CANCELLED",
        # headings
        "background": "Background",
        "objectives": "Objectives",
        "objectives_of_the_event": "Objectives of the Event",
        "expected_outcomes": "Expected outcomes",
        "format": "Format",
        "participants": "Participants",
        "organisers_and_contacts": "Organisers and contacts",
        "useful_links": "Useful links:",
        "annexes": "Annexes:",
        # practical details
        "date": "Date:",
        "time": "Time:",
        "venue": "Venue:",
        "platform": "Platform:",
        "interpretation": "Interpretation:",
        "join_link": "join link",
        "observer": "(observer)",
        "organiser": "(organiser)",
        # tables
        "column_name": "Name",
        "column_function": "Function",
        "column_organisation": "Organisation",
        "column_session": "Session",
        "column_speakers": "Speakers",
        "moderator": "Moderator:",
        "moderators": "Moderators:",
        # sentences
        "agenda_not_set": "The agenda has not been set yet.",
        "moderated_by": "moderated by {names}",
        "moderated_by_sentence": "Moderated by {names}",
        "names_and": " and ",
        "page_x_of_y": "Page {page} of {pages}",
        # invites and e-mails
        "each_day": "(each day)",
        "agenda_heading": "AGENDA",
        "fact_colon": ": ",
        "fact_date": "Date",
        "fact_time": "Time",
        "fact_venue": "Venue",
        "fact_platform": "Platform",
        "fact_interpretation": "Interpretation",
        "fact_join_online": "Join online",
        "mail_invitation": "Invitation",
        "mail_updated_invitation": "Updated invitation",
        "mail_cancelled": "Cancelled",
        "mail_dear": "Dear {name},",
        "mail_invited": "You are invited to the {kind} \u201c{title}\u201d.",
        "mail_cancelled_lead": "The {kind} \u201c{title}\u201d has been cancelled.",
        "mail_attached": "The calendar invitation is attached; please accept or decline it in your calendar.",
        "mail_cancel_attached": "The calendar entry is attached; your calendar can remove it.",
        "mail_reminder": "Reminder",
        "mail_withdrawn": "Invitation withdrawn",
        "mail_withdrawn_lead": "Your invitation to the {kind} \u201c{title}\u201d has been withdrawn.",
        "mail_session_invited": "You are invited to the session \u201c{session}\u201d of the {kind} \u201c{title}\u201d.",
        "mail_session_withdrawn": "The following session has been removed from your programme:",
        # the sessions of a new event file (eventkit new)
        "session_opening": "Opening remarks",
        "session_discussion": "Discussion",
        "session_closing": "Closing remarks",
        "session_main": "Main session",
        # kinds of event (the e-mails' sentences)
        "kind_webinar": "webinar",
        "kind_high_level_event": "high-level event",
        "kind_meeting": "meeting",
        "kind_conference": "conference",
        "kind_workshop": "workshop",
        "kind_briefing": "briefing",
        "kind_consultation": "consultation",
    }
)

# ---- the record as the rapporteur writes it (#20): masthead, draft mark, votes, deferred items, columns
ENGLISH.update(
    {
        "session_deferred": "deferred",
        "item_deferred_mark": "(deferred)",
        "item_withdrawn_mark": "(withdrawn)",
        "distribution": "Distr.:",
        "original_language": "Original:",
        "masthead_source": "Source:",
        "working_groups": "Working group(s):",
        "contacts": "Contacts:",
        "draft_mark": "DRAFT",
        "decision_heading": "Decision {number}",
        "vote_for": "{count} in favour",
        "vote_against": "{count} against",
        "vote_abstention": "{count} abstention",
        "vote_abstentions": "{count} abstentions",
        "vote_unanimous": "Adopted unanimously",
        "vote_line": "Vote: {votes}",
        "vote_separator": ", ",
        "column_vote": "Vote",
        "column_affiliation": "Affiliation",
        "column_role": "Role",
        "column_country": "Country",
        "column_email": "E-mail",
    }
)

# The languages eventkit ships catalogues for: the six official languages of the United Nations, and German,
# Portuguese and Japanese.
LANGUAGES = ("ar", "de", "en", "es", "fr", "ja", "pt", "ru", "zh")
RIGHT_TO_LEFT = frozenset({"ar", "he", "fa", "ur", "ps", "yi", "dv", "ckb", "sd", "ug"})


def primary_language(language: str) -> str:
    """'fr' for 'fr-CH', 'zh' for 'zh-Hans-CN'."""
    return (language or "en").replace("_", "-").split("-")[0].lower()


def is_right_to_left(language: str) -> bool:
    return primary_language(language) in RIGHT_TO_LEFT


_RTL_CHARACTERS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]")


def has_right_to_left_text(text: str) -> bool:
    """Does ``text`` hold Hebrew, Arabic, Syriac, Thaana ... letters?"""
    return bool(_RTL_CHARACTERS.search(text))


@functools.cache
def catalogue(language: str) -> dict[str, str]:
    """The labels of one language's catalogue ({} for English or a language without one)."""
    path = CATALOGUES_DIR / f"{primary_language(language)}.toml"
    if primary_language(language) == "en" or not path.is_file():
        return {}
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    return {key: value for key, value in data.items() if isinstance(value, str)}


def label_for(key: str, language: str = "en", overrides: Mapping[str, str] | None = None) -> str:
    """The text of a fixed label: the event's override, else ``language``'s catalogue, else English."""
    if overrides and key in overrides:
        return overrides[key]
    text = catalogue(language).get(key)
    if text is not None:
        return text
    try:
        return ENGLISH[key]
    except KeyError:
        raise KeyError(f"no label '{key}' in eventkit/language/labels.py") from None


def fill(key: str, language: str = "en", overrides: Mapping[str, str] | None = None, **fields: str) -> str:
    """A label with its named fields filled in; a user's override that garbles the braces is used as it is."""
    text = label_for(key, language, overrides)
    try:
        return text.format(**fields)
    except (KeyError, IndexError, ValueError):
        return text
