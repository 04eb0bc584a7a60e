"""The review queue (``fzcj review list``): every unit's item that has something to review, or a decision.

Waiting items (待审核, 待复审, an unjudged 不涉及 note) come first, the oldest submission first; then
the returned ones and the accepted ones, the oldest decision first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from fzcj.data.plan import Plan
from fzcj.evidence.index import EvidenceIndex
from fzcj.review.book import submitted_at
from fzcj.review.records import Decision
from fzcj.review.states import ReviewState
from fzcj.status.types import MaterialStatus, ProviderStatus, StatusReport, TaskStatus
from fzcj.status.views import ReviewFilter

Submitted = Callable[[str, str], dt.datetime | None]
"""When a unit last changed what it filed for an item: (material id, unit) → the newest file's time."""


def submission_times(plan: Plan, index: EvidenceIndex) -> Submitted:
    """:data:`Submitted` from the walk's index (scanned with ``stamps``)."""
    numbers = {m.id: (t.id, m.number) for t in plan.tasks for m in t.materials}

    def submitted(material_id: str, unit: str) -> dt.datetime | None:
        task_id, number = numbers[material_id]
        return submitted_at(index, (task_id, unit, number))

    return submitted


@dataclass(frozen=True)
class QueueEntry:
    task: TaskStatus
    """The task that holds the material."""
    material: MaterialStatus
    provider: ProviderStatus
    state: ReviewState
    submitted: dt.datetime | None
    decision: Decision | None

    def to_json(self) -> dict[str, object]:
        decision = self.decision
        return {
            "item": self.material.id,
            "task": self.task.id,
            "unit": self.provider.unit,
            "state": self.state.value,
            "submitted": self.submitted.isoformat(timespec="seconds") if self.submitted else None,
            "files": list(self.provider.files),
            "decision": decision.verdict.value if decision else None,
            "reason": decision.reason if decision else None,
            "by": decision.by if decision else None,
            "at": decision.at.isoformat() if decision else None,
        }


def review_queue(
    report: StatusReport,
    submitted: Submitted,
    *,
    unit: str | None = None,
    wanted: ReviewFilter | None = None,
) -> list[QueueEntry]:
    """Entries of the full report (one per unit and material), filtered by unit and review state."""
    entries = []
    for task in report.tasks:
        for material in task.materials:
            for provider in material.providers:
                review = provider.review
                if review is None or review.state is ReviewState.missing:
                    continue
                if (unit is not None and provider.unit != unit) or (
                    wanted and not wanted.wants(review.state)
                ):
                    continue
                when = submitted(material.id, provider.unit)
                entries.append(QueueEntry(task, material, provider, review.state, when, review.decision))
    return sorted(entries, key=_order)


def _order(entry: QueueEntry) -> tuple[int, float]:
    group = 0 if entry.state.pending else 1 if entry.state is ReviewState.returned else 2
    when = entry.submitted if group == 0 else entry.decision.at if entry.decision else None
    return (group, when.timestamp() if when else float("inf"))
