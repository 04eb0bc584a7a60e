"""Which item texts are fragments that need the whole 主要提供资料 cell (``needs_context``)."""

from __future__ import annotations

import pytest

from fzcj.data.plan import needs_context
from fzcj.data.workspace import load
from helpers import REPO

CELL = "提供2021年法治政府建设情况年度报告公布网址，包括所属乡镇和部门。"


@pytest.mark.parametrize(
    "text",
    [
        "包括所属乡镇和部门",
        "及其公开网址",
        "以及公平竞争审查意见",
        "并任选5个提供原件全文",
        "同时分别提供发布各类应急预案的网址",
        "附案卷",
    ],
)
def test_a_text_joined_to_what_came_before_needs_its_cell(text: str) -> None:
    assert needs_context(text, CELL + text)


@pytest.mark.parametrize("text", ["实地核查", "执法证件", "举3个例子"])
def test_a_text_too_short_to_say_what_is_wanted_needs_its_cell(text: str) -> None:
    assert needs_context(text, f"提供相关资料，{text}。")


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("提供2021年以来开展后评估的情况说明", "提供2021年以来开展后评估的情况说明，并附报告。"),
        ("及时查处违法行为的情况说明材料", "提供及时查处违法行为的情况说明材料。"),  # 及时 is no joining word
        ("实地核查", "实地核查"),  # the cell says no more
        ("及网址", ""),  # no cell to show
    ],
)
def test_a_text_that_stands_alone_needs_nothing(text: str, cell: str) -> None:
    assert not needs_context(text, cell)


def test_task_97_item_2_of_the_real_table_is_shown_with_its_cell() -> None:
    planned = load(REPO).plan.find("97")
    assert planned is not None
    item = next(m for m in planned.task.materials if m.id == "97.2")
    assert needs_context(item.text, planned.task.materials_cell)
