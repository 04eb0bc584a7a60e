"""Writing files safely: atomically, and never over an existing file unless asked to."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from fzcj.problems import FzcjError


def atomic_write(path: Path, data: bytes, *, overwrite: bool = False) -> None:
    """Write ``data`` to a temporary file beside ``path`` and move it into place in one step.

    Without ``overwrite`` an existing file is left untouched and an error is raised. A failure leaves
    no partial file behind.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if not overwrite and path.exists():
        raise FzcjError(f"文件已存在，未覆盖：{path}")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(tmp, path)
        else:
            # link() fails if the target appeared meanwhile: an existing file is never replaced.
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise FzcjError(f"文件已存在，未覆盖：{path}") from None
            except OSError:
                if path.exists():
                    raise FzcjError(f"文件已存在，未覆盖：{path}") from None
                os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
