"""fzcj（法治创建）：法治政府建设示范创建任务跟踪工具。

The library's front door is :mod:`fzcj.api`, one function per command (``from fzcj import api``;
``api.status(...)``). Its functions, except ``status`` and ``report`` (the names of the subpackages
:mod:`fzcj.status` and :mod:`fzcj.report`), and the error and problem types are also reachable here,
loaded on first use so that ``import fzcj`` and ``fzcj --help`` stay fast.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_FROM = {
    "ExitCode": "fzcj.errors",
    "FzcjError": "fzcj.errors",
    "UsageError": "fzcj.errors",
    "Problem": "fzcj.problems",
    "Severity": "fzcj.problems",
    "StatusReport": "fzcj.status.types",
}
_SUBPACKAGES = ("status", "report")

__all__ = ["__version__", "api", *_FROM]  # and every api function but the two subpackage names


def __getattr__(name: str) -> Any:
    if name == "api":
        return importlib.import_module("fzcj.api")
    if name in _FROM:
        return getattr(importlib.import_module(_FROM[name]), name)
    api = importlib.import_module("fzcj.api")
    if name in api.__all__ and name not in _SUBPACKAGES:
        return getattr(api, name)
    raise AttributeError(f"module 'fzcj' has no attribute {name!r}")


def __dir__() -> list[str]:
    api = importlib.import_module("fzcj.api")
    return sorted({*__all__, *(n for n in api.__all__ if n not in _SUBPACKAGES)})
