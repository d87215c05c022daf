"""Centre staff record attendance on a phone (360×640) and on a desktop, with and without JavaScript,
then print a sign-in sheet (A4 portrait) and certificates (A4 landscape) to PDF and PNG."""
from __future__ import annotations

import datetime as dt
import re
import secrets
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / ".artifacts" / "print"
SCREENSHOTS = ROOT / "tests" / ".artifacts" / "screenshots"
PLACE_RECORD = "ห้องประชุมทดสอบการลงชื่อ (attendance browser)"
PLACE_NOJS = "ห้องประชุมทดสอบแบบไม่ใช้สคริปต์ (attendance browser)"
PLACE_PRINT = "โรงแรมทดสอบการพิมพ์ใบลงชื่อ (attendance browser)"

FIRST = ["สมชาย", "สมหญิง", "บุญมี", "ประเสริฐ", "วันเพ็ญ", "กมล", "จันทร์เพ็ญ", "ทองดี", "อำนวย", "เกษม",
         "มาลี", "สุดใจ", "ชูศักดิ์", "ปราณี", "วิไล", "ณรงค์", "แสงเดือน", "ไพโรจน์", "สมพร", "อุไร",
         "ธนากร", "พิมพ์ใจ", "เฉลิม", "รัตนา"]
LAST = ["ใจดี", "มั่นคง", "ศรีสุข", "ทองมา", "แก้วใส", "บุญเรือง", "พรหมมา", "สายสุด", "คำแก้ว", "ดวงดี"]
POSITIONS = ["ประธานกรรมการ", "รองประธานกรรมการ", "เลขานุการ", "เหรัญญิก"] + ["กรรมการ"] * 11


def _seed_cohort(place: str, n_trainees: int, n_coops: int):
    """A course-1 cohort of centre 1 on 1–2 Feb 2023 for office-13 cooperatives, with its roster.

    Made once per place (the live database lives for the session); returns (cohort id, trainee ids).
    """
    from portal.models import Centre, Cohort, CohortCooperative, Cooperative, Course, Office, ProgrammeYear, Trainee

    if ProgrammeYear.get_or_none(ProgrammeYear.fiscal_year == 2566) is None:
        ProgrammeYear.create(fiscal_year=2566, selection_deadline=dt.date(2022, 12, 15), default_quota=2)
    course = Course.get_or_none((Course.fiscal_year == 2566) & (Course.number == 1))
    if course is None:
        course = Course.create(fiscal_year=2566, number=1, name_th="พัฒนากรรมการสหกรณ์เข้มแข็งทั้งคณะ",
                               name_en="Strong whole board", days=2, people_per_cooperative=20)
    centre = Centre.get(Centre.number == 1)
    cohort = Cohort.get_or_none((Cohort.place == place) & (Cohort.centre == centre))
    if cohort is None:
        last = (Cohort.select().where((Cohort.course == course) & (Cohort.centre == centre))
                .order_by(Cohort.number.desc()).first())
        cohort = Cohort.create(course=course, centre=centre, number=(last.number + 1) if last else 1,
                               starts=dt.date(2023, 2, 1), ends=dt.date(2023, 2, 2), day_starts=dt.time(9, 0),
                               day_ends=dt.time(16, 30), place=place, venue_kind="government", status="training")
        coops = list(Cooperative.select().join(Office).where(Office.code == "13").order_by(Cooperative.id).limit(n_coops))
        assert len(coops) == n_coops, "the small demo has office-13 cooperatives"
        for coop in coops:
            CohortCooperative.create(cohort=cohort, cooperative=coop)
        for i in range(n_trainees):
            coop, seat = coops[i % n_coops], i // n_coops
            prefix, gender = (("นาง", "female") if i % 3 == 1 else ("นาย", "male"))
            board = seat < (coop.board_size or 9)
            Trainee.create(cohort=cohort, cooperative=coop, prefix=prefix, first_name=FIRST[i % len(FIRST)],
                           last_name=LAST[i % len(LAST)], gender=gender, role="board" if board else "observer",
                           position=POSITIONS[seat % len(POSITIONS)] if board else "", token=secrets.token_urlsafe(24),
                           source="entered")
    ids = [t.id for t in Trainee.select(Trainee.id).where(Trainee.cohort == cohort).order_by(Trainee.id)]
    return cohort.id, ids


@pytest.fixture
def record_cohort(live_db):
    with live_db():
        return _seed_cohort(PLACE_RECORD, 4, 1)


@pytest.fixture
def nojs_cohort(live_db):
    with live_db():
        return _seed_cohort(PLACE_NOJS, 3, 1)


@pytest.fixture
def print_cohort(live_db):
    """Two cooperatives, 24 trainees: the sheet runs over a page; all but two attend both days."""
    from portal.models import Attendance

    with live_db():
        cohort_id, ids = _seed_cohort(PLACE_PRINT, 24, 2)
        if not Attendance.select().where(Attendance.trainee.in_(ids)).exists():
            for n, tid in enumerate(ids):
                for day in (dt.date(2023, 2, 1), dt.date(2023, 2, 2)):
                    Attendance.create(trainee=tid, day=day, present=not (n in (3, 10) and day.day == 2))
    return cohort_id, ids


def _marks(live_db, ids, day):
    from portal.models import Attendance, User

    with live_db():
        rows = Attendance.select(Attendance, User).join(User).where(
            (Attendance.trainee.in_(ids)) & (Attendance.day == day))
        return {a.trainee_id: (a.present, a.recorded_by.username) for a in rows}


def _fits_width(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1


def test_staff_records_attendance_on_a_phone_and_it_persists(live_server, live_db, phone, sign_in, record_cohort):
    cohort_id, ids = record_cohort
    sign_in(phone, "staff01a")
    phone.goto(f"{live_server}/cohorts/{cohort_id}/attendance")
    expect(phone.locator("h1")).to_contain_text("การเข้าอบรมและใบลงชื่อ")
    expect(phone.get_by_text("วันพุธที่ 1 กุมภาพันธ์ 2566").first).to_be_visible()
    phone.screenshot(path=str(SCREENSHOTS / "attendance-cohort-phone.png"), full_page=True)
    phone.get_by_role("link", name="บันทึกการเข้าอบรม").first.click()
    expect(phone).to_have_url(re.compile(rf"/cohorts/{cohort_id}/attendance/2023-02-01$"))
    expect(phone.locator("h1")).to_contain_text("บันทึกการเข้าอบรม วันที่ 1")
    _fits_width(phone, 360)

    first, second = phone.locator(f"#att-row-{ids[0]}"), phone.locator(f"#att-row-{ids[1]}")
    present = first.locator("label.att-choice-yes")
    box = present.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 120  # a thumb-sized target
    # Each tap is one htmx POST (CSRF header included) that replaces the row.
    with phone.expect_response(lambda r: f"/trainees/{ids[0]}" in r.url and r.request.method == "POST") as answer:
        present.tap()
    assert answer.value.status == 200
    expect(first).to_have_class(re.compile("is-present"))
    expect(first.locator(".att-stamp")).to_contain_text("บันทึกโดย")
    with phone.expect_response(lambda r: f"/trainees/{ids[1]}" in r.url) as answer:
        second.locator("label.att-choice-no").tap()
    assert answer.value.status == 200
    expect(second).to_have_class(re.compile("is-absent"))
    expect(phone.locator("#att-counts")).to_contain_text("มา 1 คน")
    expect(phone.locator("#att-counts")).to_contain_text("ไม่มา 1 คน")

    phone.reload()
    expect(phone.locator(f"#p{ids[0]}-1")).to_be_checked()
    expect(phone.locator(f"#p{ids[1]}-0")).to_be_checked()
    expect(phone.locator(f"#p{ids[2]}-1")).not_to_be_checked()
    assert _marks(live_db, ids, dt.date(2023, 2, 1)) == {ids[0]: (True, "staff01a"), ids[1]: (False, "staff01a")}
    _fits_width(phone, 360)


def test_staff_marks_everyone_present_on_a_desktop_then_corrects_one(live_server, live_db, desktop, sign_in,
                                                                   record_cohort):
    cohort_id, ids = record_cohort
    sign_in(desktop, "staff01a")
    desktop.goto(f"{live_server}/cohorts/{cohort_id}/attendance/2023-02-02")
    desktop.get_by_role("button", name=re.compile("มาทุกคน")).click()
    expect(desktop.locator(".flash-success")).to_contain_text(f"{len(ids)} คน")
    for tid in ids:
        expect(desktop.locator(f"#p{tid}-1")).to_be_checked()
    with desktop.expect_response(lambda r: f"/trainees/{ids[3]}" in r.url) as answer:
        desktop.locator(f"#att-row-{ids[3]} label.att-choice-no").click()
    assert answer.value.status == 200
    desktop.reload()
    expect(desktop.locator(f"#p{ids[3]}-0")).to_be_checked()
    expect(desktop.locator("#att-counts")).to_contain_text(f"มา {len(ids) - 1} คน")
    marks = _marks(live_db, ids, dt.date(2023, 2, 2))
    assert [marks[t][0] for t in ids] == [True, True, True, False]


def test_without_javascript_the_save_all_button_records_the_day(live_server, live_db, browser, sign_in,
                                                               nojs_cohort):
    cohort_id, ids = nojs_cohort
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 640},
                                  locale="th-TH", timezone_id="Asia/Bangkok")
    page = context.new_page()
    try:
        sign_in(page, "staff01b")
        page.goto(f"{live_server}/cohorts/{cohort_id}/attendance/2023-02-01")
        page.locator(f"#p{ids[0]}-1").check()
        page.locator(f"#p{ids[1]}-0").check()
        page.get_by_role("button", name="บันทึกทั้งหมด").click()
        expect(page.locator(".flash-success")).to_contain_text("บันทึกการเข้าอบรมแล้ว (เปลี่ยน 2 รายการ)")
        expect(page.locator(".flash-warning")).to_contain_text(f"อีก {len(ids) - 2} คน")
        expect(page.locator(f"#p{ids[0]}-1")).to_be_checked()
        expect(page.locator(f"#p{ids[1]}-0")).to_be_checked()
        assert _marks(live_db, ids, dt.date(2023, 2, 1)) == {ids[0]: (True, "staff01b"), ids[1]: (False, "staff01b")}
        page.screenshot(path=str(SCREENSHOTS / "attendance-nojs-phone.png"), full_page=True)
    finally:
        context.close()


def test_the_sign_in_sheet_and_certificates_print_to_a4(live_server, live_db, desktop, sign_in, print_cohort):
    cohort_id, ids = print_cohort
    sign_in(desktop, "staff01a")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    desktop.goto(f"{live_server}/cohorts/{cohort_id}/sign-in-sheet?day=2023-02-01&blank=5")
    expect(desktop.locator(".att-sheet-title")).to_have_text("ใบลงลายมือชื่อผู้เข้ารับการฝึกอบรม")
    sheet = _print(desktop, "attendance-sign-in-sheet")
    assert sheet.size == pytest.approx((595, 842), abs=2)  # A4 portrait, in points
    assert sheet.pages >= 2  # 24 names, 5 blank rows and the sign-off
    assert "ลายมือชื่อ" in sheet.text and "วันพุธที่ 1 กุมภาพันธ์ 2566" in sheet.text
    assert sheet.text.count("ลายมือชื่อ") >= sheet.pages  # the header repeats on every page
    assert "ผู้รับรอง" in sheet.text
    assert "ออกจากระบบ" not in sheet.text and "แถวว่างท้ายตาราง" not in sheet.text  # no site chrome, no tools

    # The cohort's attendance and its coverage: two cooperatives, a totals row.
    desktop.goto(f"{live_server}/cohorts/{cohort_id}/coverage")
    expect(desktop.locator(".att-coverage tbody tr")).to_have_count(2)
    expect(desktop.locator(".att-total")).to_contain_text("รวม")
    expect(desktop.locator(".att-days tbody tr").first).to_contain_text("24")
    desktop.screenshot(path=str(SCREENSHOTS / "attendance-coverage-desktop.png"), full_page=True)
    desktop.goto(f"{live_server}/cohorts/{cohort_id}/attendance")
    desktop.screenshot(path=str(SCREENSHOTS / "attendance-cohort-desktop.png"), full_page=True)

    desktop.goto(f"{live_server}/cohorts/{cohort_id}/certificates")
    expect(desktop.locator(".att-cert")).to_have_count(len(ids) - 2)
    expect(desktop.locator(".att-missed tbody tr")).to_have_count(2)
    one = desktop.locator(".att-eligible a").first
    one.click()
    expect(desktop.locator(".att-cert")).to_have_count(1)
    certificate = _print(desktop, "attendance-certificate")
    assert certificate.pages == 1
    assert certificate.size == pytest.approx((842, 595), abs=2)  # A4 landscape
    assert "ขอมอบวุฒิบัตรฉบับนี้ให้ไว้เพื่อแสดงว่า" in certificate.text
    assert "1–2 กุมภาพันธ์ 2566" in certificate.text
    assert "ผู้อำนวยการศูนย์ถ่ายทอดเทคโนโลยีการสหกรณ์ที่ 1" in certificate.text
    assert "ผู้ที่ยังไม่มีสิทธิ์" not in certificate.text


class _Printed:
    def __init__(self, info, pages, text):
        self.info, self.pages, self.text = info, pages, text
        size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
        self.size = (float(size.group(1)), float(size.group(2)))


def _print(page, name) -> _Printed:
    """Print with the page's own @page rules (A4 portrait or the landscape named page), then to PNGs."""
    pdf = ARTIFACTS / f"{name}.pdf"
    page.emulate_media(media="print")
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    page.emulate_media(media="screen")
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    for old in ARTIFACTS.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "70", str(pdf), str(ARTIFACTS / name)], check=True)
    assert len(list(ARTIFACTS.glob(f"{name}-*.png"))) == pages
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    return _Printed(info, pages, text)
