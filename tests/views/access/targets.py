"""Target-cooperative selection: everyone reads within scope; the provincial officer (own office) proposes,
withdraws and records the board meeting; the centre director submits; change requests are asked by the
provincial officer or the centre director and decided by the bureau administrator (who may do all of it)."""
from __future__ import annotations

from flask import url_for

from . import ALL_SIGNED_IN, BUREAU, Entry, pick

PROPOSERS = frozenset({"provincial_officer", "bureau_admin"})
SUBMITTERS = frozenset({"centre_director", "bureau_admin"})
REQUESTERS = frozenset({"provincial_officer", "centre_director", "bureau_admin"})
CENTRE_PAGES = BUREAU | {"centre_director", "centre_staff"}
FY = 2566


def _office(w, side):
    return pick(w, side, w.office, w.other_office).id


def _centre(w, side):
    return pick(w, side, w.centre, w.other_centre).id


def _proposal(w, side):
    return pick(w, side, w.proposal, w.other_proposal).id


def _pending_change(w, side) -> int:
    """A pending withdrawal request on the side's (submitted) target."""
    from portal.models import ChangeRequest

    proposal = pick(w, side, w.proposal, w.other_proposal)
    change = ChangeRequest.get_or_none((ChangeRequest.proposal == proposal.id) & (ChangeRequest.status == "pending"))
    if change is None:
        change = ChangeRequest.create(target_list=proposal.target_list_id, kind="withdraw", proposal=proposal.id,
                                      reason="สหกรณ์ขอถอนตัว", status="pending")
    return change.id


ENTRIES = [
    Entry("targets.index", allowed=ALL_SIGNED_IN, ok=(303,)),
    Entry("targets.national", allowed=BUREAU, url=lambda w, side: url_for("targets.national", fy=FY)),
    Entry("targets.national_download", allowed=BUREAU,
          url=lambda w, side: url_for("targets.national_download", fy=FY, fmt="xlsx")),
    Entry("targets.centre", allowed=CENTRE_PAGES, scoped=True,
          url=lambda w, side: url_for("targets.centre", fy=FY, id=_centre(w, side))),
    Entry("targets.centre_download", allowed=CENTRE_PAGES, scoped=True,
          url=lambda w, side: url_for("targets.centre_download", fy=FY, id=_centre(w, side), fmt="csv")),
    # The World's lists are submitted: the positive control is refused with a message (and answers).
    Entry("targets.submit_centre", "POST", allowed=SUBMITTERS, scoped=True, data={"confirm": "1"},
          url=lambda w, side: url_for("targets.submit_centre", fy=FY, id=_centre(w, side))),
    Entry("targets.office", allowed=ALL_SIGNED_IN, scoped=True,
          url=lambda w, side: url_for("targets.office", fy=FY, id=_office(w, side))),
    Entry("targets.propose", allowed=PROPOSERS, scoped=True,
          url=lambda w, side: url_for("targets.propose", fy=FY, id=_office(w, side))),
    Entry("targets.propose", "POST", allowed=PROPOSERS, scoped=True, ok=(303, 422),
          data=lambda w: {"cooperative": str(w.coop.id), "reason": "ขาดทุนสะสม"},
          url=lambda w, side: url_for("targets.propose", fy=FY, id=_office(w, side))),
    Entry("targets.submit_office", "POST", allowed=SUBMITTERS, scoped=True, data={"confirm": "1"},
          url=lambda w, side: url_for("targets.submit_office", fy=FY, id=_office(w, side))),
    Entry("targets.withdraw", "POST", allowed=PROPOSERS, scoped=True,
          url=lambda w, side: url_for("targets.withdraw", id=_proposal(w, side))),
    Entry("targets.board", allowed=PROPOSERS, scoped=True,
          url=lambda w, side: url_for("targets.board", id=_proposal(w, side))),
    Entry("targets.board", "POST", allowed=PROPOSERS, scoped=True,
          data={"meeting_no": "12/2565", "meeting_on": "20/12/2565"},
          url=lambda w, side: url_for("targets.board", id=_proposal(w, side))),
    Entry("targets.change_new", allowed=REQUESTERS, scoped=True,
          url=lambda w, side: url_for("targets.change_new", id=_proposal(w, side))),
    Entry("targets.change_new", "POST", allowed=REQUESTERS, scoped=True,
          data={"kind": "withdraw", "reason": "คณะกรรมการไม่พร้อม"},
          url=lambda w, side: url_for("targets.change_new", id=_proposal(w, side))),
    Entry("targets.changes", allowed=ALL_SIGNED_IN, url=lambda w, side: url_for("targets.changes", fy=FY)),
    Entry("targets.change", allowed=ALL_SIGNED_IN, scoped=True,
          url=lambda w, side: url_for("targets.change", id=_pending_change(w, side))),
    Entry("targets.change_decide", "POST", allowed=frozenset({"bureau_admin"}), scoped=True,
          data={"decision": "reject", "reason": "ยังไม่มีเหตุผลเพียงพอ"},
          url=lambda w, side: url_for("targets.change_decide", id=_pending_change(w, side))),
]
