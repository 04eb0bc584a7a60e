"""The 报送清单 of a unit's pack: its rows (what came in, what is short, by when) and the Word document."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from docx import Document

from evidence_helpers import make_workspace, put
from fzcj import api
from fzcj.data.workspace import load
from fzcj.report.checklist import Checklist, Returned, build_checklist
from fzcj.report.docx.checklist import render_checklist
from fzcj.text import cn_date

AS_OF = dt.date(2022, 8, 1)


@pytest.fixture(scope="module")
def checklist(tmp_path_factory: pytest.TempPathFactory) -> Checklist:
    root = make_workspace(tmp_path_factory.mktemp("checklist") / "ws")
    put(root, "027/区司法局/2-审查意见/一.pdf")  # 27.2 asks for at least 3
    put(root, "030/区司法局/后评估.docx")
    intake = root / "intake"
    intake.mkdir()
    (intake / "2022-06-15 区司法局 收件记录.txt").write_text(
        "fzcj 收件记录\n收件时间：2022-06-15 09:30:00\n\n"
        "新收到\t" + "0" * 64 + "\tevidence/030/区司法局/后评估.docx\t030/后评估.docx\n",
        "utf-8",
    )
    return build_checklist(api.status(root, AS_OF).report, "区司法局")


def row(checklist: Checklist, material: str) -> object:
    return next(r for r in checklist.rows if r.material_id == material)


def test_a_partial_item_says_how_many_are_missing(checklist: Checklist) -> None:
    partial = row(checklist, "27.2")
    assert partial.missing == "已交1个，还差2个"  # type: ignore[attr-defined]
    assert partial.received == ("2-审查意见/一.pdf",)  # type: ignore[attr-defined]
    assert partial.timing == "已逾期2天" and partial.overdue  # type: ignore[attr-defined]


def test_a_complete_item_lists_its_files_with_the_day_they_came_in(checklist: Checklist) -> None:
    done = row(checklist, "30.1")
    assert done.done and done.missing == "已齐全" and done.timing == ""  # type: ignore[attr-defined]
    assert done.received == ("后评估.docx（6月15日收）",)  # type: ignore[attr-defined]


def test_a_missing_item_shared_with_other_units_says_who_else_may_provide_it(checklist: Checklist) -> None:
    shared = next(r for r in checklist.open_rows if r.rule.startswith("也可由"))
    assert shared.missing.startswith("未交")


def test_the_document_lists_open_items_then_complete_ones(checklist: Checklist) -> None:
    workspace = load(Path(__file__).resolve().parents[2])
    data = render_checklist(workspace.campaign, checklist, "区委依法治区办")
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "区司法局材料报送清单" in text.replace("\n", "")
    assert f"截至{cn_date(AS_OF)}，你单位应报送材料{len(checklist.rows)}项" in text
    assert "一、尚缺的材料" in text and "二、已报送或不涉及的材料" in text and "退回重报" not in text
    open_table, done_table = doc.tables
    assert len(open_table.rows) == len(checklist.open_rows) + 1
    assert open_table.rows[0]._tr.find(".//{*}tblHeader") is not None  # the header repeats on every page
    cells = [[c.text for c in r.cells] for r in open_table.rows]
    assert any(r[4] == "▲ 已交1个，还差2个" and r[3] == "2-审查意见/一.pdf" for r in cells)
    assert any(
        "后评估.docx（6月15日收）" in r[2] for r in ([c.text for c in r.cells] for r in done_table.rows)
    )


def test_returned_files_get_a_section_of_their_own(checklist: Checklist) -> None:
    """The review hook: once review decisions exist, files sent back are listed first, with the reason."""
    from dataclasses import replace

    workspace = load(Path(__file__).resolve().parents[2])
    returned = replace(checklist, returned=(Returned("27.1", "1-说明.pdf", "缺少盖章页"),))
    doc = Document(io.BytesIO(render_checklist(workspace.campaign, returned, "区委依法治区办")))
    assert "一、退回重报的材料（1个文件）" in [p.text for p in doc.paragraphs]
    assert [c.text for c in doc.tables[0].rows[1].cells] == ["27.1", "1-说明.pdf", "缺少盖章页"]


def test_items_waiting_for_review_are_sent_not_complete() -> None:
    """滨河镇 in the example (review required) filed its three items, none yet accepted: 已报送待审核."""
    example = Path(__file__).resolve().parents[2] / "examples" / "沙坡头区示例"
    report = api.status(example, dt.date(2022, 6, 15)).report
    checklist = build_checklist(report, "滨河镇")
    assert {row.missing for row in checklist.rows} == {"已报送待审核"} and checklist.counts() == {
        "已报送待审核": 3
    }
    doc = Document(io.BytesIO(render_checklist(load(example).campaign, checklist, "区委依法治区办")))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "你单位应报送材料3项：已报送待审核3项，尚缺0项。你单位应报送的材料均已报送，正等待审核" in text
    assert "已齐全" not in text and "均已收到" not in text
