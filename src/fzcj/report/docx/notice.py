"""The 督办通知 (reminder notice) to one unit: what it owes and what it must chase, by when and how.

Laid out with :class:`fzcj.report.docx.official.OfficialDocument`. Everything the unit owes is listed
(the tables continue on the next pages, header repeated); the closing paragraph, the signature and
the date always share a page. The body is the list :data:`SECTIONS`: a new part is one entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from fzcj.data.model import Campaign
from fzcj.report.docx.official import OfficialDocument
from fzcj.report.docx.review_parts import notice_returned
from fzcj.report.docx.tables import Column, GroupRow
from fzcj.report.fragments import PLAIN, ItemTexts
from fzcj.report.notices import summary_sentence
from fzcj.report.ranking import UnitObligations
from fzcj.report.review_progress import returned_items
from fzcj.report.wording import issuer_of, notice_title, notice_title_lines
from fzcj.status.types import StatusReport
from fzcj.status.views import Owed
from fzcj.text import cn_date, month_day, task_label, units_brief


@dataclass(frozen=True)
class Letter:
    """One 督办通知: to whom, about what, from whom."""

    campaign: Campaign
    report: StatusReport
    owed: UnitObligations
    addressee: str
    texts: ItemTexts = PLAIN

    @property
    def issuer(self) -> str:
        return issuer_of(self.campaign)

    @property
    def reply_days(self) -> int:
        return self.campaign.report.notice_reply_days


def _state(days_left: int | None) -> str:
    if days_left is None:
        return "无固定时限"
    if days_left < 0:
        return f"已逾期{-days_left}天"
    return "今日到期" if days_left == 0 else f"剩余{days_left}天"


def _due(item: Owed) -> str:
    return month_day(item.material.deadline) if item.material.deadline else item.deadline_text


def _by_task_and_deadline(report: StatusReport, owed: Sequence[Owed]) -> list[tuple[Owed, ...]]:
    """The materials a unit owes for one task by one deadline, one group per row of the notice's table.

    A task's materials normally share its deadline; a material shared with a task due earlier is due
    then, and gets a row of its own. Earliest deadline first (so overdue, then due soon), then in task
    order; the materials of a row in table order.
    """
    order = {task.id: n for n, task in enumerate(report.tasks)}
    material_order = {m.id: n for task in report.tasks for n, m in enumerate(task.materials)}
    groups: dict[tuple[str, dt.date | None, str], list[Owed]] = {}
    for item in owed:
        groups.setdefault((item.task.id, item.material.deadline, item.deadline_text), []).append(item)
    rows = [
        tuple(sorted(items, key=lambda i: material_order.get(i.material.id, 0))) for items in groups.values()
    ]
    return sorted(
        rows, key=lambda r: (r[0].material.deadline or dt.date.max, order.get(r[0].task.id, len(order)))
    )


def _task_row(task_id: str, text: str) -> GroupRow:
    """The task in full, across the table, above the rows of its materials."""
    return GroupRow(f"{task_label(task_id)} {text}", plain=True)


def _material(item: Owed, texts: ItemTexts) -> str:
    """The item in full, and why it is still open where something was sent: sent in part
    (已交1个，还差2个) or returned."""
    text = texts.item(item.material.id, item.material.text)
    why = [item.shortfall_text] if item.shortfall_text else []
    why += ["已退回，须修改后重新报送"] if item.returned else []
    return text + (f"（{'；'.join(why)}）" if why else "")


OWED_COLUMNS = (
    Column("序号", 9),
    Column("尚缺材料", 102, "left"),
    Column("完成\n时限", 20),
    Column("状态", 25),
)
"""Wide enough for 12月31日 and 已逾期153天 on one line in Word, WPS and LibreOffice."""
BROKEN_COLUMNS = (
    Column("序号", 9),
    Column("文件", 52, "left", verbatim=True),
    Column("所属材料", 46, "left"),
    Column("原因", 49, "left"),
)
CHASED_COLUMNS = (
    Column("序号", 9),
    Column("尚缺材料", 60, "left"),
    Column("尚未报送的单位", 42, "left"),
    Column("完成\n时限", 20),
    Column("状态", 25),
)


def _returned(doc: OfficialDocument, letter: Letter) -> None:
    """Materials the office returned (退回), first: each with its reason, to be corrected and sent again."""
    notice_returned(doc, returned_items(letter.report, letter.owed.unit), letter.texts)


def _broken(doc: OfficialDocument, letter: Letter) -> None:
    """Files that fail the content check (:mod:`fzcj.report.broken`): each with its item and the reason."""
    broken = letter.owed.broken
    if not broken:
        return
    doc.body(
        f"以下文件已损坏，请重新报送。经检查，贵单位报送的下列{len(broken)}个文件已损坏或无法正常打开，"
        f"请于本通知印发之日起{letter.reply_days}个工作日内重新报送完好的文件："
    )
    rows = [
        [str(n), b.name, letter.texts.item(b.material.id, b.material.text), b.reason]
        for n, b in enumerate(broken, 1)
    ]
    doc.table(BROKEN_COLUMNS, rows)


def _owed(doc: OfficialDocument, letter: Letter) -> None:
    """What the unit owes itself (报送): every material under its task, most urgent first."""
    owed = letter.owed
    if not owed.owed:
        return
    late = (
        f"已逾期的{len(owed.overdue)}项材料请于本通知印发之日起{letter.reply_days}个工作日内报送，"
        if owed.overdue
        else ""
    )
    doc.body(f"请贵单位高度重视，对照下表抓紧报送尚缺的材料：{late}其余材料务必在完成时限前报送。")
    rows: list[Sequence[str] | GroupRow] = []
    n = 0
    for group in _by_task_and_deadline(letter.report, owed.owed):
        rows.append(_task_row(group[0].task.id, group[0].task.text))
        for item in group:
            n += 1
            cells = [_material(item, letter.texts), _due(item), _state(item.material.days_left)]
            rows.append([str(n), *cells])
    doc.table(OWED_COLUMNS, rows)


def _chased(doc: OfficialDocument, letter: Letter) -> None:
    """Overdue tasks the unit leads that others hold up (督促): the materials and the units that owe them."""
    owed = letter.owed
    chased = owed.chased
    if not chased:
        return
    doc.body(
        f"贵单位牵头的以下{len(chased)}项任务已逾期，其他单位尚有材料未报送，请督促有关单位于"
        f"{letter.reply_days}个工作日内报送："
    )
    rows: list[Sequence[str] | GroupRow] = []
    n = 0
    for row in chased:
        task = row.task
        rows.append(_task_row(task.id, task.text))
        for m in owed.others_owing(row):
            n += 1
            others = [u for u in m.units if u != owed.unit]
            cells = [units_brief(others), _due(m), _state(m.material.days_left)]
            rows.append([str(n), _material(m, letter.texts), *cells])
    doc.table(CHASED_COLUMNS, rows)


def _how(doc: OfficialDocument, letter: Letter) -> None:
    """Where and how to submit, and whom to call."""
    config = letter.campaign.report
    doc.body(f"报送方式：{config.submission or _default_submission(letter)}")
    if config.contact is not None:
        doc.body(f"联系人：{config.contact.name}，联系电话：{config.contact.phone}。")


def _default_submission(letter: Letter) -> str:
    """The evidence-folder convention, with the unit's own first item as the example."""
    owed = letter.owed
    first = owed.owed[0].material if owed.owed else owed.broken[0].material if owed.broken else None
    example = ""
    if first is not None:
        task_id, _, number = first.id.rpartition(".")
        example = f"（如“{task_id or first.id}/{owed.unit}/{number or '1'}-情况说明.pdf”）"
    return (
        f"请按“任务编号/单位名称/材料序号-文件名”整理材料{example}，"
        f"压缩后报送{letter.issuer}；网址类材料请在文本文件中写明网址。"
    )


SECTIONS: tuple[Callable[[OfficialDocument, Letter], None], ...] = (_returned, _broken, _owed, _chased, _how)
"""The parts after the opening paragraph, in order."""


def _signature(doc: OfficialDocument, issuer: str, date: str) -> list[Any]:
    """Issuer centred above the date, the date four characters in from the right (GB/T 9704)."""
    date_width = sum(1 if ord(c) > 0x2E7F else 0.5 for c in date)  # digits are half width
    gap = round((date_width - len(issuer)) / 2)
    return [
        doc.paragraph(issuer, align="right", first_chars=0, right_chars=4 + max(gap, 0)),
        doc.paragraph(date, align="right", first_chars=0, right_chars=4 + max(-gap, 0)),
    ]


def render_unit_notice(
    campaign: Campaign,
    report: StatusReport,
    owed: UnitObligations,
    addressee: str,
    texts: ItemTexts = PLAIN,
) -> bytes:
    """The 督办通知 to one unit: what the office returned to it (退回, with the reasons), its files that
    are broken (to send again), everything it owes (报送), the overdue tasks it leads that others hold
    up (督促), by when, how to submit and whom to call; the last paragraph, the signature and the date
    on one page. ``texts`` writes the items that are fragments of their cell with the cell."""
    letter = Letter(campaign, report, owed, addressee, texts)
    doc = OfficialDocument(campaign.report.fonts)
    doc.title(notice_title_lines(campaign))
    doc.body("")
    doc.paragraph(f"{addressee}：", first_chars=0)
    doc.body(
        f"根据{campaign.name}工作安排，{letter.issuer}对各单位材料报送情况进行了逐项核对。"
        f"截至{cn_date(report.as_of)}，{summary_sentence(owed, campaign.due_soon_days)}"
    )
    for section in SECTIONS:
        section(doc, letter)
    closing = [doc.doc.paragraphs[-1], doc.body(""), *_signature(doc, letter.issuer, cn_date(report.as_of))]
    doc.keep_together(closing)
    doc.properties(
        title=notice_title(campaign), author=letter.issuer, subject=campaign.name, created=report.as_of
    )
    return doc.to_bytes()
