"""``fzcj review list``: the review queue as a table, JSON or CSV (for Excel)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from rich.console import Console
from rich.table import Table
from rich.text import Text

from fzcj.review.states import ReviewState
from fzcj.status.queue import QueueEntry
from fzcj.text import shorten, spreadsheet_text, visible

_STYLE = {
    ReviewState.accepted: "green",
    ReviewState.returned: "magenta",
    ReviewState.changed: "cyan",
    ReviewState.submitted: "cyan",
    ReviewState.waived: "cyan",
}
CSV_COLUMNS = [
    "材料",
    "任务",
    "单位",
    "状态",
    "提交时间",
    "文件数",
    "审核决定",
    "理由或说明",
    "审核人",
    "审核时间",
]


def _time(moment: dt.datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M}" if moment is not None else ""


def _decision(entry: QueueEntry) -> tuple[str, str, str, str]:
    d = entry.decision
    return (d.verdict.label, d.reason or "", d.by, _time(d.at)) if d else ("", "", "", "")


def queue_table(entries: list[QueueEntry], console: Console) -> None:
    """One row per unit's item: waiting ones with the time they were (re)submitted, decided ones with
    the decision's time, reviewer and reason (as the records say them: written visibly)."""
    table = Table(show_lines=False)
    for column in ("材料", "单位", "状态", "时间", "审核人", "理由或说明"):
        table.add_column(column, overflow="fold")
    for entry in entries:
        verdict, reason, by, at = _decision(entry)
        waiting = entry.state.pending
        table.add_row(
            entry.material.id,
            visible(entry.provider.unit),
            Text(entry.state.label, style=_STYLE.get(entry.state, "")),
            f"{_time(entry.submitted)} 提交" if waiting and entry.submitted else at,
            visible(by if not waiting else (f"（原{verdict}：{by}）" if verdict else "")),
            visible(shorten(reason, 40)),
        )
    if entries:
        console.print(table)
    counts = {state: sum(e.state is state for e in entries) for state in ReviewState}
    pending = counts[ReviewState.submitted] + counts[ReviewState.changed] + counts[ReviewState.waived]
    console.print(
        f"共 {len(entries)} 项：待审核 {pending}（其中待复审 {counts[ReviewState.changed]}），"
        f"已退回 {counts[ReviewState.returned]}，已通过 {counts[ReviewState.accepted]}"
    )


def queue_json(entries: list[QueueEntry], *, indent: bool = True) -> bytes:
    data = [entry.to_json() for entry in entries]
    return json.dumps(data, ensure_ascii=False, indent=2 if indent else None).encode()


def queue_csv(entries: list[QueueEntry]) -> str:
    """The CSV text (no text cell can become a formula in Excel: :func:`fzcj.text.spreadsheet_text`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        verdict, reason, by, at = _decision(entry)
        writer.writerow(
            [
                spreadsheet_text(cell) if isinstance(cell, str) else cell
                for cell in (
                    entry.material.id,
                    entry.task.id,
                    entry.provider.unit,
                    entry.state.label,
                    _time(entry.submitted),
                    entry.provider.file_count,
                    verdict,
                    reason,
                    by,
                    at,
                )
            ]
        )
    return buffer.getvalue()
