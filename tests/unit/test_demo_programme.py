"""The demo year's programme: selection states, analyses, cohorts with agenda, rosters and attendance."""
from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from werkzeug.security import generate_password_hash

from portal.domain.cohorts import EXPENSE_CATEGORIES, ROLES_BY_COURSE
from portal.domain.eligibility import selection_status
from portal.domain.kpis import CATALOGUE
from portal.domain.thaidates import format_duration
from portal.models import (
    AgendaSession, Attendance, BudgetLine, Centre, ChangeRequest, Cohort, CohortCooperative, CooperativeAnalysis, Kpi,
    KpiTarget, Office, ProgrammeYear, Province, ProvinceMeeting, TargetList, TargetProposal, Trainee,
)
from portal.services.demo import SMALL_CENTRES, build_demo
from portal.services.demo_programme import (
    CHANGE_REQUEST_OFFICE, IN_TRAINING_ON, NON_CANDIDATE_OFFICE, NOT_STARTED_OFFICE, UNSUBMITTED_OFFICE,
)

pytestmark = pytest.mark.db

TODAY = dt.date(2023, 3, 15)
HASH = generate_password_hash("demo-pass", method="pbkdf2:sha256:1000")


@pytest.fixture
def small(app):
    return build_demo("small", 2566, password_hash=HASH, today=TODAY)


def _list(code):
    return TargetList.get_or_none(TargetList.office == Office.get(Office.code == code))


def test_year_kpis_and_a_meeting_per_office(small):
    year = ProgrammeYear.of(2566)
    assert year.selection_deadline == dt.date(2022, 12, 15) and year.workshop_attendees == 60
    assert {k.code for k in Kpi.select()} == {k.code for k in CATALOGUE}
    office_13 = Office.get(Office.code == "13")
    coops = KpiTarget.select().join(Kpi).where((Kpi.code == "coops_trained_c1")
                                               & (KpiTarget.province == office_13.province_id)).get()
    assert coops.target == 2
    bangkok = Office.get(Office.code == "10-1").province_id
    assert KpiTarget.select().join(Kpi).where((Kpi.code == "trainees_c1")
                                              & (KpiTarget.province == bangkok)).get().target == 80  # two offices
    assert ProvinceMeeting.select().count() == Office.select().join(Province).where(Province.centre.in_(Centre.select(Centre.id).where(Centre.number.in_(SMALL_CENTRES)))).count()
    for meeting in ProvinceMeeting.select():
        assert dt.date(2022, 11, 1) <= meeting.held_on <= dt.date(2022, 11, 30) and meeting.held_on.weekday() < 5
        assert meeting.attendees.count() >= 4 and meeting.kpis_agreed.count() == len(CATALOGUE)


def test_selection_shows_every_status_a_late_province_and_a_change_request(small):
    year = ProgrammeYear.of(2566)
    assert _list(NOT_STARTED_OFFICE) is None
    unsubmitted = _list(UNSUBMITTED_OFFICE)
    assert unsubmitted.submitted_at is None and unsubmitted.proposals.count() == 2
    assert selection_status(2, None, year.selection_deadline, TODAY) == "late"
    for tlist in TargetList.select().where(TargetList.submitted_at.is_null(False)):
        assert tlist.submitted_at.date() <= year.selection_deadline
        assert tlist.proposals.count() <= year.quota_for(tlist.office_id)
        for p in tlist.proposals:
            assert p.is_candidate or p.justification  # a non-candidate always carries its justification
    odd = [p for p in _list(NON_CANDIDATE_OFFICE).proposals if not p.is_candidate]
    assert len(odd) == 1 and odd[0].justification
    request = ChangeRequest.get()
    assert request.status == "pending" and request.kind == "replace" and request.reason
    assert request.target_list.office.code == CHANGE_REQUEST_OFFICE
    assert request.new_cooperative_id != request.proposal.cooperative_id


def test_most_targets_are_analysed_and_loss_makers_have_loss_lines(small):
    targets = list(TargetProposal.targets(2566))
    analyses = {a.cooperative_id: a for a in CooperativeAnalysis.select()}
    assert len(targets) - 2 <= len(analyses) < len(targets)  # one target per centre not analysed yet
    for p in targets:
        a = analyses.get(p.cooperative_id)
        if a is not None:
            assert a.problems.count() == 3
            assert (a.loss_lines.count() > 0) == bool(p.yearly_record and p.yearly_record.accumulated_loss)


def test_every_submitted_target_has_a_course_1_cohort_with_the_seed_agenda(small):
    trained = Counter(c for (c,) in CohortCooperative.select(CohortCooperative.cooperative).join(Cohort)
                      .where(Cohort.course == 1).tuples())
    targets = [p.cooperative_id for p in TargetProposal.targets(2566)]
    assert sorted(trained) == sorted(targets) and set(trained.values()) == {1}
    statuses = Counter(c.status for c in Cohort.select().where(Cohort.course == 1))
    assert {"closed", "training", "planned"} <= set(statuses)
    assert Cohort.get((Cohort.course == 1) & (Cohort.starts == IN_TRAINING_ON)).status == "training"
    for cohort in Cohort.select().where(Cohort.course == 1):
        assert cohort.ends == cohort.starts + dt.timedelta(days=1)  # two days, never across a weekend
        sessions = list(cohort.sessions.order_by(AgendaSession.sort_order))
        audit = next(s for s in sessions if s.topic == "audit")
        minutes = (dt.datetime.combine(cohort.starts, audit.ends) - dt.datetime.combine(cohort.starts, audit.starts))
        assert minutes == dt.timedelta(minutes=90) and format_duration(90) != "1.3 ชั่วโมง"
        assert {s.day for s in sessions} == {cohort.starts, cohort.ends}
        assert {b.category for b in cohort.budget_lines} == set(EXPENSE_CATEGORIES)
        assert all(b.planned >= 0 and (b.spent is None or b.spent >= 0) for b in cohort.budget_lines)
        assert all(b.spent is not None for b in cohort.budget_lines) == (cohort.status == "closed")


def test_rosters_follow_the_course_and_attendance_only_up_to_today(small):
    for cohort in Cohort.select():
        people = list(cohort.trainees)
        assert 17 <= len(people) <= cohort.course.people_per_cooperative
        assert {t.role for t in people} <= set(ROLES_BY_COURSE[cohort.course.number])
        assert len({t.token for t in people}) == len(people) and all(len(t.token) >= 32 for t in people)
        if cohort.course.number == 1:
            coop = CohortCooperative.get(CohortCooperative.cohort == cohort).cooperative
            assert sum(t.role == "board" for t in people) == coop.board_size
        else:
            assert all(t.member_group for t in people)
        days = {a.day for a in Attendance.select().join(Trainee).where(Trainee.cohort == cohort)}
        if cohort.status in ("planned", "pretest"):
            assert not days
        else:
            assert days and max(days) <= TODAY
    absent = Attendance.select().where(Attendance.present == False).count()  # noqa: E712
    assert 0 < absent < Attendance.select().count() * 0.1


def test_course_2_cohorts_only_for_cooperatives_trained_in_course_1(small):
    closed = {c for (c,) in CohortCooperative.select(CohortCooperative.cooperative).join(Cohort)
              .where((Cohort.course == 1) & (Cohort.status == "closed")).tuples()}
    course2 = [c for (c,) in CohortCooperative.select(CohortCooperative.cooperative).join(Cohort)
               .where(Cohort.course == 2).tuples()]
    assert course2 and set(course2) <= closed
    assert all(c.status == "planned" and c.starts >= dt.date(2023, 5, 1) for c in Cohort.select().where(Cohort.course == 2))
    assert BudgetLine.select().join(Cohort).where(Cohort.course == 2).count() == 5 * len(course2)


# --- answers (issue 7's demo) -------------------------------------------------------------


def test_answers_are_valid_once_per_trainee_and_anonymous_ones_name_nobody(small):
    import json

    from portal.instruments.definition import check
    from portal.models import Instrument
    from portal.models.responses import AnonymousReceipt, Response
    from portal.services.assignments import collection_context
    from portal.services.instruments import version_definition

    rows = list(Response.select())
    assert rows
    keys = [r.current_key for r in rows if r.current_key]
    assert len(keys) == len(set(keys))
    for r in rows[::7]:
        defn = version_definition(r.version)
        context = collection_context(r.cohort) if r.cohort_id else {}
        assert check(defn, json.loads(r.answers), context, enforce_required=r.keyed_in_by_id is None).ok
    satisfaction = Instrument.get(Instrument.code == "c1_satisfaction")
    anonymous = [r for r in rows if r.instrument_id == satisfaction.id]
    assert anonymous and all(r.trainee_id is None and r.current_key is None for r in anonymous)
    assert AnonymousReceipt.select().count() == len(anonymous)


def test_learning_gains_are_plausible_and_windows_follow_each_cohort(small):
    from portal.domain.analytics import paired_statistics
    from portal.models.responses import Draft, QuestionnaireWindow, Response

    pre = {r.trainee_id: r.score for r in Response.select().where(Response.phase == "pre")}
    post = {r.trainee_id: r.score for r in Response.select().where(Response.phase == "post")}
    pairs = [(pre[t], post[t]) for t in post if t in pre]
    assert len(pairs) > 50 and len(post) < len(pre)  # some trainees dropped out before the post-test
    assert sum(b for _, b in pairs) > sum(a for a, _ in pairs)
    assert any(b <= a for a, b in pairs)  # not everyone gains
    stats = paired_statistics(pairs)
    assert stats.n == len(pairs) and stats.mean_diff > 0 and stats.p < 0.001
    for w in QuestionnaireWindow.select():
        if w.phase == "pre":
            assert w.cohort.status in ("pretest", "training", "closed")
            assert (w.closed_at is None) == (w.cohort.status != "closed")
        else:
            assert w.cohort.status == "closed" and w.closed_at is not None
    for d in Draft.select():
        trainee_id = int(d.owner.split(":")[1])
        assert Trainee.get_by_id(trainee_id).cohort.status in ("pretest", "training")


def test_member_surveys_come_from_trained_cooperatives_through_their_link(small):
    from portal.models.responses import RespondentLink, Response

    members = list(Response.select().where(Response.respondent == "member"))
    trained = {c for (c,) in CohortCooperative.select(CohortCooperative.cooperative).join(Cohort)
               .where(Cohort.status == "closed").tuples()}
    assert members and {r.cooperative_id for r in members} <= trained
    assert all(r.link.kind == "member_survey" and r.link.cooperative_id == r.cooperative_id for r in members)
    assert 0 < sum(r.keyed_in_by_id is not None for r in members) < len(members)
    kinds = Counter(link.kind for link in RespondentLink.select())
    assert kinds["member_survey"] == kinds["followup"] == TargetProposal.targets(2566).count()


def test_trainees_answering_on_phones_in_open_cohorts_hold_their_names(small):
    from portal.models.responses import Claim, Response

    claims = list(Claim.select())
    assert claims and all(c.trainee.cohort.status in ("pretest", "training", "posttest") for c in claims)
    online = {r.trainee_id for r in Response.select().where(Response.keyed_in_by.is_null() & Response.trainee.is_null(False))
              if r.cohort.status == "training"}
    assert online <= {c.trainee_id for c in claims}


# --- plans and follow-up (issue 8's demo) -------------------------------------------------------------------


def test_course_2_cohorts_pass_the_gate_and_plans_follow_the_rules(small):
    from portal.domain.plans import YearTotal, break_even_year
    from portal.models import ActivityProgress, BusinessProjection, DevelopmentPlan, MonthlySummary, MonitoringVisit
    from portal.services.plans import course_two_gate

    course2 = [c for (c,) in CohortCooperative.select(CohortCooperative.cooperative).join(Cohort)
               .where(Cohort.course == 2).tuples()]
    assert course2 and course_two_gate(course2, 2566) == []
    plans = list(DevelopmentPlan.select())
    closed = {c for (c,) in CohortCooperative.select(CohortCooperative.cooperative).join(Cohort)
              .where((Cohort.course == 1) & (Cohort.status == "closed")).tuples()}
    assert {p.cooperative_id for p in plans} == closed
    for plan in plans:
        for project in plan.projects:
            for a in project.activities:
                assert plan.starts <= a.starts <= a.ends <= plan.ends
        rows = list(BusinessProjection.select().where(BusinessProjection.plan == plan))
        if rows:
            assert plan.horizon_years == 3
            years = {}
            for r in rows:
                income, expenses = years.get(r.year, (0, 0))
                years[r.year] = (income + r.income, expenses + r.expenses)
            assert break_even_year([YearTotal(y, i, e, 0) for y, (i, e) in years.items()]) is not None
    progress = list(ActivityProgress.select())
    assert progress and {p.status for p in progress} <= {"on_track", "behind", "done"}
    assert all(p.month < TODAY.replace(day=1) and 0 <= p.percent_done <= 100 for p in progress)
    assert MonitoringVisit.select().count() == len(plans) and MonthlySummary.select().count() > 0
