"""The content check where a person inspects files: ``validate`` (an error, exit 1) and ``show`` (its
problem list), over the files the walk attributed. Never in ``status``, which only lists and stats."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import sample_files
from evidence_helpers import invoke, make_workspace, materials_by_id, put, status_json
from fzcj.data.workspace import load
from fzcj.evidence import inspection
from fzcj.evidence.inspection import inspect_files
from fzcj.evidence.walk import scan

J27 = "027 合法性审核/区司法局"
HTML = "<!DOCTYPE html><html><head><title>404</title></head><body>文件不存在</body></html>"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = make_workspace(tmp_path / "ws")
    put(root, f"{J27}/1-合法性审查情况说明.docx", sample_files.docx(["情况说明"]))
    put(root, f"{J27}/2-审查意见/审查意见一.pdf", sample_files.pdf(["审查意见一"]))
    put(root, f"{J27}/2-审查意见/审查意见二.pdf", HTML)  # a saved error page
    put(root, f"{J27}/2-审查意见/审查意见三.xlsx", "这是文字")  # text renamed to .xlsx
    put(root, f"{J27}/2-审查意见/照片.png", "not checked")  # no check for this type
    return root


def content_problems(problems: list[dict[str, str]]) -> set[tuple[str, str]]:
    return {
        (p["path"].rsplit("/", 1)[-1], p["code"])
        for p in problems
        if p["code"] in {"broken-file", "wrong-extension", "encrypted-file", "unreadable-content"}
    }


def test_validate_reports_broken_and_fake_files_as_errors(ws: Path) -> None:
    result = invoke("validate", "--format", "json", "--root", str(ws))
    assert result.exit_code == 1, result.output
    problems = json.loads(result.stdout)["problems"]
    assert content_problems(problems) == {
        ("审查意见二.pdf", "broken-file"),
        ("审查意见三.xlsx", "broken-file"),
    }
    assert all(p["severity"] == "error" for p in problems if p["code"] == "broken-file")
    html = next(p for p in problems if p["path"].endswith("审查意见二.pdf"))
    assert "网页" in html["message"] and "PDF" in html["message"]


def test_validate_passes_real_files(ws: Path) -> None:
    put(ws, f"{J27}/2-审查意见/审查意见二.pdf", sample_files.pdf(["审查意见二"]))
    put(ws, f"{J27}/2-审查意见/审查意见三.xlsx", sample_files.xlsx(["审查意见三"]))
    result = invoke("validate", "--root", str(ws))
    assert result.exit_code == 0, result.output


def test_show_lists_them_among_the_tasks_problems(ws: Path) -> None:
    result = invoke("show", "27", "--as-of", "2022-06-01", "--root", str(ws))
    assert result.exit_code == 0, result.output
    assert "审查意见二.pdf" in result.stdout and "(broken-file)" in result.stdout
    assert "审查意见三.xlsx" in result.stdout


def test_status_never_opens_a_file_and_still_counts_it(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(path: str, root: str) -> None:
        raise AssertionError(f"status opened {path}")

    monkeypatch.setattr(inspection, "inspect_file", refuse)
    report = status_json(ws, "2022-06-01")
    assert materials_by_id(report)["27.2"]["file_count"] == 4
    assert not content_problems(report["problems"])


def test_a_file_under_a_gbk_name_is_opened_by_its_name_on_disk(ws: Path) -> None:
    folder = os.fsencode(ws / "evidence" / "030 后评估")
    unit = os.path.join(folder, "司法局".encode("gbk"))
    os.makedirs(unit)
    with open(os.path.join(unit, "后评估报告.pdf".encode("gbk")), "wb") as handle:
        handle.write(HTML.encode())
    workspace = load(ws)
    problems = inspect_files(workspace, scan(workspace), task_id="30")
    assert [(p.path, p.code) for p in problems] == [
        ("evidence/030 后评估/司法局/后评估报告.pdf", "broken-file")
    ]


def test_a_linked_file_is_judged_by_its_target_inside_the_tree(ws: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.pdf"
    outside.write_bytes(sample_files.pdf(["外部"]))
    target = put(ws, "原件/后评估报告.pdf", HTML)
    folder = ws / "evidence" / "030 后评估" / "区司法局"
    folder.mkdir(parents=True)
    (folder / "后评估报告.pdf").symlink_to(target)
    workspace = load(ws)
    problems = inspect_files(workspace, scan(workspace), task_id="30")
    assert [p.code for p in problems] == ["broken-file"]
    root = os.path.realpath(ws / "evidence")
    (folder / "后评估报告.pdf").unlink()
    (folder / "后评估报告.pdf").symlink_to(outside)  # a link swapped out of the tree after the walk
    fault = inspection.inspect_file(str(folder / "后评估报告.pdf"), root)
    assert fault is not None and fault.code == "unreadable"


def test_the_check_keeps_to_a_task_and_a_unit(ws: Path) -> None:
    workspace = load(ws)
    index = scan(workspace)
    assert len(inspect_files(workspace, index)) == 2
    assert len(inspect_files(workspace, index, task_id="27", unit="区司法局")) == 2
    assert inspect_files(workspace, index, task_id="30") == []
    assert inspect_files(workspace, index, unit="区财政局") == []


def test_a_file_checked_before_and_unchanged_is_not_opened_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The weekly report opens every PDF of the tree: verdicts are kept per file's size and time, and a
    file that changed (here: truncated, as WeChat leaves it) is opened and judged again."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    ws = make_workspace(tmp_path / "fresh")
    pdf = sample_files.pdf(["审查意见"])
    broken = put(ws, "027/区司法局/2-审查意见一.pdf", pdf)
    put(ws, "027/区司法局/1-说明.pdf", pdf)
    opened: list[str] = []
    real = inspection.check_content
    monkeypatch.setattr(inspection, "check_content", lambda path: opened.append(str(path)) or real(path))
    workspace = load(ws)
    assert inspect_files(workspace, scan(workspace)) == []
    assert len(opened) == 2
    assert inspect_files(workspace, scan(workspace)) == [] and len(opened) == 2  # none opened again
    broken.write_bytes(pdf[: len(pdf) // 2])
    os.utime(broken, ns=(1, 1))  # another time: the walk and the cache see a different file
    problems = inspect_files(workspace, scan(workspace))
    assert [p.code for p in problems] == ["broken-file"] and len(opened) == 3
    assert [p.code for p in inspect_files(workspace, scan(workspace))] == ["broken-file"] and len(opened) == 3


def test_without_a_cache_every_file_is_opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FZCJ_NO_CACHE", "1")
    ws = make_workspace(tmp_path / "fresh")
    put(ws, "027/区司法局/1-说明.pdf", sample_files.pdf(["说明"]))
    opened: list[str] = []
    real = inspection.check_content
    monkeypatch.setattr(inspection, "check_content", lambda path: opened.append(str(path)) or real(path))
    workspace = load(ws)
    inspect_files(workspace, scan(workspace))
    inspect_files(workspace, scan(workspace))
    assert len(opened) == 2
