"""Collecting services on the database: windows opened and closed per cohort status, releasing claims,
keyed-in paper answers, cooperatives' links and the open cohorts' personal links."""
from __future__ import annotations

import datetime as dt

import pytest

from portal.models import Cohort, CourseStep, Instrument, Trainee
from portal.models.responses import AnonymousReceipt, Claim, ClaimRelease, Draft, QuestionnaireWindow, RespondentLink, Response
from portal.scope import NotInScope, Scope
from portal.services import keyin, links, windows
from portal.services.collection import new_uuid
from portal.services.instruments import current_definition, sync_forms

pytestmark = pytest.mark.db

NOW = dt.datetime(2023, 3, 15, 9, 30)
TODAY = dt.date(2023, 3, 15)


@pytest.fixture
def forms(app):
    sync_forms()
    return {i.code: i for i in Instrument.select()}


def _status(cohort, status):
    Cohort.update(status=status).where(Cohort.id == cohort.id).execute()
    return Cohort.get_by_id(cohort.id)


# --------------------------------------------------------------------------- windows

def test_questionnaires_are_the_cohorts_instruments_in_each_phase(world, forms):
    items = windows.questionnaires(world.cohort)
    assert [(q.instrument.code, q.phase) for q in items] == [
        ("c1_knowledge", "pre"), ("c1_knowledge", "post"), ("c1_satisfaction", "single")]
    assert all(q.state == "not_opened" and q.roster == 1 and q.answered == 0 for q in items)
    assert windows.find_questionnaire(world.cohort, "c1_knowledge", "post").code == "c1_knowledge"
    assert windows.find_questionnaire(world.cohort, "c1_knowledge", "single") is None
    assert windows.find_questionnaire(world.cohort, "member_survey", "single") is None


def test_open_close_and_reopen_follow_the_cohort_status(world, forms):
    test = forms["c1_knowledge"]
    staff, director = world.users["centre_staff"], world.users["centre_director"]
    with pytest.raises(windows.CollectError) as refused:
        windows.open_window(world.cohort, test, "pre", staff, NOW)
    assert refused.value.message.th.endswith("ไม่มีการเปลี่ยนแปลงใด ๆ")
    assert QuestionnaireWindow.select().count() == 0
    cohort = _status(world.cohort, "pretest")
    first = windows.open_window(cohort, test, "pre", staff, NOW)
    assert first.window.is_open and not first.reopened and first.window.opened_by_id == staff.id
    with pytest.raises(windows.CollectError):
        windows.open_window(cohort, test, "pre", staff, NOW)
    closed = windows.close_window(cohort, test, "pre", director, NOW + dt.timedelta(hours=1))
    assert closed.window.closed_by_id == director.id and not closed.window.is_open
    with pytest.raises(windows.CollectError):
        windows.close_window(cohort, test, "pre", director, NOW)
    cohort = _status(cohort, "training")
    again = windows.open_window(cohort, test, "pre", director, NOW + dt.timedelta(hours=2))
    assert again.reopened and again.window.opened_by_id == director.id and again.window.closed_at is None
    assert again.window.opened_at == NOW + dt.timedelta(hours=2)
    # The status is read afresh inside the transaction: a stale cohort object does not open a locked window.
    _status(cohort, "closed")
    with pytest.raises(windows.CollectError):
        windows.open_window(cohort, test, "post", director, NOW)
    # Closing still works after the cohort is closed.
    windows.close_window(cohort, test, "pre", director, NOW)
    assert QuestionnaireWindow.select().count() == 1


def test_windows_of_another_instrument_are_refused(world, forms):
    cohort = _status(world.cohort, "posttest")
    with pytest.raises(windows.CollectError):
        windows.open_window(cohort, forms["member_survey"], "single", None, NOW)


def test_the_collect_scope_is_the_centre(world, forms):
    own = Scope.for_user(world.users["centre_staff"])
    assert windows.cohort_in_scope(own, world.cohort.id).id == world.cohort.id
    with pytest.raises(NotInScope):
        windows.cohort_in_scope(own, world.other_cohort.id)
    assert windows.cohort_in_scope(Scope.everything(), world.other_cohort.id).id == world.other_cohort.id


# --------------------------------------------------------------------------- claims

def test_release_deletes_the_claim_and_keeps_who_when_and_the_device(world, forms):
    Claim.create(trainee=world.trainee, device_hash="d" * 64, device_label="LINE · Android")
    done = windows.release_claim(world.cohort, world.trainee, world.users["centre_staff"], NOW)
    assert Claim.select().count() == 0
    assert (done.trainee_id, done.device_label, done.released_by_id, done.released_at) == (
        world.trainee.id, "LINE · Android", world.users["centre_staff"].id, NOW)
    with pytest.raises(windows.CollectError):
        windows.release_claim(world.cohort, world.trainee, world.users["centre_staff"], NOW)
    with pytest.raises(windows.CollectError):
        windows.release_claim(world.cohort, world.other_trainee, None, NOW)
    assert ClaimRelease.select().count() == 1
    row = windows.roster(world.cohort)[0]
    assert row.claim is None and row.last_release.device_label == "LINE · Android"


def test_the_roster_is_in_thai_order_with_each_questionnaires_state(world, forms):
    coop_b = world.coop
    first = Trainee.create(cohort=world.cohort, cooperative=coop_b, prefix="นาย", first_name="เกษม", last_name="ก",
                           gender="male", role="board", token="tok-kasem-000000000000000001")
    cohort = _status(world.cohort, "pretest")
    version, defn = current_definition("c1_knowledge")
    keyin.store_trainee_paper(cohort=cohort, trainee=first, instrument=forms["c1_knowledge"], version=version,
                              defn=defn, phase="pre", cleaned={"q01": "a"}, uuid=new_uuid(),
                              user=world.users["centre_staff"])
    Draft.create(owner=f"trainee:{world.trainee.id}", instrument=forms["c1_knowledge"], phase="pre", answers="{}")
    rows = windows.roster(cohort)
    assert [r.trainee.first_name for r in rows] == ["เกษม", "สมใจ"]
    key = f"{forms['c1_knowledge'].id}-pre"
    assert rows[0].states[key] == "paper" and rows[1].states[key] == "draft"
    assert windows.questionnaires(cohort)[0].answered == 1


# --------------------------------------------------------------------------- keyed-in answers

def test_a_keyed_in_test_is_marked_scored_and_once_only(world, forms):
    cohort = _status(world.cohort, "pretest")
    test = forms["c1_knowledge"]
    version, defn = current_definition("c1_knowledge")
    staff = world.users["centre_staff"]
    Draft.create(owner=f"trainee:{world.trainee.id}", instrument=test, phase="pre", answers='{"q01": "b"}')
    paper = keyin.read_paper(defn, {"q01": defn.answer_key["q01"], "q02": "a"}, {})
    assert paper.ok and paper.cleaned["q01"] == defn.answer_key["q01"]
    uuid = new_uuid()
    stored = keyin.store_trainee_paper(cohort=cohort, trainee=world.trainee, instrument=test, version=version,
                                       defn=defn, phase="pre", cleaned=paper.cleaned, uuid=uuid, user=staff)
    r = stored.response
    assert stored.created and r.keyed_in_by_id == staff.id and r.trainee_id == world.trainee.id
    assert r.max_score == len(defn.answer_key) and r.score >= 1 and r.privacy_version is None
    assert Draft.select().count() == 0  # the trainee's half-done online draft gives way to the paper
    # The same form again: answered like the first time.
    assert not keyin.store_trainee_paper(cohort=cohort, trainee=world.trainee, instrument=test, version=version,
                                         defn=defn, phase="pre", cleaned=paper.cleaned, uuid=uuid,
                                         user=staff).created
    with pytest.raises(keyin.KeyInRefused) as caught:
        keyin.store_trainee_paper(cohort=cohort, trainee=world.trainee, instrument=test, version=version, defn=defn,
                                  phase="pre", cleaned={"q01": "a"}, uuid=new_uuid(), user=staff)
    existing = caught.value.existing
    assert existing.kind == "paper" and existing.by == staff.full_name and existing.at is not None
    assert Response.select().count() == 1


def test_paper_forms_may_leave_items_blank_but_not_everything(world, forms):
    _version, defn = current_definition("c1_satisfaction")
    assert keyin.read_paper(defn, {"content_fit": "5"}, {}).ok
    empty = keyin.read_paper(defn, {}, {})
    assert not empty.ok and empty.errors[""] is keyin.NO_ANSWERS
    wrong = keyin.read_paper(defn, {"content_fit": "9"}, {})
    assert not wrong.ok and "content_fit" in wrong.errors


def test_a_keyed_in_anonymous_form_leaves_only_a_receipt(world, forms):
    cohort = _status(world.cohort, "posttest")
    satisfaction = forms["c1_satisfaction"]
    version, defn = current_definition("c1_satisfaction")
    keyin.store_trainee_paper(cohort=cohort, trainee=world.trainee, instrument=satisfaction, version=version,
                              defn=defn, phase="single", cleaned={"content_fit": 5}, uuid=new_uuid(),
                              user=world.users["centre_staff"])
    response = Response.get()
    assert response.trainee_id is None and response.cooperative_id is None and response.current_key is None
    assert response.cohort_id == cohort.id and response.keyed_in_by_id == world.users["centre_staff"].id
    assert AnonymousReceipt.select().count() == 1
    assert keyin.existing_answer(world.trainee, satisfaction, "single").kind == "anonymous"
    with pytest.raises(keyin.KeyInRefused) as caught:
        keyin.store_trainee_paper(cohort=cohort, trainee=world.trainee, instrument=satisfaction, version=version,
                                  defn=defn, phase="single", cleaned={"content_fit": 4}, uuid=new_uuid(),
                                  user=world.users["centre_staff"])
    assert caught.value.existing.kind == "anonymous"


def test_next_trainee_goes_round_the_roster_in_thai_order_skipping_who_answered(world, forms):
    cohort = _status(world.cohort, "pretest")
    test = forms["c1_knowledge"]
    a = Trainee.create(cohort=cohort, cooperative=world.coop, prefix="นาย", first_name="กมล", last_name="หนึ่ง",
                       gender="male", role="board", token="tok-kamol-000000000000000001")
    c = Trainee.create(cohort=cohort, cooperative=world.coop, prefix="นาย", first_name="อำนาจ", last_name="สาม",
                       gender="male", role="board", token="tok-amnat-000000000000000003")
    b = world.trainee  # สมใจ
    assert keyin.next_trainee(cohort, test, "pre").id == a.id
    assert keyin.next_trainee(cohort, test, "pre", a.id).id == b.id
    assert keyin.next_trainee(cohort, test, "pre", c.id).id == a.id  # wraps round
    version, defn = current_definition("c1_knowledge")
    keyin.store_trainee_paper(cohort=cohort, trainee=b, instrument=test, version=version, defn=defn, phase="pre",
                              cleaned={"q01": "a"}, uuid=new_uuid(), user=world.users["centre_staff"])
    assert keyin.next_trainee(cohort, test, "pre", a.id).id == c.id
    assert keyin.remaining(cohort, test, "pre") == 2
    for t in (a, c):
        keyin.store_trainee_paper(cohort=cohort, trainee=t, instrument=test, version=version, defn=defn,
                                  phase="pre", cleaned={"q01": "a"}, uuid=new_uuid(), user=world.users["centre_staff"])
    assert keyin.next_trainee(cohort, test, "pre") is None


def test_a_paper_member_survey_is_a_member_response_of_the_link(world, forms):
    link = links.create_member_link(world.coop, "2566", world.users["centre_staff"], TODAY, NOW)
    version, _defn = current_definition("member_survey")
    stored = keyin.store_link_paper(link=link, version=version, cleaned={"gender": "female"}, uuid=new_uuid(),
                                    user=world.users["centre_staff"])
    r = stored.response
    assert (r.respondent, r.link_id, r.cooperative_id, r.trainee_id, r.phase) == (
        "member", link.id, world.coop.id, None, "single")
    assert keyin.paper_count(link) == 1 and links.answer_counts([link.id]) == {link.id: (1, 1)}


# --------------------------------------------------------------------------- cooperatives' links

def _step5(world, starts=dt.date(2023, 3, 1), ends=dt.date(2023, 7, 31)):
    CourseStep.create(course=world.course1, step_no=5, name_th="ติดตามและประเมินผล", name_en="Follow-up",
                      starts=starts, ends=ends)


def test_member_links_are_one_per_cooperative_and_period_valid_through_the_fiscal_year(world, forms):
    staff = world.users["centre_staff"]
    link = links.create_member_link(world.coop, "2566", staff, TODAY, NOW)
    assert (link.kind, link.period, link.valid_from, link.valid_until) == (
        "member_survey", "2566", dt.date(2022, 10, 1), dt.date(2023, 9, 30))
    assert link.instrument.code == "member_survey" and link.created_by_id == staff.id
    with pytest.raises(links.LinkError):
        links.create_member_link(world.coop, "2566", staff, TODAY, NOW)
    second = links.create_member_link(world.coop, "2566-2", staff, TODAY, NOW)
    assert second.token != link.token and len(second.token) >= 32
    nextyear = links.create_member_link(world.coop, "2567", staff, TODAY, NOW)
    assert nextyear.valid_from == dt.date(2023, 10, 1)
    with pytest.raises(links.LinkError) as caught:
        links.create_member_link(world.coop, "2565", staff, TODAY, NOW)
    assert "สิ้นสุดแล้ว" in caught.value.message.th
    assert links.link_url("https://x.go.th/", link) == f"https://x.go.th/m/{link.token}"


def test_followup_links_live_as_long_as_the_followup_window(world, forms):
    staff = world.users["centre_staff"]
    with pytest.raises(links.LinkError) as caught:
        links.create_followup_link(world.coop, 2566, staff, TODAY, NOW)
    assert "ยังไม่ได้กำหนดช่วงติดตามผล" in caught.value.message.th
    _step5(world)
    link = links.create_followup_link(world.coop, 2566, staff, TODAY, NOW)
    assert (link.kind, link.period, link.valid_from, link.valid_until) == (
        "followup", "2566", dt.date(2023, 3, 1), dt.date(2023, 7, 31))
    assert link.instrument.code == "c1_followup"
    with pytest.raises(links.LinkError):
        links.create_followup_link(world.coop, 2566, staff, TODAY, NOW)
    with pytest.raises(links.LinkError) as late:
        links.create_followup_link(world.other_coop, 2566, staff, dt.date(2023, 8, 1), NOW)
    assert "สิ้นสุดแล้ว" in late.value.message.th


def test_target_rows_show_the_years_targets_in_scope_with_their_links(world, forms):
    staff_scope = Scope.for_user(world.users["centre_staff"])
    officer_scope = Scope.for_user(world.users["provincial_officer"])
    made = links.create_member_link(world.coop, "2566", None, TODAY, NOW)
    links.create_member_link(world.coop, "2567", None, TODAY, NOW)  # another year's period is not listed
    rows = links.target_rows(staff_scope, 2566)
    assert [r.cooperative.id for r in rows] == [world.coop.id]
    assert [link.id for link in rows[0].member_links] == [made.id] and rows[0].followup_link is None
    assert [r.cooperative.id for r in links.target_rows(officer_scope, 2566)] == [world.coop.id]
    assert {r.cooperative.id for r in links.target_rows(Scope.everything(), 2566)} == {world.coop.id,
                                                                                       world.other_coop.id}
    assert links.target_rows(staff_scope, 2567) == []
    with pytest.raises(NotInScope):
        links.target_in_scope(staff_scope, world.other_coop.id, 2566)
    with pytest.raises(NotInScope):
        links.target_in_scope(staff_scope, "x", 2566)
    assert links.target_in_scope(staff_scope, world.coop.id, 2566).id == world.coop.id
    assert links.link_in_scope(officer_scope, made.id).id == made.id
    other = RespondentLink.create(kind="member_survey", cooperative=world.other_coop, instrument=made.instrument,
                                  period="2566", token="other-token-00000000000000000000001",
                                  valid_from=dt.date(2022, 10, 1), valid_until=dt.date(2023, 9, 30))
    with pytest.raises(NotInScope):
        links.link_in_scope(officer_scope, other.id)


def test_open_cohort_links_are_every_trainee_of_cohorts_answering_now(world, forms):
    assert links.open_cohort_links("http://h") == []
    for status in ("pretest", "training", "posttest"):
        _status(world.cohort, status)
        rows = links.open_cohort_links("http://h/")
        assert rows == [(world.centre.name_th, world.province.name_th, world.coop.name,
                         f"2566 หลักสูตรที่ 1 {world.course1.name_th}", "รุ่นที่ 1", "นางสมใจ ทดสอบ",
                         f"http://h/t/{world.trainee.token}")]
    for status in ("planned", "closed", "followup", "archived"):
        _status(world.cohort, status)
        assert links.open_cohort_links("http://h") == []
