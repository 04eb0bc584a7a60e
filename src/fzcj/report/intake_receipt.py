"""The 回执 (acknowledgement) the office can send back to a unit after ``fzcj intake --apply --receipt``.

A short plain-text letter (UTF-8 with a BOM, CRLF, so Notepad on any Windows shows it): what was received,
which files are broken and must be sent again, and which could not be filed and why.
"""

from __future__ import annotations

from pathlib import Path

from fzcj.data.model import Campaign
from fzcj.data.workspace import Workspace
from fzcj.evidence.intake_record import intake_file
from fzcj.evidence.intake_result import IntakeItem, IntakeResult, Outcome
from fzcj.evidence.scaffold import note_bytes
from fzcj.fsutil import write_atomically
from fzcj.report.wording import issuer_of
from fzcj.text import cn_date

RECEIPT_ENDING = "回执.txt"


def receipt_text(campaign: Campaign, result: IntakeResult) -> str:
    day = cn_date(result.when.date())
    stored = [item for item in result.items if item.outcome.stored]
    again = [item for item in result.items if item.outcome is Outcome.received]
    updated = sum(item.outcome is Outcome.updated for item in stored)
    lines = ["回执", "", f"{result.unit or '各报送单位'}：", ""]
    sentence = f"你单位报送的材料（{result.source_name}）已于{day}收到，本次收取文件 {len(stored)} 个"
    if updated:
        sentence += f"（其中 {updated} 个为对已交文件的更新）"
    if again:
        sentence += f"；另有 {len(again)} 个文件此前已经收到，未重复收取"
    lines.append(f"    {sentence}。")
    if stored:
        lines += ["", "    本次收取的文件："]
        lines += [f"      {_material(item)}{_name(item)}" for item in stored]
    faults = [item for item in result.items if item.fault and item.outcome is not Outcome.unplaced]
    if faults:
        lines += ["", "    以下文件已收取，但无法正常打开，请重新发送原文件："]
        lines += [f"      {_name(item)}：{item.fault}" for item in faults]
    unplaced = [item for item in result.items if item.outcome is Outcome.unplaced]
    ours = [item for item in unplaced if _garbled_here(result, item)]
    unplaced = [item for item in unplaced if item not in ours]
    if unplaced:
        lines += ["", "    以下文件未能收取，请按所列原因和“填报说明”整理后重新发送："]
        lines += [f"      {item.source}：{item.reason}" for item in unplaced]
    if ours:
        lines += ["", f"    另有 {len(ours)} 个文件的名称编码无法识别，暂未收取，我办核实后另行告知。"]
    lines += ["", "    特此回执。", "", f"{issuer_of(campaign)}", day]
    return "\n".join(lines) + "\n"


def _garbled_here(result: IntakeResult, item: IntakeItem) -> bool:
    """A name in a folder (not the unit's zip) that could not be decoded: the office's unzip garbled it, so
    the unit is not asked to send it again."""
    return item.skip_kind == "undecodable" and result.source_sha256 is None


def _material(item: IntakeItem) -> str:
    return f"{item.material}  " if item.material else ""


def _name(item: IntakeItem) -> str:
    """The file's name in the unit's folder (the task and unit folders say nothing to the unit)."""
    path = item.destination or item.source
    return path.split("/", 2)[-1]


def write_receipt(workspace: Workspace, result: IntakeResult) -> Path:
    """``intake/2022-06-15 区司法局 回执.txt`` (``（2）`` … when taken); returns the path written."""
    path = intake_file(workspace, result.when, result.unit, RECEIPT_ENDING)
    write_atomically([(path, note_bytes(receipt_text(workspace.campaign, result)))], force=False)
    return path
