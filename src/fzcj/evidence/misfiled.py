"""What to tell a clerk whose file the walk cannot attribute, or attributes against its name.

The walk in :mod:`fzcj.evidence.walk` decides; this module words the advice: which item numbers the
unit owes, what to write instead, which task's folder a file that names another task belongs in, and
when a name numbered ``(1)`` reads like another item (a copy's number in front, not an item number).
"""

from __future__ import annotations

import difflib
import os

from fzcj.data.names import task_key
from fzcj.data.plan import Plan, PlannedMaterial, PlannedTask
from fzcj.evidence.filenames import item_number, material_id_of, strip_item_number

MIN_LIKENESS = 2
"""Characters a name must share with an item's text to be said to read like it; also the shortest
run of shared characters that counts (single characters such as 的 are shared by any two texts)."""


def providers(task: PlannedTask) -> list[str]:
    seen: list[str] = []
    for material in task.materials:
        seen += [u for u in material.providers if u not in seen]
    return seen


def owed_numbers(owed: list[PlannedMaterial]) -> str:
    return "、".join(f"第{m.number}项" for m in owed)


def likeness(name: str, text: str) -> str:
    """The runs of two or more characters ``name`` shares with ``text`` (an item's or a task's words),
    in the name's order, joined by “…”: ``抽查结果…公开情况``. Its length less the “…” is the score."""
    matcher = difflib.SequenceMatcher(None, name, text, autojunk=False)
    runs = [name[m.a : m.a + m.size] for m in matcher.get_matching_blocks() if m.size >= MIN_LIKENESS]
    return "…".join(runs)


def _score(name: str, text: str) -> int:
    return len(likeness(name, text).replace("…", ""))


def _words(name: str) -> str:
    """The words of a file name: no item number in front, no extension."""
    return os.path.splitext(strip_item_number(name))[0]


def misnumbered(name: str, number: int, owed: list[PlannedMaterial]) -> str | None:
    """A warning for ``(1)审查意见.pdf`` counted for item 1 whose words read far more like item 2:
    the ``(1)`` may be the number a copy got, not the item it belongs to. None when nothing is amiss."""
    words = _words(name)
    own = next((m for m in owed if m.number == number), None)
    if own is None or not words:
        return None
    own_score = _score(words, own.text)
    others = [(_score(words, m.text), m) for m in owed if m.number != number]
    score, best = max(others, key=lambda pair: pair[0], default=(0, None))
    if best is None or score < MIN_LIKENESS or score < 2 * own_score or score < own_score + 2:
        return None  # “far better” than its own item: at least twice as much, and two characters more
    run = likeness(words, best.text)
    return (
        f"文件名像第{best.number}项（{run}），却编为第{number}项，已按第{number}项计入："
        f"如属第{best.number}项，请改名为“{best.number}-{strip_item_number(name)}”；"
        f"如“{name[: len(name) - len(strip_item_number(name))].strip()}”是复制文件时加上的编号，请删去"
    )


def other_task(plan: Plan, task: PlannedTask, name: str, number: int) -> PlannedTask | None:
    """The task a file belongs to when its leading number is another task's id and no item of this
    one (``31-备案审查情况.pdf`` in task 30's folder); None when it names no other task.

    A number of two digits or more that is larger than any item number is a task id; a smaller one
    only when the file's words read more like that task than like this one."""
    named = plan.find(str(number))
    if named is None or plan.owner_of_materials(named) is task:
        return None
    if any(m.number == number for m in task.materials):
        return None
    if number >= 10 and number > max((m.number for t in plan.tasks for m in t.materials), default=0):
        return named  # two digits, and more than any task has items: a task id
    words = _words(name)
    there = max(_score(words, text) for text in _texts(named))
    here = max(_score(words, text) for text in _texts(task))
    return named if there >= MIN_LIKENESS and there > here else None


def _texts(task: PlannedTask) -> list[str]:
    return [task.task.text, *(m.text for m in task.materials)]


def _belongs_in(plan: Plan, other: PlannedTask) -> str:
    owner = plan.owner_of_materials(other)
    if owner is other:
        return f"应放入任务{other.id}的文件夹"
    return f"应放入任务{owner.id}的文件夹（任务 {other.id} 与任务 {owner.id} 合并提供材料）"


def unknown_item(
    plan: Plan, task: PlannedTask, unit: str, number: int, owed: list[PlannedMaterial], name: str
) -> tuple[str, str]:
    """(code, message) for a file whose number is no item this unit owes here."""
    numbering = (
        f"{unit} 在本任务需提供：{owed_numbers(owed)}，"
        f"文件名以序号或材料编号开头，如“{owed[0].number}-…”或“{owed[0].id}-…”"
    )
    other = material_id_of(name)
    if other is not None and task_key(other[0]) != task_key(task.id):
        shared = any(task_key(other[0]) in {task_key(t) for t in m.shared_with} for m in task.materials)
        if shared:
            where = f"任务 {other[0]} 与任务 {task.id} 合并提供材料，没有自己的材料编号"
            return (
                "unknown-item",
                f"“{other[0]}.{other[1]}”是任务 {other[0]} 的材料编号，未计入：{where}（{numbering}）",
            )
        return "other-task-file", (
            f"“{other[0]}.{other[1]}”是任务 {other[0]} 的材料编号，未计入：应放入任务{other[0]}的文件夹"
        )
    named = other_task(plan, task, name, number)
    if named is not None:
        return "other-task-file", (
            f"开头的“{number}”是任务 {named.id} 的编号，不是本任务的材料序号，未计入：{_belongs_in(plan, named)}"
        )
    exists = any(m.number == number for m in task.materials)
    what = f"{unit} 不需要提供第{number}项" if exists else f"任务 {task.id} 没有第{number}项材料"
    hint = numbering
    then = item_number(strip_item_number(name))  # "27-2 审查意见.pdf": the task id, then the item
    if task_key(str(number)) == task_key(task.id) and then is not None:
        hint = f"若指材料 {task.id}.{then}，请写成“{task.id}.{then}-…”或“{then}-…”；{numbering}"
    if len(owed) == 1:
        hint = (
            f"{unit} 在本任务只需提供{owed_numbers(owed)}，文件名不用加序号；"
            f"若开头的“{number}”是名称的一部分，请改写（如“第{number}次…”）"
        )
    return "unknown-item", f"{what}，未计入（{hint}）"


def needs_number(task: PlannedTask, unit: str, owed: list[PlannedMaterial], *, folder: bool) -> str:
    what = "文件夹" if folder else "文件"
    example = f"{owed[0].number}-材料名称" + ("" if folder else ".pdf")
    return (
        f"无法判断这个{what}属于哪一项材料，未计入：{unit} 在任务 {task.id} 需提供{owed_numbers(owed)}，"
        f"请在名称前加上材料序号，如“{example}”"
    )
