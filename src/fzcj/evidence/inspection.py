"""The content check over the evidence index: where a person inspects files (``validate``, ``show``,
intake, ``review accept``, the weekly report's problem annex), every PDF and Office file the walk
attributed is opened and judged by :func:`fzcj.evidence.content.check_content`.

Opt-in and separate from the walk: ``status`` stays a walk that only lists and stats (reading the
first bytes of 100,000 files costs seconds), and a broken file still counts there. Only files whose
extension the check knows are opened, at most 8 KiB each.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

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
    problems = []
    for shown in _files(index, task_id, unit):
        fault = inspect_file(index.disk_paths.get(shown) or os.path.join(workspace.evidence_dir, shown), root)
        if fault is not None:
            problems.append(
                Problem(f"evidence/{shown}", 0, 0, CONTENT_CODES[fault.code], fault.message, Severity.error)
            )
    return problems


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
