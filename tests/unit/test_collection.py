"""Exactly-once storage of responses: replays, conflicts, stale forms, edits, anonymity, concurrent taps."""
from __future__ import annotations

import os
import threading

import peewee as pw
import pytest

from portal.models import Instrument, InstrumentVersion
from portal.models.responses import AnonymousReceipt, Draft, Response
from portal.services.collection import Conflict, new_uuid, store_response, valid_uuid
from portal.services.instruments import sync_forms

pytestmark = pytest.mark.db
ON_POSTGRES = os.environ.get("TEST_DATABASE_URL", "").startswith("postgres")


@pytest.fixture
def forms(app):
    sync_forms()
    test = Instrument.get(Instrument.code == "c1_knowledge")
    satisfaction = Instrument.get(Instrument.code == "c1_satisfaction")
    return test, satisfaction


def _store(instrument, answers, trainee, uuid=None, **kw):
    version = InstrumentVersion.get_by_id(instrument.current_version_id)
    kw.setdefault("phase", "pre" if instrument.phases != "single" else "single")
    kw.setdefault("editable", instrument.phases == "single")
    return store_response(uuid=uuid or new_uuid(), instrument=instrument, version=version, answers=answers,
                          respondent="trainee", trainee=trainee, cohort_id=trainee.cohort_id, **kw)


def test_uuids_are_checked():
    assert valid_uuid(new_uuid())
    assert not valid_uuid("not-a-uuid") and not valid_uuid(None) and not valid_uuid("")


def test_identical_replay_answers_like_the_first_time_and_a_changed_payload_conflicts(world, forms):
    test, _ = forms
    uuid = new_uuid()
    first = _store(test, {"q1": "a"}, world.trainee, uuid)
    again = _store(test, {"q1": "a"}, world.trainee, uuid)
    assert first.created and not again.created and again.response.id == first.response.id
    with pytest.raises(Conflict) as caught:
        _store(test, {"q1": "b"}, world.trainee, uuid)
    assert "รหัสการส่งนี้ถูกใช้กับคำตอบอื่นแล้ว" in str(caught.value)
    assert Response.select().count() == 1


def test_a_second_tab_for_a_test_conflicts_and_the_first_answers_stay(world, forms):
    test, _ = forms
    _store(test, {"q1": "a"}, world.trainee)
    with pytest.raises(Conflict) as caught:
        _store(test, {"q1": "b"}, world.trainee)
    assert caught.value.existing is not None
    assert [r.answers for r in Response.select()] == ['{"q1":"a"}']
    # The post-test is another phase of the same instrument: it is stored beside the pre-test.
    _store(test, {"q1": "c"}, world.trainee, phase="post")
    assert Response.select().count() == 2


def test_an_edit_supersedes_the_old_response_and_keeps_it(world, forms):
    # c1_satisfaction is anonymous; use the knowledge test's row shape with editable=True on a named form.
    test, _ = forms
    first = _store(test, {"q1": "a"}, world.trainee, editable=True)
    with pytest.raises(Conflict):  # a stale form: it was not rendered from the current response
        _store(test, {"q1": "b"}, world.trainee, editable=True, base_uuid=None)
    second = _store(test, {"q1": "b"}, world.trainee, editable=True, base_uuid=first.response.uuid)
    rows = {r.uuid: r for r in Response.select()}
    assert rows[first.response.uuid].state == "superseded" and rows[first.response.uuid].current_key is None
    assert rows[second.response.uuid].supersedes_id == first.response.id
    assert rows[second.response.uuid].current_key is not None


def test_anonymous_answers_have_no_path_to_the_person_and_are_once_only(world, forms):
    _, satisfaction = forms
    first = _store(satisfaction, {"overall": 5}, world.trainee, edit_key="device-secret-1")
    row = Response.get_by_id(first.response.id)
    assert row.trainee_id is None and row.current_key is None
    assert row.edit_key_hash and "device-secret-1" not in row.edit_key_hash
    receipt = AnonymousReceipt.get()
    assert receipt.trainee_id == world.trainee.id
    # Receipts cannot be lined up with responses: a random key, no time, and no rowid on SQLite.
    assert len(receipt.id) == 32 and not receipt.id.isdigit()
    assert not [f for f in AnonymousReceipt._meta.fields.values() if isinstance(f, (pw.DateTimeField, pw.DateField))]
    if not ON_POSTGRES:
        with pytest.raises(pw.OperationalError):
            AnonymousReceipt._meta.database.execute_sql("SELECT rowid FROM anonymous_receipt")
    assert not [f for f in AnonymousReceipt._meta.fields.values() if getattr(f, "rel_model", None) is Response]
    with pytest.raises(Conflict):  # another device (no key) cannot answer again
        _store(satisfaction, {"overall": 1}, world.trainee)
    with pytest.raises(Conflict):  # the wrong key cannot edit
        _store(satisfaction, {"overall": 1}, world.trainee, base_uuid=first.response.uuid, edit_key="guess")
    edited = _store(satisfaction, {"overall": 4}, world.trainee, base_uuid=first.response.uuid,
                    edit_key="device-secret-1")
    assert edited.created and Response.get_by_id(first.response.id).state == "superseded"
    assert AnonymousReceipt.select().count() == 1


def test_a_stored_response_deletes_the_draft(world, forms):
    test, _ = forms
    owner = f"trainee:{world.trainee.id}"
    Draft.create(owner=owner, instrument=test, phase="pre", answers='{"q1":"a"}')
    _store(test, {"q1": "a"}, world.trainee, draft_owner=owner)
    assert Draft.select().count() == 0


@pytest.mark.parametrize("same_uuid", [True, False], ids=["double-tap", "two-tabs"])
def test_concurrent_submissions_leave_one_response(app, world, forms, same_uuid):
    test, _ = forms
    database = app.extensions["database"]
    uuid = new_uuid()
    outcomes, barrier = [], threading.Barrier(6)

    def post():
        with app.app_context():
            database.connect(reuse_if_open=True)
            try:
                barrier.wait()
                stored = _store(test, {"q1": "a"}, world.trainee, uuid if same_uuid else None)
                outcomes.append("created" if stored.created else "replay")
            except Conflict:
                outcomes.append("conflict")
            finally:
                database.close()

    threads = [threading.Thread(target=post) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("created") == 1, outcomes
    assert Response.select().count() == 1
    assert set(outcomes) <= ({"created", "replay"} if same_uuid else {"created", "conflict"})
