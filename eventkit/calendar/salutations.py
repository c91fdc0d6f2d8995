"""How an e-mail greets a person: by protocol, from the honorific.

"H.E." (His/Her Excellency), also followed by another honorific ("H.E. Dr."), is greeted "Excellency,"; everyone
else "Dear <full name>,". The words come from the
language's labels (``mail_dear``, ``salutation_he``), so each language has its own; an event overrides them per
honorific in ``[protocol] salutations = {"H.E." = "Your Excellency,"}`` ({name} in the text is the full name).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..event.model import Event
from ..event.parts import Person

if TYPE_CHECKING:
    from ..language.localise import Localiser

EXCELLENCY = {"h.e.", "he", "h.e", "his excellency", "her excellency", "s.e.", "e.s."}


def person_by_email(event: Event, address: str) -> Person | None:
    address = address.lower()
    return next((p for p in event.people.values() if p.email and p.email.lower() == address), None)


def salutation(event: Event, person: Person | None, fallback_name: str, local: Localiser | None = None) -> str:
    """'Excellency,' or 'Dear Ms. Renate Held,' in the event's language (``local``: its Localiser, which also
    applies the event's own [labels])."""
    if local is None:
        from ..language.localise import Localiser

        local = Localiser(event)
    # the honorific as the event file writes it (a translation into French wrote "M." for "Mr."): the key of
    # [protocol] salutations, and what says Excellency
    honorific = " ".join((person.honorific_key or person.honorific).split()) if person else ""
    name = person.full_name if person else fallback_name
    leading = excellency(honorific)
    custom = event.protocol.salutations
    chosen = custom.get(honorific) or (custom.get(leading) if leading else None) if honorific else None
    if chosen:
        try:
            return chosen.format(name=name) if "{name}" in chosen else chosen
        except (KeyError, IndexError, ValueError):  # braces that are not {name}: the text as written
            return chosen
    if leading:
        return local.label("salutation_he")
    return local.fill("mail_dear", name=name)


def excellency(honorific: str) -> str:
    """The Excellency an honorific begins with, as written ('H.E.' of 'H.E. Dr.', 'His Excellency' of 'His Excellency
    Mr.'), else '': protocol lists write "H.E. Mr.", "H.E. Ms.", "H.E. Dr.", "H.E. Prof." and all are greeted
    "Excellency,"."""
    words = honorific.split()
    for count in (2, 1):
        if len(words) >= count and " ".join(words[:count]).lower() in EXCELLENCY:
            return " ".join(words[:count])
    return ""
