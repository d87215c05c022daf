"""The bureau's instrument pages: the list, the phone preview and the paper copy of every shipped instrument."""
from __future__ import annotations

import re

import pytest

from portal.instruments import load_all
from portal.services.instruments import FORMS_DIR, sync_forms

CODES = sorted(load_all(FORMS_DIR))


@pytest.fixture
def synced(app):
    sync_forms(FORMS_DIR)


def test_the_list_shows_every_instrument_with_its_version(client, login_as, synced):
    login_as("bureau_admin")
    html = client.get("/instruments/").get_data(as_text=True)
    for code in CODES:
        assert f"/instruments/{code}/v1/preview" in html
        assert f"/instruments/{code}/v1/paper" in html
    assert "แบบทดสอบความรู้ หลักสูตร" in html
    assert "ใช้อยู่" in html
    assert "2566" in html  # the sync date in the Buddhist Era (the pinned test day is 15 Mar 2023)


def test_the_list_says_which_cohorts_and_cooperatives_answered_each_version(client, login_as, world, synced):
    from portal.models import Instrument, InstrumentVersion
    from portal.services.collection import new_uuid, store_response

    test = Instrument.get(Instrument.code == "c1_knowledge")
    version = InstrumentVersion.get_by_id(test.current_version_id)
    for trainee, phase in ((world.trainee, "pre"), (world.trainee, "post"), (world.other_trainee, "pre")):
        store_response(uuid=new_uuid(), instrument=test, version=version, phase=phase, answers={"q01": "a"},
                       respondent="trainee", editable=False, trainee=trainee, cohort_id=trainee.cohort_id)
    login_as("bureau_exec")
    html = client.get("/instruments/").get_data(as_text=True)
    row = html[html.index("/instruments/c1_knowledge/v1/preview") - 2500:html.index("/instruments/c1_knowledge/v1/preview")]
    assert "3 คำตอบ" in row and "2 รุ่น" in row
    assert f'href="/cohorts/{world.cohort.id}"' in row and f'href="/cohorts/{world.other_cohort.id}"' in row
    assert "ศูนย์ฯ ที่ 1 · หลักสูตรที่ 1 รุ่นที่ 1" in row and "ศูนย์ฯ ที่ 2 · หลักสูตรที่ 1 รุ่นที่ 1" in row
    assert "ยังไม่มีผู้ตอบ" in html  # the other instruments


def test_the_list_says_how_to_sync_when_nothing_is_synced(client, login_as):
    login_as("bureau_exec")
    html = client.get("/instruments/").get_data(as_text=True)
    assert "forms sync" in html


@pytest.mark.parametrize("code", CODES)
def test_preview_draws_every_question_in_a_phone_frame_without_the_answer_key(client, login_as, synced, code):
    login_as("centre_staff")
    response = client.get(f"/instruments/{code}/preview")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'class="phone-frame"' in html
    assert "checked" not in html
    assert "เฉลย" not in html and "answer_key" not in html
    assert "style=" not in html and "<script>" not in html
    from portal.services.instruments import current_definition

    _, defn = current_definition(code)
    for q in defn.questions():
        if q.repeat is None:
            assert f'id="f-{q.name}' in html or f'id="f-{q.name}-q"' in html, q.name


@pytest.mark.parametrize("code", CODES)
def test_paper_copy_has_boxes_lines_and_the_cohort_line(client, login_as, synced, code):
    login_as("centre_director")
    response = client.get(f"/instruments/{code}/paper")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "รุ่น/หลักสูตร" in html
    assert "☐" in html and "write-line" in html
    assert "data-print" in html
    assert "<input" not in html.split('class="paper"')[1]  # nothing to type on paper
    assert "checked" not in html and "เฉลย" not in html


def test_paper_order_matches_the_screen(client, login_as, synced):
    login_as("bureau_admin")
    screen = client.get("/instruments/c1_satisfaction/preview").get_data(as_text=True)
    paper = client.get("/instruments/c1_satisfaction/paper").get_data(as_text=True)
    top_level = lambda html: [m for m in re.findall(r'id="f-([a-z0-9_]+)-q"', html)]  # noqa: E731
    assert top_level(screen) and top_level(screen) == top_level(paper)


def test_knowledge_test_choices_are_labelled_thai_letters_and_no_answer_is_marked(client, login_as, synced):
    login_as("bureau_admin")
    html = client.get("/instruments/c1_knowledge/preview").get_data(as_text=True)
    for mark in ("ก. ", "ข. ", "ค. ", "ง. "):
        assert mark in html
    assert "checked" not in html
    assert html.count('type="radio" name="q01"') == 4


def test_every_field_type_is_drawn_as_the_screen_expects(client, login_as, synced):
    login_as("bureau_admin")
    follow = client.get("/instruments/c1_followup/preview").get_data(as_text=True)
    member = client.get("/instruments/member_survey/preview").get_data(as_text=True)
    satis = client.get("/instruments/c1_satisfaction/preview").get_data(as_text=True)
    both = follow + member + satis
    assert 'inputmode="numeric"' in both
    assert "<textarea" in both
    assert 'type="checkbox"' in member
    assert "<fieldset" in both and "<legend>" in both
    # the five-level scale reads 5 → 1, มากที่สุด first
    scale = re.search(r'q-scale".*?</div>', satis, re.S).group(0)
    assert scale.index("มากที่สุด") < scale.index("น้อยที่สุด")
    assert scale.index('value="5"') < scale.index('value="1"')
    # repeats once per session / activity, each with its title
    assert "บทบาทหน้าที่ของกรรมการสหกรณ์ — วิทยากร" in satis
    assert "กิจกรรมที่ 1 / Activity 1" in follow and "กิจกรรมที่ 2 / Activity 2" in follow
    assert 'name="activities.2.status"' in follow


def test_an_older_version_stays_viewable(client, login_as, synced, tmp_path):
    import shutil

    folder = tmp_path / "forms"
    shutil.copytree(FORMS_DIR, folder)
    path = folder / "member_survey.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title::th: ", "title::th: (ปรับปรุง) ", 1), encoding="utf-8")
    sync_forms(folder)
    login_as("bureau_admin")
    old = client.get("/instruments/member_survey/v1/preview").get_data(as_text=True)
    new = client.get("/instruments/member_survey/preview").get_data(as_text=True)
    assert "(ปรับปรุง)" not in old and "ฉบับเก่า" in old
    assert "(ปรับปรุง)" in new
    assert client.get("/instruments/member_survey/v3/preview").status_code == 404
    assert client.get("/instruments/nothing/paper").status_code == 404


def test_english_labels_come_from_the_definition(client, login_as, synced):
    login_as("bureau_admin")
    client.post("/language", data={"lang": "en"})
    html = client.get("/instruments/c1_knowledge/preview").get_data(as_text=True)
    assert "Who elects the cooperative&#39;s board?" in html or "Who elects the cooperative's board?" in html
    assert "ใครเป็นผู้เลือกตั้งคณะกรรมการ" not in html
    paper = client.get("/instruments/c1_satisfaction/paper").get_data(as_text=True)
    assert "Very high" in paper
    listing = client.get("/instruments/").get_data(as_text=True)
    assert "Knowledge test" in listing


def test_the_list_is_for_the_bureau_only(client, login_as, synced):
    login_as("centre_staff")
    assert client.get("/instruments/").status_code == 403


def test_the_bureau_publishes_a_new_privacy_notice_and_old_versions_stay(client, login_as, world):
    from portal.models.responses import PrivacyNotice

    login_as("bureau_exec")
    html = client.get("/instruments/privacy").get_data(as_text=True)
    assert "ฉบับที่ 1" in html and "ออกประกาศฉบับใหม่" not in html  # the executive reads only
    assert client.post("/instruments/privacy", data={"text_th": "x"}).status_code == 403
    login_as("bureau_admin")
    refused = client.post("/instruments/privacy", data={"text_th": "  ", "text_en": "only English"})
    assert refused.status_code == 422 and "กรุณากรอกประกาศความเป็นส่วนตัวภาษาไทย" in refused.get_data(as_text=True)
    assert PrivacyNotice.select().count() == 1
    response = client.post("/instruments/privacy", data={"text_th": "ประกาศฉบับปรับปรุง ศูนย์ฯ เก็บข้อมูลเท่าที่จำเป็น",
                                                         "text_en": "Revised notice"})
    assert response.status_code == 303
    assert [n.version for n in PrivacyNotice.select().order_by(PrivacyNotice.version)] == [1, 2]
    public = client.get("/privacy").get_data(as_text=True)
    assert "ประกาศฉบับปรับปรุง" in public
    assert "ประกาศฉบับปรับปรุง" not in client.get("/privacy?version=1").get_data(as_text=True)
