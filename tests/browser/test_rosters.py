"""Centre staff import a roster with a bad row, see its line and reason, and complete the roster — phone and desktop."""
from __future__ import annotations

import datetime as dt
import re
import secrets

from playwright.sync_api import expect

HEADER = "คำนำหน้า,ชื่อ,นามสกุล,บทบาท,ตำแหน่ง,ช่วงอายุ"


def _seed_cohort(live_db) -> tuple[int, str]:
    """A course-1 cohort of centre 1 training one new cooperative of office 13 (ปทุมธานี), unique to this test."""
    from portal.models import Centre, Cohort, CohortCooperative, Cooperative, CoopType, Course, Office, ProgrammeYear, User

    tag = secrets.token_hex(3)
    with live_db():
        if ProgrammeYear.of(2566) is None:
            ProgrammeYear.create(fiscal_year=2566, selection_deadline=dt.date(2022, 12, 15), default_quota=2)
        course = Course.get_or_none((Course.fiscal_year == 2566) & (Course.number == 1)) or Course.create(
            fiscal_year=2566, number=1, name_th="พัฒนากรรมการสหกรณ์เข้มแข็งทั้งคณะ", name_en="Strong whole board",
            days=2, people_per_cooperative=20)
        centre = Centre.get(Centre.number == 1)
        office = Office.get(Office.code == "13")  # สกจ.ปทุมธานี: po13 and pc13 read this cohort
        coop = Cooperative.create(name=f"สหกรณ์การเกษตรทดสอบรายชื่อ {tag} จำกัด", registration_no=f"ROSTER-{tag}",
                                  coop_type=CoopType.get(CoopType.code == "agricultural"), office=office)
        number = (Cohort.select().where((Cohort.course == course) & (Cohort.centre == centre))
                  .order_by(Cohort.number.desc()).first())
        cohort = Cohort.create(course=course, centre=centre, number=(number.number + 1 if number else 1) + 100,
                               starts=dt.date(2023, 4, 20), ends=dt.date(2023, 4, 21),
                               place=f"ห้องประชุมทดสอบ {tag}", venue_kind="government",
                               created_by=User.get(User.username == "staff01a"))
        CohortCooperative.create(cohort=cohort, cooperative=coop)
        return cohort.id, coop.name


def _csv(coop_name: str, *, complete: bool) -> str:
    rows = [
        "นาย,สมศักดิ์,รักสหกรณ์,กรรมการดำเนินการ,ประธาน,50-59",
        f"นางสาว,วิไลวรรณ,{'มั่นคง' if complete else ''},กรรมการดำเนินการ,เลขานุการ,40-49",  # line 3
        "นาง,บุญเรือน,ทองคำ,ผู้สังเกตการณ์,ผู้จัดการ,",
    ]
    return "\r\n".join([HEADER, *rows]) + "\r\n"


def _upload(page, text: str, encoding: str) -> None:
    page.locator("input[type=file]").set_input_files(
        {"name": "roster.csv", "mimeType": "text/csv", "buffer": text.encode(encoding)})
    page.get_by_role("button", name="ตรวจไฟล์").click()
    expect(page.locator("h1")).to_have_text("ตรวจไฟล์ก่อนนำเข้า")


def _see_the_bad_line(page) -> None:
    bad = page.locator("table.roster-errors tbody tr")
    expect(bad).to_have_count(1)
    expect(bad.first.locator("td").nth(0)).to_have_text("3")
    expect(bad.first).to_contain_text("ไม่ได้กรอกนามสกุล")
    expect(page.locator("table.roster-good tbody tr")).to_have_count(2)


def _see_the_roster_complete(page, coop_name: str) -> None:
    names = page.locator("#roster .roster-name")
    expect(names).to_have_count(3)
    # Thai order: บุญเรือน, วิไลวรรณ, สมศักดิ์
    assert [n.strip() for n in names.all_inner_texts()] == [
        "นางบุญเรือน ทองคำ", "นางสาววิไลวรรณ มั่นคง", "นายสมศักดิ์ รักสหกรณ์"]
    expect(page.locator("#roster .roster-counts").first).to_contain_text("3 / 20")
    expect(page.locator("#roster")).to_contain_text(coop_name)


def _no_sideways_scroll(page) -> None:
    # Measure the page as shown: after a click, wait until the new page and its stylesheets have loaded.
    page.wait_for_load_state("load")
    page.wait_for_function("() => [...document.styleSheets].every(s => { try { return s.cssRules !== null; } "
                           "catch (e) { return true; } })")
    widest = page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > 361.5 && !e.closest('.table-wrap, .nav'))
        .map(e => e.tagName + '.' + e.className).slice(0, 5)""")
    assert page.evaluate("document.documentElement.scrollWidth") <= 361, widest


def test_staff_import_a_roster_fix_the_file_and_see_it_complete_at_360(live_server, live_db, phone, sign_in):
    cohort_id, coop_name = _seed_cohort(live_db)
    sign_in(phone, "staff01a")
    phone.goto(f"{live_server}/cohorts/{cohort_id}/roster")
    expect(phone.locator("h1")).to_contain_text("รายชื่อผู้เข้ารับการอบรม")
    expect(phone.locator(".roster-counts").first).to_contain_text("0 / 20")
    phone.get_by_role("link", name="นำเข้ารายชื่อจากไฟล์").click()
    phone.wait_for_url("**/roster/import")
    _no_sideways_scroll(phone)
    # Thai Excel's plain CSV: cp874, found automatically.
    _upload(phone, _csv(coop_name, complete=False), "cp874")
    _see_the_bad_line(phone)
    expect(phone.get_by_role("button", name=re.compile("นำเข้าทั้งหมด"))).to_have_count(0)
    _no_sideways_scroll(phone)

    # Fix the file and upload it again: now everything imports.
    phone.get_by_role("link", name="อัปโหลดไฟล์ที่แก้แล้ว").click()
    _upload(phone, _csv(coop_name, complete=True), "cp874")
    expect(phone.get_by_text("ทุกแถวถูกต้อง พร้อมนำเข้า")).to_be_visible()
    phone.get_by_role("button", name=re.compile("นำเข้าทั้งหมด")).click()
    expect(phone.get_by_text("นำเข้ารายชื่อแล้ว 3 คน")).to_be_visible()
    _see_the_roster_complete(phone, coop_name)
    _no_sideways_scroll(phone)


def test_staff_import_the_good_rows_then_add_the_missing_one_by_form_on_desktop(live_server, live_db, desktop,
                                                                               sign_in):
    cohort_id, coop_name = _seed_cohort(live_db)
    roster_url = f"{live_server}/cohorts/{cohort_id}/roster"
    sign_in(desktop, "staff01a")
    desktop.goto(roster_url)
    desktop.get_by_role("link", name="นำเข้ารายชื่อจากไฟล์").click()
    desktop.wait_for_url("**/roster/import")
    _upload(desktop, _csv(coop_name, complete=False), "utf-8-sig")
    _see_the_bad_line(desktop)
    desktop.get_by_label(re.compile("เข้าใจแล้วว่าแถวที่ผิดจะไม่ถูกนำเข้า")).check()
    desktop.get_by_role("button", name=re.compile("นำเข้าเฉพาะแถวที่ถูกต้อง")).click()
    expect(desktop.get_by_text(re.compile("นำเข้ารายชื่อแล้ว 2 คน"))).to_be_visible()
    expect(desktop.locator("#roster .roster-name")).to_have_count(2)

    # The missing person by the form on the roster page (htmx: no page load).
    desktop.get_by_text("เพิ่มผู้เข้ารับการอบรมทีละคน").click()
    desktop.locator("#add-prefix").fill("นางสาว")
    expect(desktop.locator("#add-gender")).to_contain_text("หญิง (ตามคำนำหน้า")  # the gender follows the prefix (htmx)
    desktop.locator("#add-first_name").fill("วิไลวรรณ")
    desktop.locator("#add-role").select_option("board")
    desktop.locator("#add-position").select_option("เลขานุการ")
    desktop.get_by_role("button", name="เพิ่มในรายชื่อ").click()
    # Without a surname the form says so and keeps what was typed.
    expect(desktop.locator("#trainee-add .field-errors")).to_contain_text("ไม่ได้กรอกนามสกุล")
    expect(desktop.locator("#add-first_name")).to_have_value("วิไลวรรณ")
    desktop.locator("#add-last_name").fill("มั่นคง")
    desktop.get_by_role("button", name="เพิ่มในรายชื่อ").click()
    expect(desktop.locator("#trainee-add")).to_contain_text("เพิ่ม นางสาววิไลวรรณ มั่นคง แล้ว")
    assert desktop.url == roster_url
    _see_the_roster_complete(desktop, coop_name)

    # A duplicate by the form is refused, naming the row already there.
    desktop.locator("#add-prefix").fill("นาย")
    desktop.locator("#add-first_name").fill("สมศักดิ์")
    desktop.locator("#add-last_name").fill("รักสหกรณ์")
    desktop.locator("#add-role").select_option("board")
    desktop.get_by_role("button", name="เพิ่มในรายชื่อ").click()
    expect(desktop.locator("#trainee-add .field-errors")).to_contain_text("มีชื่อนี้ในรายชื่อของ")
    expect(desktop.locator("#roster .roster-name")).to_have_count(3)
