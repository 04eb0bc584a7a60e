"""fzcj（法治创建）：法治政府建设示范创建任务跟踪工具。

The library's front door is :mod:`fzcj.api`, one function per command; its names are re-exported here
(loaded on first use, so that ``import fzcj`` and ``fzcj --help`` stay fast).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from fzcj.api import (
        StatusResult,
        find_root,
        init,
        load,
        notice,
        report,
        schema,
        show,
        status,
        validate,
    )
    from fzcj.errors import ExitCode, FzcjError, UsageError
    from fzcj.problems import Problem, Severity
    from fzcj.status.types import StatusReport
    from fzcj.status.views import TaskDetail

_EXPORTS = {
    **dict.fromkeys(
        (
            "StatusResult",
            "find_root",
            "init",
            "load",
            "notice",
            "report",
            "schema",
            "show",
            "status",
            "validate",
        ),
        "fzcj.api",
    ),
    **dict.fromkeys(("ExitCode", "FzcjError", "UsageError"), "fzcj.errors"),
    **dict.fromkeys(("Problem", "Severity"), "fzcj.problems"),
    "StatusReport": "fzcj.status.types",
    "TaskDetail": "fzcj.status.views",
}

__all__ = [
    "ExitCode",
    "FzcjError",
    "Problem",
    "Severity",
    "StatusReport",
    "StatusResult",
    "TaskDetail",
    "UsageError",
    "__version__",
    "find_root",
    "init",
    "load",
    "notice",
    "report",
    "schema",
    "show",
    "status",
    "validate",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'fzcj' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
