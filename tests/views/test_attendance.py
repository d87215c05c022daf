"""Attendance pages: the day's toggles (htmx and plain form), refusals (locked, outside or future days,
bad marks, another cohort's trainee), the sign-in sheet, coverage by scope, and certificates."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from support import login
from portal.models import Attendance, Cohort, CohortCooperative, Cooperative, CoopType, Trainee, User

D1, D2 = dt.date(2023, 1, 10), dt.date(2023, 1, 11)
HTMX = {"HX-Request": "true"}


def _html(response) -> str:
    return response.get_data(as_text=True)


def _trainee(world, first, last, *, coop=None, prefix="นาย", gender="male", role="board", position="กรรมการ",
             cohort=None):
    return Trainee.create(cohort=cohort or world.cohort, cooperative=coop or world.coop, prefix=prefix,
                          first_name=first, last_name=last, gender=gender, role=role, position=position,
                          token=f"tok-{first}-{last}-{dt.datetime.now().timestamp()}")


def _mark(trainee, day, present, by=None):
    return Attendance.create(trainee=trainee, day=day, present=present, recorded_by=by)


def _marks(world) -> dict:
    return {(a.trainee_id, a.day): a.present for a in Attendance.select()}


def _day_url(world, day=D1, cohort=None):
    return f"/cohorts/{(cohort or world.cohort).id}/attendance/{day.isoformat()}"


# --- the cohort's attendance page --------------------------------------------------------------------


def test_the_attendance_page_lists_the_days_with_counts_and_the_print_links(client, world, login_as):
    _mark(world.trainee, D1, True)
    login_as("centre_staff")
    html = _html(client.get(f"/cohorts/{world.cohort.id}/attendance"))
    assert "การเข้าอบรมและใบลงชื่อ" in html
    assert "วันอังคารที่ 10 มกราคม 2566" in html and "วันพุธที่ 11 มกราคม 2566" in html
    assert "10–11 มกราคม 2566" in html
    assert f'/cohorts/{world.cohort.id}/attendance/2023-01-10' in html
    assert f'/cohorts/{world.cohort.id}/sign-in-sheet?day=2023-01-10&amp;blank=5' in html
    assert "บันทึกการเข้าอบรม" in html
    assert "อบรมครบทุกวัน 0 คน จาก 1 คน" in html


def test_the_executive_reads_but_is_not_offered_recording(client, world, login_as):
    login_as("bureau_exec")
    html = _html(client.get(f"/cohorts/{world.cohort.id}/attendance"))
    assert "ดูรายชื่อ" in html and ">บันทึกการเข้าอบรม<" not in html
    day = _html(client.get(_day_url(world)))
    assert 'type="radio"' not in day and "ยังไม่บันทึก" in day


# --- recording a day -------------------------------------------------------------------------------------


def test_the_day_lists_the_roster_in_thai_order_with_two_toggles_each(client, world, login_as):
    _trainee(world, "เกษม", "ใจดี")  # เก sorts under ก (the leading vowel is skipped): before ขวัญ
    _trainee(world, "ขวัญ", "ดีมาก", prefix="นางสาว", gender="female")
    login_as("centre_staff")
    html = _html(client.get(_day_url(world)))
    names = re.findall(r'class="att-name">([^<]+)<', html)
    assert names == ["นายเกษม ใจดี", "นางสาวขวัญ ดีมาก", "นางสมใจ ทดสอบ"]
    assert f'name="p{world.trainee.id}" value="1"' in html and f'name="p{world.trainee.id}" value="0"' in html
    assert f'hx-post="/cohorts/{world.cohort.id}/attendance/2023-01-10/trainees/{world.trainee.id}"' in html
    assert "บันทึกทั้งหมด" in html and "มาทุกคน" in html


def test_an_htmx_toggle_saves_one_mark_with_who_and_when_and_answers_the_row_and_counts(client, world, login_as):
    login_as("centre_staff")
    response = client.post(f"{_day_url(world)}/trainees/{world.trainee.id}", data={f"p{world.trainee.id}": "1"},
                           headers=HTMX)
    assert response.status_code == 200
    html = _html(response)
    assert html.lstrip().startswith(f'<li class="att-row is-present" id="att-row-{world.trainee.id}"')
    assert 'id="att-counts" class="att-counts" hx-swap-oob="true"' in html
    assert "มา 1 คน" in html
    mark = Attendance.get(Attendance.trainee == world.trainee, Attendance.day == D1)
    assert mark.present is True and mark.recorded_by_id == world.users["centre_staff"].id
    assert mark.recorded_at.date() == dt.date(2023, 3, 15)
    assert "บันทึกโดย centre_staff" in html
    # Toggling back to absent updates the same row.
    client.post(f"{_day_url(world)}/trainees/{world.trainee.id}", data={f"p{world.trainee.id}": "0"}, headers=HTMX)
    assert _marks(world) == {(world.trainee.id, D1): False}
    assert Attendance.select().count() == 1


def test_a_toggle_without_htmx_goes_back_to_the_day(client, world, login_as):
    login_as("centre_director")
    response = client.post(f"{_day_url(world)}/trainees/{world.trainee.id}", data={f"p{world.trainee.id}": "1"})
    assert response.status_code == 303 and response.headers["Location"].endswith(_day_url(world))
    assert _marks(world) == {(world.trainee.id, D1): True}


def test_save_all_writes_only_changed_marks_and_keeps_the_first_recorder(client, world, login_as):
    other = _trainee(world, "ประเสริฐ", "มั่นคง")
    director = world.users["centre_director"]
    _mark(world.trainee, D1, True, by=director)
    login_as("centre_staff")
    response = client.post(_day_url(world), data={f"p{world.trainee.id}": "1", f"p{other.id}": "0"})
    assert response.status_code == 303
    assert _marks(world) == {(world.trainee.id, D1): True, (other.id, D1): False}
    unchanged = Attendance.get(Attendance.trainee == world.trainee)
    assert unchanged.recorded_by_id == director.id  # not overwritten by a save that changed nothing
    html = _html(client.get(_day_url(world)))
    assert "เปลี่ยน 1 รายการ" in html


def test_save_all_warns_about_trainees_left_without_a_mark(client, world, login_as):
    other = _trainee(world, "ประเสริฐ", "มั่นคง")
    login_as("centre_staff")
    client.post(_day_url(world), data={f"p{world.trainee.id}": "1", f"p{other.id}": ""})
    html = _html(client.get(_day_url(world)))
    assert "อีก 1 คน" in html
    assert _marks(world) == {(world.trainee.id, D1): True}


def test_a_tampered_mark_reshows_the_form_with_what_was_typed_and_saves_nothing(client, world, login_as):
    other = _trainee(world, "ประเสริฐ", "มั่นคง")
    login_as("centre_staff")
    response = client.post(_day_url(world), data={f"p{world.trainee.id}": "0", f"p{other.id}": "maybe"})
    assert response.status_code == 422
    html = _html(response)
    assert "เลือก &#34;มา&#34; หรือ &#34;ไม่มา&#34; ให้แต่ละคน" in html or 'เลือก "มา" หรือ "ไม่มา" ให้แต่ละคน' in html
    assert f'id="p{world.trainee.id}-0" name="p{world.trainee.id}" value="0" checked' in html
    assert Attendance.select().count() == 0


def test_mark_all_present_fills_only_unrecorded_trainees(client, world, login_as):
    absent = _trainee(world, "ประเสริฐ", "มั่นคง")
    third = _trainee(world, "วันดี", "ศรีสุข", prefix="นาง", gender="female")
    _mark(absent, D1, False)
    login_as("centre_staff")
    response = client.post(f"{_day_url(world)}/all-present")
    assert response.status_code == 303
    assert _marks(world) == {(absent.id, D1): False, (world.trainee.id, D1): True, (third.id, D1): True}
    assert "ผู้ที่ยังไม่ได้บันทึก 2 คน" in _html(client.get(_day_url(world)))


def test_days_outside_the_cohort_are_refused_and_nothing_is_saved(client, world, login_as):
    login_as("centre_staff")
    outside = dt.date(2023, 1, 12)
    response = client.get(_day_url(world, outside))
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/cohorts/{world.cohort.id}/attendance")
    html = _html(client.get(response.headers["Location"]))
    assert "วันพฤหัสบดีที่ 12 มกราคม 2566 ไม่อยู่ในช่วงวันอบรมของรุ่นนี้ (10–11 มกราคม 2566)" in html
    assert client.post(_day_url(world, outside), data={f"p{world.trainee.id}": "1"}).status_code == 303
    assert client.post(f"{_day_url(world, outside)}/all-present").status_code == 303
    toggled = client.post(f"{_day_url(world, outside)}/trainees/{world.trainee.id}",
                          data={f"p{world.trainee.id}": "1"}, headers=HTMX)
    assert toggled.status_code == 409 and "ไม่อยู่ในช่วงวันอบรม" in _html(toggled)
    assert Attendance.select().count() == 0
    assert client.get(f"/cohorts/{world.cohort.id}/attendance/2023-02-30").status_code == 404


def test_a_day_that_has_not_come_yet_cannot_be_recorded(client, world, login_as):
    cohort = Cohort.create(course=world.course1, centre=world.centre, number=7, starts=dt.date(2023, 3, 15),
                           ends=dt.date(2023, 3, 16), place="ศูนย์ฯ", venue_kind="government")
    trainee = _trainee(world, "อนาคต", "ยังไม่ถึง", cohort=cohort)
    login_as("centre_staff")
    tomorrow = _day_url(world, dt.date(2023, 3, 16), cohort)
    html = _html(client.get(tomorrow))
    assert "ยังไม่ถึงวันอบรมนี้" in html and 'type="radio"' not in html
    client.post(tomorrow, data={f"p{trainee.id}": "1"})
    assert Attendance.select().count() == 0
    client.post(_day_url(world, dt.date(2023, 3, 15), cohort), data={f"p{trainee.id}": "1"})
    assert _marks(world) == {(trainee.id, dt.date(2023, 3, 15)): True}


def test_a_closed_cohort_is_locked(client, world, login_as):
    _mark(world.trainee, D1, True)
    Cohort.update(status="closed").where(Cohort.id == world.cohort.id).execute()
    login_as("centre_staff")
    html = _html(client.get(_day_url(world)))
    assert "การเข้าอบรมถูกล็อก" in html and 'type="radio"' not in html and "บันทึกทั้งหมด" not in html
    response = client.post(_day_url(world), data={f"p{world.trainee.id}": "0"}, follow_redirects=True)
    assert "ปิดการอบรมแล้ว" in _html(response)
    toggled = client.post(f"{_day_url(world)}/trainees/{world.trainee.id}", data={f"p{world.trainee.id}": "0"},
                          headers=HTMX)
    assert toggled.status_code == 409
    client.post(f"{_day_url(world)}/all-present")
    assert _marks(world) == {(world.trainee.id, D1): True}


def test_another_cohorts_trainee_is_404_on_a_toggle(client, world, login_as):
    login_as("bureau_admin")
    response = client.post(f"{_day_url(world)}/trainees/{world.other_trainee.id}",
                           data={f"p{world.other_trainee.id}": "1"}, headers=HTMX)
    assert response.status_code == 404
    assert Attendance.select().count() == 0


def test_a_toggle_needs_the_csrf_token_and_htmx_sends_it_in_a_header(app, client, world, login_as):
    from flask import g

    login_as("centre_staff")
    app.config["WTF_CSRF_ENABLED"] = True
    g.pop("csrf_token", None)  # the test's app context outlives requests: forget the token cached before sign-in
    url = f"{_day_url(world)}/trainees/{world.trainee.id}"
    refused = client.post(url, data={f"p{world.trainee.id}": "1"}, headers=HTMX)
    assert refused.status_code == 400 and Attendance.select().count() == 0
    page = _html(client.get(_day_url(world)))
    header = re.search(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', page).group(1)
    ok = client.post(url, data={f"p{world.trainee.id}": "1"}, headers={**HTMX, "X-CSRFToken": header})
    assert ok.status_code == 200 and _marks(world) == {(world.trainee.id, D1): True}
    # The plain form carries the token as a field.
    field = re.search(r'<form method="post" action="[^"]+/2023-01-10" id="att-form" class="att-form">\s*'
                      r'<input type="hidden" name="csrf_token" value="([^"]+)">', page).group(1)
    saved = client.post(_day_url(world), data={f"p{world.trainee.id}": "0", "csrf_token": field})
    assert saved.status_code == 303 and _marks(world) == {(world.trainee.id, D1): False}


# --- the sign-in sheet ------------------------------------------------------------------------------------


def test_the_sign_in_sheet_has_the_cohorts_header_and_the_five_columns(client, world, login_as):
    login_as("centre_staff")
    html = _html(client.get(f"/cohorts/{world.cohort.id}/sign-in-sheet?day=2023-01-11"))
    assert "ใบลงลายมือชื่อผู้เข้ารับการฝึกอบรม" in html
    assert "“พัฒนากรรมการสหกรณ์เข้มแข็งทั้งคณะ” รุ่นที่ 1" in html
    sheet = html[html.index('<article class="att-paper att-sheet">'):]
    assert "วันพุธที่ 11 มกราคม 2566" in sheet and "วันอังคารที่ 10" not in sheet
    assert html.count('<article class="att-paper att-sheet">') == 1
    assert "(วันที่ 2 จาก 2 วัน)" in html
    assert "ณ ห้องประชุมสหกรณ์" in html and world.coop.name in html
    heads = re.findall(r'<th scope="col">([^<]+)</th>', html)
    assert heads == ["ลำดับ", "ชื่อ–นามสกุล", "ตำแหน่ง", "สหกรณ์", "ลายมือชื่อ"]
    assert "นางสมใจ ทดสอบ" in html and "ประธานกรรมการ" in html
    assert "ผู้รับรอง" in html and "ขอรับรองว่า" in html
    assert html.count('class="att-blank"') == 0


def test_every_day_gets_its_own_sheet_and_the_walk_in_variant_adds_numbered_blank_rows(client, world, login_as):
    login_as("centre_staff")
    html = _html(client.get(f"/cohorts/{world.cohort.id}/sign-in-sheet?blank=3"))
    assert html.count('<article class="att-paper att-sheet">') == 2
    assert html.count('class="att-blank"') == 6  # three per day
    assert re.search(r'<tr class="att-blank"><td class="num">4</td>', html)
    capped = _html(client.get(f"/cohorts/{world.cohort.id}/sign-in-sheet?day=2023-01-10&blank=500"))
    assert capped.count('class="att-blank"') == 40


def test_the_sheet_groups_several_cooperatives_in_thai_order_and_uses_the_agenda_hours(client, world, login_as):
    agri = CoopType.get(CoopType.code == "agricultural")
    second = Cooperative.create(name="สหกรณ์การเกษตรเกาะกลาง จำกัด", registration_no="TEST-003", coop_type=agri,
                                office=world.office, board_size=9)
    CohortCooperative.create(cohort=world.cohort, cooperative=second)
    _trainee(world, "บุญมี", "มีสุข", coop=second)
    Cohort.update(day_starts=dt.time(9, 0), day_ends=dt.time(16, 30)).where(Cohort.id == world.cohort.id).execute()
    login_as("centre_staff")
    html = _html(client.get(f"/cohorts/{world.cohort.id}/sign-in-sheet?day=2023-01-10"))
    groups = re.findall(r'<tr class="att-group"><th colspan="5" scope="rowgroup">([^<]+)</th>', html)
    # เกาะ sorts under ก with the vowel skipped: กะ… before บ้าน… ("การเกษตรเกาะ" < "การเกษตรบ้าน")
    assert groups == ["สหกรณ์การเกษตรเกาะกลาง จำกัด", "สหกรณ์การเกษตรบ้านทดสอบ จำกัด"]
    assert "09.00–16.30 น." in html
    numbers = re.findall(r'<td class="num">(\d+)</td>', html)
    assert numbers == ["1", "2"]


def test_a_sheet_for_a_day_outside_the_cohort_is_refused(client, world, login_as):
    login_as("centre_staff")
    response = client.get(f"/cohorts/{world.cohort.id}/sign-in-sheet?day=2023-02-01")
    assert response.status_code == 303


# --- coverage -------------------------------------------------------------------------------------------


def _board(world, n, coop=None, present_days=(D1,)):
    people = []
    for i in range(n):
        t = _trainee(world, f"กรรมการ{i:02d}", "ทดสอบ", coop=coop, gender="female" if i % 2 else "male")
        for d in present_days:
            _mark(t, d, True)
        people.append(t)
    return people


def test_coverage_shows_the_whole_board_and_the_target_by_gender(client, world, login_as):
    Cooperative.update(board_size=3).where(Cooperative.id == world.coop.id).execute()
    _mark(world.trainee, D2, True)
    _board(world, 2)
    login_as("centre_director")
    html = _html(client.get(f"/cohorts/{world.cohort.id}/coverage"))
    assert "ครบทั้งคณะ" in html
    row = html[html.index(world.coop.name):]
    cells = re.findall(r'<td class="num">([^<]*)</td>', row)[:9]
    # board 3, trained 3, 100%, target 20, trained 3, 15%, women 2, men 1, complete 0
    assert cells == ["3", "3", "100.00%", "20", "3", "15.00%", "2", "1", "0"]
    assert "ผู้ผ่านการอบรม คือ ผู้มีรายชื่อในรุ่นที่ลงชื่อเข้าอบรม (มา) อย่างน้อย 1 วัน" in html


def test_coverage_with_an_unknown_board_size_says_so(client, world, login_as):
    Cooperative.update(board_size=None).where(Cooperative.id == world.coop.id).execute()
    login_as("bureau_exec")
    html = _html(client.get(f"/cohorts/{world.cohort.id}/coverage"))
    assert "ไม่ทราบจำนวนกรรมการ" in html and "ครบทั้งคณะ<" not in html


def test_a_provincial_officer_reads_coverage_of_own_cooperatives_only(client, world, login_as):
    agri = CoopType.get(CoopType.code == "agricultural")
    elsewhere = Cooperative.create(name="สหกรณ์นอกเขต จำกัด", registration_no="TEST-009", coop_type=agri,
                                   office=world.other_office, board_size=9)
    CohortCooperative.create(cohort=world.cohort, cooperative=elsewhere)
    _board(world, 2, coop=elsewhere)
    login_as("provincial_officer")
    html = _html(client.get(f"/cohorts/{world.cohort.id}/coverage"))
    assert world.coop.name in html and "สหกรณ์นอกเขต จำกัด" not in html
    assert "แสดงเฉพาะสหกรณ์ในความรับผิดชอบของสำนักงานของท่าน" in html
    assert f'/cohorts/{world.cohort.id}/attendance"' not in html  # no link to pages it may not open
    assert client.get(f"/cohorts/{world.cohort.id}/attendance").status_code == 403
    assert client.get(f"/cohorts/{world.other_cohort.id}/coverage").status_code == 404


def test_the_other_office_cannot_see_a_cohort_that_trains_none_of_its_cooperatives(client, world):
    login(client, world.other_users["provincial_officer"])
    assert client.get(f"/cohorts/{world.cohort.id}/coverage").status_code == 404
    assert client.get(f"/cohorts/{world.other_cohort.id}/coverage").status_code == 200


# --- certificates ----------------------------------------------------------------------------------------


def test_certificates_go_to_trainees_present_every_day_others_are_listed_with_missed_days(client, world, login_as):
    _mark(world.trainee, D1, True)
    _mark(world.trainee, D2, True)
    partial = _trainee(world, "ครึ่งวัน", "มาไม่ครบ")
    _mark(partial, D1, True)
    _mark(partial, D2, False)
    never = _trainee(world, "ไม่มา", "เลย")
    director = world.users["centre_director"]
    User.update(prefix="นาย", first_name="สมศักดิ์", last_name="ผู้อำนวย",
                position="ผู้อำนวยการศูนย์ถ่ายทอดเทคโนโลยีการสหกรณ์ที่ 1").where(User.id == director.id).execute()
    login_as("centre_staff")
    html = _html(client.get(f"/cohorts/{world.cohort.id}/certificates"))
    assert html.count('<article class="att-cert">') == 1
    cert = html[html.index('<article class="att-cert">'):]
    assert "กรมส่งเสริมสหกรณ์" in cert and world.centre.name_th in cert
    assert "ขอมอบวุฒิบัตรฉบับนี้ให้ไว้เพื่อแสดงว่า" in cert and "นางสมใจ ทดสอบ" in cert
    assert "ได้ผ่านการฝึกอบรมหลักสูตร “พัฒนากรรมการสหกรณ์เข้มแข็งทั้งคณะ” รุ่นที่ 1" in cert
    assert "ระหว่างวันที่ 10–11 มกราคม 2566</p>" in cert and "ณ ห้องประชุมสหกรณ์</p>" in cert
    assert "ให้ไว้ ณ วันที่ 11 มกราคม 2566" in cert
    assert "(นายสมศักดิ์ ผู้อำนวย)" in cert
    assert "เลขที่ ศ.1/2566/ห1-ร1/001" in cert  # the world's trainee was entered first; serials follow entry order
    missed = html[html.index("ผู้ที่ยังไม่มีสิทธิ์ได้รับวุฒิบัตร"):html.index('<article class="att-cert">')]
    assert "นายครึ่งวัน มาไม่ครบ" in missed and "วันที่ 2 (11 ม.ค. 2566)" in missed
    assert "นายไม่มา เลย" in missed and "วันที่ 1 (10 ม.ค. 2566), วันที่ 2 (11 ม.ค. 2566)" in missed
    assert "ผู้มีสิทธิ์ได้รับวุฒิบัตร (อบรมครบทุกวัน) 1 คน จาก 3 คน" in html
    # One certificate alone; a trainee without the right gets none.
    one = _html(client.get(f"/cohorts/{world.cohort.id}/certificates?trainee={world.trainee.id}"))
    assert one.count('<article class="att-cert">') == 1
    assert client.get(f"/cohorts/{world.cohort.id}/certificates?trainee={partial.id}").status_code == 404
    assert client.get(f"/cohorts/{world.cohort.id}/certificates?trainee={never.id}").status_code == 404


def test_without_a_director_account_the_signature_name_is_left_to_write(client, world, login_as):
    User.update(active=False).where(User.id == world.users["centre_director"].id).execute()
    _mark(world.trainee, D1, True)
    _mark(world.trainee, D2, True)
    login_as("centre_staff")
    html = _html(client.get(f"/cohorts/{world.cohort.id}/certificates"))
    assert "ยังไม่มีบัญชีผู้อำนวยการศูนย์ฯ ในระบบ" in html
    assert "ผู้อำนวยการศูนย์ถ่ายทอดเทคโนโลยีการสหกรณ์ที่ 1" in html


@pytest.mark.parametrize("path", ["attendance", "attendance/2023-01-17", "sign-in-sheet", "certificates", "coverage"])
def test_another_centres_cohort_is_404_for_centre_staff(client, world, login_as, path):
    login_as("centre_staff")
    assert client.get(f"/cohorts/{world.other_cohort.id}/{path}").status_code == 404


def test_pages_speak_english_when_asked(client, world, login_as):
    login_as("centre_staff")
    with client.session_transaction() as session:
        session["lang"] = "en"
    html = _html(client.get(f"/cohorts/{world.cohort.id}/sign-in-sheet?day=2023-01-10"))
    assert "Tuesday 10 January 2023" in html


# --- the service's guarantees --------------------------------------------------------------------------


def test_a_posted_trainee_of_another_cohort_refuses_the_whole_save(client, world, login_as):
    login_as("centre_staff")
    response = client.post(_day_url(world), data={f"p{world.trainee.id}": "1", f"p{world.other_trainee.id}": "1"},
                           follow_redirects=True)
    assert "ไม่พบผู้เข้ารับการอบรมบางรายในรายชื่อของรุ่นนี้" in _html(response)
    assert Attendance.select().count() == 0


def test_a_first_mark_lost_to_a_concurrent_writer_is_retried_once(world, monkeypatch):
    import peewee as pw

    from portal.services import attendance as service

    calls = []
    real = service._record

    def racing(*args):
        calls.append(1)
        if len(calls) == 1:
            _mark(world.trainee, D1, False)  # the other writer's row lands first
            raise pw.IntegrityError("UNIQUE constraint failed: attendance.trainee_id, attendance.day")
        return real(*args)

    monkeypatch.setattr(service, "_record", racing)
    changes = service.record(world.cohort, D1, {world.trainee.id: True}, None,
                             dt.datetime(2023, 1, 10, 9, 0), dt.date(2023, 3, 15))
    assert changes == {world.trainee.id: True} and len(calls) == 2
    assert _marks(world) == {(world.trainee.id, D1): True}


def test_the_attendance_page_links_back_to_the_cohort_and_to_the_roster_when_it_is_empty(client, world, login_as):
    Trainee.delete().execute()
    login_as("centre_staff")
    html = _html(client.get(f"/cohorts/{world.cohort.id}/attendance"))
    assert f'href="/cohorts/{world.cohort.id}"' in html
    assert "ยังไม่มีรายชื่อผู้เข้ารับการอบรมในรุ่นนี้" in html
    assert f'href="/cohorts/{world.cohort.id}/roster"' in html
