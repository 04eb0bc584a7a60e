"""Read a task-breakdown table that Word exported as text.

Word writes every table cell on a line that starts with a TAB; a line without a TAB continues the
cell above it. A row is eight cells: 一级指标, 二级指标, 序号, 三级指标（具体工作任务）, 牵头单位, 责任单位,
完成时限, 主要提供资料. Headings are repeated on rows that start a printed page and left blank on
continuation rows, so they are carried forward here.

This module is used to check ``data/indicators.yaml`` against the source table; :func:`split_cells` and
:func:`clean` are also how ``fzcj new`` (:mod:`fzcj.data.table_import`) reads a county's text export.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

COLUMNS = 8
_SPACE = re.compile(r"\s+")
_CJK_GAP = re.compile(r"\s+(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])\s+")


@dataclass(frozen=True)
class SourceRow:
    """One 三级指标 row of the table, headings carried forward and whitespace noise removed."""

    level1: str
    level2: str
    number: str
    text: str
    lead_cell: str
    responsible_cell: str
    deadline: str
    materials: str


def clean(text: str) -> str:
    """Remove the whitespace noise of the export: line breaks and spaces next to Chinese characters."""
    text = _CJK_GAP.sub("", text.strip())
    return _SPACE.sub(" ", text)


def split_cells(source: str) -> list[str]:
    cells: list[str] = []
    started = False
    for line in source.splitlines():
        if line.startswith("\t"):
            cells.append(line[1:])
            started = True
        elif started:
            cells[-1] += "\n" + line
    return cells


def parse_rows(source: str) -> list[SourceRow]:
    """Parse the exported table into rows; the header row is dropped."""
    cells = split_cells(source)
    if len(cells) % COLUMNS:
        raise ValueError(f"单元格数 {len(cells)} 不是 {COLUMNS} 的倍数")
    rows = [cells[i : i + COLUMNS] for i in range(0, len(cells), COLUMNS)]
    result: list[SourceRow] = []
    level1 = level2 = ""
    for raw in rows[1:]:
        c = [cell.strip() for cell in raw]
        if c[0] and clean(c[0]) != level1:
            level1 = clean(c[0])
            level2 = ""
        if c[1]:
            level2 = clean(c[1])
        result.append(
            SourceRow(
                level1=level1,
                level2=level2,
                number=clean(c[2]),
                text=clean(c[3]),
                lead_cell=c[4],
                responsible_cell=clean(c[5]),
                deadline=clean(c[6]),
                materials=c[7].strip(),
            )
        )
    return result


def split_lead_cell(cell: str) -> list[str]:
    """Lead units are separated by blank lines or line breaks (and once not at all)."""
    return [clean(part) for part in re.split(r"\n+", cell.strip()) if part.strip()]
