"""The report's directives: which generated blocks a ``::: {.name ...}`` fenced div may place in the report's
Markdown, their options, their checks, and which blocks are placed (those are not printed again where the report
puts them by default).

The syntax is :mod:`eventkit.text.directives`'; the blocks are laid out by the report's template with
:class:`eventkit.documents.report_view.ReportView`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..text.directives import Directive, DirectiveProblem, directive_problems, directives_in
from .participation import Participation
from .parts import Report
from .report_model import Decision

PARTICIPANT_COLUMNS = (
    "number",
    "name",
    "local_name",
    "function",
    "organisation",
    "country",
    "affiliation",
    "delegation",
    "role",
    "email",
)
PARTICIPANT_DEFAULT_COLUMNS = ("name", "function", "organisation")
PEOPLE_FILTERS = ("all", "present", "excused", "absent")
ACTION_COLUMNS = ("number", "action", "owner", "due", "status")
DECISION_COLUMNS = ("number", "decision", "item", "vote")
LAYOUTS = ("table", "paragraphs")

# name: {option: allowed values (None: free text, a tuple: one of them, "columns": a list of those columns)}
DIRECTIVES: dict[str, dict[str, tuple[str, ...] | None]] = {
    "participants": {
        "columns": PARTICIPANT_COLUMNS,
        "headings": None,
        "people": PEOPLE_FILTERS,
        "category": None,
        "grouping": ("delegation", "flat", "list"),
    },
    "agenda": {},
    "actions": {"columns": ACTION_COLUMNS, "headings": None, "numbers": None},
    "decisions": {"columns": DECISION_COLUMNS, "headings": None, "numbers": None, "item": None, "layout": LAYOUTS},
    "officers": {},
    "attendance": {},
    "quorum": {},
    "masthead": {},
    "annexes": {},
    "speakers": {"people": None, "affiliation": None, "as": ("heading", "lead"), "separator": None},
}
# blocks the report prints by default somewhere; placed by a directive, they are printed only there
PLACEABLE = ("masthead", "officers", "attendance", "quorum", "decisions", "actions", "annexes")


def split_list(value: str, separator: str = ",") -> list[str]:
    return [part.strip() for part in value.split(separator)]


def check_directive(directive: Directive, event: Participation) -> list[tuple[str, str]]:
    """(message, hint) for each thing wrong with ``directive`` in ``event``'s report."""
    name = directive.name
    if name not in DIRECTIVES:
        close = difflib.get_close_matches(name, list(DIRECTIVES), n=1, cutoff=0.6)
        return [
            (
                f"no generated block '{name}'",
                f"did you mean '{close[0]}'?" if close else "choose one of: " + ", ".join(DIRECTIVES),
            )
        ]
    known = DIRECTIVES[name]
    problems: list[tuple[str, str]] = []
    for key, value in directive.options.items():
        if key not in known:
            close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
            problems.append(
                (
                    f"'{name}' has no option '{key}'",
                    f"did you mean '{close[0]}'?"
                    if close
                    else ("its options: " + ", ".join(known))
                    if known
                    else f"'::: {name}' takes no options",
                )
            )
            continue
        allowed = known[key]
        if key == "columns" and allowed is not None:
            columns = split_list(value)
            for column in columns:
                if column not in allowed:
                    close = difflib.get_close_matches(column, list(allowed), n=1, cutoff=0.6)
                    problems.append(
                        (
                            f"no column '{column}' in '{name}'",
                            f"did you mean '{close[0]}'?" if close else "choose from: " + ", ".join(allowed),
                        )
                    )
            if len(set(columns)) != len(columns):
                problems.append((f'a column is named twice in columns="{value}"', ""))
        elif isinstance(allowed, tuple) and value not in allowed:
            problems.append((f"'{value}' is not allowed for {key}", "choose one of: " + ", ".join(allowed)))
    if "headings" in directive.options:
        shown = split_list(directive.option("columns")) if "columns" in directive.options else default_columns(name)
        headings = split_list(directive.option("headings"), "|")
        if len(headings) != len(shown):
            problems.append(
                (
                    f"{len(headings)} heading(s) for {len(shown)} column(s)",
                    "give one heading per column, separated by '|' (an empty one prints none)",
                )
            )
    problems += _check_references(directive, event)
    return problems


def default_columns(name: str) -> tuple[str, ...]:
    return {"participants": PARTICIPANT_DEFAULT_COLUMNS, "actions": ACTION_COLUMNS, "decisions": DECISION_COLUMNS}.get(
        name, ()
    )


def _check_references(directive: Directive, event: Participation) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    options, report = directive.options, event.report
    if directive.name == "participants" and options.get("category"):
        categories = {d.category for d in event.delegations if d.category}
        if options["category"] not in categories:
            close = difflib.get_close_matches(options["category"], list(categories), n=1, cutoff=0.6)
            problems.append(
                (
                    f"no delegation category '{options['category']}'",
                    f"did you mean '{close[0]}'?" if close else "give [[delegations]] a category",
                )
            )
    if directive.name == "speakers":
        ids = options.get("people", "").replace(",", " ").split()
        if not ids:
            problems.append(("'::: speakers' needs people=\"id id\"", ""))
        for pid in ids:
            if pid not in event.people:
                close = difflib.get_close_matches(pid, list(event.people), n=1, cutoff=0.6)
                problems.append((f"no person '{pid}'", f"did you mean '{close[0]}'?" if close else ""))
    if directive.name == "decisions" and options.get("item") and event.session(options["item"]) is None:
        problems.append((f"no session '{options['item']}' in the agenda", ""))
    for name, items, numbers in (
        ("decisions", report.decisions, decision_numbers(report.decisions)),
        ("actions", report.actions, [str(n) for n in range(1, len(report.actions) + 1)]),
    ):
        if directive.name == name and "numbers" in options:
            for number in split_list(options["numbers"]):
                if number not in numbers:
                    problems.append(
                        (
                            f"no {name[:-1]} numbered '{number}'",
                            "numbers: " + ", ".join(numbers) if items else f"the report has no {name}",
                        )
                    )
    return problems


def decision_numbers(decisions: Iterable[Decision]) -> list[str]:
    """Each decision's number as printed: its own, or its place in the list."""
    return [str(d.number) if d.number != "" else str(n) for n, d in enumerate(decisions, 1)]


def directive_findings(text: str, event: Participation) -> list[DirectiveProblem]:
    """The syntax problems of ``text``'s directives and what is wrong with each (errors)."""
    found = directive_problems(text)
    for directive in directives_in(text):
        found += [
            DirectiveProblem(directive.line, directive.column, message, hint)
            for message, hint in check_directive(directive, event)
        ]
    return found


# ---------------------------------------------------------------- placements


@dataclass(frozen=True)
class Placements:
    """Which of the blocks the report prints by default a directive has put elsewhere."""

    kinds: frozenset[str]  # placed wholly: "masthead", "officers", ...
    decisions: frozenset[str]  # decision numbers placed
    actions: frozenset[str]  # action numbers placed

    def placed(self, kind: str) -> bool:
        return kind in self.kinds


def report_texts(report: Report) -> Iterator[str]:
    """Every Markdown text of the report where a directive may stand."""
    for section in report.sections:
        yield section.notes
        for block in (*section.speakers, *section.blocks):
            yield block.text
            yield block.notes
    for annex in report.annexes:
        if not isinstance(annex, str):
            yield annex.text
    yield report.closing


def placements(event: Participation) -> Placements:
    report = event.report
    kinds: set[str] = set()
    decisions: set[str] = set()
    actions: set[str] = set()
    all_decisions = decision_numbers(report.decisions)
    for text in report_texts(report):
        for directive in directives_in(text or ""):
            if directive.name == "decisions":
                decisions.update(selected_decisions(event, directive))
            elif directive.name == "actions":
                actions.update(
                    split_list(directive.options["numbers"])
                    if "numbers" in directive.options
                    else (str(n) for n in range(1, len(report.actions) + 1))
                )
            elif directive.name in PLACEABLE:
                kinds.add(directive.name)
    if all_decisions and set(all_decisions) <= decisions:
        kinds.add("decisions")
    if report.actions and len(actions) >= len(report.actions):
        kinds.add("actions")
    return Placements(frozenset(kinds), frozenset(decisions), frozenset(actions))


def selected_decisions(event: Participation, directive: Directive) -> list[str]:
    """The numbers of the decisions a ``decisions`` directive prints."""
    numbers = decision_numbers(event.report.decisions)
    wanted = set(split_list(directive.options["numbers"])) if "numbers" in directive.options else None
    item = directive.options.get("item", "")
    return [
        number
        for number, decision in zip(numbers, event.report.decisions, strict=True)
        if (wanted is None or number in wanted) and (not item or decision.session == item)
    ]
