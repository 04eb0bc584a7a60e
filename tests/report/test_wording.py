"""The documents' words: titles broken at word boundaries, short forms without “…”, full-width
punctuation beside Chinese, and cuts that never leave a bracket open."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from fzcj.data.model import Campaign, ReportConfig
from fzcj.report.wording import (
    TITLE_CHARS,
    brief,
    broken_title,
    fullwidth,
    notice_title_lines,
    report_title_lines,
    word_breaks,
)
from fzcj.text import shorten

OPENING, CLOSING = "（“《", "）”》"


def _campaign(name: str = "沙坡头区法治政府建设示范创建", title: str = "工作进展周报") -> Campaign:
    return Campaign(
        name=name,
        district="宁夏回族自治区中卫市沙坡头区",
        year=2022,
        coordinating_office="区委依法治区办",
        report=ReportConfig(title=title),
    )


def test_titles_break_between_words_into_even_lines() -> None:
    assert report_title_lines(_campaign()) == "沙坡头区法治政府建设\n示范创建工作进展周报"
    assert notice_title_lines(_campaign()) == "关于加快报送法治政府建设\n示范创建材料的督办通知"


def test_a_title_that_fits_stays_on_one_line() -> None:
    assert (
        report_title_lines(_campaign("示例县法治政府建设示范创建"))
        == "示例县法治政府建设示范创建工作进展周报"
    )


def test_no_title_line_starts_or_ends_with_de() -> None:
    title = "关于加快报送法治政府建设示范创建材料的督办通知"
    assert all(title[i] != "的" and title[i - 1] != "的" for i in word_breaks(title))
    assert "示范创建" in notice_title_lines(_campaign()).replace("\n", "|").split("|")[1]


def test_a_long_title_takes_three_lines_when_two_cannot_hold_it() -> None:
    text = "关于加快报送法治政府建设示范创建材料和依法治区工作进展情况通报及任务完成明细表的督办通知"
    assert len(text) > 2 * TITLE_CHARS
    lines = broken_title(text, word_breaks(text)).split("\n")
    assert len(lines) == 3 and all(len(line) <= TITLE_CHARS for line in lines)
    assert "".join(lines) == text


def test_brief_is_a_piece_of_the_text_itself_without_ellipsis() -> None:
    text = "全面普及行政审批服务“马上办、网上办、就近办、一次办、自助办”，行政审批事项在法定期限内完成。"
    assert brief(text) == "全面普及行政审批服务“马上办、网上办、就近办、一次办、自助办”"
    assert (
        brief("加大重要制度建设事项的协调决策力度，对争议较大的事项依法协调决策。", 12)
        == "加大重要制度建设事项的协调决策力度"
    )
    assert brief("短文本。后文") == "短文本"


def _left_open(text: str) -> int:
    depth = 0
    for char in text:
        if char in OPENING:
            depth += 1
        elif char in CLOSING and depth:
            depth -= 1
    return depth


@given(st.text(alphabet="甲乙丙，、。（）“”《》a1 ", max_size=80), st.integers(min_value=4, max_value=40))
def test_cuts_never_leave_a_bracket_open(text: str, limit: int) -> None:
    short = shorten(text, limit)
    if short.endswith("…"):
        assert _left_open(short.lstrip(OPENING)) == 0, short
    cut = brief(text, limit)
    assert "…" not in cut
    first = re.split("[。；;！？!?]", " ".join(text.split()), maxsplit=1)[0].strip()
    assert cut == first or (first.startswith(cut) and _left_open(cut) == 0), cut


def test_shorten_cuts_before_an_unclosed_bracket() -> None:
    assert shorten("提供各乡镇、各部门（单位）的落实情况说明", 10) == "提供各乡镇、各部门…"
    assert shorten("镇罗镇、宣和镇、柔远镇、常乐村（社区）", 16) == "镇罗镇、宣和镇、柔远镇、常乐村…"


def test_half_width_punctuation_beside_chinese_is_shown_full_width() -> None:
    assert (
        fullwidth("区政府办公室(审批服务局),区司法局;说明:见附件")
        == "区政府办公室（审批服务局），区司法局；说明：见附件"
    )
    assert fullwidth("(1)提供清单") == "（1）提供清单"


def test_numbers_urls_and_latin_text_keep_their_punctuation() -> None:
    for text in ("1,000", "http://example.gov.cn:8080/a,b", "see (Appendix 1), p. 3", "f(x)"):
        assert fullwidth(text) == text
