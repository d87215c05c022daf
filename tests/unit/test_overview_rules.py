"""Programme figures and KPI results at small examples computed by hand from DOMAIN.md's definitions."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from portal.domain.thaidates import format_percent
from portal.exports import csv_bytes
from portal.models import (
    Attendance, BudgetLine, DevelopmentPlan, Instrument, InstrumentVersion, Kpi, KpiTarget, Office, Province,
    Trainee, YearlyRecord,
)
from portal.models.responses import Response
from portal.services import outcomes, overview, scorecards
from portal.services.collection import new_uuid, store_response
from portal.services.instruments import sync_forms

pytestmark = pytest.mark.db

AFTER = dt.date(2023, 4, 30)  # a day after the 2566 accounting year closed (31 Mar 2023)


@pytest.fixture
def forms(app):
    sync_forms()
    return (Instrument.get(Instrument.code == "c1_knowledge"), Instrument.get(Instrument.code == "c1_satisfaction"))


def _close(world):
    world.cohort.status = "closed"
    world.cohort.save()


def _trainee(world, n, gender="male"):
    return Trainee.create(cohort=world.cohort, cooperative=world.coop, prefix="นาย", first_name=f"ผู้เรียน{n}",
                          last_name="ทดสอบ", gender=gender, role="board", position="กรรมการ",
                          token=f"ov-token-{n:040d}")


def _present(trainee, *days):
    for day in days:
        Attendance.create(trainee=trainee, day=day, present=True)


def _store(instrument, trainee, phase, answers, score=None):
    version = InstrumentVersion.get_by_id(instrument.current_version_id)
    return store_response(uuid=new_uuid(), instrument=instrument, version=version, answers=answers, phase=phase,
                          respondent="trainee", trainee=trainee, cohort_id=trainee.cohort_id, score=score,
                          max_score=20 if score is not None else None, editable=instrument.phases == "single",
                          edit_key=f"dev-{trainee.id}-{phase}" if instrument.phases == "single" else None).response


def _record_after(world, members, active, accumulated, profit):
    return YearlyRecord.create(cooperative=world.coop, accounting_year=2566, closing_date=dt.date(2023, 3, 31),
                               members=members, active_members=active, accumulated_profit_loss=accumulated,
                               profit_this_year=profit, strength_level=2)


def _row(card, code):
    return next(r for r in card.rows if r.code == code)


# --------------------------------------------------------------------------- participation

def test_participation_64_996_is_below_65_though_shown_65_00_and_change_is_from_baseline(world):
    _close(world)
    _record_after(world, 100000, 64996, -250000, -10)
    [row] = outcomes.participation_rows(2566, centre=world.centre, as_of=AFTER)
    assert row.baseline_year == 2565 and row.baseline_rate == Decimal(64)  # 640 of 1,000
    assert row.latest_year == 2566 and row.latest_rate == Decimal("64.996")
    assert row.at_or_above is False  # decided on the exact value
    assert format_percent(row.latest_rate) == "65.00%"  # shown with two decimals
    assert row.change == Decimal("0.996")
    text = csv_bytes(outcomes.participation_table([row], fy=2566, as_of=AFTER)).decode("utf-8-sig")
    assert "65.00" in text and "ไม่ใช่" in text and "ข้อมูล ณ วันที่" not in text.splitlines()[0]


def test_no_record_after_the_training_is_unknown_not_below(world):
    _close(world)
    [row] = outcomes.participation_rows(2566, centre=world.centre, as_of=dt.date(2023, 3, 15))
    assert row.latest_rate is None and row.at_or_above is None and row.change is None


def test_an_untrained_target_has_no_after_project_record(world):
    _record_after(world, 100, 70, 0, 5)  # the cohort is still "planned"
    [row] = outcomes.participation_rows(2566, centre=world.centre, as_of=AFTER)
    assert row.trained_c1 is False and row.at_or_above is None


@pytest.mark.parametrize("latest, profit, reduced, cleared, profit_flag, fell", [
    (-100000, -5, True, False, False, True),   # smaller loss: reduced, not cleared
    (0, 250000, False, True, True, True),      # none left: cleared, and a profit this year
    (-300000, 1000, False, False, True, False),  # a profit this year, yet the loss grew
])
def test_loss_reduced_cleared_and_profit_are_separate(world, latest, profit, reduced, cleared, profit_flag, fell):
    _close(world)
    _record_after(world, 1000, 600, latest, profit)
    [row] = outcomes.participation_rows(2566, centre=world.centre, as_of=AFTER)
    assert row.loss.applicable
    assert (row.loss.reduced, row.loss.cleared, row.loss.profit_this_year, row.loss.fell) == (
        reduced, cleared, profit_flag, fell)
    assert outcomes.loss_text(row.loss, "th").startswith(
        "ขาดทุนสะสมลดลง" if reduced else ("ล้างขาดทุนสะสมได้หมด" if cleared else "ขาดทุนสะสมไม่ลดลง"))


def test_survey_rate_is_a_sample_of_members_who_used_a_business(world, app):
    from portal.models.responses import RespondentLink

    sync_forms()
    survey = Instrument.get(Instrument.code == "member_survey")
    version = InstrumentVersion.get_by_id(survey.current_version_id)
    link = RespondentLink.create(kind="member_survey", cooperative=world.coop, instrument=survey, period="2566",
                                 token="ov-survey-link-token", valid_from=dt.date(2022, 10, 1),
                                 valid_until=dt.date(2023, 9, 30))
    for lines in (["credit"], ["deposits", "supplies"], ["none"], ["none"]):
        Response.create(uuid=new_uuid(), instrument=survey, version=version, phase="single", respondent="member",
                        cooperative=world.coop, link=link, answers='{"business_lines": %s}' % str(lines).replace("'", '"'),
                        payload_hash="x" * 64, submitted_at=dt.datetime(2023, 2, 1, 10, 0))
    [rate] = outcomes.survey_rates(world.coop.id, dt.date(2023, 3, 15))
    assert (rate.n, rate.active, rate.rate, rate.year) == (4, 2, Decimal(50), 2566)
    assert outcomes.survey_rates(world.coop.id, dt.date(2023, 1, 31)) == []  # answered after that day


# --------------------------------------------------------------------------- KPIs

def test_trained_counts_targets_of_closed_cohorts_and_trainees_present_at_least_one_day(world):
    absent = _trainee(world, 1, "female")
    _present(world.trainee, dt.date(2023, 1, 10))
    Attendance.create(trainee=absent, day=dt.date(2023, 1, 10), present=False)
    card = scorecards.scorecard(2566, centre=world.centre, as_of=dt.date(2023, 3, 15))
    assert _row(card, "coops_trained_c1").result == 0  # still planned: not trained
    _close(world)
    card = scorecards.scorecard(2566, centre=world.centre, as_of=dt.date(2023, 3, 15))
    assert _row(card, "coops_trained_c1").result == 1
    assert _row(card, "trainees_c1").result == 1  # the absent one does not count
    before_end = scorecards.scorecard(2566, centre=world.centre, as_of=dt.date(2023, 1, 10))
    assert _row(before_end, "coops_trained_c1").result == 0  # the cohort had not ended by then


def test_post_beats_pre_share_and_insufficient_below_five_pairs(world, forms):
    test, _ = forms
    _close(world)
    people = [world.trainee] + [_trainee(world, n) for n in range(1, 5)]
    for person, (pre, post) in zip(people, [(8, 15), (10, 12), (20, 20), (5, 9), (12, 11)]):
        _store(test, person, "pre", {}, score=pre)
        _store(test, person, "post", {}, score=post)
    row = _row(scorecards.scorecard(2566, centre=world.centre), "post_beats_pre")
    assert (row.numerator, row.denominator, row.sufficient) == (3, 5, True)
    assert row.result == Decimal(60) and row.target == Decimal(80) and row.percent == Decimal("75.00")
    Response.delete().where(Response.trainee == people[-1].id).execute()
    row = _row(scorecards.scorecard(2566, centre=world.centre), "post_beats_pre")
    assert (row.numerator, row.denominator, row.sufficient, row.result, row.percent) == (3, 4, False, None, None)
    table = csv_bytes(scorecards.scorecard_table(scorecards.scorecard(2566, centre=world.centre))).decode("utf-8-sig")
    assert "ข้อมูลไม่พอ" in table


def test_satisfaction_high_bands_each_form_by_its_own_mean_with_the_scheme_given(world, forms):
    _, satisfaction = forms
    _close(world)
    people = [world.trainee] + [_trainee(world, n) for n in range(1, 5)]
    answers = [
        {"overall": 5, "food": 4},   # 4.50 มากที่สุด
        {"overall": 4, "food": 3},   # 3.50 มาก (0.8) / ปานกลาง (0.5)
        {"overall": 3, "food": 3, "knowledge_after": 5, "knowledge_before": 5},  # 3.00: self-assessment left out
        {"overall": 4, "sessions": {"1": {"session_content": 4, "speaker_delivery": 5}}},  # 4.33
        {"overall": 2, "food": 2},   # 2.00
    ]
    for person, a in zip(people, answers):
        _store(satisfaction, person, "single", a)
    row = _row(scorecards.scorecard(2566, centre=world.centre), "satisfaction_high")
    assert (row.numerator, row.denominator, row.result) == (3, 5, Decimal(60))
    row = _row(scorecards.scorecard(2566, centre=world.centre, scheme="0.5"), "satisfaction_high")
    assert (row.numerator, row.denominator) == (2, 5)
    assert scorecards.satisfaction_values(answers[2]) == [3, 3]


def test_plans_adopted_counts_course_one_trained_targets_adopted_by_the_day(world):
    _close(world)
    DevelopmentPlan.create(cooperative=world.coop, fiscal_year=2566, cohort=world.cohort, title="แผนพัฒนา",
                           starts=dt.date(2023, 2, 1), ends=dt.date(2023, 9, 1), adopted_on=dt.date(2023, 2, 20))
    got = scorecards.kpi_plans_adopted(2566, outcomes.targets(2566, centre=world.centre), dt.date(2023, 3, 15))
    assert (got.numerator, got.denominator) == (1, 1)
    early = scorecards.kpi_plans_adopted(2566, outcomes.targets(2566, centre=world.centre), dt.date(2023, 2, 19))
    assert (early.numerator, early.denominator) == (0, 1)
    row = _row(scorecards.scorecard(2566, centre=world.centre), "plans_adopted")
    assert row.sufficient is False and row.result is None  # one cooperative is too few for a percent


def test_participation_and_loss_kpis_count_only_targets_with_a_record_after(world):
    _close(world)
    _record_after(world, 100000, 65000, -100, 0)
    tcs = outcomes.targets(2566, centre=world.centre, as_of=AFTER)
    rows = outcomes.participation_rows(2566, centre=world.centre, as_of=AFTER)
    got = scorecards.kpi_results(2566, tcs, AFTER, participation=rows)
    assert (got["participation_65"].numerator, got["participation_65"].denominator) == (1, 1)
    assert (got["loss_reduced"].numerator, got["loss_reduced"].denominator) == (1, 1)
    other = outcomes.participation_rows(2566, centre=world.other_centre, as_of=AFTER)
    assert scorecards.kpi_participation_65(2566, other).denominator == 0  # not trained: unknown, not below


def test_targets_come_from_the_bureau_rows_else_the_defaults_and_counts_sum_up(world):
    provinces = list(Province.select().where(Province.centre == world.centre))
    offices = Office.select().join(Province).where(Province.centre == world.centre).count()
    got = scorecards.kpi_targets(2566, centre=world.centre)
    assert got["coops_trained_c1"] == Decimal(2 * offices)  # 2 per office, summed over the provinces
    assert got["post_beats_pre"] == Decimal(80)  # a percent is the same at every level
    kpi = Kpi.create(year=world.year, code="coops_trained_c1", name_th="สหกรณ์ที่อบรม", name_en="Trained",
                     unit="cooperatives", course=1, default_target=2)
    KpiTarget.create(kpi=kpi, centre=world.centre, province=world.province, target=5)
    assert scorecards.kpi_targets(2566, province=world.province)["coops_trained_c1"] == Decimal(5)
    own_offices = Office.select().where(Office.province == world.province).count()
    assert scorecards.kpi_targets(2566, centre=world.centre)["coops_trained_c1"] == Decimal(
        2 * offices - 2 * own_offices + 5)
    assert len(provinces) >= 1
    _close(world)
    card = scorecards.scorecard(2566, province=world.province)
    row = _row(card, "coops_trained_c1")
    assert (row.target, row.result, row.percent) == (Decimal(5), Decimal(1), Decimal("20.00"))
    assert card.level == "province" and card.as_of == dt.date(2023, 3, 15)


def test_scorecard_table_carries_as_of_and_rounded_numbers(world, forms):
    card = scorecards.scorecard(2566, as_of=dt.date(2023, 3, 15))
    table = scorecards.scorecard_table(card)
    assert table.as_of == "ข้อมูล ณ วันที่ 15 มีนาคม 2566"
    assert [c.header for c in table.columns][:5] == ["ตัวชี้วัด", "หน่วย", "เป้าหมาย", "ผล", "ร้อยละ"]
    assert card.level == "nation" and len(table.rows) == len(card.rows) == 9


# --------------------------------------------------------------------------- training numbers and overview rows

def test_training_numbers_count_people_present_by_gender_and_budget(world):
    _close(world)
    woman = _trainee(world, 7, "female")
    absent = _trainee(world, 8, "male")
    _present(world.trainee, dt.date(2023, 1, 10), dt.date(2023, 1, 11))  # female
    _present(woman, dt.date(2023, 1, 11))
    Attendance.create(trainee=absent, day=dt.date(2023, 1, 10), present=False)
    BudgetLine.create(cohort=world.cohort, category="food", planned=Decimal("12000.00"), spent=Decimal("11500.50"))
    BudgetLine.create(cohort=world.cohort, category="venue", planned=Decimal("3000.00"), spent=None)
    numbers = outcomes.training_numbers(2566, 1, centre=world.centre, as_of=dt.date(2023, 3, 15))
    [row] = numbers.rows
    assert (row.days, row.people, row.women, row.men) == (2, 2, 2, 0)
    assert row.spent_total == Decimal("11500.5") and row.planned_total == Decimal(15000)
    t = numbers.totals
    assert (t.cohorts, t.people, t.women, t.person_days) == (1, 2, 2, Decimal(3))
    table = outcomes.training_table(numbers)
    totals = table.totals()
    assert totals[0] == "รวม" and totals[6] == 2
    lines = csv_bytes(table).decode("utf-8-sig").splitlines()
    assert lines[-1].startswith("รวม,")


def test_overview_row_pools_ei_and_withholds_satisfaction_under_five_forms(world, forms):
    test, satisfaction = forms
    _close(world)
    b = _trainee(world, 1)
    for person, (pre, post) in ((world.trainee, (10, 15)), (b, (0, 10))):
        _store(test, person, "pre", {}, score=pre)
        _store(test, person, "post", {}, score=post)
    _store(satisfaction, world.trainee, "single", {"overall": 5})
    facts = overview.coop_facts(2566, dt.date(2023, 3, 15), centre=world.centre)
    row = overview.summarise(world.centre, facts, 2566, dt.date(2023, 3, 15), "0.8")
    # (Σpost − Σpre) ÷ (n × max − Σpre) in percent scores: (125 − 50) ÷ (200 − 50) = 0.5
    assert row.ei == Decimal("0.5") and row.pairs == 2
    assert row.satisfaction.sufficient is False and row.satisfaction_forms == 1
    assert row.targets == 1 and row.trained == 1 and row.no_plan == 1
    assert [f.cooperative.id for f in overview.filter_facts(facts, "no_plan")] == [world.coop.id]
    assert overview.filter_facts(facts, "below65") == []


def test_late_lists_are_after_the_deadline_or_missing_once_it_passed(world):
    from portal.models import TargetList

    TargetList.update(submitted_at=dt.datetime(2022, 12, 16, 9, 0)).where(
        TargetList.id == world.target_list.id).execute()
    late = overview.late_lists(2566, dt.date(2023, 3, 15), centre=world.centre)
    assert world.office.id in {x.office.id for x in late}
    on_time = overview.late_lists(2566, dt.date(2023, 3, 15), centre=world.other_centre)
    assert world.other_office.id not in {x.office.id for x in on_time}
    assert overview.late_lists(2566, dt.date(2022, 12, 15), centre=world.centre) == []  # not yet due


def test_course_two_kpis_count_course_two_cohorts_only(world):
    from portal.models import Cohort, CohortCooperative

    _close(world)
    second = Cohort.create(course=world.course2, centre=world.centre, number=1, starts=dt.date(2023, 2, 20),
                           ends=dt.date(2023, 2, 20), place="หอประชุมอำเภอ", venue_kind="government", status="followup")
    CohortCooperative.create(cohort=second, cooperative=world.coop)
    leaders = [Trainee.create(cohort=second, cooperative=world.coop, prefix="นาง", first_name=f"ประธานกลุ่ม{n}",
                              last_name="ทดสอบ", gender="female", role="group_leader", token=f"ov-c2-token-{n:036d}")
               for n in range(3)]
    _present(leaders[0], dt.date(2023, 2, 20))
    _present(leaders[1], dt.date(2023, 2, 20))
    _present(world.trainee, dt.date(2023, 1, 10))
    card = scorecards.scorecard(2566, centre=world.centre, as_of=dt.date(2023, 3, 15))
    assert (_row(card, "coops_trained_c2").result, _row(card, "trainees_c2").result) == (1, 2)
    assert (_row(card, "coops_trained_c1").result, _row(card, "trainees_c1").result) == (1, 1)
    offices = Office.select().join(Province).where(Province.centre == world.centre).count()
    assert _row(card, "trainees_c2").target == Decimal(56 * offices)
    assert _row(card, "trainees_c2").percent == (Decimal(2) * 100 / Decimal(56 * offices)).quantize(Decimal("0.01"))
    [row] = outcomes.participation_rows(2566, centre=world.centre, as_of=dt.date(2023, 3, 15))
    assert row.trained_c1 and row.trained_c2 and row.project_end == dt.date(2023, 2, 20)
