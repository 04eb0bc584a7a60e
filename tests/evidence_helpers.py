"""Shared helpers for the evidence / status / init tests: temporary workspaces and CLI calls.

A workspace is a temporary folder holding a copy of the repository's ``data/`` (or a case's own
``data/``) and an ``evidence/`` tree written by the test. Every command runs in-process through
typer's ``CliRunner``, so monkeypatching (``os.scandir`` …) reaches the code under test.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from fzcj.cli import app

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
DATA = REPO / "data"
CASES = TESTS / "cases" / "evidence"
# Wide enough for the Chinese tables not to be cut, and no colour codes in the captured text.
CLI_ENV = {"COLUMNS": "240", "NO_COLOR": "1", "FZCJ_ROOT": None, "TERM": "dumb"}

_runner = CliRunner()


REVIEW_REQUIRED = "  review:\n    required: true\n"


def copy_data(source: Path, dest: Path, *, review_required: bool = False) -> None:
    """Copy a ``data/`` folder; the real data requires review, which the tests of counting turn off
    (so that their trees count as they always have) unless ``review_required``."""
    shutil.copytree(source, dest)
    indicators = dest / "indicators.yaml"
    text = indicators.read_text("utf-8")
    if not review_required and REVIEW_REQUIRED in text:
        indicators.write_text(text.replace(REVIEW_REQUIRED, "  review:\n    required: false\n"), "utf-8")


def make_workspace(
    root: Path, data: Path | None = None, *, evidence: bool = True, review_required: bool = False
) -> Path:
    """A workspace at ``root`` with a copy of ``data`` (default: the real data, with review not
    required unless ``review_required``) and an empty evidence/."""
    root.mkdir(parents=True, exist_ok=True)
    copy_data(data or DATA, root / "data", review_required=review_required)
    if evidence:
        (root / "evidence").mkdir(exist_ok=True)
    return root


def put(root: Path, rel: str, content: str | bytes = "材料") -> Path:
    """Write a small file at ``evidence/<rel>`` (parents created); ``""`` gives a 0-byte file."""
    path = root / "evidence" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def invoke(*args: str) -> Result:
    """Run ``fzcj <args>`` in-process; stdout and stderr are kept apart."""
    return _runner.invoke(app, list(args), env=CLI_ENV, prog_name="fzcj")


def status_json(root: Path, as_of: str | dt.date, *extra: str) -> dict[str, Any]:
    """``fzcj status --format json`` parsed; fails the test with the command's stderr if it fails."""
    result = invoke("status", "--format", "json", "--as-of", str(as_of), "--root", str(root), *extra)
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def tasks_by_id(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {t["id"]: t for t in report["tasks"]}


def materials_by_id(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {m["id"]: m for t in report["tasks"] for m in t["materials"]}


def providers(material: dict[str, Any]) -> dict[str, str]:
    """``{unit: status}`` of one material."""
    return {p["unit"]: p["status"] for p in material["providers"]}


def problem_pairs(
    report: dict[str, Any], severities: Iterable[str] = ("error", "warning", "info")
) -> set[tuple[str, str]]:
    wanted = set(severities)
    return {(p["path"], p["code"]) for p in report["problems"] if p["severity"] in wanted}


def codes(report: dict[str, Any], path_part: str = "") -> set[str]:
    """Problem codes, optionally only of problems whose path contains ``path_part``."""
    return {p["code"] for p in report["problems"] if path_part in p["path"]}


def status_ranks(report: dict[str, Any]) -> tuple[dict[str, int], dict[str, int]]:
    """Rank of every task and material status: not started/missing < in progress/partial < done."""
    task_rank = {"not_started": 0, "in_progress": 1, "complete": 2, "waived": 2}
    material_rank = {"missing": 0, "partial": 1, "complete": 2, "waived": 2}
    tasks = {t["id"]: task_rank[t["status"]] for t in report["tasks"]}
    materials = {m["id"]: material_rank[m["status"]] for t in report["tasks"] for m in t["materials"]}
    return tasks, materials


def walk_files(root: Path) -> Iterator[Path]:
    for folder, _dirs, files in os.walk(root):
        for name in files:
            yield Path(folder) / name


def snapshot_tree(root: Path) -> dict[str, tuple[int, bytes | None]]:
    """Every path under ``root`` with its mtime (ns) and, for files, its content."""
    result: dict[str, tuple[int, bytes | None]] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs:
            path = Path(folder) / name
            result[path.relative_to(root).as_posix() + "/"] = (path.stat().st_mtime_ns, None)
        for name in files:
            path = Path(folder) / name
            result[path.relative_to(root).as_posix()] = (path.stat().st_mtime_ns, path.read_bytes())
    return result


def failing_scandir(monkeypatch: Any, suffix: str, error: OSError) -> None:
    """Make reading the one folder whose path ends with ``suffix`` fail (opening it, or listing it)."""
    real_scandir, real_open = os.scandir, os.open

    def scandir(path: Any = ".") -> Any:
        if not isinstance(path, int) and os.fsdecode(path).endswith(suffix):
            raise error
        return real_scandir(path)

    def open_(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if os.fsdecode(path).endswith(suffix) and flags & getattr(os, "O_DIRECTORY", 0):
            raise error
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "open", open_)


def compare(report: dict[str, Any], expected: dict[str, Any]) -> list[str]:
    """Differences between the report and the expected subset, as readable lines."""
    diffs: list[str] = []
    tasks = tasks_by_id(report)
    materials = materials_by_id(report)
    for key, value in expected.get("summary", {}).items():
        if report["summary"].get(key) != value:
            diffs.append(f"summary: {key} is {report['summary'].get(key)!r}, expected {value!r}")
    for task_id, want in expected.items():
        if task_id in ("problems", "description", "summary"):
            continue
        task = tasks.get(task_id)
        if task is None:
            diffs.append(f"task {task_id}: not in the report")
            continue
        for key, value in want.items():
            if key == "materials":
                continue
            if task.get(key) != value:
                diffs.append(f"task {task_id}: {key} is {task.get(key)!r}, expected {value!r}")
        want_materials = want.get("materials", {})
        if want_materials == {} and "materials" in want and task["materials"]:
            diffs.append(
                f"task {task_id}: has materials {[m['id'] for m in task['materials']]}, expected none"
            )
        for material_id, want_material in want_materials.items():
            material = materials.get(material_id)
            if material is None or not material_id.startswith(f"{task_id}."):
                diffs.append(f"material {material_id}: not in task {task_id}")
                continue
            for key, value in want_material.items():
                if key == "providers":
                    diffs += _provider_diffs(material, value)
                elif material.get(key) != value:
                    diffs.append(
                        f"material {material_id}: {key} is {material.get(key)!r}, expected {value!r}"
                    )
    wanted = {(path, code) for path, code in expected.get("problems", [])}
    for pair in sorted(wanted - problem_pairs(report)):
        diffs.append(f"problem not reported: {pair}")
    for pair in sorted(problem_pairs(report, ("error", "warning")) - wanted):
        diffs.append(f"unexpected problem: {pair}")
    return diffs


def _provider_diffs(material: dict[str, Any], wanted: dict[str, Any]) -> list[str]:
    """A provider's expected status (``"submitted"``), or a subset of its JSON (``{"review": {…}}``)."""
    got = {p["unit"]: p for p in material["providers"]}
    diffs = []
    for unit, want in wanted.items():
        want = want if isinstance(want, dict) else {"status": want}
        provider = got.get(unit, {})
        for key, value in want.items():
            have = provider.get(key)
            if isinstance(value, dict) and isinstance(have, dict):
                have = {k: have.get(k) for k in value}
            if have != value:
                diffs.append(f"material {material['id']}: {unit} {key} is {have!r}, expected {value!r}")
    return diffs
