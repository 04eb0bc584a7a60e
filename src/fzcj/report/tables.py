"""Tables the weekly report derives from a :class:`StatusReport` (pure, no I/O): per 一级指标
(level-1 indicator) rows, the overdue and due-soon (临期) lists, the check items (实地核查, 网上核查) and
the 否决项 (veto items).

Units are ranked in :mod:`fzcj.report.ranking`; the change against the previous report is in
:mod:`fzcj.report.change`; :mod:`fzcj.report.content` assembles the whole report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from fzcj.data.model import MaterialKind, TaskKind
from fzcj.problems import Problem, Severity
from fzcj.status.compute import summarize
from fzcj.status.types import MaterialState, StatusReport, Summary, TaskStatus
from fzcj.status.views import TaskRow

BOARD_SIZE = 5
"""How many units the 红榜 and the 黑榜 name (ties at the cut are all named)."""
STEP_ITEMS = 3
"""How many overdue tasks a unit's 下步工作 sentence names (earliest deadline first)."""
DEADLINE_ROWS = 15
"""Rows of the body's overdue and due-soon table (表2): the most overdue first; 附件1 has every task."""
PROBLEM_ROWS: int | None = 200
"""Rows of the problems annex (附件2); the rest are counted by unit and by kind. ``None`` lists all."""
EVIDENCE = "evidence/"
PROBLEM_KINDS = {
    "bad-link": "网址无效",
    "broken-file": "文件已损坏",
    "broken-symlink": "链接失效",
    "doubled-extension": "扩展名重复",
    "duplicate-task-folder": "任务文件夹重复",
    "empty-file": "空文件",
    "empty-waiver": "不涉及说明为空",
    "encrypted": "文件加密",
    "encrypted-file": "文件加密",
    "file-in-task-folder": "文件未放入单位文件夹",
    "garbled-name": "文件名乱码",
    "merged-task-folder": "材料放错任务文件夹",
    "misnumbered": "序号可能写错",
    "misplaced-file": "文件放错位置",
    "no-link": "缺少网址",
    "non-utf8-name": "文件名乱码",
    "not-a-file": "不是普通文件",
    "not-a-link-file": "网址文件格式不对",
    "other-task-file": "属于其他任务的文件",
    "over-max": "文件数量超出要求",
    "symlink-loop": "链接循环",
    "symlink-nested": "链接嵌套",
    "symlink-outside": "链接指向证据文件夹以外",
    "unit-owes-nothing": "单位无需提供材料",
    "unknown-item": "无法判断属于哪项材料",
    "unknown-task-folder": "不是任务文件夹",
    "unknown-unit-folder": "不是单位文件夹",
    "unnumbered-file": "文件名未编号",
    "unnumbered-folder": "文件夹名未编号",
    "unreadable": "无法读取",
    "unreadable-content": "无法读取内容",
    "waiver-not-text": "不涉及说明不是文本",
    "wrong-extension": "扩展名不符",
}
"""Short Chinese names of the evidence problems, by code, for counting the problems the annex leaves
out; a code without one counts as 其他问题."""

T = TypeVar("T")


@dataclass(frozen=True)
class Listed(Generic[T]):
    """Rows of a table with a cap: those shown, and those left out (said in one sentence)."""

    shown: tuple[T, ...]
    left_out: tuple[T, ...] = ()

    @property
    def all(self) -> tuple[T, ...]:
        return (*self.shown, *self.left_out)


def capped(items: Sequence[T], limit: int | None) -> Listed[T]:
    """The first ``limit`` items shown, the rest left out (all shown when ``limit`` is None)."""
    items = tuple(items)
    if limit is None:
        return Listed(items)
    return Listed(items[:limit], items[limit:])


def progress_bar(rate: float, cells: int = 10) -> str:
    """``■■■■□□□□□□``: filled squares never overstate progress (rounded down), readable in grey."""
    filled = min(cells, max(0, int(rate * cells + 1e-9)))
    return "■" * filled + "□" * (cells - filled)


@dataclass(frozen=True)
class IndicatorProgress:
    """One row per 一级指标."""

    level1: str
    summary: Summary


def indicator_rows(report: StatusReport) -> tuple[IndicatorProgress, ...]:
    """Per 一级指标 counts, in the order the indicators first appear."""
    groups: dict[str, list[TaskStatus]] = {}
    for task in report.tasks:
        groups.setdefault(task.level1, []).append(task)
    return tuple(IndicatorProgress(name, summarize(tuple(tasks))) for name, tasks in groups.items())


def deadline_rows(rows: Iterable[TaskRow]) -> tuple[TaskRow, ...]:
    """Overdue tasks (longest overdue first), then due-soon tasks (nearest deadline first)."""
    overdue = sorted((r for r in rows if r.task.overdue), key=lambda r: -r.task.days_overdue)
    soon = sorted(
        (r for r in rows if r.task.due_soon and not r.task.overdue), key=lambda r: r.task.days_left or 0
    )
    return (*overdue, *soon)


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
    return tuple(row for row in rows if row.task.kind is TaskKind.veto)


def unit_problems(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    """What units must fix in their evidence folders: errors and warnings under evidence/ (notes such as
    ignored system files are left out, and so are the data files, which the office keeps)."""
    return tuple(
        p for p in sorted(problems) if p.severity is not Severity.info and p.path.startswith(EVIDENCE)
    )


def evidence_path(problem: Problem) -> str:
    """The problem's path inside evidence/, as units name their folders (``030/区司法局/说明.docx``)."""
    return problem.path.removeprefix(EVIDENCE)


def problem_unit(problem: Problem) -> str:
    """The unit folder a problem lies in (``030 …/区司法局/x.pdf`` → 区司法局), or 其他位置 for one in a
    task folder itself or above."""
    parts = evidence_path(problem).split("/")
    return parts[1] if len(parts) > 2 else "其他位置"


def problem_kind(problem: Problem) -> str:
    return PROBLEM_KINDS.get(problem.code, "其他问题")


def tally(problems: Iterable[Problem], key: Callable[[Problem], str]) -> tuple[tuple[str, int], ...]:
    """How many problems each ``key`` has, the most first (ties by name)."""
    counts = Counter(key(p) for p in problems)
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def count_by_severity(problems: Iterable[Problem]) -> dict[Severity, int]:
    counts = dict.fromkeys(Severity, 0)
    for problem in problems:
        counts[problem.severity] += 1
    return counts
