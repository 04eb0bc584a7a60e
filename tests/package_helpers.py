"""A small evidence tree for the package tests: counted files, every kind of file the package leaves out,
a 不涉及 note, a task sharing another's materials, a broken PDF and a name long enough to be cut."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from evidence_helpers import make_workspace, put

AS_OF = "2022-06-15"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256))
URL = "[InternetShortcut]\r\nURL=https://www.example.gov.cn/qzqd\r\n"
LONG = "关于" + "行政规范性文件合法性审核工作" * 5 + "的情况说明"  # 237 bytes: Linux allows 255


def docx_bytes() -> bytes:
    """The smallest zip the content check accepts as a Word file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


COUNTED = {
    "027 合法性审核/区司法局/1-合法性审查情况说明.docx": docx_bytes(),
    "027 合法性审核/区司法局/2-审查意见/审查意见一.pdf": PDF,
    "027 合法性审核/区司法局/2-审查意见/审查意见二.jpg": JPG,
    f"027 合法性审核/区司法局/2-{LONG}.pdf": PDF,
    "027 合法性审核/区司法局/2-审查意见/SHEN.pdf": PDF,
    "027 合法性审核/区司法局/2-审查意见/shen.PDF": PDF,
    "006 权责清单/区司法局/2-公开网址.url": URL,
    "006 权责清单/区司法局/1-权责清单.pdf": PDF,
    "015 企业合法权益/区司法局/梳理情况.pdf": PDF,
}
"""Files that count and go into the package (relative to evidence/)."""
BROKEN = "030 后评估/区司法局/后评估情况说明.pdf"
LEFT_OUT = {
    "027 合法性审核/区司法局/材料要求.txt": "要求",
    "027 合法性审核/区司法局/~$合法性审查情况说明.docx": "lock",
    "027 合法性审核/会议照片.jpg": JPG,
    "006 权责清单/区司法局/2-网页截图.pdf": PDF,
    "015 企业合法权益/区财政局/不涉及.txt": "本单位未发生因政府规划调整造成企业合法权益受损的情形。",
    "杂项/待分类材料.pdf": PDF,
    BROKEN: "这不是 PDF 文件",
}
"""Files the package leaves out: fzcj's note, a lock file, a misplaced file, a 网址 item's file without a
link, a 不涉及 note, a file outside any task folder, and a PDF that is not one (marked 损坏)."""


def build_tree(root: Path, *, review_required: bool = False) -> Path:
    make_workspace(root, review_required=review_required)
    for rel, content in {**COUNTED, **LEFT_OUT}.items():
        put(root, rel, content)
    return root
