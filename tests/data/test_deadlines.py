"""完成时限 as written in the table, read into a date of the campaign year."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fzcj.data.deadlines import ParsedDeadline, parse_deadline
from fzcj.text import cn_date


def test_day_deadline_is_that_day() -> None:
    """``7月30日前`` is due on 30 July of the campaign year."""
    assert parse_deadline("7月30日前", 2022) == ParsedDeadline(dt.date(2022, 7, 30))


@pytest.mark.parametrize("text", ["7月30日", "7月30日前", "7月30日之前", "7月30日以前", " 7月 30日前 "])
def test_day_deadline_accepts_common_wordings(text: str) -> None:
    """``日``, ``日前``, ``日之前``, ``日以前`` and stray spaces all mean the same day."""
    assert parse_deadline(text, 2022).due == dt.date(2022, 7, 30)


@pytest.mark.parametrize(
    ("text", "year", "due"),
    [
        ("6月底前", 2022, dt.date(2022, 6, 30)),
        ("12月底前", 2022, dt.date(2022, 12, 31)),
        ("1月末", 2022, dt.date(2022, 1, 31)),
        ("2月底前", 2022, dt.date(2022, 2, 28)),
        ("2月底前", 2024, dt.date(2024, 2, 29)),
        ("2月底前", 2100, dt.date(2100, 2, 28)),
        ("2月底前", 2000, dt.date(2000, 2, 29)),
    ],
)
def test_month_end_deadline_is_last_day_of_month(text: str, year: int, due: dt.date) -> None:
    """``6月底前`` is the month's last day; February has 29 days only in leap years."""
    assert parse_deadline(text, year) == ParsedDeadline(due)


@pytest.mark.parametrize("text", ["长期坚持", "持续推进", "长期", "持续", " 长期坚持 "])
def test_ongoing_deadline_has_no_date(text: str) -> None:
    """``长期坚持`` is ongoing: no due date and no error."""
    assert parse_deadline(text, 2022) == ParsedDeadline(None, ongoing=True)


def test_fullwidth_digits_are_read() -> None:
    """Full-width digits (``７月３０日前``, as typed with a Chinese IME) are read like ASCII ones."""
    assert parse_deadline("７月３０日前", 2022).due == dt.date(2022, 7, 30)
    assert parse_deadline("６月底前", 2022).due == dt.date(2022, 6, 30)


def test_day_that_does_not_exist_is_an_error() -> None:
    """``2月30日前`` has no date; the error names the month's real length."""
    parsed = parse_deadline("2月30日前", 2022)
    assert parsed.due is None
    assert not parsed.ongoing
    assert parsed.error is not None
    assert "2月30日前" in parsed.error
    assert "28" in parsed.error


def test_february_29_only_in_leap_years() -> None:
    """``2月29日前`` exists in 2024 but is an error in 2022."""
    assert parse_deadline("2月29日前", 2024).due == dt.date(2024, 2, 29)
    assert parse_deadline("2月29日前", 2022).error is not None


@pytest.mark.parametrize("text", ["13月1日前", "0月5日前", "13月底前", "0月底前"])
def test_month_that_does_not_exist_is_an_error(text: str) -> None:
    """Month 13 or 0 is an error that names the month."""
    parsed = parse_deadline(text, 2022)
    assert parsed.due is None
    assert parsed.error is not None
    assert "月份" in parsed.error


@pytest.mark.parametrize("text", ["7月0日前", "4月31日前"])
def test_day_zero_or_past_month_end_is_an_error(text: str) -> None:
    """Day 0 and 4月31日 do not exist."""
    assert parse_deadline(text, 2022).error is not None


@pytest.mark.parametrize(
    "text", ["", "尽快", "2022-07-30", "七月三十日前", "7/30", "7月30日前后", "年底前", "abc"]
)
def test_unreadable_deadline_is_an_error_with_examples(text: str) -> None:
    """Anything else is an error that shows the accepted wordings."""
    parsed = parse_deadline(text, 2022)
    assert parsed == ParsedDeadline(None, error=parsed.error)
    assert parsed.error is not None
    assert "7月30日前" in parsed.error
    assert "长期坚持" in parsed.error


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2022, 6, 5), "2022年6月5日"),
        (dt.date(2022, 12, 31), "2022年12月31日"),
        (dt.date(2022, 1, 1), "2022年1月1日"),
    ],
)
def test_cn_date_has_no_leading_zeros(day: dt.date, text: str) -> None:
    """``cn_date`` writes dates as official documents do: 2022年6月5日."""
    assert cn_date(day) == text


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_every_real_date_round_trips(day: dt.date) -> None:
    """For every real date d, ``f"{d.month}月{d.day}日前"`` in d's year is due on d."""
    assert parse_deadline(f"{day.month}月{day.day}日前", day.year) == ParsedDeadline(day)


@given(st.integers(min_value=2000, max_value=2100), st.integers(min_value=1, max_value=12))
def test_month_end_is_the_day_before_next_month(year: int, month: int) -> None:
    """``N月底前`` is always the day before the 1st of the following month."""
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    assert parse_deadline(f"{month}月底前", year).due == following - dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("2022年7月30日前", dt.date(2022, 7, 30)),
        ("2023年3月31日前", dt.date(2023, 3, 31)),
        ("２０２３年２月底前", dt.date(2023, 2, 28)),
        ("2024年2月29日", dt.date(2024, 2, 29)),
    ],
)
def test_deadline_with_a_year_is_that_day(text: str, due: dt.date) -> None:
    """``2023年3月31日前`` is that day, whether it is in the campaign year (2022) or the year after."""
    year = 2022 if due.year <= 2023 else 2023
    assert parse_deadline(text, year) == ParsedDeadline(due)


@pytest.mark.parametrize("text", ["2021年7月30日前", "2025年3月31日前"])
def test_year_far_from_the_campaign_year_is_questioned(text: str) -> None:
    """A year before the campaign year, or later than the next, is read but questioned."""
    parsed = parse_deadline(text, 2022)
    assert parsed.due is not None and parsed.error is None
    assert parsed.warning is not None and "创建年度 2022 年" in parsed.warning


def test_day_that_does_not_exist_in_the_written_year_is_an_error() -> None:
    """``2023年2月29日前``: 2023 is no leap year, even when the campaign year (2024) is."""
    assert (
        parse_deadline("2023年2月29日前", 2024).error
        == "完成时限「2023年2月29日前」不存在：2023年2月只有 28 天"
    )
