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
        set_child(rpr, tag, val=half_points)


_SEQUENCES = {
    "pPr": (
        "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
        "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
        "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
        "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
        "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
        "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
    ),
    "rPr": (
        "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
        "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
        "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs",
        "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
        "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath",
    ),
    "sectPr": (
        "w:headerReference", "w:footerReference", "w:footnotePr", "w:endnotePr", "w:type", "w:pgSz",
        "w:pgMar", "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType", "w:cols", "w:formProt",
        "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid",
        "w:printerSettings", "w:sectPrChange",
    ),
    "tblPr": (
        "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
        "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd",
        "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange",
    ),
}  # fmt: skip
"""The order of the children of these elements (ECMA-376 Part 1, §17): Word rejects any other order."""


def set_child(parent: Any, tag: str, **attrs: str) -> Any:
    """Replace ``parent``'s ``tag`` child by a new one with ``attrs``, in schema order (``w:pPr``,
    ``w:rPr``, ``w:sectPr`` and ``w:tblPr``); returns it."""
    strip_children(parent, tag)
    sequence = _SEQUENCES[parent.tag.rpartition("}")[2]]
    new = element(tag, **attrs)
    parent.insert_element_before(new, *sequence[sequence.index(tag) + 1 :])
    return new


def off_grid(ppr: Any, rpr: Any | None = None) -> None:
    """Lines (and with ``rpr``, characters) not snapped to the document grid: for text that is not
    三号 body text (tables, titles, footers), which the 28-character grid would space out."""
    set_child(ppr, "w:snapToGrid", val="0")
    if rpr is not None:
        set_child(rpr, "w:snapToGrid", val="0")


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
