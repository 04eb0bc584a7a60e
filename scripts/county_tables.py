"""The bundled task table as another county would hand it over: a Word or Excel file, units renamed.

Used by the table-import tests and by the README's walkthrough for another county
(``scripts/readme_examples.py``), so that both are reproducible from the text export in ``tests/source``:

- :func:`build_docx` writes a Word table the way Word holds it: a title row across the table, 一级/二级
  指标 vertically merged (``w:vMerge``), the task column two grid columns wide (``w:gridSpan``), a
  paragraph per line of a cell;
- :func:`build_xlsx` writes an Excel sheet with a merged title row and merged heading ranges;
- :func:`renamed_county` turns 沙坡头区 into 中宁县 and every 区… unit into 县….
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from fzcj.data.source_table import COLUMNS, split_cells

REPO = Path(__file__).resolve().parents[1]
SOURCE_TABLE = REPO / "tests" / "source" / "沙坡头区法治政府建设示范创建指标和任务分解表.txt"
OTHER_COUNTY = "中宁县"
Rows = list[list[str]]


def source_rows(text: str) -> Rows:
    """The header and the rows of a text export, cells as exported (raw, not cleaned)."""
    cells = split_cells(text)
    return [[c.strip("\n") for c in cells[i : i + COLUMNS]] for i in range(0, len(cells), COLUMNS)]


def heading_runs(rows: Rows, column: int) -> list[tuple[int, int]]:
    """Data-row ranges (0-based) one merged heading cell covers: a named cell and the blank ones below."""
    runs: list[tuple[int, int]] = []
    for i, row in enumerate(rows[1:]):
        if row[column].strip() or not runs:
            runs.append((i, i))
        else:
            runs[-1] = (runs[-1][0], i)
    return runs


def build_docx(rows: Rows, path: Path, title: str, *, merge_materials: tuple[int, int] | None = None) -> Path:
    """A Word table like the original; ``merge_materials`` (first, last data row) merges those
    materials cells vertically as well."""
    import docx

    document = docx.Document()
    document.add_paragraph("附件1")
    table = document.add_table(rows=len(rows) + 1, cols=9)
    grid = [row.cells for row in table.rows]
    grid[0][0].merge(grid[0][8]).paragraphs[0].text = title  # a title row spanning the table
    for r, values in enumerate(rows, start=1):
        cells = grid[r]
        for c, value in enumerate(values):
            col = c if c <= 3 else c + 1  # the task text spans grid columns 3 and 4
            lines = value.split("\n")
            cells[col].paragraphs[0].text = lines[0]
            for line in lines[1:]:
                cells[col].add_paragraph(line)
        cells[3].merge(cells[4])
    for column in (0, 1):
        for first, last in heading_runs(rows, column):
            if last > first:
                grid[first + 2][column].merge(grid[last + 2][column])
    if merge_materials:
        first, last = merge_materials
        grid[first + 2][8].merge(grid[last + 2][8])
    document.save(str(path))
    return path


def build_xlsx(rows: Rows, path: Path, title: str, *, header_again: int | None = None) -> Path:
    """An Excel sheet: a merged title row, merged heading ranges, line breaks inside cells;
    ``header_again`` repeats the header after that data row (as on a new printed page)."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=8)
    sheet.append(rows[0])
    for n, values in enumerate(rows[1:]):
        sheet.append([int(v) if c == 2 and v.isdigit() else (v or None) for c, v in enumerate(values)])
        if n == header_again:
            sheet.append(rows[0])
    for column in (0, 1):
        for first, last in heading_runs(rows, column):
            if last > first and not (header_again is not None and first <= header_again < last):
                shift = header_again is not None and first > header_again
                sheet.merge_cells(
                    start_row=first + 3 + shift,
                    start_column=column + 1,
                    end_row=last + 3 + shift,
                    end_column=column + 1,
                )
    workbook.save(str(path))
    return path


def renamed_county(text: str, unit_names: Iterable[str]) -> str:
    """The bundled table as 中宁县 would write it: the county renamed, 区… units as 县…, 依法治县."""
    text = text.replace("沙坡头区", OTHER_COUNTY).replace("依法治区", "依法治县")
    names = {n for n in unit_names if n.startswith("区")} | {"区政府办", "区发改", "区委", "区政府", "区人大"}
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, "县" + name[1:])
    return text


def bundled_unit_names() -> list[str]:
    """Every unit name and alias of the bundled data/units.yaml."""
    import yaml

    units = yaml.safe_load((REPO / "data" / "units.yaml").read_text("utf-8"))["units"]
    return [u["name"] for u in units] + [a for u in units for a in u.get("aliases", [])]


def other_county_docx(folder: Path) -> Path:
    """中宁县's task table as a Word file in ``folder`` (the README walkthrough's input)."""
    text = renamed_county(SOURCE_TABLE.read_text("utf-8"), bundled_unit_names())
    title = f"{OTHER_COUNTY}法治政府建设示范创建指标和任务分解表"
    return build_docx(source_rows(text), folder / f"{title}.docx", title)
