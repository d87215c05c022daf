"""The loaders every figure reads from: current responses only, paired by trainee, limited in time."""
from __future__ import annotations

import datetime as dt

import pytest

from portal.models import Instrument, InstrumentVersion
from portal.models.responses import Response
from portal.models.training import Trainee
from portal.services.collection import new_uuid, store_response
from portal.services.figures import satisfaction_answers, test_pairs
from portal.services.instruments import sync_forms

pytestmark = pytest.mark.db


@pytest.fixture
def forms(app):
    sync_forms()
    return (Instrument.get(Instrument.code == "c1_knowledge"), Instrument.get(Instrument.code == "c1_satisfaction"))


def _store(instrument, trainee, phase, answers, score=None, **kw):
    version = InstrumentVersion.get_by_id(instrument.current_version_id)
    return store_response(uuid=new_uuid(), instrument=instrument, version=version, answers=answers, phase=phase,
                          respondent="trainee", trainee=trainee, cohort_id=trainee.cohort_id, score=score,
                          max_score=20 if score is not None else None, editable=instrument.phases == "single",
                          **kw).response


def _trainee(world, n):
    return Trainee.create(cohort=world.cohort, cooperative=world.coop, prefix="นาย", first_name=f"ผู้เรียน{n}",
                          last_name="ทดสอบ", gender="male", role="board", position="กรรมการ", token=f"fig-token-{n:040d}")


def test_pairs_count_drop_outs_and_late_comers_and_ignore_other_cohorts(world, forms):
    test, _ = forms
    a, b, c = world.trainee, _trainee(world, 1), _trainee(world, 2)
    _store(test, a, "pre", {}, score=8)
    _store(test, a, "post", {}, score=15)
    _store(test, b, "pre", {}, score=20)  # drop-out: no post-test
    _store(test, c, "post", {}, score=12)  # late-comer: no pre-test
    _store(test, world.other_trainee, "pre", {}, score=3)
    got = test_pairs([world.cohort, world.other_cohort.id])
    own = got[world.cohort.id]
    assert own.pairs == [(8, 15)] and own.unpaired_pre == 1 and own.unpaired_post == 1 and own.max_score == 20
    assert got[world.other_cohort.id].pairs == [] and got[world.other_cohort.id].unpaired_pre == 1


def test_until_leaves_out_later_answers(world, forms):
    test, _ = forms
    pre = _store(test, world.trainee, "pre", {}, score=5)
    post = _store(test, world.trainee, "post", {}, score=9)
    Response.update(submitted_at=dt.datetime(2023, 1, 10, 9, 0)).where(Response.id == pre.id).execute()
    Response.update(submitted_at=dt.datetime(2023, 4, 1, 9, 0)).where(Response.id == post.id).execute()
    early = test_pairs([world.cohort], until=dt.datetime(2023, 3, 31, 23, 59, 59))[world.cohort.id]
    assert early.pairs == [] and early.unpaired_pre == 1
    assert test_pairs([world.cohort])[world.cohort.id].pairs == [(5, 9)]


def test_satisfaction_counts_the_edited_answer_once(world, forms):
    _, satisfaction = forms
    first = _store(satisfaction, world.trainee, "single", {"overall": 2}, edit_key="device-1")
    _store(satisfaction, world.trainee, "single", {"overall": 5}, edit_key="device-1", base_uuid=first.uuid)
    answers = satisfaction_answers([world.cohort, world.other_cohort])
    assert answers[world.cohort.id] == [{"overall": 5}]
    assert answers[world.other_cohort.id] == []
