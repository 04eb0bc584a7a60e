"""The evidence index: which files count for which (task, unit, item), and the 不涉及 notes.

Built by the walk in :mod:`fzcj.evidence`; read by :mod:`fzcj.status`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from fzcj.data.workspace import Workspace
from fzcj.problems import Problem, Severity

Key = tuple[str, str, int]  # (task id, unit, item number)


@dataclass(frozen=True)
class Waiver:
    path: str
    reason: str


class Tally:
    """Files in numbers: how many, their total size, the sum and the newest of their modification
    times (ns), and how many of them had no time (read some other way). Two tallies of one item are
    equal when no file was added, removed or modified in between (a modification moves the time)."""

    __slots__ = ("count", "newest", "size", "times", "untimed")

    def __init__(self) -> None:
        self.count = self.size = self.times = self.newest = self.untimed = 0

    @classmethod
    def of(cls, sizes: list[int], times: list[int | None]) -> Tally:
        """The tally of files by their sizes and times (None for a time not known)."""
        tally = cls()
        tally.count = len(sizes)
        tally.size = sum(sizes)
        known = [t for t in times if t is not None]
        tally.untimed = len(times) - len(known)
        tally.times = sum(known)
        tally.newest = max(known, default=0)
        return tally

    def file(self, size: int, mtime: int | None) -> None:
        self.count += 1
        self.size += size
        if mtime is None:
            self.untimed += 1
            return
        self.times += mtime
        if mtime > self.newest:
            self.newest = mtime

    def add(self, other: Tally) -> None:
        self.count += other.count
        self.size += other.size
        self.times += other.times
        self.untimed += other.untimed
        self.newest = max(self.newest, other.newest)

    def check(self) -> str | None:
        """``count:size:sum of times``, or None when a file had no time (compare file by file then)."""
        return None if self.untimed else f"{self.count}:{self.size}:{self.times}"


@dataclass
class EvidenceIndex:
    """Files per (task, unit, item); waivers per (task, unit, item or 0 for the whole task).

    ``files`` holds each file's path relative to evidence/ as shown to people; ``disk_paths`` maps
    such a path to the file's real path where the two differ (a name read as GBK)."""

    files: dict[Key, list[str]] = field(default_factory=lambda: defaultdict(list))
    disk_paths: dict[str, str] = field(default_factory=dict)
    counted: dict[Key, int] = field(default_factory=lambda: defaultdict(int))
    waivers: dict[Key, Waiver] = field(default_factory=dict)
    task_folders: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    problems: list[Problem] = field(default_factory=list)
    uncounted: set[str] = field(default_factory=set)
    """Files listed for an item that do not count (a 网址 item's file without a valid address)."""
    received: dict[str, dt.date] = field(default_factory=dict)
    """When files came in through ``fzcj intake`` (path → date, from the intake records); files dropped in
    by hand have no entry."""
    tallies: dict[Key, Tally] = field(default_factory=dict)
    """The files of each (task, unit, item) as :class:`Tally`, when the walk was asked to keep them."""
    note_tallies: dict[str, Tally] = field(default_factory=dict)
    """The same for each 不涉及 note, by its path."""

    def tally_of(self, key: Key) -> Tally:
        """What a review judges for (task, unit, item), in numbers: its files and its 不涉及 note."""
        total = Tally()
        for part in (self.tallies.get(key), self._note_tally(key)):
            if part is not None:
                total.add(part)
        return total

    def _note_tally(self, key: Key) -> Tally | None:
        waiver = self.waiver_of(*key)
        return self.note_tallies.get(waiver.path) if waiver is not None else None

    def waiver_of(self, task_id: str, unit: str, number: int) -> Waiver | None:
        """The unit's 不涉及 note for this item, or for everything it owes in the task."""
        return self.waivers.get((task_id, unit, number)) or self.waivers.get((task_id, unit, 0))

    def judged_files(self, key: Key) -> list[str]:
        """What a review judges for (task, unit, item): its files and its 不涉及 note, in path order."""
        waiver = self.waiver_of(*key)
        files = self.files.get(key, [])
        return sorted([*files, waiver.path] if waiver is not None else files)


def over_max_problems(workspace: Workspace, index: EvidenceIndex) -> list[Problem]:
    """More files than “不超过 N 个” allows: a warning (the item still counts as complete)."""
    problems = []
    for task in workspace.plan.tasks:
        folder = "evidence/" + (index.task_folders.get(task.id) or [task.id])[0]
        for material in task.materials:
            if material.max is None:
                continue
            counts = {u: index.counted.get((task.id, u, material.number), 0) for u in material.providers}
            groups = list(counts.items()) if material.each else [("", sum(counts.values()))]
            for unit, count in groups:
                if count > material.max:
                    who = f"{unit} " if unit else ""
                    problems.append(
                        Problem(
                            folder,
                            0,
                            0,
                            "over-max",
                            f"材料 {material.id} 要求不超过 {material.max} 个，{who}现有 {count} 个：请精选后保留",
                            Severity.warning,
                        )
                    )
    return problems
