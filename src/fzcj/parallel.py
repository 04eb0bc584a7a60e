"""Run the evidence walk over several processes on large trees.

The walk is pure Python per file, so threads do not help; forked processes do. The task folders are
split by task (every folder of one task in the same part, so each part gives exactly what a single
walk would), each child walks its part and sends its partial index back through a pipe, and the parent
walks the first part itself. Where ``fork`` is missing (Windows) or a child fails, the parent simply
walks that part itself: the result never depends on whether the walk ran in parallel.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Sequence
from typing import TypeVar, cast

T = TypeVar("T")
R = TypeVar("R")
JOBS_ENV = "FZCJ_JOBS"


def job_count(work_items: int, *, minimum_items: int) -> int:
    """How many processes to use: one for small trees, else one per CPU (at most 4); ``FZCJ_JOBS`` overrides."""
    if not hasattr(os, "fork"):
        return 1
    configured = os.environ.get(JOBS_ENV, "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    if work_items < minimum_items:
        return 1
    return max(
        1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    )


def split(items: Sequence[T], parts: int, key: Callable[[T], str]) -> list[list[T]]:
    """Deal items into ``parts`` lists, keeping items with the same key together, balanced by count."""
    groups: dict[str, list[T]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    buckets: list[list[T]] = [[] for _ in range(parts)]
    for group in sorted(groups.values(), key=len, reverse=True):
        min(buckets, key=len).extend(group)
    return buckets


def run_parts(parts: list[list[T]], work: Callable[[list[T]], R]) -> list[R]:
    """``work(part)`` for every part: the first in this process, the others in forked children."""
    children: list[tuple[int, int] | None] = [None]
    for part in parts[1:]:
        children.append(_fork(work, part))
    results = [work(parts[0])]
    for part, child in zip(parts[1:], children[1:], strict=True):
        result = _collect(child) if child is not None else None
        results.append(cast(R, result) if result is not None else work(part))
    return results


def _fork(work: Callable[[list[T]], R], part: list[T]) -> tuple[int, int] | None:
    try:
        read_fd, write_fd = os.pipe()
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:  # pragma: no cover - runs in the child, whose coverage is not collected
        os.close(read_fd)
        status = 0
        try:
            data = pickle.dumps(work(part), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_fd, "wb") as out:
                out.write(data)
        except BaseException:
            status = 1
        finally:
            os._exit(status)
    os.close(write_fd)
    return pid, read_fd


def _collect(child: tuple[int, int]) -> object | None:
    pid, read_fd = child
    with os.fdopen(read_fd, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not data:
        return None
    try:
        result: object = pickle.loads(data)  # our own child's output
        return result
    except Exception:
        return None
