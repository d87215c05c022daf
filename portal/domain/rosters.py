"""The rules of a cohort's roster, as plain Python (no Flask, no database).

One trainee row — typed in a form or read from a file — is checked by
:func:`check_trainee` against the course: คำนำหน้า, ชื่อ and นามสกุล are
required; the gender follows from the prefix where it can (นาย → male, นาง /
นางสาว → female) and must be given otherwise; the role is one of the course's
(course 1: board member or observer; course 2: group leader or leading member,
with the member group or village they lead); the position, when given, is one
the course knows (a board position for a board member, not for an observer).
A national ID number is never collected: any value that looks like one (13
digits) is refused. Names are normalised (NFC, "ำ", spaces) before they are
compared or stored.

Duplicates: the same normalised first name and surname in the same cohort and
cooperative (:func:`name_key`). Counts by gender and role and people against
the target come from :func:`count_trainees`.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from portal.domain.cohorts import AGE_BANDS, GENDERS, POSITIONS, ROLES_BY_COURSE, TRAINEE_ROLES
from portal.domain.eligibility import BilingualMessage
from portal.domain.thaitext import KNOWN_PREFIXES, gender_from_prefix, normalize_text

__all__ = [
    "FIELDS",
    "BOARD_POSITIONS",
    "POSITIONS_BY_COURSE",
    "CleanTrainee",
    "Counts",
    "age_band_from",
    "check_trainee",
    "count_trainees",
    "course_positions",
    "course_roles",
    "gender_from",
    "looks_like_national_id",
    "name_key",
    "position_from",
    "prefixes_with_gender",
    "role_from",
]

FIELDS = ("prefix", "first_name", "last_name", "gender", "role", "position", "member_group", "age_band", "food_needs")
MAX_LENGTH = {"prefix": 64, "first_name": 255, "last_name": 255, "position": 255, "member_group": 255,
              "food_needs": 255}

# The board's seats (คณะกรรมการดำเนินการ); a manager, an internal inspector or staff are not on the board.
BOARD_POSITIONS: tuple[str, ...] = ("ประธานกรรมการ", "รองประธานกรรมการ", "เลขานุการ", "เหรัญญิก", "กรรมการ")
# Course 1 trains the whole board plus observers (staff, the inspector, members);
# course 2 trains group leaders and leading members (a board member may lead a group).
POSITIONS_BY_COURSE: dict[int, tuple[str, ...]] = {
    1: BOARD_POSITIONS + ("ผู้จัดการ", "ผู้ตรวจสอบกิจการ", "เจ้าหน้าที่สหกรณ์", "สมาชิก"),
    2: ("ประธานกลุ่ม", "สมาชิก", "กรรมการ"),
}
_POSITION_EN = dict(POSITIONS)


def _msg(th: str, en: str, fld: str | None = None) -> BilingualMessage:
    return BilingualMessage(th, en, fld)


def _key(text) -> str:
    """Text reduced for matching a typed value to a vocabulary: case, spaces and dots ignored."""
    return re.sub(r"[\s.\-_/()]+", "", normalize_text(text).casefold())


# --- vocabularies as users type them -------------------------------------------------


def course_roles(course_number: int) -> tuple[str, ...]:
    """The roles a course trains (every role for a course the seed does not name)."""
    return ROLES_BY_COURSE.get(course_number, tuple(TRAINEE_ROLES))


def course_positions(course_number: int) -> tuple[str, ...]:
    return POSITIONS_BY_COURSE.get(course_number, tuple(p for p, _en in POSITIONS))


_ROLE_ALIASES: dict[str, str] = {}
for _code, (_th, _en) in TRAINEE_ROLES.items():
    for _alias in (_code, _th, _en):
        _ROLE_ALIASES[_key(_alias)] = _code
_ROLE_ALIASES.update({_key(a): c for a, c in (
    ("กรรมการ", "board"), ("board", "board"), ("คณะกรรมการ", "board"), ("คณะกรรมการดำเนินการ", "board"),
    ("สังเกตการณ์", "observer"), ("observer", "observer"),
    ("หัวหน้ากลุ่ม", "group_leader"), ("leader", "group_leader"),
    ("สมาชิกแกนนำ", "leading_member"), ("แกนนำ", "leading_member"),
)})


def role_from(text) -> str | None:
    """The role code of a typed role (code, Thai or English label, common words); None if unknown."""
    return _ROLE_ALIASES.get(_key(text))


_POSITION_ALIASES: dict[str, str] = {}
for _th, _en in POSITIONS:
    _POSITION_ALIASES[_key(_th)] = _th
    _POSITION_ALIASES[_key(_en)] = _th
_POSITION_ALIASES.update({_key(a): p for a, p in (
    ("ประธาน", "ประธานกรรมการ"), ("ประธานคณะกรรมการ", "ประธานกรรมการ"), ("รองประธาน", "รองประธานกรรมการ"),
    ("เลขา", "เลขานุการ"), ("กรรมการดำเนินการ", "กรรมการ"), ("กรรมการและเลขานุการ", "เลขานุการ"),
    ("กรรมการและเหรัญญิก", "เหรัญญิก"), ("ผู้ตรวจสอบ", "ผู้ตรวจสอบกิจการ"), ("ผู้ตรวจสอบกิจการสหกรณ์", "ผู้ตรวจสอบกิจการ"),
    ("เจ้าหน้าที่", "เจ้าหน้าที่สหกรณ์"), ("พนักงาน", "เจ้าหน้าที่สหกรณ์"), ("ผู้จัดการสหกรณ์", "ผู้จัดการ"),
    ("หัวหน้ากลุ่ม", "ประธานกลุ่ม"), ("สมาชิกสหกรณ์", "สมาชิก"),
)})


def position_from(text) -> str | None:
    """The position as the list spells it (ประธาน → ประธานกรรมการ); None if not in the list."""
    return _POSITION_ALIASES.get(_key(text))


_GENDER_ALIASES = {
    **{_key(a): "female" for a in ("หญิง", "ญ", "เพศหญิง", "female", "f", "woman", "women", "w")},
    **{_key(a): "male" for a in ("ชาย", "ช", "เพศชาย", "male", "m", "man", "men")},
}


def gender_from(text) -> str | None:
    """female | male from หญิง/ชาย, ญ/ช, female/male, F/M; None if unknown."""
    return _GENDER_ALIASES.get(_key(text))


_AGE_ALIASES: dict[str, str] = {}
for _code, (_th, _en) in AGE_BANDS.items():
    for _alias in (_code, _th, _en, _th.replace("–", "-"), _en.replace("–", "-")):
        _AGE_ALIASES[_key(_alias)] = _code


def age_band_from(text) -> str | None:
    """The age band of a typed band (code, label, "40-49") or of an age in years (45 → 40_49)."""
    key = _key(text)
    if key in _AGE_ALIASES:
        return _AGE_ALIASES[key]
    digits = normalize_text(text).translate(_THAI_DIGITS).replace("ปี", "").strip()
    if re.fullmatch(r"\d{1,3}", digits):
        age = int(digits)
        if 15 <= age <= 110:
            if age < 30:
                return "u30"
            if age >= 60:
                return "60p"
            decade = age // 10 * 10
            return f"{decade}_{decade + 9}"
    return None


def prefixes_with_gender() -> list[tuple[str, str]]:
    """The form's prefix suggestions that fix the gender, with it (นาย → male …)."""
    return [(p, g) for p in KNOWN_PREFIXES if (g := gender_from_prefix(p))]


# --- national ID numbers --------------------------------------------------------------

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# 13 digits, maybe grouped as on the card (1-2345-67890-12-3), or what Excel makes of a
# 13-digit number in a CSV (1.23457E+12).
_ID_RE = re.compile(r"(?<!\d)\d(?:[\s\-]?\d){12}(?!\d)|\d\.\d+[eE]\+12\b")


def looks_like_national_id(value) -> bool:
    """True when a value holds 13 digits like a Thai national ID number (which is never collected)."""
    if value is None or isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return 10**12 <= abs(value) < 10**13
    return bool(_ID_RE.search(str(value).translate(_THAI_DIGITS)))


# --- one trainee ---------------------------------------------------------------------


@dataclass(frozen=True)
class CleanTrainee:
    """A checked trainee row, normalised, ready to store."""

    prefix: str
    first_name: str
    last_name: str
    gender: str
    gender_derived: bool  # True when the prefix gave it
    role: str
    position: str
    member_group: str
    age_band: str
    food_needs: str

    @property
    def full_name(self) -> str:
        return f"{self.prefix}{self.first_name} {self.last_name}"

    @property
    def key(self) -> tuple[str, str]:
        return name_key(self.first_name, self.last_name)


def name_key(first_name, last_name) -> tuple[str, str]:
    """What makes two rows the same person: the normalised, case-folded first name and surname."""
    return normalize_text(first_name).casefold(), normalize_text(last_name).casefold()


def _labels(codes: Iterable[str], table: Mapping[str, tuple[str, str]], lang: int) -> str:
    return ", ".join(table[c][lang] for c in codes)


def check_trainee(raw: Mapping[str, object], course_number: int) -> tuple[CleanTrainee | None, list[BilingualMessage]]:
    """Check one trainee's values for a course; return the clean row or None, and every problem.

    ``raw`` maps the names in FIELDS to what was typed (missing keys are blank).
    Each problem is a Thai + English message whose ``field`` names the value to
    fix. Nothing here looks at other rows (duplicates are the caller's).
    """
    problems: list[BilingualMessage] = []

    def err(fld: str, th: str, en: str) -> None:
        problems.append(_msg(th, en, fld))

    values: dict[str, str] = {}
    for name in FIELDS:
        value = raw.get(name)
        if looks_like_national_id(value):
            err(name, "ช่องนี้มีตัวเลข 13 หลักคล้ายเลขประจำตัวประชาชน ซึ่งระบบไม่เก็บ — ลบออก",
                "This looks like a 13-digit national ID number, which the portal never collects — remove it")
            values[name] = ""
            continue
        text = normalize_text("" if value is None else str(value))
        limit = MAX_LENGTH.get(name)
        if limit and len(text) > limit:
            err(name, f"ยาวเกิน {limit} ตัวอักษร — ย่อให้สั้นลง", f"Longer than {limit} characters — shorten it")
            text = ""
        values[name] = text

    prefix, first, last = values["prefix"], values["first_name"], values["last_name"]
    if not prefix and not any(p.field == "prefix" for p in problems):
        err("prefix", "ไม่ได้กรอกคำนำหน้า — เช่น นาย นาง นางสาว", "The prefix is empty — e.g. นาย, นาง, นางสาว")
    if not first and not any(p.field == "first_name" for p in problems):
        err("first_name", "ไม่ได้กรอกชื่อ — กรอกชื่อ", "The first name is empty — fill it in")
    if not last and not any(p.field == "last_name" for p in problems):
        if " " in first:
            err("last_name", "ไม่ได้กรอกนามสกุล — ถ้าพิมพ์นามสกุลไว้ในช่องชื่อ ให้ย้ายไปช่องนามสกุล",
                "The surname is empty — if it was typed in the first-name box, move it to the surname box")
        else:
            err("last_name", "ไม่ได้กรอกนามสกุล — กรอกนามสกุล", "The surname is empty — fill it in")
    for name, th, en in (("prefix", "คำนำหน้า", "The prefix"), ("first_name", "ชื่อ", "The first name"),
                         ("last_name", "นามสกุล", "The surname")):
        if re.search(r"\d", values[name].translate(_THAI_DIGITS)):
            err(name, f"{th}มีตัวเลข — ตรวจว่ากรอกถูกช่อง", f"{en} contains digits — check it is in the right box")
            values[name] = ""

    # Gender: from the prefix where it can; asked otherwise; a contradiction is refused.
    derived = gender_from_prefix(prefix) if prefix else None
    typed = values["gender"]
    given = None
    if typed:
        given = typed if typed in GENDERS else gender_from(typed)
        if given is None:
            err("gender", f"ไม่รู้จักเพศ \"{typed}\" — ใช้ หญิง หรือ ชาย", f"Unknown gender \"{typed}\" — use หญิง or ชาย")
    gender = derived or given
    if derived and given and given != derived:
        err("gender", f"เพศไม่ตรงกับคำนำหน้า \"{prefix}\" ({GENDERS[derived][0]}) — แก้คำนำหน้าหรือเพศ",
            f"The gender does not match the prefix \"{prefix}\" ({derived}) — correct the prefix or the gender")
    elif prefix and derived is None and not typed:
        err("gender", f"คำนำหน้า \"{prefix}\" ไม่บอกเพศ — ระบุเพศ (หญิง หรือ ชาย)",
            f"The prefix \"{prefix}\" does not tell the gender — give the gender (หญิง or ชาย)")

    # Role: one of the course's.
    roles = course_roles(course_number)
    role = None
    if not values["role"]:
        err("role", f"ไม่ได้ระบุบทบาท — ใช้หนึ่งใน: {_labels(roles, TRAINEE_ROLES, 0)}",
            f"The role is empty — use one of: {_labels(roles, TRAINEE_ROLES, 1)}")
    else:
        role = values["role"] if values["role"] in TRAINEE_ROLES else role_from(values["role"])
        if role not in roles:
            err("role", f"บทบาท \"{values['role']}\" ใช้กับหลักสูตรนี้ไม่ได้ — ใช้หนึ่งใน: {_labels(roles, TRAINEE_ROLES, 0)}",
                f"The role \"{values['role']}\" is not one of this course's — use one of: {_labels(roles, TRAINEE_ROLES, 1)}")
            role = None

    # Position: optional; when given, one the course knows, and consistent with the role.
    positions = course_positions(course_number)
    position = ""
    if values["position"]:
        found = position_from(values["position"])
        if found not in positions:
            err("position", f"ตำแหน่ง \"{values['position']}\" ใช้กับหลักสูตรนี้ไม่ได้ — ใช้หนึ่งใน: {', '.join(positions)}",
                f"The position \"{values['position']}\" is not one of this course's — use one of: "
                + ", ".join(_POSITION_EN.get(p, p) for p in positions))
        else:
            position = found
            if role == "board" and position not in BOARD_POSITIONS:
                err("position", f"{position} ไม่ใช่ตำแหน่งในคณะกรรมการดำเนินการ — เลือกบทบาท ผู้สังเกตการณ์ หรือแก้ตำแหน่ง",
                    f"{_POSITION_EN.get(position, position)} is not a board seat — choose the role observer or correct the position")
            elif role == "observer" and position in BOARD_POSITIONS:
                err("position", f"{position} เป็นตำแหน่งในคณะกรรมการดำเนินการ — เลือกบทบาท กรรมการดำเนินการ",
                    f"{_POSITION_EN.get(position, position)} is a board seat — choose the role board member")

    # Course 2: the member group or village the person leads.
    member_group = values["member_group"] if course_number == 2 else ""
    if course_number == 2 and not member_group and not any(p.field == "member_group" for p in problems):
        err("member_group", "ไม่ได้กรอกกลุ่มสมาชิกหรือหมู่บ้าน — หลักสูตรที่ 2 ต้องระบุ",
            "The member group or village is empty — course 2 needs it")

    age_band = ""
    if values["age_band"]:
        band = values["age_band"] if values["age_band"] in AGE_BANDS else age_band_from(values["age_band"])
        if band is None:
            err("age_band", f"ไม่รู้จักช่วงอายุ \"{values['age_band']}\" — ใช้หนึ่งใน: {_labels(AGE_BANDS, AGE_BANDS, 0)} หรืออายุเป็นปี",
                f"Unknown age band \"{values['age_band']}\" — use one of: {_labels(AGE_BANDS, AGE_BANDS, 1)} or the age in years")
        else:
            age_band = band

    if problems or role is None or gender is None:
        return None, problems
    return CleanTrainee(
        prefix=prefix, first_name=first, last_name=last, gender=gender, gender_derived=derived is not None,
        role=role, position=position, member_group=member_group, age_band=age_band, food_needs=values["food_needs"],
    ), []


# --- counting -------------------------------------------------------------------------


@dataclass
class Counts:
    """People of a roster (or one cooperative of it) by gender and role, against the target."""

    total: int = 0
    target: int = 0
    by_gender: dict[str, int] = field(default_factory=lambda: {g: 0 for g in GENDERS})
    by_role: dict[str, int] = field(default_factory=dict)

    @property
    def women(self) -> int:
        return self.by_gender.get("female", 0)

    @property
    def men(self) -> int:
        return self.by_gender.get("male", 0)

    @property
    def percent(self) -> Decimal | None:
        """People ÷ target × 100, two decimals (ROUND_HALF_UP); None without a target."""
        if not self.target:
            return None
        return (Decimal(self.total) * 100 / Decimal(self.target)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def missing(self) -> int:
        return max(self.target - self.total, 0)

    def add(self, other: "Counts") -> "Counts":
        out = Counts(total=self.total + other.total, target=self.target + other.target,
                     by_gender=dict(self.by_gender), by_role=dict(self.by_role))
        for k, v in other.by_gender.items():
            out.by_gender[k] = out.by_gender.get(k, 0) + v
        for k, v in other.by_role.items():
            out.by_role[k] = out.by_role.get(k, 0) + v
        return out


def count_trainees(people: Iterable[tuple[str, str]], target: int, roles: Iterable[str] = ()) -> Counts:
    """Count (gender, role) pairs; ``roles`` are listed even at zero; ``target`` is people wanted."""
    counts = Counts(target=target, by_role={r: 0 for r in roles})
    for gender, role in people:
        counts.total += 1
        counts.by_gender[gender] = counts.by_gender.get(gender, 0) + 1
        counts.by_role[role] = counts.by_role.get(role, 0) + 1
    return counts
