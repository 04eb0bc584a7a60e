"""Broken files (the content check) in the documents that tell a unit what to do: they count, as in
status and the 台账, and every such document names them for the unit to send again.

The example workspace with 滨河镇's 61.1 PDF cut short (a WeChat partial download), as a tester found it:
滨河镇 owed nothing else, so it was sent no notice at all.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document

from fzcj import api
from fzcj.report.broken import broken_files, opened_status
from fzcj.report.checklist import owes_something
from fzcj.report.ledger import ledger_rows
from fzcj.status.reading import readable_status
from helpers import REPO

EXAMPLE = REPO / "examples" / "沙坡头区示例"
DAY = dt.date(2022, 6, 15)
CUT = "061 行政执法机关根据国家规定和上级机关的统一/滨河镇/各乡镇、各执法部门特别是发展改革.pdf"


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("broken") / "ws"
    shutil.copytree(EXAMPLE, root)
    path = root / "evidence" / CUT
    path.write_bytes(path.read_bytes()[:300])
    return root


def _text(data: bytes | Path) -> str:
    document = Document(io.BytesIO(data) if isinstance(data, bytes) else str(data))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_a_broken_file_is_found_with_its_item_and_unit_and_still_counts(root: Path) -> None:
    report, opened = opened_status(api.load(root), DAY, "测试")
    broken = {b.path: b for b in broken_files(report, opened.inspected)}
    cut = broken[CUT]
    assert (cut.unit, cut.material.id, cut.name) == ("滨河镇", "61.1", CUT.split("/", 2)[2])
    assert "不完整" in cut.reason
    row = next(
        r
        for r in ledger_rows(report)
        if r.provider and r.provider.unit == "滨河镇" and r.material and r.material.id == "61.1"
    )
    assert row.state == "已提供"  # the 台账 is stat-only, as status


def test_a_unit_whose_only_fault_is_a_broken_file_is_sent_a_notice(root: Path, tmp_path: Path) -> None:
    result = api.notice(root, "滨河镇", DAY, output=tmp_path / "滨河镇.docx")
    assert result.path is not None and (result.owed, result.broken) == (0, 1)
    text = _text(result.path)
    assert "贵单位应报送材料3项，已全部报送。另有1个已报送的文件已损坏或无法正常打开，须重新报送。" in text
    assert "以下文件已损坏，请重新报送" in text and CUT.split("/", 2)[2] in text and "61.1 各乡镇" in text


def test_the_weekly_reports_problem_annex_lists_broken_files(root: Path, tmp_path: Path) -> None:
    api.report(root, DAY, output=tmp_path / "周报.docx")
    text = _text(tmp_path / "周报.docx")
    annex = text.partition("证据材料问题清单")[2]
    assert CUT in annex and "PDF 文件不完整" in annex
    assert "其中已损坏或无法正常打开的文件2个须由报送单位重新报送" in text  # and 区司法局's 后评估报告.pdf


def test_the_pack_lists_broken_files_and_is_made_for_their_unit(root: Path, tmp_path: Path) -> None:
    report, opened = opened_status(api.load(root), DAY, "测试")
    broken = opened.broken(report)
    assert owes_something(report, "滨河镇", broken) and not owes_something(report, "滨河镇")  # pack --all
    result = api.pack(root, DAY, unit="滨河镇", output=tmp_path / "p.zip", now=dt.datetime(2022, 6, 15, 9))
    assert result.broken == (1,) and result.open_items == (0,)
    with zipfile.ZipFile(result.paths[0]) as archive:
        name = next(n for n in archive.namelist() if n.endswith("报送清单.docx"))
        text = _text(archive.read(name))
    assert "另有1个已收到的文件已损坏或无法正常打开，须重新报送（见第一部分）" in text
    assert "一、已损坏须重新报送的文件（1个）" in text and "1个文件已损坏" in text
    assert "尚缺0项" in text and "已报送待审核" in text


def test_status_counts_without_opening_files(root: Path) -> None:
    report = readable_status(api.load(root), DAY, "测试")
    material = next(m for t in report.tasks for m in t.materials if m.id == "61.1")
    assert next(p for p in material.providers if p.unit == "滨河镇").file_count == 1
    assert not any(p.code == "broken-file" and "滨河镇" in p.path for p in report.problems)
