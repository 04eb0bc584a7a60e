"""A python-docx document set up in the official-document format (GB/T 9704-2012).

A4 with the standard margins, 三号 body text on a fixed 28.95 pt line with a two-character indent,
headings 一、 in 黑体 and （一） in 楷体, page numbers ``— N —`` in 四号 宋体 on odd/even footers, and
tables with a repeated header row, unsplittable rows and fixed column widths. Every run and style
names its East Asian font (``w:eastAsia``) and every string is cleaned of XML-illegal characters.

python-docx is imported here at module level: only :mod:`fzcj.report.docx` imports this module, and
nothing imports that package at module level.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Twips

from fzcj.data.model import ReportFonts
from fzcj.report.docx.ooxml import (
    AFTER_SHD,
    THEME_ATTRS,
    clean_text,
    element,
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
BAR_SIZE = 9.0
HEADER_SIZE = 9.0  # 小五: table headers, so that three-character headers fit narrow number columns
LINE_PT = 28.95  # 225 mm / 22 lines
TITLE_LINE_PT = 36.0
TEXT_WIDTH_MM = 156.0
TABLE_STYLE = "Table Text"
TABLE_STYLE_ID = "TableText"
CELL_MARGIN_TWIPS = 57  # 1 mm left and right inside table cells
TITLE_CHARS = 19  # 二号 characters that surely fit on the 156 mm line (20 at the very most)


def broken_title(first: str, second: str) -> str:
    """A title on one line when it surely fits, else broken between its two meaningful parts."""
    return first + second if len(first + second) <= TITLE_CHARS else f"{first}\n{second}"


@dataclass(frozen=True)
class Column:
    """A table column: header text, width in millimetres, alignment; ``bar`` for ■□ progress bars."""

    header: str
    width_mm: float
    align: str = "center"
    bar: bool = False


@dataclass(frozen=True)
class GroupRow:
    """A full-width row that opens a group (e.g. one 一级指标) inside a long table."""

    text: str


_ALIGN = {
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "both": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


class OfficialDocument:
    """A Word document in the official-document format, written paragraph by paragraph."""

    def __init__(self, fonts: ReportFonts, *, table_size: float = SIZE_5) -> None:
        self.fonts = fonts
        self.table_size = table_size
        self._tables = 0
        self.doc: Any = Document()
        self._setup_page()
        self._setup_languages()
        self._setup_styles()
        self._setup_page_numbers()

    # ── set-up ──────────────────────────────────────────────────────────────────────────────

    def _setup_page(self) -> None:
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        section.header_distance, section.footer_distance = Mm(15), Mm(22)

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
        rpr.find(qn("w:lang")).set(qn("w:eastAsia"), "zh-CN")
        set_spacing(defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")), exact_pt=None)
        f = self.fonts
        self._paragraph_style("Normal", f.body, SIZE_3, exact_pt=LINE_PT, first_chars=2, align="both")
        self._paragraph_style("Title", f.title, SIZE_2, exact_pt=TITLE_LINE_PT, align="center")
        self._paragraph_style("Heading 1", f.heading1, SIZE_3, exact_pt=LINE_PT, first_chars=2)
        self._paragraph_style("Heading 2", f.heading2, SIZE_3, exact_pt=LINE_PT, first_chars=2)
        self._paragraph_style("Footer", f.page_number, SIZE_4, exact_pt=None, latin=f.page_number)
        self._paragraph_style("Header", f.page_number, SIZE_4, exact_pt=None, latin=f.page_number)
        self.doc.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH).base_style = self.doc.styles["Normal"]
        self._paragraph_style(TABLE_STYLE, f.table, self.table_size, exact_pt=None, align="left")
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
    ) -> None:
        style = self.doc.styles[name]
        element = style.element
        self._plain(element)
        rpr, ppr = element.get_or_add_rPr(), element.get_or_add_pPr()
        set_fonts(rpr, font, latin or self.fonts.latin)
        set_size(rpr, size)
        set_spacing(ppr, exact_pt=exact_pt)
        set_indent(ppr, first_chars=first_chars, size=size)
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
            return self._run(paragraph, text, font, SIZE_4, latin=font, hint=hint)._r

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

    def _run(
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
        right_chars: int = 0,
    ) -> Any:
        """A paragraph of one run (body font and indent unless told otherwise)."""
        paragraph = self.doc.add_paragraph(style=style)
        if align is not None:
            paragraph.alignment = _ALIGN[align]
        if first_chars != 2 or right_chars or style is not None:
            set_indent(
                paragraph._p.get_or_add_pPr(), first_chars=first_chars, right_chars=right_chars, size=size
            )
        if text:
            self._run(paragraph, text, font or self.fonts.body, size)
        return paragraph

    def title(self, text: str) -> None:
        """The document title (二号, centred); a line break in ``text`` splits it at a meaningful point."""
        self.paragraph(text, font=self.fonts.title, size=SIZE_2, style="Title", align="center", first_chars=0)

    def heading1(self, text: str) -> None:
        self.paragraph(text, font=self.fonts.heading1, style="Heading 1", first_chars=2)

    def heading2(self, text: str) -> None:
        self.paragraph(text, font=self.fonts.heading2, style="Heading 2", first_chars=2)

    def body(self, text: str) -> None:
        self.paragraph(text)

    def split_line(self, left: str, right: str, *, rule: bool = False) -> None:
        """``left`` flush left and ``right`` flush right on one line (a right tab at the text width)."""
        paragraph = self.paragraph(first_chars=0)
        paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)
        self._run(paragraph, f"{left}\t{right}", self.fonts.body, SIZE_3)
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

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def attachment(self, number: int, title: str) -> None:
        """A new page with ``附件N`` (三号黑体, top left) and the attachment's title."""
        self.page_break()
        self.paragraph(f"附件{number}", font=self.fonts.heading1, first_chars=0, align="left")
        self.title(title)

    # ── tables ──────────────────────────────────────────────────────────────────────────────

    def table(self, columns: Sequence[Column], rows: Iterable[Sequence[str] | GroupRow]) -> Any:
        """A fixed-layout table filled row by row; the header row repeats on every page."""
        total = sum(c.width_mm for c in columns)
        if total > TEXT_WIDTH_MM + 0.01:
            raise ValueError(f"table width {total} mm exceeds the text width")
        table = self.doc.add_table(rows=0, cols=len(columns))
        table.style = self.doc.styles["Table Grid"]
        table.autofit = False
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        tbl_pr = table._tbl.tblPr
        tbl_w = tbl_pr.find(qn("w:tblW"))
        tbl_w.set(qn("w:type"), "dxa")
        twips = [int(c.width_mm * 1440 / 25.4) for c in columns]  # rounded down: never wider than the text
        tbl_w.set(qn("w:w"), str(sum(twips)))
        margins = element("w:tblCellMar")
        for side in ("w:left", "w:right"):
            margins.append(element(side, w=str(CELL_MARGIN_TWIPS), type="dxa"))
        tbl_pr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")
        for column, width in zip(table.columns, twips, strict=True):
            column.width = Twips(width)
        self._row(table, columns, [c.header for c in columns], header=True)
        template = self._row(table, columns, [""] * len(columns))
        table._tbl.remove(template)
        for row in rows:
            if isinstance(row, GroupRow):
                self._group_row(table, row.text)
            else:
                table._tbl.append(self._from_template(template, row))
        return table

    @staticmethod
    def _from_template(template: Any, values: Sequence[str]) -> Any:
        """A copy of the formatted empty ``template`` row holding ``values`` (fast: no style lookups)."""
        tr = copy.deepcopy(template)
        for run, value in zip(tr.iter(qn("w:r")), values, strict=True):
            run.text = clean_text(value)
        return tr

    def _row(
        self, table: Any, columns: Sequence[Column], values: Sequence[str], *, header: bool = False
    ) -> Any:
        """Add a row with one run in every cell (an empty run in an empty cell); returns its ``w:tr``."""
        row = table.add_row()
        self._row_properties(row, header=header)
        for cell, spec, value in zip(row.cells, columns, values, strict=True):
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = cell.paragraphs[0]
            paragraph._p.style = TABLE_STYLE_ID
            if header:
                paragraph.alignment = _ALIGN["center"]
                self._shade(cell)
                self._run(paragraph, value, self.fonts.heading1, HEADER_SIZE)
            else:
                paragraph.alignment = _ALIGN[spec.align]
                size = BAR_SIZE if spec.bar else self.table_size
                self._run(paragraph, value, self.fonts.table, size, hint=spec.bar, empty=True)
        return row._tr

    def _group_row(self, table: Any, text: str) -> None:
        row = table.add_row()
        self._row_properties(row, header=False)
        cells = row.cells
        cell = cells[0].merge(cells[-1])
        paragraph = cell.paragraphs[0]
        paragraph._p.style = TABLE_STYLE_ID
        self._run(paragraph, text, self.fonts.heading1, self.table_size)

    @staticmethod
    def _row_properties(row: Any, *, header: bool) -> None:
        """``w:cantSplit`` on every row and ``w:tblHeader`` on the header (schema order)."""
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(element("w:cantSplit"))
        if header:
            tr_pr.append(element("w:tblHeader"))

    @staticmethod
    def _shade(cell: Any) -> None:
        """Light grey header cells (the header is also set in 黑体, so grey is never the only cue)."""
        shd = element("w:shd", val="clear", color="auto", fill="E7E6E6")
        cell._tc.get_or_add_tcPr().insert_element_before(shd, *AFTER_SHD)

    # ── output ──────────────────────────────────────────────────────────────────────────────

    def properties(self, *, title: str, author: str, subject: str, created: dt.date) -> None:
        """Core properties (the template's own carry a 2013 date)."""
        props = self.doc.core_properties
        stamp = dt.datetime.combine(created, dt.time(), tzinfo=dt.UTC)
        props.title = clean_text(title)
        props.author = props.last_modified_by = clean_text(author)
        props.subject = clean_text(subject)
        props.created = props.modified = stamp
        props.revision = 1
        props.language = "zh-CN"
        props.keywords = props.comments = props.category = ""

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()
