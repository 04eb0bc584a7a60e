"""The Word weekly report and 督办通知: reopened with python-docx and checked at the XML level."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn

from fzcj.data.model import Unit
from fzcj.errors import FzcjError, UsageError
from fzcj.report.docx.notice import NOTICE_REST_TASKS, NOTICE_ROWS
from fzcj.report.snapshot import find_snapshots, read_snapshot, write_snapshot
from fzcj.report.writer import write_unit_notice, write_weekly_report
from fzcj.status.types import TaskState
from report_fixtures import (
    UNIT_ORDER,
    WEEK1,
    WEEK2,
    indicators_file,
    large_report,
    owing_report,
    pdf_pages,
    sample_report,
    units,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
THEME_ATTRS = ("asciiTheme", "eastAsiaTheme", "hAnsiTheme", "cstheme")


def _write(reports: Path, as_of: dt.date = WEEK1, **kwargs: Any) -> Any:
    return write_weekly_report(indicators_file(), sample_report(as_of), units(), reports, **kwargs)


def _text(document: Any) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def _style(document: Any, style_id: str) -> Any:
    return document.styles.element.find(f"{W}style[@{W}styleId='{style_id}']")


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    """The first report of the sample campaign, written once and reopened."""
    result = _write(tmp_path_factory.mktemp("reports"))
    return result, docx.Document(str(result.path))


# ── layout and fonts ───────────────────────────────────────────────────────────────────────────


def test_page_is_a4_with_gbt9704_margins(first: tuple[Any, Any]) -> None:
    section = first[1].sections[0]
    measured = [section.page_width, section.page_height, section.top_margin, section.bottom_margin,
                section.left_margin, section.right_margin]  # fmt: skip
    assert [round(m.mm) for m in measured] == [210, 297, 37, 35, 28, 26]


def test_every_text_run_names_its_east_asian_font(first: tuple[Any, Any]) -> None:
    body = first[1].element.body
    runs = [r for r in body.iter(f"{W}r") if r.find(f"{W}t") is not None]
    assert runs
    for run in runs:
        fonts = run.find(f"{W}rPr/{W}rFonts")
        assert fonts is not None and fonts.get(f"{W}eastAsia"), run.xpath("string(.)")


def test_title_and_headings_use_the_campaign_fonts(first: tuple[Any, Any]) -> None:
    paragraphs = first[1].paragraphs
    title = paragraphs[0]
    assert title.style.name == "Title" and title.alignment == 1  # centred
    assert title.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert title.runs[0].font.size.pt == 22
    heading = next(p for p in paragraphs if p.text == "一、总体进展")
    assert heading.style.name == "Heading 1"
    assert heading.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert not heading.runs[0].bold
    sub = next(p for p in paragraphs if p.text.startswith("（一）"))
    assert sub.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "楷体_GB2312"


def test_styles_have_no_theme_fonts_colour_or_title_border(first: tuple[Any, Any]) -> None:
    styles = first[1].styles.element
    for fonts in styles.iter(f"{W}rFonts"):
        assert not any(fonts.get(f"{W}{a}") for a in THEME_ATTRS)
    for style_id in ("Title", "Heading1", "Heading2"):
        style = _style(first[1], style_id)
        assert style.find(f"{W}rPr/{W}color") is None
        assert style.find(f"{W}rPr/{W}b") is None
        assert style.find(f"{W}pPr/{W}pBdr") is None
        assert style.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia")


def test_body_style_is_sanhao_fangsong_indented_justified_on_fixed_lines(first: tuple[Any, Any]) -> None:
    normal = _style(first[1], "Normal")
    assert normal.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == "仿宋_GB2312"
    assert normal.find(f"{W}rPr/{W}sz").get(f"{W}val") == "32"
    spacing = normal.find(f"{W}pPr/{W}spacing")
    assert spacing.get(f"{W}lineRule") == "exact" and 560 <= int(spacing.get(f"{W}line")) <= 580
    assert normal.find(f"{W}pPr/{W}ind").get(f"{W}firstLineChars") == "200"
    assert normal.find(f"{W}pPr/{W}jc").get(f"{W}val") == "both"


def test_chinese_is_the_document_language(first: tuple[Any, Any]) -> None:
    document = first[1]
    lang = document.settings.element.find(f"{W}themeFontLang")
    assert lang.get(f"{W}eastAsia") == "zh-CN"
    defaults = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(f"{W}lang").get(f"{W}eastAsia") == "zh-CN"
    assert defaults.find(f"{W}rFonts").get(f"{W}eastAsia") == "仿宋_GB2312"


def test_odd_and_even_footers_carry_a_page_field(first: tuple[Any, Any]) -> None:
    document = first[1]
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, align, side in (
        (section.footer, "right", "rightChars"),
        (section.even_page_footer, "left", "leftChars"),
    ):
        paragraph = footer.paragraphs[0]
        p = paragraph._p
        assert [c.get(qn("w:fldCharType")) for c in p.iter(qn("w:fldChar"))] == ["begin", "separate", "end"]
        assert "".join(i.text for i in p.iter(qn("w:instrText"))).strip() == "PAGE"
        assert paragraph.text == "— 1 —"
        assert p.pPr.find(qn("w:jc")).get(qn("w:val")) == align
        assert p.pPr.find(qn("w:ind")).get(qn(f"w:{side}")) == "100"
        assert paragraph.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"
        assert paragraph.runs[0].font.size.pt == 14
    footer_ind = _style(document, "Footer").find(f"{W}pPr/{W}ind")
    assert footer_ind.get(f"{W}firstLine") == "0" and footer_ind.get(f"{W}firstLineChars") == "0"


def test_tables_repeat_header_keep_rows_whole_and_fit_the_text_width(first: tuple[Any, Any]) -> None:
    tables = first[1].tables
    assert len(tables) == 7
    for table in tables:
        tbl = table._tbl
        rows = tbl.tr_lst
        assert rows[0].trPr.find(qn("w:tblHeader")) is not None
        assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in rows)
        assert all(tr.trPr.find(qn("w:tblHeader")) is None for tr in rows[1:])
        assert tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        grid = [int(c.get(qn("w:w"))) for c in tbl.tblGrid.iter(qn("w:gridCol"))]
        assert sum(grid) <= round(156 / 25.4 * 1440)
        for tr in rows:
            for tc in tr.tc_lst:
                assert tc.tcPr.find(qn("w:tcW")) is not None


def test_table_text_is_single_spaced_without_indent(first: tuple[Any, Any]) -> None:
    style = _style(first[1], "TableText")
    assert style.find(f"{W}pPr/{W}spacing").get(f"{W}lineRule") == "auto"
    assert style.find(f"{W}pPr/{W}ind").get(f"{W}firstLine") == "0"
    cell = first[1].tables[0].rows[1].cells[0].paragraphs[0]
    assert cell.style.name == "Table Text"
    assert cell.runs[0].font.size.pt == 10.5


def test_core_properties_are_set(first: tuple[Any, Any]) -> None:
    props = first[1].core_properties
    assert props.title == "示例县法治政府建设示范创建工作进展周报（第1期）"
    assert props.author == "县委依法治县办"
    assert props.created.date() == WEEK1


# ── content ────────────────────────────────────────────────────────────────────────────────────


def test_masthead_has_issue_issuer_and_date(first: tuple[Any, Any]) -> None:
    paragraphs = first[1].paragraphs
    assert paragraphs[0].text == "示例县法治政府建设示范创建工作进展周报"
    assert paragraphs[1].text == "第1期"
    assert paragraphs[2].text == "县委依法治县办\t2022年6月15日"


def test_overview_numbers_equal_the_status_summary(first: tuple[Any, Any]) -> None:
    summary = sample_report().summary
    text = _text(first[1])
    by = summary.by_status
    assert (
        f"共有任务{summary.total}项，已完成{by[TaskState.complete]}项，进行中{by[TaskState.in_progress]}项，"
        f"未开始{by[TaskState.not_started]}项，不涉及{by[TaskState.waived]}项，完成率20.0%"
    ) in text
    assert f"逾期未完成{summary.overdue}项，7日内到期{summary.due_soon}项" in text
    total_row = [c.text for c in first[1].tables[0].rows[-1].cells]
    assert total_row[:9] == ["合计", "10", "1", "4", "4", "1", "2", "2", "20%"]
    assert total_row[9] == "■■□□□□□□□□"


def test_first_report_says_there_is_no_previous_one(first: tuple[Any, Any]) -> None:
    assert "本期为首期周报，暂无上期数据可供比较。" in _text(first[1])


def test_sections_and_attachments_are_in_order(first: tuple[Any, Any]) -> None:
    texts = [p.text for p in first[1].paragraphs]
    headings = ["一、总体进展", "二、分指标进展", "三、逾期及临期任务", "四、各单位进展", "五、核查事项和否决项",
                "六、下步工作", "附件：1.任务完成情况明细表", "2.证据材料问题清单", "附件1", "附件2"]  # fmt: skip
    positions = [texts.index(h) for h in headings]
    assert positions == sorted(positions)
    attachment = next(p for p in first[1].paragraphs if p.text == "附件1")
    assert attachment.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert attachment.runs[0].font.size.pt == 16
    page_breaks = first[1].element.body.xpath(".//w:br[@w:type='page']")
    assert len(page_breaks) == 2


def test_overdue_table_lists_days_and_what_is_missing_from_whom(first: tuple[Any, Any]) -> None:
    table = first[1].tables[1]
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["序号", "任务", "牵头单位", "完成\n时限", "逾期/\n剩余天数", "缺少材料及责任单位"]
    assert [r[4] for r in rows[1:]] == ["逾期5天", "逾期5天", "剩余3天", "剩余5天"]
    assert rows[1][1].startswith("第2项 ")
    assert "2.1 " in rows[1][5] and "（县财政局）" in rows[1][5] and "（县司法局）" in rows[1][5]
    assert rows[2][1].startswith("第6项 ") and rows[2][5].startswith("与第2项合并提供\n2.1 ")


def test_unit_ranking_and_boards(first: tuple[Any, Any]) -> None:
    table = first[1].tables[2]
    assert [r.cells[1].text for r in table.rows[1:]] == [*UNIT_ORDER[:2], "县教育局", "县财政局"]
    assert [c.text for c in table.rows[2].cells][2:9] == ["4", "0", "2", "4", "2", "1", "50%"]
    text = _text(first[1])
    assert "红榜（报送率高且无逾期事项）：县政府办公室（67%）。" in text
    assert (
        "黑榜（逾期事项多）：县司法局（牵头任务逾期2项、逾期未报材料1项）、县财政局（逾期未报材料1项）。"
        in text
    )


def test_checks_vetoes_and_next_steps(first: tuple[Any, Any]) -> None:
    checks = [[c.text for c in r.cells] for r in first[1].tables[3].rows[1:]]
    assert [(r[2], r[5]) for r in checks] == [("实地核查", "未准备"), ("网上核查", "已准备")]
    veto = [c.text for c in first[1].tables[4].rows[1].cells]
    assert veto[2:] == ["进行中", "县财政局"]
    text = _text(first[1])
    assert "1.督促县司法局立即补齐逾期事项：第2项（2.2，6月10日到期）" in text


def test_attachments_list_every_task_and_every_problem(first: tuple[Any, Any]) -> None:
    tasks = first[1].tables[5]
    ids = [r.cells[0].text for r in tasks.rows[1:] if len({id(c._tc) for c in r.cells}) > 1]
    assert ids == [t.id for t in sample_report().tasks]
    groups = [r.cells[0].text for r in tasks.rows[1:] if len({id(c._tc) for c in r.cells}) == 1]
    assert groups == ["一、政府职能依法全面履行", "二、依法行政制度体系完善", "十、附加项"]
    problems = [[c.text for c in r.cells] for r in first[1].tables[6].rows[1:]]
    assert problems[0][1:4] == ["data/units.yaml", "12", "警告"]
    assert problems[1][1:4] == ["evidence/2/县司法局/说明.docx", "—", "错误"]


# ── files: issue numbers, snapshots, overwriting ───────────────────────────────────────────────


def test_second_report_a_week_later_shows_the_changes(tmp_path: Path) -> None:
    first = _write(tmp_path, WEEK1)
    second = _write(tmp_path, WEEK2)
    assert (first.issue, second.issue) == (1, 2)
    assert second.path.name == "示例县法治政府建设示范创建工作进展周报（第2期）.docx"
    text = _text(docx.Document(str(second.path)))
    assert "第2期" in text
    assert (
        "与上期（第1期，截至2022年6月15日）相比，新增完成1项（第3项），新增逾期1项（第8项），完成率提高10.0个百分点。"
        in text
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


def test_explicit_issue_and_output_path(tmp_path: Path) -> None:
    out = tmp_path / "elsewhere" / "周报.docx"
    out.parent.mkdir()
    result = _write(tmp_path / "reports", issue=7, output=out)
    assert result.path == out and out.is_file()
    assert result.snapshot_path == tmp_path / "reports" / "周报.snapshot.json"
    assert read_snapshot(result.snapshot_path).issue == 7
    assert docx.Document(str(out)).paragraphs[1].text == "第7期"


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
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([first.path.name, first.snapshot_path.name])
    assert _write(tmp_path, WEEK1, issue=1, force=True).issue == 1  # the same date may be regenerated


def test_snapshot_file_of_another_date_is_never_replaced_even_with_force(tmp_path: Path) -> None:
    out = tmp_path / "周报.docx"
    first = _write(tmp_path, WEEK1, output=out)
    kept = (out.read_bytes(), first.snapshot_path.read_bytes())
    with pytest.raises(UsageError) as raised:
        _write(tmp_path, WEEK2, output=out, force=True)
    message = raised.value.message
    assert str(first.snapshot_path) in message and "2022年6月15日的第1期周报" in message
    assert "--issue" in message and "--force 也不行" in message
    assert (out.read_bytes(), first.snapshot_path.read_bytes()) == kept


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


def test_xml_illegal_characters_in_task_text_do_not_crash(tmp_path: Path) -> None:
    text = "含控制字符\x01\x0b的任务\ufffe\ud800，\r\n换行\x1f。"
    report = sample_report(text1=text)
    result = write_weekly_report(indicators_file(), report, units(), tmp_path)
    cells = [c.text for r in docx.Document(str(result.path)).tables[5].rows for c in r.cells]
    assert "含控制字符的任务，\n换行" in cells


def test_long_title_is_broken_between_campaign_name_and_report_title(tmp_path: Path) -> None:
    indicators = indicators_file(title="工作推进情况通报")
    result = write_weekly_report(indicators, sample_report(), units(), tmp_path)
    assert result.path.name == "示例县法治政府建设示范创建工作推进情况通报（第1期）.docx"
    document = docx.Document(str(result.path))
    assert document.paragraphs[0].text == "示例县法治政府建设示范创建\n工作推进情况通报"
    assert document.core_properties.title == "示例县法治政府建设示范创建工作推进情况通报（第1期）"


def test_report_fonts_and_issuer_come_from_the_campaign(tmp_path: Path) -> None:
    indicators = indicators_file(issuer="示例县法治政府建设领导小组办公室")
    fonts = indicators.campaign.report.fonts.model_copy(update={"body": "仿宋", "heading2": "楷体"})
    config = indicators.campaign.report.model_copy(update={"fonts": fonts})
    indicators = indicators.model_copy(
        update={"campaign": indicators.campaign.model_copy(update={"report": config})}
    )
    result = write_weekly_report(indicators, sample_report(), units(), tmp_path)
    document = docx.Document(str(result.path))
    assert document.paragraphs[2].text.startswith("示例县法治政府建设领导小组办公室\t")
    assert document.core_properties.author == "示例县法治政府建设领导小组办公室"
    body = next(p for p in document.paragraphs if p.text.startswith("截至"))
    assert body.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋"


# ── the 督办通知 ──────────────────────────────────────────────────────────────────────────────


def test_unit_notice_lists_what_the_unit_owes(tmp_path: Path) -> None:
    path = write_unit_notice(indicators_file(), sample_report(), "县司法局", units(), tmp_path)
    assert path.name == "县司法局督办通知（2022年6月15日）.docx"
    document = docx.Document(str(path))
    text = _text(document)
    assert document.paragraphs[0].text == "关于加快报送法治政府建设示范创建材料\n的督办通知"
    assert document.core_properties.title == "关于加快报送法治政府建设示范创建材料的督办通知"
    assert "示例县司法局：" in text  # full name from the unit directory
    assert "应报送材料4项，已报送2项，尚缺2项，其中已逾期1项、7日内到期0项。" in text
    assert "贵单位牵头的第2、6项任务已逾期" in text
    rows = [[c.text for c in r.cells] for r in document.tables[0].rows]
    assert [r[4] for r in rows[1:]] == ["已逾期5天", "无固定时限"]
    assert rows[1][2].startswith("2.2 ")
    assert (
        document.paragraphs[-2].text == "县委依法治县办" and document.paragraphs[-1].text == "2022年6月15日"
    )
    assert document.tables[0]._tbl.tr_lst[0].trPr.find(qn("w:tblHeader")) is not None


def _notice(tmp_path: Path, report: Any, name: str = "notice.docx", **unit: str) -> Any:
    path = write_unit_notice(indicators_file(), report, "县司法局", [Unit(name="县司法局", type="政府部门", **unit)],
                             tmp_path, output=tmp_path / name)  # fmt: skip
    return docx.Document(str(path))


def test_unit_notice_has_a_row_per_task_most_urgent_first(tmp_path: Path) -> None:
    document = _notice(tmp_path, owing_report(count=12))  # 1–8 overdue, 11 due soon, 9–10 later, 12 ongoing
    rows = [[c.text for c in r.cells] for r in document.tables[0].rows[1:]]
    order = [4, 3, 8, 2, 7, 1, 6, 5, 11, 9, 10, 12]  # by deadline, then in task order
    assert [r[1].split()[0] for r in rows] == [f"第{n}项" for n in order]
    assert [r[4] for r in rows[:3]] == ["已逾期41天", "已逾期31天", "已逾期31天"]
    assert [r[4] for r in rows[-4:]] == ["剩余3天", "剩余30天", "剩余30天", "无固定时限"]
    assert rows[0][2] == "4.1、4.2"  # several materials of a task by number
    assert rows[1][2].startswith("3.1 提供本级政府") and rows[1][2].endswith("…")  # one: with its text
    assert rows[4][2] == "7.1、7.2"
    assert "限于篇幅" not in _text(document)


def test_unit_notice_lists_at_most_notice_rows_and_names_the_rest(tmp_path: Path) -> None:
    report = owing_report(count=40)  # 1–26 overdue, 39 due soon, 40 ongoing, 27–38 in 30 days
    document = _notice(tmp_path, report)
    rows = [[c.text for c in r.cells] for r in document.tables[0].rows[1:]]
    assert len(rows) == NOTICE_ROWS
    assert all(r[4].startswith("已逾期") for r in rows)
    shown = {int(r[1].split()[0].strip("第项")) for r in rows}
    sentence = next(p for p in _text(document).splitlines() if p.startswith("限于篇幅"))
    assert sentence.startswith(f"限于篇幅，上表只列出完成时限最早的{NOTICE_ROWS}项任务的材料。另有")
    late, other = sentence.split("另有", 1)[1].split("；")
    owed = {int(t.id): len(t.materials) for t in report.tasks}
    late_ids = sorted(set(range(1, 27)) - shown)
    listed = "、".join(f"第{n}项" for n in late_ids[:NOTICE_REST_TASKS])
    assert late == f"{listed}等{len(late_ids)}项任务已逾期，尚缺材料{sum(owed[n] for n in late_ids)}项"
    listed = "、".join(f"第{n}项" for n in range(27, 27 + NOTICE_REST_TASKS))
    count = sum(owed[n] for n in range(27, 41))
    assert other == f"{listed}等14项任务尚缺材料{count}项（最早6月18日到期），请一并对照任务分解表抓紧报送。"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_unit_notice_owing_everything_stays_within_two_pages(tmp_path: Path) -> None:
    full = "示例省示例市示例县人民政府办公室机关事务服务中心（县政务服务中心）"
    _notice(tmp_path, owing_report(count=104), full_name=full)
    assert pdf_pages(tmp_path / "notice.docx", tmp_path) <= 2


def test_unit_notice_refuses_unknown_unit_and_overwrite(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        write_unit_notice(indicators_file(), sample_report(), "县统计局", units(), tmp_path)
    write_unit_notice(indicators_file(), sample_report(), "县财政局", units(), tmp_path)
    with pytest.raises(FzcjError, match="已存在"):
        write_unit_notice(indicators_file(), sample_report(), "县财政局", units(), tmp_path)


# ── cost ───────────────────────────────────────────────────────────────────────────────────────


def test_importing_the_renderer_does_not_load_python_docx() -> None:
    code = "import sys, fzcj.api, fzcj.report.writer, fzcj.cli; print('docx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_campaign_sized_report_renders_quickly(tmp_path: Path) -> None:
    import fzcj.report.docx.official  # noqa: F401  (python-docx import is not what is measured)

    report = large_report()
    start = time.perf_counter()
    result = write_weekly_report(indicators_file(), report, [], tmp_path)
    elapsed = time.perf_counter() - start
    assert elapsed < 2.5, elapsed  # about 0.3 s on a laptop; generous for slow CI machines
    assert len(docx.Document(str(result.path)).tables[-1].rows) == 1 + 104 + 10  # no problems: 附件1 is last


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_report_converts_to_pdf_with_libreoffice(tmp_path: Path) -> None:
    result = _write(tmp_path / "reports")
    profile = tmp_path / "lo-profile"
    subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{profile}", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(result.path)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    pdf = tmp_path / (result.path.stem + ".pdf")
    assert pdf.is_file() and pdf.stat().st_size > 1000


def test_a_snapshot_that_is_no_json_says_where(tmp_path: Path) -> None:
    (tmp_path / "旧周报.snapshot.json").write_text('{\n  "issue": 1,\n  "as_of": \n}', encoding="utf-8")
    with pytest.raises(FzcjError, match="第 4 行第 1 列：不是有效的 JSON"):
        _write(tmp_path)
