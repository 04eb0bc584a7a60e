"""Chinese wording shared by every output: dates, shortened texts, unit lists, task numbers, percentages."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

LISTED_ITEMS = 6
"""How many items a generated sentence lists before it says 等N项."""
_SENTENCE_END = re.compile(r"[。；;]")


def cn_date(day: dt.date) -> str:
    """2022年6月5日: Arabic digits without leading zeros, as official documents write dates."""
    return f"{day.year}年{day.month}月{day.day}日"


def month_day(day: dt.date) -> str:
    """6月5日: a date within the campaign year."""
    return f"{day.month}月{day.day}日"


_OPENING, _CLOSING = "（(“‘《〈【〔「『[", "）)”’》〉】〕」』]"


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters with “…” where it is longer; a cut never
    leaves a bracket or quote open (``各乡镇（街道）…``, not ``各乡镇（街…``)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    kept = text[: limit - 1]
    opened: list[int] = []
    for i, char in enumerate(kept):
        if char in _OPENING:
            opened.append(i)
        elif char in _CLOSING and opened:
            opened.pop()
    inner = [i for i in opened if i > 0]  # a bracket that opens the text cannot be cut off
    if inner:
        kept = kept[: inner[0]]
    return kept.rstrip("，、：；,:; ") + "…"


def short_text(text: str, limit: int = 36) -> str:
    """The first sentence of a task, cut to ``limit`` characters: for tables."""
    return shorten(_SENTENCE_END.split(text, maxsplit=1)[0].strip(), limit)


def units_short(units: Sequence[str]) -> str:
    """``甲、乙`` for up to two units, ``甲等5个单位`` beyond."""
    return "、".join(units) if len(units) <= 2 else f"{units[0]}等{len(units)}个单位"


def units_brief(units: Sequence[str], limit: int = 6) -> str:
    """Up to ``limit`` units by name, ``…等N个单位`` beyond."""
    return "、".join(units) if len(units) <= limit else "、".join(units[:limit]) + f"等{len(units)}个单位"


def percent(rate: float, digits: int = 1) -> str:
    """A share 0…1 as ``45.2%`` (``digits`` decimals)."""
    return f"{rate * 100:.{digits}f}%"


def task_label(task_id: str) -> str:
    """``第12项`` for a numbered task; an id such as ``否1`` is shown as it is."""
    return f"第{task_id}项" if task_id.isdigit() else task_id


def task_list(task_ids: Sequence[str], limit: int = LISTED_ITEMS) -> str:
    """``第3、5、12项`` (numbered tasks together, other ids such as 否1 after them), shortened by 等N项."""
    numbered = [i for i in task_ids if i.isdigit()]
    others = [i for i in task_ids if not i.isdigit()]
    shown = numbered[:limit]
    parts = [f"第{'、'.join(shown)}项"] if shown else []
    parts += others[: max(0, limit - len(shown))]
    text = "、".join(parts)
    return text + f"等{len(task_ids)}项" if len(task_ids) > limit else text


def listing(items: Sequence[str], unit: str = "项", limit: int = LISTED_ITEMS) -> str:
    """``A、B、C`` or ``A、B等N项`` when there are more than ``limit`` items."""
    if len(items) <= limit:
        return "、".join(items)
    return "、".join(items[:limit]) + f"等{len(items)}{unit}"
