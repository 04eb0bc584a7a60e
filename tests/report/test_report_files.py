"""The weekly report's files: issue numbers, snapshots, ``-o`` outside the sequence, atomic writes."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import docx
import pytest

from fzcj.errors import FzcjError, UsageError
from fzcj.report.snapshot import find_snapshots, read_snapshot, write_snapshot
from fzcj.report.writer import write_unit_notice, write_weekly_report
from report_fixtures import WEEK1, WEEK2, indicators_file, sample_report, units


def _write(reports: Path, as_of: dt.date = WEEK1, **kwargs: Any) -> Any:
    return write_weekly_report(indicators_file(), sample_report(as_of), units(), reports, **kwargs)


def _text(document: Any) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def test_second_report_a_week_later_shows_the_changes(tmp_path: Path) -> None:
    first = _write(tmp_path, WEEK1)
    second = _write(tmp_path, WEEK2)
    assert (first.issue, second.issue) == (1, 2)
    assert second.path.name == "示例县法治政府建设示范创建工作进展周报（第2期）.docx"
    text = _text(docx.Document(str(second.path)))
    assert "第2期" in text
    assert (
        "与上期（第1期，截至2022年6月15日）相比，新增完成1项（第3项），新增逾期1项（第8项），"
        "逾期任务由2项增加为3项，完成率提高10.0个百分点。" in text
    )


def test_report_for_the_same_day_again_keeps_the_number_and_needs_force(tmp_path: Path) -> None:
    _write(tmp_path, WEEK1)
    second = _write(tmp_path, WEEK2)
    before = second.path.read_bytes()
    with pytest.raises(FzcjError, match="已存在") as raised:
        _write(tmp_path, WEEK2)
    assert "--force" in raised.value.message
    assert second.path.read_bytes() == before
    again = _write(tmp_path, WEEK2, force=True)
    assert again.issue == 2 and again.path == second.path
    assert "新增完成1项（第3项）" in _text(docx.Document(str(again.path)))
    assert again.later is None


def test_output_elsewhere_takes_no_number_and_leaves_the_sequence_alone(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    _write(reports, WEEK1)
    before = sorted(p.name for p in reports.iterdir())
    out = tmp_path / "elsewhere" / "周报.docx"
    out.parent.mkdir()
    result = _write(reports, WEEK2, output=out)
    assert (result.path, result.issue, result.snapshot_path) == (out, None, None)
    assert sorted(p.name for p in reports.iterdir()) == before  # no snapshot, no issue consumed
    document = docx.Document(str(out))
    assert document.paragraphs[1].text.startswith("县委依法治县办\t")  # no 第N期 line
    assert "与上期（第1期，截至2022年6月15日）相比" in _text(document)  # still compared
    assert document.core_properties.title == "示例县法治政府建设示范创建工作进展周报"
    assert _write(reports, WEEK2).issue == 2  # the sequence goes on as if -o had not been used


def test_output_elsewhere_with_an_explicit_issue_shows_it(tmp_path: Path) -> None:
    out = tmp_path / "周报.docx"
    result = _write(tmp_path / "reports", issue=7, output=out)
    assert (result.issue, result.snapshot_path) == (7, None)
    assert docx.Document(str(out)).paragraphs[1].text == "第7期"
    assert not (tmp_path / "reports").exists()


def test_output_into_a_folder_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    """A mistyped -o folder is not created on a guess."""
    with pytest.raises(UsageError, match="-o 指定的文件夹不存在"):
        _write(tmp_path / "reports", output=tmp_path / "笔误" / "周报.docx")
    assert not (tmp_path / "笔误").exists() and not (tmp_path / "reports").exists()


def test_a_file_where_the_reports_folder_belongs_is_named(tmp_path: Path) -> None:
    (tmp_path / "reports").write_text("不是文件夹", encoding="utf-8")
    with pytest.raises(FzcjError, match="应是存放周报的文件夹"):
        _write(tmp_path / "reports")


def test_atomic_write_leaves_no_temporary_files(tmp_path: Path) -> None:
    _write(tmp_path)
    assert sorted(p.name.endswith((".docx", ".snapshot.json")) for p in tmp_path.iterdir()) == [True, True]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_failed_write_leaves_neither_report_nor_temporary_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(FzcjError, match="无法写入文件"):
        _write(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_snapshot_is_written_with_the_report(tmp_path: Path) -> None:
    result = _write(tmp_path)
    data = json.loads(result.snapshot_path.read_text(encoding="utf-8"))
    assert data["schema_version"] == 1 and data["issue"] == 1 and data["as_of"] == "2022-06-15"
    assert data["campaign"] == "示例县法治政府建设示范创建"
    assert data["tasks"]["2"] == {"status": "in_progress", "overdue": True}
    assert data["units"]["县司法局"]["materials_owed"] == 4
    assert data["summary"]["total"] == 10


def test_snapshot_is_never_rewritten_without_force(tmp_path: Path) -> None:
    result = _write(tmp_path)
    snapshot = read_snapshot(result.snapshot_path)
    before = result.snapshot_path.read_bytes()
    with pytest.raises(FzcjError, match="已存在"):
        write_snapshot(result.snapshot_path, snapshot, force=False)
    assert result.snapshot_path.read_bytes() == before
    write_snapshot(result.snapshot_path, snapshot, force=True)
    for other in (
        snapshot.model_copy(update={"as_of": WEEK2}),
        snapshot.model_copy(update={"campaign": "别的"}),
    ):
        with pytest.raises(UsageError, match="--force 也不行"):
            write_snapshot(result.snapshot_path, other, force=True)
    assert result.snapshot_path.read_bytes() == before


@pytest.mark.parametrize(
    "content",
    [b"{not json", b'{"schema_version": 1}', b'{"schema_version": 9, "campaign": "x"}', b"\xff\xfe"],
)
def test_corrupt_snapshot_is_a_clear_error_naming_the_file(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "旧周报.snapshot.json"
    bad.write_bytes(content)
    with pytest.raises(FzcjError) as raised:
        _write(tmp_path)
    assert str(bad) in raised.value.message and "已损坏" in raised.value.message
    assert [p.name for p in tmp_path.iterdir()] == [bad.name]


def test_snapshots_of_another_campaign_and_later_dates_are_ignored(tmp_path: Path) -> None:
    later = _write(tmp_path, WEEK2, issue=2)
    data = json.loads(later.snapshot_path.read_text(encoding="utf-8"))
    data.update(campaign="别的创建", issue=9, as_of="2022-06-01")
    (tmp_path / "other.snapshot.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert [s.issue for s in find_snapshots(tmp_path, "示例县法治政府建设示范创建")] == [2]
    earlier = _write(tmp_path, WEEK1)
    assert earlier.issue == 3  # after the highest issue of this campaign; the other one's 9 is ignored
    assert "未找到上期周报的快照数据" in _text(docx.Document(str(earlier.path)))  # nothing before WEEK1


def test_back_dated_report_gets_a_new_number_and_leaves_the_later_issue_alone(tmp_path: Path) -> None:
    later = _write(tmp_path, WEEK2)
    kept = (later.path.read_bytes(), later.snapshot_path.read_bytes())
    back = _write(tmp_path, WEEK1)
    assert (later.issue, back.issue) == (1, 2)
    assert back.later is not None and back.later.issue == 1  # why it took a new number
    assert later.later is None
    assert back.path.name == "示例县法治政府建设示范创建工作进展周报（第2期）.docx"
    assert (later.path.read_bytes(), later.snapshot_path.read_bytes()) == kept
    assert read_snapshot(later.snapshot_path).as_of == WEEK2
    assert read_snapshot(back.snapshot_path).as_of == WEEK1
    again = _write(tmp_path, WEEK1, force=True)  # the same date again: its own number
    assert again.issue == 2 and again.path == back.path
    third = _write(tmp_path, WEEK2 + dt.timedelta(days=7))
    assert third.issue == 3
    assert "与上期（第1期，截至2022年6月22日）相比" in _text(docx.Document(str(third.path)))


def test_explicit_issue_of_another_date_is_refused_even_with_force(tmp_path: Path) -> None:
    first = _write(tmp_path, WEEK1)
    kept = first.snapshot_path.read_bytes()
    with pytest.raises(UsageError) as raised:
        _write(tmp_path, WEEK2, issue=1, force=True)
    message = raised.value.message
    assert "第1期周报已按2022年6月15日的数据生成" in message and "--issue 2" in message
    assert first.snapshot_path.read_bytes() == kept
    with pytest.raises(UsageError, match="--issue"):  # also when it would go to another file
        _write(tmp_path, WEEK2, issue=1, output=tmp_path / "另一份.docx")
    assert not (tmp_path / "另一份.docx").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([first.path.name, first.snapshot_path.name])
    assert _write(tmp_path, WEEK1, issue=1, force=True).issue == 1  # the same date may be regenerated


def test_snapshot_file_of_another_date_is_never_replaced_even_with_force(tmp_path: Path) -> None:
    first = _write(tmp_path, WEEK1)
    data = json.loads(first.snapshot_path.read_text(encoding="utf-8"))
    data["issue"] = 5  # renamed by hand: the file of issue 1 says issue 5
    first.snapshot_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    kept = (first.path.read_bytes(), first.snapshot_path.read_bytes())
    with pytest.raises(UsageError) as raised:
        _write(tmp_path, WEEK2, issue=1, force=True)
    message = raised.value.message
    assert str(first.snapshot_path) in message and "2022年6月15日的第5期周报" in message
    assert "--issue" in message and "--force 也不行" in message
    assert (first.path.read_bytes(), first.snapshot_path.read_bytes()) == kept


@pytest.mark.parametrize("notice", [False, True])
def test_output_that_is_a_folder_is_a_usage_error(tmp_path: Path, notice: bool) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(UsageError) as raised:
        if notice:
            write_unit_notice(
                indicators_file(), sample_report(), "县司法局", units(), tmp_path, output=folder, force=True
            )
        else:
            _write(tmp_path, output=folder, force=True)
    assert raised.value.code == 2
    assert raised.value.message.startswith(f"-o 应为文件路径，{folder} 是一个文件夹")
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("name", ["周报.pdf", "周报.doc", "周报"])
def test_output_must_be_a_docx_file(tmp_path: Path, name: str) -> None:
    with pytest.raises(UsageError, match=r"\.docx") as raised:
        _write(tmp_path, output=tmp_path / name)
    assert raised.value.code == 2
    with pytest.raises(UsageError, match=r"\.docx"):
        write_unit_notice(
            indicators_file(), sample_report(), "县司法局", units(), tmp_path, output=tmp_path / name
        )
    assert list(tmp_path.iterdir()) == []
    assert _write(tmp_path, output=tmp_path / "周报.DOCX").path.is_file()


def test_a_snapshot_that_is_no_json_says_where(tmp_path: Path) -> None:
    (tmp_path / "旧周报.snapshot.json").write_text('{\n  "issue": 1,\n  "as_of": \n}', encoding="utf-8")
    with pytest.raises(FzcjError, match="第 4 行第 1 列：不是有效的 JSON"):
        _write(tmp_path)
