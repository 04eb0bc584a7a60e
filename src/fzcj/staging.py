"""Writing whole folders and long streams: built under a temporary name beside the target and renamed
into place at the end, so that an interrupted run leaves no half output; and the temporary files and
folders of killed runs removed by the next one."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from fzcj.errors import FzcjError, ProblemsFound, os_error_text
from fzcj.fsutil import STALE_AFTER_S, TEMP_NAME, interrupts_deferred, refuse_existing


def _temporary_sibling(path: Path) -> Path:
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")


def remove_stale_temps(folder: Path, names: Collection[str] | None = None) -> list[str]:
    """Remove the temporary files and folders (``.NAME.1a2b3c4d.tmp``, ``.old``) that a killed run of
    fzcj left in ``folder`` more than :data:`STALE_AFTER_S` ago; with ``names``, only those of
    targets so named. Returns the names removed; what cannot be removed is left alone."""
    removed: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        match = TEMP_NAME.fullmatch(entry.name)
        if match is None or (names is not None and match["target"] not in names):
            continue
        with contextlib.suppress(OSError):
            if now - entry.stat(follow_symlinks=False).st_mtime < STALE_AFTER_S:
                continue  # maybe another run's, still being written
            if entry.is_dir(follow_symlinks=False) and entry.name.endswith(".tmp"):
                shutil.rmtree(entry.path)  # a folder being built: ours alone, under a random name
            elif entry.is_dir(follow_symlinks=False):
                _remove_tree(Path(entry.path))  # an earlier output moved aside: files only
            elif entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
            removed.append(entry.name)
    return removed


def remove_stale_temporaries(path: Path) -> list[str]:
    """:func:`remove_stale_temps` of the one target ``path`` (those left beside it by a killed write)."""
    return remove_stale_temps(path.parent, {path.name})


@contextlib.contextmanager
def staged_file(path: Path, *, force: bool) -> Iterator[BinaryIO]:
    """Write a large file as a stream, whole or not at all.

    The block writes to a temporary file beside ``path``, which replaces ``path`` only when the block
    ends without an exception (a failure or Ctrl-C removes it). Without ``force`` an existing ``path``
    is an error, before anything is written. Stale temporary files of an earlier, killed write of
    ``path`` are removed first (:func:`remove_stale_temporaries`).
    """
    if not force:
        refuse_existing([path])
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
        with interrupts_deferred():
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
        with interrupts_deferred():
            if occupied:
                os.replace(folder, old)
            elif folder.is_dir():
                folder.rmdir()
            try:
                os.rename(temp, folder)  # a folder made meanwhile with something in it stays
            except OSError:
                if occupied:  # put the earlier folder back
                    os.replace(old, folder)
                raise
    except OSError as err:
        if err.errno in (errno.EEXIST, errno.ENOTEMPTY):
            raise ProblemsFound(
                f"文件夹已存在：{folder}（刚刚由另一次运行或他人建立）。为防止误覆盖，未写入任何文件。"
            ) from err
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
        with interrupts_deferred():
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
