"""The 督办通知 (reminder notice) to one unit: what it owes, by when, and what is overdue.

One to two pages whatever the unit owes; laid out with :class:`fzcj.report.docx.official.OfficialDocument`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from fzcj.data.model import Campaign
from fzcj.report.docx.official import Column, OfficialDocument, broken_title
from fzcj.report.docx.review_parts import notice_returned, notice_returned_rows
from fzcj.report.ranking import UnitObligations
from fzcj.report.review_progress import returned_items
from fzcj.report.wording import issuer_of, notice_title
from fzcj.status.types import StatusReport
from fzcj.status.views import Owed
from fzcj.text import cn_date, month_day, shorten, task_label, task_list

NOTICE_ROWS = 15
"""Rows (one per task) in a 督办通知's table; with the letter around it the notice stays within two
pages (checked with LibreOffice for a unit owing materials of all 104 tasks)."""
NOTICE_MATERIAL_IDS = 6  # material numbers in one cell of the notice before it says 等N项
NOTICE_REST_TASKS = 10  # task numbers in the sentence about the tasks left out of the table


def _notice_summary(owed: UnitObligations, due_soon_days: int) -> str:
    p = owed.progress
    counts = f"应报送材料{p.materials_owed}项，已报送{p.materials_submitted}项，" if p is not None else ""
    soon = sum(item.material.due_soon for item in owed.owed)
    return (
        f"{counts}尚缺{len(owed.owed)}项，其中已逾期{len(owed.overdue)}项、{due_soon_days}日内到期{soon}项。"
    )


def _owed_state(days_left: int | None) -> str:
    if days_left is None:
        return "无固定时限"
    if days_left < 0:
        return f"已逾期{-days_left}天"
    return "今日到期" if days_left == 0 else f"剩余{days_left}天"


def _signature(doc: OfficialDocument, issuer: str, date: str) -> None:
    """Issuer centred above the date, the date four characters in from the right (GB/T 9704)."""
    date_width = sum(1 if ord(c) > 0x2E7F else 0.5 for c in date)  # digits are half width
    gap = round((date_width - len(issuer)) / 2)
    doc.paragraph(issuer, align="right", first_chars=0, right_chars=4 + max(gap, 0))
    doc.paragraph(date, align="right", first_chars=0, right_chars=4 + max(-gap, 0))


def _by_task_and_deadline(report: StatusReport, owed: Sequence[Owed]) -> list[tuple[Owed, ...]]:
    """The materials a unit owes for one task by one deadline, one group per row of the notice's table.

    A task's materials normally share its deadline; a material shared with a task due earlier is due
    then, and gets a row of its own. Earliest deadline first (so overdue, then due soon), then in task
    order; the materials of a row in table order.
    """
    order = {task.id: n for n, task in enumerate(report.tasks)}
    material_order = {m.id: n for task in report.tasks for n, m in enumerate(task.materials)}
    groups: dict[tuple[str, dt.date | None, str], list[Owed]] = {}
    for item in owed:
        groups.setdefault((item.task.id, item.material.deadline, item.deadline_text), []).append(item)
    rows = [
        tuple(sorted(items, key=lambda i: material_order.get(i.material.id, 0))) for items in groups.values()
    ]
    return sorted(
        rows, key=lambda r: (r[0].material.deadline or dt.date.max, order.get(r[0].task.id, len(order)))
    )


def _owed_materials(items: Sequence[Owed]) -> str:
    """One material with its (shortened) text; several by number only, ``等N项`` beyond a few."""
    if len(items) == 1:
        return f"{items[0].material.id} {shorten(items[0].material.text, 28)}"
    ids = [item.material.id for item in items]
    shown = "、".join(ids[:NOTICE_MATERIAL_IDS])
    return shown if len(ids) <= NOTICE_MATERIAL_IDS else f"{shown}等{len(ids)}项"


def _task_numbers(task_ids: Sequence[str], limit: int) -> str:
    """``第26项、第30项、否1``, ``…等N项`` beyond ``limit`` tasks.

    Each number keeps its 第…项: LibreOffice does not break a line between 、 and a digit, so the
    compact ``第26、30、31项`` of a long list would stretch a justified line.
    """
    text = "、".join(task_label(i) for i in task_ids[:limit])
    return text + f"等{len(task_ids)}项" if len(task_ids) > limit else text


def _owed_table(
    doc: OfficialDocument, report: StatusReport, owed: UnitObligations, limit: int = NOTICE_ROWS
) -> None:
    """At most ``limit`` rows, one per task (and deadline), the most urgent first; one sentence names
    the tasks left out."""

    doc.body(
        "请贵单位高度重视，对照下表抓紧补齐尚未报送的材料（各项材料的具体要求见任务分解表）："
        "已逾期的请立即报送，其余的务必在完成时限前报送。"
    )
    owed_rows = _by_task_and_deadline(report, owed.owed)
    shown, rest = owed_rows[:limit], owed_rows[limit:]
    columns = [
        Column("序号", 10),
        Column("任务", 42, "left"),
        Column("尚缺材料", 64, "left"),
        Column("完成\n时限", 18),
        Column("状态", 22),
    ]
    rows = [
        [
            str(n),
            f"{task_label(t[0].task.id)} {shorten(t[0].task.short_text, 12)}",
            _owed_materials(t),
            month_day(t[0].material.deadline) if t[0].material.deadline else t[0].deadline_text,
            _owed_state(t[0].material.days_left),
        ]
        for n, t in enumerate(shown, 1)
    ]
    doc.table(columns, rows)
    if rest:
        doc.body(
            f"限于篇幅，上表只列出完成时限最早的{len({r[0].task.id for r in shown})}项任务的材料。"
            f"另有{_rest_sentence(report, rest)}，请一并对照任务分解表抓紧报送。"
        )


def _rest_sentence(report: StatusReport, rest: Sequence[tuple[Owed, ...]]) -> str:
    """The rows left out of the notice's table: overdue tasks, then the others, each in task order."""
    order = {task.id: n for n, task in enumerate(report.tasks)}
    late = [r for r in rest if r[0].material.overdue]
    other = [r for r in rest if not r[0].material.overdue]
    parts = []
    for group, tail in ((late, "已逾期，"), (other, "")):
        if not group:
            continue
        ids = sorted(dict.fromkeys(r[0].task.id for r in group), key=lambda i: order.get(i, len(order)))
        count = sum(len(r) for r in group)
        part = f"{_task_numbers(ids, NOTICE_REST_TASKS)}任务{tail}尚缺材料{count}项"
        if not tail:
            first = group[0][0]  # the earliest deadline: rows are sorted by it
            deadline = first.material.deadline
            due = f"{month_day(deadline)}到期" if deadline else first.deadline_text
            part += f"（最早{due}）" if len(group) > 1 else f"（{due}）"
        parts.append(part)
    return "；".join(parts)


def render_unit_notice(
    campaign: Campaign, report: StatusReport, owed: UnitObligations, addressee: str
) -> bytes:
    """A one-to-two page 督办通知 to one unit: what it owes, by when, and what is overdue.

    The table has one row per task (the materials owed for it, its deadline and how overdue it is),
    earliest deadline first, so overdue and soon-due tasks come first; beyond :data:`NOTICE_ROWS`
    rows the remaining tasks are named in one sentence, which keeps the notice within two pages
    however much the unit owes.
    """

    doc = OfficialDocument(campaign.report.fonts)
    issuer = issuer_of(campaign)
    title = notice_title(campaign)
    doc.title(broken_title(title.removesuffix("的督办通知"), "的督办通知"))
    doc.body("")
    doc.paragraph(f"{addressee}：", first_chars=0)
    doc.body(
        f"根据{campaign.name}工作安排，{issuer}对各单位材料报送情况进行了逐项核对。"
        f"截至{cn_date(report.as_of)}，贵单位{_notice_summary(owed, campaign.due_soon_days)}"
    )
    if owed.led_overdue:
        led = task_list([r.task.id for r in owed.led_overdue])
        doc.body(f"贵单位牵头的{led}任务已逾期，请督促相关单位尽快报送材料。")
    returned = returned_items(report, owed.unit)
    if returned:
        notice_returned(doc, returned)
    if owed.owed:
        _owed_table(doc, report, owed, NOTICE_ROWS - notice_returned_rows(returned))
    else:
        doc.body("贵单位应报送的材料均已报送，请继续做好材料的补充完善工作。")
    doc.body("")
    _signature(doc, issuer, cn_date(report.as_of))
    doc.properties(title=title, author=issuer, subject=campaign.name, created=report.as_of)
    return doc.to_bytes()
