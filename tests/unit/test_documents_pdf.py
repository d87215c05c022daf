"""The PDF: A4, shaped Thai in Sarabun, the memorandum laid out, tables with headers on every page,
the รวม row, the chart, "หน้า n/N". Text comes back through poppler's pdftotext; the pages are
also drawn to tests/.artifacts/documents/ (pdftoppm) to be looked at."""
from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from unit.test_documents_samples import LONG, MEMO, TONES, coop_table, sample_document

from portal.documents import Document, Memorandum, Paragraph, Signature, TableBlock
from portal.documents.pdf import _Pdf, render_pdf
from portal.domain.thaidates import format_number
from portal.exports import Column, Table

ARTIFACTS = Path(__file__).resolve().parents[1] / ".artifacts" / "documents"
MARKS = re.compile("[\u0e31\u0e33-\u0e3a\u0e47-\u0e4e\\s\u200b]")


def skeleton(text: str) -> str:
    """Thai without its vowel/tone marks and spaces: what text extraction of shaped Thai returns reliably
    (it may move a tone mark or split sara am into two glyphs)."""
    return MARKS.sub("", unicodedata.normalize("NFC", text)).replace("\u0e4d", "").replace("\u0e32", "")


def _pages_text(path: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return out.split("\f")[:-1] if out.endswith("\f") else out.split("\f")


def _page_sizes(path: Path, count: int) -> list[tuple[float, float]]:
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", str(count), str(path)], capture_output=True, check=True,
                         text=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", out)]


def _page_count(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", out).group(1))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    data = render_pdf(sample_document())
    path = tmp_path_factory.mktemp("pdf") / "sample.pdf"
    path.write_bytes(data)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("sample-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(path), str(ARTIFACTS / "sample")], check=True)
    return data, path, _pages_text(path)


def test_it_is_a_pdf_with_numbered_a4_pages(rendered):
    data, path, pages = rendered
    assert data.startswith(b"%PDF-")
    count = _page_count(path)
    assert count == len(pages) >= 5
    for number, text in enumerate(pages, start=1):
        assert f"หน้า {number}/{count}" in text
    sizes = _page_sizes(path, count)
    assert sizes[0] == pytest.approx((595.28, 841.89), abs=0.5)  # A4 portrait
    assert any(w > h for w, h in sizes), "the nine-column budget table gets a landscape page"
    assert len(sorted(ARTIFACTS.glob("sample-*.png"))) == count


def test_the_first_page_is_the_memorandum_with_its_fields(rendered):
    _, _, pages = rendered
    first = pages[0]
    for exact in ("บันทึกข้อความ", "ส่วนราชการ", "กษ 0505.1/123", "31 มีนาคม 2566", "(นายสมชาย ใจดี)", "(ลงชื่อ)"):
        assert exact in first
    flat = skeleton(first)
    for field in (MEMO.agency, MEMO.subject, MEMO.to, MEMO.signature.position, MEMO.attachments[0],
                  *MEMO.body):
        assert skeleton(field) in flat, field
    # the heading comes first, the signature last
    assert first.index("บันทึกข้อความ") < first.index("ส่วนราชการ") < first.index("(ลงชื่อ)")


def test_the_report_has_its_title_the_long_paragraph_and_the_as_of_line(rendered):
    _, _, pages = rendered
    report = pages[1]
    assert skeleton("รายงานผลการดำเนินงานรายไตรมาส") in skeleton(report)
    assert "ข้อมูล ณ วันที่ 31 มีนาคม 2566" in report
    assert skeleton(LONG) in skeleton(report)  # the whole paragraph, over several lines, nothing lost


def test_table_headers_repeat_on_every_page_and_the_totals_row_is_there(rendered):
    _, _, pages = rendered
    with_rows = [p for p in pages if re.search(r"45,6\d\d\.00", p)]
    assert len(with_rows) >= 2, "forty rows run over more than one page"
    for page in with_rows:
        assert skeleton("ชื่อสหกรณ์") in skeleton(page) and skeleton("งบประมาณ") in skeleton(page)
    assert any(skeleton("ตารางที่ 1 ผลการฝึกอบรมรายสหกรณ์ (ต่อ)") in skeleton(p) for p in with_rows[1:])
    totals = coop_table().totals()
    people, money = format_number(totals[3]), format_number(totals[4], 2)
    assert people == "1,630" and money == "1,824,833.00"
    total_page = next(p for p in pages if money in p)
    total_line = next(line for line in total_page.splitlines() if money in line)
    assert "รวม" in total_line and people in total_line
    # numbers formatted per kind: int with thousands, amount with two decimals, percent with two
    assert "45,601.00" in pages[1] and "85.50" in pages[1]
    assert re.search(r"=HYPERLINK", "".join(pages))  # hostile text is only text in a PDF


def test_the_chart_is_drawn_with_its_caption(rendered):
    _, path, pages = rendered
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, check=True, text=True).stdout
    assert len([line for line in listing.splitlines()[2:] if line.strip()]) >= 1
    assert any(skeleton("แผนภูมิที่ 1 คะแนนเฉลี่ยก่อนและหลังการฝึกอบรม") in skeleton(p) for p in pages)


def test_lines_the_pdf_draws_never_begin_with_a_vowel_or_tone_mark():
    pdf = _Pdf(sample_document())
    try:
        pdf.add_page()
        pdf.font(12)
        text = (LONG + TONES) * 2
        for width in (20, 33.3, 57, 120):
            lines = pdf.lines(text, width)
            assert "".join(lines).replace(" ", "") == unicodedata.normalize("NFC", text).replace(" ", "")
            for line in lines:
                assert not MARKS.match(line[:1] or "x") or line[:1] == " "
                assert pdf.get_string_width(line) <= width
    finally:
        pdf.close_fonts()


def test_a_blank_reference_and_signature_leave_dotted_lines_to_fill_in(tmp_path):
    memo = Memorandum(agency="ศูนย์ถ่ายทอดเทคโนโลยีการสหกรณ์ที่ 2", reference="", date_text="", subject="ทดสอบ",
                      to="ผู้อำนวยการ", body=("ข้อความ",), signature=Signature(name="", position="ผู้อำนวยการ"))
    path = tmp_path / "blank.pdf"
    path.write_bytes(render_pdf(Document(title="ทดสอบ", memorandum=memo)))
    pages = _pages_text(path)
    assert len(pages) == 2
    assert "(....." in pages[0] and "(ลงชื่อ) ....." in pages[0]


def test_without_a_memorandum_the_title_opens_the_first_page_and_a_wide_table_turns_landscape(tmp_path):
    columns = [Column("รายการ")] + [Column(f"เดือนที่ {i}", "amount", total=True) for i in range(1, 13)]
    table = Table(title="ตารางกว้าง", columns=columns, rows=[("ค่าอาหาร",) + (1234567.5,) * 12,
                                                              ("ค่าที่พัก",) + (13580247.0,) * 12])
    path = tmp_path / "wide.pdf"
    path.write_bytes(render_pdf(Document(title="รายงานทดสอบ", blocks=[Paragraph("ก่อนตาราง"), TableBlock(table),
                                                                        Paragraph("หลังตาราง")])))
    pages = _pages_text(path)
    assert "รายงานทดสอบ" in pages[0] and "ก่อนตาราง" in pages[0]
    sizes = _page_sizes(path, len(pages))
    assert sizes[0][0] < sizes[0][1] and sizes[1][0] > sizes[1][1] and sizes[-1][0] < sizes[-1][1]
    lines = pages[1].splitlines()
    # thirteen columns fit on the landscape page without cutting a number (the type gets smaller)
    assert next(line for line in lines if "ค่าอาหาร" in line).count("1,234,567.50") == 12
    assert next(line for line in lines if "รวม" in line).count("14,814,814.50") == 12
    assert "หลังตาราง" in pages[-1]


def test_a_heading_is_never_left_alone_at_the_foot_of_a_page(tmp_path):
    from portal.documents import Heading

    path = tmp_path / "keep.pdf"
    for filler in range(20, 31):  # the headings fall ever closer to the foot of the first page
        blocks = [Paragraph(f"บรรทัดที่ {n}") for n in range(filler)]
        blocks += [Heading("3. ตัวชี้วัดรายศูนย์"), Heading("ศูนย์ที่ 1", 2), Paragraph("เนื้อหาหลังหัวข้อ")]
        path.write_bytes(render_pdf(Document(title="ทดสอบ", blocks=blocks)))
        pages = _pages_text(path)
        page = next(p for p in pages if "3. ตัวชี้วัดรายศูนย์" in p or skeleton("3. ตัวชี้วัดรายศูนย์") in skeleton(p))
        assert skeleton("เนื้อหาหลังหัวข้อ") in skeleton(page), filler
