"""The staff's side of collecting through HTTP: windows per cohort status, releasing claimed names, QR slips
and the projector, keyed-in paper answers, cooperatives' links and posters, scoping (404) and CSRF."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from portal.models import Cohort, Course, CourseStep, Instrument, Trainee
from portal.models.responses import AnonymousReceipt, Claim, ClaimRelease, QuestionnaireWindow, RespondentLink, Response
from portal.services.instruments import current_definition, sync_forms

pytestmark = pytest.mark.db

HTMX = {"HX-Request": "true"}
BASE = "http://127.0.0.1:5000"


def _html(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def forms(app):
    sync_forms()
    return {code: Instrument.get(Instrument.code == code) for code in ("c1_knowledge", "c1_satisfaction",
                                                                        "member_survey", "c1_followup")}


def _status(world, status, cohort=None):
    cohort = cohort or world.cohort
    Cohort.update(status=status).where(Cohort.id == cohort.id).execute()


def _url(world, suffix="", cohort=None):
    return f"/cohorts/{(cohort or world.cohort).id}/collect/{suffix}"


def _window_url(world, instrument, phase, action, cohort=None):
    return _url(world, f"windows/{instrument.id}/{phase}/{action}", cohort)


def _window(world, instrument, phase):
    return QuestionnaireWindow.get_or_none((QuestionnaireWindow.cohort == world.cohort.id)
                                           & (QuestionnaireWindow.instrument == instrument.id)
                                           & (QuestionnaireWindow.phase == phase))


def _trainee(world, first, last, coop=None, token=None):
    return Trainee.create(cohort=world.cohort, cooperative=coop or world.coop, prefix="นาย", first_name=first,
                          last_name=last, gender="male", role="board", token=token or f"tok-{first}-{last}-0000000000")


def _answers(code, choice=None) -> dict:
    _version, defn = current_definition(code)
    data = {}
    for q in defn.items():
        if q.repeat:
            continue
        if q.type == "select_one":
            data[q.name] = choice if (choice and q.choice(choice)) else q.choices[0].name
        elif q.type == "scale5":
            data[q.name] = "4"
    return data


def _uuid(html: str) -> str:
    return re.search(r'name="uuid" value="([^"]+)"', html).group(1)


# --------------------------------------------------------------------------- the collect page and windows

def test_the_collect_page_lists_each_questionnaire_with_its_window_and_counts(client, world, login_as, forms):
    _trainee(world, "สมศักดิ์", "ใจดี")
    login_as("centre_staff")
    html = _html(client.get(_url(world)))
    assert "การเก็บแบบสอบถาม" in html
    # c1_knowledge before and after, and the satisfaction form, each with "answered / roster".
    assert html.count('class="card collect-q ') == 3
    assert "(ก่อนการอบรม)" in html and "(หลังการอบรม)" in html and "แบบประเมินความพึงพอใจ" in html
    assert "ยังไม่เปิด" in html and "<strong>0</strong> / 2" in html
    # The post-test does not close the pre-test: the page says so.
    assert "ไม่ได้ปิดแบบทดสอบก่อนการอบรมให้อัตโนมัติ" in html
    # A planned cohort: no open button, the reason instead.
    assert "/open" not in html and "ให้เลื่อนสถานะรุ่นเป็น" in html
    # The cohort link is shared to LINE, never a personal one.
    cohort_link = f"{BASE}/c/{world.cohort.token}"
    assert cohort_link in html and "social-plugins.line.me/lineit/share?url=" in html
    assert world.trainee.token not in html


def test_another_centres_cohort_is_404_and_provincial_users_are_refused(client, world, login_as, forms):
    login_as("centre_director")
    assert client.get(_url(world, cohort=world.other_cohort)).status_code == 404
    assert client.post(_window_url(world, forms["c1_knowledge"], "pre", "open", world.other_cohort)).status_code == 404
    login_as("provincial_officer")
    assert client.get(_url(world)).status_code == 403


def test_the_pre_test_opens_in_pretest_and_training_and_not_before(client, world, login_as, forms):
    test = forms["c1_knowledge"]
    login_as("centre_staff")
    refused = client.post(_window_url(world, test, "pre", "open"))
    assert refused.status_code == 303
    html = _html(client.get(refused.headers["Location"]))
    assert "ยังเปิดแบบทดสอบก่อนการอบรมไม่ได้" in html and "ไม่มีการเปลี่ยนแปลงใด ๆ" in html
    assert QuestionnaireWindow.select().count() == 0
    for status in ("pretest", "training"):
        _status(world, status)
        assert client.post(_window_url(world, test, "pre", "open")).status_code == 303
        window = _window(world, test, "pre")
        assert window.is_open and window.opened_by_id == world.users["centre_staff"].id
        assert client.post(_window_url(world, test, "pre", "close")).status_code == 303
        assert not _window(world, test, "pre").is_open


def test_post_test_and_satisfaction_open_only_in_posttest_and_do_not_close_the_pre_test(client, world, login_as,
                                                                                          forms):
    test, satisfaction = forms["c1_knowledge"], forms["c1_satisfaction"]
    login_as("centre_director")
    _status(world, "training")
    client.post(_window_url(world, test, "pre", "open"))
    response = client.post(_window_url(world, test, "post", "open"), headers=HTMX)
    assert response.status_code == 409
    assert "เปิดได้เมื่อรุ่นอยู่ในสถานะ" in _html(response) and _window(world, test, "post") is None
    _status(world, "posttest")
    ok = client.post(_window_url(world, test, "post", "open"), headers=HTMX)
    html = _html(ok)
    assert ok.status_code == 200 and 'id="collect-windows"' in html and "เปิดรับคำตอบ" in html
    # The live summary comes out of band and polls while something is open.
    assert 'id="collect-live"' in html and 'hx-swap-oob="true"' in html and "every 5s" in html
    assert client.post(_window_url(world, satisfaction, "single", "open")).status_code == 303
    assert _window(world, test, "pre").is_open and _window(world, test, "post").is_open
    assert _window(world, satisfaction, "single").is_open
    # The pre-test cannot be re-opened once the post-test stage has come.
    client.post(_window_url(world, test, "pre", "close"))
    again = client.post(_window_url(world, test, "pre", "open"), headers=HTMX)
    assert again.status_code == 409 and not _window(world, test, "pre").is_open


def test_nothing_opens_once_the_cohort_is_closed_but_an_open_window_can_still_be_closed(client, world, login_as,
                                                                                         forms):
    test = forms["c1_knowledge"]
    login_as("bureau_admin")
    _status(world, "posttest")
    client.post(_window_url(world, test, "post", "open"))
    for status in ("closed", "followup", "archived"):
        _status(world, status)
        response = client.post(_window_url(world, test, "pre", "open"), headers=HTMX)
        assert response.status_code == 409
        assert "การอบรมปิดแล้ว" in _html(response) and "ไม่มีการเปลี่ยนแปลงใด ๆ" in _html(response)
        assert _window(world, test, "pre") is None
    _status(world, "closed")
    html = _html(client.get(_url(world)))
    assert "รุ่นนี้ปิดการอบรมแล้ว แต่แบบนี้ยังเปิดรับคำตอบอยู่" in html
    assert client.post(_window_url(world, test, "post", "close")).status_code == 303
    assert not _window(world, test, "post").is_open


def test_reopening_records_who_and_when_again(client, world, login_as, forms):
    test = forms["c1_knowledge"]
    _status(world, "pretest")
    login_as("centre_staff")
    client.post(_window_url(world, test, "pre", "open"))
    client.post(_window_url(world, test, "pre", "close"))
    closed = _window(world, test, "pre")
    assert closed.closed_by_id == world.users["centre_staff"].id and closed.closed_at is not None
    login_as("centre_director")
    response = client.post(_window_url(world, test, "pre", "open"))
    assert "เปิดรับคำตอบ" in _html(client.get(response.headers["Location"]))
    window = _window(world, test, "pre")
    assert window.is_open and window.opened_by_id == world.users["centre_director"].id and window.closed_at is None
    assert QuestionnaireWindow.select().count() == 1
    # Opening twice changes nothing and says so.
    twice = client.post(_window_url(world, test, "pre", "open"), headers=HTMX)
    assert twice.status_code == 409 and "เปิดรับคำตอบอยู่แล้ว" in _html(twice)
    # Every opening and closing is kept with who, not only the latest.
    from portal.models.responses import WindowEvent

    events = list(WindowEvent.select().order_by(WindowEvent.id))
    assert [e.action for e in events] == ["open", "close", "open"]
    assert [e.by_id for e in events] == [world.users["centre_staff"].id] * 2 + [world.users["centre_director"].id]
    html = _html(client.get(f"/cohorts/{world.cohort.id}/collect/"))
    assert "ประวัติการเปิด–ปิด (3 ครั้ง)" in html


def test_an_unknown_questionnaire_or_phase_is_404(client, world, login_as, forms):
    login_as("centre_staff")
    assert client.post(_window_url(world, forms["member_survey"], "single", "open")).status_code == 404
    assert client.post(_window_url(world, forms["c1_satisfaction"], "pre", "open")).status_code == 404


def test_bureau_executive_reads_the_page_without_buttons(client, world, login_as, forms):
    Claim.create(trainee=world.trainee, device_hash="x" * 64, device_label="LINE · Android")
    login_as("bureau_exec")
    html = _html(client.get(_url(world)))
    assert "LINE · Android" in html and "/release" not in html and "/close" not in html
    assert client.post(_url(world, f"claims/{world.trainee.id}/release")).status_code == 403


def test_the_live_panel_polls_while_a_window_is_open_and_then_stops(client, world, login_as, forms):
    login_as("centre_staff")
    _status(world, "pretest")
    client.post(_window_url(world, forms["c1_knowledge"], "pre", "open"))
    live = client.get(_url(world, "?panel=live"), headers=HTMX)
    assert live.status_code == 200 and "hx-trigger" in _html(live)
    client.post(_window_url(world, forms["c1_knowledge"], "pre", "close"))
    stopped = client.get(_url(world, "?panel=live"), headers=HTMX)
    assert stopped.status_code == 286 and "hx-trigger" not in _html(stopped)


# --------------------------------------------------------------------------- claimed names

def test_release_deletes_the_claim_and_records_who_when_and_which_device(client, world, login_as, forms):
    Claim.create(trainee=world.trainee, device_hash="a" * 64, device_label="LINE · Android")
    login_as("centre_staff")
    html = _html(client.get(_url(world)))
    assert "LINE · Android" in html and "ปลดล็อก" in html
    response = client.post(_url(world, f"claims/{world.trainee.id}/release"), headers=HTMX)
    body = _html(response)
    assert response.status_code == 200 and f'id="trainee-{world.trainee.id}"' in body
    assert "ปลดล็อกชื่อ นางสมใจ ทดสอบ จากอุปกรณ์ LINE · Android แล้ว" in body
    assert Claim.select().count() == 0
    release = ClaimRelease.get()
    assert (release.trainee_id, release.device_label, release.released_by_id) == (
        world.trainee.id, "LINE · Android", world.users["centre_staff"].id)
    assert release.released_at.date() == dt.date(2023, 3, 15)
    # Nothing left to release: a message, nothing changed.
    again = client.post(_url(world, f"claims/{world.trainee.id}/release"))
    assert again.status_code == 303 and ClaimRelease.select().count() == 1
    assert "ตอนนี้ไม่มีอุปกรณ์ใดจองชื่อนี้อยู่" in _html(client.get(again.headers["Location"]))


def test_release_refuses_other_centres_and_trainees_of_other_cohorts(client, world, login_as, forms):
    Claim.create(trainee=world.other_trainee, device_hash="b" * 64, device_label="Chrome · Android")
    login_as("centre_staff")
    other = _url(world, f"claims/{world.other_trainee.id}/release", world.other_cohort)
    assert client.post(other).status_code == 404
    # The other centre's trainee through the own cohort's address: 404 too.
    assert client.post(_url(world, f"claims/{world.other_trainee.id}/release")).status_code == 404
    assert Claim.select().count() == 1 and ClaimRelease.select().count() == 0


def test_posts_need_the_csrf_token(app, client, world, login_as, forms):
    from flask import g

    login_as("centre_staff")
    app.config["WTF_CSRF_ENABLED"] = True
    g.pop("csrf_token", None)  # the test's app context outlives requests: forget the token cached before sign-in
    _status(world, "pretest")
    Claim.create(trainee=world.trainee, device_hash="c" * 64, device_label="LINE · Android")
    assert client.post(_window_url(world, forms["c1_knowledge"], "pre", "open")).status_code == 400
    assert client.post(_url(world, f"claims/{world.trainee.id}/release"), headers=HTMX).status_code == 400
    assert QuestionnaireWindow.select().count() == 0 and Claim.select().count() == 1
    page = _html(client.get(_url(world)))
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    header = re.search(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', page).group(1)
    assert client.post(_url(world, f"claims/{world.trainee.id}/release"),
                       headers={**HTMX, "X-CSRFToken": header}).status_code == 200
    assert client.post(_window_url(world, forms["c1_knowledge"], "pre", "open"),
                       data={"csrf_token": token}).status_code == 303
    assert Claim.select().count() == 0 and QuestionnaireWindow.select().count() == 1


# --------------------------------------------------------------------------- QR slips and the projector

def test_the_slips_carry_each_personal_link_as_qr_and_text_with_the_warning(client, world, login_as, forms):
    for n in range(9):
        _trainee(world, f"คนที่{n:02d}", "ทดสอบ")
    login_as("centre_staff")
    html = _html(client.get(_url(world, "slips")))
    assert html.count('class="collect-slip"') == 10
    assert html.count('class="collect-sheet"') == 2  # 8 a page
    assert f"{BASE}/t/{world.trainee.token}" in html
    assert html.count("<svg") == 10 and 'viewBox="0 0' in html
    assert html.count("ลิงก์ส่วนตัว ห้ามส่งต่อในกลุ่มไลน์") == 10
    assert "สหกรณ์การเกษตรบ้านทดสอบ จำกัด" in html and "นางสมใจ ทดสอบ" in html
    # Inline styles are forbidden by the CSP: the QR is drawn with attributes and classes only.
    assert "style=" not in html
    assert client.get(_url(world, "slips", world.other_cohort)).status_code == 404


def test_the_projector_shows_the_cohort_qr_and_shares_only_the_cohort_link(client, world, login_as, forms):
    login_as("centre_director")
    html = _html(client.get(_url(world, "projector")))
    cohort_link = f"{BASE}/c/{world.cohort.token}"
    assert cohort_link in html and "<svg" in html
    assert "lineit/share?url=" + cohort_link.replace(":", "%3A").replace("/", "%2F") in html
    assert "ห้ามส่งลิงก์หรือ QR ส่วนตัว" in html and world.trainee.token not in html
    assert client.get(_url(world, "projector", world.other_cohort)).status_code == 404


def test_links_use_the_configured_base_url(app, client, world, login_as, forms):
    app.config["BASE_URL"] = "https://survey.example.go.th/"
    login_as("centre_staff")
    assert f"https://survey.example.go.th/t/{world.trainee.token}" in _html(client.get(_url(world, "slips")))


# --------------------------------------------------------------------------- keyed-in paper answers

def test_a_paper_pre_test_is_keyed_in_marked_scored_and_counted(client, world, login_as, forms):
    second = _trainee(world, "กมล", "ขยัน")
    _status(world, "training")
    login_as("centre_staff")
    start = client.get(_url(world, "keyin/c1_knowledge/pre"))
    assert start.status_code == 303
    # Thai order: กมล comes before สมใจ.
    assert start.headers["Location"].endswith(f"/keyin/c1_knowledge/pre/{second.id}")
    form = client.get(start.headers["Location"])
    html = _html(form)
    assert form.status_code == 200 and "บันทึกและคนถัดไป" in html and "autofocus" in html
    assert html.count("autofocus") == 1 and 'data-keyin-group' in html
    answers = _answers("c1_knowledge")
    saved = client.post(start.headers["Location"], data={**answers, "uuid": _uuid(html), "action": "next"})
    assert saved.status_code == 303 and "keyin/c1_knowledge/pre?after=" in saved.headers["Location"]
    response = Response.get()
    assert response.trainee_id == second.id and response.keyed_in_by_id == world.users["centre_staff"].id
    assert response.respondent == "trainee" and response.cohort_id == world.cohort.id and response.phase == "pre"
    assert response.max_score == 20 and response.score is not None
    # Save and next goes to the next trainee without an answer.
    following = client.get(saved.headers["Location"])
    assert following.headers["Location"].endswith(f"/keyin/c1_knowledge/pre/{world.trainee.id}")
    page = _html(client.get(_url(world)))
    assert "บันทึกคำตอบจากกระดาษของ นายกมล ขยัน แล้ว (คะแนน" in page
    assert "<strong>1</strong> / 2" in page and "บันทึกจากกระดาษ" in page


def test_blank_items_are_allowed_but_wrong_values_and_empty_forms_are_shown_again(client, world, login_as, forms):
    _status(world, "pretest")
    login_as("centre_staff")
    url = _url(world, f"keyin/c1_knowledge/pre/{world.trainee.id}")
    uuid = _uuid(_html(client.get(url)))
    empty = client.post(url, data={"uuid": uuid})
    assert empty.status_code == 422 and "ยังไม่ได้กรอกคำตอบเลย" in _html(empty)
    wrong = client.post(url, data={"uuid": uuid, "q01": "zz", "q02": "a"})
    html = _html(wrong)
    assert wrong.status_code == 422 and "กรุณาเลือกจากตัวเลือกที่กำหนด" in html
    assert f'name="uuid" value="{uuid}"' in html and 'name="q02" value="a" checked' in html
    assert Response.select().count() == 0
    # Two items answered, the rest left blank: first the page says which are blank and asks once …
    asked = client.post(url, data={"uuid": uuid, "q01": "a", "q03": "a", "action": "save"})
    html = _html(asked)
    assert asked.status_code == 422 and "เว้นว่าง 18 ข้อ (ข้อที่ 2, 4, 5," in html and 'name="blanks_ok"' in html
    assert f'name="uuid" value="{uuid}"' in html and 'name="q03" value="a" checked' in html
    assert Response.select().count() == 0
    # … then, confirmed as blank on paper, it is stored.
    ok = client.post(url, data={"uuid": uuid, "q01": "a", "q03": "a", "blanks_ok": "1", "action": "save"})
    assert ok.status_code == 303 and ok.headers["Location"].endswith(f"#trainee-{world.trainee.id}")
    assert Response.select().count() == 1


def test_a_trainee_who_already_answered_is_refused_with_what_exists(client, world, login_as, forms):
    _status(world, "pretest")
    login_as("centre_staff")
    url = _url(world, f"keyin/c1_knowledge/pre/{world.trainee.id}")
    html = _html(client.get(url))
    uuid = _uuid(html)
    data = {**_answers("c1_knowledge"), "uuid": uuid}
    assert client.post(url, data=data).status_code == 303
    # A double click (the same form again) stores nothing more and is answered like the first time.
    assert client.post(url, data=data).status_code == 303
    assert Response.select().count() == 1
    # A second form for the same trainee: refused, naming what is there.
    stale = client.post(url, data={**data, "uuid": "0b3c1c52-6a59-4a8f-9a7e-3f1f9a2b7c10"})
    text = _html(stale)
    assert stale.status_code == 409 and "นางสมใจ ทดสอบ มีคำตอบ" in text and "จากกระดาษแล้ว บันทึกโดย" in text
    assert "centre_staff ทดสอบ" in text
    assert Response.select().count() == 1
    again = _html(client.get(url))
    assert "มีคำตอบ" in again and 'name="uuid"' not in again


def test_an_online_answer_is_named_when_keying_in(client, world, login_as, forms):
    from portal.services.collection import new_uuid, store_response

    test = forms["c1_knowledge"]
    version, _defn = current_definition("c1_knowledge")
    store_response(uuid=new_uuid(), instrument=test, version=version, phase="pre", answers={"q01": "a"},
                   respondent="trainee", editable=False, trainee=world.trainee, cohort_id=world.cohort.id)
    _status(world, "pretest")
    login_as("centre_staff")
    html = _html(client.get(_url(world, f"keyin/c1_knowledge/pre/{world.trainee.id}")))
    assert "ส่ง “" in html and "ทางออนไลน์แล้วเมื่อ" in html


def test_a_paper_satisfaction_form_keeps_no_link_to_the_person(client, world, login_as, forms):
    _status(world, "posttest")
    login_as("centre_director")
    url = _url(world, f"keyin/c1_satisfaction/single/{world.trainee.id}")
    html = _html(client.get(url))
    assert "แบบนี้ไม่ระบุชื่อผู้ตอบ" in html
    assert client.post(url, data={**_answers("c1_satisfaction"), "uuid": _uuid(html)}).status_code == 303
    response = Response.get()
    assert response.trainee_id is None and response.cooperative_id is None
    assert response.keyed_in_by_id == world.users["centre_director"].id
    assert AnonymousReceipt.get().trainee_id == world.trainee.id
    second = _html(client.get(url))
    assert "แบบไม่ระบุชื่อ จึงไม่แสดงคำตอบ" in second


def test_keying_in_follows_the_cohort_status(client, world, login_as, forms):
    login_as("centre_staff")
    url = _url(world, f"keyin/c1_knowledge/post/{world.trainee.id}")
    _status(world, "training")
    html = _html(client.get(url))
    assert "บันทึกคำตอบจากกระดาษของแบบนี้ได้เมื่อรุ่นอยู่ในสถานะ" in html and 'name="uuid"' not in html
    _status(world, "posttest")
    uuid = _uuid(_html(client.get(url)))
    _status(world, "closed")
    refused = client.post(url, data={**_answers("c1_knowledge"), "uuid": uuid})
    assert refused.status_code == 409 and "ถูกล็อก" in _html(refused) and Response.select().count() == 0


def test_keying_in_is_scoped(client, world, login_as, forms):
    login_as("centre_staff")
    assert client.get(_url(world, f"keyin/c1_knowledge/pre/{world.other_trainee.id}")).status_code == 404
    assert client.get(_url(world, f"keyin/c1_knowledge/pre/{world.other_trainee.id}",
                           world.other_cohort)).status_code == 404
    assert client.get(_url(world, f"keyin/member_survey/single/{world.trainee.id}")).status_code == 404
    login_as("bureau_exec")
    assert client.get(_url(world, f"keyin/c1_knowledge/pre/{world.trainee.id}")).status_code == 403


# --------------------------------------------------------------------------- cooperatives' links

def _step5(world):
    CourseStep.create(course=world.course1, step_no=5, name_th="ติดตามและประเมินผล", name_en="Follow-up",
                      starts=dt.date(2023, 3, 1), ends=dt.date(2023, 7, 31))


def test_staff_create_a_member_survey_link_and_a_followup_link_for_a_target(client, world, login_as, forms):
    _step5(world)
    login_as("centre_staff")
    page = _html(client.get("/cohorts/links/"))
    assert "สหกรณ์การเกษตรบ้านทดสอบ จำกัด" in page and "สหกรณ์การเกษตรอีกแห่ง จำกัด" not in page
    assert "1 มี.ค. 2566" in page and "31 ก.ค. 2566" in page
    made = client.post(f"/cohorts/links/{world.coop.id}/member", data={"period": "2566", "year": "2566"})
    assert made.status_code == 303
    link = RespondentLink.get(RespondentLink.kind == "member_survey")
    assert made.headers["Location"].endswith(f"/cohorts/links/{link.id}")
    assert (link.period, link.valid_from, link.valid_until) == ("2566", dt.date(2022, 10, 1), dt.date(2023, 9, 30))
    assert link.instrument_id == forms["member_survey"].id and link.created_by_id == world.users["centre_staff"].id
    assert len(link.token) >= 32
    detail = _html(client.get(made.headers["Location"]))
    assert f"{BASE}/m/{link.token}" in detail and "<svg" in detail and "พิมพ์โปสเตอร์ QR" in detail
    follow = client.post(f"/cohorts/links/{world.coop.id}/followup", data={"year": "2566"})
    assert follow.status_code == 303
    f = RespondentLink.get(RespondentLink.kind == "followup")
    assert (f.period, f.valid_from, f.valid_until) == ("2566", dt.date(2023, 3, 1), dt.date(2023, 7, 31))
    assert f.instrument_id == forms["c1_followup"].id
    assert f"{BASE}/f/{f.token}" in _html(client.get(follow.headers["Location"]))


def test_link_refusals_keep_what_was_typed_and_create_nothing(client, world, login_as, forms):
    login_as("centre_director")
    bad = client.post(f"/cohorts/links/{world.coop.id}/member", data={"period": "66x", "year": "2566"})
    html = _html(bad)
    assert bad.status_code == 422 and "กรุณากรอกรอบการสำรวจเป็นปีงบประมาณ" in html and 'value="66x"' in html
    assert client.post(f"/cohorts/links/{world.coop.id}/member", data={"period": "2566"}).status_code == 303
    twice = client.post(f"/cohorts/links/{world.coop.id}/member", data={"period": "2566"})
    assert twice.status_code == 422 and "มีลิงก์ของรอบ 2566 แล้ว" in _html(twice)
    over = client.post(f"/cohorts/links/{world.coop.id}/member", data={"period": "2565"})
    assert over.status_code == 422 and "ปีงบประมาณ 2565 สิ้นสุดแล้ว" in _html(over)
    # No follow-up window set for the year: refused with the reason.
    nowin = client.post(f"/cohorts/links/{world.coop.id}/followup", data={"year": "2566"})
    assert nowin.status_code == 422 and "ยังไม่ได้กำหนดช่วงติดตามผล" in _html(nowin)
    assert RespondentLink.select().count() == 1


def test_links_are_scoped_and_provincial_officers_see_and_print_them(client, world, login_as, forms):
    login_as("centre_staff")
    assert client.post(f"/cohorts/links/{world.other_coop.id}/member", data={"period": "2566"}).status_code == 404
    client.post(f"/cohorts/links/{world.coop.id}/member", data={"period": "2566"})
    link = RespondentLink.get()
    other = RespondentLink.create(kind="member_survey", cooperative=world.other_coop, instrument=link.instrument,
                                  period="2566", token="other-member-link-token-000000000001",
                                  valid_from=dt.date(2022, 10, 1), valid_until=dt.date(2023, 9, 30))
    assert client.get(f"/cohorts/links/{other.id}").status_code == 404
    assert client.get(f"/cohorts/links/{other.id}/poster").status_code == 404
    assert client.get(f"/cohorts/links/{other.id}/keyin").status_code == 404
    login_as("provincial_officer")
    assert "สหกรณ์การเกษตรบ้านทดสอบ จำกัด" in _html(client.get("/cohorts/links/"))
    assert client.get(f"/cohorts/links/{link.id}").status_code == 200
    poster = _html(client.get(f"/cohorts/links/{link.id}/poster"))
    for text in ("สหกรณ์การเกษตรบ้านทดสอบ จำกัด", "ขอเชิญสมาชิกตอบแบบสำรวจ", "พระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล",
                 f"{BASE}/m/{link.token}", f"{BASE}/privacy", "<svg", "30 กันยายน 2566"):
        assert text in poster
    assert client.post(f"/cohorts/links/{world.coop.id}/member", data={"period": "2567"}).status_code == 403
    assert client.get(f"/cohorts/links/{link.id}/keyin").status_code == 403
    login_as("bureau_exec")
    assert client.get(f"/cohorts/links/{other.id}").status_code == 200


def test_a_stack_of_paper_member_surveys_is_keyed_in_one_by_one(client, world, login_as, forms):
    login_as("centre_staff")
    client.post(f"/cohorts/links/{world.coop.id}/member", data={"period": "2566"})
    link = RespondentLink.get()
    url = f"/cohorts/links/{link.id}/keyin"
    answers = {"gender": "female", "age_band": "a50_59", "trust": "4"}
    for n in (1, 2, 3):
        html = _html(client.get(url))
        assert "บันทึกและฉบับถัดไป" in html and f'id="keyed-count">{n - 1}<' in html
        response = client.post(url, data={**answers, "uuid": _uuid(html), "action": "next"})
        assert response.status_code == 303 and response.headers["Location"].endswith(url)
    html = _html(client.get(url))
    assert "บันทึกแบบกระดาษฉบับที่ 3 ของสหกรณ์การเกษตรบ้านทดสอบ จำกัด แล้ว" in html
    rows = list(Response.select())
    assert len(rows) == 3 and {r.respondent for r in rows} == {"member"}
    assert {(r.link_id, r.cooperative_id, r.keyed_in_by_id, r.trainee_id) for r in rows} == {
        (link.id, world.coop.id, world.users["centre_staff"].id, None)}
    # A double click on the same form stores it once.
    uuid = _uuid(html)
    client.post(url, data={**answers, "uuid": uuid})
    client.post(url, data={**answers, "uuid": uuid})
    assert Response.select().count() == 4
    detail = _html(client.get(f"/cohorts/links/{link.id}"))
    assert "<strong>4</strong>" in detail and "จากกระดาษ 4" in detail


def test_an_empty_paper_member_survey_is_not_stored(client, world, login_as, forms):
    login_as("centre_staff")
    client.post(f"/cohorts/links/{world.coop.id}/member", data={"period": "2566"})
    link = RespondentLink.get()
    url = f"/cohorts/links/{link.id}/keyin"
    html = _html(client.get(url))
    response = client.post(url, data={"uuid": _uuid(html)})
    assert response.status_code == 422 and "ยังไม่ได้กรอกคำตอบเลย" in _html(response)
    assert Response.select().count() == 0


# --------------------------------------------------------------------------- the CLI

def test_the_links_command_prints_every_personal_link_of_open_cohorts_as_csv(app, world, forms):
    from portal import collect_cli

    collect_cli.init_app(app)
    runner = app.test_cli_runner()
    extra = Trainee.create(cohort=world.cohort, cooperative=world.coop, prefix="นาย", first_name="เกษม",
                           last_name="สุขใจ", gender="male", role="board", token="own-trainee-token-extra-000003")
    result = runner.invoke(args=["links"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines == ["centre,province,cooperative,course,cohort,trainee,link"]  # planned cohorts are not open
    _status(world, "training")
    _status(world, "closed", world.other_cohort)
    lines = runner.invoke(args=["links"]).output.splitlines()
    assert lines[0] == "centre,province,cooperative,course,cohort,trainee,link"
    assert len(lines) == 3
    # Thai order: เกษม (leading vowel skipped: ก) before สมใจ.
    assert "นายเกษม สุขใจ" in lines[1] and lines[1].endswith(f"{BASE}/t/{extra.token}")
    assert "นางสมใจ ทดสอบ" in lines[2] and lines[2].endswith(f"{BASE}/t/{world.trainee.token}")
    assert world.other_trainee.token not in result.output
    assert world.province.name_th in lines[1] and "รุ่นที่ 1" in lines[1]
    _status(world, "pretest", world.other_cohort)
    assert world.other_trainee.token in runner.invoke(args=["links"]).output


def test_the_links_command_writes_a_bom_file_for_excel(app, world, forms, tmp_path):
    from portal import collect_cli

    collect_cli.init_app(app)
    _status(world, "posttest")
    out = tmp_path / "links.csv"
    result = app.test_cli_runner().invoke(args=["links", "--output", str(out)])
    assert result.exit_code == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfcentre,province") and world.trainee.token.encode() in data


def test_looking_at_the_pages_changes_nothing(client, world, login_as, forms):
    """Reading the pages writes nothing (no window, claim or link appears by looking)."""
    login_as("centre_staff")
    for url in (_url(world), _url(world, "slips"), _url(world, "projector"), "/cohorts/links/"):
        assert client.get(url).status_code == 200
    assert QuestionnaireWindow.select().count() == 0 and RespondentLink.select().count() == 0
    assert Course.select().count() == 2


def test_the_pages_read_in_english_too(client, world, login_as, forms):
    from flask import url_for

    Claim.create(trainee=world.trainee, device_hash="e" * 64, device_label="LINE · Android")
    _status(world, "pretest")
    login_as("centre_staff")
    client.post(f"/cohorts/links/{world.coop.id}/member", data={"period": "2566"})
    link = RespondentLink.get()
    with client.application.test_request_context():
        switch = url_for("main.set_language")
    client.post(switch, data={"lang": "en", "next": "/"})
    html = _html(client.get(_url(world)))
    # Labels kept in code (phases, the rules' reasons) follow the language; the catalog does the rest.
    assert '<html lang="en">' in html and "(Before the training)" in html
    assert "open when the cohort is “Post-test and satisfaction open” (now: “Pre-test open”)" in html
    for url in (_url(world, "slips"), _url(world, "projector"), _url(world, f"keyin/c1_knowledge/pre/{world.trainee.id}"),
                "/cohorts/links/", f"/cohorts/links/{link.id}", f"/cohorts/links/{link.id}/poster",
                f"/cohorts/links/{link.id}/keyin"):
        response = client.get(url)
        assert response.status_code == 200, url
