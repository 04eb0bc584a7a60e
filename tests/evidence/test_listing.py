"""Reading folders safely: files that are no material wherever they lie, names that warn, small text
files opened without following a link or waiting on a pipe, and an evidence folder that is a bad link.

Races use a deterministic hook: ``os.open`` is wrapped so that the file is swapped right between the
listing of its folder and its opening, as another program on the shared drive could do.
"""

from __future__ import annotations

import errno
import json
import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from evidence_helpers import (
    codes,
    invoke,
    make_workspace,
    materials_by_id,
    problem_pairs,
    put,
    status_json,
    tasks_by_id,
)
from fzcj.evidence.notes import MAX_TEXT_BYTES
from fzcj.fsutil import NotARegularFile, read_small_file

AS_OF = "2022-06-01"
W30 = "030 后评估/区司法局/不涉及.txt"  # task 30 has one item: a note waives the whole task
U24 = "024 征求意见/区司法局/2-网址.txt"  # 24.2 is a web address
SECRET = "机密：不应出现在任何输出中"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws")


@pytest.fixture
def no_hang() -> Iterator[None]:
    """Fail (instead of hanging the suite) when the code under test blocks for 10 seconds."""

    def timeout(signum: int, frame: Any) -> None:
        raise TimeoutError("blocked: the walk waited on a pipe")

    previous = signal.signal(signal.SIGALRM, timeout)
    signal.alarm(10)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def swap_on_open(monkeypatch: pytest.MonkeyPatch, name: str, swap: Callable[[], None]) -> list[str]:
    """Run ``swap`` just before the walk opens the file called ``name`` (once); returns a log."""
    real_open = os.open
    done: list[str] = []

    def open_(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if not done and os.fsdecode(path).endswith(name) and not flags & getattr(os, "O_DIRECTORY", 0):
            done.append(os.fsdecode(path))
            swap()
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_)
    return done


# -- swapped between listing and opening -----------------------------------------------------------


def test_a_note_swapped_for_a_link_leaks_nothing(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """不涉及.txt replaced by a link to another file after the listing: a problem, never its text."""
    note = put(ws, W30, "本单位未制定规范性文件，不涉及后评估。")
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, "utf-8")

    def swap() -> None:
        note.unlink()
        note.symlink_to(secret)

    log = swap_on_open(monkeypatch, "不涉及.txt", swap)
    result = invoke("status", "--format", "json", "--as-of", AS_OF, "--root", str(ws))
    assert log and result.exit_code == 0, result.output
    assert SECRET not in result.output
    report = json.loads(result.stdout)
    assert tasks_by_id(report)["30"]["status"] == "not_started"
    assert (f"evidence/{W30}", "not-a-file") in problem_pairs(report, ["error"])


def test_a_link_file_swapped_for_a_pipe_does_not_hang(
    ws: Path, monkeypatch: pytest.MonkeyPatch, no_hang: None
) -> None:
    """A .txt of web addresses replaced by a FIFO (no writer) after the listing: a problem, no hang."""
    path = put(ws, U24, "https://www.spt.gov.cn/zqyj")

    def swap() -> None:
        path.unlink()
        os.mkfifo(path)

    log = swap_on_open(monkeypatch, "2-网址.txt", swap)
    report = status_json(ws, AS_OF)
    assert log
    assert materials_by_id(report)["24.2"]["status"] == "missing"
    assert (f"evidence/{U24}", "not-a-file") in problem_pairs(report, ["error"])


def test_a_linked_note_whose_target_is_swapped_out_of_the_tree_leaks_nothing(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A note that is a link inside the tree is read at its target; a target swapped for a link out
    of the tree is refused."""
    target = put(ws, "原件/不涉及说明.txt", "本单位未制定规范性文件。")
    note = ws / "evidence" / W30
    note.parent.mkdir(parents=True)
    note.symlink_to(target)
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, "utf-8")

    def swap() -> None:
        target.unlink()
        target.symlink_to(secret)

    swap_on_open(monkeypatch, "不涉及说明.txt", swap)
    result = invoke("status", "--format", "json", "--as-of", AS_OF, "--root", str(ws))
    assert SECRET not in result.output
    assert "not-a-file" in codes(json.loads(result.stdout), W30)


def test_a_linked_note_inside_the_tree_is_read_at_its_target(ws: Path) -> None:
    target = put(ws, "原件/不涉及说明.txt", "本单位未制定规范性文件。")
    note = ws / "evidence" / W30
    note.parent.mkdir(parents=True)
    note.symlink_to(target)
    report = status_json(ws, AS_OF)
    assert tasks_by_id(report)["30"]["status"] == "waived"


def test_small_files_are_read_only_up_to_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "网址.txt"
    path.write_bytes(b"x" * (MAX_TEXT_BYTES * 3))
    assert len(read_small_file(path, MAX_TEXT_BYTES)) == MAX_TEXT_BYTES


@pytest.mark.parametrize("kind", ["link", "fifo", "folder"])
def test_only_a_regular_file_is_read(tmp_path: Path, kind: str, no_hang: None) -> None:
    path = tmp_path / "不涉及.txt"
    if kind == "link":
        (tmp_path / "target.txt").write_text(SECRET, "utf-8")
        path.symlink_to(tmp_path / "target.txt")
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        path.mkdir()
    with pytest.raises(NotARegularFile):
        read_small_file(path, MAX_TEXT_BYTES)


# -- files that are no material, wherever they are -------------------------------------------------


@pytest.mark.parametrize(
    ("rel", "code"),
    [
        ("030 后评估/区司法局/后评估报告.zip", "archive"),
        ("030 后评估/区司法局/后评估报告.RAR", "archive"),
        ("030 后评估/区司法局/后评估报告.7z", "archive"),
        ("030 后评估/区司法局/后评估报告 - 快捷方式.lnk", "shortcut"),
        ("030 后评估/全部材料.zip", "archive"),
        ("各单位材料.zip", "archive"),
    ],
)
def test_shortcuts_and_archives_count_as_nothing_with_their_own_message(
    ws: Path, rel: str, code: str
) -> None:
    put(ws, rel, b"PK\x05\x06" + bytes(18))
    report = status_json(ws, AS_OF)
    assert materials_by_id(report)["30.1"]["file_count"] == 0
    assert {(p["code"], p["severity"]) for p in report["problems"] if p["path"] == f"evidence/{rel}"} == {
        (code, "error")
    }
    result = invoke("validate", "--root", str(ws))
    assert result.exit_code == 1 and f"evidence/{rel}" in result.stdout


def test_a_folder_named_like_an_archive_is_a_folder(ws: Path) -> None:
    """What Windows makes of “材料.zip” when extracting it: a folder, read as usual."""
    put(ws, "030 后评估/区司法局/后评估材料.zip/后评估报告.pdf")
    report = status_json(ws, AS_OF)
    assert materials_by_id(report)["30.1"]["file_count"] == 1


def test_a_doubled_extension_counts_with_a_warning(ws: Path) -> None:
    put(ws, "030 后评估/区司法局/后评估报告.docx.docx")
    report = status_json(ws, AS_OF)
    assert materials_by_id(report)["30.1"]["file_count"] == 1
    pairs = problem_pairs(report, ["warning"])
    assert ("evidence/030 后评估/区司法局/后评估报告.docx.docx", "doubled-extension") in pairs


def test_a_name_garbled_by_unpacking_counts_with_a_warning(ws: Path) -> None:
    garbled = "后评估报告.pdf".encode("gbk").decode("cp437")
    put(ws, f"030 后评估/区司法局/{garbled}")
    report = status_json(ws, AS_OF)
    assert materials_by_id(report)["30.1"]["file_count"] == 1
    (problem,) = [p for p in report["problems"] if p["code"] == "garbled-name"]
    assert problem["severity"] == "warning" and "「后评估报告.pdf」" in problem["message"]
    assert "fzcj intake" in problem["message"]


# -- the evidence folder itself is a bad link ------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "says"),
    [("不存在的文件夹", "它指向的文件夹不存在"), ("evidence", "符号链接形成循环")],
    ids=["dangling", "looping"],
)
def test_an_evidence_link_that_leads_nowhere_is_named_as_such(tmp_path: Path, target: str, says: str) -> None:
    """Not the advice to run init: the link is there, and it is broken."""
    ws = make_workspace(tmp_path / "ws", evidence=False)
    (ws / "evidence").symlink_to(target)
    result = invoke("validate", "--root", str(ws))
    assert says in result.stdout
    assert "fzcj init" not in result.output and "Traceback" not in result.output
    assert result.exit_code == 3


def test_read_errors_other_than_a_swap_still_count_the_file(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A note that cannot be opened (no permission) is reported as unreadable, not as swapped."""
    put(ws, W30, "理由")
    real_open = os.open

    def open_(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if os.fsdecode(path).endswith("不涉及.txt"):
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_)
    report = status_json(ws, AS_OF)
    assert (f"evidence/{W30}", "unreadable") in problem_pairs(report)
    assert "not-a-file" not in codes(report)
