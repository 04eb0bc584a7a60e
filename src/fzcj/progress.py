"""Tables the weekly report derives from a :class:`StatusReport` (pure, no I/O): per 一级指标
(level-1 indicator) rows, every task as a report row with what is missing and from whom, the
overdue and due-soon (临期) lists, the check items (实地核查, 网上核查), the 否决项 (veto items) and
the change against the previous report's snapshot; plus the small wording helpers they share.

Units are ranked in :mod:`fzcj.unit_ranking`; :mod:`fzcj.weekly` assembles the whole report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from fzcj.model import MaterialKind, TaskKind
from fzcj.problems import Problem, Severity
from fzcj.status import summarize
from fzcj.status_types import (
    MaterialState,
    MaterialStatus,
    StatusReport,
    Summary,
    TaskState,
    TaskStatus,
)

BOARD_SIZE = 5
"""How many units the 红榜 and the 黑榜 name (ties at the cut are all named)."""
LISTED_ITEMS = 6
"""How many items a generated sentence lists before it says 等N项."""
STEP_ITEMS = 3
"""How many overdue tasks a unit's 下步工作 sentence names (earliest deadline first)."""


def task_label(task_id: str) -> str:
    """``第12项`` for a numbered task; an id such as ``否1`` is shown as it is."""
    return f"第{task_id}项" if task_id.isdigit() else task_id


def month_day(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def percent(rate: float, digits: int = 1) -> str:
    """A share 0…1 as ``45.2%`` (``digits`` decimals)."""
    return f"{rate * 100:.{digits}f}%"


def task_list(task_ids: Sequence[str]) -> str:
    """``第3、5、12项`` (numbered tasks together, other ids such as 否1 after them), shortened by 等N项."""
    numbered = [i for i in task_ids if i.isdigit()]
    others = [i for i in task_ids if not i.isdigit()]
    shown = numbered[:LISTED_ITEMS]
    parts = [f"第{'、'.join(shown)}项"] if shown else []
    parts += others[: max(0, LISTED_ITEMS - len(shown))]
    text = "、".join(parts)
    return text + f"等{len(task_ids)}项" if len(task_ids) > LISTED_ITEMS else text


def progress_bar(rate: float, cells: int = 10) -> str:
    """``■■■■□□□□□□``: filled squares never overstate progress (rounded down), readable in grey."""
    filled = min(cells, max(0, int(rate * cells + 1e-9)))
    return "■" * filled + "□" * (cells - filled)


# ── tasks ──────────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class IndicatorProgress:
    """One row per 一级指标."""

    level1: str
    summary: Summary


@dataclass(frozen=True)
class MissingMaterial:
    """A material that is not yet complete and the units that still owe it."""

    material_id: str
    text: str
    kind: MaterialKind
    state: MaterialState
    units: tuple[str, ...]


@dataclass(frozen=True)
class TaskRow:
    """A task as the report lists it: state, deadline distance, what is missing and from whom.

    ``days_left`` is negative when the deadline has passed; a task merged into another one
    (``materials_from``) shows that task's materials.
    """

    id: str
    kind: TaskKind
    level1: str
    short_text: str
    lead_units: tuple[str, ...]
    deadline: dt.date | None
    deadline_text: str
    status: TaskState
    overdue: bool
    due_soon: bool
    days_left: int | None
    materials_from: str | None
    missing: tuple[MissingMaterial, ...]
    providers: tuple[str, ...]

    @property
    def days_overdue(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0


def indicator_rows(report: StatusReport) -> tuple[IndicatorProgress, ...]:
    """Per 一级指标 counts, in the order the indicators first appear."""
    groups: dict[str, list[TaskStatus]] = {}
    for task in report.tasks:
        groups.setdefault(task.level1, []).append(task)
    return tuple(IndicatorProgress(name, summarize(tuple(tasks))) for name, tasks in groups.items())


def _missing(material: MaterialStatus) -> MissingMaterial:
    return MissingMaterial(material.id, material.text, material.kind, material.status, material.missing_units)


def task_rows(report: StatusReport) -> tuple[TaskRow, ...]:
    """Every task in table order, with its missing materials and providers resolved."""
    rows = []
    for task in report.tasks:
        materials = report.owner(task).materials
        providers = dict.fromkeys(p.unit for m in materials for p in m.providers)
        rows.append(
            TaskRow(
                id=task.id,
                kind=task.kind,
                level1=task.level1,
                short_text=task.short_text,
                lead_units=task.lead_units,
                deadline=task.deadline,
                deadline_text=task.deadline_text,
                status=task.status,
                overdue=task.overdue,
                due_soon=task.due_soon,
                days_left=task.days_left,
                materials_from=task.materials_from,
                missing=tuple(_missing(m) for m in materials if not m.status.done),
                providers=tuple(providers),
            )
        )
    return tuple(rows)


def deadline_rows(rows: Iterable[TaskRow]) -> tuple[TaskRow, ...]:
    """Overdue tasks (longest overdue first), then due-soon tasks (nearest deadline first)."""
    overdue = sorted((r for r in rows if r.overdue), key=lambda r: -r.days_overdue)
    soon = sorted((r for r in rows if r.due_soon and not r.overdue), key=lambda r: r.days_left or 0)
    return (*overdue, *soon)


# ── checks, vetoes, change ──────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class CheckItem:
    """A 实地核查 or 网上核查 that the coordinating office prepares for the assessors."""

    task_id: str
    task_short: str
    material_id: str
    kind: MaterialKind
    text: str
    state: MaterialState
    units: tuple[str, ...]


def check_items(report: StatusReport) -> tuple[CheckItem, ...]:
    """Every check material in table order; the units are its providers, else the lead units."""
    items = []
    for task in report.tasks:
        for m in task.materials:
            if m.kind.is_check:
                units = tuple(p.unit for p in m.providers) or task.lead_units
                items.append(CheckItem(task.id, task.short_text, m.id, m.kind, m.text, m.status, units))
    return tuple(items)


def veto_rows(rows: Iterable[TaskRow]) -> tuple[TaskRow, ...]:
    """The 否决项: conditions that must not occur, attested by the units concerned."""
    return tuple(row for row in rows if row.kind is TaskKind.veto)


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


def count_by_severity(problems: Iterable[Problem]) -> dict[Severity, int]:
    counts = dict.fromkeys(Severity, 0)
    for problem in problems:
        counts[problem.severity] += 1
    return counts
