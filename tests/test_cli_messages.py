"""Every usage mistake gets a Chinese message and exit code 2 — nothing of click's English leaks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fzcj.cli import app

REPO = Path(__file__).resolve().parents[1]
ENGLISH = re.compile(r"\b(Error|Missing|Invalid|Input should|No such|Usage|Got unexpected|is not one of)\b")

MISTAKES = [
    ["show"],
    ["show", "27", "28"],
    ["validate", "--format", "xml"],
    ["status", "--due-within", "x"],
    ["status", "--due-within", "-1"],
    ["status", "--format", "pdf"],
    ["status", "--bogus"],
    ["status", "--unit"],
    ["status", "--as-of", "2022-02-30"],
    ["status", "--indicator", "十一"],
    ["report", "--issue", "0"],
    ["nosuchcommand"],
]


@pytest.mark.parametrize("args", MISTAKES, ids=" ".join)
def test_usage_mistake_is_explained_in_chinese(args: list[str]) -> None:
    result = CliRunner().invoke(app, [*args, "--root", str(REPO)] if args[0] == "status" else args)
    output = result.stdout + result.stderr
    assert result.exit_code == 2, output
    assert result.stderr.startswith("错误："), output
    assert not ENGLISH.search(output), output
    assert "Traceback" not in output


def test_help_is_chinese() -> None:
    for args in (["--help"], ["status", "--help"], ["report", "--help"], ["show", "-h"]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0
        assert "用法：" in result.stdout and "选项" in result.stdout
        assert not ENGLISH.search(result.stdout), result.stdout
