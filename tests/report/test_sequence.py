"""The issue sequence under overlapping and killed runs: never the same number twice, never a lost
snapshot, never a wedge; hooks put the competing run exactly between numbering and writing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import docx
import pytest

from fzcj import fsutil
from fzcj.errors import FzcjError, ProblemsFound
from fzcj.report import sequence
from fzcj.report.docx import weekly
from fzcj.report.sequence import JOURNAL, LOCK, issue_lock
from fzcj.report.snapshot import find_snapshots, read_snapshot
from fzcj.report.writer import write_weekly_report
from report_fixtures import WEEK1, WEEK2, indicators_file, sample_report, units

TESTS = Path(__file__).resolve().parents[1]
CAMPAIGN = "示例县法治政府建设示范创建"


def _write(reports: Path, as_of: Any = WEEK1, **kwargs: Any) -> Any:
    return write_weekly_report(indicators_file(), sample_report(as_of), units(), reports, **kwargs)


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != LOCK)


def test_two_reports_for_different_dates_never_take_the_same_number(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run B starts while run A has taken 第1期 and not yet written it: B waits for A's lock, then
    takes 第2期 and compares itself with A's snapshot. Both snapshots stay."""
    real_render, real_try = weekly.render_weekly_report, sequence._try_lock
    b_waits = threading.Event()
    results: dict[str, Any] = {}
    run_b = threading.Thread(target=lambda: results.setdefault("B", _write(tmp_path, WEEK2)))

    def try_lock(fd: int) -> bool:
        taken = real_try(fd)
        if not taken:
            b_waits.set()
        return taken

    def render(*args: Any) -> bytes:
        if run_b.ident is None:  # run A, numbered, holding the lock
            run_b.start()
            assert b_waits.wait(30)
        return real_render(*args)

    monkeypatch.setattr(weekly, "render_weekly_report", render)
    monkeypatch.setattr(sequence, "_try_lock", try_lock)
    results["A"] = _write(tmp_path, WEEK1)
    run_b.join(30)
    assert (results["A"].issue, results["B"].issue) == (1, 2)
    assert sorted((s.issue, s.as_of) for s in find_snapshots(tmp_path, CAMPAIGN)) == [(1, WEEK1), (2, WEEK2)]
    text = "\n".join(p.text for p in docx.Document(str(results["B"].path)).paragraphs)
    assert "与上期（第1期，截至2022年6月15日）相比" in text


def test_a_run_that_cannot_get_the_lock_in_time_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sequence, "LOCK_WAIT_S", 0.0)
    with issue_lock(tmp_path), pytest.raises(FzcjError, match="正由另一个 fzcj report 命令使用"):
        _write(tmp_path)
    assert _names(tmp_path) == []


KILLED_RUN = """
import os, signal, sys
from pathlib import Path
from fzcj import fsutil
from fzcj.report.writer import write_weekly_report
from report_fixtures import WEEK1, indicators_file, sample_report, units

real = fsutil.place_file

def place(temp, target, *, force):
    if target.name.endswith(".snapshot.json"):  # the report is in place, its snapshot not yet
        os.kill(os.getpid(), signal.SIGKILL)
    real(temp, target, force=force)

fsutil.place_file = place
write_weekly_report(indicators_file(), sample_report(WEEK1), units(), Path(sys.argv[1]))
"""


def _killed_between_the_two_files(reports: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), *sys.path])}
    run = subprocess.run([sys.executable, "-c", KILLED_RUN, str(reports)], env=env, capture_output=True)
    assert run.returncode == -signal.SIGKILL, run.stderr.decode()
    assert [n.endswith(".docx") for n in _names(reports) if not n.startswith(".")] == [True]
    assert (reports / JOURNAL).exists()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX only")
def test_a_report_killed_between_its_two_files_is_finished_by_the_next_run(tmp_path: Path) -> None:
    _killed_between_the_two_files(tmp_path)
    result = _write(tmp_path, WEEK2)
    first = read_snapshot(tmp_path / "示例县法治政府建设示范创建工作进展周报（第1期）.snapshot.json")
    assert (first.issue, first.as_of) == (1, WEEK1)
    assert [p.name for p in result.finished] == [f"{first.report.removesuffix('.docx')}.snapshot.json"]
    assert result.issue == 2 and len(_names(tmp_path)) == 4  # two pairs; no journal or temporary file


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX only")
def test_running_the_killed_date_again_says_its_report_was_finished(tmp_path: Path) -> None:
    _killed_between_the_two_files(tmp_path)
    with pytest.raises(ProblemsFound) as refused:
        _write(tmp_path, WEEK1)
    assert refused.value.message.startswith("上次生成周报时被中断，已补齐：")
    assert "已存在" in refused.value.message and "--force" in refused.value.message
    assert _write(tmp_path, WEEK1, force=True).issue == 1


def test_a_report_without_its_snapshot_is_kept_and_its_number_passed_over(tmp_path: Path) -> None:
    """Left by an older fzcj killed between the two files, or its snapshot deleted: not a wedge."""
    orphan = tmp_path / "示例县法治政府建设示范创建工作进展周报（第1期）.docx"
    orphan.write_bytes(b"distributed")
    result = _write(tmp_path, WEEK1)
    assert result.issue == 2 and result.unpaired == (orphan,) and orphan.read_bytes() == b"distributed"
    assert _write(tmp_path, WEEK2).unpaired == ()  # said once: the sequence has gone past it


def test_temporary_files_of_killed_runs_in_reports_are_removed(tmp_path: Path) -> None:
    stale = tmp_path / ".示例县法治政府建设示范创建工作进展周报（第1期）.docx.1a2b3c4d.tmp"
    stale.write_bytes(b"half")
    past = time.time() - fsutil.STALE_AFTER_S - 60
    os.utime(stale, (past, past))
    _write(tmp_path)
    assert not stale.exists()


def test_a_damaged_journal_is_ignored(tmp_path: Path) -> None:
    """A hand-made journal cannot move files: names with a folder in them, or not fzcj's own."""
    (tmp_path / "kept.txt").write_bytes(b"kept")
    (tmp_path / JOURNAL).write_text(
        json.dumps({"force": True, "files": [["kept.txt", "../x"], ["../.a.1a2b3c4d.tmp", "y"]]}), "utf-8"
    )
    assert _write(tmp_path).finished == ()
    assert (tmp_path / "kept.txt").read_bytes() == b"kept" and not (tmp_path.parent / "x").exists()


def test_a_campaign_name_that_climbs_out_of_reports_writes_nothing(tmp_path: Path) -> None:
    indicators = indicators_file()
    climbing = indicators.campaign.model_copy(update={"name": "../../外面"})
    reports = tmp_path / "ws" / "reports"
    with pytest.raises(ProblemsFound, match="拒绝写入"):
        write_weekly_report(
            indicators.model_copy(update={"campaign": climbing}), sample_report(), units(), reports
        )
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [LOCK]
