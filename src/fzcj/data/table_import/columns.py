"""Find the task table among the grids of a file and its columns by their header names.

Columns are recognised by name, wherever they stand: 一级指标, 二级指标, 序号, 三级指标/指标任务/任务,
牵头单位, 责任单位, 完成时限, 主要提供资料/佐证材料/提供资料 …; columns it does not know and the ones it
misses are reported. The rows below the header are read by :mod:`.rows`.
"""

from __future__ import annotations

from fzcj.data.names import normalize
from fzcj.data.source_table import clean
from fzcj.data.table_import.grid import FIELDS, LABELS, Cell, ColumnMap, Grid, TableImportError
from fzcj.data.table_import.rows import Table, read_rows
from fzcj.errors import ExitCode

# Header spellings, compared after normalising (full-width → half-width, no spaces); the longest match wins.
ALIASES: dict[str, tuple[str, ...]] = {
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "number": ("序号", "编号", "序"),
    "text": ("三级指标", "具体工作任务", "指标任务", "工作任务", "任务内容", "指标内容", "考核内容", "任务"),
    "lead": ("牵头单位", "牵头部门", "牵头"),
    "responsible": ("责任单位", "责任部门", "配合单位", "协办单位", "参与单位"),
    "deadline": ("完成时限", "完成时间", "时限", "截止时间", "完成期限"),
    "materials": (
        "主要提供资料",
        "提供资料",
        "佐证材料",
        "佐证资料",
        "证明材料",
        "资料清单",
        "需提供",
        "资料",
        "材料",
    ),
}
MAX_HEADER_SEARCH = 30


def field_of(header: str) -> str | None:
    """The field a header cell names, or None."""
    key = normalize(header)
    if not key or len(key) > 24:
        return None
    best: tuple[int, str] | None = None
    for name, aliases in ALIASES.items():
        for alias in aliases:
            if alias in key and (best is None or len(alias) > best[0]):
                best = (len(alias), name)
    return best[1] if best else None


def find_table(grids: list[Grid]) -> Table:
    """The first grid with a recognisable header, read into task rows.

    In Word, the Word tables right after it that have as many grid columns continue it (a table split
    at a page break); their own header rows, if any, are skipped like a repeated header.
    """
    for n, grid in enumerate(grids):
        rows = _rows_of_text_export(grid) if grid.source == "text" else list(grid.rows)
        found = _header_row(rows)
        if found is None:
            continue
        header_at, columns = found
        width = len(rows[header_at])
        for more in grids[n + 1 :] if grid.source == "docx" else []:
            if not more.rows or len(more.rows[0]) != width:
                break
            rows += more.rows
        title = list(grid.title_lines)
        title += [clean(" ".join(c.text for c in row if c.text.strip())) for row in rows[:header_at]]
        table = Table([], columns, [t for t in title if t], grid.source, columns.notes(), grid.encoding)
        read_rows(rows, header_at, table)
        if not table.rows:
            raise TableImportError("找到了表头，但表中没有任务行", ExitCode.PROBLEMS)
        return table
    wanted = "、".join(
        LABELS[f] for f in ("level1", "level2", "number", "text", "lead", "deadline", "materials")
    )
    raise TableImportError(f"没有找到任务分解表的表头：表头一行应包含 {wanted} 等列名", ExitCode.PROBLEMS)


def _rows_of_text_export(grid: Grid) -> list[list[Cell]]:
    """Cut the flat cell list of a text export into rows as wide as its header row."""
    cells = grid.rows[0] if grid.rows else []
    start = next((i for i, c in enumerate(cells[:200]) if field_of(c.text)), None)
    if start is None:
        return []
    end = start
    while end < len(cells) - 1 and end - start < 20 and not cells[end].text.endswith("\n"):
        end += 1
    if end - start >= 20 or sum(1 for c in cells[start : end + 1] if field_of(c.text)) < 3:
        end = start  # no row marks: the header is the run of recognised names
        while end + 1 < len(cells) and field_of(cells[end + 1].text):
            end += 1
    width = end - start + 1
    body = cells[end + 1 :]
    if len(body) % width:
        raise TableImportError(
            f"文本中表头有 {width} 列，但其后的单元格数 {len(body)} 不是 {width} 的倍数："
            "请确认导出的是完整表格（每个单元格以制表符开头），或改用 .docx/.xlsx 文件导入",
            ExitCode.PROBLEMS,
        )
    rows = [[Cell(c.text) for c in cells[:start]]] if start else []
    rows.append(cells[start : end + 1])
    rows += [body[i : i + width] for i in range(0, len(body), width)]
    return rows


def _header_row(rows: list[list[Cell]]) -> tuple[int, ColumnMap] | None:
    for at, row in enumerate(rows[:MAX_HEADER_SEARCH]):
        fields = {field_of(c.text) for c in row if c.span and c.text.strip()}
        fields.discard(None)
        if len(fields) >= 3 and "text" in fields:
            return at, _column_map(row)
    return None


def _column_map(row: list[Cell]) -> ColumnMap:
    columns: dict[str, int] = {}
    headers = [clean(c.text) for c in row]
    extra: list[str] = []
    for col, cell in enumerate(row):
        if not cell.span or not cell.text.strip():
            continue
        name = field_of(cell.text)
        if name is None or name in columns:
            extra.append(clean(cell.text))
        else:
            columns[name] = col
    missing = [f for f in FIELDS if f not in columns]
    return ColumnMap(columns, headers, extra, missing)
