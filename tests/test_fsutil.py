"""Writing files whole or not at all, also when Ctrl-C lands at the worst moment."""

from __future__ import annotations

import errno
import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from fzcj import fsutil, staging
from fzcj.errors import ExitCode, FzcjError, ProblemsFound
from fzcj.fsutil import write_atomically


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_writes_every_file_whole(tmp_path: Path) -> None:
    write_atomically([(tmp_path / "a.docx", b"a"), (tmp_path / "sub" / "b.json", b"b")], force=False)
    assert (tmp_path / "a.docx").read_bytes() == b"a"
    assert (tmp_path / "sub" / "b.json").read_bytes() == b"b"
    assert _files(tmp_path) == ["a.docx", "sub"]


def test_an_existing_file_is_kept_unless_forced(tmp_path: Path) -> None:
    (tmp_path / "a.docx").write_bytes(b"old")
    with pytest.raises(FzcjError, match="文件已存在") as refused:
        write_atomically([(tmp_path / "b.docx", b"b"), (tmp_path / "a.docx", b"new")], force=False)
    assert refused.value.code == ExitCode.PROBLEMS  # README: 1, not 3 (which is for unreadable files)
    assert _files(tmp_path) == ["a.docx"] and (tmp_path / "a.docx").read_bytes() == b"old"
    write_atomically([(tmp_path / "a.docx", b"new")], force=True)
    assert (tmp_path / "a.docx").read_bytes() == b"new"


def test_ctrl_c_just_after_a_temporary_file_is_created_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open
    calls = []

    def open_then_interrupted(path: Any, flags: int, mode: int = 0o777) -> int:
        fd = real_open(path, flags, mode)
        calls.append(path)
        if len(calls) == 2:
            os.close(fd)
            raise KeyboardInterrupt  # as Python raises it right after the system call returns
        return fd

    monkeypatch.setattr(fsutil.os, "open", open_then_interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically([(tmp_path / "a.docx", b"a"), (tmp_path / "b.json", b"b")], force=False)
    assert _files(tmp_path) == []


def test_a_failed_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fsutil.os, "fsync", full)
    with pytest.raises(FzcjError, match="无法写入文件"):
        write_atomically([(tmp_path / "a.docx", b"a")], force=False)
    assert _files(tmp_path) == []


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="POSIX only")
def test_ctrl_c_while_replacing_takes_effect_once_every_file_is_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_link = os.link

    def link_and_interrupt(src: Any, dst: Any) -> None:
        os.kill(os.getpid(), signal.SIGINT)  # held back until the last file is in place
        real_link(src, dst)

    monkeypatch.setattr(fsutil.os, "link", link_and_interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomically([(tmp_path / "a.docx", b"a"), (tmp_path / "b.json", b"b")], force=False)
    assert _files(tmp_path) == ["a.docx", "b.json"]


def test_create_folder_writes_everything_under_a_new_name(tmp_path: Path) -> None:
    target = tmp_path / "新县" / "工作区"
    staging.create_folder(target, [("data/a.yaml", b"a"), ("说明.txt", b"b")], ["evidence"])
    assert (target / "data" / "a.yaml").read_bytes() == b"a"
    assert (target / "说明.txt").read_bytes() == b"b"
    assert (target / "evidence").is_dir() and not any((target / "evidence").iterdir())
    assert _files(tmp_path / "新县") == ["工作区"]


def test_create_folder_fills_an_empty_folder_and_keeps_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The current folder, given as ".", is filled in place (the shell inside it sees the files)."""
    (tmp_path / "ws").mkdir()
    inode = (tmp_path / "ws").stat().st_ino
    monkeypatch.chdir(tmp_path / "ws")
    staging.create_folder(Path("."), [("data/a.yaml", b"a")], ["evidence"])
    assert sorted(os.listdir(".")) == ["data", "evidence"] and Path("data/a.yaml").read_bytes() == b"a"
    assert (tmp_path / "ws").stat().st_ino == inode and _files(tmp_path) == ["ws"]


def test_a_name_taken_meanwhile_in_the_empty_folder_undoes_the_move(tmp_path: Path) -> None:
    """Nothing already there is replaced: the entries moved so far go back, and nothing is left over."""
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "b.txt").write_bytes(b"mine")
    with pytest.raises(FzcjError, match="已存在"):
        staging.create_folder(tmp_path / "ws", [("a.txt", b"a"), ("b.txt", b"b")])
    assert _files(tmp_path) == ["ws"] and _files(tmp_path / "ws") == ["b.txt"]
    assert (tmp_path / "ws" / "b.txt").read_bytes() == b"mine"


def test_create_folder_leaves_nothing_when_a_write_fails(tmp_path: Path) -> None:
    """A file that cannot be written (here: the same path twice) leaves neither target nor temp folder."""
    with pytest.raises(FzcjError, match="无法创建"):
        staging.create_folder(tmp_path / "ws", [("a.txt", b"a"), ("a.txt", b"again")])
    assert _files(tmp_path) == []


# -- never over a file made meanwhile, no leftovers ---------------------------


def test_a_file_made_between_the_check_and_the_write_is_never_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The competing writer runs at the worst moment: after the existence check, before b.json is
    put in place. Its file stays, and a.docx, already placed, is taken back."""
    real_link = os.link

    def competing_link(src: Any, dst: Any) -> None:
        if Path(dst).name == "b.json":
            Path(dst).write_bytes(b"theirs")
        real_link(src, dst)

    monkeypatch.setattr(fsutil.os, "link", competing_link)
    with pytest.raises(ProblemsFound, match="文件已存在"):
        write_atomically([(tmp_path / "a.docx", b"a"), (tmp_path / "b.json", b"b")], force=False)
    assert _files(tmp_path) == ["b.json"] and (tmp_path / "b.json").read_bytes() == b"theirs"


def test_without_hard_links_the_name_is_still_only_taken_when_free(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a drive without hard links (FAT, some network drives) the name is claimed with O_EXCL."""

    def no_links(src: Any, dst: Any) -> None:
        if Path(dst).name == "b.json":
            Path(dst).write_bytes(b"theirs")  # the competing writer, again at the worst moment
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(fsutil.os, "link", no_links)
    write_atomically([(tmp_path / "a.docx", b"a")], force=False)
    assert (tmp_path / "a.docx").read_bytes() == b"a"
    with pytest.raises(ProblemsFound, match="文件已存在"):
        write_atomically([(tmp_path / "b.json", b"b")], force=False)
    assert _files(tmp_path) == ["a.docx", "b.json"] and (tmp_path / "b.json").read_bytes() == b"theirs"


def test_a_notices_folder_made_meanwhile_is_never_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_rename = os.rename
    target = tmp_path / "督办通知-2022-06-15"

    def competing_rename(src: Any, dst: Any) -> None:
        target.mkdir()
        (target / "theirs.docx").write_bytes(b"theirs")
        real_rename(src, dst)

    monkeypatch.setattr(fsutil.os, "rename", competing_rename)
    with pytest.raises(ProblemsFound, match="文件夹已存在"):
        staging.write_folder_atomically(target, [("ours.docx", b"ours")], force=False)
    assert _files(tmp_path) == [target.name] and _files(target) == ["theirs.docx"]


def test_temporary_files_of_killed_runs_are_removed_once_a_few_minutes_old(tmp_path: Path) -> None:
    """fzcj's own hidden ``.NAME.xxxxxxxx.tmp`` files and folders only; anything else stays."""
    old = [
        ".周报.docx.1a2b3c4d.tmp",
        ".督办通知-2022-06-15.0badcafe.tmp",
        ".督办通知-2022-06-15.0badcafe.old",
    ]
    others = [".周报.docx.deadbeef.tmp", "周报.docx.1a2b3c4d.tmp", ".单位的.tmp", ".笔记.1a2b3c4d.txt"]
    for name in old[1:]:
        (tmp_path / name).mkdir()
        (tmp_path / name / "区司法局督办通知.docx").write_bytes(b"")
    for name in [old[0], *others]:
        (tmp_path / name).write_bytes(b"x")
    past = time.time() - fsutil.STALE_AFTER_S - 60
    for name in [*old, *others[1:]]:
        os.utime(tmp_path / name, (past, past))  # others[0] is fresh: maybe a live run's
    assert staging.remove_stale_temps(tmp_path, names=["周报.docx"]) == [old[0]]
    assert sorted(staging.remove_stale_temps(tmp_path)) == sorted(old[1:])
    assert _files(tmp_path) == sorted(others)


# -- writes stay inside their folder ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["a.docx", "sub/a.docx", "sub/../a.docx", "new/deeper/a.docx"])
def test_a_target_inside_its_folder_is_allowed_and_resolved(tmp_path: Path, name: str) -> None:
    assert fsutil.inside(tmp_path / name, tmp_path) == (tmp_path / name).resolve()


@pytest.mark.parametrize("name", ["../a.docx", "sub/../../a.docx", "/etc/passwd"])
def test_a_target_outside_its_folder_is_refused(tmp_path: Path, name: str) -> None:
    base = tmp_path / "ws"
    base.mkdir()
    with pytest.raises(FzcjError, match="拒绝写入") as caught:
        fsutil.inside(base / name, base)
    assert caught.value.code == 1


def test_a_link_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    """A folder on the way that is a link to elsewhere: the real target is outside."""
    (tmp_path / "ws").mkdir()
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", tmp_path / "ws" / "reports")
    with pytest.raises(FzcjError, match="elsewhere"):
        fsutil.inside(tmp_path / "ws" / "reports" / "a.docx", tmp_path / "ws")


def test_a_linked_base_is_still_itself(tmp_path: Path) -> None:
    """evidence/ on a linked drive: writes into it are inside."""
    (tmp_path / "drive").mkdir()
    os.symlink(tmp_path / "drive", tmp_path / "evidence")
    assert fsutil.inside(tmp_path / "evidence" / "027" / "a.txt", tmp_path / "evidence").parent.name == "027"


def test_a_nul_in_the_path_is_refused_without_a_traceback(tmp_path: Path) -> None:
    with pytest.raises(FzcjError, match=r"路径无效.*\\x00"):
        fsutil.inside(tmp_path / "a\x00b", tmp_path)


def _aged(path: Path, minutes: float = 30) -> Path:
    then = os.stat(path).st_mtime - minutes * 60
    os.utime(path, (then, then))
    return path


def _put(path: Path, minutes: float = 30) -> Path:
    path.write_bytes(b"half")
    return _aged(path, minutes)


def test_stale_temporaries_of_a_killed_write_are_removed_and_young_ones_kept(tmp_path: Path) -> None:
    old_file = _put(tmp_path / ".迎检材料.zip.0123abcd.tmp")
    (tmp_path / ".迎检材料.zip.89abcdef.old").mkdir()
    (tmp_path / ".迎检材料.zip.89abcdef.old" / "目录.docx").write_bytes(b"old")
    old_folder = _aged(tmp_path / ".迎检材料.zip.89abcdef.old")
    young = _put(tmp_path / ".迎检材料.zip.fedcba98.tmp", minutes=1)  # another run, still going
    foreign = [_put(tmp_path / ".迎检材料.zip.mine.tmp"), _put(tmp_path / ".其他.zip.0123abcd.tmp")]
    removed = staging.remove_stale_temporaries(tmp_path / "迎检材料.zip")
    assert sorted(removed) == sorted([old_file.name, old_folder.name])
    assert _files(tmp_path) == sorted(p.name for p in [young, *foreign])
