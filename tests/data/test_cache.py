"""The parse cache: content-keyed, invisible in results, and never a source of errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fzcj import api
from fzcj.data import cache as cache_module
from fzcj.data.cache import ParseCache, default_cache, user_cache_dir
from fzcj.data.workspace import load_data
from helpers import MINIMAL_INDICATORS, REPO, replace_once, write_workspace


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv("FZCJ_NO_CACHE", raising=False)
    return home


def _entries(home: Path) -> list[Path]:
    return sorted((home / "fzcj" / "parsed").glob("*.json"))


def test_a_valid_file_is_cached_once_under_its_content_key(cache_home: Path, tmp_path: Path) -> None:
    ws = write_workspace(tmp_path / "ws")
    api.load(ws)
    assert len(_entries(cache_home)) == 2  # indicators.yaml and units.yaml
    api.load(ws)
    assert len(_entries(cache_home)) == 2


def test_a_cache_hit_gives_the_same_workspace_and_problems(cache_home: Path, tmp_path: Path) -> None:
    """A warning found by the rules still has its line and column when the data came from the cache."""
    text = replace_once(
        MINIMAL_INDICATORS, "deadline: 7月30日前", "deadline: 尽快完成"
    )  # a warning: due is set
    ws = write_workspace(tmp_path / "ws", indicators=text)
    cold_ws, cold = load_data(ws, default_cache())
    warm_ws, warm = load_data(ws, default_cache())
    assert cold and cold == warm
    assert all(p.line > 0 for p in warm)
    assert cold_ws is not None and warm_ws is not None
    assert cold_ws.indicators == warm_ws.indicators and cold_ws.units == warm_ws.units


def test_a_warm_run_does_not_import_pyyaml(cache_home: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from fzcj import api; "
        f"api.status(Path({str(REPO)!r}), __import__('datetime').date(2022, 6, 15), unit='司法局'); "
        "print('yaml' in sys.modules)"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert first.stdout.strip() == "True"
    assert second.stdout.strip() == "False"


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"campaign": 1}', b"\xff\xfe garbage", b'{"a":'])
def test_a_damaged_entry_is_ignored_and_replaced(cache_home: Path, tmp_path: Path, damage: bytes) -> None:
    ws = write_workspace(tmp_path / "ws")
    api.load(ws)
    for entry in _entries(cache_home):
        entry.write_bytes(damage)
    workspace = api.load(ws)
    assert workspace.campaign.name
    for entry in _entries(cache_home):
        assert json.loads(entry.read_bytes())  # written again, whole


def test_a_cache_folder_that_cannot_be_written_only_means_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert api.load(write_workspace(tmp_path / "ws")).campaign.name
    assert api.validate(tmp_path / "ws", data_only=True) == []


def test_fzcj_no_cache_turns_it_off(
    cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FZCJ_NO_CACHE", "1")
    assert user_cache_dir() is None
    api.load(write_workspace(tmp_path / "ws"))
    assert not _entries(cache_home)


def test_a_file_with_problems_is_not_cached(cache_home: Path, tmp_path: Path) -> None:
    text = replace_once(MINIMAL_INDICATORS, "due: 2022-07-30", "due: 2022-07-30\n      unknown_key: 1")
    write_workspace(tmp_path / "ws", indicators=text)
    assert api.validate(tmp_path / "ws", data_only=True)
    assert len(_entries(cache_home)) == 1  # units.yaml only


def test_the_key_covers_content_and_release(tmp_path: Path) -> None:
    one, other = ParseCache(tmp_path, "fzcj 1"), ParseCache(tmp_path, "fzcj 2")
    assert one.key(b"a: 1") != one.key(b"a: 2")
    assert one.key(b"a: 1") != other.key(b"a: 1")
    one.put(b"a: 1", {"a": 1})
    assert one.get(b"a: 1") == b'{"a":1}'
    assert other.get(b"a: 1") is None


def test_old_entries_are_pruned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache_module, "KEEP", 3)
    cache = ParseCache(tmp_path, "t")
    for n in range(6):
        cache.put(f"n: {n}".encode(), {"n": n})
        os.utime(tmp_path / f"{cache.key(f'n: {n}'.encode())}.json", (n, n))
    assert len(list(tmp_path.glob("*.json"))) == 3
    assert cache.get(b"n: 5") is not None and cache.get(b"n: 0") is None


@pytest.mark.parametrize(
    ("env", "platform", "expected"),
    [
        ({"XDG_CACHE_HOME": "/x/cache"}, "linux", Path("/x/cache/fzcj")),
        ({"XDG_CACHE_HOME": "relative"}, "linux", Path.home() / ".cache" / "fzcj"),
        ({"LOCALAPPDATA": "C:/Users/a/AppData/Local"}, "win32", Path("C:/Users/a/AppData/Local/fzcj/Cache")),
        ({"LOCALAPPDATA": ""}, "win32", None),
    ],
)
def test_the_cache_lives_in_the_users_cache_folder(
    env: dict[str, str], platform: str, expected: Path | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("XDG_CACHE_HOME", "LOCALAPPDATA", "FZCJ_NO_CACHE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "platform", platform)
    assert user_cache_dir() == expected
