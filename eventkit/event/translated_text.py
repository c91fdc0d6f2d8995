"""A text written in the event file together with its translations: ``title = {en = "Agenda", fr = "Ordre du
jour"}``.

:class:`Translated` *is* the text in the language the event file is written in (a ``str``, so every template, check
and writer uses it unchanged) and carries the other languages' texts in ``translations``.
:func:`eventkit.language.translation.translate` picks them for a document in another language.
"""

from __future__ import annotations


class Translated(str):
    """The original text (a ``str``), with ``translations``: language tag → text, as written in the event file."""

    translations: dict[str, str]

    def __new__(cls, text: str, translations: dict[str, str]) -> Translated:
        value = super().__new__(cls, text)
        value.translations = dict(translations)
        return value

    # pickling (worker processes) keeps the translations
    def __reduce__(self) -> tuple[type[Translated], tuple[str, dict[str, str]]]:
        return Translated, (str(self), self.translations)

    def in_language(self, language: str) -> str | None:
        """The text written for ``language`` (a tag as written, compared case-insensitively), or None."""
        wanted = language.lower()
        return next((text for tag, text in self.translations.items() if tag.lower() == wanted), None)


def inline_translation(value: object, language: str) -> str | None:
    """The translation of ``value`` into ``language`` written beside it in the event file, if any."""
    return value.in_language(language) if isinstance(value, Translated) else None
