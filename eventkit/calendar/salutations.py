"""How an e-mail greets a person: by protocol, from the honorific.

"H.E." (His/Her Excellency) is greeted "Excellency,"; everyone else "Dear <full name>,". The words come from the
language's labels (``mail_dear``, ``salutation_he``), so each language has its own; an event overrides them per
honorific in ``[protocol] salutations = {"H.E." = "Your Excellency,"}`` ({name} in the text is the full name).
"""
from __future__ import annotations

from ..event.model import Event, Person

EXCELLENCY = {"h.e.", "he", "h.e", "his excellency", "her excellency", "s.e.", "e.s."}


def person_by_email(event: Event, address: str) -> Person | None:
    address = address.lower()
    return next((p for p in event.people.values() if p.email and p.email.lower() == address), None)


def salutation(event: Event, person: Person | None, fallback_name: str, local=None) -> str:
    """'Excellency,' or 'Dear Ms. Renate Held,' in the event's language (``local``: its Localiser, which also
    applies the event's own [labels])."""
    if local is None:
        from ..language.localise import Localiser
        local = Localiser(event)
    # the honorific as the event file writes it (a translation into French wrote "M." for "Mr."): the key of
    # [protocol] salutations, and what says Excellency
    honorific = (person.honorific_key or person.honorific).strip() if person else ""
    name = person.full_name if person else fallback_name
    custom = event.protocol.salutations.get(honorific) if honorific else None
    if custom:
        try:
            return custom.format(name=name) if "{name}" in custom else custom
        except (KeyError, IndexError, ValueError):  # braces that are not {name}: the text as written
            return custom
    if honorific.lower() in EXCELLENCY:
        return local.label("salutation_he")
    return local.fill("mail_dear", name=name)
