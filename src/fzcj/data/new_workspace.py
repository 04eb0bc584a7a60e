"""A new workspace from a county's own task table (``fzcj new``): which files, with what in them.

The data files are the drafts of :mod:`fzcj.data.table_import`; beside them go the JSON Schemas their
first line points editors to (``schemas/``), an empty ``evidence/`` and a README.txt for the office (UTF-8
with BOM and CRLF line ends, so that Notepad on any Windows shows it right).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from fzcj.data.schema import MODELS, schema_text
from fzcj.data.table_import import Draft
from fzcj.data.workspace import INDICATORS, UNITS
from fzcj.errors import FzcjError, ProblemsFound, UsageError, os_error_text

README = "README.txt"


@dataclass(frozen=True)
class NewResult:
    """What ``fzcj new`` made: the folder, what the draft holds, and what a person must check."""

    root: Path
    counts: dict[str, int]
    """indicators, sections, tasks, materials, linked (tasks whose materials are another's), units,
    groups, checks (``# 请核对`` comments)."""
    notes: list[str]
    files: list[str]
    """Paths written, relative to ``root`` with ``/`` (folders end with ``/``)."""


def check_target(target: Path, table: Path) -> None:
    """``target`` must not exist yet, or be an empty folder: nothing of anybody's is ever overwritten."""
    try:
        if not target.exists():
            return
        if not target.is_dir():
            raise UsageError(f"{target} 已存在，且不是文件夹：请指定一个新的工作区目录")
        with os.scandir(target) as entries:
            empty = next(entries, None) is None
        if not empty:
            inside = os.path.abspath(table).startswith(os.path.join(os.path.abspath(target), ""))
            hint = "（任务分解表请放在这个目录之外）" if inside else ""
            raise ProblemsFound(
                f"目录 {target} 已存在且不是空的：为防止覆盖已有文件，fzcj new 只在新目录或空目录中创建工作区{hint}"
            )
    except OSError as exc:
        raise FzcjError(f"无法读取目录 {target}：{os_error_text(exc)}") from None


def workspace_files(draft: Draft, table_name: str) -> list[tuple[str, bytes]]:
    """Every file of the new workspace (relative path with ``/``, bytes)."""
    files = [
        (INDICATORS.as_posix(), draft.indicators_yaml.encode("utf-8")),
        (UNITS.as_posix(), draft.units_yaml.encode("utf-8")),
    ]
    files += [(f"schemas/{name}.schema.json", (schema_text(name) + "\n").encode("utf-8")) for name in MODELS]
    text = office_readme(draft, table_name)
    files.append((README, text.replace("\n", "\r\n").encode("utf-8-sig")))
    return files


def office_readme(draft: Draft, table_name: str) -> str:
    """The README.txt for the coordinating office: what the folders are, and what to do next."""
    counts = draft.counts
    empty = "、".join(f"“{g['name']}”" for g in draft.units["groups"] if not g["members"])
    first = [
        f"改 data/units.yaml 和 data/indicators.yaml 中标注“请核对”的地方（共 {counts['checks']} 处，",
        "   每处上方有一行“# 请核对：……”写明原因），核对、改好后删去这行注释。",
    ]
    if empty:
        first.append(f"   特别是：在 units.yaml 中添加本地乡镇（街道），并列为单位组{empty}的成员。")
    steps = [
        first,
        ["运行 fzcj validate：逐条列出错误和尚未删去的“请核对”（文件名:行号），改到没有错误为止。"],
        [
            "运行 fzcj init：为各单位建立证据文件夹，每个文件夹中的“材料要求.txt”写明交什么、交几份、",
            "   何时交；fzcj init --unit 单位名称 只建一个单位的。把文件夹发给各单位联络员。",
        ],
        [
            "之后随时运行 fzcj status 查看进度（--unit 只看一个单位，--overdue 只看逾期），",
            "   fzcj report 生成 Word 周报，fzcj report --unit 单位名称 生成督办通知。",
        ],
    ]
    lines = [
        f"{draft.indicators['campaign']['name']}工作区",
        "",
        f"本文件夹由 fzcj new 从《{table_name}》生成，是创建工作的全部数据：复制、备份这个文件夹即可。",
        "fzcj 的命令都在这个文件夹中运行（或加 --root 本文件夹）。",
        "",
        "一、文件夹说明",
        f"  data/indicators.yaml  任务分解表：{counts['tasks']} 项任务的原文、牵头单位、责任单位、完成时限，",
        f"                        以及从“主要提供资料”拆分出的 {counts['materials']} 项材料（谁提供、交几份）",
        f"  data/units.yaml       单位名录：{counts['units']} 个单位的名称、简称、类型，{counts['groups']} 个单位组的成员",
        "  evidence/             各单位的证据材料：每个任务一个文件夹，其中每个单位一个子文件夹",
        "  schemas/              两个数据文件的格式说明，供编辑器（如装了 YAML 插件的 VS Code）补全和检查",
        "  reports/              fzcj report 生成的周报和督办通知（第一次生成时建立）",
        "",
        "二、下一步",
    ]
    for number, step in enumerate(steps, start=1):
        lines += [f"  {number}. {step[0]}", *(f"  {line}" for line in step[1:])]
    return "\n".join(lines) + "\n"
