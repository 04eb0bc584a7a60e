"""``fzcj intake``: file what a unit sent back (a .zip or a folder) into the evidence tree."""

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from fzcj.cli.core import Command, RootOption, UnitOption, app, console, exits, workspace_root, write_bytes


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

    result = api.intake(
        workspace_root(root), source, unit=unit, apply=apply, receipt=receipt, max_total=max_size << 30
    )
    if fmt is IntakeFormat.json:
        from fzcj.render.intake import intake_json

        write_bytes(intake_json(result))
    else:
        from fzcj.render.intake import intake_table

        intake_table(result, console())
    if any(item.outcome.value == "unplaced" for item in result.items):
        sys.stderr.write("提示：有文件未能收取，原因见上表；可请单位按“填报说明”整理后重新发送。\n")
