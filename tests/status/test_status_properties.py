"""Properties of the status over random evidence trees (hypothesis).

Trees are drawn over a few tasks of the real data that cover the rules: any-one and each-provider
items, ``min``/``max``, url items, waivers, shared materials (28 → 27) and several spellings of a
task or unit folder. The workspace is loaded once; each example writes its tree into a fresh folder
and runs the library (scan + compute) directly.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import random
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from evidence_helpers import REPO, status_ranks
from fzcj.data.model import MaterialKind
from fzcj.data.plan import PlannedMaterial
from fzcj.data.workspace import Workspace, load
from fzcj.evidence.walk import scan
from fzcj.status.compute import compute

WS = load(REPO)
AS_OF = dt.date(2022, 6, 15)
# Task folder spellings per task; 28 shares 27's materials, so its folder files into 27.
TASK_FOLDERS = {
    "27": ["027 合法性审核", "27", "０２７"],
    "28": ["028 合法性审核率"],
    "24": ["024 公开征求意见"],
    "9": ["009 双随机一公开", "9-双随机"],
    "23": ["023 协调决策"],
    "16": ["016 涉企收费"],
    "30": ["030 后评估"],
    "86": ["086 应急"],
    "61": ["061 执法制度"],
}
UNIT_CHOICES = {"61": ["滨河镇", "香山乡", "区综合执法局"]}
# 27 (with 28 filing into it) is drawn most often, so that notes, minimums and several folders for the
# same item meet within a few entries.
TASK_DRAWS = ["27", "27", "27", "28", "9", "9", "23", "24", "16", "30", "86", "61"]
REASONS = ["本年度无此项工作", "由其他单位提供"]
Tree = dict[str, bytes]

# FZCJ_PROP_EXAMPLES=2000 for a longer, randomised hunt; the default run is small and repeatable.
_EXAMPLES = int(os.environ.get("FZCJ_PROP_EXAMPLES", "0"))
SETTINGS = settings(
    max_examples=_EXAMPLES or 100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=not _EXAMPLES,
)


def unit_folders(unit: str) -> list[str]:
    found = next(u for u in WS.units.units if u.name == unit)
    return [unit, *found.aliases[:2]]


def owed_by(task_id: str) -> dict[str, list[PlannedMaterial]]:
    planned = WS.plan.find(task_id)
    assert planned is not None
    owner = WS.plan.owner_of_materials(planned)
    units = UNIT_CHOICES.get(task_id) or sorted({u for m in owner.materials for u in m.providers})
    return {u: [m for m in owner.materials if u in m.providers] for u in units}


def valid_file(material: PlannedMaterial, owed: int, where: str, k: int) -> tuple[str, bytes]:
    """A file that counts for ``material``: named by item number, in an item folder, or bare."""
    n = material.number
    if material.kind is MaterialKind.url:
        name, content = f"网址{k}.url", f"[InternetShortcut]\r\nURL=https://www.spt.gov.cn/{k}\r\n".encode()
    else:
        name, content = f"材料{k}.pdf", f"材料{k}".encode()
    if where == "bare" and owed == 1:
        return name, content
    if where == "folder":
        return f"{n}-子项/{name}", content
    return f"{n}-{name}", content


@st.composite
def location(draw: st.DrawFn) -> tuple[str, str, list[PlannedMaterial], PlannedMaterial]:
    """(task folder, unit folder, what the unit owes there, one material of it)."""
    task_id = draw(st.sampled_from(TASK_DRAWS))
    folder = draw(st.sampled_from(TASK_FOLDERS[task_id]))
    owed = owed_by(task_id)
    unit = draw(st.sampled_from(sorted(owed)))
    unit_folder = draw(st.sampled_from(unit_folders(unit)))
    material = draw(st.sampled_from(owed[unit]))
    return folder, unit_folder, owed[unit], material


@st.composite
def valid_entry(draw: st.DrawFn, prefix: str = "") -> tuple[str, bytes]:
    folder, unit_folder, owed, material = draw(location())
    where = draw(st.sampled_from(["named", "folder", "bare"]))
    k = draw(st.integers(0, 5))
    rel, content = valid_file(material, len(owed), where, k)
    if prefix:
        head, _, name = rel.rpartition("/")
        rel = f"{head}/{prefix}{name}" if head else f"{prefix}{name}"
        rel = rel.replace("-子项/", "-新增项/")
    return f"{folder}/{unit_folder}/{rel}", content


@st.composite
def any_entry(draw: st.DrawFn) -> tuple[str, bytes]:
    """A valid file, a waiver (possibly empty) or something that must not count."""
    kind = draw(
        st.sampled_from(
            ["valid", "valid", "valid", "waiver", "item-waiver", "empty", "junk", "bad-link", "stray"]
        )
    )
    if kind == "valid":
        result: tuple[str, bytes] = draw(valid_entry())
        return result
    folder, unit_folder, _owed, material = draw(location())
    base = f"{folder}/{unit_folder}"
    reason = draw(st.sampled_from([*REASONS, ""]))
    n = material.number
    if kind == "waiver":
        return f"{base}/不涉及.txt", reason.encode()
    if kind == "item-waiver":
        return f"{base}/{n}-不涉及.txt", reason.encode()
    if kind == "empty":
        return f"{base}/{n}-空文件.pdf", b""
    if kind == "junk":
        return f"{base}/{draw(st.sampled_from(['Thumbs.db', '~$材料.docx', '.DS_Store']))}", b"junk"
    if kind == "bad-link":
        return f"{base}/{n}-网址.txt", b"www.spt.gov.cn/x"
    return (
        f"{folder}/{draw(st.sampled_from(['散落文件.pdf', '张三/1-材料.pdf', '区统计局/1-材料.pdf']))}",
        b"x",
    )


trees = st.lists(any_entry(), max_size=14).map(dict)


def write_tree(root: Path, tree: Tree) -> None:
    evidence = root / "evidence"
    if evidence.exists():
        shutil.rmtree(evidence)
    evidence.mkdir()
    for rel, content in tree.items():
        path = evidence / rel
        if path.parent.is_file() or path.is_dir():
            continue  # a drawn file name collides with a drawn folder name: keep the first
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def report_of(root: Path) -> dict[str, Any]:
    workspace: Workspace = dataclasses.replace(WS, root=root)
    return compute(workspace, scan(workspace), AS_OF).to_json()


@contextmanager
def workspace_dir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="fzcj-prop-") as tmp:
        yield Path(tmp)


@SETTINGS
@given(tree=trees, extra=valid_entry(prefix="新增"))
# Found by a longer run: one review opinion filed after a 不涉及 note turned a waived task partial.
@example(
    tree={"027 合法性审核/区司法局/不涉及.txt": REASONS[0].encode()},
    extra=("027 合法性审核/区司法局/2-新增项/新增材料0.pdf", "材料0".encode()),
)
def test_adding_a_valid_file_never_lowers_a_status(tree: Tree, extra: tuple[str, bytes]) -> None:
    with workspace_dir() as root:
        write_tree(root, tree)
        before = report_of(root)
        path = root / "evidence" / extra[0]
        if path.exists() or any(p.is_file() for p in path.parents):
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(extra[1])
        after = report_of(root)
    tasks_before, materials_before = status_ranks(before)
    tasks_after, materials_after = status_ranks(after)
    lowered = [t for t in tasks_before if tasks_after[t] < tasks_before[t]]
    lowered += [m for m in materials_before if materials_after[m] < materials_before[m]]
    assert not lowered, f"adding {extra[0]} lowered {lowered}"


@SETTINGS
@given(tree=trees)
def test_removing_every_file_gives_not_started_everywhere(tree: Tree) -> None:
    with workspace_dir() as root:
        write_tree(root, tree)
        for folder, _dirs, files in os.walk(root / "evidence"):
            for name in files:
                os.unlink(os.path.join(folder, name))
        report = report_of(root)
    assert {t["status"] for t in report["tasks"]} == {"not_started"}
    assert not any(
        t["overdue"] for t in report["tasks"] if t["deadline"] and t["deadline"] >= AS_OF.isoformat()
    )
    for task in report["tasks"]:
        for material in task["materials"]:
            assert material["status"] == "missing"
            assert material["file_count"] == 0
            assert {p["status"] for p in material["providers"]} == {"missing"}


class _Listing:
    """What ``os.scandir`` returns, with the entries in a given order."""

    def __init__(self, entries: list[os.DirEntry[str]]) -> None:
        self.entries = entries

    def __enter__(self) -> _Listing:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def __iter__(self) -> Iterator[os.DirEntry[str]]:
        return iter(self.entries)

    def close(self) -> None:
        return None


@SETTINGS
@given(tree=trees, seed=st.integers(0, 2**32 - 1))
# Found by a longer run: with two notes for the same item, the one listed last gave the reason.
@example(
    tree={
        "027 合法性审核/区司法局/不涉及.txt": REASONS[0].encode(),
        "27/司法局/不涉及.txt": REASONS[1].encode(),
    },
    seed=0,
)
# Two folders of task 9 over the cap: the over-max warning named whichever was listed first.
@example(
    tree={f"{folder}/区政府办公室/2-材料{k}.pdf": b"x" for folder in TASK_FOLDERS["9"] for k in (1, 2)},
    seed=1,
)
def test_status_does_not_depend_on_listing_order(tree: Tree, seed: int) -> None:
    real_scandir = os.scandir
    rng = random.Random(seed)

    def listing(order: str) -> Any:
        def scandir(path: Any = ".") -> _Listing:
            with real_scandir(path) as it:
                entries = list(it)
            if order == "reversed":
                entries.sort(key=lambda e: e.name, reverse=True)
            elif order == "shuffled":
                rng.shuffle(entries)
            else:
                entries.sort(key=lambda e: e.name)
            return _Listing(entries)

        return scandir

    with workspace_dir() as root:
        write_tree(root, tree)
        reports = []
        for order in ("sorted", "reversed", "shuffled"):
            with pytest.MonkeyPatch.context() as mp:
                mp.setattr(os, "scandir", listing(order))
                reports.append(json.dumps(report_of(root), ensure_ascii=False, sort_keys=True))
    assert reports[0] == reports[1]
    assert reports[0] == reports[2]


def test_empty_tree_reports_nothing() -> None:
    with workspace_dir() as root:
        write_tree(root, {})
        report = report_of(root)
    assert report["problems"] == []
    assert report["summary"]["not_started"] == report["summary"]["total"] == 104


# ── the long hunt (`pytest -m slow`, run by .ci/run): the same properties, many more random trees ────

LONG = settings(SETTINGS, max_examples=max(_EXAMPLES, 600), derandomize=False)


@pytest.mark.slow
@LONG
@given(tree=trees, extra=valid_entry(prefix="新增"))
def test_long_run_adding_a_valid_file_never_lowers_a_status(tree: Tree, extra: tuple[str, bytes]) -> None:
    test_adding_a_valid_file_never_lowers_a_status.hypothesis.inner_test(tree, extra)  # type: ignore[attr-defined]


@pytest.mark.slow
@LONG
@given(tree=trees, seed=st.integers(0, 2**32 - 1))
def test_long_run_status_does_not_depend_on_listing_order(tree: Tree, seed: int) -> None:
    test_status_does_not_depend_on_listing_order.hypothesis.inner_test(tree, seed)  # type: ignore[attr-defined]
