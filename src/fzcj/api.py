"""What each command does, as library functions: the CLI only parses options and renders results."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fzcj.evidence import scan
from fzcj.problems import Problem, sort_problems
from fzcj.status import compute
from fzcj.status_types import StatusReport
from fzcj.workspace import Workspace, load, load_data


def validate(root: Path, *, data_only: bool = False) -> list[Problem]:
    """All problems of the data files and (unless ``data_only``) of the evidence tree."""
    workspace, problems = load_data(root)
    if workspace is not None and not data_only:
        problems = problems + scan(workspace).problems
    return sort_problems(problems)


def status(root: Path, as_of: dt.date) -> tuple[Workspace, StatusReport]:
    """Load the workspace, index its evidence and compute the status on ``as_of``."""
    workspace = load(root)
    return workspace, compute(workspace, scan(workspace), as_of)


def responsible_map(workspace: Workspace) -> dict[str, tuple[str, ...]]:
    return {t.id: t.responsible for t in workspace.plan.tasks}
