"""The 报送清单 in a unit's pack: one table row per material the unit provides, in the official look.

Laid out with :class:`fzcj.report.docx.official.OfficialDocument`: the title, one paragraph with the counts and
what to do, then the files sent back for a new submission (once review decisions exist), the materials still
missing (deadline, days left, files already received, what is short) and, compactly, those already complete.
Table headers repeat on every page.
"""

from __future__ import annotations

from fzcj.data.model import Campaign
from fzcj.report.checklist import Checklist, ChecklistRow
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


def _material(row: ChecklistRow, limit: int) -> str:
    rule = f"（{row.rule}）" if row.rule else ""
    return f"{row.material_id} {shorten(row.material_text, limit)}{rule}\n任务{row.task_id}：{row.task_text}"


def _files(row: ChecklistRow) -> str:
    files = list(row.received[:RECEIVED_SHOWN])
    if len(row.received) > RECEIVED_SHOWN:
        files.append(f"等{len(row.received)}个文件")
    return "\n".join(files) or "—"


def _open_cells(number: int, row: ChecklistRow) -> list[str]:
    deadline = row.deadline + (f"\n{row.timing}" if row.timing else "")
    missing = ("▲ " if row.overdue else "") + row.missing
    return [str(number), _material(row, 60), deadline, _files(row), missing]


def _done_cells(number: int, row: ChecklistRow) -> list[str]:
    return [str(number), _material(row, 40), _files(row), row.missing]


def _summary(checklist: Checklist, issuer: str) -> str:
    rows, open_rows = checklist.rows, checklist.open_rows
    overdue = sum(row.overdue for row in open_rows)
    late = f"（其中已逾期{overdue}项，以▲标出）" if overdue else ""
    text = (
        f"截至{cn_date(checklist.as_of)}，你单位应报送材料{len(rows)}项，"
        f"已齐全{len(rows) - len(open_rows)}项，尚缺{len(open_rows)}项{late}。"
    )
    if open_rows:
        text += (
            "请对照下表补齐材料，放入本压缩包中对应任务、本单位的文件夹（各项要求见文件夹中的“材料要求.txt”），"
            f"按“填报说明.txt”压缩后发回{issuer}。已收到的文件不必重复报送。"
        )
    else:
        text += "你单位应报送的材料均已收到，请继续做好补充完善工作。"
    return text


def render_checklist(campaign: Campaign, checklist: Checklist, issuer: str) -> bytes:
    doc = OfficialDocument(campaign.report.fonts)
    title = f"{checklist.unit}材料报送清单"
    doc.title(broken_title(f"{checklist.unit}材料报送清单", {len(checklist.unit)}))
    doc.paragraph(f"（{campaign.name}）", align="center", first_chars=0)
    doc.body(_summary(checklist, issuer))
    open_rows = checklist.open_rows
    done = [row for row in checklist.rows if row.done]
    headings = iter(["一、", "二、", "三、"])
    if checklist.returned:
        doc.heading1(f"{next(headings)}退回重报的材料（{len(checklist.returned)}个文件）")
        doc.body("以下文件经审核退回，请按退回原因修改后重新报送：")
        doc.table(RETURNED_COLUMNS, [[r.material_id, r.file, r.reason] for r in checklist.returned])
    if open_rows:
        doc.heading1(f"{next(headings)}尚缺的材料（{len(open_rows)}项）")
        doc.table(COLUMNS, [_open_cells(n, row) for n, row in enumerate(open_rows, 1)])
    if done:
        doc.heading1(f"{next(headings)}已齐全或不涉及的材料（{len(done)}项）")
        doc.table(DONE_COLUMNS, [_done_cells(n, row) for n, row in enumerate(done, 1)])
    doc.body("")
    doc.paragraph(f"{issuer}　{cn_date(checklist.as_of)}", align="right", first_chars=0, right_chars=2)
    doc.properties(title=title, author=issuer, subject=campaign.name, created=checklist.as_of)
    return doc.to_bytes()
