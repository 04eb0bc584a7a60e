"""The evidence index: which files count for which (task, unit, item), and the 不涉及 notes.

Built by the walk in :mod:`fzcj.evidence`; read by :mod:`fzcj.status`. Parts walked in other
processes travel in the compact :data:`Packed` form.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from fzcj.problems import Problem, Severity
from fzcj.workspace import Workspace

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

    def packed(self) -> Packed:
        """A compact copy to send between processes: each file list as one NUL-joined string
        (NUL cannot occur in a file name) and problems as tuples; ~3× faster to pickle and load."""
        return (
            {key: "\0".join(files) for key, files in self.files.items()},
            dict(self.counted),
            dict(self.waivers),
            dict(self.task_folders),
            [(p.path, p.line, p.column, p.code, p.message, p.severity) for p in self.problems],
        )

    def merge(self, part: Packed) -> None:
        """Add a part walked separately (parts never share a task, so nothing is counted twice)."""
        files, counted, waivers, task_folders, problems = part
        for key, joined in files.items():
            self.files[key].extend(joined.split("\0"))
        for key, count in counted.items():
            self.counted[key] += count
        self.waivers.update(waivers)
        for task_id, folders in task_folders.items():
            self.task_folders[task_id].extend(folders)
        self.problems.extend(Problem(*fields) for fields in problems)


Packed = tuple[dict[Key, str], dict[Key, int], dict[Key, Waiver], dict[str, list[str]], list[tuple[Any, ...]]]


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
