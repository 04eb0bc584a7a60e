"""fzcj（法治创建）：法治政府建设示范创建任务跟踪工具。

The library's front door is :mod:`fzcj.api`, one function per command (``from fzcj import api``;
``api.status(...)``). The names below are re-exported here too, loaded on first use so that
``import fzcj`` and ``fzcj --help`` stay fast. ``status`` and ``report`` are not: they are the
names of subpackages (:mod:`fzcj.status`, :mod:`fzcj.report`), so call them as ``api.status`` and
``api.report``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from fzcj import api
    from fzcj.api import (
        StatusResult,
        campaign_year,
        export,
        find_root,
        init,
        intake,
        load,
        new,
        notice,
        notices,
        pack,
        package,
        review_accept,
        review_list,
        review_return,
        review_undo,
        schema,
        show,
        validate,
    )
    from fzcj.data.new_workspace import NewResult
    from fzcj.errors import ExitCode, FzcjError, UsageError
    from fzcj.problems import Problem, Severity
    from fzcj.status.types import StatusReport
    from fzcj.status.views import TaskDetail

__all__ = [
    "ExitCode",
    "FzcjError",
    "NewResult",
    "Problem",
    "Severity",
    "StatusReport",
    "StatusResult",
    "TaskDetail",
    "UsageError",
    "__version__",
    "api",
    "campaign_year",
    "export",
    "find_root",
    "init",
    "intake",
    "load",
    "new",
    "notice",
    "notices",
    "pack",
    "package",
    "review_accept",
    "review_list",
    "review_return",
    "review_undo",
    "schema",
    "show",
    "validate",
]

_FROM = {
    **dict.fromkeys(
        (
            "StatusResult",
            "campaign_year",
            "export",
            "find_root",
            "init",
            "intake",
            "load",
            "new",
            "notice",
            "notices",
            "pack",
            "package",
            "review_accept",
            "review_list",
            "review_return",
            "review_undo",
            "schema",
            "show",
            "validate",
        ),
        "fzcj.api",
    ),
    **dict.fromkeys(("ExitCode", "FzcjError", "UsageError"), "fzcj.errors"),
    **dict.fromkeys(("Problem", "Severity"), "fzcj.problems"),
    "NewResult": "fzcj.data.new_workspace",
    "StatusReport": "fzcj.status.types",
    "TaskDetail": "fzcj.status.views",
}


def __getattr__(name: str) -> Any:
    if name == "api":
        return importlib.import_module("fzcj.api")
    module = _FROM.get(name)
    if module is None:
        raise AttributeError(f"module 'fzcj' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
