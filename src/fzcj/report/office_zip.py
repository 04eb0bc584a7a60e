"""Rewriting the zip inside a .docx or .xlsx: the same parts, every one stamped with one fixed time, and
some of them patched as text.

python-docx and openpyxl stamp each part with the time of writing, so two runs over the same data
would give different bytes; the assessors' package must not. Patching a part lets a renderer put in
thousands of table rows as text that it made from one formatted row (see :mod:`fzcj.report.docx.catalogue`
and :mod:`fzcj.report.xlsx.sheet`), which is many times faster than building them element by element.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Mapping

Patch = Callable[[bytes], bytes]


def stamp_of(day: dt.date | dt.datetime) -> tuple[int, int, int, int, int, int]:
    """A zip entry time (zip times have two-second steps and no time zone)."""
    moment = day if isinstance(day, dt.datetime) else dt.datetime(day.year, day.month, day.day)
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second // 2 * 2)


def rezip(data: bytes, when: dt.date | dt.datetime, patches: Mapping[str, Patch] | None = None) -> bytes:
    """``data`` (a zip) with every entry dated ``when`` and the parts named in ``patches`` changed."""
    date_time = stamp_of(when)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            info.create_system = 3
            part = source.read(item)
            patch = (patches or {}).get(item.filename)
            target.writestr(info, patch(part) if patch is not None else part)
    return out.getvalue()
