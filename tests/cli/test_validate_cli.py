"""``fzcj validate`` end to end: exit code, stdout and stderr together, in every output format.

Problems go to stdout (one ``path:line:col: 错误：message (code)`` per line, severity in Chinese), the summary line to
stderr; exit codes are 0 (clean), 1 (problems), 2 (usage), 3 (no workspace).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from fzcj.cli import app
from helpers import DATA_CASES, REPO

ENV: dict[str, str | None] = {
    "FZCJ_ROOT": None,
    "GITHUB_ACTIONS": None,
    "NO_COLOR": "1",
    "FORCE_COLOR": None,
    "COLUMNS": "200",
}
TEXT_LINE = re.compile(
    r"^(?P<path>[^:\s]+)(?::(?P<line>\d+):(?P<col>\d+))?: (?P<sev>错误|警告|提示)：(?P<msg>.+) \((?P<code>[a-z-]+)\)$"
)
SEVERITY = {"错误": "error", "警告": "warning", "提示": "info"}
UNKNOWN_LEAD = DATA_CASES / "unknown-lead-unit"
ONE_ERROR = "共发现 1 个错误、0 个警告、0 条提示。\n"


def run(*args: str, env: Mapping[str, str | None] | None = None) -> Result:
    """``fzcj <args>`` in-process; the output never holds a traceback."""
    result = CliRunner().invoke(app, list(args), env={**ENV, **(env or {})}, prog_name="fzcj")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.stdout + result.stderr
    return result


@pytest.fixture
def clean_workspace(tmp_path: Path) -> Path:
    """The minimal valid workspace with an (empty) evidence folder."""
    root = tmp_path / "ws"
    shutil.copytree(DATA_CASES / "valid-minimal" / "data", root / "data")
    (root / "evidence").mkdir()
    return root


def parse_text(stdout: str) -> set[tuple[str, int, int, str, str]]:
    found = set()
    for line in stdout.splitlines():
        match = TEXT_LINE.match(line)
        assert match, f"not a problem line: {line!r}"
        found.add(
            (
                match["path"],
                int(match["line"] or 0),
                int(match["col"] or 0),
                match["code"],
                SEVERITY[match["sev"]],
            )
        )
    return found


def expected_of(case: str) -> set[tuple[str, int, int, str, str]]:
    result = set()
    for raw in (DATA_CASES / case / "expected.txt").read_text(encoding="utf-8").splitlines():
        if raw.strip() and not raw.startswith("#"):
            where, code, *rest = raw.split(" | ")[0].split()
            path, line, col = where.rsplit(":", 2)
            result.add((path, int(line), int(col), code, rest[0] if rest else "error"))
    return result


# ── results ────────────────────────────────────────────────────────────────────────────────────


def test_clean_workspace_exits_0_with_summary_on_stderr(clean_workspace: Path) -> None:
    """Clean data and evidence: exit 0, nothing on stdout, “检查通过” on stderr."""
    result = run("validate", "--root", str(clean_workspace))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "检查通过：没有发现问题。\n")


def test_bundled_data_passes_data_only() -> None:
    """The repository's own data passes ``validate --data-only``."""
    result = run("validate", "--root", str(REPO), "--data-only")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "检查通过：没有发现问题。\n")


@pytest.mark.parametrize(
    "case", ["unknown-lead-unit", "group-cycle", "yaml-missing-colon", "gbk-encoding", "missing-units-file"]
)
def test_broken_case_exits_1_with_problem_lines(case: str) -> None:
    """A broken workspace: exit 1, one ``path:line:col: 错误：message (code)`` line per expected problem."""
    result = run("validate", "--root", str(DATA_CASES / case), "--data-only")
    assert result.exit_code == 1
    assert parse_text(result.stdout) == expected_of(case)
    errors = len(expected_of(case))
    assert result.stderr == f"共发现 {errors} 个错误、0 个警告、0 条提示。\n"


def test_text_line_shows_the_message() -> None:
    """The text line is exactly ``path:line:col: 错误：message (code)``."""
    result = run("validate", "--root", str(UNKNOWN_LEAD), "--data-only")
    assert result.stdout == (
        "data/indicators.yaml:16:17: 错误：未知单位「区司法」，是不是「区司法局」或「司法局」？"
        "（单位名称和简称见 data/units.yaml） (unknown-unit)\n"
    )
    assert result.stderr == ONE_ERROR


def test_problem_without_position_has_no_line_numbers() -> None:
    """A missing file is shown as ``path: 错误：…`` without ``:0:0``."""
    result = run("validate", "--root", str(DATA_CASES / "missing-units-file"), "--data-only")
    assert result.stdout == "data/units.yaml: 错误：文件不存在 (missing-file)\n"


def test_data_problems_stop_before_the_evidence_check() -> None:
    """Without --data-only, broken data gives the same problems (the evidence is not scanned)."""
    result = run("validate", "--root", str(UNKNOWN_LEAD))
    assert result.exit_code == 1
    assert parse_text(result.stdout) == expected_of("unknown-lead-unit")


# ── formats ────────────────────────────────────────────────────────────────────────────────────


def test_json_format_has_summary_and_problems() -> None:
    """``--format json`` prints one JSON document (summary and problems) and nothing on stderr."""
    result = run("validate", "--root", str(DATA_CASES / "group-cycle"), "--data-only", "--format", "json")
    assert result.exit_code == 1
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert data["summary"] == {"error": 2, "warning": 0, "info": 0}
    assert [(p["path"], p["line"], p["column"], p["severity"], p["code"]) for p in data["problems"]] == [
        ("data/units.yaml", 12, 14, "error", "group-cycle"),
        ("data/units.yaml", 14, 14, "error", "group-cycle"),
    ]
    assert "各乡镇" in data["problems"][0]["message"]


def test_json_format_for_clean_data(clean_workspace: Path) -> None:
    """Clean data in JSON: exit 0, zero counts, empty problem list."""
    result = run("validate", "--root", str(clean_workspace), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"summary": {"error": 0, "warning": 0, "info": 0}, "problems": []}


GITHUB_LINE = (
    "::error file=data/indicators.yaml,line=16,col=17,title=unknown-unit::"
    "未知单位「区司法」，是不是「区司法局」或「司法局」？（单位名称和简称见 data/units.yaml）\n"
)


def test_github_format_gives_annotations() -> None:
    """``--format github`` prints ``::error file=…,line=…,col=…`` workflow commands."""
    result = run("validate", "--root", str(UNKNOWN_LEAD), "--data-only", "--format", "github")
    assert (result.exit_code, result.stdout, result.stderr) == (1, GITHUB_LINE, ONE_ERROR)


def test_auto_format_on_github_actions_gives_annotations() -> None:
    """With ``GITHUB_ACTIONS=true`` the default format is GitHub annotations."""
    result = run("validate", "--root", str(UNKNOWN_LEAD), "--data-only", env={"GITHUB_ACTIONS": "true"})
    assert (result.exit_code, result.stdout, result.stderr) == (1, GITHUB_LINE, ONE_ERROR)


def test_explicit_text_format_wins_on_github_actions() -> None:
    """``--format text`` prints text lines even on GitHub Actions."""
    result = run(
        "validate",
        "--root",
        str(UNKNOWN_LEAD),
        "--data-only",
        "--format",
        "text",
        env={"GITHUB_ACTIONS": "true"},
    )
    assert result.exit_code == 1
    assert result.stdout.startswith("data/indicators.yaml:16:17: 错误：")


def test_github_format_for_a_warning() -> None:
    """A warning becomes a ``::warning`` annotation."""
    result = run(
        "validate", "--root", str(DATA_CASES / "materials-and-reference"), "--data-only", "--format", "github"
    )
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "::warning file=data/indicators.yaml,line=30,col=29,title=materials-and-reference::"
    )


# ── --strict ───────────────────────────────────────────────────────────────────────────────────


def test_warnings_alone_pass() -> None:
    """Only warnings: exit 0, the warning is still printed."""
    result = run("validate", "--root", str(DATA_CASES / "materials-and-reference"), "--data-only")
    assert result.exit_code == 0
    assert parse_text(result.stdout) == expected_of("materials-and-reference")
    assert result.stderr == "共发现 0 个错误、1 个警告、0 条提示。\n"


def test_strict_makes_warnings_fail() -> None:
    """``--strict``: the same warnings give exit 1, same output."""
    result = run("validate", "--root", str(DATA_CASES / "materials-and-reference"), "--data-only", "--strict")
    assert result.exit_code == 1
    assert parse_text(result.stdout) == expected_of("materials-and-reference")
    assert result.stderr == "共发现 0 个错误、1 个警告、0 条提示。\n"


def test_strict_on_clean_data_passes(clean_workspace: Path) -> None:
    """``--strict`` on clean data still exits 0."""
    assert run("validate", "--root", str(clean_workspace), "--strict").exit_code == 0


# ── finding the workspace ──────────────────────────────────────────────────────────────────────


def test_root_that_does_not_exist_is_a_usage_error(tmp_path: Path) -> None:
    """``--root`` to a missing folder: exit 2, Chinese message naming the folder, nothing on stdout."""
    missing = tmp_path / "没有这个目录"
    result = run("validate", "--root", str(missing))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"错误：--root 指定的工作区目录不存在：{missing}\n"


def test_root_without_data_is_a_usage_error(tmp_path: Path) -> None:
    """``--root`` to a folder without data/indicators.yaml: exit 2, says what is missing."""
    result = run("validate", "--root", str(tmp_path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "data/indicators.yaml" in result.stderr
    assert result.stderr.startswith("错误：")


def test_outside_any_workspace_exits_3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No --root, no FZCJ_ROOT and no data/ upward: exit 3 with a Chinese hint at --root."""
    monkeypatch.chdir(tmp_path)
    result = run("validate")
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr.startswith("错误：找不到创建工作区")
    assert "--root" in result.stderr
    assert "FZCJ_ROOT" in result.stderr


def test_workspace_is_found_from_a_subfolder(clean_workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run inside ``evidence/``: the workspace above is found, like git finds .git."""
    monkeypatch.chdir(clean_workspace / "evidence")
    result = run("validate")
    assert (result.exit_code, result.stdout) == (0, "")


def test_fzcj_root_environment_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``FZCJ_ROOT`` selects the workspace when there is no --root."""
    monkeypatch.chdir(tmp_path)
    result = run("validate", "--data-only", env={"FZCJ_ROOT": str(UNKNOWN_LEAD)})
    assert result.exit_code == 1
    assert parse_text(result.stdout) == expected_of("unknown-lead-unit")


def test_root_option_wins_over_environment(clean_workspace: Path) -> None:
    """``--root`` beats ``FZCJ_ROOT``."""
    result = run("validate", "--root", str(clean_workspace), env={"FZCJ_ROOT": str(UNKNOWN_LEAD)})
    assert (result.exit_code, result.stdout) == (0, "")


def test_fzcj_root_to_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    """A ``FZCJ_ROOT`` that does not exist is reported like a bad --root."""
    result = run("validate", env={"FZCJ_ROOT": str(tmp_path / "nope")})
    assert result.exit_code == 2
    assert "不存在" in result.stderr


# ── usage errors ───────────────────────────────────────────────────────────────────────────────


def test_unknown_option_is_a_chinese_usage_error() -> None:
    """An unknown option: exit 2, Chinese message and a pointer to --help, nothing on stdout."""
    result = run("validate", "--bogus")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "错误：没有这个选项：--bogus\n用 fzcj validate --help 查看用法。\n"


def test_validate_help_is_chinese() -> None:
    """``fzcj validate --help`` exits 0 with Chinese labels and every option."""
    result = run("validate", "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith("用法：fzcj validate")
    for option in ("--root", "--format", "--strict", "--data-only"):
        assert option in result.stdout
    assert "Usage" not in result.stdout


def test_help_does_not_import_python_docx() -> None:
    """``fzcj --help`` stays light: python-docx is not imported."""
    code = (
        "import sys\n"
        "try:\n"
        "  from fzcj.cli import app; app(['--help'])\n"
        "except SystemExit: pass\n"
        "assert 'docx' not in sys.modules, 'docx imported'\n"
        "print('docx-checked')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "用法" in result.stdout
    assert result.stdout.rstrip().endswith("docx-checked")
