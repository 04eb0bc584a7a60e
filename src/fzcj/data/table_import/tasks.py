"""Build the 一级/二级指标 and tasks of the indicators draft from the task rows.

Units resolve through the directory (names glued together are split); deadlines get a ``due`` date
in the campaign year; an empty materials cell is linked (``materials_from``) to the task whose cell
covers it: a ``55-58项由…`` or ``71-72合并提供`` note, a cell merged over several rows, a ``合并提供``
cell just above, or, marked for checking, the nearest filled cell above.
"""

from __future__ import annotations

import re
from typing import Any

from fzcj.data.deadlines import parse_deadline
from fzcj.data.source_table import clean
from fzcj.data.table_import.cell_text import cn_numeral, split_heading
from fzcj.data.table_import.directory import Directory
from fzcj.data.table_import.materials import Item, draft_items
from fzcj.data.table_import.rows import Table, TableRow
from fzcj.data.table_import.units_draft import decompose, lead_parts
from fzcj.data.table_import.yaml_writer import Path as YPath

CHECK = "请核对："
_RANGE = re.compile(r"(\d+)\s*[-－—~至]\s*(\d+)\s*项?\s*(?:合并提供|由)")


class TaskBuilder:
    """Indicators, sections and tasks as plain data, with the ``# 请核对`` comments by YAML path."""

    def __init__(self, table: Table, directory: Directory, year: int) -> None:
        self.table, self.directory, self.year = table, directory, year
        self.comments: dict[YPath, list[str]] = {}
        self.notes: list[str] = []

    def build(self) -> list[dict[str, Any]]:
        indicators: list[dict[str, Any]] = []
        tasks: list[tuple[TableRow, dict[str, Any], YPath]] = []
        for row in self.table.rows:
            if not indicators or indicators[-1]["_key"] != row.level1:
                ident, title = split_heading(row.level1, numbered=False) if row.level1 else ("", "")
                indicators.append(
                    {
                        "_key": row.level1,
                        "id": ident or cn_numeral(len(indicators) + 1),
                        "name": title or "（未分级指标）",
                        "sections": [],
                    }
                )
            sections = indicators[-1]["sections"]
            if not sections or sections[-1]["_key"] != row.level2:
                number, title = split_heading(row.level2, numbered=True) if row.level2 else ("", "")
                sections.append(
                    {
                        "_key": row.level2,
                        "number": int(number) if number else len(sections) + 1,
                        "name": title or "（未分类）",
                        "tasks": [],
                    }
                )
            path: YPath = (
                "indicators",
                len(indicators) - 1,
                "sections",
                len(sections) - 1,
                "tasks",
                len(sections[-1]["tasks"]),
            )
            task = self._task(row, path)
            sections[-1]["tasks"].append(task)
            tasks.append((row, task, path))
        self._link(tasks)
        for task_row, task, path in tasks:
            self._materials(task_row, task, path)
        for ind in indicators:
            del ind["_key"]
            for sec in ind["sections"]:
                del sec["_key"]
        return indicators

    def _check(self, path: YPath, why: str) -> None:
        self.comments.setdefault(path, []).append(CHECK + why)

    def _task(self, row: TableRow, path: YPath) -> dict[str, Any]:
        task: dict[str, Any] = {"id": row.task_id}
        if row.aliases:
            task["aliases"] = row.aliases
        if row.kind != "regular":
            task["kind"] = row.kind
        task["text"] = row.text or "（无任务内容）"
        if not row.text:
            self._check((*path, "text"), "表中此行没有任务内容")
        lead: list[str] = []
        for part in lead_parts(row.lead):
            found = self.directory.resolve(part)
            names = [found] if found else decompose(part, list(self.directory.units))
            if len(names) > 1:
                self._check((*path, "lead_units"), f"“{part}”是几个单位名称连写，已拆为：{'、'.join(names)}")
            lead += [n for n in names if n not in lead]
        if not lead:
            lead = [next(iter(self.directory.units), "（请填写）")]
            self._check((*path, "lead_units"), "表中没有牵头单位，暂填第一个单位")
        task["lead_units"] = lead
        responsible: list[str] = []
        for part in re.split(r"[\n、，,；;]+", row.responsible):
            if clean(part):
                name = self.directory.resolve(clean(part)) or clean(part)
                responsible += [name] if name not in responsible else []
        task["responsible_units"] = responsible
        deadline = row.deadline or "待定"
        task["deadline"] = deadline
        # No ``due``: the date follows from the deadline text and campaign.year, so that correcting the
        # year later (it is often a guess) moves every deadline with it instead of contradicting them.
        parsed = parse_deadline(deadline, self.year)
        if not row.deadline:
            self._check((*path, "deadline"), "表中没有完成时限，请填写")
        elif parsed.error or parsed.warning:
            self._check((*path, "deadline"), str(parsed.error or parsed.warning))
        task["materials_cell"] = row.materials
        task["materials"] = []
        return task

    def _link(self, tasks: list[tuple[TableRow, dict[str, Any], YPath]]) -> None:
        """materials_from for empty materials cells: from 合并提供 notes, merged cells or the row above."""
        by_id = {task["id"]: (row, task, path) for row, task, path in tasks}
        explicit: dict[str, str] = {}
        for row, task, _ in tasks:
            for m in _RANGE.finditer(clean(row.materials)):
                for n in range(int(m[1]), int(m[2]) + 1):
                    if str(n) != task["id"] and str(n) in by_id:
                        explicit[str(n)] = task["id"]
        owner: str | None = None
        merge_note = False
        for row, task, path in tasks:
            if row.kind != "regular":
                owner = None
                continue
            if row.materials and not row.materials_continued:
                owner, merge_note = task["id"], clean(row.materials).startswith("合并提供")
                continue
            target = explicit.get(task["id"])
            if row.materials_continued and owner:
                target, why = owner, None
                self.notes.append(
                    f"任务 {task['id']} 的材料栏与任务 {owner} 合并为一个单元格，按合并提供处理"
                )
            elif target:
                why = None
            elif owner and merge_note:
                target, why = owner, None
            elif owner:
                target, why = owner, f"材料栏为空，推定与任务 {owner} 合并提供"
            else:
                why = "材料栏为空，也找不到合并提供的任务，请补充材料"
            task["materials_cell"] = ""
            if target:
                task["materials_from"] = target
            if why:
                self._check((*path, "materials_from" if target else "materials"), why)
        for task_id in explicit:
            row, task, path = by_id[task_id]
            if row.materials and not row.materials_continued:
                self.notes.append(
                    f"任务 {explicit[task_id]} 注明与任务 {task_id} 合并提供，但任务 {task_id} 自己也列了材料，请核对"
                )

    def _materials(self, row: TableRow, task: dict[str, Any], path: YPath) -> None:
        if task.get("materials_from") or (not task["materials_cell"] and row.kind == "regular"):
            return
        items: list[Item]
        if task["materials_cell"]:
            items = draft_items(task["materials_cell"], task["lead_units"], self.directory)
            if row.kind == "veto":
                self._check(
                    (*path, "materials"), "否决项的材料通常是未发生该情形的说明（attestation），请核对类别"
                )
        elif row.kind == "bonus":
            m = re.search(r"[（(](须附[^）)]*)[）)]", task["text"])
            items = [Item(m.group(1) if m else "正式文件证明", kind="formal_document")]
            if not m:
                items[0].checks.append("加分项须附正式文件证明，文字为程序补充")
        else:
            items = [Item(task["text"].rstrip("。；; "), kind="attestation")]
        for n, item in enumerate(items, start=1):
            entry: dict[str, Any] = {"id": f"{task['id']}.{n}", "text": item.text}
            if item.kind != "document":
                entry["kind"] = item.kind
            if item.providers:
                entry["providers"] = item.providers
            if item.each:
                entry["each"] = True
            if item.min is not None:
                entry["min"] = item.min
            if item.max is not None:
                entry["max"] = item.max
            for why in item.checks:
                self._check((*path, "materials", n - 1), why)
            task["materials"].append(entry)
