"""A python-docx document set up in the official-document format (GB/T 9704-2012), written paragraph
by paragraph.

The page and styles are in :mod:`.styles` and tables in :mod:`.tables`: this class adds body text,
headings, page numbers ``— N —`` in 四号 宋体 on odd/even footers, attachments (landscape sections
for wide annexes) and the file's properties. Every run names its East Asian font (``w:eastAsia``)
and every string is cleaned of XML-illegal characters.

python-docx is imported here at module level: only :mod:`fzcj.report.docx` imports this module, and
nothing imports that package at module level.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Mm

from fzcj.data.model import ReportFonts
from fzcj.report.docx.ooxml import (
    clean_text,
    element,
    off_grid,
    set_child,
    set_fonts,
    set_indent,
    set_size,
    set_spacing,
)
from fzcj.report.docx.styles import (
    ALIGN,
    LANDSCAPE,
    PORTRAIT,
    SIZE_2,
    SIZE_3,
    SIZE_4,
    SIZE_5,
    Page,
    set_page,
    set_properties,
    set_up_languages,
    set_up_styles,
)
from fzcj.report.docx.tables import Column, GroupRow, add_table
from fzcj.report.wording import fullwidth


class OfficialDocument:
    """A Word document in the official-document format, written paragraph by paragraph."""

    def __init__(self, fonts: ReportFonts, *, table_size: float = SIZE_5) -> None:
        self.fonts = fonts
        self.table_size = table_size
        self.page = PORTRAIT
        self._tables = 0
        self.doc: Any = Document()
        self._set_page(self.doc.sections[0], PORTRAIT)
        set_up_languages(self.doc)
        set_up_styles(self.doc, fonts, table_size)
        self._setup_page_numbers()

    # ── set-up ──────────────────────────────────────────────────────────────────────────────

    def _set_page(self, section: Any, page: Page) -> None:
        set_page(section, page)
        self.page = page

    @property
    def text_width(self) -> float:
        """The current page's text width in millimetres (tables are as wide at most)."""
        return self.page.text_width

    def spacer(self) -> Any:
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
            last = self.spacer()
        last.set_sectPr(copy.deepcopy(sentinel))
        for reference in sentinel.xpath("w:headerReference|w:footerReference"):
            sentinel.remove(reference)  # the new section shows the same page numbers
        section = self.doc.sections[-1]
        section.start_type = WD_SECTION.NEW_PAGE
        self._set_page(section, page)

    def _setup_page_numbers(self) -> None:
        """``— N —`` below the text: odd pages right, even pages left, one character in from the edge."""
        section = self.doc.sections[0]
        for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0]
            paragraph.style = self.doc.styles["Footer"]
            paragraph.alignment = ALIGN[align]
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
            paragraph.alignment = ALIGN[align]
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

    # ── output ──────────────────────────────────────────────────────────────────────────────

    def properties(self, *, title: str, author: str, subject: str, created: dt.date) -> None:
        set_properties(self.doc, title=title, author=author, subject=subject, created=created)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()
