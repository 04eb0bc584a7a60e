"""Materials shared by several tasks are due by the earliest of their deadlines; short items are owed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from evidence_helpers import invoke, make_workspace, put, status_json
from fzcj import api
from fzcj.report.ranking import unit_obligations

AS_OF = "2022-06-15"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws")


def materials(report: dict[str, object]) -> dict[str, dict[str, object]]:
    return {m["id"]: m for t in report["tasks"] for m in t["materials"]}  # type: ignore[index,attr-defined]


def test_shared_material_is_due_by_the_earliest_task_it_serves(ws: Path) -> None:
    """55.x serve tasks 55–58; 57 and 58 are due 5月30日, so 55.x are too (55 itself is due 7月30日)."""
    report = status_json(ws, AS_OF)
    m55 = materials(report)["55.1"]
    assert m55["deadline"] == "2022-05-30"
    assert m55["shared_with"] == ["56", "57", "58"]
    assert m55["overdue"] is True
    task55 = next(t for t in report["tasks"] if t["id"] == "55")
    assert task55["deadline"] == "2022-07-30" and task55["overdue"] is False
    assert materials(report)["59.1"]["deadline"] == "2022-04-30"  # 60 is due 4月30日
    assert materials(report)["30.1"]["deadline"] == "2022-07-30"  # nothing shares task 30


def test_unit_obligations_use_the_materials_deadline(ws: Path) -> None:
    report = api.status(ws, dt.date.fromisoformat(AS_OF)).report
    owed = {item.material.id: item for item in unit_obligations(report, "区市场监管分局").owed}
    assert owed["55.1"].material.overdue and owed["55.1"].material.deadline == dt.date(2022, 5, 30)
    assert owed["55.1"].deadline_text == "5月30日前"
    assert owed["59.1"].material.overdue


def test_requirements_note_names_the_earlier_deadline_and_the_sharing_tasks(ws: Path) -> None:
    assert invoke("init", "--root", str(ws), "--unit", "市场监管分局").exit_code == 0
    (note,) = (ws / "evidence").glob("055*/区市场监管分局/材料要求.txt")
    text = note.read_text("utf-8")
    assert "同时用于任务 56、57、58" in text
    assert "最迟2022年5月30日前提供" in text


def test_a_unit_short_of_the_minimum_still_owes_the_item(ws: Path) -> None:
    """27.2 asks for at least 3 opinions: with 2 filed, 区司法局 still owes it (not “已报送”)."""
    put(ws, "027 合法性审核/区司法局/1-情况说明.docx")
    put(ws, "027 合法性审核/区司法局/2-审查意见一.pdf")
    put(ws, "027 合法性审核/区司法局/2-审查意见二.pdf")
    report = api.status(ws, dt.date(2022, 8, 1)).report
    owed = {item.material.id for item in unit_obligations(report, "区司法局").owed}
    assert "27.2" in owed and "27.1" not in owed
    result = invoke("status", "--root", str(ws), "--unit", "司法局", "--as-of", "2022-08-01")
    assert "27.2（已交2个，还差1个）" in result.stdout


def test_a_note_excuses_the_shortfall(ws: Path) -> None:
    put(ws, "027 合法性审核/区司法局/1-情况说明.docx")
    put(ws, "027 合法性审核/区司法局/2-审查意见一.pdf")
    put(ws, "027 合法性审核/区司法局/2-不涉及.txt", "本年度只有一份审查意见")
    report = api.status(ws, dt.date(2022, 8, 1)).report
    assert "27.2" not in {item.material.id for item in unit_obligations(report, "区司法局").owed}
