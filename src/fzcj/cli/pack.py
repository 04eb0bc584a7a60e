"""``fzcj pack``: the zip that goes out to a unit's clerk (its folders, a checklist, how to send it back)."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from fzcj.cli.core import AsOfOption, Command, RootOption, UnitOption, app, as_of_date, exits, workspace_root


@app.command(cls=Command)
@exits
def pack(
    unit: UnitOption = None,
    all_units: Annotated[
        bool, typer.Option("--all", help="为每个尚有材料未交齐的单位各打一个包，放进 -o 指定的文件夹。")
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="文件",
            help="输出的 .zip 文件（配合 --all 时为文件夹）；默认写到 packs/ 下。",
            show_default=False,
        ),
    ] = None,
    gbk: Annotated[
        bool, typer.Option("--gbk", help="文件名用 GBK 编码保存（供旧版 Windows 资源管理器打开）。")
    ] = False,
    as_of: AsOfOption = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的同名文件。")] = False,
    root: RootOption = None,
) -> None:
    """给单位打一个报送材料包：本单位的任务文件夹、报送清单（Word）和填报说明，单位填好后压缩发回。"""
    from fzcj import api

    result = api.pack(
        workspace_root(root),
        as_of_date(as_of, workspace_root(root)),
        unit=unit,
        all_units=all_units,
        output=output,
        gbk=gbk,
        force=force,
    )
    broken = result.broken or (0,) * len(result.paths)
    for path, unit_name, owed, bad in zip(result.paths, result.units, result.open_items, broken, strict=True):
        resend = f"，损坏须重新报送的文件 {bad} 个" if bad else ""
        sys.stdout.write(f"已生成 {unit_name} 的报送材料包（尚缺材料 {owed} 项{resend}）：{_shown(path)}\n")
    if all_units:
        sys.stdout.write(f"共 {len(result.paths)} 个单位")
        if result.passed_over:
            sys.stdout.write(f"；{len(result.passed_over)} 个单位材料已交齐，未打包")
        sys.stdout.write("。\n")


def _shown(path: Path) -> str:
    """The path as typed from the current folder when it lies below it, else in full."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)
