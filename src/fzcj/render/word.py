"""The Word documents: the weekly progress report (工作进展周报) and a unit's 督办通知 (reminder notice).

Everything shown is computed by :mod:`fzcj.weekly` (and :mod:`fzcj.progress`); this module only words and lays it out.
The layout follows GB/T 9704 through :class:`fzcj.render.word_format.OfficialDocument`, which is
imported inside the functions so that importing this module does not load python-docx.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from fzcj.deadlines import cn_date
from fzcj.fsutil import write_atomically
from fzcj.model import Campaign, IndicatorsFile, Unit
from fzcj.problems import UsageError
from fzcj.progress import (
    Change,
    MissingMaterial,
    TaskRow,
    month_day,
    percent,
    progress_bar,
    task_label,
    task_list,
    units_short,
)
from fzcj.snapshot import (
    find_snapshots,
    next_issue,
    previous_snapshot,
    refuse_replacing,
    refuse_taken_issue,
    snapshot_path,
    take_snapshot,
)
from fzcj.status_types import MaterialState, StatusReport, Summary, TaskState
from fzcj.unit_ranking import OwedItem, UnitObligations, UnitProgress, unit_obligations
from fzcj.weekly import Progress, build_progress

if TYPE_CHECKING:
    from fzcj.render.word_format import GroupRow, OfficialDocument

ATTACHMENTS = ("任务完成情况明细表", "证据材料问题清单")
UNITS_IN_CELL = 6
NOTICE_ROWS = 15
"""Rows (one per task) in a 督办通知's table; with the letter around it the notice stays within two
pages (checked with LibreOffice for a unit owing materials of all 104 tasks)."""
NOTICE_MATERIAL_IDS = 6  # material numbers in one cell of the notice before it says 等N项
NOTICE_REST_TASKS = 10  # task numbers in the sentence about the tasks left out of the table
TITLE_CHARS = 19  # 二号 characters that surely fit on the 156 mm line (20 at the very most)
CHECK_STATE = {
    MaterialState.missing: "未准备",
    MaterialState.partial: "部分准备",
    MaterialState.complete: "已准备",
    MaterialState.waived: "不涉及",
}


@dataclass(frozen=True)
class ReportResult:
    """The written report, its issue number and the snapshot stored next to it."""

    path: Path
    issue: int
    snapshot_path: Path


def report_title(campaign: Campaign) -> str:
    """``<campaign name><report title>``, e.g. …示范创建工作进展周报."""
    return f"{campaign.name}{campaign.report.title}"


def default_report_name(campaign: Campaign, issue: int) -> str:
    return f"{report_title(campaign)}（第{issue}期）.docx"


def default_notice_name(unit: str, report: StatusReport) -> str:
    return f"{unit}督办通知（{cn_date(report.as_of)}）.docx"


def issuer_of(campaign: Campaign) -> str:
    return campaign.report.issuer or campaign.coordinating_office


def notice_title(campaign: Campaign) -> str:
    return f"关于加快报送{_topic(campaign)}材料的督办通知"


def _topic(campaign: Campaign) -> str:
    """The campaign name without the district's name in front: the notice goes to units inside it."""
    name, district = campaign.name, campaign.district
    for start in range(len(district) - 1):  # longest tail of the district first, at least two characters
        tail = district[start:]
        if name.startswith(tail) and len(name) > len(tail):
            return name[len(tail) :]
    return name


def _broken(first: str, second: str) -> str:
    """A title on one line when it surely fits, else broken between its two meaningful parts."""
    return first + second if len(first + second) <= TITLE_CHARS else f"{first}\n{second}"


def _output_file(output: Path, default_name: str) -> Path:
    """``-o``: a .docx file path, not a folder → else :class:`UsageError` (exit code 2).

    Another suffix (``.pdf``, ``.doc``, none at all) is refused rather than silently changed: the
    documents are Word .docx files and the path written is exactly the one given.
    """
    if output.is_dir():
        raise UsageError(
            f"-o 应为文件路径，{output} 是一个文件夹。请写出文件名，如 -o {output / default_name}"
        )
    if output.suffix.lower() != ".docx":
        raise UsageError(
            f"-o 的文件名应以 .docx 结尾：生成的是 Word 文档（.docx），不能写成“{output.name}”。"
            f"请改为如 -o {output.with_name(output.stem + '.docx')}"
        )
    return output


# ── small wording helpers ───────────────────────────────────────────────────────────────────────


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _units_brief(units: Sequence[str], limit: int = UNITS_IN_CELL) -> str:
    return "、".join(units) if len(units) <= limit else "、".join(units[:limit]) + f"等{len(units)}个单位"


def _missing_text(missing: Sequence[MissingMaterial], materials_from: str | None = None) -> str:
    lines = [f"与{task_label(materials_from)}合并提供"] if materials_from is not None else []
    for m in missing:
        who = units_short(m.units) if m.units else f"{m.state.label}，文件数量不足"
        lines.append(f"{m.material_id} {_shorten(m.text, 14)}（{who}）")
    return "\n".join(lines) or "—"


def _distance(row: TaskRow) -> str:
    if row.days_left is None:
        return "无固定时限"
    if row.overdue:
        return f"逾期{row.days_overdue}天"
    return "今日到期" if row.days_left == 0 else f"剩余{row.days_left}天"


def _deadline(row: TaskRow) -> str:
    return month_day(row.deadline) if row.deadline is not None else row.deadline_text


def _state(row: TaskRow) -> str:
    if row.overdue:
        return f"{row.status.label}\n逾期{row.days_overdue}天"
    return f"{row.status.label}\n临期" if row.due_soon else row.status.label


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
    from fzcj.render.word_format import Column

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
    from fzcj.render.word_format import Column

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
            f"{task_label(r.id)} {r.short_text}",
            "、".join(r.lead_units),
            _deadline(r),
            _distance(r),
            _missing_text(r.missing, r.materials_from),
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
    from fzcj.render.word_format import Column

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
    from fzcj.render.word_format import Column

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
                _shorten(c.text, 40),
                _units_brief(c.units, 3),
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
            f"{v.id} {v.short_text}",
            v.status.label,
            _units_brief(list(dict.fromkeys(u for m in v.missing for u in m.units))) or "—",
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
    from fzcj.render.word_format import Column, GroupRow

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
        if r.level1 != level1:
            level1 = r.level1
            rows.append(GroupRow(level1))
        missing = _missing_text(r.missing, r.materials_from)
        providers = _units_brief(r.providers) or "—"
        rows.append(
            [r.id, r.short_text, "、".join(r.lead_units), _deadline(r), _state(r), missing, providers]
        )
    doc.table(columns, rows)


def _attachment_problems(doc: OfficialDocument, progress: Progress) -> None:
    from fzcj.render.word_format import Column

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
    from fzcj.render.word_format import OfficialDocument

    doc = OfficialDocument(campaign.report.fonts)
    title, issuer = report_title(campaign), issuer_of(campaign)
    doc.title(_broken(campaign.name, campaign.report.title))
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
    _attachment_tasks(doc, progress)
    _attachment_problems(doc, progress)
    doc.properties(
        title=f"{title}（第{issue}期）", author=issuer, subject=campaign.name, created=progress.as_of
    )
    return doc.to_bytes()


def write_weekly_report(
    indicators: IndicatorsFile,
    report: StatusReport,
    units: Iterable[Unit],
    reports_dir: Path,
    *,
    issue: int | None = None,
    output: Path | None = None,
    force: bool = False,
) -> ReportResult:
    """Write the weekly report and its snapshot (atomically; existing files only with ``force``).

    Unless ``issue`` is given, a date that already has a snapshot keeps that snapshot's issue number
    and any other date gets one more than the highest issue so far (:func:`fzcj.snapshot.next_issue`).
    The week-over-week change compares with the latest snapshot dated before ``report.as_of``.
    A snapshot of another date is never replaced, not even with ``force``: an explicit ``issue``
    used by another date, or a target snapshot file of another date, is a :class:`UsageError`.
    ``output`` must be a .docx file path (:func:`_output_file`). ``units`` gives the display order
    (e.g. ``UnitsFile.units``).
    """
    campaign = indicators.campaign
    snapshots = find_snapshots(reports_dir, campaign.name)
    previous = previous_snapshot(snapshots, report.as_of)
    if issue is None:
        number = next_issue(snapshots, report.as_of)
    else:
        refuse_taken_issue(snapshots, issue, report.as_of)
        number = issue
    default_name = default_report_name(campaign, number)
    path = _output_file(output, default_name) if output is not None else reports_dir / default_name
    snap_path = snapshot_path(reports_dir, path)
    refuse_replacing(snap_path, campaign.name, report.as_of)
    progress = build_progress(
        report,
        due_soon_days=campaign.due_soon_days,
        unit_order=[unit.name for unit in units],
        baseline=previous.baseline() if previous is not None else None,
    )
    data = render_weekly_report(campaign, progress, number)
    snapshot = take_snapshot(
        report, progress.units, campaign=campaign.name, issue=number, report_name=path.name
    )
    write_atomically([(path, data), (snap_path, snapshot.to_bytes())], force=force)
    return ReportResult(path, number, snap_path)


# ── the 督办通知 ───────────────────────────────────────────────────────────────────────────────


def _notice_summary(owed: UnitObligations, due_soon_days: int) -> str:
    p = owed.progress
    counts = f"应报送材料{p.materials_owed}项，已报送{p.materials_submitted}项，" if p is not None else ""
    soon = sum(item.due_soon for item in owed.owed)
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


@dataclass(frozen=True)
class _OwedRow:
    """The materials a unit owes for one task by one deadline: one row of the 督办通知's table.

    A task's materials normally share its deadline; a material shared with a task due earlier is due
    then, and gets a row of its own.
    """

    task_id: str
    task_short: str
    items: tuple[OwedItem, ...]

    @property
    def first(self) -> OwedItem:
        return self.items[0]


def _owed_rows(report: StatusReport, owed: Sequence[OwedItem]) -> list[_OwedRow]:
    """``owed`` by task and deadline: earliest deadline first (so overdue, then due soon), then in
    task order; the materials of a row in table order."""
    order = {task.id: n for n, task in enumerate(report.tasks)}
    material_order = {m.id: n for task in report.tasks for n, m in enumerate(task.materials)}
    groups: dict[tuple[str, dt.date | None, str], list[OwedItem]] = {}
    for item in owed:
        groups.setdefault((item.task_id, item.deadline, item.deadline_text), []).append(item)
    rows = [
        _OwedRow(
            items[0].task_id,
            items[0].task_short,
            tuple(sorted(items, key=lambda i: material_order.get(i.material_id, 0))),
        )
        for items in groups.values()
    ]
    return sorted(rows, key=lambda r: (r.first.deadline or dt.date.max, order.get(r.task_id, len(order))))


def _owed_materials(items: Sequence[OwedItem]) -> str:
    """One material with its (shortened) text; several by number only, ``等N项`` beyond a few."""
    if len(items) == 1:
        return f"{items[0].material_id} {_shorten(items[0].material_text, 28)}"
    ids = [item.material_id for item in items]
    shown = "、".join(ids[:NOTICE_MATERIAL_IDS])
    return shown if len(ids) <= NOTICE_MATERIAL_IDS else f"{shown}等{len(ids)}项"


def _task_numbers(task_ids: Sequence[str], limit: int) -> str:
    """``第26项、第30项、否1``, ``…等N项`` beyond ``limit`` tasks.

    Each number keeps its 第…项: LibreOffice does not break a line between 、 and a digit, so the
    compact ``第26、30、31项`` of a long list would stretch a justified line.
    """
    text = "、".join(task_label(i) for i in task_ids[:limit])
    return text + f"等{len(task_ids)}项" if len(task_ids) > limit else text


def _owed_table(doc: OfficialDocument, report: StatusReport, owed: UnitObligations) -> None:
    """At most :data:`NOTICE_ROWS` rows, one per task (and deadline), the most urgent first; one
    sentence names the tasks left out."""
    from fzcj.render.word_format import Column

    doc.body(
        "请贵单位高度重视，对照下表抓紧补齐尚未报送的材料（各项材料的具体要求见任务分解表）："
        "已逾期的请立即报送，其余的务必在完成时限前报送。"
    )
    owed_rows = _owed_rows(report, owed.owed)
    shown, rest = owed_rows[:NOTICE_ROWS], owed_rows[NOTICE_ROWS:]
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
            f"{task_label(t.task_id)} {_shorten(t.task_short, 12)}",
            _owed_materials(t.items),
            month_day(t.first.deadline) if t.first.deadline else t.first.deadline_text,
            _owed_state(t.first.days_left),
        ]
        for n, t in enumerate(shown, 1)
    ]
    doc.table(columns, rows)
    if rest:
        doc.body(
            f"限于篇幅，上表只列出完成时限最早的{len({r.task_id for r in shown})}项任务的材料。"
            f"另有{_rest_sentence(report, rest)}，请一并对照任务分解表抓紧报送。"
        )


def _rest_sentence(report: StatusReport, rest: Sequence[_OwedRow]) -> str:
    """The rows left out of the notice's table: overdue tasks, then the others, each in task order."""
    order = {task.id: n for n, task in enumerate(report.tasks)}
    late = [r for r in rest if r.first.overdue]
    other = [r for r in rest if not r.first.overdue]
    parts = []
    for group, tail in ((late, "已逾期，"), (other, "")):
        if not group:
            continue
        ids = sorted(dict.fromkeys(r.task_id for r in group), key=lambda i: order.get(i, len(order)))
        count = sum(len(r.items) for r in group)
        part = f"{_task_numbers(ids, NOTICE_REST_TASKS)}任务{tail}尚缺材料{count}项"
        if not tail:
            first = group[0].first  # the earliest deadline: rows are sorted by it
            due = f"{month_day(first.deadline)}到期" if first.deadline else first.deadline_text
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
    from fzcj.render.word_format import OfficialDocument

    doc = OfficialDocument(campaign.report.fonts)
    issuer = issuer_of(campaign)
    title = notice_title(campaign)
    doc.title(_broken(title.removesuffix("的督办通知"), "的督办通知"))
    doc.body("")
    doc.paragraph(f"{addressee}：", first_chars=0)
    doc.body(
        f"根据{campaign.name}工作安排，{issuer}对各单位材料报送情况进行了逐项核对。"
        f"截至{cn_date(report.as_of)}，贵单位{_notice_summary(owed, campaign.due_soon_days)}"
    )
    if owed.led_overdue:
        led = task_list([r.id for r in owed.led_overdue])
        doc.body(f"贵单位牵头的{led}任务已逾期，请督促相关单位尽快报送材料。")
    if owed.owed:
        _owed_table(doc, report, owed)
    else:
        doc.body("贵单位应报送的材料均已报送，请继续做好材料的补充完善工作。")
    doc.body("")
    _signature(doc, issuer, cn_date(report.as_of))
    doc.properties(title=title, author=issuer, subject=campaign.name, created=report.as_of)
    return doc.to_bytes()


def write_unit_notice(
    indicators: IndicatorsFile,
    report: StatusReport,
    unit: str,
    units: Iterable[Unit],
    reports_dir: Path,
    *,
    output: Path | None = None,
    force: bool = False,
) -> Path:
    """Write the 督办通知 to ``unit`` (a canonical unit name); returns the path written.

    ``units`` supplies the unit's full name for the salutation when the directory has one;
    ``output`` must be a .docx file path (:func:`_output_file`).
    """
    owed = unit_obligations(report, unit)
    if owed.progress is None and not owed.owed:
        raise UsageError(f"单位“{unit}”在任务分解表中既不牵头任务，也不负责提供材料，无需督办。")
    default_name = default_notice_name(unit, report)
    path = _output_file(output, default_name) if output is not None else reports_dir / default_name
    full = next((u.full_name for u in units if u.name == unit and u.full_name), None)
    data = render_unit_notice(indicators.campaign, report, owed, full or unit)
    write_atomically([(path, data)], force=force)
    return path
