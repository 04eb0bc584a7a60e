"""The weekly report's annexes (附件): every task in full on landscape pages, the problems units
must fix in their evidence folders, and the materials the office returned (:mod:`.review_parts`).
:data:`RENDERERS` gives each of :data:`fzcj.report.content.ANNEXES` its renderer and orientation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from fzcj.report.content import ANNEX_PROBLEMS, ANNEX_RETURNED, ANNEX_TASKS, Progress, left_out_note
from fzcj.report.docx.official import OfficialDocument
from fzcj.report.docx.review_parts import returned_annex
from fzcj.report.docx.tables import Column, GroupRow
from fzcj.report.fragments import PLAIN, ItemTexts
from fzcj.report.tables import evidence_path
from fzcj.review.states import ReviewState
from fzcj.status.types import MaterialState
from fzcj.status.views import Owed, TaskRow
from fzcj.text import month_day, task_label, units_short

ANNEX_SIZE = 9.0
"""小五 for the task annex: 104 full task texts on about 15 landscape pages instead of 25."""


def deadline_text(row: TaskRow) -> str:
    task = row.task
    return month_day(task.deadline) if task.deadline is not None else task.deadline_text


def missing_text(
    missing: Sequence[Owed],
    materials_from: str | None = None,
    *,
    full: bool = True,
    texts: ItemTexts = PLAIN,
) -> str:
    """One line per open material: its number, its full text (``full``, with its cell where it is a
    fragment: ``texts``; the body's tables show the number only, the annex has the text) and who owes
    it, units whose files the office returned marked 已退回, what is short where part was sent."""
    lines = [f"与{task_label(materials_from)}合并提供"] if materials_from is not None else []
    same = (
        len(missing) > 1
        and len({m.units for m in missing}) == 1
        and bool(missing[0].units)
        and not any(m.returned or m.shortfall for m in missing)
    )
    for n, m in enumerate(missing, 1):
        who = _who(m) if m.units else _unowed(m)
        text = f" {texts.text(m.material.id, m.material.text)}" if full else ""
        owner = (
            ""
            if same and n < len(missing)
            else f"（{'以上均由' if same else ''}{who}{'提供' if same else ''}）"
        )
        lines.append(f"{m.material.id}{text}{owner}")
    return "\n".join(lines) or "—"


def _who(owed: Owed) -> str:
    """``滨河镇``; ``滨河镇已退回`` where the office returned what the unit filed (it owes it again);
    ``甲、乙；丙已退回`` for both kinds."""
    returned = {
        p.unit
        for p in owed.material.providers
        if p.review is not None and p.review.state is ReviewState.returned
    }
    back = [u for u in owed.units if u in returned]
    others = [u for u in owed.units if u not in returned]
    parts = [units_short(others)] if others else []
    who = "；".join([*parts, f"{units_short(back)}已退回"] if back else parts)
    return f"{who}，{owed.shortfall_text}" if owed.shortfall_text else who


def _unowed(owed: Owed) -> str:
    """Why an open material no unit owes is open: its files wait for the office's review, or too few."""
    if owed.material.status is MaterialState.pending:
        return "待审核"
    return f"{owed.material.status.label}，文件数量不足"


def _state(row: TaskRow) -> str:
    task = row.task
    if task.overdue:
        return f"{task.status.label}\n逾期{task.days_overdue}天"
    return f"{task.status.label}\n临期" if task.due_soon else task.status.label


def tasks_annex(doc: OfficialDocument, progress: Progress) -> None:
    """Every task with its full text, grouped by 一级指标 (landscape: 225 mm of text width)."""
    columns = [
        Column("序号", 10),
        Column("任务", 84, "left"),
        Column("牵头单位", 24, "left"),
        Column("完成\n时限", 20),
        Column("状态", 22),
        Column("缺少材料（责任单位）", 65, "left"),
    ]
    rows: list[Sequence[str] | GroupRow] = []
    level1 = None
    for r in progress.tasks:
        task = r.task
        if task.level1 != level1:
            level1 = task.level1
            rows.append(GroupRow(level1))
        rows.append(
            [
                task.id,
                task.text,
                "、".join(task.lead_units),
                deadline_text(r),
                _state(r),
                missing_text(r.missing, task.materials_from, texts=progress.texts),
            ]
        )
    doc.table(columns, rows, size=ANNEX_SIZE)


def problems_annex(doc: OfficialDocument, progress: Progress) -> None:
    """Errors and warnings under evidence/, paths as units name their folders; the 行 column only when
    some problem has a line."""
    listed = progress.problems
    if not listed.shown:
        doc.body("本期未发现需要更正的证据材料问题。")
        return
    with_lines = any(p.line for p in listed.shown)
    columns = [
        Column("序号", 10),
        Column("文件（证据文件夹中的位置）", 62 - 12 * with_lines, "left", verbatim=True),
    ]
    columns += [Column("行", 12)] if with_lines else []
    columns += [Column("级别", 14), Column("问题说明", 70, "left", verbatim=True)]
    rows = []
    for n, p in enumerate(listed.shown, 1):
        line = [str(p.line) if p.line else "—"] if with_lines else []
        rows.append([str(n), evidence_path(p), *line, p.severity.label, p.message])
    doc.table(columns, rows)
    if listed.left_out:
        doc.body(left_out_note(listed.left_out))


RENDERERS: dict[str, tuple[Callable[[OfficialDocument, Progress], None], bool]] = {
    ANNEX_TASKS: (tasks_annex, True),
    ANNEX_PROBLEMS: (problems_annex, False),
    ANNEX_RETURNED: (returned_annex, False),
}
"""Each annex's renderer and whether it is set on landscape pages."""
