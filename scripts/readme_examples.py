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
DELIVERABLES = [
    "fzcj export --as-of 2022-06-15 -o 台账.xlsx",
    "fzcj package --as-of 2022-06-15 -o 迎检材料.zip",
]
"""Commands that write files: run in a copy of the example, shown in the README's own section."""


def run(command: str) -> str:
    """Output of one README command (stdout then stderr), as a reader at a 100-column terminal sees it.

    A command that writes files runs in a temporary copy of the example workspace."""
    if command in DELIVERABLES:
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / EXAMPLE.name
            shutil.copytree(EXAMPLE, copy)
            return _run_in(copy, command)
    return _run_in(EXAMPLE, command)


def _run_in(folder: Path, command: str) -> str:
    from fzcj.cli import app

    env = {"COLUMNS": "100", "NO_COLOR": "1", "FZCJ_ROOT": str(folder), "TERM": "dumb"}
    old = os.getcwd()
    os.chdir(folder)
    try:
        result = CliRunner().invoke(app, shlex.split(command)[1:], env=env)
    finally:
        os.chdir(old)
    return (result.stdout + result.stderr).rstrip() + "\n"


SECTIONS = {"examples": COMMANDS, "deliverables": DELIVERABLES}
"""The README's example regions (between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->``)."""


def blocks(commands: list[str] = COMMANDS) -> str:
    return "\n".join(f"```console\n$ {command}\n{run(command)}```\n" for command in commands)


def main() -> None:
    if "--write" not in sys.argv[1:]:
        sys.stdout.write("\n".join(blocks(commands) for commands in SECTIONS.values()))
        return
    readme = REPO / "README.md"
    text = readme.read_text("utf-8")
    for name, commands in SECTIONS.items():
        start, end = f"<!-- {name}:start -->\n", f"<!-- {name}:end -->"
        head, _, rest = text.partition(start)
        _, _, tail = rest.partition(end)
        text = head + start + blocks(commands) + end + tail
    readme.write_text(text, "utf-8")


if __name__ == "__main__":
    main()
