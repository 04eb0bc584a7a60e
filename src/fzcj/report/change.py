"""Week over week: what the previous report showed (its snapshot) against the status now (pure)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from fzcj.status.types import StatusReport, Summary, TaskState


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
class Change:
    """Week-over-week change; ``rate_change`` is in shares (0.05 = 5 percentage points)."""

    previous_issue: int
    previous_as_of: dt.date
    newly_done: tuple[str, ...]
    newly_overdue: tuple[str, ...]
    rate_change: float


_NEW_TASK = TaskMark(TaskState.not_started, overdue=False)
"""How a task that the previous snapshot does not know counts: neither done nor overdue then."""


def compare(report: StatusReport, baseline: Baseline) -> Change:
    """Tasks done now but not then, overdue now but not then, and the change in completion rate."""
    before = baseline.tasks
    newly_done = tuple(
        t.id for t in report.tasks if t.status.done and not before.get(t.id, _NEW_TASK).status.done
    )
    newly_overdue = tuple(t.id for t in report.tasks if t.overdue and not before.get(t.id, _NEW_TASK).overdue)
    rate_change = report.summary.rate - baseline.summary.rate
    return Change(baseline.issue, baseline.as_of, newly_done, newly_overdue, rate_change)
