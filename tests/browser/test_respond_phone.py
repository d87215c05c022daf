"""A trainee on a small Android phone (360×640, font at 130 percent): opens the cohort link, picks a name,
answers part of the pre-test, leaves, comes back, resumes and submits — once with JavaScript (htmx swaps
each section in place) and once with JavaScript disabled (plain POSTs and redirects)."""
from __future__ import annotations

import datetime as dt
import json
import secrets
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "tests" / ".artifacts" / "screenshots"
# The phone profile of tests/browser/conftest.py (PHONE), for contexts made here (JavaScript on or off).
PHONE = {
    "viewport": {"width": 360, "height": 640},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "th-TH",
    "timezone_id": "Asia/Bangkok",
    "user_agent": (
        "Mozilla/5.0 (Linux; Android 12; SM-A135F) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0 Mobile Safari/537.36 Line/13.20.0"
    ),
}


def _flask(args, env):
    return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=env,
                          check=True, capture_output=True, text=True, timeout=300)


def _seed(live_env, live_db) -> dict:
    """A course-1 cohort of centre 1 with three trainees (unique names) and c1_knowledge pre open."""
    _flask(["forms", "sync"], live_env)
    from portal.models import Centre, Cohort, Cooperative, CoopType, Course, Instrument, Office, Province, Trainee
    from portal.models.responses import QuestionnaireWindow
    from portal.models.training import new_token
    from portal.services.instruments import version_definition

    tag = secrets.token_hex(3)
    with live_db():
        centre = Centre.get(Centre.number == 1)
        course = Course.get_or_none((Course.fiscal_year == 2566) & (Course.number == 1)) or Course.create(
            fiscal_year=2566, number=1, name_th="พัฒนากรรมการสหกรณ์เข้มแข็งทั้งคณะ", name_en="Strong whole board",
            days=2, people_per_cooperative=20)
        office = Office.select().join(Province).where(Province.centre == centre).first()
        coop = Cooperative.create(name=f"สหกรณ์การเกษตรเบราว์เซอร์ {tag} จำกัด", registration_no=f"BR-{tag}",
                                  coop_type=CoopType.get(CoopType.code == "agricultural"), office=office)
        taken = {c.number for c in Cohort.select(Cohort.number).where((Cohort.course == course)
                                                                       & (Cohort.centre == centre))}
        number = max(taken | {900}) + 1
        cohort = Cohort.create(course=course, centre=centre, number=number, starts=dt.date(2023, 3, 15),
                               ends=dt.date(2023, 3, 16), place="ห้องประชุมทดสอบเบราว์เซอร์",
                               venue_kind="government", status="pretest")
        names = [("นาง", f"บุษบา{tag}", "รักเรียน"), ("นาย", f"กิตติ{tag}", "ตั้งใจ"), ("นางสาว", f"เพ็ญศรี{tag}", "ใฝ่รู้")]
        trainees = [Trainee.create(cohort=cohort, cooperative=coop, prefix=p, first_name=f, last_name=l,
                                   gender="female" if p != "นาย" else "male", role="board", token=new_token())
                    for p, f, l in names]
        test = Instrument.get(Instrument.code == "c1_knowledge")
        QuestionnaireWindow.create(cohort=cohort, instrument=test, phase="pre", opened_at=dt.datetime(2023, 3, 15, 9))
        satisfaction = Instrument.get(Instrument.code == "c1_satisfaction")
        QuestionnaireWindow.create(cohort=cohort, instrument=satisfaction, phase="single",
                                   opened_at=dt.datetime(2023, 3, 16, 15))
        key = dict(version_definition(test.current_version).answer_key)
        return {"cohort_token": cohort.token, "trainee_id": trainees[0].id, "name": trainees[0].full_name,
                "other_name": trainees[1].full_name,
                "key": key, "instrument_id": test.id}


def _phone(browser, javascript: bool):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(**PHONE, java_script_enabled=javascript)
    page = context.new_page()
    # The system font at 130 percent, as conftest's phone fixture sets it.
    context.new_cdp_session(page).send("Page.setFontSizes", {"fontSizes": {"standard": 21, "fixed": 17}})
    return context, page


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def _answer_section(page, key: dict):
    for radio in page.locator("input[type=radio]").all():
        name = radio.get_attribute("name")
        if radio.get_attribute("value") == key[name]:
            radio.check()


def _run(browser, live_server, live_env, live_db, javascript: bool, shot: str):
    seed = _seed(live_env, live_db)
    context, page = _phone(browser, javascript)
    try:
        # The cohort QR on the projector: pick a name.
        page.goto(f"{live_server}/c/{seed['cohort_token']}")
        expect(page.locator("h1")).to_have_text("เลือกชื่อของท่าน")
        _no_sideways_scroll(page)
        page.screenshot(path=str(SCREENSHOTS / f"respond-{shot}-1-roster.png"), full_page=True)
        page.get_by_role("button", name=seed["name"]).click()
        expect(page.locator(".r-signed")).to_contain_text(seed["name"])
        assert page.url.endswith("/t/")
        page.get_by_role("link", name="เริ่มทำ").first.click()
        expect(page.locator(".r-progress")).to_have_text("ตอนที่ 1 จาก 5")
        _no_sideways_scroll(page)
        page.screenshot(path=str(SCREENSHOTS / f"respond-{shot}-2-part1.png"), full_page=True)
        if javascript:
            page.evaluate("window.respondMarker = 'same page'")
        # Part 1, then "next" with an unanswered part 2 question to see the inline message.
        _answer_section(page, seed["key"])
        page.get_by_role("button", name="ถัดไป").click()
        expect(page.locator(".r-progress")).to_have_text("ตอนที่ 2 จาก 5")
        page.locator("input[name=q07][value=%s]" % seed["key"]["q07"]).check()
        page.get_by_role("button", name="ถัดไป").click()
        expect(page.locator(".q-error").first).to_contain_text("กรุณาตอบข้อนี้")
        expect(page.locator(".r-progress")).to_have_text("ตอนที่ 2 จาก 5")
        if javascript:
            # htmx swapped the sections in place: no page load happened.
            assert page.evaluate("window.respondMarker") == "same page"
        page.screenshot(path=str(SCREENSHOTS / f"respond-{shot}-3-part2-errors.png"), full_page=True)
        page.close()

        # Leave, come back later on the same phone: the home says "draft", the form resumes at part 2.
        page = context.new_page()
        context.new_cdp_session(page).send("Page.setFontSizes", {"fontSizes": {"standard": 21, "fixed": 17}})
        page.goto(f"{live_server}/t/")
        expect(page.locator(".r-item").first).to_contain_text("ทำค้างไว้")
        page.get_by_role("link", name="ทำต่อ").click()
        expect(page.locator(".r-progress")).to_have_text("ตอนที่ 2 จาก 5")
        expect(page.locator("input[name=q07][value=%s]" % seed["key"]["q07"])).to_be_checked()
        for part in range(2, 6):
            expect(page.locator(".r-progress")).to_have_text(f"ตอนที่ {part} จาก 5")
            _answer_section(page, seed["key"])
            _no_sideways_scroll(page)
            if part < 5:
                page.get_by_role("button", name="ถัดไป").click()
        page.screenshot(path=str(SCREENSHOTS / f"respond-{shot}-4-last.png"), full_page=True)
        page.get_by_role("button", name="ส่งคำตอบ").click()
        expect(page.locator("h1")).to_have_text("ส่งคำตอบแล้ว")
        assert page.url.endswith("/t/c1_knowledge/pre/done")
        _no_sideways_scroll(page)
        page.screenshot(path=str(SCREENSHOTS / f"respond-{shot}-5-done.png"), full_page=True)
        page.goto(f"{live_server}/t/")
        expect(page.locator(".r-item").first).to_contain_text("ส่งแล้ว")
    finally:
        context.close()

    from portal.models.responses import Claim, Draft, Response

    with live_db():
        rows = list(Response.select().where((Response.trainee == seed["trainee_id"])
                                            & (Response.instrument == seed["instrument_id"])))
        assert len(rows) == 1
        assert (rows[0].score, rows[0].max_score, rows[0].phase) == (20, 20, "pre")
        assert len(json.loads(rows[0].answers)) == 20
        assert Draft.select().where(Draft.owner == f"trainee:{seed['trainee_id']}").count() == 0
        assert Claim.get(Claim.trainee == seed["trainee_id"]).device_label == "LINE · Android"


def test_a_trainee_answers_the_pretest_with_javascript(browser, live_server, live_env, live_db):
    _run(browser, live_server, live_env, live_db, javascript=True, shot="js")


def test_a_trainee_answers_the_pretest_without_javascript(browser, live_server, live_env, live_db):
    _run(browser, live_server, live_env, live_db, javascript=False, shot="nojs")


def test_the_server_decides_which_questions_show_as_the_trainee_answers(browser, live_server, live_env, live_db):
    """The satisfaction form: ticking "อื่น ๆ" brings "please specify" through an htmx POST (CSRF header)."""
    seed = _seed(live_env, live_db)
    context, page = _phone(browser, True)
    try:
        page.goto(f"{live_server}/c/{seed['cohort_token']}")
        page.get_by_role("button", name=seed["other_name"]).click()
        page.goto(f"{live_server}/t/c1_satisfaction/single")
        expect(page.locator(".r-progress")).to_contain_text("ตอนที่ 1 จาก")
        assert page.locator("input[name=position_other]").count() == 0
        with page.expect_response(lambda r: r.url.endswith("/visible") and r.request.method == "POST") as info:
            page.locator("input[name=position][value=other]").check()
        assert info.value.status == 200
        assert info.value.request.headers.get("x-csrftoken")
        expect(page.locator("input[name=position_other]")).to_be_visible()
        expect(page.locator("input[name=position][value=other]")).to_be_checked()
        _no_sideways_scroll(page)
        page.screenshot(path=str(SCREENSHOTS / "respond-js-6-relevant.png"), full_page=True)
        page.locator("input[name=position][value=chair]").check()
        expect(page.locator("input[name=position_other]")).to_have_count(0)
    finally:
        context.close()
