"""The evidence corpus: each ``tests/cases/evidence/<case>/`` is an evidence tree with its expected status.

A case holds ``evidence/`` (tiny files), ``as_of.txt`` and ``expected.json``; it may carry its own
``data/``, otherwise the repository's data is used. A case with a ``reviews/`` folder (review
decisions) keeps the data's ``review.required: true``; the others count without review, as they always
have. ``expected.json`` is a subset of the status JSON::

    {"27": {"status": "complete", "overdue": false, "due_soon": false,
            "materials": {"27.1": {"status": "complete", "providers": {"区司法局": "submitted"}}}},
     "problems": [["evidence/…/不涉及.txt", "empty-waiver"]]}

Every key given for a task or material is compared with the JSON (``days_left``, ``file_count`` …);
``providers`` maps units to their state, or to ``{"status": …, "review": {…} or null}`` where the review
matters (the keys given are compared); ``summary`` (optional) is compared key by key too. ``problems`` lists ``[path, code]`` pairs: each must be
reported, and the errors and warnings reported must be exactly those listed (info may be more).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from evidence_helpers import (
    CASES,
    DATA,
    copy_data,
    materials_by_id,
    problem_pairs,
    status_json,
    tasks_by_id,
)

CASE_DIRS = sorted(p for p in CASES.iterdir() if (p / "expected.json").is_file())


def load_case(case: Path, tmp_path: Path) -> tuple[Path, str, dict[str, Any]]:
    root = tmp_path / "ws"
    root.mkdir()
    reviewed = (case / "reviews").is_dir()
    copy_data(case / "data" if (case / "data").is_dir() else DATA, root / "data", review_required=reviewed)
    shutil.copytree(case / "evidence", root / "evidence", symlinks=True)
    if reviewed:
        shutil.copytree(case / "reviews", root / "reviews")
    as_of = (case / "as_of.txt").read_text("utf-8").strip()
    expected = json.loads((case / "expected.json").read_text("utf-8"))
    return root, as_of, expected


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


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_case(case: Path, tmp_path: Path) -> None:
    root, as_of, expected = load_case(case, tmp_path)
    report = status_json(root, as_of)
    assert report["as_of"] == as_of
    diffs = compare(report, expected)
    assert not diffs, "\n".join([f"case {case.name}:", *diffs])


def test_corpus_is_there() -> None:
    assert len(CASE_DIRS) >= 15
    for case in CASE_DIRS:
        assert (case / "evidence").is_dir(), case
        assert (case / "as_of.txt").is_file(), case


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_case_is_read_only(case: Path, tmp_path: Path) -> None:
    """Computing the status never writes into the evidence tree."""
    root, as_of, _ = load_case(case, tmp_path)
    before = sorted((p.relative_to(root).as_posix(), p.read_bytes()) for p in root.rglob("*") if p.is_file())
    status_json(root, as_of)
    after = sorted((p.relative_to(root).as_posix(), p.read_bytes()) for p in root.rglob("*") if p.is_file())
    assert before == after


def test_summary_counts_add_up(tmp_path: Path) -> None:
    root, as_of, _ = load_case(CASES / "misplaced", tmp_path)
    report = status_json(root, as_of)
    summary = report["summary"]
    assert summary["total"] == len(report["tasks"]) == 104
    states = ("not_started", "in_progress", "complete", "waived")
    assert sum(summary[s] for s in states) == summary["total"]
    for state in states:
        assert summary[state] == sum(t["status"] == state for t in report["tasks"])
    assert summary["overdue"] == sum(t["overdue"] for t in report["tasks"])
    assert summary["due_soon"] == sum(t["due_soon"] for t in report["tasks"])
