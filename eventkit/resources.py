"""Where the shipped templates live: inside the installed package, or at the top of a source checkout."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def templates_dir() -> Path:
    """The templates folder: ``eventkit/templates`` in a wheel, ``templates/`` beside the package in a checkout."""
    for candidate in (PACKAGE_DIR / "templates", PACKAGE_DIR.parent / "templates"):
        if (candidate / "event.toml.j2").is_file():
            return candidate
    raise FileNotFoundError("eventkit's templates folder is missing from this installation")
