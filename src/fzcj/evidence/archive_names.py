"""Names inside what a unit sent: decoding zip member names and on-disk names, junk and unsupported files.

What is junk and what looks like a task folder are the evidence walk's own rules (:mod:`.filenames`).

The decoding rule, for one archive:

1. A member whose UTF-8 flag (general purpose bit 11) is set is UTF-8.
2. A member with an Info-ZIP Unicode Path extra field (0x7075) whose CRC matches its name uses that name.
3. The other members' raw names (zipfile decoded them as cp437; re-encoding as cp437 gives the bytes back) are
   decoded with one encoding for the whole archive: UTF-8 when every non-ASCII raw name among them is valid UTF-8
   (macOS and Linux tools do not set the flag), GB18030 otherwise (Windows' "压缩(zipped)文件夹" and Chinese zip
   tools, whatever ``created_system`` says). Under GB18030 a single name that is not GB18030 but is valid UTF-8 is
   read as UTF-8.
4. A name that none of these decode, or that contains control characters, is *undecodable*: it is listed with
   its bytes escaped (``\\xff``), never guessed.

On disk (a folder input: what a unit sent on a USB stick, or a zip the office unpacked itself), the same rules
as far as they apply, for the whole folder:

5. A name that is not valid UTF-8 reaches Python with surrogate escapes. Such names are read as GB18030 when
   every one of them in the folder reads as Chinese (:func:`~.filenames.reads_as_chinese`): Debian's ``unzip``
   leaves a Windows zip's GBK bytes as they are. Otherwise none is: ``unzip`` of a zip marked as made on FAT
   first "translates" the names from a DOS code page, which loses bytes, and what GB18030 reads of the rest is
   the wrong Chinese (``--谜裂.docx``). They are undecodable, and the advice is to take in the zip itself.

And for every name, from a zip or from the disk:

6. A name that another tool decoded as code page 437 or Latin-1 (``▒⌡║╙╒≥``, what Python's ``zipfile`` makes of a
   GBK name) is read back as GBK, by the walk's own rule (:func:`~.filenames.garbled_original`).
"""

from __future__ import annotations

import os
import re
import struct
import zipfile
import zlib
from collections.abc import Callable

from fzcj.evidence.filenames import garbled_original, is_junk, reads_as_chinese, task_id_of_folder

UTF8_FLAG = 0x800
UNICODE_PATH_EXTRA = 0x7075

JUNK_REASONS = {  # why :func:`fzcj.evidence.filenames.is_junk` names are junk, for the ones it knows by name
    "thumbs.db": "Windows 缩略图缓存文件",
    "ehthumbs.db": "Windows 缩略图缓存文件",
    "desktop.ini": "Windows 文件夹设置文件",
    ".ds_store": "macOS 文件夹设置文件",
}
MACOSX = "__MACOSX"
UNSUPPORTED_ADVICE = "请解压后重新压缩为 zip，或直接发送文件夹"
ARCHIVE_MAGIC = {b"Rar!\x1a\x07": "RAR", b"7z\xbc\xaf\x27\x1c": "7z"}
ARCHIVE_SUFFIXES = {".rar": "RAR", ".7z": "7z"}
MAGIC_LENGTH = max(len(magic) for magic in ARCHIVE_MAGIC)
WRAPPER_LEVELS = 2
_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def raw_zip_name(info: zipfile.ZipInfo) -> bytes:
    """The name's bytes as stored in the central directory."""
    return info.orig_filename.encode("utf-8" if info.flag_bits & UTF8_FLAG else "cp437")


def _unicode_path_extra(info: zipfile.ZipInfo, raw: bytes) -> str | None:
    """The Info-ZIP Unicode Path extra field, when present and made for this very name."""
    extra, pos = info.extra, 0
    while pos + 4 <= len(extra):
        kind, size = struct.unpack_from("<HH", extra, pos)
        body = extra[pos + 4 : pos + 4 + size]
        ours = len(body) >= 5 and body[0] == 1 and struct.unpack_from("<I", body, 1)[0] == zlib.crc32(raw)
        if kind == UNICODE_PATH_EXTRA and ours:
            try:
                return body[5:].decode("utf-8")
            except UnicodeDecodeError:
                return None
        pos += 4 + size
    return None


def _valid(raw: bytes, encoding: str) -> bool:
    try:
        raw.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def archive_encoding(infos: list[zipfile.ZipInfo]) -> str:
    """The encoding for the names without the UTF-8 flag: see the module's rule 3."""
    raws = [raw_zip_name(i) for i in infos if not i.flag_bits & UTF8_FLAG]
    foreign = [raw for raw in raws if not raw.isascii()]
    return "utf-8" if foreign and all(_valid(raw, "utf-8") for raw in foreign) else "gb18030"


def decode_zip_name(info: zipfile.ZipInfo, encoding: str) -> tuple[str | None, bytes]:
    """(decoded name or None when undecodable, raw bytes)."""
    raw = raw_zip_name(info)
    if info.flag_bits & UTF8_FLAG:
        return _checked(info.orig_filename), raw
    unicode_path = _unicode_path_extra(info, raw)
    if unicode_path is not None:
        return _checked(unicode_path), raw
    for candidate in dict.fromkeys((encoding, "utf-8")):
        try:
            return _checked(raw.decode(candidate)), raw
        except UnicodeDecodeError:
            continue
    return None, raw


def decode_disk_name(name: str, *, gbk: bool = True) -> tuple[str | None, bytes]:
    """An on-disk name (str with surrogate escapes): (decoded or None, raw bytes); a name that is not UTF-8 is
    read as GB18030 only with ``gbk`` (rule 5)."""
    raw = os.fsencode(name)
    for encoding in ("utf-8", "gb18030") if gbk else ("utf-8",):
        try:
            return _checked(raw.decode(encoding)), raw
        except UnicodeDecodeError:
            continue
    return None, raw


def gbk_on_disk(path: str) -> bool:
    """Whether the names under ``path`` (and its own) that are not UTF-8 are GBK: rule 5."""
    names = [os.path.basename(path)]
    for _, folders, files in os.walk(path):
        names += folders
        names += files
    for name in names:
        raw = os.fsencode(name)
        if _valid(raw, "utf-8"):
            continue
        if not _valid(raw, "gb18030") or not reads_as_chinese(raw.decode("gb18030")):
            return False
    return True


def recovered(name: str) -> str:
    """A name read back as GBK when another tool garbled it (rule 6); any other name as it is."""
    return name if is_junk(name) else garbled_original(name) or name


def _checked(name: str) -> str | None:
    return None if _CONTROL.search(name) else name


def escaped(raw: bytes, *, gbk: bool = True) -> str:
    """A readable rendering of a name no rule decodes: what GB18030 reads (only with ``gbk``: else what
    UTF-8 reads), ``\\xNN`` for the rest."""
    text = raw.decode("gb18030" if gbk else "utf-8", "backslashreplace")
    return _CONTROL.sub(lambda match: f"\\x{ord(match[0]):02x}", text)


def split_path(name: str) -> list[str] | None:
    """A member name's '/'-separated parts, or None when it could leave the folder it is extracted into
    (``../``, an absolute name, a drive letter, backslash-separated traversal)."""
    text = name.replace("\\", "/")
    if text.startswith("/") or _DRIVE.match(text):
        return None
    parts = [part for part in text.split("/") if part not in ("", ".")]
    return None if ".." in parts else parts


def junk_reason(parts: list[str]) -> str | None:
    """Why a file is junk (Chinese), or None: what the evidence walk ignores (:func:`is_junk`), and anything
    in a ``__MACOSX`` folder."""
    name = parts[-1]
    if MACOSX in parts[:-1]:
        return "macOS 压缩时附带的资源文件，已忽略"
    if not is_junk(name):
        return None
    if name.lower() in JUNK_REASONS:
        return JUNK_REASONS[name.lower()] + "，已忽略"
    if name.startswith("~$"):
        return "Office 打开文件时留下的临时锁定文件，已忽略"
    if name.startswith("."):
        return "隐藏文件（如 macOS 的 ._ 资源文件），已忽略"
    return "临时文件，已忽略"


def looks_like_content(name: str) -> bool:
    """A top folder whose name starts like a task or item number ("027 标题", "加1", "1-说明") is content,
    not a wrapper."""
    return task_id_of_folder(name) is not None


def archive_kind(name: str, head: bytes = b"") -> str | None:
    """The kind of archive ("RAR" or "7z") that the name or the first bytes show, if any."""
    for magic, kind in ARCHIVE_MAGIC.items():
        if head.startswith(magic):
            return kind
    return ARCHIVE_SUFFIXES.get(os.path.splitext(name)[1].lower())


def is_zip_name(name: str) -> bool:
    return name.lower().endswith(".zip")


def unwrap(paths: list[list[str]], is_content: Callable[[str], bool] = looks_like_content) -> list[str]:
    """The top folders (two at most, outermost first) that only wrap every path."""
    wrappers: list[str] = []
    while paths and len(wrappers) < WRAPPER_LEVELS:
        tops = {path[len(wrappers)] if len(path) > len(wrappers) + 1 else None for path in paths}
        top = tops.pop()
        if tops or top is None or is_content(top):
            break
        wrappers.append(top)
    return wrappers
