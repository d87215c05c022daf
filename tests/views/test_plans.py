"""Development plan pages: the plan with projects and activities, the business projection with its
break-even year, board adoption, the centre's list with plans carried forward, the printable plan, the
cooperative's page; scoping, read-only users, bad input re-shown with nothing saved, and course 2's gate
on the cohort form."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from portal.models import BusinessLine, Cohort
from portal.models.plans import BusinessProjection, DevelopmentPlan, PlanActivity, PlanProject

D = dt.date


def _html(response) -> str:
    return response.get_data(as_text=True)


def _main(response) -> str:
    return _html(response).split("<main", 1)[1].split("</main>", 1)[0]


def _plan(world, coop=None, fy=2566, horizon=3, starts=D(2023, 3, 1), ends=D(2026, 2, 1), **extra):
    return DevelopmentPlan.create(cooperative=coop or world.coop, fiscal_year=fy, title=f"แผนพัฒนาปี {fy}",
                                  horizon_years=horizon, starts=starts, ends=ends, **extra)


def _activity(project, name, starts, ends, order=1):
    return PlanActivity.create(project=project, sort_order=order, name=name, owner_name="นายสมชาย ใจดี",
                               owner_position="ผู้จัดการ", starts=starts, ends=ends)


def _snapshot():
    return (DevelopmentPlan.select().count(), PlanProject.select().count(), PlanActivity.select().count(),
            BusinessProjection.select().count(),
            [(p.title, p.starts, p.ends, p.adopted_meeting_no) for p in DevelopmentPlan.select().order_by(DevelopmentPlan.id)])


# --- creating a plan ------------------------------------------------------------------------------------------


def test_staff_write_a_plan_for_a_loss_making_cooperative(client, world, login_as):
    login_as("centre_staff")
    html = _main(client.get(f"/plans/cooperatives/{world.coop.id}"))
    assert "ขาดทุนสะสม" in html and 'value="3"' in html and 'value="5"' in html and 'value="1"' not in html
    response = client.post(f"/plans/cooperatives/{world.coop.id}", data={
        "title": " แผนพัฒนาสหกรณ์ 2566 ", "horizon": "3", "starts": "03/2566", "ends": "02/2569"})
    assert response.status_code == 303
    plan = DevelopmentPlan.get()
    assert (plan.title, plan.fiscal_year, plan.horizon_years, plan.starts, plan.ends, plan.cohort_id) == (
        "แผนพัฒนาสหกรณ์ 2566", 2566, 3, D(2023, 3, 1), D(2026, 2, 1), world.cohort.id)
    assert response.headers["Location"].endswith(f"/plans/{plan.id}")
    # One plan per cooperative and year: the form is gone; course 2 waits for course 1 and the adoption.
    html = _main(client.get(f"/plans/cooperatives/{world.coop.id}"))
    assert "จัดทำแผนของปีงบประมาณ" not in html and "ยังจัดไม่ได้" in html and "ปิดการอบรมรุ่นหลักสูตรที่ 1" in html
    Cohort.update(status="closed").where(Cohort.id == world.cohort.id).execute()
    DevelopmentPlan.update(adopted_meeting_no="3/2566", adopted_on=D(2023, 3, 10)).execute()
    assert "พร้อมจัด" in _main(client.get(f"/plans/cooperatives/{world.coop.id}"))


@pytest.mark.parametrize("data, words", [
    ({"horizon": "1"}, "3 หรือ 5 ปี"),
    ({"starts": "2566"}, "ดด/ปปปป"),
    ({"ends": "02/2566"}, "อยู่ก่อนเดือนแรก"),
    ({"ends": "03/2569"}, "ไม่เกิน 36 เดือน"),
    ({"title": "  "}, "ชื่อแผน"),
])
def test_a_bad_plan_is_reshown_with_what_was_typed(client, world, login_as, data, words):
    login_as("centre_director")
    form = {"title": "แผนทดสอบ", "horizon": "3", "starts": "03/2566", "ends": "02/2569", **data}
    response = client.post(f"/plans/cooperatives/{world.coop.id}", data=form)
    assert response.status_code == 422
    html = _main(response)
    assert words in html and "ยังไม่ได้บันทึก" in html
    assert f'value="{form["starts"]}"' in html
    assert DevelopmentPlan.select().count() == 0


def test_a_profitable_cooperative_writes_a_one_year_plan(client, world, login_as):
    login_as("bureau_admin")
    response = client.post(f"/plans/cooperatives/{world.other_coop.id}", data={
        "title": "แผน 1 ปี", "horizon": "3", "starts": "03/2566", "ends": "02/2569"})
    assert response.status_code == 422 and "1 ปี" in _main(response)
    response = client.post(f"/plans/cooperatives/{world.other_coop.id}", data={
        "title": "แผน 1 ปี", "horizon": "1", "starts": "03/2566", "ends": "02/2567"})
    assert response.status_code == 303
    html = _main(client.get(f"/plans/{DevelopmentPlan.get().id}"))
    assert "ประมาณการธุรกิจ" not in html


# --- projects and activities --------------------------------------------------------------------------------------


def test_projects_and_activities_are_added_edited_reordered_and_deleted(client, world, login_as):
    plan = _plan(world)
    login_as("centre_staff")
    assert client.post(f"/plans/{plan.id}/projects", data={"name": "เพิ่มรายได้", "objective": "รายได้โต",
                                                           "kpi": "รายได้", "target": "+10%"}).status_code == 303
    assert client.post(f"/plans/{plan.id}/projects", data={"name": "ลดหนี้ค้าง"}).status_code == 303
    first, second = PlanProject.select().order_by(PlanProject.sort_order)
    assert client.post(f"/plans/projects/{second.id}/move", data={"direction": "up"}).status_code == 303
    assert [p.name for p in PlanProject.select().order_by(PlanProject.sort_order)] == ["ลดหนี้ค้าง", "เพิ่มรายได้"]
    response = client.post(f"/plans/projects/{first.id}/activities", data={
        "name": "ประชุมชี้แจงสมาชิก", "owner_name": "นางสมศรี  มีสุข", "owner_position": "รองประธาน",
        "starts": "04/2566", "ends": "06/2566", "kpi": "ผู้เข้าร่วม", "target": "80 คน"})
    assert response.status_code == 303
    activity = PlanActivity.get()
    assert (activity.owner_name, activity.starts, activity.ends) == ("นางสมศรี มีสุข", D(2023, 4, 1), D(2023, 6, 1))
    html = _main(client.get(f"/plans/{plan.id}"))
    assert "ประชุมชี้แจงสมาชิก" in html and "เม.ย. 2566 – มิ.ย. 2566" in html and "80 คน" in html
    assert 'value="04/2566"' in _main(client.get(f"/plans/activities/{activity.id}/edit"))
    assert client.post(f"/plans/activities/{activity.id}/edit", data={
        "name": "ประชุมใหญ่", "owner_name": "นางสมศรี มีสุข", "starts": "05/2566", "ends": "05/2566"}).status_code == 303
    assert PlanActivity.get_by_id(activity.id).starts == D(2023, 5, 1)
    assert client.post(f"/plans/projects/{first.id}/edit", data={"name": "เพิ่มรายได้จากธุรกิจ"}).status_code == 303
    assert PlanProject.get_by_id(first.id).name == "เพิ่มรายได้จากธุรกิจ"
    assert client.post(f"/plans/activities/{activity.id}/delete").status_code == 303
    assert PlanActivity.select().count() == 0
    assert client.post(f"/plans/projects/{first.id}/delete").status_code == 303
    assert [p.name for p in PlanProject.select()] == ["ลดหนี้ค้าง"]


@pytest.mark.parametrize("starts, ends, words", [
    ("06/2566", "04/2566", "สิ้นสุดของกิจกรรมอยู่ก่อนเดือนเริ่ม"),
    ("02/2566", "04/2566", "ต้องอยู่ในช่วงของแผน"),
    ("04/2566", "03/2569", "ต้องอยู่ในช่วงของแผน"),
    ("4/66", "06/2566", "ดด/ปปปป"),
])
def test_an_activity_outside_the_plan_is_refused(client, world, login_as, starts, ends, words):
    plan = _plan(world)
    project = PlanProject.create(plan=plan, sort_order=1, name="โครงการ")
    login_as("centre_staff")
    before = _snapshot()
    response = client.post(f"/plans/projects/{project.id}/activities", data={
        "name": "กิจกรรมผิด", "owner_name": "นายหนึ่ง", "starts": starts, "ends": ends})
    assert response.status_code == 422
    html = _main(response)
    assert words in html and 'value="กิจกรรมผิด"' in html and "<details class=\"no-print\" open>" in html
    assert _snapshot() == before
    activity = _activity(project, "กิจกรรมเดิม", D(2023, 4, 1), D(2023, 5, 1))
    response = client.post(f"/plans/activities/{activity.id}/edit", data={
        "name": "กิจกรรมเดิม", "owner_name": "นายหนึ่ง", "starts": starts, "ends": ends})
    assert response.status_code == 422 and words in _main(response)
    assert PlanActivity.get_by_id(activity.id).starts == D(2023, 4, 1)


def test_the_plans_months_cannot_shrink_past_its_activities(client, world, login_as):
    plan = _plan(world)
    _activity(PlanProject.create(plan=plan, name="โครงการ"), "กิจกรรมปลายแผน", D(2025, 6, 1), D(2025, 8, 1))
    login_as("centre_staff")
    response = client.post(f"/plans/{plan.id}/edit", data={"title": "แผนใหม่", "horizon": "3", "starts": "03/2566",
                                                           "ends": "02/2568"})
    assert response.status_code == 422 and "กิจกรรมปลายแผน" in _main(response)
    assert DevelopmentPlan.get_by_id(plan.id).title == "แผนพัฒนาปี 2566"


# --- the projection -----------------------------------------------------------------------------------------------


def test_the_projection_shows_the_break_even_year(client, world, login_as):
    plan = _plan(world)
    credit, store = BusinessLine.select().order_by(BusinessLine.sort_order)[:2]
    login_as("centre_staff")
    data = {f"income-2566-{credit.id}": "100,000", f"expenses-2566-{credit.id}": "150000",
            f"members-2566-{credit.id}": "120", f"income-2566-{store.id}": "20000",
            f"expenses-2566-{store.id}": "10000",
            f"income-2567-{credit.id}": "130000", f"expenses-2567-{credit.id}": "140000",
            f"income-2567-{store.id}": "10000", f"expenses-2567-{store.id}": "0",   # equal: not yet
            f"income-2568-{credit.id}": "180000", f"expenses-2568-{credit.id}": "150000"}
    assert client.post(f"/plans/{plan.id}/projection", data=data).status_code == 303
    assert BusinessProjection.select().count() == 5
    html = _main(client.get(f"/plans/{plan.id}"))
    assert "จุดคุ้มทุน): ปี 2568" in html and "120,000.00" in html
    # Negative members: refused, nothing changes, the typed values come back.
    before = _snapshot()
    response = client.post(f"/plans/{plan.id}/projection", data={**data, f"members-2567-{store.id}": "-4"})
    assert response.status_code == 422
    html = _main(response)
    assert "จำนวนสมาชิกติดลบไม่ได้" in html and 'value="-4"' in html
    assert _snapshot() == before


def test_no_break_even_is_said_plainly(client, world, login_as):
    plan = _plan(world)
    line = BusinessLine.select().first()
    BusinessProjection.create(plan=plan, year=2566, business_line=line, income=Decimal(5), expenses=Decimal(9))
    login_as("provincial_officer")
    html = _main(client.get(f"/plans/{plan.id}"))
    assert "ยังไม่มีปีใดที่รายได้สูงกว่าค่าใช้จ่าย" in html
    assert "บันทึกประมาณการ" not in html and "เพิ่มโครงการ" not in html   # read only


# --- adoption ----------------------------------------------------------------------------------------------------------


def test_staff_record_the_boards_adoption(client, world, login_as):
    plan = _plan(world)
    login_as("centre_director")
    response = client.post(f"/plans/{plan.id}/adoption", data={"meeting_no": "3/2566", "adopted_on": "10/03/2566"})
    assert response.status_code == 303
    plan = DevelopmentPlan.get_by_id(plan.id)
    assert (plan.adopted_meeting_no, plan.adopted_on, plan.adoption_recorded_by_id) == (
        "3/2566", D(2023, 3, 10), world.users["centre_director"].id)
    assert plan.adoption_recorded_at is not None
    html = _main(client.get(f"/plans/{plan.id}"))
    assert "ครั้งที่ 3/2566" in html and "10 มี.ค. 2566" in html and "รับรองแล้ว" in html
    # A mistaken record can be withdrawn.
    assert client.post(f"/plans/{plan.id}/adoption", data={"clear": "1"}).status_code == 303
    plan = DevelopmentPlan.get_by_id(plan.id)
    assert (plan.adopted_meeting_no, plan.adopted_on, plan.adoption_recorded_by_id) == ("", None, None)


@pytest.mark.parametrize("data, words", [
    ({"meeting_no": "สาม", "adopted_on": "10/03/2566"}, "3/2566"),
    ({"meeting_no": "3/2566", "adopted_on": "20/03/2566"}, "ยังมาไม่ถึง"),
    ({"meeting_no": "3/2566", "adopted_on": "10/03/2023x"}, "วันที่ไม่ถูกต้อง"),
    ({"meeting_no": "3/2566", "adopted_on": ""}, "กรุณากรอกวันที่ประชุม"),
])
def test_a_bad_adoption_is_refused(client, world, login_as, data, words):
    plan = _plan(world)
    login_as("centre_staff")
    response = client.post(f"/plans/{plan.id}/adoption", data=data)
    assert response.status_code == 422 and words in _main(response)
    assert DevelopmentPlan.get_by_id(plan.id).adopted_on is None


# --- lists, carry-forward, print, scope ---------------------------------------------------------------------------------


def test_the_centres_list_carries_plans_forward(client, world, login_as):
    old = _plan(world, fy=2565, horizon=3, starts=D(2022, 3, 1), ends=D(2025, 2, 1))
    _activity(PlanProject.create(plan=old, name="โครงการต่อเนื่อง"), "ยังทำอยู่", D(2022, 4, 1), D(2023, 1, 1))
    finished = _plan(world, coop=world.other_coop, fy=2565, horizon=1, starts=D(2022, 3, 1), ends=D(2023, 2, 1))
    _activity(PlanProject.create(plan=finished, name="จบแล้ว"), "จบในปี 2565", D(2022, 3, 1), D(2022, 8, 1))
    login_as("bureau_exec")
    html = _main(client.get("/plans/", query_string={"year": 2566}))
    assert "ยกมาจากปี 2565" in html and world.coop.name in html
    assert world.other_coop.name not in html.split("ยังไม่มีแผนของปี")[0]   # its plan ended before 2566
    html = _main(client.get("/plans/", query_string={"year": 2565}))
    assert "ยกมาจากปี" not in html and world.other_coop.name in html
    # The cooperative's page shows every year's plans.
    _plan(world, fy=2566)
    html = _main(client.get(f"/plans/cooperatives/{world.coop.id}"))
    assert "ปีงบประมาณที่จัดทำ 2566" in html and "ปีงบประมาณที่จัดทำ 2565" in html


def test_the_list_names_targets_without_a_plan_and_keeps_to_the_scope(client, world, login_as):
    _plan(world, coop=world.other_coop, horizon=1, ends=D(2024, 2, 1))
    login_as("centre_staff")
    html = _main(client.get("/plans/"))
    assert "สหกรณ์เป้าหมายที่ยังไม่มีแผนของปี 2566" in html and world.coop.name in html
    assert world.other_coop.name not in html
    other_plan = DevelopmentPlan.get()
    assert client.get(f"/plans/{other_plan.id}").status_code == 404
    assert client.get(f"/plans/cooperatives/{world.other_coop.id}").status_code == 404


def test_provincial_users_read_but_do_not_write(client, world, login_as):
    plan = _plan(world)
    login_as("provincial_head")
    assert client.get(f"/plans/{plan.id}").status_code == 200
    assert "จัดทำแผนของปีงบประมาณ" not in _main(client.get(f"/plans/cooperatives/{world.coop.id}"))
    assert client.post(f"/plans/{plan.id}/projects", data={"name": "x"}).status_code == 403
    assert client.post(f"/plans/{plan.id}/adoption", data={"meeting_no": "1/2566", "adopted_on": "01/03/2566"}
                       ).status_code == 403
    assert PlanProject.select().count() == 0


def test_the_plan_prints_its_projects_and_activities(client, world, login_as):
    plan = _plan(world, adopted_meeting_no="3/2566", adopted_on=D(2023, 3, 10))
    project = PlanProject.create(plan=plan, name="เพิ่มรายได้")
    _activity(project, "ประชุมชี้แจง", D(2023, 4, 1), D(2023, 6, 1))
    login_as("centre_staff")
    html = _main(client.get(f"/plans/{plan.id}/print"))
    assert "โครงการที่ 1" in html and "ประชุมชี้แจง" in html and "นายสมชาย ใจดี (ผู้จัดการ)" in html
    for header in ("กิจกรรม", "ผู้รับผิดชอบ", "ระยะเวลา", "ตัวชี้วัด", "เป้าหมาย"):
        assert f"<th scope=\"col\">{header}</th>" in html
    assert "ครั้งที่ 3/2566" in html


def test_deleting_a_plan_removes_its_projects(client, world, login_as):
    plan = _plan(world)
    _activity(PlanProject.create(plan=plan, name="โครงการ"), "ก", D(2023, 4, 1), D(2023, 4, 1))
    login_as("bureau_admin")
    assert client.post(f"/plans/{plan.id}/delete").status_code == 303
    assert _snapshot()[:3] == (0, 0, 0)


# --- course 2's gate on the cohort form ------------------------------------------------------------------------------


def test_a_course_two_cohort_waits_for_course_one_and_the_adopted_plan(client, world, login_as):
    login_as("centre_staff")
    form = {"centre": str(world.centre.id), "course": str(world.course2.id), "number": "1",
            "cooperatives": [str(world.coop.id)], "starts": "20/03/2566", "ends": "20/03/2566",
            "day_starts": "09.00", "day_ends": "16.30", "place": "ห้องประชุม", "venue_kind": "government"}
    response = client.post("/cohorts/new", data=form)
    assert response.status_code in (200, 422) and "ปิดการอบรมรุ่นหลักสูตรที่ 1" in _html(response)
    assert Cohort.select().where(Cohort.course == world.course2).count() == 0
    Cohort.update(status="closed").where(Cohort.id == world.cohort.id).execute()
    plan = _plan(world)
    response = client.post("/cohorts/new", data=form)
    assert response.status_code in (200, 422) and "ยังไม่ผ่านการรับรอง" in _html(response)
    client.post(f"/plans/{plan.id}/adoption", data={"meeting_no": "3/2566", "adopted_on": "10/03/2566"})
    assert client.post("/cohorts/new", data=form).status_code == 303
    assert Cohort.select().where(Cohort.course == world.course2).count() == 1


def test_pages_speak_english_when_asked(client, world, login_as):
    plan = _plan(world)
    login_as("centre_staff")
    client.post("/language", data={"lang": "en", "next": "/"})
    response = client.post(f"/plans/{plan.id}/adoption", data={"meeting_no": "x", "adopted_on": "10/03/2566"})
    assert "e.g. 3/2566" in _main(response)
    assert client.get("/plans/").status_code == 200


# --- course 2: the group participation plan -----------------------------------------------------------------------------


def _course_two(world):
    from portal.models import CohortCooperative, Trainee

    cohort = Cohort.create(course=world.course2, centre=world.centre, number=1, starts=D(2023, 3, 20),
                           ends=D(2023, 3, 20), place="ห้องประชุม", venue_kind="government")
    CohortCooperative.create(cohort=cohort, cooperative=world.coop)
    leader = Trainee.create(cohort=cohort, cooperative=world.coop, prefix="นาง", first_name="บุญมา", last_name="ผู้นำ",
                            gender="female", role="group_leader", member_group="บ้านหนองบัว",
                            token="plans-view-leader-0000000000000000000000000001")
    member = Trainee.create(cohort=cohort, cooperative=world.coop, prefix="นาย", first_name="สมาชิก", last_name="แกนนำ",
                            gender="male", role="leading_member", token="plans-view-member-000000000000000000000000001")
    return cohort, leader, member


def test_the_participation_plan_needs_a_course_two_cohort(client, world, login_as):
    login_as("centre_staff")
    html = _main(client.get(f"/plans/cooperatives/{world.coop.id}/participation"))
    assert "ยังไม่มีรุ่นหลักสูตรที่ 2" in html and "เพิ่มกลุ่มหรือหมู่บ้าน" not in html
    response = client.post(f"/plans/cooperatives/{world.coop.id}/participation/groups", data={"name": "กลุ่มก"})
    assert response.status_code == 422 and "ยังไม่มีรุ่นหลักสูตรที่ 2" in _main(response)
    from portal.models.plans import ParticipationPlan
    assert ParticipationPlan.select().count() == 0


def test_groups_with_leaders_from_the_roster_and_activities_with_channels(client, world, login_as):
    from portal.models.plans import ParticipationActivity, ParticipationGroup, ParticipationPlan

    cohort, leader, member = _course_two(world)
    login_as("centre_staff")
    html = _main(client.get(f"/plans/cooperatives/{world.coop.id}/participation"))
    assert "นางบุญมา ผู้นำ (บ้านหนองบัว)" in html and "สมาชิก แกนนำ" not in html   # only group leaders
    # A leading member is not a leader; negative members are refused.
    response = client.post(f"/plans/cooperatives/{world.coop.id}/participation/groups",
                           data={"name": "กลุ่มบ้านหนองบัว", "leader_id": str(member.id), "members": "-3"})
    assert response.status_code == 422
    html = _main(response)
    assert "ประธานกลุ่มต้องเป็นผู้เข้าอบรมหลักสูตรที่ 2" in html and "จำนวนสมาชิกติดลบไม่ได้" in html
    assert 'value="กลุ่มบ้านหนองบัว"' in html and ParticipationGroup.select().count() == 0
    response = client.post(f"/plans/cooperatives/{world.coop.id}/participation/groups",
                           data={"name": "กลุ่มบ้านหนองบัว", "leader_id": str(leader.id), "members": "42"})
    assert response.status_code == 303
    plan = ParticipationPlan.get()
    group = ParticipationGroup.get()
    assert (plan.fiscal_year, plan.cohort_id, group.leader_id, group.members) == (2566, cohort.id, leader.id, 42)
    response = client.post(f"/plans/participation/groups/{group.id}/activities", data={
        "name": "ประชุมกลุ่มประจำเดือน", "starts": "06/2566", "ends": "04/2566", "target": "ทุกครัวเรือน"})
    assert response.status_code == 422
    html = _main(response)
    assert "อยู่ก่อนเดือนเริ่ม" in html and "อย่างน้อย 1 ช่องทาง" in html and ParticipationActivity.select().count() == 0
    response = client.post(f"/plans/participation/groups/{group.id}/activities", data={
        "name": "ประชุมกลุ่มประจำเดือน", "starts": "04/2566", "ends": "09/2566", "target": "ทุกครัวเรือน",
        "channels": ["line", "meeting", "bogus"]})
    assert response.status_code == 303
    assert ParticipationActivity.get().channels == "meeting,line"
    html = _main(client.get(f"/plans/cooperatives/{world.coop.id}/participation"))
    assert "ประชุมกลุ่ม, ไลน์กลุ่ม" in html and "เม.ย. 2566 – ก.ย. 2566" in html and "42 คน" in html
    assert client.post(f"/plans/participation/activities/{ParticipationActivity.get().id}/delete").status_code == 303
    assert client.post(f"/plans/participation/groups/{group.id}/delete").status_code == 303
    assert ParticipationGroup.select().count() == 0


def test_another_centre_cannot_reach_the_participation_plan(client, world, login_as):
    _course_two(world)
    login_as("centre_staff")
    client.post(f"/plans/cooperatives/{world.coop.id}/participation/groups", data={"name": "กลุ่มก"})
    from portal.models.plans import ParticipationGroup
    group = ParticipationGroup.get()
    client.post("/logout")
    from support import login
    login(client, world.other_users["centre_staff"])
    assert client.get(f"/plans/cooperatives/{world.coop.id}/participation").status_code == 404
    assert client.post(f"/plans/participation/groups/{group.id}/delete").status_code == 404
    assert ParticipationGroup.select().count() == 1
