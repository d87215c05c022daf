"""The year-setup pages: who may do what, the forms, the refusals (Thai and English), nothing saved on bad input."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from flask import g

from support import login
from portal.models import (
    CentreBudget,
    Course,
    CourseStep,
    Kpi,
    KpiTarget,
    Office,
    OfficeQuota,
    ProgrammeYear,
    Province,
)
from portal.services import planning as service


def _html(response) -> str:
    return response.get_data(as_text=True)


def _main(response) -> str:
    return _html(response).split("<main", 1)[1].split("</main>", 1)[0]


@pytest.fixture
def year2567(world):
    """A full year set up from the seed (the World's 2566 has courses without steps or KPIs)."""
    return service.create_year(2567)


def _kpi(year, code):
    return Kpi.get((Kpi.year == year) & (Kpi.code == code))


def _target(kpi, centre, province=None):
    where = (KpiTarget.kpi == kpi) & (KpiTarget.centre == centre)
    where &= KpiTarget.province.is_null() if province is None else (KpiTarget.province == province)
    row = KpiTarget.get_or_none(where)
    return None if row is None else row.target


def _english(client):
    client.post("/language", data={"lang": "en", "next": "/"})


# --- the years page and creating a year ------------------------------------------------------------


def test_the_years_page_lists_years_and_only_the_administrator_gets_the_create_form(client, world, login_as):
    login_as("bureau_exec")
    html = _main(client.get("/planning/"))
    assert "ปีงบประมาณ พ.ศ. 2566" in html and 'href="/planning/2566"' in html
    assert "ส่งได้ถึงวันที่ 15 ธ.ค. 2565" in html
    assert "สร้างปีงบประมาณ" not in html and 'action="/planning/years"' not in html
    assert client.post("/planning/years", data={"fiscal_year": "2567", "source": ""}).status_code == 403
    assert ProgrammeYear.of(2567) is None
    login(client, world.users["bureau_admin"])
    html = _main(client.get("/planning/"))
    assert 'action="/planning/years"' in html
    assert 'value="2567"' in html  # the next year is suggested
    assert "คัดลอกจากปีงบประมาณ 2566" in html


def test_the_administrator_creates_a_fresh_year_from_the_seed(client, world, login_as):
    login_as("bureau_admin")
    response = client.post("/planning/years", data={"fiscal_year": "2567", "source": ""})
    assert response.status_code == 303 and response.headers["Location"].endswith("/planning/2567")
    html = _html(client.get("/planning/2567"))
    assert "สร้างปีงบประมาณ 2567 ตามแนวทางของกรมฯ แล้ว" in html
    main = html.split("<main", 1)[1]
    assert "ปีงบประมาณ พ.ศ. 2567" in main
    assert "ส่งได้ถึงวันที่ 15 ธ.ค. 2566" in main  # the seed's 15 Dec 2565 one year later
    assert "พัฒนากรรมการสหกรณ์เข้มแข็งทั้งคณะ" in main and "สหกรณ์ละ 28 คน" in main
    assert "25–26 ต.ค. 2566" in main  # step 1 planned, moved one year
    assert "1 ธ.ค. 2566 – 31 พ.ค. 2567" in main  # step 4 across calendar years
    assert "สำนักงานละ 2 แห่ง" in main
    assert main.count('class="planning-block"') == 20  # every centre with its provinces beneath
    assert "ร้อยละของผู้เข้ารับการอบรมที่มีคะแนนทดสอบหลังการอบรมสูงกว่าก่อนการอบรม" in main
    assert "ยังไม่ได้บันทึก" in main  # the workshop is a record, not a setting
    assert Kpi.select().join(ProgrammeYear).where(ProgrammeYear.fiscal_year == 2567).count() == 9


def test_a_year_that_exists_or_lies_outside_2500_to_2700_is_refused_with_what_was_typed(client, world, login_as):
    login_as("bureau_admin")
    response = client.post("/planning/years", data={"fiscal_year": "2566", "source": ""})
    assert response.status_code == 200
    html = _main(response)
    assert "ปีงบประมาณ 2566 ตั้งค่าไว้แล้ว" in html and "ยังไม่ได้บันทึก" in html
    assert 'value="2566"' in html
    assert CourseStep.select().count() == 0 and Kpi.select().count() == 0  # nothing added to the World's 2566
    html = _main(client.post("/planning/years", data={"fiscal_year": "2701", "source": ""}))
    assert "ปีงบประมาณต้องอยู่ระหว่าง พ.ศ. 2500 ถึง 2700" in html and 'value="2701"' in html
    html = _main(client.post("/planning/years", data={"fiscal_year": "", "source": ""}))
    assert "กรุณากรอกปีงบประมาณ" in html
    _english(client)
    html = _main(client.post("/planning/years", data={"fiscal_year": "2499", "source": "2566"}))
    assert "The fiscal year must be between 2500 and 2700" in html
    assert ProgrammeYear.select().count() == 1


def test_copying_a_year_onto_one_that_exists_is_refused(client, world, year2567, login_as):
    login_as("bureau_admin")
    html = _main(client.post("/planning/years", data={"fiscal_year": "2567", "source": "2566"}))
    assert "ปีงบประมาณ 2567 ตั้งค่าไว้แล้ว" in html
    assert ProgrammeYear.select().count() == 2


def test_copying_2567_into_2568_moves_dates_and_keeps_settings(client, world, year2567, login_as):
    centre1, course1 = world.centre, Course.get((Course.fiscal_year == 2567) & (Course.number == 1))
    service.set_budgets(year2567, {(centre1.id, course1.id): Decimal(120000)})
    service.record_workshop(year2567, starts=dt.date(2023, 10, 25), ends=dt.date(2023, 10, 26), place="กรมฯ",
                            attendees=60, notes="", by_user_id=world.users["bureau_admin"].id)
    login_as("bureau_admin")
    response = client.post("/planning/years", data={"fiscal_year": "2568", "source": "2567"})
    assert response.status_code == 303
    html = _html(client.get("/planning/2568"))
    assert "โดยคัดลอกจากปี 2567 แล้ว (เลื่อนวันที่ทั้งหมด 1 ปี)" in html
    assert "ส่งได้ถึงวันที่ 15 ธ.ค. 2567" in html
    assert "120,000.00 บาท" in html
    copy = ProgrammeYear.of(2568)
    assert copy.workshop_recorded_at is None


# --- reading: scope and no edit buttons -------------------------------------------------------------------


def test_a_centre_reads_its_own_budget_and_targets_only_and_gets_404_for_another_centre(client, world, year2567,
                                                                                     login_as):
    course1 = Course.get((Course.fiscal_year == 2567) & (Course.number == 1))
    service.set_budgets(year2567, {(world.centre.id, course1.id): Decimal("250000"),
                                   (world.other_centre.id, course1.id): Decimal("777777")})
    login_as("centre_director")
    main = _main(client.get("/planning/2567"))
    assert "250,000.00 บาท" in main and "777,777.00" not in main
    assert "ศูนย์ฯ ที่ 1" in main and "ศูนย์ฯ ที่ 2<" not in main
    assert world.province.name_th in main and world.other_province.name_th not in main
    assert "แก้ไข" not in main and "/settings" not in main and "/targets" not in main
    assert client.get(f"/planning/2567/centres/{world.centre.id}").status_code == 200
    assert client.get(f"/planning/2567/centres/{world.other_centre.id}").status_code == 404
    assert client.get("/planning/2599").status_code == 404


def test_an_office_reads_its_provinces_targets_and_its_own_quota_but_no_budget(client, world, year2567, login_as):
    course1 = Course.get((Course.fiscal_year == 2567) & (Course.number == 1))
    service.set_budgets(year2567, {(world.centre.id, course1.id): Decimal("250000")})
    login_as("provincial_head")
    main = _main(client.get("/planning/2567"))
    assert world.province.name_th in main
    other_provinces = [p.name_th for p in Province.select().where(Province.centre == world.centre,
                                                                   Province.id != world.province.id)]
    assert not any(f">{name}<" in main for name in other_provinces)
    assert "planning-centre-row" not in main  # the centre's own row is the centre's business
    assert "250,000.00" not in main and 'id="budgets"' not in main
    assert world.office.short_th in main and "สสพ.1" not in main
    for path in ("/planning/2567/settings", "/planning/2567/quotas", f"/planning/2567/centres/{world.centre.id}/targets"):
        assert client.get(path).status_code == 403
        assert client.post(path, data={}).status_code == 403


def test_the_administrator_sees_edit_buttons_and_every_office_with_bangkok_areas_on_their_own_rows(
        client, world, year2567, login_as):
    login_as("bureau_admin")
    main = _main(client.get("/planning/2567"))
    for path in ("/planning/2567/settings", "/planning/2567/quotas", "/planning/2567/budgets", "/planning/2567/kpis",
                 "/planning/2567/courses/1", "/planning/2567/courses/2", "/planning/2567/workshop",
                 f"/planning/2567/centres/{world.centre.id}/targets"):
        assert f'href="{path}' in main, path
    quotas = _main(client.get("/planning/2567/quotas"))
    area1, area2 = Office.get(Office.code == "10-1"), Office.get(Office.code == "10-2")
    assert f'name="q-{area1.id}"' in quotas and f'name="q-{area2.id}"' in quotas
    assert quotas.count('name="q-') == Office.select().count()


# --- settings: deadline and default quota ------------------------------------------------------------------------


def test_the_deadline_is_the_last_day_on_time_and_a_negative_quota_is_refused(client, world, year2567, login_as):
    login_as("bureau_admin")
    form = _main(client.get("/planning/2567/settings"))
    assert 'value="15/12/2566"' in form and 'value="2"' in form
    response = client.post("/planning/2567/settings", data={"selection_deadline": "20/12/2566", "default_quota": "-1"})
    html = _main(response)
    assert response.status_code == 200 and "โควตาต้องไม่ติดลบ" in html and 'value="-1"' in html
    assert 'value="20/12/2566"' in html  # what was typed stays
    html = _main(client.post("/planning/2567/settings", data={"selection_deadline": "20/12/2567", "default_quota": "3"}))
    assert "ต้องอยู่ในปีงบประมาณ 2567" in html
    html = _main(client.post("/planning/2567/settings", data={"selection_deadline": "31/02/2566", "default_quota": "3"}))
    assert "วันที่ไม่ถูกต้อง" in html
    year = ProgrammeYear.of(2567)
    assert (year.selection_deadline, year.default_quota) == (dt.date(2023, 12, 15), 2)
    response = client.post("/planning/2567/settings", data={"selection_deadline": "20/12/2566", "default_quota": "3"})
    assert response.status_code == 303
    main = _main(client.get("/planning/2567"))
    assert "ส่งได้ถึงวันที่ 20 ธ.ค. 2566" in main and "สำนักงานละ 3 แห่ง" in main


# --- a course and its step windows ---------------------------------------------------------------------------------


def _course_data(**changes):
    data = {"name_th": "พัฒนากรรมการสหกรณ์เข้มแข็งทั้งคณะ", "name_en": "Strong whole board", "days": "2",
            "people_per_cooperative": "20", "cooperatives_per_province": "2"}
    for n, (a, b) in enumerate((("25/10/2566", "26/10/2566"), ("01/11/2566", "15/12/2566"),
                                ("01/12/2566", "31/12/2566"), ("01/12/2566", "31/05/2567"),
                                ("01/03/2567", "31/07/2567")), start=1):
        data[f"step_{n}_starts"], data[f"step_{n}_ends"] = a, b
    data.update(changes)
    return data


def test_a_step_that_ends_before_it_starts_is_refused_and_nothing_changes(client, world, year2567, login_as):
    login_as("bureau_admin")
    form = _main(client.get("/planning/2567/courses/1"))
    assert 'value="25/10/2566"' in form and "ขั้นตอนที่ 5" in form
    response = client.post("/planning/2567/courses/1",
                           data=_course_data(name_th="ชื่อใหม่", step_3_starts="10/01/2567", step_3_ends="09/01/2567"))
    html = _main(response)
    assert response.status_code == 200
    assert "วันสิ้นสุด (9 ม.ค. 2567) ต้องไม่ก่อนวันเริ่มต้น (10 ม.ค. 2567)" in html
    assert 'value="ชื่อใหม่"' in html and 'value="09/01/2567"' in html
    course = Course.get((Course.fiscal_year == 2567) & (Course.number == 1))
    assert course.name_th == "พัฒนากรรมการสหกรณ์เข้มแข็งทั้งคณะ"
    assert CourseStep.get((CourseStep.course == course) & (CourseStep.step_no == 3)).ends == dt.date(2023, 12, 31)
    html = _main(client.post("/planning/2567/courses/1", data=_course_data(days="0", people_per_cooperative="", name_en="")))
    assert "จำนวนวันอบรมต้องไม่น้อยกว่า 1" in html and "กรุณากรอกจำนวนผู้เข้ารับการอบรมต่อสหกรณ์" in html
    assert "กรุณากรอกชื่อหลักสูตร (ภาษาอังกฤษ)" in html
    _english(client)
    html = _main(client.post("/planning/2567/courses/1", data=_course_data(step_1_starts="27/10/2566")))
    assert "The end (26 Oct 2023) must not be before the start (27 Oct 2023)" in html


def test_a_course_as_run_that_year_is_saved(client, world, year2567, login_as):
    login_as("bureau_admin")
    response = client.post("/planning/2567/courses/2", data={
        "name_th": "พัฒนาสมาชิก ฉบับปี 2567", "name_en": "Members 2567", "days": "2", "people_per_cooperative": "30",
        "cooperatives_per_province": "3", "step_1_starts": "01/04/2567", "step_1_ends": "30/04/2567",
        "step_2_starts": "01/05/2567", "step_2_ends": "31/07/2567", "step_3_starts": "", "step_3_ends": ""})
    assert response.status_code == 303 and response.headers["Location"].endswith("/planning/2567#course-2")
    course = Course.get((Course.fiscal_year == 2567) & (Course.number == 2))
    assert (course.name_th, course.days, course.people_per_cooperative, course.cooperatives_per_province) == (
        "พัฒนาสมาชิก ฉบับปี 2567", 2, 30, 3)
    step3 = CourseStep.get((CourseStep.course == course) & (CourseStep.step_no == 3))
    assert step3.starts is None and step3.ends is None
    main = _main(client.get("/planning/2567"))
    assert "สหกรณ์ละ 30 คน" in main and "จังหวัดละ 3 แห่ง" in main
    assert client.get("/planning/2567/courses/7").status_code == 404


# --- quotas, budgets ---------------------------------------------------------------------------------------------------


def test_office_quotas_refuse_negatives_and_blank_means_the_default(client, world, year2567, login_as):
    area1, area2 = Office.get(Office.code == "10-1"), Office.get(Office.code == "10-2")
    login_as("bureau_admin")
    response = client.post("/planning/2567/quotas", data={f"q-{area1.id}": "3", f"q-{area2.id}": "-1"})
    html = _main(response)
    assert "โควตาต้องไม่ติดลบ (ได้ -1)" in html and 'value="-1"' in html and 'value="3"' in html
    assert OfficeQuota.select().count() == 0
    response = client.post("/planning/2567/quotas", data={f"q-{area1.id}": "3", f"q-{area2.id}": "1"})
    assert response.status_code == 303
    year = ProgrammeYear.of(2567)
    assert (year.quota_for(area1.id), year.quota_for(area2.id), year.quota_for(world.office.id)) == (3, 1, 2)
    client.post("/planning/2567/quotas", data={f"q-{area1.id}": "", f"q-{area2.id}": "1"})
    assert year.quota_for(area1.id) == 2


def test_budgets_are_amounts_with_a_total_row_and_never_negative(client, world, year2567, login_as):
    c1 = Course.get((Course.fiscal_year == 2567) & (Course.number == 1))
    c2 = Course.get((Course.fiscal_year == 2567) & (Course.number == 2))
    login_as("bureau_admin")
    bad = {f"b-{world.centre.id}-{c1.id}": "150,000", f"b-{world.other_centre.id}-{c2.id}": "-10"}
    html = _main(client.post("/planning/2567/budgets", data=bad))
    assert "งบประมาณต้องไม่ติดลบ" in html and 'value="150,000"' in html
    assert CentreBudget.select().count() == 0
    good = {f"b-{world.centre.id}-{c1.id}": "150,000", f"b-{world.centre.id}-{c2.id}": "45600",
            f"b-{world.other_centre.id}-{c2.id}": "10000.5"}
    assert client.post("/planning/2567/budgets", data=good).status_code == 303
    main = _main(client.get("/planning/2567"))
    budgets = main[main.index('id="budgets"'):main.index('id="kpis"')]
    assert "150,000.00 บาท" in budgets and "45,600.00 บาท" in budgets
    assert "195,600.00 บาท" in budgets  # centre 1's row total
    tfoot = budgets[budgets.index("<tfoot>"):]
    assert "รวม" in tfoot and "205,600.50 บาท" in tfoot and "150,000.00 บาท" in tfoot and "55,600.50 บาท" in tfoot


# --- KPIs and targets --------------------------------------------------------------------------------------------------------


def test_kpi_defaults_refuse_percent_over_100_and_may_reset_every_target(client, world, year2567, login_as):
    login_as("bureau_admin")
    kpis = list(Kpi.select().where(Kpi.year == year2567).order_by(Kpi.sort_order))
    data = {f"k-{k.id}": str(k.default_target) for k in kpis}
    pct = _kpi(year2567, "post_beats_pre")
    count = _kpi(year2567, "coops_trained_c1")
    html = _main(client.post("/planning/2567/kpis", data={**data, f"k-{pct.id}": "120"}))
    assert "เป้าหมายที่เป็นร้อยละต้องไม่เกิน 100 (ได้ 120)" in html
    assert Kpi.get_by_id(pct.id).default_target == Decimal(80)
    response = client.post("/planning/2567/kpis", data={**data, f"k-{count.id}": "3", "reset_targets": "1"})
    assert response.status_code == 303
    bangkok = Province.get(Province.code == "10")
    assert _target(count, world.centre, bangkok) == Decimal(6)


def test_targets_per_centre_with_its_provinces_refuse_bad_values_and_keep_what_was_typed(client, world, year2567,
                                                                                       login_as):
    pct = _kpi(year2567, "satisfaction_high")
    count = _kpi(year2567, "coops_trained_c1")
    p = world.province.id
    login_as("bureau_admin")
    form = _main(client.get(f"/planning/2567/centres/{world.centre.id}/targets"))
    assert f'name="t-{count.id}-{p}"' in form and f'name="t-{count.id}-c"' in form
    assert f'aria-label="ตัวชี้วัดที่ 1 · {world.province.name_th}"' in form
    data = {f"t-{count.id}-{p}": "3", f"t-{pct.id}-{p}": "101", f"t-{count.id}-c": "-2"}
    response = client.post(f"/planning/2567/centres/{world.centre.id}/targets", data=data)
    html = _main(response)
    assert response.status_code == 200
    assert "เป้าหมายที่เป็นร้อยละต้องไม่เกิน 100 (ได้ 101)" in html and "เป้าหมายต้องไม่ติดลบ" in html
    assert f"ตัวชี้วัดที่ 6 · {world.province.name_th}" in html  # the summary names the cell
    assert 'value="101"' in html and 'value="3"' in html
    assert _target(count, world.centre, world.province) == Decimal(2)
    assert _target(pct, world.centre, world.province) == Decimal(80)
    html = _main(client.post(f"/planning/2567/centres/{world.centre.id}/targets", data={f"t-{count.id}-{p}": "2.5"}))
    assert "ต้องเป็นจำนวนเต็ม" in html
    response = client.post(f"/planning/2567/centres/{world.centre.id}/targets",
                           data={f"t-{count.id}-{p}": "3", f"t-{pct.id}-{p}": "ร้อยละ 90", f"t-{count.id}-c": ""})
    assert response.status_code == 303
    assert _target(count, world.centre, world.province) == Decimal(3)
    assert _target(pct, world.centre, world.province) == Decimal(90)
    assert _target(count, world.centre) is None  # blank: no target for the centre
    page = _html(client.get(f"/planning/2567/centres/{world.centre.id}"))
    assert "บันทึกเป้าหมายของศูนย์ฯ ที่ 1 แล้ว" in page  # the flash after the redirect
    row = page[page.index(f">{world.province.name_th}<"):]
    row = row[:row.index("</tr>")]
    assert re.findall(r'<td class="num">([^<]*)</td>', row)[:6] == ["3", "40", "2", "56", "80", "90"]
    _english(client)
    html = _main(client.post(f"/planning/2567/centres/{world.centre.id}/targets", data={f"t-{pct.id}-{p}": "150"}))
    assert "A percentage target must be at most 100 (got 150)" in html


def test_a_centre_target_that_is_not_the_sum_of_its_provinces_is_flagged(client, world, year2567, login_as):
    count = _kpi(year2567, "coops_trained_c1")
    service.set_targets(year2567, world.centre, {(count.id, world.province.id): Decimal(5)})
    login_as("bureau_exec")
    main = _main(client.get(f"/planning/2567/centres/{world.centre.id}"))
    assert "≠ ผลรวมจังหวัด" in main


def test_htmx_posts_answer_the_form_alone_on_errors_and_redirect_on_success(client, world, year2567, login_as):
    pct = _kpi(year2567, "satisfaction_high")
    p = world.province.id
    login_as("bureau_admin")
    url = f"/planning/2567/centres/{world.centre.id}/targets"
    response = client.post(url, data={f"t-{pct.id}-{p}": "101"}, headers={"HX-Request": "true"})
    fragment = _html(response)
    assert response.status_code == 200 and "<html" not in fragment
    assert fragment.lstrip().startswith("<form") and 'hx-post="' + url + '"' in fragment
    response = client.post(url, data={f"t-{pct.id}-{p}": "95"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.headers["HX-Redirect"].endswith(f"/planning/2567/centres/{world.centre.id}#targets")
    assert _target(pct, world.centre, world.province) == Decimal(95)


# --- step 1: the planning workshop ----------------------------------------------------------------------------------------------


def test_the_workshop_is_recorded_with_who_and_when_and_shown_on_the_year_page(client, world, login_as):
    login_as("bureau_admin")
    form = _main(client.get("/planning/2566/workshop"))
    assert "วันเริ่มประชุม" in form
    bad = {"starts": "26/10/2565", "ends": "25/10/2565", "place": "", "attendees": "60"}
    html = _main(client.post("/planning/2566/workshop", data=bad))
    assert "ต้องไม่ก่อนวันเริ่มต้น" in html and 'value="26/10/2565"' in html
    assert ProgrammeYear.of(2566).workshop_recorded_at is None
    good = {"starts": "25/10/2565", "ends": "26/10/2565", "place": "กรมส่งเสริมสหกรณ์ กรุงเทพมหานคร",
            "attendees": "60", "notes": "ได้เป้าหมายและวิธีดำเนินงาน"}
    html = _main(client.post("/planning/2566/workshop", data={**good, "place": " "}))
    assert "กรุณากรอกสถานที่ประชุม" in html
    response = client.post("/planning/2566/workshop", data=good)
    assert response.status_code == 303
    year = ProgrammeYear.of(2566)
    assert year.workshop_recorded_by_id == world.users["bureau_admin"].id
    assert year.workshop_recorded_at.date() == dt.date(2023, 3, 15)  # the pinned today
    login(client, world.users["provincial_officer"])
    main = _main(client.get("/planning/2566"))
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))
    assert "ดำเนินการแล้ว เมื่อ 25–26 ต.ค. 2565 ณ กรมส่งเสริมสหกรณ์ กรุงเทพมหานคร · ผู้เข้าร่วม 60 คน" in text
    assert "ได้เป้าหมายและวิธีดำเนินงาน" in text and "บันทึกโดย bureau_admin ทดสอบ เมื่อ 15 มี.ค. 2566" in text


def test_posts_need_the_csrf_token(csrf_app, world):
    client = csrf_app.test_client()
    login_page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', _html(login_page)).group(1)
    client.post("/login", data={"username": "bureauadmin", "password": world.password, "csrf_token": token})
    # The fixture keeps one app context open across requests, so Flask-WTF's per-request cache in `g`
    # would hand back the token of the session that signing in cleared.
    g.pop("csrf_token", None)
    response = client.post("/planning/years", data={"fiscal_year": "2567", "source": ""})
    assert response.status_code == 400
    assert ProgrammeYear.of(2567) is None
    page = _html(client.get("/planning/"))
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/planning/years", data={"fiscal_year": "2567", "source": "", "csrf_token": token})
    assert response.status_code == 303 and ProgrammeYear.of(2567) is not None
