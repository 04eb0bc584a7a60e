"""``fzcj new DIR --from TABLE``: a workspace for another county, drafted from its own task table."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from fzcj.cli.core import Command, app, exits

CATEGORIES = (
    (
        "data/indicators.yaml",
        "{indicators} 个一级指标、{sections} 个二级指标、{tasks} 项任务、{materials} 项材料",
    ),
    ("data/units.yaml", "{units} 个单位、{groups} 个单位组"),
    ("evidence/", "各单位的证据材料（fzcj init 建立各任务、各单位的文件夹）"),
    ("schemas/", "两个数据文件的 JSON Schema，供编辑器补全和检查"),
    ("README.txt", "给协调办公室的说明：文件夹的用途和下一步"),
)


@app.command(cls=Command)
@exits
def new(
    target: Annotated[
        Path, typer.Argument(metavar="目录", help="新工作区的目录（不存在或为空）。", show_default=False)
    ],
    table: Annotated[
        Path,
        typer.Option(
            "--from",
            metavar="任务分解表",
            help="本地的任务分解表：Word（.docx）、Excel（.xlsx）或 Word 另存的纯文本（.txt）。",
            show_default=False,
        ),
    ],
    name: Annotated[
        str | None,
        typer.Option("--name", metavar="名称", help="创建活动名称；默认按表名推断。", show_default=False),
    ] = None,
    district: Annotated[
        str | None,
        typer.Option("--district", metavar="地区", help="创建地区；默认按表名推断。", show_default=False),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            min=2000,
            max=2100,
            metavar="年份",
            help="创建年度（完成时限所在年份）；默认取表中出现的最近年份。",
            show_default=False,
        ),
    ] = None,
    office: Annotated[
        str | None,
        typer.Option(
            "--office",
            metavar="单位",
            help="协调办公室（如 县委依法治县办）；默认取表中的依法治办或司法局。",
            show_default=False,
        ),
    ] = None,
) -> None:
    """从本地的任务分解表（Word、Excel 或文本）新建创建工作区：数据文件初稿、证据文件夹和说明。"""
    from fzcj import api

    result = api.new(target, table, name=name, district=district, year=year, office=office)
    counts = result.counts
    out = [f"已创建工作区 {target}："]
    width = max(len(path) for path, _ in CATEGORIES)
    out += [f"  {path.ljust(width)}  {what.format(**counts)}" for path, what in CATEGORIES]
    if counts["linked"]:
        out[1] += f"（{counts['linked']} 项任务与其他任务合并提供材料）"
    out += ["", "请核对："]
    out += [f"  - {note}" for note in result.notes]
    out += [
        "",
        "下一步：改 data/units.yaml 和 data/indicators.yaml 中标注“请核对”的地方 → fzcj validate"
        " → fzcj init（详见 README.txt）",
    ]
    sys.stdout.write("\n".join(out) + "\n")
