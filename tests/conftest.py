"""Session set-up: the parse cache lives in a temporary folder, never in the user's own cache."""

from __future__ import annotations

import os
import tempfile

import pytest

_CACHE = tempfile.TemporaryDirectory(prefix="fzcj-test-cache-")


def pytest_configure(config: pytest.Config) -> None:
    os.environ["XDG_CACHE_HOME"] = _CACHE.name
    os.environ.pop("FZCJ_NO_CACHE", None)
    os.environ.pop("FZCJ_ROOT", None)
