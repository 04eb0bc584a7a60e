"""The zip ``fzcj pack`` sends a unit: its names, and how they are encoded for Windows.

Every name is stored as UTF-8 with the zip's UTF-8 flag (general purpose bit 11), which Windows 10's Explorer,
7-Zip, Bandizip and 360压缩 honour. ``gbk`` stores the names as GBK without the flag instead, as Windows'
own "压缩(zipped)文件夹" writes them and as older Explorers and zip tools expect. Every entry carries the
time it was packed. What goes into the zip is decided by :mod:`fzcj.report.unit_pack`.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence

from fzcj.errors import UsageError

CHECKLIST_FILE = "报送清单.docx"
GUIDE_FILE = "填报说明.txt"
_UTF8_FLAG = 0x800
_FAT = 0  # created_system: what Windows' own zips say
_DOS_FOLDER = 0x10


def wrapper_name(unit: str) -> str:
    """The one folder the zip holds, named after the unit: intake recognises the unit by it."""
    return f"{unit}报送材料"


class _GbkInfo(zipfile.ZipInfo):
    """A member whose name is written in GBK without the UTF-8 flag.

    zipfile writes every non-ASCII name as UTF-8 with the flag; the name's bytes and the flag bits of both
    the local header and the central directory come from ``_encodeFilenameFlags`` (Python 3.11–3.13), which
    this class answers instead.
    """

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:
        return self.filename.encode("gbk"), self.flag_bits & ~_UTF8_FLAG


def _info(name: str, when: dt.datetime, *, gbk: bool, folder: bool) -> zipfile.ZipInfo:
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    info = (_GbkInfo if gbk else zipfile.ZipInfo)(name, stamp)
    if gbk:
        info.create_system = _FAT
    if folder:
        info.external_attr = (0o40755 << 16) | _DOS_FOLDER
    else:
        info.external_attr = 0o644 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _gbk_name(name: str) -> None:
    try:
        name.encode("gbk")
    except UnicodeEncodeError:
        raise UsageError(
            f"“{name}”中有 GBK 无法表示的字符，不能用 --gbk 打包：请去掉 --gbk（文件名以 UTF-8 保存）"
        ) from None


def zip_bytes(files: Sequence[tuple[str, bytes]], *, when: dt.datetime, gbk: bool = False) -> bytes:
    """A zip of ``files`` ('/'-separated paths and contents), each folder as an entry of its own."""
    buffer = io.BytesIO()
    seen: set[str] = set()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            parts = name.split("/")
            for depth in range(1, len(parts)):
                folder = "/".join(parts[:depth]) + "/"
                if folder not in seen:
                    seen.add(folder)
                    if gbk:
                        _gbk_name(folder)
                    archive.writestr(_info(folder, when, gbk=gbk, folder=True), b"")
            if gbk:
                _gbk_name(name)
            archive.writestr(_info(name, when, gbk=gbk, folder=False), data)
    return buffer.getvalue()
