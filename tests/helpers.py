"""Small shared helpers for the data-file tests: paths, a minimal valid workspace, problem keys.

``MINIMAL_INDICATORS`` / ``MINIMAL_UNITS`` are the same workspace as ``tests/cases/data/valid-minimal``:
two tasks, three units and one group. Tests change one line of it to get exactly one mistake.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from fzcj.problems import Problem

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
DATA_CASES = TESTS / "cases" / "data"
SOURCE_TABLE = TESTS / "source" / "沙坡头区法治政府建设示范创建指标和任务分解表.txt"

MINIMAL_DIR = DATA_CASES / "valid-minimal"
MINIMAL_INDICATORS = (MINIMAL_DIR / "data" / "indicators.yaml").read_text(encoding="utf-8")
MINIMAL_UNITS = (MINIMAL_DIR / "data" / "units.yaml").read_text(encoding="utf-8")

Key = tuple[str, int, int, str]


def write_workspace(root: Path, indicators: str = MINIMAL_INDICATORS, units: str = MINIMAL_UNITS) -> Path:
    """Write ``data/indicators.yaml`` and ``data/units.yaml`` under ``root`` (UTF-8); return ``root``."""
    (root / "data").mkdir(parents=True, exist_ok=True)
    (root / "data" / "indicators.yaml").write_text(indicators, encoding="utf-8")
    (root / "data" / "units.yaml").write_text(units, encoding="utf-8")
    return root


def replace_once(text: str, old: str, new: str) -> str:
    """``text`` with the single occurrence of ``old`` replaced (fails loudly if it is not there once)."""
    assert text.count(old) == 1, f"expected exactly one {old!r}"
    return text.replace(old, new)


def keys(problems: Iterable[Problem]) -> set[Key]:
    """``(path, line, column, code)`` of each problem, for exact comparisons."""
    return {(p.path, p.line, p.column, p.code) for p in problems}
