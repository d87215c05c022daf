"""Target-cooperative selection (Course 1, step 2): candidates, proposals, submission by the
centre, change requests after submission, the board meeting informed, and the national list.

No Flask here: "today" and "now" are given by the caller (the view passes ``portal.clock``).
Every refusal is a :class:`TargetError` (a ``SelectionError``: ``.th``, ``.en``, and ``.field``,
the form field concerned or None), raised before anything is written; every change happens in
one ``write_transaction()`` whose checks run inside it, so two people acting at once cannot
together exceed a quota or change a list that was just submitted.

Decisions kept here (and tested in tests/unit/test_targets_service.py):

* **Which yearly record counts.** ``portal.domain.eligibility.record_for_selection`` takes the
  latest accounting year closed *strictly before* a selection date. The selection date of a
  fiscal year is its ``selection_deadline`` + 1 day, so a year that closed on or before the last
  day on time (15 Dec 2565 for FY 2566) counts, and one that closes on 16 Dec does not. The date
  is fixed by the year's setup, not by the day someone looks, so the candidate list of a year
  does not change under people's feet (a record entered later for an older year may still
  change it). A year without a deadline uses "today". (The demo's own candidate count uses the
  deadline itself; demo closing dates are month ends, so the two never differ there.)
* **No record that counts.** Such a cooperative is not a candidate: it may be proposed only as a
  non-candidate with a written justification, and its proposal keeps ``yearly_record`` = None.
* **A record the proposal "uses".** The proposal form carries the record it showed. A record
  that does not exist, belongs to another cooperative, or is no longer the record that counts
  is refused (reload and look again); without one, the record that counts is used.
* **Quota.** Active proposals of the office's list, against ``ProgrammeYear.quota_for(office)``
  (OfficeQuota, else the year's default; each Bangkok area office has its own).
* **Locking.** A submitted list takes no proposal and no withdrawal; after submission a
  withdrawal or replacement is a ChangeRequest the bureau administrator decides. Recording that
  the board meeting was informed stays open after submission.
* **Change requests.** A reason is required to ask and to reject (approving may add a note).
  One pending request per proposal. Approval re-checks everything (the proposal still active,
  the new cooperative still acceptable, the quota) and then withdraws the old proposal and,
  for a replacement, creates the new active proposal (proposed by the requester).
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import peewee as pw

from portal.db import write_transaction
from portal.domain.eligibility import (
    BANGKOK_TZ,
    CLAUSE_LABELS,
    STATUS_LATE,
    STATUS_NOT_STARTED,
    STATUS_PROPOSED,
    STATUS_SUBMITTED,
    SelectionError,
    candidate_clauses,
    check_quota,
    record_for_selection,
    selection_status,
    submitted_late,
)
from portal.domain.thaidates import fiscal_year_bounds, fiscal_year_label, format_date
from portal.domain.thaitext import normalize_text, thai_sort_key
from portal.exports import Column, Table
from portal.models import (
    Centre,
    ChangeRequest,
    Cooperative,
    CoopType,
    Office,
    ProgrammeYear,
    Province,
    TargetList,
    TargetProposal,
    User,
    YearlyRecord,
)

__all__ = [
    "STATUSES",
    "NON_CANDIDATE_TH",
    "NON_CANDIDATE_EN",
    "NO_RECORD_TH",
    "NO_RECORD_EN",
    "MAX_TEXT",
    "TargetError",
    "Candidate",
    "OfficeStatus",
    "selection_date",
    "counting_record",
    "candidates",
    "list_of",
    "active_proposals",
    "propose",
    "withdraw",
    "submit",
    "submit_centre",
    "office_statuses",
    "centre_counts",
    "request_change",
    "decide_change",
    "parse_meeting_no",
    "record_board_meeting",
    "clause_text",
    "national_table",
]

STATUSES = (STATUS_NOT_STARTED, STATUS_PROPOSED, STATUS_SUBMITTED, STATUS_LATE)
NON_CANDIDATE_TH = "ไม่เข้าเกณฑ์ — เหตุผลพิเศษ"
NON_CANDIDATE_EN = "Not a candidate — special justification"
NO_RECORD_TH = "ไม่มีข้อมูลปีบัญชีที่ใช้คัดเลือก"
NO_RECORD_EN = "No accounting-year record that counts for the selection"
MAX_TEXT = 2000


class TargetError(SelectionError):
    """A refused selection action: Thai and English, and the form field concerned (or None)."""

    def __init__(self, th: str, en: str, field: str | None = None) -> None:
        super().__init__(th, en)
        self.field = field


# --- dates -------------------------------------------------------------------------------


def selection_date(year: ProgrammeYear, today: dt.date) -> dt.date:
    """The date the selection is made: the day after the last day on time (so records closed on
    or before the deadline count); "today" when the year has no deadline."""
    if year.selection_deadline is None:
        return today
    return year.selection_deadline + dt.timedelta(days=1)


def _naive_local(moment: dt.datetime) -> dt.datetime:
    """Timestamps are stored as Bangkok local time without tzinfo."""
    if moment.tzinfo is not None:
        return moment.astimezone(BANGKOK_TZ).replace(tzinfo=None)
    return moment


# --- candidates ----------------------------------------------------------------------------


def counting_record(cooperative_id: int, year: ProgrammeYear, today: dt.date) -> YearlyRecord | None:
    """The yearly record that counts for this year's selection (see the module docstring)."""
    records = YearlyRecord.select().where(YearlyRecord.cooperative == cooperative_id)
    return record_for_selection(list(records), selection_date(year, today))


@dataclass
class Candidate:
    """One cooperative of an office as the selection sees it."""

    cooperative: Cooperative
    record: YearlyRecord | None
    clauses: list[str]
    proposal: TargetProposal | None = None  # its active proposal in this office's list, if any

    @property
    def is_candidate(self) -> bool:
        return bool(self.clauses)

    @property
    def rate(self) -> Decimal | None:
        return None if self.record is None else self.record.participation_rate


def candidates(year: ProgrammeYear, office_id: int, today: dt.date, q: str = "",
               only_candidates: bool = False) -> list[Candidate]:
    """Every cooperative of the office with its record that counts and the clauses that qualify
    it, in Thai order; ``q`` searches name and registration number; ``only_candidates`` keeps
    those that qualify."""
    coops = list(Cooperative.select(Cooperative, CoopType).join(CoopType)
                 .where(Cooperative.office == office_id))
    needle = normalize_text(q).casefold()
    if needle:
        coops = [c for c in coops
                 if needle in normalize_text(c.name).casefold() or needle in c.registration_no.casefold()]
    by_coop: dict[int, list[YearlyRecord]] = {}
    if coops:
        for r in YearlyRecord.select().where(YearlyRecord.cooperative.in_([c.id for c in coops])):
            by_coop.setdefault(r.cooperative_id, []).append(r)
    target_list = list_of(year, office_id)
    active = {p.cooperative_id: p for p in active_proposals(target_list)} if target_list else {}
    when = selection_date(year, today)
    out = []
    for coop in coops:
        record = record_for_selection(by_coop.get(coop.id, []), when)
        out.append(Candidate(coop, record, candidate_clauses(record), active.get(coop.id)))
    if only_candidates:
        out = [c for c in out if c.is_candidate]
    out.sort(key=lambda c: (thai_sort_key(c.cooperative.name), c.cooperative.id))
    return out


# --- lists and proposals ------------------------------------------------------------------------


def list_of(year: ProgrammeYear, office_id: int) -> TargetList | None:
    return TargetList.get_or_none((TargetList.year == year.id) & (TargetList.office == office_id))


def active_proposals(target_list: TargetList | None) -> list[TargetProposal]:
    """The list's active proposals with their cooperatives, in Thai order."""
    if target_list is None:
        return []
    rows = list(TargetProposal.select(TargetProposal, Cooperative, CoopType)
                .join(Cooperative).join(CoopType)
                .where((TargetProposal.target_list == target_list.id) & (TargetProposal.status == "active")))
    return sorted(rows, key=lambda p: (thai_sort_key(p.cooperative.name), p.id))


def _clean_text(value: str | None, label_th: str, label_en: str, field_name: str, required: bool) -> str:
    text = normalize_text(value or "").strip()
    if required and not text:
        raise TargetError(f"กรุณากรอก{label_th}", f"Please give the {label_en}", field_name)
    if len(text) > MAX_TEXT:
        raise TargetError(f"{label_th}ยาวเกิน {MAX_TEXT:,} ตัวอักษร", f"The {label_en} is longer than {MAX_TEXT:,} characters",
                          field_name)
    return text


def _locked_error() -> TargetError:
    return TargetError(
        "ศูนย์ฯ ส่งรายชื่อนี้ให้สำนักแล้ว รายชื่อถูกล็อก การถอนหรือเปลี่ยนสหกรณ์ต้องยื่นคำขอเปลี่ยนแปลงให้ผู้ดูแลระบบอนุมัติ",
        "The centre has submitted this list, so it is locked: ask for a change request, which the bureau "
        "administrator approves, to withdraw or replace a cooperative.",
    )


@dataclass
class _Checked:
    cooperative: Cooperative
    record: YearlyRecord | None
    clauses: list[str]
    reason: str
    justification: str


def _check_new_target(year: ProgrammeYear, target_list_office_id: int, target_list: TargetList | None,
                      cooperative_id, reason: str, justification: str, today: dt.date,
                      record_id: int | None = None, reason_field: str = "reason",
                      justification_field: str = "justification", cooperative_field: str = "cooperative") -> _Checked:
    """Everything a new active proposal must satisfy except the quota. Raises TargetError."""
    try:
        cooperative_id = int(cooperative_id)
    except (TypeError, ValueError):
        cooperative_id = 0
    coop = Cooperative.get_or_none(Cooperative.id == cooperative_id)
    if coop is None:
        raise TargetError("กรุณาเลือกสหกรณ์จากรายการ", "Please choose a cooperative from the list", cooperative_field)
    if coop.office_id != target_list_office_id:
        raise TargetError(
            f"{coop.name} ไม่ได้อยู่ในความรับผิดชอบของสำนักงานนี้ เสนอได้เฉพาะสหกรณ์ของสำนักงานเอง",
            f"{coop.name} belongs to another office; propose only your own office's cooperatives",
            cooperative_field,
        )
    if target_list is not None:
        clash = TargetProposal.select().where(
            (TargetProposal.target_list == target_list.id) & (TargetProposal.cooperative == coop.id)
            & (TargetProposal.status == "active"))
        if clash.exists():
            raise TargetError(f"{coop.name} อยู่ในรายชื่อสหกรณ์เป้าหมายของปีนี้แล้ว",
                              f"{coop.name} is already on this year's list", cooperative_field)
    counting = counting_record(coop.id, year, today)
    if record_id is not None:
        used = YearlyRecord.get_or_none((YearlyRecord.id == record_id) & (YearlyRecord.cooperative == coop.id))
        if used is None:
            raise TargetError(
                "ไม่พบข้อมูลปีบัญชีที่ใช้เสนอ (อาจถูกลบหรือแก้ไข) กรุณาโหลดหน้าใหม่แล้วตรวจสอบอีกครั้ง",
                "The yearly record this proposal uses does not exist (it may have been removed): reload the page "
                "and check again",
                cooperative_field,
            )
        if counting is None or counting.id != used.id:
            raise TargetError(
                f"ข้อมูลปีบัญชี {used.accounting_year} ไม่ใช่ปีบัญชีที่ใช้คัดเลือก กรุณาโหลดหน้าใหม่แล้วตรวจสอบอีกครั้ง",
                f"Accounting year {used.accounting_year} is not the record that counts for the selection: reload "
                "the page and check again",
                cooperative_field,
            )
    clauses = candidate_clauses(counting)
    reason = _clean_text(reason, "เหตุผลที่เสนอ", "reason for proposing", reason_field, required=True)
    justification = _clean_text(justification, "เหตุผลพิเศษ", "special justification", justification_field,
                                required=False)
    if not clauses and not justification:
        if counting is None:
            raise TargetError(
                f"{coop.name}: {NO_RECORD_TH} (ปีบัญชีที่ปิดก่อนการคัดเลือก) จึงไม่เข้าเกณฑ์ "
                "เสนอได้เฉพาะเมื่อเขียนเหตุผลพิเศษ หรือบันทึกข้อมูลรายปีในทะเบียนสหกรณ์ก่อน",
                f"{coop.name}: {NO_RECORD_EN.lower()}, so it is not a candidate; propose it only with a written "
                "special justification, or enter its yearly record in the register first",
                justification_field,
            )
        raise TargetError(
            f"{coop.name} ไม่เข้าเกณฑ์คัดเลือก เสนอได้เฉพาะเมื่อเขียนเหตุผลพิเศษ",
            f"{coop.name} is not a candidate: propose it only with a written special justification",
            justification_field,
        )
    if clauses:
        justification = ""  # a candidate needs none; keep the list honest
    return _Checked(coop, counting, clauses, reason, justification)


def propose(year: ProgrammeYear, office_id: int, cooperative_id, reason: str, justification: str,
            user: User | None, today: dt.date, now: dt.datetime, record_id: int | None = None) -> TargetProposal:
    """Add an active proposal to the office's list (created on first use). Refused: a submitted
    list, over the quota, a cooperative of another office or already active, a yearly record that
    does not exist or does not count, a non-candidate without justification, no reason."""
    with write_transaction():
        target_list = list_of(year, office_id)
        if target_list is not None and target_list.submitted_at is not None:
            raise _locked_error()
        checked = _check_new_target(year, office_id, target_list, cooperative_id, reason, justification, today,
                                    record_id=record_id)
        active = len(active_proposals(target_list))
        try:
            check_quota(active, year.quota_for(office_id))
        except SelectionError as exc:
            raise TargetError(exc.th, exc.en, "cooperative") from None
        if target_list is None:
            target_list = TargetList.create(year=year.id, office=office_id, created_at=_naive_local(now))
        return TargetProposal.create(
            target_list=target_list.id, cooperative=checked.cooperative.id,
            yearly_record=checked.record.id if checked.record else None,
            clauses=",".join(checked.clauses), reason=checked.reason, justification=checked.justification,
            status="active", proposed_by=user.id if user else None, proposed_at=_naive_local(now),
        )


def withdraw(proposal_id: int, user: User | None, now: dt.datetime, reason: str = "") -> TargetProposal:
    """Withdraw an active proposal before the list is submitted (kept, with who and when)."""
    with write_transaction():
        proposal = TargetProposal.get_or_none(TargetProposal.id == proposal_id)
        if proposal is None or proposal.status != "active":
            raise TargetError("รายการนี้ถูกถอนไปแล้ว", "This proposal has already been withdrawn")
        if proposal.target_list.submitted_at is not None:
            raise _locked_error()
        reason = _clean_text(reason, "เหตุผลที่ถอน", "reason for withdrawing", "reason", required=False)
        TargetProposal.update(status="withdrawn", withdrawn_by=user.id if user else None,
                              withdrawn_at=_naive_local(now), withdrawal_reason=reason).where(
            TargetProposal.id == proposal.id).execute()
        return TargetProposal.get_by_id(proposal.id)


def submit(year: ProgrammeYear, office_id: int, user: User | None, now: dt.datetime) -> TargetList:
    """The centre sends the office's list to the bureau: locked, who and when kept. After the
    deadline it is accepted and shows as late (``submitted_late``)."""
    with write_transaction():
        target_list = list_of(year, office_id)
        if target_list is not None and target_list.submitted_at is not None:
            raise TargetError("รายชื่อนี้ส่งให้สำนักแล้ว", "This list has already been submitted")
        if not active_proposals(target_list):
            raise TargetError("ยังไม่มีสหกรณ์ที่เสนอในรายชื่อนี้ จึงยังส่งไม่ได้",
                              "Nothing is proposed on this list yet, so it cannot be submitted")
        TargetList.update(submitted_at=_naive_local(now), submitted_by=user.id if user else None).where(
            TargetList.id == target_list.id).execute()
        return TargetList.get_by_id(target_list.id)


def submit_centre(year: ProgrammeYear, centre_id: int, user: User | None, now: dt.datetime) -> list[TargetList]:
    """Submit at once every list of the centre that has proposals and is not yet submitted."""
    with write_transaction():
        offices = (Office.select(Office.id).join(Province).where(Province.centre == centre_id))
        lists = list(TargetList.select().where(
            (TargetList.year == year.id) & (TargetList.office.in_(offices)) & TargetList.submitted_at.is_null()))
        ready = [t for t in lists if active_proposals(t)]
        if not ready:
            raise TargetError("ไม่มีรายชื่อที่เสนอแล้วและรอส่ง", "No proposed list is waiting to be submitted")
        stamp = _naive_local(now)
        TargetList.update(submitted_at=stamp, submitted_by=user.id if user else None).where(
            TargetList.id.in_([t.id for t in ready])).execute()
        return list(TargetList.select().where(TargetList.id.in_([t.id for t in ready])))


# --- status -------------------------------------------------------------------------------------


@dataclass
class OfficeStatus:
    office: Office
    target_list: TargetList | None
    active: int
    quota: int
    status: str
    deadline: dt.date | None
    proposals: list[TargetProposal] = field(default_factory=list)

    @property
    def submitted(self) -> bool:
        return self.target_list is not None and self.target_list.submitted_at is not None

    @property
    def late(self) -> bool:
        return self.status == STATUS_LATE

    @property
    def submitted_late(self) -> bool:
        return self.submitted and self.deadline is not None and submitted_late(
            self.target_list.submitted_at, self.deadline)


def office_statuses(year: ProgrammeYear, offices, today: dt.date, with_proposals: bool = False) -> list[OfficeStatus]:
    """Status of each office against the deadline (not_started, proposed, submitted, late), in the
    order the offices were given."""
    offices = list(offices)
    ids = [o.id for o in offices] or [0]
    lists = {t.office_id: t for t in TargetList.select(TargetList, User).join(
        User, on=(TargetList.submitted_by == User.id), join_type=pw.JOIN.LEFT_OUTER).where(
        (TargetList.year == year.id) & TargetList.office.in_(ids))}
    by_list: dict[int, list[TargetProposal]] = {}
    if lists:
        query = (TargetProposal.select(TargetProposal, Cooperative).join(Cooperative)
                 .where(TargetProposal.target_list.in_([t.id for t in lists.values()])
                        & (TargetProposal.status == "active")))
        for p in query:
            by_list.setdefault(p.target_list_id, []).append(p)
    quotas = {q.office_id: q.quota for q in year.office_quotas}
    out = []
    for office in offices:
        target_list = lists.get(office.id)
        proposals = sorted(by_list.get(target_list.id, []) if target_list else [],
                           key=lambda p: thai_sort_key(p.cooperative.name))
        status = selection_status(len(proposals), target_list.submitted_at if target_list else None,
                                  year.selection_deadline, today)
        out.append(OfficeStatus(office, target_list, len(proposals), quotas.get(office.id, year.default_quota),
                                status, year.selection_deadline, proposals if with_proposals else []))
    return out


def centre_counts(year: ProgrammeYear, today: dt.date, centre_ids=None) -> list[tuple[Centre, Counter]]:
    """Per centre (by number), how many offices are in each status."""
    centres = Centre.select().order_by(Centre.number)
    if centre_ids is not None:
        centres = centres.where(Centre.id.in_(sorted(centre_ids) or [0]))
    centres = list(centres)
    offices = list(Office.select(Office, Province).join(Province).where(
        Province.centre.in_([c.id for c in centres] or [0])))
    counts: dict[int, Counter] = {c.id: Counter() for c in centres}
    for status in office_statuses(year, offices, today):
        counts[status.office.province.centre_id][status.status] += 1
    return [(c, counts[c.id]) for c in centres]


# --- change requests ------------------------------------------------------------------------------

CHANGE_KINDS = ("withdraw", "replace")


def request_change(proposal_id: int, kind: str, reason: str, user: User | None, now: dt.datetime,
                   today: dt.date, new_cooperative_id=None, new_reason: str = "",
                   new_justification: str = "") -> ChangeRequest:
    """Ask the bureau to withdraw a submitted target or replace it with another cooperative."""
    if kind not in CHANGE_KINDS:
        raise TargetError("กรุณาเลือกว่าจะถอนหรือเปลี่ยนสหกรณ์", "Choose withdraw or replace", "kind")
    with write_transaction():
        proposal = TargetProposal.get_or_none(TargetProposal.id == proposal_id)
        if proposal is None or proposal.status != "active":
            raise TargetError("รายการนี้ถูกถอนไปแล้ว", "This proposal has already been withdrawn")
        target_list = proposal.target_list
        if target_list.submitted_at is None:
            raise TargetError(
                "รายชื่อนี้ยังไม่ได้ส่ง ถอนหรือเสนอสหกรณ์ใหม่ได้เองโดยไม่ต้องยื่นคำขอ",
                "This list is not submitted yet: withdraw or propose directly, no change request is needed",
            )
        if ChangeRequest.select().where((ChangeRequest.proposal == proposal.id)
                                        & (ChangeRequest.status == "pending")).exists():
            raise TargetError("มีคำขอเปลี่ยนแปลงของรายการนี้รอการพิจารณาอยู่แล้ว",
                              "A change request for this target is already waiting for a decision")
        reason = _clean_text(reason, "เหตุผลของคำขอ", "reason for the request", "reason", required=True)
        values = {"new_cooperative": None, "new_reason": "", "new_justification": ""}
        if kind == "replace":
            year = target_list.year
            checked = _check_new_target(year, target_list.office_id, target_list, new_cooperative_id, new_reason,
                                        new_justification, today, reason_field="new_reason",
                                        justification_field="new_justification", cooperative_field="new_cooperative")
            waiting = (ChangeRequest.select().where(
                (ChangeRequest.target_list == target_list.id) & (ChangeRequest.status == "pending")
                & (ChangeRequest.new_cooperative == checked.cooperative.id)))
            if waiting.exists():
                raise TargetError(f"{checked.cooperative.name} ถูกเสนอแทนในคำขออื่นที่รอการพิจารณาอยู่แล้ว",
                                  f"{checked.cooperative.name} is already named in another pending request",
                                  "new_cooperative")
            active = len(active_proposals(target_list))
            try:
                check_quota(active - 1, year.quota_for(target_list.office_id))
            except SelectionError as exc:
                raise TargetError(exc.th, exc.en, "new_cooperative") from None
            values = {"new_cooperative": checked.cooperative.id, "new_reason": checked.reason,
                      "new_justification": checked.justification}
        return ChangeRequest.create(target_list=target_list.id, kind=kind, proposal=proposal.id, reason=reason,
                                    requested_by=user.id if user else None, requested_at=_naive_local(now),
                                    status="pending", **values)


def decide_change(request_id: int, approve: bool, reason: str, user: User | None, now: dt.datetime,
                  today: dt.date) -> ChangeRequest:
    """The bureau administrator approves or rejects; the reason is kept (required to reject).
    Approval withdraws the old proposal and, for a replacement, creates the new active one."""
    with write_transaction():
        change = ChangeRequest.get_or_none(ChangeRequest.id == request_id)
        if change is None:
            raise TargetError("ไม่พบคำขอเปลี่ยนแปลง", "Change request not found")
        if change.status != "pending":
            raise TargetError("คำขอนี้ได้รับการพิจารณาแล้ว", "This request has already been decided")
        reason = _clean_text(reason, "เหตุผลของการพิจารณา", "reason for the decision", "reason", required=not approve)
        stamp = _naive_local(now)
        decided = {"decided_by": user.id if user else None, "decided_at": stamp, "decision_reason": reason}
        if not approve:
            ChangeRequest.update(status="rejected", **decided).where(ChangeRequest.id == change.id).execute()
            return ChangeRequest.get_by_id(change.id)
        proposal = change.proposal
        if proposal.status != "active":
            raise TargetError("สหกรณ์ในคำขอนี้ถูกถอนไปแล้ว อนุมัติไม่ได้ ให้ปฏิเสธคำขอพร้อมเหตุผล",
                              "The target in this request is already withdrawn; it cannot be approved, reject it "
                              "with a reason")
        target_list = change.target_list
        new_proposal = None
        if change.kind == "replace":
            year = target_list.year
            checked = _check_new_target(year, target_list.office_id, target_list, change.new_cooperative_id,
                                        change.new_reason, change.new_justification, today)
            try:
                check_quota(len(active_proposals(target_list)) - 1, year.quota_for(target_list.office_id))
            except SelectionError as exc:
                raise TargetError(exc.th, exc.en) from None
        TargetProposal.update(status="withdrawn", withdrawn_by=user.id if user else None, withdrawn_at=stamp,
                              withdrawal_reason=change.reason).where(TargetProposal.id == proposal.id).execute()
        if change.kind == "replace":
            new_proposal = TargetProposal.create(
                target_list=target_list.id, cooperative=checked.cooperative.id,
                yearly_record=checked.record.id if checked.record else None, clauses=",".join(checked.clauses),
                reason=checked.reason, justification=checked.justification, status="active",
                proposed_by=change.requested_by_id, proposed_at=stamp,
            )
        ChangeRequest.update(status="approved", new_proposal=new_proposal.id if new_proposal else None,
                             **decided).where(ChangeRequest.id == change.id).execute()
        return ChangeRequest.get_by_id(change.id)


# --- the board meeting informed --------------------------------------------------------------------

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_MEETING_RE = re.compile(r"^(?:ครั้งที่)?\s*(\d{1,3})\s*/\s*(\d{4})$")


def parse_meeting_no(text: str | None) -> str:
    """"12/2565", "ครั้งที่ 12/2565" or Thai digits → "ครั้งที่ 12/2565" (the year is Buddhist Era)."""
    raw = normalize_text(text or "").strip()
    if not raw:
        raise TargetError("กรุณากรอกครั้งที่ประชุม เช่น ครั้งที่ 12/2565", "Please give the meeting number, e.g. 12/2565",
                          "meeting_no")
    m = _MEETING_RE.match(raw.translate(_THAI_DIGITS))
    if not m or int(m.group(1)) < 1:
        raise TargetError(f"ครั้งที่ประชุม '{raw}' ไม่ถูกต้อง ใช้รูปแบบ ครั้งที่ 12/2565",
                          f"Meeting number '{raw}' is not valid: use the form 12/2565", "meeting_no")
    number, year = int(m.group(1)), int(m.group(2))
    if not 2500 <= year <= 2700:
        raise TargetError(f"ปีของการประชุมต้องเป็นปีพุทธศักราช (ได้ {year})",
                          f"The meeting's year must be in the Buddhist Era (got {year})", "meeting_no")
    return f"ครั้งที่ {number}/{year}"


def record_board_meeting(proposal_id: int, meeting_no: str, meeting_on: dt.date | None, user: User | None,
                         now: dt.datetime, today: dt.date) -> TargetProposal:
    """The provincial office informed the cooperative's board meeting (number and date); allowed
    after submission too. The date lies in the fiscal year, not after today."""
    number = parse_meeting_no(meeting_no)
    if meeting_on is None:
        raise TargetError("กรุณากรอกวันที่ประชุม", "Please give the meeting date", "meeting_on")
    with write_transaction():
        proposal = TargetProposal.get_or_none(TargetProposal.id == proposal_id)
        if proposal is None or proposal.status != "active":
            raise TargetError("รายการนี้ถูกถอนไปแล้ว", "This proposal has already been withdrawn")
        first, last = fiscal_year_bounds(proposal.target_list.year.fiscal_year)
        if meeting_on > today:
            raise TargetError("วันที่ประชุมเป็นวันในอนาคต บันทึกได้หลังการประชุมแล้ว",
                              "The meeting date is in the future: record it after the meeting", "meeting_on")
        if not first <= meeting_on <= last:
            raise TargetError("วันที่ประชุมต้องอยู่ในปีงบประมาณของรายชื่อนี้",
                              "The meeting date must fall in this list's fiscal year", "meeting_on")
        TargetProposal.update(board_meeting_no=number, board_meeting_on=meeting_on,
                              board_informed_by=user.id if user else None,
                              board_informed_at=_naive_local(now)).where(TargetProposal.id == proposal.id).execute()
        return TargetProposal.get_by_id(proposal.id)


# --- the national list ------------------------------------------------------------------------------


def clause_text(proposal: TargetProposal, lang: str = "th") -> str:
    """The clauses that qualify the target, or the non-candidate mark with its justification."""
    if proposal.is_candidate:
        return "; ".join(CLAUSE_LABELS[c][lang] for c in proposal.clause_list if c in CLAUSE_LABELS)
    mark = NON_CANDIDATE_TH if lang == "th" else NON_CANDIDATE_EN
    return f"{mark}: {proposal.justification}"


_HEADERS = {
    "th": ("ลำดับ", "ศูนย์ฯ", "จังหวัด", "สำนักงาน", "ชื่อสหกรณ์", "เลขทะเบียนสหกรณ์", "ประเภทสหกรณ์",
           "เกณฑ์ที่เข้า (หรือเหตุผลพิเศษ)", "ปีบัญชีที่ใช้คัดเลือก", "จำนวนสมาชิก", "สมาชิกที่ทำธุรกิจกับสหกรณ์",
           "อัตราการมีส่วนร่วม (ทางการ) ร้อยละ"),
    "en": ("No.", "Centre", "Province", "Office", "Cooperative", "Registration no.", "Type",
           "Clauses (or special justification)", "Accounting year used", "Members", "Active members",
           "Official participation rate (percent)"),
}
# The accounting year is a Buddhist-Era label ("2565"), not a count to print as "2,565".
_KINDS = ("int", "text", "text", "text", "text", "text", "text", "text", "text", "int", "int", "percent")


def national_table(year: ProgrammeYear, today: dt.date, lang: str = "th", centre_id: int | None = None) -> Table:
    """The year's target cooperatives on submitted lists (the bureau's list for the Cooperative
    League), nationally or for one centre: cooperative data only, never a person's name."""
    lang = "en" if lang == "en" else "th"
    query = (TargetProposal.select(TargetProposal, TargetList, Cooperative, CoopType, Office, Province, Centre)
             .join(TargetList).switch(TargetProposal).join(Cooperative).join(CoopType)
             .switch(TargetList).join(Office).join(Province).join(Centre)
             .where((TargetList.year == year.id) & TargetList.submitted_at.is_null(False)
                    & (TargetProposal.status == "active")))
    if centre_id is not None:
        query = query.where(Province.centre == centre_id)
    proposals = list(query)
    records = {r.id: r for r in YearlyRecord.select().where(
        YearlyRecord.id.in_([p.yearly_record_id for p in proposals if p.yearly_record_id] or [0]))}
    name = "name_th" if lang == "th" else "name_en"

    def key(p):
        office = p.target_list.office
        return (office.province.centre.number, thai_sort_key(office.province.name_th), office.code,
                thai_sort_key(p.cooperative.name))

    rows = []
    for number, p in enumerate(sorted(proposals, key=key), start=1):
        office = p.target_list.office
        record = records.get(p.yearly_record_id)
        rate = record.participation_rate if record else None
        rows.append((
            number,
            office.province.centre.short_th if lang == "th" else f"Centre {office.province.centre.number}",
            getattr(office.province, name), office.short_th if lang == "th" else office.name_en,
            p.cooperative.name, p.cooperative.registration_no, getattr(p.cooperative.coop_type, name),
            clause_text(p, lang),
            str(record.accounting_year) if record else None,
            record.members if record else None,
            record.active_members if record else None,
            rate.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) if rate is not None else None,
        ))
    if lang == "th":
        title = "รายชื่อสหกรณ์เป้าหมาย โครงการพัฒนากรรมการสหกรณ์เข้มแข็งทั้งคณะ"
        as_of = f"ข้อมูล ณ วันที่ {format_date(today, 'long', 'th')}"
        note = "เฉพาะรายชื่อที่ศูนย์ฯ ส่งให้สำนักแล้ว"
    else:
        title = "Target cooperatives: strong whole board programme"
        as_of = f"Data as of {format_date(today, 'long', 'en')}"
        note = "Only lists the centres have submitted to the bureau"
    subtitles = [fiscal_year_label(year.fiscal_year, lang), note]
    if centre_id is not None:
        centre = Centre.get_by_id(centre_id)
        subtitles.insert(0, getattr(centre, name))
    columns = [Column(h, k) for h, k in zip(_HEADERS[lang], _KINDS)]
    return Table(title=title, columns=columns, rows=rows, subtitles=tuple(subtitles), as_of=as_of,
                 sheet_name="สหกรณ์เป้าหมาย" if lang == "th" else "Targets")
