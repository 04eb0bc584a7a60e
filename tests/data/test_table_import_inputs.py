"""fzcj.data.table_import reads the same task table from Word, Excel and text, and refuses what it cannot.

The .docx and .xlsx are built from the bundled text export (``scripts/county_tables.py``) the way Word
and Excel hold such a table: 一级/二级指标 vertically merged (``w:vMerge`` / merged ranges), a title row
spanning the whole width, a task column two grid columns wide (``w:gridSpan``). Importing each must give
the same draft as the text: the same tasks, texts, units, deadlines and material items.
"""

from __future__ import annotations

import shutil
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from county_tables import build_docx, build_xlsx, source_rows
from fzcj.data.table_import import Draft, TableImportError, draft_workspace, read_tables
from fzcj.errors import ExitCode
from helpers import SOURCE_TABLE

TITLE = "沙坡头区法治政府建设示范创建指标和任务分解表"
YEAR = 2022


@cache
def rows() -> list[list[str]]:
    return source_rows(SOURCE_TABLE.read_text("utf-8"))


@cache
def text_draft() -> Draft:
    return draft_workspace(SOURCE_TABLE, year=YEAR)


@pytest.fixture(scope="module")
def word_table(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled table as a Word file, built once for the tests of this module (copy it to change it)."""
    return build_docx(rows(), tmp_path_factory.mktemp("word") / "表.docx", TITLE)


def tasks(draft: Draft) -> list[dict[str, Any]]:
    return [t for ind in draft.indicators["indicators"] for sec in ind["sections"] for t in sec["tasks"]]


def headings(draft: Draft) -> list[tuple[str, str, int, str]]:
    return [
        (ind["id"], ind["name"], sec["number"], sec["name"])
        for ind in draft.indicators["indicators"]
        for sec in ind["sections"]
    ]


def assert_same_draft(draft: Draft, expected: Draft) -> None:
    assert headings(draft) == headings(expected)
    assert len(tasks(draft)) == len(tasks(expected)) == 104
    for got, want in zip(tasks(draft), tasks(expected), strict=True):
        assert got == want, got["id"]
    assert draft.units == expected.units


def test_docx_gives_the_same_draft_as_the_text(word_table: Path) -> None:
    draft = draft_workspace(word_table, year=YEAR)
    assert_same_draft(draft, text_draft())
    assert draft.indicators["campaign"]["district"] == "沙坡头区"  # from the title row inside the table


def test_xlsx_gives_the_same_draft_as_the_text(tmp_path: Path) -> None:
    draft = draft_workspace(build_xlsx(rows(), tmp_path / "表.xlsx", TITLE), year=YEAR)
    assert_same_draft(draft, text_draft())


def test_xlsx_header_repeated_on_a_new_page_is_skipped(tmp_path: Path) -> None:
    draft = draft_workspace(build_xlsx(rows(), tmp_path / "表.xlsx", TITLE, header_again=50), year=YEAR)
    assert_same_draft(draft, text_draft())


def test_vertically_merged_materials_cell_is_shared(tmp_path: Path) -> None:
    """A materials cell Word merged over tasks 27–29 means one set of materials for the three."""
    draft = draft_workspace(
        build_docx(rows(), tmp_path / "表.docx", TITLE, merge_materials=(26, 28)), year=YEAR
    )
    by_id = {t["id"]: t for t in tasks(draft)}
    assert by_id["28"]["materials_from"] == "27"
    assert by_id["29"]["materials_from"] == "27"
    assert by_id["28"]["materials"] == [] and by_id["28"]["materials_cell"] == ""
    assert any("合并为一个单元格" in note for note in draft.notes)


def test_docx_cells_keep_the_line_breaks_between_units(word_table: Path) -> None:
    grids = read_tables(word_table)
    lead_cells = [row[5].text for row in grids[0].rows]
    assert "区政府办公室\n\n区政务服务中心" in lead_cells
    continued = [row[0] for row in grids[0].rows[2:5]]  # tasks 1–3
    assert all(cell.continued and cell.text.strip() == "一、政府职能依法全面履行" for cell in continued[1:])


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("gbk", b""), ("gb18030", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16", b"")],
)
def test_text_in_other_encodings(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    path = tmp_path / "表.txt"
    text = SOURCE_TABLE.read_text("utf-8")
    path.write_bytes(prefix + text.replace("\n", "\r\n").encode(encoding))
    assert_same_draft(draft_workspace(path, year=YEAR), text_draft())


def ole2(*streams: str) -> bytes:
    body = b"".join(s.encode("utf-16-le") + b"\x00" * 8 for s in streams)
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + body


@pytest.mark.parametrize(
    ("name", "data", "message", "code"),
    [
        ("表.doc", ole2("Root Entry", "WordDocument", "1Table"), "旧版 Word 文件（.doc", ExitCode.IO),
        ("表.docx", ole2("EncryptionInfo", "EncryptedPackage"), "设置了打开密码", ExitCode.IO),
        ("表.xls", ole2("Workbook"), "旧版 Excel 文件（.xls）", ExitCode.IO),
        ("表.pdf", b"%PDF-1.7\n...", "PDF", ExitCode.IO),
        ("表.docx", b"PK\x03\x04" + b"\x00" * 40, "已损坏", ExitCode.IO),
        ("表.txt", bytes(range(1, 256)) * 3, "无法识别", ExitCode.IO),
        ("表.bin", bytes(range(256)), "不是文本文件", ExitCode.IO),
        ("表.txt", b"", "是空的", ExitCode.PROBLEMS),
        ("表.txt", "\t甲\n\t乙\n\t丙\n".encode(), "没有找到任务分解表的表头", ExitCode.PROBLEMS),
        ("表.txt", "没有表格的一段文字\n".encode(), "没有找到表格", ExitCode.PROBLEMS),
    ],
)
def test_unreadable_inputs_get_a_chinese_message_and_an_exit_code(
    tmp_path: Path, name: str, data: bytes, message: str, code: ExitCode
) -> None:
    """3 for a file that cannot be read as a table file, 1 for one that holds no task table."""
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(TableImportError, match=message) as raised:
        draft_workspace(path, year=YEAR)
    assert raised.value.code is code


def test_missing_file_and_folder_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(TableImportError, match="找不到文件") as raised:
        draft_workspace(tmp_path / "没有.docx")
    assert raised.value.code is ExitCode.USAGE
    with pytest.raises(TableImportError, match="是文件夹"):
        draft_workspace(tmp_path)


def test_docx_without_a_task_table(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("通知")
    document.add_table(rows=2, cols=2).cell(0, 0).text = "姓名"
    document.save(str(tmp_path / "通知.docx"))
    with pytest.raises(TableImportError, match="没有找到任务分解表的表头"):
        draft_workspace(tmp_path / "通知.docx")


def test_columns_are_found_by_name_and_extra_and_missing_ones_reported(tmp_path: Path) -> None:
    """Columns moved, 完成时限 missing, a 备注 column added: the rest still imports, both are reported."""
    import openpyxl

    order = [0, 1, 2, 3, 7, 4, 5]  # materials before the units, no deadline
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for n, values in enumerate(rows()):
        sheet.append([values[i] or None for i in order] + ["备注" if n == 0 else None])
    workbook.save(str(tmp_path / "表.xlsx"))
    draft = draft_workspace(tmp_path / "表.xlsx", year=YEAR, district="沙坡头区", name="创建")
    assert "表中没有找到以下列：完成时限（相应内容需手工补充）" in draft.notes
    assert any(note.startswith("表中有本工具不导入的列：备注") for note in draft.notes)
    got, want = tasks(draft), tasks(text_draft())
    assert [t["materials"] for t in got] == [t["materials"] for t in want]
    assert [t["lead_units"] for t in got] == [t["lead_units"] for t in want]
    assert {t["deadline"] for t in got} == {"待定"}
    assert "# 请核对：表中没有完成时限" in draft.indicators_yaml


def test_docx_table_split_at_a_page_break(word_table: Path, tmp_path: Path) -> None:
    """Word tables that follow the task table with as many columns continue it (header repeated or not)."""
    import copy

    import docx

    path = Path(shutil.copy(word_table, tmp_path / "表.docx"))
    document = docx.Document(str(path))
    first = document.tables[0]._tbl
    second = copy.deepcopy(first)
    rows_first, rows_second = first.tr_lst, second.tr_lst
    for tr in rows_first[60:]:
        first.remove(tr)
    for tr in rows_second[2:60]:  # keeps the title and header rows, then rows 60 on
        second.remove(tr)
    second.remove(second.tr_lst[0])  # no title row in the second part
    first.addnext(second)
    first.addnext(copy.deepcopy(document.paragraphs[0]._p))
    document.save(str(path))
    assert len(read_tables(path)) == 2
    assert_same_draft(draft_workspace(path, year=YEAR), text_draft())


def test_headings_as_rows_across_the_table(tmp_path: Path) -> None:
    """No 一级/二级指标 columns: headings are merged rows across the table; other header names."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["序号", "指标任务", "牵头部门", "责任单位", "完成时间", "佐证材料"])
    level1 = level2 = ""
    for values in rows()[1:]:
        for heading, current in ((values[0], level1), (values[1], level2)):
            if heading.strip() and heading != current:
                sheet.append([heading])
                sheet.merge_cells(
                    start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=6
                )
        level1, level2 = values[0] or level1, values[1] or level2
        sheet.append([values[2], values[3], values[4], values[5], values[6], values[7] or None])
    workbook.save(str(tmp_path / "表.xlsx"))
    draft = draft_workspace(tmp_path / "表.xlsx", year=YEAR)
    assert headings(draft) == headings(text_draft())
    assert [t for t in tasks(draft)] == tasks(text_draft())
    assert "表中没有找到以下列：一级指标、二级指标（相应内容需手工补充）" in draft.notes
