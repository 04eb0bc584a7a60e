"""Hashes computed on this machine, so that a file whose time moved but whose bytes did not (a git
checkout, a copy, a sync) is hashed once, not at every status.

A decision records each file's time; where the file's time differs now, the file must be hashed to
know whether it changed. The record is never rewritten, so without this cache the same files would be
hashed again at every command. The cache maps a file's path to (size, time, SHA-256) as last hashed,
per evidence tree, in the user's cache directory (see :mod:`fzcj.data.cache`; ``FZCJ_NO_CACHE=1``
turns it off). An entry counts only while the file's size and time are still those; a cache that
cannot be read or written only means hashing again.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from fzcj.data.cache import TreeCache
from fzcj.review import fingerprint
from fzcj.review.fingerprint import Digest


class HashCache:
    def __init__(self, evidence: Path, cache: TreeCache) -> None:
        self.evidence = evidence
        self.cache = cache

    @classmethod
    def for_tree(cls, evidence: Path) -> HashCache:
        return cls(evidence, TreeCache.for_tree(evidence, "hashes"))

    def digest(self, disk_paths: Mapping[str, str]) -> Digest:
        """A :data:`~fzcj.review.fingerprint.Digest` that asks the cache first (``disk_paths``: the
        walk's names on disk where they differ from those shown)."""

        def digest(path: str, size: int, mtime: int | None) -> str | None:
            entries = self.cache.load()
            known = entries.get(path)
            if mtime is not None and isinstance(known, list) and known[:2] == [size, mtime]:
                return str(known[2])
            try:
                value = fingerprint.sha256_of(fingerprint.on_disk(self.evidence, path, disk_paths))
            except OSError:
                return None
            if mtime is not None:
                self.cache.put(path, [size, mtime, value])
            return value

        return digest

    def save(self) -> None:
        """Keep what was hashed (see :meth:`fzcj.data.cache.TreeCache.save`)."""
        self.cache.save()
