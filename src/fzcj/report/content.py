"""The weekly report's whole content: every table and generated sentence, in the order it is shown (pure).

:func:`build_progress` derives it from a :class:`StatusReport`; the Word renderer only lays it out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from fzcj.problems import Problem
from fzcj.report.broken import RESEND_CODES
from fzcj.report.change import Baseline, Change, compare
from fzcj.report.fragments import PLAIN, ItemTexts
from fzcj.report.ranking import UnitProgress, boards, shared_ranks, unit_obligations, unit_progress
from fzcj.report.review_progress import ReviewProgress, review_progress
from fzcj.report.tables import (
    DEADLINE_ROWS,
    PROBLEM_ROWS,
    STEP_ITEMS,
    CheckItem,
    IndicatorProgress,
    Listed,
    capped,
    check_items,
    count_by_severity,
    deadline_rows,
    indicator_rows,
    problem_kind,
    problem_unit,
    tally,
    unit_problems,
    veto_rows,
)
from fzcj.status.types import StatusReport, Summary
from fzcj.status.views import Owed, TaskRow, task_rows
from fzcj.text import listing, month_day, task_label, units_short

ANNEX_TASKS = "任务完成情况明细表"
ANNEX_PROBLEMS = "证据材料问题清单"
ANNEX_RETURNED = "材料退回情况"
ANNEXES = (ANNEX_TASKS, ANNEX_PROBLEMS, ANNEX_RETURNED)
"""The weekly report's annexes (附件), in order; a new annex is added here and given a renderer in
:mod:`fzcj.report.docx.annexes`. A report has those of :attr:`Progress.annexes`: the returned
materials only where the office returned some."""


def annex(title: str) -> str:
    """``附件2``: how the text refers to one of :data:`ANNEXES`."""
    return f"附件{ANNEXES.index(title) + 1}"


# ── 下步工作 (next steps) ──────────────────────────────────────────────────────────────────────


def _due(day: dt.date | None, text: str) -> str:
    return f"{month_day(day)}到期" if day is not None else text


def _overdue_step(report: StatusReport, unit: str) -> str:
    """What one 黑榜 unit must do: its overdue items by task, then the next thing it owes."""
    owed = unit_obligations(report, unit)
    by_task: dict[str, list[Owed]] = {}
    for item in owed.overdue:
        by_task.setdefault(item.task.id, []).append(item)
    parts = []
    for task_id, items in by_task.items():
        ids = listing([item.material.id for item in items], "份材料", limit=2)
        first = items[0]
        parts.append(f"{task_label(task_id)}（{ids}，{_due(first.material.deadline, first.deadline_text)}）")
    for row in owed.led_overdue:
        task = row.task
        if task.id not in by_task and task.materials_from not in by_task:
            missing = listing([m.material.id for m in row.missing], "份材料", limit=2)
            detail = f"，尚缺{missing}" if missing else ""
            parts.append(f"牵头的{task_label(task.id)}（{_due(task.deadline, task.deadline_text)}{detail}）")
    sentence = f"督促{unit}立即补齐逾期事项：{listing(parts, limit=STEP_ITEMS)}"
    if owed.upcoming:
        nxt = owed.upcoming[0]
        due = nxt.material.deadline
        when = f"于{month_day(due)}前" if due is not None else "抓紧"
        sentence += f"；并{when}报送{task_label(nxt.task.id)}材料（{nxt.material.id}）"
    return sentence + "。"


def _due_soon_step(rows: Sequence[TaskRow], due_soon_days: int) -> str | None:
    soon = [r.task for r in rows if r.task.due_soon and not r.task.overdue and not r.task.status.done]
    if not soon:
        return None
    parts = [
        f"{task_label(t.id)}（{units_short(t.lead_units)}牵头，{_due(t.deadline, t.deadline_text)}）"
        for t in soon
    ]
    return f"提醒有关单位抓紧办理{due_soon_days}日内到期的任务{len(soon)}项：{listing(parts)}。"


def _check_step(checks: Sequence[CheckItem]) -> str | None:
    pending = [c for c in checks if not c.state.done]
    if not pending:
        return None
    parts = [f"{task_label(c.task_id)}{c.kind.label}（{units_short(c.units)}）" for c in pending]
    return f"做好迎检准备：{listing(parts)}尚未准备到位，请有关单位逐项落实。"


def _veto_step(vetoes: Sequence[TaskRow]) -> str | None:
    pending = [v for v in vetoes if not v.task.status.done]
    if not pending:
        return None
    parts = []
    for veto in pending:
        units = tuple(dict.fromkeys(u for m in veto.missing for u in m.units))
        parts.append(
            f"{veto.task.id}尚缺{listing(units, '个单位')}的说明" if units else f"{veto.task.id}尚未齐全"
        )
    return f"组织有关单位出具否决项未发生情形的说明（{'；'.join(parts)}）。"


def _problem_step(problems: Sequence[Problem]) -> str | None:
    if not problems:
        return None
    counts = count_by_severity(problems)
    detail = "、".join(f"{s.label}{n}个" for s, n in counts.items() if n)
    broken = sum(p.code in RESEND_CODES for p in problems)
    resend = f"，其中已损坏或无法正常打开的文件{broken}个须由报送单位重新报送" if broken else ""
    return (
        f"督促有关单位核对更正{annex(ANNEX_PROBLEMS)}所列证据材料问题{len(problems)}个（{detail}）{resend}。"
    )


def left_out_note(problems: Sequence[Problem]) -> str:
    """What the problems annex says of the problems it leaves out: how many, by unit and by kind."""
    by_unit = [f"{unit}{n}个" for unit, n in tally(problems, problem_unit)]
    by_kind = [f"{kind}{n}个" for kind, n in tally(problems, problem_kind)]
    return (
        f"另有{len(problems)}个问题未列出，按单位：{listing(by_unit, '个单位', limit=20)}；"
        f"按问题类别：{listing(by_kind, '类', limit=20)}。运行 fzcj validate 可查看全部问题。"
    )


def next_steps(
    report: StatusReport,
    rows: Sequence[TaskRow],
    black_board: Sequence[UnitProgress],
    checks: Sequence[CheckItem],
    vetoes: Sequence[TaskRow],
    problems: Sequence[Problem],
    due_soon_days: int,
) -> tuple[str, ...]:
    """The 下步工作 sentences: concrete, naming units, task numbers and deadlines."""
    steps = [_overdue_step(report, unit.unit) for unit in black_board]
    optional = (
        _due_soon_step(rows, due_soon_days),
        _check_step(checks),
        _veto_step(vetoes),
        _problem_step(problems),
    )
    steps += [step for step in optional if step is not None]
    if all(row.task.status.done for row in rows):
        steps.append("巩固创建成果，做好迎接评估验收的各项准备。")
    else:
        steps.append("对照任务分解表逐项查漏补缺，确保材料不漏项、不缺项。")
    return tuple(steps)


# ── the whole report ───────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Progress:
    """Everything the weekly report shows, in the order it shows it."""

    as_of: dt.date
    due_soon_days: int
    summary: Summary
    change: Change | None
    indicators: tuple[IndicatorProgress, ...]
    deadlines: Listed[TaskRow]
    """Overdue then due-soon tasks; the body's table shows the first :data:`DEADLINE_ROWS`."""
    units: tuple[UnitProgress, ...]
    ranks: tuple[int, ...]
    """Each unit's rank in ``units``: the same rate, the same rank (并列)."""
    red_board: tuple[UnitProgress, ...]
    black_board: tuple[UnitProgress, ...]
    checks: tuple[CheckItem, ...]
    vetoes: tuple[TaskRow, ...]
    next_steps: tuple[str, ...]
    tasks: tuple[TaskRow, ...]
    problems: Listed[Problem]
    """What units must fix in their evidence folders (errors and warnings, the content check's
    included), for the problems annex."""
    review: ReviewProgress | None = None
    """The office's review of the materials, where the workspace has review (else None)."""
    texts: ItemTexts = PLAIN
    """How items are written (those that are fragments of their cell, with the cell)."""

    @property
    def annexes(self) -> tuple[str, ...]:
        """The :data:`ANNEXES` this report has: the returned materials only where there are some (the
        last annex, so that :func:`annex` numbers the others the same either way)."""
        returned = self.review is not None and bool(self.review.returned)
        return tuple(a for a in ANNEXES if a != ANNEX_RETURNED or returned)

    @property
    def checks_ready(self) -> int:
        """Check items prepared (complete or waived)."""
        return sum(check.state.done for check in self.checks)

    @property
    def vetoes_done(self) -> int:
        """否决项 whose attestations are all in (or waived)."""
        return sum(veto.task.status.done for veto in self.vetoes)


def build_progress(
    report: StatusReport,
    *,
    due_soon_days: int,
    unit_order: Sequence[str] = (),
    baseline: Baseline | None = None,
    inspected: Sequence[Problem] = (),
    texts: ItemTexts = PLAIN,
) -> Progress:
    """Derive every table and sentence of the weekly report from ``report``; ``inspected`` are the
    content check's problems (:func:`fzcj.evidence.inspection.inspect_files`), which join the
    problems annex."""
    rows = task_rows(report)
    units = unit_progress(report, unit_order)
    red, black = boards(units)
    checks = check_items(report)
    vetoes = veto_rows(rows)
    problems = unit_problems([*report.problems, *inspected])
    steps = next_steps(report, rows, black, checks, vetoes, problems, due_soon_days)
    return Progress(
        as_of=report.as_of,
        due_soon_days=due_soon_days,
        summary=report.summary,
        change=compare(report, baseline) if baseline is not None else None,
        indicators=indicator_rows(report),
        deadlines=capped(deadline_rows(rows), DEADLINE_ROWS),
        units=units,
        ranks=shared_ranks(units),
        red_board=red,
        black_board=black,
        checks=checks,
        vetoes=vetoes,
        next_steps=steps,
        tasks=rows,
        problems=capped(problems, PROBLEM_ROWS),
        review=review_progress(report, baseline.reviews if baseline is not None else None),
        texts=texts,
    )
