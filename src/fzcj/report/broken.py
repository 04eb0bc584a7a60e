"""Files that fail the content check, in the documents that tell a unit what it still has to do.

The rule, the same in every document: a file that fails the check (a PDF cut short by a WeChat
download, an error page saved under the file's name, a renamed old .doc) still counts in every number,
as in ``status`` and the Excel 台账, which count files without opening them, so that all of them agree.
The documents that open the files name it apart, for the unit to send again:

- the weekly report's problem annex (附件2) lists it, as an error;
- the unit's 督办通知 has a section 以下文件已损坏，请重新报送 (file, item, reason), and a unit with such a
  file is sent a notice even when it owes nothing else;
- the 报送清单 of its pack lists it in a section of its own, the item marked 文件已损坏，请重新报送, and
  ``pack --all`` makes that unit a pack.

A file the office itself cannot read (no permission) is not the unit's to resend: it stays in the
annex only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from fzcj.data.workspace import Workspace
from fzcj.evidence.inspection import CONTENT_CODES, inspect_files
from fzcj.problems import Problem
from fzcj.report.tables import EVIDENCE
from fzcj.status.reading import refuse_unread, reviewed_status
from fzcj.status.types import MaterialStatus, StatusReport, TaskStatus

RESEND_CODES = frozenset(CONTENT_CODES[code] for code in ("broken-file", "wrong-extension", "encrypted"))
"""The content check's problems that a unit must answer by sending the file again."""


@dataclass(frozen=True)
class BrokenFile:
    """A unit's file that fails the content check: it counts, but must be sent again."""

    task: TaskStatus
    """The task that holds the material."""
    material: MaterialStatus
    unit: str
    path: str
    """Relative to evidence/."""
    reason: str

    @property
    def name(self) -> str:
        """The file's name inside the unit's folder (``1-情况说明.pdf``, ``2-审查意见/意见一.pdf``)."""
        return self.path.split("/", 2)[-1]


def broken_files(report: StatusReport, problems: Iterable[Problem]) -> tuple[BrokenFile, ...]:
    """The providers' files that ``problems`` (the content check's) find fault with and the unit must
    send again, in table order, each once (a shared material under the task that holds it)."""
    reasons = {p.path.removeprefix(EVIDENCE): p.message for p in problems if p.code in RESEND_CODES}
    found: dict[str, BrokenFile] = {}
    for task in report.tasks:
        for material in task.materials:
            for provider in material.providers:
                for path in provider.files:
                    if path in reasons and path not in found:
                        found[path] = BrokenFile(task, material, provider.unit, path, reasons[path])
    return tuple(found.values())


def of_unit(broken: Iterable[BrokenFile], unit: str) -> tuple[BrokenFile, ...]:
    return tuple(b for b in broken if b.unit == unit)


@dataclass(frozen=True)
class Opened:
    """What the documents that open the evidence files know beyond the status: the content check's
    problems."""

    inspected: tuple[Problem, ...] = ()

    def broken(self, report: StatusReport) -> tuple[BrokenFile, ...]:
        return broken_files(report, self.inspected)


NOTHING_OPENED = Opened()
"""No file opened: the default of the writers, for callers that only have the status."""


def opened_status(
    workspace: Workspace, as_of: dt.date, what: str, *, without_evidence: bool = False
) -> tuple[StatusReport, Opened]:
    """The status for a document, refused as :func:`fzcj.status.reading.refuse_unread` says, with the
    content check's problems over every counted file (:func:`fzcj.evidence.inspection.inspect_files`:
    PDF and Office files, at most 8 KiB each)."""
    result, index, _ = reviewed_status(workspace, as_of)
    refuse_unread(result, what, without_evidence=without_evidence)
    return result, Opened(tuple(inspect_files(workspace, index)))
