"""Run the evidence walk over several processes on large trees.

The walk is pure Python per file, so threads do not help; forked processes do. The task folders are
grouped by task (every folder of one task in the same group, so each group gives exactly what a single
walk would). The group numbers go into a pipe as tickets; the parent and its forked children each
take the next ticket whenever they are free, so a process that drew large folders simply takes fewer.
Each child sends back its partial result and the tickets it took; whatever a failed child took, the
parent walks itself. Where ``fork`` is missing (Windows) everything runs in this process: the result
never depends on whether the walk ran in parallel.
"""

from __future__ import annotations

import gc
import os
import pickle
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")
JOBS_ENV = "FZCJ_JOBS"
_TICKET = 4  # bytes per ticket; a pipe read of this size is never split between readers
_MAX_TICKETS = 8192  # all tickets are written up front and must fit the pipe's buffer


def job_count(work_items: int, *, minimum_items: int) -> int:
    """Processes to use: one for small trees, else one per CPU (at most 4); ``FZCJ_JOBS`` overrides."""
    if not hasattr(os, "fork"):
        return 1
    configured = os.environ.get(JOBS_ENV, "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    if work_items < minimum_items:
        return 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(4, cpus))


def group(items: Sequence[T], key: Callable[[T], str], weight: Callable[[T], int]) -> list[list[T]]:
    """Items with the same key together, in their original order; heaviest groups first.

    Drawing the heaviest work first keeps the processes' finishing times close together.
    """
    groups: dict[str, list[T]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return sorted(groups.values(), key=lambda g: sum(weight(item) for item in g), reverse=True)


def run_shared(groups: list[list[T]], work: Callable[[Iterable[T]], R], jobs: int) -> list[R]:
    """``work`` over all groups, spread over ``jobs`` processes that draw groups as they go."""
    if jobs <= 1 or len(groups) < 2 or len(groups) > _MAX_TICKETS or not hasattr(os, "fork"):
        return [work(item for g in groups for item in g)]
    read_fd, write_fd = os.pipe()
    try:
        os.write(write_fd, b"".join(i.to_bytes(_TICKET, "little") for i in range(len(groups))))
    finally:
        os.close(write_fd)
    gc.freeze()  # children must not touch (and so copy) every inherited object when they collect garbage
    try:
        children = [child for child in (_fork(work, groups, read_fd) for _ in range(jobs - 1)) if child]
    finally:
        gc.unfreeze()
    taken: list[int] = []
    results = [work(_draw(groups, read_fd, taken))]
    os.close(read_fd)
    done = set(taken)
    for child in children:
        collected: tuple[list[int], R] | None = _collect(child)
        if collected is not None:
            child_taken, result = collected
            done.update(child_taken)
            results.append(result)
    missing = [g for i, g in enumerate(groups) if i not in done]
    if missing:  # a child failed: walk what it had drawn here
        results.append(work(item for g in missing for item in g))
    return results


def _draw(groups: list[list[T]], read_fd: int, taken: list[int]) -> Iterator[T]:
    while ticket := os.read(read_fd, _TICKET):
        index = int.from_bytes(ticket, "little")
        taken.append(index)
        yield from groups[index]


def _fork(work: Callable[[Iterable[T]], R], groups: list[list[T]], tickets: int) -> tuple[int, int] | None:
    try:
        read_fd, write_fd = os.pipe()
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:  # pragma: no cover - runs in the child, whose coverage is not collected
        os.close(read_fd)
        status = 0
        try:
            taken: list[int] = []
            result = work(_draw(groups, tickets, taken))
            data = pickle.dumps((taken, result), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_fd, "wb") as out:
                out.write(data)
        except BaseException:
            status = 1
        finally:
            os._exit(status)
    os.close(write_fd)
    return pid, read_fd


def _collect(child: tuple[int, int]) -> tuple[list[int], Any] | None:
    pid, read_fd = child
    with os.fdopen(read_fd, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not data:
        return None
    try:
        taken, result = pickle.loads(data)  # our own child's output
    except Exception:
        return None
    return list(taken), result
