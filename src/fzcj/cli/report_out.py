"""What ``fzcj report`` prints: the report written (and why it took its number), the notices written
and the units that were not sent one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from fzcj.text import cn_date, listing, visible

if TYPE_CHECKING:
    from fzcj.report.writer import NoticeResult, NoticesResult, ReportResult


def _shown(path: Path) -> str:
    """``reports/…`` below the current folder, else the full path."""
    try:
        return visible(str(path.resolve().relative_to(Path.cwd().resolve())))
    except (ValueError, OSError):
        return visible(str(path))


def report_lines(result: ReportResult) -> str:
    if result.snapshot_path is None:
        number = f"第{result.issue}期" if result.issue is not None else ""
        return (
            f"已生成{number}周报：{_shown(result.path)}\n"
            "写到 reports/ 以外：不占用期号，不留快照，各期的编号和下期对比不受影响。\n"
        )
    from fzcj.report.sequence import finished_note

    lines = finished_note(_shown(path) for path in result.finished)
    lines += "".join(
        f"注意：{_shown(path)} 没有对应的快照（生成时可能被中断，或快照已被删除）。原文件保留，"
        "本期不用它的期号；确需按本次数据重写那一期，请用 --issue 指定该期号并加 --force。\n"
        for path in result.unpaired
    )
    lines += f"已生成第{result.issue}期周报：{_shown(result.path)}\n快照：{_shown(result.snapshot_path)}\n"
    later = result.later
    if later is not None:
        lines += (
            f"说明：这是补发的周报，统计日期早于已有的第{later.issue}期（截至{cn_date(later.as_of)}）。"
            f"已有各期的期号不变，本期取下一个期号第{result.issue}期。\n"
        )
    return lines


def _owes(notice: NoticeResult) -> str:
    late = f"（其中已逾期{notice.overdue}项）" if notice.overdue else ""
    parts = [f"尚缺材料{notice.owed}项{late}"] if notice.owed else []
    parts += [f"损坏须重新报送的文件{notice.broken}个"] if notice.broken else []
    parts += [f"督促牵头的逾期任务{notice.chased}项"] if notice.chased else []
    return "，".join(parts)


def notice_line(notice: NoticeResult) -> str:
    if notice.path is None:
        return f"{visible(notice.unit)}：{notice.skipped}，未生成督办通知。\n"
    return f"已生成督办通知：{_shown(notice.path)}（{_owes(notice)}）\n"


def notices_lines(result: NoticesResult) -> str:
    """One line per notice written, one per unit not sent one for a reason of its own, and one for
    the units that owe nothing."""
    lines = [f"{visible(n.unit)}：{_owes(n)}" for n in result.written]
    settled = []
    for notice in result.notices:
        if notice.path is not None:
            continue
        if notice.owed or notice.chased or notice.broken:
            lines.append(f"{visible(notice.unit)}：{notice.skipped}；{_owes(notice)}")
        else:
            settled.append(visible(notice.unit))
    if settled:
        lines.append(
            f"未生成：{listing(settled, '个单位', limit=12)}没有尚缺或须重新报送的材料，也没有需要督促的逾期任务"
        )
    if result.written:
        lines.append(f"已生成督办通知{len(result.written)}份：{_shown(result.folder)}")
    else:
        lines.append("没有需要督办的单位，未生成督办通知。")
    return "\n".join(lines) + "\n"
