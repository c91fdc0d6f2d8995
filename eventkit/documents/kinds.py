"""Document kinds and their HTML: one Jinja2 template per kind, rendered from a valid Event.

The HTML is small and semantic (docs/reference/template-html.md); the PDF and DOCX writers both
consume it, so the two formats never disagree in content.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import __version__
from ..errors import BuildError
from ..event.model import Event, format_date
from ..resources import templates_dir


@dataclass(frozen=True)
class DocumentKind:
    name: str       # file stem and command name
    title: str      # human name, used in document metadata
    on_request: bool = False  # True: only its own command writes it, not `eventkit build` (the sign-in sheet)


DOCUMENT_KINDS = {
    kind.name: kind for kind in (
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


@lru_cache(maxsize=8)
def _environment(user_templates: Path | None):
    """One Jinja2 environment per templates folder, so templates are compiled once per process.

    Sandboxed: a templates folder may come from someone else, and a template must not reach Python's
    internals (``"".__class__.__mro__``) — that is a template error, not code execution; and limited in time and
    output size (see template_limits.py)."""
    import jinja2

    from ..text.markdown import render_inline, render_markdown
    from .template_limits import limited_sandbox_class

    env = limited_sandbox_class()(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(user_templates)]),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    # the filters draw the event's local images: ``images`` (EventImages) from the template's context
    env.filters["markdown"] = jinja2.pass_context(lambda context, text: render_markdown(text, context.get("images")))
    env.filters["inline_markdown"] = jinja2.pass_context(lambda context, text: render_inline(text, context.get("images")))
    env.globals["format_date"] = format_date
    return env


def render_html(event: Event, kind: str, user_templates: Path | None = None, images=None) -> str:
    """The HTML of one document kind for ``event``; ``images`` (its EventImages, see images.py) draws its logos and
    local Markdown images (without it, :meth:`EventImages.of` is called here)."""
    import jinja2
    from jinja2.sandbox import SecurityError

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
        html = render_within_limits(template, dict(
            event=event, document_kind=kind, document_name=name, version=__version__, label=local.label,
            local=local, programme=ProgrammeView(event, local), images=images))
        return mark_directions(html)  # each paragraph and isolate in the direction of its own letters
    except ImageProblem as exc:   # a file changed since the event was checked
        raise BuildError(f"image: {exc}") from exc
    except jinja2.TemplateNotFound as exc:
        raise BuildError(f"template {exc.name} not found in {', '.join(map(str, template_dirs(user_templates)))}") from exc
    except Exception as exc:  # a template error, or any error raised while rendering (a user's {{ 1 // 0 }})
        syntax = isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename
        where = f"{exc.filename}:{exc.lineno}" if syntax else ""
        if not where:  # runtime errors (an undefined variable) carry no location: take the template's frame
            import traceback
            frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
            where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else ""
        what = str(exc) if isinstance(exc, (jinja2.TemplateError, TemplateLimit)) else f"{type(exc).__name__}: {exc}"
        if isinstance(exc, SecurityError):
            what = f"refused by the template sandbox: {exc}"
        raise BuildError(f"template error in {where}: {what}" if where else f"template error: {what}") from exc
