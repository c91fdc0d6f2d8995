"""Make the tutorial's page images from the real outputs: build the tutorial's event file
(docs/tutorial/webinar.toml) with eventkit, and render the first page of some of its PDFs as small PNGs into
docs/tutorial/images/ with pdftoppm (Debian poppler-utils; .ci/setup installs it).

Run it by hand after a change that shows in the documents, and commit the PNGs:

    .venv/bin/python docs/make_images.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent
EVENT = DOCS / "tutorial" / "webinar.toml"
IMAGES = DOCS / "tutorial" / "images"
PAGES = ("concept-note", "agenda", "participants", "speakers", "report")  # the first page of each
RESOLUTION = 50  # dots per inch: an A4 page is 414 x 585 pixels, a few dozen kilobytes


def eventkit(*args: str | Path) -> None:
    command = [sys.executable, "-m", "eventkit", *map(str, args)]
    subprocess.run(command, check=True, cwd=DOCS.parent)


def main() -> None:
    if not shutil.which("pdftoppm"):
        sys.exit("make_images: pdftoppm is missing (Debian poppler-utils: bash .ci/setup installs it)")
    with tempfile.TemporaryDirectory() as work:
        event = Path(work) / EVENT.name
        shutil.copyfile(EVENT, event)
        eventkit("check", "--strict", event)
        eventkit("build", event, "--format", "pdf", "--no-invite", "-o", Path(work) / "build")
        IMAGES.mkdir(exist_ok=True)
        for name in PAGES:
            pdf = Path(work) / "build" / f"{name}.pdf"
            subprocess.run(
                ["pdftoppm", "-png", "-r", str(RESOLUTION), "-f", "1", "-l", "1", "-singlefile", pdf, IMAGES / name],
                check=True,
            )
            print(f"wrote {(IMAGES / name).with_suffix('.png').relative_to(DOCS.parent)}")


if __name__ == "__main__":
    main()
