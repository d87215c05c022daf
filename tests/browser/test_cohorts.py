"""Centre staff create a cohort on a phone and on a desktop: the seed's agenda is prefilled with
speakers, they enter a budget line, reorder a session (an htmx POST) and print the agenda."""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import uuid
from pathlib import Path

from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / ".artifacts" / "print"
SHOTS = ROOT / "tests" / ".artifacts" / "screenshots"


def _seed_target(live_db) -> str:
    """A cooperative of office 13 (ปทุมธานี, centre 1) on a submitted FY 2566 target list; its name."""
    from portal.models import (
        Cooperative, CoopType, Course, Office, ProgrammeYear, TargetList, TargetProposal,
    )

    tag = uuid.uuid4().hex[:6]
    name = f"สหกรณ์การเกษตรทดสอบรุ่นอบรม {tag} จำกัด"
    with live_db():
        year = ProgrammeYear.get_or_none(ProgrammeYear.fiscal_year == 2566) or ProgrammeYear.create(
            fiscal_year=2566, selection_deadline=dt.date(2022, 12, 15), default_quota=2)
        if Course.get_or_none((Course.fiscal_year == 2566) & (Course.number == 1)) is None:
            Course.create(fiscal_year=2566, number=1, name_th="พัฒนากรรมการสหกรณ์เข้มแข็งทั้งคณะ",
                          name_en="Strong whole board", days=2, people_per_cooperative=20)
        office = Office.get(Office.code == "13")
        target_list = TargetList.get_or_none((TargetList.year == year) & (TargetList.office == office))
        if target_list is None:
            target_list = TargetList.create(year=year, office=office, submitted_at=dt.datetime(2022, 12, 10, 10))
        elif target_list.submitted_at is None:
            TargetList.update(submitted_at=dt.datetime(2022, 12, 10, 10)).where(TargetList.id == target_list.id).execute()
        coop = Cooperative.create(name=name, registration_no=f"BRW-COHORTS-{tag}", office=office,
                                  coop_type=CoopType.select().order_by(CoopType.id).first(), board_size=11)
        TargetProposal.create(target_list=target_list, cooperative=coop, clauses="accumulated_loss",
                              reason="ขาดทุนสะสม (ทดสอบ)")
    return name


def _create_cohort(page, base, coop_name, starts, ends, place):
    page.goto(base + "/cohorts/")
    expect(page.locator("h1")).to_have_text("รุ่นการอบรม")
    page.get_by_role("link", name="สร้างรุ่นใหม่").click()
    expect(page.locator("h1")).to_have_text("สร้างรุ่นใหม่")
    expect(page.locator("#cohort-form")).to_contain_text("หลักสูตรที่ 1")
    page.get_by_label(re.compile(re.escape(coop_name))).check()
    page.get_by_label("วันเริ่มอบรม").fill(starts)
    page.get_by_label("วันสุดท้ายของการอบรม").fill(ends)
    page.get_by_label("เวลาเริ่มแต่ละวัน").fill("09.00")
    page.get_by_label("เวลาเลิกแต่ละวัน").fill("16.30")
    page.get_by_label("สถานที่อบรม").fill(place)
    page.get_by_label("สถานที่เอกชน").check()
    page.get_by_role("button", name="สร้างรุ่น").click()
    expect(page).to_have_url(re.compile(r"/cohorts/\d+$"))
    expect(page.locator(".flash-success")).to_contain_text("สร้างรุ่นแล้ว")


def _check_prefilled_agenda(page, coop_name):
    agenda = page.locator(".cohorts-sessions")
    expect(agenda.first).to_be_visible()
    expect(page.locator(".cohorts-session")).to_have_count(6)
    audit = page.locator(".cohorts-session", has_text="ข้อสังเกตและข้อบกพร่องของผู้สอบบัญชี")
    expect(audit).to_contain_text("13.00–14.30 น.")
    expect(audit).to_contain_text("1 ชั่วโมง 30 นาที")
    expect(audit).to_contain_text("สำนักงานตรวจบัญชีสหกรณ์ปทุมธานี")
    expect(page.locator(".cohorts-session", has_text="ฝ่ายบัญชี")).to_contain_text(coop_name)
    expect(page.locator(".cohorts-grand")).to_have_text("รวมทั้งรุ่น 13 ชั่วโมง")


def _enter_budget(page):
    page.get_by_role("link", name="บันทึกงบประมาณ").click()
    expect(page.locator("h1")).to_have_text("งบประมาณของรุ่น")
    expect(page.locator("main")).to_contain_text("สถานที่เอกชน")
    page.locator("input[name=planned_food]").fill("-500")
    page.get_by_role("button", name="บันทึกงบประมาณ").click()
    expect(page.locator(".field-errors").first).to_contain_text("ติดลบไม่ได้")
    page.locator("input[name=planned_food]").fill("45,600")
    page.locator("input[name=spent_food]").fill("44800.50")
    page.get_by_role("button", name="บันทึกงบประมาณ").click()
    expect(page.locator(".flash-success")).to_contain_text("บันทึกงบประมาณแล้ว")
    expect(page.locator(".cohorts-sum")).to_contain_text("45,600.00 บาท")
    expect(page.locator(".cohorts-sum")).to_contain_text("44,800.50 บาท")


def test_staff_create_a_cohort_and_enter_a_budget_line_at_360(live_server, live_db, phone, sign_in):
    coop = _seed_target(live_db)
    sign_in(phone, "staff01a")
    _create_cohort(phone, live_server, coop, "21/03/2566", "22/03/2566", "ห้องประชุมทดสอบโทรศัพท์")
    expect(phone.locator("h1")).to_contain_text("รุ่นที่")
    expect(phone.locator(".cohorts-facts")).to_contain_text(coop)
    expect(phone.locator(".cohorts-facts")).to_contain_text("09.00–16.30 น.")
    _check_prefilled_agenda(phone, coop)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 361
    SHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SHOTS / "cohorts-page-phone.png"), full_page=True)
    _enter_budget(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 361


def test_staff_create_a_cohort_reorder_the_agenda_and_print_it_on_desktop(live_server, live_db, desktop, sign_in):
    coop = _seed_target(live_db)
    sign_in(desktop, "staff01a")
    # Bad input first: the end before the start is refused and the form keeps what was typed.
    desktop.goto(live_server + "/cohorts/new")
    desktop.get_by_label(re.compile(re.escape(coop))).check()
    desktop.get_by_label("วันเริ่มอบรม").fill("05/04/2566")
    desktop.get_by_label("วันสุดท้ายของการอบรม").fill("04/04/2566")
    desktop.get_by_label("สถานที่อบรม").fill("ห้องประชุมทดสอบเดสก์ท็อป")
    desktop.get_by_role("button", name="สร้างรุ่น").click()
    expect(desktop.locator(".field-errors")).to_contain_text("อยู่ก่อนวันเริ่ม")
    expect(desktop.get_by_label("สถานที่อบรม")).to_have_value("ห้องประชุมทดสอบเดสก์ท็อป")

    _create_cohort(desktop, live_server, coop, "04/04/2566", "05/04/2566", "ห้องประชุมทดสอบเดสก์ท็อป")
    _check_prefilled_agenda(desktop, coop)
    cohort_url = desktop.url

    # The agenda page: move the first session down (an htmx POST with the CSRF header).
    desktop.get_by_role("link", name="เพิ่มหรือแก้ไขหัวข้อและวิทยากร").click()
    first_day = desktop.locator(".cohorts-day").first
    expect(first_day.locator(".cohorts-session").first).to_contain_text("บทบาทหน้าที่ของคณะกรรมการ")
    first_day.locator(".cohorts-session").first.get_by_role("button", name=re.compile("ลง")).click()
    expect(first_day.locator(".cohorts-session").first).to_contain_text("การดำเนินงานของฝ่ายบัญชี")
    expect(first_day.locator(".cohorts-session").first).to_contain_text("09.00–11.00 น.")
    desktop.reload()
    expect(desktop.locator(".cohorts-day").first.locator(".cohorts-session").nth(1)).to_contain_text("11.00–12.00 น.")

    # Add a session: one overlapping the afternoon is refused with what was typed kept, then it fits.
    form = desktop.locator("#add-session form")
    form.locator("select[name=day]").select_option(label="วันที่ 2")
    form.locator("input[name=starts]").fill("16.00")
    form.locator("input[name=ends]").fill("17.00")
    form.locator("input[name=title_th]").fill("สรุปและปิดการอบรม")
    form.get_by_role("button", name="เพิ่มหัวข้อ").click()
    expect(desktop.locator("#add-session .field-errors")).to_contain_text("ซ้อนกับหัวข้อ")
    form = desktop.locator("#add-session form")
    expect(form.locator("input[name=title_th]")).to_have_value("สรุปและปิดการอบรม")
    form.locator("input[name=starts]").fill("16.30")
    form.get_by_role("button", name="เพิ่มหัวข้อ").click()
    expect(desktop.locator(".flash-success")).to_contain_text("เพิ่มหัวข้อ")
    expect(desktop.locator(".cohorts-grand")).to_have_text("รวมทั้งรุ่น 13 ชั่วโมง 30 นาที")

    # Print the agenda on A4 and keep a PNG to look at.
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / "cohort-agenda.pdf"
    desktop.emulate_media(media="print")
    desktop.pdf(path=str(pdf), format="A4", print_background=True)
    desktop.emulate_media(media="screen")
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert "(A4)" in info
    for old in ARTIFACTS.glob("cohort-agenda-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(ARTIFACTS / "cohort-agenda")], check=True)
    assert sorted(ARTIFACTS.glob("cohort-agenda-*.png"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    squeezed = re.sub(r"\s+", "", text)  # pdftotext splits some Thai clusters with spaces
    assert "กำหนดการฝึกอบรม" in squeezed and "สรุปและปิดการอบรม" in squeezed
    assert "ออกจากระบบ" not in squeezed and "เพิ่มหัวข้อ" not in squeezed and "พิมพ์กำหนดการ" not in squeezed

    # The budget, then the first step of the cohort's life, kept in its history.
    desktop.goto(cohort_url)
    _enter_budget(desktop)
    desktop.goto(cohort_url)
    desktop.get_by_label("บันทึกประกอบ (ถ้ามี)").fill("ส่ง QR แบบทดสอบก่อนอบรมแล้ว")
    desktop.get_by_role("button", name=re.compile("เลื่อนสถานะเป็น")).click()
    expect(desktop.locator(".cohorts-history")).to_contain_text("วางแผนแล้ว → เปิดแบบทดสอบก่อนอบรม")
    expect(desktop.locator(".cohorts-history")).to_contain_text("ส่ง QR แบบทดสอบก่อนอบรมแล้ว")
