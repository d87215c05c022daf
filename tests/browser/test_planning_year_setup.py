"""The bureau administrator sets up the next fiscal year on a phone: copy 2566, then fix a province's KPI target."""
from __future__ import annotations

import re
from decimal import Decimal

from playwright.sync_api import expect


def _seed(live_db) -> tuple[int, int, int]:
    """FY 2566 set up (through the service, if the demo has not), and a free year to copy it into."""
    from portal.models import Province, ProgrammeYear
    from portal.services.planning import ensure_year

    with live_db():
        ensure_year(2566)
        target = 2567
        while ProgrammeYear.of(target) is not None:  # another test may have taken 2567 in this live portal
            target += 1
        pathum = Province.get(Province.code == "13")
        return target, pathum.centre_id, pathum.id


def test_admin_copies_2566_into_the_next_year_and_edits_a_provinces_kpi_target_at_360(live_server, live_db, phone,
                                                                                       sign_in):
    from portal.models import Kpi, KpiTarget, ProgrammeYear

    target, centre_id, province_id = _seed(live_db)
    sign_in(phone, "admin")
    phone.goto(live_server + "/planning/")
    expect(phone.locator("h1")).to_contain_text("การตั้งค่าโครงการประจำปี")
    phone.get_by_label("ปีงบประมาณ (พ.ศ.)").fill(str(target))
    phone.get_by_label("เริ่มจาก").select_option("2566")
    phone.get_by_role("button", name="สร้างปีงบประมาณ").click()

    expect(phone).to_have_url(re.compile(rf"/planning/{target}$"))
    expect(phone.locator(".flash-success")).to_contain_text("โดยคัดลอกจากปี 2566")
    expect(phone.locator("h1")).to_contain_text(f"ปีงบประมาณ พ.ศ. {target}")
    shift = target - 2566
    expect(phone.locator(".planning-deadline")).to_contain_text(f"ส่งได้ถึงวันที่ 15 ธ.ค. {2565 + shift}")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360 + 1  # wide tables scroll inside

    phone.locator(f'a[href$="/planning/{target}/centres/{centre_id}/targets"]').first.click()
    expect(phone.locator("h1")).to_contain_text("เป้าหมายของศูนย์ฯ ที่ 1")
    trained = phone.get_by_label("ตัวชี้วัดที่ 1 · ปทุมธานี")
    satisfied = phone.get_by_label("ตัวชี้วัดที่ 6 · ปทุมธานี")
    expect(trained).to_have_value("2")
    trained.fill("3")
    satisfied.fill("120")
    phone.get_by_role("button", name="บันทึกเป้าหมาย").click()
    # htmx swaps the form in place with the refusal; nothing is saved.
    expect(phone.locator(".planning-grid-form [role=alert]")).to_contain_text(
        "เป้าหมายที่เป็นร้อยละต้องไม่เกิน 100 (ได้ 120)")
    expect(phone).to_have_url(re.compile(rf"/centres/{centre_id}/targets$"))
    expect(phone.get_by_label("ตัวชี้วัดที่ 1 · ปทุมธานี")).to_have_value("3")  # what was typed stays
    with live_db():
        year = ProgrammeYear.of(target)
        kpi = Kpi.get((Kpi.year == year) & (Kpi.code == "coops_trained_c1"))
        stored = KpiTarget.get((KpiTarget.kpi == kpi) & (KpiTarget.province == province_id)).target
    assert stored == Decimal(2)

    phone.get_by_label("ตัวชี้วัดที่ 6 · ปทุมธานี").fill("90")
    phone.get_by_role("button", name="บันทึกเป้าหมาย").click()
    expect(phone).to_have_url(re.compile(rf"/planning/{target}/centres/{centre_id}#targets$"))
    expect(phone.locator(".flash-success")).to_contain_text("บันทึกเป้าหมายของศูนย์ฯ ที่ 1 แล้ว")
    row = phone.locator("tr", has=phone.locator("th", has_text="ปทุมธานี"))
    expect(row.locator("td").nth(0)).to_have_text("3")
    expect(row.locator("td").nth(5)).to_have_text("90")
    with live_db():
        year = ProgrammeYear.of(target)
        kpi = Kpi.get((Kpi.year == year) & (Kpi.code == "coops_trained_c1"))
        assert KpiTarget.get((KpiTarget.kpi == kpi) & (KpiTarget.province == province_id)).target == Decimal(3)
        source = Kpi.get((Kpi.year == ProgrammeYear.of(2566)) & (Kpi.code == "coops_trained_c1"))
        assert KpiTarget.get((KpiTarget.kpi == source) & (KpiTarget.province == province_id)).target == Decimal(2)
