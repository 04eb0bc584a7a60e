"""Parsing the data files ahead in a forked process never changes a result.

Every data case of the corpus (valid, broken, with warnings that need positions) loads to the same
models and the same problems whether the command parses the files itself or takes them from the
parser; a parser that dies, stalls or sends garbage costs time, never a result.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from fzcj import prefetch, preparse, yamldoc
from fzcj.paths import INDICATORS, UNITS
from fzcj.problems import Problem
from fzcj.workspace import load_data
from helpers import DATA_CASES, REPO

CASES = [REPO, *sorted(p for p in DATA_CASES.iterdir() if p.is_dir())]


@pytest.fixture(autouse=True)
def _no_parser_left_behind() -> Iterator[None]:
    yield
    preparse.discard()


def _begin(root: Path) -> None:
    preparse.begin([(str(root / name), name.as_posix()) for name in (INDICATORS, UNITS)])


def _load(root: Path) -> tuple[Any, list[Problem]]:
    workspace, problems = load_data(root)
    models = None if workspace is None else (workspace.indicators, workspace.units, workspace.plan)
    return models, problems


def _parsed_here(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every file this process parses itself (set after forking: the parser is unaffected)."""
    parsed: list[str] = []
    real = yamldoc.parse_yaml

    def spy(text: str, rel: str, problems: list[Problem]) -> yamldoc.Document | None:
        parsed.append(rel)
        return real(text, rel, problems)

    monkeypatch.setattr(yamldoc, "parse_yaml", spy)
    return parsed


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_parsing_ahead_gives_the_same_result(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    alone = _load(case)
    _begin(case)
    parsed_here = _parsed_here(monkeypatch)
    ahead = _load(case)
    assert ahead == alone
    assert preparse._pending is None  # both files were asked for, each once
    if not alone[1]:
        assert parsed_here == []  # valid data: nothing parsed twice


def test_a_file_with_problems_is_parsed_again_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """The parser sends only clean files; the command finds the problems (and positions) itself."""
    case = DATA_CASES / "duplicate-key"
    _begin(case)
    parsed_here = _parsed_here(monkeypatch)
    _, problems = _load(case)
    assert problems and {p.path for p in problems} <= set(parsed_here)


def test_positions_for_rule_problems_come_from_the_text_parsed_ahead(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A warning found after parsing (a deadline that disagrees) still gets its line and column."""
    case = DATA_CASES / "deadline-mismatch"
    _begin(case)
    parsed_here = _parsed_here(monkeypatch)
    _, problems = _load(case)
    assert parsed_here == []
    assert [(p.path, p.line, p.column, p.code) for p in problems] == [
        ("data/indicators.yaml", 20, 18, "deadline-mismatch")
    ]


def _child(behaviour: str) -> Any:
    def run(files: Sequence[tuple[str, str]], out: int) -> None:  # pragma: no cover - in the child
        if behaviour == "garbage":
            os.write(out, b"\x80\x05 not a pickle")
        elif behaviour == "half":
            os.write(out, b"\x80\x05\x95\xff\xff\x00\x00")
        elif behaviour == "wrong shape":
            import pickle

            os.write(out, pickle.dumps({path: "text only" for path, _ in files}))
        elif behaviour == "stall":
            time.sleep(60)
        os._exit(3)

    return run


@pytest.mark.parametrize("behaviour", ["dies", "garbage", "half", "wrong shape", "stall"])
def test_a_failed_parser_costs_nothing_but_time(behaviour: str, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _load(REPO)
    monkeypatch.setattr(preparse, "_parse", _child(behaviour))
    monkeypatch.setattr(preparse, "PATIENCE", 0.2)
    _begin(REPO)
    assert preparse._pending is not None
    pid = preparse._pending.pid
    started = time.monotonic()
    assert _load(REPO) == expected
    assert time.monotonic() - started < 5
    with pytest.raises(ChildProcessError):  # stopped and reaped
        os.waitpid(pid, os.WNOHANG)


def test_each_file_is_taken_once_and_only_if_asked_for() -> None:
    _begin(REPO)
    assert preparse.take(str(REPO / "data" / "other.yaml")) is None
    first = preparse.take(str(REPO / INDICATORS))
    assert first is not None and "indicators" in first.data
    assert first.text == (REPO / INDICATORS).read_text(encoding="utf-8-sig")
    assert preparse.take(str(REPO / INDICATORS)) is None
    assert preparse._pending is not None  # units.yaml is still to come
    units = preparse.take(str(REPO / UNITS))
    assert units is not None and "units" in units.data
    assert preparse._pending is None


def test_discard_stops_a_parser_nobody_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(preparse, "_parse", _child("stall"))
    _begin(REPO)
    assert preparse._pending is not None
    pid = preparse._pending.pid
    preparse.discard()
    assert preparse._pending is None
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_without_fork_nothing_is_parsed_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "fork")
    _begin(REPO)
    assert preparse._pending is None
    assert _load(REPO)[0] is not None


@pytest.mark.parametrize(
    ("argv", "parses", "walks"),
    [
        (["status"], True, True),
        (["validate", "--data-only"], True, False),
        (["init", "--dry-run"], True, False),
        (["show", "27"], True, True),
        (["schema"], False, False),
        (["status", "--help"], False, False),
        ([], False, False),
    ],
)
def test_the_console_entry_parses_ahead_for_commands_that_load_data(
    argv: list[str], parses: bool, walks: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "ws"
    (root / "data").mkdir(parents=True)
    for name in (INDICATORS, UNITS):
        (root / name).write_bytes((REPO / name).read_bytes())
    for n in range(prefetch.MIN_FOLDERS + 1):
        (root / "evidence" / f"{n + 1:03d}").mkdir(parents=True)
    monkeypatch.setenv(prefetch.JOBS_ENV, "2")
    monkeypatch.chdir(root)
    prefetch.begin_from_argv(argv)
    try:
        assert (preparse._pending is not None) == parses
        assert (prefetch._pending is not None) == walks
    finally:
        prefetch.discard()
        preparse.discard()
    monkeypatch.setenv(prefetch.JOBS_ENV, "1")
    prefetch.begin_from_argv(argv)
    assert preparse._pending is None  # FZCJ_JOBS=1: one process does everything


_NO_YAML_PROBE = """\
import sys
from pathlib import Path
from fzcj import prefetch
prefetch.begin_from_argv(["validate", "--data-only", "--root", sys.argv[1]])
from fzcj.workspace import load_data
workspace, problems = load_data(Path(sys.argv[1]).resolve())
print(workspace is not None, problems == [], "yaml" in sys.modules)
"""


def test_a_command_on_valid_data_never_imports_yaml() -> None:
    """The point of parsing ahead: PyYAML's import and the parse happen in the other process."""
    env = {**os.environ, prefetch.JOBS_ENV: "2"}
    result = subprocess.run(
        [sys.executable, "-c", _NO_YAML_PROBE, str(REPO)], capture_output=True, env=env, timeout=60
    )
    assert result.stdout.split() == [b"True", b"True", b"False"], result.stderr.decode()


def test_the_console_entry_reports_broken_data_the_same_either_way(tmp_path: Path) -> None:
    case = DATA_CASES / "bad-date"
    outputs = []
    for jobs in ("1", "2"):
        env = {**os.environ, prefetch.JOBS_ENV: jobs, "NO_COLOR": "1"}
        env.pop("FZCJ_ROOT", None)
        result = subprocess.run(
            [sys.executable, "-m", "fzcj", "validate", "--data-only", "--root", str(case)],
            capture_output=True,
            env=env,
            timeout=60,
        )
        outputs.append((result.returncode, result.stdout, result.stderr))
    assert outputs[0] == outputs[1]
    assert outputs[0][0] != 0 and b"data/indicators.yaml" in outputs[0][1] + outputs[0][2]


@pytest.mark.parametrize(("cpus", "jobs", "parses"), [(1, None, False), (1, "2", True), (2, None, True)])
def test_one_cpu_parses_in_turn(
    cpus: int, jobs: str | None, parses: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On one CPU the parser would only take turns with the command: unless FZCJ_JOBS asks for it."""
    monkeypatch.setattr(prefetch, "available_cpus", lambda: cpus)
    if jobs is None:
        monkeypatch.delenv(prefetch.JOBS_ENV, raising=False)
    else:
        monkeypatch.setenv(prefetch.JOBS_ENV, jobs)
    prefetch.begin_from_argv(["validate", "--data-only", "--root", str(REPO)])
    assert (preparse._pending is not None) == parses


def test_only_regular_files_of_a_usual_size_are_parsed_ahead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A huge file would keep the command waiting, a pipe could block the parser: both stay here."""
    monkeypatch.setattr(preparse, "MAX_BYTES", 1000)
    small, big, pipe = tmp_path / "small.yaml", tmp_path / "big.yaml", tmp_path / "pipe.yaml"
    small.write_text("a: 1\n", encoding="utf-8")
    big.write_text("a: 1\n" + "# 注释\n" * 1000, encoding="utf-8")
    os.mkfifo(pipe)
    preparse.begin([(str(p), p.name) for p in (small, big, pipe, tmp_path / "missing.yaml")])
    assert preparse._pending is not None and preparse._pending.paths == {str(small)}
    ahead = preparse.take(str(small))
    assert ahead is not None and ahead.data == {"a": 1}
    preparse.begin([(str(big), big.name), (str(pipe), pipe.name)])
    assert preparse._pending is None  # nothing worth a process


@pytest.mark.parametrize(
    ("limits", "cpus"), [("max 100000\n", 2), ("100000 100000\n", 1), ("150000 100000\n", 1), ("junk", 2)]
)
def test_a_container_cpu_quota_counts(
    limits: str, cpus: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    quota = tmp_path / "cpu.max"
    quota.write_text(limits, encoding="ascii")
    monkeypatch.setattr(prefetch, "CPU_QUOTA_FILE", str(quota))
    monkeypatch.setattr(os, "sched_getaffinity", lambda _: {0, 1}, raising=False)
    assert prefetch.available_cpus() == cpus
