"""The bytes read from the start and the end of a file, and the entry names of a ZIP's central
directory found in them (for :mod:`fzcj.evidence.content`). Pure standard library."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Final, Literal

FaultCode = Literal["broken-file", "wrong-extension", "encrypted", "unreadable"]


@dataclass(frozen=True, slots=True)
class ContentFault:
    """Why a file cannot be accepted as it is: ``code`` for programs, ``message`` (Chinese) for people."""

    code: FaultCode
    message: str


class Window:
    """The start and the end of a file, addressed by file offsets; the middle may be missing."""

    def __init__(self, head: bytes, tail: bytes, size: int) -> None:
        size = max(size, len(head), len(tail))
        tail_start = size - len(tail)
        if len(head) >= size:
            tail, tail_start = head, 0
        elif tail_start <= len(head):  # the two pieces touch or overlap: the whole file is here
            tail, tail_start = head + tail[len(head) - tail_start :], 0
            head = tail
        self.head = head
        self.tail = tail
        self.tail_start = tail_start
        self.size = size
        # Whether the last bytes of the file are among those read (not when only a head was given).
        self.end_known = bool(tail) or size == 0

    def get(self, offset: int, length: int) -> bytes | None:
        """Bytes ``[offset, offset + length)`` if they were read, else None."""
        if offset < 0 or length < 0 or offset + length > self.size:
            return None
        if offset + length <= len(self.head):
            return self.head[offset : offset + length]
        if offset >= self.tail_start:
            start = offset - self.tail_start
            return self.tail[start : start + length]
        return None

    def contains(self, needle: bytes) -> bool:
        return needle in self.head or needle in self.tail


# -- what the bytes are instead --------------------------------------------------------------------

# -- ZIP -----------------------------------------------------------------------------------

ZIP_EMPTY: Final = b"PK\x05\x06"  # the end-of-central-directory signature
EOCD: Final = struct.Struct("<4sHHHHIIH")  # end of central directory record, 22 bytes
_ZIP64_LOCATOR: Final = struct.Struct("<4sIQI")  # 20 bytes
_ZIP64_EOCD: Final = struct.Struct("<4sQHHIIQQQQ")  # 56 bytes
_CENTRAL: Final = struct.Struct("<4s24xHHH12x")  # central directory file header, 46 bytes
_MAX_COMMENT: Final = 0xFFFF
_ZIP64_LOCATOR_SIGNATURE: Final = b"PK\x06\x07"
_ZIP64_EOCD_SIGNATURE: Final = b"PK\x06\x06"
_CENTRAL_SIGNATURE: Final = b"PK\x01\x02"


class Unknown:
    """The bytes read do not settle the question."""


UNKNOWN: Final = Unknown()


def zip_names(window: Window) -> list[bytes] | ContentFault | Unknown:
    """The entry names of a ZIP's central directory, a fault, or unknown when it was not all read."""
    tail, base = window.tail, window.tail_start
    if not window.end_known:
        return UNKNOWN
    # The record is 22 bytes and ends the file, after a comment of at most 64 KiB. Office, WPS and
    # LibreOffice write no comment, so a record missing from the bytes read means a cut-off file.
    last = len(tail) - EOCD.size  # the last place a whole record can start
    at = tail.rfind(ZIP_EMPTY, max(0, last - _MAX_COMMENT), last + len(ZIP_EMPTY)) if last >= 0 else -1
    if at < 0:
        return ContentFault(
            "broken-file",
            "文件不完整（缺少 ZIP 结构末尾的目录记录），已损坏：可能是下载未完成，请重新获取原文件",
        )
    _, _, _, _, entries, cd_size, cd_offset, _ = EOCD.unpack_from(tail, at)
    end_of_cd = base + at
    locator = window.get(end_of_cd - _ZIP64_LOCATOR.size, _ZIP64_LOCATOR.size)
    needs_zip64 = entries == 0xFFFF or cd_size == 0xFFFFFFFF or cd_offset == 0xFFFFFFFF
    if locator is not None and locator.startswith(_ZIP64_LOCATOR_SIGNATURE):
        record_at = end_of_cd - _ZIP64_LOCATOR.size - _ZIP64_EOCD.size
        record = window.get(record_at, _ZIP64_EOCD.size)
        if record is not None and record.startswith(_ZIP64_EOCD_SIGNATURE):
            fields = _ZIP64_EOCD.unpack_from(record)
            cd_size, end_of_cd = fields[8], record_at
        elif needs_zip64:
            return UNKNOWN
    elif needs_zip64:
        return UNKNOWN
    cd_start = end_of_cd - cd_size
    if cd_start < 0:
        return ContentFault("broken-file", "文件已损坏（ZIP 目录记录与文件大小不符）")
    directory = window.get(cd_start, cd_size)
    if directory is None:
        return UNKNOWN
    # As lenient as Python's zipfile: the last entry may claim more bytes than the directory has.
    names: list[bytes] = []
    pos = 0
    while pos < len(directory):
        if pos + _CENTRAL.size > len(directory) or not directory.startswith(_CENTRAL_SIGNATURE, pos):
            return ContentFault("broken-file", "文件已损坏（ZIP 目录区无法读取）")
        _, name_len, extra_len, comment_len = _CENTRAL.unpack_from(directory, pos)
        names.append(directory[pos + _CENTRAL.size : pos + _CENTRAL.size + name_len])
        pos += _CENTRAL.size + name_len + extra_len + comment_len
    return names
