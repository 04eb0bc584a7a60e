"""Print the command outputs that README.md shows, run in the example workspace at a width of 100.

    python scripts/readme_examples.py > /tmp/out.md

tests/test_docs.py runs the same commands and checks that README.md still shows their real output.
"""

from __future__ import annotations

import os
import shlex
import sys
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


def run(command: str) -> str:
    """Output of one README command (stdout then stderr), as a reader at a 100-column terminal sees it."""
    from fzcj.cli import app

    env = {"COLUMNS": "100", "NO_COLOR": "1", "FZCJ_ROOT": str(EXAMPLE), "TERM": "dumb"}
    old = os.getcwd()
    os.chdir(EXAMPLE)
    try:
        result = CliRunner().invoke(app, shlex.split(command)[1:], env=env)
    finally:
        os.chdir(old)
    return (result.stdout + result.stderr).rstrip() + "\n"


def main() -> None:
    for command in COMMANDS:
        sys.stdout.write(f"```console\n$ {command}\n{run(command)}```\n\n")


if __name__ == "__main__":
    main()
