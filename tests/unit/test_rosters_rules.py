"""Roster rules (portal.domain.rosters): one trainee row checked against its course, table-driven."""
from __future__ import annotations

from decimal import Decimal

import pytest

from portal.domain import rosters as r

GOOD_1 = {"prefix": "นาย", "first_name": "สมชาย", "last_name": "ใจดี", "role": "board", "position": "ประธานกรรมการ"}
GOOD_2 = {"prefix": "นาง", "first_name": "บุญมี", "last_name": "ทองดี", "role": "group_leader",
          "position": "ประธานกลุ่ม", "member_group": "บ้านหนองบัว หมู่ 3"}


def _fields(problems):
    return [p.field for p in problems]


# (course, changes to the good row of that course, the field refused, words of the Thai message)
BAD_ROWS = [
    (1, {"last_name": ""}, "last_name", "ไม่ได้กรอกนามสกุล"),
    (1, {"last_name": "  "}, "last_name", "ไม่ได้กรอกนามสกุล"),
    (1, {"first_name": "สมชาย ใจดี", "last_name": ""}, "last_name", "ย้ายไปช่องนามสกุล"),
    (1, {"first_name": ""}, "first_name", "ไม่ได้กรอกชื่อ"),
    (1, {"prefix": ""}, "prefix", "ไม่ได้กรอกคำนำหน้า"),
    (1, {"prefix": "ดร."}, "gender", "ไม่บอกเพศ"),
    (1, {"prefix": "ว่าที่ ร.ต."}, "gender", "ไม่บอกเพศ"),
    (1, {"prefix": "ผญบ."}, "gender", "ไม่บอกเพศ"),
    (1, {"gender": "หญิง"}, "gender", "ไม่ตรงกับคำนำหน้า"),
    (1, {"prefix": "ดร.", "gender": "ไม่ทราบ"}, "gender", "ไม่รู้จักเพศ"),
    (1, {"role": ""}, "role", "ไม่ได้ระบุบทบาท"),
    (1, {"role": "group_leader", "position": ""}, "role", "ใช้กับหลักสูตรนี้ไม่ได้"),
    (1, {"role": "ผู้บริหาร"}, "role", "ใช้กับหลักสูตรนี้ไม่ได้"),
    (1, {"position": "นายกเทศมนตรี"}, "position", "ใช้กับหลักสูตรนี้ไม่ได้"),
    (1, {"position": "ผู้จัดการ"}, "position", "ไม่ใช่ตำแหน่งในคณะกรรมการดำเนินการ"),
    (1, {"role": "observer", "position": "เหรัญญิก"}, "position", "เป็นตำแหน่งในคณะกรรมการดำเนินการ"),
    (1, {"first_name": "1234567890123"}, "first_name", "เลขประจำตัวประชาชน"),
    (1, {"food_needs": "3 1001 00123 45 6"}, "food_needs", "เลขประจำตัวประชาชน"),
    (1, {"food_needs": 1234567890123}, "food_needs", "เลขประจำตัวประชาชน"),
    (1, {"last_name": "ใจดี2"}, "last_name", "มีตัวเลข"),
    (1, {"age_band": "ชรา"}, "age_band", "ไม่รู้จักช่วงอายุ"),
    (1, {"age_band": "7"}, "age_band", "ไม่รู้จักช่วงอายุ"),
    (1, {"last_name": "ก" * 256}, "last_name", "ยาวเกิน 255"),
    (2, {"member_group": ""}, "member_group", "กลุ่มสมาชิกหรือหมู่บ้าน"),
    (2, {"role": "board"}, "role", "ใช้กับหลักสูตรนี้ไม่ได้"),
    (2, {"position": "เหรัญญิก"}, "position", "ใช้กับหลักสูตรนี้ไม่ได้"),
]


@pytest.mark.parametrize("course, changes, field, words", BAD_ROWS)
def test_a_bad_row_is_refused_naming_the_field_and_the_fix(course, changes, field, words):
    row = {**(GOOD_1 if course == 1 else GOOD_2), **changes}
    clean, problems = r.check_trainee(row, course)
    assert clean is None
    assert field in _fields(problems)
    message = next(p for p in problems if p.field == field)
    assert words in message.th and message.en and "—" in message.th  # says what to fix, in Thai and English


# (course, changes, expected attributes of the clean row)
GOOD_ROWS = [
    (1, {}, {"gender": "male", "gender_derived": True, "position": "ประธานกรรมการ"}),
    (1, {"prefix": "นางสาว", "role": "กรรมการดำเนินการ", "position": "ประธาน"}, {"gender": "female", "role": "board",
                                                                                  "position": "ประธานกรรมการ"}),
    (1, {"prefix": "น.ส.", "role": "Board member"}, {"gender": "female", "role": "board"}),
    (1, {"prefix": "ดร.", "gender": "ญ"}, {"gender": "female", "gender_derived": False}),
    (1, {"prefix": "ว่าที่ ร.ต.หญิง"}, {"gender": "female", "gender_derived": True}),
    (1, {"prefix": "ผญบ.", "gender": "male", "role": "observer", "position": "สมาชิก"},
     {"gender": "male", "role": "observer", "position": "สมาชิก"}),
    (1, {"role": "ผู้สังเกตการณ์", "position": "ผู้ตรวจสอบ"}, {"role": "observer", "position": "ผู้ตรวจสอบกิจการ"}),
    (1, {"position": ""}, {"position": ""}),
    (1, {"first_name": " ค\u0e4d\u0e32 ", "last_name": "แก้ว   ใส"}, {"first_name": "คำ", "last_name": "แก้ว ใส"}),
    (1, {"age_band": "45"}, {"age_band": "40_49"}),
    (1, {"age_band": "60 ปีขึ้นไป"}, {"age_band": "60p"}),
    (1, {"age_band": "30-39"}, {"age_band": "30_39"}),
    (1, {"age_band": "ต่ำกว่า 30 ปี"}, {"age_band": "u30"}),
    (1, {"member_group": "หมู่ 3"}, {"member_group": ""}),  # course 1 keeps no member group
    (1, {"food_needs": "แพ้อาหารทะเล โทร 081-234-5678"}, {"food_needs": "แพ้อาหารทะเล โทร 081-234-5678"}),
    (2, {}, {"role": "group_leader", "member_group": "บ้านหนองบัว หมู่ 3"}),
    (2, {"role": "สมาชิกชั้นนำ", "position": "สมาชิก"}, {"role": "leading_member"}),
]


@pytest.mark.parametrize("course, changes, expected", GOOD_ROWS)
def test_a_good_row_is_normalised(course, changes, expected):
    row = {**(GOOD_1 if course == 1 else GOOD_2), **changes}
    clean, problems = r.check_trainee(row, course)
    assert problems == []
    for name, value in expected.items():
        assert getattr(clean, name) == value, name


def test_every_problem_of_a_row_is_reported_at_once():
    _clean, problems = r.check_trainee({"prefix": "ดร.", "first_name": "ก", "last_name": "", "role": "x"}, 1)
    assert set(_fields(problems)) == {"last_name", "gender", "role"}


def test_name_key_ignores_case_spaces_and_the_way_sara_am_was_typed():
    assert r.name_key(" คำ ", "แก้ว  ใส") == r.name_key("ค\u0e4d\u0e32", "แก้ว ใส")
    assert r.name_key("Somchai", "Jaidee") == r.name_key("somchai", "JAIDEE")
    assert r.name_key("สมชาย", "ใจดี") != r.name_key("สมชาย", "ใจดีมาก")


@pytest.mark.parametrize("value, expected", [
    ("1234567890123", True), ("1-2345-67890-12-3", True), ("1 2345 67890 12 3", True), ("๑๒๓๔๕๖๗๘๙๐๑๒๓", True),
    (1234567890123, True), (1234567890123.0, True), ("1.23457E+12", True), ("เลข 3100100123456 ค่ะ", True),
    ("123456789012", False), ("12345678901234", False), ("081-234-5678", False), (2566, False), (None, False),
    ("", False), (True, False),
])
def test_looks_like_national_id(value, expected):
    assert r.looks_like_national_id(value) is expected


def test_counts_by_gender_and_role_against_the_target():
    counts = r.count_trainees([("female", "board"), ("male", "board"), ("male", "observer")], 20, ("board", "observer"))
    assert (counts.total, counts.women, counts.men, counts.missing) == (3, 1, 2, 17)
    assert counts.by_role == {"board": 2, "observer": 1}
    assert counts.percent == Decimal("15.00")
    both = counts.add(r.count_trainees([("female", "observer")], 20, ("board", "observer")))
    assert (both.total, both.target, both.women, both.by_role["observer"], both.percent) == (4, 40, 2, 2, Decimal("10.00"))
    assert r.count_trainees([], 0).percent is None
    assert r.count_trainees([("male", "board")] * 2, 3).percent == Decimal("66.67")  # half up


def test_vocabularies_as_typed():
    assert r.role_from("กรรมการ") == "board" and r.role_from("Observer") == "observer"
    assert r.role_from("แกนนำ") == "leading_member" and r.role_from("ผู้บริหาร") is None
    assert r.position_from("รองประธาน") == "รองประธานกรรมการ" and r.position_from("Treasurer") == "เหรัญญิก"
    assert r.gender_from("F") == "female" and r.gender_from("ชาย") == "male" and r.gender_from("?") is None
    assert r.age_band_from("29") == "u30" and r.age_band_from("110") == "60p" and r.age_band_from("200") is None
    assert r.course_roles(1) == ("board", "observer") and r.course_roles(2) == ("group_leader", "leading_member")
    assert ("นาย", "male") in r.prefixes_with_gender()
