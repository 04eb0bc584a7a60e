"""``fzcj show``: one task in full, for the liaison who has to complete it."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from fzcj.render.terminal import state_label
from fzcj.review.records import Decision
from fzcj.review.states import ReviewState
from fzcj.status.types import ProviderState
from fzcj.status.views import TaskDetail
from fzcj.text import cn_date

_PROVIDER_STYLE = {
    ProviderState.submitted: "green",
    ProviderState.waived: "green",
    ProviderState.missing: "red",
}
_REVIEW_STYLE = {ReviewState.accepted: "green", ReviewState.returned: "magenta", ReviewState.changed: "cyan"}


def task_detail(detail: TaskDetail, console: Console) -> None:
    task, owner = detail.task, detail.owner
    console.print(Text(f"任务 {task.id}（{task.kind.label}） {task.level1} / {task.level2}", style="bold"))
    console.print(task.text)
    console.print(f"牵头单位：{'、'.join(task.lead_units)}")
    if detail.responsible_units:
        console.print(f"责任单位：{'、'.join(detail.responsible_units)}")
    deadline = task.deadline_text
    if task.deadline is not None and task.days_left is not None:
        left = f"剩 {task.days_left} 天" if task.days_left >= 0 else f"已过 {-task.days_left} 天"
        deadline += f"（{cn_date(task.deadline)}，截至 {cn_date(detail.as_of)} {left}）"
    console.print(f"完成时限：{deadline}")
    console.print(Text("状态：").append(state_label(task)))
    if task.materials_from is not None:
        console.print(
            f"本任务材料与任务 {task.materials_from} 合并提供，以下为任务 {task.materials_from} 的材料："
        )
    table = Table(show_lines=True)
    for column in ("序号", "类别", "材料", "提供单位及状态", "已交文件"):
        table.add_column(column, overflow="fold")
    for material in owner.materials:
        limits = []
        if material.min:
            limits.append(f"至少{material.min}个")
        if material.max:
            limits.append(f"不超过{material.max}个")
        rule = "各单位分别提供" if material.each else "任一单位提供即可"
        providers = Text()
        for p in material.providers:
            providers.append(f"{p.unit} {p.status.label}", style=_PROVIDER_STYLE[p.status])
            review = p.review
            shown = review is not None and (review.decision is not None or detail.review_required)
            if review is not None and shown and review.state is not ReviewState.missing:
                label = (
                    "待审核" if review.state is ReviewState.waived else review.state.label
                )  # 不涉及 · 待审核
                providers.append(f" · {label}", style=_REVIEW_STYLE.get(review.state, ""))
            providers.append("\n")
        files = "\n".join(_in_folder(f) for p in material.providers for f in p.files) or "—"
        head = f"{material.id}\n{material.status.label}"
        table.add_row(
            head,
            material.kind.label,
            f"{material.text}\n（{rule}{'，' + '，'.join(limits) if limits else ''}）",
            providers,
            files,
        )
    console.print(table)
    if detail.history:
        console.print(Text("审核记录：", style="bold"))
        for line in history_lines(detail):
            console.print(line, markup=False, soft_wrap=True)
    if detail.problems:
        console.print(Text("该任务文件夹中的问题：", style="bold"))
        for problem in detail.problems:
            console.print(str(problem), markup=False, soft_wrap=True)


def history_lines(detail: TaskDetail) -> list[str]:
    """Each item's decisions, unit by unit, oldest first: ``27.1 区司法局 2022年6月15日 10:15 张三 退回：…``."""
    order = {m.id: i for i, m in enumerate(detail.owner.materials)}
    by_name = {d.name: d for d in detail.history}
    lines = []
    for d in sorted(detail.history, key=lambda d: (order.get(d.item, len(order)), d.unit)):
        what = d.verdict.label + (f"：{d.reason}" if d.reason else "")
        undone = by_name.get(d.undoes or "")
        if undone is not None:
            what += f"（撤销 {_when(undone)} {undone.by} 的“{undone.verdict.label}”）"
        files = f"，{len(d.files)} 个文件" if d.files else ""
        lines.append(f"  {d.item} {d.unit}  {_when(d)} {d.by} {what}{files}")
    return lines


def _when(decision: Decision) -> str:
    return f"{cn_date(decision.at.date())} {decision.at:%H:%M}"


def _in_folder(path: str) -> str:
    """A file's path inside its provider folder: ``区司法局/2-审查意见/一.pdf`` without the task folder."""
    return path.split("/", 1)[-1]
