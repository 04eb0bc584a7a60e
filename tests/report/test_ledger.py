"""The 台账's rows (pure): one per task, material and provider, states and fills by the status rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from fzcj.report.ledger import (
    Tone,
    accepted,
    ledger_rows,
    provider_state,
    received,
    review_cells,
    task_summary_rows,
    unit_summary_rows,
)
from fzcj.report.ranking import shared_ranks, unit_progress
from fzcj.review.records import Decision, Verdict
from fzcj.review.states import Review, ReviewState
from fzcj.status.types import MaterialState, ProviderState, ProviderStatus
from fzcj.status.views import select
from report_fixtures import UNIT_ORDER, WEEK2, material, sample_report


def _row(rows: list, material: str, unit: str):  # type: ignore[no-untyped-def]
    return next(r for r in rows if r.material and r.material.id == material and r.provider.unit == unit)


def test_one_row_per_provider_and_one_per_task_sharing_materials() -> None:
    report = sample_report()
    rows = ledger_rows(report)
    providers = sum(len(m.providers) for t in report.tasks for m in t.materials)
    assert len(rows) == providers + sum(t.materials_from is not None for t in report.tasks)
    shared = next(r for r in rows if r.task.id == "6")
    assert shared.material is None and shared.material_text == "与任务2合并提供材料（见任务2）"


def test_states_and_fills_follow_the_three_colours() -> None:
    rows = ledger_rows(sample_report())
    assert (_row(rows, "1.1", "县政府办公室").state, _row(rows, "1.1", "县政府办公室").tone) == (
        "已提供",
        Tone.done,
    )
    owed = _row(rows, "2.1", "县财政局")
    assert (owed.state, owed.tone, owed.days_overdue) == ("未提供", Tone.overdue, 5)
    soon = _row(rows, "3.1", "县教育局")
    assert (soon.state, soon.tone, soon.days_overdue) == ("未提供", Tone.due_soon, None)
    assert _row(rows, "4.1", "县教育局").state == "不涉及"


def test_an_any_one_item_filed_by_another_unit_is_not_owed() -> None:
    row = _row(ledger_rows(sample_report(WEEK2)), "3.1", "县教育局")
    assert (row.state, row.tone, row.days_overdue) == ("他单位已提供", Tone.done, None)


def test_file_names_are_listed_one_per_line() -> None:
    assert _row(ledger_rows(sample_report()), "2.1", "县司法局").files == "县司法局.pdf"


def test_task_summary_counts_each_material_state() -> None:
    rows = {r.task.id: r for r in task_summary_rows(sample_report())}
    assert rows["2"].counts == {
        MaterialState.missing: 1,
        MaterialState.partial: 1,
        MaterialState.complete: 0,
        MaterialState.pending: 0,
        MaterialState.waived: 0,
    }
    assert rows["2"].file_count == 1 and rows["2"].tone is Tone.overdue
    assert rows["6"].counts is None and "任务2" in rows["6"].note


def test_unit_summary_is_the_weekly_reports_ranking() -> None:
    report = sample_report()
    ranked = unit_progress(report, UNIT_ORDER)
    rows = unit_summary_rows(report, UNIT_ORDER)
    assert [(r.rank, r.unit) for r in rows] == list(
        zip(shared_ranks(ranked), [p.unit for p in ranked], strict=True)
    )
    assert [(r.materials_owed, r.materials_submitted, r.overdue_items, r.rate) for r in rows] == [
        (p.materials_owed, p.materials_submitted, p.overdue_items, p.rate) for p in ranked
    ]


def test_review_and_intake_columns_are_empty_without_review_or_intake() -> None:
    report = sample_report()
    providers = [p for t in report.tasks for m in t.materials for p in m.providers]
    assert {review_cells(p) for p in providers} == {("", "", "", None)}
    assert {received(p) for p in providers} == {accepted(p) for p in providers} == {None}
    assert {r.materials_accepted for r in unit_summary_rows(report)} == {None}


AT = dt.datetime(2022, 6, 10, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def _reviewed(state: ReviewState, verdict: Verdict | None, reason: str | None = None) -> ProviderStatus:
    decision = Decision("27.1", "区司法局", verdict, "张三", AT, reason) if verdict is not None else None
    status = ProviderState.missing if state is ReviewState.returned else ProviderState.submitted
    return ProviderStatus("区司法局", status, ("027/区司法局/1-说明.pdf",), review=Review(state, decision))


def test_review_columns_show_the_state_and_the_decision_in_force() -> None:
    returned = _reviewed(ReviewState.returned, Verdict.return_, "缺少签章")
    assert review_cells(returned) == ("已退回", "缺少签章", "张三", dt.datetime(2022, 6, 10, 9, 30))
    noted = _reviewed(ReviewState.accepted, Verdict.accept, "已核对原件")
    assert review_cells(noted) == ("已通过", "", "张三", dt.datetime(2022, 6, 10, 9, 30))  # a note, no reason
    assert review_cells(_reviewed(ReviewState.submitted, None)) == ("待审核", "", "", None)
    assert (accepted(noted), accepted(returned)) == (True, False)


def test_a_returned_item_reads_as_not_filed_and_a_pending_one_as_waiting() -> None:
    returned = _reviewed(ReviewState.returned, Verdict.return_, "缺少签章")
    owing = material("27.1", {"区司法局": ProviderState.missing})
    owing = replace(owing, providers=(returned,))
    assert provider_state(owing, returned)[:2] == ("未提供（已退回）", Tone.plain)
    waiting = _reviewed(ReviewState.submitted, None)
    pending = replace(owing, status=MaterialState.pending, providers=(waiting,))
    assert provider_state(pending, waiting) == ("已提供", Tone.behind, False)


def test_latest_received_day_of_a_providers_files() -> None:
    days = (dt.date(2022, 6, 1), None, dt.date(2022, 6, 9), dt.date(2022, 6, 3))
    provider = ProviderStatus("区司法局", ProviderState.submitted, ("a", "b", "c", "d"), received=days)
    assert received(provider) == dt.date(2022, 6, 9)


def test_a_unit_sees_every_row_of_tasks_it_leads_and_its_own_rows_elsewhere() -> None:
    report = sample_report()
    selected, task_rows = select(report, unit="县财政局")
    rows = ledger_rows(selected, unit="县财政局", roles={r.task.id: r.roles for r in task_rows})
    led = {r.task.id for r in rows if r.provider is not None and r.provider.unit != "县财政局"}
    assert led == {"3"}  # it leads task 3 (with 县教育局); elsewhere only its own rows
    assert {r.task.id for r in rows} == {"2", "3", "6", "否1"}
    assert [r.unit for r in unit_summary_rows(report, unit="县财政局")] == ["县财政局"]
