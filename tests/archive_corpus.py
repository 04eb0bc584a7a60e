"""Zips as units' PCs make them, built in memory for the archive tests.

``zipfile`` always writes a non-ASCII name as UTF-8 and sets the UTF-8 flag. To write a name the way Windows'
"压缩(zipped)文件夹" and Chinese zip tools do (GBK bytes, no flag) — or any raw bytes, or extra flag bits such as
"encrypted" — :class:`RawInfo` overrides ``ZipInfo._encodeFilenameFlags``, the one method zipfile asks for the
name's bytes and the flag bits of both the local header and the central directory. ``zipfile`` resets
``flag_bits`` when it starts writing a member, so the bits are passed through this method too.
Sizes that lie are patched into the bytes afterwards (:func:`patch_sizes`).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

UTF8 = 0x800
CENTRAL = b"PK\x01\x02"
LOCAL = b"PK\x03\x04"


class RawInfo(zipfile.ZipInfo):
    """A member whose name is written as ``raw`` bytes, with exactly ``flags`` as general purpose bits."""

    def __init__(self, raw: bytes, *, flags: int = 0, system: int = 0) -> None:
        super().__init__(raw.decode("utf-8") if flags & UTF8 else raw.decode("cp437"), (2024, 3, 1, 9, 30, 0))
        self.raw, self.flags = raw, flags
        self.create_system = system

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:
        return self.raw, self.flags | (self.flag_bits & ~UTF8)


@dataclass(frozen=True)
class Member:
    """One member to write: a text name (encoded with ``encoding``) or raw bytes."""

    name: str | bytes
    data: bytes = b"x"
    encoding: str = "gbk"  # "utf-8-flag": UTF-8 with the flag; "utf-8": UTF-8 without it
    system: int = 0  # created_system: 0 FAT, 3 Unix, 11 NTFS
    flags: int = 0
    method: int = zipfile.ZIP_DEFLATED
    mode: int | None = None  # Unix mode bits for external_attr
    extra: bytes = b""


def member_info(member: Member) -> zipfile.ZipInfo:
    if isinstance(member.name, bytes):
        raw, flags = member.name, member.flags
    elif member.encoding == "utf-8-flag":
        raw, flags = member.name.encode("utf-8"), member.flags | UTF8
    else:
        raw, flags = member.name.encode(member.encoding), member.flags
    info = RawInfo(raw, flags=flags, system=member.system)
    info.compress_type = member.method
    info.extra = member.extra
    if member.mode is not None:
        info.external_attr = member.mode << 16
    return info


def make_zip(*members: Member | str) -> bytes:
    """A zip of ``members``; a plain string is a GBK name without the flag holding ``b"x"``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for member in members:
            spec = Member(member) if isinstance(member, str) else member
            zf.writestr(member_info(spec), spec.data)
    return buffer.getvalue()


def unicode_path_extra(raw: bytes, name: str, *, crc: int | None = None) -> bytes:
    """An Info-ZIP Unicode Path extra field (0x7075) for a member whose raw name is ``raw``."""
    body = b"\x01" + struct.pack("<I", zlib.crc32(raw) if crc is None else crc) + name.encode("utf-8")
    return struct.pack("<HH", 0x7075, len(body)) + body


def patch_sizes(data: bytes, index: int, *, size: int, compressed: int | None = None) -> bytes:
    """``data`` with member ``index`` declaring ``size`` (and ``compressed``) in the central directory."""
    out = bytearray(data)
    pos = -1
    for _ in range(index + 1):
        pos = out.index(CENTRAL, pos + 1)
    struct.pack_into("<I", out, pos + 24, size)
    if compressed is not None:
        struct.pack_into("<I", out, pos + 20, compressed)
    return bytes(out)
