"""The grid of cell texts every reader produces, and the error for a table that cannot be imported."""

from __future__ import annotations

from dataclasses import dataclass, field


class TableImportError(Exception):
    """The table cannot be imported; the message (Simplified Chinese) says why and what to do."""


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
