"""Property-based fuzzing of the inputs eventkit reads besides the event file (#22): registration exports (CSV in
any encoding and delimiter, XLSX), iMIP REPLY messages (single .eml files, mbox, Maildir) and the state files
beside the event (<name>.invites.json, <name>.replies.json).  Each command runs in process on a random valid
event (tests/test_fuzz.py's generator) with random -- often hostile -- input, and must:

- end with exit 0, or exit 1 with lines naming the file they are about; never an internal error (exit 3);
- write nothing outside its -o folder but the documented state files beside the event, delete nothing it did not
  write, and leave the event file as it was (only `import` and `attendance` edit it, and only when they succeed:
  the edited file then passes `check`, and importing the same file again changes nothing);
- print no raw control character (a hostile address's ESC sequence is shown escaped).

CI runs the same few examples each time; a long random run: EVENTKIT_FUZZ_EXAMPLES=2000 (see test_fuzz.py).
"""

from __future__ import annotations

import base64
import csv
import io
import json
import mailbox
import re
from pathlib import Path

from hypothesis import event as note
from hypothesis import given, settings
from hypothesis import strategies as st

from test_fuzz import (
    DOMAIN,
    EXAMPLES,
    LOCAL_PART,
    ONE_LINE,
    PROFILE,
    REQUIRED_LINE,
    assert_kept_to_its_folders,
    folder_state,
    run,
    valid_events,
    write_event,
)

SMALL = settings(PROFILE, max_examples=max(3, EXAMPLES // 2))
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def run_checked(
    folder: Path, event: Path, inputs: list[Path], *args, outputs: tuple[str, ...] = (), edits_event: bool = False
) -> tuple[int, str, str]:
    """Run the command in process and check every invariant above; (exit code, stdout, stderr)."""
    from click.testing import CliRunner

    from eventkit.cli import main

    before = folder_state(folder)
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"eventkit {' '.join(map(str, args))} raised {result.exception!r}") from result.exception
    code, stdout, stderr = result.exit_code, result.stdout, result.stderr
    assert code in (0, 1), (code, stderr)
    assert "Traceback" not in stdout + stderr and "internal error" not in stderr, stderr
    assert not RAW_CONTROL.search(stdout + stderr), (stdout + stderr)[:2000]
    if code == 1:
        names = [str(event), *map(str, inputs), "eventkit: "]
        for line in filter(str.strip, stderr.splitlines()):
            assert line.startswith(tuple(names)) or line.startswith(tuple(f"eventkit: {n}" for n in names)), line
    assert_kept_to_its_folders(before, folder_state(folder), event, outputs, edits_event and code == 0)
    return code, stdout, stderr


def check_passes(event: Path) -> None:
    code, stderr = run("check", event)
    assert code == 0, stderr


# ------------------------------------------------------------------ registration exports (CSV, XLSX)

HEADERS = [
    "First name",
    "First Name",
    "Last name",
    "Last Name",
    "Name",
    "Full name",
    "Email",
    "E-mail",
    "Email Address",
    "Prénom",
    "Nom",
    "Courriel",
    "Adresse électronique",
    "Organisation",
    "Organization",
    "Country",
    "Country/Region",
    "Pays",
    "Delegation",
    "Délégation",
    "Title",
    "Job Title",
    "Fonction",
    "Honorific",
    "Salutation",
    "Civilité",
    "Category",
    "Participant type",
    "Registration Time",
    "Notes",
]
HOSTILE_CELLS = [
    "",
    " ",
    "=1+1",
    '=HYPERLINK("http://x")',
    "@SUM(A1)",
    "+1",
    "-1",
    "\x1b]0;owned\x07",
    "a\r\nb",
    "\u202eevil",
    "x" * 3000,
    '"',
    "'",
    ";",
    ",",
    "\t",
    "..",
    "../../x@example.org",
    "x@",
    "@example.org",
    "Renée Müller",
    "H.E. Dr.",
    "東京 太郎",
    "محمد",
    "0",
    "1e9",
    "2021-02-30",
]


NAME_SCHEMES = [
    ["First name", "Last name", "Email"],
    ["First Name", "Last Name", "Email Address"],
    ["Prénom", "Nom", "Courriel"],
    ["Name", "E-mail"],
    ["Full name", "Email"],
]
FIRST_NAMES = [
    "Renée",
    "Jan",
    "Giorgi",
    "Oksana",
    "Mehmet",
    "Siobhán",
    "Nguyễn",
    "Zoë",
    "Mariam",
    "太郎",
    "محمد",
    "Ana-Maria",
    "O'Neil",
    "Lê",
]


@st.composite
def registrations(draw) -> list[list[str]]:
    """A header row and rows: mostly a usable export (a name and an e-mail column, known headers, distinct
    addresses), with hostile cells, unknown headers and short rows mixed in."""
    headers = list(draw(st.sampled_from(NAME_SCHEMES)))
    headers += draw(st.lists(st.one_of(st.sampled_from(HEADERS), REQUIRED_LINE), max_size=4))
    headers = draw(st.permutations(headers))
    hostile = draw(st.sampled_from([0, 0, 1, 4]))  # in how many of eight cells, about
    rows = [headers]
    for n in range(draw(st.integers(0, 12))):
        row = []
        for header in headers:
            if draw(st.integers(0, 7)) < hostile:
                cell = draw(st.one_of(ONE_LINE, st.sampled_from(HOSTILE_CELLS)))
            elif "mail" in header.lower() or "courriel" in header.lower():
                cell = f"{draw(LOCAL_PART)}.r{n}@{draw(DOMAIN)}"
            elif header in HEADERS:
                cell = draw(st.one_of(st.sampled_from(FIRST_NAMES), REQUIRED_LINE))
            else:
                cell = draw(ONE_LINE)
            row.append(cell)
        rows.append(row[: draw(st.integers(0, len(row)))] if draw(st.integers(0, 19)) == 0 else row)
    return rows


def csv_bytes(rows: list[list[str]], encoding: str, delimiter: str) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding, "replace" if encoding == "cp1252" else "surrogatepass")


def xlsx_bytes(rows: list[list[str]], numbers: bool) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        cleaned = [re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", cell) for cell in row]  # what openpyxl can store
        sheet.append([float(c) if numbers and re.fullmatch(r"-?\d+(\.\d+)?", c) else c for c in cleaned])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@st.composite
def spreadsheets(draw) -> tuple[str, bytes]:
    rows = draw(registrations())
    kind = draw(st.sampled_from(["csv", "csv", "csv", "xlsx", "junk"]))
    if kind == "xlsx":
        return "regs.xlsx", xlsx_bytes(rows, draw(st.booleans()))
    if kind == "junk":
        return draw(st.sampled_from(["regs.csv", "regs.xlsx"])), draw(st.binary(max_size=300))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    data = csv_bytes(rows, encoding, draw(st.sampled_from([",", ";", "\t"])))
    if draw(st.integers(0, 5)) == 0:  # one line in another encoding, as a hand-merged export has
        data += csv_bytes([["Zoë", "Müller", "zoe@example.org"]], "cp1252" if encoding != "cp1252" else "utf-8", ",")
    return "regs.csv", data


@SMALL
@given(case=valid_events(max_people=6, huge_notes=False), sheet=spreadsheets())
def test_registration_exports_import_cleanly_or_not_at_all(case, sheet, tmp_path_factory):
    folder = tmp_path_factory.mktemp("import")
    event = write_event(folder, case[0])
    name, data = sheet
    source = folder / name
    source.write_bytes(data)
    run_checked(folder, event, [source], "import", event, source, "--dry-run")
    code, _, _ = run_checked(folder, event, [source], "import", event, source, edits_event=True)
    note(f"import: exit {code}, {name}, event {'edited' if event.read_bytes() != case[0].encode() else 'unchanged'}")
    if code == 0:
        check_passes(event)
        edited = event.read_bytes()
        again, _, _ = run_checked(folder, event, [source], "import", event, source, edits_event=True)
        assert again == 0 and event.read_bytes() == edited, "importing the same file again changed the event"
    run_checked(folder, event, [source], "attendance", event, source, "--dry-run")
    code, _, _ = run_checked(folder, event, [source], "attendance", event, source, edits_event=True)
    if code == 0:
        check_passes(event)


# ------------------------------------------------------------------ REPLY messages, mbox, Maildir

SEQUENCES = ["0", "1", "7", "²", "٣", "9" * 5000, "-1", "", "2147483648", "1.5", " 2", "0x1"]
PARTSTATS = ["ACCEPTED", "DECLINED", "TENTATIVE", "NEEDS-ACTION", "DELEGATED", "accepted", "", "X-JUNK", "²"]
STAMPS = ["20261129T101500Z", "99991231T235959Z", "00010101T000000Z", "20261129T101500", "2026", "junk", ""]
HOSTILE_ADDRESSES = [
    "X <../../../x@example.org>",
    "\x1b]0;owned\x07@example.org",
    "a\r\nBcc: b@example.org",
    "",
    "not an address",
    "\u202ereverse@example.org",
    "x@" + "a" * 300 + ".org",
]


@st.composite
def replies(draw, uids: list[str], emails: list[str]) -> bytes:
    uid = draw(st.one_of(st.sampled_from(uids), REQUIRED_LINE)) if uids else draw(REQUIRED_LINE)
    address = (
        draw(st.one_of(st.sampled_from(emails), st.sampled_from(HOSTILE_ADDRESSES)))
        if emails
        else draw(st.sampled_from(HOSTILE_ADDRESSES))
    )
    sender = address if draw(st.integers(0, 3)) else draw(st.sampled_from(emails + HOSTILE_ADDRESSES))
    calendar = "\r\n".join(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//fuzz//EN",
            f"METHOD:{draw(st.sampled_from(['REPLY', 'REPLY', 'REQUEST', 'COUNTER', '']))}",
            "BEGIN:VEVENT",
            f"UID:{uid}",
            f"DTSTAMP:{draw(st.sampled_from(STAMPS))}",
            f"SEQUENCE:{draw(st.sampled_from(SEQUENCES))}",
            f"ATTENDEE;PARTSTAT={draw(st.sampled_from(PARTSTATS))};CN={draw(ONE_LINE)}:mailto:{address}",
            *draw(
                st.lists(
                    st.sampled_from(
                        [
                            "COMMENT:Sorry\\, travelling",
                            "RECURRENCE-ID:20261210T140000Z",
                            "ATTENDEE;PARTSTAT=DECLINED:mailto:someone.else@example.org",
                            "BEGIN:VALARM",
                            "END:VEVENT",
                            " folded continuation",
                            'X-A;B="C":D',
                        ]
                    ),
                    max_size=3,
                )
            ),
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
    )
    encoding = draw(st.sampled_from(["8bit", "base64", "quoted-printable", "base64-broken"]))
    body = calendar.encode("utf-8", "surrogatepass")
    if encoding == "base64":
        body = base64.encodebytes(body)
    elif encoding == "base64-broken":
        body, encoding = b"%%%not base64" + body[:40], "base64"
    charset = draw(st.sampled_from(["utf-8", "latin-1", "x-unknown", "utf-7"]))
    part = (
        f"Content-Type: text/calendar; charset={charset}; method=REPLY\r\nContent-Transfer-Encoding: {encoding}\r\n\r\n"
    ).encode("ascii") + body
    for depth in range(draw(st.sampled_from([0, 0, 1, 2, 60, 3000]))):
        boundary = f"b{depth}"
        part = (
            (f'Content-Type: multipart/mixed; boundary="{boundary}"\r\n\r\n--{boundary}\r\n').encode()
            + part
            + f"\r\n--{boundary}--\r\n".encode()
        )
    safe_sender = sender.replace("\r", " ").replace("\n", " ")
    headers = (
        f"From: {safe_sender}\r\nTo: organiser@example.org\r\nSubject: {draw(ONE_LINE)[:60]}\r\n"
        f"Date: Sun, 29 Nov 2026 11:15:00 +0100\r\nMIME-Version: 1.0\r\n"
    )
    return headers.encode("utf-8", "surrogatepass") + part


def invite_uids(out: Path) -> list[str]:
    found = []
    for path in out.rglob("*.ics"):
        found += re.findall(r"^UID:(.+?)\r?$", path.read_text(encoding="utf-8"), re.M)
    return sorted(set(found))


@SMALL
@given(case=valid_events(max_people=6, huge_notes=False), data=st.data())
def test_reply_messages_mbox_and_maildir_are_read_cleanly(case, data, tmp_path_factory):
    folder = tmp_path_factory.mktemp("replies")
    event = write_event(folder, case[0])
    code, _, stderr = run_checked(
        folder, event, [], "invites", event, "--per-session", "--eml", "-o", folder / "out", outputs=("out",)
    )
    assert code == 0, stderr
    uids = invite_uids(folder / "out")
    emails = sorted(set(re.findall(r'^email = "(.+?)"$', case[0], re.M)))
    messages = data.draw(st.lists(replies(uids, emails), min_size=1, max_size=5))
    inputs = []
    layout = data.draw(st.sampled_from(["eml", "mbox", "maildir", "folder"]))
    if layout == "eml":
        for n, message in enumerate(messages):
            inputs.append(folder / f"reply{n}.eml")
            inputs[-1].write_bytes(message)
    elif layout == "mbox":
        box = mailbox.mbox(folder / "inbox.mbox")
        for message in messages:
            box.add(message)
        box.close()
        inputs.append(folder / "inbox.mbox")
    else:
        target = folder / ("Maildir" if layout == "maildir" else "answers")
        if layout == "maildir":
            box = mailbox.Maildir(target, create=True)
            for message in messages:
                box.add(message)
        else:
            target.mkdir()
            for n, message in enumerate(messages):
                (target / f"{n}.eml").write_bytes(message)
        inputs.append(target)
    run_checked(folder, event, inputs, "replies", event, *inputs, "--dry-run")
    code, _, _ = run_checked(folder, event, inputs, "replies", event, *inputs)
    note(
        f"replies: exit {code}, {layout}, {'recorded' if event.with_name(event.stem + '.replies.json').exists() else 'none'}"
    )
    run_checked(folder, event, [], "status", event)
    run_checked(folder, event, [], "invites", event, "--per-session", "--eml", "-o", folder / "out", outputs=("out",))


# ------------------------------------------------------------------ state files beside the event

JUNK_JSON = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**70), 2**70),
        st.sampled_from(
            [
                "",
                "../../x",
                "x" * 5000,
                "\x1b[2J",
                "2026-11-29T10:15:00Z",
                "9999-12-31T00:00:00Z",
                "ACCEPTED",
                "mailto:a@b",
            ]
        ),
        ONE_LINE,
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(ONE_LINE, inner, max_size=3)),
    max_leaves=8,
)


def json_paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from json_paths(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from json_paths(item, path + (index,))


def replaced(value, path, new):
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = replaced(value[path[0]], path[1:], new)
    return copy


@SMALL
@given(case=valid_events(max_people=6, huge_notes=False), data=st.data())
def test_damaged_state_files_get_located_errors(case, data, tmp_path_factory):
    folder = tmp_path_factory.mktemp("state")
    event = write_event(folder, case[0])
    code, _, stderr = run_checked(
        folder, event, [], "invites", event, "--per-session", "--per-speaker", "-o", folder / "out", outputs=("out",)
    )
    assert code == 0, stderr
    for suffix in data.draw(st.lists(st.sampled_from(["invites.json", "replies.json"]), min_size=1, unique=True)):
        state = event.with_name(f"{event.stem}.{suffix}")
        original = json.loads(state.read_text(encoding="utf-8")) if state.is_file() else {"replies": {}}
        how = data.draw(st.sampled_from(["value", "value", "value", "bytes", "whole"]))
        if how == "bytes":
            state.write_bytes(data.draw(st.binary(max_size=200)))
            continue
        if how == "whole":
            damaged = data.draw(JUNK_JSON)
        else:
            path = data.draw(st.sampled_from(list(json_paths(original))))
            damaged = replaced(original, path, data.draw(JUNK_JSON))
        state.write_text(json.dumps(damaged, ensure_ascii=data.draw(st.booleans())), encoding="utf-8")
    state_files = [event.with_name(f"{event.stem}.{s}") for s in ("invites.json", "replies.json")]
    for command in (
        ["invites", event, "--per-session", "-o", folder / "out"],
        ["status", event],
        ["build", event, "--format", "html", "-o", folder / "out"],
    ):
        code, _, _ = run_checked(folder, event, state_files, *command, outputs=("out",))
        note(f"{command[0]} with damaged state: exit {code}")
