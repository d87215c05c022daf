"""The bureau drills down on a phone: the nation → a centre → the cooperatives behind a figure → one cooperative."""
from __future__ import annotations

import re

from playwright.sync_api import expect


def test_bureau_drills_from_the_nation_to_a_cooperative_at_360(live_server, phone, sign_in):
    sign_in(phone, "exec")
    phone.goto(live_server + "/overview/")
    expect(phone.locator("h1")).to_contain_text("ภาพรวมผลการดำเนินงานทั้งประเทศ")
    expect(phone.get_by_text("ข้อมูล ณ วันที่ 15 มีนาคม 2566").first).to_be_visible()

    phone.get_by_role("link", name="ศูนย์ฯ ที่ 1", exact=True).first.click()
    expect(phone).to_have_url(re.compile(r"/overview/centres/\d+"))
    expect(phone.locator("h1")).to_contain_text("ศูนย์ถ่ายทอดเทคโนโลยีการสหกรณ์ที่ 1")

    # A province's "trained" figure leads to the cooperatives it counts.
    trained = phone.locator("tbody a[href*='filter=trained']").filter(has_not_text=re.compile(r"^0$"))
    expect(trained.first).to_be_visible()
    count = int(trained.first.inner_text())
    trained.first.click()
    expect(phone).to_have_url(re.compile(r"/overview/provinces/\d+/cooperatives\?.*filter=trained"))
    expect(phone.locator("h1")).to_contain_text("ได้รับการอบรมหลักสูตรที่ 1 แล้ว")
    rows = phone.locator("table.overview-table tbody tr")
    expect(rows).to_have_count(count)

    rows.first.locator("a").first.click()
    expect(phone).to_have_url(re.compile(r"/overview/cooperatives/\d+"))
    expect(phone.get_by_role("heading", name="การมีส่วนร่วมของสมาชิกในการดำเนินธุรกิจกับสหกรณ์")).to_be_visible()
    chart = phone.locator("figure img").first
    expect(chart).to_have_attribute("alt", re.compile(r"\S"))
    chart.scroll_into_view_if_needed()
    phone.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=chart.element_handle())
    expect(phone.get_by_text("อัตราทางการ").first).to_be_visible()
    expect(phone.get_by_role("link", name="ดูผลการอบรมของรุ่น").first).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 361
