"""What one unit's clerk is shown: whose problems they are, and how many files an item still lacks."""

from __future__ import annotations

import datetime as dt

import pytest

from fzcj.data.model import MaterialKind, TaskKind
from fzcj.data.workspace import load
from fzcj.problems import Problem
from fzcj.status.types import (
    MaterialState,
    MaterialStatus,
    ProviderState,
    ProviderStatus,
    TaskState,
    TaskStatus,
)
from fzcj.status.views import Owed, owed_materials, problem_units, shortfall, unit_problems
from helpers import REPO

WORKSPACE = load(REPO)
TOWNS_OF_61 = set(WORKSPACE.plan.find("61").materials[0].providers)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("path", "units"),
    [
        ("evidence/061 执法制度/滨河镇/1-清单.pdf", {"滨河镇"}),
        ("evidence/061/滨河镇", {"滨河镇"}),
        ("evidence/027 合法性审核/司法局/2-审查意见/一.pdf", {"区司法局"}),  # an alias folder
        ("data/indicators.yaml", {"区委依法治区办"}),
        ("evidence/杂项", {"区委依法治区办"}),
        ("evidence/说明.docx", {"区委依法治区办"}),
        ("evidence/999 不存在的任务", {"区委依法治区办"}),
    ],
)
def test_a_problem_belongs_to_the_unit_whose_folder_holds_it(path: str, units: set[str]) -> None:
    assert problem_units(path, WORKSPACE) == units


def test_a_problem_in_a_task_folder_outside_unit_folders_concerns_the_lead_and_every_provider() -> None:
    for path in ("evidence/061", "evidence/061/会议照片.jpg", "evidence/061/滨和镇"):
        assert problem_units(path, WORKSPACE) == {"区司法局", *TOWNS_OF_61}


def test_a_merged_task_folder_concerns_the_units_of_the_task_holding_its_materials() -> None:
    assert "区司法局" in (problem_units("evidence/028/x.pdf", WORKSPACE) or ())


def test_a_missing_evidence_folder_concerns_every_unit() -> None:
    assert problem_units("evidence", WORKSPACE) is None


def test_unit_problems_keep_only_that_units_problems() -> None:
    problems = [
        Problem(path, 0, 0, "x", "问题")
        for path in (
            "evidence/061/滨河镇/a",
            "evidence/061/东园镇/a",
            "evidence/杂项",
            "evidence/061/a",
            "evidence",
        )
    ]
    kept = [p.path for p in unit_problems(problems, "滨河镇", WORKSPACE)]
    assert kept == ["evidence/061/滨河镇/a", "evidence/061/a", "evidence"]


def _material(
    *, each: bool, counts: dict[str, int], minimum: int | None = 3, waived: str = ""
) -> MaterialStatus:
    providers = tuple(
        ProviderStatus(
            unit,
            ProviderState.submitted if n else ProviderState.missing,
            tuple(f"{unit}/{i}.pdf" for i in range(n)),
            "只有这些" if unit == waived else None,
            n,
        )
        for unit, n in counts.items()
    )
    total = sum(counts.values())
    state = MaterialState.partial if total else MaterialState.missing
    return MaterialStatus(
        "1.1", MaterialKind.document, "审查意见", minimum, None, each, state, providers, total
    )


def test_shortfall_of_an_item_any_provider_may_file() -> None:
    assert shortfall(_material(each=False, counts={"甲": 1, "乙": 0})) == (1, 2)


def test_shortfall_of_an_item_each_unit_files_is_that_units_own() -> None:
    material = _material(each=True, counts={"甲": 1, "乙": 2, "丙": 0})
    assert shortfall(material, "甲") == (1, 2)
    assert shortfall(material, "乙") == (2, 1)
    assert shortfall(material, "丙") is None  # nothing filed: it is missing, not short
    assert shortfall(material) is None  # whose?


def test_no_shortfall_without_a_minimum_or_with_a_note() -> None:
    assert shortfall(_material(each=False, counts={"甲": 1}, minimum=None)) is None
    assert shortfall(_material(each=True, counts={"甲": 1}, waived="甲"), "甲") is None


def test_owed_says_how_many_files_are_missing() -> None:
    owed = Owed(
        _task(_material(each=False, counts={"甲": 1})), _material(each=False, counts={"甲": 1}), ("甲",)
    )
    assert owed.shortfall_text == "已交1个，还差2个"


def _task(*materials: MaterialStatus) -> TaskStatus:
    return TaskStatus(
        "1", TaskKind.regular, "一、", "1.", "任务", "任务", ("牵头局",), "7月30日前",
        dt.date(2022, 7, 30), TaskState.in_progress, False, False, 10, None, materials,
    )  # fmt: skip


def test_a_provider_that_filed_too_few_still_owes_the_item_in_its_own_view() -> None:
    """A unit that filed 1 of the 3 files it must provide is told so, not shown nothing."""
    task = _task(_material(each=True, counts={"甲": 1, "乙": 3}))
    [owed] = owed_materials(task, "甲")
    assert owed.units == ("甲",) and owed.shortfall_text == "已交1个，还差2个"
    assert owed_materials(task, "乙") == ()


def test_a_units_review_counts_are_its_own_items() -> None:
    """`status --unit 滨河镇` counts 滨河镇's items waiting for review, not every unit's in the tasks shown."""
    import datetime as dt

    from fzcj import api
    from helpers import REPO

    example = REPO / "examples" / "沙坡头区示例"
    day = dt.date(2022, 6, 15)
    shown = api.status(example, day, unit="滨河镇").report.summary.review
    assert shown is not None
    listed = api.review_list(example, unit="滨河镇")
    assert shown.pending == sum(1 for e in listed if e.state.pending) > 0
