"""Files read and written safely: small files read without following a link or waiting on a pipe;
writes whole or not at all, never over an existing file unless asked to, never outside their folder."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import shutil
import signal
import stat
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from fzcj.errors import FzcjError, ProblemsFound, os_error_text

_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


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


def _refuse_existing(paths: Iterable[Path]) -> None:
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


def write_atomically(files: Sequence[tuple[Path, bytes]], *, force: bool) -> None:
    """Write every file whole or not at all.

    Each file goes to a temporary file in its own directory that then replaces the target
    (``os.replace``); the targets are replaced only once every temporary file is complete, and no
    temporary file is left behind on failure or Ctrl-C. Without ``force`` an existing target is an
    error. A Ctrl-C while the targets are being replaced takes effect once all of them are.
    """
    if not force:
        _refuse_existing(path for path, _ in files)
    temps: list[Path] = []
    current = files[0][0] if files else Path()
    try:
        for current, data in files:
            current.parent.mkdir(parents=True, exist_ok=True)
            _write_temp(current, data, temps)
        with _interrupts_deferred():
            for (current, _), temp in zip(files, temps, strict=True):
                os.replace(temp, current)
    except OSError as err:
        raise FzcjError(f"无法写入文件 {current}：{os_error_text(err)}") from err
    finally:
        for temp in temps:
            temp.unlink(missing_ok=True)


def create_folder(target: Path, files: Sequence[tuple[str, bytes]], folders: Sequence[str] = ()) -> None:
    """Create the folder ``target`` holding ``files`` (paths relative to it, with ``/``) and empty
    ``folders``, whole or not at all.

    Everything is written into a temporary folder beside ``target`` first; on failure or Ctrl-C nothing
    is left behind. Then the temporary folder is renamed to ``target``, or, where ``target`` is an
    existing empty folder (the caller checks), its entries are moved into it: the folder itself, which
    may be the current folder or carry its own permissions, stays. Nothing already there is replaced.
    """
    folder = Path(os.path.abspath(target))  # "." has no name to put a temporary folder beside
    temp = folder.with_name(f".{folder.name}.{secrets.token_hex(4)}.tmp")
    where = target
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        os.mkdir(temp)
        for rel, data in files:
            where = target / rel
            (temp / rel).parent.mkdir(parents=True, exist_ok=True)
            with open(temp / rel, "xb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        for rel in folders:
            (temp / rel).mkdir(parents=True, exist_ok=True)
        where = target
        with _interrupts_deferred():
            if folder.is_dir():
                _move_entries(temp, folder)
            else:
                os.rename(temp, folder)
    except OSError as err:
        raise FzcjError(f"无法创建 {where}：{os_error_text(err)}") from err
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def _move_entries(source: Path, folder: Path) -> None:
    """Move what ``source`` holds into ``folder``, all or (moving back what was moved) nothing."""
    moved: list[str] = []
    try:
        for name in sorted(os.listdir(source)):
            if os.path.lexists(folder / name):
                raise FileExistsError(errno.EEXIST, "exists", str(folder / name))
            os.rename(source / name, folder / name)
            moved.append(name)
    except OSError:
        for name in moved:
            with contextlib.suppress(OSError):
                os.rename(folder / name, source / name)
        raise


@contextlib.contextmanager
def _interrupts_deferred() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) back while the block runs, where the system allows it (not on Windows)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


STALE_AFTER = 10 * 60  # seconds: a temporary file or folder of ours this old belongs to no running write


def _temporary_sibling(path: Path) -> Path:
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")


def remove_stale_temporaries(path: Path, *, older_than: float = STALE_AFTER) -> list[Path]:
    """Remove what an earlier write of ``path`` left beside it when it was killed (SIGKILL, a power cut):
    the hidden ``.NAME.xxxxxxxx.tmp`` (or ``.old``) files and folders of :func:`staged_file` and
    :func:`staged_folder` that were last modified more than ``older_than`` seconds ago. Younger ones
    may belong to a run still under way and are kept. Returns what was removed."""
    pattern = re.compile(rf"\.{re.escape(path.name)}\.[0-9a-f]{{8}}\.(?:tmp|old)")
    cutoff = time.time() - older_than
    removed: list[Path] = []
    try:
        names = os.listdir(path.parent)
    except OSError:
        return removed
    for name in names:
        if not pattern.fullmatch(name):
            continue
        leftover = path.parent / name
        try:
            st = os.lstat(leftover)
            if st.st_mtime > cutoff:
                continue
            if stat.S_ISDIR(st.st_mode):
                shutil.rmtree(leftover)
            else:
                leftover.unlink()
        except OSError:
            continue
        removed.append(leftover)
    return removed


@contextlib.contextmanager
def staged_file(path: Path, *, force: bool) -> Iterator[BinaryIO]:
    """Write a large file as a stream, whole or not at all.

    The block writes to a temporary file beside ``path``, which replaces ``path`` only when the block
    ends without an exception (a failure or Ctrl-C removes it). Without ``force`` an existing ``path``
    is an error, before anything is written. Stale temporary files of an earlier, killed write of
    ``path`` are removed first (:func:`remove_stale_temporaries`).
    """
    if not force:
        _refuse_existing([path])
    remove_stale_temporaries(path)
    temp = _temporary_sibling(path)
    try:
        handle = open(temp, "xb")  # noqa: SIM115  (closed below, before the file is renamed)
    except OSError as err:
        raise FzcjError(f"无法写入文件 {path}：{os_error_text(err)}") from err
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        with _interrupts_deferred():
            os.replace(temp, path)
    except OSError as err:
        raise FzcjError(f"无法写入文件 {path}：{os_error_text(err)}") from err
    finally:
        temp.unlink(missing_ok=True)


@contextlib.contextmanager
def staged_folder(
    folder: Path, *, force: bool, replaceable: Callable[[Path], bool] | None = None
) -> Iterator[Path]:
    """Build a folder under a temporary name beside ``folder`` and rename it to ``folder`` at the end.

    The block fills the temporary folder it is given. An interrupted or failed block leaves nothing
    (the temporary folder is removed, and so are stale ones of an earlier, killed run:
    :func:`remove_stale_temporaries`). An existing empty ``folder`` is simply replaced; an existing
    non-empty one only with ``force``, and, where ``replaceable`` is given, only if it says the folder
    is what an earlier run made: anything else there is never deleted. The old folder is moved aside
    first, removed once the new one is in place, and put back if that fails.
    """
    # Refusals because of what is there (exit code 1), not failures to read or write (3).
    if folder.exists() and not folder.is_dir():
        raise ProblemsFound(f"{folder} 已存在，且是一个文件而不是文件夹：请换一个输出位置。")
    occupied = folder.is_dir() and any(folder.iterdir())
    if occupied and not force:
        raise ProblemsFound(
            f"文件夹已存在：{folder}。为防止误覆盖，未写入任何文件；确需重新生成请使用 --force。"
        )
    if occupied and replaceable is not None and not replaceable(folder):
        raise ProblemsFound(
            f"文件夹 {folder} 中已有其他内容，不是 fzcj 生成的：为防止误删，即使使用 --force 也不会清空它。"
            "请换一个不存在或空的文件夹。"
        )
    temp = _temporary_sibling(folder)
    old = temp.with_suffix(".old")
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(folder)
        temp.mkdir()
    except OSError as err:
        raise FzcjError(f"无法创建文件夹 {temp}：{os_error_text(err)}") from err
    try:
        yield temp
        with _interrupts_deferred():
            if occupied:
                os.replace(folder, old)
            elif folder.is_dir():
                folder.rmdir()
            try:
                os.replace(temp, folder)
            except OSError:
                if occupied:  # put the earlier folder back
                    os.replace(old, folder)
                raise
    except OSError as err:
        raise FzcjError(f"无法写入文件夹 {folder}：{os_error_text(err)}") from err
    finally:
        shutil.rmtree(temp, ignore_errors=True)  # ours alone, under a fresh random name
        if replaceable is not None:
            shutil.rmtree(old, ignore_errors=True)  # an earlier run's output, as replaceable said
        else:
            _remove_tree(old)


def write_folder_atomically(folder: Path, files: Sequence[tuple[str, bytes]], *, force: bool) -> None:
    """Write ``folder`` holding ``files`` (names and contents) whole or not at all: see
    :func:`staged_folder` (an existing non-empty ``folder`` is replaced only with ``force``)."""
    with staged_folder(folder, force=force) as temp:
        current = temp
        try:
            for name, data in files:
                current = temp / name
                with open(current, "xb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
        except OSError as err:
            raise FzcjError(f"无法写入 {folder / current.name}：{os_error_text(err)}") from err


def _remove_tree(path: Path) -> None:
    """Remove a folder moved aside if it is still there: its files, then the folder (anything else
    someone put there is left alone, and so is the folder then)."""
    if not path.is_dir():
        return
    with contextlib.suppress(OSError):
        for child in path.iterdir():
            if child.is_file() and not child.is_symlink():
                child.unlink()
        path.rmdir()


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
