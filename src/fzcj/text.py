"""Chinese wording shared by every output: dates, shortened texts, unit lists, task numbers, percentages."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Sequence

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


# -- what reaches a terminal or a spreadsheet ----------------------------------------------------------

_SHORT_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
# C0 and C1 control characters (ESC starts terminal sequences, CR overwrites a line, LF forges one) and
# the invisible marks that reorder a line's display (bidi embeddings, overrides and isolates).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_KEEPING_NEWLINES = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def _escape(match: re.Match[str]) -> str:
    char = match[0]
    code = ord(char)
    return _SHORT_ESCAPES.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def visible(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every control character shown as an escape (``\\x1b``, ``\\r``, ``\\n``, ``\\u202e``).

    File and folder names come from 44 units' shared drive: a name holding ``ESC[2J`` would clear the
    clerk's screen, a ``\\r`` or newline would forge a line of output. Everything a terminal shows
    passes through here; ``keep_newlines`` keeps the line breaks of a multi-line text from the data.
    """
    pattern = _UNSAFE_KEEPING_NEWLINES if keep_newlines else _UNSAFE
    return pattern.sub(_escape, text) if pattern.search(text) else text


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: str) -> str:
    """A text cell for CSV or Excel that can never become a formula (the OWASP rule for CSV injection):
    a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'``.
    Excel shows the text as it is; ``=HYPERLINK(…)`` in a task text is not run."""
    return "'" + value if value.startswith(_FORMULA_START) else value


# -- dates as a clerk types them -----------------------------------------------------------------------

_FULL_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")
_MONTH_DAY = re.compile(r"(\d{1,2})[-/.月](\d{1,2})日?")


def parse_day(value: str, year: int | Callable[[], int]) -> dt.date:
    """A date as a clerk may type it: ``2022-06-15``, ``2022-6-5``, ``2022/6/5``, ``2022年6月5日``, or
    without a year (``6月15日``, ``6-15``, ``6/15``) for that day of ``year`` (the campaign year; a
    callable is asked only when a year is missing). Full-width digits are read as digits.

    Raises ValueError with a Chinese message that names ``value``.
    """
    text = "".join(unicodedata.normalize("NFKC", value).split())  # "6 月 15 日" as Word spaces it
    full, short = _FULL_DATE.fullmatch(text), _MONTH_DAY.fullmatch(text)
    parts = (full[1], full[2], full[3]) if full else (None, short[1], short[2]) if short else None
    if parts is None:
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(
                f"日期「{value}」无效：应为 YYYY-MM-DD，如 2022-06-15（也可写 2022年6月15日，或创建年度内的 6月15日）"
            ) from None
    else:
        on = int(parts[0]) if parts[0] else (year if isinstance(year, int) else year())
        month, number = int(parts[1]), int(parts[2])
        if not 1 <= month <= 12:
            raise ValueError(f"日期「{value}」无效：没有 {month} 月")
        last = calendar.monthrange(on, month)[1]
        if not 1 <= number <= last:
            raise ValueError(f"日期「{value}」无效：{on}年{month}月只有 {last} 天")
        day = dt.date(on, month, number)
    if not 2000 <= day.year <= 2100:
        raise ValueError(f"日期「{value}」不在 2000–2100 年之间，请检查年份")
    return day
