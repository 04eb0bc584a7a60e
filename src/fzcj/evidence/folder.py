"""One evidence folder as read by :mod:`fzcj.evidence.listing`: its entries, sorted by name, and its
problems; the walk (:mod:`fzcj.evidence.walk`) decides what the entries mean."""

from __future__ import annotations

from fzcj.evidence.notes import Note
from fzcj.problems import Problem


class Folder:
    """One folder as read: its entries, sorted by name, and its problems.

    ``entries`` holds (name, is folder, size) per entry; ``raw`` keeps the on-disk name where it differs
    from the name shown (a name read as GBK); ``notes`` holds the :data:`Note` of each small text file
    read while listing, and ``mtimes`` the modification time (ns) of plain files when the reader keeps
    them, by the entry's index.
    """

    __slots__ = ("entries", "mtimes", "notes", "path", "problems", "raw", "rel")

    def __init__(self, path: str, rel: str) -> None:
        self.path = path
        self.rel = rel
        self.entries: list[tuple[str, bool, int]] = []
        self.raw: dict[int, str] = {}
        self.notes: dict[int, Note] = {}
        self.mtimes: dict[int, int] = {}
        self.problems: list[Problem] = []

    def clear(self) -> None:
        """Forget the entries (the folder could not be read to the end); keep the problems."""
        self.entries.clear()
        self.raw.clear()
        self.notes.clear()
        self.mtimes.clear()

    def shown(self, name: str) -> str:
        """How an entry of this folder is named in problems (its path relative to evidence/)."""
        return f"{self.rel}/{name}" if self.rel else name

    def path_of(self, index: int) -> str:
        """The path of entry ``index`` (with its name as it is on disk)."""
        return f"{self.path}/{self.raw.get(index, self.entries[index][0])}"

    def subfolders(self) -> list[tuple[str, str]]:
        """(path, shown path) of each subfolder, in name order."""
        prefix = f"{self.rel}/" if self.rel else ""
        return [
            (self.path_of(i), prefix + name)
            for i, (name, is_folder, _) in enumerate(self.entries)
            if is_folder
        ]
