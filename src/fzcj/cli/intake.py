"""``fzcj intake``: file what a unit sent back (a .zip or a folder) into the evidence tree."""

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from fzcj.cli.core import Command, RootOption, UnitOption, app, console, exits, workspace_root, write_bytes
from fzcj.errors import ExitCode

if TYPE_CHECKING:
    from fzcj.evidence.intake_result import IntakeResult


class IntakeFormat(StrEnum):
    table = "table"
    json = "json"


@app.command(cls=Command)
@exits
def intake(
    source: Annotated[
        Path,
        typer.Argument(
            metavar="压缩包或文件夹", help="单位发回的 .zip 文件，或一个文件夹。", show_default=False
        ),
    ],
    unit: UnitOption = None,
    apply: Annotated[bool, typer.Option("--apply", help="真正存入证据文件夹；不加时只预览。")] = False,
    fmt: Annotated[
        IntakeFormat, typer.Option("--format", help="输出格式：table、json。")
    ] = IntakeFormat.table,
    receipt: Annotated[
        bool, typer.Option("--receipt", help="配合 --apply：在 intake/ 下写一份可发给单位的回执。")
    ] = False,
    max_size: Annotated[
        int,
        typer.Option(
            "--max-size", min=1, metavar="大小", help="解压后总大小的上限（GiB），超过即拒收，防压缩炸弹。"
        ),
    ] = 4,
    root: RootOption = None,
) -> None:
    """收取单位发回的材料：按任务、单位、材料序号归入证据文件夹（默认只预览；不覆盖、不删除任何文件）。"""
    from fzcj import api
    from fzcj.render.intake import applied_line

    result = api.intake(
        workspace_root(root), source, unit=unit, apply=apply, receipt=receipt, max_total=max_size << 30
    )
    try:
        if fmt is IntakeFormat.json:
            from fzcj.render.intake import intake_json

            write_bytes(intake_json(result))
        else:
            from fzcj.render.intake import intake_table

            intake_table(result, console())
    except KeyboardInterrupt:  # the intake itself is done: say what it did before 已中断
        if result.applied:
            sys.stderr.write(f"本次收件已完成。{applied_line(result)}\n")
        raise
    for hint in _hints(
        result, "原因见上表" if fmt is IntakeFormat.table else "原因见输出的 JSON（reason 字段）"
    ):
        sys.stderr.write(f"提示：{hint}\n")
    if result.interrupted:
        sys.stderr.write(
            "按下 Ctrl-C 时文件正在存入：为不留下没有记录的文件，本次收件已先完成，结果如上。"
            f"{applied_line(result)}\n"
        )
        raise typer.Exit(ExitCode.INTERRUPTED)


def _hints(result: "IntakeResult", where: str) -> list[str]:
    """Files not taken: the unit is asked to send them again, unless a folder's names were garbled by
    whoever unpacked it (the office, most likely)."""
    unplaced = [item for item in result.items if item.outcome.value == "unplaced"]
    garbled = [item for item in unplaced if item.skip_kind == "undecodable" and result.source_sha256 is None]
    hints = []
    if len(garbled) < len(unplaced):
        hints.append(f"有文件未能收取，{where}；可请单位按“填报说明”整理后重新发送。")
    if garbled:
        hints.append(
            f"有 {len(garbled)} 个名称的编码无法识别，{where}；这个文件夹若是解压压缩包得到的，"
            "请改用 fzcj intake 直接收取那个压缩包。"
        )
    return hints
