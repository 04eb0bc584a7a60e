"""``fzcj report`` through the CLI: the weekly report and the unit notice on the example workspace."""

from __future__ import annotations

import errno
import json
import shutil
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from evidence_helpers import failing_scandir
from fzcj.cli import app
from report_fixtures import pdf_pages

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "沙坡头区示例"
REPORT = "沙坡头区法治政府建设示范创建工作进展周报（第{}期）"


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
    assert code == 1  # a refusal because of what is there (README: 1), not a failure to read (3)
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


def test_back_dated_report_gets_a_new_issue_and_never_replaces_another_date(workspace: Path) -> None:
    reports = workspace / "reports"
    assert _run("report", "--root", str(workspace), "--as-of", "2022-06-15")[0] == 0
    first = reports / (REPORT.format(1) + ".snapshot.json")
    kept = first.read_bytes()
    code, out, err = _run("report", "--root", str(workspace), "--as-of", "2022-06-10")
    assert code == 0, err
    assert "第2期" in out and (reports / (REPORT.format(2) + ".docx")).is_file()
    assert first.read_bytes() == kept
    assert json.loads(first.read_text(encoding="utf-8"))["as_of"] == "2022-06-15"
    code, _, err = _run(
        "report", "--root", str(workspace), "--as-of", "2022-06-10", "--issue", "1", "--force"
    )
    assert code == 2
    assert "第1期周报已按2022年6月15日的数据生成" in err and "--issue 3" in err and "Traceback" not in err
    assert first.read_bytes() == kept
    code, out, err = _run("report", "--root", str(workspace), "--as-of", "2022-06-15", "--force")
    assert code == 0, err
    assert "第1期" in out  # the same date again keeps its number


@pytest.mark.parametrize("unit", [[], ["--unit", "司法局"]])
def test_output_that_is_a_folder_is_a_usage_error(workspace: Path, unit: list[str]) -> None:
    folder = workspace / "reports"
    folder.mkdir()
    for force in ([], ["--force"]):
        code, _, err = _run(
            "report", "--root", str(workspace), "--as-of", "2022-06-15", "-o", str(folder), *unit, *force
        )
        assert code == 2
        assert f"-o 应为文件路径，{folder} 是一个文件夹" in err and "Traceback" not in err
    assert list(folder.iterdir()) == []


def test_output_must_be_a_docx_file(workspace: Path) -> None:
    code, _, err = _run(
        "report", "--root", str(workspace), "--as-of", "2022-06-15", "-o", str(workspace / "周报.pdf")
    )
    assert code == 2
    assert ".docx" in err and "Traceback" not in err
    assert not (workspace / "周报.pdf").exists() and not (workspace / "reports").exists()


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_notice_to_the_justice_bureau_stays_within_two_pages(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "notice.docx"
    code, _, err = _run(
        "report", "--root", str(workspace), "--as-of", "2022-08-01", "--unit", "司法局", "-o", str(out)
    )
    assert code == 0, err
    assert pdf_pages(out, tmp_path) <= 2


@pytest.mark.parametrize("damage", ["unreadable task folder", "unreadable evidence", "no evidence", "a file"])
@pytest.mark.parametrize("unit", [[], ["--unit", "司法局"]])
def test_no_report_from_an_evidence_tree_that_could_not_be_read(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, damage: str, unit: list[str]
) -> None:
    """Its files would count as missing, and the snapshot would spoil every later comparison."""
    evidence = workspace / "evidence"
    if damage == "unreadable task folder":
        task = next(p.name for p in evidence.iterdir() if p.name.startswith("030"))
        failing_scandir(monkeypatch, f"evidence/{task}", PermissionError(errno.EACCES, "Permission denied"))
    elif damage == "unreadable evidence":
        failing_scandir(monkeypatch, "/evidence", PermissionError(errno.EACCES, "Permission denied"))
    else:
        shutil.rmtree(evidence)
        if damage == "a file":
            evidence.write_text("不是文件夹", encoding="utf-8")
    code, out, err = _run("report", "--root", str(workspace), "--as-of", "2022-06-15", *unit)
    assert code == 3, out + err
    said = "evidence/ 不存在：请先运行 fzcj init" if damage == "no evidence" else "没有生成"
    assert said in err and "Traceback" not in out + err
    assert not (workspace / "reports").exists() or not any((workspace / "reports").iterdir())


def test_status_says_what_it_could_not_read(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    task = next(p.name for p in (workspace / "evidence").iterdir() if p.name.startswith("030"))
    failing_scandir(monkeypatch, f"evidence/{task}", PermissionError(errno.EACCES, "Permission denied"))
    code, _, err = _run("status", "--root", str(workspace), "--as-of", "2022-06-15")
    assert code == 0
    assert f"evidence/{task}：没有权限读取这个文件夹" in err
    assert "都算作未提交" in err
