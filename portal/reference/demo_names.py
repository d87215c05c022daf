"""Realistic, fictitious Thai names for the demo data.

Everything here is deterministic for a given ``random.Random``: the generators
draw only from that object and iterate fixed-order lists, so the same seed gives
the same names on every run and machine. No Flask, no database.

Cooperatives are always named "สหกรณ์ … จำกัด" with a name that fits their
type (``coop_types.csv`` codes); people are (prefix, first name, last name,
gender). Any likeness to a real cooperative or person is chance.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from portal.reference import province_by_name

__all__ = [
    "MALE_GIVEN_NAMES",
    "FEMALE_GIVEN_NAMES",
    "SURNAMES",
    "Person",
    "Position",
    "BOARD_POSITIONS",
    "POSITION_BY_CODE",
    "place_word",
    "village_name",
    "member_group_name",
    "cooperative_name",
    "person",
    "board_position_codes",
    "CooperativeNamer",
    "PersonNamer",
]

MALE_GIVEN_NAMES: tuple[str, ...] = (
    "สมชาย", "สมศักดิ์", "สมพงษ์", "ประเสริฐ", "วิชัย", "สุรชัย", "ประสิทธิ์", "บุญมี",
    "บุญเรือง", "สมบัติ", "ชัยวัฒน์", "ธนากร", "อนุชา", "สุทธิพงษ์", "วีระพงษ์", "ณรงค์",
    "พิชัย", "สมหมาย", "ทองดี", "สุวิทย์", "ประยูร", "เกรียงไกร", "อำนาจ", "ชาญชัย",
    "กิตติศักดิ์", "ธีระ", "มานพ", "สุนทร", "เฉลิมชัย", "ไพโรจน์", "วิโรจน์", "สมเกียรติ",
    "บุญส่ง", "สำราญ", "ทวีศักดิ์", "อุดม", "จำรูญ", "ปรีชา", "สมาน", "ยุทธนา",
    "ศักดิ์ชัย", "ธวัชชัย", "นิพนธ์", "พงศกร", "ภานุวัฒน์", "อภิชาติ", "วรวุฒิ", "เอกชัย",
    "สุรศักดิ์", "คำปัน", "ทองใบ", "บุญชู", "สมคิด", "วินัย", "ไพศาล", "สุเมธ",
    "ชูชาติ", "ประจักษ์", "เสน่ห์", "อดิศักดิ์", "ณัฐพล", "จักรพันธ์",
)

FEMALE_GIVEN_NAMES: tuple[str, ...] = (
    "สมศรี", "สมหญิง", "มาลี", "บุญเรือน", "ประไพ", "สุภาพร", "วันเพ็ญ", "อรุณี",
    "จันทร์เพ็ญ", "นงลักษณ์", "กาญจนา", "สุนีย์", "ละเอียด", "พรทิพย์", "วิไลวรรณ", "สุกัญญา",
    "รัตนา", "ศิริพร", "เพ็ญศรี", "อัญชลี", "ปราณี", "ลำดวน", "จันทร์ทิพย์", "ดวงใจ",
    "สายสุนีย์", "นิภาพร", "กนกวรรณ", "วราภรณ์", "ชุติมา", "พัชรี", "สุดารัตน์", "อำไพ",
    "ยุพิน", "ทัศนีย์", "เยาวลักษณ์", "ศิริรัตน์", "อุไรวรรณ", "บังอร", "จิราพร", "ณัฐธิดา",
    "ปิยะนุช", "มยุรี", "สุพัตรา", "กัลยา", "เบญจวรรณ", "รุ่งนภา", "ขวัญใจ", "นันทนา",
    "บุษบา", "สำเนียง", "คำปุ่น", "ทองพูน", "อนงค์", "สมพร", "วิมล", "ผ่องศรี",
    "จินตนา", "ลัดดา", "สุมาลี", "พิมพ์ใจ", "อรทัย", "นวลจันทร์",
)

SURNAMES: tuple[str, ...] = (
    "ใจดี", "ศรีสุข", "แก้วมณี", "สุขสวัสดิ์", "บุญมา", "ทองคำ", "ศรีวงศ์", "วงศ์ใหญ่",
    "จันทร์แก้ว", "ปัญญาดี", "มีสุข", "รักษาศรี", "สมบูรณ์", "ชัยมงคล", "พรหมมา", "อินทร์แก้ว",
    "ทองประเสริฐ", "แสงทอง", "บุญยืน", "สายทอง", "นาคสวัสดิ์", "ศรีสวัสดิ์", "เพชรรัตน์", "แก้วประเสริฐ",
    "ทองสุข", "พึ่งบุญ", "วงศ์สวัสดิ์", "ศรีบุญเรือง", "คำแก้ว", "บุญประเสริฐ", "เรืองศรี", "สุวรรณรัตน์",
    "ประเสริฐสุข", "จันทร์หอม", "ธรรมวงศ์", "เจริญสุข", "แสนดี", "ชมภู", "ภูมิใจ", "สิงห์ทอง",
    "ปานทอง", "มั่นคง", "รุ่งเรือง", "อ่อนศรี", "ศรีประเสริฐ", "นิลสุวรรณ", "ขันแก้ว", "พิมพ์ทอง",
    "บัวแก้ว", "กองแก้ว", "สุขเจริญ", "ทองมา", "มณีวงศ์", "ศรีทอง", "ยอดดี", "อินทร์ทอง",
    "สุริยวงศ์", "ไชยสิทธิ์", "พลราช", "ศรีนวล", "คงสุข", "หอมจันทร์", "เกิดผล", "แก่นจันทร์",
    "ชูชื่น", "ทองอยู่", "อุ่นเรือน", "หนูแก้ว", "ชูแก้ว", "เพชรสุวรรณ", "สุวรรณชาติ", "จันทร์ดี",
    "นามวงศ์", "ศรีสมบัติ", "แซ่ลิ้ม", "แซ่ตั้ง", "วงศ์คำ", "ไชยวงศ์", "บุญธรรม", "พันธ์ศรี",
)

# (prefix, gender, weight): นาย / นาง / นางสาว mostly, a few ranks.
_PREFIXES: dict[str, tuple[tuple[str, int], ...]] = {
    "male": (("นาย", 95), ("ว่าที่ร้อยตรี", 3), ("จ.ส.อ.", 2)),
    "female": (("นาง", 55), ("นางสาว", 43), ("ว่าที่ร้อยตรีหญิง", 2)),
}


class Person(NamedTuple):
    prefix: str
    first_name: str
    last_name: str
    gender: str  # "male" | "female"

    @property
    def full_name(self) -> str:
        """"นายสมชาย ใจดี"; ranks take a space: "ว่าที่ร้อยตรี สมชาย ใจดี"."""
        sep = "" if self.prefix in ("นาย", "นาง", "นางสาว") else " "
        return f"{self.prefix}{sep}{self.first_name} {self.last_name}"


@dataclass(frozen=True, slots=True)
class Position:
    code: str
    name_th: str
    name_en: str
    on_board: bool  # member of คณะกรรมการดำเนินการ


BOARD_POSITIONS: tuple[Position, ...] = (
    Position("chair", "ประธานกรรมการ", "Chair", True),
    Position("vice_chair", "รองประธานกรรมการ", "Vice-chair", True),
    Position("secretary", "เลขานุการ", "Secretary", True),
    Position("treasurer", "เหรัญญิก", "Treasurer", True),
    Position("member", "กรรมการ", "Board member", True),
    Position("manager", "ผู้จัดการ", "Manager", False),
    Position("inspector", "ผู้ตรวจสอบกิจการ", "Internal inspector", False),
)
POSITION_BY_CODE: dict[str, Position] = {p.code: p for p in BOARD_POSITIONS}

# Place-name parts, by region (provinces.csv `region`): first parts that sound
# right there, shared second parts.
_FIRST_PARTS: dict[str, tuple[str, ...]] = {
    "Northern": ("แม่", "ห้วย", "สัน", "ป่า", "บ่อ", "ทุ่ง", "วัง", "นา", "ดอน", "หนอง"),
    "Northeastern": ("โนน", "โคก", "หนอง", "ดอน", "นา", "ห้วย", "กุด", "บึง", "ดง", "โพน"),
    "Southern": ("ควน", "ทุ่ง", "ท่า", "บาง", "เขา", "คลอง", "นา", "ปาก", "ลำ", "บ่อ"),
    "Central": ("บาง", "คลอง", "ท่า", "หนอง", "วัง", "สระ", "ดอน", "ทุ่ง", "บึง", "โคก"),
    "Eastern": ("บาง", "คลอง", "หนอง", "เขา", "ท่า", "วัง", "ห้วย", "โป่ง", "ทุ่ง", "นา"),
    "Western": ("หนอง", "ท่า", "บาง", "วัง", "ห้วย", "เขา", "ดอน", "ทุ่ง", "โป่ง", "ลำ"),
}
_SECOND_PARTS: tuple[str, ...] = (
    "บัว", "แก้ว", "ทอง", "ใหญ่", "ยาง", "สูง", "งาม", "ไผ่", "ม่วง", "ขาม",
    "จาน", "ช้าง", "กระทุ่ม", "โพธิ์", "ไทร", "ตะเคียน", "มะขาม", "หว้า", "คำ", "สะแก",
    "ยาว", "หิน", "ทราย", "น้ำใส", "ขี้เหล็ก", "กลาง", "ปรือ", "จิก", "รัง", "ตาล",
    "กุ่ม", "แดง", "มะปราง", "ศรีสุข", "สามัคคี", "พัฒนา", "เจริญ", "สะอาด", "ประดู่", "เตย",
)


class _ProvinceLike(Protocol):
    name_th: str
    region: str


def _province(province: _ProvinceLike | str) -> tuple[str, str]:
    """(Thai name, region) of a Province-like object or a Thai/English name."""
    if isinstance(province, str):
        found = province_by_name(province)
        if found is None:
            return province.strip(), "Central"
        return found.name_th, found.region
    return province.name_th, getattr(province, "region", "Central") or "Central"


def weighted_choice(rng: random.Random, options):
    """One value of ((value, weight), …), drawn with integer weights (deterministic for a seeded rng)."""
    total = sum(w for _, w in options)
    pick = rng.randrange(total)
    for value, weight in options:
        if pick < weight:
            return value
        pick -= weight
    raise AssertionError("unreachable")


def place_word(rng: random.Random, region: str | None = None) -> str:
    """A village/sub-district-like place word, e.g. "หนองบัว", "แม่ยาง", "ควนขาม"."""
    firsts = _FIRST_PARTS.get(region or "Central", _FIRST_PARTS["Central"])
    return rng.choice(firsts) + rng.choice(_SECOND_PARTS)


def village_name(rng: random.Random, region: str | None = None, moo: int | None = None) -> str:
    """"หมู่ที่ 5 บ้านหนองบัว" (moo 1..20 when not given)."""
    number = moo if moo is not None else rng.randint(1, 20)
    return f"หมู่ที่ {number} บ้าน{place_word(rng, region)}"


def member_group_name(rng: random.Random, number: int, region: str | None = None) -> str:
    """A member group (กลุ่มสมาชิก) of a cooperative: "กลุ่มที่ 3 หมู่ที่ 5 บ้านหนองบัว"."""
    return f"กลุ่มที่ {number} {village_name(rng, region)}"


# Name templates per cooperative type code. {p}: province, {x}: place word.
# Templates without {x} can be used once per province.
_COOP_TEMPLATES: dict[str, tuple[tuple[str, int], ...]] = {
    "agricultural": (
        ("สหกรณ์การเกษตร{x} จำกัด", 40),
        ("สหกรณ์การเกษตรบ้าน{x} จำกัด", 25),
        ("สหกรณ์การเกษตรเมือง{p} จำกัด", 6),
        ("สหกรณ์การเกษตรเพื่อการตลาดลูกค้า ธ.ก.ส. {p} จำกัด", 4),
        ("สหกรณ์ผู้เลี้ยงโคนม{x} จำกัด", 6),  # not in the South (see _REGIONAL)
        ("สหกรณ์กองทุนสวนยาง{x} จำกัด", 6),  # South, East, Northeast only
        ("สหกรณ์ผู้ปลูกข้าว{x} จำกัด", 6),
    ),
    "fisheries": (
        ("สหกรณ์ประมง{x} จำกัด", 50),
        ("สหกรณ์ประมงพื้นบ้าน{x} จำกัด", 25),
        ("สหกรณ์ผู้เลี้ยงกุ้ง{x} จำกัด", 15),
        ("สหกรณ์ประมง{p} จำกัด", 10),
    ),
    "land_settlement": (
        ("สหกรณ์นิคม{x} จำกัด", 70),
        ("สหกรณ์นิคมสร้างตนเอง{x} จำกัด", 30),
    ),
    "thrift_credit": (
        ("สหกรณ์ออมทรัพย์ครู{p} จำกัด", 20),
        ("สหกรณ์ออมทรัพย์สาธารณสุขจังหวัด{p} จำกัด", 12),
        ("สหกรณ์ออมทรัพย์โรงพยาบาล{p} จำกัด", 12),
        ("สหกรณ์ออมทรัพย์ตำรวจภูธรจังหวัด{p} จำกัด", 10),
        ("สหกรณ์ออมทรัพย์ข้าราชการส่วนท้องถิ่นจังหวัด{p} จำกัด", 8),
        ("สหกรณ์ออมทรัพย์โรงพยาบาล{x} จำกัด", 18),
        ("สหกรณ์ออมทรัพย์พนักงานเทศบาล{x} จำกัด", 10),
        ("สหกรณ์ออมทรัพย์โรงเรียน{x}วิทยา จำกัด", 10),
    ),
    "consumer": (
        ("สหกรณ์ร้านค้า{x} จำกัด", 45),
        ("สหกรณ์ร้านค้า{p} จำกัด", 15),
        ("สหกรณ์ร้านค้าโรงพยาบาล{p} จำกัด", 10),
        ("สหกรณ์ร้านค้าชุมชน{x} จำกัด", 30),
    ),
    "service": (
        ("สหกรณ์บริการเดินรถ{x} จำกัด", 20),
        ("สหกรณ์ผู้ใช้น้ำ{x} จำกัด", 20),
        ("สหกรณ์บริการการท่องเที่ยว{x} จำกัด", 20),
        ("สหกรณ์บริการหัตถกรรม{x} จำกัด", 15),
        ("สหกรณ์เคหสถานบ้านมั่นคง{x} จำกัด", 15),
        ("สหกรณ์บริการวินรถจักรยานยนต์รับจ้าง{p} จำกัด", 10),
    ),
    "credit_union": (
        ("สหกรณ์เครดิตยูเนี่ยนบ้าน{x} จำกัด", 55),
        ("สหกรณ์เครดิตยูเนี่ยน{x} จำกัด", 35),
        ("สหกรณ์เครดิตยูเนี่ยนชุมชน{x} จำกัด", 10),
    ),
}


# Templates that only sound right in some regions.
_REGIONAL: dict[str, frozenset[str]] = {
    "สหกรณ์ผู้เลี้ยงโคนม{x} จำกัด": frozenset({"Central", "Northern", "Northeastern", "Western"}),
    "สหกรณ์กองทุนสวนยาง{x} จำกัด": frozenset({"Southern", "Eastern", "Northeastern"}),
    "สหกรณ์ผู้ปลูกข้าว{x} จำกัด": frozenset({"Central", "Northern", "Northeastern"}),
    "สหกรณ์ผู้เลี้ยงกุ้ง{x} จำกัด": frozenset({"Central", "Eastern", "Southern"}),
}


def cooperative_name(rng: random.Random, coop_type: str, province: _ProvinceLike | str) -> str:
    """One name for a cooperative of type ``coop_type`` (coop_types.csv code) in ``province``.

    Not unique by itself; use :class:`CooperativeNamer` for names unique within a province.
    """
    try:
        templates = _COOP_TEMPLATES[coop_type]
    except KeyError:
        raise ValueError(f"unknown cooperative type code: {coop_type!r}") from None
    name_th, region = _province(province)
    templates = tuple(t for t in templates if region in _REGIONAL.get(t[0], frozenset({region})))
    template = weighted_choice(rng, templates)
    x = place_word(rng, region) if "{x}" in template else ""
    name = template.format(p=name_th, x=x)
    if name_th == "กรุงเทพมหานคร":
        name = name.replace("ตำรวจภูธรจังหวัด", "ตำรวจนครบาล").replace("จังหวัดกรุงเทพมหานคร", "กรุงเทพมหานคร")
    return name


def _pick_prefix(rng: random.Random, gender: str) -> str:
    return weighted_choice(rng, _PREFIXES[gender])


def person(rng: random.Random, gender: str | None = None, female_share: float = 0.5) -> Person:
    """A Thai person: (prefix, first name, last name, gender "male"/"female")."""
    if gender is None:
        gender = "female" if rng.random() < female_share else "male"
    if gender not in _PREFIXES:
        raise ValueError(f"gender must be 'male' or 'female', not {gender!r}")
    names = FEMALE_GIVEN_NAMES if gender == "female" else MALE_GIVEN_NAMES
    return Person(_pick_prefix(rng, gender), rng.choice(names), rng.choice(SURNAMES), gender)


def board_position_codes(size: int) -> list[str]:
    """Position codes of a board of ``size`` (5..15 by the Cooperatives Act's 15-member cap):
    one chair, one vice-chair (two from 9 members), a secretary, a treasurer, the rest กรรมการ."""
    if not 5 <= size <= 15:
        raise ValueError("board size must be between 5 and 15")
    codes = ["chair", "vice_chair"]
    if size >= 9:
        codes.append("vice_chair")
    codes += ["secretary", "treasurer"]
    codes += ["member"] * (size - len(codes))
    return codes


class CooperativeNamer:
    """Cooperative names unique within each province (and deterministic for the rng)."""

    def __init__(self, rng: random.Random, max_tries: int = 500) -> None:
        self.rng = rng
        self.max_tries = max_tries
        self._used: dict[str, set[str]] = {}

    def name(self, coop_type: str, province: _ProvinceLike | str) -> str:
        key = _province(province)[0]
        used = self._used.setdefault(key, set())
        for _ in range(self.max_tries):
            candidate = cooperative_name(self.rng, coop_type, province)
            if candidate not in used:
                used.add(candidate)
                return candidate
        raise RuntimeError(f"no new {coop_type} name left for {key}")

    def reserve(self, province: _ProvinceLike | str, name: str) -> None:
        """Mark an existing name as taken (e.g. one already in the database)."""
        self._used.setdefault(_province(province)[0], set()).add(name)


class PersonNamer:
    """People with distinct (first name, last name) pairs."""

    def __init__(self, rng: random.Random, female_share: float = 0.5, max_tries: int = 1000) -> None:
        self.rng = rng
        self.female_share = female_share
        self.max_tries = max_tries
        self._used: set[tuple[str, str]] = set()

    def person(self, gender: str | None = None) -> Person:
        for _ in range(self.max_tries):
            p = person(self.rng, gender, self.female_share)
            if (p.first_name, p.last_name) not in self._used:
                self._used.add((p.first_name, p.last_name))
                return p
        raise RuntimeError("ran out of distinct person names")

    def people(self, count: int, gender: str | None = None) -> list[Person]:
        return [self.person(gender) for _ in range(count)]

    def board(self, size: int) -> list[tuple[Position, Person]]:
        """A whole board of ``size`` members with their positions."""
        return [(POSITION_BY_CODE[code], self.person()) for code in board_position_codes(size)]
