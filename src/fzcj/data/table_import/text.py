"""Text helpers shared by the readers and the drafter: whitespace noise, normalised names, headings."""

from __future__ import annotations

import re
import unicodedata

OPEN, CLOSE = "（(“‘《【[", "）)”’》】]"
_CN_NUMBER = "一二三四五六七八九十"
_SPACE = re.compile(r"\s+")
_CJK_GAP = re.compile(r"\s+(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])\s+")


def clean(text: str) -> str:
    """Remove the whitespace noise of exports: line breaks and spaces next to Chinese characters."""
    return _SPACE.sub(" ", _CJK_GAP.sub("", text.strip()))


def normalize(text: str) -> str:
    """The form names are compared in: full-width → half-width (NFKC), no white space."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def split_top(text: str, seps: str) -> list[str]:
    """Split at separator characters outside brackets and quotes."""
    parts: list[str] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            depth = max(0, depth - 1)
        elif ch in seps and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def split_heading(text: str, *, numbered: bool) -> tuple[str, str]:
    """``一、政府职能依法全面履行`` → (一, 政府职能…); ``1.加大简政放权力度`` → (1, 加大…)."""
    value = clean(text)
    if numbered:
        m = re.match(r"^[（(]?(\d+|[一二三四五六七八九十]+)[）)]?[.．、。]?\s*(.*)$", value)
        if m and m.group(2):
            token = m.group(1)
            return (token if token.isdigit() else str(cn_number(token))), m.group(2)
        return "", value
    m = re.match(r"^([一二三四五六七八九十]+)[、.．]\s*(.*)$", value)
    if m and m.group(2):
        return m.group(1), m.group(2)
    return "", value


def cn_number(token: str) -> int:
    """一 … 九十九 as an int."""
    if token == "十":
        return 10
    if "十" in token:
        tens, _, ones = token.partition("十")
        return (_CN_NUMBER.index(tens) + 1 if tens else 1) * 10 + (_CN_NUMBER.index(ones) + 1 if ones else 0)
    return _CN_NUMBER.index(token) + 1 if token in _CN_NUMBER else 0


def cn_numeral(n: int) -> str:
    """1 … 99 as 一 … 九十九 (the ids of 一级指标)."""
    if n <= 10:
        return _CN_NUMBER[n - 1]
    tens, ones = divmod(n, 10)
    return (_CN_NUMBER[tens - 1] if tens > 1 else "") + "十" + (_CN_NUMBER[ones - 1] if ones else "")
