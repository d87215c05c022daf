"""Demo name generators: realistic, deterministic for a seed, unique where promised."""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from portal.reference import coop_types, province_by_code, provinces
from portal.reference import demo_names as dn

TYPE_WORD = {
    "agricultural": ("สหกรณ์การเกษตร", "สหกรณ์ผู้เลี้ยงโคนม", "สหกรณ์กองทุนสวนยาง", "สหกรณ์ผู้ปลูกข้าว"),
    "fisheries": ("สหกรณ์ประมง", "สหกรณ์ผู้เลี้ยงกุ้ง"),
    "land_settlement": ("สหกรณ์นิคม",),
    "thrift_credit": ("สหกรณ์ออมทรัพย์",),
    "consumer": ("สหกรณ์ร้านค้า",),
    "service": ("สหกรณ์บริการ", "สหกรณ์ผู้ใช้น้ำ", "สหกรณ์เคหสถาน"),
    "credit_union": ("สหกรณ์เครดิตยูเนี่ยน",),
}
THAI_NAME = re.compile(r"^[\u0E00-\u0E7F .()ก-๙]+$")


def _generate(seed: int) -> list[str]:
    rng = random.Random(seed)
    namer = dn.CooperativeNamer(rng)
    out = []
    for p in provinces():
        for t in coop_types():
            out.append(namer.name(t.code, p))
    pn = dn.PersonNamer(rng)
    out += [pn.person().full_name for _ in range(50)]
    out += [dn.village_name(rng, "Northern") for _ in range(5)]
    return out


def test_same_seed_same_names():
    assert _generate(2566) == _generate(2566)
    assert _generate(2566) != _generate(2567)


def test_type_vocabulary_covers_every_type():
    assert set(TYPE_WORD) == {t.code for t in coop_types()}


@pytest.mark.parametrize("code", [t.code for t in coop_types()])
def test_cooperative_names_fit_their_type(code):
    rng = random.Random(7)
    for p in provinces():
        name = dn.cooperative_name(rng, code, p)
        assert name.startswith(TYPE_WORD[code]), name
        assert name.endswith(" จำกัด") and name.count("จำกัด") == 1
        assert "{" not in name and "  " not in name
        assert THAI_NAME.match(name), name


def test_province_names_used_where_expected():
    rng = random.Random(3)
    lampang = province_by_code("52")
    names = {dn.cooperative_name(rng, "thrift_credit", lampang) for _ in range(300)}
    assert "สหกรณ์ออมทรัพย์ครูลำปาง จำกัด" in names
    bangkok = {dn.cooperative_name(rng, "thrift_credit", "กรุงเทพมหานคร") for _ in range(300)}
    assert not any("จังหวัดกรุงเทพมหานคร" in n or "ตำรวจภูธร" in n for n in bangkok)


def test_province_given_by_name_or_object():
    a = dn.cooperative_name(random.Random(1), "agricultural", "เชียงใหม่")
    b = dn.cooperative_name(random.Random(1), "agricultural", province_by_code("50"))
    assert a == b


def test_regional_templates():
    rng = random.Random(11)
    north = [dn.cooperative_name(rng, "agricultural", "เชียงราย") for _ in range(400)]
    assert not any("สวนยาง" in n for n in north)
    south = [dn.cooperative_name(rng, "agricultural", "สงขลา") for _ in range(400)]
    assert not any("โคนม" in n for n in south)


def test_unknown_type_refused():
    with pytest.raises(ValueError):
        dn.cooperative_name(random.Random(1), "bank", "ลำปาง")


def test_cooperative_names_unique_within_province():
    rng = random.Random(42)
    namer = dn.CooperativeNamer(rng)
    per_province: dict[str, list[str]] = {}
    codes = [t.code for t in coop_types()]
    for p in provinces():
        per_province[p.code] = [namer.name(codes[i % len(codes)], p) for i in range(25)]
    for names in per_province.values():
        assert len(set(names)) == len(names)


def test_reserved_names_are_not_reused():
    namer = dn.CooperativeNamer(random.Random(5))
    first = dn.cooperative_name(random.Random(5), "land_settlement", "ตาก")
    namer.reserve("ตาก", first)
    assert namer.name("land_settlement", "ตาก") != first


def test_name_lists_are_large_and_distinct():
    assert len(dn.MALE_GIVEN_NAMES) >= 60 and len(dn.FEMALE_GIVEN_NAMES) >= 60
    assert len(dn.SURNAMES) >= 60
    for names in (dn.MALE_GIVEN_NAMES, dn.FEMALE_GIVEN_NAMES, dn.SURNAMES):
        assert len(set(names)) == len(names)
        assert all(THAI_NAME.match(n) and " " not in n for n in names)
    assert not set(dn.MALE_GIVEN_NAMES) & set(dn.FEMALE_GIVEN_NAMES)


def test_people_genders_and_prefixes():
    rng = random.Random(9)
    people = [dn.person(rng) for _ in range(2000)]
    genders = Counter(p.gender for p in people)
    assert 800 < genders["female"] < 1200
    prefixes = Counter(p.prefix for p in people)
    assert prefixes["นาย"] + prefixes["นาง"] + prefixes["นางสาว"] > 0.95 * len(people)
    for p in people:
        prefix, first, last, gender = p  # a plain tuple too
        if prefix in ("นาง", "นางสาว", "ว่าที่ร้อยตรีหญิง"):
            assert gender == "female" and first in dn.FEMALE_GIVEN_NAMES
        else:
            assert gender == "male" and first in dn.MALE_GIVEN_NAMES
        assert last in dn.SURNAMES


def test_full_name_format():
    assert dn.Person("นาย", "สมชาย", "ใจดี", "male").full_name == "นายสมชาย ใจดี"
    assert dn.Person("ว่าที่ร้อยตรี", "สมชาย", "ใจดี", "male").full_name == "ว่าที่ร้อยตรี สมชาย ใจดี"


def test_forced_gender():
    rng = random.Random(1)
    assert {dn.person(rng, "female").gender for _ in range(50)} == {"female"}
    with pytest.raises(ValueError):
        dn.person(rng, "x")


def test_person_namer_unique():
    pn = dn.PersonNamer(random.Random(2566))
    people = pn.people(500)
    assert len({(p.first_name, p.last_name) for p in people}) == 500


def test_board_positions():
    assert [p.name_th for p in dn.BOARD_POSITIONS] == [
        "ประธานกรรมการ", "รองประธานกรรมการ", "เลขานุการ", "เหรัญญิก", "กรรมการ", "ผู้จัดการ", "ผู้ตรวจสอบกิจการ",
    ]
    assert not dn.POSITION_BY_CODE["manager"].on_board
    codes = dn.board_position_codes(15)
    assert len(codes) == 15 and codes.count("chair") == 1 and codes.count("vice_chair") == 2
    assert dn.board_position_codes(7).count("vice_chair") == 1
    for bad in (4, 16):
        with pytest.raises(ValueError):
            dn.board_position_codes(bad)
    board = dn.PersonNamer(random.Random(1)).board(12)
    assert len(board) == 12 and board[0][0].code == "chair"
    assert len({(p.first_name, p.last_name) for _, p in board}) == 12


def test_village_and_group_names():
    rng = random.Random(4)
    for region in ("Northern", "Northeastern", "Southern", "Central", "Eastern", "Western", None):
        v = dn.village_name(rng, region)
        assert re.fullmatch(r"หมู่ที่ ([1-9]|1[0-9]|20) บ้าน\S+", v), v
    assert dn.village_name(rng, moo=7).startswith("หมู่ที่ 7 บ้าน")
    assert re.fullmatch(r"กลุ่มที่ 3 หมู่ที่ \d+ บ้าน\S+", dn.member_group_name(rng, 3))
