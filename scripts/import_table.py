"""Bootstrap ``data/indicators.yaml`` from a task table that Word exported as text.

    python scripts/import_table.py TABLE.txt --year 2022 > data/indicators.yaml

The headings, tasks, lead units, deadlines and the verbatim 主要提供资料 cells are taken over as they
are; the split of each cell into checkable material items is only a first draft (one item per
sentence, kind guessed from keywords) that a person must review.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from fzcj.tabletext import clean, parse_rows, split_lead_cell

CN_DIGITS = "一二三四五六七八九十"
MONTH_DAY = re.compile(r"^(\d{1,2})月(\d{1,2})日前$")


def guess_kind(text: str) -> str:
    if "实地核查" in text:
        return "onsite_check"
    if "网上核查" in text:
        return "online_check"
    if "网址" in text:
        return "url"
    if "承诺" in text:
        return "commitment"
    if "案卷" in text or "音像" in text:
        return "case_files"
    return "document"


def split_items(cell: str) -> list[str]:
    cell = clean(cell)
    parts = [p.strip() for p in re.split(r"(?<=[；;。])", cell) if p.strip("；;。 ")]
    return parts or ([cell] if cell else [])


def units_in(cell: str, known: list[str], aliases: dict[str, str]) -> list[str]:
    names: list[str] = []
    for part in split_lead_cell(cell):
        if part in aliases:
            names.append(aliases[part])
            continue
        while part:
            match = next((k for k in sorted(known, key=len, reverse=True) if part.startswith(k)), None)
            if match is None:
                names.append(part)
                break
            names.append(match)
            part = part[len(match) :]
    return names


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("table", type=Path)
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--units", type=Path, default=Path("data/units.yaml"))
    args = parser.parse_args()
    units = yaml.safe_load(args.units.read_text("utf-8"))["units"]
    known = [u["name"] for u in units]
    aliases = {a: u["name"] for u in units for a in u.get("aliases", [])}
    rows = parse_rows(args.table.read_text("utf-8"))
    indicators: list[dict] = []
    extra_counters: dict[str, int] = {}
    for row in rows:
        l1_id, _, l1_name = row.level1.partition("、")
        if not indicators or indicators[-1]["id"] != l1_id:
            indicators.append({"id": l1_id, "name": l1_name, "sections": []})
        l2_num, _, l2_name = row.level2.partition(".")
        sections = indicators[-1]["sections"]
        if not sections or sections[-1]["name"] != l2_name:
            sections.append({"number": int(l2_num), "name": l2_name, "tasks": []})
        task: dict = {}
        if l2_name in ("加分项", "否决项"):
            prefix = l2_name[0]
            extra_counters[prefix] = extra_counters.get(prefix, 0) + 1
            task["id"] = f"{prefix}{row.number}"
            task["aliases"] = [("B" if prefix == "加" else "V") + row.number]
            task["kind"] = "bonus" if prefix == "加" else "veto"
        else:
            task["id"] = row.number
        task["text"] = row.text
        task["lead_units"] = units_in(row.lead_cell, known, aliases)
        task["responsible_units"] = [clean(x) for x in row.responsible_cell.split("、")]
        task["deadline"] = row.deadline
        m = MONTH_DAY.match(row.deadline)
        if m:
            task["due"] = dt.date(args.year, int(m[1]), int(m[2]))
        task["materials_cell"] = row.materials
        items = []
        for n, text in enumerate(split_items(row.materials), 1):
            items.append({"id": f"{task['id']}.{n}", "text": text, "kind": guess_kind(text)})
        task["materials"] = items
        sections[-1]["tasks"].append(task)
    doc = {
        "campaign": {
            "name": "沙坡头区法治政府建设示范创建",
            "district": "宁夏回族自治区中卫市沙坡头区",
            "year": args.year,
            "coordinating_office": "区委依法治区办",
            "due_soon_days": 7,
        },
        "indicators": indicators,
    }
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1000)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
