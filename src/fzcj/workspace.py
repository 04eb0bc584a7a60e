"""The workspace: the folder holding ``data/`` and ``evidence/``, found like git finds ``.git``.

:func:`load` reads both data files, runs the cross-record rules and compiles the :class:`Plan`: every
task with its deadline as a date and every material with its providers expanded to units.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from fzcj.deadlines import parse_deadline
from fzcj.loading import load_model
from fzcj.model import Campaign, IndicatorsFile, MaterialKind, Task, UnitsFile
from fzcj.names import task_key
from fzcj.paths import EVIDENCE, INDICATORS, REPORTS, UNITS
from fzcj.problems import ExitCode, FzcjError, Problem, exit_code_of, has_errors
from fzcj.rules import RuleContext, run_all
from fzcj.units import UnitDirectory


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


@dataclass
class Plan:
    """The tasks in table order, with lookups by any spelling of an id."""

    tasks: list[PlannedTask] = field(default_factory=list)
    by_key: dict[str, PlannedTask] = field(default_factory=dict)

    def find(self, task_id: str) -> PlannedTask | None:
        return self.by_key.get(task_key(task_id))

    def owner_of_materials(self, task: PlannedTask) -> PlannedTask:
        """The task whose folder holds this task's evidence (itself, or the task it references)."""
        seen = {task.id}
        while task.materials_from is not None:
            target = self.find(task.materials_from)
            if target is None or target.id in seen:
                break
            seen.add(target.id)
            task = target
        return task


@dataclass
class Workspace:
    root: Path
    indicators: IndicatorsFile
    units: UnitsFile
    directory: UnitDirectory
    plan: Plan
    problems: list[Problem]

    @property
    def campaign(self) -> Campaign:
        return self.indicators.campaign

    @property
    def evidence_dir(self) -> Path:
        return self.root / EVIDENCE

    @property
    def reports_dir(self) -> Path:
        return self.root / REPORTS


class DataProblems(FzcjError):
    """The data files have errors, so nothing can be computed from them."""

    def __init__(self, problems: list[Problem]) -> None:
        errors = sum(p.severity == "error" for p in problems)
        code = ExitCode(exit_code_of(problems))
        super().__init__(f"数据文件有 {errors} 个错误，请先修正（fzcj validate 可查看全部问题）", code)
        self.problems = problems


def load_data(root: Path) -> tuple[Workspace | None, list[Problem]]:
    """Load and check both data files; the workspace is None when they cannot be used."""
    problems: list[Problem] = []
    indicators, ind_parsed = load_model(IndicatorsFile, root / INDICATORS, INDICATORS.as_posix(), problems)
    units, units_parsed = load_model(UnitsFile, root / UNITS, UNITS.as_posix(), problems)
    if indicators is None or units is None or ind_parsed is None or units_parsed is None:
        return None, problems
    directory = UnitDirectory.build(units)
    ctx = RuleContext(
        indicators,
        units,
        directory,
        ind_parsed,
        units_parsed,
        INDICATORS.as_posix(),
        UNITS.as_posix(),
        problems,
    )
    run_all(ctx)
    if has_errors(problems):
        return None, problems
    plan = compile_plan(indicators, directory)
    return Workspace(root, indicators, units, directory, plan, problems), problems


def load(root: Path) -> Workspace:
    """Load a workspace whose data must be usable; raises :class:`DataProblems` otherwise."""
    workspace, problems = load_data(root)
    if workspace is None:
        raise DataProblems(problems)
    return workspace


def _sharing(indicators: IndicatorsFile) -> dict[str, list[Task]]:
    """For each task that holds materials, the tasks that reference it (directly or through a chain)."""
    by_key = {task_key(t.id): t for t in indicators.tasks()}
    sharing: dict[str, list[Task]] = {}
    for task in indicators.tasks():
        owner, seen = task, {task.id}
        while owner.materials_from is not None:
            target = by_key.get(task_key(owner.materials_from))
            if target is None or target.id in seen:
                break
            seen.add(target.id)
            owner = target
        if owner is not task:
            sharing.setdefault(owner.id, []).append(task)
    return sharing


def compile_plan(indicators: IndicatorsFile, directory: UnitDirectory) -> Plan:
    plan = Plan()
    year = indicators.campaign.year
    sharing = _sharing(indicators)

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
