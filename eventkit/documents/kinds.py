"""Document kinds and their HTML: one Jinja2 template per kind, rendered from a valid Event.

The HTML is small and semantic (docs/reference/template-html.md); the PDF and DOCX writers both
consume it, so the two formats never disagree in content.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..errors import BuildError
from ..event.model import Event
from ..event.parts import format_date
from ..resources import templates_dir

if TYPE_CHECKING:
    from jinja2 import BytecodeCache
    from jinja2.bccache import Bucket
    from jinja2.sandbox import SandboxedEnvironment

    from ..event.images import EventImages


@dataclass(frozen=True)
class DocumentKind:
    name: str  # file stem and command name
    title: str  # human name, used in document metadata
    on_request: bool = False  # True: only its own command writes it, not `eventkit build` (the sign-in sheet)


DOCUMENT_KINDS = {
    kind.name: kind
    for kind in (
        DocumentKind("concept-note", "Concept note"),
        DocumentKind("agenda", "Agenda"),
        DocumentKind("participants", "List of participants"),
        DocumentKind("speakers", "Speaker biographies"),
        DocumentKind("report", "Report"),
        DocumentKind("sign-in", "Sign-in sheet", on_request=True),
    )
}


def template_dirs(user_templates: Path | None) -> list[Path]:
    """The user's templates folder first (it may override any template or theme.css), then ours."""
    return ([user_templates] if user_templates else []) + [templates_dir()]


def assets_dir(user_templates: Path | None) -> Path:
    """The one folder the PDF renderer may read: the first templates folder holding theme.css."""
    for folder in template_dirs(user_templates):
        if (folder / "theme.css").is_file():
            return folder
    return templates_dir()


COMPILED_TEMPLATES_KEPT = 200


def _bytecode_cache() -> BytecodeCache | None:
    """Compiled templates kept between commands in eventkit's cache folder (``templates/``, see eventkit/cache.py),
    or None when that folder cannot be used. An entry is found by the template's name and file, and used only
    when its text is unchanged (Jinja2 compares a checksum) and it was compiled by this very eventkit, Jinja2 and
    Python: the key holds eventkit's code fingerprint, as the environment (the sandbox, its options) decides the
    code a template compiles to."""
    import sys

    import jinja2

    from ..cache import cache_subfolder, code_fingerprint, prune
    from ..hashing import sha256

    folder = cache_subfolder("templates")
    if folder is None:
        return None
    salt = sha256(f"{jinja2.__version__}\0{sys.version}\0{code_fingerprint()}")

    class CompiledTemplates(jinja2.FileSystemBytecodeCache):
        def get_cache_key(self, name: str, filename: str | None = None) -> str:
            return sha256(f"{salt}\0{name}\0{filename}")

        def load_bytecode(self, bucket: Bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except OSError:  # unreadable: compiled again
                bucket.reset()

        def dump_bytecode(self, bucket: Bucket) -> None:
            try:
                super().dump_bytecode(bucket)  # a temporary file, then a rename
                prune(Path(self.directory), COMPILED_TEMPLATES_KEPT, suffix=".cache")
            except OSError:  # a full disk, a read-only cache: compiled again next time
                pass

    return CompiledTemplates(str(folder), pattern="%s.cache")


@lru_cache(maxsize=8)
def _environment(user_templates: Path | None) -> SandboxedEnvironment:
    """One Jinja2 environment per templates folder, so templates are compiled once per process, and once for
    all commands while they are unchanged (see :func:`_bytecode_cache`).

    Sandboxed: a templates folder may come from someone else, and a template must not reach Python's
    internals (``"".__class__.__mro__``) — that is a template error, not code execution; and limited in time and
    output size (see template_limits.py)."""
    import jinja2

    from ..text.markdown import render_inline, render_markdown
    from .template_limits import limited_sandbox_class

    env = limited_sandbox_class()(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(user_templates)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.do"],
        bytecode_cache=_bytecode_cache(),
    )
    # the filters draw the event's local images: ``images`` (EventImages) from the template's context
    env.filters["markdown"] = jinja2.pass_context(lambda context, text: render_markdown(text, context.get("images")))
    env.filters["inline_markdown"] = jinja2.pass_context(
        lambda context, text: render_inline(text, context.get("images"))
    )
    env.globals["format_date"] = format_date
    return env


def render_html(
    event: Event, kind: str, user_templates: Path | None = None, images: EventImages | None = None, draft: bool = False
) -> str:
    """The HTML of one document kind for ``event``; ``images`` (its EventImages, see images.py) draws its logos and
    local Markdown images (without it, :meth:`EventImages.of` is called here); ``draft`` marks every page DRAFT
    (the report also with ``[report] draft = true``)."""
    import jinja2
    from jinja2.exceptions import SecurityError

    from ..language.localise import Localiser
    from .template_limits import TemplateLimit, render_within_limits

    if kind not in DOCUMENT_KINDS:
        raise BuildError(f"unknown document kind '{kind}' (choose from {', '.join(DOCUMENT_KINDS)})")
    from ..event.images import EventImages
    from ..text.images import ImageProblem

    try:
        images = images if images is not None else EventImages.of(event)
    except ImageProblem as exc:
        raise BuildError(f"image: {exc}") from exc
    local = Localiser(event)
    name = local.document_name(kind)
    try:
        template = _environment(user_templates).get_template(f"{kind}.html.j2")
        from .directions import mark_directions
        from .programme_view import ProgrammeView
        from .report_view import ReportView
        from .table_layout import lay_out_tables

        html = render_within_limits(
            template,
            dict(
                event=event,
                document_kind=kind,
                document_name=name,
                version=__version__,
                label=local.label,
                local=local,
                programme=ProgrammeView(event, local),
                record=ReportView(event, local),
                images=images,
                draft=draft or (kind == "report" and event.report.draft),
            ),
        )
        # the tables laid out once for both writers; each paragraph and isolate in the direction of its own letters
        return mark_directions(lay_out_tables(html))
    except ImageProblem as exc:  # a file changed since the event was checked
        raise BuildError(f"image: {exc}") from exc
    except jinja2.TemplateNotFound as exc:
        raise BuildError(
            f"template {exc.name} not found in {', '.join(map(str, template_dirs(user_templates)))}"
        ) from exc
    except Exception as exc:  # a template error, or any error raised while rendering (a user's {{ 1 // 0 }})
        where = f"{exc.filename}:{exc.lineno}" if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename else ""
        if not where:  # runtime errors (an undefined variable) carry no location: take the template's frame
            import traceback

            frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
            where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else ""
        what = str(exc) if isinstance(exc, (jinja2.TemplateError, TemplateLimit)) else f"{type(exc).__name__}: {exc}"
        if isinstance(exc, SecurityError):
            what = f"refused by the template sandbox: {exc}"
        raise BuildError(f"template error in {where}: {what}" if where else f"template error: {what}") from exc
