"""Read a task-breakdown table into grids of cell texts: Word (.docx), Excel (.xlsx) or Word's text export.

The format is recognised from the file's first bytes, not its name. Old binary Office files (.doc, .xls,
.wps), encrypted files, PDF and RTF are refused with a message that says what to do instead.

A :class:`Grid` keeps what the layout tells: a cell vertically merged with the one above (Word's
``w:vMerge`` continue, a merged range in Excel) carries the text of the top cell and is marked
``continued``; a cell spanning several grid columns (``w:gridSpan``, a horizontal merge in Excel) has
its text in its first column and ``span`` > 1, the columns it covers hold empty cells with ``span`` 0.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from fzcj.data.source_table import split_cells
from fzcj.data.table_import.grid import Cell, Grid, TableImportError
from fzcj.data.table_import.office import read_docx, read_xlsx
from fzcj.errors import ExitCode, os_error_text

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


def read_tables(path: Path) -> list[Grid]:
    """Every table of the file at ``path``; raises :class:`TableImportError` with a Chinese message."""
    try:
        if path.is_dir():
            raise TableImportError(
                f"{path} 是文件夹，请指定任务分解表文件（.docx、.xlsx 或 .txt）", ExitCode.USAGE
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise TableImportError(f"找不到文件：{path}", ExitCode.USAGE) from None
    except OSError as exc:
        raise TableImportError(f"无法读取文件 {path}：{os_error_text(exc)}") from None
    if not data.strip():
        raise TableImportError(f"文件 {path.name} 是空的", ExitCode.PROBLEMS)
    if data.startswith(OLE2_MAGIC):
        raise TableImportError(_ole2_message(data, path.name))
    if data.startswith(b"%PDF"):
        raise TableImportError(
            f"{path.name} 是 PDF 文件，无法从中读出表格：请使用原始的 Word（.docx）或 Excel（.xlsx）文件"
        )
    if data.lstrip().startswith(b"{\\rtf"):
        raise TableImportError(f"{path.name} 是 RTF 文件：请在 Word 中另存为 .docx 后再导入")
    if data.startswith(ZIP_MAGIC):
        return _read_zip(path)
    grid = read_text_export(decode_export(data, path.name), path.name)
    grid.encoding = text_encoding(data)
    return [grid]


def _ole2_message(data: bytes, name: str) -> str:
    def has(stream: str) -> bool:
        return stream.encode("utf-16-le") in data

    if has("EncryptedPackage") or has("EncryptionInfo"):
        return f"{name} 设置了打开密码（已加密），无法读取：请在 Word 或 Excel 中取消密码、另存后再导入"
    if has("WordDocument"):
        return f"{name} 是旧版 Word 文件（.doc 或 .wps），请在 Word 或 WPS 中另存为 .docx 后再导入"
    if has("Workbook") or has("Book"):
        return f"{name} 是旧版 Excel 文件（.xls），请在 Excel 或 WPS 中另存为 .xlsx 后再导入"
    return f"{name} 是旧版 Office 文件，请另存为 Word（.docx）或 Excel（.xlsx）后再导入"


def _read_zip(path: Path) -> list[Grid]:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        raise TableImportError(
            f"{path.name} 已损坏（不是完整的 .docx 或 .xlsx 文件），请重新保存或下载"
        ) from None
    if "word/document.xml" in names or any(n.startswith("word/") for n in names):
        return read_docx(path)
    if "xl/workbook.xml" in names or any(n.startswith("xl/") for n in names):
        return read_xlsx(path)
    raise TableImportError(f"{path.name} 是压缩包，不是 Word（.docx）或 Excel（.xlsx）文件")


# ── text ──

_TEXT_ENCODINGS = ("utf-8", "gb18030")


def decode_export(data: bytes, name: str = "") -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030; anything else is refused."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode(data[3:], "utf-8", name)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode(data, "utf-16", name)
    if b"\x00" in data:
        raise TableImportError(f"{name} 不是文本文件，也不是 Word（.docx）或 Excel（.xlsx）文件，无法导入")
    for encoding in _TEXT_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableImportError(
        f"无法识别 {name} 的文字编码（不是 UTF-8，也不是 GBK/GB18030），请另存为 UTF-8 文本后再导入"
    )


def text_encoding(data: bytes) -> str:
    """The encoding :func:`decode_text` uses for ``data`` (for notes)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "UTF-8（带 BOM）"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "GBK/GB18030"
    return "UTF-8"


def _decode(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise TableImportError(
            f"{name} 中有不是 {encoding.upper()} 编码的文字，请另存为 UTF-8 文本后再导入"
        ) from None


def read_text_export(text: str, name: str = "") -> Grid:
    """Word's "save as plain text" of a table (see :func:`fzcj.data.source_table.split_cells`): the
    cells in one run, each row's last cell ending with the empty line that closes the row. The column
    count is only known once the header is found (see :mod:`.columns`), so the grid holds one long row.
    The lines before the first cell are the table's title."""
    lines = text.replace("\ufeff", "").splitlines()
    first = next((n for n, line in enumerate(lines) if line.startswith("\t")), None)
    if first is None:
        raise TableImportError(
            f"{name} 中没有找到表格：文本应是 Word 表格“另存为纯文本”的结果（每个单元格占一行、以制表符开头）",
            ExitCode.PROBLEMS,
        )
    title = [line.strip() for line in lines[:first] if line.strip()]
    cells = split_cells("\n".join(lines[first:]))
    return Grid(rows=[[Cell(c) for c in cells]], source="text", name=name, title_lines=title)
