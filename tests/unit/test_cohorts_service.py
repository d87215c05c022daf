"""Cohorts in the database: scoping, creating with targets and the seed agenda, editing, sessions,
the budget against the allocation, and moves kept as events. Refusals change nothing."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from portal.domain.cohorts_rules import BudgetEntry, CohortRuleError
from portal.models import (
    AgendaSession, BudgetLine, CentreBudget, Cohort, CohortCooperative, CohortEvent, Cooperative, TargetList,
    TargetProposal,
)
from portal.scope import NotInScope, Scope
from portal.services import cohorts as service
from portal.services.cohorts import CohortInput, SessionInput

T = dt.time
D = dt.date


def _input(world, **overrides) -> CohortInput:
    values = dict(course_id=world.course1.id, centre_id=world.centre.id, number=2, cooperative_ids=(world.coop.id,),
                  starts=D(2023, 2, 7), ends=D(2023, 2, 8), place="ห้องประชุมสหกรณ์", venue_kind="government",
                  day_starts=T(9), day_ends=T(16, 30))
    values.update(overrides)
    return CohortInput(**values)


def _counts():
    return (Cohort.select().count(), CohortCooperative.select().count(), AgendaSession.select().count(),
            CohortEvent.select().count(), BudgetLine.select().count())


def _new_coop(world, name, office=None, target=True):
    coop = Cooperative.create(name=name, registration_no=name[-8:], coop_type=world.coop.coop_type,
                              office=office or world.office)
    if target:
        TargetProposal.create(target_list=world.target_list if (office or world.office) == world.office
                              else world.other_target_list, cooperative=coop, clauses="accumulated_loss",
                              reason="ขาดทุนสะสม")
    return coop


# --- scope -------------------------------------------------------------------------------------------


def test_each_scope_sees_its_cohorts(world):
    def ids(scope):
        return {c.id for c in service.scoped_cohorts(scope)}

    both = {world.cohort.id, world.other_cohort.id}
    assert ids(Scope.everything()) == both
    assert ids(Scope.for_user(world.users["centre_staff"])) == {world.cohort.id}
    assert ids(Scope.for_user(world.users["provincial_head"])) == {world.cohort.id}
    assert ids(Scope.for_user(world.other_users["provincial_officer"])) == {world.other_cohort.id}
    with pytest.raises(NotInScope):
        service.get_cohort(Scope.for_user(world.users["centre_director"]), world.other_cohort.id)
    with pytest.raises(NotInScope):
        service.get_cohort(Scope.for_user(world.users["centre_director"]), "x")


def test_a_provincial_office_sees_a_cohort_once_one_of_its_cooperatives_is_in_it(world):
    scope = Scope.for_user(world.other_users["provincial_officer"])
    CohortCooperative.create(cohort=world.cohort, cooperative=world.other_coop)
    assert world.cohort.id in {c.id for c in service.scoped_cohorts(scope)}


def test_only_writers_of_the_centre_may_edit(world):
    everything = Scope.everything()
    assert service.may_edit(world.users["bureau_admin"], everything, world.other_cohort)
    assert not service.may_edit(world.users["bureau_exec"], everything, world.cohort)
    staff = world.users["centre_staff"]
    assert service.may_edit(staff, Scope.for_user(staff), world.cohort)
    assert not service.may_edit(staff, Scope.for_user(staff), world.other_cohort)
    head = world.users["provincial_head"]
    assert not service.may_edit(head, Scope.for_user(head), world.cohort)


# --- choices -----------------------------------------------------------------------------------------


def test_target_choices_are_the_centres_targets_of_the_courses_year(world):
    extra = _new_coop(world, "สหกรณ์การเกษตรเป้าหมายใหม่ จำกัด")
    _new_coop(world, "สหกรณ์ไม่ได้เป็นเป้าหมาย จำกัด", target=False)
    choices = service.target_choices(world.course1, world.centre.id)
    assert {c.cooperative.id for c in choices} == {world.coop.id, extra.id}
    own = next(c for c in choices if c.cooperative.id == world.coop.id)
    assert own.in_cohorts == [1]  # already in cohort 1 of course 1
    assert service.target_choices(world.course2, world.centre.id)[0].in_cohorts == []


def test_an_unsubmitted_list_gives_no_targets(world):
    TargetList.update(submitted_at=None).where(TargetList.id == world.target_list.id).execute()
    assert service.target_choices(world.course1, world.centre.id) == []


def test_the_next_free_number(world):
    assert service.next_number(world.course1.id, world.centre.id) == 2
    assert service.next_number(world.course2.id, world.centre.id) == 1
    Cohort.create(course=world.course1, centre=world.centre, number=3, starts=D(2023, 2, 1), ends=D(2023, 2, 2),
                  place="x", venue_kind="private")
    assert service.next_number(world.course1.id, world.centre.id) == 2


# --- creating ----------------------------------------------------------------------------------------


def test_a_new_course_one_cohort_gets_the_seed_agenda_with_speakers(world):
    created = service.create_cohort(_input(world), world.users["centre_staff"])
    cohort = created.cohort
    assert created.sessions == 6 and created.left_out == 0
    assert [c.id for c in service.cohort_cooperatives([cohort.id])[cohort.id]] == [world.coop.id]
    agenda = service.agenda_of(cohort)
    assert [d.day for d in agenda.days] == [D(2023, 2, 7), D(2023, 2, 8)]
    assert [d.minutes for d in agenda.days] == [390, 390] and agenda.minutes == 780
    by_topic = {s.topic: s for s in agenda.sessions}
    assert by_topic["audit"].speaker_name == f"สำนักงานตรวจบัญชีสหกรณ์{world.province.name_th}"
    assert by_topic["roles"].speaker_name == world.office.name_th
    assert world.coop.name in by_topic["departments"].speaker_name
    assert by_topic["plan"].speaker_name == "เจ้าหน้าที่ศูนย์ถ่ายทอดเทคโนโลยีการสหกรณ์ที่ 1"
    [event] = service.events_of(cohort)
    assert (event.from_status, event.to_status, event.by.id) == ("", "planned", world.users["centre_staff"].id)


def _ready_for_course_two(world):
    """Course 1 closed and the cooperative's plan adopted by its board (the course-2 gate)."""
    from portal.models.plans import DevelopmentPlan

    Cohort.update(status="closed").where(Cohort.id == world.cohort.id).execute()
    DevelopmentPlan.create(cooperative=world.coop, fiscal_year=2566, cohort=world.cohort, title="แผนพัฒนาสหกรณ์",
                           starts=D(2023, 2, 1), ends=D(2024, 1, 1), adopted_meeting_no="3/2566",
                           adopted_on=D(2023, 1, 25))


def test_course_two_is_refused_until_course_one_closes_and_the_plan_is_adopted(world):
    from portal.models.plans import DevelopmentPlan

    data = _input(world, course_id=world.course2.id, number=1, ends=D(2023, 2, 7))
    before = _counts()
    with pytest.raises(CohortRuleError) as refused:
        service.create_cohort(data, world.users["centre_staff"])
    assert "ปิดการอบรมรุ่นหลักสูตรที่ 1" in refused.value.problems[0].th and _counts() == before
    Cohort.update(status="closed").where(Cohort.id == world.cohort.id).execute()
    with pytest.raises(CohortRuleError) as refused:
        service.create_cohort(data, world.users["centre_staff"])
    assert "ยังไม่ได้บันทึกแผนพัฒนา" in refused.value.problems[0].th
    plan = DevelopmentPlan.create(cooperative=world.coop, fiscal_year=2566, title="แผน", starts=D(2023, 2, 1),
                                  ends=D(2024, 1, 1))
    with pytest.raises(CohortRuleError) as refused:
        service.create_cohort(data, world.users["centre_staff"])
    assert "ยังไม่ผ่านการรับรอง" in refused.value.problems[0].th and _counts() == before
    DevelopmentPlan.update(adopted_meeting_no="3/2566", adopted_on=D(2023, 1, 25)).where(
        DevelopmentPlan.id == plan.id).execute()
    assert service.create_cohort(data, world.users["centre_staff"]).cohort.course.number == 2


def test_course_two_gets_its_own_template(world):
    _ready_for_course_two(world)
    created = service.create_cohort(_input(world, course_id=world.course2.id, number=1, ends=D(2023, 2, 7)),
                                    world.users["centre_staff"])
    assert created.sessions == 3 and created.left_out == 0
    assert created.cohort.course.number == 2


@pytest.mark.parametrize("overrides, field, words", [
    ({"ends": D(2023, 2, 6)}, "ends", "อยู่ก่อนวันเริ่ม"),
    ({"number": 1}, "number", "มีอยู่แล้ว"),
    ({"cooperative_ids": ()}, "cooperatives", "อย่างน้อย 1"),
    ({"place": "  "}, "place", "สถานที่"),
    ({"venue_kind": "hotel"}, "venue_kind", "ประเภทสถานที่"),
    ({"starts": D(2023, 10, 2), "ends": D(2023, 10, 3)}, "starts", "ปีงบประมาณ 2566"),
    ({"day_starts": T(17)}, "day_ends", "ต้องหลังเวลาเริ่ม"),
])
def test_bad_cohorts_are_refused_and_nothing_is_saved(world, overrides, field, words):
    before = _counts()
    with pytest.raises(CohortRuleError) as info:
        service.create_cohort(_input(world, **overrides), world.users["centre_staff"])
    assert any(p.field == field and words in p.th for p in info.value.problems), info.value.problems
    assert _counts() == before


def test_a_cooperative_that_is_not_a_target_is_refused_by_name(world):
    outsider = _new_coop(world, "สหกรณ์ไม่ได้เป็นเป้าหมาย จำกัด", target=False)
    before = _counts()
    with pytest.raises(CohortRuleError) as info:
        service.create_cohort(_input(world, cooperative_ids=(world.coop.id, outsider.id)), world.users["centre_staff"])
    [problem] = info.value.problems
    assert outsider.name in problem.th and "ไม่ใช่สหกรณ์เป้าหมาย" in problem.th and "not a target" in problem.en
    assert _counts() == before


def test_another_centres_cooperative_is_refused_without_naming_it(world):
    with pytest.raises(CohortRuleError) as info:
        service.create_cohort(_input(world, cooperative_ids=(world.other_coop.id,)), world.users["centre_staff"])
    [problem] = info.value.problems
    assert "ไม่อยู่ในเขตของศูนย์ฯ" in problem.th and world.other_coop.name not in problem.th
    with pytest.raises(CohortRuleError):
        service.create_cohort(_input(world, cooperative_ids=(999999,)), world.users["centre_staff"])


def test_a_withdrawn_target_cannot_join_a_new_cohort(world):
    TargetProposal.update(status="withdrawn").where(TargetProposal.id == world.proposal.id).execute()
    with pytest.raises(CohortRuleError):
        service.create_cohort(_input(world), world.users["centre_staff"])


# --- editing -----------------------------------------------------------------------------------------------


def test_moving_the_dates_moves_the_agenda_by_day_number(world):
    cohort = service.create_cohort(_input(world), world.users["centre_staff"]).cohort
    service.update_cohort(cohort, _input(world, starts=D(2023, 3, 1), ends=D(2023, 3, 2)), world.users["centre_staff"])
    days = sorted({s.day for s in service.sessions_of(cohort)})
    assert days == [D(2023, 3, 1), D(2023, 3, 2)]
    cohort = Cohort.get_by_id(cohort.id)
    # Shortened to one day while day 2 has sessions: refused, nothing changed.
    with pytest.raises(CohortRuleError) as info:
        service.update_cohort(cohort, _input(world, starts=D(2023, 3, 1), ends=D(2023, 3, 1)), None)
    assert "ลบหรือย้าย" in info.value.problems[0].th
    assert Cohort.get_by_id(cohort.id).ends == D(2023, 3, 2)


def test_a_target_withdrawn_later_may_stay_in_its_cohort(world):
    TargetProposal.update(status="withdrawn").where(TargetProposal.id == world.proposal.id).execute()
    cohort = Cohort.get_by_id(world.cohort.id)
    service.update_cohort(cohort, _input(world, number=1, starts=cohort.starts, ends=cohort.ends, place="ห้องใหม่"), None)
    assert Cohort.get_by_id(cohort.id).place == "ห้องใหม่"


def test_closed_cohorts_keep_their_dates_and_cooperatives(world):
    Cohort.update(status="closed").where(Cohort.id == world.cohort.id).execute()
    cohort = Cohort.get_by_id(world.cohort.id)
    with pytest.raises(CohortRuleError):
        service.update_cohort(cohort, _input(world, number=1, starts=D(2023, 1, 12), ends=D(2023, 1, 13)), None)
    # The place may still be corrected.
    service.update_cohort(cohort, _input(world, number=1, starts=cohort.starts, ends=cohort.ends, place="แก้ชื่อห้อง"),
                          None)
    assert Cohort.get_by_id(cohort.id).place == "แก้ชื่อห้อง"


# --- sessions ---------------------------------------------------------------------------------------------------


def _session(day=D(2023, 1, 10), starts=T(9), ends=T(10), title="บทบาทหน้าที่"):
    return SessionInput(day=day, starts=starts, ends=ends, title_th=title, speaker_name="วิทยากร",
                        speaker_kind="centre_staff")


def test_sessions_are_added_edited_reordered_and_deleted(world):
    cohort = world.cohort
    first = service.add_session(cohort, _session())
    second = service.add_session(cohort, _session(starts=T(10), ends=T(12), title="ฝ่ายต่าง ๆ"))
    with pytest.raises(CohortRuleError) as info:
        service.add_session(cohort, _session(starts=T(11), ends=T(13), title="ซ้อน"))
    assert "ฝ่ายต่าง ๆ" in info.value.problems[0].th
    with pytest.raises(CohortRuleError) as info:
        service.add_session(cohort, _session(day=D(2023, 1, 12)))
    assert info.value.problems[0].field == "day"
    assert AgendaSession.select().count() == 2

    assert service.move_session(cohort, second, "up")
    ordered = service.sessions_of(cohort)
    assert [(s.title_th, s.starts, s.ends) for s in ordered] == [("ฝ่ายต่าง ๆ", T(9), T(11)), ("บทบาทหน้าที่", T(11), T(12))]
    assert [s.sort_order for s in ordered] == [1, 2]
    assert not service.move_session(cohort, AgendaSession.get_by_id(second.id), "up")  # already first

    service.update_session(cohort, AgendaSession.get_by_id(first.id), _session(starts=T(13), ends=T(14, 30)))
    assert AgendaSession.get_by_id(first.id).starts == T(13)
    service.delete_session(cohort, AgendaSession.get_by_id(first.id))
    assert [s.id for s in service.sessions_of(cohort)] == [second.id]


def test_a_locked_agenda_refuses_every_change(world):
    session = service.add_session(world.cohort, _session())
    Cohort.update(status="closed").where(Cohort.id == world.cohort.id).execute()
    cohort = Cohort.get_by_id(world.cohort.id)
    for call in (lambda: service.add_session(cohort, _session(starts=T(13), ends=T(14))),
                 lambda: service.update_session(cohort, session, _session(starts=T(13), ends=T(14))),
                 lambda: service.delete_session(cohort, session),
                 lambda: service.move_session(cohort, session, "down")):
        with pytest.raises(CohortRuleError):
            call()
    assert AgendaSession.get_by_id(session.id).starts == T(9)


# --- the budget ----------------------------------------------------------------------------------------------


def test_budget_lines_are_saved_totalled_and_emptied(world):
    summary = service.save_budget(world.cohort, {
        "food": BudgetEntry("food", Decimal("12000"), Decimal("11500.50"), "อาหารกลางวัน"),
        "venue": BudgetEntry("venue", Decimal("3000"), None, ""),
        "transport": BudgetEntry("transport", None, None, ""),
    })
    assert BudgetLine.select().count() == 2
    assert summary.planned == Decimal("15000.00") and summary.spent == Decimal("11500.50")
    assert summary.warnings == [] and summary.allocation.amount is None
    service.save_budget(world.cohort, {"venue": BudgetEntry("venue", None, None, "")})
    assert [line.category for line in BudgetLine.select()] == ["food"]


def test_a_negative_line_is_refused_and_nothing_changes(world):
    service.save_budget(world.cohort, {"food": BudgetEntry("food", Decimal("100"), None)})
    with pytest.raises(CohortRuleError) as info:
        service.save_budget(world.cohort, {"food": BudgetEntry("food", Decimal("200"), None),
                                           "venue": BudgetEntry("venue", Decimal("-5"), None)})
    assert info.value.problems[0].field == "planned_venue"
    assert [(line.category, line.planned) for line in BudgetLine.select()] == [("food", Decimal("100"))]


def test_over_the_allocation_is_saved_with_a_warning(world):
    CentreBudget.create(year=world.year, centre=world.centre, course=world.course1, amount=Decimal("45600"))
    other = Cohort.create(course=world.course1, centre=world.centre, number=2, starts=D(2023, 2, 1),
                          ends=D(2023, 2, 2), place="x", venue_kind="private")
    BudgetLine.create(cohort=other, category="food", planned=Decimal("40000"), spent=Decimal("30000"))
    # Another centre's cohort of the same course does not count.
    BudgetLine.create(cohort=world.other_cohort, category="food", planned=Decimal("99999"))
    summary = service.save_budget(world.cohort, {"food": BudgetEntry("food", Decimal("6000"), Decimal("16000"))})
    assert summary.allocation.left_for_plan == Decimal("5600.00")
    assert summary.allocation.left_for_spending == Decimal("15600.00")
    assert [w.field for w in summary.warnings] == ["planned", "spent"]
    assert BudgetLine.get(BudgetLine.cohort == world.cohort.id).planned == Decimal("6000")
    summary = service.save_budget(world.cohort, {"food": BudgetEntry("food", Decimal("5600"), Decimal("15600"))})
    assert summary.warnings == []


def test_after_closing_only_spending_changes_and_archived_nothing(world):
    service.save_budget(world.cohort, {"food": BudgetEntry("food", Decimal("100"), None)})
    Cohort.update(status="followup").where(Cohort.id == world.cohort.id).execute()
    cohort = Cohort.get_by_id(world.cohort.id)
    with pytest.raises(CohortRuleError) as info:
        service.save_budget(cohort, {"food": BudgetEntry("food", Decimal("150"), None)})
    assert info.value.problems[0].field == "planned_food"
    service.save_budget(cohort, {"food": BudgetEntry("food", Decimal("100"), Decimal("95"))})
    assert BudgetLine.get().spent == Decimal("95")
    Cohort.update(status="archived").where(Cohort.id == cohort.id).execute()
    with pytest.raises(CohortRuleError):
        service.save_budget(Cohort.get_by_id(cohort.id), {"food": BudgetEntry("food", Decimal("100"), Decimal("90"))})
    assert BudgetLine.get().spent == Decimal("95")


# --- moves -----------------------------------------------------------------------------------------------------


def test_moves_are_one_step_forward_and_kept(world):
    staff = world.users["centre_staff"]
    cohort = service.move_status(world.cohort, "pretest", " เปิดแบบทดสอบแล้ว ", staff)
    assert cohort.status == "pretest"
    with pytest.raises(CohortRuleError):
        service.move_status(cohort, "planned", "", staff)
    with pytest.raises(CohortRuleError):
        service.move_status(cohort, "posttest", "", staff)
    [event] = service.events_of(cohort)
    assert (event.from_status, event.to_status, event.note, event.by.id) == ("planned", "pretest", "เปิดแบบทดสอบแล้ว",
                                                                             staff.id)


def test_a_stale_move_is_refused(world):
    stale = Cohort.get_by_id(world.cohort.id)
    service.move_status(world.cohort, "pretest", "", None)
    with pytest.raises(CohortRuleError) as info:
        service.move_status(stale, "pretest", "", None)
    assert info.value.problems[0].field == "status"
    assert CohortEvent.select().count() == 1


def test_the_list_counts_trainees_against_the_target(world):
    rows = service.cohort_rows(Scope.everything())
    own = next(r for r in rows if r.cohort.id == world.cohort.id)
    assert (own.trainees, own.target) == (1, 20)
    assert [r.cohort.id for r in service.cohort_rows(Scope.everything(), centre_id=world.other_centre.id)] == [
        world.other_cohort.id]
    assert service.cohort_rows(Scope.everything(), fiscal_year=2567) == []
    assert service.cohort_rows(Scope.everything(), status="closed") == []
