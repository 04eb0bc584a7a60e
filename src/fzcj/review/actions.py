"""Recording a decision: which item and unit a person means, and the record that says what was judged."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from fzcj.data.names import did_you_mean
from fzcj.data.plan import PlannedMaterial
from fzcj.data.workspace import Workspace
from fzcj.errors import ProblemsFound, UsageError
from fzcj.evidence.content import is_checked
from fzcj.evidence.index import EvidenceIndex, Key
from fzcj.evidence.inspection import CONTENT_CODES, inspect_file
from fzcj.evidence.walk import scan
from fzcj.problems import Problem
from fzcj.review.book import ReviewBook, material_of, split_item
from fzcj.review.fingerprint import fingerprint, on_disk
from fzcj.review.records import FOLDER, Decision, Verdict, write_record
from fzcj.review.states import in_force


@dataclass(frozen=True)
class Target:
    """One unit's item, as named on the command line."""

    material: PlannedMaterial
    unit: str

    @property
    def key(self) -> Key:
        return (self.material.task_id, self.unit, self.material.number)


@dataclass(frozen=True)
class Decided:
    """A decision just recorded: the record, where it was written, and what an undo withdrew."""

    decision: Decision
    path: Path
    withdrawn: Decision | None = None


def find_target(workspace: Workspace, item: str, unit: str) -> Target:
    """The item (27.1, 加1.1, B1.1; 28.1 is 27.1 where task 28 shares task 27's materials) and the unit
    (any spelling); a usage error with a suggestion when either is unknown or the unit owes nothing."""
    material = material_of(workspace.plan, item)
    if material is None:
        raise UsageError(_unknown_item(workspace, item))
    name = workspace.directory.resolve(unit)
    if name not in material.providers:
        providers = list(material.providers)
        raise UsageError(
            f"{name} 不需要提供材料 {material.id}{did_you_mean(unit, providers)}"
            f"（提供单位：{'、'.join(providers[:8])}{'等' if len(providers) > 8 else ''}）"
        )
    return Target(material, name)


def _unknown_item(workspace: Workspace, item: str) -> str:
    plan = workspace.plan
    if not item.strip():
        return "材料编号是空的：请写材料编号，如 27.1"
    parts = split_item(item)
    task = plan.find(parts[0] if parts else item)
    if task is None:
        ids = [t.id for t in plan.tasks]
        task_id = parts[0] if parts else item
        return f"没有编号为「{task_id}」的任务{did_you_mean(task_id, ids)}（材料编号写作 任务编号.序号，如 27.1）"
    owner = plan.owner_of_materials(task)
    items = "、".join(m.id for m in owner.materials) or "无"
    shared = f"任务 {task.id} 与任务 {owner.id} 合并提供材料，" if owner is not task else ""
    if parts is None:
        return f"「{item}」是任务编号，请写材料编号：{shared}可用 {items}"
    return f"{shared}任务 {owner.id} 没有材料「{item}」：可用 {items}"


def decide_on(workspace: Workspace, item: str, unit: str, verdict: Verdict, **how: Any) -> Decided:
    """:func:`decide` on the item and unit as named on the command line (see :func:`find_target`),
    against the files as the walk finds them now."""
    target = find_target(workspace, item, unit)
    index = scan(workspace) if verdict is not Verdict.undo else EvidenceIndex()
    return decide(workspace, index, ReviewBook.open(workspace), target, verdict, **how)


def decide(
    workspace: Workspace,
    index: EvidenceIndex,
    book: ReviewBook,
    target: Target,
    verdict: Verdict,
    *,
    by: str,
    reason: str | None = None,
    now: dt.datetime | None = None,
) -> Decided:
    """Record ``verdict`` on what ``target``'s unit has filed now (the walk's ``index``).

    An accept is refused when a file fails the content check (a broken or fake PDF or Office file); an
    undo withdraws the decision in force and is refused when there is none.
    """
    if not by.strip():
        raise UsageError("审核人是空的：请用 --by 写明，或设置环境变量 FZCJ_REVIEWER")
    if verdict is Verdict.return_ and not (reason or "").strip():
        raise UsageError("退回须写明理由：--reason “…”")
    at = (now or dt.datetime.now()).astimezone().replace(microsecond=0)
    what = f"{target.unit} 的材料 {target.material.id}"
    folder = workspace.root / FOLDER
    if verdict is Verdict.undo:
        current = in_force(book.latest_first(target.key))
        if current is None:
            raise UsageError(f"{what} 没有可撤销的审核决定")
        undo = Decision(target.material.id, target.unit, verdict, by.strip(), at, undoes=current.name)
        path = write_record(folder, undo)
        return Decided(_named(undo, path), path, current)
    paths = index.judged_files(target.key)
    if not paths:
        raise UsageError(f"{what} 还没有提交（没有计入的文件，也没有“不涉及”说明），无可审核的内容")
    evidence = workspace.evidence_dir
    if verdict is Verdict.accept:
        root = os.path.realpath(evidence)
        faults = [
            Problem(f"evidence/{path}", 0, 0, CONTENT_CODES[fault.code], fault.message)
            for path in paths
            if is_checked(path)
            and (fault := inspect_file(on_disk(evidence, path, index.disk_paths), root)) is not None
        ]
        if faults:
            raise ProblemsFound(
                f"{what} 有 {len(faults)} 个文件内容有问题，未予通过：请退回重报（fzcj review return）",
                faults,
            )
    rows = fingerprint(evidence, paths, index.disk_paths)
    text = (reason or "").strip() or None
    decision = Decision(target.material.id, target.unit, verdict, by.strip(), at, text, rows)
    path = write_record(folder, decision)
    return Decided(_named(decision, path), path)


def _named(decision: Decision, path: Path) -> Decision:
    return replace(decision, name=path.name)
