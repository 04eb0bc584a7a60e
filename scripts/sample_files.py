"""Real, minimal files for the example workspace: a PDF, a Word and an Excel file, a PNG image.

Each opens in the programs a clerk uses (Word/WPS, Excel, a PDF reader) and passes fzcj's content
check, yet is only a few hundred bytes to a few KiB. Written by hand with the standard library, so
the same text always gives the same bytes (the example workspace is kept in git).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from xml.sax.saxutils import escape

_FIXED_TIME = (2022, 6, 1, 0, 0, 0)


def pdf(lines: list[str]) -> bytes:
    """A one-page A4 PDF showing ``lines`` in 宋体 (Adobe's STSong-Light, which readers provide)."""
    text = b"BT /F1 14 Tf 60 770 Td 20 TL"
    for line in lines:
        text += b" <" + line.encode("utf-16-be").hex().upper().encode() + b"> Tj T*"
    text += b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >>"
        b" /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H"
        b" /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 7 0 R >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900]"
        b" /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
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


def _package(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            info = zipfile.ZipInfo(name, _FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml)
    return buffer.getvalue()


_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_ML = "application/vnd.openxmlformats-officedocument."


def _content_types(overrides: dict[str, str]) -> str:
    return (
        f'<Types xmlns="{_TYPES}">'
        f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{p}" ContentType="{_ML}{t}"/>' for p, t in overrides.items())
        + "</Types>"
    )


def _relationships(targets: dict[str, str]) -> str:
    return (
        f'<Relationships xmlns="{_RELS}">'
        + "".join(
            f'<Relationship Id="rId{n}" Type="{kind}" Target="{target}"/>'
            for n, (target, kind) in enumerate(targets.items(), 1)
        )
        + "</Relationships>"
    )


def docx(lines: list[str]) -> bytes:
    """A Word document (.docx) with one paragraph per line."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p><w:r><w:t>{escape(line)}</w:t></w:r></w:p>" for line in lines)
    return _package(
        {
            "[Content_Types].xml": _content_types(
                {"/word/document.xml": "wordprocessingml.document.main+xml"}
            ),
            "_rels/.rels": _relationships({"word/document.xml": _OFFICE_DOCUMENT}),
            "word/document.xml": f'<w:document xmlns:w="{w}"><w:body>{body}<w:sectPr/></w:body></w:document>',
        }
    )


def xlsx(lines: list[str]) -> bytes:
    """An Excel workbook (.xlsx) with one sheet holding one line per row in column A."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{escape(line)}</t></is></c></row>'
        for n, line in enumerate(lines, 1)
    )
    return _package(
        {
            "[Content_Types].xml": _content_types(
                {
                    "/xl/workbook.xml": "spreadsheetml.sheet.main+xml",
                    "/xl/worksheets/sheet1.xml": "spreadsheetml.worksheet+xml",
                }
            ),
            "_rels/.rels": _relationships({"xl/workbook.xml": _OFFICE_DOCUMENT}),
            "xl/workbook.xml": f'<workbook xmlns="{main}" xmlns:r="{r}"><sheets>'
            '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
            "xl/_rels/workbook.xml.rels": _relationships({"worksheets/sheet1.xml": f"{r}/worksheet"}),
            "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}"><sheetData>{rows}</sheetData></worksheet>',
        }
    )


def png(width: int = 64, height: int = 48, grey: int = 200) -> bytes:
    """A plain grey PNG image (stands in for a photo)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + bytes([grey]) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )
