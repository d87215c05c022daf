"""Helpers of the cohort-results tests: questionnaires synced, trainees, stored test and satisfaction answers."""
from __future__ import annotations

import datetime as dt

from portal.models import Instrument, InstrumentVersion
from portal.models.responses import QuestionnaireWindow
from portal.models.training import Trainee
from portal.services.collection import new_uuid, store_response
from portal.services.instruments import sync_forms


def forms():
    sync_forms()
    return (Instrument.get(Instrument.code == "c1_knowledge"), Instrument.get(Instrument.code == "c1_satisfaction"))


def trainees(world, n, cohort=None, tag="cr"):
    cohort = cohort or world.cohort
    coop = world.coop if cohort.id == world.cohort.id else world.other_coop
    return [Trainee.create(cohort=cohort, cooperative=coop, prefix="นาย", first_name=f"ผู้เรียน{tag}{i:02d}",
                           last_name="ผลอบรม", gender="male", role="board", position="กรรมการ",
                           token=f"{tag}-{cohort.id}-{i:040d}") for i in range(n)]


def store_test(instrument, trainee, phase, score, answers=None, max_score=20):
    version = InstrumentVersion.get_by_id(instrument.current_version_id)
    return store_response(uuid=new_uuid(), instrument=instrument, version=version, answers=answers or {},
                          phase=phase, respondent="trainee", trainee=trainee, cohort_id=trainee.cohort_id,
                          score=score, max_score=max_score, editable=False).response


def store_satisfaction(instrument, trainee, answers):
    version = InstrumentVersion.get_by_id(instrument.current_version_id)
    return store_response(uuid=new_uuid(), instrument=instrument, version=version, answers=answers, phase="single",
                          respondent="trainee", trainee=trainee, cohort_id=trainee.cohort_id, editable=True,
                          edit_key=f"device-{trainee.id}").response


def open_window(cohort, instrument, phase):
    return QuestionnaireWindow.create(cohort=cohort, instrument=instrument, phase=phase,
                                      opened_at=dt.datetime(2023, 3, 15, 9, 0))


#: the hand-computed class (max 20): (pre, post) pairs, one drop-out (pre 9), one late-comer (post 16)
#: Σpre 70, Σpost 90 → E.I. = 20 ÷ (6 × 20 − 70) = 0.40; individual gains without the pre-at-max trainee:
#: 7/12, 0/10, 6/8, 9/15, −2/5 → mean 0.30666…; differences 7, 0, 0, 6, 9, −2 → Wilcoxon on 4 (2 zeros
#: dropped), ranks 3, 2, 4 | 1 → W+ = 9, W− = 1.
CLASS_PAIRS = [(8, 15), (10, 10), (20, 20), (12, 18), (5, 14), (15, 13)]


def seed_class(world, test, cohort=None, tag="cls"):
    people = trainees(world, len(CLASS_PAIRS) + 2, cohort=cohort, tag=tag)
    for person, (pre, post) in zip(people, CLASS_PAIRS):
        store_test(test, person, "pre", pre)
        store_test(test, person, "post", post)
    store_test(test, people[-2], "pre", 9)  # drop-out
    store_test(test, people[-1], "post", 16)  # late-comer
    return people
