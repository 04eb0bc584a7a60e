"""The 版记 (GB/T 9704 §7.4) at the foot of a document's last page: the 抄送 line (copied to) and the
印发 line (printed by, and when), in 四号, between a thick rule above and below and a thin one between.

It is a one-column table floating at the bottom of the text block (``w:tblpPr``), so it stays at the
foot of the last page whatever ends above it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Mm

from fzcj.report.docx.official import OfficialDocument
from fzcj.report.docx.ooxml import element, set_child, set_indent, set_spacing
from fzcj.report.docx.styles import LINE_PT, SIZE_4, TABLE_STYLE_ID

SLACK_MM = 0.5
"""The 版记 is this much narrower than the text: LibreOffice lays a floating table as wide as the text
inline, where it no longer sits at the foot of the page."""
THICK, THIN = "8", "4"
"""Rule widths in eighths of a point: 1 pt (the standard's 0.35 mm) and ½ pt (0.25 mm rounded)."""


def imprint_lines(copy_to: Sequence[str], printed_by: str, date: dt.date) -> list[str]:
    """``抄送：甲、乙。`` (only with someone to copy) and ``印发机关<TAB>2022年6月15日印发``."""
    lines = [f"抄送：{'、'.join(copy_to)}。"] if copy_to else []
    return [*lines, f"{printed_by}\t{date.year}年{date.month}月{date.day}日印发"]


def add_imprint(doc: OfficialDocument, copy_to: Sequence[str], printed_by: str, date: dt.date) -> None:
    lines = imprint_lines(copy_to, printed_by, date)
    last = doc.doc.element.body.get_or_add_sectPr().getprevious()
    if last is not None and last.tag == qn("w:tbl"):
        doc.spacer()  # two tables in a row would run together
    table = doc.doc.add_table(rows=len(lines), cols=1)
    tbl_pr = table._tbl.tblPr
    floating = {"vertAnchor": "margin", "horzAnchor": "margin", "tblpYSpec": "bottom", "tblpXSpec": "center"}
    set_child(tbl_pr, "w:tblpPr", **floating)
    width = doc.text_width - SLACK_MM
    set_child(tbl_pr, "w:tblW", type="dxa", w=str(int(width * 1440 / 25.4)))
    borders = set_child(tbl_pr, "w:tblBorders")
    for side, size in (("top", THICK), ("left", ""), ("bottom", THICK), ("right", ""), ("insideH", THIN)):
        line = {"val": "single", "sz": size, "space": "0", "color": "000000"} if size else {"val": "nil"}
        borders.append(element(f"w:{side}", **line))
    for row, text in zip(table.rows, lines, strict=True):
        paragraph = row.cells[0].paragraphs[0]
        paragraph._p.style = TABLE_STYLE_ID
        ppr = paragraph._p.get_or_add_pPr()
        set_indent(ppr, left_chars=1, right_chars=1, size=SIZE_4)  # 左右各空一字
        set_spacing(ppr, exact_pt=LINE_PT)
        if "\t" in text:  # the date flush right, one character in
            stop = Mm(width - 2 * SIZE_4 * 25.4 / 72)
            paragraph.paragraph_format.tab_stops.add_tab_stop(stop, WD_TAB_ALIGNMENT.RIGHT)
        doc.run(paragraph, text, doc.fonts.body, SIZE_4)
        row.cells[0].width = Mm(width)
    doc.spacer()  # a floating table is anchored to the paragraph after it
