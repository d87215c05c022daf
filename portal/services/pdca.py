"""PDCA board, to-do lists and suggestions for next year: counted from the data (nothing stored but
staff-entered suggestions). Rules are portal.domain.pdca; scoping is the caller's Scope."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from portal.db import write_transaction
from portal.domain import pdca as rules
from portal.domain.cohorts import STATUSES as COHORT_STATUSES
from portal.domain.thaidates import fiscal_year
from portal.domain.thaitext import normalize_text, thai_sort_key
from portal.models import (
    ActivityProgress,
    ChangeRequest,
    Cohort,
    CohortCooperative,
    CooperativeAnalysis,
    Cooperative,
    Course,
    CourseStep,
    DevelopmentPlan,
    Instrument,
    MonitoringVisit,
    MonthlySummary,
    Office,
    ParticipationPlan,
    PlanActivity,
    PlanProject,
    ProgrammeYear,
    Province,
    ProvinceMeeting,
    Response,
    Suggestion,
    TargetList,
    TargetProposal,
    User,
)

CLOSED_FROM = COHORT_STATUSES.index("closed")
MAX_SUGGESTION = 2000


@dataclass
class StepRow:
    course: int
    step_no: int
    name_th: str
    name_en: str
    starts: dt.date | None
    ends: dt.date | None
    cells: list[rules.Cell] = field(default_factory=list)

    @property
    def status(self) -> str:
        return rules.worst([c.status for c in self.cells]) if self.cells else rules.NONE


@dataclass
class Board:
    fiscal_year: int
    offices: list[Office]
    targets: list[Cooperative]
    steps: list[StepRow]
    behind: list[tuple[PlanActivity, Cooperative, ActivityProgress | None]]
    recent_progress: list[tuple[ActivityProgress, PlanActivity, Cooperative]]


def centre_offices(centre_id: int, office_ids: frozenset[int] | None, province_id: int | None = None) -> list[Office]:
    query = (Office.select(Office, Province).join(Province).where(Province.centre == centre_id)
             .order_by(Office.code))
    if province_id is not None:
        query = query.where(Province.id == province_id)
    return [o for o in query if office_ids is None or o.id in office_ids]


def centre_provinces(centre_id: int, province_ids: frozenset[int] | None) -> list[Province]:
    rows = Province.select().where(Province.centre == centre_id)
    return sorted((p for p in rows if province_ids is None or p.id in province_ids),
                  key=lambda p: thai_sort_key(p.name_th))


def targets(fy: int, office_ids: list[int]) -> list[Cooperative]:
    """The year's target cooperatives (active proposals on submitted lists) of these offices, in Thai order."""
    coop_ids = [p.cooperative_id for p in TargetProposal.targets(fy).where(TargetList.office.in_(office_ids or [0]))]
    coops = Cooperative.select().where(Cooperative.id.in_(coop_ids or [0]))
    return sorted(coops, key=lambda c: thai_sort_key(c.name))


def _steps(fy: int, number: int) -> dict[int, CourseStep]:
    course = Course.get_or_none((Course.fiscal_year == fy) & (Course.number == number))
    if course is None:
        return {}
    return {s.step_no: s for s in CourseStep.select().where(CourseStep.course == course.id)}


def _cohort_coops(fy: int, number: int, centre_id: int, closed: bool) -> set[int]:
    """Cooperatives trained in a cohort of this course (closed or later when ``closed``)."""
    statuses = COHORT_STATUSES[CLOSED_FROM:] if closed else COHORT_STATUSES
    query = (CohortCooperative.select(CohortCooperative.cooperative).join(Cohort).join(Course)
             .where((Course.fiscal_year == fy) & (Course.number == number) & (Cohort.centre == centre_id)
                    & (Cohort.status.in_(list(statuses)))))
    return {row.cooperative_id for row in query}


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    out, month = [], rules.month_start(first)
    while month <= rules.month_start(last):
        out.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return out


def latest_progress(activity_ids: list[int]) -> dict[int, ActivityProgress]:
    latest: dict[int, ActivityProgress] = {}
    for row in (ActivityProgress.select().where(ActivityProgress.activity.in_(activity_ids or [0]))
                .order_by(ActivityProgress.month)):
        latest[row.activity_id] = row
    return latest


def board(centre_id: int, fy: int, today: dt.date, office_ids: frozenset[int] | None = None,
          province_id: int | None = None) -> Board:
    """Every step of both courses for the centre (or one province of it, or the offices a scope sees)."""
    year = ProgrammeYear.of(fy)
    offices = centre_offices(centre_id, office_ids, province_id)
    oids = [o.id for o in offices]
    coops = targets(fy, oids)
    tids = [c.id for c in coops]
    n = len(tids)
    s1, s2 = _steps(fy, 1), _steps(fy, 2)
    rows: list[StepRow] = []

    def row(course, number, steps) -> StepRow:
        step = steps.get(number)
        r = StepRow(course, number, step.name_th if step else "", step.name_en if step else "",
                    step.starts if step else None, step.ends if step else None)
        rows.append(r)
        return r

    def cell(r: StepRow, key, label, done, total, **kw) -> None:
        r.cells.append(rules.Cell(key, label, done, total, rules.cell_status(done, total, r.starts, r.ends, today),
                                  **kw))

    # Course 1 step 1: the workshop at the bureau.
    r = row(1, 1, s1)
    recorded = 1 if year is not None and (year.workshop_recorded_at or year.workshop_starts) else 0
    cell(r, "workshop", ("บันทึกผลการประชุมเชิงปฏิบัติการ", "Workshop recorded"), recorded, 1)

    # Step 2: a meeting with each office, the lists submitted by the deadline, boards informed.
    r = row(1, 2, s1)
    met = set()
    lists = {}
    if year is not None:
        met = {m.office_id for m in ProvinceMeeting.select(ProvinceMeeting.office)
               .where((ProvinceMeeting.year == year.id) & (ProvinceMeeting.office.in_(oids or [0])))}
        lists = {t.office_id: t for t in TargetList.select()
                 .where((TargetList.year == year.id) & (TargetList.office.in_(oids or [0])))}
    cell(r, "meetings", ("ประชุมชี้แจงกับสำนักงาน", "Meetings with offices"), len(met), len(oids))
    deadline = year.selection_deadline if year else None
    statuses = [rules.deadline_status(lists[o].submitted_at.date() if o in lists and lists[o].submitted_at else None,
                                      deadline, today) for o in oids]
    submitted = sum(1 for o in oids if o in lists and lists[o].submitted_at)
    status = (rules.LATE if rules.LATE in statuses and submitted < len(oids) and deadline and today > deadline
              else rules.cell_status(submitted, len(oids), r.starts, deadline or r.ends, today))
    r.cells.append(rules.Cell("lists", ("ส่งรายชื่อสหกรณ์เป้าหมาย", "Target lists submitted"), submitted, len(oids),
                              status, late_count=sum(1 for o in oids if o in lists and lists[o].submitted_at
                                                     and deadline and lists[o].submitted_at.date() > deadline)))
    informed = (TargetProposal.targets(fy).where(TargetList.office.in_(oids or [0])
                                                 & TargetProposal.board_meeting_on.is_null(False)).count())
    cell(r, "boards", ("แจ้งที่ประชุมคณะกรรมการสหกรณ์", "Boards informed"), informed, n)

    # Step 3: an analysis of each target.
    r = row(1, 3, s1)
    analysed = 0
    if year is not None:
        analysed = CooperativeAnalysis.select().where((CooperativeAnalysis.year == year.id)
                                                      & (CooperativeAnalysis.cooperative.in_(tids or [0]))).count()
    cell(r, "analyses", ("วิเคราะห์สหกรณ์เป้าหมาย", "Targets analysed"), analysed, n)

    # Step 4: each target trained in a closed course-1 cohort.
    r = row(1, 4, s1)
    closed1 = _cohort_coops(fy, 1, centre_id, closed=True) & set(tids)
    cell(r, "cohorts", ("อบรมเสร็จ (ปิดรุ่นแล้ว)", "Trained (cohort closed)"), len(closed1), n)

    # Step 5: plans adopted, monthly progress, visits, monthly summaries.
    r = row(1, 5, s1)
    plans = list(DevelopmentPlan.select().where((DevelopmentPlan.fiscal_year == fy)
                                                & (DevelopmentPlan.cooperative.in_(tids or [0]))))
    adopted = [p for p in plans if p.adopted_on]
    cell(r, "plans", ("แผนพัฒนาผ่านที่ประชุมคณะกรรมการ", "Plans adopted by the board"), len(adopted), n)
    activities = list(PlanActivity.select(PlanActivity, PlanProject).join(PlanProject)
                      .where(PlanProject.plan.in_([p.id for p in adopted] or [0])))
    plan_coop = {p.id: p.cooperative_id for p in adopted}
    latest = latest_progress([a.id for a in activities])
    coop_by_id = {c.id: c for c in coops}
    behind, begun = [], []
    for a in activities:
        if a.starts > today:
            continue
        begun.append(a)
        last = latest.get(a.id)
        if rules.is_behind(a.starts, a.ends, last.status if last else None, last.month if last else None, today):
            behind.append((a, coop_by_id[plan_coop[a.project.plan_id]], last))
    r.cells.append(rules.Cell(
        "progress", ("กิจกรรมรายงานผลตามแผน (ไม่ล่าช้า)", "Activities reported on schedule (not behind)"),
        len(begun) - len(behind), len(begun),
        rules.LATE if behind else rules.cell_status(len(begun), len(begun), r.starts, r.ends, today)))
    visited = {v.cooperative_id for v in MonitoringVisit.select(MonitoringVisit.cooperative)
               .where(MonitoringVisit.cooperative.in_(tids or [0])
                      & (MonitoringVisit.visited_on >= (r.starts or dt.date.min)))}
    cell(r, "visits", ("เยี่ยมติดตามสหกรณ์เป้าหมาย", "Targets visited"), len(visited), n)
    expected_months = []
    if r.starts and today > r.starts:
        expected_months = _months(r.starts, min(rules.previous_month(today), r.ends or today))
        expected_months = [m for m in expected_months if m >= rules.month_start(r.starts)]
    summaries = 0
    if expected_months:
        summaries = MonthlySummary.select().where(MonthlySummary.office.in_(oids or [0])
                                                  & MonthlySummary.month.in_(expected_months)).count()
    cell(r, "summaries", ("สรุปผลรายเดือนของสำนักงาน", "Offices' monthly summaries"), summaries,
         len(expected_months) * len(oids))

    # Course 2: the same targets, once course 1 is closed and the plan adopted.
    r = row(2, 1, s2)
    ready = closed1 & {p.cooperative_id for p in adopted}
    cell(r, "ready", ("พร้อมเข้าหลักสูตรที่ 2 (ปิดรุ่นและแผนผ่านแล้ว)", "Ready for course 2 (closed, plan adopted)"),
         len(ready), n)
    r = row(2, 2, s2)
    closed2 = _cohort_coops(fy, 2, centre_id, closed=True) & set(tids)
    cell(r, "cohorts", ("อบรมเสร็จ (ปิดรุ่นแล้ว)", "Trained (cohort closed)"), len(closed2), n)
    participation = ParticipationPlan.select().where((ParticipationPlan.fiscal_year == fy)
                                                     & ParticipationPlan.cooperative.in_(tids or [0])).count()
    cell(r, "participation", ("แผนการมีส่วนร่วมระดับกลุ่ม", "Group participation plans"), participation, n)
    r = row(2, 3, s2)
    visited2 = {v.cooperative_id for v in MonitoringVisit.select(MonitoringVisit.cooperative)
                .where(MonitoringVisit.cooperative.in_(tids or [0])
                       & (MonitoringVisit.visited_on >= (r.starts or dt.date.max)))} if r.starts else set()
    cell(r, "visits", ("เยี่ยมติดตามสหกรณ์เป้าหมาย", "Targets visited"), len(visited2), n)

    recent = []
    by_activity = {a.id: a for a in activities}
    for p in (ActivityProgress.select().where(ActivityProgress.activity.in_(list(by_activity) or [0]))
              .order_by(ActivityProgress.recorded_at.desc()).limit(10)):
        a = by_activity[p.activity_id]
        recent.append((p, a, coop_by_id[plan_coop[a.project.plan_id]]))
    behind.sort(key=lambda t: (thai_sort_key(t[1].name), t[0].starts))
    return Board(fy, offices, coops, rows, behind, recent)


# --- to-do list ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Todo:
    text: tuple[str, str]  # Thai, English with %(…)s placeholders
    args: dict
    endpoint: str
    values: dict
    due: dt.date | None = None
    late: bool = False


def _office_targets(fy: int, office_id: int):
    return list(TargetProposal.targets(fy).where(TargetList.office == office_id))


def todos(user: User, fy: int, today: dt.date) -> list[Todo]:
    """What the signed-in user's role must do next in the year, from the data."""
    year = ProgrammeYear.of(fy)
    out: list[Todo] = []
    if year is None:
        if user.role == "bureau_admin":
            out.append(Todo(("ตั้งค่าปีงบประมาณ %(fy)s", "Set up fiscal year %(fy)s"), {"fy": fy}, "planning.index", {}))
        return out
    role = user.role
    s1 = _steps(fy, 1)
    step5 = s1.get(5)
    followup_open = step5 is not None and step5.starts is not None and step5.starts <= today and (
        step5.ends is None or today <= step5.ends)
    if role in ("provincial_officer", "provincial_head") and user.office_id:
        office_id = user.office_id
        tlist = TargetList.get_or_none((TargetList.year == year.id) & (TargetList.office == office_id))
        deadline = year.selection_deadline
        if tlist is None or tlist.submitted_at is None:
            active = 0 if tlist is None else tlist.proposals.where(TargetProposal.status == "active").count()
            quota = year.quota_for(office_id)
            if role == "provincial_officer" and active < quota:
                out.append(Todo(("เสนอสหกรณ์เป้าหมาย (เสนอแล้ว %(done)s จาก %(quota)s แห่ง)",
                                 "Propose target cooperatives (%(done)s of %(quota)s proposed)"),
                                {"done": active, "quota": quota}, "targets.office", {"fy": fy, "id": office_id},
                                due=deadline, late=bool(deadline and today > deadline)))
        proposals = _office_targets(fy, office_id)
        for p in proposals:
            if p.board_meeting_on is None and role == "provincial_officer":
                out.append(Todo(("บันทึกการแจ้งที่ประชุมคณะกรรมการ: %(coop)s", "Record the board informed: %(coop)s"),
                                {"coop": p.cooperative.name}, "targets.board", {"id": p.id}))
        if followup_open and role == "provincial_officer":
            month = rules.month_start(today)
            visited = {v.cooperative_id for v in MonitoringVisit.select(MonitoringVisit.cooperative)
                       .where((MonitoringVisit.office == office_id) & (MonitoringVisit.visited_on >= month))}
            for p in proposals:
                if p.cooperative_id not in visited:
                    out.append(Todo(("เยี่ยมติดตามและบันทึกผล: %(coop)s (เดือนนี้)",
                                     "Visit and record: %(coop)s (this month)"),
                                    {"coop": p.cooperative.name}, "followup.visits", {"id": office_id}))
            last = rules.previous_month(today)
            if last >= rules.month_start(step5.starts) and not MonthlySummary.select().where(
                    (MonthlySummary.office == office_id) & (MonthlySummary.month == last)).exists():
                out.append(Todo(("เขียนสรุปผลรายเดือน %(month)s ถึงสหกรณ์จังหวัด",
                                 "Write the monthly summary of %(month)s to the provincial cooperative officer"),
                                {"month": last}, "followup.summary",
                                {"id": office_id, "month": f"{last.year:04d}-{last.month:02d}"}, late=True))
        return out
    if role in ("centre_director", "centre_staff") and user.centre_id:
        centre_id = user.centre_id
        offices = centre_offices(centre_id, None)
        oids = [o.id for o in offices]
        if role == "centre_director":
            lists = (TargetList.select().where((TargetList.year == year.id) & TargetList.office.in_(oids or [0])
                                               & TargetList.submitted_at.is_null()))
            waiting = [t for t in lists if t.proposals.where(TargetProposal.status == "active").exists()]
            if waiting:
                out.append(Todo(("ส่งรายชื่อสหกรณ์เป้าหมายถึงสำนักพัฒนาฯ (%(count)s สำนักงานรอส่ง)",
                                 "Submit the target lists to the bureau (%(count)s offices waiting)"),
                                {"count": len(waiting)}, "targets.centre", {"fy": fy, "id": centre_id},
                                due=year.selection_deadline,
                                late=bool(year.selection_deadline and today > year.selection_deadline)))
            return out
        met = {m.office_id for m in ProvinceMeeting.select(ProvinceMeeting.office)
               .where((ProvinceMeeting.year == year.id) & ProvinceMeeting.office.in_(oids or [0]))}
        step2 = s1.get(2)
        if step2 is None or step2.starts is None or step2.starts <= today:
            for o in offices:
                if o.id not in met:
                    out.append(Todo(("บันทึกการประชุมชี้แจงกับ %(office)s", "Record the meeting with %(office)s"),
                                    {"office": o.name_th}, "meetings.centre", {"id": centre_id},
                                    late=bool(step2 and step2.ends and today > step2.ends)))
        coops = targets(fy, oids)
        analysed = {a.cooperative_id for a in CooperativeAnalysis.select(CooperativeAnalysis.cooperative)
                    .where(CooperativeAnalysis.year == year.id)}
        for c in coops:
            if c.id not in analysed:
                out.append(Todo(("บันทึกการวิเคราะห์สหกรณ์: %(coop)s", "Record the analysis of %(coop)s"),
                                {"coop": c.name}, "analysis.centre", {"id": centre_id}))
        cohorts = (Cohort.select(Cohort, Course).join(Course)
                   .where((Cohort.centre == centre_id) & (Course.fiscal_year == fy)).order_by(Cohort.starts))
        for ch in cohorts:
            args = {"course": ch.course.number, "number": ch.number}
            if ch.status == "training" and ch.ends <= today:
                out.append(Todo(("เปิดแบบทดสอบหลังอบรม: หลักสูตรที่ %(course)s รุ่นที่ %(number)s",
                                 "Open the post-test: course %(course)s cohort %(number)s"),
                                args, "cohorts.cohort", {"cohort_id": ch.id}))
            elif ch.status == "posttest" and ch.ends < today:
                out.append(Todo(("ปิดรุ่น: หลักสูตรที่ %(course)s รุ่นที่ %(number)s",
                                 "Close the cohort: course %(course)s cohort %(number)s"),
                                args, "cohorts.cohort", {"cohort_id": ch.id}))
        closed1 = _cohort_coops(fy, 1, centre_id, closed=True)
        plans = {p.cooperative_id: p for p in DevelopmentPlan.select().where(DevelopmentPlan.fiscal_year == fy)}
        for c in coops:
            if c.id in closed1 and c.id not in plans:
                out.append(Todo(("บันทึกแผนพัฒนาสหกรณ์: %(coop)s", "Record the development plan of %(coop)s"),
                                {"coop": c.name}, "plans.cooperative", {"coop_id": c.id}))
            elif c.id in plans and plans[c.id].adopted_on is None:
                out.append(Todo(("บันทึกการอนุมัติแผนโดยคณะกรรมการ: %(coop)s",
                                 "Record the board's adoption of the plan: %(coop)s"),
                                {"coop": c.name}, "plans.cooperative", {"coop_id": c.id}))
        behind = board(centre_id, fy, today).behind
        if behind:
            out.append(Todo(("ติดตามกิจกรรมที่ล่าช้า %(count)s กิจกรรม", "Follow up %(count)s activities behind schedule"),
                            {"count": len(behind)}, "pdca.centre", {"id": centre_id, "_anchor": "behind"},
                            late=True))
        return out
    if role == "bureau_admin":
        pending = (ChangeRequest.select().join(TargetList)
                   .where((TargetList.year == year.id) & (ChangeRequest.status == "pending")).count())
        if pending:
            out.append(Todo(("พิจารณาคำขอเปลี่ยนแปลงสหกรณ์เป้าหมาย %(count)s รายการ",
                             "Decide %(count)s change requests"), {"count": pending}, "targets.changes", {"fy": fy}))
        if ProgrammeYear.of(fy + 1) is None:
            out.append(Todo(("ตั้งค่าปีงบประมาณถัดไป (%(fy)s)", "Set up next fiscal year (%(fy)s)"), {"fy": fy + 1},
                            "planning.index", {}))
    return out


# --- suggestions for next year --------------------------------------------------------------------


@dataclass(frozen=True)
class SuggestionRow:
    source: str
    course: int | None
    text: str
    where: str  # the cooperative, or "" for a cohort's (anonymous) satisfaction answer; never a person
    on: dt.date | None
    cohort_no: int | None = None  # the cohort (รุ่นที่) of a satisfaction answer


SATISFACTION_FIELDS = ("suggestions_next_year", "improve")


def _answers(response: Response) -> dict:
    try:
        data = json.loads(response.answers or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def suggestions(centre_id: int, fy: int, course: int | None = None, source: str | None = None) -> list[SuggestionRow]:
    """One list from every source for the centre and year (course None: both; source None: all)."""
    out: list[SuggestionRow] = []
    seen_responses = set()
    seen_visits = set()
    stored = (Suggestion.select().where((Suggestion.centre == centre_id) & (Suggestion.fiscal_year == fy))
              .order_by(Suggestion.created_at))
    for s in stored:
        seen_responses.add(s.response_id)
        seen_visits.add(s.visit_id)
        where = s.cooperative.name if s.cooperative_id else ""
        out.append(SuggestionRow(s.source, s.course, s.text, where, s.created_at.date() if s.created_at else None))
    # Satisfaction forms: anonymous — the cohort only.
    sat = (Response.select(Response, Cohort, Course, Instrument).join(Instrument).switch(Response)
           .join(Cohort).join(Course)
           .where((Instrument.code.in_(["c1_satisfaction", "c2_satisfaction"])) & (Cohort.centre == centre_id)
                  & (Course.fiscal_year == fy) & (Response.state == "submitted")))
    for resp in sat:
        if resp.id in seen_responses:
            continue
        answers = _answers(resp)
        for key in SATISFACTION_FIELDS:
            text = normalize_text(str(answers.get(key) or "")).strip()
            if text:
                out.append(SuggestionRow("satisfaction", resp.cohort.course.number, text, "",
                                         resp.submitted_at.date() if resp.submitted_at else None, resp.cohort.number))
    offices = [o.id for o in centre_offices(centre_id, None)]
    follow = (Response.select(Response, Instrument, Cooperative).join(Instrument).switch(Response)
              .join(Cooperative).where((Instrument.code == "c1_followup") & (Response.state == "submitted")
                                       & Cooperative.office.in_(offices or [0])))
    for resp in follow:
        if resp.id in seen_responses or fiscal_year(resp.submitted_at.date()) != fy:
            continue
        text = normalize_text(str(_answers(resp).get("remarks") or "")).strip()
        if text:
            out.append(SuggestionRow("followup", 1, text, resp.cooperative.name, resp.submitted_at.date()))
    visits = (MonitoringVisit.select(MonitoringVisit, Cooperative).join(Cooperative)
              .where(MonitoringVisit.office.in_(offices or [0])))
    for v in visits:
        if v.id in seen_visits or fiscal_year(v.visited_on) != fy:
            continue
        text = normalize_text(v.findings or "").strip()
        if text:
            out.append(SuggestionRow("visit", None, text, v.cooperative.name, v.visited_on))
    if course is not None:
        out = [s for s in out if s.course in (course, None)]
    if source:
        out = [s for s in out if s.source == source]
    order = list(rules.SOURCES)
    out.sort(key=lambda s: (order.index(s.source) if s.source in order else 9, s.on or dt.date.min))
    return out


def check_suggestion(text: str, course: int | None) -> tuple[str, int | None]:
    """A staff suggestion: its text (NFC, 1..2000 characters) and course (1, 2 or none); ValueError otherwise."""
    cleaned = normalize_text(text or "").strip()
    if not cleaned:
        raise ValueError("กรุณากรอกข้อเสนอแนะ")
    if len(cleaned) > MAX_SUGGESTION:
        raise ValueError("ข้อเสนอแนะยาวเกิน 2,000 ตัวอักษร")
    if course not in (None, 1, 2):
        raise ValueError("กรุณาเลือกหลักสูตร")
    return cleaned, course


def add_suggestion(centre_id: int, fy: int, text: str, course: int | None, user: User | None) -> Suggestion:
    cleaned, course = check_suggestion(text, course)
    with write_transaction():
        return Suggestion.create(fiscal_year=fy, course=course, centre=centre_id, source="staff", text=cleaned,
                                 created_by=user)
