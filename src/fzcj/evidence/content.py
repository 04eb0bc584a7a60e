"""Is an evidence file what its extension says? A cheap look at PDF and Office (OOXML) files.

Units send files over WeChat, email and shared drives, and some arrive broken: a partial download
(the right name, the first part of the bytes), an error page saved under the file's name, an old
``.doc``/``.xls`` renamed to ``.docx``/``.xlsx``. This module catches those from at most
:data:`READ_LIMIT` bytes per file (the start and the end), without parsing the document:

- ``.pdf``: the file starts with ``%PDF-`` (after an optional UTF-8 BOM and PDF white space, within
  the first 1024 bytes, as readers accept) and ends with ``%%EOF`` within its last 1024 bytes;
- ``.docx .docm .xlsx .xlsm .pptx .pptm``: a ZIP whose end-of-central-directory record is present and
  whose central directory lists ``[Content_Types].xml`` and the main part (``word/document.xml``,
  ``xl/workbook.xml``, ``ppt/presentation.xml``). When the central directory does not fit in the bytes
  read, the file is not judged (``None``): a guess is never reported as a fault.

Any other file is never opened. Nothing here raises on file contents or on operating-system errors:
an unreadable file is a :class:`ContentFault` with code ``unreadable``.

Pure standard library; imports nothing from fzcj.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from typing import Final

from fzcj.evidence.byte_window import EOCD, ZIP_EMPTY, ContentFault, FaultCode, Unknown, Window, zip_names

__all__ = [
    "CHECKED_SUFFIXES",
    "READ_LIMIT",
    "ContentFault",
    "FaultCode",
    "check_bytes",
    "check_content",
    "is_checked",
]

READ_LIMIT: Final = 8192
"""Most bytes read from one file: :data:`HEAD_SIZE` from the start and the rest from the end."""
HEAD_SIZE: Final = 1024


# -- file kinds ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Office:
    label: str  # “Word 文件”
    folder: bytes  # b"word/"
    main: bytes  # b"word/document.xml"
    old: str  # the pre-2007 format it is often confused with
    old_suffix: str


_WORD: Final = _Office("Word 文件", b"word/", b"word/document.xml", "旧版 Word 文件（.doc）", ".doc")
_EXCEL: Final = _Office("Excel 文件", b"xl/", b"xl/workbook.xml", "旧版 Excel 文件（.xls）", ".xls")
_POWERPOINT: Final = _Office(
    "PowerPoint 文件", b"ppt/", b"ppt/presentation.xml", "旧版 PowerPoint 文件（.ppt）", ".ppt"
)
_OFFICE: Final[dict[str, _Office]] = {
    ".docx": _WORD,
    ".docm": _WORD,
    ".xlsx": _EXCEL,
    ".xlsm": _EXCEL,
    ".pptx": _POWERPOINT,
    ".pptm": _POWERPOINT,
}
CHECKED_SUFFIXES: Final = frozenset({".pdf", *_OFFICE})


def _suffix(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    dot = base.rfind(".")
    return base[dot:].lower() if dot > 0 else ""


def is_checked(name: str) -> bool:
    """Whether :func:`check_content` looks inside a file of this name (by extension, any case)."""
    return _suffix(name) in CHECKED_SUFFIXES


# -- the bytes that were read ----------------------------------------------------------------------


def _lstrip_bom_space(data: bytes) -> bytes:
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    return data.lstrip(_PDF_SPACE)


def _looks_like_html(start: bytes) -> bool:
    lowered = start[:1024].lower()
    return lowered.startswith(_HTML_STARTS) or (lowered.startswith(b"<") and b"<html" in lowered)


def _looks_like_text(start: bytes) -> bool:
    sample = start[:512]
    return bool(sample) and not any(byte in _TEXT_CONTROLS for byte in sample)


def _not_the_format(window: Window, expected: str, suffix: str) -> ContentFault:
    """The file is not ``expected`` (“PDF 文件”, “Word 文件”): say what it looks like instead."""
    start = _lstrip_bom_space(window.head)
    if window.size == 0:
        return ContentFault("broken-file", f"文件是空的（0 字节），不是真正的 {expected}")
    if not window.head.strip(b"\x00"):
        return ContentFault(
            "broken-file",
            f"文件开头全是空字节，不是真正的 {expected}（可能是下载未完成）：请重新获取原文件",
        )
    if start.startswith(b"%PDF-") and suffix != ".pdf":
        return _renamed("PDF 文件", suffix)
    if window.head.startswith((_ZIP_LOCAL, ZIP_EMPTY)) and suffix == ".pdf":
        names = zip_names(window)
        kind = "ZIP 压缩包或新版 Office 文件"
        if isinstance(names, list):
            office = next((o for o in _OFFICE.values() if any(n.startswith(o.folder) for n in names)), None)
            kind = f"{office.label}（{_main_suffix(office)}）" if office else "ZIP 压缩包"
        return _renamed(kind, suffix)
    if window.head.startswith(_OLE2):
        return _ole2_fault(window, suffix)
    for magic, kind in _SIGNATURES:
        if window.head.startswith(magic):
            return _renamed(kind, suffix)
    if _looks_like_html(start):
        return ContentFault(
            "broken-file",
            f"文件内容是网页（HTML），不是真正的 {expected}：可能是下载失败时保存了错误页面，请重新下载",
        )
    if _looks_like_text(start):
        return ContentFault("broken-file", f"文件内容是纯文本，不是真正的 {expected}：请提供原文件")
    if suffix == ".pdf":
        return ContentFault(
            "broken-file",
            "文件已损坏或不是真正的 PDF 文件（开头不是 %PDF，可能是下载未完成或网页另存）",
        )
    return ContentFault(
        "broken-file",
        f"文件已损坏或不是真正的 {expected}（开头不是 ZIP 格式的标记，可能是下载未完成或网页另存）",
    )


def _main_suffix(office: _Office) -> str:
    return {_WORD: ".docx", _EXCEL: ".xlsx", _POWERPOINT: ".pptx"}[office]


def _renamed(kind: str, suffix: str) -> ContentFault:
    spaced = f" {kind}" if kind[:1].isascii() else kind
    return ContentFault(
        "wrong-extension", f"这是{spaced}，扩展名却是 {suffix}：请改回正确的扩展名，或转换为要求的格式"
    )


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def _ole2_fault(window: Window, suffix: str) -> ContentFault:
    """An OLE2 compound file: an old .doc/.xls/.ppt, or an Office file with an open password.

    The stream names sit in the directory sectors as UTF-16; when they were among the bytes read they
    tell which it is.
    """
    if window.contains(_utf16("EncryptedPackage")):
        return ContentFault(
            "encrypted", "文件设置了打开密码（加密的 Office 文档），评审时无法打开：请取消密码后重新提供"
        )
    office = _OFFICE.get(suffix)
    for stream, old in (
        ("WordDocument", _WORD.old),
        ("Workbook", _EXCEL.old),
        ("PowerPoint Document", _POWERPOINT.old),
    ):
        if window.contains(_utf16(stream)):
            if office is not None and old == office.old:
                return ContentFault(
                    "wrong-extension",
                    f"这是{old}，扩展名却被改成了 {suffix}：请用 Office 或 WPS 打开后另存为 {suffix}",
                )
            return _renamed(old, suffix)
    if office is None:
        return _renamed("旧版 Office 文件（如 .doc、.xls）", suffix)
    return ContentFault(
        "wrong-extension",
        f"这是旧版 Office 格式的文件（如 {office.old_suffix}），或设置了打开密码的文档，扩展名却是 {suffix}："
        f"请用 Office 或 WPS 打开后另存为 {suffix}（有密码的先取消密码）",
    )


# -- PDF -------------------------------------------------------------------------------------------


def _check_pdf(window: Window) -> ContentFault | None:
    start = _lstrip_bom_space(window.head[:1024])
    if not start.startswith(b"%PDF-"):
        extra = window.head.find(b"%PDF-", 0, 1024)
        if extra > 0:
            return ContentFault(
                "broken-file",
                f"PDF 文件开头有多余的内容（%PDF 标记前有 {extra} 个其他字节），部分阅读器无法打开："
                "可能是下载出错，请重新获取原文件",
            )
        return _not_the_format(window, "PDF 文件", ".pdf")
    if window.end_known and b"%%EOF" not in window.tail[-1024:]:
        return ContentFault(
            "broken-file",
            "PDF 文件不完整（末尾没有 %%EOF 结束标记），可能是下载未完成：请重新获取原文件",
        )
    return None


# -- recognising what a file is instead -----------------------------------------------------------

_PDF_SPACE: Final = b"\x00\t\n\x0c\r "  # PDF white space (ISO 32000-1, 7.2.2)
_UTF8_BOM: Final = b"\xef\xbb\xbf"
_OLE2: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_LOCAL: Final = b"PK\x03\x04"
_SIGNATURES: Final = (
    (b"{\\rtf", "RTF 文档"),
    (b"\xff\xd8\xff", "JPG 图片"),
    (b"\x89PNG\r\n\x1a\n", "PNG 图片"),
    (b"GIF87a", "GIF 图片"),
    (b"GIF89a", "GIF 图片"),
    (b"II*\x00", "TIFF 图片"),
    (b"MM\x00*", "TIFF 图片"),
    (b"Rar!\x1a\x07", "RAR 压缩包"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包"),
)
_HTML_STARTS: Final = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<title", b"<script")
_TEXT_CONTROLS: Final = frozenset(range(32)) - frozenset(b"\t\n\x0c\r\x1b")


# -- OOXML ------------------------------------------------------------------------------------------


def _check_office(window: Window, suffix: str, office: _Office) -> ContentFault | None:
    if not window.head.startswith((_ZIP_LOCAL, ZIP_EMPTY)):
        return _not_the_format(window, office.label, suffix)
    found = zip_names(window)
    if isinstance(found, ContentFault):
        return found
    if isinstance(found, Unknown):
        return None
    names = {name.lower() for name in found}  # OPC part names compare without regard to case
    if b"[content_types].xml" not in names:
        what = "空的 ZIP 压缩包" if not names else "普通的 ZIP 压缩包"
        return ContentFault(
            "broken-file",
            f"不是真正的 {office.label}：这是{what}，被改成了 {suffix} 扩展名",
        )
    if office.main in names or any(_is_main_variant(name, office) for name in names):
        return None
    other = next(
        (o for o in (_WORD, _EXCEL, _POWERPOINT) if o is not office and o.main in names),
        None,
    )
    if other is not None:
        return _renamed(f"{other.label}（{_main_suffix(other)}）", suffix)
    return ContentFault(
        "broken-file",
        f"{office.label}已损坏：缺少正文部分 {office.main.decode()}，无法打开",
    )


def _is_main_variant(name: bytes, office: _Office) -> bool:
    """``word/document2.xml`` and the like: Office sometimes numbers the main part."""
    stem = office.main[: -len(b".xml")]
    return name.startswith(stem) and name.endswith(b".xml") and name[len(stem) : -4].isdigit()


# -- entry points ----------------------------------------------------------------------------------


def check_bytes(name: str, head: bytes, tail: bytes, size: int) -> ContentFault | None:
    """Judge a file from its first bytes (``head``), its last bytes (``tail``) and its ``size``.

    ``head`` starts at offset 0 and ``tail`` ends at ``size``; when ``head`` holds the whole file
    ``tail`` may be empty. Only the extension of ``name`` is used. Never raises.
    """
    suffix = _suffix(name)
    window = Window(head, tail, size)
    if suffix == ".pdf":
        return _check_pdf(window)
    office = _OFFICE.get(suffix)
    if office is None:
        return None
    if window.size < EOCD.size:
        if window.size == 0 or not window.head.startswith((_ZIP_LOCAL, ZIP_EMPTY)):
            return _not_the_format(window, office.label, suffix)
        return ContentFault(
            "broken-file",
            f"文件只有 {window.size} 字节，不是完整的 {office.label}：可能是下载未完成，请重新获取原文件",
        )
    return _check_office(window, suffix, office)


_OPEN_FLAGS: Final = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_OS_REASONS: Final = {
    errno.EACCES: "没有权限",
    errno.EPERM: "不允许此操作",
    errno.ENOENT: "文件不存在（可能已被移走或删除）",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.ELOOP: "这是符号链接，不跟随读取",
    errno.EMLINK: "这是符号链接，不跟随读取",
    errno.EIO: "磁盘读写错误",
    errno.EBUSY: "文件正被占用",
    errno.EAGAIN: "文件暂时无法读取",
    errno.EMFILE: "同时打开的文件过多",
    errno.ENAMETOOLONG: "文件名太长",
}


def _read_at(fd: int, offset: int, length: int) -> bytes:
    os.lseek(fd, offset, os.SEEK_SET)
    chunks: list[bytes] = []
    while length > 0:
        chunk = os.read(fd, length)
        if not chunk:
            break
        chunks.append(chunk)
        length -= len(chunk)
    return b"".join(chunks)


def check_content(path: str | os.PathLike[str]) -> ContentFault | None:
    """Judge one evidence file by reading at most :data:`READ_LIMIT` bytes; None when it looks right.

    Files whose extension is not in :data:`CHECKED_SUFFIXES` are not opened. The file is opened
    without following a symbolic link (pass the link's target to check what it points at) and without
    blocking on a pipe or device; anything but a regular file is reported as ``unreadable``.
    """
    name = os.fspath(path)
    if not is_checked(name):
        return None
    try:
        fd = os.open(name, _OPEN_FLAGS)
    except OSError as exc:
        return _unreadable(exc)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return ContentFault("unreadable", "无法读取文件内容（不是普通文件）")
        size = st.st_size
        if size <= READ_LIMIT:
            head = _read_at(fd, 0, READ_LIMIT)
            return check_bytes(name, head, b"", len(head))
        head = _read_at(fd, 0, HEAD_SIZE)
        tail_start = size - (READ_LIMIT - HEAD_SIZE)
        tail = _read_at(fd, tail_start, READ_LIMIT - HEAD_SIZE)
        # A file that shrank since fstat (being rewritten) ends where the read ended.
        return check_bytes(name, head, tail, tail_start + len(tail))
    except OSError as exc:
        return _unreadable(exc)
    finally:
        os.close(fd)


def _unreadable(exc: OSError) -> ContentFault:
    reason = _OS_REASONS.get(exc.errno or 0) or exc.strerror or type(exc).__name__
    return ContentFault("unreadable", f"无法读取文件内容（{reason}）")
