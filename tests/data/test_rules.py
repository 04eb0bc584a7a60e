"""Cross-record rules of the data files, with the workspaces built in Python.

Each test builds ``indicators.yaml`` / ``units.yaml`` as Python data, writes them as YAML into a
temporary workspace and runs the same check as ``fzcj validate --data-only``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from fzcj import api
from fzcj.data.workspace import load_data
from fzcj.problems import Problem, Severity
from helpers import write_workspace

UNITS: dict[str, Any] = {
    "units": [
        {"name": "区委依法治区办", "aliases": ["依法治区办"], "type": "党委部门"},
        {"name": "区司法局", "aliases": ["司法局"], "type": "政府部门"},
        {"name": "区财政局", "aliases": ["财政"], "type": "政府部门"},
        {"name": "东园镇", "type": "乡镇"},
        {"name": "柔远镇", "type": "乡镇"},
    ],
    "groups": [
        {"name": "各乡镇", "members": ["东园镇", "柔远镇"]},
        {"name": "各部门（单位）", "aliases": ["各部门"], "members": ["区司法局", "区财政局"]},
    ],
}


def task(task_id: str, **fields: Any) -> dict[str, Any]:
    """A valid task with one material; keyword arguments replace or add fields (None removes one)."""
    data: dict[str, Any] = {
        "id": task_id,
        "text": f"任务{task_id}的工作内容。",
        "lead_units": ["区司法局"],
        "deadline": "7月30日前",
        "materials": [{"id": f"{task_id}.1", "text": "情况说明"}],
    }
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


def indicators(*tasks: dict[str, Any], office: str = "区委依法治区办") -> dict[str, Any]:
    return {
        "campaign": {"name": "测试创建", "district": "测试区", "year": 2022, "coordinating_office": office},
        "indicators": [
            {"id": "一", "name": "一级", "sections": [{"number": 1, "name": "二级", "tasks": list(tasks)}]}
        ],
    }


def dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def check(tmp_path: Path, ind: dict[str, Any], units: dict[str, Any] = UNITS) -> list[Problem]:
    write_workspace(tmp_path, dump(ind), dump(units))
    return api.validate(tmp_path, data_only=True)


def codes(problems: list[Problem]) -> list[str]:
    return [p.code for p in problems]


def test_valid_workspace_has_no_problems(tmp_path: Path) -> None:
    """The builders' defaults make a valid workspace (so each test's one change is the only mistake)."""
    assert check(tmp_path, indicators(task("1"), task("2"))) == []


# ── all problems in one run ────────────────────────────────────────────────────────────────────


def test_three_rule_mistakes_give_three_problems(tmp_path: Path) -> None:
    """All problems are collected in one run, not just the first: three mistakes, three problems."""
    ind = indicators(
        task("1", lead_units=["区司法"]),
        task("2", deadline="2月30日前"),
        task("3", materials=[{"id": "3.1", "text": "文件", "min": 5, "max": 3}]),
    )
    problems = check(tmp_path, ind)
    assert sorted(codes(problems)) == ["bad-deadline", "min-greater-than-max", "unknown-unit"]
    assert len({p.line for p in problems}) == 3, "each at its own line"


def test_three_shape_mistakes_give_three_problems(tmp_path: Path) -> None:
    """Shape mistakes (unknown key, missing field, wrong type) in one file are all reported together."""
    ind = indicators(task("1", remark="备注"), task("2", text=None), task("3", materials="情况说明"))
    problems = check(tmp_path, ind)
    assert sorted(codes(problems)) == ["missing-field", "unknown-key", "wrong-type"]


def test_mistakes_in_both_files_are_reported_together(tmp_path: Path) -> None:
    """A units.yaml rule and an indicators.yaml rule both report in the same run."""
    units = yaml.safe_load(dump(UNITS))
    units["groups"][0]["members"].append("西园镇")
    ind = indicators(task("1", materials=[{"id": "1.1", "text": "文件", "providers": ["北园镇"]}]))
    problems = check(tmp_path, ind, units)
    assert {(p.path, p.code) for p in problems} == {
        ("data/units.yaml", "unknown-member"),
        ("data/indicators.yaml", "unknown-unit"),
    }


def test_shape_mistakes_in_both_files_are_reported_together(tmp_path: Path) -> None:
    """A broken units.yaml does not hide the shape mistakes of indicators.yaml, and vice versa."""
    units = yaml.safe_load(dump(UNITS))
    del units["units"][0]["type"]
    problems = check(tmp_path, indicators(task("1", deadline=None)), units)
    assert {(p.path, p.code) for p in problems} == {
        ("data/units.yaml", "missing-field"),
        ("data/indicators.yaml", "missing-field"),
    }


def test_problems_are_sorted_by_position(tmp_path: Path) -> None:
    """Problems come sorted by file, line and column."""
    ind = indicators(task("1", lead_units=["甲"]), task("2", lead_units=["乙"]), task("3", lead_units=["丙"]))
    problems = check(tmp_path, ind)
    assert [p.message[:6] for p in problems] == ["未知单位「甲", "未知单位「乙", "未知单位「丙"]
    assert problems == sorted(problems, key=lambda p: (p.path, p.line, p.column))


# ── errors block, warnings do not ──────────────────────────────────────────────────────────────


def test_errors_make_the_workspace_unusable(tmp_path: Path) -> None:
    """With an error, ``load_data`` returns no workspace but the problem."""
    write_workspace(tmp_path, dump(indicators(task("1", lead_units=["区司法"]))), dump(UNITS))
    workspace, problems = load_data(tmp_path)
    assert workspace is None
    assert codes(problems) == ["unknown-unit"]


def test_warnings_leave_the_workspace_usable(tmp_path: Path) -> None:
    """A warning (materials listed despite materials_from) is reported but the workspace loads."""
    ind = indicators(task("1"), task("2", materials_from="1"))
    write_workspace(tmp_path, dump(ind), dump(UNITS))
    workspace, problems = load_data(tmp_path)
    assert workspace is not None
    assert [(p.code, p.severity) for p in problems] == [("materials-and-reference", Severity.warning)]


# ── task ids ───────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(("first", "second"), [("1", "1"), ("1", "１"), ("27", "027"), ("B1", "b1")])
def test_ids_that_denote_the_same_task_are_duplicates(tmp_path: Path, first: str, second: str) -> None:
    """Ids equal after normalising (full-width digits, leading zeros, case) are duplicates."""
    ind = indicators(task(first), task(second, materials=[{"id": f"{second}.1", "text": "文件"}]))
    problems = check(tmp_path, ind)
    assert "duplicate-id" in codes(problems)
    assert any(f"「{second}」" in p.message for p in problems if p.code == "duplicate-id")


def test_task_alias_clashing_with_another_id_is_a_duplicate(tmp_path: Path) -> None:
    """A task alias (B1) may not equal another task's id or alias."""
    ind = indicators(task("加1", aliases=["B1"]), task("B1"))
    assert codes(check(tmp_path, ind)) == ["duplicate-id"]


def test_duplicated_indicator_id(tmp_path: Path) -> None:
    """Two 一级指标 with the same 序号 are a duplicate-id."""
    ind = indicators(task("1"))
    second = {"id": "一", "name": "另一个", "sections": [{"number": 1, "name": "二级", "tasks": [task("2")]}]}
    ind["indicators"].append(second)
    assert codes(check(tmp_path, ind)) == ["duplicate-id"]


def test_material_id_must_start_with_its_task_id(tmp_path: Path) -> None:
    """Material ``2.1`` under task 1 is a bad-material-id."""
    ind = indicators(task("1", materials=[{"id": "2.1", "text": "文件"}]))
    (problem,) = check(tmp_path, ind)
    assert problem.code == "bad-material-id"
    assert "1.1" in problem.message


# ── units, groups and aliases ──────────────────────────────────────────────────────────────────


def test_lead_unit_by_alias_is_resolved_to_the_canonical_name(tmp_path: Path) -> None:
    """``lead_units: [司法局]`` is accepted and the plan uses 区司法局."""
    write_workspace(tmp_path, dump(indicators(task("1", lead_units=["司法局"]))), dump(UNITS))
    workspace, problems = load_data(tmp_path)
    assert problems == []
    assert workspace is not None
    assert workspace.plan.tasks[0].lead_units == ("区司法局",)


def test_lead_unit_must_not_be_a_group(tmp_path: Path) -> None:
    """A group (各乡镇) cannot lead a task; the message says it is a group."""
    (problem,) = check(tmp_path, indicators(task("1", lead_units=["各乡镇"])))
    assert problem.code == "unknown-unit"
    assert "单位组" in problem.message


def test_responsible_units_and_providers_may_be_groups_or_aliases(tmp_path: Path) -> None:
    """责任单位 and providers accept units, groups and their aliases."""
    material = {"id": "1.1", "text": "文件", "providers": ["各乡镇", "财政", "各部门"], "each": True}
    ind = indicators(task("1", responsible_units=["各部门", "东园镇"], materials=[material]))
    write_workspace(tmp_path, dump(ind), dump(UNITS))
    workspace, problems = load_data(tmp_path)
    assert problems == []
    assert workspace is not None
    planned = workspace.plan.tasks[0]
    assert planned.responsible == ("区司法局", "区财政局", "东园镇")
    assert planned.materials[0].providers == ("东园镇", "柔远镇", "区财政局", "区司法局")


def test_unknown_unit_suggests_close_names(tmp_path: Path) -> None:
    """An unknown unit's message offers the closest known names."""
    (problem,) = check(tmp_path, indicators(task("1", responsible_units=["东圆镇"])))
    assert problem.code == "unknown-unit"
    assert "是不是「东园镇」" in problem.message


def test_coordinating_office_must_be_a_unit(tmp_path: Path) -> None:
    """The coordinating office must be a unit of the directory (a group is not)."""
    (problem,) = check(tmp_path, indicators(task("1"), office="各部门"))
    assert (problem.code, problem.path) == ("unknown-unit", "data/indicators.yaml")


def test_alias_equal_to_another_units_name_conflicts(tmp_path: Path) -> None:
    """An alias that is another unit's name is an alias-conflict."""
    units = yaml.safe_load(dump(UNITS))
    units["units"][2]["aliases"].append("区司法局")
    (problem,) = check(tmp_path, indicators(task("1")), units)
    assert problem.code == "alias-conflict"
    assert "区司法局" in problem.message and "区财政局" in problem.message


def test_group_alias_conflicting_with_unit_alias(tmp_path: Path) -> None:
    """A group alias equal to a unit alias is an alias-conflict."""
    units = yaml.safe_load(dump(UNITS))
    units["groups"][0]["aliases"] = ["财政"]
    assert codes(check(tmp_path, indicators(task("1")), units)) == ["alias-conflict"]


def test_alias_equal_to_its_own_name_is_harmless(tmp_path: Path) -> None:
    """Repeating a unit's own name among its aliases is not a conflict."""
    units = yaml.safe_load(dump(UNITS))
    units["units"][1]["aliases"].append("区司法局")
    assert check(tmp_path, indicators(task("1")), units) == []


def test_unit_names_equal_after_normalising_are_duplicates(tmp_path: Path) -> None:
    """``东园镇`` and ``东园镇 `` (stray space) are the same name: duplicate-unit."""
    units = yaml.safe_load(dump(UNITS))
    units["units"].append({"name": "东园 镇", "type": "乡镇"})
    assert codes(check(tmp_path, indicators(task("1")), units)) == ["duplicate-unit"]


def test_group_containing_itself(tmp_path: Path) -> None:
    """A group listing itself is a group-cycle."""
    units = yaml.safe_load(dump(UNITS))
    units["groups"][0]["members"].append("各乡镇")
    assert codes(check(tmp_path, indicators(task("1")), units)) == ["group-cycle"]


def test_nested_groups_without_cycle_expand(tmp_path: Path) -> None:
    """A group may contain another group; it expands to the member units, in order, once each."""
    units = yaml.safe_load(dump(UNITS))
    units["groups"].append({"name": "全区", "members": ["各部门", "各乡镇", "东园镇"]})
    ind = indicators(task("1", responsible_units=["全区"]))
    write_workspace(tmp_path, dump(ind), dump(units))
    workspace, problems = load_data(tmp_path)
    assert problems == []
    assert workspace is not None
    assert workspace.plan.tasks[0].responsible == ("区司法局", "区财政局", "东园镇", "柔远镇")


# ── materials_from ─────────────────────────────────────────────────────────────────────────────


def test_materials_from_chain_ending_in_materials_is_fine(tmp_path: Path) -> None:
    """3 → 2 → 1 where task 1 lists materials is valid."""
    ind = indicators(
        task("1"),
        task("2", materials=None, materials_from="1"),
        task("3", materials=None, materials_from="2"),
    )
    assert check(tmp_path, ind) == []


def test_materials_from_accepts_any_spelling_of_the_id(tmp_path: Path) -> None:
    """``materials_from: '01'`` finds task 1, as the evidence folders ``001 …`` do."""
    ind = indicators(task("1"), task("2", materials=None, materials_from="01"))
    assert check(tmp_path, ind) == []


def test_materials_from_cycle_of_three(tmp_path: Path) -> None:
    """1 → 2 → 3 → 1 is reported at each task of the loop, with the chain in the message."""
    ind = indicators(
        task("1", materials=None, materials_from="2"),
        task("2", materials=None, materials_from="3"),
        task("3", materials=None, materials_from="1"),
    )
    problems = check(tmp_path, ind)
    assert codes(problems) == ["reference-cycle"] * 3
    assert "1 → 2 → 3 → 1" in problems[0].message


def test_materials_from_itself(tmp_path: Path) -> None:
    """A task taking its materials from itself is a reference-cycle."""
    ind = indicators(task("1"), task("2", materials=None, materials_from="2"))
    assert codes(check(tmp_path, ind)) == ["reference-cycle"]


def test_materials_from_missing_task(tmp_path: Path) -> None:
    """A reference to a task that does not exist is a bad-reference naming it."""
    (problem,) = check(tmp_path, indicators(task("1"), task("2", materials=None, materials_from="9")))
    assert problem.code == "bad-reference"
    assert "「9」" in problem.message


def test_duplicated_id_does_not_turn_a_reference_into_a_cycle(tmp_path: Path) -> None:
    """With ids 1 and １ duplicated, ``materials_from: '1'`` refers to the first one, not to itself."""
    ind = indicators(task("1"), task("１", materials=None, materials_from="1"))
    assert codes(check(tmp_path, ind)) == ["duplicate-id"]


def test_task_without_materials_or_reference(tmp_path: Path) -> None:
    """A task with neither materials nor materials_from is a no-materials error."""
    (problem,) = check(tmp_path, indicators(task("1", materials=None)))
    assert problem.code == "no-materials"
    assert problem.severity is Severity.error


# ── deadlines ──────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"deadline": "7月30日前", "due": dt.date(2022, 7, 30)}, []),
        ({"deadline": "6月底前", "due": dt.date(2022, 6, 30)}, []),
        ({"deadline": "长期坚持"}, []),
        ({"deadline": "7月30日前", "due": dt.date(2022, 7, 29)}, [("deadline-mismatch", "error")]),
        ({"deadline": "长期坚持", "due": dt.date(2022, 12, 31)}, [("deadline-mismatch", "error")]),
        ({"deadline": "尽快"}, [("bad-deadline", "error")]),
        ({"deadline": "尽快", "due": dt.date(2022, 9, 30)}, [("bad-deadline", "warning")]),
        ({"deadline": "2月29日前"}, [("bad-deadline", "error")]),
        ({"deadline": "2023年3月31日前", "due": dt.date(2023, 3, 31)}, []),
        ({"deadline": "2023年3月31日前", "due": dt.date(2022, 3, 31)}, [("deadline-mismatch", "error")]),
        ({"deadline": "2021年3月31日前"}, [("deadline-year", "warning")]),
        ({"deadline": "2月30日前", "due": dt.date(2022, 2, 28)}, [("bad-deadline", "error")]),
        ({"deadline": "13月底前", "due": dt.date(2022, 12, 31)}, [("bad-deadline", "error")]),
        ({"deadline": "7月30日前完成", "due": dt.date(2022, 7, 30)}, [("bad-deadline", "warning")]),
        ({"deadline": "7月30日前完成", "due": dt.date(2022, 8, 30)}, [("deadline-mismatch", "error")]),
        ({"deadline": "2022年9月底前报送", "due": dt.date(2022, 9, 30)}, [("bad-deadline", "warning")]),
        ({"deadline": "2022年9月底前报送", "due": dt.date(2022, 9, 29)}, [("deadline-mismatch", "error")]),
        ({"deadline": "4月31日前报送", "due": dt.date(2022, 4, 30)}, [("bad-deadline", "error")]),
    ],
)
def test_deadline_and_due(tmp_path: Path, fields: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    """``due`` must agree with the deadline; an unreadable deadline is only a warning if ``due`` is given,
    and only if every date it names exists and is ``due``; a written year other than the campaign year
    (2022) or the next is questioned."""
    problems = check(tmp_path, indicators(task("1", **fields)))
    assert [(p.code, p.severity.value) for p in problems] == expected


def test_impossible_deadline_is_an_error_with_a_position_even_with_due(tmp_path: Path) -> None:
    """``2月30日前`` with ``due`` is an error (exit 1) at the deadline's line, naming the month's length."""
    (problem,) = check(tmp_path, indicators(task("1", deadline="2月30日前", due=dt.date(2022, 2, 28))))
    assert (problem.code, problem.severity, problem.line > 0) == ("bad-deadline", Severity.error, True)
    assert "28" in problem.message


# ── names that become file or folder names ─────────────────────────────────────────────────────


@pytest.mark.parametrize(
    "name",
    [
        "../../../X",
        "区/司法局",
        "区\\司法局",
        "..",
        "区\x00司法局",
        "区\x1b[2J司法局",
        "区司法局\n",
        "区司法局<1>",
        "区司法局:",
        '区"司法局"',
        "区司法局|",
        "区司法局?",
        "区司法局*",
        "区司法局.",
        "区司法局 ",
        "CON",
        "nul",
        "Com1",
        "LPT9.txt",
    ],
)
def test_unit_name_that_is_no_file_name_is_an_error_with_a_position(tmp_path: Path, name: str) -> None:
    """A unit name that ``init`` would turn into a path outside its folder, or Windows cannot store."""
    units = {**UNITS, "units": [*UNITS["units"], {"name": name, "type": "政府部门"}]}
    problems = [p for p in check(tmp_path, indicators(task("1")), units) if p.code == "unsafe-name"]
    assert [(p.path, p.severity) for p in problems] == [("data/units.yaml", Severity.error)]
    line = (tmp_path / "data" / "units.yaml").read_text("utf-8").splitlines()[problems[0].line - 1]
    assert line.startswith("- name:"), line
    assert "\x1b" not in name or "\\x1b" in problems[0].message  # shown escaped, never raw
    assert "\x00" not in problems[0].message and "\x1b" not in problems[0].message


@pytest.mark.parametrize(
    "name", ["区税务局", "区政府办公室（审批服务局）", "税务：法制股", "CONTOSO", "COM10"]
)
def test_ordinary_names_are_file_names(tmp_path: Path, name: str) -> None:
    """Full-width punctuation and names that only start like a device name are fine."""
    units = {**UNITS, "units": [*UNITS["units"], {"name": name, "type": "政府部门"}]}
    assert check(tmp_path, indicators(task("1")), units) == []


def test_every_name_that_becomes_a_path_is_checked(tmp_path: Path) -> None:
    """Unit aliases, task ids and aliases, the campaign name and the report title: one error each."""
    units = {**UNITS, "units": [*UNITS["units"], {"name": "区税务局", "aliases": ["a/b"], "type": "垂管"}]}
    ind = indicators(task("1", aliases=["B/1"]), task("../2", materials=[{"id": "../2.1", "text": "说明"}]))
    ind["campaign"]["name"] = "测试/创建"
    ind["campaign"]["report"] = {"title": "周报?"}
    problems = [p for p in check(tmp_path, ind, units) if p.code == "unsafe-name"]
    assert sorted(p.path for p in problems) == ["data/indicators.yaml"] * 4 + ["data/units.yaml"]
    messages = " ".join(p.message for p in problems)
    for what in ("单位简称「a/b」", "任务编号「B/1」", "任务编号「../2」", "创建活动名称", "周报标题"):
        assert what in messages
