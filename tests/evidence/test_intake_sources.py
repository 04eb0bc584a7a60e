"""``fzcj intake`` of a zip and of a folder alike: the same exclusions as the evidence walk, names garbled by
the office's own unzip read back (or listed, never guessed), and unit folders under a longer name.

Every intake runs through :func:`guarded_intake` (evidence/ checked before and after).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from archive_corpus import Member
from fzcj.data.workspace import Workspace, load
from fzcj.report.intake_receipt import receipt_text
from intake_helpers import Row, guarded_intake, intake_workspace, rows, write_zip

TASK = "061 行政执法公示"
RAR = b"Rar!\x1a\x07\x00"
SEVEN_Z = b"7z\xbc\xaf\x27\x1c\x00"


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return intake_workspace(tmp_path_factory.mktemp("sources") / "ws")


@pytest.fixture(scope="module")
def workspace(ws: Path) -> Workspace:
    return load(ws)


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    """A workspace of its own, for a test that stores files."""
    return intake_workspace(tmp_path / "ws")


def sent(where: Path, kind: str, *files: tuple[str, bytes]) -> Path:
    """What 滨河镇 sent, wrapped in 滨河镇报送材料/: a Windows zip (GBK names), or that folder unpacked."""
    wrapped = [(f"滨河镇报送材料/{name}", data) for name, data in files]
    if kind == "zip":
        return write_zip(where, "滨河镇报送材料.zip", *(Member(name, data=data) for name, data in wrapped))
    folder = where / f"{kind}-{os.urandom(4).hex()}"
    for name, data in wrapped:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return folder


# --- the walk's exclusions, for a zip and a folder ------------------------------------------------------------

EXCLUDED = {
    "requirements": (f"{TASK}/材料要求.txt", b"x", "已忽略", "材料要求说明是 fzcj 发出的"),
    "checklist": ("报送清单.docx", b"x", "已忽略", "报送清单和填报说明是 fzcj 发出的"),
    "guide": ("填报说明.txt", b"x", "已忽略", "报送清单和填报说明是 fzcj 发出的"),
    "shortcut": (f"{TASK}/1-公示.pdf - 快捷方式.lnk", b"L\0\0\0", "未收取", "快捷方式不是文件本身"),
    "rar": (f"{TASK}/附件.rar", RAR, "未收取", "RAR 压缩包无法读取"),
    "7z": (f"{TASK}/附件.7z", SEVEN_Z, "未收取", "7z 压缩包无法读取"),
    "misnumbered": (f"{TASK}/2-公示.pdf", b"x", "未收取", "任务 61 没有第2项材料"),
    "another task": (f"{TASK}/27.1-审查意见.pdf", b"x", "未收取", "“27.1”是任务 27 的材料编号"),
    "office lock": (f"{TASK}/~$公示.docx", b"x", "已忽略", "Office 打开文件时留下的临时锁定文件"),
    "thumbnails": (f"{TASK}/Thumbs.db", b"x", "已忽略", "Windows 缩略图缓存文件"),
}


@pytest.mark.parametrize("kind", ["zip", "folder"])
@pytest.mark.parametrize("case", sorted(EXCLUDED))
def test_what_the_walk_would_not_count_is_not_taken(
    ws: Path, workspace: Workspace, tmp_path: Path, kind: str, case: str
) -> None:
    name, data, outcome, reason = EXCLUDED[case]
    source = sent(tmp_path, kind, (f"{TASK}/1-公示.pdf", b"x"), (name, data))
    found = rows(guarded_intake(ws, source, workspace=workspace))
    assert (name, outcome, "", reason) in found
    assert (f"{TASK}/1-公示.pdf", "新收到", "61.1", "061/滨河镇/1-公示.pdf") in found


@pytest.mark.parametrize("kind", ["zip", "folder"])
def test_the_receipt_tells_the_unit_what_was_not_taken_and_why(
    fresh: Path, tmp_path: Path, kind: str
) -> None:
    source = sent(tmp_path, kind, (f"{TASK}/1-公示.pdf", b"x"), (EXCLUDED["shortcut"][0], b"L\0\0\0"))
    result = guarded_intake(fresh, source, apply=True)
    assert [i.source for i in result.items if i.outcome.stored] == [f"{TASK}/1-公示.pdf"]
    text = receipt_text(load(fresh).campaign, result)
    assert "本次收取文件 1 个" in text and "- 快捷方式.lnk" not in text.partition("以下文件未能收取")[0]
    assert f"{TASK}/1-公示.pdf - 快捷方式.lnk：快捷方式不是文件本身，未计入" in text


# --- names garbled by the office's own unzip --------------------------------------------------------------------


def garbled_folder(where: Path, *names: str) -> Path:
    """The folder Python's zipfile.extractall (or a naive unzip) makes of a Windows zip: cp437 mojibake."""
    for name in names:
        path = where / name.encode("gbk").decode("cp437")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(name.encode())
    return where


@pytest.mark.parametrize("unit", [None, "滨河镇"])
def test_a_folder_of_mojibake_names_is_filed_under_the_names_read_back(
    fresh: Path, tmp_path: Path, unit: str | None
) -> None:
    source = garbled_folder(
        tmp_path / "unz", f"滨河镇/{TASK}/执法公示情况.pdf", f"滨河镇/{TASK}/材料要求.txt"
    )
    result = guarded_intake(fresh, source, unit=unit, apply=True)
    assert [(i.outcome.label, i.destination) for i in result.items] == [
        ("新收到", "061/滨河镇/执法公示情况.pdf"),
        ("已忽略", None),
    ]
    assert result.unit == "滨河镇" and ("▒⌡║╙╒≥", "滨河镇") in result.recovered
    assert result.record is not None and "▒⌡║╙╒≥\t滨河镇" in (fresh / result.record).read_text("utf-8-sig")


def test_names_the_office_unzip_lost_are_listed_not_guessed_and_the_unit_is_not_blamed(
    ws: Path, tmp_path: Path
) -> None:
    """Debian's unzip of a zip marked as made on FAT: one name GB18030 reads as Greek, so none is read."""
    folder = os.fsencode(tmp_path / "deb" / "滨河镇报送材料")
    for raw in (b"061/\xa6\xbf--\xc3\xd5\xc1\xd1.pdf", b"061/\xa6\xa7\xa6\xcbi=.pdf", b"061/1-ok.pdf"):
        os.makedirs(os.path.dirname(folder + b"/" + raw), exist_ok=True)
        with open(folder + b"/" + raw, "wb") as handle:
            handle.write(b"x")
    result = guarded_intake(ws, Path(os.fsdecode(folder)))
    assert [(i.source, i.outcome.label, i.skip_kind) for i in result.items] == [
        ("061/1-ok.pdf", "新收到", None),
        ("061/\\xa6\\xa7\\xa6\\xcbi=.pdf", "未收取", "undecodable"),  # GB18030 reads Greek: Ηλi=
        ("061/\\xa6\\xbf--\\xc3\\xd5\\xc1\\xd1.pdf", "未收取", "undecodable"),  # and wrong Chinese: --谜裂
    ]
    reasons = {i.reason for i in result.items if i.skip_kind == "undecodable"}
    assert all("请改用 fzcj intake 直接收取那个压缩包" in r and "重新发送" not in r for r in reasons)
    text = receipt_text(load(ws).campaign, result)
    assert "另有 2 个文件的名称编码无法识别" in text and "\\xa6" not in text


# --- unit folders under a longer name ----------------------------------------------------------------------------


def preview(ws: Path, workspace: Workspace, *members: str, unit: str | None = None) -> list[Row]:
    return rows(
        guarded_intake(ws, write_zip(ws.parent, "滨河镇.zip", *members), workspace=workspace, unit=unit)
    )


def test_a_unit_folder_under_the_units_full_name_is_the_units_folder(ws: Path, workspace: Workspace) -> None:
    assert preview(ws, workspace, f"{TASK}/滨河镇人民政府/公示.pdf") == [
        (f"{TASK}/滨河镇人民政府/公示.pdf", "新收到", "61.1", "061/滨河镇/公示.pdf"),
    ]


def test_a_folder_naming_two_units_is_not_taken(ws: Path, workspace: Workspace) -> None:
    assert preview(ws, workspace, f"{TASK}/滨河镇、文昌镇/公示.pdf") == [
        (f"{TASK}/滨河镇、文昌镇/公示.pdf", "未收取", "", "文件夹“滨河镇、文昌镇”提到了滨河镇、文昌镇"),
    ]


def test_a_folder_naming_another_unit_than_the_one_given_is_not_taken(ws: Path, workspace: Workspace) -> None:
    assert preview(ws, workspace, f"{TASK}/文昌镇人民政府/公示.pdf", unit="滨河镇") == [
        (f"{TASK}/文昌镇人民政府/公示.pdf", "未收取", "", "位于文昌镇的文件夹中"),
    ]


def test_an_item_folder_that_mentions_a_unit_stays_an_item_folder(ws: Path, workspace: Workspace) -> None:
    folder = "027 合法性审核/区司法局"
    assert preview(ws, workspace, "027/2-区司法局审查意见/一.pdf", unit="区司法局") == [
        ("027/2-区司法局审查意见/一.pdf", "新收到", "27.2", f"{folder}/2-区司法局审查意见/一.pdf"),
    ]
