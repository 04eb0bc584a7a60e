"""Status tables for the terminal (rich). Colour always comes with a text label, so it reads in grey."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from rich.cells import cell_len
from rich.console import Console, JustifyMethod
from rich.table import Table
from rich.text import Text

from fzcj.review.states import ReviewState
from fzcj.status.types import MaterialState, StatusReport, Summary, TaskState, TaskStatus
from fzcj.status.views import Owed, TaskRow
from fzcj.text import cn_date, units_short, visible


def state_label(task: TaskStatus) -> Text:
    """Three-colour supervision: red overdue, blue due soon, yellow in progress, green done."""
    if task.status.done:
        return Text(f"● {task.status.label}", style="green")
    if task.overdue:
        return Text(f"▲ 逾期{-(task.days_left or 0)}天", style="bold red")
    if task.due_soon:
        return Text(f"◆ 临期（剩{task.days_left}天）", style="blue")
    if task.status is TaskState.in_progress:
        return Text(f"◎ {task.status.label}", style="yellow")
    return Text(f"○ {task.status.label}")


_MARKS = {ReviewState.returned: ("已退回", "magenta"), ReviewState.submitted: ("待审核", "cyan")}


def review_label(state: ReviewState | None) -> Text:
    """The review marker of a row (empty when there is none)."""
    if state is None or state not in _MARKS:
        return Text()
    label, style = _MARKS[state]
    return Text(f" {label}", style=style)


def summary_text(summary: Summary) -> str:
    s = summary.by_status
    text = (
        f"共 {summary.total} 项：已完成 {s[TaskState.complete]}，不涉及 {s[TaskState.waived]}，"
        f"进行中 {s[TaskState.in_progress]}，未开始 {s[TaskState.not_started]}；"
        f"逾期 {summary.overdue}，临期 {summary.due_soon}；完成率 {summary.rate:.0%}"
    )
    if summary.review is not None:
        r = summary.review
        text += f"\n审核：待审核 {r.pending}，已退回 {r.returned}，已通过 {r.accepted}（按单位、材料计）"
    return text


def _deadline(task: TaskStatus) -> str:
    return task.deadline_text if task.deadline is None else f"{task.deadline.month}月{task.deadline.day}日"


def missing_text(missing: tuple[Owed, ...], *, with_units: bool = True) -> str:
    """Missing items grouped by who owes them: ``3.1、3.2 区政府办公室等3家；3.3 区民社局``."""
    groups: list[tuple[list[str], tuple[str, ...]]] = []
    for owed in missing:
        label = owed.material.id + _note(owed)
        if groups and groups[-1][1] == owed.units:
            groups[-1][0].append(label)
        else:
            groups.append(([label], owed.units))
    parts = []
    for labels, units in groups:
        parts.append("、".join(labels) + (f" {units_short(units)}" if with_units else ""))
    return visible("；".join(parts))


def _note(owed: Owed) -> str:
    if owed.returned:
        return "（已退回）"
    if owed.material.status is MaterialState.pending:
        return "（待审核）"
    if owed.shortfall_text:
        return f"（{owed.shortfall_text}）"
    return "（不全）" if owed.material.status is MaterialState.partial else ""


def _cells(row: TaskRow, *, unit: str | None) -> list[str | Text]:
    cells: list[str | Text] = [row.task.id]
    if unit:
        cells.append("、".join(r.label for r in row.roles))
    missing = missing_text(
        row.missing, with_units=not unit or len({u for o in row.missing for u in o.units}) > 1
    )
    if row.task.materials_from:
        missing = f"见任务{row.task.materials_from}" + (f"：{missing}" if missing else "")
    state = state_label(row.task).append_text(review_label(row.review))
    return [*cells, visible(row.task.short_text), _deadline(row.task), state, missing]


def campaign_over(as_of: dt.date, year: int | None) -> str | None:
    """One line for a date after the campaign year, when every open task shows as long overdue."""
    if year is None or as_of.year <= year:
        return None
    return (
        f"注意：{year}年创建年度已经结束，以下按{cn_date(as_of)}统计，未完成的任务都显示为逾期；"
        f"要看创建期间的情况，请加 --as-of，如 --as-of {year}-12-31。"
    )


def status_table(
    report: StatusReport,
    rows: list[TaskRow],
    console: Console,
    *,
    unit: str | None,
    campaign_year: int | None = None,
) -> None:
    title = f"截至 {cn_date(report.as_of)}" + (f" · {visible(unit)}" if unit else "")
    console.print(Text(title, style="bold"))
    over = campaign_over(report.as_of, campaign_year)
    if over:
        console.print(Text(over, style="bold"))
    headers = ["序号", *(["角色"] if unit else []), "任务", "完成时限", "状态"]
    headers.append("尚缺材料" if unit else "缺少材料及单位")
    cells = [_cells(row, unit=unit) for row in rows]
    # The short columns (all but the task and what is missing) never wrap: each gets the width of its
    # widest cell in any table, so the tables line up, and rich need not measure them table by table.
    widths: list[int | None] = [
        None
        if header in ("任务", headers[-1])
        else max(map(cell_len, (header, *(_plain(c[i]) for c in cells))))
        for i, header in enumerate(headers)
    ]
    for heading, group in groupby(zip(rows, cells, strict=True), key=lambda pair: pair[0].task.level1):
        table = Table(title=visible(heading), title_justify="left", show_lines=False, expand=False)
        for header, width in zip(headers, widths, strict=True):
            justify: JustifyMethod = "right" if header == "序号" else "left"
            table.add_column(header, justify=justify, no_wrap=width is not None, width=width)
        for _, row_cells in group:
            table.add_row(*row_cells)
        console.print(table)
    if not rows:
        console.print("没有符合条件的任务。")
    console.print(summary_text(report.summary))


def _plain(cell: str | Text) -> str:
    return cell.plain if isinstance(cell, Text) else cell
