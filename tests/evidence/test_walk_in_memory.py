"""The attribution rules of the walk, against folder listings held in memory: each case is a tree
written as a dict, with no disk involved, so the rule under test is all there is to read."""

from __future__ import annotations

from typing import Any

import pytest

from fzcj.data.workspace import Workspace, load
from fzcj.evidence.folder import Folder
from fzcj.evidence.index import EvidenceIndex
from fzcj.evidence.walk import scan
from helpers import REPO

Tree = dict[str, Any]
"""A folder: name → bytes (a file) or another dict (a subfolder)."""

WORKSPACE = load(REPO)


class MemoryReader:
    """The walk's reader over a dict tree rooted at the workspace's evidence folder."""

    def __init__(self, root: str, tree: Tree) -> None:
        self.root = root
        self.tree = tree

    def _node(self, path: str) -> Any:
        node: Any = self.tree
        for part in path.removeprefix(self.root).strip("/").split("/"):
            if part:
                node = node[part]
        return node

    def start(self) -> None:
        pass

    def read(self, path: str, rel: str) -> Folder:
        folder = Folder(path, rel)
        for name, value in sorted(self._node(path).items()):
            is_folder = isinstance(value, dict)
            folder.entries.append((name, is_folder, 0 if is_folder else len(value)))
        return folder

    def read_text(self, path: str) -> bytes:
        data = self._node(path)
        assert isinstance(data, bytes)
        return data


def walk(tree: Tree, workspace: Workspace = WORKSPACE) -> EvidenceIndex:
    return scan(workspace, MemoryReader(str(workspace.evidence_dir), tree))


def codes(index: EvidenceIndex) -> set[tuple[str, str]]:
    return {(p.path, p.code) for p in index.problems}


def test_numbered_files_count_for_their_items() -> None:
    index = walk({"027": {"区司法局": {"1-说明.docx": b"x", "2-审查意见.pdf": b"x", "2-又一份.pdf": b"y"}}})
    assert index.counted[("27", "区司法局", 1)] == 1
    assert index.counted[("27", "区司法局", 2)] == 2
    assert not index.problems


def test_a_unit_that_owes_one_item_needs_no_number() -> None:
    index = walk({"030 后评估": {"司法局": {"后评估情况说明.docx": b"x"}}})
    assert index.counted[("30", "区司法局", 1)] == 1


def test_an_item_subfolder_counts_every_file_inside() -> None:
    index = walk(
        {"027": {"区司法局": {"2-审查意见": {"一.pdf": b"x", "二.pdf": b"x", "更多": {"三.pdf": b"x"}}}}}
    )
    assert index.counted[("27", "区司法局", 2)] == 3


def test_an_empty_file_is_listed_but_not_counted() -> None:
    index = walk({"027": {"区司法局": {"1-说明.docx": b""}}})
    assert index.counted[("27", "区司法局", 1)] == 0
    assert ("evidence/027/区司法局/1-说明.docx", "empty-file") in codes(index)


@pytest.mark.parametrize(
    ("tree", "expected"),
    [
        ({"杂项": {}}, ("evidence/杂项", "unknown-task-folder")),
        ({"027": {"财务科": {}}}, ("evidence/027/财务科", "unknown-unit-folder")),
        ({"027": {"会议照片.jpg": b"x"}}, ("evidence/027/会议照片.jpg", "file-in-task-folder")),
        ({"027": {"区司法局": {"9-其他.pdf": b"x"}}}, ("evidence/027/区司法局/9-其他.pdf", "unknown-item")),
        ({"027": {"区司法局": {"说明.pdf": b"x"}}}, ("evidence/027/区司法局/说明.pdf", "unnumbered-file")),
        ({"随手放的.docx": b"x"}, ("evidence/随手放的.docx", "misplaced-file")),
    ],
)
def test_what_cannot_be_placed_is_a_problem_and_counts_for_nothing(
    tree: Tree, expected: tuple[str, str]
) -> None:
    index = walk(tree)
    assert expected in codes(index)
    assert sum(index.counted.values()) == 0


def test_a_waiver_note_with_a_reason_waives_and_an_empty_one_does_not() -> None:
    index = walk({"015": {"区财政局": {"不涉及.txt": "本单位未涉及规划调整。".encode()}}})
    assert index.waivers[("15", "区财政局", 0)].reason == "本单位未涉及规划调整。"
    empty = walk({"015": {"区财政局": {"不涉及.txt": b"  \n"}}})
    assert not empty.waivers and ("evidence/015/区财政局/不涉及.txt", "empty-waiver") in codes(empty)


def test_a_link_item_counts_only_files_holding_a_valid_address() -> None:
    good = b"[InternetShortcut]\r\nURL=https://www.spt.gov.cn/zwgk/\r\n"
    index = walk({"070": {"区政府办公室": {"2-公开网址.url": good, "2-截图.png": b"png"}}})
    assert index.counted[("70", "区政府办公室", 2)] == 1
    assert ("evidence/070/区政府办公室/2-截图.png", "not-a-link-file") in codes(index)
    bad = walk({"070": {"区政府办公室": {"2-公开网址.txt": b"www.spt.gov.cn"}}})
    assert bad.counted[("70", "区政府办公室", 2)] == 0


def test_a_merged_task_folder_counts_for_the_task_it_shares() -> None:
    index = walk({"028": {"区司法局": {"1-说明.docx": b"x"}}})
    assert index.counted[("27", "区司法局", 1)] == 1
    assert ("evidence/028", "merged-task-folder") in codes(index)
