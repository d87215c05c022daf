"""The bureau's overview: per centre, province and target cooperative, the figures that say "on plan or not",
each one countable back to its rows (the filtered lists).

One pass gathers the facts of every target cooperative of the scope (``CoopFacts``); a row of the
overview (a centre, a province, the nation) sums the facts of its cooperatives:

* target cooperatives; trained in course 1 (``outcomes.trained_cohorts``);
* at or above 65% after the project, n / N (N: those with an official record after the project);
* the class E.I. pooled over every pair of the cooperatives' trainees (scores as percent, max 100,
  so cohorts with tests of different lengths pool fairly — the same as the raw E.I. when they match);
* the satisfaction x̄ pooled over the answers of the cohorts that trained them (withheld as
  "ข้อมูลไม่พอ" below 5 forms);
* follow-up on schedule: cooperatives with adopted-plan activities in the year and none behind
  (portal.services.followup's grid, i.e. portal.domain.followup's rules);
* late: target lists submitted after the deadline (or not yet, once it passed), course-1-trained
  cooperatives without an adopted plan, cooperatives with follow-up behind.

No Flask here; the band scheme is a parameter.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from portal.domain import analytics
from portal.domain.thaitext import thai_sort_key
from portal.models import Cohort, DevelopmentPlan, Office, ProgrammeYear, Province, TargetList
from portal.services import figures, outcomes, scorecards
from portal.services import followup as followup_svc

__all__ = ["FILTERS", "CoopFacts", "coop_facts", "OverviewRow", "summarise", "late_lists", "LateList",
           "filter_facts", "cohorts_of"]

#: the filtered lists a figure links to: code -> (Thai, English)
FILTERS: dict[str, tuple[str, str]] = {
    "all": ("สหกรณ์เป้าหมายทั้งหมด", "All target cooperatives"),
    "trained": ("ได้รับการอบรมหลักสูตรที่ 1 แล้ว", "Trained in course 1"),
    "untrained": ("ยังไม่ได้รับการอบรมหลักสูตรที่ 1", "Not yet trained in course 1"),
    "at65": ("ไม่ต่ำกว่าร้อยละ 65 หลังโครงการ", "At or above 65 percent after the project"),
    "below65": ("ต่ำกว่าร้อยละ 65 หลังโครงการ", "Below 65 percent after the project"),
    "unknown65": ("ยังไม่มีข้อมูลหลังโครงการ", "No record after the project yet"),
    "known65": ("มีข้อมูลหลังโครงการแล้ว", "With a record after the project"),
    "followup": ("มีกิจกรรมที่ต้องติดตามในปีนี้", "With plan activities to follow up this year"),
    "followup_ok": ("ติดตามผลตามกำหนด", "Follow-up on schedule"),
    "followup_behind": ("ติดตามผลล่าช้า", "Follow-up behind"),
    "no_plan": ("อบรมแล้วแต่ยังไม่ได้รับรองแผน", "Trained, plan not adopted"),
    "cohorts": ("รุ่นที่อบรมแล้ว", "Trained cohorts"),
    "late_lists": ("ส่งรายชื่อสหกรณ์เป้าหมายล่าช้า", "Target lists late"),
}


@dataclass
class CoopFacts:
    target: outcomes.TargetCoop
    participation: outcomes.CoopParticipation
    cohorts: list[Cohort]  # trained, both courses
    plan: DevelopmentPlan | None  # the fiscal year's plan
    plan_adopted: bool
    followup_activities: int
    followup_behind: int
    pairs: list[tuple[Decimal, Decimal]] = field(default_factory=list)  # (pre, post) as percent scores

    @property
    def cooperative(self):
        return self.target.cooperative

    @property
    def trained_c1(self) -> bool:
        return self.participation.trained_c1

    @property
    def has_followup(self) -> bool:
        return self.followup_activities > 0

    @property
    def followup_on_schedule(self) -> bool | None:
        return None if not self.has_followup else self.followup_behind == 0

    @property
    def ei(self) -> Decimal | None:
        return analytics.learning_gain(self.pairs, 100).class_ei if self.pairs else None


def coop_facts(fy: int, as_of: dt.date, *, centre=None, province=None, office_ids=None,
               cooperative_ids=None) -> list[CoopFacts]:
    """The facts of every target cooperative of the scope (Thai order)."""
    tcs = outcomes.targets(fy, centre=centre, province=province, office_ids=office_ids, as_of=as_of)
    if cooperative_ids is not None:
        tcs = [t for t in tcs if t.cooperative.id in set(cooperative_ids)]
    ids = [t.cooperative.id for t in tcs]
    trained = outcomes.trained_cohorts(fy, None, ids, as_of)
    plans = {p.cooperative_id: p for p in DevelopmentPlan.select().where(
        DevelopmentPlan.cooperative.in_(ids or [0]), DevelopmentPlan.fiscal_year == fy)}
    cohort_ids = sorted({c.id for cs in trained.values() for c in cs})
    pairs_by_coop: dict[int, list] = defaultdict(list)
    coop_of = outcomes.trainee_cooperatives(cohort_ids)
    for tp in figures.test_pairs(cohort_ids, until=outcomes.end_of(as_of)).values():
        if not tp.max_score:
            continue
        for tid, pre in tp.pre.items():
            post = tp.post.get(tid)
            if post is None:
                continue
            pairs_by_coop[coop_of.get(tid)].append(
                (analytics.test_score(pre.score, tp.max_score), analytics.test_score(post.score, tp.max_score)))
    out = []
    for t in tcs:
        cid = t.cooperative.id
        plan = plans.get(cid)
        adopted = plan is not None and plan.adopted_on is not None and plan.adopted_on <= as_of
        grid = followup_svc.grid(t.cooperative, fy, as_of)
        out.append(CoopFacts(t, outcomes.participation_of(t, fy, as_of, trained), trained.get(cid, []), plan,
                             adopted, len(grid.rows), grid.behind_count, pairs_by_coop.get(cid, [])))
    return out


@dataclass
class OverviewRow:
    key: object  # a Centre, a Province, or None for the nation
    targets: int
    trained: int
    at65: int
    known65: int
    below65: int
    ei: Decimal | None
    pairs: int
    satisfaction: analytics.SatisfactionStats
    satisfaction_forms: int
    followup_ok: int
    followup_total: int
    followup_behind: int
    no_plan: int
    late_lists: int


def cohorts_of(facts: list[CoopFacts]) -> list[Cohort]:
    seen: dict[int, Cohort] = {}
    for f in facts:
        for c in f.cohorts:
            seen.setdefault(c.id, c)
    return sorted(seen.values(), key=lambda c: (c.starts, c.id))


def summarise(key, facts: list[CoopFacts], fy: int, as_of: dt.date, scheme: str, late: int = 0) -> OverviewRow:
    """One overview row over the facts of its cooperatives."""
    pairs = [p for f in facts for p in f.pairs]
    ei = analytics.learning_gain(pairs, 100).class_ei if pairs else None
    cohort_ids = [c.id for c in cohorts_of(facts)]
    forms = [a for answers in figures.satisfaction_answers(cohort_ids, until=outcomes.end_of(as_of)).values()
             for a in answers]
    values = [v for a in forms for v in scorecards.satisfaction_values(a)]
    if len(forms) >= analytics.MIN_SATISFACTION_N:
        stats = analytics.satisfaction_stats(values, min_n=1, scheme=scheme)
    else:
        stats = analytics.satisfaction_stats([], min_n=analytics.MIN_SATISFACTION_N, scheme=scheme)
    known = [f for f in facts if f.participation.at_or_above is not None]
    with_followup = [f for f in facts if f.has_followup]
    return OverviewRow(
        key=key, targets=len(facts), trained=sum(1 for f in facts if f.trained_c1),
        at65=sum(1 for f in known if f.participation.at_or_above), known65=len(known),
        below65=sum(1 for f in known if not f.participation.at_or_above),
        ei=ei, pairs=len(pairs), satisfaction=stats, satisfaction_forms=len(forms),
        followup_ok=sum(1 for f in with_followup if f.followup_behind == 0), followup_total=len(with_followup),
        followup_behind=sum(1 for f in with_followup if f.followup_behind > 0),
        no_plan=sum(1 for f in facts if f.trained_c1 and not f.plan_adopted),
        late_lists=late,
    )


@dataclass
class LateList:
    office: Office
    province: Province
    submitted_at: dt.datetime | None
    deadline: dt.date


def late_lists(fy: int, as_of: dt.date, *, centre=None, province=None, office_ids=None) -> list[LateList]:
    """Offices whose target list reached the centre after the deadline, or has not yet once it passed."""
    year = ProgrammeYear.of(fy)
    if year is None or year.selection_deadline is None:
        return []
    deadline = year.selection_deadline
    query = Office.select(Office, Province).join(Province).where(Province.centre.is_null(False))
    if centre is not None:
        query = query.where(Province.centre == (centre if isinstance(centre, int) else centre.id))
    if province is not None:
        query = query.where(Office.province == (province if isinstance(province, int) else province.id))
    if office_ids is not None:
        query = query.where(Office.id.in_(sorted(office_ids) or [0]))
    lists = {t.office_id: t for t in TargetList.select().where(TargetList.year == year.id)}
    out = []
    for office in query:
        tl = lists.get(office.id)
        submitted = tl.submitted_at if tl is not None else None
        if submitted is not None and submitted > outcomes.end_of(as_of):
            submitted = None  # not yet, as of that day
        if submitted is not None:
            late = submitted.date() > deadline
        else:
            late = as_of > deadline
        if late:
            out.append(LateList(office, office.province, submitted, deadline))
    return sorted(out, key=lambda x: (thai_sort_key(x.province.name_th), thai_sort_key(x.office.name_th)))


def filter_facts(facts: list[CoopFacts], code: str) -> list[CoopFacts]:
    """The cooperatives behind one figure."""
    tests = {
        "all": lambda f: True,
        "trained": lambda f: f.trained_c1,
        "untrained": lambda f: not f.trained_c1,
        "at65": lambda f: f.participation.at_or_above is True,
        "below65": lambda f: f.participation.at_or_above is False,
        "unknown65": lambda f: f.participation.at_or_above is None,
        "known65": lambda f: f.participation.at_or_above is not None,
        "followup": lambda f: f.has_followup,
        "followup_ok": lambda f: f.followup_on_schedule is True,
        "followup_behind": lambda f: f.followup_on_schedule is False,
        "no_plan": lambda f: f.trained_c1 and not f.plan_adopted,
    }
    test = tests.get(code, tests["all"])
    return [f for f in facts if test(f)]
