"""Monthly follow-up: the activity owners' link writing ActivityProgress (one row per activity and month),
staff entry of the same row, the grid with what is behind, visits, the office's monthly summary and the
cooperative's printable report to its board."""
from __future__ import annotations

import datetime as dt

from portal.models.plans import ActivityProgress, DevelopmentPlan, MonitoringVisit, MonthlySummary, PlanActivity, PlanProject
from portal.models.responses import Response
from portal.services import followup as svc
from tests.views.test_respond import _fill, _html, _link, _walk

D = dt.date


def seed_plan(coop, *, adopted=True, starts=D(2022, 11, 1)):
    plan = DevelopmentPlan.create(cooperative=coop, fiscal_year=2566, title="แผนพัฒนาสหกรณ์ 2566", starts=starts,
                                  ends=D(2023, 9, 1), adopted_meeting_no="5/2565" if adopted else "",
                                  adopted_on=D(2022, 11, 20) if adopted else None)
    project = PlanProject.create(plan=plan, sort_order=1, name="เพิ่มสมาชิกใช้บริการ")
    a1 = PlanActivity.create(project=project, sort_order=1, name="ประชุมกลุ่มสมาชิก", owner_name="นายสมชาย ใจดี",
                             starts=D(2022, 11, 1), ends=D(2023, 5, 1))
    a2 = PlanActivity.create(project=project, sort_order=2, name="จัดทำป้ายประชาสัมพันธ์", owner_name="นางสมศรี",
                             starts=D(2023, 1, 1), ends=D(2023, 3, 1))
    return plan, a1, a2


def _owner_answers(a1, a2, month="2", year="2566", percent="40"):
    data = _fill("c1_followup")
    data.update({"report_month": month, "report_year": year})
    for a in (a1, a2):
        data.update({f"activities.{a.id}.status": "on_track", f"activities.{a.id}.percent_done": percent,
                     f"activities.{a.id}.result": "ประชุมแล้ว 2 กลุ่ม", f"activities.{a.id}.obstacles": "ฝนตก",
                     f"activities.{a.id}.needs_help": "yes", f"activities.{a.id}.help_needed": "วิทยากร"})
    data[f"activities.{a2.id}.status"] = "done"
    data[f"activities.{a2.id}.percent_done"] = "100"
    return data


# --------------------------------------------------------------------------- the owners' link

def test_the_owners_link_shows_the_plan_activities_and_writes_one_progress_row_per_activity(client, world):
    _plan, a1, a2 = seed_plan(world.coop)
    seed_plan(world.other_coop)  # another cooperative's plan is not shown
    link = _link(world, "followup")
    url = f"/f/{link.token}"
    html = _html(client.get(url))
    assert "ตอนที่ 1 จาก" in html
    response = _walk(client, url, _owner_answers(a1, a2), "/done")
    assert response.status_code == 303 and response.headers["Location"].endswith("/done")
    rows = {p.activity_id: p for p in ActivityProgress.select()}
    assert set(rows) == {a1.id, a2.id}
    p1 = rows[a1.id]
    assert (p1.month, p1.status, p1.percent_done, p1.source) == (D(2023, 2, 1), "on_track", 40, "owner_link")
    assert (p1.result, p1.obstacles, p1.help_needed) == ("ประชุมแล้ว 2 กลุ่ม", "ฝนตก", "วิทยากร")
    assert p1.response_id == Response.get().id
    assert (rows[a2.id].status, rows[a2.id].percent_done) == ("done", 100)
    # A later report for the same month replaces the row.
    assert _walk(client, url, _owner_answers(a1, a2, percent="60"), "/done").status_code == 303
    assert ActivityProgress.select().count() == 2 and Response.select().count() == 2
    assert ActivityProgress.get(ActivityProgress.activity == a1.id).percent_done == 60


def test_the_activity_labels_name_project_activity_and_owner(world):
    _plan, a1, _a2 = seed_plan(world.coop)
    seed_plan(world.other_coop, adopted=False)
    context = svc.link_context(world.coop.id, D(2023, 3, 15))
    assert context["plan_activities"][0] == {"id": str(a1.id), "label": "เพิ่มสมาชิกใช้บริการ · ประชุมกลุ่มสมาชิก (นายสมชาย ใจดี)"}
    assert len(context["plan_activities"]) == 2
    assert svc.link_context(world.other_coop.id, D(2023, 3, 15))["plan_activities"] == []  # not adopted
    assert svc.link_context(world.coop.id, D(2024, 3, 15))["plan_activities"] == []  # another fiscal year


def test_the_owners_link_refuses_a_month_before_the_plan_began(client, world):
    _plan, a1, a2 = seed_plan(world.coop)
    link = _link(world, "followup")
    url = f"/f/{link.token}"
    response = _walk(client, url, _owner_answers(a1, a2, month="10", year="2565"), "/done")
    assert response.status_code == 422
    assert "เดือนที่รายงานอยู่ก่อนเดือนที่แผนเริ่ม" in _html(response)
    assert ActivityProgress.select().count() == 0 and Response.select().count() == 0


# --------------------------------------------------------------------------- staff entry and the grid

def test_staff_key_in_the_same_row_and_progress_over_100_is_refused(client, world, login_as):
    _plan, a1, a2 = seed_plan(world.coop)
    _other, other_a1, _other_a2 = seed_plan(world.other_coop)
    ActivityProgress.create(activity=a1, month=D(2023, 2, 1), status="on_track", percent_done=30, source="owner_link")
    login_as("centre_staff")
    url = f"/followup/activity/{a1.id}/2023-02"
    html = _html(client.get(url))
    assert 'value="30"' in html and "ผู้รับผิดชอบกิจกรรม" in html
    response = client.post(url, data={"status": "on_track", "percent_done": "120", "result": "ทำต่อ"})
    assert response.status_code == 422 and "เกิน 100" in _html(response) and "ทำต่อ" in _html(response)
    assert ActivityProgress.get(ActivityProgress.activity == a1.id).percent_done == 30
    response = client.post(url, data={"status": "behind", "percent_done": "35", "obstacles": "งบไม่พอ"})
    assert response.status_code == 303
    row = ActivityProgress.get(ActivityProgress.activity == a1.id)
    assert ActivityProgress.select().count() == 1
    assert (row.status, row.percent_done, row.source, row.recorded_by_id) == ("behind", 35, "staff",
                                                                              world.users["centre_staff"].id)
    response = client.post(f"/followup/activity/{a1.id}/2022-10", data={"status": "on_track", "percent_done": "5"})
    assert response.status_code == 422 and "ก่อนเดือนที่แผนเริ่ม" in _html(response)
    # The grid: February flagged behind; the list counts it.
    html = _html(client.get(f"/followup/coop/{world.coop.id}?fy=2566"))
    assert "ประชุมกลุ่มสมาชิก" in html and "followup-flag" in html and "followup-behind" in html
    html = _html(client.get("/followup/?fy=2566"))
    assert world.coop.name in html and 'class="badge bad">' in html
    assert f'/followup/office/{world.office.id}/visits' in html and f'/followup/office/{world.other_office.id}/' not in html
    assert world.other_coop.name not in html
    assert client.get(f"/followup/activity/{other_a1.id}/2023-02").status_code == 404


def test_the_provincial_head_reads_but_does_not_key_in(client, world, login_as):
    _plan, a1, _a2 = seed_plan(world.coop)
    login_as("provincial_head")
    assert client.get(f"/followup/coop/{world.coop.id}").status_code == 200
    assert client.get(f"/followup/activity/{a1.id}/2023-02").status_code == 403


def test_the_board_report_prints_the_month(client, world, login_as):
    _plan, a1, _a2 = seed_plan(world.coop)
    ActivityProgress.create(activity=a1, month=D(2023, 3, 1), status="behind", percent_done=45, obstacles="ขาดงบ",
                            help_needed="ขอวิทยากร", source="staff")
    login_as("provincial_officer")
    html = _html(client.get(f"/followup/coop/{world.coop.id}/report/2023-03"))
    for text in ("มีนาคม 2566", "ล่าช้ากว่าแผน", "45", "ขาดงบ", "ขอวิทยากร", "ยังไม่รายงาน", "followup.css"):
        assert text in html
    assert client.get(f"/followup/coop/{world.coop.id}/report/2023-13").status_code == 404


# --------------------------------------------------------------------------- visits and the monthly summary

def test_the_provincial_officer_records_a_visit_and_bad_input_is_refused(client, world, login_as):
    login_as("provincial_officer")
    url = f"/followup/office/{world.office.id}/visits"
    response = client.post(url, data={"cooperative": str(world.coop.id), "visited_on": "31/02/2566",
                                      "visitors": "นายตรวจ ดี"})
    assert response.status_code == 422 and "วันที่ไม่ถูกต้อง" in _html(response) and "นายตรวจ ดี" in _html(response)
    response = client.post(url, data={"cooperative": str(world.other_coop.id), "visited_on": "01/03/2566",
                                      "visitors": "นายตรวจ ดี"})
    assert response.status_code == 422 and MonitoringVisit.select().count() == 0
    response = client.post(url, data={"cooperative": str(world.coop.id), "visited_on": "01/03/2566",
                                      "visitors": "นายตรวจ ดี", "findings": "ประชุมกลุ่มแล้ว", "help_given": "แนะนำบัญชี"})
    assert response.status_code == 303
    visit = MonitoringVisit.get()
    assert (visit.office_id, visit.cooperative_id, visit.visited_on) == (world.office.id, world.coop.id, D(2023, 3, 1))
    html = _html(client.get(url))
    assert "ประชุมกลุ่มแล้ว" in html and "1 มี.ค. 2566" in html


def test_centre_staff_read_visits_without_the_form(client, world, login_as):
    login_as("centre_staff")
    html = _html(client.get(f"/followup/office/{world.office.id}/visits"))
    assert "รายการการติดตามเยี่ยม" in html and 'name="visitors"' not in html
    assert client.post(f"/followup/office/{world.office.id}/visits",
                       data={"cooperative": str(world.coop.id), "visited_on": "01/03/2566", "visitors": "x"}).status_code == 403


def test_the_monthly_summary_is_prefilled_saved_sent_and_read_by_the_head(client, world, login_as, app):
    _plan, a1, a2 = seed_plan(world.coop)
    ActivityProgress.create(activity=a1, month=D(2023, 2, 1), status="behind", percent_done=20, source="staff",
                            help_needed="ขอวิทยากร")
    ActivityProgress.create(activity=a2, month=D(2023, 2, 1), status="on_track", percent_done=50, source="staff")
    login_as("provincial_officer")
    url = f"/followup/office/{world.office.id}/summary/2023-02"
    html = _html(client.get(url))
    assert "ล่าช้ากว่าแผน 1" in html and "ขอวิทยากร" in html and "ดำเนินการตามแผน 1" in html
    response = client.post(url, data={"overview": "", "action": "send"})
    assert response.status_code == 422 and "กรุณากรอกภาพรวม" in _html(response)
    assert MonthlySummary.get_or_none() is None
    assert client.post(url, data={"overview": "ภาพรวมดี", "problems": "ฝนตก", "action": "save"}).status_code == 303
    row = MonthlySummary.get()
    assert row.sent_at is None and row.problems == "ฝนตก"
    assert client.post(url, data={"overview": "ภาพรวมดี", "problems": "ฝนตก", "action": "send"}).status_code == 303
    row = MonthlySummary.get()
    assert row.sent_by_id == world.users["provincial_officer"].id and row.sent_at is not None
    assert MonthlySummary.select().count() == 1
    html = _html(client.get(f"/followup/office/{world.office.id}/summaries"))
    assert "ส่งแล้ว" in html
    html = _html(client.get(f"{url}/print"))
    assert "บันทึกข้อความ" in html and f"สหกรณ์จังหวัด{world.province.name_th}" in html and "ภาพรวมดี" in html
    head = app.test_client()
    from tests.conftest import login
    login(head, world.users["provincial_head"])
    html = _html(head.get(url))
    assert "ภาพรวมดี" in html and 'name="overview"' not in html
    assert head.post(url, data={"overview": "x", "action": "save"}).status_code == 403


def test_summaries_of_a_bangkok_area_office_go_to_its_director_not_a_provincial_officer(app):
    from types import SimpleNamespace

    bangkok = SimpleNamespace(kind="bangkok_area", name_th="สำนักงานส่งเสริมสหกรณ์กรุงเทพมหานคร พื้นที่ 1",
                              name_en="Bangkok Cooperative Promotion Office, Area 1",
                              province=SimpleNamespace(name_th="กรุงเทพมหานคร", name_en="Bangkok"))
    province = SimpleNamespace(kind="provincial", name_th="สำนักงานสหกรณ์จังหวัดปทุมธานี", name_en="",
                               province=SimpleNamespace(name_th="ปทุมธานี", name_en="Pathum Thani"))
    with app.test_request_context():
        head = app.jinja_env.globals["office_head"]
        assert head(bangkok) == "ผู้อำนวยการสำนักงานส่งเสริมสหกรณ์กรุงเทพมหานคร พื้นที่ 1"
        assert head(province) == "สหกรณ์จังหวัดปทุมธานี"


def test_owner_answers_map_to_progress_cancelled_and_no_help(world):
    _plan, a1, a2 = seed_plan(world.coop)
    answers = {"report_month": "3", "report_year": 2566, "activities": {
        str(a1.id): {"status": "cancelled", "cancel_reason": "งบประมาณถูกตัด", "needs_help": "no",
                     "help_needed": "ไม่ควรเก็บ"},
        str(a2.id): {"status": "on_track", "percent_done": 50, "result": "ทำแล้ว\nอีกบรรทัด", "needs_help": "no"},
        "999999": {"status": "done", "percent_done": 100, "needs_help": "no"},  # not this cooperative's activity
    }}
    assert svc.store_link_progress(world.coop.id, answers, None) == 2
    p1 = ActivityProgress.get(ActivityProgress.activity == a1.id)
    assert (p1.status, p1.percent_done, p1.obstacles, p1.help_needed, p1.month) == (
        "cancelled", None, "งบประมาณถูกตัด", "", D(2023, 3, 1))
    assert ActivityProgress.get(ActivityProgress.activity == a2.id).result == "ทำแล้ว\nอีกบรรทัด"
