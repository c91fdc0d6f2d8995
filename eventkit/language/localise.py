"""The documents in the event's language: labels, dates, times and time-zone names the way that language writes them.

English keeps the model's own wording (``Event.weekday_date_text``, ``ZoneTimes.span`` ...), so the example events'
reports stay exactly as published. Every other language goes through Babel's CLDR data: "jeudi 22 avril 2021",
"22 апреля 2021 г.", "2021年4月22日星期四", "UTC+4" in French and "GMT+4" in Russian. Babel is imported only for
a language other than English.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from ..event.model import Event, Person, ResolvedSection, ZoneTimes, format_date
from ..event.timeline import day_mark
from .labels import fill, has_right_to_left_text, is_right_to_left, label_for, primary_language

if TYPE_CHECKING:
    from babel import Locale


def babel_locale(language: str) -> Locale:
    """The Babel locale of a BCP 47 tag ('fr-CH' → fr_CH), or of its primary language, or English."""
    from babel import Locale, UnknownLocaleError

    for tag in (language.replace("-", "_"), primary_language(language)):
        try:
            return Locale.parse(tag)
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse("en")


def gmt_offset(moment: dt.datetime) -> str:
    """'+4', '-3:30', '' (for GMT itself)."""
    minutes = int((moment.utcoffset() or dt.timedelta(0)).total_seconds() // 60)
    if minutes == 0:
        return ""
    hours, rest = divmod(abs(minutes), 60)
    return ("+" if minutes > 0 else "-") + str(hours) + (f":{rest:02d}" if rest else "")


class Localiser:
    """What the templates call for everything language-dependent (``local`` in a template)."""

    def __init__(self, event: Event):
        self.event = event
        self.language = event.event.language or "en"
        self.english = primary_language(self.language) == "en"
        self.direction = "rtl" if is_right_to_left(self.language) else "ltr"

    # ---- labels

    def label(self, key: str) -> str:
        return label_for(key, self.language, self.event.labels)

    def fill(self, key: str, **fields: str) -> str:
        return fill(key, self.language, self.event.labels, **fields)

    def page_css(self) -> str:
        """The CSS ``content`` of the PDF footer, "Page " counter(page) " of " counter(pages), from the label."""
        text = self.label("page_x_of_y")
        parts: list[str] = []
        rest = text
        while rest:
            at = min((i for i in (rest.find("{page}"), rest.find("{pages}")) if i >= 0), default=-1)
            if at < 0:
                parts.append(_css_string(rest))
                break
            if at:
                parts.append(_css_string(rest[:at]))
            field = "{pages}" if rest.startswith("{pages}", at) else "{page}"
            parts.append("counter(pages)" if field == "{pages}" else "counter(page)")
            rest = rest[at + len(field) :]
        return " ".join(parts) or '""'

    def isolate(self, text: str) -> str:
        """``text`` between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE when direction matters (a right-to-left
        document, or right-to-left letters in it), so that a name or a time keeps its own order among other text."""
        if self.direction == "rtl" or has_right_to_left_text(text):
            return f"\u2068{text}\u2069"
        return text

    def name(self, person: Person | None, text: str | None = None) -> Markup:
        """A person's name (or ``text`` about them: their list line) isolated, and tagged with the language of its
        script when that is not the document's (``Person.name_script``: a Japanese name in Japanese typography in
        an English document): ``<bdi lang="ja">濱口 桂一郎</bdi>`` (markup, the text escaped)."""
        if text is None:
            if person is None:
                raise ValueError("a name needs a person or a text")
            text = person.full_name
        shown = self.isolate(text)
        script = person.name_script if person is not None else ""
        tagged = f' lang="{escape(script)}"' if script and script.lower() != self.language.lower() else ""
        return Markup(f"<bdi{tagged}>{escape(shown)}</bdi>")

    # ---- dates and times

    @cached_property
    def locale(self) -> Locale:
        return babel_locale(self.language)

    def date(self, day: dt.date, weekday: bool = False) -> str:
        if self.english:
            return format_date(day, weekday)
        from babel.dates import format_date as babel_date

        return babel_date(day, "full" if weekday else "long", locale=self.locale)

    @property
    def date_text(self) -> str:
        """'24 March 2021' / '24 mars 2021'; a multi-day event as a CLDR interval ('22–24 avril 2021')."""
        if self.english:
            return self.event.date_text
        first, last = self.event.event.date, self.event.event.end_date
        if not last or last == first:
            return self.date(first)
        from babel.dates import format_interval

        return format_interval(first, last, "yMMMMd", locale=self.locale)

    @property
    def weekday_date_text(self) -> str:
        if self.english:
            return self.event.weekday_date_text
        first, last = self.event.event.date, self.event.event.end_date
        if last and last != first:
            return f"{self.date(first, True)} – {self.date(last, True)}"
        return self.date(first, True)

    def short_day(self, moment: dt.datetime) -> str:
        """A day in a multi-day agenda: '22 Apr' / '22 avr.'."""
        if self.english:
            return moment.strftime("%d %b")
        from babel.dates import format_skeleton

        return format_skeleton("MMMd", moment, locale=self.locale)

    def time(self, moment: dt.datetime) -> str:
        from babel.dates import format_time

        return format_time(moment, "short", locale=self.locale)

    def span(self, times: ZoneTimes) -> str:
        """'14:00 - 17:00' (English, as the model writes it), '14:00–17:00' per CLDR otherwise."""
        if self.english:
            return times.span
        day = times.day or times.start.date()
        return (
            f"{self.time(times.start)}{day_mark(times.start, day)}\u2009–\u2009"
            f"{self.time(times.end)}{day_mark(times.end, day)}"
        )

    def zone(self, times: ZoneTimes) -> str:
        """The zone's name: 'CEST' / 'GMT+4' in English; CLDR's short name where the language has one, else
        the language's GMT format ('UTC+4' in French, 'GMT+4' in Russian and Chinese)."""
        if self.english:
            return times.label
        from babel.dates import get_timezone_name

        name = get_timezone_name(times.start, width="short", locale=self.locale, return_zone=False)
        if name and name[0] not in "+-" and "/" not in name and not name.startswith(("GMT", "UTC")):
            return name
        gmt_format = str(self.locale.zone_formats["gmt"])
        return gmt_format % gmt_offset(times.start) if gmt_offset(times.start) else gmt_format.replace("%s", "")

    def hours(self, spans: list[ZoneTimes], parenthesised: bool = False, separator: str = " / ") -> str:
        """'14:00 - 17:00 (GMT+4) / 12:00 - 15:00 (CEST)': the hours in every zone."""
        if parenthesised:
            return separator.join(f"{self.span(t)} ({self.zone(t)})" for t in spans)
        return separator.join(f"{self.span(t)} {self.zone(t)}" for t in spans)

    # ---- words the model derives in English

    def document_name(self, kind: str) -> str:
        if kind == "report":
            names = {"note-for-file": "note_for_file", "minutes": "minutes"}
            return self.label(names.get(self.event.event.report_style, "summary_report"))
        return self.label(
            {
                "concept-note": "concept_note",
                "participants": "list_of_participants",
                "speakers": "speaker_biographies",
                "sign-in": "sign_in_sheet",
            }.get(kind, kind)
        )

    @property
    def report_heading(self) -> str:
        """The report's heading: the event file's (which may switch it off with "" or false), else this
        language's label for the report style."""
        from ..event.field_types import text_or_default

        keys = {"note-for-file": "note_for_file_heading", "minutes": "minutes_heading"}
        return text_or_default(
            self.event.report.heading, self.label(keys.get(self.event.event.report_style, "summary_report_heading"))
        )

    def speakers_line(self, people: Sequence[Person], affiliation: str = "", separator: str = "") -> str:
        """'Ms. A, Title, Org' for one person; 'Ms. A and Mr. B, Org' for co-presenters sharing a line (or an
        explicit ``affiliation``); 'Ms. A, X and Mr. B, Y' when their lines differ ("and" in this language, or the
        record's own ``separator``: 'Ms. A, X; Mr. B, Y')."""
        if len(people) == 1:
            return people[0].speaker_line(affiliation)
        and_word = self.label("names_and")
        names = [p.full_name for p in people]
        joined = ", ".join(names[:-1]) + and_word + names[-1]
        lines = {p.affiliation_line for p in people}
        shared = affiliation or (lines.pop() if len(lines) == 1 else "")
        if shared:
            return f"{joined}, {shared}"
        return (separator or and_word).join(p.speaker_line() for p in people)

    def section_lead(self, section: ResolvedSection) -> str:
        """The section's lead: its own, or its session's lead with the moderators in this language."""
        session = section.session
        if self.english or session is None or section.lead != self.event.moderated_lead(session):
            return section.lead
        if session.moderators:
            lines, words = [self.event.people[m].speaker_line() for m in session.moderators], "moderated_by"
        else:  # the chairs listed in [[agenda.participants]] (Event.moderated_lead)
            lines = [
                self.event.people[pid].speaker_line(p.affiliation)
                for p in session.participants
                if p.role in ("chair", "co-chair")
                for pid in p.person_ids
            ]
            words = "chaired_by"
        if not lines:
            return section.lead
        names = self.label("names_and").join(lines)
        lead = session.lead.strip()
        if lead:
            return f"{lead.rstrip('.')}, {self.fill(words, names=names)}"
        return self.fill(f"{words}_sentence", names=names)


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'
