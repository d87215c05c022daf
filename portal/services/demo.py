"""The demo year: fiscal year 2566 with cooperatives, their yearly records, courses and accounts.

`build_demo()` first *plans* everything from the seed alone (pure Python, no
database: :func:`plan_demo`), then writes only what is missing. So:

* the same seed gives the same names, figures and accounts on every machine;
* re-running with the same arguments changes nothing (rows are matched by their
  natural keys: registration number, cooperative + accounting year, record +
  business line, username, fiscal year + course number, course + step);
* an existing account is never touched — its password stays what it was.

The figures are fictitious but follow the rules: active members never exceed
members (overall or per business line), business lines fit the cooperative's
type, official participation falls on both sides of 65% (with exact edge values
such as 6,499 / 10,000 and 6,500 / 10,000), some cooperatives carry an
accumulated loss, and every office has enough target candidates (under
:func:`portal.domain.eligibility.candidate_clauses`, on the record that counts
for the FY 2566 selection) for a real selection.

No Flask here: the password hash and "today" are given by the caller.
"""
from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from portal import reference
from portal.reference.demo_names import weighted_choice
from portal.db import write_transaction
from portal.domain.eligibility import candidate_clauses, record_for_selection
from portal.domain.programme import SEED_COURSES as _COURSES
from portal.domain.programme import SELECTION_DATE, SELECTION_DEADLINE
from portal.models import (
    ROLES,
    ActivityProgress,
    Attendance,
    DevelopmentPlan,
    Cohort,
    CooperativeAnalysis,
    ProvinceMeeting,
    TargetList,
    TargetProposal,
    Trainee,
    BusinessLine,
    Centre,
    Cooperative,
    CoopType,
    Course,
    CourseStep,
    Office,
    Province,
    User,
    YearlyRecord,
    YearlyRecordLine,
)
from portal.reference.demo_names import CooperativeNamer, PersonNamer
from portal.models.responses import Draft, RespondentLink, Response
from portal.services.accounts import create_user
from portal.services.demo_plans import write_plans
from portal.services.demo_programme import write_programme
from portal.services.demo_reports import write_reports
from portal.services.demo_responses import write_responses
from portal.services.reference import sync_reference

__all__ = [
    "FISCAL_YEAR",
    "SELECTION_DEADLINE",
    "ACCOUNTING_YEARS",
    "SIZES",
    "SMALL_CENTRES",
    "PlannedRecord",
    "PlannedCooperative",
    "DemoAccount",
    "DemoPlan",
    "DemoSummary",
    "plan_demo",
    "build_demo",
    "describe_accounts",
]

FISCAL_YEAR = 2566
ACCOUNTING_YEARS = (2564, 2565)  # Buddhist Era; the year is named by its closing date's year
SIZES = ("small", "full")
SMALL_CENTRES = (1, 2)

# Closing dates of the accounting year (month, day), all seen among Thai cooperatives.
_CLOSINGS: tuple[tuple[tuple[int, int], int], ...] = (((3, 31), 35), ((6, 30), 25), ((9, 30), 15), ((12, 31), 25))

# Cooperative types, weighted roughly as in the sector (agricultural and
# thrift-and-credit are the most common); Bangkok has few farms.
_TYPE_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("agricultural", 42), ("thrift_credit", 20), ("consumer", 9), ("service", 9),
    ("credit_union", 8), ("land_settlement", 6), ("fisheries", 6),
)
_BANGKOK_TYPE_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("thrift_credit", 40), ("consumer", 18), ("service", 18), ("credit_union", 12), ("agricultural", 12),
)

# Members per type (low, high).
_MEMBERS: dict[str, tuple[int, int]] = {
    "agricultural": (300, 4500),
    "fisheries": (60, 450),
    "land_settlement": (250, 2500),
    "thrift_credit": (400, 9000),
    "consumer": (200, 3500),
    "service": (40, 600),
    "credit_union": (100, 1800),
}

# Business lines per type: (code, share of the active members low..high, chance the line exists).
_LINES: dict[str, tuple[tuple[str, float, float, float], ...]] = {
    "agricultural": (("credit", .5, .9, 1), ("supplies", .4, .9, 1), ("marketing", .3, .8, 1),
                     ("deposits", .2, .6, .9), ("processing", .05, .2, .3), ("services", .05, .3, .3)),
    "fisheries": (("supplies", .5, .9, 1), ("marketing", .4, .9, 1), ("credit", .3, .7, .9), ("deposits", .2, .5, .7)),
    "land_settlement": (("credit", .4, .8, 1), ("supplies", .4, .8, 1), ("marketing", .3, .7, .9),
                        ("deposits", .2, .5, .8), ("services", .05, .3, .4)),
    "thrift_credit": (("deposits", .85, 1, 1), ("credit", .5, .9, 1)),
    "consumer": (("supplies", .9, 1, 1), ("services", .05, .2, .3)),
    "service": (("services", .9, 1, 1), ("supplies", .1, .4, .4), ("credit", .1, .3, .3)),
    "credit_union": (("deposits", .8, 1, 1), ("credit", .5, .9, 1), ("supplies", .1, .3, .3)),
}

# --- the plan (pure) ----------------------------------------------------------------


@dataclass(frozen=True)
class PlannedRecord:
    accounting_year: int
    closing_date: date
    members: int
    active_members: int
    accumulated_profit_loss: Decimal
    profit_this_year: Decimal
    strength_level: int
    lines: tuple[tuple[str, int], ...]  # (business-line code, active members)

    @property
    def active_by_line(self) -> dict[str, int]:
        return dict(self.lines)


@dataclass(frozen=True)
class PlannedCooperative:
    registration_no: str
    name: str
    type_code: str
    office_code: str
    board_size: int
    profile: str  # why its figures look so (for tests and reading): loss, low, both, edge_below, …
    records: tuple[PlannedRecord, ...]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    prefix: str
    first_name: str
    last_name: str
    position: str
    centre_number: int | None = None
    office_code: str | None = None
    scope_th: str = ""

    @property
    def full_name(self) -> str:
        sep = "" if self.prefix in ("นาย", "นาง", "นางสาว") else " "
        return f"{self.prefix}{sep}{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class DemoPlan:
    size: str
    seed: int
    cooperatives: tuple[PlannedCooperative, ...]
    accounts: tuple[DemoAccount, ...]
    centre_numbers: tuple[int, ...]
    office_codes: tuple[str, ...]



def _baht(rng: random.Random, low: int, high: int) -> Decimal:
    """A random amount in baht with satang, low..high."""
    return (Decimal(rng.randint(low * 100, high * 100)) / 100).quantize(Decimal("0.01"))


def _active_for_rate(members: int, rate: float, below: bool) -> int:
    """Active members giving about ``rate`` percent, kept strictly below 65% or at/above it."""
    active = max(0, min(members, round(members * rate / 100)))
    if below:
        while active * 100 >= 65 * members and active > 0:
            active -= 1
    else:
        while active * 100 < 65 * members and active < members:
            active += 1
    return active


def _lines(rng: random.Random, type_code: str, active: int) -> tuple[tuple[str, int], ...]:
    """Per-line active members: each at most the overall active members (a member may use several lines)."""
    out: list[tuple[str, int]] = []
    for i, (code, low, high, chance) in enumerate(_LINES[type_code]):
        if i > 0 and rng.random() >= chance:
            continue
        out.append((code, min(active, round(active * rng.uniform(low, high)))))
    if out:  # the main line reaches (nearly) everyone who did business
        code, _ = out[0]
        out[0] = (code, max(out[0][1], active - rng.randint(0, max(1, active // 50))))
    order = {b.code: b.sort_order for b in reference.business_lines()}
    return tuple(sorted(out, key=lambda kv: order[kv[0]]))


# Candidate profiles (qualify under the rule) and others (do not).
_CANDIDATE_PROFILES = (("loss", 35), ("low", 45), ("both", 20))
_OTHER_PROFILES = (("healthy", 70), ("low_level1", 15), ("low_level4", 15))


def _selection_figures(rng: random.Random, profile: str, members: int):
    """(members, active, strength level, loss?) of the record that counts for the selection."""
    if profile == "edge_below":  # 64.99%: below 65, a candidate at level 2
        return 10_000, 6_499, 2, False
    if profile == "edge_at":  # exactly 65.00%: not below, not a candidate
        return 10_000, 6_500, 2, False
    if profile == "edge_64996":  # 64.996%: shown as 65.00 but below, a candidate
        return 25_000, 16_249, 3, False
    if profile == "loss":
        below = rng.random() < 0.5
        level = int(weighted_choice(rng, ((2, 2), (3, 4), (4, 4))))
        return members, _active_for_rate(members, rng.uniform(35, 64.9) if below else rng.uniform(65, 92), below), level, True
    if profile == "low":
        return members, _active_for_rate(members, rng.uniform(28, 64.9), True), rng.choice((2, 3)), False
    if profile == "both":
        return members, _active_for_rate(members, rng.uniform(25, 64.9), True), rng.choice((2, 3)), True
    if profile == "healthy":
        level = int(weighted_choice(rng, ((1, 35), (2, 40), (3, 25))))
        return members, _active_for_rate(members, rng.uniform(65, 96), False), level, False
    if profile == "low_level1":  # low participation but level 1: not a candidate
        return members, _active_for_rate(members, rng.uniform(45, 64.9), True), 1, False
    if profile == "low_level4":  # low participation but level 4 (only 2 and 3 count): not a candidate
        return members, _active_for_rate(members, rng.uniform(30, 64.9), True), 4, False
    raise ValueError(profile)


def _records(rng: random.Random, type_code: str, profile: str, closing: tuple[int, int]) -> tuple[PlannedRecord, ...]:
    low, high = _MEMBERS[type_code]
    members0 = rng.randint(low, high)
    closings = {y: date(y - 543, *closing) for y in ACCOUNTING_YEARS}
    # The record that counts: the latest accounting year closed before the selection.
    sel_year = max(y for y in ACCOUNTING_YEARS if closings[y] < SELECTION_DEADLINE)
    other_year = next(y for y in ACCOUNTING_YEARS if y != sel_year)
    members, active, level, loss = _selection_figures(rng, profile, members0)
    scale = max(1, members // 100)
    if loss:
        acc = -_baht(rng, 30_000, 60_000 * scale)
        pty = _baht(rng, -40_000 * scale // 4 - 10_000, 8_000 * scale // 4 + 5_000)
    else:
        acc = _baht(rng, 50_000, 400_000 * scale)
        pty = _baht(rng, 10_000, 40_000 * scale)
    sel = PlannedRecord(sel_year, closings[sel_year], members, active, acc, pty, level,
                        _lines(rng, type_code, active))

    # The other year: a plausible neighbour (members grow a little; the rate moves a few points).
    if other_year < sel_year:
        o_members = max(1, round(members * rng.uniform(0.93, 1.0)))
    else:
        o_members = max(1, round(members * rng.uniform(1.0, 1.06)))
    o_rate = min(98.0, max(20.0, 100 * active / members + rng.uniform(-6, 6)))
    o_active = min(o_members, round(o_members * o_rate / 100))
    o_level = min(4, max(1, level + int(weighted_choice(rng, ((0, 70), (-1, 15), (1, 15))))))
    if profile.startswith("edge"):  # the exact edge stays in the record that counts; the neighbour moves away
        step = -1 if other_year < sel_year else 1
        o_members, o_active, o_level = members + 150 * step, active + 310 * step, level
    if other_year < sel_year:  # accumulated(sel) = accumulated(other) + profit(sel)
        o_pty = _baht(rng, -20_000 * scale, 30_000 * scale) if loss else _baht(rng, 10_000, 40_000 * scale)
        o_acc = acc - pty
    else:
        o_pty = _baht(rng, -20_000 * scale, 30_000 * scale) if loss else _baht(rng, 10_000, 40_000 * scale)
        o_acc = acc + o_pty
    other = PlannedRecord(other_year, closings[other_year], o_members, o_active, o_acc, o_pty, o_level,
                          _lines(rng, type_code, o_active))
    return tuple(sorted((sel, other), key=lambda r: r.accounting_year))


def _office_profiles(rng: random.Random, size: str, count: int, edges: tuple[str, ...]) -> list[str]:
    n_cand = 2 if size == "small" else rng.randint(3, max(3, count // 2))
    profiles = [str(weighted_choice(rng, _CANDIDATE_PROFILES)) for _ in range(n_cand)]
    profiles += [str(weighted_choice(rng, _OTHER_PROFILES)) for _ in range(count - n_cand)]
    below = 0
    for edge in edges:  # edge values replace a profile of the same side of the rule
        if edge == "edge_at":
            profiles[-1] = edge
        else:
            profiles[below] = edge
            below += 1
    rng.shuffle(profiles)
    return profiles


def _included_centres(size: str) -> tuple[int, ...]:
    if size not in SIZES:
        raise ValueError(f"size must be one of {SIZES}, not {size!r}")
    return SMALL_CENTRES if size == "small" else tuple(c.number for c in reference.centres())


def _plan_cooperatives(size: str, seed: int) -> list[PlannedCooperative]:
    out: list[PlannedCooperative] = []
    for centre_no in _included_centres(size):
        for p_index, province in enumerate(reference.provinces_of_centre(centre_no)):
            rng = random.Random(f"demo:{seed}:province:{province.code}")
            namer = CooperativeNamer(rng)
            serial = 0
            type_weights = _BANGKOK_TYPE_WEIGHTS if province.code == reference.BANGKOK_CODE else _TYPE_WEIGHTS
            for o_index, office in enumerate(reference.offices_of_province(province.code)):
                count = 4 if size == "small" else rng.randint(8, 12)
                edges: tuple[str, ...] = ()
                if p_index == 0 and o_index == 0:  # the seat's office of every centre shows the exact edges
                    edges = ("edge_below", "edge_at") + (("edge_64996",) if centre_no % 2 else ())
                for profile in _office_profiles(rng, size, count, edges):
                    type_code = str(weighted_choice(rng, type_weights))
                    if profile.startswith("edge"):  # 10,000+ members: a large thrift-and-credit cooperative
                        type_code = "thrift_credit"
                    serial += 1
                    closing = weighted_choice(rng, _CLOSINGS)
                    out.append(PlannedCooperative(
                        registration_no=f"กสส.{province.code}-{serial:04d}",
                        name=namer.name(type_code, province),
                        type_code=type_code,
                        office_code=office.code,
                        board_size=rng.randint(7, 15),
                        profile=profile,
                        records=_records(rng, type_code, profile, closing),
                    ))
    return out


def _plan_accounts(seed: int) -> list[DemoAccount]:
    """Every account of the full demo, in a fixed order (so names do not depend on the size)."""
    namer = PersonNamer(random.Random(f"demo:{seed}:people"), female_share=0.55)
    out: list[DemoAccount] = []

    def add(username, role, position, centre=None, office=None, scope_th=""):
        p = namer.person()
        out.append(DemoAccount(username, role, p.prefix, p.first_name, p.last_name, position,
                               centre, office, scope_th))

    add("admin", "bureau_admin", "นักวิชาการคอมพิวเตอร์ชำนาญการ สำนักพัฒนาและถ่ายทอดเทคโนโลยีการสหกรณ์",
        scope_th="ทั้งหมด")
    add("exec", "bureau_exec", "ผู้อำนวยการสำนักพัฒนาและถ่ายทอดเทคโนโลยีการสหกรณ์", scope_th="ทั้งหมด")
    centres = reference.centres()
    for c in centres:
        add(f"director{c.number:02d}", "centre_director", f"ผู้อำนวยการศูนย์ถ่ายทอดเทคโนโลยีการสหกรณ์ที่ {c.number}",
            centre=c.number, scope_th=c.short_th)
    for c in centres:
        add(f"staff{c.number:02d}a", "centre_staff", "นักวิชาการสหกรณ์ชำนาญการ", centre=c.number, scope_th=c.short_th)
        add(f"staff{c.number:02d}b", "centre_staff", "นักวิชาการสหกรณ์ปฏิบัติการ", centre=c.number, scope_th=c.short_th)
    for c in centres:
        for province in reference.provinces_of_centre(c.number):
            for office in reference.offices_of_province(province.code):
                code = office.code.replace("-", "")
                add(f"po{code}", "provincial_officer", "นักวิชาการส่งเสริมสหกรณ์ชำนาญการ",
                    office=office.code, scope_th=office.short_th)
                if office.kind == "bangkok_area":
                    head = office.name_th.replace("สำนักงานส่งเสริมสหกรณ์", "ผู้อำนวยการสำนักงานส่งเสริมสหกรณ์")
                else:
                    head = f"สหกรณ์จังหวัด{province.name_th}"
                add(f"pc{code}", "provincial_head", head, office=office.code, scope_th=office.short_th)
    return out


def plan_demo(size: str = "full", seed: int = 2566) -> DemoPlan:
    """Everything the demo holds, from the seed alone (no database)."""
    centres = _included_centres(size)
    office_codes = tuple(
        o.code for n in centres for p in reference.provinces_of_centre(n) for o in reference.offices_of_province(p.code)
    )
    included = set(office_codes)
    accounts = tuple(
        a for a in _plan_accounts(seed)
        if a.role in ("bureau_admin", "bureau_exec", "centre_director")
        or (a.centre_number in centres if a.centre_number is not None else a.office_code in included)
    )
    return DemoPlan(size, seed, tuple(_plan_cooperatives(size, seed)), accounts, centres, office_codes)


# --- account listing ------------------------------------------------------------------


def describe_accounts(accounts, password: str | None = None, with_names: bool = False) -> str:
    """The accounts by role (Thai / English label), grouped by centre for the centre and office roles.

    ``accounts``: DemoAccount rows (e.g. ``DemoSummary.accounts`` or ``plan_demo().accounts``).
    """
    accounts = list(accounts)
    lines = ["บัญชีผู้ใช้ตัวอย่าง / Demo accounts"
             + (f" — รหัสผ่าน / password: {password}" if password else " — รหัสผ่านเดียวกันทุกบัญชี / one password for all")]
    office_centre = {o.code: reference.centre_of_province(o.province_code).number for o in reference.offices()}
    for role, (label_th, label_en, level) in ROLES.items():
        rows = [a for a in accounts if a.role == role]
        if not rows:
            continue
        lines.append(f"{label_th} / {label_en} ({len(rows)}):")
        if with_names or level == "all":
            for a in rows:
                lines.append(f"  {a.username:<12} {a.full_name} — {a.position} ({a.scope_th})")
            continue
        by_centre: dict[int, list[DemoAccount]] = {}
        for a in rows:
            number = a.centre_number if level == "centre" else office_centre[a.office_code]
            by_centre.setdefault(number, []).append(a)
        if role == "centre_director":
            lines.append("  " + ", ".join(f"{a.username} ({a.scope_th})" for a in rows))
            continue
        for number, group in by_centre.items():
            names = ", ".join(a.username if level == "centre" else f"{a.username} ({a.scope_th})" for a in group)
            lines.append(f"  ศูนย์ฯ ที่ {number}: {names}")
    return "\n".join(lines)


# --- writing --------------------------------------------------------------------------


@dataclass
class DemoSummary:
    size: str
    seed: int
    today: date
    counts: dict[str, int] = field(default_factory=dict)  # rows in the database afterwards
    created: dict[str, int] = field(default_factory=dict)  # rows this run created
    candidates: int = 0  # demo cooperatives qualifying for the FY 2566 selection
    candidates_per_office: dict[str, int] = field(default_factory=dict)
    accounts: tuple[DemoAccount, ...] = ()

    @property
    def usernames(self) -> list[str]:
        return [a.username for a in self.accounts]

    @property
    def changed(self) -> bool:
        return any(self.created.values())

    def describe_accounts(self, password: str | None = None, with_names: bool = False) -> str:
        return describe_accounts(self.accounts, password, with_names)

    def describe(self) -> str:
        c, n = self.counts, self.created
        keys = (("centres", "ศูนย์ฯ"), ("provinces", "จังหวัด"), ("offices", "สำนักงาน"),
                ("cooperatives", "สหกรณ์"), ("yearly_records", "ข้อมูลรายปี"), ("record_lines", "ข้อมูลรายธุรกิจ"),
                ("courses", "หลักสูตร"), ("course_steps", "ขั้นตอน"), ("users", "บัญชีผู้ใช้"),
                ("meetings", "การประชุมกับจังหวัด"), ("target_lists", "บัญชีสหกรณ์เป้าหมาย"),
                ("proposals", "สหกรณ์ที่เสนอ"), ("analyses", "การวิเคราะห์สหกรณ์"), ("cohorts", "รุ่นการอบรม"),
                ("trainees", "ผู้เข้ารับการอบรม"), ("attendance", "บันทึกการลงชื่อ"),
                ("responses", "คำตอบแบบสอบถาม"), ("drafts", "คำตอบที่ทำค้างไว้"), ("links", "ลิงก์ของสหกรณ์"),
                ("plans", "แผนพัฒนาสหกรณ์"), ("progress", "รายงานความก้าวหน้ารายเดือน"))
        parts = [f"{th} / {k.replace('_', ' ')}: {c.get(k, 0):,}"
                 + ("" if k in ("centres", "provinces", "offices") else f" (+{n.get(k, 0):,})") for k, th in keys]
        parts.insert(3, f"ข้อมูลอ้างอิงที่สร้างหรือปรับ / reference rows created or changed: {n.get('reference', 0):,}")
        head = (f"ข้อมูลตัวอย่างปีงบประมาณ {FISCAL_YEAR} / demo fiscal year {FISCAL_YEAR} "
                f"(size {self.size}, seed {self.seed}, today {self.today.isoformat()})")
        tail = (f"สหกรณ์ที่เข้าเกณฑ์คัดเลือก / selection candidates: {self.candidates:,} "
                f"in {len(self.candidates_per_office)} offices "
                f"(min {min(self.candidates_per_office.values(), default=0)} per office)")
        state = "ไม่มีการเปลี่ยนแปลง / nothing changed" if not self.changed else "สร้างข้อมูลที่ยังไม่มีแล้ว / created what was missing"
        return "\n".join([head, *("  " + p for p in parts), tail, state])


def _write_courses() -> tuple[int, int]:
    made_courses = made_steps = 0
    with write_transaction():
        for spec in _COURSES:
            course = Course.get_or_none((Course.fiscal_year == FISCAL_YEAR) & (Course.number == spec["number"]))
            if course is None:
                course = Course.create(
                    fiscal_year=FISCAL_YEAR, number=spec["number"], name_th=spec["name_th"], name_en=spec["name_en"],
                    days=spec["days"], people_per_cooperative=spec["people_per_cooperative"],
                    cooperatives_per_province=spec["cooperatives_per_province"],
                )
                made_courses += 1
            have = {s.step_no for s in CourseStep.select(CourseStep.step_no).where(CourseStep.course == course)}
            for step_no, name_th, name_en, starts, ends in spec["steps"]:
                if step_no not in have:
                    CourseStep.create(course=course, step_no=step_no, name_th=name_th, name_en=name_en,
                                      starts=starts, ends=ends)
                    made_steps += 1
    return made_courses, made_steps


def _chunks(items, n):
    for i in range(0, len(items), n):
        yield items[i:i + n]


def _write_cooperatives(plan: DemoPlan, today: date, stamp: datetime) -> tuple[int, int, int]:
    """Create missing cooperatives, yearly records (closed by ``today``) and lines; one transaction per centre."""
    office_ids = {o.code: o.id for o in Office.select(Office.id, Office.code)}
    type_ids = {t.code: t.id for t in CoopType.select(CoopType.id, CoopType.code)}
    line_ids = {b.code: b.id for b in BusinessLine.select(BusinessLine.id, BusinessLine.code)}
    office_centre = {o.code: reference.centre_of_province(o.province_code).number for o in reference.offices()}
    by_centre: dict[int, list[PlannedCooperative]] = {}
    for coop in plan.cooperatives:
        by_centre.setdefault(office_centre[coop.office_code], []).append(coop)

    made = Counter()
    for group in by_centre.values():
        with write_transaction():
            regs = [c.registration_no for c in group]
            existing = {}
            for chunk in _chunks(regs, 500):
                existing.update({r: i for r, i in Cooperative.select(Cooperative.registration_no, Cooperative.id)
                                 .where(Cooperative.registration_no.in_(chunk)).tuples()})
            missing = [c for c in group if c.registration_no not in existing]
            for chunk in _chunks(missing, 200):
                Cooperative.insert_many([
                    {"name": c.name, "registration_no": c.registration_no, "coop_type": type_ids[c.type_code],
                     "office": office_ids[c.office_code], "board_size": c.board_size, "created_at": stamp}
                    for c in chunk
                ]).execute()
                made["cooperatives"] += len(chunk)
            if missing:
                for chunk in _chunks([c.registration_no for c in missing], 500):
                    existing.update({r: i for r, i in Cooperative.select(Cooperative.registration_no, Cooperative.id)
                                     .where(Cooperative.registration_no.in_(chunk)).tuples()})

            coop_ids = [existing[c.registration_no] for c in group]
            have_records = {}
            for chunk in _chunks(coop_ids, 500):
                have_records.update({(c, y): i for c, y, i in YearlyRecord.select(
                    YearlyRecord.cooperative, YearlyRecord.accounting_year, YearlyRecord.id)
                    .where(YearlyRecord.cooperative.in_(chunk)).tuples()})
            new_records = [
                (existing[c.registration_no], r) for c in group for r in c.records
                if r.closing_date <= today and (existing[c.registration_no], r.accounting_year) not in have_records
            ]
            for chunk in _chunks(new_records, 200):
                YearlyRecord.insert_many([
                    {"cooperative": cid, "accounting_year": r.accounting_year, "closing_date": r.closing_date,
                     "members": r.members, "active_members": r.active_members,
                     "accumulated_profit_loss": r.accumulated_profit_loss, "profit_this_year": r.profit_this_year,
                     "strength_level": r.strength_level, "source": "demo", "updated_at": stamp}
                    for cid, r in chunk
                ]).execute()
                made["yearly_records"] += len(chunk)
            if new_records:
                for chunk in _chunks(coop_ids, 500):
                    have_records.update({(c, y): i for c, y, i in YearlyRecord.select(
                        YearlyRecord.cooperative, YearlyRecord.accounting_year, YearlyRecord.id)
                        .where(YearlyRecord.cooperative.in_(chunk)).tuples()})

            record_ids = [have_records[(existing[c.registration_no], r.accounting_year)]
                          for c in group for r in c.records
                          if (existing[c.registration_no], r.accounting_year) in have_records]
            have_lines = set()
            for chunk in _chunks(record_ids, 500):
                have_lines.update(YearlyRecordLine.select(YearlyRecordLine.record, YearlyRecordLine.business_line)
                                  .where(YearlyRecordLine.record.in_(chunk)).tuples())
            new_lines = []
            for c in group:
                for r in c.records:
                    rid = have_records.get((existing[c.registration_no], r.accounting_year))
                    if rid is None:
                        continue
                    for code, count in r.lines:
                        if (rid, line_ids[code]) not in have_lines:
                            new_lines.append({"record": rid, "business_line": line_ids[code], "active_members": count})
            for chunk in _chunks(new_lines, 300):
                YearlyRecordLine.insert_many(chunk).execute()
            made["record_lines"] += len(new_lines)
    return made["cooperatives"], made["yearly_records"], made["record_lines"]


def _write_accounts(plan: DemoPlan, password_hash: str) -> int:
    """Create the accounts that do not exist yet; existing ones (and their passwords) are left alone."""
    centre_ids = {c.number: c.id for c in Centre.select(Centre.id, Centre.number)}
    office_ids = {o.code: o.id for o in Office.select(Office.id, Office.code)}
    have = {u for (u,) in User.select(User.username).tuples()}
    made = 0
    with write_transaction():
        for a in plan.accounts:
            if a.username in have:
                continue
            create_user(
                username=a.username, password_hash=password_hash, first_name=a.first_name,
                last_name=a.last_name, role=a.role, prefix=a.prefix, position=a.position,
                centre_id=centre_ids.get(a.centre_number), office_id=office_ids.get(a.office_code),
            )
            made += 1
    return made


def _candidates(plan: DemoPlan) -> dict[str, int]:
    """Candidates per office among the demo cooperatives, from the database rows."""
    regs = {c.registration_no: c.office_code for c in plan.cooperatives}
    records: dict[str, list[YearlyRecord]] = {}
    query = (YearlyRecord.select(YearlyRecord, Cooperative.registration_no)
             .join(Cooperative).where(Cooperative.office.in_(
                 Office.select(Office.id).where(Office.code.in_(list(plan.office_codes))))))
    for r in query:
        reg = r.cooperative.registration_no
        if reg in regs:
            records.setdefault(reg, []).append(r)
    out = {code: 0 for code in plan.office_codes}
    for reg, rows in records.items():
        if candidate_clauses(record_for_selection(rows, SELECTION_DATE)):
            out[regs[reg]] += 1
    return out


def build_demo(size: str = "small", seed: int = 2566, *, password_hash: str, today: date) -> DemoSummary:
    """Build (or complete) the demo fiscal year 2566; return what is there and what was created.

    ``size``: "full" (all 20 centres, 8–12 cooperatives per office) or "small" (centres 1 and 2,
    4 per office; for tests). Yearly records whose accounting year closes after ``today`` are left out.
    """
    plan = plan_demo(size, seed)
    stamp = datetime.combine(today, time(8, 0))
    summary = DemoSummary(size=size, seed=seed, today=today, accounts=plan.accounts)
    created = summary.created
    created["reference"] = sync_reference()
    created["courses"], created["course_steps"] = _write_courses()
    created["cooperatives"], created["yearly_records"], created["record_lines"] = _write_cooperatives(plan, today, stamp)
    created["users"] = _write_accounts(plan, password_hash)
    created.update(write_programme(plan.centre_numbers, today))
    created.update(write_responses(plan.centre_numbers, today))
    created.update(write_plans(plan.centre_numbers, today))
    created.update(write_reports(plan.centre_numbers, today))
    for key, model in (("centres", Centre), ("provinces", Province), ("offices", Office),
                       ("cooperatives", Cooperative), ("yearly_records", YearlyRecord),
                       ("record_lines", YearlyRecordLine), ("courses", Course), ("course_steps", CourseStep),
                       ("users", User), ("target_lists", TargetList), ("proposals", TargetProposal),
                       ("meetings", ProvinceMeeting), ("analyses", CooperativeAnalysis), ("cohorts", Cohort),
                       ("trainees", Trainee), ("attendance", Attendance), ("responses", Response),
                       ("drafts", Draft), ("links", RespondentLink), ("plans", DevelopmentPlan),
                       ("progress", ActivityProgress)):
        summary.counts[key] = model.select().count()
    summary.candidates_per_office = _candidates(plan)
    summary.candidates = sum(summary.candidates_per_office.values())
    return summary
