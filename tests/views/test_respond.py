"""The respondents' pages through HTTP: personal and cohort links, claims, the trainee's home, answering
section by section with drafts, exactly-once submission, windows, anonymity, member and follow-up links,
the privacy notice and the weight of the first answering page."""
from __future__ import annotations

import datetime as dt
import gzip
import json
import re

import pytest

from portal.models import Cohort, Cooperative, Instrument, Trainee
from portal.models.responses import (
    AnonymousReceipt,
    Claim,
    Draft,
    PrivacyNotice,
    QuestionnaireWindow,
    RespondentLink,
    Response,
)
from portal.services.collection import hash_secret
from portal.services.instruments import current_definition, sync_forms

pytestmark = pytest.mark.db

LINE = {"User-Agent": "Mozilla/5.0 (Linux; Android 12; SM-A135F) AppleWebKit/537.36 (KHTML, like Gecko) "
                      "Chrome/120.0 Mobile Safari/537.36 Line/13.20.0"}
CHROME = {"User-Agent": "Mozilla/5.0 (Linux; Android 12; SM-A135F) AppleWebKit/537.36 (KHTML, like Gecko) "
                        "Chrome/120.0.6099.43 Mobile Safari/537.36"}
HTMX = {"HX-Request": "true"}
TAKEN = "ชื่อนี้ถูกใช้บนอุปกรณ์อื่นแล้ว กรุณาแจ้งเจ้าหน้าที่ให้ปลดล็อก"


def _html(response) -> str:
    return response.get_data(as_text=True)


def _open(world, code="c1_knowledge", phase="pre", opened=True, closed=False):
    sync_forms()
    instrument = Instrument.get(Instrument.code == code)
    return QuestionnaireWindow.create(
        cohort=world.cohort, instrument=instrument, phase=phase,
        opened_at=dt.datetime(2023, 3, 15, 9) if opened else None,
        closed_at=dt.datetime(2023, 3, 15, 16) if closed else None)


def _enter(client, trainee, headers=LINE):
    response = client.post(f"/t/{trainee.token}", headers=headers)
    assert response.status_code == 303, _html(response)
    return response


def _hidden(html: str) -> dict:
    out = {}
    for name in ("uuid", "version", "section", "privacy", "base_uuid"):
        m = re.search(rf'name="{name}" value="([^"]*)"', html)
        if m:
            out[name] = m.group(1)
    return out


def _fill(code: str, choice: str | None = None) -> dict:
    """Valid answers for every question of a form (form field names, raw strings)."""
    _version, defn = current_definition(code)
    data = {}
    for q in defn.items():
        if q.repeat:
            continue
        if q.type == "select_one":
            data[q.name] = choice if (choice and q.choice(choice)) else q.choices[0].name
        elif q.type == "select_multiple":
            data[q.name] = [q.choices[0].name]
        elif q.type == "scale5":
            data[q.name] = "4"
        elif q.type == "integer":
            data[q.name] = "2566"
        elif q.type == "decimal":
            data[q.name] = "1.5"
        elif q.type == "date":
            data[q.name] = "15/03/2566"
        elif q.type == "text":
            data[q.name] = "ข้อความตัวอย่าง"
    return data


def _walk(client, url: str, data: dict, done: str, limit: int = 20):
    """Answer a form section by section as a browser without JavaScript does; return the last response."""
    html = _html(client.get(url))
    for _ in range(limit):
        response = client.post(url, data={**_hidden(html), **data, "action": "next"})
        if response.status_code != 303:
            return response
        if response.headers["Location"].endswith(done):
            return response
        html = _html(client.get(response.headers["Location"]))
    raise AssertionError("the form never ended")


# --------------------------------------------------------------------------- personal link

def test_the_landing_page_shows_who_it_is_for_and_one_button_and_changes_nothing(client, world):
    response = client.get(f"/t/{world.trainee.token}")
    html = _html(response)
    assert response.status_code == 200
    for text in ("นางสมใจ ทดสอบ", "สหกรณ์การเกษตรบ้านทดสอบ จำกัด", "พัฒนากรรมการสหกรณ์เข้มแข็งทั้งคณะ",
                 "รุ่นที่", "10 ม.ค. 2566", "11 ม.ค. 2566", "ห้ามส่งลิงก์ส่วนตัวในกลุ่มไลน์"):
        assert text in html
    assert html.count('type="submit"') == 3  # the one button, and the two language buttons of the footer
    assert f'action="/t/{world.trainee.token}"' in html
    assert Claim.select().count() == 0 and "cttc_device" not in response.headers.get("Set-Cookie", "")
    assert PrivacyNotice.select().count() == 0


def test_an_unknown_or_expired_token_gets_a_friendly_thai_404(client, world):
    response = client.get("/t/not-a-real-token-at-all")
    assert response.status_code == 404 and "ไม่พบลิงก์นี้" in _html(response)
    assert client.post("/t/not-a-real-token-at-all").status_code == 404
    Cohort.update(status="archived").where(Cohort.id == world.cohort.id).execute()
    response = client.get(f"/t/{world.trainee.token}")
    assert response.status_code == 404 and "หมดอายุ" in _html(response)
    assert client.get(f"/c/{world.cohort.token}").status_code == 404


def test_the_button_gives_the_device_a_secret_cookie_claims_the_name_and_drops_the_token(client, world):
    response = _enter(client, world.trainee)
    assert response.headers["Location"] == "/t/"
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("cttc_device="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Max-Age=31536000" in cookie
    assert "Secure" not in cookie
    secret = cookie.split(";")[0].split("=", 1)[1]
    assert len(secret) >= 43
    claim = Claim.get(Claim.trainee == world.trainee)
    assert claim.device_hash == hash_secret(secret) and claim.device_label == "LINE · Android"
    html = _html(client.get("/t/"))
    assert "นางสมใจ ทดสอบ" in html and world.trainee.token not in html


def test_the_cookie_is_secure_under_https(client, world):
    response = client.post(f"/t/{world.trainee.token}", base_url="https://portal.example", headers=LINE)
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("cttc_device="))
    assert "Secure" in cookie


def test_another_device_is_refused_and_the_same_device_comes_back_without_staff(app, client, world):
    _enter(client, world.trainee)
    chrome = app.test_client()  # Chrome on the same phone: its own cookie jar
    response = chrome.post(f"/t/{world.trainee.token}", headers=CHROME)
    assert response.status_code == 409 and TAKEN in _html(response)
    assert "LINE" in _html(response) and "Chrome" in _html(response)
    assert Claim.get(Claim.trainee == world.trainee).device_label == "LINE · Android"
    # The same device later (its session gone, the cookie kept) is let in again.
    secret = client.get_cookie("cttc_device").value
    again = app.test_client()
    again.set_cookie("cttc_device", secret)
    assert again.post(f"/t/{world.trainee.token}", headers=LINE).status_code == 303
    assert "นางสมใจ ทดสอบ" in _html(again.get("/t/"))
    # Released by staff (the claim deleted), the other device may claim it.
    Claim.delete().execute()
    assert chrome.post(f"/t/{world.trainee.token}", headers=CHROME).status_code == 303
    assert Claim.get(Claim.trainee == world.trainee).device_label == "Chrome · Android"
    # ... and the first device no longer answers as her.
    assert "กรุณาเปิดลิงก์ส่วนตัว" in _html(client.get("/t/"))


def test_posting_the_landing_button_needs_the_csrf_token(csrf_app, world):
    client = csrf_app.test_client()
    assert client.post(f"/t/{world.trainee.token}").status_code == 400
    html = _html(client.get(f"/t/{world.trainee.token}"))
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    assert client.post(f"/t/{world.trainee.token}", data={"csrf_token": token}).status_code == 303


# --------------------------------------------------------------------------- cohort link

def _roster(world):
    second = Cooperative.create(name="สหกรณ์ออมทรัพย์ครูทดสอบ จำกัด", registration_no="R-CO-2",
                                coop_type=world.coop.coop_type, office=world.office)
    people = {}
    for coop, first in ((world.coop, "เกษม"), (world.coop, "กมล"), (second, "ไพรัช")):
        people[first] = Trainee.create(cohort=world.cohort, cooperative=coop, prefix="นาย", first_name=first,
                                       last_name="ใจดี", gender="male", role="board", token=f"roster-{first}-token-1")
    return people


def test_the_cohort_page_lists_the_roster_by_cooperative_in_thai_order_with_taken_names(app, client, world):
    people = _roster(world)
    other = app.test_client()
    _enter(other, people["กมล"], CHROME)
    response = client.get(f"/c/{world.cohort.token}")
    html = _html(response)
    assert response.status_code == 200
    assert html.index("สหกรณ์การเกษตรบ้านทดสอบ จำกัด") < html.index("สหกรณ์ออมทรัพย์ครูทดสอบ จำกัด")
    # กมล, เกษม (leading vowel skipped), สมใจ; then the second cooperative
    assert html.index("นายกมล ใจดี") < html.index("นายเกษม ใจดี") < html.index("นางสมใจ ทดสอบ") < html.index("นายไพรัช")
    taken = re.search(r'<button type="button" class="r-name-button taken" disabled[^>]*>([^<]+)', html).group(1)
    assert taken.strip() == "นายกมล ใจดี" and "มีผู้เลือกแล้ว" in html
    assert f'name="trainee" value="{people["เกษม"].id}"' in html
    assert f'name="trainee" value="{people["กมล"].id}"' not in html
    # Share the COHORT link to LINE, url-encoded, with the warning about personal links.
    share = re.search(r'href="(https://line\.me/R/share\?text=[^"]+)"', html).group(1)
    assert "%2Fc%2F" + world.cohort.token in share and " " not in share
    assert world.trainee.token not in html
    assert "ห้ามส่งลิงก์ส่วนตัวในกลุ่มไลน์" in html


def test_picking_a_name_claims_it_and_a_taken_name_is_refused(app, client, world):
    people = _roster(world)
    response = client.post(f"/c/{world.cohort.token}", data={"trainee": str(people["เกษม"].id)}, headers=LINE)
    assert response.status_code == 303 and response.headers["Location"] == "/t/"
    assert "นายเกษม ใจดี" in _html(client.get("/t/"))
    other = app.test_client()
    response = other.post(f"/c/{world.cohort.token}", data={"trainee": str(people["เกษม"].id)}, headers=CHROME)
    assert response.status_code == 409 and TAKEN in _html(response)
    # Not a name of this cohort, or no name at all.
    response = other.post(f"/c/{world.cohort.token}", data={"trainee": str(world.other_trainee.id)})
    assert response.status_code == 400 and "กรุณาแตะชื่อของท่าน" in _html(response)
    assert other.post(f"/c/{world.cohort.token}", data={"trainee": "x"}).status_code == 400
    assert Claim.select().count() == 1


# --------------------------------------------------------------------------- the trainee's home

def test_nobody_answers_without_a_link(client, world):
    response = client.get("/t/")
    assert response.status_code == 200 and "กรุณาเปิดลิงก์ส่วนตัว" in _html(response)
    sync_forms()
    assert client.get("/t/c1_knowledge/pre").headers["Location"] == "/t/"


def test_the_home_shows_each_window_and_state_and_not_me_forgets_only_the_session(client, world):
    _open(world, "c1_knowledge", "pre")
    _open(world, "c1_knowledge", "post", closed=True)
    _enter(client, world.trainee)
    html = _html(client.get("/t/"))
    assert "กำลังตอบในชื่อ" in html and "นางสมใจ ทดสอบ" in html
    assert "ก่อนการอบรม" in html and "หลังการอบรม" in html
    assert "เปิดให้ตอบถึง" in html and "ปิดแล้ว" in html and "ยังไม่เปิด" in html
    assert html.count("ยังไม่ได้ทำ") == 3
    assert 'href="/t/c1_knowledge/pre"' in html and 'href="/t/c1_knowledge/post"' not in html
    data = {**_fill("c1_knowledge")}
    page = _html(client.get("/t/c1_knowledge/pre"))
    client.post("/t/c1_knowledge/pre", data={**_hidden(page), **data, "action": "next"})
    html = _html(client.get("/t/"))
    assert "ทำค้างไว้" in html and "ทำต่อ" in html
    # ไม่ใช่ฉัน: the session forgets her, the claim stays, her link lets her in again.
    assert client.post("/t/forget").headers["Location"] == "/t/"
    assert "กรุณาเปิดลิงก์ส่วนตัว" in _html(client.get("/t/"))
    assert Claim.select().count() == 1
    _enter(client, world.trainee)
    assert "นางสมใจ ทดสอบ" in _html(client.get("/t/"))


# --------------------------------------------------------------------------- answering a test

def test_the_form_has_a_uuid_the_privacy_notice_and_one_section_at_a_time(client, world):
    _open(world)
    _enter(client, world.trainee)
    assert PrivacyNotice.select().count() == 0
    first = _html(client.get("/t/c1_knowledge/pre"))
    second = _html(client.get("/t/c1_knowledge/pre"))
    assert _hidden(first)["uuid"] != _hidden(second)["uuid"]  # new per render
    assert PrivacyNotice.current().version == 1  # the default notice was created
    assert 'href="/privacy?version=1"' in first and "ประกาศความเป็นส่วนตัว ฉบับที่ 1" in first
    assert "ตอนที่ 1 จาก 5" in first and 'name="q01"' in first and 'name="q07"' not in first
    assert 'value="next"' in first and 'value="back"' not in first and 'value="submit"' not in first
    assert "htmx-2.0.11.min.js" in first and 'hx-post="/t/c1_knowledge/pre"' in first
    # Tests have no relevant: no change trigger asks the server.
    assert "hx-trigger" not in first


def test_next_checks_the_section_and_keeps_the_uuid_when_it_shows_errors(client, world):
    _open(world)
    _enter(client, world.trainee)
    hidden = _hidden(_html(client.get("/t/c1_knowledge/pre")))
    response = client.post("/t/c1_knowledge/pre", data={**hidden, "q01": "a", "action": "next"})
    html = _html(response)
    assert response.status_code == 422
    assert "กรุณาตอบข้อนี้" in html and "กรุณาแก้ไขคำตอบที่มีข้อความสีแดง" in html
    assert _hidden(html)["uuid"] == hidden["uuid"] and "ตอนที่ 1 จาก 5" in html
    assert 'value="a" id="f-q01-1" checked' in html  # what was ticked is kept
    # ... and it was saved as a draft on the server.
    draft = Draft.get()
    assert draft.owner == f"trainee:{world.trainee.id}" and json.loads(draft.answers) == {"q01": "a"}


def test_next_and_back_save_a_draft_and_coming_back_resumes_there(app, client, world):
    _open(world)
    _enter(client, world.trainee)
    data = _fill("c1_knowledge", "b")
    hidden = _hidden(_html(client.get("/t/c1_knowledge/pre")))
    response = client.post("/t/c1_knowledge/pre", data={**hidden, **data, "action": "next"})
    assert response.status_code == 303 and response.headers["Location"] == "/t/c1_knowledge/pre"
    draft = Draft.get()
    assert draft.section == "sec_departments"
    assert json.loads(draft.answers) == {f"q0{i}": "b" for i in range(1, 7)}  # only the section's questions
    # Leave and come back (a new browser session on the same device): it resumes at part 2.
    secret = client.get_cookie("cttc_device").value
    later = app.test_client()
    later.set_cookie("cttc_device", secret)
    html = _html(later.get("/t/c1_knowledge/pre"))
    assert "ตอนที่ 2 จาก 5" in html and 'name="q07"' in html and 'value="back"' in html
    assert '<span class="q-num">7.</span>' in html  # numbering goes on from part 1 (items 1–6)
    # Back keeps what was typed on part 2 and shows part 1 with its saved answers.
    response = later.post("/t/c1_knowledge/pre", data={**_hidden(html), "q07": "c", "action": "back"})
    assert response.status_code == 303
    html = _html(later.get("/t/c1_knowledge/pre"))
    assert "ตอนที่ 1 จาก 5" in html and 'value="b" id="f-q01-2" checked' in html
    assert json.loads(Draft.get().answers)["q07"] == "c"


def test_htmx_gets_the_next_section_as_a_fragment_with_inline_errors(client, world):
    _open(world)
    _enter(client, world.trainee)
    hidden = _hidden(_html(client.get("/t/c1_knowledge/pre")))
    response = client.post("/t/c1_knowledge/pre", data={**hidden, "action": "next"}, headers=HTMX)
    html = _html(response)
    assert response.status_code == 422 and html.startswith("<form") and "<html" not in html
    assert html.count("กรุณาตอบข้อนี้") == 6 and _hidden(html)["uuid"] == hidden["uuid"]
    response = client.post("/t/c1_knowledge/pre", data={**hidden, **_fill("c1_knowledge"), "action": "next"},
                           headers=HTMX)
    html = _html(response)
    assert response.status_code == 200 and html.startswith("<form") and "ตอนที่ 2 จาก 5" in html
    assert _hidden(html)["uuid"] != hidden["uuid"]


def test_a_full_submission_is_scored_stored_once_and_thanks_without_the_score(client, world):
    _open(world)
    _enter(client, world.trainee)
    data = _fill("c1_knowledge", "b")
    response = _walk(client, "/t/c1_knowledge/pre", data, "/done")
    assert response.status_code == 303 and response.headers["Location"] == "/t/c1_knowledge/pre/done"
    _version, defn = current_definition("c1_knowledge")
    stored = Response.get()
    expected = sum(1 for key in defn.answer_key.values() if key == "b")
    assert (stored.score, stored.max_score) == (expected, 20)
    assert stored.trainee_id == world.trainee.id and stored.cohort_id == world.cohort.id
    assert stored.respondent == "trainee" and stored.phase == "pre" and stored.privacy_version == 1
    assert Draft.select().count() == 0
    html = _html(client.get("/t/c1_knowledge/pre/done"))
    assert "ส่งคำตอบแล้ว" in html and "แบบทดสอบที่ส่งแล้วแก้ไขไม่ได้" in html
    assert str(expected) not in re.sub(r"<[^>]+>|\d{1,2} \S+ 25\d\d|ฉบับที่ \d", "", html)
    assert "เฉลย" not in html and "คะแนน" not in html
    # The form itself now sends to the thank-you page; the home says sent.
    assert client.get("/t/c1_knowledge/pre").headers["Location"] == "/t/c1_knowledge/pre/done"
    assert "ส่งแล้ว" in _html(client.get("/t/"))


def _submit_last(client, data):
    """Walk to the last section and return its hidden fields (without submitting)."""
    html = _html(client.get("/t/c1_knowledge/pre"))
    while 'value="submit"' not in html:
        response = client.post("/t/c1_knowledge/pre", data={**_hidden(html), **data, "action": "next"})
        assert response.status_code == 303
        html = _html(client.get("/t/c1_knowledge/pre"))
    return _hidden(html)


def test_exactly_once_replay_changed_payload_and_a_second_tab(app, client, world):
    _open(world)
    _enter(client, world.trainee)
    data = _fill("c1_knowledge", "a")
    last = _submit_last(client, data)
    second_tab = dict(last, uuid="2b1f0c6e-4d7a-4c55-9a51-2f8e6d3c9b10")
    first = client.post("/t/c1_knowledge/pre", data={**last, **data, "action": "submit"})
    assert first.status_code == 303
    # The identical POST again (a double tap, a reload): answered like the first time.
    replay = client.post("/t/c1_knowledge/pre", data={**last, **data, "action": "submit"})
    assert replay.status_code == 303 and replay.headers["Location"] == first.headers["Location"]
    # The same UUID with other answers: 409, the first answers kept.
    changed = client.post("/t/c1_knowledge/pre", data={**last, **data, "q20": "d", "action": "submit"})
    assert changed.status_code == 409
    assert "ระบบเก็บคำตอบที่ส่งไว้ครั้งแรกไว้แล้ว" in _html(changed)
    # Another tab's form (its own UUID) for the same trainee, instrument and phase: 409.
    tab = client.post("/t/c1_knowledge/pre", data={**second_tab, **data, "action": "submit"})
    assert tab.status_code == 409 and "แบบทดสอบที่ส่งแล้วแก้ไขไม่ได้" in _html(tab)
    assert Response.select().count() == 1 and json.loads(Response.get().answers)["q20"] == "a"
    # Through htmx the replay asks the browser to go to the thank-you page.
    response = client.post("/t/c1_knowledge/pre", data={**last, **data, "action": "submit"}, headers=HTMX)
    assert response.status_code == 200 and response.headers["HX-Redirect"] == "/t/c1_knowledge/pre/done"
    assert Response.select().count() == 1


def test_submitting_with_missing_answers_reshows_the_first_wrong_section_with_the_same_uuid(client, world):
    _open(world)
    _enter(client, world.trainee)
    hidden = _hidden(_html(client.get("/t/c1_knowledge/pre")))
    response = client.post("/t/c1_knowledge/pre", data={**hidden, "q01": "a", "action": "submit"})
    html = _html(response)
    assert response.status_code == 422 and "ยังส่งไม่ได้" in html
    assert "ตอนที่ 1 จาก 5" in html and _hidden(html)["uuid"] == hidden["uuid"]
    assert Response.select().count() == 0


def test_a_window_not_opened_or_closed_shows_a_message_and_stores_nothing(client, world):
    window = _open(world, opened=False)
    _enter(client, world.trainee)
    response = client.get("/t/c1_knowledge/pre")
    assert response.status_code == 200 and "ยังไม่เปิดให้ตอบ" in _html(response)
    response = client.post("/t/c1_knowledge/pre", data={"uuid": "8d3c1c52-6a59-4a8f-9a7e-3f1f9a2b7c10",
                                                        **_fill("c1_knowledge"), "action": "submit"})
    assert response.status_code == 403 and "ยังไม่เปิดให้ตอบ" in _html(response)
    window.opened_at = dt.datetime(2023, 3, 15, 9)
    window.save()
    hidden = _hidden(_html(client.get("/t/c1_knowledge/pre")))
    window.closed_at = dt.datetime(2023, 3, 15, 12)
    window.save()
    for action in ("next", "submit"):
        response = client.post("/t/c1_knowledge/pre", data={**hidden, **_fill("c1_knowledge"), "action": action})
        assert response.status_code == 403 and "ปิดรับคำตอบแล้ว" in _html(response)
    response = client.get("/t/c1_knowledge/pre")
    assert response.status_code == 200 and "ปิดรับคำตอบแล้ว" in _html(response)
    assert Response.select().count() == 0 and Draft.select().count() == 0


def test_a_form_not_assigned_to_the_trainee_is_not_found(client, world):
    _open(world)
    _enter(client, world.trainee)
    assert client.get("/t/c2_knowledge/pre").status_code == 404
    assert client.get("/t/c1_knowledge/single").status_code == 404
    assert client.get("/t/nothing/pre").status_code == 404


def test_a_step_without_a_uuid_is_refused_with_a_thai_page(client, world):
    _open(world)
    _enter(client, world.trainee)
    response = client.post("/t/c1_knowledge/pre", data={"action": "next", "uuid": "not-a-uuid"})
    assert response.status_code == 400 and "แบบฟอร์มไม่สมบูรณ์" in _html(response)


# --------------------------------------------------------------------------- the anonymous satisfaction form

def _satisfaction(client, world):
    _open(world, "c1_satisfaction", "single")
    _enter(client, world.trainee)
    data = _fill("c1_satisfaction")
    data["position"] = "other"
    data["position_other"] = "ผู้ตรวจสอบกิจการ"
    return data


def test_the_satisfaction_form_leaves_no_path_from_the_answers_to_the_trainee(client, world):
    data = _satisfaction(client, world)
    response = _walk(client, "/t/c1_satisfaction/single", data, "/done")
    assert response.headers["Location"] == "/t/c1_satisfaction/single/done"
    stored = Response.get()
    assert stored.trainee_id is None and stored.cooperative_id is None and stored.keyed_in_by_id is None
    assert stored.current_key is None and stored.respondent == "trainee"
    assert AnonymousReceipt.get().trainee_id == world.trainee.id
    assert Draft.select().count() == 0  # the draft linked to her is gone
    claim = Claim.get()
    # Nothing stored in the response equals something that names her or her device.
    trainee = Trainee.get_by_id(world.trainee.id)
    personal = {str(trainee.id), trainee.first_name, trainee.last_name, trainee.token, claim.device_hash,
                f"trainee:{trainee.id}"}
    for column, value in Response.select().dicts().get().items():
        if column in ("id", "instrument", "version", "cohort", "score", "max_score", "privacy_version", "supersedes"):
            continue
        text = str(value)
        assert not any(p == text or (len(p) > 3 and p in text) for p in personal), column
    assert stored.edit_key_hash and stored.edit_key_hash != claim.device_hash
    assert "ผู้ตรวจสอบกิจการ" in stored.answers  # the answers are there, just not hers by any column


def test_the_satisfaction_form_can_be_edited_while_open_and_the_old_answers_are_kept(client, world):
    data = _satisfaction(client, world)
    _walk(client, "/t/c1_satisfaction/single", data, "/done")
    html = _html(client.get("/t/c1_satisfaction/single/done"))
    assert "ส่งคำตอบแล้ว" in html and "แก้ไขคำตอบได้จนกว่าจะปิดแบบประเมิน" in html
    home = _html(client.get("/t/"))
    assert "ดูและแก้ไขคำตอบ" in home
    page = _html(client.get("/t/c1_satisfaction/single"))
    first = Response.get()
    assert _hidden(page)["base_uuid"] == first.uuid and 'value="other"' in page and "checked" in page
    data["overall"] = "5"
    response = _walk(client, "/t/c1_satisfaction/single", data, "/done")
    assert response.status_code == 303
    rows = list(Response.select().order_by(Response.id))
    assert [r.state for r in rows] == ["superseded", "submitted"] and rows[1].supersedes_id == rows[0].id
    assert json.loads(rows[1].answers)["overall"] == 5 and AnonymousReceipt.select().count() == 1


def test_another_device_cannot_edit_an_anonymous_answer(app, client, world):
    data = _satisfaction(client, world)
    _walk(client, "/t/c1_satisfaction/single", data, "/done")
    Claim.delete().execute()  # staff released the name
    other = app.test_client()
    _enter(other, world.trainee, CHROME)
    assert other.get("/t/c1_satisfaction/single").headers["Location"] == "/t/c1_satisfaction/single/done"
    html = _html(other.get("/t/c1_satisfaction/single/done"))
    assert "ส่งคำตอบแล้ว" in html and "แก้ไขคำตอบ</a>" not in html
    response = other.post("/t/c1_satisfaction/single", data={"uuid": "8d3c1c52-6a59-4a8f-9a7e-3f1f9a2b7c10",
                                                             **data, "action": "submit"})
    assert response.status_code == 409 and Response.select().count() == 1


def test_a_released_device_is_told_why_it_must_scan_again(app, client, world):
    _enter(client, world.trainee, CHROME)
    assert client.get("/t/").status_code == 200 and world.trainee.first_name in _html(client.get("/t/"))
    Claim.delete().execute()  # staff released the name
    response = client.get("/t/c1_knowledge/pre")
    assert response.status_code in (302, 303) and response.headers["Location"].endswith("/t/")
    html = _html(client.get("/t/"))
    assert "เจ้าหน้าที่ได้ยกเลิกการผูกชื่อของท่านกับเครื่องนี้แล้ว" in html and "สแกนคิวอาร์โค้ดส่วนตัวอีกครั้ง" in html
    assert "ยกเลิกการผูกชื่อ" not in _html(client.get("/t/"))  # said once


def test_htmx_asks_the_server_which_questions_are_visible(client, world):
    data = _satisfaction(client, world)
    html = _html(client.get("/t/c1_satisfaction/single"))
    assert 'hx-post="/t/c1_satisfaction/single/visible"' in html and 'hx-trigger="change"' in html
    assert 'name="position_other"' not in html
    hidden = _hidden(html)
    response = client.post("/t/c1_satisfaction/single/visible", data={**hidden, "position": "other"}, headers=HTMX)
    fragment = _html(response)
    assert response.status_code == 200 and fragment.lstrip().startswith("<div id=\"q-section\"")
    assert 'name="position_other"' in fragment
    response = client.post("/t/c1_satisfaction/single/visible", data={**hidden, "position": data["position"],
                                                                       "gender": "female"}, headers=HTMX)
    assert json.loads(Draft.get().answers)["gender"] == "female"


# --------------------------------------------------------------------------- members and activity owners

def _link(world, kind="member_survey", valid_from=dt.date(2023, 3, 1), valid_until=dt.date(2023, 7, 31)):
    sync_forms()
    code = "member_survey" if kind == "member_survey" else "c1_followup"
    return RespondentLink.create(kind=kind, cooperative=world.coop, period="2566",
                                 instrument=Instrument.get(Instrument.code == code),
                                 token=f"test-{kind}-token-0000000000000000001",
                                 valid_from=valid_from, valid_until=valid_until)


def test_a_member_answers_once_per_device_and_nothing_names_them(app, client, world):
    link = _link(world)
    url = f"/m/{link.token}"
    html = _html(client.get(url, headers=LINE))
    assert "แบบสำรวจการมีส่วนร่วมของสมาชิก" in html and world.coop.name in html
    assert "ประกาศความเป็นส่วนตัว ฉบับที่ 1" in html
    data = _fill("member_survey")
    response = _walk(client, url, data, "/done")
    assert response.headers["Location"] == f"{url}/done"
    stored = Response.get()
    assert (stored.respondent, stored.cooperative_id, stored.link_id) == ("member", world.coop.id, link.id)
    assert stored.trainee_id is None and stored.cohort_id is None and stored.edit_key_hash
    assert Draft.select().count() == 0
    assert "ส่งคำตอบแล้ว" in _html(client.get(f"{url}/done"))
    # The same device again: the thank-you page; a new form from it: 409.
    assert client.get(url).headers["Location"] == f"{url}/done"
    response = client.post(url, data={"uuid": "8d3c1c52-6a59-4a8f-9a7e-3f1f9a2b7c10", **data, "action": "submit"})
    assert response.status_code == 409 and "อุปกรณ์นี้ส่งแบบสำรวจนี้แล้ว" in _html(response)
    # Another member on another phone answers too.
    other = app.test_client()
    assert _walk(other, url, data, "/done").status_code == 303
    assert Response.select().count() == 2


def test_without_javascript_a_question_the_answer_reveals_is_asked_not_marked_red(client, world):
    link = _link(world)
    url = f"/m/{link.token}"
    html = _html(client.get(url))
    first = {"gender": "female", "age_band": "a40_49", "member_years": _fill("member_survey")["member_years"]}
    response = client.post(url, data={**_hidden(html), **first, "action": "next"})
    assert response.status_code == 303
    html = _html(client.get(url))
    assert 'name="business_lines"' in html and 'name="reasons_not_using"' not in html
    # One service ticked: the reasons question appears — as a new question, not as an error.
    response = client.post(url, data={**_hidden(html), "business_lines": "deposit", "action": "next"})
    html = _html(response)
    assert response.status_code == 200 and 'name="reasons_not_using"' in html
    assert "คำถามเพิ่มเติม" in html and "ข้อความสีแดง" not in html and "flash-error" not in html
    # Skipping it now that it was on the screen is an error.
    response = client.post(url, data={**_hidden(html), "business_lines": "deposit", "action": "next"})
    assert response.status_code == 422 and "ข้อความสีแดง" in _html(response)
    response = client.post(url, data={**_hidden(html), "business_lines": "deposit", "reasons_not_using": "distance",
                                      "action": "next"})
    assert response.status_code == 303


def test_a_link_works_only_between_its_dates(client, world):
    link = _link(world, valid_from=dt.date(2023, 3, 16), valid_until=dt.date(2023, 7, 31))
    response = client.get(f"/m/{link.token}")
    assert response.status_code == 403 and "16 มีนาคม 2566" in _html(response)
    link.valid_from, link.valid_until = dt.date(2023, 1, 1), dt.date(2023, 3, 14)
    link.save()
    response = client.get(f"/m/{link.token}")
    assert response.status_code == 403 and "ลิงก์หมดอายุแล้ว" in _html(response)
    response = client.post(f"/m/{link.token}", data={"uuid": "8d3c1c52-6a59-4a8f-9a7e-3f1f9a2b7c10",
                                                     **_fill("member_survey"), "action": "submit"})
    assert response.status_code == 403 and Response.select().count() == 0 and Draft.select().count() == 0
    assert client.get("/m/no-such-link").status_code == 404
    assert client.get(f"/f/{link.token}").status_code == 404  # a member link is not a follow-up link


def test_an_activity_owner_sends_the_monthly_report_with_the_general_questions(client, world):
    link = _link(world, "followup")
    url = f"/f/{link.token}"
    html = _html(client.get(url))
    assert 'name="report_month"' in html and "ตอนที่ 1 จาก 2" in html
    data = _fill("c1_followup")
    response = _walk(client, url, data, "/done")
    assert response.status_code == 303
    stored = Response.get()
    assert (stored.respondent, stored.cooperative_id, stored.link_id) == ("activity_owner", world.coop.id, link.id)
    assert json.loads(stored.answers)["report_year"] == 2566
    html = _html(client.get(f"{url}/done"))
    assert "ส่งรายงานอีกฉบับ" in html
    # Next month's report from the same device is a new submission.
    data["report_month"] = "4"
    assert _walk(client, url, data, "/done").status_code == 303
    assert Response.select().count() == 2


# --------------------------------------------------------------------------- privacy notice

def test_the_privacy_notice_and_its_older_versions(client, world):
    html = _html(client.get("/privacy"))
    assert "ประกาศความเป็นส่วนตัว" in html and "วัตถุประสงค์" in html and "Retention" in html
    PrivacyNotice.create(version=2, text_th="ฉบับปรับปรุง\n\nเนื้อหาใหม่", text_en="Revised")
    html = _html(client.get("/privacy"))
    assert "เนื้อหาใหม่" in html and 'href="/privacy?version=1"' in html
    html = _html(client.get("/privacy?version=1"))
    assert "วัตถุประสงค์" in html and "ดูฉบับที่ใช้อยู่" in html
    assert client.get("/privacy?version=7").status_code == 404


# --------------------------------------------------------------------------- weight

def test_the_first_answering_page_with_all_its_assets_is_light(client, world):
    _open(world)
    _enter(client, world.trainee)
    page = client.get("/t/c1_knowledge/pre").get_data()
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+)"', page)
    sizes = {"page": len(gzip.compress(page, 6))}
    for path in assets:
        response = client.get(path.decode())
        body = response.get_data()
        response.close()
        sizes[path.decode()] = len(gzip.compress(body, 6))
    total = sum(sizes.values())
    print(f"\nfirst answering page, gzipped: {total:,} bytes "
          + ", ".join(f"{name} {size:,}" for name, size in sizes.items()))
    assert {"/static/css/portal.css", "/static/css/respond.css", "/static/js/htmx-2.0.11.min.js"} <= set(sizes)
    assert not re.search(rb"\.woff2?|fonts/", page)  # the phone's own Thai font, no web font
    assert total < 60_000


def _clone(app, client):
    """Another connection of the same browser (same session and device cookies)."""
    twin = app.test_client()
    for name in ("session", "cttc_device"):
        twin.set_cookie(name, client.get_cookie(name).value)
    return twin


def _at_once(app, client, forms):
    import threading

    barrier = threading.Barrier(len(forms))
    statuses = [None] * len(forms)

    def post(i, form):
        twin = _clone(app, client)
        barrier.wait()
        statuses[i] = twin.post("/t/c1_knowledge/pre", data=form).status_code

    threads = [threading.Thread(target=post, args=(i, f)) for i, f in enumerate(forms)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return statuses


def test_concurrent_double_taps_and_tabs_leave_one_response(app, client, world):
    _open(world)
    _enter(client, world.trainee)
    data = _fill("c1_knowledge", "c")
    last = _submit_last(client, data)
    taps = _at_once(app, client, [{**last, **data, "action": "submit"}] * 4)
    assert taps == [303] * 4 and Response.select().count() == 1
    Response.delete().execute()
    Draft.delete().execute()
    last = _submit_last(client, data)
    tabs = [{**last, **data, "action": "submit", "uuid": f"0000000{i}-6a59-4a8f-9a7e-3f1f9a2b7c10"} for i in range(4)]
    statuses = _at_once(app, client, tabs)
    assert sorted(statuses) == [303, 409, 409, 409] and Response.select().count() == 1


def test_htmx_gets_whole_pages_for_messages_conflicts_and_a_lost_name(client, world):
    window = _open(world)
    _enter(client, world.trainee)
    hidden = _hidden(_html(client.get("/t/c1_knowledge/pre")))
    window.closed_at = dt.datetime(2023, 3, 15, 12)
    window.save()
    response = client.post("/t/c1_knowledge/pre", data={**hidden, "action": "next"}, headers=HTMX)
    assert response.status_code == 403 and response.headers["HX-Retarget"] == "body"
    assert "ปิดรับคำตอบแล้ว" in _html(response)
    client.post("/t/forget")
    response = client.post("/t/c1_knowledge/pre", data={**hidden, "action": "next"}, headers=HTMX)
    assert response.headers["HX-Redirect"] == "/t/"


def test_an_expired_form_gets_a_respondents_page_not_the_staff_error(csrf_app, world):
    client = csrf_app.test_client()
    response = client.post(f"/c/{world.cohort.token}", data={"trainee": str(world.trainee.id)})
    html = _html(response)
    assert response.status_code == 400 and "หน้านี้หมดอายุ" in html and 'class="respond"' in html
    assert Claim.select().count() == 0
