#!/usr/bin/env python3
"""Benchmark eventkit against the WeasyPrint command line, in one run on one machine.

    .venv/bin/python bench/bench.py [--repeat 3] [--large-repeat 2] [--participants 2000] [--sessions 200] [--keep DIR]

What it does:

1. Generates a large event file (by default 2,000 participants in 100 delegations, 200 sessions over ten days,
   every session inside the event's hours with no overlaps, a report section with speaker notes per session)
   into a temporary folder and checks that it loads (`eventkit check`).
2. For the two reference events (events/*.toml) and the large one, times as subprocesses:
     report (pdf)      `eventkit report EVENT --format pdf`       the report as PDF only
     report            `eventkit report EVENT`                    the report as DOCX and PDF
     build             `eventkit build EVENT`                     five documents as DOCX and PDF, and invite.ics
   and the baselines, on the very HTML eventkit renders (made once with `--format html`):
     weasyprint report  `weasyprint report.html report.pdf -u <templates>/ --pdf-tags -q`
     weasyprint x5      the same for each of the five documents' HTML, one command each (summed)
3. Times start-up: `eventkit --help` and `eventkit check` on the reference events.
4. Reports the ratios the issues ask for (`--only ratios` runs just these), each measured against its baseline in
   the same run, on the same machine:
     unchanged rebuild / first build      `eventkit build E -o D` twice (the second finds everything up to date), for
                                          every event of events/, tests/data/three-day-forum.toml and the large one
     report --format pdf / WeasyPrint     `eventkit report E --format pdf` against the WeasyPrint command line
                                          rendering the very HTML eventkit renders (Georgia and Vienna); the two
                                          commands alternate, so that both see the same load; also in CPU
                                          seconds (the command's and its child processes'), which other processes
                                          on a shared machine disturb less than elapsed time
     warm preview re-render / report      a running `eventkit preview`: from saving an edit of a speaker's notes to
                                          the new report HTML being served, against `eventkit report E`
     build -j2 / build -j1                the large event, `--force`, two worker processes against one
     participants 2,000 / 200 people      `eventkit participants` on the large event and on one with a tenth of
                                          the people (10.0 means the time grows linearly with the list)
     DOCX writer 20,000 / 2,000 bullets   the DOCX writer alone (in a fresh process, after its imports) on the
                                          report HTML of an event whose speakers' notes hold that many list items,
                                          each with its own link (10.0 means linear in the report's size)
   `--only rebuild|report-pdf|preview|parallel|participants|docx` runs one group of them.
   The load average is printed with each ratio: the machine may be shared, and a ratio measured while other
   processes compete for the cores is less exact.

Each command runs --repeat times (--large-repeat for the large event; the best time is kept, and the first run
also warms the OS caches).  The table gives
seconds and the ratio to the WeasyPrint command line rendering the same HTML in the same run: `report (pdf)` and
`report` against `weasyprint report`, `build` against `weasyprint x5`.  A ratio below 1 means eventkit, which also
loads and validates the TOML, took less time than WeasyPrint's own command line for the same PDF(s).

This is a script, not a test: nothing asserts on the times.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
KINDS = ("concept-note", "agenda", "participants", "speakers", "report")
REFERENCES = {
    "vienna (summary report)": ROOT / "events" / "fostering-cooperation-vienna-2021.toml",
    "georgia (note for file)": ROOT / "events" / "georgia-gcm-webinar-2021.toml",
}
FORUM = ROOT / "tests" / "data" / "three-day-forum.toml"


# ---------------------------------------------------------------- the large event

FIRST = [
    "Anna",
    "Boris",
    "Chiara",
    "Dmitri",
    "Elena",
    "Farid",
    "Giorgi",
    "Hana",
    "Ivan",
    "Jelena",
    "Karim",
    "Lena",
    "Marko",
    "Nino",
    "Olga",
    "Petar",
    "Rania",
    "Sónia",
    "Tamar",
    "Umar",
    "Vesna",
    "Wojciech",
    "Ольга",
    "Сергей",
    "ნინო",
    "გიორგი",
    "محمد",
    "فاطمة",
    "Zoë",
    "Łukasz",
]
LAST = [
    "Abashidze",
    "Berisha",
    "Conceição",
    "Dimitrov",
    "Eriksen",
    "Fontaine",
    "Gashi",
    "Horvat",
    "Ivanova",
    "Jovanović",
    "Kovalenko",
    "Lukovac",
    "Müller",
    "Novak",
    "Osmani",
    "Petrović",
    "Qureshi",
    "Rossi",
    "Smirnova",
    "Tsereteli",
    "Umarov",
    "Vlahović",
    "Поалелунги",
    "Петрова",
    "ჯაში",
    "ბერიძე",
    "العلي",
    "حسن",
    "Pereira",
    "Žukauskas",
]
COUNTRIES = [
    "Albania",
    "Armenia",
    "Bosnia and Herzegovina",
    "Georgia",
    "Moldova",
    "Montenegro",
    "North Macedonia",
    "Serbia",
    "Ukraine",
    "Portugal",
    "Sweden",
    "Austria",
    "Germany",
    "Italy",
    "Poland",
    "Türkiye",
]
VERBS = ["Welcomed", "Noted", "Outlined", "Emphasized", "Highlighted", "Stressed", "Thanked", "Presented"]
KINDS_CYCLE = ["presentation", "panel", "discussion", "roundtable", "presentation", "keynote"]


def s(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a TOML basic string


def large_event(participants: int = 2000, sessions: int = 200, days: int = 10, seed: int = 2021) -> str:
    """TOML text of a large multi-day event; every session inside 08:00-18:00, none overlapping."""
    rng = random.Random(seed)
    per_day = -(-sessions // days)
    minutes = (18 - 8) * 60 // per_day  # each session's length: the day's hours split evenly
    first_day = dt.date(2026, 6, 8)
    delegations = max(1, participants // 20)
    out = [
        f"""[event]
id = "large-benchmark-event"
title = "Large benchmark conference on migration governance ({participants} participants, {sessions} sessions)"
subtitle = "A generated event for eventkit's benchmark"
kind = "conference"
report_style = "note-for-file"
date = {first_day}
end_date = {first_day + dt.timedelta(days=days - 1)}
start = "08:00"
end = "18:00"
timezone = "Europe/Vienna"
display_timezones = ["Asia/Tbilisi", "America/New_York"]
venue = "Vienna International Centre, Vienna"
platform = "KUDO platform"
join_url = "https://example.org/join/large"
interpretation = ["English", "French", "Russian", "Arabic"]

[[organisers]]
name = "IOM"
office = "Regional Office in Vienna"
email = "rovienna@example.org"

[concept]
background = \"\"\"
{"A generated background paragraph with *italic* and **bold** words. " * 12}
\"\"\"
objectives = \"\"\"
{chr(10).join(f"- Objective {n}: strengthen cooperation on topic {n}." for n in range(1, 9))}
\"\"\"
format = "Ten days, in person and online."
"""
    ]
    for n in range(participants):
        country = COUNTRIES[(n // 20) % len(COUNTRIES)]
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        bio = f"{name} works on migration governance in {country}. " * 3 if n % 10 == 0 else ""
        out.append(f"""[people.p{n}]
honorific = {s(rng.choice(["Mr.", "Ms.", "Dr.", "H.E."]))}
name = {s(name)}
title = "Senior Officer {n}"
organisation = "Ministry of Interior"
country = {s(country)}
email = "p{n}@example.org"
bio = {s(bio)}
""")
    for d in range(delegations):
        members = ", ".join(f'"p{n}"' for n in range(d * 20, min(participants, (d + 1) * 20)))
        country = COUNTRIES[d % len(COUNTRIES)]
        out.append(f"""[[delegations]]
name = "Delegation {d + 1}: Government of {country}"
role = {s("observer" if d % 10 == 9 else "delegate")}
members = [{members}]
""")
    speakers_of = {}
    for k in range(sessions):
        day = first_day + dt.timedelta(days=k // per_day)
        start = dt.datetime.combine(day, dt.time(8, 0)) + dt.timedelta(minutes=(k % per_day) * minutes)
        end = start + dt.timedelta(minutes=minutes)
        people = rng.sample(range(0, participants, 10), 4)  # those with a bio
        speakers_of[k] = people[1:]
        out.append(f"""[[agenda]]
id = "s{k}"
title = "Session {k + 1}: {rng.choice(["Labour mobility", "Data", "Return and reintegration", "Climate", "Diaspora"])}"
kind = {s(KINDS_CYCLE[k % len(KINDS_CYCLE)])}
day = {day}
start = "{start:%H:%M}"
end = "{end:%H:%M}"
moderators = ["p{people[0]}"]
speakers = [{", ".join(f'"p{p}"' for p in people[1:])}]
lead = "Interactive discussion on lessons learnt, with *examples* from the region."
""")
    out.append('[report]\nclosing = "- CLOSE OF MEETING -"\nannexes = ["Agenda", "Concept Note"]\n')
    for k in range(sessions):
        out.append(f'[[report.sections]]\nsession = "s{k}"\n')
        for p in speakers_of[k]:
            bullets = "\n".join(
                f"- *{rng.choice(VERBS)}* that point {b} of session {k + 1} matters for the region's "
                f"cooperation on migration, with data from {rng.choice(COUNTRIES)}."
                for b in range(4)
            )
            out.append(
                f'[[report.sections.speakers]]\nperson = "p{p}"\nnotes = """\n{bullets}\n'
                f'  - a nested detail on [the Hub](https://migrationnetwork.un.org/hub)\n"""\n'
            )
    out.append('[[report.links]]\ntext = "Migration Network Hub"\nurl = "https://migrationnetwork.un.org/hub"\n')
    return "\n".join(out)


def bullets_event(bullets: int, sessions: int = 40) -> str:
    """TOML text of an event whose report holds ``bullets`` list items in its speakers' notes (one speaker per
    session; every tenth item nested, every note ending with a numbered list), each item with its own link."""
    per_note = max(1, bullets // sessions)
    day = dt.date(2026, 6, 8)
    out = [
        f"""[event]
id = "bullets-{bullets}"
title = "A report of {bullets} bullets"
kind = "meeting"
report_style = "summary-report"
date = {day}
start = "08:00"
end = "18:00"
timezone = "Europe/Vienna"

[[organisers]]
name = "IOM"
email = "rovienna@example.org"
"""
    ]
    for k in range(sessions):
        out.append(f'[people.p{k}]\nname = "Speaker {k}"\nemail = "p{k}@example.org"\nbio = "Speaker {k}."\n')
    minutes = 600 // sessions
    for k in range(sessions):
        start = dt.datetime.combine(day, dt.time(8, 0)) + dt.timedelta(minutes=k * minutes)
        out.append(
            f'[[agenda]]\nid = "s{k}"\ntitle = "Session {k + 1}"\nstart = "{start:%H:%M}"\n'
            f'end = "{start + dt.timedelta(minutes=minutes):%H:%M}"\nspeakers = ["p{k}"]\n'
        )
    for k in range(sessions):
        items = []
        for b in range(per_note):
            link = f"[source {k}.{b}](https://example.org/documents/{k}/{b})"
            if b >= per_note - 3:
                items.append(f"{b - per_note + 4}. A numbered point {b} with its {link}.")
            elif b % 10 == 9:
                items.append(f"  - a nested detail {b}, see {link}")
            else:
                items.append(f"- *{VERBS[b % len(VERBS)]}* that point {b} of session {k + 1} matters, see {link}.")
        out.append(
            f'[[report.sections]]\nsession = "s{k}"\n[[report.sections.speakers]]\nperson = "p{k}"\n'
            f'notes = """\n{chr(10).join(items)}\n"""\n'
        )
    return "\n".join(out)


# ---------------------------------------------------------------- timing


def eventkit(*args) -> list[str]:
    return [sys.executable, "-m", "eventkit", *map(str, args)]


def run_timed(command: list[str], env: dict, cwd: Path) -> tuple[float, float]:
    """Run ``command``; its elapsed seconds and the CPU seconds it and the processes it started used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"bench: failed ({result.returncode}): {' '.join(map(str, command))}\n{result.stderr[-2000:]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def best_time(command: list[str], repeat: int, env: dict, cwd: Path) -> float:
    return min(run_timed(command, env, cwd)[0] for _ in range(repeat))


def weasyprint_command() -> list[str]:
    exe = shutil.which("weasyprint")
    return [exe] if exe else [sys.executable, "-m", "weasyprint"]


def timed(command: list[str], env: dict, cwd: Path) -> float:
    return best_time(command, 1, env, cwd)


def preview_rerender(event: Path, env: dict, repeat: int) -> float:
    """Seconds from saving an edit of ``event`` to the running preview serving the new report HTML (warm: the
    preview has rendered the report once before). Best of ``repeat`` edits."""
    import http.client
    import re
    import selectors

    process = subprocess.Popen(
        eventkit("preview", event, "--port", "0"),
        cwd=ROOT,
        env={**env, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        selector = selectors.DefaultSelector()
        selector.register(process.stderr, selectors.EVENT_READ)
        port = None
        while port is None and selector.select(timeout=120):
            line = process.stderr.readline()
            if not line:
                break
            found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            port = int(found.group(1)) if found else None
        if port is None:
            raise SystemExit("bench: the preview did not start")

        def get(path: str) -> str:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            connection.request("GET", path)
            body = connection.getresponse().read().decode("utf-8")
            connection.close()
            return body

        get("/doc/report.html")  # warm: the event loaded, the templates compiled, the report rendered once
        text = event.read_text(encoding="utf-8")
        times = []
        for n in range(repeat):
            marker = f"BENCH-PREVIEW-EDIT-{n}"
            at = text.index('notes = """\n') + len('notes = """\n')
            started = time.perf_counter()
            event.write_text(text[:at] + f"- {marker}.\n" + text[at:], encoding="utf-8")
            while marker not in get("/doc/report.html"):
                time.sleep(0.01)
            times.append(time.perf_counter() - started)
        event.write_text(text, encoding="utf-8")
        return min(times)
    finally:
        process.send_signal(__import__("signal").SIGINT)
        process.wait(timeout=30)


def copy_event(path: Path, folder: Path) -> Path:
    """A copy of an event file in ``folder`` with the files kept beside it (notes, invite state), so that a build
    changes nothing in the checkout."""
    folder.mkdir(parents=True, exist_ok=True)
    for sidecar in path.parent.glob(f"{path.stem}.*"):
        shutil.copy(sidecar, folder / sidecar.name)
    return folder / path.name


def alternating_best_times(commands: list[list[str]], repeat: int, env: dict, cwd: Path) -> list[tuple[float, float]]:
    """The best elapsed and the best CPU time of each command, the commands run in turn ``repeat`` times (so that
    a change of load hits them alike)."""
    times: list[list[tuple[float, float]]] = [[] for _ in commands]
    for _ in range(repeat):
        for index, command in enumerate(commands):
            times[index].append(run_timed(command, env, cwd))
    return [(min(t[0] for t in each), min(t[1] for t in each)) for each in times]


DOCX_TIMER = """
import sys, time
from pathlib import Path
from eventkit.documents.docx.writer import write_docx
from eventkit.resources import templates_dir
html = Path(sys.argv[1]).read_text(encoding="utf-8")
started = time.perf_counter()
write_docx(html, templates_dir() / "reference.docx", (), templates_dir())
print(time.perf_counter() - started)
"""


def docx_writer_seconds(html: Path, repeat: int, env: dict) -> float:
    """The DOCX writer's own time on ``html`` (best of ``repeat`` fresh processes, imports excluded)."""
    times = []
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, "-c", DOCX_TIMER, str(html)], cwd=ROOT, env=env, capture_output=True, text=True
        )
        if done.returncode != 0:
            raise SystemExit(f"bench: the DOCX writer failed on {html}:\n{done.stderr[-2000:]}")
        times.append(float(done.stdout.split()[-1]))
    return min(times)


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


RATIO_PARTS = ("rebuild", "report-pdf", "preview", "parallel", "participants", "docx")


def ratios(work: Path, large: Path, env: dict, args, parts=RATIO_PARTS) -> list[tuple[str, float, float, float, str]]:
    """The issues' ratios (the groups named in ``parts``), each as (what, numerator s, denominator s, ratio, load
    averages when measured)."""
    rows = []

    def row(what: str, top: float, bottom: float, note: str = "") -> None:
        rows.append((what, top, bottom, top / bottom, load()))
        print(f"  {what}: {top:.3f} / {bottom:.3f} s = {top / bottom:.3f}{note} (load {rows[-1][4]})", flush=True)

    # warm-up: the first commands fill the bytecode caches, Python's and eventkit's own (compiled templates,
    # the fonts' coverage): a first build is timed, not a first Python start or a first run on this machine
    georgia = REFERENCES["georgia (note for file)"]
    timed(eventkit("build", copy_event(georgia, work / "warm-up"), "-o", work / "warm-up" / "out"), env, ROOT)
    timed(eventkit("schema"), env, ROOT)
    events = {path.stem: path for path in sorted((ROOT / "events").glob("*.toml"))}
    events.update({FORUM.stem: FORUM, "large": large})
    for name, path in events.items() if "rebuild" in parts else ():
        copy = copy_event(path, work / f"unchanged-{name}")
        out = work / f"unchanged-{name}" / "out"
        first = timed(eventkit("build", copy, "-o", out), env, ROOT)
        again = min(timed(eventkit("build", copy, "-o", out), env, ROOT) for _ in range(args.repeat))
        row(f"unchanged rebuild / first build ({name})", again, first)
    weasy = weasyprint_command()
    base_url = TEMPLATES.resolve().as_uri() + "/"
    for name in ("georgia (note for file)", "vienna (summary report)") if "report-pdf" in parts else ():
        folder = work / f"report-pdf-{REFERENCES[name].stem}"
        copy = copy_event(REFERENCES[name], folder)
        subprocess.run(
            eventkit("report", copy, "-o", folder / "html", "--format", "html"),
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        ours, theirs = alternating_best_times(
            [
                eventkit("report", copy, "-o", folder / "pdf", "--format", "pdf"),
                [*weasy, folder / "html" / "report.html", folder / "weasy.pdf", "-u", base_url, "--pdf-tags", "-q"],
            ],
            max(args.repeat, 5),
            env,
            ROOT,
        )
        row(f"report --format pdf / WeasyPrint command line ({name.split()[0]})", ours[0], theirs[0])
        row(f"  the same in CPU seconds ({name.split()[0]})", ours[1], theirs[1])
    for name, path in list(REFERENCES.items())[:2] if "preview" in parts else ():
        copy = copy_event(path, work / f"preview-{path.stem}")
        warm = preview_rerender(copy, env, args.repeat)
        report = best_time(eventkit("report", copy, "-o", work / f"report-{path.stem}"), args.repeat, env, ROOT)
        row(f"warm preview re-render / eventkit report ({name.split()[0]})", warm, report)
    if "parallel" in parts:
        j1 = timed(eventkit("build", large, "-o", work / "j1", "-j", "1", "--force"), env, ROOT)
        j2 = timed(eventkit("build", large, "-o", work / "j2", "-j", "2", "--force"), env, ROOT)
        row("build -j2 / build -j1 (large)", j2, j1, f" (speed-up {j1 / j2:.2f}x)")
    if "participants" in parts:
        small = work / "participants-200.toml"
        small.write_text(large_event(args.participants // 10, args.sessions, args.days), encoding="utf-8")
        times = {}
        for label, path in (("big", large), ("small", small)):
            times[label] = best_time(
                eventkit("participants", path, "-o", work / f"participants-{label}"), args.large_repeat, env, ROOT
            )
        row(f"participants list {args.participants} / {args.participants // 10} people", times["big"], times["small"])
    if "docx" not in parts:
        return rows
    seconds = {}
    for bullets in (2000, 20000):
        event = work / f"bullets-{bullets}.toml"
        event.write_text(bullets_event(bullets), encoding="utf-8")
        subprocess.run(
            eventkit("report", event, "-o", work / f"bullets-{bullets}", "--format", "html"),
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        seconds[bullets] = docx_writer_seconds(work / f"bullets-{bullets}" / "report.html", args.large_repeat, env)
    row("DOCX writer 20,000 / 2,000 bullets", seconds[20000], seconds[2000])
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs per command; the best is kept (default 3)")
    ap.add_argument("--large-repeat", type=int, default=2, help="runs per command for the large event (default 2)")
    ap.add_argument("--participants", type=int, default=2000)
    ap.add_argument("--sessions", type=int, default=200)
    ap.add_argument("--days", type=int, default=10)
    ap.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary folder)")
    ap.add_argument(
        "--only",
        choices=["references", "large", "ratios", *RATIO_PARTS],
        help="time only these events, only the ratios, or only one group of ratios",
    )
    args = ap.parse_args()

    started_load = load()
    work = args.keep or Path(tempfile.mkdtemp(prefix="eventkit-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    # Python's compiled modules are kept, as in an installed eventkit (pip compiles them when it installs): some
    # machines set PYTHONDONTWRITEBYTECODE, and every command would then compile eventkit again (~0.1 s each).
    inherited = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    env = {**inherited, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    # byte-compiled modules are cached, as after `pip install` (a checkout run with PYTHONDONTWRITEBYTECODE
    # would compile eventkit's sources on every command), in the work folder rather than the checkout
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    try:
        large = work / "large-event.toml"
        large.write_text(large_event(args.participants, args.sessions, args.days), encoding="utf-8")
        check = subprocess.run(eventkit("check", "-q", large), cwd=ROOT, env=env, capture_output=True, text=True)
        if check.returncode != 0:
            raise SystemExit(f"bench: the generated event does not load:\n{check.stderr[-3000:]}")
        sys.path.insert(0, str(ROOT))
        from eventkit.event.load import load_event

        loaded = load_event(large)
        print(
            f"large event: {large.stat().st_size / 1024:.0f} KiB, {len(loaded.people)} people, "
            f"{len(loaded.delegations)} delegations, {len(loaded.agenda)} sessions over {len(loaded.days)} days, "
            f"{sum(len(s.speakers) for s in loaded.report_sections)} speaker notes",
            flush=True,
        )

        ratio_rows = []
        if args.only in (None, "ratios", *RATIO_PARTS):
            print("ratios:", flush=True)
            ratio_rows = ratios(work, large, env, args, RATIO_PARTS if args.only in (None, "ratios") else (args.only,))
        events = {}
        if args.only in ("ratios", *RATIO_PARTS):
            pass
        elif args.only != "large":
            events.update(REFERENCES)
        if args.only not in ("references", "ratios", *RATIO_PARTS):
            events[f"large ({args.participants} participants, {args.sessions} sessions)"] = large

        rows: list[tuple[str, str, float, float | None]] = []
        for label in ("eventkit --help", "eventkit check (both references)"):
            command = eventkit("--help") if "help" in label else eventkit("check", "-q", *REFERENCES.values())
            rows.append(("start-up", label, best_time(command, max(args.repeat, 5), env, ROOT), None))
            print(f"  {label}: {rows[-1][2]:.3f} s", flush=True)

        weasy = weasyprint_command()
        base_url = TEMPLATES.resolve().as_uri() + "/"
        for name, path in events.items():
            repeat = args.large_repeat if path == large else args.repeat
            folder = work / f"out-{path.stem}"
            html = folder / "html"
            subprocess.run(
                eventkit("build", path, "-o", html, "--format", "html", "--no-invite"),
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
            )
            baseline = {}
            for kind in KINDS:
                baseline[kind] = best_time(
                    [*weasy, html / f"{kind}.html", folder / f"weasy-{kind}.pdf", "-u", base_url, "--pdf-tags", "-q"],
                    repeat,
                    env,
                    ROOT,
                )
            report_base = baseline["report"]
            all_base = sum(baseline.values())
            cases = [
                ("report (pdf)", eventkit("report", path, "-o", folder / "pdf", "--format", "pdf"), report_base),
                ("report", eventkit("report", path, "-o", folder / "report"), report_base),
                ("build", eventkit("build", path, "-o", folder / "build"), all_base),
            ]
            rows.append((name, "weasyprint report", report_base, 1.0))
            rows.append((name, "weasyprint x5", all_base, 1.0))
            for case, command, base in cases:
                seconds = best_time(command, repeat, env, ROOT)
                rows.append((name, case, seconds, seconds / base))
                print(f"  {name}: {case}: {seconds:.2f} s ({seconds / base:.2f}x)", flush=True)
            pages = subprocess.run(["pdfinfo", folder / "report" / "report.pdf"], capture_output=True, text=True)
            count = next((line.split()[-1] for line in pages.stdout.splitlines() if line.startswith("Pages:")), "?")
            rows.append((name, f"(report.pdf: {count} pages)", float("nan"), None))

        print()
        print(
            f"load average at the start: {started_load}, at the end: {load()} (1, 5 and 15 minutes: how many "
            "processes, on average, wanted the cores)"
        )
        if ratio_rows:
            w = max(len(row[0]) for row in ratio_rows)
            print(f"| {'ratio':{w}} | {'seconds':>17} | {'ratio':>6} | {'load (1/5/15 min)':>17} |")
            print(f"|{'-' * (w + 2)}|{'-' * 18}:|{'-' * 7}:|{'-' * 18}:|")
            for what, top, bottom, ratio, loads in ratio_rows:
                print(f"| {what:{w}} | {f'{top:.3f} / {bottom:.3f}':>17} | {ratio:>6.3f} | {loads:>17} |")
            print()
        if args.only in ("ratios", *RATIO_PARTS):
            return 0
        print(
            f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
            f"best of {args.repeat} ({args.large_repeat} for the large event)"
        )
        a = max(len(row[0]) for row in rows)
        b = max(len(row[1]) for row in rows)
        print(f"| {'event':{a}} | {'case':{b}} | {'seconds':>8} | {'ratio':>6} |")
        print(f"|{'-' * (a + 2)}|{'-' * (b + 2)}|{'-' * 9}:|{'-' * 7}:|")
        for event, case, seconds, ratio in rows:
            secs = "" if seconds != seconds else f"{seconds:.2f}"
            print(f"| {event:{a}} | {case:{b}} | {secs:>8} | {'' if ratio is None else f'{ratio:.2f}':>6} |")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
