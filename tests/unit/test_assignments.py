"""Which questionnaires a trainee gets, their windows and the trainee's state."""
from __future__ import annotations

import datetime as dt

import pytest

from portal.models import AgendaSession, Instrument, InstrumentVersion
from portal.models.responses import Draft, QuestionnaireWindow
from portal.services.assignments import assignments, collection_context, trainee_by_token
from portal.services.collection import new_uuid, store_response
from portal.services.instruments import sync_forms

pytestmark = pytest.mark.db


def test_a_course_1_trainee_gets_the_test_twice_and_the_satisfaction_form(world):
    sync_forms()
    got = [(a.instrument.code, a.phase, a.window_state, a.state) for a in assignments(world.trainee)]
    assert got == [("c1_knowledge", "pre", "not_opened", "not_started"),
                   ("c1_knowledge", "post", "not_opened", "not_started"),
                   ("c1_satisfaction", "single", "not_opened", "not_started")]


def test_states_follow_windows_drafts_and_responses(world):
    sync_forms()
    test = Instrument.get(Instrument.code == "c1_knowledge")
    QuestionnaireWindow.create(cohort=world.cohort, instrument=test, phase="pre", opened_at=dt.datetime(2023, 1, 10, 9))
    QuestionnaireWindow.create(cohort=world.cohort, instrument=test, phase="post", opened_at=dt.datetime(2023, 1, 11, 9),
                               closed_at=dt.datetime(2023, 1, 11, 16))
    Draft.create(owner=f"trainee:{world.trainee.id}", instrument=test, phase="pre", answers="{}")
    states = {(a.instrument.code, a.phase): (a.window_state, a.state, a.is_open) for a in assignments(world.trainee)}
    assert states[("c1_knowledge", "pre")] == ("open", "draft", True)
    assert states[("c1_knowledge", "post")] == ("closed", "not_started", False)
    store_response(uuid=new_uuid(), instrument=test, version=InstrumentVersion.get_by_id(test.current_version_id),
                   phase="pre", answers={"q1": "a"}, respondent="trainee", editable=False, trainee=world.trainee)
    states = {(a.instrument.code, a.phase): a.state for a in assignments(world.trainee)}
    assert states[("c1_knowledge", "pre")] == "submitted"


def test_tokens_expire_with_an_archived_cohort(world):
    assert trainee_by_token(world.trainee.token).id == world.trainee.id
    assert trainee_by_token("nope") is None and trainee_by_token("") is None and trainee_by_token("x" * 65) is None
    world.cohort.status = "archived"
    world.cohort.save()
    assert trainee_by_token(world.trainee.token) is None


def test_the_context_lists_the_agenda_in_order(world):
    AgendaSession.create(cohort=world.cohort, day=dt.date(2023, 1, 11), starts=dt.time(9), ends=dt.time(12),
                         title_th="แผนพัฒนา", speaker_name="")
    AgendaSession.create(cohort=world.cohort, day=dt.date(2023, 1, 10), starts=dt.time(9), ends=dt.time(10),
                         title_th="บทบาทหน้าที่", speaker_name="นายวิทยากร")
    sessions = collection_context(world.cohort)["agenda_sessions"]
    assert [(s["title"], s["speaker"]) for s in sessions] == [("บทบาทหน้าที่", "นายวิทยากร"), ("แผนพัฒนา", "-")]
