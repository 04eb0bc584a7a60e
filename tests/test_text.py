"""The wording helpers that guard output: control characters made visible, spreadsheet cells that
cannot become formulas, and dates as a clerk types them."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fzcj.text import parse_day, spreadsheet_text, visible


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[2J清屏.pdf", "\\x1b[2J清屏.pdf"),
        ("a\rb", "a\\rb"),
        ("第一行\n第二行", "第一行\\n第二行"),
        ("\x1b]8;;http://x\x07链接", "\\x1b]8;;http://x\\x07链接"),
        ("\u202egpj.exe", "\\u202egpj.exe"),
        ("\x9b31m", "\\x9b31m"),
    ],
)
def test_visible_escapes_control_characters(raw: str, shown: str) -> None:
    assert visible(raw) == shown


def test_visible_keeps_line_breaks_of_a_data_text_when_asked() -> None:
    assert visible("第一行\n第二行\r", keep_newlines=True) == "第一行\n第二行\\r"


@given(st.text())
def test_visible_leaves_no_control_character_and_changes_nothing_else(text: str) -> None:
    shown = visible(text)
    assert not any(unicodedata.category(c) == "Cc" for c in shown)
    if not any(unicodedata.category(c) in ("Cc", "Cf") for c in text):
        assert shown == text


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_could_be_a_formula_gets_an_apostrophe(start: str) -> None:
    assert (
        spreadsheet_text(f'{start}HYPERLINK("http://x","点我")') == f'\'{start}HYPERLINK("http://x","点我")'
    )


@given(st.text())
def test_no_spreadsheet_cell_starts_like_a_formula(text: str) -> None:
    cell = spreadsheet_text(text)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert cell in (text, "'" + text)


def test_ordinary_cells_are_unchanged() -> None:
    assert spreadsheet_text("区司法局") == "区司法局"
    assert spreadsheet_text("") == ""


@pytest.mark.parametrize(
    "value", ["2022-06-15", "2022-6-15", "2022/6/15", "2022.6.15", "2022年6月15日", "２０２２-０６-１５"]
)
def test_full_dates_in_the_forms_clerks_write(value: str) -> None:
    def no_year() -> int:
        raise AssertionError("a full date needs no campaign year")

    assert parse_day(value, no_year) == dt.date(2022, 6, 15)


@pytest.mark.parametrize("value", ["6月15日", "6月15", "6-15", "6/15", "０６月１５日"])
def test_a_date_without_a_year_is_in_the_campaign_year(value: str) -> None:
    assert parse_day(value, 2022) == dt.date(2022, 6, 15)
    assert parse_day(value, lambda: 2023) == dt.date(2023, 6, 15)


@pytest.mark.parametrize("value", ["2月30日", "2022-02-30", "明天", "15/6/2022", "1999-01-01"])
def test_impossible_dates_are_explained_in_chinese(value: str) -> None:
    with pytest.raises(ValueError, match=f"「{value}」"):
        parse_day(value, 2022)
