"""People browse the cooperative register on a phone: a centre director and provincial staff."""
from __future__ import annotations

import re

from playwright.sync_api import expect


def test_director_browses_centre_province_cooperative_and_searches_at_360(live_server, phone, sign_in):
    sign_in(phone, "director01")
    phone.get_by_role("link", name="ทะเบียนสหกรณ์").first.click()
    # A centre user lands on their own centre.
    expect(phone).to_have_url(re.compile(r"/register/centres/\d+"))
    expect(phone.locator("h1")).to_contain_text("ศูนย์ถ่ายทอดเทคโนโลยีการสหกรณ์ที่ 1")
    phone.get_by_role("link", name=re.compile("ปทุมธานี")).first.click()
    expect(phone).to_have_url(re.compile(r"/register/provinces/\d+"))
    rows = phone.locator("table tbody tr")
    expect(rows.first).to_be_visible()
    total = rows.count()
    assert total >= 2
    # Search by the registration number of a cooperative with yearly figures (other browser tests add
    # cooperatives without any): htmx swaps the rows in place.
    with_figures = rows.filter(has_not_text="–").first
    registration_no = with_figures.locator("td").nth(1).inner_text().strip()
    search = phone.get_by_role("searchbox").first
    search.fill(registration_no)
    expect(phone.locator("table tbody tr")).to_have_count(1)
    expect(phone.locator("table tbody tr").first).to_contain_text(registration_no)
    assert phone.locator("table tbody tr").count() <= total
    phone.locator("table tbody tr").first.locator("a").first.click()
    expect(phone).to_have_url(re.compile(r"/register/cooperatives/\d+"))
    expect(phone.get_by_text(re.compile("การมีส่วนร่วม")).first).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360 + 1 or phone.locator(".table-wrap").count() > 0


def test_director_cannot_open_another_centres_cooperative(live_server, phone, sign_in):
    sign_in(phone, "director02")
    phone.goto(live_server + "/register/cooperatives")
    link = phone.locator("table tbody tr a").first
    href = link.get_attribute("href")
    sign_in(phone, "director01")
    response = phone.goto(live_server + href)
    assert response.status == 404
    expect(phone.locator("h1")).to_contain_text("ไม่พบหน้าที่ต้องการ")


def test_provincial_officer_sees_own_province_and_searches_at_360(live_server, phone, sign_in):
    sign_in(phone, "po13")
    phone.get_by_role("link", name="ทะเบียนสหกรณ์").first.click()
    expect(phone).to_have_url(re.compile(r"/register/provinces/\d+"))
    expect(phone.locator("h1")).to_contain_text("ปทุมธานี")
    search = phone.get_by_role("searchbox").first
    search.fill("ไม่มีสหกรณ์ชื่อนี้แน่นอน")
    search.press("Enter")  # htmx searches as one types; Enter submits the same search as a plain form
    expect(phone.get_by_text("ไม่พบสหกรณ์ที่ตรงกับการค้นหา")).to_be_visible(timeout=15000)
