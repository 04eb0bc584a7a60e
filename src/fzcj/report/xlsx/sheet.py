"""Excel sheets as offices print them: a title row, a header row, fills by state, A4 landscape.

:class:`Book` wraps an openpyxl write-only workbook and :class:`TableSheet` lays out one table:

- row 1 the title (merged across the table), row 2 the header; both repeat on every printed page and
  stay frozen on screen; an autofilter on the header;
- column widths, wrapped text where a column holds long text (with row heights to fit it), real date
  and number cells;
- fills by :class:`~fzcj.report.ledger.Tone` in the colours of the three-colour supervision, always
  beside a text label (a grey printout still says everything);
- A4 landscape, fitted to the page width, page numbers in the footer.

openpyxl makes the workbook: its styles (named styles, one per kind of cell), the sheets' set-up, the
title and header rows. The table's rows are written as SpreadsheetML text (inline strings, numbers,
Excel day numbers for dates, each cell with its style's index) and put in place of one marker row
when the book is saved: openpyxl spends about 10 µs on each cell it writes, which is seconds for a
目录 of ten thousand files. Every text goes through :func:`safe_cell`.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.writer.excel import ExcelWriter

from fzcj.report.ledger import Tone
from fzcj.report.office_zip import rezip
from fzcj.text import spreadsheet_text

CellKind = Literal["text", "wrap", "center", "number", "decimal", "date", "fulldate", "datetime", "percent"]

BODY_FONT = "宋体"
HEADING_FONT = "黑体"
BODY_SIZE = 10
TITLE_SIZE = 14
PAPER_A4 = 9  # the paper size code of A4 in SpreadsheetML
MAX_CELL = 32_767  # Excel's limit on the characters in one cell
FILLS: dict[Tone, str | None] = {
    Tone.done: "E2EFDA",  # green
    Tone.overdue: "FFC7CE",  # red
    Tone.due_soon: "DDEBF7",  # blue
    Tone.behind: "FFF2CC",  # yellow
    Tone.plain: None,
}
HEADER_FILL = "E7E6E6"  # the grey of the Word reports' table headers
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # day 0 of Excel's dates (as it counts them from 1 March 1900)
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_NUMBER_FORMATS = {
    "date": 'm"月"d"日"',
    "fulldate": 'yyyy"年"m"月"d"日"',
    "datetime": 'm"月"d"日" hh:mm',
    "percent": "0.0%",
    "number": "0",
    "decimal": "#,##0.0",
}
LINE_PT = 13.0  # one line of 10 pt text
TITLE_ROW_PT = 30.0


def safe_cell(value: str) -> str:
    """Text that Excel, WPS and LibreOffice show as it is, never as a formula.

    The formula rule is :func:`fzcj.text.spreadsheet_text` (file names and reasons come from the units);
    in addition, characters XML cannot hold are removed and the text is cut to Excel's 32,767 characters.
    """
    value = spreadsheet_text(_ILLEGAL.sub("", value))
    return value if len(value) <= MAX_CELL else value[: MAX_CELL - 1] + "…"


@dataclass(frozen=True)
class Column:
    """A column: header, width in Excel's character units, and what its cells hold."""

    header: str
    width: float
    kind: CellKind = "text"


class Book:
    """A write-only workbook with the named cell styles its tables use."""

    def __init__(self) -> None:
        self.workbook: Any = Workbook(write_only=True)
        self._styles: set[str] = set()
        self.rows: list[tuple[Any, str, str]] = []
        """Each sheet's rows as XML, with the sheet and the marker of the row they replace."""

    def style(self, kind: str, tone: Tone) -> str:
        """The name of the cell style for ``kind`` cells of ``tone`` rows (made on first use)."""
        name = f"{kind}-{tone.value}"
        if name not in self._styles:
            self.workbook.add_named_style(_named_style(name, kind, FILLS.get(tone)))
            self._styles.add(name)
        return name

    def sheet(self, name: str, title: str, columns: Sequence[Column]) -> TableSheet:
        return TableSheet(self, name, title, columns)

    def to_bytes(self, *, title: str, author: str, stamp: dt.datetime) -> bytes:
        """The .xlsx file, the same bytes for the same content; ``stamp`` is its creation and
        modification time and the time of every part in the zip (openpyxl would write now)."""
        props = self.workbook.properties
        props.title, props.creator, props.lastModifiedBy = safe_cell(title), author, author
        props.created = props.modified = stamp
        props.language = "zh-CN"
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            ExcelWriter(self.workbook, archive).save()
        # A sheet's part name is known once it is saved.
        patches = {ws.path.lstrip("/"): _put_rows(marker, rows) for ws, marker, rows in self.rows}
        return rezip(buffer.getvalue(), stamp, patches)


def _named_style(name: str, kind: str, fill: str | None) -> NamedStyle:
    thin = Side(style="thin", color="808080")
    header = kind in ("header", "title")
    style = NamedStyle(
        name,
        font=Font(
            name=HEADING_FONT if header else BODY_FONT,
            size=TITLE_SIZE if kind == "title" else BODY_SIZE,
        ),
        alignment=Alignment(
            horizontal="left" if kind in ("text", "wrap") else "center",
            vertical="center",
            wrap_text=kind in ("wrap", "header"),
        ),
    )
    if kind != "title":
        style.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        colour = HEADER_FILL if kind == "header" else fill
        if colour is not None:
            style.fill = PatternFill("solid", fgColor=colour)
    if kind in _NUMBER_FORMATS:
        style.number_format = _NUMBER_FORMATS[kind]
    return style


class TableSheet:
    """One sheet holding one table under a title; rows are written as they are added."""

    def __init__(self, book: Book, name: str, title: str, columns: Sequence[Column]) -> None:
        self.book = book
        self.columns = tuple(columns)
        self.rows = 0
        self._rows: list[str] = []
        self._style_ids: dict[tuple[str, Tone], int] = {}
        self.letters = [get_column_letter(n) for n in range(1, len(columns) + 1)]
        ws = self.ws = book.workbook.create_sheet(name)
        last = get_column_letter(len(columns))
        for n, column in enumerate(columns, 1):
            ws.column_dimensions[get_column_letter(n)].width = column.width
        ws.row_dimensions[1].height = TITLE_ROW_PT
        ws.row_dimensions[2].height = _height(max(_lines(c.header, c.width) for c in columns))
        ws.freeze_panes = "A3"
        ws.print_title_rows = "1:2"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = PAPER_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top, ws.page_margins.bottom = 0.5, 0.75
        ws.page_margins.header, ws.page_margins.footer = 0.3, 0.3
        ws.oddFooter.center.text = "第 &P 页，共 &N 页"
        ws.merged_cells.add(f"A1:{last}1")
        ws.append([self._cell(title, "title", Tone.plain)])
        ws.append([self._cell(c.header, "header", Tone.plain) for c in columns])

    def _cell(self, value: object, kind: str, tone: Tone) -> Any:
        cell = WriteOnlyCell(self.ws, safe_cell(value) if isinstance(value, str) else value)
        cell.style = self.book.style(kind, tone)
        return cell

    def _style_id(self, kind: str, tone: Tone) -> int:
        key = (kind, tone)
        if key not in self._style_ids:
            self._style_ids[key] = self._cell(None, kind, tone).style_id
        return self._style_ids[key]

    def add(self, values: Sequence[object], tone: Tone = Tone.plain) -> None:
        """A row of ``values`` (str, int, float, date or None for an empty cell) filled by ``tone``."""
        number = self.rows + 3
        lines = 1
        cells = []
        for letter, column, value in zip(self.letters, self.columns, values, strict=True):
            kind = column.kind
            if kind == "wrap" and isinstance(value, str):
                lines = max(lines, _lines(value, column.width))
            if kind in ("date", "fulldate", "datetime") and not isinstance(value, dt.date):
                kind = "center"  # a deadline such as 长期坚持 has no date
            cells.append(_cell_xml(f"{letter}{number}", self._style_id(kind, tone), value))
        # Neither Excel nor LibreOffice fits a row's height to wrapped text when opening a file.
        height = f' ht="{_height(lines)}" customHeight="1"' if lines > 1 else ""
        self._rows.append(f'<row r="{number}"{height}>{"".join(cells)}</row>')
        self.rows += 1

    def close(self) -> None:
        """Hand the rows to the book (they go in when it is saved) and set the autofilter over them."""
        last = self.letters[-1]
        self.ws.auto_filter.ref = f"A2:{last}{self.rows + 2}"
        self.ws.print_area = f"A1:{last}{self.rows + 2}"  # not the text running on past the last column
        if self._rows:
            marker = f"@@rows-{len(self.book.rows)}@@"
            self.ws.append([marker])
            self.book.rows.append((self.ws, marker, "".join(self._rows)))
            self._rows = []


def _cell_xml(ref: str, style: int, value: object) -> str:
    """One cell of SpreadsheetML: an inline string, a number, a date or time (as Excel's day number, with
    the time as its fraction) or empty."""
    if value is None or value == "":  # an empty cell, not an empty text (Excel's filter says (空白))
        return f'<c r="{ref}" s="{style}"/>'
    if isinstance(value, str):
        text = escape(safe_cell(value))
        return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
    if isinstance(value, dt.datetime):
        since = value - dt.datetime.combine(_EXCEL_EPOCH, dt.time())
        value = round(since.days + since.seconds / 86_400, 10)
    elif isinstance(value, dt.date):
        value = (value - _EXCEL_EPOCH).days
    return f'<c r="{ref}" s="{style}"><v>{value}</v></c>'


_ROW = r'<row r="\d+"[^>]*>(?:(?!</row>).)*?{}.*?</row>'


def _put_rows(marker: str, rows: str) -> Callable[[bytes], bytes]:
    """A patch of a sheet's XML: the row holding ``marker`` becomes ``rows``."""

    def patch(sheet: bytes) -> bytes:
        text = sheet.decode("utf-8")
        found = re.search(_ROW.format(re.escape(marker)), text, re.DOTALL)
        if found is None:
            raise ValueError(f"no row holds {marker}")
        return (text[: found.start()] + rows + text[found.end() :]).encode("utf-8")

    return patch


def _pixels(text: str) -> float:
    """Display width at 10 pt in pixels: about 13.3 for a Chinese character, 6.7 for others."""
    return sum(13.3 if unicodedata.east_asian_width(c) in "WF" else 6.7 for c in text)


def _lines(text: str, width: float) -> int:
    """The lines ``text`` takes when wrapped in a column ``width`` units wide (a unit is the width of
    a digit in the default font, 7 pixels, plus 5 pixels of margin per column)."""
    usable = max(14.0, width * 7 + 5 - 6)
    return sum(max(1, math.ceil(_pixels(line) / usable)) for line in text.split("\n"))


def _height(lines: int) -> float:
    return lines * LINE_PT + 3
