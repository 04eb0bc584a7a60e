"""The assessors' package (迎检材料): every counted evidence file filed by indicator, with its 目录 and
SHA256SUMS, in a folder or a zip file.

Only counted files go in (no 材料要求.txt, junk, misplaced or unattributed files, no 不涉及 notes, no
link files that hold no link); files that fail the content check are left out and marked 损坏 in the
目录. :mod:`fzcj.report.package_layout` decides the names, :mod:`fzcj.report.package_output` writes
the files. The package is built under a temporary name and renamed when complete, so an interrupted
run leaves no half package. Evidence files are only read.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fzcj.data.workspace import Workspace
from fzcj.errors import FzcjError, UsageError, os_error_text
from fzcj.evidence.index import EvidenceIndex
from fzcj.report.catalogue import Catalogue, Filed, Include, build_catalogue
from fzcj.report.package_layout import PackagePlan, PackedNote, plan_package
from fzcj.report.package_output import FolderWriter, ZipWriter
from fzcj.report.wording import catalogue_title
from fzcj.review.fingerprint import on_disk
from fzcj.review.states import ReviewState
from fzcj.staging import staged_file, staged_folder
from fzcj.status.types import MaterialState, MaterialStatus, ProviderStatus, StatusReport

CATALOGUE_DOCX = "目录.docx"
CATALOGUE_XLSX = "目录.xlsx"
SUMS = "SHA256SUMS"

Progress = Callable[[int, int], None]
"""Called with (bytes copied so far, bytes in all) before the first file and after each one."""


@dataclass(frozen=True)
class PackageResult:
    """The package written, and what its summary says."""

    path: Path
    zipped: bool
    catalogue: Catalogue
    note: str | None = None
    """What ``--accepted-only`` left out, in a sentence."""

    @property
    def files(self) -> int:
        return self.catalogue.totals.files

    @property
    def bytes(self) -> int:
        return self.catalogue.totals.bytes

    @property
    def missing_items(self) -> int:
        return self.catalogue.totals.missing_items

    @property
    def pending_items(self) -> int:
        """Items filed in full that wait for the office (where review is required)."""
        return self.catalogue.totals.by_state[MaterialState.pending]

    @property
    def damaged(self) -> int:
        return self.catalogue.totals.damaged


def accepted_filter(report: StatusReport) -> tuple[Include, str]:
    """``--accepted-only``: keep the files of units' items whose review is accepted (已通过), and the
    sentence the summary says about it.

    A :class:`UsageError` where nothing could be kept: the workspace has no review at all (no decision
    and ``campaign.review.required`` not set), or no item is accepted yet.
    """
    counts = report.summary.review
    if counts is None:
        raise UsageError(
            "本工作区还没有任何审核记录，也未要求审核（indicators.yaml 中 campaign.review.required 不是 true），"
            "无从判断哪些材料审核通过：请先用 fzcj review accept 审核，或去掉 --accepted-only 收入全部已提交的材料。"
        )
    if not counts.accepted:
        raise UsageError(
            f"还没有审核通过的材料（待审核 {counts.pending} 项，已退回 {counts.returned} 项），只收入审核通过的材料"
            "将得到一个空的材料包，未生成：请先用 fzcj review accept 审核，或去掉 --accepted-only。"
        )
    note = (
        f"只收入审核通过的材料：按单位、材料计已通过 {counts.accepted} 项；待审核 {counts.pending} 项、"
        f"已退回 {counts.returned} 项的文件未收入（目录中标“未收入”）。"
    )
    if not report.review_required:
        note = "本工作区未要求审核（campaign.review.required 不是 true），" + note

    def include(material: MaterialStatus, provider: ProviderStatus) -> bool:
        return provider.review is not None and provider.review.state is ReviewState.accepted

    return include, note


def counted_files(index: EvidenceIndex) -> Callable[[ProviderStatus], list[str]]:
    """The files of a provider that count: not a 网址 item's file without a link, and nothing of an item
    that counts as not filed (returned, where review is required)."""
    return lambda provider: (
        [f for f in provider.files if f not in index.uncounted] if provider.file_count else []
    )


FILE_SUFFIX = re.compile(r"\.(?=[0-9]*[A-Za-z])[A-Za-z0-9]{1,4}")
"""A suffix that looks like a file's (``.rar``, ``.7z``, ``.docx``), not part of a folder's name (``.2022``)."""


def is_zip(output: Path) -> bool:
    """Whether ``-o`` asks for a zip file (only a ``.zip`` suffix does); a folder name that looks like
    another kind of file (``迎检材料.rar``) is a :class:`UsageError`, never silently a folder."""
    if output.suffix.lower() == ".zip":
        return True
    if FILE_SUFFIX.fullmatch(output.suffix) and not output.is_dir():
        raise UsageError(
            f"-o {output.name}：只有以 .zip 结尾时才生成压缩包，不能生成 {output.suffix} 文件。"
            f"请写文件夹名（如 -o {output.with_suffix('')}）生成文件夹，"
            f"或写 -o {output.with_suffix('.zip')} 生成 zip 压缩包"
        )
    return False


def _refuse_target(output: Path, evidence: Path, zipped: bool) -> None:
    where, inside = output.resolve(), evidence.resolve()
    if where == inside or inside in where.parents or where in inside.parents:
        raise UsageError(
            f"-o 不能是证据文件夹、其中的位置或包含它的文件夹（{output}）：请写到工作区之外或 reports/ 下。"
        )
    if not output.parent.is_dir():
        raise UsageError(f"-o 指定的文件夹不存在：{output.parent}。请先建好这个文件夹，或换一个位置")
    if zipped and output.is_dir():
        raise UsageError(f"-o {output} 是一个文件夹，不能写成 .zip 文件：请换一个文件名")


def _is_package(path: Path) -> bool:
    """Whether a folder is a package fzcj made (so that ``--force`` may replace it)."""
    return (path / SUMS).is_file() and (path / CATALOGUE_XLSX).is_file()


def _text_file(text: str) -> bytes:
    """A text file Windows Notepad shows right: UTF-8 with a byte-order mark, CRLF line ends."""
    return ("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8")


class _Filler:
    """Writes the plan's files with one writer, and remembers what the 目录 and SHA256SUMS need."""

    def __init__(self, writer: FolderWriter | ZipWriter, progress: Progress | None) -> None:
        self.writer = writer
        self.progress = progress
        self.sums: list[tuple[str, str]] = []
        self.filed: dict[str, list[Filed]] = defaultdict(list)
        """The files of each material id, in package order."""
        self.notes: dict[str, str] = {}
        """Each material's 不涉及说明.txt in the package."""
        self.copied = 0

    def bytes(self, target: str, data: bytes) -> None:
        written = self.writer.add_bytes(target, data)
        self.sums.append((written.sha256, target))

    def fill(self, plan: PackagePlan, index: EvidenceIndex, evidence: Path) -> None:
        """Write the plan's notes and copy its files, in the plan's order."""
        files = [e for e in plan.entries if not isinstance(e, PackedNote)]
        paths = [on_disk(evidence, f.source, index.disk_paths) for f in files]
        sizes = [_size(path) for path in paths]
        total, done = sum(sizes), 0
        if self.progress is not None:
            self.progress(0, total)
        copies = self.writer.copy_files((f.target, path) for f, path in zip(files, paths, strict=True))
        with contextlib.closing(copies):
            for item in plan.entries:
                if isinstance(item, PackedNote):
                    self.bytes(item.target, _text_file(item.text))
                    if item.material is not None:
                        self.notes[item.material.id] = item.target
                    continue
                n = self.copied
                try:
                    copied = next(copies)
                except OSError as err:
                    raise FzcjError(
                        f"复制证据文件 {paths[n]} 时出错（{os_error_text(err)}），未生成材料包。"
                    ) from err
                self.copied += 1
                written = copied.written
                size = written.size if written is not None else sizes[n]
                pages = written.pages if written is not None else None
                self.filed[item.material.id].append(
                    Filed(item.source, item.target, item.unit, size, copied.fault, pages, copied.modified)
                )
                if written is not None:
                    self.sums.append((written.sha256, item.target))
                done += sizes[n]
                if self.progress is not None:
                    self.progress(done, total)


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def write_package(
    workspace: Workspace,
    report: StatusReport,
    index: EvidenceIndex,
    output: Path,
    *,
    accepted_only: bool = False,
    gbk: bool = False,
    force: bool = False,
    progress: Progress | None = None,
) -> PackageResult:
    """Write the package to ``output``: a zip file when it ends in ``.zip``, else a folder (a name
    ending like another kind of file, ``.rar`` or ``.docx``, is refused: :func:`is_zip`).

    Without ``force`` an existing zip, or an existing non-empty folder, is an error; with it, a folder
    is replaced only if it holds an earlier package. ``gbk`` stores zip names in GBK.
    """
    campaign, evidence = workspace.campaign, workspace.evidence_dir
    zipped = is_zip(output)
    if gbk and not zipped:
        raise UsageError("--gbk 只用于 .zip 文件（文件名的编码）：输出到文件夹时请去掉 --gbk")
    _refuse_target(output, evidence, zipped)
    include, note = accepted_filter(report) if accepted_only else (None, None)
    plan = plan_package(report, counted_files(index), gbk=gbk, include=include)
    stamp = (report.as_of.year, report.as_of.month, report.as_of.day, 0, 0, 0)
    title = catalogue_title(campaign)

    def fill(writer: FolderWriter | ZipWriter) -> Catalogue:
        filler = _Filler(writer, progress)
        filler.fill(plan, index, evidence)
        catalogue = build_catalogue(report, title, filler.filed, filler.notes, include)
        from fzcj.report.docx.catalogue import render_catalogue_docx
        from fzcj.report.xlsx.catalogue import render_catalogue_xlsx

        filler.bytes(CATALOGUE_DOCX, render_catalogue_docx(campaign, catalogue))
        filler.bytes(CATALOGUE_XLSX, render_catalogue_xlsx(campaign, catalogue, dt.datetime(*stamp)))
        writer.add_bytes(SUMS, "".join(f"{digest}  {path}\n" for digest, path in filler.sums).encode())
        return catalogue

    if zipped:
        with staged_file(output, force=force) as handle, ZipWriter(handle, stamp, gbk=gbk) as writer:
            catalogue = fill(writer)
    else:
        with staged_folder(output, force=force, replaceable=_is_package) as folder:
            catalogue = fill(FolderWriter(folder))
    return PackageResult(output, zipped, catalogue, note)
