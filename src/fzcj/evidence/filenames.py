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
# An item number at the start: "1-说明.docx", "2 审查意见", "3、", "4_", "(1)说明", "（1）说明", "2".
_ITEM = re.compile(rf"^(?:[(（](\d{{1,3}})[)）]\s*|(\d{{1,3}})(?:{_SEP}+|$|(?=\.[^.]+$)))")
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
_MATERIAL_ID = re.compile(rf"^(\S+?)[.．](\d{{1,3}})(?:{_SEP}+|$|(?=\.[^.]+$))")


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
    return int(match[1] or match[2])


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
