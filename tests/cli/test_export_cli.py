"""``fzcj export`` on the example workspace: every number in the 台账 equals ``status --format json``."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from evidence_helpers import invoke, status_json
from fzcj import api

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "沙坡头区示例"
AS_OF = "2022-06-15"
LABELS = {"missing": "未提供", "submitted": "已提供", "waived": "不涉及"}
REVIEW_LABELS = {"accepted": "已通过", "returned": "已退回", "changed": "待复审"}
UNDECIDED = {"submitted": "待审核", "waived": "不涉及待审核", "missing": ""}
TASK_LABELS = {"not_started": "未开始", "in_progress": "进行中", "complete": "已完成", "waived": "不涉及"}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example workspace (with its review decisions) and one unit's files taken in by ``intake``."""
    dest = tmp_path_factory.mktemp("export") / "ws"
    shutil.copytree(EXAMPLE, dest)
    sent = dest.parent / "区司法局报送材料" / "027 合法性审核" / "区司法局"
    sent.mkdir(parents=True)
    (sent / "1-合法性审查情况说明.pdf").write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    taken = api.intake(dest, sent.parents[1], apply=True, now=dt.datetime(2022, 6, 14, 9, 30))
    assert taken.record is not None, taken.summary()
    return dest


@pytest.fixture(scope="module")
def ledger(workspace: Path) -> tuple[Any, dict[str, Any]]:
    out = workspace / "台账.xlsx"
    result = invoke("export", "--root", str(workspace), "--as-of", AS_OF, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert "已生成台账" in result.stdout
    return load_workbook(out), status_json(workspace, AS_OF)


def _rows(sheet: Any) -> list[list[Any]]:
    return [list(r) for r in sheet.iter_rows(min_row=3, values_only=True)]


def test_ledger_rows_equal_status_json_provider_by_provider(ledger: tuple[Any, dict[str, Any]]) -> None:
    book, report = ledger
    rows = {(r[2], r[6], r[9]): r for r in _rows(book["台账"]) if r[6]}
    expected = 0
    for task in report["tasks"]:
        for material in task["materials"]:
            for provider in material["providers"]:
                expected += 1
                row = rows[(task["id"], material["id"], provider["unit"])]
                assert row[11] == provider["file_count"]
                if provider["status"] != "missing" or provider["unit"] in _owing(material):
                    assert row[10].startswith(LABELS[provider["status"]])
                owed = material["overdue"] and provider["unit"] in _owing(material)
                assert row[18] == (-_days_left(task, material, report) if owed else None)
    assert len(rows) == expected


def test_ledger_review_and_received_columns_equal_status_json(ledger: tuple[Any, dict[str, Any]]) -> None:
    """审核, 退回原因, 审核人, 审核时间 from each provider's ``review``; 最近收到 the latest of its ``received``."""
    book, report = ledger
    rows = {(r[2], r[6], r[9]): r for r in _rows(book["台账"]) if r[6]}
    decided = received = 0
    for task in report["tasks"]:
        for material in task["materials"]:
            for provider in material["providers"]:
                row = rows[(task["id"], material["id"], provider["unit"])]
                review = provider["review"]
                if review is None:
                    assert row[14:18] == [UNDECIDED[provider["status"]] or None, None, None, None]
                else:
                    decided += 1
                    reason = review["reason"] if review["decision"] == "return" else None
                    at = dt.datetime.fromisoformat(review["at"]).replace(tzinfo=None)
                    assert row[14:18] == [REVIEW_LABELS[review["state"]], reason, review["by"], at]
                days = [dt.date.fromisoformat(d) for d in provider["received"] if d]
                assert row[13] == (dt.datetime.combine(max(days), dt.time()) if days else None)
                received += bool(days)
    assert decided == sum(report["summary"]["review"][k] for k in ("accepted", "returned"))
    assert received  # the example has files that came in through intake


def _owing(material: dict[str, Any]) -> set[str]:
    if material["status"] in ("complete", "waived", "pending"):
        return set()
    return {p["unit"] for p in material["providers"] if p["status"] == "missing"} | (
        {p["unit"] for p in material["providers"] if p["status"] == "submitted" and material["min"]}
    )


def _days_left(task: dict[str, Any], material: dict[str, Any], report: dict[str, Any]) -> int:
    return (dt.date.fromisoformat(material["deadline"]) - dt.date.fromisoformat(report["as_of"])).days


def test_task_summary_equals_status_json(ledger: tuple[Any, dict[str, Any]]) -> None:
    book, report = ledger
    rows = {r[2]: r for r in _rows(book["任务汇总"])}
    assert len(rows) == report["summary"]["total"]
    for task in report["tasks"]:
        row = rows[task["id"]]
        assert row[6] == TASK_LABELS[task["status"]]
        assert row[7] == ("逾期" if task["overdue"] else "临期" if task["due_soon"] else None)
        if task["materials_from"] is None:
            states = Counter(m["status"] for m in task["materials"])
            assert row[10:16] == [len(task["materials"]), states["complete"], states["pending"],
                                  states["partial"], states["missing"], states["waived"]]  # fmt: skip
            assert row[16] == sum(m["file_count"] for m in task["materials"])
    overdue = [r for r in rows.values() if r[7] == "逾期"]
    assert len(overdue) == report["summary"]["overdue"]


def test_unit_summary_counts_equal_status_json(ledger: tuple[Any, dict[str, Any]]) -> None:
    """Owed: a unit's materials it has filed, or not filed while the item is open (each material and
    unit once); led: the tasks it leads — the weekly report's definitions, counted here from the JSON;
    审核通过: its items whose review is accepted, which add up to the summary's count."""
    book, report = ledger
    owed: Counter[str] = Counter()
    submitted: Counter[str] = Counter()
    accepted: Counter[str] = Counter()
    led: Counter[str] = Counter()
    seen = set()
    for task in report["tasks"]:
        led.update(task["lead_units"])
        for material in task["materials"]:
            for p in material["providers"]:
                accepted[p["unit"]] += (p["review"] or {}).get("state") == "accepted"
                key = (material["id"], p["unit"])
                open_item = material["status"] not in ("complete", "waived", "pending")
                if key in seen or not (
                    p["status"] == "submitted" or (p["status"] == "missing" and open_item)
                ):
                    continue
                seen.add(key)
                owed[p["unit"]] += 1
                needed = material["min"] or 1
                filed = p["file_count"] if material["each"] else material["file_count"]
                short = material["status"] == "partial" and filed < needed and "waiver_reason" not in p
                submitted[p["unit"]] += p["status"] == "submitted" and not short  # in full: 已报送
    rows = _rows(book["单位汇总"])
    for n, row in enumerate(rows):  # ranks shared by equal 报送率 (并列), the next one skipping
        assert row[0] == (rows[n - 1][0] if n and row[10] == rows[n - 1][10] else n + 1)
    for row in rows:
        assert (row[2], row[5], row[6]) == (led[row[1]], owed[row[1]], submitted[row[1]])
        assert row[7] == accepted[row[1]]
    assert sum(r[7] for r in rows) == report["summary"]["review"]["accepted"] > 0


def test_export_never_overwrites_without_force(workspace: Path) -> None:
    out = workspace / "again.xlsx"
    assert invoke("export", "--root", str(workspace), "--as-of", AS_OF, "-o", str(out)).exit_code == 0
    second = invoke("export", "--root", str(workspace), "--as-of", AS_OF, "-o", str(out))
    assert second.exit_code == 1 and "--force" in second.stderr
    assert (
        invoke("export", "--root", str(workspace), "--as-of", AS_OF, "-o", str(out), "--force").exit_code == 0
    )


def test_export_for_one_unit_keeps_its_tasks(workspace: Path) -> None:
    out = workspace / "司法局.xlsx"
    result = invoke(
        "export", "--root", str(workspace), "--as-of", "6月15日", "--unit", "司法局", "-o", str(out)
    )
    assert result.exit_code == 0, result.stderr
    book = load_workbook(out)
    selected = status_json(workspace, AS_OF, "--unit", "司法局")
    assert {r[2] for r in _rows(book["任务汇总"])} == {t["id"] for t in selected["tasks"]}
    assert [r[1] for r in _rows(book["单位汇总"])] == ["区司法局"]
    assert "工作台账·区司法局" in book["台账"]["A1"].value


def test_output_must_be_an_xlsx_file(workspace: Path) -> None:
    result = invoke("export", "--root", str(workspace), "-o", str(workspace / "台账.xls"))
    assert result.exit_code == 2 and ".xlsx" in result.stderr
