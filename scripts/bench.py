"""Benchmark fzcj against fixed baselines, side by side in one run.

    python scripts/bench.py [--repeat 7] [--files 100000] [--work DIR] [--only NAME] [--check] [--loaded] [--big]

The machine may be shared and noisy, so every benchmark compares a fzcj command with a baseline
measured in the same run: after one warm-up run of each, the commands are interleaved (in alternating
order) ``--repeat`` times and the medians are compared. The ratio ``fzcj / baseline`` is checked
against a target. Synthetic workspaces are built under ``--work`` (default ``bench-work/``, which git
ignores) and reused while their marker file matches the requested size and the current data files.

Baselines: the *dependency floor* is a bare ``python -c "import typer, pydantic, rich.console,
rich.table"`` (what any command of this stack pays before doing anything); the *typer floor* is a
minimal typer command with the same options as ``status`` that prints a one-row rich table (what any
typer 0.29 command pays: typer builds a pydantic TypeAdapter per option); ``find`` for the evidence walk;
``status --format json`` for ``report`` and ``export``; ``cp -r`` and ``zip -r -0`` of the counted files of a
~10,000-file / ~1 GB tree (hard links under ``bench-work/``) for ``package`` to a folder and to a zip.

``--big`` adds ``scale-1m``: ``status`` and ``report`` on a 1,000,000-file tree (about 4 GB under
``--work``, built once in about half a minute), timed against ``find`` and their peak memory checked
(< 600 MB and < 1 GB); it is also run by ``--only scale-1m``, never by default.

``--loaded`` runs the whole benchmark with one CPU-bound process busy beside it, as on a shared server.
With ``--check`` the exit status is 1 when any target is missed or any command fails.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from synth_reviews import make_reviews
from synth_tree import MARKER, MARKER_VERSION, data_digest, make_workspace, read_marker

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
FZCJ = str(Path(sys.executable).parent / "fzcj")
AS_OF = "2022-06-15"
REPORT_FILES = 10_000
REVIEW_RECORDS = 10_000
ACCEPT_ITEM, ACCEPT_UNIT = "85.1", "区应急管理局"  # the 网址 item with the most files (420) in the tree
MEMORY_TARGET_MB = 150.0
FLOOR = "import typer, pydantic, rich.console, rich.table"
TIMEOUT_S = 900.0
SEED = 0

DOCX_PROBE = """\
import sys
try:
    from fzcj.cli import app
    app(['--help'])
except SystemExit:
    pass
print('docx' in sys.modules)
"""

# Runs argv with stdout/stderr discarded and prints the child's peak RSS in KiB (Linux ru_maxrss).
RSS_LAUNCHER = """\
import resource, subprocess, sys
rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(rc)
"""


@dataclass
class Command:
    label: str
    argv: list[str]
    times: list[float] = field(default_factory=list)
    error: str | None = None
    env: Callable[[], dict[str, str]] | None = None
    """Extra environment for each run, made anew before each one (a fresh, empty cache folder …)."""
    setup: Callable[[], None] | None = None
    """Run (untimed) before every run of the command: e.g. emptying the folder it writes into."""

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times and self.error is None else None


@dataclass
class Check:
    """One row of the final table."""

    benchmark: str
    what: str
    measured: str
    baseline: str
    value: str
    target: str
    ok: bool
    failed: bool = False  # a command failed, so nothing could be compared

    @property
    def verdict(self) -> str:
        return "FAILED" if self.failed else ("PASS" if self.ok else "FAIL")


@dataclass
class Context:
    work: Path
    tmp: Path
    repeat: int
    files: int


def short(argv: Sequence[str]) -> str:
    """The command line for display, with long paths shortened."""
    parts: list[str] = []
    for arg in argv:
        if arg == PYTHON:
            arg = "python"
        elif arg == FZCJ:
            arg = "fzcj"
        elif "\n" in arg:
            arg = "<script>"
        elif len(arg) > 40 and os.sep in arg:
            arg = "…/" + "/".join(Path(arg).parts[-2:])
        parts.append(arg)
    return " ".join(parts)


def run_once(
    argv: Sequence[str], cwd: Path, capture: bool = False, env: dict[str, str] | None = None
) -> tuple[float, str | None, str]:
    """Run argv once: (wall seconds, error or None, captured stdout+stderr tail if ``capture``).

    The wait is a plain blocking ``waitpid`` with a watchdog thread for the timeout: subprocess's own
    timeout polls with sleeps of up to 50 ms, which would round every time up to its next poll.
    """
    pipe = subprocess.PIPE if capture else subprocess.DEVNULL
    timed_out = threading.Event()
    start = time.perf_counter()
    try:
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=pipe,
            stderr=pipe,
            cwd=cwd,
            env={**os.environ, **(env or {})},
        )
    except FileNotFoundError:
        return time.perf_counter() - start, f"command not found: {argv[0]}", ""
    except OSError as exc:
        return time.perf_counter() - start, f"cannot run: {exc}", ""
    watchdog = threading.Timer(TIMEOUT_S, lambda: (timed_out.set(), proc.kill()))
    watchdog.start()
    try:
        stdout, stderr = proc.communicate()
    finally:
        watchdog.cancel()
    elapsed = time.perf_counter() - start
    if timed_out.is_set():
        return elapsed, f"timed out after {TIMEOUT_S:.0f} s", ""
    output = ""
    if capture:
        output = (stdout or b"").decode(errors="replace") + (stderr or b"").decode(errors="replace")
    if proc.returncode != 0:
        tail = output.strip().splitlines()[-3:] if capture else []
        detail = (": " + " | ".join(line.strip() for line in tail)) if tail else ""
        return elapsed, f"exit code {proc.returncode}{detail}", output
    return elapsed, None, output


def measure(commands: Sequence[Command], repeat: int, cwd: Path) -> None:
    """One warm-up run of each command, then ``repeat`` interleaved rounds (order alternating)."""
    for command in commands:
        if command.setup is not None:
            command.setup()
        _, error, _ = run_once(command.argv, cwd, capture=True, env=command.env() if command.env else None)
        command.error = error
    live = [c for c in commands if c.error is None]
    for round_no in range(repeat):
        for command in live if round_no % 2 == 0 else live[::-1]:
            if command.error is not None:
                continue
            if command.setup is not None:
                command.setup()
            elapsed, error, _ = run_once(command.argv, cwd, env=command.env() if command.env else None)
            if error is not None:
                command.error = f"{error} (timed run {round_no + 1})"
            else:
                command.times.append(elapsed)


def describe(command: Command) -> str:
    if command.error is not None:
        return f"FAILED ({command.error})"
    times = command.times
    return f"median {statistics.median(times):.3f} s  (n={len(times)}, min {min(times):.3f}, max {max(times):.3f})"


def compare(name: str, measured: Command, baseline: Command, target: float, ctx: Context) -> Check:
    """Measure both commands side by side and check ``median(measured) / median(baseline) <= target``."""
    measure([measured, baseline], ctx.repeat, ctx.tmp)
    for command in (measured, baseline):
        print(f"  {command.label:<9} {short(command.argv)}")
        print(f"            {describe(command)}")
    m, b = measured.median, baseline.median
    check = Check(
        benchmark=name,
        what="time ratio",
        measured=f"{m:.3f}" if m is not None else "FAILED",
        baseline=f"{b:.3f}" if b is not None else "FAILED",
        value="-",
        target=f"≤ {target:g}",
        ok=False,
        failed=m is None or b is None,
    )
    if m is not None and b is not None and b > 0:
        ratio = m / b
        check.value = f"{ratio:.2f}"
        check.ok = ratio <= target
    print(f"  ratio     {check.value} (target {check.target})  {check.verdict}")
    return check


def peak_rss_mb(argv: Sequence[str], cwd: Path) -> tuple[float | None, str | None]:
    """Peak resident memory of one run of argv, in MiB (GNU time if present, else a Python launcher)."""
    gnu_time = shutil.which("time") or ("/usr/bin/time" if Path("/usr/bin/time").exists() else None)
    with tempfile.NamedTemporaryFile("r", suffix=".rss", dir=cwd) as out:
        if gnu_time:
            wrapped = [gnu_time, "-f", "%M", "-o", out.name, *argv]
        else:
            wrapped = [PYTHON, "-c", RSS_LAUNCHER, *argv]
        try:
            proc = subprocess.run(
                wrapped, stdin=subprocess.DEVNULL, capture_output=True, cwd=cwd, timeout=TIMEOUT_S
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            return None, str(exc)
        if proc.returncode != 0:
            return None, f"exit code {proc.returncode}"
        text = Path(out.name).read_text() if gnu_time else proc.stdout.decode()
    try:
        return int(text.strip().splitlines()[-1]) / 1024, None
    except (ValueError, IndexError):
        return None, f"cannot read peak memory from {text!r}"


def memory_check(name: str, argv: Sequence[str], ctx: Context, target_mb: float = MEMORY_TARGET_MB) -> Check:
    mb, error = peak_rss_mb(argv, ctx.tmp)
    check = Check(name, "peak RSS", "-", "-", "-", f"< {target_mb:g} MB", False, failed=mb is None)
    if mb is not None:
        check.value = f"{mb:.0f} MB"
        check.ok = mb < target_mb
    print(
        f"  peak RSS  {check.value if mb is not None else f'FAILED ({error})'} "
        f"(target {check.target})  {check.verdict}"
    )
    return check


def workspace(ctx: Context, files: int) -> Path:
    """A synthetic workspace with ``files`` evidence files, reused when its marker matches."""
    dest = ctx.work / ("ws-empty" if files == 0 else f"ws-{files}")
    marker = read_marker(dest)
    wanted = {"files": files, "seed": SEED, "data": data_digest()}
    if marker is not None and all(marker.get(k) == v for k, v in wanted.items()):
        print(f"  workspace {dest} ({files} files, reused)")
        return dest
    if dest.exists():
        shutil.rmtree(dest)
    start = time.perf_counter()
    make_workspace(dest, files, seed=SEED)
    print(f"  workspace {dest} ({files} files, generated in {time.perf_counter() - start:.2f} s)")
    return dest


TYPER_FLOOR = """\
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(add_completion=False)


class Format(StrEnum):
    table = "table"
    json = "json"


@app.command()
def status(
    unit: Annotated[str | None, typer.Option("--unit")] = None,
    indicator: Annotated[str | None, typer.Option("--indicator")] = None,
    overdue: Annotated[bool, typer.Option("--overdue")] = False,
    due_within: Annotated[int | None, typer.Option("--due-within", min=0)] = None,
    as_of: Annotated[str | None, typer.Option("--as-of")] = None,
    all_tasks: Annotated[bool, typer.Option("--all")] = False,
    fmt: Annotated[Format, typer.Option("--format")] = Format.table,
    root: Annotated[Path | None, typer.Option("--root")] = None,
) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table()
    table.add_column("序号")
    table.add_row("1")
    Console().print(table)


@app.command()
def other() -> None:
    pass


app()
"""


def floor(label: str = "floor") -> Command:
    """The dependency floor: importing the stack, nothing else."""
    return Command(label, [PYTHON, "-c", FLOOR])


def typer_floor(ctx: Context, *args: str) -> Command:
    script = ctx.tmp / "typer_floor.py"
    script.write_text(TYPER_FLOOR, encoding="utf-8")
    compileall.compile_file(str(script), quiet=1)
    return Command("typer", [PYTHON, str(script), "status", *args])


def fresh_cache(ctx: Context) -> Callable[[], dict[str, str]]:
    """An empty cache folder for every run: each run is the first after a data edit."""
    counter = iter(range(1_000_000))

    def env() -> dict[str, str]:
        folder = ctx.tmp / f"cache-{next(counter)}"
        folder.mkdir()
        return {"XDG_CACHE_HOME": str(folder)}

    return env


def warm_cache(ctx: Context) -> Callable[[], dict[str, str]]:
    folder = ctx.tmp / "cache-warm"
    folder.mkdir(exist_ok=True)
    return lambda: {"XDG_CACHE_HOME": str(folder)}


def bench_validate(ctx: Context) -> list[Check]:
    fzcj = Command("fzcj", [FZCJ, "validate", "--data-only", "--root", str(REPO)], env=warm_cache(ctx))
    return [compare("validate", fzcj, floor(), 1.3, ctx)]


def bench_help(ctx: Context) -> list[Check]:
    checks = [
        compare(
            "help",
            Command("fzcj", [FZCJ, "--help"]),
            Command("typer", [PYTHON, "-c", "import typer"]),
            1.1,
            ctx,
        )
    ]
    _, error, output = run_once([PYTHON, "-c", DOCX_PROBE], ctx.tmp, capture=True)
    lines = output.strip().splitlines()
    answer = lines[-1].strip() if lines else ""
    check = Check("help", "imports docx", "-", "-", "-", "no", False)
    if error is not None or answer not in ("True", "False"):
        check.failed = True
        check.value = "?"
        detail = error or f"unexpected output {answer!r}"
    else:
        check.value = "yes" if answer == "True" else "no"
        check.ok = answer == "False"
        detail = ""
    print(f"  docx imported by --help: {check.value}  {check.verdict}" + (f" ({detail})" if detail else ""))
    checks.append(check)
    return checks


def bench_status_100k(ctx: Context) -> list[Check]:
    ws = workspace(ctx, ctx.files)
    fzcj = Command("fzcj", [FZCJ, "status", "--root", str(ws), "--format", "json"], env=warm_cache(ctx))
    find = Command("find", ["find", str(ws / "evidence"), "-type", "f", "-printf", r"%s\n"])
    name = "status-100k" if ctx.files == 100_000 else f"status-100k ({ctx.files} files)"
    checks = [compare(name, fzcj, find, 2, ctx)]
    checks.append(memory_check(name, fzcj.argv, ctx))
    return checks


def bench_status_unit_empty(ctx: Context) -> list[Check]:
    """The main job on an empty tree, warm cache: against the dependency floor (the target), and, for
    context, against a minimal typer command with the same options (what the CLI library costs)."""
    ws = workspace(ctx, 0)
    argv = [FZCJ, "status", "--unit", "区司法局", "--root", str(ws), "--as-of", AS_OF]
    checks = [compare("status-unit-empty", Command("fzcj", argv, env=warm_cache(ctx)), floor(), 1.3, ctx)]
    typer = typer_floor(ctx, "--unit", "区司法局", "--root", str(ws), "--as-of", AS_OF)
    check = compare("status-unit-empty", Command("fzcj", argv, env=warm_cache(ctx)), typer, 1.3, ctx)
    check.what = "vs typer floor"
    checks.append(check)
    return checks


def bench_cold_cache(ctx: Context) -> list[Check]:
    """The first run after a data edit (an empty cache: PyYAML parses and the cache is written) against a
    warm run: at most 60 ms more."""
    ws = workspace(ctx, 0)
    argv = [FZCJ, "status", "--unit", "区司法局", "--root", str(ws), "--as-of", AS_OF]
    cold = Command("cold", argv, env=fresh_cache(ctx))
    warm = Command("warm", argv, env=warm_cache(ctx))
    measure([cold, warm], ctx.repeat, ctx.tmp)
    for command in (cold, warm):
        print(f"  {command.label:<9} {short(command.argv)}")
        print(f"            {describe(command)}")
    check = Check("cold-cache", "extra time", "-", "-", "-", "≤ 60 ms", False, failed=True)
    if cold.median is not None and warm.median is not None:
        extra = (cold.median - warm.median) * 1000
        check.measured, check.baseline = f"{cold.median:.3f}", f"{warm.median:.3f}"
        check.value, check.ok, check.failed = f"{extra:.0f} ms", extra <= 60, False
    print(f"  cold - warm  {check.value} (target {check.target})  {check.verdict}")
    return [check]


def reviewed_workspace(ctx: Context) -> Path:
    """The status workspace plus :data:`REVIEW_RECORDS` decisions (synth_reviews.py), reused while its
    marker matches."""
    dest = ctx.work / f"ws-{ctx.files}-reviews"
    marker = read_marker(dest)
    wanted = {"files": ctx.files, "seed": SEED, "data": data_digest(), "reviews": REVIEW_RECORDS, "format": 2}
    if marker is not None and all(marker.get(k) == v for k, v in wanted.items()):
        print(f"  workspace {dest} ({ctx.files} files, {REVIEW_RECORDS} decisions, reused)")
        return dest
    if dest.exists():
        shutil.rmtree(dest)
    start = time.perf_counter()
    make_workspace(dest, ctx.files, seed=SEED)
    (dest / MARKER).unlink()
    written = make_reviews(dest, REVIEW_RECORDS, seed=SEED)
    (dest / MARKER).write_text(json.dumps(wanted | {"version": MARKER_VERSION}) + "\n", encoding="utf-8")
    print(
        f"  workspace {dest} ({ctx.files} files, {written} decisions, generated in {time.perf_counter() - start:.2f} s)"
    )
    return dest


def bench_status_reviews(ctx: Context) -> list[Check]:
    """The status benchmark with 10,000 decision files: the same target as status-100k."""
    ws = reviewed_workspace(ctx)
    argv = [FZCJ, "status", "--root", str(ws), "--format", "json"]
    fzcj = Command("fzcj", argv, env=warm_cache(ctx))
    find = Command("find", ["find", str(ws / "evidence"), "-type", "f", "-printf", r"%s\n"])
    return [compare(f"status-100k-reviews ({REVIEW_RECORDS} decisions)", fzcj, find, 2, ctx)]


def bench_review_accept(ctx: Context) -> list[Check]:
    """Accepting one item (hashing its files) against the status of its unit, on the reviewed tree. The
    item is a 网址 item (.url files, which the content check does not open: the synthetic PDFs are not
    real ones) with the most files. The records the runs write are removed afterwards."""
    ws = reviewed_workspace(ctx)
    before = set(os.listdir(ws / "reviews"))
    accept = Command(
        "accept",
        [FZCJ, "review", "accept", ACCEPT_ITEM, "--unit", ACCEPT_UNIT, "--by", "bench", "--root", str(ws)],
        env=warm_cache(ctx),
    )
    status = Command(
        "status", [FZCJ, "status", "--unit", ACCEPT_UNIT, "--root", str(ws)], env=warm_cache(ctx)
    )
    try:
        return [compare(f"review-accept ({ACCEPT_ITEM} {ACCEPT_UNIT})", accept, status, 1.3, ctx)]
    finally:
        for name in set(os.listdir(ws / "reviews")) - before:
            (ws / "reviews" / name).unlink()


def bench_report_10k(ctx: Context) -> list[Check]:
    ws = workspace(ctx, REPORT_FILES)
    out = ctx.tmp / "r.docx"
    report = Command(
        "report",
        [FZCJ, "report", "--root", str(ws), "-o", str(out), "--force", "--as-of", AS_OF],
        env=warm_cache(ctx),
    )
    status = Command(
        "status",
        [FZCJ, "status", "--root", str(ws), "--format", "json", "--as-of", AS_OF],
        env=warm_cache(ctx),
    )
    return [compare("report-10k", report, status, 3, ctx)]


BIG_FILES = 1_000_000
BIG_REPEAT = 3
"""Timed runs per command on the big tree (at most): each takes seconds."""


def bench_scale_1m(ctx: Context) -> list[Check]:
    """status and report on 1,000,000 files: time against find (the walk alone) and peak memory, which
    must grow at most linearly (issue 16: < 600 MB for status, < 1 GB for report)."""
    ws = workspace(ctx, BIG_FILES)
    big = Context(ctx.work, ctx.tmp, min(ctx.repeat, BIG_REPEAT), ctx.files)
    warm = warm_cache(ctx)
    status = [FZCJ, "status", "--root", str(ws), "--format", "json", "--as-of", AS_OF]
    report = [FZCJ, "report", "--root", str(ws), "-o", str(ctx.tmp / "big.docx"), "--force", "--as-of", AS_OF]
    checks = []
    for name, argv, ratio, memory in (("status-1m", status, 5, 600.0), ("report-1m", report, 5, 1000.0)):
        find = Command("find", ["find", str(ws / "evidence"), "-type", "f", "-printf", r"%s\n"])
        checks.append(compare(name, Command(name.partition("-")[0], argv, env=warm), find, ratio, big))
        checks.append(memory_check(name, argv, ctx, memory))
    return checks


PACKAGE_FILES = 10_000
PACKAGE_FILE_KB = 128  # about 1 GB in all


def package_workspace(ctx: Context) -> tuple[Path, Path]:
    """The ~10,000-file / ~1 GB workspace, and a folder holding just its counted files (hard links, at
    their paths under evidence/): what the baselines copy."""
    dest = ctx.work / f"ws-{PACKAGE_FILES}-{PACKAGE_FILE_KB}k"
    marker = read_marker(dest)
    wanted = {"files": PACKAGE_FILES, "seed": SEED, "file_kb": PACKAGE_FILE_KB, "data": data_digest()}
    counted = ctx.work / f"{dest.name}-counted"
    if marker is None or any(marker.get(k) != v for k, v in wanted.items()):
        for old in (dest, counted):
            if old.exists():
                shutil.rmtree(old)
        start = time.perf_counter()
        make_workspace(dest, PACKAGE_FILES, seed=SEED, file_kb=PACKAGE_FILE_KB)
        print(f"  workspace {dest} (generated in {time.perf_counter() - start:.2f} s)")
    if not (counted / "done").exists():
        if counted.exists():
            shutil.rmtree(counted)
        _link_counted(dest, counted / "evidence")
        (counted / "done").write_text("")
    return dest, counted


def _link_counted(root: Path, into: Path) -> None:
    import datetime as dt

    from fzcj import api
    from fzcj.evidence.walk import scan
    from fzcj.report.package import counted_files
    from fzcj.review.fingerprint import on_disk
    from fzcj.status.compute import compute

    workspace = api.load(root)
    index = scan(workspace)
    report = compute(workspace, index, dt.date.fromisoformat(AS_OF))
    counted = counted_files(index)
    evidence = workspace.evidence_dir
    for task in report.tasks:
        for material in task.materials:
            for provider in material.providers:
                for shown in counted(provider):
                    target = into / shown
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.link(on_disk(evidence, shown, index.disk_paths), target)


def fresh_output(path: Path) -> Callable[[], None]:
    """Remove ``path`` (the previous run's output) and flush the disk, before each run."""

    def prepare() -> None:
        if path.is_dir():
            shutil.rmtree(path)
        path.unlink(missing_ok=True)
        os.sync()

    return prepare


def bench_package_folder(ctx: Context) -> list[Check]:
    ws, counted = package_workspace(ctx)
    out, copy = ctx.tmp / "package", ctx.tmp / "copy"
    fzcj = Command(
        "fzcj",
        [FZCJ, "package", "--root", str(ws), "-o", str(out), "--as-of", AS_OF],
        env=warm_cache(ctx),
        setup=fresh_output(out),
    )
    cp = Command("cp", ["cp", "-r", str(counted / "evidence"), str(copy)], setup=fresh_output(copy))
    return [compare("package-folder", fzcj, cp, 1.5, ctx)]


def bench_package_zip(ctx: Context) -> list[Check]:
    ws, counted = package_workspace(ctx)
    out, archive = ctx.tmp / "package.zip", ctx.tmp / "copy.zip"
    fzcj = Command(
        "fzcj",
        [FZCJ, "package", "--root", str(ws), "-o", str(out), "--as-of", AS_OF],
        env=warm_cache(ctx),
        setup=fresh_output(out),
    )
    files = str(counted / "evidence")
    zip_ = Command("zip", ["zip", "-r", "-0", "-q", str(archive), files], setup=fresh_output(archive))
    return [compare("package-zip", fzcj, zip_, 1.5, ctx)]


def bench_export_10k(ctx: Context) -> list[Check]:
    ws = workspace(ctx, REPORT_FILES)
    out = ctx.tmp / "台账.xlsx"
    export = Command(
        "export",
        [FZCJ, "export", "--root", str(ws), "-o", str(out), "--force", "--as-of", AS_OF],
        env=warm_cache(ctx),
    )
    status = Command(
        "status",
        [FZCJ, "status", "--root", str(ws), "--format", "json", "--as-of", AS_OF],
        env=warm_cache(ctx),
    )
    return [compare("export-10k", export, status, 3, ctx)]


INTAKE_FILES = 2_000
INTAKE_FILE_BYTES = 100_000  # 2,000 × 100 kB ≈ 200 MB, incompressible as scans and photos are


def intake_zip(ctx: Context) -> Path:
    """A unit's zip as Windows makes it (GBK names, a wrapper folder): 2,000 files in 区司法局's task folders,
    made once under ``--work`` (git ignores it) and reused."""
    import random
    import zipfile

    sys.path.insert(0, str(REPO / "src"))
    from fzcj.data.workspace import load
    from fzcj.evidence.scaffold import folder_title

    path = ctx.work / f"intake-{INTAKE_FILES}.zip"
    if path.exists():
        print(f"  zip       {path} (reused)")
        return path
    plan = load(REPO).plan
    owed = [
        (folder_title(task), m.number)
        for task in plan.tasks
        for m in task.materials
        if task.materials_from is None and "区司法局" in m.providers
    ]
    rng = random.Random(SEED)
    start = time.perf_counter()
    temp = path.with_suffix(".part")

    class WindowsName(zipfile.ZipInfo):
        def _encodeFilenameFlags(self) -> tuple[bytes, int]:
            return self.filename.encode("gbk"), self.flag_bits & ~0x800

    with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as zf:
        for n in range(INTAKE_FILES):
            folder, item = owed[n % len(owed)]
            name = f"区司法局报送材料/{folder}/区司法局/{item}-材料/扫描件{n:04d}.pdf"
            info = WindowsName(name, (2022, 6, 15, 9, 0, 0))
            info.create_system, info.compress_type = 0, zipfile.ZIP_DEFLATED
            zf.writestr(info, b"%PDF-1.4\n" + rng.randbytes(INTAKE_FILE_BYTES - 16) + b"\n%%EOF\n")
    temp.replace(path)
    print(f"  zip       {path} ({path.stat().st_size >> 20} MB, made in {time.perf_counter() - start:.1f} s)")
    return path


def bench_intake_2000(ctx: Context) -> list[Check]:
    """``intake --apply`` of the zip into an empty evidence/, against ``unzip -q`` into an empty folder."""
    source = intake_zip(ctx)
    ws = ctx.tmp / "intake-ws"
    shutil.copytree(REPO / "data", ws / "data")
    out = ctx.tmp / "unzipped"

    def fresh_workspace() -> None:
        for name in ("evidence", "intake"):
            shutil.rmtree(ws / name, ignore_errors=True)
        (ws / "evidence").mkdir()

    def fresh_folder() -> None:
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()

    fzcj = Command("fzcj", [FZCJ, "intake", str(source), "--apply", "--root", str(ws)], setup=fresh_workspace)
    unzip = Command("unzip", ["unzip", "-q", str(source), "-d", str(out)], setup=fresh_folder)
    return [compare("intake-2000", fzcj, unzip, 2, ctx)]


BENCHMARKS: dict[str, Callable[[Context], list[Check]]] = {
    "validate": bench_validate,
    "help": bench_help,
    "status-100k": bench_status_100k,
    "status-unit-empty": bench_status_unit_empty,
    "cold-cache": bench_cold_cache,
    "report-10k": bench_report_10k,
    "export-10k": bench_export_10k,
    "package-folder": bench_package_folder,
    "package-zip": bench_package_zip,
    "status-100k-reviews": bench_status_reviews,
    "review-accept": bench_review_accept,
    "intake-2000": bench_intake_2000,
    "scale-1m": bench_scale_1m,
}
OPTIONAL = {"scale-1m"}
"""Run only when asked for (``--big`` or ``--only``): they build large trees and take minutes."""


def print_table(checks: Sequence[Check]) -> None:
    header = ("benchmark", "check", "fzcj (s)", "baseline (s)", "value", "target", "result")
    rows = [header] + [
        (c.benchmark, c.what, c.measured, c.baseline, c.value, c.target, c.verdict) for c in checks
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    print()
    for i, row in enumerate(rows):
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))


def ensure_bytecode() -> str:
    """Byte-compile the fzcj package the benchmark runs, as ``pip install .`` does when it installs.

    An editable install compiles on first import and caches the result, unless the environment sets
    PYTHONDONTWRITEBYTECODE (some sandboxes and containers do): then every run would recompile
    every fzcj module (~20 ms), which no installed copy does. Returns a line for the header.
    """
    code = "import importlib.util as u; print(*u.find_spec('fzcj').submodule_search_locations)"
    try:
        found = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, check=True)
        package = Path(found.stdout.strip())
    except (OSError, subprocess.CalledProcessError) as exc:
        return f"not checked ({exc})"
    if not package.is_dir():
        return f"not checked (package not found at {package})"
    if compileall.compile_dir(package, quiet=1, workers=1):
        return f"compiled ({package})"
    return f"could not compile ({package}); timings include compiling fzcj"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per command (default 7)")
    parser.add_argument("--files", type=int, default=100_000, help="files in the status workspace")
    parser.add_argument("--work", type=Path, default=REPO / "bench-work", help="where workspaces are kept")
    parser.add_argument("--only", choices=sorted(BENCHMARKS), help="run only this benchmark")
    parser.add_argument("--check", action="store_true", help="exit 1 if any target is missed")
    parser.add_argument("--loaded", action="store_true", help="keep one CPU busy beside the benchmark")
    parser.add_argument("--big", action="store_true", help="also run scale-1m (1,000,000 files, ~4 GB)")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.files < 0:
        parser.error("--repeat must be >= 1 and --files >= 0")

    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}")
    print(f"python:  {platform.python_implementation()} {platform.python_version()} ({PYTHON})")
    print(f"fzcj:    {FZCJ}{'' if Path(FZCJ).exists() else '  (not found)'}")
    print(f"runs:    1 warm-up + {args.repeat} timed per command, interleaved; medians compared")
    print(f"bytecode: {ensure_bytecode()}")

    args.work.mkdir(parents=True, exist_ok=True)
    checks: list[Check] = []
    hog = None
    if args.loaded:
        hog = subprocess.Popen([PYTHON, "-c", "while True: pass"])
        print("load:    one CPU-bound process runs beside every command")
    try:
        with tempfile.TemporaryDirectory(prefix="fzcj-bench-") as tmp:
            ctx = Context(work=args.work.resolve(), tmp=Path(tmp), repeat=args.repeat, files=args.files)
            for name, bench in BENCHMARKS.items():
                if args.only == name or (args.only is None and (name not in OPTIONAL or args.big)):
                    print(f"\n== {name} ==")
                    checks.extend(bench(ctx))
    finally:
        if hog is not None:
            hog.kill()
            hog.wait()
    print_table(checks)
    failures = [c for c in checks if not c.ok]
    print(f"\n{len(checks) - len(failures)}/{len(checks)} checks passed")
    return 1 if args.check and failures else 0


if __name__ == "__main__":
    sys.exit(main())
