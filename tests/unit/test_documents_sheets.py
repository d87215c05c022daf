"""XLSX and CSV of a Document, and render(): no formula anywhere, Thai intact, numbers numeric,
sheet names Excel accepts, the memorandum sheet, one CSV or a zip of them, server-built names."""
from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from unit.test_documents_samples import HOSTILE, MEMO, TONES, coop_table, sample_document

from portal.documents import Document, Paragraph, TableBlock
from portal.documents.render import FORMATS, MIMETYPES, render, render_csv, render_csv_zip, render_xlsx
from portal.documents.sheets import MEMO_CSV, MEMO_SHEET, sheet_name
from portal.exports import FORMULA_START, Column, Table

BAD_SHEET_CHARACTERS = set("[]:*?/\\")


def _all_cells(book):
    for ws in book.worksheets:
        for row in ws.iter_rows():
            yield from row


def _assert_no_formula(book) -> None:
    for cell in _all_cells(book):
        assert cell.data_type != "f", (cell.coordinate, cell.value)
        if isinstance(cell.value, str):
            assert not cell.value.startswith(FORMULA_START), (cell.coordinate, cell.value)


@pytest.fixture(scope="module")
def book():
    return load_workbook(io.BytesIO(render_xlsx(sample_document())))


def test_the_workbook_opens_with_the_memorandum_first_then_text_then_one_sheet_per_table(book):
    assert book.sheetnames == [MEMO_SHEET, "รายงาน", "ผลการฝึกอบรม-รายสหกรณ์", "ตารางที่ 2 งบประมาณตามหมวดราย"]
    for name in book.sheetnames:
        assert len(name) <= 31 and not BAD_SHEET_CHARACTERS & set(name)
    memo = book[MEMO_SHEET]
    fields = {row[0]: row[1] for row in memo.iter_rows(min_row=3, values_only=True) if row[0]}
    assert fields["ส่วนราชการ"] == MEMO.agency and fields["ที่"] == MEMO.reference
    assert fields["วันที่"] == MEMO.date_text and fields["เรื่อง"] == MEMO.subject and fields["เรียน"] == MEMO.to
    assert fields["ลงชื่อ"] == MEMO.signature.name and fields["ตำแหน่ง"] == MEMO.signature.position
    assert fields["ข้อความ"] == MEMO.body[0]


def test_no_cell_is_a_formula_thai_is_intact_and_numbers_are_numbers(book):
    _assert_no_formula(book)
    ws = book["ผลการฝึกอบรม-รายสหกรณ์"]
    assert ws["A1"].value == "ตารางที่ 1 ผลการฝึกอบรมรายสหกรณ์"
    assert ws["A2"].value == "ปีงบประมาณ พ.ศ. 2566"  # the document's subtitles where the table has none
    header_row = next(r for r in range(1, 8) if ws.cell(row=r, column=1).value == "ลำดับ")
    first = [c.value for c in ws[header_row + 1]]
    assert first[:3] == [1, "สหกรณ์การเกษตรผู้ใช้น้ำบ้านปี่ที่ 1 จำกัด", "ปทุมธานี"]
    assert isinstance(first[3], int) and isinstance(first[4], (int, float)) and first[4] == 45601
    hostile = [ws.cell(row=header_row + 41 + i, column=2).value for i in range(len(HOSTILE))]
    assert hostile[:4] == ["'" + HOSTILE[0], "'+1", "'@SUM(A1:A2)", "'\t=1"]
    assert ws.cell(row=header_row + 41, column=3).value == TONES
    totals = [c.value for c in ws[ws.max_row]]
    assert totals[0] == "รวม" and totals[3] == 1630 and totals[4] == pytest.approx(1824833.0)
    assert ws.cell(row=ws.max_row, column=5).number_format == "#,##0.00"
    assert ws.page_setup.orientation == "landscape"


def test_sheet_names_are_unique_short_and_clean():
    used: set[str] = set()
    names = [sheet_name(raw, used, "ตาราง") for raw in
             ("ผลการฝึกอบรม/รายสหกรณ์", "ผลการฝึกอบรม/รายสหกรณ์", "A[1]:*?", "", "'History'", "a" * 40, "A" * 40)]
    assert names[0] == "ผลการฝึกอบรม-รายสหกรณ์" and names[1] == "ผลการฝึกอบรม-รายสหกรณ์ (2)"
    assert names[2] == "A-1----" and names[3] == "ตาราง" and names[4] == "History (2)"
    assert names[6].endswith("(2)")  # Excel compares sheet names without case
    assert len({n.casefold() for n in names}) == len(names) and all(len(n) <= 31 for n in names)


def test_csv_of_one_table_is_one_file_and_of_several_a_zip_with_the_memorandum():
    one = Document(title="ทดสอบ", blocks=[TableBlock(coop_table(3))], filename_stem="ตาราง/หนึ่ง")
    data, mimetype, name = render_csv(one)
    assert mimetype.startswith("text/csv") and name == "ตาราง_หนึ่ง.csv"
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][1] == "ชื่อสหกรณ์" and rows[1][1] == "สหกรณ์การเกษตรผู้ใช้น้ำบ้านปี่ที่ 1 จำกัด"
    assert rows[4][1] == "'" + HOSTILE[0] and rows[5][1] == "'+1"

    data, mimetype, name = render(sample_document(), "csv")
    assert mimetype == "application/zip" and name.endswith(".zip")
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    assert names[0] == MEMO_CSV and len(names) == 3
    for member in names:
        assert "/" not in member and "\\" not in member and ".." not in member
        text = archive.read(member)
        assert text.startswith("\ufeff".encode())
        for row in csv.reader(io.StringIO(text.decode("utf-8-sig"))):
            for value in row:
                assert not value.startswith(FORMULA_START) or value.lstrip("-").replace(",", "").replace(".", "", 1).isdigit()
    memo = list(csv.reader(io.StringIO(archive.read(MEMO_CSV).decode("utf-8-sig"))))
    assert ["เรื่อง", MEMO.subject] in memo
    assert render_csv_zip(sample_document()) == data  # the same bytes every time


def test_render_returns_bytes_mimetype_and_a_server_built_name_for_every_format():
    doc = sample_document(rows=3)
    assert FORMATS == ("xlsx", "csv", "pdf", "docx")
    for fmt in FORMATS:
        data, mimetype, name = render(doc, fmt)
        assert data and mimetype in MIMETYPES.values()
        assert name.startswith("รายงาน_ไตรมาส_2_2566.")
    assert render(doc, "pdf")[0].startswith(b"%PDF")
    assert render(doc, "docx")[0].startswith(b"PK") and render(doc, "xlsx")[0].startswith(b"PK")
    with pytest.raises(ValueError):
        render(doc, "html")
    odd = Document(title="x", filename_stem="../../etc/passwd\x00")
    assert render(odd, "pdf")[2] == "etc_passwd.pdf"


def test_a_document_with_only_text_still_makes_a_workbook_and_a_zip():
    doc = Document(title="บันทึกสั้น", blocks=[Paragraph("=1+1 ข้อความ")])
    book = load_workbook(io.BytesIO(render_xlsx(doc)))
    assert book.sheetnames == ["รายงาน"]
    _assert_no_formula(book)
    assert "'=1+1 ข้อความ" in [c.value for c in _all_cells(book)]
    archive = zipfile.ZipFile(io.BytesIO(render_csv(doc)[0]))
    assert archive.namelist() == ["report.csv"]


_texts = st.text(max_size=15) | st.sampled_from(HOSTILE + ("=", "+", "-", "@", "\t", "\r\n=1", "ผู้ที่=1"))
_numbers = st.integers(-10**9, 10**9) | st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False)


@settings(max_examples=40)
@given(st.lists(st.tuples(_texts, _numbers, _numbers), min_size=1, max_size=5), _texts, _texts)
def test_property_csv_and_xlsx_never_yield_a_formula_and_numbers_stay_numbers(rows, header, title):
    columns = (Column(header or "ชื่อ"), Column("จำนวน", "int", total=True), Column("เงิน", "amount", total=True))
    table = Table(title=title or "ตาราง", columns=columns, rows=rows, sheet_name=title)
    doc = Document(title=title or "รายงาน", memorandum=MEMO, blocks=[Paragraph(title), TableBlock(table),
                                                                     TableBlock(table)])
    book = load_workbook(io.BytesIO(render_xlsx(doc)))
    _assert_no_formula(book)
    sheet = book.worksheets[-1]
    header_row = next(r for r in range(1, 10) if sheet.cell(row=r, column=2).value == "จำนวน")
    for offset, (_, whole, money) in enumerate(rows, start=1):
        got_whole = sheet.cell(row=header_row + offset, column=2).value
        got_money = sheet.cell(row=header_row + offset, column=3).value
        assert isinstance(got_whole, (int, float)) and Decimal(str(got_whole)) == Decimal(str(whole))
        assert isinstance(got_money, (int, float))
        assert Decimal(str(got_money)).quantize(Decimal("0.01")) == Decimal(str(money)).quantize(Decimal("0.01"))
    archive = zipfile.ZipFile(io.BytesIO(render_csv_zip(doc)))
    for member in archive.namelist():
        parsed = list(csv.reader(io.StringIO(archive.read(member).decode("utf-8-sig"))))
        for cells in parsed:
            for value in cells:
                number_like = value.lstrip("-").replace(".", "", 1).isdigit()
                assert not value.startswith(FORMULA_START) or number_like, (member, value)
        if member != MEMO_CSV:
            body = parsed[1:1 + len(rows)]
            for (_, whole, money), cells in zip(rows, body):
                assert Decimal(cells[1]) == Decimal(str(whole)) and Decimal(cells[2]) == Decimal(str(money))


def test_odd_tables_render_in_every_format():
    import datetime as dt

    columns = (Column("วันที่", "date"), Column("ชื่อ"), Column("จำนวน", "int", total=True), Column("ร้อยละ", "percent"))
    tables = [
        Table(title="ว่าง", columns=columns, rows=[]),
        Table(title="ไม่มีคอลัมน์", columns=(), rows=[]),
        Table(title="ค่าว่าง", columns=columns, rows=[(dt.date(2023, 3, 15), None, None, None),
                                                      ("15 มี.ค. 2566", "นาง ก", 3, 12.345)]),
    ]
    doc = Document(title="ตารางแปลก ๆ", blocks=[TableBlock(t) for t in tables])
    for fmt in FORMATS:
        assert render(doc, fmt)[0]
    from portal.documents.cells import format_cell

    assert format_cell(columns[0], dt.date(2023, 3, 15)) == "15 มี.ค. 2566"
    assert format_cell(columns[3], 12.345) == "12.35" and format_cell(columns[2], 1234567) == "1,234,567"
    assert format_cell(columns[2], None) == "" and format_cell(columns[3], "ข้อมูลไม่พอ") == "ข้อมูลไม่พอ"


def test_control_characters_and_missing_glyphs_do_not_break_any_format():
    from portal.documents import Heading, Memorandum, Signature

    memo = Memorandum("ศูนย์\x00", "ที่\x1f", "", "เรื่อง\x0b", "เรียน", ("แนบ\x07",), Signature("ชื่อ\x01", "ตำแหน่ง"))
    table = Table(title="ตาราง\x01", columns=[Column("หัว\x02"), Column("จำนวน", "int", total=True)],
                  rows=[("ค่า\x03=1", 1), ("😀 漢字", 2)])
    doc = Document(title="ทดสอบ\x00 😀", memorandum=memo,
                   blocks=[Heading("หัวข้อ\x00"), Paragraph("😀 漢字 \x1f ข้อความ"), TableBlock(table)])
    for fmt in FORMATS:
        assert render(doc, fmt)[0]
    import docx

    word = docx.Document(io.BytesIO(render(doc, "docx")[0]))
    assert "ส่วนราชการ ศูนย์" in [p.text for p in word.paragraphs]
    assert word.tables[0].rows[1].cells[0].text == "ค่า=1"
