"""Low-level WordprocessingML helpers that python-docx has no API for: fonts in all four slots, sizes,
indents in characters, exact line spacing, new ``w:`` elements, and text cleaned of characters XML
cannot hold."""

from __future__ import annotations

import re
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
THEME_ATTRS = ("w:asciiTheme", "w:eastAsiaTheme", "w:hAnsiTheme", "w:cstheme")
AFTER_SHD = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")


def clean_text(text: str) -> str:
    """Text python-docx accepts: CR LF and CR become LF; control characters, U+FFFE/FFFF and lone
    surrogates are removed."""
    return _ILLEGAL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def set_fonts(rpr: Any, east_asia: str, latin: str, *, hint: bool = False) -> None:
    """Name all four font slots on an ``w:rPr`` and drop theme fonts (they override explicit names)."""
    fonts = rpr.get_or_add_rFonts()
    for attr in THEME_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:cs"), latin)
    if hint:
        fonts.set(qn("w:hint"), "eastAsia")


def set_size(rpr: Any, points: float) -> None:
    half_points = str(round(points * 2))
    for tag in ("w:sz", "w:szCs"):
        element = rpr.find(qn(tag))
        if element is None:
            element = OxmlElement(tag)
            rpr.append(element)
        element.set(qn("w:val"), half_points)


def set_indent(
    ppr: Any, *, first_chars: int = 0, left_chars: int = 0, right_chars: int = 0, size: float
) -> None:
    """``w:ind`` in characters (hundredths) with the matching twips for programs that ignore *Chars."""
    ind = ppr.get_or_add_ind()
    for attr in list(ind.attrib):
        del ind.attrib[attr]
    twips_per_char = round(size * 20)
    for name, chars in (("firstLine", first_chars), ("left", left_chars), ("right", right_chars)):
        ind.set(qn(f"w:{name}Chars"), str(chars * 100))
        ind.set(qn(f"w:{name}"), str(chars * twips_per_char))


def set_spacing(ppr: Any, *, exact_pt: float | None) -> None:
    spacing = ppr.get_or_add_spacing()
    for attr in list(spacing.attrib):
        del spacing.attrib[attr]
    spacing.set(qn("w:before"), "0")
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), str(round(exact_pt * 20)) if exact_pt else "240")
    spacing.set(qn("w:lineRule"), "exact" if exact_pt else "auto")


def element(tag: str, **attrs: str) -> Any:
    """A new ``w:`` element with ``w:`` attributes."""
    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)
    return element


def strip_children(element: Any, *tags: str) -> None:
    for tag in tags:
        for child in element.findall(qn(tag)):
            element.remove(child)
