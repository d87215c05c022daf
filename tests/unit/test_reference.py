"""Reference data shipped in portal/reference: integrity and look-ups."""

from __future__ import annotations

import csv
import dataclasses
from collections import Counter
from pathlib import Path

import pytest

from portal import reference as ref

SHARED_PROVINCES = Path("/work/shared/data/provinces.csv")


def test_shipped_reference_is_consistent():
    assert ref.validate_reference() == []


def test_provinces():
    provs = ref.provinces()
    assert len(provs) == 77
    assert len({p.code for p in provs}) == 77
    assert all(len(p.code) == 2 and p.code.isdigit() for p in provs)
    assert ref.province_by_code("10").name_th == "กรุงเทพมหานคร"
    assert ref.province_by_code("13").name_en == "Pathum Thani"
    assert {p.region for p in provs} == {"Central", "Eastern", "Northeastern", "Northern", "Western", "Southern"}


@pytest.mark.skipif(not SHARED_PROVINCES.exists(), reason="shared data not present")
def test_provinces_match_shared_copy():
    with SHARED_PROVINCES.open(encoding="utf-8") as f:
        shared = [(r["code"], r["name_th"], r["name_en"]) for r in csv.DictReader(f)]
    assert [(p.code, p.name_th, p.name_en) for p in ref.provinces()] == shared


def test_every_province_mapped_to_exactly_one_centre():
    counts = Counter(m.province_code for m in ref.centre_provinces())
    assert set(counts) == {p.code for p in ref.provinces()}
    assert set(counts.values()) == {1}
    assert all(m.illustrative for m in ref.centre_provinces())


def test_centres():
    cens = ref.centres()
    assert [c.number for c in cens] == list(range(1, 21))
    for c in cens:
        assert c.name_th == f"ศูนย์ถ่ายทอดเทคโนโลยีการสหกรณ์ที่ {c.number} จังหวัด{c.seat_province_th}"
        assert ref.province_by_code(c.seat_province_code).name_th == c.seat_province_th
        assert ref.centre_of_province(c.seat_province_code) == c
        area = ref.provinces_of_centre(c.number)
        assert area[0].code == c.seat_province_code
        assert 3 <= len(area) <= 5
        assert c.source
    confirmed = {c.number: c.seat_province_th for c in cens if c.confirmed}
    assert confirmed == {1: "ปทุมธานี", 3: "ชลบุรี", 6: "นครราชสีมา", 7: "ขอนแก่น", 14: "ชัยนาท"}


def test_centre_areas_are_regional():
    # an illustrative mapping, but a plausible one: a centre stays in its part of the
    # country (the 6-region scheme splits the lower north over three regions)
    for c in ref.centres():
        regions = {p.region for p in ref.provinces_of_centre(c.number)}
        assert len(regions) <= 3, (c.number, regions)
        seat_region = ref.province_by_code(c.seat_province_code).region
        if seat_region in ("Northeastern", "Southern"):
            assert regions == {seat_region}, (c.number, regions)


def test_offices_and_bangkok():
    offs = ref.offices()
    assert len(offs) == 78
    bkk = ref.offices_of_province("10")
    assert [(o.code, o.short_th, o.kind) for o in bkk] == [
        ("10-1", "สสพ.1", "bangkok_area"),
        ("10-2", "สสพ.2", "bangkok_area"),
    ]
    assert bkk[0].name_th == "สำนักงานส่งเสริมสหกรณ์กรุงเทพมหานคร พื้นที่ 1"
    assert not any(o.kind == "provincial" and o.province_code == "10" for o in offs)
    for p in ref.provinces():
        if p.code == "10":
            continue
        (o,) = ref.offices_of_province(p.code)
        assert (o.code, o.name_th, o.short_th, o.kind) == (
            p.code, f"สำนักงานสหกรณ์จังหวัด{p.name_th}", f"สกจ.{p.name_th}", "provincial"
        )
    assert ref.office_by_code("52").name_en == "Lampang Provincial Cooperative Office"


def test_coop_types():
    types = {t.code: t for t in ref.coop_types()}
    assert [t.name_th for t in ref.coop_types()] == [
        "สหกรณ์การเกษตร", "สหกรณ์ประมง", "สหกรณ์นิคม",
        "สหกรณ์ออมทรัพย์", "สหกรณ์ร้านค้า", "สหกรณ์บริการ", "สหกรณ์เครดิตยูเนี่ยน",
    ]
    assert {c for c, t in types.items() if t.sector == "agricultural"} == {"agricultural", "fisheries", "land_settlement"}
    assert ref.coop_type_by_code("credit_union").sector == "non_agricultural"


def test_business_lines():
    assert [(b.code, b.name_th) for b in ref.business_lines()] == [
        ("deposits", "รับฝากเงิน"),
        ("credit", "ให้เงินกู้"),
        ("supplies", "จัดหาสินค้า"),
        ("marketing", "รวบรวมผลผลิต"),
        ("processing", "แปรรูป"),
        ("services", "ให้บริการ"),
        ("other", "อื่น ๆ"),
    ]
    assert ref.business_line_by_code("marketing").name_en


def test_loaders_are_cached_and_frozen():
    assert ref.provinces() is ref.provinces()
    with pytest.raises(dataclasses.FrozenInstanceError):
        ref.provinces()[0].name_th = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("name", "code"),
    [("เชียงใหม่", "50"), ("จังหวัดเชียงใหม่", "50"), ("จ.ลำปาง", "52"), ("chiang mai", "50"), ("กทม.", "10")],
)
def test_province_by_name(name, code):
    assert ref.province_by_name(name).code == code


def test_unknown_lookups():
    assert ref.province_by_name("แอตแลนติส") is None
    with pytest.raises(KeyError):
        ref.province_by_code("99")
    with pytest.raises(KeyError):
        ref.centre_by_number(21)


# --- validate_reference finds broken data -------------------------------------------


def test_detects_unmapped_and_double_mapped_provinces():
    maps = list(ref.centre_provinces())
    dropped = [m for m in maps if m.province_code != "52"]
    problems = ref.validate_reference(centre_provinces_=dropped)
    assert any("52" in p and "no centre" in p for p in problems)
    doubled = maps + [dataclasses.replace(maps[0], centre_number=2)]
    problems = ref.validate_reference(centre_provinces_=doubled)
    assert any("mapped 2 times" in p for p in problems)


def test_detects_seat_outside_own_area():
    cens = list(ref.centres())
    cens[0] = dataclasses.replace(cens[0], seat_province_code="20")
    problems = ref.validate_reference(centres_=cens)
    assert any("centre 1" in p and "seat" in p for p in problems)


def test_detects_wrong_centre_count_and_province_count():
    assert any("centres must be numbered" in p for p in ref.validate_reference(centres_=ref.centres()[:19]))
    assert any("76 provinces" in p for p in ref.validate_reference(provinces_=ref.provinces()[1:]))


def test_detects_bangkok_provincial_office():
    offs = [o for o in ref.offices() if o.code != "10-2"]
    offs.append(dataclasses.replace(ref.office_by_code("11"), code="10", province_code="10"))
    problems = ref.validate_reference(offices_=offs)
    assert any("Bangkok" in p for p in problems)


def test_detects_missing_provincial_office():
    offs = [o for o in ref.offices() if o.code != "95"]
    assert any("province 95" in p for p in ref.validate_reference(offices_=offs))


def test_csv_files_have_source_column():
    for name in ("centres.csv", "centre_provinces.csv", "coop_types.csv", "business_lines.csv"):
        rows = ref.read_csv(name)
        assert rows and all(r["source"] for r in rows), name
    assert all(r["notes"] for r in ref.read_csv("offices.csv"))
