"""What a name in the evidence tree means: item numbers as clerks write them, files that are not the
material, doubled extensions, names garbled by unpacking with the wrong encoding."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fzcj.evidence.filenames import (
    MOJIBAKE_CHARS,
    doubled_extension,
    garbled_name,
    garbled_original,
    item_number,
    material_number,
    not_material,
    reads_as_chinese,
    strip_item_number,
)


@pytest.mark.parametrize(
    ("name", "number"),
    [
        ("1-说明.docx", 1),
        ("第2项-审查意见.pdf", 2),
        ("第2项审查意见.pdf", 2),
        ("第二项 审查意见.pdf", 2),
        ("第十二项.pdf", 12),
        ("2）审查意见.pdf", 2),
        ("2)审查意见.pdf", 2),
        ("(1)审查意见.pdf", 1),
        ("（1）审查意见.pdf", 1),
        ("２-审查意见.pdf", 2),
        ("2022.6.1 会议纪要.pdf", None),
        ("2021年工作总结.docx", None),
        ("审查意见2.pdf", None),
        ("3项.pdf", None),
    ],
)
def test_item_number_as_clerks_write_it(name: str, number: int | None) -> None:
    assert item_number(name) == number


@pytest.mark.parametrize("name", ["第2项-不涉及.txt", "2）不涉及.txt", "（2）不涉及.txt"])
def test_the_number_in_front_is_stripped_in_every_form(name: str) -> None:
    assert strip_item_number(name) == "不涉及.txt"


@pytest.mark.parametrize(
    ("name", "number"),
    [
        ("27.2-审查意见.pdf", 2),
        ("27.2审查意见.pdf", 2),
        ("２７.２审查意见.pdf", 2),
        ("27．2审查意见.pdf", 2),
        ("27.2.pdf", 2),
        ("272审查意见.pdf", None),
        ("28.2-审查意见.pdf", None),
        ("27.25-审查意见.pdf", 25),
    ],
)
def test_full_material_id_needs_no_separator_after_it(name: str, number: int | None) -> None:
    assert material_number(name, "27") == number


@pytest.mark.parametrize(
    ("name", "code", "says"),
    [
        ("审查意见 - 快捷方式.lnk", "shortcut", "快捷方式不是文件本身"),
        ("审查意见.LNK", "shortcut", "快捷方式不是文件本身"),
        ("材料.zip", "archive", "请解压后放入，或用 fzcj intake 收件"),
        ("材料.RAR", "archive", "请解压后放入，或用 fzcj intake 收件"),
        ("材料.7z", "archive", "请解压后放入，或用 fzcj intake 收件"),
    ],
)
def test_shortcuts_and_archives_are_not_the_material(name: str, code: str, says: str) -> None:
    found = not_material(name)
    assert found is not None and found[0] == code and says in found[1]


@pytest.mark.parametrize("name", ["说明.docx", "网址.url", "zip说明.pdf", "lnk.docx", "材料.7z.pdf"])
def test_ordinary_files_are_material(name: str) -> None:
    assert not_material(name) is None


@pytest.mark.parametrize(
    ("name", "single"),
    [("说明.docx.docx", "说明.docx"), ("扫描件.PDF.pdf", "扫描件.PDF"), ("1-a.pdf.pdf", "1-a.pdf")],
)
def test_a_doubled_extension_suggests_the_single_one(name: str, single: str) -> None:
    message = doubled_extension(name)
    assert message is not None and f"「{single}」" in message and "已计入" in message


@pytest.mark.parametrize("name", ["说明.docx", "说明.pdf.docx", "2022.6.1 会议.pdf", ".docx", "a..", "docx"])
def test_other_names_have_no_doubled_extension(name: str) -> None:
    assert doubled_extension(name) is None


@pytest.mark.parametrize("wrong", ["cp437", "latin-1"])
def test_a_gbk_name_unpacked_as_cp437_or_latin1_is_recognised(wrong: str) -> None:
    garbled = "1-合法性审查情况说明.docx".encode("gbk").decode(wrong)
    assert garbled_original(garbled) == "1-合法性审查情况说明.docx"
    message = garbled_name(garbled)
    assert message is not None and "「1-合法性审查情况说明.docx」" in message
    assert "fzcj intake" in message and "unzip" not in message


@pytest.mark.parametrize(
    "name",
    ["Café.pdf", "résumé.docx", "1-说明.docx", "±5%.xlsx", "~$╔≤.docx", "Über.pdf", "A·B.pdf", "╔═╗.txt"],
)
def test_names_that_are_not_garbled_are_left_alone(name: str) -> None:
    assert garbled_name(name) is None


_CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5).filter(
    lambda c: len(c.encode("gbk", errors="ignore")) == 2
)
_GB2312 = _CJK.filter(lambda c: min(c.encode("gbk")) >= 0xA1)  # the characters names are written in


@given(st.text(_GB2312, min_size=1, max_size=12), st.sampled_from([".pdf", ".docx", ""]))
def test_every_gbk_name_garbled_by_cp437_reads_back(stem: str, suffix: str) -> None:
    """Whatever the Chinese name (of GB2312's characters: both bytes non-ASCII, so that at least two odd
    characters stand in a row), its cp437 mojibake is flagged and the original recovered."""
    name = stem + suffix
    garbled = name.encode("gbk").decode("cp437")
    assert MOJIBAKE_CHARS.search(garbled)
    assert garbled_original(garbled) == name


@given(st.text(_CJK, min_size=1, max_size=12))
def test_chinese_names_never_look_garbled(name: str) -> None:
    assert not MOJIBAKE_CHARS.search(name)


@pytest.mark.parametrize(
    ("text", "chinese"),
    [
        ("①审查意见（一）—终稿.pdf", True),
        ("2022年6月·会议纪要《通知》.docx", True),
        ("Ηλi=", False),  # GBK's Greek zone: what GB18030 reads of bytes that were never GBK
        ("ぱ说明.pdf", False),
        ("report.pdf", False),
    ],
)
def test_reads_as_chinese(text: str, chinese: bool) -> None:
    assert reads_as_chinese(text) is chinese
