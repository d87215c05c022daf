"""The report preview's tables keep words and numbers whole: on a desktop and a phone no total ("78") and
no short header ("วัน", "หญิง") is cut over two lines."""
from __future__ import annotations

import secrets

from playwright.sync_api import expect

LINES_JS = """
(cells) => cells.map((cell) => {
  const range = document.createRange();
  range.selectNodeContents(cell);
  const tops = new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top)));
  return [cell.textContent.trim(), tops.size];
})
"""


def _seed_report(live_db) -> int:
    from portal.models import Centre, User
    from portal.services import reports as svc

    with live_db():
        centre = Centre.get(Centre.number == 1)
        staff = User.get(User.username == "staff01a")
        report = svc.create_report(centre, svc.NewReport("training", 2566, course=1), staff)
        report.subject = f"รายงานผลการฝึกอบรม ทดสอบบนมือถือ {secrets.token_hex(3)}"
        report.save()
        return report.id


def test_table_cells_never_split_a_word_or_a_number(live_server, live_db, phone, desktop, sign_in):
    report_id = _seed_report(live_db)
    for page in (desktop, phone):
        sign_in(page, "director01")
        page.goto(f"{live_server}/reports/{report_id}")
        expect(page.locator(".reports-body tfoot th.num").first).to_be_visible()
        totals = page.locator(".reports-body tfoot th.num").evaluate_all(LINES_JS)
        assert totals and all(lines == 1 for _text, lines in totals), totals
        short = [h for h in page.locator(".reports-body thead th").evaluate_all(LINES_JS) if len(h[0]) <= 4]
        assert any(text == "วัน" for text, _ in short), short
        assert all(lines == 1 for _text, lines in short), short


def test_in_english_the_report_page_names_the_report_and_centre_in_english(live_server, live_db, phone, sign_in):
    report_id = _seed_report(live_db)
    sign_in(phone, "director01")
    phone.goto(f"{live_server}/reports/{report_id}")
    with phone.expect_response(lambda r: r.url.endswith("/language") and r.request.method == "POST"):
        phone.get_by_role("button", name="English").click()
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    phone.goto(f"{live_server}/reports/{report_id}")
    expect(phone.locator("h1")).to_contain_text("Training report (course), course 1")
    expect(phone.locator(".reports-noprint p").first).to_have_text("Reports · Centre 1")
    phone.goto(f"{live_server}/reports/")
    expect(phone.locator("main")).to_contain_text("Centre 1 · Fiscal year 2566")
    phone.get_by_role("button", name="ไทย").click()
    expect(phone.locator("html")).to_have_attribute("lang", "th")
