"""``fzcj review``: the office's decisions on the materials (通过、退回、撤销) and the review queue."""

import os
import sys
from enum import StrEnum
from typing import Annotated, Any

import typer

from fzcj.cli.core import Command, Group, RootOption, app, console, exits, workspace_root, write_bytes
from fzcj.errors import UsageError

REVIEWER_ENV = "FZCJ_REVIEWER"

review_app = typer.Typer(
    cls=Group,
    help="材料审核：通过、退回（须写理由）、撤销，以及待审核清单。每个决定存为 reviews/ 下的一个文件。",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(review_app, name="review")

ItemArgument = Annotated[
    str, typer.Argument(metavar="材料编号", help="如 27.1、加1.1、B1.1。", show_default=False)
]
UnitRequired = Annotated[
    str,
    typer.Option("--unit", metavar="单位", help="提交材料的单位：名称、简称或乡镇名。", show_default=False),
]
ByOption = Annotated[
    str | None,
    typer.Option(
        "--by",
        metavar="审核人",
        help=f"审核人；默认取环境变量 {REVIEWER_ENV}，再不然取本机登录名。",
        show_default=False,
    ),
]


def reviewer(by: str | None) -> str:
    """``--by``, else ``$FZCJ_REVIEWER``, else the login name."""
    if by is not None:
        return by
    if os.environ.get(REVIEWER_ENV, "").strip():
        return os.environ[REVIEWER_ENV].strip()
    try:
        import getpass  # only when no reviewer is named

        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        raise UsageError(f"无法取得本机登录名：请用 --by 写明审核人，或设置环境变量 {REVIEWER_ENV}") from None


def _done(result: Any, verb: str) -> None:
    from fzcj.text import visible

    decision = result.decision
    files = f"（{len(decision.files)} 个文件）" if decision.files else ""
    what = visible(f"{decision.item} {decision.unit}{files}")
    sys.stdout.write(f"已{verb}：{what}\n记录：reviews/{visible(result.path.name)}\n")


@review_app.command("accept", cls=Command)
@exits
def accept(
    item: ItemArgument,
    unit: UnitRequired,
    note: Annotated[str | None, typer.Option("--note", metavar="说明", help="审核说明（可选）。")] = None,
    by: ByOption = None,
    root: RootOption = None,
) -> None:
    """审核通过一个单位对一项材料提交的全部文件（文件内容有问题时不予通过）。"""
    from fzcj import api

    _done(api.review_accept(workspace_root(root), item, unit, by=reviewer(by), note=note), "通过")


@review_app.command("return", cls=Command)
@exits
def return_(
    item: ItemArgument,
    unit: UnitRequired,
    reason: Annotated[
        str,
        typer.Option(
            "--reason", metavar="理由", help="退回理由（必填），如“缺少盖章页”。", show_default=False
        ),
    ],
    by: ByOption = None,
    root: RootOption = None,
) -> None:
    """退回一个单位对一项材料提交的文件，须写明理由；文件有改动后重新进入待审核。"""
    from fzcj import api

    _done(api.review_return(workspace_root(root), item, unit, by=reviewer(by), reason=reason), "退回")


@review_app.command("undo", cls=Command)
@exits
def undo(item: ItemArgument, unit: UnitRequired, by: ByOption = None, root: RootOption = None) -> None:
    """撤销对一项材料的最近一次审核决定（撤销本身也留有记录）。"""
    from fzcj import api
    from fzcj.text import cn_date, visible

    result = api.review_undo(workspace_root(root), item, unit, by=reviewer(by))
    old = result.withdrawn
    assert old is not None  # an undo always withdraws a decision
    sys.stdout.write(
        visible(f"已撤销 {cn_date(old.at.date())} {old.at:%H:%M} {old.by} 对 {old.item} {old.unit}")
        + f" 的“{old.verdict.label}”决定\n记录：reviews/{visible(result.path.name)}\n"
    )


class ListFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


@review_app.command("list", cls=Command)
@exits
def list_(
    pending: Annotated[bool, typer.Option("--pending", help="只列待审核（含文件改动后待复审）。")] = False,
    returned: Annotated[bool, typer.Option("--returned", help="只列已退回。")] = False,
    accepted: Annotated[bool, typer.Option("--accepted", help="只列已通过。")] = False,
    unit: Annotated[
        str | None, typer.Option("--unit", metavar="单位", help="只看某个单位。", show_default=False)
    ] = None,
    fmt: Annotated[
        ListFormat,
        typer.Option("--format", case_sensitive=False, help="输出格式：table（表格）、json、csv。"),
    ] = ListFormat.table,
    root: RootOption = None,
) -> None:
    """审核清单：待审核的按提交时间先后，其后是已退回、已通过的。"""
    from fzcj import api

    chosen = [
        name for name, on in (("pending", pending), ("returned", returned), ("accepted", accepted)) if on
    ]
    if len(chosen) > 1:
        raise UsageError("--pending、--returned、--accepted 只能选一个")
    entries = api.review_list(workspace_root(root), state=chosen[0] if chosen else None, unit=unit)
    if fmt is ListFormat.json:
        from fzcj.render.review_queue import queue_json

        write_bytes(queue_json(entries, indent=sys.stdout.isatty()) + b"\n")
    elif fmt is ListFormat.csv:
        from fzcj.render.review_queue import queue_csv

        write_bytes(queue_csv(entries).encode("utf-8-sig"))
    else:
        from fzcj.render.review_queue import queue_table

        queue_table(entries, console())
