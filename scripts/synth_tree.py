"""Build a deterministic synthetic fzcj workspace (data files + a large evidence tree) for benchmarks.

    python scripts/synth_tree.py DEST --files 100000 [--seed 0] [--file-kb N] [--force]

The workspace is ``DEST/data`` (a copy of the repository's ``data/``) and ``DEST/evidence`` laid out
by the usual convention::

    evidence/027 行政规范性文件的合法性审核/区司法局/1-情况说明3.pdf
    evidence/027 行政规范性文件的合法性审核/区司法局/2-审查意见/审查意见1.pdf

Task folders are ``<3-digit task id> <short title>`` (``加1 …`` for the non-numeric ids; tasks with
``materials_from`` get none). Provider folders are canonical unit names: a material's ``providers``
(groups such as 各乡镇 expanded), by default the task's ``lead_units``. Files carry the item number
``n`` of material ``<task>.n`` (directly, or through an item subfolder ``n-<name>/``); 网址 items get
``.url`` shortcuts. About 2 % of the files are empty and about 1 % are junk (``Thumbs.db``,
``~$….docx``, ``.DS_Store``); the others hold a few bytes, or with ``--file-kb N`` about N KiB each that
pass fzcj's content check (for the package benchmark: 10,000 files of 128 KiB are about 1 GB). The same ``files`` and ``seed`` always give the same tree. A marker file ``synth-marker.json``
recording the parameters (and a hash of the data files) is written last, so a half-built tree is
never mistaken for a finished one.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import random
import re
import shutil
import sys
import time
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
DATA_DIR = REPO / "data"
MARKER = "synth-marker.json"
MARKER_VERSION = 2  # bump whenever the layout changes, so old trees are rebuilt

EMPTY_RATE = 0.02
JUNK_CONTENT = b"\x00junk"
JUNK_RATE = 0.01
SUBFOLDER_RATE = 0.6  # chance that a (task, unit) files a given item in an ``n-<name>/`` subfolder
TITLE_CHARS = 14
MIN_TITLE_CHARS = 6

DOC_NAMES = (
    "情况说明",
    "工作方案",
    "实施方案",
    "审查意见",
    "会议纪要",
    "通知",
    "事项清单",
    "工作台账",
    "工作总结",
    "现场照片",
    "制度文件",
    "培训记录",
    "网页截图",
    "统计表",
    "承诺书",
    "案卷目录",
)
LINK_NAMES = ("公开网址", "网站链接", "专栏网址")
EXTENSIONS = (".pdf",) * 14 + (".docx", ".docx", ".jpg", ".xlsx")
TITLE_BREAK = re.compile(r"[，。；;：:、,.“”\"'（）()《》【】\[\]/\\%！？!?\s]")


@dataclass
class Bucket:
    """One directory that receives files: a provider folder or an item subfolder inside one."""

    path: str  # relative to evidence/
    items: tuple[tuple[str, bool], ...]  # (name prefix "n-" or "", is a 网址 item) to draw from
    weight: float
    count: int = 0
    names: set[str] = field(default_factory=set)
    entries: list[tuple[str, bytes]] = field(default_factory=list)


def _task_folder(task_id: str, text: str) -> str:
    number = task_id.zfill(3) if task_id.isdigit() else task_id
    title = ""
    for part in TITLE_BREAK.split(text):
        title += part
        if len(title) >= MIN_TITLE_CHARS:
            break
    title = title[:TITLE_CHARS] or "任务"
    return f"{number} {title}"


def _unit_expander(units_file: dict[str, Any]) -> Callable[[list[Any]], list[str]]:
    """A function mapping unit names, aliases and groups (like 各乡镇) to canonical unit names."""
    canonical: dict[str, str] = {}
    for unit in units_file.get("units") or []:
        name = str(unit["name"])
        canonical[name] = name
        for alias in unit.get("aliases") or []:
            canonical.setdefault(str(alias), name)
    groups: dict[str, list[str]] = {}
    for group in units_file.get("groups") or []:
        for key in [group["name"], *(group.get("aliases") or [])]:
            groups[str(key)] = [str(member) for member in group.get("members") or []]

    def expand_one(name: str, seen: frozenset[str]) -> list[str]:
        if name in groups and name not in seen:
            return [unit for member in groups[name] for unit in expand_one(member, seen | {name})]
        return [canonical.get(name, name)]

    def expand(names: list[Any]) -> list[str]:
        return list(dict.fromkeys(unit for name in names for unit in expand_one(str(name), frozenset())))

    return expand


def _buckets(data_dir: Path, rng: random.Random) -> list[Bucket]:
    """The directories to fill: every unit that owes material for a task, plus some item subfolders.

    A material's providers default to the task's lead units; a task without material items gets
    folders for its lead units holding files without an item number.
    """
    indicators = yaml.safe_load((data_dir / "indicators.yaml").read_text(encoding="utf-8"))
    expand = _unit_expander(yaml.safe_load((data_dir / "units.yaml").read_text(encoding="utf-8")))
    # indicators sit at the top level of the file; also accept them nested under ``campaign``.
    top = indicators.get("indicators") or (indicators.get("campaign") or {}).get("indicators") or []
    tasks = [task for indicator in top for section in indicator["sections"] for task in section["tasks"]]
    buckets: list[Bucket] = []
    for task in tasks:
        if task.get("materials_from"):
            continue
        folder = _task_folder(str(task["id"]), str(task.get("text", "")))
        leads = task.get("lead_units") or []
        materials = task.get("materials") or []
        owed: dict[str, list[tuple[str, bool]]] = (
            {unit: [] for unit in expand(leads)} if not materials else {}
        )
        for material in materials:
            item = (str(material["id"]).split(".", 1)[-1] + "-", material.get("kind") == "url")
            for unit in expand(material.get("providers") or leads):
                owed.setdefault(unit, []).append(item)
        for unit, items in owed.items():
            unit_dir = f"{folder}/{unit}"
            buckets.append(Bucket(unit_dir, tuple(items) or (("", False),), rng.uniform(0.3, 1.7)))
            for prefix, url in items:
                if rng.random() < SUBFOLDER_RATE:
                    sub = f"{unit_dir}/{prefix}{rng.choice(DOC_NAMES)}"
                    buckets.append(Bucket(sub, (("", url),), rng.uniform(0.3, 1.7)))
    return buckets


def _allocate(buckets: list[Bucket], files: int) -> None:
    """Split ``files`` over the buckets in proportion to their weights (largest remainder)."""
    total = sum(b.weight for b in buckets)
    shares = [files * b.weight / total for b in buckets]
    for bucket, share in zip(buckets, shares, strict=True):
        bucket.count = int(share)
    left = files - sum(b.count for b in buckets)
    order = sorted(range(len(buckets)), key=lambda i: (int(shares[i]) - shares[i], i))
    for i in order[:left]:
        buckets[i].count += 1


def _file_name(bucket: Bucket, rng: random.Random, serial: int) -> tuple[str, bytes]:
    """Pick a name not yet used in the bucket and the bytes to write."""
    roll = rng.random()
    if roll < JUNK_RATE:
        junk = rng.choice(("Thumbs.db", ".DS_Store", "~$lock"))
        name = f"~${rng.choice(DOC_NAMES)}{serial}.docx" if junk == "~$lock" else junk
        if name in bucket.names:
            name = f"~$lock{serial}.docx"
        return name, JUNK_CONTENT
    prefix, url = rng.choice(bucket.items)
    empty = roll < JUNK_RATE + EMPTY_RATE
    if url:
        name = f"{prefix}{rng.choice(LINK_NAMES)}{serial}.url"
        content = b"[InternetShortcut]\r\nURL=https://www.example.gov.cn/%d\r\n" % serial
    else:
        name = f"{prefix}{rng.choice(DOC_NAMES)}{serial}{rng.choice(EXTENSIONS)}"
        content = b"%%synthetic %d\n" % serial
    return name, b"" if empty else content


class Filler:
    """Contents of about ``file_kb`` KiB (0.5 to 1.5 times that) that pass fzcj's content check for
    their type: PDF header and trailer, Office files that are real zips with their main part, JPEG
    start bytes. The bytes come from one seeded random block, so they do not compress."""

    VARIANTS = 8

    def __init__(self, file_kb: int, rng: random.Random) -> None:
        self.block = rng.randbytes(4 << 20)
        self.sizes = [int(file_kb * 1024 * (0.5 + i / (self.VARIANTS - 1))) for i in range(self.VARIANTS)]
        self.office = {
            suffix: [self._office(main, size) for size in self.sizes]
            for suffix, main in ((".docx", "word/document.xml"), (".xlsx", "xl/workbook.xml"))
        }

    def _bytes(self, size: int, offset: int = 0) -> bytes:
        offset %= len(self.block) - size if size < len(self.block) else 1
        return (self.block * (1 + size // len(self.block)))[offset : offset + size]

    def _office(self, main: str, size: int) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:  # stored: the payload stays the size asked for
            archive.writestr("media/payload.bin", self._bytes(size))
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr(main, "<document/>")
        return buffer.getvalue()

    def content(self, name: str, serial: int) -> bytes:
        variant = serial % self.VARIANTS
        size = self.sizes[variant]
        suffix = name[name.rfind(".") :]
        if suffix in self.office:
            return self.office[suffix][variant]
        body = self._bytes(size, serial * 4099)
        if suffix == ".pdf":
            return b"%PDF-1.4\n" + body + b"\n%%EOF\n"
        if suffix == ".jpg":
            return b"\xff\xd8\xff\xe0" + body
        return body


def _write_files(directory: str, entries: list[tuple[str, bytes]]) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    for name, content in entries:
        fd = os.open(os.path.join(directory, name), flags, 0o644)
        try:
            if content:
                os.write(fd, content)
        finally:
            os.close(fd)


def make_workspace(dest: Path, files: int, seed: int = 0, workers: int = 4, file_kb: int = 0) -> Path:
    """Create ``dest/data`` and ``dest/evidence`` holding ``files`` files; return ``dest``.

    ``dest/evidence`` must not exist yet. With ``files == 0`` the evidence folder is created empty.
    With ``file_kb``, documents hold about that many KiB each that pass the content check (see
    :class:`Filler`); otherwise a few bytes.
    """
    if files < 0:
        raise ValueError("files must be >= 0")
    dest = Path(dest)
    evidence = dest / "evidence"
    if evidence.exists():
        raise FileExistsError(f"{evidence} already exists")
    (dest / "data").mkdir(parents=True, exist_ok=True)
    for name in ("indicators.yaml", "units.yaml"):
        shutil.copyfile(DATA_DIR / name, dest / "data" / name)
    evidence.mkdir()

    rng = random.Random(seed)
    buckets = _buckets(dest / "data", rng)
    if files and not buckets:
        raise ValueError("the data files list no tasks with lead units")
    _allocate(buckets, files)
    filler = Filler(file_kb, random.Random(seed + 1)) if file_kb > 0 else None

    # Plan every name first (one random stream, so the tree depends on the seed only), then write.
    serial = 0
    for bucket in buckets:
        for _ in range(bucket.count):
            serial += 1
            name, content = _file_name(bucket, rng, serial)
            if filler is not None and content not in (b"", JUNK_CONTENT) and not name.endswith(".url"):
                content = filler.content(name, serial)
            bucket.names.add(name)
            bucket.entries.append((name, content))
    filled = [b for b in buckets if b.entries]
    directories = [os.path.join(evidence, b.path) for b in filled]
    for directory in directories:
        os.makedirs(directory, exist_ok=True)
    # Creating files is all system calls, which release the GIL, so a few threads overlap them.
    # list() re-raises the first error of any thread.
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        list(pool.map(_write_files, directories, [b.entries for b in filled]))

    marker = {
        "version": MARKER_VERSION,
        "files": files,
        "seed": seed,
        "file_kb": file_kb,
        "data": data_digest(dest / "data"),
    }
    (dest / MARKER).write_text(json.dumps(marker) + "\n", encoding="utf-8")
    return dest


def data_digest(data_dir: Path = DATA_DIR) -> str:
    """A hash of the two data files, so a workspace built from older data can be told apart."""
    digest = hashlib.sha256()
    for name in ("indicators.yaml", "units.yaml"):
        digest.update((Path(data_dir) / name).read_bytes())
    return digest.hexdigest()[:16]


def read_marker(dest: Path) -> dict[str, Any] | None:
    """The parameters a finished workspace was built with, or None if there is no (valid) marker."""
    try:
        marker = json.loads((Path(dest) / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return marker if isinstance(marker, dict) and marker.get("version") == MARKER_VERSION else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path, help="workspace directory to create")
    parser.add_argument("--files", type=int, required=True, help="number of evidence files")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=4, help="threads creating files (default 4)")
    parser.add_argument(
        "--file-kb", type=int, default=0, help="about this many KiB per document (default: a few bytes)"
    )
    parser.add_argument("--force", action="store_true", help="delete DEST/evidence first if it exists")
    args = parser.parse_args(argv)

    if args.force and (args.dest / "evidence").exists():
        shutil.rmtree(args.dest / "evidence")
        (args.dest / MARKER).unlink(missing_ok=True)
    start = time.perf_counter()
    try:
        make_workspace(args.dest, args.files, args.seed, args.workers, args.file_kb)
    except (FileExistsError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{args.files} files in {args.dest / 'evidence'} ({time.perf_counter() - start:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
