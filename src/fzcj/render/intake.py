"""``fzcj intake`` for people (a table: each file → where it goes, or why not; then the counts) and for
programs (JSON with the same rows)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import groupby

from rich.console import Console
from rich.table import Table
from rich.text import Text

from fzcj.evidence.intake_result import IntakeItem, IntakeResult, Outcome

_STYLE = {
    Outcome.new: "green",
    Outcome.updated: "cyan",
    Outcome.received: "",
    Outcome.unplaced: "red",
    Outcome.skipped: "dim",
}


GROUP_ABOVE = 100
"""Beyond this many files the table shows one row per folder for files that went in without remark (the
JSON always lists every file): 2,000 rows help nobody, and take rich seconds to lay out."""


def intake_json(result: IntakeResult) -> bytes:
    return json.dumps(result.to_json(), ensure_ascii=False, indent=2).encode() + b"\n"


def _where(item: IntakeItem) -> Text:
    if item.destination is None:
        return Text(item.reason)
    text = Text("同左" if item.destination == item.source else item.destination)
    if item.outcome is Outcome.received:
        text.append("（内容相同，不重复存入）")
    if item.fault:
        text.append(f"\n！内容有问题：{item.fault}", style="bold red")
    if item.reason:
        text.append(f"\n注意：{item.reason}", style="yellow")
    return text


def _plain(item: IntakeItem) -> bool:
    """A file taken and not flagged, which may share a row with the others of its folder."""
    return item.destination is not None and item.fault is None


def _folder(path: str) -> str:
    return path.rpartition("/")[0]


def _rows(items: list[IntakeItem]) -> Iterator[tuple[str, IntakeItem, Text]]:
    """(shown source, the item, shown destination or reason): one row per file, or beyond
    :data:`GROUP_ABOVE` files one row per run of unflagged files of one folder, outcome, material and remark."""
    if len(items) <= GROUP_ABOVE:
        yield from ((item.source, item, _where(item)) for item in items)
        return

    def key(item: IntakeItem) -> tuple[object, ...]:
        if not _plain(item):
            return (id(item),)
        return (
            item.outcome,
            item.material,
            _folder(item.source),
            _folder(item.destination or ""),
            item.reason,
        )

    for _, run in groupby(items, key=key):
        group = list(run)
        first = group[0]
        if len(group) == 1:
            yield first.source, first, _where(first)
            continue
        folder, target = _folder(first.source), _folder(first.destination or "")
        shown = f"{folder}/（{len(group)} 个文件）" if folder else f"（{len(group)} 个文件）"
        where = Text("同左" if target == folder else f"{target}/")
        if first.reason:
            where.append(f"\n注意：{first.reason}", style="yellow")
        yield shown, first, where


def _header(result: IntakeResult) -> list[str]:
    lines = [f"来源：{result.source_name}" + ("" if result.source_sha256 else "（文件夹）")]
    unit = f"单位：{result.unit}（{result.unit_source}）" if result.unit else "单位：按各文件所在的单位文件夹"
    if result.wrappers:
        unit += f"；去掉外层文件夹“{'/'.join(result.wrappers)}”"
    lines.append(unit)
    if result.recovered:
        garbled, name = result.recovered[0]
        lines.append(
            f"名称：有 {len(result.recovered)} 个名称是解压工具用错编码读出的乱码，已按 GBK 还原"
            f"（如“{garbled}”→“{name}”）"
        )
    return lines


def applied_line(result: IntakeResult) -> str:
    """What an applied intake did to evidence/, in one sentence."""
    if result.record is None:
        return "没有需要存入的新文件，证据文件夹未作任何改动。"
    stored = result.count(Outcome.new) + result.count(Outcome.updated)
    return f"已存入 {stored} 个文件；收件记录：{result.record.as_posix()}"


def intake_table(result: IntakeResult, console: Console) -> None:
    for line in _header(result):
        console.print(line, soft_wrap=True)
    table = Table(show_lines=False)
    table.add_column("压缩包中的文件", overflow="fold", ratio=3)
    table.add_column("结果", no_wrap=True)
    table.add_column("材料", no_wrap=True)
    table.add_column("存入 evidence/ 下的位置或未收取的原因", overflow="fold", ratio=4)
    ours = [item for item in result.items if item.skip_kind == "fzcj"]
    for source, item, where in _rows([item for item in result.items if item.skip_kind != "fzcj"]):
        outcome = item.outcome.label
        if item.outcome is Outcome.new and not result.applied:
            outcome = "将存入"
        elif item.outcome is Outcome.updated and not result.applied:
            outcome = "将更新"
        table.add_row(source, Text(outcome, style=_STYLE[item.outcome]), item.material, where)
    if ours:
        what = f"{ours[0].source.rpartition('/')[2]} 等 {len(ours)} 个" if len(ours) > 1 else ours[0].source
        table.add_row(
            what, Text("已忽略", style="dim"), "", "材料要求、报送清单和填报说明是 fzcj 发出的，不收取"
        )
    console.print(table)
    console.print(f"共 {len(result.items)} 个：{result.summary()}。", soft_wrap=True)
    stored = result.count(Outcome.new) + result.count(Outcome.updated)
    if not result.applied:
        tail = "这是预览，没有存入任何文件" + ("：确认无误后加 --apply 存入。" if stored else "。")
        console.print(tail, soft_wrap=True)
    else:
        console.print(applied_line(result), soft_wrap=True)
    if result.receipt is not None:
        console.print(f"回执：{result.receipt.as_posix()}", soft_wrap=True)
