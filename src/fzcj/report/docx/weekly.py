"""The weekly progress report (工作进展周报) as a Word document; the 督办通知 is in :mod:`.notice`.

Everything shown is computed by :mod:`fzcj.report.content`; this module only words and lays it out,
in the GB/T 9704 format of :class:`fzcj.report.docx.official.OfficialDocument`. The body is the list
:data:`SECTIONS` (numbered 一、二、… in order) and the annexes are :data:`fzcj.report.content.ANNEXES`
with their renderers in :data:`fzcj.report.docx.annexes.RENDERERS`: a new section or annex is one
entry in each.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from fzcj.data.model import Campaign
from fzcj.report.change import change_sentence
from fzcj.report.content import ANNEX_TASKS, Progress, annex
from fzcj.report.docx.annexes import RENDERERS, deadline_text, missing_text
from fzcj.report.docx.imprint import add_imprint
from fzcj.report.docx.official import OfficialDocument
from fzcj.report.docx.review_parts import review_section
from fzcj.report.docx.tables import Column, bar
from fzcj.report.ranking import UnitProgress
from fzcj.report.wording import brief, issuer_of, report_title, report_title_lines
from fzcj.status.types import MaterialState, Summary, TaskState
from fzcj.status.views import CN_NUMERALS, TaskRow
from fzcj.text import cn_date, percent, task_label, units_brief

CHECK_STATE = {
    MaterialState.missing: "未准备",
    MaterialState.partial: "部分准备",
    MaterialState.pending: "待审核",
    MaterialState.complete: "已准备",
    MaterialState.waived: "不涉及",
}


@dataclass(frozen=True)
class Edition:
    """One issue of the weekly report: the campaign, what it shows, and its number (None for a copy
    written elsewhere with ``-o``, which takes no number)."""

    campaign: Campaign
    progress: Progress
    issue: int | None


# ── small wording helpers ───────────────────────────────────────────────────────────────────────


def _distance(row: TaskRow) -> str:
    task = row.task
    if task.days_left is None:
        return "无固定时限"
    if task.overdue:
        return f"逾期{task.days_overdue}天"
    return "今日到期" if task.days_left == 0 else f"剩余{task.days_left}天"


def _counts(summary: Summary) -> list[str]:
    by = summary.by_status
    states = (TaskState.complete, TaskState.in_progress, TaskState.not_started, TaskState.waived)
    return [
        str(summary.total),
        *(str(by.get(s, 0)) for s in states),
        str(summary.overdue),
        str(summary.due_soon),
    ]


# ── the sections of the body ────────────────────────────────────────────────────────────────────


def _overview(doc: OfficialDocument, edition: Edition) -> None:
    progress = edition.progress
    s, by = progress.summary, progress.summary.by_status
    doc.body(
        f"截至{cn_date(progress.as_of)}，{edition.campaign.name}共有任务{s.total}项，"
        f"已完成{by.get(TaskState.complete, 0)}项，进行中{by.get(TaskState.in_progress, 0)}项，"
        f"未开始{by.get(TaskState.not_started, 0)}项，不涉及{by.get(TaskState.waived, 0)}项，"
        f"完成率{percent(s.rate)}（已完成和不涉及事项占全部任务的比例）。"
        f"其中，逾期未完成{s.overdue}项，{progress.due_soon_days}日内到期{s.due_soon}项。"
    )
    doc.body(change_sentence(progress.change, edition.issue))


def _indicators(doc: OfficialDocument, edition: Edition) -> None:
    progress = edition.progress
    doc.body(f"{len(progress.indicators)}个一级指标的进展情况见表{doc.next_table}（进度条每格代表10%）。")
    headers = ("任务数", "已完成", "进行中", "未开始", "不涉及")
    columns = [
        Column("一级指标", 30, "left"),
        *(Column(h, 12) for h in headers),
        Column("逾期", 9),
        Column("临期", 9),
        Column("完成率", 14.5),
        Column("进度", 33.5, "left", bar=True),
    ]
    rows = [
        [ind.level1, *_counts(ind.summary), percent(ind.summary.rate), bar(ind.summary.rate)]
        for ind in progress.indicators
    ]
    s = progress.summary
    rows.append(["合计", *_counts(s), percent(s.rate), bar(s.rate)])
    doc.caption("各一级指标进展情况")
    doc.table(columns, rows)


def _deadlines(doc: OfficialDocument, edition: Edition) -> None:
    progress = edition.progress
    s, days, listed = progress.summary, progress.due_soon_days, progress.deadlines
    if not listed.shown:
        doc.body(f"目前没有逾期未完成或{days}日内到期的任务。")
        return
    counts = f"逾期未完成任务{s.overdue}项、{days}日内到期任务{s.due_soon}项"
    if listed.left_out:
        doc.body(
            f"{counts}。表{doc.next_table}列出其中最紧迫的{len(listed.shown)}项（逾期最久的在前），"
            f"其余{len(listed.left_out)}项在{annex(ANNEX_TASKS)}中逐项列出。"
        )
    else:
        doc.body(f"{counts}，表{doc.next_table}逐项列出（逾期最久的在前）。")
    columns = [
        Column("序号", 9),
        Column("任务", 42, "left"),
        Column("牵头单位", 26, "left"),
        Column("完成\n时限", 20),
        Column("逾期/\n剩余天数", 22),
        Column("缺少材料及责任单位", 37, "left"),
    ]
    rows = [
        [
            str(n),
            f"{task_label(r.task.id)} {brief(r.task.text)}",
            "、".join(r.task.lead_units),
            deadline_text(r),
            _distance(r),
            missing_text(r.missing, r.task.materials_from, full=False),
        ]
        for n, r in enumerate(listed.shown, 1)
    ]
    doc.caption("逾期及临期任务")
    doc.table(columns, rows)


def _units(doc: OfficialDocument, edition: Edition) -> None:
    progress = edition.progress
    doc.body(
        f"各单位进展情况见表{doc.next_table}（按报送率排序，报送率相同的并列）。报送率为已报送材料占应报送材料的"
        "比例（只交了一部分或被退回的不算已报送）；没有应报送材料的单位，按所牵头任务的完成比例计算。"
    )
    headers = ("牵头\n任务", "其中\n完成", "其中\n逾期", "应报\n材料", "已报\n材料", "逾期\n未报")
    columns = [
        Column("名次", 10),
        Column("单位", 32, "left"),
        *(Column(h, 11) for h in headers),
        Column("报送率", 14.5),
        Column("进度", 33.5, "left", bar=True),
    ]
    doc.caption("各单位进展情况")
    doc.table(columns, [_unit_cells(n, u) for n, u in zip(progress.ranks, progress.units, strict=True)])
    rank = dict(zip((u.unit for u in progress.units), progress.ranks, strict=True))
    red = _red_board(progress.red_board, rank)
    black = "、".join(f"{u.unit}（{_overdue_detail(u)}）" for u in progress.black_board)
    doc.body(
        f"红榜（报送率高且无逾期事项）：{red}。"
        if red
        else "红榜：本期暂无符合条件的单位（须无逾期事项且已报送材料）。",
        align="left",
    )
    doc.body(
        f"黑榜（逾期事项多）：{black}。" if black else "黑榜：本期没有逾期事项，黑榜空缺。", align="left"
    )


def _unit_cells(rank: int, u: UnitProgress) -> list[str]:
    counts = (
        u.tasks_led,
        u.tasks_done,
        u.tasks_overdue,
        u.materials_owed,
        u.materials_submitted,
        u.materials_overdue,
    )
    return [str(rank), u.unit, *map(str, counts), percent(u.rate), bar(u.rate)]


def _red_board(units: Sequence[UnitProgress], rank: dict[str, int]) -> str:
    """``甲、乙（报送率均为100.0%，并列第1），丙（90.0%，第3）``: units of one rate share a rank."""
    parts = []
    for _, group in groupby(units, key=lambda u: u.rate):
        tied = list(group)
        names, place, rate = "、".join(u.unit for u in tied), rank[tied[0].unit], percent(tied[0].rate)
        parts.append(
            f"{names}（报送率均为{rate}，并列第{place}）"
            if len(tied) > 1
            else f"{names}（{rate}，第{place}）"
        )
    return "，".join(parts)


def _overdue_detail(unit: UnitProgress) -> str:
    parts = [f"牵头任务逾期{unit.tasks_overdue}项"] if unit.tasks_overdue else []
    parts += [f"逾期未报材料{unit.materials_overdue}项"] if unit.materials_overdue else []
    return "、".join(parts)


def _checks(doc: OfficialDocument, edition: Edition) -> None:
    progress = edition.progress
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
                f"{task_label(c.task_id)} {brief(c.task_short)}",
                c.kind.label,
                c.text,
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
            f"{v.task.id} {brief(v.task.text)}",
            v.task.status.label,
            units_brief(list(dict.fromkeys(u for m in v.missing for u in m.units))) or "—",
        ]
        for n, v in enumerate(vetoes, 1)
    ]
    doc.caption("否决项")
    doc.table(columns, rows)


def _review(doc: OfficialDocument, edition: Edition) -> None:
    review_section(doc, edition.progress)


def _next_steps(doc: OfficialDocument, edition: Edition) -> None:
    for n, step in enumerate(edition.progress.next_steps, 1):
        doc.body(f"{n}.{step}")


SECTIONS: tuple[tuple[str, Callable[[OfficialDocument, Edition], None]], ...] = (
    ("总体进展", _overview),
    ("材料审核", _review),
    ("分指标进展", _indicators),
    ("逾期及临期任务", _deadlines),
    ("各单位进展", _units),
    ("核查事项和否决项", _checks),
    ("下步工作", _next_steps),
)
"""The body of the report in order: a heading (numbered 一、二、… as listed) and what follows it;
材料审核 only where the workspace has review (see :func:`_sections`)."""


def _sections(edition: Edition) -> list[tuple[str, Callable[[OfficialDocument, Edition], None]]]:
    review = edition.progress.review is not None
    return [(heading, render) for heading, render in SECTIONS if render is not _review or review]


def _last_paragraph(doc: OfficialDocument) -> Any:
    return doc.doc.paragraphs[-1]


def render_weekly_report(campaign: Campaign, progress: Progress, issue: int | None) -> bytes:
    """The weekly report as .docx bytes (nothing is written); ``issue`` None for an unnumbered copy."""
    edition = Edition(campaign, progress, issue)
    doc = OfficialDocument(campaign.report.fonts)
    title, issuer = report_title(campaign), issuer_of(campaign)
    doc.title(report_title_lines(campaign))
    if issue is not None:
        doc.paragraph(f"第{issue}期", font=campaign.report.fonts.heading2, align="center", first_chars=0)
    doc.split_line(issuer, cn_date(progress.as_of), rule=True)
    for n, (heading, render) in enumerate(_sections(edition)):
        doc.heading1(f"{CN_NUMERALS[n]}、{heading}")
        render(doc, edition)
    doc.keep_together([_last_paragraph(doc), *doc.attachment_list(progress.annexes)])
    for n, name in enumerate(progress.annexes, 1):
        render_annex, landscape = RENDERERS[name]
        doc.attachment(n, name, landscape=landscape)
        render_annex(doc, progress)
    imprint = campaign.report.imprint
    if imprint is not None:
        add_imprint(doc, imprint.copy_to, imprint.printed_by or issuer, progress.as_of)
    number = f"（第{issue}期）" if issue is not None else ""
    doc.properties(title=f"{title}{number}", author=issuer, subject=campaign.name, created=progress.as_of)
    return doc.to_bytes()
