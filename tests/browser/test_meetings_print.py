"""Centre staff record a meeting with a provincial office (two attendees, KPIs agreed) and print its
report: Chromium prints the page to an A4 PDF, pdftoppm turns it into a PNG a person looks at."""
from __future__ import annotations

import datetime as dt
import subprocess
from decimal import Decimal
from pathlib import Path

from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / ".artifacts" / "print"
PLACE = "ห้องประชุมทดสอบเบราว์เซอร์ meetings-1"
GUEST = "สมหญิง ทดสอบประชุม"


def _ensure_year_with_kpis(live_db) -> None:
    """FY 2566 and its KPIs in the live database, unless someone's demo already made them."""
    from portal.domain.kpis import CATALOGUE
    from portal.models import Course, Kpi, ProgrammeYear

    with live_db():
        year = ProgrammeYear.of(2566)
        if year is None:
            year = ProgrammeYear.create(fiscal_year=2566, selection_deadline=dt.date(2022, 12, 15), default_quota=2)
        if not Kpi.select().where(Kpi.year == year).exists():
            for order, spec in enumerate(CATALOGUE, start=1):
                Kpi.create(year=year, code=spec.code, sort_order=order, name_th=spec.name_th, name_en=spec.name_en,
                           unit=spec.unit, course=spec.course, default_target=Decimal(spec.default_target))
        if Course.get_or_none((Course.fiscal_year == 2566) & (Course.number == 1)) is None:
            Course.create(fiscal_year=2566, number=1, name_th="พัฒนากรรมการสหกรณ์เข้มแข็งทั้งคณะ",
                          name_en="Strong whole board", days=2, people_per_cooperative=20)


def test_staff_record_a_meeting_with_two_attendees_and_print_it(live_server, live_db, desktop, sign_in):
    _ensure_year_with_kpis(live_db)
    page = desktop
    sign_in(page, "staff01a")
    page.goto(live_server + "/meetings/")
    expect(page.locator("h1")).to_have_text("การประชุมชี้แจงกับสำนักงานสหกรณ์จังหวัด")
    assert "/meetings/centres/" in page.url
    first_row = page.locator("#meeting-offices tbody tr").first
    office_name = first_row.locator("th").inner_text().strip()
    first_row.get_by_role("link", name="บันทึกการประชุม").click()
    expect(page.locator("h1")).to_have_text("บันทึกการประชุม")
    assert page.locator("#office option:checked").inner_text().strip() != "— เลือกสำนักงาน —"

    page.fill("#held_on", "08/12/2565")
    page.fill("#starts", "09.30")
    page.fill("#ends", "12.00")
    page.fill("#place", PLACE)
    # Row 1 is the recorder (staff01a), already filled in; row 2 is the provincial officer.
    expect(page.locator("#att-0-role")).to_have_value("centre")
    page.fill("#att-1-prefix", "นาง")
    page.fill("#att-1-name", GUEST)
    page.fill("#att-1-position", "สหกรณ์จังหวัด")
    page.fill("#att-1-org", office_name)
    page.select_option("#att-1-role", "province")
    # htmx: add a third row, then remove it again (an htmx POST with the CSRF header, only the section swapped).
    page.get_by_role("button", name="เพิ่มผู้เข้าประชุม").click()
    expect(page.locator("input[name=att_name]")).to_have_count(3)
    expect(page.locator("#att-1-name")).to_have_value(GUEST)  # what was typed survives the swap
    page.locator("#att-2-name").locator("xpath=ancestor::fieldset").get_by_role("button", name="ลบแถวนี้").click()
    expect(page.locator("input[name=att_name]")).to_have_count(2)
    # KPI targets come prefilled; the meeting agreed a higher satisfaction share.
    targets = page.locator("input.meetings-target")
    assert targets.count() >= 5
    expect(targets.first).not_to_have_value("")
    satisfaction = page.get_by_label("เป้าหมาย (ร้อยละ)").nth(1)
    satisfaction.fill("85")
    page.fill("#notes", "ที่ประชุมตกลงคัดเลือกสหกรณ์เป้าหมาย 2 แห่ง และส่งรายชื่อภายในวันที่ 15 ธันวาคม 2565")
    page.get_by_role("button", name="บันทึก", exact=True).click()

    expect(page.locator(".flash-success")).to_contain_text("บันทึกการประชุมแล้ว")
    report = page.locator(".meetings-report")
    expect(report.locator("h1")).to_contain_text("รายงานการประชุมชี้แจงแนวทางการดำเนินงานโครงการ")
    expect(report).to_contain_text("วันพฤหัสบดีที่ 8 ธันวาคม พ.ศ. 2565")
    expect(report).to_contain_text("09.30–12.00 น.")
    expect(report).to_contain_text(PLACE)
    expect(report.locator("table").first.locator("tbody tr")).to_have_count(2)
    expect(report).to_contain_text("นาง" + GUEST)
    expect(report).to_contain_text("85")

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / "meeting-report.pdf"
    page.emulate_media(media="print")
    page.pdf(path=str(pdf), format="A4", print_background=True)
    page.emulate_media(media="screen")
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert "(A4)" in info
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages == 1
    for old in ARTIFACTS.glob("meeting-report-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "70", str(pdf), str(ARTIFACTS / "meeting-report")], check=True)
    pngs = sorted(ARTIFACTS.glob("meeting-report-*.png"))
    assert len(pngs) == pages and pngs[0].stat().st_size > 0
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "นางสมหญิง" in text and "ผู้บันทึกรายงาน" in text and "ตัวชี้วัดและเป้าหมาย" in text
    # The print stylesheet hid the site's chrome, the buttons and the delete form.
    assert "ออกจากระบบ" not in text and "พิมพ์รายงาน" not in text and "ลบรายงานการประชุมนี้" not in text
