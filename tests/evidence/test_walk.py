"""The evidence walk on trees the corpus cannot hold: non-UTF-8 names, symlinks, special files, read errors.

Plus the pure name and link rules of :mod:`fzcj.filenames` and :mod:`fzcj.links` the walk relies on.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from evidence_helpers import (
    codes,
    failing_scandir,
    make_workspace,
    materials_by_id,
    problem_pairs,
    providers,
    put,
    status_json,
    tasks_by_id,
)
from fzcj.data.workspace import load
from fzcj.evidence.filenames import decode_name, is_junk, is_waiver, item_number, task_id_of_folder
from fzcj.evidence.links import check_links, link_fault, read_small_text, valid_url

T27 = "027 合法性审核"
J27 = f"{T27}/区司法局"
AS_OF = "2022-06-01"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws")


def complete_27(root: Path, folder: str = J27) -> None:
    put(root, f"{folder}/1-合法性审查情况说明.docx")
    for n in ("一", "二", "三"):
        put(root, f"{folder}/2-审查意见/审查意见{n}.pdf")


def severity_of(report: dict[str, Any], path: str, code: str) -> str:
    return next(p["severity"] for p in report["problems"] if p["path"] == path and p["code"] == code)


# -- names that are not UTF-8 ----------------------------------------------------------------------


def test_gbk_file_name_is_counted_and_reported(ws: Path) -> None:
    folder = ws / "evidence" / J27
    folder.mkdir(parents=True)
    gbk_path = os.path.join(os.fsencode(folder), "1-说明.pdf".encode("gbk"))
    with open(gbk_path, "wb") as handle:
        handle.write(b"pdf")
    report = status_json(ws, AS_OF)
    material = materials_by_id(report)["27.1"]
    assert material["status"] == "complete"
    assert material["file_count"] == 1
    assert (f"evidence/{J27}/1-说明.pdf", "non-utf8-name") in problem_pairs(report)
    message = next(p["message"] for p in report["problems"] if p["code"] == "non-utf8-name")
    assert "GBK" in message and "fzcj intake" in message and "unzip" not in message


def test_gbk_folder_names_are_read_as_gbk(ws: Path) -> None:
    """A whole zip extracted without -O GBK: task, unit and item folders all have GBK names."""
    evidence = os.fsencode(ws / "evidence")
    item = os.path.join(evidence, T27.encode("gbk"), "司法局".encode("gbk"), "2-审查意见".encode("gbk"))
    os.makedirs(item)
    for n in ("一", "二", "三"):
        with open(os.path.join(item, f"意见{n}.pdf".encode("gbk")), "wb") as handle:
            handle.write(b"pdf")
    report = status_json(ws, AS_OF)
    material = materials_by_id(report)["27.2"]
    assert material["status"] == "complete"
    assert material["file_count"] == 3
    flagged = {path for path, code in problem_pairs(report) if code == "non-utf8-name"}
    assert f"evidence/{T27}" in flagged
    assert f"evidence/{T27}/司法局" in flagged
    assert f"evidence/{T27}/司法局/2-审查意见/意见一.pdf" in flagged


def test_undecodable_name_does_not_crash(ws: Path) -> None:
    folder = ws / "evidence" / J27
    folder.mkdir(parents=True)
    with open(os.path.join(os.fsencode(folder), b"1-\xff\xfe\x80.pdf"), "wb") as handle:
        handle.write(b"pdf")
    report = status_json(ws, AS_OF)
    assert "non-utf8-name" in codes(report)
    assert materials_by_id(report)["27.1"]["status"] == "complete"


# -- symlinks and special files --------------------------------------------------------------------


def test_symlink_to_parent_folder_terminates(ws: Path) -> None:
    complete_27(ws)
    os.symlink("..", ws / "evidence" / J27 / "2-审查意见" / "上级")
    report = status_json(ws, AS_OF)
    assert materials_by_id(report)["27.2"]["file_count"] == 3
    assert tasks_by_id(report)["27"]["status"] == "complete"
    path = f"evidence/{J27}/2-审查意见/上级"
    assert (path, "symlink-loop") in problem_pairs(report)
    assert severity_of(report, path, "symlink-loop") == "warning"


def test_symlink_to_evidence_root_does_not_rewalk_the_tree(ws: Path) -> None:
    """A link back to evidence/ must not count the root's notes (or anything else) a second time."""
    complete_27(ws)
    put(ws, "说明.txt", "本文件夹存放创建材料")
    os.symlink("../../..", ws / "evidence" / J27 / "2-审查意见" / "根")
    report = status_json(ws, AS_OF)
    material = materials_by_id(report)["27.2"]
    assert material["file_count"] == 3
    assert all("根" not in f for p in material["providers"] for f in p["files"])
    assert (f"evidence/{J27}/2-审查意见/根", "symlink-loop") in problem_pairs(report)


def test_symlink_cycle_between_two_links(ws: Path) -> None:
    complete_27(ws)
    os.symlink("b", ws / "evidence" / J27 / "a")
    os.symlink("a", ws / "evidence" / J27 / "b")
    report = status_json(ws, AS_OF)
    assert tasks_by_id(report)["27"]["status"] == "complete"
    assert {
        (f"evidence/{J27}/a", "broken-symlink"),
        (f"evidence/{J27}/b", "broken-symlink"),
    } <= problem_pairs(report)


def test_symlink_outside_the_evidence_root_is_skipped(ws: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    (outside / "意见").mkdir(parents=True)
    (outside / "说明.docx").write_text("secret", "utf-8")
    for n in range(3):
        (outside / "意见" / f"{n}.pdf").write_text("x", "utf-8")
    folder = ws / "evidence" / J27
    folder.mkdir(parents=True)
    os.symlink(outside / "说明.docx", folder / "1-说明.docx")
    os.symlink(outside / "意见", folder / "2-审查意见")
    report = status_json(ws, AS_OF)
    assert tasks_by_id(report)["27"]["status"] == "not_started"
    pairs = problem_pairs(report)
    assert (f"evidence/{J27}/1-说明.docx", "symlink-outside") in pairs
    assert (f"evidence/{J27}/2-审查意见", "symlink-outside") in pairs


def test_symlink_inside_the_root_is_followed(ws: Path) -> None:
    put(ws, f"{J27}/1-合法性审查情况说明.docx")
    folder = ws / "evidence" / "030 后评估" / "区司法局"
    folder.mkdir(parents=True)
    os.symlink(f"../../{J27}/1-合法性审查情况说明.docx", folder / "说明.docx")
    report = status_json(ws, AS_OF)
    assert materials_by_id(report)["30.1"]["status"] == "complete"
    assert not problem_pairs(report, ("error", "warning"))


def test_symlinked_folder_of_another_task_is_followed(ws: Path) -> None:
    """A link to a folder elsewhere in the tree counts where it is, whichever task was read first."""
    complete_27(ws)
    folder = ws / "evidence" / "030 后评估" / "区司法局"
    folder.mkdir(parents=True)
    os.symlink(f"../../{J27}/2-审查意见", folder / "审查意见")
    report = status_json(ws, AS_OF)
    assert materials_by_id(report)["27.2"]["file_count"] == 3
    assert materials_by_id(report)["30.1"]["file_count"] == 3
    assert not problem_pairs(report, ("error", "warning"))


def test_symlink_to_a_task_folder_is_skipped(ws: Path) -> None:
    """A whole task folder linked into another task would be read as that task's units: skipped."""
    complete_27(ws)
    folder = ws / "evidence" / "030 后评估" / "区司法局"
    folder.mkdir(parents=True)
    os.symlink(f"../../{T27}", folder / "任务27")
    report = status_json(ws, AS_OF)
    assert ("evidence/030 后评估/区司法局/任务27", "symlink-loop") in problem_pairs(report)
    assert tasks_by_id(report)["30"]["status"] == "not_started"


@pytest.mark.parametrize("link", ["026 链接", "099 链接"])
def test_a_link_to_a_task_folder_at_the_top_never_hides_the_folder(ws: Path, link: str) -> None:
    """The link is the loop, whether its name sorts before or after the real task folder."""
    complete_27(ws)
    os.symlink(T27, ws / "evidence" / link)
    report = status_json(ws, AS_OF)
    assert tasks_by_id(report)["27"]["status"] == "complete"
    assert materials_by_id(report)["27.2"]["file_count"] == 3
    assert (f"evidence/{link}", "symlink-loop") in problem_pairs(report)
    assert (f"evidence/{T27}", "symlink-loop") not in problem_pairs(report)


def test_broken_symlink_and_fifo_are_reported(ws: Path) -> None:
    folder = ws / "evidence" / J27
    folder.mkdir(parents=True)
    os.symlink("不存在.pdf", folder / "1-说明.pdf")
    os.mkfifo(folder / "2-管道")
    report = status_json(ws, AS_OF)
    assert tasks_by_id(report)["27"]["status"] == "not_started"
    pairs = problem_pairs(report)
    assert (f"evidence/{J27}/1-说明.pdf", "broken-symlink") in pairs
    assert (f"evidence/{J27}/2-管道", "not-a-file") in pairs


# -- read errors -----------------------------------------------------------------------------------


def test_unreadable_folder_is_reported_and_the_rest_counted(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    complete_27(ws)
    put(ws, "030 后评估/区司法局/后评估情况说明.docx")
    failing_scandir(monkeypatch, f"{J27}/2-审查意见", PermissionError(errno.EACCES, "Permission denied"))
    report = status_json(ws, AS_OF)
    assert (f"evidence/{J27}/2-审查意见", "unreadable") in problem_pairs(report)
    materials = materials_by_id(report)
    assert materials["27.1"]["status"] == "complete"
    assert materials["27.2"]["status"] == "missing"
    assert materials["30.1"]["status"] == "complete"


def test_unreadable_evidence_root(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    complete_27(ws)
    failing_scandir(monkeypatch, "evidence", OSError(errno.EIO, "Input/output error"))
    report = status_json(ws, AS_OF)
    assert ("evidence", "unreadable") in problem_pairs(report)
    assert report["summary"]["not_started"] == 104
    assert "磁盘读写错误" in next(p["message"] for p in report["problems"] if p["code"] == "unreadable")


def test_unreadable_waiver_file(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    put(ws, "030 后评估/区司法局/不涉及.txt", "本年度无")
    real_open = os.open

    def fake_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if os.fsdecode(file).endswith("不涉及.txt"):
            raise PermissionError(errno.EACCES, "Permission denied", file)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)
    report = status_json(ws, AS_OF)
    assert ("evidence/030 后评估/区司法局/不涉及.txt", "unreadable") in problem_pairs(report)
    assert tasks_by_id(report)["30"]["status"] == "not_started"


def test_missing_evidence_folder(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws", evidence=False)
    report = status_json(root, AS_OF)
    assert problem_pairs(report) == {("evidence", "no-evidence-dir")}
    assert report["summary"]["not_started"] == 104


# -- attribution details the corpus does not show ------------------------------------------------


def test_item_folder_is_recursive_and_inner_numbers_do_not_matter(ws: Path) -> None:
    put(ws, f"{J27}/1-合法性审查情况说明.docx")
    put(ws, f"{J27}/2-审查意见/1-意见.pdf")
    put(ws, f"{J27}/2-审查意见/2021年/意见二.pdf")
    put(ws, f"{J27}/2-审查意见/2021年/下半年/意见三.pdf")
    report = status_json(ws, AS_OF)
    material = materials_by_id(report)["27.2"]
    assert (material["status"], material["file_count"]) == ("complete", 3)
    assert materials_by_id(report)["27.1"]["file_count"] == 1
    assert not problem_pairs(report, ("error", "warning"))


def test_waiver_inside_an_item_folder(ws: Path) -> None:
    put(ws, f"{J27}/1-合法性审查情况说明.docx")
    put(ws, f"{J27}/2-审查意见/不涉及.txt", "本年度未制定规范性文件")
    report = status_json(ws, AS_OF)
    material = materials_by_id(report)["27.2"]
    assert material["status"] == "waived"
    assert material["providers"][0]["waiver_reason"] == "本年度未制定规范性文件"
    assert tasks_by_id(report)["27"]["status"] == "complete"


def test_files_win_over_a_waiver(ws: Path) -> None:
    """A unit that waived and then filed the item after all counts as having submitted it."""
    put(ws, "030 后评估/区司法局/不涉及.txt", "本年度无")
    put(ws, "030 后评估/区司法局/后评估报告.docx")
    report = status_json(ws, AS_OF)
    material = materials_by_id(report)["30.1"]
    assert providers(material) == {"区司法局": "submitted"}
    assert material["providers"][0]["waiver_reason"] == "本年度无"  # the note is still shown
    assert material["status"] == "complete"


def test_a_note_covers_a_shortfall(ws: Path) -> None:
    """Two of “at least 3” review opinions plus a 不涉及 note explaining why: the item is done."""
    put(ws, f"{J27}/1-合法性审查情况说明.docx")
    put(ws, f"{J27}/2-审查意见/审查意见一.pdf")
    put(ws, f"{J27}/2-审查意见/审查意见二.pdf")
    put(ws, f"{J27}/2-不涉及.txt", "本年度仅审查 2 件规范性文件")
    report = status_json(ws, AS_OF)
    material = materials_by_id(report)["27.2"]
    assert (material["status"], material["file_count"]) == ("complete", 2)
    assert providers(material) == {"区司法局": "submitted"}
    assert tasks_by_id(report)["27"]["status"] == "complete"


def test_filing_after_a_waiver_never_lowers_the_status(ws: Path) -> None:
    """Found by the monotonicity property: a waived item must not fall back to partial on one file."""
    put(ws, f"{J27}/不涉及.txt", "本年度未制定规范性文件")
    assert tasks_by_id(status_json(ws, AS_OF))["27"]["status"] == "waived"
    put(ws, f"{J27}/2-审查意见/审查意见一.pdf")
    report = status_json(ws, AS_OF)
    assert materials_by_id(report)["27.2"]["status"] == "complete"
    assert tasks_by_id(report)["27"]["status"] == "complete"


def test_each_provider_note_covers_a_shortfall(tmp_path: Path) -> None:
    """The same for an each-provider item with a minimum (edited data: the real data has none)."""
    root = make_workspace(tmp_path / "own")
    indicators = root / "data" / "indicators.yaml"
    marker = "      - id: '61.1'\n"
    text = indicators.read_text("utf-8")
    assert text.count(marker) == 1
    indicators.write_text(text.replace(marker, marker + "        min: 2\n"), "utf-8")
    planned = load(root).plan.find("61")
    assert planned is not None
    for unit in planned.materials[0].providers:
        put(root, f"061 执法制度/{unit}/1-制度一.docx")
        put(root, f"061 执法制度/{unit}/1-制度二.docx", "" if unit == "香山乡" else "材料")
    assert materials_by_id(status_json(root, AS_OF))["61.1"]["status"] == "partial"
    put(root, "061 执法制度/香山乡/不涉及.txt", "本乡只有一项执法制度")
    assert materials_by_id(status_json(root, AS_OF))["61.1"]["status"] == "complete"


def test_listing_order_does_not_change_the_report(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Found by the order property: the first task folder and the winning note depended on the listing."""
    for folder in ("009 双随机一公开", "9-补充"):
        for n in range(1, 3):
            put(ws, f"{folder}/区政府办公室/2-抽查结果{folder[:1]}{n}.pdf")
    put(ws, "030 后评估/区司法局/不涉及.txt", "理由甲")
    put(ws, "030 后评估/司法局/不涉及.txt", "理由乙")
    normal = status_json(ws, AS_OF)
    real = os.scandir

    class Reversed:
        def __init__(self, path: Any) -> None:
            with real(path) as it:
                self.entries = sorted(it, key=lambda e: e.name, reverse=True)

        def __enter__(self) -> list[os.DirEntry[str]]:
            return self.entries

        def __exit__(self, *exc: object) -> None:
            return None

    monkeypatch.setattr(os, "scandir", Reversed)
    assert status_json(ws, AS_OF) == normal
    assert ("evidence/009 双随机一公开", "over-max") in problem_pairs(normal)


def test_two_folders_of_one_unit_are_merged(ws: Path) -> None:
    put(ws, f"{J27}/1-合法性审查情况说明.docx")
    put(ws, f"{T27}/司法局/2-审查意见/一.pdf")
    put(ws, f"{T27}/区司法局/2-审查意见/二.pdf")
    put(ws, f"{T27}/司法 局/2/三.pdf")
    report = status_json(ws, AS_OF)
    material = materials_by_id(report)["27.2"]
    assert (material["status"], material["file_count"]) == ("complete", 3)


def test_waiver_reason_and_files_in_json(ws: Path) -> None:
    put(ws, "030 后评估/区司法局/不涉及.txt", "\ufeff  本年度没有需要评估的文件  \n")
    put(ws, f"{J27}/1-合法性审查情况说明.docx")
    report = status_json(ws, AS_OF)
    (provider,) = materials_by_id(report)["30.1"]["providers"]
    assert provider == {
        "unit": "区司法局",
        "status": "waived",
        "files": [],
        "file_count": 0,
        "received": [],
        "waiver_reason": "本年度没有需要评估的文件",
    }
    (provider,) = materials_by_id(report)["27.1"]["providers"]
    assert provider["files"] == [f"{J27}/1-合法性审查情况说明.docx"]
    assert "waiver_reason" not in provider


def test_requirements_note_is_never_evidence(ws: Path) -> None:
    put(ws, "030 后评估/区司法局/材料要求.txt", "区司法局 需在本文件夹提供：……")
    put(ws, f"{J27}/材料要求.txt", "……")
    report = status_json(ws, AS_OF)
    assert tasks_by_id(report)["30"]["status"] == "not_started"
    assert tasks_by_id(report)["27"]["status"] == "not_started"
    assert report["problems"] == []


# -- the name rules --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "number"),
    [
        ("1-说明.docx", 1),
        ("2_方案.pdf", 2),
        ("3.总结.pdf", 3),
        ("4、台账.xlsx", 4),
        ("5 照片.jpg", 5),
        ("6—通知.pdf", 6),
        ("１-说明.pdf", 1),
        ("（1）说明.pdf", 1),
        ("(2)说明.pdf", 2),
        ("（１２）说明.pdf", 12),
        ("1\u3000说明.pdf", 1),
        ("2．说明.pdf", 2),
        ("2", 2),
        ("2-审查意见", 2),
        ("3.pdf", 3),
        ("说明.docx", None),
        ("2022年工作总结.pdf", None),
        ("2022.6.1 会议纪要.pdf", None),
        ("20220601-会议纪要.pdf", None),
        ("12345-编号.pdf", None),
        ("1号文件.pdf", None),
    ],
)
def test_item_number(name: str, number: int | None) -> None:
    assert item_number(name) == number


@pytest.mark.parametrize(
    ("name", "task_id"),
    [
        ("027 行政规范性文件合法性审核", "27"),
        ("27", "27"),
        ("０２７ 标题", "27"),
        ("加1 法治政府建设", "加1"),
        ("加１", "加1"),
        ("否2未编造材料", "否2"),
        ("b1", "B1"),
        ("100-组织领导", "100"),
        ("其他材料", None),
    ],
)
def test_task_id_of_folder(name: str, task_id: str | None) -> None:
    assert task_id_of_folder(name) == task_id


@pytest.mark.parametrize(
    ("name", "junk"),
    [
        ("~$说明.docx", True),
        ("~WRL0001.tmp", True),
        ("~WRD0000.tmp", True),
        ("8A3F2B1C.TMP", True),
        ("说明.docx.tmp", True),
        ("~备份", False),
        ("~2-说明.xlsx", False),
        ("Thumbs.db", True),
        ("thumbs.db", True),
        ("desktop.ini", True),
        ("Desktop.ini", True),
        (".DS_Store", True),
        ("._说明.pdf", True),
        (".hidden", True),
        ("说明.docx", False),
        ("1-~说明.docx", False),
    ],
)
def test_is_junk(name: str, junk: bool) -> None:
    assert is_junk(name) is junk


@pytest.mark.parametrize(
    ("name", "waiver"),
    [
        ("不涉及.txt", True),
        ("不涉及", True),
        ("2-不涉及.txt", True),
        ("（2）不涉及.md", True),
        ("不涉及说明.txt", True),
        ("不涉及.TXT", True),
        ("说明不涉及.txt", False),
        ("不涉及.pdf", False),
    ],
)
def test_is_waiver(name: str, waiver: bool) -> None:
    assert is_waiver(name) is waiver


def test_decode_name() -> None:
    assert decode_name("说明.pdf").raw_encoding is None
    gbk = os.fsdecode("说明.pdf".encode("gbk"))
    decoded = decode_name(gbk)
    assert (decoded.text, decoded.raw_encoding) == ("说明.pdf", "GBK")


@pytest.mark.parametrize(
    ("text", "suffix", "valid", "malformed"),
    [
        ("[InternetShortcut]\r\nURL=https://www.spt.gov.cn/a\r\n", ".url", ["https://www.spt.gov.cn/a"], []),
        ("[InternetShortcut]\nURL=htps://www.spt.gov.cn\n", ".url", [], ["htps://www.spt.gov.cn"]),
        ("网址：https://www.spt.gov.cn/x。", ".txt", ["https://www.spt.gov.cn/x"], []),
        ("（https://www.spt.gov.cn/x）", ".txt", ["https://www.spt.gov.cn/x"], []),
        ("[专栏](https://www.spt.gov.cn/x)", ".md", ["https://www.spt.gov.cn/x"], []),
        ("www.spt.gov.cn/x", ".txt", [], ["www.spt.gov.cn/x"]),
        ("ftp://files.spt.gov.cn/x", ".txt", [], ["ftp://files.spt.gov.cn/x"]),
        ("http://localhost:8080/", ".txt", ["http://localhost:8080/"], []),
        ("http://intranet/", ".txt", [], ["http://intranet/"]),
        ("见附件", ".txt", [], []),
    ],
)
def test_check_links(text: str, suffix: str, valid: list[str], malformed: list[str]) -> None:
    links = check_links(text, suffix)
    assert (links.valid, links.malformed) == (valid, malformed)


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("htps://www.spt.gov.cn", "应以 http:// 或 https:// 开头"),
        ("www.spt.gov.cn/x", "应以 http:// 或 https:// 开头"),
        ("https://www.spt.gov.cn/专栏 一", "网址中间不能有空格"),
        ("http://localhost:99999/", "端口号应在 1–65535 之间"),
        ("http://intranet/", "“//”后应是网站域名"),
    ],
)
def test_a_malformed_link_says_what_is_wrong_with_it(url: str, says: str) -> None:
    assert not valid_url(url)
    assert link_fault(url) == says or link_fault(url).startswith(says)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "utf-16"])
def test_read_small_text(encoding: str) -> None:
    assert read_small_text("本单位不涉及".encode(encoding)).strip("\ufeff") == "本单位不涉及"


# -- decisions made after review -------------------------------------------------------------------


def test_gbk_name_is_a_warning_because_the_file_still_counts(ws: Path) -> None:
    folder = ws / "evidence" / J27
    folder.mkdir(parents=True)
    with open(os.path.join(os.fsencode(folder), "1-说明.pdf".encode("gbk")), "wb") as handle:
        handle.write(b"pdf")
    report = status_json(ws, AS_OF)
    assert severity_of(report, f"evidence/{J27}/1-说明.pdf", "non-utf8-name") == "warning"


def test_waiver_written_in_word_is_reported_not_counted(ws: Path) -> None:
    """不涉及.docx cannot be read for a reason: it is neither a waiver nor evidence."""
    put(ws, "030 后评估/区司法局/不涉及.docx", "本年度无")
    report = status_json(ws, AS_OF)
    assert ("evidence/030 后评估/区司法局/不涉及.docx", "waiver-not-text") in problem_pairs(report)
    assert tasks_by_id(report)["30"]["status"] == "not_started"


def test_file_that_only_mentions_the_waiver_word_is_evidence(ws: Path) -> None:
    """A single-item unit's “关于不涉及事项的说明.pdf” is ordinary evidence, not a waiver."""
    put(ws, "030 后评估/区司法局/关于不涉及事项的说明.pdf", "pdf")
    report = status_json(ws, AS_OF)
    assert tasks_by_id(report)["30"]["status"] == "complete"


def test_only_invalid_link_files_mean_the_task_has_started(ws: Path) -> None:
    """Files were filed (none valid): the task is in progress, and the file is listed."""
    put(ws, "033 平台/区政府办公室/网址.txt", "www.example.gov.cn")
    report = status_json(ws, AS_OF)
    assert tasks_by_id(report)["33"]["status"] == "in_progress"
    assert any(code == "bad-link" for _, code in problem_pairs(report))


def test_link_file_suffix_is_case_insensitive(ws: Path) -> None:
    """Windows writes “网址.URL” as often as “网址.url”; the walk reads both as link files."""
    put(ws, "033 平台/区政府办公室/网址.URL", "[InternetShortcut]\r\nURL=https://www.spt.gov.cn/gfxwj\r\n")
    report = status_json(ws, AS_OF)
    assert tasks_by_id(report)["33"]["status"] == "complete"


def test_empty_link_file_is_an_empty_file(ws: Path) -> None:
    put(ws, "033 平台/区政府办公室/网址.url", "")
    report = status_json(ws, AS_OF)
    assert ("evidence/033 平台/区政府办公室/网址.url", "empty-file") in problem_pairs(report)
    assert tasks_by_id(report)["33"]["status"] == "not_started"


def test_text_file_in_a_document_item_is_ordinary_evidence(ws: Path) -> None:
    """A .txt file is read in case it lists links; in a document item it simply counts as a file."""
    put(ws, "030 后评估/区司法局/后评估情况说明.txt", "情况说明")
    put(ws, "030 后评估/区司法局/空白.txt", "")
    report = status_json(ws, AS_OF)
    assert tasks_by_id(report)["30"]["status"] == "complete"
    assert ("evidence/030 后评估/区司法局/空白.txt", "empty-file") in problem_pairs(report)


def test_unreadable_link_file(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A link file that cannot be opened is reported once and not counted; the walk carries on."""
    put(ws, "033 平台/区政府办公室/网址.url", "[InternetShortcut]\r\nURL=https://www.spt.gov.cn/a\r\n")
    put(ws, "030 后评估/区司法局/后评估情况说明.docx")
    real_open = os.open

    def fake_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if os.fsdecode(file).endswith("网址.url"):
            raise PermissionError(errno.EACCES, "Permission denied", file)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)
    report = status_json(ws, AS_OF)
    unreadable = [p for p in report["problems"] if p["code"] == "unreadable"]
    assert [p["path"] for p in unreadable] == ["evidence/033 平台/区政府办公室/网址.url"]
    assert "没有权限" in unreadable[0]["message"]
    assert tasks_by_id(report)["33"]["status"] == "in_progress"
    assert tasks_by_id(report)["30"]["status"] == "complete"


def test_file_named_by_the_full_material_id_counts_for_that_item(ws: Path) -> None:
    """“27.2-审查意见一.pdf” is item 2 of task 27, as “2-审查意见一.pdf” would be."""
    put(ws, f"{J27}/27.1-合法性审查情况说明.docx")
    for n in ("一", "二", "三"):
        put(ws, f"{J27}/27.2-审查意见{n}.pdf")
    report = status_json(ws, AS_OF)
    assert tasks_by_id(report)["27"]["status"] == "complete"
    assert not {code for _, code in problem_pairs(report)} & {"unknown-item", "unnumbered-file"}


def test_unit_folder_may_use_the_units_full_name(ws: Path) -> None:
    """区公安分局's full name in units.yaml (中卫市公安局沙坡头区分局) works as a folder name."""
    put(ws, "060 法制审核/中卫市公安局沙坡头区分局/1-说明.pdf")
    report = status_json(ws, AS_OF)
    assert not any(code == "unknown-unit-folder" for _, code in problem_pairs(report))


def test_full_material_id_wins_where_the_task_number_is_also_an_item_number(ws: Path) -> None:
    """Task 1 has items 1–4: “1.2-清单.pdf” is item 2 (material 1.2), not item 1."""
    put(ws, "001 审批服务/区政府办公室/1.2-清单.pdf")
    report = status_json(ws, AS_OF)
    assert materials_by_id(report)["1.2"]["file_count"] == 1
    assert materials_by_id(report)["1.1"]["file_count"] == 0


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("28.1-说明.docx", "“28.1”是任务 28 的材料编号，未计入：任务 28 与任务 27 合并提供材料"),
        ("30.1-后评估.pdf", "“30.1”是任务 30 的材料编号，未计入：应放入任务30的文件夹"),
        ("27-2 审查意见.pdf", "若指材料 27.2，请写成“27.2-…”或“2-…”"),
        ("5-其他.pdf", "任务 27 没有第5项材料，未计入（区司法局 在本任务需提供：第1项、第2项"),
    ],
)
def test_a_wrong_item_number_says_what_to_write(ws: Path, name: str, says: str) -> None:
    put(ws, f"{J27}/{name}")
    report = status_json(ws, AS_OF)
    messages = [p["message"] for p in report["problems"] if p["path"] == f"evidence/{J27}/{name}"]
    assert len(messages) == 1 and says in messages[0], messages
    assert materials_by_id(report)["27.1"]["file_count"] == 0


def test_two_folders_of_one_task_are_both_counted_and_flagged(ws: Path) -> None:
    put(ws, "27/区司法局/1-说明.docx")
    for n in ("一", "二", "三"):
        put(ws, f"{J27}/2-审查意见/审查意见{n}.pdf")
    report = status_json(ws, AS_OF)
    assert tasks_by_id(report)["27"]["status"] == "complete"
    assert ("evidence/27", "duplicate-task-folder") in problem_pairs(report)  # the second by name
    assert severity_of(report, "evidence/27", "duplicate-task-folder") == "warning"
    message = next(p["message"] for p in report["problems"] if p["code"] == "duplicate-task-folder")
    assert f"已有文件夹「{T27}」" in message
