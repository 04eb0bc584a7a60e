"""Where every file goes in the assessors' package (pure): names that are short, legal on Windows, unique.

The layout follows the 指标体系::

    01 一、政府职能依法全面履行/1.加大简政放权力度/001 全面普及行政审批服务…/1.1 提供行政审批事项清单…/区政府办公室-清单.pdf

- a 一级指标's folder starts with its place in the table (``01 一、…``, ``02 二、…``): Windows Explorer
  sorts Chinese numerals by their pinyin (八、二、九… first), so without the number the folders would not
  stand in the indicators' order;

- a file is named ``<unit>-<its name>``, with the item number it started with dropped (the folder says
  it) and the names of any subfolders it sat in put in front (``区司法局-审查意见-意见一.pdf``);
- a task whose materials come from another gets one ``见任务27.txt`` instead of copies;
- an item with 不涉及 notes gets one ``不涉及说明.txt`` with every unit's reason.

Names are made safe for Windows (``\\/:*?"<>|`` become their full-width forms, control characters go,
no trailing dot or space, no device name such as ``CON``), cut with “…” so that every path stays within
:data:`PATH_LIMIT` characters (Windows counts UTF-16 units) and every name within :data:`NAME_LIMIT`
(255 bytes on Linux), and numbered ``（2）`` where two would be the same name for Windows (which ignores
case). With ``gbk``, characters that GBK cannot hold become ``_``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from fzcj.evidence.filenames import strip_item_number
from fzcj.status.types import MaterialStatus, ProviderState, ProviderStatus, StatusReport, TaskStatus
from fzcj.text import short_text, shorten

PATH_LIMIT = 199
"""Characters (UTF-16 units) in a path inside the package: under 200, leaving room under Windows'
260 for the folder the package is unpacked into."""
NAME_LIMIT = 80
"""Characters in one file name: at most 240 bytes in UTF-8, under the 255 that Linux allows."""
FOLDER_LIMIT = 40
"""Characters in one folder name, so that four folders leave room for the file's name."""
TEXT_IN_NAME = 20
"""Characters of a task's or an item's text in its folder name."""
WAIVER_NOTE = "不涉及说明.txt"
_FORBIDDEN = str.maketrans(
    {"\\": "＼", "/": "／", ":": "：", "*": "＊", "?": "？", '"': "＂", "<": "＜", ">": "＞", "|": "｜"}
)
_CONTROL = re.compile("[\x00-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
_DEVICE = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)
_SUFFIX = re.compile(r"\.[0-9A-Za-z]{1,8}$")


def width(text: str) -> int:
    """Length as Windows counts it (UTF-16 units)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def clean(name: str, *, gbk: bool = False) -> str:
    """A single name that every Windows, macOS and Linux file system accepts as it is."""
    text = " ".join(unicodedata.normalize("NFC", name).split())  # tabs and line breaks too
    text = _CONTROL.sub("", text).translate(_FORBIDDEN).rstrip(". ")
    if gbk:
        text = "".join(c if _in_gbk(c) else "_" for c in text)
    if not text or _DEVICE.match(text):
        text = "_" + text
    return text


def _in_gbk(char: str) -> bool:
    try:
        char.encode("gbk")
    except UnicodeEncodeError:
        return False
    return True


def fit(stem: str, suffix: str, limit: int) -> str:
    """``stem + suffix`` cut with “…” at the end of the stem to at most ``limit`` UTF-16 units."""
    if width(stem + suffix) <= limit:
        return stem + suffix
    room = max(1, limit - width(suffix) - 1)
    cut = ""
    for char in stem:
        if width(cut + char) > room:
            break
        cut += char
    return cut.rstrip(". ") + "…" + suffix


def split_suffix(name: str) -> tuple[str, str]:
    """(stem, extension): only a short extension of letters and digits counts as one."""
    match = _SUFFIX.search(name)
    if match is None or match.start() == 0:
        return name, ""
    return name[: match.start()], match.group()


@dataclass
class Namer:
    """Hands out names, unique within each folder for Windows (case and Unicode forms ignored)."""

    gbk: bool = False
    used: dict[str, set[str]] = field(default_factory=dict)
    folders: dict[tuple[str, str], str] = field(default_factory=dict)

    def _take(self, parent: str, stem: str, suffix: str, limit: int) -> str:
        taken = self.used.setdefault(parent, set())
        name = fit(stem, suffix, limit)
        number = 1
        while name.casefold() in taken:
            number += 1
            tail = f"（{number}）{suffix}"
            name = fit(stem, "", limit - width(tail)).rstrip() + tail
        taken.add(name.casefold())
        return name

    def folder(self, parent: str, label: str) -> str:
        """The path of the folder ``label`` under ``parent`` (the same label, the same folder)."""
        key = (parent, label)
        if key not in self.folders:
            limit = min(FOLDER_LIMIT, PATH_LIMIT - width(parent) - 1)
            name = self._take(parent, clean(label, gbk=self.gbk), "", limit)
            self.folders[key] = f"{parent}/{name}" if parent else name
        return self.folders[key]

    def file(self, parent: str, name: str) -> str:
        """The path of a new file called (about) ``name`` in ``parent``."""
        stem, suffix = split_suffix(clean(name, gbk=self.gbk))
        limit = min(NAME_LIMIT, PATH_LIMIT - width(parent) - 1)
        return f"{parent}/{self._take(parent, stem, suffix, limit)}"


@dataclass(frozen=True)
class PackedFile:
    """An evidence file and its place in the package."""

    source: str
    """Path relative to evidence/, as the status lists it."""
    target: str
    task: TaskStatus
    material: MaterialStatus
    unit: str


@dataclass(frozen=True)
class PackedNote:
    """A text file the package adds: ``见任务27.txt`` or ``不涉及说明.txt``."""

    target: str
    text: str
    task: TaskStatus
    material: MaterialStatus | None = None


@dataclass
class PackagePlan:
    """Every file of the package in the order it is written: task by task in table order."""

    entries: list[PackedFile | PackedNote] = field(default_factory=list)
    task_folders: dict[str, str] = field(default_factory=dict)

    @property
    def files(self) -> list[PackedFile]:
        return [e for e in self.entries if isinstance(e, PackedFile)]

    @property
    def notes(self) -> list[PackedNote]:
        return [e for e in self.entries if isinstance(e, PackedNote)]


def indicator_folder_labels(report: StatusReport) -> dict[str, str]:
    """``01 一、政府职能依法全面履行``: each 一级指标 numbered in table order, so that every file manager
    lists the folders in that order (two digits, more where there are more than 99)."""
    tops = list(dict.fromkeys(task.level1 for task in report.tasks))
    digits = max(2, len(str(len(tops))))
    return {level1: f"{n:0{digits}d} {level1}" for n, level1 in enumerate(tops, 1)}


def task_folder_label(task: TaskStatus) -> str:
    """``001 全面普及行政审批服务…``: the id (three digits for a number) and the start of the text."""
    number = task.id.zfill(3) if task.id.isdigit() else task.id
    return f"{number} {short_text(task.text, TEXT_IN_NAME)}"


def material_folder_label(material: MaterialStatus) -> str:
    return f"{material.id} {shorten(material.text, TEXT_IN_NAME)}"


def file_label(unit: str, source: str) -> str:
    """``<unit>-<subfolders>-<name>`` for a file at ``source`` (task/unit/…/name under evidence/)."""
    parts = [strip_item_number(part) or part for part in source.split("/")[2:]]
    return "-".join([unit, *[p for p in parts if p]])


def waiver_text(material: MaterialStatus) -> str | None:
    """The reasons the units gave in their 不涉及 notes for ``material`` (None when there are none)."""
    notes = [p for p in material.providers if p.waiver_reason is not None]
    if not notes:
        return None
    lines = [f"材料 {material.id}：{material.text}", ""]
    if all(p.status is ProviderState.waived for p in material.providers):
        lines.append("各提供单位均说明本项不涉及：")
    for provider in notes:
        what = "不涉及" if provider.status is ProviderState.waived else "说明"
        reason = " ".join(provider.waiver_reason.split()) if provider.waiver_reason else ""
        lines.append(f"{provider.unit}（{what}）：{reason}")
    return "\n".join(lines) + "\n"


def plan_package(
    report: StatusReport,
    counted: Callable[[ProviderStatus], Sequence[str]],
    *,
    gbk: bool = False,
    include: Callable[[MaterialStatus, ProviderStatus], bool] | None = None,
) -> PackagePlan:
    """Where each counted file (``counted(provider)``) of each task goes, and the notes to add.

    ``include`` can leave out a provider's files (the ``--accepted-only`` filter).
    """
    namer = Namer(gbk)
    plan = PackagePlan()
    by_task: dict[str, list[PackedFile | PackedNote]] = {}
    tops = indicator_folder_labels(report)
    for task in report.tasks:
        level2 = namer.folder(namer.folder("", tops[task.level1]), task.level2)
        folder = plan.task_folders[task.id] = namer.folder(level2, task_folder_label(task))
        entries = by_task[task.id] = []
        for material in task.materials:
            item = namer.folder(folder, material_folder_label(material))
            waiver = waiver_text(material)
            if waiver is not None:
                entries.append(PackedNote(namer.file(item, WAIVER_NOTE), waiver, task, material))
            for provider in material.providers:
                if include is not None and not include(material, provider):
                    continue
                for source in counted(provider):
                    target = namer.file(item, file_label(provider.unit, source))
                    entries.append(PackedFile(source, target, task, material, provider.unit))
    for task in report.tasks:
        owner = task.materials_from
        if owner is not None:
            filled = any(isinstance(e, PackedFile) for e in by_task.get(owner, ()))
            note = _see_note(task, owner, plan.task_folders.get(owner, ""), filled)
            by_task[task.id].append(
                PackedNote(namer.file(plan.task_folders[task.id], note[0]), note[1], task)
            )
        plan.entries += by_task[task.id]
    return plan


def _see_note(task: TaskStatus, owner: str, where: str, filled: bool) -> tuple[str, str]:
    """``见任务27.txt`` and its one line."""
    if filled:
        line = f"任务{task.id}与任务{owner}合并提供材料，材料见任务{owner}的文件夹：{where.replace('/', chr(92))}"
    else:
        line = f"任务{task.id}与任务{owner}合并提供材料；任务{owner}目前还没有材料。"
    return f"见任务{owner}.txt", line + "\n"
