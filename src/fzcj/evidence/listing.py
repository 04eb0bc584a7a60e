"""Read evidence folders: each entry's name, kind and size, and every surprise as a problem.

This half of the walk knows nothing of tasks or units; :mod:`fzcj.evidence.walk` decides what the
entries mean. Nothing here writes to the tree. :class:`FolderReader` reads the disk; the walk takes
any object with the same two methods (tests give it folders held in memory).
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import operator
import os
import stat
from collections.abc import Iterable
from typing import Protocol

from fzcj.errors import os_error_text
from fzcj.evidence.filenames import (
    JUNK_NAMES,
    LINK_SUFFIXES,
    MOJIBAKE_CHARS,
    NOT_MATERIAL,
    REQUIREMENTS_FILE,
    TEMP_ENDINGS,
    decode_name,
    doubled_extension,
    garbled_name,
    is_junk,
    not_material,
    suffix_of,
)
from fzcj.evidence.folder import Folder
from fzcj.evidence.notes import MAX_TEXT_BYTES, note_of
from fzcj.fsutil import NotARegularFile, read_small_file
from fzcj.problems import Problem, Severity

Chain = tuple[frozenset[tuple[int, int]], bool]
"""What the walk knows of the folders above one: their (device, inode), and whether it was reached
through a symbolic link."""
_NO_CHAIN: Chain = (frozenset(), False)
_SCANDIR_FD = os.scandir in os.supports_fd
_OPEN_AT = os.open in os.supports_dir_fd
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _CLOEXEC
_BY_NAME = operator.attrgetter("name")


def _every_case(suffixes: Iterable[str]) -> tuple[str, ...]:
    """Each suffix in every mix of case (".url", ".URL", ".Url" …): one ``endswith`` finds any."""
    return tuple(
        "".join(chars)
        for suffix in sorted(suffixes)
        for chars in itertools.product(*sorted({c, c.upper()} for c in suffix))
    )


_TEXT_ENDINGS = _every_case(LINK_SUFFIXES)
# Names the common case leaves to _other: temporary files, and shortcuts and archives (never material).
_OTHER_ENDINGS = TEMP_ENDINGS + _every_case(NOT_MATERIAL)
_OTHER_LAST = frozenset(ending[-1] for ending in _OTHER_ENDINGS)  # one look at the last letter first
_SPECIAL_FIRST = frozenset(".~" + "".join(n[0].lower() + n[0].upper() for n in JUNK_NAMES))


def problem(rel: str, code: str, message: str, severity: Severity = Severity.error) -> Problem:
    """A problem of the evidence tree at ``rel`` (relative to evidence/; "" is evidence/ itself)."""
    return Problem(f"evidence/{rel}" if rel else "evidence", 0, 0, code, message, severity)


class Reader(Protocol):
    """What the walk needs of a reader: the folders, and the start of a small text file."""

    def start(self) -> None:
        """Get ready to read the evidence root: FileNotFoundError when there is none, NotADirectoryError
        when it is a file, another OSError when it cannot be read."""

    def read(self, path: str, rel: str) -> Folder:
        """One folder's entries and problems (never raises)."""

    def read_text(self, path: str) -> bytes:
        """The start of a small text file; raises OSError."""


class FolderReader:
    """Reads the folders of one evidence tree from the disk.

    A symbolic link to a folder is followed, unless it points to the evidence root, to a task folder
    or to a folder it is inside of (which would loop), or it lies in a folder that was itself reached
    through a link (links to links could multiply the tree).
    """

    def __init__(self, root: str, *, stamps: bool = False) -> None:
        self.root = root
        self.stamps = stamps
        """Also keep each plain file's modification time in :attr:`Folder.mtimes` (for reviews)."""
        self.real_root = os.path.realpath(root)
        self.top: set[tuple[int, int]] = set()  # the evidence root and the task folders
        self.chains: dict[str, Chain] = {}  # a folder's path → its chain

    def start(self) -> None:
        """Note the evidence root itself (before reading it); raises OSError: FileNotFoundError when
        there is none, NotADirectoryError when it is a file."""
        st = os.stat(self.root)
        if not stat.S_ISDIR(st.st_mode):
            raise NotADirectoryError(self.root)
        key = _folder_key(self.root, st)
        if key is not None:
            self.top.add(key)
        self.chains[self.root] = (frozenset(() if key is None else (key,)), False)

    def read(self, path: str, rel: str) -> Folder:
        """Read one folder: its entries sorted by name, and its problems.

        All system calls of the walk happen here, relative to the open folder (``fstatat`` and
        ``openat``, cheaper than a full path lookup per file); junk, odd names, links and unreadable
        entries are reported and left out. A small text file that may be a link list or a 不涉及
        note (``.url``, ``.txt``, ``.md``) is read here instead of being stat'ed: its :data:`Note`
        comes from the first :data:`MAX_TEXT_BYTES` and its size is the length read (0 means
        empty). The file system lists in any order; sorting by name makes every result (the first
        of several task folders, which of two notes wins, which link is the loop) the same.
        """
        folder = Folder(path, rel)
        chain = self.chains.get(path, _NO_CHAIN)
        fd = None
        try:
            if _SCANDIR_FD:
                fd = os.open(path, _DIR_FLAGS)
            with os.scandir(fd if fd is not None else path) as it:
                raw = sorted(it, key=_BY_NAME)
            if not rel:
                self._note_top_folders(path, raw)
            at = fd if _OPEN_AT else None
            entries = folder.entries
            keep = self.stamps
            joined = "".join([entry.name for entry in raw])  # one check of every name in the folder
            all_utf8 = _is_utf8(joined)
            if MOJIBAKE_CHARS.search(joined):
                _garbled(raw, folder)
            for entry in raw:
                name = entry.name
                # The common case inline: a plain file whose name is valid UTF-8, not junk (junk
                # names all start with one of a few letters, or end in .tmp), no shortcut or
                # archive and not fzcj's own note.
                if (
                    name[0] not in _SPECIAL_FIRST
                    and (name[-1] not in _OTHER_LAST or not name.endswith(_OTHER_ENDINGS))
                    and name != REQUIREMENTS_FILE
                    and (all_utf8 or _is_utf8(name))
                    and entry.is_file(follow_symlinks=False)
                ):
                    if name.count(".") > 1:
                        _doubled(name, folder)
                    if at is not None and name.endswith(_TEXT_ENDINGS):
                        try:
                            data = read_small_file(name, MAX_TEXT_BYTES, dir_fd=at)
                        except NotARegularFile:
                            folder.problems.append(swapped(folder.shown(name)))
                            continue
                        except OSError:
                            data = None  # stat'ed below; a reader that needs the text reports why not
                        if data is not None:
                            if keep and len(data) < MAX_TEXT_BYTES:  # read whole: its size is known
                                with contextlib.suppress(OSError):
                                    st = os.stat(name, dir_fd=at, follow_symlinks=False)
                                    folder.mtimes[len(entries)] = st.st_mtime_ns
                            folder.notes[len(entries)] = note_of(data, name, suffix_of(name))
                            entries.append((name, False, len(data)))
                            continue
                    try:
                        st = entry.stat(follow_symlinks=False)
                        size = st.st_size
                        if keep:
                            folder.mtimes[len(entries)] = st.st_mtime_ns
                    except OSError as exc:
                        shown = folder.shown(name)
                        folder.problems.append(
                            problem(shown, "unreadable", f"无法读取（{os_error_text(exc)}）")
                        )
                        continue
                    entries.append((name, False, size))
                    continue
                self._other(entry, folder, chain)
        except PermissionError:
            folder.clear()
            folder.problems.append(problem(rel, "unreadable", "没有权限读取这个文件夹，其中的材料未能统计"))
        except OSError as exc:
            folder.clear()
            folder.problems.append(
                problem(rel, "unreadable", f"无法读取这个文件夹（{os_error_text(exc)}），其中的材料未能统计")
            )
        finally:
            if fd is not None:
                os.close(fd)
        return folder

    def read_text(self, path: str) -> bytes:
        """The start of a small text file the listing did not read (a link, say); raises OSError.

        A link is read at its target, which must lie in the evidence tree; the target itself is opened
        as :func:`~fzcj.fsutil.read_small_file` opens any file (so a target swapped for another link
        or a pipe raises :class:`~fzcj.fsutil.NotARegularFile`)."""
        target = os.path.realpath(path)
        if os.path.commonpath([target, self.real_root]) != self.real_root:
            raise NotARegularFile(errno.EXDEV, "指向证据文件夹之外", path)
        return read_small_file(target, MAX_TEXT_BYTES)

    def _note_top_folders(self, path: str, entries: list[os.DirEntry[str]]) -> None:
        """The real folders in the evidence root, noted before any link there is looked at: a link
        to one of them is the loop, never the folder itself, whichever name sorts first."""
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    key = _folder_key(f"{path}/{entry.name}", entry.stat(follow_symlinks=False))
                    if key is not None:
                        self.top.add(key)
            except OSError:
                continue  # reported when the entry itself is read

    def _other(self, entry: os.DirEntry[str], folder: Folder, chain: Chain) -> None:
        """Everything but a plain file with a plain name: folders, links, odd names, junk."""
        raw_name = entry.name
        decoded = decode_name(raw_name)
        name = decoded.text
        shown = folder.shown(name)
        problems = folder.problems
        if decoded.raw_encoding is not None:
            gbk = decoded.raw_encoding == "GBK"
            problems.append(
                problem(
                    shown,
                    "non-utf8-name",
                    f"名称不是 UTF-8 编码（常见于 Windows 压缩包在 Linux 上解压），按 {decoded.raw_encoding} "
                    f"读作「{decoded.text}」，其余照常处理；"
                    + (
                        "建议用 fzcj intake 收件（会自动识别这种文件名），或把它重命名"
                        if gbk
                        else "请把它重命名"
                    ),
                    Severity.warning,
                )
            )
        if ignored(folder, name):
            return
        kind = self._kind(entry, f"{folder.path}/{raw_name}", shown, chain, problems)
        if kind is None:
            return
        if not kind[0]:
            if not_counted(folder, name):
                return
            _doubled(name, folder)
        if raw_name != name:
            folder.raw[len(folder.entries)] = raw_name
        if self.stamps and not kind[0]:
            folder.mtimes[len(folder.entries)] = kind[2]
        folder.entries.append((name, kind[0], kind[1]))

    def _kind(
        self,
        entry: os.DirEntry[str],
        full: str,
        shown: str,
        chain: Chain,
        problems: list[Problem],
    ) -> tuple[bool, int, int] | None:
        """(is folder, size, modification time) of an entry that is not a plain file; None for something
        skipped (reported)."""
        parents, via_link = chain
        try:
            linked = entry.is_symlink()
            if linked:
                target = os.path.realpath(full)
                if os.path.commonpath([target, self.real_root]) != self.real_root:
                    problems.append(problem(shown, "symlink-outside", "符号链接指向证据文件夹之外，已跳过"))
                    return None
                if not os.path.exists(target):
                    problems.append(problem(shown, "broken-symlink", "符号链接指向的文件不存在，已跳过"))
                    return None
                st = os.stat(full)
            else:
                st = entry.stat(follow_symlinks=False)
            if stat.S_ISDIR(st.st_mode):
                key = _folder_key(full, st)
                if linked and via_link:
                    problems.append(
                        problem(
                            shown,
                            "symlink-nested",
                            "符号链接位于通过另一个符号链接到达的文件夹中，不再跟随（避免重复统计），已跳过",
                            Severity.warning,
                        )
                    )
                    return None
                if key is not None and (key in parents or (linked and key in self.top)):
                    problems.append(
                        problem(
                            shown,
                            "symlink-loop",
                            "符号链接指向证据文件夹、任务文件夹或它所在的文件夹（会形成循环），已跳过",
                            Severity.warning,
                        )
                    )
                    return None
                if key is not None and "/" not in shown:
                    self.top.add(key)
                self.chains[full] = (parents if key is None else parents | {key}, via_link or linked)
                return (True, 0, 0)
            if stat.S_ISREG(st.st_mode):
                return (False, st.st_size, st.st_mtime_ns)
        except OSError as exc:
            problems.append(problem(shown, "unreadable", f"无法读取（{os_error_text(exc)}）"))
            return None
        problems.append(problem(shown, "not-a-file", "既不是普通文件也不是文件夹，已跳过", Severity.warning))
        return None


def ignored(folder: Folder, name: str) -> bool:
    """Whether an entry is left out as fzcj's own 材料要求.txt or as junk (noted in ``folder``). With
    :func:`not_counted`, the rule of every reader of the walk (the intake's too)."""
    if name == REQUIREMENTS_FILE:
        return True
    if is_junk(name):
        folder.problems.append(
            problem(folder.shown(name), "ignored", "系统或临时文件，已忽略", Severity.info)
        )
        return True
    return False


def not_counted(folder: Folder, name: str) -> bool:
    """Whether a file is left out as no material at all, a shortcut or an archive (the problem noted in
    ``folder``)."""
    nothing = not_material(name)
    if nothing is not None:
        folder.problems.append(problem(folder.shown(name), *nothing))
    return nothing is not None


def _folder_key(path: str, st: os.stat_result) -> tuple[int, int] | None:
    """What identifies a folder (device, inode). Windows leaves both 0 in directory listings, so
    there the folder is asked itself; None where even that gives no inode."""
    if st.st_ino == 0:
        try:
            st = os.stat(path)
        except OSError:
            return None
        if st.st_ino == 0:
            return None
    return (st.st_dev, st.st_ino)


def swapped(shown: str) -> Problem:
    """A small text file that was no regular file when opened (swapped for a link or a pipe)."""
    return problem(
        shown,
        "not-a-file",
        "打开时已不是普通文件（可能刚被换成符号链接或管道），未读取、未计入：请放入文件本身",
    )


def _doubled(name: str, folder: Folder) -> None:
    message = doubled_extension(name)
    if message is not None:
        folder.problems.append(problem(folder.shown(name), "doubled-extension", message, Severity.warning))


def _garbled(entries: list[os.DirEntry[str]], folder: Folder) -> None:
    for entry in entries:
        message = garbled_name(entry.name)
        if message is not None:
            folder.problems.append(
                problem(folder.shown(entry.name), "garbled-name", message, Severity.warning)
            )


def _is_utf8(name: str) -> bool:
    """False for a name holding bytes that are not UTF-8 (kept by Python as lone surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
