"""Development plans in the database: carry-forward into later fiscal years, the projection's rows,
horizon changes, ordering, and course 2's gate over several cooperatives."""
from __future__ import annotations

import datetime as dt

import pytest

from portal.domain.plans import PlanRuleError
from portal.models import BusinessLine, Cohort, CohortCooperative, Cooperative
from portal.models.plans import BusinessProjection, DevelopmentPlan, PlanActivity, PlanProject
from portal.scope import NotInScope, Scope
from portal.services import plans as service

D = dt.date


def _plan(coop, fy=2566, horizon=3, starts=D(2023, 3, 1), ends=D(2026, 2, 1), **extra):
    return DevelopmentPlan.create(cooperative=coop, fiscal_year=fy, title=f"แผน {fy}", horizon_years=horizon,
                                  starts=starts, ends=ends, **extra)


def test_plans_carry_forward_while_their_activities_run(world):
    old = _plan(world.coop, fy=2565, starts=D(2022, 3, 1), ends=D(2025, 2, 1))
    project = PlanProject.create(plan=old, name="โครงการ")
    PlanActivity.create(project=project, name="ก", owner_name="ข", starts=D(2022, 4, 1), ends=D(2024, 1, 1))
    scope = Scope.everything()
    assert [(r.plan.id, r.carried_from) for r in service.plan_rows(scope, 2565)] == [(old.id, None)]
    assert [(r.plan.id, r.carried_from, r.activities) for r in service.plan_rows(scope, 2566)] == [(old.id, 2565, 1)]
    assert [(r.plan.id, r.carried_from) for r in service.plan_rows(scope, 2567)] == [(old.id, 2565)]
    assert service.plan_rows(scope, 2568) == []   # its last activity ended in January 2567 (FY 2567)
    assert service.plan_rows(scope, 2564) == []   # not written yet
    other_centre = Scope.for_user(world.other_users["centre_staff"])
    assert service.plan_rows(other_centre, 2566) == []


def test_targets_without_a_plan(world):
    scope = Scope.for_user(world.users["centre_staff"])
    assert [c.id for c in service.targets_without_plan(scope, 2566)] == [world.coop.id]
    _plan(world.coop)
    assert service.targets_without_plan(scope, 2566) == []


def test_one_plan_per_cooperative_and_year(world):
    data = service.PlanInput(title="แผน", horizon="3", starts="03/2566", ends="02/2569", fiscal_year=2566)
    plan = service.create_plan(world.coop, data, world.users["centre_staff"])
    assert plan.cohort_id == world.cohort.id and plan.created_by_id == world.users["centre_staff"].id
    with pytest.raises(PlanRuleError) as refused:
        service.create_plan(world.coop, data, None)
    assert refused.value.problems[0].field == "fiscal_year"


def test_the_projection_keeps_filled_cells_and_shrinks_with_the_horizon(world):
    plan = _plan(world.coop, horizon=5, ends=D(2028, 2, 1))
    assert service.projection_years(plan) == [2566, 2567, 2568, 2569, 2570]
    line = BusinessLine.select().first()
    form = {f"income-{y}-{line.id}": "10" for y in (2566, 2570)}
    form |= {f"expenses-{y}-{line.id}": "20" for y in (2566, 2570)}
    form[f"income-2999-{line.id}"] = "5"   # not a year of the plan: ignored
    projection = service.save_projection(plan, form)
    assert BusinessProjection.select().count() == 2 and projection.break_even is None
    assert [t.year for t in projection.totals] == [2566, 2567, 2568, 2569, 2570]
    service.update_plan(plan, service.PlanInput(title="แผน", horizon="3", starts="03/2566", ends="02/2569"))
    assert [r.year for r in BusinessProjection.select()] == [2566]
    one_year = _plan(world.other_coop, horizon=1, ends=D(2024, 2, 1))
    with pytest.raises(PlanRuleError):
        service.save_projection(one_year, form)


def test_moving_past_either_end_changes_nothing(world):
    plan = _plan(world.coop)
    first = service.add_project(plan, service.ProjectInput(name="หนึ่ง"))
    second = service.add_project(plan, service.ProjectInput(name="สอง"))
    assert (first.sort_order, second.sort_order) == (1, 2)
    assert service.move_project(first, "up") is False and service.move_project(second, "down") is False
    assert service.move_project(first, "down") is True
    assert [p.name for p in service.projects_of(plan)] == ["สอง", "หนึ่ง"]


def test_another_scopes_project_is_not_found(world):
    project = PlanProject.create(plan=_plan(world.other_coop, horizon=1, ends=D(2024, 2, 1)), name="x")
    with pytest.raises(NotInScope):
        service.get_project(Scope.for_user(world.users["centre_staff"]), project.id)
    assert service.get_project(Scope.everything(), project.id).id == project.id


def test_the_gate_names_each_cooperative_not_ready(world):
    ready = Cooperative.create(name="สหกรณ์พร้อมแล้ว จำกัด", registration_no="READY-1", coop_type=world.coop.coop_type,
                               office=world.office)
    closed = Cohort.create(course=world.course1, centre=world.centre, number=2, starts=D(2023, 1, 20),
                           ends=D(2023, 1, 21), place="x", venue_kind="government", status="followup")
    CohortCooperative.create(cohort=closed, cooperative=ready)
    _plan(ready, horizon=1, ends=D(2024, 2, 1), adopted_meeting_no="2/2566", adopted_on=D(2023, 2, 1))
    problems = service.course_two_gate([world.coop.id, ready.id], 2566)
    assert len(problems) == 1 and world.coop.name in problems[0].th
    assert service.course_two_gate([ready.id], 2566) == []
    assert service.course_two_gate([ready.id], 2567) != []   # another year needs its own course 1 and plan
