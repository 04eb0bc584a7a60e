"""The content check: real small PDF and Office files pass; cut-off, renamed and fake ones are caught.

Every sample is made here: a PDF written by hand (with a correct cross-reference table), a .docx
from python-docx, an .xlsx and a .pptx assembled with zipfile, and broken variants of them.
"""

from __future__ import annotations

import io
import os
import struct
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fzcj.evidence.content import (
    CHECKED_SUFFIXES,
    READ_LIMIT,
    ContentFault,
    check_bytes,
    check_content,
    is_checked,
)

# -- samples ---------------------------------------------------------------------------------------


def make_pdf(padding: int = 0) -> bytes:
    """A minimal, valid one-page PDF; ``padding`` bytes of comment make it as big as needed."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length 0 >>\nstream\n\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    if padding:
        out += b"%" + b"x" * padding + b"\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def make_docx(paragraphs: int = 3) -> bytes:
    import docx

    document = docx.Document()
    for n in range(paragraphs):
        document.add_paragraph(f"法治政府建设情况说明 第{n + 1}段")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_zip(entries: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b"</Types>"
)


def make_xlsx() -> bytes:
    """A minimal workbook with one sheet, as Excel needs it (openpyxl is not a dependency)."""
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    return make_zip(
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "_rels/.rels": (
                f'<?xml version="1.0" encoding="UTF-8"?><Relationships '
                f'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
                f"</Relationships>"
            ).encode(),
            "xl/workbook.xml": (
                f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}">'
                f'<sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>'
            ).encode(),
            "xl/_rels/workbook.xml.rels": (
                f'<?xml version="1.0" encoding="UTF-8"?><Relationships '
                f'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
                f"</Relationships>"
            ).encode(),
            "xl/worksheets/sheet1.xml": (
                f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>'
                f'<row r="1"><c r="A1" t="inlineStr"><is><t>任务</t></is></c></row>'
                f"</sheetData></worksheet>"
            ).encode(),
        }
    )


def make_pptx_names() -> bytes:
    return make_zip(
        {"[Content_Types].xml": b"<Types/>", "_rels/.rels": b"<r/>", "ppt/presentation.xml": b"<p/>"}
    )


def ole2(*streams: str, size: int = 2048) -> bytes:
    """An OLE2 compound file header followed by a directory sector naming ``streams`` (UTF-16)."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<H", header, 0x1E, 9)
    directory = bytearray(512)
    for n, name in enumerate(["Root Entry", *streams][:4]):
        encoded = name.encode("utf-16-le")
        directory[n * 128 : n * 128 + len(encoded)] = encoded
    data = bytes(header) + bytes(directory)
    return data + b"\x00" * max(0, size - len(data))


def big_docx() -> bytes:
    """A valid package whose central directory alone is larger than the bytes the check may read."""
    entries = {
        "[Content_Types].xml": b"<Types/>",
        "_rels/.rels": b"<r/>",
        "word/document.xml": b"<w:document/>",
    }
    for n in range(200):
        entries[f"word/media/image_with_a_rather_long_descriptive_name_{n:04d}.png"] = b"x"
    return make_zip(entries)


def with_zip64_end(data: bytes, *, maxed: bool = True) -> bytes:
    """Rewrite a ZIP's end so that it carries ZIP64 end records (as big archives do)."""
    eocd_at = data.rindex(b"PK\x05\x06")
    _, _, _, count_disk, count, cd_size, cd_offset, _ = struct.unpack_from("<4sHHHHIIH", data, eocd_at)
    body = data[:eocd_at]
    record = struct.pack(
        "<4sQHHIIQQQQ", b"PK\x06\x06", 44, 45, 45, 0, 0, count_disk, count, cd_size, cd_offset
    )
    locator = struct.pack("<4sIQI", b"PK\x06\x07", 0, len(body), 1)
    if maxed:
        eocd = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    else:
        eocd = data[eocd_at:]
    return body + record + locator + eocd


def check_whole(name: str, data: bytes) -> ContentFault | None:
    return check_bytes(name, data, b"", len(data))


def code(fault: ContentFault | None) -> str | None:
    return None if fault is None else fault.code


# -- good files ------------------------------------------------------------------------------------


def test_real_small_files_pass(tmp_path: Path) -> None:
    files = {
        "说明.pdf": make_pdf(),
        "大.pdf": make_pdf(padding=50_000),
        "说明.docx": make_docx(),
        "台账.xlsx": make_xlsx(),
        "汇报.pptx": make_pptx_names(),
        "宏.docm": make_docx(),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        assert check_content(tmp_path / name) is None, name
        assert check_whole(name, data) is None, name


def test_the_samples_are_valid_zips() -> None:
    for data in (make_docx(), make_xlsx(), big_docx(), with_zip64_end(make_docx())):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert archive.testzip() is None


def test_pdf_may_start_with_a_bom_or_white_space() -> None:
    pdf = make_pdf()
    for prefix in (b"\xef\xbb\xbf", b"\r\n", b"  \n", b"\xef\xbb\xbf\n"):
        assert check_whole("a.pdf", prefix + pdf) is None, prefix


def test_pdf_with_other_bytes_before_the_header_is_broken() -> None:
    fault = check_whole("a.pdf", b"HTTP/1.1 200 OK\r\n\r\n" + make_pdf())
    assert fault is not None and fault.code == "broken-file" and "前有 19 个其他字节" in fault.message
    fault = check_whole("a.pdf", b"\x01\x02garbage")
    assert fault == ContentFault(
        "broken-file", "文件已损坏或不是真正的 PDF 文件（开头不是 %PDF，可能是下载未完成或网页另存）"
    )


def test_extension_case_does_not_matter(tmp_path: Path) -> None:
    (tmp_path / "扫描件.PDF").write_bytes(b"<html><body>error</body></html>")
    assert code(check_content(tmp_path / "扫描件.PDF")) == "broken-file"
    assert is_checked("a.DOCX") and is_checked("dir.x/a.pdf") and not is_checked("a.pdf.txt")


def test_numbered_main_part_and_any_case_of_part_names_pass() -> None:
    numbered = make_zip({"[Content_Types].xml": b"<T/>", "word/document2.xml": b"<d/>"})
    assert check_whole("a.docx", numbered) is None
    upper = make_zip({"[CONTENT_TYPES].XML": b"<T/>", "Word/Document.xml": b"<d/>"})
    assert check_whole("a.docx", upper) is None


# -- broken and fake files -------------------------------------------------------------------------


def test_truncated_docx_is_broken() -> None:
    data = make_docx()
    fault = check_whole("a.docx", data[: len(data) // 2])
    assert code(fault) == "broken-file"
    assert fault is not None and "下载未完成" in fault.message


def test_truncated_big_docx_read_from_disk_is_broken(tmp_path: Path) -> None:
    data = big_docx()
    assert len(data) > 3 * READ_LIMIT
    (tmp_path / "a.docx").write_bytes(data[: len(data) - 3000])
    assert code(check_content(tmp_path / "a.docx")) == "broken-file"


def test_truncated_pdf_is_broken() -> None:
    data = make_pdf(padding=20_000)
    fault = check_bytes("a.pdf", data[:1024], data[10_000 - 7168 : 10_000], 10_000)
    assert fault is not None and fault.code == "broken-file" and "%%EOF" in fault.message


@pytest.mark.parametrize("name", ["a.pdf", "a.docx", "a.xlsx"])
def test_html_page_renamed_is_broken(name: str) -> None:
    page = b"\xef\xbb\xbf<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head></html>"
    fault = check_whole(name, page)
    assert fault is not None and fault.code == "broken-file" and "网页" in fault.message


def test_old_word_file_renamed_is_a_wrong_extension() -> None:
    fault = check_whole("a.docx", ole2("WordDocument", "1Table"))
    assert fault is not None and fault.code == "wrong-extension"
    assert "旧版 Word 文件（.doc）" in fault.message


def test_old_excel_file_renamed_names_excel() -> None:
    fault = check_whole("a.xlsx", ole2("Workbook"))
    assert (
        fault is not None and fault.code == "wrong-extension" and "旧版 Excel 文件（.xls）" in fault.message
    )


def test_ole2_without_a_visible_directory_names_both_causes() -> None:
    fault = check_whole("a.docx", ole2())
    assert fault is not None and fault.code == "wrong-extension"
    assert ".doc" in fault.message and "密码" in fault.message


def test_password_protected_office_file_is_reported_as_such() -> None:
    fault = check_whole("a.docx", ole2("\x06DataSpaces", "EncryptionInfo", "EncryptedPackage"))
    assert fault is not None and fault.code == "encrypted" and "密码" in fault.message


def test_zip_without_the_main_part_is_broken() -> None:
    package = make_zip({"[Content_Types].xml": b"<T/>", "_rels/.rels": b"<r/>", "word/styles.xml": b"<s/>"})
    fault = check_whole("a.docx", package)
    assert fault is not None and fault.code == "broken-file" and "word/document.xml" in fault.message


def test_plain_zip_renamed_is_broken() -> None:
    fault = check_whole("a.docx", make_zip({"材料/说明.txt": "说明".encode()}))
    assert fault is not None and fault.code == "broken-file" and "ZIP 压缩包" in fault.message


def test_empty_zip_renamed_is_broken() -> None:
    fault = check_whole("a.xlsx", make_zip({}))
    assert fault is not None and fault.code == "broken-file" and "空的 ZIP" in fault.message


def test_other_office_type_is_a_wrong_extension() -> None:
    fault = check_whole("a.xlsx", make_docx())
    assert fault is not None and fault.code == "wrong-extension" and "Word 文件（.docx）" in fault.message
    fault = check_whole("a.pdf", make_docx())
    assert fault is not None and fault.code == "wrong-extension" and "Word 文件（.docx）" in fault.message
    fault = check_whole("a.docx", make_pdf())
    assert fault is not None and fault.code == "wrong-extension" and "PDF 文件" in fault.message


def test_picture_renamed_pdf_is_a_wrong_extension() -> None:
    fault = check_whole("扫描件.pdf", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 100)
    assert fault is not None and fault.code == "wrong-extension" and "JPG 图片" in fault.message


@pytest.mark.parametrize("name", ["a.pdf", "a.docx"])
def test_empty_and_zero_filled_files_are_broken(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"")
    fault = check_content(tmp_path / name)
    assert fault is not None and fault.code == "broken-file" and "0 字节" in fault.message
    (tmp_path / name).write_bytes(b"\x00" * 50_000)
    fault = check_content(tmp_path / name)
    assert fault is not None and fault.code == "broken-file" and "空字节" in fault.message


def test_tiny_zip_start_is_broken() -> None:
    assert code(check_whole("a.docx", b"PK\x03\x04\x14\x00")) == "broken-file"


def test_text_file_renamed_is_broken() -> None:
    fault = check_whole("a.pdf", "【示例文件】本文件仅用于演示。\n".encode())
    assert fault is not None and fault.code == "broken-file" and "纯文本" in fault.message


# -- what cannot be judged from 8 KiB --------------------------------------------------------------


def test_big_central_directory_is_not_called_broken(tmp_path: Path) -> None:
    data = big_docx()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        directory = sum(46 + len(i.filename.encode()) + len(i.extra) for i in archive.infolist())
    assert directory > READ_LIMIT
    (tmp_path / "a.docx").write_bytes(data)
    assert check_content(tmp_path / "a.docx") is None
    # the same package without its main part cannot be told apart either: no guess
    del_main = data.replace(b"word/document.xml", b"word/documenX.xml")
    (tmp_path / "b.docx").write_bytes(del_main)
    assert check_content(tmp_path / "b.docx") is None


def test_zip64_end_records_are_followed() -> None:
    data = with_zip64_end(make_docx())
    assert check_whole("a.docx", data) is None
    assert check_whole("a.docx", with_zip64_end(make_docx(), maxed=False)) is None
    no_main = with_zip64_end(make_zip({"[Content_Types].xml": b"<T/>", "word/styles.xml": b"<s/>"}))
    assert code(check_whole("a.docx", no_main)) == "broken-file"


def test_zip64_record_out_of_reach_is_unknown() -> None:
    data = with_zip64_end(make_docx())
    eocd = data[-22:]
    # only the classic end record was read: its fields say “see ZIP64”, the ZIP64 record is not there
    assert check_bytes("a.docx", data[:1024], eocd, len(data) + 10_000) is None


def test_only_a_head_means_the_end_is_unknown() -> None:
    data = make_docx()
    assert check_bytes("a.docx", data[:1024], b"", len(data)) is None
    pdf = make_pdf(padding=20_000)
    assert check_bytes("a.pdf", pdf[:1024], b"", len(pdf)) is None


# -- reading ---------------------------------------------------------------------------------------


def test_other_types_are_never_opened(tmp_path: Path) -> None:
    assert check_content(tmp_path / "不存在.txt") is None
    assert check_content(tmp_path / "不存在.doc") is None
    (tmp_path / "照片.jpg").write_bytes(b"<html>")
    assert check_content(tmp_path / "照片.jpg") is None
    assert check_bytes("a.zip", b"garbage", b"", 7) is None
    assert {".pdf", ".docx", ".xlsx", ".pptx"} <= CHECKED_SUFFIXES


def test_reads_at_most_8_kib(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "大.pdf"
    path.write_bytes(make_pdf(padding=1_000_000))
    total = 0
    real_read = os.read

    def counting_read(fd: int, n: int) -> bytes:
        nonlocal total
        data = real_read(fd, n)
        total += len(data)
        return data

    monkeypatch.setattr(os, "read", counting_read)
    assert check_content(path) is None
    assert 0 < total <= READ_LIMIT


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    fault = check_content(tmp_path / "不存在.pdf")
    assert fault is not None and fault.code == "unreadable" and "不存在" in fault.message


def test_folder_named_like_a_file_is_unreadable(tmp_path: Path) -> None:
    (tmp_path / "材料.pdf").mkdir()
    assert code(check_content(tmp_path / "材料.pdf")) == "unreadable"


@pytest.mark.skipif(not hasattr(os, "O_NOFOLLOW"), reason="no O_NOFOLLOW on this system")
def test_symlink_is_not_followed(tmp_path: Path) -> None:
    (tmp_path / "真.pdf").write_bytes(make_pdf())
    (tmp_path / "链接.pdf").symlink_to(tmp_path / "真.pdf")
    fault = check_content(tmp_path / "链接.pdf")
    assert fault is not None and fault.code == "unreadable" and "符号链接" in fault.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_named_pipe_does_not_block(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "管道.pdf")
    fault = check_content(tmp_path / "管道.pdf")
    assert fault is not None and fault.code == "unreadable" and "不是普通文件" in fault.message


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file_is_a_fault_not_an_error(tmp_path: Path) -> None:
    path = tmp_path / "锁定.docx"
    path.write_bytes(make_docx())
    path.chmod(0)
    try:
        fault = check_content(path)
    finally:
        path.chmod(0o644)
    assert fault is not None and fault.code == "unreadable" and "没有权限" in fault.message


# -- never raises ----------------------------------------------------------------------------------

NAMES = st.sampled_from(["a.pdf", "a.docx", "a.xlsx", "a.pptx", "a.docm", "a.txt", "无扩展名"])
PREFIXES = st.sampled_from(
    [b"", b"%PDF-1.7\n", b"PK\x03\x04", b"PK\x05\x06", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"<html>"]
)
TAILS = st.sampled_from([b"", b"%%EOF\n", b"PK\x05\x06", b"PK\x06\x07", b"PK\x06\x06", b"PK\x01\x02"])


@settings(max_examples=400, deadline=None)
@given(
    name=NAMES,
    head=st.tuples(PREFIXES, st.binary(max_size=1200)).map(b"".join),
    tail=st.tuples(st.binary(max_size=300), TAILS, st.binary(max_size=60)).map(b"".join),
    size=st.integers(min_value=-10, max_value=2**65),
)
def test_check_bytes_never_raises(name: str, head: bytes, tail: bytes, size: int) -> None:
    result = check_bytes(name, head, tail, size)
    assert result is None or (result.code and result.message)


@settings(max_examples=200, deadline=None)
@given(cut=st.integers(min_value=0, max_value=10_000), flip=st.integers(min_value=0, max_value=10_000))
def test_damaged_docx_never_raises(cut: int, flip: int) -> None:
    data = bytearray(DOCX[: max(0, len(DOCX) - cut)])
    if data:
        data[flip % len(data)] ^= 0xFF
    result = check_whole("a.docx", bytes(data))
    assert result is None or result.code in ("broken-file", "wrong-extension", "encrypted")


DOCX = make_docx()
