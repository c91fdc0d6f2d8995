"""Byte-identical zip packages (.docx): the same members and contents give the same bytes on every build.

python-docx stamps each zip member with the clock time, so two builds of one document differ. Here every member
gets one fixed timestamp -- ``SOURCE_DATE_EPOCH`` when it is set (the reproducible-builds.org convention), else
1980-01-01 00:00, the earliest date a zip can hold -- and fixed attributes, keeping the members' order.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def zip_timestamp() -> tuple[int, int, int, int, int, int]:
    """The members' date and time: SOURCE_DATE_EPOCH (UTC, clamped to the zip range) or 1980-01-01 00:00."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return ZIP_EPOCH
    moment = dt.datetime.fromtimestamp(min(int(epoch), 4_102_444_799), dt.UTC)  # zip years end in 2107
    stamp = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    return max(stamp, ZIP_EPOCH)


def normalise_zip(data: bytes) -> bytes:
    """``data`` (a zip archive) rewritten with fixed timestamps and attributes, members in the same order."""
    stamp = zip_timestamp()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever the machine
            info.external_attr = 0o644 << 16  # -rw-r--r--
            target.writestr(info, source.read(member), compresslevel=6)
    return out.getvalue()
