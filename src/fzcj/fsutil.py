"""Writing files safely: whole or not at all, and never over an existing file unless asked to."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

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


def _temporary_sibling(path: Path) -> Path:
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")


@contextlib.contextmanager
def staged_file(path: Path, *, force: bool) -> Iterator[BinaryIO]:
    """Write a large file as a stream, whole or not at all.

    The block writes to a temporary file beside ``path``, which replaces ``path`` only when the block
    ends without an exception (a failure or Ctrl-C removes it). Without ``force`` an existing ``path``
    is an error, before anything is written.
    """
    if not force:
        _refuse_existing([path])
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
def staged_folder(path: Path, *, force: bool, replaceable: Callable[[Path], bool]) -> Iterator[Path]:
    """Build a folder under a temporary name beside ``path`` and rename it to ``path`` at the end.

    An interrupted or failed block leaves nothing (its temporary folder is removed). An existing
    non-empty ``path`` is replaced only with ``force``, and only if ``replaceable(path)`` says it is
    what an earlier run made; anything else there is never deleted.
    """
    if path.exists() and not path.is_dir():
        raise FzcjError(f"{path} 已存在，且是一个文件而不是文件夹：请换一个输出位置。")
    occupied = path.is_dir() and any(path.iterdir())
    if occupied and not force:
        raise FzcjError(
            f"文件夹已存在且不是空的：{path}。为防止误覆盖，未写入任何文件；确需重新生成请使用 --force。"
        )
    if occupied and not replaceable(path):
        raise FzcjError(
            f"文件夹 {path} 中已有其他内容，不是 fzcj 生成的迎检材料包：为防止误删，即使使用 --force 也不会清空它。"
            "请换一个不存在或空的文件夹。"
        )
    temp = _temporary_sibling(path)
    old = temp.with_suffix(".old")
    try:
        temp.mkdir()
    except OSError as err:
        raise FzcjError(f"无法创建文件夹 {temp}：{os_error_text(err)}") from err
    try:
        yield temp
        with _interrupts_deferred():
            if occupied:
                os.replace(path, old)
            elif path.is_dir():
                path.rmdir()
            try:
                os.replace(temp, path)
            except OSError:
                if occupied:  # put the earlier package back
                    os.replace(old, path)
                raise
    except OSError as err:
        raise FzcjError(f"无法写入文件夹 {path}：{os_error_text(err)}") from err
    finally:
        shutil.rmtree(temp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
