"""A development plan on a phone: staff add a project and an activity (a month outside the plan is refused
first), record the board's adoption, then the plan prints to A4 with its activities table."""
from __future__ import annotations

import datetime as dt
import secrets
import subprocess
from pathlib import Path

from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / ".artifacts" / "print"


def _seed_plan(live_db) -> tuple[int, str]:
    """A one-year plan for a centre-1 cooperative that has none, with a unique title."""
    from portal.models import Centre, Cooperative, Office, Province
    from portal.models.plans import DevelopmentPlan

    title = f"แผนทดสอบเบราว์เซอร์ {secrets.token_hex(3)}"
    with live_db():
        planned = DevelopmentPlan.select(DevelopmentPlan.cooperative)
        coop = (Cooperative.select().join(Office).join(Province).join(Centre)
                .where((Centre.number == 1) & Cooperative.id.not_in(planned)).order_by(Cooperative.id).first())
        plan = DevelopmentPlan.create(cooperative=coop, fiscal_year=2566, title=title, horizon_years=1,
                                      starts=dt.date(2023, 3, 1), ends=dt.date(2024, 2, 1))
        return plan.id, title


def test_staff_build_a_plan_on_a_phone_and_print_it(live_server, live_db, phone, desktop, sign_in):
    plan_id, title = _seed_plan(live_db)
    sign_in(phone, "staff01a")
    phone.goto(f"{live_server}/plans/{plan_id}")
    expect(phone.locator("h1")).to_have_text(title)
    phone.get_by_label("ชื่อโครงการ").fill("โครงการเพิ่มรายได้จากธุรกิจสินเชื่อ")
    phone.get_by_label("วัตถุประสงค์").fill("ลดหนี้ค้างชำระและเพิ่มรายได้ดอกเบี้ย")
    phone.locator("#new-project").get_by_role("button", name="เพิ่มโครงการ").click()
    project = phone.locator(".plans-project").first
    expect(project.locator("h3")).to_contain_text("โครงการเพิ่มรายได้จากธุรกิจสินเชื่อ")

    project.locator("summary").click()
    project.get_by_label("ชื่อกิจกรรม").fill("ประชุมชี้แจงสมาชิกรายกลุ่ม")
    project.get_by_label("ผู้รับผิดชอบ (ชื่อ-สกุล)").fill("นางสมศรี มีสุข")
    project.get_by_label("ตำแหน่ง").fill("รองประธานกรรมการ")
    project.get_by_label("เดือนเริ่ม").fill("04/2566")
    project.get_by_label("เดือนสิ้นสุด").fill("03/2567")   # after the plan's last month
    project.get_by_role("button", name="เพิ่มกิจกรรม").click()
    expect(phone.get_by_role("alert")).to_contain_text("ต้องอยู่ในช่วงของแผน")
    project = phone.locator(".plans-project").first
    expect(project.get_by_label("ชื่อกิจกรรม")).to_have_value("ประชุมชี้แจงสมาชิกรายกลุ่ม")
    project.get_by_label("เดือนสิ้นสุด").fill("06/2566")
    project.get_by_role("button", name="เพิ่มกิจกรรม").click()
    expect(phone.locator(".plans-table")).to_contain_text("เม.ย. 2566 – มิ.ย. 2566")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360 + 1

    phone.get_by_label("ครั้งที่ประชุม").fill("3/2566")
    phone.get_by_label("วันที่ประชุม").fill("10/03/2566")
    phone.get_by_role("button", name="บันทึกการรับรอง").click()
    expect(phone.locator("#adoption")).to_contain_text("ครั้งที่ 3/2566")

    sign_in(desktop, "staff01a")
    desktop.goto(f"{live_server}/plans/{plan_id}/print")
    expect(desktop.locator(".plans-print-table")).to_contain_text("นางสมศรี มีสุข (รองประธานกรรมการ)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / "plans-plan.pdf"
    desktop.emulate_media(media="print")
    desktop.pdf(path=str(pdf), format="A4", print_background=True)
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert "(A4)" in info
    for old in ARTIFACTS.glob("plans-plan-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(ARTIFACTS / "plans-plan")], check=True)
    assert sorted(ARTIFACTS.glob("plans-plan-*.png"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    flat = "".join(text.split())
    assert title.replace(" ", "") in flat and "ประชุมชี้แจงสมาชิกราย" in flat and "ผู้รับผิดชอบ" in flat
    assert "ออกจากระบบ" not in text and "พิมพ์แผน" not in text
