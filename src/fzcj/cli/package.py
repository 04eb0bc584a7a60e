"""``fzcj package``: the assessors' package (迎检材料) with its 目录."""

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from fzcj.cli.core import AsOfOption, Command, RootOption, app, as_of_date, exits, workspace_root


@contextlib.contextmanager
def _progress_bar() -> Iterator[Any]:
    """A progress bar on stderr when it is a terminal (else nothing: a callback of None)."""
    if not sys.stderr.isatty() or os.environ.get("TERM") == "dumb":
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(stderr=True, no_color=bool(os.environ.get("NO_COLOR")))
    columns = (TextColumn("正在复制材料"), BarColumn(), DownloadColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        bar = progress.add_task("copy", total=None)

        def update(done: int, total: int) -> None:
            progress.update(bar, completed=done, total=total)

        yield update


@app.command(cls=Command)
@exits
def package(
    output: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output",
            metavar="文件夹或.zip",
            help="输出位置：以 .zip 结尾时生成 zip 压缩包，否则生成文件夹（文件夹名不能以 .rar、.7z、.docx 等结尾）。",
            show_default=False,
        ),
    ],
    accepted_only: Annotated[
        bool,
        typer.Option(
            "--accepted-only",
            help="只收入审核通过（fzcj review accept）的材料；其余的在目录中标“未收入”。",
        ),
    ] = False,
    gbk: Annotated[
        bool, typer.Option("--gbk", help="压缩包中的文件名用 GBK 编码（供旧版 Windows 资源管理器解压）。")
    ] = False,
    as_of: AsOfOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="覆盖已存在的压缩包，或替换以前生成的材料包文件夹。")
    ] = False,
    root: RootOption = None,
) -> None:
    """生成迎检材料包：按指标体系整理全部已提交的证据材料，附目录（Word、Excel）和 SHA256SUMS 校验文件。"""
    from fzcj import api
    from fzcj.report.catalogue import size_text

    where = workspace_root(root)
    day = as_of_date(as_of, where)
    with _progress_bar() as progress:
        result = api.package(
            where, output, day, accepted_only=accepted_only, gbk=gbk, force=force, progress=progress
        )
    what = "压缩包" if result.zipped else "文件夹"
    pending = f"，标“待审核”的 {result.pending_items} 项" if result.pending_items else ""
    damaged = f"；内容损坏未收入 {result.damaged} 个文件" if result.damaged else ""
    sys.stdout.write(
        f"已生成迎检材料包（{what}）：{result.path}\n"
        f"收入文件 {result.files} 个，共 {size_text(result.bytes)}；"
        f"标“缺”的材料 {result.missing_items} 项{pending}{damaged}。详见其中的目录.docx / 目录.xlsx。\n"
        + (f"{result.note}\n" if result.note else "")
    )
