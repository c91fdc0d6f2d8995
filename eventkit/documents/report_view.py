"""What the report's template needs to lay out the blocks the model generates where a directive puts them (or
where the report puts them by default): tables with the columns and headings the record asks for, empty columns
dropped; decisions with their votes; officer lines; the speakers' line of co-presenters.

Passed to every template as ``record``; the directives' vocabulary and checks are
:mod:`eventkit.event.report_directives`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..event.model import Event
from ..event.parts import Person, SpeakerAppearance
from ..event.report_body import ResolvedDecision
from ..event.report_directives import Placements, default_columns, selected_decisions, split_list
from ..event.report_model import Decision, Link
from ..text.directives import Directive, split_directives

if TYPE_CHECKING:
    from ..language.localise import Localiser

PARTICIPANT_LABELS = {
    "number": "column_number",
    "name": "column_name",
    "local_name": "column_name",
    "function": "column_function",
    "organisation": "column_organisation",
    "country": "column_country",
    "affiliation": "column_affiliation",
    "delegation": "column_delegation",
    "role": "column_role",
    "email": "column_email",
}
ACTION_LABELS = {
    "number": "column_number",
    "action": "column_action",
    "owner": "column_owner",
    "due": "column_due",
    "status": "column_status",
}
DECISION_LABELS = {
    "number": "column_number",
    "decision": "column_decision",
    "item": "column_item",
    "vote": "column_vote",
}
MARKDOWN_COLUMNS = {"action", "decision"}  # cells written as Markdown (the others are plain text)
NUMBER_COLUMNS = {"number"}


@dataclass
class Cell:
    text: str
    markdown: bool = False
    links: tuple[Link, ...] = ()  # an action's related documents (Link: text, url)


@dataclass
class GeneratedTable:
    """A table the model generates: ``keys`` name its columns (the CSS class of their cells), ``headings`` their
    header cells (no header row when every heading is empty), ``rows`` the cells."""

    kind: str
    keys: list[str]
    headings: list[str]
    rows: list[list[Cell]] = field(default_factory=list)

    @property
    def has_header(self) -> bool:
        return any(h.strip() for h in self.headings)

    def without_empty_columns(
        self, keep: frozenset[str] = frozenset({"number", "name", "action", "decision"})
    ) -> GeneratedTable:
        """The table without the columns whose every cell is empty (a Due column no action has)."""
        if not self.rows:
            return self
        used = [
            i
            for i, key in enumerate(self.keys)
            if key in keep or any(row[i].text.strip() or row[i].links for row in self.rows)
        ]
        return GeneratedTable(
            self.kind,
            [self.keys[i] for i in used],
            [self.headings[i] for i in used],
            [[row[i] for i in used] for row in self.rows],
        )


class ReportView:
    """``local`` is the document's Localiser: labels and dates in the document's language."""

    def __init__(self, event: Event, local: Localiser) -> None:
        self.event = event
        self.local = local
        self.label = local.label

    # ---- the report's Markdown with its directives

    @staticmethod
    def parts(text: str) -> list[str | Directive]:
        """``text`` split at its directives: Markdown pieces (str) and the directives between them."""
        return split_directives(text or "")

    @staticmethod
    def places(text: str, name: str) -> bool:
        """Does ``text`` hold a directive placing ``name`` (an annex's participants list within its text)?"""
        return any(isinstance(p, Directive) and p.name == name for p in split_directives(text or ""))

    def placed(self, kind: str) -> bool:
        placements: Placements = self.event.report_placements
        return placements.placed(kind)

    def _headings(self, directive: Directive | None, keys: list[str], labels: dict[str, str]) -> list[str]:
        if directive is not None and "headings" in directive.options:
            return split_list(directive.option("headings"), "|")
        return [self.label(labels[key]) for key in keys]

    @staticmethod
    def _keys(directive: Directive | None, name: str) -> list[str]:
        if directive is not None and "columns" in directive.options:
            return split_list(directive.option("columns"))
        return list(default_columns(name))

    # ---- participants

    def participant_people(self, directive: Directive) -> list[Person]:
        event, minutes = self.event, self.event.minutes
        which = directive.option("people", "all")
        people = {"present": minutes.present, "excused": minutes.excused, "absent": minutes.absent}.get(which)
        if people is None:
            people = event.listed_people(event.all_participants)
        category = directive.option("category")
        if category:
            members = {pid for d in event.delegations if d.category == category for pid in d.members}
            people = [p for p in people if p.id in members]
        return list(people)

    def participants_table(self, directive: Directive, people: list[Person] | None = None) -> GeneratedTable:
        keys = self._keys(directive, "participants")
        people = self.participant_people(directive) if people is None else people
        table = GeneratedTable("participants", keys, self._headings(directive, keys, PARTICIPANT_LABELS))
        for n, person in enumerate(people, 1):
            table.rows.append([Cell(self._participant_cell(person, key, n, keys)) for key in keys])
        return table.without_empty_columns()

    def participant_groups(self, directive: Directive) -> list[tuple[str, GeneratedTable]]:
        """grouping="delegation": (delegation's name, its table) in the event's order, then those in none."""
        chosen = {p.id for p in self.participant_people(directive)}
        groups: list[tuple[str, GeneratedTable]] = []
        for delegation in self.event.listed_delegations:
            members = [self.event.person(pid) for pid in self.event.listed_members(delegation) if pid in chosen]
            if members:
                groups.append((delegation.name, self.participants_table(directive, members)))
        others = [p for p in self.event.listed_people(self.event.other_participants) if p.id in chosen]
        if others:
            groups.append(
                (self.label("other_participants") if groups else "", self.participants_table(directive, others))
            )
        return groups

    def _participant_cell(self, person: Person, key: str, number: int, keys: list[str]) -> str:
        delegation = self.event.delegation_of.get(person.id)
        if key == "number":
            return str(number)
        if key == "name":
            return self.local.isolate(person.full_name)
        if key == "local_name":
            return self.local.isolate(person.local_name)
        if key == "function":
            return self.local.isolate(person.title)
        if key == "organisation":
            within = delegation.name if delegation else ""
            country = person.country if "country" not in keys else ""
            if country and country not in person.organisation and country not in within:
                return ", ".join(p for p in (person.organisation, country) if p)
            return person.organisation
        if key == "country":
            return person.country
        if key == "affiliation":
            return self.local.isolate(person.affiliation_line)
        if key == "delegation":
            return delegation.name if delegation else ""
        if key == "role":
            return self.officer_role(person)
        if key == "email":
            return person.email
        return ""

    def officer_role(self, person: Person) -> str:
        """The person's office at the meeting ('Chair', 'Co-chair' ...; their own title when the officers are
        labelled by titles), or ""."""
        for key, people in self.event.minutes.officers:
            if any(p.id == person.id for p in people):
                if self.event.report.officers.labels_from_titles and person.title:
                    return person.title
                singular = {
                    "chairs": "chair",
                    "co_chairs": "co_chair",
                    "vice_chairs": "vice_chair",
                    "rapporteurs": "rapporteur",
                }.get(key, key)
                return self.label("officer_" + singular).rstrip(" :\uff1a\u00a0")
        return ""

    # ---- officers

    def officer_lines(self) -> list[tuple[str, list[Person]]]:
        """(label, people) for each line of the officers: the office's label, or each person's own title."""
        lines: list[tuple[str, list[Person]]] = []
        for key, people in self.event.minutes.officers:
            if self.event.report.officers.labels_from_titles:
                untitled = [p for p in people if not p.title]
                lines += [(p.title + self.label("fact_colon").rstrip(), [p]) for p in people if p.title]
                if untitled:
                    lines.append((self.label("officer_" + key), untitled))
            else:
                lines.append((self.label("officer_" + key), people))
        return lines

    # ---- actions and decisions

    def actions_table(self, directive: Directive | None = None) -> GeneratedTable:
        minutes, placed = self.event.minutes, self.event.report_placements
        keys = self._keys(directive, "actions")
        wanted = (
            set(split_list(directive.option("numbers")))
            if directive is not None and "numbers" in directive.options
            else None
        )
        table = GeneratedTable("actions", keys, self._headings(directive, keys, ACTION_LABELS))
        for action in minutes.actions:
            number = str(action.number)
            if directive is None and number in placed.actions or wanted is not None and number not in wanted:
                continue
            values = {
                "number": Cell(number),
                "action": Cell(action.action.action, True, action.action.links),
                "owner": Cell(action.owner),
                "status": Cell(action.action.status),
                "due": Cell(self.local.date(action.action.due) if action.action.due else ""),
            }
            table.rows.append([values[key] for key in keys])
        return table.without_empty_columns()

    def decisions(self, directive: Directive | None = None) -> list[ResolvedDecision]:
        """The ResolvedDecisions a directive places (None: those no directive placed, for the default table)."""
        minutes = self.event.minutes
        if directive is None:
            placed = self.event.report_placements.decisions
            return [d for d in minutes.decisions if d.number not in placed]
        chosen = set(selected_decisions(self.event, directive))
        return [d for d in minutes.decisions if d.number in chosen]

    def decisions_table(self, directive: Directive | None = None) -> GeneratedTable:
        keys = self._keys(directive, "decisions")
        table = GeneratedTable("decisions", keys, self._headings(directive, keys, DECISION_LABELS))
        for d in self.decisions(directive):
            values = {
                "number": Cell(d.number),
                "decision": Cell(d.decision.text, True),
                "item": Cell(d.item),
                "vote": Cell(self.vote(d.decision)),
            }
            table.rows.append([values[key] for key in keys])
        return table.without_empty_columns()

    def vote(self, decision: Decision) -> str:
        """'4 in favour, 0 against, 1 abstention' / 'adopted unanimously', with the record's result before it."""
        parts: list[str] = []
        if decision.unanimous:
            parts.append(self.label("vote_unanimous"))
        else:
            for count, key in (
                (decision.votes_for, "vote_for"),
                (decision.votes_against, "vote_against"),
                (decision.abstentions, "vote_abstention" if decision.abstentions == 1 else "vote_abstentions"),
            ):
                if count is not None:
                    parts.append(self.local.fill(key, count=str(count)))
        votes = self.label("vote_separator").join(parts)
        return self.label("vote_separator").join(p for p in (decision.result, votes) if p)

    def vote_line(self, decision: Decision) -> str:
        """The line under a decision: 'Vote: 4 in favour, 0 against, 1 abstention', or 'Adopted unanimously'."""
        votes = self.vote(decision)
        if not decision.has_vote or decision.unanimous:
            return votes
        return self.local.fill("vote_line", votes=votes)

    def decision_heading(self, decision: ResolvedDecision) -> str:
        return self.local.fill("decision_heading", number=decision.number)

    # ---- speakers

    def speakers_line(self, block: SpeakerAppearance) -> str:
        return self.local.speakers_line(block.people, block.affiliation, block.separator)

    def directive_speakers(self, directive: Directive) -> tuple[list[Person], str, str, str]:
        """(people, affiliation, separator, place) of a ``::: {.speakers people="a b"}`` directive."""
        ids = directive.option("people").replace(",", " ").split()
        report = self.event.report
        return (
            [self.event.people[pid] for pid in ids],
            directive.option("affiliation"),
            directive.option("separator", report.co_presenters_separator),
            directive.option("as", report.speakers_as or "heading"),
        )
