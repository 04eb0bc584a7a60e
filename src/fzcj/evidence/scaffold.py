"""The folder skeleton: ``fzcj init`` creates the task and provider folders and a 材料要求.txt in each (never
touching a file); ``fzcj pack`` puts the same folders for one unit into a zip (:func:`unit_skeleton`)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from fzcj.data.plan import PlannedMaterial, PlannedTask, needs_context
from fzcj.data.workspace import Workspace
from fzcj.errors import FzcjError, os_error_text
from fzcj.evidence.filenames import REQUIREMENTS_FILE, decode_name, task_id_of_folder
from fzcj.fsutil import inside, write_atomically
from fzcj.text import cn_date

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


@dataclass
class InitResult:
    """What init did (or, for a dry run, would do): only what succeeded is counted as created."""

    created: list[str] = field(default_factory=list)
    folders: int = 0
    files: int = 0
    kept: int = 0
    stale: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


_CLAUSE_END = re.compile(r"[，,、；;。：:（(“\"]")
TITLE_CHARS = 20


def folder_title(task: PlannedTask) -> str:
    """``027 行政规范性文件没有增加法律…``: the id padded for sorting, then a short title safe on Windows.

    The title is the task's first clause when that is short enough (``047 严格贯彻落实《行政处罚法》``),
    otherwise its first 20 characters.
    """
    number = f"{int(task.id):03d}" if task.id.isdigit() else task.id
    text = _UNSAFE.sub("", task.task.text).strip()
    clause = _CLAUSE_END.split(text, maxsplit=1)[0]
    title = clause if 4 <= len(clause) <= TITLE_CHARS else text[:TITLE_CHARS]
    return f"{number} {title.rstrip(' .…')}".strip()


def requirements_text(workspace: Workspace, task: PlannedTask, unit: str, owed: list[PlannedMaterial]) -> str:
    lines = [
        f"任务 {task.id}：{task.task.text}",
        f"牵头单位：{'、'.join(task.lead_units)}",
        f"完成时限：{task.task.deadline}" + (f"（{cn_date(task.due)}）" if task.due else ""),
        "",
        f"{unit} 需在本文件夹提供：",
    ]
    if any(m.shared_with for m in owed):
        lines.insert(3, f"本任务材料同时用于任务 {'、'.join(owed[0].shared_with)}（合并提供，只交一次）")
    cell = task.task.materials_cell.strip()
    fragments = False
    for material in owed:
        notes = ["各单位分别提供" if material.each else "任一提供单位提供即可"]
        if needs_context(material.text, cell):  # "包括所属乡镇和部门" alone says nothing
            notes.append("见下方“主要提供资料”原文")
            fragments = True
        if material.due is not None and material.due != task.due:
            notes.insert(0, f"最迟{cn_date(material.due)}前提供，为合并提供的各任务中最早的时限")
        if material.min:
            notes.append(f"至少 {material.min} 个文件")
        if material.max:
            notes.append(f"不超过 {material.max} 个文件")
        lines.append(
            f"  第{material.number}项（{material.kind.label}）：{material.text}（{'，'.join(notes)}）"
        )
    if fragments:
        lines += ["", "主要提供资料（原文）：", f"  {cell}"]
    lines += ["", "文件命名："]
    if len(owed) == 1:
        lines.append("  本单位在此任务只需提供一项材料，文件名无需加序号。")
    else:
        lines.append(f"  文件名以材料序号开头，如“{owed[0].number}-情况说明.docx”；")
        lines.append(f"  或建以序号开头的子文件夹，如“{owed[-1].number}-案例/”，把该项文件放进去。")
    if any(m.kind.value == "url" for m in owed):
        lines.append(
            "  网址类材料：放 .url 快捷方式，或在 .txt 文件中写上以 http:// 或 https:// 开头的网址。"
        )
    lines.append(
        "  如本单位不涉及，请放一个“不涉及.txt”，在文件中写明理由（只对某一项不涉及时命名为“序号-不涉及.txt”）。"
    )
    lines.append(f"\n（本文件由 fzcj init 根据 {workspace.campaign.name} 任务分解表生成，不计入材料。）")
    return "\n".join(lines) + "\n"


def note_bytes(text: str) -> bytes:
    """A text file as Notepad on older Windows reads it right: UTF-8 with a BOM, CRLF line ends."""
    return ("\ufeff" + text.replace("\r\n", "\n").replace("\n", "\r\n")).encode("utf-8")


def _same_note(data: bytes, text: str) -> bool:
    """Whether a note on disk says ``text``, whichever of the two encodings it was written in."""
    found = data.decode("utf-8", errors="replace").removeprefix("\ufeff").replace("\r\n", "\n")
    return found == text


def _providers_of(task: PlannedTask, unit: str | None) -> list[str]:
    providers = list(dict.fromkeys(u for m in task.materials for u in m.providers))
    return [u for u in providers if u == unit] if unit is not None else providers


def unit_skeleton(workspace: Workspace, unit: str) -> list[tuple[str, bytes]]:
    """The folders init makes for ``unit``, as (path relative to evidence/ of its 材料要求.txt, its bytes):
    folders already in the tree keep their names, the others get the names init would give them."""
    existing = existing_task_folders(workspace.evidence_dir, workspace)
    notes = []
    for task in workspace.plan.tasks:
        if task.materials_from is not None or not _providers_of(task, unit):
            continue
        task_dir = existing.get(task.id) or workspace.evidence_dir / folder_title(task)
        unit_dir = existing_unit_folder(task_dir, unit, workspace) if task_dir.is_dir() else None
        owed = [m for m in task.materials if unit in m.providers]
        task_name = decode_name(task_dir.name).text
        unit_name = decode_name(unit_dir.name).text if unit_dir is not None else unit
        text = requirements_text(workspace, task, unit, owed)
        notes.append((f"{task_name}/{unit_name}/{REQUIREMENTS_FILE}", note_bytes(text)))
    return notes


def existing_task_folders(evidence: Path, workspace: Workspace) -> dict[str, Path]:
    """Task folders already there, under any spelling of the id, links the evidence walk follows
    included (init then says it will not write through them, instead of making a second folder)."""
    found: dict[str, Path] = {}
    if not evidence.is_dir():
        return found
    inside = os.path.realpath(evidence)
    for entry in sorted(os.scandir(evidence), key=lambda e: e.name):
        task_id = task_id_of_folder(decode_name(entry.name).text)
        task = workspace.plan.find(task_id) if task_id and _folder(entry, inside, top=True) else None
        if task is not None:
            found.setdefault(task.id, Path(entry.path))
    return found


def existing_unit_folder(task_dir: Path, unit: str, workspace: Workspace) -> Path | None:
    if task_dir.is_symlink() or not task_dir.is_dir():
        return None
    inside = os.path.realpath(workspace.evidence_dir)
    for entry in sorted(os.scandir(task_dir), key=lambda e: e.name):
        named = workspace.directory.unit(decode_name(entry.name).text) == unit
        if named and _folder(entry, inside, top=False):
            return Path(entry.path)
    return None


def _folder(entry: os.DirEntry[str], inside: str, *, top: bool) -> bool:
    """A folder, or a link the evidence walk follows: to a folder in the tree that is not the
    evidence root itself nor (for a link at the top) another task folder."""
    if not entry.is_symlink():
        return entry.is_dir(follow_symlinks=False)
    target = os.path.realpath(entry.path)
    within = target != inside and os.path.commonpath([target, inside]) == inside
    return within and os.path.isdir(target) and not (top and os.path.dirname(target) == inside)


def _blocked(path: Path) -> str | None:
    """Why ``path`` cannot be used as a folder to create or write in; None when it can."""
    if path.is_symlink():
        return "是符号链接：fzcj init 不会写入链接指向的位置，请换成真正的文件夹"
    if path.exists() and not path.is_dir():
        return "应是文件夹，现在却是一个文件：请改名或移走它后再运行"
    return None


def init_tree(workspace: Workspace, *, unit: str | None = None, dry_run: bool = False) -> InitResult:
    """Create missing folders and requirement notes; existing folders and files are reused as they are."""
    evidence = workspace.evidence_dir
    result = InitResult()
    if evidence.exists() and not evidence.is_dir():
        raise FzcjError(f"{evidence} 应是存放证据材料的文件夹，现在却是一个文件：请改名或移走它后再运行")
    try:
        existing = existing_task_folders(evidence, workspace)
        for task in workspace.plan.tasks:
            providers = _providers_of(task, unit) if task.materials_from is None else []
            if not providers:
                continue
            task_dir = existing.get(task.id) or evidence / folder_title(task)
            reason = _blocked(task_dir)
            if reason is not None:
                result.failed.append(f"{_rel(task_dir, workspace)} {reason}")
                continue
            inside(task_dir, evidence)
            try:
                _make_folder(task_dir, workspace, result, dry_run)
            except OSError as exc:
                result.failed.append(f"{_rel(task_dir, workspace)}（{os_error_text(exc)}）")
                continue
            for provider in providers:
                try:
                    _provider(workspace, task, provider, task_dir, result, dry_run)
                except OSError as exc:  # one unreadable folder must not stop the others
                    where = _rel(task_dir / provider, workspace)
                    result.failed.append(f"{where}（{os_error_text(exc)}）")
    except OSError as exc:
        raise FzcjError(f"创建文件夹失败（{os_error_text(exc)}）：{exc.filename}") from None
    return result


def _provider(
    workspace: Workspace, task: PlannedTask, unit: str, task_dir: Path, result: InitResult, dry_run: bool
) -> None:
    unit_dir = existing_unit_folder(task_dir, unit, workspace) or task_dir / unit
    reason = _blocked(unit_dir)
    if reason is not None:
        result.failed.append(f"{_rel(unit_dir, workspace)} {reason}")
        return
    inside(unit_dir, workspace.evidence_dir)
    owed = [m for m in task.materials if unit in m.providers]
    note = unit_dir / REQUIREMENTS_FILE
    text = requirements_text(workspace, task, unit, owed)
    _make_folder(unit_dir, workspace, result, dry_run)
    if os.path.lexists(note):  # whatever it is (even a link), it is the unit's: kept as it is
        result.kept += 1
        if note.is_file() and not note.is_symlink() and not _same_note(note.read_bytes(), text):
            result.stale.append(_rel(note, workspace))
        return
    if not dry_run:
        inside(note, workspace.evidence_dir)
        try:
            write_atomically([(note, note_bytes(text))], force=False)
        except FzcjError as exc:
            cause = exc.__cause__
            reason = os_error_text(cause) if isinstance(cause, OSError) else exc.message
            result.failed.append(f"{_rel(note, workspace)}（{reason}）")
            return
    result.files += 1


def _make_folder(path: Path, workspace: Workspace, result: InitResult, dry_run: bool) -> None:
    """Create ``path`` unless it exists (its parent must); counted only once it is there (or would be)."""
    if path.is_dir() or (dry_run and _rel(path, workspace) in result.created):
        return
    if not dry_run:
        path.mkdir(parents=path.parent == workspace.evidence_dir)
    result.folders += 1
    result.created.append(_rel(path, workspace))


def _rel(path: Path, workspace: Workspace) -> str:
    return path.relative_to(workspace.root).as_posix()
