"""The intake table for people: one row per file, and per folder when a zip holds very many files."""

from __future__ import annotations

import datetime as dt
import io

from rich.console import Console

from fzcj.evidence.intake_result import IntakeItem, IntakeResult, Outcome
from fzcj.render.intake import GROUP_ABOVE, intake_table


def table(items: list[IntakeItem], *, applied: bool = False) -> str:
    result = IntakeResult(
        "区司法局.zip", "0" * 64, "区司法局", "--unit", (), tuple(items), applied, dt.datetime(2022, 6, 15)
    )
    buffer = io.StringIO()
    intake_table(result, Console(file=buffer, width=200, no_color=True))
    return buffer.getvalue()


def stored(source: str, **extra: object) -> IntakeItem:
    return IntakeItem(source, Outcome.new, "27", "区司法局", 2, destination=source, **extra)  # type: ignore[arg-type]


def test_a_preview_says_what_would_happen_and_how_to_apply() -> None:
    text = table(
        [
            stored("027/区司法局/2-意见/一.pdf"),
            IntakeItem("说明.pdf", Outcome.unplaced, reason="不在任务文件夹中"),
        ]
    )
    assert "将存入" in text and "同左" in text and "不在任务文件夹中" in text
    assert "这是预览，没有存入任何文件：确认无误后加 --apply 存入。" in text


def test_many_files_share_a_row_per_folder_but_flagged_ones_keep_their_own() -> None:
    items = [stored(f"027/区司法局/2-意见/{n:03d}.pdf") for n in range(GROUP_ABOVE + 20)]
    items.append(stored("027/区司法局/2-意见/坏的.pdf", fault="不是真正的 PDF 文件"))
    text = table(items)
    assert f"027/区司法局/2-意见/（{GROUP_ABOVE + 20} 个文件）" in text
    assert "坏的.pdf" in text and "！内容有问题：不是真正的 PDF 文件" in text
    assert "000.pdf" not in text
