"""The JSON API: bearer tokens, /me, instruments without their key, and responses stored exactly once.

Every status the API promises is exercised here: 401 (missing, malformed, unknown,
expired), 403 (not assigned, a phase it does not have, an unknown version, a window
not opened or closed), 404, 400 (bad JSON and wrong shapes), 413, 422, 201, 200 on
an identical replay, 409 for a changed payload and for a conflicting stored response,
and concurrent duplicates from several threads leaving one row.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import threading
import uuid as uuidlib

import pytest

from portal.models import AgendaSession, Instrument
from portal.models.responses import AnonymousReceipt, Draft, PrivacyNotice, QuestionnaireWindow, Response
from portal.services.instruments import FORMS_DIR, current_definition, sync_forms

pytestmark = pytest.mark.db

API = "/api/v1"


@pytest.fixture
def forms(app):
    sync_forms()
    return {code: Instrument.get(Instrument.code == code)
            for code in ("c1_knowledge", "c1_satisfaction", "c2_knowledge")}


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def open_window(cohort, instrument, phase, closed=False):
    return QuestionnaireWindow.create(cohort=cohort, instrument=instrument, phase=phase,
                                      opened_at=dt.datetime(2023, 3, 15, 9, 0),
                                      closed_at=dt.datetime(2023, 3, 15, 16, 0) if closed else None)


def knowledge_answers(choice="a"):
    _, defn = current_definition("c1_knowledge")
    return {q.name: choice for q in defn.items()}


def payload(answers, instrument="c1_knowledge", phase="pre", version=1, uuid=None, **extra):
    return {"uuid": uuid or str(uuidlib.uuid4()), "instrument": instrument, "version": version, "phase": phase,
            "answers": answers, **extra}


def post(client, body, token, **kw):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return client.post(f"{API}/responses", data=data, content_type="application/json",
                       headers=bearer(token), **kw)


def assert_error(response, status, error=None):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers
    body = response.get_json()
    assert body["message_th"] and body["message_en"], body
    if error:
        assert body["error"] == error, body
    return body


# --- authentication ------------------------------------------------------------------


@pytest.mark.parametrize("header", [
    None, "", "Bearer", "Bearer ", "Basic b3duOnRyYWluZWU=", "Token own-trainee-token-000000000000000000000001",
    "Bearer own-trainee-token 000000000000000000000001", "Bearer ไม่ใช่รหัส", "Bearer " + "x" * 65,
    "Bearer unknown-token-1234567890",
], ids=["missing", "empty", "no-token", "blank-token", "basic", "other-scheme", "two-parts", "thai", "too-long",
        "unknown"])
def test_every_bad_token_is_401_with_a_bearer_challenge(client, world, forms, header):
    headers = {} if header is None else {"Authorization": header}
    for response in (client.get(f"{API}/me", headers=headers),
                     client.get(f"{API}/instruments/c1_knowledge", headers=headers),
                     client.post(f"{API}/responses", data=json.dumps(payload(knowledge_answers())),
                                 content_type="application/json", headers=headers)):
        body = assert_error(response, 401)
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert body["error"] in ("missing_token", "invalid_token")
    assert Response.select().count() == 0


def test_a_token_expires_when_its_cohort_is_archived(client, world, forms):
    assert client.get(f"{API}/me", headers=bearer(world.trainee.token)).status_code == 200
    world.cohort.status = "archived"
    world.cohort.save()
    response = client.get(f"{API}/me", headers=bearer(world.trainee.token))
    assert_error(response, 401, "invalid_token")
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_a_staff_session_is_not_a_token_and_the_api_sets_no_cookie(client, world, forms, login_as):
    login_as("bureau_admin")
    assert_error(client.get(f"{API}/me"), 401, "missing_token")
    ok = client.get(f"{API}/me", headers=bearer(world.trainee.token))
    assert ok.status_code == 200 and "Set-Cookie" not in ok.headers
    assert "Cookie" not in ok.headers.get("Vary", "")  # the session was never even read


def test_the_trainee_token_is_enough_without_csrf_or_cookies(csrf_app, world, forms):
    open_window(world.cohort, forms["c1_knowledge"], "pre")
    client = csrf_app.test_client(use_cookies=False)
    response = post(client, payload(knowledge_answers()), world.trainee.token)
    assert response.status_code == 201, response.get_data(as_text=True)
    assert "Set-Cookie" not in response.headers


# --- GET /me --------------------------------------------------------------------------


def test_me_shows_the_trainee_the_cohort_and_each_assignment_with_its_window_and_status(client, world, forms):
    test = forms["c1_knowledge"]
    open_window(world.cohort, test, "pre")
    open_window(world.cohort, forms["c1_satisfaction"], "single", closed=True)
    Draft.create(owner=f"trainee:{world.trainee.id}", instrument=test, phase="pre", answers="{}")
    PrivacyNotice.create(version=3, text_th="ประกาศความเป็นส่วนตัว", text_en="Privacy notice")
    response = client.get(f"{API}/me", headers=bearer(world.trainee.token))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store" and response.mimetype == "application/json"
    body = response.get_json()
    assert body["trainee"] == {"id": world.trainee.id, "prefix": "นาง", "first_name": "สมใจ", "last_name": "ทดสอบ"}
    cohort = body["cohort"]
    assert (cohort["id"], cohort["course"], cohort["number"]) == (world.cohort.id, 1, 1)
    assert (cohort["starts"], cohort["ends"]) == ("2023-01-10", "2023-01-11")
    assert cohort["cooperatives"] == [world.coop.name]
    got = [(a["instrument"], a["phase"], a["window"], a["status"]) for a in body["assignments"]]
    assert got == [("c1_knowledge", "pre", "open", "draft"), ("c1_knowledge", "post", "not_opened", "not_started"),
                   ("c1_satisfaction", "single", "closed", "not_started")]
    pre, post_, satisfaction = body["assignments"]
    assert pre["version"] == 1 and pre["opened_at"] == "2023-03-15T09:00:00+07:00" and "closed_at" not in pre
    assert "opened_at" not in post_
    assert satisfaction["closed_at"] == "2023-03-15T16:00:00+07:00" and satisfaction["anonymous"] is True
    assert body["privacy_notice"] == {"version": 3, "text": {"th": "ประกาศความเป็นส่วนตัว", "en": "Privacy notice"}}
    # Thai in the body is sent as UTF-8, not \u escapes.
    assert "สมใจ".encode() in response.data


def test_me_shows_submitted_after_a_response(client, world, forms):
    open_window(world.cohort, forms["c1_knowledge"], "pre")
    assert post(client, payload(knowledge_answers()), world.trainee.token).status_code == 201
    body = client.get(f"{API}/me", headers=bearer(world.trainee.token)).get_json()
    assert body["assignments"][0]["status"] == "submitted"


# --- GET /instruments/<code> ----------------------------------------------------------


def test_an_instrument_comes_as_json_with_its_questions_and_choices(client, world, forms):
    response = client.get(f"{API}/instruments/c1_knowledge", headers=bearer(world.trainee.token))
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert (body["id"], body["version"], body["anonymous"]) == ("c1_knowledge", 1, False)
    assert body["title"]["th"].startswith("แบบทดสอบความรู้") and body["title"]["en"].startswith("Knowledge test")
    assert [q["name"] for q in body["questions"]] == [f"q{i:02d}" for i in range(1, 21)]
    first = body["questions"][0]
    assert first["type"] == "select_one" and first["required"] is True
    assert first["label"]["th"].startswith("ตามพระราชบัญญัติสหกรณ์") and first["label"]["en"]
    assert [c["value"] for c in first["choices"]] == ["a", "b", "c", "d"]
    assert all(set(c) == {"value", "label"} and set(c["label"]) == {"th", "en"} for c in first["choices"])
    assert first["relevant"] is None and first["constraint"] is None and first["section"] == "sec_roles"
    assert [s["name"] for s in body["sections"]][:2] == ["sec_roles", "sec_departments"]


def test_the_answer_key_never_leaves_the_server(client, world, forms, tmp_path):
    """Nothing derived from the key is sent: a version differing only in its key gives the same body."""
    token = bearer(world.trainee.token)
    before = client.get(f"{API}/instruments/c1_knowledge", headers=token)
    text = before.get_data(as_text=True)
    for word in ("answer_key", "answer", "correct", "key", "score", "mark"):
        assert f'"{word}"' not in text
    allowed = {"name", "question", "type", "required", "label", "hint", "choices", "relevant", "constraint",
               "constraint_message", "section", "repeat"}
    assert all(set(q) <= allowed for q in before.get_json()["questions"])
    # Change only the answer key (every q01..q20 keyed to ก) and sync it as version 2.
    folder = tmp_path / "forms"
    folder.mkdir()
    source = (FORMS_DIR / "c1_knowledge.yaml").read_text(encoding="utf-8")
    head, _, _ = source.partition("answer_key:")
    key = "".join(f"  q{i:02d}: ก\n" for i in range(1, 21))
    (folder / "c1_knowledge.yaml").write_text(head + "answer_key:\n" + key, encoding="utf-8")
    assert sync_forms(folder) == ["c1_knowledge v2"]
    after = client.get(f"{API}/instruments/c1_knowledge", headers=token)
    assert after.get_json()["version"] == 2
    assert after.data == before.data.replace(b'"version":1', b'"version":2', 1)


def test_repeats_are_expanded_with_the_cohort_agenda(client, world, forms):
    s1 = AgendaSession.create(cohort=world.cohort, day=dt.date(2023, 1, 10), starts=dt.time(9), ends=dt.time(12),
                              title_th="บทบาทหน้าที่ของกรรมการ", speaker_name="นายวิทยากร ใจดี")
    s2 = AgendaSession.create(cohort=world.cohort, day=dt.date(2023, 1, 11), starts=dt.time(9), ends=dt.time(12),
                              title_th="การวางแผนพัฒนาสหกรณ์", speaker_name="")
    body = client.get(f"{API}/instruments/c1_satisfaction", headers=bearer(world.trainee.token)).get_json()
    assert body["anonymous"] is True
    names = [q["name"] for q in body["questions"]]
    assert f"sessions.{s1.id}.session_content" in names and f"sessions.{s2.id}.speaker_delivery" in names
    item = next(q for q in body["questions"] if q["name"] == f"sessions.{s1.id}.session_content")
    assert item["question"] == "session_content" and item["type"] == "scale5"
    assert item["repeat"] == {"name": "sessions", "instance": str(s1.id),
                              "label": {"th": "บทบาทหน้าที่ของกรรมการ — นายวิทยากร ใจดี",
                                        "en": "บทบาทหน้าที่ของกรรมการ — นายวิทยากร ใจดี"}}
    assert [c["value"] for c in item["choices"]] == ["5", "4", "3", "2", "1"]
    (repeat,) = body["repeats"]
    assert repeat["name"] == "sessions" and [i["id"] for i in repeat["instances"]] == [str(s1.id), str(s2.id)]
    other = next(q for q in body["questions"] if q["name"] == "position_other")
    assert other["relevant"] == "${position} = 'other'"


def test_an_instrument_of_another_course_is_403_and_an_unknown_one_404(client, world, forms):
    token = bearer(world.trainee.token)
    assert_error(client.get(f"{API}/instruments/c2_knowledge", headers=token), 403, "not_assigned")
    assert_error(client.get(f"{API}/instruments/member_survey", headers=token), 403, "not_assigned")
    assert_error(client.get(f"{API}/instruments/no_such_form", headers=token), 404, "not_found")


# --- POST /responses: success, replay, conflicts ------------------------------------------


def test_a_response_is_stored_scored_and_answers_201(client, world, forms):
    test = forms["c1_knowledge"]
    open_window(world.cohort, test, "pre")
    PrivacyNotice.create(version=2, text_th="ประกาศ", text_en="Notice")
    Draft.create(owner=f"trainee:{world.trainee.id}", instrument=test, phase="pre", answers='{"q01":"a"}')
    answers = knowledge_answers("a")
    answers["q01"] = "c"  # right (key ค = c), like q04, q09, q13, q16 and q19 (ก = a)
    body = payload(answers)
    response = post(client, body, world.trainee.token)
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    got = response.get_json()
    assert got == {"uuid": body["uuid"], "instrument": "c1_knowledge", "version": 1, "phase": "pre",
                   "status": "stored", "submitted_at": got["submitted_at"]}
    assert got["submitted_at"].startswith("2023-03-15T") and got["submitted_at"].endswith("+07:00")
    row = Response.get()
    _, defn = current_definition("c1_knowledge")
    expected = sum(1 for name, key in defn.answer_key.items() if answers[name] == key)
    assert (row.trainee_id, row.cohort_id, row.phase, row.respondent) == (world.trainee.id, world.cohort.id, "pre",
                                                                          "trainee")
    assert (row.score, row.max_score) == (expected, 20) and expected >= 2
    assert row.privacy_version == 2 and row.keyed_in_by_id is None
    assert json.loads(row.answers) == answers
    assert Draft.select().count() == 0


def test_an_identical_replay_answers_200_with_the_same_body_and_a_changed_payload_409(client, world, forms):
    open_window(world.cohort, forms["c1_knowledge"], "pre")
    body = payload(knowledge_answers())
    first = post(client, body, world.trainee.token)
    assert first.status_code == 201
    again = post(client, body, world.trainee.token)
    assert again.status_code == 200 and again.data == first.data
    # The same answers written differently (key order) are the same payload.
    reordered = dict(body, answers=dict(reversed(list(body["answers"].items()))))
    assert post(client, reordered, world.trainee.token).data == first.data
    changed = dict(body, answers=dict(body["answers"], q01="b"))
    assert_error(post(client, changed, world.trainee.token), 409, "conflict")
    assert_error(post(client, dict(body, phase="post"), world.trainee.token), 409, "conflict")
    assert Response.select().count() == 1


def test_a_replay_still_answers_after_the_window_closed(client, world, forms):
    window = open_window(world.cohort, forms["c1_knowledge"], "pre")
    body = payload(knowledge_answers())
    first = post(client, body, world.trainee.token)
    window.closed_at = dt.datetime(2023, 3, 15, 17, 0)
    window.save()
    again = post(client, body, world.trainee.token)
    assert again.status_code == 200 and again.data == first.data
    assert_error(post(client, payload(knowledge_answers()), world.trainee.token), 403, "window_closed")


def test_a_second_test_response_conflicts_with_the_stored_one(client, world, forms):
    open_window(world.cohort, forms["c1_knowledge"], "pre")
    open_window(world.cohort, forms["c1_knowledge"], "post")
    assert post(client, payload(knowledge_answers("a")), world.trainee.token).status_code == 201
    body = assert_error(post(client, payload(knowledge_answers("b")), world.trainee.token), 409, "conflict")
    assert body["message_th"] == "แบบทดสอบที่ส่งแล้วแก้ไขไม่ได้"
    assert [json.loads(r.answers)["q01"] for r in Response.select()] == ["a"]
    # The post-test is another phase: stored beside it.
    assert post(client, payload(knowledge_answers("b"), phase="post"), world.trainee.token).status_code == 201
    assert Response.select().count() == 2


def test_another_trainees_uuid_is_a_conflict_never_a_replay(client, world, forms):
    for cohort in (world.cohort, world.other_cohort):
        open_window(cohort, forms["c1_knowledge"], "pre")
    body = payload(knowledge_answers())
    assert post(client, body, world.trainee.token).status_code == 201
    assert_error(post(client, body, world.other_trainee.token), 409, "conflict")
    assert Response.select().count() == 1


def test_an_anonymous_form_stores_no_link_and_cannot_be_sent_twice(client, world, forms):
    satisfaction = forms["c1_satisfaction"]
    open_window(world.cohort, satisfaction, "single")
    session = AgendaSession.create(cohort=world.cohort, day=dt.date(2023, 1, 10), starts=dt.time(9),
                                   ends=dt.time(12), title_th="บทบาทหน้าที่", speaker_name="นายวิทยากร")
    token = bearer(world.trainee.token)
    questions = client.get(f"{API}/instruments/c1_satisfaction", headers=token).get_json()["questions"]
    answers = {q["name"]: q["choices"][0]["value"] for q in questions if q["required"] and q["relevant"] is None}
    assert f"sessions.{session.id}.session_content" in answers
    response = post(client, payload(answers, "c1_satisfaction", "single"), world.trainee.token)
    assert response.status_code == 201, response.get_data(as_text=True)
    row = Response.get()
    assert row.trainee_id is None and row.current_key is None and row.edit_key_hash is None
    assert row.score is None and json.loads(row.answers)["sessions"] == {
        str(session.id): {"session_content": 5, "speaker_delivery": 5}}
    assert AnonymousReceipt.get().trainee_id == world.trainee.id
    assert_error(post(client, payload(answers, "c1_satisfaction", "single"), world.trainee.token), 409, "conflict")
    # The nested shape is accepted too, and is the same payload as the flat one.
    nested = {k: v for k, v in answers.items() if not k.startswith("sessions.")}
    nested["sessions"] = {str(session.id): {"session_content": "5", "speaker_delivery": 5}}
    again = post(client, payload(nested, "c1_satisfaction", "single", uuid=row.uuid), world.trainee.token)
    assert again.status_code == 200, again.get_data(as_text=True)
    assert Response.select().count() == 1


def test_an_older_stored_version_is_accepted_and_points_at_that_version(client, world, forms, tmp_path):
    folder = tmp_path / "forms"
    folder.mkdir()
    source = (FORMS_DIR / "c1_knowledge.yaml").read_text(encoding="utf-8")
    (folder / "c1_knowledge.yaml").write_text(source.replace("q20: ง", "q20: ก"), encoding="utf-8")
    assert sync_forms(folder) == ["c1_knowledge v2"]
    open_window(world.cohort, forms["c1_knowledge"], "pre")
    response = post(client, payload(knowledge_answers("a"), version=1), world.trainee.token)
    assert response.status_code == 201 and response.get_json()["version"] == 1
    row = Response.get()
    assert row.version.version == 1
    # Scored with version 1's key (q20 = ง = d), not version 2's (q20 = ก = a).
    _, v2 = current_definition("c1_knowledge")
    v1_key = dict(v2.answer_key, q20="d")
    assert row.score == sum(1 for key in v1_key.values() if key == "a")


def test_a_named_editable_form_is_edited_with_replaces(client, world, forms, tmp_path):
    folder = tmp_path / "forms"
    folder.mkdir()
    shutil.copy(FORMS_DIR / "c1_knowledge.yaml", folder)
    (folder / "c1_feedback.yaml").write_text(
        "id: c1_feedback\ntitle::th: ความเห็น\ntitle::en: Feedback\nlevel: reaction\ncourse: 1\n"
        "anonymous: false\nrespondent: trainee\nphases: [single]\nsurvey:\n"
        "  - {type: scale5, name: overall, required: true, label::th: โดยรวม, label::en: Overall}\n",
        encoding="utf-8")
    sync_forms(folder)
    feedback = Instrument.get(Instrument.code == "c1_feedback")
    open_window(world.cohort, feedback, "single")
    first = post(client, payload({"overall": 3}, "c1_feedback", "single"), world.trainee.token)
    assert first.status_code == 201
    # A second response that does not name the current one is a stale form: 409.
    assert_error(post(client, payload({"overall": 4}, "c1_feedback", "single"), world.trainee.token), 409)
    edit = payload({"overall": 5}, "c1_feedback", "single", replaces=first.get_json()["uuid"])
    assert post(client, edit, world.trainee.token).status_code == 201
    states = {r.uuid: r.state for r in Response.select()}
    assert states == {first.get_json()["uuid"]: "superseded", edit["uuid"]: "submitted"}


# --- POST /responses: refusals --------------------------------------------------------------


def test_not_assigned_another_phase_an_unknown_version_or_a_window_not_open_is_403(client, world, forms):
    token = world.trainee.token
    answers = knowledge_answers()
    assert_error(post(client, payload(answers), token), 403, "window_not_open")  # no window at all
    QuestionnaireWindow.create(cohort=world.cohort, instrument=forms["c1_knowledge"], phase="pre")  # not opened
    assert_error(post(client, payload(answers), token), 403, "window_not_open")
    open_window(world.cohort, forms["c1_knowledge"], "post", closed=True)
    assert_error(post(client, payload(answers, phase="post"), token), 403, "window_closed")
    open_window(world.other_cohort, forms["c1_knowledge"], "pre")  # another cohort's window opens nothing here
    assert_error(post(client, payload(answers), token), 403, "window_not_open")
    open_window(world.cohort, forms["c2_knowledge"], "pre")
    assert_error(post(client, payload({}, "c2_knowledge"), token), 403, "not_assigned")
    assert_error(post(client, payload(answers, phase="single"), token), 403, "not_assigned")
    assert_error(post(client, payload(answers, version=2), token), 403, "unknown_version")
    assert Response.select().count() == 0


def test_an_unknown_instrument_is_404(client, world, forms):
    assert_error(post(client, payload({}, "no_such_form"), world.trainee.token), 404, "not_found")


@pytest.mark.parametrize("body", [
    b"{not json", b"", b"\xff\xfe", b"[1, 2]", b'"text"', b"null", b'{"uuid": NaN}',
    b"[" * 5000 + b"]" * 5000,
], ids=["broken", "empty", "not-utf8", "array", "string", "null", "nan", "deep"])
def test_malformed_json_is_400(client, world, forms, body):
    open_window(world.cohort, forms["c1_knowledge"], "pre")
    assert_error(post(client, body, world.trainee.token), 400, "bad_json")


@pytest.mark.parametrize("change", [
    {"uuid": "not-a-uuid"}, {"uuid": None}, {"uuid": 12}, {"instrument": 5}, {"instrument": ""},
    {"version": "1"}, {"version": True}, {"version": 0}, {"version": 1.5}, {"phase": "during"}, {"phase": None},
    {"answers": []}, {"answers": "q01=a"}, {"answers": {"q01": {"x": "a"}}}, {"answers": {"q01": [["a"]]}},
    {"answers": {"q01": [None]}}, {"replaces": "nope"},
], ids=lambda c: "-".join(f"{k}={v!r}"[:24] for k, v in c.items()))
def test_wrong_shapes_are_400(client, world, forms, change):
    open_window(world.cohort, forms["c1_knowledge"], "pre")
    body = payload(knowledge_answers())
    body.update(change)
    assert_error(post(client, body, world.trainee.token), 400, "bad_request")
    field = next(iter(change))
    if field != "replaces":  # optional; every other field is required
        missing = payload(knowledge_answers())
        del missing[field]
        assert_error(post(client, missing, world.trainee.token), 400, "bad_request")
    assert Response.select().count() == 0


def test_an_uppercase_uuid_is_the_same_uuid(client, world, forms):
    open_window(world.cohort, forms["c1_knowledge"], "pre")
    body = payload(knowledge_answers())
    first = post(client, dict(body, uuid=body["uuid"].upper()), world.trainee.token)
    assert first.status_code == 201 and first.get_json()["uuid"] == body["uuid"]
    assert post(client, body, world.trainee.token).data == first.data


def test_invalid_answers_are_422_with_a_message_per_question(client, world, forms):
    open_window(world.cohort, forms["c1_knowledge"], "pre")
    answers = knowledge_answers()
    del answers["q03"]
    answers["q05"] = "z"
    answers["q99"] = "a"
    response = post(client, payload(answers), world.trainee.token)
    body = assert_error(response, 422, "invalid_answers")
    assert set(body["errors"]) == {"q03", "q05", "q99"}
    assert body["errors"]["q03"].startswith("กรุณาตอบข้อนี้") and "required" in body["errors"]["q03"]
    assert body["errors"]["q05"].startswith("กรุณาเลือกจากตัวเลือกที่กำหนด")
    assert "no such question" in body["errors"]["q99"]
    assert Response.select().count() == 0


def test_a_body_over_64_kb_is_413(client, world, forms):
    open_window(world.cohort, forms["c1_knowledge"], "pre")
    answers = knowledge_answers()
    answers["padding"] = "x" * (70 * 1024)
    assert_error(post(client, payload(answers), world.trainee.token), 413, "too_large")
    # Without a Content-Length (a chunked upload) the limit holds while reading.
    big = json.dumps(payload(answers)).encode()
    response = client.post(f"{API}/responses", input_stream=io.BytesIO(big), content_type="application/json",
                           headers=bearer(world.trainee.token), environ_overrides={"wsgi.input_terminated": True})
    assert_error(response, 413, "too_large")
    assert Response.select().count() == 0


def test_a_missing_token_is_401_before_anything_else_is_read(client, world, forms):
    response = client.post(f"{API}/responses", data=b"x" * (70 * 1024), content_type="application/json")
    assert_error(response, 401, "missing_token")


# --- concurrency ----------------------------------------------------------------------------


@pytest.mark.parametrize("same_uuid", [True, False], ids=["double-tap", "two-devices"])
def test_concurrent_duplicates_leave_one_response(app, world, forms, same_uuid):
    open_window(world.cohort, forms["c1_knowledge"], "pre")
    database = app.extensions["database"]
    body = payload(knowledge_answers())
    token = world.trainee.token
    statuses, bodies, barrier = [], [], threading.Barrier(6)

    def send():
        with app.app_context():
            database.connect(reuse_if_open=True)
            try:
                client = app.test_client()
                mine = body if same_uuid else dict(body, uuid=str(uuidlib.uuid4()))
                barrier.wait()
                response = post(client, mine, token)
                statuses.append(response.status_code)
                bodies.append(response.data)
            finally:
                database.close()

    threads = [threading.Thread(target=send) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses.count(201) == 1, statuses
    assert set(statuses) <= ({201, 200} if same_uuid else {201, 409}), statuses
    if same_uuid:
        assert len(set(bodies)) == 1  # every replay answered exactly like the first
    assert Response.select().count() == 1


def test_a_fault_answers_json_500_not_an_html_page(client, world, forms, monkeypatch):
    from portal.services import api as service

    def broken(trainee):
        raise RuntimeError("boom")

    monkeypatch.setattr(service, "me", broken)
    response = client.get(f"{API}/me", headers=bearer(world.trainee.token))
    body = assert_error(response, 500, "server_error")
    assert "boom" not in response.get_data(as_text=True) and "ข้อมูลที่บันทึกไว้แล้วไม่สูญหาย" in body["message_th"]


def test_routing_errors_under_the_api_answer_json(client):
    for method, path, status in (("POST", "/api/v1/me", 405), ("GET", "/api/v1/nope", 404)):
        response = client.open(path, method=method)
        assert response.status_code == status
        assert response.is_json and response.get_json()["error"] and response.get_json()["message_en"]
        assert response.headers["Cache-Control"] == "no-store"
    assert not client.get("/nope").is_json  # the rest of the portal keeps its Thai HTML pages
