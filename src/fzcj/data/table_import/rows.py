"""Read the rows below the header into task rows: headings carried forward, ids assigned.

Headings are repeated on rows that start a printed page and blank (or vertically merged) on the
others; tables without 一级/二级指标 columns write them as rows across the table (``一、…``, ``（一）…``).
In the 附加项 part the numbering restarts at 1: those rows get the ids 加1, 加2 (加分项) and 否1, 否2
(否决项), with the aliases B1, B2, V1, V2.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fzcj.data.names import normalize
from fzcj.data.source_table import clean
from fzcj.data.table_import.grid import Cell, ColumnMap


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


def read_rows(rows: list[list[Cell]], header_at: int, table: Table) -> None:
    cmap = table.columns
    ranges = _column_ranges(cmap, len(rows[header_at]))
    header_key = [normalize(c.text) for c in rows[header_at]]
    level1 = level2 = ""
    for index, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        if [normalize(c.text) for c in row] == header_key:
            continue  # the header repeated on a new page
        values = {name: _value(row, span, header_key) for name, span in ranges.items()}
        if not any(v.strip() for v, _ in values.values()):
            continue

        def text(name: str, values: dict[str, tuple[str, bool]] = values) -> str:
            return values[name][0] if name in values else ""

        heading = _heading_row(row, ranges)
        if heading == "level1":
            level1, level2 = clean(next(c.text for c in row if c.text.strip())), ""
            continue
        if heading == "level2":
            level2 = clean(next(c.text for c in row if c.text.strip()))
            continue
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


_LEVEL1 = re.compile(r"^[一二三四五六七八九十]+[、.．]")
_LEVEL2 = re.compile(r"^([（(][一二三四五六七八九十\d]+[）)]|\d+[.．、](?!\d))")


def _heading_row(row: list[Cell], ranges: dict[str, range]) -> str | None:
    """``level1``/``level2`` for a row that holds nothing but a numbered heading outside the 一级/二级
    指标 columns (tables that write headings as rows across the table); None otherwise."""
    filled = [(i, c) for i, c in enumerate(row) if c.span and c.text.strip()]
    if len(filled) != 1:
        return None
    col, cell = filled[0]
    if any(col in ranges.get(name, range(0)) for name in ("level1", "level2")):
        return None
    if cell.span == 1 and col in ranges.get("text", range(0)):
        return None
    value = clean(cell.text)
    if _LEVEL1.match(value):
        return "level1"
    return "level2" if _LEVEL2.match(value) else None


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


def _is_header(text: str, header: list[str], col: int) -> bool:
    return col < len(header) and normalize(text) == header[col]


def _value(row: list[Cell], span: range, header: list[str]) -> tuple[str, bool]:
    """The text of the cells starting within ``span``; whether the first is a vertical continuation.

    A continuation of the header cell itself (a table split under a repeated header) counts as empty.
    """
    cells = [
        row[i]
        for i in span
        if i < len(row) and row[i].span and not (row[i].continued and _is_header(row[i].text, header, i))
    ]
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
