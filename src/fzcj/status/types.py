"""The computed status: plain frozen values that every renderer (table, JSON, Word) reads.

Renderers compute nothing: every number a report shows is here. ``to_json`` gives the stable JSON
interface documented in the README.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from fzcj.data.model import MaterialKind, TaskKind
from fzcj.problems import UNREAD_CODES, Problem
from fzcj.review.states import Review


class ProviderState(StrEnum):
    missing = "missing"
    submitted = "submitted"
    waived = "waived"

    @property
    def label(self) -> str:
        return {"missing": "未提供", "submitted": "已提供", "waived": "不涉及"}[self.value]


class MaterialState(StrEnum):
    missing = "missing"
    partial = "partial"
    pending = "pending"
    """Everything is filed, but not yet accepted (only where the campaign requires review)."""
    complete = "complete"
    waived = "waived"

    @property
    def label(self) -> str:
        return {
            "missing": "缺",
            "partial": "部分",
            "pending": "待审核",
            "complete": "齐全",
            "waived": "不涉及",
        }[self.value]

    @property
    def done(self) -> bool:
        return self in (MaterialState.complete, MaterialState.waived)


class TaskState(StrEnum):
    not_started = "not_started"
    in_progress = "in_progress"
    complete = "complete"
    waived = "waived"

    @property
    def label(self) -> str:
        return {
            "not_started": "未开始",
            "in_progress": "进行中",
            "complete": "已完成",
            "waived": "不涉及",
        }[self.value]

    @property
    def done(self) -> bool:
        return self in (TaskState.complete, TaskState.waived)


@dataclass(frozen=True)
class ProviderStatus:
    """What one unit has filed for one material."""

    unit: str
    status: ProviderState
    files: tuple[str, ...] = ()
    waiver_reason: str | None = None
    file_count: int = 0
    """Files that count (``files`` also lists those that do not, such as a link file without a link)."""
    received: tuple[dt.date | None, ...] = ()
    """For each of ``files``, the day ``fzcj intake`` stored it (None when it was put there by hand)."""
    review: Review | None = None
    """The office's review, where the workspace has decisions or requires review (else None)."""

    def received_on(self, path: str) -> dt.date | None:
        return dict(zip(self.files, self.received, strict=False)).get(path)

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "unit": self.unit,
            "status": self.status.value,
            "files": list(self.files),
            "file_count": self.file_count,
            "received": [day.isoformat() if day else None for day in self.received]
            if self.received
            else [None] * len(self.files),
        }
        if self.waiver_reason is not None:
            data["waiver_reason"] = self.waiver_reason
        if self.review is not None:
            data["review"] = self.review.to_json()
        return data


@dataclass(frozen=True)
class MaterialStatus:
    id: str
    kind: MaterialKind
    text: str
    min: int | None
    max: int | None
    each: bool
    status: MaterialState
    providers: tuple[ProviderStatus, ...]
    file_count: int = 0
    deadline: dt.date | None = None
    """The earliest deadline among the tasks the material serves (shared materials serve several)."""
    days_left: int | None = None
    overdue: bool = False
    due_soon: bool = False
    shared_with: tuple[str, ...] = ()

    @property
    def missing_units(self) -> tuple[str, ...]:
        """Units that still owe this material: those that filed nothing, and while the item is short of
        its minimum, those whose files do not yet reach it (every filer, for an any-one item)."""
        if self.status.done or self.status is MaterialState.pending:
            return ()
        needed = self.min or 1
        owing = []
        for p in self.providers:
            if p.status is ProviderState.missing:
                owing.append(p.unit)
            elif p.status is ProviderState.submitted and self.status is MaterialState.partial:
                short = p.file_count < needed if self.each else self.file_count < needed
                if short and p.waiver_reason is None:
                    owing.append(p.unit)
        return tuple(owing)

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "kind": self.kind.value,
            "text": self.text,
            "min": self.min,
            "max": self.max,
            "each": self.each,
            "status": self.status.value,
            "file_count": self.file_count,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "overdue": self.overdue,
            "due_soon": self.due_soon,
            "shared_with": list(self.shared_with),
            "providers": [p.to_json() for p in self.providers],
        }


@dataclass(frozen=True)
class TaskStatus:
    id: str
    kind: TaskKind
    level1: str
    level2: str
    text: str
    short_text: str
    lead_units: tuple[str, ...]
    deadline_text: str
    deadline: dt.date | None
    status: TaskState
    overdue: bool
    due_soon: bool
    days_left: int | None
    materials_from: str | None
    materials: tuple[MaterialStatus, ...]

    @property
    def days_overdue(self) -> int:
        """Days past the deadline (0 when not overdue)."""
        return -self.days_left if self.overdue and self.days_left is not None else 0

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "kind": self.kind.value,
            "level1": self.level1,
            "level2": self.level2,
            "text": self.text,
            "lead_units": list(self.lead_units),
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "deadline_text": self.deadline_text,
            "status": self.status.value,
            "overdue": self.overdue,
            "due_soon": self.due_soon,
            "days_left": self.days_left,
            "materials_from": self.materials_from,
            "materials": [m.to_json() for m in self.materials],
        }


@dataclass(frozen=True)
class ReviewCounts:
    """Units' items by review state: waiting for the office, returned, accepted."""

    pending: int = 0
    returned: int = 0
    accepted: int = 0

    @property
    def decided(self) -> int:
        return self.returned + self.accepted

    def to_json(self) -> dict[str, object]:
        return {"pending": self.pending, "returned": self.returned, "accepted": self.accepted}


@dataclass(frozen=True)
class Summary:
    total: int
    by_status: dict[TaskState, int]
    overdue: int
    due_soon: int
    review: ReviewCounts | None = None
    """Where the workspace has decisions or requires review."""

    @property
    def done(self) -> int:
        return self.by_status.get(TaskState.complete, 0) + self.by_status.get(TaskState.waived, 0)

    @property
    def rate(self) -> float:
        """Share of items complete or waived, 0…1."""
        return self.done / self.total if self.total else 0.0

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {"total": self.total}
        data.update({state.value: self.by_status.get(state, 0) for state in TaskState})
        data["overdue"] = self.overdue
        data["due_soon"] = self.due_soon
        if self.review is not None:
            data["review"] = self.review.to_json()
        return data


@dataclass(frozen=True)
class StatusReport:
    """Everything ``fzcj status`` computes for one as-of date."""

    as_of: dt.date
    summary: Summary
    tasks: tuple[TaskStatus, ...]
    problems: tuple[Problem, ...] = field(default=())
    review_required: bool = False
    """Whether only accepted materials count (``campaign.review.required``)."""

    def unread(self) -> list[Problem]:
        """What of the evidence tree could not be read: files there may be missing from every count."""
        return [p for p in self.problems if p.code in UNREAD_CODES]

    def owner(self, task: TaskStatus) -> TaskStatus:
        """The task whose materials ``task`` shares (itself when it has its own)."""
        if task.materials_from is None:
            return task
        return next((t for t in self.tasks if t.id == task.materials_from), task)

    def to_json(self) -> dict[str, object]:
        return {
            "as_of": self.as_of.isoformat(),
            "summary": self.summary.to_json(),
            "tasks": [t.to_json() for t in self.tasks],
            "problems": [p.to_json() for p in self.problems],
        }
