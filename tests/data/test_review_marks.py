"""``# 请核对：…`` comments in the data files are listed by ``fzcj validate`` as 提示 with file:line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from evidence_helpers import invoke
from fzcj.data.rules.review_marks import review_marks
from fzcj.problems import Problem, Severity
from helpers import MINIMAL_INDICATORS, MINIMAL_UNITS, replace_once, write_workspace


def test_each_comment_line_is_an_info_problem_at_its_line_and_column() -> None:
    text = "a: 1\n  # 请核对：表中没有完成时限，请填写\nb: 2\n#请核对:两种冒号都认\n# 请核对\n"
    assert review_marks(text, "data/indicators.yaml") == [
        Problem("data/indicators.yaml", 2, 3, "to-check", "请核对——表中没有完成时限，请填写", Severity.info),
        Problem("data/indicators.yaml", 4, 1, "to-check", "请核对——两种冒号都认", Severity.info),
        Problem("data/indicators.yaml", 5, 1, "to-check", "请核对——（未写原因）", Severity.info),
    ]


def test_words_in_a_value_or_after_it_are_no_mark() -> None:
    """Only a comment on a line of its own is a mark: a task text may well say 请核对."""
    assert review_marks("text: 请核对材料 # 请核对：行尾注释\nb: '# 请核对：引号中'\n", "x") == []


def test_validate_lists_the_marks_and_exits_0(tmp_path: Path) -> None:
    """Info problems do not fail validate; they are listed and counted as 提示."""
    units = replace_once(MINIMAL_UNITS, "units:\n", "units:\n  # 请核对：单位类型是推断的\n")
    root = write_workspace(tmp_path, MINIMAL_INDICATORS, units)
    result = invoke("validate", "--data-only", "--root", str(root))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "data/units.yaml:2:3: 提示：请核对——单位类型是推断的 (to-check)\n"
    assert result.stderr.endswith("共发现 0 个错误、0 个警告、1 条提示。\n")


def test_marks_are_listed_even_when_the_data_does_not_validate(tmp_path: Path) -> None:
    """A fresh draft whose town group is still empty shows the error and what to check, together."""
    units = replace_once(MINIMAL_UNITS, "units:\n", "units:\n# 请核对：补充乡镇\n")
    root = write_workspace(tmp_path, MINIMAL_INDICATORS, units.replace("type: 乡镇", "type: [乡镇]", 1))
    result = invoke("validate", "--data-only", "--root", str(root))
    assert result.exit_code == 1
    assert "data/units.yaml:2:1: 提示：请核对——补充乡镇 (to-check)" in result.stdout.splitlines()
    assert "错误：" in result.stdout


def test_status_and_the_reports_do_not_count_the_marks(tmp_path: Path) -> None:
    """They are for whoever edits the data: status footers and the weekly report's problem list skip them."""
    from fzcj import api

    units = replace_once(MINIMAL_UNITS, "units:\n", "units:\n  # 请核对：单位类型是推断的\n")
    root = write_workspace(tmp_path, MINIMAL_INDICATORS, units)
    (root / "evidence").mkdir()
    assert [p.code for p in api.validate(root, cache=False)] == ["to-check"]
    assert api.status(root, dt.date(2022, 6, 15)).problems == ()
