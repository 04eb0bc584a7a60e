"""Draft a new campaign's data files from its own task-breakdown table (Word, Excel or text).

Pure engine behind ``fzcj new DIR --from TABLE``: it reads the table, never writes files, and imports
nothing from the rest of fzcj. Entry point: :func:`draft_workspace`.
"""

from .draft import Draft, draft_from_grids, draft_workspace
from .grid import Grid, TableImportError
from .read import read_tables
from .tasks import parse_due

__all__ = [
    "Draft",
    "Grid",
    "TableImportError",
    "draft_from_grids",
    "draft_workspace",
    "parse_due",
    "read_tables",
]
