"""``fzcj show``: one task in full, for the liaison who has to complete it."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from fzcj.deadlines import cn_date
from fzcj.filenames import task_id_of_folder
from fzcj.render.terminal import state_label
from fzcj.status_types import ProviderState, StatusReport
from fzcj.workspace import Workspace

_PROVIDER_STYLE = {
    ProviderState.submitted: "green",
    ProviderState.waived: "green",
    ProviderState.missing: "red",
}


def task_detail(workspace: Workspace, report: StatusReport, task_id: str, console: Console) -> None:
    task = next(t for t in report.tasks if t.id == task_id)
    planned = workspace.plan.find(task_id)
    assert planned is not None
    console.print(Text(f"任务 {task.id}（{task.kind.label}） {task.level1} / {task.level2}", style="bold"))
    console.print(task.text)
    console.print(f"牵头单位：{'、'.join(task.lead_units)}")
    if planned.task.responsible_units:
        console.print(f"责任单位：{'、'.join(planned.task.responsible_units)}")
    deadline = task.deadline_text
    if task.deadline is not None and task.days_left is not None:
        left = f"剩 {task.days_left} 天" if task.days_left >= 0 else f"已过 {-task.days_left} 天"
        deadline += f"（{cn_date(task.deadline)}，截至 {cn_date(report.as_of)} {left}）"
    console.print(f"完成时限：{deadline}")
    console.print(Text("状态：").append(state_label(task)))
    owner = task
    if task.materials_from is not None:
        console.print(
            f"本任务材料与任务 {task.materials_from} 合并提供，以下为任务 {task.materials_from} 的材料："
        )
        owner = report.owner(task)
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
            providers.append(f"{p.unit} {p.status.label}\n", style=_PROVIDER_STYLE[p.status])
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
    problems = [p for p in report.problems if _problem_task(p.path, workspace) == owner.id]
    if problems:
        console.print(Text("该任务文件夹中的问题：", style="bold"))
        for problem in problems:
            console.print(str(problem), markup=False, soft_wrap=True)


def _in_folder(path: str) -> str:
    """A file's path inside its provider folder: ``区司法局/2-审查意见/一.pdf`` without the task folder."""
    return path.split("/", 1)[-1]


def _problem_task(path: str, workspace: Workspace) -> str | None:
    """The task whose evidence folder a problem path lies in (merged tasks map to their owner)."""
    parts = path.split("/")
    if len(parts) < 2 or parts[0] != "evidence":
        return None
    task_id = task_id_of_folder(parts[1])
    planned = workspace.plan.find(task_id) if task_id else None
    return workspace.plan.owner_of_materials(planned).id if planned else None
