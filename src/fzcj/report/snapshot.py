"""The small JSON snapshot stored next to each weekly report.

Each report leaves ``<report stem>.snapshot.json`` in the reports directory: the issue number, the
as-of date, every task's state and per-unit counts. The next report compares itself with the latest
snapshot dated before it. A report for a date that already has a snapshot keeps that snapshot's
issue number; any other date gets one more than the highest issue so far (so a back-dated report
gets a new number, too).

Snapshots are written once: an existing snapshot is replaced only when the caller forces it, and
never by a snapshot of another date or campaign (:func:`refuse_replacing`, :func:`refuse_taken_issue`).
The files themselves are written by :func:`fzcj.fsutil.write_atomically`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, NonNegativeInt, PositiveInt, ValidationError

from fzcj.errors import FzcjError, UsageError, os_error_text
from fzcj.fsutil import write_atomically
from fzcj.report.change import Baseline, TaskMark
from fzcj.report.ranking import UnitProgress
from fzcj.report.review_progress import decided
from fzcj.status.types import StatusReport, Summary, TaskState
from fzcj.text import cn_date

SCHEMA_VERSION: Literal[1] = 1
SUFFIX = ".snapshot.json"


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TaskEntry(_Entry):
    status: TaskState
    overdue: bool


class UnitEntry(_Entry):
    tasks_led: NonNegativeInt
    tasks_done: NonNegativeInt
    tasks_overdue: NonNegativeInt
    materials_owed: NonNegativeInt
    materials_submitted: NonNegativeInt
    materials_overdue: NonNegativeInt


class ReviewEntry(_Entry):
    pending: NonNegativeInt
    returned: NonNegativeInt
    accepted: NonNegativeInt


class SummaryEntry(_Entry):
    total: NonNegativeInt
    not_started: NonNegativeInt
    in_progress: NonNegativeInt
    complete: NonNegativeInt
    waived: NonNegativeInt
    overdue: NonNegativeInt
    due_soon: NonNegativeInt
    review: ReviewEntry | None = None

    def to_summary(self) -> Summary:
        by_status = {state: getattr(self, state.value) for state in TaskState}
        return Summary(total=self.total, by_status=by_status, overdue=self.overdue, due_soon=self.due_soon)


class Snapshot(_Entry):
    """What one report showed (``schema_version`` 1)."""

    schema_version: Literal[1] = SCHEMA_VERSION
    campaign: str
    issue: PositiveInt
    as_of: dt.date
    report: str
    summary: SummaryEntry
    tasks: dict[str, TaskEntry]
    units: dict[str, UnitEntry]
    reviews: dict[str, Literal["accepted", "returned"]] | None = None
    """Decisions in force (``"27.1 区司法局": "returned"``), where the workspace has review; optional."""

    def baseline(self) -> Baseline:
        tasks = {task_id: TaskMark(entry.status, entry.overdue) for task_id, entry in self.tasks.items()}
        summary = self.summary.to_summary()
        return Baseline(
            issue=self.issue, as_of=self.as_of, summary=summary, tasks=tasks, reviews=self.reviews
        )

    def to_bytes(self) -> bytes:
        data = self.model_dump(mode="json", exclude_none=True)  # no review keys where there is no review
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()


def take_snapshot(
    report: StatusReport, units: Iterable[UnitProgress], *, campaign: str, issue: int, report_name: str
) -> Snapshot:
    """The snapshot of ``report`` as issue ``issue`` (``units`` as :func:`fzcj.unit_ranking.unit_progress`)."""
    summary = SummaryEntry.model_validate(report.summary.to_json())
    tasks = {task.id: TaskEntry(status=task.status, overdue=task.overdue) for task in report.tasks}
    unit_entries = {
        u.unit: UnitEntry(
            tasks_led=u.tasks_led,
            tasks_done=u.tasks_done,
            tasks_overdue=u.tasks_overdue,
            materials_owed=u.materials_owed,
            materials_submitted=u.materials_submitted,
            materials_overdue=u.materials_overdue,
        )
        for u in units
    }
    return Snapshot(
        campaign=campaign,
        issue=issue,
        as_of=report.as_of,
        report=report_name,
        summary=summary,
        tasks=tasks,
        units=unit_entries,
        reviews=decided(report) if report.summary.review is not None else None,
    )


def snapshot_path(reports_dir: Path, report_path: Path) -> Path:
    """``<reports_dir>/<report stem>.snapshot.json`` (always in the reports directory)."""
    return reports_dir / f"{report_path.stem}{SUFFIX}"


_ERROR_TYPES = {
    "json_invalid": "不是有效的 JSON",
    "missing": "缺少该项",
    "extra_forbidden": "多出未知的项",
    "literal_error": "快照格式版本不受支持",
}


def _explain(err: ValidationError) -> str:
    """The first validation error in Chinese: where, and what kind of error."""
    first = err.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    what = _ERROR_TYPES.get(first["type"], "取值不正确")
    at = re.search(r"line (\d+) column (\d+)", str((first.get("ctx") or {}).get("error", "")))
    if first["type"] == "json_invalid" and at:
        where = f"第 {at[1]} 行第 {at[2]} 列"
    return f"{where}：{what}" if where else what


def read_snapshot(path: Path) -> Snapshot:
    """Read one snapshot; a damaged file is an :class:`FzcjError` that names it."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise FzcjError(f"无法读取周报快照文件 {path}：{os_error_text(err)}") from err
    try:
        return Snapshot.model_validate_json(data)
    except ValidationError as err:
        raise FzcjError(
            f"周报快照文件 {path} 已损坏或格式不符（{_explain(err)}）。请修复或删除该文件后重试"
            "（删除后，下一期周报将无法与该期比较）。"
        ) from err


def find_snapshots(reports_dir: Path, campaign: str) -> list[Snapshot]:
    """Every snapshot of ``campaign`` in ``reports_dir`` (none if the directory does not exist yet)."""
    if not reports_dir.is_dir():
        return []
    snapshots = (read_snapshot(path) for path in sorted(reports_dir.glob(f"*{SUFFIX}")))
    return [snap for snap in snapshots if snap.campaign == campaign]


def previous_snapshot(snapshots: Sequence[Snapshot], as_of: dt.date) -> Snapshot | None:
    """The latest snapshot dated before ``as_of`` (the highest issue among those of that date)."""
    earlier = [snap for snap in snapshots if snap.as_of < as_of]
    return max(earlier, key=lambda snap: (snap.as_of, snap.issue), default=None)


def next_issue(snapshots: Sequence[Snapshot], as_of: dt.date) -> int:
    """The issue number of the report for ``as_of``.

    The issue of the snapshot of that very date if there is one (generating the same date's report
    again keeps its number and file name; the highest if there are several), else one more than the
    highest issue of all snapshots (1 for the first report): a back-dated report gets a new number
    and never takes the place of another date's issue.
    """
    same_day = [snap.issue for snap in snapshots if snap.as_of == as_of]
    if same_day:
        return max(same_day)
    return 1 + max((snap.issue for snap in snapshots), default=0)


def refuse_taken_issue(snapshots: Sequence[Snapshot], issue: int, as_of: dt.date) -> None:
    """An explicit ``issue`` already used by a snapshot of another date → :class:`UsageError`."""
    taken = [snap for snap in snapshots if snap.issue == issue and snap.as_of != as_of]
    if taken:
        other = taken[0]
        free = 1 + max(snap.issue for snap in snapshots)
        raise UsageError(
            f"第{issue}期周报已按{cn_date(other.as_of)}的数据生成（{other.report}），"
            f"不能再用于{cn_date(as_of)}的周报。请用 --issue 指定其他期号（如 --issue {free}）。"
        )


def refuse_replacing(path: Path, campaign: str, as_of: dt.date) -> None:
    """An existing snapshot at ``path`` of another date or campaign → :class:`UsageError`, even with --force.

    Replacing it would lose what that issue showed; only the same date's snapshot may be rewritten.
    """
    if not path.exists():
        return
    old = read_snapshot(path)
    if old.as_of == as_of and old.campaign == campaign:
        return
    what = (
        f"{cn_date(old.as_of)}的第{old.issue}期周报"
        if old.campaign == campaign
        else f"“{old.campaign}”的周报"
    )
    raise UsageError(
        f"快照文件 {path} 记录的是{what}，不能用{cn_date(as_of)}的数据覆盖（加 --force 也不行）。"
        "请用 --issue 指定其他期号，或用 -o 指定其他文件名。"
    )


def write_snapshot(path: Path, snapshot: Snapshot, *, force: bool) -> None:
    """Write a snapshot once; it exists already → :class:`FzcjError` unless ``force``.

    A snapshot of another date or campaign is never replaced, not even with ``force``.
    """
    refuse_replacing(path, snapshot.campaign, snapshot.as_of)
    write_atomically([(path, snapshot.to_bytes())], force=force)
