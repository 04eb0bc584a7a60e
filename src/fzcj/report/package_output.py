"""Writing the package into a folder or a zip file; each evidence file is read once, hashed as it is copied.

Zip files are deterministic: entries in the order given, every timestamp the same fixed one, no
owner or permission bits, so the same evidence gives the same bytes. Names are UTF-8 with the zip's
UTF-8 flag, or GBK without it (``gbk``: what Windows Explorer before Windows 10 1903, and many Chinese
zip tools, expect). Files that are compressed already (PDF, images, Office files, archives, video)
are stored, the others deflated.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import zipfile
from collections import deque
from collections.abc import Callable, Generator, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TypeVar

from fzcj.errors import os_error_text
from fzcj.evidence.content import HEAD_SIZE, READ_LIMIT, ContentFault, check_bytes, is_checked
from fzcj.report.pdf_pages import PageCounter, count_pages

CHUNK = 1 << 20
WHOLE = 8 << 20
"""Files up to this size are read in one go (the whole file is in memory once)."""
WORKERS = 4
AHEAD = 8
"""Files read ahead at most: with :data:`WHOLE`, at most 64 MiB in memory."""
STORED_SUFFIXES = frozenset((
    ".pdf", ".ofd", ".docx", ".docm", ".xlsx", ".xlsm", ".pptx", ".pptm",
    ".jpg", ".jpeg", ".jfif", ".png", ".gif", ".webp", ".heic",
    ".zip", ".rar", ".7z", ".gz", ".bz2", ".xz",
    ".mp4", ".m4v", ".mov", ".avi", ".wmv", ".flv", ".mkv", ".3gp", ".mp3", ".m4a", ".aac", ".wma", ".amr",
))  # fmt: skip
"""Already compressed (or packed): deflating them again costs time and saves nothing."""
_READ_FLAGS = (
    os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
)
_WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
_UTF8_FLAG = 0x800
_MS_DOS = 0  # the zip's "made by" system
_UNIX = 3
_REGULAR_FILE = 0o100644 << 16  # rw-r--r--, as Info-ZIP's zip stores it


@dataclass(frozen=True)
class Written:
    """What was written for one file: its size and SHA-256 (hex), and for a PDF its page count where
    the bytes say it for certain (:mod:`fzcj.report.pdf_pages`)."""

    size: int
    sha256: str
    pages: int | None = None


class Source:
    """An evidence file opened for copying, judged by the content check from the bytes it reads.

    A file of up to :data:`WHOLE` bytes (nearly every evidence file) is read in one go, judged from
    those bytes and copied from them; a larger one is judged from its first and last bytes (as
    :func:`fzcj.evidence.content.check_content` reads them) and then streamed. Raises OSError.
    """

    def __init__(self, path: str) -> None:
        self.name = path
        self.pdf = path.lower().endswith(".pdf")
        self.fd = os.open(path, _READ_FLAGS)
        try:
            st = os.fstat(self.fd)
            self.size = st.st_size
            self.modified = dt.date.fromtimestamp(st.st_mtime)
            self.data = _read_all(self.fd, self.size) if self.size <= WHOLE else None
        except BaseException:
            os.close(self.fd)
            raise

    def fault(self) -> ContentFault | None:
        """The content check's verdict, from the bytes read (or the file's first and last bytes)."""
        if not is_checked(self.name):
            return None
        if self.data is not None:
            return check_bytes(self.name, self.data, b"", len(self.data))
        if self.size <= READ_LIMIT:
            head = _read_at(self.fd, 0, READ_LIMIT)
            return check_bytes(self.name, head, b"", len(head))
        tail_start = self.size - (READ_LIMIT - HEAD_SIZE)
        head = _read_at(self.fd, 0, HEAD_SIZE)
        tail = _read_at(self.fd, tail_start, READ_LIMIT - HEAD_SIZE)
        return check_bytes(self.name, head, tail, tail_start + len(tail))

    def copy(self, write: Callable[[bytes | memoryview], object], digest_hex: str | None = None) -> Written:
        """Pass every byte to ``write``, hashing them on the way (``digest_hex``: already hashed), and
        counting a PDF's pages from them."""
        if self.data is not None:
            write(self.data)
            pages = count_pages(self.data) if self.pdf else None
            return Written(len(self.data), digest_hex or hashlib.sha256(self.data).hexdigest(), pages)
        digest = hashlib.sha256()
        counter = PageCounter() if self.pdf else None
        size = 0
        buffer = bytearray(CHUNK)  # one buffer for every chunk: no allocation per read
        view = memoryview(buffer)
        os.lseek(self.fd, 0, os.SEEK_SET)
        with open(self.fd, "rb", buffering=0, closefd=False) as raw:
            while count := raw.readinto(buffer):
                digest.update(view[:count])
                write(view[:count])
                if counter is not None:
                    counter.feed(view[:count])
                size += count
        if counter is not None:
            counter.feed(b"", final=True)
        return Written(size, digest.hexdigest(), counter.pages() if counter is not None else None)

    def close(self) -> None:
        os.close(self.fd)


def _read_all(fd: int, size: int) -> bytes:
    """The whole file in one read (the rest too, should it have grown since it was measured)."""
    data = os.read(fd, size + 1)
    if len(data) <= size:
        return data
    chunks = [data]
    while chunk := os.read(fd, CHUNK):
        chunks.append(chunk)
    return b"".join(chunks)


def _read_at(fd: int, offset: int, length: int) -> bytes:
    os.lseek(fd, offset, os.SEEK_SET)
    return os.read(fd, length)


@dataclass(frozen=True)
class Copied:
    """One evidence file after copying: what was written, or why it was left out, and the day the
    file was last modified (None where it could not be read)."""

    written: Written | None
    fault: str | None = None
    modified: dt.date | None = None


Job = tuple[str, str]
"""(path in the package, path of the evidence file)."""
T = TypeVar("T")
R = TypeVar("R")


def in_order(work: Callable[[T], R], items: Iterable[T]) -> Generator[R, None, None]:
    """``work(item)`` for each item on :data:`WORKERS` threads, yielded in the items' order, with at
    most :data:`AHEAD` items under way (so that at most that many files are held in memory).

    Reading, hashing and writing files release the interpreter lock, so the threads overlap the
    system's work on two or more cores. Closing the iterator (an error or Ctrl-C in the consumer)
    cancels what has not started and waits for what has.
    """
    pool = ThreadPoolExecutor(WORKERS, thread_name_prefix="fzcj-copy")
    pending: deque[Future[R]] = deque()
    try:
        for item in items:
            pending.append(pool.submit(work, item))
            if len(pending) >= AHEAD:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True)


def _opened(path: str) -> Source | str:
    """The evidence file opened and judged, or why it is left out (a closed file)."""
    try:
        source = Source(path)
    except OSError as err:
        return f"无法读取文件内容（{os_error_text(err)}）"
    try:
        fault = source.fault()
    except OSError as err:
        source.close()
        return f"无法读取文件内容（{os_error_text(err)}）"
    if fault is not None:
        source.close()
        return fault.message
    return source


def _write_all(fd: int, data: bytes | memoryview) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


class FolderWriter:
    """Files under ``root`` (a fresh folder): copies, never links; parents made as needed."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._folders: set[str] = set()

    def _open(self, target: str) -> int:
        parent = target.rpartition("/")[0]
        if parent and parent not in self._folders:
            os.makedirs(self.root / parent, exist_ok=True)
            self._folders.add(parent)
        return os.open(f"{self.root}/{target}", _WRITE_FLAGS, 0o666)

    def _copy(self, job: Job) -> Copied:
        target, path = job
        source = _opened(path)
        if isinstance(source, str):
            return Copied(None, source)
        try:
            fd = self._open(target)
            try:
                return Copied(source.copy(lambda chunk: _write_all(fd, chunk)), modified=source.modified)
            finally:
                os.close(fd)
        finally:
            source.close()

    def copy_files(self, jobs: Iterable[Job]) -> Generator[Copied, None, None]:
        """Copy each job's file (on several threads), in the jobs' order; raises OSError."""
        return in_order(self._copy, jobs)

    def add_bytes(self, target: str, data: bytes) -> Written:
        fd = self._open(target)
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
        return Written(len(data), hashlib.sha256(data).hexdigest())


def _read_ahead(path: str) -> str | tuple[Source, str | None]:
    """The file read and judged, with the SHA-256 of what was read in one go."""
    source = _opened(path)
    if isinstance(source, str):
        return source
    return source, hashlib.sha256(source.data).hexdigest() if source.data is not None else None


class _GbkName(zipfile.ZipInfo):
    """An entry whose name is stored in GBK, without the UTF-8 flag (zipfile itself writes UTF-8)."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:  # zipfile's own (private) hook
        return self.filename.encode("gbk"), self.flag_bits & ~_UTF8_FLAG


def entry(name: str, date_time: tuple[int, int, int, int, int, int], *, gbk: bool = False) -> zipfile.ZipInfo:
    """A zip entry with nothing that varies between runs: a fixed time, fixed permissions."""
    info = (_GbkName if gbk else zipfile.ZipInfo)(name, date_time)
    # Info-ZIP's unzip reads the names of entries made on MS-DOS in the DOS code page even when the
    # UTF-8 flag is set; Windows honours the flag whatever the system. GBK names are what Windows
    # tools expect of entries made on MS-DOS (in the code page of a Chinese Windows).
    info.create_system = _MS_DOS if gbk else _UNIX
    info.external_attr = 0 if gbk else _REGULAR_FILE
    suffix = name[name.rfind(".") :].lower() if "." in name.rpartition("/")[2] else ""
    info.compress_type = zipfile.ZIP_STORED if suffix in STORED_SUFFIXES else zipfile.ZIP_DEFLATED
    return info


class ZipWriter:
    """Entries of a zip file written to ``handle`` (seekable), in the order they are added."""

    def __init__(
        self, handle: BinaryIO, date_time: tuple[int, int, int, int, int, int], *, gbk: bool
    ) -> None:
        self.zip = zipfile.ZipFile(handle, "w", allowZip64=True)
        self.date_time = date_time
        self.gbk = gbk

    def copy_files(self, jobs: Iterable[Job]) -> Generator[Copied, None, None]:
        """Copy each job's file into the zip, in the jobs' order; raises OSError.

        Threads read, judge and hash the files ahead; this thread writes the entries one by one.
        """
        jobs = list(jobs)
        for (target, _), read in zip(jobs, in_order(_read_ahead, [path for _, path in jobs]), strict=True):
            if isinstance(read, str):
                yield Copied(None, read)
                continue
            source, digest = read
            try:
                info = entry(target, self.date_time, gbk=self.gbk)
                info.file_size = source.size  # decides whether the entry needs ZIP64 sizes
                with self.zip.open(info, "w") as dest:
                    written = source.copy(dest.write, digest)
            finally:
                source.close()
            yield Copied(written, modified=source.modified)

    def add_bytes(self, target: str, data: bytes) -> Written:
        self.zip.writestr(entry(target, self.date_time, gbk=self.gbk), data)
        return Written(len(data), hashlib.sha256(data).hexdigest())

    def __enter__(self) -> ZipWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        """Close the zip (write its directory) while the file is open, also after an error: an
        unclosed zip would try again when collected, on a file closed by then."""
        self.zip.close()
