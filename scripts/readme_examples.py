"""Print the command outputs that README.md shows, run in the example workspace at a width of 100.

    python scripts/readme_examples.py           # print them
    python scripts/readme_examples.py --write   # replace the block between the markers in README.md

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
    "fzcj review list --returned",
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


START, END = "<!-- examples:start -->\n", "<!-- examples:end -->"


def blocks() -> str:
    return "\n".join(f"```console\n$ {command}\n{run(command)}```\n" for command in COMMANDS)


def main() -> None:
    if "--write" not in sys.argv[1:]:
        sys.stdout.write(blocks())
        return
    readme = REPO / "README.md"
    text = readme.read_text("utf-8")
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    readme.write_text(head + START + blocks() + END + tail, "utf-8")


if __name__ == "__main__":
    main()
