"""Parse the data files in another process while this one starts up.

Starting fzcj is mostly importing typer, pydantic and rich; parsing the two data files needs none of
them, only PyYAML, whose own import (it compiles its resolver patterns) costs about as much again.
:func:`begin` forks a parser before anything heavy is imported, and :func:`take` hands each file's
text and data to :func:`fzcj.loading.load_model`, so that a command on valid data never imports
PyYAML at all. A file in which the parser met any problem is not sent: the command reads it again
itself and reports the problems with their positions. What a command shows never depends on who
parsed; a parser that died, stalls or sends garbage costs a moment, never a result.

Nothing is forked where ``fork`` is missing (Windows) or with ``FZCJ_JOBS=1``
(:func:`fzcj.prefetch.begin_from_argv` decides).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import stat
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

PATIENCE = 0.5  # seconds to wait for the parser's answer: it started long before, so it is ahead
MAX_BYTES = 1 << 20  # a bigger data file (ten times the real table) is parsed by the command itself
PIPE_BYTES = 1 << 20  # the answer for the real table is about 300 KB; Linux allows 1 MiB unprivileged


class Ahead:
    """A data file as the parser read it: its text and its content as plain Python."""

    __slots__ = ("data", "text")  # a plain class: a NamedTuple would cost start-up more than it gives

    def __init__(self, text: str, data: Any) -> None:
        self.text = text
        self.data = data


class _Parser:
    def __init__(self, pid: int, fd: int, paths: frozenset[str]) -> None:
        self.pid = pid
        self.fd = fd
        self.paths = paths  # the files asked for; each is taken once
        self.results: dict[str, Ahead] | None = None

    def collect(self) -> dict[str, Ahead]:
        """Everything the parser sent; nothing if it failed, stalled or sent what cannot be read."""
        chunks: list[bytes] = []
        deadline = time.monotonic() + PATIENCE
        complete = False
        try:
            while (remaining := deadline - time.monotonic()) > 0:
                if not select.select([self.fd], [], [], remaining)[0]:
                    break
                chunk = os.read(self.fd, 1 << 20)
                if not chunk:
                    complete = True
                    break
                chunks.append(chunk)
        except (OSError, ValueError):
            complete = False
        self.close(kill=not complete)
        if not complete:
            return {}
        try:
            results = pickle.loads(b"".join(chunks))  # from our own child
            return {path: Ahead(*results[path]) for path in self.paths if path in results}
        except Exception:  # a truncated or garbled answer: parse here
            return {}

    def close(self, *, kill: bool) -> None:
        if self.fd < 0:
            return
        os.close(self.fd)
        self.fd = -1
        if kill:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


_pending: _Parser | None = None


def begin(files: Sequence[tuple[str, str]]) -> None:
    """Fork a parser for ``files`` (absolute path and the name shown in problems). Never raises."""
    global _pending
    discard()
    files = [(path, rel) for path, rel in files if _worth_it(path)]
    if not files or not hasattr(os, "fork"):
        return
    try:
        read_fd, write_fd = os.pipe()
    except OSError:
        return
    _widen(write_fd)
    try:
        pid = os.fork()
    except OSError:
        os.close(read_fd)
        os.close(write_fd)
        return
    if pid == 0:  # pragma: no cover - runs in the child, whose coverage is not collected
        try:
            os.close(read_fd)
            _parse(files, write_fd)
        finally:
            os._exit(1)
    os.close(write_fd)
    _pending = _Parser(pid, read_fd, frozenset(path for path, _ in files))


def _widen(fd: int) -> None:
    """Room in the pipe for the whole answer (Linux): the parser writes it at once and ends, instead
    of handing it over 64 KiB at a time while the command reads."""
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass  # the usual pipe works too, a little slower


def _worth_it(path: str) -> bool:
    """A regular file of a usual size: parsing it ahead cannot take long, nor block on a pipe."""
    try:
        st = os.stat(path)
    except OSError:
        return False  # the command says what is wrong with it
    return stat.S_ISREG(st.st_mode) and st.st_size <= MAX_BYTES


def take(path: str) -> Ahead | None:
    """The file at ``path`` as parsed ahead, once; None: read and parse it yourself."""
    global _pending
    parser = _pending
    if parser is None or path not in parser.paths:
        return None
    if parser.results is None:
        parser.results = parser.collect()
    parser.paths -= {path}
    if not parser.paths:
        _pending = None
    return parser.results.pop(path, None)


def discard() -> None:
    """Stop a parser whose work nobody took (the command ended before loading the data)."""
    global _pending
    if _pending is not None:
        _pending.close(kill=True)
        _pending = None


def _parse(files: Sequence[tuple[str, str]], out: int) -> None:  # pragma: no cover - in the child
    # Whoever waits for the end of the command's output must not wait for this process too.
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 1)
    os.dup2(quiet, 2)
    from fzcj.yamldoc import parse_yaml, read_text

    results: dict[str, tuple[str, Any]] = {}
    for path, rel in files:
        problems: list[Any] = []
        text = read_text(Path(path), rel, problems)
        if text is None:
            continue
        document = parse_yaml(text, rel, problems)
        if document is not None and not problems:
            results[path] = (text, document.data)
    view = memoryview(pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL))
    while view:  # blocks until the command reads; fails (and ends) if the command has ended
        view = view[os.write(out, view) :]
    os._exit(0)
