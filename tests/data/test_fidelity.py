"""The bundled ``data/`` is a faithful transcription of the source table, item by item.

The source is the task-breakdown table exported from Word as text
(``tests/source/沙坡头区法治政府建设示范创建指标和任务分解表.txt``); it is read with
:func:`fzcj.data.source_table.parse_rows`, and each of the 104 items is its own test.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

import pytest

from fzcj import api
from fzcj.data.deadlines import parse_deadline
from fzcj.data.model import MaterialKind, Task, TaskKind
from fzcj.data.plan import PlannedTask
from fzcj.data.source_table import SourceRow, clean, parse_rows, split_lead_cell
from fzcj.data.units import UnitDirectory
from fzcj.data.workspace import Workspace, load
from helpers import REPO, SOURCE_TABLE

TASK_IDS = [str(n) for n in range(1, 101)] + ["加1", "加2", "否1", "否2"]
CAMPAIGN_YEAR = 2022


@cache
def workspace() -> Workspace:
    return load(REPO)


@cache
def rows() -> list[SourceRow]:
    return parse_rows(SOURCE_TABLE.read_text(encoding="utf-8"))


def pair(task_id: str) -> tuple[PlannedTask, SourceRow]:
    """The YAML task and the source row in the same place of the table (matched by order, not by id)."""
    index = TASK_IDS.index(task_id)
    return workspace().plan.tasks[index], rows()[index]


def source_id(row: SourceRow) -> str:
    """The id a row should get: its 序号, prefixed with 加/否 in the 附加项 part of the table."""
    if row.level1.endswith("附加项"):
        return ("加" if "加分" in row.level2 else "否") + row.number
    return row.number


def resolve_lead_part(part: str, directory: UnitDirectory) -> list[str]:
    """Canonical names in one part of a 牵头单位 cell: a known spelling, or names glued together."""
    found = directory.unit(part)
    if found is not None:
        return [found]
    names = sorted(directory.units, key=len, reverse=True)
    result: list[str] = []
    rest = part
    while rest:
        head = next((name for name in names if rest.startswith(name)), None)
        assert head is not None, f"no unit name starts {rest!r} (from {part!r})"
        result.append(head)
        rest = rest[len(head) :]
    return result


def is_punctuation(char: str) -> bool:
    return char.isspace() or unicodedata.category(char).startswith("P")


def material_base(task: Task) -> str:
    """What the material items are cut from: the cleaned 主要提供资料 cell, or the task text if it is empty."""
    return clean(task.materials_cell) or task.text


def test_source_table_has_104_rows() -> None:
    """The exported table parses into exactly 104 三级指标 rows."""
    assert len(rows()) == 104


def test_task_ids_in_table_order() -> None:
    """Tasks are numbered 1…100, then 加1 加2 否1 否2, in the order of the table."""
    assert [t.id for t in workspace().plan.tasks] == TASK_IDS
    assert [source_id(r) for r in rows()] == TASK_IDS


def test_campaign_year_is_2022() -> None:
    """The deadlines of the table are read in the campaign year 2022."""
    assert workspace().campaign.year == CAMPAIGN_YEAR


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_item_matches_source_row(task_id: str) -> None:
    """Headings, id, text, units, deadline and the 主要提供资料 cell equal the source row."""
    planned, row = pair(task_id)
    task = planned.task
    assert task.id == source_id(row)
    assert planned.level1 == row.level1, "一级指标"
    assert planned.level2 == row.level2, "二级指标"
    assert task.text == row.text
    assert task.responsible_units == [clean(part) for part in row.responsible_cell.split("、")]
    assert task.deadline == row.deadline
    assert task.materials_cell == row.materials, "主要提供资料 must be kept verbatim"


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_item_lead_units_match_source(task_id: str) -> None:
    """牵头单位 are the cell's parts resolved to canonical names (aliases and glued names included)."""
    planned, row = pair(task_id)
    directory = workspace().directory
    expected = [
        name for part in split_lead_cell(row.lead_cell) for name in resolve_lead_part(part, directory)
    ]
    assert planned.task.lead_units == expected
    assert all(name in directory.units for name in planned.task.lead_units), "written canonically"


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_item_due_date_is_deadline_in_campaign_year(task_id: str) -> None:
    """The due date is the 完成时限 read in 2022 (none for 长期坚持); a written ``due`` agrees."""
    planned, row = pair(task_id)
    parsed = parse_deadline(row.deadline, CAMPAIGN_YEAR)
    assert parsed.error is None
    assert planned.due == parsed.due
    if planned.task.due is not None:
        assert planned.task.due == parsed.due


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_item_materials_are_cut_from_the_cell(task_id: str) -> None:
    """Each material text is a substring of the cleaned cell, and together they cover all its wording."""
    task = pair(task_id)[0].task
    base = material_base(task)
    for material in task.materials:
        assert material.text in base, material.id
    cell = clean(task.materials_cell)
    if not cell:
        return
    covered = [False] * len(cell)
    for material in task.materials:
        start = 0
        while (k := cell.find(material.text, start)) >= 0:
            covered[k : k + len(material.text)] = [True] * len(material.text)
            start = k + 1
    missing = "".join(c for c, ok in zip(cell, covered, strict=True) if not ok and not is_punctuation(c))
    assert missing == "", f"wording of the cell not in any material item: {missing}"


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_item_materials_are_well_formed(task_id: str) -> None:
    """Material ids run 任务号.1, .2 …; providers are known and differ from the leads; min ≤ max."""
    task = pair(task_id)[0].task
    directory = workspace().directory
    for n, material in enumerate(task.materials, 1):
        assert material.id == f"{task.id}.{n}"
        for provider in material.providers or []:
            assert provider in directory.units or provider in directory.groups, provider
        assert material.providers != task.lead_units, f"{material.id}: omit providers equal to the leads"
        if material.min is not None and material.max is not None:
            assert material.min <= material.max
    if task.kind is not TaskKind.regular:
        assert len(task.materials) == 1, "附加项 have exactly one material item"
    if task.materials_cell.strip():
        assert task.materials_from is None, "a task with its own cell does not borrow materials"
    else:
        assert task.materials or task.materials_from, "no materials and no materials_from"


def test_ten_level1_and_34_level2_indicators() -> None:
    """There are 10 一级指标 and 34 二级指标."""
    indicators = workspace().indicators.indicators
    assert len(indicators) == 10
    assert sum(len(i.sections) for i in indicators) == 34


def test_sections_and_tasks_per_level1() -> None:
    """Per 一级指标 (二级 count, task count): 一 5/20 … 十 2/4."""
    expected = {
        "一": (5, 20),
        "二": (4, 13),
        "三": (6, 13),
        "四": (6, 22),
        "五": (3, 9),
        "六": (2, 7),
        "七": (2, 7),
        "八": (2, 4),
        "九": (2, 5),
        "十": (2, 4),
    }
    got = {
        i.id: (len(i.sections), sum(len(s.tasks) for s in i.sections))
        for i in workspace().indicators.indicators
    }
    assert got == expected


def test_level_headings_match_source_sets() -> None:
    """Every 一级/二级 heading of the table appears in the data, and no other."""
    plan = workspace().plan.tasks
    assert {t.level1 for t in plan} == {r.level1 for r in rows()}
    assert {(t.level1, t.level2) for t in plan} == {(r.level1, r.level2) for r in rows()}


def test_merged_tasks_reference_the_task_that_provides() -> None:
    """合并提供: 28,29→27; 44→43; 56,57,58→55; 60→59; 72→71 — and nothing else."""
    merged = {t.id: t.task.materials_from for t in workspace().plan.tasks if t.task.materials_from}
    assert merged == {
        "28": "27",
        "29": "27",
        "44": "43",
        "56": "55",
        "57": "55",
        "58": "55",
        "60": "59",
        "72": "71",
    }
    for target in set(merged.values()):
        provider = workspace().plan.find(target)
        assert provider is not None
        assert provider.materials, f"task {target} provides the merged materials"


def test_task_and_material_ids_are_unique() -> None:
    """No two tasks and no two material items share an id."""
    tasks = [t.task for t in workspace().plan.tasks]
    assert len({t.id for t in tasks}) == len(tasks)
    material_ids = [m.id for t in tasks for m in t.materials]
    assert len(set(material_ids)) == len(material_ids)


def test_bonus_and_veto_kinds() -> None:
    """加1 加2 are bonus items, 否1 否2 veto items, all others regular."""
    kinds = {t.id: t.task.kind for t in workspace().plan.tasks}
    assert [k for k, v in kinds.items() if v is TaskKind.bonus] == ["加1", "加2"]
    assert [k for k, v in kinds.items() if v is TaskKind.veto] == ["否1", "否2"]


@pytest.mark.parametrize(
    ("kind", "task_ids"),
    [
        # DOMAIN.md lists task 4 too, but 4.1 asks for “材料清单或网址”: a list or a link, so it is a
        # document item (a .url file counts like any other file there).
        (MaterialKind.url, "3,6,8,24,32,33,36,37,52,54,70,76,83,84,85,86,97"),
        (MaterialKind.onsite_check, "5,17,18,20,78,87,92"),
        (MaterialKind.online_check, "1,87,91,92"),
        (MaterialKind.commitment, "67,92,93"),
        (MaterialKind.case_files, "48,53,55,82"),
    ],
)
def test_material_kinds_by_task(kind: MaterialKind, task_ids: str) -> None:
    """Special material kinds (网址, 实地核查 …) occur exactly in the tasks whose cell asks for them."""
    found = {t.id for t in workspace().plan.tasks for m in t.task.materials if m.kind is kind}
    assert sorted(found, key=int) == task_ids.split(",")


def test_bundled_data_validates_without_problems() -> None:
    """``fzcj validate --data-only`` on the repository finds nothing at all (no warnings either)."""
    assert api.validate(Path(REPO), data_only=True) == []
