"""The workspace: the folder holding ``data/`` and ``evidence/``, found like git finds ``.git``.

:func:`load` reads both data files, runs the cross-record rules and compiles the :class:`Plan`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fzcj.data.cache import ParseCache
from fzcj.data.loading import load_model
from fzcj.data.model import Campaign, IndicatorsFile, UnitsFile
from fzcj.data.plan import Plan, compile_plan
from fzcj.data.rules import RuleContext, run_all
from fzcj.data.rules.review_marks import review_marks
from fzcj.data.units import UnitDirectory
from fzcj.errors import FzcjError, UsageError, exit_code_of
from fzcj.problems import Problem, Severity, has_errors

INDICATORS = Path("data/indicators.yaml")
UNITS = Path("data/units.yaml")
EVIDENCE = Path("evidence")
REPORTS = Path("reports")
ROOT_ENV = "FZCJ_ROOT"


def find_root(explicit: Path | None = None, start: Path | None = None, *, source: str = "--root") -> Path:
    """``explicit`` (named by ``source`` in messages: ``--root`` or an environment variable) if given,
    else the nearest folder upward from ``start`` (the current folder) holding data/indicators.yaml."""
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


@dataclass
class Workspace:
    root: Path
    indicators: IndicatorsFile
    units: UnitsFile
    directory: UnitDirectory
    plan: Plan
    problems: list[Problem]

    @property
    def campaign(self) -> Campaign:
        return self.indicators.campaign

    @property
    def evidence_dir(self) -> Path:
        return self.root / EVIDENCE

    @property
    def reports_dir(self) -> Path:
        return self.root / REPORTS


def data_error(problems: list[Problem]) -> FzcjError:
    """The data files have errors, so nothing can be computed from them."""
    errors = sum(p.severity is Severity.error for p in problems)
    message = f"数据文件有 {errors} 个错误，请先修正（fzcj validate 可查看全部问题）"
    return FzcjError(message, exit_code_of(problems), problems)


def load_data(
    root: Path, cache: ParseCache | None = None, *, marks: bool = False
) -> tuple[Workspace | None, list[Problem]]:
    """Load and check both data files; the workspace is None when they cannot be used.

    With ``marks``, the ``# 请核对`` comments are listed too (for ``validate``; they are no problem of
    the data that status or the reports should mention)."""
    problems: list[Problem] = []
    indicators, ind_parsed = load_model(
        IndicatorsFile, root / INDICATORS, INDICATORS.as_posix(), problems, cache
    )
    units, units_parsed = load_model(UnitsFile, root / UNITS, UNITS.as_posix(), problems, cache)
    listed: list[Problem] = []
    for parsed, rel in ((ind_parsed, INDICATORS), (units_parsed, UNITS)):
        if marks and parsed is not None:  # also while the files do not validate yet (a fresh `fzcj new`)
            listed += review_marks(parsed.text, rel.as_posix())
    if indicators is None or units is None or ind_parsed is None or units_parsed is None:
        return None, problems + listed
    directory = UnitDirectory.build(units)
    ctx = RuleContext(
        indicators,
        units,
        directory,
        ind_parsed,
        units_parsed,
        INDICATORS.as_posix(),
        UNITS.as_posix(),
        problems,
    )
    run_all(ctx)
    if has_errors(problems):
        return None, problems + listed
    plan = compile_plan(indicators, directory)
    return Workspace(root, indicators, units, directory, plan, problems), problems + listed


def load(root: Path, cache: ParseCache | None = None) -> Workspace:
    """Load a workspace whose data must be usable; raises :class:`FzcjError` with the problems otherwise."""
    workspace, problems = load_data(root, cache)
    if workspace is None:
        raise data_error(problems)
    return workspace
