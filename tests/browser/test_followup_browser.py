"""Monthly follow-up in a browser: centre staff key in an activity's month on a phone (360×640) and see it
flagged on the grid; the provincial officer records a visit, sends the monthly summary and prints it
and the cooperative's report to its board on A4 (PDF → PNG under tests/.artifacts/print/)."""
from __future__ import annotations

import datetime as dt
import secrets
import subprocess
from pathlib import Path

from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / ".artifacts" / "print"


def _seed(live_db) -> dict:
    """A new cooperative of centre 1's first office with an adopted plan and two activities."""
    from portal.models import Centre, Cooperative, CoopType, Office, Province
    from portal.models.plans import ActivityProgress, DevelopmentPlan, PlanActivity, PlanProject

    tag = secrets.token_hex(3)
    with live_db():
        centre = Centre.get(Centre.number == 1)
        office = Office.select().join(Province).where(Province.centre == centre).order_by(Office.code).first()
        # The demo already sent this office's February summary: start that month afresh.
        from portal.models.plans import MonthlySummary

        MonthlySummary.delete().where((MonthlySummary.office == office)
                                      & (MonthlySummary.month == dt.date(2023, 2, 1))).execute()
        coop = Cooperative.create(name=f"สหกรณ์การเกษตรติดตามผล {tag} จำกัด", registration_no=f"FU-{tag}",
                                  coop_type=CoopType.get(CoopType.code == "agricultural"), office=office)
        plan = DevelopmentPlan.create(cooperative=coop, fiscal_year=2566, title="แผนพัฒนาสหกรณ์", starts=dt.date(2022, 11, 1),
                                      ends=dt.date(2023, 9, 1), adopted_meeting_no="5/2565",
                                      adopted_on=dt.date(2022, 11, 20))
        project = PlanProject.create(plan=plan, sort_order=1, name="ลดหนี้ค้างชำระ")
        a1 = PlanActivity.create(project=project, sort_order=1, name=f"ติดตามลูกหนี้ {tag}", owner_name="นายสมชาย ใจดี",
                                 starts=dt.date(2022, 11, 1), ends=dt.date(2023, 5, 1))
        a2 = PlanActivity.create(project=project, sort_order=2, name="อบรมการออม", owner_name="นางสมศรี มีสุข",
                                 starts=dt.date(2023, 1, 1), ends=dt.date(2023, 8, 1))
        for month, pct in ((dt.date(2022, 11, 1), 10), (dt.date(2022, 12, 1), 25), (dt.date(2023, 1, 1), 40)):
            ActivityProgress.create(activity=a1, month=month, status="on_track", percent_done=pct, source="owner_link",
                                    result="ติดตามแล้ว")
        ActivityProgress.create(activity=a2, month=dt.date(2023, 2, 1), status="behind", percent_done=10,
                                obstacles="สมาชิกไม่ว่าง", help_needed="ขอวิทยากรด้านการออม", source="owner_link")
        return {"coop": coop.id, "name": coop.name, "office": office.id, "po": "po" + office.code.replace("-", ""),
                "a1": a1.id, "tag": tag}


def _print(page, name: str, expect_text: str) -> str:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / f"{name}.pdf"
    page.emulate_media(media="print")
    page.pdf(path=str(pdf), format="A4", print_background=True)
    page.emulate_media(media="screen")
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert "(A4)" in info
    for old in ARTIFACTS.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(ARTIFACTS / name)], check=True)
    assert sorted(ARTIFACTS.glob(f"{name}-*.png"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert expect_text in text and "ออกจากระบบ" not in text
    return text


def test_staff_key_in_progress_on_a_phone_and_see_it_on_the_grid(live_server, live_db, phone, sign_in):
    seed = _seed(live_db)
    sign_in(phone, "staff01a")
    phone.goto(f"{live_server}/followup/?fy=2566")
    phone.get_by_role("link", name=seed["name"]).click()
    expect(phone.locator("h1")).to_contain_text(seed["name"])
    # Nothing for February of the first activity: flagged behind; tap its cell to key it in.
    phone.goto(f"{live_server}/followup/activity/{seed['a1']}/2023-02")
    phone.get_by_label("ล่าช้ากว่าแผน").check()
    phone.get_by_label("ผลการดำเนินงานสะสม (ร้อยละ 0–100)").fill("150")
    phone.get_by_role("button", name="บันทึก").click()
    expect(phone.get_by_role("alert")).to_contain_text("เกิน 100")
    phone.get_by_label("ผลการดำเนินงานสะสม (ร้อยละ 0–100)").fill("45")
    phone.get_by_label("ปัญหาอุปสรรค").fill("ลูกหนี้ย้ายที่อยู่")
    phone.get_by_role("button", name="บันทึก").click()
    expect(phone.get_by_text("บันทึกความก้าวหน้าแล้ว")).to_be_visible()
    expect(phone.locator(".followup-row-behind").first).to_contain_text("ติดตามลูกหนี้")
    from portal.models.plans import ActivityProgress

    with live_db():
        row = ActivityProgress.get((ActivityProgress.activity == seed["a1"]) & (ActivityProgress.month == dt.date(2023, 2, 1)))
        assert (row.status, row.percent_done, row.source) == ("behind", 45, "staff")


def test_the_office_sends_its_summary_and_prints_it_and_the_board_report(live_server, live_db, desktop, sign_in):
    seed = _seed(live_db)
    sign_in(desktop, seed["po"])
    desktop.goto(f"{live_server}/followup/office/{seed['office']}/visits")
    desktop.get_by_label("สหกรณ์ที่ไปเยี่ยม").select_option(str(seed["coop"]))
    desktop.get_by_label("วันที่ไปเยี่ยม").fill("10/02/2566")
    desktop.get_by_label("ผู้ไปเยี่ยม").fill(f"นายตรวจ {seed['tag']}")
    desktop.get_by_label("สิ่งที่พบ").fill("สมาชิกร่วมประชุมน้อย")
    desktop.get_by_role("button", name="บันทึก").click()
    expect(desktop.get_by_text(f"นายตรวจ {seed['tag']}")).to_be_visible()

    desktop.goto(f"{live_server}/followup/office/{seed['office']}/summary/2023-02")
    expect(desktop.get_by_label("ความช่วยเหลือที่ต้องการ")).to_contain_text("ขอวิทยากรด้านการออม")
    desktop.get_by_label("สิ่งที่จะดำเนินการต่อไป").fill("ติดตามเยี่ยมอีกครั้งในเดือนมีนาคม")
    desktop.get_by_role("button", name="บันทึกและส่ง").click()
    expect(desktop.locator("main")).to_contain_text("ส่งแล้ว:")
    desktop.get_by_role("link", name="พิมพ์บันทึกข้อความ").click()
    _print(desktop, "followup-summary", "บันทึกข้อความ")

    desktop.goto(f"{live_server}/followup/coop/{seed['coop']}/report/2023-02")
    text = _print(desktop, "followup-board-report", "ประจำเดือน กุมภาพันธ์ 2566")
    assert seed["name"] in text
