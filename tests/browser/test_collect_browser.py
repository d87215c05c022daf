"""Collecting answers, the staff's side, in a real browser: on a 360×640 phone staff01a releases a claimed
name from the cohort's collect page (an htmx POST); on a desktop staff01a opens the pre-test and keys in
a paper pre-test with the keyboard, then sees it counted; the QR slips and the poster print to A4."""
from __future__ import annotations

import datetime as dt
import math
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / ".artifacts" / "print"
NAMES = [("นาย", "ประเสริฐ", "ทองมา"), ("นาง", "วันเพ็ญ", "แก้วใส"), ("นาย", "กมล", "ศรีสุข"),
         ("นาง", "อุไร", "ใจดี"), ("นาย", "เกษม", "มั่นคง"), ("นางสาว", "มาลี", "บุญเรือง"),
         ("นาย", "ชูศักดิ์", "พรหมมา"), ("นาง", "ปราณี", "สายสุด"), ("นาย", "ณรงค์", "คำแก้ว"),
         ("นาง", "รัตนา", "ดวงดี")]


def _flask(args, env):
    return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=env,
                          check=True, capture_output=True, text=True, timeout=300)


def _seed(place: str, status: str, n: int, claim_first: bool = False) -> dict:
    """A course-1 cohort of centre 1 with ``n`` trainees of office-13 cooperatives (made once per place)."""
    from portal.models import Centre, Cohort, CohortCooperative, Cooperative, Course, Office, ProgrammeYear, Trainee
    from portal.models.responses import Claim

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
                               starts=dt.date(2023, 3, 14), ends=dt.date(2023, 3, 15), place=place,
                               venue_kind="government", status=status)
        coop = Cooperative.select().join(Office).where(Office.code == "13").order_by(Cooperative.id).first()
        assert coop is not None, "the small demo has office-13 cooperatives"
        CohortCooperative.create(cohort=cohort, cooperative=coop)
        for prefix, first, last_name in NAMES[:n]:
            Trainee.create(cohort=cohort, cooperative=coop, prefix=prefix, first_name=first, last_name=last_name,
                           gender="female" if prefix != "นาย" else "male", role="board",
                           token=secrets.token_urlsafe(24))
        if claim_first:
            trainee = Trainee.get((Trainee.cohort == cohort) & (Trainee.first_name == NAMES[0][1]))
            Claim.create(trainee=trainee, device_hash=secrets.token_hex(32), device_label="LINE · Android")
    return {"id": cohort.id, "trainees": {t.first_name: t.id for t in Trainee.select().where(Trainee.cohort == cohort)}}


@pytest.fixture
def synced(live_env):
    _flask(["forms", "sync"], live_env)


def test_staff_release_a_claimed_name_on_a_phone(live_server, live_db, phone, sign_in, synced):
    from portal.models import User
    from portal.models.responses import Claim, ClaimRelease

    with live_db():
        cohort = _seed("ห้องประชุมทดสอบปลดล็อกชื่อ (collect browser)", "training", 4, claim_first=True)
    trainee_id = cohort["trainees"]["ประเสริฐ"]
    sign_in(phone, "staff01a")
    phone.goto(f"{live_server}/cohorts/{cohort['id']}/collect/")
    expect(phone.locator("h1")).to_contain_text("การเก็บแบบสอบถาม")
    # Mobile first: nothing wider than the phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    person = phone.locator(f"#trainee-{trainee_id}")
    expect(person).to_contain_text("LINE · Android")
    person.get_by_role("button", name="ปลดล็อกชื่อ นายประเสริฐ ทองมา").click()
    person = phone.locator(f"#trainee-{trainee_id}")
    expect(person).to_contain_text("ปลดล็อกชื่อ นายประเสริฐ ทองมา จากอุปกรณ์ LINE · Android แล้ว")
    expect(person).to_contain_text("ยังไม่มีอุปกรณ์จองชื่อนี้")
    expect(person.get_by_role("button", name="ปลดล็อกชื่อ นายประเสริฐ ทองมา")).to_have_count(0)
    assert phone.url.endswith("/collect/")  # swapped in place by htmx, not a new page
    with live_db():
        assert Claim.get_or_none(Claim.trainee == trainee_id) is None
        release = ClaimRelease.get(ClaimRelease.trainee == trainee_id)
        assert release.device_label == "LINE · Android"
        assert release.released_by_id == User.get(User.username == "staff01a").id
    # After a reload the release is still shown, with who did it.
    phone.reload()
    expect(phone.locator(f"#trainee-{trainee_id}")).to_contain_text("ปลดล็อกล่าสุด")


def test_staff_key_in_a_paper_pre_test_on_a_desktop_and_see_it_counted(live_server, live_db, desktop, sign_in,
                                                                       synced):
    from portal.models import User
    from portal.models.responses import Response

    with live_db():
        cohort = _seed("ห้องประชุมทดสอบบันทึกแบบกระดาษ (collect browser)", "pretest", 3)
    base = f"{live_server}/cohorts/{cohort['id']}/collect/"
    sign_in(desktop, "staff01a")
    desktop.goto(base)
    card = desktop.locator(".collect-q").filter(has_text="(ก่อนการอบรม)")
    expect(card).to_contain_text("0")
    # Open the pre-test window (an htmx POST that swaps the panel).
    card.get_by_role("button", name="เปิดรับคำตอบ").click()
    card = desktop.locator(".collect-q").filter(has_text="(ก่อนการอบรม)")
    expect(card.get_by_role("button", name="ปิดรับคำตอบ")).to_be_visible()
    expect(desktop.locator("#collect-windows .flash-success")).to_contain_text("เปิดรับคำตอบ")
    card.get_by_role("link", name="บันทึกคำตอบจากกระดาษ").click()
    # Thai order: กมล first.
    expect(desktop.locator(".collect-keyin-name")).to_have_text("นายกมล ศรีสุข")
    desktop.wait_for_load_state("load")  # the digit keys need collect.js, which loads last (a busy machine lagged)
    # The first answer is focused; a digit picks a choice and the focus stays; Tab goes to the next question
    # (as the page says), and arrows work too.
    assert desktop.evaluate("document.activeElement.type") == "radio"
    first_name = desktop.evaluate("document.activeElement.name")
    desktop.keyboard.press("2")
    assert desktop.evaluate(f"document.querySelector('input[name={first_name}]:checked').value") == "b"
    assert desktop.evaluate("document.activeElement.name") == first_name
    desktop.keyboard.press("Tab")
    second_name = desktop.evaluate("document.activeElement.name")
    assert second_name != first_name
    desktop.keyboard.press("1")
    desktop.keyboard.press("Tab")
    desktop.keyboard.press("3")
    desktop.keyboard.press("Tab")
    desktop.keyboard.press("ArrowDown")  # the fourth question: the arrow key moves and ticks within the group
    checked = desktop.locator("input[type=radio]:checked")
    assert checked.count() == 4
    assert desktop.evaluate(f"document.querySelector('input[name={second_name}]:checked').value") == "a"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    desktop.screenshot(path=str(ARTIFACTS / "collect-keyin.png"))
    desktop.get_by_role("button", name="บันทึกและคนถัดไป").click()
    # Sixteen items are blank: the page names them and asks once before storing anything.
    expect(desktop.locator("#blanks")).to_contain_text("เว้นว่าง 16 ข้อ")
    desktop.get_by_label("ยืนยันว่าในกระดาษเว้นว่างข้อเหล่านี้จริง").check()
    desktop.get_by_role("button", name="บันทึกและคนถัดไป").click()
    expect(desktop.locator(".flash-success")).to_contain_text("บันทึกคำตอบจากกระดาษของ นายกมล ศรีสุข แล้ว (คะแนน")
    expect(desktop.locator(".collect-keyin-name")).not_to_have_text("นายกมล ศรีสุข")
    with live_db():
        response = Response.get((Response.cohort == cohort["id"]) & (Response.trainee == cohort["trainees"]["กมล"]))
        assert response.keyed_in_by_id == User.get(User.username == "staff01a").id
        assert response.phase == "pre" and response.max_score == 20
    desktop.goto(base)
    card = desktop.locator(".collect-q").filter(has_text="(ก่อนการอบรม)")
    expect(card.locator(".collect-q-count")).to_contain_text("1 / 3")
    expect(desktop.locator("#collect-live")).to_contain_text("1 / 3")
    expect(desktop.locator(f"#trainee-{cohort['trainees']['กมล']}")).to_contain_text("บันทึกจากกระดาษ")


def _print(page, name: str) -> tuple[int, str]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / f"{name}.pdf"
    page.emulate_media(media="print")
    page.pdf(path=str(pdf), format="A4", print_background=True, prefer_css_page_size=True)
    page.emulate_media(media="screen")
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert "(A4)" in info
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    for old in ARTIFACTS.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "70", str(pdf), str(ARTIFACTS / name)], check=True)
    assert len(list(ARTIFACTS.glob(f"{name}-*.png"))) == pages
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    return pages, text


def test_qr_slips_and_the_poster_print_to_a4(live_server, live_db, desktop, sign_in, synced):
    from portal.models import Cooperative, Instrument, Trainee
    from portal.models.responses import RespondentLink

    with live_db():
        cohort = _seed("ห้องประชุมทดสอบพิมพ์ QR (collect browser)", "pretest", 10)
        coop = Trainee.get_by_id(next(iter(cohort["trainees"].values()))).cooperative
        link, _made = RespondentLink.get_or_create(
            kind="member_survey", cooperative=coop, period="2566-browser",
            defaults={"instrument": Instrument.get(Instrument.code == "member_survey"),
                      "token": secrets.token_urlsafe(24), "valid_from": dt.date(2022, 10, 1),
                      "valid_until": dt.date(2023, 9, 30)})
        coop_name = Cooperative.get_by_id(coop.id).name
    sign_in(desktop, "staff01a")
    desktop.goto(f"{live_server}/cohorts/{cohort['id']}/collect/slips")
    expect(desktop.locator(".collect-slip")).to_have_count(10)
    pages, text = _print(desktop, "collect-slips")
    assert pages == math.ceil(10 / 8)
    assert text.count("ห้ามส่งต่อในกลุ่มไลน์") == 10 and "ออกจากระบบ" not in text
    assert "QR ส่วนตัวสำหรับตัดแจก" not in text  # the screen's tools are not printed
    assert "/t/" in text
    desktop.goto(f"{live_server}/cohorts/{cohort['id']}/collect/projector")
    expect(desktop.locator("svg.collect-projector-qr")).to_be_visible()
    box = desktop.locator("svg.collect-projector-qr").bounding_box()
    assert box["width"] >= 400  # big enough to scan from the back of the room
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    desktop.screenshot(path=str(ARTIFACTS / "collect-projector.png"))
    desktop.goto(f"{live_server}/cohorts/links/?year=2566")
    expect(desktop.locator("h1")).to_contain_text("ลิงก์แบบสำรวจของสหกรณ์")
    desktop.screenshot(path=str(ARTIFACTS / "collect-links.png"), full_page=True)
    desktop.goto(f"{live_server}/cohorts/links/{link.id}/poster")
    pages, text = _print(desktop, "collect-poster")
    assert pages == 1
    assert "พระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล" in text and f"/m/{link.token}" in text.replace("\n", "")
    assert coop_name.split()[0][:6] in text
