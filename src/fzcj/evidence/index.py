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
    stamps: dict[str, tuple[int, int | None]] = field(default_factory=dict)
    """(size, modification time in ns) of each listed file and note, when the walk was asked to keep them."""

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
