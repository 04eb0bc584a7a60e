"""Print the command outputs that README.md shows, run in the example workspace at a width of 100.

    python scripts/readme_examples.py           # print them
    python scripts/readme_examples.py --write   # replace the block between the markers in README.md

tests/test_docs.py runs the same commands and checks that README.md still shows their real output.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
import tempfile
from pathlib import Path

from typer.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "沙坡头区示例"
COMMANDS = [
    "fzcj status --indicator 二 --as-of 2022-06-15",
    "fzcj status --unit 司法局 --due-within 20 --as-of 2022-06-15",
    "fzcj show 30 --as-of 2022-06-15",
    "fzcj validate",
]
REPORT_COMMANDS = [
    "fzcj report --as-of 2022-06-15",
    "fzcj report --as-of 2022-06-15 --notices",
    "fzcj report --as-of 2022-06-15 --unit 滨河镇",
]
"""Commands that write files: each runs in a fresh copy of the example workspace (README's 周报 section)."""


def run(command: str) -> str:
    """Output of one README command (stdout then stderr), as a reader at a 100-column terminal sees it."""
    if command in REPORT_COMMANDS:
        with tempfile.TemporaryDirectory() as temp:
            workspace = Path(temp) / EXAMPLE.name
            shutil.copytree(EXAMPLE, workspace)
            return _run_in(workspace, command)
    return _run_in(EXAMPLE, command)


def _run_in(workspace: Path, command: str) -> str:
    from fzcj.cli import app

    env = {"COLUMNS": "100", "NO_COLOR": "1", "FZCJ_ROOT": str(workspace), "TERM": "dumb"}
    old = os.getcwd()
    os.chdir(workspace)
    try:
        result = CliRunner().invoke(app, shlex.split(command)[1:], env=env)
    finally:
        os.chdir(old)
    return (result.stdout + result.stderr).rstrip() + "\n"


START, END = "<!-- examples:start -->\n", "<!-- examples:end -->"
REPORT_START, REPORT_END = "<!-- report-examples:start -->\n", "<!-- report-examples:end -->"


def blocks(commands: list[str] = COMMANDS) -> str:
    return "\n".join(f"```console\n$ {command}\n{run(command)}```\n" for command in commands)


def _replace(text: str, start: str, end: str, block: str) -> str:
    head, _, rest = text.partition(start)
    _, _, tail = rest.partition(end)
    return head + start + block + end + tail


def main() -> None:
    if "--write" not in sys.argv[1:]:
        sys.stdout.write(blocks() + blocks(REPORT_COMMANDS))
        return
    readme = REPO / "README.md"
    text = _replace(readme.read_text("utf-8"), START, END, blocks())
    readme.write_text(_replace(text, REPORT_START, REPORT_END, blocks(REPORT_COMMANDS)), "utf-8")


if __name__ == "__main__":
    main()
