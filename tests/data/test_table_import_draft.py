"""The drafts fzcj.table_import writes: valid YAML of the data files' shape, no place it was not told.

The engine imports nothing from fzcj; only these tests use fzcj.model and fzcj.api to check the drafts.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from county_tables import bundled_unit_names, renamed_county
from fzcj import api
from fzcj.data.deadlines import parse_deadline
from fzcj.data.model import IndicatorsFile, UnitsFile
from fzcj.data.table_import import Draft, draft_workspace, yaml_writer
from fzcj.data.table_import.directory import Directory
from fzcj.data.table_import.materials import draft_items
from fzcj.problems import Severity
from helpers import REPO, SOURCE_TABLE

SRC = REPO / "src" / "fzcj"
ENGINE = SRC / "data" / "table_import"
HEADER = [
    "一级指标",
    "二级指标",
    "序号",
    "三级指标（具体工作任务）",
    "牵头单位",
    "责任单位",
    "完成时限",
    "主要提供资料",
]


@cache
def source_draft() -> Draft:
    return draft_workspace(SOURCE_TABLE, year=2022)


@cache
def hand_units() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((REPO / "data" / "units.yaml").read_text("utf-8"))
    return data


def tasks(draft: Draft) -> dict[str, dict[str, Any]]:
    return {t["id"]: t for i in draft.indicators["indicators"] for s in i["sections"] for t in s["tasks"]}


def text_export(rows: list[list[str]], title: str = "") -> str:
    """A table as Word saves it as plain text: every cell on a line starting with TAB."""
    lines = [title, ""] if title else []
    for row in [HEADER, *rows]:
        lines += ["\t" + cell for cell in row] + [""]
    return "\n".join(lines)


def with_towns(units_yaml: str) -> str:
    """The units draft with a made-up town in every group that has no members yet."""
    data = yaml.safe_load(units_yaml)
    for group in data["groups"]:
        if not group["members"]:
            data["units"].append({"name": "示例镇", "type": "乡镇"})
            group["members"] = ["示例镇"]
    return yaml.safe_dump(data, allow_unicode=True)


def test_yaml_text_is_the_data() -> None:
    draft = source_draft()
    assert yaml.safe_load(draft.indicators_yaml) == draft.indicators
    assert yaml.safe_load(draft.units_yaml) == draft.units


def test_drafts_have_the_shape_of_the_data_files() -> None:
    draft = source_draft()
    indicators = IndicatorsFile.model_validate(yaml.safe_load(draft.indicators_yaml))
    UnitsFile.model_validate(yaml.safe_load(with_towns(draft.units_yaml)))
    hand = yaml.safe_load((REPO / "data" / "indicators.yaml").read_text("utf-8"))
    assert list(draft.indicators["campaign"]) == list(hand["campaign"])
    assert len(indicators.tasks()) == 104
    assert draft.counts == {
        "indicators": 10,
        "sections": 34,
        "tasks": 104,
        "materials": len([m for t in indicators.tasks() for m in t.materials]),
        "linked": 8,
        "units": 33,
        "groups": 4,
        "checks": draft.counts["checks"],
    }
    assert draft.counts["checks"] == draft.indicators_yaml.count("# 请核对：") + draft.units_yaml.count(
        "# 请核对："
    )


def test_draft_workspace_passes_fzcj_validate_once_towns_are_filled_in(tmp_path: Path) -> None:
    """The only error of a fresh draft is the empty 各乡镇 group; every 请核对 comment is a 提示."""
    draft = source_draft()
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "indicators.yaml").write_text(draft.indicators_yaml, "utf-8")
    (tmp_path / "data" / "units.yaml").write_text(draft.units_yaml, "utf-8")
    problems = api.validate(tmp_path, data_only=True, cache=False)
    errors = [p.message for p in problems if p.severity is Severity.error]
    assert errors == ["字段「members」至少应有 1 项"]  # 各乡镇: the table names no town
    assert [p.code for p in problems if p.severity is not Severity.error] == ["to-check"] * draft.counts[
        "checks"
    ]
    assert "单位组“各乡镇”还没有成员：请在 data/units.yaml 中补充，否则数据文件无法通过检查" in draft.notes
    (tmp_path / "data" / "units.yaml").write_text(with_towns(draft.units_yaml), "utf-8")
    problems = api.validate(tmp_path, data_only=True, cache=False)
    assert {p.severity for p in problems} == {Severity.info}


def test_units_draft_against_the_hand_checked_directory() -> None:
    """Every unit of data/units.yaml but the towns (the table names none) is found under the same name,
    and every member of its groups; most types and short names agree. The figures are printed."""
    hand = {u["name"]: u for u in hand_units()["units"] if u["type"] != "乡镇"}
    draft = {u["name"]: u for u in source_draft().units["units"]}
    assert set(draft) == set(hand)
    types = sum(draft[n]["type"] == hand[n]["type"] for n in hand)
    aliases = {a for u in hand.values() for a in u.get("aliases", [])}
    known = {a for u in draft.values() for a in u.get("aliases", [])}
    hand_groups = {g["name"]: g["members"] for g in hand_units()["groups"] if g["name"] != "各乡镇"}
    groups = {g["name"]: g["members"] for g in source_draft().units["groups"] if g["name"] != "各乡镇"}
    assert set(groups) == set(hand_groups)
    extra = {name: sorted(set(groups[name]) - set(members)) for name, members in hand_groups.items()}
    print(
        f"\n单位 {len(hand)}/{len(hand)}，类型一致 {types}/{len(hand)}，手工简称在初稿中 {len(known & aliases)}/{len(aliases)}；"
        + "；".join(
            f"{name} 成员 {len(groups[name])}（多出 {'、'.join(extra[name]) or '无'}）" for name in groups
        )
    )
    assert types >= len(hand) - 1
    assert len(known & aliases) >= len(aliases) - 5
    for name, members in hand_groups.items():
        assert set(members) <= set(groups[name]) and len(extra[name]) <= 1, name


def test_another_county_leaves_no_trace_of_the_bundled_one(tmp_path: Path) -> None:
    path = tmp_path / "中宁县任务分解表.txt"
    path.write_text(renamed_county(SOURCE_TABLE.read_text("utf-8"), bundled_unit_names()), "utf-8")
    assert not re.search(r"区(委|政府|司法局)|沙坡头", path.read_text("utf-8"))
    draft = draft_workspace(path, year=2023, office="县委依法治县办")
    campaign = draft.indicators["campaign"]
    assert campaign["district"] == "中宁县"
    assert campaign["name"] == "中宁县法治政府建设示范创建"
    assert campaign["coordinating_office"] == "县委依法治县办"
    forbidden = ["沙坡头", "中卫", "宁夏", "区委", "区政府", "区司法局", "依法治区"]
    forbidden += [u["name"] for u in hand_units()["units"] if u["type"] == "乡镇"]
    for text in (draft.indicators_yaml, draft.units_yaml, "\n".join(draft.notes)):
        assert [word for word in forbidden if word in text] == []
    by_id = tasks(draft)
    assert by_id["16"]["lead_units"] == ["县工信和商务局", "县民社局", "县农业农村局", "县财政局"]
    assert "due" not in by_id["1"]  # 5月30日前 in the campaign year: the text and campaign.year say it
    assert parse_deadline(by_id["1"]["deadline"], 2023).due == dt.date(2023, 5, 30)
    assert by_id["15"]["materials"][0]["providers"] == [
        "县政府办公室",
        "县发改局",
        "县工信和商务局",
        "县司法局",
        "县财政局",
    ]
    assert "县旅游和文体广电局" in {u["name"] for u in draft.units["units"]}
    IndicatorsFile.model_validate(yaml.safe_load(draft.indicators_yaml))


def test_no_place_name_in_the_code_of_new() -> None:
    """Neither the engine nor the command that uses it knows a place: another county's table is read by
    the same rules as ours."""
    units = hand_units()["units"]
    words = {"沙坡头", "中卫", "宁夏", "中宁", "依法治区"} | {u["name"] for u in units}
    words |= {u.get("full_name") or "" for u in units}
    words |= {a for u in units for a in u.get("aliases", []) if len(a) >= 3 and a.startswith("区")}
    words.discard("")
    sources = [*sorted(ENGINE.glob("*.py")), SRC / "cli" / "new.py", SRC / "data" / "deadlines.py"]
    sources += [SRC / "data" / "source_table.py", SRC / "data" / "rules" / "review_marks.py"]
    for path in sources:
        source = path.read_text("utf-8")  # a missing file fails here: keep the list current
        assert [w for w in sorted(words) if w in source] == [], path.relative_to(SRC)


def test_a_small_table_of_another_kind(tmp_path: Path) -> None:
    """Towns and 街道 named as providers, glued lead units, 底/长期坚持 deadlines, 附加项, merge notes."""
    rows = [
        ["一、依法全面履行政府职能", "1.深化简政放权", "1", "任务甲。", "县司法局\n县财政局", "各乡镇（街道）、各部门（单位）", "6月底前",
         "城关镇、新华街道提供情况说明；县财政局提供收费清单及公开网址。"],
        ["", "", "2", "任务乙。", "县财政局县司法局", "各乡镇（街道）、各部门（单位）", "长期坚持",
         "合并提供：工作情况说明，举2个例子。"],
        ["", "", "3", "任务丙。", "县司法局", "各乡镇（街道）、各部门（单位）", "2024年3月31日前", ""],
        ["二、附加项", "1.加分项", "1", "获得表彰的（须附正式文件证明）。", "县司法局", "各乡镇（街道）、各部门（单位）", "7月30日前", ""],
        ["", "2.否决项", "1", "发生严重违法行为的。", "县司法局", "各乡镇（街道）、各部门（单位）", "7月30日前", ""],
    ]  # fmt: skip
    path = tmp_path / "表.txt"
    path.write_bytes(text_export(rows, title="某县法治政府建设示范创建任务分解表").encode("gbk"))
    draft = draft_workspace(path, year=2023)
    by_id = tasks(draft)
    assert list(by_id) == ["1", "2", "3", "加1", "否1"]
    assert parse_deadline(by_id["1"]["deadline"], 2023).due == dt.date(2023, 6, 30)
    assert "due" not in by_id["2"]
    assert by_id["2"]["lead_units"] == ["县财政局", "县司法局"]
    assert by_id["1"]["materials"] == [
        {
            "id": "1.1",
            "text": "城关镇、新华街道提供情况说明",
            "providers": ["城关镇", "新华街道"],
            "each": True,
        },
        {"id": "1.2", "text": "县财政局提供收费清单", "providers": ["县财政局"]},
        {"id": "1.3", "text": "及公开网址", "kind": "url", "providers": ["县财政局"]},
    ]
    assert by_id["2"]["materials"][1] == {"id": "2.2", "text": "举2个例子", "min": 2}
    assert by_id["3"]["materials_from"] == "2" and by_id["3"]["materials"] == []
    assert parse_deadline(by_id["3"]["deadline"], 2023).due == dt.date(
        2024, 3, 31
    )  # the next year: no 请核对
    assert "请核对：完成时限" not in draft.indicators_yaml
    assert by_id["加1"] | {"materials": by_id["加1"]["materials"]} == by_id["加1"]
    assert by_id["加1"]["aliases"] == ["B1"] and by_id["加1"]["kind"] == "bonus"
    assert by_id["加1"]["materials"] == [
        {"id": "加1.1", "text": "须附正式文件证明", "kind": "formal_document"}
    ]
    assert by_id["否1"]["materials"] == [{"id": "否1.1", "text": "发生严重违法行为的", "kind": "attestation"}]
    groups = {g["name"]: g["members"] for g in draft.units["groups"]}
    assert groups["各乡镇（街道）"] == ["城关镇", "新华街道"]
    campaign = draft.indicators["campaign"]
    assert (campaign["district"], campaign["name"], campaign["coordinating_office"]) == (
        "某县",
        "某县法治政府建设示范创建",
        "县司法局",
    )
    assert any("县财政局县司法局" in note for note in draft.notes)
    IndicatorsFile.model_validate(yaml.safe_load(draft.indicators_yaml))
    UnitsFile.model_validate(yaml.safe_load(draft.units_yaml))


def test_options_fill_the_campaign_block(tmp_path: Path) -> None:
    draft = draft_workspace(
        SOURCE_TABLE, name="创建活动", district="某地", year=2021, office="县委依法治县办"
    )
    campaign = draft.indicators["campaign"]
    assert (campaign["name"], campaign["district"], campaign["year"]) == ("创建活动", "某地", 2021)
    assert campaign["coordinating_office"] == campaign["report"]["issuer"] == "县委依法治县办"
    office = next(u for u in draft.units["units"] if u["name"] == "县委依法治县办")
    assert office["type"] == "党委议事协调机构办事机构"
    assert "# 请核对：协调办公室不在表中，按 --office 添加" in draft.units_yaml
    assert not any(
        note.startswith(("创建地区未指定", "创建年度未指定", "协调办公室未指定")) for note in draft.notes
    )


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(min_size=0, max_size=12), min_size=1, max_size=4),
    st.text(min_size=1, max_size=20),
)
def test_yaml_writer_round_trips_any_text(values: list[str], comment: str) -> None:
    data = {"items": [{"id": v, "text": v, "aliases": values} for v in values], "note": values[0]}
    comments = {("items", 0): [comment.replace("\n", " ")], ("note",): ["请核对：x"]}
    assert yaml.safe_load(yaml_writer.dump(data, comments, flow=frozenset({"aliases"}))) == data


def small_directory() -> Directory:
    directory = Directory(prefix="县")
    for name in ("县司法局", "县财政局", "县卫生健康局", "县市场监管分局"):
        directory.add_unit(name, "牵头单位")
    directory.add_group("各乡镇（街道）")
    return directory


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (
            "县卫健局牵头，联合县市场监管分局提供抽查记录。",
            [("县卫健局牵头，联合县市场监管分局提供抽查记录", "document", ["县卫生健康局", "县市场监管分局"], False)],
        ),
        (
            "提供年度报告及其公开网址，以及上报上级的文件。",
            [("提供年度报告", "document", None, False), ("及其公开网址", "url", None, False),
             ("以及上报上级的文件", "document", None, False)],
        ),
        (
            "提供工作方案、总结报告、工作台账。",
            [("提供工作方案", "document", None, False), ("总结报告", "document", None, False),
             ("工作台账", "document", None, False)],
        ),
        ("由县财政局提供统计表（不超过3份）。", [("由县财政局提供统计表（不超过3份）", "document", ["县财政局"], False)]),
        (
            "各乡镇（街道）提供工作台账；网上核查。",
            [("各乡镇（街道）提供工作台账", "document", ["各乡镇（街道）"], True), ("网上核查", "online_check", None, False)],
        ),
        (
            "提供近三年行政复议案件目录，任选3个案件提供案卷。",
            [("提供近三年行政复议案件目录", "document", None, False), ("任选3个案件提供案卷", "case_files", None, False)],
        ),
    ],
)  # fmt: skip
def test_material_rules_beyond_the_bundled_table(cell: str, expected: list[tuple[Any, ...]]) -> None:
    items = draft_items(cell, ["县司法局"], small_directory())
    assert [(i.text, i.kind, i.providers, i.each) for i in items] == expected
