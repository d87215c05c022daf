"""Target selection as the service keeps it: the record that counts, quotas per office (Bangkok's area
offices too), the deadline at 15 and 16 December in Asia/Bangkok, the lock, change requests, the
board meeting informed and the national list — each refusal leaves the stored rows unchanged."""
from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from portal.domain.eligibility import SelectionError
from portal.exports import csv_bytes, xlsx_bytes
from portal.models import (
    ChangeRequest,
    Cooperative,
    CoopType,
    Office,
    OfficeQuota,
    ProgrammeYear,
    Province,
    TargetList,
    TargetProposal,
    YearlyRecord,
)
from portal.services import targets as svc

TODAY = dt.date(2023, 3, 15)
NOW = dt.datetime(2023, 3, 15, 10, 0)
UTC = dt.timezone.utc


def _coop(office, name, reg, *, members=1000, active=500, loss="-1000", level=2, closing=dt.date(2022, 3, 31),
          year=2565):
    """A cooperative with one yearly record (closing given; None: no record at all)."""
    agri = CoopType.get(CoopType.code == "agricultural")
    coop = Cooperative.create(name=name, registration_no=reg, coop_type=agri, office=office)
    if closing is not None:
        YearlyRecord.create(cooperative=coop, accounting_year=year, closing_date=closing, members=members,
                            active_members=active, accumulated_profit_loss=Decimal(loss), profit_this_year=0,
                            strength_level=level)
    return coop


@pytest.fixture
def year(world):
    """A fresh year (FY 2567) whose lists are all empty; the World's FY 2566 lists are submitted."""
    return ProgrammeYear.create(fiscal_year=2567, selection_deadline=dt.date(2023, 12, 15), default_quota=2)


def _snapshot():
    return (
        sorted(TargetList.select(TargetList.id, TargetList.submitted_at).tuples()),
        sorted(TargetProposal.select(TargetProposal.id, TargetProposal.status, TargetProposal.cooperative).tuples()),
        sorted(ChangeRequest.select(ChangeRequest.id, ChangeRequest.status).tuples()),
    )


def _refused(fn, *args, contains="", **kwargs):
    """The call is refused with a Thai and English message, and nothing stored changed."""
    before = _snapshot()
    with pytest.raises(SelectionError) as info:
        fn(*args, **kwargs)
    assert _snapshot() == before
    assert info.value.th and info.value.en
    assert contains in info.value.th, info.value.th
    return info.value


def _propose(year, coop, reason="เหตุผล", justification="", user=None, **kw):
    return svc.propose(year, coop.office_id, coop.id, reason, justification, user, TODAY, NOW, **kw)


# --- the record that counts ---------------------------------------------------------------------


def test_the_selection_date_is_the_day_after_the_last_day_on_time(world):
    assert svc.selection_date(world.year, TODAY) == dt.date(2022, 12, 16)
    no_deadline = ProgrammeYear.create(fiscal_year=2570, selection_deadline=None)
    assert svc.selection_date(no_deadline, TODAY) == TODAY


@pytest.mark.parametrize(("closing", "counts"), [
    (dt.date(2022, 9, 30), True),
    (dt.date(2022, 12, 15), True),   # closed on the last day on time: counts
    (dt.date(2022, 12, 16), False),  # closed the day after: the older year counts
    (dt.date(2022, 12, 31), False),
])
def test_a_year_closed_on_or_before_the_deadline_counts(world, closing, counts):
    coop = _coop(world.office, "สหกรณ์ปิดบัญชี จำกัด", "C-1", closing=dt.date(2021, 12, 31), year=2564)
    newer = YearlyRecord.create(cooperative=coop, accounting_year=2565, closing_date=closing, members=10,
                                active_members=5, accumulated_profit_loss=0, profit_this_year=0)
    got = svc.counting_record(coop.id, world.year, TODAY)
    assert (got.id == newer.id) is counts
    assert got.accounting_year == (2565 if counts else 2564)


def test_candidates_list_every_cooperative_in_thai_order_with_clauses_and_the_no_record_mark(world, year):
    _coop(world.office, "สหกรณ์เกษตรทดลอง จำกัด", "C-2", loss="0", members=10000, active=6499, level=3)
    _coop(world.office, "สหกรณ์ขนมไทย จำกัด", "C-3", loss="0", members=100, active=65, level=2)
    _coop(world.office, "สหกรณ์กล้วยหอม จำกัด", "C-4", closing=None)
    _coop(world.other_office, "สหกรณ์ต่างสำนักงาน จำกัด", "C-5")
    rows = svc.candidates(year, world.office.id, TODAY)
    assert [r.cooperative.name for r in rows] == [
        "สหกรณ์กล้วยหอม จำกัด", "สหกรณ์การเกษตรบ้านทดสอบ จำกัด", "สหกรณ์เกษตรทดลอง จำกัด", "สหกรณ์ขนมไทย จำกัด"]
    by_name = {r.cooperative.name: r for r in rows}
    assert by_name["สหกรณ์กล้วยหอม จำกัด"].record is None and not by_name["สหกรณ์กล้วยหอม จำกัด"].is_candidate
    assert by_name["สหกรณ์เกษตรทดลอง จำกัด"].clauses == ["low_participation"]  # 64.99: below
    assert by_name["สหกรณ์ขนมไทย จำกัด"].clauses == []  # exactly 65: not below
    assert by_name["สหกรณ์การเกษตรบ้านทดสอบ จำกัด"].clauses == ["accumulated_loss", "low_participation"]
    assert [r.cooperative.registration_no for r in svc.candidates(year, world.office.id, TODAY, q="ขนม")] == ["C-3"]
    assert [r.cooperative.registration_no for r in svc.candidates(year, world.office.id, TODAY, q="c-2")] == ["C-2"]
    assert len(svc.candidates(year, world.office.id, TODAY, only_candidates=True)) == 2


# --- quota per office ------------------------------------------------------------------------------


def _bangkok(code):
    return Office.get(Office.code == code)


@pytest.mark.parametrize(("office_code", "own_quota", "quota"), [
    (None, None, 2),       # a provincial office: the year's default
    ("10-1", 1, 1),        # Bangkok area office 1 with its own quota
    ("10-2", 3, 3),        # Bangkok area office 2 with another
    ("10-2", None, 2),     # no OfficeQuota row: the default
])
def test_quota_per_office_counts_active_proposals_only(world, year, office_code, own_quota, quota):
    office = world.office if office_code is None else _bangkok(office_code)
    if own_quota is not None:
        OfficeQuota.create(year=year, office=office, quota=own_quota)
    assert year.quota_for(office.id) == quota
    coops = [_coop(office, f"สหกรณ์โควตา {i} จำกัด", f"Q-{office.code}-{i}") for i in range(quota + 1)]
    proposals = [_propose(year, c) for c in coops[:quota]]
    error = _refused(_propose, year, coops[quota], contains=f"ไม่เกิน {quota} แห่ง")
    assert error.field == "cooperative"
    svc.withdraw(proposals[0].id, world.users["provincial_officer"], NOW)
    assert _propose(year, coops[quota]).status == "active"  # a withdrawn proposal frees its place


def test_one_area_office_full_does_not_block_the_other(world, year):
    OfficeQuota.create(year=year, office=_bangkok("10-1"), quota=1)
    _propose(year, _coop(_bangkok("10-1"), "สหกรณ์พื้นที่หนึ่ง จำกัด", "B-1"))
    _refused(_propose, year, _coop(_bangkok("10-1"), "สหกรณ์พื้นที่หนึ่งอีก จำกัด", "B-2"))
    _propose(year, _coop(_bangkok("10-2"), "สหกรณ์พื้นที่สอง จำกัด", "B-3"))
    _propose(year, _coop(_bangkok("10-2"), "สหกรณ์พื้นที่สองอีก จำกัด", "B-4"))


# --- proposals: what is refused ---------------------------------------------------------------------


def test_a_candidate_is_proposed_with_its_record_and_clauses(world, year):
    user = world.users["provincial_officer"]
    p = _propose(year, world.coop, "ขาดทุนสะสมต่อเนื่อง", "ไม่ต้องใช้", user=user)
    assert p.status == "active" and p.proposed_by_id == user.id and p.proposed_at == NOW
    assert p.clause_list == ["accumulated_loss", "low_participation"]
    assert p.yearly_record_id == YearlyRecord.get(YearlyRecord.cooperative == world.coop).id
    assert p.justification == ""  # a candidate needs none
    assert TargetList.get_by_id(p.target_list_id).submitted_at is None


def test_refusals_leave_everything_unchanged(world, year):
    non = _coop(world.office, "สหกรณ์ไม่เข้าเกณฑ์ จำกัด", "N-1", loss="5000", members=100, active=90)
    none = _coop(world.office, "สหกรณ์ไม่มีข้อมูล จำกัด", "N-2", closing=None)
    _propose(year, world.coop)
    _refused(_propose, year, world.coop, contains="อยู่ในรายชื่อ")  # already active
    _refused(_propose, year, non, contains="ไม่เข้าเกณฑ์")  # non-candidate without justification
    _refused(_propose, year, none, contains="ไม่มีข้อมูลปีบัญชีที่ใช้คัดเลือก")  # no record that counts
    error = _refused(svc.propose, year, world.office.id, world.other_coop.id, "เหตุผล", "พิเศษ", None, TODAY, NOW,
                     contains="สำนักงาน")  # a cooperative of another office
    assert error.field == "cooperative"
    _refused(svc.propose, year, world.office.id, 999999, "เหตุผล", "", None, TODAY, NOW)
    _refused(_propose, year, non, reason="   ", justification="พิเศษ", contains="เหตุผลที่เสนอ")
    _refused(_propose, year, non, justification="ก" * 2001, contains="ยาวเกิน")


def test_a_record_that_does_not_exist_or_does_not_count_is_refused(world, year):
    coop = _coop(world.office, "สหกรณ์สองปี จำกัด", "R-1", closing=dt.date(2021, 3, 31), year=2564)
    newer = YearlyRecord.create(cooperative=coop, accounting_year=2565, closing_date=dt.date(2022, 3, 31),
                                members=100, active_members=10, accumulated_profit_loss=-1, profit_this_year=0,
                                strength_level=2)
    older = YearlyRecord.get((YearlyRecord.cooperative == coop) & (YearlyRecord.accounting_year == 2564))
    _refused(_propose, year, coop, record_id=999999, contains="ไม่พบข้อมูลปีบัญชี")
    _refused(_propose, year, coop, record_id=older.id, contains="ไม่ใช่ปีบัญชีที่ใช้คัดเลือก")
    other_record = YearlyRecord.get(YearlyRecord.cooperative == world.coop)
    _refused(_propose, year, coop, record_id=other_record.id, contains="ไม่พบข้อมูลปีบัญชี")
    assert _propose(year, coop, record_id=newer.id).yearly_record_id == newer.id


def test_no_record_that_counts_may_be_proposed_only_with_a_justification(world, year):
    later = _coop(world.office, "สหกรณ์ปิดบัญชีหลังกำหนด จำกัด", "R-2", closing=dt.date(2023, 12, 31), year=2566)
    p = _propose(year, later, justification="สหกรณ์ตั้งใหม่ ขาดทุนในปีแรก")
    assert p.yearly_record_id is None and p.clauses == "" and not p.is_candidate
    assert p.justification == "สหกรณ์ตั้งใหม่ ขาดทุนในปีแรก"


def test_names_and_reasons_are_normalised(world, year):
    p = _propose(year, world.coop, reason="  ขาดทุนสะสม\u0e4d\u0e32  ")
    assert p.reason == "ขาดทุนสะสมำ"


# --- withdrawal, submission, the lock ---------------------------------------------------------------------


def test_withdrawal_before_submission_is_kept_with_who_and_when(world, year):
    user = world.users["provincial_officer"]
    p = _propose(year, world.coop)
    out = svc.withdraw(p.id, user, NOW, "สหกรณ์ขอถอนตัว")
    assert (out.status, out.withdrawn_by_id, out.withdrawn_at, out.withdrawal_reason) == (
        "withdrawn", user.id, NOW, "สหกรณ์ขอถอนตัว")
    _refused(svc.withdraw, p.id, user, NOW, contains="ถอนไปแล้ว")


def test_a_submitted_list_is_locked(world, year):
    p = _propose(year, world.coop)
    director = world.users["centre_director"]
    submitted = svc.submit(year, world.office.id, director, dt.datetime(2023, 12, 1, 9, 0))
    assert submitted.submitted_by_id == director.id and submitted.submitted_at == dt.datetime(2023, 12, 1, 9, 0)
    other = _coop(world.office, "สหกรณ์มาทีหลัง จำกัด", "L-1")
    _refused(_propose, year, other, contains="ล็อก")
    _refused(svc.withdraw, p.id, director, NOW, contains="ล็อก")
    _refused(svc.submit, year, world.office.id, director, NOW, contains="ส่งให้สำนักแล้ว")


def test_an_empty_list_cannot_be_submitted(world, year):
    _refused(svc.submit, year, world.office.id, None, NOW, contains="ยังไม่มีสหกรณ์")
    p = _propose(year, world.coop)
    svc.withdraw(p.id, None, NOW)
    _refused(svc.submit, year, world.office.id, None, NOW, contains="ยังไม่มีสหกรณ์")


def test_the_centre_submits_all_proposed_lists_at_once(world, year):
    second = Office.select().join(Province).where(
        (Province.centre == world.centre.id) & (Office.id != world.office.id)).first()
    _propose(year, world.coop)
    _propose(year, _coop(second, "สหกรณ์สำนักงานที่สอง จำกัด", "S-1"))
    _propose(year, world.other_coop, justification="ศูนย์อื่น")
    lists = svc.submit_centre(year, world.centre.id, world.users["centre_director"], NOW)
    assert sorted(t.office_id for t in lists) == sorted([world.office.id, second.id])
    assert svc.list_of(year, world.other_office.id).submitted_at is None  # another centre's list untouched
    _refused(svc.submit_centre, year, world.centre.id, None, NOW, contains="ไม่มีรายชื่อ")


# --- the deadline in Asia/Bangkok ------------------------------------------------------------------------


@pytest.mark.parametrize(("submitted_at", "status"), [
    (dt.datetime(2022, 12, 15, 9, 0), "submitted"),
    (dt.datetime(2022, 12, 15, 23, 59, 59), "submitted"),
    (dt.datetime(2022, 12, 16, 0, 0), "late"),
    (dt.datetime(2022, 12, 15, 16, 59, tzinfo=UTC), "submitted"),  # 23:59 in Bangkok
    (dt.datetime(2022, 12, 15, 17, 0, tzinfo=UTC), "late"),        # 00:00 on the 16th in Bangkok
    (dt.datetime(2023, 3, 15, 10, 0), "late"),
])
def test_submission_on_the_15th_is_on_time_and_on_the_16th_late(world, submitted_at, status):
    TargetList.update(submitted_at=None, submitted_by=None).where(TargetList.id == world.target_list.id).execute()
    svc.submit(world.year, world.office.id, world.users["centre_director"], submitted_at)
    stored = svc.list_of(world.year, world.office.id).submitted_at
    assert stored.tzinfo is None  # kept as Bangkok local time
    [st] = svc.office_statuses(world.year, [world.office], TODAY)
    assert st.status == status and st.submitted
    assert st.submitted_late is (status == "late")


@pytest.mark.parametrize(("today", "proposed", "status"), [
    (dt.date(2022, 12, 1), False, "not_started"),
    (dt.date(2022, 12, 15), False, "not_started"),
    (dt.date(2022, 12, 15), True, "proposed"),
    (dt.date(2022, 12, 16), True, "late"),
    (dt.date(2022, 12, 16), False, "late"),
])
def test_a_list_not_submitted_is_late_from_the_16th(world, today, proposed, status):
    TargetProposal.delete().where(TargetProposal.target_list == world.target_list.id).execute()
    TargetList.update(submitted_at=None, submitted_by=None).where(TargetList.id == world.target_list.id).execute()
    if proposed:
        svc.propose(world.year, world.office.id, world.coop.id, "เหตุผล", "", None, today,
                    dt.datetime.combine(today, dt.time(9)))
    [st] = svc.office_statuses(world.year, [world.office], today)
    assert st.status == status and not st.submitted


def test_centre_counts_cover_every_centre(world):
    rows = svc.centre_counts(world.year, TODAY)
    assert len(rows) == 20 and [c.number for c, _counts in rows] == list(range(1, 21))
    counts = dict((c.number, n) for c, n in rows)
    assert counts[1]["submitted"] == 1 and counts[2]["submitted"] == 1
    total_offices = Office.select().count()
    assert sum(sum(n.values()) for _c, n in rows) == total_offices
    assert counts[1]["late"] == sum(counts[1].values()) - 1  # past the deadline, nothing else submitted


# --- change requests ------------------------------------------------------------------------------------------


def _second_target(world):
    """A second submitted target on the own list (quota 2), so the list is full."""
    coop = _coop(world.office, "สหกรณ์เป้าหมายที่สอง จำกัด", "T-2")
    return TargetProposal.create(target_list=world.target_list, cooperative=coop, clauses="accumulated_loss",
                                 yearly_record=YearlyRecord.get(YearlyRecord.cooperative == coop), reason="ขาดทุน")


def test_a_withdrawal_request_approved_withdraws_the_target(world):
    officer, admin = world.users["provincial_officer"], world.users["bureau_admin"]
    change = svc.request_change(world.proposal.id, "withdraw", "คณะกรรมการไม่พร้อม", officer, NOW, TODAY)
    assert change.status == "pending" and change.requested_by_id == officer.id
    _refused(svc.request_change, world.proposal.id, "withdraw", "อีกครั้ง", officer, NOW, TODAY, contains="รอการพิจารณา")
    later = NOW + dt.timedelta(hours=1)
    decided = svc.decide_change(change.id, True, "", admin, later, TODAY)
    assert (decided.status, decided.decided_by_id, decided.decided_at) == ("approved", admin.id, later)
    old = TargetProposal.get_by_id(world.proposal.id)
    assert (old.status, old.withdrawn_by_id, old.withdrawal_reason) == ("withdrawn", admin.id, "คณะกรรมการไม่พร้อม")
    _refused(svc.decide_change, change.id, False, "สาย", admin, NOW, TODAY, contains="พิจารณาแล้ว")


def test_a_replacement_approved_creates_the_new_active_target_within_the_quota(world):
    _second_target(world)
    officer, admin = world.users["provincial_officer"], world.users["bureau_admin"]
    new = _coop(world.office, "สหกรณ์ทดแทน จำกัด", "T-3", loss="0", members=100, active=10, level=3)
    change = svc.request_change(world.proposal.id, "replace", "ถอนตัว", officer, NOW, TODAY,
                                new_cooperative_id=new.id, new_reason="มีส่วนร่วมต่ำ")
    decided = svc.decide_change(change.id, True, "เห็นชอบ", admin, NOW, TODAY)
    created = TargetProposal.get_by_id(decided.new_proposal_id)
    assert (created.cooperative_id, created.status, created.clauses, created.reason, created.proposed_by_id) == (
        new.id, "active", "low_participation", "มีส่วนร่วมต่ำ", officer.id)
    assert decided.decision_reason == "เห็นชอบ"
    assert TargetProposal.get_by_id(world.proposal.id).status == "withdrawn"
    assert len(svc.active_proposals(world.target_list)) == 2  # still at the quota, not above


def test_a_rejection_needs_a_reason_and_keeps_it(world):
    admin = world.users["bureau_admin"]
    change = svc.request_change(world.proposal.id, "withdraw", "ขอถอน", world.users["centre_director"], NOW, TODAY)
    error = _refused(svc.decide_change, change.id, False, "  ", admin, NOW, TODAY, contains="เหตุผล")
    assert error.field == "reason"
    decided = svc.decide_change(change.id, False, "ยังอยู่ในเกณฑ์", admin, NOW, TODAY)
    assert (decided.status, decided.decision_reason) == ("rejected", "ยังอยู่ในเกณฑ์")
    assert TargetProposal.get_by_id(world.proposal.id).status == "active"


def test_change_requests_are_refused_at_the_edges(world, year):
    officer = world.users["provincial_officer"]
    non = _coop(world.office, "สหกรณ์ไม่เข้าเกณฑ์ จำกัด", "X-1", loss="1", members=100, active=100)
    _refused(svc.request_change, world.proposal.id, "withdraw", "", officer, NOW, TODAY, contains="เหตุผลของคำขอ")
    _refused(svc.request_change, world.proposal.id, "swap", "เหตุผล", officer, NOW, TODAY)
    _refused(svc.request_change, world.proposal.id, "replace", "เหตุผล", officer, NOW, TODAY,
             new_cooperative_id=non.id, new_reason="แทน", contains="ไม่เข้าเกณฑ์")
    _refused(svc.request_change, world.proposal.id, "replace", "เหตุผล", officer, NOW, TODAY,
             new_cooperative_id=world.coop.id, new_reason="แทน", contains="อยู่ในรายชื่อ")
    _refused(svc.request_change, world.proposal.id, "replace", "เหตุผล", officer, NOW, TODAY,
             new_cooperative_id=world.other_coop.id, new_reason="แทน", new_justification="พิเศษ", contains="สำนักงาน")
    _refused(svc.request_change, world.proposal.id, "replace", "เหตุผล", officer, NOW, TODAY,
             new_cooperative_id=non.id, new_reason="", new_justification="พิเศษ", contains="เหตุผลที่เสนอ")
    draft = _propose(year, world.coop)  # a list not submitted needs no request
    _refused(svc.request_change, draft.id, "withdraw", "เหตุผล", officer, NOW, TODAY, contains="ยังไม่ได้ส่ง")
    ok = svc.request_change(world.proposal.id, "replace", "เหตุผล", officer, NOW, TODAY, new_cooperative_id=non.id,
                            new_reason="แทน", new_justification="สหกรณ์ร้องขอ")
    assert ok.new_justification == "สหกรณ์ร้องขอ"


def test_approval_re_checks_and_refuses_what_changed_since(world):
    officer, admin = world.users["provincial_officer"], world.users["bureau_admin"]
    second = _second_target(world)
    a = svc.request_change(world.proposal.id, "withdraw", "ถอน", officer, NOW, TODAY)
    b = svc.request_change(second.id, "withdraw", "ถอนด้วย", officer, NOW, TODAY)
    TargetProposal.update(status="withdrawn").where(TargetProposal.id == world.proposal.id).execute()
    _refused(svc.decide_change, a.id, True, "", admin, NOW, TODAY, contains="ถอนไปแล้ว")
    assert svc.decide_change(b.id, True, "", admin, NOW, TODAY).status == "approved"


# --- the board meeting informed ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "stored"), [
    ("12/2565", "ครั้งที่ 12/2565"),
    ("ครั้งที่ 12/2565", "ครั้งที่ 12/2565"),
    ("ครั้งที่12 / 2565", "ครั้งที่ 12/2565"),
    ("ครั้งที่ ๑๒/๒๕๖๕", "ครั้งที่ 12/2565"),
    ("1/2566", "ครั้งที่ 1/2566"),
])
def test_meeting_numbers_are_read_as_thai_offices_write_them(typed, stored):
    assert svc.parse_meeting_no(typed) == stored


@pytest.mark.parametrize("typed", ["", "12", "12-2565", "0/2565", "12/2022", "ครั้งที่ ก/2565", "1234/2565"])
def test_bad_meeting_numbers_are_refused(typed):
    with pytest.raises(SelectionError) as info:
        svc.parse_meeting_no(typed)
    assert info.value.field == "meeting_no"


def test_the_board_meeting_is_recorded_after_submission_too(world):
    officer = world.users["provincial_officer"]
    out = svc.record_board_meeting(world.proposal.id, "12/2565", dt.date(2022, 12, 20), officer, NOW, TODAY)
    assert (out.board_meeting_no, out.board_meeting_on, out.board_informed_by_id, out.board_informed_at) == (
        "ครั้งที่ 12/2565", dt.date(2022, 12, 20), officer.id, NOW)
    _refused(svc.record_board_meeting, world.proposal.id, "13/2566", dt.date(2023, 3, 16), officer, NOW, TODAY,
             contains="อนาคต")
    _refused(svc.record_board_meeting, world.proposal.id, "13/2565", dt.date(2022, 9, 30), officer, NOW, TODAY,
             contains="ปีงบประมาณ")
    _refused(svc.record_board_meeting, world.proposal.id, "13/2565", None, officer, NOW, TODAY, contains="วันที่")


# --- the national list ---------------------------------------------------------------------------------------------


def test_the_national_list_has_cooperative_data_only_and_marks_non_candidates(world, year):
    draft = _propose(year, world.coop)  # not submitted: not on FY 2567's list
    assert svc.national_table(year, TODAY).rows == []
    table = svc.national_table(world.year, TODAY)
    assert [c.header for c in table.columns] == [
        "ลำดับ", "ศูนย์ฯ", "จังหวัด", "สำนักงาน", "ชื่อสหกรณ์", "เลขทะเบียนสหกรณ์", "ประเภทสหกรณ์",
        "เกณฑ์ที่เข้า (หรือเหตุผลพิเศษ)", "ปีบัญชีที่ใช้คัดเลือก", "จำนวนสมาชิก", "สมาชิกที่ทำธุรกิจกับสหกรณ์",
        "อัตราการมีส่วนร่วม (ทางการ) ร้อยละ"]
    own, other = table.rows
    assert own[:2] == (1, "ศูนย์ฯ ที่ 1") and other[:2] == (2, "ศูนย์ฯ ที่ 2")
    assert own[4:7] == (world.coop.name, "TEST-001", "สหกรณ์การเกษตร")
    assert own[7] == "มีขาดทุนสะสม"  # the clauses kept at proposal time
    assert own[8:] == ("2565", 1000, 640, Decimal("64.00"))
    assert other[7] == "ไม่เข้าเกณฑ์ — เหตุผลพิเศษ: สหกรณ์ขอเข้าร่วมเอง"
    centre_only = svc.national_table(world.year, TODAY, centre_id=world.centre.id)
    assert [r[4] for r in centre_only.rows] == [world.coop.name] and "ศูนย์ถ่ายทอด" in centre_only.subtitles[0]
    english = svc.national_table(world.year, TODAY, "en")
    assert english.columns[4].header == "Cooperative" and english.rows[1][7].startswith("Not a candidate")
    # No person's name anywhere in either file.
    people = [u.first_name for u in (*world.users.values(), *world.other_users.values())] + ["ทดสอบ"]
    text = csv_bytes(table).decode("utf-8-sig")
    book = load_workbook(io.BytesIO(xlsx_bytes(table)))
    cells = " ".join(str(v) for row in book.worksheets[0].iter_rows(values_only=True) for v in row if v is not None)
    for name in people:
        assert name not in text.replace(world.coop.name, "") and name not in cells.replace(world.coop.name, "")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][-1] == "64.00"
    assert draft.status == "active"


def test_text_cells_of_the_list_are_neutralised(world):
    Cooperative.update(name="=HYPERLINK(1) จำกัด").where(Cooperative.id == world.coop.id).execute()
    rows = list(csv.reader(io.StringIO(csv_bytes(svc.national_table(world.year, TODAY)).decode("utf-8-sig"))))
    assert rows[1][4] == "'=HYPERLINK(1) จำกัด"
