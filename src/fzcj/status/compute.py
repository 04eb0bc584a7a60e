"""Compute completeness from the plan and the evidence index. Pure: no I/O, no printing.

Rules (README documents them for users):

* a provider has *submitted* a material when at least one counted file is filed for it, *waived* it
  with a 不涉及 note (for the item, or for everything it owes in the task), else it is *missing*;
* an any-one material is complete when any provider submitted and the files reach ``min``; it is
  waived only when every provider waived it; an each-provider material is complete when every
  provider submitted (each reaching ``min``) or waived, and waived when all waived; a note also
  covers a shortfall: files below ``min`` plus a 不涉及 note of the same unit(s) count as complete;
* a task is complete when all its materials are complete or waived (waived when all are waived),
  in progress when anything was filed or waived, otherwise not started; a task that shares another
  task's materials takes that task's state;
* overdue: the as-of date is after the deadline and the task is not complete (the deadline day is
  not overdue); due soon: not complete and the deadline is within ``due_soon_days`` days.
"""

from __future__ import annotations

import datetime as dt

from fzcj.data.plan import PlannedMaterial, PlannedTask
from fzcj.data.workspace import Workspace
from fzcj.evidence.index import EvidenceIndex, Waiver
from fzcj.problems import Problem, sort_problems
from fzcj.status.types import (
    MaterialState,
    MaterialStatus,
    ProviderState,
    ProviderStatus,
    StatusReport,
    Summary,
    TaskState,
    TaskStatus,
)
from fzcj.text import short_text


def provider_status(
    index: EvidenceIndex, task_id: str, material: PlannedMaterial, unit: str
) -> ProviderStatus:
    key = (task_id, unit, material.number)
    files = tuple(sorted(index.files.get(key, ())))
    received = tuple(index.received.get(f) for f in files) if index.received else ()
    count = index.counted.get(key, 0)
    waiver = _waiver(index, task_id, material, unit)
    reason = waiver.reason if waiver is not None else None
    if count > 0:
        return ProviderStatus(unit, ProviderState.submitted, files, reason, count, received)
    if waiver is not None:
        return ProviderStatus(unit, ProviderState.waived, files, reason, received=received)
    return ProviderStatus(unit, ProviderState.missing, files, received=received)


def _waiver(index: EvidenceIndex, task_id: str, material: PlannedMaterial, unit: str) -> Waiver | None:
    """The unit's 不涉及 note for this item, or for everything it owes in the task."""
    return index.waivers.get((task_id, unit, material.number)) or index.waivers.get((task_id, unit, 0))


def material_status(
    index: EvidenceIndex, task_id: str, material: PlannedMaterial, as_of: dt.date, soon: int
) -> MaterialStatus:
    providers = tuple(provider_status(index, task_id, material, unit) for unit in material.providers)
    counts = [p.file_count for p in providers]
    needed = material.min or 1
    submitted = [p.status is ProviderState.submitted for p in providers]
    waived = [p.status is ProviderState.waived for p in providers]
    # A 不涉及 note also covers a shortfall (2 of "at least 3" plus a note): so filing one more file
    # can never turn a waived or complete item into a partial one.
    excused = [p.waiver_reason is not None for p in providers]
    if providers and all(waived):
        state = MaterialState.waived
    elif material.each:
        enough = all(x or c >= needed for x, c in zip(excused, counts, strict=True))
        if enough:
            state = MaterialState.complete
        elif any(submitted):
            state = MaterialState.partial
        else:
            state = MaterialState.missing
    elif any(submitted):
        done = sum(counts) >= needed or all(excused)
        state = MaterialState.complete if done else MaterialState.partial
    else:
        state = MaterialState.missing
    return MaterialStatus(
        material.id,
        material.kind,
        material.text,
        material.min,
        material.max,
        material.each,
        state,
        providers,
        sum(counts),
        *_timing(material.due, state.done, as_of, soon),
        shared_with=material.shared_with,
    )


def _timing(
    due: dt.date | None, done: bool, as_of: dt.date, soon: int
) -> tuple[dt.date | None, int | None, bool, bool]:
    """(deadline, days left, overdue, due soon): overdue from the day after the deadline, never when done."""
    days_left = (due - as_of).days if due is not None else None
    overdue = days_left is not None and days_left < 0 and not done
    due_soon = days_left is not None and 0 <= days_left <= soon and not done
    return due, days_left, overdue, due_soon


def task_state(materials: tuple[MaterialStatus, ...]) -> TaskState:
    if materials and all(m.status is MaterialState.waived for m in materials):
        return TaskState.waived
    if materials and all(m.status.done for m in materials):
        return TaskState.complete
    touched = any(
        m.status is not MaterialState.missing
        or any(p.status is not ProviderState.missing or p.files for p in m.providers)
        for m in materials
    )
    return TaskState.in_progress if touched else TaskState.not_started


def compute(workspace: Workspace, index: EvidenceIndex, as_of: dt.date) -> StatusReport:
    """The status of every task on ``as_of``, plus the data warnings and evidence problems."""
    plan = workspace.plan
    soon = workspace.campaign.due_soon_days
    own: dict[str, tuple[tuple[MaterialStatus, ...], TaskState]] = {}
    for task in plan.tasks:
        if task.materials_from is None:
            materials = tuple(material_status(index, task.id, m, as_of, soon) for m in task.materials)
            own[task.id] = (materials, task_state(materials))
    tasks = tuple(_task_status(plan.owner_of_materials(t), t, own, as_of, soon) for t in plan.tasks)
    return StatusReport(as_of, summarize(tasks), tasks, tuple(_problems(workspace, index)))


def _task_status(
    owner: PlannedTask,
    task: PlannedTask,
    own: dict[str, tuple[tuple[MaterialStatus, ...], TaskState]],
    as_of: dt.date,
    soon: int,
) -> TaskStatus:
    materials, state = own.get(owner.id, ((), TaskState.not_started))
    _, days_left, overdue, due_soon = _timing(task.due, state.done, as_of, soon)
    return TaskStatus(
        id=task.id,
        kind=task.task.kind,
        level1=task.level1,
        level2=task.level2,
        text=task.task.text,
        short_text=short_text(task.task.text),
        lead_units=task.lead_units,
        deadline_text=task.task.deadline,
        deadline=task.due,
        status=state,
        overdue=overdue,
        due_soon=due_soon,
        days_left=days_left,
        materials_from=owner.id if owner is not task else None,
        materials=materials if owner is task else (),
    )


def summarize(tasks: tuple[TaskStatus, ...]) -> Summary:
    by_status = {state: sum(t.status is state for t in tasks) for state in TaskState}
    return Summary(
        total=len(tasks),
        by_status=by_status,
        overdue=sum(t.overdue for t in tasks),
        due_soon=sum(t.due_soon for t in tasks),
    )


def _problems(workspace: Workspace, index: EvidenceIndex) -> list[Problem]:
    return sort_problems(list(workspace.problems) + list(index.problems))
