"""The review in the documents: the weekly report's review section and annex of returned materials, the
督办通知's returned materials first, the pack's checklist, and week over week the newly returned and
accepted items.

The example workspace has two returned materials (30.1, 32.1 of 区司法局) and six accepted ones.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from evidence_helpers import make_workspace, put
from fzcj.cli import app
from fzcj.report.review_progress import ReviewProgress, decided, review_progress
from fzcj.status.types import ReviewCounts
from helpers import REPO

EXAMPLE = REPO / "examples" / "沙坡头区示例"
REPORT = "沙坡头区法治政府建设示范创建工作进展周报（第{}期）"


@pytest.fixture(scope="module")
def reported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with a first report on 6月15日, a decision on 6月20日 and a second report on 6月22日."""
    root = tmp_path_factory.mktemp("review-report") / "ws"
    shutil.copytree(EXAMPLE, root)
    run("report", "--root", str(root), "--as-of", "2022-06-15")
    run(
        "review",
        "return",
        "24.1",
        "--unit",
        "区司法局",
        "--by",
        "王五",
        "--reason",
        "缺少附件",
        "--root",
        str(root),
    )
    run("review", "accept", "33.1", "--unit", "区政府办公室", "--by", "王五", "--root", str(root))  # again
    run("report", "--root", str(root), "--as-of", "2022-06-22")
    run("report", "--root", str(root), "--as-of", "2022-06-22", "--unit", "司法局")
    return root


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.stderr
    return result.stdout


def paragraphs(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


def review_line(path: Path) -> str:
    """The paragraph under the report's 材料审核 heading (the second section, after 总体进展)."""
    text = paragraphs(path)
    return text[text.index("二、材料审核") + 1]


def test_the_weekly_report_has_a_section_on_review_progress(reported: Path) -> None:
    line = review_line(reported / "reports" / f"{REPORT.format(1)}.docx")
    assert line.startswith("已审核材料8项（按单位、材料计，下同），通过6项，退回2项；")
    assert "与上期相比" not in line  # the first issue has nothing to compare with
    assert line.endswith("退回的材料及理由见附件3。")


def test_week_over_week_names_the_newly_returned_items(reported: Path) -> None:
    line = review_line(reported / "reports" / f"{REPORT.format(2)}.docx")
    assert "与上期相比，新退回1项（24.1 区司法局），无新通过。" in line


def test_returned_items_and_reasons_are_an_annex(reported: Path) -> None:
    document = Document(str(reported / "reports" / f"{REPORT.format(2)}.docx"))
    text = [p.text for p in document.paragraphs]
    assert "3.材料退回情况" in text
    annex = document.tables[-1]
    rows = [[c.text for c in row.cells] for row in annex.rows]
    assert rows[0][:4] == ["序号", "材料", "单位", "退回理由"]
    assert [(r[2], r[3]) for r in rows[1:]] == [
        ("区司法局", "缺少附件"),
        ("区司法局", "缺少盖章页，后评估报告未附"),
        ("区司法局", "缺少清理结果公告"),
    ]


def test_the_notice_lists_returned_items_first_with_their_reasons(reported: Path) -> None:
    (notice,) = (reported / "reports").glob("区司法局督办通知*.docx")
    document = Document(str(notice))
    text = [p.text for p in document.paragraphs]
    returned = next(i for i, p in enumerate(text) if p.startswith("经审核，贵单位报送的下列3项材料被退回"))
    owed = next(i for i, p in enumerate(text) if p.startswith("请贵单位高度重视"))
    assert returned < owed
    first = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert first[1][1].startswith("24.1") and first[1][2] == "缺少附件"


def test_snapshots_keep_the_decisions_in_force(reported: Path) -> None:
    snap = json.loads((reported / "reports" / f"{REPORT.format(2)}.snapshot.json").read_text("utf-8"))
    assert (
        snap["reviews"]["24.1 区司法局"] == "returned" and snap["reviews"]["33.1 区政府办公室"] == "accepted"
    )
    assert snap["summary"]["review"] == {"pending": 229, "returned": 3, "accepted": 5}


def test_without_review_nothing_changes_in_the_report_or_its_snapshot(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws")
    put(root, "027 合法性审核/区司法局/1-说明.jpg", b"photo")
    run("report", "--root", str(root), "--as-of", "2022-06-15")
    snapshot = (root / "reports" / f"{REPORT.format(1)}.snapshot.json").read_text("utf-8")
    assert "review" not in snapshot
    text = paragraphs(root / "reports" / f"{REPORT.format(1)}.docx")
    assert not any("材料审核" in p or "材料退回情况" in p for p in text)
    assert "二、分指标进展" in text


def test_the_sentence_counts_decided_items_and_names_changes() -> None:
    counts = ReviewCounts(pending=4, returned=1, accepted=2)
    assert (
        ReviewProgress(counts, ()).sentence()
        == "已审核材料3项（按单位、材料计，下同），通过2项，退回1项；另有待审核4项。"
    )
    moved = ReviewProgress(counts, (), ("27.2 区司法局",), ("27.1 区司法局", "30.1 区司法局"))
    assert moved.sentence().endswith(
        "与上期相比，新退回1项（27.2 区司法局），新通过2项（27.1 区司法局、30.1 区司法局）。"
    )


def test_no_review_progress_without_review() -> None:
    from report_fixtures import sample_report

    report = sample_report()
    assert review_progress(report) is None and decided(report) == {}
    assert report.summary.review is None and dt.date(2022, 6, 15) == report.as_of


def test_the_packs_checklist_lists_returned_files_with_their_reasons(reported: Path) -> None:
    """report.checklist.returned_items: the files of each returned material, named inside the unit's
    folder, with the reason of the return."""
    from fzcj import api
    from fzcj.report.checklist import build_checklist

    report = api.status(reported, dt.date(2022, 6, 22)).report
    returned = build_checklist(report, "区司法局").returned
    assert ("30.1", "后评估情况说明（示例）.docx", "缺少盖章页，后评估报告未附") in [
        (r.material_id, r.file, r.reason) for r in returned
    ]
    assert {r.material_id for r in returned} == {"24.1", "30.1", "32.1"}
    assert build_checklist(report, "区政府办公室").returned == ()


def test_the_checklist_counts_items_waiting_for_review_as_sent(reported: Path) -> None:
    """Where review is required, an item whose files are all there waits for the office (待审核): the
    unit has nothing to send for it; a returned one is to be sent again. The checklist then owes what
    the 督办通知 owes."""
    from fzcj import api
    from fzcj.report.checklist import build_checklist
    from fzcj.status.views import unit_owes

    report = api.status(reported, dt.date(2022, 6, 22)).report
    checklist = build_checklist(report, "区司法局")
    rows = {row.material_id: row for row in checklist.rows}
    assert rows["4.1"].done and rows["4.1"].missing == "已报送待审核"  # never 已齐全 before it is accepted
    assert not rows["32.1"].done and rows["32.1"].missing == "已退回，请修改后重报"
    assert len(checklist.open_rows) == len(unit_owes(report, "区司法局"))


def test_the_task_annex_says_an_item_waits_for_review(reported: Path) -> None:
    """An item whose files are all there but not yet accepted is open, owed by no unit: 待审核, not
    “文件数量不足”."""
    document = Document(str(reported / "reports" / f"{REPORT.format(1)}.docx"))
    cells = {c.text for table in document.tables for row in table.rows for c in row.cells}
    assert not any("待审核，文件数量不足" in c for c in cells)
    assert any("（待审核）" in c for c in cells)
