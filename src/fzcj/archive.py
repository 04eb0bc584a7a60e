"""Read what a unit sent — a .zip file or a folder — safely: a plan of entries, or a refusal.

Standard library only: nothing from the rest of fzcj but its sibling :mod:`archive_names`, imported relatively so
that the pair can move into another package as it is. Nothing is extracted: :func:`open_source` lists the entries
(names decoded as :mod:`archive_names` explains, wrapper folders removed, junk, unsupported files and the second of
two same paths set aside) and :func:`copy_entry` streams one entry into a file object the caller owns.

The whole input is refused (:class:`ArchiveRefused`, with a Chinese message) for path traversal, symbolic links,
passwords, corruption, a declared total over ``max_total`` or a compression ratio over ``max_ratio`` (for entries
over 1 MiB). Some damage shows only while an entry is read (a bad CRC, an entry longer than it declares): then
:func:`copy_entry` raises it, so a caller writes into a staging place and drops everything on a refusal.

A ``.zip`` inside is opened too, one level deep: its entries come under the nested zip's path without ``.zip``
(and without its own top folder when that has the zip's name, as Windows' "压缩(zipped)文件夹" makes it). What
would refuse a zip refuses the nested one too, and with it the whole input.
Only stored and deflated members are read: bzip2 and LZMA decompress without a bound in zipfile.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import stat
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import IO, Literal, Protocol

from . import archive_names as names

CHUNK = 1 << 20
RATIO_FLOOR = 1 << 20  # smaller entries may compress as well as they like
_READABLE_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
_BROKEN = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, struct.error)
_ZIP_MAGIC = b"PK\x03\x04"
_RESEND = "请对方重新发送"

SkipKind = Literal["junk", "unsupported", "undecodable", "duplicate"]


@dataclass(frozen=True)
class ZipMember:
    """Member ``index`` (its position in the central directory) of zip number ``zip_no`` of an :class:`Opened`."""

    zip_no: int
    index: int


@dataclass(frozen=True)
class DiskFile:
    """A file of a folder input (an OS path, possibly with surrogate escapes)."""

    path: str


Source = ZipMember | DiskFile


@dataclass(frozen=True)
class ArchiveEntry:
    """A file to read: ``path`` is relative, '/'-separated, decoded, with the wrapper folders removed."""

    path: str
    size: int
    source: Source
    mtime: datetime | None = None  # naive local time, as zip stores it


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str
    kind: SkipKind


class ArchiveRefused(Exception):
    """The whole input is refused; ``message`` says why, in Chinese, for the unit."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Sink(Protocol):
    def write(self, data: bytes, /) -> object: ...


@dataclass
class Opened:
    """What :func:`open_source` found. Close it (or use it as a context manager) to close the zips."""

    source_name: str
    sha256: str | None  # of the whole input file; None for a folder
    entries: list[ArchiveEntry] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    wrappers: list[str] = field(default_factory=list)  # outermost first
    zips: list[zipfile.ZipFile] = field(default_factory=list, repr=False)
    _stack: ExitStack = field(default_factory=ExitStack, repr=False)

    def close(self) -> None:
        self._stack.close()

    def __enter__(self) -> Opened:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def open_source(
    path: str | os.PathLike[str],
    *,
    max_total: int = 4 << 30,
    max_ratio: int = 200,
    ratio_floor: int = RATIO_FLOOR,
) -> Opened:
    """List a .zip file or a folder; raise :class:`ArchiveRefused` when it cannot be read safely."""
    path = Path(os.path.abspath(path))  # "." has a name too
    shown = names.decode_disk_name(path.name)[0] or names.escaped(os.fsencode(path.name))
    if path.is_dir():
        opened = Opened(source_name=shown, sha256=None)
    elif path.is_file():
        sha256, head = _digest_file(path)
        opened = Opened(source_name=shown, sha256=sha256)
    else:
        raise ArchiveRefused(f"找不到文件或文件夹：{path}")
    try:
        walker = _Walker(opened, max_total, max_ratio, ratio_floor)
        if opened.sha256 is None:
            walker.add_folder(str(path), [])
        else:
            kind = names.archive_kind(path.name, head)
            if kind is not None:
                raise ArchiveRefused(f"“{shown}”是 {kind} 压缩包，无法读取。{names.UNSUPPORTED_ADVICE}。")
            walker.add_zip(walker.open_zip(str(path), head, f"“{shown}”"), [], "", nested=False)
        walker.finish()
    except BaseException:
        opened.close()
        raise
    return opened


def copy_entry(opened: Opened, entry: ArchiveEntry, dest: Sink) -> str:
    """Stream ``entry`` into ``dest``; return its SHA-256. Raises :class:`ArchiveRefused` when the entry turns
    out corrupt or longer than declared (``dest`` then holds a partial copy: discard it)."""
    digest = hashlib.sha256()

    def sink(chunk: bytes) -> None:
        digest.update(chunk)
        dest.write(chunk)

    with _open(opened, entry.source, f"“{entry.path}”") as handle:
        _stream(handle, entry.size, sink, f"“{entry.path}”")
    return digest.hexdigest()


def _open(opened: Opened, source: Source, where: str) -> IO[bytes]:
    if isinstance(source, DiskFile):
        try:
            return open(source.path, "rb")
        except OSError as err:
            raise ArchiveRefused(f"无法读取{where}：{err.strerror}。") from err
    try:
        zf = opened.zips[source.zip_no]
        return zf.open(zf.infolist()[source.index])
    except _BROKEN as err:
        raise ArchiveRefused(_broken(where, err)) from err


def _head(opened: Opened, source: Source, where: str) -> bytes:
    with _open(opened, source, where) as handle:
        try:
            return handle.read(names.MAGIC_LENGTH)
        except _BROKEN as err:
            raise ArchiveRefused(_broken(where, err)) from err


class _Discard:
    def write(self, data: bytes, /) -> None:
        pass


def entry_sha256(opened: Opened, entry: ArchiveEntry) -> str:
    return copy_entry(opened, entry, _Discard())


def _stream(handle: IO[bytes], declared: int, sink: Callable[[bytes], object], where: str) -> None:
    done = 0
    while True:
        try:
            chunk = handle.read(CHUNK)
        except _BROKEN as err:
            raise ArchiveRefused(_broken(where, err)) from err
        if not chunk:
            break
        done += len(chunk)
        if done > declared:
            raise ArchiveRefused(f"{where}的实际内容比声明的大小更大，疑似恶意构造的压缩包，不予处理。")
        sink(chunk)
    if done != declared:
        raise ArchiveRefused(f"{where}的实际内容比声明的大小更小，文件已损坏或在读取时被改动。{_RESEND}。")


def _broken(where: str, err: BaseException) -> str:
    if isinstance(err, zipfile.BadZipFile) and "CRC" in str(err):
        return f"{where}校验失败（CRC 错误），压缩包已损坏。{_RESEND}。"
    return f"{where}已损坏或不完整，无法读取。{_RESEND}。"


def _digest_file(path: Path) -> tuple[str, bytes]:
    digest, head = hashlib.sha256(), b""
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                head = head or chunk[:16]
                digest.update(chunk)
    except OSError as err:
        raise ArchiveRefused(f"无法读取“{path.name}”：{err.strerror}。") from err
    return digest.hexdigest(), head


def _mtime(info: zipfile.ZipInfo) -> datetime | None:
    try:
        return datetime(*info.date_time)
    except ValueError:
        return None


class _Walker:
    """Collects entries and skipped files (paths before unwrapping), checking the limits on the way."""

    def __init__(self, opened: Opened, max_total: int, max_ratio: int, ratio_floor: int) -> None:
        self.opened = opened
        self.max_total, self.max_ratio, self.ratio_floor = max_total, max_ratio, ratio_floor
        self.total = 0
        self.seen_junk: set[str] = set()

    def skip(self, parts: list[str], reason: str, kind: SkipKind) -> None:
        self.opened.skipped.append(Skipped("/".join(parts), reason, kind))

    def count(self, size: int) -> None:
        self.total += size
        if self.total > self.max_total:
            limit = (
                f"{self.max_total / (1 << 30):.3g} GiB"
                if self.max_total >= 1 << 30
                else f"{self.max_total} 字节"
            )
            raise ArchiveRefused(
                f"解压后的总大小超过 {limit} 的上限，疑似压缩炸弹或材料过大，不予处理。请分批发送。"
            )

    def open_zip(self, file: str | IO[bytes], head: bytes, where: str) -> int:
        try:
            zf = zipfile.ZipFile(file)
        except _BROKEN as err:
            if not head:
                raise ArchiveRefused(f"{where}是空文件。{_RESEND}。") from err
            if head.startswith(_ZIP_MAGIC):
                raise ArchiveRefused(
                    f"{where}不完整或已损坏（可能没有下载完），无法读取。{_RESEND}。"
                ) from err
            raise ArchiveRefused(f"{where}不是 zip 压缩包，或已损坏。{_RESEND}。") from err
        self.opened._stack.callback(zf.close)
        self.opened.zips.append(zf)
        return len(self.opened.zips) - 1

    def add_zip(self, zip_no: int, prefix: list[str], label: str, *, nested: bool) -> None:
        """The members of a zip; a nested one (``nested``) lists the zips inside it as unsupported."""
        zf = self.opened.zips[zip_no]
        encoding = names.archive_encoding(zf.infolist())
        files: list[tuple[zipfile.ZipInfo, ZipMember, list[str] | None]] = []  # None: undecodable
        for index, info in enumerate(zf.infolist()):
            text, raw = names.decode_zip_name(info, encoding)
            where = f"{label}“{text if text is not None else names.escaped(raw)}”"
            name = text if text is not None else raw.decode("latin-1")  # bytes as they are, to check
            parts = names.split_path(name)
            if parts is None:
                raise ArchiveRefused(
                    f"{where}指向压缩包以外的位置（含 ../、绝对路径或盘符），为安全起见不予处理。"
                )
            if stat.S_ISLNK(info.external_attr >> 16):
                raise ArchiveRefused(f"{where}是符号链接，为安全起见不予处理。请只压缩普通文件和文件夹。")
            if info.flag_bits & 0x1:
                raise ArchiveRefused(
                    f"压缩包设置了密码（{where}已加密），无法读取。请取消密码后重新压缩，或直接发送文件夹。"
                )
            if not parts or name.endswith(("/", "\\")):
                continue  # a folder
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > self.ratio_floor and ratio > self.max_ratio:
                raise ArchiveRefused(f"{where}的压缩比异常（约 {ratio:.0f} 倍），疑似压缩炸弹，不予处理。")
            self.count(info.file_size)
            files.append((info, ZipMember(zip_no, index), parts if text is not None else None))
        if nested:  # "附件.zip" made of the folder "附件" by Windows: one "附件/" is enough
            tops = {parts[0] if len(parts) > 1 else None for _, _, parts in files if parts is not None}
            if tops == set(prefix[-1:]):
                files = [(info, member, parts and parts[1:]) for info, member, parts in files]
        for info, member, parts in files:
            if parts is None:
                shown = names.escaped(names.raw_zip_name(info)).split("/")
                reason = "文件名无法识别编码（无法识别的字节以 \\x 表示），请重命名后重新发送"
                self.skip([*prefix, *shown], reason, "undecodable")
            elif self.junk([*prefix, *parts]):
                pass
            elif info.compress_type not in _READABLE_METHODS:
                self.skip(
                    [*prefix, *parts], f"使用了无法读取的压缩方式，{names.UNSUPPORTED_ADVICE}", "unsupported"
                )
            else:
                where = f"{label}“{'/'.join(parts)}”"
                self.add_file([*prefix, *parts], info.file_size, member, _mtime(info), where, nested)

    def add_folder(self, path: str, prefix: list[str]) -> None:
        try:
            with os.scandir(path) as listing:
                items = sorted(listing, key=lambda item: item.name)
        except OSError as err:
            raise ArchiveRefused(f"无法读取文件夹“{'/'.join(prefix)}”：{err.strerror}。") from err
        for item in items:
            text, raw = names.decode_disk_name(item.name)
            full = [*prefix, text if text is not None else names.escaped(raw)]
            if item.is_symlink():
                raise ArchiveRefused(
                    f"“{'/'.join(full)}”是符号链接，为安全起见不予处理。请只发送普通文件和文件夹。"
                )
            if text is None:
                what = "文件夹名无法识别编码，其中的文件未读取" if item.is_dir() else "文件名无法识别编码"
                self.skip(full, f"{what}（无法识别的字节以 \\x 表示），请重命名后重新发送", "undecodable")
            elif item.is_dir():
                if item.name == names.MACOSX:
                    self.junk([*full, ""])
                else:
                    self.add_folder(item.path, full)
            elif not item.is_file():
                self.skip(full, "不是普通文件，已忽略", "unsupported")
            elif not self.junk(full):
                info = item.stat()
                self.count(info.st_size)
                mtime = datetime.fromtimestamp(info.st_mtime)
                self.add_file(full, info.st_size, DiskFile(item.path), mtime, f"“{'/'.join(full)}”", False)

    def junk(self, parts: list[str]) -> bool:
        reason = names.junk_reason(parts)
        if reason is not None:
            if names.MACOSX in parts[:-1]:  # one line for the whole folder
                parts = parts[: parts.index(names.MACOSX) + 1]
            if "/".join(parts) not in self.seen_junk:
                self.seen_junk.add("/".join(parts))
                self.skip(parts, reason, "junk")
        return reason is not None

    def add_file(
        self, full: list[str], size: int, source: Source, mtime: datetime | None, where: str, nested: bool
    ) -> None:
        entry = ArchiveEntry("/".join(full), size, source, mtime)
        head = _head(self.opened, source, where) if size else b""
        kind = names.archive_kind(full[-1], head)
        if kind is not None:
            self.skip(full, f"{kind} 压缩包无法读取，{names.UNSUPPORTED_ADVICE}", "unsupported")
        elif not names.is_zip_name(full[-1]):
            self.opened.entries.append(entry)
        elif nested:
            reason = f"压缩包里的压缩包中又有压缩包，只能解开一层，{names.UNSUPPORTED_ADVICE}"
            self.skip(full, reason, "unsupported")
        else:
            file: str | IO[bytes]
            if isinstance(source, DiskFile):
                file = source.path
            else:
                file = tempfile.SpooledTemporaryFile(max_size=16 << 20)  # noqa: SIM115 - closed with `opened`
                self.opened._stack.callback(file.close)
                copy_entry(self.opened, entry, file)
                file.seek(0)
            zip_no = self.open_zip(file, head, where)
            stem = full[-1][: -len(".zip")] or full[-1]
            self.add_zip(zip_no, [*full[:-1], stem], f"{where}中的", nested=True)

    def finish(self) -> None:
        """Remove the wrapper folders; set aside the second of two entries with the same path."""
        opened = self.opened
        content = [entry.path for entry in opened.entries]
        content += [skipped.path for skipped in opened.skipped if skipped.kind != "junk"]
        opened.wrappers = names.unwrap([path.split("/") for path in content])
        cut = len("/".join(opened.wrappers)) + 1 if opened.wrappers else 0

        def strip(path: str) -> str:
            return path[cut:] if cut and path.startswith("/".join(opened.wrappers) + "/") else path

        opened.skipped = [dataclasses.replace(item, path=strip(item.path)) for item in opened.skipped]
        entries, seen = [], set()
        for entry in opened.entries:
            entry = dataclasses.replace(entry, path=strip(entry.path))
            if entry.path.casefold() in seen:
                self.skip([entry.path], "与另一个文件同名（Windows 不区分大小写），已跳过这一个", "duplicate")
            else:
                seen.add(entry.path.casefold())
                entries.append(entry)
        opened.entries = entries
