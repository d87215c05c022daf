"""PDCA board, to-do lists and suggestions for next year: what the data says, per role and scope."""
from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest

from portal.models import (
    ActivityProgress,
    ChangeRequest,
    CooperativeAnalysis,
    CourseStep,
    DevelopmentPlan,
    Instrument,
    MonitoringVisit,
    MonthlySummary,
    PlanActivity,
    PlanProject,
    ProgrammeYear,
    Response,
    Suggestion,
    TargetList,
    TargetProposal,
)
from portal.services import pdca as service
from portal.services.instruments import sync_forms

TODAY = dt.date(2023, 3, 15)
D = dt.date


def _html(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def steps(world):
    windows = {1: [(D(2022, 10, 25), D(2022, 10, 26)), (D(2022, 11, 1), D(2022, 12, 15)),
                   (D(2022, 12, 1), D(2022, 12, 31)), (D(2022, 12, 1), D(2023, 5, 31)),
                   (D(2023, 3, 1), D(2023, 7, 31))],
               2: [(D(2023, 3, 1), D(2023, 4, 30)), (D(2023, 5, 1), D(2023, 7, 31)), (D(2023, 6, 1), D(2023, 8, 31))]}
    for course, number in ((world.course1, 1), (world.course2, 2)):
        for i, (starts, ends) in enumerate(windows[number], start=1):
            CourseStep.create(course=course, step_no=i, name_th=f"ขั้นตอน {i}", name_en=f"Step {i}",
                              starts=starts, ends=ends)


@pytest.fixture
def plan(world, steps):
    """The own target trained (cohort closed), its plan adopted, two activities: one reported, one behind."""
    world.cohort.status = "closed"
    world.cohort.save()
    p = DevelopmentPlan.create(cooperative=world.coop, fiscal_year=2566, cohort=world.cohort, title="แผนพัฒนา",
                               starts=D(2023, 1, 1), ends=D(2023, 9, 1), adopted_meeting_no="3/2566",
                               adopted_on=D(2023, 1, 20))
    project = PlanProject.create(plan=p, name="ลดหนี้ค้างชำระ")
    reported = PlanActivity.create(project=project, name="ติดตามหนี้รายเดือน", owner_name="นายสมชาย ใจดี",
                                   starts=D(2023, 1, 1), ends=D(2023, 6, 1))
    behind = PlanActivity.create(project=project, name="อบรมสมาชิกเรื่องการออม", owner_name="นางสาวสุดา ดีงาม",
                                 starts=D(2023, 1, 1), ends=D(2023, 6, 1))
    ActivityProgress.create(activity=reported, month=D(2023, 2, 1), status="on_track", percent_done=40,
                            result="ติดตามได้ 12 ราย", source="owner_link")
    return p, reported, behind


def _cell(board, course, step, key):
    row = next(r for r in board.steps if r.course == course and r.step_no == step)
    return next(c for c in row.cells if c.key == key)


def test_board_counts_each_step_from_the_data(app, world, plan):
    CooperativeAnalysis.create(year=world.year, cooperative=world.coop)
    board = service.board(world.centre.id, 2566, TODAY)
    assert [c.name for c in board.targets] == [world.coop.name]
    assert _cell(board, 1, 1, "workshop").status == "late"  # not recorded, window over
    lists = _cell(board, 1, 2, "lists")
    assert lists.done == 1 and lists.total == len(board.offices) and lists.status == "late"
    assert _cell(board, 1, 2, "meetings").status == "late"
    analyses = _cell(board, 1, 3, "analyses")
    assert (analyses.done, analyses.total, analyses.status) == (1, 1, "done")
    assert _cell(board, 1, 4, "cohorts").status == "done"
    assert _cell(board, 1, 5, "plans").status == "done"
    progress = _cell(board, 1, 5, "progress")
    assert (progress.done, progress.total, progress.status) == (1, 2, "late")
    assert [a.name for a, _coop, _last in board.behind] == ["อบรมสมาชิกเรื่องการออม"]
    assert _cell(board, 1, 5, "visits").status == "due"
    assert _cell(board, 2, 1, "ready").status == "done"
    assert _cell(board, 2, 2, "cohorts").status == "not_yet"


def test_workshop_recorded_and_lists_on_time(app, world, steps):
    ProgrammeYear.update(workshop_starts=D(2022, 10, 25), workshop_recorded_at=dt.datetime(2022, 10, 27, 9)).execute()
    board = service.board(world.centre.id, 2566, TODAY, office_ids=frozenset({world.office.id}))
    assert _cell(board, 1, 1, "workshop").status == "done"
    lists = _cell(board, 1, 2, "lists")
    assert (lists.done, lists.total, lists.status, lists.late_count) == (1, 1, "done", 0)
    TargetList.update(submitted_at=dt.datetime(2022, 12, 20, 10)).where(TargetList.id == world.target_list.id).execute()
    board = service.board(world.centre.id, 2566, TODAY, office_ids=frozenset({world.office.id}))
    assert _cell(board, 1, 2, "lists").late_count == 1


def test_staff_see_the_board_and_the_behind_activity(client, world, login_as, plan):
    login_as("centre_staff")
    html = _html(client.get(f"/pdca/centres/{world.centre.id}?year=2566"))
    assert "หลักสูตรที่ 1" in html and "หลักสูตรที่ 2" in html
    assert "อบรมสมาชิกเรื่องการออม" in html  # behind
    assert "ติดตามได้ 12 ราย" in html  # the owner's latest report
    assert "เลยกำหนด" in html and "เสร็จแล้ว" in html


def test_index_sends_a_centre_user_to_the_own_board(client, world, login_as):
    login_as("centre_director")
    response = client.get("/pdca/")
    assert response.status_code == 303
    assert f"/pdca/centres/{world.centre.id}" in response.headers["Location"]


def test_provincial_users_see_only_their_offices_part(client, world, login_as, plan):
    login_as("provincial_officer")
    html = _html(client.get(f"/pdca/centres/{world.centre.id}?year=2566"))
    assert "สำนักงาน 1 แห่ง" in html
    assert client.get(f"/pdca/centres/{world.other_centre.id}").status_code == 404


def test_unknown_year_and_foreign_province_are_404(client, world, login_as):
    login_as("centre_staff")
    assert client.get(f"/pdca/centres/{world.centre.id}?year=2599").status_code == 404
    assert client.get(f"/pdca/centres/{world.centre.id}?province={world.other_province.id}").status_code == 404


# --- to-do lists ----------------------------------------------------------------------------------


def _todo(client) -> str:
    return _html(client.get("/pdca/todo?year=2566"))


def test_provincial_officer_is_asked_to_record_the_board_visit_and_summary(client, world, login_as, steps):
    login_as("provincial_officer")
    html = _todo(client)
    assert "เขียนสรุปผลรายเดือน" not in html  # follow-up began in March: no month to summarise yet
    CourseStep.update(starts=D(2023, 2, 1)).where((CourseStep.course == world.course1) & (CourseStep.step_no == 5)).execute()
    html = _todo(client)
    assert f"บันทึกการแจ้งที่ประชุมคณะกรรมการ: {world.coop.name}" in html
    assert f"เยี่ยมติดตามและบันทึกผล: {world.coop.name}" in html
    assert "เขียนสรุปผลรายเดือน ก.พ. 2566" in html
    assert f"/followup/office/{world.office.id}/visits" in html
    assert f"/followup/office/{world.office.id}/summary/2023-02" in html
    MonitoringVisit.create(office=world.office, cooperative=world.coop, visited_on=D(2023, 3, 10), visitors="ทีมงาน")
    TargetProposal.update(board_meeting_no="2/2566", board_meeting_on=D(2023, 1, 5)).execute()
    html = _todo(client)
    assert "เยี่ยมติดตามและบันทึกผล" not in html
    assert "บันทึกการแจ้งที่ประชุมคณะกรรมการ" not in html
    MonthlySummary.create(office=world.office, month=D(2023, 2, 1), overview="ภาพรวม")
    assert "เขียนสรุปผลรายเดือน" not in _todo(client)


def test_provincial_officer_proposes_targets_before_the_list_is_submitted(client, world, login_as, steps):
    TargetList.update(submitted_at=None).execute()
    ProgrammeYear.update(default_quota=3).execute()
    login_as("provincial_officer")
    html = _todo(client)
    assert "เสนอสหกรณ์เป้าหมาย (เสนอแล้ว 1 จาก 3 แห่ง)" in html


def test_director_submits_the_lists(client, world, login_as, steps):
    TargetList.update(submitted_at=None).execute()
    login_as("centre_director")
    assert "ส่งรายชื่อสหกรณ์เป้าหมายถึงสำนักพัฒนาฯ (1 สำนักงานรอส่ง)" in _todo(client)


def test_staff_todos_follow_the_data(client, world, login_as, steps):
    login_as("centre_staff")
    world.cohort.status = "training"
    world.cohort.ends = D(2023, 3, 14)
    world.cohort.save()
    html = _todo(client)
    assert f"บันทึกการวิเคราะห์สหกรณ์: {world.coop.name}" in html
    assert "เปิดแบบทดสอบหลังอบรม: หลักสูตรที่ 1 รุ่นที่ 1" in html
    world.cohort.status = "closed"
    world.cohort.save()
    html = _todo(client)
    assert "เปิดแบบทดสอบหลังอบรม" not in html
    assert f"บันทึกแผนพัฒนาสหกรณ์: {world.coop.name}" in html
    assert f"/plans/cooperatives/{world.coop.id}" in html
    DevelopmentPlan.create(cooperative=world.coop, fiscal_year=2566, title="แผน", starts=D(2023, 1, 1),
                           ends=D(2023, 9, 1))
    assert f"บันทึกการอนุมัติแผนโดยคณะกรรมการ: {world.coop.name}" in _todo(client)


def test_staff_are_asked_to_follow_up_activities_behind(client, world, login_as, plan):
    login_as("centre_staff")
    html = _todo(client)
    assert "ติดตามกิจกรรมที่ล่าช้า 1 กิจกรรม" in html
    assert f"/pdca/centres/{world.centre.id}#behind" in html


def test_bureau_admin_decides_changes_and_sets_up_next_year(client, world, login_as, steps):
    ChangeRequest.create(target_list=world.target_list, kind="withdraw", proposal=world.proposal, reason="ปิดกิจการ")
    login_as("bureau_admin")
    html = _todo(client)
    assert "พิจารณาคำขอเปลี่ยนแปลงสหกรณ์เป้าหมาย 1 รายการ" in html
    assert "ตั้งค่าปีงบประมาณถัดไป (2567)" in html
    assert "/targets/2566/changes" in html


def test_exec_has_nothing_to_do(client, world, login_as, steps):
    login_as("bureau_exec")
    assert "ไม่มีงานค้างในขณะนี้" in _todo(client)


# --- suggestions ------------------------------------------------------------------------------------


def _response(code, answers, cohort=None, coop=None, trainee=None):
    instrument = Instrument.get(Instrument.code == code)
    return Response.create(uuid=str(uuid.uuid4()), instrument=instrument, version=instrument.current_version,
                           phase="single", respondent="trainee" if cohort else "activity_owner", trainee=trainee,
                           cohort=cohort, cooperative=coop, answers=json.dumps(answers, ensure_ascii=False),
                           payload_hash=uuid.uuid4().hex, submitted_at=dt.datetime(2023, 1, 12, 15))


@pytest.fixture
def gathered(world):
    sync_forms()
    _response("c1_satisfaction", {"suggestions_next_year": "เพิ่มหัวข้อการตลาดออนไลน์", "improve": "ห้องเย็นเกินไป",
                                  "liked": "วิทยากรดี"}, cohort=world.cohort, trainee=world.trainee)
    _response("c1_satisfaction", {"suggestions_next_year": "อยากให้อบรม 3 วัน"}, cohort=world.other_cohort)
    _response("c1_followup", {"remarks": "ขอคู่มือการติดตามหนี้"}, coop=world.coop)
    MonitoringVisit.create(office=world.office, cooperative=world.coop, visited_on=D(2023, 3, 10),
                           visitors="นายตรวจ เยี่ยมดี", findings="ควรเชิญผู้ตรวจสอบบัญชีมาร่วมอบรม")
    Suggestion.create(fiscal_year=2566, course=2, centre=world.centre, source="staff", text="จัดอบรมใกล้ที่ตั้งสหกรณ์")


def test_suggestions_gather_every_source_and_never_show_who(client, world, login_as, gathered):
    login_as("centre_director")
    html = _html(client.get(f"/pdca/centres/{world.centre.id}/suggestions?year=2566"))
    for text in ("เพิ่มหัวข้อการตลาดออนไลน์", "ห้องเย็นเกินไป", "ขอคู่มือการติดตามหนี้",
                 "ควรเชิญผู้ตรวจสอบบัญชีมาร่วมอบรม", "จัดอบรมใกล้ที่ตั้งสหกรณ์"):
        assert text in html
    assert "วิทยากรดี" not in html  # not a suggestion field
    assert "อยากให้อบรม 3 วัน" not in html  # another centre's cohort
    assert world.trainee.full_name not in html  # anonymous
    html = _html(client.get(f"/pdca/centres/{world.centre.id}/suggestions?year=2566&source=visit"))
    assert "ควรเชิญผู้ตรวจสอบบัญชีมาร่วมอบรม" in html and "ห้องเย็นเกินไป" not in html
    html = _html(client.get(f"/pdca/centres/{world.centre.id}/suggestions?year=2566&course=1"))
    assert "จัดอบรมใกล้ที่ตั้งสหกรณ์" not in html and "เพิ่มหัวข้อการตลาดออนไลน์" in html
    assert client.get(f"/pdca/centres/{world.centre.id}/suggestions?source=nonsense").status_code == 404


def test_suggestions_download_csv_and_xlsx(client, world, login_as, gathered):
    login_as("centre_staff")
    response = client.get(f"/pdca/centres/{world.centre.id}/suggestions.csv?year=2566&source=satisfaction")
    assert response.status_code == 200
    text = response.get_data().decode("utf-8-sig")
    assert "เพิ่มหัวข้อการตลาดออนไลน์" in text and "ขอคู่มือการติดตามหนี้" not in text
    assert world.trainee.full_name not in text
    response = client.get(f"/pdca/centres/{world.centre.id}/suggestions.xlsx?year=2566")
    assert response.status_code == 200 and response.data[:2] == b"PK"
    assert client.get(f"/pdca/centres/{world.centre.id}/suggestions.pdf").status_code == 404


def test_staff_add_a_suggestion_and_bad_input_is_refused(client, world, login_as):
    login_as("centre_staff")
    url = f"/pdca/centres/{world.centre.id}/suggestions?year=2566"
    response = client.post(url, data={"text": "   ", "for_course": "1"})
    assert response.status_code == 422
    assert "กรุณากรอกข้อเสนอแนะ" in _html(response)
    assert Suggestion.select().count() == 0
    response = client.post(url, data={"text": "ก" * 2001, "for_course": "1"})
    assert response.status_code == 422 and "ยาวเกิน" in _html(response)
    assert Suggestion.select().count() == 0
    response = client.post(url, data={"text": "เพิ่มเวลาฝึกปฏิบัติ", "for_course": "2"})
    assert response.status_code == 303
    row = Suggestion.get()
    assert (row.source, row.course, row.fiscal_year, row.centre_id, row.created_by_id) == (
        "staff", 2, 2566, world.centre.id, world.users["centre_staff"].id)


def test_provincial_users_cannot_add_suggestions(client, world, login_as):
    login_as("provincial_officer")
    response = client.post(f"/pdca/centres/{world.centre.id}/suggestions", data={"text": "ข้อเสนอ"})
    assert response.status_code == 403
    assert client.get(f"/pdca/centres/{world.centre.id}/suggestions").status_code == 200
