"""A Document as an A4 PDF, in Sarabun with HarfBuzz text shaping so Thai marks sit right.

The memorandum page is laid out like a Thai government บันทึกข้อความ; the report follows
on its own pages: title, subtitles, "ข้อมูล ณ วันที่ …", headings, paragraphs, tables
(headers repeated on every page, numbers right-aligned, a bold รวม row; a wide table
gets landscape pages) and charts scaled to the page with their alt text as caption.
Every line is broken by ``portal.documents.thaiwrap`` — never inside a grapheme
cluster — and drawn as one cell, so fpdf2's own wrapping (spaces, then anywhere) never
runs. The footer numbers pages "หน้า n/N". No Flask here.
"""
from __future__ import annotations

import io
import re
from collections.abc import Sequence

from fpdf import FPDF

from portal.documents.cells import align_right, clean_text, text_rows
from portal.documents.fonts import PDF_FAMILY, sarabun_files
from portal.documents.model import Document, Heading, Image, Memorandum, Paragraph, TableBlock
from portal.documents.thaiwrap import wrap
from portal.exports import Table

PT = 25.4 / 72  # mm per point
LINE = 1.5  # Thai needs room above and below for stacked marks

BODY_PT = 12  # Sarabun 12 pt reads like TH Sarabun New 16 pt, the size offices write in
TABLE_PT = 10
TABLE_MIN_PT = 7
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 25.0, 20.0, 18.0, 18.0
PARAGRAPH_INDENT = 12.5
MEMO_INDENT = 25.0  # the memorandum's body starts 2.5 cm in
CELL_PAD = 1.5
CELL_VPAD = 0.6
CONTINUED = " (ต่อ)"
SIGN_LINE = "(ลงชื่อ) " + "." * 48
BLANK_NAME = "(" + "." * 52 + ")"


def line_height(size_pt: float) -> float:
    return size_pt * PT * LINE


class _Pdf(FPDF):
    def __init__(self, doc: Document):
        super().__init__(orientation="P", unit="mm", format="A4")
        for style, path in sarabun_files().items():
            if style != "BI":  # never used; each registered face keeps its file open until close()
                self.add_font(PDF_FAMILY, style, str(path))
        self.set_text_shaping(True)
        self.set_margins(MARGIN_LEFT, MARGIN_TOP, MARGIN_RIGHT)
        self.set_auto_page_break(True, MARGIN_BOTTOM)
        self.set_title(clean_text(doc.title))
        self.set_creator("portal")
        self.set_lang("th")
        self.running_title = ""
        self.table_pt = TABLE_PT
        self._widths: dict[tuple[str, float, str], float] = {}

    def close_fonts(self) -> None:
        """fontTools reads the TTFs lazily and keeps them open: close them once the PDF is written."""
        for font in self.fonts.values():
            ttfont = getattr(font, "ttfont", None)
            if ttfont is not None:
                ttfont.close()

    def plain_or_shaped_cell(self, width: float, height: float, text: str, align: str) -> None:
        """A one-line cell; figures and other plain ASCII skip HarfBuzz, which has nothing to shape there
        and costs most of a long table's time."""
        if text.isascii():
            self.text_shaping = None
            try:
                self.cell(width, height, text, align=align)
            finally:
                self.set_text_shaping(True)
        else:
            self.cell(width, height, text, align=align)

    # -- page furniture ------------------------------------------------------------------
    def header(self):
        if self.running_title:
            self.set_font(PDF_FAMILY, "", 8)
            self.set_text_color(110)
            self.set_xy(self.l_margin, 8)
            title = wrap(self.running_title, self.epw, self.measure)[0]
            self.cell(self.epw, 5, title, align="R")
            self.set_text_color(0)
            self.set_y(self.t_margin)

    def footer(self):
        self.set_y(-12)
        self.set_font(PDF_FAMILY, "", 9)
        self.set_text_color(90)
        self.cell(0, 5, f"หน้า {self.page_no()}/{self.str_alias_nb_pages}", align="C")
        self.set_text_color(0)

    # -- text ----------------------------------------------------------------------------
    def font(self, size: float, style: str = "") -> float:
        """Select Sarabun at ``size`` and return its line height."""
        self.set_font(PDF_FAMILY, style, size)
        return line_height(size)

    def measure(self, text: str) -> float:
        key = (self.font_style, self.font_size_pt, text)
        width = self._widths.get(key)
        if width is None:
            width = self._widths[key] = self.get_string_width(text)
        return width

    def lines(self, text: str, width: float, first_width: float | None = None) -> list[str]:
        return wrap(clean_text(text), width - 0.2, self.measure,
                    first_width - 0.2 if first_width is not None else None)

    @property
    def landscape(self) -> bool:
        return str(getattr(self.cur_orientation, "value", self.cur_orientation)).upper().startswith("L")

    def room(self) -> float:
        return self.page_break_trigger - self.get_y()

    def ensure(self, height: float) -> None:
        """Start a new page (same orientation) unless ``height`` fits below."""
        if height > self.room():
            self.add_page(orientation=self.cur_orientation)

    def text_block(self, text: str, size: float = BODY_PT, style: str = "", align: str = "L",
                   indent: float = 0.0, first_indent: float = 0.0, width: float | None = None,
                   after: float = 0.0) -> None:
        lh = self.font(size, style)
        width = width if width is not None else self.epw - indent
        x0 = self.l_margin + indent
        for number, line in enumerate(self.lines(text, width, width - first_indent if first_indent else None)):
            self.ensure(lh)
            shift = first_indent if number == 0 and first_indent else 0.0
            self.set_xy(x0 + shift, self.get_y())
            self.cell(width - shift, lh, line, align=align, new_x="LMARGIN", new_y="NEXT")
        if after:
            self.set_y(self.get_y() + after)

    def dotted(self, x1: float, x2: float, y: float) -> None:
        self.set_draw_color(90)
        self.set_line_width(0.2)
        self.set_dash_pattern(dash=0.3, gap=0.9)
        self.line(x1, y, x2, y)
        self.set_dash_pattern()
        self.set_draw_color(0)


# -- the memorandum -----------------------------------------------------------------------
MEMO_LABEL_PT = 14
MEMO_PT = 13


def _field(pdf: _Pdf, label: str, value: str, x: float, right: float) -> None:
    """A bold label, then the value on a dotted rule up to ``right`` (continued lines too)."""
    lh = pdf.font(MEMO_LABEL_PT, "B")
    y = pdf.get_y()
    label_w = pdf.measure(label) + 2.0
    pdf.set_xy(x, y)
    pdf.cell(label_w, lh, label)
    pdf.font(MEMO_PT)
    start = x + label_w
    lines = pdf.lines(value, right - start - 2) or [""]
    for number, line in enumerate(lines):
        line_y = y + number * lh
        pdf.set_xy(start + 1, line_y)
        pdf.cell(right - start - 1, lh, line)
        pdf.dotted(start, right, line_y + lh - 1.0)
    pdf.set_xy(pdf.l_margin, y + len(lines) * lh)


def _memorandum(pdf: _Pdf, memo: Memorandum) -> None:
    pdf.add_page(orientation="P")
    pdf.set_y(14)
    lh = pdf.font(22, "B")
    pdf.cell(pdf.epw, lh + 2, "บันทึกข้อความ", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(pdf.get_y() + 2)
    left, right = pdf.l_margin, pdf.w - pdf.r_margin
    _field(pdf, "ส่วนราชการ", memo.agency, left, right)
    y = pdf.get_y()
    middle = left + pdf.epw * 0.5
    _field(pdf, "ที่", memo.reference, left, middle - 3)
    after_ref = pdf.get_y()
    pdf.set_y(y)
    _field(pdf, "วันที่", memo.date_text, middle, right)
    pdf.set_y(max(after_ref, pdf.get_y()))
    _field(pdf, "เรื่อง", memo.subject, left, right)
    pdf.set_y(pdf.get_y() + 3)
    _labelled(pdf, "เรียน", memo.to)
    if memo.attachments:
        label = "สิ่งที่ส่งมาด้วย"
        lh = pdf.font(MEMO_PT, "B")
        indent = pdf.measure(label) + 3
        y = pdf.get_y()
        pdf.set_xy(left, y)
        pdf.cell(indent, lh, label)
        pdf.set_y(y)
        many = len(memo.attachments) > 1
        for number, item in enumerate(memo.attachments, start=1):
            pdf.text_block(f"{number}. {item}" if many else item, MEMO_PT, indent=indent)
    pdf.set_y(pdf.get_y() + 3)
    for paragraph in memo.body:
        pdf.text_block(paragraph, MEMO_PT, first_indent=MEMO_INDENT, after=1.5)
    _signature(pdf, memo)


def _labelled(pdf: _Pdf, label: str, value: str) -> None:
    lh = pdf.font(MEMO_LABEL_PT, "B")
    y = pdf.get_y()
    indent = pdf.measure(label) + 3
    pdf.set_xy(pdf.l_margin, y)
    pdf.cell(indent, lh, label)
    pdf.font(MEMO_PT)
    pdf.set_y(y + (line_height(MEMO_LABEL_PT) - line_height(MEMO_PT)) / 2)
    pdf.text_block(value, MEMO_PT, indent=indent)


def _signature(pdf: _Pdf, memo: Memorandum) -> None:
    block_w = 95.0
    x = pdf.w - pdf.r_margin - block_w
    lh = line_height(MEMO_PT)
    lines_needed = 4 + len(pdf.lines(memo.signature.position or " ", block_w))
    pdf.ensure(lh * (lines_needed + 2))
    pdf.set_y(pdf.get_y() + lh * 1.5)
    pdf.font(MEMO_PT)
    pdf.set_x(x)
    pdf.cell(block_w, lh, SIGN_LINE, align="C", new_x="LEFT", new_y="NEXT")
    name = f"({clean_text(memo.signature.name)})" if clean_text(memo.signature.name).strip() else BLANK_NAME
    pdf.cell(block_w, lh, name, align="C", new_x="LEFT", new_y="NEXT")
    for line in pdf.lines(memo.signature.position, block_w):
        pdf.cell(block_w, lh, line, align="C", new_x="LEFT", new_y="NEXT")


# -- the report ---------------------------------------------------------------------------
def _title_block(pdf: _Pdf, doc: Document) -> None:
    pdf.text_block(doc.title, 16, "B", align="C", after=0.5)
    for subtitle in doc.subtitles:
        pdf.text_block(subtitle, 13, align="C")
    if doc.as_of:
        pdf.set_text_color(70)
        pdf.text_block(doc.as_of, 11, align="C")
        pdf.set_text_color(0)
    pdf.set_y(pdf.get_y() + 4)


def _heading_size(block: Heading) -> float:
    return 14 if block.level <= 1 else 12.5


def _start_height(pdf: _Pdf, blocks: list, index: int) -> float:
    """How much of ``blocks[index]`` (and, for a heading, of what follows it) must fit under a heading
    so that the heading is not left alone at a page's foot."""
    if index >= len(blocks):
        return 0.0
    block = blocks[index]
    if isinstance(block, Heading):
        return line_height(_heading_size(block)) * 2 + _start_height(pdf, blocks, index + 1)
    if isinstance(block, Image):
        return _image_size(pdf, block)[1] + line_height(10) + 2
    if isinstance(block, TableBlock) and block.table.columns and not pdf.landscape:
        table = block.table
        pdf.table_pt = TABLE_PT
        widths, least = column_widths(pdf, table, pdf.epw)
        if least > pdf.epw:
            return 0.0  # the table starts on a landscape page anyway
        headers, body, _ = text_rows(table)
        height = _row_lines(pdf, headers, widths, "B")[1] + line_height(11) * 2
        return height + (_row_lines(pdf, body[0], widths, "")[1] if body else 0.0)
    return line_height(BODY_PT) * 3


def _heading(pdf: _Pdf, blocks: list, index: int) -> None:
    block = blocks[index]
    size = _heading_size(block)
    pdf.ensure(min(_start_height(pdf, blocks, index), pdf.page_break_trigger - pdf.t_margin))
    if pdf.get_y() > pdf.t_margin + 1:
        pdf.set_y(pdf.get_y() + (3 if block.level <= 1 else 2))
    pdf.text_block(block.text, size, "B", after=1)


def _paragraph(pdf: _Pdf, block: Paragraph) -> None:
    pdf.text_block(block.text, BODY_PT, first_indent=PARAGRAPH_INDENT, after=2)


def _image_size(pdf: _Pdf, block: Image) -> tuple[float, float, float]:
    """(width, height, caption height) in mm: the chart at its width, never wider or taller than the page."""
    from PIL import Image as PILImage

    with PILImage.open(io.BytesIO(block.png)) as picture:
        px_w, px_h = picture.size
    width = min(float(block.width_mm or pdf.epw), pdf.epw)
    height = width * px_h / px_w
    pdf.font(10, "I")
    caption_h = line_height(10) * len(pdf.lines(block.alt, pdf.epw)) if block.alt else 0.0
    body_h = pdf.page_break_trigger - pdf.t_margin
    if height + caption_h > body_h - 4:  # taller than a page: shrink to fit
        height = body_h - caption_h - 4
        width = height * px_w / px_h
    return width, height, caption_h


def _image(pdf: _Pdf, block: Image) -> None:
    width, height, caption_h = _image_size(pdf, block)
    pdf.ensure(height + caption_h + 2)
    x = pdf.l_margin + (pdf.epw - width) / 2
    pdf.image(io.BytesIO(block.png), x=x, y=pdf.get_y(), w=width, h=height, alt_text=block.alt)
    pdf.set_y(pdf.get_y() + height + 1)
    if block.alt:
        pdf.set_text_color(60)
        pdf.text_block(block.alt, 10, "I", align="C")
        pdf.set_text_color(0)
    pdf.set_y(pdf.get_y() + 3)


_SOLID = re.compile(r"[^\s\u0E00-\u0E7F]+")


def column_widths(pdf: _Pdf, table: Table, available: float) -> tuple[list[float], float]:
    """(widths that fill ``available``, the least total width at which no number has to wrap).

    Number columns get the width of their widest figure (bold in the รวม row) and of their
    header's longest word; text columns share what is left in proportion to what they hold.
    """
    headers, body, totals = text_rows(table)
    natural: list[float] = []
    minimum: list[float] = []
    for index, column in enumerate(table.columns):
        pdf.font(pdf.table_pt, "B")
        header_w = pdf.measure(headers[index])
        header_word = max(pdf.measure(word) for word in headers[index].split() or [""])
        total_w = pdf.measure(totals[index]) if totals else 0.0
        pdf.font(pdf.table_pt)
        # the longest texts of the whole column (by length, then measured): no later figure may wrap
        longest = sorted({r[index] for r in body}, key=len, reverse=True)[:25]
        cell_w = max([pdf.measure(text) for text in longest] + [total_w])
        pad = 2 * CELL_PAD + 0.6
        if align_right(column, None):
            # a short header stays on one line; a long one may take two or three
            header_need = header_w if header_w <= 16.0 else max(header_w / 2.6, min(header_word, 22.0), 16.0)
            floor = max(cell_w, header_need) + pad
            want = max(cell_w, min(header_w, 30.0)) + pad
        else:
            want = min(max(cell_w, min(header_w, 40.0)) + pad, 90.0)
            # a time, a figure or a Latin word inside the text ("09.00–16.30") is not cut either
            solid = max([pdf.measure(token) for text in longest for token in _SOLID.findall(text)] + [0.0])
            floor = min(want, max(22.0, min(header_word, 30.0) + pad, min(solid, 45.0) + pad))
        if column.width:  # the XLSX width in characters: a hint of what the builder wants
            want = max(want, min(float(column.width) * 1.9, 90.0))
        natural.append(max(want, floor))
        minimum.append(floor)
    least = sum(minimum)
    total = sum(natural)
    if total <= available:
        return [w * available / total for w in natural], least
    numeric = [align_right(c, None) for c in table.columns]
    rest = available - sum(m for m, is_num in zip(minimum, numeric) if is_num)
    flexible = sum(n for n, is_num in zip(natural, numeric) if not is_num)
    if flexible and rest >= sum(m for m, is_num in zip(minimum, numeric) if not is_num):
        pinned = [is_num for is_num in numeric]  # columns whose width is settled
        widths = list(minimum)
        while True:  # share the rest in proportion; a text column squeezed below its floor keeps the floor
            free = available - sum(w for w, p in zip(widths, pinned) if p)
            wanted = sum(n for n, p in zip(natural, pinned) if not p)
            squeezed = [i for i, p in enumerate(pinned) if not p and natural[i] * free / wanted < minimum[i]]
            if not squeezed:
                for i, p in enumerate(pinned):
                    if not p:
                        widths[i] = natural[i] * free / wanted
                return widths, least
            for i in squeezed:
                pinned[i] = True
    return [m * available / least for m in minimum], least


def _row_lines(pdf: _Pdf, cells: Sequence[str], widths: Sequence[float], style: str) -> tuple[list[list[str]], float]:
    lh = pdf.font(pdf.table_pt, style)
    lines = [pdf.lines(text, w - 2 * CELL_PAD) or [""] for text, w in zip(cells, widths)]
    return lines, max(len(cell) for cell in lines) * lh + 2 * CELL_VPAD


def _draw_row(pdf: _Pdf, lines: list[list[str]], widths: Sequence[float], height: float, aligns: Sequence[str],
              style: str = "", fill: int | None = None) -> None:
    lh = pdf.font(pdf.table_pt, style)
    x, y = pdf.l_margin, pdf.get_y()
    pdf.set_draw_color(150)
    pdf.set_line_width(0.2)
    for cell, width, align in zip(lines, widths, aligns):
        if fill is not None:
            pdf.set_fill_color(fill)
        pdf.rect(x, y, width, height, style="DF" if fill is not None else "D")
        for number, text in enumerate(cell):
            if text:
                pdf.set_xy(x + CELL_PAD, y + CELL_VPAD + number * lh)
                pdf.plain_or_shaped_cell(width - 2 * CELL_PAD, lh, text, align)
        x += width
    pdf.set_draw_color(0)
    pdf.set_xy(pdf.l_margin, y + height)


def _table(pdf: _Pdf, table: Table, doc: Document) -> None:
    if not table.columns:
        return
    pdf.table_pt = TABLE_PT
    widths, least = column_widths(pdf, table, pdf.epw)
    if not pdf.landscape and least > pdf.epw:
        pdf.add_page(orientation="L")  # a wide table gets landscape pages
        widths, least = column_widths(pdf, table, pdf.epw)
    while least > pdf.epw and pdf.table_pt > TABLE_MIN_PT:  # still too wide: a smaller type, down to 7 pt
        pdf.table_pt = max(TABLE_MIN_PT, min(pdf.table_pt - 0.5, round(pdf.table_pt * pdf.epw / least, 1)))
        widths, least = column_widths(pdf, table, pdf.epw)
    headers, body, totals = text_rows(table)
    head_lines, head_h = _row_lines(pdf, headers, widths, "B")
    head_aligns = ["C"] * len(headers)
    aligns = ["R" if align_right(c, None) else "L" for c in table.columns]

    caption = [table.title] if table.title else []
    caption += list(table.subtitles)
    if table.as_of and table.as_of != doc.as_of:
        caption.append(table.as_of)
    first_h = body and _row_lines(pdf, body[0], widths, "")[1] or 0
    caption_h = sum(line_height(11 if i == 0 else 10) * len(pdf.lines(t, pdf.epw)) for i, t in enumerate(caption))
    pdf.ensure(caption_h + head_h + first_h + 2)
    for number, text in enumerate(caption):
        pdf.text_block(text, 11 if number == 0 else 10, "B" if number == 0 else "")
    pdf.set_y(pdf.get_y() + 1)

    def header() -> None:
        _draw_row(pdf, head_lines, widths, head_h, head_aligns, "B", fill=225)

    auto = pdf.auto_page_break
    pdf.set_auto_page_break(False, MARGIN_BOTTOM)
    header()
    rows = [(r, "", None) for r in body] + ([(totals, "B", 240)] if totals else [])
    for cells, style, fill in rows:
        lines, height = _row_lines(pdf, cells, widths, style)
        if height > pdf.room():
            pdf.add_page(orientation=pdf.cur_orientation)
            if table.title:
                pdf.set_text_color(90)
                pdf.text_block(table.title + CONTINUED, 9)
                pdf.set_text_color(0)
            header()
        row_aligns = aligns if style != "B" else ["L"] + aligns[1:]
        _draw_row(pdf, lines, widths, height, row_aligns, style, fill)
    pdf.set_auto_page_break(auto, MARGIN_BOTTOM)
    pdf.set_y(pdf.get_y() + 5)


def _opens_wide(pdf: _Pdf, doc: Document) -> bool:
    """Does the report's first block need a landscape page (a table too wide for portrait)?"""
    first = doc.blocks[0] if doc.blocks else None
    if not isinstance(first, TableBlock) or not first.table.columns:
        return False
    pdf.table_pt = TABLE_PT  # before the report's first page the PDF is portrait (new, or after the memorandum)
    return column_widths(pdf, first.table, pdf.epw)[1] > pdf.epw


def render_pdf(doc: Document) -> bytes:
    """The document as A4 PDF bytes: the memorandum page first when there is one, then the report."""
    pdf = _Pdf(doc)
    try:
        if doc.memorandum is not None:
            _memorandum(pdf, doc.memorandum)
        # a report that opens with a wide table (the target list) starts landscape, its title above the
        # table, instead of leaving the title alone on a portrait page
        pdf.add_page(orientation="L" if _opens_wide(pdf, doc) else "P")
        pdf.running_title = doc.title  # shown from the report's second page on
        _title_block(pdf, doc)
        for index, block in enumerate(doc.blocks):
            if not isinstance(block, TableBlock) and pdf.landscape:
                pdf.add_page(orientation="P")  # back to portrait after a wide table
            if isinstance(block, Heading):
                _heading(pdf, doc.blocks, index)
            elif isinstance(block, Paragraph):
                _paragraph(pdf, block)
            elif isinstance(block, TableBlock):
                _table(pdf, block.table, doc)
            elif isinstance(block, Image):
                _image(pdf, block)
        return bytes(pdf.output())
    finally:
        pdf.close_fonts()
