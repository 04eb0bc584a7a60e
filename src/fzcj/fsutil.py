"""Files read and written safely: small files read without following a link or waiting on a pipe;
writes whole or not at all, never over an existing file unless asked to (not even one that another
run makes meanwhile), never outside their folder; the temporary files of killed runs removed."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import signal
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from fzcj.errors import FzcjError, ProblemsFound, os_error_text

_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)

STALE_AFTER_S = 300.0
"""Temporary files older than this (5 minutes) are left over from a killed run (fzcj writes one in seconds)."""
TEMP_NAME = re.compile(r"\.(?P<target>.+)\.[0-9a-f]{8}\.(?:tmp|old)", re.DOTALL)
"""``.NAME.1a2b3c4d.tmp`` (and ``.old``, a folder being replaced): fzcj's own temporary names."""


class NotARegularFile(OSError):
    """What was opened is a symbolic link, a pipe, a device or a folder, not a regular file (it may
    have been swapped since the folder was listed)."""


def read_small_file(path: str | os.PathLike[str], limit: int, *, dir_fd: int | None = None) -> bytes:
    """At most ``limit`` bytes from the start of a regular file; raises OSError.

    The file is opened without following a symbolic link (``O_NOFOLLOW``) and without waiting on a
    pipe (``O_NONBLOCK``), and ``fstat`` must say it is a regular file: a name swapped for a link to
    another file, or for a pipe, between listing a folder and opening the name raises
    :class:`NotARegularFile`, and never leaks another file's contents or hangs. ``dir_fd`` opens
    ``path`` relative to an open folder.
    """
    try:
        fd = os.open(path, _READ_FLAGS, dir_fd=dir_fd)
    except OSError as err:
        if err.errno == errno.ELOOP:  # O_NOFOLLOW met a symbolic link
            raise NotARegularFile(errno.ELOOP, "符号链接", os.fspath(path)) from err
        raise
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotARegularFile(errno.EINVAL, "不是普通文件", os.fspath(path))
        return os.read(fd, limit)  # a regular file gives all it has up to limit in one read
    finally:
        os.close(fd)


def inside(target: Path, base: Path) -> Path:
    """``target`` with every symbolic link resolved, after checking that it lies in ``base`` (or is it).

    Every write checks its target with this before writing: a name from the data files (a unit called
    ``../../X``), an absolute name or a link placed in the tree must never send a file elsewhere.
    ``base`` is resolved too, so a workspace on a linked drive is still itself. Raises
    :class:`~fzcj.errors.ProblemsFound` (exit code 1) when ``target`` lies elsewhere or is no path.
    """
    try:
        real_base = os.path.realpath(base)
        real = os.path.realpath(target)
        escapes = os.path.commonpath([real, real_base]) != real_base
    except (ValueError, OSError) as err:  # an embedded NUL, or a path that cannot be compared
        raise ProblemsFound(f"拒绝写入：路径无效（{_shown(target)}）") from err
    if escapes:
        raise ProblemsFound(
            f"拒绝写入 {_shown(target)}：它实际位于 {_shown(Path(real))}，不在 {_shown(base)} 之内"
            "（名称中可能含有“..”或“/”，或路径中有指向别处的符号链接）"
        )
    return Path(real)


def _shown(path: Path) -> str:
    """A path for a message, with control characters (and NUL) written visibly."""
    return "".join(f"\\x{ord(c):02x}" if ord(c) < 0x20 or ord(c) == 0x7F else c for c in str(path))


def refuse_existing(paths: Iterable[Path]) -> None:
    for path in paths:
        if path.exists():
            # A refusal because of what is there (exit code 1), not a failure to read or write (3).
            raise ProblemsFound(
                f"文件已存在：{path}。为防止误覆盖，未写入任何文件；确需重新生成请使用 --force。"
            )


def _write_temp(path: Path, data: bytes, temps: list[Path]) -> None:
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    # Noted before it exists: a Ctrl-C that lands just after the file is created (before any code
    # could note it) would otherwise leave it behind.
    temps.append(temp)
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        temps.pop()  # somebody else's: not ours to remove
        raise
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def place_file(temp: Path, target: Path, *, force: bool) -> None:
    """Give the finished ``temp`` the name ``target``: with ``force`` replacing what is there, else
    only if the name is free at that very moment (FileExistsError otherwise), whoever made it."""
    if force:
        os.replace(temp, target)
        return
    try:
        os.link(temp, target)  # atomic, and fails if the name exists; the temporary file stays
    except FileExistsError:
        raise
    except OSError:  # no hard links on this drive (FAT, exFAT, some network drives)
        if sys.platform == "win32":
            os.rename(temp, target)  # Windows' rename never replaces a file
        else:
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))  # claim the name
            try:
                os.replace(temp, target)
            except OSError:
                os.unlink(target)
                raise


def _is_ours(temp: Path, target: Path) -> bool:
    """``target`` is the file ``temp`` was put in place as (linked, or moved there)."""
    try:
        return not temp.exists() or os.path.samefile(temp, target)
    except OSError:
        return False


def write_atomically(
    files: Sequence[tuple[Path, bytes]],
    *,
    force: bool,
    before_placing: Callable[[Sequence[tuple[Path, Path]]], None] | None = None,
) -> None:
    """Write every file whole or not at all.

    Each file goes to a temporary file in its own folder that is put in place once every temporary
    file is complete; no temporary file is left behind on failure or Ctrl-C, and a Ctrl-C while the
    files are put in place takes effect once all of them are. Without ``force`` an existing target
    is an error, also one that appears while this runs (another run, anyone): a file is only ever
    created under a free name (``os.link`` of the temporary file), and the files placed so far are
    taken back. With ``force`` the targets are replaced (``os.replace``).

    ``before_placing`` is given the complete temporary files and their targets just before the first
    is put in place (to note them in a journal: :func:`fzcj.report.sequence.write_pair`).
    """
    if not force:
        refuse_existing(path for path, _ in files)
    temps: list[Path] = []
    placed: list[tuple[Path, Path]] = []
    current = files[0][0] if files else Path()
    try:
        for current, data in files:
            current.parent.mkdir(parents=True, exist_ok=True)
            _write_temp(current, data, temps)
        with interrupts_deferred():
            if before_placing is not None:
                before_placing([(temp, path) for temp, (path, _) in zip(temps, files, strict=True)])
            for (current, _), temp in zip(files, temps, strict=True):
                try:
                    place_file(temp, current, force=force)
                except FileExistsError as err:
                    for done, path in placed:
                        if _is_ours(done, path):
                            path.unlink(missing_ok=True)
                    raise ProblemsFound(
                        f"文件已存在：{current}（刚刚由另一次运行或他人写入）。为防止误覆盖，未写入任何文件。"
                    ) from err
                placed.append((temp, current))
    except OSError as err:
        raise FzcjError(f"无法写入文件 {current}：{os_error_text(err)}") from err
    finally:
        for temp in temps:
            temp.unlink(missing_ok=True)


@contextlib.contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) back while the block runs, where the system allows it (not on Windows)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def write_new(path: Path, data: bytes) -> None:
    """Write a file that must not exist yet, whole or not at all; FileExistsError when it does.

    The data goes to a temporary file that is then linked to ``path``, which fails rather than replace
    anything. Where the file system has no hard links (FAT drives, some network shares) the file is
    created exclusively and written in place instead.
    """
    temps: list[Path] = []
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_temp(path, data, temps)
        try:
            os.link(temps[0], path)
        except FileExistsError:
            raise
        except OSError:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
    except FileExistsError:
        raise
    except OSError as err:
        raise FzcjError(f"无法写入文件 {path}：{os_error_text(err)}") from err
    finally:
        for temp in temps:
            temp.unlink(missing_ok=True)
