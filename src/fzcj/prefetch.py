"""List the evidence tree in other processes while this one starts up and loads the data files.

Reading a large tree is mostly system calls and per-file work that needs no task or unit, while
starting Python, importing the libraries and loading the data files needs no file of the tree. So
:func:`begin` lists ``evidence/`` itself, then forks listers that read the task folders (one ticket
per folder, drawn from a pipe as each lister becomes free) and stream each folder's listing back.
The walk in :mod:`fzcj.evidence` asks :meth:`Prefetch.listing` for each folder in its own order;
while it waits it reads folders itself, so a failed or slow lister costs time, never a result.

The console entry point starts this from the command line before importing anything heavy
(:func:`begin_from_argv`); library callers start it before loading the data (:mod:`fzcj.api`).
Where ``fork`` is missing (Windows), on small trees and with ``FZCJ_JOBS=1``, nothing is forked and
the walk reads every folder itself: the result never depends on who read a folder.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import struct
from collections.abc import Sequence
from pathlib import Path

from fzcj.filenames import task_id_of_folder
from fzcj.listing import Folder, FolderReader, Packed

JOBS_ENV = "FZCJ_JOBS"
MIN_FOLDERS = 24  # fewer task folders: forking costs more than it saves
WALKING_COMMANDS = frozenset({"status", "show", "report", "validate"})
_TICKET = 4  # bytes per ticket; a pipe read of this size is never split between readers
_MAX_TICKETS = 8192  # all tickets are written up front and must fit the pipe's buffer
_MESSAGE = struct.Struct("<IQQ")  # ticket, offset and size of its listings in the spool file

_pending: Prefetch | None = None


def job_count(folders: int) -> int:
    """Processes to read with: one for small trees, else one per CPU (at most 4); ``FZCJ_JOBS`` overrides."""
    if not hasattr(os, "fork"):
        return 1
    configured = os.environ.get(JOBS_ENV, "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    if folders < MIN_FOLDERS:
        return 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(4, cpus))


class Prefetch:
    """Listings of one evidence tree, read ahead by forked listers."""

    def __init__(self, root: str, reader: FolderReader, root_listing: Folder, folders: list[tuple[str, str]]):
        self.root = root
        self.real_root = os.path.realpath(root)
        self.reader = reader
        self.root_listing: Folder | None = root_listing
        self.folders = folders  # (path, name) of each task folder, one ticket each
        self.ticket_of = {name: i for i, (_, name) in enumerate(folders)}
        self.received: dict[int, dict[str, Folder | Packed]] = {}
        self.children: dict[int, tuple[int, int]] = {}  # message pipe → (pid, spool file)
        self.buffers: dict[int, bytearray] = {}
        self.tickets = -1

    # -- the parent's side -------------------------------------------------------------------------
    def start(self, listers: int) -> None:
        read_fd, write_fd = os.pipe()
        os.write(write_fd, b"".join(i.to_bytes(_TICKET, "little") for i in range(len(self.folders))))
        os.close(write_fd)
        self.tickets = read_fd
        for _ in range(listers):
            try:
                self._fork_lister()
            except OSError:
                break

    def _fork_lister(self) -> None:
        spool = _spool()
        try:
            result_read, result_write = os.pipe()
        except OSError:
            os.close(spool)
            raise
        try:
            pid = os.fork()
        except OSError:
            for fd in (spool, result_read, result_write):
                os.close(fd)
            raise
        if pid == 0:  # pragma: no cover - runs in the child, whose coverage is not collected
            os.close(result_read)
            self._lister(result_write, spool)
        os.close(result_write)
        self.children[result_read] = (pid, spool)
        self.buffers[result_read] = bytearray()

    def listing(self, path: str, rel: str) -> Folder | None:
        """The listing of the folder ``rel`` (None: not read ahead, read it yourself)."""
        if rel == "":
            listing, self.root_listing = self.root_listing, None
            return listing
        ticket = self.ticket_of.get(rel.partition("/")[0])
        if ticket is None:
            return None
        while ticket not in self.received:
            if not self._receive(wait=False) and not self._read_one() and not self._receive(wait=True):
                return None  # every lister has ended without this folder (one failed): read it here
        folder = self.received[ticket].pop(rel, None)
        if folder is None or isinstance(folder, Folder):
            return folder
        return Folder.unpack(folder)

    def _read_one(self) -> bool:
        """While waiting, read the next undrawn task folder here; False when none is left."""
        index = self._draw()
        if index is None:
            return False
        path, name = self.folders[index]
        self.received[index] = self._walk(path, name, pack=False)
        return True

    def _receive(self, *, wait: bool) -> bool:
        """Take in what the listers have sent; False when nothing came (or no lister is left)."""
        if not self.children:
            return False
        ready, _, _ = select.select(list(self.children), [], [], None if wait else 0)
        for fd in ready:
            try:
                data = os.read(fd, 1 << 20)
            except OSError:
                data = b""
            if not data:  # the lister has ended (or its pipe failed: then it is stopped)
                self._stop(fd)
                continue
            buffer = self.buffers[fd]
            buffer += data
            spool = self.children[fd][1]
            whole = len(buffer) - len(buffer) % _MESSAGE.size
            for ticket, offset, size in _MESSAGE.iter_unpack(buffer[:whole]):
                try:
                    self.received[ticket] = pickle.loads(os.pread(spool, size, offset))  # our own child's
                except Exception:  # a folder lost on the way is read again here, never guessed
                    continue
            del buffer[:whole]
        return bool(ready)  # something came, or a lister ended: the caller looks again

    def _reap(self, fd: int) -> None:
        pid, spool = self.children.pop(fd)
        self.buffers.pop(fd, None)
        os.close(fd)
        os.close(spool)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)

    def _stop(self, fd: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.children[fd][0], signal.SIGKILL)
        self._reap(fd)

    def close(self) -> None:
        """Stop and reap the listers (they may still be reading) and free the pipes."""
        for fd in list(self.children):
            self._stop(fd)
        if self.tickets >= 0:
            os.close(self.tickets)
            self.tickets = -1
        self.received.clear()

    # -- both sides ----------------------------------------------------------------------------------
    def _draw(self) -> int | None:
        if self.tickets < 0:
            return None
        ticket = os.read(self.tickets, _TICKET)
        return int.from_bytes(ticket, "little") if ticket else None

    def _walk(self, path: str, name: str, *, pack: bool) -> dict[str, Folder | Packed]:
        """Every folder under one task folder, listed (a folder's subfolders are all read: which of
        them count is for the walk to decide, with the data files at hand)."""
        listings: dict[str, Folder | Packed] = {}
        stack = [(path, name)]
        while stack:
            folder = self.reader.read(*stack.pop())
            listings[folder.rel] = folder.pack() if pack else folder
            stack.extend(reversed(folder.subfolders()))
        return listings

    # -- a lister's side ----------------------------------------------------------------------------
    def _lister(self, out: int, spool: int) -> None:  # pragma: no cover - runs in the child
        """Read folders as tickets come. Each folder's listings go to the spool file (which never
        fills up, unlike a pipe, however long the parent is busy elsewhere) and a short message
        saying where they are goes to the pipe. Never returns."""
        status = 0
        try:
            # Whoever waits for the end of this command's output must not wait for a lister too.
            quiet = os.open(os.devnull, os.O_WRONLY)
            os.dup2(quiet, 1)
            os.dup2(quiet, 2)
            offset = 0
            while (index := self._draw()) is not None:
                path, name = self.folders[index]
                data = pickle.dumps(self._walk(path, name, pack=True), protocol=pickle.HIGHEST_PROTOCOL)
                view = memoryview(data)
                while view:
                    view = view[os.write(spool, view) :]
                os.write(out, _MESSAGE.pack(index, offset, len(data)))
                offset += len(data)
        except BaseException:
            status = 1
        finally:
            os._exit(status)


def _spool() -> int:
    """An unnamed file for a lister's output: in memory where the system offers it (Linux), else a
    temporary file that is gone once both sides have closed it."""
    if hasattr(os, "memfd_create"):
        with contextlib.suppress(OSError):
            return os.memfd_create("fzcj-listing", os.MFD_CLOEXEC)
    import tempfile

    with tempfile.TemporaryFile() as spool:
        return os.dup(spool.fileno())


# -- starting and taking --------------------------------------------------------------------------


def begin(evidence_dir: str) -> None:
    """Start reading ``evidence_dir`` ahead, unless that is already under way or not worth it."""
    global _pending
    real = os.path.realpath(evidence_dir)
    if _pending is not None:
        if _pending.real_root == real:
            return
        discard()
    if not os.path.isdir(evidence_dir):
        return
    reader = FolderReader(evidence_dir)
    try:
        reader.start()
    except OSError:
        return
    listing = reader.read(evidence_dir, "")
    folders = [(path, rel) for path, rel in listing.subfolders() if task_id_of_folder(rel)]
    jobs = job_count(len(folders))
    if jobs <= 1 or len(folders) > _MAX_TICKETS:
        return
    _pending = Prefetch(evidence_dir, reader, listing, folders)
    _pending.start(jobs - 1)


def take(evidence_dir: str) -> Prefetch | None:
    """The read-ahead of ``evidence_dir`` if one is under way (the caller closes it)."""
    global _pending
    prefetch, _pending = _pending, None
    if prefetch is not None and prefetch.real_root != os.path.realpath(evidence_dir):
        prefetch.close()
        return None
    return prefetch


def discard() -> None:
    """Stop a read-ahead nobody took (the command failed before walking)."""
    global _pending
    if _pending is not None:
        _pending.close()
        _pending = None


def begin_from_argv(argv: Sequence[str]) -> None:
    """Start reading ahead for a command line that will walk the evidence tree.

    A guess made before the command line is parsed: a wrong guess costs a little work, never a
    result, since the walk only takes a read-ahead of the very folder it walks.
    """
    from fzcj.paths import EVIDENCE, find_root
    from fzcj.problems import FzcjError

    words = list(argv)
    if not words or words[0] not in WALKING_COMMANDS or {"-h", "--help", "--data-only"} & set(words):
        return
    if words[-1] == "--root":
        return  # the parser will say what is missing
    try:
        root = find_root(_option(words, "--root"))
    except (FzcjError, OSError):
        return
    begin(str(root / EVIDENCE))


def _option(words: list[str], name: str) -> Path | None:
    for i, word in enumerate(words[:-1]):
        if word == name:
            return Path(words[i + 1])
    for word in words:
        if word.startswith(name + "="):
            return Path(word[len(name) + 1 :])
    return None
