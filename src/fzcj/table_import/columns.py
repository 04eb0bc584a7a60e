"""Find the columns of a task table by their header names and turn its rows into task rows.

Columns are recognised by name, wherever they stand: 一级指标, 二级指标, 序号, 三级指标/指标任务/任务,
牵头单位, 责任单位, 完成时限, 主要提供资料/佐证材料/提供资料 … Headings are repeated on rows that
start a printed page and blank (or vertically merged) on the others: they are carried forward. In the
附加项 part the numbering restarts at 1: those rows get the ids 加1, 加2 (加分项) and 否1, 否2 (否决项).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .grid import Cell, Grid, TableImportError
from .text import clean, normalize

FIELDS = ("level1", "level2", "number", "text", "lead", "responsible", "deadline", "materials")
LABELS = {
    "level1": "一级指标",
    "level2": "二级指标",
    "number": "序号",
    "text": "三级指标（具体工作任务）",
    "lead": "牵头单位",
    "responsible": "责任单位",
    "deadline": "完成时限",
    "materials": "主要提供资料",
}
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


@dataclass
class ColumnMap:
    columns: dict[str, int]  # field → grid column
    headers: list[str]  # header text of every grid column ("" where none)
    extra: list[str] = field(default_factory=list)  # header texts of columns not used
    missing: list[str] = field(default_factory=list)  # fields without a column

    def notes(self) -> list[str]:
        notes: list[str] = []
        if self.missing:
            names = "、".join(LABELS[f] for f in self.missing)
            notes.append(f"表中没有找到以下列：{names}（相应内容需手工补充）")
        if self.extra:
            notes.append(f"表中有本工具不导入的列：{'、'.join(self.extra)}（内容未导入，请自行核对）")
        return notes


@dataclass
class TableRow:
    """One 三级指标 row: headings carried forward, cells as written (whitespace cleaned where noted)."""

    index: int  # row number in the table, 1-based, header included
    level1: str
    level2: str
    number: str
    text: str
    lead: str  # raw: line breaks separate unit names
    responsible: str
    deadline: str
    materials: str  # raw, stripped
    materials_continued: bool = False  # vertically merged with the materials cell of the row above
    task_id: str = ""
    kind: str = "regular"
    aliases: list[str] = field(default_factory=list)
    extras: dict[str, str] = field(default_factory=dict)


@dataclass
class Table:
    rows: list[TableRow]
    columns: ColumnMap
    title_lines: list[str]
    source: str
    notes: list[str] = field(default_factory=list)
    encoding: str | None = None


def find_table(grids: list[Grid]) -> Table:
    """The first grid with a recognisable header, read into task rows."""
    for grid in grids:
        rows = _rows_of_text_export(grid) if grid.source == "text" else grid.rows
        found = _header_row(rows)
        if found is None:
            continue
        header_at, columns = found
        title = list(grid.title_lines)
        title += [clean(" ".join(c.text for c in row if c.text.strip())) for row in rows[:header_at]]
        table = Table([], columns, [t for t in title if t], grid.source, columns.notes(), grid.encoding)
        _read_rows(rows, header_at, table)
        if not table.rows:
            raise TableImportError("找到了表头，但表中没有任务行")
        return table
    wanted = "、".join(
        LABELS[f] for f in ("level1", "level2", "number", "text", "lead", "deadline", "materials")
    )
    raise TableImportError(f"没有找到任务分解表的表头：表头一行应包含 {wanted} 等列名")


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
            "请确认导出的是完整表格（每个单元格以制表符开头），或改用 .docx/.xlsx 文件导入"
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


def _read_rows(rows: list[list[Cell]], header_at: int, table: Table) -> None:
    cmap = table.columns
    ranges = _column_ranges(cmap, len(rows[header_at]))
    header_key = [normalize(c.text) for c in rows[header_at]]
    level1 = level2 = ""
    for index, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        if [normalize(c.text) for c in row] == header_key:
            continue  # the header repeated on a new page
        values = {name: _value(row, span) for name, span in ranges.items()}
        if not any(v.strip() for v, _ in values.values()):
            continue

        def text(name: str, values: dict[str, tuple[str, bool]] = values) -> str:
            return values[name][0] if name in values else ""

        if text("level1").strip() and clean(text("level1")) != level1:
            level1, level2 = clean(text("level1")), ""
        if text("level2").strip():
            level2 = clean(text("level2"))
        if not clean(text("text")) and not clean(text("number")):
            continue  # a heading row: nothing but 一级/二级指标
        extras = {
            cmap.headers[col]: clean(row[col].text)
            for col in _extra_columns(cmap, row)
            if row[col].text.strip()
        }
        table.rows.append(
            TableRow(
                index=index,
                level1=level1,
                level2=level2,
                number=clean(text("number")),
                text=clean(text("text")),
                lead=text("lead").strip(),
                responsible=clean(text("responsible")),
                deadline=clean(text("deadline")),
                materials=text("materials").strip(),
                materials_continued=values["materials"][1] if "materials" in values else False,
                extras=extras,
            )
        )
    _assign_ids(table)


def _column_ranges(cmap: ColumnMap, width: int) -> dict[str, range]:
    """Each field's grid columns: from its header cell up to the next header cell."""
    starts = sorted(cmap.columns.items(), key=lambda item: item[1])
    used = sorted({*cmap.columns.values(), *(i for i, h in enumerate(cmap.headers) if h)})
    ranges: dict[str, range] = {}
    for name, col in starts:
        nxt = next((c for c in used if c > col), width)
        ranges[name] = range(col, nxt)
    return ranges


def _extra_columns(cmap: ColumnMap, row: list[Cell]) -> list[int]:
    used = set(cmap.columns.values())
    return [i for i, h in enumerate(cmap.headers) if h and i not in used and i < len(row)]


def _value(row: list[Cell], span: range) -> tuple[str, bool]:
    """The text of the cells starting within ``span``; whether the first is a vertical continuation."""
    cells = [row[i] for i in span if i < len(row) and row[i].span]
    texts = [c.text for c in cells if c.text.strip()]
    return "\n".join(texts), bool(cells) and cells[0].continued


_NUMBER = re.compile(r"\d+")


def _assign_ids(table: Table) -> None:
    """Task ids from 序号; 加N/否N in the 附加项 part; a missing or repeated 序号 gets a made-up id."""
    seen: set[str] = set()
    last = 0
    for row in table.rows:
        heading = row.level2 + row.level1
        digits = _NUMBER.search(normalize(row.number))
        number = digits.group() if digits else ""
        if "加分" in row.level2 or ("加分" in heading and "否决" not in row.level2):
            row.kind, prefix, alias = "bonus", "加", "B"
        elif "否决" in heading:
            row.kind, prefix, alias = "veto", "否", "V"
        else:
            row.kind, prefix, alias = "regular", "", ""
        if not number:
            number = (
                str(last + 1)
                if not prefix
                else str(sum(1 for r in table.rows if r.task_id.startswith(prefix)) + 1)
            )
            table.notes.append(f"第 {row.index} 行没有序号，暂编为 {prefix}{number}，请核对")
        task_id = prefix + number.lstrip("0") if number.strip("0") else prefix + number
        if task_id in seen:
            n = 2
            while f"{task_id}-{n}" in seen:
                n += 1
            table.notes.append(
                f"第 {row.index} 行的序号 {row.number} 与前面重复，暂编为 {task_id}-{n}，请核对"
            )
            task_id = f"{task_id}-{n}"
        seen.add(task_id)
        row.task_id = task_id
        if prefix:
            row.aliases = [alias + number]
        elif number.isdigit():
            last = int(number)
