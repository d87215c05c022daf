"""portal.domain.meetings: times, targets, attendee rows, the meeting's own checks, loss lines, problems, files."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from portal.domain.meetings import (
    MAX_FILE_BYTES,
    MAX_ROWS,
    AttendeeRow,
    KpiRow,
    LossRow,
    check_meeting,
    check_upload,
    clean_attendees,
    clean_kpi_targets,
    clean_loss_rows,
    clean_problems,
    edit_rows,
    file_type_of,
    is_loss_making,
    parse_kpi_target,
    parse_non_negative_amount,
    parse_time,
    safe_original_name,
)


@pytest.mark.parametrize("text, expected", [
    ("09.00", dt.time(9, 0)), ("9:30", dt.time(9, 30)), ("16.30 น.", dt.time(16, 30)), ("๐๙.๓๐", dt.time(9, 30)),
    (" 13 . 05 ", dt.time(13, 5)), ("", None), (None, None),
])
def test_parse_time_reads_what_thai_users_type(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["24.00", "9.7", "เก้าโมง", "12.60", "0900"])
def test_parse_time_refuses_with_a_bilingual_message(text):
    with pytest.raises(ValueError) as exc:
        parse_time(text)
    message = exc.value.args[0]
    assert message.th.startswith("เวลาไม่ถูกต้อง") and "HH.MM" in message.en


def test_amounts_are_non_negative_baht_to_two_decimals():
    assert parse_non_negative_amount("125,000.505") == Decimal("125000.51")
    assert parse_non_negative_amount("๑๒๓ บาท") == Decimal("123.00")
    assert parse_non_negative_amount("0") == Decimal("0.00")
    assert parse_non_negative_amount("  ") is None
    with pytest.raises(ValueError, match="ต้องไม่ติดลบ"):
        parse_non_negative_amount("-1")
    with pytest.raises(ValueError, match="ต้องเป็นตัวเลข"):
        parse_non_negative_amount("1e999999")


def test_kpi_targets_are_whole_counts_or_percents_up_to_100():
    assert parse_kpi_target("2", "cooperatives") == Decimal(2)
    assert parse_kpi_target("82.5", "percent") == Decimal("82.50")
    assert parse_kpi_target("", "people") is None
    for text, unit, fragment in (("2.5", "people", "จำนวนเต็ม"), ("101", "percent", "ไม่เกิน 100"),
                                 ("-3", "cooperatives", "ไม่ติดลบ"), ("x", "percent", "ตัวเลข")):
        with pytest.raises(ValueError, match=fragment):
            parse_kpi_target(text, unit)


def test_clean_kpi_targets_drops_blank_targets_and_refuses_a_lonely_note():
    rows = [KpiRow(1, "ก", "A", "cooperatives", "2", " ตกลง "), KpiRow(2, "ข", "B", "percent", "", ""),
            KpiRow(3, "ค", "C", "percent", "", "มีหมายเหตุ"), KpiRow(4, "ง", "D", "people", "-1", "")]
    agreed, errors = clean_kpi_targets(rows)
    assert agreed == {1: (Decimal(2), "ตกลง")}
    assert set(errors) == {3, 4}
    assert "หมายเหตุ" in errors[3].th and "ไม่ติดลบ" in errors[4].th


def test_attendees_blank_rows_dropped_names_and_roles_required_at_least_one():
    rows = [AttendeeRow.typed("นาย", "  สมชาย   ใจดี ", "", "", "chair"), AttendeeRow.typed(role="province"),
            AttendeeRow.typed("นาง", "", "สหกรณ์จังหวัด", "", "province"),
            AttendeeRow.typed("", "สุดา", "", "", "boss")]
    kept, errors, general = clean_attendees(rows)
    assert [r.full_name for r in kept] == ["สมชาย ใจดี"]  # whitespace collapsed; row 2 (role only) is blank
    assert sorted(errors) == [2, 3]
    assert errors[2][0].th == "แถวที่ 3: กรุณากรอกชื่อ–สกุลผู้เข้าประชุม"
    assert errors[3][0].field == "role"
    assert general == []
    kept, errors, general = clean_attendees([AttendeeRow(), AttendeeRow.typed(role="chair")])
    assert kept == [] and errors == {} and general[0].th == "กรุณาบันทึกผู้เข้าประชุมอย่างน้อย 1 คน"


def test_names_are_nfc_normalised_with_sara_am_composed():
    row = AttendeeRow.typed("นาย", "สมชาย ทองค\u0e4d\u0e32\u200b", "", "", "centre")
    assert row.full_name == "สมชาย ทองค\u0e33"


@pytest.mark.parametrize("held_on, ok", [
    (dt.date(2022, 10, 1), True), (dt.date(2023, 9, 30), True),
    (dt.date(2022, 9, 30), False), (dt.date(2023, 10, 1), False),
])
def test_the_meeting_date_lies_in_the_fiscal_year(held_on, ok):
    problems = check_meeting(2566, held_on, None, None, "ห้องประชุม")
    assert (problems == []) is ok
    if not ok:
        assert problems[0].field == "held_on"
        assert "01/10/2565 ถึง 30/09/2566" in problems[0].th


def test_the_meeting_ends_after_it_starts_and_has_a_place():
    problems = check_meeting(2566, dt.date(2022, 12, 1), dt.time(13), dt.time(13), " ")
    assert [p.field for p in problems] == ["ends", "place"]


def test_edit_rows_adds_removes_and_moves_up_within_bounds():
    rows = ["a", "b", "c"]
    assert edit_rows(rows, "add", "") == ["a", "b", "c", ""]
    assert edit_rows(rows, "remove:1", "") == ["a", "c"]
    assert edit_rows(rows, "up:2", "") == ["a", "c", "b"]
    assert edit_rows(rows, "up:0", "") == rows
    assert edit_rows(rows, "remove:9", "") == rows
    assert edit_rows(rows, "remove:x", "") == rows
    assert edit_rows(rows, "explode", "") == rows
    assert rows == ["a", "b", "c"]  # the input is not changed
    assert len(edit_rows([""] * MAX_ROWS, "add", "")) == MAX_ROWS


def test_loss_making_is_decided_by_the_latest_accumulated_profit_loss():
    assert is_loss_making(Decimal("-0.01"))
    assert not is_loss_making(Decimal(0))
    assert not is_loss_making(None)


def test_loss_lines_keep_filled_lines_and_refuse_negative_or_missing_amounts():
    rows = [LossRow(1, "ให้เงินกู้", "Credit", "150,000", "หนี้ค้าง", "ติดตาม"), LossRow(2, "จัดหาสินค้า", "Supplies"),
            LossRow(3, "แปรรูป", "Processing", "-10"), LossRow(4, "บริการ", "Services", "", "มีสาเหตุ", ""),
            LossRow(5, "อื่น ๆ", "Other", "0")]
    kept, errors = clean_loss_rows(rows)
    assert kept == {1: (Decimal("150000.00"), "หนี้ค้าง", "ติดตาม"), 5: (Decimal("0.00"), "", "")}
    assert sorted(errors) == [3, 4]
    assert "ต้องไม่ติดลบ" in errors[3][0].th and "กรุณากรอกยอดขาดทุน" in errors[4][0].th


def test_problems_keep_their_order_without_blanks():
    assert clean_problems([" หนี้ค้าง ", "", "  ", "สมาชิกน้อย"]) == ["หนี้ค้าง", "สมาชิกน้อย"]


@pytest.mark.parametrize("name, ext", [("a.PDF", "pdf"), ("รายงาน.xlsx", "xlsx"), ("x.jpeg", "jpeg"),
                                        ("x.exe", None), ("noext", None), ("x.pdf.exe", None)])
def test_file_type_by_extension(name, ext):
    assert file_type_of(name) == ext


def test_check_upload_type_content_and_size():
    assert check_upload("a.pdf", b"%PDF-1.7", 10) is None
    assert check_upload("a.docx", b"PK\x03\x04", MAX_FILE_BYTES) is None
    assert check_upload("a.png", b"\x89PNG\r\n\x1a\n", 10) is None
    assert check_upload("a.jpg", b"\xff\xd8\xff\xe0", 10) is None
    assert check_upload("a.exe", b"MZ", 10).th.startswith("รับเฉพาะไฟล์")
    assert check_upload("a.pdf", b"<html>", 10).th.startswith("เนื้อหาไฟล์ไม่ใช่ไฟล์ .pdf")
    assert check_upload("a.pdf", b"%PDF-", MAX_FILE_BYTES + 1).th.startswith("ไฟล์ใหญ่เกิน 10 MB")
    assert check_upload("a.pdf", b"", 0).th.startswith("ไฟล์ว่างเปล่า")


def test_safe_original_name_drops_folders_and_control_characters():
    assert safe_original_name("C:\\Users\\me\\งบทดลอง.xlsx") == "งบทดลอง.xlsx"
    assert safe_original_name("../../etc/passwd") == "passwd"
    assert safe_original_name('a"b<c>.pdf') == "a_b_c_.pdf"
    assert safe_original_name("") == "file"
    long = safe_original_name("ก" * 300 + ".pdf")
    assert len(long) == 200 and long.endswith(".pdf")
