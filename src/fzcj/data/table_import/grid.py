"""The grid of cell texts every reader produces, the columns found in it, and the error for a table that
cannot be imported."""

from __future__ import annotations

from dataclasses import dataclass, field

from fzcj.errors import ExitCode, FzcjError


class TableImportError(FzcjError):
    """The table cannot be imported; the message (Simplified Chinese) says why and what to do.

    The exit code says whose the mistake is: 2 for a path that names no file, 3 for a file that cannot
    be read as a table file (unreadable, old binary Office, encrypted, damaged, an unknown encoding),
    1 for a file that was read but holds no task table.
    """

    def __init__(self, message: str, code: ExitCode = ExitCode.IO) -> None:
        super().__init__(message, code)


@dataclass(frozen=True)
class Cell:
    text: str
    span: int = 1  # grid columns this cell covers; 0 for a column covered by the cell on its left
    continued: bool = False  # vertically merged with the cell above (text copied from there)


@dataclass
class Grid:
    """One table: rows of cells, and the text found before the table (its title, usually)."""

    rows: list[list[Cell]]
    source: str  # "docx", "xlsx" or "text"
    name: str = ""  # sheet name for Excel
    title_lines: list[str] = field(default_factory=list)
    encoding: str | None = None


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
