"""The 台账 workbook, reopened with openpyxl: layout, print set-up, fills, cell types, no formulas."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from fzcj.report.ledger import Tone
from fzcj.report.writer import write_ledger
from fzcj.report.xlsx.sheet import FILLS, Book, Column, safe_cell
from report_fixtures import UNIT_ORDER, WEEK1, indicators_file, sample_report, units


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Any:
    report = sample_report()
    out = tmp_path_factory.mktemp("ledger") / "台账.xlsx"
    write_ledger(indicators_file(), report, units(), out.parent, output=out)
    return load_workbook(out)


def test_three_sheets_each_with_a_title_over_the_whole_table(book: Any) -> None:
    assert book.sheetnames == ["台账", "任务汇总", "单位汇总"]
    sheet = book["台账"]
    assert sheet["A1"].value == "示例县法治政府建设示范创建工作台账（截至2022年6月15日）"
    assert [str(r) for r in sheet.merged_cells.ranges] == ["A1:S1"]
    assert [c.value for c in sheet[2]][:6] == ["一级指标", "二级指标", "序号", "任务", "牵头单位", "完成时限"]


@pytest.mark.parametrize("name", ["台账", "任务汇总", "单位汇总"])
def test_header_frozen_filtered_and_printed_on_every_a4_landscape_page(book: Any, name: str) -> None:
    sheet = book[name]
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == f"A2:{sheet.cell(2, sheet.max_column).column_letter}{sheet.max_row}"
    assert sheet.print_title_rows == "$1:$2"
    setup = sheet.page_setup
    assert (setup.orientation, int(setup.paperSize), setup.fitToWidth, setup.fitToHeight) == (
        "landscape",
        9,
        1,
        0,
    )
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert "&P" in sheet.oddFooter.center.text


def test_columns_have_widths_and_long_text_wraps_with_room_for_it(book: Any) -> None:
    sheet = book["台账"]
    assert sheet.column_dimensions["D"].width == 32 and sheet.column_dimensions["H"].width == 30
    row = next(r for r in sheet.iter_rows(min_row=3) if r[6].value == "2.1")
    assert row[7].alignment.wrap_text and not row[2].alignment.wrap_text
    assert row[3].value == "第2项任务：依法推进相关工作。具体要求从略。"  # the task in full, never cut
    assert row[3].alignment.wrap_text


def test_rows_are_filled_by_state_with_the_state_in_words(book: Any) -> None:
    sheet = book["台账"]
    rows = {(r[6].value, r[9].value): r for r in sheet.iter_rows(min_row=3)}
    overdue = rows[("2.1", "县财政局")]
    assert overdue[10].value == "未提供" and overdue[0].fill.fgColor.rgb == "00" + FILLS[Tone.overdue]
    assert rows[("1.1", "县政府办公室")][10].fill.fgColor.rgb == "00" + FILLS[Tone.done]


def test_deadlines_are_dates_and_counts_are_numbers(book: Any) -> None:
    sheet = book["台账"]
    row = next(r for r in sheet.iter_rows(min_row=3) if r[6].value == "2.1")
    assert row[5].value == dt.datetime(2022, 6, 10) and row[5].number_format == 'm"月"d"日"'
    assert row[11].value == 1 and row[18].value is None
    no_date = next(r for r in sheet.iter_rows(min_row=3) if r[2].value == "加1")
    assert no_date[5].value == "长期坚持"


def test_unit_summary_rate_is_a_percentage(book: Any) -> None:
    sheet = book["单位汇总"]
    first = [c.value for c in sheet[3]]
    assert first[0] == 1 and first[1] in UNIT_ORDER and 0 <= first[10] <= 1
    assert sheet["K3"].number_format == "0.0%"
    headers = ["应报材料", "已报材料", "审核通过", "逾期未报材料", "逾期事项合计", "报送率"]
    assert [c.value for c in sheet[2]][5:] == headers


def test_text_that_starts_like_a_formula_stays_text(tmp_path: Path) -> None:
    book = Book()
    sheet = book.sheet("表", "标题", [Column("名称", 10)])
    for value in ('=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\t3"):
        sheet.add([value])
    sheet.close()
    (tmp_path / "t.xlsx").write_bytes(book.to_bytes(title="t", author="a", stamp=dt.datetime(2022, 6, 15)))
    cells = [r[0] for r in load_workbook(tmp_path / "t.xlsx")["表"].iter_rows(min_row=3)]
    assert [c.value for c in cells] == ['\'=HYPERLINK("http://x")', "'+1", "'-2", "'@SUM(A1)", "'\t3"]
    assert {c.data_type for c in cells} == {"s"}


@given(st.text())
def test_safe_cell_never_starts_a_formula(text: str) -> None:
    value = safe_cell(text)
    assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert len(value) <= 32_767
    if (
        text
        and not text.startswith(("=", "+", "-", "@", "\t", "\r"))
        and text.isprintable()
        and len(text) < 100
    ):
        assert value == text


def test_the_same_content_gives_the_same_bytes() -> None:
    def make() -> bytes:
        book = Book()
        sheet = book.sheet("表", "标题", [Column("名称", 10), Column("日期", 10, "date")])
        sheet.add(["甲", WEEK1], Tone.overdue)
        sheet.close()
        return book.to_bytes(title="t", author="a", stamp=dt.datetime(2022, 6, 15))

    assert make() == make()
