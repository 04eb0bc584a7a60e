"""Intake, step one: where each file of what a unit sent belongs in the evidence tree, or why it belongs nowhere.

A file is placed by its path: a task folder (any title: ``027 规范性文件/``), then an optional unit folder,
then whatever the unit put inside; or a name that starts with a full material id (``27.2-审查意见.pdf``)
anywhere. Folders above the first task folder are wrappers. A unit folder is one named after a unit, or one
whose longer name mentions exactly one (``滨河镇人民政府/``: its files go into the unit's folder, never into a
folder of that name inside it). Without a unit folder the file belongs to the unit given with ``--unit`` or,
failing that, to the one unit that the zip's or the wrapper's name mentions.

Which *item* a file counts for is decided by the evidence walk itself: the files are laid out, in memory,
where they would be stored, and :func:`fzcj.evidence.walk.scan` reads that tree through :class:`_EntryReader`,
which leaves out what the walk's own reader leaves out (:func:`~fzcj.evidence.listing.ignored`,
:func:`~fzcj.evidence.listing.not_counted`: shortcuts, archives). Every naming rule of the walk (item numbers,
item subfolders, 不涉及 notes, link files, units owing one item) thus applies to intake unchanged, and a file
the walk would not count is not taken, with the walk's own reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from fzcj.data.names import normalize
from fzcj.data.plan import PlannedTask
from fzcj.data.units import UnitDirectory
from fzcj.data.workspace import Workspace
from fzcj.errors import UsageError
from fzcj.evidence.archive_members import ArchiveEntry, Opened, read_start
from fzcj.evidence.filenames import (
    REQUIREMENTS_FILE,
    decode_name,
    item_number,
    looks_like_waiver,
    material_id_of,
    task_id_of_folder,
)
from fzcj.evidence.folder import Folder
from fzcj.evidence.index import EvidenceIndex
from fzcj.evidence.listing import ignored, not_counted
from fzcj.evidence.notes import MAX_TEXT_BYTES
from fzcj.evidence.pack import CHECKLIST_FILE, GUIDE_FILE
from fzcj.evidence.scaffold import existing_task_folders, existing_unit_folder, folder_title
from fzcj.evidence.walk import scan

_OURS = "{what}是 fzcj 发出的，不收取"


@dataclass(frozen=True)
class Placement:
    """Where one entry goes: ``folder`` is the unit folder on disk and ``inside`` the path within it;
    ``destination`` is the path relative to evidence/ as the walk shows it. Unplaced: ``reason`` says why."""

    entry: ArchiveEntry
    task: str | None = None
    unit: str | None = None
    item: int | None = None
    """The material item number; 0 for a 不涉及 note that covers everything the unit owes in the task."""
    waiver: bool = False
    folder: Path | None = None
    inside: str = ""
    destination: str | None = None
    reason: str = ""
    """Why the file is not taken; for a placed file, a remark of the walk (a link file without a link)."""
    ours: bool = False
    """A file fzcj itself sent out (材料要求.txt, the checklist): skipped, never taken back."""


@dataclass(frozen=True)
class UnitChoice:
    """The unit for files outside any unit folder, and where it came from (for the preview's header)."""

    unit: str | None
    source: str
    explicit: bool = False


def units_named_in(directory: UnitDirectory, text: str) -> list[str]:
    """The units a name such as ``区司法局报送材料`` mentions (canonical names, in order of appearance).

    Every name, alias and full name of two characters or more is looked for; a match inside a longer
    match of another unit does not count (``司法`` in ``区司法局`` is the same unit anyway)."""
    haystack = normalize(text)
    spans: list[tuple[int, int, str]] = []
    for unit in directory.units.values():
        for name in (unit.name, *unit.aliases, *([unit.full_name] if unit.full_name else [])):
            key = normalize(name)
            start = haystack.find(key) if len(key) >= 2 else -1
            while start >= 0:
                spans.append((start, start + len(key), unit.name))
                start = haystack.find(key, start + 1)
    kept = [
        span
        for span in spans
        if not any(o[0] <= span[0] and span[1] <= o[1] and o[1] - o[0] > span[1] - span[0] for o in spans)
    ]
    return list(dict.fromkeys(unit for _, _, unit in sorted(kept)))


def choose_unit(workspace: Workspace, opened: Opened, unit: str | None) -> UnitChoice:
    """``--unit`` when given; else the one unit named by the innermost wrapper folder, the next one out, or
    the zip's own name (the first of them that names any unit decides)."""
    if unit is not None:
        return UnitChoice(workspace.directory.resolve(unit), "--unit", explicit=True)
    stem = opened.source_name.removesuffix(".zip").removesuffix(".ZIP")
    names = [*reversed(opened.wrappers), stem]
    for name in names:
        found = units_named_in(workspace.directory, name)
        if len(found) == 1:
            return UnitChoice(found[0], f"由名称“{name}”判断")
        if found:
            return UnitChoice(None, f"名称“{name}”提到了{'、'.join(found)}，无法确定是哪个单位")
    return UnitChoice(None, f"名称“{stem}”中没有单位名称")


class _Layout:
    """Placing entries by their paths (before the walk decides the items)."""

    def __init__(self, workspace: Workspace, choice: UnitChoice) -> None:
        self.ws = workspace
        self.choice = choice
        self.task_dirs = existing_task_folders(workspace.evidence_dir, workspace)
        self.unit_dirs: dict[tuple[str, str], Path] = {}
        self.need_unit: list[str] = []
        self.named: dict[str, list[str]] = {}

    def task_of(self, name: str) -> PlannedTask | None:
        found = task_id_of_folder(name)
        task = self.ws.plan.find(found) if found else None
        return self.ws.plan.owner_of_materials(task) if task is not None else None

    def unit_folder(self, task: PlannedTask, unit: str) -> Path:
        key = (task.id, unit)
        if key not in self.unit_dirs:
            task_dir = self.task_dirs.get(task.id) or self.ws.evidence_dir / folder_title(task)
            found = existing_unit_folder(task_dir, unit, self.ws)
            self.unit_dirs[key] = found or task_dir / unit
        return self.unit_dirs[key]

    def folder_units(self, name: str) -> list[str]:
        """The units a folder inside a task folder stands for: the one it names (a name, alias or full name of
        the directory); else, unless it starts like an item folder (``2-…``), those it mentions
        (``滨河镇人民政府`` → 滨河镇)."""
        found = self.named.get(name)
        if found is None:
            unit = self.ws.directory.unit(name)
            if unit is not None:
                found = [unit]
            elif item_number(name) is not None or looks_like_waiver(name):
                found = []
            else:
                found = units_named_in(self.ws.directory, name)
            self.named[name] = found
        return found

    def ours(self, parts: list[str]) -> bool:
        """A file fzcj sent out: a 材料要求.txt anywhere, the checklist or the guide outside the task folders."""
        if parts[-1] == REQUIREMENTS_FILE:
            return True
        return parts[-1] in (CHECKLIST_FILE, GUIDE_FILE) and not any(self.task_of(p) for p in parts[:-1])

    def place(self, entry: ArchiveEntry) -> Placement:
        parts = entry.path.split("/")
        if self.ours(parts):
            what = "材料要求说明" if parts[-1] == REQUIREMENTS_FILE else "报送清单和填报说明"
            return Placement(entry, reason=_OURS.format(what=what), ours=True)
        found = self.locate(parts)
        if isinstance(found, str):
            return Placement(entry, reason=found)
        task, folder_unit, rest = found
        unit = folder_unit or self.choice.unit
        if folder_unit and self.choice.explicit and folder_unit != self.choice.unit:
            return Placement(
                entry,
                task.id,
                reason=f"位于{folder_unit}的文件夹中，与 --unit 指定的{self.choice.unit}不符，未收取：请分开收取",
            )
        if unit is None:
            self.need_unit.append(entry.path)
            return Placement(entry, task.id, reason="不在单位文件夹中，也无法判断是哪个单位的材料")
        folder = self.unit_folder(task, unit)
        task_name = decode_name(folder.parent.name).text
        destination = "/".join([task_name, decode_name(folder.name).text, *rest])
        return Placement(entry, task.id, unit, folder=folder, inside="/".join(rest), destination=destination)

    def locate(self, parts: list[str]) -> tuple[PlannedTask, str | None, list[str]] | str:
        """(task, unit named by a folder or None, path inside the unit folder), or why there is none."""
        unit_of = self.ws.directory.unit
        for at, name in enumerate(parts):
            material = material_id_of(name)
            task = self.task_of(material[0]) if material else None
            if task is None and at < len(parts) - 1 and material is None:
                task = self.task_of(name)
                if task is not None:
                    inner = self.folder_units(parts[at + 1]) if at + 2 < len(parts) else []
                    if len(inner) > 1:
                        return (
                            f"文件夹“{parts[at + 1]}”提到了{'、'.join(inner)}，无法判断是哪个单位的材料："
                            "请每个单位一个文件夹，以单位名称命名"
                        )
                    outer = unit_of(parts[at - 1]) if at > 0 else None
                    unit = inner[0] if inner else outer
                    return task, unit, parts[at + 2 :] if inner else parts[at + 1 :]
            elif task is not None:
                return task, unit_of(parts[at - 1]) if at > 0 else None, parts[at:]
        if len(parts) == 1:
            return "不在任务文件夹中，名称也不以材料编号开头（如“27.2-…”），无法判断属于哪个任务"
        return f"不在任务文件夹中（“{parts[0]}/”不以任务编号开头，如“027 …”），无法判断属于哪个任务"


class _EntryReader:
    """The evidence walk's reader (:class:`fzcj.evidence.listing.Reader`) over the placed entries, laid out
    in memory where they would be stored. A leaf holds the indexes of the entries with that destination."""

    def __init__(self, root: str, tree: dict[str, Any], opened: Opened, entries: list[ArchiveEntry]) -> None:
        self.root, self.tree, self.opened, self.entries = root, tree, opened, entries

    def _node(self, path: str) -> Any:
        node: Any = self.tree
        for part in path.removeprefix(self.root).strip("/").split("/"):
            if part:
                node = node[part]
        return node

    def start(self) -> None:
        pass

    def read(self, path: str, rel: str) -> Folder:
        folder = Folder(path, rel)
        for name, value in sorted(self._node(path).items()):
            if ignored(folder, name):
                continue
            if isinstance(value, dict):
                folder.entries.append((name, True, 0))
            elif not not_counted(folder, name):
                folder.entries.append((name, False, self.entries[value[0]].size))
        return folder

    def read_text(self, path: str) -> bytes:
        return read_start(self.opened, self.entries[self._node(path)[0]], MAX_TEXT_BYTES)


def place_entries(workspace: Workspace, opened: Opened, choice: UnitChoice) -> list[Placement]:
    """Where every entry of ``opened`` belongs (in entry order); a :class:`UsageError` when some need a unit
    and none is known."""
    layout = _Layout(workspace, choice)
    placements = [layout.place(entry) for entry in opened.entries]
    if layout.need_unit:
        raise UsageError(
            f"无法判断这些材料是哪个单位的（{choice.source}），"
            f"例如“{layout.need_unit[0]}”不在单位文件夹中：请用 --unit 指定单位，如 --unit 区司法局"
        )
    tree: dict[str, Any] = {}
    clashes: dict[int, str] = {}
    for index, placement in enumerate(placements):
        if placement.destination is not None and not _add(tree, placement.destination.split("/"), index):
            clashes[index] = "与另一个文件或文件夹的存放位置冲突（一个是文件、一个是文件夹），未收取"
    walked = scan(workspace, _EntryReader(str(workspace.evidence_dir), tree, opened, opened.entries))
    return _judged(placements, walked, clashes)


def _add(tree: dict[str, Any], parts: list[str], index: int) -> bool:
    node = tree
    for part in parts[:-1]:
        node = node.setdefault(part, {})
        if not isinstance(node, dict):
            return False
    leaf = node.setdefault(parts[-1], [])
    if isinstance(leaf, dict):
        return False
    leaf.append(index)
    return True


def _judged(placements: list[Placement], index: EvidenceIndex, clashes: dict[int, str]) -> list[Placement]:
    """The walk's verdicts: the item of every file it counted or listed, its reason for every other."""
    found: dict[str, tuple[str, str, int, bool]] = {}
    for (task, unit, item), files in index.files.items():
        for shown in files:
            found[shown] = (task, unit, item, False)
    for (task, unit, item), note in index.waivers.items():
        found[note.path] = (task, unit, item, True)
    said: dict[str, str] = {}
    for problem in index.problems:
        said.setdefault(problem.path.removeprefix("evidence/"), problem.message)
    result = []
    for number, placement in enumerate(placements):
        where = placement.destination
        if where is None:
            result.append(placement)
        elif number in clashes:
            result.append(_unplaced(placement, clashes[number]))
        elif where in found:
            task, unit, item, waiver = found[where]
            remark = said.get(where, "")
            result.append(replace(placement, item=item, waiver=waiver, reason=remark))
        else:
            result.append(_unplaced(placement, _reason_for(where, said)))
    return result


def _unplaced(placement: Placement, reason: str) -> Placement:
    return Placement(placement.entry, placement.task, placement.unit, reason=reason)


def _reason_for(destination: str, said: dict[str, str]) -> str:
    """The walk's message for the file, or for the nearest folder above it."""
    parts = destination.split("/")
    while parts:
        message = said.get("/".join(parts))
        if message is not None:
            return message
        parts.pop()
    return "无法判断属于哪一项材料，未计入"


def content_folder(workspace: Workspace) -> Callable[[str], bool]:
    """For :func:`fzcj.evidence.archive.open_source`: a top folder named like a task of the plan is content,
    so that ``2022年滨河镇材料/`` is a wrapper while ``027 规范性文件/`` is not."""

    def is_content(name: str) -> bool:
        found = task_id_of_folder(name)
        return (found is not None and workspace.plan.find(found) is not None) or material_id_of(
            name
        ) is not None

    return is_content
