"""Snapshots that are not what they seem: pipes, devices, huge files and absurd numbers are refused
with a message naming the file (never a hang, a MemoryError or an OverflowError); Notepad's BOM is fine."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from fzcj.errors import ExitCode, FzcjError, UsageError
from fzcj.report.snapshot import MAX_SNAPSHOT_BYTES, read_snapshot
from fzcj.report.writer import write_weekly_report
from report_fixtures import WEEK1, WEEK2, indicators_file, sample_report, units

NAME = "示例县法治政府建设示范创建工作进展周报（第1期）.snapshot.json"


def _write(reports: Path, as_of: Any = WEEK1, **kwargs: Any) -> Any:
    return write_weekly_report(indicators_file(), sample_report(as_of), units(), reports, **kwargs)


def _refused(reports: Path) -> str:
    with pytest.raises(FzcjError) as raised:
        _write(reports, WEEK2)
    assert raised.value.code == ExitCode.IO and str(reports / NAME) in raised.value.message
    return raised.value.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
def test_a_pipe_as_snapshot_is_refused_without_waiting(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / NAME)
    assert "不是普通文件" in _refused(tmp_path)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_link_to_dev_zero_as_snapshot_is_refused(tmp_path: Path) -> None:
    (tmp_path / NAME).symlink_to("/dev/zero")
    assert "不是普通文件" in _refused(tmp_path)


def test_a_huge_snapshot_is_refused_unread(tmp_path: Path) -> None:
    with open(tmp_path / NAME, "wb") as handle:
        handle.truncate(MAX_SNAPSHOT_BYTES + 1)  # sparse: nothing is written, nothing may be read
    assert "过大（上限 64 MB）" in _refused(tmp_path)


@pytest.mark.parametrize(
    ("where", "value", "said"),
    [
        (("issue",), 0, "数值过小"),
        (("issue",), 10_000, "数值超出合理范围（最大 9999）"),
        (("summary", "total"), 10**400, "数值超出合理范围（最大 9999）"),
        (("units", "县司法局", "materials_owed"), -1, "数值过小"),
    ],
    ids=["issue-0", "issue-10000", "count-10**400", "count-negative"],
)
def test_absurd_numbers_in_a_snapshot_are_an_error_naming_it(
    tmp_path: Path, where: tuple[str, ...], value: int, said: str
) -> None:
    path = _write(tmp_path).snapshot_path
    data = json.loads(path.read_text("utf-8"))
    *outer, last = where
    node = data
    for key in outer:
        node = node[key]
    node[last] = value
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")  # 10**400 as 401 digits
    message = _refused(tmp_path)
    assert f"{'.'.join(where)}：{said}" in message and "已损坏或格式不符" in message


def test_a_snapshot_saved_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = _write(tmp_path).snapshot_path
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())  # as Notepad saves UTF-8
    assert read_snapshot(path).issue == 1
    assert _write(tmp_path, WEEK2).issue == 2


@pytest.mark.parametrize("issue", [0, 10_000, 20220615])
def test_an_issue_number_outside_1_to_9999_is_a_usage_error(tmp_path: Path, issue: int) -> None:
    with pytest.raises(UsageError, match="期号应在 1 到 9999 之间"):
        _write(tmp_path, issue=issue)
    assert not tmp_path.joinpath("reports").exists() and list(tmp_path.iterdir()) == []
