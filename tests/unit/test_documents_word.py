"""The DOCX: reopened with python-docx it holds the memorandum's fields, the tables' cells (header row
repeated, numbers right, รวม bold), the chart, A4 pages and the Thai font for Latin and complex script."""
from __future__ import annotations

import io

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm
from unit.test_documents_samples import HOSTILE, LONG, MEMO, budget_table, coop_table, sample_document

from portal.documents import Document, Memorandum, Signature
from portal.documents.fonts import DOCX_FONT
from portal.documents.word import render_docx


@pytest.fixture(scope="module")
def word():
    return docx.Document(io.BytesIO(render_docx(sample_document())))


def _texts(word) -> list[str]:
    return [p.text for p in word.paragraphs]


def test_the_memorandum_fields_come_first_in_form_order(word):
    texts = _texts(word)
    assert texts[0] == "บันทึกข้อความ"
    assert texts[1] == f"ส่วนราชการ {MEMO.agency}"
    assert texts[2] == f"ที่ {MEMO.reference}\tวันที่ {MEMO.date_text}"
    assert texts[3] == f"เรื่อง {MEMO.subject}"
    assert f"เรียน {MEMO.to}" in texts
    assert any(t.startswith("สิ่งที่ส่งมาด้วย") and MEMO.attachments[0] in t for t in texts)
    for paragraph in MEMO.body:
        assert paragraph in texts
    signature = texts.index(f"({MEMO.signature.name})")
    assert texts[signature - 1].startswith("(ลงชื่อ)") and texts[signature + 1] == MEMO.signature.position
    assert texts.index(f"เรียน {MEMO.to}") < texts.index(MEMO.body[0]) < signature
    block = word.paragraphs[signature]
    assert block.paragraph_format.left_indent > Mm(50)  # the signature block sits on the right


def test_the_report_follows_with_title_as_of_headings_and_paragraphs(word):
    texts = _texts(word)
    assert "รายงานผลการดำเนินงานรายไตรมาส ศูนย์ถ่ายทอดเทคโนโลยีการสหกรณ์ที่ 1" in texts
    assert "ข้อมูล ณ วันที่ 31 มีนาคม 2566" in texts
    heading = next(p for p in word.paragraphs if p.text == "1. ผลการฝึกอบรม")
    assert heading.style.name == "Heading 1"
    assert LONG in texts
    assert "แผนภูมิที่ 1 คะแนนเฉลี่ยก่อนและหลังการฝึกอบรม" in texts
    assert len(word.inline_shapes) == 1  # the chart


def test_tables_have_their_cells_a_repeated_header_right_numbers_and_a_bold_totals_row(word):
    coops, budget = word.tables
    source = coop_table()
    assert len(coops.rows) == 1 + len(source.rows) + 1
    assert [c.text for c in coops.rows[0].cells] == [c.header for c in source.columns]
    assert coops.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    first = [c.text for c in coops.rows[1].cells]
    assert first == ["1", "สหกรณ์การเกษตรผู้ใช้น้ำบ้านปี่ที่ 1 จำกัด", "ปทุมธานี", "21", "45,601.00", "85.50"]
    assert coops.rows[1].cells[4].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert coops.rows[1].cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
    hostile = [r.cells[1].text for r in coops.rows[41:41 + len(HOSTILE)]]
    assert hostile == [h.replace("\r", "\n") for h in HOSTILE]  # in a DOCX a formula is only text
    totals = coops.rows[-1]
    assert [c.text for c in totals.cells] == ["รวม", "", "", "1,630", "1,824,833.00", ""]
    assert all(run.bold for c in totals.cells for run in c.paragraphs[0].runs)
    assert [c.text for c in budget.rows[0].cells] == [c.header for c in budget_table().columns]


def test_pages_are_a4_and_a_wide_table_gets_a_landscape_section(word):
    first = word.sections[0]
    assert first.page_width.mm == pytest.approx(210, abs=0.1) and first.page_height.mm == pytest.approx(297, abs=0.1)
    assert first.orientation == WD_ORIENT.PORTRAIT
    assert any(s.orientation == WD_ORIENT.LANDSCAPE and s.page_width.mm == pytest.approx(297, abs=0.1)
               for s in word.sections)
    assert word.sections[-1].orientation == WD_ORIENT.PORTRAIT


def test_the_thai_font_is_set_for_latin_and_complex_script_at_16_pt(word):
    normal = word.styles["Normal"].element.rPr
    fonts = normal.find(qn("w:rFonts"))
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        assert fonts.get(qn(slot)) == DOCX_FONT
    assert normal.find(qn("w:sz")).get(qn("w:val")) == "32"
    assert normal.find(qn("w:szCs")).get(qn("w:val")) == "32"
    body = next(p for p in word.paragraphs if p.text == MEMO.body[0])
    run_fonts = body.runs[0]._element.rPr.find(qn("w:rFonts"))
    assert run_fonts.get(qn("w:cs")) == DOCX_FONT


def test_a_report_without_memorandum_starts_with_its_title_and_a_blank_signature_is_dotted():
    plain = docx.Document(io.BytesIO(render_docx(Document(title="รายงานทดสอบ"))))
    assert plain.paragraphs[0].text == "รายงานทดสอบ"
    memo = Memorandum(agency="ศูนย์ 2", reference="", date_text="", subject="ทดสอบ", to="ผู้อำนวยการ", body=(),
                      signature=Signature(name="", position="ผู้อำนวยการ"))
    blank = docx.Document(io.BytesIO(render_docx(Document(title="ทดสอบ", memorandum=memo))))
    texts = [p.text for p in blank.paragraphs]
    assert "ที่ \tวันที่ " in texts
    assert any(t.startswith("(....") for t in texts)
