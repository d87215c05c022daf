"""The facilitator's live panel in a real browser: staff01a watches a cohort with an open pre-test and an open
satisfaction form; answers stored meanwhile appear WITHOUT a reload (a marker set on ``window`` survives), and
the satisfaction mean is withheld with 4 answers and shown after the 5th. Also the results page on a phone."""
from __future__ import annotations

import datetime as dt
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
PLACE = "ห้องประชุมแผงติดตามสด (cohortresults browser)"
NAMES = [("นาย", "สมพร", "แสงทอง"), ("นาง", "บุษบา", "ใจงาม"), ("นาย", "ประยุทธ", "ดีงาม"),
         ("นาง", "ลำดวน", "หอมจันทร์"), ("นาย", "สุรชัย", "มีสุข"), ("นางสาว", "กาญจนา", "ทองดี")]
# the live portal polls every PORTAL_LIVE_POLL_SECONDS = 1 s (tests/browser/conftest.py): wait up to 10 s
WAIT_MS = 10_000


@pytest.fixture
def synced(live_env):
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "forms", "sync"], cwd=ROOT, env=live_env,
                   check=True, capture_output=True, text=True, timeout=300)


def _seed() -> dict:
    """A course-1 cohort of centre 1 with six trainees, its pre-test and satisfaction windows open."""
    from portal.models import Centre, Cohort, CohortCooperative, Cooperative, Course, Instrument, Office, Trainee
    from portal.models.responses import QuestionnaireWindow

    course = Course.get((Course.fiscal_year == 2566) & (Course.number == 1))
    centre = Centre.get(Centre.number == 1)
    cohort = Cohort.get_or_none((Cohort.place == PLACE) & (Cohort.centre == centre))
    test = Instrument.get(Instrument.code == "c1_knowledge")
    satisfaction = Instrument.get(Instrument.code == "c1_satisfaction")
    if cohort is None:
        last = (Cohort.select().where((Cohort.course == course) & (Cohort.centre == centre))
                .order_by(Cohort.number.desc()).first())
        cohort = Cohort.create(course=course, centre=centre, number=(last.number + 1) if last else 1,
                               starts=dt.date(2023, 3, 15), ends=dt.date(2023, 3, 16), place=PLACE,
                               venue_kind="government", status="training")
        coop = Cooperative.select().join(Office).where(Office.code == "13").order_by(Cooperative.id).first()
        CohortCooperative.create(cohort=cohort, cooperative=coop)
        for prefix, first, last_name in NAMES:
            Trainee.create(cohort=cohort, cooperative=coop, prefix=prefix, first_name=first, last_name=last_name,
                           gender="male" if prefix == "นาย" else "female", role="board",
                           token=secrets.token_urlsafe(24))
        for instrument, phase in ((test, "pre"), (satisfaction, "single")):
            QuestionnaireWindow.create(cohort=cohort, instrument=instrument, phase=phase,
                                       opened_at=dt.datetime(2023, 3, 15, 9, 0))
    trainees = list(Trainee.select().where(Trainee.cohort == cohort).order_by(Trainee.id))
    return {"id": cohort.id, "test": test.id, "satisfaction": satisfaction.id, "trainees": [t.id for t in trainees]}


def _store(instrument_id: int, trainee_id: int, phase: str, answers: dict, score: int | None = None):
    from portal.models import Instrument, InstrumentVersion, Trainee
    from portal.services.collection import new_uuid, store_response

    instrument = Instrument.get_by_id(instrument_id)
    trainee = Trainee.get_by_id(trainee_id)
    store_response(uuid=new_uuid(), instrument=instrument, phase=phase, answers=answers, respondent="trainee",
                   version=InstrumentVersion.get_by_id(instrument.current_version_id), trainee=trainee,
                   cohort_id=trainee.cohort_id, score=score, max_score=20 if score is not None else None,
                   editable=phase == "single", edit_key=f"device-{trainee_id}" if phase == "single" else None)


def test_live_panel_updates_without_a_reload(live_server, live_db, desktop, sign_in, synced):
    with live_db():
        seeded = _seed()
    page = desktop
    sign_in(page, "staff01a")
    page.goto(f"{live_server}/results/cohorts/{seeded['id']}/live")
    panel = page.locator("#results-live")
    expect(panel).to_have_attribute("hx-trigger", "every 1s")
    pre_count = page.locator(f"#live-count-{seeded['test']}-pre")
    sat_count = page.locator(f"#live-count-{seeded['satisfaction']}-single")
    expect(pre_count).to_contain_text("0 / 6")
    first = seeded["trainees"][0]
    expect(page.locator(f"#live-trainee-{first}")).to_contain_text("ยังไม่ส่ง")
    page.evaluate("window.__liveMarker = 'no reload'")

    with live_db():
        _store(seeded["test"], first, "pre", {}, score=12)
    expect(pre_count).to_contain_text("1 / 6", timeout=WAIT_MS)
    expect(page.locator(f"#live-trainee-{first}")).to_contain_text("ส่งแล้ว", timeout=WAIT_MS)
    assert page.evaluate("window.__liveMarker") == "no reload"

    # satisfaction: 4 answers are withheld, the 5th shows the mean (5, 5, 4, 4, 3 → 4.20 มาก)
    with live_db():
        for trainee_id, value in zip(seeded["trainees"][:4], (5, 5, 4, 4)):
            _store(seeded["satisfaction"], trainee_id, "single", {"overall": value})
    expect(sat_count).to_contain_text("4 / 6", timeout=WAIT_MS)
    overall = page.locator("#live-sat-overall")
    expect(overall).to_contain_text("ข้อมูลไม่พอ")
    assert "4." not in overall.inner_text()
    with live_db():
        _store(seeded["satisfaction"], seeded["trainees"][4], "single", {"overall": 3})
    expect(sat_count).to_contain_text("5 / 6", timeout=WAIT_MS)
    expect(overall).to_contain_text("4.20", timeout=WAIT_MS)
    expect(overall).to_contain_text("มาก")
    expect(page.locator("#results-live")).to_contain_text("ปรับทุก 5 คำตอบ")
    assert page.evaluate("window.__liveMarker") == "no reload"

    # closing both windows stops the polling: the panel renders without its trigger
    with live_db():
        from portal.models.responses import QuestionnaireWindow

        QuestionnaireWindow.update(closed_at=dt.datetime(2023, 3, 15, 16, 0)).where(
            QuestionnaireWindow.cohort == seeded["id"]).execute()
    expect(page.locator(".results-live-stopped")).to_contain_text("หยุดปรับอัตโนมัติ", timeout=WAIT_MS)
    expect(page.locator("#results-live")).not_to_have_attribute("hx-trigger", "every 1s")
    assert page.evaluate("window.__liveMarker") == "no reload"


def test_results_page_fits_a_phone(live_server, live_db, phone, sign_in, synced):
    from portal.models import Cohort, Course

    with live_db():
        closed = (Cohort.select().join(Course).where((Cohort.status == "closed") & (Course.number == 1)
                                                     & (Cohort.centre == 1)).order_by(Cohort.id).first())
        cohort_id = closed.id
    sign_in(phone, "director01")
    phone.goto(f"{live_server}/results/cohorts/{cohort_id}")
    expect(phone.locator("h1")).to_contain_text("ผลการอบรม")
    expect(phone.locator("#learning")).to_contain_text("ดัชนีประสิทธิผล (E.I.) ของรุ่น")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    details = phone.locator("details.results-details").first
    details.locator("summary").click()
    expect(details).to_contain_text("Cohen's d_z")
    expect(phone.locator("#satisfaction")).to_contain_text("ความพึงพอใจโดยรวม")
