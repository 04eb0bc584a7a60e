"""What a name in the evidence tree means: junk, a waiver, an item number, a task id, a GBK name.

Pure functions of a name; the walk in :mod:`fzcj.evidence` decides what to do with the answers.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass

JUNK_NAMES = {"thumbs.db", "desktop.ini", ".ds_store", "ehthumbs.db", "icon\r"}
TEMP_ENDINGS = (".tmp", ".TMP", ".Tmp")  # what Word and WPS leave behind when saving
_SEP = r"[-_.、\s—–·]"
# An item number at the start, as clerks write it: "1-说明.docx", "2 审查意见", "3、", "4_", "2）说明",
# "(1)说明", "（1）说明", "第2项-审查意见", "第二项", "2". Matched after NFKC, so "（" is "(" here.
_ITEM = re.compile(
    rf"^(?:\((\d{{1,3}})\)\s*"
    rf"|第(\d{{1,3}}|[一二三四五六七八九十]{{1,3}})项{_SEP}*"
    rf"|(\d{{1,3}})(?:\)\s*|{_SEP}+|$|(?=\.[^.]+$)))"
)
_CN_DIGITS = {c: n for n, c in enumerate("一二三四五六七八九", 1)}
# A leading date is not an item number: "2022.6.1 会议纪要.pdf", "2021年…", "20220601-…".
_DATE = re.compile(r"^(?:19|20)\d{2}(?:[-_.年/]|\d{4})")
_TASK = re.compile(rf"^(加|否|[BbVv])?0*(\d{{1,4}})(?:{_SEP}+|$|(?=\D))")
WAIVER_WORD = "不涉及"
_WAIVER = re.compile(rf"^{WAIVER_WORD}")
LINK_SUFFIXES = {".url", ".txt", ".md"}


def suffix_of(name: str) -> str:
    """The lower-cased extension with its dot (``网址.URL`` → ``.url``); "" for a name without one."""
    dot = name.rfind(".")
    return name[dot:].lower() if dot >= 0 else ""


REQUIREMENTS_FILE = "材料要求.txt"  # written by fzcj init into each provider folder; never evidence


def nfkc(name: str) -> str:
    return unicodedata.normalize("NFKC", name)


def is_junk(name: str) -> bool:
    """Office lock and temporary files (``~$…``, ``~WRL0001.tmp``, ``*.tmp``), Windows/macOS
    thumbnails and other hidden files: ignored, never counted."""
    return name.lower() in JUNK_NAMES or name.startswith(("~$", ".")) or name.endswith(TEMP_ENDINGS)


_PLAIN_ITEM = re.compile(r"(\d{1,3})[-_.、 ]")
# A full material id at the start: "27.2-审查意见", "27.2审查意见" (no separator needed after it).
_MATERIAL_ID = re.compile(r"^(\S+?)[.．](\d{1,3})(?!\d)")


def material_id_of(name: str) -> tuple[str, int] | None:
    """The task id and item number a name starts with, as a full material id: ``27.2-审查意见.pdf``."""
    match = _MATERIAL_ID.match(nfkc(name).strip())
    task_id = task_id_of_folder(match[1]) if match else None
    return None if match is None or task_id is None else (task_id, int(match[2]))


def material_number(name: str, task_id: str) -> int | None:
    """The item number of a name that starts with the full material id: ``27.2-审查意见.pdf`` → 2."""
    found = material_id_of(name)
    return found[1] if found is not None and found[0] == task_id_of_folder(task_id) else None


def item_number(name: str) -> int | None:
    """The material item number a file or folder name starts with, if any."""
    plain = _PLAIN_ITEM.match(name)  # the usual "1-说明.pdf" needs no normalising
    if plain:
        return int(plain[1])
    text = nfkc(name).strip()
    if _DATE.match(text):
        return None
    match = _ITEM.match(text)
    if not match:
        return None
    if match[2] is not None:
        return _number(match[2])
    return int(match[1] or match[3])


def _number(text: str) -> int:
    """``2``, ``二`` or ``十二`` as a number (the 第…项 form)."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return _CN_DIGITS.get(text, 0)
    tens, _, units = text.partition("十")
    return (_CN_DIGITS.get(tens, 0) if tens else 1) * 10 + _CN_DIGITS.get(units, 0)


COPY_NUMBER_FIRST = "(（"
"""How a name starts whose number in front could be a copy's number, not an item's: ``(1)审查意见``."""


def strip_item_number(name: str) -> str:
    text = nfkc(name).strip()
    match = None if _DATE.match(text) else _ITEM.match(text)
    return text[match.end() :] if match else text


WAIVER_SUFFIXES = {".txt", ".md", ""}


def looks_like_waiver(name: str) -> bool:
    """A name that starts (after any item number) with 不涉及, whatever its type."""
    return bool(_WAIVER.match(strip_item_number(name)))


def is_waiver(name: str) -> bool:
    """``不涉及.txt`` (or ``2-不涉及.txt`` for one item): the unit states that it is not concerned."""
    stem, suffix = os.path.splitext(strip_item_number(name))
    return suffix.lower() in WAIVER_SUFFIXES and bool(_WAIVER.match(stem))


def task_id_of_folder(name: str) -> str | None:
    """The task id a task folder starts with: ``027 标题`` → ``27``, ``加1`` → ``加1``, ``B1`` → ``B1``."""
    match = _TASK.match(nfkc(name).strip())
    if not match:
        return None
    prefix, number = match[1] or "", match[2]
    return f"{prefix.upper()}{int(number)}"


@dataclass(frozen=True)
class DecodedName:
    """A directory entry name as text; ``raw_encoding`` is set when it was not valid UTF-8."""

    text: str
    raw_encoding: str | None = None


def decode_name(name: str) -> DecodedName:
    """Names that are not UTF-8 reach Python with surrogate escapes; read them as GBK when possible."""
    try:
        name.encode("utf-8")
        return DecodedName(name)
    except UnicodeEncodeError:
        raw = os.fsencode(name)
    try:
        return DecodedName(raw.decode("gb18030"), "GBK")
    except UnicodeDecodeError:
        return DecodedName(
            raw.decode("utf-8", errors="backslashreplace"), "未知编码（无法识别的字节以 \\x 表示）"
        )


# -- files that are not the material itself --------------------------------------------------------

_SHORTCUT = "快捷方式不是文件本身，未计入：请放入它指向的文件"
_ARCHIVE = "压缩包未计入：请解压后放入，或用 fzcj intake 收件"
NOT_MATERIAL = {
    ".lnk": ("shortcut", _SHORTCUT),
    ".zip": ("archive", _ARCHIVE),
    ".rar": ("archive", _ARCHIVE),
    ".7z": ("archive", _ARCHIVE),
}
"""Files that count as nothing wherever they are, by extension: (problem code, message)."""


def not_material(name: str) -> tuple[str, str] | None:
    """(code, message) for a Windows shortcut or an archive: they are never the material itself."""
    return NOT_MATERIAL.get(suffix_of(name))


def doubled_extension(name: str) -> str | None:
    """A warning for ``说明.docx.docx`` (Windows hid the extension and a clerk typed it again)."""
    dot = name.rfind(".")
    suffix = name[dot:].lower()
    if dot <= 0 or len(suffix) < 2 or not name[:dot].lower().endswith(suffix):
        return None
    return f"扩展名重复，已计入：建议改名为「{name[:dot]}」（Windows 隐藏了扩展名时常会这样）"


# -- names unpacked with the wrong encoding --------------------------------------------------------

MOJIBAKE_CHARS = re.compile(
    "[\u00a0-\u00ff" + re.escape("".join(sorted(set(bytes(range(0x80, 0x100)).decode("cp437"))))) + "]"
)
"""Any of the characters that GBK bytes turn into when read as code page 437 (``▒⌡║╙``) or Latin-1
(``Éó²é``): what a zip made on Chinese Windows shows when unpacked by a tool that does not know its
encoding."""


_GARBLED_PAIR = re.compile(MOJIBAKE_CHARS.pattern + "{2}")
_HANZI = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CHINESE_TEXT = re.compile(
    "[\x00-\x7f\u00b7\u00d7\u00f7\u2010-\u203b\u2100-\u218f\u2460-\u24ff\u3000-\u303f"
    + _HANZI
    + "\uff00-\uffef]*"
)
_A_HANZI = re.compile(f"[{_HANZI}]")


def reads_as_chinese(text: str) -> bool:
    """A name as Chinese clerks write it: Chinese characters (at least one), ASCII, and only the punctuation
    and symbols of Chinese text (、。《》（）·—…①Ⅱ℃). GBK also holds Greek, Cyrillic, kana and box drawing;
    bytes that are not GBK at all but happen to decode as GB18030 read as those, never as a file name."""
    return _CHINESE_TEXT.fullmatch(text) is not None and _A_HANZI.search(text) is not None


def garbled_original(name: str) -> str | None:
    """The name a garbled one was (``╔≤▓Θ╥Γ╝√.pdf`` → ``审查意见.pdf``); None when it is not garbled that
    way. Tries GBK bytes read as code page 437 (Python's zipfile, most unzip tools) and as Latin-1.

    The one rule for both the walk (which warns) and intake (which reads the name back): the name must hold two
    such characters in a row (a Chinese character is two bytes; ``Über.pdf`` holds one) and its GBK reading
    must read as Chinese (:func:`reads_as_chinese`)."""
    if _GARBLED_PAIR.search(name) is None:
        return None
    for wrong in ("cp437", "latin-1"):
        try:
            original = name.encode(wrong).decode("gb18030")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if original != name and reads_as_chinese(original):
            return original
    return None


def garbled_name(name: str) -> str | None:
    """A warning for a name that looks unpacked with the wrong encoding (``╔≤▓Θ.pdf``)."""
    original = None if is_junk(name) else garbled_original(name)
    if original is None:
        return None
    return (
        f"名称像是解压时用错了编码的乱码，原名可能是「{original}」，其余照常处理："
        "建议用 fzcj intake 收件（会按 GBK 读出名称），或在 Windows 上解压后放入"
    )
