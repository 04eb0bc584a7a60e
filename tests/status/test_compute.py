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

from evidence_helpers import CASES, DATA, compare, copy_data, status_json

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
