"""The review parts of the Word documents: the weekly report's section on the office's review and its
annex of returned materials (附件 :data:`fzcj.report.content.ANNEX_RETURNED`), and the returned
materials that open a 督办通知. Laid out with :class:`.official.OfficialDocument`."""

from __future__ import annotations

from collections.abc import Sequence

from fzcj.report.content import ANNEX_RETURNED, Progress, annex
from fzcj.report.docx.official import OfficialDocument
from fzcj.report.docx.tables import Column
from fzcj.report.fragments import ItemTexts
from fzcj.report.review_progress import ReturnedItem
from fzcj.text import month_day

ANNEX_COLUMNS = (
    Column("序号", 10),
    Column("材料", 52, "left"),
    Column("单位", 24, "left"),
    Column("退回理由", 48, "left"),
    Column("退回日期\n及审核人", 22),
)
NOTICE_COLUMNS = (
    Column("序号", 9),
    Column("退回的材料", 77, "left"),
    Column("退回理由", 50, "left"),
    Column("退回\n日期", 20),
)


def review_section(doc: OfficialDocument, progress: Progress) -> None:
    """The review in numbers, what changed since the previous report, and where the returned
    materials are listed."""
    review = progress.review
    if review is None:
        return
    where = f"退回的材料及理由见{annex(ANNEX_RETURNED)}。" if review.returned else ""
    doc.body(review.sentence() + where)


def returned_annex(doc: OfficialDocument, progress: Progress) -> None:
    """Every returned material with its unit, reason, date and reviewer."""
    items = progress.review.returned if progress.review is not None else ()
    rows = [
        [str(n), _material(i, progress.texts), i.unit, i.reason, f"{month_day(i.at.date())}\n{i.by}"]
        for n, i in enumerate(items, 1)
    ]
    doc.table(ANNEX_COLUMNS, rows)


def notice_returned(doc: OfficialDocument, items: Sequence[ReturnedItem], texts: ItemTexts) -> None:
    """The returned materials with their reasons: they are to be corrected and sent again."""
    if not items:
        return
    doc.body(f"经审核，贵单位报送的下列{len(items)}项材料被退回，请按退回理由修改完善后重新报送：")
    rows = [[str(n), _material(i, texts), i.reason, month_day(i.at.date())] for n, i in enumerate(items, 1)]
    doc.table(NOTICE_COLUMNS, rows)


def _material(item: ReturnedItem, texts: ItemTexts) -> str:
    return texts.item(item.material_id, item.material_text)
