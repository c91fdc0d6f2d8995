"""The documentation site (docs/, mkdocs.yml): it builds with `mkdocs build --strict` (no broken link, anchor or
missing page), its generated references hold every field of the model, every command and option and every label,
the tutorial's commands and event file work as the tutorial says, and the README stays short."""

from __future__ import annotations

import html
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_eventkit
from test_schema import model_fields

DOCS = ROOT / "docs"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The site, built once for the module (the only build in the suite: CI's time is counted)."""
    pytest.importorskip("mkdocs", reason="the docs extra is not installed: run bash .ci/setup")
    folder = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )  # Material's notice about its successor
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING -" not in result.stderr, result.stderr
    return folder


def page(site: Path, name: str) -> str:
    return (site / name / "index.html").read_text(encoding="utf-8")


def sections(text: str) -> dict[str, str]:
    """The HTML of each h3 section of a page, by its id."""
    parts = re.split(r'<h3 id="([\w-]+)"', text)
    return {parts[n]: parts[n + 1].split("<h2", 1)[0] for n in range(1, len(parts), 2)}


def test_every_field_of_the_model_is_in_the_built_field_reference(site):
    from eventkit.event.model import Event

    built = sections(page(site, "reference/event-file"))
    fields: dict[str, set[str]] = {}
    for cls_name, name in model_fields(Event):
        fields.setdefault(cls_name, set()).add(name)
    shown = {anchor: set(re.findall(r"<tr>\s*<td><code>(\w+)</code></td>", body)) for anchor, body in built.items()}
    assert shown["the-file"] == fields.pop("Event")
    for cls_name, names in fields.items():
        assert names in shown.values(), (cls_name, names)
    assert "<code>[[report.sections.speakers]]</code>" in built["report-sections-speakers"]


def test_every_command_and_option_is_in_the_built_command_reference(site):
    import click

    from eventkit.cli import main

    built = sections(page(site, "reference/commands"))
    context = click.Context(main, info_name="eventkit")
    for name in main.list_commands(context):
        assert name in built, name
        for param in main.get_command(context, name).params:
            if isinstance(param, click.Option) and not param.hidden:
                for option in param.opts:
                    assert f"{option}" in html.unescape(built[name]), (name, option)
    assert "--per-session" in built["invites"] and "build/&lt;event id&gt;/" in built["build"]


def test_every_label_is_in_the_built_labels_page(site):
    from eventkit.language.labels import ENGLISH

    text = page(site, "reference/labels")
    for key in ENGLISH:
        assert f"<code>{key}</code>" in text, key


def test_the_module_map_names_every_module(site):
    text = page(site, "explanation/design")
    for module in (ROOT / "eventkit").rglob("*.py"):
        if module.name != "__init__.py":
            assert f"<code>{module.name}</code>" in text, module


def test_every_page_is_in_the_nav_and_built(site):
    """mkdocs --strict warns about a page left out of the nav; this names them if that setting is ever dropped."""
    pages = sorted(p.relative_to(DOCS).with_suffix("").as_posix() for p in DOCS.rglob("*.md"))
    for name in pages:
        built = site / ("index.html" if name == "index" else f"{name}/index.html")
        assert built.is_file(), name
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert all(f"{name}.md" in nav for name in pages)


def test_the_tutorial_images_exist_and_are_small():
    text = (DOCS / "tutorial" / "first-webinar.md").read_text(encoding="utf-8")
    images = re.findall(r"\]\((images/[\w-]+\.png)\)", text)
    assert len(images) >= 4
    for image in images:
        path = DOCS / "tutorial" / image
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size < 100_000, image


def test_the_tutorials_commands_work_as_it_says(tmp_path):
    """Step 1 (`eventkit new` as written in the tutorial), then the tutorial's event file: check --strict passes
    (no warning either) and the invitations' dry run lists one e-mail per speaker."""
    text = (DOCS / "tutorial" / "first-webinar.md").read_text(encoding="utf-8")
    command = shlex.split(re.search(r"```sh\n(eventkit new .*?)\n```", text, re.S).group(1).replace("\\\n", " "))
    assert run_eventkit(*command[1:], cwd=tmp_path).returncode == 0
    assert (tmp_path / "webinar" / "webinar.toml").is_file()
    event = tmp_path / "webinar" / "webinar.toml"
    event.write_bytes((DOCS / "tutorial" / "webinar.toml").read_bytes())
    result = run_eventkit("check", "--strict", event)
    assert result.returncode == 0 and result.stdout.strip().endswith(": ok"), result.stdout + result.stderr
    result = run_eventkit("invites", event, "--eml", "--dry-run", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(".eml") == 3 and not (tmp_path / "out").exists()


def test_the_examples_in_the_docs_and_readme_are_valid_event_files(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```toml\n(.*?)```", readme, re.S).group(1)
    for name, text in [
        ("readme.toml", example),
        ("short-example.toml", (DOCS / "reference" / "short-example.toml").read_text(encoding="utf-8")),
    ]:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        result = run_eventkit("check", path)
        assert result.returncode == 0, result.stderr


def test_the_readme_is_short_and_keeps_the_quick_start():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 150
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert len(re.findall(r"^bash \.ci/setup && ", quick, re.M)) == 2  # what .ci/fresh-clone runs
    assert "docs/tutorial/first-webinar.md" in readme
