"""fzcj as a library: one function per command. Plain arguments in, values out; nothing is printed.

Every function raises :class:`~fzcj.errors.FzcjError` (:class:`~fzcj.errors.UsageError` for a mistake
in the arguments) for what a user can get wrong, with a Chinese message; the CLI only renders results
and maps those errors to exit codes. ``root`` is a workspace folder (the one holding ``data/``):
:func:`find_root` finds it the way the command line does.

    >>> import datetime as dt
    >>> from fzcj import api
    >>> result = api.status(api.find_root(), dt.date(2022, 6, 15), unit="司法局")
    >>> result.report.summary.total

Modules a command alone needs are imported inside its function, so that ``status`` pays for nothing else.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from fzcj.data.cache import default_cache
from fzcj.data.workspace import Workspace, find_root, load_data
from fzcj.data.workspace import load as load_workspace
from fzcj.errors import UsageError
from fzcj.evidence.walk import scan
from fzcj.problems import Problem, sort_problems
from fzcj.status.reading import readable_status, refuse_unread, reviewed_status
from fzcj.status.views import ReviewFilter, StatusResult, TaskDetail, problem_task, select, unit_problems

if TYPE_CHECKING:
    from fzcj.data.new_workspace import NewResult
    from fzcj.evidence.intake_result import IntakeResult
    from fzcj.evidence.scaffold import InitResult
    from fzcj.report.package import PackageResult, Progress
    from fzcj.report.unit_pack import PackResult
    from fzcj.report.writer import LedgerResult, NoticeResult, NoticesResult, ReportResult
    from fzcj.review.actions import Decided
    from fzcj.status.queue import QueueEntry

__all__ = [
    "StatusResult",
    "TaskDetail",
    "campaign_year",
    "export",
    "find_root",
    "init",
    "intake",
    "load",
    "new",
    "notice",
    "notices",
    "pack",
    "package",
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


def campaign_year(root: Path) -> int:
    """The campaign year (``campaign.year``): the year of a date written without one, such as 6月15日."""
    return load(root).campaign.year


def validate(
    root: Path, *, data_only: bool = False, unit: str | None = None, cache: bool = True
) -> list[Problem]:
    """All problems of the data files and (unless ``data_only``) of the evidence tree, sorted.

    ``unit`` (any spelling) keeps the problems that concern that unit (see
    :func:`fzcj.status.views.problem_units`); while the data files have errors, so that units cannot
    be told apart, every problem is kept.
    """
    from fzcj.evidence.inspection import inspect_files
    from fzcj.review.checks import check_records

    workspace, problems = load_data(root, default_cache() if cache else None, marks=True)
    if workspace is not None and not data_only:
        index = scan(workspace)
        problems = problems + index.problems + inspect_files(workspace, index) + check_records(workspace)
    if workspace is not None and unit is not None:
        problems = list(unit_problems(problems, workspace.directory.resolve(unit), workspace))
    return sort_problems(problems)


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
    full = reviewed_status(workspace, as_of, review=review is not None)[0]
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
    problems = full.problems if unit_name is None else unit_problems(full.problems, unit_name, workspace)
    return StatusResult(selected, rows, unit_name, problems, workspace.campaign.year)


def show(root: Path, task_id: str, as_of: dt.date, *, unit: str | None = None) -> TaskDetail:
    """One task in full; an id that names no task is a :class:`UsageError`. ``unit`` (any spelling)
    keeps only the problems that concern that unit."""
    from fzcj.evidence.inspection import inspect_files

    workspace = load(root)
    unit_name = workspace.directory.resolve(unit) if unit is not None else None
    planned = workspace.plan.find(task_id)
    if planned is None:
        head = task_id.replace("．", ".").partition(".")[0]
        hint = (
            f"；「{task_id}」像是材料编号，请写任务编号：fzcj show {head}"
            if workspace.plan.find(head)
            else ""
        )
        raise UsageError(
            f"没有编号为「{task_id}」的任务（任务编号为 1–100、加1、加2、否1、否2，或 B1、B2、V1、V2）{hint}"
        )
    full, index, book = reviewed_status(workspace, as_of)
    task = next(t for t in full.tasks if t.id == planned.id)
    owner = full.owner(task)
    problems = tuple(p for p in full.problems if problem_task(p.path, workspace) == owner.id)
    problems += tuple(inspect_files(workspace, index, task_id=owner.id))
    if unit_name is not None:
        problems = unit_problems(problems, unit_name, workspace)
    owner_plan = workspace.plan.owner_of_materials(planned)
    return TaskDetail(
        as_of,
        task,
        owner,
        tuple(planned.task.responsible_units),
        tuple(sort_problems(problems)),
        materials_cell=owner_plan.task.materials_cell,
        unit=unit_name,
        campaign_year=workspace.campaign.year,
        history=book.task_history(owner_plan),
        review_required=full.review_required,
    )


def init(root: Path, *, unit: str | None = None, dry_run: bool = False) -> InitResult:
    """Create the evidence folders and their 材料要求.txt (for one unit, with ``unit``); never changes
    an existing file. ``dry_run`` only says what would be created."""
    from fzcj.evidence.scaffold import init_tree

    workspace = load(root)
    unit_name = workspace.directory.resolve(unit) if unit is not None else None
    return init_tree(workspace, unit=unit_name, dry_run=dry_run)


def report(
    root: Path,
    as_of: dt.date,
    *,
    issue: int | None = None,
    output: Path | None = None,
    force: bool = False,
) -> ReportResult:
    """Write the weekly Word report and its snapshot; see :func:`fzcj.report.writer.write_weekly_report`."""
    from fzcj.report.broken import opened_status
    from fzcj.report.writer import write_weekly_report

    workspace = load(root)
    result, opened = opened_status(workspace, as_of, "周报和快照")
    return write_weekly_report(
        workspace.indicators,
        result,
        workspace.units.units,
        workspace.reports_dir,
        issue=issue,
        output=output,
        force=force,
        opened=opened,
    )


def notice(
    root: Path, unit: str, as_of: dt.date, *, output: Path | None = None, force: bool = False
) -> NoticeResult:
    """Write the 督办通知 to ``unit`` (any spelling) if it owes anything or must resend a broken file."""
    from fzcj.report.broken import opened_status
    from fzcj.report.writer import write_unit_notice

    workspace = load(root)
    name = workspace.directory.resolve(unit)
    result, opened = opened_status(workspace, as_of, "督办通知")
    return write_unit_notice(
        workspace.indicators,
        result,
        name,
        workspace.units.units,
        workspace.reports_dir,
        output=output,
        force=force,
        opened=opened,
    )


def notices(root: Path, as_of: dt.date, *, force: bool = False) -> NoticesResult:
    """Write a 督办通知 to every unit that owes something (:func:`notice`), into ``reports/督办通知-<date>/``."""
    from fzcj.report.broken import opened_status
    from fzcj.report.writer import write_all_notices

    workspace = load(root)
    result, opened = opened_status(workspace, as_of, "督办通知")
    dirs = (workspace.units.units, workspace.reports_dir)
    return write_all_notices(workspace.indicators, result, *dirs, force=force, opened=opened)


def schema(which: str = "all") -> str:
    """The JSON Schema of ``indicators``, ``units`` or ``all`` data files, as text."""
    from fzcj.data.schema import schema_text

    return schema_text(which)


def new(
    target: Path,
    table: Path,
    *,
    name: str | None = None,
    district: str | None = None,
    year: int | None = None,
    office: str | None = None,
) -> NewResult:
    """Create the workspace ``target`` (a new or empty folder) from a county's own task table (Word
    .docx, Excel .xlsx, or Word's text export): data/indicators.yaml and data/units.yaml drafted with
    ``# 请核对`` comments, schemas/, an empty evidence/ and a README.txt for the office. Written whole
    or not at all; the options fill the campaign block (guessed from the table where left out)."""
    from fzcj.data.new_workspace import NewResult, check_target, workspace_files
    from fzcj.data.table_import import draft_workspace
    from fzcj.data.workspace import EVIDENCE
    from fzcj.staging import create_folder

    check_target(target, table)
    draft = draft_workspace(table, name=name, district=district, year=year, office=office)
    files = workspace_files(draft, table.name)
    create_folder(target, files, [EVIDENCE.as_posix()])
    written = [rel for rel, _ in files] + [EVIDENCE.as_posix() + "/"]
    return NewResult(target, dict(draft.counts), list(draft.notes), written)


def pack(
    root: Path,
    as_of: dt.date,
    *,
    unit: str | None = None,
    all_units: bool = False,
    output: Path | None = None,
    gbk: bool = False,
    force: bool = False,
    now: dt.datetime | None = None,
) -> PackResult:
    """Write the zip for ``unit`` (its folders, 报送清单.docx and 填报说明.txt), or with ``all_units`` one zip
    per unit that still owes something into the folder ``output``; see :mod:`fzcj.report.unit_pack`."""
    from fzcj.report.broken import opened_status
    from fzcj.report.unit_pack import write_packs

    if (unit is None) == (not all_units):
        raise UsageError("请用 --unit 指定一个单位，或用 --all 为每个尚有材料未交齐的单位各打一个包")
    workspace = load(root)
    units = [workspace.directory.resolve(unit)] if unit is not None else None
    result, opened = opened_status(workspace, as_of, "报送材料包", without_evidence=True)
    return write_packs(workspace, result, units, output=output, gbk=gbk, force=force, now=now, opened=opened)


def intake(
    root: Path,
    source: Path,
    *,
    unit: str | None = None,
    apply: bool = False,
    receipt: bool = False,
    max_total: int | None = None,
    now: dt.datetime | None = None,
) -> IntakeResult:
    """Preview (or with ``apply`` store) the files of ``source``, a .zip or a folder a unit sent: each goes to
    its task, unit and item by the evidence tree's naming rules; nothing in evidence/ is ever replaced.
    ``receipt`` (with ``apply``) also writes a 回执 for the unit. See :mod:`fzcj.evidence.intake_apply`."""
    from fzcj.evidence.archive import MAX_TOTAL
    from fzcj.evidence.intake_apply import run_intake
    from fzcj.report.intake_receipt import write_receipt

    if receipt and not apply:
        raise UsageError("--receipt 需与 --apply 一起使用：回执只在真正收取文件后写出")
    write = write_receipt if receipt else None
    return run_intake(
        load(root), source, unit=unit, apply=apply, max_total=max_total or MAX_TOTAL, now=now, receipt=write
    )


def review_accept(
    root: Path, item: str, unit: str, *, by: str, note: str | None = None, now: dt.datetime | None = None
) -> Decided:
    """Accept what ``unit`` (any spelling) filed for ``item`` (27.1, 加1.1, B1.1), unless a file fails
    the content check; see :func:`fzcj.review.actions.decide`."""
    from fzcj.review.actions import decide_on
    from fzcj.review.records import Verdict

    return decide_on(load(root), item, unit, Verdict.accept, by=by, reason=note, now=now)


def review_return(
    root: Path, item: str, unit: str, *, by: str, reason: str, now: dt.datetime | None = None
) -> Decided:
    """Return what ``unit`` filed for ``item``, with the reason (退回重报)."""
    from fzcj.review.actions import decide_on
    from fzcj.review.records import Verdict

    return decide_on(load(root), item, unit, Verdict.return_, by=by, reason=reason, now=now)


def review_undo(root: Path, item: str, unit: str, *, by: str, now: dt.datetime | None = None) -> Decided:
    """Withdraw the decision in force on ``unit``'s ``item`` (recorded as a decision too)."""
    from fzcj.review.actions import decide_on
    from fzcj.review.records import Verdict

    return decide_on(load(root), item, unit, Verdict.undo, by=by, now=now)


def review_list(root: Path, *, state: str | None = None, unit: str | None = None) -> list[QueueEntry]:
    """The review queue: ``state`` ``pending`` (oldest submission first), ``returned`` or ``accepted``,
    or all three in that order; ``unit`` (any spelling) one unit's items."""
    from fzcj.status.queue import review_queue, submission_times

    workspace = load(root)
    unit_name = workspace.directory.resolve(unit) if unit is not None else None
    report, index, _ = reviewed_status(workspace, dt.date.today(), stamps=True, review=True)
    wanted = ReviewFilter(state) if state is not None else None
    return review_queue(report, submission_times(workspace.plan, index), unit=unit_name, wanted=wanted)


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
    full = readable_status(workspace, as_of, "台账")
    tasks = {t.id: t.responsible for t in workspace.plan.tasks}
    ledger = (workspace.indicators, full, workspace.units.units, workspace.reports_dir)
    return write_ledger(*ledger, unit=unit_name, responsible_of=tasks, output=output, force=force)


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
    result, index, _ = reviewed_status(workspace, as_of)
    refuse_unread(result, "迎检材料包")
    return write_package(
        workspace, result, index, output, accepted_only=accepted_only, gbk=gbk, force=force, progress=progress
    )
