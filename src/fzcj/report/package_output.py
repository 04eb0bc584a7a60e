"""Writing the package into a folder or a zip file; each evidence file is read once, hashed as it is copied.

Zip files are deterministic: entries in the order given, every timestamp the same fixed one, no
owner or permission bits, so the same evidence gives the same bytes. Names are UTF-8 with the zip's
UTF-8 flag, or GBK without it (``gbk``: what Windows Explorer before Windows 10 1903, and many Chinese
zip tools, expect). Files that are compressed already (PDF, images, Office files, archives, video)
are stored, the others deflated.
"""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

CHUNK = 1 << 20
STORED_SUFFIXES = frozenset(
    [
        ".pdf",
        ".ofd",
        ".jpg",
        ".jpeg",
        ".png",
        ".gif",
        ".webp",
        ".heic",
        ".jfif",
        ".docx",
        ".docm",
        ".xlsx",
        ".xlsm",
        ".pptx",
        ".pptm",
        ".wps",
        ".et",
        ".dps",
        ".zip",
        ".rar",
        ".7z",
        ".gz",
        ".bz2",
        ".xz",
        ".mp4",
        ".m4v",
        ".mov",
        ".avi",
        ".wmv",
        ".flv",
        ".mkv",
        ".3gp",
        ".mp3",
        ".m4a",
        ".aac",
        ".wma",
        ".amr",
    ]
)
"""Already compressed (or packed): deflating them again costs time and saves nothing."""
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
_WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
_UTF8_FLAG = 0x800
_MS_DOS = 0  # the zip's "made by" system
_UNIX = 3
_REGULAR_FILE = 0o100644 << 16  # rw-r--r--, as Info-ZIP's zip stores it


@dataclass(frozen=True)
class Written:
    """What was written for one file: its size and SHA-256 (hex)."""

    size: int
    sha256: str


def open_source(path: str) -> int:
    """An evidence file opened for reading (the caller closes it); raises OSError."""
    return os.open(path, _READ_FLAGS)


def copy_hashed(fd: int, write: Callable[[bytes], object]) -> Written:
    """Read the open file ``fd`` once, passing every chunk to ``write`` and to SHA-256."""
    digest = hashlib.sha256()
    size = 0
    while chunk := os.read(fd, CHUNK):
        digest.update(chunk)
        write(chunk)
        size += len(chunk)
    return Written(size, digest.hexdigest())


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


class FolderWriter:
    """Files under ``root`` (a fresh folder): copies, never links; parents made as needed."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._folders: set[str] = set()

    def _open(self, target: str) -> int:
        parent = target.rpartition("/")[0]
        if parent and parent not in self._folders:
            os.makedirs(self.root / parent, exist_ok=True)
            self._folders.add(parent)
        return os.open(self.root / target, _WRITE_FLAGS, 0o666)

    def add_file(self, target: str, source: int, size: int) -> Written:
        """Copy the open file ``source`` (``size`` bytes, as far as known) to ``target``."""
        fd = self._open(target)
        try:
            return copy_hashed(source, lambda chunk: _write_all(fd, chunk))
        finally:
            os.close(fd)

    def add_bytes(self, target: str, data: bytes) -> Written:
        fd = self._open(target)
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
        return Written(len(data), hashlib.sha256(data).hexdigest())


class _GbkName(zipfile.ZipInfo):
    """An entry whose name is stored in GBK, without the UTF-8 flag (zipfile itself writes UTF-8)."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:  # zipfile's own (private) hook
        return self.filename.encode("gbk"), self.flag_bits & ~_UTF8_FLAG


def entry(name: str, date_time: tuple[int, int, int, int, int, int], *, gbk: bool = False) -> zipfile.ZipInfo:
    """A zip entry with nothing that varies between runs: a fixed time, fixed permissions."""
    info = (_GbkName if gbk else zipfile.ZipInfo)(name, date_time)
    # Info-ZIP's unzip reads the names of entries made on MS-DOS in the DOS code page even when the
    # UTF-8 flag is set; Windows honours the flag whatever the system. GBK names are what Windows
    # tools expect of entries made on MS-DOS (in the code page of a Chinese Windows).
    info.create_system = _MS_DOS if gbk else _UNIX
    info.external_attr = 0 if gbk else _REGULAR_FILE
    suffix = name[name.rfind(".") :].lower() if "." in name.rpartition("/")[2] else ""
    info.compress_type = zipfile.ZIP_STORED if suffix in STORED_SUFFIXES else zipfile.ZIP_DEFLATED
    return info


class ZipWriter:
    """Entries of a zip file written to ``handle`` (seekable), in the order they are added."""

    def __init__(
        self, handle: BinaryIO, date_time: tuple[int, int, int, int, int, int], *, gbk: bool
    ) -> None:
        self.zip = zipfile.ZipFile(handle, "w", allowZip64=True)
        self.date_time = date_time
        self.gbk = gbk

    def add_file(self, target: str, source: int, size: int) -> Written:
        """Copy the open file ``source`` (``size`` bytes, as far as known) into the entry ``target``."""
        info = entry(target, self.date_time, gbk=self.gbk)
        info.file_size = size  # decides whether the entry needs ZIP64 sizes
        with self.zip.open(info, "w") as dest:
            return copy_hashed(source, dest.write)

    def add_bytes(self, target: str, data: bytes) -> Written:
        self.zip.writestr(entry(target, self.date_time, gbk=self.gbk), data)
        return Written(len(data), hashlib.sha256(data).hexdigest())

    def close(self) -> None:
        self.zip.close()


def fixed_zip(data: bytes, date_time: tuple[int, int, int, int, int, int]) -> bytes:
    """The same zip (a .docx or .xlsx) with every entry's time set to ``date_time``: python-docx and
    openpyxl stamp the entries with the time of writing, so two runs would differ."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            info = entry(item.filename, date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(item))
    return out.getvalue()
