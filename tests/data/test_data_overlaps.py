"""The bundled data asks for each piece of a 主要提供资料 cell once, from the right units.

Read with plain ``yaml.safe_load`` (not through fzcj, whose module layout is being reorganised), so
these tests pin the data files themselves:

- material items cut verbatim from a cell occupy disjoint spans of it, in item order (a list that was
  cut out twice, once alone and once in front of its 网址, left an item no faithful submission fills);
- task 97 “包括所属乡镇和部门” is owed by the towns and the government's own working departments only;
- 各行政执法部门 has the members chosen in ``data/units.yaml`` (see the comments there).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"

TOWNS = {
    "滨河镇",
    "文昌镇",
    "东园镇",
    "柔远镇",
    "镇罗镇",
    "宣和镇",
    "永康镇",
    "常乐镇",
    "迎水桥镇",
    "兴仁镇",
    "香山乡",
}
GOVERNMENT_DEPARTMENTS = {
    "区政府办公室",
    "区发改局",
    "区教育局",
    "区工信和商务局",
    "区民社局",
    "区司法局",
    "区财政局",
    "区自然资源局",
    "区住建和交通局",
    "区农业农村局",
    "区旅游和文体广电局",
    "区卫生健康局",
    "区应急管理局",
    "区审计局",
    "区统计局",
    "区综合执法局",
    "区公安分局",
    "区市场监管分局",
    "区生态环境分局",
}
NOT_GOVERNMENT = {
    "区委办公室",
    "区委组织部",
    "区委宣传部",
    "区委政法委",
    "区委编办",
    "区委政研室",
    "区委依法治区办",
    "区纪委监委",
    "区人大办公室",
    "区人民法院",
    "区人民检察院",
    "区税务局",
}
ENFORCEMENT_DEPARTMENTS = {
    "区综合执法局",
    "区市场监管分局",
    "区生态环境分局",
    "区应急管理局",
    "区住建和交通局",
    "区农业农村局",
    "区自然资源局",
    "区旅游和文体广电局",
    "区卫生健康局",
    "区教育局",
    "区公安分局",
    "区工信和商务局",
    "区发改局",
    "区民社局",  # 劳动保障 (48.1 gives it that field's 行政处罚 cases)
}


@cache
def indicators() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((DATA / "indicators.yaml").read_text("utf-8"))
    return data


@cache
def units() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((DATA / "units.yaml").read_text("utf-8"))
    return data


def all_tasks(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [task for ind in doc["indicators"] for sec in ind["sections"] for task in sec["tasks"]]


def task(task_id: str) -> dict[str, Any]:
    return next(t for t in all_tasks(indicators()) if str(t["id"]) == task_id)


def overlaps(task_data: dict[str, Any]) -> list[str]:
    """Items cut verbatim from the cell that cannot be placed after the previous one without overlap.

    Each such item is matched at its first occurrence at or after the end of the previous verbatim item
    (leftmost placement never hurts the items that follow). Items not found in the cell at all (the
    附加项 quote the task text) are not part of the cell's split and are skipped.
    """
    cell = str(task_data.get("materials_cell") or "")
    end = 0
    bad: list[str] = []
    for item in task_data.get("materials") or []:
        text = str(item["text"])
        if text not in cell:
            continue
        start = cell.find(text, end)
        if start < 0:
            bad.append(f"{item['id']}「{text}」")
            continue
        end = start + len(text)
    return bad


def members(name: str) -> set[str]:
    """The units a unit or group name stands for, groups expanded recursively."""
    doc = units()
    groups = {g["name"]: g for g in doc.get("groups", [])}
    for group in doc.get("groups", []):
        for alias in group.get("aliases", []):
            groups.setdefault(alias, group)
    canonical = {u["name"]: u["name"] for u in doc["units"]}
    for unit in doc["units"]:
        for alias in unit.get("aliases", []):
            canonical.setdefault(alias, unit["name"])
    if name in canonical:
        return {canonical[name]}
    group = groups[name]
    return set().union(*(members(m) for m in group["members"]))


def unit_types() -> dict[str, str]:
    return {u["name"]: u["type"] for u in units()["units"]}


# -- (a) disjoint spans --------------------------------------------------------------------------------


@pytest.mark.parametrize("task_id", [str(t["id"]) for t in all_tasks(indicators())])
def test_verbatim_items_occupy_disjoint_spans_in_order(task_id: str) -> None:
    """No piece of a cell is required twice: verbatim items follow each other without overlapping."""
    assert overlaps(task(task_id)) == []


def test_overlap_check_catches_a_list_cut_twice() -> None:
    """The old encoding of task 3: the list alone, then the list again in front of its 网址."""
    old = {
        "materials_cell": "除档案资料外，提供行政审批中介服务事项清单及其公开网址。提供行政审批中介服务机构名录。",
        "materials": [
            {"id": "3.1", "text": "除档案资料外，提供行政审批中介服务事项清单"},
            {"id": "3.2", "text": "行政审批中介服务事项清单"},
            {"id": "3.3", "text": "及其公开网址"},
            {"id": "3.4", "text": "提供行政审批中介服务机构名录"},
        ],
    }
    assert overlaps(old) == ["3.2「行政审批中介服务事项清单」"]
    reordered = {
        "materials_cell": "甲乙",
        "materials": [{"id": "1.1", "text": "乙"}, {"id": "1.2", "text": "甲"}],
    }
    assert overlaps(reordered) == ["1.2「甲」"]


@pytest.mark.parametrize(
    ("task_id", "expected"),
    [
        (
            "3",
            [
                ("document", "除档案资料外，提供行政审批中介服务事项清单"),
                ("url", "及其公开网址"),
                ("document", "提供行政审批中介服务机构名录，并注明负责人及联系方式"),
            ],
        ),
        ("8", [("document", "除档案资料外，提供执行的行政事业性收费和政府基金清单"), ("url", "及公开网址")]),
        (
            "24",
            [
                ("document", "除档案资料外，提供在发布行政规范性文件草案向社会公开征求意见的目录清单"),
                ("url", "及网址"),
            ],
        ),
        ("32", [("document", "提供2021年以来开展清理工作的结果"), ("url", "及公布网址")]),
        (
            "76",
            [
                ("document", "提供依申请公开政府信息和答复的资料"),
                ("document", "政务公开清单"),
                ("url", "及公布网址"),
            ],
        ),
        (
            "83",
            [
                ("document", "提供机构设立的文件"),
                ("url", "及公开网址"),
                ("document", "运用全国行政复议行政应诉工作平台办理行政复议案件的证明材料"),
            ],
        ),
    ],
)
def test_list_and_its_url_are_one_item_each(task_id: str, expected: list[tuple[str, str]]) -> None:
    """“清单及网址”: the list is one document item, the 网址 one link item, numbered 1, 2 … without gaps."""
    items = task(task_id)["materials"]
    assert [(m.get("kind", "document"), m["text"]) for m in items] == expected
    assert [m["id"] for m in items] == [f"{task_id}.{n}" for n in range(1, len(items) + 1)]


def test_48_case_files_item_is_only_the_case_files() -> None:
    """48.1 is the count and amount of penalties; 48.2 is just the attached 案卷, from the same units."""
    first, second = task("48")["materials"]
    assert first["text"].endswith("行政处罚案件总数及金额")
    assert second["text"] == "附案卷"
    assert second["kind"] == "case_files"
    assert second["providers"] == first["providers"] and second["each"] is True


# -- (b) task 97 -----------------------------------------------------------------------------------------


def test_97_own_report_is_owed_by_the_leads() -> None:
    own = task("97")["materials"][0]
    assert own["kind"] == "url" and "providers" not in own
    assert task("97")["lead_units"] == ["区政府办公室", "区司法局"]


def test_97_towns_and_departments_are_the_government_s_own() -> None:
    """“包括所属乡镇和部门”: the towns and the government's working departments, nobody else."""
    item = next(m for m in task("97")["materials"] if m["text"] == "包括所属乡镇和部门")
    assert item["kind"] == "url" and item["each"] is True
    owed = set().union(*(members(p) for p in item["providers"]))
    assert owed == TOWNS | GOVERNMENT_DEPARTMENTS
    assert not owed & NOT_GOVERNMENT
    types = unit_types()
    assert not {
        u
        for u in owed
        if types[u]
        in ("党委部门", "党委议事协调机构办事机构", "纪检监察机关", "人大机关", "司法机关", "垂直管理")
    }


def test_government_departments_group() -> None:
    """政府工作部门 is a subset of 各部门（单位） made of 政府部门 and the three 分局."""
    group = members("政府工作部门")
    assert group == GOVERNMENT_DEPARTMENTS
    assert group < members("各部门（单位）")
    types = unit_types()
    assert {types[u] for u in group} == {"政府部门", "分局"}
    assert {u for u, t in types.items() if t == "政府部门"} <= group


# -- (c) 各行政执法部门 ------------------------------------------------------------------------------------


def test_enforcement_departments() -> None:
    group = members("各行政执法部门")
    assert group == ENFORCEMENT_DEPARTMENTS
    assert "区民社局" in group
    assert "区司法局" not in group, "行政执法监督机关: named where the table wants it (51.1, 54.2, 65.5)"
    assert group <= GOVERNMENT_DEPARTMENTS
    assert members("各执法部门") == members("重点执法部门") == group


def test_units_named_for_enforcement_fields_are_enforcement_departments() -> None:
    """Every unit that 48, 49, 52–55, 59 or 65 names by its enforcement field is in the group."""
    named: set[str] = set()
    for task_id in ("48", "49", "52", "53", "54", "55", "59", "65"):
        for item in task(task_id)["materials"]:
            for provider in item.get("providers") or []:
                named |= members(provider)
    assert named <= members("各行政执法部门")


def test_sifaju_still_owes_what_the_table_names_it_for() -> None:
    """Not a member of 各行政执法部门, 区司法局 is still a provider of 51.1 and owes 54.2 and 65.5 as lead."""
    assert "区司法局" in task("51")["materials"][0]["providers"]
    for task_id, item_id in (("54", "54.2"), ("65", "65.5")):
        item = next(m for m in task(task_id)["materials"] if m["id"] == item_id)
        assert "providers" not in item and "区司法局" in task(task_id)["lead_units"]
