"""The Word weekly report: reopened with python-docx and checked at the XML level.

Issue numbers, snapshots and files are in test_report_files.py; the 督办通知 in test_notice.py.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn

from fzcj.report.docx.styles import PORTRAIT_TEXT_TWIPS, condensed_twips
from fzcj.report.docx.tables import BAR_CELLS, BAR_SIZE, Column, bar_fits, bar_width_pt
from fzcj.report.tables import DEADLINE_ROWS
from fzcj.report.writer import write_weekly_report
from fzcj.status.types import TaskState
from report_fixtures import (
    UNIT_ORDER,
    WEEK1,
    indicators_file,
    large_report,
    pdf_page_texts,
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


def _cells(table: Any) -> list[list[str]]:
    return [[c.text for c in r.cells] for r in table.rows]


def _annex(document: Any) -> Any:
    """附件1, found by its header."""
    return next(t for t in document.tables if t.rows[0].cells[-1].text == "缺少材料（责任单位）")


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    """The first report of the sample campaign, written once and reopened."""
    result = _write(tmp_path_factory.mktemp("reports"))
    return result, docx.Document(str(result.path))


@pytest.fixture(scope="module")
def late(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A campaign-sized report in late August: most tasks overdue, long task texts."""
    report = large_report(dt.date(2022, 8, 31))
    folder = tmp_path_factory.mktemp("late")
    return docx.Document(str(write_weekly_report(indicators_file(), report, [], folder).path))


# ── layout and fonts ───────────────────────────────────────────────────────────────────────────


def test_page_is_a4_with_gbt9704_margins(first: tuple[Any, Any]) -> None:
    section = first[1].sections[0]
    measured = [section.page_width, section.page_height, section.top_margin, section.bottom_margin,
                section.left_margin, section.right_margin]  # fmt: skip
    assert [round(m.mm) for m in measured] == [210, 297, 37, 35, 28, 26]


def test_body_lines_hold_28_characters_on_a_22_line_grid(first: tuple[Any, Any]) -> None:
    grid = first[1].sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines" and grid.get(qn("w:linePitch")) == "579"
    spacing = int(_style(first[1], "Normal").find(f"{W}rPr/{W}spacing").get(f"{W}val"))
    assert spacing == condensed_twips(PORTRAIT_TEXT_TWIPS) < 0
    pitch = 320 + spacing  # 三号 is 320 twips
    assert 28 * pitch <= PORTRAIT_TEXT_TWIPS < 29 * pitch
    table_spacing = _style(first[1], "TableText").find(f"{W}rPr/{W}spacing")
    assert table_spacing.get(f"{W}val") == "0"  # tables keep the font's own spacing


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
    assert heading.style.name == "Heading 1" and heading.paragraph_format.keep_with_next
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
    later = document.sections[1]._sectPr  # the annexes show the same page numbers
    assert later.find(qn("w:footerReference")) is None


def _section_of(document: Any, table: Any) -> Any:
    """The section a table is in: the first section break after it, else the last section."""
    for element in table._tbl.itersiblings():
        sect = element.find(f"{W}pPr/{W}sectPr")
        if sect is not None:
            return sect
    return document.element.body.find(qn("w:sectPr"))


def test_tables_repeat_header_keep_rows_whole_and_fit_their_page(first: tuple[Any, Any]) -> None:
    document = first[1]
    tables = document.tables
    assert len(tables) == 7
    for table in tables:
        tbl = table._tbl
        rows = tbl.tr_lst
        assert rows[0].trPr.find(qn("w:tblHeader")) is not None
        assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in rows)
        assert all(tr.trPr.find(qn("w:tblHeader")) is None for tr in rows[1:])
        assert tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        grid = [int(c.get(qn("w:w"))) for c in tbl.tblGrid.iter(qn("w:gridCol"))]
        sect = _section_of(document, table)
        size, margins = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))
        text = int(size.get(qn("w:w"))) - int(margins.get(qn("w:left"))) - int(margins.get(qn("w:right")))
        assert sum(grid) <= text
        for tr in rows:
            for tc in tr.tc_lst:
                assert tc.tcPr.find(qn("w:tcW")) is not None


def test_table_text_is_on_exact_lines_without_indent_or_grid(first: tuple[Any, Any]) -> None:
    style = _style(first[1], "TableText")
    spacing = style.find(f"{W}pPr/{W}spacing")
    assert spacing.get(f"{W}lineRule") == "exact" and int(spacing.get(f"{W}line")) == round(13.7 * 20)
    assert style.find(f"{W}pPr/{W}ind").get(f"{W}firstLine") == "0"
    assert style.find(f"{W}pPr/{W}snapToGrid").get(f"{W}val") == "0"
    cell = first[1].tables[0].rows[1].cells[0].paragraphs[0]
    assert cell.style.name == "Table Text"
    assert cell.runs[0].font.size.pt == 10.5


def test_progress_bars_fit_their_column_in_full_width_glyphs(first: tuple[Any, Any]) -> None:
    """■ and □ are one em wide in 仿宋: ten of them must fit the cell with room to spare."""
    assert bar_width_pt() == BAR_CELLS * BAR_SIZE
    for table in (first[1].tables[0], first[1].tables[2]):
        width_twips = int(table._tbl.tblGrid.findall(qn("w:gridCol"))[-1].get(qn("w:w")))
        column = Column("进度", width_twips * 25.4 / 1440, bar=True)
        assert bar_fits(column)
        assert bar_width_pt() <= 0.92 * (width_twips / 20 - 2 * 57 / 20)
        run = table.rows[1].cells[-1].paragraphs[0].runs[0]
        assert run.font.size.pt == BAR_SIZE and run._r.rPr.rFonts.get(qn("w:hint")) == "eastAsia"
    assert not bar_fits(Column("进度", 30, bar=True))


def test_a_bar_column_too_narrow_is_refused(tmp_path: Path) -> None:
    from fzcj.data.model import ReportFonts
    from fzcj.report.docx.official import OfficialDocument

    with pytest.raises(ValueError, match="progress bar"):
        OfficialDocument(ReportFonts()).table([Column("进度", 28, bar=True)], [["■□"]])


def test_core_and_extended_properties_name_this_document_only(first: tuple[Any, Any]) -> None:
    props = first[1].core_properties
    assert props.title == "示例县法治政府建设示范创建工作进展周报（第1期）"
    assert props.author == "县委依法治县办"
    assert props.created.date() == WEEK1
    with zipfile.ZipFile(first[0].path) as package:
        app = package.read("docProps/app.xml").decode()
        names = package.namelist()
    assert "Microsoft" not in app and "<Pages>" not in app and "<Application>fzcj</Application>" in app
    assert not [n for n in names if "thumbnail" in n]


# ── the body ───────────────────────────────────────────────────────────────────────────────────


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
    assert total_row[:9] == ["合计", "10", "1", "4", "4", "1", "2", "2", "20.0%"]
    assert total_row[9] == "■■□□□□□□□□"


def test_rates_have_one_precision_everywhere(first: tuple[Any, Any]) -> None:
    document = first[1]
    shown = re.findall(r"\d+(?:\.\d+)?%", _text(document) + "".join(
        c.text for t in document.tables[:3] for r in t.rows for c in r.cells))  # fmt: skip
    assert shown and all(re.fullmatch(r"\d+\.\d%", rate) for rate in shown if rate != "10%"), shown


def test_first_report_says_there_is_no_previous_one(first: tuple[Any, Any]) -> None:
    assert "本期为首期周报，暂无上期数据可供比较。" in _text(first[1])


def test_sections_are_numbered_in_order(first: tuple[Any, Any]) -> None:
    texts = [p.text for p in first[1].paragraphs]
    headings = ["一、总体进展", "二、分指标进展", "三、逾期及临期任务", "四、各单位进展", "五、核查事项和否决项",
                "六、下步工作", "附件：1.任务完成情况明细表", "2.证据材料问题清单", "附件1", "附件2"]  # fmt: skip
    positions = [texts.index(h) for h in headings]
    assert positions == sorted(positions)


def test_annex_1_is_a_landscape_section_starting_with_its_label(first: tuple[Any, Any]) -> None:
    document = first[1]
    sections = document.sections
    assert len(sections) == 3  # body, 附件1 (landscape), 附件2
    landscape = sections[1]
    assert (round(landscape.page_width.mm), round(landscape.page_height.mm)) == (297, 210)
    assert landscape.orientation == 1 and sections[2].orientation == 0
    assert round((landscape.page_width - landscape.left_margin - landscape.right_margin) / 36000) == 225
    assert not document.element.body.xpath(".//w:br[@w:type='page']")  # no empty paragraph before 附件N
    for label in ("附件1", "附件2"):
        paragraph = next(p for p in document.paragraphs if p.text == label)
        previous = paragraph._p.getprevious()
        assert previous.find(f"{W}pPr/{W}sectPr") is not None  # the first line of a new section
        assert paragraph.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
        assert paragraph.runs[0].font.size.pt == 16 and paragraph.paragraph_format.keep_with_next


def test_attachment_note_stays_with_the_last_body_text(first: tuple[Any, Any]) -> None:
    paragraphs = first[1].paragraphs
    at = next(i for i, p in enumerate(paragraphs) if p.text.startswith("附件："))
    chain = paragraphs[at - 2 : at + 2]  # the last step, the blank line, 附件：1.…, 2.…
    assert re.match(r"\d+\.", chain[0].text)
    assert chain[1].text == ""  # GB/T 9704 §7.3.5: a blank line before it
    assert all(p.paragraph_format.keep_with_next for p in chain[:-1])
    assert all(p.paragraph_format.keep_together for p in chain)
    assert chain[3].text == "2.证据材料问题清单"  # no punctuation after attachment names


def test_no_paragraph_ends_in_a_bare_number(first: tuple[Any, Any], late: Any) -> None:
    """A reference such as 表2 or 附件2 never ends a paragraph, where “2。” could wrap alone."""
    for document in (first[1], late):
        for paragraph in document.paragraphs:
            assert not re.search(r"\d。$", paragraph.text), paragraph.text


def test_overdue_table_lists_days_and_what_is_missing_from_whom(first: tuple[Any, Any]) -> None:
    rows = _cells(first[1].tables[1])
    assert rows[0] == ["序号", "任务", "牵头单位", "完成\n时限", "逾期/\n剩余天数", "缺少材料及责任单位"]
    assert [r[4] for r in rows[1:]] == ["逾期5天", "逾期5天", "剩余3天", "剩余5天"]
    assert rows[1][1] == "第2项 第2项任务：依法推进相关工作"  # the first sentence, no “…”
    assert rows[1][5] == "2.1（县财政局）\n2.2（县司法局）"
    assert rows[2][1].startswith("第6项 ") and rows[2][5].startswith("与第2项合并提供\n2.1")


def test_overdue_table_is_capped_and_points_to_annex_1(late: Any) -> None:
    table = late.tables[1]
    assert len(table.rows) == 1 + DEADLINE_ROWS
    sentence = next(p.text for p in late.paragraphs if p.text.startswith("逾期未完成任务"))
    assert f"表2列出其中最紧迫的{DEADLINE_ROWS}项（逾期最久的在前）" in sentence
    assert re.search(r"其余\d+项在附件1中逐项列出。$", sentence)
    days = [int(re.sub(r"\D", "", r.cells[4].text)) for r in table.rows[1:]]
    assert days == sorted(days, reverse=True)


def test_no_table_cell_is_cut_with_an_ellipsis(first: tuple[Any, Any], late: Any) -> None:
    for document in (first[1], late):
        for table in document.tables:
            for row in table.rows:
                assert not any("…" in cell.text for cell in row.cells)


def test_annex_1_shows_every_task_text_in_full(late: Any) -> None:
    report = large_report(dt.date(2022, 8, 31))
    annex = _annex(late)
    texts = {
        r.cells[0].text: r.cells[1].text for r in annex.rows[1:] if len({id(c._tc) for c in r.cells}) > 1
    }
    assert texts == {t.id: t.text for t in report.tasks}


def test_annex_group_rows_are_shaded_and_kept_with_their_first_task(first: tuple[Any, Any]) -> None:
    annex = _annex(first[1])
    groups = [r for r in annex.rows[1:] if len({id(c._tc) for c in r.cells}) == 1]
    assert [r.cells[0].text for r in groups] == [
        "一、政府职能依法全面履行",
        "二、依法行政制度体系完善",
        "十、附加项",
    ]
    for row in groups:
        cell = row.cells[0]
        assert cell._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) not in (None, "auto", "FFFFFF")
        assert all(p.paragraph_format.keep_with_next for p in cell.paragraphs)


def test_half_width_punctuation_in_table_text_is_shown_full_width(tmp_path: Path) -> None:
    report = sample_report(text1="推进区政府办公室(审批服务局)的工作,逐项落实。")
    result = write_weekly_report(indicators_file(), report, units(), tmp_path)
    annex = docx.Document(str(result.path)).tables[5]
    assert "推进区政府办公室（审批服务局）的工作，逐项落实。" in [c.text for r in annex.rows for c in r.cells]
    assert report.tasks[0].text == "推进区政府办公室(审批服务局)的工作,逐项落实。"  # the data is untouched


def test_unit_ranking_and_boards(first: tuple[Any, Any]) -> None:
    table = first[1].tables[2]
    assert [r.cells[1].text for r in table.rows[1:]] == [*UNIT_ORDER[:2], "县教育局", "县财政局"]
    assert [r.cells[0].text for r in table.rows[1:]] == ["1", "2", "3", "3"]  # both at 0.0%: 并列第3
    assert [c.text for c in table.rows[2].cells][2:9] == ["4", "0", "2", "4", "2", "1", "50.0%"]
    text = _text(first[1])
    assert "红榜（报送率高且无逾期事项）：县政府办公室（66.7%，第1）。" in text
    assert (
        "黑榜（逾期事项多）：县司法局（牵头任务逾期2项、逾期未报材料1项）、县财政局（逾期未报材料1项）。"
        in text
    )
    red = next(p for p in first[1].paragraphs if p.text.startswith("红榜"))
    assert red.alignment == 0  # a list of names is set flush left: justification would letter-space it


def test_checks_vetoes_and_next_steps(first: tuple[Any, Any]) -> None:
    checks = _cells(first[1].tables[3])[1:]
    assert [(r[2], r[5]) for r in checks] == [("实地核查", "未准备"), ("网上核查", "已准备")]
    veto = [c.text for c in first[1].tables[4].rows[1].cells]
    assert veto[2:] == ["进行中", "县财政局"]
    text = _text(first[1])
    assert "1.督促县司法局立即补齐逾期事项：第2项（2.2，6月10日到期）" in text


def test_problems_annex_lists_what_units_must_fix_by_evidence_path(first: tuple[Any, Any]) -> None:
    rows = _cells(first[1].tables[6])
    assert rows[0] == ["序号", "文件（证据文件夹中的位置）", "级别", "问题说明"]  # no 行 column: no lines
    assert rows[1:] == [["1", "2/县司法局/说明.docx", "错误", "无法判断文件属于哪一项材料"]]


def test_imprint_is_printed_only_when_configured(tmp_path: Path, first: tuple[Any, Any]) -> None:
    assert "抄送" not in "".join(c.text for t in first[1].tables for r in t.rows for c in r.cells)
    indicators = indicators_file(imprint={"copy_to": ["县委办公室", "县政府办公室"]})
    result = write_weekly_report(indicators, sample_report(), units(), tmp_path)
    imprint = docx.Document(str(result.path)).tables[-1]
    assert [r.cells[0].text for r in imprint.rows] == [
        "抄送：县委办公室、县政府办公室。",
        "县委依法治县办\t2022年6月15日印发",
    ]
    position = imprint._tbl.tblPr.find(qn("w:tblpPr"))
    assert position.get(qn("w:tblpYSpec")) == "bottom" and position.get(qn("w:vertAnchor")) == "margin"
    borders = imprint._tbl.tblPr.find(qn("w:tblBorders"))
    assert [borders.find(qn(f"w:{s}")).get(qn("w:sz")) for s in ("top", "insideH", "bottom")] == [
        "8",
        "4",
        "8",
    ]


def test_xml_illegal_characters_in_task_text_do_not_crash(tmp_path: Path) -> None:
    text = "含控制字符\x01\x0b的任务\ufffe\ud800，\r\n换行\x1f。"
    report = sample_report(text1=text)
    result = write_weekly_report(indicators_file(), report, units(), tmp_path)
    cells = [c.text for r in docx.Document(str(result.path)).tables[5].rows for c in r.cells]
    assert "含控制字符的任务，\n换行。" in cells


def test_long_title_is_broken_at_a_word_boundary(tmp_path: Path) -> None:
    indicators = indicators_file(title="工作推进情况通报")
    result = write_weekly_report(indicators, sample_report(), units(), tmp_path)
    assert result.path.name == "示例县法治政府建设示范创建工作推进情况通报（第1期）.docx"
    document = docx.Document(str(result.path))
    assert document.paragraphs[0].text == "示例县法治政府建设\n示范创建工作推进情况通报"
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


# ── cost and rendering ─────────────────────────────────────────────────────────────────────────


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
    assert pdf_pages(result.path, tmp_path) >= 3  # body, landscape 附件1, 附件2


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_body_of_a_late_campaign_stays_short(tmp_path: Path) -> None:
    """104 overdue tasks used to take 24 pages of body; the capped 表2 keeps it to a few."""
    report = large_report(dt.date(2022, 8, 31))
    result = write_weekly_report(indicators_file(), report, [], tmp_path / "reports")
    pages = pdf_page_texts(result.path, tmp_path)
    annex = next(n for n, page in enumerate(pages) if re.match(r"\s*附件\s*1\s", page))
    assert annex <= 10, annex
