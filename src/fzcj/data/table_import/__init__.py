"""Draft a new campaign's data files from its own task-breakdown table (Word, Excel or text).

The engine behind ``fzcj new DIR --from TABLE``: it reads the table, writes no file, and returns both
data files as YAML text with ``# 请核对：…`` comments where a person must look. Entry point:
:func:`draft_workspace`. The stages, one module each: :mod:`.read` (file → grids; :mod:`.office` for
Word and Excel), :mod:`.columns` and :mod:`.rows` (grids → task rows), :mod:`.directory` and
:mod:`.units_draft` (the units and groups a table names), :mod:`.providers` and :mod:`.materials`
(a 主要提供资料 cell → material items), :mod:`.tasks` (rows → indicators), :mod:`.draft` (both files),
:mod:`.yaml_writer` (YAML text with comments). No place name is known to any of them.
"""

from fzcj.data.table_import.draft import Draft, draft_from_grids, draft_workspace
from fzcj.data.table_import.grid import Grid, TableImportError
from fzcj.data.table_import.read import read_tables

__all__ = ["Draft", "Grid", "TableImportError", "draft_from_grids", "draft_workspace", "read_tables"]
