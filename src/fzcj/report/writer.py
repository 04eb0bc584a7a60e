"""Writing the Word documents and the Excel 台账: issue numbers, snapshots, file names and the atomic write.

The documents themselves are laid out by :mod:`fzcj.report.docx.weekly` (the weekly report),
:mod:`fzcj.report.docx.notice` (the 督办通知) and :mod:`fzcj.report.xlsx.ledger` (the 台账); they are
imported inside the functions here so that nothing loads python-docx or openpyxl before a document is
actually written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from fzcj.data.model import IndicatorsFile, Unit
from fzcj.errors import FzcjError, UsageError
from fzcj.fsutil import write_atomically
from fzcj.report.content import build_progress
from fzcj.report.ledger import build_ledger, ledger_title
from fzcj.report.ranking import unit_obligations
from fzcj.report.snapshot import (
    find_snapshots,
    next_issue,
    previous_snapshot,
    refuse_replacing,
    refuse_taken_issue,
    snapshot_path,
    take_snapshot,
)
from fzcj.report.wording import default_notice_name, default_report_name, issuer_of
from fzcj.status.types import StatusReport
from fzcj.status.views import Role
from fzcj.text import cn_date


@dataclass(frozen=True)
class ReportResult:
    """The written report, its issue number and the snapshot stored next to it."""

    path: Path
    issue: int
    snapshot_path: Path


def output_file(output: Path, default_name: str, suffix: str = ".docx", kind: str = "Word 文档") -> Path:
    """``-o``: a ``suffix`` (.docx) file path, not a folder → else :class:`UsageError` (exit code 2).

    Another suffix (``.pdf``, ``.doc``, none at all) is refused rather than silently changed: the
    documents are Word .docx files (Excel .xlsx for the 台账) and the path written is exactly the one given.
    """
    if output.is_dir():
        raise UsageError(
            f"-o 应为文件路径，{output} 是一个文件夹。请写出文件名，如 -o {output / default_name}"
        )
    if not output.parent.is_dir():  # a mistyped folder is not created on a guess
        raise UsageError(f"-o 指定的文件夹不存在：{output.parent}。请先建好这个文件夹，或换一个位置")
    if output.suffix.lower() != suffix:
        raise UsageError(
            f"-o 的文件名应以 {suffix} 结尾：生成的是 {kind}（{suffix}），不能写成“{output.name}”。"
            f"请改为如 -o {output.with_name(output.stem + suffix)}"
        )
    return output


def _check_reports_folder(reports_dir: Path) -> None:
    if reports_dir.exists() and not reports_dir.is_dir():
        raise FzcjError(f"{reports_dir} 应是存放周报的文件夹，现在却是一个文件：请改名或移走它后再运行")


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
    ``output`` must be a .docx file path (:func:`output_file`). ``units`` gives the display order
    (e.g. ``UnitsFile.units``).
    """
    _check_reports_folder(reports_dir)
    campaign = indicators.campaign
    snapshots = find_snapshots(reports_dir, campaign.name)
    previous = previous_snapshot(snapshots, report.as_of)
    if issue is None:
        number = next_issue(snapshots, report.as_of)
    else:
        refuse_taken_issue(snapshots, issue, report.as_of)
        number = issue
    default_name = default_report_name(campaign, number)
    path = output_file(output, default_name) if output is not None else reports_dir / default_name
    snap_path = snapshot_path(reports_dir, path)
    refuse_replacing(snap_path, campaign.name, report.as_of)
    progress = build_progress(
        report,
        due_soon_days=campaign.due_soon_days,
        unit_order=[unit.name for unit in units],
        baseline=previous.baseline() if previous is not None else None,
    )
    from fzcj.report.docx.weekly import render_weekly_report

    data = render_weekly_report(campaign, progress, number)
    snapshot = take_snapshot(
        report, progress.units, campaign=campaign.name, issue=number, report_name=path.name
    )
    write_atomically([(path, data), (snap_path, snapshot.to_bytes())], force=force)
    return ReportResult(path, number, snap_path)


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
    ``output`` must be a .docx file path (:func:`output_file`).
    """
    if output is None:
        _check_reports_folder(reports_dir)
    owed = unit_obligations(report, unit)
    if owed.progress is None and not owed.owed:
        raise UsageError(f"单位“{unit}”在任务分解表中既不牵头任务，也不负责提供材料，无需督办。")
    default_name = default_notice_name(unit, report.as_of)
    path = output_file(output, default_name) if output is not None else reports_dir / default_name
    full = next((u.full_name for u in units if u.name == unit and u.full_name), None)
    from fzcj.report.docx.notice import render_unit_notice

    data = render_unit_notice(indicators.campaign, report, owed, full or unit)
    write_atomically([(path, data)], force=force)
    return path


@dataclass(frozen=True)
class LedgerResult:
    """The written 台账 and how many rows each of its sheets holds."""

    path: Path
    rows: int
    tasks: int
    units: int


def write_ledger(
    indicators: IndicatorsFile,
    full: StatusReport,
    selected: StatusReport,
    units: Iterable[Unit],
    reports_dir: Path,
    *,
    unit: str | None = None,
    roles: dict[str, tuple[Role, ...]] | None = None,
    output: Path | None = None,
    force: bool = False,
) -> LedgerResult:
    """Write the Excel 台账 of ``selected`` (see :func:`fzcj.report.ledger.build_ledger`) atomically.

    ``output`` must be a .xlsx file path; by default the file goes to ``reports_dir``.
    """
    campaign = indicators.campaign
    title = ledger_title(campaign.name, unit)
    default_name = f"{title}（{cn_date(full.as_of)}）.xlsx"
    if output is None:
        _check_reports_folder(reports_dir)
        path = reports_dir / default_name
    else:
        path = output_file(output, default_name, ".xlsx", "Excel 工作簿")
    ledger = build_ledger(full, selected, title, [u.name for u in units], unit=unit, roles=roles)
    from fzcj.report.xlsx.ledger import render_ledger

    stamp = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    data = render_ledger(ledger, author=issuer_of(campaign), stamp=stamp)
    write_atomically([(path, data)], force=force)
    return LedgerResult(path, len(ledger.rows), len(ledger.tasks), len(ledger.units))
