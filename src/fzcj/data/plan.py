"""The compiled plan: every task with its deadline as a date and every material with its providers
expanded to units; and the one walk along ``materials_from`` references.

Domain words: a task that says ``materials_from: 27`` (任务28、29 与任务27 合并提供材料) has no materials of
its own; its evidence is filed, and counted once, in task 27's folder.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from fzcj.data.deadlines import parse_deadline
from fzcj.data.model import IndicatorsFile, MaterialKind, Task
from fzcj.data.names import task_key
from fzcj.data.units import UnitDirectory

FRAGMENT_BELOW = 10
"""An item text shorter than this many characters (实地核查, 执法证件, 举3个例子) says too little alone."""
_JOINING_WORD = re.compile(r"^(?:以及|及(?!时)|并且?|同时|包括|其中|须附|附|和|或)")


def needs_context(text: str, cell: str) -> bool:
    """Whether an item's text is a fragment that makes no sense without its whole 主要提供资料 cell.

    The rule: the text starts with a word that joins it to what came before (及、以及、并、同时、包括、
    其中、附、须附、和、或 — “及其公开网址”, “包括所属乡镇和部门”), or it is shorter than
    :data:`FRAGMENT_BELOW` characters (“实地核查”, “执法证件”). Never when the cell is empty or says no
    more than the text. ``fzcj show`` and 材料要求.txt then give the whole cell as context.
    """
    cell_text, item_text = "".join(cell.split()), "".join(text.split())
    if not cell_text or cell_text == item_text:
        return False
    return bool(_JOINING_WORD.match(item_text)) or len(item_text) < FRAGMENT_BELOW


class _Referring(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def materials_from(self) -> str | None: ...


T = TypeVar("T", bound=_Referring)


def materials_chain(task: T, find: Callable[[str], T | None]) -> tuple[list[T], bool]:
    """``task`` and the tasks its ``materials_from`` leads to, in order, and whether the chain loops.

    The chain stops at a task with materials of its own, at a reference to a task that does not
    exist, or before a task it has already passed (a loop, which the rules report).
    """
    chain = [task]
    while chain[-1].materials_from is not None:
        target = find(chain[-1].materials_from)
        if target is None:
            break
        if any(target is passed for passed in chain):  # by identity: ids may be duplicated by mistake
            return chain, True
        chain.append(target)
    return chain, False


@dataclass(frozen=True)
class PlannedMaterial:
    """A material item as the evidence check sees it: providers expanded to canonical units."""

    id: str
    number: int
    task_id: str
    kind: MaterialKind
    text: str
    providers: tuple[str, ...]
    each: bool
    min: int | None
    max: int | None
    due: dt.date | None = None
    """The earliest deadline of the tasks this material serves (its own and those sharing it)."""
    shared_with: tuple[str, ...] = ()
    """Tasks whose materials are provided together with this task's (28 and 29 for task 27)."""


@dataclass(frozen=True)
class PlannedTask:
    task: Task
    level1: str
    level2: str
    indicator_id: str
    due: dt.date | None
    lead_units: tuple[str, ...]
    responsible: tuple[str, ...]
    materials: tuple[PlannedMaterial, ...]
    materials_from: str | None

    @property
    def id(self) -> str:
        return self.task.id

    def providers(self) -> list[str]:
        """Every unit that owes a material of this task, in order of first appearance."""
        return list(dict.fromkeys(u for m in self.materials for u in m.providers))


@dataclass
class Plan:
    """The tasks in table order, with lookups by any spelling of an id."""

    tasks: list[PlannedTask] = field(default_factory=list)
    by_key: dict[str, PlannedTask] = field(default_factory=dict)

    def find(self, task_id: str) -> PlannedTask | None:
        return self.by_key.get(task_key(task_id))

    def owner_of_materials(self, task: PlannedTask) -> PlannedTask:
        """The task whose folder holds this task's evidence (itself, or the task it references)."""
        return materials_chain(task, self.find)[0][-1]


def _sharing(tasks: Sequence[Task]) -> dict[str, list[Task]]:
    """For each task that holds materials, the tasks that reference it (directly or through a chain)."""
    by_key = {task_key(t.id): t for t in tasks}
    sharing: dict[str, list[Task]] = {}
    for task in tasks:
        owner = materials_chain(task, lambda i: by_key.get(task_key(i)))[0][-1]
        if owner is not task:
            sharing.setdefault(owner.id, []).append(task)
    return sharing


def compile_plan(indicators: IndicatorsFile, directory: UnitDirectory) -> Plan:
    plan = Plan()
    year = indicators.campaign.year
    sharing = _sharing(indicators.tasks())

    def due_of(task: Task) -> dt.date | None:
        return task.due if task.due is not None else parse_deadline(task.deadline, year).due

    for indicator in indicators.indicators:
        level1 = f"{indicator.id}、{indicator.name}"
        for section in indicator.sections:
            level2 = f"{section.number}.{section.name}"
            for task in section.tasks:
                leads = tuple(directory.unit(u) or u for u in task.lead_units)
                due = due_of(task)
                borrowers = sharing.get(task.id, [])
                dates = [d for d in (due, *(due_of(b) for b in borrowers)) if d is not None]
                shared = (min(dates) if dates else None, tuple(b.id for b in borrowers))
                materials = tuple(
                    _plan_material(task, n, leads, directory, shared) for n in range(len(task.materials))
                )
                responsible = tuple(directory.expand_all(task.responsible_units))
                planned = PlannedTask(
                    task,
                    level1,
                    level2,
                    indicator.id,
                    due,
                    leads,
                    responsible,
                    materials,
                    task.materials_from,
                )
                plan.tasks.append(planned)
                for key in (task.id, *task.aliases):
                    plan.by_key[task_key(key)] = planned
    return plan


def _plan_material(
    task: Task,
    index: int,
    leads: tuple[str, ...],
    directory: UnitDirectory,
    shared: tuple[dt.date | None, tuple[str, ...]],
) -> PlannedMaterial:
    material = task.materials[index]
    providers = tuple(directory.expand_all(material.providers)) if material.providers else leads
    number_text = material.id.rpartition(".")[2]
    number = int(number_text) if number_text.isdigit() else index + 1
    return PlannedMaterial(
        material.id,
        number,
        task.id,
        material.kind,
        material.text,
        providers,
        material.each,
        material.min,
        material.max,
        due=shared[0],
        shared_with=shared[1],
    )
