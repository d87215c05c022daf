"""Development plans: the bureau, the cooperative's centre and its provincial office read; centre staff, the
centre director (own centre) and the bureau administrator write. Another scope's ids answer 404."""
from __future__ import annotations

import datetime as dt

from flask import url_for

from . import Entry, pick

EDITORS = frozenset({"centre_staff", "centre_director", "bureau_admin"})


def _coop(w, side):
    return pick(w, side, w.coop, w.other_coop)


def _plan(w, side):
    """A 3-year plan of the side's cooperative, made for the call."""
    from portal.models.plans import DevelopmentPlan

    return DevelopmentPlan.create(cooperative=_coop(w, side), fiscal_year=2566, title="แผนตรวจสิทธิ์", horizon_years=3,
                                  starts=dt.date(2023, 3, 1), ends=dt.date(2026, 2, 1))


def _project(w, side):
    from portal.models.plans import PlanProject

    plan = _plan(w, side)
    PlanProject.create(plan=plan, sort_order=1, name="โครงการแรก")
    return PlanProject.create(plan=plan, sort_order=2, name="โครงการตรวจสิทธิ์")


def _activity(w, side):
    from portal.models.plans import PlanActivity

    project = _project(w, side)
    PlanActivity.create(project=project, sort_order=1, name="กิจกรรมแรก", owner_name="นายหนึ่ง",
                        starts=dt.date(2023, 4, 1), ends=dt.date(2023, 5, 1))
    return PlanActivity.create(project=project, sort_order=2, name="กิจกรรมตรวจสิทธิ์", owner_name="นางสอง",
                               starts=dt.date(2023, 4, 1), ends=dt.date(2023, 6, 1))


def _plan_form(w):
    return {"title": "แผนพัฒนาสหกรณ์ตรวจสิทธิ์", "horizon": "3", "starts": "03/2566", "ends": "02/2569"}


def _project_form(w):
    return {"name": "โครงการเพิ่มรายได้", "objective": "เพิ่มรายได้", "kpi": "รายได้", "target": "+10%"}


def _activity_form(w):
    return {"name": "อบรมสมาชิก", "owner_name": "นายสมชาย ใจดี", "owner_position": "ผู้จัดการ",
            "starts": "04/2566", "ends": "06/2566", "kpi": "ผู้เข้าร่วม", "target": "50 คน"}


def _course_two(w, side):
    """A course-2 cohort of the side's cooperative with one group leader on its roster."""
    from portal.models import Cohort, CohortCooperative, Trainee

    coop = _coop(w, side)
    cohort = Cohort.create(course=w.course2, centre=pick(w, side, w.centre, w.other_centre), number=1,
                           starts=dt.date(2023, 3, 20), ends=dt.date(2023, 3, 20), place="ห้องประชุม",
                           venue_kind="government")
    CohortCooperative.create(cohort=cohort, cooperative=coop)
    return cohort, Trainee.create(cohort=cohort, cooperative=coop, prefix="นาย", first_name="ประธาน",
                                  last_name=f"กลุ่ม{side}", gender="male", role="group_leader",
                                  token=f"plans-leader-{side}-{cohort.id}-0000000000000000000000")


def _group(w, side):
    from portal.models.plans import ParticipationGroup, ParticipationPlan

    cohort, leader = _course_two(w, side)
    plan = ParticipationPlan.create(cooperative=_coop(w, side), cohort=cohort, fiscal_year=2566)
    return ParticipationGroup.create(plan=plan, sort_order=1, name="กลุ่มบ้านหนองตรวจ", leader=leader, members=30)


def _group_activity(w, side):
    from portal.models.plans import ParticipationActivity

    return ParticipationActivity.create(group=_group(w, side), sort_order=1, name="ประชุมกลุ่มประจำเดือน",
                                        starts=dt.date(2023, 4, 1), ends=dt.date(2023, 9, 1), channels="meeting")


def _coop_with_course_two(w, side):
    _course_two(w, side)
    return _coop(w, side)


def _url(endpoint, make, arg):
    return lambda w, side: url_for(endpoint, **{arg: make(w, side).id})


ENTRIES = [
    Entry("plans.index"),
    Entry("plans.cooperative", url=_url("plans.cooperative", _coop, "coop_id"), scoped=True),
    Entry("plans.cooperative", "POST", EDITORS, url=_url("plans.cooperative", _coop, "coop_id"), scoped=True,
          data=_plan_form),
    Entry("plans.plan", url=_url("plans.plan", _plan, "plan_id"), scoped=True),
    Entry("plans.print_plan", url=_url("plans.print_plan", _plan, "plan_id"), scoped=True),
    Entry("plans.edit_plan", "POST", EDITORS, url=_url("plans.edit_plan", _plan, "plan_id"), scoped=True,
          data=_plan_form),
    Entry("plans.delete_plan", "POST", EDITORS, url=_url("plans.delete_plan", _plan, "plan_id"), scoped=True),
    Entry("plans.add_project", "POST", EDITORS, url=_url("plans.add_project", _plan, "plan_id"), scoped=True,
          data=_project_form),
    Entry("plans.projection", "POST", EDITORS, url=_url("plans.projection", _plan, "plan_id"), scoped=True,
          data=lambda w: {"income-2566-1": "1000", "expenses-2566-1": "900", "members-2566-1": "10"}),
    Entry("plans.adoption", "POST", EDITORS, url=_url("plans.adoption", _plan, "plan_id"), scoped=True,
          data={"meeting_no": "3/2566", "adopted_on": "10/03/2566"}),
    Entry("plans.edit_project", url=_url("plans.edit_project", _project, "project_id"), allowed=EDITORS,
          scoped=True),
    Entry("plans.edit_project", "POST", EDITORS, url=_url("plans.edit_project", _project, "project_id"),
          scoped=True, data=_project_form),
    Entry("plans.delete_project", "POST", EDITORS, url=_url("plans.delete_project", _project, "project_id"),
          scoped=True),
    Entry("plans.move_project", "POST", EDITORS, url=_url("plans.move_project", _project, "project_id"),
          scoped=True, data={"direction": "up"}),
    Entry("plans.add_activity", "POST", EDITORS, url=_url("plans.add_activity", _project, "project_id"),
          scoped=True, data=_activity_form),
    Entry("plans.edit_activity", url=_url("plans.edit_activity", _activity, "activity_id"), allowed=EDITORS,
          scoped=True),
    Entry("plans.edit_activity", "POST", EDITORS, url=_url("plans.edit_activity", _activity, "activity_id"),
          scoped=True, data=_activity_form),
    Entry("plans.delete_activity", "POST", EDITORS, url=_url("plans.delete_activity", _activity, "activity_id"),
          scoped=True),
    Entry("plans.move_activity", "POST", EDITORS, url=_url("plans.move_activity", _activity, "activity_id"),
          scoped=True, data={"direction": "up"}),
    Entry("plans.participation", url=_url("plans.participation", _coop, "coop_id"), scoped=True),
    Entry("plans.add_group", "POST", EDITORS, url=_url("plans.add_group", _coop_with_course_two, "coop_id"),
          scoped=True, data={"name": "กลุ่มบ้านใหม่", "members": "25"}),
    Entry("plans.delete_group", "POST", EDITORS, url=_url("plans.delete_group", _group, "group_id"), scoped=True),
    Entry("plans.add_group_activity", "POST", EDITORS, url=_url("plans.add_group_activity", _group, "group_id"),
          scoped=True, data={"name": "เยี่ยมบ้านสมาชิก", "starts": "04/2566", "ends": "06/2566",
                             "channels": ["visit", "line"], "target": "30 ครัวเรือน"}),
    Entry("plans.delete_group_activity", "POST", EDITORS,
          url=_url("plans.delete_group_activity", _group_activity, "activity_id"), scoped=True),
]
