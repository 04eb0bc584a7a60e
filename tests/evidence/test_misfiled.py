"""Files the walk counts against their name, or cannot count: the numbering forms clerks use, a copy's
number in front of a name that reads like another item, a file numbered for another task."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from evidence_helpers import make_workspace, materials_by_id, problem_pairs, put, status_json

T27 = "027 合法性审核"
J27 = f"{T27}/区司法局"
AS_OF = "2022-06-01"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws")


def messages(report: dict[str, Any], path: str) -> list[str]:
    return [p["message"] for p in report["problems"] if p["path"] == f"evidence/{path}"]


@pytest.mark.parametrize(
    "name",
    [
        "第2项-审查意见.pdf",
        "2）审查意见.pdf",
        "27.2审查意见.pdf",
        "２７.２审查意见.pdf",
        "第二项审查意见.pdf",
    ],
)
def test_item_numbers_as_clerks_write_them_count_for_that_item(ws: Path, name: str) -> None:
    put(ws, f"{J27}/{name}")
    report = status_json(ws, AS_OF)
    assert materials_by_id(report)["27.2"]["file_count"] == 1
    assert materials_by_id(report)["27.1"]["file_count"] == 0
    assert not [p for p in report["problems"] if p["severity"] != "info"]


def test_a_number_in_front_of_a_decimal_is_still_the_item(ws: Path) -> None:
    """“1.5亿元…” in task 1 (items 1–4) is item 1, not a material 1.5 that does not exist."""
    put(ws, "001 审批服务/区政府办公室/1.5亿元审批事项清单.pdf")
    report = status_json(ws, AS_OF)
    assert materials_by_id(report)["1.1"]["file_count"] == 1


def test_a_copy_number_in_front_counts_but_warns_when_the_name_reads_like_another_item(ws: Path) -> None:
    """“(1)审查意见.pdf”: counted for 27.1, with a warning that it reads like item 2."""
    put(ws, f"{J27}/(1)审查意见.pdf")
    report = status_json(ws, AS_OF)
    assert materials_by_id(report)["27.1"]["file_count"] == 1
    (message,) = messages(report, f"{J27}/(1)审查意见.pdf")
    assert message.startswith("文件名像第2项（审查意见），却编为第1项")
    assert "“2-审查意见.pdf”" in message
    assert (f"evidence/{J27}/(1)审查意见.pdf", "misnumbered") in problem_pairs(report, ["warning"])


@pytest.mark.parametrize("name", ["(1)合法性审查情况说明.docx", "（1）情况说明.docx", "(2)审查意见.pdf"])
def test_a_number_in_brackets_that_fits_its_item_gives_no_warning(ws: Path, name: str) -> None:
    put(ws, f"{J27}/{name}")
    report = status_json(ws, AS_OF)
    assert messages(report, f"{J27}/{name}") == []


def test_a_file_that_names_another_task_belongs_in_that_task(ws: Path) -> None:
    """“31-备案审查情况.pdf” in task 30's folder: not counted, and told where it belongs."""
    put(ws, "030/区司法局/31-备案审查情况.pdf")
    report = status_json(ws, AS_OF)
    assert materials_by_id(report)["30.1"]["file_count"] == 0
    (message,) = messages(report, "030/区司法局/31-备案审查情况.pdf")
    assert "应放入任务31的文件夹" in message and "改" not in message
    assert ("evidence/030/区司法局/31-备案审查情况.pdf", "other-task-file") in problem_pairs(
        report, ["error"]
    )


def test_a_file_named_for_a_merged_task_points_to_the_folder_that_holds_it(ws: Path) -> None:
    """Task 28 hands in its materials with task 27: “28-…” in task 30 belongs in task 27's folder."""
    put(ws, "030/区司法局/28-合法性审核情况.pdf")
    (message,) = messages(status_json(ws, AS_OF), "030/区司法局/28-合法性审核情况.pdf")
    assert "应放入任务27的文件夹（任务 28 与任务 27 合并提供材料）" in message


@pytest.mark.parametrize("name", ["3-其他材料.pdf", "5-会议纪要.pdf"])
def test_a_small_wrong_number_is_a_wrong_item_not_another_task(ws: Path, name: str) -> None:
    """Small numbers are item numbers unless the name reads like that task: no false “other task”."""
    put(ws, f"{J27}/{name}")
    report = status_json(ws, AS_OF)
    assert (f"evidence/{J27}/{name}", "unknown-item") in problem_pairs(report, ["error"])


def test_a_name_that_is_its_own_items_text_never_warns() -> None:
    """For every item of every task in the real data: “(n)<its own text>.pdf” is never misnumbered."""
    from evidence_helpers import REPO
    from fzcj.data.workspace import load
    from fzcj.evidence.misfiled import misnumbered

    plan = load(REPO).plan
    checked = 0
    for task in plan.tasks:
        for material in task.materials:
            for cut in (8, 20, len(material.text)):
                name = f"({material.number}){material.text[:cut]}.pdf"
                assert misnumbered(name, material.number, list(task.materials)) is None, name
                checked += 1
    assert checked > 300
