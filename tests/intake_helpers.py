"""Shared by the intake tests: a workspace with short task folders, zips written to disk, and the guard that
checks evidence/ before and after every intake (nothing changed or removed; added only what intake stored)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

from archive_corpus import Member, make_zip
from evidence_helpers import make_workspace, put
from fzcj.data.workspace import Workspace, load
from fzcj.evidence.intake_apply import run_intake
from fzcj.evidence.intake_result import IntakeResult

WHEN = dt.datetime(2022, 6, 15, 9, 30)
Row = tuple[str, str, str, str]
"""(file in the zip, outcome label, material, destination under evidence/ or the start of the reason)."""


def intake_workspace(root: Path) -> Path:
    """The real data, and an evidence/ tree where tasks 27, 30 and 61 have short folder names."""
    make_workspace(root)
    put(root, "027 合法性审核/区司法局/1-说明（旧）.pdf", "已有的说明")
    put(root, "030/司法局/后评估.docx", "已有")
    (root / "evidence" / "061").mkdir()
    return root


def write_zip(folder: Path, name: str, *members: Member | str) -> Path:
    path = folder / name
    path.write_bytes(make_zip(*members))
    return path


def checksums(root: Path) -> dict[str, str]:
    """Every file under evidence/ with its SHA-256."""
    found = {}
    for folder, _, files in os.walk(root / "evidence"):
        for name in files:
            path = Path(folder) / name
            found[path.relative_to(root / "evidence").as_posix()] = hashlib.sha256(
                path.read_bytes()
            ).hexdigest()
    return found


def guarded_intake(
    root: Path, source: Path, *, workspace: Workspace | None = None, **options: object
) -> IntakeResult:
    """Run an intake; then check that every file of evidence/ is still there unchanged and that the only
    new files are those the result says it stored, with the hashes it reports."""
    before = checksums(root)
    result = run_intake(workspace or load(root), source, now=WHEN, sync=False, **options)  # type: ignore[arg-type]
    after = checksums(root)
    assert {path: after.get(path) for path in before} == before, "evidence/ changed"
    stored = {item.destination: item.sha256 for item in result.items if item.outcome.stored}
    assert {path: after[path] for path in after.keys() - before.keys()} == (stored if result.applied else {})
    return result


def rows(result: IntakeResult) -> list[Row]:
    """The preview table as rows (the reason cut to its first clause, for readable expectations)."""
    return [
        (
            item.source,
            item.outcome.label,
            item.material,
            item.destination if item.destination is not None else item.reason.split("，")[0],
        )
        for item in result.items
    ]
