"""Selections of a computed status for one reader: a unit's liaison, one 一级指标, what is overdue.

Pure functions over :class:`StatusReport`; the renderers only format what these return.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

from fzcj.data.names import normalize
from fzcj.data.workspace import Workspace
from fzcj.errors import UsageError
from fzcj.evidence.filenames import task_id_of_folder
from fzcj.problems import UNREAD_CODES, Problem
from fzcj.review.records import FOLDER as REVIEWS
from fzcj.review.records import Decision, parse_name
from fzcj.review.states import ReviewState
from fzcj.status.compute import summarize
from fzcj.status.types import MaterialStatus, StatusReport, TaskStatus
from fzcj.text import month_day

CN_NUMERALS = "一二三四五六七八九十"


class Role(StrEnum):
    lead = "lead"
    provider = "provider"
    responsible = "responsible"

    @property
    def label(self) -> str:
        return {"lead": "牵头", "provider": "提供材料", "responsible": "责任单位"}[self.value]


@dataclass(frozen=True)
class Owed:
    """A material that is not yet complete, in the task that holds it, and the units that still owe it
    (for one reader: possibly just their own unit; none when the files are there but too few)."""

    task: TaskStatus
    material: MaterialStatus
    units: tuple[str, ...]

    @property
    def returned(self) -> bool:
        """Whether the office returned what (one of) these units filed: they owe it again."""
        return any(
            p.unit in self.units and p.review is not None and p.review.state is ReviewState.returned
            for p in self.material.providers
        )

    @property
    def shortfall(self) -> tuple[int, int] | None:
        """``(filed, still needed)`` where some files are there but fewer than the item's minimum;
        None where nothing is filed, or where the units owing it are short by different numbers."""
        if self.material.each and len(self.units) != 1:
            return None
        return shortfall(self.material, self.units[0] if self.material.each else None)

    @property
    def shortfall_text(self) -> str | None:
        """``已交1个，还差2个`` (see :attr:`shortfall`)."""
        return shortfall_text(self.shortfall)

    @property
    def deadline_text(self) -> str:
        """The deadline as the table writes it, or the earlier date of a task that shares the material."""
        due = self.material.deadline
        if due is not None and due != self.task.deadline:
            return f"{month_day(due)}前"
        return self.task.deadline_text


@dataclass(frozen=True)
class TaskRow:
    """A task as a reader sees it: their roles in it, and what is missing from whom."""

    task: TaskStatus
    missing: tuple[Owed, ...]
    roles: tuple[Role, ...] = ()
    providers: tuple[str, ...] = ()
    """Every unit that owes a material of the task (of the task it shares materials with)."""
    review: ReviewState | None = None
    """The reader's marker: *returned* when a material was returned, else *submitted* (待审核) when
    review is required and something waits for the office."""


def shortfall(material: MaterialStatus, unit: str | None = None) -> tuple[int, int] | None:
    """``(filed, still needed)`` for an item that has files but fewer than its ``min``: what counts
    for ``unit`` where each unit provides its own (``each``), else all the providers' files together.
    None where the item is done, has no minimum above one, or has no file yet."""
    if material.status.done or (material.min or 1) <= 1:
        return None
    if material.each:
        if unit is None:
            return None
        provider = next((p for p in material.providers if p.unit == unit), None)
        if provider is None or provider.waiver_reason is not None:
            return None
        filed = provider.file_count
    else:
        filed = material.file_count
    needed = (material.min or 1) - filed
    return (filed, needed) if filed > 0 and needed > 0 else None


def shortfall_text(short: tuple[int, int] | None) -> str | None:
    """``已交1个，还差2个`` for ``(1, 2)``."""
    return None if short is None else f"已交{short[0]}个，还差{short[1]}个"


def owed_materials(
    owner: TaskStatus, unit: str | None = None, *, every_open: bool = False
) -> tuple[Owed, ...]:
    """What is still missing in ``owner`` (a task with its own materials), and from whom.

    With ``unit``, only what that unit itself has not filed. ``every_open`` also keeps materials that
    no unit owes any more although they are not complete (files there, but fewer than required).
    """
    result = []
    for material in owner.materials:
        if material.status.done:
            continue
        units = material.missing_units
        if unit is not None:
            units = (unit,) if unit in units else ()  # filed nothing, or too few files
        if units or every_open:
            result.append(Owed(owner, material, units))
    return tuple(result)


def task_rows(report: StatusReport) -> tuple[TaskRow, ...]:
    """Every task in table order, with every open material of its owner and all of its providers."""
    rows = []
    for task in report.tasks:
        owner = report.owner(task)
        providers = tuple(dict.fromkeys(p.unit for m in owner.materials for p in m.providers))
        rows.append(TaskRow(task, owed_materials(owner, every_open=True), providers=providers))
    return tuple(rows)


def unit_owes(report: StatusReport, unit: str) -> tuple[Owed, ...]:
    """Every material ``unit`` has not filed, once each (earliest deadline first, then table order).

    A shared material is due by the earliest deadline of the tasks it serves.
    """
    owed: dict[str, Owed] = {}
    for task in report.tasks:
        for material in task.materials:
            if unit in material.missing_units and material.id not in owed:
                owed[material.id] = Owed(task, material, (unit,))
    return tuple(sorted(owed.values(), key=lambda o: o.material.deadline or dt.date.max))


def indicator_id(value: str, report: StatusReport) -> str:
    """Accept ``一``, ``1``, ``一、政府职能…`` or a prefix of the name for ``--indicator``."""
    wanted = normalize(value).rstrip("、.")
    if not wanted.strip():
        raise UsageError("--indicator 的值是空的：请写一级指标的序号，如 一 或 1")
    if wanted.isdigit() and 1 <= int(wanted) <= len(CN_NUMERALS):
        wanted = CN_NUMERALS[int(wanted) - 1]
    headings = list(dict.fromkeys(t.level1 for t in report.tasks))
    for heading in headings:
        number, _, name = heading.partition("、")
        if wanted in (number, normalize(heading)) or (len(wanted) > 1 and normalize(name).startswith(wanted)):
            return heading
    raise UsageError(f"没有一级指标「{value}」：可用 {'、'.join(h.partition('、')[0] for h in headings)}")


class ReviewFilter(StrEnum):
    """Which reviews a reader asks for: waiting for the office (including changed since a decision),
    returned, accepted."""

    pending = "pending"
    returned = "returned"
    accepted = "accepted"

    def wants(self, state: ReviewState) -> bool:
        return state.pending if self is ReviewFilter.pending else state.value == self.value


def reviews_of(owner: TaskStatus, unit: str | None = None) -> list[ReviewState]:
    """The review states of the owner's items (of one unit's, with ``unit``)."""
    return [
        p.review.state
        for m in owner.materials
        for p in m.providers
        if p.review is not None and (unit is None or p.unit == unit)
    ]


def review_mark(states: list[ReviewState], required: bool) -> ReviewState | None:
    if ReviewState.returned in states:
        return ReviewState.returned
    if required and any(s.pending for s in states):
        return ReviewState.submitted
    return None


def select(
    report: StatusReport,
    *,
    unit: str | None = None,
    include_responsible: bool = False,
    indicator: str | None = None,
    overdue_only: bool = False,
    due_within: int | None = None,
    responsible_of: dict[str, tuple[str, ...]] | None = None,
    review: ReviewFilter | None = None,
) -> tuple[StatusReport, list[TaskRow]]:
    """Filter the report for a reader; returns the filtered report (summary recomputed) and its rows.

    ``review`` keeps the tasks with an item (of ``unit``'s) in that review state."""
    heading = indicator_id(indicator, report) if indicator is not None else None
    rows: list[TaskRow] = []
    for task in report.tasks:
        if heading and task.level1 != heading:
            continue
        if overdue_only and not task.overdue:
            continue
        if due_within is not None and (
            task.status.done or task.days_left is None or not 0 <= task.days_left <= due_within
        ):
            continue
        roles: tuple[Role, ...] = ()
        if unit is not None:
            roles = _roles(task, unit, report, responsible_of or {})
            if not roles or (roles == (Role.responsible,) and not include_responsible):
                continue
        owner = report.owner(task)
        states = reviews_of(owner, unit if roles and Role.lead not in roles else None)
        if review is not None and not any(review.wants(s) for s in states):
            continue
        missing = owed_materials(owner, unit if roles and Role.lead not in roles else None)
        rows.append(TaskRow(task, missing, roles, review=review_mark(states, report.review_required)))
    tasks = tuple(r.task for r in rows)
    summary = summarize(tasks, reviewed=report.summary.review is not None, unit=unit)
    return replace(report, tasks=tasks, summary=summary), rows


def _roles(
    task: TaskStatus, unit: str, report: StatusReport, responsible_of: dict[str, tuple[str, ...]]
) -> tuple[Role, ...]:
    roles = []
    if unit in task.lead_units:
        roles.append(Role.lead)
    owner = report.owner(task)
    if any(p.unit == unit for m in owner.materials for p in m.providers):
        roles.append(Role.provider)
    if not roles and unit in responsible_of.get(task.id, ()):
        roles.append(Role.responsible)
    return tuple(roles)


@dataclass(frozen=True)
class TaskDetail:
    """What ``fzcj show`` shows: one task, the task holding its materials, and that folder's problems."""

    as_of: dt.date
    task: TaskStatus
    owner: TaskStatus
    """The task whose materials count for ``task`` (itself, or the task it shares materials with)."""
    responsible_units: tuple[str, ...]
    """The 责任单位 as the table writes them (groups not expanded)."""
    problems: tuple[Problem, ...]
    """The problems of the task's folder (for ``unit`` only, when given)."""
    materials_cell: str = ""
    """主要提供资料 as the table writes it: the context of an item whose text is a fragment."""
    unit: str | None = None
    campaign_year: int | None = None
    history: tuple[Decision, ...] = ()
    """Every review decision on the owner's items, oldest first (undos included)."""
    review_required: bool = False


# -- whose problem is it --------------------------------------------------------------------------


def problem_task(path: str, workspace: Workspace) -> str | None:
    """The task whose evidence folder ``path`` lies in (a merged task's folder counts for its owner)."""
    parts = path.split("/")
    if len(parts) < 2 or parts[0] != "evidence":
        return None
    found = task_id_of_folder(parts[1])
    planned = workspace.plan.find(found) if found else None
    return workspace.plan.owner_of_materials(planned).id if planned else None


def problem_units(path: str, workspace: Workspace) -> frozenset[str] | None:
    """The units whose clerks a problem at ``path`` concerns; None for every unit. The rule:

    - in a unit's own folder (``evidence/<task>/<unit folder>/…``): that unit;
    - in a task folder but in no unit's folder (the task folder itself, a file put straight into it, a
      folder that names no unit): the task's lead units and every unit providing a material there,
      since any of them may have put it there;
    - the evidence folder as a whole (missing or unreadable): every unit;
    - a review record (``reviews/…``): the unit it names;
    - elsewhere (the data files, the top of ``evidence/``, a folder that names no task): the
      coordinating office (``campaign.coordinating_office``), which keeps the data and the tree.
    """
    if path == "evidence":
        return None
    parts = path.split("/")
    if parts[0] == REVIEWS and len(parts) == 2:
        record = parse_name(parts[1])
        named = workspace.directory.unit(record.unit) if record is not None else None
        if named is not None:
            return frozenset({named})
    found = task_id_of_folder(parts[1]) if len(parts) >= 2 and parts[0] == "evidence" else None
    planned = workspace.plan.find(found) if found else None
    if planned is None:
        office = workspace.directory.unit(workspace.campaign.coordinating_office)
        return frozenset({office or workspace.campaign.coordinating_office})
    if len(parts) >= 3:
        unit = workspace.directory.unit(parts[2])
        if unit is not None:
            return frozenset({unit})
    owner = workspace.plan.owner_of_materials(planned)
    return frozenset((*planned.lead_units, *owner.lead_units, *owner.providers()))


def unit_problems(problems: Iterable[Problem], unit: str, workspace: Workspace) -> tuple[Problem, ...]:
    """The problems that concern ``unit`` (a canonical name), by :func:`problem_units`."""
    owners: dict[str, frozenset[str] | None] = {}
    kept = []
    for problem in problems:
        if problem.path not in owners:
            owners[problem.path] = problem_units(problem.path, workspace)
        concerned = owners[problem.path]
        if concerned is None or unit in concerned:
            kept.append(problem)
    return tuple(kept)


@dataclass(frozen=True)
class StatusResult:
    """What ``fzcj status`` shows: the selected tasks (summary recomputed for them) as rows."""

    report: StatusReport
    rows: list[TaskRow]
    unit: str | None
    problems: tuple[Problem, ...]
    """Problems found while reading the data and the evidence (for the footer's counts): with ``unit``,
    only those that concern the unit."""
    campaign_year: int | None = None

    def unread(self) -> list[Problem]:
        """Parts of the evidence tree that could not be read: their files count as not submitted."""
        return [p for p in self.problems if p.code in UNREAD_CODES]
