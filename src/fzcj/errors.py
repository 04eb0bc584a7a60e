"""Errors that end a command: one exception family, one table of exit codes, Chinese OS-error wording.

The CLI maps these to exit codes in one place (:func:`fzcj.cli.core.exits`); the library raises them and
never prints.
"""

from __future__ import annotations

import errno
from collections.abc import Sequence
from enum import IntEnum

from fzcj.problems import READ_ERRORS, Problem, has_errors


class ExitCode(IntEnum):
    """Exit codes of every fzcj command (the README documents them)."""

    OK = 0
    PROBLEMS = 1
    USAGE = 2
    IO = 3
    INTERRUPTED = 130  # Ctrl-C, as shells report it
    PIPE_CLOSED = 141  # the reader of the output went away (`fzcj status | head`), as shells report it


class FzcjError(Exception):
    """An error that ends a command with a Chinese message and an exit code (never a traceback).

    ``problems`` are shown before the message (the data-file problems that made a command impossible).
    """

    def __init__(self, message: str, code: ExitCode = ExitCode.IO, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.problems = tuple(problems)


class UsageError(FzcjError):
    """A mistake on the command line: an unknown unit or task, an impossible option (exit code 2)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, ExitCode.USAGE)


class ProblemsFound(FzcjError):
    """The command refused to go on because of problems found in the input (exit code 1), such as a
    file that already exists without ``--force``."""

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message, ExitCode.PROBLEMS, problems)


def exit_code_of(problems: Sequence[Problem], *, strict: bool = False) -> ExitCode:
    """0 fine, 1 problems in what was read, 3 when something could not be read at all."""
    if any(p.code in READ_ERRORS for p in problems):
        return ExitCode.IO
    return ExitCode.PROBLEMS if has_errors(problems, strict=strict) else ExitCode.OK


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
