"""Writing files safely: whole or not at all, and never over an existing file unless asked to."""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from fzcj.errors import FzcjError, os_error_text


def _refuse_existing(paths: Iterable[Path]) -> None:
    for path in paths:
        if path.exists():
            raise FzcjError(f"文件已存在：{path}。为防止误覆盖，未写入任何文件；确需重新生成请使用 --force。")


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
