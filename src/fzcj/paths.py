"""Where a workspace is and what it holds; light enough to use before anything else is imported."""

from __future__ import annotations

import os
from pathlib import Path

from fzcj.problems import FzcjError, UsageError

INDICATORS = Path("data/indicators.yaml")
UNITS = Path("data/units.yaml")
EVIDENCE = Path("evidence")
REPORTS = Path("reports")
ROOT_ENV = "FZCJ_ROOT"


def find_root(explicit: Path | None = None, start: Path | None = None) -> Path:
    """``--root`` wins, then ``$FZCJ_ROOT``, then the nearest folder upward holding data/indicators.yaml."""
    source = "--root"
    if explicit is None and os.environ.get(ROOT_ENV):
        explicit, source = Path(os.environ[ROOT_ENV]), f"环境变量 {ROOT_ENV}"
    if explicit is not None:
        if not explicit.exists():
            raise UsageError(f"{source} 指定的工作区目录不存在：{explicit}")
        if not explicit.is_dir():
            raise UsageError(
                f"{source} 应指定工作区目录（含 data/ 和 evidence/ 的文件夹），{explicit} 是一个文件"
            )
        if not (explicit / INDICATORS).exists():  # a folder there is the loader's to explain
            raise UsageError(f"{source} 指定的 {explicit} 不是创建工作区：其中没有 {INDICATORS.as_posix()}")
        return explicit.resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / INDICATORS).exists():
            return folder
        if (folder / EVIDENCE).is_dir():  # a copy of a workspace without its data: not the one above
            raise FzcjError(
                f"{folder} 中有 {EVIDENCE.as_posix()}/ 却没有 {INDICATORS.as_posix()}，不是完整的创建工作区："
                f"请补齐 data/ 中的数据文件，或用 --root 指定要用的工作区"
            )
    raise FzcjError(
        f"找不到创建工作区：{here} 及其上级目录中都没有 {INDICATORS.as_posix()}。"
        "请先进入工作区目录（含 data/ 和 evidence/ 的文件夹），"
        f"或用 --root 目录、环境变量 {ROOT_ENV} 指定工作区。"
    )
