"""Week over week: what the previous report showed (its snapshot) against the status now (pure).

Both ways: tasks newly done and newly overdue, and tasks that went back from done or are no longer
overdue, with the overdue count then and now.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from fzcj.status.types import StatusReport, Summary, TaskState
from fzcj.text import cn_date, task_label, task_list


@dataclass(frozen=True)
class TaskMark:
    """A task's state as a snapshot keeps it."""

    status: TaskState
    overdue: bool


@dataclass(frozen=True)
class Baseline:
    """What the previous report showed: enough for the week-over-week change."""

    issue: int
    as_of: dt.date
    summary: Summary
    tasks: Mapping[str, TaskMark]
    reviews: Mapping[str, str] | None = None
    """The review decisions then in force (see :func:`fzcj.report.review_progress.decided`)."""


@dataclass(frozen=True)
class Reopened:
    """A task that was done (已完成 or 不涉及) in the previous report and is not any more."""

    task_id: str
    before: TaskState
    now: TaskState


@dataclass(frozen=True)
class Change:
    """Week-over-week change; ``rate_change`` is in shares (0.05 = 5 percentage points)."""

    previous_issue: int
    previous_as_of: dt.date
    newly_done: tuple[str, ...]
    newly_overdue: tuple[str, ...]
    rate_change: float
    reopened: tuple[Reopened, ...] = ()
    no_longer_overdue: tuple[str, ...] = ()
    overdue_before: int = 0
    overdue_now: int = 0


_NEW_TASK = TaskMark(TaskState.not_started, overdue=False)
"""How a task that the previous snapshot does not know counts: neither done nor overdue then."""


def compare(report: StatusReport, baseline: Baseline) -> Change:
    """Tasks done now but not then and the reverse, overdue now but not then and the reverse, the
    overdue counts and the change in completion rate."""
    before = baseline.tasks

    def then(task_id: str) -> TaskMark:
        return before.get(task_id, _NEW_TASK)

    tasks = report.tasks
    return Change(
        previous_issue=baseline.issue,
        previous_as_of=baseline.as_of,
        newly_done=tuple(t.id for t in tasks if t.status.done and not then(t.id).status.done),
        newly_overdue=tuple(t.id for t in tasks if t.overdue and not then(t.id).overdue),
        rate_change=report.summary.rate - baseline.summary.rate,
        reopened=tuple(
            Reopened(t.id, then(t.id).status, t.status)
            for t in tasks
            if then(t.id).status.done and not t.status.done
        ),
        no_longer_overdue=tuple(t.id for t in tasks if then(t.id).overdue and not t.overdue),
        overdue_before=baseline.summary.overdue,
        overdue_now=report.summary.overdue,
    )


def change_sentence(change: Change | None, issue: int | None) -> str:
    """The overview's sentence on the change since the previous report."""
    if change is None:
        if issue == 1:
            return "本期为首期周报，暂无上期数据可供比较。"
        return "未找到上期周报的快照数据，本期暂不与上期比较。"
    head = f"与上期（第{change.previous_issue}期，截至{cn_date(change.previous_as_of)}）相比，"
    parts = [
        f"新增完成{len(change.newly_done)}项（{task_list(change.newly_done)}）"
        if change.newly_done
        else "无新增完成任务"
    ]
    parts += [_reopened(change.reopened)] if change.reopened else []
    parts.append(
        f"新增逾期{len(change.newly_overdue)}项（{task_list(change.newly_overdue)}）"
        if change.newly_overdue
        else "无新增逾期任务"
    )
    parts.append(_overdue_count(change))
    points = round(change.rate_change * 100, 1)
    if points > 0:
        parts.append(f"完成率提高{points:.1f}个百分点")
    elif points < 0:
        parts.append(f"完成率下降{-points:.1f}个百分点")
    else:
        parts.append("完成率与上期持平")
    return f"{head}{'，'.join(parts)}。"


def _reopened(reopened: tuple[Reopened, ...], limit: int = 6) -> str:
    """``退回未完成2项（第5项由已完成变为进行中，…）``: files were removed or no longer count."""
    details = "，".join(
        f"{task_label(r.task_id)}由{r.before.label}变为{r.now.label}" for r in reopened[:limit]
    )
    more = f"等{len(reopened)}项" if len(reopened) > limit else ""
    return f"退回未完成{len(reopened)}项（{details}{more}）"


def _overdue_count(change: Change) -> str:
    before, now = change.overdue_before, change.overdue_now
    if now == before:
        return f"逾期任务仍为{now}项" if now else "仍无逾期任务"
    trend = "减少" if now < before else "增加"
    cleared = (
        f"，其中{task_list(change.no_longer_overdue)}不再逾期"
        if now < before and change.no_longer_overdue
        else ""
    )
    return f"逾期任务由{before}项{trend}为{now}项{cleared}"
