"""目录.xlsx: every file of the package and every hole, one row each, to filter and print."""

from __future__ import annotations

import datetime as dt

from fzcj.data.model import Campaign
from fzcj.report.catalogue import (
    DAMAGED,
    LEFT_OUT,
    MISSING,
    MODIFIED,
    PENDING,
    RECEIVED,
    Catalogue,
    CatalogueRow,
)
from fzcj.report.ledger import Tone
from fzcj.report.wording import issuer_of
from fzcj.report.xlsx.sheet import Book, Column
from fzcj.text import cn_date

COLUMNS = (
    Column("序号", 5, "center"),
    Column("任务", 16, "text"),
    Column("材料编号", 7, "center"),
    Column("材料", 16, "text"),
    Column("提供单位", 14, "text"),
    Column("文件名", 36, "text"),
    Column("日期", 12, "fulldate"),
    Column("日期说明", 8, "center"),
    Column("页数", 5, "number"),
    Column("大小（KB）", 9, "decimal"),
    Column("标记", 8, "center"),
    Column("说明", 18, "text"),
    Column("材料包中的路径", 40, "text"),
)
TONES = {MISSING: Tone.overdue, DAMAGED: Tone.behind, PENDING: Tone.due_soon, LEFT_OUT: Tone.behind}


def _values(row: CatalogueRow) -> list[object]:
    material = row.material
    return [
        row.task.id,
        row.task.short_text,
        material.id if material is not None else "",
        material.text if material is not None else "",
        row.unit,
        row.name,
        row.date,
        {RECEIVED: "收件日期", MODIFIED: "文件修改日期"}.get(row.dated, ""),
        row.pages,
        round(row.size / 1024, 1) if row.size is not None else None,
        row.mark,
        row.detail,
        row.path if row.mark != DAMAGED else f"（未收入）evidence/{row.path}",
    ]


def render_catalogue_xlsx(campaign: Campaign, catalogue: Catalogue, created: dt.datetime) -> bytes:
    book = Book()
    sheet = book.sheet("目录", f"{catalogue.title}（截至{cn_date(catalogue.as_of)}）", COLUMNS)
    for row in catalogue.rows:
        sheet.add(_values(row), TONES.get(row.mark, Tone.plain))
    sheet.close()
    return book.to_bytes(title=catalogue.title, author=issuer_of(campaign), stamp=created)
