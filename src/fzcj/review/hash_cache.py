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

import contextlib
import hashlib
import json
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fzcj.data.cache import user_cache_dir
from fzcj.review import fingerprint
from fzcj.review.fingerprint import Digest


class HashCache:
    def __init__(self, evidence: Path, file: Path | None) -> None:
        self.evidence = evidence
        self.file = file
        self.entries: dict[str, Any] | None = None
        self.dirty = False

    @classmethod
    def for_tree(cls, evidence: Path) -> HashCache:
        folder = user_cache_dir()
        key = hashlib.sha256(os.fsencode(os.path.abspath(evidence))).hexdigest()[:24]
        return cls(evidence, folder / "hashes" / f"{key}.json" if folder is not None else None)

    def _load(self) -> dict[str, Any]:
        if self.entries is None:
            self.entries = {}
            if self.file is not None:
                with contextlib.suppress(OSError, ValueError):
                    loaded = json.loads(self.file.read_bytes())
                    if isinstance(loaded, dict):
                        self.entries = loaded
        return self.entries

    def digest(self, disk_paths: Mapping[str, str]) -> Digest:
        """A :data:`~fzcj.review.fingerprint.Digest` that asks the cache first (``disk_paths``: the
        walk's names on disk where they differ from those shown)."""

        def digest(path: str, size: int, mtime: int | None) -> str | None:
            entries = self._load()
            known = entries.get(path)
            if mtime is not None and isinstance(known, list) and known[:2] == [size, mtime]:
                return str(known[2])
            try:
                value = fingerprint.sha256_of(fingerprint.on_disk(self.evidence, path, disk_paths))
            except OSError:
                return None
            if mtime is not None:
                entries[path] = [size, mtime, value]
                self.dirty = True
            return value

        return digest

    def save(self) -> None:
        """Keep what was hashed (written whole under a temporary name, then renamed; failures ignored)."""
        if not self.dirty or self.file is None or self.entries is None:
            return
        temp = self.file.with_name(f".{self.file.name}.{secrets.token_hex(4)}.tmp")
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            temp.write_bytes(json.dumps(self.entries, ensure_ascii=False, separators=(",", ":")).encode())
            os.replace(temp, self.file)
        except OSError:
            with contextlib.suppress(OSError):
                temp.unlink()
