"""Reading .ics files back for tests with independent parsers: icalendar (Python), Mozilla's ical.js
(Thunderbird) and ts-ics (web calendars) under node, and libical (with its RFC 5546 checks) through a small C program.

The fixtures ``icaljs``, ``icaljs_occurrences``, ``tsics`` and ``libical`` are registered for every test module by
conftest.py (``pytest_plugins``): ask for them by name, do not import them.

``make_icaljs_reader(folder)`` reads many files in one node process (the fuzz test reads hundreds): per VEVENT its
UID, SUMMARY, DESCRIPTION, LOCATION, UTC start and end and the CN of the ORGANIZER and of every ATTENDEE.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, SHARED

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
        done = subprocess.run(
            [node, str(script), *map(str, paths)], cwd=folder, capture_output=True, text=True, timeout=120
        )
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


# ------------------------------------------------------------------ fixtures: one reader a session


# The same reading as ../shared/tools/ics-events.mjs, used when that file is not beside the project.
ICS_EVENTS_MJS = """\
import ICAL from "ical.js";
import { readFileSync } from "node:fs";
const vcal = new ICAL.Component(ICAL.parse(readFileSync(process.argv[2], "utf8")));
const method = vcal.getFirstPropertyValue("method");
for (const ve of vcal.getAllSubcomponents("vevent")) {
  const ev = new ICAL.Event(ve);
  const utc = (t) => t.convertToZone(ICAL.Timezone.utcTimezone).toString();
  console.log(JSON.stringify({method, uid: ev.uid, sequence: ev.sequence, summary: ev.summary,
    zone: ev.startDate.zone && ev.startDate.zone.tzid, start: utc(ev.startDate), end: utc(ev.endDate),
    attendees: ev.attendees.length, status: ve.getFirstPropertyValue("status"),
    alarms: ve.getAllSubcomponents("valarm").length}));
}
"""

TS_ICS_EVENTS_MJS = """\
import { convertIcsCalendar } from "ts-ics";
import { readFileSync } from "node:fs";
const calendar = convertIcsCalendar(undefined, readFileSync(process.argv[2], "utf8"));
for (const ev of calendar.events || []) {
  console.log(JSON.stringify({uid: ev.uid, start: ev.start.date.toISOString().replace(".000Z", "Z"),
    end: ev.end.date.toISOString().replace(".000Z", "Z")}));
}
"""

# ical.js with its recurrence expansion: every occurrence of every UID, overridden days (RECURRENCE-ID) included.
OCCURRENCES_MJS = """\
import ICAL from "ical.js";
import { readFileSync } from "node:fs";
const vcal = new ICAL.Component(ICAL.parse(readFileSync(process.argv[2], "utf8")));
const vevents = vcal.getAllSubcomponents("vevent");
const utc = (t) => t.convertToZone(ICAL.Timezone.utcTimezone).toString();
for (const master of vevents.filter((v) => !v.hasProperty("recurrence-id"))) {
  const ev = new ICAL.Event(master);
  for (const other of vevents) {
    if (other.hasProperty("recurrence-id") && other.getFirstPropertyValue("uid") === ev.uid) ev.relateException(other);
  }
  if (!ev.isRecurring()) { console.log(JSON.stringify({uid: ev.uid, start: utc(ev.startDate), end: utc(ev.endDate)})); continue; }
  const it = ev.iterator();
  for (let next = it.next(), n = 0; next && n < 1000; next = it.next(), n++) {
    const d = ev.getOccurrenceDetails(next);
    console.log(JSON.stringify({uid: ev.uid, start: utc(d.startDate), end: utc(d.endDate)}));
  }
}
"""


def node_reader(folder: Path, modules: Path, name: str, script: str):
    """A function running the node ``script`` (saved as ``folder/name``, with ``modules`` as its node_modules) on
    one .ics file and returning the JSON object it prints a line."""
    node = shutil.which("node")
    (folder / "node_modules").symlink_to(modules.resolve(), target_is_directory=True)
    (folder / name).write_text(script, encoding="utf-8")

    def read(path: Path) -> list[dict]:
        done = subprocess.run([node, name, str(path)], cwd=folder, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return [json.loads(line) for line in done.stdout.split("\n") if line]

    return read


def node_modules_with(package: str, modules: Path | None) -> Path:
    """``modules`` when node is installed and it holds ``package``; else the calling fixture is skipped."""
    if not shutil.which("node") or not modules or not (modules / package / "package.json").is_file():
        pytest.skip(f"node or the npm package {package} is missing (bash .ci/setup installs it into .ci/node_modules)")
    return modules


@pytest.fixture(scope="session")
def icaljs(tmp_path_factory):
    """Read an .ics with ical.js: one dict per VEVENT (start/end as '2021-03-24T08:30:00Z')."""
    modules = node_modules_with("ical.js", icaljs_modules())
    shared = SHARED / "tools" / "ics-events.mjs"
    script = shared.read_text(encoding="utf-8") if shared.is_file() else ICS_EVENTS_MJS
    return node_reader(tmp_path_factory.mktemp("icaljs"), modules, "ics-events.mjs", script)


@pytest.fixture(scope="session")
def icaljs_occurrences(tmp_path_factory):
    """Read an .ics with ical.js, expanding recurrences: [(uid, start, end)] in UTC ('2027-03-26T08:00:00Z')."""
    modules = node_modules_with("ical.js", icaljs_modules())
    read = node_reader(tmp_path_factory.mktemp("occurrences"), modules, "occurrences.mjs", OCCURRENCES_MJS)
    return lambda path: [(e["uid"], e["start"], e["end"]) for e in read(path)]


@pytest.fixture(scope="session")
def tsics(tmp_path_factory):
    """Read an .ics with ts-ics: one dict per VEVENT (start/end as '2021-03-24T08:30:00Z')."""
    modules = node_modules_with("ts-ics", ROOT / ".ci" / "node_modules")
    return node_reader(tmp_path_factory.mktemp("tsics"), modules, "ts-ics-events.mjs", TS_ICS_EVENTS_MJS)


@pytest.fixture(scope="session")
def libical(tmp_path_factory):
    """Read an .ics with libical: (exit code, output, {uid: UTC start as '20210324T083000Z'})."""
    # ../shared/tools/icalcheck.c when it is beside the project, else the copy in tests/ (a bare clone).
    source = SHARED / "tools" / "icalcheck.c"
    source = source if source.is_file() else ROOT / "tests" / "icalcheck.c"
    gcc = shutil.which("gcc")
    if not gcc:
        pytest.skip("gcc is missing (bash .ci/setup installs it)")
    binary = tmp_path_factory.mktemp("libical") / "icalcheck"
    built = subprocess.run([gcc, "-o", str(binary), str(source), "-lical"], capture_output=True, text=True)
    if built.returncode:
        pytest.skip(f"cannot build icalcheck with libical (apt-get install libical-dev): {built.stderr.strip()}")

    def read(path: Path) -> tuple[int, str, dict[str, str]]:
        done = subprocess.run([str(binary), str(path)], capture_output=True, text=True, timeout=60)
        starts = dict(re.findall(r"^VEVENT uid=(\S+) .* utc=(\S+)$", done.stdout, re.M))
        return done.returncode, done.stdout, starts

    return read
