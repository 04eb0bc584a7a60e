"""Read Word (.docx) and Excel (.xlsx) tables into grids, merged cells resolved.

Word: python-docx opens the package; cells are read at the XML level because ``row.cells`` repeats
merged cells. A ``w:vMerge`` continue cell gets the text of the cell above and is marked ``continued``;
a ``w:gridSpan`` cell keeps its text in its first grid column. Excel: the workbook is opened in normal
mode (read-only mode hides merged ranges) and each merged range is spread the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fzcj.data.table_import.grid import Cell, Grid, TableImportError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(path: Path) -> list[Grid]:
    """The body's tables (not those nested in a cell), merged cells resolved at the XML level."""
    import docx  # python-docx; imported here because it is slow to import

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several unrelated types for a broken package
        raise TableImportError(
            f"{path.name} 无法作为 Word 文件打开（{type(exc).__name__}），请在 Word 中另存为 .docx 后再导入"
        ) from None
    body: Any = document.element.body
    grids: list[Grid] = []
    title: list[str] = []
    for child in body.iterchildren():
        if child.tag == f"{_W}p":
            line = _paragraph_text(child).strip()
            if line:
                title.append(line)
        for tbl in [child] if child.tag == f"{_W}tbl" else child.iter(f"{_W}tbl"):
            if not _inside_cell(tbl):
                grids.append(Grid(rows=_docx_rows(tbl), source="docx", title_lines=title[-3:]))
                title = []
    return grids


def _inside_cell(tbl: Any) -> bool:
    parent = tbl.getparent()
    while parent is not None:
        if parent.tag == f"{_W}tc":
            return True
        parent = parent.getparent()
    return False


def _docx_rows(tbl: Any) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    above: dict[int, str] = {}  # grid column → text of the cell that a vMerge continue copies
    for tr in tbl.iterchildren(f"{_W}tr"):
        row: list[Cell] = []
        col = _grid_before(tr)
        row.extend(Cell("", 0) for _ in range(col))
        for tc in _row_cells(tr):
            tc_pr = tc.find(f"{_W}tcPr")
            span = 1
            merge: str | None = None
            if tc_pr is not None:
                grid_span = tc_pr.find(f"{_W}gridSpan")
                if grid_span is not None:
                    span = max(1, _int(grid_span.get(f"{_W}val"), 1))
                v_merge = tc_pr.find(f"{_W}vMerge")
                if v_merge is not None:
                    merge = v_merge.get(f"{_W}val") or "continue"
            if merge == "continue":
                cell = Cell(above.get(col, ""), span, continued=True)
            else:
                cell = Cell(_cell_text(tc), span)
                above[col] = cell.text
            row.append(cell)
            row.extend(Cell("", 0) for _ in range(span - 1))
            col += span
        rows.append(row)
    return rows


def _row_cells(tr: Any) -> Iterator[Any]:
    """Cells of a row, also those wrapped in content controls (w:sdt) or custom XML."""
    for child in tr.iterchildren():
        if child.tag == f"{_W}tc":
            yield child
        elif child.tag in (f"{_W}sdt", f"{_W}customXml"):
            yield from child.iter(f"{_W}tc")


def _grid_before(tr: Any) -> int:
    tr_pr = tr.find(f"{_W}trPr")
    if tr_pr is None:
        return 0
    before = tr_pr.find(f"{_W}gridBefore")
    return 0 if before is None else _int(before.get(f"{_W}val"), 0)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _cell_text(tc: Any) -> str:
    """Paragraphs joined by line breaks (empty paragraphs kept: they separate unit names)."""
    lines = [_paragraph_text(p) for p in tc.iter(f"{_W}p") if _owning_cell(p) is tc]
    return "\n".join(lines)


def _owning_cell(p: Any) -> Any:
    parent = p.getparent()
    while parent is not None and parent.tag != f"{_W}tc":
        parent = parent.getparent()
    return parent


def _paragraph_text(p: Any) -> str:
    parts: list[str] = []
    for node in p.iter(f"{_W}t", f"{_W}br", f"{_W}cr", f"{_W}tab", f"{_W}noBreakHyphen"):
        if node.tag == f"{_W}t":
            parts.append(node.text or "")
        elif node.tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
        elif node.tag == f"{_W}tab":
            parts.append(" ")
        else:
            parts.append("-")
    return "".join(parts)


def read_xlsx(path: Path) -> list[Grid]:
    """Every visible sheet; merged ranges spread over the cells they cover (see :class:`Grid`)."""
    import openpyxl  # slow to import, and only needed for Excel files

    try:
        workbook = openpyxl.load_workbook(path, data_only=True)  # not read_only: it hides merged ranges
    except Exception as exc:  # openpyxl raises many types for damaged or unsupported files
        raise TableImportError(
            f"{path.name} 无法作为 Excel 文件打开（{type(exc).__name__}），请在 Excel 中另存为 .xlsx 后再导入"
        ) from None
    grids: list[Grid] = []
    for sheet in workbook.worksheets:
        if getattr(sheet, "sheet_state", "visible") != "visible":
            continue
        grids.append(_sheet_grid(sheet))
    workbook.close()
    return grids


def _sheet_grid(sheet: Any) -> Grid:
    values: list[list[str]] = [[_excel_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    width = max((len(r) for r in values), default=0)
    cells = [[Cell(v) for v in row] + [Cell("")] * (width - len(row)) for row in values]
    for merged in sheet.merged_cells.ranges:
        top, left = merged.min_row - 1, merged.min_col - 1
        bottom, right = merged.max_row - 1, merged.max_col - 1
        if top >= len(cells) or left >= width:
            continue
        text = cells[top][left].text
        span = right - left + 1
        for r in range(top, min(bottom, len(cells) - 1) + 1):
            for c in range(left, min(right, width - 1) + 1):
                if c == left:
                    cells[r][c] = Cell(text, span, continued=r > top)
                else:
                    cells[r][c] = Cell("", 0, continued=r > top)
    title: list[str] = []
    return Grid(rows=cells, source="xlsx", name=str(sheet.title), title_lines=title)


def _excel_text(value: object) -> str:
    """Cell values as the table shows them: 1.0 → "1", a date → ``7月30日`` (the year is the campaign's)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "month") and hasattr(value, "day"):
        return f"{value.month}月{value.day}日"
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"_x000[dD]_", "", text)
