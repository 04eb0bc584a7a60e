"""Decision records: names, the JSON written and read back, faults at their lines, never a clobber."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from fzcj.data.workspace import Workspace, load
from fzcj.evidence.index import EvidenceIndex
from fzcj.fsutil import write_new
from fzcj.review import book as book_module
from fzcj.review.book import ReviewBook, material_of
from fzcj.review.records import (
    Decision,
    Fault,
    Verdict,
    list_names,
    parse_name,
    parse_record,
    record_bytes,
    write_record,
)
from fzcj.review.states import ReviewState
from helpers import REPO

TZ = dt.timezone(dt.timedelta(hours=8))
AT = dt.datetime(2022, 6, 15, 10, 15, tzinfo=TZ)
ROW = ["027 合法性审核/区司法局/1-说明.docx", 6, 1655259300000000000, "a" * 64]
WORKSPACE = load(REPO)


def returned(at: dt.datetime = AT, **change: object) -> Decision:
    fields: dict[str, object] = {
        "item": "27.1",
        "unit": "区司法局",
        "verdict": Verdict.return_,
        "by": "张三",
        "at": at,
        "reason": "缺少盖章页",
        "files": [ROW],
    }
    fields.update(change)
    return Decision(**fields)  # type: ignore[arg-type]


def test_a_record_reads_back_as_written(tmp_path: Path) -> None:
    path = write_record(tmp_path, returned())
    assert path.name == "2022-06-15T101500-27.1-区司法局.json"
    decision = parse_record(path.read_bytes(), path.name, strict=True)
    assert decision == returned(name=path.name, check="1:6:1655259300000000000")
    assert '"reason": "缺少盖章页"' in path.read_text("utf-8").splitlines()[4]


def test_a_second_decision_in_the_same_second_gets_its_own_file_and_sorts_after(tmp_path: Path) -> None:
    first = write_record(tmp_path, returned())
    second = write_record(tmp_path, returned(verdict=Verdict.accept, reason=None))
    assert second.name == "2022-06-15T101500-27.1-区司法局-2.json"
    assert first.read_bytes() == record_bytes(returned())  # never rewritten
    names, others = list_names(tmp_path)
    assert [n.name for n in names] == [first.name, second.name] and others == []


def test_write_new_never_replaces_a_file_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "a.json"
    target.write_bytes(b"old")
    with pytest.raises(FileExistsError):
        write_new(target, b"new")
    assert target.read_bytes() == b"old" and sorted(tmp_path.iterdir()) == [target]


def test_a_record_is_never_written_outside_its_folder(tmp_path: Path) -> None:
    """Names come from the checked data files; should one still lead out, nothing is written."""
    from fzcj.errors import ProblemsFound

    with pytest.raises(ProblemsFound):
        write_record(tmp_path / "ws" / "reviews", returned(unit="../../../x"))
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_record_names_say_time_item_and_unit() -> None:
    name = parse_name("2022-06-15T101500-加1.1-区委依法治区办-3.json")
    assert name is not None and (name.stamp, name.item, name.unit, name.seq) == (
        "2022-06-15T101500",
        "加1.1",
        "区委依法治区办",
        3,
    )
    assert parse_name("说明.json") is None and parse_name("2022-06-15T101500-27.1.json") is None


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('{\n  "item": "27.1",\n  "unit": \n}', 4, "不是有效的 JSON"),
        ('{\n  "item": "27.1",\n  "decision": "maybe"\n}', 3, "decision 应为 accept、return 或 undo"),
        (
            '{"item": "27.1", "unit": "区司法局", "decision": "return", "by": "张三",\n "at": "2022-06-15T10:15:00+08:00"}',
            1,
            "缺少reason",
        ),
        ('{"decision": "accept",\n"at": "2022-06-15 10:15"}', 2, "at 应为带时区的时间"),
        ("[1, 2]", 1, "JSON 对象"),
    ],
)
def test_a_malformed_record_is_a_fault_at_its_line(text: str, line: int, message: str) -> None:
    with pytest.raises(Fault) as caught:
        parse_record(text.encode(), "x.json", strict=True)
    assert caught.value.line == line and message in caught.value.message


def test_strict_reading_checks_every_file_row() -> None:
    data = record_bytes(returned(files=[ROW, ["x.pdf", -1, 0, "zz"]]))
    parse_record(data, "x.json")  # the status does not look at rows it need not compare
    with pytest.raises(Fault, match="files 的第 2 行"):
        parse_record(data, "x.json", strict=True)


def test_item_ids_are_read_as_elsewhere_and_shared_tasks_use_the_referenced_items() -> None:
    plan = WORKSPACE.plan
    assert material_of(plan, "027.1") is material_of(plan, "27.1") is material_of(plan, "２７．１")
    assert material_of(plan, "28.2") is material_of(plan, "27.2")
    assert material_of(plan, "B1.1") is material_of(plan, "加1.1") is not None
    assert material_of(plan, "27.9") is None and material_of(plan, "27") is None


def _workspace(root: Path) -> Workspace:
    ws = load(REPO)
    ws.root = root
    return ws


def test_the_status_reads_only_the_records_down_to_the_decision_in_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "reviews"
    for minute in range(5):
        write_record(folder, returned(AT + dt.timedelta(minutes=minute)))
    write_record(folder, returned(AT + dt.timedelta(hours=1), verdict=Verdict.accept, reason=None))
    (folder / "2022-06-14T090000-27.1-区司法局.json").write_text("{ damaged", "utf-8")
    read: list[str] = []
    real = book_module.parse_record
    monkeypatch.setattr(
        book_module, "parse_record", lambda data, name, **how: read.append(name) or real(data, name, **how)
    )
    book = ReviewBook.open(_workspace(tmp_path))
    index = EvidenceIndex()
    index.files[("27", "区司法局", 1)].append(ROW[0])
    index.counted[("27", "区司法局", 1)] = 1
    review = book.judge(index, tmp_path / "evidence")[("27", "区司法局", 1)]
    assert review.decision is not None and review.decision.verdict is Verdict.accept
    assert review.state is ReviewState.changed  # no stamp for the file: it cannot be the same
    assert read == ["2022-06-15T111500-27.1-区司法局.json"]


def test_a_record_that_does_not_match_its_name_is_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "reviews"
    path = write_record(folder, returned())
    path.rename(folder / "2022-06-15T101500-27.2-区司法局.json")
    book = ReviewBook.open(_workspace(tmp_path))
    assert book.history(("27", "区司法局", 2)) == []
