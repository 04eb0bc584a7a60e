"""``fzcj package`` under review: returned files stay out where review is required, items waiting for the
office are marked 待审核, and ``--accepted-only`` keeps accepted items alone or says why it cannot."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest

from evidence_helpers import invoke, status_json
from fzcj import api
from fzcj.status.types import MaterialState
from package_helpers import AS_OF, build_tree

NOW = dt.datetime(2022, 6, 14, 10, 0)
OPINIONS = 5  # the counted files of 27.2 in the tree


def _package(root: Path, out: Path, *extra: str) -> str:
    result = invoke("package", "--root", str(root), "-o", str(out), "--as-of", AS_OF, *extra)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _evidence(names: list[str]) -> list[str]:
    return [n for n in names if n.rpartition("/")[2].startswith("区")]


@pytest.fixture(scope="module")
def required(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Review required: 27.1 accepted, 27.2 returned, everything else waits."""
    root = build_tree(tmp_path_factory.mktemp("reviewed") / "ws", review_required=True)
    api.review_accept(root, "27.1", "司法局", by="张三", now=NOW)
    api.review_return(root, "27.2", "司法局", by="张三", reason="缺少签章", now=NOW)
    return root


def test_where_review_is_required_returned_files_stay_out_and_waiting_items_are_marked(
    required: Path,
) -> None:
    out = required.parent / "全部.zip"
    _package(required, out)
    names = zipfile.ZipFile(out).namelist()
    assert not [n for n in _evidence(names) if "/27.2 " in n]  # returned: counts as not filed
    assert [n for n in _evidence(names) if "/27.1 " in n]
    result = api.package(required, required.parent / "again.zip", dt.date.fromisoformat(AS_OF))
    marks = {(r.material.id, r.mark) for r in result.catalogue.rows if r.material is not None and r.mark}
    report = status_json(required, AS_OF)
    materials = {m["id"]: m["status"] for t in report["tasks"] for m in t["materials"]}
    assert ("27.2", "缺") in marks and ("27.1", "缺") not in marks
    pending = {m for m, state in materials.items() if state == "pending"}
    assert pending and pending == {m for m, mark in marks if mark == "待审核"}
    assert result.catalogue.totals.by_state[MaterialState.pending] == len(pending)


def test_accepted_only_keeps_the_accepted_items_and_lists_the_rest_as_left_out(required: Path) -> None:
    out = required.parent / "通过"
    stdout = _package(required, out, "--accepted-only")
    files = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()]
    assert [f.rpartition("/")[2] for f in _evidence(files)] == ["区司法局-合法性审查情况说明.docx"]
    sums = (out / "SHA256SUMS").read_text("utf-8").splitlines()
    assert len(sums) == len(files) - 1  # every file but SHA256SUMS itself
    assert "已通过 1 项" in stdout and "未要求审核" not in stdout
    result = api.package(
        required, required.parent / "通过.zip", dt.date.fromisoformat(AS_OF), accepted_only=True
    )
    left = [r for r in result.catalogue.rows if r.mark == "未收入"]
    assert left and all("未收入，审核：" in r.detail for r in left)
    assert result.catalogue.totals.left_out == sum(int(r.detail.split("个")[0]) for r in left)


def test_accepted_only_where_review_is_not_required_says_so(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "ws")
    api.review_accept(root, "27.1", "司法局", by="张三", now=NOW)
    result = invoke(
        "package", "--root", str(root), "-o", str(tmp_path / "x.zip"), "--as-of", "6月15日", "--accepted-only"
    )
    assert result.exit_code == 0, result.stderr
    stdout = result.stdout
    assert "本工作区未要求审核" in stdout and "已通过 1 项" in stdout
    names = _evidence(zipfile.ZipFile(tmp_path / "x.zip").namelist())
    assert len(names) == 1 and names[0].endswith("区司法局-合法性审查情况说明.docx")


def test_accepted_only_without_any_review_says_that_no_review_records_exist(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "ws")
    result = invoke("package", "--root", str(root), "-o", str(tmp_path / "x.zip"), "--accepted-only")
    assert result.exit_code == 2 and "还没有任何审核记录" in result.stderr
    assert "campaign.review.required" in result.stderr
    assert not (tmp_path / "x.zip").exists()


def test_accepted_only_before_any_item_is_accepted_makes_no_empty_package(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "ws", review_required=True)
    result = invoke("package", "--root", str(root), "-o", str(tmp_path / "x.zip"), "--accepted-only")
    assert result.exit_code == 2 and "还没有审核通过的材料" in result.stderr
    assert not (tmp_path / "x.zip").exists()
