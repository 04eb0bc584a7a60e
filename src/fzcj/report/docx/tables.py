"""Tables in the official documents: a repeated header row, rows never split across pages, fixed column
widths that hold in Word, WPS and LibreOffice, shaded group rows kept with the row after them, and ■□
progress bars sized so that they never wrap.

python-docx has no API for repeated headers (``w:tblHeader``), unsplittable rows (``w:cantSplit``) or
cell shading (``w:shd``); they are written here (element order inside ``trPr``/``tcPr`` matters).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Twips

from fzcj.data.model import ReportFonts
from fzcj.report.docx.ooxml import AFTER_SHD, clean_text, element, set_spacing
from fzcj.report.docx.styles import ALIGN, TABLE_LINE, TABLE_STYLE_ID
from fzcj.report.tables import progress_bar
from fzcj.report.wording import fullwidth

HEADER_SIZE = 9.0  # 小五: table headers, so that three-character headers fit narrow number columns
BAR_SIZE = 8.0
BAR_CELLS = 10
CELL_MARGIN_TWIPS = 57  # 1 mm left and right inside table cells
BAR_SLACK = 0.92
"""The share of a bar cell's inner width that the bar may fill: room for rounding in every program."""
HEADER_FILL = "E7E6E6"
GROUP_FILL = "F2F2F2"


class Document(Protocol):
    """What a table needs of the document it goes into (:class:`fzcj.report.docx.official.OfficialDocument`)."""

    doc: Any
    fonts: ReportFonts
    table_size: float

    @property
    def text_width(self) -> float: ...

    def run(
        self, paragraph: Any, text: str, font: str, size: float, *, hint: bool = False, empty: bool = False
    ) -> Any: ...


@dataclass(frozen=True)
class Column:
    """A table column: header text, width in millimetres, alignment; ``bar`` for ■□ progress bars;
    ``verbatim`` for text shown exactly as it is (file paths: no punctuation is widened)."""

    header: str
    width_mm: float
    align: str = "center"
    bar: bool = False
    verbatim: bool = False

    @property
    def inner_pt(self) -> float:
        """The width text can use, in points (the cell margins taken off)."""
        return self.width_mm * 72 / 25.4 - 2 * CELL_MARGIN_TWIPS / 20


def bar_width_pt(cells: int = BAR_CELLS, size: float = BAR_SIZE) -> float:
    """A bar's width set in full-width glyphs (■ and □ are one em wide in 仿宋, 宋体 and 黑体)."""
    return cells * size


def bar_fits(column: Column) -> bool:
    """Whether a progress bar stays on one line in ``column`` with full-width glyphs."""
    return bar_width_pt() <= BAR_SLACK * column.inner_pt


@dataclass(frozen=True)
class GroupRow:
    """A full-width row that opens a group (e.g. one 一级指标) inside a long table: shaded, in 黑体
    (``plain``: in the table's font, for a long text such as a task), and kept on the page of the row
    after it."""

    text: str
    plain: bool = False


def add_table(
    doc: Document,
    columns: Sequence[Column],
    rows: Iterable[Sequence[str] | GroupRow],
    *,
    size: float | None = None,
) -> Any:
    """A fixed-layout table filled row by row; the header row repeats on every page. ``size``: the
    text size of the rows when it is not the document's table size (a dense annex in 小五)."""
    total = sum(c.width_mm for c in columns)
    if total > doc.text_width + 0.01:
        raise ValueError(f"table width {total} mm exceeds the text width")
    for column in columns:
        if column.bar and not bar_fits(column):
            raise ValueError(f"a progress bar does not fit the {column.width_mm} mm column")
    table = doc.doc.add_table(rows=0, cols=len(columns))
    table.style = doc.doc.styles["Table Grid"]
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl_pr = table._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    tbl_w.set(qn("w:type"), "dxa")
    twips = [int(c.width_mm * 1440 / 25.4) for c in columns]  # rounded down: never wider than the text
    tbl_w.set(qn("w:w"), str(sum(twips)))
    margins = element("w:tblCellMar")
    for side in ("w:left", "w:right"):
        margins.append(element(side, w=str(CELL_MARGIN_TWIPS), type="dxa"))
    tbl_pr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")
    for column, width in zip(table.columns, twips, strict=True):
        column.width = Twips(width)
    size = size or doc.table_size
    _row(doc, table, columns, [c.header for c in columns], header=True)
    template = _row(doc, table, columns, [""] * len(columns), size=size)
    table._tbl.remove(template)
    for row in rows:
        if isinstance(row, GroupRow):
            _group_row(doc, table, row, size)
        else:
            values = [v if c.verbatim else fullwidth(v) for c, v in zip(columns, row, strict=True)]
            table._tbl.append(_from_template(template, values))
    return table


def bar(rate: float) -> str:
    """The progress bar text for a table cell (see :func:`fzcj.report.tables.progress_bar`)."""
    return progress_bar(rate, BAR_CELLS)


def _from_template(template: Any, values: Sequence[str]) -> Any:
    """A copy of the formatted empty ``template`` row holding ``values`` (fast: no style lookups)."""
    tr = copy.deepcopy(template)
    for run, value in zip(tr.iter(qn("w:r")), values, strict=True):
        run.text = clean_text(value)
    return tr


def _row(
    doc: Document,
    table: Any,
    columns: Sequence[Column],
    values: Sequence[str],
    *,
    header: bool = False,
    size: float = 0,
) -> Any:
    """Add a row with one run in every cell (an empty run in an empty cell); returns its ``w:tr``."""
    row = table.add_row()
    _row_properties(row, header=header)
    for cell, spec, value in zip(row.cells, columns, values, strict=True):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = cell.paragraphs[0]
        paragraph._p.style = TABLE_STYLE_ID
        if header:
            paragraph.alignment = ALIGN["center"]
            shade(cell, HEADER_FILL)
            doc.run(paragraph, value, doc.fonts.heading1, HEADER_SIZE)
        else:
            paragraph.alignment = ALIGN[spec.align]
            if size != doc.table_size:
                set_spacing(paragraph._p.get_or_add_pPr(), exact_pt=round(size * TABLE_LINE, 1))
            text_size = BAR_SIZE if spec.bar else size
            doc.run(paragraph, value, doc.fonts.table, text_size, hint=spec.bar, empty=True)
    return row._tr


def _group_row(doc: Document, table: Any, group: GroupRow, size: float) -> None:
    row = table.add_row()
    _row_properties(row, header=False)
    cells = row.cells
    cell = cells[0].merge(cells[-1])
    shade(cell, GROUP_FILL)
    paragraph = cell.paragraphs[0]
    paragraph._p.style = TABLE_STYLE_ID
    paragraph.paragraph_format.keep_with_next = True  # Word keeps a row whose paragraphs all keep with next
    if size != doc.table_size:
        set_spacing(paragraph._p.get_or_add_pPr(), exact_pt=round(size * TABLE_LINE, 1))
    font = doc.fonts.table if group.plain else doc.fonts.heading1
    doc.run(paragraph, fullwidth(group.text), font, size)


def _row_properties(row: Any, *, header: bool) -> None:
    """``w:cantSplit`` on every row and ``w:tblHeader`` on the header (schema order)."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(element("w:cantSplit"))
    if header:
        tr_pr.append(element("w:tblHeader"))


def shade(cell: Any, fill: str) -> None:
    """Light grey cells (header and group rows are also set in 黑体: grey is never the only cue)."""
    shd = element("w:shd", val="clear", color="auto", fill=fill)
    cell._tc.get_or_add_tcPr().insert_element_before(shd, *AFTER_SHD)
