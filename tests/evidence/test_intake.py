"""``fzcj intake`` previews: a corpus of zips as units' PCs make them, each with its expected preview table.

The zips are built in code (:mod:`archive_corpus`). Every intake runs through :func:`guarded_intake`, which
checks evidence/ before and after: a preview changes nothing at all.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from archive_corpus import Member, make_zip
from fzcj.data.workspace import Workspace, load
from fzcj.errors import UsageError
from fzcj.evidence.intake import units_named_in
from fzcj.evidence.scaffold import folder_title
from intake_helpers import Row, guarded_intake, intake_workspace, rows, write_zip

TITLE_15 = folder_title(load(Path(__file__).resolve().parents[2]).plan.find("15"))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return intake_workspace(tmp_path_factory.mktemp("intake") / "ws")


@pytest.fixture(scope="module")
def workspace(ws: Path) -> Workspace:
    return load(ws)


def preview(
    ws: Path, workspace: Workspace, name: str, *members: Member | str, unit: str | None = None
) -> list[Row]:
    source = write_zip(ws.parent, name, *members)
    return rows(guarded_intake(ws, source, workspace=workspace, unit=unit))


@pytest.mark.parametrize("system", [0, 11], ids=["FAT", "NTFS"])
def test_windows_zip_with_gbk_names_and_a_wrapper_named_after_the_town(
    ws: Path, workspace: Workspace, system: int
) -> None:
    members = [
        Member("滨河镇材料/061 行政执法公示/1-执法公示情况.pdf", system=system),
        Member("滨河镇材料/061 行政执法公示/Thumbs.db", system=system),
    ]
    assert preview(ws, workspace, "材料.zip", *members) == [
        ("061 行政执法公示/1-执法公示情况.pdf", "新收到", "61.1", "061/滨河镇/1-执法公示情况.pdf"),
        ("061 行政执法公示/Thumbs.db", "已忽略", "", "Windows 缩略图缓存文件"),
    ]


def test_utf8_flag_and_a_unit_folder_inside(ws: Path, workspace: Workspace) -> None:
    member = Member("027/区司法局/2-审查意见/意见一.pdf", encoding="utf-8-flag", system=3)
    assert preview(ws, workspace, "材料.zip", member) == [
        (
            "027/区司法局/2-审查意见/意见一.pdf",
            "新收到",
            "27.2",
            "027 合法性审核/区司法局/2-审查意见/意见一.pdf",
        ),
    ]


def test_wrapper_nested_zip_and_junk(ws: Path, workspace: Workspace) -> None:
    inner = make_zip("2-审查意见/一.pdf", "2-审查意见/二.pdf")  # Windows' zip of the folder 2-审查意见
    members = [
        "区司法局报送/027 合法性审核/区司法局/1-说明.pdf",
        Member("区司法局报送/027 合法性审核/区司法局/2-审查意见.zip", data=inner),
        "__MACOSX/区司法局报送/._1-说明.pdf",
        "区司法局报送/027 合法性审核/区司法局/~$说明.docx",
    ]
    folder = "027 合法性审核/区司法局"
    assert preview(ws, workspace, "报送.zip", *members) == [
        (f"{folder}/1-说明.pdf", "新收到", "27.1", f"{folder}/1-说明.pdf"),
        (f"{folder}/2-审查意见/一.pdf", "新收到", "27.2", f"{folder}/2-审查意见/一.pdf"),
        (f"{folder}/2-审查意见/二.pdf", "新收到", "27.2", f"{folder}/2-审查意见/二.pdf"),
        (f"{folder}/~$说明.docx", "已忽略", "", "Office 打开文件时留下的临时锁定文件"),
        ("__MACOSX", "已忽略", "", "macOS 压缩时附带的资源文件"),
    ]


def test_each_naming_form_of_the_evidence_tree(ws: Path, workspace: Workspace) -> None:
    """The unit comes from the zip's name; items from the walk's own rules."""
    members = [
        "027 规范性文件/（2）审查意见.pdf",  # (N) in front
        "27.2-意见三.pdf",  # a full material id, outside any task folder
        "030 后评估/评估报告.docx",  # a unit owing one item needs no number
        Member("015/不涉及.txt", data="本单位未涉及规划调整。".encode()),  # waives the whole task
        Member("027/2-审查意见/意见四.pdf"),  # an item subfolder
    ]
    assert preview(ws, workspace, "区司法局.zip", *members) == [
        ("015/不涉及.txt", "新收到", "15 不涉及", f"{TITLE_15}/区司法局/不涉及.txt"),
        ("027 规范性文件/（2）审查意见.pdf", "新收到", "27.2", "027 合法性审核/区司法局/（2）审查意见.pdf"),
        ("027/2-审查意见/意见四.pdf", "新收到", "27.2", "027 合法性审核/区司法局/2-审查意见/意见四.pdf"),
        ("030 后评估/评估报告.docx", "新收到", "30.1", "030/司法局/评估报告.docx"),
        ("27.2-意见三.pdf", "新收到", "27.2", "027 合法性审核/区司法局/27.2-意见三.pdf"),
    ]


def test_every_file_that_cannot_be_placed_is_listed_with_its_reason(ws: Path, workspace: Workspace) -> None:
    members = [
        "说明.pdf",
        "杂项/a.pdf",
        "027/说明.pdf",
        "027/区财政局/1.pdf",
        Member("027/1-空.pdf", data=b""),
        "027/9-其他.pdf",
        Member("027/材料.rar", data=b"Rar!\x1a\x07\x00"),
        Member(b"027/\xff\xfe.pdf"),
    ]
    assert preview(ws, workspace, "区司法局.zip", *members) == [
        ("027/1-空.pdf", "未收取", "", "空文件（0 字节）"),
        ("027/9-其他.pdf", "未收取", "", "任务 27 没有第9项材料"),
        ("027/\\xff\\xfe.pdf", "未收取", "", "文件名的编码无法识别（无法识别的字节以 \\x 表示）"),
        ("027/区财政局/1.pdf", "未收取", "", "区财政局 在任务 27 中没有需要提供的材料"),
        ("027/材料.rar", "未收取", "", "RAR 压缩包无法读取"),
        ("027/说明.pdf", "未收取", "", "无法判断这个文件属于哪一项材料"),
        ("杂项/a.pdf", "未收取", "", "不在任务文件夹中（“杂项/”不以任务编号开头"),
        ("说明.pdf", "未收取", "", "不在任务文件夹中"),
    ]


def test_broken_files_are_taken_and_flagged(ws: Path, workspace: Workspace) -> None:
    source = write_zip(
        ws.parent,
        "区司法局.zip",
        Member("027/1-说明.pdf", data=b"<html>WeChat</html>"),
        Member("027/2-意见.pdf", data=b"%PDF-1.4\n1 0 obj\n%%EOF\n"),
    )
    items = guarded_intake(ws, source, workspace=workspace).items
    assert [(i.material, i.fault is not None) for i in items] == [("27.1", True), ("27.2", False)]
    assert items[0].fault is not None and "PDF" in items[0].fault


def test_a_year_in_the_wrapper_is_no_task_number(ws: Path, workspace: Workspace) -> None:
    assert preview(ws, workspace, "材料.zip", "2022年滨河镇材料/061/执法公示.pdf") == [
        ("061/执法公示.pdf", "新收到", "61.1", "061/滨河镇/执法公示.pdf"),
    ]


def test_files_fzcj_sent_out_are_not_taken_back(ws: Path, workspace: Workspace) -> None:
    members = ["区司法局报送材料/报送清单.docx", "区司法局报送材料/027/区司法局/材料要求.txt"]
    found = guarded_intake(ws, write_zip(ws.parent, "x.zip", *members), workspace=workspace)
    assert [(i.source, i.outcome.value, i.skip_kind) for i in found.items] == [
        ("027/区司法局/材料要求.txt", "skipped", "fzcj"),
        ("报送清单.docx", "skipped", "fzcj"),
    ]


def test_a_unit_folder_other_than_the_unit_given_is_not_taken(ws: Path, workspace: Workspace) -> None:
    assert preview(ws, workspace, "x.zip", "027/区司法局/1.pdf", unit="滨河镇") == [
        ("027/区司法局/1.pdf", "未收取", "", "位于区司法局的文件夹中"),
    ]


@pytest.mark.parametrize(
    ("name", "said"),
    [("材料.zip", "名称“材料”中没有单位名称"), ("司法局和财政局.zip", "提到了区司法局、区财政局")],
)
def test_the_unit_is_asked_for_when_no_name_tells_it(
    ws: Path, workspace: Workspace, name: str, said: str
) -> None:
    with pytest.raises(UsageError) as caught:
        guarded_intake(ws, write_zip(ws.parent, name, "027/1-说明.pdf"), workspace=workspace)
    assert said in caught.value.message and "--unit" in caught.value.message


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("区司法局报送材料", ["区司法局"]),
        ("司法局材料（第二批）", ["区司法局"]),
        ("滨河镇、文昌镇材料", ["滨河镇", "文昌镇"]),
        ("沙坡头区法治政府建设材料", []),
        ("中卫市公安局沙坡头区分局", ["区公安分局"]),
    ],
)
def test_units_named_in_a_zip_name(workspace: Workspace, text: str, units: list[str]) -> None:
    assert units_named_in(workspace.directory, text) == units
