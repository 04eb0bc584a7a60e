"""The 台账's rows (pure): one per task, material and provider, states and fills by the status rules."""

from __future__ import annotations

from fzcj.report.ledger import (
    Tone,
    accepted,
    ledger_rows,
    received,
    review_cells,
    task_summary_rows,
    unit_summary_rows,
)
from fzcj.report.ranking import unit_progress
from fzcj.status.types import MaterialState
from fzcj.status.views import select
from report_fixtures import UNIT_ORDER, WEEK2, sample_report


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
    assert [(r.rank, r.unit) for r in rows] == [(n, p.unit) for n, p in enumerate(ranked, 1)]
    assert [(r.materials_owed, r.materials_submitted, r.overdue_items, r.rate) for r in rows] == [
        (p.materials_owed, p.materials_submitted, p.overdue_items, p.rate) for p in ranked
    ]


def test_review_and_intake_columns_stay_empty_until_their_records_exist() -> None:
    report = sample_report()
    providers = [p for t in report.tasks for m in t.materials for p in m.providers]
    assert {review_cells(p) for p in providers} == {("", "", "", "")}
    assert {received(p) for p in providers} == {accepted(p) for p in providers} == {None}
    assert {r.materials_accepted for r in unit_summary_rows(report)} == {None}


def test_a_unit_sees_every_row_of_tasks_it_leads_and_its_own_rows_elsewhere() -> None:
    report = sample_report()
    selected, task_rows = select(report, unit="县财政局")
    rows = ledger_rows(selected, unit="县财政局", roles={r.task.id: r.roles for r in task_rows})
    led = {r.task.id for r in rows if r.provider is not None and r.provider.unit != "县财政局"}
    assert led == {"3"}  # it leads task 3 (with 县教育局); elsewhere only its own rows
    assert {r.task.id for r in rows} == {"2", "3", "6", "否1"}
    assert [r.unit for r in unit_summary_rows(report, unit="县财政局")] == ["县财政局"]
