"""Read the evidence tree in other processes while this one starts up and loads the data files.

Reading a large tree is mostly system calls and per-file work that needs no task or unit, while
starting Python, importing the libraries and loading the data files needs no file of the tree. So
:func:`begin` reads ``evidence/`` itself, then forks listers that read the task folders (one ticket
per task folder, drawn from a pipe as each lister becomes free) and send each one's listings back.
The walk in :mod:`fzcj.evidence` asks :meth:`Prefetch.listing` for each folder in its own order.
While a task folder has not arrived, the walk reads task folders no lister has drawn yet; with none
left, it waits a moment and then reads the folder itself (the listers are told to leave it), so a
slow or failed lister costs a little time, never a result.

The console entry point starts this from the raw command line, before anything heavy is imported
(:func:`begin_from_argv`); other callers start it when the walk begins (:func:`fzcj.evidence.scan`).
Where ``fork`` is missing (Windows), on small trees and with ``FZCJ_JOBS=1``, nothing is forked and
the walk reads every folder itself: what a folder holds never depends on who read it.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import pickle
import select
import signal
import struct
import time
from collections.abc import Sequence
from pathlib import Path

from fzcj import preparse
from fzcj.filenames import task_id_of_folder
from fzcj.listing import Folder, FolderReader, Packed

JOBS_ENV = "FZCJ_JOBS"
MIN_FOLDERS = 24  # fewer task folders: forking costs more than it saves
MAX_JOBS = 8
SPECULATION_MAX_BYTES = 1 << 20
PATIENCE = 0.1  # seconds the walk waits for a task folder a lister is reading before reading it itself
WALKING_COMMANDS = frozenset({"status", "show", "report", "validate"})
LOADING_COMMANDS = WALKING_COMMANDS | {"init"}  # the data files are parsed ahead for these
_TICKET = 4  # bytes per ticket; a pipe read of this size is never split between readers
CPU_QUOTA_FILE = "/sys/fs/cgroup/cpu.max"  # "max 100000", or "200000 100000" for two CPUs
_MAX_TICKETS = 1000  # all tickets are written at once and must fit the smallest pipe buffer (4 KiB)
_MESSAGE = struct.Struct("<IQQ")  # ticket, offset and size of its listings in the spool file

_pending: Prefetch | None = None
_declined: str | None = None  # the tree last found not worth reading ahead, until the walk takes over


def configured_jobs() -> int | None:
    """``FZCJ_JOBS`` as a number of processes (1 … :data:`MAX_JOBS`); None when unset or not a number."""
    value = os.environ.get(JOBS_ENV, "").strip()
    if not value.isdecimal() or not value.isascii():
        return None
    return max(1, min(MAX_JOBS, int(value)))


def job_count(folders: int) -> int:
    """Processes to read with: one for small trees, else one per CPU (at most 4); ``FZCJ_JOBS`` overrides."""
    if not hasattr(os, "fork"):
        return 1
    configured = configured_jobs()
    if configured is not None:
        return configured
    if folders < MIN_FOLDERS:
        return 1
    return max(1, min(4, available_cpus()))


def available_cpus() -> int:
    """CPUs this process may run on, within a container's CPU quota (cgroup v2) where there is one."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    try:
        with open(CPU_QUOTA_FILE, encoding="ascii") as limits:
            quota, period = limits.read().split()
        if quota != "max":
            cpus = min(cpus, max(1, int(quota) // int(period)))
    except (OSError, ValueError):
        pass
    return cpus


class Prefetch:
    """Listings of one evidence tree, read ahead by forked listers."""

    def __init__(self, root: str, reader: FolderReader, root_listing: Folder, folders: list[tuple[str, str]]):
        self.root = root
        self.reader = reader
        self.root_listing: Folder | None = root_listing
        self.folders = folders  # (path, name) of each task folder, one ticket each
        self.ticket_of = {path: i for i, (path, _) in enumerate(folders)}
        self.received: dict[int, dict[str, Folder | Packed]] = {}
        self.claimed = mmap.mmap(-1, max(1, len(folders)))  # shared: 1 = the walk reads it itself
        self.children: dict[int, tuple[int, int]] = {}  # message pipe → (pid, spool file)
        self.buffers: dict[int, bytearray] = {}
        self.tickets = -1
        self.back = len(folders) - 1  # the walk reads task folders from the back while it waits
        self.stealing: tuple[int, list[tuple[str, str]], dict[str, Folder | Packed]] | None = None
        self.parent = os.getpid()

    # -- the walk's side -----------------------------------------------------------------------------
    def start(self, listers: int) -> bool:
        """Fork up to ``listers`` listers; False if not even the tickets could be handed out."""
        read_fd, write_fd = os.pipe()
        try:
            os.set_blocking(write_fd, False)
            os.write(write_fd, b"".join(i.to_bytes(_TICKET, "little") for i in range(len(self.folders))))
        except OSError:  # a pipe too small for the tickets: no read-ahead
            os.close(read_fd)
            return False
        finally:
            os.close(write_fd)
        self.tickets = read_fd
        for _ in range(listers):
            try:
                self._fork_lister()
            except OSError:
                break
        return True

    def _fork_lister(self) -> None:
        spool = _spool(self.reader.real_root)
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
            try:
                os.close(result_read)
                for fd, (_, other_spool) in self.children.items():  # the other listers' ends
                    os.close(fd)
                    os.close(other_spool)
                self._lister(result_write, spool)
            finally:
                os._exit(1)
        os.close(result_write)
        self.children[result_read] = (pid, spool)
        self.buffers[result_read] = bytearray()

    def listing(self, path: str) -> Folder | None:
        """The folder at ``path`` as read ahead; None: read it yourself.

        Listers draw task folders from the front, in the walk's order; while the one it needs has
        not arrived, the walk reads folders of task folders from the back itself (it will need them
        later), one folder at a time. After :data:`PATIENCE` seconds it takes the task folder over
        (listers leave it): a lister stuck in a huge folder the walk never enters costs little.
        """
        if path == self.root:
            root, self.root_listing = self.root_listing, None
            return root
        ticket = self._ticket(path)
        if ticket is None:
            return None
        if self.stealing is not None and self.stealing[0] == ticket:
            self._stop_stealing()  # reached: what was read of it is used, the rest is read on demand
        deadline = time.monotonic() + PATIENCE
        while ticket not in self.received:
            if self.claimed[ticket]:
                return None  # taken over: the walk reads this task folder itself
            self._receive(0)
            if ticket in self.received:
                break
            if not self.children or time.monotonic() >= deadline:
                self.claimed[ticket] = 1
                return None
            if not self._read_one(ticket):
                self._receive(max(0.0, deadline - time.monotonic()))
        found = self.received[ticket].pop(path, None)
        if found is None or isinstance(found, Folder):
            return found
        if found[0] is None:  # a folder a lister left alone: read here, knowing the folders above it
            if found[1] is not None:
                self.reader.chains[path] = found[1]
            return None
        return Folder.unpack(found)

    def _read_one(self, wanted: int) -> bool:
        """Read one folder of the last task folder not yet read, if that comes after ``wanted``."""
        if self.stealing is None:
            while self.back > wanted and self.stealing is None:
                index, self.back = self.back, self.back - 1
                if index not in self.received:
                    self.claimed[index] = 1  # a lister that drew it stops at its next folder
                    self.stealing = (index, [self.folders[index]], {})
            if self.stealing is None:
                return False
        _, stack, listings = self.stealing
        path, folder = self._read_next(stack)
        if folder is not None:
            listings[path] = folder
        if not stack:
            self._stop_stealing()
        return True

    def _stop_stealing(self) -> None:
        """Hand over what was read of the task folder being read here (the walk reads the rest)."""
        if self.stealing is not None:
            index, _, listings = self.stealing
            self.received[index] = listings
            self.stealing = None

    def _ticket(self, path: str) -> int | None:
        """The ticket of the task folder that ``path`` is in."""
        prefix = self.root + "/"
        if not path.startswith(prefix):
            return None
        return self.ticket_of.get(prefix + path[len(prefix) :].partition("/")[0])

    def _receive(self, timeout: float) -> None:
        """Take in whatever the listers have sent, waiting up to ``timeout`` seconds for something."""
        if not self.children:
            return
        try:
            ready, _, _ = select.select(list(self.children), [], [], timeout)
        except (OSError, ValueError):  # cannot watch the pipes: read everything here from now on
            for fd in list(self.children):
                self._stop(fd)
            return
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
                if ticket in self.received or self.claimed[ticket]:  # read here meanwhile
                    continue
                try:
                    self.received[ticket] = pickle.loads(os.pread(spool, size, offset))  # our own child's
                except Exception:  # a listing lost on the way is read again by the walk, never guessed
                    continue
            del buffer[:whole]

    def _stop(self, fd: int) -> None:
        pid, spool = self.children.pop(fd)
        self.buffers.pop(fd, None)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        os.close(fd)
        os.close(spool)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)

    def close(self) -> None:
        """Stop and reap the listers (they may still be reading) and free the pipes."""
        for fd in list(self.children):
            self._stop(fd)
        if self.tickets >= 0:
            os.close(self.tickets)
            self.tickets = -1
        self.received.clear()
        self.stealing = None
        self.claimed.close()

    def _read_next(self, stack: list[tuple[str, str]]) -> tuple[str, Folder | None]:
        """Read the next folder of a task folder read depth-first (its subfolders go on ``stack``);
        None for a folder too large to read on speculation, left to the walk if it goes there."""
        path, rel = stack.pop()
        if "/" in rel and _too_big(path):
            return path, None
        folder = self.reader.read(path, rel)
        stack.extend(reversed(folder.subfolders()))
        return path, folder

    # -- a lister's side -----------------------------------------------------------------------------
    def _lister(self, out: int, spool: int) -> None:  # pragma: no cover - runs in the child
        """Read task folders as tickets come, skipping those the walk reads itself. Each task
        folder's listings go to the spool file (which never fills up, unlike a pipe, however long the
        walk is busy elsewhere) and a short message saying where they are goes to the pipe."""
        # Whoever waits for the end of this command's output must not wait for a lister too.
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1)
        os.dup2(quiet, 2)
        self.reader.fragile = True  # out of file descriptors here: leave the folder to the walk
        offset = 0
        while ticket := os.read(self.tickets, _TICKET):
            if os.getppid() != self.parent:  # the command has ended without us
                break
            index = int.from_bytes(ticket, "little")
            listings = self._walk(index)
            if listings is None:
                continue
            data = pickle.dumps(listings, protocol=pickle.HIGHEST_PROTOCOL)
            view = memoryview(data)
            while view:
                view = view[os.write(spool, view) :]
            os.write(out, _MESSAGE.pack(index, offset, len(data)))
            offset += len(data)
        os._exit(0)

    def _walk(self, index: int) -> dict[str, Folder | Packed] | None:
        """Every folder under one task folder (which of them count is for the walk to decide, with
        the data files at hand); None as soon as the walk has taken the task folder over."""
        listings: dict[str, Folder | Packed] = {}
        stack = [self.folders[index]]
        while stack:
            if self.claimed[index]:
                return None
            path, folder = self._read_next(stack)
            listings[path] = folder.pack() if folder is not None else (None, self.reader.chains.get(path))
        return listings


def _too_big(path: str) -> bool:
    """A folder too large to read on speculation (its own size grows with its entries: 1 MiB is
    some 20,000 names); a folder that cannot be looked at is left to the walk as well."""
    try:
        return os.stat(path).st_size > SPECULATION_MAX_BYTES
    except OSError:
        return True


def _spool(evidence_root: str) -> int:
    """An unnamed file for a lister's output: in memory where the system offers it (Linux), else a
    temporary file that is gone once both sides have closed it (never one inside the evidence tree)."""
    if hasattr(os, "memfd_create"):
        with contextlib.suppress(OSError):
            return os.memfd_create("fzcj-listing", os.MFD_CLOEXEC)
    import tempfile

    folder = os.path.realpath(tempfile.gettempdir())
    if os.path.commonpath([folder, evidence_root]) == evidence_root:
        raise OSError("no temporary folder outside the evidence tree")
    with tempfile.TemporaryFile(dir=folder) as spool:
        return os.dup(spool.fileno())


# -- starting and taking --------------------------------------------------------------------------


def begin(evidence_dir: str) -> None:
    """Start reading ``evidence_dir`` ahead, unless that is already under way or not worth it.

    Never raises: whatever goes wrong here, the walk reads the tree itself and reports it.
    """
    global _pending, _declined
    if _pending is not None:
        if _pending.root == evidence_dir:
            return
        discard()
    if not hasattr(os, "fork") or configured_jobs() == 1 or _declined == evidence_dir:
        return
    try:
        _pending = _start(evidence_dir)
    except Exception:
        discard()
    if _pending is None:
        _declined = evidence_dir  # not worth it: the walk need not look again before it starts


def _start(evidence_dir: str) -> Prefetch | None:
    if not os.path.isdir(evidence_dir):
        return None
    reader = FolderReader(evidence_dir)
    reader.start()
    listing = reader.read(evidence_dir, "")
    folders = [(path, rel) for path, rel in listing.subfolders() if task_id_of_folder(rel)]
    jobs = job_count(len(folders))
    if jobs <= 1 or not folders or len(folders) > _MAX_TICKETS:
        return None
    prefetch = Prefetch(evidence_dir, reader, listing, folders)
    try:
        started = prefetch.start(min(jobs - 1, len(folders)))
    except BaseException:
        prefetch.close()  # stop the listers already forked
        raise
    if not started:
        prefetch.close()
        return None
    return prefetch


def take(evidence_dir: str) -> Prefetch | None:
    """The read-ahead of ``evidence_dir`` if one is under way (the caller closes it)."""
    global _pending, _declined
    prefetch, _pending, _declined = _pending, None, None
    if prefetch is not None and prefetch.root != evidence_dir:
        prefetch.close()
        return None
    return prefetch


def discard() -> None:
    """Stop a read-ahead nobody took (the command failed before walking)."""
    global _pending, _declined
    _declined = None
    if _pending is not None:
        _pending.close()
        _pending = None


def begin_from_argv(argv: Sequence[str]) -> None:
    """Start parsing the data files, and reading the evidence tree for a command that walks it.

    A guess made before the command line is parsed: a wrong guess costs a little work, never a
    result, since the command only takes what was read ahead of the very files it reads. Never raises.
    """
    words = list(argv)
    if not words or words[0] not in LOADING_COMMANDS or {"-h", "--help"} & set(words):
        return
    if words[-1] == "--root":
        return  # the parser will say what is missing
    jobs = configured_jobs()
    if jobs == 1 or not hasattr(os, "fork"):
        return
    try:
        from fzcj.paths import EVIDENCE, INDICATORS, UNITS, find_root

        root = find_root(_option(words, "--root"))
    except Exception:  # the command itself will say what is wrong
        return
    if (jobs or available_cpus()) > 1:  # on one CPU the parser would only take turns with the command
        preparse.begin([(str(root / name), name.as_posix()) for name in (INDICATORS, UNITS)])
    if words[0] in WALKING_COMMANDS and "--data-only" not in words:
        begin(str(root / EVIDENCE))


def _option(words: list[str], name: str) -> Path | None:
    for i, word in enumerate(words[:-1]):
        if word == name:
            return Path(words[i + 1])
    for word in words:
        if word.startswith(name + "="):
            return Path(word[len(name) + 1 :])
    return None
