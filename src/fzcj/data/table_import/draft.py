"""Turn the rows of a task table into the drafts of ``data/indicators.yaml`` and ``data/units.yaml``.

:func:`draft_workspace` is the entry point: it reads the table (Word, Excel or text), finds its columns,
collects units and groups, splits every 主要提供资料 cell into material items and writes both files
as YAML text. Whatever was guessed is marked ``# 请核对：…`` in the YAML and summed up in
:attr:`Draft.notes`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fzcj.data.model import ReportConfig, ReportFonts, ReviewConfig
from fzcj.data.names import normalize
from fzcj.data.table_import.columns import find_table
from fzcj.data.table_import.directory import Directory
from fzcj.data.table_import.grid import Grid
from fzcj.data.table_import.read import read_tables
from fzcj.data.table_import.rows import Table
from fzcj.data.table_import.tasks import CHECK, TaskBuilder
from fzcj.data.table_import.units_draft import collect_units, units_document
from fzcj.data.table_import.yaml_writer import dump


@dataclass
class Draft:
    """The two data files as YAML text, the same as plain data, and what a person must check."""

    indicators_yaml: str
    units_yaml: str
    notes: list[str]
    counts: dict[str, int]
    indicators: dict[str, Any] = field(repr=False)
    units: dict[str, Any] = field(repr=False)


def draft_workspace(
    table_path: Path | str,
    *,
    name: str | None = None,
    district: str | None = None,
    year: int | None = None,
    office: str | None = None,
) -> Draft:
    """Draft both data files from a Word (.docx), Excel (.xlsx) or text task table.

    Raises :class:`~fzcj.data.table_import.grid.TableImportError` (a Chinese message and an exit code)
    for a file that cannot be read or holds no task table.
    """
    path = Path(table_path)
    return draft_from_grids(
        read_tables(path), source_name=path.name, name=name, district=district, year=year, office=office
    )


def draft_from_grids(
    grids: list[Grid],
    *,
    source_name: str = "",
    name: str | None = None,
    district: str | None = None,
    year: int | None = None,
    office: str | None = None,
) -> Draft:
    table = find_table(grids)
    notes = list(table.notes)
    if table.encoding and table.encoding != "UTF-8":
        notes.append(f"文本文件按 {table.encoding} 编码读取")
    campaign = _campaign(table, name, district, year, notes)
    directory = Directory(prefix=campaign["district"][-1:])
    collect_units(table, directory, notes)
    campaign["coordinating_office"] = _office(office, directory, notes)
    campaign["report"]["issuer"] = campaign["coordinating_office"]
    builder = TaskBuilder(table, directory, campaign["year"])
    indicators = builder.build()
    notes += builder.notes
    units, unit_comments = units_document(table, directory)
    for group in units["groups"]:
        if not group["members"]:
            notes.append(
                f"单位组“{group['name']}”还没有成员：请在 data/units.yaml 中补充，否则数据文件无法通过检查"
            )
    doc = {"campaign": campaign, "indicators": indicators}
    source = f"《{source_name}》" if source_name else "任务分解表"
    header = [
        "yaml-language-server: $schema=../schemas/indicators.schema.json",
        f"任务分解表（初稿）：由 fzcj 从{source}生成。标有“请核对”的地方是程序推断的，请逐项核对后删去该注释。",
        "改后运行 fzcj validate 检查。",
    ]
    indicators_yaml = dump(doc, builder.comments, header=header)
    units_header = [
        "yaml-language-server: $schema=../schemas/units.schema.json",
        f"单位名录（初稿）：由 fzcj 从{source}中出现的单位名称生成。name 为规范名称，aliases 为简称和表中的其他写法。",
        "单位类型和单位组成员是推断的，请按本地实际核对、补充（如乡镇名单）。",
    ]
    units_yaml = dump(units, unit_comments, header=units_header, flow=frozenset({"aliases"}))
    checks = indicators_yaml.count("# " + CHECK) + units_yaml.count("# " + CHECK)
    notes.insert(0, f"共有 {checks} 处标有“请核对”，请逐一核对")
    tasks = [t for ind in indicators for sec in ind["sections"] for t in sec["tasks"]]
    counts = {
        "indicators": len(indicators),
        "sections": sum(len(ind["sections"]) for ind in indicators),
        "tasks": len(tasks),
        "materials": sum(len(t["materials"]) for t in tasks),
        "linked": sum(1 for t in tasks if t.get("materials_from")),
        "units": len(units["units"]),
        "groups": len(units["groups"]),
        "checks": checks,
    }
    return Draft(indicators_yaml, units_yaml, notes, counts, doc, units)


def _campaign(
    table: Table, name: str | None, district: str | None, year: int | None, notes: list[str]
) -> dict[str, Any]:
    title = next((t for t in table.title_lines if re.search(r"法治|分解表|任务", t)), "")
    base = re.sub(r"(指标)?(和|及)?(任务)?(分解|细化)?(表|清单|方案)$", "", title) if title else ""
    if district is None:
        m = re.match(r"^(.{1,20}?[区县市旗州盟])(法治|全面依法|依法)", base)
        district = m.group(1) if m else "（请填写地区）"
        notes.append(
            f"创建地区未指定，{'按表名取为“' + district + '”' if m else '请在 campaign.district 中填写'}"
        )
    if name is None:
        name = (
            base
            if base.startswith(district) and len(base) > len(district)
            else f"{district}法治政府建设示范创建"
        )
        notes.append(f"创建活动名称未指定，暂定为“{name}”")
    if year is None:
        years = [int(y) for row in table.rows for y in re.findall(r"(20\d\d)年", row.materials + row.text)]
        year = max(years) if years else dt.date.today().year
        notes.append(
            f"创建年度未指定，按表中出现的最近年份暂定为 {year} 年（完成时限按此年份计算）："
            "如不对，改 data/indicators.yaml 中的 campaign.year 即可，各完成时限随之改变"
        )
    return {
        "name": name,
        "district": district,
        "year": year,
        "coordinating_office": "",
        "due_soon_days": 7,
        "report": {"title": ReportConfig().title, "issuer": "", "fonts": ReportFonts().model_dump()},
        "review": {"required": ReviewConfig().required},
    }


def _office(office: str | None, directory: Directory, notes: list[str]) -> str:
    if office:
        found = directory.resolve(office)
        if found in directory.units:
            return found
        directory.add_unit(normalize(office), "命令行")
        return normalize(office)
    guess = next((u for u in directory.units if "依法治" in u), None)
    guess = guess or next((u for u in directory.units if u.endswith("司法局")), None)
    guess = guess or next(iter(directory.units), "（请填写协调办公室）")
    notes.append(f"协调办公室未指定，暂定为“{guess}”")
    return guess
