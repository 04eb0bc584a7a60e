"""``fzcj init``: the evidence folders and 材料要求.txt notes, never touching what is already there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import Result

from evidence_helpers import REPO, invoke, make_workspace, put, snapshot_tree, status_json, walk_files
from fzcj.data.plan import PlannedTask
from fzcj.data.workspace import load
from fzcj.evidence.filenames import REQUIREMENTS_FILE, task_id_of_folder

PLAN = load(REPO).plan
OWNERS = [t for t in PLAN.tasks if t.materials_from is None]
SUMMARY = re.compile(
    r"(已创建|将创建) (\d+) 个文件夹、(\d+) 个材料要求文件；已存在未改动 (\d+) 个(?:；\d+ 处未能处理（见上）)?。"
)


def providers_of(task: PlannedTask) -> list[str]:
    return list(dict.fromkeys(u for m in task.materials for u in m.providers))


def init(root: Path, *args: str) -> Result:
    result = invoke("init", "--root", str(root), *args)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result


def summary(result: Result) -> tuple[str, int, int, int]:
    match = SUMMARY.search(result.stdout)
    assert match, result.stdout
    return match[1], int(match[2]), int(match[3]), int(match[4])


def task_folders(root: Path) -> dict[str, Path]:
    """Task id → folder, checking that every folder name reads back as exactly one task."""
    found: dict[str, Path] = {}
    for path in sorted((root / "evidence").iterdir()):
        task_id = task_id_of_folder(path.name)
        planned = PLAN.find(task_id) if task_id else None
        assert planned is not None, path.name
        assert planned.id not in found, path.name
        found[planned.id] = path
    return found


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws", evidence=False)


def test_init_creates_task_and_provider_folders(ws: Path) -> None:
    result = init(ws)
    folders = task_folders(ws)
    assert set(folders) == {t.id for t in OWNERS}
    assert "28" not in folders and "29" not in folders  # they share 27's folder
    notes = 0
    for task in OWNERS:
        units = sorted(p.name for p in folders[task.id].iterdir())
        assert units == sorted(providers_of(task)), task.id
        for unit in units:
            assert sorted(p.name for p in (folders[task.id] / unit).iterdir()) == [REQUIREMENTS_FILE]
            notes += 1
    assert summary(result) == ("已创建", len(OWNERS) + notes, notes, 0)
    assert folders["27"].name.startswith("027 ")
    assert folders["加1"].name.startswith("加1 ")


def test_requirement_notes_name_the_items(ws: Path) -> None:
    init(ws)
    folders = task_folders(ws)
    note = (folders["27"] / "区司法局" / REQUIREMENTS_FILE).read_text("utf-8-sig")
    assert note.startswith("任务 27：")
    for text in (
        "第1项",
        "第2项",
        "至少 3 个文件",
        "不超过 5 个文件",
        "1-情况说明.docx",
        "不涉及.txt",
        "2022年7月30日",
    ):
        assert text in note, text
    single = (folders["30"] / "区司法局" / REQUIREMENTS_FILE).read_text("utf-8-sig")
    assert "第1项" in single and "无需加序号" in single
    assert "网址类材料" in (folders["24"] / "区司法局" / REQUIREMENTS_FILE).read_text("utf-8-sig")
    town = (folders["61"] / "滨河镇" / REQUIREMENTS_FILE).read_text("utf-8-sig")
    assert "第1项" in town and "各单位分别提供" in town
    # a unit owing only some items of a task is told only about those: 区财政局 owes 16.2, not 16.1
    finance = (folders["16"] / "区财政局" / REQUIREMENTS_FILE).read_text("utf-8-sig")
    assert "第2项" in finance and "第1项" not in finance


def test_dry_run_creates_nothing(ws: Path) -> None:
    dry = init(ws, "--dry-run")
    assert not (ws / "evidence").exists()
    assert dry.stdout.count("将创建 evidence/") == summary(dry)[1]
    real = init(ws)
    assert summary(dry)[1:] == summary(real)[1:]
    assert dry.stdout.replace("将创建", "已创建") == real.stdout


def test_dry_run_on_a_filled_tree_changes_nothing(ws: Path) -> None:
    init(ws, "--unit", "区司法局")
    before = snapshot_tree(ws)
    result = init(ws, "--dry-run")
    assert snapshot_tree(ws) == before
    assert summary(result)[1] > 0


def test_second_run_is_idempotent(ws: Path) -> None:
    first = init(ws)
    before = snapshot_tree(ws)
    second = init(ws)
    assert snapshot_tree(ws) == before
    assert summary(second) == ("已创建", 0, 0, summary(first)[2])
    assert "evidence/" not in second.stdout.split("已创建 0 个")[0]


def test_existing_folders_and_files_are_reused_untouched(ws: Path) -> None:
    put(ws, "027 合法性审核/司法局/1-合法性审查情况说明.docx", "已交的材料")
    put(ws, "027 合法性审核/司法局/材料要求.txt", "单位自己改过的说明")
    put(ws, "030 后评估/区司法局/后评估报告.docx", "报告")
    put(ws, "028 合法性审核率/区司法局/2-审查意见/一.pdf", "意见")
    before = {p: p.read_bytes() for p in walk_files(ws / "evidence")}
    mtimes = {p: p.stat().st_mtime_ns for p in before}
    result = init(ws)
    for path, content in before.items():
        assert path.read_bytes() == content, path
        assert path.stat().st_mtime_ns == mtimes[path], path
    t27 = ws / "evidence" / "027 合法性审核"
    assert sorted(p.name for p in t27.iterdir()) == ["司法局"]  # the alias folder is reused, no 区司法局/
    assert not any(p.name.startswith("027 ") and p != t27 for p in (ws / "evidence").iterdir())
    assert (ws / "evidence" / "030 后评估" / "区司法局" / REQUIREMENTS_FILE).is_file()
    assert "有 1 个“材料要求.txt”与当前数据不一致" in result.stdout
    # the merged task's folder is left alone: no notes are written into 028/
    assert not list((ws / "evidence" / "028 合法性审核率").rglob(REQUIREMENTS_FILE))


@pytest.mark.parametrize("unit", ["区司法局", "司法局"])
def test_unit_option_creates_only_that_units_folders(ws: Path, unit: str) -> None:
    result = init(ws, "--unit", unit)
    folders = task_folders(ws)
    expected = {t.id for t in OWNERS if "区司法局" in providers_of(t)}
    assert set(folders) == expected
    for folder in folders.values():
        assert [p.name for p in folder.iterdir()] == ["区司法局"]
    assert summary(result)[1:3] == (2 * len(expected), len(expected))


def test_unit_option_for_a_town(ws: Path) -> None:
    init(ws, "--unit", "滨河镇")
    assert set(task_folders(ws)) == {"61", "66", "97"}


def test_unit_option_rejects_unknown_units(ws: Path) -> None:
    result = invoke("init", "--root", str(ws), "--unit", "区司法厅")
    assert result.exit_code == 2
    assert "未知单位「区司法厅」" in result.stderr and "区司法局" in result.stderr
    assert not (ws / "evidence").exists()


def test_status_after_init_counts_no_note_as_evidence(ws: Path) -> None:
    init(ws)
    report = status_json(ws, "2022-06-15")
    assert report["summary"]["not_started"] == report["summary"]["total"] == 104
    for task in report["tasks"]:
        assert task["status"] == "not_started"
        for material in task["materials"]:
            assert material["file_count"] == 0
            assert all(p["files"] == [] for p in material["providers"])
    assert not [p for p in report["problems"] if p["severity"] in ("error", "warning")]
    validate = invoke("validate", "--root", str(ws), "--strict")
    assert validate.exit_code == 0, validate.output


def test_evidence_after_init_is_counted_and_kept(ws: Path) -> None:
    init(ws)
    folder = task_folders(ws)["30"] / "区司法局"
    (folder / "后评估报告.docx").write_text("报告", "utf-8")
    before = snapshot_tree(ws)
    init(ws)
    assert snapshot_tree(ws) == before
    report = status_json(ws, "2022-06-15")
    assert next(t for t in report["tasks"] if t["id"] == "30")["status"] == "complete"


def test_init_never_writes_through_a_link(ws: Path, tmp_path: Path) -> None:
    """Links out of the tree (or onto another task folder) are no folders to create or write in."""
    outside = tmp_path / "outside"
    (outside / "a").mkdir(parents=True)
    (outside / "b").mkdir()
    evidence = ws / "evidence"
    (evidence / "030").mkdir(parents=True)
    (evidence / "024 征求意见").symlink_to(outside / "a")
    (evidence / "030" / "区司法局").symlink_to(outside / "b")
    (evidence / "31").symlink_to("030")
    result = invoke("init", "--unit", "司法局", "--root", str(ws))
    assert result.exit_code == 3, result.output
    assert not any(outside.rglob("*.txt"))
    assert "evidence/030/区司法局 是符号链接" in result.stderr
    assert "Traceback" not in result.output
    # tasks 24 and 31 get real folders of their own; the links are left alone (validate reports them)
    folders = {p.name for p in evidence.iterdir() if p.is_dir() and not p.is_symlink()}
    for task_id in ("24", "31"):
        assert any(task_id_of_folder(name) == task_id for name in folders), folders
    assert not (evidence / "030" / REQUIREMENTS_FILE).exists()


def test_init_reports_a_file_where_a_folder_belongs_and_goes_on(ws: Path) -> None:
    put(ws, "030/区司法局", "这是一个文件，不是文件夹")
    before = snapshot_tree(ws / "evidence")
    for args in (("--dry-run",), ()):
        result = invoke("init", "--unit", "司法局", "--root", str(ws), *args)
        assert result.exit_code == 3, result.output
        assert "evidence/030/区司法局 应是文件夹，现在却是一个文件" in result.stderr
    assert (ws / "evidence" / "030" / "区司法局").read_text(encoding="utf-8") == "这是一个文件，不是文件夹"
    # every other task the unit owes was set up
    owed = [t for t in OWNERS if "区司法局" in providers_of(t) and t.id != "30"]
    notes = [p for p in (ws / "evidence").rglob(REQUIREMENTS_FILE) if "区司法局" in p.parent.name]
    assert len(notes) == len(owed)
    assert {k: v for k, v in snapshot_tree(ws / "evidence").items() if k in before} == before


def test_a_task_folder_linked_from_inside_the_tree_gets_no_twin(ws: Path) -> None:
    """The walk follows the link as task 1's folder: init says it will not write there, and makes
    no second folder for task 1 beside it."""
    stored = ws / "evidence" / "_存放" / "全面普及"
    (stored / "区政务服务中心").mkdir(parents=True)
    (ws / "evidence" / "1 全面普及").symlink_to(stored)
    result = invoke("init", "--root", str(ws))
    assert result.exit_code == 3, result.output
    assert "evidence/1 全面普及 是符号链接" in result.stderr
    assert [p.name for p in (ws / "evidence").iterdir() if task_id_of_folder(p.name) == "1"] == ["1 全面普及"]


def test_requirement_notes_are_utf8_with_bom_and_crlf_for_old_notepad(ws: Path) -> None:
    init(ws, "--unit", "区司法局")
    data = next((ws / "evidence").rglob(REQUIREMENTS_FILE)).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == data.count(b"\n") > 5


def test_a_note_written_before_bom_and_crlf_is_not_stale(ws: Path) -> None:
    """Notes from an older fzcj (UTF-8, LF) say the same: kept, and not called out of date."""
    init(ws, "--unit", "区司法局")
    note = next((ws / "evidence").rglob(REQUIREMENTS_FILE))
    note.write_bytes(note.read_bytes().removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n"))
    result = init(ws, "--unit", "区司法局")
    assert "不一致" not in result.stdout


def test_init_counts_only_what_it_created_and_says_what_failed(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder that cannot be made is a failure, not one more 已创建 (it said 已创建 455 after 359 failures)."""
    real_mkdir = Path.mkdir

    def mkdir(self: Path, *args: object, **kwargs: object) -> None:
        if self.name == "区司法局" or self.name.startswith("030 "):
            raise PermissionError(13, "Permission denied", str(self))
        real_mkdir(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "mkdir", mkdir)
    result = invoke("init", "--unit", "区司法局", "--root", str(ws))
    assert result.exit_code == 3
    failures = result.stderr.count("未能处理：")
    owed = [t for t in OWNERS if "区司法局" in providers_of(t)]
    assert failures == len(owed)  # task 30's folder, and every other task's 区司法局 folder
    assert "evidence/030 " in result.stderr and "没有权限" in result.stderr
    made = [p for p in (ws / "evidence").rglob("*") if p.is_dir()]
    assert summary(result)[1:3] == (len(made), 0)
    assert f"；{failures} 处未能处理（见上）。" in result.stdout


def test_unit_skeleton_is_what_init_makes(ws: Path) -> None:
    from fzcj.evidence.scaffold import unit_skeleton

    put(ws, "027 合法性审核/司法局/1-说明.docx")
    workspace = load(ws)
    skeleton = dict(unit_skeleton(workspace, "区司法局"))
    assert "027 合法性审核/司法局/材料要求.txt" in skeleton  # existing folders keep their names
    init(ws, "--unit", "区司法局")
    made = {
        p.relative_to(ws / "evidence").as_posix(): p.read_bytes()
        for p in (ws / "evidence").rglob(REQUIREMENTS_FILE)
    }
    assert made == skeleton


def test_init_never_writes_outside_the_evidence_folder(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Even when the data check is bypassed, a unit named ``../../../逃逸`` makes init refuse (exit 1)."""
    from fzcj.data import rules

    monkeypatch.setattr(rules, "ALL", tuple(r for r in rules.ALL if r is not rules.paths.check))
    monkeypatch.setenv("FZCJ_NO_CACHE", "1")
    units = ws / "data" / "units.yaml"
    text = units.read_text("utf-8")
    assert "name: 区司法局\n    aliases: [司法局, 司法]" in text
    text = text.replace(
        "name: 区司法局\n    aliases: [司法局, 司法]", "name: ../../../逃逸\n    aliases: [区司法局, 司法局]"
    )
    units.write_text(text, "utf-8")
    result = invoke("init", "--root", str(ws))
    assert result.exit_code == 1, result.output
    assert "拒绝写入" in result.stderr and "Traceback" not in result.output
    assert not (ws.parent / "逃逸").exists() and not (ws.parent.parent / "逃逸").exists()


def test_a_fragment_of_an_item_comes_with_the_whole_cell(ws: Path) -> None:
    """97.2 "包括所属乡镇和部门" says nothing alone: the note quotes the 主要提供资料 cell under the items."""
    init(ws, "--unit", "滨河镇")
    note = next((ws / "evidence").glob(f"097*/滨河镇/{REQUIREMENTS_FILE}")).read_bytes().decode("utf-8-sig")
    assert "包括所属乡镇和部门（各单位分别提供，见下方“主要提供资料”原文）" in note
    assert (
        "主要提供资料（原文）：\r\n  提供2021年法治政府建设情况年度报告公布网址，包括所属乡镇和部门。" in note
    )
