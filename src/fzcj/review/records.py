"""The decision record: one JSON file per decision under ``reviews/``, named by its time, item and unit.

    reviews/2022-06-15T101500-27.1-区司法局.json

    {
      "item": "27.1",
      "unit": "区司法局",
      "decision": "return",
      "reason": "缺少审查意见原件",
      "by": "张三",
      "at": "2022-06-15T10:15:00+08:00",
      "files": [
        ["027 行政规范性文件合法性审核/区司法局/1-情况说明.docx", 52311, 1655259300000000000, "9f86d0…"]
      ]
    }

``decision`` is ``accept`` (with an optional ``note``), ``return`` (with a ``reason``) or ``undo``
(with ``undoes``: the name of the record it withdraws). ``files`` is the fingerprint of what was judged:
one row (path relative to evidence/, size in bytes, modification time in nanoseconds, SHA-256) per file.
``files_check`` sums the rows up (``count:total size:sum of times``) so that the status can tell that
nothing changed without reading the rows; it comes just before ``files``, which comes last.

A second decision in the same second gets ``-2`` before ``.json``. The name orders the records (the
latest wins), so the status reads only the names of all records and the few records it needs.
"""

from __future__ import annotations

import datetime as dt
import json
import operator
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, NamedTuple

from fzcj.evidence.index import Tally
from fzcj.fsutil import inside, write_new

FOLDER = "reviews"
SUFFIX = ".json"
_NAME = re.compile(r"(\d{4}-\d\d-\d\dT\d{6})-([^-/\\\n]+)-([^\n]+?)(?:-(\d+))?\.json")
_NAMES = re.compile(r"^(" + _NAME.pattern + r")$", re.MULTILINE)
STAMP = "%Y-%m-%dT%H%M%S"

Row = Sequence[Any]
"""One file of a fingerprint as read: (path, size, mtime in ns, SHA-256); checked only by validate."""


class Verdict(StrEnum):
    accept = "accept"
    return_ = "return"
    undo = "undo"

    @property
    def label(self) -> str:
        return {"accept": "通过", "return": "退回", "undo": "撤销"}[self.value]


class RecordName(NamedTuple):
    """What a record's file name says: when (to the second), which item, which unit (a tuple: the
    status makes one for every record)."""

    name: str
    stamp: str
    item: str
    unit: str
    seq: int

    @property
    def order(self) -> tuple[str, int]:
        return (self.stamp, self.seq)


ORDER = operator.itemgetter(1, 4)  # RecordName.order, without a Python call per record


def parse_name(name: str) -> RecordName | None:
    found = _NAME.fullmatch(name)
    if found is None:
        return None
    stamp, item, unit, seq = found.groups()
    return RecordName(name, stamp, item, unit, int(seq) if seq else 1)


@dataclass(frozen=True)
class Decision:
    """One decision on the materials one unit filed for one item."""

    item: str
    unit: str
    verdict: Verdict
    by: str
    at: dt.datetime
    reason: str | None = None
    """The reason of a return, or the note of an accept."""
    files: Sequence[Row] = ()
    undoes: str | None = None
    name: str = ""
    """The record's file name in reviews/ (empty until it is written)."""
    check: str | None = None
    """``files_check`` as recorded (None for an undo)."""
    rows_read: bool = True
    """False when only the head of the record was read (``files`` is then empty)."""

    @property
    def order(self) -> tuple[dt.datetime, int]:
        """Later decisions sort after earlier ones; within one second, by the record's number."""
        parsed = parse_name(self.name)
        return (self.at, parsed.seq if parsed is not None else 1)

    def to_json(self) -> dict[str, object]:
        return {
            "decision": self.verdict.value,
            "reason": self.reason,
            "by": self.by,
            "at": self.at.isoformat(),
        }


def record_bytes(decision: Decision) -> bytes:
    """The record as written: one key per line and one file per line, so that diffs and problems read
    well."""
    fields: list[tuple[str, object]] = [
        ("item", decision.item),
        ("unit", decision.unit),
        ("decision", decision.verdict.value),
    ]
    if decision.reason is not None:
        fields.append(("note" if decision.verdict is Verdict.accept else "reason", decision.reason))
    if decision.undoes is not None:
        fields.append(("undoes", decision.undoes))
    fields += [("by", decision.by), ("at", decision.at.isoformat())]
    if decision.verdict is not Verdict.undo:
        fields.append(("files_check", rows_check(decision.files)))
    lines = [f"  {_dump(key)}: {_dump(value)}" for key, value in fields]
    if decision.verdict is not Verdict.undo:
        rows = [f"    {_dump(list(row))}" for row in decision.files]
        lines.append(_FILES + ("\n" + ",\n".join(rows) + "\n  ]" if rows else "]"))
    return ("{\n" + ",\n".join(lines) + "\n}\n").encode()


_FILES = '  "files": ['


def rows_check(rows: Sequence[Row]) -> str:
    """``files_check`` of fingerprint rows: as :meth:`fzcj.evidence.index.Tally.check` of the files."""
    tally = Tally()
    for row in rows:
        tally.file(row[1], row[2])
    return tally.check() or ""


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def write_record(folder: Path, decision: Decision) -> Path:
    """Write ``decision`` as a new record (never over another one); returns its path."""
    stamp = decision.at.strftime(STAMP)
    seq = 1
    while True:
        name = f"{stamp}-{decision.item}-{decision.unit}" + (f"-{seq}" if seq > 1 else "") + SUFFIX
        inside(folder / name, folder)  # names from the data files are checked, and still never lead out
        try:
            write_new(folder / name, record_bytes(decision))
        except FileExistsError:
            seq += 1
            continue
        return folder / name


def list_names(folder: Path) -> tuple[list[RecordName], list[str]]:
    """Every record name in ``folder`` (one listing, read by one regular-expression scan), and the
    other entries (not hidden or temporary files)."""
    try:
        names = [n for n in os.listdir(folder) if not n.startswith(".")]
    except (FileNotFoundError, NotADirectoryError):
        return [], []
    found = _NAMES.findall("\n".join(names))
    new = tuple.__new__  # RecordName(...) without its Python-level __new__: this runs for every record
    records = [
        new(RecordName, (n, stamp, item, unit, int(seq) if seq else 1)) for n, stamp, item, unit, seq in found
    ]
    records.sort(key=ORDER)
    others = set(names).difference(r.name for r in records) if len(found) < len(names) else ()
    return records, sorted(others)


class Fault(Exception):
    """What is wrong with a record, at a line and column of its text (1-based)."""

    def __init__(self, line: int, column: int, code: str, message: str) -> None:
        super().__init__(message)
        self.line, self.column, self.code, self.message = line, column, code, message


_KEYS = {"item", "unit", "decision", "reason", "note", "undoes", "by", "at", "files_check", "files"}


def parse_record(data: bytes, name: str, *, strict: bool = False, head: bool = False) -> Decision:
    """The decision a record holds; raises :class:`Fault`. ``strict`` (for validate) also checks every
    file row and refuses unknown keys; ``head`` reads no row where the record is laid out as written
    (``files`` last), which spares reading thousands of rows when ``files_check`` tells enough."""
    if head and not strict:
        cut = data.find(b",\n" + _FILES.encode())
        if cut > 0:
            return replace(parse_record(data[:cut] + b"\n}", name), rows_read=False)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Fault(data[: exc.start].count(b"\n") + 1, 1, "review-malformed", "不是 UTF-8 文本") from None
    content = _loads(text)
    if not isinstance(content, dict):
        raise Fault(1, 1, "review-malformed", "审核记录应是一个 JSON 对象（{ … }）")
    if strict:
        for key in content:
            if key not in _KEYS:
                raise _at(text, key, f"未知的键「{key}」：可用的键为 {'、'.join(sorted(_KEYS))}")
    verdict_text = _text(content, text, "decision")
    try:
        verdict = Verdict(verdict_text)
    except ValueError:
        raise _at(text, "decision", f"decision 应为 accept、return 或 undo，现为「{verdict_text}」") from None
    at_text = _text(content, text, "at")
    try:
        at = dt.datetime.fromisoformat(at_text)
    except ValueError:
        at = None
    if at is None or at.tzinfo is None:
        raise _at(text, "at", f"at 应为带时区的时间，如 2022-06-15T10:15:00+08:00，现为「{at_text}」")
    reason_key = "note" if verdict is Verdict.accept else "reason"
    reason = _text(content, text, reason_key, required=verdict is Verdict.return_)
    files = content.get("files", [])
    if verdict is not Verdict.undo and (not isinstance(files, list) or (strict and not files)):
        raise _at(text, "files", "files 应列出所审核的文件：每行 [路径, 字节数, 修改时间, SHA-256]")
    check = _text(content, text, "files_check", required=strict and verdict is not Verdict.undo) or None
    if strict:
        for number, row in enumerate(files, 1):
            _check_row(row, number, text)
        if check is not None and check != rows_check(files):
            raise _at(
                text, "files_check", f"files_check 应为 {rows_check(files)}，与 files 不符：记录被改动过"
            )
    return Decision(
        item=_text(content, text, "item"),
        unit=_text(content, text, "unit"),
        verdict=verdict,
        by=_text(content, text, "by"),
        at=at,
        reason=reason or None,
        files=files,
        undoes=_text(content, text, "undoes", required=verdict is Verdict.undo) or None,
        name=name,
        check=check,
    )


def _loads(text: str) -> Any:
    try:
        import orjson
    except ImportError:  # no wheel for this machine
        pass
    else:
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            pass  # the standard library says where
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise Fault(exc.lineno, exc.colno, "review-malformed", f"不是有效的 JSON（{exc.msg}）") from None


def _text(content: dict[str, Any], text: str, key: str, *, required: bool = True) -> str:
    value = content.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        what = "缺少" if value is None else "应为非空的文字："
        raise _at(text, key if value is not None else None, f"{what}{key}")
    return value


def _check_row(row: Any, number: int, text: str) -> None:
    ok = (
        isinstance(row, list)
        and len(row) == 4
        and isinstance(row[0], str)
        and all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in row[1:3])
        and isinstance(row[3], str)
        and re.fullmatch(r"[0-9a-f]{64}", row[3]) is not None
    )
    if not ok:
        raise _at(text, "files", f"files 的第 {number} 行应为 [路径, 字节数, 修改时间（纳秒）, SHA-256]")


def _at(text: str, key: str | None, message: str) -> Fault:
    """A fault at the line of ``"key":`` (or at the start, for a missing key)."""
    return Fault(*key_position(text, key), "review-malformed", message)


def key_position(text: str, key: str | None) -> tuple[int, int]:
    """Line and column of ``"key":`` in a record's text; 1:1 when it is not there."""
    found = re.search(r'"' + re.escape(key) + r'"\s*:', text) if key is not None else None
    if found is None:
        return 1, 1
    line = text.count("\n", 0, found.start()) + 1
    return line, found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
