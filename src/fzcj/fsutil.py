"""Writing files safely: whole or not at all, and never over an existing file unless asked to."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable, Sequence
from pathlib import Path

from fzcj.problems import FzcjError, os_error_text


def _refuse_existing(paths: Iterable[Path]) -> None:
    for path in paths:
        if path.exists():
            raise FzcjError(f"文件已存在：{path}。为防止误覆盖，未写入任何文件；确需重新生成请使用 --force。")


def _write_temp(path: Path, data: bytes) -> Path:
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def write_atomically(files: Sequence[tuple[Path, bytes]], *, force: bool) -> None:
    """Write every file whole or not at all.

    Each file goes to a temporary file in its own directory that then replaces the target
    (``os.replace``); the targets are replaced only once every temporary file is complete, and no
    temporary file is left behind on failure. Without ``force`` an existing target is an error.
    """
    if not force:
        _refuse_existing(path for path, _ in files)
    temps: list[Path] = []
    current = files[0][0] if files else Path()
    try:
        for current, data in files:
            current.parent.mkdir(parents=True, exist_ok=True)
            temps.append(_write_temp(current, data))
        for (current, _), temp in zip(files, temps, strict=True):
            os.replace(temp, current)
    except OSError as err:
        raise FzcjError(f"无法写入文件 {current}：{os_error_text(err)}") from err
    finally:
        for temp in temps:
            temp.unlink(missing_ok=True)
