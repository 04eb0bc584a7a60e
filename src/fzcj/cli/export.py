"""``fzcj export``: the office's Excel 台账."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from fzcj.cli.core import AsOfOption, Command, RootOption, app, as_of_date, exits, workspace_root


@app.command(cls=Command)
@exits
def export(
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="文件",
            help="输出的 .xlsx 文件；默认写到 reports/ 下。",
            show_default=False,
        ),
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit",
            metavar="单位",
            help="只要某个单位的任务（同 status --unit）：单位名称、简称或乡镇名。",
            show_default=False,
        ),
    ] = None,
    as_of: AsOfOption = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的同名文件。")] = False,
    root: RootOption = None,
) -> None:
    """生成 Excel 台账：每个任务、每项材料、每个提供单位一行，另附任务汇总和单位汇总。"""
    from fzcj import api

    where = workspace_root(root)
    result = api.export(where, as_of_date(as_of, where), unit=unit, output=output, force=force)
    sys.stdout.write(
        f"已生成台账：{result.path}\n"
        f"台账 {result.rows} 行，任务汇总 {result.tasks} 项，单位汇总 {result.units} 个单位。\n"
    )
