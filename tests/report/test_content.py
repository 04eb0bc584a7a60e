"""Unit tests of the pure progress computations behind the weekly report."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from fzcj.problems import Problem, Severity
from fzcj.report.change import Baseline, Reopened, TaskMark, change_sentence, compare
from fzcj.report.content import build_progress
from fzcj.report.ranking import UnitProgress, boards, shared_ranks, unit_obligations, unit_progress
from fzcj.report.tables import (
    DEADLINE_ROWS,
    Listed,
    capped,
    check_items,
    deadline_rows,
    evidence_path,
    indicator_rows,
    progress_bar,
    unit_problems,
)
from fzcj.status.types import MaterialState, TaskState
from fzcj.status.views import task_rows
from fzcj.text import percent, task_list
from report_fixtures import L1, UNIT_ORDER, WEEK1, WEEK2, large_report, sample_report


def _units(as_of: dt.date = WEEK1) -> dict[str, UnitProgress]:
    return {u.unit: u for u in unit_progress(sample_report(as_of), UNIT_ORDER)}


def _baseline(as_of: dt.date = WEEK1, issue: int = 1) -> Baseline:
    report = sample_report(as_of)
    marks = {t.id: TaskMark(t.status, t.overdue) for t in report.tasks}
    return Baseline(issue=issue, as_of=as_of, summary=report.summary, tasks=marks)


def test_indicator_rows_count_each_state_per_level1() -> None:
    rows = indicator_rows(sample_report())
    assert [r.level1 for r in rows] == [L1, "二、依法行政制度体系完善", "十、附加项"]
    first = rows[0].summary
    assert (first.total, first.overdue, first.due_soon) == (3, 1, 1)
    assert first.by_status[TaskState.complete] == 1
    assert first.by_status[TaskState.in_progress] == 1
    assert first.by_status[TaskState.not_started] == 1


def test_indicator_rows_add_up_to_the_report_summary() -> None:
    report = sample_report()
    rows = indicator_rows(report)
    assert sum(r.summary.total for r in rows) == report.summary.total
    for state in TaskState:
        assert sum(r.summary.by_status[state] for r in rows) == report.summary.by_status[state]
    assert sum(r.summary.overdue for r in rows) == report.summary.overdue


def test_deadline_rows_list_overdue_first_then_nearest_due() -> None:
    rows = deadline_rows(task_rows(sample_report()))
    assert [r.task.id for r in rows] == ["2", "6", "3", "8"]
    assert rows[0].task.days_overdue == 5
    assert rows[2].task.days_left == 3


def test_merged_task_shows_the_materials_of_the_task_it_shares() -> None:
    row = next(r for r in task_rows(sample_report()) if r.task.id == "6")
    assert row.task.materials_from == "2"
    assert [m.material.id for m in row.missing] == ["2.1", "2.2"]
    assert dict((m.material.id, m.units) for m in row.missing) == {"2.1": ("县财政局",), "2.2": ("县司法局",)}


def test_unit_progress_counts_each_material_and_unit_once() -> None:
    justice = _units()["县司法局"]
    # leads 2, 6 (shares 2's materials), 否1, 加1; owes 2.1, 2.2, 否1.1, 加1.1: 6 does not count twice
    assert (justice.tasks_led, justice.tasks_done, justice.tasks_overdue) == (4, 0, 2)
    assert (justice.materials_owed, justice.materials_submitted, justice.materials_overdue) == (4, 2, 1)
    assert justice.rate == 0.5


def test_any_one_material_filed_by_another_unit_is_no_longer_owed() -> None:
    assert _units(WEEK1)["县教育局"].materials_owed == 3  # 3.1, 7.2, 8.1 (4.1 is waived)
    assert _units(WEEK2)["县教育局"].materials_owed == 2  # 县财政局 filed the any-one item 3.1


def test_waived_material_is_not_owed() -> None:
    education = _units()["县教育局"]
    assert education.tasks_done == 1  # task 4 is waived
    owed_ids = [item.material.id for item in unit_obligations(sample_report(), "县教育局").owed]
    assert "4.1" not in owed_ids


def test_ranking_is_by_rate_then_fewer_overdue_items() -> None:
    ranked = [u.unit for u in unit_progress(sample_report(), UNIT_ORDER)]
    assert ranked == ["县政府办公室", "县司法局", "县教育局", "县财政局"]


def test_ranking_ties_keep_the_given_unit_order() -> None:
    ranked = unit_progress(sample_report(), ["县财政局", "县教育局"])
    zero = [u.unit for u in ranked if u.rate == 0 and u.overdue_items == 0]
    assert zero == ["县教育局"]
    reversed_order = [u.unit for u in unit_progress(sample_report(), list(reversed(UNIT_ORDER)))]
    assert reversed_order[:2] == ["县政府办公室", "县司法局"]


def test_boards_name_best_without_overdue_and_worst_by_overdue_items() -> None:
    red, black = boards(unit_progress(sample_report(), UNIT_ORDER))
    assert [u.unit for u in red] == ["县政府办公室"]
    assert [u.unit for u in black] == ["县司法局", "县财政局"]
    assert black[0].overdue_items == 3


def test_boards_include_units_tied_at_the_cut() -> None:
    units = [UnitProgress(f"单位{i}", 0, 0, 0, 2, 2 if i < 3 else 1, 0) for i in range(5)]
    red, black = boards(units, size=2)
    assert [u.unit for u in red] == ["单位0", "单位1", "单位2"]
    assert black == ()


def test_compare_reports_newly_done_newly_overdue_and_rate_change() -> None:
    change = compare(sample_report(WEEK2), _baseline(WEEK1))
    assert change.newly_done == ("3",)
    assert change.newly_overdue == ("8",)
    assert change.previous_issue == 1
    assert round(change.rate_change, 6) == round(1 / 10, 6)


def test_compare_counts_a_task_missing_from_the_baseline_as_new() -> None:
    base = _baseline(WEEK2)
    partial = Baseline(
        base.issue, base.as_of, base.summary, {k: v for k, v in base.tasks.items() if k != "1"}
    )
    change = compare(sample_report(WEEK2), partial)
    assert change.newly_done == ("1",)
    assert change.newly_overdue == ()
    assert change.rate_change == 0


def test_unit_obligations_lists_missing_materials_by_deadline() -> None:
    owed = unit_obligations(sample_report(), "县财政局")
    assert [i.material.id for i in owed.owed] == ["2.1", "3.1", "否1.1"]
    assert [i.material.id for i in owed.overdue] == ["2.1"]
    assert owed.progress is not None and owed.progress.materials_owed == 3


def test_unit_obligations_of_lead_unit_include_its_overdue_tasks() -> None:
    owed = unit_obligations(sample_report(), "县司法局")
    assert [r.task.id for r in owed.led_overdue] == ["2", "6"]
    assert [i.material.id for i in owed.owed] == ["2.2", "加1.1"]  # no deadline sorts last


def test_check_items_report_their_state_and_units() -> None:
    checks = {c.material_id: c for c in check_items(sample_report())}
    assert checks["5.1"].state is MaterialState.missing and checks["5.1"].units == ("县政府办公室",)
    assert checks["7.1"].state is MaterialState.complete


def test_next_steps_are_concrete() -> None:
    steps = build_progress(sample_report(), due_soon_days=7, unit_order=UNIT_ORDER).next_steps
    assert steps[0].startswith("督促县司法局立即补齐逾期事项：第2项（2.2，6月10日到期）")
    assert "牵头的第6项" not in steps[0]  # same materials as task 2
    assert "并抓紧报送加1材料（加1.1）" in steps[0]
    assert (
        steps[1]
        == "督促县财政局立即补齐逾期事项：第2项（2.1，6月10日到期）；并于6月18日前报送第3项材料（3.1）。"
    )
    assert any(s.startswith("提醒有关单位抓紧办理7日内到期的任务2项：第3项") for s in steps)
    assert any("第5项实地核查（县政府办公室）" in s for s in steps)
    assert any("否1尚缺县财政局的说明" in s for s in steps)
    # only evidence problems a unit must fix: the data file's warning is the office's
    assert "督促有关单位核对更正附件2所列证据材料问题1个（错误1个）。" in steps


def test_progress_of_first_report_has_no_change() -> None:
    progress = build_progress(sample_report(), due_soon_days=7)
    assert progress.change is None
    assert progress.checks_ready == 1
    assert progress.vetoes_done == 0


def test_progress_bar_never_overstates() -> None:
    assert progress_bar(0) == "□" * 10
    assert progress_bar(0.45) == "■" * 4 + "□" * 6
    assert progress_bar(0.999) == "■" * 9 + "□"
    assert progress_bar(1) == "■" * 10


def test_percent_and_task_list_wording() -> None:
    assert percent(0.4567) == "45.7%"
    assert percent(1, 0) == "100%"
    assert task_list(["3", "5", "否1"]) == "第3、5项、否1"
    assert task_list([str(i) for i in range(1, 10)]) == "第1、2、3、4、5、6项等9项"


@settings(max_examples=20, deadline=None)
@given(st.integers(min_value=0, max_value=10_000))
def test_random_reports_keep_the_counting_invariants(seed: int) -> None:
    report = large_report(seed=seed, tasks=30, unit_count=12)
    progress = build_progress(report, due_soon_days=7)
    assert sum(r.summary.total for r in progress.indicators) == report.summary.total
    rates = [u.rate for u in progress.units]
    assert rates == sorted(rates, reverse=True)
    assert all(0 <= u.materials_submitted <= u.materials_owed for u in progress.units)
    assert not {u.unit for u in progress.red_board} & {u.unit for u in progress.black_board}
    assert len(progress.deadlines.all) == report.summary.overdue + sum(
        t.due_soon and not t.overdue for t in report.tasks
    )
    assert len(progress.deadlines.shown) == min(DEADLINE_ROWS, len(progress.deadlines.all))
    ranks = progress.ranks
    assert ranks[0] == 1 and list(ranks) == sorted(ranks)
    for n in range(1, len(ranks)):  # the same rate, the same rank; else the position
        tied = progress.units[n].rate == progress.units[n - 1].rate
        assert ranks[n] == (ranks[n - 1] if tied else n + 1)


def test_units_with_the_same_rate_share_a_rank() -> None:
    units = [UnitProgress(f"单位{i}", 0, 0, 0, owed, done, 0) for i, (owed, done) in
             enumerate([(2, 2), (4, 4), (3, 2), (6, 4), (5, 1)])]  # fmt: skip
    assert shared_ranks(units) == (1, 1, 3, 3, 5)  # 2/3 == 4/6 exactly


def test_change_names_tasks_that_went_back_and_overdue_that_fell() -> None:
    later = sample_report(WEEK2)  # task 3 done, task 8 overdue
    base = _baseline(WEEK2)
    marks = dict(base.tasks)
    marks["5"] = TaskMark(TaskState.complete, overdue=False)  # done last week, not started now
    marks["7"] = TaskMark(TaskState.in_progress, overdue=True)  # overdue last week, not any more
    summary = replace(base.summary, overdue=base.summary.overdue + 1)
    change = compare(later, Baseline(1, WEEK1, summary, marks))
    assert change.reopened == (Reopened("5", TaskState.complete, TaskState.not_started),)
    assert change.no_longer_overdue == ("7",)
    assert (change.overdue_before, change.overdue_now) == (4, 3)
    sentence = change_sentence(change, 2)
    assert "退回未完成1项（第5项由已完成变为未开始）" in sentence
    assert "逾期任务由4项减少为3项，其中第7项不再逾期" in sentence


def test_change_sentence_says_when_overdue_rose_or_stayed() -> None:
    change = compare(sample_report(WEEK2), _baseline(WEEK1))
    assert "逾期任务由2项增加为3项" in change_sentence(change, 2)
    same = compare(sample_report(WEEK1), _baseline(WEEK1))
    assert "逾期任务仍为2项" in change_sentence(same, 2) and "退回" not in change_sentence(same, 2)


def test_first_report_and_missing_snapshot_say_so() -> None:
    assert change_sentence(None, 1) == "本期为首期周报，暂无上期数据可供比较。"
    assert change_sentence(None, 3).startswith("未找到上期周报的快照数据")
    assert change_sentence(None, None).startswith("未找到上期周报的快照数据")


def test_deadline_table_is_capped_with_the_most_overdue_first() -> None:
    report = large_report(WEEK2 + dt.timedelta(days=70))  # late August: most tasks overdue
    listed = build_progress(report, due_soon_days=7).deadlines
    assert len(listed.shown) == DEADLINE_ROWS and listed.left_out
    days = [r.task.days_overdue for r in listed.all if r.task.overdue]
    assert days == sorted(days, reverse=True)
    assert min(r.task.days_overdue for r in listed.shown) >= max(r.task.days_overdue for r in listed.left_out)


def test_problems_for_units_are_errors_and_warnings_under_evidence() -> None:
    problems = [
        Problem("evidence/2/县司法局/说明.docx", 0, 0, "unknown-item", "无法判断"),
        Problem("evidence/2/县司法局/Thumbs.db", 0, 0, "ignored", "已忽略", Severity.info),
        Problem("evidence/3/县财政局/网址.url", 3, 1, "no-url", "没有网址", Severity.warning),
        Problem("data/units.yaml", 12, 5, "unused-unit", "未使用", Severity.warning),
    ]
    kept = unit_problems(problems)
    assert [p.code for p in kept] == ["unknown-item", "no-url"]
    assert [evidence_path(p) for p in kept] == ["2/县司法局/说明.docx", "3/县财政局/网址.url"]


def test_a_cap_is_one_number() -> None:
    assert capped("abcde", 2) == Listed(("a", "b"), ("c", "d", "e"))
    assert capped("abc", None) == Listed(("a", "b", "c"))


def test_lead_unit_is_told_to_chase_only_tasks_others_hold_up() -> None:
    justice = unit_obligations(sample_report(), "县司法局")
    # leads overdue 2 and 6 (6 shares 2's materials): 县财政局 still owes 2.1 → chase 2, once
    assert [r.task.id for r in justice.chased] == ["2"]
    assert [m.material.id for m in justice.others_owing(justice.chased[0])] == ["2.1"]
    assert justice.owes_anything
    office = unit_obligations(sample_report(WEEK2), "县政府办公室")
    assert office.chased == ()  # leads nothing overdue
