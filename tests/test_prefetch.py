"""Reading the evidence tree ahead in forked listers never changes a result.

The same tree, with every kind of surprise the walk knows, is reported identically whether one
process reads it (``FZCJ_JOBS=1``), listers read it ahead (in-process, as library callers do, and
from the command line, where the console entry starts them before parsing), or the listers die.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from evidence_helpers import REPO, invoke, make_workspace, put
from fzcj import prefetch, preparse

AS_OF = "2022-06-15"
URL = "[InternetShortcut]\r\nURL=https://www.spt.gov.cn/{}\r\n"


def _big_tree(root: Path) -> Path:
    """Forty task folders (more than prefetch.MIN_FOLDERS) and every oddity of the convention."""
    make_workspace(root)
    for n in range(1, 41):
        task = f"{n:03d} 任务{n}"
        for k in range(1, 4):
            put(root, f"{task}/区司法局/{k}-材料{k}.pdf", f"pdf {n} {k}")
            put(root, f"{task}/区政府办公室/{k}-说明{k}.docx", f"docx {n} {k}")
        put(root, f"{task}/区司法局/2-分项/第{n}份.pdf", "pdf")
        put(root, f"{task}/区司法局/空文件.pdf", "")
    put(root, "033 平台/区政府办公室/网址.url", URL.format("a"))
    put(root, "033 平台/区政府办公室/坏网址.txt", "htps://www.spt.gov.cn")
    put(root, "033 平台/区政府办公室/没有网址.md", "见附件")
    put(root, "030 后评估/区司法局/不涉及.txt", "本年度未开展后评估")
    put(root, "031 清理/区司法局/不涉及.txt", "")
    put(root, "027 合法性审核/区司法局/Thumbs.db", "junk")
    put(root, "027 合法性审核/区司法局/~$草稿.docx", "junk")
    put(root, "028 并入27的任务/区司法局/1-误放.pdf", "pdf")
    put(root, "999 没有这个任务/区司法局/1-材料.pdf", "pdf")
    put(root, "随便放的文件夹/区司法局/1-材料.pdf", "pdf")
    put(root, "027 合法性审核/不存在的单位/1-材料.pdf", "pdf")
    put(root, "直接放在根下.pdf", "pdf")
    for n in range(30):  # a backup the walk never enters, at the front and at the back
        put(root, f"001 任务1/旧备份/{n}/材料{n}.pdf", "pdf")
        put(root, f"038 任务38/旧备份/{n}/材料{n}.pdf", "pdf")
    gbk = (
        os.fsencode(root / "evidence" / "027 合法性审核" / "区司法局")
        + b"/1-"
        + "审查意见".encode("gbk")
        + b".pdf"
    )
    Path(os.fsdecode(gbk)).write_bytes(b"pdf")
    opinions = root / "evidence" / "027 合法性审核" / "区司法局" / "2-审查意见"
    put(root, "027 合法性审核/区司法局/2-审查意见/审查意见一.pdf", "pdf")
    os.symlink("../..", opinions / "回到任务文件夹")
    put(root, "030 后评估/区司法局/说明.pdf", "pdf")
    os.symlink(
        "../../027 合法性审核/区司法局/2-审查意见", root / "evidence" / "030 后评估" / "区司法局" / "借用"
    )
    return root


@pytest.fixture(autouse=True)
def _no_parser_left_behind() -> Iterator[None]:
    """begin_from_argv also forks a parser of the data files (tests/test_preparse.py)."""
    yield
    preparse.discard()


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _big_tree(tmp_path_factory.mktemp("prefetch") / "ws")


def _status(root: Path, monkeypatch: pytest.MonkeyPatch, jobs: str) -> dict[str, Any]:
    monkeypatch.setenv(prefetch.JOBS_ENV, jobs)
    result = invoke("status", "--format", "json", "--as-of", AS_OF, "--root", str(root))
    assert result.exit_code in (0, 1), result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_the_tree_has_every_kind_of_problem(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    codes = {p["code"] for p in _status(tree, monkeypatch, "1")["problems"]}
    expected = {"empty-file", "bad-link", "no-link", "empty-waiver", "ignored", "merged-task-folder"}
    expected |= {"unknown-task-folder", "unknown-unit-folder", "misplaced-file", "non-utf8-name"}
    expected |= {"symlink-loop"}
    assert expected <= codes


@pytest.mark.parametrize("jobs", ["2", "3"])
def test_read_ahead_gives_the_same_report(tree: Path, monkeypatch: pytest.MonkeyPatch, jobs: str) -> None:
    assert _status(tree, monkeypatch, jobs) == _status(tree, monkeypatch, "1")


def test_dead_listers_cost_nothing_but_time(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every lister dies at once: the walk reads every folder itself, with the same result."""
    expected = _status(tree, monkeypatch, "1")

    def die(self: prefetch.Prefetch, out: int, spool: int) -> None:
        os._exit(1)

    monkeypatch.setattr(prefetch.Prefetch, "_lister", die)
    assert _status(tree, monkeypatch, "3") == expected


def test_listings_lost_on_the_way_are_read_again(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever a lister sent that cannot be loaded is read again here, with the same result."""
    expected = _status(tree, monkeypatch, "1")

    def broken(data: bytes) -> Any:
        raise EOFError("truncated")

    monkeypatch.setattr(prefetch.pickle, "loads", broken)
    assert _status(tree, monkeypatch, "2") == expected


def test_validate_reads_ahead_too(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outputs = []
    for jobs in ("1", "2"):
        monkeypatch.setenv(prefetch.JOBS_ENV, jobs)
        outputs.append(invoke("validate", "--format", "json", "--root", str(tree)).stdout)
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0])


def _run_cli(args: list[str], jobs: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, prefetch.JOBS_ENV: jobs, "NO_COLOR": "1"}
    env.pop("FZCJ_ROOT", None)
    return subprocess.run(
        [sys.executable, "-m", "fzcj", *args], capture_output=True, env=env, cwd=REPO, timeout=120
    )


def test_console_entry_reads_ahead_from_the_command_line(tree: Path) -> None:
    """``python -m fzcj status …`` starts the listers before parsing: same bytes as one process."""
    args = ["status", "--format", "json", "--as-of", AS_OF, "--root", str(tree)]
    alone, ahead = _run_cli(args, "1"), _run_cli(args, "2")
    assert alone.returncode == ahead.returncode
    assert alone.stdout == ahead.stdout
    assert json.loads(ahead.stdout)["summary"]


def test_console_entry_with_a_bad_root_still_says_why(tmp_path: Path) -> None:
    result = _run_cli(["status", "--root", str(tmp_path / "nowhere")], "2")
    assert result.returncode == 2
    assert "不存在" in result.stderr.decode()
    assert b"Traceback" not in result.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["status", "--help"],
        ["validate", "--data-only"],
        ["init"],
        ["schema"],
        [],
        ["status", "--root"],
    ],
)
def test_no_read_ahead_where_nothing_is_walked(
    argv: list[str], tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(prefetch.JOBS_ENV, "2")
    monkeypatch.chdir(tree)
    prefetch.begin_from_argv(argv)
    try:
        assert prefetch._pending is None
    finally:
        prefetch.discard()


@pytest.mark.parametrize(
    "argv", [["status"], ["report", "--root", "{root}"], ["show", "27", "--root={root}"]]
)
def test_read_ahead_starts_for_walking_commands(
    argv: list[str], tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(prefetch.JOBS_ENV, "2")
    monkeypatch.chdir(tree / "evidence")  # found upward, as the commands find it
    prefetch.begin_from_argv([a.format(root=tree) for a in argv])
    try:
        assert prefetch._pending is not None
        assert os.path.realpath(prefetch._pending.root) == os.path.realpath(tree / "evidence")
    finally:
        prefetch.discard()


def test_a_read_ahead_of_another_tree_is_not_used(
    tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(prefetch.JOBS_ENV, "2")
    prefetch.begin(str(tree / "evidence"))
    assert prefetch.take(str(tmp_path)) is None
    assert prefetch._pending is None


def test_discard_leaves_no_lister_behind(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(prefetch.JOBS_ENV, "3")
    prefetch.begin(str(tree / "evidence"))
    pending = prefetch._pending
    assert pending is not None
    pids = [pid for pid, _ in pending.children.values()]
    assert len(pids) == 2
    prefetch.discard()
    assert prefetch._pending is None
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # already reaped


def test_slow_listers_are_never_waited_for(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Listers that never deliver: the walk reads every task folder itself, at once."""
    expected = _status(tree, monkeypatch, "1")

    def stall(self: prefetch.Prefetch, out: int, spool: int) -> None:
        time.sleep(60)

    monkeypatch.setattr(prefetch.Prefetch, "_lister", stall)
    start = time.monotonic()
    assert _status(tree, monkeypatch, "3") == expected
    assert time.monotonic() - start < 30


@pytest.mark.parametrize("value", ["0", "-2", "two", "²", "１", "", "800"])
def test_odd_job_counts_are_harmless(value: str, tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _status(tree, monkeypatch, "1")
    assert _status(tree, monkeypatch, value) == expected


def test_job_count_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(prefetch.JOBS_ENV, "800")
    assert prefetch.job_count(100) == prefetch.MAX_JOBS
    monkeypatch.setenv(prefetch.JOBS_ENV, "²")
    assert prefetch.configured_jobs() is None


def test_without_fork_everything_is_read_in_process(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As on Windows: no fork, no listers, the same report."""
    expected = _status(tree, monkeypatch, "1")
    monkeypatch.delattr(os, "fork")
    assert prefetch.job_count(100) == 1
    assert _status(tree, monkeypatch, "3") == expected


def test_names_that_read_the_same_after_decoding_are_not_mixed_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A GBK-named folder beside a UTF-8 folder of the same name: each is read for itself."""
    root = _big_tree(tmp_path / "ws")
    evidence = os.fsencode(root / "evidence")
    put(root, "003 任务3/区司法局/1-材料1.pdf", "pdf")
    gbk_task = evidence + b"/003 " + "任务3".encode("gbk")
    os.makedirs(gbk_task + "/区司法局".encode())
    with open(gbk_task + "/区司法局/2-另一份.pdf".encode(), "wb") as f:
        f.write(b"pdf")
    gbk_item = evidence + "/027 合法性审核/区司法局/".encode() + "2-审查意见".encode("gbk")
    os.makedirs(gbk_item)
    for n in range(2):
        with open(gbk_item + f"/{n}.pdf".encode(), "wb") as f:
            f.write(b"pdf")
    expected = _status(root, monkeypatch, "1")
    for jobs in ("2", "3"):
        assert _status(root, monkeypatch, jobs) == expected


def test_links_inside_linked_folders_are_not_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two links per level to the next level would count 2**depth copies: only the first hop counts."""
    root = make_workspace(tmp_path / "ws")
    base = root / "evidence" / "027 合法性审核" / "区司法局"
    put(root, "027 合法性审核/区司法局/1-合法性审查情况说明.docx")
    levels = [base / "2-审查意见" / f"第{n}层" for n in range(12)]
    for level in levels:
        level.mkdir(parents=True)
        (level / "意见.pdf").write_text("pdf", "utf-8")
    for upper, lower in itertools.pairwise(levels):
        os.symlink(lower, upper / "甲")
        os.symlink(lower, upper / "乙")
    monkeypatch.setenv(prefetch.JOBS_ENV, "1")
    start = time.monotonic()
    report = _status(root, monkeypatch, "1")
    assert time.monotonic() - start < 20
    count = next(m for t in report["tasks"] for m in t["materials"] if m["id"] == "27.2")["file_count"]
    assert count < 40
    assert any(p["code"] == "symlink-nested" for p in report["problems"])
    assert _status(root, monkeypatch, "2") == report


def test_folders_without_inode_numbers_are_still_walked(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows lists folders with st_ino 0: asked directly, each folder still counts once."""
    expected = _status(tree, monkeypatch, "1")
    real_scandir = os.scandir

    class ZeroInode:
        def __init__(self, entry: os.DirEntry[str]) -> None:
            self._entry = entry
            self.name = entry.name
            self.path = entry.path

        def is_file(self, *, follow_symlinks: bool = True) -> bool:
            return self._entry.is_file(follow_symlinks=follow_symlinks)

        def is_dir(self, *, follow_symlinks: bool = True) -> bool:
            return self._entry.is_dir(follow_symlinks=follow_symlinks)

        def is_symlink(self) -> bool:
            return self._entry.is_symlink()

        def stat(self, *, follow_symlinks: bool = True) -> os.stat_result:
            st = list(self._entry.stat(follow_symlinks=follow_symlinks))
            st[1] = st[2] = 0  # st_ino, st_dev
            return os.stat_result(st)

    class Listing:
        def __init__(self, it: Any) -> None:
            self._it = it

        def __enter__(self) -> Listing:
            return self

        def __exit__(self, *exc: object) -> None:
            self._it.close()

        def __iter__(self) -> Any:
            return (ZeroInode(e) for e in self._it)

    monkeypatch.setattr(os, "scandir", lambda path=".": Listing(real_scandir(path)))
    assert _status(tree, monkeypatch, "1") == expected


def test_folders_left_to_the_walk_keep_their_place_in_the_tree(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Listers leave every folder below a task folder to the walk (as they do with huge ones): the
    walk reads them with what the listers knew of the folders above (links, loops), same report."""
    expected = _status(tree, monkeypatch, "1")
    monkeypatch.setattr(prefetch, "SPECULATION_MAX_BYTES", -1)
    assert _status(tree, monkeypatch, "2") == expected
    assert _status(tree, monkeypatch, "3") == expected


def test_a_walk_that_never_waits_long(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No patience at all: every task folder not yet arrived is taken over at once."""
    expected = _status(tree, monkeypatch, "1")
    monkeypatch.setattr(prefetch, "PATIENCE", 0.0)
    assert _status(tree, monkeypatch, "2") == expected
