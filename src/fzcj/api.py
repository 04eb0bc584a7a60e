"""fzcj as a library: one function per command. Plain arguments in, values out; nothing is printed.

Every function raises :class:`~fzcj.errors.FzcjError` (:class:`~fzcj.errors.UsageError` for a mistake
in the arguments) for what a user can get wrong, with a Chinese message; the CLI only renders results
and maps those errors to exit codes. ``root`` is a workspace folder (the one holding ``data/``):
:func:`find_root` finds it the way the command line does.

    >>> import datetime as dt, fzcj
    >>> result = fzcj.status(fzcj.find_root(), dt.date(2022, 6, 15), unit="司法局")
    >>> result.report.summary.total
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fzcj.data.cache import default_cache
from fzcj.data.schema import schema_text
from fzcj.data.workspace import Workspace, find_root, load_data
from fzcj.data.workspace import load as load_workspace
from fzcj.errors import FzcjError, UsageError
from fzcj.evidence.filenames import task_id_of_folder
from fzcj.evidence.index import EvidenceIndex
from fzcj.evidence.walk import scan
from fzcj.problems import UNREAD_CODES, Problem, sort_problems
from fzcj.review.book import ReviewBook
from fzcj.review.checks import check_records
from fzcj.review.records import Verdict
from fzcj.status.compute import compute
from fzcj.status.types import StatusReport
from fzcj.status.views import ReviewFilter, TaskDetail, TaskRow, select

if TYPE_CHECKING:
    from fzcj.evidence.scaffold import InitResult
    from fzcj.report.writer import ReportResult
    from fzcj.review.actions import Decided
    from fzcj.status.queue import QueueEntry

__all__ = [
    "StatusResult",
    "TaskDetail",
    "find_root",
    "init",
    "load",
    "notice",
    "report",
    "review_accept",
    "review_list",
    "review_return",
    "review_undo",
    "schema",
    "show",
    "status",
    "validate",
]


def load(root: Path, *, cache: bool = True) -> Workspace:
    """The workspace's data, checked; raises :class:`FzcjError` with the problems when it is unusable."""
    return load_workspace(root, default_cache() if cache else None)


def _status_of(workspace: Workspace, as_of: dt.date) -> StatusReport:
    return _reviewed_status(workspace, as_of)[0]


def _reviewed_status(
    workspace: Workspace, as_of: dt.date, *, stamps: bool = False, review: bool = False
) -> tuple[StatusReport, EvidenceIndex, ReviewBook]:
    """The status with the office's review where there are decisions, review is required or asked
    for (``review``); the walk then tallies the files, to compare them with the decisions."""
    book = ReviewBook.open(workspace)
    index = scan(workspace, stamps=stamps or bool(book))
    reviewed = review or bool(book) or workspace.campaign.review.required
    reviews = book.judge(index, workspace.evidence_dir) if reviewed else None
    return compute(workspace, index, as_of, reviews), index, book


def validate(root: Path, *, data_only: bool = False, cache: bool = True) -> list[Problem]:
    """All problems of the data files and (unless ``data_only``) of the evidence tree, sorted."""
    workspace, problems = load_data(root, default_cache() if cache else None)
    if workspace is not None and not data_only:
        problems = problems + scan(workspace).problems + check_records(workspace)
    return sort_problems(problems)


@dataclass(frozen=True)
class StatusResult:
    """What ``fzcj status`` shows: the selected tasks (summary recomputed for them) as rows."""

    report: StatusReport
    rows: list[TaskRow]
    unit: str | None
    problems: tuple[Problem, ...]
    """Problems found while reading the data and the evidence (for the footer's counts)."""

    def unread(self) -> list[Problem]:
        """Parts of the evidence tree that could not be read: their files count as not submitted."""
        return [p for p in self.problems if p.code in UNREAD_CODES]


def status(
    root: Path,
    as_of: dt.date,
    *,
    unit: str | None = None,
    indicator: str | None = None,
    overdue_only: bool = False,
    due_within: int | None = None,
    include_responsible: bool = False,
    review: str | None = None,
) -> StatusResult:
    """The status on ``as_of``; ``unit`` (any spelling) selects that unit's tasks, ``indicator`` one
    一级指标 (一, 1 or a name), ``overdue_only`` and ``due_within`` days the urgent ones, ``review``
    (``pending``, ``returned`` or ``accepted``) those with items in that review state."""
    workspace = load(root)
    unit_name = workspace.directory.resolve(unit) if unit is not None else None
    full = _reviewed_status(workspace, as_of, review=review is not None)[0]
    selected, rows = select(
        full,
        unit=unit_name,
        include_responsible=include_responsible,
        indicator=indicator,
        overdue_only=overdue_only,
        due_within=due_within,
        responsible_of={t.id: t.responsible for t in workspace.plan.tasks},
        review=ReviewFilter(review) if review is not None else None,
    )
    return StatusResult(selected, rows, unit_name, full.problems)


def show(root: Path, task_id: str, as_of: dt.date) -> TaskDetail:
    """One task in full; an id that names no task is a :class:`UsageError`."""
    workspace = load(root)
    planned = workspace.plan.find(task_id)
    if planned is None:
        raise UsageError(
            f"没有编号为「{task_id}」的任务（任务编号为 1–100、加1、加2、否1、否2，或 B1、B2、V1、V2）"
        )
    full, _, book = _reviewed_status(workspace, as_of)
    task = next(t for t in full.tasks if t.id == planned.id)
    owner = full.owner(task)
    holder = workspace.plan.owner_of_materials(planned)
    keys = [(holder.id, unit, m.number) for m in holder.materials for unit in m.providers]
    history = sorted((d for key in keys for d in book.history(key)), key=lambda d: d.order)

    def folder_task(path: str) -> str | None:
        """The task whose evidence folder ``path`` lies in (merged tasks map to their owner)."""
        parts = path.split("/")
        if len(parts) < 2 or parts[0] != "evidence":
            return None
        found = task_id_of_folder(parts[1])
        folder = workspace.plan.find(found) if found else None
        return workspace.plan.owner_of_materials(folder).id if folder else None

    problems = tuple(p for p in full.problems if folder_task(p.path) == owner.id)
    responsible = tuple(planned.task.responsible_units)
    return TaskDetail(as_of, task, owner, responsible, problems, tuple(history), full.review_required)


def init(root: Path, *, unit: str | None = None, dry_run: bool = False) -> InitResult:
    """Create the evidence folders and their 材料要求.txt (for one unit, with ``unit``); never changes
    an existing file. ``dry_run`` only says what would be created."""
    from fzcj.evidence.scaffold import init_tree

    workspace = load(root)
    unit_name = workspace.directory.resolve(unit) if unit is not None else None
    return init_tree(workspace, unit=unit_name, dry_run=dry_run)


def _readable_status(workspace: Workspace, as_of: dt.date, what: str) -> StatusReport:
    """The status for a document, which must not count as missing what could not be read."""
    result = _status_of(workspace, as_of)
    unread = result.unread()
    if [p.code for p in unread] == ["no-evidence-dir"]:
        raise FzcjError(
            "证据文件夹 evidence/ 不存在：请先运行 fzcj init 建立各任务、各单位的文件夹，再生成" + what
        )
    if unread:
        raise FzcjError(
            f"证据文件夹有未能读取的部分，其中的材料会被当作未提交，因此没有生成{what}："
            "请先解决上述问题（fzcj validate 可查看全部问题），再重新运行",
            problems=unread,
        )
    return result


def report(
    root: Path,
    as_of: dt.date,
    *,
    issue: int | None = None,
    output: Path | None = None,
    force: bool = False,
) -> ReportResult:
    """Write the weekly Word report and its snapshot; see :func:`fzcj.report.writer.write_weekly_report`."""
    from fzcj.report.writer import write_weekly_report

    workspace = load(root)
    result = _readable_status(workspace, as_of, "周报和快照")
    return write_weekly_report(
        workspace.indicators,
        result,
        workspace.units.units,
        workspace.reports_dir,
        issue=issue,
        output=output,
        force=force,
    )


def notice(root: Path, unit: str, as_of: dt.date, *, output: Path | None = None, force: bool = False) -> Path:
    """Write the 督办通知 to ``unit`` (any spelling); returns the path written."""
    from fzcj.report.writer import write_unit_notice

    workspace = load(root)
    name = workspace.directory.resolve(unit)
    result = _readable_status(workspace, as_of, "督办通知")
    return write_unit_notice(
        workspace.indicators,
        result,
        name,
        workspace.units.units,
        workspace.reports_dir,
        output=output,
        force=force,
    )


def schema(which: str = "all") -> str:
    """The JSON Schema of ``indicators``, ``units`` or ``all`` data files, as text."""
    return schema_text(which)


def review_accept(
    root: Path, item: str, unit: str, *, by: str, note: str | None = None, now: dt.datetime | None = None
) -> Decided:
    """Accept what ``unit`` (any spelling) filed for ``item`` (27.1, 加1.1, B1.1): refused when a file
    fails the content check; see :func:`fzcj.review.actions.decide`."""
    return _decide(root, item, unit, Verdict.accept, by=by, reason=note, now=now)


def review_return(
    root: Path, item: str, unit: str, *, by: str, reason: str, now: dt.datetime | None = None
) -> Decided:
    """Return what ``unit`` filed for ``item``, with the reason (退回重报)."""
    return _decide(root, item, unit, Verdict.return_, by=by, reason=reason, now=now)


def review_undo(root: Path, item: str, unit: str, *, by: str, now: dt.datetime | None = None) -> Decided:
    """Withdraw the decision in force on ``unit``'s ``item`` (recorded as a decision too)."""
    return _decide(root, item, unit, Verdict.undo, by=by, now=now)


def _decide(root: Path, item: str, unit: str, verdict: Verdict, **how: Any) -> Decided:
    from fzcj.review.actions import decide, find_target

    workspace = load(root)
    target = find_target(workspace, item, unit)
    index = scan(workspace) if verdict is not Verdict.undo else EvidenceIndex()
    return decide(workspace, index, ReviewBook.open(workspace), target, verdict, **how)


def review_list(root: Path, *, state: str | None = None, unit: str | None = None) -> list[QueueEntry]:
    """The review queue: ``state`` ``pending`` (oldest submission first), ``returned`` or ``accepted``,
    or all three in that order; ``unit`` (any spelling) one unit's items."""
    from fzcj.review.book import submitted_at
    from fzcj.status.queue import review_queue

    workspace = load(root)
    unit_name = workspace.directory.resolve(unit) if unit is not None else None
    report, index, _ = _reviewed_status(workspace, dt.date.today(), stamps=True, review=True)
    numbers = {m.id: (t.id, m.number) for t in workspace.plan.tasks for m in t.materials}

    def submitted(material_id: str, unit: str) -> dt.datetime | None:
        task_id, number = numbers[material_id]
        return submitted_at(index, (task_id, unit, number))

    wanted = ReviewFilter(state) if state is not None else None
    return review_queue(report, submitted, unit=unit_name, wanted=wanted)
