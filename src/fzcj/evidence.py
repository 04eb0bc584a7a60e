"""Walk the evidence tree and attribute every file to (task, provider unit, material item).

The convention (README explains it to clerks)::

    evidence/<task id + any title>/<unit name or alias>/<item number>-<name>.<ext>
    evidence/<task id + any title>/<unit name or alias>/<item number>[-<name>]/<any files>

A unit that owes one item in a task needs no number. ``不涉及.txt`` (or ``N-不涉及.txt``) holding a
reason waives what the unit owes there. Nothing here writes to the tree; every surprise is a Problem.
"""

from __future__ import annotations

import operator
import os
import stat
from collections.abc import Iterable

from fzcj.evidence_index import EvidenceIndex, Packed, Waiver, over_max_problems
from fzcj.filenames import (
    JUNK_NAMES,
    LINK_SUFFIXES,
    REQUIREMENTS_FILE,
    decode_name,
    is_junk,
    is_waiver,
    item_number,
    looks_like_waiver,
    material_number,
    task_id_of_folder,
)
from fzcj.links import check_links, read_small_text
from fzcj.model import MaterialKind
from fzcj.parallel import group, job_count, run_shared
from fzcj.problems import Problem, Severity, os_error_text
from fzcj.workspace import PlannedMaterial, PlannedTask, Workspace

Entry = tuple[str, str, str, bool, int, bytes | None]  # (name, shown path, path, is folder, size, text)
_SCANDIR_FD = os.scandir in os.supports_fd
_OPEN_AT = os.open in os.supports_dir_fd
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _CLOEXEC
_ROOT_NOTES = ("说明", "readme", "README")
_BY_NAME = operator.attrgetter("name")
_SPECIAL_FIRST = frozenset(".~" + "".join(n[0].lower() + n[0].upper() for n in JUNK_NAMES))
_PARALLEL_MIN_FOLDERS = 24  # fewer task folders: forking costs more than it saves
MAX_TEXT_BYTES = 64 * 1024  # link files and 不涉及 notes are small; read no more than this
_WAIVER_WORD = "不涉及"


class _Scanner:
    def __init__(self, workspace: Workspace) -> None:
        self.ws = workspace
        self.pid = os.getpid()
        self.root = str(workspace.evidence_dir)
        self.real_root = os.path.realpath(self.root)
        self.index = EvidenceIndex()
        self.visited: set[tuple[int, int]] = set()

    # -- reporting -----------------------------------------------------------------------------
    def problem(self, rel: str, code: str, message: str, severity: Severity = Severity.error) -> None:
        self.index.problems.append(
            Problem(f"evidence/{rel}" if rel else "evidence", 0, 0, code, message, severity)
        )

    # -- directory access ----------------------------------------------------------------------
    def entries(self, path: str, rel: str) -> list[Entry]:
        """Read one folder: every entry as (name, shown path, path, is folder, size, text), sorted by name.

        All system calls of the walk happen here, relative to the open folder (``fstatat`` and
        ``openat``, cheaper than a full path lookup per file); junk, odd names, links and unreadable
        entries are reported and left out. A small text file that may be a link list or a 不涉及
        note (``.url``, ``.txt``, ``.md``) is read here instead of being stat'ed: its ``text`` is the
        first :data:`MAX_TEXT_BYTES` and its ``size`` the length read (0 means empty). Other entries
        have ``text`` None. The file system lists in any order; sorting by name makes every result
        (the first of several task folders, which of two notes wins, which link is the loop) the same.
        """
        fd = None
        try:
            if _SCANDIR_FD:
                fd = os.open(path, _DIR_FLAGS)
            with os.scandir(fd if fd is not None else path) as it:
                raw = sorted(it, key=_BY_NAME)
            prefix = f"{rel}/" if rel else ""
            return [
                item
                for entry in raw
                if (item := self._entry(entry, path, prefix, fd if _OPEN_AT else None)) is not None
            ]
        except PermissionError:
            self.problem(rel, "unreadable", "没有权限读取这个文件夹，其中的材料未能统计")
            return []
        except OSError as exc:
            self.problem(rel, "unreadable", f"无法读取这个文件夹（{os_error_text(exc)}），其中的材料未能统计")
            return []
        finally:
            if fd is not None:
                os.close(fd)

    def _entry(self, entry: os.DirEntry[str], folder: str, prefix: str, fd: int | None) -> Entry | None:
        raw_name = entry.name
        full = f"{folder}/{raw_name}"
        # Fast path for the 99 % of names that need no decoding or reporting: not junk (which all
        # start with one of a few letters), not fzcj's own note, valid UTF-8.
        plain = raw_name[0] not in _SPECIAL_FIRST and raw_name != REQUIREMENTS_FILE
        if plain:
            try:
                raw_name.encode("utf-8")
            except UnicodeEncodeError:
                plain = False
        if plain:
            name, shown = raw_name, prefix + raw_name
            if entry.is_file(follow_symlinks=False):
                if fd is not None and raw_name[raw_name.rfind(".") :].lower() in LINK_SUFFIXES:
                    text = _read_text_at(fd, raw_name)
                    if text is not None:
                        return (name, shown, full, False, len(text), text)
                try:
                    return (name, shown, full, False, entry.stat(follow_symlinks=False).st_size, None)
                except OSError as exc:
                    self.problem(shown, "unreadable", f"无法读取（{os_error_text(exc)}）")
                    return None
        else:
            decoded = decode_name(raw_name)
            name, shown = decoded.text, prefix + decoded.text
            if decoded.raw_encoding is not None:
                self.problem(
                    shown,
                    "non-utf8-name",
                    f"名称不是 UTF-8 编码（常见于 Windows 压缩包在 Linux 上解压），按 {decoded.raw_encoding} "
                    f"读作「{decoded.text}」并照常统计（原始字节为 {os.fsencode(raw_name)!r}）；"
                    "建议用 unzip -O GBK 重新解压，或把它重命名",
                    Severity.warning,
                )
            if name == REQUIREMENTS_FILE:
                return None
            if is_junk(name):
                self.problem(shown, "ignored", "系统或临时文件，已忽略", Severity.info)
                return None
        kind = self._kind(entry, full, shown)
        if kind is None:
            return None
        return (name, shown, full, kind[0], kind[1], None)

    def _kind(self, entry: os.DirEntry[str], full: str, shown: str) -> tuple[bool, int] | None:
        """(is folder, size) of an entry that is not a plain file; None for something skipped (reported)."""
        try:
            if entry.is_symlink():
                target = os.path.realpath(full)
                if os.path.commonpath([target, self.real_root]) != self.real_root:
                    self.problem(shown, "symlink-outside", "符号链接指向证据文件夹之外，已跳过")
                    return None
                if not os.path.exists(target):
                    self.problem(shown, "broken-symlink", "符号链接指向的文件不存在，已跳过")
                    return None
                st = os.stat(full)
            else:
                st = entry.stat(follow_symlinks=False)
            if stat.S_ISDIR(st.st_mode):
                key = (st.st_dev, st.st_ino)
                if key in self.visited:
                    self.problem(
                        shown,
                        "symlink-loop",
                        "符号链接形成循环或重复指向同一文件夹，已跳过",
                        Severity.warning,
                    )
                    return None
                self.visited.add(key)
                return (True, 0)
            if stat.S_ISREG(st.st_mode):
                return (False, st.st_size)
        except OSError as exc:
            self.problem(shown, "unreadable", f"无法读取（{os_error_text(exc)}）")
            return None
        self.problem(shown, "not-a-file", "既不是普通文件也不是文件夹，已跳过", Severity.warning)
        return None

    # -- levels --------------------------------------------------------------------------------
    def scan(self) -> EvidenceIndex:
        if os.path.exists(self.root) and not os.path.isdir(self.root):
            self.problem(
                "",
                "evidence-not-a-folder",
                "evidence 应是存放证据材料的文件夹，现在却是一个文件：请改名或移走它",
            )
            return self.index
        if not os.path.isdir(self.root):
            self.problem(
                "", "no-evidence-dir", "证据文件夹 evidence/ 不存在：可运行 fzcj init 创建", Severity.warning
            )
            return self.index
        root = os.stat(self.root)
        self.visited.add((root.st_dev, root.st_ino))  # a link back to evidence/ is a loop, not a second walk
        folders: list[tuple[str, str, str]] = []
        for name, shown, path, is_folder, _, _ in self.entries(self.root, ""):
            if not is_folder:
                if not name.startswith(_ROOT_NOTES):
                    self.problem(
                        shown, "misplaced-file", "文件直接放在 evidence/ 下：请放入对应任务和单位的文件夹"
                    )
                continue
            folders.append((path, name, shown))
        jobs = job_count(len(folders), minimum_items=_PARALLEL_MIN_FOLDERS)
        if jobs == 1:
            self.task_folders(folders)
            return self.index
        groups = group(folders, key=lambda folder: self._owner_key(folder[1]), weight=_folder_weight)
        for part in run_shared(groups, self.task_folders_part, jobs):
            self.index.merge(part)
        return self.index

    def _owner_key(self, name: str) -> str:
        task_id = task_id_of_folder(name)
        task = self.ws.plan.find(task_id) if task_id else None
        return self.ws.plan.owner_of_materials(task).id if task else name

    def task_folders(self, folders: Iterable[tuple[str, str, str]]) -> None:
        for path, name, shown in folders:
            self.task_folder(path, name, shown)

    def task_folders_part(self, folders: Iterable[tuple[str, str, str]]) -> Packed:
        """Walk some task folders: here straight into the index, in a child into a packed part."""
        if os.getpid() == self.pid:
            self.task_folders(folders)
            return EvidenceIndex().packed()
        saved, self.index = self.index, EvidenceIndex()
        try:
            self.task_folders(folders)
            return self.index.packed()
        finally:
            self.index = saved

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
        self.index.task_folders[owner.id].append(shown)
        for unit_name, unit_shown, unit_path, is_folder, _, _ in self.entries(path, shown):
            if not is_folder:
                self.problem(
                    unit_shown,
                    "file-in-task-folder",
                    "文件直接放在任务文件夹中，未计入：请放入提供单位的子文件夹（如 "
                    f"{shown}/{(owner.lead_units or ('单位名称',))[0]}/）",
                )
                continue
            self.provider_folder(owner, unit_path, unit_name, unit_shown)

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
                f"（需要提供材料的单位：{'、'.join(_providers(task)) or '无'}）",
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
        task_id = task.id
        files, counted = self.index.files, self.index.counted
        for name, entry_shown, entry_path, is_folder, size, text in self.entries(path, shown):
            number = item
            if item is None:
                # "27.2-…" names the full material id; most names start with the bare item number.
                number = material_number(name, task_id) if name.startswith(task_id) else None
                if number is None:
                    number = item_number(name)
                    if number is not None and number not in numbers:
                        number = material_number(name, task_id) or number
                if number is not None and number not in numbers:
                    self.problem(entry_shown, "unknown-item", _unknown_item(task, unit, number, owed))
                    continue
                if number is None and len(owed) == 1 and not (not is_folder and _WAIVER_WORD in name):
                    number = owed[0].number
            if is_folder:
                if number is None:
                    self.problem(
                        entry_shown, "unnumbered-folder", _needs_number(task, unit, owed, folder=True)
                    )
                    continue
                self.items(task, unit, owed, entry_path, entry_shown, item=number)
                continue
            if _WAIVER_WORD in name and looks_like_waiver(name):
                if is_waiver(name):
                    self.waiver(task, unit, number or 0, entry_path, entry_shown, text)
                else:
                    self.problem(
                        entry_shown,
                        "waiver-not-text",
                        "“不涉及”说明请用文本文件写明理由（如“不涉及.txt”）：Word、PDF 等文件无法自动读取，未计入",
                    )
                continue
            if _WAIVER_WORD in name and number is None and len(owed) == 1:
                number = owed[0].number  # a file that only mentions 不涉及 in its name is ordinary evidence
            if number is None:
                self.problem(entry_shown, "unnumbered-file", _needs_number(task, unit, owed, folder=False))
                continue
            if size == 0:
                self.problem(
                    entry_shown, "empty-file", "空文件（0 字节），未计入：请重新上传", Severity.warning
                )
                continue
            key = (task_id, unit, number)
            files[key].append(entry_shown)
            if numbers[number].kind is MaterialKind.url and not self.link_file(
                entry_path, name, entry_shown, text
            ):
                continue
            counted[key] += 1

    def link_file(self, path: str, name: str, shown: str, text: bytes | None) -> bool:
        suffix = name[name.rfind(".") :].lower() if "." in name else ""
        if suffix not in LINK_SUFFIXES:
            self.problem(
                shown,
                "not-a-link-file",
                "网址类材料应提供 .url 快捷方式或写有网址的 .txt/.md 文件；此文件已列出但不计为网址",
                Severity.warning,
            )
            return False
        data = text if text is not None else self.read_bytes(path, shown)
        if data is None:
            return False
        links = check_links(read_small_text(data), suffix)
        for bad in links.malformed:
            self.problem(shown, "bad-link", f"网址格式有误：「{bad}」（应以 http:// 或 https:// 开头）")
        if not links.valid:
            if not links.malformed:
                self.problem(shown, "no-link", "文件中没有找到网址（http:// 或 https:// 开头）")
            return False
        return True

    def read_bytes(self, path: str, shown: str) -> bytes | None:
        try:
            fd = os.open(path, os.O_RDONLY)
            try:
                return os.read(fd, MAX_TEXT_BYTES)
            finally:
                os.close(fd)
        except OSError as exc:
            self.problem(shown, "unreadable", f"无法读取（{os_error_text(exc)}）")
            return None

    def waiver(
        self, task: PlannedTask, unit: str, number: int, path: str, shown: str, text: bytes | None
    ) -> None:
        data = text if text is not None else self.read_bytes(path, shown)
        if data is None:
            return
        reason = read_small_text(data).strip()
        if not reason:
            self.problem(
                shown, "empty-waiver", "“不涉及”说明是空的：请在文件中写明不涉及的理由，否则不予认可"
            )
            return
        self.index.waivers[(task.id, unit, number)] = Waiver(shown, reason)


def _read_text_at(folder_fd: int, name: str) -> bytes | None:
    """The start of a small text file, opened relative to its folder; None when it cannot be read
    (the caller then stats it as usual, and a reader that needs the text reports the error)."""
    try:
        fd = os.open(name, os.O_RDONLY | _CLOEXEC, dir_fd=folder_fd)
    except OSError:
        return None
    try:
        return os.read(fd, MAX_TEXT_BYTES)
    except OSError:
        return None
    finally:
        os.close(fd)


def _folder_weight(folder: tuple[str, str, str]) -> int:
    """A cheap guess of a task folder's work: its number of subfolders (a folder's link count)."""
    try:
        return os.stat(folder[0]).st_nlink
    except OSError:
        return 0


def _providers(task: PlannedTask) -> list[str]:
    seen: list[str] = []
    for material in task.materials:
        seen += [u for u in material.providers if u not in seen]
    return seen


def _owed_numbers(owed: list[PlannedMaterial]) -> str:
    return "、".join(f"第{m.number}项" for m in owed)


def _unknown_item(task: PlannedTask, unit: str, number: int, owed: list[PlannedMaterial]) -> str:
    exists = any(m.number == number for m in task.materials)
    what = f"{unit} 不需要提供第{number}项" if exists else f"任务 {task.id} 没有第{number}项材料"
    hint = f"{unit} 在本任务需提供：{_owed_numbers(owed)}"
    if len(owed) == 1:
        hint += (
            f"；只需提供一项时文件名不用加序号，若开头的“{number}”是名称的一部分，请改写（如“第{number}次…”）"
        )
    return f"{what}，未计入（{hint}）"


def _needs_number(task: PlannedTask, unit: str, owed: list[PlannedMaterial], *, folder: bool) -> str:
    what = "文件夹" if folder else "文件"
    example = f"{owed[0].number}-材料名称" + ("" if folder else ".pdf")
    return (
        f"无法判断这个{what}属于哪一项材料，未计入：{unit} 在任务 {task.id} 需提供{_owed_numbers(owed)}，"
        f"请在名称前加上材料序号，如“{example}”"
    )


def scan(workspace: Workspace) -> EvidenceIndex:
    """Index the workspace's evidence tree (read-only)."""
    index = _Scanner(workspace).scan()
    index.problems.extend(over_max_problems(workspace, index))
    return index
