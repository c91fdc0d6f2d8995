"""Where a build writes each event in each of its languages, and the builds it refuses before writing anything.

Layout: an event issued in one language writes into ``build/<event id>/`` (as it always has); an event issued in
several (``[event] languages``) writes each language into its own folder, ``build/<event id>/<language>/``
(``build/x/en/``, ``build/x/fr/``, ``build/x/ar/``), each with all its documents, its invite.ics and its build
manifest. With ``-o DIR``: DIR itself for one event (``DIR/<language>/`` for several languages), ``DIR/<event
id>/...`` for several events. ``--language`` builds a subset; the layout does not depend on it.

Refused, with the files named: two events with the same id (their documents and invites would be one event's,
and one would overwrite the other), and two outputs that would land in the same folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import BuildError, Problem
from ..event.model import Event


@dataclass(frozen=True)
class Target:
    """One event in one language, and the folder its files go to."""

    event: Event  # as issued in ``language``
    directory: Path
    file: Path  # the event file
    language: str
    number: int  # the event's index in the build (errors name its file)


class TargetError(BuildError):
    """A build refused before anything was made: the located problems say why."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def event_directory(event: Event, out: Path | None, several: bool) -> Path:
    """build/<event id>/ by default; with -o DIR, DIR itself for one event and DIR/<event id>/ for several."""
    if out is None:
        return Path("build") / event.id
    return out / event.id if several else out


def build_targets(events: list[tuple[Path, Event]], out: Path | None, only: tuple[str, ...] = ()) -> list[Target]:
    """Every (event, language) of the build with its folder; ``only`` (``--language``) picks languages.
    Raises :class:`TargetError` for a language no event is issued in, two events with one id, or two outputs
    in one folder."""
    from ..language.translation import in_language, issued_languages

    _refuse_same_ids(events)
    several = len(events) > 1
    targets: list[Target] = []
    problems: list[Problem] = []
    for number, (path, event) in enumerate(events):
        languages = issued_languages(event)
        chosen = [language for language in languages if not only or language.lower() in {o.lower() for o in only}]
        if only and not chosen:
            problems.append(
                Problem(
                    str(path),
                    *_position(path, ("event", "languages")),
                    "event.languages",
                    f"is issued in {', '.join(languages)}, not in {', '.join(only)}",
                    "choose --language among them, or add the language to [event] languages",
                )
            )
            continue
        folder = event_directory(event, out, several)
        for language in chosen:
            directory = folder / language if len(languages) > 1 else folder
            targets.append(Target(in_language(event, language), directory, path, language, number))
    if problems:
        raise TargetError(problems)
    _refuse_shared_folders(targets)
    return targets


def _refuse_same_ids(events: list[tuple[Path, Event]]) -> None:
    """Two event files with one id (compared as a case-insensitive file system would: 'Meeting' and 'meeting')."""
    first: dict[str, Path] = {}
    problems = []
    for path, event in events:
        key = event.id.casefold()
        if key in first and _same_file(first[key], path):
            problems.append(Problem(str(path), 0, 0, "", "is given twice", "name each event file once"))
        elif key in first:
            other = first[key]
            line, column = _position(other, ("event", "id"))
            where = f"{other}:{line}:{column}" if line else f"{other} (from its file name)"
            problems.append(
                Problem(
                    str(path),
                    *_position(path, ("event", "id")),
                    "event.id",
                    f"'{event.id}' is also the id of {where}: one event's documents, invites and "
                    f"replies would overwrite the other's",
                    "give each event file its own "
                    "[event] id; a translation belongs in [event] languages, not in a copy",
                )
            )
        first.setdefault(key, path)
    if problems:
        raise TargetError(problems)


def _refuse_shared_folders(targets: list[Target]) -> None:
    """Two outputs in one folder, or one inside the other's (compared resolved and case-insensitively)."""
    seen: dict[str, Target] = {}
    problems = []
    for target in targets:
        key = str(target.directory.resolve()).casefold()
        clash = seen.get(key) or next(
            (
                t
                for k, t in seen.items()
                if t.number != target.number and (key.startswith(k + "/") or k.startswith(key + "/"))
            ),
            None,
        )
        if clash is not None and (clash.number != target.number or clash.language != target.language):
            problems.append(
                Problem(
                    str(target.file),
                    *_position(target.file, ("event", "id")),
                    "event.id",
                    f"its '{target.language}' documents would be written to {target.directory}/, "
                    f"where {clash.file} ('{clash.language}') writes too",
                    "give the events different ids, or build them with different -o folders",
                )
            )
        seen.setdefault(key, target)
    if problems:
        raise TargetError(problems)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _position(path: Path, key: tuple[str | int, ...]) -> tuple[int, int]:
    """Line and column of ``key`` in the event file (0, 0 when it is not written there: an id from the file name)."""
    from ..event.positions import key_positions

    try:
        position = key_positions(path.read_text(encoding="utf-8")).get(key)
    except (OSError, UnicodeError):
        return 0, 0
    return (position.line, position.value_column) if position else (0, 0)
