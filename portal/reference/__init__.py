"""Reference data shipped with the portal (see ``README.md`` beside this file).

Plain CSV files (UTF-8, one header row) read into frozen dataclasses. Every
loader is cached and returns a tuple, so callers cannot change shared state.
No Flask and no database here: models and the demo generator copy these rows
into the database, and the administrator may edit them there.

The centre seats other than 1, 3, 6, 7 and 14, and the whole centre→province
mapping, are *illustrative* (no public source maps them); the files say so row
by row (``confirmed`` / ``illustrative`` columns).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Iterable

__all__ = [
    "Province",
    "Centre",
    "CentreProvince",
    "Office",
    "CoopType",
    "BusinessLine",
    "BANGKOK_CODE",
    "read_csv",
    "provinces",
    "centres",
    "centre_provinces",
    "offices",
    "coop_types",
    "business_lines",
    "province_by_code",
    "province_by_name",
    "centre_by_number",
    "centre_of_province",
    "provinces_of_centre",
    "offices_of_province",
    "office_by_code",
    "coop_type_by_code",
    "business_line_by_code",
    "validate_reference",
]

BANGKOK_CODE = "10"
EXPECTED_PROVINCES = 77
EXPECTED_CENTRES = 20


def _yes(value: str) -> bool:
    return value.strip().lower() in {"yes", "y", "true", "1", "ใช่"}


@dataclass(frozen=True, slots=True)
class Province:
    code: str  # 2-digit standard code, e.g. "13"
    name_th: str
    name_en: str
    region: str  # Central, Eastern, Northeastern, Northern, Western, Southern
    region_th: str


@dataclass(frozen=True, slots=True)
class Centre:
    number: int  # 1..20
    name_th: str  # "ศูนย์ถ่ายทอดเทคโนโลยีการสหกรณ์ที่ N จังหวัดX"
    name_en: str
    seat_province_code: str
    seat_province_th: str
    confirmed: bool  # False: illustrative seat
    source: str

    @property
    def short_th(self) -> str:
        return f"ศูนย์ฯ ที่ {self.number}"

    @property
    def code(self) -> str:
        return f"{self.number:02d}"


@dataclass(frozen=True, slots=True)
class CentreProvince:
    centre_number: int
    province_code: str
    province_th: str
    is_seat: bool
    illustrative: bool
    source: str


@dataclass(frozen=True, slots=True)
class Office:
    code: str  # province code, or "10-1" / "10-2" for Bangkok's area offices
    province_code: str
    kind: str  # "provincial" | "bangkok_area"
    name_th: str
    short_th: str  # สกจ.X, สสพ.1, สสพ.2
    name_en: str
    notes: str


@dataclass(frozen=True, slots=True)
class CoopType:
    code: str
    name_th: str
    name_en: str
    sector: str  # "agricultural" | "non_agricultural"
    sector_th: str
    source: str


@dataclass(frozen=True, slots=True)
class BusinessLine:
    code: str
    sort_order: int
    name_th: str
    name_en: str
    source: str


def read_csv(name: str) -> list[dict[str, str]]:
    """Rows of a CSV file shipped in this package, as dicts (UTF-8, BOM tolerated)."""
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8-sig")
    return [
        {k.strip(): (v or "").strip() for k, v in row.items() if k is not None}
        for row in csv.DictReader(io.StringIO(text))
    ]


@cache
def provinces() -> tuple[Province, ...]:
    return tuple(
        Province(r["code"], r["name_th"], r["name_en"], r["region"], r["region_th"])
        for r in read_csv("provinces.csv")
    )


@cache
def centres() -> tuple[Centre, ...]:
    rows = [
        Centre(
            number=int(r["number"]),
            name_th=r["name_th"],
            name_en=r["name_en"],
            seat_province_code=r["seat_province_code"],
            seat_province_th=r["seat_province_th"],
            confirmed=_yes(r["confirmed"]),
            source=r["source"],
        )
        for r in read_csv("centres.csv")
    ]
    return tuple(sorted(rows, key=lambda c: c.number))


@cache
def centre_provinces() -> tuple[CentreProvince, ...]:
    return tuple(
        CentreProvince(
            centre_number=int(r["centre_number"]),
            province_code=r["province_code"],
            province_th=r["province_th"],
            is_seat=_yes(r["is_seat"]),
            illustrative=_yes(r["illustrative"]),
            source=r["source"],
        )
        for r in read_csv("centre_provinces.csv")
    )


@cache
def offices() -> tuple[Office, ...]:
    return tuple(
        Office(
            code=r["code"],
            province_code=r["province_code"],
            kind=r["kind"],
            name_th=r["name_th"],
            short_th=r["short_th"],
            name_en=r["name_en"],
            notes=r["notes"],
        )
        for r in read_csv("offices.csv")
    )


@cache
def coop_types() -> tuple[CoopType, ...]:
    return tuple(
        CoopType(r["code"], r["name_th"], r["name_en"], r["sector"], r["sector_th"], r["source"])
        for r in read_csv("coop_types.csv")
    )


@cache
def business_lines() -> tuple[BusinessLine, ...]:
    rows = [
        BusinessLine(r["code"], int(r["sort_order"]), r["name_th"], r["name_en"], r["source"])
        for r in read_csv("business_lines.csv")
    ]
    return tuple(sorted(rows, key=lambda b: b.sort_order))


# --- look-ups -------------------------------------------------------------


@cache
def _province_index() -> dict[str, Province]:
    return {p.code: p for p in provinces()}


def province_by_code(code: str) -> Province:
    """KeyError when unknown."""
    return _province_index()[str(code).strip()]


def province_by_name(name: str) -> Province | None:
    """Thai or English name, tolerant of the prefixes จังหวัด / จ. and of case."""
    key = name.strip()
    for prefix in ("จังหวัด", "จ."):
        if key.startswith(prefix):
            key = key[len(prefix):].strip()
    low = key.lower()
    for p in provinces():
        if key == p.name_th or low == p.name_en.lower():
            return p
    if key in {"กทม.", "กทม", "กรุงเทพ", "กรุงเทพฯ"}:
        return province_by_code(BANGKOK_CODE)
    return None


def centre_by_number(number: int) -> Centre:
    """KeyError when unknown."""
    for c in centres():
        if c.number == int(number):
            return c
    raise KeyError(number)


def centre_of_province(province_code: str) -> Centre:
    """The centre whose (illustrative) area holds the province. KeyError when unmapped."""
    code = str(province_code).strip()
    for m in centre_provinces():
        if m.province_code == code:
            return centre_by_number(m.centre_number)
    raise KeyError(code)


def provinces_of_centre(number: int) -> tuple[Province, ...]:
    """The seat first, then the others in file order."""
    rows = [m for m in centre_provinces() if m.centre_number == int(number)]
    rows.sort(key=lambda m: not m.is_seat)
    return tuple(province_by_code(m.province_code) for m in rows)


def offices_of_province(province_code: str) -> tuple[Office, ...]:
    code = str(province_code).strip()
    return tuple(o for o in offices() if o.province_code == code)


def office_by_code(code: str) -> Office:
    for o in offices():
        if o.code == str(code).strip():
            return o
    raise KeyError(code)


def coop_type_by_code(code: str) -> CoopType:
    for t in coop_types():
        if t.code == code:
            return t
    raise KeyError(code)


def business_line_by_code(code: str) -> BusinessLine:
    for b in business_lines():
        if b.code == code:
            return b
    raise KeyError(code)


# --- integrity --------------------------------------------------------------


def validate_reference(
    provinces_: Iterable[Province] | None = None,
    centres_: Iterable[Centre] | None = None,
    centre_provinces_: Iterable[CentreProvince] | None = None,
    offices_: Iterable[Office] | None = None,
) -> list[str]:
    """Integrity problems of the reference data (empty list = fine).

    By default checks the shipped files; pass replacements (e.g. an edited
    mapping) to check those instead. Messages are Thai first, then English.
    """
    provs = list(provinces() if provinces_ is None else provinces_)
    cens = list(centres() if centres_ is None else centres_)
    maps = list(centre_provinces() if centre_provinces_ is None else centre_provinces_)
    offs = list(offices() if offices_ is None else offices_)
    problems: list[str] = []

    codes = [p.code for p in provs]
    known = set(codes)
    if len(provs) != EXPECTED_PROVINCES:
        problems.append(
            f"จำนวนจังหวัดเป็น {len(provs)} ไม่ใช่ {EXPECTED_PROVINCES} / "
            f"{len(provs)} provinces, expected {EXPECTED_PROVINCES}"
        )
    for code, n in sorted(Counter(codes).items()):
        if n > 1:
            problems.append(f"รหัสจังหวัด {code} ซ้ำ {n} ครั้ง / province code {code} appears {n} times")

    numbers = [c.number for c in cens]
    if len(cens) != EXPECTED_CENTRES or set(numbers) != set(range(1, EXPECTED_CENTRES + 1)):
        problems.append(
            f"ศูนย์ฯ ต้องมีหมายเลข 1–{EXPECTED_CENTRES} ครบและไม่ซ้ำ (พบ {sorted(numbers)}) / "
            f"centres must be numbered 1–{EXPECTED_CENTRES} exactly once (found {sorted(numbers)})"
        )
    centre_numbers = set(numbers)

    mapped = Counter(m.province_code for m in maps)
    for code in sorted(known):
        if mapped[code] == 0:
            problems.append(
                f"จังหวัดรหัส {code} ไม่อยู่ในพื้นที่ของศูนย์ฯ ใด / province {code} is mapped to no centre"
            )
        elif mapped[code] > 1:
            problems.append(
                f"จังหวัดรหัส {code} อยู่ในพื้นที่ของศูนย์ฯ {mapped[code]} แห่ง / "
                f"province {code} is mapped {mapped[code]} times"
            )
    for m in maps:
        if m.province_code not in known:
            problems.append(
                f"ตารางพื้นที่ศูนย์ฯ มีรหัสจังหวัดที่ไม่รู้จัก {m.province_code} / "
                f"unknown province code {m.province_code} in the centre mapping"
            )
        if m.centre_number not in centre_numbers:
            problems.append(
                f"ตารางพื้นที่ศูนย์ฯ อ้างถึงศูนย์ฯ ที่ {m.centre_number} ซึ่งไม่มีอยู่ / "
                f"the centre mapping names unknown centre {m.centre_number}"
            )

    area = {(m.centre_number, m.province_code) for m in maps}
    for c in cens:
        if c.seat_province_code not in known:
            problems.append(
                f"ศูนย์ฯ ที่ {c.number}: จังหวัดที่ตั้ง {c.seat_province_code} ไม่รู้จัก / "
                f"centre {c.number}: unknown seat province {c.seat_province_code}"
            )
        elif (c.number, c.seat_province_code) not in area:
            problems.append(
                f"ศูนย์ฯ ที่ {c.number}: จังหวัดที่ตั้งไม่อยู่ในพื้นที่ของศูนย์ฯ เอง / "
                f"centre {c.number}: its seat province is not in its own area"
            )
        if not any(m.centre_number == c.number for m in maps):
            problems.append(
                f"ศูนย์ฯ ที่ {c.number} ไม่มีจังหวัดในพื้นที่ / centre {c.number} covers no province"
            )

    office_codes = Counter(o.code for o in offs)
    for code, n in sorted(office_codes.items()):
        if n > 1:
            problems.append(f"รหัสสำนักงาน {code} ซ้ำ / office code {code} appears {n} times")
    for o in offs:
        if o.province_code not in known:
            problems.append(
                f"สำนักงาน {o.code}: จังหวัด {o.province_code} ไม่รู้จัก / office {o.code}: unknown province"
            )
    bangkok = [o for o in offs if o.province_code == BANGKOK_CODE]
    if BANGKOK_CODE in known:
        if len(bangkok) != 2 or any(o.kind != "bangkok_area" for o in bangkok):
            problems.append(
                "กรุงเทพมหานครต้องมีสำนักงานส่งเสริมสหกรณ์ 2 พื้นที่ (สสพ.1, สสพ.2) และไม่มีสำนักงานสหกรณ์จังหวัด / "
                "Bangkok must have exactly two area offices and no provincial office"
            )
    for code in sorted(known - {BANGKOK_CODE}):
        own = [o for o in offs if o.province_code == code]
        if len(own) != 1 or own[0].kind != "provincial":
            problems.append(
                f"จังหวัดรหัส {code} ต้องมีสำนักงานสหกรณ์จังหวัด 1 แห่ง (พบ {len(own)}) / "
                f"province {code} must have exactly one provincial office (found {len(own)})"
            )
    return problems
