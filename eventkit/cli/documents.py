"""Making the documents: `eventkit build`, the single-document commands (report, agenda, ... sign-in) and `doctor`."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..errors import BuildError, one_line
from .common import InputPath, OutputPath, RegularFile, fail, main, print_problem, say

if TYPE_CHECKING:
    from ..build.targets import Target
    from ..event.model import Event

Decorated = TypeVar("Decorated", bound=Callable[..., Any])


def load_for_build(path: Path, strict: bool = False) -> Event:
    """Like load_or_exit, and also print the warnings about characters no installed font has (they would print as
    empty boxes); with ``strict`` they are errors."""
    from ..documents.event_checks import check_event_file
    from ..documents.fonts import GLYPH_MESSAGE

    result = check_event_file(path, lint=False)
    glyphs = [p for p in result.warnings if p.message.startswith(GLYPH_MESSAGE)]
    for problem in result.errors + glyphs:
        print_problem(problem)
    if result.event is None or (strict and glyphs):
        sys.exit(1)
    return result.event


def parse_formats(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    from ..build.conversion import FORMATS

    formats = tuple(f.strip().lower() for f in value.split(",") if f.strip())
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise click.BadParameter(f"'{value}': choose from {', '.join(FORMATS)} (comma-separated)")
    return formats


def output_options(command: Decorated) -> Decorated:
    """Options shared by `build` and the single-document commands."""
    command = click.option(
        "-o",
        "--output",
        "output",
        type=OutputPath(path_type=Path, file_okay=False),
        help="Output folder (default build/<event id>/; with several events, DIR/<event id>/).",
    )(command)
    command = click.option(
        "--format",
        "formats",
        default="docx,pdf",
        show_default=True,
        callback=parse_formats,
        help="Comma-separated formats: docx, pdf, html.",
    )(command)
    command = click.option(
        "--templates",
        type=click.Path(path_type=Path, file_okay=False, exists=True),
        help="Your own templates folder; its files override ours (templates, theme.css, reference.docx).",
    )(command)
    command = click.option(
        "--reference-docx", type=RegularFile(), help="Word file whose styles the DOCX documents use."
    )(command)
    command = click.option(
        "-j", "--jobs", type=click.IntRange(min=1), metavar="N", help="Worker processes (default: the number of cores)."
    )(command)
    command = click.option(
        "--language",
        "languages",
        multiple=True,
        metavar="TAG",
        help="Only this language of an event issued in several ([event] languages); "
        "repeat it for several: --language fr --language ar.",
    )(command)
    command = click.option(
        "--draft",
        is_flag=True,
        help="Mark the documents DRAFT: across every PDF page, a watermark in Word "
        "(the report also with [report] draft = true).",
    )(command)
    return command


def build_events(
    paths: tuple[Path, ...],
    output: Path | None,
    kinds: tuple[str, ...],
    formats: tuple[str, ...],
    templates: Path | None,
    reference_docx: Path | None,
    with_invite: bool,
    strict: bool = False,
    archival_pdf: bool = False,
    jobs: int | None = None,
    force: bool = False,
    use_manifest: bool = True,
    languages: tuple[str, ...] = (),
    draft: bool = False,
) -> None:
    """Validate every event first (nothing is written if one is invalid), then build what changed since the last
    build (see build/manifest.py; everything without ``use_manifest``) in ``jobs`` worker processes: each event in
    each of its languages (``languages``: only those), into the folders of build/targets.py. Whether anything
    changed is decided from hashes before WeasyPrint or python-docx is imported, and only when there is something
    to make is the machine checked for what making it needs."""
    from ..build.builder import EventBuildError, plan_build, run_build
    from ..build.conversion import BuildOptions
    from ..build.targets import TargetError, build_targets
    from ..build.workers import default_jobs
    from ..output import IncompleteReplacement

    events = [load_for_build(path, strict) for path in paths]
    try:
        chosen = build_targets(list(zip(paths, events, strict=True)), output, languages)
    except TargetError as exc:
        for problem in exc.problems:
            print_problem(problem)
        fail("nothing was built")
    options = BuildOptions(
        formats=formats, templates=templates, reference_docx=reference_docx, archival_pdf=archival_pdf, draft=draft
    )
    several = len(chosen) > 1
    targets = [(target.event, target.directory) for target in chosen]
    try:
        plans = plan_build(targets, kinds, options, with_invite, force, use_manifest)
        total = sum(plan.outstanding for plan in plans)
        to_make = tuple(fmt for fmt in formats if any(c.fmt == fmt for plan in plans for c in plan.conversions))
        if to_make:  # an unchanged build imports neither WeasyPrint nor python-docx
            refuse_without_build_environment(to_make, templates)
        for number, (target, plan) in enumerate(zip(chosen, plans, strict=True), 1):
            prefix = f"[{number}/{len(chosen)}] " if several else ""
            todo = (
                f"{plan.outstanding} to make, {len(plan.unchanged)} unchanged"
                if plan.unchanged
                else f"{plan.outstanding} files"
            )
            say(f"{prefix}{target.file} -> {plan.directory}/ ({todo})", err=True)
        if sys.stderr.isatty() and total:
            with click.progressbar(
                length=total,
                label="building",
                file=sys.stderr,
                show_pos=True,
                item_show_func=lambda name: name and one_line(Path(name).name),
            ) as bar:
                results = run_build(plans, options, jobs or default_jobs(), lambda name: bar.update(1, name))
        else:
            results = run_build(plans, options, jobs or default_jobs(), lambda name: say(f"    {name}", err=True))
    except EventBuildError as exc:
        target = chosen[exc.number]
        several_languages = target.directory.name == target.language
        language = f" ('{target.language}')" if several_languages else ""
        fail(
            f"{target.file}{language}: {exc} (nothing was written for this "
            f"{'language' if several_languages else 'event'})"
        )
    except BuildError as exc:
        fail(f"{exc} (nothing was written)")
    except IncompleteReplacement as exc:
        fail(f"{exc.filename}: {exc.strerror}")
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        fail(f"cannot write{where}: {exc.strerror or exc} (its folder holds the files of the last build, unchanged)")
    for result in results:
        for warning in result.warnings:
            say(f"{result.directory}/: warning: {warning}", err=True)
        unchanged = f" ({len(result.unchanged)} unchanged)" if result.unchanged else ""
        written = ", ".join(f.name for f in result.files) or "nothing to rewrite"
        say(f"{result.directory}/: {written}{unchanged}")
    note_earlier_single_language_builds(chosen)


def note_earlier_single_language_builds(targets: list[Target]) -> None:
    """An event now issued in several languages, whose folder still holds the files of an earlier build in one
    language: they are not rebuilt any more (each language has its folder), so say so rather than leave them to be
    mistaken for current ones."""
    from ..build.manifest import MANIFEST_NAME

    for folder in dict.fromkeys(t.directory.parent for t in targets if t.directory.name == t.language):
        if (folder / MANIFEST_NAME).is_file():
            say(
                f"note: {folder}/ still holds the documents of a build in one language; each language now has "
                f"its folder ({folder}/<language>/): delete the old files",
                err=True,
            )


@main.command()
@click.argument("events", nargs=-1, required=True, type=InputPath())
@output_options
@click.option("--no-invite", is_flag=True, help="Do not write invite.ics.")
@click.option("--strict", is_flag=True, help="Fail when a character of the event has no installed font.")
@click.option(
    "--pdf-a",
    "archival_pdf",
    is_flag=True,
    help="Write archival PDF/A-3b instead of accessible PDF/UA-1 (both are tagged).",
)
@click.option(
    "--force", is_flag=True, help="Rebuild and rewrite every file, even those the build manifest says are up to date."
)
def build(
    events: tuple[Path, ...],
    output: Path | None,
    formats: tuple[str, ...],
    templates: Path | None,
    reference_docx: Path | None,
    force: bool,
    jobs: int | None,
    no_invite: bool,
    strict: bool,
    archival_pdf: bool,
    languages: tuple[str, ...],
    draft: bool,
) -> None:
    """Write every document (concept note, agenda, participants, speakers, report; DOCX and PDF)
    and invite.ics for each EVENT.

    An event issued in several languages ([event] languages) gets a folder per language, build/<id>/<language>/.
    Only what changed since the last build is rewritten (a manifest in the output folder remembers what each
    file was made from); --force rebuilds everything."""
    from ..documents.kinds import DOCUMENT_KINDS

    kinds = tuple(name for name, kind in DOCUMENT_KINDS.items() if not kind.on_request)
    build_events(
        events,
        output,
        kinds,
        formats,
        templates,
        reference_docx,
        not no_invite,
        strict,
        archival_pdf,
        jobs,
        force,
        languages=languages,
        draft=draft,
    )


def document_command(kind: str, summary: str) -> click.Command:
    @main.command(name=kind, help=f"Write the {summary} of EVENT (DOCX and PDF by default).")
    @click.argument("event", type=InputPath())
    @output_options
    def command(
        event: Path,
        output: Path | None,
        formats: tuple[str, ...],
        templates: Path | None,
        reference_docx: Path | None,
        jobs: int | None,
        languages: tuple[str, ...],
        draft: bool,
    ) -> None:
        build_events(
            (event,),
            output,
            (kind,),
            formats,
            templates,
            reference_docx,
            with_invite=False,
            jobs=jobs,
            use_manifest=False,
            languages=languages,
            draft=draft,
        )

    return command


for _kind, _summary in (
    ("report", "report (summary report, note for file or minutes)"),
    ("agenda", "agenda"),
    ("concept-note", "concept note"),
    ("participants", "list of participants"),
    ("speakers", "speaker biographies"),
    ("sign-in", "sign-in sheet (participants by delegation, with a signature column; not part of build)"),
):
    document_command(_kind, _summary)


@main.command()
@click.option(
    "-o",
    "--output",
    type=OutputPath(path_type=Path),
    default=Path("build"),
    show_default=True,
    help="The output folder a build would write to.",
)
@click.option(
    "--templates",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Your own templates folder, as given to build (its theme.css decides the fonts).",
)
def doctor(output: Path, templates: Path | None) -> None:
    """Check what a build needs on this machine, one line per item with the fix: Python, WeasyPrint and Pango,
    HarfBuzz's subsetter, the theme's fonts and fallback fonts per script, LibreOffice (optional), the output
    folder and the templates folder in use.

    Exits 0 when a build will work, 1 when it will not."""
    from ..build.environment import diagnose

    findings = diagnose(output, templates)
    for finding in findings:
        fix = f"  (fix: {finding.fix})" if finding.fix and finding.status != "ok" else ""
        say(f"{finding.status:<8} {finding.item}: {finding.detail}{fix}")
    blocking = sum(finding.blocks_build for finding in findings)
    if blocking:
        fail(f"a build will fail here: {blocking} item{'s' * (blocking != 1)} missing (see the fix on each line)")
    say("a build will work here")


def refuse_without_build_environment(formats: tuple[str, ...], templates: Path | None) -> None:
    """Stop a build that cannot work on this machine (a missing package, library or font), pointing to doctor."""
    from ..build.environment import build_blocker

    problem = build_blocker(formats, templates)
    if problem:
        fail(f"cannot build here: {problem} (run `eventkit doctor` for the fix)")
