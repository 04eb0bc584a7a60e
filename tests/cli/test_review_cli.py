"""``fzcj review`` (accept, return, undo, list) through the CLI, and the review in status, show, validate.

Each test gets a fresh workspace with the real data (``review.required: true``) and a few files.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from evidence_helpers import CLI_ENV, invoke, make_workspace, materials_by_id, put, status_json, tasks_by_id
from fzcj.review import fingerprint
from fzcj.review.records import list_names

AS_OF = "2022-07-25"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
J27 = "027 合法性审核/区司法局"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    ws = make_workspace(tmp_path / "ws", review_required=True)
    put(ws, f"{J27}/1-合法性审查情况说明.pdf", PDF)
    for n in ("一", "二", "三"):
        put(ws, f"{J27}/2-审查意见/审查意见{n}.pdf", PDF + n.encode())
    put(ws, "030 后评估/区司法局/后评估情况说明.jpg", b"\xff\xd8\xff photo")
    put(ws, "031 备案/区司法局/不涉及.txt", "本年度未制定需备案的规范性文件")
    return ws


def run(root: Path, *args: str, env: dict[str, str | None] | None = None) -> Result:
    if env:
        from typer.testing import CliRunner

        from fzcj.cli import app

        result = CliRunner().invoke(
            app, [*args, "--root", str(root)], env={**CLI_ENV, **env}, prog_name="fzcj"
        )
    else:
        result = invoke(*args, "--root", str(root))
    assert "Traceback" not in result.output
    return result


def ok(root: Path, *args: str) -> str:
    result = run(root, *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def usage_error(root: Path, *args: str) -> str:
    result = run(root, *args)
    assert result.exit_code == 2, result.output
    assert result.stdout == "" and result.stderr.startswith("错误：")
    return result.stderr


def records(root: Path) -> list[dict[str, Any]]:
    """The records in the order they were written."""
    names = list_names(root / "reviews")[0]
    return [json.loads((root / "reviews" / n.name).read_text("utf-8")) for n in names]


def provider(root: Path, material: str, unit: str = "区司法局") -> dict[str, Any]:
    found = materials_by_id(status_json(root, AS_OF))[material]
    return next(p for p in found["providers"] if p["unit"] == unit)


def test_unchanged_files_are_told_by_their_tally_without_hashing(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(root, "review", "accept", "27.2", "--unit", "区司法局", "--by", "张三")
    hashed: list[str] = []
    real = fingerprint.sha256_of
    monkeypatch.setattr(fingerprint, "sha256_of", lambda path: hashed.append(Path(path).name) or real(path))
    assert provider(root, "27.2")["review"]["state"] == "accepted" and hashed == []
    os.utime(root / "evidence" / f"{J27}/2-审查意见/审查意见一.pdf", (1_650_000_000,) * 2)
    assert provider(root, "27.2")["review"]["state"] == "accepted"  # a new time, the same bytes
    assert hashed == ["审查意见一.pdf"]
    assert provider(root, "27.2")["review"]["state"] == "accepted"
    assert hashed == ["审查意见一.pdf"]  # hashed once: this machine's hash cache knows it now


def test_accept_records_the_fingerprint_and_the_item_counts(root: Path) -> None:
    out = ok(root, "review", "accept", "27.1", "--unit", "司法局", "--by", "张三", "--note", "原件齐全")
    assert out.startswith("已通过：27.1 区司法局（1 个文件）\n记录：reviews/")
    (record,) = records(root)
    path = f"{J27}/1-合法性审查情况说明.pdf"
    st = (root / "evidence" / path).stat()
    assert record["files"] == [[path, st.st_size, st.st_mtime_ns, hashlib.sha256(PDF).hexdigest()]]
    assert (record["decision"], record["note"], record["by"]) == ("accept", "原件齐全", "张三")
    report = status_json(root, AS_OF)
    assert materials_by_id(report)["27.1"]["status"] == "complete"
    assert materials_by_id(report)["27.2"]["status"] == "pending"
    assert report["summary"]["review"] == {"pending": 3, "returned": 0, "accepted": 1}


def test_return_needs_a_reason_and_counts_as_not_submitted(root: Path) -> None:
    missing = usage_error(root, "review", "return", "27.2", "--unit", "区司法局", "--by", "张三")
    assert missing.startswith("错误：缺少必填选项 --reason\n")
    assert "缺少必填选项 --unit" in usage_error(root, "review", "accept", "27.2")
    blank = usage_error(
        root, "review", "return", "27.2", "--unit", "区司法局", "--by", "张三", "--reason", " "
    )
    assert "退回须写明理由" in blank
    ok(root, "review", "return", "27.2", "--unit", "区司法局", "--by", "李四", "--reason", "缺少审查意见原件")
    p = provider(root, "27.2")
    assert p["status"] == "missing" and p["file_count"] == 0 and len(p["files"]) == 3
    assert p["review"]["state"] == "returned" and p["review"]["reason"] == "缺少审查意见原件"
    table = ok(root, "status", "--unit", "区司法局", "--returned", "--as-of", AS_OF)
    row = next(line for line in table.splitlines() if "│   27 │" in line)
    assert "临期（剩5天） 已退回" in row and "27.2（已退回）" in row
    assert [t["id"] for t in status_json(root, AS_OF, "--returned")["tasks"]] == ["27", "28", "29"]


def test_new_files_after_a_return_put_the_item_back_for_review(root: Path) -> None:
    ok(root, "review", "return", "30.1", "--unit", "区司法局", "--by", "张三", "--reason", "照片不清楚")
    put(root, "030 后评估/区司法局/后评估报告.jpg", b"\xff\xd8\xff report")
    assert provider(root, "30.1")["review"]["state"] == "changed"
    assert "30" in [t["id"] for t in status_json(root, AS_OF, "--pending")["tasks"]]


def test_undo_withdraws_the_last_decision_and_is_recorded(root: Path) -> None:
    ok(root, "review", "accept", "30.1", "--unit", "区司法局", "--by", "张三")
    ok(root, "review", "return", "30.1", "--unit", "区司法局", "--by", "李四", "--reason", "不清楚")
    out = ok(root, "review", "undo", "30.1", "--unit", "区司法局", "--by", "李四")
    assert "李四 对 30.1 区司法局 的“退回”决定" in out
    assert provider(root, "30.1")["review"]["state"] == "accepted"
    ok(root, "review", "undo", "30.1", "--unit", "区司法局", "--by", "李四")
    assert provider(root, "30.1")["review"] is None
    assert "没有可撤销的审核决定" in usage_error(
        root, "review", "undo", "30.1", "--unit", "区司法局", "--by", "李四"
    )
    assert [r["decision"] for r in records(root)] == ["accept", "return", "undo", "undo"]


def test_a_waiver_note_is_accepted_like_a_file(root: Path) -> None:
    tasks = tasks_by_id(status_json(root, AS_OF))
    assert tasks["31"]["status"] == "in_progress" and tasks["31"]["materials"][0]["status"] == "pending"
    ok(root, "review", "accept", "31.1", "--unit", "区司法局", "--by", "张三")
    assert tasks_by_id(status_json(root, AS_OF))["31"]["status"] == "waived"


def test_accept_refuses_a_file_that_fails_the_content_check(root: Path) -> None:
    put(root, f"{J27}/1-扫描件.pdf", "这不是 PDF")
    result = run(root, "review", "accept", "27.1", "--unit", "区司法局", "--by", "张三")
    assert result.exit_code == 1 and result.stdout == ""
    assert f"evidence/{J27}/1-扫描件.pdf" in result.stderr and "未予通过" in result.stderr
    assert not (root / "reviews").exists()


@pytest.mark.parametrize(
    ("item", "unit", "message"),
    [
        ("99.9", "区司法局", "任务 99 没有材料「99.9」"),
        (
            "99.1",
            "区司法局",
            "区司法局 不需要提供材料 99.1（提供单位：区委办公室、区委组织部、区委依法治区办）",
        ),
        ("999.1", "区司法局", "没有编号为「999」的任务"),
        ("27", "区司法局", "「27」是任务编号，请写材料编号：可用 27.1、27.2"),
        ("27.9", "区司法局", "任务 27 没有材料「27.9」：可用 27.1、27.2"),
        ("", "区司法局", "材料编号是空的"),
        ("27.1", "区司法厅", "是不是「区司法局」"),
        ("27.1", "区财政局", "区财政局 不需要提供材料 27.1"),
        ("27.1", "各乡镇", "是单位组"),
        ("24.1", "区司法局", "还没有提交"),
    ],
)
def test_unknown_items_units_and_nothing_to_review_are_usage_errors(
    root: Path, item: str, unit: str, message: str
) -> None:
    assert message in usage_error(root, "review", "accept", item, "--unit", unit, "--by", "张三")


def test_ids_and_units_are_read_in_every_spelling(root: Path) -> None:
    ok(root, "review", "accept", "027.1", "--unit", "司法局", "--by", "张三")
    ok(root, "review", "return", "28.2", "--unit", "司法", "--by", "张三", "--reason", "缺原件")
    assert sorted((r["item"], r["unit"]) for r in records(root)) == [
        ("27.1", "区司法局"),
        ("27.2", "区司法局"),
    ]


def test_the_reviewer_is_by_then_the_environment_then_the_login(root: Path) -> None:
    env = {"FZCJ_REVIEWER": "王五"}
    assert run(root, "review", "accept", "27.1", "--unit", "区司法局", env=env).exit_code == 0
    assert run(root, "review", "accept", "30.1", "--unit", "区司法局", "--by", "张三", env=env).exit_code == 0
    assert (
        run(root, "review", "accept", "31.1", "--unit", "区司法局", env={"FZCJ_REVIEWER": ""}).exit_code == 0
    )
    import getpass

    assert {r["item"]: r["by"] for r in records(root)} == {
        "27.1": "王五",
        "30.1": "张三",
        "31.1": getpass.getuser(),
    }
    assert "审核人是空的" in usage_error(root, "review", "accept", "27.1", "--unit", "区司法局", "--by", "")


def test_list_puts_the_oldest_submission_first_then_returned_then_accepted(root: Path) -> None:
    for rel, day in ((f"{J27}/1-合法性审查情况说明.pdf", 20), ("030 后评估/区司法局/后评估情况说明.jpg", 10)):
        os.utime(root / "evidence" / rel, (1_650_000_000 + day * 86400,) * 2)
    ok(root, "review", "return", "27.2", "--unit", "区司法局", "--by", "李四", "--reason", "缺少原件")
    ok(root, "review", "accept", "31.1", "--unit", "区司法局", "--by", "张三")
    rows = json.loads(ok(root, "review", "list", "--format", "json"))
    assert [(r["item"], r["state"]) for r in rows] == [
        ("30.1", "submitted"),
        ("27.1", "submitted"),
        ("27.2", "returned"),
        ("31.1", "accepted"),
    ]
    assert rows[2]["reason"] == "缺少原件" and rows[2]["by"] == "李四"
    pending = json.loads(ok(root, "review", "list", "--pending", "--format", "json", "--unit", "司法局"))
    assert [r["item"] for r in pending] == ["30.1", "27.1"]
    table = ok(root, "review", "list", "--returned")
    assert "缺少原件" in table and "共 1 项：待审核 0（其中待复审 0），已退回 1，已通过 0" in table
    text = run(root, "review", "list", "--accepted", "--format", "csv").stdout_bytes.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0][:4] == ["材料", "任务", "单位", "状态"] and lines[1][:4] == [
        "31.1",
        "31",
        "区司法局",
        "已通过",
    ]
    assert "只能选一个" in usage_error(root, "review", "list", "--pending", "--returned")


def test_show_lists_the_history_of_each_item(root: Path) -> None:
    ok(root, "review", "accept", "27.2", "--unit", "区司法局", "--by", "张三")
    ok(root, "review", "return", "27.2", "--unit", "区司法局", "--by", "李四", "--reason", "缺少原件")
    ok(root, "review", "undo", "27.2", "--unit", "区司法局", "--by", "李四")
    out = ok(root, "show", "28", "--as-of", AS_OF)
    history = out[out.index("审核记录：") :].splitlines()[1:4]
    assert [line.split()[1:2] + line.split()[4:5] for line in history] == [
        ["区司法局", "张三"],
        ["区司法局", "李四"],
        ["区司法局", "李四"],
    ]
    assert "退回：缺少原件" in history[1] and "撤销（撤销" in history[2]
    assert "区司法局 已提供 · 已通过" in out


def test_validate_reports_bad_records_at_their_lines(root: Path) -> None:
    ok(root, "review", "accept", "27.1", "--unit", "区司法局", "--by", "张三")
    folder = root / "reviews"
    good = next(folder.iterdir()).read_text("utf-8")
    (folder / "2022-06-15T101500-27.1-区司法局.json").write_text('{\n  "item": "27.1",\n  oops\n}', "utf-8")
    (folder / "2022-06-15T101600-99.9-区司法局.json").write_text(
        good.replace('"27.1"', '"99.9"').replace(good.split('"at": "')[1][:25], "2022-06-15T10:16:00+08:00"),
        "utf-8",
    )
    future = good.replace(good.split('"at": "')[1][:19], "2099-01-01T00:00:00")
    (folder / "2099-01-01T000000-27.1-区司法局.json").write_text(future, "utf-8")
    (folder / "说明.txt").write_text("审核记录", "utf-8")
    result = run(root, "validate", "--format", "json")
    assert result.exit_code == 1
    found = {(p["path"], p["line"], p["code"]) for p in json.loads(result.stdout)["problems"]}
    assert ("reviews/2022-06-15T101500-27.1-区司法局.json", 3, "review-malformed") in found
    assert ("reviews/2022-06-15T101600-99.9-区司法局.json", 2, "review-unknown-item") in found
    assert ("reviews/2099-01-01T000000-27.1-区司法局.json", 6, "review-future") in found
    assert ("reviews/说明.txt", 0, "review-stray") in found
    assert provider(root, "27.1")["review"]["state"] == "accepted"  # the status skips the bad ones


def test_a_bad_record_concerns_the_unit_it_names(root: Path) -> None:
    """validate --unit: a record's problems go to the unit in the record, not to the office."""
    folder = root / "reviews"
    folder.mkdir()
    (folder / "2022-06-15T101500-27.1-司法局.json").write_text("{ oops", "utf-8")
    mine = json.loads(run(root, "validate", "--format", "json", "--unit", "司法局").stdout)["problems"]
    assert [p["path"] for p in mine] == ["reviews/2022-06-15T101500-27.1-司法局.json"]
    office = json.loads(run(root, "validate", "--format", "json", "--unit", "依法治区办").stdout)
    assert office["problems"] == []


def test_names_from_records_are_shown_visibly(root: Path) -> None:
    """A reviewer or reason holding control characters cannot clear the screen or forge a line; in CSV
    a reason cannot become a formula."""
    by, reason = "张\x1b[2J三", '=HYPERLINK("http://x")\n错误：伪造'
    ok(root, "review", "return", "27.1", "--unit", "区司法局", "--by", by, "--reason", reason)
    shown = ok(root, "show", "27", "--as-of", AS_OF)
    assert "\x1b" not in shown and "张\\x1b[2J三" in shown and "\\n错误：伪造" in shown
    listed = ok(root, "review", "list", "--returned")
    assert "\x1b" not in listed and "张\\x1b[2J三" in listed
    text = ok(root, "review", "list", "--returned", "--format", "csv").lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][0] == "27.1" and rows[1][7].startswith("'=HYPERLINK")


def test_a_file_named_in_gbk_is_judged_by_its_name_on_disk(tmp_path: Path) -> None:
    """A name read as GBK is shown in UTF-8 but fingerprinted, and compared, under its name on disk."""
    ws = make_workspace(tmp_path / "ws", review_required=True)
    folder = ws / "evidence" / "030 后评估" / "区司法局"
    folder.mkdir(parents=True)
    with open(os.path.join(os.fsencode(folder), "后评估情况说明.pdf".encode("gbk")), "wb") as handle:
        handle.write(PDF)
    ok(ws, "review", "accept", "30.1", "--unit", "区司法局", "--by", "张三")
    assert records(ws)[0]["files"][0][0] == "030 后评估/区司法局/后评估情况说明.pdf"
    assert provider(ws, "30.1")["review"]["state"] == "accepted"


def test_without_required_review_decisions_are_only_shown(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    put(ws, f"{J27}/1-说明.jpg", b"photo")
    plain = status_json(ws, AS_OF)
    assert "review" not in json.dumps(plain)
    assert [t["id"] for t in status_json(ws, AS_OF, "--pending")["tasks"]] == ["27", "28", "29"]
    ok(ws, "review", "return", "27.1", "--unit", "区司法局", "--by", "张三", "--reason", "不清楚")
    shown = status_json(ws, AS_OF)
    assert materials_by_id(shown)["27.1"]["status"] == "complete"
    assert materials_by_id(shown)["27.1"]["providers"][0]["review"]["state"] == "returned"
    assert shown["summary"]["review"] == {"pending": 0, "returned": 1, "accepted": 0}
    assert shown["tasks"] != plain["tasks"] and shown["summary"]["complete"] == plain["summary"]["complete"]


def _checksums(root: Path) -> list[tuple[str, int, int, str]]:
    listing = []
    for path in sorted((root / "evidence").rglob("*")):
        st = path.stat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
        listing.append((path.relative_to(root).as_posix(), st.st_size, st.st_mtime_ns, digest))
    return listing


def test_review_commands_leave_the_evidence_untouched(root: Path) -> None:
    before = _checksums(root)
    ok(root, "review", "accept", "27.1", "--unit", "区司法局", "--by", "张三")
    ok(root, "review", "return", "27.2", "--unit", "区司法局", "--by", "张三", "--reason", "缺原件")
    ok(root, "review", "undo", "27.2", "--unit", "区司法局", "--by", "张三")
    ok(root, "review", "list")
    ok(root, "status", "--as-of", AS_OF)
    ok(root, "show", "27", "--as-of", AS_OF)
    run(root, "validate")
    assert _checksums(root) == before
