"""Walk the evidence tree and attribute every file to (task, provider unit, material item).

The convention (README explains it to clerks)::

    evidence/<task id + any title>/<unit name or alias>/<item number>-<name>.<ext>
    evidence/<task id + any title>/<unit name or alias>/<item number>[-<name>]/<any files>

A unit that owes one item in a task needs no number. ``不涉及.txt`` (or ``N-不涉及.txt``) holding a
reason waives what the unit owes there. Nothing here writes to the tree; every surprise is a Problem.
"""

from __future__ import annotations

import errno
import os

from fzcj.data.model import MaterialKind
from fzcj.data.plan import PlannedMaterial, PlannedTask
from fzcj.data.workspace import Workspace
from fzcj.errors import os_error_text
from fzcj.evidence.filenames import (
    COPY_NUMBER_FIRST,
    LINK_SUFFIXES,
    WAIVER_WORD,
    is_waiver,
    item_number,
    looks_like_waiver,
    material_number,
    suffix_of,
    task_id_of_folder,
)
from fzcj.evidence.folder import Folder
from fzcj.evidence.index import EvidenceIndex, Tally, Waiver, over_max_problems
from fzcj.evidence.links import link_fault
from fzcj.evidence.listing import FolderReader, Reader, problem, swapped
from fzcj.evidence.misfiled import misnumbered, needs_number, providers, unknown_item
from fzcj.evidence.notes import Note, note_of, waiver_reason
from fzcj.fsutil import NotARegularFile
from fzcj.problems import Severity

_ROOT_NOTES = ("说明", "readme", "README")


class _Scanner:
    def __init__(self, workspace: Workspace, reader: Reader, root: str, stamps: bool) -> None:
        self.ws = workspace
        self.root = root
        self.index = EvidenceIndex()
        self.reader = reader
        self.stamps = stamps

    # -- reporting -----------------------------------------------------------------------------
    def problem(self, rel: str, code: str, message: str, severity: Severity = Severity.error) -> None:
        self.index.problems.append(problem(rel, code, message, severity))

    # -- directory access ----------------------------------------------------------------------
    def folder(self, path: str, rel: str) -> Folder:
        """One folder (see :meth:`FolderReader.read`); its problems go into the index."""
        folder = self.reader.read(path, rel)
        self.index.problems.extend(folder.problems)
        return folder

    # -- levels --------------------------------------------------------------------------------
    def scan(self) -> EvidenceIndex:
        try:
            self.reader.start()
        except NotADirectoryError:
            self.problem(
                "",
                "evidence-not-a-folder",
                "evidence 应是存放证据材料的文件夹，现在却是一个文件：请改名或移走它",
            )
            return self.index
        except FileNotFoundError:
            if os.path.islink(self.root):
                self.problem(
                    "", "unreadable", "evidence 是一个符号链接，但它指向的文件夹不存在：请修正或删除这个链接"
                )
            else:
                self.problem(
                    "",
                    "no-evidence-dir",
                    "证据文件夹 evidence/ 不存在：可运行 fzcj init 创建",
                    Severity.warning,
                )
            return self.index
        except OSError as exc:
            what = "evidence 符号链接形成循环" if exc.errno == errno.ELOOP else os_error_text(exc)
            self.problem("", "unreadable", f"无法读取证据文件夹（{what}）")
            return self.index
        top = self.folder(self.root, "")
        for i, (name, is_folder, _) in enumerate(top.entries):
            if not is_folder:
                if not name.startswith(_ROOT_NOTES):
                    self.problem(
                        name, "misplaced-file", "文件直接放在 evidence/ 下：请放入对应任务和单位的文件夹"
                    )
                continue
            self.task_folder(top.path_of(i), name, name)
        return self.index

    def task_folder(self, path: str, name: str, shown: str) -> None:
        task_id = task_id_of_folder(name)
        task = self.ws.plan.find(task_id) if task_id else None
        if task is None:
            what = (
                f"编号 {task_id} 的任务不存在"
                if task_id
                else "文件夹名应以任务编号开头，如“027 行政规范性文件合法性审核”"
            )
            self.problem(
                shown,
                "unknown-task-folder",
                f"不是任务文件夹：{what}（任务编号为 1–100、加1、加2、否1、否2）",
            )
            return
        owner = self.ws.plan.owner_of_materials(task)
        if owner is not task:
            self.problem(
                shown,
                "merged-task-folder",
                f"任务 {task.id} 的材料与任务 {owner.id} 合并提供，请把这些材料移到任务 {owner.id} 的文件夹；"
                f"已按任务 {owner.id} 统计",
                Severity.warning,
            )
        elif self.index.task_folders[task.id]:
            first = self.index.task_folders[task.id][0]
            self.problem(
                shown,
                "duplicate-task-folder",
                f"任务 {task.id} 已有文件夹「{first}」：这里的材料也照常统计，但建议合并为一个文件夹，免得各单位放错地方",
                Severity.warning,
            )
        self.index.task_folders[owner.id].append(shown)
        folder = self.folder(path, shown)
        for i, (unit_name, is_folder, _) in enumerate(folder.entries):
            unit_shown = f"{shown}/{unit_name}"
            if not is_folder:
                self.problem(
                    unit_shown,
                    "file-in-task-folder",
                    "文件直接放在任务文件夹中，未计入：请放入提供单位的子文件夹（如 "
                    f"{shown}/{(owner.lead_units or ('单位名称',))[0]}/）",
                )
                continue
            self.provider_folder(owner, folder.path_of(i), unit_name, unit_shown)

    def provider_folder(self, task: PlannedTask, path: str, name: str, shown: str) -> None:
        directory = self.ws.directory
        unit = directory.unit(name)
        if unit is None:
            if directory.is_group(name):
                message = f"「{name}」是单位组，请按具体单位分别建文件夹（如 {directory.expand(name)[0]}）"
            else:
                message = f"不是单位文件夹：{directory.unknown_message(name)}"
            self.problem(shown, "unknown-unit-folder", message)
            return
        owed = [m for m in task.materials if unit in m.providers]
        if not owed:
            self.problem(
                shown,
                "unit-owes-nothing",
                f"{unit} 在任务 {task.id} 中没有需要提供的材料，其中的文件未计入"
                f"（需要提供材料的单位：{'、'.join(providers(task)) or '无'}）",
            )
            return
        self.items(task, unit, owed, path, shown, item=None)

    def items(
        self,
        task: PlannedTask,
        unit: str,
        owed: list[PlannedMaterial],
        path: str,
        shown: str,
        item: int | None,
    ) -> None:
        """Files of one provider folder (``item`` None) or of one item subfolder (recursively)."""
        numbers = {m.number: m for m in owed}
        links = {m.number for m in owed if m.kind is MaterialKind.url}
        only = owed[0].number if len(owed) == 1 else None
        task_id = task.id
        found: dict[int, list[str]] = {}  # item number → files, added to the index at the end
        counted: dict[int, int] = {}
        folder = self.folder(path, shown)
        notes, prefix = folder.notes, shown + "/"
        tallies: dict[int, tuple[list[int], list[int | None]]] | None = {} if self.stamps else None
        mtimes = folder.mtimes
        renamed = bool(folder.raw) or path != f"{self.root}/{shown}"  # a name on the way read as GBK
        for i, (name, is_folder, size) in enumerate(folder.entries):  # this loop sees every file
            entry_shown = prefix + name
            number = item
            if item is None:
                # "27.2-…" names the full material id; most names start with the bare item number.
                full = material_number(name, task_id) if name.startswith(task_id) else None
                number = full if full is not None and full in numbers else item_number(name)
                if number is not None and number not in numbers:
                    number = full or material_number(name, task_id) or number
                if number is not None and number not in numbers:
                    self.problem(entry_shown, *unknown_item(self.ws.plan, task, unit, number, owed, name))
                    continue
                if number is None and only is not None and not (not is_folder and WAIVER_WORD in name):
                    number = only
                elif only is None and name[0] in COPY_NUMBER_FIRST and number is not None:
                    warning = misnumbered(name, number, owed)
                    if warning is not None:
                        self.problem(entry_shown, "misnumbered", warning, Severity.warning)
            if is_folder:
                if number is None:
                    self.problem(
                        entry_shown, "unnumbered-folder", needs_number(task, unit, owed, folder=True)
                    )
                    continue
                self.items(task, unit, owed, folder.path_of(i), entry_shown, item=number)
                continue
            if WAIVER_WORD in name:
                if looks_like_waiver(name):
                    if is_waiver(name):
                        self.waiver(task, unit, number or 0, folder.path_of(i), entry_shown, notes.get(i))
                        if renamed:
                            self.index.disk_paths[entry_shown] = folder.path_of(i)
                        if tallies is not None:
                            self.index.note_tallies[entry_shown] = Tally.of([size], [mtimes.get(i)])
                    else:
                        self.problem(
                            entry_shown,
                            "waiver-not-text",
                            "“不涉及”说明请用文本文件写明理由（如“不涉及.txt”）：Word、PDF 等文件无法自动读取，未计入",
                        )
                    continue
                if number is None:
                    number = only  # a file that only mentions 不涉及 in its name is ordinary evidence
            if number is None:
                self.problem(entry_shown, "unnumbered-file", needs_number(task, unit, owed, folder=False))
                continue
            if size == 0:
                self.problem(
                    entry_shown, "empty-file", "空文件（0 字节），未计入：请重新上传", Severity.warning
                )
                continue
            files = found.get(number)
            if files is None:
                files = found[number] = []
            files.append(entry_shown)
            if renamed:
                self.index.disk_paths[entry_shown] = folder.path_of(i)
            if tallies is not None:
                tally = tallies.get(number)
                if tally is None:
                    tally = tallies[number] = ([], [])
                tally[0].append(size)
                tally[1].append(mtimes.get(i))
            if number in links and not self.link_file(folder, i, entry_shown):
                self.index.uncounted.add(entry_shown)
                continue
            counted[number] = counted.get(number, 0) + 1
        for number, files in found.items():
            self.index.files[(task_id, unit, number)].extend(files)
        for number, count in counted.items():
            self.index.counted[(task_id, unit, number)] += count
        for number, (sizes, times) in (tallies or {}).items():
            self.index.tallies.setdefault((task_id, unit, number), Tally()).add(Tally.of(sizes, times))

    def link_file(self, folder: Folder, index: int, shown: str) -> bool:
        """Whether a file of a 网址 item holds a valid web address (and the problems if not)."""
        name = folder.entries[index][0]
        suffix = suffix_of(name)
        if suffix not in LINK_SUFFIXES:
            self.problem(
                shown,
                "not-a-link-file",
                "网址类材料应提供 .url 快捷方式或写有网址的 .txt/.md 文件；此文件已列出但不计为网址",
                Severity.warning,
            )
            return False
        note = folder.notes.get(index) or self.read_note(folder.path_of(index), name, shown)
        if note is None:
            return False
        _, valid, malformed = note
        for bad in malformed:
            self.problem(shown, "bad-link", f"网址格式有误：「{bad}」（{link_fault(bad)}）")
        if not valid:
            if not malformed:
                self.problem(shown, "no-link", "文件中没有找到网址（http:// 或 https:// 开头）")
            return False
        return True

    def read_note(self, path: str, name: str, shown: str) -> Note | None:
        """A note the listing could not read ahead (a link, say): read it now, or report why not."""
        try:
            data = self.reader.read_text(path)
        except NotARegularFile:
            self.index.problems.append(swapped(shown))
            return None
        except OSError as exc:
            self.problem(shown, "unreadable", f"无法读取（{os_error_text(exc)}）")
            return None
        return note_of(data, name, suffix_of(name))

    def waiver(
        self, task: PlannedTask, unit: str, number: int, path: str, shown: str, note: Note | None
    ) -> None:
        note = note or self.read_note(path, shown.rpartition("/")[2], shown)
        if note is None:
            return
        reason = waiver_reason(note[0])
        if reason is None:
            self.problem(
                shown,
                "empty-waiver",
                "不涉及说明为空或不是文字，未计入：请在文件中用文字写明不涉及的理由，否则不予认可",
            )
            return
        self.index.waivers[(task.id, unit, number)] = Waiver(shown, reason)


def scan(workspace: Workspace, reader: Reader | None = None, *, stamps: bool = False) -> EvidenceIndex:
    """Index the workspace's evidence tree (read-only); ``reader`` defaults to the disk. ``stamps``
    tallies each item's files in the index (to compare with review decisions)."""
    root = str(workspace.evidence_dir)
    reader = reader or FolderReader(root, stamps=stamps)
    index = _Scanner(workspace, reader, root, stamps).scan()
    index.problems.extend(over_max_problems(workspace, index))
    return index
