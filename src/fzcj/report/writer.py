"""Writing the Word documents and the Excel 台账: issue numbers, snapshots, file names and the atomic write.

The documents themselves are laid out by :mod:`fzcj.report.docx.weekly` (the weekly report),
:mod:`fzcj.report.docx.notice` (the 督办通知) and :mod:`fzcj.report.xlsx.ledger` (the 台账); they are
imported inside the functions here so that nothing loads python-docx or openpyxl before a document is
actually written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from fzcj.data.model import IndicatorsFile, Unit
from fzcj.errors import FzcjError, ProblemsFound, UsageError
from fzcj.fsutil import inside, write_atomically
from fzcj.report.broken import NOTHING_OPENED, Opened
from fzcj.report.content import Progress, build_progress
from fzcj.report.fragments import ItemTexts
from fzcj.report.ledger import build_ledger, ledger_title
from fzcj.report.notices import Addressee, addressee, addressees
from fzcj.report.ranking import UnitObligations
from fzcj.report.sequence import finished_said, issue_lock, unpaired_reports, write_pair
from fzcj.report.snapshot import (
    MAX_NUMBER,
    Snapshot,
    find_snapshots,
    next_issue,
    previous_snapshot,
    refuse_replacing,
    refuse_taken_issue,
    snapshot_path,
    take_snapshot,
)
from fzcj.report.wording import default_notice_name, default_report_name, issuer_of, notices_folder_name
from fzcj.staging import remove_stale_temps, write_folder_atomically
from fzcj.status.types import StatusReport
from fzcj.status.views import select
from fzcj.text import cn_date


@dataclass(frozen=True)
class ReportResult:
    """The written report, its issue number and the snapshot stored next to it.

    A report written elsewhere with ``-o`` has no snapshot and takes no number (``issue`` is the one
    given with ``--issue``, if any). ``later`` is set for a back-dated report: the latest issue, dated
    after this one, which is why it took the next free number. ``finished`` are the files of an
    earlier run, killed while it put its report and snapshot in place, that this run put in place
    first; ``unpaired`` are reports in reports/ without a snapshot, numbered above every snapshot:
    their numbers were passed over, never their files replaced.
    """

    path: Path
    issue: int | None
    snapshot_path: Path | None
    later: Snapshot | None = None
    finished: tuple[Path, ...] = ()
    unpaired: tuple[Path, ...] = ()


@dataclass(frozen=True)
class NoticeResult:
    """One unit's notice: written to ``path``, or not (``skipped`` says why), with what it owes
    (``broken``: its files that fail the content check, to be sent again)."""

    unit: str
    path: Path | None
    skipped: str | None
    owed: int
    overdue: int
    chased: int
    broken: int = 0


@dataclass(frozen=True)
class NoticesResult:
    """``report --notices``: the folder written and every unit, with or without a notice."""

    folder: Path
    notices: tuple[NoticeResult, ...]

    @property
    def written(self) -> tuple[NoticeResult, ...]:
        return tuple(n for n in self.notices if n.path is not None)


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


def _check_issue(issue: int | None) -> None:
    if issue is not None and not 1 <= issue <= MAX_NUMBER:
        raise UsageError(f"期号应在 1 到 {MAX_NUMBER} 之间，不能是 {issue}")


def _progress(
    indicators: IndicatorsFile,
    report: StatusReport,
    units: Iterable[Unit],
    snapshots: Sequence[Snapshot],
    opened: Opened,
) -> Progress:
    """The report's content, compared with the latest snapshot dated before it."""
    previous = previous_snapshot(snapshots, report.as_of)
    return build_progress(
        report,
        due_soon_days=indicators.campaign.due_soon_days,
        unit_order=[unit.name for unit in units],
        baseline=previous.baseline() if previous is not None else None,
        inspected=opened.inspected,
        texts=ItemTexts.of(indicators),
    )


def write_weekly_report(
    indicators: IndicatorsFile,
    report: StatusReport,
    units: Iterable[Unit],
    reports_dir: Path,
    *,
    issue: int | None = None,
    output: Path | None = None,
    force: bool = False,
    opened: Opened = NOTHING_OPENED,
) -> ReportResult:
    """Write the weekly report, and in reports/ its snapshot (atomically; existing files only with ``force``).

    In reports/ (no ``output``) the report joins the issue sequence: unless ``issue`` is given, a date
    that already has a snapshot keeps that snapshot's issue number and any other date gets one more
    than the highest issue so far (:func:`fzcj.report.snapshot.next_issue`), reports without a
    snapshot included (:func:`unpaired_reports`: their numbers are passed over). A snapshot of another
    date is never replaced, not even with ``force``: an explicit ``issue`` used by another date is a
    :class:`UsageError`. The number is taken, and both files written, under the lock file
    :data:`fzcj.report.sequence.LOCK` in reports/, so two runs never take the same number; the pair
    is written with a journal, so a run killed between the two files is finished by the next one.
    Written elsewhere (``output``, a .docx path: :func:`output_file`) the report takes no number
    unless ``issue`` is given and leaves no snapshot: the sequence is untouched.
    The week-over-week change compares with the latest snapshot dated before ``report.as_of``.
    ``units`` gives the display order (e.g. ``UnitsFile.units``); ``opened`` adds the content check's
    problems to the problems annex.
    """
    _check_issue(issue)
    _check_reports_folder(reports_dir)
    campaign = indicators.campaign
    from fzcj.report.docx.weekly import render_weekly_report

    if output is not None:
        snapshots = find_snapshots(reports_dir, campaign.name)
        if issue is not None:
            refuse_taken_issue(snapshots, issue, report.as_of)
        progress = _progress(indicators, report, units, snapshots, opened)
        path = output_file(output, default_report_name(campaign, issue))
        data = render_weekly_report(campaign, progress, issue)
        remove_stale_temps(path.parent, names=(path.name,))
        write_atomically([(path, data)], force=force)
        return ReportResult(path, issue, None)
    with issue_lock(reports_dir) as finished, finished_said(finished):
        snapshots = find_snapshots(reports_dir, campaign.name)
        if issue is not None:
            refuse_taken_issue(snapshots, issue, report.as_of)
        unpaired = unpaired_reports(reports_dir, campaign)
        number = issue if issue is not None else next_issue(snapshots, report.as_of, unpaired)
        path = reports_dir / default_report_name(campaign, number)
        snap_path = snapshot_path(reports_dir, path)
        for target in (path, snap_path):
            inside(target, reports_dir)
        refuse_replacing(snap_path, campaign.name, report.as_of)
        progress = _progress(indicators, report, units, snapshots, opened)
        data = render_weekly_report(campaign, progress, number)
        snapshot = take_snapshot(
            report, progress.units, campaign=campaign.name, issue=number, report_name=path.name
        )
        write_pair([(path, data), (snap_path, snapshot.to_bytes())], force=force)
    later = max((s for s in snapshots if s.as_of > report.as_of), key=lambda s: s.issue, default=None)
    passed = tuple(p for n, p in unpaired.items() if n > max((s.issue for s in snapshots), default=0))
    return ReportResult(path, number, snap_path, later, finished, passed if issue is None else ())


def _notice_bytes(
    indicators: IndicatorsFile, report: StatusReport, owed: UnitObligations, units: Iterable[Unit]
) -> bytes:
    full = next((u.full_name for u in units if u.name == owed.unit and u.full_name), None)
    from fzcj.report.docx.notice import render_unit_notice

    texts = ItemTexts.of(indicators)
    return render_unit_notice(indicators.campaign, report, owed, full or owed.unit, texts)


def _notice_result(who: Addressee, path: Path | None) -> NoticeResult:
    owed = who.obligations
    counts = (len(owed.owed), len(owed.overdue), len(owed.chased), len(owed.broken))
    return NoticeResult(who.unit, path, who.skipped, *counts)


def write_unit_notice(
    indicators: IndicatorsFile,
    report: StatusReport,
    unit: str,
    units: Iterable[Unit],
    reports_dir: Path,
    *,
    output: Path | None = None,
    force: bool = False,
    opened: Opened = NOTHING_OPENED,
) -> NoticeResult:
    """Write the 督办通知 to ``unit`` (a canonical unit name) if it owes anything (:mod:`fzcj.report.notices`).

    ``units`` supplies the unit's full name for the salutation when the directory has one;
    ``output`` must be a .docx file path (:func:`output_file`). The notice written in reports/ stays
    there whatever the unit is called. ``opened``: its files that fail the content check are named
    for the unit to send again.
    """
    if output is None:
        _check_reports_folder(reports_dir)
    who = addressee(indicators.campaign, report, unit, opened.broken(report))
    default_name = default_notice_name(unit, report.as_of)
    path = output_file(output, default_name) if output is not None else reports_dir / default_name
    if who.skipped is not None:
        return _notice_result(who, None)
    if output is None:
        inside(path, reports_dir)
    remove_stale_temps(path.parent, names=(path.name,))
    write_atomically([(path, _notice_bytes(indicators, report, who.obligations, units))], force=force)
    return _notice_result(who, path)


def write_all_notices(
    indicators: IndicatorsFile,
    report: StatusReport,
    units: Sequence[Unit],
    reports_dir: Path,
    *,
    force: bool = False,
    opened: Opened = NOTHING_OPENED,
) -> NoticesResult:
    """One 督办通知 per unit that owes something, in ``reports/督办通知-<date>/``, written as a whole:
    built in a temporary folder and renamed (an existing folder only with ``force``; without it, not
    one made meanwhile either). Every notice stays in the folder whatever its unit is called."""
    _check_reports_folder(reports_dir)
    folder = reports_dir / notices_folder_name(report.as_of)
    if folder.exists() and not force:
        raise ProblemsFound(
            f"文件夹已存在：{folder}。为防止误覆盖，未写入任何文件；确需重新生成请使用 --force。"
        )
    found = addressees(indicators.campaign, report, [u.name for u in units], opened.broken(report))
    files, results = [], []
    for who in found:
        if who.skipped is not None:
            results.append(_notice_result(who, None))
            continue
        name = default_notice_name(who.unit, report.as_of)
        inside(folder / name, folder)
        files.append((name, _notice_bytes(indicators, report, who.obligations, units)))
        results.append(_notice_result(who, folder / name))
    if files:  # no empty folder when nobody owes anything
        inside(folder, reports_dir)
        remove_stale_temps(reports_dir, names=(folder.name,))
        write_folder_atomically(folder, files, force=force)
    return NoticesResult(folder, tuple(results))


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
    units: Iterable[Unit],
    reports_dir: Path,
    *,
    unit: str | None = None,
    responsible_of: dict[str, tuple[str, ...]] | None = None,
    output: Path | None = None,
    force: bool = False,
) -> LedgerResult:
    """Write the Excel 台账 of ``full``, or of ``unit``'s tasks as ``status --unit`` selects them
    (:func:`fzcj.status.views.select`, ``responsible_of`` each task's 牵头单位), atomically; see
    :func:`fzcj.report.ledger.build_ledger`. ``output`` must be a .xlsx file path; by default the file
    goes to ``reports_dir``. The 台账 counts files without opening them, as ``status`` does: a file
    that fails the content check shows as 已提供 here (the weekly report and the notices name it).
    """
    campaign = indicators.campaign
    title = ledger_title(campaign.name, unit)
    default_name = f"{title}（{cn_date(full.as_of)}）.xlsx"
    if output is None:
        _check_reports_folder(reports_dir)
        path = reports_dir / default_name
    else:
        path = output_file(output, default_name, ".xlsx", "Excel 工作簿")
    selected, rows = select(full, unit=unit, responsible_of=responsible_of)
    roles = {row.task.id: row.roles for row in rows}
    texts = ItemTexts.of(indicators)
    ledger = build_ledger(full, selected, title, [u.name for u in units], unit=unit, roles=roles, texts=texts)
    from fzcj.report.xlsx.ledger import render_ledger

    stamp = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    data = render_ledger(ledger, author=issuer_of(campaign), stamp=stamp)
    write_atomically([(path, data)], force=force)
    return LedgerResult(path, len(ledger.rows), len(ledger.tasks), len(ledger.units))
