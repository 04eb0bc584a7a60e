"""The content check over the evidence index: where a person inspects files (``validate``, ``show``,
intake, ``review accept``, the weekly report's problem annex), every PDF and Office file the walk
attributed is opened and judged by :func:`fzcj.evidence.content.check_content`.

Opt-in and separate from the walk: ``status`` stays a walk that only lists and stats (reading the
first bytes of 100,000 files costs seconds), and a broken file still counts there. Only files whose
extension the check knows are opened, at most 8 KiB each; and a file whose size and modification time
are still those it had when this machine last checked it is not opened again (:class:`Verdicts`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from fzcj.data.cache import TreeCache
from fzcj.data.workspace import Workspace
from fzcj.evidence.content import ContentFault, check_content, is_checked
from fzcj.evidence.index import EvidenceIndex
from fzcj.problems import Problem, Severity

CONTENT_CODES = {
    "broken-file": "broken-file",
    "wrong-extension": "wrong-extension",
    "encrypted": "encrypted-file",
    "unreadable": "unreadable-content",
}
"""Problem code of each :class:`ContentFault` code. A file the check cannot open is
``unreadable-content``, not ``unreadable``: the walk did count it."""


def inspect_files(
    workspace: Workspace, index: EvidenceIndex, *, task_id: str | None = None, unit: str | None = None
) -> list[Problem]:
    """A problem (an error) for each attributed file that is broken or not what its extension says;
    ``task_id`` (a task holding materials) and ``unit`` (a canonical name) keep to their files."""
    root = os.path.realpath(workspace.evidence_dir)
    verdicts = Verdicts.for_tree(workspace.evidence_dir)
    problems = []
    for shown in _files(index, task_id, unit):
        path = index.disk_paths.get(shown) or os.path.join(workspace.evidence_dir, shown)
        fault = verdicts.check(shown, path, root)
        if fault is not None:
            problems.append(
                Problem(f"evidence/{shown}", 0, 0, CONTENT_CODES[fault.code], fault.message, Severity.error)
            )
    verdicts.save()
    return problems


class Verdicts:
    """The content check's verdicts on this evidence tree from earlier runs on this machine
    (:class:`fzcj.data.cache.TreeCache`): path → (size, modification time in ns, fault code or "",
    message). A verdict counts only while the file's size and time are still those; a file the check
    could not open is asked again next time. The weekly report opens every PDF and Office file of the
    tree: without this, 100,000 files cost seconds at every report."""

    def __init__(self, cache: TreeCache) -> None:
        self.cache = cache

    @classmethod
    def for_tree(cls, evidence: Path) -> Verdicts:
        return cls(TreeCache.for_tree(evidence, "content"))

    def check(self, shown: str, path: str, root: str) -> ContentFault | None:
        try:
            st = os.stat(path)
        except OSError:
            return inspect_file(path, root)  # says why it cannot be read
        known = self.cache.load().get(shown) if self.cache.enabled else None
        if isinstance(known, list) and len(known) == 4 and known[:2] == [st.st_size, st.st_mtime_ns]:
            code, message = known[2], known[3]
            if code in CONTENT_CODES and isinstance(message, str):
                return ContentFault(code, message)
            if code == "":
                return None
        fault = inspect_file(path, root)
        if fault is None or fault.code != "unreadable":
            self.cache.put(
                shown,
                [st.st_size, st.st_mtime_ns, fault.code if fault else "", fault.message if fault else ""],
            )
        return fault

    def save(self) -> None:
        self.cache.save()


def inspect_file(path: str, root: str) -> ContentFault | None:
    """:func:`check_content` of one evidence file; a link in the tree is judged by its target, which
    must still lie in ``root`` (the real path of evidence/)."""
    if os.path.islink(path):
        target = os.path.realpath(path)
        if os.path.commonpath([target, root]) != root:
            return ContentFault("unreadable", "无法读取文件内容（符号链接指向证据文件夹之外）")
        path = target
    return check_content(path)


def _files(index: EvidenceIndex, task_id: str | None, unit: str | None) -> Iterator[str]:
    for (task, provider, _), files in sorted(index.files.items()):
        if (task_id is None or task == task_id) and (unit is None or provider == unit):
            yield from (shown for shown in files if is_checked(shown))
