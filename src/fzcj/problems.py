"""One value type for everything a user can get wrong, in the data files or in the evidence tree."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True, order=True)
class Problem:
    """A problem at ``path:line:column`` (1-based; 0 where the position is unknown or meaningless).

    ``path`` is relative to the workspace root where possible, with ``/`` separators.
    """

    path: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity = Severity.error

    def __str__(self) -> str:
        """``path:line:col: 错误：message (code)``, for people (JSON and GitHub annotations keep the
        English severity); renderers pass it through :func:`fzcj.text.visible` before a terminal."""
        return f"{self.where}: {self.severity.label}：{self.message} ({self.code})"

    @property
    def where(self) -> str:
        """``path:line:col``, or just ``path`` where the position is unknown."""
        return f"{self.path}:{self.line}:{self.column}" if self.line else self.path

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
        }


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.path, p.line, p.column, p.severity.rank, p.code, p.message))


def has_errors(problems: Sequence[Problem], *, strict: bool = False) -> bool:
    """Errors always count; with ``strict`` warnings count too (info never does)."""
    bad = {Severity.error, Severity.warning} if strict else {Severity.error}
    return any(p.severity in bad for p in problems)


READ_ERRORS = frozenset({"io-error", "unreadable"})  # a file or folder that could not be read at all


UNREAD_CODES = READ_ERRORS | {"evidence-not-a-folder", "no-evidence-dir"}
"""Problems after which part of the evidence tree was not read: its files are missing from every count."""
