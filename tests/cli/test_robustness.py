"""Odd set-ups a clerk can create: each ends in a Chinese message and the documented exit code."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from evidence_helpers import REPO, invoke, make_workspace, put

EXAMPLE = REPO / "examples" / "沙坡头区示例"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws")


def broken_data(ws: Path) -> Path:
    path = ws / "data" / "indicators.yaml"
    path.write_text(path.read_text("utf-8").replace("lead_units:", "lead_unit:", 1), "utf-8")
    return ws


@pytest.mark.parametrize(
    "args",
    [["status"], ["show", "27"], ["init", "--dry-run"], ["report", "--as-of", "2022-06-15"], ["validate"]],
    ids=lambda a: a[0],
)
def test_bad_data_is_exit_code_1_for_every_command(ws: Path, args: list[str]) -> None:
    result = invoke(*args, "--root", str(broken_data(ws)))
    assert result.exit_code == 1, result.stderr
    assert "lead_unit" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_validate_reports_more_files_than_allowed(ws: Path) -> None:
    """9.2 allows at most 3 cases; 4 give an over-max warning, so --strict fails."""
    for n in range(1, 5):
        put(ws, f"009 双随机/区政府办公室/2-案例{n}.pdf")
    result = invoke("validate", "--root", str(ws), "--strict")
    assert result.exit_code == 1
    assert "(over-max)" in result.stdout


def test_evidence_that_is_a_file_is_explained(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws", evidence=False)
    (ws / "evidence").write_text("x", "utf-8")
    result = invoke("validate", "--root", str(ws))
    assert result.exit_code == 1 and "(evidence-not-a-folder)" in result.stdout
    result = invoke("init", "--root", str(ws), "--dry-run")
    assert result.exit_code == 3 and "是一个文件" in result.stderr


def test_root_that_is_a_file(ws: Path) -> None:
    result = invoke("status", "--root", str(ws / "data" / "units.yaml"))
    assert result.exit_code == 2 and "是一个文件" in result.stderr


def test_bad_root_from_the_environment_names_the_variable(tmp_path: Path) -> None:
    env = {**os.environ, "FZCJ_ROOT": str(tmp_path / "无此目录")}
    proc = subprocess.run(
        [sys.executable, "-m", "fzcj", "status"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2 and "FZCJ_ROOT" in proc.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["status", "--unit", "司法局", "--as-of", "2022-06-15"],
        ["status", "--format", "csv", "--as-of", "2022-06-15"],
        ["show", "27", "--as-of", "2022-06-15"],
        ["validate"],
    ],
    ids=lambda a: "-".join(a[:3]),
)
def test_a_gbk_console_never_crashes_the_output(args: list[str]) -> None:
    """Chinese Windows redirects output as GBK: symbols GBK lacks must not end in a traceback."""
    env = {**os.environ, "PYTHONIOENCODING": "gbk", "FZCJ_ROOT": str(EXAMPLE)}
    proc = subprocess.run(
        [sys.executable, "-m", "fzcj", *args], capture_output=True, env=env, timeout=60, check=False
    )
    assert proc.returncode in (0, 1), proc.stderr.decode("gbk", "replace")
    assert b"Traceback" not in proc.stderr
    if args[:3] == ["status", "--format", "csv"]:  # data for Excel: UTF-8 with a BOM whatever the console
        assert proc.stdout.startswith("\ufeff".encode()) and "序号".encode() in proc.stdout
    elif args[0] == "validate":  # the example has misplaced files: their paths come through in GBK
        assert "evidence/030".encode("gbk") in proc.stdout
        assert "共发现".encode("gbk") in proc.stderr
    else:
        assert "截至".encode("gbk") in proc.stdout or "任务 27".encode("gbk") in proc.stdout


def test_init_goes_on_past_a_folder_it_cannot_read(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One unreadable task folder is reported (exit 3); the other units' folders are still created."""
    import errno

    import fzcj.evidence.scaffold

    real = fzcj.evidence.scaffold.existing_unit_folder

    def unreadable(task_dir: Path, unit: str, workspace: object) -> Path | None:
        if task_dir.name.startswith("027"):
            raise PermissionError(errno.EACCES, "Permission denied", str(task_dir))
        return real(task_dir, unit, workspace)  # type: ignore[arg-type]

    monkeypatch.setattr(fzcj.evidence.scaffold, "existing_unit_folder", unreadable)
    result = invoke("init", "--root", str(ws), "--unit", "区司法局")
    assert result.exit_code == 3
    assert "未能处理" in result.stderr and "没有权限" in result.stderr
    assert any((ws / "evidence").glob("030*/区司法局/材料要求.txt"))


def test_a_copy_without_its_data_is_not_run_on_the_workspace_above(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A district copied into another's folder without data/: the outer data must not be used."""
    inner = ws / "区县副本"
    (inner / "evidence").mkdir(parents=True)
    monkeypatch.chdir(inner)
    monkeypatch.delenv("FZCJ_ROOT", raising=False)
    from fzcj.data.workspace import find_root
    from fzcj.errors import FzcjError

    with pytest.raises(FzcjError, match=r"有 evidence/ 却没有 data/indicators\.yaml"):
        find_root()
    monkeypatch.chdir(ws / "evidence")  # inside a workspace's own evidence tree: found as usual
    assert find_root() == ws.resolve()


def test_a_data_file_that_is_a_folder_is_explained(ws: Path) -> None:
    (ws / "data" / "indicators.yaml").unlink()
    (ws / "data" / "indicators.yaml").mkdir()
    result = invoke("validate", "--root", str(ws))
    assert result.exit_code == 3, result.output
    assert "data/indicators.yaml" in result.stdout and "这里应是文件，却是一个文件夹" in result.stdout


def test_an_unreadable_data_file_is_a_read_error(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Exit code 3 (could not read), not 1 (a mistake in the data): CI can tell them apart."""
    real_open = os.open

    def refuse_units(path: Any, *args: Any, **kwargs: Any) -> int:
        if str(path).endswith("units.yaml"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse_units)
    for args in (["validate"], ["status"]):
        result = invoke(*args, "--root", str(ws))
        assert result.exit_code == 3, result.output
        assert "data/units.yaml" in result.stdout + result.stderr
