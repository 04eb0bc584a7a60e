"""The 台账 workbook: sheets 台账, 任务汇总 and 单位汇总 from a :class:`~fzcj.report.ledger.Ledger`."""

from __future__ import annotations

import datetime as dt

from fzcj.report.ledger import Ledger, LedgerRow, TaskSummaryRow, UnitSummaryRow, review_cells
from fzcj.report.ledger import received as received_on
from fzcj.report.xlsx.sheet import Book, Column
from fzcj.status.types import MaterialState, TaskStatus
from fzcj.text import cn_date

LEDGER_COLUMNS = (
    Column("一级指标", 8, "wrap"),
    Column("二级指标", 8, "wrap"),
    Column("序号", 4, "center"),
    Column("任务", 32, "wrap"),
    Column("牵头单位", 9, "wrap"),
    Column("完成时限", 8, "date"),
    Column("材料编号", 6, "center"),
    Column("材料", 30, "wrap"),
    Column("类别", 6, "wrap"),
    Column("提供单位", 10, "wrap"),
    Column("状态", 8, "wrap"),
    Column("已交文件数", 5, "number"),
    Column("文件", 22, "wrap"),
    Column("最近收到", 8, "date"),
    Column("审核", 5, "wrap"),
    Column("退回原因", 10, "wrap"),
    Column("审核人", 5, "wrap"),
    Column("审核时间", 11, "datetime"),
    Column("逾期天数", 5, "number"),
)
TASK_COLUMNS = (
    Column("一级指标", 10, "wrap"),
    Column("二级指标", 10, "wrap"),
    Column("序号", 5, "center"),
    Column("任务", 36, "wrap"),
    Column("牵头单位", 12, "wrap"),
    Column("完成时限", 9, "date"),
    Column("状态", 8, "center"),
    Column("督办", 6, "center"),
    Column("逾期天数", 6, "number"),
    Column("剩余天数", 6, "number"),
    Column("材料项", 6, "number"),
    Column("齐全", 5, "number"),
    Column("待审核", 6, "number"),
    Column("部分", 5, "number"),
    Column("缺", 5, "number"),
    Column("不涉及", 6, "number"),
    Column("已交文件数", 7, "number"),
    Column("备注", 16, "wrap"),
)
UNIT_COLUMNS = (
    Column("排名", 6, "number"),
    Column("单位", 18, "text"),
    Column("牵头任务", 9, "number"),
    Column("牵头任务已完成", 10, "number"),
    Column("牵头任务逾期", 10, "number"),
    Column("应报材料", 9, "number"),
    Column("已报材料", 9, "number"),
    Column("审核通过", 9, "number"),
    Column("逾期未报材料", 10, "number"),
    Column("逾期事项合计", 10, "number"),
    Column("报送率", 9, "percent"),
)


def _deadline(task: TaskStatus) -> dt.date | str:
    return task.deadline if task.deadline is not None else task.deadline_text


def _ledger_values(row: LedgerRow) -> list[object]:
    task, material, provider = row.task, row.material, row.provider
    review = review_cells(provider) if provider is not None else ("", "", "", None)
    return [
        task.level1,
        task.level2,
        task.id,
        task.text,
        "、".join(task.lead_units),
        _deadline(task),
        material.id if material is not None else "",
        row.material_text,
        material.kind.label if material is not None else "",
        provider.unit if provider is not None else "",
        row.state,
        provider.file_count if provider is not None else None,
        row.files,
        received_on(provider) if provider is not None else None,
        *review,
        row.days_overdue,
    ]


def task_columns(review_required: bool) -> tuple[Column, ...]:
    """The 任务汇总's columns: 待审核 only where review is required (no material can wait otherwise)."""
    return tuple(c for c in TASK_COLUMNS if review_required or c.header != "待审核")


def _task_values(row: TaskSummaryRow, review_required: bool) -> list[object]:
    task = row.task
    counts = row.counts
    alarm = "逾期" if task.overdue else "临期" if task.due_soon else ""

    def count(state: MaterialState) -> int | None:
        return None if counts is None else counts[state]

    return [
        task.level1,
        task.level2,
        task.id,
        task.text,
        "、".join(task.lead_units),
        _deadline(task),
        task.status.label,
        alarm,
        task.days_overdue or None,
        task.days_left if task.days_left is not None and not task.status.done else None,
        None if counts is None else sum(counts.values()),
        count(MaterialState.complete),
        *([count(MaterialState.pending)] if review_required else []),
        count(MaterialState.partial),
        count(MaterialState.missing),
        count(MaterialState.waived),
        row.file_count,
        row.note,
    ]


def _unit_values(row: UnitSummaryRow) -> list[object]:
    return [
        row.rank,
        row.unit,
        row.tasks_led,
        row.tasks_done,
        row.tasks_overdue,
        row.materials_owed,
        row.materials_submitted,
        row.materials_accepted,
        row.materials_overdue,
        row.overdue_items,
        row.rate,
    ]


def render_ledger(ledger: Ledger, *, author: str, stamp: dt.datetime) -> bytes:
    """The .xlsx bytes of the 台账 (``stamp``: the workbook's creation time)."""
    book = Book()
    as_of = f"（截至{cn_date(ledger.as_of)}）"
    sheet = book.sheet("台账", ledger.title + as_of, LEDGER_COLUMNS)
    for row in ledger.rows:
        sheet.add(_ledger_values(row), row.tone)
    sheet.close()
    tasks = book.sheet("任务汇总", ledger.title + "·任务汇总" + as_of, task_columns(ledger.review_required))
    for task_row in ledger.tasks:
        tasks.add(_task_values(task_row, ledger.review_required), task_row.tone)
    tasks.close()
    units = book.sheet("单位汇总", ledger.title + "·单位汇总" + as_of, UNIT_COLUMNS)
    for unit_row in ledger.units:
        units.add(_unit_values(unit_row), unit_row.tone)
    units.close()
    return book.to_bytes(title=ledger.title, author=author, stamp=stamp)
