"""``fzcj package``: the assessors' package from a small tree, as a folder and as a zip."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from evidence_helpers import invoke, snapshot_tree, status_json, walk_files
from fzcj import api
from fzcj.errors import FzcjError, UsageError
from fzcj.report import package_output
from fzcj.report.package_layout import PATH_LIMIT, width
from package_helpers import AS_OF, BROKEN, COUNTED, LONG, PDF, build_tree

DAY = dt.date.fromisoformat(AS_OF)
T27 = "02 二、依法行政制度体系完善/3.加强行政规范性文件监督管理/027 行政规范性文件没有增加法律、法规规定之…"


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tree(tmp_path_factory.mktemp("package") / "ws")


@pytest.fixture(scope="module")
def folder(tree: Path) -> tuple[Path, Any]:
    out = tree.parent / "迎检材料"
    return out, api.package(tree, out, DAY)


@pytest.fixture(scope="module")
def archive(tree: Path) -> tuple[Path, Any]:
    out = tree.parent / "迎检材料.zip"
    return out, api.package(tree, out, DAY)


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in walk_files(root)}


# ── layout and names ──────────────────────────────────────────────────────────────────────────────


def test_files_are_filed_by_indicator_task_and_item_with_the_unit_in_front(folder: tuple[Path, Any]) -> None:
    files = _files(folder[0])
    assert f"{T27}/27.1 合并提供：对涉及公民、企业权利义务的行…/区司法局-合法性审查情况说明.docx" in files
    item = f"{T27}/27.2 任选3-5个合法性审查意见"
    assert f"{item}/区司法局-审查意见-审查意见一.pdf" in files
    assert f"{item}/区司法局-审查意见-审查意见二.jpg" in files


def test_names_that_differ_only_in_case_get_numbers(folder: tuple[Path, Any]) -> None:
    item = f"{T27}/27.2 任选3-5个合法性审查意见"
    names = {n for n in _files(folder[0]) if n.startswith(item)}
    assert f"{item}/区司法局-审查意见-SHEN.pdf" in names
    assert f"{item}/区司法局-审查意见-shen（2）.PDF" in names


def test_a_long_name_is_cut_so_that_the_path_stays_under_200_characters(folder: tuple[Path, Any]) -> None:
    files = _files(folder[0])
    cut = [f for f in files if "关于行政规范性文件" in f]
    assert len(cut) == 1 and cut[0].endswith("….pdf") and LONG not in cut[0]
    assert all(width(f) <= PATH_LIMIT for f in files)
    assert all(len(part.encode()) <= 255 for f in files for part in f.split("/"))


def test_only_counted_files_go_in_with_the_notes_and_the_catalogue(folder: tuple[Path, Any]) -> None:
    files = _files(folder[0])
    evidence = [f for f in files if f.rpartition("/")[2].startswith("区")]
    assert len(evidence) == len(COUNTED)
    assert not any(word in f for f in files for word in ("材料要求", "~$", "会议照片", "网页截图", "待分类"))
    assert {"目录.docx", "目录.xlsx", "SHA256SUMS"} <= files


def test_a_file_failing_the_content_check_is_left_out_and_marked(folder: tuple[Path, Any]) -> None:
    out, result = folder
    assert not any("后评估情况说明" in f for f in _files(out))
    assert result.damaged == 1
    rows = [r for r in result.catalogue.rows if r.mark == "损坏"]
    assert [r.path for r in rows] == [BROKEN] and "PDF" in rows[0].detail


def test_a_waived_item_gets_one_note_with_the_reasons(folder: tuple[Path, Any]) -> None:
    out, _ = folder
    notes = [f for f in _files(out) if f.endswith("不涉及说明.txt")]
    assert len(notes) == 1 and "/015 " in notes[0]
    text = (out / notes[0]).read_bytes().decode("utf-8-sig")
    assert "区财政局（不涉及）：本单位未发生因政府规划调整造成企业合法权益受损的情形。" in text
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")  # Notepad's line ends


def test_a_task_sharing_materials_gets_one_line_pointing_to_the_owner(folder: tuple[Path, Any]) -> None:
    out, _ = folder
    notes = sorted(f for f in _files(out) if f.endswith("见任务27.txt"))
    assert len(notes) == 2  # tasks 28 and 29
    line = (out / notes[0]).read_bytes().decode("utf-8-sig")
    assert line.startswith("任务28与任务27合并提供材料") and line.count("\r\n") == 1
    assert "027 行政规范性文件没有增加法律" in line


def test_a_file_whose_name_is_gbk_on_disk_is_copied_under_its_chinese_name(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "ws")
    folder = root / "evidence" / "030 后评估" / "区司法局"
    raw = os.fsencode(folder) + b"/" + "评估报告.pdf".encode("gbk")  # as unzip leaves a Windows zip's names
    with open(raw, "wb") as handle:
        handle.write(PDF)
    api.package(root, tmp_path / "out", DAY)
    copied = [p for p in walk_files(tmp_path / "out") if p.name.endswith("评估报告.pdf")]
    assert [p.name for p in copied] == ["区司法局-评估报告.pdf"] and copied[0].read_bytes() == PDF


# ── the catalogue and the sums ────────────────────────────────────────────────────────────────────


def test_catalogue_agrees_with_status_json(tree: Path, folder: tuple[Path, Any]) -> None:
    report = status_json(tree, AS_OF)
    _, result = folder
    materials = [m for t in report["tasks"] for m in t["materials"]]
    open_items = [m for m in materials if m["status"] in ("missing", "partial")]
    missing_rows = [r for r in result.catalogue.rows if r.mark == "缺"]
    assert len(missing_rows) == len(open_items) == result.missing_items
    assert {r.material.id for r in missing_rows} == {m["id"] for m in open_items}
    counted = sum(p["file_count"] for m in materials for p in m["providers"])
    assert result.files == counted - result.damaged
    totals = result.catalogue.totals
    assert totals.tasks == report["summary"]["total"] and totals.materials == len(materials)


def test_catalogue_files_list_every_file_with_unit_size_and_path(folder: tuple[Path, Any]) -> None:
    out, result = folder
    rows = [r for r in result.catalogue.rows if not r.mark]
    assert {r.path for r in rows} == {f for f in _files(out) if f.rpartition("/")[2].startswith("区")}
    for row in rows:
        assert row.size == (out / row.path).stat().st_size and row.unit and row.material is not None


def test_catalogue_workbook_and_document_list_the_same_rows(folder: tuple[Path, Any]) -> None:
    out, result = folder
    sheet = load_workbook(out / "目录.xlsx")["目录"]
    marks = [row[10] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert len(marks) == len(result.catalogue.rows) and marks.count("缺") == result.missing_items
    table = Document(str(out / "目录.docx")).tables[0]
    texts = [cell.text for row in table.rows for cell in row.cells]
    assert texts.count("缺") == result.missing_items
    assert "损坏（未收入）" in texts and "区司法局-审查意见-审查意见一.pdf" in texts


def test_sha256sums_match_every_file_in_sha256sum_format(folder: tuple[Path, Any]) -> None:
    out, _ = folder
    lines = (out / "SHA256SUMS").read_text("utf-8").splitlines()
    listed = {}
    for line in lines:
        digest, sep, path = line.partition("  ")
        assert sep and len(digest) == 64
        listed[path] = digest
    assert set(listed) == _files(out) - {"SHA256SUMS"}
    for path, digest in listed.items():
        assert hashlib.sha256((out / path).read_bytes()).hexdigest() == digest


# ── the zip ───────────────────────────────────────────────────────────────────────────────────────


def test_zip_holds_the_same_files_as_the_folder(folder: tuple[Path, Any], archive: tuple[Path, Any]) -> None:
    with zipfile.ZipFile(archive[0]) as zf:
        names = zf.namelist()
        assert set(names) == _files(folder[0])
        sums = zf.read("SHA256SUMS").decode()
        for line in sums.splitlines():
            digest, _, path = line.partition("  ")
            assert hashlib.sha256(zf.read(path)).hexdigest() == digest


def test_zip_names_are_utf8_flagged_times_fixed_and_compressed_files_stored(
    archive: tuple[Path, Any],
) -> None:
    with zipfile.ZipFile(archive[0]) as zf:
        for info in zf.infolist():
            assert info.date_time == (2022, 6, 15, 0, 0, 0)
            if not info.filename.isascii():
                assert info.flag_bits & 0x800
            stored = info.filename.lower().endswith((".pdf", ".jpg", ".docx", ".xlsx"))
            assert info.compress_type == (zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)


def test_a_second_run_gives_the_same_zip_bytes(tree: Path, archive: tuple[Path, Any]) -> None:
    again = tree.parent / "again.zip"
    api.package(tree, again, DAY)
    assert again.read_bytes() == archive[0].read_bytes()


def test_large_files_are_streamed_and_judged_by_their_ends_alike(
    tree: Path, archive: tuple[Path, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(package_output, "WHOLE", 16)  # every file counts as large
    streamed = tree.parent / "streamed.zip"
    result = api.package(tree, streamed, DAY)
    assert streamed.read_bytes() == archive[0].read_bytes() and result.damaged == 1


def test_progress_counts_up_to_the_bytes_in_all(tree: Path) -> None:
    calls: list[tuple[int, int]] = []
    api.package(
        tree, tree.parent / "progress.zip", DAY, progress=lambda done, total: calls.append((done, total))
    )
    total = calls[0][1]
    assert calls[0] == (0, total) and calls[-1] == (total, total) and len(calls) == len(COUNTED) + 2
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_gbk_zip_names_read_back_with_the_system_code_page(tree: Path) -> None:
    out = tree.parent / "gbk.zip"
    api.package(tree, out, DAY, gbk=True)
    with zipfile.ZipFile(out) as zf:
        infos = zf.infolist()
    assert not any(info.flag_bits & 0x800 for info in infos)
    names = {info.filename.encode("cp437").decode("gbk") for info in infos}
    assert f"{T27}/27.2 任选3-5个合法性审查意见/区司法局-审查意见-审查意见一.pdf" in names


# ── safety ────────────────────────────────────────────────────────────────────────────────────────


def test_evidence_is_untouched(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "ws")
    before = snapshot_tree(root / "evidence")
    api.package(root, tmp_path / "out.zip", DAY)
    api.package(root, tmp_path / "out", DAY)
    assert snapshot_tree(root / "evidence") == before


@pytest.mark.parametrize("zipped", [False, True], ids=["folder", "zip"])
def test_an_interrupted_run_leaves_no_half_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, zipped: bool
) -> None:
    root = build_tree(tmp_path / "ws")
    real_copy = package_output.Source.copy
    copies = []

    def copy_then_interrupted(self: Any, *args: Any) -> Any:
        copies.append(self.name)
        if len(copies) == 3:
            raise KeyboardInterrupt  # Ctrl-C (or a kill) in the middle of the copying
        return real_copy(self, *args)

    monkeypatch.setattr(package_output.Source, "copy", copy_then_interrupted)
    out = tmp_path / ("out.zip" if zipped else "out")
    with pytest.raises(KeyboardInterrupt):
        api.package(root, out, DAY)
    assert len(copies) >= 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ws"]


KILLED_IN_THE_MIDDLE = """
import datetime as dt, sys, time
from pathlib import Path
from fzcj import api
from fzcj.report import package_output

real = package_output.Source.copy

def copy(self, *args):
    Path(sys.argv[3]).touch()  # the parent kills us now
    time.sleep(60)
    return real(self, *args)

package_output.Source.copy = copy
api.package(Path(sys.argv[1]), Path(sys.argv[2]), dt.date(2022, 6, 15))
"""


def test_a_killed_run_leaves_a_hidden_folder_that_a_later_run_removes(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "ws")
    out, marker = tmp_path / "out", tmp_path / "copying"
    run = subprocess.Popen([sys.executable, "-c", KILLED_IN_THE_MIDDLE, str(root), str(out), str(marker)])
    deadline = time.monotonic() + 30
    while not marker.exists() and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    run.kill()  # SIGKILL: no handler runs, the temporary folder stays
    run.wait()
    left = [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]
    assert marker.exists() and len(left) == 1 and left[0].name.endswith(".tmp") and not out.exists()
    api.package(root, out, DAY)  # minutes later: someone else's run could still be going
    assert left[0].exists()
    then = time.time() - 20 * 60
    os.utime(left[0], (then, then))
    api.package(root, out, DAY, force=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copying", "out", "ws"]


def test_an_existing_package_is_replaced_only_with_force(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "ws")
    out = tmp_path / "out"
    api.package(root, out, DAY)
    (out / "旧文件.txt").write_text("上次的")
    refused = invoke("package", "--root", str(root), "-o", str(out), "--as-of", AS_OF)
    assert refused.exit_code == 1 and "--force" in refused.stderr  # a refusal, not a failure to write
    api.package(root, out, DAY, force=True)
    assert not (out / "旧文件.txt").exists() and (out / "SHA256SUMS").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "ws"]


def test_a_folder_holding_other_things_is_never_replaced(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "ws")
    out = tmp_path / "我的文档"
    out.mkdir()
    (out / "重要.docx").write_text("不能删")
    with pytest.raises(FzcjError, match="不是 fzcj 生成的"):
        api.package(root, out, DAY, force=True)
    assert (out / "重要.docx").read_text() == "不能删"


@pytest.mark.parametrize("where", ["evidence", "evidence/027 合法性审核/包", "."])
def test_output_in_or_around_the_evidence_folder_is_refused(tree: Path, where: str) -> None:
    with pytest.raises(UsageError, match="证据文件夹"):
        api.package(tree, tree / where, DAY)


def test_command_prints_a_summary(tree: Path) -> None:
    out = tree.parent / "cli.zip"
    result = invoke("package", "--root", str(tree), "-o", str(out), "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert f"收入文件 {len(COUNTED)} 个" in result.stdout and "标“缺”的材料" in result.stdout
    assert "内容损坏未收入 1 个文件" in result.stdout


def test_catalogue_document_groups_rows_by_indicator_and_task(folder: tuple[Path, Any]) -> None:
    from docx.oxml.ns import qn

    out, result = folder
    doc = Document(str(out / "目录.docx"))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    rows = doc.tables[0]._tbl.tr_lst
    assert rows[0].trPr.find(qn("w:tblHeader")) is not None
    groups = [r for r in rows if r.find(f".//{qn('w:gridSpan')}") is not None]
    sections = {(r.task.level1, r.task.level2) for r in result.catalogue.rows}
    tasks = {r.task.id for r in result.catalogue.rows}
    assert len(groups) == len(sections) + len(tasks)
    assert len(rows) == 1 + len(groups) + len(result.catalogue.rows)
    fonts = [f.get(qn("w:eastAsia")) for r in rows for f in r.iter(qn("w:rFonts"))]
    assert fonts and None not in fonts


# ── the 目录's dates and pages, and -o that names another kind of file ───────────────────────────


def _three_pages() -> bytes:
    kids = " ".join(f"{n} 0 R" for n in (3, 4, 5))
    pages = "".join(f"{n} 0 obj\n<</Type/Page/Parent 2 0 R>>\nendobj\n" for n in (3, 4, 5))
    return (
        "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        f"2 0 obj\n<< /Type /Pages /Kids [{kids}] /Count 3 >>\nendobj\n{pages}"
        "xref\n0 1\ntrailer\n<< /Root 1 0 R >>\nstartxref\n9\n%%EOF\n"
    ).encode()


def test_catalogue_gives_each_file_its_date_and_a_pdfs_pages(tmp_path: Path) -> None:
    """The day intake received a file, else its modification day said as such; pages where certain."""
    from evidence_helpers import make_workspace, put

    root = make_workspace(tmp_path / "ws")
    received = put(root, "030 后评估/区司法局/后评估报告.pdf", _three_pages())
    by_hand = put(
        root,
        "027 合法性审核/区司法局/1-情况说明.docx",
        COUNTED["027 合法性审核/区司法局/1-合法性审查情况说明.docx"],
    )
    os.utime(by_hand, (time.mktime((2022, 5, 20, 12, 0, 0, 0, 0, -1)),) * 2)
    (root / "intake").mkdir()
    (root / "intake" / "2022-06-10 区司法局 收件记录.txt").write_text(
        "fzcj 收件记录\n收件时间：2022-06-10 09:30:00\n\n"
        f"新收到\t{'0' * 64}\tevidence/{received.relative_to(root / 'evidence').as_posix()}\t后评估报告.pdf\n",
        "utf-8",
    )
    out = tmp_path / "包"
    rows = {r.name: r for r in api.package(root, out, DAY).catalogue.rows if r.name}
    pdf, word = rows["区司法局-后评估报告.pdf"], rows["区司法局-情况说明.docx"]
    assert (pdf.date, pdf.dated, pdf.pages) == (dt.date(2022, 6, 10), "收到", 3)
    assert (word.date, word.dated, word.pages) == (dt.date(2022, 5, 20), "修改", None)
    table = Document(str(out / "目录.docx")).tables[0]
    assert [c.text for c in table.rows[0].cells] == [
        "材料",
        "提供单位",
        "文件（材料包中的文件名）或说明",
        "日期",
        "页数",
        "标记",
    ]
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert ["30.1", "区司法局", "区司法局-后评估报告.pdf", "2022.6.10", "3", ""] in cells
    assert ["27.1", "区司法局", "区司法局-情况说明.docx", "2022.5.20\n（修改）", "", ""] in cells
    sheet = load_workbook(out / "目录.xlsx")["目录"]
    header = [c.value for c in sheet[2]]
    found = {r[header.index("文件名")]: r for r in sheet.iter_rows(min_row=3, values_only=True)}
    row = found["区司法局-情况说明.docx"]
    assert (row[header.index("日期")].date(), row[header.index("日期说明")]) == (
        dt.date(2022, 5, 20),
        "文件修改日期",
    )
    assert found["区司法局-后评估报告.pdf"][header.index("页数")] == 3


@pytest.mark.parametrize("name", ["迎检材料.rar", "迎检材料.7z", "迎检材料.docx"])
def test_output_named_like_another_kind_of_file_is_a_usage_error(tree: Path, name: str) -> None:
    result = invoke("package", "--root", str(tree), "--as-of", AS_OF, "-o", str(tree.parent / name))
    assert result.exit_code == 2 and "只有以 .zip 结尾时才生成压缩包" in result.stderr
    assert f"-o {tree.parent / '迎检材料'}" in result.stderr and not (tree.parent / name).exists()


def test_a_folder_name_with_a_dot_and_digits_is_still_a_folder(tree: Path) -> None:
    result = api.package(tree, tree.parent / "迎检材料.2022", DAY)
    assert not result.zipped and (tree.parent / "迎检材料.2022" / "SHA256SUMS").is_file()
