"""Item texts that are fragments of their task's 主要提供资料 cell (``及其公开网址``, ``包括所属乡镇和部门``).

Such a text says nothing alone, so every document prints it with the whole cell it was cut from, by the
rule ``fzcj show`` and 材料要求.txt use (:func:`fzcj.data.plan.needs_context`):
``97.2 包括所属乡镇和部门（见主要提供资料：提供2021年法治政府建设情况年度报告公布网址，包括所属乡镇和部门）``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from fzcj.data.model import IndicatorsFile
from fzcj.data.plan import needs_context


@dataclass(frozen=True)
class ItemTexts:
    """How the documents write an item's text; ``cells`` holds, for each item that is a fragment,
    its task's 主要提供资料 cell on one line (empty: every text stands alone)."""

    cells: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, indicators: IndicatorsFile) -> ItemTexts:
        cells = {}
        for task in indicators.tasks():
            cell = task.materials_cell
            for material in task.materials:
                if needs_context(material.text, cell):
                    cells[material.id] = " ".join(cell.split()).rstrip("。；;，, ")
        return cls(cells)

    def text(self, material_id: str, text: str) -> str:
        """``text``, followed by ``（见主要提供资料：…）`` where it is a fragment."""
        cell = self.cells.get(material_id)
        return text if cell is None else f"{text}（见主要提供资料：{cell}）"

    def item(self, material_id: str, text: str) -> str:
        """``97.2 包括所属乡镇和部门（见主要提供资料：…）``: the number, then :meth:`text`."""
        return f"{material_id} {self.text(material_id, text)}"


PLAIN = ItemTexts()
"""Every item's text as it stands (no cells known): the default where a caller has no plan."""
