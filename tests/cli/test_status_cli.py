"""``fzcj status`` and ``fzcj show`` through the CLI: filters, formats, error messages.

One workspace for the module, with evidence for a few tasks of the real data, looked at on
2022-07-25 (tasks due 7月30日 are 临期, tasks due 5月30日 and 6月30日 are overdue unless done).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from evidence_helpers import REPO, invoke, make_workspace, put, status_json, tasks_by_id
from fzcj.data.workspace import load

AS_OF = "2022-07-25"
PLAN = load(REPO).plan


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = make_workspace(tmp_path_factory.mktemp("cli") / "ws")
    put(ws, "027 合法性审核/区司法局/1-合法性审查情况说明.docx")
    for n in ("一", "二", "三"):
        put(ws, f"027 合法性审核/区司法局/2-审查意见/审查意见{n}.pdf")
    put(ws, "024 公开征求意见/司法局/1-征求意见情况说明.docx")
    put(ws, "023 协调决策/区司法局/2-协调意见.pdf")
    put(ws, "061 行政执法制度/滨河镇/行政执法制度汇编.docx")
    put(ws, "002 行政许可/区政府办/清理变相许可情况说明.docx")
    put(ws, "杂项/通知.pdf")
    return ws


def run(root: Path, *args: str) -> Result:
    result = invoke(*args, "--root", str(root))
    assert "Traceback" not in result.output
    return result


def ok(root: Path, *args: str) -> str:
    result = run(root, *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def usage_error(root: Path, *args: str) -> str:
    """A usage error: exit code 2, one Chinese message on stderr, nothing on stdout."""
    result = run(root, *args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("错误：")
    return result.stderr


def row(table: str, task_id: str) -> str:
    """The table line of one task (its id is the first cell)."""
    lines = [line for line in table.splitlines() if re.match(rf"^│\s*{re.escape(task_id)}\s*│", line)]
    assert len(lines) == 1, f"task {task_id}: {lines}"
    return lines[0]


def cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip("│").split("│")]


def ids(report: dict[str, Any]) -> list[str]:
    return [t["id"] for t in report["tasks"]]


def unit_tasks(unit: str, *, responsible: bool = False) -> set[str]:
    """Tasks of ``unit`` computed from the plan: lead or provider, plus responsible-only with --all."""
    result = set()
    for task in PLAN.tasks:
        owner = PLAN.owner_of_materials(task)
        role = unit in task.lead_units or any(unit in m.providers for m in owner.materials)
        if role or (responsible and unit in task.responsible):
            result.add(task.id)
    return result


# -- --unit ----------------------------------------------------------------------------------------


def test_unit_table_shows_roles_and_what_the_unit_still_owes(root: Path) -> None:
    out = ok(root, "status", "--unit", "区司法局", "--as-of", AS_OF)
    assert out.startswith("截至 2022年7月25日 · 区司法局")
    # 24: lead and provider, filed 24.1, still owes 24.2
    line = cells(row(out, "24"))
    assert line[1] == "牵头、提供材料"
    assert "24.2" in line[-1] and "24.1" not in line[-1]
    assert "临期" in line[4]
    # 27 complete, nothing missing; 28 shares 27's materials
    assert "已完成" in row(out, "27")
    assert cells(row(out, "27"))[-1] == ""
    assert "见任务27" in row(out, "28")
    # 15: only a provider of 15.1 (the lead is 区政府办公室)
    assert cells(row(out, "15"))[1] == "提供材料"
    # 23.2 needs at least 3 files: one filed, so two more are needed
    assert "23.2（已交1个，还差2个）" in row(out, "23")
    # responsible-only tasks are left out without --all
    assert not re.search(r"^│\s*1\s*│", out, re.MULTILINE)
    assert "共 " in out and "完成率" in out


def test_unit_all_adds_responsible_only_tasks(root: Path) -> None:
    plain = status_json(root, AS_OF, "--unit", "区司法局")
    every = status_json(root, AS_OF, "--unit", "区司法局", "--all")
    assert set(ids(plain)) == unit_tasks("区司法局")
    assert set(ids(every)) == unit_tasks("区司法局", responsible=True)
    assert set(ids(plain)) < set(ids(every))
    assert "1" in ids(every)
    out = ok(root, "status", "--unit", "区司法局", "--all", "--as-of", AS_OF)
    assert cells(row(out, "1"))[1] == "责任单位"


def test_the_tables_of_all_indicators_line_up(root: Path) -> None:
    """The short columns (id, role, deadline, status) have one width in every table of the output."""
    from rich.cells import cell_len

    out = ok(root, "status", "--unit", "区司法局", "--all", "--as-of", AS_OF)
    headers = [line for line in out.splitlines() if line.startswith("┃ 序号")]
    assert len(headers) == 10
    widths = {tuple(cell_len(c) for c in line.strip("┃").split("┃")) for line in headers}
    short = {(w[0], w[1], w[3], w[4]) for w in widths}  # all but the task and what is missing
    assert len(short) == 1, widths


def test_unit_alias_gives_the_same_view(root: Path) -> None:
    assert status_json(root, AS_OF, "--unit", "司法局") == status_json(root, AS_OF, "--unit", "区司法局")
    table = ok(root, "status", "--unit", "司法局", "--as-of", AS_OF)
    assert table == ok(root, "status", "--unit", "区司法局", "--as-of", AS_OF)


def test_town_sees_the_items_it_owes(root: Path) -> None:
    report = status_json(root, AS_OF, "--unit", "滨河镇")
    assert set(ids(report)) == unit_tasks("滨河镇") == {"61", "66", "97"}
    assert report["summary"]["total"] == 3
    out = ok(root, "status", "--unit", "滨河镇", "--as-of", AS_OF)
    # 61: 滨河镇 filed its part; the task waits for the other 23 providers but the town owes nothing
    assert cells(row(out, "61"))[1] == "提供材料"
    assert cells(row(out, "61"))[-1] == ""
    assert "逾期" in row(out, "61")
    assert cells(row(out, "66"))[-1] == "66.1"
    assert cells(row(out, "97"))[-1] == "97.2"
    assert tasks_by_id(report)["61"]["status"] == "in_progress"


def test_lead_sees_every_unit_that_still_owes(root: Path) -> None:
    """区司法局 leads 61: its view lists the providers that have not filed, not 滨河镇."""
    line = cells(row(ok(root, "status", "--unit", "区司法局", "--as-of", AS_OF), "61"))
    assert line[1] == "牵头"
    assert "61.1" in line[-1]
    assert "滨河镇" not in line[-1]
    assert "文昌镇" in line[-1]


# -- other filters ---------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["二", "2", "二、", "依法行政"])
def test_indicator_filter(root: Path, value: str) -> None:
    report = status_json(root, AS_OF, "--indicator", value)
    expected = [t.id for t in PLAN.tasks if t.indicator_id == "二"]
    assert ids(report) == expected
    assert all(t["level1"].startswith("二、") for t in report["tasks"])
    assert report["summary"]["total"] == len(expected)


def test_indicator_table_has_one_heading(root: Path) -> None:
    out = ok(root, "status", "--indicator", "二", "--as-of", AS_OF)
    assert "二、依法行政制度体系完善" in out
    assert "一、政府职能依法全面履行" not in out


def test_overdue_filter(root: Path) -> None:
    full = status_json(root, AS_OF)
    report = status_json(root, AS_OF, "--overdue")
    assert ids(report) == [t["id"] for t in full["tasks"] if t["overdue"]]
    assert report["tasks"] and all(t["overdue"] for t in report["tasks"])
    assert "2" not in ids(report)  # due 5月30日 but complete
    assert report["summary"]["overdue"] == report["summary"]["total"] == full["summary"]["overdue"]
    assert "逾期" in ok(root, "status", "--overdue", "--as-of", AS_OF)


def test_due_within_filter(root: Path) -> None:
    full = status_json(root, AS_OF)
    report = status_json(root, AS_OF, "--due-within", "7")
    expected = [
        t["id"]
        for t in full["tasks"]
        if t["status"] not in ("complete", "waived")
        and t["days_left"] is not None
        and 0 <= t["days_left"] <= 7
    ]
    assert ids(report) == expected
    assert "24" in expected and "27" not in expected
    assert status_json(root, AS_OF, "--due-within", "0")["tasks"] == []
    both = status_json(root, AS_OF, "--due-within", "7", "--unit", "司法局")
    assert set(ids(both)) == set(expected) & unit_tasks("区司法局")


def test_no_matching_task(root: Path) -> None:
    out = ok(root, "status", "--due-within", "0", "--as-of", AS_OF)
    assert "没有符合条件的任务" in out


# -- formats ---------------------------------------------------------------------------------------


CSV_HEADER = [
    "序号",
    "一级指标",
    "二级指标",
    "任务",
    "牵头单位",
    "完成时限",
    "状态",
    "逾期",
    "临期",
    "剩余天数",
    "缺少材料",
]


def test_csv_has_bom_header_and_one_row_per_task(root: Path) -> None:
    out = ok(root, "status", "--format", "csv", "--as-of", AS_OF)
    assert out.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(out[1:])))
    assert rows[0] == CSV_HEADER
    assert len(rows) == 1 + 104
    by_id = {r[0]: dict(zip(CSV_HEADER, r, strict=True)) for r in rows[1:]}
    assert by_id["27"]["状态"] == "已完成"
    assert by_id["27"]["完成时限"] == "2022-07-30"
    assert by_id["24"]["临期"] == "是"
    assert by_id["24"]["剩余天数"] == "5"
    assert "24.2 区司法局" in by_id["24"]["缺少材料"]
    assert by_id["4"]["逾期"] == "是"
    unit_rows = list(
        csv.reader(
            io.StringIO(ok(root, "status", "--format", "csv", "--unit", "滨河镇", "--as-of", AS_OF)[1:])
        )
    )
    assert [r[0] for r in unit_rows[1:]] == ["61", "66", "97"]


def test_json_keys_are_the_documented_ones(root: Path) -> None:
    report = status_json(root, AS_OF)
    assert set(report) == {"as_of", "summary", "tasks", "problems"}
    assert report["as_of"] == AS_OF
    assert set(report["summary"]) == {
        "total", "not_started", "in_progress", "complete", "waived", "overdue", "due_soon"
    }  # fmt: skip
    task_keys = {
        "id", "kind", "level1", "level2", "text", "lead_units", "deadline", "deadline_text", "status",
        "overdue", "due_soon", "days_left", "materials_from", "materials",
    }  # fmt: skip
    material_keys = {
        "id",
        "kind",
        "text",
        "min",
        "max",
        "each",
        "status",
        "file_count",
        "deadline",
        "overdue",
        "due_soon",
        "shared_with",
        "providers",
    }
    for task in report["tasks"]:
        assert set(task) == task_keys
        for material in task["materials"]:
            assert set(material) == material_keys
            for provider in material["providers"]:
                assert set(provider) - {"waiver_reason"} == {
                    "unit",
                    "status",
                    "files",
                    "file_count",
                    "received",
                }
                assert len(provider["received"]) == len(provider["files"])
    task = tasks_by_id(report)["27"]
    assert task["deadline"] == "2022-07-30"
    assert task["deadline_text"] == "7月30日前"
    assert task["kind"] == "regular"
    assert tasks_by_id(report)["加1"]["kind"] == "bonus"
    assert tasks_by_id(report)["28"]["materials_from"] == "27"
    problem = next(p for p in report["problems"] if p["code"] == "unknown-task-folder")
    assert problem == {
        "path": "evidence/杂项",
        "line": 0,
        "column": 0,
        "severity": "error",
        "code": "unknown-task-folder",
        "message": problem["message"],
    }
    assert re.search(r"[\u4e00-\u9fff]", problem["message"])


def test_json_is_plain_utf8(root: Path) -> None:
    out = ok(root, "status", "--format", "json", "--as-of", AS_OF)
    assert "区司法局" in out and "\\u" not in out
    json.loads(out)


@pytest.mark.parametrize("indent", [True, False])
def test_json_bytes_are_the_same_with_or_without_orjson(
    root: Path, indent: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """orjson is used where it is installed; the standard library must give the very same bytes."""
    import datetime as dt
    import sys

    from fzcj import api
    from fzcj.render.structured import status_json

    pytest.importorskip("orjson")
    report = api.status(root, dt.date.fromisoformat(AS_OF)).report
    fast = status_json(report, indent=indent)
    monkeypatch.setitem(sys.modules, "orjson", None)  # import orjson now fails
    assert status_json(report, indent=indent) == fast
    assert json.loads(fast) == report.to_json()
    assert (b"\n  " in fast) is indent and b"\\u" not in fast


def test_table_mentions_problems_on_stderr(root: Path) -> None:
    result = run(root, "status", "--as-of", AS_OF)
    assert result.exit_code == 0
    assert "共 104 项" in result.stdout
    assert "fzcj validate" in result.stderr
    assert "1 个错误" in result.stderr


# -- errors ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["2022-7", "昨天", ""])
def test_bad_as_of(root: Path, value: str) -> None:
    err = usage_error(root, "status", "--as-of", value)
    assert "--as-of" in err and "YYYY-MM-DD" in err


@pytest.mark.parametrize(
    ("value", "why"),
    [("2022-13-01", "没有 13 月"), ("2022/02/30", "2022年2月只有 28 天"), ("6月31日", "2022年6月只有 30 天")],
)
def test_a_date_that_does_not_exist_says_why(root: Path, value: str, why: str) -> None:
    """The form is right, the day is not: say what is wrong with it, not what the form should be."""
    err = usage_error(root, "status", "--as-of", value)
    assert f"--as-of 的日期「{value}」无效：{why}" in err


@pytest.mark.parametrize(
    "value", ["2022-07-01", "2022-7-1", "2022/7/1", "2022.07.01", "2022年7月1日", "20220701"]
)
def test_as_of_as_a_clerk_types_it(root: Path, value: str) -> None:
    assert status_json(root, value)["as_of"] == "2022-07-01"


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31"])
def test_as_of_far_from_any_campaign_is_questioned(root: Path, value: str) -> None:
    assert "2000–2100" in usage_error(root, "status", "--as-of", value)


def test_unknown_unit_suggests_a_name(root: Path) -> None:
    err = usage_error(root, "status", "--unit", "区司法厅", "--as-of", AS_OF)
    assert "未知单位「区司法厅」" in err
    assert "是不是" in err and "区司法局" in err


def test_group_is_not_a_unit(root: Path) -> None:
    err = usage_error(root, "status", "--unit", "各乡镇", "--as-of", AS_OF)
    assert "单位组" in err and "滨河镇" in err


def test_unknown_indicator(root: Path) -> None:
    err = usage_error(root, "status", "--indicator", "十一", "--as-of", AS_OF)
    assert "没有一级指标「十一」" in err


@pytest.mark.parametrize(
    "args",
    [("--due-within", "-1"), ("--due-within", "七"), ("--format", "xml"), ("--bogus",)],
)
def test_bad_options_are_usage_errors(root: Path, args: tuple[str, ...]) -> None:
    err = usage_error(root, "status", *args)
    assert "fzcj status --help" in err


# -- show ------------------------------------------------------------------------------------------


def test_show_task(root: Path) -> None:
    out = ok(root, "show", "27", "--as-of", AS_OF)
    assert out.startswith("任务 27（指标任务）")
    for text in ("27.1", "27.2", "区司法局", "已完成", "至少3个", "不超过5个", "1-合法性审查情况说明.docx"):
        assert text in out, text


def test_show_merged_task(root: Path) -> None:
    out = ok(root, "show", "028", "--as-of", AS_OF)
    assert out.startswith("任务 28")
    assert "与任务 27 合并提供" in out
    assert "27.2" in out


@pytest.mark.parametrize(
    ("typed", "task_id"), [("B1", "加1"), ("b1", "加1"), ("加1", "加1"), ("V2", "否2"), ("２７", "27")]
)
def test_show_by_alias(root: Path, typed: str, task_id: str) -> None:
    assert ok(root, "show", typed, "--as-of", AS_OF).startswith(f"任务 {task_id}（")


def test_show_lists_the_problems_of_the_task_folder(root: Path, tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    put(ws, "030 后评估/区司法局/不涉及.txt", "")
    put(ws, "030 后评估/说明.docx")
    out = ok(ws, "show", "30", "--as-of", AS_OF)
    assert "该任务文件夹中的问题" in out
    assert "empty-waiver" in out and "file-in-task-folder" in out


@pytest.mark.parametrize("task_id", ["999", "0", "加3", "abc"])
def test_show_unknown_task(root: Path, task_id: str) -> None:
    err = usage_error(root, "show", task_id)
    assert f"没有编号为「{task_id}」的任务" in err


def test_text_is_never_read_as_terminal_markup(tmp_path: Path) -> None:
    """Brackets and colons in a task text are shown as typed, not taken as rich markup or emoji codes."""
    ws = make_workspace(tmp_path / "ws")
    indicators = ws / "data" / "indicators.yaml"
    text = indicators.read_text("utf-8")
    marked = "text: '[bold]规范性文件[/bold] :smile: [red'"
    indicators.write_text(
        text.replace("text: 行政规范性文件没有增加", f"{marked}\n      # 行政规范性文件没有增加", 1), "utf-8"
    )
    out = ok(ws, "status", "--as-of", AS_OF)
    assert "[bold]规范性文件[/bold] :smile: [red" in out
