"""The review parts of the Word documents: the weekly report's annex of returned materials, and the
returned materials that open a 督办通知. Laid out with :class:`.official.OfficialDocument`."""

from __future__ import annotations

from collections.abc import Sequence

from fzcj.report.docx.official import Column, OfficialDocument
from fzcj.report.review_progress import ReturnedItem
from fzcj.text import month_day, shorten

RETURNED_ATTACHMENT = "材料退回情况"
NOTICE_RETURNED_ROWS = 6
"""Returned materials listed in a 督办通知 (it must stay within two pages); more are counted."""


def returned_attachment(doc: OfficialDocument, items: Sequence[ReturnedItem], number: int) -> None:
    """附件N 材料退回情况: every returned material with its unit, reason, reviewer and date."""
    doc.attachment(number, RETURNED_ATTACHMENT)
    columns = [
        Column("序号", 10),
        Column("材料", 46, "left"),
        Column("单位", 28, "left"),
        Column("退回理由", 50, "left"),
        Column("退回日期\n及审核人", 22),
    ]
    rows = [
        [
            str(n),
            f"{i.material_id} {shorten(i.material_text, 24)}",
            i.unit,
            i.reason,
            f"{month_day(i.at.date())}\n{i.by}",
        ]
        for n, i in enumerate(items, 1)
    ]
    doc.table(columns, rows)


def notice_returned_rows(items: Sequence[ReturnedItem]) -> int:
    """The owed-materials rows a 督办通知 gives up for its returned materials (the table and the
    sentences around it), to stay within two pages."""
    if not items:
        return 0
    return min(len(items), NOTICE_RETURNED_ROWS) + 1 + (len(items) > NOTICE_RETURNED_ROWS)


def notice_returned(doc: OfficialDocument, items: Sequence[ReturnedItem]) -> None:
    """The returned materials first, each with its reason: they are to be corrected and sent again."""
    shown = items[:NOTICE_RETURNED_ROWS]
    doc.body(f"经审核，贵单位报送的下列{len(items)}项材料被退回，请按退回理由修改完善后重新报送：")
    columns = [
        Column("序号", 10),
        Column("材料", 60, "left"),
        Column("退回理由", 64, "left"),
        Column("退回日期", 22),
    ]
    rows = [
        [str(n), f"{i.material_id} {shorten(i.material_text, 24)}", i.reason, month_day(i.at.date())]
        for n, i in enumerate(shown, 1)
    ]
    doc.table(columns, rows)
    if len(items) > len(shown):
        rest = "、".join(i.material_id for i in items[len(shown) :])
        doc.body(f"另有{rest}共{len(items) - len(shown)}项材料被退回，请一并修改完善后重新报送。")
