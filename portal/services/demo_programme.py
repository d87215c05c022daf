"""The demo year's programme: setup and KPIs, meetings, target selection, analyses, cohorts.

Called by :func:`portal.services.demo.build_demo` after the cooperatives and
accounts exist. Like the rest of the demo it writes only what is missing,
matched by natural keys (the fiscal year; KPI code; office for meetings, target
lists and change requests; year + cooperative for analyses; course + cooperative
for cohorts; cohort + name for trainees; trainee + day for attendance), so a
second run changes nothing. Random choices come from a generator seeded per
office or cohort, so they do not depend on which centres are included.
Trainee tokens are the one exception: they are drawn from ``secrets`` (a demo
database may end up on a server, and a token opens a trainee's answers).

The shape, for FY 2566 with "today" 15 Mar 2023 (``make run``):
* every office of the included centres met its centre in November 2022;
* every office proposed two target candidates (office 70 one non-candidate with a
  justification) and its centre submitted the list before the deadline, except
  office 12 (nothing proposed: late) and office 73 (proposed, never submitted:
  late); office 11 has a pending change request (replace its second target);
* most targets are analysed; each target of a submitted list has a course-1
  cohort between January and May 2023 — closed before "today", in training on
  it, planned after — with the seed's agenda, 17–20 trainees, budgets and
  attendance with a few absences; cooperatives trained by February have a
  planned course-2 cohort of 26–28 group leaders and leading members.
"""
from __future__ import annotations

import random
import secrets
from collections import Counter
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from portal.db import write_transaction
from portal.domain import kpis as kpi_catalogue
from portal.domain.cohorts import AGENDA_TEMPLATES, EXPENSE_CATEGORIES, STATUSES
from portal.domain.eligibility import candidate_clauses, record_for_selection
from portal.domain.programme import SELECTION_DATE, SELECTION_DEADLINE, WORKSHOP
from portal.models import (
    AgendaSession,
    AnalysisLossLine,
    AnalysisProblem,
    Attendance,
    BudgetLine,
    BusinessLine,
    CentreBudget,
    ChangeRequest,
    Cohort,
    CohortCooperative,
    CohortEvent,
    Cooperative,
    CooperativeAnalysis,
    Course,
    Kpi,
    KpiTarget,
    MeetingAttendee,
    MeetingKpi,
    Office,
    ProgrammeYear,
    Province,
    ProvinceMeeting,
    TargetList,
    TargetProposal,
    Trainee,
    User,
    YearlyRecord,
    YearlyRecordLine,
)
from portal.reference.demo_names import PersonNamer, board_position_codes, POSITION_BY_CODE, village_name

__all__ = ["NOT_STARTED_OFFICE", "UNSUBMITTED_OFFICE", "CHANGE_REQUEST_OFFICE", "NON_CANDIDATE_OFFICE",
           "write_programme"]

FISCAL_YEAR = 2566
NOT_STARTED_OFFICE = "12"  # nothing proposed: late
UNSUBMITTED_OFFICE = "73"  # proposed, never submitted: late
CHANGE_REQUEST_OFFICE = "11"  # a pending replacement
NON_CANDIDATE_OFFICE = "70"  # one target proposed outside the rule, with a justification
IN_TRAINING_ON = date(2023, 3, 15)  # one cohort of the first centre trains on the demo's "today"

_BUDGET_PER_COOP = {1: Decimal("45600.00"), 2: Decimal("32000.00")}
_PLANNED_SHARES = {"food": Decimal("0.45"), "speaker_fees": Decimal("0.25"), "transport": Decimal("0.12"),
                   "materials": Decimal("0.10"), "venue": Decimal("0.08")}


def _rng(*parts) -> random.Random:
    return random.Random(":".join(str(p) for p in ("demo-programme", *parts)))


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour, 0))


# --- year, KPIs, budgets -------------------------------------------------------------


def _year(admin: User | None) -> ProgrammeYear:
    year = ProgrammeYear.of(FISCAL_YEAR)
    if year is None:
        year = ProgrammeYear.create(
            fiscal_year=FISCAL_YEAR, selection_deadline=SELECTION_DEADLINE, default_quota=2,
            workshop_starts=WORKSHOP["starts"], workshop_ends=WORKSHOP["ends"], workshop_place=WORKSHOP["place"],
            workshop_attendees=WORKSHOP["attendees"],
            workshop_notes="กำหนดเป้าหมาย ตัวชี้วัด และแนวทางการดำเนินงานโครงการ ปีงบประมาณ 2566",
            workshop_recorded_by=admin, workshop_recorded_at=_at(WORKSHOP["ends"], 16),
            created_at=_at(date(2022, 10, 3)), updated_at=_at(date(2022, 10, 27)))
    return year


def _kpis(year: ProgrammeYear, centres, offices_by_province) -> int:
    made = 0
    have = {k.code: k for k in Kpi.select().where(Kpi.year == year)}
    for order, spec in enumerate(kpi_catalogue.CATALOGUE, start=1):
        if spec.code not in have:
            have[spec.code] = Kpi.create(year=year, code=spec.code, sort_order=order, name_th=spec.name_th,
                                         name_en=spec.name_en, unit=spec.unit, course=spec.course,
                                         default_target=spec.default_target)
            made += 1
    existing = set(KpiTarget.select(KpiTarget.kpi, KpiTarget.centre, KpiTarget.province)
                   .join(Kpi).where(Kpi.year == year).tuples())
    rows = []
    for kpi in have.values():
        for centre in centres:
            provinces = [p for p in centre.provinces_sorted]
            targets = []
            for province in provinces:
                target = kpi_catalogue.province_target(kpi.unit, kpi.default_target,
                                                       offices_by_province.get(province.id, 0))
                targets.append(target)
                if (kpi.id, centre.id, province.id) not in existing:
                    rows.append({"kpi": kpi.id, "centre": centre.id, "province": province.id, "target": target})
            if (kpi.id, centre.id, None) not in existing:
                rows.append({"kpi": kpi.id, "centre": centre.id, "province": None,
                             "target": kpi_catalogue.centre_target(kpi.unit, targets, kpi.default_target)})
    for start in range(0, len(rows), 300):
        KpiTarget.insert_many(rows[start:start + 300]).execute()
    return made + len(rows)


def _budgets(year: ProgrammeYear, centres, offices_by_province) -> int:
    made = 0
    for course in Course.select().where(Course.fiscal_year == FISCAL_YEAR):
        per_coop = _BUDGET_PER_COOP.get(course.number, Decimal("30000.00"))
        for centre in centres:
            if CentreBudget.get_or_none((CentreBudget.year == year) & (CentreBudget.centre == centre)
                                        & (CentreBudget.course == course)):
                continue
            offices = sum(offices_by_province.get(p.id, 0) for p in centre.provinces_sorted)
            CentreBudget.create(year=year, centre=centre, course=course,
                                amount=per_coop * course.cooperatives_per_province * offices)
            made += 1
    return made


# --- meetings -------------------------------------------------------------------------


def _meeting(year, centre, office, province, director, staff, officer, head) -> int:
    if ProvinceMeeting.get_or_none((ProvinceMeeting.year == year) & (ProvinceMeeting.office == office)):
        return 0
    rng = _rng("meeting", office.code)
    held = date(2022, 11, 1) + timedelta(days=rng.randrange(0, 28))
    while held.weekday() >= 5:
        held += timedelta(days=1)
    meeting = ProvinceMeeting.create(
        year=year, centre=centre, office=office, held_on=held, starts=time(9, 30), ends=time(12, 0),
        place=f"ห้องประชุม{office.name_th}", recorded_by=staff, recorded_at=_at(held, 15), updated_at=_at(held, 15),
        notes=(f"ชี้แจงแนวทางการดำเนินงานโครงการ ปีงบประมาณ 2566 และหลักเกณฑ์การคัดเลือกสหกรณ์เป้าหมาย "
               f"{office.short_th} จะเสนอรายชื่อสหกรณ์เป้าหมายภายในวันที่ 15 ธันวาคม 2565"))
    namer = PersonNamer(rng)
    people = [(director, "chair", centre.name_th), (staff, "centre", centre.name_th),
              (head, "province", office.name_th), (officer, "province", office.name_th)]
    order = 0
    for user, role, organisation in people:
        if user is None:
            continue
        order += 1
        MeetingAttendee.create(meeting=meeting, sort_order=order, prefix=user.prefix,
                               full_name=f"{user.first_name} {user.last_name}", position=user.position,
                               organisation=organisation, role=role)
    auditor = namer.person()
    MeetingAttendee.create(meeting=meeting, sort_order=order + 1, prefix=auditor.prefix,
                           full_name=f"{auditor.first_name} {auditor.last_name}", position="นักวิชาการตรวจสอบบัญชีชำนาญการ",
                           organisation=f"สำนักงานตรวจบัญชีสหกรณ์{province.name_th}", role="audit")
    for target in (KpiTarget.select(KpiTarget, Kpi).join(Kpi)
                   .where((Kpi.year == year) & (KpiTarget.province == province))):
        MeetingKpi.create(meeting=meeting, kpi=target.kpi, target=target.target)
    return 1


# --- selection ----------------------------------------------------------------------------


def _candidates(office: Office) -> list[tuple[Cooperative, YearlyRecord, list[str]]]:
    coops = list(Cooperative.select().where(Cooperative.office == office).order_by(Cooperative.registration_no))
    records: dict[int, list[YearlyRecord]] = {}
    for r in YearlyRecord.select().where(YearlyRecord.cooperative.in_([c.id for c in coops] or [0])):
        records.setdefault(r.cooperative_id, []).append(r)
    out = []
    for coop in coops:
        record = record_for_selection(records.get(coop.id, []), SELECTION_DATE)
        out.append((coop, record, candidate_clauses(record)))
    return out


_REASONS = {
    "accumulated_loss": "มีขาดทุนสะสม ต้องวิเคราะห์สาเหตุรายธุรกิจและวางแผนให้รายได้สูงกว่าค่าใช้จ่าย",
    "low_participation": "สมาชิกมีส่วนร่วมดำเนินธุรกิจกับสหกรณ์ต่ำกว่าร้อยละ 65 คณะกรรมการพร้อมเข้าร่วมทั้งคณะ",
}


def _selection(year, office, director, officer) -> Counter:
    made = Counter()
    if office.code == NOT_STARTED_OFFICE or TargetList.get_or_none((TargetList.year == year)
                                                                    & (TargetList.office == office)):
        return made
    rng = _rng("selection", office.code)
    pool = _candidates(office)
    candidates = [c for c in pool if c[2]]
    rng.shuffle(candidates)
    chosen = candidates[:2]
    if office.code == NON_CANDIDATE_OFFICE:
        others = [c for c in pool if not c[2] and c[1] is not None]
        if others:
            chosen = chosen[:1] + [others[0]]
    submitted = office.code != UNSUBMITTED_OFFICE
    proposed_on = date(2022, 11, 28) + timedelta(days=rng.randrange(0, 8))
    submitted_on = date(2022, 12, 8) + timedelta(days=rng.randrange(0, 8))  # by the 15th
    tlist = TargetList.create(year=year, office=office, created_at=_at(proposed_on),
                              submitted_at=_at(submitted_on, 14) if submitted else None,
                              submitted_by=director if submitted else None)
    made["target_lists"] += 1
    proposals = []
    for coop, record, clauses in chosen:
        proposals.append(TargetProposal.create(
            target_list=tlist, cooperative=coop, yearly_record=record, clauses=",".join(clauses),
            reason=_REASONS[clauses[0]] if clauses else "สหกรณ์มีสมาชิกมาก ธุรกิจหลักเริ่มชะลอตัว",
            justification="" if clauses else (
                "ไม่เข้าเกณฑ์ (สมาชิกมีส่วนร่วมเกินร้อยละ 65 และไม่มีขาดทุนสะสม) แต่คณะกรรมการชุดใหม่ทั้งคณะ "
                "ขอเข้าร่วม และ สกจ. เห็นว่าสหกรณ์มีแนวโน้มสมาชิกลดลง"),
            proposed_by=officer, proposed_at=_at(proposed_on, 11)))
        made["proposals"] += 1
    if submitted:
        for index, proposal in enumerate(proposals):
            if rng.random() < 0.85:
                proposal.board_meeting_no = f"ครั้งที่ {rng.randint(9, 12)}/2565"
                proposal.board_meeting_on = date(2022, 12, 16) + timedelta(days=rng.randrange(0, 12) + index)
                proposal.board_informed_by = officer
                proposal.board_informed_at = _at(proposal.board_meeting_on + timedelta(days=1))
                proposal.save()
    if office.code == CHANGE_REQUEST_OFFICE and submitted and len(proposals) == 2:
        chosen_ids = {c[0].id for c in chosen}
        spare = [c for c in pool if c[0].id not in chosen_ids and c[1] is not None]
        spare.sort(key=lambda c: not c[2])  # a candidate if there is one left
        if spare:
            coop, _record, clauses = spare[0]
            ChangeRequest.create(
                target_list=tlist, kind="replace", proposal=proposals[1], new_cooperative=coop,
                new_reason=_REASONS[clauses[0]] if clauses else "คณะกรรมการพร้อมเข้าร่วมทั้งคณะ",
                new_justification="" if clauses else "ไม่เข้าเกณฑ์ แต่สหกรณ์ขอเข้าร่วมแทนและ สกจ. เห็นควร",
                reason="คณะกรรมการดำเนินการของสหกรณ์เดิมหมดวาระและอยู่ระหว่างการเลือกตั้งใหม่ เข้ารับการอบรมไม่ครบทั้งคณะ",
                requested_by=officer, requested_at=_at(date(2023, 1, 5)))
            made["change_requests"] += 1
    return made


# --- analyses -------------------------------------------------------------------------------

_PROBLEMS = (
    "สมาชิกไม่เข้าใจบทบาทและประโยชน์ของการทำธุรกิจกับสหกรณ์",
    "การติดตามหนี้ค้างชำระไม่ต่อเนื่อง หนี้ค้างนานเพิ่มขึ้น",
    "คณะกรรมการบางส่วนไม่เข้าร่วมประชุมประจำเดือน",
    "ธุรกิจรวบรวมผลผลิตมีต้นทุนสูงกว่าราคาขาย",
    "สินค้าคงเหลือในธุรกิจจัดหาสินค้ามาขายมีมาก หมุนเวียนช้า",
    "ฝ่ายจัดการมีเจ้าหน้าที่ไม่เพียงพอ",
    "ข้อสังเกตของผู้สอบบัญชีเรื่องการควบคุมภายในยังไม่ได้รับการแก้ไข",
)


def _analysis(year, proposal: TargetProposal, staff) -> int:
    coop = proposal.cooperative
    if CooperativeAnalysis.get_or_none((CooperativeAnalysis.year == year) & (CooperativeAnalysis.cooperative == coop)):
        return 0
    rng = _rng("analysis", coop.registration_no)
    record = proposal.yearly_record
    loss = record is not None and record.accumulated_loss
    when = _at(date(2022, 12, 19) + timedelta(days=rng.randrange(0, 10)), 15)
    analysis = CooperativeAnalysis.create(
        year=year, cooperative=coop, created_by=staff, created_at=when, updated_by=staff, updated_at=when,
        annual_report="รายงานกิจการประจำปีล่าสุด: ทุนดำเนินงานส่วนใหญ่มาจากเงินรับฝากและเงินกู้ยืม",
        trial_balance="งบทดลองรายเดือนแสดงรายได้ธุรกิจหลักลดลงต่อเนื่อง 3 เดือน",
        strength_notes=f"ระดับชั้นความเข้มแข็งปีล่าสุด: ชั้น {record.strength_level}" if record and record.strength_level
        else "ยังไม่มีผลการจัดระดับชั้นปีล่าสุด",
        auditor_observations="ผู้สอบบัญชีมีข้อสังเกตเรื่องลูกหนี้ค้างนานและการตรวจนับสินค้าคงเหลือ",
        board_notes="คณะกรรมการต้องการแนวทางลดหนี้ค้างและเพิ่มธุรกิจกับสมาชิก",
        staff_notes="ฝ่ายจัดการขอให้ปรับปรุงระบบบัญชีและการติดตามหนี้",
        member_notes="สมาชิกส่วนหนึ่งขายผลผลิตให้พ่อค้าคนกลางเพราะได้เงินสดเร็วกว่า",
        plan_horizon="both" if loss else "")
    if loss:
        lines = list(YearlyRecordLine.select(YearlyRecordLine, BusinessLine).join(BusinessLine)
                     .where(YearlyRecordLine.record == record).order_by(BusinessLine.sort_order))[:2]
        total = -record.accumulated_profit_loss
        for index, line in enumerate(lines):
            share = Decimal("0.6") if index == 0 else Decimal("0.4")
            AnalysisLossLine.create(analysis=analysis, business_line=line.business_line,
                                    loss=(total * share).quantize(Decimal("0.01")),
                                    causes="ต้นทุนดำเนินงานสูง ปริมาณธุรกิจกับสมาชิกต่ำ",
                                    remedies="ลดค่าใช้จ่าย เพิ่มปริมาณธุรกิจกับสมาชิก ติดตามหนี้อย่างเป็นระบบ")
    for order, text in enumerate(rng.sample(_PROBLEMS, 3), start=1):
        AnalysisProblem.create(analysis=analysis, sort_order=order, text=text)
    return 1


# --- cohorts ----------------------------------------------------------------------------------


def _training_days(start: date, days: int) -> list[date]:
    """Consecutive weekdays from ``start`` (moved forward so the training does not span a weekend)."""
    while start.weekday() + days > 5:
        start += timedelta(days=1)
    out, day = [], start
    while len(out) < days:
        if day.weekday() < 5:
            out.append(day)
        day += timedelta(days=1)
    return out


def _status_for(days: list[date], today: date) -> str:
    if days[-1] < today:
        return "closed"
    if days[0] <= today:
        return "training"
    if (days[0] - today).days <= 7:
        return "pretest"
    return "planned"


def _province_th(province: Province) -> str:
    """ "จังหวัดราชบุรี", but "กรุงเทพมหานคร" (Bangkok is not a จังหวัด)."""
    return province.name_th if province.code == "10" else f"จังหวัด{province.name_th}"


def _speaker(kind: str, province: Province, coop: Cooperative, staff: User | None, rng: random.Random) -> str:
    if kind == "centre_staff" and staff is not None:
        return f"{staff.prefix}{staff.first_name} {staff.last_name}"
    if kind == "provincial_office":
        return f"สำนักงานสหกรณ์จังหวัด{province.name_th}"
    if kind == "audit_office":
        return f"สำนักงานตรวจบัญชีสหกรณ์{province.name_th}"
    if kind == "coop_department":
        return f"หัวหน้าฝ่ายบัญชี การเงิน สินเชื่อ และการตลาด {coop.name}"
    return ""


def _roster(cohort: Cohort, coop: Cooperative, course_no: int, rng: random.Random, stamp: datetime) -> list[dict]:
    namer = PersonNamer(rng, female_share=0.45 if course_no == 1 else 0.55)
    rows = []
    if course_no == 1:
        size = coop.board_size or 9
        size = max(5, min(15, size))
        for code in board_position_codes(size):
            p = namer.person()
            rows.append((p, "board", POSITION_BY_CODE[code].name_th, ""))
        total = rng.choice((20, 20, 20, 19, 18))
        observer_positions = ["ผู้จัดการ", "ผู้ตรวจสอบกิจการ"] + ["เจ้าหน้าที่สหกรณ์"] * 3 + ["สมาชิก"] * 10
        for position in observer_positions[:max(0, total - len(rows))]:
            p = namer.person()
            rows.append((p, "observer", position, ""))
    else:
        total = rng.choice((28, 28, 27, 26))
        for number in range(1, total + 1):
            p = namer.person()
            leader = number % 2 == 1
            group = f"กลุ่มที่ {(number + 1) // 2} {village_name(rng)}"
            rows.append((p, "group_leader" if leader else "leading_member", "ประธานกลุ่ม" if leader else "สมาชิก", group))
    bands = ("30_39", "40_49", "50_59", "50_59", "60p", "60p")
    return [{"cohort": cohort.id, "cooperative": coop.id, "prefix": p.prefix, "first_name": p.first_name,
             "last_name": p.last_name, "gender": p.gender, "role": role, "position": position,
             "member_group": group, "age_band": rng.choice(bands),
             "food_needs": "มังสวิรัติ" if rng.random() < 0.05 else "",
             "token": secrets.token_urlsafe(24), "source": "demo", "created_at": stamp}
            for p, role, position, group in rows]


def _cohort(course: Course, centre, number: int, coop: Cooperative, province: Province, start: date,
            staff: User | None, today: date) -> Counter:
    made = Counter()
    rng = _rng("cohort", course.number, coop.registration_no)
    days = _training_days(start, course.days)
    status = _status_for(days, today)
    created = _at(min(days[0] - timedelta(days=30), today), 9)
    private = rng.random() < 0.3
    cohort = Cohort.create(
        course=course, centre=centre, number=number, starts=days[0], ends=days[-1], day_starts=time(9, 0),
        day_ends=time(16, 30), venue_kind="private" if private else "government",
        place=(f"โรงแรมใน{_province_th(province)}" if private else f"ห้องประชุม{coop.name}"),
        status=status, created_by=staff, created_at=created, updated_at=created)
    CohortCooperative.create(cohort=cohort, cooperative=coop)
    made["cohorts"] += 1
    # History: one event per step up to the status.
    steps = STATUSES[:STATUSES.index(status) + 1]
    moves = {"planned": created, "pretest": _at(days[0] - timedelta(days=1), 16), "training": _at(days[0], 8),
             "posttest": _at(days[-1], 14), "closed": _at(days[-1], 17)}
    previous = ""
    for step in steps:
        CohortEvent.create(cohort=cohort, from_status=previous, to_status=step, by=staff, at=moves.get(step, created))
        previous = step
    for order, t in enumerate(AGENDA_TEMPLATES[course.number], start=1):
        AgendaSession.create(cohort=cohort, day=days[min(t.day_no, len(days)) - 1], starts=t.starts, ends=t.ends,
                             topic=t.topic, title_th=t.title_th, title_en=t.title_en,
                             speaker_name=_speaker(t.speaker_kind, province, coop, staff, rng),
                             speaker_kind=t.speaker_kind, sort_order=order)
    people = _roster(cohort, coop, course.number, rng, created)
    total = _BUDGET_PER_COOP.get(course.number, Decimal("30000.00"))
    for category in EXPENSE_CATEGORIES:
        planned = (total * _PLANNED_SHARES[category]).quantize(Decimal("1.00"))
        if category == "venue" and not private:
            planned = Decimal("0.00")
        spent = None
        if status == "closed":
            spent = (planned * Decimal(len(people)) / Decimal(course.people_per_cooperative)
                     * Decimal(rng.choice(("0.92", "0.97", "1.00", "1.03")))).quantize(Decimal("1.00"))
        BudgetLine.create(cohort=cohort, category=category, planned=planned, spent=spent)
    Trainee.insert_many(people).execute()
    made["trainees"] += len(people)
    if status in ("training", "closed"):
        trainees = list(Trainee.select(Trainee.id).where(Trainee.cohort == cohort).order_by(Trainee.id))
        rows = []
        for day in days:
            if day > today:
                continue
            for t in trainees:
                present = rng.random() > 0.04
                rows.append({"trainee": t.id, "day": day, "present": present, "recorded_by": staff.id if staff else None,
                             "recorded_at": _at(day, 17)})
        for startrow in range(0, len(rows), 300):
            Attendance.insert_many(rows[startrow:startrow + 300]).execute()
        made["attendance"] += len(rows)
    return made


def _cohorts(year, centre, staff, today: date) -> Counter:
    """Course-1 cohorts for the centre's submitted targets, then course-2 cohorts for those trained by February."""
    made = Counter()
    course1 = Course.get_or_none((Course.fiscal_year == FISCAL_YEAR) & (Course.number == 1))
    course2 = Course.get_or_none((Course.fiscal_year == FISCAL_YEAR) & (Course.number == 2))
    if course1 is None:
        return made
    targets = list(TargetProposal.targets(FISCAL_YEAR)
                   .switch(TargetList).join(Office).join(Province)
                   .where(Province.centre == centre)
                   .order_by(Office.code, TargetProposal.id))
    have1 = {c for (c,) in CohortCooperative.select(CohortCooperative.cooperative).join(Cohort)
             .where((Cohort.course == course1) & (Cohort.centre == centre)).tuples()}
    next_number = (Cohort.select(Cohort.number).where((Cohort.course == course1) & (Cohort.centre == centre))
                   .order_by(Cohort.number.desc()).scalar() or 0) + 1
    # Spread the centre's cohorts evenly over 10 Jan – 26 May 2023; one of the first centre trains on "today".
    first, span = date(2023, 1, 10), (date(2023, 5, 26) - date(2023, 1, 10)).days
    slots = [first + timedelta(days=span * i // max(1, len(targets))) for i in range(len(targets))]
    if centre.number == 1 and slots:
        nearest = min(range(len(slots)), key=lambda i: abs((slots[i] - IN_TRAINING_ON).days))
        slots[nearest] = IN_TRAINING_ON
    slots.sort()
    for proposal, start in zip(targets, slots):
        coop = proposal.cooperative
        if coop.id in have1:
            continue
        province = Province.get_by_id(proposal.target_list.office.province_id)
        made += _cohort(course1, centre, next_number, coop, province, start, staff, today)
        next_number += 1
    if course2 is None:
        return made
    have2 = {c for (c,) in CohortCooperative.select(CohortCooperative.cooperative).join(Cohort)
             .where((Cohort.course == course2) & (Cohort.centre == centre)).tuples()}
    trained_early = (Cohort.select(Cohort, CohortCooperative.cooperative).join(CohortCooperative)
                     .where((Cohort.course == course1) & (Cohort.centre == centre) & (Cohort.ends < date(2023, 3, 1)))
                     .order_by(Cohort.number))
    next_number = (Cohort.select(Cohort.number).where((Cohort.course == course2) & (Cohort.centre == centre))
                   .order_by(Cohort.number.desc()).scalar() or 0) + 1
    for index, cohort in enumerate(trained_early):
        coop = Cooperative.get_by_id(cohort.cohortcooperative.cooperative_id)
        if coop.id in have2:
            continue
        province = Province.get_by_id(Office.get_by_id(coop.office_id).province_id)
        made += _cohort(course2, centre, next_number, coop, province,
                        date(2023, 5, 9) + timedelta(days=7 * index), staff, today)
        next_number += 1
    return made


# --- all of it -------------------------------------------------------------------------------


def write_programme(centre_numbers, today: date) -> dict[str, int]:
    """Write the missing programme rows of the included centres; return counts of what was created."""
    from portal.models import Centre

    made: Counter = Counter()
    users = {u.username: u for u in User.select()}
    centres = list(Centre.select().where(Centre.number.in_(list(centre_numbers))).order_by(Centre.number))
    for centre in centres:
        centre.provinces_sorted = list(Province.select().where(Province.centre == centre).order_by(Province.code))
    offices_by_province = Counter(o.province_id for o in Office.select(Office.province))
    with write_transaction():
        year = _year(users.get("admin"))
        made["kpis_and_targets"] += _kpis(year, centres, offices_by_province)
        made["budgets"] += _budgets(year, centres, offices_by_province)
    for centre in centres:
        director = users.get(f"director{centre.number:02d}")
        staff = users.get(f"staff{centre.number:02d}a")
        with write_transaction():
            for province in centre.provinces_sorted:
                for office in Office.select().where(Office.province == province).order_by(Office.code):
                    code = office.code.replace("-", "")
                    officer, head = users.get(f"po{code}"), users.get(f"pc{code}")
                    made["meetings"] += _meeting(year, centre, office, province, director, staff, officer, head)
                    if today > SELECTION_DEADLINE - timedelta(days=20):
                        made += _selection(year, office, director, officer)
            if today > date(2022, 12, 31):
                analysed = list(TargetProposal.targets(FISCAL_YEAR).switch(TargetList).join(Office).join(Province)
                                .where(Province.centre == centre).order_by(Office.code, TargetProposal.id))
                for proposal in analysed[:-1]:  # the centre's last target is not analysed yet
                    made["analyses"] += _analysis(year, proposal, staff)
        with write_transaction():
            made += _cohorts(year, centre, staff, today)
    return dict(made)
