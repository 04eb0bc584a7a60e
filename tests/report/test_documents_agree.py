"""The documents say the same numbers in the same words: every 督办通知 of the example adds up
(应报送 = 已报送 + 尚缺), the 台账 ranks units exactly as the weekly report does, and an item that is a
fragment of its cell is printed with the cell."""

from __future__ import annotations

import datetime as dt
import io
import re
from functools import cache

import pytest
from docx import Document

from fzcj.data.workspace import Workspace, load
from fzcj.report.content import build_progress
from fzcj.report.docx.annexes import missing_text
from fzcj.report.docx.notice import render_unit_notice
from fzcj.report.fragments import ItemTexts
from fzcj.report.ledger import ledger_rows, unit_summary_rows
from fzcj.report.notices import summary_sentence
from fzcj.report.ranking import unit_obligations
from fzcj.status.reading import readable_status
from fzcj.status.types import StatusReport
from fzcj.status.views import task_rows
from helpers import REPO

EXAMPLE = REPO / "examples" / "沙坡头区示例"
DATES = (dt.date(2022, 6, 15), dt.date(2022, 8, 31))
COUNTS = re.compile(r"应报送材料(\d+)项，(?:已报送(\d+)项，尚缺(\d+)项|已全部报送)")


@cache
def _example() -> Workspace:
    return load(EXAMPLE, None)


@cache
def _status(day: dt.date) -> StatusReport:
    return readable_status(_example(), day, "测试")


@pytest.mark.parametrize("day", DATES, ids=str)
def test_every_notice_of_the_example_adds_up(day: dt.date) -> None:
    report, checked = _status(day), 0
    for unit in _example().directory.units:
        owed = unit_obligations(report, unit)
        progress = owed.progress
        if progress is None or not progress.materials_owed:
            continue
        sentence = summary_sentence(owed, 7)
        found = COUNTS.search(sentence)
        assert found is not None, sentence
        total, sent, short = (int(n) if n else None for n in found.groups())
        if sent is None:
            assert not owed.owed and progress.materials_submitted == total
            continue
        assert total == sent + short and short == len(owed.owed), (unit, sentence)
        assert progress.materials_missing == short and progress.materials_overdue == len(owed.overdue)
        partial, returned = len(owed.partial), sum(i.returned for i in owed.owed)
        assert (f"已交部分、尚未交齐的{partial}项" in sentence) == bool(partial)
        assert (f"被退回须重新报送的{returned}项" in sentence) == bool(returned)
        checked += 1
    assert checked > 20


def test_a_partly_filed_item_says_in_the_notice_how_many_files_are_short() -> None:
    report = _status(DATES[0])
    owed = unit_obligations(report, "区司法局")
    assert "尚缺38项（含已交部分、尚未交齐的1项，被退回须重新报送的2项）" in summary_sentence(owed, 7)
    data = render_unit_notice(
        _example().campaign, report, owed, "区司法局", ItemTexts.of(_example().indicators)
    )
    cells = {c.text for t in Document(io.BytesIO(data)).tables for r in t.rows for c in r.cells}
    assert "27.2 任选3-5个合法性审查意见（已交1个，还差2个）" in cells
    assert "32.1 提供2021年以来开展清理工作的结果（已退回，须修改后重新报送）" in cells


@pytest.mark.parametrize("day", DATES, ids=str)
def test_the_ledger_ranks_units_exactly_as_the_weekly_report(day: dt.date) -> None:
    report = _status(day)
    order = [u.name for u in _example().units.units]
    progress = build_progress(report, due_soon_days=7, unit_order=order)
    weekly = [(rank, u.unit, u.rate) for rank, u in zip(progress.ranks, progress.units, strict=True)]
    ledger = [(r.rank, r.unit, r.rate) for r in unit_summary_rows(report, order)]
    assert ledger == weekly
    assert len({rank for rank, _, _ in weekly}) < len(weekly)  # the example has ties (并列)


def test_fragments_are_printed_with_their_cell() -> None:
    texts = ItemTexts.of(_example().indicators)
    assert texts.text("97.2", "包括所属乡镇和部门") == (
        "包括所属乡镇和部门（见主要提供资料：提供2021年法治政府建设情况年度报告公布网址，包括所属乡镇和部门）"
    )
    assert texts.item("3.2", "及其公开网址").startswith(
        "3.2 及其公开网址（见主要提供资料：除档案资料外，提供行政审批中介"
    )
    assert (
        texts.text("97.1", "提供2021年法治政府建设情况年度报告公布网址")
        == "提供2021年法治政府建设情况年度报告公布网址"
    )
    report = _status(DATES[0])
    rows = [r for r in ledger_rows(report, texts=texts) if r.material is not None and r.material.id == "3.2"]
    assert rows and all("（见主要提供资料：" in r.material_text for r in rows)
    annex = next(r for r in task_rows(report) if r.task.id == "3")
    assert "3.2 及其公开网址（见主要提供资料：" in missing_text(annex.missing, texts=texts)


def test_a_returned_item_is_marked_returned_in_the_overdue_table() -> None:
    """表2 and 附件1 say 已退回 beside the unit, not just the unit's name (32.1 was returned to 区司法局)."""
    row = next(r for r in task_rows(_status(DATES[0])) if r.task.id == "32")
    assert row.task.overdue
    assert missing_text(row.missing, full=False).splitlines()[0] == "32.1（区司法局已退回）"
