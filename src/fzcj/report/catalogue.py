"""The package's 目录 (pure): per indicator and task, every file with its item, unit, size and path, and
every hole marked, so that the office sees what is missing before the assessors do.

Marks: ``缺`` (an item not yet complete: one row naming the units that still owe it), ``损坏`` (a file
that failed the content check and was left out), ``不涉及`` (a unit's 不涉及 note, whose reason is in the
item's 不涉及说明.txt), ``见任务N`` (a task whose materials are filed with task N). The totals are the
status's own counts, so they agree with ``status --format json``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from fzcj.report.package_layout import WAIVER_NOTE
from fzcj.status.types import MaterialState, MaterialStatus, ProviderState, StatusReport, TaskStatus
from fzcj.text import units_brief

MISSING = "缺"
DAMAGED = "损坏"
WAIVED = "不涉及"


@dataclass(frozen=True)
class Filed:
    """One evidence file as the package holds it: its path there (or its fault, if left out)."""

    source: str
    target: str
    unit: str
    size: int
    fault: str | None = None


@dataclass(frozen=True)
class CatalogueRow:
    task: TaskStatus
    material: MaterialStatus | None
    unit: str
    name: str
    path: str
    """In the package; for a file left out, relative to evidence/."""
    size: int | None
    mark: str
    detail: str


@dataclass(frozen=True)
class CatalogueTotals:
    tasks: int
    materials: int
    by_state: dict[MaterialState, int]
    files: int
    bytes: int
    damaged: int

    @property
    def missing_items(self) -> int:
        """Items marked 缺: not complete (missing or partial)."""
        return self.by_state[MaterialState.missing] + self.by_state[MaterialState.partial]


@dataclass(frozen=True)
class Catalogue:
    title: str
    as_of: dt.date
    rows: list[CatalogueRow]
    totals: CatalogueTotals


def _missing_row(task: TaskStatus, material: MaterialStatus) -> CatalogueRow:
    units = material.missing_units
    if units:
        detail = f"尚缺：{units_brief(units)}"
    else:
        detail = f"文件数不足（至少{material.min}个，现有{material.file_count}个）"
    return CatalogueRow(task, material, "、".join(units), "", "", None, MISSING, detail)


def _material_rows(
    task: TaskStatus, material: MaterialStatus, filed: list[Filed], note: str | None
) -> list[CatalogueRow]:
    rows = []
    for f in filed:
        name = f.target.rpartition("/")[2] if f.fault is None else f.source.rpartition("/")[2]
        if f.fault is None:
            rows.append(CatalogueRow(task, material, f.unit, name, f.target, f.size, "", ""))
        else:
            rows.append(CatalogueRow(task, material, f.unit, name, f.source, f.size, DAMAGED, f.fault))
    for provider in material.providers:
        if provider.status is ProviderState.waived:
            reason = " ".join((provider.waiver_reason or "").split())
            rows.append(
                CatalogueRow(task, material, provider.unit, WAIVER_NOTE, note or "", None, WAIVED, reason)
            )
    if not material.status.done:
        rows.append(_missing_row(task, material))
    return rows


def build_catalogue(
    report: StatusReport,
    title: str,
    filed: Mapping[str, list[Filed]],
    notes: Mapping[str, str],
) -> Catalogue:
    """``filed``: the files of each material id (in package order); ``notes``: each material's
    不涉及说明.txt path in the package."""
    rows: list[CatalogueRow] = []
    for task in report.tasks:
        if task.materials_from is not None:
            owner = task.materials_from
            rows.append(
                CatalogueRow(task, None, "", "", "", None, f"见任务{owner}", f"与任务{owner}合并提供材料")
            )
            continue
        for material in task.materials:
            rows += _material_rows(task, material, filed.get(material.id, []), notes.get(material.id))
    materials = [m for t in report.tasks for m in t.materials]
    kept = [f for files in filed.values() for f in files if f.fault is None]
    totals = CatalogueTotals(
        tasks=len(report.tasks),
        materials=len(materials),
        by_state={state: sum(m.status is state for m in materials) for state in MaterialState},
        files=len(kept),
        bytes=sum(f.size for f in kept),
        damaged=sum(f.fault is not None for files in filed.values() for f in files),
    )
    return Catalogue(title, report.as_of, rows, totals)


def size_text(size: int) -> str:
    """``356 KB``, ``1.2 MB``: sizes as Explorer shows them (1 KB for anything from 1 byte)."""
    if size < 1024 * 1024:
        return f"{max(1, -(-size // 1024)) if size else 0} KB"
    if size < 1024**3:
        return f"{size / 1024**2:.1f} MB"
    return f"{size / 1024**3:.2f} GB"


def totals_text(totals: CatalogueTotals) -> str:
    """One sentence with the counts (the 目录's opening and the command's summary)."""
    s = totals.by_state
    damaged = f"；另有损坏文件{totals.damaged}个未收入" if totals.damaged else ""
    return (
        f"共{totals.tasks}项任务、{totals.materials}项材料：齐全{s[MaterialState.complete]}项，"
        f"部分{s[MaterialState.partial]}项，缺{s[MaterialState.missing]}项，不涉及{s[MaterialState.waived]}项；"
        f"收入文件{totals.files}个（{size_text(totals.bytes)}）{damaged}。"
    )
