"""A python-docx document set up in the official-document format (GB/T 9704-2012).

A4 with the standard margins and a 22-line × 28-character grid, 三号 body text on a fixed 28.95 pt line
with a two-character indent, headings 一、 in 黑体 and （一） in 楷体, page numbers ``— N —`` in 四号 宋体
on odd/even footers, landscape sections for wide annexes, a 版记, and tables (:mod:`.tables`). Every
run and style names its East Asian font (``w:eastAsia``) and every string is cleaned of XML-illegal
characters.

python-docx is imported here at module level: only :mod:`fzcj.report.docx` imports this module, and
nothing imports that package at module level.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from fzcj.data.model import ReportFonts
from fzcj.report.docx.ooxml import (
    THEME_ATTRS,
    clean_text,
    element,
    off_grid,
    set_child,
    set_fonts,
    set_indent,
    set_size,
    set_spacing,
    strip_children,
)
from fzcj.report.docx.tables import TABLE_LINE, TABLE_STYLE_ID, Column, GroupRow, add_table
from fzcj.report.wording import fullwidth

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

_ALIGN = {
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "both": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def condensed_twips(text_twips: int, size: float = SIZE_3, chars: int = GRID_CHARS) -> int:
    """The character spacing (``w:spacing``, in twips, negative) that puts ``chars`` characters of
    ``size`` points on a line ``text_twips`` wide: 三号 characters are 16 pt, the 156 mm line holds
    only 27.6 of them, and GB/T 9704 asks for 28.

    Word's own way, a ``linesAndChars`` document grid with a negative ``w:charSpace``, is read by
    LibreOffice (7.4) as two grid cells per character, 14 to a line; condensed spacing gives 28 in
    Word, WPS and LibreOffice alike.
    """
    return -math.ceil(size * 20 - text_twips / chars)


PORTRAIT_TEXT_TWIPS = Mm(PORTRAIT.width).twips - Mm(PORTRAIT.left).twips - Mm(PORTRAIT.right).twips


class OfficialDocument:
    """A Word document in the official-document format, written paragraph by paragraph."""

    def __init__(self, fonts: ReportFonts, *, table_size: float = SIZE_5) -> None:
        self.fonts = fonts
        self.table_size = table_size
        self.page = PORTRAIT
        self._tables = 0
        self.doc: Any = Document()
        self._set_page(self.doc.sections[0], PORTRAIT)
        self._setup_languages()
        self._setup_styles()
        self._setup_page_numbers()

    # ── set-up ──────────────────────────────────────────────────────────────────────────────

    def _set_page(self, section: Any, page: Page) -> None:
        section.orientation = WD_ORIENT.LANDSCAPE if page.landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(page.width), Mm(page.height)
        section.top_margin, section.bottom_margin = Mm(page.top), Mm(page.bottom)
        section.left_margin, section.right_margin = Mm(page.left), Mm(page.right)
        section.header_distance, section.footer_distance = Mm(15), Mm(page.footer)
        set_child(section._sectPr, "w:docGrid", type="lines", linePitch=str(LINE_TWIPS))  # 22 lines a page
        self.page = page

    def _spacer(self) -> Any:
        """A 1-point empty paragraph (``w:p``): between two tables, or to hold a section break."""
        p = self.paragraph(first_chars=0)._p
        set_spacing(p.get_or_add_pPr(), exact_pt=1)
        set_size(set_child(p.get_or_add_pPr(), "w:rPr"), 1)
        return p

    def _new_section(self, page: Page) -> None:
        """Start a section on a new page. The section break goes into the last paragraph (a tiny one
        after a table), not into a paragraph of its own that could spill onto an empty page."""
        body = self.doc.element.body
        sentinel = body.get_or_add_sectPr()
        last = sentinel.getprevious()
        if last is None or last.tag != qn("w:p"):
            last = self._spacer()
        last.set_sectPr(copy.deepcopy(sentinel))
        for reference in sentinel.xpath("w:headerReference|w:footerReference"):
            sentinel.remove(reference)  # the new section shows the same page numbers
        section = self.doc.sections[-1]
        section.start_type = WD_SECTION.NEW_PAGE
        self._set_page(section, page)

    def _setup_languages(self) -> None:
        settings = self.doc.settings.element
        lang = settings.find(qn("w:themeFontLang"))
        if lang is None:
            lang = OxmlElement("w:themeFontLang")
            settings.append(lang)
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
        self.doc.settings.odd_and_even_pages_header_footer = True

    def _setup_styles(self) -> None:
        styles = self.doc.styles.element
        for fonts in styles.iter(qn("w:rFonts")):
            for attr in THEME_ATTRS:
                fonts.attrib.pop(qn(attr), None)
        defaults = styles.find(qn("w:docDefaults"))
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        set_fonts(rpr, self.fonts.body, self.fonts.latin)
        set_size(rpr, SIZE_3)  # the character grid is measured against the default size
        rpr.find(qn("w:lang")).set(qn("w:eastAsia"), "zh-CN")
        set_spacing(defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")), exact_pt=None)
        f = self.fonts
        self._paragraph_style("Normal", f.body, SIZE_3, exact_pt=LINE_PT, first_chars=2, align="both")
        normal = self.doc.styles["Normal"].element.get_or_add_rPr()
        set_child(normal, "w:spacing", val=str(condensed_twips(PORTRAIT_TEXT_TWIPS)))  # 28 characters a line
        self._paragraph_style("Title", f.title, SIZE_2, exact_pt=TITLE_LINE_PT, align="center", grid=False)
        self._paragraph_style("Heading 1", f.heading1, SIZE_3, exact_pt=LINE_PT, first_chars=2)
        self._paragraph_style("Heading 2", f.heading2, SIZE_3, exact_pt=LINE_PT, first_chars=2)
        for name in ("Footer", "Header"):
            self._paragraph_style(name, f.page_number, SIZE_4, exact_pt=None, latin=f.page_number, grid=False)
        self.doc.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH).base_style = self.doc.styles["Normal"]
        table_line = round(
            self.table_size * TABLE_LINE, 1
        )  # the same row heights whatever the font's own leading
        self._paragraph_style(
            TABLE_STYLE, f.table, self.table_size, exact_pt=table_line, align="left", grid=False
        )
        table_ppr = self.doc.styles[TABLE_STYLE].element.get_or_add_pPr()
        for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):  # no extra space between Chinese and digits: 5月30日
            set_child(table_ppr, tag, val="0")
        for name in ("Title Char", "Heading 1 Char", "Heading 2 Char"):
            self._plain(self.doc.styles[name].element)

    def _plain(self, style: Any) -> None:
        """Remove colour, bold, italics, borders and character spacing (black text, no blue rule)."""
        rpr, ppr = style.get_or_add_rPr(), style.get_or_add_pPr()
        strip_children(rpr, "w:b", "w:bCs", "w:i", "w:iCs", "w:color", "w:spacing", "w:kern")
        strip_children(ppr, "w:pBdr", "w:contextualSpacing", "w:tabs")

    def _paragraph_style(
        self,
        name: str,
        font: str,
        size: float,
        *,
        exact_pt: float | None,
        first_chars: int = 0,
        align: str | None = None,
        latin: str | None = None,
        grid: bool = True,
    ) -> None:
        style = self.doc.styles[name]
        element = style.element
        self._plain(element)
        rpr, ppr = element.get_or_add_rPr(), element.get_or_add_pPr()
        set_fonts(rpr, font, latin or self.fonts.latin)
        set_size(rpr, size)
        set_spacing(ppr, exact_pt=exact_pt)
        set_indent(ppr, first_chars=first_chars, size=size)
        if not grid:  # off the line grid, at the font's own character spacing
            off_grid(ppr, rpr)
            set_child(rpr, "w:spacing", val="0")
        if align is not None:
            style.paragraph_format.alignment = _ALIGN[align]

    def _setup_page_numbers(self) -> None:
        """``— N —`` below the text: odd pages right, even pages left, one character in from the edge."""
        section = self.doc.sections[0]
        for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0]
            paragraph.style = self.doc.styles["Footer"]
            paragraph.alignment = _ALIGN[align]
            chars = {"left_chars": 1} if align == "left" else {"right_chars": 1}
            set_indent(paragraph._p.get_or_add_pPr(), size=SIZE_4, **chars)
            self._page_field(paragraph)

    def _page_field(self, paragraph: Any) -> None:
        """``— PAGE —``: the field is built from fldChar/instrText runs (python-docx has no field API)."""
        font = self.fonts.page_number

        def run(text: str = "", *, hint: bool = False) -> Any:
            return self.run(paragraph, text, font, SIZE_4, latin=font, hint=hint)._r

        instruction = element("w:instrText")
        instruction.set(qn("xml:space"), "preserve")
        instruction.text = " PAGE "
        run("— ", hint=True)
        run().append(element("w:fldChar", fldCharType="begin"))
        run().append(instruction)
        run().append(element("w:fldChar", fldCharType="separate"))
        run("1")
        run().append(element("w:fldChar", fldCharType="end"))
        run(" —", hint=True)

    # ── text ────────────────────────────────────────────────────────────────────────────────

    @staticmethod
    def align(name: str) -> Any:
        return _ALIGN[name]

    def run(
        self,
        paragraph: Any,
        text: str,
        font: str,
        size: float,
        *,
        latin: str | None = None,
        hint: bool = False,
        empty: bool = False,
    ) -> Any:
        run = paragraph.add_run(clean_text(text) if text or empty else None)
        rpr = run._r.get_or_add_rPr()
        set_fonts(rpr, font, latin or self.fonts.latin, hint=hint)
        set_size(rpr, size)
        return run

    def paragraph(
        self,
        text: str = "",
        *,
        font: str | None = None,
        size: float = SIZE_3,
        align: str | None = None,
        style: str | None = None,
        first_chars: int = 2,
        left_chars: int = 0,
        right_chars: int = 0,
    ) -> Any:
        """A paragraph of one run (body font and indent unless told otherwise); text other than 三号 is
        kept off the character grid, which would space it out."""
        paragraph = self.doc.add_paragraph(style=style)
        if align is not None:
            paragraph.alignment = _ALIGN[align]
        if first_chars != 2 or left_chars or right_chars or style is not None:
            set_indent(
                paragraph._p.get_or_add_pPr(),
                first_chars=first_chars,
                left_chars=left_chars,
                right_chars=right_chars,
                size=size,
            )
        if size != SIZE_3 and style is None:
            off_grid(paragraph._p.get_or_add_pPr())
        if text:
            run = self.run(paragraph, fullwidth(text), font or self.fonts.body, size)
            if size != SIZE_3 and style is None:
                off_grid(paragraph._p.get_or_add_pPr(), run._r.get_or_add_rPr())
        return paragraph

    def title(self, text: str) -> Any:
        """The document title (二号, centred); line breaks in ``text`` split it at word boundaries."""
        return self.paragraph(
            text, font=self.fonts.title, size=SIZE_2, style="Title", align="center", first_chars=0
        )

    def heading1(self, text: str) -> Any:
        paragraph = self.paragraph(text, font=self.fonts.heading1, style="Heading 1", first_chars=2)
        paragraph.paragraph_format.keep_with_next = True
        return paragraph

    def heading2(self, text: str) -> Any:
        paragraph = self.paragraph(text, font=self.fonts.heading2, style="Heading 2", first_chars=2)
        paragraph.paragraph_format.keep_with_next = True
        return paragraph

    def body(self, text: str, *, align: str | None = None) -> Any:
        """A body paragraph; ``align="left"`` for lists of names, which justification would letter-space."""
        return self.paragraph(text, align=align)

    @staticmethod
    def keep_together(paragraphs: Sequence[Any]) -> None:
        """``paragraphs`` on one page: each kept whole and with the next one (the last ends the chain)."""
        for n, paragraph in enumerate(paragraphs):
            paragraph.paragraph_format.keep_together = True
            paragraph.paragraph_format.keep_with_next = n < len(paragraphs) - 1

    def split_line(self, left: str, right: str, *, rule: bool = False) -> None:
        """``left`` flush left and ``right`` flush right on one line (a right tab at the text width)."""
        paragraph = self.paragraph(first_chars=0)
        paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(self.page.text_width), WD_TAB_ALIGNMENT.RIGHT)
        self.run(paragraph, f"{left}\t{right}", self.fonts.body, SIZE_3)
        if rule:
            border = element("w:pBdr")
            border.append(element("w:bottom", val="single", sz="8", space="1", color="000000"))
            paragraph._p.get_or_add_pPr().insert_element_before(
                border, "w:shd", "w:tabs", "w:spacing", "w:ind"
            )

    @property
    def next_table(self) -> int:
        """The number the next :meth:`caption` gives (for “见表N” in the text before it)."""
        return self._tables + 1

    def caption(self, text: str) -> None:
        """A numbered table title above the table: ``表1　…`` (黑体 四号, centred)."""
        self._tables += 1
        paragraph = self.paragraph(
            f"表{self._tables}　{text}", font=self.fonts.heading1, size=SIZE_4, align="center", first_chars=0
        )
        paragraph.paragraph_format.keep_with_next = True

    # ── attachments and sections ────────────────────────────────────────────────────────────

    def attachment_list(self, titles: Sequence[str]) -> list[Any]:
        """The 附件说明 after the body (GB/T 9704 §7.3.5): a blank line, then ``附件：1.…``, further names
        aligned under the first, no punctuation after them."""
        if not titles:
            return []
        blank = self.body("")
        if len(titles) == 1:
            return [blank, self.body(f"附件：{titles[0]}")]
        lines = [self.body(f"附件：1.{titles[0]}")]
        lines += [self.paragraph(f"{n}.{t}", first_chars=5) for n, t in enumerate(titles[1:], 2)]
        return [blank, *lines]

    def attachment(self, number: int, title: str, *, landscape: bool = False) -> None:
        """A new page with ``附件N`` (三号黑体, top left, on the first line) and the attachment's title;
        ``landscape`` for a wide table (a section of its own)."""
        page = LANDSCAPE if landscape else PORTRAIT
        turned = page != self.page
        if turned:
            self._new_section(page)  # a section starts on a new page
        label = self.paragraph(f"附件{number}", font=self.fonts.heading1, first_chars=0, align="left")
        label.paragraph_format.page_break_before = not turned
        label.paragraph_format.keep_with_next = True
        self.title(title).paragraph_format.keep_with_next = True

    # ── tables ──────────────────────────────────────────────────────────────────────────────

    def table(
        self,
        columns: Sequence[Column],
        rows: Iterable[Sequence[str] | GroupRow],
        *,
        size: float | None = None,
    ) -> Any:
        """A fixed-layout table (see :func:`fzcj.report.docx.tables.add_table`)."""
        return add_table(self, columns, rows, size=size)

    # ── 版记 ────────────────────────────────────────────────────────────────────────────────

    def imprint(self, copy_to: Sequence[str], printed_by: str, date: dt.date) -> None:
        """The 版记 (GB/T 9704 §7.4) at the foot of the last page: 抄送 and 印发 lines in 四号, between a
        thick rule above and below and a thin one between them; a floating table anchored to the bottom
        of the text block."""
        rows = [[f"抄送：{'、'.join(copy_to)}。"]] if copy_to else []
        rows.append([f"{printed_by}\t{date.year}年{date.month}月{date.day}日印发"])
        last = self.doc.element.body.get_or_add_sectPr().getprevious()
        if last is not None and last.tag == qn("w:tbl"):
            self._spacer()  # two tables in a row would run together
        table = self.doc.add_table(rows=len(rows), cols=1)
        tbl_pr = table._tbl.tblPr
        set_child(
            tbl_pr,
            "w:tblpPr",
            vertAnchor="margin",
            horzAnchor="margin",
            tblpYSpec="bottom",
            tblpXSpec="center",
        )
        set_child(tbl_pr, "w:tblW", type="dxa", w=str(int(self.page.text_width * 1440 / 25.4)))
        borders = set_child(tbl_pr, "w:tblBorders")
        for side, size in (("top", "8"), ("left", ""), ("bottom", "8"), ("right", ""), ("insideH", "4")):
            line = {"val": "single", "sz": size, "space": "0", "color": "000000"} if size else {"val": "nil"}
            borders.append(element(f"w:{side}", **line))
        for row, (text,) in zip(table.rows, rows, strict=True):
            paragraph = row.cells[0].paragraphs[0]
            paragraph._p.style = TABLE_STYLE_ID
            ppr = paragraph._p.get_or_add_pPr()
            set_indent(ppr, left_chars=1, right_chars=1, size=SIZE_4)
            set_spacing(ppr, exact_pt=LINE_PT)
            if "\t" in text:
                stop = Mm(self.page.text_width - 2 * SIZE_4 * 25.4 / 72)
                paragraph.paragraph_format.tab_stops.add_tab_stop(stop, WD_TAB_ALIGNMENT.RIGHT)
            self.run(paragraph, text, self.fonts.body, SIZE_4)
            row.cells[0].width = Mm(self.page.text_width)
        self._spacer()  # a floating table is anchored to the paragraph after it

    # ── output ──────────────────────────────────────────────────────────────────────────────

    def properties(self, *, title: str, author: str, subject: str, created: dt.date) -> None:
        """Core properties (the template's own carry a 2013 date), extended properties without the
        template's application name and counts, and no template thumbnail."""
        props = self.doc.core_properties
        stamp = dt.datetime.combine(created, dt.time(), tzinfo=dt.UTC)
        props.title = clean_text(title)
        props.author = props.last_modified_by = clean_text(author)
        props.subject = clean_text(subject)
        props.created = props.modified = stamp
        props.revision = 1
        props.language = "zh-CN"
        props.keywords = props.comments = props.category = ""
        package = self.doc.part.package
        for rel_id, rel in list(package.rels.items()):
            if rel.reltype.endswith("/extended-properties"):
                rel.target_part._blob = _APP_XML
            elif rel.reltype.endswith("/thumbnail"):
                package.rels.pop(rel_id)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


_APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    b"<Application>fzcj</Application><DocSecurity>0</DocSecurity></Properties>"
)
"""docProps/app.xml: no page or word counts (the template's would be stale) and no other program's name."""
