"""Cell text: splitting at separators outside brackets, and headings into their number and name.

Whitespace noise is removed by :func:`fzcj.data.source_table.clean`; names are compared in the form
:func:`fzcj.data.names.normalize` gives them.
"""

from __future__ import annotations

import re

from fzcj.data.source_table import clean

OPEN, CLOSE = "（(“‘《【[", "）)”’》】]"
_CN_NUMBER = "一二三四五六七八九十"


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
