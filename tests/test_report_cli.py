"""``fzcj report`` through the CLI: the weekly report and the unit notice on the example workspace."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from fzcj.cli import app

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "沙坡头区示例"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    dest = tmp_path / "ws"
    shutil.copytree(EXAMPLE, dest)
    return dest


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_report_writes_the_numbered_report_and_its_snapshot(workspace: Path) -> None:
    code, out, err = _run("report", "--root", str(workspace), "--as-of", "2022-06-15")
    assert code == 0, err
    reports = sorted((workspace / "reports").iterdir())
    names = [p.name for p in reports]
    assert "沙坡头区法治政府建设示范创建工作进展周报（第1期）.docx" in names
    assert any(n.endswith(".snapshot.json") for n in names)
    assert "第1期" in out and "Traceback" not in out + err


def test_report_numbers_equal_status_json(workspace: Path) -> None:
    """The report's totals are the ones `fzcj status --format json` computes for the same date."""
    _, out, _ = _run("status", "--root", str(workspace), "--as-of", "2022-06-15", "--format", "json")
    summary = json.loads(out)["summary"]
    code, _, err = _run(
        "report", "--root", str(workspace), "--as-of", "2022-06-15", "-o", str(workspace / "r.docx")
    )
    assert code == 0, err
    text = "\n".join(p.text for p in Document(str(workspace / "r.docx")).paragraphs)
    assert f"共有任务{summary['total']}项" in text.replace(" ", "")
    assert f"已完成{summary['complete']}项" in text.replace(" ", "")
    assert f"逾期未完成{summary['overdue']}项" in text.replace(" ", "")


def test_second_report_a_week_later_counts_up_and_compares(workspace: Path) -> None:
    assert _run("report", "--root", str(workspace), "--as-of", "2022-06-15")[0] == 0
    code, out, err = _run("report", "--root", str(workspace), "--as-of", "2022-06-22")
    assert code == 0, err
    assert "第2期" in out
    doc = workspace / "reports" / "沙坡头区法治政府建设示范创建工作进展周报（第2期）.docx"
    text = "\n".join(p.text for p in Document(str(doc)).paragraphs)
    assert "上期" in text and "首期" not in text


def test_report_never_overwrites_without_force(workspace: Path) -> None:
    target = workspace / "r.docx"
    target.write_bytes(b"keep me")
    code, _, err = _run("report", "--root", str(workspace), "--as-of", "2022-06-15", "-o", str(target))
    assert code == 3
    assert "--force" in err and "Traceback" not in err
    assert target.read_bytes() == b"keep me"
    code, _, err = _run(
        "report", "--root", str(workspace), "--as-of", "2022-06-15", "-o", str(target), "--force"
    )
    assert code == 0, err
    assert target.read_bytes() != b"keep me"


def test_unit_notice_for_an_alias(workspace: Path) -> None:
    code, out, err = _run("report", "--root", str(workspace), "--as-of", "2022-06-15", "--unit", "司法局")
    assert code == 0, err
    assert "督办通知" in out
    notices = list((workspace / "reports").glob("区司法局督办通知*.docx"))
    assert len(notices) == 1


def test_unit_notice_for_an_unknown_unit_is_a_usage_error(workspace: Path) -> None:
    code, _, err = _run("report", "--root", str(workspace), "--unit", "司法所")
    assert code == 2
    assert "未知单位" in err
