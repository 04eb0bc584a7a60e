"""One value type for everything a user can get wrong, in the data files or in the evidence tree."""

from __future__ import annotations

import errno
from dataclasses import dataclass
from enum import IntEnum, StrEnum


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
        where = self.path
        if self.line:
            where += f":{self.line}:{self.column}"
        return f"{where}: [{self.severity.value}] {self.message} ({self.code})"

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
        }


def sort_problems(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.path, p.line, p.column, p.severity.rank, p.code, p.message))


def has_errors(problems: list[Problem], *, strict: bool = False) -> bool:
    """Errors always count; with ``strict`` warnings count too (info never does)."""
    bad = {Severity.error, Severity.warning} if strict else {Severity.error}
    return any(p.severity in bad for p in problems)


READ_ERRORS = frozenset({"io-error", "unreadable"})  # a file or folder that could not be read at all


def exit_code_of(problems: list[Problem], *, strict: bool = False) -> int:
    """0 fine, 1 problems in what was read, 3 when something could not be read at all."""
    if any(p.code in READ_ERRORS for p in problems):
        return int(ExitCode.IO)
    return int(ExitCode.PROBLEMS) if has_errors(problems, strict=strict) else int(ExitCode.OK)


class ExitCode(IntEnum):
    """Exit codes of every fzcj command."""

    OK = 0
    PROBLEMS = 1
    USAGE = 2
    IO = 3


class FzcjError(Exception):
    """An error that ends a command with a Chinese message and an exit code (never a traceback)."""

    def __init__(self, message: str, code: ExitCode = ExitCode.IO) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class UsageError(FzcjError):
    def __init__(self, message: str) -> None:
        super().__init__(message, ExitCode.USAGE)


_OS_ERRORS = {
    errno.EACCES: "没有权限",
    errno.EPERM: "不允许此操作",
    errno.ENOENT: "文件或文件夹不存在",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.ENOSPC: "磁盘空间已满",
    errno.EROFS: "文件系统为只读",
    errno.EIO: "磁盘读写错误",
    errno.EEXIST: "已存在",
    errno.ENAMETOOLONG: "文件名太长",
    errno.ELOOP: "符号链接层数过多",
    errno.EMFILE: "同时打开的文件过多",
    errno.EBUSY: "文件正被占用",
    errno.EXDEV: "不能跨磁盘移动",
}


def os_error_text(exc: OSError) -> str:
    """A Chinese reason for an operating-system error (the English text only for rare ones)."""
    return _OS_ERRORS.get(exc.errno or 0) or exc.strerror or str(exc)
