"""Reading .ics files back for tests: icalendar (Python) and Mozilla's ical.js (Thunderbird) under node.

``icaljs_read(paths)`` reads many files in one node process (the fuzz test reads hundreds): per VEVENT its
UID, SUMMARY, DESCRIPTION, LOCATION, UTC start and end and the CN of the ORGANIZER and of every ATTENDEE.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from conftest import ROOT

DUMP_MJS = """\
import ICAL from "ical.js";
import { readFileSync } from "node:fs";
for (const path of process.argv.slice(2)) {
  const vcal = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  for (const ve of vcal.getAllSubcomponents("vevent")) {
    const ev = new ICAL.Event(ve);
    const utc = (t) => t.convertToZone(ICAL.Timezone.utcTimezone).toString();
    const organizer = ve.getFirstProperty("organizer");
    console.log(JSON.stringify({path, method: vcal.getFirstPropertyValue("method"), uid: ev.uid,
      summary: ev.summary, description: ev.description, location: ev.location,
      start: utc(ev.startDate), end: utc(ev.endDate),
      organizer: organizer && organizer.getParameter("cn"),
      attendees: ve.getAllProperties("attendee").map((p) => [p.getParameter("cn"), p.getFirstValue()])}));
  }
}
"""


def icaljs_modules() -> Path | None:
    candidates = [ROOT / ".ci" / "node_modules", ROOT / "node_modules", Path("/tmp/icaljs/node_modules")]
    if os.environ.get("EVENTKIT_ICALJS"):
        candidates.insert(0, Path(os.environ["EVENTKIT_ICALJS"]))
    return next((c for c in candidates if (c / "ical.js" / "package.json").is_file()), None)


def make_icaljs_reader(folder: Path):
    """A function reading .ics files with ical.js, or None when node or ical.js is missing."""
    node, modules = shutil.which("node"), icaljs_modules()
    if not node or not modules:
        return None
    (folder / "node_modules").symlink_to(modules.resolve(), target_is_directory=True)
    script = folder / "dump-ics.mjs"
    script.write_text(DUMP_MJS, encoding="utf-8")

    def read(paths: list[Path]) -> list[dict]:
        if not paths:
            return []
        done = subprocess.run([node, str(script), *map(str, paths)], cwd=folder, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr
        # one JSON object a line: split at "\n" only (splitlines() also splits at U+0085, U+2028 ... inside a string)
        return [json.loads(line) for line in done.stdout.split("\n") if line]
    return read


def icalendar_events(path: Path) -> list:
    """The VEVENTs of an .ics as icalendar reads them (raises on a malformed file)."""
    import icalendar
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return list(calendar.walk("VEVENT"))


def assert_well_folded(data: bytes) -> None:
    """Every physical line is at most 75 octets and valid UTF-8 on its own (no fold inside a character)."""
    for line in data.split(b"\r\n"):
        assert len(line) <= 75, line
        line.decode("utf-8")
