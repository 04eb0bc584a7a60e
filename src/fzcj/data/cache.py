"""A parse cache for the data files, keyed on their content.

Parsing ``indicators.yaml`` with PyYAML (and importing PyYAML) is most of what loading the data costs.
The data of a file that loaded without a problem is kept as JSON in the user's cache directory
(``$XDG_CACHE_HOME/fzcj`` or ``~/.cache/fzcj``; ``%LOCALAPPDATA%\\fzcj\\Cache`` on Windows), under
the SHA-256 of the file's bytes and the versions of fzcj and pydantic. The next run with the same bytes
validates that JSON directly and never imports PyYAML. Any edit changes the key, so an entry is never
stale; a damaged, truncated or unreadable entry is ignored (and replaced), and a cache directory that
cannot be written only means there is no cache. ``FZCJ_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import secrets
import sys
from pathlib import Path
from typing import Any

NO_CACHE_ENV = "FZCJ_NO_CACHE"
KEEP = 32
"""Entries kept: older ones (data files since edited) are removed when a new one is written."""
MAX_ENTRY_BYTES = 64 << 20


def user_cache_dir() -> Path | None:
    """Where fzcj keeps its cache on this machine, or None when caching is off or nowhere to go."""
    if os.environ.get(NO_CACHE_ENV, "").strip() not in ("", "0"):
        return None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "fzcj" / "Cache" if base else None
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    if base and os.path.isabs(base):
        return Path(base) / "fzcj"
    home = os.path.expanduser("~")
    return Path(home) / ".cache" / "fzcj" if home != "~" else None


class ParseCache:
    """Parsed data files in one folder, one JSON file per content key."""

    def __init__(self, folder: Path, salt: str) -> None:
        self.folder = folder
        self.salt = salt.encode()

    def key(self, raw: bytes) -> str:
        return hashlib.sha256(self.salt + b"\0" + raw).hexdigest()

    def get(self, raw: bytes) -> bytes | None:
        """The cached JSON of a file with these bytes, or None (missing or unreadable entry)."""
        try:
            with open(self.folder / f"{self.key(raw)}.json", "rb") as entry:
                return entry.read(MAX_ENTRY_BYTES)
        except OSError:
            return None

    def put(self, raw: bytes, data: Any) -> None:
        """Keep ``data`` (plain YAML data: dicts, lists, scalars and dates) for a file with these bytes.

        Written whole under a temporary name and then renamed, so a reader never sees half an entry;
        any failure leaves the cache as it was.
        """
        target = self.folder / f"{self.key(raw)}.json"
        temp = self.folder / f".{target.name}.{secrets.token_hex(4)}.tmp"
        try:
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=_plain)
            self.folder.mkdir(parents=True, exist_ok=True)
            temp.write_bytes(text.encode())
            os.replace(temp, target)
            self._prune()
        except (OSError, TypeError, ValueError):
            with contextlib.suppress(OSError):
                temp.unlink()

    def discard(self, raw: bytes) -> None:
        """Forget the entry for these bytes (it did not validate: damaged, or from another release)."""
        with contextlib.suppress(OSError):
            (self.folder / f"{self.key(raw)}.json").unlink()

    def _prune(self) -> None:
        entries = sorted(self.folder.glob("*.json"), key=_mtime, reverse=True)
        for old in entries[KEEP:]:
            with contextlib.suppress(OSError):
                old.unlink()


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _plain(value: object) -> str:
    """Dates (the only non-JSON values that valid data holds) as ISO text, which pydantic reads back."""
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def default_cache() -> ParseCache | None:
    """The cache in the user's cache directory, or None when it is turned off."""
    folder = user_cache_dir()
    if folder is None:
        return None
    from pydantic.version import VERSION as PYDANTIC_VERSION

    from fzcj import __version__

    return ParseCache(folder / "parsed", f"fzcj {__version__}; pydantic {PYDANTIC_VERSION}")


class TreeCache:
    """Facts about the files of one evidence tree, computed on this machine and kept in the user's cache
    directory (``<cache>/<kind>/<tree key>.json``): path → a list whose first two values are the file's
    size and modification time when the fact was found. Users check those before they trust the rest.
    A cache that cannot be read or written only means computing again; ``FZCJ_NO_CACHE=1`` turns it off.
    """

    def __init__(self, file: Path | None) -> None:
        self.file = file
        self.entries: dict[str, Any] | None = None
        self.dirty = False

    @classmethod
    def for_tree(cls, evidence: Path, kind: str) -> TreeCache:
        folder = user_cache_dir()
        key = hashlib.sha256(os.fsencode(os.path.abspath(evidence))).hexdigest()[:24]
        return cls(folder / kind / f"{key}.json" if folder is not None else None)

    @property
    def enabled(self) -> bool:
        return self.file is not None

    def load(self) -> dict[str, Any]:
        if self.entries is None:
            self.entries = {}
            if self.file is not None:
                with contextlib.suppress(OSError, ValueError):
                    loaded = json.loads(self.file.read_bytes())
                    if isinstance(loaded, dict):
                        self.entries = loaded
        return self.entries

    def put(self, path: str, value: list[Any]) -> None:
        if self.file is not None:
            self.load()[path] = value
            self.dirty = True

    def save(self) -> None:
        """Keep what was found (written whole under a temporary name, then renamed; failures ignored)."""
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
