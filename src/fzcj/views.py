"""Selections of a computed status for one reader: a unit's liaison, one 一级指标, what is overdue.

Pure functions over :class:`StatusReport`; the renderers only format what these return.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from fzcj.names import normalize
from fzcj.problems import UsageError
from fzcj.status import summarize
from fzcj.status_types import MaterialStatus, ProviderState, StatusReport, TaskStatus
from fzcj.units import UnitDirectory

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
    """A material with the units that still owe it (for one reader: possibly just their own unit)."""

    material: MaterialStatus
    units: tuple[str, ...]


@dataclass(frozen=True)
class TaskRow:
    task: TaskStatus
    roles: tuple[Role, ...]
    missing: tuple[Owed, ...]


def missing_materials(task: TaskStatus, unit: str | None = None) -> tuple[Owed, ...]:
    """What is still missing in a task, and from whom; with ``unit``, only what that unit owes."""
    result = []
    for material in task.materials:
        units = material.missing_units
        if unit is not None:
            owes_itself = any(
                p.unit == unit and p.status is ProviderState.missing for p in material.providers
            )
            units = (unit,) if owes_itself and not material.status.done else ()
        if units:
            result.append(Owed(material, units))
    return tuple(result)


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


def select(
    report: StatusReport,
    directory: UnitDirectory,
    *,
    unit: str | None = None,
    include_responsible: bool = False,
    indicator: str | None = None,
    overdue_only: bool = False,
    due_within: int | None = None,
    responsible_of: dict[str, tuple[str, ...]] | None = None,
) -> tuple[StatusReport, list[TaskRow]]:
    """Filter the report for a reader; returns the filtered report (summary recomputed) and its rows."""
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
        missing = missing_materials(report.owner(task), unit if roles and Role.lead not in roles else None)
        rows.append(TaskRow(task, roles, missing))
    tasks = tuple(r.task for r in rows)
    return replace(report, tasks=tasks, summary=summarize(tasks)), rows


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


def resolve_unit(name: str, directory: UnitDirectory) -> str:
    """The canonical unit for ``--unit``, or a usage error with a suggestion."""
    if not name.strip():  # `--unit "$UNIT"` with UNIT unset must not mean every unit
        raise UsageError("--unit 的值是空的：请写单位名称、简称或乡镇名，如 司法局")
    unit = directory.unit(name)
    if unit is None:
        if directory.is_group(name):
            raise UsageError(f"「{name}」是单位组，请指定具体单位，如 {directory.expand(name)[0]}")
        raise UsageError(directory.unknown_message(name))
    return unit
