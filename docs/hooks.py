"""MkDocs hooks: the parts of the documentation that are generated from the code at build time, so they cannot
fall behind it.

A page asks for one with a marker line of its own:

- ``<!-- eventkit: event file fields -->``: every table and field of the event file, from the model's description
  (the same description the JSON Schema is made from: ``eventkit/event/model_description.py``);
- ``<!-- eventkit: labels -->``: every label key with its English text;
- ``<!-- eventkit: module map -->``: every package and module of ``eventkit/`` with the first sentence of its
  docstring;
- ``<!-- eventkit: commands -->``: every command of the command line, read from click: its usage, its help and its
  options as ``--help`` prints them.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "eventkit"
# The layers from the top down (tests/test_layers.py keeps each importing only those below it); the package's own
# modules (errors, output, hashing, resources) are below them all.
LAYERS = ("cli", "preview", "build", "documents", "participants", "calendar", "language", "event", "text")


def _field_reference() -> str:
    from eventkit.event.field_reference import field_reference

    return field_reference()


def _labels() -> str:
    from eventkit.language.labels import ENGLISH

    rows = ["| key | English |", "|---|---|"]
    for key, text in ENGLISH.items():
        shown = text.replace("|", "\\|").replace("\n", " ") if text else "*(empty)*"
        rows.append(f"| `{key}` | {shown} |")
    return "\n".join(rows) + "\n"


def _first_sentence(source: str) -> str:
    doc = ast.get_docstring(ast.parse(source)) or ""
    paragraph = " ".join(doc.split("\n\n")[0].split())
    match = re.match(r"(.+?[^.]\.)(\s+[A-Z`(]|$)", paragraph)  # a full stop before a new sentence, not "e.g."
    sentence = (match.group(1) if match else paragraph).rstrip(".")
    # reStructuredText roles (:mod:`x`, ``x``) read as code in Markdown
    return re.sub(r":\w+:`~?([^`]+)`", r"`\1`", sentence).replace("``", "`")


def _module_map() -> str:
    def layer_first(init: Path) -> tuple:
        parts = init.parent.relative_to(PACKAGE).parts
        top = LAYERS.index(parts[0]) if parts and parts[0] in LAYERS else len(LAYERS)
        return top, parts

    lines = []
    for init in sorted(PACKAGE.rglob("__init__.py"), key=layer_first):
        folder = init.parent
        if "__pycache__" in folder.parts:
            continue
        name = folder.relative_to(PACKAGE.parent).as_posix()
        lines.append(f"- **`{name}/`** — {_first_sentence(init.read_text(encoding='utf-8'))}")
        for module in sorted(folder.glob("*.py")):
            if module.name != "__init__.py":
                lines.append(f"    - `{module.name}` — {_first_sentence(module.read_text(encoding='utf-8'))}")
    return "\n".join(lines) + "\n"


def _help_paragraphs(text: str) -> list[str]:
    """A command's help as Markdown paragraphs: click's ``\\b`` paragraphs (kept as written) become code blocks."""
    import inspect

    paragraphs = []
    for paragraph in inspect.cleandoc(text).split("\n\n"):
        if paragraph.startswith("\b\n"):
            paragraphs.append("```\n" + paragraph[2:] + "\n```")
        else:
            paragraphs.append(" ".join(paragraph.split()))
    return paragraphs


def _escaped(text: str) -> str:
    """Help text as Markdown text: <event id> is a placeholder, not an HTML tag (code blocks are left alone)."""
    return text if text.startswith("```") else text.replace("<", "&lt;")


def _commands() -> str:
    import click

    from eventkit.cli import main

    context = click.Context(main, info_name="eventkit", **main.context_settings)
    sections = []
    for name in sorted(main.list_commands(context)):
        command = main.get_command(context, name)
        sub = click.Context(command, info_name=name, parent=context)
        lines = [
            f"### `eventkit {name}` {{#{name}}}",
            "",
            "```",
            command.get_usage(sub).replace("Usage: ", ""),
            "```",
            "",
        ]
        lines += [_escaped(p) + "\n" for p in _help_paragraphs(command.help or "")]
        records = [param.get_help_record(sub) for param in command.get_params(sub) if isinstance(param, click.Option)]
        rows = [(opts, help_text) for opts, help_text in filter(None, records)]
        if rows:
            lines += ["| option | meaning |", "|---|---|"]
            lines += [f"| `{opts}` | {_escaped(help_text).replace('|', chr(92) + '|')} |" for opts, help_text in rows]
        sections.append("\n".join(lines) + "\n")
    return "\n".join(sections)


MARKERS = {
    "<!-- eventkit: event file fields -->": _field_reference,
    "<!-- eventkit: labels -->": _labels,
    "<!-- eventkit: module map -->": _module_map,
    "<!-- eventkit: commands -->": _commands,
}


def on_page_markdown(markdown: str, page, config, files) -> str:
    for marker, make in MARKERS.items():
        if marker in markdown:
            markdown = markdown.replace(marker, make())
    return markdown
