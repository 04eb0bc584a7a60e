"""Fingerprints: what a decision judged, and whether the files are still the same.

A fingerprint is one row per file: (path relative to evidence/, size, modification time in ns,
SHA-256). Comparing it with the files as they are now costs no reading in the usual case: the walk
tallies each item's files from the stat it makes anyway, and a tally equal to the record's
``files_check`` means that nothing was added, removed or modified. Otherwise the rows are compared
file by file: stat first, and a file is hashed only when its time differs from the recorded one (a
copy, a git checkout, a sync): it has changed only if its hash differs too (and the hash is kept in
this machine's :mod:`~fzcj.review.hash_cache`). A file added or removed, or a size that differs, is a
change without any hashing.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from fzcj.errors import FzcjError, os_error_text
from fzcj.review.records import Row

Stamp = tuple[str, int, int | None]
"""A file as the walk saw it: (path relative to evidence/, size, modification time in ns or None)."""
Digest = Callable[[str, int, int | None], str | None]
"""SHA-256 of a file by its path relative to evidence/, given its size and time now (None when it
cannot be read); see :mod:`fzcj.review.hash_cache`."""


def sha256_of(path: str | Path) -> str:
    """The SHA-256 of a file's bytes; raises OSError."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def unchanged(recorded: Sequence[Row], current: Sequence[Stamp], digest: Digest) -> bool:
    """Whether the files are those a decision judged (both lists in path order)."""
    if len(recorded) != len(current):
        return False
    try:
        for row, (path, size, mtime) in zip(recorded, current, strict=True):
            if row[0] != path or row[1] != size:
                return False
            if row[2] != mtime and digest(path, size, mtime) != row[3]:
                return False
    except (TypeError, IndexError, KeyError):  # a hand-edited row of another shape: validate says so
        return False
    return True


def on_disk(evidence: Path, path: str, disk_paths: Mapping[str, str]) -> str:
    """Where a file the walk names ``path`` (relative to evidence/) is on disk: its name there may
    differ (read as GBK, see :attr:`fzcj.evidence.index.EvidenceIndex.disk_paths`)."""
    return disk_paths.get(path) or f"{evidence}{os.sep}{path}"


def stamps_now(evidence: Path, paths: Sequence[str], disk_paths: Mapping[str, str]) -> list[Stamp]:
    """The files as they are now, one stat each (a file that cannot be stat'ed never matches)."""
    stamps: list[Stamp] = []
    for path in paths:
        try:
            st = os.stat(on_disk(evidence, path, disk_paths))
        except OSError:
            stamps.append((path, -1, None))
        else:
            stamps.append((path, st.st_size, st.st_mtime_ns))
    return stamps


def fingerprint(
    evidence: Path, paths: Sequence[str], disk_paths: Mapping[str, str]
) -> list[tuple[str, int, int, str]]:
    """The rows for files about to be judged (stat, then hash each); raises FzcjError."""
    rows = []
    for path in sorted(paths):
        full = on_disk(evidence, path, disk_paths)
        try:
            st = os.stat(full)
            rows.append((path, st.st_size, st.st_mtime_ns, sha256_of(full)))
        except OSError as exc:
            raise FzcjError(f"无法读取 evidence/{path}（{os_error_text(exc)}），未记录审核决定") from exc
    return rows
