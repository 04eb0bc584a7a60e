"""What the 报送清单 in a unit's pack says: every material the unit provides, what came in, what is missing.

Pure: rows computed from the status report; :mod:`fzcj.report.docx.checklist` lays them out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fzcj.report.review_progress import returned_items as returned_materials
from fzcj.review.states import ReviewState
from fzcj.status.types import (
    MaterialState,
    MaterialStatus,
    ProviderState,
    ProviderStatus,
    StatusReport,
    TaskStatus,
)
from fzcj.status.views import unit_owes
from fzcj.text import month_day, units_short


@dataclass(frozen=True)
class ChecklistRow:
    """One material the unit provides."""

    material_id: str
    task_id: str
    task_text: str
    material_text: str
    rule: str
    """Who else provides it: ``各单位分别提供``, ``也可由区政府办公室提供`` (empty when the unit alone does)."""
    deadline: str
    """``7月30日``, or the deadline as the table writes it when it has no date."""
    timing: str
    """``剩45天``, ``已逾期3天``, ``今日到期`` (only while something is missing), else ""."""
    received: tuple[str, ...]
    """The unit's files for it (their names inside the unit's folder, with the day intake received them)."""
    missing: str
    """``未交``, ``已交1个，还差2个``, ``已齐全``, ``不涉及``…"""
    done: bool
    overdue: bool


@dataclass(frozen=True)
class Returned:
    """A file the office sent back (退回重报), with the reason of the return (``fzcj review return``)."""

    material_id: str
    file: str
    reason: str


@dataclass(frozen=True)
class Checklist:
    unit: str
    as_of: dt.date
    rows: tuple[ChecklistRow, ...]
    returned: tuple[Returned, ...] = ()

    @property
    def open_rows(self) -> tuple[ChecklistRow, ...]:
        return tuple(row for row in self.rows if not row.done)


def unit_materials(
    report: StatusReport, unit: str
) -> list[tuple[TaskStatus, MaterialStatus, ProviderStatus]]:
    """Every material ``unit`` provides (once, under the task that holds it), in table order."""
    found = []
    for task in report.tasks:
        for material in task.materials:
            mine = next((p for p in material.providers if p.unit == unit), None)
            if mine is not None:
                found.append((task, material, mine))
    return found


def owes_something(report: StatusReport, unit: str) -> bool:
    """Whether ``unit`` still has to send anything (so that ``pack --all`` makes it a zip)."""
    return bool(unit_owes(report, unit))


def returned_items(report: StatusReport, unit: str) -> tuple[Returned, ...]:
    """The files the office sent back to ``unit`` (its returned materials, file by file; a returned
    不涉及 note as such), with the reason: the checklist lists them in a section of their own."""
    return tuple(
        Returned(item.material_id, path.split("/", 2)[-1], item.reason)
        for item in returned_materials(report, unit)
        for path in item.files or ("“不涉及”说明",)
    )


def build_checklist(report: StatusReport, unit: str) -> Checklist:
    rows = tuple(_row(task, material, mine) for task, material, mine in unit_materials(report, unit))
    return Checklist(unit, report.as_of, rows, returned_items(report, unit))


def _unit_done(material: MaterialStatus, mine: ProviderStatus) -> bool:
    """Nothing more is asked of this unit: the item is complete, or all there and waiting for the
    office's review (待审核), the unit is not concerned, or (an item each unit provides) its own files
    reach the minimum."""
    if (
        material.status.done
        or material.status is MaterialState.pending
        or mine.status is ProviderState.waived
    ):
        return True
    return material.each and mine.status is ProviderState.submitted and mine.file_count >= (material.min or 1)


def _row(task: TaskStatus, material: MaterialStatus, mine: ProviderStatus) -> ChecklistRow:
    done = _unit_done(material, mine)
    deadline = month_day(material.deadline) if material.deadline else task.deadline_text
    return ChecklistRow(
        material.id,
        task.id,
        task.short_text,
        material.text,
        _rule(material, mine.unit),
        deadline,
        "" if done else _timing(material.days_left),
        tuple(_received(path, mine) for path in mine.files),
        _missing(material, mine),
        done,
        material.overdue and not done,
    )


def _rule(material: MaterialStatus, unit: str) -> str:
    others = [p.unit for p in material.providers if p.unit != unit]
    if not others:
        return ""
    return "各单位分别提供" if material.each else f"也可由{units_short(others)}提供"


def _timing(days_left: int | None) -> str:
    if days_left is None:
        return ""
    if days_left < 0:
        return f"已逾期{-days_left}天"
    return "今日到期" if days_left == 0 else f"剩{days_left}天"


def _received(path: str, mine: ProviderStatus) -> str:
    name = path.split("/", 2)[-1]  # inside the unit's folder
    day = mine.received_on(path)
    return f"{name}（{month_day(day)}收）" if day else name


def _missing(material: MaterialStatus, mine: ProviderStatus) -> str:
    if mine.review is not None and mine.review.state is ReviewState.returned:
        return "已退回，请修改后重报"
    if mine.status is ProviderState.waived:
        return "不涉及"
    if material.status is MaterialState.waived:
        return "不涉及"
    if material.status is MaterialState.pending:
        return "待审核"
    if _unit_done(material, mine):
        return "已齐全" if mine.files or material.each else "已由其他单位提供"
    needed = material.min or 1
    count = mine.file_count if material.each else material.file_count
    if count == 0:
        return "未交" + (f"（至少{needed}个）" if needed > 1 else "")
    return f"已交{count}个，还差{needed - count}个"
