"""Roster import (portal.services.rosters): UTF-8 and cp874 files with bad rows, good rows only, duplicates."""
from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from portal.models import CohortCooperative, Cooperative, CoopType, Trainee
from portal.services import rosters as svc

pytestmark = pytest.mark.db

HEADER = "สหกรณ์,คำนำหน้า,ชื่อ,นามสกุล,เพศ,บทบาท,ตำแหน่ง,ช่วงอายุ,อาหาร"


def _csv(*rows, header=HEADER) -> str:
    return "\r\n".join((header, *rows)) + "\r\n"


@pytest.fixture
def two_coops(world):
    """The own cohort trains a second cooperative, so each row must name its cooperative."""
    agri = CoopType.get(CoopType.code == "agricultural")
    second = Cooperative.create(name="สหกรณ์ผู้ใช้น้ำบ้านนา จำกัด", registration_no="W-7", coop_type=agri,
                                office=world.office)
    CohortCooperative.create(cohort=world.cohort, cooperative=second)
    return world.coop, second


def _rows(world, second):
    own = world.coop.name
    return [
        f"{own},นาย,สมศักดิ์,รักดี,,กรรมการดำเนินการ,ประธาน,55,",  # 2 good
        f"{own},นางสาว,วิไล,,,กรรมการดำเนินการ,เลขานุการ,,",  # 3 no surname
        f"{own},ดร.,ประเสริฐ,ศรีงาม,,ผู้สังเกตการณ์,ผู้จัดการ,,",  # 4 prefix without gender
        f"{own},นาง,บุญมี,ทองดี,,ประธานกลุ่ม,,,",  # 5 not a course-1 role
        f"{own},นาย,สมศักดิ์,รักดี,,กรรมการดำเนินการ,กรรมการ,,",  # 6 repeats line 2
        f"{own},นาง,สมใจ,ทดสอบ,,กรรมการดำเนินการ,กรรมการ,,",  # 7 already on the roster
        f"สหกรณ์ที่ไม่มีในรุ่น จำกัด,นาย,ปกรณ์,สุขใจ,,กรรมการดำเนินการ,กรรมการ,,",  # 8 cooperative not in the cohort
        f"{own},นาย,มานะ,อดทน,,กรรมการดำเนินการ,กรรมการ,,3100100123456",  # 9 an ID-like number
        f"{own},นาย,ชาติ,กล้าหาญ,,กรรมการดำเนินการ,ผู้จัดการ,,",  # 10 a manager is not a board seat
        f"ผู้ใช้น้ำบ้านนา,ว่าที่ ร.ต.,ปิติ,ยินดี,ช,ผู้สังเกตการณ์,เจ้าหน้าที่,30-39,ฮาลาล",  # 11 good (short name)
        f"{second.registration_no},นาย,สมศักดิ์,รักดี,,กรรมการดำเนินการ,กรรมการ,,",  # 12 good: another cooperative
    ]


REASONS = {3: "ไม่ได้กรอกนามสกุล", 4: "ไม่บอกเพศ", 5: "ใช้กับหลักสูตรนี้ไม่ได้", 6: "ซ้ำกับแถวที่ 2",
           7: "มีชื่อนี้ในรายชื่อของ", 8: "ไม่ได้อยู่ในรุ่นนี้", 9: "เลขประจำตัวประชาชน",
           10: "ไม่ใช่ตำแหน่งในคณะกรรมการดำเนินการ"}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp874"])
def test_every_bad_row_is_listed_with_its_line_and_reason(world, two_coops, encoding):
    data = _csv(*_rows(world, two_coops[1])).encode(encoding)
    preview = svc.build_preview(data, "roster.csv", "auto", world.cohort)
    assert preview.encoding == ("cp874" if encoding == "cp874" else "utf-8")
    assert preview.total_rows == 11
    assert preview.bad_lines == [2, 3, 4, 5, 6, 7, 8, 9, 10]  # line 2 repeats 6: both reported
    for line, words in REASONS.items():
        assert any(words in e.message.th and e.message.en for e in preview.errors if e.line == line), line
    assert "ซ้ำกับแถวที่ 6" in next(e.message.th for e in preview.errors if e.line == 2)
    assert {(p.line, p.trainee.first_name) for p in preview.rows} == {(11, "ปิติ"), (12, "สมศักดิ์")}
    assert preview.has_id_numbers and not preview.is_clean
    id_error = next(e for e in preview.errors if e.line == 9)
    assert id_error.column == "อาหาร" and "3100100123456" not in id_error.message


def test_only_the_good_rows_when_asked_and_nothing_otherwise(world, two_coops):
    data = _csv(*_rows(world, two_coops[1])).encode("cp874")
    before = Trainee.select().count()
    with pytest.raises(svc.ImportRefused, match="แถวที่ผิด 9 แถว"):
        svc.import_file(data, "roster.csv", "auto", world.cohort)
    assert Trainee.select().count() == before
    preview, result = svc.import_file(data, "roster.csv", "cp874", world.cohort, only_good=True,
                                      user_id=world.users["centre_staff"].id)
    assert (result.rows_imported, result.rows_skipped) == (2, 9)
    piti = Trainee.get(Trainee.first_name == "ปิติ")
    assert (piti.cooperative_id, piti.prefix, piti.gender, piti.role, piti.position, piti.age_band, piti.food_needs) == (
        two_coops[1].id, "ว่าที่ ร.ต.", "male", "observer", "เจ้าหน้าที่สหกรณ์", "30_39", "ฮาลาล")
    assert piti.source == "imported" and piti.created_by_id == world.users["centre_staff"].id
    # The same file again: its good rows are now duplicates of the roster.
    again = svc.build_preview(data, "roster.csv", "auto", world.cohort)
    assert again.rows == [] and {11, 12} <= set(again.bad_lines)


def test_a_clean_xlsx_imports_everything_in_one_go(world):
    wb = Workbook()
    ws = wb.active
    ws.append(["ลำดับ", "คำนำหน้า", "ชื่อ", "นามสกุล", "บทบาท", "ตำแหน่ง"])
    ws.append([1, "นาย", "อนันต์", "มั่นคง", "กรรมการ", "รองประธาน"])
    ws.append([2, "นางสาว", "อรุณี", "แสงทอง", "ผู้สังเกตการณ์", None])
    ws.append([None, None, None, None, None, None])
    buffer = io.BytesIO()
    wb.save(buffer)
    preview, result = svc.import_file(buffer.getvalue(), "roster.xlsx", "auto", world.cohort)
    assert preview.encoding == "xlsx" and preview.is_clean and result.rows_imported == 2
    # One cooperative in the cohort: the column may be left out.
    assert {t.cooperative_id for t in Trainee.select().where(Trainee.source == "imported")} == {world.coop.id}


def test_file_level_problems_import_nothing(world, two_coops):
    cases = [
        (_csv("นาย,ก,ข,ค", header="ชื่อเล่น,อาชีพ,งานอดิเรก,สี"), "ไม่พบแถวหัวตาราง"),
        (_csv("นาย,สมชาย,ใจดี", header="คำนำหน้า,ชื่อ,นามสกุล"), "ไม่พบคอลัมน์ \"บทบาท\""),
        (_csv("นาย,สมชาย,ใจดี,กรรมการ", header="คำนำหน้า,ชื่อ,นามสกุล,บทบาท"), "รุ่นนี้มีหลายสหกรณ์"),
        (_csv("นาย สมชาย ใจดี,สมชาย,กรรมการ", header="ชื่อ-นามสกุล,ชื่อ,บทบาท"), "ใช้แบบใดแบบหนึ่ง"),
        (_csv("x,นาย,ก,ข,กรรมการ,1", header="สหกรณ์,คำนำหน้า,ชื่อ,นามสกุล,บทบาท,เลขประจำตัวประชาชน"), "ลบทั้งคอลัมน์"),
        (_csv(header=HEADER), "ไม่มีรายชื่อใต้แถวหัวตาราง"),
    ]
    for text, words in cases:
        preview = svc.build_preview(text.encode("utf-8"), "f.csv", "auto", world.cohort)
        assert preview.file_problem and any(words in e.message.th for e in preview.errors), words
        with pytest.raises(svc.ImportRefused):
            svc.import_preview(world.cohort, preview, only_good=True)


def test_course_2_needs_the_member_group_column(world):
    world.cohort.course = world.course2
    world.cohort.save()
    preview = svc.build_preview(_csv("นาย,ก,ข,ประธานกลุ่ม", header="คำนำหน้า,ชื่อ,นามสกุล,บทบาท").encode(), "f.csv",
                                "auto", world.cohort)
    assert any("กลุ่มสมาชิก/หมู่บ้าน" in e.message.th for e in preview.errors)
    text = _csv("นาย,ก,ข,ประธานกลุ่ม,บ้านนา หมู่ 1", "นาง,ค,ง,สมาชิกชั้นนำ,",
                header="คำนำหน้า,ชื่อ,นามสกุล,บทบาท,หมู่บ้าน")
    preview = svc.build_preview(text.encode(), "f.csv", "auto", world.cohort)
    assert [p.trainee.member_group for p in preview.rows] == ["บ้านนา หมู่ 1"]
    assert preview.bad_lines == [3]


def test_the_single_name_variant_is_split_with_known_prefixes_only(world):
    text = _csv("นาย สมชาย ใจดี,กรรมการดำเนินการ", "นางสาวมณี ณ อยุธยา,กรรมการดำเนินการ",
                "ว่าที่ร้อยตรีหญิง สมศรี ใจกล้า,ผู้สังเกตการณ์", "ผญบ.สมหมาย ใจเย็น,กรรมการดำเนินการ",
                "นายสมบัติ,กรรมการดำเนินการ", header="ชื่อ-นามสกุล,บทบาท")
    preview = svc.build_preview(text.encode(), "f.csv", "auto", world.cohort)
    assert preview.full_name_variant
    got = [(p.trainee.prefix, p.trainee.first_name, p.trainee.last_name, p.trainee.gender) for p in preview.rows]
    assert got == [("นาย", "สมชาย", "ใจดี", "male"), ("นางสาว", "มณี", "ณ อยุธยา", "female"),
                   ("ว่าที่ร้อยตรีหญิง", "สมศรี", "ใจกล้า", "female")]
    assert preview.bad_lines == [5, 6]
    assert all(e.column == "ชื่อ-นามสกุล" for e in preview.errors)


def test_garbled_text_and_a_wrong_encoding_choice_are_caught(world):
    mojibake = "สมศักดิ์".encode("utf-8").decode("cp874", errors="replace")  # UTF-8 once read as cp874
    text = _csv(f"นาย,{mojibake},ใจดี,กรรมการ", header="คำนำหน้า,ชื่อ,นามสกุล,บทบาท")
    preview = svc.build_preview(text.encode("utf-8"), "f.csv", "auto", world.cohort)
    assert preview.bad_lines == [2] and "อ่านไม่ออก" in preview.errors[0].message.th
    with pytest.raises(svc.ImportFileError, match="cp874"):
        svc.build_preview(_csv("นาย,ก,ข,กรรมการ").encode("cp874"), "f.csv", "utf-8", world.cohort)


def test_a_locked_cohort_refuses_the_import(world):
    world.cohort.status = "archived"
    world.cohort.save()
    with pytest.raises(svc.RosterLocked):
        svc.import_file(_csv(f"{world.coop.name},นาย,ก,ข,,กรรมการ,,,").encode(), "f.csv", "auto", world.cohort)
    assert Trainee.select().where(Trainee.source == "imported").count() == 0


def test_the_template_neutralises_cells_and_lists_the_cohorts_cooperatives(world):
    world.coop.name = "=สหกรณ์สูตร จำกัด"  # a name that would run as a formula
    world.coop.save()
    wb = load_workbook(io.BytesIO(svc.template_workbook(world.cohort)))
    cells = [c.value for row in wb["คำอธิบาย"].iter_rows() for c in row if isinstance(c.value, str)]
    assert not any(v.startswith("=") for v in cells)
    assert any("'=สหกรณ์สูตร จำกัด" in v or "=สหกรณ์สูตร จำกัด" in v for v in cells)
    validations = wb["รายชื่อ"].data_validations.dataValidation
    assert any("ผู้สังเกตการณ์" in v.formula1 for v in validations)
