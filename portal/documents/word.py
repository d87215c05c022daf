"""A Document as DOCX (python-docx), for staff to edit before the director signs.

The memorandum is laid out without tables — "บันทึกข้อความ", then ส่วนราชการ, ที่ and
วันที่ on one line, เรื่อง (each on a dotted rule), เรียน, the body with its first lines
indented, the signature block on the right — so it edits like any office memo. The
report follows: title, "ข้อมูล ณ วันที่", headings, paragraphs, tables (Thai headers
repeated on each page, numbers right-aligned, a bold รวม row; wide tables on a landscape
section), charts with their captions. The font is set for Latin and for complex script
(Thai is complex script to Word) at 16 pt on A4. (The module is not named ``docx`` so
that it does not shadow python-docx.) No Flask here.
"""
from __future__ import annotations

import io

from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from portal.documents.cells import align_right, clean_text, text_rows
from portal.documents.fonts import DOCX_BODY_PT, DOCX_FONT
from portal.documents.model import Document, Heading, Image, Memorandum, Paragraph, TableBlock
from portal.exports import Table

A4_W, A4_H = Mm(210), Mm(297)
TABLE_PT = 14
SIGN_LINE = "(ลงชื่อ) " + "." * 40
BLANK_NAME = "(" + "." * 44 + ")"


# -- fonts -----------------------------------------------------------------------------------
def _set_run_fonts(rpr, size_pt: float | None = None, bold: bool | None = None) -> None:
    """Name the Thai font for every script slot and give the complex-script size and weight too."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if fonts.get(qn(attribute)) is not None:
            del fonts.attrib[qn(attribute)]
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), DOCX_FONT)
    if size_pt is not None:
        half_points = str(int(round(size_pt * 2)))
        for tag in ("w:sz", "w:szCs"):
            element = rpr.find(qn(tag))
            if element is None:
                element = OxmlElement(tag)
                rpr.append(element)
            element.set(qn("w:val"), half_points)
    if bold is not None:
        for tag in ("w:b", "w:bCs"):
            element = rpr.find(qn(tag))
            if element is None:
                element = OxmlElement(tag)
                rpr.append(element)
            element.set(qn("w:val"), "1" if bold else "0")


def _run(paragraph, text: str, size: float | None = None, bold: bool | None = None, italic: bool = False):
    run = paragraph.add_run(clean_text(text))
    if italic:
        run.italic = True
    _set_run_fonts(run._element.get_or_add_rPr(), size, bold)
    return run


def _style_fonts(doc) -> None:
    styles = doc.styles
    sizes = {"Normal": DOCX_BODY_PT, "Title": 20, "Subtitle": 16, "Heading 1": 18, "Heading 2": 16,
             "Caption": 14, "Footer": 14}
    for name, size in sizes.items():
        try:
            style = styles[name]
        except KeyError:
            continue
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.italic = name == "Caption"
        _set_run_fonts(style.element.get_or_add_rPr(), size, name.startswith(("Title", "Heading")))
        fmt = style.paragraph_format
        fmt.space_after = Pt(0 if name in ("Normal", "Footer") else 4)
        fmt.space_before = Pt(8 if name.startswith("Heading") else 0)
        fmt.line_spacing = 1.0
    # the document defaults (used by table cells and anything without a style) carry the font as well
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            _set_run_fonts(rpr, DOCX_BODY_PT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "th-TH")
    lang.set(qn("w:bidi"), "th-TH")
    styles["Normal"].element.get_or_add_rPr().append(lang)


def _page(section, landscape: bool = False) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (A4_H, A4_W) if landscape else (A4_W, A4_H)
    section.top_margin = Cm(2.5) if not landscape else Cm(2)
    section.bottom_margin = Cm(2)
    section.left_margin = Cm(3) if not landscape else Cm(2)
    section.right_margin = Cm(2)


def _usable_width(section):
    return section.page_width - section.left_margin - section.right_margin


def _page_number_footer(section) -> None:
    footer = section.footer
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, "หน้า ", 14)
    _field(paragraph, "PAGE")
    _run(paragraph, "/", 14)
    _field(paragraph, "NUMPAGES")


def _field(paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    _set_run_fonts(rpr, 14)
    run.append(rpr)
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _dotted_rule(paragraph) -> None:
    """A dotted line under the paragraph, the way the printed form has one under each field."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    # Word and LibreOffice merge neighbouring paragraphs with the same borders into one box: the
    # "between" rule keeps a dotted line under each of them
    for edge in ("w:bottom", "w:between"):
        rule = OxmlElement(edge)
        for key, value in (("w:val", "dotted"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "808080")):
            rule.set(qn(key), value)
        borders.append(rule)
    ppr.append(borders)


# -- the memorandum ----------------------------------------------------------------------------
def _memorandum(doc, memo: Memorandum) -> None:
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, "บันทึกข้อความ", 29, bold=True)
    title.paragraph_format.space_after = Pt(6)

    def field_line(parts: list[tuple[str, str]], tab_at=None) -> None:
        paragraph = doc.add_paragraph()
        if tab_at is not None:
            paragraph.paragraph_format.tab_stops.add_tab_stop(tab_at, WD_TAB_ALIGNMENT.LEFT)
        for number, (label, value) in enumerate(parts):
            if number:
                paragraph.add_run("\t")
            _run(paragraph, label, 20, bold=True)
            _run(paragraph, " " + value if value else " ", DOCX_BODY_PT, bold=False)
        _dotted_rule(paragraph)

    section = doc.sections[-1]
    field_line([("ส่วนราชการ", memo.agency)])
    field_line([("ที่", memo.reference or ""), ("วันที่", memo.date_text)], tab_at=int(_usable_width(section) * 0.5))
    field_line([("เรื่อง", memo.subject)])
    doc.add_paragraph().paragraph_format.space_after = Pt(0)
    to = doc.add_paragraph()
    _run(to, "เรียน", bold=True)
    _run(to, " " + memo.to)
    if memo.attachments:
        many = len(memo.attachments) > 1
        for number, item in enumerate(memo.attachments, start=1):
            line = doc.add_paragraph()
            line.paragraph_format.left_indent = Cm(3)
            line.paragraph_format.first_line_indent = Cm(-3)
            _run(line, "สิ่งที่ส่งมาด้วย\t" if number == 1 else "\t", bold=True)
            line.paragraph_format.tab_stops.add_tab_stop(Cm(3))
            _run(line, f"{number}. {item}" if many else item)
    for text in memo.body:
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Cm(2.5)
        paragraph.paragraph_format.space_before = Pt(6)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.THAI_JUSTIFY
        _run(paragraph, text)
    doc.add_paragraph()
    doc.add_paragraph()
    name = f"({memo.signature.name})" if memo.signature.name.strip() else BLANK_NAME
    for text in (SIGN_LINE, name, memo.signature.position):
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.left_indent = Cm(7)
        _run(paragraph, text)


# -- the report -------------------------------------------------------------------------------
def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def _cant_split(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))


def _shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tcpr.append(shading)


def _cell_text(cell, text: str, align, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    _run(paragraph, text, TABLE_PT, bold=bold)


def is_wide(table: Table) -> bool:
    """Landscape when the table would not read on a portrait page: many columns or much text across."""
    headers, body, totals = text_rows(table)
    rows = body[:200] + ([totals] if totals else [])
    across = sum(max([min(len(h), 14)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers))
    return len(headers) > 7 or across > 110


def _table(doc, table: Table, as_of: str) -> None:
    if not table.columns:
        return
    headers, body, totals = text_rows(table)
    if table.title:
        caption = doc.add_paragraph()
        _run(caption, table.title, bold=True)
        caption.paragraph_format.keep_with_next = True
    for line in (*table.subtitles, table.as_of if table.as_of and table.as_of != as_of else ""):
        if line:
            paragraph = doc.add_paragraph()
            _run(paragraph, line, TABLE_PT)
            paragraph.paragraph_format.keep_with_next = True
    widths = column_widths(table, _usable_width(doc.sections[-1]))
    grid = doc.add_table(rows=1, cols=len(headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    for column, width in zip(grid.columns, widths):
        column.width = width
    head = grid.rows[0]
    _repeat_header(head)
    _cant_split(head)
    for cell, text, width in zip(head.cells, headers, widths):
        cell.width = width
        _cell_text(cell, text, WD_ALIGN_PARAGRAPH.CENTER, bold=True)
        _shade(cell, "E1E1E1")
    aligns = [WD_ALIGN_PARAGRAPH.RIGHT if align_right(c, None) else WD_ALIGN_PARAGRAPH.LEFT for c in table.columns]
    for values in body:
        row = grid.add_row()
        _cant_split(row)
        for cell, text, align, width in zip(row.cells, values, aligns, widths):
            cell.width = width
            _cell_text(cell, text, align)
    if totals:
        row = grid.add_row()
        _cant_split(row)
        for index, (cell, text, align, width) in enumerate(zip(row.cells, totals, aligns, widths)):
            cell.width = width
            _cell_text(cell, text, WD_ALIGN_PARAGRAPH.LEFT if index == 0 else align, bold=True)
            _shade(cell, "F0F0F0")
    doc.add_paragraph()


DIGIT_MM = 2.6  # a figure at 14 pt, with room for a wider fallback face than TH Sarabun New
THAI_MM = 2.2  # an average Thai cluster at 14 pt
CELL_PAD_MM = 3.0


def column_widths(table: Table, usable) -> list:
    """Column widths that fill the usable width: figures get what their longest value (or the bold รวม)
    needs, so they never wrap; text columns share the rest by how much they hold."""
    headers, body, totals = text_rows(table)
    rows = body + ([totals] if totals else [])
    usable_mm = usable / 36000  # EMU per mm
    need: list[float] = []
    numeric = [align_right(c, None) for c in table.columns]
    for index, is_number in enumerate(numeric):
        longest = max([len(r[index]) for r in rows if index < len(r)] + [0])
        header_word = max([len(w) for w in headers[index].split()] + [0])
        if is_number:
            need.append(max(longest * DIGIT_MM * 1.08, min(header_word, 10) * THAI_MM * 1.25, 12.0) + CELL_PAD_MM)
        else:
            need.append(max(min(longest, 45) * THAI_MM, min(header_word, 12) * THAI_MM, 12.0) + CELL_PAD_MM)
    fixed = sum(n for n, is_number in zip(need, numeric) if is_number)
    flexible = sum(n for n, is_number in zip(need, numeric) if not is_number)
    if flexible and fixed < usable_mm * 0.85:
        share = (usable_mm - fixed) / flexible
        widths_mm = [n if is_number else n * share for n, is_number in zip(need, numeric)]
    else:
        widths_mm = [n * usable_mm / sum(need) for n in need]
    return [Mm(w) for w in widths_mm]


def _image(doc, block: Image) -> None:
    section = doc.sections[-1]
    width = min(Mm(block.width_mm or 160), _usable_width(section))
    doc.add_picture(io.BytesIO(block.png), width=width)
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.paragraphs[-1].paragraph_format.keep_with_next = True
    if block.alt:
        caption = doc.add_paragraph(style="Caption")
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(caption, block.alt, 14, italic=True)


def render_docx(doc: Document) -> bytes:
    """The document as DOCX bytes: the memorandum first when there is one, the report on a new page."""
    word = WordDocument()
    _style_fonts(word)
    section = word.sections[0]
    _page(section)
    _page_number_footer(section)
    word.core_properties.title = clean_text(doc.title)
    word.core_properties.language = "th-TH"
    if doc.memorandum is not None:
        _memorandum(word, doc.memorandum)
        word.add_page_break()
    title = word.add_paragraph()  # not the template's "Title" style: it draws a coloured rule
    title.paragraph_format.space_after = Pt(4)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, doc.title, 20, bold=True)
    for subtitle in doc.subtitles:
        paragraph = word.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(paragraph, subtitle)
    if doc.as_of:
        paragraph = word.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(paragraph, doc.as_of, 14)
    landscape = False
    for block in doc.blocks:
        wide = isinstance(block, TableBlock) and bool(block.table.columns) and is_wide(block.table)
        if wide != landscape and (wide or not isinstance(block, TableBlock)):
            landscape = wide
            _page(word.add_section(WD_SECTION.NEW_PAGE), landscape)
        if isinstance(block, Heading):
            paragraph = word.add_paragraph(style="Heading 1" if block.level <= 1 else "Heading 2")
            _run(paragraph, block.text, 18 if block.level <= 1 else 16, bold=True)
            paragraph.paragraph_format.keep_with_next = True
        elif isinstance(block, Paragraph):
            paragraph = word.add_paragraph()
            paragraph.paragraph_format.first_line_indent = Cm(1.25)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.THAI_JUSTIFY
            _run(paragraph, block.text)
        elif isinstance(block, TableBlock):
            _table(word, block.table, doc.as_of)
        elif isinstance(block, Image):
            _image(word, block)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()
