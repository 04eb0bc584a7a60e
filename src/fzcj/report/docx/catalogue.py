"""目录.docx: the package's 目录 in the official-document format, one table grouped by indicator and task.

The table can hold ten thousand files. The document is made with one formatted data row and one
group row (a cell spanning the table: python-docx merges cells in time that grows with the table),
their texts replaced by slot markers; once saved, the table's rows are made as text from those two
rows and put in their place. Filling cells through python-docx, or copying elements row by row,
takes five to ten times as long.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Sequence
from typing import Any
from xml.sax.saxutils import escape

from docx.oxml.ns import qn

from fzcj.data.model import Campaign
from fzcj.report.catalogue import (
    DAMAGED,
    LEFT_OUT,
    MISSING,
    MODIFIED,
    PENDING,
    WAIVED,
    Catalogue,
    CatalogueRow,
    totals_text,
)
from fzcj.report.docx.official import OfficialDocument
from fzcj.report.docx.ooxml import clean_text, element, set_fonts
from fzcj.report.docx.tables import Column
from fzcj.report.office_zip import rezip
from fzcj.report.package_layout import task_folder_label
from fzcj.report.wording import catalogue_title_lines, issuer_of
from fzcj.text import cn_date, shorten

COLUMNS = (
    Column("材料", 14),
    Column("提供单位", 24, "left"),
    Column("文件（材料包中的文件名）或说明", 66, "left"),
    Column("日期", 19),
    Column("页数", 11),
    Column("标记", 22),
)
DETAIL_CHARS = 60
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_T, _BR, _R, _TC, _RPR, _TCPR = (qn(t) for t in ("w:t", "w:br", "w:r", "w:tc", "w:rPr", "w:tcPr"))
_LINE_BREAK = '</w:t><w:br/><w:t xml:space="preserve">'


def _date(row: CatalogueRow) -> str:
    """``2022.6.10``, and under it ``修改`` where it is the day the file was modified (not received)."""
    if row.date is None:
        return ""
    day = f"{row.date.year}.{row.date.month}.{row.date.day}"
    return f"{day}\n（{MODIFIED}）" if row.dated == MODIFIED else day


def _cells(row: CatalogueRow) -> list[str]:
    material = row.material.id if row.material is not None else ""
    if row.mark == MISSING:
        text = row.detail
    elif row.mark == DAMAGED:
        text = f"{row.name}\n{shorten(row.detail, DETAIL_CHARS)}"
    elif row.mark == WAIVED:
        text = f"{row.name}：{shorten(row.detail, DETAIL_CHARS)}"
    elif row.mark:
        text = row.detail
    else:
        text = row.name
    mark = "损坏（未收入）" if row.mark == DAMAGED else row.mark
    pages = str(row.pages) if row.pages is not None else ""
    return [material, row.unit if row.mark != MISSING else "", text, _date(row), pages, mark]


def _set_text(run: Any, text: str) -> None:
    """Replace a run's text (lines become ``w:br``), keeping its formatting."""
    for child in list(run):
        if child.tag != _RPR:
            run.remove(child)
    for n, line in enumerate(clean_text(text).split("\n")):
        if n:
            run.append(run.makeelement(_BR, {}))
        t = run.makeelement(_T, {_SPACE: "preserve"})
        t.text = line
        run.append(t)


def _group_template(row: Any, font: str) -> Any:
    """A full-width row in ``font``, made from a formatted data row."""
    group = copy.deepcopy(row)
    cells = group.findall(_TC)
    for cell in cells[1:]:
        group.remove(cell)
    tc_pr = cells[0].find(_TCPR)
    width = tc_pr.find(qn("w:tcW"))
    width.set(qn("w:w"), str(sum(int(cell.find(_TCPR).find(qn("w:tcW")).get(qn("w:w"))) for cell in cells)))
    width.addnext(element("w:gridSpan", val=str(len(cells))))
    for jc in group.iter(qn("w:jc")):
        jc.set(qn("w:val"), "left")
    run = next(group.iter(_R))
    set_fonts(run.find(_RPR), font, font)
    return group


_DOCUMENT = "word/document.xml"


def _slotted(row: Any, name: str) -> None:
    """Put slot markers ``@@<name><n>@@`` in place of the text of each run of ``row``."""
    for n, run in enumerate(row.iter(_R)):
        _set_text(run, f"@@{name}{n}@@")


def _row_text(xml: str, name: str) -> tuple[int, int, list[str]]:
    """Where the slotted row ``name`` is in the serialized document, and its text split at the slots:
    text, slot number, text, …, text."""
    marker = xml.index(f"@@{name}0@@")
    start = max(xml.rfind("<w:tr>", 0, marker), xml.rfind("<w:tr ", 0, marker))
    end = xml.index("</w:tr>", marker) + len("</w:tr>")
    return start, end, re.split(rf"@@{name}(\d+)@@", xml[start:end])


def _fill(parts: list[str], values: Sequence[str]) -> str:
    parts = parts.copy()
    for n in range(len(parts) // 2):
        value = values[n] if n < len(values) else ""
        parts[2 * n + 1] = escape(clean_text(value)).replace("\n", _LINE_BREAK)
    return "".join(parts)


def _table_rows(catalogue: Catalogue) -> Callable[[bytes], bytes]:
    """A patch of ``word/document.xml`` that replaces the two slotted rows (a data row ``D``, then a
    group row ``G``) with the table's rows."""

    def patch(document: bytes) -> bytes:
        xml = document.decode("utf-8")
        data_start, _, data = _row_text(xml, "D")
        _, group_end, group = _row_text(xml, "G")
        texts = []
        section = task = None
        for row in catalogue.rows:
            if (row.task.level1, row.task.level2) != section:
                section = (row.task.level1, row.task.level2)
                texts.append(_fill(group, [f"{row.task.level1}　{row.task.level2}"]))
            if row.task.id != task:
                task = row.task.id
                texts.append(_fill(group, [task_folder_label(row.task)]))
            texts.append(_fill(data, _cells(row)))
        return (xml[:data_start] + "".join(texts) + xml[group_end:]).encode("utf-8")

    return patch


MARKS = (
    (MISSING, f"标“{MISSING}”的材料尚未提交齐全"),
    (PENDING, f"标“{PENDING}”的材料已交齐，尚待审核通过"),
    (LEFT_OUT, f"标“{LEFT_OUT}”的文件审核尚未通过，没有收入材料包"),
    (DAMAGED, "标“损坏（未收入）”的文件未通过内容检查，没有收入材料包"),
    (WAIVED, f"标“{WAIVED}”的，理由见该材料文件夹中的不涉及说明.txt"),
)


def _guide(catalogue: Catalogue) -> str:
    """How to read the table: the dates and pages, the marks it has, where the full paths are, how to
    check the files."""
    present = {row.mark for row in catalogue.rows}
    marks = "；".join(text for mark, text in MARKS if mark in present)
    modified = any(row.dated == MODIFIED for row in catalogue.rows)
    dates = "日期为收件日期" + ("，注“修改”的为文件的修改日期（未经收件登记的文件）" if modified else "")
    return (
        f"下表按指标体系的顺序列出材料包中的每个文件。{dates}；页数为PDF文件的页数（无法确定的不填）。"
        + (marks + "。" if marks else "")
        + "各文件的大小和在材料包中的完整路径见目录.xlsx；文件是否完整，可用包中的SHA256SUMS核对。"
    )


def render_catalogue_docx(campaign: Campaign, catalogue: Catalogue) -> bytes:
    doc = OfficialDocument(campaign.report.fonts)
    doc.title(catalogue_title_lines(campaign))
    doc.paragraph(f"（截至{cn_date(catalogue.as_of)}）", align="center", first_chars=0)
    doc.body(totals_text(catalogue.totals))
    doc.body(_guide(catalogue))
    doc.caption("迎检材料目录")
    table = doc.table(COLUMNS, [[""] * len(COLUMNS)])
    data = table._tbl.tr_lst[1]
    group = _group_template(data, doc.fonts.heading1)
    data.addnext(group)
    _slotted(data, "D")
    _slotted(group, "G")
    doc.properties(
        title=catalogue.title, author=issuer_of(campaign), subject=catalogue.title, created=catalogue.as_of
    )
    return rezip(doc.to_bytes(), catalogue.as_of, {_DOCUMENT: _table_rows(catalogue)})
