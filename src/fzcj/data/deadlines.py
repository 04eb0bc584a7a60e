"""完成时限: parse the deadline as written into a date of the campaign year.

A deadline may name its year (``2024年3月31日前``): a campaign assessed in the spring after its year asks
for some things by then. The year is checked against the campaign year: the campaign year itself and the
year after it are accepted; any other year is read but questioned (:attr:`ParsedDeadline.warning`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from fzcj.data.names import normalize

_YEAR = r"(?:(\d{4})年)?"
_DAY = re.compile(rf"^{_YEAR}(\d{{1,2}})月(\d{{1,2}})日(?:前|之前|以前)?$")
_MONTH_END = re.compile(rf"^{_YEAR}(\d{{1,2}})月(?:底|末)(?:前|之前|以前)?$")
ONGOING = ("长期坚持", "持续推进", "长期", "持续")
WORDINGS = "“7月30日前”“6月底前”“2023年3月31日前”或“长期坚持”"


@dataclass(frozen=True)
class ParsedDeadline:
    """``due`` is None for an ongoing task (never overdue); ``error`` explains an unreadable deadline,
    and ``impossible`` says that the error is a date that does not exist (``2月30日前``); ``warning``
    questions a readable one (a year that is neither the campaign year nor the next)."""

    due: dt.date | None
    ongoing: bool = False
    error: str | None = None
    warning: str | None = None
    impossible: bool = False


def parse_deadline(text: str, year: int) -> ParsedDeadline:
    """Read ``7月30日前`` / ``6月底前`` / ``2023年3月31日前`` / ``长期坚持`` as a date; without a year
    it is in the campaign year ``year`` (the day itself is not overdue)."""
    value = normalize(text)
    if value in ONGOING:
        return ParsedDeadline(None, ongoing=True)
    match = _DAY.match(value) or _MONTH_END.match(value)
    if match is None:
        return ParsedDeadline(None, error=f"无法识别的完成时限「{text}」，应写作{WORDINGS}")
    written = int(match[1]) if match[1] else None
    on, month = written or year, int(match[2])
    if not 1 <= month <= 12:
        return _impossible(f"完成时限「{text}」中的月份 {month} 不存在")
    last = calendar.monthrange(on, month)[1]
    day = int(match[3]) if match.re is _DAY else last
    if not 1 <= day <= last:
        return _impossible(f"完成时限「{text}」不存在：{on}年{month}月只有 {last} 天")
    warning = None
    if written is not None and written not in (year, year + 1):
        warning = (
            f"完成时限「{text}」的年份 {written} 既不是创建年度 {year} 年，也不是其次年："
            "请核对年份，或 campaign.year"
        )
    return ParsedDeadline(dt.date(on, month, day), warning=warning)


def _impossible(error: str) -> ParsedDeadline:
    return ParsedDeadline(None, error=error, impossible=True)


_NAMED = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(?:(\d{1,2})日|底|末)")


def named_dates(text: str, year: int) -> list[dt.date | str]:
    """The dates a deadline text that :func:`parse_deadline` cannot read still names (``7月30日前完成``,
    ``2022年9月底前报送``): each as a date, or as the reason it does not exist."""
    found: list[dt.date | str] = []
    for match in _NAMED.finditer(normalize(text)):
        in_year = int(match[1]) if match[1] else year
        month = int(match[2])
        if not 1 <= month <= 12:
            found.append(f"完成时限「{text}」中的月份 {month} 不存在")
            continue
        last = calendar.monthrange(in_year, month)[1]
        day = int(match[3]) if match[3] else last
        if not 1 <= day <= last:
            found.append(f"完成时限「{text}」中的“{match[0]}”不存在：{in_year}年{month}月只有 {last} 天")
            continue
        found.append(dt.date(in_year, month, day))
    return found
