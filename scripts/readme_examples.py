"""Print the command outputs that README.md shows, run in the example workspace at a width of 100.

    python scripts/readme_examples.py           # print them
    python scripts/readme_examples.py --write   # replace the blocks between the markers in README.md

The second block is the office's weekly round trip (pack → the unit fills the folders → intake → show), run
on a copy of the example workspace with the intake clock set to 2022-06-15 09:30.
tests/test_docs.py runs the same commands and checks that README.md still shows their real output.
"""

from __future__ import annotations

import datetime as dt
import os
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
    "fzcj validate",
]


def run(command: str, where: Path = EXAMPLE) -> str:
    """Output of one README command (stdout then stderr), as a reader at a 100-column terminal sees it."""
    from fzcj.cli import app

    env = {"COLUMNS": "100", "NO_COLOR": "1", "FZCJ_ROOT": str(where), "TERM": "dumb"}
    old = os.getcwd()
    os.chdir(where)
    try:
        result = CliRunner().invoke(app, shlex.split(command)[1:], env=env)
    finally:
        os.chdir(old)
    return (result.stdout + result.stderr).rstrip() + "\n"


START, END = "<!-- examples:start -->\n", "<!-- examples:end -->"
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


def blocks() -> str:
    return "\n".join(block(command, run(command)) for command in COMMANDS)


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
        folder = next(n.rsplit("/", 1)[0] for n in files if n.split("/")[1].startswith(task + " "))
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


def _replace(text: str, start: str, end: str, body: str) -> str:
    head, _, rest = text.partition(start)
    _, _, tail = rest.partition(end)
    return head + start + body + end + tail


def main() -> None:
    if "--write" not in sys.argv[1:]:
        sys.stdout.write(blocks() + "\n" + round_trip())
        return
    readme = REPO / "README.md"
    text = _replace(readme.read_text("utf-8"), START, END, blocks())
    readme.write_text(_replace(text, TRIP_START, TRIP_END, round_trip()), "utf-8")


if __name__ == "__main__":
    main()
