"""Rules for material items: providers that resolve, sane counts, references without gaps or loops."""

from __future__ import annotations

from fzcj.data.model import Task
from fzcj.data.names import normalize, task_key
from fzcj.data.plan import materials_chain
from fzcj.data.rules.context import Loc, RuleContext
from fzcj.problems import Severity


def check(ctx: RuleContext) -> None:
    by_id: dict[str, Task] = {}
    for _, task in ctx.tasks():
        by_id.setdefault(task_key(task.id), task)  # a duplicated id is reported by the task rules
    material_ids: dict[str, str] = {}
    for loc, task in ctx.tasks():
        if not task.materials and task.materials_from is None:
            ctx.indicators_problem(
                (*loc, "materials"),
                "no-materials",
                f"任务 {task.id} 既没有列出材料（materials），也没有注明与哪个任务合并提供（materials_from）",
            )
        if task.materials and task.materials_from is not None:
            ctx.indicators_problem(
                (*loc, "materials_from"),
                "materials-and-reference",
                f"任务 {task.id} 已注明与任务 {task.materials_from} 合并提供，不应再列出自己的材料",
                Severity.warning,
            )
        _reference(ctx, loc, task, by_id)
        for n, material in enumerate(task.materials):
            mloc: Loc = (*loc, "materials", n)
            key = normalize(material.id)
            if key in material_ids:
                ctx.indicators_problem(
                    (*mloc, "id"),
                    "duplicate-id",
                    f"材料编号「{material.id}」重复（任务 {material_ids[key]}）",
                )
            material_ids[key] = task.id
            prefix, _, number = material.id.rpartition(".")
            if normalize(prefix) != normalize(task.id) or not number.isdigit():
                ctx.indicators_problem(
                    (*mloc, "id"),
                    "bad-material-id",
                    f"材料编号「{material.id}」应写作“{task.id}.序号”，如 {task.id}.1",
                )
            for p, name in enumerate(material.providers or []):
                if ctx.directory.canonical(name) is None:
                    ctx.indicators_problem(
                        (*mloc, "providers", p), "unknown-unit", ctx.directory.unknown_message(name)
                    )
            if material.min is not None and material.max is not None and material.min > material.max:
                ctx.indicators_problem(
                    (*mloc, "min"),
                    "min-greater-than-max",
                    f"至少 {material.min} 个却最多 {material.max} 个：min 不能大于 max",
                )


def _reference(ctx: RuleContext, loc: Loc, task: Task, by_id: dict[str, Task]) -> None:
    if task.materials_from is None:
        return
    if task_key(task.materials_from) not in by_id:
        ctx.indicators_problem(
            (*loc, "materials_from"), "bad-reference", f"合并提供的任务「{task.materials_from}」不存在"
        )
        return
    chain, loops = materials_chain(task, lambda i: by_id.get(task_key(i)))
    if loops:
        again = by_id[task_key(chain[-1].materials_from or "")]
        path = " → ".join([t.id for t in chain] + [again.id])
        ctx.indicators_problem((*loc, "materials_from"), "reference-cycle", f"材料合并引用形成循环：{path}")
