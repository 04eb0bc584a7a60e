"""The GB/T 9704-2012 page and styles of a python-docx document, and its file properties.

A4 with the standard margins (a landscape page turns the same text block), 22 lines of 28 三号
characters, the styles every paragraph of :mod:`.official` uses (body 仿宋 三号 on exact lines with a
two-character indent, 黑体 and 楷体 headings, 二号 title, 四号 page numbers, table text), Chinese as the
document language, and core and extended properties that name this document only.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from fzcj.data.model import ReportFonts
from fzcj.report.docx.ooxml import (
    THEME_ATTRS,
    clean_text,
    off_grid,
    set_child,
    set_fonts,
    set_indent,
    set_size,
    set_spacing,
    strip_children,
)

# Chinese type sizes in points (号).
SIZE_2 = 22.0
SIZE_3 = 16.0
SIZE_4 = 14.0
SIZE_SMALL_4 = 12.0
SIZE_5 = 10.5
LINE_PT = 28.95  # 225 mm / 22
LINE_TWIPS = 579
TITLE_LINE_PT = 36.0
GRID_CHARS = 28
TABLE_STYLE = "Table Text"
TABLE_STYLE_ID = "TableText"
TABLE_LINE = 1.3
"""Table text's line height in ems: about Word's single spacing for 仿宋 and 宋体, set exactly so that
rows are as tall in Word, WPS and LibreOffice whatever font stands in."""

ALIGN = {
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "both": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


@dataclass(frozen=True)
class Page:
    """A page and its text block, in millimetres; ``footer`` is the page number's distance from the edge."""

    width: float
    height: float
    top: float
    bottom: float
    left: float
    right: float
    footer: float

    @property
    def text_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def landscape(self) -> bool:
        return self.width > self.height


PORTRAIT = Page(210, 297, top=37, bottom=35, left=28, right=26, footer=22)
LANDSCAPE = Page(297, 210, top=28, bottom=26, left=35, right=37, footer=14)
"""The portrait text block (156 × 225 mm) turned: the landscape page's top edge is the portrait page's
binding edge, so a table's head lies at the binding edge of an odd page (GB/T 9704 §10.1)."""
PORTRAIT_TEXT_TWIPS = Mm(PORTRAIT.width).twips - Mm(PORTRAIT.left).twips - Mm(PORTRAIT.right).twips


def condensed_twips(text_twips: int, size: float = SIZE_3, chars: int = GRID_CHARS) -> int:
    """The character spacing (``w:spacing``, in twips, negative) that puts ``chars`` characters of
    ``size`` points on a line ``text_twips`` wide: 三号 characters are 16 pt, the 156 mm line holds
    only 27.6 of them, and GB/T 9704 asks for 28.

    Word's own way, a ``linesAndChars`` document grid with a negative ``w:charSpace``, is read by
    LibreOffice (7.4) as two grid cells per character, 14 to a line; condensed spacing gives 28 in
    Word, WPS and LibreOffice alike.
    """
    return -math.ceil(size * 20 - text_twips / chars)


def set_page(section: Any, page: Page) -> None:
    """Size, orientation, margins and the 22-line grid of one section."""
    section.orientation = WD_ORIENT.LANDSCAPE if page.landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(page.width), Mm(page.height)
    section.top_margin, section.bottom_margin = Mm(page.top), Mm(page.bottom)
    section.left_margin, section.right_margin = Mm(page.left), Mm(page.right)
    section.header_distance, section.footer_distance = Mm(15), Mm(page.footer)
    set_child(section._sectPr, "w:docGrid", type="lines", linePitch=str(LINE_TWIPS))


def set_up_languages(document: Any) -> None:
    """Chinese for East Asian text (the template's theme says Japanese) and odd/even footers."""
    settings = document.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is None:
        lang = OxmlElement("w:themeFontLang")
        settings.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    document.settings.odd_and_even_pages_header_footer = True


def set_up_styles(document: Any, fonts: ReportFonts, table_size: float) -> None:
    """Every style the documents use, without theme fonts, colours or borders."""
    styles = document.styles.element
    for rfonts in styles.iter(qn("w:rFonts")):
        for attr in THEME_ATTRS:
            rfonts.attrib.pop(qn(attr), None)
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, fonts.body, fonts.latin)
    set_size(rpr, SIZE_3)
    rpr.find(qn("w:lang")).set(qn("w:eastAsia"), "zh-CN")
    set_spacing(defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")), exact_pt=None)
    f = fonts

    def style(name: str, font: str, size: float, **kwargs: Any) -> None:
        _paragraph_style(document.styles[name], font, kwargs.pop("latin", f.latin), size, **kwargs)

    style("Normal", f.body, SIZE_3, exact_pt=LINE_PT, first_chars=2, align="both")
    normal = document.styles["Normal"].element.get_or_add_rPr()
    set_child(normal, "w:spacing", val=str(condensed_twips(PORTRAIT_TEXT_TWIPS)))  # 28 characters a line
    style("Title", f.title, SIZE_2, exact_pt=TITLE_LINE_PT, align="center", grid=False)
    style("Heading 1", f.heading1, SIZE_3, exact_pt=LINE_PT, first_chars=2)
    style("Heading 2", f.heading2, SIZE_3, exact_pt=LINE_PT, first_chars=2)
    for name in ("Footer", "Header"):
        style(name, f.page_number, SIZE_4, exact_pt=None, latin=f.page_number, grid=False)
    document.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH).base_style = document.styles["Normal"]
    table_line = round(table_size * TABLE_LINE, 1)
    style(TABLE_STYLE, f.table, table_size, exact_pt=table_line, align="left", grid=False)
    table_ppr = document.styles[TABLE_STYLE].element.get_or_add_pPr()
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):  # no extra space between Chinese and digits: 5月30日
        set_child(table_ppr, tag, val="0")
    for name in ("Title Char", "Heading 1 Char", "Heading 2 Char"):
        _plain(document.styles[name].element)


def _plain(style: Any) -> None:
    """Remove colour, bold, italics, borders and character spacing (black text, no blue rule)."""
    rpr, ppr = style.get_or_add_rPr(), style.get_or_add_pPr()
    strip_children(rpr, "w:b", "w:bCs", "w:i", "w:iCs", "w:color", "w:spacing", "w:kern")
    strip_children(ppr, "w:pBdr", "w:contextualSpacing", "w:tabs")


def _paragraph_style(
    style: Any,
    font: str,
    latin: str,
    size: float,
    *,
    exact_pt: float | None,
    first_chars: int = 0,
    align: str | None = None,
    grid: bool = True,
) -> None:
    element = style.element
    _plain(element)
    rpr, ppr = element.get_or_add_rPr(), element.get_or_add_pPr()
    set_fonts(rpr, font, latin)
    set_size(rpr, size)
    set_spacing(ppr, exact_pt=exact_pt)
    set_indent(ppr, first_chars=first_chars, size=size)
    if not grid:  # off the line grid, at the font's own character spacing
        off_grid(ppr, rpr)
        set_child(rpr, "w:spacing", val="0")
    if align is not None:
        style.paragraph_format.alignment = ALIGN[align]


def set_properties(document: Any, *, title: str, author: str, subject: str, created: dt.date) -> None:
    """Core properties (the template's own carry a 2013 date), extended properties without the
    template's application name and counts, and no template thumbnail."""
    props = document.core_properties
    stamp = dt.datetime.combine(created, dt.time(), tzinfo=dt.UTC)
    props.title = clean_text(title)
    props.author = props.last_modified_by = clean_text(author)
    props.subject = clean_text(subject)
    props.created = props.modified = stamp
    props.revision = 1
    props.language = "zh-CN"
    props.keywords = props.comments = props.category = ""
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/extended-properties"):
            rel.target_part._blob = _APP_XML
        elif rel.reltype.endswith("/thumbnail"):
            package.rels.pop(rel_id)


_APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    b"<Application>fzcj</Application><DocSecurity>0</DocSecurity></Properties>"
)
"""docProps/app.xml: no page or word counts (the template's would be stale) and no other program's name."""
