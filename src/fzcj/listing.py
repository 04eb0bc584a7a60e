"""Read evidence folders: each entry's name, kind and size, and every surprise as a problem.

This half of the walk knows nothing of tasks or units, so it can run before the data files are
loaded and in other processes (:mod:`fzcj.prefetch`); :mod:`fzcj.evidence` decides what the entries
mean. Nothing here writes to the tree.
"""

from __future__ import annotations

import operator
import os
import stat
from array import array
from typing import Any

from fzcj.filenames import JUNK_NAMES, LINK_SUFFIXES, REQUIREMENTS_FILE, WAIVER_WORD, decode_name, is_junk
from fzcj.links import check_links, read_small_text
from fzcj.problems import Problem, Severity, os_error_text

Note = tuple[str, int, tuple[str, ...]]
"""A small text file read while listing: (its text, or "" if its name is no 不涉及 note; the number
of valid web addresses in it; the malformed ones)."""
Entry = tuple[str, str, str, bool, int, Note | None]
"""(name, shown path, path, is folder, size, note): see :meth:`FolderReader.read`."""
Listing = tuple[list[Entry], list[Problem]]
Packed = tuple[Any, ...]
"""A listing in a compact form to send between processes (see :func:`pack`)."""

MAX_TEXT_BYTES = 64 * 1024  # link files and 不涉及 notes are small; read no more than this
_SCANDIR_FD = os.scandir in os.supports_fd
_OPEN_AT = os.open in os.supports_dir_fd
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _CLOEXEC
_BY_NAME = operator.attrgetter("name")
_SPECIAL_FIRST = frozenset(".~" + "".join(n[0].lower() + n[0].upper() for n in JUNK_NAMES))


def problem(rel: str, code: str, message: str, severity: Severity = Severity.error) -> Problem:
    """A problem of the evidence tree at ``rel`` (relative to evidence/; "" is evidence/ itself)."""
    return Problem(f"evidence/{rel}" if rel else "evidence", 0, 0, code, message, severity)


class FolderReader:
    """Reads the folders of one evidence tree.

    A symbolic link to a folder is followed, unless it points to the evidence root, to a task folder
    or to a folder it is inside of (which would loop). That depends only on the folders above a link,
    never on which folders were read before, so any process may read any task folder.
    """

    def __init__(self, root: str) -> None:
        self.root = root
        self.real_root = os.path.realpath(root)
        self.top: set[tuple[int, int]] = set()  # the evidence root and the task folders
        self.chains: dict[str, frozenset[tuple[int, int]]] = {}  # a folder → itself and its parents

    def start(self) -> None:
        """Note the evidence root itself (before reading it); raises OSError."""
        st = os.stat(self.root)
        key = (st.st_dev, st.st_ino)
        self.top.add(key)
        self.chains[""] = frozenset((key,))

    def read(self, path: str, rel: str) -> Listing:
        """Read one folder: every entry as (name, shown path, path, is folder, size, note), sorted by name.

        All system calls of the walk happen here, relative to the open folder (``fstatat`` and
        ``openat``, cheaper than a full path lookup per file); junk, odd names, links and unreadable
        entries are reported and left out. A small text file that may be a link list or a 不涉及
        note (``.url``, ``.txt``, ``.md``) is read here instead of being stat'ed: its :data:`Note`
        comes from the first :data:`MAX_TEXT_BYTES` and its ``size`` is the length read (0 means
        empty). Other entries have no note. The file system lists in any order; sorting by name makes every result
        (the first of several task folders, which of two notes wins, which link is the loop) the same.
        """
        problems: list[Problem] = []
        fd = None
        try:
            if _SCANDIR_FD:
                fd = os.open(path, _DIR_FLAGS)
            with os.scandir(fd if fd is not None else path) as it:
                raw = sorted(it, key=_BY_NAME)
            prefix = f"{rel}/" if rel else ""
            at = fd if _OPEN_AT else None
            chain = self.chains.get(rel, frozenset())
            entries = [
                item
                for entry in raw
                if (item := self._entry(entry, path, prefix, at, chain, problems)) is not None
            ]
            return entries, problems
        except PermissionError:
            problems.append(problem(rel, "unreadable", "没有权限读取这个文件夹，其中的材料未能统计"))
        except OSError as exc:
            problems.append(
                problem(rel, "unreadable", f"无法读取这个文件夹（{os_error_text(exc)}），其中的材料未能统计")
            )
        finally:
            if fd is not None:
                os.close(fd)
        return [], problems

    def _entry(
        self,
        entry: os.DirEntry[str],
        folder: str,
        prefix: str,
        fd: int | None,
        chain: frozenset[tuple[int, int]],
        problems: list[Problem],
    ) -> Entry | None:
        raw_name = entry.name
        full = f"{folder}/{raw_name}"
        # Fast path for the 99 % of names that need no decoding or reporting: not junk (which all
        # start with one of a few letters), not fzcj's own note, valid UTF-8.
        plain = raw_name[0] not in _SPECIAL_FIRST and raw_name != REQUIREMENTS_FILE
        if plain:
            try:
                raw_name.encode("utf-8")
            except UnicodeEncodeError:
                plain = False
        if plain:
            name, shown = raw_name, prefix + raw_name
            if entry.is_file(follow_symlinks=False):
                suffix = raw_name[raw_name.rfind(".") :].lower()
                if fd is not None and suffix in LINK_SUFFIXES:
                    data = _read_text_at(fd, raw_name)
                    if data is not None:
                        return (name, shown, full, False, len(data), note_of(data, name, suffix))
                try:
                    return (name, shown, full, False, entry.stat(follow_symlinks=False).st_size, None)
                except OSError as exc:
                    problems.append(problem(shown, "unreadable", f"无法读取（{os_error_text(exc)}）"))
                    return None
        else:
            decoded = decode_name(raw_name)
            name, shown = decoded.text, prefix + decoded.text
            if decoded.raw_encoding is not None:
                problems.append(
                    problem(
                        shown,
                        "non-utf8-name",
                        f"名称不是 UTF-8 编码（常见于 Windows 压缩包在 Linux 上解压），按 {decoded.raw_encoding} "
                        f"读作「{decoded.text}」并照常统计（原始字节为 {os.fsencode(raw_name)!r}）；"
                        "建议用 unzip -O GBK 重新解压，或把它重命名",
                        Severity.warning,
                    )
                )
            if name == REQUIREMENTS_FILE:
                return None
            if is_junk(name):
                problems.append(problem(shown, "ignored", "系统或临时文件，已忽略", Severity.info))
                return None
        kind = self._kind(entry, full, shown, chain, problems)
        if kind is None:
            return None
        return (name, shown, full, kind[0], kind[1], None)

    def _kind(
        self,
        entry: os.DirEntry[str],
        full: str,
        shown: str,
        chain: frozenset[tuple[int, int]],
        problems: list[Problem],
    ) -> tuple[bool, int] | None:
        """(is folder, size) of an entry that is not a plain file; None for something skipped (reported)."""
        try:
            if entry.is_symlink():
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
                key = (st.st_dev, st.st_ino)
                if key in chain or key in self.top:
                    problems.append(
                        problem(
                            shown,
                            "symlink-loop",
                            "符号链接指向证据文件夹、任务文件夹或它所在的文件夹（会形成循环），已跳过",
                            Severity.warning,
                        )
                    )
                    return None
                if "/" not in shown:
                    self.top.add(key)
                self.chains[shown] = chain | {key}
                return (True, 0)
            if stat.S_ISREG(st.st_mode):
                return (False, st.st_size)
        except OSError as exc:
            problems.append(problem(shown, "unreadable", f"无法读取（{os_error_text(exc)}）"))
            return None
        problems.append(problem(shown, "not-a-file", "既不是普通文件也不是文件夹，已跳过", Severity.warning))
        return None


def note_of(data: bytes, name: str, suffix: str) -> Note:
    """What the walk needs of a small text file: the text of a 不涉及 note, the links of a link file."""
    text = read_small_text(data)
    links = check_links(text, suffix)
    return (text if WAIVER_WORD in name else "", len(links.valid), tuple(links.malformed))


def read_text(path: str) -> bytes:
    """The start of a small text file (a link list or a 不涉及 note); raises OSError."""
    fd = os.open(path, os.O_RDONLY | _CLOEXEC)
    try:
        return os.read(fd, MAX_TEXT_BYTES)
    finally:
        os.close(fd)


def _read_text_at(folder_fd: int, name: str) -> bytes | None:
    """:func:`read_text` relative to an open folder; None when the file cannot be read (the caller
    then stats it as usual, and a reader that needs the text reports the error)."""
    try:
        fd = os.open(name, os.O_RDONLY | _CLOEXEC, dir_fd=folder_fd)
    except OSError:
        return None
    try:
        return os.read(fd, MAX_TEXT_BYTES)
    except OSError:
        return None
    finally:
        os.close(fd)


# -- sending listings between processes ----------------------------------------------------------


def pack(path: str, rel: str, listing: Listing) -> Packed:
    """A listing as a few flat values, ~10× faster to pickle and load than the tuples themselves.

    Names travel NUL-joined (NUL cannot occur in a file name); the shown path and the path, which
    repeat the folder's, are rebuilt by :func:`unpack`; only names read in another encoding carry
    their raw form.
    """
    entries, problems = listing
    names = [e[0] for e in entries]
    raw = {i: e[2].rpartition("/")[2] for i, e in enumerate(entries) if not e[2].endswith("/" + e[0])}
    return (
        path,
        rel,
        "\0".join(names),
        bytes(e[3] for e in entries),
        array("q", [e[4] for e in entries]).tobytes(),
        {i: e[5] for i, e in enumerate(entries) if e[5] is not None},
        raw,
        [(p.path, p.code, p.message, p.severity.value) for p in problems],
    )


def unpack(packed: Packed) -> Listing:
    path, rel, joined, folders, size_bytes, texts, raw, problems = packed
    names = joined.split("\0") if folders else []
    sizes = array("q")
    sizes.frombytes(size_bytes)
    prefix = f"{rel}/" if rel else ""
    entries: list[Entry] = [
        (name, prefix + name, f"{path}/{raw.get(i, name)}", folders[i] == 1, sizes[i], texts.get(i))
        for i, name in enumerate(names)
    ]
    return entries, [Problem(p, 0, 0, code, message, Severity(sev)) for p, code, message, sev in problems]
