"""Building an event's documents: HTML from the templates, then PDF and DOCX from that same HTML.

Everything for one event is produced in memory first and written only when all of it succeeded, as one set with
its manifest (see :mod:`eventkit.output`), so a failed or stopped build leaves the previous files as they were.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from ..calendar.requirements import invite_problem
from ..documents.kinds import DOCUMENT_KINDS, assets_dir, render_html, template_dirs
from ..errors import BuildError
from ..event.images import EventImages
from ..event.model import Event
from ..hashing import sha256
from ..output import recover, replace_files
from ..text.images import ImageProblem
from .conversion import BuildOptions
from .manifest import MANIFEST_NAME, Manifest, document_input, document_source, event_source, invite_input, writer_key
from .workers import Conversion, failed_conversion, run_conversions


@dataclass
class BuildResult:
    event: Event
    directory: Path
    files: list[Path] = field(default_factory=list)  # written by this build
    unchanged: list[Path] = field(default_factory=list)  # already up to date, left untouched
    warnings: list[str] = field(default_factory=list)  # what the build left out, and why


def output_directory(event: Event, out: Path | None, several: bool) -> Path:
    """build/<event id>/ by default; with -o DIR, DIR itself for one event and DIR/<event id>/ for several (the
    folder of an event's invites; its documents in several languages: targets.py)."""
    from .targets import event_directory

    return event_directory(event, out, several)


class EventBuildError(BuildError):
    """A build failure of one event (nothing was written for it); ``number`` is its index in the build."""

    def __init__(self, number: int, message: str):
        super().__init__(message)
        self.number = number


@dataclass
class EventPlan:
    """What a build does for one event: the conversions to run and the files already up to date."""

    event: Event
    directory: Path
    manifest: Manifest
    names: list[str] = field(default_factory=list)  # every file of this event, in order
    conversions: list[Conversion] = field(default_factory=list)  # out of date: to be made
    invite_hash: str | None = None  # invite.ics to be made, with this input hash
    unchanged: list[str] = field(default_factory=list)
    results: dict[str, bytes] = field(default_factory=dict)
    force: bool = False  # write every file, even unchanged bytes
    sources: dict[str, str] = field(default_factory=dict)  # each document's source hash
    use_manifest: bool = True
    removals: dict[str, str] = field(default_factory=dict)  # files eventkit wrote that go (name -> hash)
    warnings: list[str] = field(default_factory=list)

    @property
    def outstanding(self) -> int:
        return len(self.conversions) + (self.invite_hash is not None)


DEFAULT_OPTIONS = BuildOptions()  # the options of a plain `eventkit build` (frozen: one instance serves every call)


def plan_build(
    targets: list[tuple[Event, Path]],
    kinds: tuple[str, ...] = tuple(DOCUMENT_KINDS),
    options: BuildOptions = DEFAULT_OPTIONS,
    with_invite: bool = True,
    force: bool = False,
    use_manifest: bool = True,
) -> list[EventPlan]:
    """Render every document's HTML and compare with each output folder's manifest (see manifest.py):
    only what is out of date (everything, with ``force``) is left to convert. Without ``use_manifest`` (the
    single-document commands) everything is made and no manifest is read or written."""
    plans = []
    keys = {
        fmt: writer_key(
            fmt,
            assets_dir(options.templates),
            options.reference_docx_path() if fmt == "docx" else None,
            options.archival_pdf,
        )
        for fmt in options.formats
    }
    for number, (event, directory) in enumerate(targets):
        recover(directory)  # a build killed while putting its files in place is finished first
        manifest = Manifest.load(directory) if use_manifest else Manifest(directory)
        plan = EventPlan(event, directory, manifest, force=force or not use_manifest, use_manifest=use_manifest)
        try:
            images = EventImages.of(event)  # verified here, before anything is rendered or written
        except ImageProblem as exc:
            raise EventBuildError(number, f"image: {exc}") from exc
        image_key = images.fingerprint()  # a changed logo or photo rebuilds the documents
        common = sha256(
            event_source(event, template_dirs(options.templates)) + image_key + ("draft" if options.draft else "")
        )
        for kind in kinds:
            names = {fmt: f"{kind}.{fmt}" for fmt in options.formats}
            plan.names.extend(names.values())
            for fmt, name in names.items():
                plan.sources[name] = document_source(common, kind, fmt, keys[fmt])
            if not plan.force and all(plan.manifest.is_current(n, plan.sources[n], "source") for n in names.values()):
                plan.unchanged.extend(names.values())  # nothing this document is made from changed: no rendering
                continue
            try:
                html = render_html(
                    event, kind, options.templates, images, options.draft
                )  # once: every format is made from the same HTML
            except BuildError as exc:
                raise EventBuildError(number, str(exc)) from exc
            for fmt, name in names.items():
                input_hash = document_input(html, fmt, sha256(keys[fmt] + image_key))
                if not plan.force and plan.manifest.is_current(name, input_hash):
                    plan.unchanged.append(name)
                else:
                    plan.conversions.append(Conversion(number, name, fmt, html, input_hash, images.paths()))
        problem = invite_problem(event) if with_invite else None
        if problem:  # `check` accepted the event with a warning: the documents are made, invite.ics is not
            plan.warnings.append(f"invite.ics not written: {problem}")
            written = plan.manifest.written_by_us("invite.ics")
            if written:  # the last build's invite.ics no longer matches the event
                plan.removals["invite.ics"] = written
                plan.manifest.forget("invite.ics")
                plan.warnings.append("the invite.ics of the last build was removed")
        elif with_invite:
            plan.names.append("invite.ics")
            invite_hash = invite_input(event.source) if event.source else None
            if invite_hash and not force and plan.manifest.is_current("invite.ics", invite_hash):
                plan.unchanged.append("invite.ics")
            else:
                plan.invite_hash = invite_hash or "none"
        plans.append(plan)
    return plans


def run_build(
    plans: list[EventPlan],
    options: BuildOptions = DEFAULT_OPTIONS,
    jobs: int = 1,
    progress: Callable[[str], None] = lambda name: None,
) -> list[BuildResult]:
    """Make what ``plans`` left to do (in ``jobs`` worker processes), then write each event's changed files and
    its manifest as soon as all of that event's files are made; a file whose bytes did not change is not
    rewritten. ``progress`` is called with each file's path as it is made."""
    results: dict[int, BuildResult] = {}

    def finish(number: int) -> None:
        plan = plans[number]
        files = {
            name: data for name, data in plan.results.items() if plan.force or plan.manifest.needs_writing(name, data)
        }
        for conversion in plan.conversions:
            plan.manifest.record(
                conversion.name,
                conversion.input_hash,
                sha256(plan.results[conversion.name]),
                plan.sources[conversion.name],
            )
        for name in plan.unchanged:  # same HTML from a changed source: remember the new source
            entry = plan.manifest.entries[name]
            plan.manifest.record(name, entry["input"], entry["output"], plan.sources.get(name))
        if plan.invite_hash is not None:  # the state as this build left it (issuing may have raised a SEQUENCE)
            issued = invite_input(plan.event.source) if plan.event.source else plan.invite_hash
            plan.manifest.record("invite.ics", issued, sha256(plan.results["invite.ics"]))
        manifest = plan.manifest.pending_text() if plan.use_manifest else None
        writing: dict[str, bytes | str] = {**files, **({MANIFEST_NAME: manifest} if manifest is not None else {})}
        if writing or plan.removals:
            replace_files(plan.directory, writing, plan.removals)  # the files and their manifest, as one set
        plan.manifest.changed = False
        results[number] = BuildResult(
            plan.event,
            plan.directory,
            [plan.directory / n for n in plan.names if n in files],
            [plan.directory / n for n in plan.names if n not in files],
            plan.warnings,
        )

    def invites() -> None:
        for number, plan in enumerate(plans):
            if plan.invite_hash is None:
                continue
            try:
                plan.results["invite.ics"] = invite_for_build(plan.event)
            except BuildError as exc:
                raise EventBuildError(number, str(exc)) from exc
            progress(str(plan.directory / "invite.ics"))
            if plan.outstanding == len(plan.results):
                finish(number)

    for number, plan in enumerate(plans):
        if plan.outstanding == 0:
            finish(number)
    conversions = [c for plan in plans for c in plan.conversions]
    try:
        with closing(run_conversions(conversions, options, jobs, while_waiting=invites)) as converted:
            for conversion, data in converted:
                plan = plans[conversion.owner]
                plan.results[conversion.name] = data
                progress(str(plan.directory / conversion.name))
                if plan.outstanding == len(plan.results):
                    finish(conversion.owner)
    except EventBuildError:
        raise
    except BuildError as exc:
        failed = failed_conversion(exc)
        raise EventBuildError(failed.owner if failed else 0, str(exc)) from exc
    return [results[number] for number in sorted(results)]


def build_event(
    event: Event,
    directory: Path,
    kinds: tuple[str, ...] = tuple(DOCUMENT_KINDS),
    options: BuildOptions = DEFAULT_OPTIONS,
    with_invite: bool = True,
    progress: Callable[[str], None] = lambda message: None,
    *,
    jobs: int = 1,
    force: bool = False,
) -> BuildResult:
    """Produce ``kinds`` × ``options.formats`` (and invite.ics) for ``event`` and write into ``directory`` what
    changed since the last build (everything with ``force``)."""
    plans = plan_build([(event, directory)], kinds, options, with_invite, force)
    return run_build(plans, options, jobs, progress)[0]


def invite_for_build(event: Event) -> bytes:
    """invite.ics for `eventkit build` in the event's language, sharing (and updating) the state file with
    `eventkit invites`; an event issued in several languages has the same UIDs and SEQUENCE in each (see
    calendar/translated_invites.py)."""
    from ..calendar.invites import load_state, save_state
    from ..calendar.translated_invites import invites_in_languages
    from ..participants.replies import declined, load_replies  # who declined is left out, as by `eventkit invites`

    state = load_state(event.source) if event.source else {}
    leave_out = declined(event, load_replies(event.source)) if event.source else {}
    by_language = invites_in_languages(event, state, leave_out=leave_out)
    if event.source:
        save_state(event.source, next(iter(by_language.values())).state)
    return by_language[event.event.language].files[0].data
