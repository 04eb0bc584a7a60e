"""``fzcj show``: one task in full, for the liaison who has to complete it.

Every text passes through :func:`fzcj.text.visible`: file names come from the units' shared drive.
"""

from __future__ import annotations

import datetime as dt

from rich.console import Console
from rich.table import Table
from rich.text import Text

from fzcj.data.plan import needs_context
from fzcj.render.problems_out import text_line
from fzcj.render.terminal import campaign_over, state_label
from fzcj.review.records import Decision
from fzcj.review.states import ReviewState
from fzcj.status.types import MaterialStatus, ProviderState, ProviderStatus
from fzcj.status.views import TaskDetail, shortfall, shortfall_text
from fzcj.text import cn_date, month_day, visible

_PROVIDER_STYLE = {
    ProviderState.submitted: "green",
    ProviderState.waived: "green",
    ProviderState.missing: "red",
}
_REVIEW_STYLE = {ReviewState.accepted: "green", ReviewState.returned: "magenta", ReviewState.changed: "cyan"}


def task_detail(detail: TaskDetail, console: Console) -> None:
    task, owner = detail.task, detail.owner
    heading = f"任务 {task.id}（{task.kind.label}） {task.level1} / {task.level2}"
    console.print(Text(visible(heading), style="bold"))
    console.print(visible(task.text, keep_newlines=True))
    console.print(f"牵头单位：{visible('、'.join(task.lead_units))}")
    if detail.responsible_units:
        console.print(f"责任单位：{visible('、'.join(detail.responsible_units))}")
    deadline = visible(task.deadline_text)
    if task.deadline is not None and task.days_left is not None:
        left = f"剩 {task.days_left} 天" if task.days_left >= 0 else f"已过 {-task.days_left} 天"
        deadline += f"（{cn_date(task.deadline)}，截至 {cn_date(detail.as_of)} {left}）"
    console.print(f"完成时限：{deadline}")
    console.print(Text("状态：").append(state_label(task)))
    over = campaign_over(detail.as_of, detail.campaign_year)
    if over:
        console.print(Text(over, style="bold"))
    if task.materials_from is not None:
        console.print(
            f"本任务材料与任务 {task.materials_from} 合并提供，以下为任务 {task.materials_from} 的材料："
        )
    table = Table(show_lines=True)
    for column in ("序号", "类别", "材料", "提供单位及状态", "已交文件"):
        table.add_column(column, overflow="fold")
    fragments = False
    for material in owner.materials:
        context = needs_context(material.text, detail.materials_cell)
        fragments = fragments or context
        files = "\n".join(
            visible(_in_folder(f)) + _received(p.received_on(f)) for p in material.providers for f in p.files
        )
        files = files or "—"
        head = f"{material.id}\n{material.status.label}"
        table.add_row(
            head,
            material.kind.label,
            _material_text(material, context),
            _providers(material, detail.review_required),
            files,
        )
    console.print(table)
    if fragments:
        console.print(Text("主要提供资料（原文）：", style="bold"))
        console.print(visible(detail.materials_cell.strip(), keep_newlines=True))
    if detail.history:
        console.print(Text("审核记录：", style="bold"))
        for line in history_lines(detail):
            console.print(line, markup=False, soft_wrap=True)
    if detail.problems:
        whose = (
            f"该任务文件夹中与{visible(detail.unit)}有关的问题：" if detail.unit else "该任务文件夹中的问题："
        )
        console.print(Text(whose, style="bold"))
        for problem in detail.problems:
            console.print(text_line(problem), markup=False, soft_wrap=True)


def _material_text(material: MaterialStatus, context: bool) -> str:
    """The item's text, how it is provided, and where its fragment of the cell needs the whole cell."""
    limits = []
    if material.min:
        limits.append(f"至少{material.min}个")
    if material.max:
        limits.append(f"不超过{material.max}个")
    rule = "各单位分别提供" if material.each else "任一单位提供即可"
    if context:
        limits.append("见表下原文")
    short = None if material.each else shortfall_text(shortfall(material))
    return f"{visible(material.text)}\n（{rule}{'，' + '，'.join(limits) if limits else ''}）" + (
        f"\n{short}" if short else ""
    )


def _providers(material: MaterialStatus, review_required: bool) -> Text:
    """``区司法局 已提供`` per provider; where each unit provides its own, how many files it still lacks;
    the office's review where it decided or review is required (``区司法局 已提供 · 已退回``)."""
    providers = Text()
    for p in material.providers:
        short = shortfall_text(shortfall(material, p.unit)) if material.each else None
        label = f"{visible(p.unit)} {p.status.label}" + (f"（{short}）" if short else "")
        providers.append(label, style=_PROVIDER_STYLE[p.status])
        providers.append(_review_mark(p, review_required))
        providers.append("\n")
    return providers


def _review_mark(provider: ProviderStatus, review_required: bool) -> Text:
    review = provider.review
    if review is None or review.state is ReviewState.missing:
        return Text()
    if review.decision is None and not review_required:
        return Text()
    label = "待审核" if review.state is ReviewState.waived else review.state.label  # 不涉及 · 待审核
    return Text(f" · {label}", style=_REVIEW_STYLE.get(review.state, ""))


def _received(day: dt.date | None) -> str:
    """When ``fzcj intake`` stored the file (nothing for a file put in by hand)."""
    return f"（{month_day(day)}收到）" if day else ""


def history_lines(detail: TaskDetail) -> list[str]:
    """Each item's decisions, unit by unit, oldest first: ``27.1 区司法局 2022年6月15日 10:15 张三 退回：…``
    (names and reasons come from the records, hand-edited perhaps: written visibly)."""
    order = {m.id: i for i, m in enumerate(detail.owner.materials)}
    by_name = {d.name: d for d in detail.history}
    lines = []
    for d in sorted(detail.history, key=lambda d: (order.get(d.item, len(order)), d.unit)):
        what = d.verdict.label + (f"：{d.reason}" if d.reason else "")
        undone = by_name.get(d.undoes or "")
        if undone is not None:
            what += f"（撤销 {_when(undone)} {undone.by} 的“{undone.verdict.label}”）"
        files = f"，{len(d.files)} 个文件" if d.files else ""
        lines.append(visible(f"  {d.item} {d.unit}  {_when(d)} {d.by} {what}{files}"))
    return lines


def _when(decision: Decision) -> str:
    return f"{cn_date(decision.at.date())} {decision.at:%H:%M}"


def _in_folder(path: str) -> str:
    """A file's path inside its provider folder: ``区司法局/2-审查意见/一.pdf`` without the task folder."""
    return path.split("/", 1)[-1]
