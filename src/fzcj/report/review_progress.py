"""The office's review in the documents (pure): the weekly report's line on review progress, the
returned items with their reasons (its annex and the 督办通知), and what was newly returned or accepted
since the previous report (from the snapshots' ``reviews``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from fzcj.review.states import ReviewState
from fzcj.status.types import ReviewCounts, StatusReport
from fzcj.text import listing

Decided = Mapping[str, str]
"""``{"27.1 区司法局": "accepted" or "returned"}``: the decisions in force on unchanged files."""


@dataclass(frozen=True)
class ReturnedItem:
    """One unit's material the office returned, with the reason."""

    task_id: str
    material_id: str
    material_text: str
    unit: str
    reason: str
    by: str
    at: dt.datetime
    files: tuple[str, ...] = ()
    """The files returned (paths relative to evidence/): those judged, as they have not changed since."""


@dataclass(frozen=True)
class ReviewProgress:
    counts: ReviewCounts
    returned: tuple[ReturnedItem, ...]
    newly_returned: tuple[str, ...] | None = None
    """``27.2 区司法局`` … returned since the previous report (None: no review data to compare with)."""
    newly_accepted: tuple[str, ...] | None = None

    def sentence(self) -> str:
        """已审核X项，通过Y项，退回Z项；… plus the week-over-week names."""
        c = self.counts
        text = (
            f"已审核材料{c.decided}项（按单位、材料计，下同），通过{c.accepted}项，退回{c.returned}项；"
            f"另有待审核{c.pending}项。"
        )
        if self.newly_returned is not None and self.newly_accepted is not None:
            back = (
                f"新退回{len(self.newly_returned)}项（{listing(self.newly_returned)}）"
                if self.newly_returned
                else "无新退回"
            )
            done = (
                f"新通过{len(self.newly_accepted)}项（{listing(self.newly_accepted)}）"
                if self.newly_accepted
                else "无新通过"
            )
            text += f"与上期相比，{back}，{done}。"
        return text


def decided(report: StatusReport) -> dict[str, str]:
    """The pairs whose decision is in force on the files as they are, for the snapshot."""
    return {
        f"{m.id} {p.unit}": p.review.state.value
        for t in report.tasks
        for m in t.materials
        for p in m.providers
        if p.review is not None and p.review.state in (ReviewState.accepted, ReviewState.returned)
    }


def returned_items(report: StatusReport, unit: str | None = None) -> tuple[ReturnedItem, ...]:
    """Returned materials (of ``unit``), in table order, with the reason."""
    items = []
    for task in report.tasks:
        for m in task.materials:
            for p in m.providers:
                review = p.review
                if review is None or review.state is not ReviewState.returned or review.decision is None:
                    continue
                if unit is None or p.unit == unit:
                    d = review.decision
                    items.append(
                        ReturnedItem(task.id, m.id, m.text, p.unit, d.reason or "", d.by, d.at, p.files)
                    )
    return tuple(items)


def review_progress(report: StatusReport, previous: Decided | None = None) -> ReviewProgress | None:
    """The review part of the weekly report; None where the workspace has no review at all."""
    counts = report.summary.review
    if counts is None:
        return None
    if previous is None:
        return ReviewProgress(counts, returned_items(report))
    now = decided(report)
    newly = {
        state: tuple(k for k, v in now.items() if v == state and previous.get(k) != state)
        for state in ("returned", "accepted")
    }
    return ReviewProgress(counts, returned_items(report), newly["returned"], newly["accepted"])
