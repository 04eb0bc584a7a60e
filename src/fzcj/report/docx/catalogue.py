"""目录.docx: the package's 目录 in the official-document format, one table grouped by indicator and task."""

from __future__ import annotations

from fzcj.data.model import Campaign
from fzcj.report.catalogue import DAMAGED, MISSING, WAIVED, Catalogue, CatalogueRow, size_text, totals_text
from fzcj.report.docx.official import Column, GroupRow, OfficialDocument
from fzcj.report.package_layout import task_folder_label
from fzcj.report.wording import issuer_of
from fzcj.text import cn_date, shorten

COLUMNS = (
    Column("材料", 14),
    Column("提供单位", 26, "left"),
    Column("文件（材料包中的文件名）或说明", 78, "left"),
    Column("大小", 16),
    Column("标记", 22),
)
DETAIL_CHARS = 60


def _cells(row: CatalogueRow) -> list[str]:
    material = row.material.id if row.material is not None else ""
    size = size_text(row.size) if row.size is not None and row.mark != MISSING else ""
    if row.mark == MISSING:
        text = row.detail
    elif row.mark == DAMAGED:
        text = f"{row.name}\n{shorten(row.detail, DETAIL_CHARS)}"
    elif row.mark == WAIVED:
        text = f"{row.name}：{shorten(row.detail, DETAIL_CHARS)}"
    elif row.mark:
        text = row.detail
    else:
        text = row.name
    mark = "损坏（未收入）" if row.mark == DAMAGED else row.mark
    return [material, row.unit if row.mark != MISSING else "", text, size, mark]


def _rows(catalogue: Catalogue) -> list[list[str] | GroupRow]:
    rows: list[list[str] | GroupRow] = []
    section = task = None
    for row in catalogue.rows:
        if (row.task.level1, row.task.level2) != section:
            section = (row.task.level1, row.task.level2)
            rows.append(GroupRow(f"{row.task.level1}　{row.task.level2}"))
        if row.task.id != task:
            task = row.task.id
            rows.append(GroupRow(task_folder_label(row.task)))
        rows.append(_cells(row))
    return rows


def render_catalogue_docx(campaign: Campaign, catalogue: Catalogue) -> bytes:
    doc = OfficialDocument(campaign.report.fonts)
    doc.title(catalogue.title)
    doc.paragraph(f"（截至{cn_date(catalogue.as_of)}）", align="center", first_chars=0)
    doc.body(totals_text(catalogue.totals))
    doc.body(
        f"下表按指标体系的顺序列出材料包中的每个文件。标“{MISSING}”的材料尚未提交齐全；"
        f"标“损坏（未收入）”的文件未通过内容检查，没有收入材料包；标“{WAIVED}”的，理由见该材料文件夹中的"
        "“不涉及说明.txt”。各文件在材料包中的完整路径见“目录.xlsx”；“SHA256SUMS”可用于核对文件是否完整"
        "（sha256sum -c SHA256SUMS）。"
    )
    doc.caption("迎检材料目录")
    doc.table(COLUMNS, _rows(catalogue))
    doc.properties(
        title=catalogue.title,
        author=issuer_of(campaign),
        subject=catalogue.title,
        created=catalogue.as_of,
    )
    return doc.to_bytes()
