"""The issue sequence in reports/: one run at a time takes an issue number and writes its report and
snapshot, and a pair that a killed run left half written is finished by the next run.

- The lock file :data:`LOCK` is held while a number is taken and the pair written
  (:func:`issue_lock`). It is the operating system's lock (``flock``; ``msvcrt.locking`` on Windows):
  it belongs to the running process and goes when that process ends, however it ends, so a killed run
  never leaves a lock that someone would have to judge stale (a lock file made with ``O_EXCL`` would,
  and two runs judging it stale at once could both go on).
- The journal :data:`JOURNAL` lists the pair's complete temporary files and their names while they are
  put in place (:func:`write_pair`); a run killed between the two leaves it, and the next run puts the
  rest in place (:func:`finish_interrupted`).
- Reports without a snapshot beside them (:func:`unpaired_reports`, left by older versions or by a
  snapshot deleted) keep their numbers: the sequence passes over them and never replaces them.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from fzcj.data.model import Campaign
from fzcj.errors import FzcjError, os_error_text
from fzcj.fsutil import TEMP_NAME, place_file, read_small_file, write_atomically
from fzcj.report.snapshot import snapshot_path
from fzcj.report.wording import report_title
from fzcj.staging import remove_stale_temps

LOCK = ".fzcj.lock"
JOURNAL = ".fzcj-pending.json"
LOCK_WAIT_S = 60.0
"""How long a run waits for another one that holds the lock (a report takes seconds)."""


@contextlib.contextmanager
def issue_lock(reports_dir: Path) -> Iterator[tuple[Path, ...]]:
    """Hold reports/'s lock (making reports/ if needed) while the block takes a number and writes.

    First the pair a killed run left half written is finished and the temporary files killed runs
    left are removed; the block gets the files put in place for the killed run.
    """
    try:
        reports_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise FzcjError(f"无法建立文件夹 {reports_dir}：{os_error_text(err)}") from err
    with _locked(reports_dir / LOCK, f"周报文件夹 {reports_dir} "):
        finished = finish_interrupted(reports_dir)
        remove_stale_temps(reports_dir)
        yield finished


def finished_note(shown: Iterable[str]) -> str:
    """``上次生成周报时被中断，已补齐：<file>`` for each file (as ``shown``), one line each."""
    return "".join(f"上次生成周报时被中断，已补齐：{name}\n" for name in shown)


@contextlib.contextmanager
def finished_said(finished: Sequence[Path]) -> Iterator[None]:
    """An error in the block says first what was finished for the killed run (so a refusal to
    replace the report it just finished is understood)."""
    try:
        yield
    except FzcjError as err:
        err.message = finished_note(str(path) for path in finished) + err.message
        raise


def write_pair(files: Sequence[tuple[Path, bytes]], *, force: bool) -> None:
    """:func:`fzcj.fsutil.write_atomically` with a journal in the files' folder (they share one) while
    they are put in place; the caller holds :func:`issue_lock`."""
    journal = files[0][0].parent / JOURNAL

    def note(entries: Sequence[tuple[Path, Path]]) -> None:
        names = [[temp.name, target.name] for temp, target in entries]
        data = json.dumps({"force": force, "files": names}, ensure_ascii=False).encode()
        write_atomically([(journal, data)], force=True)

    try:
        write_atomically(files, force=force, before_placing=note)
    finally:
        with contextlib.suppress(OSError):
            journal.unlink(missing_ok=True)


def _journal(folder: Path) -> tuple[bool, list[tuple[Path, Path]]]:
    """What the journal in ``folder`` lists: fzcj's temporary files and their targets, by plain names
    in ``folder``. Anything else (a damaged or hand-made journal) is ignored."""
    try:
        found = json.loads(read_small_file(folder / JOURNAL, 1 << 16))  # never waits on a pipe
        force, pairs = bool(found["force"]), [(str(temp), str(target)) for temp, target in found["files"]]
    except (OSError, ValueError, KeyError, TypeError):
        return False, []
    plain = [
        (folder / temp, folder / target)
        for temp, target in pairs
        if TEMP_NAME.fullmatch(temp) and _plain(temp) and _plain(target)
    ]
    return force, plain


def _plain(name: str) -> bool:
    return name not in ("", ".", "..") and not any(c in name for c in "/\\\0")


def finish_interrupted(folder: Path) -> tuple[Path, ...]:
    """Finish the pair a killed run left half written in ``folder``: the temporary files its journal
    lists are complete (the journal is written after them), and those not yet in place are put there,
    never over a file made since. Returns the files put in place; the journal and the temporary files
    are removed. Only under :func:`issue_lock`, so that no live run is in the middle of its own pair."""
    force, pairs = _journal(folder)
    done = []
    try:
        for temp, target in pairs:
            if not temp.exists():
                continue  # moved in place (replacing the old file) before the run was killed
            with contextlib.suppress(FileExistsError):  # in place already, or made since and kept
                place_file(temp, target, force=force)
                done.append(target)
    except OSError as err:
        raise FzcjError(f"无法补齐上次被中断的周报 {folder}：{os_error_text(err)}") from err
    finally:
        for leftover in [*(temp for temp, _ in pairs), folder / JOURNAL]:
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
    return tuple(done)


def unpaired_reports(reports_dir: Path, campaign: Campaign) -> dict[int, Path]:
    """Weekly reports in ``reports_dir`` named as an issue of ``campaign``
    (:func:`fzcj.report.wording.default_report_name`) with no snapshot beside them, by issue."""
    pattern = re.compile(re.escape(report_title(campaign)) + r"（第([1-9][0-9]{0,3})期）\.docx")
    found = {}
    for path in sorted(reports_dir.glob("*.docx")):
        match = pattern.fullmatch(path.name)
        if match and not snapshot_path(reports_dir, path).exists():
            found[int(match[1])] = path
    return found


@contextlib.contextmanager
def _locked(path: Path, what: str) -> Iterator[None]:
    """Hold the lock file ``path`` (made if missing, never removed) while the block runs; waiting up
    to :data:`LOCK_WAIT_S` for another process that holds it, then an :class:`FzcjError`."""
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags, 0o666)
    except OSError as err:
        raise FzcjError(f"无法打开锁文件 {path}：{os_error_text(err)}") from err
    try:
        deadline = time.monotonic() + LOCK_WAIT_S
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                raise FzcjError(
                    f"{what}正由另一个 fzcj report 命令使用（锁文件 {path}），"
                    f"等了 {LOCK_WAIT_S:.0f} 秒仍未用完。请等它结束后再试"
                )
            time.sleep(0.05)
        yield
    finally:
        _unlock(fd)
        os.close(fd)


def _try_lock(fd: int) -> bool:
    """Take the lock on ``fd`` unless another process holds it. Where the drive has no locks, go on
    without: a file is still only ever created under a free name, so two runs cannot both write it."""
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:  # ENOLCK, EOPNOTSUPP: a drive without locks
        pass
    return True


def _unlock(fd: int) -> None:
    """Let the lock go now (on POSIX closing ``fd`` does it anyway)."""
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
