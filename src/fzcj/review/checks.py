"""What ``fzcj validate`` says about the review records: every record is read and checked in full.

A record that cannot be read as a decision, names an item or unit that does not exist (or a unit that
owes nothing for the item), carries a time in the future, or says something else than its file name
is an error at its line; the status skips such a record.
"""

from __future__ import annotations

import datetime as dt

from fzcj.data.names import did_you_mean
from fzcj.data.workspace import Workspace
from fzcj.problems import Problem, Severity
from fzcj.review.book import matches_name, material_of
from fzcj.review.records import (
    FOLDER,
    Decision,
    Fault,
    RecordName,
    Verdict,
    key_position,
    list_names,
    parse_name,
)
from fzcj.review.records import parse_record as parse

FUTURE_SLACK = dt.timedelta(minutes=5)
"""How far ahead of this computer's clock a record may be (another computer's clock may run fast)."""


def check_records(workspace: Workspace, now: dt.datetime | None = None) -> list[Problem]:
    """Problems of every record under ``reviews/`` (none when there is no such folder)."""
    folder = workspace.root / FOLDER
    if not folder.exists():
        return []
    if not folder.is_dir():
        return [
            Problem(FOLDER, 0, 0, "review-not-a-folder", "reviews 应是存放审核记录的文件夹，现在却是一个文件")
        ]
    records, others = list_names(folder)
    problems = [
        Problem(
            f"{FOLDER}/{name}",
            0,
            0,
            "review-stray",
            "不是审核记录，已忽略：审核记录由 fzcj review 生成，文件名形如 2022-06-15T101500-27.1-区司法局.json",
            Severity.warning,
        )
        for name in others
    ]
    names = {r.name for r in records}
    latest = (now or dt.datetime.now()).astimezone() + FUTURE_SLACK
    for record in records:
        rel = f"{FOLDER}/{record.name}"
        try:
            data = (folder / record.name).read_bytes()
        except OSError as exc:
            problems.append(Problem(rel, 0, 0, "unreadable", f"无法读取审核记录（{exc.strerror or exc}）"))
            continue
        try:
            decision = parse(data, record.name, strict=True)
        except Fault as fault:
            problems.append(Problem(rel, fault.line, fault.column, fault.code, fault.message))
            continue
        text = data.decode("utf-8-sig")
        for key, code, message in _faults(workspace, decision, record, names, latest):
            problems.append(Problem(rel, *key_position(text, key), code, message))
    return problems


def _faults(
    workspace: Workspace, decision: Decision, record: RecordName, names: set[str], latest: dt.datetime
) -> list[tuple[str, str, str]]:
    """(key, code, message) of each fault of a record that reads as a decision."""
    faults = []
    material = material_of(workspace.plan, decision.item)
    unit = workspace.directory.unit(decision.unit)
    if material is None:
        ids = [m.id for t in workspace.plan.tasks for m in t.materials]
        faults.append(
            ("item", "review-unknown-item", f"没有材料「{decision.item}」{did_you_mean(decision.item, ids)}")
        )
    if unit is None:
        faults.append(("unit", "review-unknown-unit", workspace.directory.unknown_message(decision.unit)))
    elif material is not None and unit not in material.providers:
        faults.append(("unit", "review-not-provider", f"{unit} 不需要提供材料 {material.id}"))
    if decision.at > latest:
        faults.append(
            ("at", "review-future", f"审核时间 {decision.at.isoformat()} 晚于现在：请核对记录或本机时钟")
        )
    if not matches_name(decision, record):
        faults.append(
            (
                "item",
                "review-name-mismatch",
                f"文件名与内容不符（内容为 {decision.item} {decision.unit} {decision.at.isoformat()}）："
                "审核记录写成后不应改动，要改变决定请重新审核或撤销",
            )
        )
    if decision.verdict is Verdict.undo:
        target = parse_name(decision.undoes or "")
        if (
            decision.undoes not in names
            or target is None
            or (target.item, target.unit) != (record.item, record.unit)
        ):
            faults.append(
                (
                    "undoes",
                    "review-bad-undo",
                    f"要撤销的审核记录「{decision.undoes}」不存在或不是同一材料、同一单位的",
                )
            )
    return faults
