"""The office's Excel 台账 as plain rows (pure): what each unit owes for each material, per task, per unit.

Three tables, each row with the :class:`Tone` its fill shows:

* :func:`ledger_rows` (台账): one row per (task, material, provider); a task that shares another task's
  materials, or has none, gets one row of its own;
* :func:`task_summary_rows` (任务汇总): one row per task with its state and counts;
* :func:`unit_summary_rows` (单位汇总): one row per unit, by the weekly report's ranking
  (:func:`fzcj.report.ranking.unit_progress`, ranks shared by equal 报送率: 并列), so that both say the same.

Every number comes from the :class:`StatusReport`, so the 台账 agrees with ``status --format json``;
:func:`review_cells`, :func:`accepted` and :func:`received` are the only places that read the review and
the intake dates from it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from fzcj.report.fragments import PLAIN, ItemTexts
from fzcj.report.ranking import shared_ranks, unit_progress
from fzcj.review.records import Verdict
from fzcj.review.states import ReviewState
from fzcj.status.types import (
    MaterialState,
    MaterialStatus,
    ProviderState,
    ProviderStatus,
    StatusReport,
    TaskState,
    TaskStatus,
)
from fzcj.status.views import Role

FILES_IN_CELL = 50
"""File names listed in one cell before it says …等N个文件 (a cell holds at most 32,767 characters)."""


class Tone(StrEnum):
    """The fill of a row, in the three-colour supervision of the weekly report (always with a text label)."""

    done = "done"  # green
    overdue = "overdue"  # red
    due_soon = "due_soon"  # blue
    behind = "behind"  # yellow: in progress, or files short of the minimum
    plain = "plain"


# -- review and intake: the one place each of them is read ------------------------------------------


def review_cells(provider: ProviderStatus) -> tuple[str, str, str, dt.datetime | None]:
    """审核, 退回原因, 审核人, 审核时间 of a provider's item, as ``status --format json`` has them.

    Empty where the workspace has no review, or the unit filed nothing. 审核 is the review state (待审核
    before any decision); the other three come from the decision in force: the reason of a return (an
    accept's note is not a reason to return), who decided, and when (the time as recorded, in its own
    offset: Excel cells have no time zone).
    """
    review = provider.review
    if review is None or review.state is ReviewState.missing:
        return ("", "", "", None)
    decision = review.decision
    if decision is None:
        return (review.state.label, "", "", None)
    reason = decision.reason or "" if decision.verdict is Verdict.return_ else ""
    return (review.state.label, reason, decision.by, decision.at.replace(tzinfo=None))


def accepted(provider: ProviderStatus) -> bool | None:
    """Whether the provider's item is accepted under review; None where the workspace has no review."""
    return None if provider.review is None else provider.review.state is ReviewState.accepted


def received(provider: ProviderStatus) -> dt.date | None:
    """最近收到: the latest day ``fzcj intake`` stored one of the provider's files (None when none came
    in through intake: files put there by hand have no date)."""
    return max((day for day in provider.received if day is not None), default=None)


# -- rows ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LedgerRow:
    """One row of the 台账 sheet."""

    task: TaskStatus
    material: MaterialStatus | None
    provider: ProviderStatus | None
    material_text: str
    state: str
    files: str
    days_overdue: int | None
    tone: Tone


def task_tone(task: TaskStatus) -> Tone:
    if task.status.done:
        return Tone.done
    if task.overdue:
        return Tone.overdue
    if task.due_soon:
        return Tone.due_soon
    return Tone.behind if task.status is TaskState.in_progress else Tone.plain


def file_list(files: Sequence[str], limit: int = FILES_IN_CELL) -> str:
    """File names (without folders), one per line; ``…等N个文件`` beyond ``limit``."""
    names = [path.rpartition("/")[2] for path in files[:limit]]
    if len(files) > limit:
        names.append(f"……等{len(files)}个文件")
    return "\n".join(names)


def provider_state(material: MaterialStatus, provider: ProviderStatus) -> tuple[str, Tone, bool]:
    """(状态, tone, still owed) of one provider's share of a material.

    Where review is required, a material filed in full waits for the office (待审核): its filed rows
    are yellow until accepted; a returned item counts as not filed (未提供（已退回）)."""
    owes = provider.unit in material.missing_units
    if provider.status is ProviderState.waived:
        return ProviderState.waived.label, _filed_tone(material, provider), False
    if provider.status is ProviderState.submitted:
        if owes:
            return "已提供（数量不足）", _owed_tone(material, Tone.behind), True
        return ProviderState.submitted.label, _filed_tone(material, provider), False
    if not owes:  # an any-one item another unit has filed
        return "他单位已提供", _filed_tone(material, provider), False
    returned = provider.review is not None and provider.review.state is ReviewState.returned
    label = ProviderState.missing.label + ("（已退回）" if returned else "")
    return label, _owed_tone(material, Tone.plain), True


def _filed_tone(material: MaterialStatus, provider: ProviderStatus) -> Tone:
    waiting = material.status is MaterialState.pending and not accepted(provider)
    return Tone.behind if waiting else Tone.done


def _owed_tone(material: MaterialStatus, otherwise: Tone) -> Tone:
    if material.overdue:
        return Tone.overdue
    return Tone.due_soon if material.due_soon else otherwise


def _days_overdue(material: MaterialStatus) -> int | None:
    return -material.days_left if material.overdue and material.days_left is not None else None


def _task_rows(task: TaskStatus, unit: str | None, texts: ItemTexts) -> list[LedgerRow]:
    if task.materials_from is not None or not task.materials:
        text = (
            f"与任务{task.materials_from}合并提供材料（见任务{task.materials_from}）"
            if task.materials_from is not None
            else "（未列材料项）"
        )
        days = task.days_overdue or None
        return [LedgerRow(task, None, None, text, task.status.label, "", days, task_tone(task))]
    rows = []
    for material in task.materials:
        for provider in material.providers:
            if unit is not None and provider.unit != unit:
                continue
            state, tone, owes = provider_state(material, provider)
            days = _days_overdue(material) if owes else None
            files = file_list(provider.files)
            text = texts.text(material.id, material.text)
            rows.append(LedgerRow(task, material, provider, text, state, files, days, tone))
    return rows


def ledger_rows(
    report: StatusReport,
    *,
    unit: str | None = None,
    roles: dict[str, tuple[Role, ...]] | None = None,
    texts: ItemTexts = PLAIN,
) -> list[LedgerRow]:
    """Rows of the 台账 for ``report``'s tasks; with ``unit``, a task it leads shows every row, any other
    task only the unit's own rows (``roles`` gives the unit's roles per task id). ``texts`` writes an
    item that is a fragment of its cell with the cell."""
    rows: list[LedgerRow] = []
    for task in report.tasks:
        lead = unit is None or Role.lead in (roles or {}).get(task.id, ())
        rows += _task_rows(task, None if lead else unit, texts)
    return rows


@dataclass(frozen=True)
class TaskSummaryRow:
    """One row of the 任务汇总 sheet; the counts are blank for a task that shares another's materials."""

    task: TaskStatus
    counts: dict[MaterialState, int] | None
    file_count: int | None
    note: str
    tone: Tone


def task_summary_rows(report: StatusReport) -> list[TaskSummaryRow]:
    rows = []
    for task in report.tasks:
        if task.materials_from is not None:
            note = f"与任务{task.materials_from}合并提供材料，状态同任务{task.materials_from}"
            rows.append(TaskSummaryRow(task, None, None, note, task_tone(task)))
            continue
        counts = {state: sum(m.status is state for m in task.materials) for state in MaterialState}
        files = sum(m.file_count for m in task.materials)
        rows.append(TaskSummaryRow(task, counts, files, "", task_tone(task)))
    return rows


@dataclass(frozen=True)
class UnitSummaryRow:
    """One row of the 单位汇总 sheet: a unit's place in the weekly report's ranking (``rank`` shared by
    units of the same 报送率, as the report says 并列)."""

    rank: int
    unit: str
    tasks_led: int
    tasks_done: int
    tasks_overdue: int
    materials_owed: int
    materials_submitted: int
    materials_accepted: int | None
    """None while no review records exist."""
    materials_overdue: int
    overdue_items: int
    rate: float
    tone: Tone


def _accepted_by_unit(report: StatusReport) -> dict[str, int] | None:
    counts: dict[str, int] = {}
    known = False
    seen: set[tuple[str, str]] = set()
    for task in report.tasks:
        for material in task.materials:
            for provider in material.providers:
                verdict = accepted(provider)
                known = known or verdict is not None
                if verdict and (material.id, provider.unit) not in seen:
                    seen.add((material.id, provider.unit))
                    counts[provider.unit] = counts.get(provider.unit, 0) + 1
    return counts if known else None


def unit_summary_rows(
    report: StatusReport, unit_order: Sequence[str] = (), *, unit: str | None = None
) -> list[UnitSummaryRow]:
    """Every unit in the ranking's order (only ``unit``'s row, with its rank among all, if given)."""
    accepted_counts = _accepted_by_unit(report)
    ranked = unit_progress(report, unit_order)
    rows = []
    for rank, p in zip(shared_ranks(ranked), ranked, strict=True):
        if unit is not None and p.unit != unit:
            continue
        tone = Tone.overdue if p.overdue_items else Tone.done if p.rate >= 1 else Tone.plain
        rows.append(
            UnitSummaryRow(
                rank,
                p.unit,
                p.tasks_led,
                p.tasks_done,
                p.tasks_overdue,
                p.materials_owed,
                p.materials_submitted,
                None if accepted_counts is None else accepted_counts.get(p.unit, 0),
                p.materials_overdue,
                p.overdue_items,
                p.rate,
                tone,
            )
        )
    return rows


@dataclass(frozen=True)
class Ledger:
    """Everything the 台账 workbook shows."""

    title: str
    as_of: dt.date
    rows: list[LedgerRow]
    tasks: list[TaskSummaryRow]
    units: list[UnitSummaryRow]
    review_required: bool = False
    """Materials can be 待审核 (filed in full, not yet accepted): the 任务汇总 counts them."""


def build_ledger(
    full: StatusReport,
    selected: StatusReport,
    title: str,
    unit_order: Sequence[str] = (),
    *,
    unit: str | None = None,
    roles: dict[str, tuple[Role, ...]] | None = None,
    texts: ItemTexts = PLAIN,
) -> Ledger:
    """The 台账 of ``selected`` (the whole report, or a unit's tasks from :func:`fzcj.status.views.select`);
    the unit summary ranks every unit of ``full``."""
    return Ledger(
        title,
        full.as_of,
        ledger_rows(selected, unit=unit, roles=roles, texts=texts),
        task_summary_rows(selected),
        unit_summary_rows(full, unit_order, unit=unit),
        full.review_required,
    )


def ledger_title(campaign_name: str, unit: str | None = None) -> str:
    """``<campaign>工作台账``, with ``·<unit>`` for one unit's."""
    return f"{campaign_name}工作台账" + (f"·{unit}" if unit else "")
