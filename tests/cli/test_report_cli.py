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
from report_fixtures import pdf_page_texts

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


def test_output_elsewhere_takes_no_issue_number(workspace: Path) -> None:
    code, out, err = _run(
        "report", "--root", str(workspace), "--as-of", "2022-06-15", "-o", str(workspace / "r.docx")
    )
    assert code == 0, err
    assert "不占用期号，不留快照" in out and not (workspace / "reports").exists()
    code, out, _ = _run("report", "--root", str(workspace), "--as-of", "2022-06-22")
    assert code == 0 and "已生成第1期周报" in out


def test_back_dated_report_says_which_number_it_took_and_why(workspace: Path) -> None:
    assert _run("report", "--root", str(workspace), "--as-of", "2022-06-15")[0] == 0
    code, out, err = _run("report", "--root", str(workspace), "--as-of", "2022-06-10")
    assert code == 0, err
    assert "说明：这是补发的周报，统计日期早于已有的第1期（截至2022年6月15日）。" in out
    assert "本期取下一个期号第2期" in out


def _owing_units(workspace: Path, as_of: str) -> set[str]:
    """Units that owe a material or lead an overdue task that others hold up, read off status JSON."""
    _, out, _ = _run("status", "--root", str(workspace), "--as-of", as_of, "--format", "json")
    tasks = {t["id"]: t for t in json.loads(out)["tasks"]}
    owing: set[str] = set()
    for task in tasks.values():
        owner = tasks[task["materials_from"]] if task["materials_from"] else task
        missing = {
            p["unit"]
            for m in owner["materials"]
            if m["status"] not in ("complete", "waived")
            for p in m["providers"]
            if p["status"] == "missing"
        }
        owing |= missing
        if task["overdue"]:
            owing |= {u for u in task["lead_units"] if missing - {u}}
    return owing


def test_notices_go_to_every_unit_that_owes_something(workspace: Path) -> None:
    code, out, err = _run("report", "--root", str(workspace), "--as-of", "2022-06-15", "--notices")
    assert code == 0, err
    folder = workspace / "reports" / "督办通知-2022-06-15"
    sent = {p.name.partition("督办通知")[0] for p in folder.iterdir()}
    assert sent == _owing_units(workspace, "2022-06-15") - {"区委依法治区办"}
    lines = out.splitlines()
    assert all(any(line.startswith(f"{unit}：尚缺材料") or line.startswith(f"{unit}：督促") for line in lines)
               for unit in sent)  # fmt: skip
    assert any(line.startswith("区委依法治区办：发文单位本身，不给自己发督办通知") for line in lines)
    assert lines[-2].startswith("未生成：") and "没有尚缺或须重新报送的材料" in lines[-2]
    assert lines[-1] == f"已生成督办通知{len(sent)}份：{folder}"
    code, _, err = _run("report", "--root", str(workspace), "--as-of", "2022-06-15", "--notices")
    assert code == 1 and "--force" in err  # refused, as an existing file is


@pytest.mark.parametrize("extra", [["--unit", "司法局"], ["-o", "x.docx"], ["--issue", "2"]])
def test_notices_take_no_unit_output_or_issue(workspace: Path, extra: list[str]) -> None:
    code, _, err = _run("report", "--root", str(workspace), "--notices", *extra)
    assert code == 2 and "--notices 不能与" in err
    assert not (workspace / "reports").exists()


def test_a_unit_that_owes_nothing_is_told_so_instead_of_a_notice(workspace: Path) -> None:
    code, out, err = _run("report", "--root", str(workspace), "--as-of", "2022-06-15", "--unit", "滨河镇")
    assert code == 0, err
    assert out == "滨河镇：没有尚缺或须重新报送的材料，也没有需要督促的逾期任务，无需督办，未生成督办通知。\n"
    assert not (workspace / "reports").exists()


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) and pdftotext are not installed",
)
def test_notice_whose_signature_fell_on_page_2_keeps_body_text_beside_it(tmp_path: Path) -> None:
    """区委办公室 on the bundled data at the end of August: its date used to stand alone on page 2."""
    workspace = tmp_path / "ws"
    shutil.copytree(REPO / "data", workspace / "data")
    (workspace / "evidence").mkdir()
    out = tmp_path / "notice.docx"
    code, _, err = _run(
        "report", "--root", str(workspace), "--as-of", "2022-08-31", "--unit", "区委办公室", "-o", str(out)
    )
    assert code == 0, err
    pages = pdf_page_texts(out, tmp_path)
    last = [line.strip() for line in pages[-1].splitlines() if line.strip() and "—" not in line]
    assert last[-2:] == ["区委依法治区办", "2022 年 8 月 31 日"]
    assert len(last) > 2 and last[0] != "区委依法治区办"  # body text on the signature's page


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


@pytest.mark.parametrize("issue", ["0", "10000", "20220615"])
def test_an_issue_outside_1_to_9999_is_a_usage_error(workspace: Path, issue: str) -> None:
    code, out, err = _run("report", "--root", str(workspace), "--as-of", "2022-06-15", "--issue", issue)
    assert code == 2 and out == "" and "--issue" in err and "Traceback" not in err
    assert not (workspace / "reports").exists()


def test_a_report_without_its_snapshot_is_named_and_its_number_passed_over(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (workspace / "reports").mkdir()
    (workspace / "reports" / (REPORT.format(1) + ".docx")).write_bytes(b"sent")
    monkeypatch.chdir(workspace)
    code, out, err = _run("report", "--as-of", "2022-06-15")
    assert code == 0, err
    assert out.splitlines()[:2] == [
        f"注意：reports/{REPORT.format(1)}.docx 没有对应的快照（生成时可能被中断，或快照已被删除）。原文件保留，"
        "本期不用它的期号；确需按本次数据重写那一期，请用 --issue 指定该期号并加 --force。",
        f"已生成第2期周报：reports/{REPORT.format(2)}.docx",
    ]
