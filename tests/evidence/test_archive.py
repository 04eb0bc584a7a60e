"""fzcj.evidence.archive: reading what a unit sent (a zip or a folder) safely.

The zips are built in code (:mod:`archive_corpus` explains how names are written as GBK without the UTF-8
flag, the way Windows and Chinese zip tools write them).
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive_corpus import Member, make_zip, patch_sizes, unicode_path_extra
from fzcj.evidence.archive import open_source
from fzcj.evidence.archive_members import (
    ArchiveEntry,
    ArchiveRefused,
    DiskFile,
    Opened,
    Skipped,
    ZipMember,
    copy_entry,
    entry_sha256,
    stage_all,
)

ADVICE = "请解压后重新压缩为 zip，或直接发送文件夹"
UNDECODABLE = "文件名的编码无法识别（无法识别的字节以 \\x 表示），请单位重命名后重新发送"
RESEND = "请对方重新发送。"


def write(tmp_path: Path, data: bytes, name: str = "材料.zip") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def open_zip(tmp_path: Path, *members: Member | str, **limits: int) -> Opened:
    return open_source(write(tmp_path, make_zip(*members)), **limits)


def paths(opened: Opened) -> list[str]:
    return [entry.path for entry in opened.entries]


def skipped(opened: Opened) -> list[tuple[str, str, str]]:
    return [(item.path, item.kind, item.reason) for item in opened.skipped]


def refusal(path: Path, **limits: int) -> str:
    with pytest.raises(ArchiveRefused) as caught:
        open_source(path, **limits)
    assert str(caught.value) == caught.value.message
    return caught.value.message


def read(opened: Opened, entry: ArchiveEntry) -> bytes:
    buffer = io.BytesIO()
    assert copy_entry(opened, entry, buffer) == hashlib.sha256(buffer.getvalue()).hexdigest()
    return buffer.getvalue()


# --- names ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("system", [0, 11], ids=["FAT", "NTFS"])
def test_gbk_names_without_the_flag_are_read_as_gbk(tmp_path: Path, system: int) -> None:
    members = [
        Member("滨河镇材料/027 规范性文件/1-说明.pdf", system=system),
        Member("滨河镇材料/027 规范性文件/2-审查意见/意见一.pdf", system=system),
        Member("滨河镇材料/027 规范性文件/3-䶮.pdf", system=system, encoding="gb18030"),  # beyond GBK
    ]
    data = make_zip(*members)
    # What Python's zipfile makes of them: cp437 garbage that looks valid.
    assert zipfile.ZipFile(io.BytesIO(data)).infolist()[0].filename.startswith("▒⌡║╙╒≥")
    assert {info.create_system for info in zipfile.ZipFile(io.BytesIO(data)).infolist()} == {system}
    with open_source(write(tmp_path, data)) as opened:
        assert opened.wrappers == ["滨河镇材料"]
        assert paths(opened) == [
            "027 规范性文件/1-说明.pdf",
            "027 规范性文件/2-审查意见/意见一.pdf",
            "027 规范性文件/3-䶮.pdf",
        ]
        assert opened.skipped == []


def test_utf8_flag(tmp_path: Path) -> None:
    with open_zip(tmp_path, Member("027/滨河镇/1-说明.pdf", encoding="utf-8-flag", system=3)) as opened:
        assert paths(opened) == ["027/滨河镇/1-说明.pdf"]


def test_utf8_without_the_flag_stays_utf8(tmp_path: Path) -> None:
    """macOS and Linux tools: UTF-8 bytes, no flag. Every non-ASCII name is valid UTF-8: the archive is UTF-8."""
    members = [
        Member(name, encoding="utf-8", system=3) for name in ("027/滨河镇/1-说明.pdf", "027/滨河镇/é.txt")
    ]
    with open_zip(tmp_path, *members, "027/readme.txt") as opened:
        assert paths(opened) == ["027/滨河镇/1-说明.pdf", "027/滨河镇/é.txt", "027/readme.txt"]


def test_one_utf8_name_in_a_gbk_archive(tmp_path: Path) -> None:
    """The archive is GBK; a name that is not GB18030 but is valid UTF-8 is read as UTF-8."""
    with open_zip(tmp_path, "027/说明.pdf", Member("027/中.txt", encoding="utf-8")) as opened:
        assert paths(opened) == ["027/说明.pdf", "027/中.txt"]


def test_unicode_path_extra_field(tmp_path: Path) -> None:
    members = [
        Member(b"027/_.pdf", extra=unicode_path_extra(b"027/_.pdf", "027/说明.pdf")),
        Member(b"027/__.pdf", extra=unicode_path_extra(b"027/__.pdf", "027/另一个.pdf", crc=1)),  # not ours
    ]
    with open_zip(tmp_path, *members) as opened:
        assert paths(opened) == ["027/说明.pdf", "027/__.pdf"]


def test_undecodable_names_are_listed_escaped(tmp_path: Path) -> None:
    with open_zip(tmp_path, "027/说明.pdf", Member(b"027/\xff\xff.pdf"), Member(b"027/a\x01b.pdf")) as opened:
        assert paths(opened) == ["027/说明.pdf"]
        assert skipped(opened) == [
            ("027/\\xff\\xff.pdf", "undecodable", UNDECODABLE),
            ("027/a\\x01b.pdf", "undecodable", UNDECODABLE),
        ]


# --- shape ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("names", "wrappers", "expected"),
    [
        (
            ["滨河镇材料/027 标题/1.pdf", "滨河镇材料/030/2.pdf"],
            ["滨河镇材料"],
            ["027 标题/1.pdf", "030/2.pdf"],
        ),
        (
            ["报送材料/滨河镇/027/1.pdf", "报送材料/滨河镇/030/2.pdf"],
            ["报送材料", "滨河镇"],
            ["027/1.pdf", "030/2.pdf"],
        ),
        (["a/b/c/d.pdf"], ["a", "b"], ["c/d.pdf"]),  # two levels at most
        (["滨河镇材料/说明.pdf"], ["滨河镇材料"], ["说明.pdf"]),
        (["027 标题/滨河镇/1.pdf"], [], ["027 标题/滨河镇/1.pdf"]),  # a task folder is content
        (["滨河镇/加1/1.pdf"], ["滨河镇"], ["加1/1.pdf"]),
        (["滨河镇/1.pdf", "司法局/2.pdf"], [], ["滨河镇/1.pdf", "司法局/2.pdf"]),
        (["滨河镇/1.pdf", "2.pdf"], [], ["滨河镇/1.pdf", "2.pdf"]),
    ],
)
def test_wrapper_folders(tmp_path: Path, names: list[str], wrappers: list[str], expected: list[str]) -> None:
    with open_zip(tmp_path, *names) as opened:
        assert (opened.wrappers, paths(opened)) == (wrappers, expected)


def test_junk_is_skipped_and_listed(tmp_path: Path) -> None:
    names = [
        "滨河镇材料/027/1-说明.pdf",
        "__MACOSX/滨河镇材料/027/._1-说明.pdf",
        "__MACOSX/滨河镇材料/._027",
        "滨河镇材料/Thumbs.db",
        "滨河镇材料/027/~$说明.docx",
        "滨河镇材料/027/.DS_Store",
        "滨河镇材料/desktop.ini",
        "滨河镇材料/027/WRL0001.tmp",
    ]
    with open_zip(tmp_path, *names) as opened:
        assert opened.wrappers == ["滨河镇材料"]
        assert paths(opened) == ["027/1-说明.pdf"]
        assert skipped(opened) == [
            ("__MACOSX", "junk", "macOS 压缩时附带的资源文件，已忽略"),
            ("Thumbs.db", "junk", "Windows 缩略图缓存文件，已忽略"),
            ("027/~$说明.docx", "junk", "Office 打开文件时留下的临时锁定文件，已忽略"),
            ("027/.DS_Store", "junk", "macOS 文件夹设置文件，已忽略"),
            ("desktop.ini", "junk", "Windows 文件夹设置文件，已忽略"),
            ("027/WRL0001.tmp", "junk", "临时文件，已忽略"),
        ]


def test_folder_entries_are_not_files(tmp_path: Path) -> None:
    with open_zip(
        tmp_path, Member("滨河镇/", data=b""), Member("滨河镇/027/", data=b""), "滨河镇/027/1.pdf"
    ) as opened:
        assert (opened.wrappers, paths(opened)) == (["滨河镇"], ["027/1.pdf"])


def test_nested_zip_one_level(tmp_path: Path) -> None:
    windows_style = make_zip(  # Windows' 压缩(zipped)文件夹 of the folder 附件: every name starts with 附件/
        Member("附件/a.pdf", data=b"inner a"), "附件/b/c.pdf", Member("附件/深层.zip", data=make_zip("x.pdf"))
    )
    plain = make_zip(Member("照片.jpg", data=b"jpg"))
    outer: list[Member | str] = [
        "滨河镇材料/027/1-说明.pdf",
        Member("滨河镇材料/027/附件.zip", data=windows_style),
        Member("滨河镇材料/030/扫描件.ZIP", data=plain),
    ]
    with open_zip(tmp_path, *outer) as opened:
        assert opened.wrappers == ["滨河镇材料"]
        assert paths(opened) == [
            "027/1-说明.pdf",
            "027/附件/a.pdf",
            "027/附件/b/c.pdf",
            "030/扫描件/照片.jpg",
        ]
        assert skipped(opened) == [
            ("027/附件/深层.zip", "unsupported", f"压缩包里的压缩包中又有压缩包，只能解开一层，{ADVICE}")
        ]
        assert opened.entries[1].source == ZipMember(1, 0)
        assert read(opened, opened.entries[1]) == b"inner a"
        assert read(opened, opened.entries[3]) == b"jpg"


def test_nested_zip_alone_becomes_the_tree(tmp_path: Path) -> None:
    """A zip holding only 滨河镇材料.zip: its entries come under 滨河镇材料/, which then is the wrapper."""
    with open_zip(tmp_path, Member("滨河镇材料.zip", data=make_zip("滨河镇材料/027/1.pdf"))) as opened:
        assert (opened.wrappers, paths(opened)) == (["滨河镇材料"], ["027/1.pdf"])


def test_rar_and_7z_by_name_and_by_bytes(tmp_path: Path) -> None:
    members: list[Member | str] = [
        "027/说明.pdf",
        Member("027/材料.rar", data=b"not really"),
        Member("027/图片.7z", data=b"not really"),
        Member("027/附件.dat", data=b"Rar!\x1a\x07\x01\x00rest"),
        Member("027/扫描件.pdf", data=b"7z\xbc\xaf\x27\x1c\x00\x04rest"),
        Member("027/改了名的.zip", data=b"Rar!\x1a\x07\x00rest"),
    ]
    with open_zip(tmp_path, *members) as opened:
        assert paths(opened) == ["027/说明.pdf"]
        assert skipped(opened) == [
            ("027/材料.rar", "unsupported", f"RAR 压缩包无法读取，{ADVICE}"),
            ("027/图片.7z", "unsupported", f"7z 压缩包无法读取，{ADVICE}"),
            ("027/附件.dat", "unsupported", f"RAR 压缩包无法读取，{ADVICE}"),
            ("027/扫描件.pdf", "unsupported", f"7z 压缩包无法读取，{ADVICE}"),
            ("027/改了名的.zip", "unsupported", f"RAR 压缩包无法读取，{ADVICE}"),
        ]


@pytest.mark.parametrize(
    ("name", "head"), [("材料.rar", b"Rar!\x1a\x07\x00"), ("材料.zip", b"7z\xbc\xaf\x27\x1c")]
)
def test_a_rar_or_7z_input_is_refused(tmp_path: Path, name: str, head: bytes) -> None:
    kind = "RAR" if head.startswith(b"Rar") else "7z"
    path = write(tmp_path, head + b"\x00" * 20, name)
    assert refusal(path) == f"“{name}”是 {kind} 压缩包，无法读取。{ADVICE}。"


def test_unsupported_compression_method(tmp_path: Path) -> None:
    with open_zip(tmp_path, "a.pdf", Member("b.pdf", data=b"b" * 100, method=zipfile.ZIP_BZIP2)) as opened:
        assert paths(opened) == ["a.pdf"]
        assert skipped(opened) == [("b.pdf", "unsupported", f"使用了无法读取的压缩方式，{ADVICE}")]


def test_same_path_twice(tmp_path: Path) -> None:
    """a.pdf and A.pdf are one file on Windows; a folder 附件/ next to 附件.zip of the same folder too."""
    members: list[Member | str] = [
        "027/a.pdf",
        "027/A.pdf",
        "027/附件/1.pdf",
        Member("027/附件.zip", data=make_zip("附件/1.pdf")),
    ]
    with open_zip(tmp_path, *members) as opened:
        assert paths(opened) == ["027/a.pdf", "027/附件/1.pdf"]
        reason = "与另一个文件同名（只是字母大小写不同，Windows 上无法并存），只收取了前一个"
        assert skipped(opened) == [
            ("027/A.pdf", "duplicate", reason),
            ("027/附件/1.pdf", "duplicate", reason),
        ]


# --- refusals ------------------------------------------------------------------------------------------------

OUTSIDE = "指向压缩包以外的位置（含 ../、绝对路径或盘符），为安全起见不予处理。"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (b"../x", "../x"),
        (b"a/../../x", "a/../../x"),
        (b"/etc/x", "/etc/x"),
        (b"C:\\x", "C:\\x"),
        (b"c:x", "c:x"),
        (b"a\\..\\..\\x", "a\\..\\..\\x"),
        ("..\\材料\\x".encode("gbk"), "..\\材料\\x"),
        (b"\\\\server\\share\\x", "\\\\server\\share\\x"),
        (b"../\xff\xff", "../\\xff\\xff"),  # undecodable, and still refused
    ],
)
def test_path_traversal_is_refused(tmp_path: Path, raw: bytes, shown: str) -> None:
    path = write(tmp_path, make_zip("ok.pdf", Member(raw)))
    assert refusal(path) == f"“{shown}”{OUTSIDE}"


def test_a_gbk_name_with_a_backslash_byte_is_not_traversal(tmp_path: Path) -> None:
    """GBK second bytes include 0x5C ("\\"): 淺 is 0x9C 0x5C. The name is decoded before it is split."""
    assert "淺".encode("gbk") == b"\x9c\\"
    with open_zip(tmp_path, "027/淺../a.pdf", "027/淺") as opened:
        assert paths(opened) == ["027/淺../a.pdf", "027/淺"]


def test_symlink_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path, make_zip("a.pdf", Member("link.pdf", data=b"/etc/passwd", mode=stat.S_IFLNK | 0o777))
    )
    assert refusal(path) == "“link.pdf”是符号链接，为安全起见不予处理。请只压缩普通文件和文件夹。"


def test_encrypted_zip_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, make_zip("a.pdf", Member("说明.pdf", flags=0x1)))
    assert (
        refusal(path)
        == "压缩包设置了密码（“说明.pdf”已加密），无法读取。请取消密码后重新压缩，或直接发送文件夹。"
    )


def test_nested_zip_refusals_name_the_nested_zip(tmp_path: Path) -> None:
    inner = make_zip(Member("说明.pdf", flags=0x1))
    path = write(tmp_path, make_zip("滨河镇/1.pdf", Member("滨河镇/附件.zip", data=inner)))
    assert refusal(path) == (
        "压缩包设置了密码（“滨河镇/附件.zip”中的“说明.pdf”已加密），无法读取。请取消密码后重新压缩，或直接发送文件夹。"
    )
    broken = make_zip("滨河镇/1.pdf", Member("滨河镇/附件.zip", data=make_zip("a.pdf")[:30]))
    assert (
        refusal(write(tmp_path, broken))
        == f"“滨河镇/附件.zip”不完整或已损坏（可能没有下载完），无法读取。{RESEND}"
    )
    traversal = make_zip(Member("附件.zip", data=make_zip(Member(b"../../x"))))
    assert refusal(write(tmp_path, traversal)) == f"“附件.zip”中的“../../x”{OUTSIDE}"


def test_declared_total_over_the_limit(tmp_path: Path) -> None:
    data = make_zip(Member("a.bin", method=zipfile.ZIP_STORED), Member("b.bin", method=zipfile.ZIP_STORED))
    for index in (0, 1):  # 2 × 3.75 GiB declared, ratio 1: only the total gives it away
        data = patch_sizes(data, index, size=0xF000_0000, compressed=0xF000_0000)
    message = "解压后的总大小超过 {} 的上限，疑似压缩炸弹或材料过大，不予处理。请分批发送。"
    assert refusal(write(tmp_path, data)) == message.format("4 GiB")
    small = write(
        tmp_path, make_zip(Member("a.bin", data=b"12345678"), Member("b.bin", data=b"12345678")), "小.zip"
    )
    assert refusal(small, max_total=10) == message.format("10 字节")
    open_source(small, max_total=16).close()


def test_compression_ratio_bomb(tmp_path: Path) -> None:
    data = make_zip(Member("zeros.bin", data=bytes(50 << 20)))
    info = zipfile.ZipFile(io.BytesIO(data)).infolist()[0]
    ratio = info.file_size / info.compress_size
    assert ratio > 200
    assert (
        refusal(write(tmp_path, data))
        == f"“zeros.bin”的压缩比异常（约 {ratio:.0f} 倍），疑似压缩炸弹，不予处理。"
    )
    # Up to 1 MiB an entry may compress as well as it likes.
    with open_zip(tmp_path, Member("zeros.bin", data=bytes(1 << 20))) as opened:
        assert read(opened, opened.entries[0]) == bytes(1 << 20)


def test_an_entry_declaring_less_than_it_holds(tmp_path: Path) -> None:
    """zipfile reads no more than declared: the rest is cut off and the CRC no longer matches."""
    data = patch_sizes(make_zip(Member("a.txt", data=os.urandom(100_000))), 0, size=50_000)
    with open_source(write(tmp_path, data)) as opened:
        with pytest.raises(ArchiveRefused) as caught:
            copy_entry(opened, opened.entries[0], io.BytesIO())
        assert caught.value.message == f"“a.txt”校验失败（CRC 错误），压缩包已损坏。{RESEND}"


def test_an_entry_declaring_more_than_it_holds(tmp_path: Path) -> None:
    data = patch_sizes(make_zip(Member("a.txt", data=b"x" * 1000)), 0, size=5000)
    with open_source(write(tmp_path, data)) as opened:
        with pytest.raises(ArchiveRefused) as caught:
            entry_sha256(opened, opened.entries[0])
        assert (
            caught.value.message == f"“a.txt”的实际内容比声明的大小更小，文件已损坏或在读取时被改动。{RESEND}"
        )


def test_a_file_that_grows_while_copied_is_cut_short(tmp_path: Path) -> None:
    """The bytes are counted while streaming: never more than the size that was checked."""
    (tmp_path / "in" / "027").mkdir(parents=True)
    (tmp_path / "in" / "027" / "a.pdf").write_bytes(b"x" * 10)
    with open_source(tmp_path / "in") as opened:
        (tmp_path / "in" / "027" / "a.pdf").write_bytes(b"x" * (3 << 20))
        sink = io.BytesIO()
        with pytest.raises(ArchiveRefused) as caught:
            copy_entry(opened, opened.entries[0], sink)
        assert (
            caught.value.message == "“027/a.pdf”的实际内容比声明的大小更大，疑似恶意构造的压缩包，不予处理。"
        )
        assert sink.getvalue() == b""


def test_bad_crc_shows_while_reading(tmp_path: Path) -> None:
    """A small entry is read whole when open_source looks at its first bytes: refused there already.
    A larger one shows its bad CRC when copied."""
    for size, at_open in ((100, True), (100_000, False)):
        data = bytearray(make_zip(Member("a.txt", data=b"hello" * size, method=zipfile.ZIP_STORED)))
        data[data.index(b"hello") + 7] = ord("j")
        message = f"“a.txt”校验失败（CRC 错误），压缩包已损坏。{RESEND}"
        path = write(tmp_path, bytes(data))
        if at_open:
            assert refusal(path) == message
            continue
        with open_source(path) as opened:
            assert paths(opened) == ["a.txt"]
            with pytest.raises(ArchiveRefused) as caught:
                copy_entry(opened, opened.entries[0], io.BytesIO())
            assert caught.value.message == message


def test_truncated_zip(tmp_path: Path) -> None:
    data = make_zip("滨河镇/1-说明.pdf", Member("滨河镇/2.pdf", data=os.urandom(5000)))
    path = write(tmp_path, data[: len(data) // 2])
    assert refusal(path) == f"“材料.zip”不完整或已损坏（可能没有下载完），无法读取。{RESEND}"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<html>WeChat</html>", f"“材料.zip”不是 zip 压缩包，或已损坏。{RESEND}"),
        (b"", f"“材料.zip”是空文件。{RESEND}"),
    ],
)
def test_not_a_zip(tmp_path: Path, data: bytes, message: str) -> None:
    assert refusal(write(tmp_path, data)) == message


def test_missing_input(tmp_path: Path) -> None:
    assert refusal(tmp_path / "没有.zip") == f"找不到文件或文件夹：{tmp_path / '没有.zip'}"


# --- reading -------------------------------------------------------------------------------------------------


def test_copy_entry_hashes_and_closes(tmp_path: Path) -> None:
    body = os.urandom(3 << 20)
    data = make_zip(
        Member("滨河镇/a.bin", data=body), Member("滨河镇/b.txt", data=b"b", method=zipfile.ZIP_STORED)
    )
    with open_source(write(tmp_path, data)) as opened:
        assert opened.source_name == "材料.zip"
        assert opened.sha256 == hashlib.sha256(data).hexdigest()
        a, b = opened.entries
        assert (a.path, a.size, a.source, a.mtime) == ("a.bin", len(body), ZipMember(0, 0), a.mtime)
        assert a.mtime is not None and a.mtime.year == 2024
        assert read(opened, a) == body
        assert entry_sha256(opened, a) == hashlib.sha256(body).hexdigest()
        assert read(opened, b) == b"b"
        zf = opened.zips[0]
    assert zf.fp is None  # closed


def test_folder_input(tmp_path: Path) -> None:
    root = tmp_path / "滨河镇报送材料"
    base = os.fsencode(root)
    gbk = base + b"/" + "滨河镇".encode("gbk") + b"/" + "027 规范性文件".encode("gbk")
    os.makedirs(gbk)
    with open(gbk + b"/" + "1-说明.pdf".encode("gbk"), "wb") as handle:
        handle.write(b"pdf")
    with open(gbk + b"/Thumbs.db", "wb") as handle:
        handle.write(b"")
    os.makedirs(base + b"/__MACOSX/x")
    with open(gbk + b"/" + "附件.zip".encode("gbk"), "wb") as handle:
        handle.write(make_zip("附件/a.pdf", Member("附件/b.rar", data=b"Rar!\x1a\x07\x00")))
    with open_source(root) as opened:
        assert opened.source_name == "滨河镇报送材料"
        assert opened.sha256 is None
        assert opened.wrappers == ["滨河镇"]
        assert paths(opened) == ["027 规范性文件/1-说明.pdf", "027 规范性文件/附件/a.pdf"]
        assert skipped(opened) == [
            ("__MACOSX", "junk", "macOS 压缩时附带的资源文件，已忽略"),
            ("027 规范性文件/Thumbs.db", "junk", "Windows 缩略图缓存文件，已忽略"),
            ("027 规范性文件/附件/b.rar", "unsupported", f"RAR 压缩包无法读取，{ADVICE}"),
        ]
        first = opened.entries[0]
        assert first.source == DiskFile(os.fsdecode(gbk + b"/" + "1-说明.pdf".encode("gbk")))
        assert first.mtime is not None
        assert read(opened, first) == b"pdf"


def test_folder_with_a_symlink_is_refused(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.pdf").symlink_to("/etc/passwd")
    assert refusal(tmp_path / "in") == "“a.pdf”是符号链接，为安全起见不予处理。请只发送普通文件和文件夹。"


def test_skipped_is_a_plain_record() -> None:
    assert Skipped("a", "b", "junk") == Skipped("a", "b", "junk")


# --- robustness ----------------------------------------------------------------------------------------------

_SAMPLE = make_zip(
    "滨河镇/027/1-说明.pdf",
    Member("滨河镇/b.txt", data=b"hello " * 500),
    Member("滨河镇/c.bin", data=bytes(range(256)), method=zipfile.ZIP_STORED),
    Member("附件.zip", data=make_zip("附件/a.pdf", Member("附件/b.txt", data=b"q" * 3000))),
)


def _only_refusals(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "材料.zip"
        path.write_bytes(data)
        try:
            with open_source(path) as opened:
                for entry in opened.entries:
                    copy_entry(opened, entry, io.BytesIO())
        except ArchiveRefused:
            pass


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes_are_only_ever_refused(data: bytes) -> None:
    _only_refusals(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.integers(0, len(_SAMPLE) - 1), st.integers(0, 255)), min_size=1, max_size=6),
    st.integers(1, len(_SAMPLE)),
)
def test_damaged_zips_are_only_ever_refused(changes: list[tuple[int, int]], keep: int) -> None:
    data = bytearray(_SAMPLE)
    for position, value in changes:
        data[position] = value
    _only_refusals(bytes(data[:keep]))


# --- fzcj's own rules, limits and staging ---------------------------------------------------------------


def test_hidden_files_outside_macosx_are_junk_as_the_walk_says(tmp_path: Path) -> None:
    """The evidence walk ignores dotfiles (AppleDouble ``._x`` included): so does the archive reader."""
    with open_zip(tmp_path, "027/1.pdf", "027/._1.pdf", "027/ehthumbs.db") as opened:
        assert paths(opened) == ["027/1.pdf"]
        assert [kind for _, kind, _ in skipped(opened)] == ["junk", "junk"]
        assert skipped(opened)[0][2] == "隐藏文件（如 macOS 的 ._ 资源文件），已忽略"


def test_a_wrapper_named_like_a_year_is_unwrapped_when_the_caller_knows_the_tasks(tmp_path: Path) -> None:
    path = write(tmp_path, make_zip("2022年滨河镇材料/027/1.pdf", "2022年滨河镇材料/030/2.pdf"))
    with open_source(path) as opened:  # by default "2022…" starts like a task number: content
        assert opened.wrappers == []
    with open_source(path, is_content=lambda name: name[:3] in ("027", "030")) as opened:
        assert (opened.wrappers, paths(opened)) == (["2022年滨河镇材料"], ["027/1.pdf", "030/2.pdf"])


def test_too_many_files_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, make_zip(*(f"a/{n}.pdf" for n in range(5))))
    assert refusal(path, max_files=4) == (
        "文件数超过 4 个的上限，疑似恶意构造的压缩包或材料过多，不予处理。请分批发送。"
    )
    open_source(path, max_files=5).close()


def test_stage_all_copies_every_entry_with_its_hash_and_ends(tmp_path: Path) -> None:
    body = os.urandom(20_000)
    staging = tmp_path / "staging"
    staging.mkdir()
    with open_zip(tmp_path, Member("a.bin", data=body), Member("b.txt", data=b"short")) as opened:
        reads = stage_all(opened, opened.entries, staging, head_size=4, tail_size=3, sync=False)
    assert [(r.entry.path, r.head, r.tail) for r in reads] == [
        ("a.bin", body[:4], body[-3:]),
        ("b.txt", b"shor", b"ort"),
    ]
    assert all(r.staged is not None and r.staged.read_bytes() for r in reads)
    assert reads[0].sha256 == hashlib.sha256(body).hexdigest()


def test_stage_all_leaves_nothing_when_a_late_entry_is_corrupt(tmp_path: Path) -> None:
    data = bytearray(make_zip("a.txt", Member("b.txt", data=b"hello" * 100_000, method=zipfile.ZIP_STORED)))
    data[data.index(b"hello") + 7] = ord("j")
    staging = tmp_path / "staging"
    staging.mkdir()
    with open_source(write(tmp_path, bytes(data))) as opened, pytest.raises(ArchiveRefused, match="CRC"):
        stage_all(opened, opened.entries, staging, head_size=4, tail_size=4)
    assert list(staging.iterdir()) == []


def make_tree(root: Path, *names: bytes) -> Path:
    """Files (holding b"x") at raw byte paths under ``root``, as an unzip tool leaves them."""
    for name in names:
        path = os.fsencode(root) + b"/" + name
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(b"x")
    return root


def test_a_folder_python_unzipped_is_read_back_as_gbk(tmp_path: Path) -> None:
    """zipfile.extractall of a Windows zip names everything in cp437 mojibake: ▒⌡║╙╒≥ is 滨河镇."""
    garbled = "滨河镇/061 行政执法公示/1-执法公示情况.pdf".encode("gbk").decode("cp437")
    with open_source(make_tree(tmp_path / "unz", garbled.encode())) as opened:
        assert opened.wrappers == ["滨河镇"]
        assert paths(opened) == ["061 行政执法公示/1-执法公示情况.pdf"]
        assert opened.recovered["▒⌡║╙╒≥"] == "滨河镇"


def test_a_folder_debian_unzipped_from_an_ntfs_zip_is_read_as_gbk(tmp_path: Path) -> None:
    """Debian's unzip leaves the GBK bytes of a zip marked as made on NTFS as they are."""
    raw = "滨河镇/061 行政执法公示/1-执法公示情况.pdf".encode("gbk")
    with open_source(make_tree(tmp_path / "deb", raw)) as opened:
        assert opened.wrappers == ["滨河镇"] and paths(opened) == ["061 行政执法公示/1-执法公示情况.pdf"]


def test_a_folder_debian_unzipped_from_a_fat_zip_is_never_read_as_wrong_chinese(tmp_path: Path) -> None:
    """For a zip marked as made on FAT, Debian's unzip first maps the names from a DOS code page, losing bytes:
    these are what it made of 滨河镇/报送清单.docx and 滨河镇/061 行政执法公示/. GB18030 reads the first as the
    wrong Chinese (--谜裂.docx), the folder as Greek: none is read, and the office is told to take the zip."""
    root = make_tree(
        tmp_path / "deb",
        b"\xa6\xa7\xa6\xcbi=/\xa6\xbf--\xc3\xd5\xc1\xd1.docx",
        b"\xa6\xa7\xa6\xcbi=/061 \xf0\xf0i\xa6\xcd\xa6\xc0\xbf\xa6\xbd-\xa5/1.pdf",
    )
    with open_source(root) as opened:
        assert paths(opened) == []
        ((path, kind, reason),) = skipped(opened)
        assert (path, kind) == ("\\xa6\\xa7\\xa6\\xcbi=", "undecodable")
        assert "请改用 fzcj intake 直接收取那个压缩包" in reason and "重新发送" not in reason
