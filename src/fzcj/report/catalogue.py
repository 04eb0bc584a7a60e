"""The package's 目录 (pure): per indicator and task, every file with its item, unit, date, pages, size
and path, and every hole marked, so that the office sees what is missing before the assessors do.

The date is the day ``fzcj intake`` received the file where it came in that way, else the day the file
was last modified (:attr:`CatalogueRow.dated`: 收到 or 修改, said with it). Pages are given for PDFs
whose bytes say them for certain (:mod:`fzcj.report.pdf_pages`), else left empty, as for Word and
Excel files.

Marks: ``缺`` (an item not yet complete: one row naming the units that still owe it), ``待审核`` (an
item filed in full that waits for the office, where review is required), ``损坏`` (a file that failed
the content check and was left out), ``未收入`` (with ``--accepted-only``: a unit's files whose review is
not accepted), ``不涉及`` (a unit's 不涉及 note, whose reason is in the item's 不涉及说明.txt),
``见任务N`` (a task whose materials are filed with task N). The totals are the status's own counts, so
they agree with ``status --format json``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from fzcj.report.package_layout import WAIVER_NOTE
from fzcj.review.states import ReviewState
from fzcj.status.types import (
    MaterialState,
    MaterialStatus,
    ProviderState,
    ProviderStatus,
    StatusReport,
    TaskStatus,
)
from fzcj.text import units_brief

MISSING = "缺"
PENDING = "待审核"
DAMAGED = "损坏"
LEFT_OUT = "未收入"
WAIVED = "不涉及"
Include = Callable[[MaterialStatus, ProviderStatus], bool]
"""Whether a provider's files go into the package (the ``--accepted-only`` filter)."""


RECEIVED = "收到"
MODIFIED = "修改"


@dataclass(frozen=True)
class Filed:
    """One evidence file as the package holds it: its path there (or its fault, if left out), its
    pages (a PDF's, where certain) and the day it was last modified."""

    source: str
    target: str
    unit: str
    size: int
    fault: str | None = None
    pages: int | None = None
    modified: dt.date | None = None


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
    date: dt.date | None = None
    dated: str = ""
    """What ``date`` is: :data:`RECEIVED` (the day intake received the file) or :data:`MODIFIED`
    (the day the file was last modified, where it did not come in through intake)."""
    pages: int | None = None


@dataclass(frozen=True)
class CatalogueTotals:
    tasks: int
    materials: int
    by_state: dict[MaterialState, int]
    files: int
    bytes: int
    damaged: int
    left_out: int = 0
    """Files not taken in because their review is not accepted (``--accepted-only``)."""

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


def _pending_row(task: TaskStatus, material: MaterialStatus) -> CatalogueRow:
    units = [p.unit for p in material.providers if p.review is not None and p.review.state.pending]
    return CatalogueRow(task, material, "、".join(units), "", "", None, PENDING, "已交齐，待审核")


def _left_out_row(task: TaskStatus, material: MaterialStatus, provider: ProviderStatus) -> CatalogueRow:
    review = provider.review
    state = review.state.label if review is not None else "未审核"
    reason = review.decision.reason if review is not None and review.decision is not None else None
    returned = review is not None and review.state is ReviewState.returned
    why = f"（{' '.join(reason.split())}）" if reason and returned else ""
    detail = f"{provider.file_count}个文件未收入，审核：{state}{why}"
    return CatalogueRow(task, material, provider.unit, "", "", None, LEFT_OUT, detail)


def _dates(material: MaterialStatus) -> dict[str, dt.date]:
    """The day intake received each file of the material's providers (where it came in that way)."""
    return {
        path: day
        for p in material.providers
        for path, day in zip(p.files, p.received, strict=False)
        if day is not None
    }


def _material_rows(
    task: TaskStatus,
    material: MaterialStatus,
    filed: list[Filed],
    note: str | None,
    include: Include | None = None,
) -> list[CatalogueRow]:
    rows = []
    received = _dates(material)
    for f in filed:
        name = f.target.rpartition("/")[2] if f.fault is None else f.source.rpartition("/")[2]
        day = received.get(f.source)
        when = (day, RECEIVED) if day is not None else (f.modified, MODIFIED if f.modified else "")
        if f.fault is None:
            rows.append(CatalogueRow(task, material, f.unit, name, f.target, f.size, "", "", *when, f.pages))
        else:
            fault = CatalogueRow(task, material, f.unit, name, f.source, f.size, DAMAGED, f.fault, *when)
            rows.append(fault)
    for provider in material.providers:
        if provider.file_count and include is not None and not include(material, provider):
            rows.append(_left_out_row(task, material, provider))
        if provider.status is ProviderState.waived:
            reason = " ".join((provider.waiver_reason or "").split())
            rows.append(
                CatalogueRow(task, material, provider.unit, WAIVER_NOTE, note or "", None, WAIVED, reason)
            )
    if material.status is MaterialState.pending:
        rows.append(_pending_row(task, material))
    elif not material.status.done:
        rows.append(_missing_row(task, material))
    return rows


def build_catalogue(
    report: StatusReport,
    title: str,
    filed: Mapping[str, list[Filed]],
    notes: Mapping[str, str],
    include: Include | None = None,
) -> Catalogue:
    """``filed``: the files of each material id (in package order); ``notes``: each material's
    不涉及说明.txt path in the package; ``include``: the filter that left some units' files out."""
    rows: list[CatalogueRow] = []
    for task in report.tasks:
        if task.materials_from is not None:
            owner = task.materials_from
            rows.append(
                CatalogueRow(task, None, "", "", "", None, f"见任务{owner}", f"与任务{owner}合并提供材料")
            )
            continue
        for material in task.materials:
            found = filed.get(material.id, [])
            rows += _material_rows(task, material, found, notes.get(material.id), include)
    materials = [m for t in report.tasks for m in t.materials]
    kept = [f for files in filed.values() for f in files if f.fault is None]
    totals = CatalogueTotals(
        tasks=len(report.tasks),
        materials=len(materials),
        by_state={state: sum(m.status is state for m in materials) for state in MaterialState},
        files=len(kept),
        bytes=sum(f.size for f in kept),
        damaged=sum(f.fault is not None for files in filed.values() for f in files),
        left_out=sum(
            p.file_count for m in materials for p in m.providers if include is not None and not include(m, p)
        ),
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
    pending = f"待审核{s[MaterialState.pending]}项，" if s[MaterialState.pending] else ""
    damaged = f"；另有损坏文件{totals.damaged}个未收入" if totals.damaged else ""
    left_out = f"；审核未通过的文件{totals.left_out}个未收入" if totals.left_out else ""
    return (
        f"共{totals.tasks}项任务、{totals.materials}项材料：齐全{s[MaterialState.complete]}项，{pending}"
        f"部分{s[MaterialState.partial]}项，缺{s[MaterialState.missing]}项，不涉及{s[MaterialState.waived]}项；"
        f"收入文件{totals.files}个（{size_text(totals.bytes)}）{damaged}{left_out}。"
    )
