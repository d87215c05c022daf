"""A centre director on a phone opens a drafted report, approves it and downloads the PDF; then the
report prints to A4 without the navigation."""
from __future__ import annotations

import secrets
from pathlib import Path

from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / ".artifacts" / "print"


def _seed_report(live_db) -> tuple[int, str]:
    """A draft training report of centre 1, drafted by staff01a, with a unique subject."""
    from portal.models import Centre, User
    from portal.services import reports as svc

    with live_db():
        centre = Centre.get(Centre.number == 1)
        staff = User.get(User.username == "staff01a")
        report = svc.create_report(centre, svc.NewReport("training", 2566, course=1), staff)
        subject = f"รายงานผลการฝึกอบรม ทดสอบ {secrets.token_hex(3)}"
        report.subject = subject
        report.save()
        return report.id, subject


def test_director_approves_on_a_phone_and_downloads_the_pdf(live_server, live_db, phone, desktop, sign_in, tmp_path):
    report_id, subject = _seed_report(live_db)
    sign_in(phone, "director01")
    phone.goto(f"{live_server}/reports/")
    phone.get_by_role("link", name="รายงานผลการฝึกอบรม (หลักสูตร) หลักสูตรที่ 1").first.wait_for()
    phone.goto(f"{live_server}/reports/{report_id}")
    expect(phone.locator(".reports-memo")).to_contain_text(subject)
    expect(phone.locator(".reports-signature")).to_contain_text("ผู้อำนวยการศูนย์ถ่ายทอดเทคโนโลยีการสหกรณ์ที่ 1")
    expect(phone.locator("h1 .badge")).to_have_text("ร่าง")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360 + 1

    phone.get_by_role("button", name="อนุมัติ", exact=True).click()
    expect(phone.locator("h1 .badge")).to_have_text("อนุมัติแล้ว")
    expect(phone.locator(".reports-history")).to_contain_text("ร่าง → อนุมัติแล้ว")

    with phone.expect_download() as info:
        phone.get_by_role("link", name="PDF").click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    path = tmp_path / "report.pdf"
    download.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")

    # printed from a desktop: A4, the navigation and the actions hidden
    sign_in(desktop, "director01")
    desktop.goto(f"{live_server}/reports/{report_id}")
    desktop.emulate_media(media="print")
    expect(desktop.locator(".topbar")).to_be_hidden()
    expect(desktop.locator(".reports-noprint").first).to_be_hidden()
    expect(desktop.locator(".reports-memo")).to_be_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    desktop.pdf(path=str(ARTIFACTS / "reports_show.pdf"), format="A4", print_background=True)
