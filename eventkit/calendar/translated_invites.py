"""The invites of an event issued in several languages: one calendar file per language, all of them one event.

A French participant's calendar must hold the same entry as an English one's: the same UID (derived from the ids,
which no translation touches), and the same SEQUENCE and DTSTAMP, so that a reply matches and an update replaces
the entry instead of adding a second. Each language's files differ only in their words (SUMMARY, DESCRIPTION,
LOCATION).

So whether an entry changed is decided once for all the languages: its fingerprint is that of the entry in every
language together (:func:`invites_in_languages`); a new or corrected translation raises SEQUENCE in every
language's file alike. An event in one language keeps the entry's own fingerprint, so its state file reads as
before.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from typing import Any, TypedDict, Unpack

from ..event.model import Event
from .entries import UTC, Entry
from .invites import Invites, build_invites


class InviteOptions(TypedDict, total=False):
    """The options of :func:`~eventkit.calendar.invites.build_invites` that every language's invites share."""

    per_session: bool
    per_speaker: bool
    cancel: bool
    publish: bool
    leave_out: dict[str, frozenset[str]] | None


def invites_in_languages(
    event: Event,
    state: dict[str, Any] | None = None,
    *,
    now: dt.datetime | None = None,
    **options: Unpack[InviteOptions],
) -> dict[str, Invites]:
    """The invites of ``event`` (as written, or any of its translations) in each language it is issued in,
    keyed by language tag, first the first of ``[event] languages``; every language's ``state`` is the same but
    for the words it remembers (take the first's to save). ``options`` are those of :func:`build_invites`."""
    from ..language.translation import in_language, issued_languages

    original = event.original or event
    languages = issued_languages(original)
    events = {language: in_language(original, language) for language in languages}
    now = (now or dt.datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    if len(languages) == 1:
        return {languages[0]: build_invites(events[languages[0]], state, now=now, **options)}
    seen: dict[str, dict[str, str]] = {}

    def recording(language: str) -> Callable[[Entry, str], str]:
        def fingerprint(entry: Entry, key: str) -> str:
            seen.setdefault(key, {})[language] = entry.fingerprint()
            return entry.fingerprint()

        return fingerprint

    for language in languages:
        build_invites(events[language], state, now=now, fingerprint=recording(language), **options)
    together = {
        key: hashlib.sha256(json.dumps([prints.get(language, "") for language in languages]).encode()).hexdigest()[:16]
        for key, prints in seen.items()
    }
    return {
        language: build_invites(
            events[language], state, now=now, fingerprint=lambda entry, key: together[key], **options
        )
        for language in languages
    }


def language_of_person(event: Event, person_id: str) -> str:
    """The language of a person's invitation: their own ``language``, else their delegation's, else the first the
    event is issued in -- matched to one of the event's languages ('fr-CA' → 'fr'; one the event is not issued in
    is left for the event's first, and ``check`` warns about it)."""
    from ..language.labels import primary_language
    from ..language.translation import issued_languages

    original = event.original or event
    languages = issued_languages(original)
    person = original.people.get(person_id)
    delegation = next((d for d in original.delegations if person_id in d.members), None)
    for wanted in (person.language if person else "", delegation.language if delegation else ""):
        if not wanted:
            continue
        exact = next((language for language in languages if language.lower() == wanted.lower()), None)
        close = next(
            (language for language in languages if primary_language(language) == primary_language(wanted)), None
        )
        found = exact or close
        if found:
            return found
    return languages[0]


class Versions:
    """An event's invites in each of its languages, and each attendee's own: the words of their e-mail and of
    its calendar in their language (``language_of_person``), the UIDs and SEQUENCE everyone's."""

    def __init__(self, event: Event, by_language: dict[str, Invites]) -> None:
        self.original = event.original or event
        self.by_language = by_language
        self.first = next(iter(by_language))
        self._events: dict[str, Event] = {}

    @property
    def main(self) -> Invites:
        """The invites in the event's first language: the files written to disk and the state to save."""
        return self.by_language[self.first]

    def event(self, language: str) -> Event:
        if language not in self._events:
            from ..language.translation import in_language

            self._events[language] = in_language(self.original, language)
        return self._events[language]

    def language_of(self, address: str) -> str:
        from .salutations import person_by_email

        person = person_by_email(self.original, address)
        language = language_of_person(self.original, person.id) if person is not None else self.first
        return language if language in self.by_language else self.first

    def of(self, address: str) -> tuple[Event, Invites]:
        """The event and the invites in the language of whoever has this e-mail address."""
        language = self.language_of(address)
        return self.event(language), self.by_language[language]
