"""``fzcj pack``: the zip a unit's clerk opens in Explorer, fills and sends back.

One folder named after the unit (``区司法局报送材料/``) holding the unit's task folders exactly as ``fzcj init``
makes them (each with its 材料要求.txt), the 报送清单.docx of what the unit owes and has sent, and a short
填报说明.txt. ``fzcj intake`` recognises the unit by that folder's name and files what comes back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fzcj.data.workspace import Workspace
from fzcj.errors import UsageError
from fzcj.evidence.pack import CHECKLIST_FILE, GUIDE_FILE, wrapper_name, zip_bytes
from fzcj.evidence.scaffold import note_bytes, unit_skeleton
from fzcj.fsutil import write_atomically
from fzcj.report.broken import NOTHING_OPENED, Opened
from fzcj.report.checklist import build_checklist, owes_something, unit_materials
from fzcj.report.fragments import ItemTexts
from fzcj.report.wording import issuer_of
from fzcj.status.types import StatusReport
from fzcj.text import cn_date

PACKS_FOLDER = "packs"


@dataclass(frozen=True)
class PackResult:
    """The zips written, one per unit, and the units ``--all`` passed over (nothing left to send)."""

    paths: tuple[Path, ...]
    units: tuple[str, ...]
    open_items: tuple[int, ...]
    """Per unit, how many materials it still owes."""
    passed_over: tuple[str, ...] = ()
    broken: tuple[int, ...] = ()
    """Per unit, how many of its files fail the content check (to be sent again)."""


def guide_text(campaign_name: str, unit: str, issuer: str, day: dt.date) -> str:
    folder = wrapper_name(unit)
    return f"""{campaign_name}
{unit}材料报送说明

一、压缩包里有什么
  1. 报送清单.docx：你单位应报送的每一项材料、完成时限、已收到的文件和尚缺的材料。
  2. 以任务编号开头的文件夹（如“027 ……”），每个任务一个；其中“{unit}”文件夹就是放材料的地方，
     里面的“材料要求.txt”写明这一任务要交什么、序号是几、截止到哪天。

二、材料怎么放
  1. 把材料放进对应任务下的“{unit}”文件夹，不要改动文件夹的名称。
  2. 文件名以材料序号开头，如“1-情况说明.docx”“2-审查意见.pdf”；也可以建以序号开头的子文件夹
     （如“2-审查意见”），把这一项的文件都放进去。某任务只需交一项材料时，文件名不用加序号。
  3. 不涉及的，放一个“不涉及.txt”，在里面写明理由（只对某一项不涉及时命名为“2-不涉及.txt”）。
  4. 网址类材料：放浏览器的网址快捷方式（.url 文件），或在 .txt 文件里写上以 http:// 或 https:// 开头的网址。
  5. 请放文件本身（PDF、Word、图片等），不要放快捷方式；扫描件请先确认能正常打开。
  6. 已经收到的文件（见报送清单）不必再放；需要更正的，放入新文件即可，原文件不会被覆盖。

三、怎么发回
  1. 放好后，在“{folder}”文件夹上点右键 →“发送到”→“压缩(zipped)文件夹”，
     把得到的 .zip 文件通过微信、电子邮件或U盘发回{issuer}。
  2. 请只用 zip 格式，不要用 RAR、7z，不要设置密码；材料很多时可以分几次发送。
  3. 没放材料的文件夹留着即可，照原样一并压缩发回。

{issuer}
{cn_date(day)}
"""


def _default_name(unit: str, day: dt.date) -> str:
    return f"{wrapper_name(unit)}（{cn_date(day)}）.zip"


def unit_zip(
    workspace: Workspace,
    report: StatusReport,
    unit: str,
    *,
    gbk: bool,
    when: dt.datetime,
    opened: Opened = NOTHING_OPENED,
) -> tuple[bytes, int, int]:
    """The zip for ``unit``, how many materials it still owes and how many of its files are broken."""
    from fzcj.report.docx.checklist import render_checklist

    campaign = workspace.campaign
    issuer = issuer_of(campaign)
    checklist = build_checklist(report, unit, opened.broken(report), ItemTexts.of(workspace.indicators))
    folder = wrapper_name(unit)
    files = [
        (f"{folder}/{GUIDE_FILE}", note_bytes(guide_text(campaign.name, unit, issuer, report.as_of))),
        (f"{folder}/{CHECKLIST_FILE}", render_checklist(campaign, checklist, issuer)),
    ]
    files += [(f"{folder}/{path}", data) for path, data in unit_skeleton(workspace, unit)]
    return zip_bytes(files, when=when, gbk=gbk), len(checklist.open_rows), len(checklist.broken)


def _zip_output(output: Path, default_name: str) -> Path:
    if output.is_dir():
        raise UsageError(
            f"-o 应为 .zip 文件路径，{output} 是一个文件夹。请写出文件名，如 -o {output / default_name}"
        )
    if not output.parent.is_dir():
        raise UsageError(f"-o 指定的文件夹不存在：{output.parent}。请先建好这个文件夹，或换一个位置")
    if output.suffix.lower() != ".zip":
        raise UsageError(f"-o 的文件名应以 .zip 结尾，不能写成“{output.name}”")
    return output


def _folder_output(output: Path) -> Path:
    if output.exists() and not output.is_dir():
        raise UsageError(f"--all 时 -o 应为文件夹，{output} 是一个文件")
    if not output.parent.is_dir():
        raise UsageError(f"-o 指定的文件夹的上级不存在：{output.parent}")
    return output


def write_packs(
    workspace: Workspace,
    report: StatusReport,
    units: Sequence[str] | None,
    *,
    output: Path | None = None,
    gbk: bool = False,
    force: bool = False,
    now: dt.datetime | None = None,
    opened: Opened = NOTHING_OPENED,
) -> PackResult:
    """Write the zip of each unit in ``units`` (to ``output``, a .zip file, or ``packs/``); with ``units``
    None, one zip per unit that still owes something or has files to send again (``opened``: the
    content check's problems), into the folder ``output`` (or ``packs/``). Atomically, and an existing
    file only with ``force``."""
    when = now or dt.datetime.now()
    day = report.as_of
    passed_over: list[str] = []
    if units is None:
        folder = _folder_output(output) if output is not None else workspace.root / PACKS_FOLDER
        providers = [u for u in workspace.directory.units if unit_materials(report, u)]
        broken = opened.broken(report)
        chosen = [u for u in providers if owes_something(report, u, broken)]
        passed_over = [u for u in providers if u not in chosen]
        targets = [(u, folder / _default_name(u, day)) for u in chosen]
    else:
        for unit in units:
            if not unit_materials(report, unit):
                raise UsageError(f"{unit} 在任务分解表中不负责提供任何材料，无需打包")
        default = workspace.root / PACKS_FOLDER
        targets = [
            (u, _zip_output(output, _default_name(u, day)) if output else default / _default_name(u, day))
            for u in units
        ]
    files, owed, resend = [], [], []
    for unit, path in targets:
        data, open_items, broken_files = unit_zip(workspace, report, unit, gbk=gbk, when=when, opened=opened)
        files.append((path, data))
        owed.append(open_items)
        resend.append(broken_files)
    if files:
        write_atomically(files, force=force)
    paths, names = tuple(path for path, _ in files), tuple(u for u, _ in targets)
    return PackResult(paths, names, tuple(owed), tuple(passed_over), tuple(resend))
