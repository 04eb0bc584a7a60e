"""Names in the assessors' package: legal on Windows, short enough, never the same twice (pure)."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from fzcj.report.package_layout import (
    NAME_LIMIT,
    PATH_LIMIT,
    Namer,
    clean,
    file_label,
    fit,
    indicator_folder_labels,
    split_suffix,
    width,
)
from report_fixtures import sample_report

WINDOWS_FORBIDDEN = set('\\/:*?"<>|') | {chr(c) for c in range(32)}


def test_characters_windows_forbids_become_their_full_width_forms() -> None:
    assert clean('审查意见:第1号/2022?"终稿"<A>|*.pdf') == "审查意见：第1号／2022？＂终稿＂＜A＞｜＊.pdf"


def test_device_names_trailing_dots_and_control_characters_are_made_safe() -> None:
    assert clean("CON") == "_CON" and clean("nul.txt") == "_nul.txt"
    assert clean("说明. . ") == "说明" and clean("a\tb\x00c") == "a bc"
    assert clean("...") == "_"


def test_gbk_names_replace_what_gbk_cannot_hold() -> None:
    assert clean("情况😀说明", gbk=True) == "情况_说明"
    assert clean("喆𠀀", gbk=True).encode("gbk")


def test_fit_cuts_the_stem_and_keeps_the_extension() -> None:
    assert fit("一二三四五六七八九十", ".pdf", 9) == "一二三四….pdf"
    assert fit("短", ".pdf", 9) == "短.pdf"


def test_only_a_short_extension_counts_as_one() -> None:
    assert split_suffix("说明.PDF") == ("说明", ".PDF")
    assert split_suffix("2022.6.1 会议纪要") == ("2022.6.1 会议纪要", "")
    assert split_suffix(".gitignore") == (".gitignore", "")


def test_file_label_drops_item_numbers_and_keeps_subfolders() -> None:
    assert file_label("区司法局", "027 审核/司法局/1-情况说明.docx") == "区司法局-情况说明.docx"
    assert file_label("区司法局", "027 审核/司法局/2-审查意见/（1）意见.pdf") == "区司法局-审查意见-意见.pdf"
    assert file_label("区司法局", "027 审核/司法局/2021年工作总结.pdf") == "区司法局-2021年工作总结.pdf"


def test_names_that_windows_would_take_for_one_are_numbered() -> None:
    namer = Namer()
    names = [namer.file("任务/材料", n) for n in ("A.pdf", "a.PDF", "a.pdf", "ａ.pdf")]
    assert names == ["任务/材料/A.pdf", "任务/材料/a（2）.PDF", "任务/材料/a（3）.pdf", "任务/材料/ａ.pdf"]


def test_the_same_folder_label_gives_the_same_folder() -> None:
    namer = Namer()
    assert namer.folder("", "一、职能") == namer.folder("", "一、职能") == "一、职能"
    assert namer.folder("", "一、职能/") == "一、职能／"


names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=0, max_size=300)


@settings(max_examples=150, deadline=None)
@given(
    folders=st.lists(names, min_size=1, max_size=4),
    files=st.lists(names, min_size=1, max_size=8),
    gbk=st.booleans(),
)
def test_every_path_is_legal_short_and_unique(folders: list[str], files: list[str], gbk: bool) -> None:
    namer = Namer(gbk)
    parent = ""
    for label in folders:
        parent = namer.folder(parent, label)
    paths = [namer.file(parent, name) for name in files]
    assert len({p.casefold() for p in paths}) == len(paths)
    for path in paths:
        assert width(path) <= PATH_LIMIT
        for part in path.split("/"):
            assert part and width(part) <= NAME_LIMIT and len(part.encode()) <= 255
            assert not set(part) & WINDOWS_FORBIDDEN and not part.endswith((".", " "))
            if gbk:
                part.encode("gbk")


def test_indicator_folders_are_numbered_in_table_order_for_windows_explorer() -> None:
    report = sample_report()
    tops = [f"{n}、指标" for n in "一二三四五六七八九十"] + ["加分项"]
    tasks = tuple(replace(report.tasks[0], id=str(i), level1=top) for i, top in enumerate(tops, 1))
    labels = list(indicator_folder_labels(replace(report, tasks=tasks)).values())
    assert labels[:2] == ["01 一、指标", "02 二、指标"] and labels[-1] == "11 加分项"
    assert sorted(tops) != tops and sorted(labels) == labels  # a sort by name keeps the table's order
