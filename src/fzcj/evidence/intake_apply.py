"""Intake, step two: what becomes of each placed file, and (with ``apply``) storing it.

Nothing under evidence/ is ever overwritten or deleted:

- a file with the same SHA-256 as the one at its destination (or as a ``（2）`` … copy beside it) is 已收到
  and not stored again, so a second intake of the same zip changes nothing;
- a different file under a name that is taken is stored beside it as ``名称（2）.pdf`` (the first free number)
  and reported as 更新;
- every file is first copied whole into a staging folder under ``intake/`` (and synced); only when all of them
  are there are they moved into evidence/, each by a hard link that fails rather than replace anything
  (a rename where the file system has no hard links). A refused archive, a full disk or Ctrl-C while
  staging leaves evidence/ as it was;
- from the first file placed until the intake record (and the 回执) is written, Ctrl-C is held back: the intake
  is finished, so that no stored file goes unrecorded, and the result says it was interrupted.

The content check (:func:`fzcj.evidence.content.check_bytes`) looks at each file's first and last bytes, taken
while it is copied: a broken file is stored all the same, and flagged.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import os
import secrets
import shutil
import signal
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from fzcj.data.workspace import Workspace
from fzcj.errors import FzcjError, ProblemsFound, os_error_text
from fzcj.evidence.archive import MAX_TOTAL, open_source
from fzcj.evidence.archive_members import SYNC_THREADS, ArchiveRefused, Opened, Read, read_entry, stage_all
from fzcj.evidence.content import HEAD_SIZE, READ_LIMIT, check_bytes, is_checked
from fzcj.evidence.intake import Placement, choose_unit, content_folder, place_entries
from fzcj.evidence.intake_record import RECORD_ENDING, intake_dir, intake_file, record_bytes
from fzcj.evidence.intake_result import IntakeItem, IntakeResult, Outcome
from fzcj.fsutil import write_atomically

_TAIL = READ_LIMIT - HEAD_SIZE
_CHUNK = 1 << 20


@dataclass
class _Target:
    """A placed file's destination: the path it asks for, and the copies beside it already there."""

    placement: Placement
    path: Path
    problem: str | None = None


def clock() -> dt.datetime:
    """The time an intake is recorded at (the README's examples set it, to show the same dates every time)."""
    return dt.datetime.now()


def run_intake(
    workspace: Workspace,
    source: Path,
    *,
    unit: str | None = None,
    apply: bool = False,
    max_total: int = MAX_TOTAL,
    now: dt.datetime | None = None,
    sync: bool = True,
    receipt: Callable[[Workspace, IntakeResult], Path] | None = None,
) -> IntakeResult:
    """Preview (or with ``apply`` carry out) the intake of ``source``, a .zip file or a folder; ``receipt``
    writes the 回执 once the record is written, still with Ctrl-C held back, and returns its path."""
    when = now or clock()
    caught: list[int] = []
    with contextlib.ExitStack() as held:
        try:
            with open_source(source, max_total=max_total, is_content=content_folder(workspace)) as opened:
                choice = choose_unit(workspace, opened, unit)
                placements = place_entries(workspace, opened, choice)
                filing = _Filing(workspace, opened, placements, apply, sync)
                filing.hold = lambda: held.enter_context(_ctrl_c_held(caught))
                items = filing.run()
                result = IntakeResult(
                    opened.source_name,
                    opened.sha256,
                    choice.unit,
                    choice.source,
                    tuple(opened.wrappers),
                    tuple(items),
                    apply,
                    when,
                    recovered=tuple(opened.recovered.items()),
                )
        except ArchiveRefused as refused:
            raise ProblemsFound(f"未收取任何文件：{refused.message}") from None
        if apply and any(item.outcome.stored for item in items):
            path = intake_file(workspace, when, result.unit, RECORD_ENDING)
            write_atomically([(path, record_bytes(result))], force=False)
            result = replace(result, record=path.relative_to(workspace.root))
        if receipt is not None:
            result = replace(result, receipt=receipt(workspace, result).relative_to(workspace.root))
    return replace(result, interrupted=True) if caught else result


@contextlib.contextmanager
def _ctrl_c_held(caught: list[int]) -> Iterator[None]:
    """Ctrl-C (SIGINT) noted in ``caught`` instead of raised while the block runs. Python runs signal handlers
    in the main thread only, so only there can it be held; elsewhere it is left alone."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGINT)
    signal.signal(signal.SIGINT, lambda signum, _frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler if previous is None else previous)


class _Filing:
    def __init__(
        self, workspace: Workspace, opened: Opened, placements: list[Placement], apply: bool, sync: bool
    ) -> None:
        self.ws, self.opened, self.placements = workspace, opened, placements
        self.apply, self.sync = apply, sync
        self.evidence = os.path.realpath(workspace.evidence_dir)
        self.hashes: dict[Path, str | None] = {}
        self.taken: dict[str, str | None] = {}  # a destination chosen in this run (casefolded) → its hash
        self.staging: Path | None = None
        self.hold: Callable[[], object] = lambda: None
        """Called when the files are staged, right before the first is placed: Ctrl-C is held from then on."""

    def run(self) -> list[IntakeItem]:
        made_intake_dir = self.apply and not intake_dir(self.ws).exists()
        try:
            return self.file_all()
        finally:
            if self.staging is not None:
                shutil.rmtree(self.staging, ignore_errors=True)  # fzcj's own folder, never evidence
            if made_intake_dir:
                with contextlib.suppress(OSError):
                    intake_dir(self.ws).rmdir()  # only if nothing was written there

    def file_all(self) -> list[IntakeItem]:
        targets = {
            n: _Target(p, p.folder / p.inside, self.folder_problem((p.folder / p.inside).parent))
            for n, p in enumerate(self.placements)
            if p.folder is not None
        }
        usable = [n for n, t in targets.items() if t.problem is None]
        reads = self.read(usable, targets)
        if self.apply:
            self.hold()
        items: list[IntakeItem] = []
        for number, placement in enumerate(self.placements):
            target = targets.get(number)
            if target is None or target.problem is not None:
                why = target.problem if target is not None else placement.reason
                items.append(self.not_taken(placement, why or ""))
                continue
            items.append(self.file(target, reads.get(number)))
        if self.apply:
            self.sync_folders(items)
        items += [
            IntakeItem(
                skipped.path,
                Outcome.skipped if skipped.kind == "junk" else Outcome.unplaced,
                reason=skipped.reason,
                skip_kind=skipped.kind,
            )
            for skipped in self.opened.skipped
        ]
        order = list(Outcome)
        return sorted(items, key=lambda item: (order.index(item.outcome), item.source))

    # -- reading -----------------------------------------------------------------------------------

    def read(self, usable: list[int], targets: dict[int, _Target]) -> dict[int, Read]:
        """Every usable file when applying (staged); for a preview only those whose hash or content matters."""
        if self.apply:
            staging = intake_dir(self.ws) / f".staging-{secrets.token_hex(6)}"
            staging.mkdir(parents=True)
            self.staging = staging
            entries = [self.placements[n].entry for n in usable]
            staged = stage_all(
                self.opened, entries, staging, head_size=HEAD_SIZE, tail_size=_TAIL, sync=self.sync
            )
            return dict(zip(usable, staged, strict=True))
        repeated = Counter(str(targets[n].path).casefold() for n in usable)
        wanted = [
            n
            for n in usable
            if is_checked(targets[n].path.name)
            or repeated[str(targets[n].path).casefold()] > 1
            or self.occupied(targets[n].path)
        ]
        return {
            n: read_entry(self.opened, self.placements[n].entry, head_size=HEAD_SIZE, tail_size=_TAIL)
            for n in wanted
        }

    # -- deciding ----------------------------------------------------------------------------------

    def folder_problem(self, folder: Path) -> str | None:
        """Why files cannot be stored in ``folder``: a part that is a file, or a link out of evidence/."""
        path, evidence = folder, self.ws.evidence_dir
        while not os.path.lexists(path) and path not in (evidence, path.parent):
            path = path.parent
        if not os.path.lexists(path):
            return None  # no evidence/ yet: made with the first file stored
        if not path.is_dir():
            return f"存放位置“{_rel(path, self.ws)}”应是文件夹，现在却是一个文件，未收取：请先改名或移走它"
        real = os.path.realpath(path)
        if os.path.commonpath([real, self.evidence]) != self.evidence:
            return f"存放位置“{_rel(path, self.ws)}”是指向证据文件夹之外的符号链接，未收取"
        return None

    def occupied(self, path: Path) -> bool:
        return os.path.lexists(path) or os.path.lexists(_numbered(path, 2))

    def same_as(self, path: Path, sha256: str) -> bool:
        key = str(path).casefold()
        if key in self.taken:
            return self.taken[key] == sha256
        if path not in self.hashes:
            self.hashes[path] = _file_sha256(path)
        return self.hashes[path] == sha256

    def file(self, target: _Target, read: Read | None) -> IntakeItem:
        placement = target.placement
        sha256 = read.sha256 if read is not None else None
        fault = None
        if read is not None and is_checked(target.path.name):
            found = check_bytes(target.path.name, read.head, read.tail, placement.entry.size)
            fault = found.message if found is not None else None
        chosen, outcome = target.path, Outcome.new
        number = 2
        while self.in_use(chosen):
            if sha256 is not None and self.same_as(chosen, sha256):
                return self.item(placement, Outcome.received, chosen, sha256, fault)
            chosen, outcome = _numbered(target.path, number), Outcome.updated
            number += 1
        if self.apply and read is not None and read.staged is not None:
            chosen = self.store(read.staged, target.path, chosen)
            outcome = Outcome.new if chosen == target.path else Outcome.updated
        self.taken[str(chosen).casefold()] = sha256
        return self.item(placement, outcome, chosen, sha256, fault)

    def in_use(self, path: Path) -> bool:
        return str(path).casefold() in self.taken or os.path.lexists(path)

    def item(
        self, placement: Placement, outcome: Outcome, path: Path, sha256: str | None, fault: str | None
    ) -> IntakeItem:
        return IntakeItem(
            placement.entry.path,
            outcome,
            placement.task,
            placement.unit,
            placement.item,
            placement.waiver,
            os.path.relpath(path, self.ws.evidence_dir).replace(os.sep, "/"),
            placement.reason,
            fault,
            sha256,
        )

    @staticmethod
    def not_taken(placement: Placement, reason: str) -> IntakeItem:
        if placement.ours:
            return IntakeItem(placement.entry.path, Outcome.skipped, reason=reason, skip_kind="fzcj")
        return IntakeItem(
            placement.entry.path, Outcome.unplaced, placement.task, placement.unit, reason=reason
        )

    # -- storing -----------------------------------------------------------------------------------

    def store(self, staged: Path, wanted: Path, chosen: Path) -> Path:
        """Move ``staged`` to ``chosen`` (or the next free ``（N）`` name if somebody took it meanwhile)."""
        chosen.parent.mkdir(parents=True, exist_ok=True)
        number = 2
        while True:
            try:
                _place(staged, chosen)
                return chosen
            except FileExistsError:
                chosen = _numbered(wanted, number)
                number += 1
            except OSError as exc:
                raise FzcjError(f"无法存入 {_rel(chosen, self.ws)}（{os_error_text(exc)}）") from None

    def sync_folders(self, items: Iterable[IntakeItem]) -> None:
        """Make the new names themselves durable (the files' contents were synced when staged); a few threads
        wait on the disk at once, as for the files."""
        if not self.sync or os.name == "nt":
            return
        stored = [i.destination for i in items if i.outcome.stored and i.destination]
        folders = {(self.ws.evidence_dir / path).parent for path in stored}
        with ThreadPoolExecutor(SYNC_THREADS, thread_name_prefix="fzcj-sync") as pool:
            list(pool.map(_sync_folder, folders))


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _place(staged: Path, dest: Path) -> None:
    """``staged`` becomes ``dest``; FileExistsError, never a replaced file, when ``dest`` exists."""
    try:
        os.link(staged, dest)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno == errno.EXDEV:  # evidence/ on another disk: copy beside the target first
            temp = dest.with_name(f".{dest.name}.{secrets.token_hex(4)}.tmp")
            shutil.copyfile(staged, temp)
            try:
                _place(temp, dest)
            finally:
                temp.unlink(missing_ok=True)
            return
        if os.path.lexists(dest):  # no hard links here (FAT, some shares): Windows' rename never replaces
            raise FileExistsError(errno.EEXIST, "已存在", str(dest)) from None
        os.rename(staged, dest)
        return
    staged.unlink()


def _numbered(path: Path, number: int) -> Path:
    """``说明.pdf`` → ``说明（2）.pdf``."""
    name = path.name
    dot = name.rfind(".")
    stem, suffix = (name[:dot], name[dot:]) if dot > 0 else (name, "")
    return path.with_name(f"{stem}（{number}）{suffix}")


def _file_sha256(path: Path) -> str | None:
    """The SHA-256 of a regular file already in evidence/ (None for anything else, which then never matches)."""
    if path.is_symlink() or not path.is_file():
        return None
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def _rel(path: Path, workspace: Workspace) -> str:
    return os.path.relpath(path, workspace.root).replace(os.sep, "/")
