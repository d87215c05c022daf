"""Development plans in the database: who reads and writes which, the plan with its projects and
activities, the business projection of a loss-making cooperative, the board's adoption, the list
of a centre's plans per fiscal year (with plans carried forward) and course 2's gate.

Every write runs in one ``write_transaction()`` after the rules of ``portal.domain.plans`` pass; a
refusal is a PlanRuleError (nothing is written then).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import peewee as pw

from portal import clock
from portal.db import write_transaction
from portal.domain import plans as rules
from portal.domain.eligibility import BilingualMessage
from portal.domain.plans import PlanRuleError, Readiness
from portal.domain.thaidates import fiscal_year as fiscal_year_of
from portal.domain.thaitext import normalize_text, sorted_thai, thai_sort_key
from portal.models import (
    BusinessLine,
    Cohort,
    CohortCooperative,
    Cooperative,
    Course,
    Office,
    Province,
    TargetProposal,
    Trainee,
    User,
    YearlyRecord,
)
from portal.models.plans import (
    BusinessProjection,
    DevelopmentPlan,
    ParticipationActivity,
    ParticipationGroup,
    ParticipationPlan,
    PlanActivity,
    PlanProject,
)
from portal.scope import NotInScope, Scope

EDITOR_ROLES = ("centre_staff", "centre_director", "bureau_admin")


def _msg(th: str, en: str, field_name: str | None = None) -> BilingualMessage:
    return BilingualMessage(th, en, field_name)


# --- who reads and writes ----------------------------------------------------------------------------


def cooperative(scope: Scope, coop_id) -> Cooperative:
    """A cooperative the scope may read (bureau, its centre, its office), or NotInScope."""
    query = (Cooperative.select(Cooperative, Office, Province).join(Office).join(Province)
             .where(scope._within(Cooperative.office, scope.office_ids)))
    return scope.get(query, coop_id)


def scoped_plans(scope: Scope):
    return (DevelopmentPlan.select(DevelopmentPlan, Cooperative, Office, Province)
            .join(Cooperative).join(Office).join(Province)
            .where(scope._within(Cooperative.office, scope.office_ids)))


def get_plan(scope: Scope, plan_id) -> DevelopmentPlan:
    return scope.get(scoped_plans(scope), plan_id)


def get_project(scope: Scope, project_id) -> PlanProject:
    project = PlanProject.get_or_none(PlanProject.id == _int(project_id))
    if project is None:
        raise NotInScope(project_id)
    get_plan(scope, project.plan_id)
    return project


def get_activity(scope: Scope, activity_id) -> PlanActivity:
    activity = PlanActivity.get_or_none(PlanActivity.id == _int(activity_id))
    if activity is None:
        raise NotInScope(activity_id)
    get_project(scope, activity.project_id)
    return activity


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def may_write(user: User | None, scope: Scope, coop: Cooperative) -> bool:
    """Centre staff and the director of the cooperative's centre, and the bureau administrator."""
    return user is not None and user.role in EDITOR_ROLES and (
        scope.is_national or (scope.level == "centre" and scope.sees_office(coop.office_id)))


# --- reading ---------------------------------------------------------------------------------------------


def latest_record(coop: Cooperative) -> YearlyRecord | None:
    return (YearlyRecord.select().where(YearlyRecord.cooperative == coop.id)
            .order_by(YearlyRecord.accounting_year.desc()).first())


def loss_making(coop: Cooperative) -> bool:
    """Latest yearly record with an accumulated loss."""
    record = latest_record(coop)
    return bool(record and record.accumulated_profit_loss is not None and record.accumulated_profit_loss < 0)


def plans_of(coop: Cooperative) -> list[DevelopmentPlan]:
    return list(DevelopmentPlan.select().where(DevelopmentPlan.cooperative == coop.id)
                .order_by(DevelopmentPlan.fiscal_year.desc()))


def projects_of(plan: DevelopmentPlan) -> list[PlanProject]:
    """Projects in order, each with ``.ordered`` activities."""
    projects = list(PlanProject.select().where(PlanProject.plan == plan.id)
                    .order_by(PlanProject.sort_order, PlanProject.id))
    acts: dict[int, list[PlanActivity]] = defaultdict(list)
    if projects:
        for a in (PlanActivity.select().where(PlanActivity.project.in_([p.id for p in projects]))
                  .order_by(PlanActivity.sort_order, PlanActivity.id)):
            acts[a.project_id].append(a)
    for p in projects:
        p.ordered = acts.get(p.id, [])
    return projects


@dataclass
class PlanRow:
    plan: DevelopmentPlan
    carried_from: int | None  # the year written, when carried forward into the year shown
    projects: int
    activities: int


def fiscal_years() -> list[int]:
    years = {fy for (fy,) in Course.select(Course.fiscal_year).distinct().tuples()}
    years |= {fy for (fy,) in DevelopmentPlan.select(DevelopmentPlan.fiscal_year).distinct().tuples()}
    return sorted(years, reverse=True)


def plan_rows(scope: Scope, fy: int, centre_id: int | None = None) -> list[PlanRow]:
    """Plans written in ``fy`` and earlier plans with activities still running in ``fy``, in Thai order."""
    query = scoped_plans(scope).where(DevelopmentPlan.fiscal_year <= fy)
    if centre_id:
        query = query.where(Province.centre == centre_id)
    plans = list(query)
    ids = [p.id for p in plans]
    acts: dict[int, list[PlanActivity]] = defaultdict(list)
    projects: dict[int, int] = defaultdict(int)
    if ids:
        for project_id, plan_id in PlanProject.select(PlanProject.id, PlanProject.plan).where(
                PlanProject.plan.in_(ids)).tuples():
            projects[plan_id] += 1
        for a in PlanActivity.select(PlanActivity, PlanProject).join(PlanProject).where(PlanProject.plan.in_(ids)):
            acts[a.project.plan_id].append(a)
    rows = []
    for p in plans:
        if p.fiscal_year == fy:
            rows.append(PlanRow(p, None, projects[p.id], len(acts[p.id])))
        elif any(rules.runs_in_fiscal_year(a.starts, a.ends, fy) for a in acts[p.id]):
            rows.append(PlanRow(p, p.fiscal_year, projects[p.id], len(acts[p.id])))
    return sorted(rows, key=lambda r: (thai_sort_key(r.plan.cooperative.office.province.name_th),
                                       thai_sort_key(r.plan.cooperative.name), -r.plan.fiscal_year))


def targets_without_plan(scope: Scope, fy: int, centre_id: int | None = None) -> list[Cooperative]:
    """Target cooperatives of ``fy`` in scope with no plan written in ``fy``."""
    query = (TargetProposal.targets(fy).switch(TargetProposal).join(Cooperative).join(Office).join(Province)
             .where(scope._within(Cooperative.office, scope.office_ids)))
    if centre_id:
        query = query.where(Province.centre == centre_id)
    ids = {p.cooperative_id for p in query}
    have = {c for (c,) in DevelopmentPlan.select(DevelopmentPlan.cooperative)
            .where((DevelopmentPlan.fiscal_year == fy) & DevelopmentPlan.cooperative.in_(sorted(ids) or [0])).tuples()}
    coops = Cooperative.select(Cooperative, Office, Province).join(Office).join(Province).where(
        Cooperative.id.in_(sorted(ids - have) or [0]))
    return sorted_thai(list(coops), key=lambda c: f"{c.office.province.name_th} {c.name}")


# --- the plan ----------------------------------------------------------------------------------------------


@dataclass
class PlanInput:
    title: str
    horizon: str
    starts: str
    ends: str
    fiscal_year: int | None = None


def _check_plan(coop: Cooperative, data: PlanInput, plan: DevelopmentPlan | None
                ) -> tuple[list[BilingualMessage], dict]:
    problems: list[BilingualMessage] = []
    title = normalize_text(data.title)
    if not title:
        problems.append(_msg("กรุณากรอกชื่อแผน", "Enter the plan's title", "title"))
    elif len(title) > 255:
        problems.append(_msg("ชื่อแผนยาวเกิน 255 ตัวอักษร", "The title is longer than 255 characters", "title"))
    try:
        horizon = int(data.horizon)
    except (TypeError, ValueError):
        horizon = None
    starts = rules.month_or_problem(data.starts, "starts", "เดือนแรกของแผน", "plan's first month", problems)
    ends = rules.month_or_problem(data.ends, "ends", "เดือนสุดท้ายของแผน", "plan's last month", problems)
    problems += rules.check_plan_months(starts, ends, horizon, loss_making(coop))
    if plan is not None and starts and ends and not problems:
        outside = [a for p in projects_of(plan) for a in p.ordered if a.starts < starts or a.ends > ends]
        if outside:
            names = ", ".join(a.name for a in outside[:3])
            problems.append(_msg(f"มีกิจกรรมอยู่นอกช่วงเดือนใหม่ของแผน: {names} — แก้เดือนของกิจกรรมก่อน",
                                 f"Some activities fall outside the new months: {names} — change them first", "starts"))
    fy = data.fiscal_year if plan is None else plan.fiscal_year
    if plan is None and fy is not None and DevelopmentPlan.select().where(
            (DevelopmentPlan.cooperative == coop.id) & (DevelopmentPlan.fiscal_year == fy)).exists():
        problems.append(_msg(f"สหกรณ์นี้มีแผนของปีงบประมาณ {fy} แล้ว — แก้ไขแผนเดิม",
                             f"This cooperative already has a plan for fiscal year {fy} — edit that plan",
                             "fiscal_year"))
    return problems, {"title": title, "horizon_years": horizon, "starts": starts, "ends": ends}


def create_plan(coop: Cooperative, data: PlanInput, user: User | None) -> DevelopmentPlan:
    if data.fiscal_year is None:
        data.fiscal_year = fiscal_year_of(clock.today())
    problems, values = _check_plan(coop, data, None)
    if problems:
        raise PlanRuleError(problems)
    cohort = (Cohort.select().join(CohortCooperative).switch(Cohort).join(Course)
              .where((CohortCooperative.cooperative == coop.id) & (Course.number == 1)
                     & (Course.fiscal_year == data.fiscal_year)).order_by(Cohort.starts.desc()).first())
    now = clock.naive_now()
    try:
        with write_transaction():
            return DevelopmentPlan.create(cooperative=coop.id, fiscal_year=data.fiscal_year,
                                          cohort=cohort.id if cohort else None, created_by=user.id if user else None,
                                          created_at=now, updated_at=now, **values)
    except pw.IntegrityError:
        raise PlanRuleError([_msg("สหกรณ์นี้มีแผนของปีนี้แล้ว", "This cooperative already has a plan for this year",
                                  "fiscal_year")]) from None


def update_plan(plan: DevelopmentPlan, data: PlanInput) -> DevelopmentPlan:
    problems, values = _check_plan(plan.cooperative, data, plan)
    if problems:
        raise PlanRuleError(problems)
    with write_transaction():
        for key, value in values.items():
            setattr(plan, key, value)
        plan.updated_at = clock.naive_now()
        plan.save()
        # Projection rows beyond a shortened horizon go.
        BusinessProjection.delete().where((BusinessProjection.plan == plan.id)
                                          & (BusinessProjection.year.not_in(projection_years(plan)))).execute()
    return plan


def delete_plan(plan: DevelopmentPlan) -> None:
    with write_transaction():
        plan.delete_instance(recursive=True)


def _touch(plan_id: int) -> None:
    DevelopmentPlan.update(updated_at=clock.naive_now()).where(DevelopmentPlan.id == plan_id).execute()


# --- projects and activities -------------------------------------------------------------------------------


@dataclass
class ProjectInput:
    name: str
    objective: str = ""
    kpi: str = ""
    target: str = ""


def _project_values(data: ProjectInput) -> dict:
    name = normalize_text(data.name)
    if not name:
        raise PlanRuleError([_msg("กรุณากรอกชื่อโครงการ", "Enter the project's name", "name")])
    return {"name": name, "objective": normalize_text(data.objective), "kpi": normalize_text(data.kpi),
            "target": normalize_text(data.target)}


def add_project(plan: DevelopmentPlan, data: ProjectInput) -> PlanProject:
    values = _project_values(data)
    with write_transaction():
        last = PlanProject.select(pw.fn.MAX(PlanProject.sort_order)).where(PlanProject.plan == plan.id).scalar() or 0
        _touch(plan.id)
        return PlanProject.create(plan=plan.id, sort_order=last + 1, **values)


def update_project(project: PlanProject, data: ProjectInput) -> None:
    values = _project_values(data)
    with write_transaction():
        PlanProject.update(**values).where(PlanProject.id == project.id).execute()
        _touch(project.plan_id)


def delete_project(project: PlanProject) -> None:
    with write_transaction():
        project.delete_instance(recursive=True)
        _touch(project.plan_id)


def _move(rows: list, target_id: int, direction: str) -> bool:
    index = next((i for i, r in enumerate(rows) if r.id == target_id), None)
    if index is None:
        return False
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(rows):
        return False
    rows[index], rows[other] = rows[other], rows[index]
    with write_transaction():
        for order, row in enumerate(rows, start=1):
            type(row).update(sort_order=order).where(type(row).id == row.id).execute()
    return True


def move_project(project: PlanProject, direction: str) -> bool:
    rows = list(PlanProject.select().where(PlanProject.plan == project.plan_id)
                .order_by(PlanProject.sort_order, PlanProject.id))
    return _move(rows, project.id, direction)


@dataclass
class ActivityInput:
    name: str
    owner_name: str
    owner_position: str
    starts: str
    ends: str
    kpi: str = ""
    target: str = ""


def _activity_values(plan: DevelopmentPlan, data: ActivityInput) -> dict:
    problems: list[BilingualMessage] = []
    name, owner = normalize_text(data.name), normalize_text(data.owner_name)
    if not name:
        problems.append(_msg("กรุณากรอกชื่อกิจกรรม", "Enter the activity's name", "name"))
    if not owner:
        problems.append(_msg("กรุณากรอกชื่อผู้รับผิดชอบกิจกรรม", "Enter the activity owner's name", "owner_name"))
    elif len(owner) > 255:
        problems.append(_msg("ชื่อผู้รับผิดชอบยาวเกิน 255 ตัวอักษร", "The owner's name is longer than 255 characters",
                             "owner_name"))
    starts = rules.month_or_problem(data.starts, "starts", "เดือนเริ่ม", "start month", problems)
    ends = rules.month_or_problem(data.ends, "ends", "เดือนสิ้นสุด", "end month", problems)
    problems += rules.check_activity_months(starts, ends, plan.starts, plan.ends)
    if problems:
        raise PlanRuleError(problems)
    return {"name": name, "owner_name": owner, "owner_position": normalize_text(data.owner_position)[:255],
            "starts": starts, "ends": ends, "kpi": normalize_text(data.kpi), "target": normalize_text(data.target)}


def add_activity(project: PlanProject, data: ActivityInput) -> PlanActivity:
    values = _activity_values(project.plan, data)
    with write_transaction():
        last = (PlanActivity.select(pw.fn.MAX(PlanActivity.sort_order))
                .where(PlanActivity.project == project.id).scalar() or 0)
        _touch(project.plan_id)
        return PlanActivity.create(project=project.id, sort_order=last + 1, **values)


def update_activity(activity: PlanActivity, data: ActivityInput) -> None:
    values = _activity_values(activity.project.plan, data)
    with write_transaction():
        PlanActivity.update(**values).where(PlanActivity.id == activity.id).execute()
        _touch(activity.project.plan_id)


def delete_activity(activity: PlanActivity) -> None:
    plan_id = activity.project.plan_id
    with write_transaction():
        activity.delete_instance(recursive=True)
        _touch(plan_id)


def move_activity(activity: PlanActivity, direction: str) -> bool:
    rows = list(PlanActivity.select().where(PlanActivity.project == activity.project_id)
                .order_by(PlanActivity.sort_order, PlanActivity.id))
    return _move(rows, activity.id, direction)


# --- business projection ------------------------------------------------------------------------------------


def projection_years(plan: DevelopmentPlan) -> list[int]:
    """The Buddhist-Era fiscal years of the horizon, from the plan's first month."""
    first = fiscal_year_of(plan.starts)
    return [first + i for i in range(plan.horizon_years or 1)]


def business_lines() -> list[BusinessLine]:
    return list(BusinessLine.select().order_by(BusinessLine.sort_order))


@dataclass
class Projection:
    years: list[int]
    lines: list[BusinessLine]
    cells: dict[tuple[int, int], BusinessProjection]
    totals: list[rules.YearTotal]
    break_even: int | None
    recorded: bool = field(default=False)


def projection_of(plan: DevelopmentPlan) -> Projection:
    years = projection_years(plan)
    rows = list(BusinessProjection.select().where(BusinessProjection.plan == plan.id))
    cells = {(r.year, r.business_line_id): r for r in rows}
    totals = rules.year_totals(((r.year, r.income, r.expenses, r.members) for r in rows), years)
    return Projection(years, business_lines(), cells, totals, rules.break_even_year(totals) if rows else None,
                      bool(rows))


def save_projection(plan: DevelopmentPlan, form: dict[str, str]) -> Projection:
    """Form keys ``income-<year>-<line>``, ``expenses-…``, ``members-…``; blank cells delete their row."""
    if plan.horizon_years not in rules.LOSS_HORIZONS:
        raise PlanRuleError([_msg("ประมาณการธุรกิจใช้กับแผน 3 หรือ 5 ปีของสหกรณ์ที่ขาดทุนสะสม",
                                  "The business projection belongs to the 3- or 5-year plan of a loss-making "
                                  "cooperative", None)])
    problems: list[BilingualMessage] = []
    values: dict[tuple[int, int], tuple | None] = {}
    for year in projection_years(plan):
        for line in business_lines():
            key = f"{year}-{line.id}"
            cell_problems, value = rules.check_projection_cell(
                f"ปี {year} {line.name_th}", f"{year} {line.name_en}", f"cell-{key}",
                form.get(f"income-{key}", ""), form.get(f"expenses-{key}", ""), form.get(f"members-{key}", ""))
            problems += cell_problems
            values[(year, line.id)] = value
    if problems:
        raise PlanRuleError(problems)
    with write_transaction():
        BusinessProjection.delete().where(BusinessProjection.plan == plan.id).execute()
        for (year, line_id), value in values.items():
            if value is not None:
                BusinessProjection.create(plan=plan.id, year=year, business_line=line_id, income=value[0],
                                          expenses=value[1], members=value[2])
        _touch(plan.id)
    return projection_of(plan)


# --- board adoption ------------------------------------------------------------------------------------------


def record_adoption(plan: DevelopmentPlan, meeting_no: str, adopted_on_text: str, user: User | None) -> None:
    from portal.domain.thaidates import parse_be_date

    problems: list[BilingualMessage] = []
    adopted_on = None
    if not (adopted_on_text or "").strip():
        problems.append(_msg("กรุณากรอกวันที่ประชุม (วว/ดด/ปปปป พ.ศ.)", "Enter the meeting date (DD/MM/YYYY, Buddhist Era)",
                             "adopted_on"))
    else:
        try:
            adopted_on = parse_be_date(adopted_on_text)
        except ValueError:
            problems.append(_msg(f"วันที่ไม่ถูกต้อง: \"{adopted_on_text.strip()}\" — ใช้รูปแบบ วว/ดด/ปปปป พ.ศ. เช่น 20/03/2566",
                                 f"Invalid date: \"{adopted_on_text.strip()}\" — use DD/MM/YYYY in the Buddhist Era, "
                                 f"e.g. 20/03/2566", "adopted_on"))
    problems += rules.check_adoption(meeting_no, adopted_on, plan.starts, clock.today())
    if problems:
        raise PlanRuleError(problems)
    with write_transaction():
        DevelopmentPlan.update(adopted_meeting_no=rules.normal_meeting_no(meeting_no), adopted_on=adopted_on,
                               adoption_recorded_by=user.id if user else None,
                               adoption_recorded_at=clock.naive_now()).where(DevelopmentPlan.id == plan.id).execute()


def clear_adoption(plan: DevelopmentPlan) -> None:
    with write_transaction():
        DevelopmentPlan.update(adopted_meeting_no="", adopted_on=None, adoption_recorded_by=None,
                               adoption_recorded_at=None).where(DevelopmentPlan.id == plan.id).execute()


# --- course 2's gate -------------------------------------------------------------------------------------------


def readiness(coop: Cooperative, fy: int) -> Readiness:
    statuses = tuple(s for (s,) in Cohort.select(Cohort.status).join(CohortCooperative).switch(Cohort).join(Course)
                     .where((CohortCooperative.cooperative == coop.id) & (Course.number == 1)
                            & (Course.fiscal_year == fy)).tuples())
    plan = DevelopmentPlan.get_or_none((DevelopmentPlan.cooperative == coop.id) & (DevelopmentPlan.fiscal_year == fy))
    return Readiness(coop.name, statuses, plan is not None, bool(plan and plan.adopted_on))


def course_two_gate(cooperative_ids, fy: int) -> list[BilingualMessage]:
    """Why these cooperatives may not join a course-2 cohort of fiscal year ``fy`` (empty: all may)."""
    problems: list[BilingualMessage] = []
    coops = sorted_thai(list(Cooperative.select().where(Cooperative.id.in_(sorted(set(cooperative_ids)) or [0]))),
                        key=lambda c: c.name)
    for coop in coops:
        problems += rules.course_two_problems(readiness(coop, fy), fy)
    return problems



# --- course 2: the group participation plan ------------------------------------------------------------------


def course_two_cohort(coop: Cooperative, fy: int) -> Cohort | None:
    """The course-2 cohort of fiscal year ``fy`` training the cooperative (the newest if several)."""
    return (Cohort.select(Cohort, Course).join(CohortCooperative).switch(Cohort).join(Course)
            .where((CohortCooperative.cooperative == coop.id) & (Course.number == 2) & (Course.fiscal_year == fy))
            .order_by(Cohort.starts.desc()).first())


def group_leaders(cohort: Cohort | None, coop: Cooperative) -> list[Trainee]:
    """The cooperative's group leaders on the course-2 roster, in Thai order."""
    if cohort is None:
        return []
    rows = Trainee.select().where((Trainee.cohort == cohort.id) & (Trainee.cooperative == coop.id)
                                  & (Trainee.role == "group_leader"))
    return sorted_thai(list(rows), key=lambda t: f"{t.first_name} {t.last_name}")


def participation_of(coop: Cooperative, fy: int) -> ParticipationPlan | None:
    """The plan with ``.ordered`` groups, each with ``.ordered`` activities."""
    plan = ParticipationPlan.get_or_none((ParticipationPlan.cooperative == coop.id)
                                         & (ParticipationPlan.fiscal_year == fy))
    if plan is None:
        return None
    groups = list(ParticipationGroup.select(ParticipationGroup, Trainee)
                  .join(Trainee, pw.JOIN.LEFT_OUTER, on=(ParticipationGroup.leader == Trainee.id))
                  .where(ParticipationGroup.plan == plan.id)
                  .order_by(ParticipationGroup.sort_order, ParticipationGroup.id))
    acts: dict[int, list[ParticipationActivity]] = defaultdict(list)
    if groups:
        for a in (ParticipationActivity.select().where(ParticipationActivity.group.in_([g.id for g in groups]))
                  .order_by(ParticipationActivity.sort_order, ParticipationActivity.id)):
            acts[a.group_id].append(a)
    for g in groups:
        g.ordered = acts.get(g.id, [])
    plan.ordered = groups
    return plan


def participation_plans(coop: Cooperative) -> list[int]:
    return [fy for (fy,) in ParticipationPlan.select(ParticipationPlan.fiscal_year)
            .where(ParticipationPlan.cooperative == coop.id).order_by(ParticipationPlan.fiscal_year.desc()).tuples()]


def get_group(scope: Scope, group_id) -> ParticipationGroup:
    group = ParticipationGroup.get_or_none(ParticipationGroup.id == _int(group_id))
    if group is None:
        raise NotInScope(group_id)
    cooperative(scope, group.plan.cooperative_id)
    return group


def get_group_activity(scope: Scope, activity_id) -> ParticipationActivity:
    activity = ParticipationActivity.get_or_none(ParticipationActivity.id == _int(activity_id))
    if activity is None:
        raise NotInScope(activity_id)
    get_group(scope, activity.group_id)
    return activity


@dataclass
class GroupInput:
    name: str
    leader_id: str = ""
    members: str = ""


def add_group(coop: Cooperative, fy: int, data: GroupInput, user: User | None) -> ParticipationGroup:
    """A member group or village with its leader from the course-2 roster; the year's plan is made on first use."""
    cohort = course_two_cohort(coop, fy)
    problems: list[BilingualMessage] = []
    if cohort is None:
        raise PlanRuleError([_msg(f"ยังไม่มีรุ่นหลักสูตรที่ 2 ของปีงบประมาณ {fy} ที่อบรมสหกรณ์นี้ — จัดรุ่นก่อน",
                                  f"No course-2 cohort of fiscal year {fy} trains this cooperative — create it first",
                                  None)])
    name = normalize_text(data.name)
    if not name:
        problems.append(_msg("กรุณากรอกชื่อกลุ่มหรือหมู่บ้าน", "Enter the group's or village's name", "name"))
    leader = None
    if (data.leader_id or "").strip():
        leader = next((t for t in group_leaders(cohort, coop) if str(t.id) == data.leader_id.strip()), None)
        if leader is None:
            problems.append(_msg("ประธานกลุ่มต้องเป็นผู้เข้าอบรมหลักสูตรที่ 2 ของสหกรณ์นี้ (บทบาทประธานกลุ่ม)",
                                 "The leader must be one of this cooperative's group leaders on the course-2 roster",
                                 "leader"))
    members = None
    if (data.members or "").strip():
        try:
            members = int(data.members.replace(",", "").strip())
        except ValueError:
            problems.append(_msg("จำนวนสมาชิกต้องเป็นจำนวนเต็ม", "Members must be a whole number", "members"))
        else:
            if members < 0:
                problems.append(_msg("จำนวนสมาชิกติดลบไม่ได้", "Members cannot be negative", "members"))
    if problems:
        raise PlanRuleError(problems)
    now = clock.naive_now()
    with write_transaction():
        plan, _created = ParticipationPlan.get_or_create(
            cooperative=coop.id, fiscal_year=fy,
            defaults={"cohort": cohort.id, "created_by": user.id if user else None, "created_at": now,
                      "updated_at": now})
        ParticipationPlan.update(updated_at=now, cohort=cohort.id).where(ParticipationPlan.id == plan.id).execute()
        last = (ParticipationGroup.select(pw.fn.MAX(ParticipationGroup.sort_order))
                .where(ParticipationGroup.plan == plan.id).scalar() or 0)
        return ParticipationGroup.create(plan=plan.id, sort_order=last + 1, name=name[:255],
                                         leader=leader.id if leader else None, members=members)


def delete_group(group: ParticipationGroup) -> None:
    with write_transaction():
        group.delete_instance(recursive=True)


@dataclass
class GroupActivityInput:
    name: str
    starts: str
    ends: str
    channels: tuple[str, ...] = ()
    target: str = ""


def add_group_activity(group: ParticipationGroup, data: GroupActivityInput) -> ParticipationActivity:
    problems: list[BilingualMessage] = []
    name = normalize_text(data.name)
    if not name:
        problems.append(_msg("กรุณากรอกชื่อกิจกรรม", "Enter the activity's name", "name"))
    starts = rules.month_or_problem(data.starts, "starts", "เดือนเริ่ม", "start month", problems)
    ends = rules.month_or_problem(data.ends, "ends", "เดือนสิ้นสุด", "end month", problems)
    if starts and ends and ends < starts:
        problems.append(_msg("เดือนสิ้นสุดของกิจกรรมอยู่ก่อนเดือนเริ่ม", "The activity ends before it starts", "ends"))
    channels = rules.parse_channels(data.channels)
    if not channels:
        problems.append(_msg("เลือกช่องทางเข้าถึงสมาชิกอย่างน้อย 1 ช่องทาง", "Choose at least one channel to reach members",
                             "channels"))
    if problems:
        raise PlanRuleError(problems)
    with write_transaction():
        last = (ParticipationActivity.select(pw.fn.MAX(ParticipationActivity.sort_order))
                .where(ParticipationActivity.group == group.id).scalar() or 0)
        return ParticipationActivity.create(group=group.id, sort_order=last + 1, name=name, starts=starts, ends=ends,
                                            channels=",".join(channels), target=normalize_text(data.target))


def delete_group_activity(activity: ParticipationActivity) -> None:
    with write_transaction():
        activity.delete_instance()
