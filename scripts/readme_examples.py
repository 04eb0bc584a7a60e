"""Print the command outputs that README.md shows, run at a width of 100.

    python scripts/readme_examples.py           # print them
    python scripts/readme_examples.py --write   # replace the blocks between the markers in README.md

Three blocks: the commands run in the example workspace; the office's weekly round trip (pack → the unit
fills the folders → intake → show), run on a copy of the example workspace with the intake clock set to
2022-06-15 09:30; and the walkthrough for another county (中宁县): ``fzcj new`` from a Word table built
from the bundled one (``scripts/county_tables.py``) → ``validate`` → the edit → ``validate`` clean →
``status``, in a temporary folder. tests/test_docs.py runs the same commands and checks that README.md
still shows their real output.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path
from unittest import mock

from typer.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "沙坡头区示例"
COMMANDS = [
    "fzcj status --indicator 二 --as-of 2022-06-15",
    "fzcj status --unit 司法局 --due-within 20 --as-of 2022-06-15",
    "fzcj show 30 --as-of 2022-06-15",
    "fzcj show 24 --as-of 6月15日",
    "fzcj review list --returned",
    "fzcj validate",
    "fzcj validate --unit 司法局",
]
REPORT_COMMANDS = [
    "fzcj report --as-of 2022-06-15",
    "fzcj report --as-of 2022-06-15 --notices",
    "fzcj report --as-of 2022-06-15 --unit 滨河镇",
]
"""Commands that write files: each runs in a fresh copy of the example workspace (README's 周报 section)."""
DELIVERABLES = [
    "fzcj export --as-of 2022-06-15 -o 台账.xlsx",
    "fzcj package --as-of 2022-06-15 -o 迎检材料.zip",
    "fzcj package --as-of 2022-06-15 -o 审核通过的材料.zip --accepted-only",
]
"""The 台账 and the package: they write files too (README's 台账和迎检材料包 section)."""


def run(command: str, where: Path = EXAMPLE) -> str:
    """Output of one README command (stdout then stderr), as a reader at a 100-column terminal sees it,
    run in the folder ``where`` (a command that writes files: in a fresh copy of the example)."""
    if command in REPORT_COMMANDS + DELIVERABLES and where == EXAMPLE:
        with tempfile.TemporaryDirectory() as temp:
            workspace = Path(temp) / EXAMPLE.name
            shutil.copytree(EXAMPLE, workspace)
            return run(command, workspace)
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
REPORT_START, REPORT_END = "<!-- report-examples:start -->\n", "<!-- report-examples:end -->"
DELIVERABLES_START, DELIVERABLES_END = "<!-- deliverables:start -->\n", "<!-- deliverables:end -->"
TRIP_START, TRIP_END = "<!-- roundtrip:start -->\n", "<!-- roundtrip:end -->"
PACK = "fzcj pack --unit 司法局 --as-of 2022-06-15"
SENT_BACK = "区司法局报送材料.zip"
TRIP = [
    f"fzcj intake ~/下载/{SENT_BACK}",
    f"fzcj intake ~/下载/{SENT_BACK} --apply",
    "fzcj show 27 --as-of 2022-06-15",
]
CLERK_ADDS = {  # what 区司法局's clerk puts into the unpacked folders before zipping them again
    "027": {
        "1-合法性审查情况说明.pdf": b"%PDF-1.7\n...\n%%EOF\n",
        "2-审查意见/审查意见一.pdf": b"%PDF-1.7\n1\n%%EOF\n",
        "2-审查意见/审查意见二.pdf": b"%PDF-1.7\n2\n%%EOF\n",
        "2-审查意见/审查意见三.pdf": b"%PDF-1.7\n3 (the download stopped here",
    },
}
CLERK_ALSO = {"新建文本文档.txt": b"", "Thumbs.db": b"\0"}  # what a clerk's folder also holds


def block(command: str, output: str) -> str:
    return f"```console\n$ {command}\n{output}```\n"


def blocks(commands: list[str] = COMMANDS) -> str:
    return "\n".join(block(command, run(command)) for command in commands)


class _WindowsName(zipfile.ZipInfo):
    """A member named in GBK without the UTF-8 flag (zipfile asks this method for the name's bytes)."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def clerk_zip(packed: Path, dest: Path) -> None:
    """Unpack, add files in the unit's folders, and zip the folder the way Windows' 压缩(zipped)文件夹 does:
    GBK names without the UTF-8 flag, entries marked as made on FAT."""
    with zipfile.ZipFile(packed) as zf:
        files = {i.filename: zf.read(i) for i in zf.infolist() if not i.is_dir()}
    top = next(iter(files)).split("/")[0]
    for task, added in CLERK_ADDS.items():
        folder = next(
            f"{top}/{n.split('/')[1]}/区司法局"
            for n in files
            if n.split("/")[1] == task or n.split("/")[1].startswith(task + " ")
        )
        files.update({f"{folder}/{name}": data for name, data in added.items()})
    files.update({f"{top}/{name}": data for name, data in CLERK_ALSO.items()})
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            info = _WindowsName(name, (2022, 6, 15, 9, 0, 0))
            info.create_system, info.compress_type = 0, zipfile.ZIP_DEFLATED
            zf.writestr(info, data)


def round_trip() -> str:
    """The round-trip block: pack, the clerk's part (as a sentence), intake, intake --apply, show."""
    with tempfile.TemporaryDirectory(prefix="fzcj-readme-") as tmp:
        home = Path(tmp)
        where = home / "沙坡头区示例"
        shutil.copytree(EXAMPLE, where)
        (home / "下载").mkdir()
        parts = [block(PACK, run(PACK, where))]
        clerk_zip(next((where / "packs").iterdir()), home / "下载" / SENT_BACK)
        with mock.patch("fzcj.evidence.intake_apply.clock", return_value=dt.datetime(2022, 6, 15, 9, 30)):
            for command in TRIP:
                parts.append(block(command, run(command.replace("~", str(home)), where)))
        return "\n".join(parts)


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
        parts = (blocks(), blocks(REPORT_COMMANDS), blocks(DELIVERABLES), round_trip(), new_county_blocks())
        sys.stdout.write("\n".join(parts))
        return
    readme = REPO / "README.md"
    text = _replace(readme.read_text("utf-8"), START, END, blocks())
    text = _replace(text, REPORT_START, REPORT_END, blocks(REPORT_COMMANDS))
    text = _replace(text, DELIVERABLES_START, DELIVERABLES_END, blocks(DELIVERABLES))
    text = _replace(text, TRIP_START, TRIP_END, round_trip())
    readme.write_text(_replace(text, NEW_START, NEW_END, new_county_blocks()), "utf-8")


if __name__ == "__main__":
    main()
