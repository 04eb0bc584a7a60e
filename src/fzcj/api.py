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
from typing import TYPE_CHECKING

from fzcj.data.cache import default_cache
from fzcj.data.schema import schema_text
from fzcj.data.workspace import Workspace, find_root, load_data
from fzcj.data.workspace import load as load_workspace
from fzcj.errors import FzcjError, UsageError
from fzcj.evidence.filenames import task_id_of_folder
from fzcj.evidence.walk import scan
from fzcj.problems import UNREAD_CODES, Problem, sort_problems
from fzcj.status.compute import compute
from fzcj.status.types import StatusReport
from fzcj.status.views import TaskDetail, TaskRow, select

if TYPE_CHECKING:
    from fzcj.evidence.scaffold import InitResult
    from fzcj.report.package import PackageResult, Progress
    from fzcj.report.writer import LedgerResult, ReportResult

__all__ = [
    "StatusResult",
    "TaskDetail",
    "export",
    "find_root",
    "init",
    "load",
    "notice",
    "package",
    "report",
    "schema",
    "show",
    "status",
    "validate",
]


def load(root: Path, *, cache: bool = True) -> Workspace:
    """The workspace's data, checked; raises :class:`FzcjError` with the problems when it is unusable."""
    return load_workspace(root, default_cache() if cache else None)


def _status_of(workspace: Workspace, as_of: dt.date) -> StatusReport:
    return compute(workspace, scan(workspace), as_of)


def validate(root: Path, *, data_only: bool = False, cache: bool = True) -> list[Problem]:
    """All problems of the data files and (unless ``data_only``) of the evidence tree, sorted."""
    workspace, problems = load_data(root, default_cache() if cache else None)
    if workspace is not None and not data_only:
        problems = problems + scan(workspace).problems
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
) -> StatusResult:
    """The status on ``as_of``; ``unit`` (any spelling) selects that unit's tasks, ``indicator`` one
    一级指标 (一, 1 or a name), ``overdue_only`` and ``due_within`` days the urgent ones."""
    workspace = load(root)
    unit_name = workspace.directory.resolve(unit) if unit is not None else None
    full = _status_of(workspace, as_of)
    selected, rows = select(
        full,
        unit=unit_name,
        include_responsible=include_responsible,
        indicator=indicator,
        overdue_only=overdue_only,
        due_within=due_within,
        responsible_of={t.id: t.responsible for t in workspace.plan.tasks},
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
    full = _status_of(workspace, as_of)
    task = next(t for t in full.tasks if t.id == planned.id)
    owner = full.owner(task)

    def folder_task(path: str) -> str | None:
        """The task whose evidence folder ``path`` lies in (merged tasks map to their owner)."""
        parts = path.split("/")
        if len(parts) < 2 or parts[0] != "evidence":
            return None
        found = task_id_of_folder(parts[1])
        folder = workspace.plan.find(found) if found else None
        return workspace.plan.owner_of_materials(folder).id if folder else None

    problems = tuple(p for p in full.problems if folder_task(p.path) == owner.id)
    return TaskDetail(as_of, task, owner, tuple(planned.task.responsible_units), problems)


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
    _refuse_unread(result, what)
    return result


def _refuse_unread(result: StatusReport, what: str) -> None:
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


def export(
    root: Path,
    as_of: dt.date,
    *,
    unit: str | None = None,
    output: Path | None = None,
    force: bool = False,
) -> LedgerResult:
    """Write the Excel 台账 (sheets 台账, 任务汇总, 单位汇总); ``unit`` (any spelling) keeps that unit's
    tasks as ``status --unit`` selects them. See :func:`fzcj.report.writer.write_ledger`."""
    from fzcj.report.writer import write_ledger

    workspace = load(root)
    unit_name = workspace.directory.resolve(unit) if unit is not None else None
    full = _readable_status(workspace, as_of, "台账")
    selected, rows = select(
        full, unit=unit_name, responsible_of={t.id: t.responsible for t in workspace.plan.tasks}
    )
    return write_ledger(
        workspace.indicators,
        full,
        selected,
        workspace.units.units,
        workspace.reports_dir,
        unit=unit_name,
        roles={row.task.id: row.roles for row in rows},
        output=output,
        force=force,
    )


def package(
    root: Path,
    output: Path,
    as_of: dt.date,
    *,
    accepted_only: bool = False,
    gbk: bool = False,
    force: bool = False,
    progress: Progress | None = None,
) -> PackageResult:
    """Write the assessors' package (迎检材料) to ``output``: a zip file when it ends in ``.zip``, else a
    folder. See :func:`fzcj.report.package.write_package`."""
    from fzcj.report.package import write_package

    workspace = load(root)
    index = scan(workspace)
    result = compute(workspace, index, as_of)
    _refuse_unread(result, "迎检材料包")
    return write_package(
        workspace.campaign,
        result,
        index,
        workspace.evidence_dir,
        output,
        accepted_only=accepted_only,
        gbk=gbk,
        force=force,
        progress=progress,
    )
