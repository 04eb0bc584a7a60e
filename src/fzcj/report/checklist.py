"""What the 报送清单 in a unit's pack says: every material the unit provides, what came in, what is missing.

Pure: rows computed from the status report; :mod:`fzcj.report.docx.checklist` lays them out.

Each row has one :attr:`ChecklistRow.missing` word. Open (the unit still has to send something):
``未交``, ``已交1个，还差2个``, ``已退回，请修改后重报``. Done: ``已齐全`` (accepted, or filed where the
campaign does not require review), ``已报送待审核`` (filed, waiting for the office's review: never
called 已齐全), ``不涉及``, ``已由其他单位提供``. A file that fails the content check leaves the counts as
they are (:mod:`fzcj.report.broken`) and is listed apart, to be sent again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fzcj.report.broken import BrokenFile, of_unit
from fzcj.report.fragments import PLAIN, ItemTexts
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
    """``未交``, ``已交1个，还差2个``, ``已齐全``, ``已报送待审核``, ``不涉及``… (see the module)."""
    done: bool
    overdue: bool
    broken: int = 0
    """How many of the unit's files for it fail the content check (to be sent again)."""


@dataclass(frozen=True)
class Returned:
    """A file the office sent back (退回重报), with the reason of the return (``fzcj review return``)."""

    material_id: str
    file: str
    reason: str


WAITING = "已报送待审核"
DONE_WORDS = ("已齐全", WAITING, "不涉及", "已由其他单位提供")
"""The words of done rows, in the order the summary counts them."""


@dataclass(frozen=True)
class Checklist:
    unit: str
    as_of: dt.date
    rows: tuple[ChecklistRow, ...]
    returned: tuple[Returned, ...] = ()
    broken: tuple[BrokenFile, ...] = ()
    """The unit's files that fail the content check: listed in a section of their own, to send again."""
    texts: ItemTexts = PLAIN

    @property
    def open_rows(self) -> tuple[ChecklistRow, ...]:
        return tuple(row for row in self.rows if not row.done)

    def counts(self) -> dict[str, int]:
        """How many done rows say each of :data:`DONE_WORDS` (those with none left out)."""
        done = [row.missing for row in self.rows if row.done]
        return {word: done.count(word) for word in DONE_WORDS if word in done}


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


def owes_something(report: StatusReport, unit: str, broken: tuple[BrokenFile, ...] = ()) -> bool:
    """Whether ``unit`` still has to send anything, a file of ``broken`` again included (so that
    ``pack --all`` makes it a zip)."""
    return bool(unit_owes(report, unit) or of_unit(broken, unit))


def returned_items(report: StatusReport, unit: str) -> tuple[Returned, ...]:
    """The files the office sent back to ``unit`` (its returned materials, file by file; a returned
    不涉及 note as such), with the reason: the checklist lists them in a section of their own."""
    return tuple(
        Returned(item.material_id, path.split("/", 2)[-1], item.reason)
        for item in returned_materials(report, unit)
        for path in item.files or ("“不涉及”说明",)
    )


def build_checklist(
    report: StatusReport,
    unit: str,
    broken: tuple[BrokenFile, ...] = (),
    texts: ItemTexts = PLAIN,
) -> Checklist:
    """The checklist of ``unit`` (``broken``: files that fail the content check, of any unit)."""
    mine = of_unit(broken, unit)
    waiting = report.review_required
    rows = tuple(
        _row(task, material, provider, waiting, sum(b.material.id == material.id for b in mine))
        for task, material, provider in unit_materials(report, unit)
    )
    return Checklist(unit, report.as_of, rows, returned_items(report, unit), mine, texts)


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


def _row(
    task: TaskStatus, material: MaterialStatus, mine: ProviderStatus, review_required: bool, broken: int
) -> ChecklistRow:
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
        _missing(material, mine, review_required),
        done,
        material.overdue and not done,
        broken,
    )


def _accepted(mine: ProviderStatus) -> bool:
    return mine.review is not None and mine.review.state is ReviewState.accepted


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


def _missing(material: MaterialStatus, mine: ProviderStatus, review_required: bool) -> str:
    if mine.review is not None and mine.review.state is ReviewState.returned:
        return "已退回，请修改后重报"
    if mine.status is ProviderState.waived:
        return "不涉及"
    if material.status is MaterialState.waived:
        return "不涉及"
    if _unit_done(material, mine):
        if not mine.file_count and not material.each:
            return "已由其他单位提供"
        return WAITING if review_required and not _accepted(mine) else "已齐全"
    needed = material.min or 1
    count = mine.file_count if material.each else material.file_count
    if count == 0:
        return "未交" + (f"（至少{needed}个）" if needed > 1 else "")
    return f"已交{count}个，还差{needed - count}个"
