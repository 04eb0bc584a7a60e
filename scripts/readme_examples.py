"""Print the command outputs that README.md shows, run at a width of 100.

    python scripts/readme_examples.py           # print them
    python scripts/readme_examples.py --write   # replace the blocks between the markers in README.md

Two blocks: the commands run in the example workspace, and the walkthrough for another county (中宁县):
``fzcj new`` from a Word table built from the bundled one (``scripts/county_tables.py``) → ``validate`` →
the edit → ``validate`` clean → ``status``, in a temporary folder. tests/test_docs.py runs the same
commands and checks that README.md still shows their real output.
"""

from __future__ import annotations

import os
import re
import shlex
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
    "fzcj show 24 --as-of 6月15日",
    "fzcj validate",
    "fzcj validate --unit 司法局",
]


def run(command: str, where: Path = EXAMPLE) -> str:
    """Output of one README command (stdout then stderr), as a reader at a 100-column terminal sees it,
    run in the folder ``where``."""
    from fzcj.cli import app

    env = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
    env["FZCJ_ROOT"] = str(where) if where == EXAMPLE else None  # type: ignore[assignment]
    old = os.getcwd()
    os.chdir(where)
    try:
        result = CliRunner().invoke(app, shlex.split(command)[1:], env=env)
    finally:
        os.chdir(old)
    return (result.stdout + result.stderr).rstrip() + "\n"


START, END = "<!-- examples:start -->\n", "<!-- examples:end -->"
NEW_START, NEW_END = "<!-- new-county:start -->\n", "<!-- new-county:end -->"


def blocks() -> str:
    return "\n".join(f"```console\n$ {command}\n{run(command)}```\n" for command in COMMANDS)


# ── another county ──

TABLE = "中宁县法治政府建设示范创建指标和任务分解表.docx"
NEW_COMMAND = f"fzcj new 中宁县 --from {TABLE} --year 2023 --office 县委依法治县办"
TOWNS = [
    "宁安镇",
    "鸣沙镇",
    "石空镇",
    "新堡镇",
    "恩和镇",
    "大战场镇",
    "舟塔乡",
    "白马乡",
    "余丁乡",
    "喊叫水乡",
    "徐套乡",
]
STATUS_COMMAND = "fzcj status --indicator 二 --as-of 2023-06-15"
_MARK = re.compile(r"^\s*# 请核对.*\n", re.MULTILINE)


def town_entries() -> str:
    return "".join(f"- name: {town}\n  type: 乡镇\n" for town in TOWNS)


def edit(workspace: Path) -> None:
    """What the office does after checking every 请核对: the towns added and made the members of
    各乡镇, and the checked comments deleted."""
    units = workspace / "data" / "units.yaml"
    text = units.read_text("utf-8").replace("groups:\n", town_entries() + "groups:\n", 1)
    text = text.replace("  members: []\n", f"  members: [{', '.join(TOWNS)}]\n", 1)
    units.write_text(_MARK.sub("", text), "utf-8")
    indicators = workspace / "data" / "indicators.yaml"
    indicators.write_text(_MARK.sub("", indicators.read_text("utf-8")), "utf-8")


def console(command: str, output: str, cd: str = "") -> str:
    return f"```console\n{cd}$ {command}\n{output}```\n"


def new_county_blocks() -> str:
    """The walkthrough, run in a temporary folder."""
    from county_tables import other_county_docx

    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        other_county_docx(folder)
        workspace = folder / "中宁县"
        parts = [console(NEW_COMMAND, run(NEW_COMMAND, folder))]
        parts.append(
            "进入新工作区检查：一个错误（“各乡镇”还没有成员），其余是要核对的地方，逐条给出文件和行号：\n"
        )
        parts.append(console("fzcj validate", run("fzcj validate", workspace), "$ cd 中宁县\n"))
        parts.append(
            "逐条核对。表中没有列出乡镇，在 `data/units.yaml` 的单位末尾添加本县乡镇（以下仅为示例，请以本地实际为准），"
            "并列为“各乡镇”的成员；每处核对、改好后删去那行 `# 请核对` 注释：\n"
        )
        parts.append(
            f"```yaml\n{town_entries()}groups:\n- name: 各乡镇\n  members: [{', '.join(TOWNS)}]\n```\n"
        )
        edit(workspace)
        parts.append("再检查一遍，已没有问题；之后就可以 `fzcj init` 建文件夹、`fzcj status` 看进度：\n")
        parts.append(console("fzcj validate", run("fzcj validate", workspace)))
        parts.append(console(STATUS_COMMAND, run(STATUS_COMMAND, workspace)))
    return "\n".join(parts)


def _replace(text: str, start: str, end: str, block: str) -> str:
    head, _, rest = text.partition(start)
    _, _, tail = rest.partition(end)
    return head + start + block + end + tail


def main() -> None:
    if "--write" not in sys.argv[1:]:
        sys.stdout.write(blocks() + "\n" + new_county_blocks())
        return
    readme = REPO / "README.md"
    text = _replace(readme.read_text("utf-8"), START, END, blocks())
    readme.write_text(_replace(text, NEW_START, NEW_END, new_county_blocks()), "utf-8")


if __name__ == "__main__":
    main()
