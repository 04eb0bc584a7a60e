"""The weekly progress report (工作进展周报) as a Word document; the 督办通知 is in :mod:`.notice`.

Everything shown is computed by :mod:`fzcj.report.content`; this module only words and lays it out,
in the GB/T 9704 format of :class:`fzcj.report.docx.official.OfficialDocument`.
"""

from __future__ import annotations

from collections.abc import Sequence

from fzcj.data.model import Campaign
from fzcj.report.change import Change
from fzcj.report.content import Progress
from fzcj.report.docx.official import Column, GroupRow, OfficialDocument, broken_title
from fzcj.report.docx.review_parts import RETURNED_ATTACHMENT, returned_attachment
from fzcj.report.ranking import UnitProgress
from fzcj.report.tables import progress_bar
from fzcj.report.wording import issuer_of, report_title
from fzcj.status.types import MaterialState, Summary, TaskState
from fzcj.status.views import Owed, TaskRow
from fzcj.text import cn_date, month_day, percent, shorten, task_label, task_list, units_brief, units_short

ATTACHMENTS = ("任务完成情况明细表", "证据材料问题清单")
CHECK_STATE = {
    MaterialState.missing: "未准备",
    MaterialState.partial: "部分准备",
    MaterialState.pending: "待审核",
    MaterialState.complete: "已准备",
    MaterialState.waived: "不涉及",
}


# ── small wording helpers ───────────────────────────────────────────────────────────────────────


def _missing_text(missing: Sequence[Owed], materials_from: str | None = None) -> str:
    lines = [f"与{task_label(materials_from)}合并提供"] if materials_from is not None else []
    for m in missing:
        who = units_short(m.units) if m.units else f"{m.material.status.label}，文件数量不足"
        lines.append(f"{m.material.id} {shorten(m.material.text, 14)}（{who}）")
    return "\n".join(lines) or "—"


def _distance(row: TaskRow) -> str:
    task = row.task
    if task.days_left is None:
        return "无固定时限"
    if task.overdue:
        return f"逾期{task.days_overdue}天"
    return "今日到期" if task.days_left == 0 else f"剩余{task.days_left}天"


def _deadline(row: TaskRow) -> str:
    task = row.task
    return month_day(task.deadline) if task.deadline is not None else task.deadline_text


def _state(row: TaskRow) -> str:
    task = row.task
    if task.overdue:
        return f"{task.status.label}\n逾期{task.days_overdue}天"
    return f"{task.status.label}\n临期" if task.due_soon else task.status.label


def _counts(summary: Summary) -> list[str]:
    by = summary.by_status
    states = (TaskState.complete, TaskState.in_progress, TaskState.not_started, TaskState.waived)
    return [
        str(summary.total),
        *(str(by.get(s, 0)) for s in states),
        str(summary.overdue),
        str(summary.due_soon),
    ]


# ── the weekly report ─────────────────────────────────────────────────────────────────────────


def _overview(doc: OfficialDocument, campaign: Campaign, progress: Progress, issue: int) -> None:
    s, by = progress.summary, progress.summary.by_status
    doc.heading1("一、总体进展")
    doc.body(
        f"截至{cn_date(progress.as_of)}，{campaign.name}共有任务{s.total}项，"
        f"已完成{by.get(TaskState.complete, 0)}项，进行中{by.get(TaskState.in_progress, 0)}项，"
        f"未开始{by.get(TaskState.not_started, 0)}项，不涉及{by.get(TaskState.waived, 0)}项，"
        f"完成率{percent(s.rate)}（已完成和不涉及事项占全部任务的比例）。"
        f"其中，逾期未完成{s.overdue}项，{progress.due_soon_days}日内到期{s.due_soon}项。"
    )
    doc.body(_change_sentence(progress.change, issue))
    if progress.review is not None:
        doc.body(progress.review.sentence())


def _change_sentence(change: Change | None, issue: int) -> str:
    if change is None:
        if issue <= 1:
            return "本期为首期周报，暂无上期数据可供比较。"
        return "未找到上期周报的快照数据，本期暂不与上期比较。"
    head = f"与上期（第{change.previous_issue}期，截至{cn_date(change.previous_as_of)}）相比，"
    done = (
        f"新增完成{len(change.newly_done)}项（{task_list(change.newly_done)}）"
        if change.newly_done
        else "无新增完成任务"
    )
    late = (
        f"新增逾期{len(change.newly_overdue)}项（{task_list(change.newly_overdue)}）"
        if change.newly_overdue
        else "无新增逾期任务"
    )
    points = round(change.rate_change * 100, 1)
    if points > 0:
        rate = f"完成率提高{points:.1f}个百分点"
    elif points < 0:
        rate = f"完成率下降{-points:.1f}个百分点"
    else:
        rate = "完成率与上期持平"
    return f"{head}{done}，{late}，{rate}。"


def _indicators(doc: OfficialDocument, progress: Progress) -> None:

    doc.heading1("二、分指标进展")
    doc.body(f"{len(progress.indicators)}个一级指标的进展情况见表{doc.next_table}（进度条每格代表10%）。")
    headers = ("任务数", "已完成", "进行中", "未开始", "不涉及")
    columns = [
        Column("一级指标", 31, "left"),
        *(Column(h, 12.4) for h in headers),
        Column("逾期", 9),
        Column("临期", 9),
        Column("完成率", 12.4),
        Column("进度", 32.4, "left", bar=True),
    ]
    rows = [
        [ind.level1, *_counts(ind.summary), percent(ind.summary.rate, 0), progress_bar(ind.summary.rate)]
        for ind in progress.indicators
    ]
    s = progress.summary
    rows.append(["合计", *_counts(s), percent(s.rate, 0), progress_bar(s.rate)])
    doc.caption("各一级指标进展情况")
    doc.table(columns, rows)


def _deadlines(doc: OfficialDocument, progress: Progress) -> None:

    doc.heading1("三、逾期及临期任务")
    s, days = progress.summary, progress.due_soon_days
    if not progress.deadlines:
        doc.body(f"目前没有逾期未完成或{days}日内到期的任务。")
        return
    doc.body(f"逾期未完成任务{s.overdue}项、{days}日内到期任务{s.due_soon}项，具体见表{doc.next_table}。")
    columns = [
        Column("序号", 10),
        Column("任务", 44, "left"),
        Column("牵头单位", 26, "left"),
        Column("完成\n时限", 18),
        Column("逾期/\n剩余天数", 18),
        Column("缺少材料及责任单位", 40, "left"),
    ]
    rows = [
        [
            str(n),
            f"{task_label(r.task.id)} {r.task.short_text}",
            "、".join(r.task.lead_units),
            _deadline(r),
            _distance(r),
            _missing_text(r.missing, r.task.materials_from),
        ]
        for n, r in enumerate(progress.deadlines, 1)
    ]
    doc.caption("逾期及临期任务")
    doc.table(columns, rows)


def _unit_cells(rank: int, u: UnitProgress) -> list[str]:
    counts = (
        u.tasks_led,
        u.tasks_done,
        u.tasks_overdue,
        u.materials_owed,
        u.materials_submitted,
        u.materials_overdue,
    )
    return [str(rank), u.unit, *map(str, counts), percent(u.rate, 0), progress_bar(u.rate)]


def _units(doc: OfficialDocument, progress: Progress) -> None:

    doc.heading1("四、各单位进展")
    doc.body(
        f"各单位进展情况见表{doc.next_table}（按报送率排序）。报送率为已报送材料占应报送材料的比例；"
        "没有应报送材料的单位，按所牵头任务的完成比例计算。"
    )
    headers = ("牵头\n任务", "其中\n完成", "其中\n逾期", "应报\n材料", "已报\n材料", "逾期\n未报")
    columns = [
        Column("名次", 10),
        Column("单位", 34.4, "left"),
        *(Column(h, 11) for h in headers),
        Column("报送率", 13.2),
        Column("进度", 32.4, "left", bar=True),
    ]
    doc.caption("各单位进展情况")
    doc.table(columns, [_unit_cells(n, u) for n, u in enumerate(progress.units, 1)])
    red = "、".join(f"{u.unit}（{percent(u.rate, 0)}）" for u in progress.red_board)
    black = "、".join(f"{u.unit}（{_overdue_detail(u)}）" for u in progress.black_board)
    doc.body(
        f"红榜（报送率高且无逾期事项）：{red}。"
        if red
        else "红榜：本期暂无符合条件的单位（须无逾期事项且已报送材料）。"
    )
    doc.body(f"黑榜（逾期事项多）：{black}。" if black else "黑榜：本期没有逾期事项，黑榜空缺。")


def _overdue_detail(unit: UnitProgress) -> str:
    parts = [f"牵头任务逾期{unit.tasks_overdue}项"] if unit.tasks_overdue else []
    parts += [f"逾期未报材料{unit.materials_overdue}项"] if unit.materials_overdue else []
    return "、".join(parts)


def _checks(doc: OfficialDocument, progress: Progress) -> None:

    doc.heading1("五、核查事项和否决项")
    doc.heading2("（一）实地核查和网上核查事项")
    checks = progress.checks
    if not checks:
        doc.body("本次创建没有需实地核查或网上核查的事项。")
    else:
        doc.body(
            f"共{len(checks)}项，已准备到位{progress.checks_ready}项，"
            f"尚未准备到位{len(checks) - progress.checks_ready}项。"
        )
        columns = [
            Column("序号", 10),
            Column("任务", 40, "left"),
            Column("核查方式", 17),
            Column("核查内容", 41, "left"),
            Column("准备单位", 30, "left"),
            Column("状态", 18),
        ]
        rows = [
            [
                str(n),
                f"{task_label(c.task_id)} {c.task_short}",
                c.kind.label,
                shorten(c.text, 40),
                units_brief(c.units, 3),
                CHECK_STATE[c.state],
            ]
            for n, c in enumerate(checks, 1)
        ]
        doc.caption("实地核查和网上核查事项")
        doc.table(columns, rows)
    doc.heading2("（二）否决项")
    vetoes = progress.vetoes
    if not vetoes:
        doc.body("任务分解表中没有否决项。")
        return
    doc.body(f"否决项共{len(vetoes)}项，已出具未发生情形说明{progress.vetoes_done}项。")
    columns = [
        Column("序号", 10),
        Column("否决项", 69, "left"),
        Column("状态", 20),
        Column("尚缺说明的单位", 57, "left"),
    ]
    rows = [
        [
            str(n),
            f"{v.task.id} {v.task.short_text}",
            v.task.status.label,
            units_brief(list(dict.fromkeys(u for m in v.missing for u in m.units))) or "—",
        ]
        for n, v in enumerate(vetoes, 1)
    ]
    doc.caption("否决项")
    doc.table(columns, rows)


def _next_steps(doc: OfficialDocument, progress: Progress) -> None:
    doc.heading1("六、下步工作")
    for n, step in enumerate(progress.next_steps, 1):
        doc.body(f"{n}.{step}")


def _attachment_tasks(doc: OfficialDocument, progress: Progress) -> None:

    doc.attachment(1, ATTACHMENTS[0])
    columns = [
        Column("序号", 10),
        Column("任务", 32, "left"),
        Column("牵头单位", 20, "left"),
        Column("完成\n时限", 16),
        Column("状态", 18),
        Column("缺少材料（责任单位）", 36, "left"),
        Column("提供单位", 24, "left"),
    ]
    rows: list[Sequence[str] | GroupRow] = []
    level1 = None
    for r in progress.tasks:
        task = r.task
        if task.level1 != level1:
            level1 = task.level1
            rows.append(GroupRow(level1))
        missing = _missing_text(r.missing, task.materials_from)
        providers = units_brief(r.providers) or "—"
        rows.append(
            [
                task.id,
                task.short_text,
                "、".join(task.lead_units),
                _deadline(r),
                _state(r),
                missing,
                providers,
            ]
        )
    doc.table(columns, rows)


def _attachment_problems(doc: OfficialDocument, progress: Progress) -> None:

    doc.attachment(2, ATTACHMENTS[1])
    if not progress.problems:
        doc.body("本期未发现证据材料问题。")
        return
    columns = [
        Column("序号", 10),
        Column("文件", 56, "left"),
        Column("行", 12),
        Column("级别", 14),
        Column("问题说明", 64, "left"),
    ]
    rows = [
        [str(n), p.path, str(p.line) if p.line else "—", p.severity.label, p.message]
        for n, p in enumerate(progress.problems, 1)
    ]
    doc.table(columns, rows)


def render_weekly_report(campaign: Campaign, progress: Progress, issue: int) -> bytes:
    """The weekly report as .docx bytes (nothing is written)."""

    doc = OfficialDocument(campaign.report.fonts)
    title, issuer = report_title(campaign), issuer_of(campaign)
    doc.title(broken_title(campaign.name, campaign.report.title))
    doc.paragraph(f"第{issue}期", font=campaign.report.fonts.heading2, align="center", first_chars=0)
    doc.split_line(issuer, cn_date(progress.as_of), rule=True)
    _overview(doc, campaign, progress, issue)
    _indicators(doc, progress)
    _deadlines(doc, progress)
    _units(doc, progress)
    _checks(doc, progress)
    _next_steps(doc, progress)
    doc.body("")
    doc.body(f"附件：1.{ATTACHMENTS[0]}")
    doc.paragraph(f"2.{ATTACHMENTS[1]}", first_chars=5)
    returned = progress.review.returned if progress.review is not None else ()
    if returned:
        doc.paragraph(f"3.{RETURNED_ATTACHMENT}", first_chars=5)
    _attachment_tasks(doc, progress)
    _attachment_problems(doc, progress)
    if returned:
        returned_attachment(doc, returned, 3)
    doc.properties(
        title=f"{title}（第{issue}期）", author=issuer, subject=campaign.name, created=progress.as_of
    )
    return doc.to_bytes()
