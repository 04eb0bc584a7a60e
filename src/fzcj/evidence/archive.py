"""Read what a unit sent — a .zip file or a folder — safely: a list of entries, or a refusal.

Standard library and fzcj's own name rules only. Nothing is extracted: :func:`open_source` lists the entries
(names decoded as :mod:`.archive_names` explains, wrapper folders removed, junk, unsupported files and the
second of two same paths set aside); :mod:`.archive_members` reads them.

The whole input is refused (:class:`ArchiveRefused`, with a Chinese message) for path traversal, symbolic links,
passwords, corruption, a declared total over ``max_total`` or a compression ratio over ``max_ratio`` (for entries
over 1 MiB). Some damage shows only while an entry is read (a bad CRC, an entry longer than it declares): then
reading raises it, so a caller stages every file (:func:`~.archive_members.stage_all`) before placing any.

A ``.zip`` inside is opened too, one level deep: its entries come under the nested zip's path without ``.zip``
(and without its own top folder when that has the zip's name, as Windows' "压缩(zipped)文件夹" makes it). What
would refuse a zip refuses the nested one too, and with it the whole input.
Only stored and deflated members are read: bzip2 and LZMA decompress without a bound in zipfile.
"""

from __future__ import annotations

import dataclasses
import os
import stat
import tempfile
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import IO

from fzcj.evidence import archive_names as names
from fzcj.evidence.archive_members import (
    BROKEN,
    RESEND,
    ArchiveEntry,
    ArchiveRefused,
    DiskFile,
    Opened,
    SkipKind,
    Skipped,
    Source,
    ZipMember,
    copy_entry,
    digest_file,
    mtime_of,
    read_head,
)

RATIO_FLOOR = 1 << 20  # smaller entries may compress as well as they like
MAX_TOTAL = 4 << 30
MAX_RATIO = 200
MAX_FILES = 100_000  # a unit's materials are hundreds of files; millions of empty ones are an attack
_READABLE_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
_ZIP_MAGIC = b"PK\x03\x04"
FOLDER_UNDECODABLE = (
    "这个文件夹若是解压单位发来的压缩包得到的，请改用 fzcj intake 直接收取那个压缩包（不要先解压）"
)
"""For a name in a folder that no rule decodes: most likely the office's own unzip garbled it, not the unit."""


def open_source(
    path: str | os.PathLike[str],
    *,
    max_total: int = MAX_TOTAL,
    max_ratio: int = MAX_RATIO,
    ratio_floor: int = RATIO_FLOOR,
    max_files: int = MAX_FILES,
    is_content: Callable[[str], bool] = names.looks_like_content,
) -> Opened:
    """List a .zip file or a folder; raise :class:`ArchiveRefused` when it cannot be read safely.

    ``is_content`` tells a top folder that is content (a task folder) from a wrapper around the tree; the
    default takes every name that starts like a task or item number for content.
    """
    path = Path(os.path.abspath(path))  # "." has a name too
    gbk = names.gbk_on_disk(str(path))
    shown = names.decode_disk_name(path.name, gbk=gbk)[0]
    shown = names.recovered(shown) if shown is not None else names.escaped(os.fsencode(path.name), gbk=gbk)
    if path.is_dir():
        opened = Opened(source_name=shown, sha256=None)
    elif path.is_file():
        sha256, head = digest_file(path)
        opened = Opened(source_name=shown, sha256=sha256)
    else:
        raise ArchiveRefused(f"找不到文件或文件夹：{path}")
    try:
        walker = _Walker(opened, max_total, max_ratio, ratio_floor, max_files, gbk)
        if opened.sha256 is None:
            walker.add_folder(str(path), [])
        else:
            kind = names.archive_kind(path.name, head)
            if kind is not None:
                raise ArchiveRefused(f"“{shown}”是 {kind} 压缩包，无法读取。{names.UNSUPPORTED_ADVICE}。")
            walker.add_zip(walker.open_zip(str(path), head, f"“{shown}”"), [], "", nested=False)
        walker.finish(is_content)
    except BaseException:
        opened.close()
        raise
    return opened


class _Walker:
    """Collects entries and skipped files (paths before unwrapping), checking the limits on the way."""

    def __init__(
        self, opened: Opened, max_total: int, max_ratio: int, ratio_floor: int, max_files: int, gbk: bool
    ) -> None:
        self.opened = opened
        self.gbk = gbk  # whether the folder's names that are not UTF-8 are GBK (see archive_names, rule 5)
        self.max_total, self.max_ratio, self.ratio_floor = max_total, max_ratio, ratio_floor
        self.max_files = max_files
        self.total = self.files = 0
        self.seen_junk: set[str] = set()

    def skip(self, parts: list[str], reason: str, kind: SkipKind) -> None:
        self.opened.skipped.append(Skipped("/".join(parts), reason, kind))

    def recover(self, parts: list[str]) -> list[str]:
        """The parts of a decoded path, each read back as GBK where another tool had garbled it (rule 6)."""
        found = [names.recovered(part) for part in parts]
        for part, read in zip(parts, found, strict=True):
            if read != part:
                self.opened.recovered.setdefault(part, read)
        return found

    def count(self, size: int) -> None:
        self.total += size
        self.files += 1
        if self.files > self.max_files:
            raise ArchiveRefused(
                f"文件数超过 {self.max_files} 个的上限，疑似恶意构造的压缩包或材料过多，不予处理。请分批发送。"
            )
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
        except BROKEN as err:
            if not head:
                raise ArchiveRefused(f"{where}是空文件。{RESEND}。") from err
            if head.startswith(_ZIP_MAGIC):
                raise ArchiveRefused(
                    f"{where}不完整或已损坏（可能没有下载完），无法读取。{RESEND}。"
                ) from err
            raise ArchiveRefused(f"{where}不是 zip 压缩包，或已损坏。{RESEND}。") from err
        self.opened.stack.callback(zf.close)
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
            if text is not None:
                parts = self.recover(parts)
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
                reason = "文件名的编码无法识别（无法识别的字节以 \\x 表示），请单位重命名后重新发送"
                self.skip([*prefix, *shown], reason, "undecodable")
            elif self.junk([*prefix, *parts]):
                pass
            elif info.compress_type not in _READABLE_METHODS:
                self.skip(
                    [*prefix, *parts], f"使用了无法读取的压缩方式，{names.UNSUPPORTED_ADVICE}", "unsupported"
                )
            else:
                where = f"{label}“{'/'.join(parts)}”"
                self.add_file([*prefix, *parts], info.file_size, member, mtime_of(info), where, nested)

    def add_folder(self, path: str, prefix: list[str]) -> None:
        try:
            with os.scandir(path) as listing:
                items = sorted(listing, key=lambda item: item.name)
        except OSError as err:
            raise ArchiveRefused(f"无法读取文件夹“{'/'.join(prefix)}”：{err.strerror}。") from err
        for item in items:
            text, raw = names.decode_disk_name(item.name, gbk=self.gbk)
            text = self.recover([text])[0] if text is not None else None
            full = [*prefix, text if text is not None else names.escaped(raw, gbk=self.gbk)]
            if item.is_symlink():
                raise ArchiveRefused(
                    f"“{'/'.join(full)}”是符号链接，为安全起见不予处理。请只发送普通文件和文件夹。"
                )
            if text is None:
                what = "文件夹名的编码无法识别，其中的文件未读取" if item.is_dir() else "文件名的编码无法识别"
                self.skip(full, f"{what}（无法识别的字节以 \\x 表示）：{FOLDER_UNDECODABLE}", "undecodable")
            elif item.is_dir():
                if item.name == names.MACOSX:
                    self.junk([*full, ""])
                else:
                    self.add_folder(item.path, full)
            elif not item.is_file():
                self.skip(full, "不是普通文件（如管道、设备），已忽略", "junk")
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
        head = read_head(self.opened, source, where) if size else b""
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
                self.opened.stack.callback(file.close)
                copy_entry(self.opened, entry, file)
                file.seek(0)
            zip_no = self.open_zip(file, head, where)
            stem = full[-1][: -len(".zip")] or full[-1]
            self.add_zip(zip_no, [*full[:-1], stem], f"{where}中的", nested=True)

    def finish(self, is_content: Callable[[str], bool]) -> None:
        """Remove the wrapper folders; set aside the second of two entries with the same path."""
        opened = self.opened
        content = [entry.path for entry in opened.entries]
        content += [skipped.path for skipped in opened.skipped if skipped.kind != "junk"]
        opened.wrappers = names.unwrap([path.split("/") for path in content], is_content)
        cut = len("/".join(opened.wrappers)) + 1 if opened.wrappers else 0

        def strip(path: str) -> str:
            return path[cut:] if cut and path.startswith("/".join(opened.wrappers) + "/") else path

        opened.skipped = [dataclasses.replace(item, path=strip(item.path)) for item in opened.skipped]
        entries, seen = [], set()
        for entry in opened.entries:
            entry = dataclasses.replace(entry, path=strip(entry.path))
            if entry.path.casefold() in seen:
                reason = "与另一个文件同名（只是字母大小写不同，Windows 上无法并存），只收取了前一个"
                self.skip([entry.path], reason, "duplicate")
            else:
                seen.add(entry.path.casefold())
                entries.append(entry)
        opened.entries = entries
