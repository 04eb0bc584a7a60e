"""The 报送清单 in a unit's pack: one table row per material the unit provides, in the official look.

Laid out with :class:`fzcj.report.docx.official.OfficialDocument`: the title, one paragraph with the counts and
what to do, then the files sent back for a new submission (once review decisions exist), the files that
fail the content check (to send again), the materials still missing (deadline, days left, files already
received, what is short) and, compactly, those already sent (已齐全, 已报送待审核) or not concerned.
Table headers repeat on every page.
"""

from __future__ import annotations

from fzcj.data.model import Campaign
from fzcj.report.checklist import WAITING, Checklist, ChecklistRow
from fzcj.report.docx.official import OfficialDocument
from fzcj.report.docx.tables import Column
from fzcj.report.wording import broken_title
from fzcj.text import cn_date, shorten

COLUMNS = (
    Column("序号", 10),
    Column("材料（所属任务）", 60, "left"),
    Column("完成时限", 22),
    Column("已收到的文件", 38, "left"),
    Column("尚缺", 26, "left"),
)
DONE_COLUMNS = (
    Column("序号", 10),
    Column("材料（所属任务）", 70, "left"),
    Column("已收到的文件", 56, "left"),
    Column("情况", 20),
)
RECEIVED_SHOWN = 6  # file names in one cell before it says 等N个文件
RETURNED_COLUMNS = (Column("材料", 20), Column("文件", 60, "left"), Column("退回原因", 76, "left"))
BROKEN_COLUMNS = (
    Column("序号", 10),
    Column("文件", 50, "left", verbatim=True),
    Column("所属材料", 46, "left"),
    Column("原因", 50, "left"),
)


def _material(checklist: Checklist, row: ChecklistRow, limit: int) -> str:
    """The item (a fragment of its cell with the cell, whole), who else provides it, and its task."""
    rule = f"（{row.rule}）" if row.rule else ""
    text = shorten(row.material_text, limit)
    if row.material_id in checklist.texts.cells:
        text = checklist.texts.text(row.material_id, row.material_text)
    return f"{row.material_id} {text}{rule}\n任务{row.task_id}：{row.task_text}"


def _files(row: ChecklistRow) -> str:
    files = list(row.received[:RECEIVED_SHOWN])
    if len(row.received) > RECEIVED_SHOWN:
        files.append(f"等{len(row.received)}个文件")
    return "\n".join(files) or "—"


def _situation(row: ChecklistRow) -> str:
    return row.missing + (f"\n{row.broken}个文件已损坏" if row.broken else "")


def _open_cells(checklist: Checklist, number: int, row: ChecklistRow) -> list[str]:
    deadline = row.deadline + (f"\n{row.timing}" if row.timing else "")
    missing = ("▲ " if row.overdue else "") + _situation(row)
    return [str(number), _material(checklist, row, 60), deadline, _files(row), missing]


def _done_cells(checklist: Checklist, number: int, row: ChecklistRow) -> list[str]:
    return [str(number), _material(checklist, row, 40), _files(row), _situation(row)]


def _summary(checklist: Checklist, issuer: str, broken_at: str) -> str:
    """The counts (each done row is one of them, and so is each open one: they add up to the total)
    and what to do."""
    rows, open_rows = checklist.rows, checklist.open_rows
    overdue = sum(row.overdue for row in open_rows)
    late = f"（其中已逾期{overdue}项，以▲标出）" if overdue else ""
    done = "".join(f"{word}{n}项，" for word, n in checklist.counts().items())
    text = (
        f"截至{cn_date(checklist.as_of)}，你单位应报送材料{len(rows)}项：{done}尚缺{len(open_rows)}项{late}。"
    )
    broken = checklist.broken
    resend = (
        f"另有{len(broken)}个已收到的文件已损坏或无法正常打开，须重新报送（见第{broken_at}部分）。"
        if broken
        else ""
    )
    if open_rows or broken:
        text += resend + (
            "请对照下表补齐材料，放入本压缩包中对应任务、本单位的文件夹（各项要求见文件夹中的“材料要求.txt”），"
            f"按“填报说明.txt”压缩后发回{issuer}。已收到的文件不必重复报送。"
        )
    elif WAITING in checklist.counts():
        text += "你单位应报送的材料均已报送，正等待审核；如有退回，将另行通知。"
    else:
        text += "你单位应报送的材料均已齐全，请继续做好补充完善工作。"
    return text


def render_checklist(campaign: Campaign, checklist: Checklist, issuer: str) -> bytes:
    doc = OfficialDocument(campaign.report.fonts)
    title = f"{checklist.unit}材料报送清单"
    doc.title(broken_title(f"{checklist.unit}材料报送清单", {len(checklist.unit)}))
    doc.paragraph(f"（{campaign.name}）", align="center", first_chars=0)
    open_rows = checklist.open_rows
    done = [row for row in checklist.rows if row.done]
    numbers = iter("一二三四")
    returned_at = next(numbers) if checklist.returned else ""
    broken_at = next(numbers) if checklist.broken else ""
    doc.body(_summary(checklist, issuer, broken_at))
    if checklist.returned:
        doc.heading1(f"{returned_at}、退回重报的材料（{len(checklist.returned)}个文件）")
        doc.body("以下文件经审核退回，请按退回原因修改后重新报送：")
        doc.table(RETURNED_COLUMNS, [[r.material_id, r.file, r.reason] for r in checklist.returned])
    if checklist.broken:
        doc.heading1(f"{broken_at}、已损坏须重新报送的文件（{len(checklist.broken)}个）")
        doc.body("以下文件已损坏，请重新报送完好的文件：")
        rows = [
            [str(n), b.name, checklist.texts.item(b.material.id, b.material.text), b.reason]
            for n, b in enumerate(checklist.broken, 1)
        ]
        doc.table(BROKEN_COLUMNS, rows)
    if open_rows:
        doc.heading1(f"{next(numbers)}、尚缺的材料（{len(open_rows)}项）")
        doc.table(COLUMNS, [_open_cells(checklist, n, row) for n, row in enumerate(open_rows, 1)])
    if done:
        doc.heading1(f"{next(numbers)}、已报送或不涉及的材料（{len(done)}项）")
        doc.table(DONE_COLUMNS, [_done_cells(checklist, n, row) for n, row in enumerate(done, 1)])
    doc.body("")
    doc.paragraph(f"{issuer}　{cn_date(checklist.as_of)}", align="right", first_chars=0, right_chars=2)
    doc.properties(title=title, author=issuer, subject=campaign.name, created=checklist.as_of)
    return doc.to_bytes()
