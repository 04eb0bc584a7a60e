"""The 督办通知: one unit's or every lagging unit's, reopened with python-docx and checked at XML level."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn

from fzcj.data.model import Unit
from fzcj.errors import FzcjError, UsageError
from fzcj.report.notices import ISSUER, SETTLED
from fzcj.report.writer import write_all_notices, write_unit_notice
from report_fixtures import (
    UNIT_ORDER,
    WEEK2,
    indicators_file,
    owing_report,
    pdf_page_texts,
    sample_report,
    units,
)


def _text(document: Any) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def _rows(table: Any) -> list[list[str]]:
    """Every row's cell texts; a task row (one cell across the table) as a one-item list."""
    rows = []
    for row in table.rows[1:]:
        cells = list({id(c._tc): c.text for c in row.cells}.values())
        rows.append(cells)
    return rows


def _notice(
    tmp_path: Path, report: Any, unit: str = "县司法局", full_name: str | None = None, **config: Any
) -> Any:
    directory = [Unit(name=unit, type="政府部门", full_name=full_name)]
    result = write_unit_notice(indicators_file(**config), report, unit, directory, tmp_path,
                               output=tmp_path / "notice.docx", force=True)  # fmt: skip
    return docx.Document(str(result.path))


def test_unit_notice_says_what_the_unit_owes_and_whom_it_must_chase(tmp_path: Path) -> None:
    result = write_unit_notice(indicators_file(), sample_report(), "县司法局", units(), tmp_path)
    assert result.path is not None and result.path.name == "县司法局督办通知（2022年6月15日）.docx"
    assert (result.owed, result.overdue, result.chased) == (2, 1, 1)
    document = docx.Document(str(result.path))
    text = _text(document)
    assert document.paragraphs[0].text == "关于加快报送法治政府建设\n示范创建材料的督办通知"
    assert document.core_properties.title == "关于加快报送法治政府建设示范创建材料的督办通知"
    assert document.core_properties.author == "县委依法治县办"
    assert "示例县司法局：" in text  # full name from the unit directory
    assert "贵单位应报送材料4项，已报送2项，尚缺2项，其中已逾期1项、7日内到期0项。" in text
    assert "已逾期的1项材料请于本通知印发之日起3个工作日内报送" in text  # a reply deadline, not just 立即
    own, chase = document.tables
    assert _rows(own) == [
        ["第2项 第2项任务：依法推进相关工作。具体要求从略。"],  # the task in full
        ["1", "2.2 材料2.2的情况说明", "6月10日", "已逾期5天"],  # each item's text
        ["加1 第加1项任务：依法推进相关工作。具体要求从略。"],
        ["2", "加1.1 材料加1.1的情况说明", "长期坚持", "无固定时限"],
    ]
    assert "贵单位牵头的以下1项任务已逾期，其他单位尚有材料未报送，请督促有关单位于3个工作日内报送：" in text
    assert _rows(chase)[1] == ["1", "2.1 材料2.1的情况说明", "县财政局", "6月10日", "已逾期5天"]
    assert (
        document.paragraphs[-2].text == "县委依法治县办" and document.paragraphs[-1].text == "2022年6月15日"
    )
    for table in document.tables:
        assert table._tbl.tr_lst[0].trPr.find(qn("w:tblHeader")) is not None


def test_a_unit_that_only_owes_is_told_to_submit_not_to_chase(tmp_path: Path) -> None:
    text = _text(_notice(tmp_path, sample_report(), "县财政局"))
    assert "请贵单位高度重视，对照下表抓紧报送尚缺的材料" in text
    assert "督促" not in text  # it leads task 3 (due soon, not overdue): nothing to chase


def test_closing_paragraph_signature_and_date_keep_together(tmp_path: Path) -> None:
    paragraphs = _notice(tmp_path, owing_report(count=12)).paragraphs
    closing = paragraphs[-4:]  # the last body paragraph, the blank line, the issuer, the date
    assert closing[0].text.startswith("报送方式：") and closing[1].text == ""
    assert all(p.paragraph_format.keep_with_next for p in closing[:-1])
    assert all(p.paragraph_format.keep_together for p in closing)
    assert not paragraphs[-5].paragraph_format.keep_with_next


def test_every_owed_material_is_listed_without_a_cap(tmp_path: Path) -> None:
    report = owing_report(count=40)  # 1–26 overdue, 39 due soon, 40 ongoing, 27–38 in 30 days
    rows = _rows(_notice(tmp_path, report).tables[0])
    materials = [r for r in rows if len(r) == 4]
    owed = sum(len(t.materials) for t in report.tasks)
    assert [r[0] for r in materials] == [str(n) for n in range(1, owed + 1)]
    tasks = [r[0].split()[0] for r in rows if len(r) == 1]
    assert len(tasks) == 40 and tasks[0] == "第4项"  # earliest deadline first (41 days overdue)
    assert [r[3] for r in materials[:2]] == ["已逾期41天", "已逾期41天"]
    assert materials[-1][3] == "无固定时限"
    assert all("…" not in cell for r in rows for cell in r)


def test_contact_and_submission_come_from_the_campaign(tmp_path: Path) -> None:
    config = {"contact": {"name": "张三", "phone": "0955-7012345"}, "submission": "请通过政务外网邮箱报送。",
              "notice_reply_days": 5}  # fmt: skip
    text = _text(_notice(tmp_path, sample_report(), **config))
    assert "报送方式：请通过政务外网邮箱报送。" in text
    assert "联系人：张三，联系电话：0955-7012345。" in text
    assert "请于本通知印发之日起5个工作日内报送" in text


def test_default_submission_line_shows_the_folder_convention(tmp_path: Path) -> None:
    text = _text(_notice(tmp_path, sample_report()))
    assert (
        "报送方式：请按“任务编号/单位名称/材料序号-文件名”整理材料（如“2/县司法局/2-情况说明.pdf”）" in text
    )
    assert "联系人" not in text


def test_no_notice_to_a_unit_that_owes_nothing(tmp_path: Path) -> None:
    report = owing_report(count=3)  # 县财政局 has filed its share of everything and leads nothing
    finance = write_unit_notice(indicators_file(), report, "县财政局", units(), tmp_path)
    assert finance.path is None and finance.skipped == SETTLED
    assert list(tmp_path.iterdir()) == []


def test_no_notice_to_the_issuer_itself(tmp_path: Path) -> None:
    indicators = indicators_file(issuer="县司法局")
    result = write_unit_notice(indicators, sample_report(), "县司法局", units(), tmp_path)
    assert result.path is None and result.skipped == ISSUER and result.owed == 2
    assert list(tmp_path.iterdir()) == []


def test_unit_notice_refuses_unknown_unit_and_overwrite(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="既不牵头任务"):
        write_unit_notice(indicators_file(), sample_report(), "县统计局", units(), tmp_path)
    write_unit_notice(indicators_file(), sample_report(), "县财政局", units(), tmp_path)
    with pytest.raises(FzcjError, match="已存在"):
        write_unit_notice(indicators_file(), sample_report(), "县财政局", units(), tmp_path)


# ── every lagging unit at once ─────────────────────────────────────────────────────────────────


def test_notices_go_to_exactly_the_units_that_owe_something(tmp_path: Path) -> None:
    indicators = indicators_file(issuer="县教育局")  # the issuer owes 7.2 and 8.1: it is not sent one
    result = write_all_notices(indicators, sample_report(WEEK2), units(), tmp_path)
    assert result.folder == tmp_path / "督办通知-2022-06-22"
    by_unit = {n.unit: n for n in result.notices}
    assert list(by_unit) == UNIT_ORDER  # the directory's order
    assert [n.unit for n in result.written] == ["县政府办公室", "县司法局", "县财政局"]
    assert by_unit["县教育局"].skipped == ISSUER and by_unit["县教育局"].owed == 2
    files = sorted(p.name for p in result.folder.iterdir())
    assert files == sorted(f"{n.unit}督办通知（2022年6月22日）.docx" for n in result.written)


def test_units_that_owe_nothing_are_not_sent_a_notice(tmp_path: Path) -> None:
    result = write_all_notices(indicators_file(), owing_report(count=3), units(), tmp_path)
    assert [n.unit for n in result.written] == ["县司法局"]
    assert [(n.unit, n.skipped) for n in result.notices if n.path is None] == [("县财政局", SETTLED)]


def test_notices_folder_is_written_whole_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = 0
    real = os.replace

    def failing(src: Any, dst: Any) -> None:
        nonlocal calls
        calls += 1
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(FzcjError, match="无法写入"):
        write_all_notices(indicators_file(), sample_report(), units(), tmp_path)
    monkeypatch.setattr(os, "replace", real)
    assert calls and list(tmp_path.iterdir()) == []  # neither the folder nor a temporary one


def test_an_existing_notices_folder_is_replaced_only_with_force(tmp_path: Path) -> None:
    first = write_all_notices(indicators_file(), sample_report(), units(), tmp_path)
    with pytest.raises(FzcjError, match=r"已存在.*--force"):
        write_all_notices(indicators_file(), sample_report(), units(), tmp_path)
    again = write_all_notices(indicators_file(), sample_report(), units(), tmp_path, force=True)
    assert again.folder == first.folder
    assert sorted(p.name for p in tmp_path.iterdir()) == [first.folder.name]  # no temporary folder left


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) and pdftotext are not installed",
)
def test_notice_owing_a_lot_ends_with_body_text_beside_the_signature(tmp_path: Path) -> None:
    full = "示例省示例市示例县人民政府办公室机关事务服务中心（县政务服务中心）"
    _notice(tmp_path, owing_report(count=104), full_name=full)
    pages = pdf_page_texts(tmp_path / "notice.docx", tmp_path)
    assert len(pages) > 2  # everything is listed
    last = pages[-1]
    assert "县委依法治县办" in last and "2022 年 6 月 15 日" in last
    assert "报送方式" in last
