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
  not overdue); due soon: not complete and the deadline is within ``due_soon_days`` days;
* where the campaign requires review (``campaign.review.required``), only accepted files and notes
  count: a material is complete or waived on those alone, *pending* (待审核) when what waits for the
  office would complete it, and a returned unit's material counts as not submitted until it changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from fzcj.data.plan import PlannedMaterial, PlannedTask
from fzcj.data.workspace import Workspace
from fzcj.evidence.index import EvidenceIndex, Key
from fzcj.problems import Problem, sort_problems
from fzcj.review.states import Review, ReviewState, state_of
from fzcj.status.types import (
    MaterialState,
    MaterialStatus,
    ProviderState,
    ProviderStatus,
    ReviewCounts,
    StatusReport,
    Summary,
    TaskState,
    TaskStatus,
)
from fzcj.text import short_text

Facts = tuple[ProviderState, int, bool]
"""What counts of one provider: (state, counted files, whether a 不涉及 note excuses a shortfall)."""
_NOTHING: Facts = (ProviderState.missing, 0, False)


def provider_status(
    index: EvidenceIndex,
    task_id: str,
    material: PlannedMaterial,
    unit: str,
    reviews: Mapping[Key, Review] | None = None,
    required: bool = False,
) -> ProviderStatus:
    """What ``unit`` filed for ``material``; with ``reviews``, also the office's review. Where review
    is ``required``, returned materials count as not submitted (the files stay listed)."""
    key = (task_id, unit, material.number)
    files = tuple(sorted(index.files.get(key, ())))
    received = tuple(index.received.get(f) for f in files) if index.received else ()
    count = index.counted.get(key, 0)
    waiver = index.waiver_of(task_id, unit, material.number)
    reason = waiver.reason if waiver is not None else None
    review = None
    if reviews is not None:
        review = reviews.get(key) or Review(
            state_of(counted=count > 0, waived=waiver is not None, decision=None, same_files=True)
        )
        if required and review.state is ReviewState.returned:
            return ProviderStatus(unit, ProviderState.missing, files, reason, 0, received, review)
    if count > 0:
        return ProviderStatus(unit, ProviderState.submitted, files, reason, count, received, review)
    if waiver is not None:
        return ProviderStatus(unit, ProviderState.waived, files, reason, received=received, review=review)
    return ProviderStatus(unit, ProviderState.missing, files, received=received, review=review)


def _rule(material: PlannedMaterial, facts: list[Facts]) -> MaterialState:
    counts = [c for _, c, _ in facts]
    needed = material.min or 1
    submitted = [s is ProviderState.submitted for s, _, _ in facts]
    waived = [s is ProviderState.waived for s, _, _ in facts]
    # A 不涉及 note also covers a shortfall (2 of "at least 3" plus a note): so filing one more file
    # can never turn a waived or complete item into a partial one.
    excused = [x for _, _, x in facts]
    if facts and all(waived):
        return MaterialState.waived
    if material.each:
        if all(x or c >= needed for x, c in zip(excused, counts, strict=True)):
            return MaterialState.complete
        return MaterialState.partial if any(submitted) else MaterialState.missing
    if any(submitted):
        done = sum(counts) >= needed or all(excused)
        return MaterialState.complete if done else MaterialState.partial
    return MaterialState.missing


def _reviewed_rule(material: PlannedMaterial, providers: tuple[ProviderStatus, ...]) -> MaterialState:
    """Where review is required: complete on accepted files alone; *pending* when what waits for the
    office would complete it; otherwise as the files filed (returned ones not among them) stand."""
    facts = [(p.status, p.file_count, p.waiver_reason is not None) for p in providers]
    states = [p.review.state if p.review is not None else ReviewState.missing for p in providers]
    accepted = [f if s is ReviewState.accepted else _NOTHING for f, s in zip(facts, states, strict=True)]
    state = _rule(material, accepted)
    if state.done:
        return state
    filed = [_NOTHING if s is ReviewState.returned else f for f, s in zip(facts, states, strict=True)]
    later = _rule(material, filed)
    return MaterialState.pending if later.done else later


def material_status(
    index: EvidenceIndex,
    task_id: str,
    material: PlannedMaterial,
    as_of: dt.date,
    soon: int,
    reviews: Mapping[Key, Review] | None = None,
    required: bool = False,
) -> MaterialStatus:
    providers = tuple(
        provider_status(index, task_id, material, unit, reviews, required) for unit in material.providers
    )
    if required:
        state = _reviewed_rule(material, providers)
    else:
        state = _rule(material, [(p.status, p.file_count, p.waiver_reason is not None) for p in providers])
    return MaterialStatus(
        material.id,
        material.kind,
        material.text,
        material.min,
        material.max,
        material.each,
        state,
        providers,
        sum(p.file_count for p in providers),
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


def compute(
    workspace: Workspace,
    index: EvidenceIndex,
    as_of: dt.date,
    reviews: Mapping[Key, Review] | None = None,
) -> StatusReport:
    """The status of every task on ``as_of``, plus the data warnings and evidence problems.

    ``reviews`` (the review of each (task, unit, item) that has decisions; empty when none has) adds
    the office's review to every provider, and makes only accepted materials count where the campaign
    requires review; None leaves the status as it is without review.
    """
    plan = workspace.plan
    soon = workspace.campaign.due_soon_days
    required = reviews is not None and workspace.campaign.review.required
    own: dict[str, tuple[tuple[MaterialStatus, ...], TaskState]] = {}
    for task in plan.tasks:
        if task.materials_from is None:
            materials = tuple(
                material_status(index, task.id, m, as_of, soon, reviews, required) for m in task.materials
            )
            own[task.id] = (materials, task_state(materials))
    tasks = tuple(_task_status(plan.owner_of_materials(t), t, own, as_of, soon) for t in plan.tasks)
    summary = summarize(tasks, reviewed=reviews is not None)
    return StatusReport(as_of, summary, tasks, tuple(_problems(workspace, index)), required)


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


def summarize(tasks: tuple[TaskStatus, ...], *, reviewed: bool = False, unit: str | None = None) -> Summary:
    """Tasks by state; with ``reviewed``, also the units' items by review state (each material once,
    in the task that holds it; with ``unit``, only that unit's items)."""
    by_status = {state: sum(t.status is state for t in tasks) for state in TaskState}
    return Summary(
        total=len(tasks),
        by_status=by_status,
        overdue=sum(t.overdue for t in tasks),
        due_soon=sum(t.due_soon for t in tasks),
        review=review_counts(tasks, unit) if reviewed else None,
    )


def review_counts(tasks: tuple[TaskStatus, ...], unit: str | None = None) -> ReviewCounts:
    states = [
        p.review.state
        for t in tasks
        for m in t.materials
        for p in m.providers
        if p.review is not None and (unit is None or p.unit == unit)
    ]
    return ReviewCounts(
        pending=sum(s.pending for s in states),
        returned=states.count(ReviewState.returned),
        accepted=states.count(ReviewState.accepted),
    )


def _problems(workspace: Workspace, index: EvidenceIndex) -> list[Problem]:
    return sort_problems(list(workspace.problems) + list(index.problems))
