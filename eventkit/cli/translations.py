"""`eventkit translations`: the file for a translator, and reading the translated file back."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .common import InputPath, fail, load_or_exit, main, print_problem, say

if TYPE_CHECKING:
    from ..event.model import Event


@main.command()
@click.argument("event", type=InputPath())
@click.option(
    "--language",
    required=True,
    metavar="TAG",
    help="The language to translate into: one of the event's [event] languages.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Where to write the file for the translator (default build/<event id>/translations/<name>.<language>.po).",
)
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help="Every text, the translated ones filled in (for a full review), not only what is left to do.",
)
@click.option(
    "--import",
    "returned",
    type=click.Path(path_type=Path),
    help="Read the translator's file back into <name>.<language>.po beside EVENT.",
)
def translations(event: Path, language: str, output: Path | None, everything: bool, returned: Path | None) -> None:
    """Translate EVENT into one of its languages through a translator: write a PO file of the texts still to
    translate (each text once, with the fields it is used in), which every translation tool opens (Poedit,
    OmegaT, Trados, memoQ, Weblate ...); then, with --import FILE, read the translated file back into
    <name>.<language>.po beside EVENT, the file the documents of that language are translated from.

    \b
    eventkit translations events/x.toml --language fr            # -> build/x/translations/x.fr.po
    eventkit translations events/x.toml --language fr --import x.fr.po
    """
    from ..language.translation import is_original, issued_languages

    loaded = load_or_exit(event)
    languages = issued_languages(loaded)
    chosen = next((tag for tag in languages if tag.lower() == language.lower()), None)
    if chosen is None:
        raise click.BadParameter(
            f"{event} is issued in {', '.join(languages)} ([event] languages), not in '{language}'",
            param_hint="--language",
        )
    if is_original(loaded, chosen):
        raise click.BadParameter(
            f"{event} is written in '{chosen}' ([event] language): there is nothing to translate into it",
            param_hint="--language",
        )
    if returned is not None:
        if output is not None or everything:
            raise click.UsageError("--import reads a file back: -o and --all are for writing one")
        read_back(loaded, event, chosen, returned)
    else:
        write_for_translator(loaded, event, chosen, output, everything)


def write_for_translator(loaded: Event, event: Path, language: str, output: Path | None, everything: bool) -> None:
    from ..language.translation_exchange import export_for_translator
    from ..output import write_atomically

    export = export_for_translator(loaded, event, language, everything)
    if not export.count:
        say(f"{event}: nothing left to translate into '{language}' (--all writes every text for a review)")
        return
    path = output or Path("build") / loaded.id / "translations" / f"{event.stem}.{language}.po"
    try:
        write_atomically(path, export.data)
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror or exc}")
    changed = (
        f" ({export.changed} changed since they were translated: the old translation is a suggestion)"
        if export.changed
        else ""
    )
    what = "text" + "s" * (export.count != 1) + ("" if everything else " to translate")
    say(f"{path}: {export.count} {what} into '{language}'{changed}")
    say(
        f"send it to the translator; then: eventkit translations {event} --language {language} --import "
        f"<the translated file>"
    )


def read_back(loaded: Event, event: Path, language: str, returned: Path) -> None:
    from ..language.translation_exchange import import_from_translator
    from ..output import write_atomically

    result = import_from_translator(loaded, event, language, returned)
    for problem in result.problems:
        print_problem(problem)
    if result.problems:
        fail(f"nothing was imported into {result.path}")
    for note in result.notes:
        say(f"{returned}: {note}", err=True)
    if result.data is not None:
        try:
            write_atomically(result.path, result.data)
        except OSError as exc:
            fail(f"cannot write {result.path}: {exc.strerror or exc}")
    counts = [
        f"{count} {word}"
        for count, word in ((result.new, "new"), (result.changed, "changed"), (result.unchanged, "unchanged"))
        if count
    ]
    state = "updated" if result.data is not None else "unchanged"
    say(
        f"{result.path}: {state}; {', '.join(counts) or 'no translations'} from {returned}; "
        f"{result.remaining} text{'s' * (result.remaining != 1)} still to translate into '{language}'"
    )
    if not (result.new or result.changed or result.unchanged):
        sys.exit(1)
