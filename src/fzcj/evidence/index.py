"""The evidence index: which files count for which (task, unit, item), and the 不涉及 notes.

Built by the walk in :mod:`fzcj.evidence`; read by :mod:`fzcj.status`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from fzcj.data.workspace import Workspace
from fzcj.problems import Problem, Severity

Key = tuple[str, str, int]  # (task id, unit, item number)


@dataclass(frozen=True)
class Waiver:
    path: str
    reason: str


@dataclass
class EvidenceIndex:
    """Files per (task, unit, item); waivers per (task, unit, item or 0 for the whole task)."""

    files: dict[Key, list[str]] = field(default_factory=lambda: defaultdict(list))
    counted: dict[Key, int] = field(default_factory=lambda: defaultdict(int))
    waivers: dict[Key, Waiver] = field(default_factory=dict)
    task_folders: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    problems: list[Problem] = field(default_factory=list)
    uncounted: set[str] = field(default_factory=set)
    """Files listed for an item that do not count (a 网址 item's file without a valid address)."""
    disk_paths: dict[str, str] = field(default_factory=dict)
    """The path on disk of a listed file whose path differs from the one shown (a name read as GBK)."""

    def disk_path(self, root: str, shown: str) -> str:
        """Where the file listed as ``shown`` (relative to evidence/) is on disk, under ``root``."""
        return self.disk_paths.get(shown) or f"{root}/{shown}"


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
